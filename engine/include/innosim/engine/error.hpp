#pragma once
// The exception hierarchy. main() maps them to exit codes: ConfigError and
// UsageError to 2 (bad input), everything else to 1 (runtime failure).
#include <stdexcept>
#include <string>

namespace innosim {

/// Base of every error innosim throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bad input: a scenario, a sweep file, or a command-line value (exit 2).
class ConfigError : public Error {
 public:
  using Error::Error;
};

/// Bad command-line usage (exit 2).
class UsageError : public Error {
 public:
  using Error::Error;
};

/// A model invariant failed during a run (exit 1; recorded per run).
class ModelError : public Error {
 public:
  using Error::Error;
};

/// Reading or writing files failed (exit 1).
class IoError : public Error {
 public:
  using Error::Error;
};

/// A bug: records where it was thrown. __builtin_FILE/__builtin_LINE, not
/// std::source_location: Debian 12's clang 14 (the fuzzing build, tests/ci.cmake)
/// cannot compile libstdc++ 12's <source_location>; GCC and clang both
/// evaluate these default arguments at the call site.
class InternalError : public Error {
 public:
  explicit InternalError(const std::string& what, const char* file = __builtin_FILE(), int line = __builtin_LINE())
      : Error(std::string(file) + ":" + std::to_string(line) + ": internal error: " + what) {}
};

}  // namespace innosim
