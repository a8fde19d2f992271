// innosim-bench model --firms N --years Y [--seed S] [--all-programmes]
// One replication of the default (Jiangmen 2025) model scaled to N initial
// firms: every firm-proportional quantity (entry rate, loan book, insured
// and incubated firms, incubator count, researchers, recommendations) is
// scaled by N / 6000, so the per-firm work stays the same at every size.
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "innosim/model/ecosystem.hpp"

namespace innosim::bench {

namespace {
double arg_double(int argc, char** argv, const char* name, double def) {
  for (int i = 2; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return std::atof(argv[i + 1]);
  return def;
}
}  // namespace

model::Params scaled_params(int firms, double years) {
  model::Params p;
  const double k = firms / 6000.0;
  p.initial_firms = firms;
  p.horizon_years = years;
  // The model scales the city's size figures (docs/model.md 5.9); the
  // programmes' counts are scaled here.
  for (auto& c : p.incubators.count) c = std::max(1.0, std::round(c * k));
  p.matching.recommendations_per_event *= k;
  p.top_points_firms = std::max(1, static_cast<int>(std::lround(p.top_points_firms * k)));
  return p;
}

int bench_model(int argc, char** argv) {
  const int firms = static_cast<int>(arg_double(argc, argv, "--firms", 10000));
  const double years = arg_double(argc, argv, "--years", 5);
  const auto seed = static_cast<std::uint64_t>(arg_double(argc, argv, "--seed", 1));
  if (firms < 1 || firms > 10'000'000 || !(years > 0) || years > 100) {
    std::fprintf(stderr, "innosim-bench model: --firms in [1, 1e7] and --years in (0, 100]\n");
    return 2;
  }
  model::Params p = scaled_params(firms, years);
  bool all = false;
  for (int i = 2; i < argc; ++i) all = all || std::strcmp(argv[i], "--all-programmes") == 0;
  if (all) {
    // Every instrument on, including those the baseline leaves off.
    p.risk_pool.programme.enabled = true;
    p.vouchers.programme.enabled = true;
    p.pilot.twenty_four.enabled = true;
    p.pilot.twenty_four_hour_zones = std::max(1, p.pilot.platforms / 3);
    p.pilot.new_platforms = 2;
    p.ufpl.programme.enabled = true;
    p.programmes.talent_subsidy.programme.enabled = true;
  }
  const auto t0 = std::chrono::steady_clock::now();
  model::Ecosystem e(p, seed, 0);
  const auto t1 = std::chrono::steady_clock::now();
  timespec c0{}, c1{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
  const model::RunResult r = e.run();
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
  const auto t2 = std::chrono::steady_clock::now();
  // Thread CPU time is steadier than wall time when other work shares the machine.
  const double cpu = static_cast<double>(c1.tv_sec - c0.tv_sec) + 1e-9 * static_cast<double>(c1.tv_nsec - c0.tv_nsec);
  const double setup = std::chrono::duration<double>(t1 - t0).count();
  const double run = std::chrono::duration<double>(t2 - t1).count();
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const double fm = static_cast<double>(r.firm_months);
  std::printf("{\"firms\": %d, \"years\": %g, \"firm_months\": %.0f, \"firm_months_per_s\": %.6g, "
              "\"ns_per_firm_month\": %.1f, \"cpu_ns_per_firm_month\": %.1f, \"setup_s\": %.3f, \"run_s\": %.3f, \"events\": %llu, "
              "\"peak_rss_bytes\": %lld, \"books_ok\": %s, \"all_programmes\": %s}\n",
              firms, years, fm, fm / run, 1e9 * run / fm, 1e9 * cpu / fm, setup, run, static_cast<unsigned long long>(r.events),
              static_cast<long long>(ru.ru_maxrss) * 1024, r.books.ok() ? "true" : "false", all ? "true" : "false");
  return r.books.ok() ? 0 : 1;
}

}  // namespace innosim::bench
