#pragma once
// Every parameter of the ecosystem model, with its default (the Jiangmen
// 2025 baseline) and unit. Each module declares its own parameters (and
// binds its scenario keys) in its header; Params gathers them. docs/model.md
// gives each one's source. Money is in yuan, rates per year unless the name
// says otherwise, shares in [0, 1].
#include <array>

#include "innosim/model/finance/banks.hpp"
#include "innosim/model/finance/insurer.hpp"
#include "innosim/model/finance/interest_subsidy.hpp"
#include "innosim/model/finance/risk_pool.hpp"
#include "innosim/model/finance/tech_credit.hpp"
#include "innosim/model/finance/venture.hpp"
#include "innosim/model/firms/certification.hpp"
#include "innosim/model/firms/firm_dynamics.hpp"
#include "innosim/model/government/digital_transformation.hpp"
#include "innosim/model/government/corporate_tax.hpp"
#include "innosim/model/government/engineer_training.hpp"
#include "innosim/model/government/government.hpp"
#include "innosim/model/government/innovation_consortia.hpp"
#include "innosim/model/government/liaison_officers.hpp"
#include "innosim/model/government/open_competition.hpp"
#include "innosim/model/government/points_support.hpp"
#include "innosim/model/government/talent_subsidy.hpp"
#include "innosim/model/government/tech_centres.hpp"
#include "innosim/model/government/tech_upgrade.hpp"
#include "innosim/model/innovation/concept_verification.hpp"
#include "innosim/model/innovation/equity_for_technology.hpp"
#include "innosim/model/innovation/incubators.hpp"
#include "innosim/model/innovation/labs.hpp"
#include "innosim/model/innovation/matching.hpp"
#include "innosim/model/innovation/pilot_platforms.hpp"
#include "innosim/model/innovation/vouchers.hpp"
#include "innosim/model/modules.hpp"
#include "innosim/model/programme.hpp"
#include "innosim/model/shocks.hpp"
#include "innosim/model/talent/talent_pool.hpp"
#include "innosim/model/talent/talent_services.hpp"
#include "innosim/model/types.hpp"

namespace innosim::model {

/// The government's grant programmes (each in its own module under government/).
struct ProgrammesParams {
  /// Innovation points: a points-linked credit line with a government guarantee for the top N (创新积分贷, 7.13; off by default).
  PointsSupportParams points_support;
  /// Open-competition major projects (揭榜挂帅).
  OpenCompetitionParams open_competition;
  /// Tech-upgrade rewards (技术改造事后奖补, 7.21b): an ex-post share of a completed
  /// project's equipment spend, capped, for projects of a minimum size.
  /// Provincial: Guangdong's equipment-renewal rewards (10-15 % of equipment,
  /// 粤经信技改〔2016〕81号); city: 10 % of the new equipment, at most 3 m
  /// (江工信技改〔2024〕5号). Budgets: the seed's 2021-2025 totals a year.
  UpgradeParams upgrade_provincial{.programme = {.enabled = true, .budget_yuan = Scheduled(204e6), .min_stage = Stage::high_tech},
                                   .share = 0.15, .cap_yuan = 10e6, .min_project_yuan = 5e6};
  UpgradeParams upgrade_city{.programme = {.enabled = true, .budget_yuan = Scheduled(20e6), .min_stage = Stage::tech_sme},
                             .share = 0.10, .cap_yuan = 3e6, .min_project_yuan = 1.5e6};
  /// Digital-transformation support.
  DigitalParams digital;
  /// Enterprise technology centres.
  TechCentreParams tech_centres;
  /// Talent: 20 % of a cooperation project's cost, at most 300 k yuan.
  TalentSubsidyParams talent_subsidy;
  /// Industry-engineer training classes.
  EngineerTrainingParams engineer_training;
};

/// Initial ladder populations and finance stocks (the seed's figures).
struct InitialParams {
  std::array<double, 5> stage_shares{0.30, 0.36, 0.31, 0.03, 0.0};  ///< startup..unicorn
  double tech_loans_yuan = 150e9;   ///< tech-loan balance on 1 January of tech_loans_year (seed: > 150 bn)
  int tech_loans_year = 2025;       ///< the year at whose 1 January tech_loans_yuan is stated
  double tech_loans_growth = 0.13;  ///< back-cast growth a year for a run that starts earlier, a warm-up (seed: +13 % y/y)
  std::array<double, 5> median_employees{8, 35, 120, 180, 500};  ///< per stage at start
  double employees_dispersion = 1.0;  ///< s.d. of log employees at start
  double insured_firms = 440;       ///< tech-insurance policies in force at start: the seed's flow a year earlier (1,000 / 3.4 in 8 months, x 12/8)
  double incubated_firms = 2050;    ///< incubator tenants at start (seed: > 2,000; 2,080 places)
  double digitalised_share = 0.3;   ///< share of firms already digitalised (seed: 2,193 firms)
};

struct Params {
  int start_year = 2025;
  double horizon_years = 10;
  int initial_firms = 6000;
  int reference_firms = 6000; ///< the population the city-size figures are stated for; they scale with initial_firms / reference_firms (5.9)
  int sampling_months = 1;    ///< metrics every 1, 3 or 12 months
  int panel_months = 12;      ///< firm panel rows every this many months (when observed)
  int top_points_firms = 200; ///< innovation points: top-N firms get targeted support
  FirmParams firm;
  BankParams bank;
  TechCreditParams tech_credit;
  InterestSubsidyParams interest_subsidy;
  RiskPoolParams risk_pool;
  InsuranceParams insurance;
  VentureParams venture;
  LabParams labs;
  ResearchFundParams research_fund;
  ConceptCentreParams concept_centres;
  MatchingParams matching;
  UfplParams ufpl;
  EquityParams equity;
  IncubatorParams incubators;
  PilotParams pilot;
  VoucherParams vouchers;
  ProgrammesParams programmes;
  ConsortiumParams consortia;
  TalentParams talent;
  TalentServicesParams talent_services;
  LiaisonParams liaison;
  InitialParams initial;
  TaxParams tax;
  FiscalParams fiscal;
  CertificationParams certification;
  ShockParams shocks;
  /// The parameters of the modules that register themselves (modules.hpp), by type: `p.modules.get<NewGrantParams>()`.
  ModuleParams modules;
};

}  // namespace innosim::model
