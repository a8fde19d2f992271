// Model part 2: labs, concept verification, matching, incubators, pilot
// platforms, programmes and talent — mechanisms, books with everything on,
// the pilot queue against queueing theory, and policy signs over paired
// common-random-number replications.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "innosim/engine/queueing.hpp"
#include "innosim/engine/statistics.hpp"
#include "innosim/model/ecosystem.hpp"
#include "lever_helpers.hpp"

using namespace innosim::model;
using innosim::engine::Welford;

namespace {

// The scaled-down city of lever_helpers.hpp, larger and longer by default here.
Params small(int firms = 2000, double years = 5) { return lever_test::small(firms, years); }

double sum_of(const RunResult& r, const char* metric) {
  const auto& v = r.series[metric_index(metric)];
  double s = 0;
  for (std::size_t t = 1; t < v.size(); ++t)
    if (!std::isnan(v[t])) s += v[t];
  return s;
}

// Mean over samples that have an observation (NaN = none in that period),
// weighted by the given count metric.
double weighted_mean(const RunResult& r, const char* metric, const char* weight) {
  const auto& v = r.series[metric_index(metric)];
  const auto& w = r.series[metric_index(weight)];
  double s = 0, n = 0;
  for (std::size_t t = 1; t < v.size(); ++t)
    if (!std::isnan(v[t])) s += v[t] * w[t], n += w[t];
  return n > 0 ? s / n : 0.0;
}

double last(const RunResult& r, const char* metric) { return r.series[metric_index(metric)].back(); }

Welford paired(const Params& base, const Params& alt, int reps, const std::function<double(const RunResult&)>& metric) {
  Welford w;
  for (int r = 0; r < reps; ++r)
    w.add(metric(Ecosystem(alt, 99, static_cast<std::uint64_t>(r)).run()) -
          metric(Ecosystem(base, 99, static_cast<std::uint64_t>(r)).run()));
  return w;
}

double t_stat(const Welford& w) { return w.mean() / (w.sd() / std::sqrt(static_cast<double>(w.count()))); }

Params everything_on() {
  // Every measure of the library at once: combined-package holds each
  // single-measure variant's change (cli.scenario checks that), so a new
  // instrument is on here as soon as its variant is in the package; the
  // lines below switch on, on top, what the package leaves to its own
  // variants or sets at other sizes.
  Params p = lever_test::scaled(lever_test::library("combined-package"), 1500, 4);
  p.risk_pool.programme.enabled = true;
  p.vouchers.programme.enabled = true;
  p.pilot.twenty_four.enabled = true;
  p.pilot.twenty_four_hour_zones = 5;
  p.pilot.new_platforms = 2;
  p.ufpl.programme.enabled = true;
  p.programmes.talent_subsidy.programme.enabled = true;
  p.venture.guidance.budget_yuan = Scheduled(2e8);
  p.consortia.programme.enabled = true;
  p.talent_services.programme.enabled = true;
  p.liaison.programme.enabled = true;
  p.equity.programme.enabled = true;
  return p;
}

}  // namespace

TEST(Part2, BooksBalanceWithEveryProgrammeOn) {
  for (bool automatic : {false, true}) {
    Params p = everything_on();
    for (Programme* pr : {&p.programmes.points_support.programme, &p.programmes.digital.programme,
                          &p.programmes.talent_subsidy.programme, &p.interest_subsidy.programme})  // points: how firms open the line
      pr->automatic = automatic;
    // The interest subsidy is the province's in one pass and the city's in
    // the other: each pass spends one of its two lines (7.8, 2.6).
    p.interest_subsidy.city_money = automatic;
    Ecosystem e(p, 4, 0);
    e.set_check_books_every_sample(true);  // throws on any imbalance or overspent budget
    const RunResult r = e.run();
    EXPECT_TRUE(r.books.ok()) << r.books.worst;
    for (const Fiscal line : fiscal_lines()) {
      if (line == fiscal_line("risk_pool") || line == fiscal_line("guidance_fund")) continue;
      if (line == fiscal_line(automatic ? "interest_subsidy" : "interest_subsidy_city")) continue;  // the other payer's
      // The points line's guarantor pays only when a guaranteed borrower
      // defaults (PointsCredit.BooksBalanceAndTheFiscalLineIsTheGuarantorsPayouts has them).
      if (line == fiscal_line("points_support")) continue;
      EXPECT_GT(e.fiscal_total(line), 0.0) << fiscal_line_info(line).name << " never spent";
    }
    EXPECT_GT(sum_of(r, "tech_transfer_deals"), 0.0);
    EXPECT_GT(sum_of(r, "pilot_bookings"), 0.0);
    EXPECT_GT(sum_of(r, "spinoffs"), 0.0);
  }
}

