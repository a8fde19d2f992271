#include "innosim/experiments/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "innosim/experiments/number_format.hpp"
#include "innosim/experiments/text_format.hpp"

namespace innosim::experiments {

std::string xml_escape(std::string_view text) {
  // A results file may hold anything: control characters, which XML 1.0 and
  // HTML refuse, and bytes that are not UTF-8 become U+FFFD first.
  const std::string clean = document_text(text);
  std::string out;
  out.reserve(clean.size());
  for (const char c : clean) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\r': out += "\xEF\xBF\xBD"; break;  // as before: only tab and newline of the C0 controls
      default: out += c;
    }
  }
  return out;
}

std::string_view font_stack() {
  return "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Helvetica Neue', Arial, 'Noto Sans CJK SC', "
         "'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', "
         "sans-serif";
}

Ticks nice_ticks(double lo, double hi, int target) {
  Ticks t;
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0.0, hi = 1.0;
  if (lo > hi) std::swap(lo, hi);
  if (hi - lo < 1e-300 * std::max(1.0, std::abs(hi))) {
    // A flat series: a range around the value (or 0..1 for zero).
    const double pad = lo == 0.0 ? 1.0 : std::abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  target = std::max(2, target);
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  t.step = step;
  t.lo = std::floor(lo / step + 1e-9) * step;
  t.hi = std::ceil(hi / step - 1e-9) * step;
  const long n = std::lround((t.hi - t.lo) / step);
  for (long i = 0; i <= n; ++i) {
    double v = t.lo + static_cast<double>(i) * step;
    if (std::abs(v) < step * 1e-9) v = 0.0;  // no "-0"
    t.values.push_back(v);
  }
  return t;
}

std::string_view series_colour(std::size_t i) {
  // Okabe and Ito (2008): blue, vermillion, bluish green, reddish purple, orange, sky blue, yellow.
  static constexpr std::string_view kColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                  "#E69F00", "#56B4E9", "#F0E442"};
  return kColours[i % std::size(kColours)];
}

namespace {

constexpr double kWidth = 720.0;
constexpr double kLeft = 64.0;  // room for y tick labels
constexpr double kRight = 14.0;
constexpr double kGap = 22.0;  // between panels of a row
constexpr double kPanelHeight = 200.0;
constexpr double kHeading = 20.0;  // panel heading above each panel
constexpr double kXAxis = 24.0;    // x tick labels below each panel
constexpr double kFont = 12.0;
const std::string kInk = "#222";
const std::string kGrid = "#e3e3e3";
const std::string kMuted = "#666";

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s == "-0" ? "0" : s;
}

bool finite(double v) { return std::isfinite(v); }

/// Approximate rendered width of text at `size` px: CJK (two terminal
/// columns) about one em, Latin about 0.55 em.
double text_width(std::string_view text, double size) {
  return static_cast<double>(display_width(text)) * 0.56 * size;
}

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!finite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  void add(const std::vector<double>& v) {
    for (const double x : v) add(x);
  }
  bool empty() const { return lo > hi; }
};

/// A linear map from data to pixels.
struct Scale {
  double d0 = 0.0, d1 = 1.0, r0 = 0.0, r1 = 1.0;
  double operator()(double v) const { return r0 + (v - d0) / (d1 - d0) * (r1 - r0); }
};

/// x ticks: whole numbers once the range spans two units (calendar years,
/// counts), so a time axis never shows 2025.5.
Ticks x_ticks(const Range& r, int target) {
  Ticks t = nice_ticks(r.lo, r.hi, target);
  if (r.hi - r.lo >= 2.0 && t.step < 1.0) {
    Ticks whole;
    whole.step = std::max(1.0, std::ceil((r.hi - r.lo) / target));
    whole.lo = std::floor(r.lo);
    whole.hi = std::ceil(r.hi);
    for (double v = std::ceil(r.lo); v <= r.hi + 1e-9; v += whole.step) whole.values.push_back(v);
    return whole;
  }
  // The data range itself, not the widened one: no empty margin before the first year.
  t.lo = r.lo;
  t.hi = r.hi;
  if (t.hi - t.lo < 1e-12) t.lo -= 0.5, t.hi += 0.5;
  std::erase_if(t.values, [&](double v) { return v < t.lo - 1e-9 || v > t.hi + 1e-9; });
  return t;
}

