// mpi_runner.hpp without MPI (INNOSIM_USE_MPI=OFF): always one rank.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "innosim/engine/error.hpp"
#include "innosim/experiments/mpi_runner.hpp"

namespace innosim::experiments::mpi {

namespace {

/// The rank count a launcher announced, 1 if none did.
long launcher_ranks() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
    if (const char* s = std::getenv(v)) return std::strtol(s, nullptr, 10);
  return 1;
}

bool g_met = false;

}  // namespace

bool built_with_mpi() { return false; }

void init(int&, char**&) {
  const long ranks = launcher_ranks();
  if (ranks > 1) {
    // N copies of the whole job, all writing the same file, is never what
    // was meant: say so once (rank 0) and stop them all.
    const char* r = std::getenv("OMPI_COMM_WORLD_RANK");
    if (!r) r = std::getenv("PMI_RANK");
    if (!r || std::string(r) == "0")
      std::fprintf(stderr,
                   "innosim: started as one of %ld MPI ranks, but this innosim was built without MPI "
                   "(INNOSIM_USE_MPI=OFF); run it without mpirun, or rebuild it with MPI\n",
                   ranks);
    std::exit(2);
  }
}

int rank() { return 0; }
int size() { return 1; }
void expect_meeting() {}
bool met() { return g_met; }

std::vector<RankReport> gather_reports(const RankReport& mine) {
  g_met = true;
  return {mine};
}
bool broadcast_go(bool go) { return go; }

void send(int, Tag, std::string_view) { throw InternalError("mpi::send: built without MPI"); }
std::optional<Message> try_receive() { throw InternalError("mpi::try_receive: built without MPI"); }

void abort_at_exit() {}
int finish(int code, const std::string&) { return code; }
void on_orphaned(void (*)()) {}

}  // namespace innosim::experiments::mpi
