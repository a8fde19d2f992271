#include "innosim/model/innovation/vouchers.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

namespace {
// Its own flows in the books (ledger.hpp).
const Flow FLOW_VOUCHER = register_flow("voucher");  ///< government -> pilot platform (machine-hour vouchers) (vouchers)
}  // namespace

namespace {
// Its fiscal line: the rank is its place among the fiscal_<line> metrics (models/README.md, "Fiscal lines");
// the funding by level as in docs/model.md 2.6.
const Fiscal FISCAL_VOUCHERS = register_fiscal_line(
    {.rank = 1600, .name = "vouchers", .kind = FiscalKind::outlay, .share = CITY_MONEY, .flow = FLOW_VOUCHER,
     .label = "machine-hour vouchers", .label_zh = "机时券"});
}  // namespace

Vouchers::Vouchers(World& w) { w.government.add_line(FISCAL_VOUCHERS, w.p.vouchers.programme); }

double Vouchers::offer(const World& w, const Firm& f, bool remote, double bill) const {
  const VoucherParams& vp = w.p.vouchers;
  if (vp.programme.active(w.calendar_year()) && (!remote || vp.other_cities) && f.stage >= vp.programme.min_stage &&
      12.0 * f.revenue <= vp.max_revenue_yuan)
    return std::min(vp.bill_share * bill, w.government.budget_left(FISCAL_VOUCHERS));
  return 0;
}

void Vouchers::count_use(double u, double bill, double scale) {
  // Additionality, as a voucher lottery measures it: with the same draw,
  // would this test have gone ahead at the full price?
  used_ += 1;
  const double without = std::exp(-bill / scale);
  if (u >= without) additional_ += 1;
}

double Vouchers::redeem(World& w, double voucher) {
  const double paid = w.government.spend(FISCAL_VOUCHERS, w.p.vouchers.programme, voucher, w.calendar_year());
  w.ledger.transfer(Account::government, Account::pilot_platforms, paid, FLOW_VOUCHER);
  return paid;
}

void Vouchers::report(const World& w, MetricRow& out) const {
  out.insert(out.end(), {w.government.period_spending(FISCAL_VOUCHERS), used_, additional_});
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& Vouchers::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"voucher_spending", "yuan", "Machine-hour vouchers paid since the previous sample", MetricKind::flow,
       "Voucher spending", "机时券支出", "上次抽样以来兑付的机时券"},
      {"vouchers_used", "tests", "Pilot tests that went ahead with a voucher since the previous sample", MetricKind::flow,
       "Vouchers used", "使用机时券的中试", "上次抽样以来使用机时券开展的中试"},
      {"vouchers_additional", "tests", "Of those, tests that would not have gone ahead at the full price (same draw): additionality", MetricKind::flow,
       "Additional voucher tests", "机时券带来的新增中试", "其中按全价不会开展的中试（同一随机数下的额外性）"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 1600 (models/README.md, "Metrics").
const RegisterMetrics vouchers_metrics{1600, &Vouchers::metrics,
                                       [](const World& w, const Census&, MetricRow& o) { w.vouchers.report(w, o); },
                                       [](World& w) { w.vouchers.restart_period(); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, VoucherParams& vo) {
  b.section("policies.machine_hour_vouchers", "Machine-hour vouchers (机时券): pay part of pilot bills, also at platforms in other cities.",
            {"Machine-hour vouchers", "机时券", "机时券支付部分中试费用，在外市平台也可使用。"});
  b.programme("policies.machine_hour_vouchers", vo.programme, true, "Annual voucher budget.",
              "机时券的年度预算。");
  b.number("policies.machine_hour_vouchers.bill_share", vo.bill_share, "share", 0, 1, "Share of the bill a voucher pays.",
           "机时券支付的中试费用比例。");
  b.number("policies.machine_hour_vouchers.max_revenue_yuan", vo.max_revenue_yuan, "yuan per year", 0, 1e15,
           "Eligibility: firms with annual revenue up to this (vouchers target SMEs).",
           "资格条件：年营业收入不超过该值的企业（机时券面向中小企业）。");
  b.boolean("policies.machine_hour_vouchers.other_cities", vo.other_cities, "Vouchers are valid at platforms in other cities.",
            "机时券可在外市平台使用。");
  b.zero_gate("policies.machine_hour_vouchers.budget_yuan");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 2200 (models/README.md, "Scenario keys").
const RegisterKeys vouchers_keys_at{2200, [](Binder& b, Params& p) { bind_keys(b, p.vouchers); }};
}  // namespace

}  // namespace innosim::model