/// Runs of consecutive indices where every given series is finite.
std::vector<std::pair<std::size_t, std::size_t>> segments(std::size_t n,
                                                          std::initializer_list<const std::vector<double>*> s) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t i = 0;
  const auto ok = [&](std::size_t k) {
    return std::all_of(s.begin(), s.end(), [&](const std::vector<double>* v) { return k < v->size() && finite((*v)[k]); });
  };
  while (i < n) {
    while (i < n && !ok(i)) ++i;
    const std::size_t start = i;
    while (i < n && ok(i)) ++i;
    if (i > start) out.emplace_back(start, i);
  }
  return out;
}

/// The SVG being built: a header with title, description and legend, then panels.
class Figure {
 public:
  Figure(const ChartText& text, std::size_t panels) : text_(text), panels_(std::max<std::size_t>(1, panels)) {
    cols_ = std::min<std::size_t>(panels_, 3);
    rows_ = (panels_ + cols_ - 1) / cols_;
    panel_w_ = (kWidth - kLeft - kRight - kGap * static_cast<double>(cols_ - 1)) / static_cast<double>(cols_);
  }

  /// Lays the legend out (wrapping) and returns the y where panels start.
  void legend(const std::vector<std::pair<std::string, std::string>>& swatches) {
    // swatches: {kind, label}; kind = "band:<colour>:<opacity>", "line:<colour>:<width>:<dash>"
    double x = kLeft, y = 14.0;
    for (std::size_t i = 0; i < swatches.size(); ++i) {
      const auto& [kind, label] = swatches[i];
      const double w = 22.0 + 6.0 + text_width(label, kFont) + 18.0;
      if (x + w > kWidth - kRight && x > kLeft) {
        x = kLeft;
        y += 18.0;
      }
      body_ += swatch(kind, x, y);
      body_ += "<text x=\"" + num(x + 28.0) + "\" y=\"" + num(y + 4.0) + "\" fill=\"" + kInk + "\">" +
               xml_escape(label) + "</text>";
      x += w;
    }
    top_ = y + 20.0;
    if (!text_.y_label.empty()) {
      body_ += "<text x=\"8\" y=\"" + num(top_ + 4.0) + "\" fill=\"" + kInk + "\" font-weight=\"600\">" +
               xml_escape(text_.y_label) + "</text>";
      top_ += 12.0;
    }
  }

  struct Area {
    double left, top, right, bottom;
  };
  Area area(std::size_t panel) const {
    const std::size_t r = panel / cols_, c = panel % cols_;
    const double left = kLeft + static_cast<double>(c) * (panel_w_ + kGap);
    const double top = top_ + static_cast<double>(r) * (kHeading + kPanelHeight + kXAxis) + kHeading;
    return {left, top, left + panel_w_, top + kPanelHeight};
  }
  bool first_column(std::size_t panel) const { return panel % cols_ == 0; }

