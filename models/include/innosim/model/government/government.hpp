#pragma once
// The government's books and programme delivery (docs/model.md 2.6, 7.21):
// the fiscal lines (one per programme with money), their yearly budgets,
// spending and reservations against them, what the government owes and has
// not yet paid (accrued liabilities), and how a grant reaches a firm
// (automatic, or an application with a take-up share, a cost and an
// approval delay). The programmes themselves are their own modules: each
// registers its fiscal line here (add_line) and spends through it.
// Each line has a funding level (central, provincial, city) and a kind
// (an outlay, or capital paid into a fund the government owns); the net
// fiscal cost (2.6) counts capital at net cost: what was paid in less what
// the funds still hold, and obligations when they arise (accrual): a claim
// the government pays after the sample counts in the period it was earned.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "innosim/model/ledger.hpp"
#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct World;
struct Firm;
struct Binder;

/// A programme's fiscal line: its index in the government's books, given
/// when its module registers the line (register_fiscal_line below).
enum class Fiscal : std::uint8_t {};
/// Room in the government's books for this many lines.
inline constexpr int MAX_FISCAL_LINES = 64;

/// The level of government whose money a line is (docs/model.md 2.6).
enum class Level : std::uint8_t { central, provincial, city, count };
inline constexpr int LEVEL_COUNT = static_cast<int>(Level::count);
inline constexpr const char* LEVEL_NAMES[LEVEL_COUNT] = {"central", "provincial", "city"};
/// A line's funding shares (central, provincial, city) when one level pays it all.
inline constexpr std::array<double, LEVEL_COUNT> CITY_MONEY{0, 0, 1}, PROVINCIAL_MONEY{0, 1, 0};

/// What a fiscal line's money is.
enum class FiscalKind : std::uint8_t {
  outlay,   ///< spent: grants, subsidies, running costs
  capital,  ///< paid into a fund the government owns (risk pool, guidance fund): its net cost is
            ///< what was paid in less what the fund still holds (the residual value)
};

/// A fiscal line's `flow` when the line books kinds it shares with other
/// lines (Flow::programme_grant, Flow::programme_cost): those lines are
/// checked against the ledger together (Ecosystem::check_books).
inline constexpr Flow SHARED_FLOW = static_cast<Flow>(255);
/// A capital line's `returns` when its fund pays nothing back to the government.
inline constexpr Flow NO_FLOW = static_cast<Flow>(254);

/// A fiscal line as its module registers it: its place among the lines, its
/// name, kind and funding by level (docs/model.md 2.6 gives the sources), the
/// ledger flow it books, the programme's name in tables (fiscal_<name>:
/// "Fiscal spending: <label>") and, for a capital line, what its fund holds.
struct FiscalLineInfo {
  int rank;          ///< the lines' order (the fiscal_<name> metrics', models/README.md "Fiscal lines")
  const char* name;  ///< "interest_subsidy": the metric fiscal_interest_subsidy
  FiscalKind kind;
  std::array<double, LEVEL_COUNT> share;  ///< central, provincial and city shares (sum 1)
  Flow flow;  ///< the ledger flow only this line books; SHARED_FLOW when it shares one with others
  const char* label;     ///< "loan interest subsidy"
  const char* label_zh;  ///< "贷款贴息"
  /// A capital line: what its fund holds now, before the cap at the capital
  /// paid in (its residual value, 2.6); nullptr for an outlay.
  double (*holds)(const World& w, const Census& c) = nullptr;
  /// A capital line whose fund pays money back to the treasury (Government::recover):
  /// the ledger flow only it books for that; NO_FLOW when it pays nothing back.
  Flow returns = NO_FLOW;
  /// The account the line's money leaves from: the government's own cash, or a fund the government
  /// owns that pays a running cost out of what it holds (the guidance fund's management fee, 7.11).
  /// Such a line is an outlay of its level all the same, but the government's cash does not move
  /// (Government::book_paid_by_fund), and its fund counts the money it paid as still held, so that
  /// the cost is counted once, here, even when the fund's value is capped at its capital (2.6).
  Account payer = Account::government;
};
/// Registers a line at static initialisation, in its module's source file:
/// `const Fiscal FISCAL_X = register_fiscal_line({.rank = ..., .name = ...});`.
Fiscal register_fiscal_line(const FiscalLineInfo& info);
const FiscalLineInfo& fiscal_line_info(Fiscal line);
/// Every registered line, in the order of their ranks (InternalError when two share a rank or a name).
const std::vector<Fiscal>& fiscal_lines();
/// The line named `name` ("interest_subsidy"; InternalError when none): for tests and tools.
Fiscal fiscal_line(std::string_view name);

