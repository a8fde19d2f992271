#include "innosim/model/ecosystem.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "innosim/engine/error.hpp"
#include "innosim/model/rules.hpp"

namespace innosim::model {

namespace {

using engine::purpose_id;

// Stream purposes (see engine/random.hpp: keyed by seed, replication, firm id, purpose).
constexpr std::uint64_t P_BIRTH = purpose_id("birth");
constexpr std::uint64_t P_DEMAND_A = purpose_id("demand_a");
constexpr std::uint64_t P_DEMAND_B = purpose_id("demand_b");
constexpr std::uint64_t P_INNOVATE = purpose_id("innovate");
constexpr std::uint64_t P_IMITATE = purpose_id("imitate");
constexpr std::uint64_t P_JUMP = purpose_id("jump");
constexpr std::uint64_t P_HAZARD = purpose_id("hazard");
constexpr std::uint64_t P_DEFAULT = purpose_id("default");
constexpr std::uint64_t P_LOSS = purpose_id("loss");
constexpr std::uint64_t P_LOSS_SIZE = purpose_id("loss_size");
constexpr std::uint64_t P_INSURE = purpose_id("insure");
constexpr std::uint64_t P_SCREEN = purpose_id("screen");
constexpr std::uint64_t P_VC_EXIT = purpose_id("vc_exit");
constexpr std::uint64_t P_PATENT = purpose_id("patent");
constexpr std::uint64_t P_ENTRY = purpose_id("entry");
constexpr std::uint64_t P_APPLY = purpose_id("apply");
constexpr std::uint64_t P_OPPORTUNITY = purpose_id("opportunity");
constexpr std::uint64_t P_OPPORTUNITY_A = purpose_id("opportunity_a");
constexpr std::uint64_t P_OPPORTUNITY_B = purpose_id("opportunity_b");

constexpr double US_DOLLAR_YUAN = 7.1;  // exchange rate for the unicorn threshold
constexpr double UNICORN_USD = 1e9;

double normal_from(double u1, double u2) {
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
}

}  // namespace

Ecosystem::Ecosystem(const Params& p, std::uint64_t seed, std::uint64_t replication, RunObserver* observer)
    : p_(p),
      seed_(seed),
      replication_(replication),
      observer_(observer),
      sim_(engine::Date{p.start_year, 1, 1}),
      entry_stream_(seed, replication, 0, P_ENTRY) {
  if (p_.firm.sectors < 1 || p_.firm.sectors > 64) throw ModelError("firms.sectors must be in [1, 64]");
  if (p_.bank.banks < 1 || p_.bank.banks > 1000) throw ModelError("banks.count must be in [1, 1000]");
  if (p_.sampling_months != 1 && p_.sampling_months != 3 && p_.sampling_months != 12)
    throw ModelError("sampling period must be 1, 3 or 12 months");
  if (observer_) {
    want_panel_ = observer_->wants_panel();
    want_events_ = observer_->wants_events();
  }
  wage_ = p_.firm.wage_yuan_per_month;
  year_ = p_.start_year;
  banks_.assign(static_cast<std::size_t>(p_.bank.banks), Bank{});
  series_.assign(metric_catalogue().size(), {});
  open_budgets();
  create_initial_population();
  setup_part2();
  compute_innovation_points();
  venture_round();  // this year's vintage (the funds already in the city) and its first round
  annual_programmes();  // the first year's programmes run at the start
  schedule_events();
  schedule_part2();
}

// The calendar year whose rules apply: the monthly step on 1 January
// processes December, so it still uses the old year's schedules and budget;
// the annual review that follows it switches to the new year.
int Ecosystem::calendar_year() const { return year_; }

// ---------------------------------------------------------------- setup

Firm Ecosystem::make_firm(std::int64_t id, std::uint64_t origin, Stage stage, bool entrant) {
  const FirmParams& fp = p_.firm;
  engine::RandomStream r(seed_, replication_, origin, P_BIRTH);
  Firm f;
  f.id = id;
  f.stream = engine::stream_base(seed_, replication_, origin);
  f.stage = stage;
  f.sector = static_cast<std::uint16_t>(engine::uniform_index(r, static_cast<std::uint64_t>(fp.sectors)));
  f.bank = static_cast<std::uint16_t>(engine::uniform_index(r, static_cast<std::uint64_t>(p_.bank.banks)));
  const int s = static_cast<int>(stage);
  const double sigma = fp.productivity_dispersion;
  // Incumbents at the start are survivors: redraw productivity until the
  // firm covers its wages and other costs (at most 50 tries). Entrants are not selected.
  for (int tries = 0; tries < 50; ++tries) {
    f.productivity = fp.productivity_mean_yuan * std::exp(sigma * engine::normal(r) - 0.5 * sigma * sigma) *
                     (1.0 + 0.08 * s);  // certified firms are selected on productivity
    if (entrant || f.productivity * (1.0 - fp.other_cost_share - fp.rd_share_mean) > 1.2 * wage_) break;
  }
  const double conc = fp.rd_share_concentration;
  f.rd_share = engine::beta(r, fp.rd_share_mean * conc, (1.0 - fp.rd_share_mean) * conc);
  f.st_staff_share = engine::beta(r, fp.st_staff_share_mean * 25.0, (1.0 - fp.st_staff_share_mean) * 25.0);
  f.leverage_appetite = engine::beta(r, p_.firm.leverage_appetite_mean * 4.0, (1.0 - p_.firm.leverage_appetite_mean) * 4.0);
  const double now_year = static_cast<double>(p_.start_year) + years();
  double age = 0.0, growth = 0.0;
  if (entrant) {
    f.employees = std::max(1.0, fp.entry_employees_mean * std::exp(0.6 * engine::normal(r) - 0.18));
    f.ip_count = static_cast<double>(engine::poisson(r, 0.3));
    f.cash = fp.entry_cash_months * f.employees * wage_;
  } else {
    f.employees = std::max(1.0, p_.initial.median_employees[static_cast<std::size_t>(s)] *
                                    std::exp(p_.initial.employees_dispersion * engine::normal(r)));
    static constexpr double MAX_AGE[STAGE_COUNT] = {3, 12, 20, 8, 10};
    static constexpr double MIN_AGE[STAGE_COUNT] = {0, 1, 3, 3, 3};
    age = engine::uniform(r, MIN_AGE[s], MAX_AGE[s]);
    static constexpr double IP_MEAN[STAGE_COUNT] = {0.3, 2.0, 5.0, 8.0, 20.0};
    f.ip_count = static_cast<double>(engine::poisson(r, IP_MEAN[s]));
    growth = stage == Stage::gazelle ? engine::uniform(r, 0.22, 0.45) : engine::normal(r, 0.06, 0.10);
  }
  f.birth_year = now_year - age;
  f.birth_factor = std::exp((f.birth_year - static_cast<double>(p_.start_year)) / fp.hazard_decay_years);
  f.demand = f.employees * f.productivity;
  f.revenue = f.demand;
  f.wage_bill = f.employees * wage_;
  const double annual = 12.0 * f.revenue;
  if (stage >= Stage::high_tech) {
    // Certified firms satisfy the rules they were certified under.
    f.rd_share = std::max(f.rd_share, hte_rd_threshold(annual) + 0.004);
    f.st_staff_share = std::max(f.st_staff_share, 0.105);
    f.ip_count = std::max(f.ip_count, 1.0);
  } else if (stage == Stage::tech_sme) {
    f.st_staff_share = std::max(f.st_staff_share, 0.105);
    f.rd_share = std::max(f.rd_share, 0.035);
    f.ip_count = std::max(f.ip_count, std::ceil((60.0 - tech_sme_score(f, f.rd_share) + 6.0 * f.ip_count) / 6.0));
  }
  if (!entrant) {
    f.cash = 3.0 * f.revenue * engine::uniform(r, 0.3, 1.0);
    for (int k = 0; k < 4; ++k) f.revenue_history[k] = annual / std::pow(1.0 + std::max(-0.5, growth), k + 1);
    for (int k = 0; k < 3; ++k) f.rd_history[k] = f.revenue_history[k] * f.rd_share;
  }
  f.rd_spending = f.rd_share * f.revenue;
  update_volatility(f, 12.0 * f.revenue);
  return f;
}

void Ecosystem::update_volatility(Firm& f, double annual_revenue) const {
  // sigma(S) = sigma0 (S / S_ref)^-beta: smaller firms are more volatile.
  const FirmParams& fp = p_.firm;
  f.volatility = fp.demand_volatility *
                 std::pow(std::max(annual_revenue, 1e5) / fp.reference_revenue_yuan, -fp.volatility_size_elasticity);
}

void Ecosystem::create_initial_population() {
  const int n = p_.initial_firms;
  if (n < 0) throw ModelError("population.firms must be >= 0");
  firms_.reserve(static_cast<std::size_t>(n) + static_cast<std::size_t>(p_.firm.entry_rate_per_year * p_.horizon_years * 1.2) + 16);
  // Stage counts by largest remainder, so the ladder matches the shares exactly.
  std::array<int, STAGE_COUNT> counts{};
  double total_share = 0;
  for (double s : p_.initial.stage_shares) total_share += s;
  if (!(total_share > 0)) throw ModelError("initial.stage_shares must not all be zero");
  int assigned = 0;
  for (int s = 0; s < STAGE_COUNT; ++s) {
    counts[s] = static_cast<int>(std::floor(n * p_.initial.stage_shares[s] / total_share));
    assigned += counts[s];
  }
  for (int s = 0; assigned < n; s = (s + 1) % STAGE_COUNT)
    if (p_.initial.stage_shares[s] > 0) ++counts[s], ++assigned;
  for (int s = STAGE_COUNT - 1; s >= 0; --s)
    for (int k = 0; k < counts[s]; ++k) {
      const std::int64_t id = next_id_++;
      firms_.push_back(make_firm(id, static_cast<std::uint64_t>(id), static_cast<Stage>(s), false));
    }
  for (const Firm& f : firms_) market_[f.sector] += f.demand;
  // Founders' and past capital: the firms' opening cash comes from outside.
  for (Firm& f : firms_) ledger_.transfer(Account::external, Account::firms, f.cash, Flow::endowment);
  subsidy_applications();  // before the opening book, so approved firms' loans are subsidised

  // Opening tech-loan book: each firm's desired debt (appetite x Lambda x
  // operating surplus, as in seek_credit), scaled so the book equals the
  // seed's balance, capped by the ceiling.
  double target_sum = 0;
  std::vector<double> target(firms_.size());
  for (std::size_t i = 0; i < firms_.size(); ++i) {
    const Firm& f = firms_[i];
    const double surplus = 12.0 * (f.revenue * (1.0 - p_.firm.other_cost_share) - f.wage_bill);
    target[i] = f.leverage_appetite * p_.bank.lambda * std::max(0.0, surplus);
    target_sum += target[i];
  }
  const double scale = target_sum > 0 ? p_.initial.tech_loans_yuan / target_sum : 0.0;
  for (std::size_t i = 0; i < firms_.size(); ++i) {
    Firm& f = firms_[i];
    const double d = std::min(target[i] * scale, credit_ceiling(f, false));
    if (d <= 0) continue;
    f.debt = d;
    f.loan_rate = p_.bank.base_rate + p_.bank.spread_high -
                  (p_.bank.spread_high - p_.bank.spread_low) * appraisal_score(f);
    f.loan_months_left = 1.0 + std::floor(u(f, P_BIRTH, 7) * 12.0 * p_.bank.term_years);
    if (subsidy_eligible(f)) f.subsidised_debt = d;
    banks_[f.bank].loan_book += d;
    // The money was lent and spent before the start: bank -> (firm) -> suppliers.
    banks_[f.bank].cash -= d;
    ledger_.transfer(Account::banks, Account::external, d, Flow::endowment);
  }
  // Insured firms at the start (seed: about 1,000): the most certified first.
  int to_insure = static_cast<int>(p_.insurance.programme.enabled ? p_.initial.insured_firms : 0);
  for (Firm& f : firms_) {
    if (to_insure <= 0) break;
    if (f.stage < p_.insurance.programme.min_stage) continue;
    f.insurance_cover = std::min(p_.insurance.max_cover_yuan, p_.insurance.cover_revenue_multiple * 12.0 * f.revenue);
    --to_insure;
  }
  // Government capital for the guidance fund and the risk pool.
  if (p_.venture.guidance.active(p_.start_year) && p_.venture.guidance_fund_yuan > 0) {
    government_cash_ -= p_.venture.guidance_fund_yuan;
    guidance_cash_ += p_.venture.guidance_fund_yuan;
    ledger_.transfer(Account::government, Account::guidance_fund, p_.venture.guidance_fund_yuan, Flow::guidance_funding);
    fiscal_period_[static_cast<int>(Fiscal::guidance_fund)] += p_.venture.guidance_fund_yuan;
    fiscal_total_[static_cast<int>(Fiscal::guidance_fund)] += p_.venture.guidance_fund_yuan;
  }
  if (p_.risk_pool.programme.active(p_.start_year)) {
    const double fund = p_.risk_pool.fund_yuan;
    government_cash_ -= fund;
    pool_cash_ += fund;
    pool_funded_ = true;
    ledger_.transfer(Account::government, Account::risk_pool, fund, Flow::pool_funding);
    fiscal_period_[static_cast<int>(Fiscal::risk_pool)] += fund;
    fiscal_total_[static_cast<int>(Fiscal::risk_pool)] += fund;
  }
}

void Ecosystem::schedule_events() {
  const engine::Date start = sim_.start_date();
  // Firm step at the end of each month (1st of the next), then the annual
  // review on 1 January after the December step (priority orders them).
  sim_.schedule_calendar(engine::Recurrence::monthly, engine::add_months_clamped(start.year, start.month, 1, 1),
                         [this] { monthly_step(); }, 0);
  sim_.schedule_calendar(engine::Recurrence::yearly, engine::Date{start.year + 1, 1, 1}, [this] { annual_review(); }, 1);
  const double rate_per_day = p_.firm.entry_rate_per_year / engine::DAYS_PER_YEAR;
  if (rate_per_day > 0)
    sim_.schedule_in(engine::exponential(entry_stream_, rate_per_day), [this] { entry_arrival(); });
  sample(census());  // t = 0
}

// ---------------------------------------------------------------- accounting

void Ecosystem::pay(Firm& f, Account to, double amount, Flow kind) {
  f.cash -= amount;
  ledger_.transfer(Account::firms, to, amount, kind);
}

void Ecosystem::owner_payout(Firm& f, double amount) {
  if (f.lab_stake <= 0) {
    pay(f, Account::external, amount, Flow::owner_payout);  // without a stake, the exact pre-lever arithmetic
    return;
  }
  // Technology for equity: the labs are owners of their stake's share.
  const double to_labs = f.lab_stake * amount;
  pay(f, Account::labs, to_labs, Flow::equity_dividend);
  labs_income(to_labs);
  equity_income_ += to_labs;
  pay(f, Account::external, amount - to_labs, Flow::owner_payout);
}

void Ecosystem::receive(Firm& f, Account from, double amount, Flow kind) {
  f.cash += amount;
  ledger_.transfer(from, Account::firms, amount, kind);
}

double Ecosystem::spend_budget(Fiscal prog, const Programme& programme, double amount) {
  if (!programme.active(calendar_year())) return 0.0;
  const int i = static_cast<int>(prog);
  const double paid = std::min(amount, budget_left_[i]);
  if (paid <= 0) return 0.0;
  budget_left_[i] -= paid;
  spent_year_[i] += paid;
  fiscal_period_[i] += paid;
  fiscal_total_[i] += paid;
  government_cash_ -= paid;
  return paid;
}

void Ecosystem::emit(EventKind k, const Firm& f, double amount) {
  if (want_events_) observer_->on_event(years(), f.id, k, amount);
}

// ---------------------------------------------------------------- events

void Ecosystem::spawn_firm(bool spinoff, double quality, std::uint64_t result_id) {
  constexpr std::uint64_t ENTRANT_KEYS = std::uint64_t{1} << 40, SPINOFF_KEYS = std::uint64_t{2} << 40;
  const std::uint64_t origin = spinoff ? SPINOFF_KEYS + result_id : ENTRANT_KEYS + ++entrants_made_;
  Firm f = make_firm(next_id_++, origin, Stage::startup, true);
  if (spinoff) {
    // A spin-off starts from its lab result: better technology and core IP.
    f.productivity *= 1.0 + quality;
    f.ip_count = std::max(f.ip_count, 1.0);
    f.demand = f.employees * f.productivity;
    f.revenue = f.demand;
  }
  ledger_.transfer(Account::external, Account::firms, f.cash, Flow::endowment);
  firms_.push_back(f);
  market_[f.sector] += f.demand;  // an entrant brings its own niche
  entries_ += 1;
  admit_to_incubator(firms_.back());
  emit(EventKind::entry, firms_.back(), f.cash);
}

void Ecosystem::entry_arrival() {
  spawn_firm(false, 0.0);
  sim_.schedule_in(engine::exponential(entry_stream_, p_.firm.entry_rate_per_year / engine::DAYS_PER_YEAR),
                   [this] { entry_arrival(); });
}

void Ecosystem::monthly_step() {
  ++month_;
  year_ = p_.start_year + static_cast<int>((month_ - 1) / 12);  // the year of the month just ended
  const double t = static_cast<double>(month_) / 12.0;
  wage_ = p_.firm.wage_yuan_per_month * std::pow(1.0 + p_.firm.wage_growth, t);
  deepening_ = std::pow(1.0 + p_.firm.credit_deepening, t);
  age_decay_ = std::exp(-t / p_.firm.hazard_decay_years);
  default_p_ = 1.0 - std::exp(-p_.firm.strategic_default_rate / 12.0);
  loss_p_ = 1.0 - std::exp(-p_.insurance.loss_event_rate / 12.0);
  opportunity_p_ = 1.0 - std::exp(-p_.firm.opportunity_rate / 12.0);
  opportunity_drift_ = opportunity_p_ * 0.5 * p_.firm.opportunity_size * p_.firm.opportunity_size;

  // Sector statistics: the market grows; demand shares are renormalised to
  // it (entry adds its own niche, exits free theirs for the survivors); the
  // replicator compares each firm with the share-weighted mean productivity.
  SectorView sv;
  std::array<double, 64> demand_sum{};
  st_demand_ = 0;
  double covered = 0;  // the pool's covered outstanding, in the same pass
  for (const Firm& f : firms_) {
    if (!f.alive) continue;
    st_demand_ += f.st_staff_share * f.employees;
    demand_sum[f.sector] += f.demand;
    sv.mean_productivity[f.sector] += f.demand * f.productivity;
    covered += f.covered_debt;
  }
  const double growth = std::exp(p_.firm.market_growth / 12.0);
  for (int s = 0; s < p_.firm.sectors; ++s) {
    market_[s] *= growth;
    sv.demand_scale[s] = demand_sum[s] > 0 ? market_[s] / demand_sum[s] : 1.0;
    sv.mean_productivity[s] = demand_sum[s] > 0 ? sv.mean_productivity[s] / demand_sum[s] : 1.0;
  }

  // Pool bookkeeping: covered outstanding and suspension trigger.
  pool_covered_outstanding_ = covered;
  const int ring = static_cast<int>(month_ % 12);
  pool_defaults_12m_ -= pool_default_ring_[ring];
  pool_default_ring_[ring] = 0;
  if (pool_funded_) {
    const double npl = pool_covered_outstanding_ > 0 ? pool_defaults_12m_ / pool_covered_outstanding_ : 0.0;
    pool_suspended_ = npl > p_.risk_pool.suspension_npl_ratio;
  }

  talent_month();

  const bool sampling = month_ % static_cast<std::uint64_t>(p_.sampling_months) == 0;
  Census c;
  const std::size_t n = firms_.size();  // entrants this month join next month
  for (std::size_t i = 0; i < n; ++i) {
    Firm& f = firms_[i];
    if (!f.alive) continue;
    step_firm(f, sv);
    ++firm_months_;
    if (sampling && f.alive) c.add(f);
  }
  if (want_panel_ && month_ % static_cast<std::uint64_t>(p_.panel_months) == 0) {
    // Alive firms, and firms that exited since the previous panel (once).
    for (const Firm& f : firms_)
      if (f.alive || f.exit_time > last_panel_time_) observer_->on_firm(t, f);
    last_panel_time_ = t;
  }
  if (sampling) {
    // No firm enters inside the step, so the census covers every alive firm.
    if (firms_.size() != n) throw InternalError("firms entered during the monthly step");
    sample(c);
  }
}

void Ecosystem::step_firm(Firm& f, const SectorView& sv) {
  const FirmParams& fp = p_.firm;
  const std::uint64_t m = month_;

  // 1. Demand share: replicator on relative productivity (K+S:
  // f' = f (1 + chi (E - mean E) / mean E)), a shock whose size falls with
  // firm size, then renormalised to the sector's market.
  double sigma = f.volatility;
  // Risk shifting: borrowers whose loans the pool covers take riskier
  // projects (Jensen-Meckling), raising the volatility of their demand.
  if (f.covered_debt > 0)
    sigma *= 1.0 + p_.risk_pool.risk_shifting * p_.risk_pool.coverage.at(calendar_year()) * f.covered_debt / f.debt;
  const double z = normal_from(u(f, P_DEMAND_A, m), u(f, P_DEMAND_B, m));
  const double mean_a = sv.mean_productivity[f.sector];
  const double replicator = std::max(0.5, 1.0 + fp.selection_strength / 12.0 * (f.productivity - mean_a) / mean_a);
  const double incubator_bonus = f.incubated ? p_.incubators.growth_bonus / 12.0 : 0.0;  // faster growth while incubated
  // Lumpy opportunities (Bottazzi and Secchi 2006): now and then a firm wins
  // or loses a large contract, a log-normal jump in demand; with the small
  // Gaussian shocks this gives the tent-shaped, fat-tailed growth rates.
  // The drift term keeps expected demand unchanged by the jumps.
  double jump = 0;
  if (u(f, P_OPPORTUNITY, m) < opportunity_p_)
    jump = fp.opportunity_size * normal_from(u(f, P_OPPORTUNITY_A, m), u(f, P_OPPORTUNITY_B, m));
  f.demand *= sv.demand_scale[f.sector] * replicator *
              std::exp(incubator_bonus + jump - opportunity_drift_ + sigma * z / std::sqrt(12.0) - 0.5 * sigma * sigma / 12.0);

  // 2. Employment moves toward what demand needs; firms without cash do not hire.
  double desired = f.demand / f.productivity;
  if (f.cash <= 0 && desired > f.employees) desired = f.employees;
  f.employees = std::max(1.0, f.employees + fp.employment_adjustment * (desired - f.employees));

  // 3. Production and the month's cash flows.
  f.revenue = std::min(f.demand, f.employees * f.productivity);
  f.wage_bill = f.employees * wage_;
  f.rd_spending = f.cash > 0 ? f.rd_share * f.revenue : 0.0;
  receive(f, Account::external, f.revenue, Flow::revenue);
  pay(f, Account::external, f.wage_bill, Flow::wages);
  pay(f, Account::external, fp.other_cost_share * f.revenue, Flow::operating_costs);
  pay(f, Account::external, f.rd_spending, Flow::rd);
  f.year_revenue += f.revenue;
  f.year_rd += f.rd_spending;
  ++f.months_in_year;
  service_loan(f);
  if (f.insurance_cover > 0 || p_.insurance.loss_event_rate > 0) insurance_month(f);

  // 4. R&D: innovation and imitation succeed with theta = 1 - exp(-zeta RD/RD_ref)
  // per year on the firm's annualised R&D (K+S), drawn as a monthly hazard
  // theta/12, so a firm innovates at most about once a year whatever its size.
  // Talent scarcity makes R&D less effective; a recognised technology centre more.
  const double rd_norm = 12.0 * f.rd_spending / fp.rd_reference_yuan_per_year * talent_factor_ *
                         (f.tech_centre ? 1.0 + p_.programmes.tech_centres.rd_boost : 1.0);
  if (rd_norm > 0) {
    const double k_in = fp.zeta_innovation * fp.innovation_share, k_im = fp.zeta_imitation * (1.0 - fp.innovation_share);
    const double e_in = std::exp(-k_in * rd_norm);
    const double e_im = k_im == k_in ? e_in : std::exp(-k_im * rd_norm);  // one exp when the odds are equal (the default)
    const double p_in = (1.0 - e_in) / 12.0;
    if (u(f, P_INNOVATE, m) < p_in) {
      engine::RandomStream jr(seed_, replication_, f.stream, P_JUMP ^ (m * 0x9e3779b97f4a7c15ull));  // keyed by origin, like all firm draws
      const double x = fp.jump_low + engine::beta(jr, fp.jump_beta_a, fp.jump_beta_b) * (fp.jump_high - fp.jump_low);
      // 1 + Bernoulli(patents - 1) IP items; the new technology is adopted
      // only if it is better (K+S: A' = max(A, A_in)).
      f.ip_count += 1.0 + (u(f, P_PATENT, m) < fp.patents_per_innovation - 1.0 ? 1.0 : 0.0);
      if (x > 0) {
        innovation_to_market(f, x, m);  // at once, or after a pilot test
        ++f.innovations;
        innovations_ += 1;
        emit(EventKind::innovation, f, 0.0);
      }
    }
    const double p_im = (1.0 - e_im) / 12.0;
    if (u(f, P_IMITATE, m) < p_im) {
      const double target = f.productivity + fp.imitation_catch_up * (sv.mean_productivity[f.sector] - f.productivity);
      f.productivity = std::max(f.productivity, target);
    }
  }

  // 5. Exit: background hazard falling with age; borrower default hazard,
  // raised on pool-covered loans (risk shifting).
  // exp(-age / tau) = exp(-t / tau) exp(birth / tau): one product per firm.
  const double hazard = (fp.hazard_old + (fp.hazard_young - fp.hazard_old) * age_decay_ * f.birth_factor) *
                        (f.incubated ? p_.incubators.hazard_multiplier : 1.0);
  if (u(f, P_HAZARD, m) < 1.0 - std::exp(-hazard / 12.0)) {
    exit_firm(f, false);  // closure: repays in full (cash, then assets)
    return;
  }
  if (f.debt > 0) {
    double p_default = default_p_;
    if (f.covered_debt > 0) {
      const double shift = p_.risk_pool.risk_shifting * p_.risk_pool.coverage.at(calendar_year()) * f.covered_debt / f.debt;
      p_default = 1.0 - std::exp(-fp.strategic_default_rate * (1.0 + shift) / 12.0);
    }
    if (u(f, P_DEFAULT, m) < p_default) {
      exit_firm(f, true);
      return;
    }
  }

  // 6. Owners take out cash above the precautionary target (dividends), so
  // firms do not hoard; then credit: seek a loan when below the desired
  // debt or short of cash; insolvent (cash < 0 and no credit) firms exit.
  const double monthly_costs = f.wage_bill + (fp.other_cost_share + f.rd_share) * f.revenue;
  const double excess = f.cash - fp.cash_target_months * monthly_costs;
  if (excess > 0) owner_payout(f, fp.payout_share * excess);
  seek_credit(f, false);
  if (f.cash < 0) {
    seek_credit(f, true);
    if (f.cash < 0) exit_firm(f, f.debt > 0);
  }
}

void Ecosystem::service_loan(Firm& f) {
  if (f.debt <= 0) return;
  Bank& b = banks_[f.bank];
  const double interest = f.debt * f.loan_rate / 12.0;
  const double subsidised_share = f.subsidised_debt / f.debt;
  const double principal = f.loan_months_left <= 1.0 ? f.debt : f.debt / f.loan_months_left;
  const double repaid_share = principal / f.debt;
  pay(f, Account::banks, interest, Flow::interest);
  b.cash += interest;
  pay(f, Account::banks, principal, Flow::principal);
  b.cash += principal;
  b.loan_book -= principal;
  f.debt -= principal;
  f.covered_debt *= 1.0 - repaid_share;
  f.subsidised_debt *= 1.0 - repaid_share;
  f.loan_months_left = std::max(0.0, f.loan_months_left - 1.0);
  if (f.debt <= 1e-6 * principal) {
    b.loan_book -= f.debt;  // rounding residue
    f.debt = 0;
    f.covered_debt = f.subsidised_debt = 0;
  }
  if (subsidised_share > 0 && f.subsidy_from_month != 0 && month_ >= f.subsidy_from_month) {
    const double want = p_.interest_subsidy.rate.at(calendar_year()) * interest * subsidised_share;
    const double paid = spend_budget(Fiscal::interest_subsidy, p_.interest_subsidy.programme, want);
    if (paid > 0) receive(f, Account::government, paid, Flow::interest_subsidy);
  }
}

void Ecosystem::subsidy_applications() {
  // Delivery mode: automatic ("no application needed") approves every
  // eligible firm at once; application mode lets a take-up share apply, at
  // a cost, and pays only after the approval delay.
  const Programme& pr = p_.interest_subsidy.programme;
  if (!pr.active(calendar_year())) return;
  const auto delay_months = static_cast<std::uint32_t>(std::lround(pr.approval_delay_days / 30.436875));
  for (Firm& f : firms_) {
    if (!f.alive || f.subsidy_from_month != 0 || f.stage < pr.min_stage) continue;
    if (pr.automatic) {
      f.subsidy_from_month = static_cast<std::uint32_t>(month_) + 1;
      continue;
    }
    // A firm's decision to apply is its own and lasting (one draw per firm),
    // so the approved share of eligible firms is the take-up share.
    const double draw = u(f, P_APPLY, 0);
    if (draw >= take_up_of(f, pr)) continue;
    if (draw >= pr.take_up_share) liaison_applications_ += 1;  // only a liaison officer made it apply (7.13)
    pay(f, Account::external, pr.application_cost_yuan, Flow::application_cost);
    f.subsidy_from_month = static_cast<std::uint32_t>(month_) + 1 + delay_months;
  }
}

bool Ecosystem::subsidy_eligible(const Firm& f) const {
  const Programme& pr = p_.interest_subsidy.programme;
  return pr.active(calendar_year()) && f.stage >= pr.min_stage && f.subsidy_from_month != 0 &&
         budget_left_[static_cast<int>(Fiscal::interest_subsidy)] > 0;
}

bool Ecosystem::pool_eligible(const Firm& f) const {
  const RiskPoolParams& rp = p_.risk_pool;
  return pool_funded_ && !pool_suspended_ && rp.programme.active(calendar_year()) && f.stage >= rp.programme.min_stage &&
         12.0 * f.revenue <= rp.max_revenue_yuan;
}

double Ecosystem::credit_ceiling(const Firm& f, bool covered) const {
  // K+S: Debt_max = Lambda * max(NW, S - W), with annual sales net of
  // wages and of the other operating costs (K+S firms have no other costs).
  const double nw = f.cash - f.debt;
  const double base = std::max(nw, 12.0 * (f.revenue * (1.0 - p_.firm.other_cost_share) - f.wage_bill));
  double lambda = p_.bank.lambda;
  if (f.insurance_cover > 0) lambda *= 1.0 + p_.bank.insured_ceiling_bonus;
  const Programme& tc = p_.tech_credit.programme;
  if (tc.active(calendar_year()) && f.stage >= tc.min_stage && f.ip_count >= 1)
    lambda *= 1.0 + p_.tech_credit.ceiling_bonus;
  if (covered) lambda *= 1.0 + p_.risk_pool.ceiling_bonus_per_coverage * p_.risk_pool.coverage.at(calendar_year());
  return std::max(0.0, lambda * base);
}

double Ecosystem::appraisal_score(const Firm& f) const {
  // Bank appraisal in [0, 1]: operating margin, liquidity, stage and
  // innovation-points signals (assumption; docs/model.md).
  const double margin = f.revenue > 0 ? (f.revenue * (1.0 - p_.firm.other_cost_share - f.rd_share) - f.wage_bill) / f.revenue : -1.0;
  const double liquidity = f.revenue > 0 ? std::clamp(f.cash / (3.0 * f.revenue), -1.0, 1.0) : -1.0;
  double s = 0.35 + 2.0 * margin + 0.15 * liquidity + 0.05 * static_cast<double>(f.stage);
  if (f.top_points) s += 0.1;
  if (f.insurance_cover > 0) s += 0.05;
  return std::clamp(s, 0.0, 1.0);
}

double Ecosystem::loan_offer(const Firm& f, bool emergency, bool covered, double& rate) const {
  const BankParams& bp = p_.bank;
  const double monthly_costs = f.wage_bill + (p_.firm.other_cost_share + f.rd_share) * f.revenue;
  const bool subsidised = subsidy_eligible(f);
  const double score = appraisal_score(f);
  const double coverage = covered ? p_.risk_pool.coverage.at(calendar_year()) : 0.0;
  rate = bp.base_rate + bp.spread_high - (bp.spread_high - bp.spread_low) * score;
  const Programme& tc = p_.tech_credit.programme;
  const bool tech_product = tc.active(calendar_year()) && f.stage >= tc.min_stage && f.ip_count >= 1;
  if (tech_product) rate -= p_.tech_credit.spread_discount;
  const double effective = subsidised ? rate * (1.0 - p_.interest_subsidy.rate.at(calendar_year())) : rate;
  const double reference = tech_product ? rate + p_.tech_credit.spread_discount : rate;  // the ordinary product's rate
  const double ceiling = credit_ceiling(f, covered);
  // Demand: appetite x Lambda x annual operating surplus (the working-capital
  // need), scaled by how cheap credit is (elasticity), within the ceiling.
  const double surplus = 12.0 * (f.revenue * (1.0 - p_.firm.other_cost_share) - f.wage_bill);
  const double cheaper = effective < reference ? std::pow(reference / std::max(effective, 1e-4), p_.firm.loan_demand_elasticity) : 1.0;
  const double desired = std::min(ceiling, deepening_ * f.leverage_appetite * bp.lambda * std::max(0.0, surplus) * cheaper);
  const double liquidity_need = p_.firm.cash_buffer_months * monthly_costs - f.cash;
  double amount = 0;
  if (emergency)
    amount = -f.cash + monthly_costs;
  else if (f.debt < 0.8 * desired)
    amount = desired - f.debt;
  else if (liquidity_need > 0)
    amount = liquidity_need;
  if (amount <= 1e4) return 0.0;
  // Appraisal: existing borrowers are renewed at a lower cut-off
  // (relationship lending); the cut-off falls as pool coverage rises (banks
  // screen less).
  const double cutoff = (f.debt > 0 ? bp.renewal_cutoff : bp.score_cutoff) - p_.risk_pool.screening_relief * coverage;
  if (score < cutoff) return 0.0;
  amount = std::min({amount, ceiling - f.debt, bp.max_loan_yuan});
  return amount > 1e4 ? amount : 0.0;
}

void Ecosystem::seek_credit(Firm& f, bool emergency) {
  // Banks first appraise on ordinary terms and use pool cover only where it
  // adds credit the ordinary terms refuse (a refused or smaller loan), for
  // an eligible borrower, with room under the pool's leverage cap for the
  // whole loan. So covered loans go to the marginal borrowers.
  double rate = 0;
  double amount = loan_offer(f, emergency, false, rate);
  bool covered = false;
  const double pool_room = p_.risk_pool.leverage_cap * pool_cash_ - pool_covered_outstanding_;
  // Distressed (emergency) borrowing is never covered: the pool backs new
  // lending to eligible firms, not rescues.
  if (!emergency && pool_eligible(f) && pool_room > 1e4) {
    double covered_rate = 0;
    const double covered_amount = loan_offer(f, emergency, true, covered_rate);
    if (covered_amount > amount + 1e4 && covered_amount <= pool_room) {
      amount = covered_amount;
      rate = covered_rate;
      covered = true;
    }
  }
  if (amount <= 0) return;
  const bool subsidised = subsidy_eligible(f);
  if (covered) pool_covered_outstanding_ += amount;
  Bank& b = banks_[f.bank];
  f.loan_rate = (f.loan_rate * f.debt + rate * amount) / (f.debt + amount);
  f.debt += amount;
  f.loan_months_left = 12.0 * p_.bank.term_years;
  if (subsidised) f.subsidised_debt += amount;
  if (covered) f.covered_debt += amount;
  b.loan_book += amount;
  b.cash -= amount;
  receive(f, Account::banks, amount, Flow::loan_disbursement);
  new_loans_ += amount;
  emit(EventKind::loan, f, amount);
}

void Ecosystem::insurance_month(Firm& f) {
  const InsuranceParams& ip = p_.insurance;
  if (f.insurance_cover > 0) {
    const double premium = ip.premium_rate * f.insurance_cover / 12.0;
    const double subsidy = spend_budget(Fiscal::insurance, ip.programme, ip.premium_subsidy_share * premium);
    if (subsidy > 0) ledger_.transfer(Account::government, Account::insurer, subsidy, Flow::premium_subsidy);
    pay(f, Account::insurer, premium - subsidy, Flow::premium);
    insurer_cash_ += premium;
  }
  // Product/R&D loss events hit every firm; the insured are compensated.
  if (u(f, P_LOSS, month_) < loss_p_) {
    const double loss = ip.loss_revenue_share * 12.0 * f.revenue * (0.5 + u(f, P_LOSS_SIZE, month_));
    pay(f, Account::external, loss, Flow::loss_event);
    if (f.insurance_cover > 0) {
      const double claim = std::min(loss, f.insurance_cover);
      insurer_cash_ -= claim;
      receive(f, Account::insurer, claim, Flow::claim);
      emit(EventKind::insurance_claim, f, claim);
    }
  }
}

void Ecosystem::exit_firm(Firm& f, bool default_event) {
  f.alive = false;
  leave_incubator(f, false);
  exits_ += 1;
  if (f.debt > 0 && default_event) {
    Bank& b = banks_[f.bank];
    const double loss = p_.bank.loss_given_default * f.debt;
    const double recovered = f.debt - loss;
    ledger_.transfer(Account::external, Account::banks, recovered, Flow::recovery);
    b.cash += recovered;
    if (f.covered_debt > 0 && pool_funded_) {
      const double payout = std::min(pool_cash_, p_.risk_pool.coverage.at(calendar_year()) * loss * f.covered_debt / f.debt);
      if (payout > 0) {
        pool_cash_ -= payout;
        b.cash += payout;
        ledger_.transfer(Account::risk_pool, Account::banks, payout, Flow::pool_payout);
        pool_payouts_ += payout;
        emit(EventKind::pool_payout, f, payout);
      }
      pool_defaults_12m_ += f.covered_debt;
      pool_default_ring_[month_ % 12] += f.covered_debt;
    }
    b.losses += loss;
    b.loan_book -= f.debt;
    defaults_ += 1;
    emit(EventKind::loan_default, f, f.debt);
    f.debt = 0;
  } else if (f.debt > 0) {
    // A closing firm that is not in distress repays in full: from its cash,
    // and the rest from selling its assets.
    Bank& b = banks_[f.bank];
    const double shortfall = f.debt - std::max(0.0, f.cash);
    if (shortfall > 0) receive(f, Account::external, shortfall, Flow::asset_sale);
    const double repay = f.debt;
    pay(f, Account::banks, repay, Flow::principal);
    b.cash += repay;
    b.loan_book -= repay;
    f.debt = 0;
  }
  if (f.cash > 0)
    owner_payout(f, f.cash);  // a stake held by labs takes its share of what is left
  else if (f.cash < 0)
    receive(f, Account::external, -f.cash, Flow::insolvency_absorb);
  f.cash = 0;
  f.covered_debt = f.subsidised_debt = 0;
  f.exit_time = static_cast<double>(month_) / 12.0;
  f.insurance_cover = 0;
  f.employees = 0;
  f.revenue = f.wage_bill = f.rd_spending = 0;
  emit(EventKind::exit, f, 0.0);
}

// ---------------------------------------------------------------- annual review

void Ecosystem::certify(Firm& f) {
  const double s_now = f.revenue_history[0];
  const double rd3 = f.rd_history[0] + f.rd_history[1] + f.rd_history[2];
  const double s3 = f.revenue_history[0] + f.revenue_history[1] + f.revenue_history[2];
  const double rd_intensity = s3 > 0 ? rd3 / s3 : 0.0;
  const double age = static_cast<double>(p_.start_year) + years() - f.birth_year;
  const double growth3 = f.revenue_history[3] > 0 ? std::pow(s_now / f.revenue_history[3], 1.0 / 3.0) - 1.0 : 0.0;
  f.valuation = p_.firm.valuation_revenue_multiple * s_now *
                std::pow(1.0 + std::max(0.0, growth3), p_.firm.valuation_growth_years);
  // Venture-backed firms are also valued at the last round's price moved with revenue.
  if (f.round_valuation > 0 && f.round_revenue > 0)
    f.valuation = std::max(f.valuation, f.round_valuation * s_now / f.round_revenue);
  const bool hte = age >= 1.0 && f.ip_count >= 1.0 && f.st_staff_share >= 0.10 && rd_intensity >= hte_rd_threshold(s_now);
  const bool gazelle_growth = growth3 > 0.20 && f.revenue_history[3] >= 10.0 * 12.0 * wage_;
  const Stage before = f.stage;
  // Unicorns are venture-backed private firms (valuation set by funding rounds and growth).
  if (f.venture_invested > 0 && f.valuation >= UNICORN_USD * US_DOLLAR_YUAN && age <= 10.0)
    f.stage = Stage::unicorn;
  else if (hte && gazelle_growth)
    f.stage = Stage::gazelle;
  else if (hte)
    f.stage = Stage::high_tech;
  else if (f.employees <= 500 && s_now <= 200e6 && f.st_staff_share >= 0.10 && tech_sme_score(f, rd_intensity) >= 60.0)
    f.stage = Stage::tech_sme;
  else
    f.stage = Stage::startup;
  if (f.stage != before) emit(EventKind::certification, f, static_cast<double>(f.stage));
  // Notching: firms just below the HTE R&D threshold raise R&D to clear it
  // (bunching at the threshold, Chen, Liu, Suarez Serrato and Xu 2021).
  const double threshold = hte_rd_threshold(s_now);
  if (f.stage >= Stage::tech_sme && rd_intensity < threshold && rd_intensity >= threshold - p_.firm.notching_band)
    f.rd_share = std::max(f.rd_share, threshold + 0.002);
}

void Ecosystem::compute_innovation_points() {
  // Stage-weighted indicators (MOST innovation-points system): R&D
  // intensity, IP, S&T staff and growth; the top N get targeted support.
  std::vector<std::pair<double, std::int64_t>> ranked;
  ranked.reserve(firms_.size());
  for (Firm& f : firms_) {
    f.top_points = false;
    if (!f.alive) continue;
    const double s = f.revenue_history[0];
    const double growth = f.revenue_history[1] > 0 ? s / f.revenue_history[1] - 1.0 : 0.0;
    const double rd = s > 0 ? f.rd_history[0] / s : 0.0;
    const double w = 1.0 + 0.25 * static_cast<double>(f.stage);
    f.innovation_points = w * (40.0 * std::min(rd / 0.1, 1.0) + 25.0 * std::min(f.ip_count / 20.0, 1.0) +
                               15.0 * std::min(f.st_staff_share / 0.3, 1.0) + 20.0 * std::clamp(growth / 0.5, 0.0, 1.0));
    ranked.emplace_back(-f.innovation_points, f.id);
  }
  const std::size_t top = std::min(ranked.size(), static_cast<std::size_t>(std::max(0, p_.top_points_firms)));
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(top), ranked.end());
  std::vector<std::int64_t> ids;
  for (std::size_t k = 0; k < top; ++k) ids.push_back(ranked[k].second);
  std::sort(ids.begin(), ids.end());
  for (Firm& f : firms_)
    if (f.alive && std::binary_search(ids.begin(), ids.end(), f.id)) f.top_points = true;
}