  /// Grid, ticks and tick labels of one panel; returns its scales.
  std::pair<Scale, Scale> axes(std::size_t panel, const std::string& heading, const Ticks& xt, const Ticks& yt,
                               const AxisFormat& xf, const AxisFormat& yf, bool zero_line) {
    const Area a = area(panel);
    const Scale xs{xt.lo, xt.hi, a.left, a.right};
    const Scale ys{yt.lo, yt.hi, a.bottom, a.top};
    if (!heading.empty())
      body_ += "<text x=\"" + num(a.left) + "\" y=\"" + num(a.top - 7.0) + "\" fill=\"" + kInk +
               "\" font-weight=\"600\">" + xml_escape(heading) + "</text>";
    body_ += "<g stroke=\"" + kGrid + "\" stroke-width=\"1\">";
    for (const double v : yt.values)
      body_ += "<line x1=\"" + num(a.left) + "\" x2=\"" + num(a.right) + "\" y1=\"" + num(ys(v)) + "\" y2=\"" +
               num(ys(v)) + "\"/>";
    body_ += "</g>";
    if (zero_line && yt.lo < 0.0 && yt.hi > 0.0)
      body_ += "<line x1=\"" + num(a.left) + "\" x2=\"" + num(a.right) + "\" y1=\"" + num(ys(0.0)) + "\" y2=\"" +
               num(ys(0.0)) + "\" stroke=\"" + kInk + "\" stroke-width=\"1\"/>";
    body_ += "<line x1=\"" + num(a.left) + "\" x2=\"" + num(a.right) + "\" y1=\"" + num(a.bottom) + "\" y2=\"" +
             num(a.bottom) + "\" stroke=\"" + kMuted + "\"/>";
    if (first_column(panel)) {
      body_ += "<g fill=\"" + kMuted + "\" text-anchor=\"end\">";
      for (const double v : yt.values)
        body_ += "<text x=\"" + num(a.left - 6.0) + "\" y=\"" + num(ys(v) + 4.0) + "\">" + xml_escape(yf(v)) +
                 "</text>";
      body_ += "</g>";
    }
    body_ += "<g fill=\"" + kMuted + "\" text-anchor=\"middle\">";
    for (const double v : xt.values) {
      body_ += "<line x1=\"" + num(xs(v)) + "\" x2=\"" + num(xs(v)) + "\" y1=\"" + num(a.bottom) + "\" y2=\"" +
               num(a.bottom + 4.0) + "\" stroke=\"" + kMuted + "\"/>";
      // Labels at the panel's edges are aligned inwards, so neighbouring panels' labels do not collide.
      const char* anchor = std::fabs(xs(v) - a.left) < 1.0 ? " text-anchor=\"start\""
                           : std::fabs(xs(v) - a.right) < 1.0 ? " text-anchor=\"end\""
                                                              : "";
      body_ += "<text x=\"" + num(xs(v)) + "\" y=\"" + num(a.bottom + 17.0) + "\"" + anchor + ">" +
               xml_escape(xf(v)) + "</text>";
    }
    body_ += "</g>";
    return {xs, ys};
  }

  void band(const Scale& xs, const Scale& ys, const std::vector<double>& x, const std::vector<double>& lo,
            const std::vector<double>& hi, std::string_view colour, double opacity) {
    for (const auto& [b, e] : segments(x.size(), {&x, &lo, &hi})) {
      if (e - b == 1) {  // one point: a short bar
        body_ += "<rect x=\"" + num(xs(x[b]) - 5.0) + "\" y=\"" + num(ys(hi[b])) + "\" width=\"10\" height=\"" +
                 num(std::max(0.5, ys(lo[b]) - ys(hi[b]))) + "\" fill=\"" + std::string(colour) +
                 "\" fill-opacity=\"" + num_op(opacity) + "\"/>";
        continue;
      }
      std::string pts;
      for (std::size_t i = b; i < e; ++i) pts += num(xs(x[i])) + "," + num(ys(lo[i])) + " ";
      for (std::size_t i = e; i-- > b;) pts += num(xs(x[i])) + "," + num(ys(hi[i])) + " ";
      pts.pop_back();
      body_ += "<polygon points=\"" + pts + "\" fill=\"" + std::string(colour) + "\" fill-opacity=\"" +
               num_op(opacity) + "\" stroke=\"none\"/>";
    }
  }

  void line(const Scale& xs, const Scale& ys, const std::vector<double>& x, const std::vector<double>& y,
            std::string_view colour, double width, std::string_view dash = {}) {
    for (const auto& [b, e] : segments(x.size(), {&x, &y})) {
      if (e - b == 1) {
        body_ += "<circle cx=\"" + num(xs(x[b])) + "\" cy=\"" + num(ys(y[b])) + "\" r=\"" + num(width + 1.5) +
                 "\" fill=\"" + std::string(colour) + "\"/>";
        continue;
      }
      std::string pts;
      for (std::size_t i = b; i < e; ++i) pts += num(xs(x[i])) + "," + num(ys(y[i])) + " ";
      pts.pop_back();
      body_ += "<polyline points=\"" + pts + "\" fill=\"none\" stroke=\"" + std::string(colour) +
               "\" stroke-width=\"" + num_op(width) + "\" stroke-linejoin=\"round\"";
      if (!dash.empty()) body_ += " stroke-dasharray=\"" + std::string(dash) + "\"";
      body_ += "/>";
    }
  }

  void raw(const std::string& s) { body_ += s; }

