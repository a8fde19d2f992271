#pragma once
// Labs and universities (docs/model.md 2.8, 7.15, 7.16): research results
// arriving as a Poisson stream, their disclosure, spin-offs, the pool of
// results waiting for an adopter, the researchers' share of transfer
// income, and the joint basic-research fund that pays the labs.
#include <cstdint>
#include <vector>

#include "innosim/engine/random.hpp"
#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;

/// Labs and universities: research results, licensing, spin-offs.
struct LabParams {
  double researchers = 1200;              ///< researchers in labs, universities and institutes
  double results_per_researcher_year = 0.5;  ///< transferable results per researcher-year, before disclosure
  double disclosure_base = 0.35;          ///< share of results disclosed for transfer at a zero researcher share
  double disclosure_per_share = 0.5;      ///< extra disclosure per unit of researcher revenue share
  double researcher_share = 0.7;          ///< researchers' share of transfer income (seed: "30/70")
  double trl_mean = 3.5;                  ///< mean technology-readiness level of a new result (1-9)
  double quality_mean = 0.06;             ///< mean productivity gain a result brings its adopter
  double licence_fee_yuan = 400000;       ///< price of a result (sale or licence)
  double sale_share = 0.3;                ///< share of results sold outright (the rest licensed)
  double spinoff_share = 0.02;            ///< share of disclosed results that become spin-off firms
  double result_life_years = 4;           ///< unadopted results leave the pool after this
};

/// Joint basic-research fund with the provincial science foundation.
struct ResearchFundParams {
  Programme programme{.enabled = true, .budget_yuan = Scheduled(20e6)};
  double results_per_million_yuan = 2.0;  ///< extra disclosed-before results per million yuan a year
};

/// The `institutions.labs.*` keys.
void bind_keys(Binder& b, LabParams& p);
/// The `policies.research_fund.*` keys.
void bind_keys(Binder& b, ResearchFundParams& p);

/// A research result disclosed for transfer, waiting for an adopter.
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

class Labs {
 public:
  explicit Labs(World& w);  ///< registers the research fund's fiscal line
  /// The labs' stream (its first draws place the initial incubator tenants, see Incubators::setup).
  void setup(World& w);
  engine::RandomStream& stream() { return stream_; }
  /// The next result's arrival (or, with no research, a look at the next review).
  void schedule_arrival(World& w);
  /// The joint basic-research fund pays the labs; this year's results rate.
  void research_year(World& w);
  /// Unadopted results leave the pool after their life.
  void expire_results(World& w);
  /// Transfer income (fees, dividends, stake sales): the researchers' share passes on to them.
  void income(World& w, double amount);
  /// Money for research (a consortium's lab share): the labs keep it.
  void receive(double amount) { cash_ += amount; }

  std::vector<Result>& results() { return results_; }
  double cash() const { return cash_; }

  // ---- metrics: results disclosed; spin-offs
  static const std::vector<MetricInfo>& result_metrics();
  void report_results(MetricRow& out) const { out.push_back(results_period_); }
  static const std::vector<MetricInfo>& spinoff_metrics();
  void report_spinoffs(MetricRow& out) const { out.push_back(spinoffs_); }
  void restart_period() { results_period_ = spinoffs_ = 0; }

 private:
  void arrival(World& w);

  engine::RandomStream stream_;
  std::vector<Result> results_;
  double cash_ = 0, rate_per_day_ = 0;
  std::uint64_t results_made_ = 0;
  double results_period_ = 0, spinoffs_ = 0;  ///< period
};

}  // namespace innosim::model
