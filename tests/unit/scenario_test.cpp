// The scenario language: schema, schedules, extends merging, --set
// overrides, diagnostics (each with its exact line and column), hostile
// input, and the resolved-YAML round trip.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "innosim/engine/error.hpp"
#include "innosim/scenario/scenario.hpp"
#include "innosim/scenario/schema.hpp"
#include "innosim/scenario/warmup.hpp"
#include "sha256.hpp"
#include "text.hpp"

namespace fs = std::filesystem;
using namespace innosim::scenario;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// The run keys plus a few model-like keys covering every type.
const Schema& test_schema() {
  static const Schema schema = [] {
    Schema s;
    declare_run_keys(s);
    s.section("policies", "Policy levers.");
    s.section("policies.loan_interest_subsidy", "Interest subsidy on technology loans.");
    s.boolean("policies.loan_interest_subsidy.enabled", true, "Whether the programme runs.");
    s.schedule("policies.loan_interest_subsidy.rate", 0.3, "share", 0, 1, "Share of interest paid by the government.");
    s.number("policies.loan_interest_subsidy.budget_yuan", 300e6, "yuan", 0, kInf, "Annual budget.");
    s.choice("policies.loan_interest_subsidy.delivery", "application", {"application", "automatic"}, "How firms get it.");
    s.schedule("policies.risk_pool.coverage", 0.4, "share", 0, 1, "Share of a loss the pool pays.").max_steps(3);
    s.integer("policies.risk_pool.banks", 8, "banks", 0, 100, "Banks in the pool.");
    s.text("policies.note", "", "Free text.");
    return s;
  }();
  return schema;
}

