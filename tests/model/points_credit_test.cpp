// Points-linked credit (创新积分贷, docs/model.md 7.13 and 7.22 item 2): the
// books and the fiscal line (the guarantor's payouts) with the lever on, the
// lever off leaving a run unchanged, the line's rules, delivery reaching its
// share of the list, the policy signs on the participants (paired, two-sided
// intervals) and the baseline's status.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "innosim/engine/statistics.hpp"
#include "lever_helpers.hpp"

using namespace innosim::model;
using namespace innosim::model::lever_test;
using innosim::engine::Welford;

namespace {

Params line_on(Params p) {
  p.programmes.points_support.programme.enabled = true;
  return p;
}

/// Half-width of a two-sided 95 % interval of a mean over n pairs (t quantiles for small n).
double half_width(const Welford& w) {
  static const double t975[] = {0, 12.71, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179};
  const std::size_t n = w.count();
  const double t = n - 1 < std::size(t975) ? t975[n - 1] : 2.0;
  return t * w.sd() / std::sqrt(static_cast<double>(n));
}

}  // namespace

TEST(PointsCredit, BooksBalanceAndTheFiscalLineIsTheGuarantorsPayouts) {
  // Every firm on the list (top N = the city), so that guaranteed borrowers
  // default within the run and the guarantor pays. 5.5 years: the last
  // sample comes after the last review, so every payout is in some sample.
  Params p = line_on(small(1500, 5.5));
  p.programmes.points_support.min_points = 0;  // every tech SME under the cap eligible
  Ecosystem e(p, 4, 0);
  e.set_check_books_every_sample(true);  // throws on any imbalance; checks each line against its own ledger flow
  const RunResult r = e.run();
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  const double line = e.fiscal_total(fiscal_line("points_support"));
  EXPECT_GT(line, 0.0) << "no guaranteed loan defaulted";
  EXPECT_NEAR(total_of(r, "fiscal_points_support"), line, 1e-9 * line);
  // The guarantor's payouts are the line: nothing else is booked on it (no
  // fee, no budget), and the net fiscal cost's city outlays include it.
  EXPECT_GE(total_of(r, "fiscal_outlay_city") + 1e-9 * line, line);
  const double guaranteed = total_of(r, "points_guaranteed_loans");
  EXPECT_GT(guaranteed, 0.0);
  EXPECT_LE(total_of(r, "points_guaranteed_anyway"), guaranteed);
  // No firm's guaranteed balance exceeds its line: the stock is at most 10 m per holder.
  const auto& held = r.series[metric_index("points_supported_firms")];
  const auto& stock = r.series[metric_index("points_guaranteed_outstanding")];
  for (std::size_t t = 0; t < stock.size(); ++t) EXPECT_LE(stock[t], 10e6 * 1500 + 1e-6) << "sample " << t;
  // The pool is off: its covered book stays empty although the guarantee uses the firm's cover slot.
  EXPECT_EQ(total_of(r, "pool_registered_loans"), 0.0);
  EXPECT_EQ(r.series[metric_index("pool_covered_loans")].back(), 0.0);
  std::printf("[ points credit ] payouts %.6g yuan on %.6g guaranteed (%.1f %% made anyway); lines at the end %.0f, "
              "outstanding %.6g\n",
              line, guaranteed, 100 * total_of(r, "points_guaranteed_anyway") / guaranteed, held.back(), stock.back());
}

TEST(PointsCredit, LeverOffChangesNothing) {
  // Every key of the section changed, the switch off: the run is the
  // default run, series for series and value for value.
  const Params base = small(1500, 3);
  Params off = base;
  PointsSupportParams& ps = off.programmes.points_support;
  ps.programme.start_year = 2025;
  ps.programme.automatic = true;
  ps.programme.take_up_share = 1.0;
  ps.line_yuan = 1e9;
  ps.revenue_multiple = 10;
  ps.guarantee_share = 1.0;
  ps.max_spread = 0;
  ps.max_revenue_yuan = 1e12;
  ASSERT_FALSE(off.programmes.points_support.programme.enabled);
  const RunResult b = Ecosystem(off, 7, 1).run();
  EXPECT_TRUE(differing_metrics(Ecosystem(base, 7, 1).run(), b).empty());
  EXPECT_EQ(total_of(b, "points_supported_firms") + total_of(b, "points_guaranteed_loans") + total_of(b, "fiscal_points_support"), 0.0);
}

