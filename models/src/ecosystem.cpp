#include "innosim/model/ecosystem.hpp"

#include <algorithm>
#include <cmath>

#include "innosim/engine/error.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

Ecosystem::Ecosystem(const Params& p, std::uint64_t seed, std::uint64_t replication, RunObserver* observer)
    : w_(p, seed, replication, observer) {
  series_.assign(metric_catalogue().size(), {});
  set_up();
  schedule_events();
}

// ---------------------------------------------------------------- the set-up (docs/model.md 5)

void Ecosystem::set_up() {
  World& w = w_;
  w.government.open_budgets(w);               // the first fiscal year
  w.dynamics.create_initial_population(w);    // the seed's ladder, markets, founders' capital
  w.interest_subsidy.applications(w);         // members at the start (their new loans are registered)
  w.banks.opening_book(w);                    // the seed's tech-loan balance; banks' capital
  w.interest_subsidy.expect_from_opening_book(w);  // what approved firms expect the budget to pay in the first year
  w.insurer.insure_at_start(w);               // the insurer's capital; the policies in force at the start
  w.venture.endow_guidance(w);                // government capital for the guidance fund
  w.risk_pool.open(w);                        // ... and for the pool, if it runs from the start
  w.labs.setup(w);
  w.matching.setup(w);
  w.pilot.setup(w);
  w.verification.setup(w);
  w.incubators.setup(w);                      // incubators and their tenants at the start
  w.digital.setup(w);                         // firms already digitalised
  w.tech_upgrade.setup(w);
  w.talent.setup(w);                          // the talent pool at the start
  w.points.rank(w);
  w.venture.round(w);                         // this year's vintage (the funds already in the city) and its first round
  yearly_programmes();                        // the first year's programmes run at the start
  w.risk_pool.settle(w);                      // the pool registers what banks filed (7.9)
  w.finance.open_books(w);                    // profit is measured from here (opening equity as paid in)
}

void Ecosystem::schedule_events() {
  World& w = w_;
  const engine::Date start = w.sim.start_date();
  // Firm step at the end of each month (1st of the next), then the annual
  // review on 1 January after the December step (priority orders them).
  w.sim.schedule_calendar(engine::Recurrence::monthly, engine::add_months_clamped(start.year, start.month, 1, 1),
                          [this] { monthly_step(); }, 0);
  w.sim.schedule_calendar(engine::Recurrence::yearly, engine::Date{start.year + 1, 1, 1}, [this] { annual_review(); }, 1);
  w.dynamics.schedule_entry(w);  // firm entry: a Poisson stream
  sample(census());              // t = 0
  w.labs.schedule_arrival(w);    // research results: a Poisson stream
  w.matching.schedule(w);        // matching events through the year
}

// ---------------------------------------------------------------- the month (docs/model.md 3(a))

