#include "innosim/experiments/tables.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "innosim/engine/error.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/text_format.hpp"

namespace innosim::experiments {

TextTable::TextTable(std::vector<std::string> header, std::vector<bool> right_aligned)
    : header_(std::move(header)), right_(std::move(right_aligned)) {
  if (right_.size() != header_.size()) throw InternalError("TextTable: one alignment per column");
}

void TextTable::add(std::vector<std::string> row) {
  if (row.size() != header_.size()) throw InternalError("TextTable: row of the wrong width");
  rows_.push_back(std::move(row));
}

std::string TextTable::render(std::size_t indent, std::size_t gap) const {
  std::vector<std::size_t> width(header_.size(), 0);
  for (std::size_t c = 0; c < header_.size(); ++c) {
    width[c] = display_width(header_[c]);
    for (const auto& r : rows_) width[c] = std::max(width[c], display_width(r[c]));
  }
  std::string out;
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string l(indent, ' ');
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c) l += std::string(gap, ' ');
      // The last column is not padded on the right (no trailing spaces).
      l += c + 1 == cells.size() && !right_[c] ? cells[c] : pad(cells[c], width[c], right_[c]);
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + "\n";
  };
  line(header_);
  for (const auto& r : rows_) line(r);
  return out;
}

namespace {

std::string base_unit(std::string_view unit) { return amount_unit(unit); }

bool is_share(std::string_view base) {
  return base == "share" || base == "share of interest" || base == "share of loss" || base == "share per year";
}

/// The money scale word for a magnitude: bn / 亿.
DisplayUnit money_scale(double magnitude, Lang lang) {
  const double m = std::isfinite(magnitude) ? std::fabs(magnitude) : 0.0;
  if (lang == Lang::zh) {
    if (m >= 1e12) return {12, "万亿", lang};
    if (m >= 1e8) return {8, "亿", lang};
    if (m >= 1e4) return {4, "万", lang};
    return {0, "", lang};
  }
  if (m >= 1e12) return {12, "trillion", lang};
  if (m >= 1e9) return {9, "bn", lang};
  if (m >= 1e6) return {6, "m", lang};
  return {0, "", lang};
}

}  // namespace

CellFormat cell_format(std::string_view unit, double magnitude, Lang lang, bool change, int significant) {
  const std::string base = base_unit(unit);
  CellFormat f;
  f.style.lang = lang;
  int sig = significant;
  if (base == "yuan") {
    f.unit = money_scale(magnitude, lang);
    f.scale_in_cell = true;
    if (!sig) sig = 4;
  } else if (is_share(base)) {
    f.unit = display_unit(base, magnitude, lang, change);
    if (!sig) sig = 3;
  } else {
    f.unit = {0, "", lang};
    if (!sig) sig = 3;
  }
  const double v = std::isfinite(magnitude) ? std::fabs(magnitude) / std::pow(10.0, f.unit.exponent) : 0.0;
  const int digits = v >= 1 ? static_cast<int>(std::floor(std::log10(v))) + 1 : (v > 0 ? static_cast<int>(std::floor(std::log10(v))) + 1 : 1);
  f.style.precision = Precision::decimals(std::clamp(sig - digits, 0, 8));
  return f;
}

std::string cell(double x, const CellFormat& f, bool sign) {
  NumberStyle s = f.style;
  s.sign = sign;
  std::string text = format_number(x, s, -f.unit.exponent);
  if (f.scale_in_cell && !f.unit.text.empty() && std::isfinite(x))
    text += f.style.lang == Lang::zh ? f.unit.text : " " + f.unit.text;
  return text;
}

std::string interval_cell(double low, double high, std::string_view unit, Lang lang, bool change) {
  if (std::isinf(low) && std::isinf(high)) return std::string(tr("unbounded", lang));
  if (std::isnan(low) && std::isnan(high)) return "\u2014";
  double m = 0;
  for (double x : {low, high})
    if (std::isfinite(x)) m = std::max(m, std::fabs(x));
  const CellFormat f = cell_format(unit, m, lang, change);
  // Appended piecewise: `"[" + std::string&&` trips GCC 12's -Wrestrict false positive.
  std::string out = "[";
  out += cell(low, f, change);
  out += ", ";
  out += cell(high, f, change);
  out += "]";
  return out;
}

