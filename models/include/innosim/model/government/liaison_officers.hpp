#pragma once
// Innovation-points liaison officers (创新积分制 联络员): the city assigns
// officers to the top innovation-points firms; an officer brings a share of
// the firm's would-be non-applicants to apply for the programmes it is
// eligible for (docs/model.md 7.13).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

struct LiaisonParams {
  /// Switch, window, yearly budget (officers serve the top-N list, no stage rule, no delivery mode).
  Programme programme{.enabled = false, .budget_yuan = Scheduled(3e6)};
  double cost_per_officer_yuan = 150000;  ///< c_o: an officer's cost for a year (salary and on-costs)
  int firms_per_officer = 10;             ///< k: top-N firms one officer looks after
  double take_up_boost = 0.3;             ///< beta: take-up t becomes t + beta (1 - t) for a served firm
};

/// The `policies.liaison_officers.*` keys.
void bind_keys(Binder& b, LiaisonParams& p);

}  // namespace innosim::model
