// The no-policy counterfactual and the single-lever counterfactuals
// (docs/model.md 1.3, 6, 7.7, 7.10): no-policy switches off the
// government's part of each instrument and keeps the markets (the insurer
// still sells technology insurance, without the premium subsidy); each
// single-lever scenario differs from the baseline in its lever only, and
// together they switch off what no-policy does, each key once. And the
// premium subsidy reimbursed after the year, pro rata when the claims exceed
// the budget (7.10).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "lever_helpers.hpp"

using namespace innosim::model;
using namespace innosim::model::lever_test;

namespace {

/// A resolved scenario as key path -> value (indentation gives the nesting).
std::map<std::string, std::string> resolved(const std::string& name) {
  const auto s = innosim::scenario::load(full_schema(), name);
  std::map<std::string, std::string> out;
  std::vector<std::string> stack;
  std::istringstream in(s.resolved_yaml());
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find_first_not_of(' ');
    if (first == std::string::npos || line[first] == '#') continue;
    const auto colon = line.find(':', first);
    if (colon == std::string::npos) continue;  // a continuation line of a value
    const std::size_t depth = first / 2;
    stack.resize(depth);
    const std::string key = line.substr(first, colon - first);
    const std::string value = colon + 1 < line.size() ? line.substr(colon + 1) : "";
    stack.push_back(key);
    std::string path;
    for (const auto& k : stack) path += (path.empty() ? "" : ".") + k;
    out[path] = value;
  }
  return out;
}

/// The keys whose resolved values differ from the baseline's (name and description aside).
std::vector<std::string> changed_keys(const std::string& name) {
  const auto base = resolved("jiangmen-2025"), mine = resolved(name);
  std::vector<std::string> out;
  for (const auto& [k, v] : mine) {
    // A scenario's own words (title and question are never inherited).
    if (k == "name" || k == "description" || k.rfind("title", 0) == 0 || k.rfind("question", 0) == 0) continue;
    const auto it = base.find(k);
    if (it == base.end() || it->second != v) out.push_back(k);
  }
  for (const auto& [k, v] : base)
    if (!mine.contains(k) && k.rfind("title", 0) != 0 && k.rfind("question", 0) != 0) out.push_back(k + " (missing)");
  return out;
}

}  // namespace

TEST(Counterfactual, NoPolicyKeepsTheInsuranceMarketButPaysNoPremiumSubsidy) {
  // Technology insurance is the insurer's product; the policy is the
  // subsidy. Without policy the insurer still writes policies and firms pay
  // premiums, but nothing is claimed from or paid by the government.
  const Params base = library("jiangmen-2025"), none = library("no-policy");
  EXPECT_TRUE(none.insurance.programme.enabled);
  EXPECT_EQ(none.insurance.premium_subsidy_share, 0.0);
  // The tech-credit product: the banks' IP-pledge ceiling stays, the concessional spread goes.
  EXPECT_EQ(none.tech_credit.programme.enabled, base.tech_credit.programme.enabled);
  EXPECT_EQ(none.tech_credit.ceiling_bonus, base.tech_credit.ceiling_bonus);
  EXPECT_EQ(none.tech_credit.spread_discount, 0.0);
  EXPECT_GT(base.tech_credit.spread_discount, 0.0) << "the baseline has no concessional spread to switch off";
  EXPECT_FALSE(none.interest_subsidy.programme.enabled);
  EXPECT_FALSE(none.venture.guidance.enabled);

  const Params p = shrunk("no-policy", 1500, 2.5);
  Ecosystem e(p, 3, 0);
  e.set_check_books_every_sample(true);
  const RunResult r = e.run();
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  const auto& insured = r.series[metric_index("insured_firms")];
  std::printf("[ counterfactual ] no-policy, 1,500 firms, 2.5 years: %.0f insured firms at the start, %.0f at the end; "
              "premiums %.4g yuan, premium subsidy %.4g yuan\n",
              insured.front(), insured.back(), total_of(r, "insurance_premiums"), total_of(r, "fiscal_insurance"));
  EXPECT_GT(insured.back(), 0.0);
  EXPECT_GT(total_of(r, "insurance_premiums"), 0.0);
  EXPECT_GT(total_of(r, "insurance_new_policies"), 0.0);
  EXPECT_EQ(total_of(r, "insurance_subsidy_claims"), 0.0);
  EXPECT_EQ(total_of(r, "fiscal_insurance"), 0.0);
  EXPECT_EQ(e.insurance_expected_subsidy_share(), 0.0);
}

