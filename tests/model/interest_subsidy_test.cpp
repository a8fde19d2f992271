// The loan interest subsidy run as real schemes run it (issue 14 point 1,
// docs/model.md 7.8): loans registered at origination, claims reimbursed
// after the year within an envelope (pro rata when oversubscribed), a
// per-firm cap, a maximum duration, first-loan terms, and firms deciding on
// the subsidy they expect. What it must show, by paired replications on
// common random numbers, two-sided: with a binding envelope, doubling the
// rate changes nothing real (the money is the same); outcomes are weakly
// increasing in the envelope; the baseline has no month of new lending above
// twice its year's monthly mean (the old budget opening on 1 January made
// every January a spike).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

#include "innosim/engine/statistics.hpp"
#include "lever_helpers.hpp"

using namespace innosim::model;
using namespace innosim::model::lever_test;
using innosim::engine::Welford;

namespace {

double at_end(const RunResult& r, const char* metric) { return r.series[metric_index(metric)].back(); }
double hte_plus(const RunResult& r) { return at_end(r, "high_tech_enterprises") + at_end(r, "gazelles") + at_end(r, "unicorns"); }

struct Interval {
  double mean, low, high;
};
Interval interval(const Welford& w) {
  const auto ci = innosim::engine::confidence_interval(w);
  return {w.mean(), ci.low, ci.high};
}
void print(const char* what, const Interval& i) { std::printf("  %-46s %+.6g [%+.6g, %+.6g]\n", what, i.mean, i.low, i.high); }

using Diff = std::function<double(const RunResult&, const RunResult&)>;
// Paired differences alt - base over replications 0..reps-1 (books checked).
std::vector<Welford> paired(const Params& base, const Params& alt, int reps, const std::vector<Diff>& diffs) {
  std::vector<Welford> d(diffs.size());
  for (int r = 0; r < reps; ++r) {
    const RunResult b = Ecosystem(base, 2025, static_cast<std::uint64_t>(r)).run();
    const RunResult a = Ecosystem(alt, 2025, static_cast<std::uint64_t>(r)).run();
    EXPECT_TRUE(b.books.ok()) << b.books.worst;
    EXPECT_TRUE(a.books.ok()) << a.books.worst;
    for (std::size_t k = 0; k < diffs.size(); ++k) d[k].add(diffs[k](b, a));
  }
  return d;
}

// The city these tests run: half the reference firms, six years, budgets
// scaled with the city (5.9 scales the city's figures, not its budgets).
constexpr int FIRMS = 3000;
constexpr double K = FIRMS / 6000.0;
Params city() {
  Params p = small(FIRMS, 6);
  p.sampling_months = 12;
  return p;
}

}  // namespace

TEST(InterestSubsidy, NoMonthOfNewLendingAboveTwiceItsYearsMeanInTheBaseline) {
  // The baseline scenario as users run it (monthly samples, 10 years).
  const Params p = library("jiangmen-2025");
  ASSERT_EQ(p.sampling_months, 1);
  for (std::uint64_t rep = 0; rep < 2; ++rep) {
    const RunResult r = Ecosystem(p, 1, rep).run();
    ASSERT_TRUE(r.books.ok()) << r.books.worst;
    const auto& loans = r.series[metric_index("new_tech_loans")];
    const auto& paid = r.series[metric_index("fiscal_interest_subsidy")];
    double worst = 0;
    for (std::size_t y = 0; 12 * (y + 1) < loans.size(); ++y) {
      double sum = 0, top = 0;
      std::size_t top_month = 0;
      for (std::size_t m = 12 * y + 1; m <= 12 * (y + 1); ++m) {
        sum += loans[m];
        if (loans[m] > top) {
          top = loans[m];
          top_month = m;
        }
      }
      const double ratio = top / (sum / 12.0);
      worst = std::max(worst, ratio);
      EXPECT_LE(ratio, 2.0) << "replication " << rep << ", year " << 2025 + y << ": month " << (top_month - 1) % 12 + 1
                            << " lent " << top << " yuan, " << ratio << " x the year's monthly mean";
      // The baseline's scheme (粤金管〔2025〕15号, quota rule since session 15)
      // is paid after each quarter, when the bank files (the samples of the
      // steps dated 1 April, 1 July, 1 October, 1 January, whose samples hold
      // months 3, 6, 9, 12: t % 3 == 0); until session 14 the pro-rata envelope
      // paid once a year, at the review after the sample, and this asserted
      // t % 12 == 1.
      for (std::size_t m = 12 * y + 1; m <= 12 * (y + 1); ++m) {
        if (m % 3 != 0) {
          EXPECT_EQ(paid[m], 0.0) << "subsidy paid inside a quarter, month " << m;
        }
      }
    }
    std::printf("replication %d: largest month / its year's monthly mean = %.3f\n", static_cast<int>(rep), worst);
  }
}

