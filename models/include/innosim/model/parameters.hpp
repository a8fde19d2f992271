#pragma once
// The model's scenario keys. Each module binds its own keys (bind_keys in
// its source file, with one Binder that both declares every key to the
// schema and reads a loaded scenario, so the two can never drift apart);
// parameters.cpp calls them in the order of the schema.
#include <string>
#include <vector>

#include "innosim/model/params.hpp"
#include "innosim/scenario/scenario.hpp"
#include "innosim/scenario/schema.hpp"

namespace innosim::model {

/// A key group's words in tables and `schema --lang zh` (each module gives
/// its groups' words where it binds their keys).
struct GroupWords {
  const char* label;           ///< "Risk-compensation pool"
  const char* label_zh;        ///< "风险补偿资金池"
  const char* description_zh;  ///< one sentence
};
/// A key group (a schema section, or a group its keys imply) and its words.
struct KeyGroupWords {
  std::string path;  ///< "policies.risk_compensation_pool"
  const char* label;
  const char* label_zh;
  const char* description;  ///< the section's description in the schema
  const char* description_zh;
};
/// Every model key group's words, in the schema's order.
const std::vector<KeyGroupWords>& key_group_words();
/// A key's description in both languages, as its module declares it (Binder).
struct KeyWords {
  std::string path;         ///< "policies.risk_compensation_pool.coverage_share"
  const char* description;  ///< the schema's (English)
  const char* description_zh;
};
/// Every model key's Chinese description, in the schema's order; the keys every
/// instrument declares alike (Binder::programme, delivery) are not here: their
/// Chinese is common (experiments/src/labels.cpp).
const std::vector<KeyWords>& key_words();

/// Adds every model parameter to the scenario schema (defaults from Params{}).
void declare_parameters(scenario::Schema& schema);
/// The model parameters of a validated scenario (run keys included:
/// start_year, horizon_years, population.firms, outputs.sampling).
Params params_from(const scenario::Scenario& s);

}  // namespace innosim::model
