#pragma once
// Certification on the gradient ladder (docs/model.md 7.12): start-up, tech
// SME, high-tech enterprise, gazelle, unicorn, decided at each annual review
// from the firm's last years, and notching at the HTE R&D threshold. The
// rules themselves are pure functions in rules.hpp.
#include "innosim/model/rules.hpp"

namespace innosim::model {

struct World;
struct Firm;

class Certification {
 public:
  /// The firm's rung this year (after its valuation, firm_finance.hpp).
  void certify(World& w, Firm& f) const;
};

}  // namespace innosim::model