TEST(InterestSubsidy, RegistrationCapDurationAndReimbursementAfterTheYear) {
  // Points of principal, better terms for first loans, a small per-firm cap,
  // automatic membership; the books are checked at every sample.
  Params p = small(1500, 4);
  p.interest_subsidy.form = SubsidyForm::points;
  p.interest_subsidy.points = Scheduled(0.015);
  p.interest_subsidy.first_loan_points = Scheduled(0.02);
  p.interest_subsidy.per_firm_cap_yuan = 30e3;
  p.interest_subsidy.programme.automatic = true;
  p.interest_subsidy.programme.budget_yuan = Scheduled(20e6);
  Ecosystem e(p, 7, 0);
  e.set_check_books_every_sample(true);
  const RunResult r = e.run();
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  const auto& registered = r.series[metric_index("subsidy_registered_loans")];
  const auto& claims = r.series[metric_index("subsidy_claims")];
  const auto& paid = r.series[metric_index("fiscal_interest_subsidy")];
  // Opening loans were drawn before the scheme: not registered. Loans drawn
  // at the set-up after the members joined (the first year's programmes run
  // then, and a firm may borrow for what it takes up) are, as any new loan.
  // So the registered stock at t = 0 is exactly what was registered at the
  // set-up, and that is at most what was lent at the set-up (the opening
  // book is not new lending).
  const auto& registrations = r.series[metric_index("subsidy_registrations")];
  const auto& new_loans = r.series[metric_index("new_tech_loans")];
  EXPECT_NEAR(registered[0], registrations[0], 1e-12 * registrations[0]) << "a registered balance at the start that was never registered: the opening book";
  EXPECT_LE(registrations[0], new_loans[0] * (1 + 1e-12)) << "registered more than was lent at the set-up: the opening book";
  EXPECT_LT(registered[0], 0.01 * r.series[metric_index("tech_loans_outstanding")][0]);
  double year_claims = 0, all_claims = 0, all_paid = 0;
  for (std::size_t t = 1; t < paid.size(); ++t) {
    all_paid += paid[t];
    all_claims += claims[t];
    if (t % 12 != 1) {
      EXPECT_EQ(paid[t], 0.0) << "paid inside the year, month " << t;
    }
    if (t % 12 == 1 && t > 1) {
      // A year's reimbursement never exceeds its claims nor its envelope.
      EXPECT_LE(paid[t], year_claims * (1 + 1e-12) + 1e-6);
      EXPECT_LE(paid[t], 20e6 * (1 + 1e-12));
      year_claims = 0;
    }
    year_claims += claims[t];
  }
  EXPECT_GT(all_paid, 0.0);
  EXPECT_LE(all_paid, all_claims);
  // The cap holds and binds for some firms.
  double most = 0;
  int at_cap = 0;
  for (const Firm& f : e.firms()) {
    most = std::max(most, f.subsidy_cap_used);
    at_cap += f.subsidy_cap_used >= 30e3 - 1e-6;
  }
  EXPECT_LE(most, 30e3 * (1 + 1e-12));
  EXPECT_GT(at_cap, 0) << "the cap never bound: the test would not see it";
  std::printf("claims %.4g, paid %.4g, firms at the cap %d\n", all_claims, all_paid, at_cap);
}

