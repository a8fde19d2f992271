#include "innosim/experiments/sensitivity_file.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "innosim/experiments/design.hpp"
#include "input_file.hpp"

namespace innosim::experiments {

namespace fs = std::filesystem;
using scenario::KeyType;

const char* sa_of_name(SaOf of) {
  switch (of) {
    case SaOf::base: return "base";
    case SaOf::policy: return "policy";
    case SaOf::effect: return "effect";
  }
  return "?";
}

std::vector<std::size_t> SensitivitySpec::group_of() const {
  std::vector<std::size_t> g;
  for (const SaFactor& f : factors) g.push_back(f.group);
  return g;
}

namespace {

using detail::InputFileReader;
using detail::suggest;

class Reader {
 public:
  Reader(fs::path file, const scenario::Schema& schema, const std::vector<std::string>& metric_names)
      : in_(std::move(file), "sensitivity file", schema), metric_names_(metric_names) {}

  SensitivitySpec read() {
    SensitivitySpec spec;
    spec.file = in_.file();
    const YAML::Node loaded = in_.load();
    const YAML::Node& root = loaded;  // const lookups only: yaml-cpp's operator[] may add keys
    if (!root.IsMap()) {
      in_.add(root.IsDefined() && !root.IsNull() ? in_.place(root.Mark()) : Place{1, 1},
              "a sensitivity file is a mapping with the keys scenario, policy, set, factors, method, outputs, "
              "replications, seed, bootstrap");
      in_.fail();
    }
    in_.check_keys(root, {"scenario", "policy", "set", "factors", "method", "outputs", "replications", "seed",
                          "bootstrap"});
    in_.read_scenario(root, spec.scenario, spec.scenario_place);
    in_.read_policy(root, spec.policy, spec.policy_place);
    in_.read_set(root["set"], spec.overrides, spec.override_places);
    read_factors(root["factors"], spec);
    read_method(root["method"], spec);
    read_outputs(root["outputs"], spec);
    in_.read_replications(root["replications"], spec.replications);
    in_.read_seed(root["seed"], spec.seed);
    read_bootstrap(root["bootstrap"], spec);
    if (!in_.ok()) in_.fail();
    return spec;
  }

 private:
  Place place(const YAML::Mark& m) const { return in_.place(m); }

  void read_factors(const YAML::Node& n, SensitivitySpec& spec) {
    static const detail::KeyMappingRules kRules = {
        .section = "factors",
        .entry = "factor",
        .missing = "at least one dotted.key with {range: [lo, hi]}",
        .shape = "{range: [lo, hi]}",
        .needs = "{range: [lo, hi]} (optionally scale: log, group: NAME)",
        .fields = {"range", "scale", "group"},
        .fields_text = "range, scale and group",
        .key_problem = [](const scenario::KeySpec& key) -> std::string {
          if (key.type != KeyType::Number && key.type != KeyType::Integer && key.type != KeyType::Unsigned &&
              key.type != KeyType::Schedule)
            return "'" + key.path + "' is a " + std::string(scenario::type_name(key.type)) +
                   " key: a sensitivity factor is a number, an integer or a schedule (as one value) with a range";
          if (key.path == "seed" || key.path == "replications")
            return "'" + key.path + "' cannot be a factor: the analysis sets it for every point";
          return "";
        }};
    std::map<std::string, std::size_t> named;  // group name -> index
    in_.read_key_mapping(n, kRules, [&](const detail::KeyEntry& e) {
      SaFactor f;
      f.name = e.path;
      f.integer = e.key->type == KeyType::Integer || e.key->type == KeyType::Unsigned;
      const auto r = in_.read_range(e, kRules);
      if (!r) return;
      std::tie(f.lo, f.hi) = *r;
      const YAML::Node range = e.spec["range"];
      if (const YAML::Node sc = e.spec["scale"]; sc.IsDefined()) {
        const std::string v = sc.IsScalar() ? sc.Scalar() : "";
        if (v == "log" || v == "log-uniform" || v == "log_uniform") {
          f.scale = FactorScale::log_uniform;
          if (!(f.lo > 0)) in_.add(place(range[0].Mark()), "a log-uniform range needs lo > 0");
        } else if (v != "uniform" && v != "linear") {
          in_.add(place(sc.Mark()), "scale must be uniform or log, got " + InputFileReader::describe(sc));
        }
      }
      if (f.integer && f.hi - f.lo < 1)
        in_.add(place(range.Mark()), "'" + f.name + "' is an integer key: its range must span at least 1");
      if (const YAML::Node g = e.spec["group"]; g.IsDefined()) {
        if (!g.IsScalar() || g.Scalar().empty()) {
          in_.add(place(g.Mark()), "group must be a name");
          return;
        }
        const std::string gname = g.Scalar();
        const auto it = named.find(gname);
        if (it == named.end()) {
          named[gname] = spec.groups.size();
          spec.groups.push_back({gname, {}});
        }
        f.group = named[gname];
      } else {
        f.group = spec.groups.size();
        spec.groups.push_back({f.name, {}});
      }
      spec.groups[f.group].factors.push_back(spec.factors.size());
      spec.factors.push_back(f);
      spec.factor_types.push_back(e.key->type);
      spec.factor_places.push_back(e.place);
    });
    // Group names label the tables: a named group may not share an ungrouped factor's name.
    std::set<std::string> group_names;
    for (const SaGroup& g : spec.groups)
      if (!group_names.insert(g.name).second)
        in_.add(spec.factor_places[g.factors.front()], "group '" + g.name + "' has the name of an ungrouped factor");
  }

