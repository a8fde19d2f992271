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

/// Technology-based SME evaluation score (0-100): IP up to 30, R&D intensity
/// up to 50, S&T staff up to 20; >= 60 qualifies (simplified from the MOST
/// evaluation rules, see docs/model.md).
inline double tech_sme_score(const Firm& f, double rd_intensity) {
  return std::min(30.0, 6.0 * f.ip_count) + std::min(50.0, 1000.0 * rd_intensity) +
         std::min(20.0, 100.0 * f.st_staff_share);
}

}  // namespace innosim::model
