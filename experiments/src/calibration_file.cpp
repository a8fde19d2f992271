#include "innosim/experiments/calibration_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <tuple>

#include "innosim/experiments/design.hpp"
#include "input_file.hpp"
#include "innosim/experiments/experiment.hpp"
#include "innosim/experiments/text_format.hpp"
#include "innosim/model/ecosystem.hpp"

namespace innosim::experiments {

namespace fs = std::filesystem;
using scenario::Diagnostic;
using scenario::KeyType;

const char* weighting_name(Weighting w) {
  switch (w) {
    case Weighting::diagonal: return "diagonal";
    case Weighting::full: return "full";
    case Weighting::matrix: return "matrix";
  }
  return "?";
}

double CalibParameter::from_unit(double u) const {
  if (log) return std::exp(std::log(lo) + u * (std::log(hi) - std::log(lo)));
  return lo + u * (hi - lo);
}

double CalibParameter::to_unit(double v) const {
  if (log) return (std::log(v) - std::log(lo)) / (std::log(hi) - std::log(lo));
  return (v - lo) / (hi - lo);
}

double CalibParameter::slope(double u) const {
  if (log) return from_unit(u) * (std::log(hi) - std::log(lo));
  return hi - lo;
}

std::string CalibParameter::override_for(double value) const { return path + "=" + exact_number(value); }

std::size_t CalibrationSpec::max_runs() const {
  const std::size_t S = static_cast<std::size_t>(replications), p = parameters.size();
  std::size_t points = search.points;
  points += static_cast<std::size_t>(search.restarts + 1) * static_cast<std::size_t>(search.max_evaluations);
  points += 2 * p;                                               // the Jacobian
  points += p * static_cast<std::size_t>(profile_points);       // the profiles
  std::size_t runs = points * S;
  if (check) runs += 2 * S;                                      // the check point, and its fresh seeds
  return runs;
}

namespace {

using detail::suggest;

class Reader {
 public:
  Reader(fs::path file, const scenario::Schema& schema, std::optional<std::string> scenario)
      : in_(file, "calibration file", schema),
        file_(std::move(file)),
        display_(file_.string()),
        schema_(schema),
        scenario_override_(std::move(scenario)) {}