TEST(InterestSubsidy, DoublingTheRateWithABindingEnvelopeChangesNothingReal) {
  // With an envelope that binds, a doubled rate doubles the claims and
  // halves the share paid: the money, and what firms expect per yuan, are
  // the same. HTE+ and the firm count must not move (two-sided 95 % CIs
  // contain 0); the claims must (the lever is not inert).
  Params base = city();
  base.interest_subsidy.programme.budget_yuan = Scheduled(40e6 * K);
  // With the default per-firm cap (500 k of money paid in a 36-month
  // window): the cap counts what is paid, so the doubled rate uses it up no
  // sooner when the envelope halves the share paid (a cap on claims did).
  Params alt = base;
  alt.interest_subsidy.rate = Scheduled(0.6);
  alt.interest_subsidy.first_loan_rate = Scheduled(0.8);
  auto total = [](const RunResult& r, const char* m) { return total_of(r, m); };
  const auto d = paired(base, alt, 16,
                        {[](const RunResult& b, const RunResult& a) { return hte_plus(a) - hte_plus(b); },
                         [](const RunResult& b, const RunResult& a) { return at_end(a, "firms_active") - at_end(b, "firms_active"); },
                         [&](const RunResult& b, const RunResult& a) { return total(a, "subsidy_claims") / total(b, "subsidy_claims"); },
                         [&](const RunResult& b, const RunResult& a) {
                           return total(a, "fiscal_interest_subsidy") - total(b, "fiscal_interest_subsidy");
                         },
                         [](const RunResult& b, const RunResult& a) {
                           return at_end(a, "tech_loans_outstanding") - at_end(b, "tech_loans_outstanding");
                         },
                         [](const RunResult& b, const RunResult&) {
                           // The base's envelope binds: the share paid of the years after the first.
                           const auto& s = b.series[metric_index("subsidy_paid_share")];
                           return *std::max_element(s.begin() + 3, s.end());
                         }});
  const Interval hte = interval(d[0]), firms = interval(d[1]), claims = interval(d[2]), spent = interval(d[3]),
                 loans = interval(d[4]), share = interval(d[5]);
  std::printf("rate 0.3 -> 0.6 with a binding envelope (%g yuan), 16 pairs, mean [95 %% CI]:\n", 40e6 * K);
  print("HTE+ at the end", hte);
  print("firms alive at the end", firms);
  print("claims, ratio", claims);
  print("subsidy paid, difference (yuan)", spent);
  print("loans at the end, difference (yuan)", loans);
  print("base: largest paid share after year 2", share);
  EXPECT_LT(share.high, 1.0) << "the envelope must bind in the base";
  EXPECT_GT(claims.low, 1.5) << "the doubled rate must raise the claims";
  EXPECT_LE(hte.low, 0.0);
  EXPECT_GE(hte.high, 0.0);
  EXPECT_LE(firms.low, 0.0);
  EXPECT_GE(firms.high, 0.0);
}

