#include "innosim/scenario/scenario.hpp"
#include "innosim/scenario/warmup.hpp"

#include <cmath>
#include <algorithm>

#include "builder.hpp"
#include "embedded.hpp"
#include "schema_text.hpp"
#include "sha256.hpp"
#include "text.hpp"
#include "yaml_tree.hpp"

namespace innosim::scenario {

std::string Diagnostic::to_string() const {
  if (line <= 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

namespace {

std::string join_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.to_string();
  }
  return out;
}

}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : ConfigError(join_diagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

// ---------------------------------------------------------------- Scenario

Scenario::Scenario(std::shared_ptr<const Schema> schema, std::vector<Value> values, std::vector<std::string> lineage)
    : schema_(std::move(schema)), values_(std::move(values)), lineage_(std::move(lineage)) {}

std::size_t Scenario::index(std::string_view path) const {
  const auto i = schema_->index_of(path);
  if (i < 0) {
    std::vector<std::string> paths;
    for (const auto& k : schema_->keys()) paths.push_back(k.path);
    const auto near = detail::closest(path, paths);
    throw InternalError("scenario has no key '" + std::string(path) + "'" +
                        (near ? " (did you mean '" + *near + "'?)" : std::string()));
  }
  return static_cast<std::size_t>(i);
}

namespace {

[[noreturn]] void wrong_type(const KeySpec& spec, const char* asked) {
  throw InternalError("scenario key '" + spec.path + "' is a " + std::string(type_name(spec.type)) + ", read as " +
                      asked);
}

}  // namespace

double Scenario::number(std::string_view path) const {
  const auto i = index(path);
  const auto& v = values_[i];
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  if (const auto* u = std::get_if<std::uint64_t>(&v)) return static_cast<double>(*u);
  wrong_type(schema_->keys()[i], "a number");
}

std::int64_t Scenario::integer(std::string_view path) const {
  const auto i = index(path);
  const auto& v = values_[i];
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* u = std::get_if<std::uint64_t>(&v); u && *u <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(*u);
  wrong_type(schema_->keys()[i], "an integer");
}

std::uint64_t Scenario::unsigned_integer(std::string_view path) const {
  const auto i = index(path);
  const auto& v = values_[i];
  if (const auto* u = std::get_if<std::uint64_t>(&v)) return *u;
  if (const auto* n = std::get_if<std::int64_t>(&v); n && *n >= 0) return static_cast<std::uint64_t>(*n);
  wrong_type(schema_->keys()[i], "an unsigned integer");
}

bool Scenario::boolean(std::string_view path) const {
  const auto i = index(path);
  if (const auto* b = std::get_if<bool>(&values_[i])) return *b;
  wrong_type(schema_->keys()[i], "a boolean");
}

const std::string& Scenario::text(std::string_view path) const {
  const auto i = index(path);
  if (const auto* s = std::get_if<std::string>(&values_[i])) return *s;
  wrong_type(schema_->keys()[i], "text");
}

Schedule Scenario::schedule(std::string_view path) const {
  const auto i = index(path);
  const auto& v = values_[i];
  if (const auto* s = std::get_if<Schedule>(&v)) return *s;
  // A plain number key reads as a constant schedule: models can switch a key
  // to a schedule later without changing their callers.
  if (const auto* d = std::get_if<double>(&v)) return Schedule{{{static_cast<double>(start_year()), *d}}};
  wrong_type(schema_->keys()[i], "a schedule");
}

const std::string& Scenario::name() const { return text("name"); }
const std::string& Scenario::description() const { return text("description"); }
std::uint64_t Scenario::seed() const { return unsigned_integer("seed"); }
int Scenario::replications() const { return static_cast<int>(integer("replications")); }
double Scenario::horizon_years() const { return number("horizon_years"); }
int Scenario::start_year() const { return static_cast<int>(integer("start_year")); }
int warmup_years(const Scenario& s) { return static_cast<int>(s.integer("warmup_years")); }

Scenario warmup_run_scenario(const Scenario& s) {
  const int w = warmup_years(s);
  if (w <= 0) return s;
  const Schema& schema = s.schema();
  const auto at = [&](std::string_view path) { return static_cast<std::size_t>(schema.index_of(path)); };
  const KeySpec& horizon_spec = schema.keys()[at("horizon_years")];
  if (s.horizon_years() + w > horizon_spec.number_max)
    throw ScenarioError(std::vector<Diagnostic>{Diagnostic{s.lineage().empty() ? s.name() : s.lineage().front(), 0, 0,
                                    "horizon_years + warmup_years is " + detail::format_number(s.horizon_years() + w) +
                                        "; at most " + detail::format_number(horizon_spec.number_max) +
                                        " years are simulated (the span over which the books are proven to balance)"}});
  const int start = s.start_year();
  const int first = start - w;
  Scenario out = s;
  auto& v = detail::ScenarioBuilder::values(out);
  v[at("start_year")] = static_cast<std::int64_t>(first);
  v[at("horizon_years")] = s.horizon_years() + w;
  v[at("warmup_years")] = static_cast<std::int64_t>(0);
  const auto& keys = schema.keys();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const KeySpec& k = keys[i];
    if (k.type == KeyType::Schedule) {
      // The start year's value in every year up to it; later steps kept.
      const Schedule sc = s.schedule(k.path);
      const double at_start = sc.value_at(start);
      Schedule next;
      for (const auto& step : sc.steps)
        if (step.first > start) next.steps.push_back(step);
      // The model reads the first value for every year before the second
      // step: prepend the start year's value only where it differs (a
      // schedule never gains a step).
      if (next.steps.empty() || next.steps.front().second != at_start)
        next.steps.insert(next.steps.begin(), std::pair<double, double>{static_cast<double>(first), at_start});
      v[i] = std::move(next);
      continue;
    }
    // An instrument's window: [start_year, end_year], 0 = from the start.
    static constexpr std::string_view kStart = ".start_year";
    if (k.type != KeyType::Integer || k.path.size() <= kStart.size() ||
        k.path.compare(k.path.size() - kStart.size(), kStart.size(), kStart) != 0)
      continue;
    const std::string section = k.path.substr(0, k.path.size() - kStart.size());
    const std::ptrdiff_t end_index = schema.index_of(section + ".end_year");
    if (end_index < 0) continue;
    const std::int64_t from = s.integer(k.path), to = s.integer(section + ".end_year");
    if (from >= start) continue;  // opens at the start date or later: off in the warm-up
    if (to >= start)
      v[i] = static_cast<std::int64_t>(0);      // open in the start year: open through the warm-up
    else
      v[i] = static_cast<std::int64_t>(start);  // closed before the start: closed in the warm-up too (to < start)
  }
  return out;
}

void Scenario::set_seed(std::uint64_t seed) {
  const auto i = index("seed");
  const KeySpec& spec = schema_->keys()[i];
  if (seed < spec.unsigned_min || seed > spec.unsigned_max)
    throw ScenarioError({Diagnostic{"--seed", 0, 0, "seed " + std::to_string(seed) + " is out of range " +
                                                         detail::range_text(spec)}});
  values_[i] = seed;
}

void Scenario::set_replications(int replications) {
  const auto i = index("replications");
  const KeySpec& spec = schema_->keys()[i];
  if (replications < spec.integer_min || replications > spec.integer_max)
    throw ScenarioError({Diagnostic{"--replications", 0, 0, "replications " + std::to_string(replications) +
                                                                 " is out of range " + detail::range_text(spec)}});
  values_[i] = static_cast<std::int64_t>(replications);
}

bool Scenario::operator==(const Scenario& other) const {
  if (values_ != other.values_) return false;
  const auto& a = schema_->keys();
  const auto& b = other.schema_->keys();
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const KeySpec& x, const KeySpec& y) { return x.path == y.path && x.type == y.type; });
}

