#include "innosim/engine/queueing.hpp"

#include <cmath>
#include <string>

#include "innosim/engine/error.hpp"
#include "innosim/engine/random.hpp"
#include "innosim/engine/resource.hpp"
#include "innosim/engine/simulator.hpp"

namespace innosim::engine {

MmcAnalytic mmc_analytic(int c, double lambda, double mu) {
  MmcAnalytic a;
  const double offered = lambda / mu;  // a = lambda/mu, in Erlangs
  a.rho = offered / c;
  if (!(a.rho < 1.0)) throw ConfigError("unstable queue: utilisation rho = lambda/(c*mu) must be < 1");
  // Erlang B by the stable recursion, then C = B / (1 - rho (1 - B)).
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = offered * b / (k + offered * b);
  a.p_wait = b / (1.0 - a.rho * (1.0 - b));
  a.wq = a.p_wait / (c * mu - lambda);
  a.w = a.wq + 1.0 / mu;
  a.lq = lambda * a.wq;
  a.l = lambda * a.w;
  return a;
}

void validate(const MmcConfig& c) {
  auto bad = [](const std::string& m) { throw ConfigError(m); };
  if (c.servers < 1) bad("--servers must be >= 1");
  if (c.servers > 100000) bad("--servers must be <= 100000");
  if (!(c.arrival_rate > 0.0) || !std::isfinite(c.arrival_rate)) bad("--arrival-rate must be a positive number");
  if (!(c.service_rate > 0.0) || !std::isfinite(c.service_rate)) bad("--service-rate must be a positive number");
  if (!(c.horizon > 0.0) || !std::isfinite(c.horizon)) bad("--horizon must be a positive number");
  if (!(c.warmup >= 0.0) || !(c.warmup < c.horizon)) bad("--warmup must be >= 0 and < --horizon");
  if (c.replications < 2) bad("--replications must be >= 2 (a confidence interval needs two)");
  const double rho = c.arrival_rate / (c.servers * c.service_rate);
  if (!(rho < 1.0))
    bad("unstable queue: rho = arrival-rate / (servers * service-rate) = " + std::to_string(rho) +
        " must be < 1 (no steady state exists)");
  if (c.arrival_rate * c.horizon > 5e8) bad("--arrival-rate x --horizon above 5e8 customers per replication");
}

namespace {

// One replication. Arrivals and services draw from separate keyed streams.
struct MmcRun {
  Simulator sim;
  Resource server;
  RandomStream arrivals, services;
  double lambda, mu, warmup;
  Welford sojourn;
  std::uint64_t arrivals_after_warmup = 0;

  MmcRun(const MmcConfig& c, int rep)
      : server(sim, c.servers),
        arrivals(c.seed, static_cast<std::uint64_t>(rep), 0, purpose_id("mmc_arrivals")),
        services(c.seed, static_cast<std::uint64_t>(rep), 0, purpose_id("mmc_services")),
        lambda(c.arrival_rate),
        mu(c.service_rate),
        warmup(c.warmup) {}

  void arrive() {
    const double t = sim.now();
    if (t >= warmup) ++arrivals_after_warmup;
    server.request([this, t] { start_service(t); });
    sim.schedule_in(exponential(arrivals, lambda), [this] { arrive(); });
  }
  void start_service(double arrived) {
    sim.schedule_in(exponential(services, mu), [this, arrived] { depart(arrived); });
  }
  void depart(double arrived) {
    if (arrived >= warmup) sojourn.add(sim.now() - arrived);
    server.release();
  }
};

}  // namespace

MmcResult run_mmc(const MmcConfig& c) {
  validate(c);
  MmcResult result;
  result.analytic = mmc_analytic(c.servers, c.arrival_rate, c.service_rate);
  Welford wq, l, util, little;
  for (int rep = 0; rep < c.replications; ++rep) {
    MmcRun run(c, rep);
    run.sim.schedule_in(exponential(run.arrivals, run.lambda), [&run] { run.arrive(); });
    run.sim.schedule_at(c.warmup, [&run] { run.server.reset_statistics(); }, Simulator::MIN_PRIORITY);
    run.sim.run_until(c.horizon);
    wq.add(run.server.wait_stats().mean());
    l.add(run.server.mean_in_system());
    util.add(run.server.utilization());
    const double lambda_hat = static_cast<double>(run.arrivals_after_warmup) / (c.horizon - c.warmup);
    little.add(lambda_hat * run.sojourn.mean());
  }
  result.wq = confidence_interval(wq);
  result.l = confidence_interval(l);
  result.utilization = confidence_interval(util);
  result.little_lambda_w = confidence_interval(little);
  return result;
}

}  // namespace innosim::engine
