#pragma once
// Analytic M/M/c results and the M/M/c experiment that verifies the kernel
// (event ordering, Resource, statistics) against them: `innosim verify mmc`.
#include <cstdint>

#include "innosim/engine/statistics.hpp"

namespace innosim::engine {

/// Steady-state M/M/c quantities (Erlang C).
struct MmcAnalytic {
  double rho = 0.0;          ///< utilisation lambda / (c mu)
  double p_wait = 0.0;       ///< probability an arrival waits (Erlang C)
  double wq = 0.0;           ///< mean wait in queue
  double w = 0.0;            ///< mean time in system
  double lq = 0.0;           ///< mean number waiting
  double l = 0.0;            ///< mean number in system
};

/// Erlang C for c servers, arrival rate lambda, service rate mu per server.
/// Requires lambda < c mu (throws ConfigError otherwise).
MmcAnalytic mmc_analytic(int servers, double arrival_rate, double service_rate);

struct MmcConfig {
  int servers = 1;
  double arrival_rate = 0.5;
  double service_rate = 1.0;
  double horizon = 10000.0;
  double warmup = 1000.0;
  int replications = 10;
  std::uint64_t seed = 1;
};

/// Throws ConfigError naming the first bad field.
void validate(const MmcConfig& c);

struct MmcResult {
  ConfidenceInterval wq, l, utilization;
  /// Per-replication observed arrival rate x mean sojourn (Little: = L).
  ConfidenceInterval little_lambda_w;
  MmcAnalytic analytic;
};

/// Runs `replications` independent M/M/c simulations on the kernel's
/// Resource; statistics cover [warmup, horizon].
MmcResult run_mmc(const MmcConfig& c);

}  // namespace innosim::engine
