#pragma once
// The synthetic results file shared by the output tests (C++ and, through
// output_test_helper, Python). Every value is a closed-form function of its
// indices, so readers can check them without a reference file;
// tests/output/test_output_python.py repeats these formulas and must stay in
// step with them.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "innosim/output/results_writer.hpp"

namespace innosim::output::synthetic {

/// Chinese text that must round-trip through the file unchanged.
inline const std::string kChinese = "江门 2025 科技金融";

/// Scenario A: 3 replications, 5 time points, 2 metrics, a firm panel of
/// several chunks and an event log. Scenario B: 2 replications, one failed.
inline const std::string kScenarioA = kChinese;
inline const std::string kScenarioB = "baseline";
inline constexpr int kRepsA = 3;
inline constexpr int kTimesA = 5;
inline constexpr int kFirmsPerSnapshot = 20;
inline constexpr std::size_t kPanelBlock = 64;  // chunk rows: 3*5*20 = 300 rows span 5 chunks
inline constexpr int kEventsPerRep = 10;
inline constexpr std::size_t kEventBlock = 8;
inline constexpr std::uint64_t kSeedA = 20250101;

inline double time_a(int t) { return 0.5 * t; }

/// Metric m of scenario A, replication r, time index t.
inline double value_a(int m, int r, int t) { return (m + 1) * 100.0 + 7.25 * r * t + 0.5 * t + 0.125 * r * r * m; }

/// Metric 0 of scenario B (only replication 0 succeeds).
inline double value_b(int r, int t) { return 42.0 + r + 0.25 * t; }

inline std::uint64_t rep_seed(std::uint64_t base, int r) { return base * 1000 + static_cast<std::uint64_t>(r); }

inline FirmRecord firm(int r, int t, int i) {
  FirmRecord f;
  f.replication = r;
  f.time = time_a(t);
  f.firm_id = r * 1000 + i;
  f.stage = static_cast<FirmStage>(i % 5);
  f.sector = static_cast<std::int16_t>(i % 7 - 1);
  f.employees = 10.0 + i + t;
  f.revenue = 1.0e6 * (i + 1) + 1.0e4 * t;
  f.rd_spending = 5.0e4 * (i % 3);
  f.cash = -2.5e5 + 1.0e5 * i;
  f.debt = 3.0e5 * (i % 2);
  f.productivity = 1.0 + 0.01 * i + 0.001 * t;
  f.incubated = i % 2 == 0;
  f.insured = i % 3 == 0;
  f.vc_backed = i % 4 == 0;
  f.alive = (i + t) % 6 != 0;
  return f;
}

inline std::vector<EventKind> event_kinds() { return {{"loan", 1}, {"vc_round", 2}, {"subsidy", 5}, {"exit", 9}}; }

inline EventRecord event(int r, int j) {
  static const std::int16_t codes[] = {1, 2, 5, 9};
  EventRecord e;
  e.replication = r;
  e.time = 0.25 * j;
  e.firm_id = r * 1000 + j;
  e.kind = codes[j % 4];
  e.amount = 1.0e5 * (j + 1);
  e.detail = "科技贷款 r=" + std::to_string(r) + " j=" + std::to_string(j);
  return e;
}

inline std::vector<MetricInfo> metrics_a() {
  return {{"firms_alive", "count", "存活企业数 (live firms)", "stock", 0},
          {"vc_invested", "yuan", "累计风险投资 cumulative VC investment", "flow", 3}};
}

inline std::string yaml_a() { return "name: " + kChinese + "\nseed: 20250101\nreplications: 3\nhorizon_years: 2\n"; }

/// Scenario A's spec.
inline ScenarioSpec spec_a() {
  ScenarioSpec s;
  s.name = kScenarioA;
  s.yaml = yaml_a();
  s.seed = kSeedA;
  s.replications = kRepsA;
  s.horizon_years = 2.0;
  s.start_year = 2025;  // format 1.2: calendar_year and date
  for (int t = 0; t < kTimesA; ++t) s.time.push_back(time_a(t));
  s.metrics = metrics_a();
  return s;
}

/// Scenario A's replication r as the run command would hand it over.
inline ReplicationSeries series_a(int r) {
  ReplicationSeries s;
  s.replication = r;
  s.seed = rep_seed(kSeedA, r);
  s.wall_seconds = 0.5 + r;
  s.values.assign(2, std::vector<double>(kTimesA));
  for (int m = 0; m < 2; ++m)
    for (int t = 0; t < kTimesA; ++t) s.values[m][t] = value_a(m, r, t);
  return s;
}

/// Writes the whole synthetic file; replications of A arrive in `order`.
inline void write(const std::filesystem::path& path, bool force, const std::vector<int>& order = {2, 0, 1},
                  const std::string& command_line = "output_test_helper write") {
  ResultsWriter out(path, {.force = force, .command_line = command_line});
  ScenarioWriter& a = out.add_scenario(spec_a());
  FirmPanelWriter& firms = a.firm_panel({.block_rows = kPanelBlock, .deflate_level = 4});
  EventLogWriter& events = a.event_log(event_kinds(), {.block_rows = kEventBlock, .deflate_level = 4});

  ScenarioSpec b;
  b.name = kScenarioB;
  b.yaml = "name: baseline\n";
  b.seed = 7;
  b.replications = 2;
  b.horizon_years = 1.0;
  b.time = {0.0, 0.5, 1.0};
  b.metrics = {{"firms_alive", "count", "live firms", "", 0}};  // no kind: written without the 1.2 attributes
  ScenarioWriter& sb = out.add_scenario(b);

  for (int r : order) {
    for (int t = 0; t < kTimesA; ++t)
      for (int i = 0; i < kFirmsPerSnapshot; ++i) firms.append(firm(r, t, i));
    for (int j = 0; j < kEventsPerRep; ++j) events.append(event(r, j));
    a.write_replication(series_a(r));
  }
  sb.record_failure(1, rep_seed(7, 1), "模型错误 negative cash", 0.25);
  sb.write_replication({.replication = 0, .seed = rep_seed(7, 0), .wall_seconds = 0.125,
                        .values = {{value_b(0, 0), value_b(0, 1), value_b(0, 2)}}});
  out.commit();
}

}  // namespace innosim::output::synthetic