TEST(InterestSubsidy, OutcomesWeaklyIncreaseWithTheEnvelope) {
  // A sweep over the envelope: each step up may not lower HTE+, the firm
  // count or the loan book beyond noise (the upper end of the two-sided CI
  // of the paired difference is not below 0; the twelve steps are one family,
  // so each CI is at 1 - 0.05/12, Bonferroni, for a family-wise 95 %), and the
  // largest envelope lends more than none (the sweep has power). Known, and
  // printed in docs/model.md 7.8: with 24 pairs the first step (0 -> 40 m)
  // costs about 0.5 firm of 3,670 (insolvencies 666.5 -> 667.0 a run: firms
  // borrow more), with or without the per-firm cap; within this family's noise.
  // Full-city yuan (scaled to the test city below): the baseline's claims
  // are 60-300 m a year, so the sweep runs from binding hard to not binding.
  const std::vector<double> budgets = {0, 40e6, 80e6, 160e6, 320e6};
  const int reps = 8;
  std::vector<std::vector<RunResult>> runs(budgets.size());
  for (std::size_t i = 0; i < budgets.size(); ++i) {
    Params p = city();
    p.interest_subsidy.programme.budget_yuan = Scheduled(budgets[i] * K);
    for (int r = 0; r < reps; ++r) {
      runs[i].push_back(Ecosystem(p, 2025, static_cast<std::uint64_t>(r)).run());
      EXPECT_TRUE(runs[i].back().books.ok());
    }
  }
  const std::vector<std::pair<const char*, std::function<double(const RunResult&)>>> outcomes = {
      {"HTE+", hte_plus},
      {"firms", [](const RunResult& r) { return at_end(r, "firms_active"); }},
      {"loans", [](const RunResult& r) { return at_end(r, "tech_loans_outstanding"); }}};
  for (const auto& [name, f] : outcomes) {
    for (std::size_t i = 1; i < budgets.size(); ++i) {
      Welford d;
      for (int r = 0; r < reps; ++r) d.add(f(runs[i][static_cast<std::size_t>(r)]) - f(runs[i - 1][static_cast<std::size_t>(r)]));
      const auto fw = innosim::engine::confidence_interval(d, 1.0 - 0.05 / 12.0);
      const Interval ci{d.mean(), fw.low, fw.high};
      std::printf("  %-6s envelope %.3g -> %.3g: %+.5g [%+.5g, %+.5g]\n", name, budgets[i - 1], budgets[i], ci.mean, ci.low, ci.high);
      EXPECT_GE(ci.high, 0.0) << name << " falls when the envelope rises from " << budgets[i - 1] << " to " << budgets[i];
    }
  }
  Welford loans;
  for (int r = 0; r < reps; ++r)
    loans.add(at_end(runs.back()[static_cast<std::size_t>(r)], "tech_loans_outstanding") -
              at_end(runs.front()[static_cast<std::size_t>(r)], "tech_loans_outstanding"));
  EXPECT_GT(interval(loans).low, 0.0) << "the largest envelope must lend more than none";
}

TEST(InterestSubsidy, NoYearOfRegistrationsAboveTwiceTheMeanYear) {
  // The per-firm cap counts money paid over a rolling window from each
  // firm's first claim, so caps do not restart for every firm on the same
  // day: the registrations of no year exceed twice the run's mean year (the
  // annual analogue of the monthly test; with a cap restarting for all firms
  // every three years they ran 5-45 bn a year). The baseline and the doubled
  // terms (loan-subsidy-high), 10 years, two replications each.
  // Since session 15 the baseline's scheme registers loans only from May 2025
  // to December 2027 (粤金管〔2025〕15号), so its later years register
  // nothing by rule; the test runs the renewal sensitivity (registration
  // open to the horizon), where every year is comparable. There the yearly
  // quota binds (4.0 bn every year), so the cap window this test was written
  // for is seen in city-loan-subsidy (pro rata, 36-month window), which
  // replaces loan-subsidy-high here (also held at the quota).
  for (const char* scenario : {"jiangmen-2025", "city-loan-subsidy"}) {
    Params p = library(scenario);
    p.interest_subsidy.registration_until_year = 9999;
    for (std::uint64_t rep = 0; rep < 2; ++rep) {
      const RunResult r = Ecosystem(p, 1, rep).run();
      ASSERT_TRUE(r.books.ok()) << r.books.worst;
      const auto& reg = r.series[metric_index("subsidy_registrations")];
      const auto& t = r.time_years;
      std::vector<double> years(static_cast<std::size_t>(std::lround(p.horizon_years)), 0.0);
      for (std::size_t k = 1; k < reg.size(); ++k) {
        const auto y = static_cast<std::size_t>(std::ceil(t[k] - 1e-9)) - 1;  // the year the sample's period ends in
        if (y < years.size()) years[y] += reg[k];
      }
      double sum = 0, top = 0;
      for (double v : years) sum += v, top = std::max(top, v);
      const double mean = sum / static_cast<double>(years.size());
      std::printf("%s replication %d: registrations by year (bn):", scenario, static_cast<int>(rep));
      for (double v : years) std::printf(" %.2f", v / 1e9);
      std::printf("; largest / mean %.2f\n", top / mean);
      EXPECT_LE(top, 2.0 * mean) << scenario << " replication " << rep;
    }
  }
}


