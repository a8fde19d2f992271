#include "report_data.hpp"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <limits>

#include <yaml-cpp/yaml.h>

#include "innosim/engine/error.hpp"
#include "innosim/engine/statistics.hpp"
#include "innosim/experiments/text_format.hpp"
#include "innosim/output/schema.hpp"

namespace innosim::experiments::report_detail {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

ValueKind kind_of(const output::MetricInfo& m) {
  return m.kind.empty() ? catalogue_kind(m.name) : value_kind(m.kind);
}

bool Series::has_data() const {
  return std::any_of(stats.begin(), stats.end(), [](const Stats& s) { return s.n > 0; });
}

int start_year_of(const output::ResultsReader& in, const std::string& group_path, const std::string& yaml) {
  try {
    if (in.exists(group_path)) {
      const auto attrs = in.attributes(group_path);
      if (const auto* a = attribute(attrs, "start_year")) {
        if (const auto* i = std::get_if<std::int64_t>(&a->value)) return static_cast<int>(*i);
        if (const auto* d = std::get_if<double>(&a->value)) return static_cast<int>(*d);
      }
    }
  } catch (const std::exception&) {
  }
  if (yaml.empty()) return 0;
  try {
    const YAML::Node n = YAML::Load(yaml);
    if (n.IsMap() && n["start_year"]) return n["start_year"].as<int>();
  } catch (const std::exception&) {
  }
  return 0;
}

bool Scenario::has(const std::string& metric) const {
  return std::any_of(header.metrics.begin(), header.metrics.end(),
                     [&](const output::MetricInfo& m) { return m.name == metric; });
}

std::vector<HeadlineRow> Scenario::headline(const output::ResultsReader& in,
                                            const std::vector<std::string>& metrics) const {
  std::vector<std::string> present;
  for (const std::string& m : metrics)
    if (has(m)) present.push_back(m);
  if (present.empty()) return {};
  return headline_table(in, header.name, present);
}

const Series& Scenario::series(const output::ResultsReader& in, const std::string& metric) const {
  if (const auto it = cache_.find(metric); it != cache_.end()) return it->second;
  Series s;
  s.metric = metric;
  for (const output::MetricInfo& m : header.metrics)
    if (m.name == metric) s.info = m;
  s.kind = kind_of(s.info);
  const double y0 = start_year;
  if (s.kind != ValueKind::flow) {
    // Stocks and period means: the stored summary, percentiles included (format 1.2).
    const std::vector<output::SummaryRow> rows = in.summary(header.name, metric);
    const bool percentiles = !rows.empty() && !std::isnan(rows.front().p50) ;
    if (percentiles || rows.empty()) {
      s.source = "/scenarios/" + header.name + "/summary/" + metric;
      s.from_summary = true;
      for (const output::SummaryRow& r : rows) {
        s.x.push_back(y0 + r.time);
        Stats st;
        st.n = static_cast<std::size_t>(std::max<std::int64_t>(0, r.n));
        st.mean = r.mean, st.sd = r.sd, st.ci_low = r.ci_low, st.ci_high = r.ci_high;
        st.p5 = r.p5, st.p25 = r.p25, st.p50 = r.p50, st.p75 = r.p75, st.p95 = r.p95;
        s.stats.push_back(st);
      }
      s.unit = s.info.unit;
      return cache_.emplace(metric, std::move(s)).first->second;
    }
  }
  // Flows (totals per calendar year), and summaries without percentiles
  // (files before 1.2): from the matrix, failed replications left out.
  s.source = "/scenarios/" + header.name + "/metrics/" + metric;
  const output::MetricMatrix m = in.metric(header.name, metric);
  const std::size_t reps = m.rows, T = std::min(m.cols, time.size());
  const auto value = [&](std::size_t r, std::size_t t) { return (r < ok.size() && !ok[r]) ? kNaN : m.at(r, t); };
  std::vector<std::vector<double>> columns;
  if (s.kind == ValueKind::flow) {
    // Year k holds the samples with k < t <= k + 1 (a flow sample covers the
    // period that ends at it); the set-up value at t = 0 belongs to the first year.
    const double horizon = time.empty() ? 0.0 : time.back();
    const auto years = static_cast<std::size_t>(std::floor(horizon + 1e-9));
    s.partial_year_dropped = horizon - static_cast<double>(years) > 1e-9;
    columns.assign(years, std::vector<double>(reps, 0.0));
    std::vector<std::vector<bool>> any(years, std::vector<bool>(reps, false));
    for (std::size_t k = 0; k < years; ++k) s.x.push_back(y0 + static_cast<double>(k));
    for (std::size_t r = 0; r < reps; ++r)
      for (std::size_t t = 0; t < T; ++t) {
        const double v = value(r, t);
        const double year = time[t] <= 0.0 ? 0.0 : std::ceil(time[t] - 1e-9) - 1.0;
        const auto k = static_cast<std::size_t>(std::max(0.0, year));
        if (k >= years || std::isnan(v)) continue;  // NaN samples skipped, as headline_value does
        columns[k][r] += v;
        any[k][r] = true;
      }
    for (std::size_t k = 0; k < years; ++k)
      for (std::size_t r = 0; r < reps; ++r)
        if (!any[k][r]) columns[k][r] = kNaN;
    s.unit = amount_unit(s.info.unit) + " per year";
  } else {
    columns.assign(T, std::vector<double>(reps, kNaN));
    for (std::size_t t = 0; t < T; ++t) {
      s.x.push_back(y0 + time[t]);
      for (std::size_t r = 0; r < reps; ++r) columns[t][r] = value(r, t);
    }
    s.unit = s.info.unit;
  }
  for (const auto& c : columns) s.stats.push_back(stats_of(c));
  return cache_.emplace(metric, std::move(s)).first->second;
}

const output::TableColumn* column(const std::vector<output::TableColumn>& t, std::string_view name) {
  for (const output::TableColumn& c : t)
    if (c.name == name) return &c;
  return nullptr;
}

std::size_t rows_of(const std::vector<output::TableColumn>& t) {
  if (t.empty()) return 0;
  return std::visit([](const auto& v) { return v.size(); }, t.front().values);
}

double number_at(const output::TableColumn* c, std::size_t row) {
  if (!c) return kNaN;
  if (const auto* d = std::get_if<std::vector<double>>(&c->values)) return row < d->size() ? (*d)[row] : kNaN;
  if (const auto* i = std::get_if<std::vector<std::int64_t>>(&c->values))
    return row < i->size() ? static_cast<double>((*i)[row]) : kNaN;
  return kNaN;
}

std::string text_at(const output::TableColumn* c, std::size_t row) {
  if (!c) return "";
  if (const auto* s = std::get_if<std::vector<std::string>>(&c->values)) return row < s->size() ? (*s)[row] : "";
  if (const auto* i = std::get_if<std::vector<std::int64_t>>(&c->values))
    return row < i->size() ? std::to_string((*i)[row]) : "";
  return exact_number(number_at(c, row));
}

CeVerdict stored_ce_verdict(const std::vector<output::TableColumn>& ce, std::size_t row) {
  const double n = number_at(column(ce, "n"), row);
  const auto change = [&](const char* d, const char* lo, const char* hi) {
    PairedContrast p;
    p.n = std::isfinite(n) && n > 0 ? static_cast<std::size_t>(n) : 0;
    p.difference = number_at(column(ce, d), row);
    p.ci_low = number_at(column(ce, lo), row);
    p.ci_high = number_at(column(ce, hi), row);
    return p;
  };
  // The ratio was stored only where it was shown, and then with a bounded interval.
  const bool shown = number_at(column(ce, "ratio_shown"), row) == 1.0;
  return ce_verdict(change("spending_difference", "spending_ci_low", "spending_ci_high"),
                    change("outcome_difference", "outcome_ci_low", "outcome_ci_high"), shown);
}

const output::Attribute* attribute(const std::vector<output::Attribute>& a, std::string_view name) {
  for (const output::Attribute& x : a)
    if (x.name == name) return &x;
  return nullptr;
}

std::string attribute_text(const std::vector<output::Attribute>& a, std::string_view name) {
  const output::Attribute* x = attribute(a, name);
  if (!x) return "";
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>)
          return v;
        else if constexpr (std::is_same_v<T, double>)
          return exact_number(v);
        else
          return std::to_string(v);
      },
      x->value);
}

