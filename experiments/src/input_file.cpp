#include "input_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <fstream>
#include <set>

#include "innosim/experiments/text_format.hpp"
#include "innosim/scenario/input_file.hpp"

namespace innosim::experiments::detail {

namespace fs = std::filesystem;
using scenario::Diagnostic;
using scenario::KeyType;

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

}  // namespace

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

std::string resolve_scenario_reference(const std::string& v, const fs::path& file) {
  if (v.find('/') == std::string::npos && !scenario::embedded_scenario_text(v).empty()) return v;
  if (fs::path(v).is_absolute()) return v;
  return (file.parent_path() / v).lexically_normal().string();
}

InputFileReader::InputFileReader(fs::path file, std::string kind, const scenario::Schema& schema)
    : file_(std::move(file)), display_(file_.string()), kind_(std::move(kind)), schema_(schema) {}

Place InputFileReader::place(const YAML::Mark& m) const {
  if (m.is_null()) return {};
  return {m.line + 1, m.column + 1};
}

void InputFileReader::add(Place p, std::string message) {
  diags_.push_back(Diagnostic{display_, p.line, p.column, std::move(message)});
}

void InputFileReader::add_in(const std::string& file, Place p, std::string message) {
  diags_.push_back(Diagnostic{file, p.line, p.column, std::move(message)});
}

void InputFileReader::fail() { throw scenario::ScenarioError(std::move(diags_)); }

std::optional<std::string> InputFileReader::slurp() {
  std::error_code ec;
  if (fs::is_directory(file_, ec)) {
    add({}, "is a directory, not a " + kind_);
    return std::nullopt;
  }
  // A regular file only: a FIFO or a device is refused before it can block.
  scenario::InputFile in = scenario::read_input_file(file_, scenario::kMaxFileBytes);
  if (!in.text) {
    add({}, in.problem.find("larger than") != std::string::npos
                ? "file is larger than " + std::to_string(scenario::kMaxFileBytes >> 20) + " MiB: not a " + kind_
                : in.problem);
    return std::nullopt;
  }
  std::string text = std::move(*in.text);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    add({}, "the file is empty");
    return std::nullopt;
  }
  return text;
}

YAML::Node InputFileReader::load() {
  const std::optional<std::string> text = slurp();
  if (!text) fail();
  // As strict as a scenario file, with the same checks: UTF-8 text without
  // forbidden control characters, one document, bounded nesting and alias
  // expansion, no duplicate key at any level; every problem at file:line:column.
  std::vector<Diagnostic> problems = scenario::check_yaml_text(display_, *text);
  if (!problems.empty()) {
    for (Diagnostic& d : problems) diags_.push_back(std::move(d));
    fail();
  }
  try {
    return YAML::Load(*text);
  } catch (const YAML::ParserException& e) {
    add(place(e.mark), e.msg);
    fail();
  }
}

void InputFileReader::check_keys(const YAML::Node& root, const std::vector<std::string>& keys) {
  std::string listed;
  for (std::size_t i = 0; i < keys.size(); ++i)
    listed += (i == 0 ? "" : i + 1 == keys.size() ? " and " : ", ") + keys[i];
  std::set<std::string> seen;
  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    if (!seen.insert(key).second) add(place(kv.first.Mark()), "'" + key + "' is given twice");
    if (std::find(keys.begin(), keys.end(), key) == keys.end())
      add(place(kv.first.Mark()), "unknown key '" + key + "'" + suggest(key, keys) + "; a " + kind_ + " has " + listed);
  }
}

