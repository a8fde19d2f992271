#pragma once
// The world every module acts on: what the modules share (the parameters,
// the random-stream keys, the simulator's clock and calendar, the ledger,
// the firm vector, the observer) and the modules themselves, one per actor
// and per instrument (models/README.md maps them to docs/model.md).
//
// Every rule is a member function of its module that takes the World it
// acts on as its first argument: a module reaches another only through
// World (w.banks, w.risk_pool, ...), with plain calls (no virtual calls,
// no pointers kept between modules). Ecosystem (ecosystem.hpp) owns one
// World and runs it: the set-up, the monthly step, the annual review and
// the sampling, each as a short list of calls.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "innosim/engine/simulator.hpp"
#include "innosim/model/draws.hpp"
#include "innosim/model/finance/banks.hpp"
#include "innosim/model/finance/insurer.hpp"
#include "innosim/model/finance/interest_subsidy.hpp"
#include "innosim/model/finance/risk_pool.hpp"
#include "innosim/model/finance/tech_credit.hpp"
#include "innosim/model/finance/venture.hpp"
#include "innosim/model/firm.hpp"
#include "innosim/model/firms/certification.hpp"
#include "innosim/model/firms/firm_dynamics.hpp"
#include "innosim/model/firms/firm_finance.hpp"
#include "innosim/model/government/corporate_tax.hpp"
#include "innosim/model/government/digital_transformation.hpp"
#include "innosim/model/government/engineer_training.hpp"
#include "innosim/model/government/government.hpp"
#include "innosim/model/government/innovation_consortia.hpp"
#include "innosim/model/government/innovation_points.hpp"
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
#include "innosim/model/ledger.hpp"
#include "innosim/model/modules.hpp"
#include "innosim/model/observer.hpp"
#include "innosim/model/params.hpp"
#include "innosim/model/shocks.hpp"
#include "innosim/model/talent/talent_pool.hpp"
#include "innosim/model/talent/talent_services.hpp"

namespace innosim::model {

struct World {
  /// Checks the parameters a module cannot be built without (ModelError).
  World(const Params& params, std::uint64_t seed, std::uint64_t replication, RunObserver* observer);
  World(const World&) = delete;  // the modules' events hold its address
  World& operator=(const World&) = delete;

  // ---- what every module shares
  const Params p;                      ///< every module's parameters (read-only)
  const std::uint64_t seed, replication;  ///< the random streams' keys (with the agent and the purpose)
  RunObserver* const observer;         ///< the panel and event log, or nullptr
  const bool want_panel, want_events;
  engine::Simulator sim;               ///< the clock and the calendar of events
  Ledger ledger;                       ///< the books: every yuan that moves
  std::vector<Firm> firms;             ///< the firm population, sorted by id (exited firms leave at the review)
  bool firms_by_id = true;             ///< false once a test reorders `firms` (find_firm then searches linearly)
  std::uint64_t month = 0;             ///< months completed
  int year = 0;                        ///< calendar year whose rules apply (see calendar_year())

  // ---- the government first: the modules below register their fiscal lines with it
  Government government;
  // ---- firms
  FirmDynamics dynamics{*this};
  FirmFinance finance{*this};
  Certification certification;
  // ---- finance
  Banks banks{*this};
  TechCredit tech_credit;
  InterestSubsidy interest_subsidy{*this};
  RiskPool risk_pool{*this};
  Insurer insurer{*this};
  Venture venture{*this};
  // ---- the innovation chain
  Labs labs{*this};
  ConceptVerification verification{*this};
  Matching matching{*this};
  EquityForTechnology equity;
  Incubators incubators;
  PilotPlatforms pilot{*this};
  Vouchers vouchers{*this};
  // ---- talent
  TalentPool talent;
  TalentServices talent_services{*this};
  // ---- government programmes
  InnovationPoints points;
  PointsSupport points_support{*this};
  OpenCompetition open_competition{*this};
  TechUpgrade tech_upgrade{*this};
  DigitalTransformation digital{*this};
  TechCentres tech_centres{*this};
  TalentSubsidy talent_subsidy{*this};
  EngineerTraining engineer_training{*this};
  InnovationConsortia consortia{*this};
  LiaisonOfficers liaison{*this};
  CorporateTax tax;
  // ---- stress tests
  Shocks shocks;
  // ---- the modules that register themselves (modules.hpp): made last, in the constructor
  ModuleSet modules;
  template <class T>
  T& module() {
    return modules.get<T>();
  }
  template <class T>
  const T& module() const {
    return modules.get<T>();
  }

  // ---- shared helpers
  /// Years since the start.
  double years() const { return sim.now() / engine::DAYS_PER_YEAR; }
  /// The calendar year whose rules apply: the monthly step on 1 January
  /// processes December, so it still uses the old year's schedules and
  /// budget; the annual review that follows it switches to the new year.
  int calendar_year() const { return year; }
  /// Money a firm pays (firm -> other account) and receives (other -> firm).
  void pay(Firm& f, Account to, double amount, Flow kind) {
    f.cash -= amount;
    ledger.transfer(Account::firms, to, amount, kind);
  }
  void receive(Firm& f, Account from, double amount, Flow kind) {
    f.cash += amount;
    ledger.transfer(from, Account::firms, amount, kind);
  }
  /// An event for the log (when the observer wants it).
  void emit(EventKind k, const Firm& f, double amount) {
    if (want_events) observer->on_event(years(), f.id, k, amount);
  }
  /// The firm with this id, or nullptr once it has left the vector.
  Firm* find_firm(std::int64_t id) {
    // firms is sorted by id: ids grow with creation and removal is stable.
    // A test that reorders the vector (Ecosystem::reverse_firm_order) clears
    // firms_by_id: a binary search would then miss most firms, and the
    // events that find a firm by id (an investment's cost saving, a match,
    // a pilot) would silently be lost, which the order tests read as an
    // order effect.
    if (!firms_by_id) {
      auto it = std::find_if(firms.begin(), firms.end(), [id](const Firm& f) { return f.id == id; });
      return it != firms.end() ? &*it : nullptr;
    }
    auto it = std::lower_bound(firms.begin(), firms.end(), id, [](const Firm& f, std::int64_t v) { return f.id < v; });
    return it != firms.end() && it->id == id ? &*it : nullptr;
  }
};

}  // namespace innosim::model
