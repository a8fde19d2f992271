#include "innosim/engine/simulator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <tuple>
#include <vector>

#include "innosim/engine/random.hpp"

using namespace innosim::engine;

TEST(Simulator, OrdersByTimeThenPriorityThenInsertion) {
  Simulator sim;
  std::vector<int> order;
  auto* o = &order;
  sim.schedule_at(2.0, [o] { o->push_back(5); });
  sim.schedule_at(1.0, [o] { o->push_back(3); }, 1);
  sim.schedule_at(1.0, [o] { o->push_back(1); }, -1);
  sim.schedule_at(1.0, [o] { o->push_back(2); });
  sim.schedule_at(1.0, [o] { o->push_back(4); }, 1);
  sim.schedule_at(0.5, [o] { o->push_back(0); }, 7);
  sim.run();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(sim.now(), 2.0);
  EXPECT_EQ(sim.events_executed(), 6u);
}

TEST(Simulator, ManyTiesKeepInsertionOrder) {
  Simulator sim;
  std::vector<int> order;
  auto* o = &order;
  for (int i = 0; i < 1000; ++i) sim.schedule_at(3.0, [o, i] { o->push_back(i); });
  sim.run();
  ASSERT_EQ(order.size(), 1000u);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(order[i], i);
}

TEST(Simulator, HandlersScheduleDuringRunAndAtSameTime) {
  Simulator sim;
  std::vector<double> times;
  struct Ctx {
    Simulator* sim;
    std::vector<double>* times;
    int left;
  } ctx{&sim, &times, 3};
  auto* c = &ctx;
  struct Step {
    static void go(Ctx* c) {
      c->times->push_back(c->sim->now());
      if (--c->left > 0) c->sim->schedule_in(0.0, [c] { go(c); });
    }
  };
  sim.schedule_at(1.5, [c] { Step::go(c); });
  sim.run();
  EXPECT_EQ(times, (std::vector<double>{1.5, 1.5, 1.5}));
}

TEST(Simulator, CancelSkipsEventAndSlotReuseIsSafe) {
  Simulator sim;
  int fired = 0;
  auto* f = &fired;
  EventId a = sim.schedule_at(1.0, [f] { *f += 1; });
  EventId b = sim.schedule_at(2.0, [f] { *f += 10; });
  EXPECT_TRUE(sim.is_pending(a));
  EXPECT_TRUE(sim.cancel(a));
  EXPECT_FALSE(sim.cancel(a));
  EXPECT_FALSE(sim.is_pending(a));
  // The freed slot is reused; the stale heap entry must not run the new handler at t=1.
  double ran_at = -1;
  auto* r = &ran_at;
  auto* s = &sim;
  EventId c = sim.schedule_at(3.0, [r, s] { *r = s->now(); });
  EXPECT_EQ(c.slot, a.slot);
  EXPECT_EQ(sim.pending_count(), 2u);
  sim.run();
  EXPECT_EQ(fired, 10);
  EXPECT_EQ(ran_at, 3.0);
  EXPECT_FALSE(sim.cancel(b));
}

TEST(Simulator, CancelFromInsideHandler) {
  Simulator sim;
  int fired = 0;
  auto* f = &fired;
  EventId later = sim.schedule_at(5.0, [f] { *f += 100; });
  auto* s = &sim;
  auto* l = &later;
  sim.schedule_at(1.0, [s, l] { s->cancel(*l); });
  sim.run();
  EXPECT_EQ(fired, 0);
  EXPECT_EQ(sim.now(), 1.0);
}

TEST(Simulator, RunUntilStopsAtHorizonInclusive) {
  Simulator sim;
  int fired = 0;
  auto* f = &fired;
  sim.schedule_at(10.0, [f] { ++*f; });
  sim.schedule_at(10.000001, [f] { ++*f; });
  sim.run_until(10.0);
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(sim.now(), 10.0);
  EXPECT_EQ(sim.pending_count(), 1u);
  sim.run_until(20.0);
  EXPECT_EQ(fired, 2);
  EXPECT_EQ(sim.now(), 20.0);
}

TEST(Simulator, StopFromHandler) {
  Simulator sim;
  int fired = 0;
  auto* f = &fired;
  auto* s = &sim;
  sim.schedule_every(1.0, 1.0, [f, s] {
    if (++*f == 4) s->stop();
  });
  sim.run_until(100.0);
  EXPECT_EQ(fired, 4);
  EXPECT_EQ(sim.now(), 4.0);
  EXPECT_TRUE(sim.stopped());
}

TEST(Simulator, RejectsPastAndBadPriority) {
  Simulator sim;
  sim.schedule_at(5.0, [] {});
  sim.run();
  EXPECT_THROW(sim.schedule_at(4.0, [] {}), std::exception);
  EXPECT_THROW(sim.schedule_at(6.0, [] {}, 8), std::exception);
}

