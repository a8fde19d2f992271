#include "innosim/model/firms/firm_finance.hpp"

#include <algorithm>
#include <cmath>

#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

namespace {
constexpr std::uint64_t P_DEFAULT = engine::purpose_id("default");
constexpr std::uint64_t P_INVEST = engine::purpose_id("invest");
constexpr std::uint64_t P_INVEST_SIZE_A = engine::purpose_id("invest_size_a");
constexpr std::uint64_t P_INVEST_SIZE_B = engine::purpose_id("invest_size_b");
constexpr std::uint64_t P_INVEST_RETURN_A = engine::purpose_id("invest_return_a");
constexpr std::uint64_t P_INVEST_RETURN_B = engine::purpose_id("invest_return_b");

// Fire-sale value of equipment when a firm closes (share of book value). Assumption.
constexpr double FIRE_SALE_SHARE = 0.5;

// Present value of 1 yuan a year for `years` years at `rate`.
double annuity(double rate, double years) {
  if (rate <= 1e-9) return years;
  return (1.0 - std::pow(1.0 + rate, -years)) / rate;
}
}  // namespace

double FirmFinance::annuity_factor(double rate, double years) { return annuity(rate, years); }

FirmFinance::FirmFinance(const World& w) : invest_p_(1.0 - std::exp(-w.p.firm.investment_rate / 12.0)) {}

double FirmFinance::equity(const Firm& f) { return f.cash + f.receivables + f.fixed_assets - f.debt - f.payables; }

void FirmFinance::open_books(World& w) {
  for (Firm& f : w.firms) {
    const double e = equity(f);
    f.paid_in = std::max(0.0, e);
    f.cum_profit = std::min(0.0, e);
    f.equity_at_review = e;
  }
}

// ---------------------------------------------------------------- the month

void FirmFinance::start_month(const World& w) {
  default_p_ = 1.0 - std::exp(-w.p.firm.strategic_default_rate / 12.0);
}

bool FirmFinance::defaults(const World& w, const Firm& f) const {
  // A firm that could repay from its liquid assets does not walk away from
  // its loan: only debt above cash and receivables is at risk (7.5).
  if (!(f.debt > f.cash + f.receivables)) return false;
  // Nor does one whose operating cash flow covers its debt service (below).
  // A borrower whose cash flow services its debt never defaults, covered or
  // not: Cowan, Drexler and Yanez (2015) find guaranteed loans no more likely
  // to default once selection is accounted for, so the pool's default uplift
  // comes from whom banks accept under cover (screening relief, 7.9), not
  // from a hazard on healthy covered firms.
  if (services_debt(w, f)) return false;
  // Risk shifting (7.9; m_g = 0 by default): a covered borrower that can no
  // longer service its debt walks away more readily, by m_g c B_cov / B a year.
  const double shift = f.covered_debt > 0 && !f.points_cover ? w.risk_pool.risk_shift(w, f) : 0.0;  // the pool's m_g, not the points guarantee's
  const double p_default = shift > 0 ? 1.0 - std::exp(-(w.p.firm.strategic_default_rate + shift) / 12.0) : default_p_;
  return draw(f, P_DEFAULT, w.month) < p_default;
}

bool FirmFinance::services_debt(const World& w, const Firm& f) const {
  // Its equity is worth more than walking away (Leland 1994: owners default
  // when the cash flow no longer supports the debt). Coverage is EBITDA over
  // the year's interest, net of the subsidy it expects, plus amortisation; a
  // cheaper loan covers more, so a subsidy lowers defaults here.
  const double net_rate = f.loan_rate - w.interest_subsidy.expected_cut_on_book(w, f);
  return w.p.bank.dscr_min * w.banks.serviceable_debt(w, f, net_rate) >= f.debt;
}

void FirmFinance::month(World& w, Firm& f, double capacity) {
  // Investment and credit: an investment opportunity is valued at the cost
  // of funds and financed by cash, then credit (7.7a); equipment when
  // capacity runs short; a firm short of cash borrows working capital;
  // insolvent (cash < 0 and no credit) firms exit. Owners are paid at the
  // annual review, out of profit (7.6).
  const FirmParams& fp = w.p.firm;
  if (draw(f, P_INVEST, w.month) < invest_p_) invest(w, f, w.month);
  if (capacity < (1.0 + 0.5 * fp.capacity_slack) * f.demand) expand_capacity(w, f, capacity);
  // Working capital: a firm whose cash falls below its buffer borrows the gap.
  const double costs = w.dynamics.monthly_costs(f);
  const double gap = fp.cash_buffer_months * costs - f.cash;
  if (gap > 1e4) w.banks.borrow(w, f, gap, false, false);
  if (f.cash < 0) {
    // In distress, a bridge of a month's costs.
    w.banks.borrow(w, f, -f.cash + costs, true, false);
    if (f.cash < 0) w.dynamics.exit(w, f, ExitCause::insolvency);
  }
}

