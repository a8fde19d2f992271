#pragma once
// Firm dynamics (docs/model.md 5, 7.1-7.5, 7.14): the initial population,
// entry and spin-offs, and the monthly step of each firm: demand,
// employment, production and cash flows, R&D, exit. The firm's finance
// decisions are in firm_finance.hpp, its certification in certification.hpp.
// FirmParams also holds the finance and certification parameters: they are
// all keys of the `firms` section.
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "innosim/engine/random.hpp"
#include "innosim/model/firm.hpp"
#include "innosim/model/metrics.hpp"

namespace innosim::model {

struct Binder;
struct World;

struct FirmParams {
  // Demand and growth
  double market_growth = 0.03;           ///< g_m: real growth per year of the local part of each sector's demand
  double selection_strength = 1.5;        ///< chi: demand-share growth per year per unit of relative price advantage (p_mean / p - 1)
  double markup = 0.2;                   ///< mu: price = (1 + mu) x [phi c_i + (1 - phi) c_s] (K+S mark-up pricing)
  double cost_pass_through = 1.0;        ///< phi_0: share of its own unit cost in the price of a firm with a negligible share of its sector; the rest follows the sector's mean cost (1: full pass-through, docs/model.md 7.1)
  double cost_pass_through_large = 0.5;  ///< phi_L: the same for a firm that dominates its sector; phi_i = phi_0 - (phi_0 - phi_L) s_i / (s_i + s_h) (phi_L = phi_0: uniform; AIK 2019: about 0.5; docs/model.md 7.1)
  double pass_through_half_share = 0.003; ///< s_h: the firm's share of its sector's demand at which its pass-through is half-way from phi_0 to phi_L
  double demand_price_elasticity = 1.0;  ///< eta_d: local sector demand x (sector price / reference price)^-eta_d
  double outside_share = 0.6;            ///< x: share of each sector's initial demand sold outside the city (exports, other regions)
  double outside_price_elasticity = 2.0; ///< eta_x: outside demand x (sector price / outside price)^-eta_x
  double outside_growth = 0.04;          ///< g_x: real growth per year of outside demand
  double inflation = 0.02;               ///< pi: growth per year of the reference, outside and input price levels
  double outside_productivity_growth = 0.01;   ///< g_o: productivity growth of the goods the city's compete with (their price P_t exp(-g_o t))
  double unfilled_demand_loss = 0.5;     ///< share of the orders a firm cannot fill (capacity, staff) that customers take to competitors each month
  double receivable_months = 2.0;        ///< d: customers pay after d months on average (receivables = d x monthly revenue in steady state)
  double payable_months = 1.0;           ///< d_p: the firm pays its suppliers after d_p months on average (0: on delivery)
  double demand_volatility = 0.32;       ///< sigma0: s.d. of yearly log-demand shocks at reference size
  double volatility_size_elasticity = 0.17;  ///< beta: sigma(S) = sigma0 (S/S_ref)^-beta
  double reference_revenue_yuan = 20e6;  ///< S_ref for the volatility scaling
  double opportunity_rate = 0.15;        ///< lumpy opportunities (large contracts won or lost) per firm-year
  double opportunity_size = 0.6;         ///< s.d. of the log-demand jump of an opportunity
  double employment_adjustment = 0.25;   ///< share of the gap to desired employment closed per month
  double wage_yuan_per_month = 9000;     ///< average wage per employee
  double productivity_mean_yuan = 60000; ///< units of output (yuan at start-year prices) per employee-month at entry (mean)
  double productivity_dispersion = 0.35; ///< s.d. of log productivity at entry
  double rd_share_mean = 0.045;          ///< mean R&D/sales at entry
  double rd_share_concentration = 20;    ///< Beta concentration of R&D/sales (persistent heterogeneity)
  double st_staff_share_mean = 0.12;     ///< mean S&T staff share
  double wage_growth = 0.04;             ///< nominal wage growth per year
  double other_cost_share = 0.72;        ///< c_o: materials and other inputs per unit of output at start-year prices (yuan)
  double materials_saving = 0.6;         ///< phi: a process innovation that divides labour per unit by 1 + g divides materials per unit by (1 + g)^phi
  // Innovation (K+S)
  double zeta_innovation = 0.30;         ///< zeta1
  double zeta_imitation = 0.30;          ///< zeta2
  double innovation_share = 0.5;         ///< xi: share of R&D on innovation (rest imitation)
  double rd_reference_yuan_per_year = 5e6;  ///< RD_ref: R&D spending that gives zeta-scale odds per year
  double jump_low = -0.04;               ///< x_inf
  double jump_high = 0.12;               ///< x_sup
  double jump_beta_a = 3.0;              ///< alpha1
  double jump_beta_b = 3.0;              ///< beta1
  double imitation_catch_up = 0.3;       ///< share of the gap to the sector mean productivity closed by imitation
  double patents_per_innovation = 1.5;   ///< mean IP items per successful innovation (1 + Bernoulli(p - 1))
  // Demography
  double entry_rate_per_year = 1000;     ///< Poisson entry of new firms
  double entry_employees_mean = 6;       ///< mean employees of an entrant (geometric-like lognormal)
  double entry_cash_months = 2.0;        ///< entrants' founders' capital in months of costs (plus the trade-credit gap)
  double hazard_young = 0.25;            ///< background exit hazard per year at age 0
  double hazard_old = 0.04;              ///< background exit hazard per year for old firms
  double hazard_decay_years = 4.0;       ///< age scale of the hazard's decline
  // Size gradient of the old-age hazard (7.5): h_old is multiplied by g(n), 1 below
  // 10 employees (the start-ups h_young and h_old were fitted to), else the ratio of
  // the U.S. BDS firm-death rate of the size class to that of 5-9 employees (2015-2019).
  double hazard_size_10_19 = 1.0;        ///< g(n) for 10 <= n < 20 employees
  double hazard_size_20_99 = 1.0;        ///< g(n) for 20 <= n < 100
  double hazard_size_100_499 = 1.0;      ///< g(n) for 100 <= n < 500
  double hazard_size_500 = 1.0;          ///< g(n) for n >= 500
  double cash_buffer_months = 2.0;       ///< firms seek credit when cash < this many months of costs
  double cash_target_months = 2.5;       ///< owners are paid only out of cash above this many months of costs...
  double payout_share = 0.3;             ///< ...this share of the year's after-tax profit, never more than the retained earnings
  double credit_hurdle_low = 0.0;        ///< h: each firm takes and keeps credit whose cost after subsidy and tax is below its hurdle rate,
  double credit_hurdle_high = 0.07;      ///< ... drawn uniformly in [low, high] at birth (Assumption; calibrated to the seed's +13 %/yr book)
  // Investment (7.7a): projects arrive, are valued at the cost of funds, financed by cash then credit
  double investment_rate = 0.25;          ///< lambda_I: investment opportunities per firm-year
  double investment_size = 0.05;         ///< kappa: mean project cost as a share of annual revenue (lognormal, s.d. of log 0.5)
  double investment_return_mean = 0.15;  ///< rho: mean yearly cost saving per yuan invested (lognormal)
  double investment_return_dispersion = 0.5;  ///< s.d. of log rho across projects
  double investment_horizon_years = 8;   ///< T: years of savings a firm counts when it values a project
  double investment_build_months = 6;    ///< months from the decision until the equipment works
  double depreciation_rate = 0.1;        ///< delta: depreciation per year (10-year life of machinery)
  double capital_output_ratio = 0.35;    ///< kappa_K: equipment (yuan at the start's prices) per yuan of annual output at capacity
  double capacity_slack = 0.25;          ///< s: firms keep capacity at (1 + s) x demand (utilisation 1 / 1.25 = 80 %)
  double initial_borrower_share = 0.5;   ///< share of incumbents with a loan at the start (Guangdong 2021: 49-54 % of tech SMEs and HTEs)
  double strategic_default_rate = 0.01;  ///< yearly default hazard of a borrower whose debt exceeds its liquid assets (scaled by risk shifting)
  double notching_band = 0.01;           ///< firms this close below the HTE R&D threshold raise R&D to clear it
  double valuation_growth_years = 2.0;   ///< growth premium: valuation x (1 + 3-year CAGR)^this
  double valuation_revenue_multiple = 3.0;  ///< valuation = multiple x revenue x growth premium
  int sectors = 6;
};

/// The `firms.*` keys.
void bind_keys(Binder& b, FirmParams& p);

/// g(n): the size factor of the old-age closure hazard (7.5), 1 below 10
/// employees, so the start-ups' hazard h_young and h_old were fitted to is unchanged.
inline double hazard_size_factor(const FirmParams& fp, double employees) {
  if (employees < 10) return 1.0;
  if (employees < 20) return fp.hazard_size_10_19;
  if (employees < 100) return fp.hazard_size_20_99;
  if (employees < 500) return fp.hazard_size_100_499;
  return fp.hazard_size_500;
}

/// h(a, n) per year before the incubator's factor (7.5), with age_decay = exp(-a / tau).
inline double closure_hazard(const FirmParams& fp, double age_decay, double employees) {
  return fp.hazard_old * hazard_size_factor(fp, employees) + (fp.hazard_young - fp.hazard_old) * age_decay;
}

/// Per-sector state the firm step reads (computed once per month).
struct SectorView {
  std::array<double, 64> demand_scale{};       ///< renormalises demand to the sector's market size
  std::array<double, 64> mean_productivity{};  ///< share-weighted mean A (imitation target)
  std::array<double, 64> mean_price{};         ///< share-weighted mean price (replicator reference)
};

/// What the month's first pass over the firms finds: the sector view and
/// the totals other modules need (in the same pass, to spare one).
struct MonthStart {
  SectorView sectors;
  double st_demand = 0;     ///< firms' S&T staff: the talent pool's demand
  double covered_debt = 0;  ///< loans the risk pool covers
};

class FirmDynamics {
 public:
  explicit FirmDynamics(const World& w);

