// `innosim run`: the main job. Loads a scenario, runs its replications on a
// thread pool, streams each finished replication to the HDF5 results file
// (written atomically) and prints the headline outcomes at the horizon.
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unistd.h>

#include <boost/program_options.hpp>

#include "cli.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/engine/statistics.hpp"
#include "innosim/model/ecosystem.hpp"
#include "innosim/model/parameters.hpp"
#include "innosim/output/results_reader.hpp"
#include "innosim/output/results_writer.hpp"
#include "innosim/scenario/scenario.hpp"

namespace po = boost::program_options;

namespace innosim::app {

namespace {

// Buffers one replication's panel rows and events; the writer thread
// appends them in replication order, so the file does not depend on --jobs.
struct Recorder : model::RunObserver {
  std::int32_t replication = 0;
  bool panel = false, events = false;
  std::vector<output::FirmRecord> firms;
  std::vector<output::EventRecord> log;
  void on_firm(double t, const model::Firm& f) override {
    output::FirmRecord r;
    r.replication = replication;
    r.time = t;
    r.firm_id = f.id;
    r.stage = static_cast<output::FirmStage>(f.stage);
    r.sector = static_cast<std::int16_t>(f.sector);
    r.employees = f.employees;
    r.revenue = 12.0 * f.revenue;
    r.rd_spending = 12.0 * f.rd_spending;
    r.cash = f.cash;
    r.debt = f.debt;
    r.productivity = f.productivity;
    r.incubated = f.incubated;
    r.insured = f.insurance_cover > 0;
    r.vc_backed = f.venture_invested > 0;
    r.alive = f.alive;
    firms.push_back(r);
  }
  void on_event(double t, std::int64_t id, model::EventKind k, double amount) override {
    log.push_back(output::EventRecord{replication, t, id, static_cast<std::int16_t>(k), amount, {}});
  }
  bool wants_panel() const override { return panel; }
  bool wants_events() const override { return events; }
};

struct Finished {
  model::RunResult result;
  Recorder recorder;
  double wall = 0;
  std::string error;
};

std::string utc_stamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::filesystem::path default_output(const std::string& name) {
  std::filesystem::create_directories("results");
  std::filesystem::path p = std::filesystem::path("results") / (name + "-" + utc_stamp() + ".h5");
  for (int k = 2; std::filesystem::exists(p); ++k)  // never overwrite: add a counter
    p = std::filesystem::path("results") / (name + "-" + utc_stamp() + "-" + std::to_string(k) + ".h5");
  return p;
}

}  // namespace

int cmd_run(const Args& args) {
  std::string scenario_name = "jiangmen-2025", out;
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed;
  std::optional<int> replications;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool panel = false, events = false, force = false, quiet = false;
  po::options_description opts(
      "innosim run [SCENARIO] [options]\n\nRuns a scenario (an embedded name or a YAML file; default jiangmen-2025),\n"
      "writes an HDF5 results file and prints the headline outcomes at the horizon");
  opts.add_options()("help,h", "show this help")("output,o", po::value<std::string>(&out),
                                                  "results file (default results/<scenario>-<UTC time>.h5)")(
      "replications", po::value<int>(), "replications (overrides the scenario)")(
      "seed", po::value<std::uint64_t>(), "random seed (overrides the scenario)")(
      "jobs,j", po::value<int>(&jobs), "parallel replications (default: cores); results do not depend on it")(
      "set", po::value<std::vector<std::string>>(&sets), "override a scenario key: dotted.path=value (repeatable)")(
      "panel", po::bool_switch(&panel), "write the firm panel (/scenarios/<name>/firms)")(
      "events", po::bool_switch(&events), "write the event log (/scenarios/<name>/events)")(
      "force", po::bool_switch(&force), "overwrite an existing -o file")("quiet,q", po::bool_switch(&quiet),
                                                                      "print nothing but errors");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>(&scenario_name));
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  if (vm.count("help")) {
    std::cout << opts << "\n";
    return 0;
  }
  po::notify(vm);
  if (vm.count("seed")) seed = vm["seed"].as<std::uint64_t>();
  if (vm.count("replications")) replications = vm["replications"].as<int>();
  if (jobs < 1 || jobs > 1024) throw UsageError("--jobs must be in [1, 1024]");
  if (panel) sets.push_back("outputs.panel=true");
  if (events) sets.push_back("outputs.events=true");

  scenario::Scenario scn = scenario::load(full_schema(), scenario_name, sets);  // ScenarioError -> exit 2
  if (seed) scn.set_seed(*seed);
  if (replications) scn.set_replications(*replications);
  const model::Params params = model::params_from(scn);
  panel = scn.boolean("outputs.panel");
  events = scn.boolean("outputs.events");
  const int reps = scn.replications();

  const std::filesystem::path target = out.empty() ? default_output(scn.name()) : std::filesystem::path(out);
  if (!out.empty() && std::filesystem::exists(target) && !force)
    throw UsageError("'" + target.string() + "' exists; use --force to overwrite it");

