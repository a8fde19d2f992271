#include "innosim/experiments/inert.hpp"

#include <filesystem>
#include <functional>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "innosim/experiments/labels.hpp"
#include "innosim/scenario/input_file.hpp"

namespace innosim::experiments {

std::string override_path(const std::string& set) {
  const std::size_t eq = set.find('=');
  if (eq == std::string::npos) return {};
  std::string path = set.substr(0, eq);
  path.erase(0, path.find_first_not_of(" \t"));
  path.erase(path.find_last_not_of(" \t") + 1);
  return path;
}

std::string inert_message(const std::string& what, const scenario::InertCause& c, Lang lang) {
  const scenario::Gate& g = *c.gate;
  const Label* label = find_key_group_label(g.section);
  const std::string group = label ? std::string(label->label(lang)) : g.section;
  const auto say = [&](std::string_view english, auto&&... args) {
    return fmt::format(fmt::runtime(tr(english, lang)), args...);
  };
  switch (g.kind) {
    case scenario::Gate::Kind::off:
      return say("{} has no effect: {} is switched off ({} = false)", what, group, g.key);
    case scenario::Gate::Kind::zero:
      return say("{} has no effect: {} does nothing while {} is 0, as it is in every year of the run ({}-{})", what,
                 group, g.key, c.run_first, c.run_last);
    case scenario::Gate::Kind::window:
      return say("{} has no effect: {} is active only in {}-{}, outside the run ({}-{})", what, group, c.from, c.to,
                 c.run_first, c.run_last);
  }
  return {};
}

std::vector<std::string> inert_set_warnings(std::span<const scenario::Scenario* const> scenarios,
                                            const std::vector<std::string>& sets, Lang lang) {
  std::vector<std::string> out;
  for (const std::string& set : sets) {
    const std::string path = override_path(set);
    if (path.empty() || scenarios.empty() || !scenarios.front()->schema().find(path)) continue;
    std::optional<scenario::InertCause> first;
    bool everywhere = true;
    for (const scenario::Scenario* s : scenarios) {
      const std::optional<scenario::InertCause> c = scenario::inert_cause(*s, path);
      if (!c) {
        everywhere = false;
        break;
      }
      if (!first) first = c;
    }
    if (everywhere && first) out.push_back(inert_message("--set " + path, *first, lang));
  }
  return out;
}

std::vector<std::string> inert_file_warnings(const scenario::Scenario& s, const std::string& file, Lang lang) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return out;
  // The scenario loaded already, so the file is valid YAML of bounded size.
  const scenario::InputFile in = scenario::read_input_file(file, std::size_t{16} << 20);
  if (!in.text) return out;
  // A switch, budget, count or window key is how an instrument is turned off: setting one is never the
  // slip this check is for (pilot_24h_zones.enabled: false beside a zone count of 0 is deliberate).
  const auto is_gate_key = [&](const std::string& path) {
    for (const scenario::Gate& g : s.schema().gates())
      if (path == g.key || (g.kind == scenario::Gate::Kind::window && path == g.section + ".end_year")) return true;
    return false;
  };
  YAML::Node root;
  try {
    root = YAML::Load(*in.text);
  } catch (const YAML::Exception&) {
    return out;
  }
  const std::function<void(const YAML::Node&, const std::string&)> walk = [&](const YAML::Node& node,
                                                                             const std::string& prefix) {
    if (!node.IsMap()) return;
    for (const auto& kv : node) {
      if (!kv.first.IsScalar()) continue;
      const std::string path = prefix.empty() ? kv.first.Scalar() : prefix + "." + kv.first.Scalar();
      if (s.schema().find(path)) {
        const std::optional<scenario::InertCause> c =
            is_gate_key(path) ? std::nullopt : scenario::inert_cause(s, path);
        if (c) {
          const YAML::Mark m = kv.first.Mark();
          out.push_back(file + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1) + ": " +
                        std::string(tr("warning", lang)) + ": " + inert_message(path, *c, lang));
        }
        continue;  // a key's value (a schedule's years) is no path of its own
      }
      walk(kv.second, path);
    }
  };
  walk(root, "");
  return out;
}

}  // namespace innosim::experiments