void Ecosystem::monthly_step() {
  World& w = w_;
  ++w.month;
  w.year = w.p.start_year + static_cast<int>((w.month - 1) / 12);  // the year of the month just ended
  w.shocks.month(w);                               // outside demand's level this year
  const MonthStart m = w.dynamics.start_month(w);  // wage, prices, hazards, sector markets (one pass over the firms)
  w.finance.start_month(w);                        // default hazard
  w.banks.month(w);                                // banks' funding and operating costs
  w.tech_credit.start_month(w);                    // the relending's cost on the concessional balance (7.7, 2.6)
  w.insurer.start_month(w);                        // loss-event and take-up probabilities, whether it writes
  w.risk_pool.month(w, m.covered_debt);            // covered loans, suspension trigger
  w.talent.month(w, m.st_demand);                  // the pool's flows, R&D sufficiency

  // Each firm's month (the hot loop): demand, employment, production, loan
  // and insurance, R&D, exit, finance (FirmDynamics::step).
  const bool sampling = w.month % static_cast<std::uint64_t>(w.p.sampling_months) == 0;
  Census c;
  const std::size_t n = w.firms.size();  // entrants this month join next month
  for (std::size_t i = 0; i < n; ++i) {
    Firm& f = w.firms[i];
    if (!f.alive) continue;
    w.dynamics.step(w, f, m.sectors);
    ++firm_months_;
    if (sampling && f.alive) c.add(f);
  }
  c.close();
  // The pool registers the month's filed cover together, so the firms'
  // order does not decide who gets its room (7.9); the census, taken in the
  // loop, gains what it registered.
  const RiskPool::Settled settled = w.risk_pool.settle(w);
  c.covered += settled.covered;
  c.covered_firms += settled.firms;
  // Under the quota rule the bank files a quarter's interest-subsidy claims
  // after the quarter and the province pays them then (7.8).
  w.interest_subsidy.end_month(w);

  // The step dated 1 January closes the year just ended: its accounts (profit,
  // tax, repayment, dividends) belong to that year, so they are in its last
  // sample, and the horizon's last year is counted whole.
  if (w.sim.date_at(w.sim.now()).month == 1) close_accounts();

  const double t = static_cast<double>(w.month) / 12.0;
  if (w.want_panel && w.month % static_cast<std::uint64_t>(w.p.panel_months) == 0) {
    // Alive firms, and firms that exited since the previous panel (once).
    for (const Firm& f : w.firms)
      if (f.alive || f.exit_time > last_panel_time_) w.observer->on_firm(t, f);
    last_panel_time_ = t;
  }
  if (sampling) {
    // No firm enters inside the step, so the census covers every alive firm.
    if (w.firms.size() != n) throw InternalError("firms entered during the monthly step");
    sample(c);
  }
}

// ---------------------------------------------------------------- the year (docs/model.md 3(b))

void Ecosystem::annual_review() {
  World& w = w_;
  w.interest_subsidy.reimburse(w, w.year);  // the ended year's subsidy claims, from its envelope (before it closes)
  w.insurer.reimburse(w, w.year);           // the ended year's premium-subsidy claims, pro rata within its budget
  w.year = w.sim.date_at(w.sim.now()).year;
  w.banks.review(w);                   // banks' dividends (capital raising is decided monthly, Banks::month)
  w.shocks.review(w);                  // shocks dated 1 January
  for (Firm& f : w.firms)
    if (f.alive) w.certification.certify(w, f);  // the rung on the ladder, on the year's accounts
  w.points.rank(w);                    // innovation points, the top N
  w.incubators.review(w);              // graduations
  w.labs.expire_results(w);
  w.government.open_budgets(w);        // the new fiscal year
  w.interest_subsidy.close_year(w);    // firms' expectation of this year's interest subsidy
  w.risk_pool.open(w);                 // a pool opening later in the run
  w.venture.guidance_year(w);          // the guidance fund's top-up, bonds and coupon
  w.interest_subsidy.applications(w);
  yearly_programmes();
  w.venture.exits(w);
  w.venture.round(w);
  w.risk_pool.settle(w);               // the year's programmes' covered loans, before exits leave the vector
  // Drop firms that exited (stable, so the order stays deterministic).
  w.firms.erase(std::remove_if(w.firms.begin(), w.firms.end(), [](const Firm& f) { return !f.alive; }), w.firms.end());
}

// The year-end accounts of every firm, in the step dated 1 January (before its sample).
void Ecosystem::close_accounts() {
  World& w = w_;
  w.tax.open_accounts(w);              // room for every firm's tax-loss vintages
  for (Firm& f : w.firms) {
    if (!f.alive) continue;
    w.finance.annual_accounts(w, f);   // profit, corporate income tax, repayment, dividends
    w.dynamics.close_year(w, f);       // the year's revenue and R&D into the histories
    w.finance.revalue(w, f);           // the valuation
  }
  w.tax.close_accounts(w);             // the vintages of firms that exited
}

// The government's programmes of the year, in order (at the set-up and at each review).
void Ecosystem::yearly_programmes() {
  World& w = w_;
  w.liaison.year(w);            // first: this year's officers are in place before the year's applications
  w.labs.research_year(w);      // the joint basic-research fund; this year's results rate
  w.points_support.year(w);
  w.open_competition.year(w);
  w.consortia.year(w);
  w.tech_upgrade.year(w);
  w.digital.year(w);
  w.tech_centres.year(w);
  w.talent_subsidy.year(w);
  w.engineer_training.year(w);
  w.talent_services.year(w);    // after the year's projects and classes: places sized on the stock they serve
  w.pilot.pay_fixed_costs(w);   // 24-hour zones, new platforms
}

