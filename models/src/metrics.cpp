// The metric catalogue and the sampling's table of metric groups: each
// module reports its own metrics (names, units, descriptions, kinds and
// values, in its own source file); this table fixes their output order,
// which files and downstream tools rely on (output/SCHEMA.md lists them).
// A new instrument's metrics go in one line before the government's
// spending, which stays last (with the net fiscal cost after it).
#include <string>

#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

const std::vector<MetricGroup>& metric_groups() {
  // One line per group: its metrics, how it reports them, how it restarts its period.
  static const std::vector<MetricGroup> groups = {
      {&FirmDynamics::metrics, [](const World& w, const Census& c, MetricRow& o) { w.dynamics.report(w, c, o); },
       [](World& w) { w.dynamics.restart_period(); }},
      {&Certification::metrics, [](const World& w, const Census& c, MetricRow& o) { w.certification.report(c, o); },
       [](World& w) { w.certification.restart_period(); }},
      {&Banks::loan_metrics, [](const World& w, const Census& c, MetricRow& o) { w.banks.report_loans(c, o); },
       [](World& w) { w.banks.restart_period(); }},
      {&RiskPool::payout_metrics, [](const World& w, const Census&, MetricRow& o) { w.risk_pool.report_payouts(o); },
       [](World& w) { w.risk_pool.restart_period(); }},
      {&Insurer::cover_metrics, [](const World& w, const Census& c, MetricRow& o) { w.insurer.report_cover(c, o); }, nullptr},
      {&Venture::metrics, [](const World& w, const Census&, MetricRow& o) { w.venture.report(o); },
       [](World& w) { w.venture.restart_period(); }},
      {&Banks::interest_metrics, [](const World& w, const Census& c, MetricRow& o) { w.banks.report_interest(w, c, o); }, nullptr},
      {&RiskPool::cover_metrics, [](const World& w, const Census& c, MetricRow& o) { w.risk_pool.report_cover(c, o); }, nullptr},
      {&Insurer::claim_metrics, [](const World& w, const Census&, MetricRow& o) { w.insurer.report_claims(w, o); },
       [](World& w) { w.insurer.restart_period(); }},
      {&Banks::borrower_metrics, [](const World& w, const Census& c, MetricRow& o) { w.banks.report_borrowers(c, o); }, nullptr},
      {&Incubators::metrics, [](const World& w, const Census& c, MetricRow& o) { w.incubators.report(c, o); },
       [](World& w) { w.incubators.restart_period(); }},
      {&Labs::result_metrics, [](const World& w, const Census&, MetricRow& o) { w.labs.report_results(o); },
       [](World& w) { w.labs.restart_period(); }},
      {&Matching::metrics, [](const World& w, const Census&, MetricRow& o) { w.matching.report(o); },
       [](World& w) { w.matching.restart_period(); }},
      {&Labs::spinoff_metrics, [](const World& w, const Census&, MetricRow& o) { w.labs.report_spinoffs(o); }, nullptr},
      {&PilotPlatforms::booking_metrics, [](const World& w, const Census&, MetricRow& o) { w.pilot.report_bookings(o); },
       [](World& w) { w.pilot.restart_period(); }},
      {&Vouchers::metrics, [](const World& w, const Census&, MetricRow& o) { w.vouchers.report(w, o); },
       [](World& w) { w.vouchers.restart_period(); }},
      {&PilotPlatforms::market_metrics, [](const World& w, const Census&, MetricRow& o) { w.pilot.report_market(o); }, nullptr},
      {&PilotPlatforms::capability_metrics, [](const World& w, const Census&, MetricRow& o) { w.pilot.report_capability(w, o); }, nullptr},
      {&TalentPool::metrics, [](const World& w, const Census&, MetricRow& o) { w.talent.report(o); }, nullptr},
      {&PointsSupport::metrics, [](const World& w, const Census&, MetricRow& o) { w.points_support.report(w, o); }, nullptr},
      {&DigitalTransformation::metrics, [](const World& w, const Census& c, MetricRow& o) { w.digital.report(c, o); },
       [](World& w) { w.digital.restart_period(); }},
      {&TalentSubsidy::metrics, [](const World& w, const Census&, MetricRow& o) { w.talent_subsidy.report(o); },
       [](World& w) { w.talent_subsidy.restart_period(); }},
      {&Government::delivery_metrics, [](const World& w, const Census&, MetricRow& o) { w.government.report_delivery(o); }, nullptr},
      {&InnovationConsortia::metrics, [](const World& w, const Census&, MetricRow& o) { w.consortia.report(o); },
       [](World& w) { w.consortia.restart_period(); }},
      {&TalentServices::metrics, [](const World& w, const Census&, MetricRow& o) { w.talent_services.report(o); },
       [](World& w) { w.talent_services.restart_period(); }},
      {&LiaisonOfficers::metrics, [](const World& w, const Census&, MetricRow& o) { w.liaison.report(o); },
       [](World& w) { w.liaison.restart_period(); }},
      {&EquityForTechnology::metrics, [](const World& w, const Census&, MetricRow& o) { w.equity.report(w, o); },
       [](World& w) { w.equity.restart_period(); }},
      // Firm finance and demand (7.1-7.7b, 7.26).
      {&FirmDynamics::market_metrics, [](const World& w, const Census&, MetricRow& o) { w.dynamics.report_market(o); }, nullptr},
      {&FirmFinance::metrics, [](const World& w, const Census& c, MetricRow& o) { w.finance.report(c, o); },
       [](World& w) { w.finance.restart_period(); }},
      {&CorporateTax::metrics, [](const World& w, const Census&, MetricRow& o) { w.tax.report(o); },
       [](World& w) { w.tax.restart_period(); }},
      {&Banks::capital_metrics, [](const World& w, const Census&, MetricRow& o) { w.banks.report_capital(w, o); }, nullptr},
      {&InterestSubsidy::metrics, [](const World& w, const Census& c, MetricRow& o) { w.interest_subsidy.report(c, o); },
       [](World& w) { w.interest_subsidy.restart_period(); }},
      {&RiskPool::registration_metrics, [](const World& w, const Census&, MetricRow& o) { w.risk_pool.report_registrations(o); },
       [](World& w) { w.risk_pool.restart_registrations(); }},
      // Last: the government's spending, in total and by fiscal line.
      {&Government::spending_metrics, [](const World& w, const Census&, MetricRow& o) { w.government.report_spending(o); },
       [](World& w) { w.government.restart_period(); }},
      // The fiscal lines by level and kind, and the net fiscal cost (2.6): after the spending they read.
      {&Government::net_cost_metrics,
       [](const World& w, const Census& c, MetricRow& o) { w.government.report_net_cost(w, c, o); },
       [](World& w) { w.government.restart_net_cost(); }},
  };
  return groups;
}

const char* metric_kind_name(MetricKind kind) {
  switch (kind) {
    case MetricKind::stock: return "stock";
    case MetricKind::flow: return "flow";
    case MetricKind::mean: return "mean";
  }
  return "unknown";
}

const std::vector<MetricInfo>& metric_catalogue() {
  static const std::vector<MetricInfo> catalogue = [] {
    std::vector<MetricInfo> c;
    for (const MetricGroup& g : metric_groups()) c.insert(c.end(), g.infos().begin(), g.infos().end());
    return c;
  }();
  return catalogue;
}

std::size_t metric_index(const std::string& name) {
  const auto& c = metric_catalogue();
  for (std::size_t i = 0; i < c.size(); ++i)
    if (name == c[i].name) return i;
  throw InternalError("unknown metric " + name);
}

}  // namespace innosim::model
