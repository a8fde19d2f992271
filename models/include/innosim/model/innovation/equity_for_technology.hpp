#pragma once
// Equity for technology (技术入股) (docs/model.md 7.18 item 9): the labs
// transfer a share of the results they sell or license for a stake in the
// adopter worth the price instead of a fee; the stake earns its share of
// the owners' payouts and is sold at a venture exit.
#include <cstdint>
#include <vector>

#include "innosim/model/firm.hpp"
#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Result;

struct EquityParams {
  /// Switch and window (no budget: the government pays nothing; no stage rule, no delivery mode).
  Programme programme{.enabled = false};
  double share_of_results = 0.5;  ///< e: share of sold or licensed results the labs offer for equity
  double max_stake = 0.1;         ///< s_max: most equity the labs hold in one firm (a larger stake: the deal is on cash terms)
};

/// The `policies.equity_for_technology.*` keys.
void bind_keys(Binder& b, EquityParams& p);

class EquityForTechnology {
 public:
  /// Whether a deal is on equity terms, and the stake (0: cash terms): the result's own draw.
  double stake(const World& w, const Result& r, const Firm& f, double price) const;
  /// A deal on equity terms: the labs take the stake.
  void take(Firm& f, double stake) {
    f.lab_stake += stake;
    deals_ += 1;
    deals_total_ += 1;
  }
  /// Pays the labs their stake's share of an owner payout; returns it.
  double dividend(World& w, Firm& f, double payout);
  /// The labs sell their stake to the buyers at a venture exit.
  void sell_stake(World& w, Firm& f);
  /// The labs' stakes at the firms' valuations.
  double value(const World& w) const;

  // ---- metrics: deals on equity terms, the labs' income from stakes, the stakes' value
  static const std::vector<MetricInfo>& metrics();
  void report(const World& w, MetricRow& out) const { out.insert(out.end(), {deals_, income_, value(w)}); }
  void restart_period() { deals_ = income_ = 0; }

 private:
  double deals_ = 0, income_ = 0;     ///< period: deals on equity terms, dividends and stake sales
  std::uint64_t deals_total_ = 0;     ///< deals on equity terms so far (0: no stake anywhere)
};

}  // namespace innosim::model