TEST(InterestSubsidy, AutomaticDeliveryIsApplicationWithoutCostOrDelay) {
  // Referee 13 finding 8: automatic delivery did more than the whole
  // subsidy. Its differences from application mode are meant to be three
  // and only three: the share reached (automatic_take_up_share against
  // take_up_share, the same draw), the filing cost (none) and the approval
  // delay (none); the envelope, its timing and the share paid follow the
  // same rules. So application mode at the same take-up with no cost and no
  // delay (and no liaison officer, who raises take-up only in application
  // mode) must give the automatic run series for series; and the filing
  // cost must be what separates application from automatic at equal take-up.
  Params app = small(1500, 4);
  ASSERT_FALSE(app.liaison.programme.enabled);
  Programme& pa = app.interest_subsidy.programme;
  pa.automatic = false;
  pa.take_up_share = 0.6;
  Params free_app = app;
  free_app.interest_subsidy.programme.application_cost_yuan = 0;
  free_app.interest_subsidy.programme.approval_delay_days = 0;
  Params automatic = app;
  automatic.interest_subsidy.programme.automatic = true;
  automatic.interest_subsidy.programme.automatic_take_up_share = 0.6;
  const RunResult a = run_checked(app, 9, 0), f = run_checked(free_app, 9, 0), m = run_checked(automatic, 9, 0);
  const auto differ = differing_metrics(f, m);
  std::string names;
  for (const auto& n : differ) names += n + " ";
  EXPECT_TRUE(differ.empty()) << "application without cost or delay vs automatic: " << names;
  EXPECT_GT(total_of(a, "subsidy_filing_costs"), 0.0) << "application mode files at a cost";
  EXPECT_EQ(total_of(f, "subsidy_filing_costs"), 0.0);
  EXPECT_EQ(total_of(m, "subsidy_filing_costs"), 0.0);
  EXPECT_GT(total_of(m, "fiscal_interest_subsidy"), 0.0);
  std::printf("[ interest subsidy ] 1,500 firms, 4 years: paid %.4g yuan (application) / %.4g (automatic); filing costs %.4g "
              "yuan (%.1f %% of the money paid)\n",
              total_of(a, "fiscal_interest_subsidy"), total_of(m, "fiscal_interest_subsidy"), total_of(a, "subsidy_filing_costs"),
              100 * total_of(a, "subsidy_filing_costs") / total_of(a, "fiscal_interest_subsidy"));
}

// ---------------------------------------------------------------- the quota rule (粤金管〔2025〕15号; referee 14 finding 1)

namespace {
// The baseline's scheme in a small city: a yearly quota of registered
// principal small enough to bind, first come first served, every tech SME
// and above eligible (more loans than high-tech enterprises alone, so the
// quota binds in every year), registration from May 2025 to December 2026,
// one year a loan, the bank filing (automatic, every member reached).
constexpr double QUOTA = 150e6;
Params quota_city() {
  Params p = shrunk("jiangmen-2025", 1500, 4);  // 2025-2028, monthly samples
  InterestSubsidyParams& is = p.interest_subsidy;
  EXPECT_EQ(is.allocation, SubsidyAllocation::quota) << "the baseline runs the quota rule";
  is.programme.min_stage = Stage::tech_sme;
  is.programme.automatic_take_up_share = 1.0;
  is.quota_loans_yuan = Scheduled(QUOTA);
  is.registration_from_year = 2025;
  is.registration_from_month = 5;
  is.registration_until_year = 2026;
  return p;
}
}  // namespace

