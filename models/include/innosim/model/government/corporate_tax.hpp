#pragma once
// Corporate income tax (企业所得税) (docs/model.md 7.26): assessed on each
// firm's yearly profit at the annual review, at the standard, high-tech or
// small low-profit rate, after the R&D super-deduction and losses carried
// forward; shared between the central, provincial and city governments.
// Only the city's share is revenue of the government the model's fiscal
// lines belong to.
#include <array>
#include <vector>

#include "innosim/model/government/government.hpp"
#include "innosim/model/metrics.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;

/// Enterprise Income Tax Law of the PRC (2007) and its later rules.
struct TaxParams {
  bool enabled = true;
  double standard_rate = 0.25;          ///< art. 4
  double hte_rate = 0.15;               ///< art. 28: certified high-tech enterprises
  double small_profit_rate = 0.05;      ///< effective rate of small low-profit enterprises (MOF/STA 2023 No. 12, to 2027)
  double small_profit_limit_yuan = 3e6; ///< small low-profit: taxable income up to this ...
  double small_profit_employees = 300;  ///< ... and at most this many employees
  double rd_super_deduction = 1.0;      ///< extra deduction per yuan of R&D (MOF/STA 2023 No. 7: 100 %)
  double local_share = 0.4;             ///< sub-central share of the tax (central 60 %, local 40 % since 2003; Guofa [2001] 37)
  double city_share_of_local = 0.5;     ///< the city's part of the local share (the rest is the province's). Assumption
};

/// The `tax.*` keys.
void bind_keys(Binder& b, TaxParams& p);

class CorporateTax {
 public:
  /// The tax on a year's profit (yuan), paid now: the city's share to the
  /// government, the rest to the central and provincial governments (external).
  double assess(World& w, Firm& f, double profit);
  /// The tax a year's `taxable` income would save at the HTE rate (0 for a
  /// small low-profit enterprise, which pays its own rate either way).
  double hte_saving(const World& w, const Firm& f, double taxable) const;
  /// The city's share collected so far (the government's books count it).
  double city_total() const { return city_total_; }

  // ---- metrics
  static const std::vector<MetricInfo>& metrics();
  void report(MetricRow& out) const { out.insert(out.end(), {period_, city_period_}); }
  void restart_period() {
    period_ = city_period_ = 0;
    collected_period_.fill(0.0);
    forgone_period_.fill(0.0);
  }
  /// A level's share of the tax collected since the last sample (2.6).
  double collected(Level l) const { return collected_period_[static_cast<int>(l)]; }
  /// A level's share of the tax forgone since the last sample: the standard
  /// rate on profit less losses carried forward, less the tax due (2.6).
  double forgone(Level l) const { return forgone_period_[static_cast<int>(l)]; }
  /// Central, provincial and city shares of the tax.
  static std::array<double, LEVEL_COUNT> level_shares(const TaxParams& tp);

 private:
  void book_forgone(const TaxParams& tp, double amount);

  double city_total_ = 0, period_ = 0, city_period_ = 0;
  std::array<double, LEVEL_COUNT> collected_period_{}, forgone_period_{};
};

}  // namespace innosim::model
