#include "innosim/scenario/schema.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <limits>
#include <utility>

#include <fnmatch.h>

#include "innosim/engine/error.hpp"
#include "innosim/scenario/scenario.hpp"
#include "schema_text.hpp"
#include "text.hpp"

namespace innosim::scenario {

double Schedule::value_at(double year) const {
  if (steps.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto it = std::upper_bound(steps.begin(), steps.end(), year,
                                   [](double y, const std::pair<double, double>& s) { return y < s.first; });
  return it == steps.begin() ? steps.front().second : std::prev(it)->second;
}

std::string_view type_name(KeyType type) {
  switch (type) {
    case KeyType::Number: return "number";
    case KeyType::Integer: return "integer";
    case KeyType::Unsigned: return "unsigned integer";
    case KeyType::Boolean: return "boolean";
    case KeyType::Text: return "text";
    case KeyType::Choice: return "choice";
    case KeyType::Schedule: return "schedule";
  }
  return "?";
}

// ---------------------------------------------------------------- declaring

KeySpec& Schema::KeyOptions::spec() { return schema_->keys_[index_]; }

Schema::KeyOptions& Schema::KeyOptions::required() {
  spec().required = true;
  return *this;
}

Schema::KeyOptions& Schema::KeyOptions::exclusive_min() {
  auto& s = spec();
  if (s.type != KeyType::Number && s.type != KeyType::Schedule)
    throw InternalError("schema: exclusive_min() on non-number key " + s.path);
  s.min_exclusive = true;
  schema_->check_range(s);
  return *this;
}

Schema::KeyOptions& Schema::KeyOptions::exclusive_max() {
  auto& s = spec();
  if (s.type != KeyType::Number && s.type != KeyType::Schedule)
    throw InternalError("schema: exclusive_max() on non-number key " + s.path);
  s.max_exclusive = true;
  schema_->check_range(s);
  return *this;
}

Schema::KeyOptions& Schema::KeyOptions::identifier() {
  auto& s = spec();
  if (s.type != KeyType::Text) throw InternalError("schema: identifier() on non-text key " + s.path);
  s.identifier = true;
  return *this;
}

Schema::KeyOptions& Schema::KeyOptions::max_steps(std::size_t n) {
  auto& s = spec();
  if (s.type != KeyType::Schedule || n == 0) throw InternalError("schema: max_steps() on key " + s.path);
  s.max_steps = n;
  return *this;
}

namespace {

bool valid_component(std::string_view c) {
  if (c.empty()) return false;
  return std::all_of(c.begin(), c.end(), [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'; });
}

void check_path(const std::string& path) {
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string_view comp = std::string_view(path).substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!valid_component(comp))
      throw InternalError("schema: bad path '" + path + "' (dotted lower_case_names expected)");
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
}

std::string parent_of(const std::string& path) {
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? std::string() : path.substr(0, dot);
}

std::string leaf_of(const std::string& path) {
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

}  // namespace

void Schema::add_section_chain(const std::string& path, bool declared, const std::string& description) {
  if (path.empty()) return;
  if (key_index_.count(path)) throw InternalError("schema: '" + path + "' is both a key and a section");
  const auto it = section_index_.find(path);
  if (it != section_index_.end()) {
    if (declared) {
      auto& s = sections_[it->second];
      if (!s.description.empty() && s.description != description)
        throw InternalError("schema: section '" + path + "' declared twice");
      s.description = description;
    }
    return;
  }
  const std::string parent = parent_of(path);
  add_section_chain(parent, false, "");
  section_index_.emplace(path, sections_.size());
  sections_.push_back(SectionSpec{path, declared ? description : ""});
  children_.emplace_back();
  if (parent.empty())
    children_root_.push_back(leaf_of(path));
  else
    children_[section_index_.at(parent)].push_back(leaf_of(path));
}

void Schema::gate(std::string section, std::string key, Gate::Kind kind, std::vector<std::string> except) {
  const KeySpec* k = find(key);
  if (!k) throw InternalError("gate on unknown key " + key);
  const bool fits = kind == Gate::Kind::off      ? k->type == KeyType::Boolean
                    : kind == Gate::Kind::window ? k->type == KeyType::Integer && find(section + ".end_year")
                                                 : k->type == KeyType::Number || k->type == KeyType::Integer ||
                                                       k->type == KeyType::Schedule;
  if (!fits) throw InternalError("gate on " + key + ": the key's type does not fit the gate");
  if (key.rfind(section + ".", 0) != 0 && !section.empty()) throw InternalError("gate on " + key + " outside " + section);
  for (const std::string& e : except)
    if (!find(section + "." + e)) throw InternalError("gate on " + key + ": no key " + section + "." + e + " to except");
  gates_.push_back({std::move(section), std::move(key), kind, std::move(except)});
}

void Schema::section(std::string path, std::string description) {
  check_path(path);
  add_section_chain(path, true, description);
}

void Schema::check_range(const KeySpec& s) const {
  auto fail = [&](const std::string& why) { throw InternalError("schema: key '" + s.path + "': " + why); };
  switch (s.type) {
    case KeyType::Number:
    case KeyType::Schedule: {
      if (std::isnan(s.number_min) || std::isnan(s.number_max) || s.number_min > s.number_max) fail("bad range");
      if (!std::isfinite(s.number_default)) fail("default must be finite");
      const bool below = s.min_exclusive ? s.number_default <= s.number_min : s.number_default < s.number_min;
      const bool above = s.max_exclusive ? s.number_default >= s.number_max : s.number_default > s.number_max;
      if (!s.required && (below || above)) fail("default outside its range");
      break;
    }
    case KeyType::Integer:
      if (s.integer_min > s.integer_max) fail("bad range");
      if (!s.required && (s.integer_default < s.integer_min || s.integer_default > s.integer_max))
        fail("default outside its range");
      break;
    case KeyType::Unsigned:
      if (s.unsigned_min > s.unsigned_max) fail("bad range");
      if (!s.required && (s.unsigned_default < s.unsigned_min || s.unsigned_default > s.unsigned_max))
        fail("default outside its range");
      break;
    case KeyType::Choice: {
      if (s.choices.empty()) fail("no choices");
      auto sorted = s.choices;
      std::sort(sorted.begin(), sorted.end());
      if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) fail("repeated choice");
      if (std::find(s.choices.begin(), s.choices.end(), s.text_default) == s.choices.end())
        fail("default is not one of the choices");
      break;
    }
    case KeyType::Boolean:
    case KeyType::Text: break;
  }
}

Schema::KeyOptions Schema::add(KeySpec spec) {
  check_path(spec.path);
  if (key_index_.count(spec.path)) throw InternalError("schema: key '" + spec.path + "' declared twice");
  if (section_index_.count(spec.path)) throw InternalError("schema: '" + spec.path + "' is both a key and a section");
  // No key may sit inside another key ("a.b" a key and "a.b.c" too).
  for (std::string p = parent_of(spec.path); !p.empty(); p = parent_of(p))
    if (key_index_.count(p)) throw InternalError("schema: key '" + spec.path + "' lies inside key '" + p + "'");
  check_range(spec);
  const std::string parent = parent_of(spec.path);
  add_section_chain(parent, false, "");
  if (parent.empty())
    children_root_.push_back(leaf_of(spec.path));
  else
    children_[section_index_.at(parent)].push_back(leaf_of(spec.path));
  key_index_.emplace(spec.path, keys_.size());
  keys_.push_back(std::move(spec));
  return KeyOptions(*this, keys_.size() - 1);
}

Schema::KeyOptions Schema::number(std::string path, double def, std::string unit, double min, double max,
                                  std::string description) {
  KeySpec s;
  s.path = std::move(path);
  s.type = KeyType::Number;
  s.number_default = def;
  s.unit = std::move(unit);
  s.number_min = min;
  s.number_max = max;
  s.description = std::move(description);
  return add(std::move(s));
}

Schema::KeyOptions Schema::schedule(std::string path, double def, std::string unit, double min, double max,
                                    std::string description) {
  KeySpec s;
  s.path = std::move(path);
  s.type = KeyType::Schedule;
  s.number_default = def;
  s.unit = std::move(unit);
  s.number_min = min;
  s.number_max = max;
  s.description = std::move(description);
  return add(std::move(s));
}

Schema::KeyOptions Schema::integer(std::string path, std::int64_t def, std::string unit, std::int64_t min,
                                   std::int64_t max, std::string description) {
  KeySpec s;
  s.path = std::move(path);
  s.type = KeyType::Integer;
  s.integer_default = def;
  s.unit = std::move(unit);
  s.integer_min = min;
  s.integer_max = max;
  s.description = std::move(description);
  return add(std::move(s));
}

Schema::KeyOptions Schema::unsigned_integer(std::string path, std::uint64_t def, std::string unit,
                                            std::uint64_t min, std::uint64_t max, std::string description) {
  KeySpec s;
  s.path = std::move(path);
  s.type = KeyType::Unsigned;
  s.unsigned_default = def;
  s.unit = std::move(unit);
  s.unsigned_min = min;
  s.unsigned_max = max;
  s.description = std::move(description);
  return add(std::move(s));
}

Schema::KeyOptions Schema::boolean(std::string path, bool def, std::string description) {
  KeySpec s;
  s.path = std::move(path);
  s.type = KeyType::Boolean;
  s.boolean_default = def;
  s.description = std::move(description);
  return add(std::move(s));
}

Schema::KeyOptions Schema::text(std::string path, std::string def, std::string description) {
  KeySpec s;
  s.path = std::move(path);
  s.type = KeyType::Text;
  s.text_default = std::move(def);
  s.description = std::move(description);
  return add(std::move(s));
}

Schema::KeyOptions Schema::choice(std::string path, std::string def, std::vector<std::string> choices,
                                  std::string description) {
  KeySpec s;
  s.path = std::move(path);
  s.type = KeyType::Choice;
  s.text_default = std::move(def);
  s.choices = std::move(choices);
  s.description = std::move(description);
  return add(std::move(s));
}

const KeySpec* Schema::find(std::string_view path) const {
  const auto it = key_index_.find(path);
  return it == key_index_.end() ? nullptr : &keys_[it->second];
}

std::ptrdiff_t Schema::index_of(std::string_view path) const {
  const auto it = key_index_.find(path);
  return it == key_index_.end() ? -1 : static_cast<std::ptrdiff_t>(it->second);
}

const SectionSpec* Schema::find_section(std::string_view path) const {
  const auto it = section_index_.find(path);
  return it == section_index_.end() ? nullptr : &sections_[it->second];
}

const std::vector<std::string>& Schema::children(std::string_view section) const {
  static const std::vector<std::string> none;
  if (section.empty()) return children_root_;
  const auto it = section_index_.find(section);
  return it == section_index_.end() ? none : children_[it->second];
}

// ---------------------------------------------------------------- run keys

void declare_run_keys(Schema& s) {
  s.text("name", "",
         "Short identifier of the scenario (letters of any script, digits, '.', '_', '-'; 江门-2025 is a name); "
         "it names output files and "
         "should match the file's name.")
      .required()
      .identifier();
  s.text("description", "",
         "What the scenario is for: the question it answers. `innosim scenarios` shows its first line.");
  // A scenario's name for people, in both languages: tables, reports and
  // `innosim scenarios` show it. It is the file's own (never inherited
  // through `extends`): a variant that said nothing would otherwise carry its
  // parent's title and be shown under the wrong name.
  s.section("title", "The scenario's name for people, in English and Chinese; the file's own, not inherited.");
  s.text("title.en", "", "Short English name (\"Risk-compensation pool\"); the file's own, not inherited through extends.");
  s.text("title.zh", "",
         "Short Chinese name (\"设立风险补偿资金池\"), shown by --lang zh tables and reports; the file's own, not "
         "inherited through extends.");
  s.section("question", "The question the scenario answers, in English and Chinese; the file's own, not inherited.");
  s.text("question.en", "", "The question in English, one sentence; the file's own, not inherited through extends.");
  s.text("question.zh", "",
         "The question in Chinese, one sentence, shown by --lang zh listings and reports; the file's own, not "
         "inherited through extends.");
  s.text("extends", "",
         "The scenario this one starts from: an embedded scenario's name or a path relative to this file. "
         "This file's keys are deep-merged over the parent's. Always \"\" in resolved output, where the "
         "chain is already merged in.");
  s.integer("start_year", 2025, "year", 1900, 2200, "Calendar year at simulation time 0 (1 January).");
  // At most 50 years: the books are proven to balance there (tests/cli/
  // test_limits.py runs library scenarios at the maximum); past about 75
  // simulated years a run's ledger and its firms' cash drift apart by
  // percents (seen at 78 years, seed 2, 300 firms), which every run's books
  // check then rejects.
  s.number("horizon_years", 10, "years", 0, 50,
           "Simulated time span per replication (at most 50 years: the span over which the books are "
           "proven to balance).")
      .exclusive_min();
  // A warm-up (issue 18, part 2): the initial stocks come out of the model's
  // own dynamics instead of a one-off setting the first months undo. The run
  // layer simulates it (scenario::warmup_run_scenario) and drops it from
  // every output.
  s.integer("warmup_years", 0, "years", 0, 20,
            "Years simulated before the start date with the start year's policies and discarded from every "
            "output: the initial state comes out of the model's own dynamics. 0: none. horizon_years + "
            "warmup_years is at most 50.");
  s.unsigned_integer("seed", 1, "", 0, std::numeric_limits<std::uint64_t>::max(),
                     "Base random seed; every replication's random streams derive from it and the "
                     "replication's number, so a run is reproducible.");
  s.integer("replications", 20, "", 1, 100000, "Independent replications of the run.");
  s.section("population", "The agents present at time 0.");
  s.integer("population.firms", 3000, "firms", 1, 10'000'000, "Initial number of firms.");
  s.section("outputs", "What a run writes besides the aggregate time series.");
  s.choice("outputs.sampling", "monthly", {"monthly", "quarterly", "yearly"},
           "How often the aggregate time series are sampled.");
  s.boolean("outputs.panel", false, "Write the firm-level panel (one row per firm per panel period); large.");
  s.choice("outputs.panel_period", "yearly", {"monthly", "quarterly", "yearly"}, "Period of the firm-level panel.");
  s.boolean("outputs.events", false, "Write the log of every discrete event; very large, for debugging.");
}

// ---------------------------------------------------------------- reference

namespace {

bool is_min_int(std::int64_t v) { return v == std::numeric_limits<std::int64_t>::min(); }
bool is_max_int(std::int64_t v) { return v == std::numeric_limits<std::int64_t>::max(); }

std::string interval(const std::string& lo, bool lo_inf, bool lo_excl, const std::string& hi, bool hi_inf,
                     bool hi_excl) {
  if (lo_inf && hi_inf) return "any";
  if (lo_inf) return (hi_excl ? "< " : "<= ") + hi;
  if (hi_inf) return (lo_excl ? "> " : ">= ") + lo;
  return (lo_excl ? "(" : "[") + lo + ", " + hi + (hi_excl ? ")" : "]");
}

}  // namespace

namespace detail {

std::string range_text(const KeySpec& s) {
  switch (s.type) {
    case KeyType::Number:
    case KeyType::Schedule:
      return interval(detail::format_number(s.number_min), std::isinf(s.number_min), s.min_exclusive,
                      detail::format_number(s.number_max), std::isinf(s.number_max), s.max_exclusive);
    case KeyType::Integer:
      return interval(detail::format_integer(s.integer_min), is_min_int(s.integer_min), false,
                      detail::format_integer(s.integer_max), is_max_int(s.integer_max), false);
    case KeyType::Unsigned:
      return interval(detail::format_unsigned(s.unsigned_min), false, false, detail::format_unsigned(s.unsigned_max),
                      s.unsigned_max == std::numeric_limits<std::uint64_t>::max(), false);
    case KeyType::Boolean: return "";
    case KeyType::Choice: {
      std::string out;
      for (const auto& c : s.choices) {
        if (!out.empty()) out += ", ";
        out += c;
      }
      return out;
    }
    case KeyType::Text: return s.identifier ? "identifier" : "";
  }
  return "";
}

std::string default_text(const KeySpec& s) {
  if (s.required) return "required";
  switch (s.type) {
    case KeyType::Number:
    case KeyType::Schedule: return detail::format_number(s.number_default);
    case KeyType::Integer: return detail::format_integer(s.integer_default);
    case KeyType::Unsigned: return detail::format_unsigned(s.unsigned_default);
    case KeyType::Boolean: return s.boolean_default ? "true" : "false";
    case KeyType::Text: return detail::quote_yaml(s.text_default);
    case KeyType::Choice: return s.text_default;
  }
  return "";
}

}  // namespace detail

using detail::default_text;
using detail::range_text;

namespace {

// Visits sections and keys in declaration order, each section before its contents.
template <class OnSection, class OnKey>
void walk(const Schema& schema, const std::string& section, OnSection&& on_section, OnKey&& on_key) {
  for (const auto& name : schema.children(section)) {
    const std::string path = section.empty() ? name : section + "." + name;
    if (const KeySpec* k = schema.find(path)) {
      on_key(*k);
    } else {
      on_section(*schema.find_section(path));
      walk(schema, path, on_section, on_key);
    }
  }
}

std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

std::string md_cell(std::string s) {
  s = one_line(std::move(s));
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

const char* kMarkdownGuide = R"(# Scenario files

<!-- Generated by `innosim schema --markdown` from the schema compiled into the binary.
     Do not edit by hand: change the schema and run `make docs`. -->

A scenario is one YAML file holding one mapping: the run's settings and every
model parameter, grouped in sections. Any key left out takes its default, so
a scenario states only what it changes. The binary embeds the library in
`scenarios/library/` (`innosim scenarios` lists it); a scenario is named by
its embedded name or by a file path.

```yaml
name: loan-subsidy-high
description: What if the loan-interest subsidy doubled from 2027?
extends: jiangmen-2025
horizon_years: 15
outputs:
  sampling: quarterly
```

## Commands

| command | what it does |
|---|---|
| `innosim validate FILE... [--set path=value]...` | checks each file; prints `FILE: ok`, or every problem and exits 2 |
| `innosim scenarios` | lists the embedded scenarios with their descriptions |
| `innosim show-scenario NAME\|FILE [--set path=value]...` | prints the fully resolved scenario: every key, defaults included |
| `innosim schema [PATTERN] [--markdown]` | prints this reference (or the keys whose path holds PATTERN, or matches it as a glob); in Chinese with `--lang zh` |

`show-scenario` output is itself a valid scenario that loads to exactly the
same values, and the SHA-256 of that text (`show-scenario --sha256`)
identifies a run's inputs.

## `extends`

`extends:` names a parent: an embedded scenario's name, or a path relative to
the extending file. The parent is loaded first (it may extend another) and
this file is deep-merged over it: mappings merge key by key, any other value
— a list included — replaces the parent's. A key given no value
(`outputs:` alone) changes nothing. Cycles are an error naming the chain.

## Schedules

A key of type *schedule* takes either a plain number (constant over the run)
or a list of steps, each `{from_year: Y, value: V}`, with `from_year` strictly
increasing. The value in a year is that of the last step whose `from_year` is
not after it; before the first step, the first step's value applies.
`from_year` is a calendar year (fractions allowed: 2027.5 is 1 July 2027).

```yaml
rate: [{from_year: 2025, value: 0.01}, {from_year: 2027, value: 0.02}]
```

## Command-line overrides

`--set dotted.path=value` (repeatable) sets one key after `extends` is merged,
in order. The value is read as a YAML scalar (or a flow list for schedules) and
checked like the file: `--set horizon_years=20`,
`--set outputs.sampling=yearly`,
`--set 'policies.x.rate=[{from_year: 2027, value: 0.5}]'`.
Problems with an override are reported as `<--set>:N:COLUMN`, N being the
override's position among the `--set` options.

## Checks

Every problem in a scenario is reported at once, each as `file:line:column:
message`, and nothing runs (exit status 2): YAML syntax errors, unknown keys
(with a suggestion), wrong types, values out of range, missing required keys,
duplicate keys, `extends` cycles and missing parents, bad overrides. Numbers
must be written as numbers (a quoted `"5"` is text); booleans are `true` or
`false`. Limits keep hostile input harmless: files up to 4 MiB of UTF-8 text,
nesting up to 64 levels, one document, at most 1,000,000 nodes after
expanding aliases.

## Keys

Types: *number* (a real number), *integer*, *unsigned integer*, *boolean*,
*text*, *choice* (one of the listed words), *schedule* (a number or a list of
steps, see above). A range `(a, b]` excludes `a` and includes `b`.
)";

}  // namespace

namespace {

/// `text` with its {} filled by `args` in order and {{ }} made single (the fmt style of the phrases).
std::string fill(std::string_view text, std::initializer_list<std::string> args) {
  std::string out;
  auto arg = args.begin();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "{}") == 0 && arg != args.end()) {
      out += *arg++;
      ++i;
    } else if (text.compare(i, 2, "{{") == 0 || text.compare(i, 2, "}}") == 0) {
      out += text[i];
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

/// "No key here acts while `enabled` is false; ..." for a section's gates ("" when it has none); its words
/// through `phrase` (English as it is when none).
std::string gates_text(const Schema& schema, const std::string& section, bool markdown,
                       const std::function<std::string(std::string_view)>& phrase = {}) {
  const auto say = [&](std::string_view english, std::initializer_list<std::string> args) {
    return fill(phrase ? phrase(english) : std::string(english), args);
  };
  std::string out;
  // The other language's phrases mark the names themselves ("`{}` 为 false").
  const auto code = [&](const std::string& rel) { return markdown && !phrase ? "`" + rel + "`" : rel; };
  for (const Gate& g : schema.gates()) {
    if (g.section != section) continue;
    out += out.empty() ? say("Its keys have no effect on a run while ", {}) : say("; while ", {});
    const std::string key = g.key.substr(section.size() + 1);
    switch (g.kind) {
      case Gate::Kind::off: out += say("{} is false", {code(key)}); break;
      case Gate::Kind::zero: out += say("{} is 0 in every year of the run", {code(key)}); break;
      case Gate::Kind::window: out += say("the years {} to {} miss the run", {code(key), code("end_year")}); break;
    }
    if (!g.except.empty()) {
      std::string except;
      for (std::size_t i = 0; i < g.except.size(); ++i) except += (i ? ", " : "") + code(g.except[i]);
      out += say(" (except {})", {except});
    }
  }
  if (out.empty()) return out;
  return out + say(". validate, run and compare warn about such a --set; sweep refuses such a factor.", {});
}

}  // namespace

bool Schema::key_matches(std::string_view path, std::string_view pattern) {
  if (pattern.empty()) return true;
  const std::string p(pattern), k(path);
  if (p.find_first_of("*?[") != std::string::npos) return fnmatch(p.c_str(), k.c_str(), FNM_CASEFOLD) == 0;
  const auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  return lower(k).find(lower(p)) != std::string::npos;
}

std::size_t Schema::count_matching(std::string_view pattern) const {
  return static_cast<std::size_t>(
      std::count_if(keys_.begin(), keys_.end(), [&](const KeySpec& k) { return key_matches(k.path, pattern); }));
}

std::string Schema::reference_text(std::string_view pattern, const ReferenceWords* words) const {
  const auto say = [&](std::string_view english, std::initializer_list<std::string> args) {
    return fill(words && words->phrase ? words->phrase(english) : std::string(english), args);
  };
  std::string out = pattern.empty() ? say("Scenario keys ({})", {std::to_string(keys_.size())})
                                    : say("Scenario keys matching '{}' ({} of {})",
                                          {std::string(pattern), std::to_string(count_matching(pattern)),
                                           std::to_string(keys_.size())});
  out += say(". Sections group keys; a schedule is a number or a list of {{from_year: Y, value: V}} steps.", {}) + "\n";
  auto wrap = [](const std::string& text) { return "      " + one_line(text) + "\n"; };
  // With a pattern, a section is shown when one of its keys is.
  const auto section_shown = [&](const std::string& section) {
    if (pattern.empty()) return true;
    const std::string prefix = section + ".";
    return std::any_of(keys_.begin(), keys_.end(), [&](const KeySpec& k) {
      return k.path.compare(0, prefix.size(), prefix) == 0 && key_matches(k.path, pattern);
    });
  };
  walk(
      *this, "",
      [&](const SectionSpec& s) {
        if (!section_shown(s.path)) return;
        const auto [label, description] =
            words && words->section ? words->section(s.path) : std::pair<std::string, std::string>{};
        out += "\n" + s.path + say(":  (section)", {}) + (label.empty() ? "" : "  " + label) + "\n";
        if (!description.empty())
          out += wrap(description);
        else if (!s.description.empty())
          out += wrap(s.description);
        if (const std::string g = gates_text(*this, s.path, false, words ? words->phrase : nullptr); !g.empty())
          out += wrap(g);
      },
      [&](const KeySpec& k) {
        if (!key_matches(k.path, pattern)) return;
        std::string line = "  " + k.path + "  " + say(std::string(type_name(k.type)), {});
        line += k.required ? say(", required", {}) : say(", default {}", {default_text(k)});
        const std::string range = k.type == KeyType::Boolean ? "" : range_text(k);
        if (k.type == KeyType::Choice)
          line += say(", one of {}", {range});
        else if (k.type == KeyType::Text && !range.empty())
          line += say(", {}", {say(range, {})});
        else if (!range.empty())
          line += say(", range {}", {range});
        if (!k.unit.empty())
          line += say(", unit {}", {words && words->unit ? words->unit(k.unit) : k.unit});
        out += line + "\n";
        const std::string own = words && words->key ? words->key(k) : std::string();
        if (!own.empty())
          out += wrap(own);
        else if (!k.description.empty())
          out += wrap(k.description);
      });
  return out;
}

std::string Schema::reference_markdown(const ReferenceWords* words) const {
  const auto say = [&](std::string_view english) {
    return words && words->phrase ? fill(words->phrase(english), {}) : std::string(english);
  };
  std::string out = words && !words->guide.empty() ? words->guide : std::string(kMarkdownGuide);
  const std::string header = say("| key | type | default | unit | range | meaning |") + "\n|---|---|---|---|---|---|\n";
  // Appends piecewise: GCC 12 warns (falsely, -Wrestrict) on "literal" + std::string chains.
  auto row = [&](const KeySpec& k) {
    std::string def = say("*required*");
    if (!k.required) {
      def = "`";
      def += default_text(k);
      def += '`';
    }
    const std::string unit = words && words->unit && !k.unit.empty() ? words->unit(k.unit) : k.unit;
    const std::string own = words && words->key ? words->key(k) : std::string();
    const std::string range = k.type == KeyType::Text ? say(range_text(k)) : range_text(k);
    std::string r = "| `";
    for (const std::string& cell : {k.path + "`", say(type_name(k.type)), md_cell(def), md_cell(unit),
                                    md_cell(range), md_cell(own.empty() ? k.description : own)}) {
      r += cell;
      r += " | ";
    }
    r.pop_back();
    r += '\n';
    return r;
  };
  // Top-level keys first, then one table per section holding its direct keys.
  out += "\n### " + say("Run keys (top level)") + "\n\n" + header;
  for (const auto& name : children_root_)
    if (const KeySpec* k = find(name)) out += row(*k);
  std::vector<const SectionSpec*> in_order;
  walk(*this, "", [&](const SectionSpec& s) { in_order.push_back(&s); }, [](const KeySpec&) {});
  for (const SectionSpec* sp : in_order) {
    const SectionSpec& s = *sp;
    const auto [label, description] =
        words && words->section ? words->section(s.path) : std::pair<std::string, std::string>{};
    out += "\n### `" + s.path + "`" + (label.empty() ? "" : " " + label) + "\n\n";
    if (!description.empty())
      out += one_line(description) + "\n\n";
    else if (!s.description.empty())
      out += one_line(s.description) + "\n\n";
    if (const std::string g = gates_text(*this, s.path, true, words ? words->phrase : nullptr); !g.empty())
      out += g + "\n\n";
    bool any = false;
    for (const auto& name : children(s.path)) {
      if (const KeySpec* k = find(s.path + "." + name)) {
        if (!any) out += header;
        any = true;
        out += row(*k);
      }
    }
    if (!any) out += say("(only subsections)") + "\n";
  }
  return out;
}

}  // namespace innosim::scenario
