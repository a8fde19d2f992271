// Tech-upgrade rewards (技术改造事后奖补, docs/model.md 7.21b): an ex-post share
// of a completed equipment project's spend, capped, for projects of a minimum
// size, from the year's budget pro rata. The reward only lowers the price of
// a project the firm chooses, so it must never harm the firms that get it
// (paired: their survival and cash are not lower); rewards follow the rules
// (≤ share × spend, ≤ cap per project, only projects ≥ the minimum size), the
// year's budget is never exceeded, the deadweight share is in [0, 1] and
// reported, and the books balance.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

#include "innosim/engine/statistics.hpp"
#include "innosim/model/ecosystem.hpp"
#include "lever_helpers.hpp"

using namespace innosim::model;
using innosim::engine::Welford;
using lever_test::run_checked;
using lever_test::small;
using lever_test::total_of;

namespace {

// Two-sided 95 % interval of a paired mean (t with n - 1 degrees of freedom).
double half_width(const Welford& w) {
  static const double t975[] = {0, 12.71, 4.30, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.20, 2.18};
  const auto n = static_cast<std::size_t>(w.count());
  const double t = n - 1 < 12 ? t975[n - 1] : 2.0;
  return t * w.sd() / std::sqrt(static_cast<double>(n));
}

// Both tech-upgrade budgets at 0: no call opens, firms decide without rewards.
Params without_rewards(Params p) {
  p.programmes.upgrade_provincial.programme.budget_yuan = Scheduled(0.0);
  p.programmes.upgrade_city.programme.budget_yuan = Scheduled(0.0);
  return p;
}

// Sum of a flow metric by calendar year of the run (a sample's flow covers the months before it).
std::vector<double> by_year(const RunResult& r, const char* metric) {
  const auto& t = r.time_years;
  const auto& s = r.series[metric_index(metric)];
  std::vector<double> out;
  for (std::size_t i = 1; i < t.size(); ++i) {
    const auto y = static_cast<std::size_t>(std::ceil(t[i] - 1e-9)) - 1;
    if (out.size() <= y) out.resize(y + 1, 0.0);
    if (!std::isnan(s[i])) out[y] += s[i];
  }
  return out;
}

}  // namespace

TEST(TechUpgrade, RewardNeverHarmsItsParticipants) {
  // Two groups, each firm compared with itself in the run without rewards
  // from the year it joined (a firm already gone by then in that run is left
  // out): survival, cash, and cash plus owner payouts; no 95 % interval may
  // lie below 0 (8 pairs).
  // - the rewarded firms (Firm::matched_grants bit 16);
  // - every claimant (bit 32): a firm that undertook a project counting on
  //   the reward and closed before the review is paid nothing and would be
  //   missing from the first group, which could hide harm by selection.
  Params alt = small(3000, 6), base = without_rewards(alt);
  struct Group {
    const char* name;
    unsigned bit;
    Welford survival, cash, owners;
    double participants = 0, gone = 0;
  } groups[2] = {{"rewarded", 16, {}, {}, {}}, {"claimants", 32, {}, {}, {}}};
  for (int rep = 0; rep < 8; ++rep) {
    lever_test::FirmArchive ax, bx;
    Ecosystem a(alt, 61, static_cast<std::uint64_t>(rep), &ax), b(base, 61, static_cast<std::uint64_t>(rep), &bx);
    (void)a.run();
    (void)b.run();
    for (Group& gr : groups) {
      double n = 0, ds = 0, dc = 0, dow = 0;
      lever_test::for_each_participant(a, ax, b, bx, gr.bit, [&](const Firm& f, const Firm& g) {
        n += 1;
        gr.gone += f.alive ? 0.0 : 1.0;
        ds += (f.alive ? 1.0 : 0.0) - (g.alive ? 1.0 : 0.0);
        dc += f.cash - g.cash;
        dow += (f.cash + f.cum_payouts) - (g.cash + g.cum_payouts);
      });
      EXPECT_GE(n, 10) << "too few " << gr.name << " firms in replication " << rep;
      if (n <= 0) continue;
      gr.participants += n;
      gr.survival.add(ds / n);
      gr.cash.add(dc / n);
      gr.owners.add(dow / n);
    }
  }
  for (const Group& gr : groups) {
    std::printf("tech-upgrade rewards, %s: %.0f firms (%.0f gone at the end); survival %+.4f [%+.4f], cash %+.4g [%+.4g], "
                "cash + payouts %+.4g [%+.4g]\n",
                gr.name, gr.participants, gr.gone, gr.survival.mean(), half_width(gr.survival), gr.cash.mean(),
                half_width(gr.cash), gr.owners.mean(), half_width(gr.owners));
    EXPECT_GE(gr.survival.mean() + half_width(gr.survival), 0.0) << gr.name;
    EXPECT_GE(gr.cash.mean() + half_width(gr.cash), 0.0) << gr.name;
    EXPECT_GE(gr.owners.mean() + half_width(gr.owners), 0.0) << gr.name;
  }
  // Every rewarded firm claimed first, and some claimants were never paid:
  // the second group is the wider one.
  EXPECT_GT(groups[1].participants, groups[0].participants);
}

