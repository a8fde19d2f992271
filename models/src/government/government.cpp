#include "innosim/model/government/government.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"

namespace innosim::model {

namespace {
constexpr std::uint64_t P_GRANT_APPLY = engine::purpose_id("grant_apply");
}  // namespace

// ---------------------------------------------------------------- fiscal lines

void Government::add_line(Fiscal line, const Programme& programme, Budget budget, BudgetRule rule) {
  const int i = static_cast<int>(line);
  if (programme_[i]) throw InternalError(std::string("fiscal line ") + FISCAL_NAMES[i] + " registered twice");
  if ((budget == Budget::fixed) != (rule != nullptr)) throw InternalError("a fixed-cost fiscal line needs its rule");
  programme_[i] = &programme;
  budget_[i] = budget;
  rule_[i] = rule;
}

const Programme& Government::programme_of(Fiscal line) const {
  const Programme* pr = programme_[static_cast<int>(line)];
  if (!pr) throw InternalError(std::string("no programme for the fiscal line ") + FISCAL_NAMES[static_cast<int>(line)]);
  return *pr;
}

void Government::open_budgets(const World& w) {
  const int year = w.calendar_year();
  paid_year_.fill(0.0);
  for (int i = 0; i < FISCAL_COUNT; ++i) {
    const auto line = static_cast<Fiscal>(i);
    const Programme& pr = programme_of(line);
    if (budget_[i] == Budget::none) continue;  // a fund paid in once, not a yearly budget
    const double b = budget_[i] == Budget::fixed ? rule_[i](w, year)
                                                 : (pr.active(year) ? pr.budget_yuan.at(static_cast<double>(year)) : 0.0);
    budget_left_[i] = budget_year_[i] = b;
    spent_year_[i] = 0;
  }
}

double Government::reserve(Fiscal line, const Programme& pr, double amount, int year) {
  if (!pr.active(year)) return 0.0;
  const int i = static_cast<int>(line);
  const double r = std::min(amount, budget_left_[i]);
  if (r <= 0) return 0.0;
  budget_left_[i] -= r;
  spent_year_[i] += r;
  return r;
}

double Government::take_budget(Fiscal line) {
  const int i = static_cast<int>(line);
  const double all = budget_left_[i];
  budget_left_[i] = 0;
  spent_year_[i] += all;
  return all;
}

void Government::pay_reserved(World& w, Fiscal line, double amount, Account to) {
  const int i = static_cast<int>(line);
  cash_ -= amount;
  fiscal_period_[i] += amount;
  fiscal_total_[i] += amount;
  w.ledger.transfer(Account::government, to, amount, to == Account::firms ? Flow::programme_grant : Flow::programme_cost);
}

void Government::pay_out_of_budget(Fiscal line, double amount) {
  const int i = static_cast<int>(line);
  cash_ -= amount;
  fiscal_period_[i] += amount;
  fiscal_total_[i] += amount;
}

// ---------------------------------------------------------------- delivery

bool Government::applies(const World& w, const Firm& f, const Programme& pr, std::uint64_t purpose) const {
  return pr.automatic || apply_draw(w, f, purpose) < w.liaison.take_up(w, f, pr);
}

double Government::apply_draw(const World& w, const Firm& f, std::uint64_t purpose) const {
  return draw(f, P_GRANT_APPLY ^ purpose, static_cast<std::uint64_t>(w.calendar_year()));
}

void Government::grant(World& w, Firm& f, Fiscal line, const Programme& pr, double amount, std::uint64_t purpose) {
  const int year = w.calendar_year();
  if (!pr.active(year) || f.stage < pr.min_stage || amount <= 0) return;
  grant_eligible_ += 1;
  if (pr.automatic) {
    // "No application needed": big-data matching pays every eligible firm at once.
    const double paid = reserve(line, pr, amount, year);
    if (paid <= 0) return;
    pay_reserved(w, line, paid, Account::firms);
    f.cash += paid;
    grant_received_ += 1;
    grant_delay_n_ += 1;
    paid_year_[static_cast<int>(line)] += 1;
    return;
  }
  // Application mode: only a take-up share applies, at a cost, and money
  // flows after the approval delay.
  if (!applies(w, f, pr, purpose)) return;
  if (f.liaison && apply_draw(w, f, purpose) >= pr.take_up_share) w.liaison.count_application();  // only the officer made it apply
  w.pay(f, Account::external, pr.application_cost_yuan, Flow::application_cost);
  const double reserved = reserve(line, pr, amount, year);
  if (reserved <= 0) return;
  const std::int64_t id = f.id;
  World* wp = &w;
  w.sim.schedule_in(pr.approval_delay_days,
                    [wp, id, reserved, line, year] { wp->government.grant_paid(*wp, id, reserved, line, year); });
}

void Government::grant_paid(World& w, std::int64_t id, double amount, Fiscal line, int year) {
  Firm* f = w.find_firm(id);
  const int i = static_cast<int>(line);
  if (!f || !f->alive) {
    // The firm is gone: the reservation lapses and, within the same fiscal
    // year, returns to the budget.
    if (year == w.calendar_year()) {
      spent_year_[i] = std::max(0.0, spent_year_[i] - amount);
      budget_left_[i] += amount;
    }
    return;
  }
  pay_reserved(w, line, amount, Account::firms);
  f->cash += amount;
  grant_received_ += 1;
  grant_delay_sum_ += programme_of(line).approval_delay_days;
  grant_delay_n_ += 1;
  paid_year_[i] += 1;
}

// ---------------------------------------------------------------- books and metrics

double Government::fiscal_sum() const {
  double s = 0;
  for (double v : fiscal_total_) s += v;
  return s;
}

bool Government::budgets_ok() const {
  for (int i = 0; i < FISCAL_COUNT; ++i)
    if (spent_year_[i] > budget_year_[i] * (1.0 + 1e-12) + 1e-6) return false;
  return true;
}

void Government::report_delivery(MetricRow& out) const {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.insert(out.end(), {grant_eligible_, grant_received_, grant_delay_n_ > 0 ? grant_delay_sum_ / grant_delay_n_ : nan});
}

void Government::report_spending(MetricRow& out) const {
  double fiscal = 0;
  for (double v : fiscal_period_) fiscal += v;
  out.push_back(fiscal);
  for (double x : fiscal_period_) out.push_back(x);
}

void Government::restart_period() {
  grant_eligible_ = grant_received_ = grant_delay_sum_ = grant_delay_n_ = 0;
  fiscal_period_.fill(0.0);
}

// ---------------------------------------------------------------- metric catalogue

const std::vector<MetricInfo>& Government::delivery_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"grants_eligible", "grants", "Grants firms became eligible for since the previous sample (take-up = paid / eligible over a span)", MetricKind::flow},
      {"grants_paid", "grants", "Grants paid to firms since the previous sample", MetricKind::flow},
      {"grant_payment_delay_days", "days", "Mean days from eligibility to payment of grants paid in the period (NaN: none)", MetricKind::mean},
  };
  return infos;
}

const std::vector<MetricInfo>& Government::spending_metrics() {
  static const std::vector<MetricInfo> infos = [] {
    std::vector<MetricInfo> c = {
        {"fiscal_spending", "yuan", "Government spending on all programmes since the previous sample", MetricKind::flow},
    };
    static std::vector<std::string> names, descriptions;  // storage for the generated fiscal lines
    names.reserve(FISCAL_COUNT);
    descriptions.reserve(FISCAL_COUNT);
    for (int i = 0; i < FISCAL_COUNT; ++i) {
      names.push_back(std::string("fiscal_") + FISCAL_NAMES[i]);
      descriptions.push_back(std::string("Government spending on ") + FISCAL_NAMES[i] + " since the previous sample");
      c.push_back({names.back().c_str(), "yuan", descriptions.back().c_str(), MetricKind::flow});
    }
    return c;
  }();
  return infos;
}

}  // namespace innosim::model
