// The inert-parameter check (issue 15 point 4): every gate the schema
// declares (an instrument's switch, its window, a zero budget or count)
// really silences every key it claims to. For each gate, closed on the
// baseline, each key under it is moved to another valid value and the model
// run again: the series must be bit for bit the same. A key that changes
// them is not inert, and the check would tell a user a lie.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "innosim/experiments/experiment.hpp"
#include "innosim/experiments/schema_registry.hpp"
#include "innosim/model/ecosystem.hpp"
#include "innosim/scenario/scenario.hpp"

using namespace innosim;
using innosim::experiments::full_schema;
using innosim::experiments::prepare_scenario;

namespace {

const std::vector<std::string> kSmall = {"population.firms=300", "horizon_years=2", "replications=1"};

std::vector<std::vector<double>> run(const std::vector<std::string>& overrides) {
  std::vector<std::string> all = kSmall;
  all.insert(all.end(), overrides.begin(), overrides.end());
  const experiments::PreparedScenario ps = prepare_scenario(full_schema(), "jiangmen-2025", all);
  model::Ecosystem eco(ps.params, ps.seed(), 0);
  return eco.run().series;
}

bool same_bits(const std::vector<std::vector<double>>& a, const std::vector<std::vector<double>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t m = 0; m < a.size(); ++m) {
    if (a[m].size() != b[m].size()) return false;
    if (!a[m].empty() && std::memcmp(a[m].data(), b[m].data(), a[m].size() * sizeof(double)) != 0) return false;
  }
  return true;
}

std::string number_text(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

/// Another valid value for the key, as an override, or "" when there is none to try.
std::string moved(const scenario::KeySpec& k, const scenario::Scenario& s) {
  using scenario::KeyType;
  switch (k.type) {
    case KeyType::Boolean: return k.path + "=" + (s.boolean(k.path) ? "false" : "true");
    case KeyType::Number:
    case KeyType::Schedule: {
      const double v = k.type == KeyType::Number ? s.number(k.path) : s.schedule(k.path).value_at(s.start_year());
      for (double c : {v * 1.5 + 0.1, v * 0.5, (k.number_min + std::min(k.number_max, k.number_min + 1.0)) / 2}) {
        if (c == v || !std::isfinite(c) || c < k.number_min || c > k.number_max) continue;
        if ((k.min_exclusive && c == k.number_min) || (k.max_exclusive && c == k.number_max)) continue;
        return k.path + "=" + number_text(c);
      }
      return {};
    }
    case KeyType::Integer: {
      const std::int64_t v = s.integer(k.path);
      if (v + 1 <= k.integer_max) return k.path + "=" + std::to_string(v + 1);
      if (v - 1 >= k.integer_min) return k.path + "=" + std::to_string(v - 1);
      return {};
    }
    case KeyType::Choice:
      for (const std::string& c : k.choices)
        if (c != s.text(k.path)) return k.path + "=" + c;
      return {};
    default: return {};
  }
}

/// Overrides that close the gate on the baseline (and open the others of its section).
std::vector<std::string> closing(const scenario::Gate& g) {
  using Kind = scenario::Gate::Kind;
  const std::string on = g.section + ".enabled";
  const bool has_switch = full_schema().find(on) != nullptr;
  switch (g.kind) {
    case Kind::off: return {g.key + "=false"};
    case Kind::zero: {
      std::vector<std::string> o = {g.key + "=0"};
      if (has_switch) o.push_back(on + "=true");
      return o;
    }
    case Kind::window: return {on + "=true", g.section + ".start_year=2000", g.section + ".end_year=2001"};
  }
  return {};
}

}  // namespace

TEST(InertCheck, EveryGateSilencesItsKeys) {
  const scenario::Schema& schema = full_schema();
  ASSERT_GT(schema.gates().size(), 20u);
  std::size_t moved_keys = 0;
  for (const scenario::Gate& g : schema.gates()) {
    const std::vector<std::string> closed = closing(g);
    const std::vector<std::vector<double>> base = run(closed);
    const scenario::Scenario scn = scenario::load(schema, "jiangmen-2025", [&] {
      std::vector<std::string> all = kSmall;
      all.insert(all.end(), closed.begin(), closed.end());
      return all;
    }());
    for (const scenario::KeySpec& k : schema.keys()) {
      const std::string reason = scenario::inert_reason(scn, k.path);
      const bool claimed = !reason.empty();
      if (!claimed || k.path.rfind(g.section + ".", 0) != 0) continue;
      const std::string move = moved(k, scn);
      if (move.empty()) continue;
      std::vector<std::string> o = closed;
      o.push_back(move);
      std::vector<std::vector<double>> other;
      try {
        other = run(o);
      } catch (const scenario::ScenarioError&) {
        continue;  // the moved value breaks a cross-key rule: nothing to learn
      }
      ++moved_keys;
      EXPECT_TRUE(same_bits(base, other)) << move << " changes the run although the check calls it inert (" << reason
                                          << ")";
    }
  }
  EXPECT_GT(moved_keys, 100u);
}

TEST(InertCheck, Reasons) {
  const scenario::Schema& schema = full_schema();
  // The baseline holds the 邑科贷 pool (in force in October 2025), so the pool-off case is no-risk-pool.
  const scenario::Scenario base = scenario::load(schema, "no-risk-pool");
  EXPECT_EQ(scenario::inert_reason(base, "policies.risk_compensation_pool.coverage_share"),
            "policies.risk_compensation_pool.enabled is false");
  const scenario::Scenario in_force = scenario::load(schema, "jiangmen-2025");
  EXPECT_EQ(scenario::inert_reason(in_force, "policies.risk_compensation_pool.coverage_share"), "");
  EXPECT_EQ(scenario::inert_reason(base, "policies.risk_compensation_pool.enabled"), "");  // the switch itself
  EXPECT_EQ(scenario::inert_reason(base, "firms.market_growth"), "");                      // no gate
  const scenario::Scenario pool = scenario::load(schema, "risk-pool");
  EXPECT_EQ(scenario::inert_reason(pool, "policies.risk_compensation_pool.coverage_share"), "");
  const scenario::Scenario zero = scenario::load(schema, "jiangmen-2025", {"policies.loan_interest_subsidy.budget_yuan=0"});
  EXPECT_NE(scenario::inert_reason(zero, "policies.loan_interest_subsidy.rate").find("budget_yuan is 0 in every year"),
            std::string::npos);
  const scenario::Scenario late =
      scenario::load(schema, "risk-pool", {"policies.risk_compensation_pool.start_year=2040",
                                           "policies.risk_compensation_pool.end_year=2045"});
  EXPECT_NE(scenario::inert_reason(late, "policies.risk_compensation_pool.coverage_share").find("outside the run"),
            std::string::npos);
  EXPECT_EQ(scenario::inert_reason(late, "policies.risk_compensation_pool.end_year"), "");
  EXPECT_EQ(scenario::inert_reason(late, "policies.risk_compensation_pool.start_year"), "");
}
