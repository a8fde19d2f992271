#pragma once
// Reading a file a user named, safely: never blocking on a FIFO, a socket or
// a device (a scenario, sweep or part file named /dev/stdin, a FIFO with no
// writer, /dev/zero), never reading more than a limit, and saying why a file
// cannot be read (missing, permission, a directory, not a regular file).
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace innosim::scenario {

struct InputFile {
  std::optional<std::string> text;  ///< the whole file, when it could be read
  std::string problem;              ///< why not: "no such file", "permission denied", "is a FIFO, not a regular file", ...
};

/// Reads the regular file `path` (symbolic links followed) whole, refusing
/// anything else before reading a byte: the file is opened non-blocking, so
/// a FIFO with no writer does not hang, and checked with fstat. A file
/// larger than `max_bytes` is refused with its size.
InputFile read_input_file(const std::filesystem::path& path, std::size_t max_bytes);

/// What `path` is, for messages: "a directory", "a FIFO", "a character
/// device", "a block device", "a socket", "a regular file", "missing".
std::string file_kind(const std::filesystem::path& path);

}  // namespace innosim::scenario
