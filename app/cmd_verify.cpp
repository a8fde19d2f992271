// `innosim verify mmc`: the kernel against Erlang C.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

#include <boost/program_options.hpp>

#include "cli.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/engine/queueing.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/tables.hpp"

namespace po = boost::program_options;

namespace innosim::app {

namespace {

std::string json_number(double x) {
  if (!std::isfinite(x)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

std::string json_entry(const engine::ConfidenceInterval& ci, double analytic) {
  return "{\"mean\": " + json_number(ci.mean) + ", \"ci_low\": " + json_number(ci.low) +
         ", \"ci_high\": " + json_number(ci.high) + ", \"analytic\": " + json_number(analytic) + "}";
}

int verify_mmc(const Args& args) {
  engine::MmcConfig c;
  bool json = false;
  po::options_description opts("innosim verify mmc [options]\n\n"
                               "Runs an M/M/c queue on the kernel's Resource and compares the mean wait in\n"
                               "queue (Wq), mean number in system (L) and utilisation with Erlang C.\n"
                               "Times are in any consistent unit (rates per unit, horizon in units)");
  std::uint64_t seed = c.seed;
  opts.add_options()("help,h", "show this help")(
      "servers", po::value<int>(&c.servers)->default_value(c.servers), "number of servers c")(
      "arrival-rate", po::value<double>(&c.arrival_rate)->default_value(c.arrival_rate), "arrival rate lambda")(
      "service-rate", po::value<double>(&c.service_rate)->default_value(c.service_rate),
      "service rate mu per server")("horizon", po::value<double>(&c.horizon)->default_value(c.horizon),
                                    "simulated time per replication")(
      "warmup", po::value<double>(&c.warmup)->default_value(c.warmup), "time discarded before statistics start")(
      "replications", po::value<int>(&c.replications)->default_value(c.replications),
      "independent replications")("seed", po::value<U64>(), "random seed (default 1)")(
      "json", po::bool_switch(&json), "print one JSON object");
  po::variables_map vm;
  if (!parse_command(args, opts, {}, nullptr, 0, vm)) return 0;  // --help
  if (vm.count("seed")) seed = vm["seed"].as<U64>().value;
  c.seed = seed;
  engine::validate(c);  // throws ConfigError -> exit 2
  const engine::MmcResult r = engine::run_mmc(c);
  if (json) {
    std::printf("{\"servers\": %d, \"arrival_rate\": %s, \"service_rate\": %s, \"rho\": %s, \"replications\": %d, "
                "\"wq\": %s, \"l\": %s, \"utilization\": %s, \"little_lambda_w\": %s}\n",
                c.servers, json_number(c.arrival_rate).c_str(), json_number(c.service_rate).c_str(),
                json_number(r.analytic.rho).c_str(), c.replications, json_entry(r.wq, r.analytic.wq).c_str(),
                json_entry(r.l, r.analytic.l).c_str(), json_entry(r.utilization, r.analytic.rho).c_str(),
                json_entry(r.little_lambda_w, r.analytic.l).c_str());
    return 0;
  }
  // The table in the message language (--lang, else the locale's): words through the catalogue, numbers as
  // they were (%g: a kernel check reads them as printed).
  const Lang lang = message_lang();
  std::printf("M/M/%d  lambda=%g  mu=%g  rho=%.4f  horizon=%g  warmup=%g  replications=%d  seed=%llu\n\n",
              c.servers, c.arrival_rate, c.service_rate, r.analytic.rho, c.horizon, c.warmup, c.replications,
              static_cast<unsigned long long>(c.seed));
  TextTable t({std::string(tr("quantity", lang)), std::string(tr("simulated", lang)), std::string(tr("95% CI", lang)),
               std::string(tr("analytic", lang)), std::string(tr("in CI", lang))},
              {false, true, true, true, false});
  auto row = [&](const char* name, const engine::ConfidenceInterval& ci, double a) {
    char mean[32], interval[64], analytic[32];
    std::snprintf(mean, sizeof mean, "%.5g", ci.mean);
    std::snprintf(interval, sizeof interval, "[%.5g, %.5g]", ci.low, ci.high);
    std::snprintf(analytic, sizeof analytic, "%.5g", a);
    t.add({std::string(tr(name, lang)), mean, interval, analytic,
           std::string(tr((a >= ci.low && a <= ci.high) ? "yes" : "NO", lang))});
  };
  row("Wq (mean wait in queue)", r.wq, r.analytic.wq);
  row("L (mean number in system)", r.l, r.analytic.l);
  row("utilization", r.utilization, r.analytic.rho);
  row("Little: lambda_obs * W", r.little_lambda_w, r.analytic.l);
  std::fputs(t.render().c_str(), stdout);
  return 0;
}

}  // namespace

int cmd_verify(const Args& args) {
  // --lang is main's (the message language) and the subcommand's option, wherever it stands: not the name of a
  // verification ("innosim verify --lang zh mmc").
  std::size_t at = 0;
  while (at < args.size() && (args[at] == "--lang" || args[at].rfind("--lang=", 0) == 0))
    at += args[at] == "--lang" ? 2 : 1;
  if (at >= args.size() || args[at] == "--help" || args[at] == "-h") {
    std::printf("%s\n", say("usage: innosim verify mmc [options]   (see innosim verify mmc --help)").c_str());
    return at >= args.size() ? 2 : 0;
  }
  Args rest(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(std::min(at, args.size())));
  rest.insert(rest.end(), args.begin() + static_cast<std::ptrdiff_t>(at) + 1, args.end());
  if (args[at] == "mmc") return verify_mmc(rest);
  throw UsageError("unknown verification '" + args[at] + "' (known: mmc)");
}

}  // namespace innosim::app
