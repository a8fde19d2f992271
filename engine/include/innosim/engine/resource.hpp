#pragma once
// A service facility with `capacity` identical servers and a waiting line,
// FIFO or by priority, with waiting-time, queue-length and utilisation
// statistics. The model's pilot-test platforms are built on it.
#include <cstdint>
#include <vector>

#include "innosim/engine/handler.hpp"
#include "innosim/engine/simulator.hpp"
#include "innosim/engine/statistics.hpp"

namespace innosim::engine {

enum class QueueDiscipline : std::uint8_t {
  fifo,      ///< first come, first served
  priority,  ///< lowest priority value first, FIFO among equals
};

class Resource {
 public:
  Resource(Simulator& sim, int capacity, QueueDiscipline discipline = QueueDiscipline::fifo);

  /// Asks for one server. `on_start` runs as soon as a server is free: at
  /// once (inside this call) if one is idle now, or later inside release().
  /// The customer calls release() when its service ends.
  void request(Handler on_start, int priority = 0);
  /// Frees a server and starts the next waiting customer, if any.
  void release();
  /// Changes the number of servers (e.g. a 24-hour zone opening). Extra
  /// waiting customers start at once; a reduction takes effect as servers free up.
  void set_capacity(int capacity);

  int capacity() const { return capacity_; }
  int busy() const { return busy_; }
  std::size_t queue_length() const { return waiting_.size(); }

  /// Clears the statistics (end of warm-up); the state stays.
  void reset_statistics();
  /// Waiting times in the line of customers who have started service.
  const Welford& wait_stats() const { return wait_; }
  double mean_queue_length() const { return queue_len_.mean(sim_.now()); }
  /// Mean number in the system (waiting + in service).
  double mean_in_system() const { return in_system_.mean(sim_.now()); }
  /// Time-average share of servers busy.
  double utilization() const;
  std::uint64_t started() const { return started_; }

 private:
  struct Waiting {
    std::int64_t priority;
    std::uint64_t seq;
    double arrival;
    Handler on_start;
  };
  static bool later(const Waiting& a, const Waiting& b) {
    return a.priority > b.priority || (a.priority == b.priority && a.seq > b.seq);
  }
  void start_next();
  void record_levels();

  Simulator& sim_;
  int capacity_;
  int busy_ = 0;
  QueueDiscipline discipline_;
  std::vector<Waiting> waiting_;  // a binary heap under later()
  std::uint64_t seq_ = 0;
  std::uint64_t started_ = 0;
  Welford wait_;
  TimeWeighted queue_len_, in_system_, busy_servers_, capacity_level_;
};

}  // namespace innosim::engine
