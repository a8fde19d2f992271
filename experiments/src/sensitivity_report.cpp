#include "innosim/experiments/sensitivity_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "innosim/engine/error.hpp"
#include "innosim/experiments/labels.hpp"

namespace innosim::experiments {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string fmt(const char* f, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, x);
  return buf;
}

/// "0.612 [0.551, 0.667]".
std::string interval(const Interval& i, const char* f = "%.3f") {
  if (!std::isfinite(i.estimate)) return "n/a";
  std::string s = fmt(f, i.estimate);
  if (std::isfinite(i.low) && std::isfinite(i.high)) s += " [" + fmt(f, i.low) + ", " + fmt(f, i.high) + "]";
  return s;
}

std::string thousands(std::size_t n) {
  const std::string digits = std::to_string(n);
  std::string s;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) s.push_back(',');
    s.push_back(digits[i]);
  }
  return s;
}

/// A share in per cent: "39.8 %" in English, "39.8%" in Chinese (no space before the sign, GB/T 15835).
std::string percent(double share, Lang lang) {
  if (!std::isfinite(share)) return "n/a";
  return fmt(lang == Lang::zh ? "%.1f%%" : "%.1f %%", 100 * share);
}

/// Sorting key: larger first, NaN last.
double key(double x) { return std::isfinite(x) ? x : -std::numeric_limits<double>::infinity(); }

}  // namespace

void analyse(SaAnalysis& a) {
  const SaDesign& d = a.design;
  for (SaOutputResult& o : a.outputs) {
    if (o.values.size() != d.rows.size()) throw InternalError("analyse: one row of values per design row");
    o.means = row_means(o.values);
    o.noise = seed_noise(d, o.values);
    std::vector<double> order_key(d.groups, kNaN);
    if (d.method == SaMethod::sobol) {
      o.sobol = sobol_indices(d, o.means, a.boot);
      o.convergence.clear();
      for (std::size_t n : {d.n / 4, d.n / 2, d.n}) o.convergence.push_back(sobol_indices(d, o.means, a.boot, n));
      for (std::size_t g = 0; g < d.groups; ++g) order_key[g] = o.sobol->st[g].estimate;
    } else {
      o.morris = morris_indices(d, o.means, a.boot);
      for (std::size_t g = 0; g < d.groups; ++g) order_key[g] = o.morris->mu_star[g].estimate;
    }
    o.ranking.resize(d.groups);
    std::iota(o.ranking.begin(), o.ranking.end(), std::size_t{0});
    std::stable_sort(o.ranking.begin(), o.ranking.end(),
                     [&](std::size_t x, std::size_t y) { return key(order_key[x]) > key(order_key[y]); });
  }
}

