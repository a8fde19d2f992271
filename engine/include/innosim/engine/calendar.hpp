#pragma once
// Civil calendar arithmetic. Simulation time is in days (double) since the
// run's start date; calendar recurrences (monthly, quarterly, yearly) need
// real month lengths and leap years, so dates map to a day number exactly.
#include <cstdint>
#include <string>

namespace innosim::engine {

/// A proleptic Gregorian date.
struct Date {
  int year = 2025;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..days_in_month
  friend bool operator==(const Date&, const Date&) = default;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);
/// Days since 1970-01-01 (negative before). Exact for any valid date.
std::int64_t days_from_civil(const Date& d);
Date civil_from_days(std::int64_t days);
/// The date `months` months after (year, month), on day `anchor_day`
/// clamped to the month's length (31 Jan + 1 month = 28/29 Feb).
Date add_months_clamped(int year, int month, int anchor_day, int months);
/// "2025-01-31"
std::string to_string(const Date& d);
/// True if the fields form a real date.
bool is_valid(const Date& d);

/// Days in a year of average length; used to express rates per year.
inline constexpr double DAYS_PER_YEAR = 365.2425;

}  // namespace innosim::engine
