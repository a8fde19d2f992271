#include "innosim/experiments/inert.hpp"

#include <fmt/format.h>

#include "innosim/experiments/labels.hpp"

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

}  // namespace innosim::experiments
