#include "innosim/model/government/digital_transformation.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, DigitalParams& g) {
  b.grant("policies.digital_transformation", g.programme, g.grant_yuan, "Digital-transformation support (seed: 2,193 firms).", "Grant per digitalising firm.");
  b.number("policies.digital_transformation.adoption_base", g.adoption_base, "probability per year", 0, 1, "Adoption without support.");
  b.number("policies.digital_transformation.adoption_supported", g.adoption_supported, "probability per year", 0, 1, "Adoption with support.");
  b.number("policies.digital_transformation.gain", g.gain, "share", 0, 10, "Productivity gain of digitalisation.");
  b.number("policies.digital_transformation.cost_yuan", g.cost_yuan, "yuan", 0, 1e12, "Firm's cost of digitalising.");
}

}  // namespace innosim::model
