// Unit tests of the report's parts: chart geometry (ticks, NaN breaks, the
// accessible name), escaping, and the page built from a synthetic results
// file (numbers as the conventions say, nothing that could fetch anything,
// failures shown). The page in a real browser: tests/report/test_report.py.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "innosim/engine/error.hpp"
#include "innosim/experiments/export.hpp"
#include "innosim/experiments/report.hpp"
#include "innosim/experiments/svg_chart.hpp"
#include "innosim/experiments/switching_value.hpp"
#include "innosim/output/results_reader.hpp"
#include "innosim/output/results_writer.hpp"

namespace fs = std::filesystem;
using namespace innosim::experiments;  // NOLINT(google-build-using-namespace)
using namespace innosim::output;       // NOLINT(google-build-using-namespace)

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

}  // namespace

TEST(Charts, NiceTicksCoverTheRangeWithRoundSteps) {
  for (const auto& [lo, hi] : std::vector<std::pair<double, double>>{
           {0, 1}, {-3.7, 12.2}, {2025, 2035}, {1.2345e8, 3.90381e12}, {0.001, 0.0013}, {-5, -5}, {0, 0}}) {
    const Ticks t = nice_ticks(lo, hi, 5);
    EXPECT_LE(t.lo, std::min(lo, hi)) << lo << " " << hi;
    EXPECT_GE(t.hi, std::max(lo, hi)) << lo << " " << hi;
    ASSERT_GE(t.values.size(), 2u);
    EXPECT_LE(t.values.size(), 12u);
    const double mantissa = t.step / std::pow(10.0, std::floor(std::log10(t.step)));
    EXPECT_TRUE(std::fabs(mantissa - 1) < 1e-9 || std::fabs(mantissa - 2) < 1e-9 || std::fabs(mantissa - 2.5) < 1e-9 ||
                std::fabs(mantissa - 5) < 1e-9)
        << t.step;
    for (std::size_t i = 1; i < t.values.size(); ++i) EXPECT_NEAR(t.values[i] - t.values[i - 1], t.step, t.step * 1e-9);
  }
}

TEST(Charts, EscapesTextForXml) {
  EXPECT_EQ(xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(xml_escape("江门 \x01"), "江门 \xEF\xBF\xBD");  // a control character is not XML
}

TEST(Charts, FanChartBreaksAtMissingValuesAndNamesItself) {
  FanPanel p;
  p.label = "风险补偿 <pool>";
  p.x = {2025, 2026, 2027, 2028};
  p.p5 = {1, kNaN, 1, 1}, p.p25 = {2, kNaN, 2, 2}, p.p50 = {3, kNaN, 3, 4}, p.p75 = {4, kNaN, 4, 5},
  p.p95 = {5, kNaN, 5, 6};
  p.mean = p.p50, p.ci_low = p.p25, p.ci_high = p.p75;
  ChartText t{"fan-x", "Title & more", "What it shows", "Firms (firms)", "year", {"a", "b", "c", "d"}};
  const std::string svg = fan_chart(std::span<const FanPanel>(&p, 1), t, [](double v) { return std::to_string(v); },
                                    [](double v) { return std::to_string(static_cast<int>(v)); });
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find("<title id=\"fan-x-t\">Title &amp; more</title>"), std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"fan-x-t fan-x-d\""), std::string::npos);
  EXPECT_NE(svg.find("风险补偿 &lt;pool&gt;"), std::string::npos);
  // Index 1 is missing: each band is a one-point bar (index 0) and a polygon (2..3), never drawn through zero.
  EXPECT_EQ(count(svg, "<polygon"), 2u);
  EXPECT_EQ(count(svg, "<polyline"), 3u);  // median and the two CI lines over 2..3
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
}

TEST(Charts, BarsAndSweepsAreComplete) {
  std::vector<Bar> bars = {{"a", 0.5, 0.4, 0.6, 0.7, 0.6, 0.8}, {"b", 0.1, -0.05, 0.2, 0.2, 0.1, 0.3}};
  ChartText t{"sens-x", "S", "d", "", "share", {"S1", "ST", "CI"}};
  const auto f = [](double v) { return std::to_string(v); };
  const std::string b = bar_chart(bars, true, t, f);
  EXPECT_EQ(count(b, "<rect x="), 4u + 2u);  // four bars, two legend swatches
  SweepSeries s;
  s.x = {0.1, 0.2, 0.3};
  s.mean = {1, 2, 3}, s.ci_low = {0.5, 1.5, 2.5}, s.ci_high = {1.5, 2.5, 3.5};
  s.p5 = {0, 1, 2}, s.p25 = {0.5, 1.5, 2.5}, s.p75 = {1.5, 2.5, 3.5}, s.p95 = {2, 3, 4};
  s.connect = true;
  const std::string sw = sweep_chart(s, t, f, f);
  EXPECT_EQ(count(sw, "<polygon"), 2u);
  EXPECT_EQ(count(sw, "<path d=\"M"), 3u + 1u);  // three CI whiskers and the legend's
}