TEST(Part2, DefaultReproducesSeedFigures) {
  Params p;  // Jiangmen 2025 defaults
  p.horizon_years = 3;
  Ecosystem e(p, 1, 0);
  const RunResult r = e.run();
  // Matching: the seed's 12 events, 800+ results recommended and 68 adopted are
  // cumulative by October 2025 (docs/model.md 7.18): 7 events a year of 67
  // recommendations (469 a year), ~8.5 % adopted.
  const double recs = sum_of(r, "tech_transfer_recommendations"), deals = sum_of(r, "tech_transfer_deals");
  EXPECT_NEAR(recs / 3.0, 7 * 67, 70);
  EXPECT_NEAR(deals / recs, 68.0 / 800.0, 0.03);
  // Incubators: > 2,000 tenants in 42 incubators at the start.
  EXPECT_GE(r.series[metric_index("incubated_firms")][0], 2000.0);
  EXPECT_LE(r.series[metric_index("incubated_firms")][0], 11 * 60 + 18 * 50 + 13 * 40.0);
  // Top-200 points firms: no points-linked credit in the baseline (7.13: the
  // seed gives them liaison officers and policy pushes, no money).
  const auto& pts = r.series[metric_index("points_supported_firms")];
  EXPECT_EQ(*std::max_element(pts.begin(), pts.end()), 0.0);
}

TEST(Part2, IncubatorsNeverExceedCapacityAndGraduate) {
  Params p = small(1500, 6);
  p.incubators.admission_share = 1.0;
  const RunResult r = Ecosystem(p, 2, 0).run();
  double capacity = 0;
  for (int t = 0; t < 3; ++t) capacity += p.incubators.count[static_cast<std::size_t>(t)] * p.incubators.capacity[static_cast<std::size_t>(t)];
  for (double v : r.series[metric_index("incubated_firms")]) EXPECT_LE(v, capacity);
  EXPECT_GT(sum_of(r, "incubator_graduations"), 0.0);
}

TEST(Part2, PilotQueueMatchesErlangC) {
  // One local platform with c = 2 machine sets, every innovation a prototype,
  // no price, no other cities: bookings arrive (nearly) as a Poisson stream
  // and tests take exponential times, so the line is an M/M/2 queue.
  Params p = small(3000, 10);
  p.pilot.platforms = 1;
  p.pilot.provincial = 0;  // an ordinary platform: c = machines_per_platform
  p.pilot.machines_per_platform = 2;
  p.pilot.prototype_share = 1.0;
  p.pilot.missing_types = 0;
  p.pilot.hourly_price_yuan = 0.0;
  p.pilot.booking_hours_mean = 20.0;
  p.pilot.hours_per_day = 10.0;  // mean service 2 days
  p.matching.programme.enabled = false;
  p.programmes.open_competition.programme.enabled = false;
  Welford wait, rho;
  double lambda_sum = 0;
  for (int rep = 0; rep < 6; ++rep) {
    const RunResult r = Ecosystem(p, 5, static_cast<std::uint64_t>(rep)).run();
    const double bookings = sum_of(r, "pilot_bookings");
    const double lambda = bookings / (p.horizon_years * 365.2425);  // per day
    lambda_sum += lambda;
    wait.add(weighted_mean(r, "pilot_mean_wait_days", "pilot_bookings"));
    rho.add(weighted_mean(r, "pilot_utilization", "pilot_bookings"));
  }
  const double lambda = lambda_sum / 6.0;
  const double mu = p.pilot.hours_per_day / p.pilot.booking_hours_mean;
  const auto a = innosim::engine::mmc_analytic(2, lambda, mu);
  std::printf("pilot M/M/2: lambda %.3f/day rho %.3f, wait %.3f days (Erlang C %.3f), utilisation %.3f\n", lambda, a.rho,
              wait.mean(), a.wq, rho.mean());
  ASSERT_GT(a.rho, 0.4);  // a load where waiting matters
  EXPECT_NEAR(rho.mean(), a.rho, 0.05);
  // Arrivals are a superposition of many firms' Bernoulli draws spread over
  // the month, not exactly Poisson, and the rate drifts as the economy grows:
  // the mean wait must agree with Erlang C to within 20 %.
  EXPECT_NEAR(wait.mean() / a.wq, 1.0, 0.2);
}

TEST(Part2PolicySigns, VouchersMoreBookingsFasterToMarket) {
  Params base = small(), alt = base;
  alt.vouchers.programme.enabled = true;
  alt.vouchers.programme.budget_yuan = Scheduled(50e6);
  auto bookings = paired(base, alt, 8, [](const RunResult& r) { return sum_of(r, "pilot_bookings"); });
  // Shorter time to market: a larger share of prototypes completes its
  // pilot test within 120 days (abandoned prototypes count as not fast).
  auto fast = paired(base, alt, 8, [](const RunResult& r) { return sum_of(r, "pilots_fast_to_market") / sum_of(r, "prototypes"); });
  std::printf("vouchers: bookings %+.1f (t=%.1f), share fast to market %+.4f (t=%.1f)\n", bookings.mean(), t_stat(bookings),
              fast.mean(), t_stat(fast));
  EXPECT_GT(t_stat(bookings), 2.0);
  EXPECT_GT(t_stat(fast), 2.0);
}

