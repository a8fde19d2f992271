// libFuzzer targets for the readers of untrusted input (issue #19): the
// scenario loader with --set overrides, the sweep-file reader and the
// results-file reader. One source, three executables (FUZZ_TARGET selects).
// Each input is written to a file, because the readers take paths (and must
// handle what a file can be); a reader may refuse it (ConfigError: bad
// input) but must not crash, hang, leak or misbehave under ASan and UBSan.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/time.h>
#include <unistd.h>

#include <sanitizer/common_interface_defs.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "innosim/engine/error.hpp"
#include "innosim/experiments/schema_registry.hpp"
#include "innosim/experiments/sweep_file.hpp"
#include "innosim/experiments/text_format.hpp"
#include "innosim/model/ecosystem.hpp"
#include "innosim/output/isolated.hpp"
#include "innosim/output/results_reader.hpp"
#include "innosim/scenario/scenario.hpp"

#if FUZZ_TARGET == 3
#include "coverage_counters.hpp"
#endif

namespace fs = std::filesystem;

namespace {

const fs::path& scratch() {
  static const fs::path dir = [] {
    // Each input is written to a file: in memory (/dev/shm) where there is
    // one, because on a disk mounted with `discard` rewriting a file costs
    // milliseconds, ten times the reading (measured: 6,000 sweep files in
    // 19.7 s under /tmp, 2.1 s under /dev/shm).
    std::error_code ec;
    const fs::path base = fs::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0
                              ? fs::path("/dev/shm")
                              : fs::temp_directory_path();
    fs::path d = base / ("innosim-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  // Registered once `dir` is constructed, so that it runs before `dir` is
  // destroyed (exit handlers run in reverse order of registration).
  static const bool cleanup = [] {
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(dir, ec);
    });
    return true;
  }();
  (void)cleanup;
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

#if FUZZ_TARGET != 3
[[noreturn]] void unexpected(const char* what) {
  std::fprintf(stderr, "fuzz target: unexpected exception: %s\n", what);
  std::abort();
}
#endif

}  // namespace

#if FUZZ_TARGET == 3
namespace {

/// What the reading child's sanitizer report says.
enum class Verdict {
  none,      ///< no report: the child ended without one (killed at its time limit, say)
  limit,     ///< the child's memory limit stopped an allocation: as bad_alloc in a release build
  library,   ///< a fault inside HDF5 (or a library below it): contained, as in `innosim inspect`
  innosim,   ///< a fault in innosim's own code, or undefined behaviour: a bug
};

/// True for a stack frame of the sanitizer runtime or of an allocator, which
/// only says who was called, not who went wrong.
bool runtime_frame(std::string_view line) {
  for (const std::string_view f : {" in __interceptor_", " in __asan", " in __sanitizer", " in __ubsan", " in __lsan",
                                   " in malloc ", " in calloc ", " in realloc ", " in free ", " in operator new",
                                   " in operator delete", " in posix_memalign ", " in aligned_alloc "})
    if (line.find(f) != std::string_view::npos) return true;
  return false;
}

/// Reads the child's stderr from `from` on: which code a sanitizer report
/// (or the stack printed at the CPU limit) blames. The first frame that is
/// in HDF5 (or a library below it) or in innosim's own sources decides;
/// frames of the runtimes, of the C library and of inlined standard headers
/// are passed over.
Verdict judge_frames(const std::string& report, std::size_t from) {
  std::istringstream lines(report.substr(from));
  std::string line;
  const std::string src = INNOSIM_SOURCE_DIR;
  while (std::getline(lines, line)) {
    const std::size_t hash = line.find('#');
    if (hash == std::string::npos || hash + 1 >= line.size() || !std::isdigit(static_cast<unsigned char>(line[hash + 1])))
      continue;
    if (runtime_frame(line)) continue;
    for (const char* lib : {"/libhdf5", "/libsz.so", "/libaec.so", "/libz.so", "/libcurl"})
      if (line.find(lib) != std::string::npos) return Verdict::library;
    for (const char* dir : {"/engine/", "/models/", "/scenarios/", "/output/", "/experiments/", "/app/", "/tests/"})
      if (line.find(src + dir) != std::string::npos) return Verdict::innosim;
  }
  return Verdict::innosim;  // nothing decisive: not provably HDF5's
}

constexpr const char* kCpuLimit = "innosim-fuzz: the CPU limit stopped the reading child here:";

Verdict judge(const std::string& report) {
  if (report.find("runtime error:") != std::string::npos) return Verdict::innosim;  // UBSan: only innosim is instrumented
  for (const char* limit : {"allocation-size-too-big", "out of memory", "out-of-memory",
                            "AddressSanitizer failed to allocate", "requested allocation size", "Failed to mmap"})
    if (report.find(limit) != std::string::npos) return Verdict::limit;
  if (const std::size_t at = report.find(kCpuLimit); at != std::string::npos) {
    // The stack runs from the signal handler: judge what it interrupted.
    std::size_t from = report.find("__restore_rt", at);
    if (from == std::string::npos) from = report.find("on_cpu_limit", at);
    return from == std::string::npos ? Verdict::innosim : judge_frames(report, report.find('\n', from));
  }
  const std::size_t error = report.find("ERROR: AddressSanitizer:");
  if (error == std::string::npos) return Verdict::none;
  return judge_frames(report, error);
}

/// In the child, at its CPU limit (SIGPROF, SIGXCPU): where it was, for judge().
void on_cpu_limit(int) {
  (void)!::write(2, kCpuLimit, std::strlen(kCpuLimit));
  (void)!::write(2, "\n", 1);
  __sanitizer_print_stack_trace();
  ::_exit(3);
}

/// The reading `innosim inspect`, `report` and `export` do, on `path`.
std::string read_results(const fs::path& path) {
  const innosim::output::ResultsReader in(path);
  std::string text;
  for (const auto& s : in.scenarios()) {
    text += innosim::experiments::terminal_text(s.name) + innosim::experiments::json_string(s.yaml);
    (void)in.time(s.name);
    for (std::size_t i = 0; i < s.metrics.size() && i < 4; ++i) {
      const auto& m = s.metrics[i];
      text += innosim::experiments::terminal_text(m.name + m.unit + m.description);
      (void)in.metric(s.name, m.name);
      (void)in.summary(s.name, m.name);
    }
    if (s.firm_rows) in.read_firms(s.name, [](std::span<const innosim::output::FirmRecord>) {}, 4096);
    if (s.event_rows) {
      (void)in.event_kinds(s.name);
      in.read_events(s.name, [](std::span<const innosim::output::EventRecord>) {}, 4096);
    }
  }
  for (const auto& r : in.runs()) text += innosim::experiments::json_string(r.status);
  for (const std::string& c : in.comparisons()) {
    const std::string g = "/comparisons/" + c;
    for (const auto& a : in.attributes(g)) (void)a;
    for (const std::string& child : in.children(g)) (void)in.exists(g + "/" + child);
  }
  if (const auto sw = in.sweep()) {
    if (in.exists("/sweep/design")) (void)in.table("/sweep/design");
    for (const std::string& m : sw->metrics) (void)in.array("/sweep/results/" + m);
  }
  (void)in.sensitivity();
  return text;
}

}  // namespace
#endif

#if FUZZ_TARGET == 3
// The symbolizer (llvm-symbolizer, a process ASan starts on first use) is
// started here, in the parent, and has read innosim's and HDF5's debug
// information before the first child is forked: every child inherits it, so
// that a child's report costs milliseconds, not a symbolizer's start-up.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  char buf[512];
  __sanitizer_symbolize_pc(reinterpret_cast<void*>(&read_results), "%p %F %L", buf, sizeof buf);
  if (void* hdf5 = ::dlsym(RTLD_DEFAULT, "H5open")) __sanitizer_symbolize_pc(hdf5, "%p %F %L", buf, sizeof buf);
  return 0;
}
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
#if FUZZ_TARGET == 1  // scenario loader, with --set overrides
  // Lines "#set KEY=VALUE" are YAML comments to the loader and --set
  // overrides to this target: one input mutates both.
  const fs::path p = write_input("scenario.yaml", data, size);
  std::vector<std::string> overrides;
  {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::size_t at = 0;
    while (at < text.size()) {
      std::size_t end = text.find('\n', at);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view line = text.substr(at, end - at);
      if (line.starts_with("#set ")) overrides.emplace_back(line.substr(5));
      at = end + 1;
    }
  }
  try {
    const innosim::scenario::Scenario s =
        innosim::scenario::load(innosim::experiments::full_schema(), p.string(), overrides);
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
  // HDF5 1.10 can crash on a damaged file, so innosim reads results files in
  // a child process (output/isolated.hpp) and this target does the same. A
  // fault in the child is judged by its sanitizer report: inside HDF5 it is
  // contained (the point of the child); inside innosim's code, or any
  // undefined behaviour, it is a bug and fails the target. The child sends
  // back its coverage counters, so that libFuzzer sees what it reached.
  const fs::path p = write_input("results.h5", data, size);
  const fs::path report = scratch() / "child-stderr.txt";
  const innosim::output::IsolatedResult r = innosim::output::run_isolated(
      [&] {
        // In the child: sanitizer reports to a file the parent reads, and no
        // libFuzzer crash artifact for a contained fault.
        const int fd = ::open(report.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd >= 0) ::dup2(fd, 2);
        __sanitizer_set_death_callback(nullptr);
        // A quarter of a CPU second, then the stack: a sound file of this
        // size reads in milliseconds, and HDF5 loops for ever on about one
        // mutated file in five (RLIMIT_CPU counts whole seconds).
        ::signal(SIGXCPU, on_cpu_limit);
        ::signal(SIGPROF, on_cpu_limit);
        const itimerval quarter{{0, 0}, {0, 250000}};
        ::setitimer(ITIMER_PROF, &quarter, nullptr);
        std::string text;
        try {
          text = read_results(p);
        } catch (const std::bad_alloc&) {
        } catch (const std::exception& e) {
          text = innosim::experiments::terminal_text(e.what());
        }
        const std::span<std::uint8_t> c = coverage_counters();
        const std::uint64_t n = c.size();
        std::string out(reinterpret_cast<const char*>(&n), sizeof n);
        out.append(reinterpret_cast<const char*>(c.data()), c.size());
        return out + text;
      },
      // The clock and RLIMIT_CPU are only backstops of the CPU timer above.
      innosim::output::reader_memory_limit(p), 60.0, 2);
  std::string child_stderr;
  {
    std::ifstream f(report, std::ios::binary);
    child_stderr.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  std::error_code ec;
  fs::remove(report, ec);
  if (r.end == innosim::output::IsolatedResult::End::ok) {
    std::uint64_t n = 0;
    if (r.text.size() < sizeof n) std::abort();
    std::memcpy(&n, r.text.data(), sizeof n);
    const std::span<std::uint8_t> c = coverage_counters();
    if (n != c.size() || r.text.size() < sizeof n + n) std::abort();
    const auto* child = reinterpret_cast<const std::uint8_t*>(r.text.data() + sizeof n);
    for (std::size_t i = 0; i < n; ++i) c[i] = std::max(c[i], child[i]);
    // The text handed back must be safe to print: no raw escape character.
    if (r.text.find('\x1b', sizeof n + n) != std::string::npos) {
      std::fprintf(stderr, "fuzz target: an escape character from the file reached the text\n");
      std::abort();
    }
  } else {
    const Verdict v = judge(child_stderr);
    static const bool verbose = std::getenv("INNOSIM_FUZZ_VERBOSE") != nullptr;
    if (verbose)
      std::fprintf(stderr, "fuzz target: child ended (%s, exit status %d), verdict %d:\n%s\n",
                   innosim::output::signal_name(r.signal).c_str(), r.exit_status, static_cast<int>(v),
                   child_stderr.c_str());
    if (v == Verdict::innosim) {
      std::fprintf(stderr, "fuzz target: the reading child failed in innosim's code:\n%s\n", child_stderr.c_str());
      std::abort();
    }
    if (v == Verdict::none && r.end == innosim::output::IsolatedResult::End::crashed && r.signal != SIGKILL &&
        r.signal != SIGXCPU) {
      std::fprintf(stderr, "fuzz target: the reading child died (%s, exit status %d) without a report:\n%s\n",
                   innosim::output::signal_name(r.signal).c_str(), r.exit_status, child_stderr.c_str());
      std::abort();
    }
  }
#else
#error "FUZZ_TARGET must be 1, 2 or 3"
#endif
  return 0;
}
