#pragma once
// The innovation-ecosystem model: firms on the gradient ladder and the
// finance chain (banks, risk-compensation pool, insurer, venture and
// guidance funds) on the discrete-event kernel. docs/model.md describes
// every rule (ODD protocol); this file is the code it describes.
//
// Scheduling: a monthly calendar event runs the firm step (hot loop over a
// vector of compact Firm records), a yearly event on 1 January runs the
// annual review (certification, innovation points, insurance take-up,
// venture rounds, budgets), and firm entry is a Poisson stream of events.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <memory>

#include "innosim/engine/random.hpp"
#include "innosim/engine/resource.hpp"
#include "innosim/engine/simulator.hpp"
#include "innosim/model/firm.hpp"
#include "innosim/model/ledger.hpp"
#include "innosim/model/params.hpp"

namespace innosim::model {

/// What a metric's value at a sample time is, which says how it may be
/// summarised over a run (docs/model.md, "Metrics"; output/SCHEMA.md).
enum class MetricKind : std::uint8_t {
  /// A level at the sample time (firms alive, loans outstanding): read at a date, never summed over time.
  stock = 0,
  /// An amount over the sampling period that ends at the sample (new loans, spending): summed over a span,
  /// so a run's total is the sum of its series; the value at t = 0 is what happened as the run set up.
  flow = 1,
  /// A mean, share or rate over the sampling period that ends at the sample (pilot utilisation, mean wait):
  /// neither a level nor summable; its period is the sampling period, like a flow's.
  mean = 2,
};
/// "stock", "flow" or "mean": the name the results file records.
const char* metric_kind_name(MetricKind kind);

/// A reported metric: stable name, unit, one-line description and kind.
/// The unit is that of one value; for a flow it is the amount over one
/// sampling period ("yuan": a monthly run's value is yuan per month).
struct MetricInfo {
  const char* name;
  const char* unit;
  const char* description;
  MetricKind kind;
};
/// The metrics every run reports, in output order.
const std::vector<MetricInfo>& metric_catalogue();
/// Index of a metric by name (throws if unknown).
std::size_t metric_index(const std::string& name);

/// Kinds of logged events. Codes are stable: they are written to files.
enum class EventKind : std::uint8_t {
  entry = 0, exit = 1, loan_default = 2, loan = 3, innovation = 4, certification = 5,
  investment = 6, venture_exit = 7, insurance_claim = 8, pool_payout = 9
};
inline constexpr int EVENT_KIND_COUNT = 10;
inline constexpr const char* EVENT_KIND_NAMES[EVENT_KIND_COUNT] = {
    "entry", "exit", "loan_default", "loan", "innovation", "certification",
    "investment", "venture_exit", "insurance_claim", "pool_payout"};

/// Receives the opt-in firm panel and event log while a run goes; the
/// output writer implements it (the model never touches files).
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void on_firm(double t_years, const Firm& f) = 0;
  virtual void on_event(double t_years, std::int64_t firm_id, EventKind kind, double amount_yuan) = 0;
  /// Which streams the observer wants.
  virtual bool wants_panel() const = 0;
  virtual bool wants_events() const = 0;
};

/// The result of comparing the books (see Ledger).
struct BookCheck {
  double worst_gap = 0.0;     ///< largest relative gap found
  std::string worst;          ///< what it was
  bool budgets_ok = true;     ///< no programme spent more than its budget
  bool ok(double tolerance = 1e-9) const { return worst_gap <= tolerance && budgets_ok; }
};

/// One replication's output: series[metric][sample], sampled at time_years.
struct RunResult {
  std::vector<double> time_years;
  std::vector<std::vector<double>> series;
  BookCheck books;
  std::uint64_t events = 0;
  std::uint64_t firm_months = 0;
};

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

struct Bank {
  double cash = 0;
  double loan_book = 0;
  double losses = 0;
};

/// Programmes with a fiscal line (fiscal_<name> metrics, same order).
enum class Fiscal : std::uint8_t {
  interest_subsidy, risk_pool, insurance, guidance_fund,
  research_fund, concept_verification, matching_platform, points_support, open_competition,
  tech_upgrade_provincial, tech_upgrade_city, digital_transformation, tech_centres, talent_subsidy,
  engineer_training, vouchers, pilot_zones, pilot_platforms, innovation_consortia, talent_services, liaison_officers,
  count
};
inline constexpr int FISCAL_COUNT = static_cast<int>(Fiscal::count);
inline constexpr const char* FISCAL_NAMES[FISCAL_COUNT] = {
    "interest_subsidy", "risk_pool", "insurance", "guidance_fund",
    "research_fund", "concept_verification", "matching_platform", "points_support", "open_competition",
    "tech_upgrade_provincial", "tech_upgrade_city", "digital_transformation", "tech_centres", "talent_subsidy",
    "engineer_training", "vouchers", "pilot_zones", "pilot_platforms", "innovation_consortia",
    "talent_services", "liaison_officers"};

