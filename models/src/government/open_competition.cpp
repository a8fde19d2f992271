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

void OpenCompetition::pay_stage(World& w, Firm& f, ChallengeProject& c, int year) {
  const OpenCompetitionParams& g = w.p.programmes.open_competition;
  const double paid = w.government.spend(FISCAL_OPEN_COMPETITION, g.programme, c.payment, year);
  if (paid <= 0) return;
  w.receive(f, Account::government, paid, Flow::programme_grant);
  // The stage's budget: the prize's payment is the government's share 1 - s;
  // the winner adds its own s (real programmes fund a share of an
  // enterprise-led project and ask the firm to match it).
  const double stage = paid / (1.0 - g.cofunding_share);
  w.pay(f, Account::external, stage, Flow::project_cost);
  c.grants += paid;
  c.spent += stage;
}

void OpenCompetition::year(World& w) {
  const OpenCompetitionParams& g = w.p.programmes.open_competition;
  const int year = w.calendar_year();
  const auto y = static_cast<std::uint64_t>(year);
  const double m = g.milestone_success;
  // Running projects reach milestones or stop.
  for (ChallengeProject& c : projects_) {
    if (!c.running) continue;
    Firm* f = w.find_firm(c.firm);
    if (!f || !f->alive) {
      c.running = false;
      c.winner_left = true;
      continue;
    }
    if (draw(*f, P_MILESTONE, y) >= m) {
      c.running = false;
      continue;
    }
    pay_stage(w, *f, c, year);
    if (--c.milestones_left == 0) {
      // Complete. A project that spends T a stage completes with chance m^2
      // after its first stage, so a completion costs T (1 + m + m^2) / m^2 in
      // expectation; the result is worth the yearly return r on that cost
      // (the same rule as the consortia's breakthroughs, 7.25), which makes
      // the programme's spending, stopped projects included, earn r a year in
      // expectation. T is this project's mean stage spending (less than
      // planned when the budget ran short). V becomes a productivity gain on
      // the winner's sales, at most max_gain.
      c.running = false;
      c.completed = true;
      const double stage = c.spent / 3.0;
      const double value = g.return_on_rd * stage * (1.0 + m + m * m) / (m * m);
      const double sales = 12.0 * f->revenue;
      c.value = value;
      c.gain = sales > 0 ? std::min(g.max_gain, value / sales) : g.max_gain;
      w.pilot.innovation_to_market(w, *f, c.gain, 2000000 + y);
    }
  }
  // New challenges: the best expected success among the bidders wins.
  if (g.programme.active(year)) {
    // Every challenge's best bidder in one pass over the firms (the
    // challenges' passes, one each, read five cache lines a firm): a
    // bidder's score (productivity, IP, R&D share), eligibility and bids
    // (stateless draws) are not changed by paying a winner (cash only), so
    // each challenge picks the same firm as a pass of its own after the
    // earlier awards would (docs/performance.md, session 20).
    const auto challenges = static_cast<std::size_t>(std::max(0, g.challenges_per_year));
    best_.assign(challenges, nullptr);
    best_score_.assign(challenges, -1.0);
    for (Firm& f : w.firms) {
      if (!f.alive || f.stage < g.programme.min_stage) continue;
      double score = -1;  // computed at the firm's first bid (the same expression each time)
      for (std::size_t c = 0; c < challenges; ++c) {
        if (draw(f, P_BID ^ static_cast<std::uint64_t>(c), y) >= g.bid_share) continue;
        if (score < 0) score = f.productivity * std::pow(1.0 + f.ip_count, 0.3) * (1.0 + 10.0 * f.rd_share);
        if (score > best_score_[c]) best_score_[c] = score, best_[c] = &f;
      }
    }
    for (std::size_t c = 0; c < challenges; ++c) {
      Firm* best = best_[c];
      if (!best) continue;
      ChallengeProject project{.firm = best->id, .awarded_year = year, .payment = g.grant_yuan / 3.0};
      pay_stage(w, *best, project, year);
      if (project.grants <= 0) break;  // the year's budget is gone
      projects_.push_back(project);
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
  b.number("policies.open_competition.milestone_success", g.milestone_success, "probability", 0, 1,
           "m: probability each of the two milestones after the award is met (a project completes with chance m^2).",
           "`m`：中榜后两个里程碑各自达成的概率（项目完成的概率为 `m^2`）。");
  b.number("policies.open_competition.cofunding_share", g.cofunding_share, "share", 0, 0.95,
           "s: the winner's share of each stage's budget T = payment / (1 - s).",
           "`s`：揭榜企业承担的每阶段项目预算比例，阶段预算 `T = 拨款 / (1 - s)`。");
  b.number("policies.open_competition.return_on_rd", g.return_on_rd, "per year", 0, 10,
           "r: a completed project is worth r T (1 + m + m^2) / m^2 a year to the winner (what a completion costs in "
           "expectation, times r), a productivity gain on its sales, so that the programme's spending earns r a year in expectation.",
           "`r`：完成的项目每年给揭榜企业带来 `r T (1 + m + m^2) / m^2` 的价值（一个项目完成的期望成本乘以 `r`），体现为其销售额上的生产率提升；计入中止的项目在内，专项支出每年的期望回报为 `r`。");
  b.number("policies.open_competition.max_gain", g.max_gain, "share", 0, 10,
           "The largest productivity gain a completed project gives the winner.",
           "一个完成的项目给揭榜企业带来的最大生产率提升。");
  b.zero_gate("policies.open_competition.budget_yuan");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 2400 (models/README.md, "Scenario keys").
const RegisterKeys open_competition_keys_at{2400, [](Binder& b, Params& p) { bind_keys(b, p.programmes.open_competition); }};
}  // namespace

}  // namespace innosim::model