TEST(PointsCredit, DeliveryReachesItsShareOfTheList) {
  // A listed firm opens the line by the delivery rule (7.21): automatic
  // delivery reaches automatic_take_up_share of the list (1: all of it, one
  // line per listed firm), application mode take_up_share, and a liaison
  // officer raises that to t + beta (1 - t) with the same draw.
  Params p = line_on(small(2000, 4));
  p.programmes.points_support.programme.automatic = true;
  // Every listed firm eligible: the top-N list (the former rule, kept as a
  // sensitivity) is the population here because the liaison officers serve
  // it (the eligibility rules have their own test below).
  p.programmes.points_support.eligibility = PointsEligibility::top_list;
  p.programmes.points_support.programme.min_stage = Stage::startup;
  p.programmes.points_support.max_revenue_yuan = 1e12;
  Params all = p;
  all.programmes.points_support.programme.automatic_take_up_share = 1.0;
  Params applied = p;
  applied.programmes.points_support.programme.automatic = false;
  Params helped = applied;
  helped.liaison.programme.enabled = true;  // 3 m yuan: 20 officers serve all 200
  const RunResult ra = Ecosystem(p, 23, 0).run(), rb = Ecosystem(all, 23, 0).run(), rc = Ecosystem(applied, 23, 0).run(),
                  rd = Ecosystem(helped, 23, 0).run();
  // The year's count at each review's first sample (a stock: the year's lines).
  double reached = 0, listed = 0, applying = 0, with_officer = 0;
  const auto& a = ra.series[metric_index("points_supported_firms")];
  const auto& b = rb.series[metric_index("points_supported_firms")];
  const auto& c = rc.series[metric_index("points_supported_firms")];
  const auto& d = rd.series[metric_index("points_supported_firms")];
  for (std::size_t t = 0; t < a.size(); t += 12) {
    EXPECT_EQ(b[t], p.top_points_firms) << "sample " << t;
    EXPECT_LE(a[t], b[t]) << "sample " << t;
    reached += a[t];
    listed += b[t];
    applying += c[t];
    with_officer += d[t];
  }
  ASSERT_GT(listed, 600.0);
  const double se = std::sqrt(0.92 * 0.08 / listed), t_off = 0.6, t_on = 0.6 + p.liaison.take_up_boost * 0.4;
  const double se_off = std::sqrt(t_off * (1 - t_off) / listed), se_on = std::sqrt(t_on * (1 - t_on) / listed);
  std::printf("[ points credit ] automatic: %.0f of %.0f listed (%.3f, SE %.3f); application %.3f (SE %.3f), with officers %.3f "
              "(SE %.3f, expected %.2f)\n",
              reached, listed, reached / listed, se, applying / listed, se_off, with_officer / listed, se_on, t_on);
  EXPECT_NEAR(reached / listed, 0.92, 4 * se);
  EXPECT_NEAR(applying / listed, t_off, 4 * se_off);
  EXPECT_NEAR(with_officer / listed, t_on, 4 * se_on);
}