  void read_method(const YAML::Node& n, SensitivitySpec& spec) {
    if (!n.IsDefined() || n.IsNull()) {
      in_.add({1, 1}, "missing 'method': {type: sobol, n: N} or {type: morris, trajectories: R}");
      return;
    }
    spec.method_place = place(n.Mark());
    if (!n.IsMap()) {
      in_.add(place(n.Mark()), "method must be a mapping: {type: sobol, n: N} or {type: morris, trajectories: R}");
      return;
    }
    const YAML::Node type = n["type"];
    const std::string t = type.IsScalar() ? type.Scalar() : "";
    const std::vector<std::string> keys = t == "morris" ? std::vector<std::string>{"type", "trajectories", "levels"}
                                                        : std::vector<std::string>{"type", "n", "second_order"};
    for (const auto& kv : n) {
      const std::string k = kv.first.Scalar();
      if (std::find(keys.begin(), keys.end(), k) == keys.end())
        in_.add(place(kv.first.Mark()), "unknown method key '" + k + "'" + suggest(k, keys) + "; a " +
                                            (t == "morris" ? "Morris method has type, trajectories and levels"
                                                           : "Sobol' method has type, n and second_order"));
    }
    const std::size_t g = std::max<std::size_t>(1, spec.groups.size());
    if (t == "sobol") {
      spec.method = SaMethod::sobol;
      const YAML::Node nn = n["n"];
      if (!nn.IsDefined()) {
        in_.add(place(n.Mark()), "a Sobol' method needs n: N, the base sample size (a power of two)");
        return;
      }
      if (const auto v = in_.integer(nn, "n", 4, 1 << 24)) {
        if (!std::has_single_bit(static_cast<std::uint64_t>(*v)))
          in_.add(place(nn.Mark()), "n must be a power of two (the Sobol' points are balanced in blocks of 2^m), got " +
                                        std::to_string(*v) + "; " + std::to_string(std::bit_floor(
                                                                        static_cast<std::uint64_t>(*v))) + " or " +
                                        std::to_string(std::bit_ceil(static_cast<std::uint64_t>(*v))) + "?");
        spec.n = static_cast<std::size_t>(*v);
      }
      if (const YAML::Node so = n["second_order"]; so.IsDefined())
        spec.second_order = in_.boolean(so, "second_order").value_or(false);
      if (2 * spec.factors.size() > sobol_max_dims())
        in_.add(place(n.Mark()), "a Sobol' analysis supports at most " + std::to_string(sobol_max_dims() / 2) +
                                     " factors");
      const std::size_t rows = spec.n * (spec.second_order ? 2 * g + 2 : g + 2);
      if (rows > kMaxSensitivityRows)
        in_.add(place(n.Mark()), "N (g + 2) = " + std::to_string(rows) + " points: more than " +
                                     std::to_string(kMaxSensitivityRows));
    } else if (t == "morris") {
      spec.method = SaMethod::morris;
      const YAML::Node r = n["trajectories"];
      if (!r.IsDefined()) {
        in_.add(place(n.Mark()), "a Morris method needs trajectories: R (10 to 50 is usual)");
        return;
      }
      if (const auto v = in_.integer(r, "trajectories", 2, 1'000'000)) spec.n = static_cast<std::size_t>(*v);
      if (const YAML::Node l = n["levels"]; l.IsDefined())
        if (const auto v = in_.integer(l, "levels", 2, 1000)) {
          if (*v % 2 != 0) in_.add(place(l.Mark()), "levels must be even (the step is levels / (2 (levels - 1)))");
          spec.levels = static_cast<std::size_t>(*v);
        }
      if (spec.n * (g + 1) > kMaxSensitivityRows)
        in_.add(place(n.Mark()), "R (g + 1) points: more than " + std::to_string(kMaxSensitivityRows));
    } else {
      in_.add(type.IsDefined() ? place(type.Mark()) : place(n.Mark()),
              "method type must be sobol or morris" + (t.empty() ? std::string() : ", got '" + t + "'"));
    }
  }

