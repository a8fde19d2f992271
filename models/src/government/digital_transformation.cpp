#include "innosim/model/government/digital_transformation.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"

namespace innosim::model {

namespace {
constexpr std::uint64_t P_DIGITAL = engine::purpose_id("digital");
constexpr std::uint64_t P_DIGITAL_INIT = engine::purpose_id("digital_init");
}  // namespace

DigitalTransformation::DigitalTransformation(World& w) {
  w.government.add_line(Fiscal::digital_transformation, w.p.programmes.digital.programme);
}

void DigitalTransformation::setup(World& w) {
  for (Firm& f : w.firms) f.digitalised = draw(f, P_DIGITAL_INIT, 0) < w.p.initial.digitalised_share;
}

void DigitalTransformation::year(World& w) {
  // Digital transformation: support raises adoption.
  const DigitalParams& g = w.p.programmes.digital;
  const int year = w.calendar_year();
  const auto y = static_cast<std::uint64_t>(year);
  const bool digital_on = g.programme.active(year) && w.government.budget_left(Fiscal::digital_transformation) > 0;
  for (Firm& f : w.firms) {
    if (!f.alive || f.digitalised) continue;
    const bool eligible = digital_on && f.stage >= g.programme.min_stage;
    const bool supported = eligible && w.government.applies(w, f, g.programme, 4);
    if (draw(f, P_DIGITAL, y) >= (supported ? g.adoption_supported : g.adoption_base)) continue;
    w.pay(f, Account::external, g.cost_yuan, Flow::project_cost);
    w.dynamics.improve_process(f, g.gain);
    f.digitalised = true;
    if (supported)
      w.government.grant(w, f, Fiscal::digital_transformation, g.programme, g.grant_yuan, 4);
    else if (eligible)
      w.government.count_eligible();  // eligible, but did not apply
  }
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& DigitalTransformation::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"digitalised_firms", "firms", "Alive digitally transformed firms", MetricKind::stock},
  };
  return infos;
}

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, DigitalParams& g) {
  b.grant("policies.digital_transformation", g.programme, g.grant_yuan, "Digital-transformation support (seed: 2,193 firms).", "Grant per digitalising firm.");
  b.number("policies.digital_transformation.adoption_base", g.adoption_base, "probability per year", 0, 1, "Adoption without support.");
  b.number("policies.digital_transformation.adoption_supported", g.adoption_supported, "probability per year", 0, 1, "Adoption with support.");
  b.number("policies.digital_transformation.gain", g.gain, "share", 0, 10, "Productivity gain of digitalisation.");
  b.number("policies.digital_transformation.cost_yuan", g.cost_yuan, "yuan", 0, 1e12, "Firm's cost of digitalising.");
}

}  // namespace innosim::model