namespace {

/// Each firm that ever held a line (Firm::matched_grants bit 64) against
/// itself in the run without the line (exited firms included, as they left;
/// lever_test::FirmArchive), `pairs` pairs (replications 0..pairs-1) of
/// `seed`, 1,500 firms, 6 years: the paired mean per participant of its
/// debt, survival and cash at the end. Seed 71 with 8 pairs is the sample
/// of sessions 14-16 (and session 17's pilot).
struct Participants {
  Welford debt, survival, cash, loans;
  double n = 0;
  double twin_cash = 0;  ///< the twins' (run without the line) mean cash at the end, yuan a firm
};

Participants participants_of_the_line(std::uint64_t seed = 71, int pairs = 8) {
  const Params base = small(1500, 6), alt = line_on(base);
  Participants out;
  for (int rep = 0; rep < pairs; ++rep) {
    FirmArchive ax, bx;
    Ecosystem a(alt, seed, static_cast<std::uint64_t>(rep), &ax), b(base, seed, static_cast<std::uint64_t>(rep), &bx);
    const RunResult ra = a.run(), rb = b.run();
    EXPECT_TRUE(ra.books.ok()) << ra.books.worst;
    double n = 0, dd = 0, ds = 0, dc = 0;
    for_each_participant(a, ax, b, bx, 64u, [&](const Firm& f, const Firm& g) {
      n += 1;
      dd += f.debt - g.debt;
      ds += (f.alive ? 1.0 : 0.0) - (g.alive ? 1.0 : 0.0);
      dc += f.cash - g.cash;
      out.twin_cash += g.cash;
    });
    EXPECT_GE(n, 100) << "replication " << rep;
    if (n == 0) continue;
    out.n += n;
    out.debt.add(dd / n);
    out.survival.add(ds / n);
    out.cash.add(dc / n);
    out.loans.add(total_of(ra, "new_tech_loans") - total_of(rb, "new_tech_loans"));
  }
  if (out.n > 0) out.twin_cash /= out.n;
  std::printf("[ points credit ] seed %llu: %.0f participants over %d pairs: debt at the end %+.4g [%+.4g] yuan a firm, city's "
              "new loans %+.4g [%+.4g], survival %+.4f [%+.4f], cash %+.4g [%+.4g] yuan a firm; a pair's s.d.: survival "
              "%.6g, cash %.6g; twins' mean cash %.6g\n",
              static_cast<unsigned long long>(seed), out.n, pairs, out.debt.mean(), half_width(out.debt), out.loans.mean(),
              half_width(out.loans), out.survival.mean(), half_width(out.survival), out.cash.mean(), half_width(out.cash),
              out.survival.sd(), out.cash.sd(), out.twin_cash);
  return out;
}

}  // namespace

