#pragma once
// The bilingual label catalogue: a Chinese and an English label and
// description for every metric, every scenario key group (a schema section
// such as policies.loan_interest_subsidy) and every library scenario, and
// the phrases of the tables and messages a user reads. Tests check that the
// catalogue covers model::metric_catalogue(), the schema's sections and
// scenario::embedded_scenarios() completely, so `--lang zh` never falls
// back to an English name.
//
//   metric_label("high_tech_enterprises", Lang::zh)  -> "高新技术企业"
//   tr("mean", Lang::zh)                             -> "均值"
//   fmt::format(fmt::runtime(tr("{} vs {}", lang)), a, b)
#include <span>
#include <string>
#include <string_view>

#include "innosim/experiments/number_format.hpp"

namespace innosim::experiments {

/// One catalogue entry: a stable key and its words in both languages.
struct Label {
  std::string_view key;             ///< metric name, section path or scenario name
  std::string_view en;              ///< short label, e.g. "High-tech enterprises"
  std::string_view zh;              ///< e.g. "高新技术企业"
  std::string_view en_description;  ///< one sentence
  std::string_view zh_description;
  std::string_view label(Lang lang) const { return lang == Lang::zh ? zh : en; }
  std::string_view description(Lang lang) const { return lang == Lang::zh ? zh_description : en_description; }
};

/// Every metric of model::metric_catalogue(), fiscal lines included, in catalogue order.
std::span<const Label> metric_labels();
/// Every section of the scenario schema (full_schema().sections()), in schema order.
std::span<const Label> key_group_labels();
/// Every library scenario (scenario::embedded_scenarios()); description = the question it answers.
std::span<const Label> scenario_labels();

/// The entry for `key`, or nullptr.
const Label* find_metric_label(std::string_view metric);
const Label* find_key_group_label(std::string_view section);
const Label* find_scenario_label(std::string_view scenario);

/// The metric's label in `lang`; its name when the catalogue lacks it (a file from another version).
std::string metric_label(std::string_view metric, Lang lang);
/// The metric's description; `fallback` (say, the file's English description) when the catalogue lacks it.
std::string metric_description(std::string_view metric, Lang lang, std::string_view fallback = {});
/// A scenario's label: the library's Chinese name in zh, else the name itself (user scenarios keep theirs).
std::string scenario_label(std::string_view scenario, Lang lang);
/// The label of the nearest key group that contains `key` ("policies.risk_compensation_pool.coverage_share"
/// -> "Risk-compensation pool" / "风险补偿资金池"); the key itself when none has a label.
std::string key_group_of(std::string_view key, Lang lang);

/// The phrase `english` in `lang`: itself in English; its Chinese in zh, or
/// `english` when the phrase catalogue lacks it (phrases_zh() lists them).
/// Phrases may carry fmt placeholders ({}, {:>8}) in the same order in both languages.
std::string_view tr(std::string_view english, Lang lang);

/// The phrase catalogue (English, Chinese), for tests and translators.
struct Phrase {
  std::string_view en, zh;
};
std::span<const Phrase> phrases_zh();

}  // namespace innosim::experiments