  /// The complete <svg> element.
  std::string finish() const {
    const double height = top_ + static_cast<double>(rows_) * (kHeading + kPanelHeight + kXAxis) +
                          (text_.x_label.empty() ? 6.0 : 24.0);
    std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(kWidth) + " " + num(height) +
                    "\" width=\"" + num(kWidth) + "\" height=\"" + num(height) +
                    "\" role=\"img\" aria-labelledby=\"" + xml_escape(text_.id) + "-t " + xml_escape(text_.id) +
                    "-d\" font-family=\"" + xml_escape(font_stack()) + "\" font-size=\"" + num(kFont) +
                    "\" class=\"chart\">";
    s += "<title id=\"" + xml_escape(text_.id) + "-t\">" + xml_escape(text_.title) + "</title>";
    s += "<desc id=\"" + xml_escape(text_.id) + "-d\">" + xml_escape(text_.description) + "</desc>";
    s += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>";
    s += body_;
    if (!text_.x_label.empty())
      s += "<text x=\"" + num(kLeft + (kWidth - kLeft - kRight) / 2.0) + "\" y=\"" + num(height - 8.0) +
           "\" text-anchor=\"middle\" fill=\"" + kInk + "\">" + xml_escape(text_.x_label) + "</text>";
    s += "</svg>";
    return s;
  }

  std::size_t panels() const { return panels_; }

 private:
  static std::string num_op(double v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2g", v);
    return buf;
  }

  static std::string swatch(const std::string& kind, double x, double y) {
    // "band:<colour>:<opacity>" or "line:<colour>:<width>[:<dash>]"
    std::vector<std::string> f;
    std::size_t i = 0;
    while (i <= kind.size()) {
      const std::size_t j = std::min(kind.find(':', i), kind.size());
      f.push_back(kind.substr(i, j - i));
      i = j + 1;
    }
    if (f[0] == "band")
      return "<rect x=\"" + num(x) + "\" y=\"" + num(y - 5.0) + "\" width=\"22\" height=\"10\" fill=\"" + f[1] +
             "\" fill-opacity=\"" + f[2] + "\"/>";
    if (f[0] == "bar")
      return "<rect x=\"" + num(x + 2.0) + "\" y=\"" + num(y - 5.0) + "\" width=\"18\" height=\"10\" fill=\"" + f[1] +
             "\"/>";
    if (f[0] == "whisker")
      return "<path d=\"M" + num(x + 2.0) + " " + num(y) + "H" + num(x + 20.0) + "M" + num(x + 2.0) + " " +
             num(y - 4.0) + "V" + num(y + 4.0) + "M" + num(x + 20.0) + " " + num(y - 4.0) + "V" + num(y + 4.0) +
             "\" stroke=\"" + f[1] + "\" stroke-width=\"1.2\" fill=\"none\"/>";
    std::string s = "<line x1=\"" + num(x) + "\" x2=\"" + num(x + 22.0) + "\" y1=\"" + num(y) + "\" y2=\"" + num(y) +
                    "\" stroke=\"" + f[1] + "\" stroke-width=\"" + f[2] + "\"";
    if (f.size() > 3 && !f[3].empty()) s += " stroke-dasharray=\"" + f[3] + "\"";
    return s + "/>";
  }

  ChartText text_;
  std::size_t panels_, cols_ = 1, rows_ = 1;
  double panel_w_ = 0.0;
  double top_ = 30.0;
  std::string body_;
};

std::string legend_label(const ChartText& text, std::size_t i, const char* fallback) {
  return i < text.legend.size() ? text.legend[i] : fallback;
}

}  // namespace