TEST(PointsCredit, HarmsItsParticipantsNot) {
  // The line only lowers the price of credit and shares the bank's loss, so
  // it must not harm the firms that take it (issue 14): no 95 % interval of
  // their survival or cash at the end may lie below 0 (participants_of_the_line),
  // and a fall of the margin or more is rejected (TOST: the one-sided 95 %
  // lower bound, the 90 % interval's lower end, above -delta).
  // History: session 15 on seed 71, 8 pairs: survival +0.0007 [+/-0.0008],
  // cash +8,864 [+/-12,960] yuan a firm. Session 16 added the margins
  // (survival 0.001; cash 1 % of the twins' mean cash, 303 k yuan) and passed
  // (cash 90 % [-70, +19,534]); referee 16 B8: that cash margin, about 20 of a
  // pair's standard deviations, could not fail in practice.
  //
  // PRE-REGISTERED 2026-12-07T20:33:44Z (session 17, referee 16 D7), written
  // and committed before the run below, on seeds never run by this test:
  // - Cash margin: delta_cash = 0.1 % of the twins' mean cash at the end (the
  //   same firms in the run without the line). Economic threshold, not a
  //   statistic: the line lends at most 10 m yuan a firm at most LPR + 80 bp
  //   (Huai'an's rules, 7.13), so the most its price can move a holder's cash
  //   in a year is of the order of 0.008 x 10 m = 80 k yuan, about 0.26 % of
  //   the twins' 30.2 m yuan mean cash (pilot). Session 16's 1 % is about
  //   four years of that bound, more than the lever can do in the window; a
  //   harm of 0.1 % (about 30 k yuan, over a third of one year's bound) would
  //   undo a material part of the most the line can give (Assumption).
  // - Survival margin: unchanged, delta_surv = 0.001 per participant.
  // - Pilot (seed 71, replications 0-7, the sample of sessions 14-16, on this
  //   branch's code): a pair's s.d. 13,942 yuan (cash) and 0.000945
  //   (survival); twins' mean cash 30.24 m yuan.
  // - Replications from the pilot: the least n with
  //   (t(n-1, 0.95) + z(0.90)) x sd / sqrt(n) <= delta for both outcomes
  //   (power 90 % to pass at a true difference of 0): cash n = 4
  //   (25,338 <= 30,237), survival n = 9 (0.000990 <= 0.001; 8 gives 0.00106),
  //   so n = 9 pairs.
  // - Fresh seeds: seed 1717, replications 0-8 (this test never ran them).
  // - Run once. If it fails, the failure is kept as evidence (the test
  //   disabled with its result), not re-specified.
  //
  // RESULT (run once, 2026-12-07T20:41:58Z, fund17): it FAILS, on survival,
  // and is disabled with its result, not re-specified. 5,080 participant
  // records over 9 pairs. Survival -0.0004 [-0.0013, +0.0005] (95 %; the
  // two-sided check passes: no sign of harm), but its 90 % interval
  // [-0.001068, +0.000321] reaches below -0.001: a fall of the margin is not
  // rejected. A pair's s.d. was 0.00112 (the pilot's 0.000945), so the bound
  // lies 0.00069 below a mean of -0.0004. Cash +2,451 [+/-18,240] yuan a firm,
  // 90 % [-12,261, +17,163] against +-30,317 (0.1 % of the twins' 30.3 m):
  // passes the new margin. Debt at the end -22,390 [+/-40,410] yuan a firm.
  // The participants' survival is not shown to be unharmed within 0.001 on
  // fresh seeds; an open finding of issue 14 (docs 7.13).
  //
  // Session 18 (points18): the trace and the fix. On diagnostic seeds (71,
  // 4242, 900-909; 8 pairs each, 96 pairs, never 1717), of the participants
  // whose survival differed from their twin's, 6 died where the twin lived
  // and 11 lived where the twin died. Of the 6, 4 had drawn guaranteed money
  // and all 4 died insolvent after a guaranteed equipment loan the ordinary
  // terms had refused or cut (the line's ceiling 1 + kappa g and cut-off
  // relief g reached all-or-nothing capacity and project loans): they
  // expanded on a demand peak, were not renewed and ran out of cash. The
  // other 2 had drawn nothing (spill-overs through their markets). The real
  // product guarantees working capital only (Huai'an: 「不超过一年(含)的
  // 流动资金贷款」), so since session 18 only a working-capital draw is
  // guaranteed (Banks::plan, 7.13). After the fix, same 96 pairs: 1 died
  // where its twin lived (a guaranteed 20,520-yuan draw that ordinary terms
  // made anyway at the same rate: a spill-over), 11 lived where the twin died.
  //
  // PRE-REGISTERED (session 18, points18; NEWS line and its own commit
  // before the run), on the fixed model; pass rules unchanged (the two-sided
  // 95 % checks and the TOST margins above: survival 0.001, cash 0.1 % of
  // the twins' mean cash):
  // - Pilot (NEWS 23:11): seed 5151, replications 0-7, never run before:
  //   a pair's s.d. 0 (survival: no pair differed) and 1,320 yuan (cash);
  //   twins' mean cash 30.73 m yuan.
  // - Conservative s.d.: survival max(0, 0.00112) = 0.00112 (session 17's
  //   measured); cash max(1,320, 23,729) = 23,729 yuan (session 17's
  //   measured: its 95 % half-width 18,240 over 9 pairs).
  // - n: the least n with (t(n-1, 0.95) + z(0.90)) x sd / sqrt(n) <= delta:
  //   survival n = 12 (0.000995; 11 gives 0.001045), cash n = 7 (28,925 <=
  //   about 30,700; 6 gives 31,940), so n = 12 pairs.
  // - Fresh seeds: seed 1818, replications 0-11 (never run by anyone's test
  //   or diagnostic on this branch). Run once; a failure is kept as evidence
  //   (the test disabled with its result), not re-specified.
  //
  // RESULT (pre-registered NEWS 23:12; run once, result committed 23:17:29 as 2adfdd9 on points18): it PASSES. 6,890 participant
  // records over 12 pairs. Survival +0.00015 [-0.00018, +0.00048] (95 %),
  // 90 % [-0.000121, +0.000424] against +-0.001; cash +10,330 [-9,280,
  // +29,940] yuan a firm, 90 % [-5,675, +26,329] against +-29,884 (0.1 % of
  // the twins' 29.88 m). A pair's s.d.: survival 0.000525, cash 30,866 (above
  // the conservative 23,729; the 90 % bound held). 1.6 CPU-s.
  constexpr std::uint64_t seed = 1818;                                   // pre-registered (session 18)
  constexpr int pairs = 12;                                              // pre-registered (session 18)
  constexpr double survival_delta = 0.001, cash_share = 0.001;           // pre-registered (session 17, unchanged)
  const Participants p = participants_of_the_line(seed, pairs);
  EXPECT_GE(p.survival.mean() + half_width(p.survival), 0.0);
  EXPECT_GE(p.cash.mean() + half_width(p.cash), 0.0);
  const double cash_delta = cash_share * p.twin_cash;
  const auto s90 = innosim::engine::confidence_interval(p.survival, 0.90);
  const auto c90 = innosim::engine::confidence_interval(p.cash, 0.90);
  std::printf("[ points credit ] TOST, 90 %% intervals: survival [%+.6f, %+.6f] against +-%.4f; cash [%+.6g, %+.6g] yuan "
              "against +-%.6g (0.1 %% of the twins' %.6g)\n",
              s90.low, s90.high, survival_delta, c90.low, c90.high, cash_delta, p.twin_cash);
  EXPECT_GT(cash_delta, 0.0);
  EXPECT_GT(s90.low, -survival_delta) << "a fall in survival of the margin or more is not rejected";
  EXPECT_GT(c90.low, -cash_delta) << "a fall in cash of the margin or more is not rejected";
}

