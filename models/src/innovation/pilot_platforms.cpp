#include "innosim/model/innovation/pilot_platforms.hpp"

#include "binder.hpp"

namespace innosim::model {

void bind_platform_keys(Binder& b, PilotParams& pp) {
  b.section("institutions.pilot_platforms", "Shared pilot-test (中试) platforms: booking queue, machine hours, hourly billing.");
  b.integer("institutions.pilot_platforms.count", pp.platforms, "platforms", 0, 100000, "Local platforms (seed: 31 surveyed).");
  b.integer("institutions.pilot_platforms.provincial", pp.provincial, "platforms", 0, 100000, "Of which provincial-level (seed: 6).");
  b.integer("institutions.pilot_platforms.provincial_machines", pp.provincial_machines, "machine sets", 0, 10000,
            "Machine sets of a provincial-level platform.");
  b.integer("institutions.pilot_platforms.machines_per_platform", pp.machines_per_platform, "machine sets", 0, 10000, "Parallel machine sets per platform.");
  b.number("institutions.pilot_platforms.hours_per_day", pp.hours_per_day, "hours per day", 0.5, 24, "Opening hours of an ordinary platform.");
  b.number("institutions.pilot_platforms.hourly_price_yuan", pp.hourly_price_yuan, "yuan per machine-hour", 0, 1e8, "Price of a machine-hour.");
  b.number("institutions.pilot_platforms.booking_hours_mean", pp.booking_hours_mean, "machine-hours", 0.1, 1e6, "Mean machine hours of a pilot test (exponential).");
  b.number("institutions.pilot_platforms.prototype_share", pp.prototype_share, "share", 0, 1, "Share of innovations that need pilot testing before they pay.");
  b.number("institutions.pilot_platforms.missing_equipment_share", pp.missing_equipment_share, "share", 0, 1,
           "Share of tests needing equipment only other cities have.");
  b.number("institutions.pilot_platforms.remote_travel_days", pp.remote_travel_days, "days", 0, 365, "Extra delay of a test in another city.");
  b.number("institutions.pilot_platforms.remote_price_multiple", pp.remote_price_multiple, "", 0, 100, "Price in other cities relative to local.");
  b.number("institutions.pilot_platforms.value_years", pp.value_years, "years", 0, 100, "Years of the gain a firm weighs against the bill.");
  b.number("institutions.pilot_platforms.retry_days", pp.retry_days, "days", 0, 3650, "A firm that puts a test off tries again after this.");
  b.integer("institutions.pilot_platforms.max_retries", pp.max_retries, "retries", 0, 1000, "Retries before the firm gives up on the test.");
  b.number("institutions.pilot_platforms.price_tolerance", pp.price_tolerance, "", 1e-6, 100,
           "P(proceed) = exp(-net bill / (tolerance x value)); calibrated so vouchers are ~80 % additional.");
}

void bind_zone_keys(Binder& b, PilotParams& pp) {
  b.section("policies.pilot_24h_zones", "24-hour open pilot workshops (youth pilot zones): some platforms open around the clock.");
  b.programme("policies.pilot_24h_zones", pp.twenty_four, false, "", false, false);
  b.integer("policies.pilot_24h_zones.zones", pp.twenty_four_hour_zones, "platforms", 0, 100000, "Platforms open 24 hours.");
  b.number("policies.pilot_24h_zones.subsidy_yuan_per_zone", pp.zone_subsidy_yuan_per_year, "yuan per year", 0, 1e10, "Government cost of a zone's extra opening.");
}

void bind_new_platform_keys(Binder& b, PilotParams& pp) {
  b.section("policies.new_pilot_platforms", "New pilot platforms built by the city.");
  b.integer("policies.new_pilot_platforms.count", pp.new_platforms, "platforms", 0, 100000, "Platforms added at the start.");
  b.number("policies.new_pilot_platforms.cost_yuan", pp.new_platform_cost_yuan, "yuan", 0, 1e12, "Government cost of building one.");
}

}  // namespace innosim::model
