#include <stdexcept>
#include <string>

#include "innosim/engine/error.hpp"
#include "innosim/model/ecosystem.hpp"

namespace innosim::model {

const char* metric_kind_name(MetricKind kind) {
  switch (kind) {
    case MetricKind::stock: return "stock";
    case MetricKind::flow: return "flow";
    case MetricKind::mean: return "mean";
  }
  return "unknown";
}

// Keep in sync with Ecosystem::sample() (the order of values) and
// output/SCHEMA.md (the list of metrics).
const std::vector<MetricInfo>& metric_catalogue() {
  static const std::vector<MetricInfo> catalogue = [] {
    std::vector<MetricInfo> c = {
      {"firms_active", "firms", "Firms alive at the sample time", MetricKind::stock},
      {"startups", "firms", "Alive firms not (yet) certified on the ladder", MetricKind::stock},
      {"tech_smes", "firms", "Alive firms certified as technology-based SMEs", MetricKind::stock},
      {"high_tech_enterprises", "firms", "Alive certified high-tech enterprises (not gazelle or unicorn)", MetricKind::stock},
      {"gazelles", "firms", "Alive high-tech enterprises growing > 20 %/yr over 3 years", MetricKind::stock},
      {"unicorns", "firms", "Alive venture-backed firms valued >= US$1 bn and aged <= 10 years", MetricKind::stock},
      {"firm_entries", "firms", "New firms (entrants and spin-offs) since the previous sample", MetricKind::flow},
      {"firm_exits", "firms", "Firms exiting (insolvency, default or background hazard) since the previous sample", MetricKind::flow},
      {"employment", "persons", "Employees of alive firms", MetricKind::stock},
      {"revenue", "yuan", "Revenue of all firms since the previous sample", MetricKind::flow},
      {"rd_spending", "yuan", "R&D spending of all firms since the previous sample", MetricKind::flow},
      {"innovations", "innovations", "Successful (adopted-technology) innovations since the previous sample", MetricKind::flow},
      {"tech_loans_outstanding", "yuan", "Outstanding principal of bank loans to the firms (the tech-loan book)", MetricKind::stock},
      {"new_tech_loans", "yuan", "New loans disbursed since the previous sample", MetricKind::flow},
      {"loan_defaults", "loans", "Loans defaulted since the previous sample", MetricKind::flow},
      {"risk_pool_payouts", "yuan", "Risk-compensation pool payouts to banks since the previous sample", MetricKind::flow},
      {"insured_firms", "firms", "Alive firms holding technology insurance", MetricKind::stock},
      {"venture_investment", "yuan", "Equity invested by venture and guidance funds since the previous sample", MetricKind::flow},
      {"venture_exit_proceeds", "yuan", "Proceeds of IPO/M&A exits paid to venture and guidance funds since the previous sample", MetricKind::flow},
      {"venture_funds_open", "funds", "Venture funds (and angel pools) within their life", MetricKind::stock},
      {"interest_paid", "yuan", "Interest paid by firms to banks (before subsidy) since the previous sample", MetricKind::flow},
      {"mean_interest_cost", "share per year", "Interest paid net of the subsidy received, annualised, over outstanding loans", MetricKind::mean},
      {"pool_covered_loans", "yuan", "Outstanding loans covered by the risk-compensation pool", MetricKind::stock},
      {"insurance_claims", "yuan", "Claims paid by the insurer since the previous sample", MetricKind::flow},
      {"borrowing_firms", "firms", "Alive firms with an outstanding loan", MetricKind::stock},
      {"incubated_firms", "firms", "Alive incubator tenants", MetricKind::stock},
      {"incubator_graduations", "firms", "Tenants graduating (certified or tenancy limit) since the previous sample", MetricKind::flow},
      {"research_results", "results", "Research results disclosed by labs since the previous sample", MetricKind::flow},
      {"tech_transfer_recommendations", "recommendations", "Results recommended to firms by the matching platform", MetricKind::flow},
      {"tech_transfer_deals", "deals", "Results adopted (sold or licensed) since the previous sample", MetricKind::flow},
      {"sme_tech_transfer_deals", "deals", "Deals whose adopter is a start-up or tech SME", MetricKind::flow},
      {"spinoffs", "firms", "Lab spin-offs entering since the previous sample", MetricKind::flow},
      {"pilot_bookings", "bookings", "Pilot tests that started since the previous sample", MetricKind::flow},
      {"pilot_mean_wait_days", "days", "Mean wait in the booking queue of tests started in the period (NaN: none)", MetricKind::mean},
      {"pilot_utilization", "share", "Time-average share of local pilot machines busy during the period", MetricKind::mean},
      {"voucher_spending", "yuan", "Machine-hour vouchers paid since the previous sample", MetricKind::flow},
      {"vouchers_used", "tests", "Pilot tests that went ahead with a voucher since the previous sample", MetricKind::flow},
      {"vouchers_additional", "tests", "Of those, tests that would not have gone ahead at the full price (same draw): additionality", MetricKind::flow},
      {"pilot_time_to_market_days", "days", "Mean days from prototype to completed pilot test (NaN: none completed)", MetricKind::mean},
      {"prototypes", "prototypes", "Innovations that need a pilot test before they pay, since the previous sample", MetricKind::flow},
      {"pilots_fast_to_market", "prototypes", "Pilot tests completed within 120 days of the prototype being ready", MetricKind::flow},
      {"pilots_abandoned", "prototypes", "Prototypes whose firm gave up on pilot testing (price) since the previous sample", MetricKind::flow},
      {"talent_stock", "persons", "Researchers and engineers available to firms", MetricKind::stock},
      {"talent_sufficiency", "share", "min(1, talent stock / firms' S&T staff demand)^elasticity: R&D effectiveness", MetricKind::stock},
      {"points_supported_firms", "firms", "Top innovation-points firms that received targeted support this year", MetricKind::stock},
      {"digitalised_firms", "firms", "Alive digitally transformed firms", MetricKind::stock},
      {"grants_eligible", "grants", "Grants firms became eligible for since the previous sample (take-up = paid / eligible over a span)", MetricKind::flow},
      {"grants_paid", "grants", "Grants paid to firms since the previous sample", MetricKind::flow},
      {"grant_payment_delay_days", "days", "Mean days from eligibility to payment of grants paid in the period (NaN: none)", MetricKind::mean},
      {"consortia_active", "consortia", "Innovation consortia running at the sample time", MetricKind::stock},
      {"consortium_breakthroughs", "breakthroughs", "Innovation consortia that broke through on their key technology since the previous sample", MetricKind::flow},
      {"consortium_cofunding", "yuan", "Consortium leaders' co-funding of their consortia since the previous sample", MetricKind::flow},
      {"talent_served", "persons", "Talent holding a talent-services place (housing, schooling, medical cover) at the sample time", MetricKind::stock},
      {"talent_retained", "persons", "Talent kept in the pool by talent services since the previous sample (outflow avoided)", MetricKind::flow},
      {"talent_attracted", "persons", "Talent drawn to the pool by talent services since the previous sample (inflow added)", MetricKind::flow},
      {"liaison_firms", "firms", "Top innovation-points firms with a liaison officer at the sample time", MetricKind::stock},
      {"liaison_applications", "applications", "Programme applications made only because of a liaison officer since the previous sample", MetricKind::flow},
      {"equity_deals", "deals", "Technology-transfer deals on equity terms (a stake for the labs instead of a fee) since the previous sample", MetricKind::flow},
      {"lab_equity_income", "yuan", "Labs' income from stakes taken for technology (dividends and stake sales at venture exits) since the previous sample", MetricKind::flow},
      {"lab_equity_value", "yuan", "Labs' stakes taken for technology at the firms' valuations at the sample time", MetricKind::stock},
      {"fiscal_spending", "yuan", "Government spending on all programmes since the previous sample", MetricKind::flow},
    };
    static std::vector<std::string> names, descriptions;  // storage for the generated fiscal lines
    names.reserve(FISCAL_COUNT);
    descriptions.reserve(FISCAL_COUNT);
    for (int i = 0; i < FISCAL_COUNT; ++i) {
      names.push_back(std::string("fiscal_") + FISCAL_NAMES[i]);
      descriptions.push_back(std::string("Government spending on ") + FISCAL_NAMES[i] + " since the previous sample");
      c.push_back({names.back().c_str(), "yuan", descriptions.back().c_str(), MetricKind::flow});
    }
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
