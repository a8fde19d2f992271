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
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "innosim/experiments/number_format.hpp"

namespace innosim::scenario {
class Schema;
}

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
/// A resolved scenario's own words (its `title` or `question`, group "title" or "question") in `lang`,
/// read from the YAML a results file stores (`scenario_yaml`); "" when it gives none or the text is not
/// YAML. A user's scenario thus shows its own Chinese title in reports, which the library table cannot know.
std::string scenario_words(const std::string& resolved_yaml, std::string_view group, Lang lang);
/// The label of the nearest key group that contains `key` ("policies.risk_compensation_pool.coverage_share"
/// -> "Risk-compensation pool" / "风险补偿资金池"); the key itself when none has a label.
std::string key_group_of(std::string_view key, Lang lang);
/// A scenario key as a short label: its group's label and the key's last part
/// ("Risk-compensation pool · coverage_share"); the key itself when no group has a label.
std::string key_short_label(std::string_view key, Lang lang);

/// A scenario key's Chinese description, keyed by the key's dotted path, with the English it translates:
/// a model key's as its module declares it beside its English (bind_keys: `what_zh`, model::key_words()),
/// a run key's from kRunKeyDescriptions (labels.cpp). Tests check that every key of full_schema() has one
/// and that no row names a key the schema lacks.
struct KeyDescription {
  std::string_view key;  ///< "policies.risk_compensation_pool.coverage_share"
  std::string_view en;   ///< the English it translates: the row applies only while it is the key's
  std::string_view zh;
};
/// A description that every instrument's keys of one name share (Binder::programme: enabled, start_year,
/// ...): it applies to a key of that last name whose English description is exactly `en`, when the key
/// has no row of its own. A new instrument declared the common way thus needs no rows for these keys.
struct CommonKeyDescription {
  std::string_view name;  ///< the key's last part, "enabled"
  std::string_view en;    ///< the English the binder declares
  std::string_view zh;
};
/// Every key's own row: the run's, then the model's.
std::span<const KeyDescription> key_descriptions_zh();
std::span<const CommonKeyDescription> common_key_descriptions_zh();
/// The key's Chinese description: its own row, else a common row matching its last part, either only
/// when its English is `english` (the schema's description of the key); empty when none applies.
std::string_view key_description_zh(std::string_view key, std::string_view english);
/// The key's description in `lang`: `english` in English; the catalogue's Chinese in zh, `english`
/// when it has none (never for a key of this binary: the tests check).
std::string key_description(std::string_view key, Lang lang, std::string_view english);
/// The numbers a description states, for the check that the Chinese states the English's: a number glued
/// to a name (zeta1, p_max) is no number; "150 bn", "1500亿" are both 1.5e11, "2,000" is 2000, "30-40 %"
/// is 30 and 40, "-0.1" is negative; units and per cent signs are not read.
std::vector<double> description_numbers(std::string_view text);
/// What is wrong with the key catalogue for `schema` (the tests pass full_schema()), one line each: a key
/// with no Chinese description, a row whose English is no longer the key's, a row naming no key of the
/// schema, a common row no key uses, a row twice, a description without Chinese, Chinese that states other
/// numbers than the English. Empty when right. `rows`: the catalogue's (a test passes its own).
std::vector<std::string> key_description_problems(const scenario::Schema& schema,
                                                  std::span<const KeyDescription> rows = {});

/// What a scenario key of this binary's schema (full_schema()) means, in `lang`: its description, the
/// catalogue's Chinese in zh; "" when `key` is no key (a file from another version, a factor group). The
/// tables that name factors (sweep, sensitivity, calibration; text and report) print it under the key.
std::string key_meaning(std::string_view key, Lang lang);

/// `innosim schema --markdown --lang zh`: the Chinese of the reference's guide (the prose and examples
/// before the key tables; scenarios/src/schema.cpp holds the English).
std::string_view scenario_guide_zh();

/// A phrase or message template of the catalogue, in both languages.
struct Phrase {
  std::string_view en, zh;
};

/// The phrase `english` in `lang`: itself in English; its Chinese in zh, or
/// `english` when the phrase catalogue lacks it (phrases_zh() lists them).
/// Phrases may carry fmt placeholders ({}, {:>8}) in the same order in both languages.
std::string_view tr(std::string_view english, Lang lang);

/// The language of what innosim says besides its tables: progress lines,
/// warnings, errors and --help. `main` sets it once from the command's
/// --lang, else it is the locale's (lang_from_environment()).
void set_message_lang(Lang lang);
Lang message_lang();

/// `english` (fmt placeholders) in the message language, formatted: for lines on stderr.
template <class... A>
std::string say(std::string_view english, A&&... args) {
  return fmt::format(fmt::runtime(tr(english, message_lang())), std::forward<A>(args)...);
}

/// A message built elsewhere in English (an exception's what(), a scenario
/// diagnostic) in `lang`: each line is matched against the message
/// catalogue's templates, whose {} stand for any text (itself translated
/// when the catalogue knows it: "got a list" inside "expected a number, got
/// {}"); a leading "file:line:column: " stays as it is. A line no template
/// matches stays English (messages_zh() lists what is translated).
std::string translate_message(std::string_view message, Lang lang);
/// The message templates (English, Chinese), for tests and translators.
std::span<const Phrase> messages_zh();

/// The phrase catalogue (English, Chinese), for tests and translators.
std::span<const Phrase> phrases_zh();

}  // namespace innosim::experiments
