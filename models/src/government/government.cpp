#include "innosim/model/government/government.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "innosim/engine/error.hpp"
#include "binder.hpp"
#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

namespace {
constexpr std::uint64_t P_GRANT_APPLY = engine::purpose_id("grant_apply");
}  // namespace

// ---------------------------------------------------------------- fiscal lines

// ---------------------------------------------------------------- the registry of lines

namespace {
// Filled at static initialisation (register_fiscal_line), read after it.
std::vector<FiscalLineInfo>& registered_lines() {
  static std::vector<FiscalLineInfo> lines;
  return lines;
}
}  // namespace

Fiscal register_fiscal_line(const FiscalLineInfo& info) {
  std::vector<FiscalLineInfo>& lines = registered_lines();
  if (lines.size() >= MAX_FISCAL_LINES) throw InternalError("more fiscal lines than MAX_FISCAL_LINES");
  lines.push_back(info);
  return static_cast<Fiscal>(lines.size() - 1);
}

const FiscalLineInfo& fiscal_line_info(Fiscal line) { return registered_lines()[static_cast<std::size_t>(line)]; }

const std::vector<Fiscal>& fiscal_lines() {
  static const std::vector<Fiscal> order = [] {
    const std::vector<FiscalLineInfo>& lines = registered_lines();
    std::vector<Fiscal> o;
    for (std::size_t i = 0; i < lines.size(); ++i) o.push_back(static_cast<Fiscal>(i));
    const auto rank = [&](Fiscal f) { return lines[static_cast<std::size_t>(f)].rank; };
    std::sort(o.begin(), o.end(), [&](Fiscal a, Fiscal b) { return rank(a) < rank(b); });
    for (std::size_t i = 1; i < o.size(); ++i)
      if (rank(o[i]) == rank(o[i - 1]))
        throw InternalError("two fiscal lines share the rank " + std::to_string(rank(o[i])) + " (models/README.md, \"Fiscal lines\")");
    for (std::size_t i = 0; i < lines.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (std::string_view(lines[i].name) == lines[j].name)
          throw InternalError(std::string("two fiscal lines are named ") + lines[i].name);
    return o;
  }();
  return order;
}

Fiscal fiscal_line(std::string_view name) {
  for (Fiscal line : fiscal_lines())
    if (name == fiscal_line_info(line).name) return line;
  throw InternalError("no fiscal line named " + std::string(name));
}

void Government::add_line(Fiscal line, const Programme& programme, Budget budget, BudgetRule rule) {
  const int i = static_cast<int>(line);
  if (programme_[i]) throw InternalError(std::string("fiscal line ") + fiscal_line_info(line).name + " registered twice");
  if ((budget == Budget::fixed) != (rule != nullptr)) throw InternalError("a fixed-cost fiscal line needs its rule");
  programme_[i] = &programme;
  budget_[i] = budget;
  rule_[i] = rule;
}

void Government::add_obligation(Fiscal line, OwedRule rule) {
  const int i = static_cast<int>(line);
  if (owed_rule_[i]) throw InternalError(std::string("obligation of the fiscal line ") + fiscal_line_info(line).name + " registered twice");
  owed_rule_[i] = rule;
}

double Government::owed(const World& w, Fiscal line) const {
  const int i = static_cast<int>(line);
  return awaiting_[i] + (owed_rule_[i] ? owed_rule_[i](w) : 0.0);
}

const Programme& Government::programme_of(Fiscal line) const {
  const Programme* pr = programme_[static_cast<int>(line)];
  if (!pr) throw InternalError(std::string("no programme for the fiscal line ") + fiscal_line_info(line).name);
  return *pr;
}

void Government::open_budgets(const World& w) {
  const int year = w.calendar_year();
  paid_year_.fill(0.0);
  for (const Fiscal line : fiscal_lines()) {
    const int i = static_cast<int>(line);
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

void Government::book_paid_by_fund(Fiscal line, double amount) {
  const int i = static_cast<int>(line);
  if (fiscal_line_info(line).payer == Account::government)
    throw InternalError(std::string("fiscal line ") + fiscal_line_info(line).name + " is paid from the government's cash");
  fiscal_period_[i] += amount;
  fiscal_total_[i] += amount;
}

void Government::move_capital_to_cost(Fiscal capital_line, double amount) {
  const int i = static_cast<int>(capital_line);
  if (fiscal_line_info(capital_line).kind != FiscalKind::capital)
    throw InternalError(std::string("fiscal line ") + fiscal_line_info(capital_line).name + " is not a capital line");
  // The government's cash does not move: the money left it when it was paid
  // in; only the line it is counted on changes.
  fiscal_period_[i] -= amount;
  fiscal_total_[i] -= amount;
  moved_total_[i] += amount;
}

void Government::recover(Fiscal line, double amount) {
  // Kept apart from the line's spending (fiscal_<line> stays what was paid
  // in, gross), netted only in the net fiscal cost.
  const int i = static_cast<int>(line);
  if (fiscal_line_info(line).returns == NO_FLOW) throw InternalError(std::string("fiscal line ") + fiscal_line_info(line).name + " pays nothing back");
  cash_ += amount;
  recovered_period_[i] += amount;
  recovered_total_[i] += amount;
}

// ---------------------------------------------------------------- delivery

bool Government::applies(const World& w, const Firm& f, const Programme& pr, std::uint64_t purpose) const {
  // The same draw in both modes (common random numbers): a firm that would
  // apply is also reached automatically, since automatic_take_up_share ≥ take-up in practice.
  if (pr.automatic) return apply_draw(w, f, purpose) < pr.automatic_take_up_share;
  return apply_draw(w, f, purpose) < w.liaison.take_up(w, f, pr);
}

double Government::apply_draw(const World& w, const Firm& f, std::uint64_t purpose) const {
  return draw(f, P_GRANT_APPLY ^ purpose, static_cast<std::uint64_t>(w.calendar_year()));
}

double Government::grant(World& w, Firm& f, Fiscal line, const Programme& pr, double amount, std::uint64_t purpose) {
  const int year = w.calendar_year();
  if (!pr.active(year) || f.stage < pr.min_stage || amount <= 0) return 0.0;
  grant_eligible_ += 1;
  if (pr.automatic) {
    // "No application needed": big-data matching pays the eligible firms it
    // reaches at once (automatic_take_up_share: they confirm once, 7.21).
    if (!applies(w, f, pr, purpose)) return 0.0;
    const double paid = reserve(line, pr, amount, year);
    if (paid <= 0) return 0.0;
    pay_reserved(w, line, paid, Account::firms);
    f.cash += paid;
    grant_received_ += 1;
    grant_delay_n_ += 1;
    paid_year_[static_cast<int>(line)] += 1;
    return paid;
  }
  // Application mode: only a take-up share applies, at a cost, and money
  // flows after the approval delay.
  if (!applies(w, f, pr, purpose)) return 0.0;
  if (f.liaison && apply_draw(w, f, purpose) >= pr.take_up_share) w.liaison.count_application();  // only the officer made it apply
  w.pay(f, Account::external, pr.application_cost_yuan, Flow::application_cost);
  const double reserved = reserve(line, pr, amount, year);
  if (reserved <= 0) return 0.0;
  awaiting_[static_cast<int>(line)] += reserved;  // approved: owed until paid or lapsed
  const std::int64_t id = f.id;
  World* wp = &w;
  w.sim.schedule_in(pr.approval_delay_days,
                    [wp, id, reserved, line, year] { wp->government.grant_paid(*wp, id, reserved, line, year); });
  return reserved;
}

void Government::grant_paid(World& w, std::int64_t id, double amount, Fiscal line, int year) {
  Firm* f = w.find_firm(id);
  const int i = static_cast<int>(line);
  awaiting_[i] = std::max(0.0, awaiting_[i] - amount);
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
  for (const Fiscal line : fiscal_lines())
    if (fiscal_line_info(line).payer == Account::government)
      s += fiscal_total_[static_cast<int>(line)] + moved_total_[static_cast<int>(line)];
  return s;
}

double Government::recovered_sum() const {
  double s = 0;
  for (const Fiscal line : fiscal_lines()) s += recovered_total_[static_cast<int>(line)];
  return s;
}

bool Government::budgets_ok() const {
  for (const Fiscal line : fiscal_lines()) {
    const int i = static_cast<int>(line);
    if (spent_year_[i] > budget_year_[i] * (1.0 + 1e-12) + 1e-6) return false;
  }
  return true;
}

void Government::report_delivery(MetricRow& out) const {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.insert(out.end(), {grant_eligible_, grant_received_, grant_delay_n_ > 0 ? grant_delay_sum_ / grant_delay_n_ : nan});
}

void Government::report_spending(MetricRow& out) const {
  double fiscal = 0;
  for (const Fiscal line : fiscal_lines()) fiscal += fiscal_period_[static_cast<int>(line)];
  out.push_back(fiscal);
  for (const Fiscal line : fiscal_lines()) out.push_back(fiscal_period_[static_cast<int>(line)]);
}

void Government::restart_period() {
  grant_eligible_ = grant_received_ = grant_delay_sum_ = grant_delay_n_ = 0;
  fiscal_period_.fill(0.0);
  recovered_period_.fill(0.0);
}

// ---------------------------------------------------------------- metric catalogue

const std::vector<MetricInfo>& Government::delivery_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"grants_eligible", "grants", "Grants firms became eligible for since the previous sample (take-up = paid / eligible over a span)", MetricKind::flow,
       "Grants eligible", "符合条件的补助", "上次抽样以来企业符合申领条件的补助（申领率 = 已支付 / 符合条件）"},
      {"grants_paid", "grants", "Grants paid to firms since the previous sample", MetricKind::flow,
       "Grants paid", "已支付补助", "上次抽样以来支付给企业的补助"},
      {"grant_payment_delay_days", "days", "Mean days from eligibility to payment of grants paid in the period (NaN: none)", MetricKind::mean,
       "Grant payment delay", "补助兑付时长", "本期支付的补助从符合条件到到账的平均天数（本期无支付时为空）"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 2300 (models/README.md, "Metrics").
const RegisterMetrics government_delivery_metrics{2300, &Government::delivery_metrics,
                                                  [](const World& w, const Census&, MetricRow& o) { w.government.report_delivery(o); }};
}  // namespace

const std::vector<MetricInfo>& Government::spending_metrics() {
  static const std::vector<MetricInfo> infos = [] {
    std::vector<MetricInfo> c = {
        {"fiscal_spending", "yuan", "Government spending on all programmes since the previous sample", MetricKind::flow,
         "Fiscal spending", "财政支出", "上次抽样以来政府在全部项目上的支出"},
    };
    // Storage for the generated fiscal lines' words (reserved: the metrics point into it).
    static std::vector<std::string> words;
    words.reserve(5 * fiscal_lines().size());
    const auto keep = [](std::string s) { return words.emplace_back(std::move(s)).c_str(); };
    for (const Fiscal line : fiscal_lines()) {
      const FiscalLineInfo& info = fiscal_line_info(line);
      c.push_back({keep(std::string("fiscal_") + info.name), "yuan",
                   keep(std::string("Government spending on ") + info.name + " since the previous sample"),
                   MetricKind::flow, keep(std::string("Fiscal spending: ") + info.label),
                   keep(std::string("财政支出：") + info.label_zh),
                   keep(std::string("上次抽样以来政府在") + info.label_zh + "上的支出")});
    }
    return c;
  }();
  return infos;
}

namespace {
// The group's place in the output: rank 9000 (models/README.md, "Metrics").
const RegisterMetrics government_spending_metrics{9000, &Government::spending_metrics,
                                                  [](const World& w, const Census&, MetricRow& o) { w.government.report_spending(o); },
                                                  [](World& w) { w.government.restart_period(); }};
}  // namespace

}  // namespace innosim::model

namespace innosim::model {

// ---------------------------------------------------------------- net fiscal cost (2.6)

std::array<double, LEVEL_COUNT> Government::residual_value(const World& w, const Census& c) const {
  // What each capital line's fund still holds, returned to its owners at the
  // horizon: the pool's cash; the guidance fund's cash and stakes (at the
  // lower of cost and value) with the fees it paid added back (their own line).
  // Unless fiscal.count_fund_gains, a fund counts at most the capital paid
  // into it: gains are uncertain until realised, guidance-fund rules commonly
  // cede excess returns to the private partners (让利), and the venture
  // lottery of exits would otherwise swamp every comparison's cost (2.6).
  std::array<double, LEVEL_COUNT> r{};
  for (const Fiscal line : fiscal_lines()) {
    const FiscalLineInfo& info = fiscal_line_info(line);
    if (!info.holds) continue;  // an outlay
    double value = info.holds(w, c);
    if (!w.p.fiscal.count_fund_gains) value = std::min(value, fiscal_total(line));
    for (int l = 0; l < LEVEL_COUNT; ++l) r[l] += info.share[l] * value;
  }
  return r;
}

std::array<double, LEVEL_COUNT> Government::liabilities(const World& w) const {
  std::array<double, LEVEL_COUNT> owed_by_level{};
  for (const Fiscal line : fiscal_lines()) {
    const double o = owed(w, line);
    if (o == 0) continue;
    const FiscalLineInfo& info = fiscal_line_info(line);
    for (int l = 0; l < LEVEL_COUNT; ++l) owed_by_level[l] += info.share[l] * o;
  }
  return owed_by_level;
}

void Government::report_net_cost(const World& w, const Census& c, MetricRow& out) const {
  std::array<double, LEVEL_COUNT> outlay{}, capital{}, returned{};
  double returned_total = 0;
  for (const Fiscal line : fiscal_lines()) {
    const FiscalLineInfo& info = fiscal_line_info(line);
    auto& to = info.kind == FiscalKind::capital ? capital : outlay;
    const int i = static_cast<int>(line);
    for (int l = 0; l < LEVEL_COUNT; ++l) {
      to[l] += info.share[l] * fiscal_period_[i];
      returned[l] += info.share[l] * recovered_period_[i];
    }
    returned_total += recovered_period_[i];
  }
  residual_seen_ = residual_value(w, c);
  liability_seen_ = liabilities(w);
  double residual = 0, capital_net = 0, net = 0, collected = 0, owed_total = 0;
  std::array<double, LEVEL_COUNT> net_level{};
  for (int l = 0; l < LEVEL_COUNT; ++l) {
    // Capital at net cost: paid in, less what the funds paid back to the
    // treasury, less the change in what they hold (payouts, write-downs and
    // running costs less gains).
    const double cap_net = capital[l] - returned[l] - (residual_seen_[l] - residual_open_[l]);
    // Accrual: an obligation counts when it arises, not when it is paid
    // (the change in what is owed; a payment of what was owed nets out).
    net_level[l] = outlay[l] + cap_net + (liability_seen_[l] - liability_open_[l]);
    owed_total += liability_seen_[l];
    residual += residual_seen_[l];
    capital_net += cap_net;
    net += net_level[l];
    collected += w.tax.collected(static_cast<Level>(l));
  }
  net_seen_ = net_to_date_ + net;
  // Present value on a cash-flow basis (2.6): discounted to the start from the
  // sample date (the month grid the samples are timed on), plus the cost of the
  // capital the funds held since the previous sample, (d_{t-1} - d_t) R_{t-1}:
  // the return it would have earned at the discount rate (the funds hold it
  // idle or at cost). Summed over a run this is capital discounted from the
  // date it was paid in less the residual value discounted from the horizon,
  // so capital locked up costs its time value, not nothing.
  // Two rates (docs/model.md 2.6): the social discount rate, and the
  // government's own cost of funds, which is what the US credit-reform
  // accounting discounts a programme's cash flows at.
  double residual_open = 0;
  for (double v : residual_open_) residual_open += v;
  // Months are counted from the start date (after any warm-up: FiscalParams).
  const double origin = static_cast<double>(w.p.fiscal.present_value_origin_month);
  const auto present_value = [&](double rate) {
    const double discount = std::pow(1.0 + rate, -(static_cast<double>(w.month) - origin) / 12.0);
    const double discount_open = std::pow(1.0 + rate, -(static_cast<double>(month_open_) - origin) / 12.0);
    return net * discount + (discount_open - discount) * residual_open;
  };
  month_seen_ = w.month;
  out.insert(out.end(), outlay.begin(), outlay.end());
  out.insert(out.end(), capital.begin(), capital.end());
  out.insert(out.end(), {residual, capital_net, returned_total, owed_total});
  for (int l = 0; l < LEVEL_COUNT; ++l) out.push_back(w.tax.collected(static_cast<Level>(l)));
  for (int l = 0; l < LEVEL_COUNT; ++l) out.push_back(w.tax.forgone(static_cast<Level>(l)));
  for (int k = 0; k < TAX_EXPENDITURE_COUNT; ++k)
    for (int l = 0; l < LEVEL_COUNT; ++l) out.push_back(w.tax.expenditure(static_cast<TaxExpenditure>(k), static_cast<Level>(l)));
  out.insert(out.end(), net_level.begin(), net_level.end());
  out.insert(out.end(), {net, present_value(w.p.fiscal.discount_rate), present_value(w.p.fiscal.borrowing_rate), net_seen_,
                         net - collected});
  // After tax by level: each level's net cost less its share of the tax
  // collected, i.e. its outlays and the tax expenditures it bears, less the
  // tax the standard rate would bring (collected + forgone) (2.6).
  for (int l = 0; l < LEVEL_COUNT; ++l) out.push_back(net_level[l] - w.tax.collected(static_cast<Level>(l)));
  // Quasi-fiscal, not in the net fiscal cost: the central bank's relending
  // below its own lending rate (7.7), a cost to the centre no budget books.
  out.insert(out.end(), {w.tech_credit.relending_cost(), w.tech_credit.relending_balance(w)});
}

const std::vector<MetricInfo>& Government::net_cost_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"fiscal_outlay_central", "yuan", "Central-government outlays on the city's programmes since the previous sample", MetricKind::flow,
       "Outlays: central", "中央财政支出", "上次抽样以来中央财政在本市项目上的支出（不含注资）"},
      {"fiscal_outlay_provincial", "yuan", "Provincial outlays on the city's programmes since the previous sample", MetricKind::flow,
       "Outlays: provincial", "省级财政支出", "上次抽样以来省级财政在本市项目上的支出（不含注资）"},
      {"fiscal_outlay_city", "yuan", "The city's outlays on its programmes since the previous sample", MetricKind::flow,
       "Outlays: city", "市级财政支出", "上次抽样以来市级财政在本市项目上的支出（不含注资）"},
      {"fiscal_capital_central", "yuan", "Central-government capital paid into funds (risk pool, guidance fund) since the previous sample", MetricKind::flow,
       "Capital paid in: central", "中央财政注资", "上次抽样以来中央财政注入风险补偿资金池和引导基金的资本"},
      {"fiscal_capital_provincial", "yuan", "Provincial capital paid into funds (risk pool, guidance fund) since the previous sample", MetricKind::flow,
       "Capital paid in: provincial", "省级财政注资", "上次抽样以来省级财政注入风险补偿资金池和引导基金的资本"},
      {"fiscal_capital_city", "yuan", "The city's capital paid into funds (risk pool, guidance fund) since the previous sample", MetricKind::flow,
       "Capital paid in: city", "市级财政注资", "上次抽样以来市级财政注入风险补偿资金池和引导基金的资本"},
      {"capital_residual_value", "yuan",
       "What the government's funds hold, each at most the capital paid in unless fiscal.count_fund_gains: the risk pool's cash, the "
       "guidance fund's cash and stakes (lower of cost and value) with the management fees it paid added back (they are an outlay "
       "line of their own, guidance_fee)",
       MetricKind::stock,
       "Funds' residual value", "政府基金剩余价值",
       "抽样时点政府基金的剩余价值：风险补偿资金池的现金，引导基金的现金和股权（按成本与估值孰低）加回其已付管理费（管理费另列支出项）"},
      {"capital_net_cost", "yuan",
       "Capital paid into funds less what they paid back to the treasury and less the change in their residual value since the "
       "previous sample (payouts and write-downs less gains)",
       MetricKind::flow,
       "Capital at net cost", "注资净成本", "上次抽样以来注入基金的资本减去基金上缴国库的资金和基金剩余价值的变化（赔付和核销减去收益）"},
      {"capital_returned", "yuan",
       "What the government's funds paid back to the treasury since the previous sample (the guidance fund's exit proceeds when "
       "policies.guidance_fund.proceeds_to_treasury); netted in capital_net_cost",
       MetricKind::flow, "Capital returned to the treasury", "基金上缴财政",
       "上次抽样以来政府基金上缴国库的资金（启用 policies.guidance_fund.proceeds_to_treasury 时为引导基金的退出收益）；已在注资净成本中扣除"},
      {"government_liabilities", "yuan",
       "What the government owes at the sample and pays later (all levels): interest-subsidy claims earned this fiscal year, at what "
       "the envelope would pay them, and grants approved and awaiting payment",
       MetricKind::stock,
       "Owed, not yet paid", "应付未付财政义务",
       "抽样时点政府已形成、尚未支付的义务（各级合计）：本财政年度已发生的贷款贴息申请（按年度额度可支付的金额）和已批准待拨付的补助"},
      {"tax_collected_central", "yuan", "The central government's share of corporate income tax since the previous sample", MetricKind::flow,
       "Tax collected: central", "企业所得税（中央分成）", "上次抽样以来企业所得税中归属中央的部分"},
      {"tax_collected_provincial", "yuan", "The province's share of corporate income tax since the previous sample", MetricKind::flow,
       "Tax collected: provincial", "企业所得税（省级分成）", "上次抽样以来企业所得税中归属省级的部分"},
      {"tax_collected_city", "yuan", "The city's share of corporate income tax since the previous sample", MetricKind::flow,
       "Tax collected: city", "企业所得税（市级分成）", "上次抽样以来企业所得税中归属本市的部分"},
      {"tax_forgone_central", "yuan",
       "Central share of tax forgone (high-tech and small-profit rates, R&D super-deduction) since the previous sample", MetricKind::flow,
       "Tax forgone: central", "税收减免（中央）", "上次抽样以来因高新技术企业和小型微利企业优惠税率及研发费用加计扣除而少收的税款中中央的部分"},
      {"tax_forgone_provincial", "yuan",
       "Provincial share of tax forgone (high-tech and small-profit rates, R&D super-deduction) since the previous sample", MetricKind::flow,
       "Tax forgone: provincial", "税收减免（省级）", "上次抽样以来因高新技术企业和小型微利企业优惠税率及研发费用加计扣除而少收的税款中省级的部分"},
      {"tax_forgone_city", "yuan",
       "The city's share of tax forgone (high-tech and small-profit rates, R&D super-deduction) since the previous sample", MetricKind::flow,
       "Tax forgone: city", "税收减免（市级）", "上次抽样以来因高新技术企业和小型微利企业优惠税率及研发费用加计扣除而少收的税款中本市的部分"},
      {"tax_expenditure_rd_central", "yuan",
       "Central share of the R&D super-deduction's tax expenditure (the standard rate on the base it removed) since the previous sample",
       MetricKind::flow, "Tax expenditure, R&D super-deduction: central", "研发费用加计扣除税式支出（中央）",
       "上次抽样以来研发费用加计扣除的税式支出（按标准税率计其减少的税基）中中央的部分"},
      {"tax_expenditure_rd_provincial", "yuan",
       "Provincial share of the R&D super-deduction's tax expenditure (the standard rate on the base it removed) since the previous sample",
       MetricKind::flow, "Tax expenditure, R&D super-deduction: provincial", "研发费用加计扣除税式支出（省级）",
       "上次抽样以来研发费用加计扣除的税式支出（按标准税率计其减少的税基）中省级的部分"},
      {"tax_expenditure_rd_city", "yuan",
       "The city's share of the R&D super-deduction's tax expenditure (the standard rate on the base it removed) since the previous sample",
       MetricKind::flow, "Tax expenditure, R&D super-deduction: city", "研发费用加计扣除税式支出（市级）",
       "上次抽样以来研发费用加计扣除的税式支出（按标准税率计其减少的税基）中本市的部分"},
      {"tax_expenditure_hte_central", "yuan",
       "Central share of the high-tech rate's tax expenditure ((standard - HTE rate) x taxable income of HTEs above the small-profit "
       "limits) since the previous sample",
       MetricKind::flow, "Tax expenditure, HTE rate: central", "高新技术企业优惠税率税式支出（中央）",
       "上次抽样以来高新技术企业优惠税率的税式支出（标准税率与优惠税率之差乘以不属于小型微利企业的高新技术企业应纳税所得额）中中央的部分"},
      {"tax_expenditure_hte_provincial", "yuan",
       "Provincial share of the high-tech rate's tax expenditure ((standard - HTE rate) x taxable income of HTEs above the small-profit "
       "limits) since the previous sample",
       MetricKind::flow, "Tax expenditure, HTE rate: provincial", "高新技术企业优惠税率税式支出（省级）",
       "上次抽样以来高新技术企业优惠税率的税式支出（标准税率与优惠税率之差乘以不属于小型微利企业的高新技术企业应纳税所得额）中省级的部分"},
      {"tax_expenditure_hte_city", "yuan",
       "The city's share of the high-tech rate's tax expenditure ((standard - HTE rate) x taxable income of HTEs above the small-profit "
       "limits) since the previous sample",
       MetricKind::flow, "Tax expenditure, HTE rate: city", "高新技术企业优惠税率税式支出（市级）",
       "上次抽样以来高新技术企业优惠税率的税式支出（标准税率与优惠税率之差乘以不属于小型微利企业的高新技术企业应纳税所得额）中本市的部分"},
      {"tax_expenditure_small_profit_central", "yuan",
       "Central share of the small low-profit rate's tax expenditure ((standard - small-profit rate) x taxable income) since the previous sample",
       MetricKind::flow, "Tax expenditure, small-profit rate: central", "小型微利企业优惠税率税式支出（中央）",
       "上次抽样以来小型微利企业优惠税率的税式支出（标准税率与优惠税率之差乘以应纳税所得额）中中央的部分"},
      {"tax_expenditure_small_profit_provincial", "yuan",
       "Provincial share of the small low-profit rate's tax expenditure ((standard - small-profit rate) x taxable income) since the previous sample",
       MetricKind::flow, "Tax expenditure, small-profit rate: provincial", "小型微利企业优惠税率税式支出（省级）",
       "上次抽样以来小型微利企业优惠税率的税式支出（标准税率与优惠税率之差乘以应纳税所得额）中省级的部分"},
      {"tax_expenditure_small_profit_city", "yuan",
       "The city's share of the small low-profit rate's tax expenditure ((standard - small-profit rate) x taxable income) since the previous sample",
       MetricKind::flow, "Tax expenditure, small-profit rate: city", "小型微利企业优惠税率税式支出（市级）",
       "上次抽样以来小型微利企业优惠税率的税式支出（标准税率与优惠税率之差乘以应纳税所得额）中本市的部分"},
      {"net_fiscal_cost_central", "yuan",
       "Central net fiscal cost (outlays plus capital at net cost plus the change in what is owed) since the previous sample", MetricKind::flow,
       "Net fiscal cost: central", "财政净成本（中央）", "上次抽样以来中央财政的净成本（支出加注资净成本加应付未付义务的变化）"},
      {"net_fiscal_cost_provincial", "yuan",
       "Provincial net fiscal cost (outlays plus capital at net cost plus the change in what is owed) since the previous sample",
       MetricKind::flow,
       "Net fiscal cost: provincial", "财政净成本（省级）", "上次抽样以来省级财政的净成本（支出加注资净成本加应付未付义务的变化）"},
      {"net_fiscal_cost_city", "yuan",
       "The city's net fiscal cost (outlays plus capital at net cost plus the change in what is owed) since the previous sample",
       MetricKind::flow,
       "Net fiscal cost: city", "财政净成本（市级）", "上次抽样以来市级财政的净成本（支出加注资净成本加应付未付义务的变化）"},
      {"net_fiscal_cost", "yuan",
       "Net fiscal cost, all levels: outlays plus capital paid into funds less the change in their residual value, plus the change in "
       "what the government owes (accrued liabilities), since the previous sample",
       MetricKind::flow,
       "Net fiscal cost", "财政净成本",
       "上次抽样以来各级财政的净成本：支出，加上注入基金的资本减去基金剩余价值的变化，再加上应付未付义务的变化（权责发生制）"},
      {"net_fiscal_cost_pv", "yuan",
       "Net fiscal cost since the previous sample discounted to the start at fiscal.discount_rate, plus the discounted cost of the "
       "capital the funds held over the period at that rate; its total is the present value on a cash-flow basis (capital "
       "discounted when paid in, residual value when returned at the end)",
       MetricKind::flow, "Net fiscal cost (present value)", "财政净成本（现值）",
       "上次抽样以来的财政净成本按 fiscal.discount_rate 折现到起始年，加上基金在本期占用资本按该折现率计的成本（折现后）；其合计为按现金流计的现值"
       "（注资按注入时点折现，剩余价值按期末返还折现）"},
      {"net_fiscal_cost_pv_borrowing", "yuan",
       "The same present value at the government's borrowing rate (fiscal.borrowing_rate) instead of the social discount rate: "
       "the cost to a budget that borrows the money (what compare --cost pv divides by)",
       MetricKind::flow, "Net fiscal cost (present value at the borrowing rate)", "财政净成本（按政府借款利率计的现值）",
       "与财政净成本现值相同，但按政府借款利率（fiscal.borrowing_rate）而非社会折现率折现：以借款筹资的预算所承担的成本"
       "（compare --cost pv 的分母）"},
      {"net_fiscal_cost_to_date", "yuan", "Net fiscal cost from the start to the sample (all levels)", MetricKind::stock,
       "Net fiscal cost to date", "累计财政净成本", "从起始到抽样时点的各级财政累计净成本"},
      {"net_fiscal_cost_after_tax", "yuan",
       "Net fiscal cost less corporate income tax collected (all levels) since the previous sample: the budget's net outflow",
       MetricKind::flow,
       "Net fiscal cost after tax", "扣除税收后的财政净成本", "上次抽样以来的财政净成本减去各级财政征收的企业所得税：预算的净流出"},
      {"net_fiscal_cost_after_tax_central", "yuan",
       "Central net fiscal cost less its share of corporate income tax collected since the previous sample (equal to its net cost plus "
       "its tax expenditures less its share of the tax at the standard rate)",
       MetricKind::flow, "Net fiscal cost after tax: central", "扣除税收后的财政净成本（中央）",
       "上次抽样以来中央财政净成本减去其分享的企业所得税（等于其净成本加其承担的税式支出，减去按标准税率计的税收中其分享的部分）"},
      {"net_fiscal_cost_after_tax_provincial", "yuan",
       "Provincial net fiscal cost less its share of corporate income tax collected since the previous sample (equal to its net cost "
       "plus its tax expenditures less its share of the tax at the standard rate)",
       MetricKind::flow, "Net fiscal cost after tax: provincial", "扣除税收后的财政净成本（省级）",
       "上次抽样以来省级财政净成本减去其分享的企业所得税（等于其净成本加其承担的税式支出，减去按标准税率计的税收中其分享的部分）"},
      {"net_fiscal_cost_after_tax_city", "yuan",
       "The city's net fiscal cost less its share of corporate income tax collected since the previous sample (equal to its net cost "
       "plus its tax expenditures less its share of the tax at the standard rate)",
       MetricKind::flow, "Net fiscal cost after tax: city", "扣除税收后的财政净成本（市级）",
       "上次抽样以来市级财政净成本减去其分享的企业所得税（等于其净成本加其承担的税式支出，减去按标准税率计的税收中其分享的部分）"},
      {"quasi_fiscal_relending", "yuan",
       "Quasi-fiscal cost to the central bank of its relending for tech lending since the previous sample: (its lending rate - the "
       "relending rate) x the relent share x the concessional loans outstanding (at most the city's part of the national quota), a month "
       "at a time; central, not in the net fiscal cost",
       MetricKind::flow, "Quasi-fiscal cost: central-bank relending", "准财政成本：央行再贷款",
       "上次抽样以来央行科技创新再贷款的准财政成本：按月计（央行自身贷款利率减去再贷款利率）乘以再贷款覆盖比例乘以优惠贷款余额（不超过本市在全国额度中的份额）；属中央层级，不计入财政净成本"},
      {"relending_balance", "yuan",
       "Central-bank relending behind the concessional tech loans outstanding at the sample (the relent share of their principal, at most "
       "the city's part of the national quota)",
       MetricKind::stock, "Central-bank relending outstanding", "央行再贷款余额",
       "抽样时点优惠科技贷款背后的央行再贷款余额（按再贷款覆盖比例计的贷款本金，不超过本市在全国额度中的份额）"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 9100 (models/README.md, "Metrics").
const RegisterMetrics government_net_cost_metrics{9100, &Government::net_cost_metrics,
                                                  [](const World& w, const Census& c, MetricRow& o) { w.government.report_net_cost(w, c, o); },
                                                  [](World& w) {
                                                    w.government.restart_net_cost();
                                                    w.tech_credit.restart_period();
                                                  }};
}  // namespace

void bind_keys(Binder& b, FiscalParams& fp) {
  b.section("fiscal", "How fiscal costs are reported: the net fiscal cost's present value at two rates.",
            {"Fiscal accounts", "财政核算", "财政成本的核算方式：财政净成本现值的两个折现率。"});
  b.number("fiscal.discount_rate", fp.discount_rate, "per year", 0, 1,
           "Social discount rate of the net fiscal cost's present value (net_fiscal_cost_pv; NDRC 2006 social discount rate: 8 %; "
           "compare --cost pv-social).",
           "财政净成本现值（net_fiscal_cost_pv）的社会折现率（国家发展改革委2006年社会折现率：8%；compare --cost pv-social）。");
  b.number("fiscal.borrowing_rate", fp.borrowing_rate, "per year", 0, 1,
           "The government's borrowing rate, for the net fiscal cost's present value at its cost of funds "
           "(net_fiscal_cost_pv_borrowing, what compare --cost pv divides by; local-government bonds issued in "
           "January-November 2025 averaged 1.97 %, Ministry of Finance).",
           "政府借款利率，用于按其资金成本计算财政净成本现值（net_fiscal_cost_pv_borrowing，compare --cost pv 的分母；"
           "财政部数据：2025年一至十一月地方政府债券平均发行利率1.97%）。");
  b.boolean("fiscal.count_fund_gains", fp.count_fund_gains,
            "Net a fund's gains (residual value above the capital paid in) against the cost; off: a fund counts at most its capital.",
            "以基金收益（剩余价值超过注资的部分）冲抵成本；为 false 时，基金的剩余价值最多按其注资额计。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 3700 (models/README.md, "Scenario keys").
const RegisterKeys fiscal_keys_at{3700, [](Binder& b, Params& p) { bind_keys(b, p.fiscal); }};
}  // namespace

}  // namespace innosim::model
