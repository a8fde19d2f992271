#include "innosim/experiments/sweep_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "innosim/experiments/design.hpp"
#include "innosim/experiments/text_format.hpp"

namespace innosim::experiments {

namespace fs = std::filesystem;
using scenario::Diagnostic;
using scenario::KeyType;

const char* design_name(DesignType d) {
  switch (d) {
    case DesignType::grid: return "grid";
    case DesignType::lhs: return "lhs";
    case DesignType::sobol: return "sobol";
  }
  return "?";
}

namespace {

bool integral(KeyType t) { return t == KeyType::Integer || t == KeyType::Unsigned; }

}  // namespace

double Factor::at_unit(double u) const {
  if (!is_range) {
    const auto n = values.size();
    const auto i = std::min(n - 1, static_cast<std::size_t>(std::floor(u * static_cast<double>(n))));
    return values[i];
  }
  const double x = lo + u * (hi - lo);
  return integral(type) ? std::round(x) : x;
}

std::size_t Factor::grid_levels() const { return is_range ? levels : values.size(); }

double Factor::at_level(std::size_t i) const {
  if (!is_range) return values[i];
  // Evenly spaced, both ends included; computed from the ends so that the
  // last level is hi exactly.
  const double x = levels == 1 ? lo
                               : lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(levels - 1);
  return integral(type) ? std::round(x) : x;
}

std::string Factor::override_for(double value) const {
  if (type == KeyType::Boolean) return path + "=" + (value != 0 ? "true" : "false");
  if (integral(type)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", value);
    return path + "=" + buf;
  }
  return path + "=" + exact_number(value);  // reads back to the same double
}

std::vector<std::vector<double>> SweepSpec::design_values(std::uint64_t design_seed) const {
  const std::size_t k = factors.size();
  std::vector<std::vector<double>> out;
  if (design == DesignType::grid) {
    std::vector<std::size_t> levels;
    for (const Factor& f : factors) levels.push_back(f.grid_levels());
    for (const auto& idx : grid_design(levels)) {
      std::vector<double> p(k);
      for (std::size_t j = 0; j < k; ++j) p[j] = factors[j].at_level(idx[j]);
      out.push_back(std::move(p));
    }
    return out;
  }
  const auto unit = design == DesignType::lhs ? latin_hypercube(points, k, design_seed) : sobol_design(points, k);
  for (const auto& u : unit) {
    std::vector<double> p(k);
    for (std::size_t j = 0; j < k; ++j) p[j] = factors[j].at_unit(u[j]);
    out.push_back(std::move(p));
  }
  return out;
}

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string suggest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

/// Collects diagnostics while reading the file.
class Reader {
 public:
  Reader(fs::path file, const scenario::Schema& schema, const std::vector<std::string>& metric_names)
      : file_(std::move(file)), display_(file_.string()), schema_(schema), metric_names_(metric_names) {}

  SweepSpec read() {
    SweepSpec spec;
    spec.file = file_;
    const std::optional<std::string> text = slurp();
    if (!text) fail();
    YAML::Node loaded;
    try {
      loaded = YAML::Load(*text);
    } catch (const YAML::ParserException& e) {
      add(place(e.mark), e.msg);
      fail();
    }
    // Only const lookups from here: yaml-cpp's non-const operator[] may add keys.
    const YAML::Node& root = loaded;
    if (!root.IsMap()) {
      add(root.IsDefined() && !root.IsNull() ? place(root.Mark()) : Place{1, 1},
          "a sweep file is a mapping with the keys scenario, set, factors, design, replications, seed, metrics, "
          "series");
      fail();
    }
    static const std::vector<std::string> kKeys = {"scenario", "set",  "factors", "design",
                                                   "replications", "seed", "metrics", "series"};
    std::set<std::string> seen;
    for (const auto& kv : root) {
      const std::string key = kv.first.Scalar();
      if (!seen.insert(key).second) add(place(kv.first.Mark()), "'" + key + "' is given twice");
      if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end())
        add(place(kv.first.Mark()), "unknown key '" + key + "'" + suggest(key, kKeys) +
                                        "; a sweep file has scenario, set, factors, design, replications, seed, "
                                        "metrics and series");
    }
    read_scenario(root, spec);
    read_set(root["set"], spec);
    read_factors(root["factors"], spec, root);
    read_design(root["design"], spec, root);
    if (const YAML::Node n = root["replications"]; n.IsDefined()) {
      if (const auto v = integer(n, "replications", 1, 1'000'000)) spec.replications = static_cast<int>(*v);
    }
    if (const YAML::Node n = root["seed"]; n.IsDefined()) {
      std::uint64_t v = 0;
      if (!n.IsScalar() || !YAML::convert<std::uint64_t>::decode(n, v) || n.Scalar().find('-') != std::string::npos)
        add(place(n.Mark()), "seed must be an integer in [0, 18446744073709551615]");
      else
        spec.seed = v;
    }
    read_metrics(root["metrics"], spec);
    if (const YAML::Node n = root["series"]; n.IsDefined()) {
      bool b = false;
      if (!n.IsScalar() || !YAML::convert<bool>::decode(n, b))
        add(place(n.Mark()), "series must be true or false");
      spec.series = b;
    }
    if (!diags_.empty()) fail();
    return spec;
  }

