#include "innosim/model/government/tech_centres.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, TechCentreParams& g) {
  b.grant("policies.tech_centres", g.programme, g.grant_yuan, "Enterprise technology centres (seed: 7 provincial projects, 12 m yuan).", "Grant per recognised centre.");
  b.integer("policies.tech_centres.per_year", g.per_year, "centres", 0, 100000, "Centres recognised per year.");
  b.number("policies.tech_centres.rd_boost", g.rd_boost, "share", 0, 10, "Innovation odds x (1 + boost) for recognised centres.");
}

}  // namespace innosim::model
