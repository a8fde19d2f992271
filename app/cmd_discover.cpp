// `innosim discover RESULTS.h5 --outcome EXPR --threshold T`: scenario
// discovery. Which combinations of the swept factors make an outcome (a
// policy's paired effect, typically) miss its target? PRIM boxes over the
// points of a sweep or a sensitivity analysis (prim.hpp), with coverage,
// density and quasi-p values, the peeling trajectory, the chosen box in
// words, and a results file with all of it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>
#include <variant>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli.hpp"
#include "results_input.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/experiments/experiment.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/number_format.hpp"
#include "innosim/experiments/outcome_expr.hpp"
#include "innosim/experiments/prim.hpp"
#include "innosim/experiments/text_format.hpp"
#include "innosim/output/results_reader.hpp"
#include "innosim/output/results_writer.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace innosim::app {

namespace {

/// The points of a results file: factor values and the variables an outcome may use.
struct DiscoverySource {
  std::string kind;                       ///< "sweep" or "sensitivity"
  std::vector<std::string> factors;
  std::vector<std::vector<double>> x;     ///< [point][factor]
  std::vector<std::string> variables;     ///< names an expression may use
  std::vector<std::string> paths;         ///< their datasets ([points x replications], or [points] of means)
};

/// The links of a group ("" when absent).
std::vector<std::string> members(const output::ResultsReader& in, const std::string& group) {
  return in.exists(group) ? in.children(group) : std::vector<std::string>{};
}

DiscoverySource read_source(const output::ResultsReader& in, const std::string& file) {
  DiscoverySource s;
  std::string design;
  if (in.exists("/sweep/design")) {
    s.kind = "sweep";
    design = "/sweep/design";
    for (const std::string& m : members(in, "/sweep/results")) {
      s.variables.push_back(m);
      s.paths.push_back("/sweep/results/" + m);
    }
    for (const std::string& m : members(in, "/sweep/policy/results")) {
      s.variables.push_back("policy." + m);
      s.paths.push_back("/sweep/policy/results/" + m);
    }
    for (const std::string& m : members(in, "/sweep/effects")) {
      s.variables.push_back("effect." + m);
      s.paths.push_back("/sweep/effects/" + m);
    }
  } else if (in.exists("/sensitivity/design") && in.exists("/sensitivity/outputs")) {
    for (const output::Attribute& a : in.attributes("/sensitivity"))
      if (a.name == "test_function")
        throw UsageError("'" + file + "' holds a test function's analysis: nothing to discover");
    s.kind = "sensitivity";
    design = "/sensitivity/design";
    for (const std::string& o : members(in, "/sensitivity/outputs")) {
      s.variables.push_back(o);
      s.paths.push_back("/sensitivity/outputs/" + o + "/means");
    }
  } else {
    throw UsageError("'" + file + "' holds no sweep and no sensitivity analysis: discover looks for boxes over a "
                     "design's factors (innosim sweep or innosim sensitivity writes one)");
  }
  static const std::set<std::string> meta = {"point", "sample", "block", "group", "direction"};
  std::vector<std::vector<double>> columns;
  for (const output::TableColumn& c : in.table(design)) {
    if (meta.count(c.name)) continue;
    if (const auto* d = std::get_if<std::vector<double>>(&c.values)) {
      s.factors.push_back(c.name);
      columns.push_back(*d);
    } else if (const auto* i = std::get_if<std::vector<std::int64_t>>(&c.values)) {
      s.factors.push_back(c.name);
      columns.emplace_back(i->begin(), i->end());
    }
  }
  const std::size_t P = columns.empty() ? 0 : columns.front().size();
  s.x.assign(P, std::vector<double>(s.factors.size()));
  for (std::size_t k = 0; k < s.factors.size(); ++k)
    for (std::size_t p = 0; p < P; ++p) s.x[p][k] = columns[k][p];
  return s;
}

/// Per point, the mean over its replications of a [points x replications] dataset (or the values of a [points] one).
std::vector<double> point_means(const output::ResultsReader& in, const std::string& path, std::size_t points) {
  const output::ArrayData a = in.array(path);
  const std::vector<std::uint64_t>& dims = a.dims;
  const std::vector<double>& v = a.values;
  if (dims.empty() || dims[0] != points) throw ConfigError(path + " does not have one row per design point");
  const std::size_t R = dims.size() > 1 ? static_cast<std::size_t>(dims[1]) : 1;
  std::vector<double> out(points, std::nan(""));
  for (std::size_t p = 0; p < points; ++p) {
    double s = 0;
    std::size_t n = 0;
    for (std::size_t r = 0; r < R; ++r)
      if (std::isfinite(v[p * R + r])) {
        s += v[p * R + r];
        ++n;
      }
    if (n) out[p] = s / static_cast<double>(n);
  }
  return out;
}

std::string num(double x) { return fmt::format("{:.3g}", x); }
std::string share(double x) { return fmt::format("{:.1f}%", 100 * x); }

/// "x >= 1.7", "x <= 0.4", "0.2 <= x <= 0.6".
std::string condition(const std::string& f, double lo, double hi, double min, double max) {
  if (lo > min && hi < max) return num(lo) + " <= " + f + " <= " + num(hi);
  if (lo > min) return f + " >= " + num(lo);
  return f + " <= " + num(hi);
}

}  // namespace