  output::WriterOptions wo;
  wo.force = force;
  wo.command_line = command_line();
  output::ResultsWriter writer(target, wo);
  output::ScenarioSpec spec;
  spec.name = scn.name();
  spec.yaml = scn.resolved_yaml();
  spec.seed = scn.seed();
  spec.replications = reps;
  spec.horizon_years = scn.horizon_years();
  const int months = static_cast<int>(std::lround(params.horizon_years * 12.0));
  for (int m = 0; m <= months; m += params.sampling_months) spec.time.push_back(m / 12.0);
  for (const auto& mi : model::metric_catalogue()) spec.metrics.push_back({mi.name, mi.unit, mi.description});
  output::ScenarioWriter& sw = writer.add_scenario(spec);
  output::FirmPanelWriter* panel_writer = panel ? &sw.firm_panel() : nullptr;
  output::EventLogWriter* event_writer = nullptr;
  if (events) {
    std::vector<output::EventKind> kinds;
    for (int k = 0; k < model::EVENT_KIND_COUNT; ++k) kinds.push_back({model::EVENT_KIND_NAMES[k], static_cast<std::int16_t>(k)});
    event_writer = &sw.event_log(kinds);
  }

  // Workers take replications in order; the main thread writes them in
  // order as they become available (memory: only finished-unwritten runs).
  std::mutex mu;
  std::condition_variable cv;
  std::map<int, Finished> done;
  std::atomic<int> next{0};
  const auto t0 = std::chrono::steady_clock::now();
  auto worker = [&] {
    for (int r; (r = next.fetch_add(1)) < reps;) {
      Finished f;
      f.recorder.replication = r;
      f.recorder.panel = panel;
      f.recorder.events = events;
      const auto s0 = std::chrono::steady_clock::now();
      try {
        model::Ecosystem eco(params, scn.seed(), static_cast<std::uint64_t>(r), &f.recorder);
#ifndef NDEBUG
        eco.set_check_books_every_sample(true);
#endif
        f.result = eco.run();
        if (!f.result.books.ok())
          f.error = "books do not balance: " + f.result.books.worst + " (relative gap " +
                    std::to_string(f.result.books.worst_gap) + ")";
      } catch (const std::exception& e) {
        f.error = e.what();
      }
      f.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count();
      std::lock_guard lock(mu);
      done.emplace(r, std::move(f));
      cv.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (int j = 0; j < std::min(jobs, reps); ++j) pool.emplace_back(worker);
  const bool tty = isatty(STDERR_FILENO);
  int failures = 0;
  for (int r = 0; r < reps; ++r) {
    Finished f;
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return done.count(r) > 0; });
      f = std::move(done.at(r));
      done.erase(r);
    }
    if (f.error.empty()) {
      output::ReplicationSeries rs;
      rs.replication = r;
      rs.seed = scn.seed();
      rs.wall_seconds = f.wall;
      rs.values = std::move(f.result.series);
      sw.write_replication(rs);
      if (panel_writer) panel_writer->append(f.recorder.firms);
      if (event_writer)
        for (const auto& e : f.recorder.log) event_writer->append(e);
    } else {
      ++failures;
      sw.record_failure(r, scn.seed(), f.error, f.wall);
      std::fprintf(stderr, "innosim run: replication %d failed: %s\n", r, f.error.c_str());
    }
    if (!quiet) {
      const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      const double rate = (r + 1) / std::max(el, 1e-9);
      std::fprintf(stderr, tty ? "\r[run] %d/%d replications  %.2f/s  ETA %.0fs   " : "[run] %d/%d replications  %.2f/s  ETA %.0fs\n",
                   r + 1, reps, rate, (reps - r - 1) / rate);
      if (tty && r + 1 == reps) std::fprintf(stderr, "\n");
    }
  }
  for (auto& t : pool) t.join();
  writer.commit();

  if (!quiet) {
    // Headline outcomes at the horizon: the last row of each summary.
    std::printf("\n%s — %d replications, seed %llu, horizon %g years (%d)\n", scn.name().c_str(), reps,
                static_cast<unsigned long long>(scn.seed()), scn.horizon_years(), scn.start_year() + static_cast<int>(scn.horizon_years()));
    std::printf("%-26s %16s %34s  %s\n", "metric at horizon", "mean", "95% CI", "unit");
    const char* headline[] = {"firms_active", "startups", "tech_smes", "high_tech_enterprises", "gazelles", "unicorns",
                              "employment", "tech_loans_outstanding", "borrowing_firms", "insured_firms",
                              "revenue", "new_tech_loans", "fiscal_spending"};
    output::ResultsReader reader(target);
    for (const char* name : headline) {
      const auto rows = reader.summary(scn.name(), name);
      const auto& last = rows.back();
      char ci[80];
      std::snprintf(ci, sizeof ci, "[%.6g, %.6g]", last.ci_low, last.ci_high);
      std::printf("%-26s %16.6g %34s  %s\n", name, last.mean, ci, model::metric_catalogue()[model::metric_index(name)].unit);
    }
    std::printf("\nresults: %s\n", target.string().c_str());
  }
  if (failures) {
    std::fprintf(stderr, "innosim run: %d of %d replications failed (recorded in /runs)\n", failures, reps);
    return 1;
  }
  return 0;
}

}  // namespace innosim::app
