#pragma once
// The firm's finance decisions (docs/model.md 7.5-7.7, 7.11): dividends to
// the owners, the loan it asks for, strategic default, what happens to its
// accounts when it exits, and its yearly valuation. The banks' side (terms,
// appraisal, rationing, servicing) is in finance/banks.hpp.
namespace innosim::model {

struct World;
struct Firm;
struct LoanTerms;

class FirmFinance {
 public:
  /// This month's desired-leverage growth and default hazard (once per month, not per firm).
  void start_month(const World& w);
  /// Whether a borrower defaults this month (7.5): the base hazard, raised on
  /// pool-covered loans by risk shifting.
  bool defaults(const World& w, const Firm& f) const;
  /// The month's decisions after production (step 6): dividends above the
  /// cash target, credit when below the desired debt or short of cash, and
  /// exit when still insolvent.
  void month(World& w, Firm& f);
  /// The loan the firm asks for on a bank's terms (7.7): toward its desired
  /// debt (appetite x Lambda x operating surplus, cheaper credit raises it),
  /// to restore its cash buffer, or (emergency) to cover negative cash.
  double loan_demand(const World& w, const Firm& f, const LoanTerms& t, bool emergency) const;
  /// Pays the owners; a stake the labs took for technology gets its share (7.18).
  void owner_payout(World& w, Firm& f, double amount);
  /// The accounts of an exiting firm (7.5): a default leaves the bank its
  /// loss; a closure repays in full (cash, then assets); what is left goes
  /// to the owners and a negative balance to its unpaid creditors.
  void settle_exit(World& w, Firm& f, bool default_event);
  /// The yearly valuation (7.11): a revenue multiple with a growth premium,
  /// or the last round's price moved with revenue.
  void revalue(const World& w, Firm& f) const;

  double deepening() const { return deepening_; }

 private:
  double deepening_ = 1.0, default_p_ = 0.0;
};

}  // namespace innosim::model
