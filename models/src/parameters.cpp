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
  void programme(const std::string& base, Programme& p, bool has_budget, const char* budget_what) {
    boolean(base + ".enabled", p.enabled, "Switches the instrument on or off.");
    integer(base + ".start_year", p.start_year, "calendar year", 0, 3000,
            "First calendar year the instrument is active (0: from the start).");
    integer(base + ".end_year", p.end_year, "calendar year", 0, 9999, "Last calendar year the instrument is active.");
    stage(base + ".min_stage", p.min_stage, "Eligibility: the lowest rung of the gradient ladder that qualifies.");
    if (has_budget) schedule(base + ".budget_yuan", p.budget_yuan, "yuan per year", 0, 1e13, budget_what);
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
  b.integer("firms.sectors", f.sectors, "sectors", 1, 64, "Number of sectors (markets).");

  BankParams& bk = p.bank;
  b.section("institutions", "Banks and private investors.");
  b.section("institutions.banks", "Banks with technology-finance units: appraisal, rationing, pricing, defaults.");
  b.integer("institutions.banks.count", bk.banks, "banks", 1, 1000, "Banks; each firm has a house bank.");
  b.number("institutions.banks.lambda", bk.lambda, "", 0, 100, "Lambda: credit ceiling = Lambda max(NW, S - W) (K+S), calibrated to the 150 bn book.");
  b.number("institutions.banks.base_rate", bk.base_rate, "per year", 0, 1, "Base lending rate (one-year LPR).");
  b.number("institutions.banks.spread_low", bk.spread_low, "per year", 0, 1, "Spread over base for the best risk class.");
  b.number("institutions.banks.spread_high", bk.spread_high, "per year", 0, 1, "Spread for the worst accepted class.");
  b.number("institutions.banks.score_cutoff", bk.score_cutoff, "score", 0, 1, "Minimum appraisal score.");
  b.number("institutions.banks.term_years", bk.term_years, "years", 0.1, 50, "Loan term (amortising monthly).");
  b.number("institutions.banks.loss_given_default", bk.loss_given_default, "share", 0, 1, "Share of principal lost on default.");
  b.number("institutions.banks.max_loan_yuan", bk.max_loan_yuan, "yuan", 0, INF, "Largest single loan.");
  b.number("institutions.banks.insured_ceiling_bonus", bk.insured_ceiling_bonus, "share", 0, 10, "Extra Lambda share for insured borrowers.");

  VentureParams& v = p.venture;
  b.section("institutions.venture", "Private venture and angel capital.");
  b.number("institutions.venture.private_capital_yuan_per_year", v.private_vc_yuan_per_year, "yuan per year", 0, INF, "Private VC committed per year.");
  b.number("institutions.venture.angel_capital_yuan_per_year", v.angel_yuan_per_year, "yuan per year", 0, INF, "Angel capital per year.");
  b.number("institutions.venture.exit_years_mean", v.exit_years_mean, "years", 0.1, 100, "Mean holding period before an IPO/M&A exit.");
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
  b.programme("policies.loan_interest_subsidy", is.programme, true, "Annual budget; payments stop when it runs out.");
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
           "m_g: covered borrowers' default hazard x (1 + m_g c) (de Blasio et al.; Lelarge et al.).");
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
