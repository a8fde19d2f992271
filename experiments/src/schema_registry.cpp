#include "innosim/experiments/schema_registry.hpp"

#include <map>
#include <string>
#include <vector>

#include "innosim/model/parameters.hpp"

namespace innosim::experiments {

namespace {

/// The gates of the inert-parameter check (scenario::inert_reason). Every
/// instrument section with an `enabled` switch is silenced by it and by a
/// [start_year, end_year] window outside the run; the budgets and counts
/// below silence their sections when zero. The exceptions are the keys the
/// model uses outside the instrument as well (losses strike uninsured firms
/// too; firms digitalise, cooperate and pay to apply without the money).
/// tests/unit/inert_test.cpp runs the model to show that each gate silences
/// every key it claims, and found these exceptions.
void declare_gates(scenario::Schema& s) {
  using Kind = scenario::Gate::Kind;
  const std::map<std::string, std::vector<std::string>> used_when_off = {
      {"institutions.concept_verification", {"min_trl_for_matching"}},
      {"policies.digital_transformation", {"opportunity_rate", "horizon_years", "gain", "cost_yuan"}},
      {"policies.talent_subsidy",
       {"min_stage", "project_cost_yuan", "opportunity_rate", "return_mean", "return_dispersion", "horizon_years",
        "project_months", "talent_per_project"}},
      {"policies.tech_insurance", {"loss_event_rate", "loss_revenue_share"}},
  };
  for (const scenario::SectionSpec& sec : s.sections()) {
    const std::string on = sec.path + ".enabled";
    const scenario::KeySpec* k = s.find(on);
    if (!k || k->type != scenario::KeyType::Boolean) continue;
    const auto it = used_when_off.find(sec.path);
    const std::vector<std::string> except = it == used_when_off.end() ? std::vector<std::string>{} : it->second;
    s.gate(sec.path, on, Kind::off, except);
    // Insurance written at the start outlives its window: no window gate.
    if (sec.path != "policies.tech_insurance" && s.find(sec.path + ".start_year") && s.find(sec.path + ".end_year"))
      s.gate(sec.path, sec.path + ".start_year", Kind::window, except);
  }
  // Budgets without which an instrument pays nothing. Firms still apply to a
  // programme run by application (and pay to), so its delivery keys act.
  const std::vector<std::string> delivery = {"enabled", "min_stage", "delivery", "take_up_share", "application_cost_yuan"};
  const auto with = [&](std::vector<std::string> extra) {
    extra.insert(extra.end(), delivery.begin(), delivery.end());
    return extra;
  };
  s.gate("institutions.concept_verification", "institutions.concept_verification.budget_yuan", Kind::zero,
         {"min_trl_for_matching"});
  s.gate("policies.loan_interest_subsidy", "policies.loan_interest_subsidy.budget_yuan", Kind::zero, delivery);
  s.gate("policies.points_support", "policies.points_support.budget_yuan", Kind::zero, delivery);
  s.gate("policies.tech_centres", "policies.tech_centres.budget_yuan", Kind::zero, with({"per_year"}));
  s.gate("policies.talent_subsidy", "policies.talent_subsidy.budget_yuan", Kind::zero,
         with({"project_cost_yuan", "opportunity_rate", "return_mean", "return_dispersion", "horizon_years", "project_months",
              "talent_per_project"}));
  s.gate("policies.digital_transformation", "policies.digital_transformation.budget_yuan", Kind::zero,
         with({"opportunity_rate", "horizon_years", "gain", "cost_yuan"}));
  for (const char* section : {"policies.matching_platform", "policies.research_fund", "policies.machine_hour_vouchers",
                              "policies.open_competition", "policies.tech_upgrade_provincial",
                              "policies.tech_upgrade_city", "policies.engineer_training",
                              "policies.innovation_consortia", "policies.talent_services", "policies.liaison_officers"})
    s.gate(section, std::string(section) + ".budget_yuan", Kind::zero);
  s.gate("policies.new_pilot_platforms", "policies.new_pilot_platforms.count", Kind::zero);
  s.gate("policies.pilot_24h_zones", "policies.pilot_24h_zones.zones", Kind::zero);
}

}  // namespace

const scenario::Schema& full_schema() {
  static const scenario::Schema schema = [] {
    scenario::Schema s;
    scenario::declare_run_keys(s);
    innosim::model::declare_parameters(s);
    declare_gates(s);
    return s;
  }();
  return schema;
}

}  // namespace innosim::experiments
