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

bool TechCredit::w_relends(const World& w) { return w.p.tech_credit.spread_discount > 0; }

double TechCredit::month_cost(const World& w, double eligible) {
  // The central bank lends the bank relending_share of the loan at the
  // relending rate instead of its own lending rate, up to the city's part of
  // the national quota: the gap on that money is the centre's quasi-fiscal
  // cost, a month at a time (2.6).
  const TechCreditParams& tc = w.p.tech_credit;
  return (tc.central_bank_rate - tc.relending_rate) * std::min(tc.relending_share * eligible, tc.relending_quota_yuan) / 12.0;
}

void TechCredit::accrue(const World& w, const Firm& f) {
  // The firm's whole balance counts while the product is open to it (an
  // Assumption: the model does not tag each loan with the terms it was made on).
  if (f.debt <= 0 || !relent(w, f)) return;
  const auto month = static_cast<std::int64_t>(w.month);
  if (month != month_) {
    cost_period_ += month_cost(w, eligible_);  // the last month served, now complete
    eligible_ = 0;
    month_ = month;
  }
  eligible_ += f.debt;
}

double TechCredit::relending_balance(const World& w) const {
  double s = 0;
  for (const Firm& f : w.firms)
    if (f.alive && f.debt > 0 && relent(w, f)) s += f.debt;
  return std::min(w.p.tech_credit.relending_share * s, w.p.tech_credit.relending_quota_yuan);
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
  b.number("policies.tech_credit_product.relending_rate", tc.relending_rate, "per year", 0, 1,
           "The central bank's relending rate behind the concession (PBoC tech-innovation and technology-upgrade relending, "
           "2024: 1.75 %); quasi-fiscal cost only.",
           "优惠利率背后的央行再贷款利率（中国人民银行科技创新和技术改造再贷款，2024年：1.75%）；仅用于准财政成本。");
  b.number("policies.tech_credit_product.relending_share", tc.relending_share, "share", 0, 1,
           "Share of an eligible loan's principal the central bank relends (PBoC 2022 tech relending: 60 %); quasi-fiscal cost only.",
           "央行按符合条件贷款本金提供再贷款的比例（中国人民银行2022年科技创新再贷款：60%）；仅用于准财政成本。");
  b.number("policies.tech_credit_product.central_bank_rate", tc.central_bank_rate, "per year", 0, 1,
           "The central bank's own one-year lending rate, given up on the money it relends (MLF, cut in 2024: 2.0 %); "
           "quasi-fiscal cost only.",
           "央行自身的一年期贷款利率，即其再贷款放弃的收益（中期借贷便利利率，2024年下调后：2.0%）；仅用于准财政成本。");
  b.number("policies.tech_credit_product.relending_quota_yuan", tc.relending_quota_yuan, "yuan", 0, INF,
           "The city's part of the national relending quota: 500 bn yuan x Jiangmen's share of national GDP in 2023 (4,022 / "
           "1,260,582; the GDP-share allocation is an Assumption); quasi-fiscal cost only.",
           "本市在全国再贷款额度中的份额：5000亿元乘以2023年江门占全国生产总值的比例（4,022 / 1,260,582；按生产总值比例分配为假设）；仅用于准财政成本。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 600 (models/README.md, "Scenario keys").
const RegisterKeys tech_credit_keys_at{600, [](Binder& b, Params& p) { bind_keys(b, p.tech_credit); }};
}  // namespace

}  // namespace innosim::model