// ---------------------------------------------------------------- resolved YAML

std::string detail::ScenarioBuilder::format_value(const KeySpec& spec, const Value& value, int start_year) {
  (void)spec;  // the value's type already says how to print it; spec is there for future formats
  return std::visit(
      [&](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, double>) {
          return format_number(v);
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return format_integer(v);
        } else if constexpr (std::is_same_v<T, std::uint64_t>) {
          return format_unsigned(v);
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return quote_yaml(v);
        } else {
          // One step from start_year is a constant: print it as the plain
          // number it was (or is equivalent to).
          if (v.steps.size() == 1 && v.steps[0].first == static_cast<double>(start_year))
            return format_number(v.steps[0].second);
          std::string out = "[";
          for (std::size_t k = 0; k < v.steps.size(); ++k) {
            if (k) out += ", ";
            out += "{from_year: " + format_number(v.steps[k].first) + ", value: " + format_number(v.steps[k].second) + "}";
          }
          return out + "]";
        }
      },
      value);
}

std::string Scenario::resolved_yaml() const {
  const int year = start_year();
  std::string out;
  // Every key, in schema order, nested by section: the fixed layout is what
  // makes the text (and so its SHA-256) a function of the values alone.
  auto emit = [&](auto&& self, const std::string& section, int indent) -> void {
    for (const auto& name : schema_->children(section)) {
      const std::string path = section.empty() ? name : section + "." + name;
      out.append(static_cast<std::size_t>(indent), ' ');
      const auto idx = schema_->index_of(path);
      if (idx >= 0) {
        const auto i = static_cast<std::size_t>(idx);
        out += name + ": " + detail::ScenarioBuilder::format_value(schema_->keys()[i], values_[i], year) + "\n";
      } else if (schema_->children(path).empty()) {
        out += name + ": {}\n";
      } else {
        out += name + ":\n";
        self(self, path, indent + 2);
      }
    }
  };
  emit(emit, "", 0);
  return out;
}