double attribute_number(const std::vector<output::Attribute>& a, std::string_view name) {
  const output::Attribute* x = attribute(a, name);
  if (!x) return kNaN;
  return std::visit(
      [](const auto& v) -> double {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>)
          return kNaN;
        else
          return static_cast<double>(v);
      },
      x->value);
}

Data load(const output::ResultsReader& in, const std::string& path) {
  Data d;
  d.path = path;
  d.header = in.header();
  d.runs = in.runs();
  for (const output::ScenarioHeader& h : in.scenarios()) {
    Scenario s;
    s.header = h;
    s.time = in.time(h.name);
    s.start_year = start_year_of(in, "/scenarios/" + h.name, h.yaml);
    s.ok.assign(static_cast<std::size_t>(std::max<std::int64_t>(0, h.replications)), true);
    for (const output::RunRecord& r : d.runs) {
      if (r.scenario != h.name || r.point >= 0) continue;
      if (r.replication >= 0 && static_cast<std::size_t>(r.replication) < s.ok.size() && !r.ok()) {
        s.ok[static_cast<std::size_t>(r.replication)] = false;
        ++s.failed;
      }
    }
    d.scenarios.push_back(std::move(s));
  }
  d.comparisons = in.comparisons();
  if (auto sw = in.sweep()) {
    Sweep s;
    s.header = *sw;
    s.attributes = in.attributes("/sweep");
    if (in.exists("/sweep/design")) s.design = in.table("/sweep/design");
    s.start_year = start_year_of(in, "/sweep", attribute_text(s.attributes, "base_scenario_yaml"));
    d.sweep = std::move(s);
  }
  d.sensitivity = in.exists("/sensitivity");
  d.calibration = in.exists("/calibration");
  for (const std::string& g : in.children("/"))
    if (g != "scenarios" && g != "runs" && g != "comparisons" && g != "sweep" && g != "sensitivity" && g != "calibration")
      d.unknown_groups.push_back(g);
  if (d.calibration)
    d.kind = FileKind::calibration;
  else if (d.sensitivity)
    d.kind = FileKind::sensitivity;
  else if (d.sweep)
    d.kind = FileKind::sweep;
  else if (!d.comparisons.empty())
    d.kind = FileKind::compare;
  else if (!d.scenarios.empty())
    d.kind = FileKind::run;
  return d;
}

