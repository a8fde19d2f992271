#include "innosim/model/parameters.hpp"

#include <string>

#include "innosim/engine/error.hpp"

namespace innosim::model {

namespace {

const std::vector<std::string> STAGE_CHOICES = {"startup", "tech_sme", "high_tech", "gazelle", "unicorn"};

// Declares (schema set) or reads (scenario set) each parameter in place.
struct Binder {
  scenario::Schema* schema = nullptr;
  const scenario::Scenario* scn = nullptr;

  void section(const std::string& path, const std::string& what) {
    if (schema) schema->section(path, what);
  }
  void number(const std::string& path, double& v, const char* unit, double lo, double hi, const char* what) {
    if (schema) schema->number(path, v, unit, lo, hi, what);
    if (scn) v = scn->number(path);
  }
  void integer(const std::string& path, int& v, const char* unit, int lo, int hi, const char* what) {
    if (schema) schema->integer(path, v, unit, lo, hi, what);
    if (scn) v = static_cast<int>(scn->integer(path));
  }
  void boolean(const std::string& path, bool& v, const char* what) {
    if (schema) schema->boolean(path, v, what);
    if (scn) v = scn->boolean(path);
  }
  void schedule(const std::string& path, Scheduled& v, const char* unit, double lo, double hi, const char* what) {
    if (schema) schema->schedule(path, v.value[0], unit, lo, hi, what).max_steps(Scheduled::MAX_STEPS);
    if (scn) {
      const scenario::Schedule sc = scn->schedule(path);
      if (sc.steps.empty() || sc.steps.size() > Scheduled::MAX_STEPS) throw ConfigError(path + ": bad schedule");
      v.n = static_cast<int>(sc.steps.size());
      for (int i = 0; i < v.n; ++i) {
        v.from_year[static_cast<std::size_t>(i)] = sc.steps[static_cast<std::size_t>(i)].first;
        v.value[static_cast<std::size_t>(i)] = sc.steps[static_cast<std::size_t>(i)].second;
      }
    }
  }
  void stage(const std::string& path, Stage& v, const char* what) {
    if (schema) schema->choice(path, STAGE_NAMES[static_cast<int>(v)], STAGE_CHOICES, what);
    if (scn) {
      const std::string& t = scn->text(path);
      for (int i = 0; i < STAGE_COUNT; ++i)
        if (t == STAGE_NAMES[i]) v = static_cast<Stage>(i);
    }
  }
  // The switch, window, budget and eligibility every instrument shares.
  void programme(const std::string& base, Programme& p, bool has_budget, const char* budget_what, bool has_delivery = false,
                 bool has_stage = true) {
    boolean(base + ".enabled", p.enabled, "Switches the instrument on or off.");
    integer(base + ".start_year", p.start_year, "calendar year", 0, 3000,
            "First calendar year the instrument is active (0: from the start).");
    integer(base + ".end_year", p.end_year, "calendar year", 0, 9999, "Last calendar year the instrument is active.");
    if (has_stage) stage(base + ".min_stage", p.min_stage, "Eligibility: the lowest rung of the gradient ladder that qualifies.");
    if (has_budget) schedule(base + ".budget_yuan", p.budget_yuan, "yuan per year", 0, 1e13, budget_what);
    if (has_delivery) delivery(base, p);
  }
  // Delivery mode: "application" (take-up < 1, a cost, an approval delay) or
  // "automatic" (免申即享: every eligible firm, no cost, no delay).
  void delivery(const std::string& base, Programme& p) {
    static const std::vector<std::string> MODES = {"application", "automatic"};
    if (schema)
      schema->choice(base + ".delivery", p.automatic ? "automatic" : "application", MODES,
                     "application: firms apply (take-up, cost, delay); automatic: no application needed, paid at once.");
    if (scn) p.automatic = scn->text(base + ".delivery") == "automatic";
    number(base + ".take_up_share", p.take_up_share, "share", 0, 1, "Application mode: share of eligible firms that apply.");
    number(base + ".approval_delay_days", p.approval_delay_days, "days", 0, 3650, "Application mode: days from application to payment.");
    number(base + ".application_cost_yuan", p.application_cost_yuan, "yuan", 0, 1e9, "Application mode: cost of applying, borne by the firm.");
  }
  // A grant programme; `delivered` when firms receive it by the delivery
  // mode (not for awards decided by competition or for government-run services).
  void grant(const std::string& base, GrantParams& g, const char* what, const char* grant_what, bool delivered = true,
             bool has_stage = true) {
    section(base, what);
    programme(base, g.programme, true, "Annual budget.", delivered, has_stage);
    number(base + ".grant_yuan", g.grant_yuan, "yuan", 0, 1e12, grant_what);
  }
};

constexpr double INF = 1e300;

void bind_parameters(Binder& b, Params& p) {
  FirmParams& f = p.firm;
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

  BankParams& bk = p.bank;
  b.section("institutions", "Banks and private investors.");
  b.section("institutions.banks", "Banks with technology-finance units: appraisal, rationing, pricing, defaults.");
  b.integer("institutions.banks.count", bk.banks, "banks", 1, 1000, "Banks; each firm has a house bank.");
  b.number("institutions.banks.lambda", bk.lambda, "", 0, 100, "Lambda: credit ceiling = Lambda max(NW, S - W) (K+S), calibrated to the 150 bn book.");
  b.number("institutions.banks.base_rate", bk.base_rate, "per year", 0, 1, "Base lending rate (one-year LPR).");
  b.number("institutions.banks.spread_low", bk.spread_low, "per year", 0, 1, "Spread over base for the best risk class.");
  b.number("institutions.banks.spread_high", bk.spread_high, "per year", 0, 1, "Spread for the worst accepted class.");
  b.number("institutions.banks.score_cutoff", bk.score_cutoff, "score", 0, 1, "Minimum appraisal score for a new borrower.");
  b.number("institutions.banks.renewal_cutoff", bk.renewal_cutoff, "score", 0, 1,
           "Minimum score to renew or top up an existing borrower's loan (relationship lending).");
  b.number("institutions.banks.term_years", bk.term_years, "years", 0.1, 50, "Loan term (amortising monthly).");
  b.number("institutions.banks.loss_given_default", bk.loss_given_default, "share", 0, 1, "Share of principal lost on default.");
  b.number("institutions.banks.max_loan_yuan", bk.max_loan_yuan, "yuan", 0, INF, "Largest single loan.");
  b.number("institutions.banks.insured_ceiling_bonus", bk.insured_ceiling_bonus, "share", 0, 10, "Extra Lambda share for insured borrowers.");

  VentureParams& v = p.venture;
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

  b.section("policies", "The city's instruments: each can be switched, scaled and scheduled.");
  TechCreditParams& tc = p.tech_credit;
  b.section("policies.tech_credit_product", "Tailored tech-credit product (IP-pledge loans) for certified firms with core IP.");
  b.programme("policies.tech_credit_product", tc.programme, false, "");
  b.number("policies.tech_credit_product.ceiling_bonus", tc.ceiling_bonus, "share", 0, 10, "Extra Lambda share for eligible firms.");
  b.number("policies.tech_credit_product.spread_discount", tc.spread_discount, "per year", 0, 1, "Lower spread on the product.");

  InterestSubsidyParams& is = p.interest_subsidy;
  b.section("policies.loan_interest_subsidy", "Loan interest subsidy (贷款贴息): pays part of eligible loans' interest while the budget lasts.");
  b.programme("policies.loan_interest_subsidy", is.programme, true, "Annual budget; payments stop when it runs out.", true);
  b.schedule("policies.loan_interest_subsidy.rate", is.rate, "share of interest", 0, 1, "Share of the interest the government pays.");

  RiskPoolParams& rp = p.risk_pool;
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

  InsuranceParams& in = p.insurance;
  b.section("policies.tech_insurance", "Technology insurance: R&D and product-risk cover with a premium subsidy.");
  b.programme("policies.tech_insurance", in.programme, true, "Annual budget of the premium subsidy.");
  b.number("policies.tech_insurance.take_up_per_year", in.take_up_per_year, "probability per year", 0, 1, "Yearly take-up by eligible uninsured firms.");
  b.number("policies.tech_insurance.premium_rate", in.premium_rate, "share of cover per year", 0, 1, "Premium.");
  b.number("policies.tech_insurance.premium_subsidy_share", in.premium_subsidy_share, "share", 0, 1, "Share of the premium the government pays.");
  b.number("policies.tech_insurance.cover_revenue_multiple", in.cover_revenue_multiple, "years of revenue", 0, 100, "Cover = multiple x annual revenue.");
  b.number("policies.tech_insurance.max_cover_yuan", in.max_cover_yuan, "yuan", 0, INF, "Largest cover per firm.");
  b.number("policies.tech_insurance.loss_event_rate", in.loss_event_rate, "per firm-year", 0, 12, "Product/R&D loss events (all firms).");
  b.number("policies.tech_insurance.loss_revenue_share", in.loss_revenue_share, "share of annual revenue", 0, 10, "Mean size of a loss event.");

  b.section("policies.guidance_fund", "Government guidance fund co-investing with private VC; sci-tech bonds replenish it.");
  b.programme("policies.guidance_fund", v.guidance, true, "Yearly government top-up of the fund.");
  b.number("policies.guidance_fund.capital_yuan", v.guidance_fund_yuan, "yuan", 0, INF, "Government capital at the start.");
  b.schedule("policies.guidance_fund.co_investment_leverage", v.co_investment_leverage, "private yuan per guidance yuan", 0, 100,
             "Private co-investment required per guidance yuan.");
  b.number("policies.guidance_fund.sci_tech_bonds_yuan_per_year", v.sci_tech_bonds_yuan_per_year, "yuan per year", 0, INF,
           "Sci-tech bonds issued per year into the fund.");
  b.number("policies.guidance_fund.bond_coupon", v.bond_coupon, "per year", 0, 1, "Coupon on the bonds.");

  b.section("policies.innovation_points", "Innovation points (创新积分制): rank firms, the top N get targeted support.");
  b.integer("policies.innovation_points.top_firms", p.top_points_firms, "firms", 0, 10'000'000, "Top-N firms (banks add to their appraisal score).");

  // ---- part 2: the innovation chain, programmes and talent
  LabParams& lb = p.labs;
  b.section("institutions.labs", "Labs, universities and institutes: research results, disclosure, licensing, spin-offs.");
  b.number("institutions.labs.researchers", lb.researchers, "persons", 0, 1e7, "Researchers in labs, universities and institutes.");
  b.number("institutions.labs.results_per_researcher_year", lb.results_per_researcher_year, "results per researcher-year", 0, 100,
           "Transferable results per researcher-year before disclosure.");
  b.number("institutions.labs.disclosure_base", lb.disclosure_base, "share", 0, 1, "Share of results disclosed for transfer at a zero researcher share.");
  b.number("institutions.labs.disclosure_per_share", lb.disclosure_per_share, "", 0, 10, "Extra disclosure per unit of researcher revenue share.");
  b.number("institutions.labs.researcher_share", lb.researcher_share, "share", 0, 1, "Researchers' share of transfer income (seed: 70 %).");
  b.number("institutions.labs.trl_mean", lb.trl_mean, "TRL", 1, 9, "Mean technology-readiness level of a new result.");
  b.number("institutions.labs.quality_mean", lb.quality_mean, "share", 0, 10, "Mean productivity gain a result brings its adopter.");
  b.number("institutions.labs.licence_fee_yuan", lb.licence_fee_yuan, "yuan", 0, 1e12, "Price of a result (a licence pays half up front).");
  b.number("institutions.labs.sale_share", lb.sale_share, "share", 0, 1, "Share of results sold outright (the rest licensed).");
  b.number("institutions.labs.spinoff_share", lb.spinoff_share, "share", 0, 1, "Share of disclosed results that become spin-off firms.");
  b.number("institutions.labs.result_life_years", lb.result_life_years, "years", 0.1, 100, "Unadopted results leave the pool after this.");

  b.section("institutions.incubators", "Incubators and maker spaces (seed: 42, of which 11 national and 18 provincial; > 2,000 tenants).");
  static const char* TIERS[3] = {"national", "provincial", "other"};
  for (int t = 0; t < 3; ++t) {
    b.number(std::string("institutions.incubators.count.") + TIERS[t], p.incubators.count[static_cast<std::size_t>(t)], "incubators", 0, 1e5,
             "Incubators of this tier.");
    b.number(std::string("institutions.incubators.capacity.") + TIERS[t], p.incubators.capacity[static_cast<std::size_t>(t)], "tenants", 0, 1e6,
             "Tenant places per incubator of this tier.");
  }
  b.number("institutions.incubators.admission_share", p.incubators.admission_share, "share", 0, 1, "Share of entrants that apply for a place.");
  b.number("institutions.incubators.tenancy_years", p.incubators.tenancy_years, "years", 0, 50, "Maximum tenancy.");
  b.number("institutions.incubators.hazard_multiplier", p.incubators.hazard_multiplier, "", 0, 10,
           "Background exit hazard x this while incubated (evidence: no survival gain, so 1).");
  b.number("institutions.incubators.growth_bonus", p.incubators.growth_bonus, "per year", -1, 1, "Extra demand growth while incubated (evidence: faster growth).");

  PilotParams& pp = p.pilot;
  b.section("institutions.pilot_platforms", "Shared pilot-test (中试) platforms: booking queue, machine hours, hourly billing.");
  b.integer("institutions.pilot_platforms.count", pp.platforms, "platforms", 0, 100000, "Local platforms (seed: 31 surveyed).");
  b.integer("institutions.pilot_platforms.provincial", pp.provincial, "platforms", 0, 100000, "Of which provincial-level (seed: 6).");
  b.integer("institutions.pilot_platforms.provincial_machines", pp.provincial_machines, "machine sets", 0, 10000,
            "Machine sets of a provincial-level platform.");
  b.integer("institutions.pilot_platforms.machines_per_platform", pp.machines_per_platform, "machine sets", 0, 10000, "Parallel machine sets per platform.");
  b.number("institutions.pilot_platforms.hours_per_day", pp.hours_per_day, "hours per day", 0.5, 24, "Opening hours of an ordinary platform.");
  b.number("institutions.pilot_platforms.hourly_price_yuan", pp.hourly_price_yuan, "yuan per machine-hour", 0, 1e8, "Price of a machine-hour.");
  b.number("institutions.pilot_platforms.booking_hours_mean", pp.booking_hours_mean, "machine-hours", 0.1, 1e6, "Mean machine hours of a pilot test (exponential).");
  b.number("institutions.pilot_platforms.prototype_share", pp.prototype_share, "share", 0, 1, "Share of innovations that need pilot testing before they pay.");
  b.number("institutions.pilot_platforms.missing_equipment_share", pp.missing_equipment_share, "share", 0, 1,
           "Share of tests needing equipment only other cities have.");
  b.number("institutions.pilot_platforms.remote_travel_days", pp.remote_travel_days, "days", 0, 365, "Extra delay of a test in another city.");
  b.number("institutions.pilot_platforms.remote_price_multiple", pp.remote_price_multiple, "", 0, 100, "Price in other cities relative to local.");
  b.number("institutions.pilot_platforms.value_years", pp.value_years, "years", 0, 100, "Years of the gain a firm weighs against the bill.");
  b.number("institutions.pilot_platforms.retry_days", pp.retry_days, "days", 0, 3650, "A firm that puts a test off tries again after this.");
  b.integer("institutions.pilot_platforms.max_retries", pp.max_retries, "retries", 0, 1000, "Retries before the firm gives up on the test.");
  b.number("institutions.pilot_platforms.price_tolerance", pp.price_tolerance, "", 1e-6, 100,
           "P(proceed) = exp(-net bill / (tolerance x value)); calibrated so vouchers are ~80 % additional.");

  b.section("institutions.concept_verification", "Concept-verification centres: raise results' readiness before matching.");
  ConceptCentreParams& cc = p.concept_centres;
  b.programme("institutions.concept_verification", cc.programme, true, "Annual budget for verification projects.", false, false);
  b.integer("institutions.concept_verification.centres", cc.centres, "centres", 0, 10000, "Centres.");
  b.integer("institutions.concept_verification.projects_per_centre", cc.projects_per_centre, "projects", 0, 10000, "Concurrent projects per centre.");
  b.number("institutions.concept_verification.cost_per_project_yuan", cc.cost_per_project_yuan, "yuan", 0, 1e10, "Government cost of one verification.");
  b.number("institutions.concept_verification.days_mean", cc.days_mean, "days", 0.1, 3650, "Mean verification time (exponential).");
  b.number("institutions.concept_verification.success", cc.success, "probability", 0, 1, "Probability a verification raises readiness.");
  b.number("institutions.concept_verification.trl_gain", cc.trl_gain, "TRL", 0, 8, "Readiness levels gained on success.");
  b.number("institutions.concept_verification.min_trl_for_matching", cc.min_trl_for_matching, "TRL", 1, 9, "Results below this need verification first.");

  MatchingParams& mp = p.matching;
  b.section("policies.matching_platform", "Tech-transfer matching platform (邑科汇): events recommend results to firms (seed: 12 events, 800+ recommended, 68 adopted).");
  b.programme("policies.matching_platform", mp.programme, true, "Annual budget for running events.", false, false);
  b.integer("policies.matching_platform.events_per_year", mp.events_per_year, "events", 0, 365, "Matching events per year.");
  b.number("policies.matching_platform.recommendations_per_event", mp.recommendations_per_event, "recommendations", 0, 1e6, "Results recommended per event.");
  b.number("policies.matching_platform.cost_per_event_yuan", mp.cost_per_event_yuan, "yuan", 0, 1e10, "Government cost of one event.");
  b.number("policies.matching_platform.adoption_base", mp.adoption_base, "probability", 0, 1, "Adoption at a perfect fit (calibrated to 68 of 800).");
  b.number("policies.matching_platform.sme_cash_sensitivity", mp.sme_cash_sensitivity, "", 0, 100, "An upfront fee deters adopters: x exp(-s fee / cash).");

  b.section("policies.use_first_pay_later", "Use first, pay later (先使用后付费): licensees pay only after they earn from the result.");
  b.programme("policies.use_first_pay_later", p.ufpl.programme, false, "", false, false);
  b.number("policies.use_first_pay_later.share_of_results", p.ufpl.share_of_results, "share", 0, 1, "Share of results offered use-first-pay-later.");
  b.number("policies.use_first_pay_later.grace_years", p.ufpl.grace_years, "years", 0, 50, "Payment falls due this long after adoption, if the licensee earns.");

  EquityParams& eq = p.equity;
  b.section("policies.equity_for_technology",
            "Equity for technology (技术入股): the labs transfer a share of the results they sell or license for a stake in "
            "the adopter worth the price instead of a fee; the stake earns dividends and is sold at a venture exit. Off by default.");
  b.programme("policies.equity_for_technology", eq.programme, false, "", false, false);
  b.number("policies.equity_for_technology.share_of_results", eq.share_of_results, "share", 0, 1,
           "e: share of sold or licensed results offered for equity (use-first-pay-later results are not).");
  b.number("policies.equity_for_technology.max_stake", eq.max_stake, "share of equity", 0, 1,
           "s_max: most equity the labs hold in one firm; a deal that would take them above it is on cash terms.");

  b.section("policies.research_fund", "Joint basic-research fund with the provincial science foundation (seed: 20 m yuan a year).");
  b.programme("policies.research_fund", p.research_fund.programme, true, "Annual fund paid to the labs.", false, false);
  b.number("policies.research_fund.results_per_million_yuan", p.research_fund.results_per_million_yuan, "results per million yuan", 0, 1e4,
           "Extra results a year per million yuan of funding.");

  b.section("policies.pilot_24h_zones", "24-hour open pilot workshops (youth pilot zones): some platforms open around the clock.");
  b.programme("policies.pilot_24h_zones", pp.twenty_four, false, "", false, false);
  b.integer("policies.pilot_24h_zones.zones", pp.twenty_four_hour_zones, "platforms", 0, 100000, "Platforms open 24 hours.");
  b.number("policies.pilot_24h_zones.subsidy_yuan_per_zone", pp.zone_subsidy_yuan_per_year, "yuan per year", 0, 1e10, "Government cost of a zone's extra opening.");
  b.section("policies.new_pilot_platforms", "New pilot platforms built by the city.");
  b.integer("policies.new_pilot_platforms.count", pp.new_platforms, "platforms", 0, 100000, "Platforms added at the start.");
  b.number("policies.new_pilot_platforms.cost_yuan", pp.new_platform_cost_yuan, "yuan", 0, 1e12, "Government cost of building one.");

  VoucherParams& vo = p.vouchers;
  b.section("policies.machine_hour_vouchers", "Machine-hour vouchers (机时券): pay part of pilot bills, also at platforms in other cities.");
  b.programme("policies.machine_hour_vouchers", vo.programme, true, "Annual voucher budget.");
  b.number("policies.machine_hour_vouchers.bill_share", vo.bill_share, "share", 0, 1, "Share of the bill a voucher pays.");
  b.number("policies.machine_hour_vouchers.max_revenue_yuan", vo.max_revenue_yuan, "yuan per year", 0, 1e15,
           "Eligibility: firms with annual revenue up to this (vouchers target SMEs).");
  b.boolean("policies.machine_hour_vouchers.other_cities", vo.other_cities, "Vouchers are valid at platforms in other cities.");

  ProgrammesParams& g = p.programmes;
  b.grant("policies.points_support", g.points_support, "Targeted support for the top innovation-points firms.", "Grant per supported firm per year.");
  b.grant("policies.open_competition", g.open_competition, "Open-competition major projects (揭榜挂帅): posted challenges, best bidder, milestone payments.",
          "Prize per project, paid in three milestones.", false);
  b.integer("policies.open_competition.challenges_per_year", g.challenges_per_year, "challenges", 0, 10000, "Challenges posted per year.");
  b.number("policies.open_competition.bid_share", g.challenge_bid_share, "share", 0, 1, "Share of eligible firms bidding on a challenge.");
  b.number("policies.open_competition.milestone_success", g.challenge_success, "probability", 0, 1, "Probability each milestone is met.");
  b.number("policies.open_competition.gain", g.challenge_gain, "share", 0, 10, "Productivity gain of a completed project.");
  b.grant("policies.tech_upgrade_provincial", g.upgrade_provincial, "Provincial tech-upgrade rewards (seed: 264 projects, 1.016 bn yuan).", "Reward per project.");
  b.grant("policies.tech_upgrade_city", g.upgrade_city, "City tech-upgrade rewards (seed: 128 projects, 98.24 m yuan).", "Reward per project.");
  b.grant("policies.digital_transformation", g.digital, "Digital-transformation support (seed: 2,193 firms).", "Grant per digitalising firm.");
  b.number("policies.digital_transformation.adoption_base", g.digital_adoption_base, "probability per year", 0, 1, "Adoption without support.");
  b.number("policies.digital_transformation.adoption_supported", g.digital_adoption_supported, "probability per year", 0, 1, "Adoption with support.");
  b.number("policies.digital_transformation.gain", g.digital_gain, "share", 0, 10, "Productivity gain of digitalisation.");
  b.number("policies.digital_transformation.cost_yuan", g.digital_cost_yuan, "yuan", 0, 1e12, "Firm's cost of digitalising.");
  b.grant("policies.tech_centres", g.tech_centres, "Enterprise technology centres (seed: 7 provincial projects, 12 m yuan).", "Grant per recognised centre.");
  b.integer("policies.tech_centres.per_year", g.tech_centres_per_year, "centres", 0, 100000, "Centres recognised per year.");
  b.number("policies.tech_centres.rd_boost", g.tech_centre_rd_boost, "share", 0, 10, "Innovation odds x (1 + boost) for recognised centres.");
  b.grant("policies.talent_subsidy", g.talent_subsidy, "Talent subsidy: 20 % of a flexible-talent cooperation project's cost, at most 300 k yuan.",
          "Cap per project.");
  b.number("policies.talent_subsidy.share", g.talent_subsidy_share, "share", 0, 1, "Share of the project cost paid.");
  b.number("policies.talent_subsidy.project_cost_yuan", g.cooperation_project_cost_yuan, "yuan", 0, 1e12, "Cost of a cooperation project.");
  b.number("policies.talent_subsidy.rate_without", g.cooperation_rate, "projects per firm-year", 0, 1, "Projects per eligible firm per year without the subsidy.");
  b.number("policies.talent_subsidy.rate_with", g.cooperation_rate_supported, "projects per firm-year", 0, 1, "With the subsidy.");
  b.number("policies.talent_subsidy.talent_per_project", g.talent_per_project, "persons", 0, 1e4, "Researchers and engineers a project brings.");
  b.grant("policies.engineer_training", g.engineer_training, "Industry-engineer training classes (seed: ~10 classes, 150+ trainees).", "Cost per class.",
          false, false);
  b.integer("policies.engineer_training.classes_per_year", g.training_classes_per_year, "classes", 0, 100000, "Classes per year.");
  b.number("policies.engineer_training.trainees_per_class", g.trainees_per_class, "persons", 0, 1e5, "Trainees per class.");

  ConsortiumParams& ic = p.consortia;
  b.section("policies.innovation_consortia",
            "Innovation consortia (创新联合体): a chain-leader firm, member firms of its sector and a partner lab attack a key "
            "technology for a few years, funded by a yearly grant and the leader's co-funding. Off by default (no seed figures).");
  b.programme("policies.innovation_consortia", ic.programme, true, "Annual budget for consortium grants (running consortia are paid first).");
  b.integer("policies.innovation_consortia.per_year", ic.per_year, "consortia per year", 0, 64,
            "Most consortia formed per year (at most one running per sector).");
  b.number("policies.innovation_consortia.grant_yuan", ic.grant_yuan, "yuan per year", 0, 1e12, "G: government grant per consortium per year.");
  b.integer("policies.innovation_consortia.duration_years", ic.duration_years, "years", 1, 50,
            "D: years a consortium runs unless it breaks through earlier.");
  b.number("policies.innovation_consortia.cofunding_share", ic.cofunding_share, "share", 0, 0.95,
           "s: the leader's share of the consortium's yearly budget T = G / (1 - s).");
  b.integer("policies.innovation_consortia.members", ic.members, "firms", 0, 50, "Member firms besides the leader (the sector's top by innovation points).");
  b.stage("policies.innovation_consortia.member_min_stage", ic.member_min_stage, "Members' eligibility: the lowest rung that qualifies.");
  b.number("policies.innovation_consortia.lab_share", ic.lab_share, "share", 0, 1, "Share of the yearly budget T paid to the partner lab.");
  b.number("policies.innovation_consortia.success_max", ic.success_max, "probability per year", 0, 1,
           "p_max: yearly breakthrough probability p = p_max (1 - exp(-T / T_ref)) as funding grows without bound.");
  b.number("policies.innovation_consortia.reference_funding_yuan", ic.reference_funding_yuan, "yuan per year", 1, INF,
           "T_ref: the yearly budget at which p reaches 63 % of p_max.");
  b.number("policies.innovation_consortia.gain", ic.gain, "share", 0, 10, "Leader's productivity gain from a breakthrough.");
  b.number("policies.innovation_consortia.member_gain_share", ic.member_gain_share, "share", 0, 1,
           "Each member's gain as a share of the leader's.");

  TalentServicesParams& ts = p.talent_services;
  b.section("policies.talent_services",
            "Talent services (housing subsidies, school places, medical cover): a yearly budget buys service places for the "
            "talent pool; served talent leave less often and the offer draws more. Off by default (the seed gives no figures).");
  b.programme("policies.talent_services", ts.programme, true, "Annual budget for service places (bought for a year at the annual review).",
              false, false);
  b.number("policies.talent_services.cost_per_person_yuan", ts.cost_per_person_yuan, "yuan per person-year", 1, 1e9,
           "c: cost of one service place (housing subsidy, school place, medical cover) for a year.");
  b.number("policies.talent_services.eligible_share", ts.eligible_share, "share", 0, 1,
           "e: most places, as a share of the talent stock (those who need housing, schooling or care).");
  b.number("policies.talent_services.retention_factor", ts.retention_factor, "share", 0, 1,
           "rho: a served person's outflow rate as a share of talent.outflow_rate (1: services keep no one).");
  b.number("policies.talent_services.attraction", ts.attraction, "", 0, 100,
           "eta: inflow rate x (1 + eta x served share of the stock).");

  LiaisonParams& lo = p.liaison;
  b.section("policies.liaison_officers",
            "Innovation-points liaison officers (创新积分制 联络员): the top-N innovation-points firms get an officer who brings "
            "firms to apply for the programmes they are eligible for. Off by default (the seed gives no figures).");
  b.programme("policies.liaison_officers", lo.programme, true, "Annual budget for officers (hired for a year at the annual review).",
              false, false);
  b.number("policies.liaison_officers.cost_per_officer_yuan", lo.cost_per_officer_yuan, "yuan per officer-year", 1, 1e9,
           "c_o: an officer's cost for a year (salary and on-costs).");
  b.integer("policies.liaison_officers.firms_per_officer", lo.firms_per_officer, "firms", 1, 100000,
            "k: top-N firms one officer looks after.");
  b.number("policies.liaison_officers.take_up_boost", lo.take_up_boost, "share", 0, 1,
           "beta: a served firm's take-up share t becomes t + beta (1 - t) in application mode (0: officers change nothing).");

  b.section("talent", "The pool of researchers and engineers firms hire S&T staff from.");
  b.number("talent.stock_per_st_job", p.talent.stock_per_st_job, "", 0, 100, "Initial stock relative to firms' S&T staff.");
  b.number("talent.inflow_rate", p.talent.inflow_rate, "per year", 0, 10, "Yearly inflow as a share of the stock.");
  b.number("talent.outflow_rate", p.talent.outflow_rate, "per year", 0, 10, "Yearly outflow as a share of the stock.");
  b.number("talent.scarcity_elasticity", p.talent.scarcity_elasticity, "", 0, 10, "R&D effectiveness x min(1, stock/demand)^elasticity.");

  InitialParams& i0 = p.initial;
  b.section("initial", "Initial conditions (the seed's figures).");
  static const char* STAGE_KEYS[STAGE_COUNT] = {"startup", "tech_sme", "high_tech", "gazelle", "unicorn"};
  for (int s = 0; s < STAGE_COUNT; ++s) {
    b.number(std::string("initial.stage_shares.") + STAGE_KEYS[s], i0.stage_shares[static_cast<std::size_t>(s)], "share", 0, 1,
             "Share of the initial population on this rung.");
    b.number(std::string("initial.median_employees.") + STAGE_KEYS[s], i0.median_employees[static_cast<std::size_t>(s)], "persons",
             1, 1e6, "Median employees at the start on this rung.");
  }
  b.number("initial.employees_dispersion", i0.employees_dispersion, "", 0, 5, "s.d. of log employees at the start.");
  b.number("initial.tech_loans_yuan", i0.tech_loans_yuan, "yuan", 0, INF, "Tech-loan balance at the start (seed: > 150 bn).");
  b.number("initial.insured_firms", i0.insured_firms, "firms", 0, 1e7, "Firms with tech insurance at the start (seed: ~1,000).");
  b.number("initial.incubated_firms", i0.incubated_firms, "firms", 0, 1e7, "Incubator tenants at the start (seed: > 2,000).");
  b.number("initial.digitalised_share", i0.digitalised_share, "share", 0, 1, "Share of firms already digitalised.");
}

}  // namespace

void declare_parameters(scenario::Schema& schema) {
  Params p;
  Binder b{&schema, nullptr};
  bind_parameters(b, p);
}

Params params_from(const scenario::Scenario& s) {
  Params p;
  Binder b{nullptr, &s};
  bind_parameters(b, p);
  p.start_year = s.start_year();
  p.horizon_years = s.horizon_years();
  p.initial_firms = static_cast<int>(s.integer("population.firms"));
  const std::string& sampling = s.text("outputs.sampling");
  p.sampling_months = sampling == "monthly" ? 1 : sampling == "quarterly" ? 3 : 12;
  const std::string& panel = s.text("outputs.panel_period");
  p.panel_months = panel == "monthly" ? 1 : panel == "quarterly" ? 3 : 12;
  return p;
}

}  // namespace innosim::model
