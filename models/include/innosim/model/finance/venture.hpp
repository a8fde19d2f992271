#pragma once
// Venture funds, angel money, the government guidance fund and the sci-tech
// bonds that replenish it (docs/model.md 2.5, 7.11): yearly vintages of
// early-stage and growth funds, the yearly round (screening on noisy
// signals, a lead fund or guidance co-investment), exits at IPO/M&A, funds
// closing at the end of their life, and the guidance fund's yearly top-up,
// bonds and coupons.
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"
#include "innosim/model/types.hpp"

namespace innosim::model {

struct Binder;
struct World;

struct VentureParams {
  Programme guidance{.enabled = true, .budget_yuan = Scheduled(0), .min_stage = Stage::startup};
  double guidance_fund_yuan = 2e9;  ///< government guidance fund capital
  Scheduled co_investment_leverage{1.0};  ///< private yuan per guidance yuan in co-investments
  double private_vc_yuan_per_year = 1.5e9;  ///< private VC capital committed per year (without guidance)
  double angel_yuan_per_year = 2e8;
  double deal_share_of_firms = 0.08; ///< screened candidates per year as a share of firms
  double equity_share = 0.2;        ///< equity taken per round
  double exit_years_mean = 6;       ///< mean holding period before an IPO/M&A exit
  double fund_life_years = 10;      ///< a VC fund's life: at its end, holdings are sold and cash returned to LPs
  double investment_period_years = 5;  ///< a fund makes new investments only in its first years
  double early_stage_share = 0.5;   ///< share of each year's private VC raised by early-stage funds (start-ups, tech SMEs); the rest by growth funds
  double angel_life_years = 5;      ///< angel money: start-ups only, invested in its first year
  double round_startup_yuan = 3e6;  ///< round size by stage (angel/seed)
  double round_tech_sme_yuan = 15e6;
  double round_high_tech_yuan = 50e6;
  double round_gazelle_yuan = 150e6;
  double screening_noise = 0.5;     ///< s.d. of the noise in funds' reading of firm signals
  double max_age_years = 10;        ///< funds only back firms up to this age
  double sci_tech_bonds_yuan_per_year = 5e8;  ///< sci-tech bonds replenishing guidance capital
  double bond_coupon = 0.025;       ///< coupon per year on sci-tech bonds
};

/// The `institutions.venture.*` keys (private venture and angel capital).
void bind_private_capital_keys(Binder& b, VentureParams& p);
/// The `policies.guidance_fund.*` keys.
void bind_guidance_keys(Binder& b, VentureParams& p);

/// A venture fund (or a year's angel money): vintage, life, stage focus.
struct VentureFund {
  int vintage = 0;
  double cash = 0;
  double committed = 0;
  double invest_until = 0;   ///< calendar year (fractional) its investment period ends
  double end = 0;            ///< calendar year its life ends
  Stage min_stage = Stage::startup, max_stage = Stage::unicorn;
  bool open = true;
};

class Venture {
 public:
  explicit Venture(World& w);  ///< registers the guidance fund's fiscal line
  /// The government's capital for the guidance fund at the start.
  void endow_guidance(World& w);
  /// The guidance fund's year (at each review): the government's top-up,
  /// new sci-tech bonds, the coupon, and the government covering a shortfall.
  void guidance_year(World& w);
  /// Exits of the year (IPO/M&A at the planned time or at a fund's end), and funds closing.
  void exits(World& w);
  /// The year's vintage and round: screening, then deals led by a fund or
  /// co-invested by the guidance fund.
  void round(World& w);

  const std::vector<VentureFund>& funds() const { return funds_; }
  double guidance_cash() const { return guidance_cash_; }
  /// Sci-tech bonds the guidance fund owes (the government stands behind them).
  double bonds_outstanding() const { return bonds_outstanding_; }

  // ---- metrics: investment, exit proceeds, funds open
  static const std::vector<MetricInfo>& metrics();
  void report(MetricRow& out) const;
  void restart_period() { invested_ = exit_proceeds_ = 0; }

 private:
  void raise_funds(World& w, int year);
  void close_funds(World& w, double now_year);
  double stage_round(const World& w, Stage s) const;

  std::vector<VentureFund> funds_;
  double guidance_cash_ = 0, bonds_outstanding_ = 0;
  double invested_ = 0, exit_proceeds_ = 0;  ///< period
};

}  // namespace innosim::model
