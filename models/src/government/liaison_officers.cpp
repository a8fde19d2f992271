#include "innosim/model/government/liaison_officers.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, LiaisonParams& lo) {
  b.section("policies.liaison_officers",
            "Innovation-points liaison officers (创新积分制 联络员): the top-N innovation-points firms get an officer who brings "
            "firms to apply for the programmes they are eligible for. Off by default (the seed gives no figures).");
  b.programme("policies.liaison_officers", lo.programme, true, "Annual budget for officers (hired for a year at the annual review).",
              false, false);
  b.number("policies.liaison_officers.cost_per_officer_yuan", lo.cost_per_officer_yuan, "yuan per officer-year", 1, 1e9,
           "c_o: an officer's cost for a year (salary and on-costs).");
  b.integer("policies.liaison_officers.firms_per_officer", lo.firms_per_officer, "firms", 1, 100000,
            "k: top-N firms one officer looks after.");
  b.number("policies.liaison_officers.take_up_boost", lo.take_up_boost, "share", 0, 1,
           "beta: a served firm's take-up share t becomes t + beta (1 - t) in application mode (0: officers change nothing).");
}

}  // namespace innosim::model