std::string vrf_cell(double v) {
  if (std::isnan(v)) return "\u2014";
  if (std::isinf(v)) return v > 0 ? "\u221e" : "\u2014";
  // Past the cap the pairs differ by rounding-level amounts next to the runs' spread: "7,867,614" would be
  // read as a measured quantity (or as yuan), so the column says only that it is large.
  const NumberStyle style{Lang::en, v >= 100 ? Precision::decimals(0) : Precision::significant(3), false,
                          Grouping::standard};
  const std::string text = format_number(v, style), cap = format_number(kVrfCap, style);
  if (v > kVrfCap && text != cap) return "> " + cap + "\u00d7";
  return text + "\u00d7";
}

std::string unit_column(std::string_view unit, Lang lang, bool change) {
  const std::string base = base_unit(unit);
  if (is_share(base)) {
    // A level of a rate is in per cent, its change in percentage points (百分点):
    // a column that holds both says which is which.
    std::string text = display_unit(base, 0.0, lang, false).text;
    if (change)
      text += (lang == Lang::zh ? "（差值：" : " (changes: ") + display_unit(base, 0.0, lang, true).text +
              (lang == Lang::zh ? "）" : ")");
    return text;
  }
  return unit_text(base, lang);
}

std::string wrap(std::string_view text, std::size_t width) {
  // Units that may not be split: a run of non-space characters that are not
  // wide (a word, a number), or one wide character; spaces separate units.
  struct Unit {
    std::string text;
    bool space_before = false;
  };
  std::vector<Unit> units;
  bool space = false, last_wide = false;
  // Chinese punctuation that may not begin a line stays with what precedes it.
  static const std::string_view kNoLineStart[] = {"，", "。", "；", "：", "、", "）", "」", "？", "！", "%"};
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    const std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 1;
    const std::string_view ch = text.substr(i, std::min(len, text.size() - i));
    i += len;
    if (ch == " " || ch == "\n") {
      space = true;
      continue;
    }
    const bool wide = display_width(ch) == 2;
    const bool sticky = std::find(std::begin(kNoLineStart), std::end(kNoLineStart), ch) != std::end(kNoLineStart);
    if (units.empty() || space || ((wide || last_wide) && !sticky))
      units.push_back({std::string(ch), space});
    else
      units.back().text += ch;
    last_wide = wide;
    space = false;
  }
  std::string out;
  std::size_t col = 0;
  for (const Unit& u : units) {
    const std::size_t w = display_width(u.text);
    const std::size_t sep = col > 0 && u.space_before ? 1 : 0;
    if (col > 0 && col + sep + w > width) {
      out += '\n';
      col = 0;
    } else if (sep) {
      out += ' ';
      col += 1;
    }
    out += u.text;
    col += w;
  }
  return out;
}

std::string quantity(double x, std::string_view unit, Lang lang, bool sign) {
  const CellFormat f = cell_format(unit, x, lang);
  const std::string number = cell(x, f, sign);
  const std::string u = unit_column(unit, lang);
  if (u.empty() || !std::isfinite(x)) return number;
  const bool join = lang == Lang::zh || u.rfind("%", 0) == 0;
  return join ? number + u : number + " " + u;
}

namespace {

std::string fmt_tr(std::string_view english, Lang lang, auto&&... args) {
  return fmt::format(fmt::runtime(tr(english, lang)), std::forward<decltype(args)>(args)...);
}

std::string metric_cell(const HeadlineRow& r, Lang lang) {
  // English tables name metrics as the file and --metrics do; Chinese ones by their labels.
  return lang == Lang::zh ? metric_label(r.metric, Lang::zh) : r.metric;
}

double largest(std::initializer_list<double> xs) {
  double m = 0;
  for (double x : xs)
    if (std::isfinite(x)) m = std::max(m, std::fabs(x));
  return m;
}

}  // namespace

