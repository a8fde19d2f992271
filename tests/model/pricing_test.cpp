// Incomplete pass-through of own cost in prices (docs/model.md 7.3):
// p = (1 + mu)(phi c + (1 - phi) c_s). phi = 1 is the old rule exactly; the
// start is the same city in units whatever phi; with phi < 1 a firm whose
// productivity rises keeps part of the saving as margin and reports more
// taxable income than its twin in the paired run without the gain, and the
// books balance.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "lever_helpers.hpp"

using namespace innosim::model;
using namespace innosim::model::lever_test;

namespace {

const Firm* twin(const Ecosystem& e, std::int64_t id) {
  const auto& v = e.firms();
  auto it = std::lower_bound(v.begin(), v.end(), id, [](const Firm& g, std::int64_t x) { return g.id < x; });
  return it != v.end() && it->id == id ? &*it : nullptr;
}

/// Paired runs: in `treated`, one live firm in ten gets a process gain of
/// 20 % at 1.1 years; both run to the horizon. Counts the treated firms
/// alive in both whose price-cost margin 1 - c / p, and whose last taxable
/// income, are higher (lower) than their twin's.
struct SignCounts {
  int margin_higher = 0, margin_lower = 0, margin_equal = 0;
  int taxable_higher = 0, taxable_lower = 0;
  double taxable_treated = 0, taxable_twin = 0;
  bool books_ok = true;
};

SignCounts paired_gain(double phi, int reps) {
  Params p = small(1500, 3.5);
  p.firm.cost_pass_through = phi;
  SignCounts s;
  for (int rep = 0; rep < reps; ++rep) {
    Ecosystem a(p, 131, static_cast<std::uint64_t>(rep)), b(p, 131, static_cast<std::uint64_t>(rep));
    a.run_until_years(1.1);
    b.run_until_years(1.1);
    std::vector<std::int64_t> ids;
    for (const Firm& f : a.firms())
      if (f.alive && f.id % 10 == 0) ids.push_back(f.id);
    for (std::int64_t id : ids) a.improve_process(id, 0.2);
    const RunResult ra = a.run();
    (void)b.run();
    s.books_ok = s.books_ok && ra.books.ok();
    for (std::int64_t id : ids) {
      const Firm* f = twin(a, id);
      const Firm* g = twin(b, id);
      if (!f || !g || !f->alive || !g->alive) continue;
      const double mf = 1.0 - a.unit_cost(*f) / a.price(*f), mg = 1.0 - b.unit_cost(*g) / b.price(*g);
      if (std::abs(mf - mg) <= 1e-12) ++s.margin_equal;
      else (mf > mg ? s.margin_higher : s.margin_lower) += 1;
      if (f->last_taxable != g->last_taxable) (f->last_taxable > g->last_taxable ? s.taxable_higher : s.taxable_lower) += 1;
      s.taxable_treated += f->last_taxable;
      s.taxable_twin += g->last_taxable;
    }
  }
  return s;
}

/// Two-sided sign test at 5 %: more successes than failures beyond chance.
bool significantly_more(int higher, int lower) {
  const int n = higher + lower;
  return n > 0 && (higher - lower) / std::sqrt(static_cast<double>(n)) > 1.96;
}

}  // namespace

TEST(Pricing, FullPassThroughIsTheOldRuleExactly) {
  // phi = 1: every firm's price is (1 + mu) times its unit cost, to the bit,
  // at the start and after a year and a half of the run.
  Params p = small(1500, 2);
  p.firm.cost_pass_through = 1.0;
  Ecosystem e(p, 7, 0);
  int checked = 0;
  for (const Firm& f : e.firms()) {
    EXPECT_EQ(e.price(f), (1.0 + p.firm.markup) * e.unit_cost(f));
    ++checked;
  }
  e.run_until_years(1.5);
  for (const Firm& f : e.firms()) {
    if (!f.alive) continue;
    EXPECT_EQ(e.price(f), (1.0 + p.firm.markup) * e.unit_cost(f));
    ++checked;
  }
  EXPECT_GT(checked, 2000);
}

