#include "innosim/experiments/experiment.hpp"

#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "innosim/engine/calendar.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/scenario/warmup.hpp"
#include "innosim/model/parameters.hpp"
#include "innosim/experiments/distributed.hpp"
#include "innosim/experiments/interrupt.hpp"
#include "innosim/experiments/mpi_runner.hpp"
#include "innosim/experiments/progress.hpp"
#include "innosim/experiments/labels.hpp"

namespace innosim::experiments {

namespace fs = std::filesystem;

const std::vector<std::string>& headline_metrics() {
  static const std::vector<std::string> names = {
      "firms_active", "startups",    "tech_smes",       "high_tech_enterprises", "gazelles",
      "unicorns",     "employment",  "tech_loans_outstanding", "borrowing_firms", "insured_firms",
      "revenue",      "new_tech_loans", "net_fiscal_cost"};
  return names;
}

std::vector<std::string> headline_metrics_present(const std::function<bool(const std::string&)>& has) {
  std::vector<std::string> out;
  for (const std::string& m : headline_metrics()) {
    // The headline cost is the present value at the social rate (8 %; docs/model.md
    // 2.6, referee 15 D4), the undiscounted net cost beside it: a nominal cost
    // nets a fund's residual value and makes capital locked up for years free.
    if (m == "net_fiscal_cost" && has("net_fiscal_cost_pv")) out.emplace_back("net_fiscal_cost_pv");
    if (has(m))
      out.push_back(m);
    else if (m == "net_fiscal_cost" && has("fiscal_spending"))
      out.push_back("fiscal_spending");  // a file written before the model reported its net fiscal cost
  }
  // The net cost by funding level next to the total: the city's own money is
  // what a city lever costs the city, the province's is not its to spend
  // (docs/model.md 2.6; referee 14 finding 1).
  for (const std::string& m : net_cost_by_level())
    if (has(m)) out.push_back(m);
  return out;
}

const std::vector<std::string>& net_cost_by_level() {
  static const std::vector<std::string> names = {"net_fiscal_cost_city", "net_fiscal_cost_provincial", "net_fiscal_cost_central"};
  return names;
}

const std::vector<std::string>& after_tax_cost_by_level() {
  // After tax by level, and the central bank's relending apart from any
  // budget (quasi-fiscal, central): what the tax preferences and the
  // concessional rate cost each level (docs/model.md 2.6).
  static const std::vector<std::string> names = {"net_fiscal_cost_after_tax_city", "net_fiscal_cost_after_tax_provincial",
                                                 "net_fiscal_cost_after_tax_central", "quasi_fiscal_relending"};
  return names;
}

const char* sampling_period_name(int months) {
  switch (months) {
    case 1: return "month";
    case 3: return "quarter";
    case 12: return "year";
  }
  throw InternalError("sampling period of " + std::to_string(months) + " months");
}

output::ScenarioSpec PreparedScenario::spec() const {
  output::ScenarioSpec s;
  s.name = scenario.name();
  s.yaml = scenario.resolved_yaml();
  s.seed = scenario.seed();
  s.replications = scenario.replications();
  s.horizon_years = scenario.horizon_years();
  s.start_year = scenario.start_year();
  // The model samples at t = 0 and then every sampling period to the horizon.
  const int months = static_cast<int>(std::lround(scenario.horizon_years() * 12.0));  // params include a warm-up
  for (int m = 0; m <= months; m += params.sampling_months) s.time.push_back(m / 12.0);
  for (const auto& mi : model::metric_catalogue()) {
    output::MetricInfo m{mi.name, mi.unit, mi.description, model::metric_kind_name(mi.kind), 0};
    if (mi.kind != model::MetricKind::stock) m.period_months = params.sampling_months;
    // A flow's value is the amount over one sampling period: its unit says which.
    if (mi.kind == model::MetricKind::flow) m.unit += std::string(" per ") + sampling_period_name(params.sampling_months);
    s.metrics.push_back(std::move(m));
  }
  return s;
}

std::vector<scenario::Diagnostic> run_time_problems(const model::Params& p, const std::string& source) {
  std::vector<scenario::Diagnostic> out;
  const auto add = [&](std::string message) { out.push_back({source, 0, 0, std::move(message)}); };
  double shares = 0;
  for (const double s : p.initial.stage_shares) shares += s;
  if (!(shares > 0))
    add("initial.stage_shares: every share is 0; at least one stage needs a positive share of the initial firms");
  if (p.firm.sectors < 1 || p.firm.sectors > 64) add("firms.sectors must be in [1, 64]");
  if (p.bank.banks < 1 || p.bank.banks > 1000) add("institutions.banks.count must be in [1, 1000]");
  if (p.initial_firms < 0) add("population.firms must be >= 0");
  if (p.pilot.platforms + p.pilot.new_platforms < 0 || p.pilot.machines_per_platform < 0)
    add("pilot platforms and machines must be >= 0");
  return out;
}

PreparedScenario prepare_scenario(const scenario::Schema& schema, const std::string& name_or_path,
                                  const std::vector<std::string>& overrides, std::optional<std::uint64_t> seed,
                                  std::optional<int> replications) {
  scenario::Scenario scn = scenario::load(schema, name_or_path, overrides);
  if (seed) scn.set_seed(*seed);
  if (replications) scn.set_replications(*replications);
  // A warm-up runs the longer scenario (scenario::warmup_run_scenario);
  // execute() drops it from the outputs.
  model::Params params = model::params_from(scenario::warmup_run_scenario(scn));
  // Present values are discounted to the start date, not the warm-up's first day.
  params.fiscal.present_value_origin_month = 12 * scenario::warmup_years(scn);
  const bool panel = scn.boolean("outputs.panel");
  const bool events = scn.boolean("outputs.events");
  return PreparedScenario{std::move(scn), std::move(params), panel, events};
}

PreparedScenario without_records(PreparedScenario ps) {
  ps.panel = false;
  ps.events = false;
  return ps;
}

namespace {

/// Collects one run's opt-in panel and event log as output records, spooled
/// (RowSpool: a block in memory, the rest in a temporary file); the run is
/// written after it finishes, in its turn, so row order is replication order.
class Recorder : public model::RunObserver {
 public:
  /// With a warm-up, records before the start date are dropped and later
  /// ones timed from it: `panel_offset` in the panel's years (months / 12),
  /// `event_offset` in the events' (days / 365.2425).
  /// `run_start_year`: the calendar year the model's run starts in (the
  /// warm-up's first year), from which the firms' birth years are timed.
  Recorder(std::int32_t replication, bool panel, bool events, double panel_offset, double event_offset,
           int run_start_year, RunOutcome& out)
      : replication_(replication), panel_(panel), events_(events), panel_offset_(panel_offset),
        event_offset_(event_offset), run_start_year_(run_start_year), out_(out) {}

