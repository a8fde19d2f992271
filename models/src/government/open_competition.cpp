#include "innosim/model/government/open_competition.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"

namespace innosim::model {

namespace {
// Its fiscal line: the rank is its place among the fiscal_<line> metrics (models/README.md, "Fiscal lines");
// the funding by level as in docs/model.md 2.6.
const Fiscal FISCAL_OPEN_COMPETITION = register_fiscal_line(
    {.rank = 900, .name = "open_competition", .kind = FiscalKind::outlay, .share = CITY_MONEY, .flow = SHARED_FLOW,
     .label = "open competition (揭榜挂帅)", .label_zh = "揭榜挂帅"});
}  // namespace

namespace {
constexpr std::uint64_t P_BID = engine::purpose_id("challenge_bid");
constexpr std::uint64_t P_MILESTONE = engine::purpose_id("milestone");
}  // namespace

OpenCompetition::OpenCompetition(World& w) {
  w.government.add_line(FISCAL_OPEN_COMPETITION, w.p.programmes.open_competition.programme);
}

void OpenCompetition::year(World& w) {
  const OpenCompetitionParams& g = w.p.programmes.open_competition;
  const int year = w.calendar_year();
  const auto y = static_cast<std::uint64_t>(year);
  // Running projects reach milestones or stop.
  for (auto it = projects_.begin(); it != projects_.end();) {
    Firm* f = w.find_firm(it->firm);
    if (!f || !f->alive || draw(*f, P_MILESTONE, y) >= g.milestone_success) {
      it = projects_.erase(it);
      continue;
    }
    const double paid = w.government.spend(FISCAL_OPEN_COMPETITION, g.programme, it->payment, year);
    if (paid > 0) w.receive(*f, Account::government, paid, Flow::programme_grant);
    if (--it->milestones_left == 0) {
      w.pilot.innovation_to_market(w, *f, g.gain, 2000000 + y);
      it = projects_.erase(it);
    } else {
      ++it;
    }
  }
  // New challenges: the best expected success among the bidders wins.
  if (g.programme.active(year)) {
    for (int c = 0; c < g.challenges_per_year; ++c) {
      Firm* best = nullptr;
      double best_score = -1;
      for (Firm& f : w.firms) {
        if (!f.alive || f.stage < g.programme.min_stage) continue;
        if (draw(f, P_BID ^ static_cast<std::uint64_t>(c), y) >= g.bid_share) continue;
        const double score = f.productivity * std::pow(1.0 + f.ip_count, 0.3) * (1.0 + 10.0 * f.rd_share);
        if (score > best_score) best_score = score, best = &f;
      }
      if (!best) continue;
      const double payment = g.grant_yuan / 3.0;
      const double paid = w.government.spend(FISCAL_OPEN_COMPETITION, g.programme, payment, year);
      if (paid <= 0) break;
      w.receive(*best, Account::government, paid, Flow::programme_grant);
      projects_.push_back(Project{best->id, 2, payment});
    }
  }
}

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, OpenCompetitionParams& g) {
  b.grant("policies.open_competition", g.programme, g.grant_yuan, "Open-competition major projects (揭榜挂帅): posted challenges, best bidder, milestone payments.",
          {"Open competition", "揭榜挂帅", "重大项目揭榜挂帅：张榜发布难题，择优确定揭榜方，按里程碑拨付。"},
          "Prize per project, paid in three milestones.",
          "每个项目的资助金额，分三个里程碑拨付。", false);
  b.integer("policies.open_competition.challenges_per_year", g.challenges_per_year, "challenges", 0, 10000, "Challenges posted per year.",
            "每年张榜发布的难题数。");
  b.number("policies.open_competition.bid_share", g.bid_share, "share", 0, 1, "Share of eligible firms bidding on a challenge.",
           "符合条件的企业中揭榜竞争一项难题的比例。");
  b.number("policies.open_competition.milestone_success", g.milestone_success, "probability", 0, 1, "Probability each milestone is met.",
           "每个里程碑达成的概率。");
  b.number("policies.open_competition.gain", g.gain, "share", 0, 10, "Productivity gain of a completed project.",
           "项目完成后的生产率提升。");
  b.zero_gate("policies.open_competition.budget_yuan");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 2400 (models/README.md, "Scenario keys").
const RegisterKeys open_competition_keys_at{2400, [](Binder& b, Params& p) { bind_keys(b, p.programmes.open_competition); }};
}  // namespace

}  // namespace innosim::model