double FirmFinance::spare_cash(const World& w, const Firm& f) const {
  // Internal funds first (Myers and Majluf 1984): a firm spends its cash down
  // to its buffer before it borrows; the target only limits what owners get.
  return f.cash - w.p.firm.cash_buffer_months * w.dynamics.monthly_costs(f);
}

bool FirmFinance::raise_for_payment(World& w, Firm& f, double amount, bool& borrowed) {
  // Internal funds first (Myers and Majluf 1984), then a loan for the
  // purpose, as for equipment (7.7a); never an overdraft. A fee paid whatever
  // the cash drove some adopters below zero, and a firm still below zero
  // after its bridge loan exits insolvent (7.5): the platform then raised
  // insolvencies (referee 13, finding 2; docs/model.md 7.18 item 5).
  borrowed = false;
  if (amount <= 0) return true;
  const double own = std::clamp(spare_cash(w, f), 0.0, amount);
  const double loan = amount - own;
  if (loan > 0) {
    const double before = f.debt;
    w.banks.borrow(w, f, loan, false, true);
    borrowed = f.debt > before;
  }
  return f.cash >= amount;
}

double FirmFinance::after_subsidy_and_tax(const World& w, const Firm& f, double rate, double subsidy) const {
  const double tax_rate = w.p.tax.enabled ? (f.hte_certified ? w.p.tax.hte_rate : w.p.tax.standard_rate) : 0.0;
  return (rate - subsidy) * (1.0 - tax_rate);
}

double FirmFinance::secured_room(const World& w, const Firm& f, double purchase) const {
  return secured_room(w, f, purchase, w.dynamics.monthly_costs(f));
}

double FirmFinance::secured_room(const World& w, const Firm& f, double purchase, double monthly_costs) const {
  // What the firm could repay if it closed: its cash up to the target (cash
  // above it may be paid to owners at the year-end accounts, 7.6, so a bank
  // does not count it), receivables, and its equipment, the purchase
  // included, at the fire-sale price.
  const double kept = std::min(f.cash, w.p.firm.cash_target_months * monthly_costs);
  return std::max(0.0, kept + f.receivables + FIRE_SALE_SHARE * (f.fixed_assets + purchase) - f.debt);
}

bool FirmFinance::prefers_credit(const World& w, const Firm& f) const {
  return prefers_credit(w, f, w.dynamics.monthly_costs(f));
}

bool FirmFinance::prefers_credit(const World& w, const Firm& f, double monthly_costs) const {
  // Cheap credit is kept by choice only while the debt stays within what the
  // firm could repay on closing (7.7a). Its cost counts the subsidy the
  // firm expects on its registered principal (7.8).
  return after_subsidy_and_tax(w, f, f.loan_rate, w.interest_subsidy.expected_cut_on_book(w, f)) < f.credit_hurdle &&
         secured_room(w, f, 0.0, monthly_costs) > 0.0;
}

FirmFinance::Financing FirmFinance::finance_purchase(const World& w, const Firm& f, double cost, bool own_first) const {
  // The cheaper money first (trade-off theory; Myers 1984): credit when its
  // cost after the interest subsidy and the tax shield is below the firm's
  // hurdle rate, up to what the bank would lend; else the firm's spare cash
  // first and credit for the rest. The purchase is valued at the cost of
  // funds: own money at the bank's rate (the debt it could avoid), credit
  // at that rate net of the subsidy it expects.
  LoanTerms t = w.banks.terms(w, f, 0.0);
  // The tech-credit concession on the part of the purchase the city's
  // relending room can fund (7.7), as the bank would quote it (Banks::offer).
  t.rate += w.tech_credit.unfunded_premium(w, f, cost);
  const double cut = w.interest_subsidy.expected_cut(w, f, t.rate);  // what a new loan is expected to earn (7.8)
  const double appraised = w.banks.appraisal_rate(w, f, t.rate);    // the rate the bank appraises it at (7.7)
  const double net = after_subsidy_and_tax(w, f, t.rate, cut);
  const double spare = std::clamp(spare_cash(w, f), 0.0, cost);
  Financing x;
  if (net < f.credit_hurdle && !own_first) {
    // Borrowing by choice stays secured: within what the firm could repay on
    // closing (so a cheaper loan adds debt, not losses at exit; 7.7a).
    const double room = std::min(std::max(0.0, std::min(t.ceiling, w.banks.serviceable_debt(w, f, appraised)) - f.debt),
                                 secured_room(w, f, cost));
    x.loan = std::min(cost, room);
    if (x.loan < 1e4) x.loan = 0;
    x.own = std::min(spare, cost - x.loan);
    x.loan = cost - x.own;  // what own money cannot cover is asked for too (the bank may refuse)
  } else {
    x.own = spare;
    x.loan = cost - spare;
  }
  x.loan_rate = t.rate - cut;
  x.appraisal_rate = appraised;
  x.cost_of_funds = (x.own * t.rate + x.loan * x.loan_rate) / cost;
  return x;
}

