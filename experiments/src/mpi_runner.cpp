// The MPI implementation of mpi_runner.hpp (INNOSIM_USE_MPI=ON): the only
// file that includes mpi.h. OpenMPI's C API, MPI-3 (matched probes,
// non-blocking collectives), MPI_THREAD_SERIALIZED: on rank 0 the dispatch
// thread of the pool talks to the workers while the main thread waits, but
// never two threads at once.
#include "innosim/experiments/mpi_runner.hpp"

#include "innosim/experiments/labels.hpp"

// The C API only: OpenMPI's mpi.h would otherwise pull in the long
// deprecated C++ bindings, which need a library we do not link.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#include <pthread.h>
#include <unistd.h>

#include <csignal>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "innosim/engine/error.hpp"

namespace innosim::experiments::mpi {

namespace {

bool g_initialized = false;
int g_rank = 0, g_size = 1;
// A private communicator: nothing else in the process (a library using
// MPI_COMM_WORLD) can match our messages.
MPI_Comm g_comm = MPI_COMM_NULL;
bool g_expect_meeting = false, g_met = false, g_abort = false;

void default_quit() { ::_exit(137); }
std::atomic<void (*)()> g_quit{default_quit};

// Messages larger than this travel in pieces: MPI counts are ints.
constexpr std::size_t kPiece = std::size_t{1} << 30;

/// Sleeps between polls: 20 us at first (a reply usually comes at once),
/// doubling to 1 ms while nothing happens, far below a run's duration.
class Backoff {
 public:
  void sleep() {
    std::this_thread::sleep_for(std::chrono::microseconds(us_));
    us_ = std::min(us_ * 2, 1000);
  }

 private:
  int us_ = 20;
};

void wait(MPI_Request& request) {
  Backoff backoff;
  for (;;) {
    int done = 0;
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done) return;
    backoff.sleep();
  }
}

void send_piece(const char* data, std::size_t bytes, int dest, int tag) {
  MPI_Request request;
  MPI_Isend(data, static_cast<int>(bytes), MPI_BYTE, dest, tag, g_comm, &request);
  wait(request);
}

void receive_piece(char* data, std::size_t bytes, int source, int tag) {
  MPI_Request request;
  MPI_Irecv(data, static_cast<int>(bytes), MPI_BYTE, source, tag, g_comm, &request);
  wait(request);
}

bool launched_by_launcher() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(v)) return true;
  return false;
}

/// Ranks are children of mpirun (or orted, slurmstepd). If it is killed
/// (SIGKILL, OOM) nobody stops them, and since messages between ranks on a
/// node need no launcher, an orphaned job would run on unseen, holding the
/// sweep's lock. Each rank watches its parent and quits when it is gone.
void start_watchdog() {
  const pid_t parent = ::getppid();
  std::thread([parent] {
    // Its stderr may be a pipe to the dead launcher: a write must fail
    // with EPIPE, not kill the process before quit() has cleaned up.
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    ::pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      if (::getppid() != parent) {
        // Probably nobody reads this any more (stderr went to mpirun).
        const char msg[] = "innosim: the MPI launcher is gone; quitting\n";
        const ssize_t n = ::write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)n;
        g_quit.load()();
        ::_exit(137);
      }
    }
  }).detach();
}

// The fixed part of a RankReport on the wire.
constexpr std::size_t kFingerprint = 64;
constexpr std::size_t kHeader = 3 * sizeof(std::int32_t) + kFingerprint;

}  // namespace

bool built_with_mpi() { return true; }

