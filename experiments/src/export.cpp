#include "innosim/experiments/export.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include <unistd.h>

#include "innosim/engine/error.hpp"
#include "innosim/output/atomic_file.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/schema_registry.hpp"
#include "innosim/experiments/text_format.hpp"
#include "report_data.hpp"

namespace innosim::experiments {

namespace {

using namespace report_detail;  // NOLINT(google-build-using-namespace): the shared data layer

namespace fs = std::filesystem;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Words {
  Lang lang;
  std::string operator()(std::string_view en, std::string_view zh) const {
    return std::string(lang == Lang::zh ? zh : en);
  }
};

/// A column header with its unit: "time (years)" / "时间（年）".
std::string header(const Words& w, std::string_view en, std::string_view zh, std::string_view unit_en = {},
                   std::string_view unit_zh = {}) {
  std::string h = w(en, zh);
  if (w.lang == Lang::zh && !unit_zh.empty()) return h + "（" + std::string(unit_zh) + "）";
  if (w.lang == Lang::en && !unit_en.empty()) return h + " (" + std::string(unit_en) + ")";
  return h;
}

/// A unit as the export's `unit` column shows it: translated, never
/// rescaled (the values stay as stored); a share stays a share of 1.
std::string export_unit(const std::string& unit, Lang lang) {
  if (unit.empty()) return "";
  const DisplayUnit d = display_unit(unit, 0.0, lang);
  if (d.exponent == 0) return d.text;
  return lang == Lang::zh ? "比例（0～1）" : unit;
}

ExportCell number(double x) {
  if (std::isnan(x)) return std::monostate{};
  return x;
}

Date date_of(int start_year, double t) {
  Date d;
  sample_date(start_year, t, d.year, d.month, d.day);
  return d;
}

/// The columns several tables share, under one translation each.
ExportColumn column_of(const Words& w, std::string_view key) {
  static constexpr struct {
    std::string_view key, en, zh;
  } kShared[] = {{"scenario", "scenario", "情景"},   {"replication", "replication", "重复运行"},
                 {"point", "design point", "设计点"}, {"metric", "metric", "指标"},
                 {"label", "label", "名称"},          {"value", "value", "数值"},
                 {"unit", "unit", "单位"},            {"date", "date", "日期"}};
  if (key == "time_years") return {"time_years", header(w, "time", "时间", "years since start", "自起始的年数")};
  for (const auto& c : kShared)
    if (c.key == key) return {std::string(key), w(c.en, c.zh)};
  throw InternalError("export: no shared column '" + std::string(key) + "'");
}

/// A table's name (the CSV file's stem), sheet title, HDF5 source and columns; rows are added by the caller.
ExportTable make_table(std::string name, std::string title, std::string source, std::vector<ExportColumn> columns) {
  ExportTable t;
  t.name = std::move(name);
  t.title = std::move(title);
  t.source = std::move(source);
  t.columns = std::move(columns);
  return t;
}

/// Adds `t` with rows built up front (the small tables); nothing when there are none.
void add_rows(std::vector<ExportTable>& out, ExportTable t, std::vector<std::vector<ExportCell>> rows) {
  if (rows.empty()) return;
  auto held = std::make_shared<std::vector<std::vector<ExportCell>>>(std::move(rows));
  t.rows = held->size();
  t.row = [held](std::size_t i, std::vector<ExportCell>& o) { o = (*held)[i]; };
  out.push_back(std::move(t));
}

/// Every stored value of every metric of every scenario, one row each.
void add_series(std::vector<ExportTable>& out, const output::ResultsReader& in, const Data& d, const Words& w) {
  struct Block {
    const Scenario* s;
    std::size_t metric;
    std::size_t rows;
  };
  auto blocks = std::make_shared<std::vector<Block>>();
  std::size_t total = 0;
  for (const Scenario& s : d.scenarios)
    for (std::size_t m = 0; m < s.header.metrics.size(); ++m) {
      const std::size_t n = static_cast<std::size_t>(s.header.replications) * s.time.size();
      blocks->push_back({&s, m, n});
      total += n;
    }
  if (!total) return;
  ExportTable t = make_table("series", w("series", "时间序列"),
                             "/scenarios/<scenario>/metrics/<metric>, /scenarios/<scenario>/time",
                             {column_of(w, "scenario"), column_of(w, "replication"),
                              {"date", header(w, "date", "日期", "a flow: the period ending here", "流量为截至该日的一期")},
                              column_of(w, "time_years"), column_of(w, "metric"), column_of(w, "label"),
                              column_of(w, "value"), column_of(w, "unit")});
  t.rows = total;
  // Where the last row was (rows are asked for in order) and its metric's matrix.
  struct Cursor {
    std::size_t block = 0, start = 0;
    const Block* loaded = nullptr;
    output::MetricMatrix m;
    std::string label, unit;
  };
  auto cur = std::make_shared<Cursor>();
  const Lang lang = w.lang;
  t.row = [&in, blocks, cur, lang](std::size_t row, std::vector<ExportCell>& o) {
    Cursor& c = *cur;
    if (row < c.start) c.block = 0, c.start = 0;
    while (row >= c.start + (*blocks)[c.block].rows) c.start += (*blocks)[c.block].rows, ++c.block;
    const std::size_t start = c.start;
    const Block& blk = (*blocks)[c.block];
    const output::MetricInfo& mi = blk.s->header.metrics[blk.metric];
    if (c.loaded != &blk) {
      c.loaded = &blk;
      c.m = in.metric(blk.s->header.name, mi.name);
      c.label = metric_label(mi.name, lang);
      c.unit = export_unit(mi.unit, lang);
    }
    const std::size_t i = row - start, T = blk.s->time.size();
    const std::size_t r = i / T, k = i % T;
    const double v = r < c.m.rows && k < c.m.cols ? c.m.at(r, k) : kNaN;
    o = {blk.s->header.name,
         static_cast<double>(r),
         blk.s->start_year ? ExportCell(date_of(blk.s->start_year, blk.s->time[k])) : ExportCell(std::monostate{}),
         blk.s->time[k],
         mi.name,
         c.label,
         number(v),
         c.unit};
  };
  out.push_back(std::move(t));
}

/// The stored summary tables, one row per (scenario, date, metric, statistic).
void add_summary(std::vector<ExportTable>& out, const output::ResultsReader& in, const Data& d, const Words& w) {
  // Compact rows, made cells when asked for: a long monthly run has
  // hundreds of thousands of them.
  struct Row {
    const std::string *scenario, *metric, *label, *unit;
    std::string statistic;
    double t = 0.0, value = 0.0;
    int start = 0;
  };
  struct Rows {
    std::deque<std::string> text;  // labels and units, once per metric (a deque: pointers stay valid)
    std::vector<Row> rows;
  };
  auto rows = std::make_shared<Rows>();
  static const std::string kNone;
  for (const Scenario& s : d.scenarios)
    for (const output::MetricInfo& m : s.header.metrics) {
      const std::string path = "/scenarios/" + s.header.name + "/summary/" + m.name;
      if (!in.exists(path)) continue;
      const std::vector<output::TableColumn> table = in.table(path);
      const output::TableColumn* time = column(table, "time");
      const std::string* label = &rows->text.emplace_back(metric_label(m.name, w.lang));
      const std::string* unit = &rows->text.emplace_back(export_unit(m.unit, w.lang));
      for (std::size_t r = 0; r < rows_of(table); ++r)
        for (const output::TableColumn& c : table) {
          if (c.name == "time") continue;
          rows->rows.push_back({&s.header.name, &m.name, label, c.name == "n" ? &kNone : unit, c.name,
                                number_at(time, r), number_at(&c, r), s.start_year});
        }
    }
  if (rows->rows.empty()) return;
  ExportTable t =
      make_table("summary", w("summary", "统计摘要"), "/scenarios/<scenario>/summary/<metric>",
                 {column_of(w, "scenario"),
                  {"statistic", header(w, "statistic", "统计量", "mean, sd, ci_low, ci_high (95 %), n, percentiles",
                                       "均值mean、标准差sd、95%置信区间ci_low/ci_high、样本数n、百分位数")},
                  column_of(w, "date"), column_of(w, "time_years"), column_of(w, "metric"), column_of(w, "label"),
                  column_of(w, "value"), column_of(w, "unit")});
  t.rows = rows->rows.size();
  t.row = [rows](std::size_t i, std::vector<ExportCell>& o) {
    const Row& r = rows->rows[i];
    o = {*r.scenario, r.statistic, r.start ? ExportCell(date_of(r.start, r.t)) : ExportCell(std::monostate{}),
         r.t, *r.metric, *r.label, number(r.value), *r.unit};
  };
  out.push_back(std::move(t));
}

/// Each scenario's metrics at the horizon (headline.hpp): stocks on the date, flows totalled.
void add_headline(std::vector<ExportTable>& out, const output::ResultsReader& in, const Data& d, const Words& w) {
  std::vector<std::vector<ExportCell>> rows;
  for (const Scenario& s : d.scenarios) {
    const Calendar cal = calendar_of(s);
    std::vector<std::string> names;
    for (const output::MetricInfo& m : s.header.metrics) names.push_back(m.name);
    for (const HeadlineRow& r : s.headline(in, names)) {
      const Stats& st = r.stats;
      rows.push_back({s.header.name, r.metric, metric_label(r.metric, w.lang), when(r.kind, cal, w.lang),
                       number(st.mean), number(st.ci_low), number(st.ci_high), number(st.p5), number(st.p50),
                       number(st.p95), static_cast<double>(st.n),
                       r.kind == ValueKind::flow ? number(r.per_year.mean) : ExportCell(std::monostate{}),
                       export_unit(r.unit, w.lang)});
    }
  }
  add_rows(out,
           make_table("headline", w("headline", "期末与合计"),
                      "/scenarios/<scenario>/metrics/<metric> (stocks at the horizon, flows summed over every sample)",
                      {column_of(w, "scenario"),
                       column_of(w, "metric"),
                       column_of(w, "label"),
                       {"when", w("when", "时点或时段")},
                       {"mean", w("mean", "均值")},
                       {"ci_low", w("95 % CI low", "95%置信区间下限")},
                       {"ci_high", w("95 % CI high", "95%置信区间上限")},
                       {"p5", w("5th percentile", "第5百分位数")},
                       {"p50", w("median", "中位数")},
                       {"p95", w("95th percentile", "第95百分位数")},
                       {"n", w("replications", "重复运行数")},
                       {"per_year", w("flows: mean per year", "流量：年均值")},
                       column_of(w, "unit")}),
           std::move(rows));
}

/// Cell `row` of a stored table's field as stored: text, a number (NaN
/// empty), or empty when the table has no such field.
ExportCell stored_cell(const std::vector<output::TableColumn>& t, std::string_view field, std::size_t row) {
  const output::TableColumn* c = column(t, field);
  if (!c) return std::monostate{};
  if (std::holds_alternative<std::vector<std::string>>(c->values)) return text_at(c, row);
  return number(number_at(c, row));
}

/// A column computed from a stored table's row (a label, a translation).
using ComputedCell = std::function<ExportCell(const std::vector<output::TableColumn>& stored, std::size_t row)>;

/// Adds `t` with a row per row of the stored table at `path`, each column
/// the stored field its key names, or `computed`'s cell for its key
/// (nothing when the file has no such table).
void add_stored_fields(std::vector<ExportTable>& out, const output::ResultsReader& in, const std::string& path,
                       ExportTable t, const std::map<std::string, ComputedCell>& computed = {}) {
  if (!in.exists(path)) return;
  const std::vector<output::TableColumn> stored = in.table(path);
  std::vector<std::vector<ExportCell>> rows(rows_of(stored));
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (const ExportColumn& c : t.columns) {
      const auto f = computed.find(c.key);
      rows[r].push_back(f == computed.end() ? stored_cell(stored, c.key, r) : f->second(stored, r));
    }
  add_rows(out, std::move(t), std::move(rows));
}

/// A stored table of the file, columns as stored (generic: what later
/// versions add comes along); several tables of one shape are stacked, each
/// row led by the values that say which table it came from.
struct StoredPart {
  std::vector<std::string> lead;  ///< values of the leading columns
  std::string path;
};
void add_stored(std::vector<ExportTable>& out, const output::ResultsReader& in, const std::string& name,
                const std::string& title, const std::vector<StoredPart>& sources, const std::vector<ExportColumn>& lead,
                const std::string& source) {
  struct Part {
    std::vector<std::string> lead;
    std::vector<output::TableColumn> table;
  };
  auto parts = std::make_shared<std::vector<Part>>();
  std::vector<std::string> keys;
  for (const StoredPart& sp : sources) {
    if (!in.exists(sp.path)) continue;
    Part p{sp.lead, in.table(sp.path)};
    for (const output::TableColumn& c : p.table)
      if (std::find(keys.begin(), keys.end(), c.name) == keys.end()) keys.push_back(c.name);
    parts->push_back(std::move(p));
  }
  if (parts->empty()) return;
  ExportTable t = make_table(name, title, source, lead);
  for (const std::string& k : keys) t.columns.push_back({k, k});
  for (const Part& p : *parts) t.rows += rows_of(p.table);
  t.row = [parts, keys](std::size_t i, std::vector<ExportCell>& o) {
    std::size_t pi = 0;
    while (i >= rows_of((*parts)[pi].table)) i -= rows_of((*parts)[pi].table), ++pi;
    const Part& p = (*parts)[pi];
    o.clear();
    for (const std::string& l : p.lead) o.push_back(l);
    for (const std::string& k : keys) o.push_back(stored_cell(p.table, k, i));
  };
  out.push_back(std::move(t));
}

void add_runs(std::vector<ExportTable>& out, const Data& d, const Words& w) {
  if (d.runs.empty()) return;
  auto runs = std::make_shared<std::vector<output::RunRecord>>(d.runs);
  ExportTable t = make_table("runs", w("runs", "运行记录"), "/runs",
                             {column_of(w, "scenario"), column_of(w, "point"), column_of(w, "replication"),
                              {"seed", w("seed", "随机种子")},
                              {"status", w("status", "状态")},
                              {"wall_seconds", header(w, "wall time", "耗时", "s", "秒")}});
  t.rows = runs->size();
  // Seeds are 64-bit: as text, since a spreadsheet's double keeps only 53 bits.
  t.row = [runs](std::size_t i, std::vector<ExportCell>& o) {
    const output::RunRecord& r = (*runs)[i];
    o = {r.scenario, r.point >= 0 ? ExportCell(static_cast<double>(r.point)) : ExportCell(std::monostate{}),
         static_cast<double>(r.replication), std::to_string(r.seed), r.status, number(r.wall_seconds)};
  };
  out.push_back(std::move(t));
}

void add_sweep(std::vector<ExportTable>& out, const output::ResultsReader& in, const Data& d, const Words& w) {
  if (!d.sweep) return;
  const Sweep& sw = *d.sweep;
  add_stored(out, in, "sweep_design", w("sweep design", "扫描设计"), {{{}, "/sweep/design"}}, {}, "/sweep/design");
  struct Metric {
    std::string name, label, unit;
    output::ArrayData values;
  };
  auto metrics = std::make_shared<std::vector<Metric>>();
  for (const std::string& m : sw.header.metrics) {
    const std::string path = "/sweep/results/" + m;
    if (!in.exists(path)) continue;
    metrics->push_back({m, metric_label(m, w.lang), export_unit(attribute_text(in.attributes(path), "unit"), w.lang),
                        in.array(path)});
    if (metrics->back().values.dims.size() != 2) metrics->pop_back();
  }
  if (metrics->empty()) return;
  auto design = std::make_shared<std::vector<output::TableColumn>>(sw.design);
  const std::vector<std::string> factors = sw.header.factors;
  ExportTable t = make_table("sweep_results", w("sweep results", "扫描结果"),
                             "/sweep/results/<metric> [points x replications], /sweep/design", {column_of(w, "point")});
  for (const std::string& f : factors) t.columns.push_back({f, f});
  for (const char* c : {"replication", "metric", "label"}) t.columns.push_back(column_of(w, c));
  t.columns.push_back({"value", header(w, "value", "数值", "at the horizon", "期末")});
  t.columns.push_back(column_of(w, "unit"));
  for (const Metric& m : *metrics) t.rows += m.values.values.size();
  t.row = [metrics, design, factors](std::size_t i, std::vector<ExportCell>& o) {
    std::size_t mi = 0;
    while (i >= (*metrics)[mi].values.values.size()) i -= (*metrics)[mi].values.values.size(), ++mi;
    const Metric& m = (*metrics)[mi];
    const std::size_t R = static_cast<std::size_t>(m.values.dims[1]);
    const std::size_t p = i / R, r = i % R;
    o.clear();
    o.push_back(static_cast<double>(p));
    for (const std::string& f : factors) o.push_back(number(number_at(column(*design, f), p)));
    o.push_back(static_cast<double>(r));
    o.push_back(m.name);
    o.push_back(m.label);
    o.push_back(number(m.values.values[i]));
    o.push_back(m.unit);
  };
  out.push_back(std::move(t));
}

void add_sensitivity(std::vector<ExportTable>& out, const output::ResultsReader& in, const Data& d, const Words& w) {
  if (!d.sensitivity || !in.exists("/sensitivity/outputs")) return;
  std::vector<StoredPart> parts;
  for (const std::string& o : in.children("/sensitivity/outputs"))
    parts.push_back({{o}, "/sensitivity/outputs/" + o + "/indices"});
  add_stored(out, in, "sensitivity", w("sensitivity", "敏感性指数"), parts, {{"output", w("output", "输出")}},
             "/sensitivity/outputs/<output>/indices");
  add_stored(out, in, "sensitivity_factors", w("sensitivity factors", "敏感性因素"), {{{}, "/sensitivity/factors"}}, {},
             "/sensitivity/factors");
}

/// What `innosim calibrate` stored (calibration_output.cpp): the estimates,
/// the fit to each target and the check before fitting, each value as the
/// file holds it, under headers in the chosen language.
void add_calibration(std::vector<ExportTable>& out, const output::ResultsReader& in, const Data& d, const Words& w) {
  if (!d.calibration) return;
  ExportTable estimates = make_table(
      "calibration_estimates", w("calibration estimates", "校准参数估计"), "/calibration/parameters",
      {{"parameter", w("parameter", "参数")},
       column_of(w, "label"),
       {"estimate", w("estimate", "估计值")},
       {"se", header(w, "standard error", "标准误", "MSM sandwich, (1 + 1/S)", "模拟矩方法三明治估计，含(1 + 1/S)修正")},
       {"ci95_low", w("95 % CI low", "95%置信区间下限")},
       {"ci95_high", w("95 % CI high", "95%置信区间上限")},
       {"identification", w("identification", "可识别性")},
       {"profile_rise_low", header(w, "objective's rise below the estimate", "估计值以下目标函数的最大上升",
                                   "along its profile", "沿剖面")},
       {"profile_rise_high", header(w, "objective's rise above the estimate", "估计值以上目标函数的最大上升",
                                    "along its profile", "沿剖面")},
       {"verdict", header(w, "verdict", "识别结论", "", "英文原文")},
       {"lo", w("range searched: low", "搜索区间下限")},
       {"hi", w("range searched: high", "搜索区间上限")},
       {"scale", w("scale searched", "搜索尺度")},
       column_of(w, "unit")});
  if (attribute_number(in.attributes("/calibration"), "synthetic") == 1.0)
    estimates.columns.push_back({"synthetic_truth", w("true value (synthetic targets)", "真值（合成目标）")});
  const Lang lang = w.lang;
  const auto key = [](const std::vector<output::TableColumn>& p, std::size_t r) {
    return text_at(column(p, "parameter"), r);
  };
  add_stored_fields(
      out, in, "/calibration/parameters", std::move(estimates),
      {{"label", [&](const auto& p, std::size_t r) { return ExportCell(key_short_label(key(p, r), lang)); }},
       {"identification",
        [&](const auto& p, std::size_t r) {
          return ExportCell(std::string(tr(text_at(column(p, "identification"), r), lang)));
        }},
       {"scale",
        [&](const auto& p, std::size_t r) {
          return ExportCell(number_at(column(p, "log_scale"), r) == 1.0 ? w("log", "对数") : w("linear", "线性"));
        }},
       {"unit", [&](const auto& p, std::size_t r) {
          const scenario::KeySpec* spec = full_schema().find(key(p, r));
          return ExportCell(spec ? export_unit(spec->unit, lang) : std::string());
        }}});
  add_stored_fields(
      out, in, "/calibration/targets",
      make_table("calibration_targets", w("calibration targets", "校准目标拟合"), "/calibration/targets",
                 {{"target", w("target", "目标")},
                  {"expression", w("expression (metric and dates)", "表达式（指标与日期）")},
                  {"observed", w("observed", "观测值")},
                  {"observed_sd", w("observed sd", "观测值标准差")},
                  {"simulated", header(w, "simulated", "模拟值", "mean of the S runs at the estimate",
                                       "估计值处S次运行的均值")},
                  {"simulated_sd", header(w, "simulated sd", "模拟值标准差", "of one run", "单次运行")},
                  {"simulated_se", header(w, "simulated se", "模拟均值标准误", "sd / sqrt(S)", "标准差/√S")},
                  {"total_sd", header(w, "total sd", "总标准差", "sqrt(observed sd² + (1 + 1/S) simulated sd²)",
                                      "√(观测标准差² + (1 + 1/S)模拟标准差²)")},
                  {"residual", header(w, "residual", "残差", "observed − simulated", "观测值 − 模拟值")},
                  {"z", header(w, "z", "z", "residual / total sd", "残差/总标准差")},
                  {"source", w("source of the figure", "数据来源")}}));
  add_stored_fields(
      out, in, "/calibration/checks",
      make_table("calibration_checks", w("calibration check", "校准前检查"), "/calibration/checks",
                 {{"target", w("target", "目标")},
                  {"mean", header(w, "mean", "均值", "calibration seeds", "校准种子")},
                  {"mean_fresh_seeds", header(w, "mean", "均值", "fresh seeds", "新种子")},
                  {"ergodic_z", header(w, "z of the difference", "差值的z", "fresh − calibration seeds",
                                       "新种子 − 校准种子")},
                  {"ergodic_ok", header(w, "seeds agree", "种子间一致", "1 = within 99 %", "1 = 在99%区间内")},
                  {"drift", header(w, "drift", "漂移", "when the dates move", "日期移动时")},
                  {"drift_z", w("z of the drift", "漂移的z")},
                  {"stationary_ok", header(w, "stationary", "平稳", "1 = yes", "1 = 是")},
                  {"verdict", header(w, "verdict", "结论", "", "英文原文")}}));
}

void add_about(std::vector<ExportTable>& out, const output::ResultsReader& in, const Data& d, const Words& w) {
  std::vector<std::vector<ExportCell>> rows;
  const auto item = [&rows](std::string name, ExportCell value) { rows.push_back({std::move(name), std::move(value)}); };
  const output::FileHeader& h = d.header;
  item(w("results file", "结果文件"), d.path);
  item(w("format version", "文件格式版本"), std::to_string(h.format_version[0]) + "." + std::to_string(h.format_version[1]));
  item(w("innosim version", "innosim版本"), h.innosim_version);
  item(w("git revision", "git修订号"), h.git_sha1);
  item(w("written at (UTC)", "生成时间（UTC）"), h.created_utc);
  item(w("command line", "命令行"), h.command_line);
  for (const Scenario& s : d.scenarios) {
    const std::string p = w("scenario ", "情景 ") + s.header.name + ": ";
    item(p + w("seed", "随机种子"), std::to_string(s.header.seed));
    item(p + w("replications", "重复运行次数"), std::to_string(s.header.replications));
    item(p + w("failed replications", "失败的重复运行"), std::to_string(s.failed));
    item(p + w("start year", "起始年份"), std::to_string(s.start_year));
    item(p + w("horizon (years)", "模拟期（年）"), year_text(s.header.horizon_years));
    item(p + "scenario_sha256", s.header.sha256);
  }
  if (d.sweep) {
    item(w("sweep SHA-256", "扫描 SHA-256"), attribute_text(d.sweep->attributes, "sweep_sha256"));
    item(w("sweep seed", "扫描随机种子"), attribute_text(d.sweep->attributes, "seed"));
  }
  if (d.calibration) {
    const std::vector<output::Attribute> a = in.attributes("/calibration");
    // Numbers as numbers; a 64-bit seed as text (a spreadsheet's double keeps 53 bits).
    const auto attr = [&](std::string name, const char* key) {
      const output::Attribute* x = attribute(a, key);
      if (x && std::holds_alternative<double>(x->value))
        item(std::move(name), number(std::get<double>(x->value)));
      else if (x && std::holds_alternative<std::int64_t>(x->value))
        item(std::move(name), static_cast<double>(std::get<std::int64_t>(x->value)));
      else {
        std::string text = attribute_text(a, key);
        while (!text.empty() && text.back() == '\n') text.pop_back();  // `warnings` ends each line with one
        item(std::move(name), std::move(text));
      }
    };
    attr(w("calibration file", "校准文件"), "calibration_file");
    attr(w("calibration SHA-256", "校准 SHA-256"), "calibration_sha256");
    attr(w("base scenario", "基准情景"), "base_scenario");
    attr(w("seed", "随机种子"), "seed");
    attr(w("replications per point (S)", "每个参数点的重复运行次数（S）"), "replications");
    attr(w("weighting", "权重矩阵"), "weighting");
    attr(w("objective Q at the estimate", "估计值处的目标函数Q"), "objective");
    attr(w("J statistic", "J统计量"), "j_statistic");
    attr(w("J degrees of freedom", "J检验自由度"), "j_df");
    attr(w("J p-value", "J检验p值"), "j_p_value");
    attr(w("Jacobian rank", "雅可比矩阵的秩"), "jacobian_rank");
    attr(w("condition number", "条件数"), "condition_number");
    attr(w("runs", "运行次数"), "runs");
    attr(w("failed runs", "失败的运行"), "runs_failed");
    attr(w("synthetic targets (1 = yes)", "合成目标（1 = 是）"), "synthetic");
    attr(w("warnings", "警告"), "warnings");
  }
  add_rows(out,
           make_table("about", w("about", "来源"), "/ (root attributes), /scenarios/<scenario>, /sweep, /calibration attributes",
                      {{"item", w("item", "项目")}, {"value", w("value", "内容")}}),
           std::move(rows));
}

// ------------------------------------------------------------------ CSV

std::string csv_field(const ExportCell& c) {
  if (std::holds_alternative<std::monostate>(c)) return "";
  if (const double* x = std::get_if<double>(&c)) return std::isnan(*x) ? "" : exact_number(*x);
  if (const Date* d = std::get_if<Date>(&c)) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d->year, d->month, d->day);
    return buf;
  }
  // Text from the file: valid UTF-8 without control characters (the file says it is UTF-8).
  const std::string s = document_text(std::get<std::string>(c));
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (const char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

/// Writes one table to `path` (a new file in a staging directory) and syncs it.
void write_csv_file(const ExportTable& t, const fs::path& path) {
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) throw IoError("cannot create '" + path.string() + "'");
    f << "\xEF\xBB\xBF";  // UTF-8 byte order mark: Excel and WPS read Chinese right
    for (std::size_t i = 0; i < t.columns.size(); ++i) f << (i ? "," : "") << csv_field(ExportCell(t.columns[i].header));
    f << "\r\n";
    std::vector<ExportCell> row;
    for (std::size_t r = 0; r < t.rows; ++r) {
      t.row(r, row);
      for (std::size_t i = 0; i < row.size(); ++i) f << (i ? "," : "") << csv_field(row[i]);
      f << "\r\n";
    }
    f.flush();
    if (!f) throw IoError("cannot write '" + path.string() + "'");
  }
  output::sync_path(path, false);
}

