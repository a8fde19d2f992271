#pragma once
// Number and JSON formatting shared by the commands. Numbers meant to be
// compared with a results file are printed exactly: the shortest decimal
// text that reads back to the same double.
#include <string>
#include <string_view>
#include <vector>

namespace innosim::experiments {

/// Shortest round-trip decimal text of `x` ("1940", "0.1", "1.2345e+20"); "nan", "inf", "-inf".
std::string exact_number(double x);
/// `x` to 6 significant digits, for tables people read.
std::string readable_number(double x);
/// JSON string literal; valid UTF-8 passes through unchanged; control
/// characters (C0, DEL, C1) and U+2028/U+2029 are escaped as \uXXXX, and a
/// byte that is not UTF-8 becomes \ufffd, so the text is always valid JSON.
std::string json_string(const std::string& s);
/// Text from a file made safe to print on a terminal: valid UTF-8 passes
/// through; control characters (escape sequences) and bytes that are not
/// UTF-8 are shown escaped (\x1b, \u0085, \xff, \n).
std::string terminal_text(std::string_view s);
/// Text from a file made safe for a document (HTML, SVG, CSV, xlsx): valid
/// UTF-8 passes through, tab, newline and carriage return included; other
/// control characters (C0, DEL, C1), which XML 1.0 and HTML refuse, and
/// bytes that are not UTF-8 become U+FFFD, so the document is valid UTF-8.
std::string document_text(std::string_view s);
/// A message read back from a child process (output/isolated.hpp): terminal_text, except that the line
/// break before HDF5's detail (output/src/hdf5_util.hpp, h5::fail) stays a line break.
std::string terminal_message(std::string_view s);
/// JSON number (exact, as exact_number), or null for NaN and infinities.
std::string json_number(double x);
/// `text` quoted for a POSIX shell when it needs quoting (for printed commands).
std::string shell_quote(const std::string& text);

}  // namespace innosim::experiments
