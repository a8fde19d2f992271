#pragma once
// Open-competition major projects (揭榜挂帅) (docs/model.md 7.22 item 3):
// posted challenges, the best bidder by expected success, a project budget
// the winner spends stage by stage (the prize's milestone payments plus its
// own co-funding), and on completion a result worth a rate of return on what
// a completion costs in expectation.
#include <cstdint>
#include <vector>

#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;

struct OpenCompetitionParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(60e6), .min_stage = Stage::high_tech};
  double grant_yuan = 10e6;          ///< prize per project, paid in three milestones
  int challenges_per_year = 4;
  double bid_share = 0.05;           ///< share of eligible firms bidding on a challenge
  double milestone_success = 0.7;    ///< m: probability each milestone is met
  double cofunding_share = 0.5;      ///< s: the winner's share of each stage's budget T = payment / (1 - s)
  double return_on_rd = 0.3;         ///< r: a completed project is worth r T (1 + m + m^2) / m^2 a year
  double max_gain = 0.15;            ///< the largest productivity gain a completed project gives
};

/// One awarded challenge, kept for the run (a few a year) so tests and
/// readers can see what each cost and what it was worth.
struct ChallengeProject {
  std::int64_t firm = 0;
  int awarded_year = 0;
  int milestones_left = 2;  ///< payments still to come (the first is paid at the award)
  double payment = 0;       ///< planned milestone payment (a third of the prize)
  double grants = 0;        ///< prize money paid so far (yuan)
  double spent = 0;         ///< the winner's spending on the project so far, grants and co-funding (yuan)
  bool running = true;      ///< false once complete or stopped
  bool completed = false;
  bool winner_left = false; ///< stopped because the winner exited (not a missed milestone)
  double value = 0;         ///< V: the result's yearly value to the winner (yuan; 0 unless completed)
  double gain = 0;          ///< the productivity gain V gave (0 unless completed)
};

/// The `policies.open_competition.*` keys.
void bind_keys(Binder& b, OpenCompetitionParams& p);

class OpenCompetition {
 public:
  explicit OpenCompetition(World& w);  ///< registers its fiscal line
  /// The year: running projects reach milestones (or stop), then new challenges.
  void year(World& w);
  /// Every project awarded in the run, in award order.
  const std::vector<ChallengeProject>& projects() const { return projects_; }

 private:
  /// Pays a stage: the prize's share from the budget, and the winner spends
  /// the stage's budget (that share grossed up by its co-funding).
  void pay_stage(World& w, Firm& f, ChallengeProject& c, int year);
  std::vector<ChallengeProject> projects_;
  std::vector<Firm*> best_;         ///< scratch: each challenge's best bidder so far (year)
  std::vector<double> best_score_;  ///< scratch: its score
};

}  // namespace innosim::model
