#pragma once
// Tech-upgrade rewards (技术改造事后奖补; docs/model.md 7.22 item 3, 7.21b): an
// ex-post matching grant on the equipment of a completed upgrade project.
// A firm's investment opportunity (FirmFinance::invest, 7.7a) is an equipment
// project; the firm weighs the reward it expects (a share of the equipment
// spend, capped per project, for projects of at least a minimum size, scaled
// by last year's pro-rata factor, paid after completion) and goes ahead when
// the project's value at its cost of funds beats its cost net of that reward.
// At the annual review the completed projects are rewarded from the year's
// budget, provincial first for the eligible firms, then city, pro rata when
// the claims exceed it; the deadweight (projects worth doing without the
// reward) is counted.
#include <cstdint>
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;
struct Census;

/// One level's rules (provincial or city).
struct UpgradeParams {
  Programme programme;
  double share = 0.1;            ///< reward as a share of the project's equipment spend
  double cap_yuan = 3e6;         ///< at most this per project
  double min_project_yuan = 5e6; ///< projects with less equipment spend are not eligible
};

/// The `policies.tech_upgrade_provincial.*` keys (ProgrammesParams::upgrade_provincial).
void bind_provincial_upgrade_keys(Binder& b, UpgradeParams& p);
/// The `policies.tech_upgrade_city.*` keys (ProgrammesParams::upgrade_city).
void bind_city_upgrade_keys(Binder& b, UpgradeParams& p);

class TechUpgrade {
 public:
  explicit TechUpgrade(World& w);  ///< registers its two fiscal lines
  void setup(World& w);
  /// The year's rewards: the projects completed by now, pro rata within each level's budget.
  void year(World& w);

  /// What a project of `cost` yuan, decided now and working `months` from
  /// now, is expected to bring the firm: the reward (scaled by the level's
  /// last pro-rata factor) discounted at `rate` to the next review after
  /// completion, net of the application cost; 0 when no level offers it or the
  /// firm does not apply this year. `level` is set to 0 (provincial), 1 (city) or -1.
  double expected_reward(const World& w, const Firm& f, double cost, double rate, double months, int& level) const;
  /// The firm went ahead with an eligible project at `level` (it applies:
  /// pays the application cost now); `alone`: worth doing without the reward.
  void register_project(World& w, Firm& f, double cost, double months, int level, bool alone);

  // ---- metrics
  static const std::vector<MetricInfo>& metrics();
  void report(const Census& c, MetricRow& out) const;
  void restart_period() { registered_ = rewarded_[0] = rewarded_[1] = deadweight_ = spend_ = 0; }
  /// Rewarded projects and, of them, deadweight since the start.
  double rewarded_total() const { return rewarded_total_; }
  double deadweight_total() const { return deadweight_total_; }

 private:
  struct Claim {
    std::int64_t firm = 0;
    double spend = 0;     ///< equipment spend (yuan)
    double done = 0;      ///< simulation time (days) the project works
    int level = 0;        ///< 0 provincial, 1 city
    bool alone = false;   ///< would have been done without the reward
  };
  std::vector<Claim> claims_, waiting_;
  double scale_[2] = {1.0, 1.0};  ///< last year's pro-rata factor per level (what firms expect)
  double registered_ = 0, rewarded_[2] = {0, 0}, deadweight_ = 0, spend_ = 0;  ///< period
  double rewarded_total_ = 0, deadweight_total_ = 0;
};

}  // namespace innosim::model
