#include "innosim/experiments/point_evaluator.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <set>

#include "innosim/engine/error.hpp"
#include "innosim/experiments/schema_registry.hpp"
#include "innosim/experiments/text_format.hpp"

namespace innosim::experiments {

namespace fs = std::filesystem;

PointEvaluator::PointEvaluator(PointSetup setup, EvaluatorOptions options)
    : setup_(std::move(setup)), options_(std::move(options)) {
  if (!setup_.reduce || !setup_.point_overrides || setup_.n_values == 0)
    throw InternalError("PointEvaluator: reduce, point_overrides and n_values are required");
  if (!options_.store_dir.empty()) {
    std::error_code ec;
    const bool have = fs::exists(options_.store_dir, ec);
    // A calibration's points are found as it goes, so their number has no
    // bound known in advance: parts are bound to the job by its SHA-256, and
    // each part's coordinates are checked against its point when loaded.
    const SweepJob job{options_.job_sha256, std::numeric_limits<std::int64_t>::max(),
                       std::numeric_limits<std::int64_t>::max()};
    store_ = std::make_unique<RunStore>(options_.store_dir, job, options_.job_text, !(options_.resume && have));
  }
}

PointEvaluator::~PointEvaluator() = default;

std::size_t PointEvaluator::index_of(const std::vector<double>& coords) {
  const auto it = index_.find(coords);
  if (it != index_.end()) return it->second;
  const std::size_t i = states_.size();
  index_.emplace(coords, i);
  states_.push_back(PointState{coords, {}, {}});
  return i;
}

void PointEvaluator::remove_store() {
  if (store_) store_->remove_all();
  store_.reset();
}

std::vector<PointRuns> PointEvaluator::evaluate(const std::vector<std::vector<double>>& points, std::int64_t first,
                                                int count, bool show_progress) {
  const std::size_t K = setup_.n_values;
  std::vector<std::size_t> ids;
  ids.reserve(points.size());
  for (const auto& p : points) ids.push_back(index_of(p));
  const std::size_t dims = points.empty() ? 0 : points.front().size();
  const std::uint32_t n_stored = static_cast<std::uint32_t>(dims + K);
  if (store_ && saved_.empty() && options_.resume) saved_ = store_->finished(n_stored, 1);

  // What is missing, point by point (a point listed twice runs once).
  struct Need {
    std::size_t id;
    std::int64_t replication;
  };
  std::vector<Need> missing;
  std::set<std::pair<std::size_t, std::int64_t>> planned;
  for (std::size_t id : ids)
    for (std::int64_t r = first; r < first + count; ++r)
      if (!states_[id].runs.count(r) && planned.insert({id, r}).second) missing.push_back({id, r});

  // Saved runs first: they cost no time, but they count towards the budget.
  std::vector<Need> to_run;
  std::size_t from_store = 0;
  for (const Need& n : missing)
    if (store_ && saved_.count({static_cast<std::int64_t>(n.id), n.replication}))
      ++from_store;
    else
      to_run.push_back(n);
  if (options_.max_runs && runs_used_ + missing.size() > options_.max_runs)
    throw BudgetExhausted("the next " + std::to_string(missing.size()) + " runs would take the job past --max-runs " +
                          std::to_string(options_.max_runs) + " (" + std::to_string(runs_used_) + " used)");
  if (from_store) {
    for (const Need& n : missing) {
      if (!saved_.count({static_cast<std::int64_t>(n.id), n.replication})) continue;
      if (states_[n.id].runs.count(n.replication)) continue;
      const StoredRun run = store_->load(static_cast<std::int64_t>(n.id), n.replication);
      if (run.values.size() != std::size_t{n_stored} ||
          std::memcmp(run.values.data(), states_[n.id].coords.data(), dims * sizeof(double)) != 0)
        throw ConfigError("the saved run " + std::to_string(n.id) + "/" + std::to_string(n.replication) + " in '" +
                          store_->dir().string() + "' was made at another point than this job asks for now: it " +
                          "belongs to another search; discard it with --force");
      states_[n.id].runs[n.replication].assign(run.values.begin() + static_cast<std::ptrdiff_t>(dims), run.values.end());
      if (!run.error.empty()) {
        states_[n.id].errors[n.replication] = run.error;
        ++runs_failed_;
      }
      records_[{n.id, n.replication}] = {n.id, n.replication, run.wall_seconds, run.error};
      ++runs_used_;
      ++runs_loaded_;
    }
  }

  if (!to_run.empty()) {
    // Each point's scenario, prepared once for all its replications.
    std::map<std::size_t, std::size_t> prepared_of;
    std::vector<PreparedScenario> scenarios;
    for (const Need& n : to_run) {
      if (prepared_of.count(n.id)) continue;
      std::vector<std::string> o = setup_.overrides;
      for (std::string& s : setup_.point_overrides(states_[n.id].coords)) o.push_back(std::move(s));
      // A point's runs give its moments only: no panel or event log recorded.
      scenarios.push_back(without_records(prepare_scenario(full_schema(), setup_.scenario, o, setup_.seed, std::nullopt)));
      prepared_of.emplace(n.id, scenarios.size() - 1);
    }
    std::vector<RunTask> tasks;
    tasks.reserve(to_run.size());
    for (const Need& n : to_run)
      tasks.push_back({&scenarios[prepared_of[n.id]], n.replication, static_cast<std::int64_t>(n.id), nullptr,
                       std::span<const double>(states_[n.id].coords)});
    const PoolEnd end = run_pool(
        tasks,
        {.jobs = options_.jobs,
         .command = options_.command,
         .quiet = options_.quiet || !show_progress,
         .total = 0,
         .already_done = 0,
         .stop_on_failure = false,
         .scenarios = scenarios,
         .on_finished =
             [&](std::size_t i, const RunOutcome& o) {
               const Need& n = to_run[i];
               std::vector<double> values;
               if (o.ok()) {
                 values = setup_.reduce(o.result);
                 if (values.size() != K) throw InternalError("PointEvaluator: reduce returned the wrong count");
               } else {
                 values.assign(K, std::numeric_limits<double>::quiet_NaN());
               }
               if (store_) {
                 StoredRun run;
                 run.point = static_cast<std::int64_t>(n.id);
                 run.replication = n.replication;
                 run.seed = setup_.seed;
                 run.wall_seconds = o.wall_seconds;
                 run.error = o.error;
                 run.n_metrics = n_stored;
                 run.n_time = 1;
                 run.values = states_[n.id].coords;
                 run.values.insert(run.values.end(), values.begin(), values.end());
                 store_->save(run);
               }
               PointState& st = states_[n.id];
               st.runs[n.replication] = std::move(values);
               if (!o.ok()) {
                 st.errors[n.replication] = o.error;
                 ++runs_failed_;
               }
               records_[{n.id, n.replication}] = {n.id, n.replication, o.wall_seconds, o.error};
               ++runs_used_;
               ++runs_executed_;
               run_seconds_ += o.wall_seconds;
             },
         .remote = options_.remote},
        [](std::size_t, RunOutcome&&) { return true; });
    if (end == PoolEnd::interrupted)
      throw EvaluationInterrupted("interrupted: finished runs are saved");
  }

  std::vector<PointRuns> out;
  out.reserve(ids.size());
  for (std::size_t id : ids) {
    PointRuns pr;
    pr.index = id;
    const PointState& st = states_[id];
    for (std::int64_t r = first; r < first + count; ++r) {
      const auto it = st.runs.find(r);
      if (it == st.runs.end()) throw InternalError("PointEvaluator: a run is missing after its batch");
      pr.values.push_back(it->second);
      if (const auto e = st.errors.find(r); e != st.errors.end()) {
        if (pr.failures++ == 0) pr.first_error = e->second;
      }
    }
    out.push_back(std::move(pr));
  }
  return out;
}

}  // namespace innosim::experiments
