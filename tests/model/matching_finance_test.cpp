// Licence fees and the matching platform's effect on the number of firms
// (docs/model.md 7.18 items 5-7; referee 13, finding 2).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "innosim/engine/statistics.hpp"
#include "lever_helpers.hpp"

using namespace innosim::model;
using namespace innosim::model::lever_test;

namespace {

double last_of(const RunResult& r, const char* metric) { return r.series[metric_index(metric)].back(); }

}  // namespace

TEST(MatchingFinance, FeesNeverTakeAPayerBelowZero) {
  // The invariant is part of the books check (Ecosystem::check_books: a fee
  // that leaves its payer below zero fails the books), so every run checked
  // here would fail if a fee overdrew a firm. The test also shows the rule is
  // exercised: some fees need a loan, some deals happen.
  const Params p = shrunk("jiangmen-2025", 3000, 10);
  double loans = 0, deals = 0;
  for (std::uint64_t rep = 0; rep < 4; ++rep) {
    const RunResult r = Ecosystem(p, 1, rep).run();
    ASSERT_TRUE(r.books.ok()) << "replication " << rep << ": " << r.books.worst;
    loans += total_of(r, "tech_transfer_fee_loans");
    deals += total_of(r, "tech_transfer_deals");
  }
  std::printf("4 replications, 3,000 firms, 10 years: %.0f deals, %.0f of them paid partly with a loan\n", deals, loans);
  EXPECT_GT(deals, 0.0);
  EXPECT_GT(loans, 0.0) << "no fee needed a loan: the test would not see the rule";
}

// History: plat14 pre-registered the city-level criterion below as
// WithoutThePlatformTheCityHasNoMoreFirms (11:45 UTC, 7 Dec 2026); it FAILED
// on its first run, +1.80 [+0.63, +2.97] firms (20 pairs), and was disabled.
// plat15 (session 15) found the cause with id-matched firms (docs/model.md
// 7.18, "Diagnosis"): adopters bought results whose gain could not repay the
// fee (7.18 item 4a is the fix). The test is re-enabled with the same city
// criterion and one more, on the adopters themselves.
TEST(MatchingFinance, ThePlatformCostsNeitherItsAdoptersNorTheCityFirms) {
  // PRE-REGISTERED (plat15, 7 Dec 2026, 14:34 UTC), written and committed
  // before any run with the rule of 7.18 item 4a (a firm adopts only if the
  // gain's value over pilot.value_years covers the fee). Seen before, on the
  // code without 4a (40 pairs, 3,000 firms, 10 years, seed 1): firms
  // +1.48 [+0.84, +2.11] without the platform; adopters -0.82 [-1.25, -0.40]
  // a replication (alive at the horizon with the platform minus their twins
  // without it), about -0.65 of it among adopters whose gain was worth less
  // than the fee over 2 years; non-adopters -0.65 +- 0.47.
  //
  // Runs: jiangmen-2025 and no-matching-platform, 3,000 firms, 10 years,
  // seed 1, replications 0..19 paired (common random numbers).
  // (a) Adopters: the firms with Firm::matched_grants bit 128 (a deal through
  //     the platform) in the baseline run, each against its twin (same id and
  //     birth) in the run without the platform; per replication the number of
  //     them alive at the horizon minus the number of twins alive. PASS iff the
  //     two-sided 95 % paired CI does not lie wholly below 0 (adopting does not
  //     detectably kill adopters). It fails on the bug it is written for: on
  //     the code without 4a the first 20 of those pairs give -1.15
  //     [-1.80, -0.50] (and the city +1.85 [+0.95, +2.75]).
  // (b) City (plat14's criterion, unchanged): firms_active at the horizon,
  //     no-matching-platform minus jiangmen-2025. PASS iff the two-sided 95 %
  //     paired CI does not lie wholly above 0. 20 pairs as plat14
  //     pre-registered it (fewer pairs would make (b) easier to pass).
  constexpr int PAIRS = 20;
  const Params base = shrunk("jiangmen-2025", 3000, 10);
  const Params alt = shrunk("no-matching-platform", 3000, 10);
  innosim::engine::Welford city, adopters;
  double n_adopters = 0;
  for (int rep = 0; rep < PAIRS; ++rep) {
    FirmArchive bx, ax;
    Ecosystem b(base, 1, static_cast<std::uint64_t>(rep), &bx), a(alt, 1, static_cast<std::uint64_t>(rep), &ax);
    const RunResult rb = b.run(), ra = a.run();
    ASSERT_TRUE(rb.books.ok()) << rb.books.worst;
    ASSERT_TRUE(ra.books.ok()) << ra.books.worst;
    city.add(last_of(ra, "firms_active") - last_of(rb, "firms_active"));
    const auto twins = ax.all(a);
    double d = 0;
    for (const auto& [id, fp] : bx.all(b)) {
      if (!(fp->matched_grants & 128)) continue;
      const auto it = twins.find(id);
      if (it == twins.end() || it->second->birth_year != fp->birth_year) continue;
      n_adopters += 1;
      d += (fp->alive ? 1.0 : 0.0) - (it->second->alive ? 1.0 : 0.0);
    }
    adopters.add(d);
  }
  const double t = innosim::engine::student_t_quantile(0.975, PAIRS - 1);
  const auto ci = [t](const innosim::engine::Welford& w) {
    const double h = t * std::sqrt(w.variance() / static_cast<double>(w.count()));
    return std::pair<double, double>{w.mean() - h, w.mean() + h};
  };
  const auto [al, ah] = ci(adopters);
  const auto [cl, ch] = ci(city);
  std::printf("%d pairs, 3,000 firms, 10 years: %.1f adopters a replication; adopters alive, platform minus twins: %+.2f [%+.2f, %+.2f]\n",
              PAIRS, n_adopters / PAIRS, adopters.mean(), al, ah);
  std::printf("no-matching-platform - jiangmen-2025, firms at the horizon: %+.2f [%+.2f, %+.2f]\n", city.mean(), cl, ch);
  EXPECT_GE(ah, 0.0) << "adopting through the platform detectably kills adopters";
  EXPECT_LE(cl, 0.0) << "without the platform the city has detectably more firms";
}