std::string fan_chart(std::span<const FanPanel> panels, const ChartText& text, const AxisFormat& y_format,
                      const AxisFormat& x_format) {
  Figure fig(text, panels.size());
  // One colour per panel (scenario) keeps a scenario recognisable across charts.
  const std::string colour(series_colour(0));
  fig.legend({{"band:" + colour + ":0.16", legend_label(text, 0, "90% of replications")},
              {"band:" + colour + ":0.36", legend_label(text, 1, "50% of replications")},
              {"line:" + colour + ":2", legend_label(text, 2, "median")},
              {"line:" + kInk + ":1:4 3", legend_label(text, 3, "95% CI of the mean")}});
  Range xr, yr;
  for (const FanPanel& p : panels) {
    xr.add(p.x);
    for (const auto* v : {&p.p5, &p.p25, &p.p50, &p.p75, &p.p95, &p.mean, &p.ci_low, &p.ci_high}) yr.add(*v);
  }
  if (xr.empty()) xr.add(0.0), xr.add(1.0);
  if (yr.empty()) yr.add(0.0), yr.add(1.0);
  const Ticks xt = x_ticks(xr, 6 / static_cast<int>(std::min<std::size_t>(panels.size(), 3)) + 1);
  const Ticks yt = nice_ticks(yr.lo, yr.hi, 5);
  for (std::size_t i = 0; i < panels.size(); ++i) {
    const FanPanel& p = panels[i];
    const std::string c(series_colour(i));
    const auto [xs, ys] = fig.axes(i, p.label, xt, yt, x_format, y_format, true);
    fig.band(xs, ys, p.x, p.p5, p.p95, c, 0.16);
    fig.band(xs, ys, p.x, p.p25, p.p75, c, 0.36);
    fig.line(xs, ys, p.x, p.p50, c, 2.0);
    fig.line(xs, ys, p.x, p.ci_low, kInk, 1.0, "4 3");
    fig.line(xs, ys, p.x, p.ci_high, kInk, 1.0, "4 3");
  }
  return fig.finish();
}

std::string difference_chart(std::span<const DifferencePanel> panels, const ChartText& text,
                             const AxisFormat& y_format, const AxisFormat& x_format) {
  Figure fig(text, panels.size());
  const std::string colour(series_colour(1));
  fig.legend({{"band:" + colour + ":0.3", legend_label(text, 0, "95% CI of the mean difference")},
              {"line:" + colour + ":2", legend_label(text, 1, "mean difference")},
              {"line:" + kInk + ":1", legend_label(text, 2, "no difference")}});
  Range xr, yr;
  yr.add(0.0);
  for (const DifferencePanel& p : panels) {
    xr.add(p.x);
    for (const auto* v : {&p.difference, &p.ci_low, &p.ci_high}) yr.add(*v);
  }
  if (xr.empty()) xr.add(0.0), xr.add(1.0);
  const Ticks xt = x_ticks(xr, 6 / static_cast<int>(std::min<std::size_t>(panels.size(), 3)) + 1);
  const Ticks yt = nice_ticks(yr.lo, yr.hi, 5);
  for (std::size_t i = 0; i < panels.size(); ++i) {
    const DifferencePanel& p = panels[i];
    const std::string c(series_colour(i + 1));
    const auto [xs, ys] = fig.axes(i, p.label, xt, yt, x_format, y_format, true);
    if (yt.lo == 0.0 || yt.hi == 0.0)  // zero on the frame: still mark it
      fig.raw("<line x1=\"" + num(xs.r0) + "\" x2=\"" + num(xs.r1) + "\" y1=\"" + num(ys(0.0)) + "\" y2=\"" +
              num(ys(0.0)) + "\" stroke=\"" + kInk + "\" stroke-width=\"1\"/>");
    fig.band(xs, ys, p.x, p.ci_low, p.ci_high, c, 0.3);
    fig.line(xs, ys, p.x, p.difference, c, 2.0);
  }
  return fig.finish();
}

