#include "innosim/engine/resource.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace innosim::engine;

namespace {
struct Log {
  Simulator* sim;
  Resource* res;
  std::vector<int> starts;
  std::vector<double> start_times;
};
void customer(Log* log, int id, double service) {
  log->res->request([log, id, service] {
    log->starts.push_back(id);
    log->start_times.push_back(log->sim->now());
    log->sim->schedule_in(service, [log] { log->res->release(); });
  });
}
}  // namespace

TEST(Resource, FifoWithTwoServers) {
  Simulator sim;
  Resource res(sim, 2);
  Log log{&sim, &res, {}, {}};
  auto* l = &log;
  for (int i = 0; i < 4; ++i) sim.schedule_at(0.0, [l, i] { customer(l, i, 10.0); });
  sim.run_until(5.0);
  EXPECT_EQ(res.busy(), 2);
  EXPECT_EQ(res.queue_length(), 2u);
  sim.run();
  EXPECT_EQ(log.starts, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(log.start_times, (std::vector<double>{0, 0, 10, 10}));
  EXPECT_DOUBLE_EQ(res.wait_stats().mean(), 5.0);
  // Busy 2 servers over [0, 20]: utilisation 1; queue 2 on [0,10).
  EXPECT_DOUBLE_EQ(res.utilization(), 1.0);
  EXPECT_DOUBLE_EQ(res.mean_queue_length(), 1.0);
  EXPECT_DOUBLE_EQ(res.mean_in_system(), 3.0);
}

TEST(Resource, PriorityLineServesLowestFirstThenFifo) {
  Simulator sim;
  Resource res(sim, 1, QueueDiscipline::priority);
  std::vector<int> order;
  auto* o = &order;
  auto* r = &res;
  auto* s = &sim;
  sim.schedule_at(0.0, [r, s, o] {
    r->request([s, r, o] {
      o->push_back(0);
      s->schedule_in(1.0, [r] { r->release(); });
    });
    for (int i = 1; i <= 4; ++i) {
      const int prio = (i == 3) ? -1 : (i == 4 ? 5 : 0);
      r->request([s, r, o, i] {
        o->push_back(i);
        s->schedule_in(1.0, [r] { r->release(); });
      }, prio);
    }
  });
  sim.run();
  EXPECT_EQ(order, (std::vector<int>{0, 3, 1, 2, 4}));
}

TEST(Resource, CapacityIncreaseStartsWaitingCustomers) {
  Simulator sim;
  Resource res(sim, 1);
  Log log{&sim, &res, {}, {}};
  auto* l = &log;
  for (int i = 0; i < 3; ++i) sim.schedule_at(0.0, [l, i] { customer(l, i, 10.0); });
  auto* r = &res;
  sim.schedule_at(2.0, [r] { r->set_capacity(3); });
  sim.run();
  EXPECT_EQ(log.start_times, (std::vector<double>{0, 2, 2}));
}

TEST(Resource, ReleaseWithoutRequestIsABug) {
  Simulator sim;
  Resource res(sim, 1);
  EXPECT_THROW(res.release(), std::exception);
}
