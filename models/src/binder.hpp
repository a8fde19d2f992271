#pragma once
// How a module declares and reads its scenario keys. Each module binds its
// own keys (bind_keys in its source file) with one Binder, which both
// declares every key to the schema (type, default, unit, range, meaning) and
// reads a loaded scenario into the module's parameters, so the two can never
// drift apart. parameters.cpp calls the modules' binders in the order the
// keys appear in the schema (and in docs/scenarios.md).
#include <string>
#include <vector>

#include "innosim/engine/error.hpp"
#include "innosim/model/parameters.hpp"
#include "innosim/model/programme.hpp"
#include "innosim/scenario/scenario.hpp"
#include "innosim/scenario/schema.hpp"

namespace innosim::model {

/// Upper bound of "no upper bound" ranges.
inline constexpr double INF = 1e300;

/// A module's word on the gates of the inert-parameter check (scenario::Gate),
/// collected while the schema is declared and added after every key
/// (parameters.cpp: each instrument's switch and window gates first, then
/// the zero gates, in the order the modules declare them).
struct GateDecl {
  std::string section;
  std::string key;                  ///< a zero gate's budget or count; "" for the switch's gates
  std::vector<std::string> except;  ///< keys below `section` that act all the same
  bool window = true;               ///< switch's gates: whether the window gate applies too
};

// Declares (schema set) or reads (scenario set) each parameter in place;
// with `groups` set, collects the key groups' words, with `keys` set, each
// key's Chinese description (parameters.hpp).
//
// Every key is declared with its description in English (`what`) and in
// Chinese (`what_zh`, printed by `schema --lang zh` and under a factor in
// Chinese tables): the Chinese says what the English says, states the same
// numbers (a seed figure, a legal article, a citation year: the Labels test
// compares them), keeps formulas and model symbols in backticks as the
// English does, and uses the terms of docs/glossary-zh.md; defaults, ranges
// and units are printed from the schema and not repeated. The keys every
// instrument declares alike (programme(): enabled, start_year, ...; the
// delivery keys; a budget described as "Annual budget.") pass nullptr: their
// Chinese is common to all (experiments/src/labels.cpp, kCommonKeyDescriptions).
struct Binder {
  scenario::Schema* schema = nullptr;
  const scenario::Scenario* scn = nullptr;
  std::vector<KeyGroupWords>* groups = nullptr;
  std::vector<GateDecl>* gates = nullptr;
  std::vector<KeyWords>* keys = nullptr;