std::string format_report(const SaAnalysis& a, Lang lang) {
  const SaDesign& d = a.design;
  const auto T = [&](std::string_view english) { return fmt::runtime(tr(english, lang)); };
  const auto L = [&](std::string_view english) { return std::string(tr(english, lang)); };
  std::string out;
  std::size_t width = display_width(L("factor"));
  for (const SaGroup& g : a.groups) width = std::max(width, display_width(g.name));
  width = std::min<std::size_t>(width, 60) + 2;
  const std::string conf = fmt("%.0f", 100 * a.boot.confidence) + (lang == Lang::zh ? "%" : " %");
  const std::string reps = thousands(a.replications);
  const auto trim = [](const std::string& line) { return line.substr(0, line.find_last_not_of(' ') + 1) + "\n"; };
  for (const SaOutputResult& o : a.outputs) {
    const std::string label = lang == Lang::zh && !o.label_zh.empty() ? o.label_zh : o.label;
    // An effect is a change: a rate's in percentage points (百分点), as its numbers below.
    const std::string unit = o.of == "effect" ? display_unit(o.unit, 0.0, lang, true).text : unit_text(o.unit, lang);
    out += "\n" + label + (unit.empty() ? "" : lang == Lang::zh ? "（" + unit + "）" : " (" + unit + ")") + "\n";
    if (d.method == SaMethod::sobol) {
      const SobolIndices& s = *o.sobol;
      out += fmt::format(T("  Sobol' indices: N = {} ({} points x {} replications), {} bootstrap intervals ({} "
                           "resamples)"),
                         thousands(d.n), thousands(d.rows.size()), reps, conf, thousands(a.boot.resamples)) + "\n";
      const NumberStyle style{.lang = lang, .precision = Precision::significant(4)};
      // A policy's effect on a rate is a change: percentage points (百分点), not per cent. The variance in the
      // output's unit squared, written as a scaled standard deviation squared ("(1.234亿元)²"): 1.52e+16 is
      // no figure to read.
      const bool change = o.of == "effect";
      const auto amount = [&](double x) {
        if (o.unit.empty()) return fmt("%.6g", x);
        if (!change) return format_quantity(x, o.unit, style);
        return display_unit(o.unit, x, lang, true).attach(format_in(x, display_unit(o.unit, x, lang, true), style));
      };
      out += fmt::format(T("  mean {}, variance {} over the A and B samples"), amount(s.mean),
                         o.unit.empty() || !(s.variance >= 0) || !std::isfinite(s.variance)
                             ? fmt("%.4g", s.variance)
                             : "(" + amount(std::sqrt(s.variance)) + ")\u00b2");
      if (s.dropped)
        out += fmt::format(T("; {} of {} samples left out (a failed run)"), thousands(s.dropped), thousands(d.n));
      out += "\n";
    } else {
      const MorrisIndices& m = *o.morris;
      out += fmt::format(T("  Morris elementary effects: {} trajectories of {} points on {} levels ({} points x {} "
                           "replications), {} bootstrap intervals of mu*"),
                         thousands(d.n), thousands(d.groups + 1), d.levels, thousands(d.rows.size()), reps, conf) +
             "\n";
      if (m.dropped) out += fmt::format(T("  {} trajectories left out (a failed run)"), thousands(m.dropped)) + "\n";
    }
    if (a.deterministic) {
      // a function of the factors alone: nothing to say about seeds
    } else if (a.replications >= 2) {
      out += fmt::format(T("  seeds: {} of a single run's variance; in the means of {} replications the indices "
                           "analyse, at most {} (common random numbers)"),
                         percent(o.noise.seed_share, lang), reps, percent(o.noise.mean_seed_share, lang)) + "\n";
    } else {
      out += L("  seeds: one replication per point, so the seeds' share of the variance is not estimated") + "\n";
    }
    const bool analytic = !o.st_analytic.empty();
    if (d.method == SaMethod::sobol) {
      const SobolIndices& s = *o.sobol;
      std::size_t w1 = display_width(L("first order S1")) + 2, w2 = display_width(L("total ST")) + 2;
      for (std::size_t g = 0; g < d.groups; ++g) {
        w1 = std::max(w1, interval(s.s1[g]).size() + 2);
        w2 = std::max(w2, interval(s.st[g]).size() + 2);
      }
      out += trim("  " + pad(L("rank"), 6) + pad(L("factor"), width) + pad(L("first order S1"), w1) +
                  pad(L("total ST"), w2) + (analytic ? L("analytic S1, ST") : ""));
      for (std::size_t r = 0; r < o.ranking.size(); ++r) {
        const std::size_t g = o.ranking[r];
        std::string line = fmt("  %4.0f  ", static_cast<double>(r + 1)) + pad(a.groups[g].name, width) +
                           pad(interval(s.s1[g]), w1) + pad(interval(s.st[g]), w2);
        if (analytic) line += fmt("%.3f", o.s1_analytic[g]) + ", " + fmt("%.3f", o.st_analytic[g]);
        out += trim(line);
      }
      if (!s.s2.empty()) {
        out += L("  second order S2 (pairs whose interval excludes 0):") + "\n";
        bool any = false;
        for (std::size_t p = 0; p < d.groups; ++p)
          for (std::size_t q = p + 1; q < d.groups; ++q) {
            const Interval& i = s.s2[p][q];
            if (!(i.low > 0 || i.high < 0)) continue;
            out += "        " + a.groups[p].name + " x " + a.groups[q].name + ": " + interval(i) + "\n";
            any = true;
          }
        if (!any) out += "        " + L("none") + "\n";
      }
      out += fmt::format(T("  convergence of ST: N/4 = {} | N/2 = {} | N = {}"), thousands(d.n / 4),
                         thousands(d.n / 2), thousands(d.n)) + "\n";
      for (std::size_t g : o.ranking) {
        std::string line = "        " + pad(a.groups[g].name, width);
        for (const SobolIndices& c : o.convergence) line += pad(interval(c.st[g]), 24);
        out += trim(line);
      }
    } else {
      const MorrisIndices& m = *o.morris;
      // Effects in the output's unit, scaled for reading (bn yuan, 亿元) by the largest mu*.
      double largest = 0;
      for (const Interval& i : m.mu_star)
        if (std::isfinite(i.estimate)) largest = std::max(largest, std::abs(i.estimate));
      // An effect is a change of the output: a rate's in percentage points (百分点).
      const DisplayUnit du = display_unit(o.unit, largest, lang, true);
      const NumberStyle style{.lang = lang, .precision = Precision::significant(4)};
      const auto num = [&](double x) {
        if (x == 0) return std::string("0");  // not 0.00000000: four significant digits of nothing
        return std::isfinite(x) ? format_in(x, du, style) : std::string("n/a");
      };
      const auto cell = [&](const Interval& i) {
        if (!std::isfinite(i.estimate)) return std::string("n/a");
        std::string c = num(i.estimate);
        if (std::isfinite(i.low) && std::isfinite(i.high)) c += " [" + num(i.low) + ", " + num(i.high) + "]";
        return c;
      };
      std::size_t w1 = 12, w2 = 8;
      for (std::size_t g = 0; g < d.groups; ++g) {
        w1 = std::max(w1, display_width(cell(m.mu_star[g])) + 2);
        w2 = std::max(w2, display_width(num(m.mu[g])) + 2);
      }
      if (!du.text.empty()) out += fmt::format(T("  effects in {}"), du.text) + "\n";
      out += trim("  " + pad(L("rank"), 6) + pad(L("factor"), width) + pad("mu* [" + conf + "]", w1) + pad("mu", w2) +
                  (analytic ? pad("sigma", 12) + L("analytic ST") : "sigma"));
      for (std::size_t r = 0; r < o.ranking.size(); ++r) {
        const std::size_t g = o.ranking[r];
        const std::string sigma = num(m.sigma[g]);
        out += trim(fmt("  %4.0f  ", static_cast<double>(r + 1)) + pad(a.groups[g].name, width) +
                    pad(cell(m.mu_star[g]), w1) + pad(num(m.mu[g]), w2) +
                    (analytic ? pad(sigma, 12) + fmt("%.4f", o.st_analytic[g]) : sigma));
      }
      out += L("  mu* and mu: the change of the output per change of a factor over its whole range (mean of |EE|,\n"
               "  mean of EE); sigma: how much that change varies with the other factors (interactions, curvature).") +
             "\n";
    }
  }
  if (d.method == SaMethod::sobol)
    out += "\n" + L("S1: the share of the output's variance a factor causes alone; ST: alone and with others. An "
                    "interval\nthat covers 0 means the factor's influence is not distinguishable from 0 at this N "
                    "(negative estimates\nare sampling noise); ST - S1 is the part through interactions.") +
           "\n";
  return out;
}