std::string headline_text(const std::vector<HeadlineRow>& rows, const HeadlineContext& c, Lang lang, bool note) {
  std::string out;
  const std::string label = scenario_label(c.scenario, lang);
  const std::string name = label == c.scenario ? c.scenario : c.scenario + "（" + label + "）";
  const double horizon = rows.empty() ? c.horizon_years : rows.front().span.to_years;
  out += '\n';
  if (c.replications == 1)
    out += fmt_tr("{}: 1 replication, seed {}, {} to {} ({} years)", lang, name, c.seed, date_at(c.start_year, 0.0),
                  date_at(c.start_year, horizon), exact_number(horizon));
  else
    out += fmt_tr("{}: {} replications, seed {}, {} to {} ({} years)", lang, name, c.replications, c.seed,
                  date_at(c.start_year, 0.0), date_at(c.start_year, horizon), exact_number(horizon));
  if (c.failed) out += fmt_tr("; {} failed, left out", lang, c.failed);
  out += "\n";
  const auto section = [&](ValueKind kind) {
    std::vector<const HeadlineRow*> sel;
    for (const HeadlineRow& r : rows)
      if (r.kind == kind) sel.push_back(&r);
    if (sel.empty()) return;
    const std::string to = date_at(c.start_year, sel.front()->span.to_years);
    const std::string from = date_at(c.start_year, sel.front()->span.to_years - sel.front()->span.years);
    std::vector<std::string> header;
    if (kind == ValueKind::stock) header = {fmt_tr("stocks on {}", lang, to), std::string(tr("mean", lang))};
    if (kind == ValueKind::flow)
      header = {fmt_tr("flows from {} to {}", lang, from, to), std::string(tr("total", lang))};
    if (kind == ValueKind::mean) header = {fmt_tr("period means, period ending {}", lang, to), std::string(tr("mean", lang))};
    header.push_back(std::string(tr("95% CI of the mean", lang)));
    header.push_back(std::string(tr("5%-95% of runs", lang)));
    if (kind == ValueKind::flow) header.push_back(std::string(tr("per year", lang)));
    header.push_back(std::string(tr("unit", lang)));
    std::vector<bool> right(header.size(), true);
    right.front() = false;
    right.back() = false;
    TextTable t(header, right);
    for (const HeadlineRow* r : sel) {
      const SpreadStats& s = r->stats;
      const CellFormat f = cell_format(r->unit, largest({s.mean}), lang);
      std::vector<std::string> row = {metric_cell(*r, lang), cell(s.mean, f),
                                      interval_cell(s.ci_low, s.ci_high, r->unit, lang),
                                      interval_cell(s.p5, s.p95, r->unit, lang)};
      if (kind == ValueKind::flow)
        row.push_back(cell(r->per_year.mean, cell_format(r->unit, largest({r->per_year.mean}), lang)));
      row.push_back(unit_column(r->unit, lang));
      t.add(std::move(row));
    }
    out += '\n';
    out += t.render();
  };
  section(ValueKind::stock);
  section(ValueKind::flow);
  section(ValueKind::mean);
  if (!note) return out;
  std::int64_t n = c.replications - static_cast<std::int64_t>(c.failed);
  out += '\n';
  out += wrap(fmt_tr("mean: over the {} replications. 95% CI of the mean: how precisely the replications pin the "
                       "mean down (it narrows as replications are added). 5%-95% of runs: the range of the middle "
                       "90% of the replications, the spread of outcomes under the model (not a forecast interval). "
                       "Flows: totals over the span, set-up at the start included; per year = total / years.",
                       lang, n));
  out += '\n';
  return out;
}

std::string headline_json(const std::vector<HeadlineRow>& rows, std::optional<std::int64_t> start_year) {
  const auto stats = [](const SpreadStats& s) {
    return "{\"n\": " + std::to_string(s.n) + ", \"mean\": " + json_number(s.mean) + ", \"sd\": " + json_number(s.sd) +
           ", \"ci_low\": " + json_number(s.ci_low) + ", \"ci_high\": " + json_number(s.ci_high) +
           ", \"p5\": " + json_number(s.p5) + ", \"p25\": " + json_number(s.p25) + ", \"p50\": " + json_number(s.p50) +
           ", \"p75\": " + json_number(s.p75) + ", \"p95\": " + json_number(s.p95) + "}";
  };
  std::string out = "[";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const HeadlineRow& r = rows[i];
    const char* kind = r.kind == ValueKind::flow ? "flow" : r.kind == ValueKind::mean ? "mean" : "stock";
    const char* statistic = r.kind == ValueKind::flow ? "total" : r.kind == ValueKind::mean ? "period_mean" : "value_at";
    out += i ? ", " : "";
    out += "{\"metric\": " + json_string(r.metric) + ", \"kind\": " + json_string(kind) + ", \"statistic\": " +
           json_string(statistic) + ", \"unit\": " + json_string(r.unit) +
           ", \"from_years\": " + json_number(r.span.to_years - r.span.years) +
           ", \"to_years\": " + json_number(r.span.to_years) +
           ", \"from_date\": " + json_string(date_at(start_year, r.span.to_years - r.span.years)) +
           ", \"to_date\": " + json_string(date_at(start_year, r.span.to_years)) + ", \"stats\": " + stats(r.stats);
    if (r.kind == ValueKind::flow) out += ", \"per_year\": " + stats(r.per_year);
    out += "}";
  }
  return out + "]";
}

}  // namespace innosim::experiments