TEST(Simulator, MonthlyRecurrenceAcrossMonthLengthsAndLeapYear) {
  Simulator sim(Date{2024, 1, 31});
  std::vector<Date> dates;
  auto* d = &dates;
  auto* s = &sim;
  EventId id = sim.schedule_calendar(Recurrence::monthly, Date{2024, 1, 31}, [d, s] { d->push_back(s->date_at(s->now())); });
  sim.run_until(sim.time_of(Date{2025, 3, 31}));
  ASSERT_EQ(dates.size(), 15u);
  EXPECT_EQ(dates[0], (Date{2024, 1, 31}));
  EXPECT_EQ(dates[1], (Date{2024, 2, 29}));  // leap year
  EXPECT_EQ(dates[2], (Date{2024, 3, 31}));  // back to the anchor day
  EXPECT_EQ(dates[3], (Date{2024, 4, 30}));
  EXPECT_EQ(dates[13], (Date{2025, 2, 28}));  // not a leap year
  EXPECT_EQ(dates[14], (Date{2025, 3, 31}));
  EXPECT_TRUE(sim.cancel(id));
  sim.run_until(sim.time_of(Date{2026, 1, 1}));
  EXPECT_EQ(dates.size(), 15u);
}

TEST(Simulator, QuarterlyAndYearlyRecurrence) {
  Simulator sim(Date{2025, 1, 1});
  std::vector<Date> q, y;
  auto* qp = &q;
  auto* yp = &y;
  auto* s = &sim;
  sim.schedule_calendar(Recurrence::quarterly, Date{2025, 3, 31}, [qp, s] { qp->push_back(s->date_at(s->now())); });
  sim.schedule_calendar(Recurrence::yearly, Date{2025, 2, 28}, [yp, s] {
    yp->push_back(s->date_at(s->now()));
  });
  sim.run_until(sim.time_of(Date{2028, 12, 31}));
  ASSERT_GE(q.size(), 4u);
  EXPECT_EQ(q[0], (Date{2025, 3, 31}));
  EXPECT_EQ(q[1], (Date{2025, 6, 30}));
  EXPECT_EQ(q[2], (Date{2025, 9, 30}));
  EXPECT_EQ(q[3], (Date{2025, 12, 31}));
  EXPECT_EQ(q.size(), 16u);
  ASSERT_EQ(y.size(), 4u);
  EXPECT_EQ(y[3], (Date{2028, 2, 28}));
}

TEST(Simulator, YearlyFromLeapDayClampsThenReturns) {
  Simulator sim(Date{2024, 1, 1});
  std::vector<Date> y;
  auto* yp = &y;
  auto* s = &sim;
  sim.schedule_calendar(Recurrence::yearly, Date{2024, 2, 29}, [yp, s] { yp->push_back(s->date_at(s->now())); });
  sim.run_until(sim.time_of(Date{2029, 1, 1}));
  ASSERT_EQ(y.size(), 5u);
  EXPECT_EQ(y[1], (Date{2025, 2, 28}));
  EXPECT_EQ(y[4], (Date{2028, 2, 29}));
}

TEST(Simulator, FixedIntervalRecurrence) {
  Simulator sim;
  std::vector<double> t;
  auto* tp = &t;
  auto* s = &sim;
  sim.schedule_every(0.5, 2.0, [tp, s] { tp->push_back(s->now()); });
  sim.run_until(7.0);
  EXPECT_EQ(t, (std::vector<double>{0.5, 2.5, 4.5, 6.5}));
}

// The same random schedule replayed gives exactly the same execution order,
// and that order is sorted by (time, priority, insertion).
TEST(Simulator, ReproducibleOrderUnderRandomLoad) {
  auto trace = [] {
    Simulator sim;
    RandomStream rng(7, 0, 0, purpose_id("order"));
    std::vector<std::uint64_t> out;
    struct Ctx {
      Simulator* sim;
      RandomStream* rng;
      std::vector<std::uint64_t>* out;
      std::uint64_t next_id;
    } ctx{&sim, &rng, &out, 0};
    struct F {
      static void spawn(Ctx* c) {
        const std::uint64_t id = c->next_id++;
        const double dt = std::floor(uniform(*c->rng, 0.0, 4.0));  // many ties
        const int prio = static_cast<int>(uniform_index(*c->rng, 3)) - 1;
        c->sim->schedule_in(dt, [c, id] {
          c->out->push_back(id);
          if (c->next_id < 20000) spawn(c);
        }, prio);
      }
    };
    for (int i = 0; i < 100; ++i) F::spawn(&ctx);
    sim.run();
    return out;
  };
  const auto a = trace();
  const auto b = trace();
  EXPECT_EQ(a.size(), 20000u);
  EXPECT_EQ(a, b);
}