TEST(Counterfactual, EachSingleLeverScenarioChangesItsLeverOnly) {
  // Resolved against the baseline, key by key: the only differences are the lever's keys.
  const std::map<std::string, std::vector<std::string>> levers = {
      {"no-tech-credit-terms", {"policies.tech_credit_product.spread_discount"}},
      {"no-interest-subsidy", {"policies.loan_interest_subsidy.enabled"}},
      {"no-risk-pool", {"policies.risk_compensation_pool.enabled"}},
      {"no-liaison-officers", {"policies.liaison_officers.enabled"}},
      {"no-talent-subsidy", {"policies.talent_subsidy.enabled"}},
      {"no-use-first-pay-later", {"policies.use_first_pay_later.enabled"}},
      // The rows referee 12 asked for (docs/model.md 1.3): every instrument no-policy switches off that is on
      // in the baseline has a row of its own. Both tech-upgrade levels reward the same projects, so they go together.
      {"no-tech-upgrade", {"policies.tech_upgrade_city.enabled", "policies.tech_upgrade_provincial.enabled"}},
      {"no-digital-transformation", {"policies.digital_transformation.enabled"}},
      {"no-research-fund", {"policies.research_fund.enabled"}},
      {"no-matching-platform", {"policies.matching_platform.enabled"}},
      {"no-tech-centres", {"policies.tech_centres.enabled"}},
      {"no-engineer-training", {"policies.engineer_training.enabled"}},
      {"no-open-competition", {"policies.open_competition.enabled"}},
  };
  for (const auto& [name, keys] : levers) EXPECT_EQ(changed_keys(name), keys) << name;
}

TEST(Counterfactual, TheSingleLeverRowsCoverEveryInstrumentNoPolicySwitchesOff) {
  // A key no-policy changes relative to the baseline is changed by exactly one single-lever row, so the
  // rows of docs/model.md 1.3 and the interaction residual (no-policy minus their sum) cover the whole
  // policy mix. A new instrument on in the baseline needs a row here and in the library.
  const std::vector<std::string> singles = {
      "no-risk-pool",           "no-tech-credit-terms", "no-interest-subsidy",
      "no-liaison-officers",    "no-talent-subsidy",    "no-use-first-pay-later",  "no-tech-upgrade",
      "no-digital-transformation", "no-research-fund",
      "no-matching-platform",   "no-tech-centres",      "no-engineer-training",
      "no-open-competition"};
  // The premium subsidy and concept verification are off in the baseline (referee 13 finding 3; docs/model.md 6):
  // no-policy changes neither, and they are measured by the variants that add them.
  for (const char* added : {"policies.tech_insurance.premium_subsidy_share", "institutions.concept_verification.enabled"})
    for (const auto& k : changed_keys("no-policy")) EXPECT_NE(k, added) << "no-policy changes " << added;
  std::map<std::string, int> rows;
  for (const auto& name : singles)
    for (const auto& k : changed_keys(name)) ++rows[k];
  for (const auto& k : changed_keys("no-policy")) {
    EXPECT_EQ(rows[k], 1) << k << " is switched off by no-policy and by " << rows[k] << " single-lever rows";
    rows.erase(k);
  }
  for (const auto& [k, n] : rows) ADD_FAILURE() << k << ": a single-lever row changes what no-policy does not";
}

