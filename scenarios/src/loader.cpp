// load(): sources -> YAML trees -> `extends` merge -> --set overrides ->
// checked values. Every stage records diagnostics and carries on where it
// can, so one run reports every problem; nothing is returned unless there
// are none.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <system_error>
#include <unordered_map>

#include "builder.hpp"
#include "innosim/scenario/input_file.hpp"
#include "innosim/scenario/scenario.hpp"
#include "schema_text.hpp"
#include "text.hpp"
#include "yaml_tree.hpp"

namespace fs = std::filesystem;

namespace innosim::scenario {

namespace {

using detail::Entry;
using detail::Node;
using detail::NodeKind;
using detail::NodePtr;
using detail::SourceFile;
using Value = detail::ScenarioBuilder::Value;

constexpr double kMinScheduleYear = 1900;
constexpr double kMaxScheduleYear = 2500;

std::string join_path(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "." + name;
}

std::string leaf_of(const std::string& path) {
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::vector<std::string> embedded_names() {
  std::vector<std::string> names;
  for (const auto& [name, description] : embedded_scenarios()) names.push_back(name);
  return names;
}

/// Where a scenario's text comes from.
struct Source {
  std::string display;   // shown in diagnostics and lineage
  std::string identity;  // equal for the same scenario however it is named (cycle detection)
  fs::path dir;          // base of relative `extends` paths (files only)
  bool embedded = false;
  std::string name;      // embedded name
  fs::path path;         // file path
};

std::optional<Source> embedded_source(const std::string& name) {
  if (embedded_scenario_text(name).empty()) return std::nullopt;
  Source s;
  s.display = "scenarios/library/" + name + ".yaml";
  s.identity = "embedded:" + name;
  s.embedded = true;
  s.name = name;
  return s;
}

Source file_source(const fs::path& path) {
  Source s;
  s.display = path.lexically_normal().string();
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  s.identity = "file:" + (ec ? path.lexically_normal().string() : canonical.string());
  s.dir = path.parent_path();
  s.path = path;
  return s;
}

class Loader {
 public:
  explicit Loader(const Schema& schema) : schema_(schema) {}

  Scenario run(const std::string& name_or_path, const std::vector<std::string>& overrides) {
    NodePtr root;
    if (auto src = resolve_top(name_or_path)) {
      std::vector<std::pair<std::string, std::string>> chain{{src->identity, src->display}};
      root = load_chain(*src, chain, 0);
    } else {
      chain_ok_ = false;
    }
    if (!root) {
      // Still check the overrides against the schema: their mistakes are
      // independent of the file's.
      auto empty = std::make_shared<Node>();
      empty->kind = NodeKind::Mapping;
      root = empty;
    }
    root = apply_overrides(root, overrides);
    auto values = check(*root);
    finish_diagnostics(name_or_path);
    if (!diags_.empty()) throw ScenarioError(std::move(diags_));
    return detail::ScenarioBuilder::make(std::make_shared<const Schema>(schema_), std::move(values),
                                         std::move(lineage_));
  }

 private:
  // ------------------------------------------------------------ sources

  std::optional<Source> resolve_top(const std::string& name_or_path) {
    if (name_or_path.empty()) {
      diags_.push_back(Diagnostic{"<command line>", 0, 0, "empty scenario name"});
      return std::nullopt;
    }
    if (name_or_path.find('/') == std::string::npos)
      if (auto s = embedded_source(name_or_path)) return s;
    std::error_code ec;
    if (fs::exists(name_or_path, ec)) return file_source(name_or_path);
    std::string msg = "no such file, and no embedded scenario of that name";
    if (auto near = detail::closest(fs::path(name_or_path).stem().string(), embedded_names()))
      msg += " (did you mean '" + *near + "'?)";
    diags_.push_back(Diagnostic{name_or_path, 0, 0, msg + "; `innosim scenarios` lists the embedded ones"});
    return std::nullopt;
  }

  /// The parent named by `value` in `child`'s `extends`, if it exists.
  std::optional<Source> resolve_extends(const Source& child, const std::string& value, std::string& looked) {
    if (child.embedded) {
      // The embedded library refers to itself by name only: it has no directory.
      std::string name = value;
      if (ends_with(name, ".yaml")) name.resize(name.size() - 5);
      looked = "the embedded scenarios";
      return embedded_source(name);
    }
    if (value.find('/') == std::string::npos)
      if (auto s = embedded_source(value)) return s;
    const fs::path p = child.dir / value;
    looked = p.lexically_normal().string();
    std::error_code ec;
    if (fs::exists(p, ec)) return file_source(p);
    return std::nullopt;
  }

  const SourceFile* add_file(std::unique_ptr<SourceFile> f) {
    files_.push_back(std::move(f));
    return files_.back().get();
  }

  /// Reads a source's text: a regular file only (a FIFO or a device is
  /// refused before anything is read, so none can block the loader), within
  /// the size limit.
  std::optional<std::string> read_source(const Source& src) {
    if (src.embedded) return std::string(embedded_scenario_text(src.name));
    std::error_code ec;
    if (fs::is_directory(src.path, ec)) {
      diags_.push_back(Diagnostic{src.display, 0, 0, "is a directory, not a scenario file"});
      return std::nullopt;
    }
    InputFile in = read_input_file(src.path, kMaxFileBytes);
    if (in.text) return std::move(*in.text);
    if (in.problem.find("larger than") != std::string::npos)
      in.problem = "file is larger than " + std::to_string(kMaxFileBytes >> 20) +
                   " MiB: not a scenario (the limit keeps hostile input harmless)";
    diags_.push_back(Diagnostic{src.display, 0, 0, in.problem});
    return std::nullopt;
  }

  /// Parses one source into a mapping; nullptr (with diagnostics) otherwise.
  NodePtr parse_source(const Source& src) {
    auto text = read_source(src);
    if (!text) return nullptr;
    // A UTF-8 byte-order mark is not part of the text (and not a column).
    if (text->rfind("\xEF\xBB\xBF", 0) == 0) text->erase(0, 3);
    const SourceFile* file = add_file(std::make_unique<SourceFile>(src.display, std::move(*text)));
    if (auto bad = detail::check_text(file->text())) {
      diags_.push_back(file->diagnostic(bad->offset, bad->message));
      return nullptr;
    }
    NodePtr root = detail::parse_yaml(*file, 0, budget_, diags_);
    if (!root) return nullptr;
    if (root->kind == NodeKind::Null) {
      diags_.push_back(Diagnostic{src.display, 0, 0, "the file is empty: a scenario is a YAML mapping (name: ..., ...)"});
      return nullptr;
    }
    if (root->kind != NodeKind::Mapping) {
      diags_.push_back(root->diagnostic("the top level must be a mapping of keys (name: ..., ...), not " +
                                        detail::describe(*root)));
      return nullptr;
    }
    return root;
  }

  /// Loads `src` and, recursively, what it extends; returns the merged tree.
  NodePtr load_chain(const Source& src, std::vector<std::pair<std::string, std::string>>& chain, int depth) {
    NodePtr root = parse_source(src);
    if (!root) {
      chain_ok_ = false;
      return nullptr;
    }
    lineage_.push_back(src.display);
    const Entry* ext = root->find("extends");
    if (!ext) return root;

    // The merged tree never holds `extends`: it is consumed here.
    auto own = std::make_shared<Node>(*root);
    own->entries.erase(std::remove_if(own->entries.begin(), own->entries.end(),
                                      [](const Entry& e) { return e.key == "extends"; }),
                       own->entries.end());
    const Node& v = *ext->value;
    if (v.kind == NodeKind::Null || (v.kind == NodeKind::Scalar && v.scalar.empty())) return own;
    if (v.kind != NodeKind::Scalar) {
      diags_.push_back(v.diagnostic("extends: expected the name or path of a parent scenario, got " +
                                    detail::describe(v)));
      chain_ok_ = false;
      return own;
    }
    std::string looked;
    const auto parent = resolve_extends(src, v.scalar, looked);
    if (!parent) {
      std::string msg = "extends: cannot find '" + v.scalar + "': not an embedded scenario";
      if (!src.embedded) msg += ", and no file " + looked;
      if (auto near = detail::closest(v.scalar, embedded_names())) msg += " (did you mean '" + *near + "'?)";
      diags_.push_back(v.diagnostic(msg));
      chain_ok_ = false;
      return own;
    }
    for (const auto& [identity, display] : chain) {
      if (identity == parent->identity) {
        std::string cycle;
        for (const auto& link : chain) cycle += link.second + " -> ";
        diags_.push_back(v.diagnostic("extends cycle: " + cycle + parent->display));
        chain_ok_ = false;
        return own;
      }
    }
    if (depth + 1 >= kMaxExtendsChain) {
      diags_.push_back(v.diagnostic("extends chain longer than " + std::to_string(kMaxExtendsChain) + " scenarios"));
      chain_ok_ = false;
      return own;
    }
    chain.emplace_back(parent->identity, parent->display);
    NodePtr base = load_chain(*parent, chain, depth + 1);
    chain.pop_back();
    if (!base) {
      // The parent's own diagnostics say why; note here which file wanted it.
      diags_.push_back(v.diagnostic("extends: parent scenario '" + v.scalar + "' has errors"));
      return own;
    }
    // A title and a question are the file's own (schema: title, question):
    // the parent's are dropped before the merge, so a variant that gives
    // none has none rather than its parent's.
    auto inherited = std::make_shared<Node>(*base);
    inherited->entries.erase(std::remove_if(inherited->entries.begin(), inherited->entries.end(),
                                            [](const Entry& e) { return e.key == "title" || e.key == "question"; }),
                             inherited->entries.end());
    return merge(inherited, own);
  }

  /// Deep merge: mappings merge key by key, anything else from `over` wins.
  static NodePtr merge(const NodePtr& base, const NodePtr& over) {
    // `key:` with no value over a mapping reads as "nothing to change here".
    if (over->kind == NodeKind::Null && base->kind == NodeKind::Mapping) return base;
    if (base->kind != NodeKind::Mapping || over->kind != NodeKind::Mapping) return over;
    auto out = std::make_shared<Node>(*base);
    out->file = over->file;
    out->offset = over->offset;
    for (const Entry& e : over->entries) {
      auto it = std::find_if(out->entries.begin(), out->entries.end(), [&](const Entry& b) { return b.key == e.key; });
      if (it == out->entries.end()) {
        out->entries.push_back(e);
      } else {
        NodePtr merged = merge(it->value, e.value);
        *it = e;  // the key's position is the child's: that is where it was last set
        it->value = std::move(merged);
      }
    }
    return out;
  }

  // ------------------------------------------------------------ overrides

  NodePtr apply_overrides(NodePtr root, const std::vector<std::string>& overrides) {
    for (std::size_t i = 0; i < overrides.size(); ++i) {
      const std::string& arg = overrides[i];
      const SourceFile* f = add_file(std::make_unique<SourceFile>("<--set>", arg, static_cast<int>(i + 1)));
      if (auto bad = detail::check_text(arg)) {
        diags_.push_back(f->diagnostic(bad->offset, bad->message));
        continue;
      }
      const std::size_t eq = arg.find('=');
      if (eq == std::string::npos) {
        diags_.push_back(f->diagnostic(0, "expected dotted.path=value, got " + detail::quote_short(arg)));
        continue;
      }
      std::size_t b = 0, e = eq;
      while (b < e && arg[b] == ' ') ++b;
      while (e > b && arg[e - 1] == ' ') --e;
      const std::string path = arg.substr(b, e - b);
      if (path.empty()) {
        diags_.push_back(f->diagnostic(0, "expected dotted.path=value: the key path before '=' is missing"));
        continue;
      }
      if (path == "extends") {
        diags_.push_back(f->diagnostic(b, "extends cannot be overridden: it is resolved before --set applies"));
        continue;
      }
      if (!schema_.find(path)) {
        if (schema_.find_section(path)) {
          const auto& kids = schema_.children(path);
          diags_.push_back(f->diagnostic(b, "'" + path + "' is a section: set one of its keys" +
                                                (kids.empty() ? "" : ", e.g. " + path + "." + kids.front())));
        } else {
          diags_.push_back(f->diagnostic(b, "unknown key '" + path + "'" + suggest(path)));
        }
        continue;
      }
      NodePtr value = detail::parse_yaml(*f, eq + 1, budget_, diags_);
      if (!value) continue;
      std::vector<std::string> comps;
      for (std::size_t s = 0;;) {
        const auto dot = path.find('.', s);
        comps.push_back(path.substr(s, dot == std::string::npos ? std::string::npos : dot - s));
        if (dot == std::string::npos) break;
        s = dot + 1;
      }
      root = set_in(root, comps, 0, value, f, b);
    }
    return root;
  }

  static NodePtr set_in(const NodePtr& map, const std::vector<std::string>& comps, std::size_t i, const NodePtr& value,
                        const SourceFile* f, std::size_t key_offset) {
    std::shared_ptr<Node> out;
    if (map && map->kind == NodeKind::Mapping) {
      out = std::make_shared<Node>(*map);
    } else {
      out = std::make_shared<Node>();
      out->kind = NodeKind::Mapping;
      out->file = f;
      out->offset = key_offset;
    }
    auto it = std::find_if(out->entries.begin(), out->entries.end(), [&](const Entry& e) { return e.key == comps[i]; });
    NodePtr child = i + 1 == comps.size() ? value : set_in(it == out->entries.end() ? nullptr : it->value, comps, i + 1, value, f, key_offset);
    Entry entry{comps[i], f, key_offset, child};
    if (it == out->entries.end())
      out->entries.push_back(std::move(entry));
    else
      *it = std::move(entry);
    return out;
  }

  // ------------------------------------------------------------ checking

  std::vector<std::string> all_paths() const {
    std::vector<std::string> paths;
    for (const auto& s : schema_.sections()) paths.push_back(s.path);
    for (const auto& k : schema_.keys()) paths.push_back(k.path);
    return paths;
  }

  /// " (did you mean 'x'?)" for an unknown full path, or "".
  std::string suggest(const std::string& full) const {
    const auto dot = full.rfind('.');
    const std::string prefix = dot == std::string::npos ? "" : full.substr(0, dot);
    const std::string key = leaf_of(full);
    auto fmt = [](const std::string& s) { return " (did you mean '" + s + "'?)"; };
    // A misspelt name among its siblings is the likeliest mistake...
    if (schema_.find_section(prefix) || prefix.empty())
      if (auto near = detail::closest(key, schema_.children(prefix))) return fmt(join_path(prefix, *near));
    // ...then a misspelt path, then a right name in the wrong place.
    const auto paths = all_paths();
    if (auto near = detail::closest(full, paths)) return fmt(*near);
    std::vector<std::string> leaves;
    for (const auto& p : paths) leaves.push_back(leaf_of(p));
    if (auto near = detail::closest(key, leaves)) {
      for (const auto& p : paths)
        if (leaf_of(p) == *near) return fmt(p);
    }
    return "";
  }

  void walk(const Node& map, const std::string& prefix, std::vector<const Entry*>& found) {
    for (const Entry& e : map.entries) {
      const std::string path = join_path(prefix, e.key);
      if (e.key.find('.') != std::string::npos) {
        // "population.firms: 5" would otherwise match the dotted path and
        // dodge duplicate detection and deep merging against "population:".
        std::string msg = "unknown key '" + path + "'";
        if (schema_.find(path) || schema_.find_section(path)) {
          const auto dot = e.key.find('.');
          msg = "dotted key '" + e.key + "': nest it instead (" + e.key.substr(0, dot) + ": then " +
                e.key.substr(dot + 1) + ": indented under it); dots only join paths in --set";
        } else {
          msg += suggest(path);
        }
        diags_.push_back(e.file->diagnostic(e.key_offset, msg));
        continue;
      }
      const auto idx = schema_.index_of(path);
      if (idx >= 0) {
        found[static_cast<std::size_t>(idx)] = &e;
      } else if (schema_.find_section(path)) {
        if (e.value->kind == NodeKind::Mapping)
          walk(*e.value, path, found);
        else if (e.value->kind != NodeKind::Null)
          diags_.push_back(e.value->diagnostic("'" + path + "' is a section: expected a mapping of its keys, got " +
                                               detail::describe(*e.value)));
      } else {
        diags_.push_back(e.file->diagnostic(e.key_offset, "unknown key '" + path + "'" + suggest(path)));
      }
    }
  }

  // Where to report a problem with an entry's value: a missing value in a
  // file has no position of its own (yaml-cpp marks the next token), so use
  // the key's; an empty --set value is right after its '='.
  static Diagnostic at_value(const Entry& e, const Node& v, std::string msg) {
    if (v.kind == NodeKind::Null && !v.file->is_override()) return e.file->diagnostic(e.key_offset, std::move(msg));
    return v.diagnostic(std::move(msg));
  }

  std::string range_msg(const KeySpec& spec) const {
    std::string r = detail::range_text(spec);
    r = (r[0] == '[' || r[0] == '(') ? "in " + r : r;
    return "must be " + r + (spec.unit.empty() ? "" : " " + spec.unit);
  }

  static bool in_range(const KeySpec& s, double x) {
    const bool low_ok = s.min_exclusive ? x > s.number_min : x >= s.number_min;
    const bool high_ok = s.max_exclusive ? x < s.number_max : x <= s.number_max;
    return low_ok && high_ok;
  }

  // Parses a number for key `what`; records a diagnostic and returns nothing on failure.
  std::optional<double> to_number(const std::string& what, const Entry& e, const Node& v) {
    if (v.kind != NodeKind::Scalar || !v.plain) {
      std::string msg = what + ": expected a number, got " + detail::describe(v);
      if (v.kind == NodeKind::Scalar && detail::parse_double(v.scalar)) msg += " (remove the quotes)";
      diags_.push_back(at_value(e, v, msg));
      return std::nullopt;
    }
    const auto x = detail::parse_double(v.scalar);
    if (!x) {
      diags_.push_back(at_value(e, v, what + ": expected a number, got " + detail::describe(v)));
      return std::nullopt;
    }
    if (!std::isfinite(*x)) {
      diags_.push_back(at_value(e, v, what + ": " + v.scalar + " is not a finite number"));
      return std::nullopt;
    }
    return x;
  }

  std::optional<double> to_ranged_number(const KeySpec& spec, const std::string& what, const Entry& e,
                                         const Node& v) {
    auto x = to_number(what, e, v);
    if (!x) return std::nullopt;
    if (!in_range(spec, *x)) {
      diags_.push_back(at_value(e, v, what + ": " + v.scalar + " is out of range: " + range_msg(spec)));
      return std::nullopt;
    }
    return x;
  }

  std::optional<Value> convert(const KeySpec& spec, const Entry& e, int start_year) {
    const Node& v = *e.value;
    const std::string& what = spec.path;
    const bool plain_scalar = v.kind == NodeKind::Scalar && v.plain;
    auto expected = [&](const std::string& kind, const std::string& hint = "") {
      diags_.push_back(at_value(e, v, what + ": expected " + kind + ", got " + detail::describe(v) + hint));
      return std::nullopt;
    };
    switch (spec.type) {
      case KeyType::Number: {
        auto x = to_ranged_number(spec, what, e, v);
        if (!x) return std::nullopt;
        return Value{*x};
      }
      case KeyType::Integer:
      case KeyType::Unsigned: {
        if (!plain_scalar) {
          const bool looks = v.kind == NodeKind::Scalar && detail::parse_double(v.scalar);
          return expected("an integer", looks ? " (remove the quotes)" : "");
        }
        std::int64_t i = 0;
        std::uint64_t u = 0;
        const auto r = spec.type == KeyType::Integer ? detail::parse_int64(v.scalar, i) : detail::parse_uint64(v.scalar, u);
        if (r == detail::IntParse::NotANumber) return expected("an integer");
        if (r == detail::IntParse::Fractional) return expected("an integer", " (a whole number)");
        const bool ok = r == detail::IntParse::Ok &&
                        (spec.type == KeyType::Integer ? (i >= spec.integer_min && i <= spec.integer_max)
                                                       : (u >= spec.unsigned_min && u <= spec.unsigned_max));
        if (!ok) {
          diags_.push_back(at_value(e, v, what + ": " + v.scalar + " is out of range: " + range_msg(spec)));
          return std::nullopt;
        }
        return spec.type == KeyType::Integer ? Value{i} : Value{u};
      }
      case KeyType::Boolean: {
        if (plain_scalar) {
          const std::string& s = v.scalar;
          if (s == "true" || s == "True" || s == "TRUE") return Value{true};
          if (s == "false" || s == "False" || s == "FALSE") return Value{false};
          static const char* yaml11[] = {"yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF"};
          for (const char* w : yaml11)
            if (s == w) return expected("true or false", " (YAML 1.1 words like yes/no/on/off are not booleans here)");
        }
        return expected("true or false");
      }
      case KeyType::Text:
      case KeyType::Choice: {
        if (v.kind != NodeKind::Scalar) return expected(spec.type == KeyType::Text ? "text" : "one of " + detail::range_text(spec));
        if (spec.type == KeyType::Choice) {
          if (std::find(spec.choices.begin(), spec.choices.end(), v.scalar) == spec.choices.end()) {
            std::string msg = what + ": " + detail::quote_short(v.scalar) + " is not one of " + detail::range_text(spec);
            if (auto near = detail::closest(v.scalar, spec.choices)) msg += " (did you mean '" + *near + "'?)";
            diags_.push_back(v.diagnostic(msg));
            return std::nullopt;
          }
        } else if (spec.identifier) {
          const std::string& s = v.scalar;
          if (!detail::valid_identifier(s)) {
            diags_.push_back(v.diagnostic(what + ": " + detail::quote_short(s) +
                                          " is not a valid name: use letters (of any script, 江门 too), digits, "
                                          "'.', '_' and '-', starting with a letter or digit, at most 100 "
                                          "characters, no spaces or '/'"));
            return std::nullopt;
          }
        }
        return Value{v.scalar};
      }
      case KeyType::Schedule: return convert_schedule(spec, e, start_year);
    }
    return std::nullopt;
  }

  std::optional<Value> convert_schedule(const KeySpec& spec, const Entry& e, int start_year) {
    const Node& v = *e.value;
    const std::string& what = spec.path;
    if (v.kind != NodeKind::Sequence) {
      if (v.kind == NodeKind::Scalar && v.plain) {
        auto x = to_ranged_number(spec, what, e, v);
        if (!x) return std::nullopt;
        return Value{Schedule{{{static_cast<double>(start_year), *x}}}};
      }
      diags_.push_back(at_value(e, v, what + ": expected a number or a list of {from_year: Y, value: V} steps, got " +
                                          detail::describe(v)));
      return std::nullopt;
    }
    if (v.items.empty()) {
      diags_.push_back(v.diagnostic(what + ": a schedule needs at least one {from_year: Y, value: V} step"));
      return std::nullopt;
    }
    if (spec.max_steps > 0 && v.items.size() > spec.max_steps) {
      diags_.push_back(v.diagnostic(what + ": " + std::to_string(v.items.size()) + " steps; at most " +
                                    std::to_string(spec.max_steps) + " are allowed"));
      return std::nullopt;
    }
    Schedule out;
    bool ok = true;
    double previous = 0;
    bool have_previous = false;
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      const Node& step = *v.items[i];
      const std::string step_name = what + " step " + std::to_string(i + 1);
      if (step.kind != NodeKind::Mapping) {
        diags_.push_back(step.diagnostic(step_name + ": expected a mapping {from_year: Y, value: V}, got " +
                                         detail::describe(step)));
        ok = false;
        continue;
      }
      const Entry* year_e = nullptr;
      const Entry* value_e = nullptr;
      for (const Entry& se : step.entries) {
        if (se.key == "from_year") {
          year_e = &se;
        } else if (se.key == "value") {
          value_e = &se;
        } else {
          std::string msg = step_name + ": unknown key '" + se.key + "' (a step has from_year and value)";
          if (auto near = detail::closest(se.key, {"from_year", "value"})) msg += " (did you mean '" + *near + "'?)";
          diags_.push_back(se.file->diagnostic(se.key_offset, msg));
          ok = false;
        }
      }
      if (!year_e || !value_e) {
        diags_.push_back(step.diagnostic(step_name + ": missing " + std::string(!year_e ? "from_year" : "value")));
        ok = false;
        continue;
      }
      // A plain double and a flag rather than optional<double>: GCC 12 warns
      // (falsely) that the optional may be read uninitialised.
      double year = 0;
      bool year_ok = false;
      if (const auto y = to_number(step_name + ": from_year", *year_e, *year_e->value)) {
        year = *y;
        year_ok = true;
      }
      if (year_ok && (year < kMinScheduleYear || year > kMaxScheduleYear)) {
        diags_.push_back(at_value(*year_e, *year_e->value,
                                  step_name + ": from_year " + year_e->value->scalar + " is not a calendar year in [" +
                                      detail::format_number(kMinScheduleYear) + ", " +
                                      detail::format_number(kMaxScheduleYear) + "]"));
        year_ok = false;
      }
      if (year_ok && have_previous && year <= previous) {
        diags_.push_back(at_value(*year_e, *year_e->value,
                                  step_name + ": from_year " + year_e->value->scalar +
                                      " must be after the previous step's " + detail::format_number(previous)));
        year_ok = false;
      }
      auto val = to_ranged_number(spec, step_name + ": value", *value_e, *value_e->value);
      if (year_ok) {
        previous = year;
        have_previous = true;
      }
      if (!year_ok || !val) {
        ok = false;
        continue;
      }
      out.steps.emplace_back(year, *val);
    }
    if (!ok) return std::nullopt;
    return Value{std::move(out)};
  }

  static Value default_value(const KeySpec& spec, int start_year) {
    switch (spec.type) {
      case KeyType::Number: return spec.number_default;
      case KeyType::Integer: return spec.integer_default;
      case KeyType::Unsigned: return spec.unsigned_default;
      case KeyType::Boolean: return spec.boolean_default;
      case KeyType::Text:
      case KeyType::Choice: return spec.text_default;
      case KeyType::Schedule: return Schedule{{{static_cast<double>(start_year), spec.number_default}}};
    }
    return 0.0;
  }

  std::vector<Value> check(const Node& root) {
    const auto& keys = schema_.keys();
    std::vector<const Entry*> found(keys.size(), nullptr);
    walk(root, "", found);
    std::vector<Value> values(keys.size());
    // Schedules given as plain numbers start at start_year, so it goes first.
    int start_year = 2025;
    const auto start_idx = schema_.index_of("start_year");
    auto convert_at = [&](std::size_t i) {
      const KeySpec& spec = keys[i];
      if (found[i]) {
        if (auto v = convert(spec, *found[i], start_year)) values[i] = std::move(*v);
      } else {
        if (spec.required && chain_ok_)
          diags_.push_back(root.file ? root.diagnostic("missing required key '" + spec.path + "'")
                                     : Diagnostic{"<scenario>", 0, 0, "missing required key '" + spec.path + "'"});
        values[i] = default_value(spec, start_year);
      }
    };
    if (start_idx >= 0) {
      const auto si = static_cast<std::size_t>(start_idx);
      convert_at(si);
      if (const auto* y = std::get_if<std::int64_t>(&values[si])) start_year = static_cast<int>(*y);
    }
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (static_cast<std::ptrdiff_t>(i) != start_idx) convert_at(i);
    return values;
  }

  // ------------------------------------------------------------ reporting

  void finish_diagnostics(const std::string& top_name) {
    // Sorted by file (in the order they were read: the scenario, its
    // parents, then the overrides), then by position.
    std::map<std::string, std::size_t> rank;
    for (const auto& f : files_) rank.emplace(f->name(), rank.size());
    std::stable_sort(diags_.begin(), diags_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
      const auto ra = rank.count(a.file) ? rank.at(a.file) : rank.size();
      const auto rb = rank.count(b.file) ? rank.at(b.file) : rank.size();
      if (ra != rb) return ra < rb;
      if (a.line != b.line) return a.line < b.line;
      return a.column < b.column;
    });
    diags_.erase(std::unique(diags_.begin(), diags_.end()), diags_.end());
    if (diags_.size() > kMaxDiagnostics) {
      const std::size_t more = diags_.size() - kMaxDiagnostics;
      diags_.resize(kMaxDiagnostics);
      diags_.push_back(Diagnostic{top_name, 0, 0, "... and " + std::to_string(more) + " more problems"});
    }
  }

  const Schema& schema_;
  std::vector<Diagnostic> diags_;
  std::vector<std::unique_ptr<SourceFile>> files_;
  std::vector<std::string> lineage_;
  std::size_t budget_ = kMaxNodes;
  bool chain_ok_ = true;  // false: a file or parent is missing, so "missing required key" would mislead
};

}  // namespace

Scenario load(const Schema& schema, const std::string& name_or_path, const std::vector<std::string>& overrides) {
  Loader loader(schema);
  return loader.run(name_or_path, overrides);
}

std::vector<Diagnostic> check_yaml_text(const std::string& display, const std::string& text) {
  std::vector<Diagnostic> diags;
  std::string body = text;
  if (body.rfind("\xEF\xBB\xBF", 0) == 0) body.erase(0, 3);  // a byte-order mark is not text
  const SourceFile file(display, std::move(body));
  if (auto bad = detail::check_text(file.text())) {
    diags.push_back(file.diagnostic(bad->offset, bad->message));
    return diags;
  }
  std::size_t budget = kMaxNodes;
  detail::parse_yaml(file, 0, budget, diags);
  if (diags.size() > kMaxDiagnostics) diags.resize(kMaxDiagnostics);
  return diags;
}

}  // namespace innosim::scenario