// ---------------------------------------------------------------- sampling

Census Ecosystem::census() const {
  Census c;
  for (const Firm& f : w_.firms)
    if (f.alive) c.add(f);
  c.close();
  return c;
}

void Ecosystem::sample(const Census& c) {
  // Each module reports its groups of metrics, in catalogue order; then
  // every group restarts its period.
  std::vector<double> v;
  v.reserve(series_.size());
  for (const MetricGroup& g : metric_groups()) {
    const std::size_t before = v.size();
    g.report(w_, c, v);
    if (v.size() - before != g.infos().size()) throw InternalError("a metric group reported a wrong number of values");
  }
  if (v.size() != series_.size()) throw InternalError("metric catalogue and sample() disagree");
  for (std::size_t k = 0; k < series_.size(); ++k) series_[k].push_back(v[k]);
  for (const MetricGroup& g : metric_groups())
    if (g.restart) g.restart(w_);
  times_.push_back(static_cast<double>(w_.month) / 12.0);  // exact month grid, in years
  w_.ledger.reset_period();
  if (check_every_sample_) {
    last_check_ = check_books();
    if (!last_check_.ok())
      throw ModelError("books do not balance at t = " + std::to_string(years()) + " years: " + last_check_.worst +
                       " (relative gap " + std::to_string(last_check_.worst_gap) + ")");
  }
}

// ---------------------------------------------------------------- books