std::string sweep_chart(const SweepSeries& s, const ChartText& text, const AxisFormat& y_format,
                        const AxisFormat& x_format) {
  Figure fig(text, 1);
  const std::string c(series_colour(0));
  fig.legend({{"band:" + c + ":0.16", legend_label(text, 0, "90% of replications")},
              {"band:" + c + ":0.36", legend_label(text, 1, "50% of replications")},
              {"line:" + c + ":2", legend_label(text, 2, "mean")},
              {"whisker:" + kInk, legend_label(text, 3, "95% CI of the mean")}});
  Range xr, yr;
  xr.add(s.x);
  for (const auto* v : {&s.mean, &s.ci_low, &s.ci_high, &s.p5, &s.p25, &s.p75, &s.p95}) yr.add(*v);
  if (xr.empty()) xr.add(0.0), xr.add(1.0);
  if (yr.empty()) yr.add(0.0), yr.add(1.0);
  // Pad the x range so end points' bars are not cut by the frame.
  const double pad = (xr.hi - xr.lo) * 0.04;
  Range xp = xr;
  xp.lo -= pad;
  xp.hi += pad;
  Ticks xt = nice_ticks(xr.lo, xr.hi, 6);
  xt.lo = xp.lo;
  xt.hi = xp.hi;
  if (xt.hi - xt.lo < 1e-12) xt.lo -= 0.5, xt.hi += 0.5;
  std::erase_if(xt.values, [&](double v) { return v < xt.lo - 1e-9 || v > xt.hi + 1e-9; });
  const Ticks yt = nice_ticks(yr.lo, yr.hi, 5);
  const auto [xs, ys] = fig.axes(0, "", xt, yt, x_format, y_format, true);
  if (s.connect) {
    std::vector<std::size_t> order(s.x.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return s.x[a] < s.x[b]; });
    const auto sorted = [&](const std::vector<double>& v) {
      std::vector<double> o;
      for (const std::size_t i : order) o.push_back(i < v.size() ? v[i] : std::nan(""));
      return o;
    };
    const auto x = sorted(s.x);
    fig.band(xs, ys, x, sorted(s.p5), sorted(s.p95), c, 0.16);
    fig.band(xs, ys, x, sorted(s.p25), sorted(s.p75), c, 0.36);
    fig.line(xs, ys, x, sorted(s.mean), c, 2.0);
  } else {
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      const std::vector<double> x1{s.x[i]};
      fig.band(xs, ys, x1, {s.p5[i]}, {s.p95[i]}, c, 0.16);
      fig.band(xs, ys, x1, {s.p25[i]}, {s.p75[i]}, c, 0.36);
      fig.line(xs, ys, x1, {s.mean[i]}, c, 1.5);
    }
  }
  std::string w = "<g stroke=\"" + kInk + "\" stroke-width=\"1.2\" fill=\"none\">";
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    if (!finite(s.x[i]) || !finite(s.ci_low[i]) || !finite(s.ci_high[i])) continue;
    const double x = xs(s.x[i]), lo = ys(s.ci_low[i]), hi = ys(s.ci_high[i]);
    w += "<path d=\"M" + num(x) + " " + num(lo) + "V" + num(hi) + "M" + num(x - 3.0) + " " + num(lo) + "H" +
         num(x + 3.0) + "M" + num(x - 3.0) + " " + num(hi) + "H" + num(x + 3.0) + "\"/>";
  }
  fig.raw(w + "</g>");
  return fig.finish();
}

