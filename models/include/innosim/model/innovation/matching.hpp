#pragma once
// The tech-transfer matching platform (邑科汇) and licensing (docs/model.md
// 2.10, 7.18): events through the year recommend ready results to firms; an
// adopter buys (sale), licenses (half now, half a year later) or, under
// "use first, pay later" (先使用后付费), pays only after the grace period if
// it earns; on equity terms it pays with a stake (equity_for_technology.hpp).
#include <vector>

#include "innosim/engine/random.hpp"
#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;

/// The tech-transfer matching platform (邑科汇).
struct MatchingParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(2e6)};
  double cost_per_event_yuan = 150000;    ///< government cost of running one matching event
  int events_per_year = 7;                ///< seed: 12 events by Oct 2025; series dated from 2024 (docs/model.md 7.18)
  double recommendations_per_event = 67;  ///< seed: 800+ results recommended over 12 events
  double adoption_base = 0.45;            ///< adoption probability at a perfect fit (calibrated: 68 of 800, docs/model.md 7.18)
  double value_share = 1.0;               ///< share of the gain's sales a buyer counts as value (1: sales; a margin: profit; 7.18 item 4a)
  double sme_cash_sensitivity = 1.0;      ///< an upfront fee deters adopters with little cash: x exp(-s fee / cash)
};

/// "Use first, pay later" licensing (先使用后付费).
struct UfplParams {
  Programme programme{.enabled = false};
  double share_of_results = 0.8;          ///< share of licensed results offered use-first-pay-later
  double grace_years = 2;                 ///< payment falls due this long after adoption, if the licensee earns
  double payment_probability = 1.0;       ///< probability a buyer weighs a deferred fee with: 1 (the whole fee) until a source gives less; 0.46 a sensitivity (7.18 item 4a)
};

/// The `policies.matching_platform.*` keys.
void bind_keys(Binder& b, MatchingParams& p);
/// The `policies.use_first_pay_later.*` keys.
void bind_keys(Binder& b, UfplParams& p);

class Matching {
 public:
  explicit Matching(World& w);  ///< registers its fiscal line
  /// The platform's stream of recommendations and adoption draws.
  void setup(World& w);
  /// The year's events, evenly spaced.
  void schedule(World& w);
  /// Whether a new licensed result is offered use-first-pay-later (its own draw `u`).
  bool offers_ufpl(const World& w, double u) const;

  // ---- metrics: recommendations, deals, SME deals
  static const std::vector<MetricInfo>& metrics();
  void report(MetricRow& out) const {
    out.insert(out.end(), {recommendations_, deals_, sme_deals_, fee_loans_, unfinanced_, ufpl_deferred_, ufpl_expected_,
                           ufpl_due_, ufpl_paid_});
  }
  void restart_period() {
    recommendations_ = deals_ = sme_deals_ = fee_loans_ = unfinanced_ = 0;
    ufpl_deferred_ = ufpl_expected_ = ufpl_due_ = ufpl_paid_ = 0;
  }
  /// A later fee falls due (a licence's second half, a use-first-pay-later
  /// payment; 7.18 items 6-7); returns what was paid.
  double collect(World& w, Firm& f, double due);
  /// A use-first-pay-later fee reaches its date (paid or lapsed) and what was paid of it.
  void ufpl_settled(double due, double paid) {
    ufpl_due_ += due;
    ufpl_paid_ += paid;
  }
  /// Deals whose upfront fee left the adopter's cash below zero, over the run (the rule of 7.18 item 5 keeps it 0).
  double fee_overdrafts() const { return fee_overdrafts_; }

 private:
  void event(World& w);
  engine::RandomStream stream_;
  double recommendations_ = 0, deals_ = 0, sme_deals_ = 0;  ///< period
  double fee_loans_ = 0, unfinanced_ = 0;                    ///< period: fees paid partly with a loan; adoptions given up for want of money
  double fee_overdrafts_ = 0;                                ///< run
  // period, use first, pay later: fees deferred at adoption (face), their
  // expected payment then, fees reaching their date, and what was paid of them
  double ufpl_deferred_ = 0, ufpl_expected_ = 0, ufpl_due_ = 0, ufpl_paid_ = 0;
};

}  // namespace innosim::model
