#pragma once
// Corporate income tax (企业所得税) (docs/model.md 7.26): assessed on each
// firm's yearly profit at the annual review, at the standard, high-tech or
// small low-profit rate, after the R&D super-deduction and losses carried
// forward; shared between the central, provincial and city governments.
// Only the city's share is revenue of the government the model's fiscal
// lines belong to.
#include <array>
#include <cstdint>
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
  int loss_carry_years = 5;              ///< a loss offsets the next this many years' income (art. 18)
  int loss_carry_years_hte = 10;         ///< ... or this many for HTEs and tech SMEs (Caishui [2018] 76)
};

/// Tax losses carried forward by vintage (docs/model.md 7.26): each year's
/// loss is usable for `loss_carry_years` years, or `loss_carry_years_hte`
/// once the firm qualifies (HTE or tech SME) in a year while the loss is
/// still alive; the oldest is used first and expired vintages are dropped.
/// Kept outside the Firm record (full at 512 bytes), by firm id: a slot of
/// vintages only for firms that carry a loss, freed when it is used up or
/// the firm has exited.
class LossVintages {
 public:
  /// The periods (years); sizes each slot's ring to the longer one + 1.
  void configure(int years, int years_long);
  /// Room for every firm id below `ids` and for `firms` more slots, before
  /// the year's accounts (so the accounts allocate nothing).
  void reserve(std::int64_t ids, std::size_t firms);
  /// Firm `id`'s accounts of `year` (one call a year, years rising): drops
  /// the vintages that have expired and returns their sum; if the firm
  /// qualifies this year, the vintages still alive get the longer period.
  /// `pool` is the firm's total carried forward, kept equal to the vintages.
  double expire(std::int64_t id, int year, bool qualifies, double& pool);
  /// Uses up to `taxable` of the losses carried forward, oldest first; returns the offset.
  double use(std::int64_t id, int year, double taxable, double& pool);
  /// Adds the year's loss (> 0) as a new vintage.
  void add(std::int64_t id, int year, double loss, bool qualifies, double& pool);
  /// Frees the slots of firms whose accounts were not closed in `year` (they exited).
  void sweep(int year);
  /// Slots in use (firms carrying a loss).
  std::size_t in_use() const { return owner_.size() - free_.size(); }

 private:
  int slot(std::int64_t id) const {
    const auto k = static_cast<std::size_t>(id);
    return k < slot_of_.size() ? slot_of_[k] : -1;
  }
  void release(int s);

  int years_ = 5, years_long_ = 10, ring_ = 11;
  std::vector<std::int32_t> slot_of_;  ///< by firm id: its slot, -1 none
  std::vector<double> amount_;         ///< slot * ring_ + year % ring_: the vintage's loss left (yuan)
  std::vector<std::uint32_t> long_;    ///< by slot: bit (year % ring_) set: the vintage has the longer period
  std::vector<std::int64_t> owner_;    ///< by slot: the firm id (-1: free)
  std::vector<int> seen_;              ///< by slot: the last year its accounts were closed
  std::vector<std::int32_t> free_;     ///< free slots
};

/// The `tax.*` keys.
void bind_keys(Binder& b, TaxParams& p);

/// The tax expenditures the model reports (docs/model.md 2.6): revenue
/// forgone by each preference against the standard rate, a cost line by
/// level rather than a silent gap in revenue. Their sum is the tax forgone.
enum class TaxExpenditure : std::uint8_t {
  rd_deduction,  ///< the R&D super-deduction (taken first: it shrinks the base)
  hte_rate,      ///< the HTE rate on what is left (15 % instead of 25 %)
  small_profit,  ///< the small low-profit rate on what is left (5 % instead of 25 %)
  count
};
inline constexpr int TAX_EXPENDITURE_COUNT = static_cast<int>(TaxExpenditure::count);

class CorporateTax {
 public:
  /// The tax on a year's profit (yuan), paid now: the city's share to the
  /// government, the rest to the central and provincial governments (external).
  double assess(World& w, Firm& f, double profit);
  /// Before the year's accounts: room in the loss vintages for every firm.
  void open_accounts(const World& w);
  /// After them: free the vintages of firms that exited.
  void close_accounts(const World& w);
  /// The tax a year's `taxable` income would save at the HTE rate (0 for a
  /// small low-profit enterprise, which pays its own rate either way).
  double hte_saving(const World& w, const Firm& f, double taxable) const;
  /// The city's share collected so far (the government's books count it).
  double city_total() const { return city_total_; }

  // ---- metrics
  static const std::vector<MetricInfo>& metrics();
  void report(MetricRow& out) const { out.insert(out.end(), {period_, city_period_, expired_period_}); }
  void restart_period() {
    period_ = city_period_ = expired_period_ = 0;
    collected_period_.fill(0.0);
    forgone_period_.fill(0.0);
    for (auto& e : expenditure_period_) e.fill(0.0);
  }
  /// A level's share of the tax collected since the last sample (2.6).
  double collected(Level l) const { return collected_period_[static_cast<int>(l)]; }
  /// A level's share of the tax forgone since the last sample: the standard
  /// rate on profit less losses carried forward, less the tax due (2.6).
  double forgone(Level l) const { return forgone_period_[static_cast<int>(l)]; }
  /// A level's share of one preference's tax expenditure since the last
  /// sample; the three preferences' sum is forgone(l).
  double expenditure(TaxExpenditure k, Level l) const { return expenditure_period_[static_cast<int>(k)][static_cast<int>(l)]; }
  /// Central, provincial and city shares of the tax.
  static std::array<double, LEVEL_COUNT> level_shares(const TaxParams& tp);

 private:
  void book_forgone(const TaxParams& tp, TaxExpenditure kind, double amount);

  LossVintages vintages_;
  bool configured_ = false;
  double city_total_ = 0, period_ = 0, city_period_ = 0, expired_period_ = 0;
  std::array<double, LEVEL_COUNT> collected_period_{}, forgone_period_{};
  std::array<std::array<double, LEVEL_COUNT>, TAX_EXPENDITURE_COUNT> expenditure_period_{};
};

}  // namespace innosim::model