std::optional<double> InputFileReader::number(const YAML::Node& n, const std::string& what) {
  double v = 0;
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, v) || !std::isfinite(v)) {
    add(place(n.Mark()), what + " must be a finite number, got " + describe(n));
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> InputFileReader::integer(const YAML::Node& n, const std::string& what, std::int64_t lo,
                                                     std::int64_t hi) {
  std::int64_t v = 0;
  if (!n.IsScalar() || !YAML::convert<std::int64_t>::decode(n, v) || v < lo || v > hi) {
    add(place(n.Mark()), what + " must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                             "], got " + describe(n));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> InputFileReader::boolean(const YAML::Node& n, const std::string& what) {
  // As strict as a scenario file: YAML 1.2's true/false only. yaml-cpp would
  // also take YAML 1.1's yes/no/on/off/y/n, which scenarios refuse.
  const std::string s = n.IsDefined() && n.IsScalar() && n.Tag() != "!" ? n.Scalar() : std::string();
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  static const char* const yaml11[] = {"yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off", "YES", "NO",
                                       "ON", "OFF", "Y", "N"};
  const bool word = std::find(std::begin(yaml11), std::end(yaml11), s) != std::end(yaml11);
  add(place(n.Mark()), what + " must be true or false, got " + describe(n) +
                           (word ? " (YAML 1.1 words like yes/no/on/off are not booleans here)" : ""));
  return std::nullopt;
}

std::string InputFileReader::describe(const YAML::Node& n) {
  if (n.IsScalar()) return "'" + n.Scalar() + "'";
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a mapping";
  return "nothing";
}

std::string InputFileReader::value_text(const YAML::Node& n) {
  if (n.IsScalar()) return n.Scalar();
  YAML::Emitter e;
  e << YAML::Flow << n;
  return e.c_str();
}

void InputFileReader::check_bounds(const scenario::KeySpec& key, double x, Place where, const std::string& in_file) {
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
    add_in(in_file.empty() ? display_ : in_file, where, key.path + ": " + exact_number(x) + " is out of range: must be in " + (lo_open ? "(" : "[") +
                   exact_number(lo) + ", " + exact_number(hi) + (hi_open ? ")" : "]") +
                   (key.unit.empty() ? "" : " " + key.unit));
}

void InputFileReader::read_scenario(const YAML::Node& root, std::string& scenario, Place& where) {
  const YAML::Node n = root["scenario"];
  if (!n.IsDefined() || n.IsNull()) {
    add({1, 1}, "missing 'scenario': the base scenario (an embedded name or a file relative to this one)");
    return;
  }
  if (!n.IsScalar() || n.Scalar().empty()) {
    add(place(n.Mark()), "scenario must be an embedded scenario's name or a file name");
    return;
  }
  where = place(n.Mark());
  scenario = resolve_scenario_reference(n.Scalar(), file_);
}

void InputFileReader::read_policy(const YAML::Node& root, std::string& policy, Place& where) {
  const YAML::Node p = root["policy"];
  if (!p.IsDefined() || p.IsNull()) return;
  if (!p.IsScalar() || p.Scalar().empty()) {
    add(place(p.Mark()), "policy must be an embedded scenario's name or a file name");
    return;
  }
  policy = resolve_scenario_reference(p.Scalar(), file_);
  where = place(p.Mark());
}

void InputFileReader::read_key_mapping(const YAML::Node& n, const KeyMappingRules& rules,
                                       const std::function<void(const KeyEntry&)>& entry) {
  if (!n.IsDefined() || n.IsNull()) {
    add({1, 1}, "missing '" + rules.section + "': " + rules.missing);
    return;
  }
  if (!n.IsMap() || n.size() == 0) {
    add(place(n.Mark()), rules.section + " must be a non-empty mapping of dotted.key: " + rules.shape);
    return;
  }
  std::set<std::string> seen;
  for (const auto& kv : n) {
    KeyEntry e;
    e.path = kv.first.Scalar();
    e.place = place(kv.first.Mark());
    const std::string named = rules.entry + " '" + e.path + "'";
    if (!seen.insert(e.path).second) {
      add(e.place, named + " is given twice");
      continue;
    }
    e.key = schema_.find(e.path);
    if (!e.key) {
      add(e.place, "unknown scenario key '" + e.path + "' (`innosim schema` lists them)");
      continue;
    }
    if (const std::string problem = rules.key_problem ? rules.key_problem(*e.key) : ""; !problem.empty()) {
      add(e.place, problem);
      continue;
    }
    e.spec = kv.second;
    if (!e.spec.IsMap()) {
      add(place(e.spec.Mark()), named + " needs " + rules.needs);
      continue;
    }
    for (const auto& fkv : e.spec) {
      const std::string k = fkv.first.Scalar();
      if (std::find(rules.fields.begin(), rules.fields.end(), k) == rules.fields.end())
        add(place(fkv.first.Mark()), "unknown " + rules.entry + " key '" + k + "'" + suggest(k, rules.fields) + "; a " +
                                         rules.entry + " has " + rules.fields_text);
    }
    entry(e);
  }
}

std::optional<std::pair<double, double>> InputFileReader::read_range(const KeyEntry& e, const KeyMappingRules& rules) {
  const YAML::Node range = e.spec["range"];
  if (!range.IsDefined()) {
    add(place(e.spec.Mark()), rules.entry + " '" + e.path + "' needs range: [lo, hi]");
    return std::nullopt;
  }
  if (!range.IsSequence() || range.size() != 2) {
    add(place(range.Mark()), "range must be [lo, hi]");
    return std::nullopt;
  }
  const auto lo = number(range[0], "range lo"), hi = number(range[1], "range hi");
  if (!lo || !hi) return std::nullopt;
  if (!(*lo < *hi)) {
    add(place(range.Mark()), "range must have lo < hi");
    return std::nullopt;
  }
  check_bounds(*e.key, *lo, place(range[0].Mark()));
  check_bounds(*e.key, *hi, place(range[1].Mark()));
  return std::pair{*lo, *hi};
}

void InputFileReader::read_set(const YAML::Node& n, std::vector<std::string>& overrides, std::vector<Place>& places) {
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
    overrides.push_back(path + "=" + value_text(kv.second));
    places.push_back(place(kv.second.Mark()));
  }
}

void InputFileReader::read_seed(const YAML::Node& n, std::optional<std::uint64_t>& seed) {
  if (!n.IsDefined()) return;
  std::uint64_t v = 0;
  if (!n.IsScalar() || !YAML::convert<std::uint64_t>::decode(n, v) || n.Scalar().find('-') != std::string::npos)
    add(place(n.Mark()), "seed must be an integer in [0, 18446744073709551615]");
  else
    seed = v;
}

void InputFileReader::read_replications(const YAML::Node& n, std::optional<int>& replications) {
  if (!n.IsDefined()) return;
  // The scenario key's own range (one limit everywhere, docs included),
  // checked here so that the message names this file, not --replications.
  const scenario::KeySpec* key = schema_.find("replications");
  const std::int64_t lo = key ? key->integer_min : 1, hi = key ? key->integer_max : 100'000;
  if (const auto v = integer(n, "replications", lo, hi)) replications = static_cast<int>(*v);
}

}  // namespace innosim::experiments::detail
