#pragma once
// Innovation to market: shared pilot-test (中试) platforms, their booking
// queues, 24-hour zones and new platforms built by the city (docs/model.md
// 2.12, 7.20).
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;

struct PilotParams {
  int platforms = 31;                     ///< local platforms (seed: 31 surveyed)
  int provincial = 6;                     ///< of which provincial-level (seed: 6)
  int provincial_machines = 2;            ///< machine sets of a provincial-level platform (assumption: the quality threshold means more equipment)
  int new_platforms = 0;                  ///< platforms added by policy
  int machines_per_platform = 1;          ///< parallel machine sets per platform
  double hours_per_day = 10;              ///< opening hours of an ordinary platform
  int twenty_four_hour_zones = 0;         ///< platforms open 24 hours (youth pilot zones)
  double zone_subsidy_yuan_per_year = 1e6;  ///< government pays each 24-hour zone's extra opening
  double new_platform_cost_yuan = 20e6;   ///< government cost of building a new platform
  double hourly_price_yuan = 900;         ///< machine-hour price
  double booking_hours_mean = 300;        ///< mean machine hours of a pilot test (exponential)
  double prototype_share = 0.5;           ///< share of innovations that need pilot testing before they pay
  double missing_equipment_share = 0.25;  ///< share of tests needing equipment only other cities have
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

}  // namespace innosim::model
