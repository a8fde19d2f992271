// `innosim report`: the page. Structure in report.hpp; the data it shows
// (series per replication, calendar years, flows' totals) in report_data.*;
// the charts in svg_chart.*; numbers in number_format.*; labels in labels.*.
#include "innosim/experiments/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <set>

#include "innosim/engine/error.hpp"
#include "innosim/experiments/experiment.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/paired_stats.hpp"
#include "innosim/experiments/schema_registry.hpp"
#include "innosim/experiments/svg_chart.hpp"
#include "innosim/experiments/switching_value.hpp"
#include "innosim/experiments/text_format.hpp"
#include "innosim/model/ecosystem.hpp"
#include "innosim/version.hpp"
#include "report_data.hpp"

namespace innosim::experiments {

namespace {

using namespace report_detail;  // NOLINT(google-build-using-namespace): this file's own data layer

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The metrics the summary speaks of first (when present), in this order.
/// The cost is the net fiscal cost (docs/model.md 2.6); gross `fiscal_spending`
/// only in a file written before the model reported it.
std::vector<std::string> key_outcomes(const std::function<bool(const std::string&)>& has) {
  std::vector<std::string> k = {"high_tech_enterprises", "firms_active", "employment", "tech_loans_outstanding"};
  k.emplace_back(has("net_fiscal_cost") || !has("fiscal_spending") ? "net_fiscal_cost" : "fiscal_spending");
  return k;
}

std::string esc(std::string_view s) { return xml_escape(s); }

/// A phrase in the page's language: both are written side by side here, so
/// a change to one is seen next to the other.
struct Words {
  Lang lang;
  std::string operator()(std::string_view en, std::string_view zh) const {
    return std::string(lang == Lang::zh ? zh : en);
  }
};

/// Numbers as the page prints them (number_format.hpp's conventions).
/// Zero prints as "0", not "0.000" (four significant digits of nothing).
class Numbers {
 public:
  explicit Numbers(Lang lang) : lang_(lang) {}
  Lang lang() const { return lang_; }

  std::string in(double x, const DisplayUnit& d, bool sign = false, int digits = 4) const {
    if (x == 0.0) return "0";
    return format_in(x, d, style(sign, digits));
  }

  NumberStyle style(bool sign = false, int digits = 4) const {
    return {lang_, Precision::significant(digits), sign, Grouping::standard};
  }
  DisplayUnit unit(std::string_view u, double magnitude, bool change = false) const {
    return display_unit(u, magnitude, lang_, change);
  }
  /// "2,193 firms", "46.57亿元", "+1.2 pp" (a change of a share when `change`).
  std::string value(double x, std::string_view u, bool change = false, int digits = 4) const {
    if (!std::isfinite(x)) return format_number(x, style());
    const DisplayUnit d = unit(u, std::fabs(x), change);
    return d.attach(in(x, d, change, digits));
  }
  /// "2,150 to 2,236 firms" / "2150～2236家"; "unbounded" when either end is infinite.
  std::string range(double lo, double hi, std::string_view u, bool change = false) const {
    if (std::isinf(lo) || std::isinf(hi)) return lang_ == Lang::zh ? "无界" : "unbounded";
    if (!std::isfinite(lo) || !std::isfinite(hi)) return "—";
    const DisplayUnit d = unit(u, std::max(std::fabs(lo), std::fabs(hi)), change);
    const std::string a = in(lo, d, change), b = in(hi, d, change);
    return d.attach(a + (lang_ == Lang::zh ? "～" : " to ") + b);
  }
  /// A difference and its interval in one unit, signed, a share's in
  /// percentage points: {"+31 firms", "+12 to +50 firms"}, {"-0.05百分点", ...}.
  std::pair<std::string, std::string> diff(double x, double lo, double hi, std::string_view u) const {
    double mag = std::isfinite(x) ? std::fabs(x) : 0.0;
    for (const double v : {lo, hi})
      if (std::isfinite(v)) mag = std::max(mag, std::fabs(v));
    const DisplayUnit d = unit(u, mag, true);
    const std::string value = std::isfinite(x) ? d.attach(in(x, d, true)) : format_number(x, style());
    std::string range;
    if (std::isinf(lo) || std::isinf(hi))
      range = lang_ == Lang::zh ? "无界" : "unbounded";
    else if (!std::isfinite(lo) || !std::isfinite(hi))
      range = "—";
    else
      range = d.attach(in(lo, d, true) + (lang_ == Lang::zh ? "～" : " to ") + in(hi, d, true));
    return {value, range};
  }
  /// A number in a table column whose header carries the unit.
  std::string cell(double x, const DisplayUnit& d, bool sign = false) const { return in(x, d, sign); }
  /// "[a, b]" in a column's unit.
  std::string interval(double lo, double hi, const DisplayUnit& d, bool sign = false) const {
    if (std::isinf(lo) && std::isinf(hi)) return lang_ == Lang::zh ? "无界" : "unbounded";
    std::string out = "[";  // built piecewise: `"[" + std::string&&` trips GCC 12's -Wrestrict
    out += in(lo, d, sign);
    out += ", ";
    out += in(hi, d, sign);
    out += "]";
    return out;
  }
  /// Plain count or integer: "20", "1,000".
  std::string count(double x) const { return format_number(x, {lang_, Precision::decimals(0), false, Grouping::standard}); }

