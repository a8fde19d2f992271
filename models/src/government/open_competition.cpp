#include "innosim/model/government/open_competition.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, OpenCompetitionParams& g) {
  b.grant("policies.open_competition", g.programme, g.grant_yuan, "Open-competition major projects (揭榜挂帅): posted challenges, best bidder, milestone payments.",
          "Prize per project, paid in three milestones.", false);
  b.integer("policies.open_competition.challenges_per_year", g.challenges_per_year, "challenges", 0, 10000, "Challenges posted per year.");
  b.number("policies.open_competition.bid_share", g.bid_share, "share", 0, 1, "Share of eligible firms bidding on a challenge.");
  b.number("policies.open_competition.milestone_success", g.milestone_success, "probability", 0, 1, "Probability each milestone is met.");
  b.number("policies.open_competition.gain", g.gain, "share", 0, 10, "Productivity gain of a completed project.");
}

}  // namespace innosim::model
