#pragma once
// Venture funds, angel money, the government guidance fund and the sci-tech
// bonds of state firms that add to private funds' capital (docs/model.md 2.5,
// 7.11): yearly vintages of early-stage and growth funds, the yearly round
// (screening on noisy signals, a lead fund or guidance co-investment), exits
// at IPO/M&A with the guidance fund's return capped (让利) or paid to the
// treasury, funds closing at the end of their life, and the guidance fund's
// capital paid in by yearly tranches and its yearly top-up.
#include <cstdint>
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"
#include "innosim/model/types.hpp"

namespace innosim::model {

struct Binder;
struct World;

/// How the guidance fund leaves a stake worth more than its cost (7.11).
enum class GuidanceExit : std::uint8_t {
  cap_at_exit,   ///< held to the firm's exit; its share capped there at cost (held < cap_free_years) or cost plus simple interest
  buy_back,      ///< 128号 art 15 as the partners' option, exercised at the reviews: at cost at the last review before the
                 ///< strike steps up, at cost plus simple interest after, and before any exit, whenever the stake is worth more
  equal_shares,  ///< 同股同权: pro rata, nothing ceded
  follow_on_carry  ///< 跟进投资: pro rata less carry_share of the gain over cost, paid to the lead fund as its performance reward
};

/// When guidance money enters a deal (7.11).
enum class GuidanceEntry : std::uint8_t {
  follow_on,   ///< 跟进投资: only in a round a private fund leads with its own cash; the fund takes part of it
  last_resort  ///< the model before session 15: only where no private fund can pay, with private money crowded in at L
};

struct VentureParams {
  Programme guidance{.enabled = true, .budget_yuan = Scheduled(0), .min_stage = Stage::startup};
  double guidance_fund_yuan = 2e9;  ///< government guidance fund capital (committed; paid in by tranches)
  double guidance_paid_in_years = 5;  ///< the capital is paid in by this many equal yearly tranches, the first at the start (财预〔2015〕210号 art 24)
  bool guidance_cede_excess = true;   ///< false: nothing is ceded whatever the exit rule (kept for scenarios written before exit_rule)
  // The model's guidance money is deal-level co-investment beside a private lead (跟进投资), so its own exit terms are
  // the default; art 15's buy-back belongs to fund-level stakes (阶段参股) and is kept as a sensitivity (7.11).
  GuidanceExit guidance_exit_rule = GuidanceExit::follow_on_carry;  ///< how the fund cedes (让利)
  double guidance_carry_share = 0.2;  ///< follow_on_carry: share of the fund's gain over cost paid to the lead fund
  double guidance_cap_rate = 0.03;    ///< the loan rate of the cap (per year, simple interest on cost)
  double guidance_cap_free_years = 3; ///< a stake held shorter than this is capped at cost
  bool guidance_to_treasury = false;  ///< the fund's exit proceeds go back to the treasury instead of being reinvested (财预〔2015〕210号 art 18)
  Scheduled co_investment_leverage{1.0};  ///< last_resort entry: private yuan per guidance yuan in co-investments
  // Follow-on entry (跟进投资, 7.11): the guidance money follows a private lead's decision, at most follow_share of the
  // lead's own amount and at most project_cap_yuan a deal (Shanghai: ≤ 50 %; Hongkou: ≤ 500万 a firm).
  GuidanceEntry guidance_entry = GuidanceEntry::follow_on;
  double guidance_follow_share = 0.5;       ///< φ: the guidance part of a round is at most this times the lead's own part
  double guidance_project_cap_yuan = 5e6;   ///< g_max: most guidance money in one deal
  double guidance_fee_rate = 0.015;         ///< management fee a year on the fund's stakes at cost, paid by the fund (国办发〔2025〕1号 basis)
  double private_vc_yuan_per_year = 1.5e9;  ///< private VC capital committed per year (without guidance) at the reference multiple
  // Private commitments respond to the trailing multiple of private LPs (7.11): base x clip((M/M_ref)^eps, floor, ceiling).
  double commitment_elasticity = 0;          ///< eps; 0: fixed commitments (the default: no coefficient found, 7.11); 0.5 the central sensitivity
  double commitment_reference_multiple = 5.6;  ///< M_ref: the multiple at which LPs commit the base (the no-guidance baseline's mean, 7.11)
  double commitment_window_years = 5;        ///< vintages in the trailing window
  double commitment_min_age_years = 3;       ///< a vintage counts from this age on
  double commitment_floor = 0.5, commitment_ceiling = 2.0;  ///< clip of the multiplier
  double angel_yuan_per_year = 2e8;
  double deal_share_of_firms = 0.08; ///< screened candidates per year as a share of firms
  double equity_share = 0.2;        ///< equity taken per round
  double exit_years_mean = 6;       ///< mean holding period before an IPO/M&A exit
  /// Share of exits sold at the firm's valuation (IPO, M&A); the rest are
  /// buy-backs and share transfers at the lower of cost and value (7.11)
  double ipo_exit_share = 1.0;
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
/// The price of the guidance stake under 128号 art 15: its cost within
/// cap_free_years, cost plus simple interest at cap_rate after.
double guidance_strike(const VentureParams& vp, double cost, double years_held);
/// Whether the partners buy the guidance stake at this review (exit rule
/// buy_back): it is worth more than the price, and the price steps up before
/// the next review, or it already has, or the stake is sold now.
bool guidance_buy_back_due(const VentureParams& vp, double value, double cost, double years_held, bool exits_now);
/// The multiplier of the year's private commitments given the trailing
/// multiple of private LPs (<= 0: no vintage old enough yet, multiplier 1).
double commitment_response(const VentureParams& vp, double trailing_multiple);

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
  double bought_back = 0;    ///< prices its LPs paid for guidance stakes (art 15), paid in beyond `committed`
  double distributed = 0;    ///< paid to its LPs: exit proceeds (with what the guidance fund ceded) and the cash at its end
  bool responds = false;     ///< an early-stage or growth fund: its vintage's commitments respond to returns (angel money does not)
  double invest_until = 0;   ///< calendar year (fractional) its investment period ends
  double end = 0;            ///< calendar year its life ends
  Stage min_stage = Stage::startup, max_stage = Stage::unicorn;
  bool open = true;
};

class Venture {
 public:
  explicit Venture(World& w);  ///< gives the guidance fund's fiscal lines (capital, fee) their programme
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
  /// Private LPs' trailing multiple at the year's vintage (0 before a vintage is old enough).
  double trailing_multiple() const { return trailing_multiple_; }
  double commitment_multiplier() const { return commitment_multiplier_; }