/// The `fiscal.*` keys: how the net fiscal cost is reported.
struct FiscalParams {
  double discount_rate = 0.08;  ///< per year, for the present value at the social rate (NDRC 2006 social discount rate)
  double borrowing_rate = 0.02;  ///< per year, for the present value at the government's cost of funds (local bonds, 2025)
  bool count_fund_gains = false;  ///< false: a fund's residual value counts at most up to the capital paid into it (prudence; 让利)
  /// Months from the run's first month to the date present values are
  /// discounted to: the start date. Not a scenario key: the run layer sets it
  /// to a warm-up's length (experiments::prepare_scenario), because the model
  /// simulates the warm-up as part of its run and would otherwise discount to
  /// the warm-up's first day (every PV 1.08^-5 = 0.68 of its value at the
  /// start date; found in session 20).
  int present_value_origin_month = 0;
};
void bind_keys(Binder& b, FiscalParams& p);

class Government {
 public:
  /// How a fiscal line's yearly budget is set.
  enum class Budget : std::uint8_t {
    schedule,  ///< the programme's budget_yuan schedule while it is active
    fixed,     ///< a module's rule: costs fixed by the configuration (BudgetRule)
    none,      ///< no yearly budget: a fund paid in once
  };
  using BudgetRule = double (*)(const World& w, int year);
  /// What a programme owes on its line now and pays later (yuan).
  using OwedRule = double (*)(const World& w);

  // ---- fiscal lines
  /// A module registers its line: its programme (switch, window, budget,
  /// delivery) and how its yearly budget is set.
  void add_line(Fiscal line, const Programme& programme, Budget budget = Budget::schedule, BudgetRule rule = nullptr);
  const Programme& programme_of(Fiscal line) const;
  /// A module whose line pays obligations after they arise (claims
  /// reimbursed after the year) says how much it owes at a sample (2.6).
  void add_obligation(Fiscal line, OwedRule rule);
  /// What the government owes on the line now and has not paid: grants
  /// approved in application mode and awaiting payment, and the module's
  /// obligations (add_obligation).
  double owed(const World& w, Fiscal line) const;
  /// The new fiscal year's budgets (at the set-up and each annual review).
  void open_budgets(const World& w);
  double budget_left(Fiscal line) const { return budget_left_[static_cast<int>(line)]; }
  /// Spends up to `amount` from the line's budget now (0 when the programme
  /// is inactive in `year` or the budget is spent); returns what was spent.
  double spend(Fiscal line, const Programme& programme, double amount, int year) {
    if (!programme.active(year)) return 0.0;
    const int i = static_cast<int>(line);
    const double paid = std::min(amount, budget_left_[i]);
    if (paid <= 0) return 0.0;
    budget_left_[i] -= paid;
    spent_year_[i] += paid;
    fiscal_period_[i] += paid;
    fiscal_total_[i] += paid;
    cash_ -= paid;
    return paid;
  }
  /// Sets aside up to `amount` of the budget for a later payment (pay_reserved).
  double reserve(Fiscal line, const Programme& programme, double amount, int year);
  /// Sets aside the whole of what is left (a fixed-cost line's year); returns it.
  double take_budget(Fiscal line);
  /// Pays what was set aside: government -> a firm (grant) or -> external (costs).
  void pay_reserved(World& w, Fiscal line, double amount, Account to);
  /// Money booked on a line outside its yearly budget (a fund paid in once,
  /// a shortfall the government covers); the caller books the transfer.
  void pay_out_of_budget(Fiscal line, double amount);
  /// Money a fund the government owns paid on the line out of its own cash (the line's `payer`;
  /// the caller books the transfer from the fund's account): the line's spending, not the government's cash.
  void book_paid_by_fund(Fiscal line, double amount);
  /// Capital paid into a capital line's fund that the fund spent on a running cost another line books
  /// (a management fee advanced from principal, 7.11): moved off the capital line, so that gross
  /// spending counts the yuan once, on the cost's line, and the fund's residual is capped at the
  /// capital it still holds (2.6). Negative when the fund's gains make the advance up (补回).
  void move_capital_to_cost(Fiscal capital_line, double amount);
  /// What move_capital_to_cost has moved off the line so far (the line's ledger flow is its total plus this).
  double moved_total(Fiscal line) const { return moved_total_[static_cast<int>(line)]; }
  /// A capital line's fund pays money back to the treasury (proceeds, capital
  /// returned): it reduces the line's net cost (2.6); the caller books the
  /// transfer (fund -> government, the line's `returns` flow).
  void recover(Fiscal line, double amount);
  /// What the line's fund has paid back to the treasury so far.
  double recovered_total(Fiscal line) const { return recovered_total_[static_cast<int>(line)]; }
  /// Sum of what every line's fund paid back.
  double recovered_sum() const;