 private:
  Lang lang_;
};


/// A metric's label and unit for an axis or a header: "高新技术企业（家）", "Revenue (bn yuan per year)".
std::string with_unit(const std::string& label, const std::string& unit_text, Lang lang) {
  if (unit_text.empty()) return label;
  return lang == Lang::zh ? label + "（" + unit_text + "）" : label + " (" + unit_text + ")";
}

/// Id text safe in file names and HTML ids.
std::string slug(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    out += (std::isalnum(u) && u < 0x80) || c == '-' || c == '_' ? c : '_';
  }
  return out;
}

struct Context {
  const output::ResultsReader& in;
  const ReportOptions& options;
  Data data;
  Words w;
  Numbers nf;
  Report report;
  std::string file;  // the file name as shown
};

// ------------------------------------------------------------------- dates


std::string source_line(const Context& cx, const std::vector<std::string>& paths, const std::string& how = "") {
  std::string s = "<p class=\"source\">" + cx.w("Source: ", "数据来源：");
  for (std::size_t i = 0; i < paths.size(); ++i) s += (i ? ", " : "") + std::string("<code>") + esc(paths[i]) + "</code>";
  s += cx.w(" in ", "，文件 ") + "<code>" + esc(cx.file) + "</code>";
  if (!how.empty()) s += cx.w(". ", "。") + esc(how);
  return s + "</p>";
}

const Scenario* find_scenario(const Context& cx, const std::string& name) { return cx.data.find(name); }

/// In Chinese, the scenario's own title as the file stores it (a user's scenario has one the library
/// cannot know), else the library's; in English, the name (an identifier people already read).
std::string scenario_name(const Context& cx, const std::string& name) {
  if (cx.w.lang == Lang::zh)
    if (const Scenario* s = find_scenario(cx, name))
      if (std::string t = scenario_words(s->header.yaml, "title", Lang::zh); !t.empty()) return t;
  return scenario_label(name, cx.w.lang);
}

/// The calendar of a comparison: the base's start and the end of the compared span.
Calendar calendar_of(const Context& cx, const Comparison& c) {
  Calendar cal = calendar_of(*cx.data.find(c.base));
  const double to = attribute_number(c.attributes, "to_years");
  if (std::isfinite(to)) cal.horizon = to;
  return cal;
}

std::string question_of(const Context& cx, const Scenario& s) {
  if (std::string q = scenario_words(s.header.yaml, "question", cx.w.lang); !q.empty()) return q;
  if (const Label* l = find_scenario_label(s.header.name)) return std::string(l->description(cx.w.lang));
  const std::string& y = s.header.yaml;
  const std::size_t p = y.find("\ndescription:");
  if (p != std::string::npos) {
    std::size_t b = y.find(':', p) + 1, e = y.find('\n', b);
    std::string d = y.substr(b, e == std::string::npos ? std::string::npos : e - b);
    while (!d.empty() && (d.front() == ' ' || d.front() == '"')) d.erase(d.begin());
    while (!d.empty() && (d.back() == ' ' || d.back() == '"')) d.pop_back();
    return d;
  }
  return "";
}

// ------------------------------------------------------------ comparisons



/// A mean difference of equal runs comes out as 1e-17 from rounding, not 0:
/// below a billionth of the levels compared, it is shown as zero.
double clean_difference(double d, double base_mean, double alt_mean) {
  const double scale = std::max(std::fabs(base_mean), std::fabs(alt_mean));
  return std::isfinite(d) && std::fabs(d) <= 1e-9 * scale ? 0.0 : d;
}

/// A 95 % interval that excludes zero.
bool significant(double lo, double hi) { return std::isfinite(lo) && std::isfinite(hi) && (lo > 0.0 || hi < 0.0); }


// ---------------------------------------------------------------- charts

std::vector<std::string> fan_legend(const Words& w) {
  return {w("90 % of replications", "90%的重复运行"), w("50 % of replications", "50%的重复运行"),
          w("median", "中位数"), w("95 % CI of the mean", "均值的95%置信区间")};
}

AxisFormat axis_format(const Numbers& nf, const DisplayUnit& d, bool sign = false) {
  // Ticks are round numbers: their shortest digits ("2,500", "0.25"), no padding zeros.
  return [nf, d, sign](double v) {
    if (v == 0.0) return std::string("0");
    std::string t = format_in(v, d, {nf.lang(), Precision::significant(6), sign, Grouping::standard});
    if (t.find('.') != std::string::npos) {
      while (t.back() == '0') t.pop_back();
      if (t.back() == '.') t.pop_back();
    }
    return t;
  };
}

/// A parameter value in its shortest form, to six significant digits: "0.1", "0.2667", "12,000".
std::string plain(double v, Lang lang) {
  if (v == 0.0) return "0";
  std::string t = format_number(v, {lang, Precision::significant(6), false, Grouping::standard});
  if (t.find('.') != std::string::npos && t.find('e') == std::string::npos) {
    while (t.back() == '0') t.pop_back();
    if (t.back() == '.') t.pop_back();
  }
  return t;
}

AxisFormat year_format() {
  return [](double v) { return year_text(v); };
}

void add_chart(Context& cx, const std::string& id, const std::string& title, const std::string& svg,
               std::string& html, const std::string& caption) {
  cx.report.charts.push_back({id, title, svg});
  html += "<figure class=\"chart\" id=\"" + esc(id) + "\"><figcaption>" + esc(title) + "</figcaption>" + svg +
          caption + "</figure>\n";
}

double max_abs(std::initializer_list<const std::vector<double>*> vs) {
  double m = 0.0;
  for (const auto* v : vs)
    for (const double x : *v)
      if (std::isfinite(x)) m = std::max(m, std::fabs(x));
  return m;
}

std::string fan_section(Context& cx, const std::vector<std::string>& metrics) {
  const Words& w = cx.w;
  std::string html;
  std::vector<std::string> empty;
  for (const std::string& m : metrics) {
    std::vector<FanPanel> panels;
    std::vector<std::string> sources;
    const Series* first = nullptr;
    for (const Scenario& s : cx.data.scenarios) {
      if (!s.has(m)) continue;
      const Series& ser = s.series(cx.in, m);
      first = first ? first : &ser;
      FanPanel p;
      p.label = cx.data.scenarios.size() > 1 ? scenario_name(cx, s.header.name) : "";
      p.x = ser.x;
      for (const Stats& st : ser.stats) {
        p.p5.push_back(st.p5), p.p25.push_back(st.p25), p.p50.push_back(st.p50), p.p75.push_back(st.p75),
            p.p95.push_back(st.p95), p.mean.push_back(st.mean), p.ci_low.push_back(st.ci_low),
            p.ci_high.push_back(st.ci_high);
      }
      sources.push_back(ser.source);
      panels.push_back(std::move(p));
    }
    if (!first) continue;
    const bool data = std::any_of(panels.begin(), panels.end(), [](const FanPanel& p) {
      return std::any_of(p.p50.begin(), p.p50.end(), [](double v) { return std::isfinite(v); });
    });
    if (!data) {  // every replication failed: say so instead of drawing empty axes
      empty.push_back(metric_label(m, w.lang));
      continue;
    }
    double mag = 0.0;
    for (const FanPanel& p : panels) mag = std::max(mag, max_abs({&p.p5, &p.p95, &p.ci_low, &p.ci_high}));
    const DisplayUnit du = cx.nf.unit(first->unit, mag);
    const std::string label = metric_label(m, w.lang);
    ChartText t;
    t.id = "fan-" + slug(m);
    t.title = first->kind == ValueKind::flow ? label + w(": totals per calendar year", "：各年合计")
                                        : label + w(" over time", "：随时间变化");
    t.description = metric_description(m, w.lang, first->info.description) +
                    w(" Shaded: the middle 50 % and 90 % of replications; line: their median; dashed: the 95 % "
                      "confidence interval of the mean.",
                      "阴影为中间50%和90%的重复运行，实线为其中位数，虚线为均值的95%置信区间。");
    t.y_label = with_unit(label, du.text, w.lang);
    t.x_label = first->kind == ValueKind::flow ? w("calendar year (total over the year)", "年份（全年合计）")
                                               : w("calendar year (values on 1 January of each year at the ticks)",
                                              "年份（刻度处为当年1月1日的值）");
    t.legend = fan_legend(w);
    std::string how;
    if (first->kind == ValueKind::flow) {
      how = w("Totals per calendar year of the values sampled each period, computed from the matrix",
              "各抽样期数值按自然年加总（由矩阵计算）");
      if (first->partial_year_dropped) how += w("; the last, incomplete year is not shown", "；最后不满一年的部分未绘出");
    }
    add_chart(cx, t.id, t.title, fan_chart(panels, t, axis_format(cx.nf, du), year_format()), html,
              source_line(cx, sources, how));
  }
  if (!empty.empty()) {
    std::string list;
    for (const std::string& e : empty) list += (list.empty() ? "" : w(", ", "、")) + e;
    html += "<p class=\"box failed\">" + esc(w("No successful replication: nothing to chart for ", "没有成功的重复运行，以下指标无图可绘：") + list + w(".", "。")) + "</p>";
  }
  return html;
}

/// The stored paired differences over time (/comparisons/<g>/series/<metric>):
/// a stock's level difference at each date, a flow's cumulated difference
/// of totals since the start (the period amounts alone are noise).
std::string difference_section(Context& cx, const std::vector<Comparison>& comps, const std::vector<std::string>& metrics) {
  const Words& w = cx.w;
  std::string html;
  bool any_series = false;
  for (const Comparison& c : comps) any_series = any_series || !c.series.empty();
  if (!any_series)
    return "<p class=\"box\">" +
           w("This file stores no paired differences over time (it was written before innosim stored "
             "/comparisons/<g>/series); the table below gives the differences at the horizon.",
             "该文件未存储随时间变化的配对差值（由尚未存储 /comparisons/<g>/series 的innosim版本写出）；下表给出期末差值。") +
           "</p>";
  // The metrics shown: the headline ones the comparisons stored, then the rest they stored.
  std::vector<std::string> order = metrics;
  for (const Comparison& c : comps)
    for (const std::string& m : c.series)
      if (std::find(order.begin(), order.end(), m) == order.end()) order.push_back(m);
  for (const std::string& m : order) {
    std::vector<DifferencePanel> panels;
    std::vector<std::string> sources;
    std::string unit;
    ValueKind kind = ValueKind::stock;
    for (const Comparison& c : comps) {
      if (std::find(c.series.begin(), c.series.end(), m) == c.series.end()) continue;
      const std::string path = c.path() + "/series/" + m;
      const auto t = cx.in.table(path);
      const auto attrs = cx.in.attributes(path);
      kind = value_kind(attribute_text(attrs, "kind"));
      unit = attribute_text(attrs, "unit");
      const bool flow = kind == ValueKind::flow && column(t, "cumulative_difference");
      const Calendar cal = calendar_of(cx, c);
      DifferencePanel p;
      p.label = scenario_name(cx, c.alt) + " − " + scenario_name(cx, c.base);
      const auto* year = column(t, "calendar_year");
      const auto* time = column(t, "time");
      for (std::size_t i = 0; i < rows_of(t); ++i) {
        p.x.push_back(year ? number_at(year, i) : cal.start + number_at(time, i));
        p.difference.push_back(number_at(column(t, flow ? "cumulative_difference" : "difference"), i));
        p.ci_low.push_back(number_at(column(t, flow ? "cumulative_ci_low" : "ci_low"), i));
        p.ci_high.push_back(number_at(column(t, flow ? "cumulative_ci_high" : "ci_high"), i));
      }
      sources.push_back(path);
      panels.push_back(std::move(p));
    }
    if (panels.empty()) continue;
    if (kind == ValueKind::flow) unit = amount_unit(unit);
    double mag = 0.0;
    for (const DifferencePanel& p : panels) mag = std::max(mag, max_abs({&p.difference, &p.ci_low, &p.ci_high}));
    const DisplayUnit du = cx.nf.unit(unit, mag, true);
    const std::string label = metric_label(m, w.lang);
    ChartText t;
    t.id = "diff-" + slug(m);
    t.title = label + (kind == ValueKind::flow ? w(": paired difference of the totals since the start",
                                                   "：自起始以来累计总量的配对差值")
                                               : w(": paired difference to the base", "：与基准情景的配对差值"));
    t.description = w("Mean of the differences alternative − base over replications run on the same random numbers, "
                      "with its 95 % confidence interval; above zero the alternative has more.",
                      "同一随机数下各次重复运行的差值（备选情景 − 基准情景）的均值及其95%置信区间；高于零表示备选情景更多。");
    t.y_label = with_unit(label + w(", difference", "差值") +
                              (kind == ValueKind::flow ? w(" cumulated from the start", "（自起始累计）") : ""),
                          du.text, w.lang);
    t.x_label = w("calendar year (ticks on 1 January)", "年份（刻度处为当年1月1日）");
    t.legend = {w("95 % CI of the mean difference", "平均差值的95%置信区间"), w("mean difference", "平均差值"),
                w("no difference", "无差异")};
    add_chart(cx, t.id, t.title, difference_chart(panels, t, axis_format(cx.nf, du, true), year_format()), html,
              source_line(cx, sources,
                          kind == ValueKind::flow
                              ? w("Paired by replication (common random numbers); columns cumulative_difference, "
                                  "cumulative_ci_low, cumulative_ci_high",
                                  "按重复运行配对（共同随机数）；字段 cumulative_difference、cumulative_ci_low、cumulative_ci_high")
                              : w("Paired by replication (common random numbers); columns difference, ci_low, ci_high",
                                  "按重复运行配对（共同随机数）；字段 difference、ci_low、ci_high")));
  }
  return html;
}

// ---------------------------------------------------------------- tables

/// Headline table of one scenario (headline.hpp): stocks at the horizon,
/// flows' totals, with the CI of the mean and the replications' 90 % range.
std::string headline_table(Context& cx, const Scenario& s, const std::vector<std::string>& metrics) {
  const Words& w = cx.w;
  const Calendar cal = calendar_of(s);
  std::string html = "<table><thead><tr><th>" + w("Outcome", "指标") + "</th><th>" + w("when", "时点或时段") +
                     "</th><th class=\"num\">" + w("mean", "均值") + "</th><th class=\"num\">" +
                     w("95 % CI of the mean", "均值的95%置信区间") + "</th><th class=\"num\">" +
                     w("90 % of replications", "90%的重复运行") + "</th><th class=\"num\">n</th></tr></thead><tbody>";
  for (const HeadlineRow& r : s.headline(cx.in, metrics)) {
    const Stats& st = r.stats;
    const DisplayUnit du = cx.nf.unit(r.unit, std::max({std::fabs(st.mean), std::fabs(st.p95), std::fabs(st.p5)}));
    std::string mean = esc(du.attach(cx.nf.cell(st.mean, du)));
    if (r.kind == ValueKind::flow && r.per_year.n) {
      const DisplayUnit dy = cx.nf.unit(r.unit, std::fabs(r.per_year.mean));
      mean += "<br><span class=\"ci\">" + esc(dy.attach(cx.nf.cell(r.per_year.mean, dy)) + w(" a year", "/年")) + "</span>";
    }
    html += "<tr><th scope=\"row\">" + esc(metric_label(r.metric, w.lang)) + "</th><td>" +
            esc(when(r.kind, cal, w.lang)) + "</td><td class=\"num\">" + mean +
            "</td><td class=\"num\">" + esc(cx.nf.interval(st.ci_low, st.ci_high, du)) + "</td><td class=\"num\">" +
            esc(cx.nf.interval(st.p5, st.p95, du)) + "</td><td class=\"num\">" + std::to_string(st.n) + "</td></tr>";
  }
  html += "</tbody></table>";
  return html + source_line(cx, {"/scenarios/" + s.header.name + "/metrics/<metric>"},
                            w("Stocks at the horizon; flows totalled over every sample (set-up at the start "
                              "included), with the yearly average below",
                              "存量取期末值；流量为全部抽样期合计（含起始时的初始设置），下方为年均值"));
}

/// The contrasts `innosim compare` stored: each metric by its headline statistic.
std::string contrast_table(Context& cx, const Comparison& c) {
  const Words& w = cx.w;
  const Calendar cal = calendar_of(cx, c);
  const auto& t = c.metrics;
  std::string html = "<table><thead><tr><th>" + w("Outcome", "指标") + "</th><th>" + w("when", "时点或时段") +
                     "</th><th class=\"num\">" + esc(scenario_name(cx, c.base)) + "</th><th class=\"num\">" +
                     esc(scenario_name(cx, c.alt)) + "</th><th class=\"num\">" + w("difference", "差值") +
                     "</th><th class=\"num\">" + w("95 % CI (paired)", "95%置信区间（配对）") + "</th><th>" +
                     w("reading", "解读") + "</th><th class=\"num\">" + w("pairs", "配对数") + "</th></tr></thead><tbody>";
  const auto* kind = column(t, "kind");
  for (std::size_t i = 0; i < rows_of(t); ++i) {
    const std::string m = text_at(column(t, "metric"), i);
    const std::string u = text_at(column(t, "unit"), i);
    const double bm = number_at(column(t, "base_mean"), i), am = number_at(column(t, "alt_mean"), i);
    const double d = clean_difference(number_at(column(t, "difference"), i), bm, am);
    const double lo = number_at(column(t, "ci_low"), i), hi = number_at(column(t, "ci_high"), i),
                 n = number_at(column(t, "n"), i);
    const ValueKind k = kind ? value_kind(text_at(kind, i)) : catalogue_kind(m);
    const DisplayUnit du = cx.nf.unit(u, std::max(std::fabs(bm), std::fabs(am)));
    const DisplayUnit dd = cx.nf.unit(u, std::max({std::fabs(d), std::fabs(lo), std::fabs(hi)}), true);
    std::string reading;
    if (!(n >= 2))
      reading = w("too few pairs", "配对不足");
    else if (!significant(lo, hi))
      reading = w("not distinguishable from zero", "与零无显著差异");
    else
      reading = d > 0 ? w("higher", "更高") : w("lower", "更低");
    html += "<tr><th scope=\"row\">" + esc(metric_label(m, w.lang)) + "</th><td>" + esc(when(k, cal, w.lang)) +
            "</td><td class=\"num\">" + esc(du.attach(cx.nf.cell(bm, du))) + "</td><td class=\"num\">" +
            esc(du.attach(cx.nf.cell(am, du))) + "</td><td class=\"num\">" + esc(dd.attach(cx.nf.cell(d, dd, true))) +
            "</td><td class=\"num\">" + esc(cx.nf.interval(lo, hi, dd, true)) + "</td><td>" + esc(reading) +
            "</td><td class=\"num\">" + cx.nf.count(n) + "</td></tr>";
  }
  html += "</tbody></table>";
  return html + source_line(cx, {c.path() + "/metrics"},
                            w("Paired by replication; stocks at the end of the span, flows totalled over it",
                              "按重复运行配对；存量取期末值，流量为全期合计"));
}

/// Totals of the flows (fiscal lines included) per scenario.
std::string flow_totals_table(Context& cx) {
  const Words& w = cx.w;
  if (cx.data.scenarios.empty()) return "";
  const Scenario& s0 = cx.data.scenarios.front();
  std::vector<std::string> flows;
  for (const output::MetricInfo& m : s0.header.metrics)
    if (kind_of(m) == ValueKind::flow) flows.push_back(m.name);
  if (flows.empty()) return "";
  std::vector<std::map<std::string, HeadlineRow>> per;  // per scenario: metric -> row
  for (const Scenario& s : cx.data.scenarios) {
    per.emplace_back();
    for (HeadlineRow& r : s.headline(cx.in, flows)) per.back().emplace(r.metric, std::move(r));
  }
  std::string html = "<table class=\"compact\"><thead><tr><th>" + w("Flow", "流量指标") + "</th>";
  for (const Scenario& s : cx.data.scenarios)
    html += "<th class=\"num\">" + esc(scenario_name(cx, s.header.name)) + "</th>";
  html += "</tr></thead><tbody>";
  for (const std::string& m : flows) {
    std::string unit;
    double mag = 0.0;
    bool any = false;
    for (const auto& p : per) {
      const auto it = p.find(m);
      if (it == p.end() || !it->second.stats.n) continue;
      const Stats& st = it->second.stats;
      unit = it->second.unit;
      mag = std::max(mag, std::fabs(st.mean));
      any = any || st.mean != 0.0 || st.ci_high != 0.0;
    }
    if (!any) continue;  // a line that is zero everywhere (an instrument switched off) says nothing
    const DisplayUnit du = cx.nf.unit(unit, mag);
    html += "<tr><th scope=\"row\">" + esc(metric_label(m, w.lang)) + "</th>";
    for (const auto& p : per) {
      const auto it = p.find(m);
      if (it == p.end() || !it->second.stats.n) {
        html += "<td class=\"num\">—</td>";
        continue;
      }
      const Stats& x = it->second.stats;
      html += "<td class=\"num\">" + esc(du.attach(cx.nf.cell(x.mean, du))) + "<br><span class=\"ci\">" +
              esc(cx.nf.interval(x.ci_low, x.ci_high, du)) + "</span></td>";
    }
    html += "</tr>";
  }
  html += "</tbody></table>";
  return html + source_line(cx, {"/scenarios/<scenario>/metrics/<flow>"},
                            w("Mean over replications of each run's total over every sample, with the 95 % CI of the "
                              "mean below; lines that are zero in every scenario are left out",
                              "各次运行全期合计的均值，下方为均值的95%置信区间；各情景均为零的项目未列出"));
}

/// The file's cost-effectiveness table of a comparison: classified before anything is divided.
std::string cost_effectiveness_table(Context& cx, const Comparison& c) {
  const Words& w = cx.w;
  const auto& t = c.cost_effectiveness;
  if (t.empty()) return "";
  const auto* cls = column(t, "classification");
  std::string html = "<table><thead><tr><th>" + w("Outcome", "成效指标") + "</th><th class=\"num\">" +
                     w("extra cost [95 % CI]", "新增成本［95%置信区间］") + "</th><th class=\"num\">" +
                     w("extra outcome [95 % CI]", "新增成效［95%置信区间］") + "</th><th>" + w("classification", "分类") +
                     "</th><th>" + w("cost per extra unit of outcome [95 % CI], or why none", "单位新增成效的成本［95%置信区间］或不计算的原因") +
                     "</th></tr></thead><tbody>";
  for (std::size_t i = 0; i < rows_of(t); ++i) {
    const std::string o = text_at(column(t, "outcome"), i);
    const double ds = number_at(column(t, "spending_difference"), i), dx = number_at(column(t, "outcome_difference"), i);
    const double slo = number_at(column(t, "spending_ci_low"), i), shi = number_at(column(t, "spending_ci_high"), i);
    const double xlo = number_at(column(t, "outcome_ci_low"), i), xhi = number_at(column(t, "outcome_ci_high"), i);
    const DisplayUnit dy = cx.nf.unit("yuan", std::max({std::fabs(ds), std::fabs(slo), std::fabs(shi)}), true);
    const DisplayUnit dxu = cx.nf.unit("", std::max({std::fabs(dx), std::fabs(xlo), std::fabs(xhi)}), true);
    std::string ratio;
    // Classified again from the stored changes (a file before 1.x may store a class its CIs do not support).
    const CeVerdict verdict = stored_ce_verdict(t, i);
    const bool shown = cls && verdict.ratio_shown;
    if (shown) {
      const double r = number_at(column(t, "ratio"), i);
      const DisplayUnit dr = cx.nf.unit("yuan", std::fabs(r));
      ratio = dr.attach(cx.nf.cell(r, dr)) + " " +
              cx.nf.interval(number_at(column(t, "ci_low"), i), number_at(column(t, "ci_high"), i), dr);
    } else if (cls) {
      ratio = std::string(tr(verdict.reason, w.lang));
    } else {
      ratio = w("not shown: this file has no classification", "不列出：该文件没有分类");
    }
    html += "<tr><th scope=\"row\">" + esc(metric_label(o, w.lang)) + "<br><span class=\"ci\">" +
            esc(tr(text_at(column(t, "definition"), i), w.lang)) + "</span></th><td class=\"num\">" +
            esc(dy.attach(cx.nf.cell(ds, dy, true))) + "<br><span class=\"ci\">" +
            esc(std::isfinite(slo) ? cx.nf.interval(slo, shi, dy, true) : "") + "</span></td><td class=\"num\">" +
            esc(cx.nf.cell(dx, dxu, true)) + "<br><span class=\"ci\">" +
            esc(std::isfinite(xlo) ? cx.nf.interval(xlo, xhi, dxu, true) : "") + "</span></td><td><b>" +
            esc(cls ? std::string(tr(ce_class_name(verdict.cls), w.lang)) : w("not in this file", "文件中无此项")) +
            "</b></td><td>" +
            esc(ratio) + "</td></tr>";
  }
  html += "</tbody></table>";
  std::string basis = attribute_text(c.attributes, "cost_basis");
  std::string note, discounted;
  if (const double rate = attribute_number(c.attributes, "cost_discount_rate"); std::isfinite(rate))
    discounted = w(fmt::format(" (discounted to the start at {:g} % a year; outcomes are not discounted)", 100 * rate),
                   fmt::format("（按每年{:g}%折现到起始日；成果不折现）", 100 * rate));
  if (!basis.empty())
    note = w("Cost: the total of ", "成本：") + attribute_text(c.attributes, "cost_metric") +
           w(" over the span, ", "全期合计，") + std::string(tr(basis, w.lang)) + discounted +
           w(". A class counts a change only where its 95 % CI excludes 0 (n.s.: it includes 0, and the data do not "
             "say which way that change goes). A ratio is given only for a trade-off (more outcome for more money) "
             "whose outcome and cost changes are both significant",
             "。分类只计入95%置信区间不含0的变化（“不显著”表示区间包含0，数据不能说明该变化的方向）。"
             "仅当属于“以更多投入换更多成效”且成效变化和成本变化均显著时才给出比值");
  else
    note = w("This file stores no classification (written before innosim classified cost-effectiveness); no ratio is "
             "shown, because a ratio of two differences misleads unless both rise and the outcome's rise is significant",
             "该文件未存储成本效果分类（由尚未分类的innosim版本写出）；未列出比值，因为只有在成本和成效均增加且成效增加显著时，两个差值之比才有意义");
  return html + source_line(cx, {c.path() + "/cost_effectiveness"}, note);
}

// ----------------------------------------------------------------- sweep

std::vector<std::string> sweep_metrics(const Sweep& s) {
  // A sweep that keeps every metric (the default) is shown by the headline
  // set; one that chose its metrics by those.
  const auto& all = s.header.metrics;
  std::vector<std::string> out;
  if (all.size() <= 8) return all;
  out = headline_metrics_present([&](const std::string& m) { return std::find(all.begin(), all.end(), m) != all.end(); });
  if (out.size() > 6) out.resize(6);
  return out;
}

/// A swept key's schema unit ("share", "yuan", ...), or "".
std::string factor_unit(const std::string& key) {
  if (const scenario::KeySpec* k = full_schema().find(key)) return k->unit;
  return "";
}

/// How a swept key's values are shown: its schema unit scaled for values of about `magnitude` (a share as per cent).
DisplayUnit factor_display(const std::string& key, double magnitude, Lang lang) {
  return display_unit(factor_unit(key), magnitude, lang);
}

/// "Loan interest subsidy: rate (%)": the key's group, its last part, its unit as displayed.
std::string factor_label(const std::string& key, Lang lang, double magnitude = 1.0) {
  std::string label = key_group_of(key, lang) + (lang == Lang::zh ? "：" : ": ") + key.substr(key.rfind('.') + 1);
  return with_unit(label, factor_display(key, magnitude, lang).text, lang);
}

/// The largest absolute value of a design column (what its display unit is chosen for).
double column_magnitude(const std::vector<output::TableColumn>& design, const std::string& key) {
  double m = 0.0;
  const output::TableColumn* c = column(design, key);
  for (std::size_t i = 0; i < rows_of(design); ++i)
    if (std::isfinite(number_at(c, i))) m = std::max(m, std::fabs(number_at(c, i)));
  return m;
}

/// The sampling period of a resolved scenario: "month", "quarter" or "year".
std::string sampling_period(const std::string& yaml) {
  const std::size_t p = yaml.find("sampling:");
  if (p == std::string::npos) return "month";
  const std::size_t e = yaml.find('\n', p);
  const std::string v = yaml.substr(p, e == std::string::npos ? std::string::npos : e - p);
  if (v.find("quarterly") != std::string::npos) return "quarter";
  if (v.find("yearly") != std::string::npos) return "year";
  return "month";
}

/// What each factor means (its key's description in the report's language; labels.hpp key_meaning), as a
/// list under a section's opening paragraph: a deputy reads "风险补偿资金池 · coverage_share" and its sense.
std::string factor_meanings(const Words& w, const std::vector<std::string>& keys) {
  std::string items;
  for (const std::string& k : keys)
    if (const std::string meaning = key_meaning(k, w.lang); !meaning.empty())
      items += "<li><b>" + esc(key_short_label(k, w.lang)) + "</b> <span class=\"ci\">" + esc(k) + "</span>" +
               w(": ", "：") + esc(meaning) + "</li>";
  return items.empty() ? items : "<ul class=\"factors\">" + items + "</ul>";
}

std::string sweep_section(Context& cx) {
  const Words& w = cx.w;
  const Sweep& sw = *cx.data.sweep;
  const std::size_t P = static_cast<std::size_t>(std::max<std::int64_t>(0, sw.header.points));
  std::string html;
  const std::vector<std::string> metrics = sweep_metrics(sw);
  const std::vector<std::string>& factors = sw.header.factors;
  html += "<p>" +
          esc(w("Design: ", "试验设计：") + sw.header.design + w(", ", "，") + std::to_string(P) +
              w(" points × ", "个设计点 × ") + std::to_string(sw.header.replications) +
              w(" replications (the same random numbers at every point), base scenario ", "次重复运行（各设计点使用相同随机数），基准情景 ") +
              scenario_label(sw.header.base_scenario, w.lang) + w(".", "。")) +
          "</p>" + factor_meanings(w, factors);
  const std::string period = sampling_period(attribute_text(sw.attributes, "base_scenario_yaml"));
  // Per metric: the [P x R] values and their statistics per point.
  std::map<std::string, std::vector<Stats>> stats;
  std::map<std::string, std::string> units;
  for (const std::string& m : metrics) {
    const std::string path = "/sweep/results/" + m;
    if (!cx.in.exists(path)) continue;
    const output::ArrayData a = cx.in.array(path);
    const std::size_t R = a.dims.size() == 2 ? static_cast<std::size_t>(a.dims[1]) : 0;
    std::vector<Stats> per;
    for (std::size_t p = 0; p < P && a.dims.size() == 2 && p < a.dims[0]; ++p)
      per.push_back(stats_of(std::vector<double>(a.values.begin() + static_cast<std::ptrdiff_t>(p * R),
                                                 a.values.begin() + static_cast<std::ptrdiff_t>((p + 1) * R))));
    stats[m] = std::move(per);
    const auto attrs = cx.in.attributes(path);
    units[m] = attribute_text(attrs, "unit");
    // A flow's stored value is its last sampling period's amount: the unit says so.
    if (catalogue_kind(m) == ValueKind::flow && units[m].find(" per ") == std::string::npos)
      units[m] += " per " + period;
  }
  const Calendar cal{sw.start_year, attribute_number(sw.attributes, "horizon_years")};
  for (const std::string& f : factors) {
    const output::TableColumn* fc = column(sw.design, f);
    for (const std::string& m : metrics) {
      if (!stats.count(m)) continue;
      const std::vector<Stats>& st = stats[m];
      SweepSeries s;
      s.connect = factors.size() == 1;
      for (std::size_t p = 0; p < st.size(); ++p) {
        s.x.push_back(number_at(fc, p));
        s.mean.push_back(st[p].mean), s.ci_low.push_back(st[p].ci_low), s.ci_high.push_back(st[p].ci_high);
        s.p5.push_back(st[p].p5), s.p25.push_back(st[p].p25), s.p75.push_back(st[p].p75), s.p95.push_back(st[p].p95);
      }
      const DisplayUnit du = cx.nf.unit(units[m], max_abs({&s.p5, &s.p95, &s.ci_low, &s.ci_high}));
      const bool flow = catalogue_kind(m) == ValueKind::flow;
      const std::string label = metric_label(m, w.lang);
      ChartText t;
      t.id = "sweep-" + slug(f) + "-" + slug(m);
      const double fmag = column_magnitude(sw.design, f);
      t.title = label + w(" against ", "随") + factor_label(f, w.lang, fmag) + w("", "变化");
      t.description = w("Each design point: the middle 50 % and 90 % of its replications shaded, the mean with its 95 % "
                        "confidence interval.",
                        "每个设计点：中间50%和90%的重复运行（阴影），均值及其95%置信区间。");
      t.y_label = with_unit(label + (flow ? w(", the last " + period + " before ", "，") + cal.stock_date(w.lang) +
                                                w("", "前最后一个抽样期")
                                          : w(", ", "，") + cal.stock_date(w.lang)),
                            du.text, w.lang);
      t.x_label = factor_label(f, w.lang, fmag);
      t.legend = {w("90 % of replications", "90%的重复运行"), w("50 % of replications", "50%的重复运行"),
                  w("mean", "均值"), w("95 % CI of the mean", "均值的95%置信区间")};
      // Factor values in the unit the label names (a share as per cent).
      const DisplayUnit fu = factor_display(f, fmag, w.lang);
      const AxisFormat xf = [fu, lang = w.lang](double v) { return plain(v * std::pow(10.0, -fu.exponent), lang); };
      add_chart(cx, t.id, t.title, sweep_chart(s, t, axis_format(cx.nf, du), xf), html,
                source_line(cx, {"/sweep/results/" + m, "/sweep/design"},
                            s.connect ? "" : w("Other factors vary between points too", "其他因素在各点之间也在变化")));
    }
  }
  // The per-point table.
  html += "<table class=\"compact\"><thead><tr><th class=\"num\">" + w("point", "设计点") + "</th>";
  for (const std::string& f : factors)
    html += "<th class=\"num\">" + esc(factor_label(f, w.lang, column_magnitude(sw.design, f))) + "</th>";
  std::map<std::string, DisplayUnit> du;
  for (const std::string& m : metrics) {
    if (!stats.count(m)) continue;
    double mag = 0.0;
    for (const Stats& s : stats[m]) mag = std::max(mag, std::isfinite(s.mean) ? std::fabs(s.mean) : 0.0);
    du.emplace(m, cx.nf.unit(units[m], mag));
    html += "<th class=\"num\">" + esc(with_unit(metric_label(m, w.lang), du.at(m).text, w.lang)) + "</th>";
  }
  html += "</tr></thead><tbody>";
  for (std::size_t p = 0; p < P; ++p) {
    html += "<tr><td class=\"num\">" + std::to_string(p) + "</td>";
    for (const std::string& f : factors)
      html += "<td class=\"num\">" +
              esc(plain(number_at(column(sw.design, f), p) *
                            std::pow(10.0, -factor_display(f, column_magnitude(sw.design, f), w.lang).exponent),
                        w.lang)) +
              "</td>";
    for (const std::string& m : metrics) {
      if (!stats.count(m) || p >= stats[m].size()) continue;
      const Stats& s = stats[m][p];
      html += "<td class=\"num\">" +
              (s.n ? esc(cx.nf.cell(s.mean, du.at(m))) + "<br><span class=\"ci\">" +
                         esc(cx.nf.interval(s.ci_low, s.ci_high, du.at(m))) + "</span>"
                   : "<span class=\"failed\">" + w("no successful run", "无成功运行") + "</span>") +
              "</td>";
    }
    html += "</tr>";
  }
  html += "</tbody></table>";
  return html + source_line(cx, {"/sweep/design", "/sweep/results/<metric>"},
                            w("Mean over the point's successful replications, 95 % CI below",
                              "各设计点成功运行的均值，下方为95%置信区间"));
}

// ------------------------------------------------------------ sensitivity

/// One output of a sensitivity analysis, read once for the summary and the section.
struct SensitivityOutput {
  std::string name, group_path, label, unit, of;
  bool sobol = true;
  std::vector<Bar> bars;  ///< most influential first
  std::vector<std::string> keys;  ///< the groups' keys, in bar order
  std::optional<SwitchingAnalysis> switching;  ///< effects only
};

std::vector<SensitivityOutput> sensitivity_outputs(Context& cx) {
  const Words& w = cx.w;
  std::vector<SensitivityOutput> out;
  if (!cx.in.exists("/sensitivity/outputs")) return out;
  // The factors' ranges and the points' unit coordinates, for switching values.
  std::vector<FactorRange> ranges;
  if (cx.in.exists("/sensitivity/factors")) {
    const auto f = cx.in.table("/sensitivity/factors");
    for (std::size_t i = 0; i < rows_of(f); ++i)
      ranges.push_back({text_at(column(f, "factor"), i), number_at(column(f, "lo"), i), number_at(column(f, "hi"), i),
                        text_at(column(f, "distribution"), i) == "log-uniform"});
  }
  std::vector<std::vector<double>> unit;
  if (cx.in.exists("/sensitivity/unit_design")) {
    const output::ArrayData u = cx.in.array("/sensitivity/unit_design");
    if (u.dims.size() == 2 && u.dims[1] == ranges.size())
      for (std::size_t p = 0; p < u.dims[0]; ++p)
        unit.emplace_back(u.values.begin() + static_cast<std::ptrdiff_t>(p * u.dims[1]),
                          u.values.begin() + static_cast<std::ptrdiff_t>((p + 1) * u.dims[1]));
  }
  for (const std::string& o : cx.in.children("/sensitivity/outputs")) {
    SensitivityOutput s;
    s.name = o;
    s.group_path = "/sensitivity/outputs/" + o;
    if (!cx.in.exists(s.group_path + "/indices")) continue;
    const auto oa = cx.in.attributes(s.group_path);
    s.label = attribute_text(oa, "label").empty() ? o : attribute_text(oa, "label");
    // In Chinese, the catalogue's words (the stored label is English).
    if (w.lang == Lang::zh && !attribute_text(oa, "metric").empty()) {
      const std::string of = attribute_text(oa, "of");
      s.label = metric_label(attribute_text(oa, "metric"), w.lang) +
                (of == "effect" ? "（政策效应，配对差值）" : of == "policy" ? "（政策情景）" : of == "base" ? "（基准情景）" : "");
    }
    s.unit = attribute_text(oa, "unit");
    s.of = attribute_text(oa, "of");
    const auto t = cx.in.table(s.group_path + "/indices");
    s.sobol = column(t, "ST") != nullptr;
    std::vector<std::pair<Bar, std::string>> rows;
    for (std::size_t i = 0; i < rows_of(t); ++i) {
      Bar b;
      const std::string group = text_at(column(t, "group"), i);
      b.label = key_short_label(group, w.lang);
      if (s.sobol) {
        b.value = number_at(column(t, "S1"), i), b.low = number_at(column(t, "S1_ci_low"), i),
        b.high = number_at(column(t, "S1_ci_high"), i);
        b.value2 = number_at(column(t, "ST"), i), b.low2 = number_at(column(t, "ST_ci_low"), i),
        b.high2 = number_at(column(t, "ST_ci_high"), i);
      } else {
        b.value = number_at(column(t, "mu_star"), i), b.low = number_at(column(t, "mu_star_ci_low"), i),
        b.high = number_at(column(t, "mu_star_ci_high"), i);
      }
      rows.emplace_back(b, group);
    }
    // Most influential first (by ST, or mu*).
    std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
      return (s.sobol ? a.first.value2 : a.first.value) > (s.sobol ? b.first.value2 : b.first.value);
    });
    for (auto& [b, g] : rows) s.bars.push_back(b), s.keys.push_back(g);
    if (s.of == "effect" && !unit.empty() && cx.in.exists(s.group_path + "/means")) {
      const output::ArrayData m = cx.in.array(s.group_path + "/means");
      s.switching = switching_values(unit, m.values, ranges);
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::string sensitivity_section(Context& cx) {
  const Words& w = cx.w;
  std::string html;
  const auto attrs = cx.in.attributes("/sensitivity");
  const std::string method = attribute_text(attrs, "method");
  html += "<p>" +
          esc(w("Method: ", "方法：") + method + w(", ", "，") + attribute_text(attrs, "points") +
              w(" design points × ", "个设计点 × ") + attribute_text(attrs, "replications") +
              w(" replications. ", "次重复运行。") + attribute_text(attrs, "estimators")) +
          "</p>";
  if (cx.in.exists("/sensitivity/factors")) {
    const auto f = cx.in.table("/sensitivity/factors");
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < rows_of(f); ++i) keys.push_back(text_at(column(f, "factor"), i));
    html += factor_meanings(w, keys);
  }
  for (const SensitivityOutput& s : sensitivity_outputs(cx)) {
    ChartText ct;
    ct.id = "sens-" + slug(s.name);
    ct.title = w("Sensitivity of ", "敏感性：") + s.label;
    ct.description = s.sobol ? w("Sobol' first-order (S1) and total (ST) indices with bootstrap confidence intervals.",
                                 "Sobol一阶指数（S1）和总效应指数（ST）及其自助法置信区间。")
                             : w("Morris mean absolute elementary effect (μ*) with its bootstrap confidence interval.",
                                 "Morris基本效应绝对值的均值（μ*）及其自助法置信区间。");
    ct.legend = s.sobol ? std::vector<std::string>{w("first-order S1", "一阶指数S1"), w("total ST", "总效应指数ST"),
                                                   w("95 % bootstrap CI", "95%自助法置信区间")}
                        : std::vector<std::string>{"μ*", w("95 % bootstrap CI", "95%自助法置信区间")};
    ct.x_label = s.sobol ? w("share of the output's variance", "占输出方差的比例")
                         : w("μ* in the output's unit", "μ*（输出的单位）") + std::string(" ") + s.unit;
    const AxisFormat xf = [lang = w.lang](double v) { return plain(v, lang); };
    const auto oa = cx.in.attributes(s.group_path);
    add_chart(cx, ct.id, ct.title, bar_chart(s.bars, s.sobol, ct, xf), html,
              source_line(cx, {s.group_path + "/indices"},
                          w("Seeds' share of a single run's variance: ", "随机种子占单次运行方差的比例：") +
                              format_number(attribute_number(oa, "seed_share"),
                                            {w.lang, Precision::significant(3), false, Grouping::standard})));
    if (!s.switching || s.switching->n == 0) continue;
    // Switching values of a policy's effect (Green Book): where it would change sign.
    const SwitchingAnalysis& sw = *s.switching;
    html += "<h3>" + esc(w("Switching values: ", "转换值：") + s.label) + "</h3>";
    html += "<p>" +
            esc(w("The effect with every factor at the centre of its range: ", "各因素取区间中点时的效应：") +
                cx.nf.value(sw.centre, s.unit) +
                w(". For each factor, the value at which the effect would change sign with the others at their "
                  "centres, from a linear fit to the ",
                  "。下表给出其他因素取中点时，使效应改变符号的各因素取值，依据对") +
                std::to_string(sw.n) +
                w(" design points' means (R² = ", "个设计点均值的线性拟合（R² = ") +
                plain(std::round(sw.r_squared * 1000.0) / 1000.0, w.lang) + w(").", "）。")) +
            (sw.r_squared < 0.5
                 ? " <b>" + esc(w("The linear fit explains little of the variation: read these values as rough guides.",
                                  "线性拟合解释的变异很少：这些数值只能作粗略参考。")) +
                       "</b>"
                 : std::string()) +
            "</p>";
    html += "<table><thead><tr><th>" + w("Factor", "因素") + "</th><th class=\"num\">" + w("range", "取值区间") +
            "</th><th class=\"num\">" + w("change of the effect over the range", "效应在区间内的变化") +
            "</th><th class=\"num\">" + w("switching value", "转换值") + "</th></tr></thead><tbody>";
    const auto f = cx.in.table("/sensitivity/factors");
    for (std::size_t i = 0; i < sw.factors.size(); ++i) {
      const SwitchingValue& v = sw.factors[i];
      const double lo = number_at(column(f, "lo"), i), hi = number_at(column(f, "hi"), i);
      std::string sv;
      if (v.switches)
        sv = plain(v.value, w.lang);
      else
        sv = (sw.centre > 0 ? w("none in the range: the effect stays positive", "区间内无：效应保持为正")
                            : w("none in the range: the effect stays negative", "区间内无：效应保持为负"));
      html += "<tr><th scope=\"row\">" + esc(key_short_label(v.factor, w.lang)) + "<br><span class=\"ci\">" +
              esc(v.factor) + "</span></th><td class=\"num\">" + esc(plain(lo, w.lang) + " – " + plain(hi, w.lang)) +
              "</td><td class=\"num\">" + esc(cx.nf.diff(v.slope, kNaN, kNaN, s.unit).first) + "</td><td class=\"num\">" +
              esc(sv) + "</td></tr>";
    }
    html += "</tbody></table>" +
            source_line(cx, {s.group_path + "/means", "/sensitivity/unit_design", "/sensitivity/factors"},
                        w("Least squares of the point means on the points' unit coordinates", "各设计点均值对单位坐标的最小二乘拟合"));
  }
  return html;
}

// ------------------------------------------------------------ calibration

/// A calibration file's fit (innosim calibrate, /calibration; written by
/// calibration_output.cpp): read once for the summary and the section.
struct CalibrationView {
  std::vector<output::Attribute> attrs;
  std::vector<output::TableColumn> parameters, targets, checks;
  bool ok = false;
};

CalibrationView calibration_view(const Context& cx) {
  CalibrationView v;
  if (!cx.in.exists("/calibration")) return v;
  v.attrs = cx.in.attributes("/calibration");
  if (cx.in.exists("/calibration/parameters")) v.parameters = cx.in.table("/calibration/parameters");
  if (cx.in.exists("/calibration/targets")) v.targets = cx.in.table("/calibration/targets");
  if (cx.in.exists("/calibration/checks")) v.checks = cx.in.table("/calibration/checks");
  v.ok = rows_of(v.parameters) > 0 && rows_of(v.targets) > 0;
  return v;
}

/// A parameter value as the report prints it: four significant digits, grouped.
std::string param_text(const Numbers& nf, double x) {
  if (!std::isfinite(x)) return "—";
  return format_number(x, nf.style(false, 4));
}

/// The J test's verdict in words.
std::string j_verdict(const Words& w, const std::vector<output::Attribute>& a) {
  const double j = attribute_number(a, "j_statistic"), p = attribute_number(a, "j_p_value");
  const double df = attribute_number(a, "j_df");
  if (df < 0)
    return w("No J test: the calibration has fewer targets than free parameters, so not all of them can be identified "
             "and the fit cannot be tested.",
             "无J检验：校准的目标数少于自由参数数，参数不可能全部识别，拟合无法检验。");
  if (!(df > 0))
    return w("No J test: the calibration is exactly identified (as many targets as free parameters), so the fit "
             "cannot be tested.",
             "无J检验：校准恰好识别（目标数等于自由参数数），拟合无法检验。");
  if (!std::isfinite(p))
    return w("J test not computed: the variance of the moment conditions at the estimate is not finite.",
             "未计算J检验：估计值处矩条件的方差不是有限值。");
  const NumberStyle st{w.lang, Precision::significant(3), false, Grouping::standard};
  const std::string head = "J = " + format_number(j, st) + w(" on ", "，自由度") + std::to_string(std::lround(df)) +
                           w(" degrees of freedom, p = ", "，p = ") + format_number(p, st) + w(": ", "：");
  return head + (p < 0.05 ? w("the targets reject the model at the estimate (5 % level): some of them cannot be "
                              "matched together, so read the estimates with caution.",
                              "在5%水平上目标拒绝了估计值处的模型：部分目标无法同时拟合，估计值需谨慎解读。")
                          : w("the targets are jointly consistent with the model at the estimate (5 % level).",
                              "在5%水平上各目标与估计值处的模型相容。"));
}

/// "identified", "weakly identified", ... (calibration.cpp's identification_name()) in the page's language.
std::string identification_text(const Words& w, const std::string& code) { return std::string(tr(code, w.lang)); }

std::string calibration_section(Context& cx) {
  const Words& w = cx.w;
  const CalibrationView v = calibration_view(cx);
  std::string html;
  if (!v.ok) return "<p class=\"box failed\">" + w("The file has no calibration result.", "文件中没有校准结果。") + "</p>";
  const auto& a = v.attrs;
  const std::size_t p = rows_of(v.parameters), m = rows_of(v.targets);
  const NumberStyle st3{w.lang, Precision::significant(3), false, Grouping::standard};
  html += "<p>" +
          esc(w("Method of simulated moments on common random numbers: ", "基于共同随机数的模拟矩方法：") +
              std::to_string(p) + w(" parameters, ", "个参数，") + std::to_string(m) + w(" targets, S = ", "个目标，S = ") +
              attribute_text(a, "replications") + w(" replications of seed ", "次重复运行，随机种子") +
              attribute_text(a, "seed") + w(", weighting ", "，权重矩阵") + attribute_text(a, "weighting") +
              w(". Base scenario: ", "。基准情景：") + scenario_label(attribute_text(a, "base_scenario"), w.lang) +
              w(".", "。")) +
          "</p>";
  {
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < p; ++i) keys.push_back(text_at(column(v.parameters, "parameter"), i));
    html += factor_meanings(w, keys);
  }
  if (attribute_number(a, "synthetic") == 1.0)
    html += "<p class=\"box\">" +
            w("Synthetic targets: the observed values were simulated at known parameter values (the last column), "
              "to check that the calibration recovers them.",
              "合成目标：观测值由已知参数值模拟生成（见最后一列），用于检验校准能否还原这些参数。") +
            "</p>";

