#include "innosim/experiments/sweep_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cmath>
#include <fstream>
#include <set>
#include <tuple>
#include <sstream>

#include "innosim/experiments/design.hpp"
#include "innosim/scenario/input_file.hpp"
#include "input_file.hpp"
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
    case DesignType::file: return "file";
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
  if (design == DesignType::file) return file_points;
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

Diagnostic relocate(const Diagnostic& d, const OverrideOrigins& o, std::int64_t point,
                    const std::vector<double>* values) {
  // The scenario could not be found or read at all.
  if (d.file == o.scenario && d.line == 0)
    return {o.file, o.scenario_place.line, o.scenario_place.column, "scenario '" + o.scenario + "': " + d.message};
  if (d.file != "<--set>" || d.line < 1) return d;
  const std::size_t i = static_cast<std::size_t>(d.line - 1);
  if (i < o.set_places.size()) return {o.file, o.set_places[i].line, o.set_places[i].column, "set: " + d.message};
  const std::size_t k = i - o.set_places.size();
  if (k >= o.factors.size() || !values) return d;
  const std::string what = "at design point " + std::to_string(point) + " (" + o.factors[k] + " = " +
                           exact_number((*values)[k]) + "): " + d.message;
  if (o.point_places && point >= 0 && static_cast<std::size_t>(point) < o.point_places->size()) {
    const Place at = (*o.point_places)[static_cast<std::size_t>(point)][k];
    return {o.point_file, at.line, at.column, "'" + o.factors[k] + "' " + what};
  }
  return {o.file, o.factor_places[k].line, o.factor_places[k].column, "factor '" + o.factors[k] + "' " + what};
}

namespace {

using detail::InputFileReader;
using detail::suggest;

/// Collects diagnostics while reading the file.
class Reader {
 public:
  Reader(fs::path file, const scenario::Schema& schema, const std::vector<std::string>& metric_names)
      : in_(std::move(file), "sweep file", schema), schema_(schema), metric_names_(metric_names) {}

  SweepSpec read() {
    SweepSpec spec;
    spec.file = in_.file();
    const YAML::Node loaded = in_.load();
    // Only const lookups from here: yaml-cpp's non-const operator[] may add keys.
    const YAML::Node& root = loaded;
    if (!root.IsMap()) {
      add(root.IsDefined() && !root.IsNull() ? place(root.Mark()) : Place{1, 1},
          "a sweep file is a mapping with the keys scenario, policy, set, factors, design, replications, seed, "
          "metrics, series");
      in_.fail();
    }
    in_.check_keys(root,
                   {"scenario", "policy", "set", "factors", "design", "replications", "seed", "metrics", "series",
                    "reference"});
    in_.read_scenario(root, spec.scenario, spec.scenario_place);
    in_.read_policy(root, spec.policy, spec.policy_place);
    in_.read_set(root["set"], spec.overrides, spec.override_places);
    const YAML::Node design = root["design"];
    // IsDefined() first: yaml-cpp throws InvalidNode ("invalid node", exit 1)
    // when asked the type of a key that is absent.
    const bool file_design = design.IsDefined() && design.IsMap() && design["type"].IsDefined() &&
                             design["type"].IsScalar() && design["type"].Scalar() == "file";
    if (!file_design || root["factors"].IsDefined()) read_factors(root["factors"], spec);
    read_design(design, spec, root);
    in_.read_replications(root["replications"], spec.replications);
    in_.read_seed(root["seed"], spec.seed);
    read_metrics(root["metrics"], spec);
    if (const YAML::Node n = root["series"]; n.IsDefined()) spec.series = in_.boolean(n, "series").value_or(false);
    if (const YAML::Node n = root["reference"]; n.IsDefined()) {
      spec.reference_place = place(n.Mark());
      spec.reference = in_.integer(n, "reference (a design point)", 0, static_cast<std::int64_t>(kMaxSweepPoints) - 1);
    }
    if (!in_.ok()) in_.fail();
    return spec;
  }

 private:
  Place place(const YAML::Mark& m) const { return in_.place(m); }
  void add(Place p, std::string message) { in_.add(p, std::move(message)); }
  std::optional<double> number(const YAML::Node& n, const std::string& what) { return in_.number(n, what); }
  std::optional<std::int64_t> integer(const YAML::Node& n, const std::string& what, std::int64_t lo, std::int64_t hi) {
    return in_.integer(n, what, lo, hi);
  }
  void check_bounds(const scenario::KeySpec& key, double x, Place where) { in_.check_bounds(key, x, where); }

