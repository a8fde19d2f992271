#pragma once
// Tech-upgrade rewards: provincial (~3.85 m per project) and city (~0.77 m)
// rewards for last year's upgraders (docs/model.md 7.22 item 3).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

/// The `policies.tech_upgrade_provincial.*` keys (ProgrammesParams::upgrade_provincial).
void bind_provincial_upgrade_keys(Binder& b, GrantParams& p);
/// The `policies.tech_upgrade_city.*` keys (ProgrammesParams::upgrade_city).
void bind_city_upgrade_keys(Binder& b, GrantParams& p);

}  // namespace innosim::model
