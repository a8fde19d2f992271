#include "innosim/experiments/number_format.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstdint>

#include "innosim/engine/error.hpp"

namespace innosim::experiments {

namespace {

constexpr const char* kDash = "\u2014";       // em dash: no value
constexpr const char* kThinSpace = "\u2009";  // 千分空

/// A finite double as its exact shortest decimal: value = ±digits x 10^(point - len(digits)),
/// i.e. `point` digits stand before the decimal point. digits has no leading zero ("0" for zero).
struct Decimal {
  bool negative = false;
  std::string digits;
  int point = 1;
};

Decimal to_decimal(double x) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  const std::string_view text(buf, static_cast<std::size_t>(r.ptr - buf));  // "-1.2345e+08", "5e-01"
  Decimal d;
  std::size_t i = 0;
  if (text[i] == '-') {
    d.negative = true;
    ++i;
  }
  const std::size_t e = text.find('e');
  for (; i < e; ++i)
    if (text[i] != '.') d.digits += text[i];
  int exponent = 0;
  std::string_view exp_text = text.substr(e + 1);
  if (!exp_text.empty() && exp_text[0] == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  d.point = exponent + 1;
  if (d.digits.find_first_not_of('0') == std::string::npos) {  // zero (either sign)
    d.digits.assign(1, '0');  // (not = "0": GCC 12 warns -Wrestrict on it)
    d.point = 1;
    d.negative = false;
  }
  return d;
}

/// Adds one unit in the last place of a digit string; returns true when it grew ("999" -> "1000").
bool increment(std::string& digits) {
  for (std::size_t i = digits.size(); i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return false;
    }
    digits[i] = '0';
  }
  digits.insert(digits.begin(), '1');
  return true;
}

/// Rounded text parts: sign, integer digits, fraction digits.
struct Rounded {
  bool negative = false;
  std::string integer = "0";
  std::string fraction;
  bool zero() const {
    return integer.find_first_not_of('0') == std::string::npos && fraction.find_first_not_of('0') == std::string::npos;
  }
};

Rounded round_parts(double x, Precision p, int shift) {
  Decimal d = to_decimal(x);
  d.point += shift;
  const int len = static_cast<int>(d.digits.size());
  const bool is_zero = d.digits == "0";
  // k: how many leading digits of `digits` are kept; the result is
  // kept x 10^unit with unit = point - k.
  int k = 0;
  if (p.mode == Precision::Mode::decimals)
    k = d.point + p.digits;
  else
    k = is_zero ? 1 : std::max(1, p.digits);
  std::string kept;
  if (k <= 0) {
    // Every digit is dropped and the first dropped place is a leading zero
    // when k < 0; when k == 0 the first dropped digit is digits[0].
    kept = "0";
    bool up = false;
    if (k == 0 && !is_zero) {
      const char first = d.digits[0];
      const bool rest = d.digits.find_first_not_of('0', 1) != std::string::npos;
      up = first > '5' || (first == '5' && rest);  // an exact half rounds to the even 0
    }
    if (up) kept = "1";
    k = 0;
  } else if (k >= len) {
    kept = d.digits + std::string(static_cast<std::size_t>(k - len), '0');
  } else {
    kept = d.digits.substr(0, static_cast<std::size_t>(k));
    const char first = d.digits[static_cast<std::size_t>(k)];
    const bool rest = d.digits.find_first_not_of('0', static_cast<std::size_t>(k) + 1) != std::string::npos;
    const bool odd = (kept.back() - '0') % 2 == 1;
    // GB/T 8170: > half up, < half down, exactly half to the even neighbour.
    if (first > '5' || (first == '5' && (rest || odd))) {
      if (increment(kept) && p.mode == Precision::Mode::significant) {
        kept.pop_back();  // 999.95 -> 1000 at 4 significant digits, not 1000.0
        ++d.point;
      }
    }
  }
  int unit = d.point - k;
  if (p.mode == Precision::Mode::decimals) unit = -p.digits;
  Rounded out;
  out.negative = d.negative;
  if (unit >= 0) {
    out.integer = kept + std::string(static_cast<std::size_t>(unit), '0');
  } else {
    const std::size_t frac = static_cast<std::size_t>(-unit);
    if (kept.size() <= frac) kept.insert(0, frac - kept.size() + 1, '0');
    out.integer = kept.substr(0, kept.size() - frac);
    out.fraction = kept.substr(kept.size() - frac);
  }
  const std::size_t nz = out.integer.find_first_not_of('0');
  out.integer = nz == std::string::npos ? "0" : out.integer.substr(nz);
  if (out.zero()) out.negative = false;
  return out;
}

std::string group(const std::string& integer, const char* sep, std::size_t from_digits) {
  if (integer.size() < from_digits) return integer;
  std::string out;
  const std::size_t n = integer.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += sep;
    out += integer[i];
  }
  return out;
}

