// The risk-compensation pool run as 邑科贷-type pools run (issue 14 point 2,
// docs/model.md 7.9): banks register eligible loans, additional and
// inframarginal alike; the pool pays a share of the defaulted principal's
// loss (more for first loans); covered loans are capped at a multiple of the
// fund; eligibility by qualification. What it must show: the pool's
// behaviour and payouts do not depend on capital it never uses.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

#include "innosim/engine/statistics.hpp"
#include "innosim/model/observer.hpp"
#include "lever_helpers.hpp"

using namespace innosim::model;
using namespace innosim::model::lever_test;
using innosim::engine::Welford;

namespace {

constexpr int FIRMS = 3000;
constexpr double K = FIRMS / 6000.0;
// CoveredStockHoldsInTheLibraryScenario: the covered stock's mean from 2028 over its mean in 2026-27.
constexpr double COVERED_STOCK_HOLDS = 0.8;

Params pool_city(double fund, double cap) {
  Params p = small(FIRMS, 6);
  p.sampling_months = 3;
  p.risk_pool.programme.enabled = true;
  p.risk_pool.fund_yuan = fund * K;
  p.risk_pool.leverage_cap = cap;
  return p;
}

double max_of(const RunResult& r, const char* metric) {
  const auto& v = r.series[metric_index(metric)];
  return *std::max_element(v.begin(), v.end());
}

}  // namespace

TEST(RiskPool, UnusedCapitalChangesNothing) {
  // 1 bn vs 4 bn with the same rules and a leverage cap that never binds.
  // Only the capital paid in and what the fund still holds may differ, and
  // by exactly the 3 bn never used; the net fiscal cost (capital less the
  // change in residual value, 2.6) and every outcome are the same, payouts
  // included. The present value is not the same, by design: on a cash-flow
  // basis the 3 bn is the budget's money tied up from the opening to the
  // horizon, and it costs exactly its time value at the discount rate,
  // 3 bn x (d_open - d_T) (2.6; referee 9 MF2). Unused capital changes no
  // outcome and no undiscounted cost; it does cost what it could have earned.
  const double extra = 3e9 * K;
  // Legitimately different: the 3 bn paid in (gross spending, the pool's
  // line, and the provincial and city capital, half each, 2.6) and the
  // fund's residual value.
  const std::vector<std::string> capital_paid = {"fiscal_spending", "fiscal_risk_pool"};
  const std::vector<std::string> capital_by_level = {"fiscal_capital_provincial", "fiscal_capital_city"};
  const std::vector<std::string> residual = {"capital_residual_value"};
  // Net of the residual value: equal. They are capital less a change in a
  // balance of 1-4 bn, so they agree to the rounding of that balance (one
  // unit in the last place of 4 bn is 4.8e-7 yuan), not bit for bit.
  const std::vector<std::string> net = {"capital_net_cost", "net_fiscal_cost_provincial", "net_fiscal_cost_city",
                                        "net_fiscal_cost",  "net_fiscal_cost_to_date",    "net_fiscal_cost_after_tax",
                                              "net_fiscal_cost_after_tax_central", "net_fiscal_cost_after_tax_provincial", "net_fiscal_cost_after_tax_city"};
  // The present value: the 3 bn held from the opening costs its time value each period.
  const std::vector<std::string> present_value = {"net_fiscal_cost_pv", "net_fiscal_cost_pv_borrowing"};
  std::vector<std::string> not_bitwise = capital_paid;
  not_bitwise.insert(not_bitwise.end(), capital_by_level.begin(), capital_by_level.end());
  not_bitwise.insert(not_bitwise.end(), residual.begin(), residual.end());
  not_bitwise.insert(not_bitwise.end(), net.begin(), net.end());
  not_bitwise.insert(not_bitwise.end(), present_value.begin(), present_value.end());
  const auto series = [](const RunResult& r, const std::string& m) -> const std::vector<double>& {
    return r.series[metric_index(m)];
  };
  for (std::uint64_t rep = 0; rep < 3; ++rep) {
    const RunResult one = run_checked(pool_city(1e9, 1000), 11, rep);
    const RunResult four = run_checked(pool_city(4e9, 1000), 11, rep);
    ASSERT_TRUE(one.books.ok()) << one.books.worst;
    ASSERT_TRUE(four.books.ok()) << four.books.worst;
    const double payouts = total_of(one, "risk_pool_payouts");
    EXPECT_GT(payouts, 0.0) << "the pool must pay out for the test to mean anything";
    // The cap never bound: the most covered was well below cap x the smaller fund net of its payouts.
    EXPECT_LT(max_of(one, "pool_covered_loans"), 0.5 * 1000 * (1e9 * K - payouts));
    // Every other metric (outcomes, payouts, registrations, tax, every outlay): equal value for value.
    const auto differ = differing_metrics(one, four, not_bitwise);
    std::string listed_metrics;
    for (const auto& m : differ) listed_metrics += m + " ";
    EXPECT_TRUE(differ.empty()) << "capital the pool never uses changed: " << listed_metrics;
    // The capital paid in: +3 bn once, in the sample the pool opens (half of
    // it in each of the provincial and city lines).
    const auto paid_once = [&](const std::string& m, double amount) {
      const auto &a = series(one, m), &b = series(four, m);
      ASSERT_EQ(a.size(), b.size());
      int opened = 0;
      for (std::size_t t = 0; t < a.size(); ++t) {
        if (a[t] == b[t]) continue;
        ++opened;
        EXPECT_NEAR(b[t] - a[t], amount, 1e-6) << m << " at sample " << t;
      }
      EXPECT_EQ(opened, 1) << m << ": the capital is paid in once";
    };
    for (const auto& m : capital_paid) paid_once(m, extra);
    for (const auto& m : capital_by_level) paid_once(m, 0.5 * extra);
    // The residual value: 3 bn more at every sample from the opening on
    // (each fund's payouts are the same yuan).
    {
      const auto &a = series(one, "capital_residual_value"), &b = series(four, "capital_residual_value");
      bool opened = false;
      for (std::size_t t = 0; t < a.size(); ++t) {
        opened = opened || a[t] != b[t];
        if (opened) {
          EXPECT_NEAR(b[t] - a[t], extra, 1e-5) << "residual value at sample " << t;
        }
      }
      EXPECT_TRUE(opened);
    }
    // Net fiscal cost: the same, sample by sample, to the rounding of a 4 bn balance.
    for (const auto& m : net) {
      const auto &a = series(one, m), &b = series(four, m);
      ASSERT_EQ(a.size(), b.size());
      double worst = 0;
      for (std::size_t t = 0; t < a.size(); ++t) worst = std::max(worst, std::fabs(a[t] - b[t]));
      EXPECT_LE(worst, 1e-5) << m << " differs by up to " << worst << " yuan with 1 bn vs 4 bn";
    }
    // Present value: from the sample after the opening, each period's figure
    // is higher by the 3 bn's time value over the period, (d_{t-1} - d_t) x
    // 3 bn; in total 3 bn x (d_open - d_T).
    {
      const auto &a = series(one, "net_fiscal_cost_pv"), &b = series(four, "net_fiscal_cost_pv");
      const auto& paid = series(one, "fiscal_risk_pool");
      std::size_t opened = 0;
      while (opened < paid.size() && paid[opened] == 0) ++opened;
      ASSERT_LT(opened, paid.size());
      const auto d = [&](std::size_t t) { return std::pow(1.08, -one.time_years[t]); };
      double total = 0;
      for (std::size_t t = 0; t < a.size(); ++t) {
        const double want = t > opened ? (d(t - 1) - d(t)) * extra : 0.0;
        EXPECT_NEAR(b[t] - a[t], want, 2e-5) << "present value at sample " << t;
        total += b[t] - a[t];
      }
      const double want_total = extra * (d(opened) - d(a.size() - 1));
      EXPECT_NEAR(total, want_total, 1e-3);
      EXPECT_GT(total, 0.2 * extra) << "3 bn tied up for years must cost its time value";
      std::printf("replication %llu: present value +%.6g yuan with 3 bn more idle capital (3 bn x (d_open - d_T) = %.6g)\n",
                  static_cast<unsigned long long>(rep), total, want_total);
    }
    std::printf("replication %llu: payouts %.6g yuan; net fiscal cost %.10g (1 bn) vs %.10g (4 bn); gross %.6g vs %.6g\n",
                static_cast<unsigned long long>(rep), payouts, total_of(one, "net_fiscal_cost"), total_of(four, "net_fiscal_cost"),
                total_of(one, "fiscal_spending"), total_of(four, "fiscal_spending"));
  }
  // The same comparison with a cap that binds on the smaller fund shows the
  // test can see capital that is used: outcomes and the net cost differ.
  // (Cap 1: with founders' capital for entrants and dividends out of profit,
  // the covered peak here is 0.78 bn, below 2 x the 0.5 bn fund.)
  const RunResult one = Ecosystem(pool_city(1e9, 1), 11, 0).run();
  const RunResult four = Ecosystem(pool_city(4e9, 1), 11, 0).run();
  EXPECT_FALSE(differing_metrics(one, four, not_bitwise).empty());
  EXPECT_GT(std::fabs(total_of(four, "pool_registered_loans") - total_of(one, "pool_registered_loans")), 0.0);
}