namespace {

/// A run file of one scenario with a stock in yuan, a share, and a flow;
/// replication 2 failed.
fs::path synthetic_run(const fs::path& dir) {
  const fs::path path = dir / "run.h5";
  ResultsWriter out(path, {.command_line = "innosim run synthetic"});
  ScenarioSpec spec;
  spec.name = "jiangmen-2025";
  spec.yaml = "name: jiangmen-2025\nstart_year: 2025\nhorizon_years: 2\n";
  spec.seed = 7;
  spec.replications = 3;
  spec.horizon_years = 2.0;
  spec.start_year = 2025;
  for (int m = 0; m <= 24; ++m) spec.time.push_back(m / 12.0);
  spec.metrics = {{"tech_loans_outstanding", "yuan", "loans", "stock", 0},
                  {"employment", "persons", "jobs", "stock", 0},
                  {"fiscal_spending", "yuan per month", "spending", "flow", 1}};
  ScenarioWriter& s = out.add_scenario(spec);
  for (std::int64_t r = 0; r < 2; ++r) {
    ReplicationSeries rs{.replication = r, .seed = 100 + static_cast<std::uint64_t>(r), .wall_seconds = 0.1, .values = {}};
    std::vector<double> loans(25, 1.2345e8), jobs(25, 39038.1e8 / 1e8), spend(25, 1.0e6);
    rs.values = {loans, jobs, spend};
    s.write_replication(rs);
  }
  s.record_failure(2, 102, "a deliberate failure", 0.1);
  out.commit();
  return path;
}

class ReportFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("innosim_report_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = synthetic_run(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_, path_;
};

}  // namespace

TEST_F(ReportFile, NumbersFollowTheConventionsInBothLanguages) {
  const ResultsReader in(path_);
  const Report zh = build_report(in, {.lang = Lang::zh, .title = "", .source_name = "run.h5"});
  const Report en = build_report(in, {.lang = Lang::en, .title = "", .source_name = "run.h5"});
  // 1.2345亿元 rounds once, half to even, to four significant digits: 1.234亿元 (not 1.235).
  EXPECT_NE(zh.html.find("1.234亿元"), std::string::npos);
  EXPECT_EQ(zh.html.find("1.235亿元"), std::string::npos);
  EXPECT_NE(en.html.find("123.4 m yuan"), std::string::npos);
  // A flow's total over the run: 25 samples (the set-up included) of 1 m yuan, and per year.
  EXPECT_NE(zh.html.find("2500万元"), std::string::npos);
  EXPECT_NE(en.html.find("25.00 m yuan"), std::string::npos);  // four significant digits, zeros kept
  EXPECT_NE(zh.html.find("2025—2026年合计"), std::string::npos);
  EXPECT_NE(en.html.find("total 2025–2026"), std::string::npos);
  // Stocks are read on a date.
  EXPECT_NE(zh.html.find("2027年1月1日"), std::string::npos);
  EXPECT_NE(en.html.find("on 1 January 2027"), std::string::npos);
  // Four significant digits; Chinese groups from five digits (GB/T 15835): 39038.1 persons as 39,040.
  EXPECT_NE(zh.html.find("39,040人"), std::string::npos);
  EXPECT_NE(en.html.find("39,040 persons"), std::string::npos);
}