/// A scratch directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("innosim_scenario_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const fs::path p = path_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::vector<Diagnostic> diagnostics(const std::string& name_or_path, const std::vector<std::string>& overrides = {},
                                    const Schema& schema = test_schema()) {
  try {
    (void)load(schema, name_or_path, overrides);
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

std::string dump(const std::vector<Diagnostic>& ds) {
  std::string out = "diagnostics:\n";
  for (const auto& d : ds) out += "  " + d.to_string() + "\n";
  return out;
}

/// True when some diagnostic is at file:line:column and its message contains `text`.
bool has(const std::vector<Diagnostic>& ds, const std::string& file, int line, int column, const std::string& text) {
  for (const auto& d : ds)
    if (d.file == file && d.line == line && d.column == column && d.message.find(text) != std::string::npos)
      return true;
  return false;
}

#define EXPECT_DIAG(ds, file, line, column, text) EXPECT_TRUE(has(ds, file, line, column, text)) << dump(ds)

const char* kMinimal = "name: t\n";

}  // namespace

// ------------------------------------------------------------------ schema

TEST(ScenarioSchema, RejectsBadDeclarations) {
  Schema s;
  s.number("a.b", 1, "", 0, 2, "");
  EXPECT_THROW(s.number("a.b", 1, "", 0, 2, ""), innosim::InternalError);       // twice
  EXPECT_THROW(s.number("a.b.c", 1, "", 0, 2, ""), innosim::InternalError);     // inside a key
  EXPECT_THROW(s.number("a", 1, "", 0, 2, ""), innosim::InternalError);         // a section
  EXPECT_THROW(s.number("x", 5, "", 0, 2, ""), innosim::InternalError);         // default out of range
  EXPECT_THROW(s.number("Bad-Path", 1, "", 0, 2, ""), innosim::InternalError);  // not lower_case
  EXPECT_THROW(s.number("y", 0, "", 0, 2, "").exclusive_min(), innosim::InternalError);
  EXPECT_THROW(s.choice("z", "c", {"a", "b"}, ""), innosim::InternalError);
  EXPECT_THROW(s.boolean("w", true, "").max_steps(2), innosim::InternalError);
}

TEST(ScenarioSchema, ReferenceListsEveryKey) {
  const auto md = test_schema().reference_markdown();
  const auto text = test_schema().reference_text();
  for (const auto& k : test_schema().keys()) {
    EXPECT_NE(md.find("`" + k.path + "`"), std::string::npos) << k.path;
    EXPECT_NE(text.find(k.path), std::string::npos) << k.path;
  }
  EXPECT_NE(md.find("### `policies.loan_interest_subsidy`"), std::string::npos);
  EXPECT_NE(md.find("Interest subsidy on technology loans."), std::string::npos);
}

TEST(ScenarioSchema, DefaultsApply) {
  TempDir dir;
  const auto s = load(test_schema(), dir.write("t.yaml", kMinimal));
  EXPECT_EQ(s.name(), "t");
  EXPECT_EQ(s.start_year(), 2025);
  EXPECT_EQ(s.horizon_years(), 10.0);
  EXPECT_EQ(s.seed(), 1u);
  EXPECT_EQ(s.replications(), 20);
  EXPECT_EQ(s.integer("population.firms"), 3000);
  EXPECT_EQ(s.text("outputs.sampling"), "monthly");
  EXPECT_FALSE(s.boolean("outputs.panel"));
  EXPECT_EQ(s.number("policies.loan_interest_subsidy.budget_yuan"), 300e6);
  EXPECT_EQ(s.schedule("policies.loan_interest_subsidy.rate").steps,
            (std::vector<std::pair<double, double>>{{2025, 0.3}}));
}

TEST(ScenarioSchema, AccessorsCatchProgrammingErrors) {
  TempDir dir;
  const auto s = load(test_schema(), dir.write("t.yaml", kMinimal));
  EXPECT_THROW((void)s.number("no.such.key"), innosim::InternalError);
  EXPECT_THROW((void)s.boolean("horizon_years"), innosim::InternalError);
  EXPECT_THROW((void)s.text("seed"), innosim::InternalError);
  try {
    (void)s.number("horizon_yeras");
  } catch (const innosim::InternalError& e) {
    EXPECT_NE(std::string(e.what()).find("horizon_years"), std::string::npos) << e.what();
  }
  EXPECT_EQ(s.number("population.firms"), 3000.0);  // integers read as numbers
  EXPECT_EQ(s.integer("seed"), 1);                  // unsigned that fits reads as integer
}

// ------------------------------------------------------------------ schedules

TEST(ScenarioSchedule, ValueAt) {
  const Schedule s{{{2025, 0.1}, {2027, 0.5}, {2030.5, 0.2}}};
  EXPECT_EQ(s.value_at(2000), 0.1);  // before the first step: the first value
  EXPECT_EQ(s.value_at(2025), 0.1);
  EXPECT_EQ(s.value_at(2026.99), 0.1);
  EXPECT_EQ(s.value_at(2027), 0.5);
  EXPECT_EQ(s.value_at(2030.4), 0.5);
  EXPECT_EQ(s.value_at(2030.5), 0.2);
  EXPECT_EQ(s.value_at(3000), 0.2);
  EXPECT_TRUE(std::isnan(Schedule{}.value_at(2025)));
}

TEST(ScenarioSchedule, PlainNumberAndList) {
  TempDir dir;
  const auto s = load(test_schema(), dir.write("t.yaml", "name: t\nstart_year: 2026\npolicies:\n"
                                                         "  loan_interest_subsidy:\n"
                                                         "    rate: [{from_year: 2027, value: 0.5}, {from_year: 2029, value: 0}]\n"
                                                         "  risk_pool:\n    coverage: 0.25\n"));
  EXPECT_EQ(s.schedule("policies.loan_interest_subsidy.rate").steps,
            (std::vector<std::pair<double, double>>{{2027, 0.5}, {2029, 0}}));
  EXPECT_EQ(s.schedule("policies.risk_pool.coverage").steps, (std::vector<std::pair<double, double>>{{2026, 0.25}}));
  EXPECT_EQ(s.schedule("horizon_years").value_at(2030), 10.0);  // a number key reads as a constant schedule
}

TEST(ScenarioSchedule, BlockListForm) {
  TempDir dir;
  const auto s = load(test_schema(), dir.write("t.yaml", "name: t\npolicies:\n  loan_interest_subsidy:\n    rate:\n"
                                                         "      - from_year: 2025\n        value: 0.3\n"
                                                         "      - from_year: 2028\n        value: 0.6\n"));
  EXPECT_EQ(s.schedule("policies.loan_interest_subsidy.rate").value_at(2028), 0.6);
}

TEST(ScenarioSchedule, Validation) {
  TempDir dir;
  const auto f = dir.write("t.yaml",
                           "name: t\n"
                           "policies:\n"
                           "  loan_interest_subsidy:\n"
                           "    rate: [{from_year: 2027, value: 0.5}, {from_year: 2026, value: 1.5}, {from_yaer: 2030, value: 0}]\n"
                           "  risk_pool:\n"
                           "    coverage: []\n");
  const auto ds = diagnostics(f);
  // Line 4: the second step's from_year (col 55) goes backwards, its value (col 68) is above 1.
  EXPECT_DIAG(ds, f, 4, 55, "from_year 2026 must be after the previous step's 2027");
  EXPECT_DIAG(ds, f, 4, 68, "step 2: value: 1.5 is out of range: must be in [0, 1] share");
  EXPECT_DIAG(ds, f, 4, 75, "unknown key 'from_yaer'");
  EXPECT_DIAG(ds, f, 4, 74, "step 3: missing from_year");
  EXPECT_DIAG(ds, f, 4, 75, "did you mean 'from_year'?");
  EXPECT_DIAG(ds, f, 6, 15, "a schedule needs at least one");
}

TEST(ScenarioSchedule, MoreValidation) {
  TempDir dir;
  const auto f = dir.write("t.yaml",
                           "name: t\n"
                           "policies:\n"
                           "  loan_interest_subsidy:\n"
                           "    rate: {from_year: 2027, value: 0.5}\n"
                           "  risk_pool:\n"
                           "    coverage: [{from_year: 2025, value: 0}, {from_year: 2026, value: 0}, {from_year: 2027, "
                           "value: 0}, {from_year: 2028, value: 0}]\n");
  const auto ds = diagnostics(f);
  EXPECT_DIAG(ds, f, 4, 11, "expected a number or a list of {from_year: Y, value: V} steps, got a mapping");
  EXPECT_DIAG(ds, f, 6, 15, "4 steps; at most 3 are allowed");
  const auto g = dir.write("g.yaml", "name: t\npolicies:\n  risk_pool:\n    coverage: [{from_year: 1200, value: 0}, {value: 1}]\n");
  const auto dg = diagnostics(g);
  EXPECT_DIAG(dg, g, 4, 28, "from_year 1200 is not a calendar year");
  EXPECT_DIAG(dg, g, 4, 45, "step 2: missing from_year");
}

// ------------------------------------------------------------------ extends

TEST(ScenarioExtends, DeepMergeAndListsReplace) {
  TempDir dir;
  dir.write("base.yaml",
            "name: base\nhorizon_years: 12\n"
            "outputs:\n  sampling: quarterly\n  panel: true\n"
            "policies:\n  loan_interest_subsidy:\n    budget_yuan: 1e8\n"
            "    rate: [{from_year: 2025, value: 0.1}, {from_year: 2026, value: 0.2}, {from_year: 2027, value: 0.3}]\n");
  const auto child = dir.write("sub/child.yaml",
                               "name: child\nextends: ../base.yaml\n"
                               "outputs:\n  sampling: yearly\n"
                               "policies:\n  loan_interest_subsidy:\n    rate: [{from_year: 2030, value: 0.9}]\n"
                               "  risk_pool:\n");
  const auto s = load(test_schema(), child);
  EXPECT_EQ(s.name(), "child");
  EXPECT_EQ(s.horizon_years(), 12.0);                   // inherited
  EXPECT_EQ(s.text("outputs.sampling"), "yearly");      // child wins...
  EXPECT_TRUE(s.boolean("outputs.panel"));              // ...beside the parent's sibling (deep merge)
  EXPECT_EQ(s.number("policies.loan_interest_subsidy.budget_yuan"), 1e8);
  EXPECT_EQ(s.schedule("policies.loan_interest_subsidy.rate").steps,  // the list is replaced, not merged
            (std::vector<std::pair<double, double>>{{2030, 0.9}}));
  EXPECT_EQ(s.text("extends"), "");  // consumed
  ASSERT_EQ(s.lineage().size(), 2u);
  EXPECT_NE(s.lineage()[1].find("base.yaml"), std::string::npos);
}

// A title and a question are the file's own: a child that gives none has
// none (it would otherwise be shown under its parent's name), a child that
// gives one part keeps only that part, and --set can still give them.
TEST(ScenarioExtends, TitleAndQuestionAreNotInherited) {
  TempDir dir;
  dir.write("base.yaml",
            "name: base\ntitle: {en: Base case, zh: 基准}\nquestion: {en: \"What is the base?\", zh: 基准是什么？}\n"
            "description: the base\nhorizon_years: 12\n");
  const auto bare = dir.write("bare.yaml", "name: bare\nextends: base.yaml\n");
  const auto part = dir.write("part.yaml", "name: part\nextends: base.yaml\ntitle:\n  zh: 变体\n");
  const auto b = load(test_schema(), dir.write("b0.yaml", "name: b0\nextends: base.yaml\n"));
  EXPECT_EQ(b.horizon_years(), 12.0);           // the rest is inherited...
  EXPECT_EQ(b.description(), "the base");       // ...the description included
  EXPECT_EQ(b.text("title.en"), "");            // but not the title
  EXPECT_EQ(b.text("title.zh"), "");
  EXPECT_EQ(b.text("question.zh"), "");
  const auto base = load(test_schema(), (dir.path() / "base.yaml").string());
  EXPECT_EQ(base.text("title.zh"), "基准");
  EXPECT_EQ(base.text("question.en"), "What is the base?");
  const auto p = load(test_schema(), part);
  EXPECT_EQ(p.text("title.zh"), "变体");
  EXPECT_EQ(p.text("title.en"), "");            // not the parent's English either
  EXPECT_EQ(p.text("question.en"), "");
  const auto set = load(test_schema(), bare, {"title.zh=我的情景"});
  EXPECT_EQ(set.text("title.zh"), "我的情景");
  // The resolved text carries them, so a results file knows its scenario's title.
  EXPECT_NE(set.resolved_yaml().find("我的情景"), std::string::npos);
}

TEST(ScenarioExtends, EmbeddedParent) {
  TempDir dir;
  const auto f = dir.write("v.yaml", "name: v\nextends: jiangmen-2025\nhorizon_years: 3\n");
  // Only the run keys: the embedded baseline may carry model sections this
  // test schema lacks, so check the merge through a run-keys-only path.
  Schema run;
  declare_run_keys(run);
  const auto ds = diagnostics(f, {}, run);
  for (const auto& d : ds) EXPECT_EQ(d.message.find("unknown key"), 0u) << dump(ds);  // only model keys may be unknown
  if (ds.empty()) {
    const auto s = load(run, f);
    EXPECT_EQ(s.horizon_years(), 3.0);
    EXPECT_EQ(s.start_year(), 2025);
  }
}

TEST(ScenarioExtends, Cycle) {
  TempDir dir;
  const auto a = dir.write("a.yaml", "name: a\nextends: b.yaml\n");
  const auto b = dir.write("b.yaml", "name: b\nextends: a.yaml\n");
  const auto ds = diagnostics(a);
  EXPECT_DIAG(ds, b, 2, 10, "extends cycle: " + a + " -> " + b + " -> " + a);
  const auto self = dir.write("self.yaml", "name: s\nextends: ./self.yaml\n");
  EXPECT_DIAG(diagnostics(self), self, 2, 10, "extends cycle");
}

TEST(ScenarioExtends, MissingParent) {
  TempDir dir;
  const auto f = dir.write("c.yaml", "name: c\nextends: jiangmen-2052\n");
  const auto ds = diagnostics(f);
  EXPECT_DIAG(ds, f, 2, 10, "cannot find 'jiangmen-2052'");
  EXPECT_DIAG(ds, f, 2, 10, "did you mean 'jiangmen-2025'?");
  ASSERT_EQ(ds.size(), 1u) << dump(ds);  // no cascade of "missing" keys
}

TEST(ScenarioExtends, ParentErrorsAreReportedInTheParent) {
  TempDir dir;
  const auto p = dir.write("p.yaml", "name: p\nhorizon_years: -1\n");
  const auto c = dir.write("c.yaml", "name: c\nextends: p.yaml\nreplications: 0\n");
  const auto ds = diagnostics(c);
  EXPECT_DIAG(ds, p, 2, 16, "horizon_years: -1 is out of range");
  EXPECT_DIAG(ds, c, 3, 15, "replications: 0 is out of range");
}

TEST(ScenarioExtends, NotText) {
  TempDir dir;
  const auto f = dir.write("c.yaml", "name: c\nextends: [a, b]\n");
  EXPECT_DIAG(diagnostics(f), f, 2, 10, "extends: expected the name or path of a parent scenario, got a list");
}

// ------------------------------------------------------------------ overrides

TEST(ScenarioOverrides, Typed) {
  TempDir dir;
  const auto f = dir.write("t.yaml", kMinimal);
  const auto s = load(test_schema(), f,
                      {"horizon_years=20", "outputs.sampling=yearly", "seed=18446744073709551615",
                       "policies.loan_interest_subsidy.rate=[{from_year: 2027, value: 0.5}]", "horizon_years=25",
                       "policies.note=hello world", "outputs.panel=true"});
  EXPECT_EQ(s.horizon_years(), 25.0);  // in order: the last wins
  EXPECT_EQ(s.text("outputs.sampling"), "yearly");
  EXPECT_EQ(s.seed(), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(s.schedule("policies.loan_interest_subsidy.rate").steps,
            (std::vector<std::pair<double, double>>{{2027, 0.5}}));
  EXPECT_EQ(s.text("policies.note"), "hello world");
  EXPECT_TRUE(s.boolean("outputs.panel"));
}

TEST(ScenarioOverrides, BadPathsAndValues) {
  TempDir dir;
  const auto f = dir.write("t.yaml", kMinimal);
  const auto ds = diagnostics(f, {"horizn_years=3", "horizon_years=abc", "outputs=1", "no_equals_sign",
                                  "extends=x", "outputs.sampling=[1, 2", "policies.risk_pool.banks=", "seed=-1"});
  EXPECT_DIAG(ds, "<--set>", 1, 1, "unknown key 'horizn_years' (did you mean 'horizon_years'?)");
  EXPECT_DIAG(ds, "<--set>", 2, 15, "horizon_years: expected a number, got \"abc\"");
  EXPECT_DIAG(ds, "<--set>", 3, 1, "'outputs' is a section");
  EXPECT_DIAG(ds, "<--set>", 4, 1, "expected dotted.path=value");
  EXPECT_DIAG(ds, "<--set>", 5, 1, "extends cannot be overridden");
  EXPECT_DIAG(ds, "<--set>", 6, 23, "YAML syntax error");  // where the parser gave up: the end
  EXPECT_DIAG(ds, "<--set>", 7, 26, "policies.risk_pool.banks: expected an integer, got no value");
  EXPECT_DIAG(ds, "<--set>", 8, 6, "seed: -1 is out of range");
  EXPECT_EQ(ds.size(), 8u) << dump(ds);
}

TEST(ScenarioOverrides, SuggestsFullPathForMisplacedKey) {
  TempDir dir;
  const auto f = dir.write("t.yaml", kMinimal);
  EXPECT_DIAG(diagnostics(f, {"firms=10"}), "<--set>", 1, 1, "did you mean 'population.firms'?");
}

TEST(ScenarioOverrides, CheckedEvenWhenTheFileIsBroken) {
  TempDir dir;
  const auto f = dir.write("t.yaml", "name: [\n");
  const auto ds = diagnostics(f, {"horizon_years=x"});
  EXPECT_DIAG(ds, "<--set>", 1, 15, "expected a number");
  EXPECT_EQ(ds.size(), 2u) << dump(ds);  // the syntax error and the override; no "missing name"
}

// ------------------------------------------------------------------ errors, with positions

TEST(ScenarioErrors, SeveralAtOnce) {
  TempDir dir;
  const auto f = dir.write("bad.yaml",
                           "name: t\n"                            // 1
                           "horizon_yeras: 5\n"                   // 2 unknown key
                           "replications: \"20\"\n"               // 3 quoted number
                           "population:\n"                        // 4
                           "  firms: 1.5\n"                       // 5 not an integer
                           "outputs:\n"                           // 6
                           "  sampling: weekly\n"                 // 7 not a choice
                           "  panel: yes\n"                       // 8 YAML 1.1 boolean
                           "policies:\n"                          // 9
                           "  loan_interest_subsidy:\n"           // 10
                           "    budget_yuan: -5\n"                // 11 negative budget
                           "    rate: 1.01\n"                     // 12 share above 1
                           "    enabeld: true\n");                // 13 typo in a nested key
  const auto ds = diagnostics(f);
  EXPECT_DIAG(ds, f, 2, 1, "unknown key 'horizon_yeras' (did you mean 'horizon_years'?)");
  EXPECT_DIAG(ds, f, 3, 15, "replications: expected an integer, got the quoted text \"20\" (remove the quotes)");
  EXPECT_DIAG(ds, f, 5, 10, "population.firms: expected an integer, got \"1.5\" (a whole number)");
  EXPECT_DIAG(ds, f, 7, 13, "outputs.sampling: \"weekly\" is not one of monthly, quarterly, yearly");
  EXPECT_DIAG(ds, f, 8, 10, "outputs.panel: expected true or false, got \"yes\"");
  EXPECT_DIAG(ds, f, 11, 18, "budget_yuan: -5 is out of range: must be >= 0 yuan");
  EXPECT_DIAG(ds, f, 12, 11, "rate: 1.01 is out of range: must be in [0, 1] share");
  EXPECT_DIAG(ds, f, 13, 5, "unknown key 'policies.loan_interest_subsidy.enabeld' (did you mean "
                            "'policies.loan_interest_subsidy.enabled'?)");
  EXPECT_EQ(ds.size(), 8u) << dump(ds);
  // what() has them all, one per line, in file:line:column: message form.
  try {
    (void)load(test_schema(), f);
  } catch (const ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_EQ(std::count(what.begin(), what.end(), '\n'), 7) << what;
    EXPECT_EQ(what.rfind(f + ":2:1: unknown key", 0), 0u) << what;
    const innosim::ConfigError& as_config = e;  // main() maps it to exit 2
    (void)as_config;
  }
}

TEST(ScenarioErrors, HorizonLimits) {
  TempDir dir;
  const auto zero = dir.write("z.yaml", "name: t\nhorizon_years: 0\n");
  EXPECT_DIAG(diagnostics(zero), zero, 2, 16, "horizon_years: 0 is out of range: must be in (0, 50] years");
  const auto huge = dir.write("h.yaml", "name: t\nhorizon_years: 1e6\n");
  EXPECT_DIAG(diagnostics(huge), huge, 2, 16, "out of range");
  const auto inf = dir.write("i.yaml", "name: t\nhorizon_years: 1e999\n");
  EXPECT_DIAG(diagnostics(inf), inf, 2, 16, "not a finite number");
  const auto nan = dir.write("n.yaml", "name: t\nhorizon_years: .nan\n");
  EXPECT_DIAG(diagnostics(nan), nan, 2, 16, "expected a number");
}

// A warm-up (issue 18, part 2): the scenario simulated starts W years
// earlier with the start year's policies.
TEST(ScenarioWarmup, StartYearPoliciesBeforeTheStart) {
  static const Schema schema = [] {
    Schema s;
    declare_run_keys(s);
    s.section("policies", "Policy levers.");
    for (const char* p : {"a", "b", "c", "d"}) {
      const std::string sec = std::string("policies.") + p;
      s.section(sec, "An instrument.");
      s.integer(sec + ".start_year", 0, "calendar year", 0, 3000, "First year.");
      s.integer(sec + ".end_year", 9999, "calendar year", 0, 9999, "Last year.");
    }
    s.schedule("policies.a.rate", 0.3, "share", 0, 1, "A rate.").max_steps(3);
    s.schedule("policies.b.rate", 0.3, "share", 0, 1, "A rate.").max_steps(3);
    s.schedule("policies.c.rate", 0.3, "share", 0, 1, "A rate.").max_steps(3);
    s.integer("policies.a.count", 8, "", 0, 100, "Not a window.");
    return s;
  }();
  TempDir dir;
  // a: open from 2020, rate changes in 2024 and 2027; b: opens in 2025 (the
  // start year: a policy introduced at the start); c: closed in 2023, rate
  // only from 2026 on; d: from the start (0).
  const auto f = dir.write("w.yaml", R"(name: w
start_year: 2025
horizon_years: 3
warmup_years: 2
policies:
  a: {start_year: 2020, rate: [{from_year: 2020, value: 0.1}, {from_year: 2024, value: 0.2}, {from_year: 2027, value: 0.5}]}
  b: {start_year: 2025, end_year: 2026}
  c: {start_year: 2019, end_year: 2023, rate: [{from_year: 2026, value: 0.7}]}
)");
  const Scenario s = load(schema, f);
  EXPECT_EQ(warmup_years(s), 2);
  const Scenario w = warmup_run_scenario(s);
  EXPECT_EQ(w.start_year(), 2023);
  EXPECT_EQ(w.horizon_years(), 5.0);
  EXPECT_EQ(warmup_years(w), 0);
  // a: open through the warm-up, the start year's rate (0.2) in 2023-2024, 2027's step kept.
  EXPECT_EQ(w.integer("policies.a.start_year"), 0);
  EXPECT_EQ(w.schedule("policies.a.rate"), (Schedule{{{2023, 0.2}, {2027, 0.5}}}));
  EXPECT_EQ(w.integer("policies.a.count"), 8);
  // b opens at the start date; d is open from the start of the warm-up.
  EXPECT_EQ(w.integer("policies.b.start_year"), 2025);
  EXPECT_EQ(w.integer("policies.d.start_year"), 0);
  // c: off at the start, so off in the warm-up; its schedule never gains a step.
  EXPECT_EQ(w.integer("policies.c.start_year"), 2025);
  EXPECT_GT(w.integer("policies.c.start_year"), w.integer("policies.c.end_year"));
  EXPECT_EQ(w.schedule("policies.c.rate"), (Schedule{{{2026, 0.7}}}));
  EXPECT_EQ(w.schedule("policies.c.rate").value_at(2023), 0.7);
  // b's constant rate: the start year's value everywhere.
  EXPECT_EQ(w.schedule("policies.b.rate").value_at(2023), 0.3);
  // Without a warm-up the scenario is itself.
  const Scenario none = load(schema, dir.write("n.yaml", "name: n\nhorizon_years: 3\n"));
  EXPECT_EQ(warmup_run_scenario(none).resolved_yaml(), none.resolved_yaml());
  // The run stays within the 50 years over which the books balance.
  const auto long_run = dir.write("l.yaml", "name: l\nhorizon_years: 40\nwarmup_years: 11\n");
  const Scenario l = load(schema, long_run);
  try {
    (void)warmup_run_scenario(l);
    ADD_FAILURE() << "a 51-year run was accepted";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("horizon_years + warmup_years is 51; at most 50"), std::string::npos) << e.what();
  }
  EXPECT_DIAG(diagnostics(dir.write("x.yaml", "name: x\nwarmup_years: 21\n"), {}, schema), dir.path() / "x.yaml", 2, 15,
              "out of range");
}

TEST(ScenarioErrors, SyntaxError) {
  TempDir dir;
  const auto f = dir.write("s.yaml", "name: t\nhorizon_years: 5\n  bad: 2\n");
  const auto ds = diagnostics(f);
  ASSERT_EQ(ds.size(), 1u) << dump(ds);
  EXPECT_EQ(ds[0].file, f);
  EXPECT_EQ(ds[0].line, 3);
  EXPECT_EQ(ds[0].column, 6);
  EXPECT_NE(ds[0].message.find("YAML syntax error"), std::string::npos);
}

TEST(ScenarioErrors, MissingRequiredKey) {
  TempDir dir;
  const auto f = dir.write("m.yaml", "# no name\nhorizon_years: 5\n");
  EXPECT_DIAG(diagnostics(f), f, 2, 1, "missing required key 'name'");
}

TEST(ScenarioErrors, BadName) {
  TempDir dir;
  const auto f = dir.write("m.yaml", "name: my run\n");
  EXPECT_DIAG(diagnostics(f), f, 1, 7, "name: \"my run\" is not a valid name");
}

TEST(ScenarioErrors, DuplicateKeysReportBothLines) {
  TempDir dir;
  const auto f = dir.write("d.yaml", "name: t\nhorizon_years: 5\noutputs:\n  panel: true\nhorizon_years: 6\n");
  const auto ds = diagnostics(f);
  ASSERT_EQ(ds.size(), 1u) << dump(ds);
  EXPECT_DIAG(ds, f, 5, 1, "duplicate key 'horizon_years' (first given at line 2, column 1)");
}

TEST(ScenarioErrors, DottedKeysInFiles) {
  TempDir dir;
  const auto f = dir.write("d.yaml", "name: t\npopulation.firms: 5\noutputs:\n  panel.x: 1\npolicies.nothing: 1\n");
  const auto ds = diagnostics(f);
  EXPECT_DIAG(ds, f, 2, 1, "dotted key 'population.firms': nest it instead (population: then firms: indented under it)");
  EXPECT_DIAG(ds, f, 4, 3, "unknown key 'outputs.panel.x'");
  EXPECT_DIAG(ds, f, 5, 1, "unknown key 'policies.nothing'");
  EXPECT_EQ(ds.size(), 3u) << dump(ds);
  EXPECT_EQ(diagnostics("").at(0).to_string(), "<command line>: empty scenario name");
}

TEST(ScenarioErrors, SectionGivenAScalar) {
  TempDir dir;
  const auto f = dir.write("s.yaml", "name: t\noutputs: 5\n");
  EXPECT_DIAG(diagnostics(f), f, 2, 10, "'outputs' is a section: expected a mapping of its keys, got \"5\"");
}

TEST(ScenarioErrors, NotAMapping) {
  TempDir dir;
  const auto empty = dir.write("e.yaml", "");
  EXPECT_DIAG(diagnostics(empty), empty, 0, 0, "the file is empty");
  const auto comments = dir.write("c.yaml", "# just a comment\n\n");
  EXPECT_DIAG(diagnostics(comments), comments, 0, 0, "the file is empty");
  const auto list = dir.write("l.yaml", "\n- name: t\n");
  EXPECT_DIAG(diagnostics(list), list, 2, 1, "the top level must be a mapping of keys (name: ..., ...), not a list");
  const auto scalar = dir.write("s.yaml", "hello\n");
  EXPECT_DIAG(diagnostics(scalar), scalar, 1, 1, "not \"hello\"");
  const auto two = dir.write("two.yaml", "name: t\n---\nname: u\n");
  EXPECT_DIAG(diagnostics(two), two, 2, 1, "more than one YAML document");
}

TEST(ScenarioErrors, FilesThatCannotBeRead) {
  TempDir dir;
  EXPECT_DIAG(diagnostics("no/such/file.yaml"), "no/such/file.yaml", 0, 0, "no such file");
  EXPECT_DIAG(diagnostics("jiangmen-2052"), "jiangmen-2052", 0, 0, "did you mean 'jiangmen-2025'?");
  EXPECT_DIAG(diagnostics(dir.path().string()), dir.path().lexically_normal().string(), 0, 0, "is a directory");
}

TEST(ScenarioErrors, ComplexKeysAndTags) {
  TempDir dir;
  const auto f = dir.write("k.yaml", "name: t\n[a, b]: 1\nhorizon_years: !!float 5\nseed: !custom 3\n");
  const auto ds = diagnostics(f);
  EXPECT_DIAG(ds, f, 2, 1, "a key must be plain text, not a list");
  EXPECT_DIAG(ds, f, 4, 7, "unsupported YAML tag '!custom'");
  EXPECT_EQ(ds.size(), 2u) << dump(ds);  // !!float is a standard tag
}

TEST(ScenarioErrors, ColumnsCountCharactersNotBytes) {
  TempDir dir;
  const auto f = dir.write("u.yaml", "name: t\ndescription: \"é\" \npolicies:\n  note: ü\n  nöte: 1\n");
  EXPECT_DIAG(diagnostics(f), f, 5, 3, "unknown key 'policies.nöte'");
  const auto g = dir.write("g.yaml", "name: t\npolicies: {note: \"日本\", budget: x}\n");
  EXPECT_DIAG(diagnostics(g), g, 2, 24, "unknown key 'policies.budget'");
}

TEST(ScenarioErrors, ByteOrderMarkAndCrlf) {
  TempDir dir;
  const auto f = dir.write("b.yaml", "\xEF\xBB\xBFname: t\r\nhorizon_years: x\r\n");
  EXPECT_DIAG(diagnostics(f), f, 2, 16, "expected a number");
}

// ------------------------------------------------------------------ hostile input

namespace {

/// Runs `fn` and fails the test if it took longer than `seconds`.
template <class Fn>
void expect_fast(double seconds, Fn&& fn) {
  const auto t0 = std::chrono::steady_clock::now();
  fn();
  const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(dt, seconds);
}

}  // namespace

TEST(ScenarioHostile, DeepFlowNesting) {
  TempDir dir;
  // The root mapping is level 1, so the 64th bracket (column 11 + 63) is one too many.
  const auto f = dir.write("deep.yaml", "name: t\npolicies: " + std::string(1000, '[') + std::string(1000, ']') + "\n");
  expect_fast(2.0, [&] { EXPECT_DIAG(diagnostics(f), f, 2, 74, "nesting deeper than 64 levels"); });
  // Unclosed, yaml-cpp reads each '[' as a key and a list: twice as deep per bracket.
  const auto g = dir.write("open.yaml", "name: t\npolicies: " + std::string(100000, '[') + "\n");
  expect_fast(2.0, [&] { EXPECT_DIAG(diagnostics(g), g, 2, 43, "nesting deeper than 64 levels"); });
}

TEST(ScenarioHostile, DeepBlockNesting) {
  TempDir dir;
  std::string text = "name: t\n";
  for (int i = 0; i < 2000; ++i) text += std::string(static_cast<std::size_t>(i), ' ') + "a:\n";
  const auto f = dir.write("deep.yaml", text);
  expect_fast(2.0, [&] { EXPECT_DIAG(diagnostics(f), f, 66, 65, "nesting deeper than 64 levels"); });
}

TEST(ScenarioHostile, BillionLaughs) {
  TempDir dir;
  std::string text = "name: t\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  // Appended piecewise: GCC 12 warns (falsely, -Wrestrict) on "literal" + std::string chains.
  for (int i = 1; i <= 9; ++i) {
    const std::string n = std::to_string(i);
    const std::string p = std::string("*l") += std::to_string(i - 1);
    text.append("l").append(n).append(": &l").append(n).append(" [").append(p);
    for (int k = 1; k < 10; ++k) text.append(", ").append(p);
    text += "]\n";
  }
  const auto f = dir.write("lol.yaml", text);
  expect_fast(1.0, [&] {
    const auto ds = diagnostics(f);
    ASSERT_EQ(ds.size(), 1u) << dump(ds);
    EXPECT_NE(ds[0].message.find("more than 1000000 nodes after expanding aliases"), std::string::npos) << dump(ds);
  });
}

TEST(ScenarioHostile, AliasesWithinBudgetWork) {
  TempDir dir;
  const auto f = dir.write("alias.yaml", "name: t\noutputs: &o\n  panel: true\npolicies:\n  note: &n hi\n"
                                         "  loan_interest_subsidy:\n    delivery: automatic\n    enabled: true\n"
                                         "  risk_pool: {banks: 3}\n");
  const auto s = load(test_schema(), f);
  EXPECT_TRUE(s.boolean("outputs.panel"));
  const auto g = dir.write("self.yaml", "name: t\na: &a [1, *a]\n");
  expect_fast(1.0, [&] { EXPECT_FALSE(diagnostics(g).empty()); });
}

TEST(ScenarioHostile, HugeFile) {
  TempDir dir;
  const auto f = dir.write("huge.yaml", "name: t\ndescription: \"" + std::string(5u << 20, 'x') + "\"\n");
  expect_fast(1.0, [&] { EXPECT_DIAG(diagnostics(f), f, 0, 0, "file is larger than 4 MiB"); });
  // A device is refused before a byte is read (it could be endless).
  if (fs::exists("/dev/zero")) {
    expect_fast(2.0, [&] {
      EXPECT_DIAG(diagnostics("/dev/zero"), "/dev/zero", 0, 0, "is a character device, not a regular file");
    });
  }
}

// Issue #19: a FIFO with no writer blocked the loader forever.
TEST(ScenarioHostile, FifoIsRefusedWithoutBlocking) {
  TempDir dir;
  const fs::path fifo = dir.path() / "pipe.yaml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  expect_fast(2.0, [&] { EXPECT_DIAG(diagnostics(fifo.string()), fifo.string(), 0, 0, "is a FIFO, not a regular file"); });
}

TEST(ScenarioHostile, InvalidUtf8) {
  TempDir dir;
  const auto f = dir.write("u.yaml", "name: t\ndescription: \"ok é\xff\"\n");
  const auto ds = diagnostics(f);
  ASSERT_EQ(ds.size(), 1u) << dump(ds);
  EXPECT_DIAG(ds, f, 2, 19, "invalid UTF-8 (byte 0xff)");
  const auto overlong = dir.write("o.yaml", "name: t\n\xC0\xAF: 1\n");
  EXPECT_DIAG(diagnostics(overlong), overlong, 2, 1, "invalid UTF-8");
  const auto surrogate = dir.write("s.yaml", "name: t\nx: \xED\xA0\x80\n");
  EXPECT_DIAG(diagnostics(surrogate), surrogate, 2, 4, "invalid UTF-8");
  const auto truncated = dir.write("t.yaml", "name: t\nx: \xE6\x97");
  EXPECT_DIAG(diagnostics(truncated), truncated, 2, 4, "invalid UTF-8");
}

TEST(ScenarioHostile, EscapesThatMakeInvalidText) {
  TempDir dir;
  const auto f = dir.write("e.yaml", "name: t\ndescription: \"a \\N b\"\nx: \"\\0\"\n");
  const auto ds = diagnostics(f);
  EXPECT_DIAG(ds, f, 2, 14, "quoted text: invalid UTF-8");  // yaml-cpp 0.7 decodes \N to a lone byte
  EXPECT_DIAG(ds, f, 3, 4, "quoted text: control character U+0000");
  const auto g = dir.write("g.yaml", "name: t\npolicies: {note: \"\\uD800\"}\n");
  EXPECT_DIAG(diagnostics(g), g, 2, 25, "YAML syntax error: invalid unicode");
}

TEST(ScenarioHostile, BinaryJunk) {
  TempDir dir;
  const auto nul = dir.write("n.yaml", std::string("name: t\nx: a\0b\n", 15));
  EXPECT_DIAG(diagnostics(nul), nul, 2, 5, "control character U+0000");
  std::mt19937_64 rng(42);
  for (int round = 0; round < 20; ++round) {
    std::string junk(4096, '\0');
    for (auto& c : junk) c = static_cast<char>(rng());
    const auto f = dir.write("junk" + std::to_string(round) + ".bin", junk);
    expect_fast(1.0, [&] { EXPECT_FALSE(diagnostics(f).empty()); });
  }
}

TEST(ScenarioHostile, KnownParserTraps) {
  // Inputs that made yaml-cpp loop or exhaust memory in some versions.
  TempDir dir;
  const std::vector<std::string> traps = {",", "[:", "{:", "[:]", "{:]", "- !+(.,.)", "[[:", "? ", ": ", "&a",
                                          "*a", "!", "%YAML 1.2\n", "...", "---", "|", ">", "\t", "a: b: c", "'",
                                          "\"", "{a: 1, a: 2}", "-", "- - - - x", "a:\n- b\n-c: d", "@", "`"};
  int i = 0;
  for (const auto& t : traps) {
    const auto f = dir.write("trap" + std::to_string(i++) + ".yaml", t);
    expect_fast(1.0, [&] { EXPECT_FALSE(diagnostics(f).empty()) << t; });
  }
}

TEST(ScenarioHostile, MutationFuzz) {
  // Random byte edits of a valid scenario: every outcome is a scenario or a
  // ScenarioError — never a crash, a hang, or another exception.
  TempDir dir;
  const std::string base =
      "name: t\nhorizon_years: 5\npolicies:\n  loan_interest_subsidy:\n"
      "    rate: [{from_year: 2027, value: 0.5}, {from_year: 2029, value: 0}]\n"
      "    delivery: automatic\noutputs: {panel: true, sampling: yearly}\nx: &a [1, 2]\ny: *a\n";
  const std::string alphabet = "[]{}:,-&*!|>'\"#?% \n\t0aZ.\xc3\xa9\xff";
  std::mt19937_64 rng(7);
  const auto path = dir.write("fuzz.yaml", base);
  const auto t0 = std::chrono::steady_clock::now();
  // INNOSIM_FUZZ_ROUNDS=1000000 for a long run by hand (e.g. under the sanitizers).
  const char* env = std::getenv("INNOSIM_FUZZ_ROUNDS");
  const int rounds = env ? std::atoi(env) : 3000;
  for (int round = 0; round < rounds; ++round) {
    std::string text = base;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % (text.size() + 1);
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0: text.insert(at, 1, c); break;
        case 1: if (at < text.size()) text.erase(at, 1); break;
        default: if (at < text.size()) text[at] = c;
      }
    }
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    try {
      (void)load(test_schema(), path);
    } catch (const ScenarioError&) {
    } catch (const std::exception& e) {
      ADD_FAILURE() << "unexpected exception " << e.what() << " for:\n" << text;
    }
  }
  if (!env) {
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 30.0);
  }
}

