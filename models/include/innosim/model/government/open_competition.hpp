#pragma once
// Open-competition major projects (揭榜挂帅) (docs/model.md 7.22 item 2):
// posted challenges, the best bidder by expected success, payments at
// milestones, and the completed project's gain.
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
  double milestone_success = 0.7;    ///< probability each milestone is met
  double gain = 0.15;                ///< productivity gain of a completed project
};

/// The `policies.open_competition.*` keys.
void bind_keys(Binder& b, OpenCompetitionParams& p);

class OpenCompetition {
 public:
  explicit OpenCompetition(World& w);  ///< registers its fiscal line
  /// The year: running projects reach milestones (or stop), then new challenges.
  void year(World& w);

 private:
  struct Project {
    std::int64_t firm;
    int milestones_left;
    double payment;
  };
  std::vector<Project> projects_;
};

}  // namespace innosim::model