TEST(Pricing, PriceBlendsOwnAndSectorCost) {
  // phi < 1: p = (1 + mu)(phi c + (1 - phi) c_s); a firm cheaper than its
  // sector prices above (1 + mu) c, a dearer one below.
  Params p = small(1500, 2);
  p.firm.cost_pass_through = 0.65;
  Ecosystem e(p, 7, 0);
  e.run_until_years(1.5);
  int above = 0, below = 0;
  for (const Firm& f : e.firms()) {
    if (!f.alive) continue;
    const double c = e.unit_cost(f), cs = e.sector_unit_cost(f.sector);
    ASSERT_GT(cs, 0.0);
    EXPECT_NEAR(e.price(f), (1.0 + p.firm.markup) * (0.65 * c + 0.35 * cs), 1e-12 * e.price(f));
    if (c < cs) {
      EXPECT_GT(e.price(f), (1.0 + p.firm.markup) * c);
      ++above;
    }
    if (c > cs) {
      EXPECT_LT(e.price(f), (1.0 + p.firm.markup) * c);
      ++below;
    }
  }
  EXPECT_GT(above, 100);
  EXPECT_GT(below, 100);
}

TEST(Pricing, TheStartIsTheSameCityInUnits) {
  // The initial firms are drawn from their own streams whatever phi: the
  // same firms, staff, productivity and demand in units, and the same
  // sector mean unit costs; only money at the start's prices moves.
  // (Set-up after the population, e.g. digitalised firms, may change some
  // firms' productivity: their start price is read from their revenue.)
  Params one = small(1500, 1), part = one;
  one.firm.cost_pass_through = 1.0;
  part.firm.cost_pass_through = 0.65;
  Ecosystem a(one, 3, 0), b(part, 3, 0);
  ASSERT_EQ(a.firms().size(), b.firms().size());
  int cheaper = 0, dearer = 0;
  for (std::size_t i = 0; i < a.firms().size(); ++i) {
    const Firm& f = a.firms()[i];
    const Firm& g = b.firms()[i];
    ASSERT_EQ(f.id, g.id);
    EXPECT_EQ(f.sector, g.sector);
    EXPECT_EQ(f.stage, g.stage);
    EXPECT_EQ(f.employees, g.employees);
    EXPECT_EQ(f.productivity, g.productivity);
    EXPECT_EQ(f.demand, g.demand);
    // Money follows the price: a firm cheaper than its sector sells dearer than at phi = 1.
    // At the start, the revenue is the start price times demand; at phi = 1
    // that price is (1 + mu) c0, so phi < 1 scales the revenue by
    // phi + (1 - phi) c_s / c0 (cheaper firms than their sector sell dearer).
    const double c0 = f.revenue / (f.demand * (1.0 + one.firm.markup));
    const double ratio = 0.65 + 0.35 * b.sector_unit_cost(g.sector) / c0;
    EXPECT_NEAR(g.revenue / f.revenue, ratio, 1e-9);
    (ratio > 1.0 ? cheaper : dearer) += 1;
  }
  EXPECT_GT(cheaper, 100);
  EXPECT_GT(dearer, 100);
  for (int s = 0; s < one.firm.sectors; ++s) EXPECT_EQ(a.sector_unit_cost(s), b.sector_unit_cost(s)) << "sector " << s;
}

TEST(Pricing, AProductivityGainRaisesTheMarginAndTaxableIncome) {
  // Treated firms (a 20 % process gain at 1.1 years) against their twins in
  // the paired run: with phi = 0.65 their price-cost margin is higher and,
  // at the annual reviews after it, so is their taxable income (the tax
  // base: more corporate tax at any rate), beyond chance by a sign test.
  // Contrast: with phi = 1 the margin is the same for every treated firm
  // (the saving goes entirely into the price).
  const SignCounts s = paired_gain(0.65, 2);
  std::printf("phi 0.65: margin higher %d lower %d equal %d; taxable higher %d lower %d; taxable sum %.4g vs %.4g\n",
              s.margin_higher, s.margin_lower, s.margin_equal, s.taxable_higher, s.taxable_lower, s.taxable_treated,
              s.taxable_twin);
  EXPECT_TRUE(s.books_ok);
  EXPECT_GT(s.margin_higher, 100);
  EXPECT_TRUE(significantly_more(s.margin_higher, s.margin_lower));
  EXPECT_TRUE(significantly_more(s.taxable_higher, s.taxable_lower));
  EXPECT_GT(s.taxable_treated, s.taxable_twin);

  const SignCounts full = paired_gain(1.0, 1);
  std::printf("phi 1: margin higher %d lower %d equal %d; taxable higher %d lower %d\n", full.margin_higher,
              full.margin_lower, full.margin_equal, full.taxable_higher, full.taxable_lower);
  EXPECT_TRUE(full.books_ok);
  EXPECT_EQ(full.margin_higher + full.margin_lower, 0);
  EXPECT_GT(full.margin_equal, 50);
}
