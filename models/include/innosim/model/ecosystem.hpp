#pragma once
// The innovation-ecosystem model: firms on the gradient ladder, the finance
// chain, the innovation chain from labs to market, the talent pool and the
// government's programmes, on the discrete-event kernel. docs/model.md
// describes every rule (ODD protocol); models/README.md maps each module
// (one per actor and per instrument, under firms/, finance/, innovation/,
// talent/ and government/) to its section.
//
// Ecosystem is the composition: it owns the World (world.hpp: what the
// modules share, and the modules) and runs it. A monthly calendar event
// runs the firm step (hot loop over a vector of compact Firm records), a
// yearly event on 1 January runs the annual review (certification,
// innovation points, budgets, the programmes, venture rounds), firm entry
// is a Poisson stream of events, and the modules schedule their own events
// (lab results, matching events, pilot tests, grant payments).
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "innosim/model/firm.hpp"
#include "innosim/model/ledger.hpp"
#include "innosim/model/metrics.hpp"
#include "innosim/model/observer.hpp"
#include "innosim/model/params.hpp"
#include "innosim/model/world.hpp"

namespace innosim::model {

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

class Ecosystem {
 public:
  /// Builds the initial population for replication `replication` of a run
  /// with `seed`. Throws ModelError on inconsistent parameters.
  Ecosystem(const Params& p, std::uint64_t seed, std::uint64_t replication, RunObserver* observer = nullptr);
  Ecosystem(const Ecosystem&) = delete;
  Ecosystem& operator=(const Ecosystem&) = delete;

  /// Runs to the horizon and returns the sampled metrics.
  RunResult run();
  /// Runs up to `years` since the start (for tests; run() continues from there).
  void run_until_years(double years);
  /// Compares the ledger with the agents' own balances (see BookCheck).
  BookCheck check_books() const;
  /// Calls check_books() at every sample and throws ModelError if it fails.
  void set_check_books_every_sample(bool on) { check_every_sample_ = on; }

  const std::vector<Firm>& firms() const { return w_.firms; }
  /// For tests of order independence: reverses the order in which the
  /// monthly loop visits the firms (before the run; draws are keyed by firm,
  /// not position, so an allocation that is fair by design does not change).
  /// The vector is then no longer sorted by id, so finding a firm by id
  /// searches it (World::find_firm).
  void reverse_firm_order() {
    std::reverse(w_.firms.begin(), w_.firms.end());
    w_.firms_by_id = false;
  }
  /// A bank's appraisal score of a firm in [0, 1] (higher is safer).
  double appraisal_score(const Firm& f) const { return w_.banks.appraisal_score(w_, f); }
  /// What the firm's bank would lend it now towards `wanted` (a working-capital
  /// request, or an all-or-nothing equipment loan), and on ordinary terms alone (7.7d).
  Banks::Quote credit_quote(const Firm& f, double wanted, bool all_or_nothing) const {
    return w_.banks.quote(w_, f, wanted, all_or_nothing);
  }
  /// The firm's collateral room under the collateral test (7.7d; infinite when it is off).
  double collateral_room(const Firm& f) const { return w_.banks.collateral_room(w_, f, 0.0); }
  /// Whether the firm's cash flow services its debt (such a borrower never defaults, 7.5).
  bool services_debt(const Firm& f) const { return w_.finance.services_debt(w_, f); }
  const Ledger& ledger() const { return w_.ledger; }
  const std::vector<Bank>& banks() const { return w_.banks.banks(); }
  const std::vector<VentureFund>& venture_funds() const { return w_.venture.funds(); }
  double guidance_fee_owed() const { return w_.venture.guidance_fee_owed(); }  ///< management fees the guidance fund owes (7.11)
  /// Management fees the guidance fund advanced from principal and has not made up from gains (7.11).
  double guidance_fees_advanced() const { return w_.venture.guidance_fees_advanced(); }
  double guidance_fees_made_up() const { return w_.venture.guidance_fees_made_up(); }  ///< advances made up from gains (7.11)
  double years() const { return w_.years(); }
  const Params& params() const { return w_.p; }
  double pool_cash() const { return w_.risk_pool.cash(); }
  /// The tech-credit product's concessional principal outstanding (7.7; yuan).
  double concessional_balance() const { return w_.tech_credit.concessional_balance(); }
  bool pool_suspended() const { return w_.risk_pool.suspended(); }
  double fiscal_total(Fiscal f) const { return w_.government.fiscal_total(f); }
  /// What the government owes on a line now and pays later (2.6: accrued liabilities).
  double owed(Fiscal f) const { return w_.government.owed(w_, f); }
  /// The premium-subsidy share firms expect this year (7.10).
  double insurance_expected_subsidy_share() const { return w_.insurer.expected_subsidy_share(); }
  /// The pricing rule's view of a firm this month (7.3): its price, its unit cost, its sector's mean unit cost.
  double price(const Firm& f) const { return w_.dynamics.price(f); }
  double unit_cost(const Firm& f) const { return w_.dynamics.unit_cost(f); }
  /// phi_i: the share of a change in its own unit cost the firm passes into its price this month (7.1).
  double pass_through(const Firm& f) const { return w_.dynamics.pass_through(f); }
  double sector_unit_cost(int sector) const { return w_.dynamics.sector_unit_cost(sector); }
  /// A process innovation of `gain` for one firm now (7.3): a test's
  /// treatment, between run_until_years() and run().
  void improve_process(std::int64_t id, double gain) {
    if (Firm* f = w_.find_firm(id)) w_.dynamics.improve_process(*f, gain);
  }
  /// The last premium-subsidy reimbursement (7.10): claims, payments, the range of payment per yuan of claim.
  const Insurer::Reimbursement& insurance_reimbursement() const { return w_.insurer.last_reimbursement(); }
  /// Every consortium formed so far, running or ended, in order of formation.
  const std::vector<Consortium>& consortia() const { return w_.consortia.consortia(); }
  /// Every open-competition project awarded so far, running or ended, in award order.
  const std::vector<ChallengeProject>& challenge_projects() const { return w_.open_competition.projects(); }

 private:
  // The schedule: each a short list of calls into the modules.
  void set_up();
  void schedule_events();
  void monthly_step();
  void annual_review();
  void yearly_programmes();
  void close_accounts();
  // Sampling
  Census census() const;
  void sample(const Census& c);

  World w_;
  std::vector<std::vector<double>> series_;
  std::vector<double> times_;
  std::uint64_t firm_months_ = 0;
  double last_panel_time_ = 0;
  bool check_every_sample_ = false;
  BookCheck last_check_;
};

}  // namespace innosim::model
