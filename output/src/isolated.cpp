#include "innosim/output/isolated.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <chrono>
#include <cstring>
#include <algorithm>
#include <exception>

#include "innosim/engine/error.hpp"

namespace innosim::output {

namespace {

void write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t k = ::write(fd, p, n);
    if (k < 0) {
      if (errno == EINTR) continue;
      return;  // the parent is gone: nothing to tell it
    }
    p += k;
    n -= static_cast<std::size_t>(k);
  }
}

/// In the child: one status byte ('o' ok, 'c' bad input, 'u' bad usage, 'm' out of memory, 'f' failed),
/// then the text.
[[noreturn]] void child(int fd, const std::function<std::string()>& work, std::uint64_t memory_limit,
                        unsigned cpu_seconds) {
  // The parent handles Ctrl-C; the child dies with it anyway (SIGKILL on exit).
  ::signal(SIGINT, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
  ::signal(SIGPIPE, SIG_DFL);
  // Under AddressSanitizer too: its shadow and heap are reserved at start-up
  // and counted in what reader_memory_limit() found mapped, so the budget on
  // top still bounds the large allocations a crafted size asks for.
  if (memory_limit > 0) {
    const rlimit rl{memory_limit, memory_limit};
    ::setrlimit(RLIMIT_AS, &rl);
  }
  if (cpu_seconds > 0) {
    // SIGXCPU at the soft limit (it terminates), SIGKILL a second later.
    const rlimit rl{cpu_seconds, cpu_seconds + 1};
    ::setrlimit(RLIMIT_CPU, &rl);
  }
  // No core dump of a crash on a damaged file: it is expected, not a bug.
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  char status = 'f';
  std::string text;
  try {
    text = work();
    status = 'o';
  } catch (const ConfigError& e) {
    status = 'c';
    text = e.what();
  } catch (const UsageError& e) {
    status = 'u';
    text = e.what();
  } catch (const std::bad_alloc&) {
    status = 'm';
    text = "it declares more data than the memory limit allows (" + std::to_string(memory_limit >> 20) +
           " MiB): damaged or hostile";
  } catch (const std::exception& e) {
    text = e.what();
  } catch (...) {
    text = "unknown error";
  }
  write_all(fd, &status, 1);
  write_all(fd, text.data(), text.size());
  ::close(fd);
  // _exit: no atexit handlers (HDF5's would touch the damaged file again),
  // no flushing of stdio buffers inherited from the parent.
  ::_exit(0);
}

}  // namespace

namespace {

/// What the process maps now (bytes of address space).
std::uint64_t mapped_bytes() {
  std::uint64_t mapped = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    unsigned long long pages = 0;
    if (std::fscanf(f, "%llu", &pages) == 1) mapped = pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    std::fclose(f);
  }
  return mapped;
}

std::uint64_t reader_budget(const std::filesystem::path& path) {
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(path, ec);
  return std::max<std::uint64_t>(std::uint64_t{1} << 30, ec ? 0 : 16 * size);
}

}  // namespace

std::uint64_t reader_memory_limit(const std::filesystem::path& path) { return mapped_bytes() + reader_budget(path); }

std::uint64_t work_memory_limit(const std::filesystem::path& path) {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  const std::uint64_t physical = pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) : 0;
  return mapped_bytes() + std::max(reader_budget(path), physical);
}

unsigned reader_cpu_limit(const std::filesystem::path& path, unsigned base_seconds) {
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(path, ec);
  return base_seconds + static_cast<unsigned>(std::min<std::uint64_t>(ec ? 0 : size >> 22, 1u << 20));
}

std::string isolated_failure(const IsolatedResult& r, unsigned cpu_seconds) {
  if (r.signal == SIGXCPU || (r.signal == SIGKILL && cpu_seconds > 0))
    return "reading it did not finish within " + std::to_string(cpu_seconds) +
           " s of CPU time (the HDF5 library loops on some damaged files; in a child process: innosim itself is "
           "unharmed)";
  return "reading it crashed the HDF5 library (" +
         (r.signal ? signal_name(r.signal) : "exit status " + std::to_string(r.exit_status)) +
         ", in a child process: innosim itself is unharmed)";
}

std::string signal_name(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGABRT: return "SIGABRT";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGXCPU: return "SIGXCPU";
    default: return "signal " + std::to_string(sig);
  }
}

IsolatedResult run_isolated(const std::function<std::string()>& work, std::uint64_t memory_limit, double timeout,
                            unsigned cpu_seconds) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw IoError(std::string("cannot create a pipe: ") + std::strerror(errno));
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int e = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    throw IoError(std::string("cannot start a process to read the file: ") + std::strerror(e));
  }
  if (pid == 0) {
    ::close(fds[0]);
    child(fds[1], work, memory_limit, cpu_seconds);
  }
  ::close(fds[1]);
  std::string bytes;
  char buf[65536];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout);
  bool timed_out = false;
  for (;;) {
    int wait_ms = -1;
    if (timeout > 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        timed_out = true;
        break;
      }
      wait_ms = static_cast<int>(left.count());
    }
    pollfd p{fds[0], POLLIN, 0};
    const int r = ::poll(&p, 1, wait_ms);
    if (r < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (r == 0) continue;
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (n == 0) break;
    bytes.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  IsolatedResult out;
  if (WIFSIGNALED(status)) {
    out.end = IsolatedResult::End::crashed;
    out.signal = WTERMSIG(status);
    return out;
  }
  out.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (out.exit_status != 0 || bytes.empty()) {
    out.end = IsolatedResult::End::crashed;  // e.g. a sanitizer's report, or exit() from a library
    return out;
  }
  out.text = bytes.substr(1);
  if (bytes[0] == 'o') {
    out.end = IsolatedResult::End::ok;
  } else {
    out.end = IsolatedResult::End::failed;
    out.bad_input = bytes[0] == 'c' || bytes[0] == 'u';
    out.usage = bytes[0] == 'u';
    out.out_of_memory = bytes[0] == 'm';
  }
  return out;
}

}  // namespace innosim::output
