// High-tech enterprise certification as an application (docs/model.md 7.12,
// issue 14 point 3): the published criteria as pure functions, the HTE
// count's change decomposed into new certifications, renewals, expiries,
// revocations and exits (it adds up at every sample and every year), the
// status held only with a certificate, the tax benefit as the reason to
// apply, and relabelling within its limit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "innosim/model/ecosystem.hpp"
#include "innosim/model/rules.hpp"

using namespace innosim::model;

namespace {

const std::vector<double>& series(const RunResult& r, const char* metric) { return r.series[metric_index(metric)]; }

double total(const RunResult& r, const char* metric) {
  const auto& v = series(r, metric);
  double s = 0;
  for (std::size_t t = 1; t < v.size(); ++t) s += v[t];
  return s;
}

Params small_city(int firms, double years) {
  Params p;
  p.initial_firms = firms;
  p.horizon_years = years;
  p.sampling_months = 1;
  return p;
}

}  // namespace

TEST(Certification, RulesFollowThePublishedCriteria) {
  // 2016 HTE administrative measures, art. 11 (5): the R&D threshold by the
  // last year's sales, bands inclusive at 50 m and 200 m yuan.
  EXPECT_EQ(hte_rd_threshold(50e6), 0.05);
  EXPECT_EQ(hte_rd_threshold(50e6 + 1), 0.04);
  EXPECT_EQ(hte_rd_threshold(200e6), 0.04);
  EXPECT_EQ(hte_rd_threshold(200e6 + 1), 0.03);
  const HteFigures ok{2.0, 1.0, 0.10, 0.60, 0.04, 100e6};
  EXPECT_TRUE(meets_hte_criteria(ok));
  auto with = [&](auto change) {
    HteFigures x = ok;
    change(x);
    return meets_hte_criteria(x);
  };
  EXPECT_FALSE(with([](HteFigures& x) { x.age_years = 0.99; }));         // (1) registered a year
  EXPECT_FALSE(with([](HteFigures& x) { x.ip = 0.0; }));                 // (2) core IP
  EXPECT_FALSE(with([](HteFigures& x) { x.st_staff_share = 0.0999; }));  // (4) S&T staff >= 10 %
  EXPECT_FALSE(with([](HteFigures& x) { x.hightech_share = 0.599; }));   // (6) high-tech revenue >= 60 %
  EXPECT_FALSE(with([](HteFigures& x) { x.rd_intensity = 0.0399; }));    // (5) 4 % in the 50-200 m band
  EXPECT_FALSE(with([](HteFigures& x) { x.revenue_yuan = 40e6; }));      // 5 % below 50 m
  EXPECT_TRUE(with([](HteFigures& x) { x.revenue_yuan = 300e6; x.rd_intensity = 0.03; }));
  // Relabelling (Chen et al. 2021): up to 24.2 % of the reported R&D.
  EXPECT_EQ(reported_rd_intensity(0.06, 0.05, 0.242), 0.06);   // clears it: reports its own
  EXPECT_EQ(reported_rd_intensity(0.040, 0.05, 0.242), 0.05);  // 20 % of 5 % relabelled
  EXPECT_EQ(reported_rd_intensity(0.037, 0.05, 0.242), 0.037); // would need 26 %: out of reach
  EXPECT_EQ(reported_rd_intensity(0.049, 0.05, 0.0), 0.049);   // no relabelling
}

TEST(Certification, HteCountDecompositionAddsUpEverySampleAndYear) {
  Params p = small_city(2000, 8);
  Ecosystem eco(p, 2025, 0);
  const RunResult r = eco.run();
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  const auto& count = series(r, "hte_certified");
  const auto &fresh = series(r, "hte_new_certifications"), &renewed = series(r, "hte_renewals"),
             &expired = series(r, "hte_expiries"), &revoked = series(r, "hte_revocations"), &exited = series(r, "hte_exits");
  // Every sample: the change in the count is its inflows less its outflows.
  for (std::size_t t = 1; t < count.size(); ++t)
    ASSERT_EQ(count[t] - count[t - 1], fresh[t] + renewed[t] - expired[t] - revoked[t] - exited[t]) << "sample " << t;
  // Every year (twelve monthly samples), as the metrics report it.
  for (std::size_t y = 12; y < count.size(); y += 12) {
    double in = 0, out = 0;
    for (std::size_t t = y - 11; t <= y; ++t) {
      in += fresh[t] + renewed[t];
      out += expired[t] + revoked[t] + exited[t];
    }
    std::printf("  year %zu: HTE %g -> %g: +%g new/renewed, -%g expired/revoked/exited\n", y / 12, count[y - 12],
                count[y], in, out);
    EXPECT_EQ(count[y] - count[y - 12], in - out) << "year " << y / 12;
  }
  // Every term moves: the identity is not 0 = 0.
  for (const char* m : {"hte_new_certifications", "hte_renewals", "hte_expiries", "hte_revocations", "hte_exits",
                        "hte_applications"})
    EXPECT_GT(total(r, m), 0.0) << m;
  // A third of the start's certificates expire at each of the first three reviews.
  const double start = count[0];
  EXPECT_NEAR(series(r, "hte_expiries")[13], start / 3.0, 0.1 * start) << "expiries at the first review";
  // The status is the certificate: HTE and gazelle rungs hold one.
  for (const Firm& f : eco.firms()) {
    if (!f.alive) continue;
    if (f.stage == Stage::high_tech || f.stage == Stage::gazelle) {
      EXPECT_TRUE(f.hte_certified) << f.id;
    }
    if (f.hte_certified) {
      EXPECT_GE(f.hte_until, p.start_year + 7) << f.id;
    }
  }
  const auto& relabelled = series(r, "hte_relabelled");
  for (std::size_t t = 0; t < count.size(); ++t) ASSERT_LE(relabelled[t], count[t]);
  EXPECT_GT(relabelled.back(), 0.0) << "firms near the threshold relabel (Chen et al. 2021)";
}

