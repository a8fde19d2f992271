#include "innosim/experiments/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

#include "innosim/experiments/labels.hpp"

namespace innosim::experiments {

namespace {

using Clock = std::chrono::steady_clock;

// A terminal line can be redrawn often; a log gets a line every few seconds.
constexpr auto kTtyPeriod = std::chrono::milliseconds(200);
constexpr auto kPlainPeriod = std::chrono::seconds(5);

std::string duration_text(double seconds) {
  if (!std::isfinite(seconds)) return "?";
  const long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

}  // namespace

Progress::Progress(std::string command, std::size_t total, std::size_t already_done, bool quiet)
    : command_(std::move(command)),
      total_(total),
      already_done_(already_done),
      quiet_(quiet),
      tty_(::isatty(STDERR_FILENO) == 1),
      start_(Clock::now()),
      last_print_(start_) {}

std::string Progress::line(std::size_t done) const {
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  const std::size_t fresh = done > already_done_ ? done - already_done_ : 0;
  const double rate = elapsed > 0 ? static_cast<double>(fresh) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - std::min(done, total_)) / rate : NAN;
  const double pct = total_ ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 100.0;
  // Numbers formatted first: the phrase catalogue's placeholders are plain {}.
  return say("[{}] {}/{} runs ({}%)  {} runs/s  ETA {}", command_, done, total_, fmt::format("{:.0f}", pct),
             fmt::format("{:.2f}", rate), done >= total_ ? "0:00" : duration_text(eta));
}

void Progress::update(std::size_t done) {
  if (quiet_ || finished_) return;
  const auto now = Clock::now();
  if (now - last_print_ < (tty_ ? kTtyPeriod : kPlainPeriod)) return;
  last_print_ = now;
  if (tty_) {
    std::fprintf(stderr, "\r%s\x1b[K", line(done).c_str());
    open_line_ = true;
  } else {
    std::fprintf(stderr, "%s\n", line(done).c_str());
  }
  std::fflush(stderr);
}

void Progress::finish(std::size_t done) {
  if (quiet_ || finished_) return;
  finished_ = true;
  if (tty_)
    std::fprintf(stderr, "\r%s\x1b[K\n", line(done).c_str());
  else
    std::fprintf(stderr, "%s\n", line(done).c_str());
  open_line_ = false;
  std::fflush(stderr);
}

void Progress::break_line() {
  if (open_line_) std::fputc('\n', stderr);
  open_line_ = false;
}

}  // namespace innosim::experiments
