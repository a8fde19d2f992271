#pragma once
// The exception hierarchy. main() maps them to exit codes: ConfigError and
// UsageError to 2 (bad input), everything else to 1 (runtime failure).
#include <source_location>
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

/// A bug: records where it was thrown.
class InternalError : public Error {
 public:
  explicit InternalError(const std::string& what,
                         std::source_location loc = std::source_location::current())
      : Error(std::string(loc.file_name()) + ":" + std::to_string(loc.line()) + ": internal error: " + what) {}
};

}  // namespace innosim
