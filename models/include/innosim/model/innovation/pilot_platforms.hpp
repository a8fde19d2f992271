#pragma once
// Innovation to market (docs/model.md 2.12, 7.20): an innovation that is a
// prototype needs a pilot test before it pays; the firm weighs the bill
// (net of a machine-hour voucher, vouchers.hpp) against the gain, books a
// shared pilot-test (中试) platform (a kernel resource with a booking
// queue) locally or, for a test type the city lacks the equipment for, in
// another city, or puts it off and retries. New platforms bring missing
// test types (docs/model.md 7.20, pilot capability). Also the
// city's 24-hour zones and new platforms, whose costs are fixed by the
// configuration.
#include <cstdint>
#include <memory>
#include <vector>

#include "innosim/engine/resource.hpp"
#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;

struct PilotParams {
  int platforms = 31;                     ///< local platforms (seed: 31 surveyed)
  int provincial = 6;                     ///< of which provincial-level (seed: 6)
  int provincial_machines = 2;            ///< machine sets of a provincial-level platform (assumption: the quality threshold means more equipment)
  int new_platforms = 0;                  ///< platforms added by policy
  int new_machines = 2;                   ///< machine sets of a new platform (built to the provincial standard)
  int machines_per_platform = 1;          ///< parallel machine sets per platform
  double hours_per_day = 10;              ///< opening hours of an ordinary platform
  int twenty_four_hour_zones = 0;         ///< platforms open 24 hours (youth pilot zones)
  double zone_subsidy_yuan_per_year = 1e6;  ///< government pays each 24-hour zone's extra opening
  double new_platform_cost_yuan = 20e6;   ///< government cost of building a new platform
  double hourly_price_yuan = 900;         ///< machine-hour price
  double booking_hours_mean = 300;        ///< mean machine hours of a pilot test (exponential)
  double prototype_share = 0.5;           ///< share of innovations that need pilot testing before they pay
  int test_types = 20;                    ///< kinds of pilot test (equipment and capability), equally likely
  int missing_types = 5;                  ///< of which no local platform can run (the first ones): tests go to other cities
  bool new_adds_missing = true;           ///< each new platform brings one missing type (the last missing first)
  int new_opening_year = 0;               ///< calendar year the new platforms open (0: at the start)
  double remote_travel_days = 7;          ///< extra delay of a test in another city
  double remote_price_multiple = 1.3;     ///< price in other cities relative to local
  double value_years = 2;                 ///< years of the innovation's gain a firm weighs against the bill
  double retry_days = 90;                 ///< a firm that puts a test off tries again after this
  int max_retries = 3;                    ///< ... and gives up after this many retries
  double price_tolerance = 0.015;         ///< P(proceed) = exp(-net bill / (tolerance x value)) (calibrated: voucher additionality ~0.8, the Dutch voucher lottery)
  Programme twenty_four{.enabled = false};  ///< 24-hour zones programme (switch + window)
};

/// The `institutions.pilot_platforms.*` keys.
void bind_platform_keys(Binder& b, PilotParams& p);
/// The `policies.pilot_24h_zones.*` keys.
void bind_zone_keys(Binder& b, PilotParams& p);
/// The `policies.new_pilot_platforms.*` keys.
void bind_new_platform_keys(Binder& b, PilotParams& p);

class PilotPlatforms {
 public:
  explicit PilotPlatforms(World& w);  ///< registers the 24-hour zones' and new platforms' fiscal lines
  /// The local platforms (new ones included) and the other cities' pool (last).
  void setup(World& w);
  /// An innovation of size `gain` (productivity share): applied at once, or
  /// after a pilot test the firm books (or gives up on) if it is a prototype.
  void innovation_to_market(World& w, Firm& f, double gain, std::uint64_t counter);
  /// The year's fixed costs: the 24-hour zones' opening, new platforms (in the first year).
  void pay_fixed_costs(World& w);

  double cash() const { return cash_; }
  /// Test types the city lacks now (no open local platform can run them).
  int missing_types(const World& w) const;
  /// Whether test type `k` can only be run in another city now.
  bool type_missing(const World& w, int k) const;

  // ---- metrics: bookings, waits, utilisation; time to market, prototypes, fast, abandoned
  static const std::vector<MetricInfo>& booking_metrics();
  void report_bookings(MetricRow& out) const;
  static const std::vector<MetricInfo>& capability_metrics();
  void report_capability(const World& w, MetricRow& out) const;
  static const std::vector<MetricInfo>& market_metrics();
  void report_market(MetricRow& out) const;
  /// Restarts the period counts and the platforms' utilisation averages.
  void restart_period();

 private:
  void decide(World& w, Firm& f, std::uint64_t counter, int attempt);
  void request(World& w, std::int64_t id, double hours, int platform);
  void start(World& w, std::int64_t id, double hours, int platform, double requested);
  void done(World& w, std::int64_t id, int platform);
  double hours_per_day(const World& w, int platform) const;
  bool new_platforms_open(const World& w) const;

  std::vector<std::unique_ptr<engine::Resource>> platforms_;  ///< local platforms, then the other-city pool (last)
  double cash_ = 0;
  // period
  double bookings_ = 0, wait_sum_ = 0, wait_n_ = 0, ttm_sum_ = 0, ttm_n_ = 0, prototypes_ = 0, fast_to_market_ = 0,
         abandoned_ = 0, elsewhere_ = 0, unfinanced_ = 0;
};

}  // namespace innosim::model