  void on_firm(double t, const model::Firm& f) override {
    if (t < panel_offset_) return;
    output::FirmRecord r;
    r.replication = replication_;
    r.time = panel_time(t);
    r.firm_id = f.id;
    r.stage = static_cast<output::FirmStage>(f.stage);
    r.sector = static_cast<std::int16_t>(f.sector);
    r.employees = f.employees;
    // The model keeps monthly flows; the panel reports them per year.
    r.revenue = 12.0 * f.revenue;
    r.rd_spending = 12.0 * f.rd_spending;
    r.cash = f.cash;
    r.debt = f.debt;
    r.productivity = f.productivity;
    r.incubated = f.incubated;
    r.insured = f.insurance_cover > 0;
    r.vc_backed = f.venture_invested > 0;
    r.alive = f.alive;
    r.birth_time = birth_time(f);
    out_.firms.push_back(r);
  }
  void on_exit(double t, const model::Firm& f) override {
    // An exit at the start date itself (the warm-up's last monthly step) is
    // the warm-up's, as is that step's flow (drop_warmup).
    if (t < panel_offset_ || (panel_offset_ > 0 && t <= panel_offset_)) return;
    output::ExitRecord e;
    e.replication = replication_;
    e.time = panel_time(t);
    e.firm_id = f.id;
    e.cause = static_cast<output::ExitCause>(f.exit_cause);
    e.birth_time = birth_time(f);
    // The exit time is on the month grid (month / 12), the birth continuous
    // (days / 365.2425): they can differ by a few days either way.
    e.age = std::max(0.0, e.time - e.birth_time);
    e.sector = static_cast<std::int16_t>(f.sector);
    e.stage = static_cast<output::FirmStage>(f.stage);
    e.employees = f.employees;
    e.loan_default = f.exit_loan_default;
    out_.exits.push_back(e);
  }
  void on_event(double t, std::int64_t id, model::EventKind k, double amount) override {
    if (t < event_offset_) return;
    out_.events.push_back(EventRow{replication_, t - event_offset_, id, static_cast<std::int16_t>(k), amount});
  }
  bool wants_panel() const override { return panel_; }
  bool wants_events() const override { return events_; }

