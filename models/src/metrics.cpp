#include <stdexcept>
#include <string>

#include "innosim/engine/error.hpp"
#include "innosim/model/ecosystem.hpp"

namespace innosim::model {

// Keep in sync with Ecosystem::sample() (the order of values) and
// output/SCHEMA.md (the list of metrics).
const std::vector<MetricInfo>& metric_catalogue() {
  static const std::vector<MetricInfo> catalogue = [] {
    std::vector<MetricInfo> c = {
      {"firms_active", "firms", "Firms alive at the sample time"},
      {"startups", "firms", "Alive firms not (yet) certified on the ladder"},
      {"tech_smes", "firms", "Alive firms certified as technology-based SMEs"},
      {"high_tech_enterprises", "firms", "Alive certified high-tech enterprises (not gazelle or unicorn)"},
      {"gazelles", "firms", "Alive high-tech enterprises growing > 20 %/yr over 3 years"},
      {"unicorns", "firms", "Alive venture-backed firms valued >= US$1 bn and aged <= 10 years"},
      {"firm_entries", "firms per period", "New firms (entrants and spin-offs) since the previous sample"},
      {"firm_exits", "firms per period", "Firms exiting (insolvency, default or background hazard) since the previous sample"},
      {"employment", "persons", "Employees of alive firms"},
      {"revenue", "yuan per period", "Revenue of all firms since the previous sample"},
      {"rd_spending", "yuan per period", "R&D spending of all firms since the previous sample"},
      {"innovations", "innovations per period", "Successful (adopted-technology) innovations since the previous sample"},
      {"tech_loans_outstanding", "yuan", "Outstanding principal of bank loans to the firms (the tech-loan book)"},
      {"new_tech_loans", "yuan per period", "New loans disbursed since the previous sample"},
      {"loan_defaults", "loans per period", "Loans defaulted since the previous sample"},
      {"risk_pool_payouts", "yuan per period", "Risk-compensation pool payouts to banks since the previous sample"},
      {"insured_firms", "firms", "Alive firms holding technology insurance"},
      {"venture_investment", "yuan per period", "Equity invested by venture and guidance funds since the previous sample"},
      {"venture_exit_proceeds", "yuan per period", "Proceeds of IPO/M&A exits paid to venture and guidance funds since the previous sample"},
      {"venture_funds_open", "funds", "Venture funds (and angel pools) within their life"},
      {"interest_paid", "yuan per period", "Interest paid by firms to banks (before subsidy) since the previous sample"},
      {"mean_interest_cost", "share per year", "Interest paid net of the subsidy received, annualised, over outstanding loans"},
      {"pool_covered_loans", "yuan", "Outstanding loans covered by the risk-compensation pool"},
      {"insurance_claims", "yuan per period", "Claims paid by the insurer since the previous sample"},
      {"borrowing_firms", "firms", "Alive firms with an outstanding loan"},
      {"incubated_firms", "firms", "Alive incubator tenants"},
      {"incubator_graduations", "firms per period", "Tenants graduating (certified or tenancy limit) since the previous sample"},
      {"research_results", "results per period", "Research results disclosed by labs since the previous sample"},
      {"tech_transfer_recommendations", "recommendations per period", "Results recommended to firms by the matching platform"},
      {"tech_transfer_deals", "deals per period", "Results adopted (sold or licensed) since the previous sample"},
      {"sme_tech_transfer_deals", "deals per period", "Deals whose adopter is a start-up or tech SME"},
      {"spinoffs", "firms per period", "Lab spin-offs entering since the previous sample"},
      {"pilot_bookings", "bookings per period", "Pilot tests that started since the previous sample"},
      {"pilot_mean_wait_days", "days", "Mean wait in the booking queue of tests started in the period (NaN: none)"},
      {"pilot_utilization", "share", "Time-average share of local pilot machines busy during the period"},
      {"voucher_spending", "yuan per period", "Machine-hour vouchers paid since the previous sample"},
      {"vouchers_used", "tests per period", "Pilot tests that went ahead with a voucher since the previous sample"},
      {"vouchers_additional", "tests per period", "Of those, tests that would not have gone ahead at the full price (same draw): additionality"},
      {"pilot_time_to_market_days", "days", "Mean days from prototype to completed pilot test (NaN: none completed)"},
      {"prototypes", "prototypes per period", "Innovations that need a pilot test before they pay, since the previous sample"},
      {"pilots_fast_to_market", "prototypes per period", "Pilot tests completed within 120 days of the prototype being ready"},
      {"pilots_abandoned", "prototypes per period", "Prototypes whose firm gave up on pilot testing (price) since the previous sample"},
      {"talent_stock", "persons", "Researchers and engineers available to firms"},
      {"talent_sufficiency", "share", "min(1, talent stock / firms' S&T staff demand)^elasticity: R&D effectiveness"},
      {"points_supported_firms", "firms", "Top innovation-points firms that received targeted support this year"},
      {"digitalised_firms", "firms", "Alive digitally transformed firms"},
      {"grants_eligible", "grants per period", "Grants firms became eligible for since the previous sample (take-up = paid / eligible over a span)"},
      {"grants_paid", "grants per period", "Grants paid to firms since the previous sample"},
      {"grant_payment_delay_days", "days", "Mean days from eligibility to payment of grants paid in the period (NaN: none)"},
      {"consortia_active", "consortia", "Innovation consortia running at the sample time"},
      {"consortium_breakthroughs", "breakthroughs per period", "Innovation consortia that broke through on their key technology since the previous sample"},
      {"consortium_cofunding", "yuan per period", "Consortium leaders' co-funding of their consortia since the previous sample"},
      {"talent_served", "persons", "Talent holding a talent-services place (housing, schooling, medical cover) at the sample time"},
      {"talent_retained", "persons per period", "Talent kept in the pool by talent services since the previous sample (outflow avoided)"},
      {"talent_attracted", "persons per period", "Talent drawn to the pool by talent services since the previous sample (inflow added)"},
      {"liaison_firms", "firms", "Top innovation-points firms with a liaison officer at the sample time"},
      {"liaison_applications", "applications per period", "Programme applications made only because of a liaison officer since the previous sample"},
      {"equity_deals", "deals per period", "Technology-transfer deals on equity terms (a stake for the labs instead of a fee) since the previous sample"},
      {"lab_equity_income", "yuan per period", "Labs' income from stakes taken for technology (dividends and stake sales at venture exits) since the previous sample"},
      {"lab_equity_value", "yuan", "Labs' stakes taken for technology at the firms' valuations at the sample time"},
      {"fiscal_spending", "yuan per period", "Government spending on all programmes since the previous sample"},
    };
    static std::vector<std::string> names, descriptions;  // storage for the generated fiscal lines
    names.reserve(FISCAL_COUNT);
    descriptions.reserve(FISCAL_COUNT);
    for (int i = 0; i < FISCAL_COUNT; ++i) {
      names.push_back(std::string("fiscal_") + FISCAL_NAMES[i]);
      descriptions.push_back(std::string("Government spending on ") + FISCAL_NAMES[i] + " since the previous sample");
      c.push_back({names.back().c_str(), "yuan per period", descriptions.back().c_str()});
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
