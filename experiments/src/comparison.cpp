#include "innosim/experiments/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "innosim/engine/error.hpp"
#include "innosim/model/ecosystem.hpp"
#include "input_file.hpp"

namespace innosim::experiments {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const char* sampling_word(int months) {
  return months == 1 ? "monthly" : months == 3 ? "quarterly" : months == 12 ? "yearly" : "every few months";
}

/// A grid's dates as month numbers since year 0 (exact: the model samples on whole months).
std::vector<long long> months_of(const RunGrid& g) {
  std::vector<long long> m;
  m.reserve(g.time.size());
  for (double t : g.time) m.push_back(static_cast<long long>(g.start_year) * 12 + std::llround(t * 12.0));
  return m;
}

}  // namespace

std::string grid_mismatch(const RunGrid& base, const RunGrid& alt) {
  std::string out;
  const auto add = [&](const std::string& s) { out += (out.empty() ? "" : "; ") + s; };
  if (alt.start_year != base.start_year)
    add("it starts in " + std::to_string(alt.start_year) + ", the base in " + std::to_string(base.start_year));
  if (alt.horizon_years != base.horizon_years) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "it runs %g years, the base %g", alt.horizon_years, base.horizon_years);
    add(buf);
  }
  if (alt.sampling_months != base.sampling_months)
    add(std::string("it samples ") + sampling_word(alt.sampling_months) + ", the base " +
        sampling_word(base.sampling_months));
  if (out.empty() && alt.time != base.time) add("its time grid differs from the base's");
  return out;
}

CommonGrid common_grid(std::span<const RunGrid> grids, std::optional<double> up_to) {
  if (grids.empty()) throw InternalError("common_grid of no grid");
  CommonGrid c;
  c.start_year = grids[0].start_year;
  std::vector<std::vector<long long>> months;
  for (const RunGrid& g : grids) months.push_back(months_of(g));
  std::vector<long long> common = months[0];
  for (std::size_t g = 1; g < grids.size(); ++g) {
    std::vector<long long> keep;
    std::set_intersection(common.begin(), common.end(), months[g].begin(), months[g].end(), std::back_inserter(keep));
    common.swap(keep);
    if (grids[g].start_year != grids[0].start_year || grids[g].time != grids[0].time) c.same = false;
    if (grids[g].sampling_months != grids[0].sampling_months) c.same_sampling = false;
  }
  if (up_to) {
    const long long last = static_cast<long long>(c.start_year) * 12 + std::llround(*up_to * 12.0);
    common.erase(std::upper_bound(common.begin(), common.end(), last), common.end());
    if (common.empty() || common.back() != last)
      throw UsageError("--at: the date is not a time point every scenario has");
    if (common.size() != months[0].size()) c.same = false;
  }
  if (common.empty()) throw UsageError("the scenarios share no date to compare them on");
  for (std::size_t g = 0; g < grids.size(); ++g)
    if (months[g].front() != common.front()) c.same_start = false;
  c.at.assign(grids.size(), {});
  for (long long m : common) {
    c.time.push_back(static_cast<double>(m - static_cast<long long>(c.start_year) * 12) / 12.0);
    for (std::size_t g = 0; g < grids.size(); ++g)
      c.at[g].push_back(static_cast<std::size_t>(std::lower_bound(months[g].begin(), months[g].end(), m) -
                                                 months[g].begin()));
  }
  return c;
}

std::vector<double> on_common_grid(ValueKind kind, std::span<const double> series, const CommonGrid& grid,
                                   std::size_t g) {
  const std::vector<std::size_t>& at = grid.at[g];
  std::vector<double> out(at.size(), kNaN);
  for (std::size_t k = 0; k < at.size(); ++k) {
    if (at[k] >= series.size()) continue;  // a failed run's empty series
    switch (kind) {
      case ValueKind::stock: out[k] = series[at[k]]; break;
      case ValueKind::mean: out[k] = grid.same_sampling ? series[at[k]] : kNaN; break;
      case ValueKind::flow: {
        if (k == 0) {
          // The sample at the first common date is the set-up when every
          // run starts there; otherwise it covers a period before the window.
          out[k] = grid.same_start ? series[at[0]] : kNaN;
          break;
        }
        double sum = 0;
        bool any = false;
        for (std::size_t i = at[k - 1] + 1; i <= at[k]; ++i)
          if (!std::isnan(series[i])) {
            sum += series[i];
            any = true;
          }
        out[k] = any ? sum : kNaN;
        break;
      }
    }
  }
  return out;
}

