#pragma once
// Certification rules of the gradient ladder, as pure functions so tests
// and docs can check them against the regulations.
#include <algorithm>

#include "innosim/model/firm.hpp"

namespace innosim::model {

/// HTE rule: 3-year R&D / sales must reach 5 %, 4 % or 3 % for revenue up to
/// 50 m, up to 200 m, and above 200 m yuan (2016 HTE administrative measures).
inline double hte_rd_threshold(double annual_revenue_yuan) {
  if (annual_revenue_yuan <= 50e6) return 0.05;
  if (annual_revenue_yuan <= 200e6) return 0.04;
  return 0.03;
}

/// The other HTE criteria the model checks (2016 HTE administrative
/// measures, art. 11): registered at least a year (1), core IP (2), S&T
/// staff at least 10 % of employees (4), high-tech products and services at
/// least 60 % of the last year's revenue (6).
inline constexpr double HTE_MIN_AGE_YEARS = 1.0;
inline constexpr double HTE_MIN_IP = 1.0;
inline constexpr double HTE_MIN_ST_STAFF_SHARE = 0.10;
inline constexpr double HTE_MIN_HIGHTECH_SHARE = 0.60;

/// What an HTE application states (or a check finds).
struct HteFigures {
  double age_years = 0;       ///< since registration (birth)
  double ip = 0;              ///< core IP items
  double st_staff_share = 0;  ///< S&T staff / employees
  double hightech_share = 0;  ///< high-tech products and services / revenue, last year
  double rd_intensity = 0;    ///< R&D / sales over the last three years
  double revenue_yuan = 0;    ///< sales of the last year (sets the R&D threshold's band)
};

/// The quantitative criteria of the 2016 measures, art. 11 (1), (2), (4), (5), (6).
inline bool meets_hte_criteria(const HteFigures& x) {
  return x.age_years >= HTE_MIN_AGE_YEARS && x.ip >= HTE_MIN_IP && x.st_staff_share >= HTE_MIN_ST_STAFF_SHARE &&
         x.hightech_share >= HTE_MIN_HIGHTECH_SHARE && x.rd_intensity >= hte_rd_threshold(x.revenue_yuan);
}

/// The R&D intensity a firm reports when it relabels expenses as R&D to reach
/// the threshold (Chen, Liu, Suarez Serrato and Xu 2021): its own if it
/// clears the threshold or if the threshold is out of reach (relabelled
/// expenses would exceed `relabel_share` of the reported R&D), else the
/// threshold itself (it relabels just enough).
inline double reported_rd_intensity(double true_intensity, double threshold, double relabel_share) {
  if (true_intensity >= threshold || true_intensity < (1.0 - relabel_share) * threshold) return true_intensity;
  return threshold;
}

/// Technology-based SME evaluation score (0-100): IP up to 30, R&D intensity
/// up to 50, S&T staff up to 20; >= 60 qualifies (simplified from the MOST
/// evaluation rules, see docs/model.md).
inline double tech_sme_score(const Firm& f, double rd_intensity) {
  return std::min(30.0, 6.0 * f.ip_count) + std::min(50.0, 1000.0 * rd_intensity) +
         std::min(20.0, 100.0 * f.st_staff_share);
}

}  // namespace innosim::model
