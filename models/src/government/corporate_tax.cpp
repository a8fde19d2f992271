#include "innosim/model/government/corporate_tax.hpp"

#include <algorithm>

#include "binder.hpp"
#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

double CorporateTax::assess(World& w, Firm& f, double profit) {
  // Taxable income is the year's profit less the R&D super-deduction, then
  // less losses carried forward (art. 18: five years; the model carries them
  // without a limit, an Assumption that matters little with a positive trend).
  const TaxParams& tp = w.p.tax;
  if (!tp.enabled) return 0.0;
  // Tax forgone (a tax expenditure, 2.6): the tax at the standard rate on the
  // profit less the losses carried forward, without the super-deduction,
  // less the tax due.
  const double standard_base = std::max(0.0, profit - std::min(f.loss_pool, std::max(0.0, profit)));
  double taxable = profit - tp.rd_super_deduction * f.year_rd;
  f.last_taxable = static_cast<float>(taxable);  // what the firm expects of next year (7.12)
  if (taxable <= 0) {
    f.loss_pool -= taxable;
    book_forgone(tp, tp.standard_rate * standard_base);
    return 0.0;
  }
  const double offset = std::min(f.loss_pool, taxable);
  f.loss_pool -= offset;
  taxable -= offset;
  const double rate = taxable <= tp.small_profit_limit_yuan && f.employees <= tp.small_profit_employees
                          ? tp.small_profit_rate
                          : (f.hte_certified ? tp.hte_rate : tp.standard_rate);
  const double tax = rate * taxable;
  book_forgone(tp, std::max(0.0, tp.standard_rate * standard_base - tax));
  if (tax <= 0) return 0.0;
  const double city = tp.local_share * tp.city_share_of_local * tax;
  w.pay(f, Account::government, city, Flow::corporate_tax);
  w.pay(f, Account::external, tax - city, Flow::corporate_tax);
  w.government.collect(city);
  city_total_ += city;
  period_ += tax;
  city_period_ += city;
  const std::array<double, LEVEL_COUNT> share = level_shares(tp);
  for (int l = 0; l < LEVEL_COUNT; ++l) collected_period_[l] += share[l] * tax;
  return tax;
}

std::array<double, LEVEL_COUNT> CorporateTax::level_shares(const TaxParams& tp) {
  return {1.0 - tp.local_share, tp.local_share * (1.0 - tp.city_share_of_local), tp.local_share * tp.city_share_of_local};
}

void CorporateTax::book_forgone(const TaxParams& tp, double amount) {
  if (amount <= 0) return;
  const std::array<double, LEVEL_COUNT> share = level_shares(tp);
  for (int l = 0; l < LEVEL_COUNT; ++l) forgone_period_[l] += share[l] * amount;
}

double CorporateTax::hte_saving(const World& w, const Firm& f, double taxable) const {
  // The rate a certified firm pays instead of the standard one; a small
  // low-profit enterprise pays its own rate either way (7.26).
  const TaxParams& tp = w.p.tax;
  if (!tp.enabled || taxable <= 0) return 0.0;
  if (taxable <= tp.small_profit_limit_yuan && f.employees <= tp.small_profit_employees) return 0.0;
  return std::max(0.0, tp.standard_rate - tp.hte_rate) * taxable;
}

const std::vector<MetricInfo>& CorporateTax::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"corporate_tax", "yuan", "Corporate income tax paid by firms (all levels of government) since the previous sample", MetricKind::flow,
       "Corporate income tax", "企业所得税", "上次抽样以来企业缴纳的企业所得税（各级政府合计）"},
      {"corporate_tax_city", "yuan", "The city's share of the corporate income tax since the previous sample (its revenue)", MetricKind::flow,
       "Corporate tax (city share)", "企业所得税（市级分成）", "上次抽样以来企业所得税中归属本市的部分（市级财政收入）"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 3000 (models/README.md, "Metrics").
const RegisterMetrics corporate_tax_metrics{3000, &CorporateTax::metrics,
                                            [](const World& w, const Census&, MetricRow& o) { w.tax.report(o); },
                                            [](World& w) { w.tax.restart_period(); }};
}  // namespace

void bind_keys(Binder& b, TaxParams& tx) {
  b.section("tax", "Corporate income tax (Enterprise Income Tax Law of the PRC).",
            {"Corporate income tax", "企业所得税", "企业所得税：标准税率和高新技术企业优惠税率、小型微利企业优惠、研发费用加计扣除及各级政府分成。"});
  b.boolean("tax.enabled", tx.enabled, "Collect corporate income tax at the annual review.",
            "在年度评估时征收企业所得税。");
  b.number("tax.standard_rate", tx.standard_rate, "share", 0, 1, "Standard rate (art. 4: 25 %).",
           "标准税率（《企业所得税法》第4条：25%）。");
  b.number("tax.hte_rate", tx.hte_rate, "share", 0, 1, "Rate for certified high-tech enterprises (art. 28: 15 %).",
           "认定的高新技术企业适用的税率（《企业所得税法》第28条：15%）。");
  b.number("tax.small_profit_rate", tx.small_profit_rate, "share", 0, 1,
           "Effective rate of small low-profit enterprises (MOF/STA 2023 No. 12: 5 %, to 2027).",
           "小型微利企业的实际税负率（财政部 税务总局公告2023年第12号：5%，执行至2027年底）。");
  b.number("tax.small_profit_limit_yuan", tx.small_profit_limit_yuan, "yuan", 0, INF, "Small low-profit: taxable income up to this...",
           "小型微利企业：年应纳税所得额不超过该值……");
  b.number("tax.small_profit_employees", tx.small_profit_employees, "persons", 0, 1e9, "...and at most this many employees.",
           "……且从业人数不超过该值。");
  b.number("tax.rd_super_deduction", tx.rd_super_deduction, "share", 0, 10,
           "Extra deduction per yuan of R&D (MOF/STA 2023 No. 7: 100 %).",
           "每元研发费用的加计扣除额（财政部 税务总局公告2023年第7号：100%）。");
  b.number("tax.local_share", tx.local_share, "share", 0, 1,
           "Sub-central share of corporate income tax (central 60 %, local 40 % since 2003).",
           "企业所得税中地方分享的比例（自2003年起中央60%、地方40%）。");
  b.number("tax.city_share_of_local", tx.city_share_of_local, "share", 0, 1,
           "The city's part of the local share (the rest is the province's; Assumption).",
           "地方分享部分中归属本市的比例（其余归省级；假设）。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 3600 (models/README.md, "Scenario keys").
const RegisterKeys tax_keys_at{3600, [](Binder& b, Params& p) { bind_keys(b, p.tax); }};
}  // namespace

}  // namespace innosim::model