 private:
  /// The panel's times are month / 12: shifted on that grid, exactly.
  double panel_time(double t) const {
    return panel_offset_ > 0 ? static_cast<double>(std::lround(t * 12.0) - std::lround(panel_offset_ * 12.0)) / 12.0 : t;
  }
  /// Years from the start date (after any warm-up) to the firm's entry, on
  /// the event log's time axis (days / 365.2425).
  double birth_time(const model::Firm& f) const {
    return f.birth_year - static_cast<double>(run_start_year_) - event_offset_;
  }

  std::int32_t replication_;
  bool panel_, events_;
  double panel_offset_, event_offset_;
  int run_start_year_;
  RunOutcome& out_;
};

/// Drops the samples of a warm-up from a run's result: the series start at
/// the start date (time 0). At that sample a stock is the state the warm-up
/// left and a mean is the last warm-up period's; a flow is 0, because its
/// period lies before the start (the start year's programmes run at the
/// review of 1 January, after that day's sample, and fall in January's).
void drop_warmup(model::RunResult& r, int warmup_months, int sampling_months) {
  if (warmup_months <= 0) return;
  const std::size_t skip = static_cast<std::size_t>(warmup_months / sampling_months);
  if (skip >= r.time_years.size()) throw InternalError("a warm-up as long as the run");
  r.time_years.erase(r.time_years.begin(), r.time_years.begin() + static_cast<std::ptrdiff_t>(skip));
  // The model's exact month grid (month / 12), counted from the start date.
  for (std::size_t i = 0; i < r.time_years.size(); ++i)
    r.time_years[i] = static_cast<double>(i * static_cast<std::size_t>(sampling_months)) / 12.0;
  const auto& catalogue = model::metric_catalogue();
  for (std::size_t k = 0; k < r.series.size(); ++k) {
    auto& s = r.series[k];
    s.erase(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(skip));
    if (catalogue[k].kind == model::MetricKind::flow && !s.empty()) s.front() = 0.0;
  }
}

std::string utc_stamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string task_label(const RunTask& t) {
  const std::string role = t.role ? " (" + std::string(t.role) + ")" : std::string();
  return t.point >= 0 ? say("point {}{} replication {}", t.point, role, t.replication)
                      : say("'{}'{} replication {}", t.scenario->scenario.name(), role, t.replication);
}

}  // namespace

RunOutcome execute(const RunTask& task) {
  RunOutcome out;
  const PreparedScenario& ps = *task.scenario;
  const auto t0 = std::chrono::steady_clock::now();
  try {
    // A warm-up (scenario::warmup_run_scenario: ps.params cover it) is
    // dropped from the outputs, which begin at the start date.
    const int warmup = scenario::warmup_years(ps.scenario);
    const int start = ps.scenario.start_year();
    const double event_offset =
        static_cast<double>(engine::days_from_civil({start, 1, 1}) - engine::days_from_civil({start - warmup, 1, 1})) /
        engine::DAYS_PER_YEAR;
    Recorder recorder(static_cast<std::int32_t>(task.replication), ps.panel, ps.events, warmup, event_offset,
                      ps.params.start_year, out);
    model::Ecosystem eco(ps.params, ps.seed(), static_cast<std::uint64_t>(task.replication), &recorder);
#ifndef NDEBUG
    eco.set_check_books_every_sample(true);
#endif
    out.result = eco.run();
    drop_warmup(out.result, 12 * warmup, ps.params.sampling_months);
    if (!out.result.books.ok()) {
      char gap[32];
      std::snprintf(gap, sizeof gap, "%.3g", out.result.books.worst_gap);
      out.error = "books do not balance: " + out.result.books.worst + " (relative gap " + gap + ")";
    }
  } catch (const std::exception& e) {
    out.error = e.what();
    if (out.error.empty()) out.error = "unknown error";
  }
  if (!out.ok()) {
    out.result = {};
    out.firms.clear();
    out.exits.clear();
    out.events.clear();
  }
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

namespace {

/// What the calling thread, the worker threads and the dispatch thread of
/// a pool share; every member under `mu`.
struct PoolState {
  std::mutex mu;
  std::condition_variable finished_cv;  // a run finished, or the dispatch thread failed
  std::condition_variable slot_cv;      // the window moved, or the pool stops
  std::vector<std::pair<std::size_t, RunOutcome>> fresh;  // finished, not yet seen by the calling thread
  std::size_t n = 0, window = 0, next = 0, delivered = 0;
  bool stop_on_failure = false;
  bool stop = false, failure_stop = false;
  bool abandon = false;      // stop waiting for runs out on other ranks
  std::exception_ptr error;  // from the dispatch thread

  bool window_open() const { return next < delivered + window; }
  /// The next task, if one may start now.
  std::optional<std::size_t> claim() {
    if (stop || next >= n || !window_open()) return std::nullopt;
    return next++;
  }
  void finish(std::size_t i, RunOutcome&& out) {
    if (!out.ok() && stop_on_failure && !stop) {
      stop = true;
      failure_stop = true;
    }
    fresh.emplace_back(i, std::move(out));
  }
};

/// The pool as the dispatch thread of rank 0 sees it (distributed.hpp).
class StateSource final : public TaskSource {
 public:
  explicit StateSource(PoolState& s) : s_(s) {}
  std::optional<std::size_t> claim() override {
    std::lock_guard lock(s_.mu);
    return s_.claim();
  }
  bool exhausted() override {
    std::lock_guard lock(s_.mu);
    return s_.stop || s_.next >= s_.n;
  }
  bool abandoned() override {
    std::lock_guard lock(s_.mu);
    return s_.abandon;
  }
  void finished(std::size_t i, RunOutcome&& out) override {
    {
      std::lock_guard lock(s_.mu);
      s_.finish(i, std::move(out));
    }
    s_.finished_cv.notify_all();
  }
  void idle(std::chrono::microseconds d) override {
    std::unique_lock lock(s_.mu);
    s_.slot_cv.wait_for(lock, d);
  }

 private:
  PoolState& s_;
};

/// Stops and joins a pool's threads however run_pool is left; abandons the
/// runs out on other ranks unless the pool ended normally.
class PoolThreads {
 public:
  explicit PoolThreads(PoolState& s) : s_(s) {}
  ~PoolThreads() { join(true); }
  PoolThreads(const PoolThreads&) = delete;
  PoolThreads& operator=(const PoolThreads&) = delete;
  template <class F>
  void start(F&& f) {
    threads_.emplace_back(std::forward<F>(f));
  }
  void join(bool abandon_remote) {
    {
      std::lock_guard lock(s_.mu);
      s_.stop = true;
      s_.abandon = s_.abandon || abandon_remote;
    }
    s_.slot_cv.notify_all();
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }

 private:
  PoolState& s_;
  std::vector<std::thread> threads_;
};

}  // namespace

PoolEnd run_pool(std::span<const RunTask> tasks, const PoolOptions& options,
                 const std::function<bool(std::size_t, RunOutcome&&)>& deliver) {
  const std::size_t n = tasks.size();
  const std::size_t jobs = static_cast<std::size_t>(std::max(1, options.jobs));
  // Under MPI, rank 0 meets the workers first (and throws if one cannot run
  // this job); it runs nothing itself: its threads would only compete with
  // the workers'.
  std::optional<RemoteRanks> own_remote;
  RemoteRanks* remote = options.remote;
  if (mpi::distributed() && !remote) {
    if (n > 0 && options.scenarios.empty()) throw InternalError("run_pool under MPI needs PoolOptions::scenarios");
    own_remote.emplace(options.scenarios, options.jobs);
    remote = &*own_remote;
  }
  const std::size_t slots = remote ? remote->threads() : jobs;

  PoolState st;
  st.n = n;
  // Runs may go ahead of delivery by this many tasks: enough to keep every
  // core busy while one slow run holds up the ordered hand-over, small
  // enough that memory does not grow with the job.
  st.window = std::max<std::size_t>(4 * slots, 8);
  st.stop_on_failure = options.stop_on_failure;

  const auto worker = [&] {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock lock(st.mu);
        st.slot_cv.wait(lock, [&] { return st.stop || st.next >= n || st.window_open(); });
        const std::optional<std::size_t> c = st.claim();
        if (!c) return;
        i = *c;
      }
      RunOutcome out = execute(tasks[i]);
      {
        std::lock_guard lock(st.mu);
        st.finish(i, std::move(out));
      }
      st.finished_cv.notify_all();
      st.slot_cv.notify_all();
    }
  };

