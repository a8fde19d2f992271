#pragma once
// Participation by choice in an optional activity that a programme supports
// with a matching grant (docs/model.md 7.21a): the firm values the
// activity's returns at its cost of funds and takes part when the net
// benefit is positive; with a grant on offer it weighs the grant (after the
// approval delay) against the application cost. Used by the talent subsidy
// (cooperation projects) and digital-transformation support (equipment).
#include <cstdint>

#include "innosim/model/government/government.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct World;
struct Firm;

/// One firm's view of one optional activity this year.
struct ActivityOffer {
  double cost = 0;   ///< what the activity costs the firm (yuan)
  double value = 0;  ///< present value of its returns at the firm's cost of funds (yuan)
  double grant = 0;  ///< matching grant the programme would pay for it (yuan; 0: none offered)
  double rate = 0;   ///< the firm's cost of funds (per year): discounts the grant's approval delay
};

/// What the firm does.
struct ActivityChoice {
  bool join = false;        ///< runs the activity
  bool subsidised = false;  ///< with the grant (paid, or reserved and paid after the delay)
  bool deadweight = false;  ///< subsidised, though it would have run the activity without the grant
};

/// Whether the firm would run the activity, before anything is paid: worth
/// doing alone, or worth it with the grant net of the application cost and
/// delay when the firm takes part in the programme (applies, 7.21).
bool would_join(const World& w, const Firm& f, Fiscal line, const Programme& pr, const ActivityOffer& a,
                std::uint64_t purpose);
/// The choice, with the grant delivered by the programme's mode (7.21): a
/// firm that applies pays the application cost; when the budget is gone it
/// runs the activity only if it is worth doing alone.
ActivityChoice join_activity(World& w, Firm& f, Fiscal line, const Programme& pr, const ActivityOffer& a,
                             std::uint64_t purpose);

}  // namespace innosim::model