  // ---- metrics: investment, exit proceeds, funds open
  static const std::vector<MetricInfo>& metrics();
  void report(MetricRow& out) const;
  /// Fees charged to the guidance fund that its cash could not pay yet (owed to its manager).
  double guidance_fee_owed() const { return fee_owed_; }
  /// Fees the guidance fund has paid its manager since the start (its fiscal line, guidance_fee).
  double guidance_fees_paid_total() const { return fee_paid_total_; }
  /// Of those, the fees advanced from principal and not yet made up from gains (粤财预〔2025〕55号;
  /// moved off the capital line, Government::move_capital_to_cost).
  double guidance_fees_advanced() const { return fee_advanced_; }
  /// Advances made up from gains so far (补回; moved back onto the capital line).
  double guidance_fees_made_up() const { return fee_made_up_; }
  void restart_period() {
    invested_ = exit_proceeds_ = guidance_invested_ = guidance_proceeds_ = ceded_ = fee_paid_ = 0;
    private_commitments_ = bought_back_ = ceded_at_buy_back_ = 0;
  }

 private:
  void raise_funds(World& w, int year);
  void close_funds(World& w, double now_year);
  double stage_round(const World& w, Stage s) const;
  void pay_tranche(World& w);
  double private_lp_multiple(const World& w, int year);
  void buy_backs(World& w, double now_year);
  void guidance_receives(World& w, double amount, double gain);
  void charge_fee(World& w);
  void pay_fee(World& w);

  std::vector<VentureFund> funds_;
  double guidance_cash_ = 0;
  int tranches_paid_ = 0;
  double invested_ = 0, exit_proceeds_ = 0;  ///< period
  double guidance_invested_ = 0, guidance_proceeds_ = 0, ceded_ = 0;  ///< period
  double private_commitments_ = 0, bought_back_ = 0, ceded_at_buy_back_ = 0;  ///< period
  double trailing_multiple_ = 0, commitment_multiplier_ = 1;  ///< at the latest vintage
  double fee_owed_ = 0;  ///< management fees charged and not yet paid (the fund's cash was short)
  double fee_paid_ = 0;  ///< period: management fees paid to the fund's manager
  double fee_paid_total_ = 0;  ///< since the start: management fees paid
  double fee_advanced_ = 0;    ///< fees paid out of principal, not yet made up from gains
  double fee_made_up_ = 0;     ///< since the start: advances made up from gains
  double gains_left_ = 0;      ///< realised net gains (proceeds less cost) kept by the fund and not yet spent on fees
  double trailing_dpi_ = 0;  ///< distributions / paid-in of the same window (private LPs)
  std::vector<double> nav_;  ///< scratch: private LPs' value of each fund's holdings (grows with the funds, once a year)
};

}  // namespace innosim::model