TEST(TechUpgrade, RewardsFollowTheRulesWithinTheBudget) {
  // Aggregates that any single rule-breaking payment would violate:
  // (a) a share with no binding cap: paid ≤ share × rewarded spend;
  // (b) a binding cap (share 1): paid ≤ cap × rewarded projects, and each
  //     rewarded project ≥ the minimum size (mean spend ≥ minimum);
  // (c) a budget smaller than any one claim (0.15 × 5 m > 0.5 m), so every
  //     year with a claim is oversubscribed: each year's payments ≤ the budget
  //     and the pro-rata rule spends all of it in those years;
  // (d) a minimum size no project reaches: nothing is paid.
  // Books balanced and budgets respected at every sample (run_checked).
  Params p = small(3000, 5);
  p.programmes.upgrade_city.programme.enabled = false;  // the provincial level alone, for clean sums
  {
    Params a = p;
    a.programmes.upgrade_provincial.cap_yuan = 1e12;
    const RunResult r = run_checked(a, 71, 0);
    const double paid = total_of(r, "fiscal_tech_upgrade_provincial"), spend = total_of(r, "tech_upgrade_rewarded_spend");
    EXPECT_GT(paid, 0.0);
    EXPECT_LE(paid, a.programmes.upgrade_provincial.share * spend * (1 + 1e-12));
  }
  {
    Params b = p;
    b.programmes.upgrade_provincial.share = 1.0;
    b.programmes.upgrade_provincial.cap_yuan = 1e6;
    b.programmes.upgrade_provincial.min_project_yuan = 8e6;
    const RunResult r = run_checked(b, 71, 0);
    const double paid = total_of(r, "fiscal_tech_upgrade_provincial"), n = total_of(r, "tech_upgrade_rewarded_provincial");
    EXPECT_GT(n, 0.0);
    EXPECT_LE(paid, 1e6 * n * (1 + 1e-12));
    EXPECT_GE(total_of(r, "tech_upgrade_rewarded_spend"), 8e6 * n);
  }
  {
    Params c = p;
    c.programmes.upgrade_provincial.programme.budget_yuan = Scheduled(0.5e6);
    const RunResult r = run_checked(c, 71, 0);
    const auto paid = by_year(r, "fiscal_tech_upgrade_provincial"), n = by_year(r, "tech_upgrade_rewarded_provincial");
    ASSERT_FALSE(paid.empty());
    for (std::size_t y = 0; y < paid.size(); ++y) {
      EXPECT_LE(paid[y], 0.5e6 * (1 + 1e-12)) << "year " << y;
      if (n[y] > 0) {
        EXPECT_NEAR(paid[y], 0.5e6, 1e-3) << "year " << y << ": oversubscribed, pro rata spends the budget";
      }
    }
  }
  {
    Params d = p;
    d.programmes.upgrade_provincial.min_project_yuan = 1e12;
    const RunResult r = run_checked(d, 71, 0);
    EXPECT_EQ(total_of(r, "fiscal_tech_upgrade_provincial"), 0.0);
    EXPECT_EQ(total_of(r, "tech_upgrade_claims"), 0.0);
  }
}

TEST(TechUpgrade, DeadweightIsMeasuredAndRewardsAddProjects) {
  // The deadweight share is reported, in [0, 1], and the deadweight count never
  // exceeds the rewarded projects; with the rewards the firms undertake more
  // investment projects than without (paired, 6 pairs, t > 2): the reward
  // changes the decision on the margin, where value < cost < value + reward.
  Params alt = small(3000, 5), base = without_rewards(alt);
  Welford extra;
  for (int rep = 0; rep < 6; ++rep) {
    const RunResult ra = run_checked(alt, 83, static_cast<std::uint64_t>(rep));
    const RunResult rb = Ecosystem(base, 83, static_cast<std::uint64_t>(rep)).run();
    const double rewarded = total_of(ra, "tech_upgrade_rewarded_provincial") + total_of(ra, "tech_upgrade_rewarded_city");
    const double dw = total_of(ra, "tech_upgrade_deadweight");
    const double share = ra.series[metric_index("tech_upgrade_deadweight_share")].back();
    EXPECT_GT(rewarded, 0.0);
    EXPECT_LE(dw, rewarded);
    ASSERT_FALSE(std::isnan(share));
    EXPECT_GE(share, 0.0);
    EXPECT_LE(share, 1.0);
    EXPECT_NEAR(share, dw / rewarded, 1e-12);
    EXPECT_EQ(total_of(rb, "tech_upgrade_claims"), 0.0);
    extra.add(total_of(ra, "investment_projects") - total_of(rb, "investment_projects"));
    if (rep == 0) std::printf("deadweight share %.3f (%.0f of %.0f rewarded projects)\n", share, dw, rewarded);
  }
  const double t = extra.mean() / (extra.sd() / std::sqrt(static_cast<double>(extra.count())));
  std::printf("investment projects with rewards: %+.1f (t=%.1f)\n", extra.mean(), t);
  EXPECT_GT(t, 2.0);
}