TEST(ScenarioHostile, TooManyProblemsAreCapped) {
  TempDir dir;
  std::string text = "name: t\n";
  for (int i = 0; i < 500; ++i) {
    text += 'k';
    text += std::to_string(i);
    text += ": 1\n";
  }
  const auto f = dir.write("many.yaml", text);
  const auto ds = diagnostics(f);
  ASSERT_EQ(ds.size(), kMaxDiagnostics + 1) << dump(ds);
  EXPECT_NE(ds.back().message.find("and 400 more problems"), std::string::npos) << ds.back().message;
}

// ------------------------------------------------------------------ resolved YAML

TEST(ScenarioResolved, RoundTripIsExact) {
  TempDir dir;
  const auto f = dir.write(
      "t.yaml",
      "name: round.trip_1\n"
      "description: \"quotes \\\" and \\\\ backslash, tab\\t, newline\\n, unicode é 日本, NEL \\u0085, LS \\u2028, BOM \\ufeff\"\n"
      "start_year: 2031\n"
      "horizon_years: 0.1\n"
      "seed: 18446744073709551615\n"
      "policies:\n"
      "  loan_interest_subsidy:\n"
      "    budget_yuan: 1e300\n"
      "    rate: [{from_year: 2031, value: 0.1}, {from_year: 2033.25, value: 0.30000000000000004}]\n"
      "  risk_pool:\n"
      "    coverage: [{from_year: 2040, value: 0.3333333333333333}]\n"
      "  note: \"  leading spaces, 'single' quotes, # not a comment: really\"\n");
  const auto a = load(test_schema(), f, {"population.firms=1e6", "outputs.sampling=quarterly"});
  const std::string yaml = a.resolved_yaml();
  const auto g = dir.write("resolved.yaml", yaml);
  const auto b = load(test_schema(), g);
  EXPECT_TRUE(a == b) << yaml;
  EXPECT_EQ(b.resolved_yaml(), yaml);
  EXPECT_EQ(b.sha256(), a.sha256());
  EXPECT_EQ(b.text("description"), a.text("description"));
  EXPECT_EQ(b.number("policies.loan_interest_subsidy.budget_yuan"), 1e300);
  EXPECT_EQ(b.schedule("policies.loan_interest_subsidy.rate").steps[1].second, 0.30000000000000004);
  EXPECT_EQ(b.schedule("policies.risk_pool.coverage").steps,
            (std::vector<std::pair<double, double>>{{2040, 0.3333333333333333}}));
  // Every key is present, in schema order.
  std::size_t pos = 0;
  for (const auto& k : test_schema().keys()) {
    const auto leaf = k.path.substr(k.path.rfind('.') == std::string::npos ? 0 : k.path.rfind('.') + 1);
    const auto at = yaml.find(leaf + ":", pos);
    ASSERT_NE(at, std::string::npos) << k.path << "\n" << yaml;
    pos = at;
  }
  EXPECT_NE(yaml.find("extends: \"\"\n"), std::string::npos);
}

