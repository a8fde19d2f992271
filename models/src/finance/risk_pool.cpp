#include "innosim/model/finance/risk_pool.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, RiskPoolParams& rp) {
  b.section("policies.risk_compensation_pool", "Risk-compensation pool for early-stage tech lending (邑科贷-type): covers part of banks' losses.");
  b.programme("policies.risk_compensation_pool", rp.programme, false, "");
  b.number("policies.risk_compensation_pool.fund_yuan", rp.fund_yuan, "yuan", 0, INF, "Government capital paid into the pool when it opens.");
  b.schedule("policies.risk_compensation_pool.coverage_share", rp.coverage, "share of loss", 0, 1,
             "Share of a covered loan's loss the pool pays (<= 0.5 in comparable cities).");
  b.number("policies.risk_compensation_pool.leverage_cap", rp.leverage_cap, "multiple of fund", 0, 1000, "Covered loans outstanding <= cap x pool cash.");
  b.number("policies.risk_compensation_pool.suspension_npl_ratio", rp.suspension_npl_ratio, "share", 0, 1,
           "New cover stops while the pool's 12-month bad-loan ratio exceeds this.");
  b.number("policies.risk_compensation_pool.ceiling_bonus_per_coverage", rp.ceiling_bonus_per_coverage, "", 0, 100,
           "kappa: covered Lambda = Lambda (1 + kappa c).");
  b.number("policies.risk_compensation_pool.screening_relief", rp.screening_relief, "score per coverage", 0, 10,
           "Banks' cut-off falls by relief x c on covered loans (less screening).");
  b.number("policies.risk_compensation_pool.risk_shifting", rp.risk_shifting, "", 0, 100,
           "m_g: covered borrowers' default hazard and demand volatility x (1 + m_g c) (de Blasio et al.; Lelarge et al.).");
  b.number("policies.risk_compensation_pool.max_revenue_yuan", rp.max_revenue_yuan, "yuan per year", 0, INF, "Eligibility: borrower revenue cap.");
}

}  // namespace innosim::model