TEST(PointsCredit, DISABLED_RaisesParticipantsBorrowing) {
  // Until session 15 this was asserted with the harm test above (as
  // RaisesParticipantsBorrowingAndHarmsThemNot): the participants' loan book
  // at the end rises, 95 % interval above 0 (session 14's union, with the
  // top-N list and the 0.10 appraisal bonus: +0.49 m [+0.26, +0.73] a firm).
  // It FAILS on session 15's rules, eligibility by score and no appraisal
  // bonus: +6,140 [+/-27,810] yuan a firm (4,513 participant records). The
  // borrowing came from the bonus, not the guarantee: 98.6 % of the
  // guaranteed money is lent on ordinary terms anyway (docs/model.md 7.13).
  // Disabled, not re-scoped: an open finding of issue 14 (referee 14 §2);
  // enable it with --gtest_also_run_disabled_tests once the guarantee adds
  // credit where a constraint binds.
  // Session 18 (points18; pre-registered, NEWS 23:12, run once as it stands,
  // seed 71, 8 pairs): since the guarantee reaches only working-capital draws
  // (7.13) it still FAILS: +14,780 [-13,326, +42,890] yuan a firm (4,519
  // participant records); kept disabled with its result.
  // Session 19 (pool19, issue 14 item 3): a defect of the default lender, not
  // a finding. points-credit, full city, 4 replications on main 6ecbfbd:
  // 99.99 % of 0.54 bn guaranteed was lent anyway; 64 % of the city's refused
  // or cut requests are limited by debt service, which a guarantee does not
  // relax (it moves the ceiling and the cut-off); the evaluations' guarantees
  // add credit by standing in for collateral (CSBF 74.8 %), which the default
  // lender (collateral test off) never asks for (docs/model.md 7.13).
  const Participants p = participants_of_the_line();
  EXPECT_GT(p.debt.mean() - half_width(p.debt), 0.0);
}