std::string group_fraction(const std::string& fraction, const char* sep) {
  if (fraction.size() <= 4) return fraction;
  std::string out;
  for (std::size_t i = 0; i < fraction.size(); ++i) {
    if (i > 0 && i % 3 == 0) out += sep;
    out += fraction[i];
  }
  return out;
}

/// A catalogue unit's words in each language; `scaled`: money, shown in m / bn / 亿.
struct UnitWords {
  std::string_view unit, en, zh;
};
constexpr std::array<UnitWords, 22> kUnits = {{
    {"yuan", "yuan", "元"},
    {"firms", "firms", "家"},
    {"persons", "persons", "人"},
    {"innovations", "innovations", "项"},
    {"loans", "loans", "笔"},
    {"funds", "funds", "支"},
    {"recommendations", "recommendations", "次"},
    {"deals", "deals", "项"},
    {"bookings", "bookings", "次"},
    {"days", "days", "天"},
    {"tests", "tests", "次"},
    {"prototypes", "prototypes", "个"},
    {"grants", "grants", "项"},
    {"consortia", "consortia", "个"},
    {"breakthroughs", "breakthroughs", "项"},
    {"applications", "applications", "次"},
    {"results", "results", "项"},
    {"years", "years", "年"},
    {"months", "months", "个月"},
    {"count", "", ""},
    {"enterprises", "enterprises", "家"},
    {"jobs", "jobs", "个"},
}};

struct PeriodWords {
  std::string_view period, en, zh;
};
constexpr std::array<PeriodWords, 3> kPeriods = {{{"month", " per month", "/月"},
                                                   {"quarter", " per quarter", "/季度"},
                                                   {"year", " per year", "/年"}}};

/// Splits "yuan per month" into ("yuan", "month"); the period is empty when there is none.
std::pair<std::string_view, std::string_view> split_period(std::string_view unit) {
  if (unit == "share per year") return {unit, {}};  // an annual rate, not a flow of shares
  const std::size_t at = unit.rfind(" per ");
  if (at == std::string_view::npos) return {unit, {}};
  const std::string_view period = unit.substr(at + 5);
  for (const PeriodWords& p : kPeriods)
    if (p.period == period) return {unit.substr(0, at), period};
  return {unit, {}};
}

std::string period_suffix(std::string_view period, Lang lang) {
  for (const PeriodWords& p : kPeriods)
    if (p.period == period) return std::string(lang == Lang::zh ? p.zh : p.en);
  return {};
}

}  // namespace

std::string_view lang_code(Lang lang) { return lang == Lang::zh ? "zh" : "en"; }

std::optional<Lang> parse_lang(std::string_view text) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  std::string t;
  for (char c : text) t += lower(c);
  const auto starts = [&](std::string_view prefix) {
    return t.rfind(prefix, 0) == 0 && (t.size() == prefix.size() || t[prefix.size()] == '_' ||
                                       t[prefix.size()] == '-' || t[prefix.size()] == '.' || t[prefix.size()] == '@');
  };
  if (starts("zh")) return Lang::zh;
  if (starts("en") || t == "c" || t == "posix" || starts("c")) return Lang::en;
  return std::nullopt;
}

Lang lang_from_environment() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v && *v) return parse_lang(v).value_or(Lang::en);
  }
  return Lang::en;
}

Lang choose_lang(const std::string& option) {
  if (option.empty()) return lang_from_environment();
  if (option == "zh") return Lang::zh;
  if (option == "en") return Lang::en;
  throw UsageError("--lang must be zh or en, got '" + option + "'");
}

std::string round_decimal(double x, Precision precision, int shift) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (precision.mode == Precision::Mode::significant && precision.digits < 1)
    throw InternalError("round_decimal: significant digits must be >= 1");
  const Rounded r = round_parts(x, precision, shift);
  std::string out = r.negative ? "-" : "";
  out += r.integer;
  if (!r.fraction.empty()) out += "." + r.fraction;
  return out;
}

std::string format_number(double x, const NumberStyle& style, int shift) {
  if (std::isnan(x)) return kDash;
  if (std::isinf(x)) return x > 0 ? (style.sign ? "+\u221e" : "\u221e") : "-\u221e";
  const Rounded r = round_parts(x, style.precision, shift);
  std::string integer, fraction = r.fraction;
  switch (style.grouping) {
    case Grouping::standard: integer = group(r.integer, ",", style.lang == Lang::zh ? 5 : 4); break;
    case Grouping::comma: integer = group(r.integer, ",", 4); break;
    case Grouping::thin_space:
      integer = group(r.integer, kThinSpace, 5);
      fraction = group_fraction(r.fraction, kThinSpace);
      break;
    case Grouping::none: integer = r.integer; break;
  }
  std::string out = r.negative ? "-" : (style.sign && !r.zero() ? "+" : "");
  out += integer;
  if (!fraction.empty()) out += "." + fraction;
  return out;
}

