#include "innosim/experiments/row_spool.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

#include "innosim/engine/error.hpp"

namespace innosim::experiments {

namespace {

std::mutex g_mu;
std::filesystem::path g_dir;

std::filesystem::path spool_directory() {
  std::lock_guard lock(g_mu);
  if (!g_dir.empty()) return g_dir;
  const char* t = std::getenv("TMPDIR");
  return t && *t ? std::filesystem::path(t) : std::filesystem::path("/tmp");
}

/// An unlinked file in `dir`: O_TMPFILE (never visible under any name), or
/// on file systems without it a mkstemp name removed at once.
int open_unlinked(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string name = (dir / ".innosim-spool-XXXXXX").string();
  fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd >= 0) ::unlink(name.c_str());
  return fd;
}

}  // namespace

void set_spool_directory(const std::filesystem::path& dir) {
  std::lock_guard lock(g_mu);
  g_dir = dir;
}

namespace detail {

SpoolFile::~SpoolFile() { close(); }

SpoolFile& SpoolFile::operator=(SpoolFile&& o) noexcept {
  if (this != &o) {
    close();
    fd_ = std::exchange(o.fd_, -1);
  }
  return *this;
}

void SpoolFile::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void SpoolFile::append(const void* data, std::size_t bytes) {
  if (fd_ < 0) {
    const std::filesystem::path dir = spool_directory();
    fd_ = open_unlinked(dir);
    if (fd_ < 0)
      throw IoError("cannot create a temporary file in '" + dir.string() + "' for a run's panel rows: " +
                    std::strerror(errno));
  }
  const char* p = static_cast<const char*>(data);
  while (bytes > 0) {
    const ssize_t n = ::write(fd_, p, bytes);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw IoError(std::string("cannot write a run's panel rows to a temporary file: ") +
                    (n < 0 ? std::strerror(errno) : "no progress"));
    p += n;
    bytes -= static_cast<std::size_t>(n);
  }
}

void SpoolFile::read(void* data, std::size_t bytes, std::uint64_t offset) const {
  char* p = static_cast<char*>(data);
  while (bytes > 0) {
    const ssize_t n = ::pread(fd_, p, bytes, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw IoError(std::string("cannot read a run's panel rows back from their temporary file: ") +
                    (n < 0 ? std::strerror(errno) : "unexpected end"));
    p += n;
    offset += static_cast<std::uint64_t>(n);
    bytes -= static_cast<std::size_t>(n);
  }
}

}  // namespace detail

}  // namespace innosim::experiments