SeriesContrast series_contrast(ValueKind kind, const std::vector<std::vector<double>>& base,
                               const std::vector<std::vector<double>>& alt, double level) {
  if (base.size() != alt.size()) throw InternalError("series_contrast: unequal replications");
  const std::size_t reps = base.size();
  std::size_t K = 0;
  for (const auto& s : base) K = std::max(K, s.size());
  SeriesContrast out;
  std::vector<double> b(reps), a(reps), cb(reps, kNaN), ca(reps, kNaN);
  for (std::size_t k = 0; k < K; ++k) {
    for (std::size_t r = 0; r < reps; ++r) {
      b[r] = k < base[r].size() ? base[r][k] : kNaN;
      a[r] = k < alt[r].size() ? alt[r][k] : kNaN;
    }
    const PairedContrast c = paired_contrast(b, a, level);
    out.difference.push_back(c.difference);
    out.ci_low.push_back(c.ci_low);
    out.ci_high.push_back(c.ci_high);
    out.n.push_back(static_cast<std::int64_t>(c.n));
    if (kind != ValueKind::flow) continue;
    for (std::size_t r = 0; r < reps; ++r) {
      // A failed run (empty series) stays NaN; a NaN period adds nothing.
      if (k < base[r].size() && !std::isnan(b[r])) cb[r] = (std::isnan(cb[r]) ? 0.0 : cb[r]) + b[r];
      if (k < alt[r].size() && !std::isnan(a[r])) ca[r] = (std::isnan(ca[r]) ? 0.0 : ca[r]) + a[r];
    }
    const PairedContrast cum = paired_contrast(cb, ca, level);
    out.cumulative.push_back(cum.difference);
    out.cumulative_low.push_back(cum.ci_low);
    out.cumulative_high.push_back(cum.ci_high);
  }
  return out;
}

std::vector<std::string> parse_metric_list(const std::string& text) {
  std::vector<std::string> known;
  for (const model::MetricInfo& m : model::metric_catalogue()) known.push_back(m.name);
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string name = text.substr(start, end - start);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    start = end + 1;
    if (name.empty()) continue;
    if (std::find(known.begin(), known.end(), name) == known.end())
      throw UsageError("--metrics: unknown metric '" + name + "'" + detail::suggest(name, known) +
                       " (`innosim inspect` on a results file lists them, docs/model.md section 10 defines them)");
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  if (out.empty()) throw UsageError("--metrics: no metric named");
  return out;
}

const char* cost_basis_name(CostBasis b) {
  switch (b) {
    case CostBasis::present_value: return "net fiscal cost, present value at the borrowing rate";
    case CostBasis::present_value_social: return "net fiscal cost, present value at the social discount rate";
    case CostBasis::net: return "net fiscal cost";
    case CostBasis::gross: return "gross outlays";
  }
  return "unknown";
}