  /// Why a key (known to the schema) cannot be a factor; "" if it can.
  static std::string factor_type_problem(const scenario::KeySpec& key) {
    if (key.type == KeyType::Text || key.type == KeyType::Choice)
      return "'" + key.path + "' is a " + std::string(scenario::type_name(key.type)) +
             " key: only numbers, integers, schedules (as one value) and booleans can be factors";
    if (key.path == "seed" || key.path == "replications")
      return "'" + key.path + "' cannot be a factor: the sweep sets it for every point";
    return "";
  }

  /// Why `f.path` cannot be a factor ("" if it can); sets f.type.
  std::string factor_key_problem(Factor& f) const {
    const scenario::KeySpec* key = schema_.find(f.path);
    if (!key) return "unknown scenario key '" + f.path + "' (`innosim schema` lists them)";
    f.type = key->type;
    return factor_type_problem(*key);
  }

  void read_factors(const YAML::Node& n, SweepSpec& spec) {
    static const detail::KeyMappingRules kRules = {
        .section = "factors",
        .entry = "factor",
        .missing = "at least one dotted.key with a range or values",
        .shape = "{range: [lo, hi]} or {values: [...]}",
        .needs = "{range: [lo, hi]} or {values: [...]}",
        .fields = {"range", "values", "levels"},
        .fields_text = "range (with levels for a grid) or values",
        .key_problem = factor_type_problem};
    in_.read_key_mapping(n, kRules, [&](const detail::KeyEntry& e) {
      Factor f;
      f.path = e.path;
      f.place = e.place;
      f.type = e.key->type;
      const YAML::Node range = e.spec["range"], values = e.spec["values"], levels = e.spec["levels"];
      if (range.IsDefined() == values.IsDefined()) {
        add(place(e.spec.Mark()), "factor '" + f.path + "' needs exactly one of range: [lo, hi] and values: [...]");
        return;
      }
      if (range.IsDefined()) {
        f.is_range = true;
        if (f.type == KeyType::Boolean) {
          add(place(range.Mark()), "'" + f.path + "' is a boolean: give values: [false, true]");
          return;
        }
        const auto r = in_.read_range(e, kRules);
        if (!r) return;
        std::tie(f.lo, f.hi) = *r;
        if (levels.IsDefined())
          if (const auto l = integer(levels, "levels", 1, 1'000'000)) f.levels = static_cast<std::size_t>(*l);
      } else {
        if (levels.IsDefined()) add(place(levels.Mark()), "levels applies to a range, not to values");
        if (!values.IsSequence() || values.size() == 0) {
          add(place(values.Mark()), "values must be a non-empty list");
          return;
        }
        for (const auto& v : values) {
          if (f.type == KeyType::Boolean) {
            // As strict as a scenario: true or false, not YAML 1.1's yes/no/on/off.
            f.values.push_back(in_.boolean(v, "a value of '" + f.path + "'").value_or(false) ? 1.0 : 0.0);
          } else if (const auto x = number(v, "a value of '" + f.path + "'")) {
            if (integral(f.type) && *x != std::round(*x))
              add(place(v.Mark()), "'" + f.path + "' is an integer key: " + exact_number(*x) + " is not an integer");
            check_bounds(*e.key, *x, place(v.Mark()));
            f.values.push_back(*x);
          }
        }
      }
      spec.factors.push_back(std::move(f));
    });
  }

