#pragma once
// The insurer and technology insurance (docs/model.md 2.4, 7.10): policies
// written each month (new policies and renewals) for a term, premiums priced
// from expected claims with a loading, the government's premium subsidy,
// loss events (every firm) and claims (the insured), and the insurer's
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
  double premium_subsidy_share = 0.3;  ///< share of the premium paid by the government
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
  /// The premium-subsidy share firms expect this year.
  double expected_subsidy_share() const { return expected_share_; }
  /// A firm's month: the premium instalment (part paid by the government), a
  /// loss event and the claim, the end of the term (renewal or lapse), or a
  /// new policy.
  void month(World& w, Firm& f);
  /// Expected claims per year of a policy with this cover for a firm with
  /// monthly revenue S (yuan): lambda E[min(loss, cover)].
  double expected_claims(const World& w, double monthly_revenue, double cover) const;

  double cash() const { return cash_; }
  bool writing() const { return writing_; }

  // ---- metrics: insured firms, cover, capital; claims, premiums, policies written
  static const std::vector<MetricInfo>& cover_metrics();
  void report_cover(const Census& c, MetricRow& out) const { out.insert(out.end(), {c.insured, c.insured_cover, cash_}); }
  static const std::vector<MetricInfo>& claim_metrics();
  void report_claims(const World& w, MetricRow& out) const;
  void restart_period() { premiums_ = new_policies_ = renewals_ = cover_written_ = 0; }

 private:
  void write(World& w, Firm& f, bool renewal);

  double cash_ = 0, loss_p_ = 0, take_up_p_ = 0;
  // The subsidy share firms expect: the scheduled share in the first year,
  // then the share the budget actually paid the year before.
  int year_ = 0;
  double expected_share_ = -1, year_premiums_ = 0, year_subsidy_ = 0;
  bool writing_ = true;
  std::array<double, 12> written_ring_{};  ///< premiums written in each of the last 12 months (annual premiums)
  double written_12m_ = 0;
  double premiums_ = 0, new_policies_ = 0, renewals_ = 0, cover_written_ = 0;  ///< period
};

}  // namespace innosim::model
