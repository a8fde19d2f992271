#include "innosim/engine/event_set.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <utility>
#include <vector>

#include "innosim/engine/random.hpp"

using namespace innosim::engine;

namespace {

using Entry = EventSet::Entry;
using Ref = std::set<std::pair<double, std::uint64_t>>;

// Pops one entry from both and checks they agree.
void pop_both(EventSet& es, Ref& ref) {
  const Entry* e = es.top();
  ASSERT_NE(e, nullptr);
  ASSERT_EQ(e->time, ref.begin()->first);
  ASSERT_EQ(e->key, ref.begin()->second);
  es.pop();
  ref.erase(ref.begin());
  ASSERT_EQ(es.size(), ref.size());
}

void drain_both(EventSet& es, Ref& ref) {
  while (!ref.empty()) {
    pop_both(es, ref);
    if (testing::Test::HasFatalFailure()) return;
  }
  EXPECT_EQ(es.top(), nullptr);
  EXPECT_TRUE(es.empty());
}

}  // namespace

TEST(EventSet, EmptyAndSingle) {
  EventSet es;
  EXPECT_EQ(es.top(), nullptr);
  es.push({2.5, 7});
  ASSERT_NE(es.top(), nullptr);
  EXPECT_EQ(es.top()->key, 7u);
  es.pop();
  EXPECT_EQ(es.top(), nullptr);
  // Reusable after running empty, including pushes earlier than before.
  es.push({1.0, 9});
  es.push({1.0, 8});
  EXPECT_EQ(es.top()->key, 8u);
  es.pop();
  EXPECT_EQ(es.top()->key, 9u);
  es.pop();
  EXPECT_TRUE(es.empty());
}

// The hold pattern at several sizes (crossing the sort limit, the bucket
// limits and the top conversions), with many exact ties, pushes at the time
// just popped with smaller keys (a higher-priority event scheduled "now"),
// and occasional far-future and infinite times.
TEST(EventSet, MatchesReferenceUnderRandomHoldWithTies) {
  for (const std::size_t n : {1u, 2u, 10u, 49u, 50u, 700u, 5000u, 40000u}) {
    SCOPED_TRACE(n);
    EventSet es;
    Ref ref;
    RandomStream rng(11, 0, 0, n);
    std::uint64_t key = 1000000;  // room below for "higher priority" keys
    auto push = [&](double t, std::uint64_t k) {
      es.push({t, k});
      ref.insert({t, k});
    };
    for (std::size_t i = 0; i < n; ++i) push(std::floor(uniform(rng, 0.0, 20.0)), key++);
    double now = 0.0;
    for (std::size_t op = 0; op < 20 * n + 2000; ++op) {
      now = ref.begin()->first;
      const std::uint64_t popped_key = ref.begin()->second;
      pop_both(es, ref);
      if (HasFatalFailure()) return;
      const double u = rng.uniform01();
      double t;
      if (u < 0.3)
        t = now;  // tie with what just ran
      else if (u < 0.6)
        t = now + std::floor(uniform(rng, 0.0, 5.0));  // tie with others
      else if (u < 0.995)
        t = now + exponential(rng, 1.0);
      else if (u < 0.998)
        t = now + 1e9;
      else
        t = std::numeric_limits<double>::infinity();
      // Sometimes a key below the one just popped: it must still come next
      // among equal times.
      const std::uint64_t k = (t == now && rng.uniform01() < 0.3) ? popped_key - 1 - uniform_index(rng, 100) : key++;
      if (ref.count({t, k})) continue;  // keys are unique in real use
      push(t, k);
      // Vary the size: occasionally push or pop an extra one.
      if (rng.uniform01() < 0.01) push(now + uniform(rng, 0.0, 30.0), key++);
      if (rng.uniform01() < 0.01 && ref.size() > 1) {
        pop_both(es, ref);
        if (HasFatalFailure()) return;
      }
    }
    drain_both(es, ref);
  }
}

// Times spread over many orders of magnitude force repeated refinement up to
// the depth limit, where a bucket is sorted whole instead.
TEST(EventSet, ReachesDepthLimitAndStaysExact) {
  EventSet es;
  Ref ref;
  std::uint64_t key = 0;
  for (int i = 0; i < 1000; ++i) {
    const double t = std::ldexp(1.0, -i);
    for (int j = 0; j < 3; ++j) {  // ties too
      es.push({t, key});
      ref.insert({t, key});
      ++key;
    }
  }
  pop_both(es, ref);
  EXPECT_EQ(es.depth(), EventSet::MAX_RUNGS);
  // Push below, inside and above the current position while draining.
  for (int i = 0; i < 2000; ++i) {
    const double now = ref.begin()->first;
    const double t = (i % 3 == 0) ? now : (i % 3 == 1) ? now * 1.5 : now + 1.0;
    es.push({t, key});
    ref.insert({t, key});
    ++key;
    pop_both(es, ref);
    if (HasFatalFailure()) return;
  }
  drain_both(es, ref);
}

// Degenerate spreads: all equal, adjacent doubles, denormals, huge and
// infinite times, in one set.
TEST(EventSet, DegenerateTimes) {
  EventSet es;
  Ref ref;
  std::uint64_t key = 0;
  auto push = [&](double t) {
    es.push({t, key});
    ref.insert({t, key});
    ++key;
  };
  const double inf = std::numeric_limits<double>::infinity();
  for (int i = 0; i < 500; ++i) push(3.0);
  for (int i = 0; i < 500; ++i) push(std::nextafter(3.0, 4.0));
  for (int i = 0; i < 200; ++i) push(std::numeric_limits<double>::denorm_min() * (i % 7));
  for (int i = 0; i < 200; ++i) push(1e300 * (1 + i % 5));
  for (int i = 0; i < 100; ++i) push(inf);
  for (int i = 0; i < 300; ++i) push(std::numeric_limits<double>::max());
  while (ref.size() > 1000) {
    pop_both(es, ref);
    if (HasFatalFailure()) return;
  }
  for (int i = 0; i < 300; ++i) push(std::nextafter(ref.begin()->first, inf));
  drain_both(es, ref);
  // Only infinite times.
  for (int i = 0; i < 100; ++i) push(inf);
  drain_both(es, ref);
}

