#include "text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace innosim::scenario::detail {

std::string format_number(double x) {
  std::array<char, 64> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  return std::string(buf.data(), r.ptr);
}

std::string format_integer(std::int64_t x) { return std::to_string(x); }
std::string format_unsigned(std::uint64_t x) { return std::to_string(x); }

namespace {

// Decodes one code point at s[i] of valid UTF-8; advances i.
char32_t decode(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += static_cast<std::size_t>(len);
  return cp;
}

std::string hex_escape(char32_t cp) {
  char buf[16];
  if (cp <= 0xFF)
    std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(cp));
  else
    std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
  return buf;
}

}  // namespace

std::string quote_yaml(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const char32_t cp = decode(s, i);
    switch (cp) {
      case U'"': out += "\\\""; break;
      case U'\\': out += "\\\\"; break;
      case U'\n': out += "\\n"; break;
      case U'\t': out += "\\t"; break;
      case U'\r': out += "\\r"; break;
      default:
        // Line separators and the BOM would change the text's meaning or be
        // stripped by readers, so they are escaped rather than kept raw.
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
            cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
          out += hex_escape(cp);
        else
          out.append(s.substr(start, i - start));
    }
  }
  out += '"';
  return out;
}

std::string quote_short(std::string_view s, std::size_t max_chars) {
  std::string body;
  std::size_t n = 0;
  std::size_t i = 0;
  while (i < s.size() && n < max_chars) {
    const std::size_t start = i;
    decode(s, i);
    body.append(s.substr(start, i - start));
    ++n;
  }
  std::string q = quote_yaml(body);
  if (i < s.size()) q.insert(q.size() - 1, "...");
  return q;
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  const std::size_t n = a.size(), m = b.size();
  // The distance is at least the difference in length.
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  // Three rows: optimal string alignment needs the row before the previous one.
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  std::size_t prev_min = 0;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    std::size_t row_min = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const bool same = lower(a[i - 1]) == lower(b[j - 1]);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    // Every cell of a later row comes from this row or the one before
    // (a transposition), plus something: when both exceed the limit, so
    // does the result.
    if (row_min > limit && prev_min > limit) return limit + 1;
    prev_min = row_min;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], limit + 1);
}

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.size() > 200) return std::nullopt;  // a long junk key: not worth O(n*m) per candidate
  std::optional<std::string> best;
  std::size_t best_d = 0;
  for (const auto& c : candidates) {
    const std::size_t longer = std::max(word.size(), c.size());
    const std::size_t allowed = std::clamp<std::size_t>(longer / 3, 1, 4);
    const std::size_t d = edit_distance(word, c, allowed);
    if (d <= allowed && (!best || d < best_d)) {
      best = c;
      best_d = d;
    }
  }
  if (best) return best;
  // A truncated name ("horizon" for "horizon_years") is too far by distance
  // but unambiguous by prefix.
  if (word.size() >= 4) {
    for (const auto& c : candidates)
      if (c.size() > word.size() && c.compare(0, word.size(), word) == 0) return c;
  }
  return std::nullopt;
}

std::optional<TextProblem> check_text(std::string_view text) {
  const std::size_t n = text.size();
  auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  auto bad_byte = [&](std::size_t i) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "invalid UTF-8 (byte 0x%02x): scenario files must be UTF-8 text", at(i));
    return TextProblem{i, buf};
  };
  auto control = [&](std::size_t i, char32_t cp) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "control character U+%04X is not allowed in YAML text (is this a binary file?)",
                  static_cast<unsigned>(cp));
    return TextProblem{i, buf};
  };
  for (std::size_t i = 0; i < n;) {
    const unsigned char b = at(i);
    if (b < 0x80) {
      if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) return control(i, b);
      ++i;
      continue;
    }
    int len;
    char32_t cp, min_cp;
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2, cp = b & 0x1F, min_cp = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3, cp = b & 0x0F, min_cp = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4, cp = b & 0x07, min_cp = 0x10000;
    } else {
      return bad_byte(i);
    }
    for (int k = 1; k < len; ++k) {
      // The sequence's lead byte is the first bad byte: what follows may be fine text.
      if (i + k >= n || (at(i + k) & 0xC0) != 0x80) return bad_byte(i);
      cp = (cp << 6) | (at(i + k) & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min_cp || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return bad_byte(i);
    if ((cp >= 0x80 && cp <= 0x9F && cp != 0x85) || cp == 0xFFFE || cp == 0xFFFF) return control(i, cp);
    i += static_cast<std::size_t>(len);
  }
  return std::nullopt;
}

