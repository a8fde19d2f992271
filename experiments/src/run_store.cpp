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

namespace innosim::experiments {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'I', 'S', 'R', 'U', 'N', '0', '0', '1'};
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

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
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

/// Parses a part file; nullopt when it is damaged in any way.
std::optional<StoredRun> decode(const std::string& bytes) {
  constexpr std::size_t kHash = 64;
  if (bytes.size() < sizeof kMagic + kHash || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) return std::nullopt;
  const std::string body = bytes.substr(0, bytes.size() - kHash);
  if (output::sha256_hex(body) != bytes.substr(bytes.size() - kHash)) return std::nullopt;
  StoredRun r;
  std::size_t pos = sizeof kMagic;
  std::uint32_t error_len = 0;
  if (!get(body, pos, r.point) || !get(body, pos, r.replication) || !get(body, pos, r.seed) ||
      !get(body, pos, r.wall_seconds) || !get(body, pos, error_len) || !get(body, pos, r.n_metrics) ||
      !get(body, pos, r.n_time))
    return std::nullopt;
  if (body.size() - pos < error_len) return std::nullopt;
  r.error = body.substr(pos, error_len);
  pos += error_len;
  const std::size_t n = std::size_t{r.n_metrics} * r.n_time;
  if ((body.size() - pos) != n * sizeof(double)) return std::nullopt;
  r.values.resize(n);
  if (n) std::memcpy(r.values.data(), body.data() + pos, n * sizeof(double));
  return r;
}

}  // namespace

RunStore::RunStore(fs::path dir, const std::string& sha256, const std::string& text, bool create)
    : dir_(std::move(dir)) {
  if (create) fs::create_directories(dir_ / "runs");
  if (!fs::is_directory(dir_ / "runs"))
    throw ConfigError("'" + dir_.string() + "' is not a sweep working directory");
  lock_fd_ = ::open((dir_ / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
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
  const std::optional<std::string> text = read_file(dir / "manifest");
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
  static const std::regex kName(R"(p(\d+)-r(\d+)\.run)");
  std::set<std::pair<std::int64_t, std::int64_t>> out;
  std::vector<fs::path> damaged;
  for (const auto& e : fs::directory_iterator(dir_ / "runs")) {
    const std::string name = e.path().filename().string();
    std::smatch m;
    if (!std::regex_match(name, m, kName)) {
      damaged.push_back(e.path());  // a temporary of a run killed while being saved
      continue;
    }
    const std::optional<std::string> bytes = read_file(e.path());
    const std::optional<StoredRun> run = bytes ? decode(*bytes) : std::nullopt;
    if (!run || std::to_string(run->point) != m[1].str() || std::to_string(run->replication) != m[2].str() ||
        run->n_metrics != n_metrics || (run->error.empty() && run->n_time != n_time)) {
      damaged.push_back(e.path());
      continue;
    }
    out.insert({run->point, run->replication});
  }
  for (const fs::path& p : damaged) fs::remove(p);
  return out;
}

void RunStore::save(const StoredRun& run) {
  if (run.values.size() != std::size_t{run.n_metrics} * run.n_time) throw InternalError("StoredRun shape");
  std::string body(kMagic, sizeof kMagic);
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
  std::optional<StoredRun> run = decode(*bytes);
  if (!run) throw IoError("'" + p.string() + "' is damaged");
  return std::move(*run);
}

void RunStore::remove_all() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
  lock_fd_ = -1;
  fs::remove_all(dir_);
}

}  // namespace innosim::experiments