// ----------------------------------------------------------------- xlsx

void check_xlsx(lxw_error e, const std::string& what) {
  if (e != LXW_NO_ERROR) throw IoError("cannot write the workbook (" + what + "): " + lxw_strerror(e));
}

/// A sheet name Excel accepts: at most 31 characters, none of []:*?/\ .
std::string sheet_name(std::string name, std::set<std::string>& used) {
  name = document_text(name);
  for (char& c : name)
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '_';
  // Cut at 28 characters (UTF-8 aware) to leave room for a suffix.
  std::size_t chars = 0, i = 0;
  while (i < name.size() && chars < 28) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++chars;
  }
  name.resize(std::min(i, name.size()));
  std::string n = name;
  for (int k = 2; used.count(n); ++k) n = name + " (" + std::to_string(k) + ")";
  used.insert(n);
  return n;
}

}  // namespace

std::vector<ExportTable> export_tables(const output::ResultsReader& in, Lang lang, const std::string& path) {
  // The loaded data lives as long as the tables: their row functions read it.
  auto data = std::make_shared<Data>(load(in, path));
  const Words w{lang};
  std::vector<ExportTable> out;
  add_headline(out, in, *data, w);
  {
    // What `innosim compare` stored: the contrasts, their series over time, cost-effectiveness.
    std::vector<StoredPart> metrics, series, ce;
    for (const Comparison& c : comparisons(in, *data)) {
      metrics.push_back({{c.alt, c.base}, c.path() + "/metrics"});
      ce.push_back({{c.alt, c.base}, c.path() + "/cost_effectiveness"});
      for (const std::string& m : c.series) series.push_back({{c.alt, c.base, m}, c.path() + "/series/" + m});
    }
    const std::vector<ExportColumn> lead = {{"alternative", w("alternative", "备选情景")}, {"base", w("base", "基准情景")}};
    add_stored(out, in, "contrasts", w("contrasts", "配对对比"), metrics, lead,
               "/comparisons/<alternative>_vs_<base>/metrics");
    add_stored(out, in, "cost_effectiveness", w("cost-effectiveness", "成本效果"), ce, lead,
               "/comparisons/<alternative>_vs_<base>/cost_effectiveness");
    std::vector<ExportColumn> lead3 = lead;
    lead3.push_back({"metric", w("metric", "指标")});
    add_stored(out, in, "contrast_series", w("contrasts over time", "配对差值随时间"), series, lead3,
               "/comparisons/<alternative>_vs_<base>/series/<metric>");
  }

  add_sweep(out, in, *data, w);
  add_sensitivity(out, in, *data, w);
  add_calibration(out, in, *data, w);
  add_series(out, in, *data, w);
  add_summary(out, in, *data, w);
  add_runs(out, *data, w);
  add_about(out, in, *data, w);
  // Keep the data alive with the first table's row function.
  for (ExportTable& t : out) {
    auto inner = std::move(t.row);
    t.row = [data, inner](std::size_t r, std::vector<ExportCell>& o) { inner(r, o); };
  }
  return out;
}