double Ecosystem::stage_round(Stage s) const {
  switch (s) {
    case Stage::startup: return p_.venture.round_startup_yuan;
    case Stage::tech_sme: return p_.venture.round_tech_sme_yuan;
    case Stage::high_tech: return p_.venture.round_high_tech_yuan;
    default: return p_.venture.round_gazelle_yuan;
  }
}

void Ecosystem::raise_funds(int year) {
  // Each year LPs commit new money: an early-stage and a growth fund of this
  // vintage, and the year's angel money (start-ups only).
  const VentureParams& vp = p_.venture;
  const double y = static_cast<double>(year);
  auto raise = [&](double size, Stage lo, Stage hi, double invest_years, double life) {
    if (size <= 0) return;
    VentureFund fund;
    fund.vintage = year;
    fund.cash = fund.committed = size;
    fund.invest_until = y + invest_years;
    fund.end = y + life;
    fund.min_stage = lo;
    fund.max_stage = hi;
    funds_.push_back(fund);
    ledger_.transfer(Account::external, Account::venture_funds, size, Flow::fund_commitment);
  };
  raise(vp.private_vc_yuan_per_year * vp.early_stage_share, Stage::startup, Stage::tech_sme, vp.investment_period_years,
        vp.fund_life_years);
  raise(vp.private_vc_yuan_per_year * (1.0 - vp.early_stage_share), Stage::high_tech, Stage::unicorn,
        vp.investment_period_years, vp.fund_life_years);
  raise(vp.angel_yuan_per_year, Stage::startup, Stage::startup, 1.0, vp.angel_life_years);
}

