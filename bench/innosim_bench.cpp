// innosim-bench: speed of the kernel and the model, one JSON line per run.
//
//   innosim-bench hold --pending N --ops M
//     The hold model through the kernel's real scheduling path (Handler
//     dispatch included): N events pending; each handler schedules one new
//     event at now + Exp(1). Prints wall-clock ns_per_op and ops_per_s (what
//     the comparisons use) and cpu_ns_per_op (thread CPU time, less disturbed
//     by other processes on a busy machine).
//
//   innosim-bench ties --firms N --years Y
//     A model-shaped load with many exact ties: N monthly recurrences on the
//     1st of the month; each run schedules a follow-up at the same time with
//     a higher priority, one a whole number of days later and one at a
//     continuous time (a fifth of those are cancelled in batches); each
//     follow-up continues a chain with probability 1/2. Prints ns_per_event
//     and order_hash, a hash of every executed event and its time: equal
//     hashes mean the same events ran in the same order at the same times
//     (use it to check that a kernel change keeps results bit-identical).
//
// Compare with ../shared/bench/hold_limit.cpp (bare std::priority_queue)
// and hold_simpy_classic.py; docs/performance.md has the commands.
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

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

struct Ties {
  Simulator sim{Date{2025, 1, 1}};
  RandomStream rng{5, 0, 0, purpose_id("ties")};
  std::uint64_t hash = 1469598103934665603ull;  // FNV-1a over (label, time bits)
  std::vector<EventId> to_cancel;

  void mix(std::uint64_t v) { hash = (hash ^ v) * 1099511628211ull; }
  void leaf(int label) {
    mix(static_cast<std::uint64_t>(label));
    mix(std::bit_cast<std::uint64_t>(sim.now()));
    if (rng.uniform01() < 0.5) sim.schedule_in(exponential(rng, 0.2), [this, label] { leaf(label + 1); });
  }
  void firm(int i) {
    mix(static_cast<std::uint64_t>(i) << 32);
    mix(std::bit_cast<std::uint64_t>(sim.now()));
    sim.schedule_in(0.0, [this, i] { leaf(i); }, -1);
    sim.schedule_in(std::floor(uniform(rng, 0.0, 30.0)), [this, i] { leaf(i * 7); });
    const EventId e = sim.schedule_in(uniform(rng, 0.0, 30.0), [this, i] { leaf(i * 13); });
    if (rng.uniform01() < 0.2) to_cancel.push_back(e);
    if (to_cancel.size() > 100) {
      for (const EventId& id : to_cancel) sim.cancel(id);
      to_cancel.clear();
    }
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

int bench_ties(int argc, char** argv) {
  const long firms = arg_long(argc, argv, "--firms", 10000);
  const long years = arg_long(argc, argv, "--years", 10);
  if (firms < 1 || years < 1 || firms > static_cast<long>(Simulator::MAX_PENDING) / 8 || years > 1000) {
    std::fprintf(stderr, "innosim-bench ties: --firms must be in [1, %u] and --years in [1, 1000]\n",
                 Simulator::MAX_PENDING / 8);
    return 2;
  }
  Ties t;
  for (long i = 0; i < firms; ++i) {
    const auto label = static_cast<int>(i);
    t.sim.schedule_calendar(Recurrence::monthly, Date{2025, 1 + label % 3, 1}, [p = &t, label] { p->firm(label); });
  }
  const double c0 = cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  t.sim.run_until(t.sim.time_of(Date{2025 + static_cast<int>(years), 1, 1}));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = cpu_seconds() - c0;
  const auto events = static_cast<double>(t.sim.events_executed());
  std::printf(
      "{\"firms\": %ld, \"years\": %ld, \"events\": %llu, \"ns_per_event\": %.2f, \"cpu_ns_per_event\": %.2f, "
      "\"order_hash\": \"%016llx\"}\n",
      firms, years, static_cast<unsigned long long>(t.sim.events_executed()), 1e9 * s / events, 1e9 * cpu / events,
      static_cast<unsigned long long>(t.hash));
  return 0;
}

}  // namespace

namespace innosim::bench {
int bench_model(int argc, char** argv);
}  // namespace innosim::bench

namespace {

void usage() {
  std::fprintf(stderr,
               "usage: innosim-bench hold --pending N --ops M\n"
               "       innosim-bench ties --firms N --years Y\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage();
    return 2;
  }
  const std::string what = argv[1];
  if (what == "hold") return bench_hold(argc, argv);
  if (what == "ties") return bench_ties(argc, argv);
  if (what == "model") return innosim::bench::bench_model(argc, argv);
  usage();
  return 2;
}