namespace {

/// The next code point of well-formed UTF-8 at s[i] (advancing i), or -1.
long next_code_point(std::string_view s, std::size_t& i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  int len = 0;
  long cp = 0;
  if (c < 0x80) {
    ++i;
    return c;
  }
  if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
  else return -1;
  if (i + static_cast<std::size_t>(len) > s.size()) return -1;
  for (int k = 1; k < len; ++k) {
    if ((b(i + static_cast<std::size_t>(k)) & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (b(i + static_cast<std::size_t>(k)) & 0x3F);
  }
  // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
    return -1;
  i += static_cast<std::size_t>(len);
  return cp;
}

bool blank_or_invisible(long cp) {
  return cp <= 0xA0 || cp == 0xAD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 || cp == 0x1680 ||
         cp == 0x180E || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000 || cp == 0x3164 ||
         (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 ||
         (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp >= 0xE0000 && cp <= 0xE0FFF) || cp >= 0xF0000;
}

}  // namespace

bool valid_identifier(std::string_view s) {
  std::size_t i = 0, n = 0;
  while (i < s.size()) {
    const long cp = next_code_point(s, i);
    if (cp < 0) return false;
    const bool ascii_ok = cp < 0x80 && (std::isalnum(static_cast<int>(cp)) || ((cp == '.' || cp == '_' || cp == '-') && n > 0));
    const bool other_ok = cp >= 0x80 && !blank_or_invisible(cp);
    if (!ascii_ok && !other_ok) return false;
    if (++n > 100) return false;
  }
  return n > 0;
}

std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

namespace {

// YAML 1.2 core-schema decimal float: [-+]? (\.[0-9]+ | [0-9]+(\.[0-9]*)?) ([eE][-+]?[0-9]+)?
bool decimal_grammar(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - start;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const std::size_t int_digits = digits();
  std::size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    frac_digits = digits();
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

bool integer_grammar(std::string_view s) {
  std::size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

}  // namespace

std::optional<double> parse_double(std::string_view s) {
  if (!decimal_grammar(s)) return std::nullopt;
  std::string_view body = s;
  if (!body.empty() && body[0] == '+') body.remove_prefix(1);
  double x = 0;
  const auto r = std::from_chars(body.data(), body.data() + body.size(), x);
  if (r.ec == std::errc::result_out_of_range) {
    // from_chars leaves x unspecified here; strtod gives +-inf or the nearest
    // subnormal/zero, which the caller's range checks then judge.
    const std::string copy(body);
    return std::strtod(copy.c_str(), nullptr);
  }
  if (r.ec != std::errc() || r.ptr != body.data() + body.size()) return std::nullopt;
  return x;
}

IntParse parse_int64(std::string_view s, std::int64_t& out) {
  if (integer_grammar(s)) {
    std::string_view body = s[0] == '+' ? s.substr(1) : s;
    const auto r = std::from_chars(body.data(), body.data() + body.size(), out);
    if (r.ec == std::errc::result_out_of_range) return IntParse::TooLarge;
    return r.ec == std::errc() ? IntParse::Ok : IntParse::NotANumber;
  }
  // Accept integral numbers written as floats ("1e6", "3000.0").
  const auto d = parse_double(s);
  if (!d) return IntParse::NotANumber;
  if (!std::isfinite(*d) || std::fabs(*d) >= 9.2e18) return IntParse::TooLarge;
  if (*d != std::trunc(*d)) return IntParse::Fractional;
  out = static_cast<std::int64_t>(*d);
  return IntParse::Ok;
}

IntParse parse_uint64(std::string_view s, std::uint64_t& out) {
  if (integer_grammar(s)) {
    if (s[0] == '-') {
      // "-0" is zero; anything else negative is out of an unsigned range.
      bool zero = std::all_of(s.begin() + 1, s.end(), [](char c) { return c == '0'; });
      if (!zero) return IntParse::TooLarge;
      out = 0;
      return IntParse::Ok;
    }
    std::string_view body = s[0] == '+' ? s.substr(1) : s;
    const auto r = std::from_chars(body.data(), body.data() + body.size(), out);
    if (r.ec == std::errc::result_out_of_range) return IntParse::TooLarge;
    return r.ec == std::errc() ? IntParse::Ok : IntParse::NotANumber;
  }
  const auto d = parse_double(s);
  if (!d) return IntParse::NotANumber;
  if (!std::isfinite(*d) || *d < 0 || *d >= 1.8e19) return IntParse::TooLarge;
  if (*d != std::trunc(*d)) return IntParse::Fractional;
  out = static_cast<std::uint64_t>(*d);
  return IntParse::Ok;
}

}  // namespace innosim::scenario::detail
