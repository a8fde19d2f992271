#include "innosim/model/firms/firm_dynamics.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, FirmParams& f) {
  b.section("firms", "Firm behaviour: demand, production, R&D, demography, credit demand.");
  b.number("firms.market_growth", f.market_growth, "per year", -0.5, 1.0, "Nominal growth of each sector's market (demand).");
  b.number("firms.selection_strength", f.selection_strength, "per year", 0, 10,
           "chi: demand-share growth per unit of relative productivity advantage (K+S replicator).");
  b.number("firms.demand_volatility", f.demand_volatility, "per sqrt(year)", 0, 5,
           "sigma0: s.d. of yearly log-demand shocks at the reference revenue.");
  b.number("firms.volatility_size_elasticity", f.volatility_size_elasticity, "", 0, 1,
           "beta: shock s.d. scales as (revenue / reference)^-beta.");
  b.number("firms.opportunity_rate", f.opportunity_rate, "per firm-year", 0, 100,
           "Lumpy opportunities (large contracts won or lost) per firm-year (Bottazzi and Secchi).");
  b.number("firms.opportunity_size", f.opportunity_size, "", 0, 5, "s.d. of the log-demand jump of an opportunity.");
  b.number("firms.reference_revenue_yuan", f.reference_revenue_yuan, "yuan per year", 1, INF, "Reference revenue for the volatility scaling.");
  b.number("firms.employment_adjustment", f.employment_adjustment, "share per month", 0, 1,
           "Share of the gap to desired employment closed each month.");
  b.number("firms.wage_yuan_per_month", f.wage_yuan_per_month, "yuan per month", 0, 1e7, "Average wage per employee at the start.");
  b.number("firms.wage_growth", f.wage_growth, "per year", -0.5, 1, "Nominal wage growth.");
  b.number("firms.other_cost_share", f.other_cost_share, "share", 0, 1, "Materials and other operating costs as a share of revenue.");
  b.number("firms.productivity_mean_yuan", f.productivity_mean_yuan, "yuan per employee-month", 1, INF,
           "Mean revenue productivity at entry.");
  b.number("firms.productivity_dispersion", f.productivity_dispersion, "", 0, 5, "s.d. of log productivity at entry.");
  b.number("firms.rd_share_mean", f.rd_share_mean, "share", 0.0001, 0.9999, "Mean R&D / sales at entry (Beta-distributed, persistent).");
  b.number("firms.rd_share_concentration", f.rd_share_concentration, "", 0.1, 1e4, "Beta concentration of R&D / sales across firms.");
  b.number("firms.st_staff_share_mean", f.st_staff_share_mean, "share", 0.0001, 0.9999, "Mean S&T staff share of employees.");
  b.number("firms.zeta_innovation", f.zeta_innovation, "", 0, 100, "zeta1: innovation success 1 - exp(-zeta1 xi RD/RD_ref) per year (K+S).");
  b.number("firms.zeta_imitation", f.zeta_imitation, "", 0, 100, "zeta2: imitation success 1 - exp(-zeta2 (1-xi) RD/RD_ref) per year.");
  b.number("firms.innovation_share", f.innovation_share, "share", 0, 1, "xi: share of R&D spent on innovation (the rest on imitation).");
  b.number("firms.rd_reference_yuan_per_year", f.rd_reference_yuan_per_year, "yuan per year", 1, INF, "RD_ref: R&D normalisation.");
  b.number("firms.jump_low", f.jump_low, "share", -0.99, 10, "x_inf: lowest productivity change of a successful innovation.");
  b.number("firms.jump_high", f.jump_high, "share", -0.99, 10, "x_sup: highest productivity change of a successful innovation.");
  b.number("firms.jump_beta_a", f.jump_beta_a, "", 0.01, 1000, "alpha1 of the Beta-distributed jump.");
  b.number("firms.jump_beta_b", f.jump_beta_b, "", 0.01, 1000, "beta1 of the Beta-distributed jump.");
  b.number("firms.imitation_catch_up", f.imitation_catch_up, "share", 0, 1, "Share of the gap to the sector's mean productivity an imitation closes.");
  b.number("firms.patents_per_innovation", f.patents_per_innovation, "IP items", 1, 2, "Mean IP items per successful innovation.");
  b.number("firms.entry_rate_per_year", f.entry_rate_per_year, "firms per year", 0, 1e7, "Poisson rate of new firms.");
  b.number("firms.entry_employees_mean", f.entry_employees_mean, "persons", 1, 1e6, "Mean employees of an entrant.");
  b.number("firms.entry_cash_months", f.entry_cash_months, "months of wages", 0, 1200, "Entrants' founding capital.");
  b.number("firms.hazard_young", f.hazard_young, "per year", 0, 10, "Background exit hazard at age 0.");
  b.number("firms.hazard_old", f.hazard_old, "per year", 0, 10, "Background exit hazard of old firms.");
  b.number("firms.hazard_decay_years", f.hazard_decay_years, "years", 0.01, 1000, "Age scale of the hazard's decline.");
  b.number("firms.cash_buffer_months", f.cash_buffer_months, "months of costs", 0, 120, "Firms seek credit when cash falls below this.");
  b.number("firms.cash_target_months", f.cash_target_months, "months of costs", 0, 1200, "Cash above this is paid out to owners...");
  b.number("firms.payout_share", f.payout_share, "share per month", 0, 1, "...at this share of the excess per month.");
  b.number("firms.loan_demand_elasticity", f.loan_demand_elasticity, "", 0, 10, "Desired debt scales as (rate / effective rate)^elasticity.");
  b.number("firms.credit_deepening", f.credit_deepening, "per year", -0.5, 1, "Yearly growth of desired leverage (calibrated to +13 %/yr).");
  b.number("firms.leverage_appetite_mean", f.leverage_appetite_mean, "share", 0.0001, 0.9999, "Mean desired debt as a share of Lambda x operating surplus.");
  b.number("firms.strategic_default_rate", f.strategic_default_rate, "per year", 0, 1, "Base yearly default hazard of a borrower.");
  b.number("firms.notching_band", f.notching_band, "share", 0, 0.05, "Firms this close below the HTE R&D threshold raise R&D to clear it.");
  b.number("firms.valuation_revenue_multiple", f.valuation_revenue_multiple, "", 0, 1000, "Valuation = multiple x revenue x growth premium.");
  b.number("firms.valuation_growth_years", f.valuation_growth_years, "years", 0, 20,
           "Growth premium: valuation x (1 + 3-year revenue CAGR)^this (years of growth priced in).");
  b.integer("firms.sectors", f.sectors, "sectors", 1, 64, "Number of sectors (markets).");
}

}  // namespace innosim::model
