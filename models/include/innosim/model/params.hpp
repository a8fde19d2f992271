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
  double fund_life_years = 10;      ///< a VC fund's life: at its end, holdings are sold and cash returned to LPs
  double investment_period_years = 5;  ///< a fund makes new investments only in its first years
  double early_stage_share = 0.5;   ///< share of each year's private VC raised by early-stage funds (start-ups, tech SMEs); the rest by growth funds
  double angel_life_years = 5;      ///< angel money: start-ups only, invested in its first year
  double round_startup_yuan = 3e6;  ///< round size by stage (angel/seed)
  double round_tech_sme_yuan = 15e6;
  double round_high_tech_yuan = 50e6;
  double round_gazelle_yuan = 150e6;
  double screening_noise = 0.5;     ///< s.d. of the noise in funds' reading of firm signals
  double max_age_years = 10;        ///< funds only back firms up to this age
  double sci_tech_bonds_yuan_per_year = 5e8;  ///< sci-tech bonds replenishing guidance capital
  double bond_coupon = 0.025;       ///< coupon per year on sci-tech bonds
};


// ---------------------------------------------------------------- part 2

/// Labs and universities: research results, licensing, spin-offs.
struct LabParams {
  double researchers = 1200;              ///< researchers in labs, universities and institutes
  double results_per_researcher_year = 0.5;  ///< transferable results per researcher-year, before disclosure
  double disclosure_base = 0.35;          ///< share of results disclosed for transfer at a zero researcher share
  double disclosure_per_share = 0.5;      ///< extra disclosure per unit of researcher revenue share
  double researcher_share = 0.7;          ///< researchers' share of transfer income (seed: "30/70")
  double trl_mean = 3.5;                  ///< mean technology-readiness level of a new result (1-9)
  double quality_mean = 0.06;             ///< mean productivity gain a result brings its adopter
  double licence_fee_yuan = 400000;       ///< price of a result (sale or licence)
  double sale_share = 0.3;                ///< share of results sold outright (the rest licensed)
  double spinoff_share = 0.02;            ///< share of disclosed results that become spin-off firms
  double result_life_years = 4;           ///< unadopted results leave the pool after this
};

/// Joint basic-research fund with the provincial science foundation.
struct ResearchFundParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(20e6)};
  double results_per_million_yuan = 2.0;  ///< extra disclosed-before results per million yuan a year
};

/// Concept-verification centres: raise a result's readiness, capacity-limited.
struct ConceptCentreParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(3e6)};
  double cost_per_project_yuan = 200000;  ///< government pays each verification
  int centres = 2;
  int projects_per_centre = 6;            ///< concurrent verification projects per centre
  double days_mean = 120;                 ///< mean verification time (exponential)
  double success = 0.6;                   ///< probability a verification raises readiness
  double trl_gain = 2;                    ///< readiness levels gained on success
  double min_trl_for_matching = 4;        ///< results below this need verification before matching
};

/// The tech-transfer matching platform (邑科汇).
struct MatchingParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(2e6)};
  double cost_per_event_yuan = 150000;    ///< government cost of running one matching event
  int events_per_year = 12;
  double recommendations_per_event = 67;  ///< seed: 800+ results recommended over 12 events
  double adoption_base = 0.42;            ///< adoption probability at a perfect fit (calibrated: 68 of 800)
  double sme_cash_sensitivity = 1.0;      ///< an upfront fee deters adopters with little cash: x exp(-s fee / cash)
};

/// "Use first, pay later" licensing (先使用后付费).
struct UfplParams {
  Programme programme{.enabled = false};
  double share_of_results = 0.8;          ///< share of licensed results offered use-first-pay-later
  double grace_years = 2;                 ///< payment falls due this long after adoption, if the licensee earns
};

/// Equity for technology (技术入股): the labs transfer a sold or licensed
/// result for a stake in the adopter instead of a fee.
struct EquityParams {
  /// Switch and window (no budget: the government pays nothing; no stage rule, no delivery mode).
  Programme programme{.enabled = false};
  double share_of_results = 0.5;  ///< e: share of sold or licensed results the labs offer for equity
  double max_stake = 0.1;         ///< s_max: most equity the labs hold in one firm (a larger stake: the deal is on cash terms)
};

/// Incubators and maker spaces.
struct IncubatorParams {
  std::array<double, 3> count{11, 18, 13};       ///< national, provincial, other
  std::array<double, 3> capacity{60, 50, 40};    ///< tenants per incubator by tier
  double admission_share = 0.6;           ///< share of entrants that apply
  double tenancy_years = 3;               ///< maximum tenancy
  double hazard_multiplier = 1.0;         ///< background hazard x this while incubated (evidence: no survival gain)
  double growth_bonus = 0.05;             ///< extra demand growth per year while incubated (evidence: faster growth)
};

