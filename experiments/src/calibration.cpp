#include "innosim/experiments/calibration.hpp"

#include <nlopt.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>

#include "innosim/engine/error.hpp"
#include "innosim/engine/random.hpp"
#include "innosim/experiments/design.hpp"
#include "innosim/experiments/distributed.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/msm.hpp"
#include "innosim/experiments/run_set.hpp"
#include "innosim/experiments/schema_registry.hpp"
#include "innosim/experiments/tables.hpp"
#include "innosim/experiments/text_format.hpp"
#include "innosim/model/ecosystem.hpp"
#include "innosim/output/sha256.hpp"
#include "innosim/version.hpp"

namespace innosim::experiments {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kZ99 = 2.5758293035489004;
}  // namespace

const char* identification_name(Identification i) {
  switch (i) {
    case Identification::identified: return "identified";
    case Identification::weak: return "weakly identified";
    case Identification::not_identified: return "not identified";
  }
  return "?";
}

std::pair<std::string, std::string> calibration_identity(const CalibrationSpec& spec, const std::string& base_yaml,
                                                         std::uint64_t seed) {
  std::string t = "# innosim calibrate, resolved: every choice explicit\n";
  t += std::string("innosim: ") + VERSION + " git " + GIT_SHA1 + "\n";
  t += "scenario: " + spec.scenario_as_written + "\n";
  t += "scenario_sha256: " + output::sha256_hex(base_yaml) + "\n";
  t += "parameters:\n";
  for (const CalibParameter& p : spec.parameters) {
    t += "  " + p.path + ": {range: [" + exact_number(p.lo) + ", " + exact_number(p.hi) +
         "], log: " + (p.log ? "true" : "false");
    if (p.start) t += ", start: " + exact_number(*p.start);
    t += "}\n";
  }
  t += "targets:\n";
  for (const CalibTarget& g : spec.targets)
    t += "  - {name: " + json_string(g.name) + ", expr: " + json_string(g.expression) +
         ", observed: " + exact_number(g.observed) + ", sd: " + exact_number(g.sd) +
         ", source: " + json_string(g.source) + "}\n";
  t += std::string("weighting: ") + weighting_name(spec.weighting) + "\n";
  if (spec.weighting == Weighting::matrix) {
    t += "matrix:\n";
    for (const auto& row : spec.matrix) {
      t += "  -";
      for (double x : row) {
        t += ' ';
        t += exact_number(x);
      }
      t += "\n";
    }
  }
  t += "replications: " + std::to_string(spec.replications) + "\n";
  t += "seed: " + std::to_string(seed) + "\n";
  t += std::string("search: {global: {design: ") + (spec.search.design == GlobalDesign::sobol ? "sobol" : "lhs") +
       ", points: " + std::to_string(spec.search.points) + "}, local: {algorithm: " + spec.search.algorithm +
       ", max_evaluations: " + std::to_string(spec.search.max_evaluations) +
       ", tolerance: " + exact_number(spec.search.tolerance) + "}, restarts: " + std::to_string(spec.search.restarts) +
       "}\n";
  t += "jacobian_step: " + exact_number(spec.jacobian_step) + "\n";
  t += "profile_points: " + std::to_string(spec.profile_points) + "\n";
  t += std::string("check: {enabled: ") + (spec.check ? "true" : "false") +
       ", shift_months: " + std::to_string(spec.check_shift_months) + "}\n";
  if (spec.synthetic) {
    t += "synthetic: {truth: [";
    for (std::size_t k = 0; k < spec.synthetic->truth.size(); ++k)
      t += (k ? ", " : "") + exact_number(spec.synthetic->truth[k]);
    t += "], seed: " + std::to_string(spec.synthetic->seed) +
         ", replication: " + std::to_string(spec.synthetic->replication) +
         ", noise: " + (spec.synthetic->noise ? "true" : "false") + "}\n";
  }
  t += "set:\n";
  for (const std::string& o : spec.overrides) t += "  - " + json_string(o) + "\n";
  return {t, output::sha256_hex(t)};
}

std::size_t fixed_runs(const CalibrationSpec& spec) {
  const std::size_t S = static_cast<std::size_t>(spec.replications), p = spec.parameters.size();
  std::size_t points = spec.search.points + 1;  // the design and the start point
  points += 2 * p + p * static_cast<std::size_t>(spec.profile_points);
  return points * S + (spec.check ? S : 0);
}

void check_budget(const CalibrationSpec& spec, std::size_t max_runs) {
  if (!max_runs) return;
  const std::size_t S = static_cast<std::size_t>(spec.replications), p = spec.parameters.size();
  const std::size_t need = fixed_runs(spec) + S;
  if (max_runs < need)
    throw UsageError("--max-runs " + std::to_string(max_runs) + " is below the " + std::to_string(need) +
                     " runs the calibration needs besides its local search: check " +
                     std::to_string(spec.check ? 2 * S : 0) + ", global " +
                     std::to_string((spec.search.points + (spec.check ? 0 : 1)) * S) + ", Jacobian " +
                     std::to_string(2 * p * S) + ", profiles " +
                     std::to_string(p * static_cast<std::size_t>(spec.profile_points) * S) + ", one local step " +
                     std::to_string(S) + " (S = " + std::to_string(S) + " runs per point)");
}