BookCheck Ecosystem::check_books() const {
  const World& w = w_;
  BookCheck c;
  auto compare = [&](const std::string& what, double ledger_value, double agents_value, double scale) {
    const double gap = relative_gap(ledger_value, agents_value, scale);
    if (gap > c.worst_gap || c.worst.empty()) {
      c.worst_gap = std::max(c.worst_gap, gap);
      if (gap >= c.worst_gap) c.worst = what;
    }
  };
  const double gross = w.ledger.gross();
  double firm_cash = 0, firm_debt = 0;
  for (const Firm& f : w.firms) {
    firm_cash += f.cash;
    firm_debt += f.debt;
  }
  double bank_cash = 0, bank_book = 0;
  for (const Bank& b : w.banks.banks()) {
    bank_cash += b.cash;
    bank_book += b.loan_book;
  }
  double fund_cash = 0;
  for (const VentureFund& fund : w.venture.funds()) fund_cash += fund.cash;
  // An account's rounding error grows with the money that passed through it,
  // not with what is left: a fund that hands every yuan it receives straight
  // on (the guidance fund paying proceeds to the treasury) holds about 0 while
  // its ledger balance carries the rounding of billions passed through. The
  // floor of the scale is TURNOVER_SHARE of that money: at the 1e-9 tolerance
  // a gap above 1e-12 of the turnover still fails (about 10 yuan on the
  // firms' ten-year turnover, a few yuan on a pass-through fund's), far above
  // rounding (~1e-16 of it per transfer) and no looser than the stock itself
  // where the account holds money (7.24; BooksCheck.* tests inject leaks).
  constexpr double TURNOVER_SHARE = 1e-3;
  auto turnover = [&](Account a) {
    double t = 0;
    for (int k = 0; k < MAX_FLOWS; ++k) t += w.ledger.paid_out(a, static_cast<Flow>(k));
    return TURNOVER_SHARE * t;
  };
  compare("all accounts sum to zero", w.ledger.sum(), 0.0, gross);
  compare("firms: ledger cash vs sum of firm cash", w.ledger.balance(Account::firms), firm_cash, turnover(Account::firms));
  compare("banks: ledger cash vs sum of bank cash", w.ledger.balance(Account::banks), bank_cash, turnover(Account::banks));
  compare("loans: firms' debt vs banks' loan books", firm_debt, bank_book, 0.0);
  compare("risk pool cash", w.ledger.balance(Account::risk_pool), w.risk_pool.cash(), turnover(Account::risk_pool));
  compare("insurer cash", w.ledger.balance(Account::insurer), w.insurer.cash(), turnover(Account::insurer));
  compare("venture funds cash", w.ledger.balance(Account::venture_funds), fund_cash, turnover(Account::venture_funds));
  compare("guidance fund cash", w.ledger.balance(Account::guidance_fund), w.venture.guidance_cash(), turnover(Account::guidance_fund));
  compare("government cash", w.ledger.balance(Account::government), w.government.cash(), turnover(Account::government));
  compare("labs cash", w.ledger.balance(Account::labs), w.labs.cash(), turnover(Account::labs));
  compare("pilot platforms cash", w.ledger.balance(Account::pilot_platforms), w.pilot.cash(), turnover(Account::pilot_platforms));
  compare("government: spending less tax revenue and funds' returns vs fiscal lines", -w.government.cash(),
          w.government.fiscal_sum() - w.government.revenue() - w.government.recovered_sum(), 0.0);
  // Every fiscal line's total equals its ledger flows (2.14): a line that
  // books a flow of its own alone, from its payer's account (the government's,
  // or a government fund's for a running cost it pays); the lines that share the ledger's grants
  // and programme costs together. A capital line's flow also holds what its fund spent of the
  // capital on another line's cost (Government::move_capital_to_cost).
  double shared_lines = 0;
  for (const Fiscal line : fiscal_lines()) {
    const Flow flow = fiscal_line_info(line).flow;
    if (flow == SHARED_FLOW)
      shared_lines += w.government.fiscal_total(line);
    else
      compare(std::string("fiscal line ") + fiscal_line_info(line).name + " vs its ledger flow",
              w.ledger.paid_out(fiscal_line_info(line).payer, flow),
              w.government.fiscal_total(line) + w.government.moved_total(line), 0.0);
    // What a fund paid back to the treasury: its return flow, from any account.
    const Flow returns = fiscal_line_info(line).returns;
    if (returns != NO_FLOW) {
      double paid_back = 0;
      for (int a = 0; a < ACCOUNT_COUNT; ++a) paid_back += w.ledger.paid_out(static_cast<Account>(a), returns);
      compare(std::string("fiscal line ") + fiscal_line_info(line).name + " returns vs its ledger flow", paid_back,
              w.government.recovered_total(line), 0.0);
    }
  }
  compare("fiscal lines of the grant programmes vs the ledger's grants and programme costs",
          w.ledger.paid_out(Account::government, Flow::programme_grant) +
              w.ledger.paid_out(Account::government, Flow::programme_cost),
          shared_lines, 0.0);
  // Owners were never paid more than after-tax profit plus paid-in equity (7.6).
  if (w.finance.payout_gap() > c.worst_gap || c.worst.empty()) {
    c.worst_gap = std::max(c.worst_gap, w.finance.payout_gap());
    if (w.finance.payout_gap() >= c.worst_gap) c.worst = "a firm paid its owners more than its after-tax profit and paid-in equity";
  }
  // No licence fee took its payer's cash below zero (7.18 items 5-7).
  if (w.matching.fee_overdrafts() > 0) {
    c.worst_gap = std::max(c.worst_gap, 1.0);
    c.worst = "a licence fee took a firm's cash below zero (7.18)";
  }
  c.budgets_ok = w.government.budgets_ok();
  if (!c.budgets_ok && c.worst.empty()) c.worst = "a programme overspent its budget";
  return c;
}

// ---------------------------------------------------------------- running

void Ecosystem::run_until_years(double years_since_start) {
  w_.sim.run_until(years_since_start * engine::DAYS_PER_YEAR);
}

RunResult Ecosystem::run() {
  const engine::Date start = w_.sim.start_date();
  const engine::Date end = engine::add_months_clamped(start.year, start.month, 1,
                                                      static_cast<int>(std::lround(w_.p.horizon_years * 12.0)));
  w_.sim.run_until(w_.sim.time_of(end));
  RunResult r;
  r.time_years = times_;
  r.series = series_;
  r.books = check_books();
  r.events = w_.sim.events_executed();
  r.firm_months = firm_months_;
  return r;
}

}  // namespace innosim::model