  // Estimates.
  html += "<h3>" + w("Estimates", "参数估计") + "</h3>";
  const bool synthetic = attribute_number(a, "synthetic") == 1.0;
  html += "<table><thead><tr><th>" + w("Parameter", "参数") + "</th><th class=\"num\">" + w("range searched", "搜索区间") +
          "</th><th class=\"num\">" + w("estimate", "估计值") + "</th><th class=\"num\">" + w("standard error", "标准误") +
          "</th><th class=\"num\">" + w("95 % CI", "95%置信区间") + "</th><th>" + w("identification", "可识别性") + "</th>" +
          (synthetic ? "<th class=\"num\">" + w("true value", "真值") + "</th>" : std::string()) + "</tr></thead><tbody>";
  const auto* pc = column(v.parameters, "parameter");
  for (std::size_t i = 0; i < p; ++i) {
    const std::string key = text_at(pc, i);
    const double lo = number_at(column(v.parameters, "ci95_low"), i), hi = number_at(column(v.parameters, "ci95_high"), i);
    const std::string ident = text_at(column(v.parameters, "identification"), i);
    html += "<tr" + std::string(ident == "identified" ? "" : " class=\"failed\"") + "><th scope=\"row\">" +
            esc(key_short_label(key, w.lang)) + "<br><span class=\"ci\">" + esc(key) + "</span></th><td class=\"num\">" +
            esc(param_text(cx.nf, number_at(column(v.parameters, "lo"), i)) + " – " +
                param_text(cx.nf, number_at(column(v.parameters, "hi"), i)) +
                (number_at(column(v.parameters, "log_scale"), i) == 1.0 ? w(" (log)", "（对数）") : "")) +
            "</td><td class=\"num\"><b>" + esc(param_text(cx.nf, number_at(column(v.parameters, "estimate"), i))) +
            "</b></td><td class=\"num\">" + esc(param_text(cx.nf, number_at(column(v.parameters, "se"), i))) +
            "</td><td class=\"num\">" +
            esc(std::isfinite(lo) ? "[" + param_text(cx.nf, lo) + ", " + param_text(cx.nf, hi) + "]" : "—") +
            "</td><td>" + esc(identification_text(w, ident)) + "</td>" +
            (synthetic ? "<td class=\"num\">" + esc(param_text(cx.nf, number_at(column(v.parameters, "synthetic_truth"), i))) +
                             "</td>"
                       : std::string()) +
            "</tr>";
  }
  html += "</tbody></table>" +
          source_line(cx, {"/calibration/parameters", "/calibration/covariance"},
                      w("Standard errors: the MSM sandwich with the (1 + 1/S) correction for simulation noise; NaN "
                        "(—) where a parameter is not identified",
                        "标准误：含模拟噪声修正 (1 + 1/S) 的模拟矩方法三明治估计；不可识别的参数为 —"));

