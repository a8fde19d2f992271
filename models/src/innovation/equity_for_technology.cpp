#include "innosim/model/innovation/equity_for_technology.hpp"

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
const Flow FLOW_EQUITY_DIVIDEND = register_flow("equity_dividend");  ///< firm -> labs (the labs' share of owner payouts, for a stake taken for technology) (equity_for_technology)
const Flow FLOW_EQUITY_SALE = register_flow("equity_sale");  ///< external -> labs (buyers pay for the labs' stake at a venture exit) (equity_for_technology)
}  // namespace

namespace {
constexpr std::uint64_t P_EQUITY = engine::purpose_id("equity");
}  // namespace

double EquityForTechnology::stake(const World& w, const Result& r, const Firm& f, double price) const {
  // Technology for equity (技术入股): the labs offer a share e of the results
  // they sell or license for a stake worth the price at the firm's value.
  // The offer is the result's own hashed draw (the same at every
  // recommendation), so switching it on shifts no other draw. A firm not yet
  // valued at a review is priced by the valuation rule's revenue multiple.
  const EquityParams& ep = w.p.equity;
  if (r.mode == 2 || !ep.programme.active(w.calendar_year())) return 0.0;
  const std::uint64_t base = engine::stream_base(w.seed, w.replication, static_cast<std::uint64_t>(r.id));
  if (engine::hashed_uniform(base, P_EQUITY, 0) >= ep.share_of_results) return 0.0;
  const double value = f.valuation > 0 ? f.valuation : w.p.firm.valuation_revenue_multiple * 12.0 * f.revenue;
  if (value <= 0) return 0.0;
  const double s = price / value;
  // Labs hold at most s_max of a firm; a larger stake would make them an owner
  // of a firm too small for the price: the deal is on cash terms.
  return f.lab_stake + s <= ep.max_stake ? s : 0.0;
}

double EquityForTechnology::dividend(World& w, Firm& f, double payout) {
  // Technology for equity: the labs are owners of their stake's share.
  const double to_labs = f.lab_stake * payout;
  w.pay(f, Account::labs, to_labs, FLOW_EQUITY_DIVIDEND);
  w.labs.income(w, to_labs);
  income_ += to_labs;
  return to_labs;
}

void EquityForTechnology::sell_stake(World& w, Firm& f) {
  // The labs sell their stake for technology to the same buyers, at the same valuation.
  const double sale = f.lab_stake * f.valuation;
  w.ledger.transfer(Account::external, Account::labs, sale, FLOW_EQUITY_SALE);
  w.labs.income(w, sale);
  income_ += sale;
  f.lab_stake = 0;
}

double EquityForTechnology::value(const World& w) const {
  if (deals_total_ == 0) return 0.0;  // no stake anywhere: spare the pass over the firms
  double v = 0;
  for (const Firm& f : w.firms)
    if (f.alive && f.lab_stake > 0) v += f.lab_stake * f.valuation;
  return v;
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& EquityForTechnology::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"equity_deals", "deals", "Technology-transfer deals on equity terms (a stake for the labs instead of a fee) since the previous sample", MetricKind::flow,
       "Equity deals", "技术入股交易", "上次抽样以来以股权方式（院所持股代替收费）完成的成果转化交易"},
      {"lab_equity_income", "yuan", "Labs' income from stakes taken for technology (dividends and stake sales at venture exits) since the previous sample", MetricKind::flow,
       "Labs' equity income", "院所股权收益", "上次抽样以来院所技术入股的分红和创投退出时的股权出售收入"},
      {"lab_equity_value", "yuan", "Labs' stakes taken for technology at the firms' valuations at the sample time", MetricKind::stock,
       "Labs' equity value", "院所股权价值", "抽样时点院所技术入股股权按企业估值计算的价值"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 2700 (models/README.md, "Metrics").
const RegisterMetrics equity_for_technology_metrics{2700, &EquityForTechnology::metrics,
                                                    [](const World& w, const Census&, MetricRow& o) { w.equity.report(w, o); },
                                                    [](World& w) { w.equity.restart_period(); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, EquityParams& eq) {
  b.section("policies.equity_for_technology",
            "Equity for technology (技术入股): the labs transfer a share of the results they sell or license for a stake in "
            "the adopter worth the price instead of a fee; the stake earns dividends and is sold at a venture exit. Off by default.",
            {"Equity for technology", "技术入股", "院所以成果作价入股受让企业，代替收取转让或许可费。"});
  b.programme("policies.equity_for_technology", eq.programme, false, "", "", false, false);
  b.number("policies.equity_for_technology.share_of_results", eq.share_of_results, "share", 0, 1,
           "e: share of sold or licensed results offered for equity (use-first-pay-later results are not).",
           "`e`：转让或许可的成果中以技术入股方式提供的比例（“先使用后付费”的成果除外）。");
  b.number("policies.equity_for_technology.max_stake", eq.max_stake, "share of equity", 0, 1,
           "s_max: most equity the labs hold in one firm; a deal that would take them above it is on cash terms.",
           "`s_max`：高校院所在一家企业中的最高持股比例；会使持股超过该比例的交易改按现金方式进行。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 1800 (models/README.md, "Scenario keys").
const RegisterKeys equity_keys_at{1800, [](Binder& b, Params& p) { bind_keys(b, p.equity); }};
}  // namespace

}  // namespace innosim::model
