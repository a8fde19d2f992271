#pragma once
// Numbers for people: rounding, digit grouping, scaled units and languages.
//
// Conventions (docs/experiments.md, "Reading the numbers"):
// - Rounding follows GB/T 8170-2008: a value is rounded ONCE, half to even
//   (四舍六入五成双), from its exact decimal value — the shortest text that
//   reads back to the same double — never from an already rounded text, so
//   1.2345亿元 at two decimals is 1.23亿元, not 1.2345 -> 1.235 -> 1.24.
//   Scaling by a unit (亿 = 10^8, bn = 10^9, % = 10^-2) moves the decimal
//   point of that exact text, so it adds no rounding of its own.
// - Grouping: English groups the integer part by threes with commas from
//   four digits (1,234); Chinese (GB/T 15835-2011, 5.1.8) leaves integers of
//   up to four digits ungrouped (2193家) and groups longer ones with the
//   千分撇 comma (12,345家), which WPS and Excel read back as a number.
//   Decimals are never grouped.
// - Scaled money: English m / bn / trillion yuan; Chinese 万元 / 亿元 /
//   万亿元 (GB/T 15835: large numbers with 万 and 亿 as units). A number
//   and its Chinese unit are written together (39038.1亿元, 2193家), an
//   English number and its unit with a space (3.90381 trillion yuan).
// - Shares print as per cent; a change of a share in percentage points
//   (pp, 百分点), never as a per cent of a per cent.
// - Missing values (NaN) print as an em dash; infinities as ∞ / -∞.
//
// Everything here is pure (no locale, no global state) and thread-safe.
#include <optional>
#include <string>
#include <string_view>

namespace innosim::experiments {

/// The language of tables and messages a user reads.
enum class Lang { en, zh };

/// "en" or "zh".
std::string_view lang_code(Lang lang);
/// "zh", "zh_CN", "zh-TW", "zh_CN.UTF-8" -> zh; "en", "en_GB.UTF-8", "C", "POSIX" -> en; otherwise nullopt.
std::optional<Lang> parse_lang(std::string_view text);
/// The language of the user's locale: the first of LC_ALL, LC_MESSAGES and
/// LANG that is set and not empty; zh* gives Chinese, anything else English.
Lang lang_from_environment();
/// `--lang` as given ("zh" or "en"), or the locale's when empty; UsageError (exit 2) otherwise.
Lang choose_lang(const std::string& option);

/// How many digits a rounded number keeps.
struct Precision {
  enum class Mode { decimals, significant };
  Mode mode = Mode::significant;
  int digits = 4;  ///< places after the decimal point (may be negative: tens, hundreds), or significant digits (>= 1)

  static constexpr Precision decimals(int n) { return {Mode::decimals, n}; }
  static constexpr Precision significant(int n) { return {Mode::significant, n}; }
};

/// Digit grouping of the integer part.
enum class Grouping {
  standard,    ///< the language's: en "," from 4 digits; zh "," from 5 digits (GB/T 15835)
  comma,       ///< "," from 4 digits
  thin_space,  ///< U+2009 between groups of three on both sides of the point (GB/T 15835's 千分空, ISO 80000-1)
  none,
};

struct NumberStyle {
  Lang lang = Lang::en;
  Precision precision = Precision::significant(4);
  bool sign = false;  ///< "+" before positive values (differences); zero never carries a sign
  Grouping grouping = Grouping::standard;
};

/// `x` x 10^shift rounded once, half to even, from the exact decimal value of
/// `x` (GB/T 8170): plain text without grouping, "-" for negatives, no sign
/// on a value that rounds to zero ("0.00"). "nan", "inf", "-inf" for those.
/// round_decimal(1.2345e8, Precision::decimals(2), -8) == "1.23".
std::string round_decimal(double x, Precision precision, int shift = 0);

/// round_decimal() with the style's sign and grouping; NaN "—", ±inf "∞", "-∞".
std::string format_number(double x, const NumberStyle& style, int shift = 0);

/// How values of a unit are shown: divided by 10^exponent, followed by `text`.
struct DisplayUnit {
  int exponent = 0;  ///< 8 for 亿元: 3.90381e12 yuan shows as 39038.1
  std::string text;  ///< "bn yuan", "亿元", "%", "pp", "firms", "家"; may be empty
  Lang lang = Lang::en;
  /// `number` followed by the unit: "3.9 bn yuan", "39038.1亿元", "65.3%".
  std::string attach(const std::string& number) const;
};

/// The unit a catalogue unit ("yuan", "firms", "share", "share per year",
/// "days", ...) is shown in for values of about `magnitude` (the largest
/// absolute value of a column, say): money is scaled (m, bn, trillion yuan;
/// 万元, 亿元, 万亿元) so the integer part stays short; shares become per
/// cent; counts are translated (firms -> 家) but not scaled. `change`: the
/// unit of a difference, which for shares is percentage points (pp, 百分点).
/// A unit it does not know is shown as given, unscaled.
DisplayUnit display_unit(std::string_view unit, double magnitude, Lang lang, bool change = false);

/// The unit alone, translated: "firms" -> "家" (zh), "yuan" -> "元"; as given when unknown.
std::string unit_text(std::string_view unit, Lang lang);

/// `x` in `unit` with its display unit: "4.657 bn yuan", "46.57亿元", "65.3%", "12,345 firms".
std::string format_quantity(double x, std::string_view unit, const NumberStyle& style);
/// `x` in a chosen display unit, number only (a table cell under a header that names the unit).
std::string format_in(double x, const DisplayUnit& unit, const NumberStyle& style);
/// A change of a share in percentage points: 0.012 -> "+1.2 pp" / "+1.2百分点" (style.sign applies).
std::string format_share_change(double delta, const NumberStyle& style);

/// Display width of UTF-8 text in a terminal: East Asian wide characters
/// (CJK, fullwidth forms) count two columns, combining marks none.
std::size_t display_width(std::string_view text);
/// `text` padded with spaces to `width` display columns (left-aligned, or right-aligned when `right`).
std::string pad(std::string_view text, std::size_t width, bool right = false);

}  // namespace innosim::experiments