  CalibrationSpec read() {
    CalibrationSpec spec;
    spec.file = file_;
    const YAML::Node loaded = in_.load();
    {
      std::ifstream f(file_, std::ios::binary);
      for (std::string l; std::getline(f, l);) lines_.push_back(l);
    }
    const YAML::Node& root = loaded;
    static const std::vector<std::string> kKeys = {"scenario", "set", "parameters", "targets", "weighting",
                                                   "replications", "seed", "search", "jacobian_step",
                                                   "profile_points", "check", "synthetic", "validation",
                                                   "identities"};
    if (!root.IsMap()) {
      add(root.IsDefined() && !root.IsNull() ? place(root.Mark()) : Place{1, 1},
          "a calibration file is a mapping with the keys scenario, set, parameters, targets, identities, validation, "
          "weighting, replications, seed, search, jacobian_step, profile_points, check and synthetic");
      fail();
    }
    in_.check_keys(root, kKeys);
    read_scenario(root, spec);
    read_set(root["set"], spec);
    read_parameters(root["parameters"], spec);
    if (const YAML::Node n = root["replications"]; n.IsDefined())
      if (const auto v = integer(n, "replications", 2, 100'000)) spec.replications = static_cast<int>(*v);
    in_.read_seed(root["seed"], spec.seed);
    read_search(root["search"], spec);
    if (const YAML::Node n = root["jacobian_step"]; n.IsDefined())
      if (const auto v = number(n, "jacobian_step")) {
        if (*v <= 0 || *v > 0.25)
          add(place(n.Mark()), "jacobian_step must be in (0, 0.25]: a share of each parameter's search range");
        else
          spec.jacobian_step = *v;
      }
    if (const YAML::Node n = root["profile_points"]; n.IsDefined())
      if (const auto v = integer(n, "profile_points", 3, 1001)) spec.profile_points = static_cast<int>(*v);
    read_check(root["check"], spec);
    read_synthetic(root["synthetic"], spec);

    // The base scenario: its time grid is what the targets are compiled on.
    std::optional<PreparedScenario> base;
    if (!spec.scenario.empty()) base = load_base(spec);
    read_targets(root["targets"], spec, base ? &*base : nullptr);
    read_checked_list(root["identities"], "identities", "an identity", spec, base ? &*base : nullptr,
                      spec.identities);
    read_checked_list(root["validation"], "validation", "a validation pattern", spec, base ? &*base : nullptr,
                      spec.validation);
    read_weighting(root["weighting"], spec);
    if (spec.parameters.size() > spec.targets.size() && !spec.targets.empty())
      add(place(root["parameters"].Mark()),
          std::to_string(spec.parameters.size()) + " parameters but only " + std::to_string(spec.targets.size()) +
              " targets: a calibration needs at least as many targets as parameters");
    if (!in_.ok()) fail();
    return spec;
  }

 private:
  Place place(const YAML::Mark& m) const { return in_.place(m); }
  void add(Place p, std::string message) { in_.add(p, std::move(message)); }
  [[noreturn]] void fail() { in_.fail(); }
  static std::string describe(const YAML::Node& n) { return detail::InputFileReader::describe(n); }
  std::optional<double> number(const YAML::Node& n, const std::string& what) { return in_.number(n, what); }
  std::optional<std::int64_t> integer(const YAML::Node& n, const std::string& what, std::int64_t lo, std::int64_t hi) {
    return in_.integer(n, what, lo, hi);
  }
  std::optional<bool> boolean(const YAML::Node& n, const std::string& what) { return in_.boolean(n, what); }
  std::string text(const YAML::Node& n, const std::string& what) {
    if (!n.IsScalar() || n.Scalar().empty()) {
      add(place(n.Mark()), what + " must be a non-empty text, got " + describe(n));
      return {};
    }
    return n.Scalar();
  }
  /// Only these keys in mapping `n`.
  void known_keys(const YAML::Node& n, const std::vector<std::string>& keys, const std::string& what) {
    for (const auto& kv : n) {
      const std::string k = kv.first.Scalar();
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
        std::string list;
        for (std::size_t i = 0; i < keys.size(); ++i) list += (i ? (i + 1 == keys.size() ? " and " : ", ") : "") + keys[i];
        add(place(kv.first.Mark()), "unknown key '" + k + "'" + suggest(k, keys) + " in " + what + "; it has " + list);
      }
    }
  }

  void read_scenario(const YAML::Node& root, CalibrationSpec& spec) {
    in_.read_scenario(root, spec.scenario, spec.scenario_place);
    if (const YAML::Node n = root["scenario"]; n.IsScalar()) spec.scenario_as_written = n.Scalar();
    // check-seed's SCENARIO: the file's targets read on another scenario (a
    // calibrated one, a variant), with the file's `set:` still applied.
    if (scenario_override_) spec.scenario = spec.scenario_as_written = *scenario_override_;
  }

  void read_set(const YAML::Node& n, CalibrationSpec& spec) {
    in_.read_set(n, spec.overrides, spec.override_places);
    for (std::size_t i = 0; i < spec.overrides.size(); ++i) {
      const std::string path = spec.overrides[i].substr(0, spec.overrides[i].find('='));
      if (path == "seed" || path == "replications")
        add(spec.override_places[i], "set: '" + path + "' is the calibration's own: give it at the top level");
    }
  }

  void read_parameters(const YAML::Node& n, CalibrationSpec& spec) {
    static const detail::KeyMappingRules kRules = {
        .section = "parameters",
        .entry = "parameter",
        .missing = "at least one dotted.key: {range: [lo, hi]} to estimate",
        .shape = "{range: [lo, hi], log: false}",
        .needs = "{range: [lo, hi]}",
        .fields = {"range", "log", "start"},
        .fields_text = "range, log and start",
        .key_problem = [](const scenario::KeySpec& key) -> std::string {
          if (key.type == KeyType::Number || key.type == KeyType::Schedule) return "";
          const std::string type(scenario::type_name(key.type));
          return "'" + key.path + "' is " + (type == "integer" ? "an " : "a ") + type +
                 " key: a calibrated parameter must be a number (or a schedule, estimated as one value for every "
                 "year); integer and boolean keys make the objective a step function";
        }};
    in_.read_key_mapping(n, kRules, [&](const detail::KeyEntry& e) {
      CalibParameter p;
      p.path = e.path;
      p.place = e.place;
      p.type = e.key->type;
      const auto range = in_.read_range(e, kRules);
      if (!range) return;
      std::tie(p.lo, p.hi) = *range;
      if (const YAML::Node l = e.spec["log"]; l.IsDefined())
        if (const auto b = boolean(l, "log")) p.log = *b;
      if (p.log && !(p.lo > 0)) add(place(e.spec["range"][0].Mark()), "a log-scale parameter needs lo > 0");
      if (const YAML::Node st = e.spec["start"]; st.IsDefined())
        if (const auto v = number(st, "start")) {
          if (*v < p.lo || *v > p.hi)
            add(place(st.Mark()), "start " + exact_number(*v) + " is outside the range [" + exact_number(p.lo) + ", " +
                                      exact_number(p.hi) + "]");
          else
            p.start = *v;
        }
      spec.parameters.push_back(std::move(p));
    });
  }

  void read_search(const YAML::Node& n, CalibrationSpec& spec) {
    if (!n.IsDefined() || n.IsNull()) return;
    if (!n.IsMap()) {
      add(place(n.Mark()), "search must be a mapping: {global: {...}, local: {...}, restarts: N}");
      return;
    }
    known_keys(n, {"global", "local", "restarts"}, "search");
    SearchSpec& s = spec.search;
    if (const YAML::Node g = n["global"]; g.IsDefined()) {
      if (!g.IsMap()) {
        add(place(g.Mark()), "search.global must be {design: sobol|lhs, points: N}");
      } else {
        known_keys(g, {"design", "points"}, "search.global");
        if (const YAML::Node d = g["design"]; d.IsDefined()) {
          const std::string t = d.IsScalar() ? d.Scalar() : "";
          if (t == "sobol")
            s.design = GlobalDesign::sobol;
          else if (t == "lhs" || t == "latin_hypercube")
            s.design = GlobalDesign::lhs;
          else
            add(place(d.Mark()), "search.global.design must be sobol (scrambled Sobol') or lhs (Latin hypercube)");
        }
        if (const YAML::Node p = g["points"]; p.IsDefined())
          if (const auto v = integer(p, "search.global.points", 1, 100'000)) s.points = static_cast<std::size_t>(*v);
      }
    }
    if (const YAML::Node l = n["local"]; l.IsDefined()) {
      if (!l.IsMap()) {
        add(place(l.Mark()), "search.local must be {algorithm: bobyqa, max_evaluations: N, tolerance: x}");
      } else {
        known_keys(l, {"algorithm", "max_evaluations", "tolerance"}, "search.local");
        if (const YAML::Node a = l["algorithm"]; a.IsDefined()) {
          static const std::vector<std::string> kAlgorithms = {"bobyqa", "neldermead", "sbplx", "cobyla"};
          const std::string t = a.IsScalar() ? a.Scalar() : "";
          if (std::find(kAlgorithms.begin(), kAlgorithms.end(), t) == kAlgorithms.end())
            add(place(a.Mark()), "search.local.algorithm must be bobyqa, neldermead, sbplx or cobyla (NLopt's "
                                 "derivative-free local optimisers)" + suggest(t, kAlgorithms));
          else
            s.algorithm = t;
        }
        if (const YAML::Node m = l["max_evaluations"]; m.IsDefined())
          if (const auto v = integer(m, "search.local.max_evaluations", 0, 100'000)) s.max_evaluations = static_cast<int>(*v);
        if (const YAML::Node t = l["tolerance"]; t.IsDefined())
          if (const auto v = number(t, "search.local.tolerance")) {
            if (*v <= 0 || *v >= 1)
              add(place(t.Mark()), "search.local.tolerance must be in (0, 1)");
            else
              s.tolerance = *v;
          }
      }
    }
    if (const YAML::Node r = n["restarts"]; r.IsDefined())
      if (const auto v = integer(r, "search.restarts", 0, 100)) s.restarts = static_cast<int>(*v);
    if (s.restarts + 1 > static_cast<int>(s.points) + 1)
      add(place(n.Mark()), "search.restarts must be below search.global.points: each restart starts from a distinct "
                           "global point");
  }

  void read_check(const YAML::Node& n, CalibrationSpec& spec) {
    if (!n.IsDefined() || n.IsNull()) return;
    if (n.IsScalar()) {
      if (const auto b = boolean(n, "check")) spec.check = *b;
      return;
    }
    if (!n.IsMap()) {
      add(place(n.Mark()), "check must be true, false or {shift_months: N}");
      return;
    }
    known_keys(n, {"enabled", "shift_months"}, "check");
    if (const YAML::Node e = n["enabled"]; e.IsDefined())
      if (const auto b = boolean(e, "check.enabled")) spec.check = *b;
    if (const YAML::Node s = n["shift_months"]; s.IsDefined())
      if (const auto v = integer(s, "check.shift_months", -1200, 1200)) {
        if (*v == 0)
          add(place(s.Mark()), "check.shift_months must not be 0");
        else
          spec.check_shift_months = static_cast<int>(*v);
      }
  }

  void read_synthetic(const YAML::Node& n, CalibrationSpec& spec) {
    if (!n.IsDefined() || n.IsNull()) return;
    if (!n.IsMap()) {
      add(place(n.Mark()), "synthetic must be {truth: {dotted.key: value, ...}, seed: N, noise: true}");
      return;
    }
    known_keys(n, {"truth", "seed", "replication", "noise"}, "synthetic");
    SyntheticSpec syn;
    syn.place = place(n.Mark());
    const YAML::Node truth = n["truth"];
    if (!truth.IsDefined() || !truth.IsMap()) {
      add(place(truth.IsDefined() ? truth.Mark() : n.Mark()),
          "synthetic.truth must map every parameter to its true value");
      return;
    }
    syn.truth.assign(spec.parameters.size(), std::numeric_limits<double>::quiet_NaN());
    for (const auto& kv : truth) {
      const std::string path = kv.first.Scalar();
      std::size_t k = 0;
      while (k < spec.parameters.size() && spec.parameters[k].path != path) ++k;
      if (k == spec.parameters.size()) {
        add(place(kv.first.Mark()), "synthetic.truth: '" + path + "' is not one of the parameters");
        continue;
      }
      if (const auto v = number(kv.second, "a true value")) {
        if (*v < spec.parameters[k].lo || *v > spec.parameters[k].hi)
          add(place(kv.second.Mark()), "the true value of '" + path + "' is outside its range");
        syn.truth[k] = *v;
      }
    }
    for (std::size_t k = 0; k < spec.parameters.size(); ++k)
      if (std::isnan(syn.truth[k]))
        add(place(truth.Mark()), "synthetic.truth has no value for '" + spec.parameters[k].path + "'");
    if (const YAML::Node s = n["seed"]; s.IsDefined()) {
      std::uint64_t v = 0;
      if (!s.IsScalar() || !YAML::convert<std::uint64_t>::decode(s, v) || s.Scalar().find('-') != std::string::npos)
        add(place(s.Mark()), "synthetic.seed must be an integer in [0, 18446744073709551615]");
      else
        syn.seed = v;
    } else {
      add(syn.place, "synthetic needs seed: the synthetic world's seed (not the calibration's, or its runs would "
                     "share the observed world's luck)");
    }
    if (const YAML::Node r = n["replication"]; r.IsDefined())
      if (const auto v = integer(r, "synthetic.replication", 0, 1'000'000'000)) syn.replication = *v;
    if (const YAML::Node z = n["noise"]; z.IsDefined())
      if (const auto b = boolean(z, "synthetic.noise")) syn.noise = *b;
    spec.synthetic = std::move(syn);
  }

  /// A scenario problem caused by the file's `set:` moved onto its line.
  Diagnostic relocate(const Diagnostic& d, const CalibrationSpec& spec) const {
    if (d.file == spec.scenario && d.line == 0)
      return {display_, spec.scenario_place.line, spec.scenario_place.column,
              "scenario '" + spec.scenario_as_written + "': " + d.message};
    if (d.file != "<--set>" || d.line < 1) return d;
    const std::size_t i = static_cast<std::size_t>(d.line - 1);
    if (i < spec.overrides.size())
      return {display_, spec.override_places[i].line, spec.override_places[i].column, "set: " + d.message};
    const std::size_t k = i - spec.overrides.size();
    if (k < spec.parameters.size())
      return {display_, spec.parameters[k].place.line, spec.parameters[k].place.column,
              "parameter '" + spec.parameters[k].path + "': " + d.message};
    return d;
  }

  std::optional<PreparedScenario> load_base(const CalibrationSpec& spec) {
    try {
      PreparedScenario base = prepare_scenario(schema_, spec.scenario, spec.overrides);
      // Both ends of every range must load (a bound the model rejects, or a
      // dependency between keys, would fail at some point of the search).
      for (const CalibParameter& p : spec.parameters)
        for (double v : {p.lo, p.hi}) {
          std::vector<std::string> o = spec.overrides;
          for (const CalibParameter& q : spec.parameters) o.push_back(q.override_for(&q == &p ? v : q.from_unit(0.5)));
          prepare_scenario(schema_, spec.scenario, o);
        }
      return base;
    } catch (const scenario::ScenarioError& e) {
      for (const Diagnostic& d : e.diagnostics()) {
        const Diagnostic r = relocate(d, spec);
        in_.add_in(r.file, {r.line, r.column}, r.message);
      }
    } catch (const ConfigError& e) {
      add(spec.scenario_place, e.what());
    }
    return std::nullopt;
  }

  /// Where character `offset` of a scalar's text is in the file: plain and
  /// quoted one-line scalars exactly, block scalars at their first line.
  Place in_scalar(const YAML::Node& n, std::size_t offset) const {
    Place p = place(n.Mark());
    if (p.line < 1 || static_cast<std::size_t>(p.line) > lines_.size()) return p;
    const std::string& l = lines_[static_cast<std::size_t>(p.line - 1)];
    const std::size_t col = static_cast<std::size_t>(p.column - 1);
    if (col < l.size() && (l[col] == '"' || l[col] == '\''))
      p.column += 1 + static_cast<int>(offset);
    else if (col < l.size() && (l[col] == '|' || l[col] == '>'))
      return p;
    else
      p.column += static_cast<int>(offset);
    return p;
  }

  void read_targets(const YAML::Node& n, CalibrationSpec& spec, const PreparedScenario* base) {
    if (!n.IsDefined() || n.IsNull()) {
      add({1, 1}, "missing 'targets': a list of {name, expr, observed, sd, source}");
      return;
    }
    if (!n.IsSequence() || n.size() == 0) {
      add(place(n.Mark()), "targets must be a non-empty list of {name, expr, observed, sd, source}");
      return;
    }
    read_target_list(n, spec, base, true, spec.targets);
  }

  /// `validation:` (the frozen patterns) and `identities:` (inputs and
  /// accounting identities), both optional, in the targets' form: checked by
  /// check-seed, never fitted.
  void read_checked_list(const YAML::Node& n, const std::string& key, const std::string& entry,
                         CalibrationSpec& spec, const PreparedScenario* base, std::vector<CalibTarget>& out) {
    if (!n.IsDefined() || n.IsNull()) return;
    if (!n.IsSequence()) {
      add(place(n.Mark()), key + " must be a list of {name, expr, observed, tolerance, source}");
      return;
    }
    read_target_list(n, spec, base, false, out, entry);
  }

  /// check-seed's band: {within: share} | {at_least: x} | {at_most: x} | {range: [lo, hi]}.
  void read_tolerance(const YAML::Node& n, CalibTarget& target) {
    TargetTolerance& tol = target.tolerance;
    constexpr double kInf = std::numeric_limits<double>::infinity();
    const auto within = [&] {
      const double half = tol.share * std::abs(target.observed);
      tol.lo = target.observed - half;
      tol.hi = target.observed + half;
    };
    if (!n.IsDefined()) return within();
    tol.place = place(n.Mark());
    static const char* kShape =
        "tolerance must be {within: share} (observed +- share * |observed|), {at_least: x}, {at_most: x} or "
        "{range: [lo, hi]}";
    if (!n.IsMap() || n.size() != 1) {
      add(tol.place, "target '" + target.name + "': " + kShape);
      return;
    }
    known_keys(n, {"within", "at_least", "at_most", "range"}, "a target's tolerance");
    if (const YAML::Node w = n["within"]; w.IsDefined()) {
      tol.kind = TargetTolerance::Kind::within;
      if (const auto v = number(w, "tolerance.within")) {
        if (*v <= 0 || *v >= 1)
          add(place(w.Mark()), "tolerance.within must be in (0, 1): a share of the observed value");
        else
          tol.share = *v;
      }
      within();
    } else if (const YAML::Node a = n["at_least"]; a.IsDefined()) {
      tol.kind = TargetTolerance::Kind::at_least;
      if (const auto v = number(a, "tolerance.at_least")) tol.lo = *v;
      tol.hi = kInf;
    } else if (const YAML::Node b = n["at_most"]; b.IsDefined()) {
      tol.kind = TargetTolerance::Kind::at_most;
      tol.lo = -kInf;
      if (const auto v = number(b, "tolerance.at_most")) tol.hi = *v;
    } else if (const YAML::Node r = n["range"]; r.IsDefined()) {
      tol.kind = TargetTolerance::Kind::range;
      if (!r.IsSequence() || r.size() != 2) {
        add(place(r.Mark()), "tolerance.range must be [lo, hi]");
        return;
      }
      const auto lo = number(r[0], "tolerance.range's lo"), hi = number(r[1], "tolerance.range's hi");
      if (lo && hi && !(*lo < *hi)) add(place(r.Mark()), "tolerance.range needs lo < hi");
      if (lo) tol.lo = *lo;
      if (hi) tol.hi = *hi;
    }
  }

  void read_target_list(const YAML::Node& n, CalibrationSpec& spec, const PreparedScenario* base, bool fitted,
                        std::vector<CalibTarget>& out, const std::string& entry = "a target") {
    TargetGrid grid;
    if (base) {
      grid.start_year = base->scenario.start_year();
      grid.sampling_months = base->params.sampling_months;
      grid.horizon_months = static_cast<int>(std::lround(base->scenario.horizon_years() * 12.0));  // not the warm-up
    }
    for (const auto& m : model::metric_catalogue()) {
      grid.metric_names.push_back(m.name);
      grid.metric_is_flow.push_back(m.kind == model::MetricKind::flow);
      grid.metric_is_mean.push_back(m.kind == model::MetricKind::mean);
    }
    std::set<std::string>& names = names_;
    for (const auto& t : n) {
      CalibTarget target;
      target.place = place(t.Mark());
      if (!t.IsMap()) {
        add(target.place, "a target is a mapping {name, expr, observed, sd (or rel_sd), source}");
        continue;
      }
      known_keys(t, {"name", "expr", "observed", "sd", "rel_sd", "source", "tolerance"}, entry);
      bool ok = true;
      const YAML::Node name = t["name"], expr = t["expr"], observed = t["observed"], sd = t["sd"],
                       rel = t["rel_sd"], source = t["source"];
      if (!name.IsDefined()) {
        add(target.place, "a target needs name: an identifier for the tables");
        ok = false;
      } else {
        target.name = text(name, "name");
        const bool ident = !target.name.empty() &&
                           std::all_of(target.name.begin(), target.name.end(), [](char c) {
                             return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
                           });
        if (!target.name.empty() && !ident)
          add(place(name.Mark()), "target name '" + target.name + "' must use letters, digits, '_', '-' and '.' only");
        if (!target.name.empty() && !names.insert(target.name).second)
          add(place(name.Mark()), "target name '" + target.name + "' is used twice");
      }
      if (!expr.IsDefined()) {
        add(target.place, "target '" + target.name + "' needs expr: e.g. stock(tech_loans_outstanding, 2025-07-31)");
        ok = false;
      } else {
        target.expression = text(expr, "expr");
        if (!target.expression.empty() && base) {
          ExprError err;
          if (!TargetExpr::compile(target.expression, grid, target.compiled, err)) {
            add(in_scalar(expr, err.offset), "target '" + target.name + "': " + err.message);
            ok = false;
          }
        }
      }
      if (spec.synthetic && fitted) {
        if (observed.IsDefined())
          add(place(observed.Mark()), "target '" + target.name + "': with synthetic: the observed value is made by "
                                      "the model at synthetic.truth; drop observed");
        if (rel.IsDefined())
          add(place(rel.Mark()), "target '" + target.name + "': with synthetic: give sd, not rel_sd (there is no "
                                 "observed value yet to be relative to)");
      } else if (!observed.IsDefined()) {
        add(target.place, "target '" + target.name + "' needs observed: the figure to match");
        ok = false;
      } else if (const auto v = number(observed, "observed")) {
        target.observed = *v;
      }
      if (sd.IsDefined() && rel.IsDefined()) {
        add(target.place, "target '" + target.name + "' needs exactly one of sd and rel_sd");
        ok = false;
      } else if (!sd.IsDefined() && !rel.IsDefined() && fitted) {
        add(target.place, "target '" + target.name + "' needs exactly one of sd (the observation's standard "
                          "deviation, in its unit) and rel_sd (as a share of the observed value)");
        ok = false;
      } else if (sd.IsDefined()) {
        if (const auto v = number(sd, "sd")) {
          if (*v < 0) add(place(sd.Mark()), "sd must be >= 0");
          target.sd = *v;
        }
      } else if (!rel.IsDefined()) {
        // a validation pattern or identity without an sd: it is checked against its band, never weighed
      } else if (const auto v = number(rel, "rel_sd")) {
        if (*v < 0) add(place(rel.Mark()), "rel_sd must be >= 0");
        target.sd = *v * std::abs(target.observed);
      }
      if (!source.IsDefined()) {
        add(target.place, "target '" + target.name + "' needs source: where the figure comes from (publication, "
                          "date, page), or 'synthetic'");
        ok = false;
      } else {
        target.source = text(source, "source");
      }
      if (!spec.synthetic || !fitted) read_tolerance(t["tolerance"], target);
      if (ok) out.push_back(std::move(target));
    }
  }

  void read_weighting(const YAML::Node& n, CalibrationSpec& spec) {
    if (!n.IsDefined() || n.IsNull()) return;
    if (n.IsScalar()) {
      if (n.Scalar() == "diagonal")
        spec.weighting = Weighting::diagonal;
      else if (n.Scalar() == "full")
        spec.weighting = Weighting::full;
      else
        add(place(n.Mark()), "weighting must be diagonal, full or {matrix: [[...], ...]}, got '" + n.Scalar() + "'");
      return;
    }
    if (!n.IsMap() || !n["matrix"].IsDefined()) {
      add(place(n.Mark()), "weighting must be diagonal, full or {matrix: [[...], ...]}");
      return;
    }
    known_keys(n, {"matrix"}, "weighting");
    const YAML::Node m = n["matrix"];
    const std::size_t k = spec.targets.size();
    if (!m.IsSequence() || m.size() != k) {
      add(place(m.Mark()), "weighting.matrix must be a list of " + std::to_string(k) + " rows (one per target, in "
                           "the targets' order)");
      return;
    }
    spec.weighting = Weighting::matrix;
    for (const auto& row : m) {
      std::vector<double> r;
      if (!row.IsSequence() || row.size() != k) {
        add(place(row.Mark()), "each row of weighting.matrix must have " + std::to_string(k) + " numbers");
        return;
      }
      for (const auto& x : row)
        if (const auto v = number(x, "a weight")) r.push_back(*v);
      spec.matrix.push_back(std::move(r));
    }
    if (spec.matrix.size() != k || std::any_of(spec.matrix.begin(), spec.matrix.end(), [&](const auto& r) { return r.size() != k; }))
      return;
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (spec.matrix[i][j] != spec.matrix[j][i]) {
          add(place(m.Mark()), "weighting.matrix must be symmetric (row " + std::to_string(i + 1) + ", column " +
                                   std::to_string(j + 1) + " differs from its mirror)");
          return;
        }
  }

  detail::InputFileReader in_;
  fs::path file_;
  std::string display_;
  const scenario::Schema& schema_;
  std::vector<std::string> lines_;
  std::optional<std::string> scenario_override_;
  std::set<std::string> names_;  ///< target and validation names: one namespace, for the tables
};

}  // namespace

CalibrationSpec load_calibration(const fs::path& file, const scenario::Schema& schema,
                                 const std::optional<std::string>& scenario) {
  return Reader(file, schema, scenario).read();
}

}  // namespace innosim::experiments
