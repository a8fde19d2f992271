#pragma once
// Machine-hour vouchers (机时券): pay part of small firms' pilot-test bills,
// also at platforms in other cities (docs/model.md 7.20).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

struct VoucherParams {
  Programme programme{.enabled = false, .budget_yuan = Scheduled(10e6), .automatic = true};
  double bill_share = 0.8;                ///< share of the bill a voucher pays
  double max_revenue_yuan = 50e6;         ///< eligibility: small firms only (annual revenue cap), as voucher schemes target SMEs
  bool other_cities = true;               ///< vouchers valid at platforms in other cities
};

/// The `policies.machine_hour_vouchers.*` keys.
void bind_keys(Binder& b, VoucherParams& p);

}  // namespace innosim::model