  // ---- set-up
  /// The seed's ladder (stage counts by largest remainder), the sector
  /// markets and the founders' capital of the initial firms.
  void create_initial_population(World& w);
  /// Schedules the first entrant (a Poisson stream).
  void schedule_entry(World& w);
  /// A new firm: an ordinary entrant or a lab spin-off carrying a result of `quality`.
  void spawn(World& w, bool spinoff, double quality, std::uint64_t result_id = 0);

  // ---- monthly step
  /// The month's wage and hazards, the sector markets and the first pass over the firms.
  MonthStart start_month(World& w);
  /// One firm's month (steps 1-6 of docs/model.md 3(a)).
  void step(World& w, Firm& f, const SectorView& sv);
  /// A firm leaves, for a cause (7.5): closure (the background hazard), a
  /// borrower's default, or insolvency.
  void exit(World& w, Firm& f, ExitCause cause);

  // ---- annual review
  /// Rolls the firm's yearly books (revenue and R&D histories, volatility).
  void close_year(World& w, Firm& f);

  double wage() const { return wage_; }  ///< this month's wage per employee
  double price_level() const { return price_level_; }  ///< P_t: reference, outside and input price level (1 at the start)
  /// The firm's unit cost at this month's wage and input prices, c = w / A + c_o P_t / e.
  double unit_cost(const Firm& f) const { return wage_ / f.productivity + input_cost_ / f.input_efficiency; }
  /// The firm's own-cost pass-through phi_i (7.1): phi_0 for a firm with a
  /// negligible share of its sector's demand, moving to phi_L as its share s
  /// grows, phi_i = phi_0 - (phi_0 - phi_L) s / (s + s_h), with s = D_i / Q_s
  /// (Q_s the sector's demand last month, held for the month): the share is
  /// computed on the fly from the firm's demand, no per-firm state. At
  /// phi_L = phi_0 it is phi_0 exactly (the difference is 0).
  double pass_through(const Firm& f) const {
    return pass_through_ - pass_through_gap_ * (f.demand / (f.demand + half_share_demand_[f.sector]));
  }
  /// The firm's price (7.3): a mark-up over a blend of its own unit cost and
  /// its sector's mean, p = (1 + mu)(phi_i c + (1 - phi_i) c_s): own-cost
  /// pass-through is incomplete for firms with a large share, so such a firm
  /// keeps part of a cost saving as margin. phi_i = 1 gives exactly (1 + mu) c
  /// (1 c + 0 c_s = c).
  double price(const Firm& f) const { return price_at(f, pass_through(f)); }
  /// c_s: the sector's share-weighted mean unit cost this month.
  double sector_unit_cost(int sector) const { return sector_cost_[static_cast<std::size_t>(sector)]; }
  /// Materials per unit of output at this month's prices (yuan).
  double input_cost(const Firm& f) const { return input_cost_ / f.input_efficiency; }
  /// Units of output a month the firm's equipment can make.
  double capacity(const Firm& f) const { return f.capital / capital_per_unit_; }
  /// Equipment (yuan at this month's prices) per unit of monthly capacity.
  double capital_cost_per_unit() const { return capital_per_unit_ * price_level_; }
  /// Process innovation (7.3): a new technology divides the labour a unit
  /// needs by 1 + gain and the materials by (1 + gain)^phi (phi = 1: a
  /// uniform gain in total factor productivity).
  static void improve_process(Firm& f, double gain, double phi) {
    f.productivity *= 1.0 + gain;
    f.input_efficiency *= phi == 1.0 ? 1.0 + gain : std::pow(1.0 + gain, phi);
  }
  /// A process innovation at the firms' materials saving phi.
  void improve_process(Firm& f, double gain) const { improve_process(f, gain, phi_); }
  /// Monthly operating costs at last month's activity: wages, materials, R&D.
  double monthly_costs(const Firm& f) const {
    const double output = f.revenue > 0 ? f.revenue / price(f) : 0.0;
    return f.wage_bill + input_cost(f) * output + f.rd_share * f.revenue;
  }
  /// Outside demand's proportional level change this month (a shock, 7.27).
  void set_outside_shock(double level) { outside_shock_ = level; }