  void read_outputs(const YAML::Node& n, SensitivitySpec& spec) {
    if (!n.IsDefined() || n.IsNull()) {
      in_.add({1, 1}, "missing 'outputs': a list of metrics, e.g. [high_tech_enterprises, {metric: fiscal_spending}]");
      return;
    }
    if (!n.IsSequence() || n.size() == 0) {
      in_.add(place(n.Mark()), "outputs must be a non-empty list of metric names or {metric: M, of: base|policy|effect, "
                               "at: YEAR, from: YEAR, to: YEAR, name: NAME}");
      return;
    }
    std::set<std::string> names;
    for (const auto& item : n) {
      const YAML::Node o = item;
      SaOutputSpec out;
      out.place = place(o.Mark());
      YAML::Node metric;
      if (o.IsScalar()) {
        metric = o;
      } else if (o.IsMap()) {
        static const std::vector<std::string> keys = {"metric", "of", "at", "from", "to", "name"};
        for (const auto& kv : o) {
          const std::string k = kv.first.Scalar();
          if (std::find(keys.begin(), keys.end(), k) == keys.end())
            in_.add(place(kv.first.Mark()), "unknown output key '" + k + "'" + suggest(k, keys) +
                                                "; an output has metric, of, at, from, to and name");
        }
        metric = o["metric"];
        if (!metric.IsDefined()) {
          in_.add(out.place, "an output needs metric: NAME");
          continue;
        }
        if (const YAML::Node of = o["of"]; of.IsDefined()) {
          const std::string v = of.IsScalar() ? of.Scalar() : "";
          if (v == "base")
            out.of = SaOf::base;
          else if (v == "policy")
            out.of = SaOf::policy;
          else if (v == "effect")
            out.of = SaOf::effect;
          else
            in_.add(place(of.Mark()), "of must be base, policy or effect (policy - base, paired), got " +
                                          InputFileReader::describe(of));
          if (out.of != SaOf::base && spec.policy.empty())
            in_.add(place(of.Mark()), std::string("of: ") + sa_of_name(out.of) +
                                          " needs a policy scenario (policy: NAME at the top of the file)");
        }
        const YAML::Node at = o["at"], from = o["from"], to = o["to"];
        if (at.IsDefined() && (from.IsDefined() || to.IsDefined()))
          in_.add(place(at.Mark()), "give either at: YEAR or from:/to:, not both");
        if (at.IsDefined() && !(at.IsScalar() && at.Scalar() == "horizon")) {
          if (const auto y = in_.integer(at, "at", 1900, 3000)) out.from_year = out.to_year = static_cast<int>(*y);
        }
        if (from.IsDefined())
          if (const auto y = in_.integer(from, "from", 1900, 3000)) out.from_year = static_cast<int>(*y);
        if (to.IsDefined())
          if (const auto y = in_.integer(to, "to", 1900, 3000)) out.to_year = static_cast<int>(*y);
        if (out.from_year && out.to_year && *out.from_year > *out.to_year)
          in_.add(out.place, "from must not be after to");
        if (const YAML::Node nm = o["name"]; nm.IsDefined()) {
          if (!nm.IsScalar() || nm.Scalar().empty() || nm.Scalar().find('/') != std::string::npos ||
              nm.Scalar() == "." || nm.Scalar() == "..")
            in_.add(place(nm.Mark()), "name must be a non-empty name without '/'");
          else
            out.name = nm.Scalar();
        }
      } else {
        in_.add(out.place, "an output is a metric name or {metric: NAME, ...}");
        continue;
      }
      out.metric = metric.IsScalar() ? metric.Scalar() : "";
      if (std::find(metric_names_.begin(), metric_names_.end(), out.metric) == metric_names_.end()) {
        in_.add(place(metric.Mark()), "unknown metric '" + out.metric + "'" + suggest(out.metric, metric_names_) +
                                          " (`innosim inspect` on a results file lists them)");
        continue;
      }
      if (out.name.empty()) {
        out.name = (out.of == SaOf::base ? "" : std::string(sa_of_name(out.of)) + ".") + out.metric;
        if (out.from_year && out.to_year && *out.from_year == *out.to_year)
          out.name += "@" + std::to_string(*out.to_year);
        else if (out.from_year || out.to_year)
          out.name += "@" + (out.from_year ? std::to_string(*out.from_year) : std::string("start")) + ".." +
                      (out.to_year ? std::to_string(*out.to_year) : std::string("end"));
      }
      if (!names.insert(out.name).second) {
        in_.add(out.place, "output '" + out.name + "' is listed twice (give one a name:)");
        continue;
      }
      spec.outputs.push_back(std::move(out));
    }
  }

