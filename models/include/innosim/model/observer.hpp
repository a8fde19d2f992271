#pragma once
// What a run tells its observer while it goes: the opt-in firm panel and
// event log (the output writer implements RunObserver; the model never
// touches files).
#include <cstdint>

#include "innosim/model/firm.hpp"

namespace innosim::model {

/// Kinds of logged events. Codes are stable: they are written to files.
enum class EventKind : std::uint8_t {
  entry = 0, exit = 1, loan_default = 2, loan = 3, innovation = 4, certification = 5,
  investment = 6, venture_exit = 7, insurance_claim = 8, pool_payout = 9
};
inline constexpr int EVENT_KIND_COUNT = 10;
inline constexpr const char* EVENT_KIND_NAMES[EVENT_KIND_COUNT] = {
    "entry", "exit", "loan_default", "loan", "innovation", "certification",
    "investment", "venture_exit", "insurance_claim", "pool_payout"};

/// Receives the opt-in firm panel and event log while a run goes; the
/// output writer implements it (the model never touches files).
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void on_firm(double t_years, const Firm& f) = 0;
  virtual void on_event(double t_years, std::int64_t firm_id, EventKind kind, double amount_yuan) = 0;
  /// A firm exits (with the panel: the exits table): called as it leaves,
  /// with its cause, stage and employees as they were (docs/model.md 7.5).
  virtual void on_exit(double /*t_years*/, const Firm& /*f*/) {}
  /// Which streams the observer wants.
  virtual bool wants_panel() const = 0;
  virtual bool wants_events() const = 0;
};

}  // namespace innosim::model
