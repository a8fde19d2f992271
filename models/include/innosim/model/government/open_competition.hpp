#pragma once
// Open-competition major projects (揭榜挂帅): posted challenges, the best
// bidder, milestone payments (docs/model.md 7.22 item 2).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

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

}  // namespace innosim::model