long Comparison::row_of(std::string_view metric) const {
  const output::TableColumn* c = column(metrics, "metric");
  for (std::size_t i = 0; i < rows_of(metrics); ++i)
    if (text_at(c, i) == metric) return static_cast<long>(i);
  return -1;
}

std::vector<Comparison> comparisons(const output::ResultsReader& in, const Data& d) {
  std::vector<Comparison> out;
  for (const std::string& g : d.comparisons) {
    Comparison c;
    c.group = g;
    c.attributes = in.attributes(c.path());
    c.base = attribute_text(c.attributes, "base");
    c.alt = attribute_text(c.attributes, "alternative");
    if (!d.find(c.base) || !d.find(c.alt)) continue;
    if (in.exists(c.path() + "/metrics")) c.metrics = in.table(c.path() + "/metrics");
    if (in.exists(c.path() + "/cost_effectiveness")) c.cost_effectiveness = in.table(c.path() + "/cost_effectiveness");
    if (in.exists(c.path() + "/series")) c.series = in.children(c.path() + "/series");
    out.push_back(std::move(c));
  }
  return out;
}

std::string year_text(double y) {
  if (std::fabs(y - std::round(y)) < 1e-9) return std::to_string(std::lround(y));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", y);
  return buf;
}

std::string Calendar::stock_date(Lang lang) const {
  if (start == 0) return lang == Lang::zh ? "第" + year_text(horizon) + "年末" : "after " + year_text(horizon) + " years";
  const double end = start + horizon;
  if (std::fabs(end - std::round(end)) < 1e-9)
    return lang == Lang::zh ? year_text(end) + "年1月1日" : "1 January " + year_text(end);
  return lang == Lang::zh ? year_text(end) + "年" : year_text(end);
}

std::string Calendar::flow_span(Lang lang) const {
  if (start == 0) return lang == Lang::zh ? year_text(horizon) + "年间" : "over " + year_text(horizon) + " years";
  const int last = start + static_cast<int>(std::ceil(horizon - 1e-9)) - 1;
  if (last <= start) return lang == Lang::zh ? std::to_string(start) + "年" : std::to_string(start);
  return lang == Lang::zh ? std::to_string(start) + "—" + std::to_string(last) + "年"
                          : std::to_string(start) + "–" + std::to_string(last);
}

Calendar calendar_of(const Scenario& s) { return {s.start_year, s.header.horizon_years}; }

std::string when(ValueKind kind, const Calendar& c, Lang lang) {
  switch (kind) {
    case ValueKind::flow: return lang == Lang::zh ? c.flow_span(lang) + "合计" : "total " + c.flow_span(lang);
    case ValueKind::mean:
      return lang == Lang::zh ? c.stock_date(lang) + "前最后一期" : "last period before " + c.stock_date(lang);
    case ValueKind::stock: break;
  }
  return lang == Lang::zh ? c.stock_date(lang) : "on " + c.stock_date(lang);
}

void sample_date(int start_year, double t, int& year, int& month, int& day) {
  // Samples fall on whole months after 1 January (monthly, quarterly or yearly sampling).
  const long months = std::lround(t * 12.0);
  year = start_year + static_cast<int>(months / 12);
  month = 1 + static_cast<int>(months % 12);
  day = 1;
}

}  // namespace innosim::experiments::report_detail
