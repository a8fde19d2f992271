#pragma once
// The insurer and technology insurance (docs/model.md 2.4, 7.10): cover at
// the start and yearly take-up, the monthly premium with the government's
// premium subsidy, loss events (every firm) and claims (the insured).
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;

struct InsuranceParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(30e6), .min_stage = Stage::tech_sme};
  double take_up_per_year = 0.12;   ///< yearly probability an eligible uninsured firm buys cover
  double premium_rate = 0.01;       ///< premium per year as a share of cover
  double premium_subsidy_share = 0.3;  ///< share of the premium paid by the government
  double cover_revenue_multiple = 1.0; ///< cover = multiple x annual revenue (capped)
  double max_cover_yuan = 200e6;
  double loss_event_rate = 0.04;    ///< product/R&D loss events per firm-year
  double loss_revenue_share = 0.25; ///< size of a loss event as a share of annual revenue
};

/// The `policies.tech_insurance.*` keys.
void bind_keys(Binder& b, InsuranceParams& p);

class Insurer {
 public:
  explicit Insurer(World& w);  ///< registers its fiscal line (the premium subsidy)
  /// Insured firms at the start (seed: about 1,000): the most certified first.
  void insure_at_start(World& w);
  /// This month's loss-event probability (once per month, not per firm).
  void start_month(const World& w);
  /// A firm's month: the premium (part paid by the government), a loss event, the claim.
  void month(World& w, Firm& f);
  /// Yearly take-up by eligible uninsured firms.
  void take_up(World& w);

  double cash() const { return cash_; }

  // ---- metrics: insured firms; claims
  static const std::vector<MetricInfo>& cover_metrics();
  void report_cover(const Census& c, MetricRow& out) const { out.push_back(c.insured); }
  static const std::vector<MetricInfo>& claim_metrics();
  void report_claims(const World& w, MetricRow& out) const;

 private:
  double cash_ = 0, loss_p_ = 0;
};

}  // namespace innosim::model
