// `innosim inspect OUT.h5 [--json]`: what a results file holds;
// `--summary`: its tables for people (results_text.hpp), in zh or en.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "cli.hpp"
#include "results_input.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/output/results_reader.hpp"
#include "innosim/experiments/comparison.hpp"
#include "innosim/experiments/results_text.hpp"
#include "innosim/experiments/text_format.hpp"

namespace po = boost::program_options;

namespace innosim::app {

namespace {

using output::ResultsReader;
using output::RunRecord;
using output::ScenarioHeader;

std::string json_optional(const std::optional<std::uint64_t>& v) { return v ? std::to_string(*v) : "null"; }

struct RunCounts {
  std::size_t count = 0;
  std::size_t failed = 0;
};

RunCounts count_runs(const std::vector<RunRecord>& runs, const std::string* scenario) {
  RunCounts c;
  for (const RunRecord& r : runs) {
    if (scenario && r.scenario != *scenario) continue;
    ++c.count;
    if (!r.ok()) ++c.failed;
  }
  return c;
}

std::string json_runs(const RunCounts& c) {
  return "{\"count\": " + std::to_string(c.count) + ", \"failed\": " + std::to_string(c.failed) + "}";
}

std::string json_report(const std::string& path, const ResultsReader& in, const std::vector<RunRecord>& runs) {
  const output::FileHeader& h = in.header();
  std::string out = "{";
  out += "\"file\": " + json_string(path);
  out += ", \"filetype\": " + json_string(std::string(output::kFiletype));
  out += ", \"format_version\": [" + std::to_string(h.format_version[0]) + ", " +
         std::to_string(h.format_version[1]) + "]";
  out += ", \"innosim_version\": " + json_string(h.innosim_version);
  out += ", \"git_sha1\": " + json_string(h.git_sha1);
  out += ", \"created_utc\": " + json_string(h.created_utc);
  out += ", \"command_line\": " + json_string(h.command_line);
  out += ", \"n_ranks\": " + std::to_string(h.n_ranks);
  out += ", \"runs\": " + json_runs(count_runs(runs, nullptr));
  out += ", \"failed_runs\": [";
  bool first = true;
  for (const RunRecord& r : runs) {
    if (r.ok()) continue;
    out += first ? "" : ", ";
    first = false;
    out += "{\"scenario\": " + json_string(r.scenario) + ", \"replication\": " + std::to_string(r.replication) +
           ", \"seed\": " + std::to_string(r.seed) + ", \"status\": " + json_string(r.status) + "}";
  }
  out += "], \"comparisons\": [";
  const std::vector<std::string> comparisons = in.comparisons();
  for (std::size_t i = 0; i < comparisons.size(); ++i) out += (i ? ", " : "") + json_string(comparisons[i]);
  out += "], \"sweep\": ";
  if (const auto sw = in.sweep()) {
    const auto list = [](const std::vector<std::string>& v) {
      std::string l = "[";
      for (std::size_t i = 0; i < v.size(); ++i) l += (i ? ", " : "") + json_string(v[i]);
      return l + "]";
    };
    out += "{\"design\": " + json_string(sw->design) + ", \"points\": " + std::to_string(sw->points) +
           ", \"replications\": " + std::to_string(sw->replications) + ", \"seed\": " + std::to_string(sw->seed) +
           ", \"base_scenario\": " + json_string(sw->base_scenario) + ", \"policy_scenario\": " +
           (sw->policy_scenario.empty() ? std::string("null") : json_string(sw->policy_scenario)) + ", \"sweep_sha256\": " +
           json_string(sw->sha256) + ", \"factors\": " + list(sw->factors) + ", \"metrics\": " +
           list(sw->metrics) + ", \"series\": " + (sw->series ? "true" : "false") + "}";
  } else {
    out += "null";
  }
  out += ", \"sensitivity\": ";
  if (const auto sa = in.sensitivity()) {
    const auto list = [](const std::vector<std::string>& v) {
      std::string l = "[";
      for (std::size_t i = 0; i < v.size(); ++i) l += (i ? ", " : "") + json_string(v[i]);
      return l + "]";
    };
    out += "{\"method\": " + json_string(sa->method) + ", \"n\": " + std::to_string(sa->n) +
           ", \"points\": " + std::to_string(sa->points) + ", \"replications\": " +
           std::to_string(sa->replications) + ", \"seed\": " + std::to_string(sa->seed) +
           ", \"base_scenario\": " + json_string(sa->base_scenario) + ", \"policy_scenario\": " +
           json_string(sa->policy_scenario) + ", \"test_function\": " + json_string(sa->test_function) +
           ", \"factors\": " + list(sa->factors) + ", \"outputs\": " + list(sa->outputs) + "}";
  } else {
    out += "null";
  }
  out += ", \"scenarios\": [";
  first = true;
  for (const ScenarioHeader& s : in.scenarios()) {
    out += first ? "" : ", ";
    first = false;
    out += "{\"name\": " + json_string(s.name);
    out += ", \"seed\": " + std::to_string(s.seed);
    out += ", \"replications\": " + std::to_string(s.replications);
    out += ", \"horizon_years\": " + json_number(s.horizon_years);
    out += ", \"n_time\": " + std::to_string(s.n_time);
    out += ", \"scenario_sha256\": " + json_string(s.sha256);
    out += ", \"runs\": " + json_runs(count_runs(runs, &s.name));
    out += ", \"firm_rows\": " + json_optional(s.firm_rows);
    out += ", \"exit_rows\": " + json_optional(s.exit_rows);
    out += ", \"event_rows\": " + json_optional(s.event_rows);
    out += ", \"metrics\": [";
    for (std::size_t i = 0; i < s.metrics.size(); ++i)
      out += std::string(i ? ", " : "") + "{\"name\": " + json_string(s.metrics[i].name) +
             ", \"unit\": " + json_string(s.metrics[i].unit) +
             ", \"description\": " + json_string(s.metrics[i].description) + "}";
    out += "]}";
  }
  out += "]}\n";
  return out;
}

/// printf into a string.
template <class... A>
void put(std::string& out, const char* format, A... args) {
  const int n = std::snprintf(nullptr, 0, format, args...);
  if (n <= 0) return;
  const std::size_t at = out.size();
  out.resize(at + static_cast<std::size_t>(n) + 1);
  std::snprintf(out.data() + at, static_cast<std::size_t>(n) + 1, format, args...);
  out.resize(at + static_cast<std::size_t>(n));
}

/// Text from the file, safe for a terminal (no escape sequences, no invalid UTF-8).
std::string safe(const std::string& s) { return terminal_text(s); }

std::string text_report(const std::string& path, const ResultsReader& in, const std::vector<RunRecord>& runs) {
  std::string out;
  const output::FileHeader& h = in.header();
  const RunCounts all = count_runs(runs, nullptr);
  put(out, "file             %s\n", safe(path).c_str());
  put(out, "format_version   %d.%d\n", h.format_version[0], h.format_version[1]);
  put(out, "innosim_version  %s (git %s)\n", safe(h.innosim_version).c_str(), safe(h.git_sha1).c_str());
  put(out, "created_utc      %s\n", safe(h.created_utc).c_str());
  put(out, "command_line     %s\n", safe(h.command_line).c_str());
  put(out, "n_ranks          %d\n", h.n_ranks);
  put(out, "runs             %zu (%zu failed)\n", all.count, all.failed);
  std::size_t shown = 0;
  for (const RunRecord& r : runs) {
    if (r.ok()) continue;
    if (shown++ == 20) {
      put(out, "  ... %zu more failed runs\n", all.failed - 20);
      break;
    }
    put(out, "  %s replication %lld (seed %llu): %s\n", safe(r.scenario).c_str(), static_cast<long long>(r.replication),
                static_cast<unsigned long long>(r.seed), safe(r.status).c_str());
  }
  const std::vector<std::string> comparisons = in.comparisons();
  if (!comparisons.empty()) {
    put(out, "comparisons      %zu\n", comparisons.size());
    for (const std::string& c : comparisons) put(out, "  %s\n", safe(c).c_str());
  }
  if (const auto sw = in.sweep()) {
    put(out, "sweep            %s design, %lld points x %lld replications, seed %llu, base scenario \"%s\"%s\n",
        safe(sw->design).c_str(), static_cast<long long>(sw->points), static_cast<long long>(sw->replications),
        static_cast<unsigned long long>(sw->seed), safe(sw->base_scenario).c_str(),
        sw->policy_scenario.empty() ? "" : (", policy \"" + safe(sw->policy_scenario) + "\"").c_str());
    for (const std::string& f : sw->factors) put(out, "  factor %s\n", safe(f).c_str());
    std::string metrics;
    for (std::size_t i = 0; i < sw->metrics.size() && i < 8; ++i) metrics += (i ? ", " : "") + safe(sw->metrics[i]);
    if (sw->metrics.size() > 8) metrics += ", ...";
    put(out, "  %zu metrics at the horizon%s: %s\n", sw->metrics.size(), sw->series ? " (and full series)" : "",
                metrics.c_str());
  }
  if (const auto sa = in.sensitivity()) {
    const std::string what = sa->test_function.empty()
                                 ? "scenario \"" + sa->base_scenario + "\"" +
                                       (sa->policy_scenario.empty() ? "" : " and policy \"" + sa->policy_scenario + "\"")
                                 : "test function " + sa->test_function;
    put(out, "sensitivity      %s, %s = %lld, %lld points x %lld replications, seed %llu, %s\n", safe(sa->method).c_str(),
                sa->method == "sobol" ? "N" : "trajectories", static_cast<long long>(sa->n),
                static_cast<long long>(sa->points), static_cast<long long>(sa->replications),
                static_cast<unsigned long long>(sa->seed), safe(what).c_str());
    for (const std::string& f : sa->factors) put(out, "  factor %s\n", safe(f).c_str());
    for (const std::string& o : sa->outputs) put(out, "  output %s\n", safe(o).c_str());
  }
  put(out, "scenarios        %zu\n", in.scenarios().size());
  for (const ScenarioHeader& s : in.scenarios()) {
    const RunCounts c = count_runs(runs, &s.name);
    put(out, "\nscenario \"%s\"\n", safe(s.name).c_str());
    put(out, "  seed %llu, replications %lld, horizon %g years, %zu time points\n",
                static_cast<unsigned long long>(s.seed), static_cast<long long>(s.replications), s.horizon_years,
                s.n_time);
    put(out, "  runs %zu (%zu failed)\n", c.count, c.failed);
    put(out, "  scenario_sha256 %s\n", safe(s.sha256).c_str());
    if (s.firm_rows) put(out, "  firm panel %llu rows\n", static_cast<unsigned long long>(*s.firm_rows));
    if (s.exit_rows) put(out, "  exits table %llu rows\n", static_cast<unsigned long long>(*s.exit_rows));
    if (s.event_rows) put(out, "  event log %llu rows\n", static_cast<unsigned long long>(*s.event_rows));
    put(out, "  metrics (%zu):\n", s.metrics.size());
    for (const output::MetricInfo& m : s.metrics)
      put(out, "    %s [%s]: %s\n", safe(m.name).c_str(), safe(m.unit).c_str(), safe(m.description).c_str());
  }
  return out;
}

}  // namespace

int cmd_inspect(const Args& args) {
  std::string file, lang_option, metrics_option;
  bool json = false, summary = false;
  po::options_description opts("innosim inspect OUT.h5 [options]\n\n"
                               "Lists what an innosim results file holds: format and innosim version, when\n"
                               "and how it was made, its scenarios (seed, replications, horizon), runs\n"
                               "(count, failures) and metrics with units and descriptions. With --summary:\n"
                               "what kind of file it is, each scenario's sampling and headline table (stocks\n"
                               "at the horizon, flows as totals over the run and per year, with the 95% CI of\n"
                               "the mean and the 5%-95% range of the replications), and the comparisons,\n"
                               "sweep points, sensitivity indices, calibration estimates or discovered box\n"
                               "the file stores, as the command that made it printed them");
  opts.add_options()("help,h", "show this help")("json", po::bool_switch(&json), "print one JSON object")(
      "summary", po::bool_switch(&summary), "the file's tables for people (with --json: their numbers, exact)")(
      "lang", po::value<std::string>(&lang_option), "zh or en: language of the summary (default: the locale's)")(
      "metrics", po::value<std::string>(&metrics_option),
      "metrics of the scenarios' headline tables, a,b,c (default: the headline set)")(
      "at", po::value<int>(), "with --summary: stocks on 1 January of YEAR, flows totalled up to it (default: the horizon)");
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>(&file), "results file");
  po::variables_map vm;
  if (!parse_command(args, opts, hidden, "file", 1, vm)) return 0;  // --help
  if (file.empty()) throw UsageError("no results file given (usage: innosim inspect OUT.h5 [--summary] [--json])");
  SummaryOptions options{choose_lang(lang_option), {}, std::nullopt};
  if (!metrics_option.empty()) options.metrics = parse_metric_list(metrics_option);
  if (vm.count("at")) options.at_year = vm["at"].as<int>();
  if (!summary && (!metrics_option.empty() || options.at_year))
    throw UsageError("--metrics and --at choose what --summary shows: add --summary");
  // The file is untrusted: it is read in child processes (results_input.hpp),
  // whose crash or endless loop becomes a "damaged results file" error here
  // (exit 1) instead of killing innosim. Without --summary, one child reads
  // the headers and the /runs table; a summary reads the tables too.
  const std::string text = read_results_file(
      file, summary ? ResultsWork::whole : ResultsWork::headers, [&](const ResultsReader& in) {
        if (summary) {
          try {
            return json ? file_summary_json(in, file, options) : file_summary_text(in, file, options);
          } catch (const UsageError& e) {
            throw ConfigError(e.what());  // --at off the grid: bad input (exit 2), as it always said
          }
        }
        const std::vector<RunRecord> runs = in.runs();
        return json ? json_report(file, in, runs) : text_report(file, in, runs);
      });
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

}  // namespace innosim::app
