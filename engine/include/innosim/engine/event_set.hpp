#pragma once
// EventSet: the kernel's pending-event set, a ladder queue (after Tang, Goh
// and Thng, "Ladder queue: an O(1) priority queue structure for large-scale
// discrete event simulation", ACM TOMACS 15(3), 2005), adapted so that every
// ordering decision is exact.
//
// Entries are 16 bytes: a time (never NaN) and a 64-bit key. Pop order is
// (time, key), so equal times pop in key order (the Simulator packs priority
// and insertion sequence into the key). The structure has three tiers:
//
// - top: an unsorted array of the entries later than `far_bound_`;
// - rungs: bucket arrays; rung 0 spreads out the top once everything nearer
//   has run, and each deeper rung refines one bucket of the rung above (or a
//   spilled bottom, see below); a bucket is unsorted: its first 16 entries
//   sit in the rung's own array (bucket after bucket), and a bucket that
//   outgrows them chains fixed-size chunks drawn from a shared pool;
// - bottom: a sorted run, consumed front to back, plus a small 4-ary heap for
//   entries that arrive below the ladder's current position (e.g. events
//   scheduled at the current time). If that heap grows large (the current
//   bucket is wide compared with the delays being scheduled), the whole
//   bottom is spread over a new rung.
//
// Why exact: bucket_of() is a monotone function of the time, so an entry in
// an earlier bucket is strictly earlier than any entry in a later bucket;
// ties always share a bucket and are sorted by the full (time, key) order
// when the bucket reaches the bottom. Floating-point rounding in bucket_of()
// can only move an entry to a neighbouring bucket consistently for all equal
// times, never reorder two entries.
//
// Why fast: pushes append to a bucket (O(1)), reading only its fill count
// (a byte array) before they store; each entry is moved a small number of
// times (top -> rung(s) -> run) with mostly sequential memory traffic
// (buckets are handed down in order, and their slots are contiguous); a
// bucket of up to 16 entries is sorted without branches (sort_small()); and
// when a bucket becomes the run the caller's records for its entries are
// prefetched (set_prefetch()). The measurements behind each choice are in
// docs/performance.md.
// Steady state allocates nothing: the chunk pool, the run, the heap and the
// rungs' arrays keep their capacity.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

namespace innosim::engine {

class EventSet {
 public:
  struct Entry {
    double time;
    std::uint64_t key;
  };
  /// The pop order: by time, then key. Computed on integers, without
  /// branches: the sort of a short run and the heap compare entries whose
  /// order is unpredictable, and a mispredicted branch per comparison cost
  /// more than the comparisons themselves. Exact for every time except that
  /// -0.0 sorts before +0.0: push() never stores -0.0.
  static bool less(const Entry& a, const Entry& b) { return order(a) < order(b); }
  /// (time, key) as one unsigned 128-bit number with the same order: the
  /// time's bits map to an unsigned integer monotone in the time (flip every
  /// bit of a negative, set the sign bit of a positive).
  __extension__ using Order = unsigned __int128;
  static Order order(const Entry& e) {
    const auto u = std::bit_cast<std::uint64_t>(e.time);
    const std::uint64_t flip = static_cast<std::uint64_t>(static_cast<std::int64_t>(u) >> 63) | (std::uint64_t{1} << 63);
    return (static_cast<Order>(u ^ flip) << 64) | e.key;
  }

  /// Most rungs; a bucket that would need a deeper one is sorted instead.
  static constexpr std::uint32_t MAX_RUNGS = 8;
  /// A bucket with more entries than this is refined into a new rung rather
  /// than sorted into the run.
  static constexpr std::size_t SORT_LIMIT = 16;
  /// Runs up to this long are sorted by sorting networks (see sort_run()).
  static constexpr std::size_t NETWORK_SORT_LIMIT = 16;
  /// Aimed-for entries per bucket when a rung refines one bucket: such a rung
  /// mostly holds what it was built with, and a bucket of this size is
  /// cheap to sort.
  static constexpr std::size_t BUCKET_TARGET = 8;
  /// Aimed-for entries per bucket when a rung is built from the top or the
  /// bottom (one, as in Tang et al.): later pushes land there too, so its
  /// buckets fill up before they are handed down; where they fill up more
  /// than SORT_LIMIT, a refining rung takes over. MIN_BUCKETS applies to
  /// these rungs only.
  static constexpr std::size_t SPREAD_TARGET = 1;
  /// Bucket count limits per rung: few enough that the buckets being appended
  /// to stay in cache, enough to spread out later pushes.
  static constexpr std::uint32_t MIN_BUCKETS = 64;
  static constexpr std::uint32_t MAX_BUCKETS = 1024;
  /// Heap size at which the bottom is spread over a new rung (see
  /// spill_bottom()).
  static constexpr std::size_t HEAP_LIMIT = 1024;
  /// Most caller records prefetched at once (see set_prefetch()); a longer
  /// run is prefetched this far ahead of the pops.
  static constexpr std::size_t PREFETCH_LIMIT = 64;
  /// Entries per pool chunk (a chunk is 256 bytes).
  static constexpr std::uint32_t CHUNK_ENTRIES = 15;