TEST(Counterfactual, WithoutTheTopListThereIsNoLiaisonOfficerButStillPointsCredit) {
  // Removing the top N removes the liaison officers, who serve only top-N firms (docs/model.md 7.13). Points-linked
  // credit opens by the score since session 15, not by the list, so its lines stay; under the former rule
  // (eligibility top_list) they go with the list. The credit is off in the baseline, so the test starts from
  // points-credit (lines from 2026) and removes the list from it. (In the baseline the list serves the officers
  // alone, so a row without it would equal no-liaison-officers: no such row is in the library.)
  const RunResult base = run_checked(shrunk("points-credit", 1500, 1.25), 5, 0);
  Params no_list = shrunk("points-credit", 1500, 1.25);
  no_list.top_points_firms = 0;
  const RunResult none = run_checked(no_list, 5, 0);
  ASSERT_TRUE(base.books.ok()) << base.books.worst;
  ASSERT_TRUE(none.books.ok()) << none.books.worst;
  for (const char* m : {"points_supported_firms", "fiscal_liaison_officers", "liaison_firms"})
    EXPECT_GT(total_of(base, m), 0.0) << m << ": the base has none, the test would not see the lever";
  for (const char* m : {"fiscal_liaison_officers", "liaison_firms"}) EXPECT_EQ(total_of(none, m), 0.0) << m;
  EXPECT_GT(total_of(none, "points_supported_firms"), 0.0) << "the score opens the line, not the list";
  no_list.programmes.points_support.eligibility = PointsEligibility::top_list;
  EXPECT_EQ(total_of(run_checked(no_list, 5, 0), "points_supported_firms"), 0.0) << "the former rule: no list, no line";
  // The baseline itself opens no lines.
  EXPECT_EQ(total_of(run_checked(shrunk("jiangmen-2025", 1500, 1.25), 5, 0), "points_supported_firms"), 0.0);
}

TEST(Counterfactual, TheLeversFiscalLineIsZeroAndTheOthersUnaffectedAtTheStart) {
  // Paired runs (the same draws): the lever's fiscal line spends nothing over
  // a year and a quarter (the reimbursed lines pay after the year) while the
  // baseline's does; every other fiscal line spends the same at the set-up
  // and in the first month (before the lever can feed back on firms).
  const std::map<std::string, std::string> lines = {
      {"no-interest-subsidy", "fiscal_interest_subsidy"},
      {"no-risk-pool", "fiscal_risk_pool"},
      {"no-tech-credit-terms", ""},  // no fiscal line: the concessional rate is the central bank's money
  };
  const RunResult base = run_checked(shrunk("jiangmen-2025", 1500, 1.25), 5, 0);
  ASSERT_TRUE(base.books.ok()) << base.books.worst;
  for (const auto& [name, line] : lines) {
    const RunResult r = run_checked(shrunk(name, 1500, 1.25), 5, 0);
    ASSERT_TRUE(r.books.ok()) << name << ": " << r.books.worst;
    if (!line.empty()) {
      EXPECT_EQ(total_of(r, line.c_str()), 0.0) << name;
      EXPECT_GT(total_of(base, line.c_str()), 0.0) << name << ": the baseline spends nothing on " << line;
    }
    for (std::size_t m = 0; m < metric_catalogue().size(); ++m) {
      const std::string& metric = metric_catalogue()[m].name;
      if (metric.rfind("fiscal_", 0) != 0 || metric == line) continue;
      for (std::size_t t = 0; t < 2; ++t) {
        const double a = base.series[m][t], b = r.series[m][t];
        if (std::isnan(a) && std::isnan(b)) continue;
        // The aggregates (all lines, by level and kind) include the lever's line.
        const bool aggregate = metric == "fiscal_spending" || metric.rfind("fiscal_capital_", 0) == 0 ||
                               metric.rfind("fiscal_outlay_", 0) == 0;
        if (!line.empty() && aggregate) continue;
        EXPECT_EQ(a, b) << name << ": " << metric << " at sample " << t;
      }
    }
  }
}

