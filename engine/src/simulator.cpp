#include "innosim/engine/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "innosim/engine/error.hpp"

namespace innosim::engine {

Simulator::Simulator(Date start) : start_(start), start_day_(days_from_civil(start)) {
  if (!is_valid(start)) throw ConfigError("invalid start date " + to_string(start));
}

Time Simulator::time_of(const Date& d) const { return static_cast<Time>(days_from_civil(d) - start_day_); }

Date Simulator::date_at(Time t) const {
  return civil_from_days(start_day_ + static_cast<std::int64_t>(std::floor(t)));
}

void Simulator::reserve(std::size_t n) {
  heap_.reserve(n);
  slots_.reserve(n);
}

std::uint32_t Simulator::allocate_slot() {
  if (free_head_ != NO_SLOT) {
    const std::uint32_t s = free_head_;
    free_head_ = slots_[s].next_free;
    ++slots_[s].generation;
    return s;
  }
  if (slots_.size() >= MAX_PENDING) throw ModelError("more than 4,194,303 events pending at once");
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void Simulator::free_slot(std::uint32_t s) {
  Slot& slot = slots_[s];
  slot.live = false;
  slot.seq = 0;  // sequence numbers start at 1, so stale entries never match
  slot.next_free = free_head_;
  free_head_ = s;
  --live_;
}

std::uint64_t Simulator::next_seq() {
  if (seq_ + 1 >= SEQ_LIMIT) renumber();
  return ++seq_;
}

void Simulator::push(double t, std::uint32_t slot) {
  Slot& s = slots_[slot];
  const std::uint64_t seq = next_seq();
  s.seq = seq;
  const auto prio = static_cast<std::uint64_t>(s.priority - MIN_PRIORITY);
  heap_.push_back(Entry{t, (prio << (SEQ_BITS + SLOT_BITS)) | (seq << SLOT_BITS) | slot});
  sift_up(heap_.size() - 1);
}

void Simulator::sift_up(std::size_t i) {
  const Entry e = heap_[i];
  while (i > 0) {
    const std::size_t parent = (i - 1) >> 2;
    if (!less(e, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = e;
}

void Simulator::sift_down(std::size_t i) {
  const std::size_t n = heap_.size();
  const Entry e = heap_[i];
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
}

void Simulator::pop_top() {
  const Entry last = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) {
    heap_[0] = last;
    sift_down(0);
  }
}

// Sequence numbers are 38 bits wide (2.7e11 events). When they run out, the
// pending entries are renumbered in their current order, which keeps every
// ordering decision unchanged.
void Simulator::renumber() {
  std::vector<Entry> live;
  live.reserve(heap_.size());
  for (const Entry& e : heap_) {
    const auto slot = static_cast<std::uint32_t>(e.key & SLOT_MASK);
    const std::uint64_t seq = (e.key >> SLOT_BITS) & (SEQ_LIMIT - 1);
    if (slots_[slot].live && slots_[slot].seq == seq) live.push_back(e);
  }
  std::sort(live.begin(), live.end(), less);
  seq_ = 0;
  for (Entry& e : live) {
    const auto slot = static_cast<std::uint32_t>(e.key & SLOT_MASK);
    const std::uint64_t seq = ++seq_;
    slots_[slot].seq = seq;
    const std::uint64_t prio = e.key >> (SEQ_BITS + SLOT_BITS);
    e.key = (prio << (SEQ_BITS + SLOT_BITS)) | (seq << SLOT_BITS) | slot;
  }
  heap_ = std::move(live);  // a sorted array is a valid heap
}

EventId Simulator::schedule_at(Time t, Handler fn, int priority) {
  if (!(t >= now_)) throw InternalError("event scheduled in the past or at NaN time");
  if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) throw InternalError("event priority out of range");
  const std::uint32_t s = allocate_slot();
  Slot& slot = slots_[s];
  slot.fn = fn;
  slot.priority = static_cast<std::int8_t>(priority);
  slot.recurrence = Recurrence::none;
  slot.live = true;
  ++live_;
  push(t, s);
  return EventId{s, slot.generation};
}

EventId Simulator::schedule_every(Time first, Time interval, Handler fn, int priority) {
  if (!(interval > 0.0)) throw InternalError("recurrence interval must be positive");
  EventId id = schedule_at(first, fn, priority);
  Slot& slot = slots_[id.slot];
  slot.recurrence = Recurrence::interval;
  slot.interval = interval;
  return id;
}

Time Simulator::calendar_time(int month_index, int anchor_day) const {
  const int y = month_index >= 0 ? month_index / 12 : -((-month_index + 11) / 12);
  const int m = month_index - y * 12 + 1;
  const int dim = days_in_month(y, m);
  return time_of(Date{y, m, anchor_day < dim ? anchor_day : dim});
}

EventId Simulator::schedule_calendar(Recurrence every, Date first, Handler fn, int priority) {
  if (every != Recurrence::monthly && every != Recurrence::quarterly && every != Recurrence::yearly)
    throw InternalError("schedule_calendar needs monthly, quarterly or yearly");
  if (!is_valid(first)) throw InternalError("invalid first date " + to_string(first));
  EventId id = schedule_at(time_of(first), fn, priority);
  Slot& slot = slots_[id.slot];
  slot.recurrence = every;
  slot.anchor_day = static_cast<std::uint8_t>(first.day);
  slot.month_index = first.year * 12 + first.month - 1;
  return id;
}

bool Simulator::cancel(EventId id) {
  if (!is_pending(id)) return false;
  free_slot(id.slot);
  return true;
}

bool Simulator::is_pending(EventId id) const {
  return id.slot < slots_.size() && slots_[id.slot].live && slots_[id.slot].generation == id.generation;
}

void Simulator::dispatch(Entry top) {  // by value: pop_top() overwrites heap_[0]
  const auto s = static_cast<std::uint32_t>(top.key & SLOT_MASK);
  const std::uint64_t seq = (top.key >> SLOT_BITS) & (SEQ_LIMIT - 1);
  Slot& slot = slots_[s];
  pop_top();
  if (!slot.live || slot.seq != seq) return;  // cancelled
  now_ = top.time;
  ++executed_;
  // Copy the handler out: it may schedule events, which can grow slots_.
  Handler fn = slot.fn;
  switch (slot.recurrence) {
    case Recurrence::none:
      free_slot(s);
      break;
    case Recurrence::interval:
      push(top.time + slot.interval, s);
      break;
    default: {
      slot.month_index += static_cast<int>(slot.recurrence);
      push(calendar_time(slot.month_index, slot.anchor_day), s);
      break;
    }
  }
  fn();
}

void Simulator::run_until(Time t) {
  stop_requested_ = false;
  while (!heap_.empty() && heap_.front().time <= t) {
    dispatch(heap_.front());
    if (stop_requested_) return;
  }
  if (t > now_) now_ = t;
}

void Simulator::run() {
  stop_requested_ = false;
  while (!heap_.empty()) {
    dispatch(heap_.front());
    if (stop_requested_) return;
  }
}

Time Simulator::next_event_time() {
  while (!heap_.empty()) {
    const Entry& top = heap_.front();
    const auto s = static_cast<std::uint32_t>(top.key & SLOT_MASK);
    const std::uint64_t seq = (top.key >> SLOT_BITS) & (SEQ_LIMIT - 1);
    if (slots_[s].live && slots_[s].seq == seq) return top.time;
    pop_top();  // drop a stale (cancelled) entry
  }
  return std::numeric_limits<Time>::infinity();
}

}  // namespace innosim::engine