namespace {

/// Everything the stages share.
class Driver {
 public:
  Driver(const CalibrationSpec& spec, const CalibrationOptions& opt) : spec_(spec), opt_(opt) {
    m_ = spec.targets.size();
    p_ = spec.parameters.size();
    S_ = spec.replications;
    PreparedScenario base = prepare_scenario(full_schema(), spec.scenario, spec.overrides);
    seed_ = spec.seed.value_or(base.seed());
    base = prepare_scenario(full_schema(), spec.scenario, spec.overrides, seed_, std::nullopt);
    r_.base_name = base.scenario.name();
    r_.base_yaml = base.scenario.resolved_yaml();
    r_.seed = seed_;
    r_.replications = S_;
    std::tie(r_.resolved, r_.sha256) = calibration_identity(spec, r_.base_yaml, seed_);
    shift_samples_ = spec.check_shift_months / base.params.sampling_months;
    shift_ok_ = spec.check_shift_months % base.params.sampling_months == 0;
    y_.resize(static_cast<Eigen::Index>(m_));
    sd_.resize(static_cast<Eigen::Index>(m_));
    for (std::size_t k = 0; k < m_; ++k) {
      y_(static_cast<Eigen::Index>(k)) = spec.targets[k].observed;
      sd_(static_cast<Eigen::Index>(k)) = spec.targets[k].sd;
    }

    PointSetup setup;
    setup.scenario = spec.scenario;
    setup.overrides = spec.overrides;
    setup.seed = seed_;
    setup.n_values = 2 * m_;
    setup.point_overrides = [this](std::span<const double> u) {
      std::vector<std::string> o;
      for (std::size_t j = 0; j < p_; ++j) o.push_back(spec_.parameters[j].override_for(spec_.parameters[j].from_unit(u[j])));
      return o;
    };
    setup.reduce = [this](const model::RunResult& run) { return reduce(run); };
    EvaluatorOptions eo;
    eo.jobs = opt.jobs;
    eo.command = "calibrate";
    eo.quiet = opt.quiet;
    eo.store_dir = opt.store_dir;
    eo.job_sha256 = r_.sha256;
    eo.job_text = r_.resolved;
    eo.resume = opt.resume;
    eo.max_runs = opt.max_runs;
    eo.remote = opt.remote;
    ev_ = std::make_unique<PointEvaluator>(std::move(setup), std::move(eo));
  }

  CalibrationResult run() {
    if (spec_.synthetic) make_synthetic();
    std::vector<double> start(p_, 0.5);
    for (std::size_t j = 0; j < p_; ++j)
      if (spec_.parameters[j].start) start[j] = spec_.parameters[j].to_unit(*spec_.parameters[j].start);
    if (spec_.check) check(start);
    global(start);
    local();
    inference();
    r_.runs = ev_->runs_used();
    r_.runs_failed = ev_->runs_failed();
    for (const auto& [key, rec] : ev_->run_records()) r_.run_records.push_back(rec);
    // Every evaluation's objective with the final weighting.
    for (EvaluationRecord& e : r_.evaluations) e.objective = q_of(e.moments, e.failures);
    return std::move(r_);
  }

  PointEvaluator& evaluator() { return *ev_; }

 private:
  std::vector<double> reduce(const model::RunResult& run) const {
    std::vector<double> v(2 * m_, kNaN);
    for (std::size_t k = 0; k < m_; ++k) {
      const TargetExpr& e = spec_.targets[k].compiled;
      v[k] = e.evaluate(run.series, 0);
      if (spec_.check && shift_ok_) {
        const int s = e.shift_fits(shift_samples_) ? shift_samples_ : (e.shift_fits(-shift_samples_) ? -shift_samples_ : 0);
        if (s != 0) v[m_ + k] = e.evaluate(run.series, s);
      }
    }
    return v;
  }

  /// The targets' part of each run.
  std::vector<std::vector<double>> targets_of(const PointRuns& pr) const {
    std::vector<std::vector<double>> out;
    for (const auto& v : pr.values) out.emplace_back(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m_));
    return out;
  }

  void say(const std::string& s) const {
    // Built in English (the same words go into /calibration); the message catalogue gives the Chinese.
    if (!opt_.quiet) std::fprintf(stderr, "innosim calibrate: %s\n", translate_message(s, message_lang()).c_str());
  }

  void make_synthetic() {
    const SyntheticSpec& syn = *spec_.synthetic;
    std::vector<std::string> o = spec_.overrides;
    for (std::size_t j = 0; j < p_; ++j) o.push_back(spec_.parameters[j].override_for(syn.truth[j]));
    const PreparedScenario ps =
        without_records(prepare_scenario(full_schema(), spec_.scenario, o, syn.seed, std::nullopt));
    const RunOutcome out = execute({&ps, syn.replication, -1});
    if (!out.ok()) throw ConfigError("synthetic: the run at synthetic.truth failed: " + out.error);
    constexpr std::uint64_t kPurpose = engine::purpose_id("calibration.synthetic_noise");
    for (std::size_t k = 0; k < m_; ++k) {
      double v = spec_.targets[k].compiled.evaluate(out.result.series, 0);
      if (!std::isfinite(v))
        throw ConfigError("synthetic: target '" + spec_.targets[k].name + "' is not finite at synthetic.truth");
      if (syn.noise && spec_.targets[k].sd > 0) {
        engine::RandomStream rng(syn.seed, static_cast<std::uint64_t>(syn.replication), k, kPurpose);
        v += engine::normal(rng, 0.0, spec_.targets[k].sd);
      }
      y_(static_cast<Eigen::Index>(k)) = v;
    }
    say("synthetic targets from one run at synthetic.truth (seed " + std::to_string(syn.seed) + ", replication " +
        std::to_string(syn.replication) + (syn.noise ? ", with observation noise" : "") + ")");
  }

