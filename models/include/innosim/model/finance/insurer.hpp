#pragma once
// The insurer and technology insurance (docs/model.md 2.4, 7.10): policies
// written each month (new policies and renewals) for a term, premiums priced
// from expected claims with a loading, the government's premium subsidy
// (claimed as premiums are paid, reimbursed after the year from the year's
// budget, pro rata when oversubscribed), loss events (every firm) and claims
// (the insured), and the insurer's
// capital: premiums go into it, claims come out of it, and it writes new
// policies only while its capital covers its solvency requirement.
#include <array>
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;

struct InsuranceParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(30e6), .min_stage = Stage::tech_sme};
  double take_up_per_month = 0.028;  ///< h0: monthly probability an eligible uninsured firm buys a policy at a net price of 1 per yuan of expected claims
  double price_elasticity = 0.5;     ///< epsilon: take-up x (net price per yuan of expected claims)^-epsilon
  int term_months = 12;              ///< a policy's term
  double renewal_share = 0.8;        ///< probability a policy is renewed at the end of its term
  double loading = 0.3;              ///< theta: premium = (1 + theta) x expected claims
  double premium_subsidy_share = 0.3;  ///< share of the premium the government reimburses (0: no subsidy, the market stays)
  double premium_subsidy_cap_yuan = 1e300;  ///< most premium subsidy a firm can claim in a calendar year (1e300: no cap)
  double cover_revenue_multiple = 1.0; ///< cover = multiple x annual revenue (capped)
  double max_cover_yuan = 200e6;
  double loss_event_rate = 0.04;    ///< product/R&D loss events per firm-year
  double loss_revenue_share = 0.25; ///< size of a loss event as a share of annual revenue
  double capital_yuan = 2e9;        ///< the insurer's capital for technology insurance at the start (scales with the city, 5.9)
  double solvency_capital_per_premium = 0.3;  ///< new policies only while capital >= this x the last 12 months' premiums
};

/// The `policies.tech_insurance.*` keys.
void bind_keys(Binder& b, InsuranceParams& p);

class Insurer {
 public:
  explicit Insurer(World& w);  ///< registers its fiscal line (the premium subsidy)
  /// The insurer's capital, and the policies in force at the start (the seed's
  /// flow before the start, each with a random month left of its term).
  void insure_at_start(World& w);
  /// This month's loss-event probability, take-up probability (from the
  /// subsidy share firms expect) and whether the insurer writes new policies
  /// (once per month, not per firm).
  void start_month(const World& w);
  /// The premium-subsidy share firms expect this year: the share times the
  /// part of the claims they expect the budget to pay.
  double expected_subsidy_share() const { return expected_share_; }
  /// A firm's month: the premium instalment (paid in full; the subsidy is
  /// claimed on it), a loss event and the claim, the end of the term
  /// (renewal or lapse), or a new policy.
  void month(World& w, Firm& f);
  /// The annual review: the ended year's subsidy claims of firms alive, paid
  /// from its budget, each scaled by the same share when they exceed it.
  void reimburse(World& w, int year);
  /// What the government owes on the year's claims now (paid after the year).
  double owed(const World& w) const;
  /// The subsidy claim a firm has earned this year and not yet been paid (yuan).
  double claim_of(const Firm& f) const;
  /// Share of the last reimbursed year's claims the budget paid.
  double last_paid_share() const { return last_paid_share_; }
  /// The last reimbursement: the least and the largest payment per yuan of
  /// claim over the firms paid, and how many were paid (for the tests: pro
  /// rata means every claimant gets the same share).
  struct Reimbursement {
    double least = 0, largest = 0, claims = 0, paid = 0;
    int firms = 0;
  };
  const Reimbursement& last_reimbursement() const { return last_; }
  /// The share of claims a budget pays: none without a budget, all without claims.
  static double paid_share(double budget, double claims);
  /// Expected claims per year of a policy with this cover for a firm with
  /// monthly revenue S (yuan): lambda E[min(loss, cover)].
  double expected_claims(const World& w, double monthly_revenue, double cover) const;

  double cash() const { return cash_; }
  bool writing() const { return writing_; }

  // ---- metrics: insured firms, cover, capital; claims, premiums, policies written
  static const std::vector<MetricInfo>& cover_metrics();
  void report_cover(const Census& c, MetricRow& out) const {
    out.insert(out.end(), {c.insured, c.insured_cover, cash_, last_paid_share_});
  }
  static const std::vector<MetricInfo>& claim_metrics();
  /// A firm leaves: its claim is forfeited (cleared from the claims table owed() sums).
  void on_exit(const Firm& f);
  void report_claims(const World& w, MetricRow& out) const;
  void restart_period() { premiums_ = new_policies_ = renewals_ = cover_written_ = subsidy_claims_ = 0; }

 private:
  void write(World& w, Firm& f, bool renewal);

  double cash_ = 0, loss_p_ = 0, take_up_p_ = 0;
  // The subsidy share firms expect: the share times the part of the claims
  // they expect the year's budget to pay (forecast from the policies in force
  // in the first year, then from the claims of the year before).
  int year_ = 0;
  double expected_share_ = -1, claims_year_ = 0, last_year_claims_ = -1, last_paid_share_ = 0;
  // This year's subsidy claims by firm id (ids are dense; the firm record
  // is full at 512 bytes), reset after the reimbursement.
  std::vector<double> claim_;
  Reimbursement last_;
  bool writing_ = true;
  bool subsidy_open_ = false;  ///< the premium subsidy takes claims this year
  std::array<double, 12> written_ring_{};  ///< premiums written in each of the last 12 months (annual premiums)
  double written_12m_ = 0;
  double premiums_ = 0, new_policies_ = 0, renewals_ = 0, cover_written_ = 0, subsidy_claims_ = 0;  ///< period
};

}  // namespace innosim::model
