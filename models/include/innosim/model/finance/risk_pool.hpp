#pragma once
// The risk-compensation pool for early-stage tech lending (docs/model.md 2.3, 7.9).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

struct RiskPoolParams {
  Programme programme{.enabled = false, .min_stage = Stage::tech_sme};
  double fund_yuan = 1e9;           ///< initial fund
  Scheduled coverage{0.4};          ///< share of a covered loan's loss the pool pays (<= 0.5 in comparable cities)
  double leverage_cap = 10;         ///< covered loans outstanding <= cap x fund
  double suspension_npl_ratio = 0.06;  ///< pool suspends new cover when its bad-loan ratio passes this
  double ceiling_bonus_per_coverage = 1.0;  ///< kappa: Lambda_eff = Lambda (1 + kappa c)
  double screening_relief = 0.5;    ///< cut-off falls by relief x c (banks screen less)
  double risk_shifting = 1.0;       ///< m_g: covered borrowers' default hazard and demand volatility x (1 + m_g c share_covered)
  double max_revenue_yuan = 500e6;  ///< eligibility: borrower revenue cap (Jiangmen rules)
};

/// The `policies.risk_compensation_pool.*` keys.
void bind_keys(Binder& b, RiskPoolParams& p);

}  // namespace innosim::model
