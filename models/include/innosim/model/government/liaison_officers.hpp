#pragma once
// Innovation-points liaison officers (创新积分制 联络员) (docs/model.md 7.13):
// the city hires officers for a year for the top innovation-points firms,
// best first; an officer brings a share of the firm's would-be
// non-applicants to apply for the programmes it is eligible for.
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;

struct LiaisonParams {
  /// Switch, window, yearly budget (officers serve the top-N list, no stage rule, no delivery mode).
  Programme programme{.enabled = false, .budget_yuan = Scheduled(3e6)};
  double cost_per_officer_yuan = 150000;  ///< c_o: an officer's cost for a year (salary and on-costs)
  int firms_per_officer = 10;             ///< k: top-N firms one officer looks after
  double take_up_boost = 0.3;             ///< beta: take-up t becomes t + beta (1 - t) for a served firm
};

/// The `policies.liaison_officers.*` keys.
void bind_keys(Binder& b, LiaisonParams& p);

class LiaisonOfficers {
 public:
  explicit LiaisonOfficers(World& w);  ///< registers its fiscal line
  /// Hires the year's officers (first in the year's programmes, so that they
  /// are in place before the year's applications).
  void year(World& w);
  /// A firm's take-up share for a programme in application mode: t, or
  /// t + beta (1 - t) with an officer. The same draw decides, so a firm that
  /// applies without an officer still applies with one.
  double take_up(const World& w, const Firm& f, const Programme& pr) const;
  /// An application only an officer brought about.
  void count_application() { applications_ += 1; }

  // ---- metrics: firms served, applications the officers made
  static const std::vector<MetricInfo>& metrics();
  void report(MetricRow& out) const { out.insert(out.end(), {firms_, applications_}); }
  void restart_period() { applications_ = 0; }

 private:
  double firms_ = 0;         ///< top-N firms with an officer this year
  double applications_ = 0;  ///< period: applications only the officers brought about
};

}  // namespace innosim::model