/// An innovation consortium (创新联合体): a chain-leader firm, member firms of
/// its sector and a partner lab (7.25). Kept after it ends, for the record.
struct Consortium {
  std::int64_t leader = 0;
  std::vector<std::int64_t> members;
  int sector = 0;
  int formed_year = 0;
  int years_run = 0;        ///< yearly rounds done (funded or not)
  double grants = 0;        ///< government grants paid to it so far (yuan)
  double cofunding = 0;     ///< the leader's co-funding so far (yuan)
  bool active = true;       ///< running; false once it broke through, ran its D years or lost its leader
  bool breakthrough = false;
};

class Ecosystem {
 public:
  /// Builds the initial population for replication `replication` of a run
  /// with `seed`. Throws ModelError on inconsistent parameters.
  Ecosystem(const Params& p, std::uint64_t seed, std::uint64_t replication, RunObserver* observer = nullptr);

  /// Runs to the horizon and returns the sampled metrics.
  RunResult run();
  /// Runs up to `years` since the start (for tests; run() continues from there).
  void run_until_years(double years);
  /// Compares the ledger with the agents' own balances (see BookCheck).
  BookCheck check_books() const;
  /// Calls check_books() at every sample and throws ModelError if it fails.
  void set_check_books_every_sample(bool on) { check_every_sample_ = on; }

  const std::vector<Firm>& firms() const { return firms_; }
  /// A bank's appraisal score of a firm in [0, 1] (higher is safer).
  double appraisal_score(const Firm& f) const;
  const Ledger& ledger() const { return ledger_; }
  const std::vector<Bank>& banks() const { return banks_; }
  const std::vector<VentureFund>& venture_funds() const { return funds_; }
  double years() const { return sim_.now() / engine::DAYS_PER_YEAR; }
  const Params& params() const { return p_; }
  double pool_cash() const { return pool_cash_; }
  bool pool_suspended() const { return pool_suspended_; }
  double fiscal_total(Fiscal f) const { return fiscal_total_[static_cast<int>(f)]; }
  /// Every consortium formed so far, running or ended, in order of formation.
  const std::vector<Consortium>& consortia() const { return consortia_; }

