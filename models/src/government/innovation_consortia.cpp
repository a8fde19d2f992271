#include "innosim/model/government/innovation_consortia.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, ConsortiumParams& ic) {
  b.section("policies.innovation_consortia",
            "Innovation consortia (创新联合体): a chain-leader firm, member firms of its sector and a partner lab attack a key "
            "technology for a few years, funded by a yearly grant and the leader's co-funding. Off by default (no seed figures).");
  b.programme("policies.innovation_consortia", ic.programme, true, "Annual budget for consortium grants (running consortia are paid first).");
  b.integer("policies.innovation_consortia.per_year", ic.per_year, "consortia per year", 0, 64,
            "Most consortia formed per year (at most one running per sector).");
  b.number("policies.innovation_consortia.grant_yuan", ic.grant_yuan, "yuan per year", 0, 1e12, "G: government grant per consortium per year.");
  b.integer("policies.innovation_consortia.duration_years", ic.duration_years, "years", 1, 50,
            "D: years a consortium runs unless it breaks through earlier.");
  b.number("policies.innovation_consortia.cofunding_share", ic.cofunding_share, "share", 0, 0.95,
           "s: the leader's share of the consortium's yearly budget T = G / (1 - s).");
  b.integer("policies.innovation_consortia.members", ic.members, "firms", 0, 50, "Member firms besides the leader (the sector's top by innovation points).");
  b.stage("policies.innovation_consortia.member_min_stage", ic.member_min_stage, "Members' eligibility: the lowest rung that qualifies.");
  b.number("policies.innovation_consortia.lab_share", ic.lab_share, "share", 0, 1, "Share of the yearly budget T paid to the partner lab.");
  b.number("policies.innovation_consortia.success_max", ic.success_max, "probability per year", 0, 1,
           "p_max: yearly breakthrough probability p = p_max (1 - exp(-T / T_ref)) as funding grows without bound.");
  b.number("policies.innovation_consortia.reference_funding_yuan", ic.reference_funding_yuan, "yuan per year", 1, INF,
           "T_ref: the yearly budget at which p reaches 63 % of p_max.");
  b.number("policies.innovation_consortia.gain", ic.gain, "share", 0, 10, "Leader's productivity gain from a breakthrough.");
  b.number("policies.innovation_consortia.member_gain_share", ic.member_gain_share, "share", 0, 1,
           "Each member's gain as a share of the leader's.");
}

}  // namespace innosim::model
