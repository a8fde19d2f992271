// The thread pool of run, compare and sweep (experiments/src/experiment.cpp:
// run_pool), driven by real model runs on several threads. Built and run
// under ThreadSanitizer in CI (label tsan, tests/ci.cmake) as well as in the
// ordinary build: ordered hand-over, the bounded window, on_finished on the
// calling thread, stopping early, and the same outcomes whatever --jobs.
#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

#include "innosim/experiments/experiment.hpp"
#include "innosim/experiments/schema_registry.hpp"

using namespace innosim::experiments;

namespace {

PreparedScenario tiny(int replications) {
  return prepare_scenario(full_schema(), "no-policy", {"population.firms=40", "horizon_years=0.5"}, 7, replications);
}

std::vector<double> horizon_values(const PreparedScenario& ps, int jobs, std::size_t* order_errors) {
  std::vector<RunTask> tasks;
  for (int r = 0; r < ps.replications(); ++r) tasks.push_back({&ps, r, -1});
  std::vector<double> out;
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<std::size_t> finished{0};
  std::size_t next = 0;
  const PoolEnd end = run_pool(tasks,
                               {.jobs = jobs,
                                .command = "test",
                                .quiet = true,
                                .on_finished =
                                    [&](std::size_t, const RunOutcome&) {
                                      if (std::this_thread::get_id() != caller) ++*order_errors;
                                      ++finished;
                                    }},
                               [&](std::size_t i, RunOutcome&& o) {
                                 if (i != next++ || std::this_thread::get_id() != caller) ++*order_errors;
                                 EXPECT_TRUE(o.ok()) << o.error;
                                 out.push_back(o.ok() ? o.result.series.front().back() : -1);
                                 return true;
                               });
  EXPECT_EQ(end, PoolEnd::completed);
  EXPECT_EQ(finished.load(), tasks.size());
  return out;
}

}  // namespace

TEST(Pool, OrderedHandOverSameOutcomesWhateverTheThreads) {
  const PreparedScenario ps = tiny(12);
  std::size_t order_errors = 0;
  const std::vector<double> one = horizon_values(ps, 1, &order_errors);
  const std::vector<double> four = horizon_values(ps, 4, &order_errors);
  EXPECT_EQ(order_errors, 0u);
  ASSERT_EQ(one.size(), 12u);
  EXPECT_EQ(one, four);
}

TEST(Pool, StopsStartingRunsWhenDeliverSaysStop) {
  const PreparedScenario ps = tiny(40);
  std::vector<RunTask> tasks;
  for (int r = 0; r < ps.replications(); ++r) tasks.push_back({&ps, r, -1});
  std::atomic<int> started{0};
  std::size_t delivered = 0;
  const PoolEnd end = run_pool(tasks, {.jobs = 3, .command = "test", .quiet = true,
                                       .on_finished = [&](std::size_t, const RunOutcome&) { ++started; }},
                               [&](std::size_t, RunOutcome&&) { return ++delivered < 3; });
  EXPECT_EQ(end, PoolEnd::stopped);
  // Runs already started are finished and delivered; the window bounds them.
  EXPECT_GE(delivered, 3u);
  EXPECT_LT(started.load(), 40);
}
