#include "innosim/scenario/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace innosim::scenario {

namespace {

const char* kind_of(mode_t m) {
  if (S_ISREG(m)) return "a regular file";
  if (S_ISDIR(m)) return "a directory";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

std::string errno_message(int e) { return std::error_code(e, std::generic_category()).message(); }

}  // namespace

std::string file_kind(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return errno == ENOENT ? "missing" : errno_message(errno);
  return kind_of(st.st_mode);
}

InputFile read_input_file(const std::filesystem::path& path, std::size_t max_bytes) {
  InputFile out;
  // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    out.problem = errno == ENOENT ? "no such file" : "cannot open: " + errno_message(errno);
    return out;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    out.problem = "cannot stat: " + errno_message(errno);
    ::close(fd);
    return out;
  }
  if (!S_ISREG(st.st_mode)) {
    out.problem = std::string("is ") + kind_of(st.st_mode) + ", not a regular file";
    ::close(fd);
    return out;
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    out.problem = "is " + std::to_string(st.st_size) + " bytes, larger than the limit of " +
                  std::to_string(max_bytes) + " bytes";
    ::close(fd);
    return out;
  }
  // A regular file never blocks; clear the flag anyway for network file systems.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  std::string text;
  text.reserve(static_cast<std::size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      out.problem = "read error: " + errno_message(errno);
      ::close(fd);
      return out;
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    // The file may grow while being read: the limit holds regardless.
    if (text.size() > max_bytes) {
      out.problem = "is larger than the limit of " + std::to_string(max_bytes) + " bytes";
      ::close(fd);
      return out;
    }
  }
  ::close(fd);
  out.text = std::move(text);
  return out;
}

}  // namespace innosim::scenario
