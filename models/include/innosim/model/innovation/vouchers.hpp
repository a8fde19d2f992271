#pragma once
// Machine-hour vouchers (机时券) (docs/model.md 7.20): pay part of small
// firms' pilot-test bills, also at platforms in other cities, while the
// year's budget lasts; additionality is counted as a voucher lottery
// measures it (would the test have gone ahead at the full price, same draw?).
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;

struct VoucherParams {
  Programme programme{.enabled = false, .budget_yuan = Scheduled(10e6), .automatic = true};
  double bill_share = 0.8;                ///< share of the bill a voucher pays
  double max_revenue_yuan = 50e6;         ///< eligibility: small firms only (annual revenue cap), as voucher schemes target SMEs
  bool other_cities = true;               ///< vouchers valid at platforms in other cities
};

/// The `policies.machine_hour_vouchers.*` keys.
void bind_keys(Binder& b, VoucherParams& p);

class Vouchers {
 public:
  explicit Vouchers(World& w);  ///< registers its fiscal line
  /// The voucher a test would get (0: none): eligible firm and platform, within the budget left.
  double offer(const World& w, const Firm& f, bool remote, double bill) const;
  /// A test goes ahead with a voucher: was it additional (draw `u` against
  /// the full price's P(proceed) = exp(-bill / scale))?
  void count_use(double u, double bill, double scale);
  /// Pays a voucher (government -> pilot platforms); returns what was paid.
  double redeem(World& w, double voucher);

  // ---- metrics: spending, tests with a voucher, additional tests
  static const std::vector<MetricInfo>& metrics();
  void report(const World& w, MetricRow& out) const;
  void restart_period() { used_ = additional_ = 0; }

 private:
  double used_ = 0, additional_ = 0;  ///< period
};

}  // namespace innosim::model