TEST(RiskPool, RegistersLoansBanksWouldHaveMadeAnyway) {
  // Cover is registered on eligible loans whether or not it adds credit; the
  // pool reports how much it covered that banks would have lent anyway.
  // Run on the cash-flow lender (collateral test off): with it on (the
  // default since session 17) the covered slice starts at the collateral
  // room, above what the ordinary terms lend, so the share made anyway is 0
  // at the request by construction (7.7d) and the claim has nothing to read.
  Params p = pool_city(1e9, 10);
  p.bank.collateral_ltv = 0;
  Ecosystem e(p, 5, 0);
  e.set_check_books_every_sample(true);
  const RunResult r = e.run();
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  const double registered = total_of(r, "pool_registered_loans"), anyway = total_of(r, "pool_inframarginal_loans");
  std::printf("covered new loans %.4g yuan, of which made anyway %.4g (share %.3f)\n", registered, anyway, anyway / registered);
  EXPECT_GT(registered, 0.0);
  EXPECT_GT(anyway, 0.0) << "inframarginal loans must be registered too";
  EXPECT_LT(anyway, registered) << "some cover must add credit";
  // First loans get the higher share; a covered balance's share lies between the two.
  int covered = 0;
  for (const Firm& f : e.firms()) {
    if (!(f.alive && f.covered_debt > 0)) continue;
    ++covered;
    EXPECT_GE(f.pool_coverage, 0.3 - 1e-12);
    EXPECT_LE(f.pool_coverage, 0.4 + 1e-12);
  }
  EXPECT_GT(covered, 0);
}

TEST(RiskPool, QualificationsDecideWhoIsCovered) {
  // Tech SMEs and above qualify by their rung; incubator tenants and core-IP
  // holders by their own qualification. Switching the latter two off covers
  // fewer loans; raising the rung to high-tech fewer still. The suspension
  // rule is off: with it, the riskier extra borrowers (tenants, IP holders)
  // can push the 12-month bad-loan ratio over 6 % sooner, and a suspended
  // pool registers nothing, so the ordering is then a matter of timing (seed
  // 5: all qualifications 1.45 bn, ladder only 1.84 bn with suspension;
  // 3.65 / 3.42 / 2.72 bn without, the same order in each of 6 replications;
  // before renewals and the ratio on the registered book).
  auto registered = [](Params p) { return total_of(Ecosystem(p, 5, 0).run(), "pool_registered_loans"); };
  Params all = pool_city(1e9, 1000);
  all.risk_pool.suspension_npl_ratio = 1.0;
  Params ladder_only = all, hte_only = all;
  ladder_only.risk_pool.incubator_tenants = ladder_only.risk_pool.core_ip = false;
  hte_only.risk_pool.incubator_tenants = hte_only.risk_pool.core_ip = false;
  hte_only.risk_pool.programme.min_stage = Stage::high_tech;
  const double a = registered(all), l = registered(ladder_only), h = registered(hte_only);
  std::printf("registered: all qualifications %.4g, ladder only %.4g, high-tech and above %.4g\n", a, l, h);
  EXPECT_GT(a, l);
  EXPECT_GT(l, h);
  EXPECT_GT(h, 0.0);
}

namespace {

// Records the loan defaults of a run as they happen: the firm's id, whether
// its loan was covered, why it left and whether its cash flow serviced its
// debt at that moment (the firm is read from the Ecosystem, which emits the
// default before it clears the loan).
class DefaultWatch final : public RunObserver {
 public:
  struct Default {
    std::int64_t id;
    bool covered, borrower_default, serviced;
  };
  const Ecosystem* e = nullptr;
  std::vector<Default> defaults;
  std::unordered_map<std::int64_t, double> last_loan;  // id -> time (years) of its last draw
  void on_firm(double, const Firm&) override {}
  void on_event(double t, std::int64_t id, EventKind kind, double) override {
    if (kind == EventKind::loan) last_loan[id] = t;
    if (kind != EventKind::loan_default) return;
    for (const Firm& f : e->firms())
      if (f.id == id) {
        defaults.push_back({id, f.covered_debt > 0, f.exit_cause == ExitCause::borrower_default, e->services_debt(f)});
        return;
      }
  }
  bool wants_panel() const override { return false; }
  bool wants_events() const override { return true; }
};

// The pool's qualifications (7.9), read from the firm: a rung at or above
// the programme's, or an incubator tenant, or core IP; revenue within the cap.
bool qualifies(const Params& p, const Firm& f) {
  const RiskPoolParams& rp = p.risk_pool;
  return 12.0 * f.revenue <= rp.max_revenue_yuan &&
         (f.stage >= rp.programme.min_stage || (rp.incubator_tenants && f.incubated) || (rp.core_ip && f.ip_count >= 1.0));
}

}  // namespace

TEST(RiskPool, HealthyCoveredBorrowersNeverDefault) {
  // Cowan, Drexler and Yanez (2015): guaranteed loans are no more likely to
  // default causally. A covered borrower whose cash flow services its debt
  // never defaults, even with a large risk-shifting parameter (3, the top of
  // the sweeps' range): m_g acts only on borrowers that can no longer service
  // their debt. (The old rule drew an exit hazard on every covered borrower.)
  Params p = pool_city(1e9, 10);
  p.interest_subsidy.programme.enabled = false;  // the coverage test at the contract rate, as the default check sees it
  p.risk_pool.risk_shifting = 3;
  int covered_defaults = 0;
  for (std::uint64_t rep = 0; rep < 2; ++rep) {
    DefaultWatch watch;
    Ecosystem e(p, 5, rep, &watch);
    watch.e = &e;
    const RunResult r = e.run();
    ASSERT_TRUE(r.books.ok()) << r.books.worst;
    for (const auto& d : watch.defaults) {
      if (!(d.covered && d.borrower_default)) continue;
      ++covered_defaults;
      EXPECT_FALSE(d.serviced) << "firm " << d.id << " serviced its covered debt and defaulted";
    }
  }
  std::printf("covered borrowers' default exits (all with debt they could not service): %d\n", covered_defaults);
  EXPECT_GT(covered_defaults, 0) << "no covered borrower defaulted: the test would not see the rule";
}

