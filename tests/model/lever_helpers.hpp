// Helpers shared by the scenario-lever tests (consortia_test.cpp,
// talent_services_test.cpp, liaison_officers_test.cpp): a scaled-down city,
// metric totals, series equality, library scenarios and the scenario
// loader's diagnostics.
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "innosim/model/ecosystem.hpp"
#include "innosim/model/observer.hpp"
#include "innosim/model/parameters.hpp"
#include "innosim/scenario/scenario.hpp"
#include "innosim/scenario/schema.hpp"
#include "innosim/scenario/warmup.hpp"

namespace innosim::model::lever_test {

// A scaled-down city (as in part2_test.cpp), so that a run takes a fraction
// of a second: the defaults (small) or a given scenario's parameters (scaled).
inline Params scaled(Params p, int firms, double years) {
  // The model scales the city's size figures with population.firms /
  // reference_firms (entry, loans, insured and incubated firms, incubator
  // places, researchers, venture money, platforms: docs/model.md 5.9);
  // the number of incubators and the platform's recommendations are the
  // programme's, scaled here so the small city's programmes are in proportion.
  const double k = firms / 6000.0;
  p.initial_firms = firms;
  p.horizon_years = years;
  for (auto& c : p.incubators.count) c = std::round(c * k);
  p.matching.recommendations_per_event *= k;
  return p;
}
inline Params small(int firms = 1500, double years = 4) { return scaled(Params{}, firms, years); }

/// Sum of a metric over the run's samples (NaN samples skipped).
inline double total_of(const RunResult& r, const char* metric) {
  double s = 0;
  for (double v : r.series[metric_index(metric)])
    if (!std::isnan(v)) s += v;
  return s;
}

/// Equal value for value, NaN equal to NaN.
inline bool same_series(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t t = 0; t < a.size(); ++t)
    if (!(a[t] == b[t] || (std::isnan(a[t]) && std::isnan(b[t])))) return false;
  return true;
}

/// The metrics whose series differ between two runs, those in `except` aside.
inline std::vector<std::string> differing_metrics(const RunResult& a, const RunResult& b,
                                                  const std::vector<std::string>& except = {}) {
  std::vector<std::string> out;
  for (std::size_t m = 0; m < metric_catalogue().size(); ++m) {
    const std::string& name = metric_catalogue()[m].name;
    bool skip = false;
    for (const auto& e : except) skip = skip || e == name;
    if (!skip && (m >= a.series.size() || m >= b.series.size() || !same_series(a.series[m], b.series[m])))
      out.push_back(name);
  }
  return out;
}

/// Whether the named metrics have equal series in both runs.
inline bool same_metrics(const RunResult& a, const RunResult& b, const std::vector<std::string>& names) {
  for (const auto& n : names)
    if (!same_series(a.series[metric_index(n.c_str())], b.series[metric_index(n.c_str())])) return false;
  return true;
}

inline innosim::scenario::Schema full_schema() {
  innosim::scenario::Schema s;
  innosim::scenario::declare_run_keys(s);
  declare_parameters(s);
  return s;
}