void init(int& argc, char**& argv) {
  if (!launched_by_launcher()) return;
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
  g_initialized = true;
  MPI_Comm_dup(MPI_COMM_WORLD, &g_comm);
  MPI_Comm_rank(g_comm, &g_rank);
  MPI_Comm_size(g_comm, &g_size);
  if (g_size > 1 && provided < MPI_THREAD_SERIALIZED) {
    if (g_rank == 0)
      std::fprintf(stderr, "%s\n",
                   say("innosim: this MPI library does not support MPI_THREAD_SERIALIZED, which innosim needs across "
                       "ranks")
                       .c_str());
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  if (g_size > 1) start_watchdog();
}

int rank() { return g_rank; }
int size() { return g_size; }

void expect_meeting() { g_expect_meeting = true; }
bool met() { return g_met; }

std::vector<RankReport> gather_reports(const RankReport& mine) {
  if (g_met) throw InternalError("mpi::gather_reports called twice");
  g_met = true;
  if (g_size == 1) return {mine};
  char header[kHeader] = {};
  const std::int32_t fields[3] = {mine.status, mine.jobs, static_cast<std::int32_t>(mine.message.size())};
  std::memcpy(header, fields, sizeof fields);
  std::memcpy(header + sizeof fields, mine.fingerprint.data(), std::min(mine.fingerprint.size(), kFingerprint));
  std::vector<char> headers(g_rank == 0 ? kHeader * static_cast<std::size_t>(g_size) : 0);
  MPI_Request request;
  MPI_Igather(header, static_cast<int>(kHeader), MPI_BYTE, headers.data(), static_cast<int>(kHeader), MPI_BYTE, 0,
              g_comm, &request);
  wait(request);

  std::vector<RankReport> reports;
  std::vector<int> lengths, offsets;
  std::string messages;
  if (g_rank == 0) {
    int total = 0;
    for (int r = 0; r < g_size; ++r) {
      const char* h = headers.data() + kHeader * static_cast<std::size_t>(r);
      std::int32_t f[3];
      std::memcpy(f, h, sizeof f);
      RankReport rep;
      rep.status = f[0];
      rep.jobs = f[1];
      rep.fingerprint.assign(h + sizeof f, kFingerprint);
      reports.push_back(std::move(rep));
      lengths.push_back(f[2]);
      offsets.push_back(total);
      total += f[2];
    }
    messages.resize(static_cast<std::size_t>(total));
  }
  MPI_Igatherv(mine.message.data(), static_cast<int>(mine.message.size()), MPI_BYTE, messages.data(), lengths.data(),
               offsets.data(), MPI_BYTE, 0, g_comm, &request);
  wait(request);
  for (std::size_t r = 0; r < reports.size(); ++r)
    reports[r].message = messages.substr(static_cast<std::size_t>(offsets[r]), static_cast<std::size_t>(lengths[r]));
  return reports;
}

bool broadcast_go(bool go) {
  if (g_size == 1) return go;
  int value = go ? 1 : 0;
  MPI_Request request;
  MPI_Ibcast(&value, 1, MPI_INT, 0, g_comm, &request);
  wait(request);
  return value != 0;
}

void send(int dest, Tag tag, std::string_view bytes) {
  if (g_size == 1) throw InternalError("mpi::send without other ranks");
  // The first piece starts with the total length, so that the receiver
  // knows how many pieces follow.
  const std::uint64_t total = bytes.size();
  const std::size_t head = std::min<std::size_t>(bytes.size(), kPiece - sizeof total);
  std::string first(sizeof total, '\0');
  std::memcpy(first.data(), &total, sizeof total);
  first.append(bytes.substr(0, head));
  send_piece(first.data(), first.size(), dest, static_cast<int>(tag));
  for (std::size_t pos = head; pos < bytes.size(); pos += kPiece)
    send_piece(bytes.data() + pos, std::min(kPiece, bytes.size() - pos), dest, static_cast<int>(tag));
}

std::optional<Message> try_receive() {
  if (g_size == 1) throw InternalError("mpi::try_receive without other ranks");
  int flag = 0;
  MPI_Message handle;
  MPI_Status status;
  MPI_Improbe(MPI_ANY_SOURCE, MPI_ANY_TAG, g_comm, &flag, &handle, &status);
  if (!flag) return std::nullopt;
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  std::string first(static_cast<std::size_t>(count), '\0');
  MPI_Mrecv(first.data(), count, MPI_BYTE, &handle, MPI_STATUS_IGNORE);
  std::uint64_t total = 0;
  if (first.size() < sizeof total) throw IoError("a malformed MPI message (no length)");
  std::memcpy(&total, first.data(), sizeof total);
  Message m{status.MPI_SOURCE, static_cast<Tag>(status.MPI_TAG), first.substr(sizeof total)};
  // Later pieces from the same rank with the same tag arrive in order (MPI
  // does not let messages overtake each other on one pair and tag).
  while (m.bytes.size() < total) {
    const std::size_t have = m.bytes.size();
    const std::size_t piece = std::min<std::size_t>(kPiece, total - have);
    m.bytes.resize(have + piece);
    receive_piece(m.bytes.data() + have, piece, m.source, status.MPI_TAG);
  }
  return m;
}

void abort_at_exit() { g_abort = true; }

int finish(int code, const std::string& error) {
  if (!g_initialized) return code;
  if (g_size > 1 && g_expect_meeting && !g_met) {
    // This rank stopped before the meeting (bad input, --help, ...): the
    // others are waiting at it, so meet them, saying why, and call it off.
    RankReport r;
    r.status = code != 0 ? code : -1;
    r.fingerprint.assign(kFingerprint, '0');
    r.message = error;
    gather_reports(r);
    broadcast_go(false);
    // Rank 0 prints this rank's error and exits with its status; mpirun
    // would otherwise name this rank as the job's first failure.
    if (g_rank > 0) code = 0;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  if (g_abort && g_size > 1) {
    // mpirun forwards a rank's output asynchronously and drops what it has
    // not read once the job aborts: give it a moment to pass on the last
    // lines (what is kept, how to resume), well inside the second that
    // mpirun grants between SIGTERM and SIGKILL.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    MPI_Abort(MPI_COMM_WORLD, code != 0 ? code : 1);
  }
  MPI_Comm_free(&g_comm);
  MPI_Finalize();
  g_initialized = false;
  return code;
}

void on_orphaned(void (*quit)()) { g_quit = quit ? quit : default_quit; }

}  // namespace innosim::experiments::mpi