/// Shared pilot-test (中试) platforms and the machine-hour vouchers.
struct PilotParams {
  int platforms = 31;                     ///< local platforms (seed: 31 surveyed)
  int provincial = 6;                     ///< of which provincial-level (seed: 6)
  int provincial_machines = 2;            ///< machine sets of a provincial-level platform (assumption: the quality threshold means more equipment)
  int new_platforms = 0;                  ///< platforms added by policy
  int machines_per_platform = 1;          ///< parallel machine sets per platform
  double hours_per_day = 10;              ///< opening hours of an ordinary platform
  int twenty_four_hour_zones = 0;         ///< platforms open 24 hours (youth pilot zones)
  double zone_subsidy_yuan_per_year = 1e6;  ///< government pays each 24-hour zone's extra opening
  double new_platform_cost_yuan = 20e6;   ///< government cost of building a new platform
  double hourly_price_yuan = 900;         ///< machine-hour price
  double booking_hours_mean = 300;        ///< mean machine hours of a pilot test (exponential)
  double prototype_share = 0.5;           ///< share of innovations that need pilot testing before they pay
  double missing_equipment_share = 0.25;  ///< share of tests needing equipment only other cities have
  double remote_travel_days = 7;          ///< extra delay of a test in another city
  double remote_price_multiple = 1.3;     ///< price in other cities relative to local
  double value_years = 2;                 ///< years of the innovation's gain a firm weighs against the bill
  double retry_days = 90;                 ///< a firm that puts a test off tries again after this
  int max_retries = 3;                    ///< ... and gives up after this many retries
  double price_tolerance = 0.015;         ///< P(proceed) = exp(-net bill / (tolerance x value)) (calibrated: voucher additionality ~0.8, the Dutch voucher lottery)
  Programme twenty_four{.enabled = false};  ///< 24-hour zones programme (switch + window)
};

struct VoucherParams {
  Programme programme{.enabled = false, .budget_yuan = Scheduled(10e6), .automatic = true};
  double bill_share = 0.8;                ///< share of the bill a voucher pays
  double max_revenue_yuan = 50e6;         ///< eligibility: small firms only (annual revenue cap), as voucher schemes target SMEs
  bool other_cities = true;               ///< vouchers valid at platforms in other cities
};

/// A grant programme: yearly budget, eligibility, delivery, grant size.
struct GrantParams {
  Programme programme;
  double grant_yuan = 0;
};

struct ProgrammesParams {
  /// Innovation points: the top N firms get targeted support each year.
  GrantParams points_support{.programme = {.enabled = true, .budget_yuan = Scheduled(40e6)}, .grant_yuan = 200000};
  /// Open-competition major projects (揭榜挂帅).
  GrantParams open_competition{.programme = {.enabled = true, .budget_yuan = Scheduled(60e6), .min_stage = Stage::high_tech},
                               .grant_yuan = 10e6};
  int challenges_per_year = 4;
  double challenge_bid_share = 0.05;      ///< share of eligible firms bidding on a challenge
  double challenge_success = 0.7;         ///< probability each milestone is met
  double challenge_gain = 0.15;           ///< productivity gain of a completed project
  /// Tech-upgrade rewards: provincial (~3.85 m per project) and city (~0.77 m).
  GrantParams upgrade_provincial{.programme = {.enabled = true, .budget_yuan = Scheduled(204e6), .min_stage = Stage::high_tech},
                                 .grant_yuan = 3.85e6};
  GrantParams upgrade_city{.programme = {.enabled = true, .budget_yuan = Scheduled(20e6), .min_stage = Stage::tech_sme},
                           .grant_yuan = 0.77e6};
  /// Digital-transformation support.
  GrantParams digital{.programme = {.enabled = true, .budget_yuan = Scheduled(40e6), .min_stage = Stage::tech_sme},
                      .grant_yuan = 90000};
  double digital_adoption_base = 0.04;    ///< yearly adoption probability without support
  double digital_adoption_supported = 0.10;  ///< with support
  double digital_gain = 0.03;             ///< productivity gain of digitalisation
  double digital_cost_yuan = 400000;      ///< firm's cost of digitalising
  /// Enterprise technology centres.
  GrantParams tech_centres{.programme = {.enabled = true, .budget_yuan = Scheduled(12e6), .min_stage = Stage::high_tech},
                           .grant_yuan = 1.7e6};
  int tech_centres_per_year = 7;
  double tech_centre_rd_boost = 0.3;      ///< innovation odds x (1 + boost) for recognised centres
  /// Talent: 20 % of a cooperation project's cost, at most 300 k yuan.
  GrantParams talent_subsidy{.programme = {.enabled = false, .budget_yuan = Scheduled(30e6), .min_stage = Stage::tech_sme},
                             .grant_yuan = 300000};
  double talent_subsidy_share = 0.2;
  double cooperation_project_cost_yuan = 1.2e6;
  double cooperation_rate = 0.02;         ///< yearly projects per eligible firm without subsidy
  double cooperation_rate_supported = 0.05;  ///< with the subsidy
  double talent_per_project = 2;          ///< researchers and engineers a project brings to the city
  /// Industry-engineer training classes.
  GrantParams engineer_training{.programme = {.enabled = true, .budget_yuan = Scheduled(3e6)}, .grant_yuan = 300000};
  int training_classes_per_year = 10;
  double trainees_per_class = 15;
};