TEST(RiskPool, CoveredBorrowersDefaultMoreBySelection) {
  // The pool's default uplift is selection, not a hazard on covered firms
  // (m_g = 0): the pool covers the unsecured part of loans, and banks screen
  // less under cover (screening_relief), so the covered borrowers are the
  // riskier ones. Cowan, Drexler and Yanez (2015) find the firms selected into
  // FOGAPE 1.17 % more likely to default, by adverse selection. Measured two
  // ways: the raw gap against borrowers holding a qualification without cover
  // (must be positive: at least 0.5 pp a year), and the gap matched on what
  // the bank sees (its appraisal score in tenths and whether the debt exceeds
  // what the firm's own assets secure: cash, receivables, half the
  // equipment), the covered firm-months' weighted mean of the strata's gaps,
  // printed. The model has no risk the bank cannot see, so the matched gap is
  // not the evaluations' 1.17 % (docs/model.md 7.9). Rates are per firm-year:
  // the firm's class and stratum at the start of each month, its defaults in
  // that month.
  const Params p = pool_city(1e9, 10);
  ASSERT_EQ(p.risk_pool.risk_shifting, 0.0);
  constexpr int STRATA = 22;
  double months[2][STRATA] = {}, defaults[2][STRATA] = {};  // [covered?][stratum]
  const int horizon = static_cast<int>(std::lround(p.horizon_years * 12));
  for (std::uint64_t rep = 0; rep < 4; ++rep) {
    DefaultWatch watch;
    Ecosystem e(p, 17, rep, &watch);
    watch.e = &e;
    std::vector<std::pair<std::int64_t, int>> cls;  // id -> 2 x stratum + covered
    for (int m = 0; m < horizon; ++m) {
      cls.clear();
      for (const Firm& f : e.firms()) {
        if (!(f.alive && f.debt > 0)) continue;
        const int covered = f.covered_debt > 0 ? 1 : 0;
        if (!covered && !qualifies(e.params(), f)) continue;
        const int score = std::min(10, static_cast<int>(e.appraisal_score(f) * 10.0));
        const int stratum = 2 * score + (f.debt > f.cash + f.receivables + 0.5 * f.fixed_assets ? 1 : 0);
        cls.push_back({f.id, 2 * stratum + covered});
        months[covered][stratum] += 1;
      }
      watch.defaults.clear();
      e.run_until_years((m + 0.5) / 12.0);
      for (const auto& d : watch.defaults)
        for (const auto& [id, k] : cls)
          if (id == d.id) {
            defaults[k % 2][k / 2] += 1;
            break;
          }
    }
  }
  double gap = 0, weight = 0, cov_m = 0, cov_d = 0, unc_m = 0, unc_d = 0;
  for (int s = 0; s < STRATA; ++s) {
    cov_m += months[1][s], cov_d += defaults[1][s], unc_m += months[0][s], unc_d += defaults[0][s];
    if (months[1][s] <= 0 || months[0][s] <= 0) continue;
    const double rc = 12.0 * defaults[1][s] / months[1][s], ru = 12.0 * defaults[0][s] / months[0][s];
    std::printf("  stratum score %.1f %-9s covered %.4f (%.0f firm-years), uncovered %.4f (%.0f)\n", 0.1 * (s / 2),
                s % 2 ? "unsecured" : "secured", rc, months[1][s] / 12, ru, months[0][s] / 12);
    gap += months[1][s] * (rc - ru);
    weight += months[1][s];
  }
  gap /= weight;
  std::printf("  default rate a year: covered %.4f, qualified uncovered %.4f (raw gap %+.2f pp); matched gap %+.2f pp "
              "(%.0f%% of covered firm-months matched)\n",
              12 * cov_d / cov_m, 12 * unc_d / unc_m, 1200 * (cov_d / cov_m - unc_d / unc_m), 100 * gap, 100 * weight / cov_m);
  EXPECT_GE(12 * (cov_d / cov_m - unc_d / unc_m), 0.005) << "covered borrowers should default more (selection)";
  EXPECT_GT(cov_d, 50) << "too few covered defaults to measure";
}

TEST(RiskPool, RoomGoesByLotteryNotByFirmOrder) {
  // When the leverage cap binds, freed room goes to requests by a lottery
  // drawn from each firm's own stream, not to the first firms in the vector
  // (the initial firms, highest rung first). Reversing the order in which the
  // monthly loop visits the firms must leave the pool's statistics unchanged
  // within noise: the share of the covered firms at the end that are in the
  // first half of the initial firms (by id), covered principal registered
  // and the inframarginal share.
  const Params p = pool_city(0.3e9, 10);  // cap 3 bn (full city) on a demand of about 10 bn: binds
  const int reps = 12;
  Welford first_half, covered, infra;
  double base_first_half = 0;
  auto stats = [&](bool reverse, std::uint64_t rep, double& fh, double& cov, double& inf) {
    Ecosystem e(p, 23, rep);
    if (reverse) e.reverse_firm_order();
    const RunResult r = e.run();
    EXPECT_TRUE(r.books.ok()) << r.books.worst;
    double low = 0, all = 0;  // covered firms (counted: a few large loans would make a principal share noisy)
    for (const Firm& f : e.firms()) {
      if (!(f.alive && f.covered_debt > 0)) continue;
      all += 1;
      if (f.id < FIRMS / 2) low += 1;
    }
    fh = all > 0 ? low / all : 0.0;
    cov = total_of(r, "pool_registered_loans");
    inf = total_of(r, "pool_inframarginal_loans") / cov;
  };
  for (int rep = 0; rep < reps; ++rep) {
    double a[3], b[3];
    stats(false, static_cast<std::uint64_t>(rep), a[0], a[1], a[2]);
    stats(true, static_cast<std::uint64_t>(rep), b[0], b[1], b[2]);
    first_half.add(b[0] - a[0]);
    covered.add(b[1] / a[1] - 1.0);
    infra.add(b[2] - a[2]);
    base_first_half += a[0] / reps;
  }
  const auto show = [](const char* what, const Welford& w) {
    const auto ci = innosim::engine::confidence_interval(w);
    std::printf("  reversed - usual order, %-44s %+.4f [%+.4f, %+.4f]\n", what, w.mean(), ci.low, ci.high);
    return ci;
  };
  std::printf("first half of the initial firms are %.3f of the covered firms at the end (usual order)\n", base_first_half);
  const auto fh = show("first half's share of covered firms", first_half);
  const auto cv = show("covered principal registered (relative)", covered);
  const auto in = show("inframarginal share", infra);
  EXPECT_LE(fh.low, 0.0);
  EXPECT_GE(fh.high, 0.0);

  EXPECT_LE(cv.low, 0.0);
  EXPECT_GE(cv.high, 0.0);
  EXPECT_LE(in.low, 0.0);
  EXPECT_GE(in.high, 0.0);
  // Power: with room to whoever asks first (the lottery off) the
  // inframarginal share moved by -0.017 [-0.027, -0.008] over 6 pairs.
  EXPECT_LT(in.high - in.low, 0.03) << "too noisy to see an order effect";
}