EquivalenceMargin parse_margin(std::string_view option, std::span<const std::string> paired) {
  const auto bad = [&] {
    return UsageError(fmt::format("--margin '{}': expected METRIC=VALUE (in the metric's headline unit) or "
                                  "METRIC=VALUE% (a share of the base's mean), with VALUE a positive number",
                                  option));
  };
  const std::size_t eq = option.find('=');
  if (eq == std::string_view::npos || eq == 0) throw bad();
  EquivalenceMargin m;
  m.metric = std::string(option.substr(0, eq));
  std::string value(option.substr(eq + 1));
  if (!value.empty() && value.back() == '%') {
    m.relative = true;
    value.pop_back();
  }
  std::size_t used = 0;
  double v = std::numeric_limits<double>::quiet_NaN();
  try {
    v = std::stod(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (value.empty() || used != value.size() || !std::isfinite(v) || !(v > 0)) throw bad();
  m.value = m.relative ? v / 100.0 : v;
  if (std::find(paired.begin(), paired.end(), m.metric) == paired.end()) {
    std::vector<std::string> known(paired.begin(), paired.end());
    throw UsageError(fmt::format("--margin: '{}' is not among the compared metrics{} (--metrics chooses them)", m.metric,
                                 detail::suggest(m.metric, known)));
  }
  return m;
}

std::string_view cost_rate_key(CostBasis b) {
  switch (b) {
    case CostBasis::present_value: return "fiscal.borrowing_rate";
    case CostBasis::present_value_social: return "fiscal.discount_rate";
    case CostBasis::net:
    case CostBasis::gross: break;
  }
  return {};
}

CostMeasure choose_cost_measure(std::span<const std::string> available, std::string_view option) {
  CostMeasure m;
  if (option == "pv")
    m = {"net_fiscal_cost_pv_borrowing", CostBasis::present_value};
  else if (option == "pv-social")
    m = {"net_fiscal_cost_pv", CostBasis::present_value_social};
  else if (option == "net")
    m = {"net_fiscal_cost", CostBasis::net};
  else if (option == "gross")
    m = {"fiscal_spending", CostBasis::gross};
  else
    throw UsageError(fmt::format("--cost: expected pv (the net fiscal cost's present value at the government's borrowing "
                                 "rate), pv-social (at the social discount rate), net (undiscounted) or gross (outlays, "
                                 "nothing recovered netted), not '{}'",
                                 option));
  if (std::find(available.begin(), available.end(), m.metric) == available.end())
    throw InternalError("the model reports no metric " + m.metric + " to measure cost-effectiveness by");
  return m;
}

std::span<const CeOutcome> ce_outcomes() {
  static const CeOutcome kOutcomes[] = {
      {"high_tech_enterprises", "high-tech enterprises, gazelles and unicorns at the end", "firms"},
      {"innovations", "innovations over the span", "innovations"},
      {"employment", "jobs (employment) at the end", "jobs"},
  };
  return kOutcomes;
}

double ce_outcome_value(std::string_view key, const std::vector<std::string>& metrics,
                        const std::vector<std::vector<double>>& series, std::size_t end_index) {
  const auto get = [&](const char* name) -> std::span<const double> {
    for (std::size_t i = 0; i < metrics.size(); ++i)
      if (metrics[i] == name) return series[i];
    throw InternalError(std::string("cost-effectiveness needs metric ") + name);
  };
  const auto at_end = [&](const char* name) {
    const std::span<const double> s = get(name);
    return end_index < s.size() ? s[end_index] : kNaN;
  };
  if (key == "high_tech_enterprises") return at_end("high_tech_enterprises") + at_end("gazelles") + at_end("unicorns");
  if (key == "innovations") {
    HeadlineSpan span;
    span.to_index = end_index;
    return headline_value(ValueKind::flow, get("innovations"), span);
  }
  if (key == "employment") return at_end("employment");
  throw InternalError("unknown cost-effectiveness outcome " + std::string(key));
}

const char* ce_class_name(CeClass c) {
  switch (c) {
    case CeClass::dominant: return "dominant";
    case CeClass::dominated: return "dominated";
    case CeClass::saves_money_loses_outcome: return "saves money but loses outcome";
    case CeClass::trade_off: return "trade-off";
    case CeClass::no_difference: return "no difference";
    case CeClass::not_detectable: return "no detectable difference";
    case CeClass::more_outcome_cost_ns: return "more outcome, cost n.s.";
    case CeClass::less_outcome_cost_ns: return "less outcome, cost n.s.";
    case CeClass::more_cost_outcome_ns: return "costs more, outcome n.s.";
    case CeClass::less_cost_outcome_ns: return "saves money, outcome n.s.";
  }
  return "unknown";
}

namespace {

/// What the pairs show of a change: up or down (the 95% CI excludes 0), none
/// (exactly 0 in every pair: the runs were identical), or not shown (the CI
/// includes 0, or fewer than 2 pairs).
enum class Shown { up, down, none, unclear };

Shown shown_by(const PairedContrast& p) {
  if (p.n < 2) return Shown::unclear;
  if (p.ci_low > 0) return Shown::up;
  if (p.ci_high < 0) return Shown::down;
  if (p.difference == 0 && p.ci_low == 0 && p.ci_high == 0) return Shown::none;
  return Shown::unclear;
}

}  // namespace

CeVerdict ce_verdict(const PairedContrast& cost, const PairedContrast& change, bool ratio_bounded) {
  CeVerdict v;
  const auto set = [&](CeClass c, const char* reason) {
    v.cls = c;
    v.reason = reason;
  };
  if (std::isnan(cost.difference) || std::isnan(change.difference) || cost.n == 0 || change.n == 0) {
    set(CeClass::not_detectable, "no pair of runs to compare");
    return v;
  }
  if (cost.n < 2 || change.n < 2) {
    set(CeClass::not_detectable, "one pair of runs is too few to tell whether cost or outcome changed (2 at least)");
    return v;
  }
  // Only what the data show is claimed: a sign is used when the CI excludes 0
  // (or the change is 0 in every pair), never the sign of a mean whose CI
  // includes 0. An outcome change of exactly 0 is said as it is: "no more
  // outcome", never "less outcome".
  const Shown c = shown_by(cost), x = shown_by(change);
  switch (x) {
    case Shown::up:
      if (c == Shown::down)
        set(CeClass::dominant, "better on both counts (more outcome for less money): no price to compute");
      else if (c == Shown::none)
        set(CeClass::dominant, "more outcome for the same money: no price to compute");
      else if (c == Shown::up) {
        v.cls = CeClass::trade_off;
        if (ratio_bounded)
          v.ratio_shown = true;
        else
          v.reason = "Fieller's 95% interval of the cost per unit gained is unbounded: the outcome change is too "
                     "uncertain to divide by";
      } else
        // A ratio whose interval runs through 0 would read as a price where the
        // alternative may cost nothing more (or save money).
        set(CeClass::more_outcome_cost_ns,
            "more outcome, but the cost change is not significant (its 95% CI includes 0): it may cost more, the same "
            "or less, so no price per unit gained is given");
      break;
    case Shown::down:
      if (c == Shown::up)
        set(CeClass::dominated, "worse on both counts (less outcome for more money)");
      else if (c == Shown::none)
        set(CeClass::dominated, "less outcome for the same money");
      else if (c == Shown::down)
        set(CeClass::saves_money_loses_outcome,
            "it saves money but loses outcome: a ratio would read as the price of a gain; weigh the saving against "
            "the loss");
      else
        set(CeClass::less_outcome_cost_ns,
            "less outcome, and the cost change is not significant (its 95% CI includes 0): nothing is gained to "
            "price");
      break;
    case Shown::none:
      if (c == Shown::down)
        set(CeClass::dominant, "the same outcome for less money: no price to compute");
      else if (c == Shown::up)
        set(CeClass::dominated, "no more outcome for more money (the outcome did not change)");
      else if (c == Shown::none)
        set(CeClass::no_difference, "neither cost nor outcome changed");
      else
        set(CeClass::not_detectable,
            "the outcome did not change in any pair and the cost change is not significant (its 95% CI includes 0): "
            "neither differs detectably");
      break;
    case Shown::unclear:
      if (c == Shown::up)
        set(CeClass::more_cost_outcome_ns,
            "it costs more, and the outcome change is not significant (its 95% CI includes 0): no gain is shown for "
            "the extra money");
      else if (c == Shown::down)
        set(CeClass::less_cost_outcome_ns,
            "it saves money, and the outcome change is not significant (its 95% CI includes 0): no loss is shown, "
            "nor ruled out");
      else if (c == Shown::none)
        set(CeClass::not_detectable,
            "the cost did not change in any pair and the outcome change is not significant (its 95% CI includes 0): "
            "neither differs detectably");
      else
        set(CeClass::not_detectable,
            "neither cost nor outcome differs detectably (both 95% CIs include 0): the data do not say whether it "
            "is better or worse; more replications may tell");
      break;
  }
  return v;
}

CeRow classify(std::string_view outcome, std::span<const double> base_cost, std::span<const double> alt_cost,
               std::span<const double> base_outcome, std::span<const double> alt_outcome, double level) {
  CeRow row;
  row.outcome = std::string(outcome);
  row.cost = paired_contrast(base_cost, alt_cost, level);
  row.change = paired_contrast(base_outcome, alt_outcome, level);
  const std::size_t reps = base_cost.size();
  std::vector<double> dc(reps), dx(reps);
  for (std::size_t r = 0; r < reps; ++r) {
    dc[r] = alt_cost[r] - base_cost[r];
    dx[r] = alt_outcome[r] - base_outcome[r];
  }
  row.ratio = fieller_ratio(dc, dx, level);
  const auto significant = [](const PairedContrast& p) {
    return p.n >= 2 && (p.ci_low > 0 || p.ci_high < 0);
  };
  row.outcome_significant = significant(row.change);
  row.cost_significant = significant(row.cost);
  CeVerdict v = ce_verdict(row.cost, row.change, row.ratio.bounded());
  row.cls = v.cls;
  row.reason = std::move(v.reason);
  row.ratio_shown = v.ratio_shown;
  return row;
}

}  // namespace innosim::experiments
