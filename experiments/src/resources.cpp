#include "innosim/experiments/resources.hpp"

#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "innosim/engine/error.hpp"
#include "innosim/scenario/warmup.hpp"

namespace innosim::experiments {

namespace {

// Measured (innosim 0.1, Debian 12, release build, 2026-12): peak RSS of one
// replication grows by 407 bytes per initial firm (20,000 -> 80,000 firms,
// 1 year) and 414 per entrant (60,000 entrants a year); a process with few
// firms peaks near 29 MB. x 1.5: a std::vector grows by doubling.
constexpr double kBytesPerFirm = 410.0 * 1.5;
constexpr double kFixedPerRun = 32.0 * 1024 * 1024;
// One panel row as a run spools it (output::FirmRecord, padded) and as the
// file stores it after shuffle + deflate (measured: about a third). A run
// holds one block of rows in memory (RowSpool::kBlock) and spools the rest
// beside the results file.
constexpr double kPanelRowSpool = 104.0;  // sizeof(output::FirmRecord) since format 1.3 (birth_time)
constexpr double kPanelRowFile = 25.0;
constexpr double kSpoolBlocks = 3.0 * 4096 * 104.0;  // the panel's block, the exits table's and the event log's
// The event log: a row as a run spools it (EventRow: 40 bytes) and as the
// file stores it (measured: 24.6 bytes after shuffle + deflate). How many:
// measured on the library scenarios (jiangmen-2025, combined-package,
// no-policy, risk-pool, loan-subsidy-high; 200 to 20,000 firms, 0.05 to 10
// years, 2026-12), a run logged up to 1.0 event per firm it holds at the
// start (the initial burst) and 5.8 per firm it holds and year, fewer over
// long horizons as firms exit; issue 13's firm finance brought that down to
// 0.4 and 3.6. The estimate takes 1.5 and 6 per firm held: a bound with a
// margin for a model that changes.
// What a scenario's file holds whatever its length: each metric's matrix and
// summary datasets with their attributes and chunk indexes (measured: a
// one-replication, one-year run of 82 metrics is 511 KB, of which 102 KB
// are its series).
constexpr double kBytesPerMetric = 6.0 * 1024;
constexpr double kEventRowSpool = sizeof(EventRow);
constexpr double kEventRowFile = 25.0;
constexpr double kEventsPerFirm = 1.5;
constexpr double kEventsPerFirmYear = 6.0;

double machine_memory() {
  double bytes = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  // A cgroup v2 limit (a container, a Slurm job) is what actually applies.
  std::ifstream in("/sys/fs/cgroup/memory.max");
  std::string limit;
  if (in >> limit && limit != "max") {
    try {
      bytes = std::min(bytes, std::stod(limit));
    } catch (...) {
    }
  }
  return bytes;
}

double disk_free(const std::filesystem::path& output) {
  std::filesystem::path dir = output.has_parent_path() ? output.parent_path() : std::filesystem::path(".");
  struct statvfs st {};
  if (::statvfs(dir.c_str(), &st) != 0) return 0;  // unknown: not checked
  return static_cast<double>(st.f_bavail) * static_cast<double>(st.f_frsize);
}

}  // namespace

std::string format_bytes(double b) {
  char buf[32];
  if (b >= 1024.0 * 1024 * 1024 * 1024)
    std::snprintf(buf, sizeof buf, "%.1f TiB", b / (1024.0 * 1024 * 1024 * 1024));
  else if (b >= 1024.0 * 1024 * 1024)
    std::snprintf(buf, sizeof buf, "%.1f GiB", b / (1024.0 * 1024 * 1024));
  else if (b >= 1024.0 * 1024)
    std::snprintf(buf, sizeof buf, "%.0f MiB", b / (1024.0 * 1024));
  else
    std::snprintf(buf, sizeof buf, "%.0f KiB", b / 1024.0);
  return buf;
}

namespace {

double firms_held(const PreparedScenario& ps) {
  const double entrants = ps.params.firm.entry_rate_per_year * ps.params.horizon_years;
  // Entry is Poisson: the mean plus 5 standard deviations bounds it in practice.
  return static_cast<double>(ps.params.initial_firms) + entrants + 5.0 * std::sqrt(entrants);
}

double panel_rows(const PreparedScenario& ps) {
  if (!ps.panel) return 0;
  const double snapshots = std::floor(ps.params.horizon_years * 12.0 / std::max(1, ps.params.panel_months)) + 1;
  return firms_held(ps) * snapshots;
}

// The exits table (with the panel): at most one row per firm held; a row as
// a run spools it (output::ExitRecord: 64 bytes) and, as a bound, as the file
// stores it uncompressed (48 bytes).
constexpr double kExitRowSpool = 64.0;
constexpr double kExitRowFile = 48.0;

double exit_rows(const PreparedScenario& ps) { return ps.panel ? firms_held(ps) : 0.0; }

double event_rows(const PreparedScenario& ps) {
  if (!ps.events) return 0;
  return firms_held(ps) * (kEventsPerFirm + kEventsPerFirmYear * ps.params.horizon_years);
}

// A run holds its whole series, warm-up included (ps.params cover it), until
// the warm-up is dropped; the file holds the years from the start date on
// (experiment.cpp, drop_warmup). Counting the warm-up in the file refused a
// run that fits once the baseline had a 5-year warm-up (cli.resources).
double series_bytes(const PreparedScenario& ps, bool in_file = false) {
  const double years = ps.params.horizon_years - (in_file ? scenario::warmup_years(ps.scenario) : 0);
  const double times = std::floor(years * 12.0 / std::max(1, ps.params.sampling_months)) + 1;
  return static_cast<double>(model::metric_catalogue().size()) * times * 8.0;
}

}  // namespace

double memory_per_run(const PreparedScenario& ps, double* firms) {
  const double n = firms_held(ps);
  if (firms) *firms = n;
  return kFixedPerRun + n * kBytesPerFirm + (ps.panel || ps.events ? kSpoolBlocks : 0.0) + series_bytes(ps);
}

double spool_bytes(std::span<const PreparedScenario> scenarios, int jobs) {
  double per_run = 0, runs = 0;
  for (const PreparedScenario& ps : scenarios) {
    per_run = std::max(per_run, panel_rows(ps) * kPanelRowSpool + exit_rows(ps) * kExitRowSpool +
                                    event_rows(ps) * kEventRowSpool);
    runs += ps.replications();
  }
  // Every run in the pool's window may hold its spooled panel and event log at once.
  return std::min(runs, std::max(4.0 * std::max(1, jobs), 8.0)) * per_run;
}

double results_file_bytes(std::span<const PreparedScenario> scenarios, int replications) {
  double total = 64.0 * 1024;
  for (const PreparedScenario& ps : scenarios) {
    const double r = replications >= 0 ? replications : ps.replications();
    // Metric matrices (uncompressed) and per-time summaries, /runs rows, panels, event logs.
    total += static_cast<double>(model::metric_catalogue().size()) * kBytesPerMetric + r * series_bytes(ps, true) +
             series_bytes(ps, true) * 11 + r * 64 + r * panel_rows(ps) * kPanelRowFile + r * exit_rows(ps) * kExitRowFile +
             r * event_rows(ps) * kEventRowFile;
  }
  return total;
}

ResourceEstimate estimate_resources(std::span<const PreparedScenario> scenarios, int jobs, double output_bytes,
                                    const std::filesystem::path& output) {
  ResourceEstimate e;
  double runs = 0, worst = 0, worst_outcome = 0;
  for (const PreparedScenario& ps : scenarios) {
    double firms = 0;
    const double m = memory_per_run(ps, &firms);
    if (m > worst) {
      worst = m;
      e.firms_per_run = firms;
    }
    worst_outcome = std::max(worst_outcome, (ps.panel || ps.events ? kSpoolBlocks : 0.0) + series_bytes(ps));
    runs += ps.replications();
  }
  const double threads = std::max(1, jobs);
  const double at_once = jobs > 0 ? std::min(runs, threads) : 0.0;
  e.memory_per_run = worst;
  // The pool lets runs go ahead of the ordered hand-over by a window of
  // 4 x its threads, at least 8 (experiment.cpp): the finished ones wait
  // there with their outcome.
  const double waiting = std::max(0.0, std::min(runs, std::max(4.0 * threads, 8.0)) - at_once);
  e.memory_job = at_once * worst + waiting * worst_outcome;
  e.memory_machine = machine_memory();
  e.output_bytes = output_bytes;
  e.disk_free = output.empty() ? 0 : disk_free(output);
  return e;
}

ResourceEstimate check_resources(const std::string& command, std::span<const PreparedScenario> scenarios, int jobs,
                                 double output_bytes, const std::filesystem::path& output, bool skip) {
  const ResourceEstimate e = estimate_resources(scenarios, jobs, output_bytes, output);
  if (skip) return e;
  if (!e.memory_fits()) {
    char firms[32];
    std::snprintf(firms, sizeof firms, "%.4g", e.firms_per_run);
    throw UsageError(
        "this " + command + " needs about " + format_bytes(e.memory_job) + " of memory (" +
        format_bytes(e.memory_per_run) + " per replication: up to " + firms +
        " firms with entry over the horizon, and the firm panel if written; " +
        (jobs > 0 ? std::to_string(jobs) + " at once with --jobs" : std::string("finished runs waiting to be written")) +
        "), more than 90% of this machine's " + format_bytes(e.memory_machine) +
        ": lower population.firms, firms.entry_rate_per_year, horizon_years or --jobs, drop --panel, or pass "
        "--skip-resource-check if you know better");
  }
  if (!e.disk_fits())
    throw UsageError("this " + command + " writes about " + format_bytes(e.output_bytes) + " beside '" +
                     output.string() + "', where " + format_bytes(e.disk_free) +
                     " are free: free some space, write elsewhere (-o), shrink the job, or pass "
                     "--skip-resource-check if you know better");
  return e;
}

}  // namespace innosim::experiments