TEST(RiskPool, CoveredStockHoldsInTheLibraryScenario) {
  // The registered loan stays covered for its term and its renewals (7.9),
  // so the covered stock does not decay: under issue 14's rule (covers lapsed
  // after a year, no refiling) it fell from 3.3 to 0.93 bn by 2035 on a 1 bn
  // fund. A decay test, not a floor on demand (referee 19 B4): until session
  // 19 it required the stock from 2028 >= 1.5 x fund, which read how many
  // firms borrow (loan19's calibration, with fewer borrowers, failed it:
  // 0.31-0.43 bn) rather than whether the stock holds.
  // Pre-registered (SESSION20.md NEWS 05:15, calib20), run once: risk-pool as
  // `innosim run` runs it (library_as_run: its 5-year warm-up from 2020, so
  // the pool has run six years by 2026), seed 1, replications 0-3; R = the
  // mean monthly covered stock from 2028-01-01 to the end over its mean in
  // 2026-27 must be >= 0.8 in every replication (a stock that keeps 80 % of
  // its 2026-27 level on average is not decaying; Assumption), and the stock
  // stays within the cap. About 2.5 CPU-s.
  const Params p = library_as_run("risk-pool");
  const double fund = p.risk_pool.fund_yuan, cap = p.risk_pool.leverage_cap;
  const double early = 2026.0 - p.start_year, late = 2028.0 - p.start_year;  // in years from the run's start
  for (std::uint64_t rep = 0; rep < 4; ++rep) {
    Ecosystem e(p, 1, rep);
    const RunResult r = e.run();
    ASSERT_TRUE(r.books.ok()) << r.books.worst;
    const auto& stock = r.series[metric_index("pool_covered_loans")];
    Welford before, after;
    double high = 0;
    for (std::size_t t = 0; t < stock.size(); ++t) {
      const double y = r.time_years[t];
      if (y < early - 1e-9) continue;
      (y < late - 1e-9 ? before : after).add(stock[t]);
      high = std::max(high, stock[t]);
    }
    ASSERT_GT(before.count(), 0u);
    ASSERT_GT(after.count(), 0u);
    const double ratio = after.mean() / before.mean();
    std::printf("replication %llu: covered stock, mean 2026-27 %.4g, mean from 2028 %.4g yuan: R = %.3f (max %.3g, cap %.3g)\n",
                static_cast<unsigned long long>(rep), before.mean(), after.mean(), ratio, high, cap * fund);
    EXPECT_GE(ratio, COVERED_STOCK_HOLDS) << "the covered stock decayed";
    EXPECT_LE(high, cap * fund * (1 + 1e-9)) << "the covered stock broke the leverage cap";
  }
}

TEST(RiskPool, CoversEndWithTheLoansTermAndRenewalsCompeteForRoom) {
  // 7.9 (referee13 7): a registration covers the loan for max_cover_months
  // (12, the registered loan's term); then the renewed loan is filed again
  // and competes for room with new loans by the same lottery. With the cap
  // binding, covers that never end (600, session 13's rule) freeze the
  // covered set: after the room fills, new loans get only the room that
  // repayments and exits free. With covers that end, renewals give up room
  // to new loans, so more new credit is registered from the third year on,
  // and the renewals the room cannot take are refused and counted. Paired
  // (same seed and replication, common random numbers), 8 pairs. It had 4
  // on its branch (refused +0.38 bn [+0.12, +0.65]); on session 14's union
  // all 4 were still positive but their interval crossed 0 ([-0.03, +0.71]
  // bn), so the same criterion is read on 8 (+0.34 bn [+0.18, +0.49]).
  Params frozen = pool_city(0.03e9, 18);  // room 0.54 bn (full city) on a demand of several bn: binds
  frozen.risk_pool.max_cover_months = 600;
  Params turning = frozen;
  turning.risk_pool.max_cover_months = 12;
  Welford more_new, refused_frozen, refused_turning, bound;
  for (std::uint64_t rep = 0; rep < 8; ++rep) {
    const RunResult a = run_checked(frozen, 11, rep), b = run_checked(turning, 11, rep);
    auto from_year_2 = [](const RunResult& r, const char* metric) {
      const auto& v = r.series[metric_index(metric)];
      double s = 0;
      for (std::size_t t = 1; t < v.size(); ++t)
        if (r.time_years[t] > 2.0 + 1e-9) s += v[t];
      return s;
    };
    const double na = from_year_2(a, "pool_registered_loans"), nb = from_year_2(b, "pool_registered_loans");
    more_new.add(nb / na - 1.0);
    refused_frozen.add(from_year_2(a, "pool_refused_registrations"));
    refused_turning.add(from_year_2(b, "pool_refused_registrations") - from_year_2(a, "pool_refused_registrations"));
    bound.add(total_of(b, "pool_cap_bound_months"));
    // The cap holds under both rules.
    const double cap = turning.risk_pool.leverage_cap * turning.risk_pool.fund_yuan;
    EXPECT_LE(max_of(a, "pool_covered_loans"), cap * (1 + 1e-9));
    EXPECT_LE(max_of(b, "pool_covered_loans"), cap * (1 + 1e-9));
    std::printf("replication %llu: new registrations from 2027 %.4g (600) vs %.4g (12) yuan; refused %.4g vs %.4g; "
                "months the cap bound %g vs %g\n",
                static_cast<unsigned long long>(rep), na, nb, from_year_2(a, "pool_refused_registrations"),
                from_year_2(b, "pool_refused_registrations"), total_of(a, "pool_cap_bound_months"),
                total_of(b, "pool_cap_bound_months"));
  }
  const auto n = innosim::engine::confidence_interval(more_new), r = innosim::engine::confidence_interval(refused_turning);
  std::printf("  new registrations from 2027, 12 vs 600 months, relative: %+.4f [%+.4f, %+.4f]\n", more_new.mean(), n.low, n.high);
  std::printf("  refused registrations from 2027, 12 - 600 months: %+.4g [%+.4g, %+.4g] yuan\n", refused_turning.mean(), r.low, r.high);
  EXPECT_GT(n.low, 0.0) << "covers that end must free room for new loans";
  EXPECT_GT(r.low, 0.0) << "renewals the room cannot take must be refused and counted";
  EXPECT_GT(bound.mean(), 12.0) << "the cap must bind in this city (else the test reads nothing)";
}

