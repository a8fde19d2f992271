// Technology insurance as a flow (docs/model.md 7.10): policies written each
// month for a term, renewed or lapsed; premiums priced from expected claims
// with a loading; the insurer's capital (premiums in, claims out, books
// checked); the baseline near the seed's flow (about 1,000 firms underwritten
// in January-August 2025, about 80 bn yuan of cover); the premium subsidy
// raising take-up (paired replications).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "innosim/engine/statistics.hpp"
#include "lever_helpers.hpp"

using namespace innosim::model;
using namespace innosim::model::lever_test;

namespace {

/// Sum of a flow over the samples in (from, to] years since the start.
double sum_between(const RunResult& r, const char* metric, double from, double to) {
  double s = 0;
  const auto& x = r.series[metric_index(metric)];
  for (std::size_t t = 0; t < x.size(); ++t)
    if (r.time_years[t] > from + 1e-9 && r.time_years[t] <= to + 1e-9) s += x[t];
  return s;
}

}  // namespace

TEST(InsuranceFlow, BaselineNearTheSeedsFlow) {
  // The full-size baseline city (6,000 firms), one year: policies written
  // (new and renewed) in January-August 2025 and their cover against the
  // seed's "近千家" and "近800亿元", in two replications.
  for (std::uint64_t rep = 0; rep < 2; ++rep) {
    Params p;
    p.horizon_years = 1;
    const RunResult r = run_checked(p, 1, rep);
    ASSERT_TRUE(r.books.ok()) << r.books.worst;
    const double to = 8.0 / 12.0;
    const double fresh = sum_between(r, "insurance_new_policies", 0, to), renewed = sum_between(r, "insurance_renewals", 0, to);
    const double cover = sum_between(r, "insurance_cover_written", 0, to);
    std::printf("[ insurance ] replication %llu, Jan-Aug 2025: %.0f new + %.0f renewed policies, cover %.4g bn yuan; "
                "insured firms %.0f at the start, %.0f at the end\n",
                static_cast<unsigned long long>(rep), fresh, renewed, cover / 1e9,
                r.series[metric_index("insured_firms")].front(), r.series[metric_index("insured_firms")].back());
    EXPECT_GT(fresh + renewed, 700.0);
    EXPECT_LT(fresh + renewed, 1300.0);
    EXPECT_GT(cover, 50e9);
    EXPECT_LT(cover, 110e9);
    EXPECT_GT(renewed, 0.0);
  }
}

TEST(InsuranceFlow, PremiumsArePricedAndTheInsurerHoldsCapital) {
  // Ten years of a small city: the insurer's capital is its opening capital
  // plus premiums less claims (the books check compares its cash with the
  // ledger at every sample); claims per yuan of premium near 1 / (1 + theta).
  Params p = small(1500, 10);
  Ecosystem e(p, 21, 0);
  e.set_check_books_every_sample(true);
  const RunResult r = e.run();
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  const double premiums = total_of(r, "insurance_premiums"), claims = total_of(r, "insurance_claims");
  const auto& capital = r.series[metric_index("insurer_capital")];
  const double opening = p.insurance.capital_yuan * 1500.0 / 6000.0;
  EXPECT_NEAR(capital.back(), opening + premiums - claims, 1e-9 * (opening + premiums));
  EXPECT_GT(premiums, 0.0);
  const double ratio = claims / premiums;
  std::printf("[ insurance ] 10 years: premiums %.6g, claims %.6g yuan (%.3f per yuan; 1/(1+theta) = %.3f); new %.0f, "
              "renewed %.0f policies\n",
              premiums, claims, ratio, 1.0 / (1.0 + p.insurance.loading), total_of(r, "insurance_new_policies"),
              total_of(r, "insurance_renewals"));
  // Loss events are rare (4 % a year): a wide band around the expectation.
  EXPECT_GT(ratio, 0.5);
  EXPECT_LT(ratio, 1.1);
}

TEST(InsuranceFlow, ExpectedClaimsClosedForm) {
  // E[min(a U, C)], U ~ U(0.5, 1.5), against a fine quadrature, at covers below,
  // inside and above the loss range.
  Params p;
  World w(p, 1, 0, nullptr);
  const double S = 1e6, a = p.insurance.loss_revenue_share * 12.0 * S;
  const double events = 12.0 * (1.0 - std::exp(-p.insurance.loss_event_rate / 12.0));
  for (double C : {0.2 * a, 0.5 * a, 0.8 * a, a, 1.3 * a, 1.5 * a, 3 * a}) {
    double q = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) q += std::min(a * (0.5 + (i + 0.5) / n), C);
    q /= n;
    EXPECT_NEAR(w.insurer.expected_claims(w, S, C), events * q, 1e-6 * a) << "cover " << C / a << " x the mean loss";
  }
}