  void read_bootstrap(const YAML::Node& n, SensitivitySpec& spec) {
    if (!n.IsDefined() || n.IsNull()) return;
    if (!n.IsMap()) {
      in_.add(place(n.Mark()), "bootstrap must be a mapping {resamples: B, confidence: C}");
      return;
    }
    for (const auto& kv : n) {
      const std::string k = kv.first.Scalar();
      if (k != "resamples" && k != "confidence")
        in_.add(place(kv.first.Mark()), "unknown bootstrap key '" + k + "'; bootstrap has resamples and confidence");
    }
    if (const YAML::Node r = n["resamples"]; r.IsDefined())
      if (const auto v = in_.integer(r, "resamples", 100, 100'000)) spec.bootstrap_resamples = static_cast<std::size_t>(*v);
    if (const YAML::Node c = n["confidence"]; c.IsDefined())
      if (const auto v = in_.number(c, "confidence")) {
        if (!(*v > 0.5 && *v < 1)) in_.add(place(c.Mark()), "confidence must be in (0.5, 1), e.g. 0.95");
        spec.confidence = *v;
      }
  }

  InputFileReader in_;
  const std::vector<std::string>& metric_names_;
};

}  // namespace

SensitivitySpec load_sensitivity(const fs::path& file, const scenario::Schema& schema,
                                 const std::vector<std::string>& metric_names) {
  return Reader(file, schema, metric_names).read();
}

}  // namespace innosim::experiments
