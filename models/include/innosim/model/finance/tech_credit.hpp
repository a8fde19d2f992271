#pragma once
// The tailored tech-credit product (IP-pledge loans) for certified firms
// with core IP (docs/model.md 7.7): a higher credit ceiling and a lower
// spread on new loans within the city's relending room. The banks read it in
// their terms (banks.hpp).
#include <cstdint>

#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;

struct TechCreditParams {
  Programme programme{.enabled = true, .min_stage = Stage::high_tech};
  double ceiling_bonus = 0.5;       ///< IP-pledge product: extra Lambda share for certified firms with IP
  double spread_discount = 0.005;   ///< lower spread on the tailored product
  // The central bank's relending behind the concession (7.7; a quasi-fiscal cost, 2.6)
  double relending_rate = 0.0175;   ///< PBoC 科技创新和技术改造再贷款 (April 2024): 1.75 %
  double relending_share = 0.6;     ///< share of an eligible loan's principal the central bank relends (PBoC 2022: 60 %)
  double central_bank_rate = 0.02;  ///< the central bank's own one-year lending rate it gives up (MLF, 25 Sep 2024: 2.0 %)
  /// the city's part of the national relending quota: 5000亿 x Jiangmen's share of national GDP in 2023
  /// (4,022亿 / 1,260,582亿); the allocation by GDP share is an Assumption
  double relending_quota_yuan = 1.595e9;
};

/// The `policies.tech_credit_product.*` keys.
void bind_keys(Binder& b, TechCreditParams& p);

class TechCredit {
 public:
  /// Whether the product is open to the firm this year: active, certified, with core IP.
  bool applies(const World& w, const Firm& f) const;
  /// Whether a new loan to the firm now carries the concessional rate: the
  /// product applies, carries its concession, the city's relending room is
  /// not used up (7.7: the relending is what funds the concession, so the
  /// concession covers only what the relending can), and the room's lottery
  /// admits the firm this month (admitted).
  bool discounts(const World& w, const Firm& f) const {
    return w_relends(w) && applies(w, f) && room(w) > 0 && admitted(w, f);
  }
  /// The room's lottery (7.7): when last month's concessional requests
  /// exceeded the room there is now, a firm is admitted this month with the
  /// probability that fits them to it, from its own stream (one draw a firm
  /// and month), so the room does not go to the first firms in the loop.
  bool admitted(const World& w, const Firm& f) const;
  /// A loan request the concession's terms could reach (the product applies
  /// and relends; admitted or not): counted for next month's lottery.
  void count_request(const World& w, const Firm& f, double amount) {
    if (w_relends(w) && applies(w, f)) requested_ += amount;
  }
  /// Principal that may still be lent on the concessional terms: the city's
  /// relending quota over the relent share, less the concessional balance.
  double room(const World& w) const;
  /// What a request of `amount` pays above the concessional rate: the
  /// discount is taken back on the part beyond the room, so the bank quotes
  /// (Banks::offer) and the firm values (FirmFinance::finance_purchase) the
  /// blend the draw will carry; 0 when the concession does not apply.
  double unfunded_premium(const World& w, const Firm& f, double amount) const;
  /// A draw of `amount` made on terms that carried the concession (`on_terms`):
  /// the part within the room is concessional (returned; 0 when not on the
  /// terms). Call before `f.debt` grows by `amount`.
  double draw(const World& w, Firm& f, double amount, bool on_terms);
  /// The firm's debt fell from `debt_before` (a repayment, a closed loan): the
  /// concessional part falls pro rata (the share is kept, cleared at 0 debt).
  void repaid(Firm& f, double debt_before);
  /// The month's start, before the firms' loop: books the month's relending
  /// cost on the concessional balance the firms carry into it (the balance
  /// their debt service is charged on), and sets the room's lottery from
  /// last month's requests and the room now.
  void start_month(const World& w);
  /// The quasi-fiscal cost since the previous sample (yuan; central), the
  /// month just served included.
  double relending_cost() const { return cost_period_; }
  /// The relending outstanding now: the relent share of the concessional
  /// balance (kept as loans are drawn and repaid; no walk over the firms).
  double relending_balance(const World& w) const;
  /// The concessional principal outstanding (yuan).
  double concessional_balance() const { return balance_; }
  /// The period is over (its cost was reported by relending_cost()).
  void restart_period() { cost_period_ = 0; }

 private:
  static bool w_relends(const World& w);
  /// A month's cost: the rate gap on the relent share of `eligible`, at most the quota.
  static double month_cost(const World& w, double eligible);
  double cost_period_ = 0;
  double requested_ = 0;  ///< this month's requests the concession could reach (yuan), for next month's lottery
  double admit_p_ = 1.0;  ///< this month's admission probability of the room's lottery
  double balance_ = 0;       ///< concessional principal outstanding: the sum of debt x tech_share over the firms (yuan)
};

}  // namespace innosim::model