TEST(PointsCredit, DISABLED_RaisesTheCitysNewLoans) {
  // The claim the participants' test asserted until session 14 (its
  // 8 pairs, seed 71, 1,500 firms, 6 years): with points-linked credit the
  // city's new loans rise, 95 % interval above 0. It FAILED on session 14's
  // union, +0.06 bn [-0.02, +0.14] (+0.04 [-0.02, +0.10] over 24 pairs),
  // because the guaranteed money goes almost all to loans banks would have
  // made anyway (docs/model.md 7.13, referee 13 §4, referee 14 §2).
  // Session 15 (eligibility by score among tech SMEs, no appraisal bonus;
  // 7 times the lines in the full city): -0.009 bn [-0.038, +0.020] over these
  // 8 pairs, still not higher; 98.6 % of the guaranteed money is lent on
  // ordinary terms anyway (full city, 20 pairs, 7.13).
  // Disabled, not re-scoped: evaluations of guarantee schemes find 30-80 %
  // additional lending, so this is an open finding of issue 14; enable it
  // with --gtest_also_run_disabled_tests once the guarantee is reworked.
  const Params base = small(1500, 6), alt = line_on(base);
  Welford loans;
  for (int rep = 0; rep < 8; ++rep) {
    const RunResult ra = Ecosystem(alt, 71, static_cast<std::uint64_t>(rep)).run();
    const RunResult rb = Ecosystem(base, 71, static_cast<std::uint64_t>(rep)).run();
    loans.add(total_of(ra, "new_tech_loans") - total_of(rb, "new_tech_loans"));
  }
  std::printf("[ points credit ] city's new loans %+.4g [%+.4g] yuan over 8 pairs\n", loans.mean(), half_width(loans));
  EXPECT_GT(loans.mean() - half_width(loans), 0.0);
}

TEST(PointsCredit, ScenarioKeysAreValidated) {
  const std::string k = "policies.points_support.";
  const auto ds = diagnostics_of({k + "guarantee_share=1.5", k + "line_yuan=-1", k + "max_spread=2", k + "grant_yuan=200000",
                                  k + "budget_yuan=40000000", k + "approval_delay_days=90", k + "min_points=-1"});
  const std::string all = listed(ds);
  EXPECT_EQ(ds.size(), 7u) << all;
  // No cash grant and no budget any more; no approval delay (the bank's appraisal is the application).
  const std::vector<std::string> expected = {"guarantee_share: 1.5 is out of range", "line_yuan: -1 is out of range",
                                             "max_spread: 2 is out of range", "unknown key 'policies.points_support.grant_yuan'",
                                             "unknown key 'policies.points_support.budget_yuan'",
                                             "unknown key 'policies.points_support.approval_delay_days'",
                                             "min_points: -1 is out of range"};
  EXPECT_TRUE(unmentioned(ds, expected).empty()) << all;
  EXPECT_TRUE(diagnostics_of({k + "enabled=true", k + "delivery=automatic", k + "revenue_multiple=2", k + "eligibility=top_list",
                              k + "min_points=80"})
                  .empty());
}

TEST(PointsCredit, OffInTheBaselineOnInItsVariant) {
  // The seed gives the top 200 liaison officers and targeted policy pushes,
  // no money and no points-linked loan (7.13): off in jiangmen-2025; the
  // variant points-credit opens it in 2026 on Huai'an's terms.
  const Params b = library("jiangmen-2025");
  EXPECT_FALSE(b.programmes.points_support.programme.enabled);
  EXPECT_EQ(b.top_points_firms, 200);
  const Params v = library("points-credit");
  const PointsSupportParams& ps = v.programmes.points_support;
  EXPECT_TRUE(ps.programme.enabled);
  EXPECT_EQ(ps.programme.start_year, 2026);
  EXPECT_EQ(ps.line_yuan, 10e6);
  EXPECT_EQ(ps.guarantee_share, 0.6);
  EXPECT_EQ(ps.max_spread, 0.008);
  // Tech SMEs with revenue at most 5亿 (邑科贷's cap; referee 13 finding 4).
  EXPECT_EQ(ps.programme.min_stage, Stage::tech_sme);
  EXPECT_EQ(ps.max_revenue_yuan, 5e8);
  // Opened by the score, not the list, and no appraisal bonus: it had no source (referee 14 §2).
  EXPECT_EQ(ps.eligibility, PointsEligibility::threshold);
  EXPECT_EQ(ps.min_points, 60.0);
  EXPECT_EQ(ps.appraisal_bonus, 0.0);
  EXPECT_EQ(PointsSupportParams{}.appraisal_bonus, 0.0);
  EXPECT_TRUE(library("combined-package").programmes.points_support.programme.enabled);
}

