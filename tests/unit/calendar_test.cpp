#include "innosim/engine/calendar.hpp"

#include <gtest/gtest.h>

using namespace innosim::engine;

TEST(Calendar, LeapYears) {
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_FALSE(is_leap_year(2025));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2025, 2), 28);
  EXPECT_EQ(days_in_month(2100, 2), 28);
  EXPECT_EQ(days_in_month(2025, 4), 30);
}

TEST(Calendar, DayNumbersRoundTrip) {
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(days_from_civil({2000, 3, 1}), 11017);
  for (std::int64_t z = -800000; z < 800000; z += 37) {
    const Date d = civil_from_days(z);
    ASSERT_TRUE(is_valid(d));
    ASSERT_EQ(days_from_civil(d), z);
  }
}

TEST(Calendar, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(add_months_clamped(2025, 1, 31, 1), (Date{2025, 2, 28}));
  EXPECT_EQ(add_months_clamped(2024, 1, 31, 1), (Date{2024, 2, 29}));
  EXPECT_EQ(add_months_clamped(2025, 1, 31, 2), (Date{2025, 3, 31}));
  EXPECT_EQ(add_months_clamped(2025, 11, 30, 3), (Date{2026, 2, 28}));
  EXPECT_EQ(add_months_clamped(2024, 2, 29, 12), (Date{2025, 2, 28}));
  EXPECT_EQ(add_months_clamped(2024, 2, 29, 48), (Date{2028, 2, 29}));
  EXPECT_EQ(to_string(Date{2025, 3, 7}), "2025-03-07");
}