/// Innovation consortia (创新联合体): a chain-leader firm, member firms of its
/// sector and a partner lab attack a key technology together for a few years,
/// funded by a yearly government grant and the leader's co-funding.
struct ConsortiumParams {
  /// Switch, window, yearly budget; min_stage is the leader's eligibility.
  Programme programme{.enabled = false, .budget_yuan = Scheduled(30e6), .min_stage = Stage::high_tech};
  int per_year = 2;                      ///< most consortia formed per year (and at most one running per sector)
  double grant_yuan = 5e6;               ///< G: government grant per consortium per year
  int duration_years = 3;                ///< D: years a consortium runs unless it breaks through earlier
  double cofunding_share = 0.5;          ///< s: leader's share of the consortium's yearly budget T = G / (1 - s)
  int members = 3;                       ///< member firms besides the leader
  Stage member_min_stage = Stage::tech_sme;  ///< members' eligibility
  double lab_share = 0.3;                ///< share of T paid to the partner lab
  double success_max = 0.6;              ///< p_max: yearly breakthrough probability as funding grows without bound
  double reference_funding_yuan = 10e6;  ///< T_ref: p = p_max (1 - exp(-T / T_ref))
  double gain = 0.15;                    ///< leader's productivity gain from a breakthrough
  double member_gain_share = 0.5;        ///< each member gains this share of the leader's gain
};

/// Talent services (人才安居, schooling, medical care): a yearly budget buys
/// service places for the talent pool; served talent leave less often and
/// the offer draws more talent to the city.
struct TalentServicesParams {
  /// Switch, window, yearly budget (no eligibility by firm, no delivery mode).
  Programme programme{.enabled = false, .budget_yuan = Scheduled(30e6)};
  double cost_per_person_yuan = 36000;  ///< c: cost of one service place for a year
  double eligible_share = 0.3;          ///< e: most places, as a share of the stock (talent who need housing, schooling, care)
  double retention_factor = 0.6;        ///< rho: a served person's outflow rate relative to r_out
  double attraction = 0.5;              ///< eta: inflow x (1 + eta * served share)
};

/// Innovation-points liaison officers (创新积分制 联络员): the city assigns
/// officers to the top innovation-points firms; an officer brings a share of
/// the firm's would-be non-applicants to apply for the programmes it is
/// eligible for.
struct LiaisonParams {
  /// Switch, window, yearly budget (officers serve the top-N list, no stage rule, no delivery mode).
  Programme programme{.enabled = false, .budget_yuan = Scheduled(3e6)};
  double cost_per_officer_yuan = 150000;  ///< c_o: an officer's cost for a year (salary and on-costs)
  int firms_per_officer = 10;             ///< k: top-N firms one officer looks after
  double take_up_boost = 0.3;             ///< beta: take-up t becomes t + beta (1 - t) for a served firm
};

/// The talent pool of researchers and engineers firms hire S&T staff from.
struct TalentParams {
  double stock_per_st_job = 0.95;         ///< initial stock relative to firms' S&T staff
  double inflow_rate = 0.09;              ///< yearly inflow as a share of the stock
  double outflow_rate = 0.08;             ///< yearly outflow as a share of the stock
  double scarcity_elasticity = 1.0;       ///< R&D effectiveness x min(1, stock/demand)^elasticity
};

/// Initial ladder populations and finance stocks (the seed's figures).
struct InitialParams {
  std::array<double, 5> stage_shares{0.30, 0.36, 0.31, 0.03, 0.0};  ///< startup..unicorn
  double tech_loans_yuan = 150e9;   ///< tech-loan balance at start (seed: > 150 bn)
  std::array<double, 5> median_employees{8, 35, 120, 180, 500};  ///< per stage at start
  double employees_dispersion = 1.0;  ///< s.d. of log employees at start
  double insured_firms = 1000;      ///< firms with tech insurance at start (seed)
  double incubated_firms = 2050;    ///< incubator tenants at start (seed: > 2,000; 2,080 places)
  double digitalised_share = 0.3;   ///< share of firms already digitalised (seed: 2,193 firms)
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
  LabParams labs;
  ResearchFundParams research_fund;
  ConceptCentreParams concept_centres;
  MatchingParams matching;
  UfplParams ufpl;
  EquityParams equity;
  IncubatorParams incubators;
  PilotParams pilot;
  VoucherParams vouchers;
  ProgrammesParams programmes;
  ConsortiumParams consortia;
  TalentParams talent;
  TalentServicesParams talent_services;
  LiaisonParams liaison;
  InitialParams initial;
};

}  // namespace innosim::model