int cmd_discover(const Args& args) {
  std::string file, out, outcome, lang_option;
  double threshold = std::nan("");
  bool above = false, force = false, quiet = false, no_paste = false;
  int box_index = -1;
  double min_coverage = 0.5;
  PrimOptions prim;
  po::options_description opts(
      "innosim discover RESULTS.h5 --outcome EXPR --threshold T [options]\n\n"
      "Scenario discovery: where in the space of a sweep's (or a sensitivity analysis's) factors\n"
      "does an outcome miss its target? The outcome is an expression over the file's results at\n"
      "each point (means over replications): a sweep's metrics, policy.<metric> and\n"
      "effect.<metric> (policy - base, paired) when the sweep has a policy; a sensitivity\n"
      "analysis's outputs. Points where EXPR < T (or > T with --above) are the cases of interest;\n"
      "PRIM (Friedman and Fisher 1999) peels the factor ranges to a box that holds them, and\n"
      "reports the peeling trajectory, the chosen box's coverage, density and quasi-p values\n"
      "(Bryant and Lempert 2010) and the box in words. Exit: 0 done, 2 bad input");
  opts.add_options()("help,h", "show this help")(
      "outcome", po::value<std::string>(&outcome), "the outcome: an expression, e.g. effect.high_tech_enterprises")(
      "threshold", po::value<double>(&threshold), "the target: points with outcome < T are the cases of interest")(
      "above", po::bool_switch(&above), "cases of interest are outcome > T instead")(
      "box", po::value<int>(&box_index), "the box of the peeling trajectory to report (default: the densest box "
                                         "covering at least --min-coverage of the cases)")(
      "min-coverage", po::value<double>(&min_coverage), "coverage the default box keeps (default 0.5)")(
      "peel-alpha", po::value<double>(&prim.peel_alpha), "share of a box's points a peel removes (default 0.05)")(
      "paste-alpha", po::value<double>(&prim.paste_alpha), "share a paste adds back (default 0.05)")(
      "mass-min", po::value<double>(&prim.mass_min), "smallest box, as a share of the points (default 0.05)")(
      "no-paste", po::bool_switch(&no_paste), "report the peeled box as it is")(
      "output,o", po::value<std::string>(&out), "results file (default results/<file>-discover-<UTC time>.h5)")(
      "force", po::bool_switch(&force), "overwrite an existing -o file")(
      "lang", po::value<std::string>(&lang_option), "language of the text: zh or en (default: the locale's)")(
      "quiet,q", po::bool_switch(&quiet), "print only the results path");
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>(&file));
  po::variables_map vm;
  if (!parse_command(args, opts, hidden, "file", 1, vm)) return 0;
  const Lang lang = choose_lang(lang_option);
  if (file.empty()) throw UsageError("no results file given (usage: innosim discover RESULTS.h5 --outcome EXPR --threshold T)");
  if (outcome.empty()) throw UsageError("--outcome is required: an expression over the file's results");
  if (!std::isfinite(threshold)) throw UsageError("--threshold is required: the outcome's target, a finite number");
  if (!(prim.peel_alpha > 0 && prim.peel_alpha < 0.5)) throw UsageError("--peel-alpha must be in (0, 0.5)");
  if (!(prim.paste_alpha > 0 && prim.paste_alpha < 0.5)) throw UsageError("--paste-alpha must be in (0, 0.5)");
  if (!(prim.mass_min > 0 && prim.mass_min < 1)) throw UsageError("--mass-min must be in (0, 1)");
  if (!(min_coverage >= 0 && min_coverage <= 1)) throw UsageError("--min-coverage must be in [0, 1]");
  const fs::path target = output_path(out, fs::path(file).stem().string() + "-discover", force);

  // The file is read in a child process (results_input.hpp): a damaged file
  // that crashes HDF5 or makes it loop is reported (exit 1) before anything
  // is written. The child hands back the points: the factors' values and the
  // outcome at each point (NaN where it has none).
  struct Points {
    std::string kind;
    std::vector<std::string> factors;
    std::vector<std::vector<double>> x;
    std::vector<double> y;
  } pts;
  {
    const std::string bytes = read_results_file(file, ResultsWork::whole, [&](const output::ResultsReader& in) {
      const DiscoverySource src = read_source(in, file);
      std::optional<OutcomeExpression> expr;
      try {
        expr.emplace(outcome, src.variables);
      } catch (const std::invalid_argument& e) {
        std::string names;
        for (std::size_t i = 0; i < src.variables.size() && i < 12; ++i) names += (i ? ", " : "") + src.variables[i];
        if (src.variables.size() > 12) names += ", ...";
        throw UsageError("--outcome '" + outcome + "' " + e.what() + "; the file's " + src.kind + " has: " + names);
      }
      const std::size_t P = src.x.size();
      std::vector<std::vector<double>> vars(src.variables.size());
      for (std::size_t v : expr->used()) vars[v] = point_means(in, src.paths[v], P);
      std::vector<double> y(P), args_v(src.variables.size());
      for (std::size_t p = 0; p < P; ++p) {
        for (std::size_t v : expr->used()) args_v[v] = vars[v][p];
        y[p] = expr->evaluate(args_v);
      }
      Packer packed;
      packed.str(src.kind).strs(src.factors).f64s(y);
      for (const std::vector<double>& row : src.x) packed.f64s(row);
      return std::move(packed.bytes);
    });
    Unpacker answer(bytes);
    pts.kind = answer.str();
    pts.factors = answer.strs();
    pts.y = answer.f64s();
    pts.x.resize(pts.y.size());
    for (std::vector<double>& row : pts.x) {
      row = answer.f64s();
      if (row.size() != pts.factors.size()) throw IoError("the process reading the results file sent a malformed point");
    }
    answer.done();
  }
  const std::size_t P = pts.x.size();
  const std::vector<double>& y = pts.y;
  std::vector<std::vector<double>> x;
  std::vector<bool> interest;
  std::vector<std::int64_t> kept;
  for (std::size_t p = 0; p < P; ++p) {
    if (!std::isfinite(y[p])) continue;  // a point whose runs failed, or a ratio over 0
    x.push_back(pts.x[p]);
    interest.push_back(above ? y[p] > threshold : y[p] < threshold);
    kept.push_back(static_cast<std::int64_t>(p));
  }
  if (x.size() < 10)
    throw UsageError("only " + std::to_string(x.size()) + " points have a value of the outcome: too few to discover "
                     "anything (a sweep of a few dozen points at least)");

  const PrimResult r = prim_peel(x, interest, prim);
  std::size_t chosen = 0;
  if (box_index >= 0) {
    if (static_cast<std::size_t>(box_index) >= r.trajectory.size())
      throw UsageError("--box " + std::to_string(box_index) + ": the peeling trajectory has boxes 0 to " +
                       std::to_string(r.trajectory.size() - 1));
    chosen = static_cast<std::size_t>(box_index);
  } else {
    for (std::size_t i = 0; i < r.trajectory.size(); ++i) {
      const PrimBox& b = r.trajectory[i];
      if (!(b.coverage >= min_coverage)) continue;
      const PrimBox& c = r.trajectory[chosen];
      if (b.density > c.density || (b.density == c.density && b.coverage > c.coverage)) chosen = i;
    }
  }
  const PrimBox box = no_paste || chosen == 0 ? r.trajectory[chosen] : prim_paste(x, interest, r.trajectory[chosen], r, prim);

  // The results file.
  {
    output::ResultsWriter w(target, {.force = force, .command_line = command_line()});
    w.write_group("/discovery",
                  {{"source_file", file},
                   {"source", pts.kind},
                   {"outcome", outcome},
                   {"threshold", threshold},
                   {"cases_of_interest", std::string(above ? "outcome > threshold" : "outcome < threshold")},
                   {"method", std::string("PRIM (Friedman and Fisher 1999): peeling, then pasting of the chosen box; "
                                          "quasi-p values by a one-sided binomial test (Bryant and Lempert 2010)")},
                   {"peel_alpha", prim.peel_alpha},
                   {"paste_alpha", prim.paste_alpha},
                   {"mass_min", prim.mass_min},
                   {"pasted", static_cast<std::int64_t>(no_paste || chosen == 0 ? 0 : 1)},
                   {"box", static_cast<std::int64_t>(chosen)},
                   {"points", static_cast<std::int64_t>(x.size())},
                   {"points_without_outcome", static_cast<std::int64_t>(P - x.size())},
                   {"cases", static_cast<std::int64_t>(r.total_cases)}});
    std::vector<double> yv;
    std::vector<std::int64_t> iv, inb;
    for (std::size_t i = 0; i < x.size(); ++i) {
      yv.push_back(y[static_cast<std::size_t>(kept[i])]);
      iv.push_back(interest[i] ? 1 : 0);
      bool in_box = true;
      for (std::size_t k = 0; k < pts.factors.size(); ++k) in_box = in_box && x[i][k] >= box.lo[k] && x[i][k] <= box.hi[k];
      inb.push_back(in_box ? 1 : 0);
    }
    w.write_table("/discovery/points", {{"point", kept}, {"outcome", yv}, {"interest", iv}, {"in_box", inb}},
                  {{"description", std::string("one row per point with a value of the outcome: the design point, the "
                                               "outcome (mean over replications), whether it is a case of interest "
                                               "and whether it lies in the chosen box")}});
    std::vector<std::int64_t> step, npts, ncases, nres;
    std::vector<double> cov, den, mass;
    for (std::size_t i = 0; i < r.trajectory.size(); ++i) {
      const PrimBox& b = r.trajectory[i];
      step.push_back(static_cast<std::int64_t>(i));
      cov.push_back(b.coverage);
      den.push_back(b.density);
      mass.push_back(b.mass);
      npts.push_back(static_cast<std::int64_t>(b.points));
      ncases.push_back(static_cast<std::int64_t>(b.cases));
      nres.push_back(static_cast<std::int64_t>(b.restrictions()));
    }
    w.write_table("/discovery/trajectory",
                  {{"box", step}, {"coverage", cov}, {"density", den}, {"mass", mass}, {"points", npts},
                   {"cases", ncases}, {"restricted_factors", nres}},
                  {{"description", std::string("the peeling trajectory: box 0 is the whole space, each next box one "
                                               "peel further")}});
    const std::uint64_t T = r.trajectory.size(), K = pts.factors.size();
    output::ArrayWriter& lim = w.create_array("/discovery/trajectory_limits", {T, K, 2},
                                              {{"description", std::string("[box x factor x (lo, hi)]: each box of "
                                                                           "the trajectory")}});
    std::vector<double> flat;
    for (const PrimBox& b : r.trajectory)
      for (std::size_t k = 0; k < K; ++k) {
        flat.push_back(b.lo[k]);
        flat.push_back(b.hi[k]);
      }
    const std::uint64_t s0[3] = {0, 0, 0}, c0[3] = {T, K, 2};
    if (T && K) lim.write(s0, c0, flat);
    std::vector<std::string> names = pts.factors;
    std::vector<double> lo = box.lo, hi = box.hi, qp = box.quasi_p;
    std::vector<std::int64_t> restricted;
    for (std::size_t k = 0; k < K; ++k) restricted.push_back(box.restricted[k] ? 1 : 0);
    w.write_table("/discovery/box",
                  {{"factor", names}, {"lo", lo}, {"hi", hi}, {"min", r.min}, {"max", r.max},
                   {"restricted", restricted}, {"quasi_p", qp}},
                  {{"description", std::string("the chosen box: each factor's limits (closed), its range in the "
                                               "data, whether the box restricts it and the restriction's quasi-p "
                                               "value")},
                   {"coverage", box.coverage},
                   {"density", box.density},
                   {"mass", box.mass},
                   {"points", static_cast<std::int64_t>(box.points)},
                   {"cases", static_cast<std::int64_t>(box.cases)}});
    w.commit();
  }

  const auto T = [&](std::string_view english) { return fmt::runtime(tr(english, lang)); };
  if (quiet) {
    std::printf("%s\n", fmt::format(T("results: {}"), target.string()).c_str());
    return 0;
  }
  const std::string rel = above ? ">" : "<";
  std::printf("%s\n", fmt::format(T("discover {}: {} {} {} at {} of {} points ({})"), file, outcome, rel,
                                  num(threshold), r.total_cases, x.size(),
                                  share(static_cast<double>(r.total_cases) / static_cast<double>(x.size())))
                          .c_str());
  if (P > x.size())
    std::printf("%s\n", fmt::format(T("  {} points left out: the outcome has no value there (failed runs)"),
                                    P - x.size()).c_str());
  if (r.total_cases == 0 || r.total_cases == x.size()) {
    std::printf("%s\n", std::string(tr(r.total_cases == 0 ? "no point is a case of interest: nothing to discover"
                                                           : "every point is a case of interest: no box is needed",
                                       lang)).c_str());
    std::printf("\n%s\n", fmt::format(T("results: {}"), target.string()).c_str());
    return 0;
  }
  std::printf("\n%s\n", std::string(tr("peeling trajectory (coverage: share of the cases inside the box; density: "
                                       "share of the box's points that are cases)", lang)).c_str());
  std::printf("  %s%s%s%s%s%s\n", pad(tr("box", lang), 6).c_str(), pad(tr("coverage", lang), 10).c_str(),
              pad(tr("density", lang), 10).c_str(), pad(tr("points", lang), 8).c_str(),
              pad(tr("cases", lang), 8).c_str(), std::string(tr("restricted factors", lang)).c_str());
  for (std::size_t i = 0; i < r.trajectory.size(); ++i) {
    const PrimBox& b = r.trajectory[i];
    std::printf("  %-5zu %-9.3f %-9.3f %-7zu %-7zu %zu%s\n", i, b.coverage, b.density, b.points, b.cases,
                b.restrictions(), i == chosen ? "   <-" : "");  // the header's columns: 6, 10, 10, 8, 8
  }
  std::printf("\n%s\n", fmt::format(T("box {}: coverage {} ({} of the {} cases), density {} ({} of its {} points), "
                                      "mass {}"),
                                    std::to_string(chosen) +
                                        (no_paste || chosen == 0 ? "" : std::string(tr(", pasted", lang))),
                                    fmt::format("{:.3f}", box.coverage), box.cases, r.total_cases,
                                    fmt::format("{:.3f}", box.density), box.cases, box.points,
                                    fmt::format("{:.3f}", box.mass))
                            .c_str());
  std::vector<std::string> conds;
  for (std::size_t k = 0; k < pts.factors.size(); ++k) {
    if (!box.restricted[k]) continue;
    const std::string c = condition(terminal_text(pts.factors[k]), box.lo[k], box.hi[k], r.min[k], r.max[k]);
    conds.push_back(c);
    std::printf("  %s   %s\n", c.c_str(),
                fmt::format(T("(quasi-p {}; range in the data {} to {})"), fmt::format("{:.3g}", box.quasi_p[k]),
                            num(r.min[k]), num(r.max[k]))
                    .c_str());
  }
  std::string when;
  for (std::size_t i = 0; i < conds.size(); ++i) when += (i ? std::string(tr(" and ", lang)) : "") + conds[i];
  std::printf("\n%s\n", fmt::format(T("In words: {} is {} {} when {}: {} of the points in this box are such cases "
                                      "({} of {}), and the box holds {} of all such cases."),
                                    outcome, std::string(tr(above ? "above" : "below", lang)),
                                    num(threshold), when.empty() ? std::string(tr("anywhere", lang)) : when,
                                    share(box.density), box.cases, box.points, share(box.coverage))
                            .c_str());
  std::printf("%s\n", std::string(tr("A quasi-p value above 0.05 means the restriction could be chance (Bryant and "
                                     "Lempert 2010); the points are means over replications, so a case near the "
                                     "threshold may be seed noise.", lang)).c_str());
  std::printf("\n%s\n", fmt::format(T("results: {}"), target.string()).c_str());
  return 0;
}

}  // namespace innosim::app