TEST(ScenarioResolved, ShaChangesWithValues) {
  TempDir dir;
  const auto f = dir.write("t.yaml", kMinimal);
  auto a = load(test_schema(), f);
  const auto before = a.sha256();
  EXPECT_EQ(before.size(), 64u);
  EXPECT_EQ(before, innosim::scenario::detail::sha256_hex(a.resolved_yaml()));
  a.set_seed(99);
  EXPECT_NE(a.sha256(), before);
  EXPECT_EQ(a.seed(), 99u);
  EXPECT_NE(a.resolved_yaml().find("seed: 99\n"), std::string::npos);
  a.set_replications(7);
  EXPECT_EQ(a.replications(), 7);
  EXPECT_NE(a.resolved_yaml().find("replications: 7\n"), std::string::npos);
  EXPECT_THROW(a.set_replications(0), ScenarioError);
  EXPECT_THROW(a.set_replications(100001), ScenarioError);
  const auto b = load(test_schema(), f, {"seed=99", "replications=7"});
  EXPECT_EQ(a.sha256(), b.sha256());
}

TEST(ScenarioResolved, EquivalentSpellingsGiveTheSameHash) {
  TempDir dir;
  const auto a = load(test_schema(), dir.write("a.yaml", "name: t\nhorizon_years: 10\n"));
  const auto b = load(test_schema(), dir.write("b.yaml", "# comment\nname: \"t\"\nhorizon_years: 1.0e1\nseed: 1\n"));
  EXPECT_EQ(a.sha256(), b.sha256());
}

