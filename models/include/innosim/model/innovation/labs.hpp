#pragma once
// Labs and universities: research results, disclosure, spin-offs, the
// researchers' share of transfer income, and the joint basic-research fund
// that pays them (docs/model.md 2.8, 7.15, 7.16).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

/// Labs and universities: research results, licensing, spin-offs.
struct LabParams {
  double researchers = 1200;              ///< researchers in labs, universities and institutes
  double results_per_researcher_year = 0.5;  ///< transferable results per researcher-year, before disclosure
  double disclosure_base = 0.35;          ///< share of results disclosed for transfer at a zero researcher share
  double disclosure_per_share = 0.5;      ///< extra disclosure per unit of researcher revenue share
  double researcher_share = 0.7;          ///< researchers' share of transfer income (seed: "30/70")
  double trl_mean = 3.5;                  ///< mean technology-readiness level of a new result (1-9)
  double quality_mean = 0.06;             ///< mean productivity gain a result brings its adopter
  double licence_fee_yuan = 400000;       ///< price of a result (sale or licence)
  double sale_share = 0.3;                ///< share of results sold outright (the rest licensed)
  double spinoff_share = 0.02;            ///< share of disclosed results that become spin-off firms
  double result_life_years = 4;           ///< unadopted results leave the pool after this
};

/// Joint basic-research fund with the provincial science foundation.
struct ResearchFundParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(20e6)};
  double results_per_million_yuan = 2.0;  ///< extra disclosed-before results per million yuan a year
};

/// The `institutions.labs.*` keys.
void bind_keys(Binder& b, LabParams& p);
/// The `policies.research_fund.*` keys.
void bind_keys(Binder& b, ResearchFundParams& p);

}  // namespace innosim::model