void Ecosystem::close_funds(double now_year) {
  // At the end of its life a fund sells what it still holds (the exits run
  // next) and returns its cash to its LPs.
  for (std::size_t k = 0; k < funds_.size(); ++k) {
    if (!funds_[k].open || funds_[k].end > now_year) continue;
    for (Firm& f : firms_)
      if (f.alive && f.venture_fund == static_cast<std::int32_t>(k) && f.venture_stake > 0) f.venture_exit_year = now_year;
  }
}

void Ecosystem::venture_round() {
  const VentureParams& vp = p_.venture;
  const int year = calendar_year();
  const auto now_year = static_cast<double>(year);  // the review runs on 1 January
  raise_funds(year);
  // Screening on noisy signals: relative productivity, growth, IP.
  std::vector<std::pair<double, std::size_t>> candidates;
  std::size_t alive = 0;
  for (std::size_t i = 0; i < firms_.size(); ++i) {
    const Firm& f = firms_[i];
    if (!f.alive) continue;
    ++alive;
    const double age = now_year - f.birth_year;
    if (f.venture_stake > 0 || age > vp.max_age_years) continue;
    const double growth = f.revenue_history[1] > 0 ? f.revenue_history[0] / f.revenue_history[1] - 1.0 : 0.0;
    const double z = normal_from(u(f, P_SCREEN, static_cast<std::uint64_t>(2 * year)),
                                 u(f, P_SCREEN, static_cast<std::uint64_t>(2 * year + 1)));
    const double signal = std::log(f.productivity / p_.firm.productivity_mean_yuan) + 2.0 * growth +
                          0.1 * std::log1p(f.ip_count) + vp.screening_noise * z;
    candidates.emplace_back(-signal, i);
  }
  std::sort(candidates.begin(), candidates.end());
  const auto max_deals = static_cast<std::size_t>(vp.deal_share_of_firms * static_cast<double>(alive));
  const bool guidance_on = vp.guidance.active(year);
  const double leverage = vp.co_investment_leverage.at(static_cast<double>(year));
  std::size_t deals = 0;
  for (const auto& [neg_signal, i] : candidates) {
    if (deals >= max_deals) break;
    Firm& f = firms_[i];
    const double round = stage_round(f.stage);
    auto focus = [&](const VentureFund& fund) { return fund.open && f.stage >= fund.min_stage && f.stage <= fund.max_stage; };
    // The oldest fund still investing, with this stage in focus and the money, leads.
    int lead = -1;
    for (std::size_t k = 0; k < funds_.size() && lead < 0; ++k)
      if (focus(funds_[k]) && funds_[k].invest_until > now_year && funds_[k].cash >= round) lead = static_cast<int>(k);
    double from_private = round, from_guidance = 0;
    if (lead < 0) {
      // Guidance co-investment: the guidance fund puts in 1/(1+L) of the
      // round and requires L times as much from private co-investors, who
      // commit new money to the newest fund with this stage in focus.
      if (!guidance_on || guidance_cash_ <= 0) continue;
      for (std::size_t k = funds_.size(); k-- > 0 && lead < 0;)
        if (focus(funds_[k])) lead = static_cast<int>(k);
      if (lead < 0) continue;
      from_guidance = std::min(guidance_cash_, round / (1.0 + leverage));
      from_private = from_guidance * leverage;
      ledger_.transfer(Account::external, Account::venture_funds, from_private, Flow::fund_commitment);
      funds_[static_cast<std::size_t>(lead)].cash += from_private;
      funds_[static_cast<std::size_t>(lead)].committed += from_private;
    }
    VentureFund& fund = funds_[static_cast<std::size_t>(lead)];
    const double amount = from_private + from_guidance;
    if (amount <= 0) continue;
    fund.cash -= from_private;
    guidance_cash_ -= from_guidance;
    receive(f, Account::venture_funds, from_private, Flow::investment);
    if (from_guidance > 0) receive(f, Account::guidance_fund, from_guidance, Flow::investment);
    f.venture_fund = lead;
    f.venture_invested += amount;
    f.guidance_invested += from_guidance;
    f.venture_stake = vp.equity_share;
    f.valuation = std::max(f.valuation, amount / vp.equity_share);
    f.round_valuation = f.valuation;
    f.round_revenue = std::max(f.revenue_history[0], 12.0 * f.revenue);
    const double hold = -vp.exit_years_mean * std::log(u(f, P_VC_EXIT, static_cast<std::uint64_t>(year)));
    f.venture_exit_year = std::min(now_year + std::max(1.0, hold), fund.end);
    venture_inv_ += amount;
    ++deals;
    emit(EventKind::investment, f, amount);
  }
}

