#include "innosim/model/government/tech_upgrade.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_provincial_upgrade_keys(Binder& b, GrantParams& g) {
  b.grant("policies.tech_upgrade_provincial", g.programme, g.grant_yuan, "Provincial tech-upgrade rewards (seed: 264 projects, 1.016 bn yuan).", "Reward per project.");
}

void bind_city_upgrade_keys(Binder& b, GrantParams& g) {
  b.grant("policies.tech_upgrade_city", g.programme, g.grant_yuan, "City tech-upgrade rewards (seed: 128 projects, 98.24 m yuan).", "Reward per project.");
}

}  // namespace innosim::model
