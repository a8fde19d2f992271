#pragma once
// Firm dynamics (docs/model.md 5, 7.1-7.5, 7.14): the initial population,
// entry and spin-offs, and the monthly step of each firm: demand,
// employment, production and cash flows, R&D, exit. The firm's finance
// decisions are in firm_finance.hpp, its certification in certification.hpp.
// FirmParams also holds the finance and certification parameters: they are
// all keys of the `firms` section.
#include <array>
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
  double market_growth = 0.06;           ///< nominal sector demand growth per year
  double selection_strength = 0.25;       ///< chi: demand-share growth per year per unit relative productivity advantage
  double demand_volatility = 0.32;       ///< sigma0: s.d. of yearly log-demand shocks at reference size
  double volatility_size_elasticity = 0.17;  ///< beta: sigma(S) = sigma0 (S/S_ref)^-beta
  double reference_revenue_yuan = 20e6;  ///< S_ref for the volatility scaling
  double opportunity_rate = 0.15;        ///< lumpy opportunities (large contracts won or lost) per firm-year
  double opportunity_size = 0.6;         ///< s.d. of the log-demand jump of an opportunity
  double employment_adjustment = 0.25;   ///< share of the gap to desired employment closed per month
  double wage_yuan_per_month = 9000;     ///< average wage per employee
  double productivity_mean_yuan = 60000; ///< revenue per employee-month at entry (mean)
  double productivity_dispersion = 0.35; ///< s.d. of log productivity at entry
  double rd_share_mean = 0.045;          ///< mean R&D/sales at entry
  double rd_share_concentration = 20;    ///< Beta concentration of R&D/sales (persistent heterogeneity)
  double st_staff_share_mean = 0.12;     ///< mean S&T staff share
  double wage_growth = 0.04;             ///< nominal wage growth per year
  double other_cost_share = 0.72;        ///< materials and other operating costs as a share of revenue
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
  double entry_cash_months = 9;          ///< entrants' starting cash in months of wage bill
  double hazard_young = 0.17;            ///< background exit hazard per year at age 0
  double hazard_old = 0.04;              ///< background exit hazard per year for old firms
  double hazard_decay_years = 4.0;       ///< age scale of the hazard's decline
  double cash_buffer_months = 2.0;       ///< firms seek credit when cash < this many months of costs
  double cash_target_months = 6.0;       ///< cash above this many months of costs is paid out...
  double payout_share = 0.2;             ///< ...at this share of the excess per month
  double loan_demand_elasticity = 0.5;   ///< loan demand vs (reference rate / effective rate)
  double credit_deepening = 0.025;       ///< yearly growth of desired leverage (financial deepening; calibrated to the seed's +13 %/yr book)
  double leverage_appetite_mean = 0.7;   ///< theta (mean over firms): desired debt = theta x Lambda x annual operating surplus, within the ceiling
  double strategic_default_rate = 0.01;  ///< base yearly default hazard of a borrower (scaled by risk shifting)
  double notching_band = 0.01;           ///< firms this close below the HTE R&D threshold raise R&D to clear it
  double valuation_growth_years = 2.0;   ///< growth premium: valuation x (1 + 3-year CAGR)^this
  double valuation_revenue_multiple = 3.0;  ///< valuation = multiple x revenue x growth premium
  int sectors = 6;
};

/// The `firms.*` keys.
void bind_keys(Binder& b, FirmParams& p);

/// Per-sector state the firm step reads (computed once per month).
struct SectorView {
  std::array<double, 64> demand_scale{};       ///< renormalises demand to the sector's market size
  std::array<double, 64> mean_productivity{};  ///< share-weighted mean A (replicator reference and imitation target)
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
  /// A firm leaves: closure (default_event false) or a borrower's default.
  void exit(World& w, Firm& f, bool default_event);

  // ---- annual review
  /// Rolls the firm's yearly books (revenue and R&D histories, volatility).
  void close_year(World& w, Firm& f);

  double wage() const { return wage_; }  ///< this month's wage per employee

  // ---- metrics: the ladder, entry and exit, employment, revenue, R&D, innovations
  static const std::vector<MetricInfo>& metrics();
  void report(const World& w, const Census& c, MetricRow& out) const;
  void restart_period() { entries_ = exits_ = innovations_ = 0; }

 private:
  /// A new firm. `origin` keys its random streams: its own space for initial
  /// firms, entrants and spin-offs, so a policy that adds spin-offs (or not)
  /// never shifts the draws of later entrants (common random numbers).
  Firm make_firm(World& w, std::int64_t id, std::uint64_t origin, Stage stage, bool entrant);
  void entry_arrival(World& w);
  void update_volatility(const World& w, Firm& f, double annual_revenue) const;

  engine::RandomStream entry_stream_;
  std::array<double, 64> market_{};  ///< sector market size, yuan per month
  double wage_ = 0;
  // Per-month constants of the firm step (computed once per month, not per firm).
  double age_decay_ = 1.0, opportunity_p_ = 0.0, opportunity_drift_ = 0.0;
  std::int64_t next_id_ = 1;
  std::uint64_t entrants_made_ = 0;
  double entries_ = 0, exits_ = 0, innovations_ = 0;  ///< period counts
};

}  // namespace innosim::model
