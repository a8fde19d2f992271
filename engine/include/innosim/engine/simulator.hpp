#pragma once
// The discrete-event kernel: a clock and an event set ordered by
// (time, priority, insertion sequence), so two runs of the same scenario
// execute events in exactly the same order.
//
// Design for speed (measurements in docs/performance.md):
// - the pending set is an EventSet (event_set.hpp), a ladder queue of 16-byte
//   entries: the time and one 64-bit key packing priority, sequence number
//   and slot index. Pushes are O(1) appends to time buckets; a bucket is
//   sorted by the full (time, key) order only when it becomes the next to
//   run, so the order is exact while the cost per event stays O(1);
// - handlers live in a slot pool (one 64-byte line each), recycled LIFO, so
//   steady-state scheduling never allocates and a handler that reschedules
//   reuses the line it was just read from. When a bucket of the event set
//   becomes the next to run, the slots of its events are prefetched (a slot
//   was last touched when its event was scheduled, typically long ago, so
//   otherwise every dispatch would wait on a cache miss);
// - cancellation is lazy: the slot is freed at once and its stale entry is
//   skipped when popped (its sequence number no longer matches).
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "innosim/engine/calendar.hpp"
#include "innosim/engine/event_set.hpp"
#include "innosim/engine/handler.hpp"

namespace innosim::engine {

/// Simulation time: days since the run's start date.
using Time = double;

/// Identifies a scheduled event, for cancellation.
struct EventId {
  std::uint32_t slot = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t generation = 0;  // which use of the slot; survives a recurrence's reschedules
  bool valid() const { return slot != std::numeric_limits<std::uint32_t>::max(); }
};

/// Calendar recurrences the model needs.
enum class Recurrence : std::uint8_t { none = 0, monthly = 1, quarterly = 3, yearly = 12, interval = 255 };

class Simulator {
 public:
  /// Priorities run from MIN_PRIORITY (first) to MAX_PRIORITY (last) among
  /// events at the same time; ties within a priority keep insertion order.
  static constexpr int MIN_PRIORITY = -8;
  static constexpr int MAX_PRIORITY = 7;
  /// Most events that can be pending at once.
  static constexpr std::uint32_t MAX_PENDING = (1u << 22) - 1;

  explicit Simulator(Date start = {2025, 1, 1});

  Time now() const { return now_; }
  const Date& start_date() const { return start_; }
  /// Simulation time of the start of a calendar date (may be negative).
  Time time_of(const Date& d) const;
  /// The calendar date containing time t.
  Date date_at(Time t) const;

  /// Runs `fn` at absolute time t (t >= now()). `fn` is a Handler or any
  /// callable a Handler can hold, built straight into its slot.
  template <class F>
  EventId schedule_at(Time t, F&& fn, int priority = 0) {
    if (!(t >= now_) || priority < MIN_PRIORITY || priority > MAX_PRIORITY) [[unlikely]]
      bad_schedule(t, priority);
    const std::uint32_t s = allocate_slot();
    Slot& slot = slots_[s];
    slot.fn.assign(std::forward<F>(fn));
    slot.priority = static_cast<std::int8_t>(priority);
    slot.recurrence = Recurrence::none;
    slot.live = true;
    ++live_;
    push(t, s, priority);
    return EventId{s, slot.generation};
  }
  /// Runs `fn` after `delay` days (delay >= 0).
  template <class F>
  EventId schedule_in(Time delay, F&& fn, int priority = 0) {
    return schedule_at(now_ + delay, std::forward<F>(fn), priority);
  }
  /// Runs `fn` at `first`, then every `interval` days until cancelled.
  EventId schedule_every(Time first, Time interval, Handler fn, int priority = 0);
  /// Runs `fn` on `first`, then every month/quarter/year on the same day of
  /// the month (clamped to shorter months: the 31st becomes the 30th or
  /// 28th/29th), until cancelled.
  EventId schedule_calendar(Recurrence every, Date first, Handler fn, int priority = 0);

  /// Cancels a pending event (or a recurrence). Returns false if it already
  /// ran or was cancelled. Safe to call from inside any handler.
  bool cancel(EventId id);
  bool is_pending(EventId id) const;

  /// Executes events in order while their time is <= `t`, then sets the clock
  /// to `t` (unless stop() was called, which leaves it at the stopping event).
  void run_until(Time t);
  /// Runs until the event set is empty or stop() is called.
  void run();
  /// Makes run_until()/run() return after the current handler.
  void stop() { stop_requested_ = true; }
  bool stopped() const { return stop_requested_; }

