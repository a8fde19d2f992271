#include "innosim/experiments/run_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>

#include "innosim/engine/error.hpp"
#include "innosim/output/sha256.hpp"
#include "innosim/scenario/input_file.hpp"
#include "innosim/scenario/scenario.hpp"

namespace innosim::experiments {

namespace fs = std::filesystem;

namespace {

// 002: each part records its job's SHA-256 (issue #19: a part copied from
// another sweep of the same shape was accepted). 001 parts are rerun.
constexpr char kMagic[8] = {'I', 'S', 'R', 'U', 'N', '0', '0', '2'};
constexpr std::size_t kHashHex = 64;
// A part holds one run's kept values: far below this.
constexpr std::size_t kMaxPartBytes = std::size_t{1} << 30;
constexpr const char* kManifestHeader = "innosim sweep working directory 1";

std::string errno_text() { return std::strerror(errno); }

/// Writes all of `data` to `path` durably: temporary, fsync, rename, fsync of the directory.
void write_durably(const fs::path& path, const std::string& data) {
  const fs::path tmp = path.string() + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw IoError("cannot create '" + tmp.string() + "': " + errno_text());
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string err = errno_text();
      ::close(fd);
      ::unlink(tmp.c_str());
      throw IoError("cannot write '" + tmp.string() + "': " + err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string err = errno_text();
    ::unlink(tmp.c_str());
    throw IoError("cannot sync '" + tmp.string() + "': " + err);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string err = errno_text();
    ::unlink(tmp.c_str());
    throw IoError("cannot rename '" + tmp.string() + "': " + err);
  }
  // The rename itself must reach the disk, or a power loss could undo it.
  const int dfd = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

/// A regular file's bytes; nothing for anything else (a FIFO planted in the
/// directory must not block the sweep).
std::optional<std::string> read_file(const fs::path& path, std::size_t max_bytes = kMaxPartBytes) {
  return scenario::read_input_file(path, max_bytes).text;
}

template <class T>
void put(std::string& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <class T>
bool get(const std::string& in, std::size_t& pos, T& v) {
  if (in.size() - pos < sizeof v) return false;
  std::memcpy(&v, in.data() + pos, sizeof v);
  pos += sizeof v;
  return true;
}

/// Parses a part file; nullopt when it is damaged in any way or belongs to
/// another job (its recorded sweep SHA-256 is not `job_sha256`).
std::optional<StoredRun> decode(const std::string& bytes, const std::string& job_sha256) {
  constexpr std::size_t kHash = 64;
  if (bytes.size() < sizeof kMagic + kHashHex + kHash || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    return std::nullopt;
  const std::string body = bytes.substr(0, bytes.size() - kHash);
  if (output::sha256_hex(body) != bytes.substr(bytes.size() - kHash)) return std::nullopt;
  if (body.compare(sizeof kMagic, kHashHex, job_sha256) != 0) return std::nullopt;
  StoredRun r;
  std::size_t pos = sizeof kMagic + kHashHex;
  std::uint32_t error_len = 0;
  if (!get(body, pos, r.point) || !get(body, pos, r.replication) || !get(body, pos, r.seed) ||
      !get(body, pos, r.wall_seconds) || !get(body, pos, error_len) || !get(body, pos, r.n_metrics) ||
      !get(body, pos, r.n_time))
    return std::nullopt;
  if (body.size() - pos < error_len) return std::nullopt;
  r.error = body.substr(pos, error_len);
  pos += error_len;
  const std::size_t n = std::size_t{r.n_metrics} * r.n_time;  // both 32-bit: no overflow
  if ((body.size() - pos) / sizeof(double) != n || (body.size() - pos) % sizeof(double) != 0) return std::nullopt;
  r.values.resize(n);
  if (n) std::memcpy(r.values.data(), body.data() + pos, n * sizeof(double));
  return r;
}

}  // namespace

RunStore::RunStore(fs::path dir, SweepJob job, const std::string& text, bool create)
    : dir_(std::move(dir)), job_(std::move(job)) {
  const std::string& sha256 = job_.sha256;
  if (sha256.size() != kHashHex) throw InternalError("RunStore: the sweep SHA-256 must have 64 hex digits");
  if (create) fs::create_directories(dir_ / "runs");
  if (!fs::is_directory(dir_ / "runs"))
    throw ConfigError("'" + dir_.string() + "' is not a sweep working directory");
  lock_fd_ = ::open((dir_ / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (lock_fd_ < 0) throw IoError("cannot open '" + (dir_ / "lock").string() + "': " + errno_text());
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw ConfigError("another innosim sweep is working in '" + dir_.string() + "'");
  }
  const fs::path manifest = dir_ / "manifest";
  if (create) {
    write_durably(manifest, std::string(kManifestHeader) + "\nsha256 " + sha256 + "\n" + text);
    return;
  }
  const std::optional<std::string> have = manifest_sha256(dir_);
  if (!have) throw ConfigError("'" + manifest.string() + "' is missing or damaged; start over with --force");
  if (*have != sha256)
    throw ConfigError("cannot resume: '" + dir_.string() + "' holds the runs of a different sweep (sweep SHA-256 " +
                      have->substr(0, 12) + "..., this file's resolved content is " + sha256.substr(0, 12) +
                      "...); resume with the sweep file as it was, or start over with --force");
}

RunStore::~RunStore() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::optional<std::string> RunStore::manifest_sha256(const fs::path& dir) {
  const std::optional<std::string> text = read_file(dir / "manifest", scenario::kMaxFileBytes * 2);
  const std::string prefix = std::string(kManifestHeader) + "\nsha256 ";
  if (!text || text->compare(0, prefix.size(), prefix) != 0 || text->size() < prefix.size() + 64) return std::nullopt;
  return text->substr(prefix.size(), 64);
}

fs::path RunStore::part_path(std::int64_t point, std::int64_t replication) const {
  std::string name = "p";  // appended piecewise: `"p" + std::string&&` trips GCC 12's -Wrestrict
  name += std::to_string(point);
  name += "-r";
  name += std::to_string(replication);
  name += ".run";
  return dir_ / "runs" / name;
}

std::set<std::pair<std::int64_t, std::int64_t>> RunStore::finished(std::uint32_t n_metrics, std::uint32_t n_time) {
  static const std::regex kName(R"(p(\d{1,18})-r(\d{1,18})\.run)");
  std::set<std::pair<std::int64_t, std::int64_t>> out;
  std::vector<fs::path> damaged;
  std::size_t temporaries = 0;
  for (const auto& e : fs::directory_iterator(dir_ / "runs")) {
    const std::string name = e.path().filename().string();
    std::smatch m;
    if (!std::regex_match(name, m, kName)) {
      damaged.push_back(e.path());  // a temporary of a run killed while being saved
      ++temporaries;
      continue;
    }
    const std::optional<std::string> bytes = read_file(e.path());
    const std::optional<StoredRun> run = bytes ? decode(*bytes, job_.sha256) : std::nullopt;
    // Out of range: a part of this sweep's SHA-256 cannot be, unless copied
    // in by hand; it must not count as done ("62/60 runs").
    if (!run || std::to_string(run->point) != m[1].str() || std::to_string(run->replication) != m[2].str() ||
        run->point < 0 || run->point >= job_.points || run->replication < 0 ||
        run->replication >= job_.replications || run->n_metrics != n_metrics ||
        (run->error.empty() && run->n_time != n_time)) {
      damaged.push_back(e.path());
      continue;
    }
    out.insert({run->point, run->replication});
  }
  // Whatever it is (a directory, a FIFO), it is not a part: remove it.
  for (const fs::path& p : damaged) fs::remove_all(p);
  rejected_ = damaged.size() - temporaries;
  return out;
}

void RunStore::save(const StoredRun& run) {
  if (run.values.size() != std::size_t{run.n_metrics} * run.n_time) throw InternalError("StoredRun shape");
  if (run.point < 0 || run.point >= job_.points || run.replication < 0 || run.replication >= job_.replications)
    throw InternalError("StoredRun outside the sweep");
  std::string body(kMagic, sizeof kMagic);
  body += job_.sha256;
  put(body, run.point);
  put(body, run.replication);
  put(body, run.seed);
  put(body, run.wall_seconds);
  put(body, static_cast<std::uint32_t>(run.error.size()));
  put(body, run.n_metrics);
  put(body, run.n_time);
  body += run.error;
  body.append(reinterpret_cast<const char*>(run.values.data()), run.values.size() * sizeof(double));
  body += output::sha256_hex(body);
  write_durably(part_path(run.point, run.replication), body);
}

StoredRun RunStore::load(std::int64_t point, std::int64_t replication) const {
  const fs::path p = part_path(point, replication);
  const std::optional<std::string> bytes = read_file(p);
  if (!bytes) throw IoError("cannot read '" + p.string() + "'");
  std::optional<StoredRun> run = decode(*bytes, job_.sha256);
  if (!run || run->point != point || run->replication != replication)
    throw IoError("'" + p.string() + "' is damaged or belongs to another sweep");
  return std::move(*run);
}

void RunStore::discard(const fs::path& dir) {
  const std::string where = "'" + dir.string() + "'";
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(dir, ec);
  if (!fs::exists(st)) return;
  if (!fs::is_directory(st))
    throw ConfigError(where + " is not a sweep working directory (it is " + scenario::file_kind(dir) +
                      "); remove it yourself");
  const auto refuse = [&](const std::string& why) {
    throw ConfigError(where + " is not provably a sweep working directory (" + why +
                      "), so --force leaves it alone; remove it yourself if it is disposable");
  };
  if (!manifest_sha256(dir)) refuse("it has no readable innosim manifest");
  static const std::regex kPart(R"(p\d{1,18}-r\d{1,18}\.run(\.tmp-\d+)?)");
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name == "manifest" || name == "lock") {
      if (!e.is_regular_file() || e.is_symlink()) refuse("'" + name + "' is not a regular file");
      continue;
    }
    if (name == "runs" && e.is_directory() && !e.is_symlink()) continue;
    if (name.rfind("manifest.tmp-", 0) == 0 && e.is_regular_file() && !e.is_symlink()) continue;
    refuse("it holds '" + name + "'");
  }
  if (fs::exists(dir / "runs"))
    for (const auto& e : fs::directory_iterator(dir / "runs")) {
      const std::string name = e.path().filename().string();
      if (!std::regex_match(name, kPart) || !e.is_regular_file() || e.is_symlink()) refuse("runs/ holds '" + name + "'");
    }
  // A sweep running there holds the lock: deleting its parts under it would
  // fill its results file with another sweep's runs.
  const int fd = ::open((dir / "lock").c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  if (fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    throw ConfigError("another innosim sweep is working in " + where +
                      " (it holds the lock); --force does not discard a running sweep's runs: stop it first");
  }
  // Held while removing, so that no sweep starts resuming it meanwhile.
  fs::remove_all(dir / "runs");
  fs::remove(dir / "manifest");
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind("manifest.tmp-", 0) == 0) fs::remove(e.path());
  fs::remove(dir / "lock");
  if (fd >= 0) ::close(fd);
  fs::remove(dir);
}

void RunStore::remove_all() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
  lock_fd_ = -1;
  fs::remove_all(dir_);
}

}  // namespace innosim::experiments
