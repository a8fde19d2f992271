#pragma once
// The firm's finance (docs/model.md 7.5-7.7a, 7.11, 7.26): what it borrows
// and why (working capital, equipment for capacity, investment projects
// valued at the cost of funds), default and what its exit does to its
// accounts (creditors first), its yearly accounts (profit as the change in
// equity, corporate income tax through the government's tax module,
// dividends only from retained earnings) and its valuation. The banks'
// side (terms, appraisal, capital, servicing) is in finance/banks.hpp.
#include <cstdint>
#include <vector>

#include "innosim/model/metrics.hpp"

namespace innosim::model {

struct World;
struct Firm;

class FirmFinance {
 public:
  explicit FirmFinance(const World& w);

  // ---- set-up
  /// Opening balance sheets (after the opening loan book): the opening
  /// equity counts as paid in, or, when negative, as losses the firm must
  /// make good before it may pay dividends (Company Law of the PRC, 2023, art. 210).
  void open_books(World& w);

  // ---- monthly step
  /// This month's default hazard (once per month, not per firm).
  void start_month(const World& w);
  /// Whether a borrower defaults this month (7.5): only a borrower whose debt
  /// exceeds its cash and receivables and whose cash flow no longer services
  /// it can (pool cover adds m_g c B_cov / B to its hazard, 0 by default, 7.9).
  bool defaults(const World& w, const Firm& f) const;
  /// Whether the firm's cash flow services its debt (coverage >= 1 at its
  /// rate net of the subsidy it expects): such a borrower never defaults.
  bool services_debt(const World& w, const Firm& f) const;
  /// The month's decisions after production (step 6): an investment
  /// opportunity, equipment when capacity runs short, working-capital credit
  /// when cash is below the buffer, exit when still insolvent.
  void month(World& w, Firm& f, double capacity);
  /// Pays the owners; a stake the labs took for technology gets its share (7.18).
  void owner_payout(World& w, Firm& f, double amount);
  /// The accounts of an exiting firm (7.5): receivables collected, equipment
  /// sold at a fire-sale discount, the bank repaid from the firm's cash first
  /// (its shortfall a default), then what is left to the owners, and a
  /// negative balance to its unpaid creditors. True when the bank was left
  /// a shortfall (a loan default).
  bool settle_exit(World& w, Firm& f, bool default_event);

  // ---- annual review
  /// The year's profit (change in equity), corporate income tax, dividends (7.6, 7.26).
  void annual_accounts(World& w, Firm& f);
  /// The yearly valuation (7.11): a revenue multiple with a growth premium,
  /// or the last round's price moved with revenue.
  void revalue(const World& w, Firm& f) const;

  /// cash + receivables + fixed assets - debt (yuan).
  static double equity(const Firm& f);
  /// The worst excess of a firm's payouts over its after-tax profit and
  /// paid-in equity (the books check; 0 when owners were never overpaid).
  double payout_gap() const { return payout_gap_; }

  // ---- metrics: investment, equipment, payouts
  static const std::vector<MetricInfo>& metrics();
  void report(const Census& c, MetricRow& out) const;
  void restart_period() { investment_ = projects_ = rationed_ = payouts_ = 0; }

 private:
  /// An investment opportunity (7.7a): valued at the cost of funds, financed by cash, then credit.
  void invest(World& w, Firm& f, std::uint64_t month);
  /// Equipment when capacity falls below (1 + s/2) x demand (7.2, 7.7a).
  void expand_capacity(World& w, Firm& f, double capacity);
 public:
  /// Cash above the firm's buffer (months of costs): what it can spend on equipment or a fee before it borrows.
  double spare_cash(const World& w, const Firm& f) const;
  /// Raises the money for a payment that buys no equipment (an upfront licence fee, 7.18): cash above the buffer
  /// first, the rest with a loan for it, all or nothing, appraised as an equipment loan (7.7a). True when the
  /// firm's cash now covers `amount` (so paying it leaves cash >= 0); `borrowed` says whether a loan was drawn.
  bool raise_for_payment(World& w, Firm& f, double amount, bool& borrowed);
  /// The yearly cost of a loan to the firm at contractual `rate`: net of the
  /// interest `subsidy` it expects (per yuan a year, 7.8) and of the tax shield (interest is deductible, 7.26).
  double after_subsidy_and_tax(const World& w, const Firm& f, double rate, double subsidy) const;
  /// Whether the firm prefers its loan to its own money (the loan's net cost below its cost of equity).
  bool prefers_credit(const World& w, const Firm& f) const;
  /// The same with the firm's monthly costs already computed (see Banks::appraisal_score).
  bool prefers_credit(const World& w, const Firm& f, double monthly_costs) const;
  /// Debt the firm could add and still repay on closing: kept cash, receivables
  /// and equipment (with a purchase of `purchase` yuan) at the fire-sale price, less its debt.
  double secured_room(const World& w, const Firm& f, double purchase) const;
  double secured_room(const World& w, const Firm& f, double purchase, double monthly_costs) const;
  /// How a purchase of `cost` is financed: {own money, loan} and the cost of
  /// funds it is valued at (also for the optional activities of 7.21a).
  struct Financing {
    double own = 0, loan = 0, cost_of_funds = 0;
    double loan_rate = 0;  ///< the credit part's rate net of the subsidy the firm expects
    double appraisal_rate = 0;  ///< the rate the bank appraises the credit part at (Banks::appraisal_rate: the contractual rate less a weight of the subsidy)
  };
  /// How a purchase of `cost` is financed (7.7a): the cheaper money first, or
  /// (own_first) the firm's spare cash first and credit for the rest.
  Financing finance_purchase(const World& w, const Firm& f, double cost, bool own_first = false) const;
  /// A cost saving of `yearly_saving` yuan a year (a share of the year's
  /// wages and materials) becomes a process innovation `months` from now (7.7a).
  void deliver_saving(World& w, Firm& f, double yearly_saving, double months);
  /// Present value of 1 yuan a year for `years` years at `rate`.
  static double annuity_factor(double rate, double years);
 private:
  /// Books an equipment purchase of `cost` yuan.
  void buy_equipment(World& w, Firm& f, double cost);

  double default_p_ = 0.0, invest_p_ = 0.0;
  double investment_ = 0, projects_ = 0, rationed_ = 0, payouts_ = 0;  ///< period
  double payout_gap_ = 0;
};

}  // namespace innosim::model