TEST(PremiumSubsidy, ABindingBudgetIsPaidInFullProRataAfterTheYear) {
  // Claims of 30 % of the premiums far exceed a budget of 1 m yuan: the
  // year's claims are paid after the year, the whole budget and no more,
  // every claimant at the same share of its claim; nothing is paid inside
  // the year; the books balance at every sample.
  Params p = small(1500, 2.1);  // 25 months: two reimbursements
  const double budget = 1e6;
  p.insurance.programme.budget_yuan = Scheduled(budget);
  Ecosystem e(p, 9, 0);
  e.set_check_books_every_sample(true);
  e.run_until_years(1.1);  // after the review and the January step (dated 1 February)
  const auto& rb = e.insurance_reimbursement();
  std::printf("[ premium subsidy ] binding: claims %.4g yuan, paid %.4g yuan to %d firms, share %.6f to %.6f\n", rb.claims,
              rb.paid, rb.firms, rb.least, rb.largest);
  EXPECT_GT(rb.claims, 2.0 * budget) << "the budget does not bind: the test would not see pro rata";
  EXPECT_NEAR(rb.paid, budget, 1e-9 * budget);
  EXPECT_GT(rb.firms, 10);
  EXPECT_NEAR(rb.least, budget / rb.claims, 1e-9);
  EXPECT_NEAR(rb.largest, budget / rb.claims, 1e-9);
  // Firms expect this year's budget to pay the share it paid of last year's claims.
  EXPECT_NEAR(e.insurance_expected_subsidy_share(), 0.3 * budget / rb.claims, 1e-12);
  const RunResult r = e.run();
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  const auto& paid = r.series[metric_index("fiscal_insurance")];
  ASSERT_GE(paid.size(), 26u);
  for (std::size_t t = 0; t < paid.size(); ++t) {
    if (t % 12 == 1 && t > 1) {
      EXPECT_NEAR(paid[t], budget, 1e-9 * budget) << "a year's reimbursement, in the sample after the review, " << t;
    } else {
      EXPECT_EQ(paid[t], 0.0) << "paid inside the year, sample " << t;
    }
  }
}

TEST(PremiumSubsidy, ABudgetThatNeverBindsPaysEveryClaimInFull) {
  Params p = small(1500, 1.1);
  p.insurance.programme.budget_yuan = Scheduled(1e12);
  Ecosystem e(p, 9, 0);
  e.set_check_books_every_sample(true);
  e.run_until_years(1.1);
  const auto& rb = e.insurance_reimbursement();
  std::printf("[ premium subsidy ] non-binding: claims %.4g yuan, paid %.4g yuan to %d firms\n", rb.claims, rb.paid, rb.firms);
  EXPECT_GT(rb.firms, 10);
  EXPECT_NEAR(rb.paid, rb.claims, 1e-9 * rb.claims);
  EXPECT_DOUBLE_EQ(rb.least, 1.0);
  EXPECT_DOUBLE_EQ(rb.largest, 1.0);
  EXPECT_DOUBLE_EQ(e.insurance_expected_subsidy_share(), 0.3);
  const RunResult r = e.run();
  ASSERT_TRUE(r.books.ok()) << r.books.worst;
  // The claims are 30 % of the premiums firms paid in the year (claims of firms that exited are forfeited).
  double premiums = 0, claims = 0;
  const auto& pr = r.series[metric_index("insurance_premiums")];
  const auto& cl = r.series[metric_index("insurance_subsidy_claims")];
  for (std::size_t t = 1; t <= 12; ++t) {
    premiums += pr[t];
    claims += cl[t];
  }
  EXPECT_NEAR(claims, 0.3 * premiums, 1e-9 * premiums);
  EXPECT_LE(rb.claims, claims * (1 + 1e-12));
  EXPECT_GT(rb.claims, 0.9 * claims);
}