 private:
  // Setup
  void create_initial_population();
  /// A new firm. `origin` keys its random streams: its own space for initial
  /// firms, entrants and spin-offs, so a policy that adds spin-offs (or not)
  /// never shifts the draws of later entrants (common random numbers).
  Firm make_firm(std::int64_t id, std::uint64_t origin, Stage stage, bool entrant);
  void schedule_events();
  // Events
  void monthly_step();
  void annual_review();
  void entry_arrival();
  /// A new firm: an ordinary entrant or a lab spin-off carrying a result of `quality`.
  void spawn_firm(bool spinoff, double quality, std::uint64_t result_id = 0);
  // Firm rules
  /// Per-sector state the firm step reads (computed once per month).
  struct SectorView {
    std::array<double, 64> demand_scale{};  ///< renormalises demand to the sector's market size
    std::array<double, 64> mean_productivity{};  ///< share-weighted mean A (replicator reference and imitation target)
  };
  void step_firm(Firm& f, const SectorView& sv);
  void service_loan(Firm& f);
  void subsidy_applications();
  void seek_credit(Firm& f, bool emergency);
  /// The loan a bank offers (0: refused) and its rate, on covered or ordinary terms.
  double loan_offer(const Firm& f, bool emergency, bool covered, double& rate) const;
  double credit_ceiling(const Firm& f, bool covered) const;
  bool subsidy_eligible(const Firm& f) const;
  bool pool_eligible(const Firm& f) const;
  void insurance_month(Firm& f);
  void exit_firm(Firm& f, bool default_event);
  void certify(Firm& f);
  void venture_round();
  void venture_exits();
  void raise_funds(int year);
  void close_funds(double now_year);
  void compute_innovation_points();
  // Part 2: the innovation chain (transfer.cpp) and programmes (programmes.cpp)
  struct Result {
    std::int64_t id;
    double quality;    ///< productivity gain for the adopter
    double trl;        ///< technology-readiness level
    double created;    ///< years since start
    std::uint16_t sector;
    std::uint8_t mode;  ///< 0 sale, 1 licence, 2 use-first-pay-later
    bool verifying;
    std::uint8_t attempts;  ///< verification attempts so far (keys each attempt's draws)
  };
  struct Incubator {
    int tier;
    double capacity;
    double tenants;
  };
  struct ChallengeProject {
    std::int64_t firm;
    int milestones_left;
    double payment;
  };
  void setup_part2();
  void schedule_part2();
  void lab_result_arrival();
  void schedule_lab_arrival();
  void verify_result(std::size_t index);
  void matching_event();
  void expire_results();
  void admit_to_incubator(Firm& f);
  void leave_incubator(Firm& f, bool graduation);
  /// An innovation of size `gain` (productivity share): applied at once, or
  /// after a pilot test the firm books (or gives up on) if it is a prototype.
  void innovation_to_market(Firm& f, double gain, std::uint64_t purpose_counter);
  void pilot_decide(Firm& f, std::uint64_t counter, int attempt);
  void pilot_request(std::int64_t id, double hours, int platform);
  void pilot_start(std::int64_t id, double hours, int platform, double requested);
  void pilot_done(std::int64_t id, int platform);
  double platform_hours_per_day(int platform) const;
  Firm* find_firm(std::int64_t id);
  void annual_programmes();
  /// Innovation consortia: the running ones' year, then new ones (7.25).
  void innovation_consortia();
  /// One consortium year: grant, co-funding, lab share, breakthrough draw.
  void consortium_year(std::size_t index);
  /// The labs' stakes for technology at the firms' valuations (7.18).
  double lab_equity_value() const;
  /// Owner payout of a firm; a stake held by labs for technology takes its share (7.18).
  void owner_payout(Firm& f, double amount);
  /// Income the labs receive: they pass the researchers' share on (7.15).
  void labs_income(double amount);
  /// Whether a deal is on equity terms, and the stake: the result's own draw (7.18).
  double equity_stake(const Result& r, const Firm& f, double price) const;
  /// Talent services: buys the year's service places for talent (7.23).
  void talent_services();
  /// Liaison officers: hires the year's officers for the top innovation-points firms (7.13).
  void liaison_officers();
  /// Pays a grant by the programme's delivery mode: at once (automatic) or,
  /// for the firms that apply, after the approval delay (application).
  void grant(Firm& f, Fiscal line, const Programme& pr, double amount, std::uint64_t purpose);
  void grant_paid(std::int64_t id, double amount, Fiscal line, int year);
  /// Whether a firm takes part in a programme this year: always when delivery
  /// is automatic, else when it applies (its take-up draw).
  bool applies(const Firm& f, const Programme& pr, std::uint64_t purpose) const;
  /// The firm's take-up share for a programme in application mode (raised by a liaison officer).
  double take_up_of(const Firm& f, const Programme& pr) const;
  /// The firm's yearly application draw for a purpose.
  double apply_draw(const Firm& f, std::uint64_t purpose) const;
  double reserve_budget(Fiscal line, const Programme& pr, double amount);
  void pay_reserved(Fiscal line, double amount, Account to);
  void open_budgets();
  const Programme& programme_of(Fiscal line) const;
  void talent_month();
  void talent_month_factor();
  // Accounting helpers
  void pay(Firm& f, Account to, double amount, Flow kind);     // firm -> other
  void receive(Firm& f, Account from, double amount, Flow kind);  // other -> firm
  double spend_budget(Fiscal prog, const Programme& programme, double amount);
  /// Stocks summed over alive firms for a sample.
  struct Census {
    std::array<double, STAGE_COUNT> stages{};
    double alive = 0, employment = 0, debt = 0, insured = 0, covered = 0, borrowers = 0, incubated = 0, digitalised = 0;
    void add(const Firm& f) {
      alive += 1;
      stages[static_cast<int>(f.stage)] += 1;
      employment += f.employees;
      debt += f.debt;
      insured += f.insurance_cover > 0;
      covered += f.covered_debt;
      borrowers += f.debt > 0;
      incubated += f.incubated;
      digitalised += f.digitalised;
    }
  };
  Census census() const;
  /// Records a sample; the census is taken by the caller (the monthly step
  /// takes it in its own loop, saving a pass over the firms).
  void sample(const Census& c);
  void emit(EventKind k, const Firm& f, double amount);
  // Draws
  static double u(const Firm& f, std::uint64_t purpose, std::uint64_t counter) {
    return engine::hashed_uniform(f.stream, purpose, counter);
  }
  int calendar_year() const;
  double stage_round(Stage s) const;