TEST(Part2PolicySigns, TwentyFourHourZonesShortenWaits) {
  Params base = small(), alt = base;
  alt.pilot.twenty_four.enabled = true;
  alt.pilot.twenty_four_hour_zones = base.pilot.platforms;
  auto wait = paired(base, alt, 8, [](const RunResult& r) { return weighted_mean(r, "pilot_mean_wait_days", "pilot_bookings"); });
  std::printf("24-hour zones: wait %+.2f days (t=%.1f)\n", wait.mean(), t_stat(wait));
  EXPECT_LT(t_stat(wait), -2.0);
}

TEST(Part2PolicySigns, AutomaticDisbursementHigherTakeUpFasterPayment) {
  // Take-up over the whole run, the first sample included: offers are
  // counted when the year's programmes run (1 January) and an application's
  // payment 90 days later, so a ratio that left out the first sample paired
  // the first year's payments with no offers (0.90 for application mode,
  // against 0.60 over the run).
  Params base = small(1500, 3), alt = base;
  for (Programme* pr : {&alt.programmes.digital.programme,
                        &alt.programmes.tech_centres.programme, &alt.programmes.upgrade_city.programme,
                        &alt.programmes.upgrade_provincial.programme})
    pr->automatic = true;
  auto take_up = paired(base, alt, 6, [](const RunResult& r) {
    return lever_test::total_of(r, "grants_paid") / lever_test::total_of(r, "grants_eligible");
  });
  auto delay = paired(base, alt, 6, [](const RunResult& r) { return weighted_mean(r, "grant_payment_delay_days", "grants_paid"); });
  std::printf("automatic: take-up %+.3f (t=%.1f), delay %+.1f days (t=%.1f)\n", take_up.mean(), t_stat(take_up), delay.mean(),
              t_stat(delay));
  EXPECT_GT(t_stat(take_up), 2.0);
  EXPECT_LT(delay.mean(), -30.0);
}

// Automatic delivery reaching automatic_take_up_share of the eligible firms
// is tested on the points-linked credit line's list (the programme with a
// fixed list of eligible firms a year): PointsCredit.DeliveryReachesItsShareOfTheList.