TEST(InterestSubsidy, QuotaIsFirstComeFirstServedInsideItsWindowAndPaysNothingAfterIt) {
  const Params p = quota_city();
  ASSERT_EQ(p.sampling_months, 1);
  Ecosystem e(p, 11, 0);
  e.set_check_books_every_sample(true);
  const RunResult r = e.run();
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  const auto& reg = r.series[metric_index("subsidy_registrations")];
  const auto& refused = r.series[metric_index("subsidy_quota_refused")];
  const auto& claims = r.series[metric_index("subsidy_claims")];
  const auto& paid = r.series[metric_index("fiscal_interest_subsidy")];
  const auto& paid_city = r.series[metric_index("fiscal_interest_subsidy_city")];
  const auto& share = r.series[metric_index("subsidy_paid_share")];
  // Sample t (t >= 1) holds month t's flows: month t of the run, calendar
  // year 2025 + (t - 1) / 12, calendar month (t - 1) % 12 + 1.
  const auto year_of = [](std::size_t t) { return 2025 + static_cast<int>((t - 1) / 12); };
  const auto month_of = [](std::size_t t) { return static_cast<int>((t - 1) % 12) + 1; };
  EXPECT_EQ(reg[0], 0.0) << "registered at the set-up (January 2025), before the window opens in May";
  double by_year[4] = {0, 0, 0, 0}, refused_year[4] = {0, 0, 0, 0}, first_half[4] = {0, 0, 0, 0};
  double claims_total = 0, paid_total = 0;
  for (std::size_t t = 1; t < reg.size(); ++t) {
    const int y = year_of(t) - 2025, m = month_of(t);
    if (y >= 4) break;
    if (year_of(t) == 2025 && m < 5) {
      EXPECT_EQ(reg[t], 0.0) << "registered before 1 May 2025, month " << m;
    }
    by_year[y] += reg[t];
    refused_year[y] += refused[t];
    if (m <= 6) first_half[y] += reg[t];
    claims_total += claims[t];
    paid_total += paid[t];
    // The bank files a quarter's claims after it: paid only in the steps
    // dated 1 April, 1 July, 1 October and 1 January, whose samples hold
    // months 3, 6, 9 and 12 (t % 3 == 0).
    if (t % 3 != 0) {
      EXPECT_EQ(paid[t], 0.0) << "paid inside a quarter, month " << t;
    }
    EXPECT_EQ(paid_city[t], 0.0) << "the province's scheme booked as city money";
    // Every registered loan is paid its full terms: nothing pro rata.
    EXPECT_EQ(share[t], 1.0) << "month " << t;
  }
  for (int y = 0; y < 2; ++y) {
    std::printf("  %d: registered %.4g yuan (first half %.4g), refused %.4g\n", 2025 + y, by_year[y], first_half[y], refused_year[y]);
    // Never more than the quota, and the quota is used up: loans were refused.
    EXPECT_LE(by_year[y], QUOTA * (1 + 1e-12)) << 2025 + y;
    EXPECT_GT(refused_year[y], 0.0) << 2025 + y << ": the quota never bound, the test would not see first come first served";
    EXPECT_GT(by_year[y], 0.9 * QUOTA) << 2025 + y << ": refused loans while the quota had room";
  }
  // First come first served: the quota goes to the year's first loans, so
  // in 2026 (a whole year in the window) the first half takes most of it.
  EXPECT_GT(first_half[1], 0.5 * by_year[1]);
  // After the window: no registration in 2027-2028, claims only on loans
  // registered up to December 2026 (one year each: none after their year,
  // i.e. none after January 2028), and no payment after the quarter that
  // follows the last claim.
  std::size_t last_claim = 0, last_paid = 0;
  for (std::size_t t = 1; t < reg.size(); ++t) {
    if (year_of(t) >= 2027) {
      EXPECT_EQ(reg[t], 0.0) << "registered after 31 Dec 2026, month " << t;
    }
    if (claims[t] > 0) last_claim = t;
    if (paid[t] > 0) last_paid = t;
  }
  EXPECT_EQ(refused_year[2], 0.0) << "a loan after the window is not eligible, so not refused by the quota";
  EXPECT_GE(last_claim, 25u) << "registered loans keep their year after the window closes";
  EXPECT_LE(last_claim, 37u) << "a claim more than a year after the last registration";
  EXPECT_GE(last_paid, last_claim) << "the last claims were never paid";
  EXPECT_LE(last_paid, last_claim + 2) << "paid after the end of the quarter of the last claim";
  // Everything claimed was paid (the province's ceiling does not bind), to
  // the yuan the claims of firms still alive at each quarter's end.
  EXPECT_GT(paid_total, 0.0);
  EXPECT_LE(paid_total, claims_total * (1 + 1e-12));
  EXPECT_GT(paid_total, 0.9 * claims_total) << "claims lost beyond exits";
  std::printf("  claims %.4g, paid %.4g; last claim at month %zu, last payment at month %zu\n", claims_total, paid_total,
              last_claim, last_paid);
}

