#pragma once
// Venture funds, angel money, the government guidance fund and the sci-tech
// bonds of state firms that add to private funds' capital (docs/model.md 2.5,
// 7.11): yearly vintages of early-stage and growth funds, the yearly round
// (screening on noisy signals, a lead fund or guidance co-investment), exits
// at IPO/M&A with the guidance fund's return capped (让利) or paid to the
// treasury, funds closing at the end of their life, and the guidance fund's
// capital paid in by yearly tranches and its yearly top-up.
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"
#include "innosim/model/types.hpp"

namespace innosim::model {

struct Binder;
struct World;

struct VentureParams {
  Programme guidance{.enabled = true, .budget_yuan = Scheduled(0), .min_stage = Stage::startup};
  double guidance_fund_yuan = 2e9;  ///< government guidance fund capital (committed; paid in by tranches)
  double guidance_paid_in_years = 5;  ///< the capital is paid in by this many equal yearly tranches, the first at the start (财预〔2015〕210号 art 24)
  bool guidance_cede_excess = true;   ///< the fund's share of exit proceeds is capped at cost plus the loan rate; the excess goes to the private co-investors (让利, 财企〔2007〕128号 art 15)
  double guidance_cap_rate = 0.03;    ///< the loan rate of the cap (per year, simple interest on cost)
  double guidance_cap_free_years = 3; ///< a stake held shorter than this is capped at cost
  bool guidance_to_treasury = false;  ///< the fund's exit proceeds go back to the treasury instead of being reinvested (财预〔2015〕210号 art 18)
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
  double sci_tech_bonds_yuan_per_year = 5e8;  ///< sci-tech bonds of state firms, committed to the year's private vintage (seed)
};

/// The guidance fund's part of an exit's proceeds (7.11): its pro-rata share,
/// capped when `cede_excess` at cost (held under cap_free_years) or cost plus
/// simple interest at cap_rate (held longer); the rest goes to the private
/// co-investors. Never more than the pro-rata share.
double guidance_exit_share(const VentureParams& vp, double pro_rata, double cost, double years_held);

/// The `institutions.venture.*` keys (private venture and angel capital).
void bind_private_capital_keys(Binder& b, VentureParams& p);
/// The `policies.guidance_fund.*` keys.
void bind_guidance_keys(Binder& b, VentureParams& p);
/// The `policies.sci_tech_bonds.*` keys.
void bind_bond_keys(Binder& b, VentureParams& p);

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
  /// The first tranche of the government's capital for the guidance fund at the start.
  void endow_guidance(World& w);
  /// The guidance fund's year (at each review): the next tranche of its
  /// capital and the government's top-up.
  void guidance_year(World& w);
  /// Exits of the year (IPO/M&A at the planned time or at a fund's end), and funds closing.
  void exits(World& w);
  /// The year's vintage and round: screening, then deals led by a fund or
  /// co-invested by the guidance fund.
  void round(World& w);

  const std::vector<VentureFund>& funds() const { return funds_; }
  double guidance_cash() const { return guidance_cash_; }

  // ---- metrics: investment, exit proceeds, funds open
  static const std::vector<MetricInfo>& metrics();
  void report(MetricRow& out) const;
  void restart_period() { invested_ = exit_proceeds_ = guidance_invested_ = guidance_proceeds_ = ceded_ = 0; }

 private:
  void raise_funds(World& w, int year);
  void close_funds(World& w, double now_year);
  double stage_round(const World& w, Stage s) const;
  void pay_tranche(World& w);

  std::vector<VentureFund> funds_;
  double guidance_cash_ = 0;
  int tranches_paid_ = 0;
  double invested_ = 0, exit_proceeds_ = 0;  ///< period
  double guidance_invested_ = 0, guidance_proceeds_ = 0, ceded_ = 0;  ///< period
};

}  // namespace innosim::model
