#include "innosim/model/talent/talent_pool.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, TalentParams& t) {
  b.section("talent", "The pool of researchers and engineers firms hire S&T staff from.");
  b.number("talent.stock_per_st_job", t.stock_per_st_job, "", 0, 100, "Initial stock relative to firms' S&T staff.");
  b.number("talent.inflow_rate", t.inflow_rate, "per year", 0, 10, "Yearly inflow as a share of the stock.");
  b.number("talent.outflow_rate", t.outflow_rate, "per year", 0, 10, "Yearly outflow as a share of the stock.");
  b.number("talent.scarcity_elasticity", t.scarcity_elasticity, "", 0, 10, "R&D effectiveness x min(1, stock/demand)^elasticity.");
}

}  // namespace innosim::model