  // Targets: the fit, as a chart and a table.
  html += "<h3>" + w("Targets: observed and simulated", "目标：观测值与模拟值") + "</h3>";
  std::vector<Bar> bars;
  for (std::size_t k = 0; k < m; ++k) {
    const double z = number_at(column(v.targets, "z"), k);
    Bar b;
    b.label = text_at(column(v.targets, "target"), k);
    b.value = z;
    b.low = z - 1.96;
    b.high = z + 1.96;
    bars.push_back(b);
  }
  ChartText ct;
  ct.id = "calib-fit";
  ct.title = w("Fit to each target", "各目标的拟合");
  ct.description = w("z = (observed − simulated) / total sd at the estimate, with ±1.96: a bar whose whiskers cross zero "
                     "is matched within the combined uncertainty of the figure and the simulation.",
                     "z =（观测值 − 模拟值）/ 总标准差（估计值处），须线为 ±1.96：须线跨过零的目标在观测与模拟的合并不确定性内得到拟合。");
  ct.legend = {w("z (observed − simulated, in total sd)", "z（观测值 − 模拟值，以总标准差计）"),
               w("z ± 1.96", "z ± 1.96")};
  ct.x_label = w("standard deviations of the target (observed and simulated together)", "目标的标准差（观测与模拟合并）");
  const AxisFormat xf = [lang = w.lang](double x) { return plain(x, lang); };
  add_chart(cx, ct.id, ct.title, bar_chart(bars, false, ct, xf), html,
            source_line(cx, {"/calibration/targets"}, w("column z", "z列")));
  html += "<table class=\"compact\"><thead><tr><th>" + w("Target", "目标") + "</th><th class=\"num\">" +
          w("observed", "观测值") + "</th><th class=\"num\">" + w("simulated", "模拟值") + "</th><th class=\"num\">" +
          w("total sd", "总标准差") + "</th><th class=\"num\">z</th><th>" + w("source of the figure", "数据来源") +
          "</th></tr></thead><tbody>";
  for (std::size_t k = 0; k < m; ++k) {
    const double z = number_at(column(v.targets, "z"), k);
    const auto obs = [&](const char* c, const char* sd) {
      return param_text(cx.nf, number_at(column(v.targets, c), k)) + " ± " +
             param_text(cx.nf, number_at(column(v.targets, sd), k));
    };
    html += "<tr" + std::string(std::fabs(z) > 1.96 ? " class=\"failed\"" : "") + "><th scope=\"row\">" +
            esc(text_at(column(v.targets, "target"), k)) + "<br><span class=\"ci\"><code>" +
            esc(text_at(column(v.targets, "expression"), k)) + "</code></span></th><td class=\"num\">" +
            esc(obs("observed", "observed_sd")) + "</td><td class=\"num\">" + esc(obs("simulated", "simulated_sd")) +
            "</td><td class=\"num\">" + esc(param_text(cx.nf, number_at(column(v.targets, "total_sd"), k))) +
            "</td><td class=\"num\">" + esc(format_number(z, {w.lang, Precision::decimals(2), true, Grouping::standard})) +
            "</td><td>" + esc(text_at(column(v.targets, "source"), k)) + "</td></tr>";
  }
  html += "</tbody></table>" +
          source_line(cx, {"/calibration/targets"},
                      w("Simulated: the mean of the S runs at the estimate ± their sd; total sd = sqrt(obs. sd² + "
                        "(1 + 1/S) sim. sd²); rows with |z| > 1.96 in red",
                        "模拟值：估计值处S次运行的均值 ± 标准差；总标准差 = sqrt(观测标准差² + (1 + 1/S) 模拟标准差²)；"
                        "|z| > 1.96 的行标红"));

