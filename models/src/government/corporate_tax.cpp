#include "innosim/model/government/corporate_tax.hpp"

#include <algorithm>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

double CorporateTax::assess(World& w, Firm& f, double profit) {
  // Taxable income is the year's profit less the R&D super-deduction, then
  // less losses carried forward by vintage, oldest first; a vintage expires
  // after 5 years, or 10 once the firm qualifies as an HTE or a tech SME
  // while it is alive (art. 18; Caishui [2018] 76; LossVintages).
  const TaxParams& tp = w.p.tax;
  if (!tp.enabled) return 0.0;
  const bool qualifies = f.hte_certified || f.stage == Stage::tech_sme;
  if (f.loss_pool > 0) expired_period_ += vintages_.expire(f.id, w.year, qualifies, f.loss_pool);
  // Tax forgone (a tax expenditure, 2.6): the tax at the standard rate on the
  // profit less the losses carried forward, without the super-deduction,
  // less the tax due. It is split by preference, the super-deduction first
  // (it shrinks the base), then the rate on what is left: R&D = the standard
  // rate on the base it removed, rate = (standard - rate paid) x taxable.
  // The parts are not clamped at 0, so they add up to the total exactly.
  const double standard_base = std::max(0.0, profit - std::min(f.loss_pool, std::max(0.0, profit)));
  double taxable = profit - tp.rd_super_deduction * f.year_rd;
  f.last_taxable = static_cast<float>(taxable);  // what the firm expects of next year (7.12)
  if (taxable <= 0) {
    if (taxable < 0) vintages_.add(f.id, w.year, -taxable, qualifies, f.loss_pool);
    book_forgone(tp, TaxExpenditure::rd_deduction, tp.standard_rate * standard_base);
    return 0.0;
  }
  if (f.loss_pool > 0) taxable -= vintages_.use(f.id, w.year, taxable, f.loss_pool);
  const bool small = taxable <= tp.small_profit_limit_yuan && f.employees <= tp.small_profit_employees;
  const double rate = small ? tp.small_profit_rate : (f.hte_certified ? tp.hte_rate : tp.standard_rate);
  const double tax = rate * taxable;
  book_forgone(tp, TaxExpenditure::rd_deduction, tp.standard_rate * (standard_base - taxable));
  if (rate != tp.standard_rate)
    book_forgone(tp, small ? TaxExpenditure::small_profit : TaxExpenditure::hte_rate, (tp.standard_rate - rate) * taxable);
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

void CorporateTax::open_accounts(const World& w) {
  const TaxParams& tp = w.p.tax;
  if (!tp.enabled || w.firms.empty()) return;
  if (!configured_) {
    vintages_.configure(tp.loss_carry_years, tp.loss_carry_years_hte);
    configured_ = true;
  }
  // Ids are dense and rise with entry: the last firm has the largest.
  vintages_.reserve(w.firms.back().id + 1, w.firms.size());
}

void CorporateTax::close_accounts(const World& w) {
  if (configured_) vintages_.sweep(w.year);
}

// ---------------------------------------------------------------- loss vintages

void LossVintages::configure(int years, int years_long) {
  years_ = std::max(1, years);
  years_long_ = std::max(years_, years_long);
  ring_ = years_long_ + 1;  // the vintages alive at a year's accounts, and the year's own
  if (ring_ > 32) throw InternalError("loss vintages: carry-forward periods above 31 years");
  slot_of_.clear();
  amount_.clear();
  long_.clear();
  owner_.clear();
  seen_.clear();
  free_.clear();
}

void LossVintages::reserve(std::int64_t ids, std::size_t firms) {
  const auto need = static_cast<std::size_t>(std::max<std::int64_t>(0, ids));
  if (slot_of_.size() < need) slot_of_.resize(need + need / 8, -1);
  // At most every firm posts a loss this year; reserving only claims
  // address space, pages are touched as slots are used.
  const std::size_t slots = in_use() + firms;
  if (owner_.capacity() < slots) {
    owner_.reserve(slots);
    long_.reserve(slots);
    seen_.reserve(slots);
    free_.reserve(slots);
    amount_.reserve(slots * static_cast<std::size_t>(ring_));
  }
}

double LossVintages::expire(std::int64_t id, int year, bool qualifies, double& pool) {
  const int s = slot(id);
  if (s < 0) return 0.0;
  seen_[static_cast<std::size_t>(s)] = year;
  double* a = &amount_[static_cast<std::size_t>(s) * static_cast<std::size_t>(ring_)];
  std::uint32_t& lg = long_[static_cast<std::size_t>(s)];
  double gone = 0, left = 0;
  // Usable in the `life` years after the loss year y: gone at year > y + life.
  for (int y = year - ring_; y < year; ++y) {
    const int k = y % ring_;
    if (a[k] <= 0) continue;
    const int life = (lg >> k & 1u) ? years_long_ : years_;
    if (year > y + life) {
      gone += a[k];
      a[k] = 0;
      lg &= ~(1u << k);
    } else {
      if (qualifies) lg |= 1u << k;  // qualification extends the losses still alive
      left += a[k];
    }
  }
  pool = left;
  if (left <= 0) release(s);
  return gone;
}

double LossVintages::use(std::int64_t id, int year, double taxable, double& pool) {
  const int s = slot(id);
  if (s < 0 || taxable <= 0) return 0.0;
  seen_[static_cast<std::size_t>(s)] = year;
  double* a = &amount_[static_cast<std::size_t>(s) * static_cast<std::size_t>(ring_)];
  double used = 0, left = 0;
  for (int y = year - ring_; y < year; ++y) {  // oldest first
    const int k = y % ring_;
    if (a[k] <= 0) continue;
    const double take = std::min(a[k], taxable - used);
    a[k] -= take;
    used += take;
    if (a[k] <= 0) {
      a[k] = 0;
      long_[static_cast<std::size_t>(s)] &= ~(1u << k);
    }
    left += a[k];
  }
  pool = left;
  if (left <= 0) release(s);
  return used;
}

void LossVintages::add(std::int64_t id, int year, double loss, bool qualifies, double& pool) {
  if (loss <= 0) return;
  int s = slot(id);
  if (s < 0) {
    if (!free_.empty()) {
      s = free_.back();
      free_.pop_back();
    } else {
      s = static_cast<int>(owner_.size());
      owner_.push_back(-1);
      long_.push_back(0);
      seen_.push_back(0);
      amount_.resize(amount_.size() + static_cast<std::size_t>(ring_), 0.0);
    }
    const auto k = static_cast<std::size_t>(id);
    if (k >= slot_of_.size()) slot_of_.resize(k + 1 + (k + 1) / 8, -1);  // only without reserve()
    slot_of_[k] = s;
    owner_[static_cast<std::size_t>(s)] = id;
  }
  seen_[static_cast<std::size_t>(s)] = year;
  const int k = year % ring_;
  amount_[static_cast<std::size_t>(s) * static_cast<std::size_t>(ring_) + static_cast<std::size_t>(k)] += loss;
  if (qualifies) long_[static_cast<std::size_t>(s)] |= 1u << k;  // the loss year's own qualification counts too
  pool += loss;
}

void LossVintages::sweep(int year) {
  for (std::size_t s = 0; s < owner_.size(); ++s)
    if (owner_[s] >= 0 && seen_[s] != year) release(static_cast<int>(s));
}

void LossVintages::release(int s) {
  const auto u = static_cast<std::size_t>(s);
  std::fill_n(amount_.begin() + static_cast<std::ptrdiff_t>(u * static_cast<std::size_t>(ring_)), ring_, 0.0);
  long_[u] = 0;
  slot_of_[static_cast<std::size_t>(owner_[u])] = -1;
  owner_[u] = -1;
  free_.push_back(static_cast<std::int32_t>(s));
}

std::array<double, LEVEL_COUNT> CorporateTax::level_shares(const TaxParams& tp) {
  return {1.0 - tp.local_share, tp.local_share * (1.0 - tp.city_share_of_local), tp.local_share * tp.city_share_of_local};
}

void CorporateTax::book_forgone(const TaxParams& tp, TaxExpenditure kind, double amount) {
  if (amount == 0) return;
  const std::array<double, LEVEL_COUNT> share = level_shares(tp);
  auto& e = expenditure_period_[static_cast<int>(kind)];
  for (int l = 0; l < LEVEL_COUNT; ++l) {
    forgone_period_[l] += share[l] * amount;
    e[l] += share[l] * amount;
  }
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
      {"tax_losses_expired", "yuan", "Tax losses carried forward that expired unused since the previous sample (5 years; 10 for HTEs and tech SMEs)", MetricKind::flow,
       "Tax losses expired", "到期未弥补亏损", "上次抽样以来超过结转年限而未弥补的亏损（5年；高新技术企业和科技型中小企业10年）"},
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
  b.integer("tax.loss_carry_years", tx.loss_carry_years, "years", 1, 30,
            "A year's tax loss offsets the income of at most this many following years, oldest loss first (art. 18: 5).",
            "某年度的亏损可用以后年度的所得弥补，最长不超过该年数，先发生的亏损先弥补（《企业所得税法》第18条：5年）。");
  b.integer("tax.loss_carry_years_hte", tx.loss_carry_years_hte, "years", 1, 30,
            "The same for a loss still carried in a year the firm is an HTE or a tech SME (Caishui [2018] 76: 10).",
            "企业在某年度具备高新技术企业或科技型中小企业资格时，其尚未弥补完的亏损的最长结转年限（财税〔2018〕76号：10年）。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 3600 (models/README.md, "Scenario keys").
const RegisterKeys tax_keys_at{3600, [](Binder& b, Params& p) { bind_keys(b, p.tax); }};
}  // namespace

}  // namespace innosim::model
