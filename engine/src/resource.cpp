#include "innosim/engine/resource.hpp"

#include <algorithm>

#include "innosim/engine/error.hpp"

namespace innosim::engine {

Resource::Resource(Simulator& sim, int capacity, QueueDiscipline discipline)
    : sim_(sim), capacity_(capacity), discipline_(discipline) {
  if (capacity < 0) throw InternalError("resource capacity must be >= 0");
  reset_statistics();
}

void Resource::reset_statistics() {
  const double t = sim_.now();
  wait_ = Welford{};
  started_ = 0;
  queue_len_.reset(t, static_cast<double>(waiting_.size()));
  in_system_.reset(t, static_cast<double>(waiting_.size()) + busy_);
  busy_servers_.reset(t, busy_);
  capacity_level_.reset(t, capacity_);
}

void Resource::record_levels() {
  const double t = sim_.now();
  queue_len_.update(t, static_cast<double>(waiting_.size()));
  in_system_.update(t, static_cast<double>(waiting_.size()) + busy_);
  busy_servers_.update(t, busy_);
}

void Resource::request(Handler on_start, int priority) {
  if (busy_ < capacity_ && waiting_.empty()) {
    ++busy_;
    ++started_;
    wait_.add(0.0);
    record_levels();
    on_start();
    return;
  }
  const std::int64_t p = discipline_ == QueueDiscipline::priority ? priority : 0;
  waiting_.push_back(Waiting{p, seq_++, sim_.now(), on_start});
  std::push_heap(waiting_.begin(), waiting_.end(), later);
  record_levels();
}

void Resource::start_next() {
  std::pop_heap(waiting_.begin(), waiting_.end(), later);
  Waiting w = waiting_.back();
  waiting_.pop_back();
  ++busy_;
  ++started_;
  wait_.add(sim_.now() - w.arrival);
  record_levels();
  w.on_start();
}

void Resource::release() {
  if (busy_ <= 0) throw InternalError("release() without a server in use");
  --busy_;
  record_levels();
  while (busy_ < capacity_ && !waiting_.empty()) start_next();
}

void Resource::set_capacity(int capacity) {
  if (capacity < 0) throw InternalError("resource capacity must be >= 0");
  capacity_ = capacity;
  capacity_level_.update(sim_.now(), capacity_);
  while (busy_ < capacity_ && !waiting_.empty()) start_next();
}

double Resource::utilization() const {
  const double cap = capacity_level_.mean(sim_.now());
  return cap > 0.0 ? busy_servers_.mean(sim_.now()) / cap : 0.0;
}

}  // namespace innosim::engine
