#pragma once
// The talent pool of researchers and engineers firms hire S&T staff from:
// inflow, outflow, and R&D effectiveness under scarcity (docs/model.md 2.13, 7.23).
namespace innosim::model {

struct Binder;

struct TalentParams {
  double stock_per_st_job = 0.95;         ///< initial stock relative to firms' S&T staff
  double inflow_rate = 0.09;              ///< yearly inflow as a share of the stock
  double outflow_rate = 0.08;             ///< yearly outflow as a share of the stock
  double scarcity_elasticity = 1.0;       ///< R&D effectiveness x min(1, stock/demand)^elasticity
};

/// The `talent.*` keys.
void bind_keys(Binder& b, TalentParams& p);

}  // namespace innosim::model
