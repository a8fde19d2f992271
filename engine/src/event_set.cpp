#include "innosim/engine/event_set.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace innosim::engine {

void EventSet::reserve(std::size_t n) {
  top_.reserve(n);
  chunks_.reserve(n / CHUNK_ENTRIES + n / (2 * CHUNK_ENTRIES) + MAX_BUCKETS);
}

std::uint32_t EventSet::new_chunk(std::uint32_t next) {
  std::uint32_t c = free_chunk_;
  if (c != NIL) {
    free_chunk_ = chunks_[c].next;
  } else {
    // A head word holds the chunk index in 28 bits (about 4e9 entries).
    if (chunks_.size() >= (NIL >> FILL_BITS)) throw std::length_error("EventSet: too many entries");
    c = static_cast<std::uint32_t>(chunks_.size());
    chunks_.emplace_back();
  }
  Chunk& chunk = chunks_[c];
  chunk.next = next;
  chunk.next2 = next == NIL ? NIL : chunks_[next].next;  // `next` was just filled: it is in cache
  chunk.next3 = next == NIL ? NIL : chunks_[next].next2;
  return c;
}

// The rest of push(): e is not in the top nor in rung 0's remaining buckets.
void EventSet::push_below(double time, std::uint64_t key) {
  for (std::uint32_t i = 1; i < depth_; ++i) {
    Rung& r = rungs_[i];
    const std::int64_t b = bucket_of(r, time);
    if (b >= static_cast<std::int64_t>(r.cur)) {
      bucket_push(r, static_cast<std::uint32_t>(b), time, key);
      return;
    }
  }
  heap_push(Entry{time, key});
  if (heap_.size() >= heap_limit_) spill_bottom();
}