  void read_design(const YAML::Node& n, SweepSpec& spec, const YAML::Node&) {
    if (!n.IsDefined() || n.IsNull()) {
      add({1, 1}, "missing 'design': {type: grid}, {type: lhs, points: N}, {type: sobol, points: N} or "
                  "{type: file, path: points.csv}");
      return;
    }
    spec.design_place = place(n.Mark());
    if (!n.IsMap()) {
      add(place(n.Mark()), "design must be a mapping: {type: grid|lhs|sobol, points: N} or {type: file, path: FILE}");
      return;
    }
    const YAML::Node type = n["type"], points = n["points"];
    const std::string t = type.IsDefined() && type.IsScalar() ? type.Scalar() : "";
    for (const auto& kv : n) {
      const std::string k = kv.first.Scalar();
      if (t == "file" ? k != "type" && k != "path" : k != "type" && k != "points")
        add(place(kv.first.Mark()), "unknown design key '" + k + "'; a design has type and " +
                                        (t == "file" ? "path" : "points"));
    }
    if (t == "file") {
      spec.design = DesignType::file;
      read_design_file(n, spec);
      return;
    }
    if (t == "grid") {
      spec.design = DesignType::grid;
    } else if (t == "lhs" || t == "latin_hypercube") {
      spec.design = DesignType::lhs;
    } else if (t == "sobol") {
      spec.design = DesignType::sobol;
    } else {
      add(type.IsDefined() ? place(type.Mark()) : place(n.Mark()),
          type.IsDefined() ? "design type must be grid, lhs, sobol or file" +
                                 (t.empty() ? std::string() : ", got '" + t + "'")
                           : std::string("design needs type: grid, lhs, sobol or file"));
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

  /// design: {type: file, path: points.csv}: one row per point, one column
  /// per factor, the header naming each column's dotted scenario key. The
  /// columns are the factors (or, when the sweep file lists factors too,
  /// exactly those, in any order); every value is checked against its key
  /// where it is written (points.csv:line:column).
  void read_design_file(const YAML::Node& n, SweepSpec& spec) {
    const YAML::Node path = n["path"];
    if (!path.IsDefined() || !path.IsScalar() || path.Scalar().empty()) {
      add(path.IsDefined() ? place(path.Mark()) : place(n.Mark()),
          "a file design needs path: the CSV file of its points (relative to this file)");
      return;
    }
    spec.design_path = path.Scalar();
    spec.design_file = fs::path(spec.design_path).is_absolute()
                           ? fs::path(spec.design_path)
                           : (in_.file().parent_path() / spec.design_path).lexically_normal();
    const std::string csv = spec.design_file.string();
    const Place where = place(path.Mark());
    std::error_code ec;
    if (fs::is_directory(spec.design_file, ec)) {
      add(where, "design file '" + csv + "' is a directory, not a CSV file");
      return;
    }
    // A regular file within the size limit only: a FIFO or device is refused
    // before it can block, and no line can grow without bound.
    scenario::InputFile file = scenario::read_input_file(spec.design_file, scenario::kMaxFileBytes);
    if (!file.text) {
      add(where, "cannot open design file '" + csv + "': " + file.problem);
      return;
    }
    std::istringstream in(std::move(*file.text));
    const std::size_t before = spec.factors.size();
    const bool declared = before > 0;
    std::vector<std::size_t> column_factor;  // column -> factor index
    std::string line;
    int line_no = 0;
    bool header = false;
    std::size_t bytes = 0, rows = 0;
    while (std::getline(in, line)) {
      ++line_no;
      bytes += line.size() + 1;
      if (bytes > scenario::kMaxFileBytes) {
        add_in(csv, {line_no, 1}, "file is larger than " + std::to_string(scenario::kMaxFileBytes >> 20) +
                                      " MiB: too many points for a sweep");
        return;
      }
      if (line_no == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);  // UTF-8 byte-order mark
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const std::size_t first = line.find_first_not_of(" \t");
      if (first == std::string::npos || line[first] == '#') continue;  // blank or comment
      const std::vector<std::pair<std::string, int>> cells = split_csv(line);
      if (!header) {
        header = true;
        std::set<std::string> seen;
        for (const auto& [name, col] : cells) {
          const Place at{line_no, col};
          if (name.empty()) {
            add_in(csv, at, "empty column name: the header names each column's dotted scenario key");
            column_factor.push_back(SIZE_MAX);
            continue;
          }
          if (!seen.insert(name).second) {
            add_in(csv, at, "column '" + name + "' is given twice");
            column_factor.push_back(SIZE_MAX);
            continue;
          }
          if (declared) {
            std::size_t k = 0;
            while (k < spec.factors.size() && spec.factors[k].path != name) ++k;
            if (k == spec.factors.size()) {
              add_in(csv, at, "column '" + name + "' is not one of the sweep file's factors");
              column_factor.push_back(SIZE_MAX);
            } else {
              column_factor.push_back(k);
            }
            continue;
          }
          Factor f;
          f.path = name;
          f.place = at;
          const std::string problem = factor_key_problem(f);
          if (!problem.empty()) {
            add_in(csv, at, problem);
            column_factor.push_back(SIZE_MAX);
            continue;
          }
          column_factor.push_back(spec.factors.size());
          spec.factors.push_back(std::move(f));
        }
        if (declared)
          for (const Factor& f : spec.factors)
            if (!seen.count(f.path))
              add(f.place, "factor '" + f.path + "' has no column in design file '" + csv + "'");
        continue;
      }
      ++rows;
      if (cells.size() != column_factor.size()) {
        add_in(csv, {line_no, 1}, "this row has " + std::to_string(cells.size()) + " values, the header " +
                                      std::to_string(column_factor.size()) + " columns");
        continue;
      }
      if (spec.file_points.size() >= kMaxSweepPoints) {
        add_in(csv, {line_no, 1}, "more than " + std::to_string(kMaxSweepPoints) + " points");
        return;
      }
      std::vector<double> row(spec.factors.size(), 0.0);
      std::vector<Place> at(spec.factors.size());
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const std::size_t k = column_factor[c];
        if (k == SIZE_MAX) continue;
        const Factor& f = spec.factors[k];
        at[k] = {line_no, cells[c].second};
        if (const auto v = csv_value(f, cells[c].first, csv, at[k])) {
          row[k] = *v;
          if (f.is_range && (*v < f.lo || *v > f.hi))
            add_in(csv, at[k], "'" + f.path + "' = " + exact_number(*v) + " is outside the factor's range [" +
                                   exact_number(f.lo) + ", " + exact_number(f.hi) + "] in the sweep file");
          if (!f.is_range && !f.values.empty() &&
              std::find(f.values.begin(), f.values.end(), *v) == f.values.end())
            add_in(csv, at[k], "'" + f.path + "' = " + exact_number(*v) + " is not one of the factor's values in "
                                   "the sweep file");
        }
      }
      spec.file_points.push_back(std::move(row));
      spec.file_places.push_back(std::move(at));
    }
    if (!header) {
      add_in(csv, {1, 1}, "the design file is empty: it needs a header of dotted scenario keys and a row per point");
      return;
    }
    if (rows == 0) add_in(csv, {line_no, 1}, "the design file has a header but no points");
    spec.points = spec.file_points.size();
  }

  /// Splits a CSV line at commas: each field trimmed, surrounding double
  /// quotes removed, with its 1-based column.
  static std::vector<std::pair<std::string, int>> split_csv(const std::string& line) {
    std::vector<std::pair<std::string, int>> out;
    std::size_t start = 0;
    for (;;) {
      const std::size_t end = line.find(',', start);
      const std::string field = line.substr(start, end == std::string::npos ? std::string::npos : end - start);
      const std::size_t a = field.find_first_not_of(" \t"), b = field.find_last_not_of(" \t");
      std::string v = a == std::string::npos ? "" : field.substr(a, b - a + 1);
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      out.emplace_back(v, static_cast<int>(start + (a == std::string::npos ? 0 : a) + 1));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return out;
  }

  /// A design file's value of factor `f`, checked against its key.
  std::optional<double> csv_value(const Factor& f, const std::string& text, const std::string& csv, Place at) {
    const scenario::KeySpec* key = schema_.find(f.path);
    if (f.type == KeyType::Boolean) {
      if (text == "true" || text == "1") return 1.0;
      if (text == "false" || text == "0") return 0.0;
      add_in(csv, at, "'" + f.path + "' is a boolean: write true or false, got '" + text + "'");
      return std::nullopt;
    }
    char* end = nullptr;
    const double v = text.empty() ? 0.0 : std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) {
      add_in(csv, at, "'" + f.path + "' must be a finite number, got '" + text + "'");
      return std::nullopt;
    }
    if (integral(f.type) && v != std::round(v)) {
      add_in(csv, at, "'" + f.path + "' is an integer key: " + exact_number(v) + " is not an integer");
      return std::nullopt;
    }
    if (key) in_.check_bounds(*key, v, at, csv);
    return v;
  }

  void add_in(const std::string& file, Place p, std::string message) { in_.add_in(file, p, std::move(message)); }

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
    spec.metrics_given = true;
  }

  InputFileReader in_;
  const scenario::Schema& schema_;
  const std::vector<std::string>& metric_names_;
};

}  // namespace

SweepSpec load_sweep(const fs::path& file, const scenario::Schema& schema, const std::vector<std::string>& metric_names) {
  return Reader(file, schema, metric_names).read();
}

}  // namespace innosim::experiments
