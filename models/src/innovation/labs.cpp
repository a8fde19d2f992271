#include "innosim/model/innovation/labs.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, LabParams& lb) {
  b.section("institutions.labs", "Labs, universities and institutes: research results, disclosure, licensing, spin-offs.");
  b.number("institutions.labs.researchers", lb.researchers, "persons", 0, 1e7, "Researchers in labs, universities and institutes.");
  b.number("institutions.labs.results_per_researcher_year", lb.results_per_researcher_year, "results per researcher-year", 0, 100,
           "Transferable results per researcher-year before disclosure.");
  b.number("institutions.labs.disclosure_base", lb.disclosure_base, "share", 0, 1, "Share of results disclosed for transfer at a zero researcher share.");
  b.number("institutions.labs.disclosure_per_share", lb.disclosure_per_share, "", 0, 10, "Extra disclosure per unit of researcher revenue share.");
  b.number("institutions.labs.researcher_share", lb.researcher_share, "share", 0, 1, "Researchers' share of transfer income (seed: 70 %).");
  b.number("institutions.labs.trl_mean", lb.trl_mean, "TRL", 1, 9, "Mean technology-readiness level of a new result.");
  b.number("institutions.labs.quality_mean", lb.quality_mean, "share", 0, 10, "Mean productivity gain a result brings its adopter.");
  b.number("institutions.labs.licence_fee_yuan", lb.licence_fee_yuan, "yuan", 0, 1e12, "Price of a result (a licence pays half up front).");
  b.number("institutions.labs.sale_share", lb.sale_share, "share", 0, 1, "Share of results sold outright (the rest licensed).");
  b.number("institutions.labs.spinoff_share", lb.spinoff_share, "share", 0, 1, "Share of disclosed results that become spin-off firms.");
  b.number("institutions.labs.result_life_years", lb.result_life_years, "years", 0.1, 100, "Unadopted results leave the pool after this.");
}

void bind_keys(Binder& b, ResearchFundParams& rf) {
  b.section("policies.research_fund", "Joint basic-research fund with the provincial science foundation (seed: 20 m yuan a year).");
  b.programme("policies.research_fund", rf.programme, true, "Annual fund paid to the labs.", false, false);
  b.number("policies.research_fund.results_per_million_yuan", rf.results_per_million_yuan, "results per million yuan", 0, 1e4,
           "Extra results a year per million yuan of funding.");
}

}  // namespace innosim::model
