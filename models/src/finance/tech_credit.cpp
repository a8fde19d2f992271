#include "innosim/model/finance/tech_credit.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, TechCreditParams& tc) {
  b.section("policies.tech_credit_product", "Tailored tech-credit product (IP-pledge loans) for certified firms with core IP.");
  b.programme("policies.tech_credit_product", tc.programme, false, "");
  b.number("policies.tech_credit_product.ceiling_bonus", tc.ceiling_bonus, "share", 0, 10, "Extra Lambda share for eligible firms.");
  b.number("policies.tech_credit_product.spread_discount", tc.spread_discount, "per year", 0, 1, "Lower spread on the product.");
}

}  // namespace innosim::model