  EventSet() = default;

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  // The entry travels as two scalars (in registers) down to the one place
  // that stores it, rather than as a struct spilled to the stack.
  void push(const Entry& e) { push(e.time, e.key); }
  void push(double time, std::uint64_t key) {
    time += 0.0;  // -0.0 becomes +0.0 (see less())
    ++size_;
    if (time > far_bound_) {
      push_top(time, key);
      return;
    }
    if (depth_ != 0) {  // most pushes land in rung 0: keep that path inline
      Rung& r = rungs_[0];
      const std::int64_t b = bucket_of(r, time);
      if (b >= static_cast<std::int64_t>(r.cur)) {
        bucket_push(r, static_cast<std::uint32_t>(b), time, key);
        return;
      }
    }
    push_below(time, key);
  }

  /// The smallest entry, or nullptr if the set is empty. The pointer is valid
  /// until the next push(), pop() or top().
  const Entry* top() {
    if (next_ != end_) [[likely]] {
      if (heap_.empty() || !less(heap_.front(), *next_)) {
        from_heap_ = false;
        return next_;
      }
      from_heap_ = true;
      return heap_.data();
    }
    if (!heap_.empty()) {
      from_heap_ = true;
      return heap_.data();
    }
    if (size_ == 0) return nullptr;
    refill();  // leaves a non-empty run
    from_heap_ = false;
    return next_;
  }

  /// Removes the entry the last top() returned (which must be non-null, with
  /// no push() in between).
  void pop() {
    --size_;
    if (!from_heap_) [[likely]] {
      ++next_;
      if (end_ - next_ >= static_cast<std::ptrdiff_t>(PREFETCH_LIMIT)) prefetch(next_[PREFETCH_LIMIT - 1]);
    } else {
      heap_pop();
    }
    if (size_ == 0) reset();
  }

  /// Prefetch hint: each entry's key names a record of the caller's at
  /// base + (key & mask) * stride (the Simulator's handler slot). When a
  /// bucket becomes the sorted run, those records are prefetched, so the
  /// cache misses overlap with the sort and with running earlier events
  /// instead of stalling each dispatch. Call again whenever `base` moves.
  void set_prefetch(const void* base, std::uint64_t mask, std::size_t stride) {
    prefetch_base_ = reinterpret_cast<std::uintptr_t>(base);
    prefetch_mask_ = mask;
    prefetch_stride_ = stride;
  }

  /// Pre-allocates room for `n` entries.
  void reserve(std::size_t n);
  /// Moves every entry into `out` (appended, in no particular order) and
  /// leaves the set empty.
  void drain(std::vector<Entry>& out);

  /// The 8-input sorting network sort_small() uses, for its unit test.
  static void sort_network_for_tests(std::uint64_t* v);

  /// Current number of rungs (for tests of the rebuild boundaries).
  std::uint32_t depth() const { return depth_; }
  /// Bucket chunks ever allocated (they are recycled; for tests).
  std::size_t chunk_pool_size() const { return chunks_.size(); }

 private:
  static constexpr std::uint32_t NIL = std::numeric_limits<std::uint32_t>::max();
  // The header comes first: following a bucket's chain and appending to it
  // touch the chunk's first cache line. A bucket's chain is read when the
  // bucket is handed down, long after it was written, so each chunk is a
  // cache miss; next3 (the chunk three links on) lets the reader keep three
  // of those misses in flight instead of one.
  // A bucket's overflow chain. A chunk does not store how many entries it
  // holds: all but the chain's first chunk are full, and the first one's
  // count lives in the bucket's head word, so a push reads nothing from the
  // chunk it writes to.
  struct alignas(64) Chunk {
    std::uint32_t next;
    std::uint32_t next2;
    std::uint32_t next3;
    std::uint32_t unused;
    Entry e[CHUNK_ENTRIES];
  };
  static_assert(sizeof(Chunk) == 256);
  // A bucket's head word: (first chunk << 4) | entries in that chunk, or NIL
  // for an empty bucket.
  static constexpr unsigned FILL_BITS = 4;
  static constexpr std::uint32_t FILL_MASK = (1u << FILL_BITS) - 1;
  static_assert(CHUNK_ENTRIES <= FILL_MASK);
  static std::uint32_t head_chunk(std::uint32_t head) { return head >> FILL_BITS; }
  static std::uint32_t head_fill(std::uint32_t head) { return head & FILL_MASK; }
  // A bucket's first INLINE_ENTRIES entries live in the rung's own array,
  // bucket after bucket: a push to a bucket with room stores there without
  // touching the chunk pool, and handing buckets down in order reads memory
  // sequentially. Only a bucket that outgrows its slots chains chunks (its
  // head word), as buckets do at a million pending events.
  static constexpr std::uint32_t INLINE_ENTRIES = 16;
  struct Rung {
    double start = 0.0;   // time of the lower edge of bucket 0
    double scale = 1.0;   // buckets per unit of time
    double nb_real = 0.0; // nb, as a double for the clamp in bucket_of()
    std::uint32_t nb = 0;
    std::uint32_t cur = 0;   // buckets below cur were handed down
    std::size_t count = 0;   // entries in buckets cur..nb-1
    std::vector<std::uint8_t> fill;    // entries in each bucket's inline slots
    std::vector<std::uint32_t> heads;  // each bucket's overflow chain (see Chunk), or NIL
    std::unique_ptr<Entry[]> slots;    // INLINE_ENTRIES per bucket; not initialised
    std::size_t slots_capacity = 0;    // buckets' worth of slots allocated
  };

