#include "innosim/model/world.hpp"

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
}  // namespace

World::World(const Params& params, std::uint64_t seed_, std::uint64_t replication_, RunObserver* observer_)
    : p(validated(params)),
      seed(seed_),
      replication(replication_),
      observer(observer_),
      want_panel(observer_ && observer_->wants_panel()),
      want_events(observer_ && observer_->wants_events()),
      sim(engine::Date{params.start_year, 1, 1}),
      year(params.start_year) {}

}  // namespace innosim::model