  // ---- metrics: real output and the price level
  static const std::vector<MetricInfo>& market_metrics();
  void report_market(MetricRow& out) const;

  // ---- metrics: the ladder, entry and exit, employment, revenue, R&D, innovations
  static const std::vector<MetricInfo>& metrics();
  void report(const World& w, const Census& c, MetricRow& out) const;
  void restart_period() {
    entries_ = exits_ = innovations_ = revenue_ = real_output_ = 0;
    exits_by_cause_ = {};
  }

 private:
  /// A new firm. `origin` keys its random streams: its own space for initial
  /// firms, entrants and spin-offs, so a policy that adds spin-offs (or not)
  /// never shifts the draws of later entrants (common random numbers).
  Firm make_firm(World& w, std::int64_t id, std::uint64_t origin, Stage stage, bool entrant);
  void entry_arrival(World& w);
  void update_volatility(const World& w, Firm& f, double annual_revenue) const;
  /// A new firm's equipment: capacity (1 + s) times its demand.
  void equip(Firm& f) const;
  /// The price at a given pass-through phi (price(f) = price_at(f, pass_through(f))).
  double price_at(const Firm& f, double phi) const {
    return price_factor_ * (phi * unit_cost(f) + (1.0 - phi) * sector_cost_[f.sector]);
  }
  /// H_s = s_h Q_s for each sector: the demand at which a firm's share is s_h.
  void set_half_share_demand(const World& w, const std::array<double, 64>& sector_demand);
  /// c_s of each sector: the demand-weighted mean unit cost of its live
  /// firms (`sum` and `weight` per sector); an empty sector takes the cost
  /// of a firm at the mean entry productivity.
  void set_sector_costs(const World& w, const std::array<double, 64>& sum, const std::array<double, 64>& weight);

