#include "innosim/experiments/distributed.hpp"

#include <algorithm>
#include <bit>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

#include "innosim/engine/error.hpp"
#include "innosim/output/sha256.hpp"
#include "innosim/version.hpp"
#include "innosim/experiments/mpi_runner.hpp"
#include "innosim/experiments/run_codec.hpp"

namespace innosim::experiments {

namespace {

/// Sleeps between polls for messages: short at first, up to 1 ms while
/// nothing happens (a run takes tens of milliseconds at least).
class Backoff {
 public:
  std::chrono::microseconds next() {
    const auto d = std::chrono::microseconds(us_);
    us_ = std::min(us_ * 2, 1000);
    return d;
  }
  void reset() { us_ = 20; }

 private:
  int us_ = 20;
};

std::string short_hash(const std::string& h) { return h.substr(0, 12) + "..."; }

}  // namespace

std::string workload_fingerprint(std::span<const PreparedScenario> scenarios, const std::string& extra) {
  std::string text = std::string("innosim ") + VERSION + " git " + GIT_SHA1 +
                     (std::endian::native == std::endian::little ? " little-endian" : " big-endian") + "\n";
  for (const PreparedScenario& ps : scenarios) {
    text += "--- scenario\n";
    text += ps.scenario.resolved_yaml();
  }
  if (!extra.empty()) text += "--- input\n" + extra;
  return output::sha256_hex(text);
}

// --- rank 0 -------------------------------------------------------------------------------------------

RemoteRanks::RemoteRanks(std::span<const PreparedScenario> scenarios, int rank0_jobs, const std::string& extra) {
  mpi::RankReport mine;
  mine.jobs = rank0_jobs;
  mine.fingerprint = workload_fingerprint(scenarios, extra);
  const std::vector<mpi::RankReport> reports = mpi::gather_reports(mine);
  // Every rank's problem is checked before deciding, so that the first one
  // in rank order is the one reported.
  std::string problem;
  int status = 0;
  for (std::size_t r = 1; r < reports.size() && problem.empty(); ++r) {
    const mpi::RankReport& rep = reports[r];
    if (rep.status != 0) {
      status = rep.status > 0 ? rep.status : 1;
      problem = "rank " + std::to_string(r) + " cannot run this job: " +
                (rep.message.empty() ? "it stopped (exit status " + std::to_string(rep.status) + ")" : rep.message);
    } else if (rep.fingerprint != mine.fingerprint) {
      status = 2;
      problem = "rank " + std::to_string(r) + " prepared other runs than rank 0 (fingerprint " +
                short_hash(rep.fingerprint) + " against " + short_hash(mine.fingerprint) +
                "): every rank must run the same innosim build, with the same command line, on the same scenario "
                "and sweep files (a file system they share)";
    } else if (rep.jobs < 1) {
      status = 1;
      problem = "rank " + std::to_string(r) + " reports no threads";
    }
  }
  mpi::broadcast_go(problem.empty());
  if (status == 2) throw UsageError(problem);
  if (!problem.empty()) throw std::runtime_error(problem);
  for (const mpi::RankReport& rep : reports) jobs_.push_back(rep.jobs);
  busy_.assign(jobs_.size(), 0);
}

RemoteRanks::~RemoteRanks() {
  // Runs are still out on workers (interrupted, or rank 0 failed): waiting
  // for them could take a run's length or forever (a dead rank), so the
  // whole job is stopped instead. A sweep's finished runs are saved already.
  if (!clean_) mpi::abort_at_exit();
}

std::size_t RemoteRanks::threads() const {
  std::size_t n = 0;
  for (std::size_t r = 1; r < jobs_.size(); ++r) n += static_cast<std::size_t>(jobs_[r]);
  return n;
}

void RemoteRanks::dispatch(std::span<const RunTask> tasks, std::span<const PreparedScenario> scenarios,
                           TaskSource& source) {
  const int ranks = static_cast<int>(jobs_.size());
  const std::size_t all_threads = threads();
  int out = 0;        // runs on workers
  int turn = 1;       // round robin, so that the first runs spread over all ranks
  std::size_t unclaimed = tasks.size();
  Backoff backoff;
  for (;;) {
    if (source.abandoned()) return;
    bool progress = false;
    // A free thread anywhere gets the next run. Each rank also holds one run
    // in reserve, so that a thread that finishes starts the next run at once
    // instead of idling for a round trip to rank 0 (up to a few ms with the
    // polling); not near the end, where a reserved run would wait on a busy
    // rank while another rank idles.
    const int reserve = unclaimed > all_threads ? 1 : 0;
    for (int tries = 0; tries < ranks - 1;) {
      const int r = turn;
      turn = turn + 1 < ranks ? turn + 1 : 1;
      if (busy_[static_cast<std::size_t>(r)] >= jobs_[static_cast<std::size_t>(r)] + reserve) {
        ++tries;
        continue;
      }
      const std::optional<std::size_t> i = source.claim();
      if (!i) break;
      unclaimed = tasks.size() - (*i + 1);
      const RunTask& t = tasks[*i];
      WireTask w;
      w.index = *i;
      w.replication = t.replication;
      if (!t.coords.empty()) {
        w.point.assign(t.coords.begin(), t.coords.end());  // the worker prepares the point's scenario itself
      } else {
        w.scenario = static_cast<std::uint64_t>(t.scenario - scenarios.data());
        if (w.scenario >= scenarios.size()) throw InternalError("a task outside the prepared scenarios");
      }
      mpi::send(r, mpi::Tag::task, encode_task(w));
      ++busy_[static_cast<std::size_t>(r)];
      ++out;
      tries = 0;
      progress = true;
    }
    while (std::optional<mpi::Message> m = mpi::try_receive()) {
      progress = true;
      const std::size_t r = static_cast<std::size_t>(m->source);
      if (m->tag == mpi::Tag::result) {
        auto [index, outcome] = decode_outcome(m->bytes);
        if (index >= tasks.size() || busy_[r] == 0)
          throw InternalError("rank " + std::to_string(r) + " returned a run it was not given");
        --busy_[r];
        --out;
        source.finished(static_cast<std::size_t>(index), std::move(outcome));
      } else if (m->tag == mpi::Tag::fatal) {
        throw std::runtime_error("rank " + std::to_string(r) + " failed: " + m->bytes);
      } else {
        throw InternalError("unexpected message (tag " + std::to_string(static_cast<int>(m->tag)) + ") from rank " +
                            std::to_string(r));
      }
      if (source.abandoned()) return;
    }
    if (out == 0 && source.exhausted()) return;
    if (progress)
      backoff.reset();
    else
      source.idle(backoff.next());
  }
}

void RemoteRanks::shutdown() {
  const int ranks = static_cast<int>(jobs_.size());
  for (int r = 1; r < ranks; ++r) mpi::send(r, mpi::Tag::stop, {});
  int byes = 0;
  Backoff backoff;
  while (byes < ranks - 1) {
    std::optional<mpi::Message> m = mpi::try_receive();
    if (!m) {
      std::this_thread::sleep_for(backoff.next());
      continue;
    }
    backoff.reset();
    if (m->tag == mpi::Tag::bye)
      ++byes;
    else if (m->tag == mpi::Tag::fatal)
      throw std::runtime_error("rank " + std::to_string(m->source) + " failed: " + m->bytes);
    // A result here would be a run nobody waits for any more: dropped.
  }
  clean_ = true;
}

// --- worker ranks -------------------------------------------------------------------------------------

int serve_runs(std::span<const PreparedScenario> scenarios, int jobs) { return serve_runs(scenarios, jobs, {}, {}); }

int serve_runs(std::span<const PreparedScenario> scenarios, int jobs, const PointResolver& resolve,
               const std::string& extra) {
  mpi::RankReport mine;
  mine.jobs = jobs;
  mine.fingerprint = workload_fingerprint(scenarios, extra);
  mpi::gather_reports(mine);
  if (!mpi::broadcast_go(false)) return 0;  // rank 0 has said why

  std::mutex mu;
  std::condition_variable work_cv, done_cv;
  std::deque<WireTask> todo;
  std::vector<std::pair<mpi::Tag, std::string>> outbox;
  bool stopping = false;
  std::size_t running = 0;
  std::map<std::vector<double>, std::shared_ptr<const PreparedScenario>> points;  // under mu

  const auto compute = [&] {
    for (;;) {
      WireTask t;
      {
        std::unique_lock lock(mu);
        work_cv.wait(lock, [&] { return stopping || !todo.empty(); });
        if (todo.empty()) return;
        t = todo.front();
        todo.pop_front();
        ++running;
      }
      std::pair<mpi::Tag, std::string> reply;
      try {
        // execute() turns the model's exceptions into the run's error;
        // what escapes here (out of memory) means this rank cannot go on.
        if (t.point.empty()) {
          const RunTask task{&scenarios[t.scenario], t.replication, -1};
          reply = {mpi::Tag::result, encode_outcome(t.index, execute(task))};
        } else {
          // A point's scenario, prepared once while its replications come
          // (a few points at most are in flight at a time).
          std::shared_ptr<const PreparedScenario> ps;
          {
            std::lock_guard lock(mu);
            const auto it = points.find(t.point);
            if (it != points.end()) ps = it->second;
          }
          if (!ps) {
            if (!resolve) throw InternalError("a parameter point's task, but this command resolves none");
            ps = std::make_shared<const PreparedScenario>(resolve(t.point));
            std::lock_guard lock(mu);
            if (points.size() >= 64) points.clear();
            points.emplace(t.point, ps);
          }
          const RunTask task{ps.get(), t.replication, -1};
          reply = {mpi::Tag::result, encode_outcome(t.index, execute(task))};
        }
      } catch (const std::exception& e) {
        reply = {mpi::Tag::fatal, e.what()};
      }
      {
        std::lock_guard lock(mu);
        outbox.push_back(std::move(reply));
        --running;
      }
      done_cv.notify_all();
    }
  };

  std::vector<std::thread> threads;
  for (int j = 0; j < jobs; ++j) threads.emplace_back(compute);
  const auto stop_threads = [&] {
    {
      std::lock_guard lock(mu);
      stopping = true;
      todo.clear();
    }
    work_cv.notify_all();
    for (std::thread& t : threads) t.join();
    threads.clear();
  };

  bool failed = false;
  try {
    Backoff backoff;
    for (;;) {
      bool progress = false;
      while (std::optional<mpi::Message> m = mpi::try_receive()) {
        progress = true;
        if (m->tag == mpi::Tag::task) {
          const WireTask t = decode_task(m->bytes);
          if (t.point.empty() && t.scenario >= scenarios.size())
            throw InternalError("a task outside the prepared scenarios");
          {
            std::lock_guard lock(mu);
            todo.push_back(t);
          }
          work_cv.notify_one();
        } else if (m->tag == mpi::Tag::stop) {
          std::lock_guard lock(mu);
          stopping = true;
          todo.clear();
        } else {
          throw InternalError("unexpected message (tag " + std::to_string(static_cast<int>(m->tag)) + ")");
        }
      }
      if (progress) work_cv.notify_all();
      std::vector<std::pair<mpi::Tag, std::string>> replies;
      bool done;
      {
        std::unique_lock lock(mu);
        replies.swap(outbox);
        done = stopping && running == 0 && replies.empty();
        if (!progress && replies.empty() && !done) {
          done_cv.wait_for(lock, backoff.next());
          continue;
        }
      }
      backoff.reset();
      for (const auto& [tag, bytes] : replies) {
        mpi::send(0, tag, bytes);
        if (tag == mpi::Tag::fatal) failed = true;
      }
      if (failed) break;
      if (done) break;
    }
  } catch (const std::exception& e) {
    mpi::send(0, mpi::Tag::fatal, e.what());
    failed = true;
  }
  if (failed) {
    // Rank 0 stops the job (MPI_Abort) on a fatal report; waiting for that
    // here keeps this rank from exiting first, which mpirun would report
    // as the cause instead of the message rank 0 prints.
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  stop_threads();
  mpi::send(0, mpi::Tag::bye, {});
  return 0;
}

}  // namespace innosim::experiments
