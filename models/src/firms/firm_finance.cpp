#include "innosim/model/firms/firm_finance.hpp"

#include <algorithm>
#include <cmath>

#include "innosim/model/world.hpp"

namespace innosim::model {

namespace {
constexpr std::uint64_t P_DEFAULT = engine::purpose_id("default");
}  // namespace

void FirmFinance::start_month(const World& w) {
  const double t = static_cast<double>(w.month) / 12.0;
  deepening_ = std::pow(1.0 + w.p.firm.credit_deepening, t);
  default_p_ = 1.0 - std::exp(-w.p.firm.strategic_default_rate / 12.0);
}

bool FirmFinance::defaults(const World& w, const Firm& f) const {
  if (!(f.debt > 0)) return false;
  double p_default = default_p_;
  if (f.covered_debt > 0) {
    const double shift = w.risk_pool.risk_shift(w, f);
    p_default = 1.0 - std::exp(-w.p.firm.strategic_default_rate * (1.0 + shift) / 12.0);
  }
  return draw(f, P_DEFAULT, w.month) < p_default;
}

void FirmFinance::month(World& w, Firm& f) {
  // Owners take out cash above the precautionary target (dividends), so
  // firms do not hoard; then credit: seek a loan when below the desired
  // debt or short of cash; insolvent (cash < 0 and no credit) firms exit.
  const FirmParams& fp = w.p.firm;
  const double monthly_costs = f.wage_bill + (fp.other_cost_share + f.rd_share) * f.revenue;
  const double excess = f.cash - fp.cash_target_months * monthly_costs;
  if (excess > 0) owner_payout(w, f, fp.payout_share * excess);
  w.banks.lend(w, f, false);
  if (f.cash < 0) {
    w.banks.lend(w, f, true);
    if (f.cash < 0) w.dynamics.exit(w, f, f.debt > 0);
  }
}

double FirmFinance::loan_demand(const World& w, const Firm& f, const LoanTerms& t, bool emergency) const {
  const FirmParams& fp = w.p.firm;
  const double monthly_costs = f.wage_bill + (fp.other_cost_share + f.rd_share) * f.revenue;
  // Desired debt: appetite x Lambda x annual operating surplus (the
  // working-capital need), scaled by how cheap credit is (elasticity),
  // within the ceiling.
  const double surplus = 12.0 * (f.revenue * (1.0 - fp.other_cost_share) - f.wage_bill);
  const double cheaper =
      t.effective < t.reference ? std::pow(t.reference / std::max(t.effective, 1e-4), fp.loan_demand_elasticity) : 1.0;
  const double desired = std::min(t.ceiling, deepening_ * f.leverage_appetite * w.p.bank.lambda * std::max(0.0, surplus) * cheaper);
  const double liquidity_need = fp.cash_buffer_months * monthly_costs - f.cash;
  if (emergency) return -f.cash + monthly_costs;
  if (f.debt < 0.8 * desired) return desired - f.debt;
  if (liquidity_need > 0) return liquidity_need;
  return 0.0;
}

void FirmFinance::owner_payout(World& w, Firm& f, double amount) {
  if (f.lab_stake <= 0) {
    w.pay(f, Account::external, amount, Flow::owner_payout);  // without a stake, the exact pre-lever arithmetic
    return;
  }
  // Technology for equity: the labs are owners of their stake's share.
  const double to_labs = w.equity.dividend(w, f, amount);
  w.pay(f, Account::external, amount - to_labs, Flow::owner_payout);
}

void FirmFinance::settle_exit(World& w, Firm& f, bool default_event) {
  if (f.debt > 0 && default_event) {
    w.banks.default_on(w, f);  // the bank's loss and recovery, the pool's payout
  } else if (f.debt > 0) {
    // A closing firm that is not in distress repays in full: from its cash,
    // and the rest from selling its assets.
    const double shortfall = f.debt - std::max(0.0, f.cash);
    if (shortfall > 0) w.receive(f, Account::external, shortfall, Flow::asset_sale);
    w.banks.repaid_in_full(w, f);
  }
  if (f.cash > 0)
    owner_payout(w, f, f.cash);  // a stake held by labs takes its share of what is left
  else if (f.cash < 0)
    w.receive(f, Account::external, -f.cash, Flow::insolvency_absorb);
  f.cash = 0;
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

}  // namespace innosim::model
