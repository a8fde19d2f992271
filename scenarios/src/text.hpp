#pragma once
// Small text helpers shared by the schema, the loader and the emitter.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace innosim::scenario::detail {

/// Shortest text that parses back to exactly x (std::to_chars).
std::string format_number(double x);
std::string format_integer(std::int64_t x);
std::string format_unsigned(std::uint64_t x);

/// A YAML double-quoted scalar; non-ASCII UTF-8 is kept as is.
std::string quote_yaml(std::string_view s);

/// For messages: the value in double quotes, shortened if long.
std::string quote_short(std::string_view s, std::size_t max_chars = 40);

/// Optimal-string-alignment distance (a transposition counts 1), case-insensitive.
/// With `limit`, any distance above it comes back as limit + 1, computed
/// only as far as needed (closest() asks for at most 4).
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit = SIZE_MAX - 1);

/// The closest candidate within a distance that grows with the word's
/// length, or nothing. Ties go to the earlier candidate.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

/// The first byte offset where `text` is not acceptable YAML text (invalid
/// UTF-8, or a control character YAML forbids), with a message.
struct TextProblem {
  std::size_t offset;
  std::string message;
};
std::optional<TextProblem> check_text(std::string_view text);

/// A name that may name files, HDF5 groups and table rows: 1 to 100
/// characters; ASCII letters and digits, '.', '_' and '-', and letters of any
/// other script in UTF-8 (江门-2025); the first a letter or digit. Refused:
/// invalid UTF-8, spaces, '/', controls and other ASCII punctuation, and
/// non-ASCII characters that are blank or invisible (C1 controls, no-break
/// and ideographic spaces, U+2000-U+206F punctuation, formatting and bidi
/// marks, private use, U+FEFF, specials).
bool valid_identifier(std::string_view s);

/// Number of UTF-8 code points in s (s must be valid UTF-8).
std::size_t count_code_points(std::string_view s);

/// Strict parsers for plain YAML scalars. Return nothing unless the whole
/// text is a number of that kind.
std::optional<double> parse_double(std::string_view s);
enum class IntParse { Ok, NotANumber, Fractional, TooLarge };
IntParse parse_int64(std::string_view s, std::int64_t& out);
IntParse parse_uint64(std::string_view s, std::uint64_t& out);

}  // namespace innosim::scenario::detail