// ------------------------------------------------------------------ embedded library

TEST(ScenarioEmbedded, LibraryIsPresentAndNamesMatchFiles) {
  const auto list = embedded_scenarios();
  ASSERT_FALSE(list.empty());
  bool baseline = false;
  for (const auto& [name, description] : list) {
    EXPECT_FALSE(description.empty()) << name;
    EXPECT_EQ(description.find('\n'), std::string::npos) << name;
    const auto text = embedded_scenario_text(name);
    EXPECT_NE(text.find("\nname: " + name + "\n"), std::string::npos) << name << ": name must match the file name";
    if (name != "jiangmen-2025") {
      EXPECT_NE(text.find("\nextends: jiangmen-2025\n"), std::string::npos) << name << " should extend the baseline";
    }
    baseline = baseline || name == "jiangmen-2025";
  }
  EXPECT_TRUE(baseline);
  EXPECT_TRUE(embedded_scenario_text("no-such-scenario").empty());
}

// ------------------------------------------------------------------ internals

TEST(ScenarioInternals, Sha256Vectors) {
  using innosim::scenario::detail::sha256_hex;
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(sha256_hex(std::string(55, 'x')).size(), 64u);  // padding edge cases: 55, 56, 64 bytes
  EXPECT_NE(sha256_hex(std::string(56, 'x')), sha256_hex(std::string(55, 'x')));
  EXPECT_NE(sha256_hex(std::string(64, 'x')), sha256_hex(std::string(63, 'x')));
}