void FirmFinance::buy_equipment(World& w, Firm& f, double cost) {
  w.pay(f, Account::external, cost, Flow::capital_expenditure);
  f.fixed_assets += cost;
  f.capital += cost / w.dynamics.price_level();  // real equipment, at start-year prices
  investment_ += cost;
}

void FirmFinance::expand_capacity(World& w, Firm& f, double capacity) {
  // A firm whose capacity falls below (1 + s/2) times its demand buys
  // equipment to restore (1 + s) times demand when the margin on a unit of
  // capacity, at the utilisation it aims for, covers the equipment's user
  // cost (cost of funds + depreciation; Jorgenson 1963). It pays from cash
  // above its target, the rest with a loan; when the bank lends less, it
  // expands by what its own money buys and the rest is rationed.
  const FirmParams& fp = w.p.firm;
  const double units = (1.0 + fp.capacity_slack) * f.demand - capacity;
  double cost = units * w.dynamics.capital_cost_per_unit();
  if (cost <= 1e4) return;
  const double p = w.dynamics.price(f);
  const double unit_margin = p - w.dynamics.wage() / f.productivity - w.dynamics.input_cost(f) - f.rd_share * p;
  const Financing x = finance_purchase(w, f, cost);
  const double user_cost = (x.cost_of_funds + fp.depreciation_rate) * w.dynamics.capital_cost_per_unit();
  if (12.0 * unit_margin / (1.0 + fp.capacity_slack) < user_cost) return;
  if (x.loan > 1e4 && !w.banks.borrow(w, f, x.loan, false, true)) {
    cost = std::clamp(spare_cash(w, f), 0.0, cost);  // capacity short of plan (asked again next month, not counted as rationed)
    if (cost <= 1e4) return;
  }
  buy_equipment(w, f, cost);
}

void FirmFinance::invest(World& w, Firm& f, std::uint64_t m) {
  // An opportunity: a project costing I (lognormal around kappa x annual
  // revenue) that saves rho I a year in operating costs (a process
  // improvement). The firm values the savings over T years at its cost of
  // funds (finance_purchase: credit at its cost after subsidy and tax, own
  // money at the cost of equity) and goes ahead when the present value
  // exceeds the cost and the bank lends the credit part in full.
  const FirmParams& fp = w.p.firm;
  if (f.revenue <= 0 || f.wage_bill <= 0) return;
  const double z_size = normal_from(draw(f, P_INVEST_SIZE_A, m), draw(f, P_INVEST_SIZE_B, m));
  const double z_return = normal_from(draw(f, P_INVEST_RETURN_A, m), draw(f, P_INVEST_RETURN_B, m));
  const double cost = fp.investment_size * 12.0 * f.revenue * std::exp(0.5 * z_size - 0.125);
  const double sd = fp.investment_return_dispersion;
  const double rho = fp.investment_return_mean * std::exp(sd * z_return - 0.5 * sd * sd);
  // A project loan is appraised on the project: its own saving must service
  // the loan by the banks' coverage standard at the appraisal rate,
  // rho I >= DSCR x loan x (r_a + 1 / T_am), r_a the contractual rate less a
  // weight of the subsidy (Banks::appraisal_rate): the subsidy runs for two
  // of the ten years the bank amortises over (7.7; a tech-upgrade reward
  // is not counted at all, 7.21b). Without this, a subsidy made marginal
  // projects worth doing whose loans the firm could not service once the
  // saving was partly passed into its price (docs/model.md 7.7a, the
  // diagnosis of issue 13 M2). A firm whose preferred loan fails the test
  // pays what its spare cash covers and asks for the rest, for a project
  // worth doing alone (a reward does not make it spend its own cash on one
  // that is not: that is how the reward rule stood, 7.21b).
  const BankParams& bp = w.p.bank;
  const auto serviceable = [&](const Financing& x) {
    return x.loan <= 1e4 || rho * cost >= bp.dscr_min * x.loan * (x.appraisal_rate + 1.0 / bp.amortisation_years);
  };
  Financing fin = finance_purchase(w, f, cost);
  const bool own_first = !serviceable(fin);
  if (own_first) {
    fin = finance_purchase(w, f, cost, true);
    if (!serviceable(fin)) return;
  }
  // A tech-upgrade reward (7.21b) is paid after completion: the firm finances
  // the whole project and counts the reward it expects (discounted, net of
  // the application cost) against its cost; the project is deadweight when
  // it is worth doing without it.
  const double per_yuan = rho * annuity(fin.cost_of_funds, fp.investment_horizon_years);
  int level = -1;
  const double reward = w.tech_upgrade.expected_reward(w, f, cost, fin.cost_of_funds, fp.investment_build_months, level);
  const bool alone = per_yuan > 1.0;
  // The reward comes a year or more later, after the completion check, and
  // may be pro-rated or lapse with the firm, so nobody lends against it: the
  // project's loan passed the coverage test above without it (7.21b).
  if (!alone && (own_first || !(level >= 0 && per_yuan * cost + reward > cost))) return;
  if (fin.loan > 1e4 && !w.banks.borrow(w, f, fin.loan, false, true)) {
    rationed_ += cost;  // worth doing, but the bank would not lend enough
    return;
  }
  // A process project replaces equipment rather than adding capacity: it is
  // booked as an asset, and its payoff is the unit-cost cut below (not both).
  w.pay(f, Account::external, cost, Flow::capital_expenditure);
  f.fixed_assets += cost;
  investment_ += cost;
  projects_ += 1;
  deliver_saving(w, f, rho * cost, fp.investment_build_months);
  if (level >= 0) w.tech_upgrade.register_project(w, f, cost, fp.investment_build_months, level, alone);
}