  std::uint64_t events_executed() const { return executed_; }
  std::size_t pending_count() const { return live_; }
  /// Time of the next live event, or +infinity.
  Time next_event_time();

  /// Handler slots ever allocated (they are recycled, so this stops growing
  /// once the number of pending events stops growing).
  std::size_t slot_pool_size() const { return slots_.size(); }

  /// Pre-allocates room for `n` pending events.
  void reserve(std::size_t n);

 private:
  using Entry = EventSet::Entry;  // key: priority(4) | sequence(38) | slot(22)
  struct alignas(64) Slot {
    Handler fn;
    std::uint64_t seq = 0;          // sequence of this slot's live heap entry
    union {
      double interval = 0.0;        // Recurrence::interval: days between runs
      std::int32_t month_index;     // calendar: year*12 + month-1 of the current occurrence
      std::uint32_t next_free;      // free slots: the next free slot
    };
    std::uint32_t generation = 0;
    std::int8_t priority = 0;
    Recurrence recurrence = Recurrence::none;
    std::uint8_t anchor_day = 0;
    bool live = false;
  };
  static_assert(sizeof(Handler) == 40);
  static constexpr unsigned SLOT_BITS = 22;
  static constexpr unsigned SEQ_BITS = 38;
  static constexpr std::uint64_t SLOT_MASK = (std::uint64_t{1} << SLOT_BITS) - 1;
  static constexpr std::uint64_t SEQ_LIMIT = std::uint64_t{1} << SEQ_BITS;
  static constexpr std::uint32_t NO_SLOT = std::numeric_limits<std::uint32_t>::max();

  // The hot path (scheduling, dispatch) is inline: a hold operation is a
  // few dozen instructions, and a call per step would be a sizeable share.
  std::uint32_t allocate_slot() {
    if (free_head_ == NO_SLOT) [[unlikely]]
      return grow_slots();
    const std::uint32_t s = free_head_;
    free_head_ = slots_[s].next_free;
    ++slots_[s].generation;
    return s;
  }
  void free_slot(std::uint32_t s) {
    Slot& slot = slots_[s];
    slot.live = false;
    slot.seq = 0;  // sequence numbers start at 1, so stale entries never match
    slot.next_free = free_head_;
    free_head_ = s;
    --live_;
  }
  void push(double t, std::uint32_t slot, int priority) {
    if (seq_ + 1 >= SEQ_LIMIT) [[unlikely]]
      renumber();
    const std::uint64_t seq = ++seq_;
    slots_[slot].seq = seq;
    const auto prio = static_cast<std::uint64_t>(priority - MIN_PRIORITY);
    events_.push(t, (prio << (SEQ_BITS + SLOT_BITS)) | (seq << SLOT_BITS) | slot);
  }
  void push(double t, std::uint32_t slot) { push(t, slot, slots_[slot].priority); }
  // An entry is stale (its event was cancelled) when its slot's sequence
  // number no longer matches: free slots have sequence 0, a reused slot a
  // newer one.
  bool is_stale(const Entry& e) const { return slots_[e.key & SLOT_MASK].seq != ((e.key >> SLOT_BITS) & (SEQ_LIMIT - 1)); }
  // Runs the event of `top`, just popped from events_.
  void dispatch(const Entry& top) {
    if (is_stale(top)) return;  // cancelled
    const auto s = static_cast<std::uint32_t>(top.key & SLOT_MASK);
    Slot& slot = slots_[s];
    now_ = top.time;
    ++executed_;
    // Copy the handler out: it may schedule events, which can reuse this
    // slot or grow slots_.
    Handler fn = slot.fn;
    if (slot.recurrence == Recurrence::none)
      free_slot(s);
    else
      reschedule(top.time, s);
    fn();
  }
  [[noreturn]] void bad_schedule(Time t, int priority) const;
  std::uint32_t grow_slots();
  void reschedule(Time t, std::uint32_t s);
  void renumber();
  Time calendar_time(int month_index, int anchor_day) const;

  EventSet events_;
  std::vector<Slot> slots_;
  std::uint32_t free_head_ = NO_SLOT;
  std::uint64_t seq_ = 0;
  std::uint64_t executed_ = 0;
  std::size_t live_ = 0;
  Time now_ = 0.0;
  Date start_;
  std::int64_t start_day_ = 0;
  bool stop_requested_ = false;
};

}  // namespace innosim::engine