  // ---- delivery (7.21)
  /// Pays a grant by the programme's delivery mode: at once (automatic) or,
  /// for the firms that apply, after the approval delay (application).
  /// Returns what was paid or reserved for later payment (0: none).
  double grant(World& w, Firm& f, Fiscal line, const Programme& pr, double amount, std::uint64_t purpose);
  /// Whether a firm takes part in a programme this year: always when delivery
  /// is automatic, else when it applies (its take-up draw).
  bool applies(const World& w, const Firm& f, const Programme& pr, std::uint64_t purpose) const;
  /// The firm's yearly application draw for a purpose.
  double apply_draw(const World& w, const Firm& f, std::uint64_t purpose) const;
  /// A firm was eligible for a grant but did not take it up.
  void count_eligible() { grant_eligible_ += 1; }
  /// Grants paid on the line since the fiscal year opened.
  double paid_this_year(Fiscal line) const { return paid_year_[static_cast<int>(line)]; }

  // ---- books
  /// Revenue: the city's share of corporate income tax (the payer books the transfer).
  void collect(double amount) {
    cash_ += amount;
    revenue_ += amount;
  }
  double revenue() const { return revenue_; }
  double cash() const { return cash_; }
  double fiscal_total(Fiscal line) const { return fiscal_total_[static_cast<int>(line)]; }
  double period_spending(Fiscal line) const { return fiscal_period_[static_cast<int>(line)]; }
  /// Sum of the spending so far of the lines the government pays from its own cash (its books say the same;
  /// a line a fund pays, FiscalLineInfo::payer, is checked against the fund's ledger flow instead).
  double fiscal_sum() const;
  /// No programme spent more than its budget this year.
  bool budgets_ok() const;

  // ---- metrics: grant delivery; spending by line
  static const std::vector<MetricInfo>& delivery_metrics();
  void report_delivery(MetricRow& out) const;
  static const std::vector<MetricInfo>& spending_metrics();
  void report_spending(MetricRow& out) const;
  void restart_period();

  // ---- net fiscal cost (2.6): by level and kind, capital at net cost, tax
  /// Residual value by level of the capital lines' funds now: the pool's
  /// cash; the guidance fund's cash and stakes less its bonds outstanding.
  std::array<double, LEVEL_COUNT> residual_value(const World& w, const Census& c) const;
  /// Accrued liabilities by level now: what every line owes (owed()).
  std::array<double, LEVEL_COUNT> liabilities(const World& w) const;
  static const std::vector<MetricInfo>& net_cost_metrics();
  /// Appends the period's lines by level and kind and the net fiscal cost;
  /// call before restart_period() (it reads the period's spending).
  void report_net_cost(const World& w, const Census& c, MetricRow& out) const;
  /// The period is over: its residual value and liabilities are the next one's opening values.
  void restart_net_cost() {
    residual_open_ = residual_seen_;
    liability_open_ = liability_seen_;
    net_to_date_ = net_seen_;
    month_open_ = month_seen_;
  }
  /// Net fiscal cost from the start to the last sample (all levels).
  double net_cost_to_date() const { return net_to_date_; }

 private:
  void grant_paid(World& w, std::int64_t id, double amount, Fiscal line, int year);

  double cash_ = 0, revenue_ = 0;
  std::array<double, MAX_FISCAL_LINES> budget_left_{}, budget_year_{}, spent_year_{}, fiscal_period_{}, fiscal_total_{},
      paid_year_{}, recovered_period_{}, recovered_total_{}, moved_total_{};
  std::array<const Programme*, MAX_FISCAL_LINES> programme_{};
  std::array<Budget, MAX_FISCAL_LINES> budget_{};
  std::array<BudgetRule, MAX_FISCAL_LINES> rule_{};
  std::array<OwedRule, MAX_FISCAL_LINES> owed_rule_{};
  std::array<double, MAX_FISCAL_LINES> awaiting_{};  ///< grants approved (reserved) in application mode, not yet paid
  // net fiscal cost: the residual value at the period's start, and what the last report saw
  std::array<double, LEVEL_COUNT> residual_open_{}, liability_open_{};
  mutable std::array<double, LEVEL_COUNT> residual_seen_{}, liability_seen_{};
  double net_to_date_ = 0;
  mutable double net_seen_ = 0;
  std::uint64_t month_open_ = 0;  ///< the previous sample's month (present value: capital held since then, 2.6)
  mutable std::uint64_t month_seen_ = 0;
  // period: grant delivery
  double grant_eligible_ = 0, grant_received_ = 0, grant_delay_sum_ = 0, grant_delay_n_ = 0;
};

}  // namespace innosim::model
