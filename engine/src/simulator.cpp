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
  events_.reserve(n);
  slots_.reserve(n);
  events_.set_prefetch(slots_.data(), SLOT_MASK, sizeof(Slot));
}

std::uint32_t Simulator::grow_slots() {
  if (slots_.size() >= MAX_PENDING) throw ModelError("more than 4,194,303 events pending at once");
  slots_.emplace_back();
  events_.set_prefetch(slots_.data(), SLOT_MASK, sizeof(Slot));  // the pool may have moved
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void Simulator::bad_schedule(Time t, int priority) const {
  if (!(t >= now_)) throw InternalError("event scheduled in the past or at NaN time");
  throw InternalError("event priority " + std::to_string(priority) + " out of range");
}

// Sequence numbers are 38 bits wide (2.7e11 events). When they run out, the
// pending entries are renumbered in their current order, which keeps every
// ordering decision unchanged.
void Simulator::renumber() {
  std::vector<Entry> all;
  events_.drain(all);
  std::erase_if(all, [this](const Entry& e) { return is_stale(e); });
  std::sort(all.begin(), all.end(), [](const Entry& a, const Entry& b) { return EventSet::less(a, b); });
  seq_ = 0;
  for (Entry& e : all) {
    const auto slot = static_cast<std::uint32_t>(e.key & SLOT_MASK);
    const std::uint64_t seq = ++seq_;
    slots_[slot].seq = seq;
    const std::uint64_t prio = e.key >> (SEQ_BITS + SLOT_BITS);
    e.key = (prio << (SEQ_BITS + SLOT_BITS)) | (seq << SLOT_BITS) | slot;
    events_.push(e);
  }
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

// A recurrence's next occurrence reuses its slot (and so its EventId).
void Simulator::reschedule(Time t, std::uint32_t s) {
  Slot& slot = slots_[s];
  if (slot.recurrence == Recurrence::interval) {
    push(t + slot.interval, s);
    return;
  }
  slot.month_index += static_cast<int>(slot.recurrence);
  push(calendar_time(slot.month_index, slot.anchor_day), s);
}

void Simulator::run_until(Time t) {
  stop_requested_ = false;
  while (const Entry* e = events_.top()) {
    if (e->time > t) break;
    const Entry top = *e;
    events_.pop();
    dispatch(top);
    if (stop_requested_) return;
  }
  if (t > now_) now_ = t;
}

void Simulator::run() {
  stop_requested_ = false;
  while (const Entry* e = events_.top()) {
    const Entry top = *e;
    events_.pop();
    dispatch(top);
    if (stop_requested_) return;
  }
}

Time Simulator::next_event_time() {
  while (const Entry* e = events_.top()) {
    if (!is_stale(*e)) return e->time;
    events_.pop();  // drop a stale (cancelled) entry
  }
  return std::numeric_limits<Time>::infinity();
}

}  // namespace innosim::engine