void write_sensitivity(output::ResultsWriter& w, const SaAnalysis& a, const std::vector<output::Attribute>& attrs) {
  const SaDesign& d = a.design;
  const std::uint64_t rows = d.rows.size(), k = d.k, R = a.replications;
  std::vector<output::Attribute> group_attrs = attrs;
  group_attrs.push_back({"method", std::string(sa_method_name(d.method))});
  group_attrs.push_back({"points", static_cast<std::int64_t>(rows)});
  group_attrs.push_back({"replications", static_cast<std::int64_t>(R)});
  group_attrs.push_back({"bootstrap_resamples", static_cast<std::int64_t>(a.boot.resamples)});
  group_attrs.push_back({"confidence_level", a.boot.confidence});
  if (d.method == SaMethod::sobol) {
    group_attrs.push_back({"n", static_cast<std::int64_t>(d.n)});
    group_attrs.push_back({"second_order", static_cast<std::int64_t>(d.second_order ? 1 : 0)});
    group_attrs.push_back(
        {"estimators", std::string("S1: Saltelli et al. 2010; ST: Jansen 1999; S2: Saltelli 2002; percentile "
                                   "bootstrap over the N samples")});
    group_attrs.push_back({"sampling", std::string("Saltelli design on scrambled Sobol' points (linear matrix "
                                                   "scramble and digital shift), N samples of A and B")});
  } else {
    group_attrs.push_back({"trajectories", static_cast<std::int64_t>(d.n)});
    group_attrs.push_back({"levels", static_cast<std::int64_t>(d.levels)});
    group_attrs.push_back({"delta", d.delta});
    group_attrs.push_back({"estimators", std::string("Morris 1991 elementary effects, groups as Campolongo et al. "
                                                     "2007; mu* = mean |EE| with a percentile bootstrap over the "
                                                     "trajectories")});
  }
  w.write_group("/sensitivity", group_attrs);

  // Factors and groups.
  {
    std::vector<std::string> name, group, scale;
    std::vector<double> lo, hi;
    std::vector<std::int64_t> integer;
    for (const SaFactor& f : a.factors) {
      name.push_back(f.name);
      group.push_back(a.groups[f.group].name);
      scale.push_back(f.scale == FactorScale::log_uniform ? "log-uniform" : "uniform");
      lo.push_back(f.lo);
      hi.push_back(f.hi);
      integer.push_back(f.integer ? 1 : 0);
    }
    w.write_table("/sensitivity/factors",
                  {{"factor", name}, {"group", group}, {"distribution", scale}, {"lo", lo}, {"hi", hi},
                   {"integer", integer}},
                  {{"description", std::string("one row per factor: its range, distribution and group")}});
    std::vector<std::string> gname, members;
    std::vector<std::int64_t> gid;
    for (std::size_t g = 0; g < a.groups.size(); ++g) {
      gid.push_back(static_cast<std::int64_t>(g));
      gname.push_back(a.groups[g].name);
      std::string m;
      for (std::size_t i : a.groups[g].factors) m += (m.empty() ? "" : ",") + a.factors[i].name;
      members.push_back(m);
    }
    w.write_table("/sensitivity/groups", {{"group_id", gid}, {"group", gname}, {"factors", members}},
                  {{"description", std::string("one row per group (a factor of its own unless grouped); the "
                                               "indices are per group")}});
  }

  // The design: one row per point, where it belongs and the values it ran with.
  {
    std::vector<std::int64_t> row(rows), sample(rows), direction(rows);
    std::vector<std::string> block(rows), group(rows);
    for (std::uint64_t r = 0; r < rows; ++r) {
      row[r] = static_cast<std::int64_t>(r);
      sample[r] = d.rows[r].sample;
      block[r] = sa_block_name(d.rows[r].block);
      group[r] = d.rows[r].group >= 0 ? a.groups[static_cast<std::size_t>(d.rows[r].group)].name : "";
      direction[r] = d.rows[r].direction;
    }
    std::vector<output::TableColumn> cols = {{"point", row}, {"sample", sample}, {"block", block}, {"group", group}};
    if (d.method == SaMethod::morris) cols.push_back({"direction", direction});
    for (std::uint64_t i = 0; i < k; ++i) {
      std::vector<double> v(rows);
      for (std::uint64_t r = 0; r < rows; ++r) v[r] = a.factors[i].at_unit(d.unit[r][i]);
      cols.push_back({a.factors[i].name, std::move(v)});
    }
    w.write_table("/sensitivity/design", cols,
                  {{"description", std::string("one row per point: its sample (Sobol') or trajectory (Morris), "
                                               "block, the group swapped or moved, and each factor's value")}});
    output::ArrayWriter& u = w.create_array("/sensitivity/unit_design", {rows, k},
                                            {{"description", std::string("the points in the unit hypercube, "
                                                                         "[point x factor]")}});
    std::vector<double> flat;
    flat.reserve(rows * k);
    for (const auto& x : d.unit) flat.insert(flat.end(), x.begin(), x.end());
    const std::uint64_t s0[2] = {0, 0}, c0[2] = {rows, k};
    if (rows) u.write(s0, c0, flat);
  }

  for (const SaOutputResult& o : a.outputs) {
    const std::string base = "/sensitivity/outputs/" + o.name;
    std::vector<output::Attribute> oa = {{"label", o.label}, {"unit", o.unit}};
    if (!o.metric.empty()) oa.push_back({"metric", o.metric});
    if (!o.of.empty()) oa.push_back({"of", o.of});
    oa.push_back({"factor_variance", o.noise.factor_variance});
    oa.push_back({"seed_variance", o.noise.seed_variance});
    oa.push_back({"seed_share", o.noise.seed_share});
    oa.push_back({"mean_seed_share", o.noise.mean_seed_share});
    if (o.sobol) {
      oa.push_back({"mean", o.sobol->mean});
      oa.push_back({"variance", o.sobol->variance});
      oa.push_back({"samples_used", static_cast<std::int64_t>(o.sobol->n)});
      oa.push_back({"samples_dropped", static_cast<std::int64_t>(o.sobol->dropped)});
    } else if (o.morris) {
      oa.push_back({"trajectories_used", static_cast<std::int64_t>(o.morris->trajectories)});
      oa.push_back({"trajectories_dropped", static_cast<std::int64_t>(o.morris->dropped)});
    }
    w.write_group(base, oa);
    output::ArrayWriter& v = w.create_array(base + "/values", {rows, R},
                                            {{"description", std::string("[point x replication]: each run's value "
                                                                         "(NaN: the run failed)")},
                                             {"unit", o.unit}});
    std::vector<double> flat;
    flat.reserve(rows * R);
    for (const auto& x : o.values) flat.insert(flat.end(), x.begin(), x.end());
    const std::uint64_t s0[2] = {0, 0}, c0[2] = {rows, R};
    if (rows) v.write(s0, c0, flat);
    output::ArrayWriter& m = w.create_array(base + "/means", {rows},
                                            {{"description", std::string("per point, the mean over its "
                                                                         "replications: what the indices analyse")},
                                             {"unit", o.unit}});
    const std::uint64_t s1_[1] = {0}, c1_[1] = {rows};
    if (rows) m.write(s1_, c1_, o.means);

    std::vector<std::int64_t> gid, rank(d.groups);
    std::vector<std::string> gname;
    for (std::size_t r = 0; r < o.ranking.size(); ++r) rank[o.ranking[r]] = static_cast<std::int64_t>(r + 1);
    for (std::size_t g = 0; g < d.groups; ++g) {
      gid.push_back(static_cast<std::int64_t>(g));
      gname.push_back(a.groups[g].name);
    }
    const auto columns = [&](const std::string& prefix, const std::vector<Interval>& iv,
                             std::vector<output::TableColumn>& cols) {
      std::vector<double> e, lo, hi, se;
      for (const Interval& i : iv) {
        e.push_back(i.estimate);
        lo.push_back(i.low);
        hi.push_back(i.high);
        se.push_back(i.se);
      }
      cols.push_back({prefix, e});
      cols.push_back({prefix + "_ci_low", lo});
      cols.push_back({prefix + "_ci_high", hi});
      cols.push_back({prefix + "_se", se});
    };
    std::vector<output::TableColumn> cols = {{"group_id", gid}, {"group", gname}, {"rank", rank}};
    if (o.sobol) {
      columns("S1", o.sobol->s1, cols);
      columns("ST", o.sobol->st, cols);
      if (!o.st_analytic.empty()) {
        cols.push_back({"S1_analytic", o.s1_analytic});
        cols.push_back({"ST_analytic", o.st_analytic});
      }
      w.write_table(base + "/indices", cols,
                    {{"description", std::string("Sobol' indices per group with percentile bootstrap intervals; "
                                                 "rank by ST")},
                     {"confidence_level", a.boot.confidence}});
      // Convergence: one row per (N', group).
      std::vector<std::int64_t> cn, cg;
      std::vector<std::string> cname;
      std::vector<Interval> c1, ct;
      for (const SobolIndices& c : o.convergence)
        for (std::size_t g = 0; g < d.groups; ++g) {
          cn.push_back(static_cast<std::int64_t>(c.n + c.dropped));
          cg.push_back(static_cast<std::int64_t>(g));
          cname.push_back(a.groups[g].name);
          c1.push_back(c.s1[g]);
          ct.push_back(c.st[g]);
        }
      std::vector<output::TableColumn> cc = {{"n", cn}, {"group_id", cg}, {"group", cname}};
      columns("S1", c1, cc);
      columns("ST", ct, cc);
      w.write_table(base + "/convergence", cc,
                    {{"description", std::string("the indices from the first N/4, N/2 and N samples (each a "
                                                 "scrambled Sobol' net): stable estimates have converged")}});
      if (!o.sobol->s2.empty()) {
        std::vector<std::int64_t> ga, gb;
        std::vector<std::string> na, nb;
        std::vector<Interval> s2;
        for (std::size_t p = 0; p < d.groups; ++p)
          for (std::size_t q = p + 1; q < d.groups; ++q) {
            ga.push_back(static_cast<std::int64_t>(p));
            gb.push_back(static_cast<std::int64_t>(q));
            na.push_back(a.groups[p].name);
            nb.push_back(a.groups[q].name);
            s2.push_back(o.sobol->s2[p][q]);
          }
        std::vector<output::TableColumn> sc = {{"group_a", na}, {"group_b", nb}, {"group_id_a", ga}, {"group_id_b", gb}};
        columns("S2", s2, sc);
        w.write_table(base + "/second_order", sc,
                      {{"description", std::string("second-order Sobol' indices (Saltelli 2002) per pair of groups")}});
      }
    } else {
      cols.push_back({"mu", o.morris->mu});
      columns("mu_star", o.morris->mu_star, cols);
      cols.push_back({"sigma", o.morris->sigma});
      w.write_table(base + "/indices", cols,
                    {{"description", std::string("Morris elementary effects per group, in output units per unit of "
                                                 "the factor's normalised range; rank by mu*; mu and sigma are NaN "
                                                 "for groups of several factors")},
                     {"confidence_level", a.boot.confidence}});
    }
  }
}

}  // namespace innosim::experiments