void FirmFinance::deliver_saving(World& w, Firm& f, double yearly_saving, double months) {
  // The saving a year, as a share x of the year's operating costs (wages
  // and materials), is a unit-cost cut by the factor 1 / (1 + g), `months`
  // from now.
  const double output = f.revenue / w.dynamics.price(f);
  const double costs = 12.0 * (f.wage_bill + w.dynamics.input_cost(f) * output);
  if (!(costs > 0) || yearly_saving <= 0) return;
  const double x = std::min(0.5, yearly_saving / costs);
  const double gain = x / (1.0 - x);
  const std::int64_t id = f.id;
  World* wp = &w;
  w.sim.schedule_in(months * engine::DAYS_PER_YEAR / 12.0, [wp, id, gain] {
    Firm* g = wp->find_firm(id);
    if (g && g->alive) wp->dynamics.improve_process(*g, gain);
  });
}

void FirmFinance::owner_payout(World& w, Firm& f, double amount) {
  f.cum_payouts += amount;
  payouts_ += amount;
  // The books check: owners are never paid more than the firm's after-tax
  // profit and the equity they paid in (7.6).
  payout_gap_ = std::max(payout_gap_, relative_gap(f.cum_payouts, std::min(f.cum_payouts, f.cum_profit + f.paid_in), f.paid_in));
  if (f.lab_stake <= 0) {
    w.pay(f, Account::external, amount, Flow::owner_payout);  // without a stake, the exact pre-lever arithmetic
    return;
  }
  // Technology for equity: the labs are owners of their stake's share.
  const double to_labs = w.equity.dividend(w, f, amount);
  w.pay(f, Account::external, amount - to_labs, Flow::owner_payout);
}

bool FirmFinance::settle_exit(World& w, Firm& f, bool default_event) {
  // Liquidation: customers pay what they owe; the equipment is sold at a
  // fire-sale discount (the loss on it is part of the last year's profit).
  if (f.receivables > 0) w.receive(f, Account::external, f.receivables, Flow::asset_sale);
  if (f.fixed_assets > 0) w.receive(f, Account::external, FIRE_SALE_SHARE * f.fixed_assets, Flow::asset_sale);
  f.receivables = f.fixed_assets = f.capital = 0;
  // Creditors first: the bank is repaid from the firm's cash; a shortfall is
  // a default on it (the bank recovers part from collateral).
  // A shortfall as Banks::close_loan judges it: the cash falls short of the debt.
  const bool shortfall = f.debt > 0 && f.cash < f.debt * (1.0 - 1e-9);
  if (f.debt > 0) w.banks.close_loan(w, f, default_event);
  // Then the suppliers, as far as the cash goes; what is left unpaid is
  // their loss (outside the city's books: the money never moved).
  if (f.payables > 0 && f.cash > 0) w.pay(f, Account::external, std::min(f.cash, f.payables), Flow::operating_costs);
  f.payables = 0;
  if (f.cash < 0) w.receive(f, Account::external, -f.cash, Flow::insolvency_absorb);
  // The last year's profit (no tax is assessed on a closing firm), then what
  // is left goes to the owners (a stake held by labs takes its share).
  f.cum_profit += f.cash - f.equity_at_review;
  if (f.cash > 0) owner_payout(w, f, f.cash);
  f.cash = 0;
  return shortfall;
}

