#pragma once
// Firm dynamics: demand, employment, production, R&D, entry and exit
// (docs/model.md 7.1-7.5 and 7.14). FirmParams also holds the firms' finance
// and certification parameters: they are all keys of the `firms` section.
namespace innosim::model {

struct Binder;

struct FirmParams {
  // Demand and growth
  double market_growth = 0.06;           ///< nominal sector demand growth per year
  double selection_strength = 0.25;       ///< chi: demand-share growth per year per unit relative productivity advantage
  double demand_volatility = 0.32;       ///< sigma0: s.d. of yearly log-demand shocks at reference size
  double volatility_size_elasticity = 0.17;  ///< beta: sigma(S) = sigma0 (S/S_ref)^-beta
  double reference_revenue_yuan = 20e6;  ///< S_ref for the volatility scaling
  double opportunity_rate = 0.15;        ///< lumpy opportunities (large contracts won or lost) per firm-year
  double opportunity_size = 0.6;         ///< s.d. of the log-demand jump of an opportunity
  double employment_adjustment = 0.25;   ///< share of the gap to desired employment closed per month
  double wage_yuan_per_month = 9000;     ///< average wage per employee
  double productivity_mean_yuan = 60000; ///< revenue per employee-month at entry (mean)
  double productivity_dispersion = 0.35; ///< s.d. of log productivity at entry
  double rd_share_mean = 0.045;          ///< mean R&D/sales at entry
  double rd_share_concentration = 20;    ///< Beta concentration of R&D/sales (persistent heterogeneity)
  double st_staff_share_mean = 0.12;     ///< mean S&T staff share
  double wage_growth = 0.04;             ///< nominal wage growth per year
  double other_cost_share = 0.72;        ///< materials and other operating costs as a share of revenue
  // Innovation (K+S)
  double zeta_innovation = 0.30;         ///< zeta1
  double zeta_imitation = 0.30;          ///< zeta2
  double innovation_share = 0.5;         ///< xi: share of R&D on innovation (rest imitation)
  double rd_reference_yuan_per_year = 5e6;  ///< RD_ref: R&D spending that gives zeta-scale odds per year
  double jump_low = -0.04;               ///< x_inf
  double jump_high = 0.12;               ///< x_sup
  double jump_beta_a = 3.0;              ///< alpha1
  double jump_beta_b = 3.0;              ///< beta1
  double imitation_catch_up = 0.3;       ///< share of the gap to the sector mean productivity closed by imitation
  double patents_per_innovation = 1.5;   ///< mean IP items per successful innovation (1 + Bernoulli(p - 1))
  // Demography
  double entry_rate_per_year = 1000;     ///< Poisson entry of new firms
  double entry_employees_mean = 6;       ///< mean employees of an entrant (geometric-like lognormal)
  double entry_cash_months = 9;          ///< entrants' starting cash in months of wage bill
  double hazard_young = 0.17;            ///< background exit hazard per year at age 0
  double hazard_old = 0.04;              ///< background exit hazard per year for old firms
  double hazard_decay_years = 4.0;       ///< age scale of the hazard's decline
  double cash_buffer_months = 2.0;       ///< firms seek credit when cash < this many months of costs
  double cash_target_months = 6.0;       ///< cash above this many months of costs is paid out...
  double payout_share = 0.2;             ///< ...at this share of the excess per month
  double loan_demand_elasticity = 0.5;   ///< loan demand vs (reference rate / effective rate)
  double credit_deepening = 0.025;       ///< yearly growth of desired leverage (financial deepening; calibrated to the seed's +13 %/yr book)
  double leverage_appetite_mean = 0.7;   ///< theta (mean over firms): desired debt = theta x Lambda x annual operating surplus, within the ceiling
  double strategic_default_rate = 0.01;  ///< base yearly default hazard of a borrower (scaled by risk shifting)
  double notching_band = 0.01;           ///< firms this close below the HTE R&D threshold raise R&D to clear it
  double valuation_growth_years = 2.0;   ///< growth premium: valuation x (1 + 3-year CAGR)^this
  double valuation_revenue_multiple = 3.0;  ///< valuation = multiple x revenue x growth premium
  int sectors = 6;
};

/// The `firms.*` keys.
void bind_keys(Binder& b, FirmParams& p);

}  // namespace innosim::model
