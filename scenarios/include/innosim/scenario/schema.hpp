#pragma once
// The schema: the single table of every scenario key. The validator, the
// resolved YAML, `innosim schema` and docs/scenarios.md are all generated from
// it, so a key documented anywhere is a key the loader accepts, and vice versa.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace innosim::scenario {

/// A piecewise-constant schedule over calendar years: value_at(year) is the
/// value of the last step with from_year <= year (the first step's value
/// before it). Steps are (from_year, value), sorted by strictly increasing
/// from_year; a loaded scenario always has at least one step.
struct Schedule {
  std::vector<std::pair<double, double>> steps;

  /// NaN when there are no steps (never the case for a loaded scenario).
  double value_at(double year) const;
  bool operator==(const Schedule&) const = default;
};

enum class KeyType { Number, Integer, Unsigned, Boolean, Text, Choice, Schedule };

/// "number", "integer", ... as shown in diagnostics and the reference.
std::string_view type_name(KeyType type);

/// One key of the schema. Which default/range fields apply depends on type.
struct KeySpec {
  std::string path;  // dotted, e.g. "policies.loan_interest_subsidy.rate"
  KeyType type = KeyType::Number;
  std::string unit;
  std::string description;
  bool required = false;  // no default: the scenario must give it

  // Number and Schedule. Bounds are inclusive unless marked exclusive.
  double number_default = 0;
  double number_min = -std::numeric_limits<double>::infinity();
  double number_max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  bool max_exclusive = false;

  std::int64_t integer_default = 0;
  std::int64_t integer_min = std::numeric_limits<std::int64_t>::min();
  std::int64_t integer_max = std::numeric_limits<std::int64_t>::max();

  std::uint64_t unsigned_default = 0;
  std::uint64_t unsigned_min = 0;
  std::uint64_t unsigned_max = std::numeric_limits<std::uint64_t>::max();

  bool boolean_default = false;

  std::string text_default;              // Text and Choice
  std::vector<std::string> choices;      // Choice
  bool identifier = false;               // Text: detail::valid_identifier (names used in file and group names)
  std::size_t max_steps = 0;             // Schedule: most steps a model can hold (0: no limit)
};

struct SectionSpec {
  std::string path;
  std::string description;  // empty for sections only implied by their keys
};

/// A condition under which the keys of a section have no effect on a run:
/// what the inert-parameter check (`inert_reason`, scenario.hpp) reads.
struct Gate {
  enum class Kind {
    off,     ///< the boolean `key` is false (an instrument's `enabled`)
    zero,    ///< the number or schedule `key` is 0 in every year of the run (a budget, a count)
    window,  ///< `<section>.start_year` .. `<section>.end_year` (0: from the start) misses every year of the run
  };
  std::string section;  ///< the keys below it are silenced, except `key` (and, for a window, its two years)
  std::string key;      ///< the switch, budget or count; for a window, `<section>.start_year`
  Kind kind = Kind::off;
  /// Keys of the section (names relative to it) that act even when the gate
  /// is closed: the model uses them outside the instrument too.
  std::vector<std::string> except;
};

class Schema {
 public:
  /// Returned by every declaration so that rarer constraints read as
  /// `s.number(...).exclusive_min();` without widening the common signature.
  class KeyOptions {
   public:
    KeyOptions& required();       // no default: the scenario must set it
    KeyOptions& exclusive_min();  // the minimum itself is not allowed (e.g. > 0)
    KeyOptions& exclusive_max();
    KeyOptions& identifier();     // Text only: letters of any script, digits, '.', '_', '-'; at most 100 characters
    KeyOptions& max_steps(std::size_t n);  // Schedule only: at most n steps (a model's fixed-size table)

   private:
    friend class Schema;
    KeyOptions(Schema& schema, std::size_t index) : schema_(&schema), index_(index) {}
    KeySpec& spec();
    Schema* schema_;
    std::size_t index_;
  };