void Ecosystem::venture_exits() {
  // Runs in the annual review on 1 January: the calendar year is exact.
  const auto now_year = static_cast<double>(calendar_year());
  close_funds(now_year);
  for (Firm& f : firms_) {
    if (!f.alive || f.venture_stake <= 0 || f.venture_exit_year > now_year) continue;
    // IPO/M&A: buyers pay the stake's share of the firm's valuation; the
    // heavy tail of exit multiples comes from the valuations themselves.
    const double proceeds = f.venture_stake * f.valuation;
    const double guidance_share = f.venture_invested > 0 ? f.guidance_invested / f.venture_invested : 0.0;
    const double to_guidance = proceeds * guidance_share;
    // A private fund distributes exit proceeds to its LPs at once (it does
    // not recycle them); the guidance fund keeps its share to reinvest.
    ledger_.transfer(Account::external, Account::venture_funds, proceeds - to_guidance, Flow::exit_proceeds);
    ledger_.transfer(Account::venture_funds, Account::external, proceeds - to_guidance, Flow::fund_distribution);
    if (to_guidance > 0) {
      ledger_.transfer(Account::external, Account::guidance_fund, to_guidance, Flow::exit_proceeds);
      guidance_cash_ += to_guidance;
    }
    exit_proceeds_ += proceeds;
    if (f.lab_stake > 0) {
      // The labs sell their stake for technology to the same buyers, at the same valuation.
      const double sale = f.lab_stake * f.valuation;
      ledger_.transfer(Account::external, Account::labs, sale, Flow::equity_sale);
      labs_income(sale);
      equity_income_ += sale;
      f.lab_stake = 0;
    }
    emit(EventKind::venture_exit, f, proceeds);
    f.venture_stake = 0;
    f.venture_invested = f.guidance_invested = 0;
    f.venture_fund = -1;
  }
  // Funds at the end of their life return their cash to their LPs.
  for (VentureFund& fund : funds_) {
    if (!fund.open || fund.end > now_year) continue;
    if (fund.cash > 0) ledger_.transfer(Account::venture_funds, Account::external, fund.cash, Flow::fund_distribution);
    fund.cash = 0;
    fund.open = false;
  }
}

