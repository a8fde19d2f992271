#pragma once
// Number and JSON formatting shared by the commands. Numbers meant to be
// compared with a results file are printed exactly: the shortest decimal
// text that reads back to the same double.
#include <string>
#include <vector>

namespace innosim::experiments {

/// Shortest round-trip decimal text of `x` ("1940", "0.1", "1.2345e+20"); "nan", "inf", "-inf".
std::string exact_number(double x);
/// `x` to 6 significant digits, for tables people read.
std::string readable_number(double x);
/// JSON string literal; UTF-8 passes through unchanged, control characters are escaped.
std::string json_string(const std::string& s);
/// JSON number (exact, as exact_number), or null for NaN and infinities.
std::string json_number(double x);
/// `text` quoted for a POSIX shell when it needs quoting (for printed commands).
std::string shell_quote(const std::string& text);

}  // namespace innosim::experiments
