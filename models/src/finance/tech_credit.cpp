#include "innosim/model/finance/tech_credit.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"

namespace innosim::model {

bool TechCredit::applies(const World& w, const Firm& f) const {
  const Programme& tc = w.p.tech_credit.programme;
  return tc.active(w.calendar_year()) && f.stage >= tc.min_stage && f.ip_count >= 1;
}

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, TechCreditParams& tc) {
  b.section("policies.tech_credit_product", "Tailored tech-credit product (IP-pledge loans) for certified firms with core IP.",
            {"Tech-credit product", "科技信贷产品", "面向拥有核心知识产权的认定企业的专属科技信贷产品（知识产权质押贷款）。"});
  b.programme("policies.tech_credit_product", tc.programme, false, "", "");
  b.number("policies.tech_credit_product.ceiling_bonus", tc.ceiling_bonus, "share", 0, 10, "Extra Lambda share for eligible firms.",
           "符合条件企业授信上限（`Lambda`）的额外提高比例。");
  b.number("policies.tech_credit_product.spread_discount", tc.spread_discount, "per year", 0, 1, "Lower spread on the product.",
           "该产品的利差优惠。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 600 (models/README.md, "Scenario keys").
const RegisterKeys tech_credit_keys_at{600, [](Binder& b, Params& p) { bind_keys(b, p.tech_credit); }};
}  // namespace

}  // namespace innosim::model
