#include "innosim/model/innovation/vouchers.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_keys(Binder& b, VoucherParams& vo) {
  b.section("policies.machine_hour_vouchers", "Machine-hour vouchers (机时券): pay part of pilot bills, also at platforms in other cities.");
  b.programme("policies.machine_hour_vouchers", vo.programme, true, "Annual voucher budget.");
  b.number("policies.machine_hour_vouchers.bill_share", vo.bill_share, "share", 0, 1, "Share of the bill a voucher pays.");
  b.number("policies.machine_hour_vouchers.max_revenue_yuan", vo.max_revenue_yuan, "yuan per year", 0, 1e15,
           "Eligibility: firms with annual revenue up to this (vouchers target SMEs).");
  b.boolean("policies.machine_hour_vouchers.other_cities", vo.other_cities, "Vouchers are valid at platforms in other cities.");
}

}  // namespace innosim::model
