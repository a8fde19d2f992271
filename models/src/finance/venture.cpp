#include "innosim/model/finance/venture.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_private_capital_keys(Binder& b, VentureParams& v) {
  b.section("institutions.venture", "Private venture and angel capital.");
  b.number("institutions.venture.private_capital_yuan_per_year", v.private_vc_yuan_per_year, "yuan per year", 0, INF, "Private VC committed per year.");
  b.number("institutions.venture.angel_capital_yuan_per_year", v.angel_yuan_per_year, "yuan per year", 0, INF, "Angel capital per year.");
  b.number("institutions.venture.exit_years_mean", v.exit_years_mean, "years", 0.1, 100, "Mean holding period before an IPO/M&A exit.");
  b.number("institutions.venture.fund_life_years", v.fund_life_years, "years", 1, 100,
           "A fund's life: at its end it sells its holdings and returns its cash to LPs.");
  b.number("institutions.venture.investment_period_years", v.investment_period_years, "years", 0.1, 100,
           "A fund makes new investments only in its first years.");
  b.number("institutions.venture.early_stage_share", v.early_stage_share, "share", 0, 1,
           "Share of each year's private VC raised by early-stage funds (start-ups, tech SMEs); the rest by growth funds.");
  b.number("institutions.venture.angel_life_years", v.angel_life_years, "years", 1, 100, "Life of a year's angel money (start-ups only).");
  b.number("institutions.venture.equity_share", v.equity_share, "share", 0.0001, 1, "Equity taken per round.");
  b.number("institutions.venture.deal_share_of_firms", v.deal_share_of_firms, "share per year", 0, 1, "Most deals per year as a share of firms.");
  b.number("institutions.venture.round_startup_yuan", v.round_startup_yuan, "yuan", 0, INF, "Round size for start-ups.");
  b.number("institutions.venture.round_tech_sme_yuan", v.round_tech_sme_yuan, "yuan", 0, INF, "Round size for tech SMEs.");
  b.number("institutions.venture.round_high_tech_yuan", v.round_high_tech_yuan, "yuan", 0, INF, "Round size for HTEs.");
  b.number("institutions.venture.round_gazelle_yuan", v.round_gazelle_yuan, "yuan", 0, INF, "Round size for gazelles and unicorns.");
  b.number("institutions.venture.screening_noise", v.screening_noise, "", 0, 100, "s.d. of the noise in funds' reading of firm signals.");
  b.number("institutions.venture.max_age_years", v.max_age_years, "years", 0, 200, "Funds back firms up to this age.");
}

void bind_guidance_keys(Binder& b, VentureParams& v) {
  b.section("policies.guidance_fund", "Government guidance fund co-investing with private VC; sci-tech bonds replenish it.");
  b.programme("policies.guidance_fund", v.guidance, true, "Yearly government top-up of the fund.");
  b.number("policies.guidance_fund.capital_yuan", v.guidance_fund_yuan, "yuan", 0, INF, "Government capital at the start.");
  b.schedule("policies.guidance_fund.co_investment_leverage", v.co_investment_leverage, "private yuan per guidance yuan", 0, 100,
             "Private co-investment required per guidance yuan.");
  b.number("policies.guidance_fund.sci_tech_bonds_yuan_per_year", v.sci_tech_bonds_yuan_per_year, "yuan per year", 0, INF,
           "Sci-tech bonds issued per year into the fund.");
  b.number("policies.guidance_fund.bond_coupon", v.bond_coupon, "per year", 0, 1, "Coupon on the bonds.");
}

}  // namespace innosim::model