TEST(InterestSubsidy, PerFirmCapBindsUnderTheQuota) {
  // The 20 m yuan a firm a year of 15号, made small enough to bind here.
  Params p = quota_city();
  p.interest_subsidy.quota_loans_yuan = Scheduled(5e9);  // not binding: only the cap rations
  p.interest_subsidy.per_firm_cap_yuan = 20e3;
  Ecosystem e(p, 11, 0);
  const RunResult r = e.run();
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  EXPECT_EQ(total_of(r, "subsidy_quota_refused"), 0.0);
  double most = 0;
  int at_cap = 0;
  for (const Firm& f : e.firms()) {
    most = std::max(most, f.subsidy_cap_used);
    at_cap += f.subsidy_cap_used >= 20e3 - 1e-6;
  }
  EXPECT_LE(most, 20e3 * (1 + 1e-12)) << "a firm paid more than its cap in its window";
  EXPECT_GT(at_cap, 0) << "the cap never bound: the test would not see it";
  std::printf("  firms at the cap: %d\n", at_cap);
}

TEST(InterestSubsidy, ProvincialMoneyIsBookedAtTheProvinceAndTheCityNetCostExcludesIt) {
  // The same scheme paid by the province (the baseline) and by the city
  // (city_money): nothing any agent decides depends on who pays, so the runs
  // are the same to the last firm, and the money moves between the levels'
  // net costs exactly: the province's net cost carries the subsidy and the
  // city's does not; with city money the reverse.
  const Params prov = quota_city();
  Params city_paid = prov;
  city_paid.interest_subsidy.city_money = true;
  const RunResult a = Ecosystem(prov, 5, 0).run();
  const RunResult b = Ecosystem(city_paid, 5, 0).run();
  ASSERT_TRUE(a.books.ok()) << a.books.worst;
  ASSERT_TRUE(b.books.ok()) << b.books.worst;
  EXPECT_TRUE(same_metrics(a, b, {"firms_active", "high_tech_enterprises", "tech_loans_outstanding", "subsidy_claims", "revenue"}));
  const double subsidy = total_of(a, "fiscal_interest_subsidy");
  ASSERT_GT(subsidy, 0.0);
  EXPECT_EQ(total_of(a, "fiscal_interest_subsidy_city"), 0.0);
  EXPECT_EQ(total_of(b, "fiscal_interest_subsidy"), 0.0);
  EXPECT_DOUBLE_EQ(total_of(b, "fiscal_interest_subsidy_city"), subsidy);
  // Net cost by level over the run = payments + what is owed at the end (2.6).
  const double owed_end = total_of(a, "net_fiscal_cost") - total_of(a, "net_fiscal_cost_city") -
                          total_of(a, "net_fiscal_cost_provincial") - total_of(a, "net_fiscal_cost_central");
  EXPECT_NEAR(owed_end, 0.0, 1e-6 * subsidy) << "the levels do not add up to the total";
  const double moved_city = total_of(b, "net_fiscal_cost_city") - total_of(a, "net_fiscal_cost_city");
  const double moved_prov = total_of(a, "net_fiscal_cost_provincial") - total_of(b, "net_fiscal_cost_provincial");
  EXPECT_NEAR(moved_city, moved_prov, 1e-9 * subsidy);
  EXPECT_GE(moved_city, subsidy * (1 - 1e-12)) << "the city's net cost with city money exceeds the province-paid run's by the subsidy";
  EXPECT_NEAR(total_of(a, "net_fiscal_cost"), total_of(b, "net_fiscal_cost"), 1e-9 * subsidy);
  std::printf("  subsidy %.4g yuan; city net cost %.4g (province pays) vs %.4g (city pays)\n", subsidy,
              total_of(a, "net_fiscal_cost_city"), total_of(b, "net_fiscal_cost_city"));
}