  double q_of(const std::vector<double>& moments, std::size_t failures) const {
    if (failures || W_.size() == 0) return std::numeric_limits<double>::infinity();
    Eigen::VectorXd g(static_cast<Eigen::Index>(m_));
    for (std::size_t k = 0; k < m_; ++k) g(static_cast<Eigen::Index>(k)) = y_(static_cast<Eigen::Index>(k)) - moments[k];
    return msm::objective(g, W_);
  }

  struct Evaluated {
    msm::SimulatedMoments sm;
    std::size_t failures = 0;
    std::size_t record = 0;
    std::size_t point = 0;
  };

  /// Evaluates points (replications 0 .. S-1) and records them.
  std::vector<Evaluated> evaluate(const std::vector<std::vector<double>>& points, const std::string& stage,
                                  bool progress) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t before = ev_->runs_used();
    std::vector<PointRuns> runs = ev_->evaluate(points, 0, S_, progress);
    StageCost& c = r_.stages[stage.rfind("local", 0) == 0 ? "local" : stage];
    c.runs += ev_->runs_used() - before;
    c.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::vector<Evaluated> out;
    for (std::size_t i = 0; i < points.size(); ++i) {
      Evaluated e;
      e.sm = msm::simulated_moments(targets_of(runs[i]), m_);
      // A run that failed, or gave a target no finite value, makes the
      // point unusable: dropping it would break the common random numbers.
      e.failures = runs[i].failures;
      if (e.sm.used < S_) e.failures = std::max<std::size_t>(e.failures, 1);
      if (runs[i].failures && !reported_failure_) {
        reported_failure_ = true;
        r_.warnings.push_back("runs failed at some points (first: " + runs[i].first_error +
                              "); such points count as infeasible");
      }
      e.point = runs[i].index;
      EvaluationRecord rec;
      rec.point = runs[i].index;
      rec.stage = stage;
      rec.unit = points[i];
      rec.moments.assign(e.sm.mean.data(), e.sm.mean.data() + e.sm.mean.size());
      rec.failures = e.failures;
      r_.evaluations.push_back(std::move(rec));
      e.record = r_.evaluations.size() - 1;
      out.push_back(std::move(e));
    }
    return out;
  }

  void check(const std::vector<double>& start) {
    say("check: stationarity and seed-ergodicity of the targets at the start point (" + std::to_string(2 * S_) +
        " runs)");
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t before = ev_->runs_used();
    std::vector<PointRuns> a = ev_->evaluate({start}, 0, S_, false);
    std::vector<PointRuns> b = ev_->evaluate({start}, S_, S_, false);
    StageCost& c = r_.stages["check"];
    c.runs += ev_->runs_used() - before;
    c.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    {
      const msm::SimulatedMoments sm = msm::simulated_moments(targets_of(a[0]), m_);
      EvaluationRecord rec;
      rec.point = a[0].index;
      rec.stage = "check";
      rec.unit = start;
      rec.moments.assign(sm.mean.data(), sm.mean.data() + sm.mean.size());
      rec.failures = sm.used < S_ ? std::max<std::size_t>(a[0].failures, 1) : 0;
      r_.evaluations.push_back(std::move(rec));
    }
    check_rows_.assign(m_, {});
    std::vector<std::string> metric_units;
    for (const model::MetricInfo& mi : model::metric_catalogue()) metric_units.push_back(mi.unit);
    for (std::size_t k = 0; k < m_; ++k) {
      CheckRow& row = check_rows_[k];
      const std::string& name = spec_.targets[k].name;
      // An amount of money in bn/m yuan ("24.18 bn yuan", which translate_message turns into 亿元/万元),
      // not 2.4183e+10; other values as they are.
      const bool money = spec_.targets[k].compiled.unit(metric_units) == "yuan";
      const auto amount = [money](double x) { return money ? quantity(x, "yuan", Lang::en) : readable_number(x); };
      // Seed ergodicity: the mean over the calibration's seeds against the mean over fresh ones.
      std::vector<double> xa, xb, d;
      for (const auto& v : a[0].values)
        if (std::isfinite(v[k])) xa.push_back(v[k]);
      for (const auto& v : b[0].values)
        if (std::isfinite(v[k])) xb.push_back(v[k]);
      const auto mean_var = [](const std::vector<double>& x) {
        double mu = 0, s2 = 0;
        for (double v : x) mu += v;
        mu /= static_cast<double>(x.size());
        for (double v : x) s2 += (v - mu) * (v - mu);
        return std::make_pair(mu, x.size() > 1 ? s2 / static_cast<double>(x.size() - 1) : kNaN);
      };
      if (xa.size() < 2 || xb.size() < 2) {
        row.text = "not checked: too few runs gave a finite value";
        r_.warnings.push_back("target '" + name + "': " + row.text);
        continue;
      }
      const auto [ma, va] = mean_var(xa);
      const auto [mb, vb] = mean_var(xb);
      row.mean = ma;
      row.mean_fresh = mb;
      const double se = std::sqrt(va / static_cast<double>(xa.size()) + vb / static_cast<double>(xb.size()));
      row.ergodic_z = se > 0 ? (mb - ma) / se : (mb == ma ? 0.0 : std::copysign(INFINITY, mb - ma));
      row.ergodic_ok = std::abs(row.ergodic_z) <= kZ99;
      const double total_sd = std::sqrt(spec_.targets[k].sd * spec_.targets[k].sd + 0.5 * (va + vb));
      std::string text;
      if (!row.ergodic_ok)
        text = "differs across seeds beyond its 99 % interval: mean " + amount(ma) + " over the " +
               "calibration's seeds, " + amount(mb) + " over " + std::to_string(S_) + " fresh ones (z = " +
               readable_number(row.ergodic_z) + "); the moment is not stable across seeds at S = " +
               std::to_string(S_) + ": raise replications";
      // Stationarity: the same moment with its dates moved.
      for (const auto* set : {&a[0].values, &b[0].values})
        for (const auto& v : *set)
          if (std::isfinite(v[k]) && std::isfinite(v[m_ + k])) d.push_back(v[m_ + k] - v[k]);
      if (!shift_ok_ || d.size() < 2) {
        if (text.empty()) text = "stable across seeds";
        text += "; stationarity not checked (" +
                std::string(!shift_ok_ ? "check.shift_months is not a whole number of sampling periods"
                                       : "its dates cannot move " + std::to_string(spec_.check_shift_months) +
                                             " months within the run") + ")";
        row.drift = kNaN;
        row.drift_z = kNaN;
      } else {
        const auto [md, vd] = mean_var(d);
        row.drift = md;
        row.drift_z = vd > 0 ? md / std::sqrt(vd / static_cast<double>(d.size())) : (md == 0 ? 0.0 : INFINITY);
        // A drift matters when it is real (beyond its paired 99 % interval)
        // and larger than the target's own uncertainty.
        row.stationary_ok = !(std::abs(row.drift_z) > kZ99 && std::abs(md) > total_sd);
        const int shift = spec_.targets[k].compiled.shift_fits(shift_samples_) ? spec_.check_shift_months
                                                                                : -spec_.check_shift_months;
        if (!row.stationary_ok) {
          if (!text.empty()) text += "; and it ";
          text += "drifts with the horizon: moving its dates " + std::to_string(std::abs(shift)) + " months " +
                  (shift > 0 ? "later" : "earlier") + " changes it by " + amount(md) + " (" +
                  readable_number(100.0 * md / (ma != 0 ? std::abs(ma) : 1.0)) + " %), more than its uncertainty " +
                  amount(total_sd) + ": the moment is not stationary there, so the estimate leans on the " +
                  "dates being exact and on the run's start-up (consider warmup_years or a later date)";
        } else if (text.empty()) {
          text = "stable across seeds and stationary (moving its dates " + std::to_string(std::abs(shift)) +
                 " months changes it by " + amount(md) + ", within its uncertainty " +
                 amount(total_sd) + ")";
        }
      }
      row.text = text;
      if (!row.ergodic_ok || !row.stationary_ok) r_.warnings.push_back("target '" + name + "' " + text);
    }
    for (std::size_t k = 0; k < m_; ++k)
      if (!check_rows_[k].ergodic_ok || !check_rows_[k].stationary_ok)
        say("warning: target '" + spec_.targets[k].name + "' " + check_rows_[k].text);
  }

  void global(const std::vector<double>& start) {
    std::vector<std::vector<double>> pts =
        spec_.search.design == GlobalDesign::sobol ? scrambled_sobol(spec_.search.points, p_, seed_)
                                                   : latin_hypercube(spec_.search.points, p_, seed_);
    pts.insert(pts.begin(), start);
    const std::size_t S = static_cast<std::size_t>(S_);
    std::size_t total = fixed_runs(spec_) + static_cast<std::size_t>(spec_.search.restarts + 1) *
                                                static_cast<std::size_t>(spec_.search.max_evaluations) * S;
    if (opt_.max_runs) total = std::min(total, opt_.max_runs);
    say("global stage: " + std::string(spec_.search.design == GlobalDesign::sobol ? "scrambled Sobol'" : "Latin hypercube") +
        " design of " + std::to_string(spec_.search.points) + " points and the start point, x " + std::to_string(S_) +
        " replications = " + std::to_string(pts.size() * S) + " runs; the whole calibration takes at most " +
        std::to_string(total) + " runs" + cost_text(total));
    std::vector<Evaluated> ev = evaluate(pts, "global", true);
    say("global stage done: " + std::to_string(ev_->runs_used()) + " runs so far" +
        cost_text(total > ev_->runs_used() ? total - ev_->runs_used() : 0, "left at most"));
    // A first weighting from the typical simulated variance over the design,
    // to find the point where the weighting is then fixed.
    Eigen::MatrixXd W0 = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(m_), static_cast<Eigen::Index>(m_));
    for (std::size_t k = 0; k < m_; ++k) {
      std::vector<double> v;
      for (const Evaluated& e : ev)
        if (!e.failures) v.push_back(e.sm.cov(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k)));
      if (v.empty()) throw ConfigError("every point of the global stage failed: see the failed runs above");
      std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
      const double var = spec_.targets[k].sd * spec_.targets[k].sd + (1.0 + 1.0 / S_) * v[v.size() / 2];
      if (!(var > 0))
        throw ConfigError("target '" + spec_.targets[k].name + "' has no variance: its observed sd is 0 and it takes "
                          "the same value in every run at most points, so it cannot be weighted; give it sd > 0");
      W0(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k)) = 1.0 / var;
    }
    std::size_t best = 0;
    double best_q = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (ev[i].failures) continue;
      const double q = msm::objective(y_ - ev[i].sm.mean, W0);
      if (q < best_q) {
        best_q = q;
        best = i;
      }
    }
    const Eigen::MatrixXd om = msm::omega(sd_, ev[best].sm.cov, S_);
    std::vector<std::string> names;
    for (const CalibTarget& t : spec_.targets) names.push_back(t.name);
    if (spec_.weighting == Weighting::diagonal) {
      W_ = msm::diagonal_weighting(om, names);
    } else if (spec_.weighting == Weighting::full) {
      W_ = msm::full_weighting(om);
    } else {
      W_.resize(static_cast<Eigen::Index>(m_), static_cast<Eigen::Index>(m_));
      for (std::size_t i = 0; i < m_; ++i)
        for (std::size_t j = 0; j < m_; ++j)
          W_(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = spec_.matrix[i][j];
    }
    r_.weighting = W_;
    // Rank the design with the final weighting: the local searches start
    // from the best distinct points.
    std::vector<std::pair<double, std::size_t>> ranked;
    for (std::size_t i = 0; i < ev.size(); ++i)
      ranked.emplace_back(q_of(r_.evaluations[ev[i].record].moments, ev[i].failures), i);
    std::stable_sort(ranked.begin(), ranked.end());
    for (const auto& [q, i] : ranked) {
      if (!std::isfinite(q)) break;
      if (starts_.size() >= static_cast<std::size_t>(spec_.search.restarts + 1)) break;
      starts_.push_back(pts[i]);
    }
    if (starts_.empty()) throw ConfigError("no point of the global stage has a finite objective");
    best_u_ = starts_.front();
    best_q_ = ranked.front().first;
    say("global stage: best objective " + readable_number(best_q_) + " at " + point_text(best_u_));
  }

  std::string point_text(const std::vector<double>& u) const {
    std::string s = "(";
    for (std::size_t j = 0; j < p_; ++j)
      s += (j ? ", " : "") + spec_.parameters[j].path + " = " + readable_number(spec_.parameters[j].from_unit(u[j]));
    return s + ")";
  }

  std::string cost_text(std::size_t runs, const char* what = "at most") const {
    const double spr = ev_->seconds_per_run();
    if (spr <= 0 || runs == 0) return "";
    const double threads = opt_.remote ? static_cast<double>(opt_.remote->threads()) : std::max(1, opt_.jobs);
    const double secs = spr * static_cast<double>(runs) / threads;
    char buf[96];
    std::snprintf(buf, sizeof buf, " (%.3g s per run on %.0f thread%s)", spr, threads, threads == 1 ? "" : "s");
    return std::string("; ") + what + " " + format_duration(secs) + buf;
  }

  struct LocalCtx {
    Driver* d = nullptr;
    nlopt::opt* o = nullptr;
    std::string stage;
    std::size_t cap = 0;  // runs the local searches may use in all (0: no cap)
    bool budget = false;
    std::exception_ptr error;
    int evaluations = 0;
    std::chrono::steady_clock::time_point last_say;
  };

  static double local_objective(const std::vector<double>& x, std::vector<double>&, void* data) {
    auto* c = static_cast<LocalCtx*>(data);
    Driver& d = *c->d;
    try {
      std::vector<double> u(x.size());
      for (std::size_t j = 0; j < x.size(); ++j) u[j] = std::clamp(x[j], 0.0, 1.0);
      if (c->cap && d.ev_->runs_used() + static_cast<std::size_t>(d.S_) > c->cap) {
        c->budget = true;
        c->o->force_stop();
        return d.best_q_;
      }
      Evaluated e = d.evaluate({u}, c->stage, false)[0];
      ++c->evaluations;
      double q = d.q_of(d.r_.evaluations[e.record].moments, e.failures);
      if (!std::isfinite(q)) q = 1e3 * (1.0 + d.best_q_);  // an infeasible point: worse than any seen
      if (q < d.best_q_) {
        d.best_q_ = q;
        d.best_u_ = u;
      }
      const auto now = std::chrono::steady_clock::now();
      if (now - c->last_say > std::chrono::seconds(5)) {
        c->last_say = now;
        d.say(c->stage + ": " + std::to_string(c->evaluations) + " evaluations, objective " + readable_number(q) +
              " (best " + readable_number(d.best_q_) + "), " + std::to_string(d.ev_->runs_used()) + " runs");
      }
      return q;
    } catch (const BudgetExhausted&) {
      c->budget = true;
    } catch (...) {
      c->error = std::current_exception();
    }
    c->o->force_stop();
    return d.best_q_;
  }

  static const char* nlopt_text(nlopt::result res) {
    switch (res) {
      case nlopt::SUCCESS: return "converged";
      case nlopt::STOPVAL_REACHED: return "objective reached its stop value";
      case nlopt::FTOL_REACHED: return "converged (objective tolerance)";
      case nlopt::XTOL_REACHED: return "converged (parameter tolerance)";
      case nlopt::MAXEVAL_REACHED: return "stopped at max_evaluations";
      case nlopt::MAXTIME_REACHED: return "stopped at the time limit";
      case nlopt::FORCED_STOP: return "stopped";
      case nlopt::ROUNDOFF_LIMITED: return "stopped by round-off";
      default: return "failed";
    }
  }

  void local() {
    if (spec_.search.max_evaluations == 0) {
      r_.local_stop = "no local search (max_evaluations: 0)";
      return;
    }
    const std::size_t S = static_cast<std::size_t>(S_);
    std::size_t cap = 0;
    if (opt_.max_runs) {
      // Keep what the Jacobian and the profiles need.
      const std::size_t after = (2 * p_ + p_ * static_cast<std::size_t>(spec_.profile_points)) * S;
      cap = opt_.max_runs > after ? opt_.max_runs - after : 0;
    }
    std::string algo = spec_.search.algorithm;
    // Powell's BOBYQA needs two parameters at least.
    if (algo == "bobyqa" && p_ < 2) algo = "cobyla";
    const nlopt::algorithm a = algo == "bobyqa"       ? nlopt::LN_BOBYQA
                               : algo == "neldermead" ? nlopt::LN_NELDERMEAD
                               : algo == "sbplx"      ? nlopt::LN_SBPLX
                                                      : nlopt::LN_COBYLA;
    std::vector<std::string> stops;
    for (std::size_t k = 0; k < starts_.size(); ++k) {
      const std::string stage = "local-" + std::to_string(k + 1);
      say(stage + " (" + algo + ") from " + point_text(starts_[k]));
      nlopt::opt o(a, static_cast<unsigned>(p_));
      o.set_lower_bounds(std::vector<double>(p_, 0.0));
      o.set_upper_bounds(std::vector<double>(p_, 1.0));
      o.set_xtol_abs(spec_.search.tolerance);
      o.set_maxeval(spec_.search.max_evaluations);
      // A first step of a tenth of the range, kept inside the box.
      std::vector<double> step(p_);
      for (std::size_t j = 0; j < p_; ++j) step[j] = std::min(0.1, std::max(0.02, 0.5 * std::max(starts_[k][j], 1.0 - starts_[k][j])));
      o.set_initial_step(step);
      LocalCtx ctx;
      ctx.d = this;
      ctx.o = &o;
      ctx.stage = stage;
      ctx.cap = cap;
      ctx.last_say = std::chrono::steady_clock::now();
      o.set_min_objective(&Driver::local_objective, &ctx);
      std::vector<double> x = starts_[k];
      double f = 0;
      nlopt::result res = nlopt::FAILURE;
      try {
        res = o.optimize(x, f);
      } catch (const nlopt::forced_stop&) {
        res = nlopt::FORCED_STOP;
      } catch (const nlopt::roundoff_limited&) {
        res = nlopt::ROUNDOFF_LIMITED;
      } catch (const std::runtime_error&) {
        if (!ctx.error && !ctx.budget) throw;
      }
      if (ctx.error) std::rethrow_exception(ctx.error);
      std::string why = ctx.budget ? "stopped by --max-runs" : nlopt_text(res);
      stops.push_back(stage + ": " + why + " after " + std::to_string(ctx.evaluations) + " evaluations");
      say(stops.back() + "; best objective so far " + readable_number(best_q_));
      if (ctx.budget) {
        r_.budget_stopped = true;
        r_.warnings.push_back("--max-runs stopped the local search: the estimate is the best point found, not a "
                              "converged optimum");
        break;
      }
    }
    for (std::size_t i = 0; i < stops.size(); ++i) r_.local_stop += (i ? "; " : "") + stops[i];
  }

  void inference() {
    const std::vector<double> u = best_u_;
    const double h = spec_.jacobian_step;
    // The estimate, its Jacobian's points and its profiles: one batch each.
    Evaluated at = evaluate({u}, "estimate", false)[0];
    std::vector<std::vector<double>> jp;
    std::vector<double> du(p_);
    for (std::size_t j = 0; j < p_; ++j) {
      std::vector<double> up = u, dn = u;
      up[j] = std::min(1.0, u[j] + h);
      dn[j] = std::max(0.0, u[j] - h);
      du[j] = up[j] - dn[j];
      jp.push_back(up);
      jp.push_back(dn);
    }
    say("inference: Jacobian (" + std::to_string(jp.size() * static_cast<std::size_t>(S_)) + " runs) and profiles (" +
        std::to_string(p_ * static_cast<std::size_t>(spec_.profile_points) * static_cast<std::size_t>(S_)) + " runs)");
    std::vector<Evaluated> je = evaluate(jp, "jacobian", false);
    std::vector<std::vector<double>> pp;
    for (std::size_t j = 0; j < p_; ++j)
      for (int i = 0; i < spec_.profile_points; ++i) {
        std::vector<double> v = u;
        v[j] = static_cast<double>(i) / static_cast<double>(spec_.profile_points - 1);
        pp.push_back(v);
      }
    std::vector<Evaluated> pe = evaluate(pp, "profiles", true);

    const Eigen::Index m = static_cast<Eigen::Index>(m_), p = static_cast<Eigen::Index>(p_);
    const Eigen::VectorXd g = y_ - at.sm.mean;
    const Eigen::MatrixXd om = msm::omega(sd_, at.sm.cov, S_);
    Eigen::MatrixXd G(m, p);
    for (std::size_t j = 0; j < p_; ++j)
      G.col(static_cast<Eigen::Index>(j)) = (je[2 * j].sm.mean - je[2 * j + 1].sm.mean) / du[j];
    if (!G.allFinite()) r_.warnings.push_back("the Jacobian has non-finite entries (failed runs next to the estimate)");
    // The whole Jacobian's diagnostics: singular values, rank, condition
    // number, each parameter's loading on the null space.
    const msm::Inference full = msm::infer(G, W_, om, g);
    r_.objective = msm::objective(g, W_);
    r_.omega = om;
    r_.jacobian_unit = G;
    r_.singular_values = full.singular_values;
    r_.rank = full.rank;
    r_.condition_number = full.condition_number;
    Eigen::VectorXd slope(p);
    for (std::size_t j = 0; j < p_; ++j) slope(static_cast<Eigen::Index>(j)) = spec_.parameters[j].slope(u[j]);
    r_.jacobian = G * slope.cwiseInverse().asDiagonal();

    // Identification from the profiles (and the null space), first: a
    // parameter the targets cannot see would make G'WG singular and every
    // other standard error meaningless, so the sandwich is taken over the
    // identified ones, the others held at their values.
    const double chi1 = msm::chi_squared_quantile(0.95, 1);
    for (std::size_t j = 0; j < p_; ++j) {
      const CalibParameter& cp = spec_.parameters[j];
      ParameterResult pr;
      pr.path = cp.path;
      pr.lo = cp.lo;
      pr.hi = cp.hi;
      pr.log = cp.log;
      pr.estimate_unit = u[j];
      pr.estimate = cp.from_unit(u[j]);
      double lo_rise = kNaN, hi_rise = kNaN, lowest = r_.objective;
      std::size_t lowest_i = 0;
      bool below_any = false, above_any = false;
      for (int i = 0; i < spec_.profile_points; ++i) {
        const Evaluated& e = pe[j * static_cast<std::size_t>(spec_.profile_points) + static_cast<std::size_t>(i)];
        const double q = q_of(r_.evaluations[e.record].moments, e.failures);
        const double v = pp[j * static_cast<std::size_t>(spec_.profile_points) + static_cast<std::size_t>(i)][j];
        pr.profile_values.push_back(cp.from_unit(v));
        pr.profile_objective.push_back(q);
        if (q < lowest) {
          lowest = q;
          lowest_i = static_cast<std::size_t>(i);
        }
        const double rise = q - r_.objective;
        if (v < u[j]) {
          lo_rise = below_any ? std::max(lo_rise, rise) : rise;
          below_any = true;
        } else if (v > u[j]) {
          hi_rise = above_any ? std::max(hi_rise, rise) : rise;
          above_any = true;
        }
      }
      pr.profile_rise_low = lo_rise;
      pr.profile_rise_high = hi_rise;
      // A lower point on the profile means the search stopped short; below a
      // tenth of the chi-squared(1) 95 % point the difference is immaterial
      // (a flat objective has such dips everywhere).
      if (lowest < r_.objective - std::max(0.1 * chi1, 0.01 * r_.objective))
        r_.warnings.push_back("the profile of '" + cp.path + "' finds a lower objective (" + readable_number(lowest) +
                              ") at " + readable_number(pr.profile_values[lowest_i]) + " than at the estimate (" +
                              readable_number(r_.objective) + "): the search did not reach the minimum; raise "
                              "search.global.points, search.restarts or search.local.max_evaluations");
      identify(pr, full.null_loading(static_cast<Eigen::Index>(j)), chi1, below_any, above_any);
      r_.parameters.push_back(std::move(pr));
    }

    std::vector<Eigen::Index> seen;
    for (std::size_t j = 0; j < p_; ++j)
      if (r_.parameters[j].identification != Identification::not_identified) seen.push_back(static_cast<Eigen::Index>(j));
    r_.covariance = Eigen::MatrixXd::Constant(p, p, kNaN);
    // The J test counts every free parameter the search moved, identified or
    // not (referee 19 B5): a parameter with a flat profile may still absorb
    // part of the residual, so leaving it out overstates the degrees of
    // freedom (2 targets, 2 parameters, one flat, gave "J on 1 d.f." for an
    // exactly identified fit). d.f. = targets - free parameters; at 0 or
    // below there is no test.
    {
      const msm::JTest jt = msm::j_test(G, W_, om, g, static_cast<int>(m_) - static_cast<int>(p_));
      r_.j_df = jt.df;
      r_.j_statistic = jt.statistic;
      r_.j_p_value = jt.p_value;
    }
    if (!seen.empty()) {
      Eigen::MatrixXd Gs(m, static_cast<Eigen::Index>(seen.size()));
      for (std::size_t c = 0; c < seen.size(); ++c) Gs.col(static_cast<Eigen::Index>(c)) = G.col(seen[c]);
      const msm::Inference inf = msm::infer(Gs, W_, om, g);
      const Eigen::VectorXd nu = msm::effective_df(Gs, W_, sd_, at.sm.cov, S_);
      if (inf.rank < static_cast<int>(seen.size()))
        r_.warnings.push_back("the Jacobian of the identified parameters has rank " + std::to_string(inf.rank) + " < " +
                              std::to_string(seen.size()) + ": some combination of them is invisible to the "
                              "targets, and their standard errors cover only what the targets see");
      for (std::size_t a = 0; a < seen.size(); ++a) {
        const std::size_t j = static_cast<std::size_t>(seen[a]);
        ParameterResult& pr = r_.parameters[j];
        const CalibParameter& cp = spec_.parameters[j];
        pr.se_unit = inf.se(static_cast<Eigen::Index>(a));
        pr.se = std::abs(cp.slope(u[j])) * pr.se_unit;
        // Student's t, not 1.96: the simulated part of the variance is
        // estimated from S runs (at S = 10 a normal interval covers ~92 %).
        pr.ci_df = nu(static_cast<Eigen::Index>(a));
        const double q = msm::t95(pr.ci_df);
        pr.ci_low = std::isfinite(pr.se_unit) && std::isfinite(q) ? cp.from_unit(u[j] - q * pr.se_unit) : kNaN;
        pr.ci_high = std::isfinite(pr.se_unit) && std::isfinite(q) ? cp.from_unit(u[j] + q * pr.se_unit) : kNaN;
        for (std::size_t b = 0; b < seen.size(); ++b)
          r_.covariance(seen[a], seen[b]) = slope(seen[a]) * inf.covariance(static_cast<Eigen::Index>(a),
                                                                            static_cast<Eigen::Index>(b)) * slope(seen[b]);
      }
    }

    const std::vector<std::vector<double>> runs = [&] {
      std::vector<PointRuns> v = ev_->evaluate({u}, 0, S_, false);
      return targets_of(v[0]);
    }();
    r_.estimate_runs = runs;
    for (std::size_t k = 0; k < m_; ++k) {
      const Eigen::Index i = static_cast<Eigen::Index>(k);
      TargetResult t;
      const CalibTarget& ct = spec_.targets[k];
      t.name = ct.name;
      t.expression = ct.expression;
      t.source = ct.source;
      t.observed = y_(i);
      t.observed_sd = ct.sd;
      t.simulated = at.sm.mean(i);
      t.simulated_sd = std::sqrt(at.sm.cov(i, i));
      t.simulated_se = t.simulated_sd / std::sqrt(static_cast<double>(at.sm.used));
      t.total_sd = std::sqrt(om(i, i));
      t.residual = g(i);
      t.z = t.total_sd > 0 ? g(i) / t.total_sd : kNaN;
      if (!check_rows_.empty()) {
        const CheckRow& c = check_rows_[k];
        t.check_mean = c.mean;
        t.check_mean_fresh = c.mean_fresh;
        t.check_ergodic_z = c.ergodic_z;
        t.check_drift = c.drift;
        t.check_drift_z = c.drift_z;
        t.check_ergodic_ok = c.ergodic_ok;
        t.check_stationary_ok = c.stationary_ok;
        t.check_text = c.text;
      } else {
        t.check_mean = t.check_mean_fresh = t.check_ergodic_z = t.check_drift = t.check_drift_z = kNaN;
        t.check_text = "not checked (check: false)";
      }
      r_.targets.push_back(std::move(t));
    }
  }

  void identify(ParameterResult& pr, double null_loading, double chi1, bool below_any, bool above_any) const {
    const auto num = [](double x) { return readable_number(x); };
    const double lo_rise = below_any ? pr.profile_rise_low : kNaN;
    const double hi_rise = above_any ? pr.profile_rise_high : kNaN;
    const bool lo_flat = below_any && !(lo_rise >= chi1);
    const bool hi_flat = above_any && !(hi_rise >= chi1);
    const std::string range = "[" + num(pr.lo) + ", " + num(pr.hi) + "]";
    if (null_loading > 0.5 || ((lo_flat || !below_any) && (hi_flat || !above_any))) {
      pr.identification = Identification::not_identified;
      const double rise = std::max(below_any ? lo_rise : 0.0, above_any ? hi_rise : 0.0);
      if (null_loading > 0.5 && rise == 0)
        pr.verdict = "not identified: the targets do not move at all when it changes (its column of the Jacobian is "
                     "zero and the objective is flat across its whole range " + range + "); no target carries "
                     "information about it, so its estimate is arbitrary";
      else if (null_loading > 0.5)
        pr.verdict = "not identified: the Jacobian is rank-deficient along it (the targets see it only together "
                     "with other parameters), so its estimate is arbitrary along that direction";
      else
        pr.verdict = "not identified: the objective rises by at most " + num(rise) + " across its whole range " +
                     range + ", less than " + num(chi1) + " (the 95 % point of chi-squared(1)): the targets reject "
                     "no value in the range";
      pr.se = kNaN;
      pr.se_unit = kNaN;
      pr.ci_low = pr.ci_high = pr.ci_df = kNaN;
      return;
    }
    if (lo_flat || hi_flat) {
      pr.identification = Identification::weak;
      pr.verdict = "weakly identified: values " + std::string(lo_flat ? "below" : "above") + " the estimate, to the "
                   "range's end " + num(lo_flat ? pr.lo : pr.hi) + ", cannot be rejected (the objective rises by only " +
                   num(lo_flat ? lo_rise : hi_rise) + " there, less than " + num(chi1) + "); the other side rises by " +
                   num(lo_flat ? hi_rise : lo_rise) + ". Read its interval as one-sided";
      return;
    }
    pr.identification = Identification::identified;
    pr.verdict = "identified: the objective rises by " + (below_any ? num(lo_rise) : std::string("-")) + " below and " +
                 (above_any ? num(hi_rise) : std::string("-")) + " above the estimate within " + range + " (more than " +
                 num(chi1) + ", the 95 % point of chi-squared(1))";
    if (!below_any || !above_any)
      pr.verdict += "; the estimate is at the range's " + std::string(!below_any ? "lower" : "upper") +
                    " bound: the minimum may lie outside the range";
  }

  struct CheckRow {
    double mean = kNaN, mean_fresh = kNaN, ergodic_z = kNaN, drift = kNaN, drift_z = kNaN;
    bool ergodic_ok = true, stationary_ok = true;
    std::string text;
  };

  const CalibrationSpec& spec_;
  const CalibrationOptions& opt_;
  std::size_t m_ = 0, p_ = 0;
  int S_ = 0;
  std::uint64_t seed_ = 0;
  int shift_samples_ = 0;
  bool shift_ok_ = false;
  Eigen::VectorXd y_, sd_;
  Eigen::MatrixXd W_;
  std::unique_ptr<PointEvaluator> ev_;
  CalibrationResult r_;
  std::vector<CheckRow> check_rows_;
  std::vector<std::vector<double>> starts_;
  std::vector<double> best_u_;
  double best_q_ = std::numeric_limits<double>::infinity();
  bool reported_failure_ = false;
};

}  // namespace

CalibrationResult calibrate(const CalibrationSpec& spec, const CalibrationOptions& options) {
  check_budget(spec, options.max_runs);
  Driver d(spec, options);
  CalibrationResult r = d.run();
  r.scenario_yaml = calibrated_scenario_yaml(spec, r, options.scenario_name, options.extends);
  return r;
}

}  // namespace innosim::experiments