  engine::RandomStream entry_stream_;
  std::array<double, 64> local_base_{};    ///< local demand of each sector at the reference price, units per month
  std::array<double, 64> outside_base_{};  ///< outside demand of each sector at the outside price, units per month
  double wage_ = 0;
  double price_level_ = 1.0;   ///< P_t
  double competitor_price_ = 1.0;  ///< P_c = P_t exp(-g_o t): the price of the goods the city's firms compete with
  double price_factor_ = 1.0;  ///< 1 + mu
  double pass_through_ = 1.0;  ///< phi_0: own-cost pass-through of a firm with a negligible share
  double pass_through_gap_ = 0.0;  ///< phi_0 - phi_L
  std::array<double, 64> half_share_demand_{};  ///< H_s = s_h Q_s: set at the start and in start_month, from the sector's demand last month
  std::array<double, 64> sector_demand_{};      ///< Q_s this month: next month's H_s
  std::array<double, 64> sector_cost_{};  ///< c_s of each sector, set each month in start_month (and at the start)
  double input_cost_ = 0.0;    ///< c_o P_t: materials per unit at e = 1
  double capital_per_unit_ = 0.0;  ///< 12 kappa_K: equipment (start-year yuan) per unit of monthly capacity
  double outside_shock_ = 1.0;     ///< outside demand's level factor
  double slack_ = 0.0;             ///< s
  double phi_ = 1.0;               ///< materials saving of a process innovation
  // Per-month constants of the firm step (computed once per month, not per firm).
  double age_decay_ = 1.0, opportunity_p_ = 0.0, opportunity_drift_ = 0.0;
  // The step's parameter quotients, set at each start_month (the same
  // expressions the step evaluated per firm-month; docs/performance.md, session 19).
  double selection_per_month_ = 0.0, wear_ = 0.0, collect_share_ = 0.0, pay_share_ = 0.0, k_in_ = 0.0, k_im_ = 0.0;
  bool pays_later_ = false;
  std::int64_t next_id_ = 1;
  std::uint64_t entrants_made_ = 0;
  double entries_ = 0, exits_ = 0, innovations_ = 0;  ///< period counts
  std::array<double, EXIT_CAUSE_COUNT> exits_by_cause_{};  ///< period: exits by cause (index: ExitCause)
  double revenue_ = 0, real_output_ = 0;              ///< period: revenue (accrued) and output in units
};

}  // namespace innosim::model
