#pragma once
// Digital-transformation support: adoption with and without a grant
// (docs/model.md 7.22 item 4).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

struct DigitalParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(40e6), .min_stage = Stage::tech_sme};
  double grant_yuan = 90000;         ///< grant per digitalising firm
  double adoption_base = 0.04;       ///< yearly adoption probability without support
  double adoption_supported = 0.10;  ///< with support
  double gain = 0.03;                ///< productivity gain of digitalisation
  double cost_yuan = 400000;         ///< firm's cost of digitalising
};

/// The `policies.digital_transformation.*` keys.
void bind_keys(Binder& b, DigitalParams& p);

}  // namespace innosim::model