void check_csv_target(const fs::path& dir, bool force) {
  std::error_code ec;
  const bool existed = fs::exists(dir, ec);
  if (existed && !force) throw ConfigError("output directory '" + dir.string() + "' already exists; use --force to write into it");
  if (existed && !fs::is_directory(dir, ec)) throw ConfigError("'" + dir.string() + "' exists and is not a directory");
}

fs::path csv_staging_path(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return dir / (".innosim-export.tmp-" + std::to_string(::getpid()));
  return output::temporary_beside(dir);
}

void stage_csv(const std::vector<ExportTable>& tables, const fs::path& staging) {
  std::error_code ec;
  if (!fs::create_directory(staging, ec) || ec)
    throw IoError("cannot create directory '" + staging.string() + "': " + (ec ? ec.message() : "it exists"));
  for (const ExportTable& t : tables) write_csv_file(t, staging / (t.name + ".csv"));
}

std::vector<fs::path> publish_csv(const std::vector<std::string>& names, const fs::path& staging, const fs::path& dir,
                                  bool force) {
  std::vector<fs::path> written;
  std::error_code ec;
  try {
    check_csv_target(dir, force);
    if (!fs::exists(dir, ec)) {
      // A new directory appears whole or not at all.
      if (std::rename(staging.c_str(), dir.c_str()) != 0)
        throw IoError("cannot rename '" + staging.string() + "' to '" + dir.string() + "': " + std::strerror(errno));
      output::sync_path(dir.has_parent_path() ? dir.parent_path() : fs::path("."), true);
    } else {
      // --force into an existing directory: every table was written before
      // any is moved in, each move replacing one file in one step.
      for (const std::string& n : names) output::move_into_place(staging / (n + ".csv"), dir / (n + ".csv"), true);
      output::sync_path(dir, true);
      fs::remove(staging, ec);
    }
  } catch (...) {
    fs::remove_all(staging, ec);
    throw;
  }
  for (const std::string& n : names) written.push_back(dir / (n + ".csv"));
  return written;
}

