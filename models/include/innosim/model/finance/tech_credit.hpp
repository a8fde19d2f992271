#pragma once
// The tailored tech-credit product (IP-pledge loans) for certified firms
// with core IP (docs/model.md 7.7): a higher credit ceiling and a lower
// spread. The banks read it in their terms (banks.hpp).
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
  /// Whether the central bank relends against the firm's loans now: the product
  /// applies and carries its concession (the relending is what funds it; 7.7).
  bool relent(const World& w, const Firm& f) const { return w_relends(w) && applies(w, f); }
  /// Counts the firm's loans the central bank may relend against this month
  /// (called with its debt service, once a month); a new month first books
  /// the last one's cost.
  void accrue(const World& w, const Firm& f);
  /// The quasi-fiscal cost since the previous sample (yuan; central), the
  /// month just served included.
  double relending_cost(const World& w) const { return cost_period_ + month_cost(w, eligible_); }
  /// The relending outstanding now: the relent share of the principal of
  /// every firm the central bank relends against (at a sample; not a hot path).
  double relending_balance(const World& w) const;
  /// The period is over: its last month was booked by relending_cost().
  void restart_period() {
    cost_period_ = 0;
    eligible_ = 0;
  }

 private:
  static bool w_relends(const World& w);
  /// A month's cost: the rate gap on the relent share of `eligible`, at most the quota.
  static double month_cost(const World& w, double eligible);
  double cost_period_ = 0;
  double eligible_ = 0;     ///< the concessional balance served this month (yuan)
  std::int64_t month_ = -1;  ///< the month `eligible_` belongs to
};

}  // namespace innosim::model
