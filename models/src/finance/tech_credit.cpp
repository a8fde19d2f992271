#include "innosim/model/finance/tech_credit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/draws.hpp"
#include "innosim/model/world.hpp"

namespace innosim::model {

namespace {
// The firm's lottery number for the relending room, one a month (7.7).
constexpr std::uint64_t P_RELENDING_LOTTERY = engine::purpose_id("relending_room_lottery");
}  // namespace

bool TechCredit::applies(const World& w, const Firm& f) const {
  const Programme& tc = w.p.tech_credit.programme;
  return tc.active(w.calendar_year()) && f.stage >= tc.min_stage && f.ip_count >= 1;
}

bool TechCredit::w_relends(const World& w) { return w.p.tech_credit.spread_discount > 0; }

double TechCredit::month_cost(const World& w, double eligible) {
  // The central bank lends the bank relending_share of the loan at the
  // relending rate instead of its own lending rate, up to the city's part of
  // the national quota: the gap on that money is the centre's quasi-fiscal
  // cost, a month at a time (2.6). The room (draw) keeps the relent balance
  // within the quota; the min guards the rounding of the firms' float shares.
  const TechCreditParams& tc = w.p.tech_credit;
  return (tc.central_bank_rate - tc.relending_rate) * std::min(tc.relending_share * eligible, tc.relending_quota_yuan) / 12.0;
}

double TechCredit::room(const World& w) const {
  // The central bank relends s_rl of each concessional loan's principal, and
  // the city's part of the national quota caps what it relends, so at most
  // Q_rl / s_rl of principal can be on the concessional terms at a time (7.7).
  // A relending share of 0 lends nothing: the quota cannot bind.
  const TechCreditParams& tc = w.p.tech_credit;
  if (!(tc.relending_share > 0)) return std::numeric_limits<double>::infinity();
  return std::max(0.0, tc.relending_quota_yuan / tc.relending_share - balance_);
}

double TechCredit::unfunded_premium(const World& w, const Firm& f, double amount) const {
  if (!(amount > 0) || !discounts(w, f)) return 0.0;
  return w.p.tech_credit.spread_discount * (1.0 - std::min(1.0, room(w) / amount));
}

double TechCredit::draw(const World& w, Firm& f, double amount, bool on_terms) {
  // The concessional part of the firm's debt is kept as a share of it (one
  // float in Firm): repayments are pro rata, so the share only changes at a
  // draw, where the new money's concessional part is blended in.
  const double concessional = on_terms && amount > 0 ? std::min(amount, room(w)) : 0.0;
  const double before = f.debt * static_cast<double>(f.tech_share);
  if (!(concessional > 0) && !(before > 0)) return 0.0;
  const double after = f.debt + amount;
  float share = static_cast<float>((before + concessional) / after);
  // Rounded down, so the float never books more than the room allowed.
  if (static_cast<double>(share) * after > before + concessional) share = std::nextafter(share, 0.0f);
  f.tech_share = share;
  balance_ += static_cast<double>(share) * after - before;
  return concessional;
}

void TechCredit::repaid(Firm& f, double debt_before) {
  if (!(f.tech_share > 0)) return;
  balance_ = std::max(0.0, balance_ - (debt_before - f.debt) * static_cast<double>(f.tech_share));
  if (!(f.debt > 0)) f.tech_share = 0;
}

void TechCredit::start_month(const World& w) {
  // Only the concessional part of the balance is relent against (the loans
  // drawn on the terms, within the quota): the same coverage as the terms.
  // The running balance at the month's start is what the firms' debt service
  // then charges interest on (service comes first in a firm's month, 3(a));
  // until session 18 each service re-summed debt x share into the same sum.
  if (!w_relends(w)) return;
  cost_period_ += month_cost(w, balance_);
  // The room's lottery (7.7), as the banks' capital room (7.7b): the share of
  // last month's requests the room now could fund is this month's chance of
  // admission, so a firm's access does not depend on its place in the loop.
  const double r = room(w);
  admit_p_ = requested_ > r ? r / requested_ : 1.0;
  requested_ = 0;
}

bool TechCredit::admitted(const World& w, const Firm& f) const {
  return admit_p_ >= 1.0 || model::draw(f, P_RELENDING_LOTTERY, w.month) < admit_p_;
}

double TechCredit::relending_balance(const World& w) const {
  // The running concessional balance (no walk over the firms); not capped
  // here, so a test can check the room kept it within the quota.
  return w_relends(w) ? w.p.tech_credit.relending_share * balance_ : 0.0;
}

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, TechCreditParams& tc) {
  b.section("policies.tech_credit_product", "Tailored tech-credit product (IP-pledge loans) for certified firms with core IP.",
            {"Tech-credit product", "科技信贷产品", "面向拥有核心知识产权的认定企业的专属科技信贷产品（知识产权质押贷款）。"});
  b.programme("policies.tech_credit_product", tc.programme, false, "", "");
  b.number("policies.tech_credit_product.ceiling_bonus", tc.ceiling_bonus, "share", 0, 10, "Extra Lambda share for eligible firms.",
           "符合条件企业授信上限（`Lambda`）的额外提高比例。");
  b.number("policies.tech_credit_product.spread_discount", tc.spread_discount, "per year", 0, 1,
           "Lower spread on the product's new loans, within the city's relending room (quota / relent share of principal).",
           "该产品新增贷款的利差优惠，限于本市再贷款额度可覆盖的本金（额度 / 再贷款占本金比例）。");
  b.number("policies.tech_credit_product.relending_rate", tc.relending_rate, "per year", 0, 1,
           "The central bank's relending rate behind the concession (PBoC tech-innovation and technology-upgrade relending, "
           "2024: 1.75 %); quasi-fiscal cost only.",
           "优惠利率背后的央行再贷款利率（中国人民银行科技创新和技术改造再贷款，2024年：1.75%）；仅用于准财政成本。");
  b.number("policies.tech_credit_product.relending_share", tc.relending_share, "share", 0, 1,
           "Share of an eligible loan's principal the central bank relends (PBoC 2022 tech relending: 60 %); the quasi-fiscal "
           "cost, and with the quota the concession's room (quota / share of principal).",
           "央行按符合条件贷款本金提供再贷款的比例（中国人民银行2022年科技创新再贷款：60%）；用于准财政成本，并与额度共同决定优惠利率可覆盖的本金（额度 / 比例）。");
  b.number("policies.tech_credit_product.central_bank_rate", tc.central_bank_rate, "per year", 0, 1,
           "The central bank's own one-year lending rate, given up on the money it relends (MLF, cut in 2024: 2.0 %); "
           "quasi-fiscal cost only.",
           "央行自身的一年期贷款利率，即其再贷款放弃的收益（中期借贷便利利率，2024年下调后：2.0%）；仅用于准财政成本。");
  b.number("policies.tech_credit_product.relending_quota_yuan", tc.relending_quota_yuan, "yuan", 0, INF,
           "The city's part of the national relending quota: 500 bn yuan x Jiangmen's share of national GDP in 2023 (4,022 / "
           "1,260,582; the GDP-share allocation is an Assumption); new loans get the concessional rate only while the relent "
           "balance is below it.",
           "本市在全国再贷款额度中的份额：5000亿元乘以2023年江门占全国生产总值的比例（4,022 / 1,260,582；按生产总值比例分配为假设）；仅当再贷款余额低于该额度时，新增贷款才享受优惠利率。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 600 (models/README.md, "Scenario keys").
const RegisterKeys tech_credit_keys_at{600, [](Binder& b, Params& p) { bind_keys(b, p.tech_credit); }};
}  // namespace

}  // namespace innosim::model