  // Goodness of fit and identification.
  html += "<h3>" + w("Goodness of fit and identification", "拟合优度与可识别性") + "</h3><ul>";
  html += "<li>" + esc(w("Objective Q = ", "目标函数 Q = ") + format_number(attribute_number(a, "objective"), st3) +
                       w(".", "。")) +
          "</li>";
  html += "<li>" + esc(j_verdict(w, a)) + "</li>";
  const double rank = attribute_number(a, "jacobian_rank");
  html += "<li>" +
          esc(w("Jacobian of the targets with respect to the parameters: rank ", "目标对参数的雅可比矩阵：秩 ") +
              std::to_string(std::lround(rank)) + w(" of ", "/") + std::to_string(p) + w(", condition number ", "，条件数 ") +
              format_number(attribute_number(a, "condition_number"), st3) +
              (rank < static_cast<double>(p)
                   ? w(": rank-deficient, some parameter combinations are invisible to the targets.",
                       "：秩亏，部分参数组合无法由目标识别。")
                   : w(".", "。"))) +
          "</li>";
  for (std::size_t i = 0; i < p; ++i)
    html += "<li><b>" + esc(key_short_label(text_at(pc, i), w.lang)) + "</b>" + w(": ", "：") +
            // The stored verdict is English prose; a Chinese page says the class instead.
            esc(w.lang == Lang::zh ? identification_text(w, text_at(column(v.parameters, "identification"), i))
                                   : text_at(column(v.parameters, "verdict"), i)) + " " +
            esc(w("(the objective rises by ", "（目标函数在区间两端分别上升") +
                format_number(number_at(column(v.parameters, "profile_rise_low"), i), st3) + w(" and ", "和") +
                format_number(number_at(column(v.parameters, "profile_rise_high"), i), st3) +
                w(" towards the ends of its profile)", "）")) +
            "</li>";
  html += "</ul>" + source_line(cx, {"/calibration", "/calibration/parameters", "/calibration/singular_values",
                                     "/calibration/profiles"});
  const std::string warnings = attribute_text(a, "warnings");
  if (!warnings.empty()) {
    html += "<div class=\"box failed\"><p><b>" + w("The calibration warned:", "校准给出的警告：") + "</b></p><ul>";
    std::size_t start = 0;
    while (start < warnings.size()) {
      const std::size_t nl = warnings.find('\n', start);
      const std::string line = warnings.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      if (!line.empty()) html += "<li>" + esc(line) + "</li>";
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    html += "</ul></div>";
  }
  // The check before fitting: are the targets' simulated values stable?
  if (rows_of(v.checks) > 0) {
    html += "<h3>" + w("Check before fitting", "拟合前检查") + "</h3><table class=\"compact\"><thead><tr><th>" +
            w("Target", "目标") + "</th><th class=\"num\">" + w("mean, calibration seeds", "均值（校准种子）") +
            "</th><th class=\"num\">" + w("mean, fresh seeds", "均值（新种子）") + "</th><th class=\"num\">" +
            w("drift when the dates move", "日期移动时的漂移") + "</th><th>" + w("verdict", "结论") +
            "</th></tr></thead><tbody>";
    for (std::size_t k = 0; k < rows_of(v.checks); ++k)
      html += "<tr><th scope=\"row\">" + esc(text_at(column(v.checks, "target"), k)) + "</th><td class=\"num\">" +
              esc(param_text(cx.nf, number_at(column(v.checks, "mean"), k))) + "</td><td class=\"num\">" +
              esc(param_text(cx.nf, number_at(column(v.checks, "mean_fresh_seeds"), k))) + "</td><td class=\"num\">" +
              esc(param_text(cx.nf, number_at(column(v.checks, "drift"), k))) + "</td><td>" +
              esc(text_at(column(v.checks, "verdict"), k)) + "</td></tr>";
    html += "</tbody></table>" + source_line(cx, {"/calibration/checks"});
  }
  return html;
}

// ------------------------------------------------------------- summary

std::string summary_section(Context& cx, const std::vector<Comparison>& comps) {
  const Words& w = cx.w;
  const Numbers& nf = cx.nf;
  std::string html;
  // The question.
  html += "<h3>" + w("The question", "问题") + "</h3>";
  if (cx.data.kind == FileKind::compare) {
    html += "<ul class=\"questions\">";
    std::set<std::string> bases;
    for (const Comparison& c : comps) bases.insert(c.base);
    for (const std::string& b : bases)
      html += "<li><b>" + esc(scenario_name(cx, b)) + "</b> <span class=\"tag\">" + w("base", "基准") + "</span> — " +
              esc(question_of(cx, *find_scenario(cx, b))) + "</li>";
    for (const Comparison& c : comps)
      html += "<li><b>" + esc(scenario_name(cx, c.alt)) + "</b> — " + esc(question_of(cx, *find_scenario(cx, c.alt))) +
              "</li>";
    html += "</ul>";
  } else if (cx.data.kind == FileKind::sweep) {
    const Sweep& sw = *cx.data.sweep;
    std::string fs;
    for (const std::string& f : sw.header.factors)
      fs += (fs.empty() ? "" : w(", ", "、")) + factor_label(f, w.lang, column_magnitude(sw.design, f));
    html += "<p>" + esc(w("How do the outcomes of ", "情景“") + scenario_label(sw.header.base_scenario, w.lang) +
                        w(" respond to ", "”的结果如何随") + fs + w("?", "变化？")) +
            "</p>";
  } else if (cx.data.kind == FileKind::sensitivity) {
    html += "<p>" + esc(w("Which assumptions drive the outcomes?", "哪些假设决定了结果？")) + "</p>";
  } else if (cx.data.kind == FileKind::calibration) {
    html += "<p>" + esc(w("Which values of the model's uncertain parameters make it reproduce the observed figures, "
                          "how precisely are they pinned down, and does the model fit all the figures at once?",
                          "模型中不确定参数取何值时能再现观测数据？这些参数被确定得有多精确？模型能否同时拟合所有数据？")) +
            "</p>";
  } else {
    for (const Scenario& s : cx.data.scenarios)
      html += "<p><b>" + esc(scenario_name(cx, s.header.name)) + "</b> — " + esc(question_of(cx, s)) + "</p>";
  }

  // The answer.
  html += "<h3>" + w("What the model says", "模型的回答") + "</h3>";
  if (cx.data.kind == FileKind::run || cx.data.kind == FileKind::other) {
    for (const Scenario& s : cx.data.scenarios) {
      const Calendar cal = calendar_of(s);
      html += "<ul class=\"answers\">";
      std::size_t said = 0;
      for (const HeadlineRow& r : s.headline(cx.in, key_outcomes([&](const std::string& m) { return s.has(m); }))) {
        const Stats& st = r.stats;
        if (st.n == 0) continue;
        ++said;
        const std::string& u = r.unit;
        html += "<li><b>" + esc(metric_label(r.metric, w.lang)) + "</b>" +
                esc(w(" (", "（") + when(r.kind, cal, w.lang) + w("): ", "）：")) + "<span class=\"big\">" +
                esc(nf.value(st.mean, u)) + "</span> " +
                esc(w("on average over ", "，") + std::to_string(st.n) +
                    w(" replications; 95 % CI of the mean ", "次重复运行的均值；均值的95%置信区间为") +
                    nf.range(st.ci_low, st.ci_high, u) + w("; 90 % of replications from ", "；90%的重复运行在") +
                    nf.range(st.p5, st.p95, u) + w(".", "之间。")) +
                "</li>";
      }
      if (!said) html += "<li>" + w("No replication finished: there is nothing to report.", "没有成功完成的重复运行，无结果可报告。") + "</li>";
      html += "</ul>";
    }
  } else if (cx.data.kind == FileKind::compare) {
    for (const Comparison& c : comps) {
      const Calendar cal = calendar_of(cx, c);
      html += "<p><b>" + esc(scenario_name(cx, c.alt)) + "</b>" +
              esc(w(" compared with ", "与") + scenario_name(cx, c.base) + w(":", "相比：")) + "</p><ul class=\"answers\">";
      const auto& t = c.metrics;
      for (const std::string& m : key_outcomes([&](const std::string& m2) { return c.row_of(m2) >= 0; })) {
        const long i = c.row_of(m);
        if (i < 0) continue;
        const auto row = static_cast<std::size_t>(i);
        const double d = clean_difference(number_at(column(t, "difference"), row),
                                          number_at(column(t, "base_mean"), row), number_at(column(t, "alt_mean"), row));
        const double lo = number_at(column(t, "ci_low"), row), hi = number_at(column(t, "ci_high"), row),
                     n = number_at(column(t, "n"), row);
        if (!(n > 0)) continue;
        const std::string u = text_at(column(t, "unit"), row);
        const ValueKind k = column(t, "kind") ? value_kind(text_at(column(t, "kind"), row)) : catalogue_kind(m);
        std::string verdict;
        if (n < 2)
          verdict = w("too few paired replications for an interval", "配对重复运行太少，无法给出区间");
        else if (!significant(lo, hi))
          verdict = w("no difference distinguishable from zero", "与零无显著差异");
        else
          verdict = d > 0 ? w("higher", "更高") : w("lower", "更低");
        const auto [value, range] = nf.diff(d, lo, hi, u);
        html += "<li><b>" + esc(metric_label(m, w.lang)) + "</b>" + esc(w(" (", "（") + when(k, cal, w.lang) + w("): ", "）：")) +
                "<span class=\"big\">" + esc(value) + "</span> " +
                esc(w("(95 % CI ", "（95%置信区间") + range + w(", ", "，") + nf.count(n) + w(" pairs): ", "对）：") +
                    verdict + w(".", "。")) +
                "</li>";
      }
      html += "</ul>";
      // Cost-effectiveness: the class of each outcome, and the ratio only where it means something.
      const auto& ce = c.cost_effectiveness;
      if (column(ce, "classification")) {  // files before 1.2 have no classes
        html += "<p>" + w("Cost-effectiveness (cost: ", "成本效果（成本：") +
                esc(tr(attribute_text(c.attributes, "cost_basis"), w.lang)) + w("): ", "）：");
        for (std::size_t i = 0; i < rows_of(ce); ++i) {
          const CeVerdict verdict = stored_ce_verdict(ce, i);
          html += (i ? w("; ", "；") : "") + esc(metric_label(text_at(column(ce, "outcome"), i), w.lang)) + " — <b>" +
                  esc(tr(ce_class_name(verdict.cls), w.lang)) + "</b>";
          if (verdict.ratio_shown) {
            const double r = number_at(column(ce, "ratio"), i);
            const DisplayUnit dr = nf.unit("yuan", std::fabs(r));
            html += esc(w(", ", "，") + dr.attach(nf.cell(r, dr)) + w(" per unit gained (95 % CI ", "/单位新增成效（95%置信区间") +
                        nf.range(number_at(column(ce, "ci_low"), i), number_at(column(ce, "ci_high"), i), "yuan") +
                        w(")", "）"));
          }
        }
        html += w(".", "。") + "</p>";
      }
    }
  } else if (cx.data.kind == FileKind::calibration) {
    const CalibrationView v = calibration_view(cx);
    html += "<ul class=\"answers\">";
    for (std::size_t i = 0; i < rows_of(v.parameters); ++i) {
      const std::string key = text_at(column(v.parameters, "parameter"), i);
      const double se = number_at(column(v.parameters, "se"), i), lo = number_at(column(v.parameters, "ci95_low"), i),
                   hi = number_at(column(v.parameters, "ci95_high"), i);
      html += "<li><b>" + esc(key_short_label(key, w.lang)) + "</b>" + w(": ", "：") + "<span class=\"big\">" +
              esc(param_text(nf, number_at(column(v.parameters, "estimate"), i))) + "</span> " +
              esc((std::isfinite(se) ? w("(standard error ", "（标准误") + param_text(nf, se) + w(", 95 % CI ", "，95%置信区间") +
                                           "[" + param_text(nf, lo) + ", " + param_text(nf, hi) + "]" + w(")", "）")
                                     : std::string()) +
                  w("; ", "；") + identification_text(w, text_at(column(v.parameters, "identification"), i)) + w(".", "。")) +
              "</li>";
    }
    std::size_t missed = 0;
    for (std::size_t k = 0; k < rows_of(v.targets); ++k) missed += std::fabs(number_at(column(v.targets, "z"), k)) > 1.96;
    html += "<li>" + esc(std::to_string(rows_of(v.targets) - missed) + w(" of ", "/") + std::to_string(rows_of(v.targets)) +
                         w(" targets matched within their combined uncertainty (|z| ≤ 1.96). ",
                           "个目标在合并不确定性内得到拟合（|z| ≤ 1.96）。") +
                         j_verdict(w, v.attrs)) +
            "</li></ul>";
  } else if (cx.data.kind == FileKind::sweep) {
    html += "<p>" + w("The charts below show each chosen outcome against each factor, with the spread of replications "
                      "at every design point.",
                      "下文图表按设计点展示各结果随各因素的变化及重复运行的离散程度。") +
            "</p>";
  } else if (cx.data.kind == FileKind::sensitivity) {
    html += "<ul class=\"answers\">";
    for (const SensitivityOutput& o : sensitivity_outputs(cx)) {
      if (o.bars.empty()) continue;
      const Bar& top = o.bars.front();
      const double v = o.sobol ? top.value2 : top.value, lo = o.sobol ? top.low2 : top.low,
                   hi = o.sobol ? top.high2 : top.high;
      const auto idx = [&](double x) {
        return format_number(x, {w.lang, Precision::significant(3), false, Grouping::standard});
      };
      html += "<li><b>" + esc(o.label) + "</b>";
      if (!std::isfinite(v)) {
        html += esc(w(": the output does not vary over the design, so no factor has an index",
                      "：该输出在各设计点间没有变化，因此没有因素的指数"));
      } else {
        html += esc(w(": the most influential factor is ", "：影响最大的因素是") + top.label + w(" (", "（") +
                    (o.sobol ? w("total index ST = ", "总效应指数ST = ") : std::string("μ* = ")) + idx(v) +
                    w(", 95 % CI ", "，95%置信区间") + idx(lo) + (w.lang == Lang::zh ? "～" : " to ") + idx(hi) +
                    w(")", "）"));
      }
      if (o.switching && o.switching->n) {
        std::string sw;
        for (const SwitchingValue& x : o.switching->factors)
          if (x.switches)
            sw += (sw.empty() ? "" : w("; ", "；")) + key_short_label(x.factor, w.lang) + w(" at ", "为") +
                  plain(x.value, w.lang);
        html += esc(sw.empty() ? w("; the effect keeps its sign over every factor's range.", "；在各因素的取值区间内，效应不改变符号。")
                               : w("; the effect would change sign at ", "；效应改变符号的转换值：") + sw +
                                     w(" (others at their centres).", "（其他因素取中点）。"));
      } else {
        html += esc(w(".", "。"));
      }
      html += "</li>";
    }
    html += "</ul>";
  }

  // Failed runs: shown, never hidden.
  std::size_t failed = 0, total = cx.data.runs.size();
  for (const output::RunRecord& r : cx.data.runs) failed += !r.ok();
  if (failed) {
    html += "<div class=\"box failed\" id=\"failures\"><p><b>" +
            esc(std::to_string(failed) + w(" of ", "/") + std::to_string(total) +
                w(" runs failed", "次运行失败")) +
            "</b>" +
            esc(w(" and are left out of every statistic in this report (they are NaN in the file). The first:",
                  "，本报告的所有统计均不含这些运行（文件中为NaN）。首个失败：")) +
            "</p><ul>";
    std::size_t shown = 0;
    for (const output::RunRecord& r : cx.data.runs) {
      if (r.ok()) continue;
      if (shown++ == 5) {
        html += "<li>" + esc(w("… and ", "……另有") + std::to_string(failed - 5) + w(" more (see Provenance)", "次（见“来源与可重复性”）")) + "</li>";
        break;
      }
      html += "<li>" + esc(scenario_name(cx, r.scenario)) +
              (r.point >= 0 ? esc(w(", point ", "，设计点") + std::to_string(r.point)) : std::string()) +
              esc(w(", replication ", "，第") + std::to_string(r.replication) + w("", "次重复运行") + w(" (seed ", "（种子") +
                  std::to_string(r.seed) + w("): ", "）：")) +
              "<code>" + esc(r.status) + "</code></li>";
    }
    html += "</ul></div>";
    cx.report.notes.push_back(fmt::format(
        fmt::runtime(tr("{} of {} runs failed; the report shows them and leaves them out of the statistics", w.lang)),
        failed, total));
  }

  // Caveats.
  html += "<h3>" + w("Read with care", "阅读提示") + "</h3><ul class=\"caveats\">";
  if (cx.data.kind == FileKind::sensitivity && !attribute_text(cx.in.attributes("/sensitivity"), "test_function").empty()) {
    html += "<li>" + w("This file analyses a test function with known indices, not the model: it checks the method.",
                       "该文件分析的是指数已知的测试函数而非模型本身，用于检验方法。") +
            "</li></ul>";
    return html;
  }
  if (cx.data.kind == FileKind::calibration)
    html += "<li>" + w("A calibration fits the model to these figures; it does not validate it. A good fit with these "
                       "targets says nothing about outcomes they do not measure, and the estimates hold for the base "
                       "scenario's other assumptions.",
                       "校准是让模型拟合这些数据，并不等于验证模型。对这些目标拟合良好，不代表对目标未涉及的结果同样可靠；"
                       "估计值以基准情景的其他假设为前提。") +
            "</li>";
  html += "<li>" + w("Levels are not forecasts. The model is a stylised city calibrated to a few public figures; its "
                     "numbers show the direction and rough size of effects, not what will happen.",
                     "水平值不是预测。模型是按少量公开数据校准的城市抽象，数字反映效应的方向和大致规模，而非对未来的预报。") +
          "</li>";
  if (cx.data.kind == FileKind::compare)
    html += "<li>" + w("Differences between scenarios are the robust part: every scenario ran on the same random numbers, "
                       "so chance affects both alike and the paired difference isolates the policy.",
                       "情景间的差值是最稳健的部分：各情景使用相同的随机数运行，偶然因素对两者影响相同，配对差值只反映政策本身。") +
            "</li>";
  html += "<li>" + w("The bands show the model's randomness across replications, not uncertainty about its parameters; "
                     "a sensitivity analysis (innosim sensitivity) shows which assumptions drive the answer.",
                     "阴影带反映重复运行之间的随机性，而非参数本身的不确定性；参数的影响请见敏感性分析（innosim sensitivity）。") +
          "</li>";
  html += "<li>" + w("What the model leaves out: wages follow a set path and labour is not scarce (so job effects are "
                     "gross, not net of displacement), demand from outside the city grows at a set rate, firms outside "
                     "the city and other cities' policies are not modelled. See docs/model.md.",
                     "模型未包含的内容：工资按设定路径增长、劳动力不受约束（因此就业效应为总量效应，未扣除替代效应），市外需求按设定速度增长，未模拟本市以外的企业和其他城市的政策。详见 docs/model.md。") +
          "</li>";
  std::int64_t reps = 0;
  for (const Scenario& s : cx.data.scenarios) reps = std::max(reps, s.header.replications);
  if (cx.data.sweep) reps = std::max(reps, cx.data.sweep->header.replications);
  if (reps > 0 && reps < 10)
    html += "<li>" + esc(w("Only ", "仅有") + std::to_string(reps) +
                         w(" replications: the intervals are wide and the 90 % bands rest on few values.",
                           "次重复运行：区间较宽，90%区间所依据的数值很少。")) +
            "</li>";
  html += "</ul>";
  return html;
}

// ------------------------------------------------------------ provenance

std::string provenance_section(Context& cx) {
  const Words& w = cx.w;
  const output::FileHeader& h = cx.data.header;
  std::string html = "<table class=\"kv\"><tbody>";
  const auto row = [&](const std::string& k, const std::string& v, bool code = false) {
    html += "<tr><th scope=\"row\">" + esc(k) + "</th><td>" + (code ? "<code>" + esc(v) + "</code>" : esc(v)) +
            "</td></tr>";
  };
  row(w("results file", "结果文件"), cx.file, true);
  row(w("format version", "文件格式版本"), std::to_string(h.format_version[0]) + "." + std::to_string(h.format_version[1]));
  row(w("written by", "生成程序"), "innosim " + h.innosim_version + " (git " + h.git_sha1 + ")");
  row(w("written at (UTC)", "生成时间（UTC）"), h.created_utc);
  row(w("command line", "命令行"), h.command_line, true);
  row(w("MPI ranks", "MPI进程数"), std::to_string(h.n_ranks));
  row(w("report made by", "报告生成程序"), std::string("innosim ") + innosim::VERSION + " (git " + innosim::GIT_SHA1 + ")");
  html += "</tbody></table>" + source_line(cx, {"/"}, w("Root attributes", "根属性"));

  for (const Scenario& s : cx.data.scenarios) {
    std::size_t ok = 0;
    for (const bool b : s.ok) ok += b;
    // Both languages' names, so a reader of either can match the scenario to the other version of the report.
    const std::string other = scenario_label(s.header.name, w.lang == Lang::zh ? Lang::en : Lang::zh);
    html += "<h3>" + esc(w("Scenario ", "情景 ") + scenario_name(cx, s.header.name)) +
            (scenario_name(cx, s.header.name) != s.header.name ? " <code>" + esc(s.header.name) + "</code>" : "") +
            "</h3><table class=\"kv\"><tbody>";
    if (other != scenario_name(cx, s.header.name))
      html += "<tr><th scope=\"row\">" + w("in Chinese", "英文名称") + "</th><td class=\"other-lang\" lang=\"" +
              (w.lang == Lang::zh ? "en" : "zh-CN") + "\">" + esc(other) + "</td></tr>";
    row(w("seed", "随机种子"), std::to_string(s.header.seed));
    row(w("replications", "重复运行次数"),
        std::to_string(s.header.replications) + w(" (", "（") + std::to_string(ok) + w(" ok, ", "次成功，") +
            std::to_string(s.failed) + w(" failed)", "次失败）"));
    row(w("start and horizon", "起始年份与模拟期"),
        (s.start_year ? std::to_string(s.start_year) : std::string("?")) + w(", ", "，") +
            year_text(s.header.horizon_years) + w(" years", "年"));
    row("SHA-256", s.header.sha256, true);
    html += "</tbody></table><details><summary>" + w("Resolved scenario (YAML): every setting the runs used", "完整情景设置（YAML）：运行所用的全部参数") +
            "</summary><pre>" + esc(s.header.yaml) + "</pre></details>" +
            source_line(cx, {"/scenarios/" + s.header.name}, w("Attributes scenario_yaml, scenario_sha256, seed", "属性 scenario_yaml、scenario_sha256、seed"));
  }
  if (cx.data.sweep) {
    const auto& a = cx.data.sweep->attributes;
    html += "<h3>" + w("Sweep", "参数扫描") + "</h3><table class=\"kv\"><tbody>";
    row(w("sweep file", "扫描文件"), attribute_text(a, "sweep_file"), true);
    {
      const std::string base = attribute_text(a, "base_scenario");
      row(w("base scenario", "基准情景"), scenario_label(base, w.lang) + " (" + base + ")");
      const std::string other = scenario_label(base, w.lang == Lang::zh ? Lang::en : Lang::zh);
      if (other != scenario_label(base, w.lang))
        html += "<tr><th scope=\"row\">" + w("in Chinese", "英文名称") + "</th><td class=\"other-lang\" lang=\"" +
                (w.lang == Lang::zh ? "en" : "zh-CN") + "\">" + esc(other) + "</td></tr>";
    }
    row(w("seed", "随机种子"), attribute_text(a, "seed"));
    row(w("points × replications", "设计点 × 重复运行"), attribute_text(a, "points") + " × " + attribute_text(a, "replications"));
    row("SHA-256", attribute_text(a, "sweep_sha256"), true);
    row(w("base scenario SHA-256", "基准情景 SHA-256"), attribute_text(a, "base_scenario_sha256"), true);
    html += "</tbody></table><details><summary>" + w("Resolved sweep (YAML)", "完整扫描设置（YAML）") + "</summary><pre>" +
            esc(attribute_text(a, "sweep_yaml")) + "</pre></details><details><summary>" +
            w("Resolved base scenario (YAML)", "完整基准情景（YAML）") + "</summary><pre>" +
            esc(attribute_text(a, "base_scenario_yaml")) + "</pre></details>" + source_line(cx, {"/sweep"});
  }
  if (cx.data.sensitivity) {
    const auto a = cx.in.attributes("/sensitivity");
    html += "<h3>" + w("Sensitivity analysis", "敏感性分析") + "</h3><table class=\"kv\"><tbody>";
    row(w("file", "文件"), attribute_text(a, "sensitivity_file"), true);
    row(w("seed", "随机种子"), attribute_text(a, "seed"));
    row("SHA-256", attribute_text(a, "sensitivity_sha256"), true);
    html += "</tbody></table><details><summary>" + w("Resolved analysis (YAML)", "完整分析设置（YAML）") + "</summary><pre>" +
            esc(attribute_text(a, "sensitivity_yaml")) + "</pre></details>" + source_line(cx, {"/sensitivity"});
  }
  if (cx.data.calibration) {
    const auto a = cx.in.attributes("/calibration");
    html += "<h3>" + w("Calibration", "校准") + "</h3><table class=\"kv\"><tbody>";
    row(w("file", "文件"), attribute_text(a, "calibration_file"), true);
    row(w("base scenario", "基准情景"), attribute_text(a, "base_scenario"));
    row(w("seed", "随机种子"), attribute_text(a, "seed"));
    row(w("replications per point", "每个参数点的重复运行"), attribute_text(a, "replications"));
    row(w("runs (failed)", "运行次数（失败）"), attribute_text(a, "runs") + " (" + attribute_text(a, "runs_failed") + ")");
    row(w("local search stopped by", "局部搜索的停止原因"), attribute_text(a, "local_stop"));
    row("SHA-256", attribute_text(a, "calibration_sha256"), true);
    html += "</tbody></table><details><summary>" + w("Resolved calibration (YAML)", "完整校准设置（YAML）") +
            "</summary><pre>" + esc(attribute_text(a, "calibration_yaml")) + "</pre></details><details><summary>" +
            w("Calibrated scenario (YAML)", "校准后的情景（YAML）") + "</summary><pre>" +
            esc(attribute_text(a, "scenario_yaml")) + "</pre></details><details><summary>" +
            w("Resolved base scenario (YAML)", "完整基准情景（YAML）") + "</summary><pre>" +
            esc(attribute_text(a, "base_scenario_yaml")) + "</pre></details>" + source_line(cx, {"/calibration"});
  }
  // Every failed run.
  std::vector<const output::RunRecord*> failed;
  for (const output::RunRecord& r : cx.data.runs)
    if (!r.ok()) failed.push_back(&r);
  html += "<h3>" + w("Runs", "运行记录") + "</h3><p>" +
          esc(std::to_string(cx.data.runs.size()) + w(" runs, ", "次运行，") + std::to_string(failed.size()) +
              w(" failed. Each run's own seed reproduces it.", "次失败。每次运行的种子可复现该次运行。")) +
          "</p>";
  if (!failed.empty()) {
    html += "<table class=\"compact\"><thead><tr><th>" + w("scenario", "情景") + "</th><th class=\"num\">" +
            w("point", "设计点") + "</th><th class=\"num\">" + w("replication", "重复运行") + "</th><th class=\"num\">" +
            w("seed", "种子") + "</th><th>" + w("status", "状态") + "</th></tr></thead><tbody>";
    for (std::size_t i = 0; i < failed.size() && i < 200; ++i) {
      const output::RunRecord& r = *failed[i];
      html += "<tr class=\"failed\"><td>" + esc(r.scenario) + "</td><td class=\"num\">" +
              (r.point >= 0 ? std::to_string(r.point) : "—") + "</td><td class=\"num\">" + std::to_string(r.replication) +
              "</td><td class=\"num\">" + std::to_string(r.seed) + "</td><td><code>" + esc(r.status) + "</code></td></tr>";
    }
    html += "</tbody></table>";
    if (failed.size() > 200) html += "<p>" + esc(w("… and ", "……另有") + std::to_string(failed.size() - 200) + w(" more.", "次。")) + "</p>";
  }
  html += source_line(cx, {"/runs"});
  if (!cx.data.unknown_groups.empty()) {
    std::string g;
    for (const std::string& x : cx.data.unknown_groups) g += (g.empty() ? "" : ", ") + ("/" + x);
    html += "<p>" + esc(w("Also in the file, not shown by this version of the report: ", "文件中还有本版本报告未展示的内容：") + g) + "</p>";
    cx.report.notes.push_back(fmt::format(fmt::runtime(tr("not shown by this version of the report: {}", w.lang)), g));
  }
  return html;
}

std::string method_section(const Context& cx) {
  const Words& w = cx.w;
  std::string html;
  html += "<p>" + w("<b>Replications.</b> The model is stochastic: firms are born, grow, borrow and fail by chance. Each "
                    "scenario is run several times (replications) with different random numbers; the spread across "
                    "replications is the model's own uncertainty about the outcome.",
                    "<b>重复运行。</b>模型是随机的：企业的设立、成长、借贷和退出都有偶然性。每个情景以不同的随机数运行多次（重复运行），各次结果之间的离散程度就是模型自身对结果的不确定性。") +
          "</p>";
  html += "<p>" + w("<b>Bands and intervals.</b> A fan chart shades the middle 50 % and 90 % of replications at each date "
                    "(the 25th–75th and 5th–95th percentiles) around their median: where a single run of the model is "
                    "likely to land. The dashed lines are the 95 % confidence interval of the mean: how precisely the "
                    "replications pin down the average, which narrows as replications are added while the bands do not.",
                    "<b>区间与置信区间。</b>扇形图以阴影表示每个时点中间50%和90%的重复运行（第25至75百分位和第5至95百分位）及其中位数：模型单次运行的结果可能落在哪里。虚线为均值的95%置信区间：重复运行对平均值的估计有多精确；增加重复运行次数会使其变窄，而阴影带不会。") +
          "</p>";
  html += "<p>" + w("<b>Paired comparison with common random numbers.</b> Replication r of every scenario uses the same "
                    "random numbers, so the same firms meet the same luck in both; the difference alternative − base "
                    "within each replication removes the shared chance, and its mean and confidence interval (Student t "
                    "over the pairs) measure the policy's effect far more precisely than two independent sets of runs.",
                    "<b>共同随机数下的配对比较。</b>各情景的第r次重复运行使用相同的随机数，同样的企业在两个情景中遇到同样的运气；在每次重复运行内部计算差值（备选情景 − 基准情景）即可消除共同的偶然因素，其均值和置信区间（基于配对的t分布）衡量政策效应，比两组独立运行精确得多。") +
          "</p>";
  html += "<p>" + w("<b>Stocks and flows.</b> A stock (firms, loans outstanding) is read at a date; a flow (spending, new "
                    "loans) is an amount over a period and is shown as totals per calendar year or over the whole "
                    "horizon, never as the last month alone.",
                    "<b>存量与流量。</b>存量（企业数、贷款余额）按时点读取；流量（支出、新增贷款）是一段时期内的数额，按自然年或全期合计展示，而不是只看最后一个月。") +
          "</p>";
  html += "<p>" + w("<b>Numbers.</b> Values are rounded once, half to even, to four significant digits (GB/T 8170); "
                    "large amounts in Chinese use 万, 亿 and 万亿 (GB/T 15835); changes of shares are in percentage points.",
                    "<b>数字。</b>数值只修约一次，采用“四舍六入五成双”，保留四位有效数字（GB/T 8170）；大数以万、亿、万亿为单位（GB/T 15835）；比例的变化以百分点表示。") +
          "</p>";
  return html;
}

std::string glossary_section(const Context& cx) {
  const Words& w = cx.w;
  const std::vector<std::pair<std::string, std::string>> terms = {
      {w("replication", "重复运行"), w("one run of a scenario with its own random numbers", "以自己的一组随机数对情景进行的一次运行")},
      {w("seed", "随机种子"), w("the number all of a run's random numbers derive from; the same seed gives the same run",
                                "一次运行的所有随机数的来源；相同的种子得到相同的运行结果")},
      {w("median", "中位数"), w("the middle replication: half are above, half below", "位于中间的重复运行结果：一半高于它，一半低于它")},
      {w("percentile", "百分位数"), w("the p-th percentile has p % of replications below it", "第p百分位数以下有p%的重复运行")},
      {w("confidence interval (CI)", "置信区间"),
       w("a range that, in 95 % of repeated studies, covers the true mean", "在重复研究中有95%的概率覆盖真实均值的范围")},
      {w("paired difference", "配对差值"),
       w("alternative − base within the same replication, i.e. with the same random numbers", "同一重复运行内（即相同随机数下）备选情景减基准情景")},
      {w("common random numbers", "共同随机数"),
       w("running every scenario on the same random numbers so that differences reflect the policy, not chance",
         "各情景使用相同的随机数运行，使差值反映政策而非偶然")},
      {w("stock", "存量"), w("a level at a date (firms alive, loans outstanding)", "某一时点的水平（存续企业数、贷款余额）")},
      {w("flow", "流量"), w("an amount over a period (spending, new loans)", "一段时期内的数额（财政支出、新增贷款）")},
      {w("horizon", "模拟期末"), w("the end of the simulated span", "模拟时段的终点")},
      {w("percentage point (pp)", "百分点"), w("the difference of two percentages: 12 % to 15 % is +3 pp", "两个百分比之差：由12%到15%为增加3个百分点")},
      {w("dominant / dominated", "占优 / 劣势"),
       w("no less outcome for no more money, better on at least one count / no more outcome for no less money, worse "
         "on at least one count; each change counted only where its 95 % CI excludes 0 (or it is 0 in every pair)",
         "花钱不增而成效不减、且至少一项更好 / 花钱不减而成效不增、且至少一项更差；每项变化只在其95%置信区间不含0"
         "（或每对运行中都恰为0）时才计入")},
      {w("Sobol' index", "Sobol指数"),
       w("the share of an output's variance due to a factor alone (S1) or with its interactions (ST)",
         "输出方差中由某因素单独（S1）或连同其交互作用（ST）解释的比例")},
      {w("switching value", "转换值"),
       w("the value of a parameter at which the recommendation would flip", "使政策建议发生逆转的参数取值")},
  };
  std::string html = "<dl class=\"glossary\">";
  for (const auto& [t, d] : terms) html += "<dt>" + esc(t) + "</dt><dd>" + esc(d) + "</dd>";
  return html + "</dl>";
}

// ------------------------------------------------------------ page

std::string css() {
  return std::string(R"CSS(
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d9d9de; --accent: #0072B2; --bad: #b3261e; }
* { box-sizing: border-box; }
html { font-family: )CSS") +
         std::string(font_stack()) + R"CSS(; color: var(--ink); background: #fff; }
html:lang(zh) { font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', system-ui, sans-serif; }
body { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; line-height: 1.55; font-size: 15px; }
h1 { font-size: 1.6rem; line-height: 1.3; margin: 0 0 .3rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.05rem; margin: 1.6rem 0 .5rem; }
.subtitle { color: var(--muted); margin: 0 0 1rem; }
nav ol { columns: 2; padding-left: 1.2rem; }
a { color: var(--accent); }
code, pre { font-family: 'DejaVu Sans Mono', 'Noto Sans Mono CJK SC', Menlo, Consolas, monospace; font-size: .85em; }
pre { white-space: pre-wrap; word-break: break-all; background: #f6f6f8; padding: .6rem; border: 1px solid var(--rule); max-height: 30rem; overflow: auto; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 .2rem; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.num { white-space: normal; }
table.compact { font-size: .82rem; }
table.kv th { width: 14rem; font-weight: 600; }
.ci { color: var(--muted); font-size: .85em; }
.big { font-weight: 700; font-size: 1.08em; }
.tag { font-size: .75em; border: 1px solid var(--rule); border-radius: 3px; padding: 0 .3em; color: var(--muted); }
.source { color: var(--muted); font-size: .78rem; margin: .2rem 0 1.2rem; word-break: break-all; }
figure.chart { margin: 1rem 0 1.6rem; }
figure.chart figcaption { font-weight: 600; margin-bottom: .3rem; }
svg.chart { display: block; width: 100%; height: auto; max-width: 720px; font-family: inherit; }
.box { border: 1px solid var(--rule); border-left: 4px solid var(--accent); padding: .5rem .9rem; margin: 1rem 0; background: #fafafa; }
.box.failed { border-left-color: var(--bad); background: #fdf3f2; }
tr.failed td, span.failed { color: var(--bad); }
dl.glossary dt { font-weight: 600; margin-top: .5rem; }
dl.glossary dd { margin-left: 1.2rem; }
details summary { cursor: pointer; color: var(--accent); }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  section { break-before: page; }
  section#summary { break-before: avoid; }
  h2, h3 { break-after: avoid; }
  figure.chart, table, .box, dl.glossary dt { break-inside: avoid; }
  tr { break-inside: avoid; }
  pre { max-height: none; overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
)CSS";
}

std::string default_title(const Context& cx, const std::vector<Comparison>& comps) {
  const Words& w = cx.w;
  std::string what;
  if (cx.data.kind == FileKind::compare && !comps.empty()) {
    for (std::size_t i = 0; i < comps.size(); ++i) what += (i ? w(", ", "、") : "") + scenario_name(cx, comps[i].alt);
    what += w(" vs ", "与") + scenario_name(cx, comps.front().base) + w("", "的比较");
  } else if (cx.data.kind == FileKind::sweep) {
    what = w("sweep of ", "参数扫描：") + scenario_label(cx.data.sweep->header.base_scenario, w.lang);
  } else if (cx.data.kind == FileKind::sensitivity) {
    what = w("sensitivity analysis", "敏感性分析");
  } else if (cx.data.kind == FileKind::calibration) {
    what = w("calibration of ", "校准：") + scenario_label(attribute_text(cx.in.attributes("/calibration"), "base_scenario"),
                                                          w.lang);
  } else if (!cx.data.scenarios.empty()) {
    what = scenario_name(cx, cx.data.scenarios.front().header.name);
  }
  return w("innosim report: ", "innosim 模拟报告：") + what;
}

}  // namespace

Report build_report(const output::ResultsReader& in, const ReportOptions& options) {
  Context cx{in, options, load(in, options.source_name), Words{options.lang}, Numbers(options.lang), {}, options.source_name};
  const Words& w = cx.w;
  const std::vector<Comparison> comps = comparisons(in, cx.data);
  const std::vector<std::string> headline = headline_metrics_present([&](const std::string& m) {
    return std::any_of(cx.data.scenarios.begin(), cx.data.scenarios.end(), [&](const Scenario& s) { return s.has(m); });
  });

  struct Section {
    std::string id, title, body;
  };
  std::vector<Section> sections;
  sections.push_back({"summary", w("Summary", "摘要"), summary_section(cx, comps)});
  if (!cx.data.scenarios.empty()) {
    std::string body = "<p>" + w("Each chart shows one outcome over calendar years: for stocks the value at each date, "
                                 "for flows the total over each year.",
                                 "每张图展示一个指标随年份的变化：存量为各时点的值，流量为各年合计。") +
                       "</p>" + fan_section(cx, headline);
    sections.push_back({"outcomes", w("Outcomes over time", "主要指标随时间的变化"), body});
  }
  if (!comps.empty())
    sections.push_back({"differences", w("Differences to the base over time", "与基准情景的差值随时间的变化"),
                        difference_section(cx, comps, headline)});
  if (!cx.data.scenarios.empty()) {
    std::string body;
    if (comps.empty()) {
      for (const Scenario& s : cx.data.scenarios)
        body += "<h3>" + esc(w("Headline outcomes: ", "主要指标：") + scenario_name(cx, s.header.name)) + "</h3>" +
                headline_table(cx, s, headline);
    } else {
      for (const Comparison& c : comps)
        body += "<h3>" + esc(scenario_name(cx, c.alt) + w(" vs ", "与") + scenario_name(cx, c.base) + w("", "的对比")) +
                "</h3>" + contrast_table(cx, c);
    }
    body += "<h3>" + w("Totals of flows", "流量合计") + "</h3>" + flow_totals_table(cx);
    // Net fiscal cost by funding level (issue 13): shown when the file's metrics carry it.
    std::vector<std::string> net;
    for (const output::MetricInfo& m : cx.data.scenarios.front().header.metrics)
      if (m.name.rfind("net_fiscal_cost", 0) == 0) net.push_back(m.name);
    if (!net.empty()) {
      body += "<h3>" + w("Net fiscal cost by funding level", "按资金层级的财政净成本") + "</h3>";
      for (const Scenario& s : cx.data.scenarios)
        body += "<h4>" + esc(scenario_name(cx, s.header.name)) + "</h4>" + headline_table(cx, s, net);
    }
    for (const Comparison& c : comps) {
      const std::string t = cost_effectiveness_table(cx, c);
      if (!t.empty())
        body += "<h3>" + esc(w("Cost-effectiveness: ", "成本效果：") + scenario_name(cx, c.alt) + w(" vs ", "与") +
                             scenario_name(cx, c.base)) +
                "</h3>" + t;
    }
    sections.push_back({"tables", w("Tables", "数据表"), body});
  }
  if (cx.data.sweep) sections.push_back({"sweep", w("Sweep", "参数扫描"), sweep_section(cx)});
  if (cx.data.sensitivity)
    sections.push_back({"sensitivity", w("Sensitivity", "敏感性分析"), sensitivity_section(cx)});
  if (cx.data.calibration) sections.push_back({"calibration", w("Calibration", "校准"), calibration_section(cx)});
  sections.push_back({"provenance", w("Provenance", "来源与可重复性"), provenance_section(cx)});
  sections.push_back({"method", w("Method note", "方法说明"), method_section(cx)});
  sections.push_back({"glossary", w("Glossary", "术语表"), glossary_section(cx)});

  const std::string title = options.title.empty() ? default_title(cx, comps) : options.title;
  std::string& html = cx.report.html;
  html = "<!DOCTYPE html>\n<html lang=\"" + std::string(options.lang == Lang::zh ? "zh-CN" : "en") + "\">\n<head>\n";
  html += "<meta charset=\"utf-8\">\n";
  // Nothing may be fetched: no script, no font, no image, no connection.
  html += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<meta name=\"generator\" content=\"innosim " + esc(innosim::VERSION) + "\">\n";
  html += "<title>" + esc(title) + "</title>\n<style>" + css() + "</style>\n</head>\n<body>\n";
  html += "<header><h1>" + esc(title) + "</h1><p class=\"subtitle\">" +
          esc(w("From ", "数据文件 ") + cx.file + w(", written ", "，生成于 ") + cx.data.header.created_utc +
              w(" by innosim ", "，innosim ") + cx.data.header.innosim_version + w(".", "。")) +
          "</p></header>\n";
  html += "<nav><ol>";
  for (const Section& s : sections) html += "<li><a href=\"#" + s.id + "\">" + esc(s.title) + "</a></li>";
  html += "</ol></nav>\n";
  for (std::size_t i = 0; i < sections.size(); ++i)
    html += "<section id=\"" + sections[i].id + "\"><h2>" + std::to_string(i + 1) + ". " + esc(sections[i].title) +
            "</h2>\n" + sections[i].body + "\n</section>\n";
  html += "</body>\n</html>\n";
  return std::move(cx.report);
}

}  // namespace innosim::experiments