 private:
  Place place(const YAML::Mark& m) const {
    if (m.is_null()) return {};
    return {m.line + 1, m.column + 1};
  }
  void add(Place p, std::string message) { diags_.push_back(Diagnostic{display_, p.line, p.column, std::move(message)}); }
  [[noreturn]] void fail() { throw scenario::ScenarioError(std::move(diags_)); }

  std::optional<std::string> slurp() {
    std::error_code ec;
    if (fs::is_directory(file_, ec)) {
      add({}, "is a directory, not a sweep file");
      return std::nullopt;
    }
    std::ifstream in(file_, std::ios::binary);
    if (!in) {
      add({}, "cannot open: " + std::error_code(errno, std::generic_category()).message());
      return std::nullopt;
    }
    std::string text;
    std::vector<char> buf(1 << 16);
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
      text.append(buf.data(), static_cast<std::size_t>(in.gcount()));
      if (text.size() > scenario::kMaxFileBytes) {
        add({}, "file is larger than " + std::to_string(scenario::kMaxFileBytes >> 20) + " MiB: not a sweep file");
        return std::nullopt;
      }
    }
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
      add({}, "the file is empty");
      return std::nullopt;
    }
    return text;
  }

  std::optional<double> number(const YAML::Node& n, const std::string& what) {
    double v = 0;
    if (!n.IsScalar() || !YAML::convert<double>::decode(n, v) || !std::isfinite(v)) {
      add(place(n.Mark()), what + " must be a finite number, got " + describe(n));
      return std::nullopt;
    }
    return v;
  }

  std::optional<std::int64_t> integer(const YAML::Node& n, const std::string& what, std::int64_t lo, std::int64_t hi) {
    std::int64_t v = 0;
    if (!n.IsScalar() || !YAML::convert<std::int64_t>::decode(n, v) || v < lo || v > hi) {
      add(place(n.Mark()), what + " must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                               "], got " + describe(n));
      return std::nullopt;
    }
    return v;
  }

  static std::string describe(const YAML::Node& n) {
    if (n.IsScalar()) return "'" + n.Scalar() + "'";
    if (n.IsSequence()) return "a list";
    if (n.IsMap()) return "a mapping";
    return "nothing";
  }

  void read_scenario(const YAML::Node& root, SweepSpec& spec) {
    const YAML::Node n = root["scenario"];
    if (!n.IsDefined() || n.IsNull()) {
      add({1, 1}, "missing 'scenario': the base scenario (an embedded name or a file relative to this one)");
      return;
    }
    if (!n.IsScalar() || n.Scalar().empty()) {
      add(place(n.Mark()), "scenario must be an embedded scenario's name or a file name");
      return;
    }
    const std::string v = n.Scalar();
    spec.scenario_place = place(n.Mark());
    // As `extends`: a bare name is an embedded scenario if there is one,
    // anything else a file relative to the sweep file.
    if (v.find('/') == std::string::npos && !scenario::embedded_scenario_text(v).empty())
      spec.scenario = v;
    else if (fs::path(v).is_absolute())
      spec.scenario = v;
    else
      spec.scenario = (file_.parent_path() / v).lexically_normal().string();
  }

  /// The YAML text of a value for --set: scalars as written, lists and
  /// mappings (schedules) in flow style.
  static std::string value_text(const YAML::Node& n) {
    if (n.IsScalar()) return n.Scalar();
    YAML::Emitter e;
    e << YAML::Flow << n;
    return e.c_str();
  }

  /// A factor's value outside the key's range would fail at every point:
  /// say so once, where the value is written.
  void check_bounds(const scenario::KeySpec& key, double x, Place where) {
    double lo = key.number_min, hi = key.number_max;
    bool lo_open = key.min_exclusive, hi_open = key.max_exclusive;
    if (key.type == KeyType::Integer) {
      lo = static_cast<double>(key.integer_min);
      hi = static_cast<double>(key.integer_max);
      lo_open = hi_open = false;
    } else if (key.type == KeyType::Unsigned) {
      lo = static_cast<double>(key.unsigned_min);
      hi = static_cast<double>(key.unsigned_max);
      lo_open = hi_open = false;
    }
    const bool below = lo_open ? !(x > lo) : !(x >= lo);
    const bool above = hi_open ? !(x < hi) : !(x <= hi);
    if (below || above)
      add(where, key.path + ": " + exact_number(x) + " is out of range: must be in " + (lo_open ? "(" : "[") +
                     exact_number(lo) + ", " + exact_number(hi) + (hi_open ? ")" : "]") +
                     (key.unit.empty() ? "" : " " + key.unit));
  }

  void read_set(const YAML::Node& n, SweepSpec& spec) {
    if (!n.IsDefined() || n.IsNull()) return;
    if (!n.IsMap()) {
      add(place(n.Mark()), "set must be a mapping of dotted.key: value");
      return;
    }
    for (const auto& kv : n) {
      const std::string path = kv.first.Scalar();
      if (!schema_.find(path)) {
        add(place(kv.first.Mark()), "set: unknown scenario key '" + path + "' (`innosim schema` lists them)");
        continue;
      }
      spec.overrides.push_back(path + "=" + value_text(kv.second));
      spec.override_places.push_back(place(kv.second.Mark()));
    }
  }

  void read_factors(const YAML::Node& n, SweepSpec& spec, const YAML::Node& root) {
    if (!n.IsDefined() || n.IsNull()) {
      add(place(root.Mark()).line ? Place{1, 1} : Place{}, "missing 'factors': at least one dotted.key with a range or values");
      return;
    }
    if (!n.IsMap() || n.size() == 0) {
      add(place(n.Mark()), "factors must be a non-empty mapping of dotted.key: {range: [lo, hi]} or {values: [...]}");
      return;
    }
    std::set<std::string> paths;
    for (const auto& kv : n) {
      Factor f;
      f.path = kv.first.Scalar();
      f.place = place(kv.first.Mark());
      if (!paths.insert(f.path).second) {
        add(f.place, "factor '" + f.path + "' is given twice");
        continue;
      }
      const scenario::KeySpec* key = schema_.find(f.path);
      if (!key) {
        add(f.place, "unknown scenario key '" + f.path + "' (`innosim schema` lists them)");
        continue;
      }
      f.type = key->type;
      if (f.type == KeyType::Text || f.type == KeyType::Choice) {
        add(f.place, "'" + f.path + "' is a " + std::string(scenario::type_name(f.type)) +
                         " key: only numbers, integers, schedules (as one value) and booleans can be factors");
        continue;
      }
      if (f.path == "seed" || f.path == "replications") {
        add(f.place, "'" + f.path + "' cannot be a factor: the sweep sets it for every point");
        continue;
      }
      const YAML::Node spec_node = kv.second;
      if (!spec_node.IsMap()) {
        add(place(spec_node.Mark()), "factor '" + f.path + "' needs {range: [lo, hi]} or {values: [...]}");
        continue;
      }
      for (const auto& fkv : spec_node) {
        const std::string k = fkv.first.Scalar();
        if (k != "range" && k != "values" && k != "levels")
          add(place(fkv.first.Mark()), "unknown factor key '" + k + "'; a factor has range (with levels for a "
                                                                     "grid) or values");
      }
      const YAML::Node range = spec_node["range"], values = spec_node["values"], levels = spec_node["levels"];
      if (range.IsDefined() == values.IsDefined()) {
        add(place(spec_node.Mark()), "factor '" + f.path + "' needs exactly one of range: [lo, hi] and values: [...]");
        continue;
      }
      if (range.IsDefined()) {
        f.is_range = true;
        if (f.type == KeyType::Boolean) {
          add(place(range.Mark()), "'" + f.path + "' is a boolean: give values: [false, true]");
          continue;
        }
        if (!range.IsSequence() || range.size() != 2) {
          add(place(range.Mark()), "range must be [lo, hi]");
          continue;
        }
        const auto lo = number(range[0], "range lo"), hi = number(range[1], "range hi");
        if (!lo || !hi) continue;
        if (!(*lo < *hi)) {
          add(place(range.Mark()), "range must have lo < hi");
          continue;
        }
        f.lo = *lo;
        f.hi = *hi;
        check_bounds(*key, *lo, place(range[0].Mark()));
        check_bounds(*key, *hi, place(range[1].Mark()));
        if (levels.IsDefined())
          if (const auto l = integer(levels, "levels", 1, 1'000'000)) f.levels = static_cast<std::size_t>(*l);
      } else {
        if (levels.IsDefined()) add(place(levels.Mark()), "levels applies to a range, not to values");
        if (!values.IsSequence() || values.size() == 0) {
          add(place(values.Mark()), "values must be a non-empty list");
          continue;
        }
        for (const auto& v : values) {
          if (f.type == KeyType::Boolean) {
            bool b = false;
            if (!v.IsScalar() || !YAML::convert<bool>::decode(v, b))
              add(place(v.Mark()), "'" + f.path + "' is a boolean: values must be true or false");
            f.values.push_back(b ? 1.0 : 0.0);
          } else if (const auto x = number(v, "a value of '" + f.path + "'")) {
            if (integral(f.type) && *x != std::round(*x))
              add(place(v.Mark()), "'" + f.path + "' is an integer key: " + exact_number(*x) + " is not an integer");
            check_bounds(*key, *x, place(v.Mark()));
            f.values.push_back(*x);
          }
        }
      }
      spec.factors.push_back(std::move(f));
    }
  }

  void read_design(const YAML::Node& n, SweepSpec& spec, const YAML::Node&) {
    if (!n.IsDefined() || n.IsNull()) {
      add({1, 1}, "missing 'design': {type: grid}, {type: lhs, points: N} or {type: sobol, points: N}");
      return;
    }
    spec.design_place = place(n.Mark());
    if (!n.IsMap()) {
      add(place(n.Mark()), "design must be a mapping: {type: grid|lhs|sobol, points: N}");
      return;
    }
    for (const auto& kv : n) {
      const std::string k = kv.first.Scalar();
      if (k != "type" && k != "points") add(place(kv.first.Mark()), "unknown design key '" + k + "'; a design has type and points");
    }
    const YAML::Node type = n["type"], points = n["points"];
    const std::string t = type.IsScalar() ? type.Scalar() : "";
    if (t == "grid") {
      spec.design = DesignType::grid;
    } else if (t == "lhs" || t == "latin_hypercube") {
      spec.design = DesignType::lhs;
    } else if (t == "sobol") {
      spec.design = DesignType::sobol;
    } else {
      add(type.IsDefined() ? place(type.Mark()) : place(n.Mark()),
          "design type must be grid, lhs or sobol" + (t.empty() ? std::string() : ", got '" + t + "'"));
      return;
    }
    if (spec.design == DesignType::grid) {
      if (points.IsDefined()) add(place(points.Mark()), "a grid has the product of its factors' levels as points; drop 'points'");
      std::size_t total = 1;
      for (const Factor& f : spec.factors) {
        if (f.is_range && f.levels == 0) {
          add(f.place, "factor '" + f.path + "': a range in a grid needs levels: N (N evenly spaced values)");
          total = 0;
          continue;
        }
        total = total > kMaxSweepPoints ? total : total * f.grid_levels();
      }
      if (total > kMaxSweepPoints)
        add(place(n.Mark()), "the grid has more than " + std::to_string(kMaxSweepPoints) + " points");
      spec.points = total;
    } else {
      for (const Factor& f : spec.factors)
        if (f.levels) add(f.place, "factor '" + f.path + "': levels only applies to a grid design");
      if (!points.IsDefined()) {
        add(place(n.Mark()), std::string("a ") + design_name(spec.design) + " design needs points: N");
        return;
      }
      if (const auto p = integer(points, "points", 1, static_cast<std::int64_t>(kMaxSweepPoints)))
        spec.points = static_cast<std::size_t>(*p);
      if (spec.design == DesignType::sobol && spec.factors.size() > sobol_max_dims())
        add(place(n.Mark()), "a Sobol design supports at most " + std::to_string(sobol_max_dims()) + " factors");
    }
  }

  void read_metrics(const YAML::Node& n, SweepSpec& spec) {
    if (!n.IsDefined() || n.IsNull()) {
      spec.metrics = metric_names_;
      return;
    }
    if (n.IsScalar() && n.Scalar() == "all") {
      spec.metrics = metric_names_;
      return;
    }
    if (!n.IsSequence() || n.size() == 0) {
      add(place(n.Mark()), "metrics must be a non-empty list of metric names (or all)");
      return;
    }
    std::set<std::string> wanted;
    for (const auto& m : n) {
      const std::string name = m.IsScalar() ? m.Scalar() : "";
      if (std::find(metric_names_.begin(), metric_names_.end(), name) == metric_names_.end())
        add(place(m.Mark()), "unknown metric '" + name + "'" + suggest(name, metric_names_) +
                                 " (`innosim inspect` on a results file lists them)");
      else if (!wanted.insert(name).second)
        add(place(m.Mark()), "metric '" + name + "' is listed twice");
    }
    for (const std::string& m : metric_names_)  // catalogue order: independent of how the file lists them
      if (wanted.count(m)) spec.metrics.push_back(m);
  }

  fs::path file_;
  std::string display_;
  const scenario::Schema& schema_;
  const std::vector<std::string>& metric_names_;
  std::vector<Diagnostic> diags_;
};

}  // namespace

SweepSpec load_sweep(const fs::path& file, const scenario::Schema& schema, const std::vector<std::string>& metric_names) {
  return Reader(file, schema, metric_names).read();
}

}  // namespace innosim::experiments