  StateSource source(st);
  PoolThreads pool(st);
  if (remote) {
    pool.start([&] {
      try {
        remote->dispatch(tasks, options.scenarios, source);
      } catch (...) {
        {
          std::lock_guard lock(st.mu);
          st.error = std::current_exception();
          st.stop = true;
        }
        st.finished_cv.notify_all();
      }
    });
    if (!options.quiet && !options.remote)
      std::fprintf(stderr, "innosim %s: %s\n", options.command.c_str(),
                   say("{} MPI ranks: rank 0 hands out the runs and writes, {} {}", mpi::size(),
                       say(remote->workers() == 1 ? "{} worker rank runs them" : "{} worker ranks run them",
                           remote->workers()),
                       say(slots == 1 ? "on {} thread" : "on {} threads", slots))
                       .c_str());
  } else {
    for (std::size_t j = 0; j < std::min(jobs, n); ++j) pool.start(worker);
  }

  Progress progress(options.command, options.total ? options.total : n, options.already_done, options.quiet);
  PoolEnd end = PoolEnd::completed;
  std::map<std::size_t, RunOutcome> ready;  // seen by on_finished, not yet delivered (calling thread only)
  std::size_t i = 0;                        // the next run to deliver
  for (;;) {
    std::vector<std::pair<std::size_t, RunOutcome>> batch;
    bool over = false;
    {
      std::unique_lock lock(st.mu);
      for (;;) {
        if (!st.stop && InterruptGuard::requested()) {
          st.stop = true;
          end = PoolEnd::interrupted;
          // Runs on other ranks are not waited for: under mpirun a signal
          // reaches every rank, and mpirun kills them all a second later.
          if (remote) st.abandon = true;
          st.slot_cv.notify_all();
        }
        if (st.error) std::rethrow_exception(st.error);
        if (!st.fresh.empty() || ready.count(i)) break;
        if (i >= n || (st.stop && i >= st.next) || st.abandon) {
          over = true;  // all delivered, or stopped with nothing left to wait for
          break;
        }
        // Time out to notice a signal while every run is still going.
        st.finished_cv.wait_for(lock, std::chrono::milliseconds(100));
      }
      batch.swap(st.fresh);
    }
    for (auto& [k, out] : batch) {
      if (options.on_finished) options.on_finished(k, out);
      ready.emplace(k, std::move(out));
    }
    if (over) break;
    for (auto it = ready.find(i); it != ready.end(); it = ready.find(i)) {
      RunOutcome out = std::move(it->second);
      ready.erase(it);
      {
        std::lock_guard lock(st.mu);
        st.delivered = i + 1;
      }
      st.slot_cv.notify_all();
      if (!out.ok()) {
        progress.break_line();
        std::fprintf(stderr, "innosim %s: %s\n", options.command.c_str(),
                     say("{} failed: {}", task_label(tasks[i]), translate_message(out.error, message_lang())).c_str());
      }
      const bool go_on = deliver(i, std::move(out));
      if (!go_on) {
        std::lock_guard lock(st.mu);
        if (!st.stop) end = PoolEnd::stopped;
        st.stop = true;
        st.slot_cv.notify_all();
      }
      ++i;
      progress.update(options.already_done + i);
    }
  }
  pool.join(end == PoolEnd::interrupted);
  {
    std::lock_guard lock(st.mu);
    if (st.error) std::rethrow_exception(st.error);
    if (end == PoolEnd::completed && st.failure_stop) end = PoolEnd::stopped;
  }
  if (own_remote && end != PoolEnd::interrupted) own_remote->shutdown();
  if (end == PoolEnd::completed)
    progress.finish(options.already_done + n);
  else
    progress.break_line();
  if (remote && end == PoolEnd::interrupted)
    std::fprintf(stderr, "innosim %s: %s\n", options.command.c_str(),
                 say("stopped by signal {} (under mpirun: Ctrl-C, scancel, or another rank died, see mpirun's "
                     "message); the runs out on worker ranks are dropped",
                     InterruptGuard::signal_number())
                     .c_str());
  return end;
}

