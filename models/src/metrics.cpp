#include <stdexcept>

#include "innosim/engine/error.hpp"
#include "innosim/model/ecosystem.hpp"

namespace innosim::model {

// Keep in sync with Ecosystem::sample() (the order of values) and
// output/SCHEMA.md (the list of metrics).
const std::vector<MetricInfo>& metric_catalogue() {
  static const std::vector<MetricInfo> catalogue = {
      {"firms_active", "firms", "Firms alive at the sample time"},
      {"startups", "firms", "Alive firms not (yet) certified on the ladder"},
      {"tech_smes", "firms", "Alive firms certified as technology-based SMEs"},
      {"high_tech_enterprises", "firms", "Alive certified high-tech enterprises (not gazelle or unicorn)"},
      {"gazelles", "firms", "Alive high-tech enterprises growing > 20 %/yr over 3 years"},
      {"unicorns", "firms", "Alive firms valued >= US$1 bn and aged <= 10 years"},
      {"firm_entries", "firms per period", "New firms entering since the previous sample"},
      {"firm_exits", "firms per period", "Firms exiting (insolvency, default or background hazard) since the previous sample"},
      {"employment", "persons", "Employees of alive firms"},
      {"revenue", "yuan per period", "Revenue of all firms since the previous sample"},
      {"rd_spending", "yuan per period", "R&D spending of all firms since the previous sample"},
      {"innovations", "innovations per period", "Successful innovations since the previous sample"},
      {"tech_loans_outstanding", "yuan", "Outstanding principal of bank loans to the firms (the tech-loan book)"},
      {"new_tech_loans", "yuan per period", "New loans disbursed since the previous sample"},
      {"loan_defaults", "loans per period", "Loans defaulted since the previous sample"},
      {"risk_pool_payouts", "yuan per period", "Risk-compensation pool payouts to banks since the previous sample"},
      {"insured_firms", "firms", "Alive firms holding technology insurance"},
      {"venture_investment", "yuan per period", "Equity invested by venture and guidance funds since the previous sample"},
      {"fiscal_spending", "yuan per period", "Government spending on all programmes since the previous sample"},
      {"fiscal_interest_subsidy", "yuan per period", "Loan interest subsidy paid since the previous sample"},
      {"fiscal_risk_pool", "yuan per period", "Government funding of the risk-compensation pool since the previous sample"},
      {"fiscal_insurance", "yuan per period", "Technology-insurance premium subsidy paid since the previous sample"},
      {"fiscal_guidance_fund", "yuan per period", "Government capital paid into the guidance fund since the previous sample"},
      {"interest_paid", "yuan per period", "Interest paid by firms to banks (before subsidy) since the previous sample"},
      {"mean_interest_cost", "share per year", "Firms' interest cost net of subsidy over outstanding loans, annualised"},
      {"pool_covered_loans", "yuan", "Outstanding loans covered by the risk-compensation pool"},
      {"insurance_claims", "yuan per period", "Claims paid by the insurer since the previous sample"},
      {"borrowing_firms", "firms", "Alive firms with an outstanding loan"},
  };
  return catalogue;
}

std::size_t metric_index(const std::string& name) {
  const auto& c = metric_catalogue();
  for (std::size_t i = 0; i < c.size(); ++i)
    if (name == c[i].name) return i;
  throw InternalError("unknown metric " + name);
}

}  // namespace innosim::model