  Params p_;
  std::uint64_t seed_, replication_;
  RunObserver* observer_;
  bool want_panel_ = false, want_events_ = false;
  engine::Simulator sim_;
  engine::RandomStream entry_stream_;
  Ledger ledger_;
  std::vector<Firm> firms_;
  std::vector<Bank> banks_;
  std::int64_t next_id_ = 1;
  std::uint64_t entrants_made_ = 0;
  std::uint64_t month_ = 0;  // months completed
  int year_ = 0;             // calendar year whose rules apply (see calendar_year())
  double last_panel_time_ = 0;
  std::array<double, 64> market_{};  // sector market size, yuan per month
  double wage_ = 0;
  // Per-month constants of the firm step (computed once per month, not per firm).
  double deepening_ = 1.0, age_decay_ = 1.0, default_p_ = 0.0, loss_p_ = 0.0, opportunity_p_ = 0.0, opportunity_drift_ = 0.0;
  void update_volatility(Firm& f, double annual_revenue) const;

  // Risk pool
  double pool_cash_ = 0, pool_covered_outstanding_ = 0, pool_defaults_12m_ = 0;
  std::array<double, 12> pool_default_ring_{};
  bool pool_suspended_ = false, pool_funded_ = false;
  // Insurer, funds, government
  double insurer_cash_ = 0, guidance_cash_ = 0, bonds_outstanding_ = 0;
  std::vector<VentureFund> funds_;
  double government_cash_ = 0;
  std::array<double, FISCAL_COUNT> budget_left_{}, budget_year_{}, spent_year_{}, fiscal_period_{}, fiscal_total_{};

  // Part 2 state
  std::vector<Result> results_;
  std::vector<std::unique_ptr<engine::Resource>> platforms_;  // local platforms, then the other-city pool (last)
  std::unique_ptr<engine::Resource> verification_;
  std::vector<Incubator> incubators_;
  std::vector<ChallengeProject> challenges_;
  std::vector<Consortium> consortia_;
  engine::RandomStream lab_stream_, match_stream_;
  double labs_cash_ = 0, platforms_cash_ = 0;
  double talent_stock_ = 0, talent_factor_ = 1.0, st_demand_ = 0;
  double research_rate_per_day_ = 0;
  std::uint64_t results_made_ = 0;
  // Part 2 period accumulators
  double results_period_ = 0, recommendations_ = 0, deals_ = 0, bookings_ = 0, wait_sum_ = 0, wait_n_ = 0,
         graduations_ = 0, ttm_sum_ = 0, ttm_n_ = 0, pilots_abandoned_ = 0, grant_eligible_ = 0,
         grant_received_ = 0, grant_delay_sum_ = 0, grant_delay_n_ = 0, spinoffs_ = 0, sme_deals_ = 0;
  double points_supported_ = 0;
  double consortium_breakthroughs_ = 0, consortium_cofunding_ = 0;
  double talent_served_ = 0;  ///< N: talent holding a service place this year (persons, 7.23)
  double talent_retained_ = 0, talent_attracted_ = 0;  ///< period: outflow avoided, inflow added by the services
  double liaison_firms_ = 0;         ///< top-N firms with a liaison officer this year (7.13)
  double equity_deals_ = 0, equity_income_ = 0;  ///< period: deals on equity terms, the labs' dividends and stake sales (7.18)
  std::uint64_t equity_deals_total_ = 0;         ///< deals on equity terms so far (0: no stake anywhere)
  double liaison_applications_ = 0;  ///< period: applications only the officers brought about
  double vouchers_used_ = 0, vouchers_additional_ = 0, prototypes_ = 0, fast_to_market_ = 0, exit_proceeds_ = 0;

  // Period accumulators for metrics
  double entries_ = 0, exits_ = 0, innovations_ = 0, defaults_ = 0, new_loans_ = 0, venture_inv_ = 0,
         pool_payouts_ = 0;
  std::vector<std::vector<double>> series_;
  std::vector<double> times_;
  std::uint64_t firm_months_ = 0;
  bool check_every_sample_ = false;
  BookCheck last_check_;
};

}  // namespace innosim::model