  /// A section of keys, its description, and its words in tables and `schema --lang zh`.
  void section(const std::string& path, const char* what, const GroupWords& words) {
    if (schema) schema->section(path, what);
    group(path, what, words);
  }
  /// The words of a group the schema only implies by its keys (institutions.incubators.count).
  void group(const std::string& path, const char* what, const GroupWords& words) {
    if (groups) groups->push_back({path, words.label, words.label_zh, what, words.description_zh});
  }
  /// A key's description in both languages (the declarations below call it; a key the
  /// module declares to the schema itself calls it too).
  void describe(const std::string& path, const char* what, const char* what_zh) {
    if (keys && what_zh) keys->push_back({path, what, what_zh});
  }
  void number(const std::string& path, double& v, const char* unit, double lo, double hi, const char* what, const char* what_zh) {
    if (schema) schema->number(path, v, unit, lo, hi, what);
    describe(path, what, what_zh);
    if (scn) v = scn->number(path);
  }
  void integer(const std::string& path, int& v, const char* unit, int lo, int hi, const char* what, const char* what_zh) {
    if (schema) schema->integer(path, v, unit, lo, hi, what);
    describe(path, what, what_zh);
    if (scn) v = static_cast<int>(scn->integer(path));
  }
  void boolean(const std::string& path, bool& v, const char* what, const char* what_zh) {
    if (schema) schema->boolean(path, v, what);
    describe(path, what, what_zh);
    if (scn) v = scn->boolean(path);
  }
  void schedule(const std::string& path, Scheduled& v, const char* unit, double lo, double hi, const char* what,
                const char* what_zh) {
    if (schema) schema->schedule(path, v.value[0], unit, lo, hi, what).max_steps(Scheduled::MAX_STEPS);
    describe(path, what, what_zh);
    if (scn) {
      const scenario::Schedule sc = scn->schedule(path);
      if (sc.steps.empty() || sc.steps.size() > Scheduled::MAX_STEPS) throw ConfigError(path + ": bad schedule");
      v.n = static_cast<int>(sc.steps.size());
      for (int i = 0; i < v.n; ++i) {
        v.from_year[static_cast<std::size_t>(i)] = sc.steps[static_cast<std::size_t>(i)].first;
        v.value[static_cast<std::size_t>(i)] = sc.steps[static_cast<std::size_t>(i)].second;
      }
    }
  }
  void stage(const std::string& path, Stage& v, const char* what, const char* what_zh) {
    static const std::vector<std::string> STAGE_CHOICES = {"startup", "tech_sme", "high_tech", "gazelle", "unicorn"};
    if (schema) schema->choice(path, STAGE_NAMES[static_cast<int>(v)], STAGE_CHOICES, what);
    describe(path, what, what_zh);
    if (scn) {
      const std::string& t = scn->text(path);
      for (int i = 0; i < STAGE_COUNT; ++i)
        if (t == STAGE_NAMES[i]) v = static_cast<Stage>(i);
    }
  }
  // The switch, window, budget and eligibility every instrument shares
  // (their words are common to all; the budget's own when it has them).
  void programme(const std::string& base, Programme& p, bool has_budget, const char* budget_what, const char* budget_what_zh,
                 bool has_delivery = false, bool has_stage = true) {
    boolean(base + ".enabled", p.enabled, "Switches the instrument on or off.", nullptr);
    integer(base + ".start_year", p.start_year, "calendar year", 0, 3000,
            "First calendar year the instrument is active (0: from the start).", nullptr);
    integer(base + ".end_year", p.end_year, "calendar year", 0, 9999, "Last calendar year the instrument is active.", nullptr);
    if (has_stage)
      stage(base + ".min_stage", p.min_stage, "Eligibility: the lowest rung of the gradient ladder that qualifies.", nullptr);
    if (has_budget) schedule(base + ".budget_yuan", p.budget_yuan, "yuan per year", 0, 1e13, budget_what, budget_what_zh);
    if (has_delivery) delivery(base, p);
  }
  // Delivery mode: "application" (take-up < 1, a cost, an approval delay) or
  // "automatic" (免申即享: every eligible firm, no cost, no delay).
  void delivery(const std::string& base, Programme& p) {
    static const std::vector<std::string> MODES = {"application", "automatic"};
    if (schema)
      schema->choice(base + ".delivery", p.automatic ? "automatic" : "application", MODES,
                     "application: firms apply (take-up, cost, delay); automatic: no application needed, paid at once.");
    if (scn) p.automatic = scn->text(base + ".delivery") == "automatic";
    number(base + ".take_up_share", p.take_up_share, "share", 0, 1, "Application mode: share of eligible firms that apply.", nullptr);
    number(base + ".automatic_take_up_share", p.automatic_take_up_share, "share", 0, 1,
           "Automatic mode: share of eligible firms reached (they confirm once; no cost, no delay).", nullptr);
    number(base + ".approval_delay_days", p.approval_delay_days, "days", 0, 3650, "Application mode: days from application to payment.",
           nullptr);
    number(base + ".application_cost_yuan", p.application_cost_yuan, "yuan", 0, 1e9,
           "Application mode: cost of applying, borne by the firm.", nullptr);
  }
  // ---- gates of the inert-parameter check (tests/unit/inert_test.cpp runs the model to show
  // that each gate silences every key it claims, and found the exceptions)
  /// Every instrument section with an `enabled` switch is silenced by it and by a [start_year,
  /// end_year] window outside the run: the keys the model uses outside the instrument as well
  /// (losses strike uninsured firms too; firms digitalise and cooperate without the money), and
  /// whether the window gate applies (insurance written at the start outlives its window).
  void switch_gates(const std::string& section, std::vector<std::string> used_when_off, bool window = true) {
    if (gates) gates->push_back({section, "", std::move(used_when_off), window});
  }
  /// A budget or count without which the instrument pays nothing: its section's keys do
  /// nothing while it is 0 in every year of the run, except `except` and, for a programme run
  /// by application, its delivery keys (firms still apply and pay to).
  void zero_gate(const std::string& key, std::vector<std::string> except = {}, bool applications = false) {
    if (!gates) return;
    if (applications)
      for (const char* k : {"enabled", "min_stage", "delivery", "take_up_share", "application_cost_yuan"})
        except.emplace_back(k);
    gates->push_back({key.substr(0, key.rfind('.')), key, std::move(except), true});
  }

  // A grant programme's section, programme keys and grant size; `delivered`
  // when firms receive it by the delivery mode (not for awards decided by
  // competition or for government-run services).
  void grant(const std::string& base, Programme& p, double& grant_yuan, const char* what, const GroupWords& words,
             const char* grant_what, const char* grant_what_zh, bool delivered = true, bool has_stage = true) {
    section(base, what, words);
    programme(base, p, true, "Annual budget.", nullptr, delivered, has_stage);
    number(base + ".grant_yuan", grant_yuan, "yuan", 0, 1e12, grant_what, grant_what_zh);
  }
};

/// Registers a module's keys at static initialisation, in its source file:
/// `const RegisterKeys name{rank, [](Binder& b, Params& p) { bind_keys(b, p.bank); }};`.
/// The rank is the keys' place in the schema and docs/scenarios.md
/// (models/README.md, "Scenario keys"); the model is one translation unit,
/// so the name must be unique in the model.
struct RegisterKeys {
  RegisterKeys(int rank, void (*bind)(Binder& b, Params& p));
};

}  // namespace innosim::model
