#pragma once
// Targeted support for the top innovation-points firms (docs/model.md 7.22 item 1).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

/// The `policies.points_support.*` keys (ProgrammesParams::points_support).
void bind_points_support_keys(Binder& b, GrantParams& p);

}  // namespace innosim::model