TEST(Simulator, HeapMatchesReferenceSortUnderRandomPushPop) {
  // Compare the 4-ary heap with a stable sort of (time, priority, seq).
  Simulator sim;
  RandomStream rng(3, 0, 0, 1);
  struct Rec {
    double t;
    int prio;
    int id;
  };
  std::vector<Rec> recs;
  std::vector<int> got;
  auto* g = &got;
  for (int i = 0; i < 5000; ++i) {
    const double t = std::floor(uniform(rng, 0.0, 50.0));
    const int prio = static_cast<int>(uniform_index(rng, 16)) - 8;
    recs.push_back({t, prio, i});
    sim.schedule_at(t, [g, i] { g->push_back(i); }, prio);
  }
  std::stable_sort(recs.begin(), recs.end(),
                   [](const Rec& a, const Rec& b) { return a.t < b.t || (a.t == b.t && a.prio < b.prio); });
  sim.run();
  ASSERT_EQ(got.size(), recs.size());
  for (std::size_t i = 0; i < recs.size(); ++i) ASSERT_EQ(got[i], recs[i].id) << i;
}

TEST(Simulator, NoAllocationGrowthInSteadyState) {
  // After warm-up, a hold loop reuses slots: the pool does not grow.
  struct Hold {
    Simulator sim;
    RandomStream rng{1, 0, 0, 2};
    int left = 0;
    void fire() {
      if (--left > 0) sim.schedule_in(exponential(rng, 1.0), [this] { fire(); });
    }
  } h;
  for (int i = 0; i < 1000; ++i) h.sim.schedule_at(exponential(h.rng, 1.0), [p = &h] { p->fire(); });
  h.left = 1 << 30;
  h.sim.run_until(50.0);
  const auto slots = h.sim.slot_pool_size();
  EXPECT_EQ(h.sim.pending_count(), 1000u);
  EXPECT_LE(slots, 1001u);
  h.sim.run_until(500.0);
  EXPECT_GT(h.sim.events_executed(), 400000u);
  EXPECT_EQ(h.sim.pending_count(), 1000u);
  EXPECT_EQ(h.sim.slot_pool_size(), slots);
}

namespace {

// A deliberately simple reference kernel: a std::set ordered by
// (time, priority, scheduling sequence), eager cancellation, and the same
// recurrence rules as Simulator (a recurrence is rescheduled, with a new
// sequence number, just before its handler runs).
class RefSim {
 public:
  explicit RefSim(Date start) : start_day_(days_from_civil(start)) {}
  Time now() const { return now_; }
  Time time_of(const Date& d) const { return static_cast<Time>(days_from_civil(d) - start_day_); }
  Date date_at(Time t) const { return civil_from_days(start_day_ + static_cast<std::int64_t>(std::floor(t))); }
  std::size_t pending_count() const { return queue_.size(); }

  EventId schedule_at(Time t, Handler fn, int priority = 0) {
    events_.push_back(Ev{fn, priority, Recurrence::none, 0.0, 0, 0, 0, t});
    const auto id = static_cast<std::uint32_t>(events_.size() - 1);
    enqueue(id);
    return EventId{id, 0};
  }
  EventId schedule_every(Time first, Time interval, Handler fn, int priority = 0) {
    EventId id = schedule_at(first, fn, priority);
    events_[id.slot].rec = Recurrence::interval;
    events_[id.slot].interval = interval;
    return id;
  }
  EventId schedule_calendar(Recurrence every, Date first, Handler fn, int priority = 0) {
    EventId id = schedule_at(time_of(first), fn, priority);
    Ev& e = events_[id.slot];
    e.rec = every;
    e.anchor_day = first.day;
    e.month_index = first.year * 12 + first.month - 1;
    return id;
  }
  bool cancel(EventId id) {
    Ev& e = events_[id.slot];
    return queue_.erase({e.time, e.priority, e.seq, id.slot}) == 1;
  }
  Time next_event_time() const {
    return queue_.empty() ? std::numeric_limits<Time>::infinity() : std::get<0>(*queue_.begin());
  }
  void run_until(Time t) {
    while (!queue_.empty() && std::get<0>(*queue_.begin()) <= t) {
      const std::uint32_t id = std::get<3>(*queue_.begin());
      queue_.erase(queue_.begin());
      Ev& e = events_[id];
      now_ = e.time;
      Handler fn = e.fn;
      if (e.rec == Recurrence::interval) {
        e.time += e.interval;
        enqueue(id);
      } else if (e.rec != Recurrence::none) {
        e.month_index += static_cast<int>(e.rec);
        const int y = e.month_index / 12;
        const int m = e.month_index % 12 + 1;
        e.time = time_of(Date{y, m, std::min(e.anchor_day, days_in_month(y, m))});
        enqueue(id);
      }
      fn();
    }
    if (t > now_) now_ = t;
  }

