// libFuzzer targets for the readers of untrusted files (issue #19): the
// scenario loader, the sweep-file reader and the results-file reader. One
// source, three executables (FUZZ_TARGET selects). Each input is written to
// a file, because the readers take paths (and must handle what a file can
// be); a reader may refuse it (ScenarioError, ConfigError: bad input) but
// must not crash, hang, leak or misbehave under ASan and UBSan.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "innosim/engine/error.hpp"
#include "innosim/experiments/schema_registry.hpp"
#include "innosim/experiments/sweep_file.hpp"
#include "innosim/experiments/text_format.hpp"
#include "innosim/model/ecosystem.hpp"
#include "innosim/output/isolated.hpp"
#include "innosim/output/results_reader.hpp"
#include "innosim/scenario/scenario.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path& scratch() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("innosim-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

fs::path write_input(const char* name, const std::uint8_t* data, std::size_t size) {
  const fs::path p = scratch() / name;
  std::FILE* f = std::fopen(p.c_str(), "wb");
  if (!f) std::abort();
  if (size && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  return p;
}

[[noreturn]] void unexpected(const char* what) {
  std::fprintf(stderr, "fuzz target: unexpected exception: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
#if FUZZ_TARGET == 1  // scenario loader
  const fs::path p = write_input("scenario.yaml", data, size);
  try {
    const innosim::scenario::Scenario s = innosim::scenario::load(innosim::experiments::full_schema(), p.string());
    (void)s.resolved_yaml();
  } catch (const innosim::ConfigError&) {
  } catch (const std::exception& e) {
    unexpected(e.what());
  }
#elif FUZZ_TARGET == 2  // sweep-file reader
  const fs::path p = write_input("sweep.yaml", data, size);
  static const std::vector<std::string> metrics = [] {
    std::vector<std::string> m;
    for (const auto& mi : innosim::model::metric_catalogue()) m.push_back(mi.name);
    return m;
  }();
  try {
    (void)innosim::experiments::load_sweep(p, innosim::experiments::full_schema(), metrics);
  } catch (const innosim::ConfigError&) {
  } catch (const std::exception& e) {
    unexpected(e.what());
  }
#elif FUZZ_TARGET == 3  // results-file reader, as `innosim inspect` runs it: in a child process
  const fs::path p = write_input("results.h5", data, size);
  const innosim::output::IsolatedResult r = innosim::output::run_isolated(
      [&] {
        const innosim::output::ResultsReader in(p);
        std::string text;
        for (const auto& s : in.scenarios()) {
          text += innosim::experiments::terminal_text(s.name) + innosim::experiments::json_string(s.yaml);
          for (const auto& m : s.metrics) text += innosim::experiments::terminal_text(m.name + m.unit + m.description);
        }
        for (const auto& r : in.runs()) text += innosim::experiments::json_string(r.status);
        (void)in.sweep();
        (void)in.comparisons();
        return text;
      },
      std::uint64_t{2} << 30, 20.0);
  // A crash of HDF5 in the child is contained: that is the point. The text
  // handed back must be safe to print: no raw escape character.
  if (r.end == innosim::output::IsolatedResult::End::ok && r.text.find('\x1b') != std::string::npos) std::abort();
#else
#error "FUZZ_TARGET must be 1, 2 or 3"
#endif
  return 0;
}