  // Monotone in t (every step rounds monotonically), clamped to [-1, nb-1]:
  // -1 means "before this rung".
  static std::int64_t bucket_of(const Rung& r, double t) {
    const double x = (t - r.start) * r.scale;
    if (!(x >= 0.0)) return -1;
    if (x >= r.nb_real) return static_cast<std::int64_t>(r.nb) - 1;
    return static_cast<std::int64_t>(x);
  }

  void bucket_push(Rung& r, std::uint32_t b, double time, std::uint64_t key) {
    ++r.count;
    std::uint8_t& fill = r.fill[b];
    if (fill == INLINE_ENTRIES) [[unlikely]] {
      overflow_push(r, b, time, key);
      return;
    }
    Entry& slot = r.slots[std::size_t{b} * INLINE_ENTRIES + fill];
    slot.time = time;
    slot.key = key;
    ++fill;
  }
  // A full bucket's further entries go to its chunk chain.
  void overflow_push(Rung& r, std::uint32_t b, double time, std::uint64_t key) {
    std::uint32_t& head = r.heads[b];
    if (head == NIL || head_fill(head) == CHUNK_ENTRIES) head = new_chunk(head == NIL ? NIL : head_chunk(head)) << FILL_BITS;
    Entry& slot = chunks_[head_chunk(head)].e[head_fill(head)];
    slot.time = time;
    slot.key = key;
    ++head;
  }
  // Appends bucket b's chunk chain to run_ and returns its chunks to the pool.
  void take_chain(Rung& r, std::uint32_t b);

  void prefetch(const Entry& e) const {
    if (prefetch_base_ != 0)
      __builtin_prefetch(reinterpret_cast<const void*>(prefetch_base_ + (e.key & prefetch_mask_) * prefetch_stride_), 1);
  }
  void prefetch_chunk(std::uint32_t c) const {
    if (c == NIL) return;
    const char* p = reinterpret_cast<const char*>(&chunks_[c]);
    for (std::size_t line = 0; line < sizeof(Chunk); line += 64) __builtin_prefetch(p + line);
  }
  bool sort_small(const Entry* src, std::size_t n);
  static void order_ties(Entry* out, std::size_t n);
  void sort_run();
  void spill_bottom();
  void push_below(double time, std::uint64_t key);
  // Out of line (as are all rare paths of push()): inlined, the vector's
  // growth path would cost the hot path registers saved on every call.
  [[gnu::noinline]] void push_top(double time, std::uint64_t key) { top_.push_back(Entry{time, key}); }
  void heap_push(const Entry& e);
  void heap_pop();
  std::uint32_t new_chunk(std::uint32_t next);
  void refill();
  void convert_top();
  bool spawn(const Entry* first, const Entry* last, double lo, double hi, bool for_pushes);
  void sort_into_run(const Entry* first, const Entry* last);
  void reset();

  // The run: sorted, [next_, end_) still pending, in run_ or small_run_.
  std::vector<Entry> run_;
  Entry small_run_[NETWORK_SORT_LIMIT];  // the run, when sort_small() made it
  Entry* next_ = nullptr;
  Entry* end_ = nullptr;
  // Points next_ and end_ at the whole run, after run_ changed.
  void view_run() {
    next_ = run_.data();
    end_ = next_ + run_.size();
    run_is_small_ = false;
  }
  // Points the run at small_run_[0..n).
  void view_small_run(std::size_t n) {
    next_ = small_run_;
    end_ = small_run_ + n;
    run_is_small_ = true;
  }
  bool run_is_small_ = false;  // the run is in small_run_, not in run_
  std::vector<Entry> heap_;  // 4-ary min-heap of entries pushed below the ladder
  std::size_t heap_limit_ = HEAP_LIMIT;
  Rung rungs_[MAX_RUNGS];    // rungs_[0..depth_); kept so their arrays keep capacity
  std::uint32_t depth_ = 0;
  std::vector<Entry> top_;   // unsorted, all later than far_bound_
  double far_bound_ = -std::numeric_limits<double>::infinity();
  std::vector<Chunk> chunks_;
  std::uint32_t free_chunk_ = NIL;
  std::size_t size_ = 0;
  bool from_heap_ = false;
  std::uintptr_t prefetch_base_ = 0;  // 0: no hint
  std::uint64_t prefetch_mask_ = 0;
  std::size_t prefetch_stride_ = 0;
};

}  // namespace innosim::engine
