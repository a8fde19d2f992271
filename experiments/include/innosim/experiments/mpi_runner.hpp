#pragma once
// MPI for innosim: the only code that talks to MPI is mpi_runner.cpp (or
// mpi_runner_stub.cpp, one rank, when built with INNOSIM_USE_MPI=OFF). The
// rest of the program sees ranks, byte-string messages and one collective
// meeting at the start of a job, never mpi.h.
//
// MPI starts only when a launcher started the process (mpirun, srun: they
// set OMPI_COMM_WORLD_SIZE, PMIX_RANK, PMI_RANK or PMI_SIZE). A plain
// `innosim ...` stays an ordinary process: a singleton MPI_Init costs about
// 0.4 s here and forks a daemon, for nothing.
//
// Every wait sleeps between polls instead of spinning in MPI's blocking
// calls (OpenMPI busy-polls them): rank 0 mostly waits, and on a node whose
// cores are all running worker threads a spinning rank 0 would take one.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::experiments::mpi {

/// Whether this binary was built with MPI (INNOSIM_USE_MPI).
bool built_with_mpi();

/// Starts MPI if a launcher started the process; first thing in main().
/// Built without MPI, exits with status 2 if the launcher started several
/// ranks (each would run the whole job and write the same file).
void init(int& argc, char**& argv);

/// This process's rank (0 without MPI) and the number of ranks (1).
int rank();
int size();
inline bool distributed() { return size() > 1; }
/// A rank that runs what rank 0 hands it and never writes output.
inline bool worker() { return rank() > 0; }

/// What a rank says at the start of a distributed job.
struct RankReport {
  int status = 0;           ///< 0: ready; > 0: the exit status it failed with; < 0: it stopped without error
  int jobs = 0;             ///< threads it runs runs on
  std::string fingerprint;  ///< what it prepared (64 hex digits), checked equal on every rank
  std::string message;      ///< why it failed
};

/// Called on every rank by commands that distribute (run, compare, sweep):
/// such a command meets the other ranks exactly once (gather_reports, then
/// broadcast_go), and finish() does it for a rank that failed before.
void expect_meeting();
/// Collective, once: rank 0 gets every rank's report (index = rank), the
/// others an empty vector.
std::vector<RankReport> gather_reports(const RankReport& mine);
/// Collective, right after gather_reports: rank 0's `go` reaches every rank.
bool broadcast_go(bool go);

enum class Tag : int {
  task = 1,    ///< rank 0 -> worker: run this
  result = 2,  ///< worker -> rank 0: a finished run (also asks for the next one)
  stop = 3,    ///< rank 0 -> worker: no more runs; say bye and finish
  bye = 4,     ///< worker -> rank 0: stopped, nothing in flight
  fatal = 5,   ///< worker -> rank 0: this rank cannot go on (message)
};

struct Message {
  int source = -1;
  Tag tag = Tag::task;
  std::string bytes;
};

/// Sends `bytes` (any size) to rank `dest`; returns when the buffer is free.
void send(int dest, Tag tag, std::string_view bytes);
/// The next message from any rank, if one has arrived.
std::optional<Message> try_receive();

/// The job cannot end cleanly (interrupted, or failed with runs still out on
/// other ranks): finish() aborts every rank instead of finalising.
void abort_at_exit();

/// Ends MPI for the process and returns `code`, the exit status: meets the
/// other ranks first if this rank failed before the meeting (`error` says
/// why; a worker's error is printed by rank 0), then MPI_Finalize, or
/// MPI_Abort(code) after abort_at_exit() (mpirun then stops every rank and
/// exits with `code`).
int finish(int code, const std::string& error);

/// Whether this rank has met the others (gather_reports) already.
bool met();

/// Called once, from a watchdog thread, when the launcher (mpirun, orted,
/// slurmstepd: this process's parent) has died: the job is gone, so the
/// rank must quit at once rather than carry on as an orphan. The default
/// quits with status 137.
void on_orphaned(void (*quit)());

}  // namespace innosim::experiments::mpi