std::string DisplayUnit::attach(const std::string& number) const {
  if (text.empty()) return number;
  // Chinese units and the per cent sign join the number; English words follow a space.
  const bool join = lang == Lang::zh || text == "%" || text.rfind("%", 0) == 0;
  return join ? number + text : number + " " + text;
}

std::string unit_text(std::string_view unit, Lang lang) {
  const auto [base, period] = split_period(unit);
  std::string out;
  bool known = false;
  if (base == "share" || base == "share of interest" || base == "share of loss") {
    out = "%";
    known = true;
  } else if (base == "share per year") {
    out = lang == Lang::zh ? "%/年" : "% a year";
    known = true;
  }
  for (const UnitWords& u : kUnits)
    if (!known && u.unit == base) {
      out = lang == Lang::zh ? u.zh : u.en;
      known = true;
    }
  if (!known) out = std::string(base);
  return out + period_suffix(period, lang);
}

DisplayUnit display_unit(std::string_view unit, double magnitude, Lang lang, bool change) {
  const auto [base, period] = split_period(unit);
  DisplayUnit d;
  d.lang = lang;
  const double m = std::isfinite(magnitude) ? std::fabs(magnitude) : 0.0;
  if (base == "yuan") {
    if (lang == Lang::zh) {
      if (m >= 1e12) d = {12, "万亿元", lang};
      else if (m >= 1e8) d = {8, "亿元", lang};
      else if (m >= 1e4) d = {4, "万元", lang};
      else d = {0, "元", lang};
    } else {
      if (m >= 1e12) d = {12, "trillion yuan", lang};
      else if (m >= 1e9) d = {9, "bn yuan", lang};
      else if (m >= 1e6) d = {6, "m yuan", lang};
      else d = {0, "yuan", lang};
    }
  } else if (base == "share" || base == "share of interest" || base == "share of loss" || base == "share per year") {
    d.exponent = -2;
    std::string_view text = change ? (lang == Lang::zh ? "百分点" : "pp") : "%";
    d.text.assign(text.data(), text.size());
    if (base == "share per year") d.text.append(lang == Lang::zh ? std::string_view("/年") : std::string_view(" a year"));
    return d;  // a rate's period is in its own words
  } else {
    d.text = unit_text(base, lang);
  }
  d.text += period_suffix(period, lang);
  return d;
}

std::string format_in(double x, const DisplayUnit& unit, const NumberStyle& style) {
  NumberStyle s = style;
  s.lang = unit.lang;
  return format_number(x, s, -unit.exponent);
}

std::string format_quantity(double x, std::string_view unit, const NumberStyle& style) {
  double magnitude = x;
  // With significant digits the rounded value does not depend on the scale:
  // choose the scale from it, so 999,960 yuan is "1 m yuan", not "1000 thousand".
  if (std::isfinite(x) && style.precision.mode == Precision::Mode::significant)
    magnitude = std::strtod(round_decimal(x, style.precision).c_str(), nullptr);
  const DisplayUnit d = display_unit(unit, magnitude, style.lang);
  return d.attach(format_in(x, d, style));
}

std::string format_share_change(double delta, const NumberStyle& style) {
  const DisplayUnit d = display_unit("share", delta, style.lang, true);
  return d.attach(format_in(delta, d, style));
}

namespace {

/// Decodes one UTF-8 code point at `i` (advancing it); invalid bytes count as one column each.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 0;
  if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
    ++i;
    return 0xfffd;
  }
  char32_t c = len == 1 ? b : b & (0x7f >> len);
  for (int k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3f);
  i += static_cast<std::size_t>(len);
  return c;
}

int width_of(char32_t c) {
  if (c == 0) return 0;
  if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f)) return 0;  // combining marks, zero-width
  if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf && c != 0x303f) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd))
    return 2;
  return 1;
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < text.size();) w += static_cast<std::size_t>(width_of(next_code_point(text, i)));
  return w;
}

std::string pad(std::string_view text, std::size_t width, bool right) {
  const std::size_t w = display_width(text);
  const std::string fill(w < width ? width - w : 0, ' ');
  return right ? fill + std::string(text) : std::string(text) + fill;
}

}  // namespace innosim::experiments