std::string Scenario::sha256() const { return detail::sha256_hex(resolved_yaml()); }

// ---------------------------------------------------------------- embedded library

std::string_view embedded_scenario_text(std::string_view name) {
  for (std::size_t i = 0; i < detail::kEmbeddedFileCount; ++i) {
    const auto& f = detail::kEmbeddedFiles[i];
    if (name == f.name) return {reinterpret_cast<const char*>(f.data), f.size};
  }
  return {};
}

std::vector<std::pair<std::string, std::string>> embedded_scenarios() {
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t i = 0; i < detail::kEmbeddedFileCount; ++i) {
    const auto& f = detail::kEmbeddedFiles[i];
    // The description is the file's own, not its parent's: each variant says
    // what question it answers.
    std::string description;
    detail::SourceFile file(f.name, std::string(reinterpret_cast<const char*>(f.data), f.size));
    std::vector<Diagnostic> ignored;
    std::size_t budget = kMaxNodes;
    if (const auto root = detail::parse_yaml(file, 0, budget, ignored); root && root->kind == detail::NodeKind::Mapping) {
      if (const auto* d = root->find("description"); d && d->value->kind == detail::NodeKind::Scalar) {
        description = d->value->scalar;
        description = description.substr(0, description.find('\n'));
        // A listing wants the question, which the first sentence states.
        for (std::size_t k = 0; k + 1 < description.size(); ++k) {
          if ((description[k] == '.' || description[k] == '?' || description[k] == '!') && description[k + 1] == ' ') {
            description.resize(k + 1);
            break;
          }
        }
      }
    }
    out.emplace_back(f.name, description);
  }
  return out;
}

}  // namespace innosim::scenario

namespace innosim::scenario {

namespace {

bool under(std::string_view key, const std::string& section) {
  return section.empty() || (key.size() > section.size() && key.substr(0, section.size()) == section &&
                             key[section.size()] == '.');
}

}  // namespace

std::optional<InertCause> inert_cause(const Scenario& s, std::string_view key) {
  const Schema& schema = s.schema();
  InertCause c;
  c.run_first = s.start_year();
  // The calendar years the run has months in: 1 January of start_year to the horizon.
  c.run_last = c.run_first + std::max(0, static_cast<int>(std::ceil(s.horizon_years() - 1e-9)) - 1);
  for (const Gate& g : schema.gates()) {
    if (!under(key, g.section) || key == g.key) continue;
    const std::string_view rel = key.substr(g.section.size() + 1);
    if (std::find(g.except.begin(), g.except.end(), rel) != g.except.end()) continue;
    c.gate = &g;
    switch (g.kind) {
      case Gate::Kind::off:
        if (!s.boolean(g.key)) return c;
        break;
      case Gate::Kind::zero: {
        const KeySpec* spec = schema.find(g.key);
        bool zero = true;
        if (spec->type == KeyType::Schedule) {
          const Schedule sc = s.schedule(g.key);
          for (int y = c.run_first; y <= c.run_last && zero; ++y) zero = sc.value_at(y) == 0.0;
        } else {
          zero = s.number(g.key) == 0.0;
        }
        if (zero) return c;
        break;
      }
      case Gate::Kind::window: {
        if (key == g.section + ".end_year") continue;  // the window's own ends can bring it into the run
        const std::int64_t from = s.integer(g.key), to = s.integer(g.section + ".end_year");
        c.from = from == 0 ? c.run_first : from;  // 0: from the start
        c.to = to;
        if (c.to < c.run_first || c.from > c.run_last || c.from > c.to) return c;
        break;
      }
    }
  }
  return std::nullopt;
}

std::string InertCause::text() const {
  std::string run = "(";  // appended: `"(" + std::string&&` trips GCC 12's -Wrestrict false positive
  run += std::to_string(run_first);
  run += '-';
  run += std::to_string(run_last);
  run += ')';
  switch (gate->kind) {
    case Gate::Kind::off: return gate->key + " is false";
    case Gate::Kind::zero: return gate->key + " is 0 in every year of the run " + run;
    case Gate::Kind::window:
      return gate->section + " is active only in " + std::to_string(from) + "-" + std::to_string(to) +
             ", outside the run " + run;
  }
  return {};
}

std::string inert_reason(const Scenario& s, std::string_view key) {
  const std::optional<InertCause> c = inert_cause(s, key);
  return c ? c->text() : std::string();
}

}  // namespace innosim::scenario
