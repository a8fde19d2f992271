#pragma once
// Certification on the gradient ladder (docs/model.md 7.12): start-up, tech
// SME, high-tech enterprise, gazelle, unicorn, decided at each annual review.
// High-tech status is a certificate a firm applies for when the benefit it
// expects beats the cost, reviewed against the published criteria (2016 HTE
// administrative measures) on the figures it reports (relabelled R&D
// included), accepted by the experts with a probability, valid three years,
// renewed by a new application, revoked when a check finds the firm below
// the criteria. The criteria themselves are pure functions in rules.hpp.
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/rules.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;

/// The HTE certification's parameters (`certification.*`, 7.12).
struct CertificationParams {
  int term_years = 3;                         ///< a certificate's validity (2016 measures, art. 13)
  double acceptance_rate = 0.8;               ///< applications meeting the criteria that the experts accept. Assumption
  double application_cost_yuan = 50000;       ///< the firm's cost of an application (agency, special audit of R&D). Assumption
  double other_benefit_yuan_per_year = 50000; ///< what the status is worth to a firm besides the tax rate (programmes, rewards). Assumption
  double relabel_share = 0.242;               ///< relabelled expenses at most this share of reported R&D (Chen et al. 2021)
  double check_rate = 0.05;                   ///< certified firms checked each year (2016 measures, art. 16-19). Assumption
  int ban_years = 5;                          ///< no application accepted for this long after false figures (art. 19)
  double hightech_share_mean = 0.8;           ///< mean high-tech revenue share at birth (Beta). Assumption
  double hightech_share_concentration = 4.0;  ///< its Beta concentration. Assumption
  double hightech_gain = 0.1;                 ///< an adopted innovation moves the share this part of the way to 1. Assumption
  int incumbent_application_years = 1;        ///< an uncertified incumbent first applies at one of this many first reviews (1: all at the first). Assumption
};

/// The `certification.*` keys.
void bind_keys(Binder& b, CertificationParams& p);

class Certification {
 public:
  /// A new firm's high-tech revenue share; an incumbent certified at the
  /// start holds a certificate with 1 to `term_years` years left (staggered).
  void at_birth(const World& w, Firm& f, bool entrant) const;
  /// The firm's certificate (expiry, renewal, check, application) and its
  /// rung this year (after its valuation, firm_finance.hpp).
  void certify(World& w, Firm& f);
  /// A certified firm exits: one of the HTE count's outflows.
  void on_exit(const Firm& f) { exits_ += f.hte_certified; }

  // ---- metrics: the HTE count and its decomposition
  static const std::vector<MetricInfo>& metrics();
  void report(const Census& c, MetricRow& out) const;
  void restart_period() { applications_ = new_ = renewals_ = expiries_ = revocations_ = exits_ = 0; }

 private:
  /// Applies (if the expected benefit beats the cost) and is certified (if
  /// its reported figures meet the criteria and the experts accept); true
  /// when certified.
  bool apply(World& w, Firm& f);

  double applications_ = 0, new_ = 0, renewals_ = 0, expiries_ = 0, revocations_ = 0, exits_ = 0;  ///< period counts
};

}  // namespace innosim::model