TEST(RiskPool, SuspensionTriggersWhenCoveredLoansGoBad) {
  // The suspension rule (7.9): new registrations stop while the registered
  // book's bad-loan ratio is above the threshold, and the metrics report it.
  // With the strategic default rate raised (x40; x30 until session 12, when
  // banks began appraising new money at the contractual rate rather than net
  // of the interest subsidy and lent subsidised firms less, so x30 suspended
  // this path's pool for 2 months instead of 4) and risk shifting on, the
  // ratio must pass 6 % and the pool be suspended for some months, with no
  // registration in a period it was suspended throughout; at the default
  // rates it is suspended for fewer months.
  Params usual = pool_city(1e9, 10);
  usual.sampling_months = 1;
  Params bad = usual;
  bad.firm.strategic_default_rate *= 40;
  bad.risk_pool.risk_shifting = 3;
  const RunResult u = run_checked(usual, 7, 0), b = run_checked(bad, 7, 0);
  ASSERT_TRUE(b.books.ok()) << b.books.worst;
  const auto& ratio = b.series[metric_index("pool_bad_loan_ratio")];
  const auto& months = b.series[metric_index("pool_suspended_months")];
  const auto& flag = b.series[metric_index("pool_suspended")];
  const auto& registered = b.series[metric_index("pool_registered_loans")];
  double suspended = 0, worst = 0;
  int idle_checked = 0;
  for (std::size_t t = 0; t < months.size(); ++t) {
    suspended += months[t];
    // The ratio is judged once the pool has run a full window (12 months
    // from its opening at the start): before, a default on the small book
    // shows in the ratio but does not suspend the pool.
    const bool judged = b.time_years[t] >= 1.0 - 1e-9;
    if (judged) worst = std::max(worst, ratio[t]);
    if (flag[t] > 0) {
      EXPECT_GT(ratio[t], bad.risk_pool.suspension_npl_ratio) << "sample " << t;
    }
    if (judged) {
      EXPECT_EQ(flag[t] > 0, ratio[t] > bad.risk_pool.suspension_npl_ratio) << "sample " << t;
    }
    if (months[t] >= 1) {  // suspended the whole month: nothing new registered
      EXPECT_EQ(registered[t], 0.0) << "sample " << t;
      ++idle_checked;
    }
  }
  std::printf("raised defaults: %g months suspended, worst bad-loan ratio %.4f; at the defaults: %g months, worst %.4f\n", suspended,
              worst, total_of(u, "pool_suspended_months"), max_of(u, "pool_bad_loan_ratio"));
  EXPECT_GT(worst, bad.risk_pool.suspension_npl_ratio);
  EXPECT_GE(suspended, 3.0) << "the raised default rate must suspend the pool";
  EXPECT_GT(idle_checked, 0);
  EXPECT_LT(total_of(u, "pool_suspended_months"), suspended) << "the default rates must suspend it less";
}

TEST(RiskPool, TopUpReplenishesThePayoutsAndTheGovernmentPaysIt) {
  // The yearly top-up (7.9): with topup_floor_share 1, on each 1 January the
  // government pays the pool back up to its fund, so over the run it pays
  // in the fund plus every payout made before the last review, booked on
  // the pool's capital line (the ledger's government -> risk pool transfer;
  // the books are checked at every sample). Without the rule nothing is
  // topped up and the line holds the fund alone. A small fund at cap 35
  // whose room binds, so payouts are made and the top-up changes the room.
  Params drained = pool_city(0.03e9, 35);
  Params topped = drained;
  topped.risk_pool.topup_floor_share = 1;
  const double fund = drained.risk_pool.fund_yuan;
  for (std::uint64_t rep = 0; rep < 2; ++rep) {
    const RunResult a = run_checked(drained, 12, rep), b = run_checked(topped, 12, rep);
    ASSERT_TRUE(a.books.ok() && b.books.ok()) << a.books.worst << " " << b.books.worst;
    const double topups = total_of(b, "risk_pool_topups");
    // Payouts before the last review (1 January of the run's last year).
    const auto& pay = b.series[metric_index("risk_pool_payouts")];
    const double last_review = std::floor(b.time_years.back() - 1e-9);
    double paid_before = 0;
    for (std::size_t t = 1; t < pay.size(); ++t)
      if (b.time_years[t] <= last_review + 1e-9) paid_before += pay[t];
    std::printf("replication %llu: fund %.4g; top-ups %.6g; payouts before the last review %.6g (all %.6g); "
                "registered %.4g with vs %.4g without\n",
                static_cast<unsigned long long>(rep), fund, topups, paid_before, total_of(b, "risk_pool_payouts"),
                total_of(b, "pool_registered_loans"), total_of(a, "pool_registered_loans"));
    EXPECT_EQ(total_of(a, "risk_pool_topups"), 0.0) << "no rule, no top-up";
    EXPECT_NEAR(total_of(a, "fiscal_risk_pool"), fund, 1e-6 * fund) << "without the rule the line holds the fund alone";
    EXPECT_GT(topups, 0.0) << "the fund must pay out in this city, else the test reads nothing";
    EXPECT_NEAR(topups, paid_before, 1e-6 * fund) << "each year's payouts are replenished on the next 1 January";
    EXPECT_NEAR(total_of(b, "fiscal_risk_pool"), fund + topups, 1e-6 * fund) << "the government pays the top-ups";
  }
}

namespace {

/// The exits (FirmArchive) and each firm's first time (years since the
/// start) with a balance registered with the pool: the panel, asked for
/// monthly, sees every registration (the pool settles after the month's
/// firms' loop, before the panel), and a pool payout marks a covered firm
/// that defaulted before a panel saw it (a registration at the annual
/// review, then a default in January). The loans each firm drew (time,
/// amount) are kept for the trace.
class PoolArchive : public FirmArchive {
 public:
  void on_firm(double t, const Firm& f) override {
    // Whether the firm's equipment grew in the month of its first
    // registration (a capacity or productivity project bought with the loan, 7.7a).
    double& before = capital_[f.id];
    if (f.covered_debt > 0 && !f.points_cover && registered_.try_emplace(f.id, t).second)
      invested_[f.id] = f.capital > before * (1 + 1e-9) && before > 0;
    before = f.capital;
    // A month whose settlement registered a new draw: the covered balance
    // rose (a renewal refiled at the cover's end restores it, no rise).
    double& cov = covered_[f.id];
    const double now = f.points_cover ? 0.0 : f.covered_debt;
    if (now > cov + 1e4) registrations_[f.id].push_back(month_of(t));
    cov = now;
  }
  static int month_of(double t) { return static_cast<int>(std::lround(12.0 * t)); }
  /// Months (since the start) in which the firm's covered balance rose by a registration.
  const std::vector<int>& registrations(std::int64_t id) const {
    static const std::vector<int> none;
    const auto it = registrations_.find(id);
    return it == registrations_.end() ? none : it->second;
  }
  /// The firm's loan defaults at or after t (years since the start).
  int defaults_from(std::int64_t id, double t) const {
    const auto it = defaults_.find(id);
    if (it == defaults_.end()) return 0;
    int n = 0;
    for (double d : it->second) n += d >= t - 1e-9 ? 1 : 0;
    return n;
  }
  bool invested_at_registration(const Firm& f) const {
    const auto it = invested_.find(f.id);
    return it != invested_.end() && it->second;
  }
  void on_event(double t, std::int64_t id, EventKind k, double amount) override {
    if (k == EventKind::pool_payout) registered_.try_emplace(id, t);
    if (k == EventKind::loan) loans_[id].push_back({t, amount});
    if (k == EventKind::loan_default) defaults_[id].push_back(t);
  }
  bool wants_events() const override { return true; }
  /// Years since the start of the firm's first registration, -1 when it had none.
  double since(const Firm& f) const {
    const auto it = registered_.find(f.id);
    return it == registered_.end() ? -1.0 : it->second;
  }
  const std::vector<std::pair<double, double>>& loans(std::int64_t id) const {
    static const std::vector<std::pair<double, double>> none;
    const auto it = loans_.find(id);
    return it == loans_.end() ? none : it->second;
  }

