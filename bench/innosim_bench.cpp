// innosim-bench: speed of the kernel and the model, one JSON line per run.
//
//   innosim-bench hold --pending N --ops M
//     The hold model through the kernel's real scheduling path (Handler
//     dispatch included): N events pending; each handler schedules one new
//     event at now + Exp(1). Prints wall-clock ns_per_op and ops_per_s (what
//     the comparisons use) and cpu_ns_per_op (thread CPU time, less disturbed
//     by other processes on a busy machine).
//
// Compare with ../shared/bench/hold_limit.cpp (bare std::priority_queue)
// and hold_simpy_classic.py; docs/performance.md has the commands.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

#include "innosim/engine/random.hpp"
#include "innosim/engine/simulator.hpp"

namespace {

using namespace innosim::engine;

struct Hold {
  Simulator sim;
  RandomStream rng{42, 0, 0, purpose_id("hold")};
  long remaining = 0;
  double sink = 0.0;

  void fire() {
    sink += sim.now();
    if (--remaining <= 0) {
      sim.stop();
      return;
    }
    sim.schedule_in(exponential(rng, 1.0), [this] { fire(); });
  }
};

// CPU time of this thread: on a shared machine, wall time also counts the
// time the benchmark was not scheduled at all.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

long arg_long(int argc, char** argv, const char* name, long def) {
  for (int i = 2; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return std::atol(argv[i + 1]);
  return def;
}

int bench_hold(int argc, char** argv) {
  const long pending = arg_long(argc, argv, "--pending", 100000);
  const long ops = arg_long(argc, argv, "--ops", 10000000);
  if (pending < 1 || ops < 1 || pending > static_cast<long>(Simulator::MAX_PENDING)) {
    std::fprintf(stderr, "innosim-bench hold: --pending must be in [1, %u] and --ops >= 1\n", Simulator::MAX_PENDING);
    return 2;
  }
  Hold h;
  h.sim.reserve(static_cast<std::size_t>(pending) + 1);
  for (long i = 0; i < pending; ++i) h.sim.schedule_at(exponential(h.rng, 1.0), [p = &h] { p->fire(); });
  // Warm up so the heap reaches its steady shape, then time `ops` holds.
  h.remaining = pending;
  h.sim.run();
  h.remaining = ops;
  const double c0 = cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  h.sim.run();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = cpu_seconds() - c0;
  std::printf(
      "{\"pending\": %ld, \"ops\": %ld, \"ops_per_s\": %.6g, \"ns_per_op\": %.2f, \"cpu_ns_per_op\": %.2f, "
      "\"check\": %d}\n",
      pending, ops, static_cast<double>(ops) / s, 1e9 * s / static_cast<double>(ops),
      1e9 * cpu / static_cast<double>(ops), h.sink > 0 ? 1 : 0);
  return 0;
}

void usage() {
  std::fprintf(stderr,
               "usage: innosim-bench hold --pending N --ops M\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage();
    return 2;
  }
  const std::string what = argv[1];
  if (what == "hold") return bench_hold(argc, argv);
  usage();
  return 2;
}