void Ecosystem::annual_review() {
  year_ = sim_.date_at(sim_.now()).year;
  const int year = year_;
  for (Firm& f : firms_) {
    if (!f.alive) continue;
    for (int k = 3; k > 0; --k) f.revenue_history[k] = f.revenue_history[k - 1];
    for (int k = 2; k > 0; --k) f.rd_history[k] = f.rd_history[k - 1];
    // An entrant's first year is partial: annualise it, so its growth is not overstated.
    const double scale = f.months_in_year > 0 ? 12.0 / f.months_in_year : 1.0;
    f.revenue_history[0] = f.year_revenue * scale;
    update_volatility(f, f.revenue_history[0]);
    f.rd_history[0] = f.year_rd * scale;
    f.year_revenue = f.year_rd = 0;
    f.months_in_year = 0;
    certify(f);
  }
  compute_innovation_points();
  // Incubator graduation: tenancy limit reached, or certified on the ladder.
  for (Firm& f : firms_)
    if (f.alive && f.incubator >= 0 &&
        (years() - f.incubated_since >= p_.incubators.tenancy_years || f.stage >= Stage::tech_sme))
      leave_incubator(f, true);
  expire_results();
  open_budgets();  // the new fiscal year
  // Risk pool opening later in the run (start_year in the future).
  if (!pool_funded_ && p_.risk_pool.programme.active(year)) {
    const double fund = p_.risk_pool.fund_yuan;
    government_cash_ -= fund;
    pool_cash_ += fund;
    pool_funded_ = true;
    ledger_.transfer(Account::government, Account::risk_pool, fund, Flow::pool_funding);
    fiscal_period_[static_cast<int>(Fiscal::risk_pool)] += fund;
    fiscal_total_[static_cast<int>(Fiscal::risk_pool)] += fund;
  }
  // Guidance fund: yearly government top-up (budget) and sci-tech bonds.
  if (p_.venture.guidance.active(year)) {
    const double topup = spend_budget(Fiscal::guidance_fund, p_.venture.guidance,
                                      budget_left_[static_cast<int>(Fiscal::guidance_fund)]);
    if (topup > 0) {
      ledger_.transfer(Account::government, Account::guidance_fund, topup, Flow::guidance_funding);
      guidance_cash_ += topup;
    }
    const double coupon = p_.venture.bond_coupon * bonds_outstanding_;  // on the bonds outstanding over the past year
    const double bonds = p_.venture.sci_tech_bonds_yuan_per_year;
    if (bonds > 0) {
      ledger_.transfer(Account::external, Account::guidance_fund, bonds, Flow::bond_issue);
      guidance_cash_ += bonds;
      bonds_outstanding_ += bonds;
    }
    if (coupon > 0) {
      ledger_.transfer(Account::guidance_fund, Account::external, coupon, Flow::bond_coupon);
      guidance_cash_ -= coupon;
    }
    if (guidance_cash_ < 0) {
      // The government stands behind the fund's bonds: it covers a shortfall.
      const double shortfall = -guidance_cash_;
      government_cash_ -= shortfall;
      fiscal_period_[static_cast<int>(Fiscal::guidance_fund)] += shortfall;
      fiscal_total_[static_cast<int>(Fiscal::guidance_fund)] += shortfall;
      ledger_.transfer(Account::government, Account::guidance_fund, shortfall, Flow::guidance_funding);
      guidance_cash_ = 0;
    }
  }
  // Insurance take-up by eligible uninsured firms.
  const InsuranceParams& ip = p_.insurance;
  if (ip.programme.active(year)) {
    for (Firm& f : firms_) {
      if (!f.alive || f.insurance_cover > 0 || f.stage < ip.programme.min_stage) continue;
      if (u(f, P_INSURE, static_cast<std::uint64_t>(year)) < ip.take_up_per_year)
        f.insurance_cover = std::min(ip.max_cover_yuan, ip.cover_revenue_multiple * f.revenue_history[0]);
    }
  }
  subsidy_applications();
  annual_programmes();
  venture_exits();
  venture_round();
  // Drop firms that exited (stable, so the order stays deterministic).
  firms_.erase(std::remove_if(firms_.begin(), firms_.end(), [](const Firm& f) { return !f.alive; }), firms_.end());
}