 private:
  std::unordered_map<std::int64_t, double> registered_, capital_, covered_;
  std::unordered_map<std::int64_t, bool> invested_;
  std::unordered_map<std::int64_t, std::vector<std::pair<double, double>>> loans_;
  std::unordered_map<std::int64_t, std::vector<int>> registrations_;
  std::unordered_map<std::int64_t, std::vector<double>> defaults_;
};

/// Half-width of a two-sided 95 % interval of a mean over n pairs (t quantiles for small n).
double half_width(const Welford& w) {
  static const double t975[] = {0, 12.71, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179};
  const std::size_t n = w.count();
  const double t = n - 1 < std::size(t975) ? t975[n - 1] : 2.0;
  return t * w.sd() / std::sqrt(static_cast<double>(n));
}

struct PoolParticipants {
  Welford survival, cash, debt;
  Welford defaults;  ///< per pair: the mean over participants of their loan defaults from registration less their twins' from then
  double n = 0;
  double twin_cash = 0;  ///< the twins' (run without the pool) mean cash at the end, yuan a firm
  double twin_defaults = 0;  ///< the twins' loan defaults from the registration, a firm
  int died = 0, lived = 0;  ///< participants that died where the twin lived, and lived where it died
};

/// The trace's tallies (issue 14, referee 19 C3): for the participants that
/// lived where their twin died (rescued) and died where it lived (lost), the
/// credit they drew beyond their twin's, month by month, from the month of
/// their first registration to the month the one that died left, split into
/// the months in which a draw was registered with the pool (its covered
/// balance rose at the settlement) and the others (ordinary terms, an
/// emergency bridge, or a draw the pool did not register); and for every
/// participant, the registered months' draws against the twin's draws in
/// the same month while both lived (the registered draws' additionality
/// against the twin, dynamic, where the pool's own report is static: the
/// ordinary offer at the draw).
struct PoolTrace {
  double rescued_registered = 0, rescued_other = 0, lost_registered = 0, lost_other = 0;  ///< excess credit, yuan
  double rescued_months = 0;           ///< months from the first registration to the twin's exit, summed
  int rescued_more_credit = 0;         ///< rescued participants that drew more than the twin in the window
  int rescued_more_at_registered = 0;  ///< ... of which more at registered months than at the others
  int twin_insolvent = 0, twin_default = 0;  ///< the rescued twins' exit causes
  double registered_drawn = 0, registered_twin = 0;  ///< all participants: draws in registered months, the twin's in the same months
  double later_drawn = 0, later_twin = 0;            ///< all participants: draws in the other months after the first registration
};

/// The pool's participants against themselves without it (issue 14): `with`
/// (a scenario with the pool) against `without` (the same without it);
/// `pairs` pairs (replications 0..pairs-1 of `seed`). A participant is a
/// firm, live or exited, that ever had a balance registered with the pool;
/// its twin is the same firm (id and birth) in the run without the pool,
/// unless the twin had left before the registration. Per pair, the mean
/// over participants of the difference in survival to the end (1 alive, 0
/// exited), cash and debt at the end (an exited firm's as it left), and
/// loan defaults from the registration on. `trace` prints each participant
/// whose survival differs from its twin's, with its loans in both runs
/// (times in years since the run's start, amounts in yuan), and PoolTrace's tallies.
PoolParticipants participants_of_the_pool(Params with, Params without, std::uint64_t seed, int pairs, const char* label,
                                          bool trace = false) {
  with.panel_months = without.panel_months = 1;  // the observer's panel only: the run is the same
  PoolParticipants out;
  PoolTrace tr;
  for (int rep = 0; rep < pairs; ++rep) {
    PoolArchive ax, bx;
    Ecosystem a(with, seed, static_cast<std::uint64_t>(rep), &ax), b(without, seed, static_cast<std::uint64_t>(rep), &bx);
    const RunResult ra = a.run(), rb = b.run();
    EXPECT_TRUE(ra.books.ok()) << ra.books.worst;
    EXPECT_GT(total_of(ra, "pool_registered_loans"), 0.0);
    EXPECT_EQ(total_of(rb, "pool_registered_loans"), 0.0);
    double n = 0, ds = 0, dc = 0, dd = 0, dk = 0;
    for_each_matched(a, ax, b, bx, [&](const Firm& f) { return ax.since(f); }, [&](const Firm& f, const Firm& g) {
      n += 1;
      const double s = (f.alive ? 1.0 : 0.0) - (g.alive ? 1.0 : 0.0);
      ds += s;
      dc += f.cash - g.cash;
      dd += f.debt - g.debt;
      const int kt = bx.defaults_from(g.id, ax.since(f));
      dk += ax.defaults_from(f.id, ax.since(f)) - kt;
      out.twin_defaults += kt;
      out.twin_cash += g.cash;
      out.died += s < 0 ? 1 : 0;
      out.lived += s > 0 ? 1 : 0;
      if (!trace) return;
      // Month-by-month draws in both runs from the first registration.
      const int m0 = PoolArchive::month_of(ax.since(f));
      const int end_f = f.alive ? 1 << 30 : PoolArchive::month_of(f.exit_time);
      const int end_g = g.alive ? 1 << 30 : PoolArchive::month_of(g.exit_time);
      std::unordered_map<int, double> mine, twin;
      for (const auto& [t, x] : ax.loans(f.id)) mine[PoolArchive::month_of(t)] += x;
      for (const auto& [t, x] : bx.loans(g.id)) twin[PoolArchive::month_of(t)] += x;
      const auto& regs = ax.registrations(f.id);
      auto registered = [&](int m) { return std::find(regs.begin(), regs.end(), m) != regs.end(); };
      const int both = std::min(end_f, end_g);
      std::unordered_map<int, bool> seen;
      for (const auto* side : {&mine, &twin})
        for (const auto& [m, x] : *side) {
          if (m < m0 || m > both || !seen.try_emplace(m, true).second) continue;
          const double p = mine.count(m) ? mine[m] : 0.0, q = twin.count(m) ? twin[m] : 0.0;
          if (registered(m)) {
            tr.registered_drawn += p;
            tr.registered_twin += q;
          } else {
            tr.later_drawn += p;
            tr.later_twin += q;
          }
        }
      if (s == 0) return;
      // The window: to the exit of the one that died.
      const int stop = s > 0 ? end_g : end_f;
      double at_reg = 0, at_other = 0;
      seen.clear();
      for (const auto* side : {&mine, &twin})
        for (const auto& [m, x] : *side) {
          if (m < m0 || m > stop || !seen.try_emplace(m, true).second) continue;
          const double d = (mine.count(m) ? mine[m] : 0.0) - (twin.count(m) ? twin[m] : 0.0);
          (registered(m) ? at_reg : at_other) += d;
        }
      if (s > 0) {
        tr.rescued_registered += at_reg;
        tr.rescued_other += at_other;
        tr.rescued_months += stop - m0;
        tr.rescued_more_credit += at_reg + at_other > 1e4 ? 1 : 0;
        tr.rescued_more_at_registered += at_reg + at_other > 1e4 && at_reg > at_other ? 1 : 0;
        tr.twin_insolvent += g.exit_cause == ExitCause::insolvency ? 1 : 0;
        tr.twin_default += g.exit_cause == ExitCause::borrower_default ? 1 : 0;
      } else {
        tr.lost_registered += at_reg;
        tr.lost_other += at_other;
      }
      std::printf("  rep %d firm %lld registered %.3f%s: %s (%s at %.3f, cash %.4g, debt %.4g, stage %d) vs twin %s (%s at %.3f); "
                  "excess credit to the exit: registered months %+.4g, others %+.4g\n",
                  rep, static_cast<long long>(f.id), ax.since(f), ax.invested_at_registration(f) ? " (equipment bought)" : "",
                  f.alive ? "alive" : "exited", EXIT_CAUSE_NAMES[static_cast<int>(f.exit_cause)], f.exit_time, f.cash, f.debt,
                  static_cast<int>(f.stage), g.alive ? "alive" : "exited", EXIT_CAUSE_NAMES[static_cast<int>(g.exit_cause)],
                  g.exit_time, at_reg, at_other);
      std::printf("    loans with the pool:");
      for (const auto& [t, x] : ax.loans(f.id)) std::printf(" %.3f:%.4g%s", t, x, registered(PoolArchive::month_of(t)) ? "R" : "");
      std::printf("\n    loans of the twin:  ");
      for (const auto& [t, x] : bx.loans(g.id)) std::printf(" %.3f:%.4g", t, x);
      std::printf("\n");
    });
    EXPECT_GE(n, 50) << "replication " << rep;
    if (n == 0) continue;
    out.n += n;
    out.survival.add(ds / n);
    out.cash.add(dc / n);
    out.debt.add(dd / n);
    out.defaults.add(dk / n);
    if (trace)
      std::printf("[ risk pool ] rep %d: registered %.4g yuan, of which made anyway %.4g (the pool's static report)\n", rep,
                  total_of(ra, "pool_registered_loans"), total_of(ra, "pool_inframarginal_loans"));
  }
  if (out.n > 0) {
    out.twin_cash /= out.n;
    out.twin_defaults /= out.n;
  }
  std::printf("[ risk pool ] %s, seed %llu: %.0f participant records over %d pairs: survival %+.5f [%+.5f], cash %+.4g [%+.4g], "
              "debt %+.4g [%+.4g] yuan a firm; loan defaults from registration %+.5f [%+.5f] a firm (twins' %.5f); died where "
              "the twin lived %d, lived where it died %d; a pair's s.d.: survival %.6g, cash %.6g; twins' mean cash %.6g\n",
              label, static_cast<unsigned long long>(seed), out.n, pairs, out.survival.mean(), half_width(out.survival),
              out.cash.mean(), half_width(out.cash), out.debt.mean(), half_width(out.debt), out.defaults.mean(),
              half_width(out.defaults), out.twin_defaults, out.died, out.lived, out.survival.sd(), out.cash.sd(), out.twin_cash);
  if (trace)
    std::printf("[ risk pool ] trace: rescued %d (twins insolvent %d, defaulted %d), mean %.1f months from the first registration "
                "to the twin's exit; %d drew more than the twin by then, %d of them more in registered months; excess credit "
                "to the twin's exit: registered months %.4g, other months %.4g yuan; lost %d: registered %.4g, other %.4g; all "
                "participants while both lived: registered months drawn %.4g vs twin %.4g (additional %.3f), other months "
                "%.4g vs %.4g\n",
                out.lived, tr.twin_insolvent, tr.twin_default, out.lived > 0 ? tr.rescued_months / out.lived : 0.0,
                tr.rescued_more_credit, tr.rescued_more_at_registered, tr.rescued_registered, tr.rescued_other, out.died,
                tr.lost_registered, tr.lost_other, tr.registered_drawn, tr.registered_twin,
                tr.registered_drawn > 0 ? 1.0 - tr.registered_twin / tr.registered_drawn : 0.0, tr.later_drawn, tr.later_twin);
  return out;
}

/// The cold-start design of session 19: the baseline (jiangmen-2025) with
/// its pool and without it (the library's no-risk-pool, which changes only
/// the switch), 1,500 firms, 6 years from 2025 without the warm-up, the
/// fund scaled with the city (a quarter of 26.1 m, so its room under the
/// cap is in proportion to the full city's). `working_capital_only` sets
/// the pool's rule of that name in the run with the pool.
PoolParticipants participants_of_the_pool(std::uint64_t seed, int pairs, bool trace = false, bool working_capital_only = false) {
  Params with = shrunk("jiangmen-2025", 1500, 6), without = shrunk("no-risk-pool", 1500, 6);
  with.risk_pool.fund_yuan *= 1500.0 / 6000.0;
  with.risk_pool.working_capital_only = working_capital_only;
  return participants_of_the_pool(with, without, seed, pairs, working_capital_only ? "cold start, working capital only" : "cold start",
                                  trace);
}

/// The same as the baseline runs (lever_test::shrunk_as_run): its five-year
/// warm-up (from 2020, the pool in force through it, as `innosim run`
/// simulates it) and 6 years from 2025, 1,500 firms, the fund scaled.
PoolParticipants participants_of_the_pool_as_run(std::uint64_t seed, int pairs, bool trace = false,
                                                 bool working_capital_only = false, double risk_shifting = -1) {
  Params with = shrunk_as_run("jiangmen-2025", 1500, 6), without = shrunk_as_run("no-risk-pool", 1500, 6);
  with.risk_pool.fund_yuan *= 1500.0 / 6000.0;
  with.risk_pool.working_capital_only = working_capital_only;
  if (risk_shifting >= 0) with.risk_pool.risk_shifting = risk_shifting;  // m_g (7.9), for the pilot's sensitivity only
  return participants_of_the_pool(with, without, seed, pairs,
                                  working_capital_only ? "as run, working capital only" : "as run", trace);
}

}  // namespace