  /// Documents a group, e.g. "policies.loan_interest_subsidy". Sections that
  /// are only implied by their keys' paths need no declaration.
  void section(std::string path, std::string description);
  KeyOptions number(std::string path, double def, std::string unit, double min, double max, std::string description);
  KeyOptions integer(std::string path, std::int64_t def, std::string unit, std::int64_t min, std::int64_t max,
                     std::string description);
  /// A non-negative integer with the full 64-bit range (seeds).
  KeyOptions unsigned_integer(std::string path, std::uint64_t def, std::string unit, std::uint64_t min,
                              std::uint64_t max, std::string description);
  KeyOptions boolean(std::string path, bool def, std::string description);
  KeyOptions text(std::string path, std::string def, std::string description);
  KeyOptions choice(std::string path, std::string def, std::vector<std::string> choices, std::string description);
  /// A number that may also be given as a piecewise schedule over calendar
  /// years: a list of {from_year: Y, value: V} mappings. min/max bound every value.
  KeyOptions schedule(std::string path, double def, std::string unit, double min, double max,
                      std::string description);

  /// Declares that the keys of `section` have no effect when `key` says so
  /// (Gate). InternalError when `key` is not a key of a fitting type.
  void gate(std::string section, std::string key, Gate::Kind kind, std::vector<std::string> except = {});
  /// Every gate, in declaration order.
  const std::vector<Gate>& gates() const { return gates_; }

  const std::vector<KeySpec>& keys() const { return keys_; }
  /// Every section, declared or implied, in order of first appearance.
  const std::vector<SectionSpec>& sections() const { return sections_; }
  const KeySpec* find(std::string_view path) const;
  std::ptrdiff_t index_of(std::string_view path) const;  // -1 when not a key
  const SectionSpec* find_section(std::string_view path) const;
  /// The names (last path component) of the keys and sections directly inside
  /// `section` ("" for the top level), in declaration order.
  const std::vector<std::string>& children(std::string_view section) const;

  /// The words of reference_text in another language (the scenario module
  /// knows only English; the caller brings the catalogue).
  struct ReferenceWords {
    /// A phrase of the reference (fmt-style: {} placeholders, {{ }} for braces) in the reader's language.
    std::function<std::string(std::string_view english)> phrase;
    /// A section's label and description ("" each when the catalogue has none: the schema's own is shown).
    std::function<std::pair<std::string, std::string>(std::string_view section)> section;
    /// A unit's words ("yuan" -> "元").
    std::function<std::string(std::string_view unit)> unit;
    /// A key's description ("" when the catalogue has none: the schema's own is shown).
    std::function<std::string(const KeySpec& key)> key;
    /// reference_markdown's guide (the prose before the key tables); the English one when empty.
    std::string guide;
  };
  /// `innosim schema [PATTERN]`: a plain-text reference of every key, or of
  /// the keys matching `pattern` (key_matches) and their sections; in another
  /// language with `words`.
  std::string reference_text(std::string_view pattern = {}, const ReferenceWords* words = nullptr) const;
  /// How many keys match `pattern`.
  std::size_t count_matching(std::string_view pattern) const;
  /// A key path matches a pattern with * ? or [ as a shell glob over the
  /// whole path, any other pattern as a substring; case is ignored. The
  /// empty pattern matches everything.
  static bool key_matches(std::string_view path, std::string_view pattern);
  /// `innosim schema --markdown`: docs/scenarios.md, with the language guide;
  /// in another language with `words`.
  std::string reference_markdown(const ReferenceWords* words = nullptr) const;

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>>;

  KeyOptions add(KeySpec spec);
  void add_section_chain(const std::string& path, bool declared, const std::string& description);
  void check_range(const KeySpec& spec) const;

  std::vector<KeySpec> keys_;
  std::vector<Gate> gates_;
  Index key_index_;
  std::vector<SectionSpec> sections_;
  Index section_index_;
  std::vector<std::vector<std::string>> children_;  // per section index, plus the root at children_root_
  std::vector<std::string> children_root_;
};

/// Adds the generic run keys: name (required), description, extends,
/// start_year, horizon_years, seed, replications, population.firms and the
/// outputs.* switches.
void declare_run_keys(Schema& schema);

}  // namespace innosim::scenario
