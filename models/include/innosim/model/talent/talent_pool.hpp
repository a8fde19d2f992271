#pragma once
// The talent pool of researchers and engineers firms hire S&T staff from
// (docs/model.md 2.13, 7.23): its initial size, monthly inflow and outflow
// (with talent services' effect, talent_services.hpp), additions by
// programmes, and R&D effectiveness under scarcity.
#include <vector>

#include "innosim/model/metrics.hpp"

namespace innosim::model {

struct Binder;
struct World;

struct TalentParams {
  double stock_per_st_job = 0.95;         ///< initial stock relative to firms' S&T staff
  double inflow_rate = 0.09;              ///< yearly inflow as a share of the stock
  double outflow_rate = 0.08;             ///< yearly outflow as a share of the stock
  double scarcity_elasticity = 1.0;       ///< R&D effectiveness x min(1, stock/demand)^elasticity
};

/// The `talent.*` keys.
void bind_keys(Binder& b, TalentParams& p);

class TalentPool {
 public:
  /// The stock at the start, relative to the firms' S&T staff.
  void setup(World& w);
  /// The month's flows and R&D sufficiency, given the firms' S&T demand.
  void month(World& w, double st_demand);
  /// Talent a programme brings to the city (cooperation projects, training classes).
  void add(double persons) { stock_ += persons; }

  double stock() const { return stock_; }
  /// min(1, stock / demand)^elasticity: R&D effectiveness.
  double factor() const { return factor_; }

  // ---- metrics: stock, sufficiency
  static const std::vector<MetricInfo>& metrics();
  void report(MetricRow& out) const { out.insert(out.end(), {stock_, factor_}); }

 private:
  void update_factor(const World& w);
  double stock_ = 0, factor_ = 1.0, st_demand_ = 0;
};

}  // namespace innosim::model
