#include "report_data.hpp"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <limits>

#include <yaml-cpp/yaml.h>

#include "innosim/engine/error.hpp"
#include "innosim/engine/statistics.hpp"
#include "innosim/experiments/text_format.hpp"

namespace innosim::experiments::report_detail {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double percentile_sorted(const std::vector<double>& sorted, double p) {
  const std::size_t n = sorted.size();
  if (n == 0) return kNaN;
  const double h = static_cast<double>(n - 1) * p / 100.0;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= n) return sorted[n - 1];
  const double frac = h - static_cast<double>(lo);
  if (frac == 0.0 || sorted[lo] == sorted[lo + 1]) return sorted[lo];
  return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

Stats stats_of(std::vector<double> values) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  Stats s;
  engine::Welford w;
  for (const double v : values) w.add(v);
  const engine::ConfidenceInterval ci = engine::confidence_interval(w, kLevel);
  s.n = values.size();
  s.mean = ci.mean;
  s.sd = ci.sd;
  s.ci_low = ci.low;
  s.ci_high = ci.high;
  std::sort(values.begin(), values.end());
  s.p5 = percentile_sorted(values, 5);
  s.p25 = percentile_sorted(values, 25);
  s.p50 = percentile_sorted(values, 50);
  s.p75 = percentile_sorted(values, 75);
  s.p95 = percentile_sorted(values, 95);
  return s;
}

Kind kind_of(const output::MetricInfo& m) {
  if (m.kind == "flow") return Kind::flow;
  if (m.kind == "mean") return Kind::mean;
  if (m.kind == "stock") return Kind::stock;
  // Files before format 1.2 do not say: a unit "... per period/month" is a flow.
  return m.unit.find(" per ") != std::string::npos && m.unit.rfind("share", 0) != 0 ? Kind::flow : Kind::stock;
}

std::string amount_unit(const output::MetricInfo& m) {
  if (kind_of(m) != Kind::flow) return m.unit;
  const std::size_t p = m.unit.rfind(" per ");
  return p == std::string::npos ? m.unit : m.unit.substr(0, p);
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

const Series& Scenario::series(const output::ResultsReader& in, const std::string& metric) const {
  if (const auto it = cache_.find(metric); it != cache_.end()) return it->second;
  Series s;
  s.metric = metric;
  for (const output::MetricInfo& m : header.metrics)
    if (m.name == metric) s.info = m;
  s.kind = kind_of(s.info);
  s.source = "/scenarios/" + header.name + "/metrics/" + metric;
  const output::MetricMatrix m = in.metric(header.name, metric);
  const std::size_t reps = m.rows, T = std::min(m.cols, time.size());
  const auto value = [&](std::size_t r, std::size_t t) {
    return (r < ok.size() && !ok[r]) ? kNaN : m.at(r, t);
  };
  const double y0 = start_year;
  s.horizon.assign(reps, kNaN);
  if (s.kind == Kind::flow) {
    // Totals per calendar year: year k holds the samples with k < t <= k + 1
    // (a flow sample covers the period that ends at it); the set-up value at
    // t = 0 belongs to the first year.
    const double horizon = time.empty() ? 0.0 : time.back();
    const auto years = static_cast<std::size_t>(std::floor(horizon + 1e-9));
    s.partial_year_dropped = horizon - static_cast<double>(years) > 1e-9;
    s.values.assign(years, std::vector<double>(reps, 0.0));
    for (std::size_t k = 0; k < years; ++k) s.x.push_back(y0 + static_cast<double>(k));
    for (std::size_t r = 0; r < reps; ++r) {
      double total = 0.0;
      for (std::size_t t = 0; t < T; ++t) {
        const double v = value(r, t);
        total += v;  // NaN (a failed run) makes the total NaN, as it should
        const double year = time[t] <= 0.0 ? 0.0 : std::ceil(time[t] - 1e-9) - 1.0;
        const auto k = static_cast<std::size_t>(std::max(0.0, year));
        if (k < years) s.values[k][r] += v;
      }
      s.horizon[r] = total;
    }
    s.unit = s.info.unit.empty() ? "" : amount_unit(s.info) + " per year";
    s.horizon_unit = amount_unit(s.info);
  } else {
    s.values.assign(T, std::vector<double>(reps, kNaN));
    for (std::size_t t = 0; t < T; ++t) {
      s.x.push_back(y0 + time[t]);
      for (std::size_t r = 0; r < reps; ++r) s.values[t][r] = value(r, t);
    }
    for (std::size_t r = 0; r < reps && T > 0; ++r) s.horizon[r] = value(r, T - 1);
    s.unit = s.info.unit;
    s.horizon_unit = s.info.unit;
  }
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
  for (const std::string& g : in.children("/"))
    if (g != "scenarios" && g != "runs" && g != "comparisons" && g != "sweep" && g != "sensitivity")
      d.unknown_groups.push_back(g);
  if (d.sensitivity)
    d.kind = FileKind::sensitivity;
  else if (d.sweep)
    d.kind = FileKind::sweep;
  else if (!d.comparisons.empty())
    d.kind = FileKind::compare;
  else if (!d.scenarios.empty())
    d.kind = FileKind::run;
  return d;
}

std::vector<Comparison> comparisons(const output::ResultsReader& in, const Data& d) {
  std::vector<Comparison> out;
  for (const std::string& g : d.comparisons) {
    const auto attrs = in.attributes("/comparisons/" + g);
    Comparison c{g, attribute_text(attrs, "base"), attribute_text(attrs, "alternative")};
    if (d.find(c.base) && d.find(c.alt)) out.push_back(c);
  }
  return out;
}

PairedContrast horizon_contrast(const Series& base, const Series& alt) {
  PairedContrast c = paired_contrast(base.horizon, alt.horizon, kLevel);
  // Mean differences of equal runs come out as 1e-17 from rounding, not 0:
  // below a billionth of the levels compared, a difference is zero.
  const double scale = std::max(std::fabs(c.base_mean), std::fabs(c.alt_mean));
  if (std::fabs(c.difference) <= 1e-9 * scale) c.difference = 0.0;
  return c;
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

std::string when(const Series& s, const Calendar& c, Lang lang) {
  switch (s.kind) {
    case Kind::flow: return lang == Lang::zh ? c.flow_span(lang) + "合计" : "total " + c.flow_span(lang);
    case Kind::mean: return lang == Lang::zh ? c.stock_date(lang) + "前最后一期" : "last period before " + c.stock_date(lang);
    case Kind::stock: break;
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
