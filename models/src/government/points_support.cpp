#include "innosim/model/government/points_support.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_points_support_keys(Binder& b, GrantParams& g) {
  b.grant("policies.points_support", g.programme, g.grant_yuan, "Targeted support for the top innovation-points firms.", "Grant per supported firm per year.");
}

}  // namespace innosim::model