// ---------------------------------------------------------------- output

Ecosystem::Census Ecosystem::census() const {
  Census c;
  for (const Firm& f : firms_)
    if (f.alive) c.add(f);
  return c;
}

void Ecosystem::sample(const Census& c) {
  const auto& stages = c.stages;
  const double alive = c.alive, employment = c.employment, debt = c.debt, insured = c.insured, covered = c.covered,
               borrowers = c.borrowers, incubated = c.incubated, digitalised = c.digitalised;
  // Interest actually paid net of the subsidy actually received, annualised.
  const double interest_cost = (ledger_.period(Flow::interest) - ledger_.period(Flow::interest_subsidy)) * 12.0 /
                               static_cast<double>(p_.sampling_months);
  double open_funds = 0;
  for (const VentureFund& fund : funds_) open_funds += fund.open;
  double fiscal = 0;
  for (double v : fiscal_period_) fiscal += v;
  double consortia_active = 0;
  for (const Consortium& k : consortia_) consortia_active += k.active;
  // Pilot platforms: utilisation over the period, then restart the averages.
  double utilization = 0;
  const std::size_t local = platforms_.empty() ? 0 : platforms_.size() - 1;
  for (std::size_t k = 0; k < local; ++k) {
    utilization += platforms_[k]->utilization();
    platforms_[k]->reset_statistics();
  }
  if (local > 0) utilization /= static_cast<double>(local);
  if (!platforms_.empty()) platforms_.back()->reset_statistics();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Keep in the order of metric_catalogue().
  std::vector<double> v = {
      alive, stages[0], stages[1], stages[2], stages[3], stages[4], entries_, exits_, employment,
      ledger_.period(Flow::revenue), ledger_.period(Flow::rd), innovations_, debt, new_loans_, defaults_,
      pool_payouts_, insured, venture_inv_, exit_proceeds_, open_funds, ledger_.period(Flow::interest), debt > 0 ? interest_cost / debt : 0.0,
      covered, ledger_.period(Flow::claim), borrowers,
      // part 2
      incubated, graduations_, results_period_, recommendations_, deals_, sme_deals_, spinoffs_, bookings_,
      wait_n_ > 0 ? wait_sum_ / wait_n_ : nan, utilization, fiscal_period_[static_cast<int>(Fiscal::vouchers)],
      vouchers_used_, vouchers_additional_,
      ttm_n_ > 0 ? ttm_sum_ / ttm_n_ : nan, prototypes_, fast_to_market_, pilots_abandoned_, talent_stock_, talent_factor_, points_supported_,
      digitalised, grant_eligible_, grant_received_,
      grant_delay_n_ > 0 ? grant_delay_sum_ / grant_delay_n_ : nan,
      consortia_active, consortium_breakthroughs_, consortium_cofunding_,
      talent_served_, talent_retained_, talent_attracted_, liaison_firms_, liaison_applications_,
      equity_deals_, equity_income_, lab_equity_value(), fiscal};
  for (double x : fiscal_period_) v.push_back(x);
  if (v.size() != series_.size()) throw InternalError("metric catalogue and sample() disagree");
  for (std::size_t k = 0; k < series_.size(); ++k) series_[k].push_back(v[k]);
  results_period_ = recommendations_ = deals_ = sme_deals_ = spinoffs_ = bookings_ = wait_sum_ = wait_n_ = 0;
  graduations_ = ttm_sum_ = ttm_n_ = pilots_abandoned_ = grant_eligible_ = grant_received_ = 0;
  grant_delay_sum_ = grant_delay_n_ = vouchers_used_ = vouchers_additional_ = prototypes_ = fast_to_market_ = 0;
  exit_proceeds_ = consortium_breakthroughs_ = consortium_cofunding_ = talent_retained_ = talent_attracted_ = 0;
  liaison_applications_ = equity_deals_ = equity_income_ = 0;
  times_.push_back(static_cast<double>(month_) / 12.0);  // exact month grid, in years
  entries_ = exits_ = innovations_ = defaults_ = new_loans_ = venture_inv_ = pool_payouts_ = 0;
  fiscal_period_.fill(0.0);
  ledger_.reset_period();
  if (check_every_sample_) {
    last_check_ = check_books();
    if (!last_check_.ok())
      throw ModelError("books do not balance at t = " + std::to_string(years()) + " years: " + last_check_.worst +
                       " (relative gap " + std::to_string(last_check_.worst_gap) + ")");
  }
}