TEST(RiskPool, DISABLED_ParticipantsPilot) {
  // Diagnostic (issue 14): the participants' paired outcomes and a trace of
  // every participant whose survival differs from its twin's, on seeds no
  // test uses. INNOSIM_POOL_SEED / INNOSIM_POOL_PAIRS choose them.
  const char* s = std::getenv("INNOSIM_POOL_SEED");
  const char* n = std::getenv("INNOSIM_POOL_PAIRS");
  const char* wc = std::getenv("INNOSIM_POOL_WC");
  const char* warm = std::getenv("INNOSIM_POOL_AS_RUN");
  const std::uint64_t seed = s ? std::strtoull(s, nullptr, 10) : 1919;
  const int pairs = n ? std::atoi(n) : 8;
  // INNOSIM_POOL_MG sets the risk-shifting hazard m_g in the run with the pool (as run only).
  const char* mg = std::getenv("INNOSIM_POOL_MG");
  if (warm && *warm == '1')
    participants_of_the_pool_as_run(seed, pairs, true, wc && *wc == '1', mg ? std::atof(mg) : -1.0);
  else
    participants_of_the_pool(seed, pairs, true, wc && *wc == '1');
}

namespace {

/// The pre-registered pass rule of the pool's harm tests (issue 14, as the
/// points line's, PointsCredit.HarmsItsParticipantsNot): no 95 % interval of
/// the participants' survival or cash difference lies below 0 (two-sided),
/// and a fall of the margin or more is rejected (TOST: the 90 % interval's
/// lower end above -delta).
void expect_no_harm(const PoolParticipants& p, double survival_delta, double cash_share) {
  EXPECT_GE(p.survival.mean() + half_width(p.survival), 0.0) << "the participants' survival is lower with the pool";
  EXPECT_GE(p.cash.mean() + half_width(p.cash), 0.0) << "the participants' cash is lower with the pool";
  const double cash_delta = cash_share * p.twin_cash;
  const auto s90 = innosim::engine::confidence_interval(p.survival, 0.90);
  const auto c90 = innosim::engine::confidence_interval(p.cash, 0.90);
  std::printf("[ risk pool ] TOST, 90 %% intervals: survival [%+.6f, %+.6f] against +-%.4f; cash [%+.6g, %+.6g] yuan "
              "against +-%.6g (%.2g %% of the twins' %.6g)\n",
              s90.low, s90.high, survival_delta, c90.low, c90.high, cash_delta, 100 * cash_share, p.twin_cash);
  EXPECT_GT(cash_delta, 0.0);
  EXPECT_GT(s90.low, -survival_delta) << "a fall in survival of the margin or more is not rejected";
  EXPECT_GT(c90.low, -cash_delta) << "a fall in cash of the margin or more is not rejected";
}

// PRE-REGISTERED (session 19, pool19; NEWS line and its own commit before
// either run), for both tests below:
// - Design: participants_of_the_pool (the baseline with and without its
//   pool, 1,500 firms, 6 years, the fund scaled with the city), each firm
//   ever registered against its twin.
// - Pass rule: expect_no_harm, margins survival 0.0025 a participant and
//   cash 0.5 % of the twins' mean cash at the end. Both margins are
//   Assumptions sized to what 24 pairs resolve, not economic thresholds:
//   the pool's participants are about 245 a pair (the points line's 575),
//   so one death in a pair moves its mean by 0.004; the points test's
//   0.001 would need about 120 pairs.
// - Pilot (seeds 1919, 1931, 1932, 1933, replications 0-7 each, 32 pairs
//   per rule; never a test's seeds): with equipment loans covered (main's
//   rule) a pair's s.d. 0.0037 (survival) and 92,700 yuan (cash, RMS over
//   the seeds), means +0.0007 to +0.0025 and -28,000 to +75,000; twins'
//   mean cash 22.6 m. Working capital only: 0.0082 and 178,000 yuan, means
//   +0.010 to +0.014 and +3,500 to +161,000; twins' 20.5 m.
// - n: the least n with (t(n-1, 0.95) + z(0.90)) x sd / sqrt(n) <= delta at
//   a true difference of 0, main's rule: survival n = 20 (0.00249; 19
//   gives 0.00256), cash n = 7 (112,980 <= 113,000); so n = 24 pairs for both rules (the rule restricted to working
//   capital is noisier: at a true difference of 0 its survival bound would
//   be 0.0050, above the margin; at its pilot's smallest mean, +0.010, it
//   passes with power near 1).
// - Fresh seeds: 1941 (main's rule) and 1942 (working capital only),
//   replications 0-23, never run before. Run once each; a failure is kept
//   as evidence (the test disabled with its result), not re-specified.
//
// RESULTS (run once each, 02:34 UTC, NEWS 02:34, commit 66b4a9b): both PASS.
// Main's rule (seed 1941): 6,002 participant records over 24 pairs;
// survival +0.0020 [-0.0008, +0.0049] (95 %), 90 % [-0.00042, +0.00446];
// cash +30,330 [-30,840, +91,500] yuan a firm, 90 % [-22,087, +82,752]
// against +-113,698 (0.5 % of the twins' 22.74 m); debt +249,200
// [+143,700, +354,700]; a pair's s.d. 0.0070 (the pilot's 0.0037: the 90 %
// bound held) and 149,838 yuan; 14 died where their twin lived, 26 lived
// where it died. Working capital only (seed 1942): 4,353 records; survival
// +0.0150 [+0.0113, +0.0187], 90 % [+0.01184, +0.01816]; cash +75,330
// [+8,600, +142,060], 90 % [+18,150, +132,511] against +-96,625; debt
// +235,100 [+112,400, +357,800]; 2 died where their twin lived, 66 lived
// where it died. About 3 CPU-s each.
constexpr double POOL_SURVIVAL_DELTA = 0.0025, POOL_CASH_SHARE = 0.005;  // pre-registered (session 19)
constexpr int POOL_PAIRS = 24;                                          // pre-registered (session 19)

}  // namespace