// ---------------------------------------------------------------- the year

void FirmFinance::annual_accounts(World& w, Firm& f) {
  // The year's profit: the change in equity since the last review (no
  // capital was paid in or out in between, venture money aside, which moves
  // equity_at_review too; depreciation is booked monthly).
  const FirmParams& fp = w.p.firm;
  const double profit = equity(f) - f.equity_at_review;
  const double tax = w.tax.assess(w, f, profit);  // corporate income tax (7.26), paid now
  f.cum_profit += profit - tax;
  // Cash above the target first repays a loan the firm does not prefer to
  // keep (pecking order: Myers and Majluf 1984; owners are paid after the
  // creditors), then dividends (7.6), at most the retained earnings.
  const double target = fp.cash_target_months * w.dynamics.monthly_costs(f);
  if (f.debt > 0 && f.cash > target && !prefers_credit(w, f)) w.banks.prepay(w, f, f.cash - target);
  // Owners get a share of the year's profit (the payout ratio), from cash
  // above the target and never more than the retained earnings: the rest is
  // kept, and pays for equipment before credit does (7.7a).
  const double retained = f.cum_profit - f.cum_payouts;
  const double surplus = f.cash - target;
  const double dividend = std::min({fp.payout_share * (profit - tax), surplus, retained});
  if (dividend > 0) owner_payout(w, f, dividend);
  f.equity_at_review = equity(f);
}

void FirmFinance::revalue(const World& w, Firm& f) const {
  const double s_now = f.revenue_history[0];
  const double growth3 = f.revenue_history[3] > 0 ? std::pow(s_now / f.revenue_history[3], 1.0 / 3.0) - 1.0 : 0.0;
  f.valuation = w.p.firm.valuation_revenue_multiple * s_now *
                std::pow(1.0 + std::max(0.0, growth3), w.p.firm.valuation_growth_years);
  // Venture-backed firms are also valued at the last round's price moved with revenue.
  if (f.round_valuation > 0 && f.round_revenue > 0)
    f.valuation = std::max(f.valuation, f.round_valuation * s_now / f.round_revenue);
}

// ---------------------------------------------------------------- metrics

void FirmFinance::report(const Census& c, MetricRow& out) const {
  out.insert(out.end(), {investment_, projects_, rationed_, c.fixed_assets, payouts_});
}

const std::vector<MetricInfo>& FirmFinance::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"investment", "yuan", "Firms' spending on equipment (capacity and investment projects) since the previous sample", MetricKind::flow,
       "Investment", "设备投资", "上次抽样以来企业在设备上的支出（扩大产能和技改项目）"},
      {"investment_projects", "projects", "Investment projects (cost-saving equipment) undertaken since the previous sample", MetricKind::flow,
       "Investment projects", "技改项目", "上次抽样以来企业实施的降本设备投资项目"},
      {"investment_rationed", "yuan", "Investment projects worth doing at the cost of funds that did not go ahead because the bank would not lend enough (their cost), since the previous sample", MetricKind::flow,
       "Investment rationed", "因信贷配给未实施的投资", "上次抽样以来按资金成本值得实施、但因银行不愿足额放贷而未实施的项目投资额"},
      {"fixed_assets", "yuan", "Firms' equipment at book value at the sample time", MetricKind::stock,
       "Fixed assets", "固定资产", "抽样时点企业设备的账面价值"},
      {"owner_payouts", "yuan", "Dividends and liquidation payouts to firms' owners since the previous sample (never more than after-tax profit plus paid-in equity)", MetricKind::flow,
       "Owner payouts", "股东分配", "上次抽样以来向企业股东支付的红利和清算分配（不超过累计税后利润加实缴资本）"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 2900 (models/README.md, "Metrics").
const RegisterMetrics firm_finance_metrics{2900, &FirmFinance::metrics,
                                           [](const World& w, const Census& c, MetricRow& o) { w.finance.report(c, o); },
                                           [](World& w) { w.finance.restart_period(); }};
}  // namespace

}  // namespace innosim::model