TEST(PointsCredit, TechSmesUnderTheCapWhoseScoreReachesTheThresholdOpenALine) {
  // Automatic delivery reaching all: a line goes to a firm at stage tech_sme
  // or above whose last full year's revenue is at most the cap (邑科贷: 5亿;
  // here the city's scale, 20 m yuan, so that firms fall on both sides) and
  // whose innovation-points score is at least min_points, whether or not it
  // is on the top-N list. 3.5 years: the last review's scores, lines and
  // revenue histories are those the firms hold at the end. Under the former
  // rule (top_list) the same city opens lines only on the list.
  Params p = line_on(small(1500, 3.5));
  PointsSupportParams& ps = p.programmes.points_support;
  ps.programme.automatic = true;
  ps.programme.automatic_take_up_share = 1.0;
  ps.max_revenue_yuan = 20e6;
  Ecosystem e(p, 5, 0);
  const RunResult r = e.run();
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  int lines = 0, off_list = 0, over_cap = 0, below_stage = 0, below_score = 0;
  for (const Firm& f : e.firms()) {
    if (!f.alive) continue;  // scored at the last review (an entrant since: 0 points, no line)
    const bool sme = f.stage >= Stage::tech_sme && f.revenue_history[0] <= ps.max_revenue_yuan;
    const bool eligible = sme && f.innovation_points >= ps.min_points;
    EXPECT_EQ(f.points_line, eligible) << "firm " << f.id << ": stage " << static_cast<int>(f.stage) << ", revenue "
                                       << f.revenue_history[0] << ", points " << f.innovation_points;
    lines += f.points_line ? 1 : 0;
    off_list += f.points_line && !f.top_points ? 1 : 0;
    over_cap += f.innovation_points >= ps.min_points && f.revenue_history[0] > ps.max_revenue_yuan ? 1 : 0;
    below_stage += f.innovation_points >= ps.min_points && f.stage < Stage::tech_sme ? 1 : 0;
    below_score += sme && f.innovation_points < ps.min_points ? 1 : 0;
  }
  std::printf("[ points credit ] threshold %.0f: %d lines (%d off the top-%d list); above the score but over the cap %d, "
              "below tech_sme %d; tech SMEs under the cap below the score %d\n",
              ps.min_points, lines, off_list, p.top_points_firms, over_cap, below_stage, below_score);
  EXPECT_GT(lines, 0);
  EXPECT_GT(off_list, 0) << "every line on the list: the test would not tell the rules apart";
  EXPECT_GT(over_cap, 0) << "no scoring firm above the cap: the test would not see the rule";
  EXPECT_GT(below_score, 0) << "no tech SME below the score: the test would not see the threshold";
  // The former rule: only listed firms, the same stage and cap.
  Params q = p;
  q.programmes.points_support.eligibility = PointsEligibility::top_list;
  Ecosystem eq(q, 5, 0);
  ASSERT_TRUE(eq.run().books.ok());
  int listed_lines = 0;
  for (const Firm& f : eq.firms()) {
    if (!f.alive) continue;
    const bool eligible = f.top_points && f.stage >= Stage::tech_sme && f.revenue_history[0] <= ps.max_revenue_yuan;
    EXPECT_EQ(f.points_line, eligible) << "firm " << f.id;
    listed_lines += f.points_line ? 1 : 0;
  }
  EXPECT_GT(listed_lines, 0);
  // The additionality report: new lines, and of them those refused or cut on ordinary terms the year before.
  const double opened = total_of(r, "points_new_lines"), short_before = total_of(r, "points_new_lines_constrained");
  EXPECT_GT(opened, 0.0);
  EXPECT_LE(short_before, opened);
}