TEST_F(ReportFile, SelfContainedAndShowsTheFailure) {
  const ResultsReader in(path_);
  for (const Lang lang : {Lang::zh, Lang::en}) {
    const Report r = build_report(in, {.lang = lang, .title = "A <title>", .source_name = "run.h5"});
    const std::string& h = r.html;
    EXPECT_EQ(h.find("<script"), std::string::npos);
    EXPECT_EQ(h.find("src="), std::string::npos);
    EXPECT_EQ(h.find("url("), std::string::npos);
    EXPECT_EQ(h.find("@import"), std::string::npos);
    EXPECT_EQ(h.find("https://"), std::string::npos);
    EXPECT_NE(h.find("content=\"default-src 'none'; style-src 'unsafe-inline'\""), std::string::npos);
    EXPECT_NE(h.find("<title>A &lt;title&gt;</title>"), std::string::npos);
    EXPECT_NE(h.find("@page { size: A4"), std::string::npos);
    // The failed replication, with its message and seed.
    EXPECT_NE(h.find("a deliberate failure"), std::string::npos);
    EXPECT_NE(h.find(lang == Lang::zh ? "1/3次运行失败" : "1 of 3 runs failed"), std::string::npos);
    // Every chart is in the page, and the charts' ids are unique.
    EXPECT_FALSE(r.charts.empty());
    std::set<std::string> ids;
    for (const ReportChart& c : r.charts) {
      EXPECT_NE(h.find(c.svg), std::string::npos) << c.id;
      EXPECT_TRUE(ids.insert(c.id).second) << c.id;
    }
    // The provenance: the command line and the scenario's SHA-256.
    EXPECT_NE(h.find("innosim run synthetic"), std::string::npos);
    EXPECT_NE(h.find(in.scenario("jiangmen-2025").sha256), std::string::npos);
  }
}

TEST_F(ReportFile, ExportTablesHoldTheFilesNumbers) {
  const ResultsReader in(path_);
  const std::vector<ExportTable> tables = export_tables(in, Lang::en);
  const ExportTable* series = nullptr;
  for (const ExportTable& t : tables)
    if (t.name == "series") series = &t;
  ASSERT_NE(series, nullptr);
  EXPECT_EQ(series->rows, 3u * 3u * 25u);  // metrics x replications x times
  std::vector<ExportCell> row;
  series->row(1, row);  // tech_loans_outstanding, replication 0, t = 1/12
  ASSERT_EQ(row.size(), series->columns.size());
  EXPECT_EQ(std::get<std::string>(row[0]), "jiangmen-2025");
  const Date d = std::get<Date>(row[2]);
  EXPECT_EQ(d.year, 2025);
  EXPECT_EQ(d.month, 2);
  EXPECT_EQ(std::get<double>(row[6]), 1.2345e8);
  series->row(2 * 25, row);  // replication 2 failed: no value
  EXPECT_TRUE(std::holds_alternative<std::monostate>(row[6]));
  const fs::path csv = dir_ / "csv";
  const auto files = write_csv(tables, csv, false);
  EXPECT_EQ(files.size(), tables.size());
  EXPECT_THROW(write_csv(tables, csv, false), innosim::ConfigError);  // exists: --force needed
  write_xlsx(tables, dir_ / "out.xlsx", false);
  EXPECT_GT(fs::file_size(dir_ / "out.xlsx"), 1000u);
  EXPECT_THROW(write_xlsx(tables, dir_ / "out.xlsx", false), innosim::ConfigError);
  for (const auto& e : fs::directory_iterator(dir_))
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << "temporary left: " << e.path();
}

TEST(SwitchingValues, WhereALinearEffectCrossesZero) {
  // effect = 1 - 4 (u1 - 1/2) + 0 u2: zero at u1 = 3/4, i.e. 0.75 of [0, 2] = 1.5; u2 never matters.
  std::vector<std::vector<double>> unit;
  std::vector<double> effect;
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j) {
      const double u1 = i / 4.0, u2 = j / 4.0;
      unit.push_back({u1, u2});
      effect.push_back(1.0 - 4.0 * (u1 - 0.5));
    }
  effect[3] = kNaN;  // a failed point is left out
  const SwitchingAnalysis a = switching_values(unit, effect, {{"a", 0.0, 2.0, false}, {"b", 1.0, 100.0, true}});
  EXPECT_EQ(a.n, 24u);
  EXPECT_NEAR(a.centre, 1.0, 1e-12);
  EXPECT_NEAR(a.r_squared, 1.0, 1e-12);
  ASSERT_EQ(a.factors.size(), 2u);
  EXPECT_TRUE(a.factors[0].switches);
  EXPECT_NEAR(a.factors[0].slope, -4.0, 1e-12);
  EXPECT_NEAR(a.factors[0].value, 1.5, 1e-12);
  EXPECT_FALSE(a.factors[1].switches);
  EXPECT_NEAR(a.factors[1].slope, 0.0, 1e-12);
  // A log-uniform factor maps back on its log scale: u = 1/2 of [1, 100] is 10.
  EXPECT_NEAR((FactorRange{"b", 1.0, 100.0, true}).value_at(0.5), 10.0, 1e-12);
  // Too few points for the fit: nothing.
  EXPECT_EQ(switching_values({{0.1, 0.2}}, {1.0}, {{"a", 0, 1, false}, {"b", 0, 1, false}}).n, 0u);
}