std::string bar_chart(std::span<const Bar> bars, bool two_series, const ChartText& text,
                      const AxisFormat& x_format) {
  // Laid out by hand: categories down the side, values along x.
  const std::string c1(series_colour(0)), c2(series_colour(4));
  double label_w = 0.0;
  for (const Bar& b : bars) label_w = std::max(label_w, text_width(b.label, kFont));
  label_w = std::min(label_w + 12.0, 300.0);
  Range r;
  r.add(0.0);
  for (const Bar& b : bars) {
    for (const double v : {b.value, b.low, b.high}) r.add(v);
    if (two_series)
      for (const double v : {b.value2, b.low2, b.high2}) r.add(v);
  }
  const Ticks t = nice_ticks(r.lo, r.hi, 5);
  const double row = two_series ? 30.0 : 22.0;
  const double left = label_w + 8.0, right = kWidth - kRight;
  std::string body;
  double y = 14.0, x = left;
  std::vector<std::pair<std::string, std::string>> legend = {{"bar:" + c1, legend_label(text, 0, "value")}};
  if (two_series) legend.push_back({"bar:" + c2, legend_label(text, 1, "second")});
  legend.push_back({"whisker:" + kInk, legend_label(text, two_series ? 2 : 1, "interval")});
  for (const auto& [kind, label] : legend) {
    const double w = 22.0 + 6.0 + text_width(label, kFont) + 18.0;
    if (x + w > right && x > left) x = left, y += 18.0;
    if (kind.rfind("bar:", 0) == 0)
      body += "<rect x=\"" + num(x + 2.0) + "\" y=\"" + num(y - 5.0) + "\" width=\"18\" height=\"10\" fill=\"" +
              kind.substr(4) + "\"/>";
    else
      body += "<path d=\"M" + num(x + 2.0) + " " + num(y) + "H" + num(x + 20.0) + "M" + num(x + 2.0) + " " +
              num(y - 4.0) + "V" + num(y + 4.0) + "M" + num(x + 20.0) + " " + num(y - 4.0) + "V" + num(y + 4.0) +
              "\" stroke=\"" + kInk + "\" stroke-width=\"1.2\" fill=\"none\"/>";
    body += "<text x=\"" + num(x + 28.0) + "\" y=\"" + num(y + 4.0) + "\" fill=\"" + kInk + "\">" +
            xml_escape(label) + "</text>";
    x += w;
  }
  const double top = y + 22.0;
  const double bottom = top + row * static_cast<double>(std::max<std::size_t>(1, bars.size()));
  const Scale xs{t.lo, t.hi, left, right};
  body += "<g stroke=\"" + kGrid + "\">";
  for (const double v : t.values)
    body += "<line x1=\"" + num(xs(v)) + "\" x2=\"" + num(xs(v)) + "\" y1=\"" + num(top) + "\" y2=\"" + num(bottom) +
            "\"/>";
  body += "</g><line x1=\"" + num(xs(0.0)) + "\" x2=\"" + num(xs(0.0)) + "\" y1=\"" + num(top) + "\" y2=\"" +
          num(bottom) + "\" stroke=\"" + kInk + "\"/>";
  body += "<g fill=\"" + kMuted + "\" text-anchor=\"middle\">";
  for (const double v : t.values)
    body += "<text x=\"" + num(xs(v)) + "\" y=\"" + num(bottom + 16.0) + "\">" + xml_escape(x_format(v)) + "</text>";
  body += "</g>";
  const auto bar = [&](double yc, double h, double v, double lo, double hi, const std::string& colour) {
    if (finite(v)) {
      const double x0 = xs(std::min(0.0, v)), x1 = xs(std::max(0.0, v));
      body += "<rect x=\"" + num(x0) + "\" y=\"" + num(yc - h / 2.0) + "\" width=\"" + num(std::max(0.5, x1 - x0)) +
              "\" height=\"" + num(h) + "\" fill=\"" + colour + "\"/>";
    }
    if (finite(lo) && finite(hi))
      body += "<path d=\"M" + num(xs(lo)) + " " + num(yc) + "H" + num(xs(hi)) + "M" + num(xs(lo)) + " " +
              num(yc - 4.0) + "V" + num(yc + 4.0) + "M" + num(xs(hi)) + " " + num(yc - 4.0) + "V" + num(yc + 4.0) +
              "\" stroke=\"" + kInk + "\" stroke-width=\"1.2\" fill=\"none\"/>";
  };
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const double yc = top + row * (static_cast<double>(i) + 0.5);
    body += "<text x=\"" + num(left - 8.0) + "\" y=\"" + num(yc + 4.0) + "\" text-anchor=\"end\" fill=\"" + kInk +
            "\">" + xml_escape(b.label) + "</text>";
    if (two_series) {
      bar(yc - 6.0, 10.0, b.value, b.low, b.high, c1);
      bar(yc + 6.0, 10.0, b.value2, b.low2, b.high2, c2);
    } else {
      bar(yc, 12.0, b.value, b.low, b.high, c1);
    }
  }
  const double height = bottom + (text.x_label.empty() ? 24.0 : 42.0);
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(kWidth) + " " + num(height) +
                  "\" width=\"" + num(kWidth) + "\" height=\"" + num(height) + "\" role=\"img\" aria-labelledby=\"" +
                  xml_escape(text.id) + "-t " + xml_escape(text.id) + "-d\" font-family=\"" +
                  xml_escape(font_stack()) + "\" font-size=\"" + num(kFont) + "\" class=\"chart\">";
  s += "<title id=\"" + xml_escape(text.id) + "-t\">" + xml_escape(text.title) + "</title>";
  s += "<desc id=\"" + xml_escape(text.id) + "-d\">" + xml_escape(text.description) + "</desc>";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>" + body;
  if (!text.x_label.empty())
    s += "<text x=\"" + num((left + right) / 2.0) + "\" y=\"" + num(height - 8.0) + "\" text-anchor=\"middle\" fill=\"" +
         kInk + "\">" + xml_escape(text.x_label) + "</text>";
  return s + "</svg>";
}

}  // namespace innosim::experiments