TEST(InsuranceFlow, PremiumSubsidyRaisesTakeUp) {
  // The subsidy lowers the firm's net price: more policies written, paired
  // over replications (every draw shared), and more insured firms at the end.
  innosim::engine::Welford d_written, d_insured;
  for (std::uint64_t rep = 0; rep < 4; ++rep) {
    Params lo = small(1500, 3), hi = small(1500, 3);
    lo.insurance.premium_subsidy_share = 0.1;
    hi.insurance.premium_subsidy_share = 0.6;
    // A budget that never binds: the share is what firms get (with the
    // default budget the subsidy runs out and firms expect what it paid).
    lo.insurance.programme.budget_yuan = hi.insurance.programme.budget_yuan = Scheduled(1e12);
    const RunResult a = run_checked(lo, 22, rep), b = run_checked(hi, 22, rep);
    d_written.add(total_of(b, "insurance_new_policies") - total_of(a, "insurance_new_policies"));
    d_insured.add(b.series[metric_index("insured_firms")].back() - a.series[metric_index("insured_firms")].back());
  }
  std::printf("[ insurance ] subsidy 60 %% vs 10 %%: %+.1f new policies (s.e. %.1f), %+.1f insured firms at the end\n",
              d_written.mean(), std::sqrt(d_written.variance() / 4), d_insured.mean());
  EXPECT_GT(d_written.mean() - 2.0 * std::sqrt(d_written.variance() / 4), 0.0);
  EXPECT_GT(d_insured.mean(), 0.0);
}

TEST(InsuranceFlow, FirmsExpectWhatTheBudgetPaid) {
  // With the default budget (30 m yuan a year) the subsidy runs out: after
  // the first year firms expect the share it actually paid, so doubling the
  // scheduled share changes take-up in the first year only.
  Params lo = small(1500, 3), hi = small(1500, 3);
  hi.insurance.premium_subsidy_share = 0.6;
  Ecosystem a(lo, 23, 0), b(hi, 23, 0);
  a.run_until_years(2.5);
  b.run_until_years(2.5);
  const double sa = a.insurance_expected_subsidy_share(), sb = b.insurance_expected_subsidy_share();
  std::printf("[ insurance ] expected subsidy share in the third year: %.4f (30 %% scheduled), %.4f (60 %%)\n", sa, sb);
  EXPECT_LT(sa, 0.3);
  EXPECT_LT(sb, 0.6);
  EXPECT_GT(sa, 0.0);
}

TEST(InsuranceFlow, PremiumSubsidyCapBindsPerFirmAndYear) {
  // The per-firm cap on a calendar year's premium subsidy (the pilot design
  // insurance-premium-subsidy borrows: at most 200 k yuan a firm a year;
  // here 2,000 yuan so it binds for most insured firms). With a budget that
  // never binds each firm is paid its whole year's claims, so a year's
  // payment per firm paid is at most the cap; without the cap it is far above.
  Params capped = small(1500, 3);
  capped.insurance.premium_subsidy_share = 0.25;
  capped.insurance.programme.budget_yuan = Scheduled(1e12);
  Params uncapped = capped;
  capped.insurance.premium_subsidy_cap_yuan = 2000;
  Ecosystem a(capped, 24, 0), b(uncapped, 24, 0);
  a.run_until_years(1.01);  // after the review of 1 January 2026, which paid 2025's claims
  b.run_until_years(1.01);
  const Insurer::Reimbursement& ra = a.insurance_reimbursement();
  const Insurer::Reimbursement& rb = b.insurance_reimbursement();
  ASSERT_GT(ra.firms, 0);
  ASSERT_GT(rb.firms, 0);
  const double per_firm_a = ra.paid / ra.firms, per_firm_b = rb.paid / rb.firms;
  std::printf("[ insurance ] 2025 premium subsidy per firm paid: %.6g yuan (cap 2,000) vs %.6g (no cap); %d and %d firms\n",
              per_firm_a, per_firm_b, ra.firms, rb.firms);
  EXPECT_LE(per_firm_a, 2000 * (1 + 1e-12));
  EXPECT_NEAR(ra.paid, ra.claims, 1e-9 * ra.claims) << "the budget binds: the test would read the budget, not the cap";
  EXPECT_GT(per_firm_b, 4 * 2000.0) << "the cap would not bind without it: the test would not see it";
  EXPECT_TRUE(a.check_books().ok());
}
