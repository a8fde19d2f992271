#pragma once
// The tailored tech-credit product (IP-pledge loans) for certified firms
// with core IP (docs/model.md 7.7): a higher credit ceiling and a lower
// spread. The banks read it in their terms (banks.hpp).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;

struct TechCreditParams {
  Programme programme{.enabled = true, .min_stage = Stage::high_tech};
  double ceiling_bonus = 0.5;       ///< IP-pledge product: extra Lambda share for certified firms with IP
  double spread_discount = 0.005;   ///< lower spread on the tailored product
};

/// The `policies.tech_credit_product.*` keys.
void bind_keys(Binder& b, TechCreditParams& p);

class TechCredit {
 public:
  /// Whether the product is open to the firm this year: active, certified, with core IP.
  bool applies(const World& w, const Firm& f) const;
};

}  // namespace innosim::model
