// Drives innosim::output for the script tests:
//   output_test_helper write OUT.h5 [--force]   writes the synthetic file (synthetic.hpp)
//   output_test_helper hang OUT.h5              writes forever, printing "ready <temporary>"
//                                               once data is on disk (to be killed with SIGKILL)
// Exit codes as innosim's: 2 for ConfigError, 1 for other failures.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <thread>

#include "innosim/engine/error.hpp"
#include "synthetic.hpp"

namespace syn = innosim::output::synthetic;
using namespace innosim::output;

namespace {

[[noreturn]] void hang(const std::filesystem::path& path) {
  ResultsWriter out(path, {.force = false, .command_line = "output_test_helper hang"});
  ScenarioSpec spec = syn::spec_a();
  spec.replications = 100000;  // far more than written before the kill
  ScenarioWriter& s = out.add_scenario(spec);
  FirmPanelWriter& firms = s.firm_panel({.block_rows = 256, .deflate_level = 1});
  bool announced = false;
  for (int r = 0; r < spec.replications; ++r) {
    for (int t = 0; t < syn::kTimesA; ++t)
      for (int i = 0; i < syn::kFirmsPerSnapshot; ++i) firms.append(syn::firm(r, t, i));
    ReplicationSeries series = syn::series_a(0);
    series.replication = r;
    s.write_replication(series);
    if (!announced && firms.rows_written() > 0) {
      std::printf("ready %s\n", out.temporary().c_str());
      std::fflush(stdout);
      announced = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: output_test_helper write|hang OUT.h5 [--force]\n");
    return 2;
  }
  const std::string mode = argv[1];
  const std::filesystem::path path = argv[2];
  const bool force = argc > 3 && std::strcmp(argv[3], "--force") == 0;
  try {
    if (mode == "write") {
      syn::write(path, force);
      return 0;
    }
    if (mode == "hang") hang(path);
    std::fprintf(stderr, "output_test_helper: unknown mode '%s'\n", mode.c_str());
    return 2;
  } catch (const innosim::ConfigError& e) {
    std::fprintf(stderr, "output_test_helper: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "output_test_helper: failed: %s\n", e.what());
    return 1;
  }
}
