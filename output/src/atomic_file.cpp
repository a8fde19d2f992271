#include "innosim/output/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "innosim/engine/error.hpp"

namespace innosim::output {

namespace fs = std::filesystem;

std::string already_exists_message(const fs::path& target) {
  return "output file '" + target.string() + "' already exists; use --force to overwrite it";
}

void sync_path(const fs::path& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) {
    if (directory) return;  // best effort: some file systems do not open directories
    throw IoError("cannot open '" + path.string() + "' to sync it: " + std::strerror(errno));
  }
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0 && !(directory && err == EINVAL))
    throw IoError("cannot sync '" + path.string() + "': " + std::strerror(err));
}

fs::path temporary_beside(const fs::path& target) {
  return fs::path(target.string() + ".tmp-" + std::to_string(::getpid()));
}

void check_writable_target(const fs::path& target, bool force) {
  std::error_code ec;
  if (!force && fs::exists(target, ec)) throw ConfigError(already_exists_message(target));
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec)) throw ConfigError("cannot write '" + target.string() + "': no directory '" + dir.string() + "'");
}

void move_into_place(const fs::path& temporary, const fs::path& target, bool force) {
  if (force) {
    if (std::rename(temporary.c_str(), target.c_str()) != 0)
      throw IoError("cannot rename '" + temporary.string() + "' to '" + target.string() + "': " + std::strerror(errno));
    return;
  }
  if (::link(temporary.c_str(), target.c_str()) == 0) {
    ::unlink(temporary.c_str());
    return;
  }
  const int err = errno;
  if (err == EEXIST) throw ConfigError(already_exists_message(target));
  if (err != EPERM && err != ENOTSUP && err != EOPNOTSUPP && err != EMLINK && err != EXDEV)
    throw IoError("cannot link '" + temporary.string() + "' to '" + target.string() + "': " + std::strerror(err));
  // File systems without hard links: check, then rename (a small race, but
  // the best such a file system allows).
  std::error_code ec;
  if (fs::exists(target, ec)) throw ConfigError(already_exists_message(target));
  if (std::rename(temporary.c_str(), target.c_str()) != 0)
    throw IoError("cannot rename '" + temporary.string() + "' to '" + target.string() + "': " + std::strerror(errno));
}

void publish_file(const fs::path& temporary, const fs::path& target, bool force) {
  try {
    sync_path(temporary, false);
    move_into_place(temporary, target, force);
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
  sync_path(target.has_parent_path() ? target.parent_path() : fs::path("."), true);
}

void write_file_atomically(const fs::path& target, const std::string& data, bool force) {
  const fs::path tmp = temporary_beside(target);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw IoError("cannot create '" + tmp.string() + "': " + std::strerror(errno));
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string err = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      throw IoError("cannot write '" + tmp.string() + "': " + err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    const std::string err = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw IoError("cannot write '" + tmp.string() + "': " + err);
  }
  publish_file(tmp, target, force);
}

}  // namespace innosim::output
