#pragma once
// Tech-upgrade rewards (docs/model.md 7.22 item 3): last year's upgraders
// (firms with an own innovation since the last review), largest first, get
// a provincial reward (~3.85 m per project) or else a city reward (~0.77 m).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;

/// The `policies.tech_upgrade_provincial.*` keys (ProgrammesParams::upgrade_provincial).
void bind_provincial_upgrade_keys(Binder& b, GrantParams& p);
/// The `policies.tech_upgrade_city.*` keys (ProgrammesParams::upgrade_city).
void bind_city_upgrade_keys(Binder& b, GrantParams& p);

class TechUpgrade {
 public:
  explicit TechUpgrade(World& w);  ///< registers its two fiscal lines
  /// Marks the start: innovations before it are not upgrades.
  void setup(World& w);
  /// The year's rewards.
  void year(World& w);
};

}  // namespace innosim::model
