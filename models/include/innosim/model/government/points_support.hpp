#pragma once
// Points-linked credit for the top innovation-points firms (创新积分贷,
// docs/model.md 7.13 and 7.22 item 2): each year a top-N firm may open an
// unsecured credit line (by the delivery mode's take-up); its bank lends the
// unsecured part of its draws within the line on guaranteed terms, and a
// government financing guarantor pays a share of the loss on the guaranteed
// principal when the borrower defaults. The guarantee uses the firm's cover
// slot and the banks' covered terms (the pool's machinery, 7.9); the
// government's cost is the payouts (fiscal line points_support).
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;

/// Who may open a points line (7.13).
enum class PointsEligibility : std::uint8_t {
  threshold,  ///< a tech SME under the revenue cap whose innovation-points score is at least min_points
  top_list    ///< a tech SME under the revenue cap on the year's top-N list (the rule before session 15)
};

struct PointsSupportParams {
  /// Off in the baseline: the seed gives the top 200 liaison officers and
  /// targeted policy pushes, no money and no points-linked loan product (7.13).
  /// Delivery: take_up_share of the listed firms open the line in a year
  /// (application), or automatic_take_up_share of them (white list pushed to the banks).
  /// Eligibility as in real 积分贷 and in 邑科贷: tech SMEs (stage tech_sme or
  /// above) with last year's revenue at most max_revenue_yuan (邑科贷: 营业收入
  /// 不超过5亿元, jiangmen.gov.cn post_3300169; 7.13).
  Programme programme{.enabled = false, .min_stage = Stage::tech_sme};
  double max_revenue_yuan = 5e8;   ///< last full year's revenue at most this (邑科贷: 5亿)
  /// The score, not the rank, opens the line (referee 14 §2: the top-N list selects the banks' best borrowers).
  PointsEligibility eligibility = PointsEligibility::threshold;
  double min_points = 60;          ///< threshold: least innovation-points score (7.13's stage-weighted score; Assumption)
  double line_yuan = 10e6;         ///< most of a firm's loans the line guarantees (Huai'an, Dongguan, Chengdu: up to 1,000万)
  double revenue_multiple = 1.0;   ///< and at most this times its mean annual revenue of the last two full years (Huai'an)
  double guarantee_share = 0.6;    ///< share of the loss on the guaranteed principal the guarantor pays (Huai'an: 60 % of principal)
  double max_spread = 0.008;       ///< a guaranteed draw's rate is at most base rate + this (Huai'an: LPR + 80 bp)
  double appraisal_bonus = 0;      ///< added to the appraisal score of a firm holding a line (7.7; no source: 0, the former 0.10 a sensitivity)
};

/// The `policies.points_support.*` keys (ProgrammesParams::points_support).
void bind_points_support_keys(Binder& b, PointsSupportParams& p);

class PointsSupport {
 public:
  explicit PointsSupport(World& w);  ///< registers its fiscal line (guarantee payouts, no yearly budget)
  /// The year's lines: which top-N firms hold one (at the set-up and each review).
  void year(World& w);
  /// Whether a draw by `f` may be guaranteed now: it holds a line this year
  /// and its cover slot is free or already the line's.
  bool eligible(const World& w, const Firm& f) const;
  /// What is left of the firm's line (yuan).
  double line_left(const World& w, const Firm& f) const;
  /// A guaranteed draw's rate: the covered offer's, at most base + max_spread.
  double rate(const World& w, double offered) const;
  /// Books `amount` of a draw just lent as guaranteed (`anyway` of it the ordinary terms would have lent).
  void guarantee(const World& w, Firm& f, double amount, double anyway);
  /// A guaranteed borrower defaults with the bank losing `loss`: the
  /// guarantor pays its share of the loss on the guaranteed principal
  /// (government -> bank); returns the payout (0 when `f` has no guaranteed balance).
  double on_default(World& w, const Firm& f, double loss);

  // ---- metrics
  static const std::vector<MetricInfo>& metrics();
  void report(const Census& c, MetricRow& out) const;
  void restart_period() { guaranteed_ = anyway_ = opened_ = opened_short_ = 0; }

 private:
  double lines_ = 0;       ///< firms holding a line this year
  double guaranteed_ = 0;  ///< new guaranteed principal since the sample
  double anyway_ = 0;      ///< of which the ordinary terms would have lent
  double opened_ = 0;        ///< firms opening a line they did not hold the year before, since the sample
  double opened_short_ = 0;  ///< of which refused or cut on ordinary terms in the year before (Firm::credit_short_year)
};

}  // namespace innosim::model