TEST(RiskPool, HarmsItsParticipantsNotCoveringEquipmentLoans) {
  // The pool as it ran until session 19 (working_capital_only false): banks
  // register an equipment or project loan too. The referee's concern (session
  // 18, C3): the points line harmed its takers through such loans (7.13).
  // Trace (pilot, 32 pairs): 16 participants died where their twin lived, all
  // insolvent, 13 of them after buying equipment in the month of their first
  // registration; 29 lived where their twin died.
  expect_no_harm(participants_of_the_pool(1941, POOL_PAIRS, false, false), POOL_SURVIVAL_DELTA, POOL_CASH_SHARE);
}

TEST(RiskPool, HarmsItsParticipantsNot) {
  // The pool registering working-capital draws only (邑科贷: loans of at
  // most a year; 7.9): the rule that closes the equipment-loan channel. Pilot
  // (32 pairs): 1 participant died where its twin lived, 72 lived where it died.
  expect_no_harm(participants_of_the_pool(1942, POOL_PAIRS, false, true), POOL_SURVIVAL_DELTA, POOL_CASH_SHARE);
}

namespace {

// PRE-REGISTERED (session 20, pool20; /work/wt/SESSION20.md NEWS 05:24 UTC
// and its own commit, before its one run): the harm test on the baseline as
// `innosim run` simulates it (referee 19 C3, issue 14).
// - Design: participants_of_the_pool_as_run: jiangmen-2025 against
//   no-risk-pool through lever_test::shrunk_as_run (the five-year warm-up
//   from 2020, the pool in force through it, as the run layer applies it;
//   then 6 years from 2025), 1,500 firms, the fund scaled with the city; the
//   baseline's rule (working_capital_only false: every eligible draw).
// - Pass rule: expect_no_harm (session 19's): the survival and cash 95 %
//   intervals not below 0; 90 % intervals' lower ends above
//   -POOL_AS_RUN_SURVIVAL_DELTA and -POOL_AS_RUN_CASH_SHARE x the twins' mean cash.
// - Pilot (seed 1951, replications 0-7, never a test's seed; run at 05:23
//   before this was written): 1,450 participant records (181 a pair);
//   survival +0.0014 [-0.0056, +0.0083], cash -233,500 [-644,700,
//   +177,700] yuan a firm, debt -364,100; a pair's s.d. 0.0083 (survival)
//   and 491,700 yuan (cash); twins' mean cash 39.0 m; 2.2 CPU-s.
// - n: the CI budget (under ~10 CPU-s) allows 32 pairs (about 8.6 s). The
//   margins are what 32 pairs resolve with power 90 % at a true difference
//   of 0: (t(31, 0.95) + z(0.90)) x sd / sqrt(32) = 0.0044 (survival) and
//   259,000 yuan = 0.66 % of the twins' cash; so 0.0045 and 0.7 %.
//   Assumptions sized to the budget (session 19's cold test: 0.0025 and
//   0.5 % at 24 pairs on a pair's s.d. of 0.0037), not economic thresholds.
// - Reported, no pass rule: the participants' loan defaults from their
//   registration less their twins' (the model's causal default uplift of
//   cover, the estimand of Lelarge et al. 2010 and de Blasio et al. 2017;
//   docs 7.9).
// - Fresh seed 1961, replications 0-31, never run before. Run once; a
//   failure is kept as evidence (the test disabled with its result).
constexpr double POOL_AS_RUN_SURVIVAL_DELTA = 0.0045, POOL_AS_RUN_CASH_SHARE = 0.007;  // pre-registered (session 20)
constexpr int POOL_AS_RUN_PAIRS = 32;                                                   // pre-registered (session 20)

}  // namespace

TEST(RiskPool, HarmsItsParticipantsNotInTheBaselineAsRun) {
  // The baseline's pool (every eligible draw registered) with the warm-up.
  expect_no_harm(participants_of_the_pool_as_run(1961, POOL_AS_RUN_PAIRS, false, false), POOL_AS_RUN_SURVIVAL_DELTA,
                 POOL_AS_RUN_CASH_SHARE);
}
