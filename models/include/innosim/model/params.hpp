#pragma once
// Every parameter of the ecosystem model, with its default (the Jiangmen
// 2025 baseline) and unit. docs/model.md gives each one's source; the
// scenario schema (parameters.cpp) exposes each one under a dotted path.
// Money is in yuan, rates per year unless the name says otherwise, shares
// in [0, 1].
#include <array>
#include <cstdint>
#include <string>

#include "innosim/model/types.hpp"

namespace innosim::model {

/// A value that can change by calendar year (piecewise constant).
struct Scheduled {
  static constexpr int MAX_STEPS = 8;
  int n = 1;
  std::array<double, MAX_STEPS> from_year{0};
  std::array<double, MAX_STEPS> value{0};
  Scheduled(double v = 0.0) { value[0] = v; }  // NOLINT: a plain number is a one-step schedule
  double at(double year) const {
    double v = value[0];
    for (int i = 1; i < n; ++i)
      if (year >= from_year[i]) v = value[i];
    return v;
  }
};

/// Switch, activity window and annual budget shared by every instrument.
struct Programme {
  bool enabled = true;
  int start_year = 0;        ///< first calendar year active (0: from the start)
  int end_year = 9999;       ///< last calendar year active
  Scheduled budget_yuan{0};  ///< annual budget; spending stops when it runs out
  Stage min_stage = Stage::startup;  ///< eligibility: lowest stage that qualifies
  /// Delivery: application (take-up < 1, approval delay, cost) or automatic.
  bool automatic = false;
  double take_up_share = 0.6;        ///< share of eligible firms that apply (application mode)
  double approval_delay_days = 90;   ///< application mode: days until money flows
  double application_cost_yuan = 20000;  ///< application mode: cost borne by the firm
  bool active(int year) const { return enabled && year >= start_year && year <= end_year; }
};

struct FirmParams {
  // Demand and growth
  double market_growth = 0.06;           ///< nominal sector demand growth per year
  double selection_strength = 0.25;       ///< chi: demand-share growth per year per unit relative productivity advantage
  double demand_volatility = 0.32;       ///< sigma0: s.d. of yearly log-demand shocks at reference size
  double volatility_size_elasticity = 0.17;  ///< beta: sigma(S) = sigma0 (S/S_ref)^-beta
  double reference_revenue_yuan = 20e6;  ///< S_ref for the volatility scaling
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
  double patents_per_innovation = 1.5;   ///< mean IP items per successful innovation (1 + Poisson)
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
  double leverage_appetite_mean = 0.7;   ///< theta: mean desired debt as a share of the credit ceiling
  double strategic_default_rate = 0.01;  ///< base yearly default hazard of a borrower (scaled by risk shifting)
  double notching_band = 0.01;           ///< firms this close below the HTE R&D threshold raise R&D to clear it
  double valuation_revenue_multiple = 3.0;  ///< valuation = multiple x revenue x growth premium
  int sectors = 6;
};

struct BankParams {
  int banks = 8;                    ///< banks with a tech-finance unit
  double lambda = 3.0;              ///< Lambda: credit ceiling multiple of max(NW, S - W), K+S; calibrated to the 150 bn book
  double base_rate = 0.030;         ///< one-year LPR (3.0 % since May 2025), per year
  double spread_low = 0.005;        ///< spread over base for the best risk class
  double spread_high = 0.035;       ///< spread for the worst accepted class
  double score_cutoff = 0.55;       ///< minimum appraisal score in [0, 1] for new borrowers (rations low-margin, illiquid firms)
  double renewal_cutoff = 0.35;     ///< minimum score to renew or top up an existing borrower's loan
  double term_years = 3;            ///< loan term (amortising monthly)
  double loss_given_default = 0.6;  ///< share of outstanding principal lost on default
  double max_loan_yuan = 2e9;       ///< single-loan cap
  double insured_ceiling_bonus = 0.2;  ///< extra Lambda share for insured borrowers
};

struct TechCreditParams {
  Programme programme{.enabled = true, .min_stage = Stage::high_tech};
  double ceiling_bonus = 0.5;       ///< IP-pledge product: extra Lambda share for certified firms with IP
  double spread_discount = 0.005;   ///< lower spread on the tailored product
};

struct InterestSubsidyParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(300e6), .min_stage = Stage::tech_sme,
                      .automatic = false};
  Scheduled rate{0.3};              ///< share of interest paid by the government
};

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

struct InsuranceParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(30e6), .min_stage = Stage::tech_sme};
  double take_up_per_year = 0.12;   ///< yearly probability an eligible uninsured firm buys cover
  double premium_rate = 0.01;       ///< premium per year as a share of cover
  double premium_subsidy_share = 0.3;  ///< share of the premium paid by the government
  double cover_revenue_multiple = 1.0; ///< cover = multiple x annual revenue (capped)
  double max_cover_yuan = 200e6;
  double loss_event_rate = 0.04;    ///< product/R&D loss events per firm-year
  double loss_revenue_share = 0.25; ///< size of a loss event as a share of annual revenue
};

struct VentureParams {
  Programme guidance{.enabled = true, .budget_yuan = Scheduled(0), .min_stage = Stage::startup};
  double guidance_fund_yuan = 2e9;  ///< government guidance fund capital
  Scheduled co_investment_leverage{1.0};  ///< private yuan per guidance yuan in co-investments
  double private_vc_yuan_per_year = 1.5e9;  ///< private VC capital committed per year (without guidance)
  double angel_yuan_per_year = 2e8;
  double deal_share_of_firms = 0.08; ///< screened candidates per year as a share of firms
  double equity_share = 0.2;        ///< equity taken per round
  double exit_years_mean = 6;       ///< mean holding period before an IPO/M&A exit
  double round_startup_yuan = 3e6;  ///< round size by stage (angel/seed)
  double round_tech_sme_yuan = 15e6;
  double round_high_tech_yuan = 50e6;
  double round_gazelle_yuan = 150e6;
  double screening_noise = 0.5;     ///< s.d. of the noise in funds' reading of firm signals
  double max_age_years = 10;        ///< funds only back firms up to this age
  double sci_tech_bonds_yuan_per_year = 5e8;  ///< sci-tech bonds replenishing guidance capital
  double bond_coupon = 0.025;       ///< coupon per year on sci-tech bonds
};

/// Initial ladder populations and finance stocks (the seed's figures).
struct InitialParams {
  std::array<double, 5> stage_shares{0.30, 0.36, 0.31, 0.03, 0.0};  ///< startup..unicorn
  double tech_loans_yuan = 150e9;   ///< tech-loan balance at start (seed: > 150 bn)
  std::array<double, 5> median_employees{8, 35, 120, 180, 500};  ///< per stage at start
  double employees_dispersion = 1.0;  ///< s.d. of log employees at start
  double insured_firms = 1000;      ///< firms with tech insurance at start (seed)
};

struct Params {
  int start_year = 2025;
  double horizon_years = 10;
  int initial_firms = 6000;
  int sampling_months = 1;    ///< metrics every 1, 3 or 12 months
  int panel_months = 12;      ///< firm panel rows every this many months (when observed)
  int top_points_firms = 200; ///< innovation points: top-N firms get targeted support
  FirmParams firm;
  BankParams bank;
  TechCreditParams tech_credit;
  InterestSubsidyParams interest_subsidy;
  RiskPoolParams risk_pool;
  InsuranceParams insurance;
  VentureParams venture;
  InitialParams initial;
};

}  // namespace innosim::model
