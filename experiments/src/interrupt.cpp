#include "innosim/experiments/interrupt.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>

#include "innosim/engine/error.hpp"

namespace innosim::experiments {

namespace {

// Only lock-free atomics and plain buffers are touched by the handler.
std::atomic<int> g_signal{0};
std::atomic<bool> g_cleanup_valid{false};
char g_cleanup[4096];
struct sigaction g_old_int, g_old_term;
std::atomic<bool> g_installed{false};
std::atomic<bool> g_cleanup_at_first{false};
static_assert(std::atomic<int>::is_always_lock_free && std::atomic<bool>::is_always_lock_free);

void write_stderr(const char* s) {
  const ssize_t n = ::write(STDERR_FILENO, s, std::strlen(s));
  (void)n;
}

extern "C" void on_signal(int sig) {
  int expected = 0;
  if (g_signal.compare_exchange_strong(expected, sig)) {
    if (g_cleanup_at_first.load() && g_cleanup_valid.load()) ::unlink(g_cleanup);
    write_stderr("\ninnosim: interrupted; stopping (press Ctrl-C again to quit at once)\n");
    return;
  }
  // Second signal: async-signal-safe calls only.
  if (g_cleanup_valid.load()) ::unlink(g_cleanup);
  write_stderr("\ninnosim: interrupted again; quitting now\n");
  ::_exit(128 + g_signal.load());
}

}  // namespace

InterruptGuard::InterruptGuard() {
  if (g_installed.exchange(true)) throw InternalError("InterruptGuard installed twice");
  g_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  // SA_RESTART: a signal must not make HDF5's or the file system's calls fail with EINTR.
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &sa, &g_old_int);
  ::sigaction(SIGTERM, &sa, &g_old_term);
}

InterruptGuard::~InterruptGuard() {
  ::sigaction(SIGINT, &g_old_int, nullptr);
  ::sigaction(SIGTERM, &g_old_term, nullptr);
  set_cleanup({});
  g_installed = false;
}

bool InterruptGuard::requested() { return g_signal.load() != 0; }
int InterruptGuard::signal_number() { return g_signal.load(); }
int InterruptGuard::exit_code() { return 128 + g_signal.load(); }

void InterruptGuard::quit_now(int code) {
  if (g_cleanup_valid.load()) ::unlink(g_cleanup);
  ::_exit(code);
}

void InterruptGuard::cleanup_at_first_signal(bool on) { g_cleanup_at_first = on; }

void InterruptGuard::set_cleanup(const std::filesystem::path& path) {
  g_cleanup_valid = false;
  const std::string s = path.string();
  if (s.empty() || s.size() >= sizeof g_cleanup) return;
  std::memcpy(g_cleanup, s.c_str(), s.size() + 1);
  g_cleanup_valid = true;
}

}  // namespace innosim::experiments
