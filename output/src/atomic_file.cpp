#include "innosim/output/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
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

void check_output_target(const fs::path& target, bool force) {
  if (target.empty()) throw ConfigError("no output file name given");
  const std::string name = "output file '" + target.string() + "'";
  struct stat link {};
  if (::lstat(target.c_str(), &link) == 0) {
    struct stat st {};
    if (S_ISLNK(link.st_mode) && ::stat(target.c_str(), &st) != 0)
      throw ConfigError(name + " is a dangling symbolic link (to '" + fs::read_symlink(target).string() +
                        "'); remove it or name another file");
    if (!S_ISLNK(link.st_mode)) st = link;
    if (S_ISDIR(st.st_mode)) throw ConfigError(name + " is a directory");
    if (!S_ISREG(st.st_mode)) {
      const char* kind = S_ISFIFO(st.st_mode)  ? "a FIFO"
                         : S_ISCHR(st.st_mode) ? "a character device"
                         : S_ISBLK(st.st_mode) ? "a block device"
                         : S_ISSOCK(st.st_mode) ? "a socket"
                                                : "not a regular file";
      throw ConfigError(name + " is " + kind + ", not a regular file: innosim writes results files only to a new " +
                        "name or over a regular file (with --force), never over anything else");
    }
    if (!force) throw ConfigError(already_exists_message(target));
  } else if (errno != ENOENT) {
    throw ConfigError("cannot write " + name + ": " + std::strerror(errno));
  }
  std::error_code ec;
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec))
    throw ConfigError("cannot write '" + target.string() + "': directory '" + dir.string() + "' does not exist");
}

void move_into_place(const fs::path& temporary, const fs::path& target, bool force) {
  if (force) {
    // Checked again at the last moment: a FIFO or device put there during
    // the work is not replaced either.
    check_output_target(target, true);
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