BatchResult run_scenarios(output::ResultsWriter& writer, std::span<const PreparedScenario> scenarios,
                          const PoolOptions& options, const RunObserverFn& observe,
                          std::optional<std::int64_t> only_replication) {
  struct Group {
    output::ScenarioWriter* writer;
    output::FirmPanelWriter* panel = nullptr;
    output::ExitTableWriter* exits = nullptr;
    output::EventLogWriter* events = nullptr;
  };
  // Runs spool their panel and event rows beside the results file: the disk
  // the resource check counted, not a /tmp that may be memory (tmpfs).
  if (std::any_of(scenarios.begin(), scenarios.end(), [](const PreparedScenario& ps) { return ps.panel || ps.events; }))
    set_spool_directory(writer.temporary().has_parent_path() ? writer.temporary().parent_path() : fs::path("."));
  std::vector<Group> groups;
  std::vector<RunTask> tasks;
  std::vector<std::size_t> task_scenario;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const PreparedScenario& ps = scenarios[s];
    Group g{&writer.add_scenario(ps.spec())};
    if (ps.panel) {
      g.panel = &g.writer->firm_panel();
      g.exits = &g.writer->exit_table();  // the exits table goes with the panel (survival analysis needs both)
    }
    if (ps.events) {
      std::vector<output::EventKind> kinds;
      for (int k = 0; k < model::EVENT_KIND_COUNT; ++k)
        kinds.push_back({model::EVENT_KIND_NAMES[k], static_cast<std::int16_t>(k)});
      g.events = &g.writer->event_log(std::move(kinds));
    }
    groups.push_back(g);
    for (int r = 0; r < ps.replications(); ++r) {
      if (only_replication && r != *only_replication) {
        g.writer->record_not_run(r, ps.seed(), "--replication " + std::to_string(*only_replication) + " ran replication " +
                                                   std::to_string(*only_replication) + " alone");
        continue;
      }
      tasks.push_back({&ps, r, -1});
      task_scenario.push_back(s);
    }
  }
  BatchResult result;
  PoolOptions pool_options = options;
  pool_options.scenarios = scenarios;
  result.end = run_pool(tasks, pool_options, [&](std::size_t i, RunOutcome&& out) {
    const std::size_t s = task_scenario[i];
    const std::int64_t r = tasks[i].replication;
    if (observe) observe(s, r, out);
    Group& g = groups[s];
    if (out.ok()) {
      output::ReplicationSeries rs;
      rs.replication = r;
      rs.seed = scenarios[s].seed();
      rs.wall_seconds = out.wall_seconds;
      rs.values = std::move(out.result.series);
      g.writer->write_replication(rs);
      // Block by block from the run's spool: never the whole panel in memory.
      if (g.panel) out.firms.for_each_block([&](std::span<const output::FirmRecord> b) { g.panel->append(b); });
      if (g.exits) out.exits.for_each_block([&](std::span<const output::ExitRecord> b) { g.exits->append(b); });
      if (g.events)
        out.events.for_each_block([&](std::span<const EventRow> b) {
          for (const EventRow& e : b) g.events->append(output::EventRecord{e.replication, e.time, e.firm_id, e.kind, e.amount, {}});
        });
      out.firms.clear();  // the spool files are closed (and gone) now, not when the outcome is dropped
      out.exits.clear();
      out.events.clear();
    } else {
      ++result.failures;
      g.writer->record_failure(r, scenarios[s].seed(), out.error, out.wall_seconds);
    }
    return true;
  });
  return result;
}

fs::path output_path(const std::string& option, const std::string& stem, bool force) {
  if (!option.empty()) {
    const fs::path p(option);
    std::error_code ec;
    if (fs::exists(p, ec) && !force)
      throw UsageError("output file '" + p.string() + "' already exists; use --force to overwrite it");
    // Before any run: a device, a FIFO, a dangling link is refused (exit 2).
    output::check_output_target(p, force);
    return p;
  }
  fs::create_directories("results");
  const std::string stamp = utc_stamp();
  fs::path p = fs::path("results") / (stem + "-" + stamp + ".h5");
  // Two runs in the same second get distinct names: never overwrite.
  for (int k = 2; fs::exists(p); ++k) p = fs::path("results") / (stem + "-" + stamp + "-" + std::to_string(k) + ".h5");
  return p;
}

int default_jobs() {
  // The affinity mask, not hardware_concurrency(): a process confined to
  // some cores (taskset, a cgroup, a Slurm task, an MPI rank bound to a
  // socket) should not start a thread per core of the machine.
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void check_jobs(int jobs) {
  if (jobs < 1 || jobs > 1024) throw UsageError("--jobs must be in [1, 1024], got " + std::to_string(jobs));
}

}  // namespace innosim::experiments
