#include "innosim/model/firms/certification.hpp"

#include <algorithm>
#include <cmath>

#include "innosim/model/world.hpp"

namespace innosim::model {

namespace {
constexpr double US_DOLLAR_YUAN = 7.1;  // exchange rate for the unicorn threshold
constexpr double UNICORN_USD = 1e9;
}  // namespace

void Certification::certify(World& w, Firm& f) const {
  const double s_now = f.revenue_history[0];
  const double rd3 = f.rd_history[0] + f.rd_history[1] + f.rd_history[2];
  const double s3 = f.revenue_history[0] + f.revenue_history[1] + f.revenue_history[2];
  const double rd_intensity = s3 > 0 ? rd3 / s3 : 0.0;
  const double age = static_cast<double>(w.p.start_year) + w.years() - f.birth_year;
  const double growth3 = f.revenue_history[3] > 0 ? std::pow(s_now / f.revenue_history[3], 1.0 / 3.0) - 1.0 : 0.0;
  const bool hte = age >= 1.0 && f.ip_count >= 1.0 && f.st_staff_share >= 0.10 && rd_intensity >= hte_rd_threshold(s_now);
  const bool gazelle_growth = growth3 > 0.20 && f.revenue_history[3] >= 10.0 * 12.0 * w.dynamics.wage();
  const Stage before = f.stage;
  // Unicorns are venture-backed private firms (valuation set by funding rounds and growth).
  if (f.venture_invested > 0 && f.valuation >= UNICORN_USD * US_DOLLAR_YUAN && age <= 10.0)
    f.stage = Stage::unicorn;
  else if (hte && gazelle_growth)
    f.stage = Stage::gazelle;
  else if (hte)
    f.stage = Stage::high_tech;
  else if (f.employees <= 500 && s_now <= 200e6 && f.st_staff_share >= 0.10 && tech_sme_score(f, rd_intensity) >= 60.0)
    f.stage = Stage::tech_sme;
  else
    f.stage = Stage::startup;
  if (f.stage != before) w.emit(EventKind::certification, f, static_cast<double>(f.stage));
  // Notching: firms just below the HTE R&D threshold raise R&D to clear it
  // (bunching at the threshold, Chen, Liu, Suarez Serrato and Xu 2021).
  const double threshold = hte_rd_threshold(s_now);
  if (f.stage >= Stage::tech_sme && rd_intensity < threshold && rd_intensity >= threshold - w.p.firm.notching_band)
    f.rd_share = std::max(f.rd_share, threshold + 0.002);
}

}  // namespace innosim::model
