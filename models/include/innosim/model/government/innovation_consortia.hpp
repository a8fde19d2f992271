#pragma once
// Innovation consortia (创新联合体): a chain-leader firm, member firms of its
// sector and a partner lab attack a key technology together for a few years,
// funded by a yearly government grant and the leader's co-funding
// (docs/model.md 7.25).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

struct ConsortiumParams {
  /// Switch, window, yearly budget; min_stage is the leader's eligibility.
  Programme programme{.enabled = false, .budget_yuan = Scheduled(30e6), .min_stage = Stage::high_tech};
  int per_year = 2;                      ///< most consortia formed per year (and at most one running per sector)
  double grant_yuan = 5e6;               ///< G: government grant per consortium per year
  int duration_years = 3;                ///< D: years a consortium runs unless it breaks through earlier
  double cofunding_share = 0.5;          ///< s: leader's share of the consortium's yearly budget T = G / (1 - s)
  int members = 3;                       ///< member firms besides the leader
  Stage member_min_stage = Stage::tech_sme;  ///< members' eligibility
  double lab_share = 0.3;                ///< share of T paid to the partner lab
  double success_max = 0.6;              ///< p_max: yearly breakthrough probability as funding grows without bound
  double reference_funding_yuan = 10e6;  ///< T_ref: p = p_max (1 - exp(-T / T_ref))
  double gain = 0.15;                    ///< leader's productivity gain from a breakthrough
  double member_gain_share = 0.5;        ///< each member gains this share of the leader's gain
};

/// The `policies.innovation_consortia.*` keys.
void bind_keys(Binder& b, ConsortiumParams& p);

}  // namespace innosim::model