// History. Session 15: DISABLED with its result: since a firm buys a result
// only when its gain is worth the fee (7.18 item 4a), use-first-pay-later no
// longer detectably raised SMEs' deals when the buyer weighed the deferred fee
// at face value: +1.2 deals, t 1.2 over 16 pairs, replications 0..15.
// Session 16 (cost16): the buyer weighed the fee at payment_probability x fee
// x (1 + hurdle)^-grace with payment_probability = 0.46, the model's own
// realised payment share (not a source, not a fixed point); re-pre-registered
// on replications 100..123 (seed 99): +5.83 SME deals, t 6.01, sd 4.75,
// passed. Referee 16 (B4): a lever that lowers the price only under UFPL
// makes "UFPL raises SME deals" close to guaranteed; that test is replaced by
// the one below, at the default the evidence supports (docs 7.18 item 4a).
//
// PRE-REGISTERED 7 Dec 2026, 20:09 UTC (ufpl17; referee 16 B4 and D5), written
// and committed before this test's first run and before any run of the model
// at payment_probability = 1:
//   Claim: UFPL raises the tech-transfer deals of start-ups and tech SMEs
//   when a buyer weighs the WHOLE deferred fee (payment_probability = 1, the
//   default since session 17: no source gives a lower payment rate), discounted
//   at its own hurdle rate over the 2-year grace period (7.18 item 4a).
//   Design: small() (2,000 firms, 5 years), seed 99, replications 400..427
//   (28 pairs, never run by any test), UFPL off vs on, every other key at its
//   default; outcome: sme_tech_transfer_deals summed over the run, on - off.
//   Pairs from a pilot's variance: the pilot is session 16's run of the same
//   comparison (replications 100..123, payment_probability 0.46): pair s.d.
//   4.75 SME deals. 28 pairs (the most within the 5 CPU-s budget, about 0.085
//   CPU-s a run) give a two-sided 5 % test power 0.8 against a true effect of
//   (1.96 + 0.84) x 4.75 / sqrt(28) = 2.5 SME deals; a smaller true effect
//   will more likely than not fail.
//   PASS iff the two-sided 95 % paired t interval (t(0.975, 27) = 2.052) lies
//   wholly above 0. A CI wholly below 0 is a wrong sign (a bug to find); a CI
//   that covers 0 means the claim is not shown at payment_probability = 1.
//   Either failure: the test becomes DISABLED_ with its result in this comment
//   and in docs 7.18 / 1.2; it is not re-specified.
//   Reported, not asserted: all deals; UFPL fees deferred, due and paid; SME
//   deals gained per 10 m yuan of fees deferred.
// RESULT (first and only run, 20:30 UTC 7 Dec 2026): +1.64 SME deals [+0.64,
// +2.65], t 3.36, pair s.d. 2.59, 28 pairs: PASSED. All deals +1.64 (t 2.74);
// per run 14.0 m yuan of fees deferred, 8.7 m due, 4.7 m paid (a realised
// share of 0.54); 1.17 SME deals per 10 m yuan deferred. 2.2 CPU-s. The effect
// is smaller than the 2.5 the pairs were planned for (the pair s.d. was 2.59,
// not the pilot's 4.75, so the interval is narrower than planned).
TEST(Part2PolicySigns, UseFirstPayLaterMoreSmeAdoptionWhenTheWholeFeeIsWeighed) {
  Params base = small(), alt = base;
  ASSERT_EQ(base.ufpl.payment_probability, 1.0);  // the pre-registered default
  alt.ufpl.programme.enabled = true;
  Welford sme, deals;
  double deferred = 0, due = 0, paid = 0;
  for (std::uint64_t r = 400; r < 428; ++r) {
    const RunResult on = Ecosystem(alt, 99, r).run(), off = Ecosystem(base, 99, r).run();
    sme.add(sum_of(on, "sme_tech_transfer_deals") - sum_of(off, "sme_tech_transfer_deals"));
    deals.add(sum_of(on, "tech_transfer_deals") - sum_of(off, "tech_transfer_deals"));
    deferred += sum_of(on, "ufpl_fees_deferred");
    due += sum_of(on, "ufpl_fees_due");
    paid += sum_of(on, "ufpl_fees_paid");
  }
  const double n = static_cast<double>(sme.count());
  const double half = 2.052 * sme.sd() / std::sqrt(n);
  std::printf("UFPL at payment_probability 1: SME deals %+.2f [%+.2f, %+.2f] (t=%.2f, sd %.2f, %.0f pairs); all deals %+.2f (t=%.2f); "
              "fees deferred %.1f m, due %.1f m, paid %.1f m a run; SME deals per 10 m yuan deferred %.2f\n",
              sme.mean(), sme.mean() - half, sme.mean() + half, t_stat(sme), sme.sd(), n, deals.mean(), t_stat(deals), deferred / n / 1e6,
              due / n / 1e6, paid / n / 1e6, deferred > 0 ? sme.mean() / (deferred / n / 1e7) : 0.0);
  EXPECT_GT(sme.mean() - half, 0.0);
}

TEST(Part2PolicySigns, TalentSubsidyLargerTalentStock) {
  Params base = small(), alt = base;
  alt.programmes.talent_subsidy.programme.enabled = true;
  auto stock = paired(base, alt, 6, [](const RunResult& r) { return last(r, "talent_stock"); });
  std::printf("talent subsidy: stock %+.0f (t=%.1f)\n", stock.mean(), t_stat(stock));
  EXPECT_GT(t_stat(stock), 2.0);
}

TEST(Part2PolicySigns, LargerResearchFundMoreResults) {
  Params base = small(), alt = base;
  alt.research_fund.programme.budget_yuan = Scheduled(100e6);
  auto results = paired(base, alt, 6, [](const RunResult& r) { return sum_of(r, "research_results"); });
  std::printf("research fund x5: results %+.1f (t=%.1f)\n", results.mean(), t_stat(results));
  EXPECT_GT(t_stat(results), 2.0);
}

TEST(Part2, VoucherAdditionalityNearEightyPercent) {
  // Calibration target (CPB voucher lottery: of 10 vouchers, 8 additional):
  // the share of voucher-funded tests that would not have gone ahead at the
  // full price, with the same draw.
  Params p;
  p.horizon_years = 5;
  p.vouchers.programme.enabled = true;
  p.vouchers.programme.budget_yuan = Scheduled(50e6);
  double used = 0, additional = 0;
  for (int rep = 0; rep < 3; ++rep) {
    const RunResult r = Ecosystem(p, 3, static_cast<std::uint64_t>(rep)).run();
    used += sum_of(r, "vouchers_used");
    additional += sum_of(r, "vouchers_additional");
  }
  std::printf("voucher additionality %.3f over %.0f vouchers\n", additional / used, used);
  ASSERT_GT(used, 100.0);
  EXPECT_NEAR(additional / used, 0.8, 0.05);
}