BookCheck Ecosystem::check_books() const {
  BookCheck c;
  auto compare = [&](const std::string& what, double ledger_value, double agents_value, double scale) {
    const double gap = relative_gap(ledger_value, agents_value, scale);
    if (gap > c.worst_gap || c.worst.empty()) {
      c.worst_gap = std::max(c.worst_gap, gap);
      if (gap >= c.worst_gap) c.worst = what;
    }
  };
  const double gross = ledger_.gross();
  double firm_cash = 0, firm_debt = 0;
  for (const Firm& f : firms_) {
    firm_cash += f.cash;
    firm_debt += f.debt;
  }
  double bank_cash = 0, bank_book = 0;
  for (const Bank& b : banks_) {
    bank_cash += b.cash;
    bank_book += b.loan_book;
  }
  compare("all accounts sum to zero", ledger_.sum(), 0.0, gross);
  compare("firms: ledger cash vs sum of firm cash", ledger_.balance(Account::firms), firm_cash, 0.0);
  compare("banks: ledger cash vs sum of bank cash", ledger_.balance(Account::banks), bank_cash, 0.0);
  compare("loans: firms' debt vs banks' loan books", firm_debt, bank_book, 0.0);
  compare("risk pool cash", ledger_.balance(Account::risk_pool), pool_cash_, 0.0);
  compare("insurer cash", ledger_.balance(Account::insurer), insurer_cash_, 0.0);
  double fund_cash = 0;
  for (const VentureFund& fund : funds_) fund_cash += fund.cash;
  compare("venture funds cash", ledger_.balance(Account::venture_funds), fund_cash, 0.0);
  compare("guidance fund cash", ledger_.balance(Account::guidance_fund), guidance_cash_, 0.0);
  compare("government cash", ledger_.balance(Account::government), government_cash_, 0.0);
  compare("labs cash", ledger_.balance(Account::labs), labs_cash_, 0.0);
  compare("pilot platforms cash", ledger_.balance(Account::pilot_platforms), platforms_cash_, 0.0);
  double fiscal_sum = 0;
  for (double v : fiscal_total_) fiscal_sum += v;
  compare("government: spending vs fiscal lines", -government_cash_, fiscal_sum, 0.0);
  for (int i = 0; i < FISCAL_COUNT; ++i)
    if (spent_year_[i] > budget_year_[i] * (1.0 + 1e-12) + 1e-6) c.budgets_ok = false;
  if (!c.budgets_ok && c.worst.empty()) c.worst = "a programme overspent its budget";
  return c;
}

void Ecosystem::run_until_years(double years_since_start) {
  sim_.run_until(years_since_start * engine::DAYS_PER_YEAR);
}

RunResult Ecosystem::run() {
  const engine::Date start = sim_.start_date();
  const engine::Date end = engine::add_months_clamped(start.year, start.month, 1,
                                                      static_cast<int>(std::lround(p_.horizon_years * 12.0)));
  sim_.run_until(sim_.time_of(end));
  RunResult r;
  r.time_years = times_;
  r.series = series_;
  r.books = check_books();
  r.events = sim_.events_executed();
  r.firm_months = firm_months_;
  return r;
}

}  // namespace innosim::model
