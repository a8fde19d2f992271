#include "innosim/model/world.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

#include "innosim/engine/error.hpp"

namespace innosim::model {

namespace {
// The parameters no module can be built without: checked before any is.
const Params& validated(const Params& p) {
  if (p.firm.sectors < 1 || p.firm.sectors > 64) throw ModelError("firms.sectors must be in [1, 64]");
  if (p.bank.banks < 1 || p.bank.banks > 1000) throw ModelError("banks.count must be in [1, 1000]");
  if (p.sampling_months != 1 && p.sampling_months != 3 && p.sampling_months != 12)
    throw ModelError("sampling period must be 1, 3 or 12 months");
  return p;
}

// A city of any size (5.9): the figures that describe the city's size are
// stated for reference_firms firms and scale with the population; budgets
// and programme sizes stay in yuan and counts as the scenario states them.
Params scaled(Params p) {
  const double k = p.reference_firms > 0 ? static_cast<double>(p.initial_firms) / p.reference_firms : 1.0;
  if (k == 1.0) return p;
  p.firm.entry_rate_per_year *= k;
  // A share of a sector's demand is stated for the reference city: in a
  // city k times its size each firm's share is 1/k of its twin's there.
  p.firm.pass_through_half_share /= k;
  p.initial.tech_loans_yuan *= k;
  p.initial.insured_firms *= k;
  p.insurance.capital_yuan *= k;
  p.initial.incubated_firms *= k;
  for (double& c : p.incubators.capacity) c *= k;
  p.labs.researchers *= k;
  p.venture.private_vc_yuan_per_year *= k;
  p.venture.angel_yuan_per_year *= k;
  p.venture.sci_tech_bonds_yuan_per_year *= k;  // LP money of the private vintages, as private VC (7.11)
  // The city's own pilot platforms (not those a policy adds): at least one when the scenario has any.
  auto count = [k](int n) { return n > 0 ? std::max(1, static_cast<int>(std::lround(n * k))) : 0; };
  p.pilot.platforms = count(p.pilot.platforms);
  p.pilot.provincial = std::min(p.pilot.platforms, count(p.pilot.provincial));
  return p;
}
}  // namespace

World::World(const Params& params, std::uint64_t seed_, std::uint64_t replication_, RunObserver* observer_)
    : p(scaled(validated(params))),
      seed(seed_),
      replication(replication_),
      observer(observer_),
      want_panel(observer_ && observer_->wants_panel()),
      want_events(observer_ && observer_->wants_events()),
      sim(engine::Date{params.start_year, 1, 1}),
      year(params.start_year) {
  modules.make_all(*this);
}

// ---------------------------------------------------------------- the modules that register themselves

namespace {
std::vector<ModuleSet::Maker>& module_makers() {
  static std::vector<ModuleSet::Maker> makers;  // filled at static initialisation
  return makers;
}
}  // namespace

std::size_t detail::next_param_slot() {
  static std::atomic<std::size_t> next{0};
  return next++;
}

std::size_t ModuleSet::add(Maker make) {
  module_makers().push_back(make);
  return module_makers().size() - 1;
}

void ModuleSet::make_all(World& w) {
  for (Maker make : module_makers()) objects_.push_back(make(w));
}

}  // namespace innosim::model