TEST(Certification, FirmsApplyForTheBenefitOnly) {
  // With no tax saving and no other benefit, no firm pays to apply: the
  // certificates held at the start run out within their three-year term.
  // With the 15 % rate as the only benefit, firms with taxable profits apply.
  Params none = small_city(1500, 4), tax = small_city(1500, 4);
  none.certification.other_benefit_yuan_per_year = tax.certification.other_benefit_yuan_per_year = 0;
  none.tax.hte_rate = none.tax.standard_rate;
  const RunResult a = Ecosystem(none, 2025, 1).run(), b = Ecosystem(tax, 2025, 1).run();
  EXPECT_EQ(total(a, "hte_applications"), 0.0);
  EXPECT_EQ(series(a, "hte_certified").back(), 0.0);
  EXPECT_GT(total(b, "hte_applications"), 0.0);
  EXPECT_GT(series(b, "hte_certified").back(), 0.0);
  std::printf("  applications over 4 years: %g without a benefit, %g with the tax rate only; HTEs at the end %g, %g\n",
              total(a, "hte_applications"), total(b, "hte_applications"), series(a, "hte_certified").back(),
              series(b, "hte_certified").back());
}

TEST(Certification, RelabellingStaysWithinItsLimitAndChecksRevokeIt) {
  // No relabelling room: no certificate rests on relabelled R&D. Every
  // certified firm checked every year: relabelled certificates are revoked
  // at the first check (their true R&D is below the threshold).
  Params none = small_city(1500, 4), checked = small_city(1500, 4);
  none.certification.relabel_share = 0;
  checked.certification.check_rate = 1.0;
  const RunResult a = Ecosystem(none, 2025, 2).run(), b = Ecosystem(checked, 2025, 2).run();
  for (double v : series(a, "hte_relabelled")) ASSERT_EQ(v, 0.0);
  EXPECT_GT(total(b, "hte_revocations"), 0.0);
  // A certificate granted on relabelled R&D in January is checked the next January.
  const auto& rel = series(b, "hte_relabelled");
  const RunResult c = Ecosystem(small_city(1500, 4), 2025, 2).run();
  EXPECT_LE(rel.back(), series(c, "hte_relabelled").back());
  std::printf("  relabelled certificates at the end: %g with yearly checks of all, %g at the default check rate\n",
              rel.back(), series(c, "hte_relabelled").back());
}

TEST(Certification, UncertifiedIncumbentsFirstApplyAtStaggeredReviews) {
  // docs/model.md 7.12, "The saw-tooth" (hte19): with
  // certification.incumbent_application_years = S, an incumbent without a
  // certificate at the start cannot apply before one of the first S reviews,
  // drawn uniformly; certified incumbents and entrants are not touched. With
  // S = 1 (the default) nothing is barred: every one may apply at the first.
  Params one = small_city(3000, 0.5), three = one;
  three.certification.incumbent_application_years = 3;
  Ecosystem a(one, 2025, 0), b(three, 2025, 0);
  (void)a.run();
  (void)b.run();
  int incumbents = 0, barred[3] = {0, 0, 0};
  for (const Firm& f : a.firms()) EXPECT_EQ(f.hte_barred_until, 0) << f.id;
  for (const Firm& f : b.firms()) {
    const bool incumbent = f.birth_year < one.start_year;
    if (!incumbent || f.hte_certified) {
      EXPECT_EQ(f.hte_barred_until, 0) << f.id;  // half a year: no review, no revocation yet
      continue;
    }
    ++incumbents;
    const int k = f.hte_barred_until - one.start_year;  // it first applies at the review of start + 1 + k
    ASSERT_GE(k, 0) << f.id;
    ASSERT_LE(k, 2) << f.id;
    ++barred[k];
  }
  ASSERT_GT(incumbents, 300);
  std::printf("  uncertified incumbents %d: first review 1, 2, 3: %d, %d, %d\n", incumbents, barred[0], barred[1], barred[2]);
  for (int k = 0; k < 3; ++k) {
    EXPECT_GT(barred[k], 0.25 * incumbents) << "review " << k + 1;
    EXPECT_LT(barred[k], 0.42 * incumbents) << "review " << k + 1;
  }
  // The outcome: over four years, the first review's new certifications fall
  // to about a third (the cohort the saw-tooth came from is split in three).
  Params one4 = small_city(3000, 4), three4 = one4;
  three4.certification.incumbent_application_years = 3;
  const RunResult r1 = Ecosystem(one4, 2025, 0).run(), r3 = Ecosystem(three4, 2025, 0).run();
  ASSERT_TRUE(r3.books.ok()) << r3.books.worst;
  auto year_sum = [](const RunResult& r, int y) {
    double s = 0;
    for (int t = 12 * y + 1; t <= 12 * (y + 1); ++t) s += series(r, "hte_new_certifications")[static_cast<std::size_t>(t)];
    return s;
  };
  const double first1 = year_sum(r1, 1), first3 = year_sum(r3, 1);
  std::printf("  new certifications at the first review: %g (all at once), %g (staggered over 3); reviews 2-3: %g, %g\n",
              first1, first3, year_sum(r1, 2) + year_sum(r1, 3), year_sum(r3, 2) + year_sum(r3, 3));
  EXPECT_GT(first1, 0.0);
  EXPECT_LT(first3, 0.6 * first1);
  EXPECT_GT(year_sum(r3, 2) + year_sum(r3, 3), year_sum(r1, 2) + year_sum(r1, 3));
}