 private:
  struct Ev {
    Handler fn;
    int priority;
    Recurrence rec;
    double interval;
    int month_index;
    int anchor_day;
    std::uint64_t seq;
    Time time;
  };
  void enqueue(std::uint32_t id) {
    events_[id].seq = ++seq_;
    queue_.insert({events_[id].time, events_[id].priority, events_[id].seq, id});
  }
  std::vector<Ev> events_;
  std::set<std::tuple<Time, int, std::uint64_t, std::uint32_t>> queue_;
  std::uint64_t seq_ = 0;
  Time now_ = 0.0;
  std::int64_t start_day_;
};

// Drives a kernel through a random workload whose every decision depends on
// the order events run in, and returns what ran, when, and what cancel()
// and next_event_time() said. Two kernels give equal traces only if they
// run the same events in the same order.
template <class Sim>
std::vector<double> random_trace(std::uint64_t seed, int steps) {
  struct Ctx {
    Sim sim{Date{2024, 1, 1}};
    RandomStream rng;
    std::vector<EventId> ids;  // by label
    std::vector<double> trace;
    std::size_t target = 10;
  };
  Ctx ctx;
  ctx.rng = RandomStream(seed, 0, 0, purpose_id("event-set-trace"));
  struct F {
    static int priority(Ctx* c) {
      return c->rng.uniform01() < 0.5 ? 0 : static_cast<int>(uniform_index(c->rng, 16)) - 8;
    }
    static double delay(Ctx* c) {
      const double u = c->rng.uniform01();
      if (u < 0.2) return 0.0;                                                      // same time as now
      if (u < 0.5) return std::floor(uniform(c->rng, 0.0, 4.0));                    // whole days: ties
      if (u < 0.97) return exponential(c->rng, c->rng.uniform01() < 0.8 ? 2.0 : 0.1);
      return uniform(c->rng, 0.0, 2000.0);                                          // far future
    }
    static void add(Ctx* c) {
      const auto label = static_cast<int>(c->ids.size());
      c->ids.push_back({});
      const double u = c->rng.uniform01();
      Handler h = [c, label] { fire(c, label); };
      if (u < 0.002) {
        c->ids[label] = c->sim.schedule_every(c->sim.now() + delay(c), uniform_index(c->rng, 2) ? 1.0 : 0.25, h,
                                              priority(c));
      } else if (u < 0.004) {
        static constexpr Recurrence kinds[] = {Recurrence::monthly, Recurrence::quarterly, Recurrence::yearly};
        Date d = c->sim.date_at(c->sim.now() + 1.0 + std::floor(uniform(c->rng, 0.0, 60.0)));
        if (c->rng.uniform01() < 0.3) d.day = days_in_month(d.year, d.month);  // month-end anchors clamp
        c->ids[label] = c->sim.schedule_calendar(kinds[uniform_index(c->rng, 3)], d, h, priority(c));
      } else {
        c->ids[label] = c->sim.schedule_at(c->sim.now() + delay(c), h, priority(c));
      }
    }
    static void fire(Ctx* c, int label) {
      c->trace.push_back(label);
      c->trace.push_back(c->sim.now());
      // Keep the pending count near a target that moves between small and
      // large, crossing the event set's rebuild and resize boundaries.
      const int births = c->sim.pending_count() < c->target ? 2 : c->rng.uniform01() < 0.45 ? 1 : 0;
      for (int i = 0; i < births; ++i) add(c);
      if (c->rng.uniform01() < 0.05) c->trace.push_back(c->sim.cancel(c->ids[label]) ? 3 : 2);  // itself
      if (c->rng.uniform01() < 0.05) {  // anything, pending or not
        const EventId victim = c->ids[uniform_index(c->rng, c->ids.size())];
        c->trace.push_back(c->sim.cancel(victim) ? 1 : 0);
      }
    }
  };
  for (int i = 0; i < 10; ++i) F::add(&ctx);
  static constexpr std::size_t targets[] = {10, 3000, 200, 20000, 5, 8000};
  for (int step = 0; step < steps; ++step) {
    ctx.target = targets[(step / 16) % 6];
    ctx.sim.run_until(ctx.sim.now() + 0.5);
    ctx.trace.push_back(ctx.sim.next_event_time());
    ctx.trace.push_back(static_cast<double>(ctx.sim.pending_count()));
    if (ctx.sim.pending_count() == 0) F::add(&ctx);
  }
  return ctx.trace;
}

}  // namespace

TEST(Simulator, MatchesReferenceKernelWithTiesCancellationsAndRecurrences) {
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE(seed);
    const auto got = random_trace<Simulator>(seed, 192);
    const auto want = random_trace<RefSim>(seed, 192);
    ASSERT_GT(want.size(), 200000u);
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) ASSERT_EQ(got[i], want[i]) << "at trace position " << i;
  }
}