/// The loader's diagnostics for jiangmen-2025 with the given overrides (none: it loads).
inline std::vector<innosim::scenario::Diagnostic> diagnostics_of(const std::vector<std::string>& overrides) {
  try {
    (void)innosim::scenario::load(full_schema(), "jiangmen-2025", overrides);
  } catch (const innosim::scenario::ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

/// Every firm of a run as it ended: the live ones from the model, and each
/// exited one as it was when it left. The model drops exited firms from its
/// vector at every annual review (ecosystem.cpp), so a test that looks only
/// at `Ecosystem::firms()` after a run sees the survivors alone, and a
/// survival comparison on them cannot fail. Pass it as the run's observer.
class FirmArchive : public RunObserver {
 public:
  void on_firm(double, const Firm&) override {}
  void on_event(double, std::int64_t, EventKind, double) override {}
  void on_exit(double, const Firm& f) override { exited_.push_back(f); }
  bool wants_panel() const override { return true; }  // the exits come with the panel stream
  bool wants_events() const override { return false; }
  /// By id: the exited records, then the live ones (a live firm never has an exited twin of the same id and birth).
  std::map<std::int64_t, const Firm*> all(const Ecosystem& e) const {
    std::map<std::int64_t, const Firm*> out;
    for (const Firm& f : exited_) out[f.id] = &f;
    for (const Firm& f : e.firms()) out[f.id] = &f;
    return out;
  }

 private:
  std::vector<Firm> exited_;
};

/// Calls fn(f, g) for each firm f of `alt`, live or exited, that took part
/// in a programme from `since(f)` years after the start (negative: it did
/// not), with g the same firm (id and birth year) in `base`, live or exited,
/// unless g had left `base` before then: the participants compared with
/// themselves without the programme. An exited firm is as it was when it
/// left (cash, payouts), and `alive` is false.
template <class Since, class Fn>
void for_each_matched(const Ecosystem& alt, const FirmArchive& alt_exits, const Ecosystem& base,
                      const FirmArchive& base_exits, Since&& since, Fn&& fn) {
  const auto in_base = base_exits.all(base);
  for (const auto& [id, fp] : alt_exits.all(alt)) {
    const Firm& f = *fp;
    const double t = since(f);
    if (t < 0) continue;
    const auto it = in_base.find(id);
    if (it == in_base.end() || it->second->birth_year != f.birth_year) continue;
    const Firm& g = *it->second;
    if (!g.alive && g.exit_time < t - 1e-9) continue;
    fn(f, g);
  }
}

/// Calls fn(f, g) for each firm f of `alt`, live or exited, whose
/// `matched_grants` has `bit`, with g the same firm (id and birth year) in
/// `base`, live or exited, unless g had left `base` before f joined the
/// programme (`matched_since`): the participants compared with themselves
/// without the programme. An exited firm is as it was when it left (cash,
/// payouts), and `alive` is false.
template <class Fn>
void for_each_participant(const Ecosystem& alt, const FirmArchive& alt_exits, const Ecosystem& base,
                          const FirmArchive& base_exits, unsigned bit, Fn&& fn) {
  const double start = alt.params().start_year;
  for_each_matched(
      alt, alt_exits, base, base_exits,
      [bit, start](const Firm& f) { return (f.matched_grants & bit) ? f.matched_since - start : -1.0; }, fn);
}

/// A library scenario's parameters (without its warm-up: see library_as_run).
inline Params library(const std::string& name) { return params_from(innosim::scenario::load(full_schema(), name)); }

/// A library scenario's parameters as `innosim run` simulates it: with its
/// warm-up (warmup_years, docs/model.md "Warm-up") prepended, the run starting
/// warmup_years earlier and lasting as much longer. `library` gives the
/// scenario without it (the cold start); outputs here are not trimmed, so a
/// test reads times from the warm-up's first day.
inline Params library_as_run(const std::string& name) {
  const innosim::scenario::Scenario s = innosim::scenario::load(full_schema(), name);
  Params p = params_from(innosim::scenario::warmup_run_scenario(s));
  p.fiscal.present_value_origin_month = 12 * innosim::scenario::warmup_years(s);  // as experiments::prepare_scenario
  return p;
}

/// A library scenario's parameters in a scaled-down city (as small() scales the default).
inline Params shrunk(const std::string& name, int firms, double years) {
  Params p = library(name);
  const double k = firms / static_cast<double>(p.initial_firms);
  p.initial_firms = firms;
  p.horizon_years = years;
  for (auto& c : p.incubators.count) c = std::round(c * k);
  p.matching.recommendations_per_event *= k;
  return p;
}

/// A library scenario as `innosim run` simulates it (library_as_run: its
/// warm-up prepended) in a scaled-down city (as shrunk scales it), lasting
/// `years` after the start date: warmup_years + years simulated in all.
inline Params shrunk_as_run(const std::string& name, int firms, double years) {
  const auto s = innosim::scenario::load(full_schema(), name);
  const int warmup = innosim::scenario::warmup_years(s);
  Params p = params_from(innosim::scenario::warmup_run_scenario(s));
  const double k = firms / static_cast<double>(p.initial_firms);
  p.initial_firms = firms;
  p.horizon_years = warmup + years;
  p.fiscal.present_value_origin_month = 12 * warmup;  // as experiments::prepare_scenario
  for (auto& c : p.incubators.count) c = std::round(c * k);
  p.matching.recommendations_per_event *= k;
  return p;
}

/// The diagnostics one per line, for a failing expectation's message.
inline std::string listed(const std::vector<innosim::scenario::Diagnostic>& ds) {
  std::string all;
  for (const auto& d : ds) all += d.to_string() + "\n";
  return all;
}

inline bool mentions(const std::vector<innosim::scenario::Diagnostic>& ds, const std::string& text) {
  for (const auto& d : ds)
    if (d.message.find(text) != std::string::npos) return true;
  return false;
}

/// The texts no diagnostic mentions (empty: every one is reported).
inline std::vector<std::string> unmentioned(const std::vector<innosim::scenario::Diagnostic>& ds,
                                            const std::vector<std::string>& texts) {
  std::vector<std::string> out;
  for (const auto& t : texts)
    if (!mentions(ds, t)) out.push_back(t);
  return out;
}

/// A run with the books checked at every sample (it throws on an imbalance or an overspent budget).
inline RunResult run_checked(const Params& p, std::uint64_t seed, std::uint64_t replication) {
  Ecosystem e(p, seed, replication);
  e.set_check_books_every_sample(true);
  return e.run();
}

}  // namespace innosim::model::lever_test