std::vector<fs::path> write_csv(const std::vector<ExportTable>& tables, const fs::path& dir, bool force) {
  check_csv_target(dir, force);
  const fs::path staging = csv_staging_path(dir);
  try {
    stage_csv(tables, staging);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(staging, ec);
    throw;
  }
  std::vector<std::string> names;
  for (const ExportTable& t : tables) names.push_back(t.name);
  return publish_csv(names, staging, dir, force);
}

void write_xlsx(const std::vector<ExportTable>& tables, const fs::path& file, bool force) {
  output::check_output_target(file, force);
  const fs::path tmp = output::temporary_beside(file);
  write_xlsx_file(tables, tmp);
  output::publish_file(tmp, file, force);
}

void write_xlsx_file(const std::vector<ExportTable>& tables, const fs::path& tmp) {
  std::string tmpdir = (tmp.has_parent_path() ? tmp.parent_path() : fs::path(".")).string();
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;  // rows go to disk as written: memory stays flat for long series
  options.tmpdir = tmpdir.data();
  options.use_zip64 = LXW_TRUE;
  lxw_workbook* wb = workbook_new_opt(tmp.c_str(), &options);
  if (!wb) throw IoError("cannot create the workbook '" + tmp.string() + "'");
  try {
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_text_wrap(bold);
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    std::set<std::string> used;
    constexpr std::size_t kRowsPerSheet = LXW_ROW_MAX - 1;  // one row is the header
    std::vector<ExportCell> row;
    for (const ExportTable& t : tables) {
      const std::size_t sheets = std::max<std::size_t>(1, (t.rows + kRowsPerSheet - 1) / kRowsPerSheet);
      for (std::size_t s = 0; s < sheets; ++s) {
        const std::string name = sheet_name(sheets == 1 ? t.title : t.title + " " + std::to_string(s + 1), used);
        lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
        if (!ws) throw IoError("cannot add the sheet '" + name + "'");
        worksheet_freeze_panes(ws, 1, 0);
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
          const double width = std::clamp<double>(static_cast<double>(display_width(t.columns[c].header)) + 2.0, 10.0, 40.0);
          worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr);
          check_xlsx(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), document_text(t.columns[c].header).c_str(), bold),
                     t.name + " header");
        }
        const std::size_t first = s * kRowsPerSheet, last = std::min(t.rows, first + kRowsPerSheet);
        for (std::size_t r = first; r < last; ++r) {
          t.row(r, row);
          const auto xr = static_cast<lxw_row_t>(r - first + 1);
          for (std::size_t c = 0; c < row.size(); ++c) {
            const auto xc = static_cast<lxw_col_t>(c);
            const ExportCell& cell = row[c];
            lxw_error e = LXW_NO_ERROR;
            if (const double* x = std::get_if<double>(&cell)) {
              if (std::isfinite(*x))
                e = worksheet_write_number(ws, xr, xc, *x, nullptr);
              else if (!std::isnan(*x))  // a spreadsheet has no infinity: say it in words
                e = worksheet_write_string(ws, xr, xc, *x > 0 ? "inf" : "-inf", nullptr);
            } else if (const Date* d = std::get_if<Date>(&cell)) {
              lxw_datetime dt{d->year, d->month, d->day, 0, 0, 0.0};
              e = worksheet_write_datetime(ws, xr, xc, &dt, date);
            } else if (const std::string* text = std::get_if<std::string>(&cell)) {
              if (!text->empty()) e = worksheet_write_string(ws, xr, xc, document_text(*text).c_str(), nullptr);
            }
            check_xlsx(e, t.name);
          }
        }
      }
    }
  } catch (...) {
    workbook_close(wb);
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
  const lxw_error e = workbook_close(wb);
  if (e != LXW_NO_ERROR) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw IoError("cannot write the workbook '" + tmp.string() + "': " + lxw_strerror(e));
  }
}

}  // namespace innosim::experiments
