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
//   innosim-bench model --firms N --years Y [--seed S] [--all-programmes]
//     One replication of the default model (model_bench.cpp).
//
// `innosim-bench --help` lists the commands, `innosim-bench CMD --help` their
// options; an unknown option is refused (exit 2) before anything runs.
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

/// One option of a subcommand: `--name VALUE` (a number) or a switch.
struct Option {
  const char* name;
  const char* value;  // nullptr for a switch
  const char* help;
};
struct Command {
  const char* name;
  const char* summary;
  std::vector<Option> options;
  int (*run)(int, char**);
};

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"hold",
       "the hold model through the kernel's scheduling path: N events pending, each schedules one at now + Exp(1)",
       {{"--pending", "N", "events pending (default 100000)"}, {"--ops", "M", "holds timed (default 10000000)"}},
       bench_hold},
      {"ties",
       "a model-shaped load with many exact ties; order_hash identifies the order the events ran in",
       {{"--firms", "N", "monthly recurrences (default 10000)"}, {"--years", "Y", "simulated years (default 10)"}},
       bench_ties},
      {"model",
       "one replication of the default (Jiangmen 2025) model scaled to N initial firms; exit 1 if the books do not balance",
       {{"--firms", "N", "initial firms; firm-proportional inputs scale by N / 6000 (default 10000)"},
        {"--years", "Y", "simulated years, in (0, 100] (default 5)"},
        {"--seed", "S", "seed (default 1)"},
        {"--all-programmes", nullptr, "switch on every instrument, those the baseline leaves off included"}},
       innosim::bench::bench_model},
  };
  return list;
}

void usage(std::FILE* to) {
  std::fprintf(to, "innosim-bench: speed of the kernel and the model, one JSON line per run "
                   "(docs/performance.md)\n\nusage: innosim-bench COMMAND [options]\n\ncommands:\n");
  for (const Command& c : commands()) {
    std::string line = std::string("  ") + c.name;
    for (const Option& o : c.options) line += std::string(" [") + o.name + (o.value ? std::string(" ") + o.value : "") + "]";
    std::fprintf(to, "%s\n      %s\n", line.c_str(), c.summary);
  }
  std::fprintf(to, "\n`innosim-bench COMMAND --help` describes a command's options.\n");
}

void command_help(const Command& c) {
  std::printf("usage: innosim-bench %s [options]\n\n%s\n\noptions:\n", c.name, c.summary);
  for (const Option& o : c.options) {
    const std::string flag = std::string(o.name) + (o.value ? std::string(" ") + o.value : "");
    std::printf("  %-20s %s\n", flag.c_str(), o.help);
  }
  std::printf("  %-20s %s\n", "-h, --help", "show this help");
}

/// Checks argv[2..] against the command's options before anything runs:
/// --help prints the help (returns 0), an unknown option, a missing value or
/// a value that is not a number is an error (returns 2); -1 means run.
int check_arguments(const Command& c, int argc, char** argv) {
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      command_help(c);
      return 0;
    }
    const Option* found = nullptr;
    for (const Option& o : c.options)
      if (a == o.name) found = &o;
    if (!found) {
      std::fprintf(stderr, "innosim-bench %s: unknown option '%s' (see innosim-bench %s --help)\n", c.name, a.c_str(),
                   c.name);
      return 2;
    }
    if (!found->value) continue;
    if (i + 1 >= argc) {
      std::fprintf(stderr, "innosim-bench %s: %s needs a value\n", c.name, found->name);
      return 2;
    }
    const char* v = argv[++i];
    char* end = nullptr;
    std::strtod(v, &end);
    if (*v == '\0' || *end != '\0') {
      std::fprintf(stderr, "innosim-bench %s: %s expects a number, not '%s'\n", c.name, found->name, v);
      return 2;
    }
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  const std::string what = argv[1];
  if (what == "--help" || what == "-h" || what == "help") {
    usage(stdout);
    return 0;
  }
  for (const Command& c : commands()) {
    if (what != c.name) continue;
    const int code = check_arguments(c, argc, argv);
    return code >= 0 ? code : c.run(argc, argv);
  }
  std::fprintf(stderr, "innosim-bench: unknown command '%s'\n\n", what.c_str());
  usage(stderr);
  return 2;
}