TEST(ScenarioInternals, Suggestions) {
  using innosim::scenario::detail::closest;
  using innosim::scenario::detail::edit_distance;
  EXPECT_EQ(edit_distance("seed", "sede"), 1u);  // a transposition counts once
  EXPECT_EQ(edit_distance("Seed", "seed"), 0u);
  // With a limit: exact up to it, limit + 1 beyond (early exit, same answer).
  EXPECT_EQ(edit_distance("seed", "sede", 4), 1u);
  EXPECT_EQ(edit_distance("abcdefgh", "zzzzzzzz"), 8u);
  EXPECT_EQ(edit_distance("abcdefgh", "zzzzzzzz", 2), 3u);
  EXPECT_EQ(edit_distance("horizon_years", "seed", 4), 5u);
  EXPECT_EQ(edit_distance("policies.risk_pool", "policies.risk_pol", 1), 1u);
  for (const char* a : {"", "a", "ab", "seed", "horizon_years", "outputs.panel"})
    for (const char* b : {"", "b", "ba", "sede", "horizon_yaers", "outputs.events"})
      for (std::size_t k = 0; k < 6; ++k)
        EXPECT_EQ(edit_distance(a, b, k), std::min(edit_distance(a, b), k + 1)) << a << " " << b << " " << k;
  EXPECT_EQ(closest("horizon", {"horizon_years", "seed"}), "horizon_years");
  EXPECT_EQ(closest("zzzzzz", {"horizon_years", "seed"}), std::nullopt);
}

TEST(ScenarioInternals, NumberFormattingRoundTrips) {
  using innosim::scenario::detail::format_number;
  using innosim::scenario::detail::parse_double;
  std::mt19937_64 rng(3);
  for (int i = 0; i < 10000; ++i) {
    double x;
    const std::uint64_t bits = rng();
    std::memcpy(&x, &bits, sizeof x);
    if (!std::isfinite(x)) continue;
    const auto back = parse_double(format_number(x));
    ASSERT_TRUE(back.has_value()) << format_number(x);
    EXPECT_EQ(*back, x) << format_number(x);
  }
}