void EventSet::heap_push(const Entry& e) {
  heap_.push_back(e);
  std::size_t i = heap_.size() - 1;
  while (i > 0) {
    const std::size_t parent = (i - 1) >> 2;
    if (!less(e, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = e;
}

// Entries pushed below the ladder pile up in the heap when the ladder's
// current bucket is wide compared with the delays being scheduled (say rung 0
// was built from a few events years apart, and the model then schedules
// thousands a day from within the first bucket). Heap pops cost O(log n) and
// are not prefetched, so spread the whole bottom (run and heap) over a new
// deepest rung: every entry there is below the ladder, so the rung sits
// below the current deepest one. If the entries cannot be spread (all at
// one time, or the ladder at its depth limit), merge them into one sorted run
// and wait until the heap grows as large as that run before trying again,
// which keeps the cost amortized O(log n) per push.
void EventSet::spill_bottom() {
  if (run_is_small_)
    run_.assign(next_, end_);
  else
    run_.erase(run_.begin(), run_.begin() + (next_ - run_.data()));
  run_.insert(run_.end(), heap_.begin(), heap_.end());
  heap_.clear();
  double lo = run_.front().time;
  double hi = lo;
  for (const Entry& e : run_) {
    lo = std::min(lo, e.time);
    hi = std::max(hi, e.time);
  }
  if (spawn(run_.data(), run_.data() + run_.size(), lo, hi, true)) {
    run_.clear();
    view_run();
    heap_limit_ = HEAP_LIMIT;
  } else {
    heap_limit_ = std::max(HEAP_LIMIT, run_.size());
    sort_run();
  }
}

void EventSet::heap_pop() {
  const Entry e = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n == 0) return;
  std::size_t i = 0;
  for (;;) {
    const std::size_t first = (i << 2) + 1;
    if (first >= n) break;
    std::size_t best = first;
    const std::size_t last = std::min(first + 4, n);
    for (std::size_t c = first + 1; c < last; ++c)
      if (less(heap_[c], heap_[best])) best = c;
    if (!less(heap_[best], e)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = e;
  prefetch(heap_.front());  // its record is needed soon
}

// Builds a new deepest rung over [lo, hi] holding [first, last). Fails (and
// changes nothing) when the ladder is at its depth limit or the times are too
// close together (or too far apart) for a finite, positive bucket scale.
bool EventSet::spawn(const Entry* first, const Entry* last, double lo, double hi, bool for_pushes) {
  if (depth_ == MAX_RUNGS || !(hi > lo)) return false;
  const auto n = static_cast<std::size_t>(last - first);
  const auto nb = static_cast<std::uint32_t>(
      for_pushes ? std::clamp<std::size_t>(n / SPREAD_TARGET, MIN_BUCKETS, MAX_BUCKETS)
                 : std::clamp<std::size_t>(n / BUCKET_TARGET, 1, MAX_BUCKETS));
  const double scale = static_cast<double>(nb) / (hi - lo);
  if (!(scale > 0.0) || !std::isfinite(scale)) return false;
  Rung& r = rungs_[depth_++];
  r.start = lo;
  r.scale = scale;
  r.nb = nb;
  r.nb_real = static_cast<double>(nb);
  r.cur = 0;
  r.count = 0;
  r.heads.assign(nb, NIL);
  r.fill.assign(nb, 0);
  if (r.slots_capacity < nb) {
    r.slots = std::make_unique_for_overwrite<Entry[]>(std::size_t{nb} * INLINE_ENTRIES);
    r.slots_capacity = nb;
  }
  for (const Entry* e = first; e != last; ++e) bucket_push(r, static_cast<std::uint32_t>(bucket_of(r, e->time)), e->time, e->key);
  return true;
}

void EventSet::sort_into_run(const Entry* first, const Entry* last) {
  run_.assign(first, last);
  sort_run();
}

namespace {

// Branch-free sorting of short arrays of distinct 64-bit values: a
// compare-exchange is a compare and two conditional moves.
inline void compare_exchange(std::uint64_t& a, std::uint64_t& b) {
  const std::uint64_t lo = a < b ? a : b;
  const std::uint64_t hi = a < b ? b : a;
  a = lo;
  b = hi;
}

// Sorts v[0..8) with an optimal 19-comparator network (Knuth, TAOCP vol. 3,
// 5.3.4), checked on all 256 zero-one inputs by the unit tests.
inline void sort8(std::uint64_t* v) {
  std::uint64_t x0 = v[0], x1 = v[1], x2 = v[2], x3 = v[3], x4 = v[4], x5 = v[5], x6 = v[6], x7 = v[7];
  compare_exchange(x0, x2), compare_exchange(x1, x3), compare_exchange(x4, x6), compare_exchange(x5, x7);
  compare_exchange(x0, x4), compare_exchange(x1, x5), compare_exchange(x2, x6), compare_exchange(x3, x7);
  compare_exchange(x0, x1), compare_exchange(x2, x3), compare_exchange(x4, x5), compare_exchange(x6, x7);
  compare_exchange(x2, x4), compare_exchange(x3, x5);
  compare_exchange(x1, x4), compare_exchange(x3, x6);
  compare_exchange(x1, x2), compare_exchange(x3, x4), compare_exchange(x5, x6);
  v[0] = x0, v[1] = x1, v[2] = x2, v[3] = x3, v[4] = x4, v[5] = x5, v[6] = x6, v[7] = x7;
}

}  // namespace

void EventSet::sort_network_for_tests(std::uint64_t* v) { sort8(v); }

// After the packed sort, equal times are in run order: an insertion sort puts
// them in key order (out of line: ties are rare with continuous times).
[[gnu::noinline]] void EventSet::order_ties(Entry* out, std::size_t n) {
  for (std::size_t k = 1; k < n; ++k) {
    const Entry e = out[k];
    std::size_t j = k;
    for (; j > 0 && less(e, out[j - 1]); --j) out[j] = out[j - 1];
    out[j] = e;
  }
}

// Sorts [src, src + n), 0 < n <= NETWORK_SORT_LIMIT, into small_run_ and
// makes that the run, prefetching the caller's records; false (and nothing
// done) if the times span too many doubles for the packing below.
//
// A short run (the usual bucket holds a few entries) is sorted without
// branches: the order of its times is unpredictable, and a comparison sort
// mispredicts about once per entry. Each time's order bits (see order())
// relative to the first entry's, with the entry's index in the low bits,
// make distinct 64-bit numbers in the order (time, index); a sorting network
// of 8 sorts them (two networks of 8 and a branch-free merge for up to 16).
// The loops run a fixed 8 or 16 times, padding with a value above every
// real one: n varies from bucket to bucket, and a loop over n would
// mispredict its exit every time. Only src[0..n) is read (a padding lane
// reads src[0] and discards it): the slots beyond n are uninitialised. Equal times keep their index order, and an
// insertion sort then puts them in key order: ties are rare with continuous
// times, and the check for them is branch-free.
bool EventSet::sort_small(const Entry* src, std::size_t n) {
  constexpr unsigned INDEX_BITS = 4;
  constexpr std::uint64_t INDEX_MASK = (1u << INDEX_BITS) - 1;
  constexpr unsigned SPAN_BITS = 58;  // times within 2^57 order steps of the first
  constexpr std::uint64_t PAD = std::uint64_t{1} << 63;  // above every packed value; index 0
  static_assert(NETWORK_SORT_LIMIT == 16 && SPAN_BITS + INDEX_BITS < 63);
  const std::uint64_t base = static_cast<std::uint64_t>(order(src[0]) >> 64) - (std::uint64_t{1} << (SPAN_BITS - 1));
  std::uint64_t v[17];
  std::uint64_t span = 0;
  Entry* const out = small_run_;
  if (n <= 8) {
    for (std::size_t i = 0; i < 8; ++i) {
      const bool real = i < n;
      const std::uint64_t d = static_cast<std::uint64_t>(order(src[i < n ? i : 0]) >> 64) - base;
      span |= real ? d : 0;
      v[i] = real ? (d << INDEX_BITS) | i : PAD;
    }
    if ((span >> SPAN_BITS) != 0) return false;
    sort8(v);
    std::uint64_t ties = 0;
    for (std::size_t k = 0; k < 8; ++k) {
      out[k] = src[v[k] & INDEX_MASK];
      prefetch(out[k]);
      if (k > 0) ties |= static_cast<std::uint64_t>(k < n) & static_cast<std::uint64_t>(((v[k] ^ v[k - 1]) >> INDEX_BITS) == 0);
    }
    if (ties != 0) [[unlikely]]
      order_ties(out, n);
    view_small_run(n);
    return true;
  }
  for (std::size_t i = 0; i < 16; ++i) {
    const bool real = i < n;
    const std::uint64_t d = static_cast<std::uint64_t>(order(src[i < n ? i : 0]) >> 64) - base;
    span |= real ? d : 0;
    v[i] = real ? (d << INDEX_BITS) | i : PAD;
  }
  if ((span >> SPAN_BITS) != 0) return false;
  sort8(v);
  sort8(v + 8);
  v[16] = PAD;
  const std::uint64_t a[9] = {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], PAD};
  std::size_t i = 0, j = 8;
  std::uint64_t ties = 0, prev = PAD;
  for (std::size_t k = 0; k < 16; ++k) {
    const bool take_a = a[i] < v[j];
    const std::uint64_t x = take_a ? a[i] : v[j];
    i += take_a;
    j += !take_a;
    out[k] = src[x & INDEX_MASK];
    prefetch(out[k]);
    ties |= static_cast<std::uint64_t>(k < n) & static_cast<std::uint64_t>(((x ^ prev) >> INDEX_BITS) == 0);
    prev = x;
  }
  if (ties != 0) [[unlikely]]
    order_ties(out, n);
  view_small_run(n);
  return true;
}

// Sorts run_ and makes it the run (short runs by sort_small()), prefetching
// the caller's records for its first entries: all of them when the run is
// short (before sorting, so the misses overlap with the sort), else the
// first PREFETCH_LIMIT (pop() keeps ahead).
void EventSet::sort_run() {
  const std::size_t n = run_.size();
  if (n > 0 && n <= NETWORK_SORT_LIMIT && sort_small(run_.data(), n)) {
    run_.clear();
    return;
  }
  const auto by_order = [](const Entry& a, const Entry& b) { return less(a, b); };
  if (n <= PREFETCH_LIMIT) {
    for (const Entry& e : run_) prefetch(e);
    std::sort(run_.begin(), run_.end(), by_order);
  } else {
    std::sort(run_.begin(), run_.end(), by_order);
    for (std::size_t i = 0; i < PREFETCH_LIMIT; ++i) prefetch(run_[i]);
  }
  view_run();
}

// Turns the top into rung 0 (or, if it cannot be spread over buckets, sorts
// it into the run). Precondition: the rungs and the bottom are empty.
void EventSet::convert_top() {
  constexpr double inf = std::numeric_limits<double>::infinity();
  double lo = inf;
  double hi = -inf;  // largest finite time
  for (const Entry& e : top_) {
    lo = std::min(lo, e.time);
    if (e.time < inf) hi = std::max(hi, e.time);
  }
  if (hi == -inf) {  // only events at +infinity
    far_bound_ = inf;
    sort_into_run(top_.data(), top_.data() + top_.size());
    top_.clear();
    return;
  }
  // Events at +infinity stay in the top: a finite bound keeps the rungs
  // useful (they sort after everything else anyway).
  far_bound_ = hi;
  const auto mid = std::partition(top_.begin(), top_.end(), [hi](const Entry& e) { return e.time <= hi; });
  if (!spawn(top_.data(), top_.data() + (mid - top_.begin()), lo, hi, true)) sort_into_run(top_.data(), top_.data() + (mid - top_.begin()));
  top_.erase(top_.begin(), mid);
}

// Hands the next non-empty bucket of the deepest rung down to the run,
// refining it into a new rung first if it is large; converts the top when
// the ladder is empty. Precondition: the bottom is empty and size_ > 0.
void EventSet::take_chain(Rung& r, std::uint32_t b) {
  const std::uint32_t head = r.heads[b];
  r.heads[b] = NIL;
  std::uint32_t c = head_chunk(head);
  std::uint32_t n = head_fill(head);
  prefetch_chunk(chunks_[c].next);
  prefetch_chunk(chunks_[c].next2);
  while (c != NIL) {
    Chunk& chunk = chunks_[c];
    const std::uint32_t next = chunk.next;
    prefetch_chunk(chunk.next3);
    run_.insert(run_.end(), chunk.e, chunk.e + n);
    chunk.next = free_chunk_;
    free_chunk_ = c;
    c = next;
    n = CHUNK_ENTRIES;
  }
}

void EventSet::refill() {
  run_.clear();
  view_run();
  heap_limit_ = HEAP_LIMIT;
  for (;;) {
    if (depth_ == 0) {
      convert_top();
      if (next_ != end_) return;
      continue;
    }
    Rung& r = rungs_[depth_ - 1];
    if (r.count == 0) {
      --depth_;
      continue;
    }
    while (r.fill[r.cur] == 0) ++r.cur;  // a bucket's inline slots fill first
    const std::uint32_t b = r.cur++;
    const std::uint32_t n = r.fill[b];
    r.fill[b] = 0;
    const Entry* inline_entries = &r.slots[std::size_t{b} * INLINE_ENTRIES];
    if (r.heads[b] == NIL) {  // no overflow (the usual case): sort straight from the slots
      static_assert(INLINE_ENTRIES == NETWORK_SORT_LIMIT);
      r.count -= n;
      if (sort_small(inline_entries, n)) return;
      run_.assign(inline_entries, inline_entries + n);
      sort_run();
      return;
    }
    run_.assign(inline_entries, inline_entries + n);
    take_chain(r, b);
    r.count -= run_.size();
    if (run_.size() > SORT_LIMIT) {
      double lo = run_.front().time;
      double hi = lo;
      for (const Entry& e : run_) {
        lo = std::min(lo, e.time);
        hi = std::max(hi, e.time);
      }
      if (spawn(run_.data(), run_.data() + run_.size(), lo, hi, false)) {
        run_.clear();
        continue;
      }
    }
    sort_run();
    return;
  }
}

void EventSet::reset() {
  run_.clear();
  view_run();
  depth_ = 0;
  far_bound_ = -std::numeric_limits<double>::infinity();
}

void EventSet::drain(std::vector<Entry>& out) {
  out.insert(out.end(), next_, end_);
  out.insert(out.end(), heap_.begin(), heap_.end());
  for (std::uint32_t i = 0; i < depth_; ++i) {
    Rung& r = rungs_[i];
    for (std::uint32_t b = 0; b < r.nb; ++b) {
      const Entry* inline_entries = &r.slots[std::size_t{b} * INLINE_ENTRIES];
      out.insert(out.end(), inline_entries, inline_entries + r.fill[b]);
      r.fill[b] = 0;
      if (r.heads[b] == NIL) continue;
      const std::size_t before = run_.size();
      take_chain(r, b);  // appends to run_: move those entries out
      out.insert(out.end(), run_.begin() + static_cast<std::ptrdiff_t>(before), run_.end());
      run_.resize(before);
    }
    rungs_[i].count = 0;
  }
  out.insert(out.end(), top_.begin(), top_.end());
  heap_.clear();
  top_.clear();
  size_ = 0;
  reset();
}

}  // namespace innosim::engine