TEST(EventSet, DrainReturnsEverythingAndEmpties) {
  EventSet es;
  RandomStream rng(5, 0, 0, 0);
  std::vector<Entry> in;
  for (std::uint64_t k = 0; k < 3000; ++k) {
    in.push_back({std::floor(uniform(rng, 0.0, 100.0)), k});
    es.push(in.back());
  }
  for (int i = 0; i < 500; ++i) {  // reach a mixed state
    ASSERT_NE(es.top(), nullptr);
    es.pop();
  }
  std::vector<Entry> out;
  es.drain(out);
  EXPECT_TRUE(es.empty());
  EXPECT_EQ(es.top(), nullptr);
  EXPECT_EQ(out.size(), 2500u);
  // Refill after draining works.
  for (const Entry& e : out) es.push(e);
  EXPECT_EQ(es.size(), 2500u);
  double last = -1;
  while (const Entry* e = es.top()) {
    EXPECT_GE(e->time, last);
    last = e->time;
    es.pop();
  }
}

// Rung 0 built from a few events far apart, then thousands pushed inside its
// first (already consumed) bucket: they pile up below the ladder and are
// spilled into a new rung; pushes all at one time cannot be spread and are
// merged into one sorted run instead.
TEST(EventSet, SpillsBottomIntoNewRung) {
  EventSet es;
  Ref ref;
  std::uint64_t key = 0;
  auto push = [&](double t) {
    es.push({t, key});
    ref.insert({t, key});
    ++key;
  };
  for (int i = 0; i < 10; ++i) push(1e5 * i);
  pop_both(es, ref);
  EXPECT_EQ(es.depth(), 1u);
  RandomStream rng(9, 0, 0, 0);
  for (int i = 0; i < 5000; ++i) push(std::floor(uniform(rng, 1.0, 100.0)));
  EXPECT_EQ(es.depth(), 2u);
  for (int i = 0; i < 20000; ++i) {
    const double now = ref.begin()->first;
    pop_both(es, ref);
    if (HasFatalFailure()) return;
    if (now < 1e5) {
      push(now + std::floor(uniform(rng, 0.0, 3.0)));
      if (i % 3 == 0) push(now);
    }
  }
  // Same-time pile-up at the current time.
  const double now = ref.begin()->first;
  for (int i = 0; i < 5000; ++i) push(now);
  for (int i = 0; i < 3000; ++i) {
    pop_both(es, ref);
    if (HasFatalFailure()) return;
    push(ref.begin()->first);
  }
  drain_both(es, ref);
}

// Steady state reuses memory: the chunk pool stops growing once the number
// of pending entries stops growing (it may still reach a slightly higher
// peak from a rare fluctuation, hence the 10% margin).
TEST(EventSet, ChunkPoolStopsGrowingInSteadyState) {
  EventSet es;
  RandomStream rng(21, 0, 0, 0);
  std::uint64_t key = 0;
  for (int i = 0; i < 20000; ++i) es.push({exponential(rng, 1.0), key++});
  auto hold = [&](int ops) {
    for (int i = 0; i < ops; ++i) {
      const double now = es.top()->time;
      es.pop();
      es.push({now + exponential(rng, 1.0), key++});
    }
  };
  hold(200000);
  const std::size_t warm = es.chunk_pool_size();
  EXPECT_GT(warm, 0u);
  hold(1000000);
  EXPECT_EQ(es.size(), 20000u);
  EXPECT_LE(es.chunk_pool_size(), warm + warm / 10);
}

// The sorting network of short runs, on every zero-one input (by the
// zero-one principle that proves it sorts every input), and on distinct
// values in every rotation.
TEST(EventSet, SortingNetworkSortsEveryZeroOneInput) {
  for (unsigned mask = 0; mask < 256; ++mask) {
    std::uint64_t v[8];
    for (unsigned i = 0; i < 8; ++i) v[i] = (mask >> i) & 1u;
    EventSet::sort_network_for_tests(v);
    for (unsigned i = 1; i < 8; ++i) ASSERT_LE(v[i - 1], v[i]) << "input " << mask;
  }
  for (unsigned shift = 0; shift < 8; ++shift) {
    std::uint64_t v[8];
    for (unsigned i = 0; i < 8; ++i) v[i] = ~std::uint64_t{0} - 5 * ((i * 3 + shift) % 8);
    EventSet::sort_network_for_tests(v);
    for (unsigned i = 1; i < 8; ++i) ASSERT_LT(v[i - 1], v[i]);
  }
}

// A short bucket whose times are too far apart (in representable doubles)
// for the packed sort falls back to a comparison sort: rung 0 over [1, 2^50]
// puts 1, 3 and 2^40 in its first bucket, 40 binades apart.
TEST(EventSet, ShortRunSpanningManyDoublesIsStillSorted) {
  EventSet es;
  Ref ref;
  std::uint64_t key = 0;
  for (const double t : {std::ldexp(1.0, 40), 3.0, 1.0, std::ldexp(1.0, 50), std::ldexp(1.0, 40)}) {
    es.push({t, key});
    ref.insert({t, key});
    ++key;
  }
  drain_both(es, ref);
}
