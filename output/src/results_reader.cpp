#include "innosim/output/results_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <system_error>

#include "file_types.hpp"
#include "hdf5_util.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/version.hpp"

namespace innosim::output {

namespace fs = std::filesystem;

namespace {

/// 'text' in quotes, built by appending: GCC 12 at -O2/-O3 warns falsely
/// (-Wrestrict, "accessing 9223372036854775810 or more bytes ... may overlap")
/// on "'" + std::string(...), whose insert at position 0 it inlines into a
/// memcpy it cannot prove disjoint.
std::string in_quotes(std::string_view text) {
  std::string s(1, '\'');
  s += text;
  s += '\'';
  return s;
}

std::string optional_string(hid_t loc, const std::string& name) {
  return h5::has_attr(loc, name) ? h5::read_string_attr(loc, name) : std::string();
}

/// Frees the strings HDF5 allocated while reading `n` rows of `mem_type`.
void reclaim(hid_t mem_type, void* rows, std::size_t n) {
  if (n == 0) return;
  const hsize_t count = n;
  h5::Handle space = h5::dataspace(H5Screate_simple(1, &count, nullptr), "cannot create dataspace");
  H5Dvlen_reclaim(mem_type, space.get(), H5P_DEFAULT, rows);
}

std::uint64_t rows_of(hid_t dset, const std::string& what) {
  const std::vector<hsize_t> dims = h5::shape(dset);
  if (dims.size() != 1) throw IoError(what + " is not a 1-D table");
  return dims[0];
}

/// Throws unless a dataset's declared size can be held by a file of
/// `file_bytes`: elements x stored element size, at most deflate's best
/// ratio (about 1032:1) above the file's size when it is compressed or
/// chunked (innosim's metric matrices and arrays are chunked, and chunks
/// never written, rows of runs that failed or were not run, take no room:
/// they read as the fill value), the file's size otherwise. Checked before
/// anything is allocated for it, so a crafted shape cannot make the reader
/// allocate gigabytes; what passes is bounded again by the address-space
/// limit of the child process that `inspect` reads in (isolated.hpp).
void check_declared_size(hid_t dset, const std::string& what, std::uint64_t file_bytes) {
  const std::vector<hsize_t> dims = h5::shape(dset);
  h5::Handle type = h5::datatype(H5Dget_type(dset), "cannot get the type of " + what);
  long double bytes = static_cast<long double>(H5Tget_size(type.get()));
  for (const hsize_t d : dims) bytes *= static_cast<long double>(d);
  h5::Handle dcpl = h5::plist(H5Dget_create_plist(dset), "cannot get the creation properties of " + what);
  const bool sparse = H5Pget_nfilters(dcpl.get()) > 0 || H5Pget_layout(dcpl.get()) == H5D_CHUNKED;
  const long double room = static_cast<long double>(file_bytes) * (sparse ? 1100.0L : 1.0L) + 4096.0L;
  if (bytes > room)
    throw IoError(what + " declares " + std::to_string(static_cast<unsigned long long>(std::min<long double>(bytes, 1e19L))) +
                  " bytes of data, more than a file of " + std::to_string(file_bytes) +
                  " bytes can hold: the file is damaged");
}

/// Reads a 1-D compound table `block_rows` rows at a time, so a panel of
/// millions of rows never sits in memory whole: each block is read into rows
/// initialised to `blank` (a field the file lacks keeps blank's value),
/// converted to records, handed to `sink`, then `release`d (variable-length
/// strings are freed there).
template <class Row, class Record, class Convert, class Release>
void read_in_blocks(hid_t dset, hid_t mem_type, std::uint64_t n, std::size_t block_rows, const Row& blank,
                    Convert convert, Release release, const std::function<void(std::span<const Record>)>& sink) {
  block_rows = std::max<std::size_t>(1, block_rows);
  std::vector<Row> rows;
  std::vector<Record> out;
  for (std::uint64_t start = 0; start < n; start += block_rows) {
    const std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(block_rows, n - start));
    rows.assign(count, blank);
    h5::read_rows(dset, mem_type, rows.data(), start, count);
    out.clear();
    for (const Row& r : rows) out.push_back(convert(r));
    release(rows.data(), count);
    sink(out);
  }
}

constexpr auto kNothingToRelease = [](const void*, std::size_t) {};

}  // namespace

struct ResultsReader::Impl {
  fs::path path;
  std::uint64_t file_bytes = 0;
  h5::Handle file;
  FileHeader header;
  std::vector<ScenarioHeader> scenarios;

  std::string where() const { return in_quotes(path.string()); }

  h5::Handle scenario_group(std::string_view name) const {
    const std::string n(name);
    const bool known = std::any_of(scenarios.begin(), scenarios.end(),
                                   [&](const ScenarioHeader& s) { return s.name == n; });
    if (!known) {
      std::string list;
      for (const ScenarioHeader& s : scenarios) list += (list.empty() ? "" : ", ") + s.name;
      throw ConfigError(where() + " has no scenario '" + n + "' (it has: " + (list.empty() ? "none" : list) + ")");
    }
    h5::Handle g = h5::open_group(file.get(), "scenarios");
    return h5::open_group(g.get(), n);
  }

  h5::Handle table(std::string_view scenario, const std::string& name) const {
    h5::Handle g = scenario_group(scenario);
    if (!h5::exists(g.get(), name))
      throw ConfigError("scenario '" + std::string(scenario) + "' in " + where() + " has no " + name + " table");
    return h5::open_dataset(g.get(), name);
  }

  ScenarioHeader read_scenario(hid_t scenarios_group, const std::string& name) const {
    ScenarioHeader s;
    s.name = name;
    h5::Handle g = h5::open_group(scenarios_group, name);
    const hid_t gid = g.get();
    s.yaml = optional_string(gid, "scenario_yaml");
    s.sha256 = optional_string(gid, "scenario_sha256");
    if (h5::has_attr(gid, "seed")) s.seed = h5::read_uint_attr(gid, "seed");
    if (h5::has_attr(gid, "replications")) s.replications = h5::read_int_attr(gid, "replications");
    if (h5::has_attr(gid, "horizon_years")) s.horizon_years = h5::read_double_attr(gid, "horizon_years");
    if (h5::has_attr(gid, "start_year")) s.start_year = h5::read_int_attr(gid, "start_year");  // 1.2
    if (h5::exists(gid, "time")) {
      h5::Handle t = h5::open_dataset(gid, "time");
      s.n_time = static_cast<std::size_t>(rows_of(t.get(), name + "/time"));
    }
    if (h5::exists(gid, "metrics")) {
      h5::Handle mg = h5::open_group(gid, "metrics");
      for (const std::string& m : h5::list(mg.get())) {
        h5::Handle d = h5::open_dataset(mg.get(), m);
        // kind and period_months: format 1.2 ("" and 0 before).
        const std::int64_t period = h5::has_attr(d.get(), "period_months") ? h5::read_int_attr(d.get(), "period_months") : 0;
        s.metrics.push_back({m, optional_string(d.get(), "unit"), optional_string(d.get(), "description"),
                             optional_string(d.get(), "kind"), period});
      }
    }
    if (h5::exists(gid, "firms")) {
      h5::Handle d = h5::open_dataset(gid, "firms");
      s.firm_rows = rows_of(d.get(), name + "/firms");
    }
    if (h5::exists(gid, "exits")) {
      h5::Handle d = h5::open_dataset(gid, "exits");
      s.exit_rows = rows_of(d.get(), name + "/exits");
    }
    if (h5::exists(gid, "events")) {
      h5::Handle d = h5::open_dataset(gid, "events");
      s.event_rows = rows_of(d.get(), name + "/events");
    }
    return s;
  }
};

ResultsReader::ResultsReader(const fs::path& path) : impl_(std::make_unique<Impl>()) {
  Impl& r = *impl_;
  r.path = path;
  // Opened non-blocking and checked with fstat before HDF5 sees it: a FIFO
  // or a device named as the results file must not block or be read.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int e = errno;
    if (e == ENOENT || e == ENOTDIR) throw ConfigError(r.where() + ": no such file");
    std::string msg = "cannot read ";  // appended: see where() on GCC 12's -Wrestrict
    msg += r.where();
    msg += ": ";
    msg += std::strerror(e);
    throw IoError(msg);
  }
  struct stat st {};
  const int stat_rc = ::fstat(fd, &st);
  ::close(fd);
  if (stat_rc != 0) throw IoError("cannot stat " + r.where() + ": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw ConfigError(r.where() + " is a directory, not a results file");
  if (!S_ISREG(st.st_mode))
    throw ConfigError(r.where() + " is not a regular file (" +
                      std::string(S_ISFIFO(st.st_mode)  ? "a FIFO"
                                  : S_ISCHR(st.st_mode) ? "a character device"
                                  : S_ISBLK(st.st_mode) ? "a block device"
                                  : S_ISSOCK(st.st_mode) ? "a socket"
                                                         : "not a file") +
                      "), so not a results file");
  r.file_bytes = static_cast<std::uint64_t>(st.st_size);

  const h5::Lock lock(h5::Activity::reading, r.where());
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    throw ConfigError(r.where() + " is not an HDF5 file, so not an innosim results file");
  }
  r.file = h5::file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "cannot open " + r.where());
  const hid_t root = r.file.get();
  const std::string not_ours = r.where() + " is not an innosim results file";
  if (!h5::has_attr(root, "filetype")) throw ConfigError(not_ours + " (it has no 'filetype' attribute)");
  if (h5::attr_class(root, "filetype") != H5T_STRING) throw ConfigError(not_ours + " ('filetype' is not a string)");
  const std::string filetype = h5::read_string_attr(root, "filetype");
  if (filetype != kFiletype)
    throw ConfigError(not_ours + " (filetype is '" + filetype + "', expected '" + std::string(kFiletype) + "')");
  if (!h5::has_attr(root, "format_version") || h5::attr_class(root, "format_version") != H5T_INTEGER)
    throw ConfigError(r.where() + " has no valid 'format_version' attribute");
  const std::vector<std::int64_t> v = h5::read_int_array_attr(root, "format_version");
  if (v.size() != 2) throw ConfigError(r.where() + " has no valid 'format_version' attribute (expected [major, minor])");
  r.header.format_version = {static_cast<int>(v[0]), static_cast<int>(v[1])};
  if (v[0] != kFormatMajor)
    throw ConfigError(r.where() + " has format version " + std::to_string(v[0]) + "." + std::to_string(v[1]) +
                      "; this innosim (" + innosim::VERSION + ") reads format " + std::to_string(kFormatMajor) +
                      ".x only");
  r.header.innosim_version = optional_string(root, "innosim_version");
  r.header.git_sha1 = optional_string(root, "git_sha1");
  r.header.created_utc = optional_string(root, "created_utc");
  r.header.command_line = optional_string(root, "command_line");
  if (h5::has_attr(root, "n_ranks")) r.header.n_ranks = static_cast<int>(h5::read_int_attr(root, "n_ranks"));
  if (h5::exists(root, "scenarios")) {
    h5::Handle g = h5::open_group(root, "scenarios");
    for (const std::string& name : h5::list(g.get())) r.scenarios.push_back(r.read_scenario(g.get(), name));
  }
}

ResultsReader::~ResultsReader() {
  h5::Lock lock;
  impl_.reset();
}

const FileHeader& ResultsReader::header() const { return impl_->header; }

const std::vector<ScenarioHeader>& ResultsReader::scenarios() const { return impl_->scenarios; }

const ScenarioHeader& ResultsReader::scenario(std::string_view name) const {
  for (const ScenarioHeader& s : impl_->scenarios)
    if (s.name == name) return s;
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  impl_->scenario_group(name);  // throws the "no scenario" error
  throw InternalError("scenario lookup");
}

std::vector<double> ResultsReader::time(std::string_view scenario) const {
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  h5::Handle g = impl_->scenario_group(scenario);
  h5::Handle d = h5::open_dataset(g.get(), "time");
  check_declared_size(d.get(), "time", impl_->file_bytes);
  std::vector<double> t(static_cast<std::size_t>(rows_of(d.get(), "time")));
  if (!t.empty())
    h5::check(H5Dread(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, t.data()), "cannot read time");
  return t;
}

MetricMatrix ResultsReader::metric(std::string_view scenario, std::string_view metric) const {
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  h5::Handle g = impl_->scenario_group(scenario);
  h5::Handle mg = h5::open_group(g.get(), "metrics");
  const std::string name(metric);
  if (!h5::exists(mg.get(), name))
    throw ConfigError("scenario '" + std::string(scenario) + "' has no metric '" + name + "'");
  h5::Handle d = h5::open_dataset(mg.get(), name);
  const std::vector<hsize_t> dims = h5::shape(d.get());
  if (dims.size() != 2) throw IoError("metric '" + name + "' is not a 2-D dataset");
  check_declared_size(d.get(), "metric '" + name + "'", impl_->file_bytes);
  MetricMatrix m;
  m.rows = static_cast<std::size_t>(dims[0]);
  m.cols = static_cast<std::size_t>(dims[1]);
  m.values.resize(m.rows * m.cols);
  if (!m.values.empty())
    h5::check(H5Dread(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, m.values.data()),
              "cannot read metric " + name);
  return m;
}

std::vector<SummaryRow> ResultsReader::summary(std::string_view scenario, std::string_view metric) const {
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  h5::Handle g = impl_->scenario_group(scenario);
  h5::Handle sg = h5::open_group(g.get(), "summary");
  const std::string name(metric);
  if (!h5::exists(sg.get(), name))
    throw ConfigError("scenario '" + std::string(scenario) + "' has no summary of '" + name + "'");
  h5::Handle d = h5::open_dataset(sg.get(), name);
  check_declared_size(d.get(), "summary '" + name + "'", impl_->file_bytes);
  SummaryRow blank;
  blank.p5 = blank.p25 = blank.p50 = blank.p75 = blank.p95 = std::numeric_limits<double>::quiet_NaN();
  // Fields the file lacks (the percentiles before format 1.2) keep their NaN.
  std::vector<SummaryRow> rows(static_cast<std::size_t>(rows_of(d.get(), "summary " + name)), blank);
  h5::CompoundTypes t = types::summary_types();
  h5::read_rows(d.get(), t.mem.get(), rows.data(), 0, rows.size());
  return rows;
}

std::vector<RunRecord> ResultsReader::runs() const {
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  const hid_t root = impl_->file.get();
  if (!h5::exists(root, "runs")) return {};
  h5::Handle d = h5::open_dataset(root, "runs");
  check_declared_size(d.get(), "/runs", impl_->file_bytes);
  std::vector<types::RunRow> rows(static_cast<std::size_t>(rows_of(d.get(), "/runs")));
  // `point` (format 1.1) is only present in files holding a sweep.
  h5::Handle file_type = h5::datatype(H5Dget_type(d.get()), "cannot get /runs type");
  const bool has_point = H5Tget_member_index(file_type.get(), "point") >= 0;
  H5Eclear2(H5E_DEFAULT);
  h5::CompoundTypes t = types::run_types(has_point);
  h5::read_rows(d.get(), t.mem.get(), rows.data(), 0, rows.size());
  std::vector<RunRecord> out;
  out.reserve(rows.size());
  for (const types::RunRow& r : rows)
    out.push_back({r.scenario ? r.scenario : "", r.replication, r.seed, r.status ? r.status : "", r.wall_seconds,
                   has_point ? r.point : -1});
  reclaim(t.mem.get(), rows.data(), rows.size());
  return out;
}

std::vector<std::string> ResultsReader::comparisons() const {
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  const hid_t root = impl_->file.get();
  if (!h5::exists(root, "comparisons")) return {};
  h5::Handle g = h5::open_group(root, "comparisons");
  return h5::list(g.get());
}

std::optional<SweepHeader> ResultsReader::sweep() const {
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  const hid_t root = impl_->file.get();
  if (!h5::exists(root, "sweep")) return std::nullopt;
  h5::Handle g = h5::open_group(root, "sweep");
  const hid_t gid = g.get();
  SweepHeader s;
  s.design = optional_string(gid, "design");
  s.base_scenario = optional_string(gid, "base_scenario");
  s.policy_scenario = optional_string(gid, "policy_scenario");
  s.sha256 = optional_string(gid, "sweep_sha256");
  if (h5::has_attr(gid, "points")) s.points = h5::read_int_attr(gid, "points");
  if (h5::has_attr(gid, "replications")) s.replications = h5::read_int_attr(gid, "replications");
  if (h5::has_attr(gid, "seed")) s.seed = h5::read_uint_attr(gid, "seed");
  if (h5::exists(gid, "design")) {
    h5::Handle d = h5::open_dataset(gid, "design");
    h5::Handle t = h5::datatype(H5Dget_type(d.get()), "cannot get /sweep/design type");
    const int n = H5Tget_nmembers(t.get());
    for (int i = 0; i < n; ++i) {
      char* name = H5Tget_member_name(t.get(), static_cast<unsigned>(i));
      if (name && std::string(name) != "point") s.factors.push_back(name);
      H5free_memory(name);
    }
  }
  if (h5::exists(gid, "results")) {
    h5::Handle r = h5::open_group(gid, "results");
    s.metrics = h5::list(r.get());
  }
  s.series = h5::exists(gid, "series");
  return s;
}

std::optional<SensitivityHeader> ResultsReader::sensitivity() const {
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  const hid_t root = impl_->file.get();
  if (!h5::exists(root, "sensitivity")) return std::nullopt;
  h5::Handle g = h5::open_group(root, "sensitivity");
  const hid_t gid = g.get();
  SensitivityHeader s;
  s.method = optional_string(gid, "method");
  s.base_scenario = optional_string(gid, "base_scenario");
  s.policy_scenario = optional_string(gid, "policy_scenario");
  s.test_function = optional_string(gid, "test_function");
  if (h5::has_attr(gid, "n")) s.n = h5::read_int_attr(gid, "n");
  if (h5::has_attr(gid, "trajectories")) s.n = h5::read_int_attr(gid, "trajectories");
  if (h5::has_attr(gid, "points")) s.points = h5::read_int_attr(gid, "points");
  if (h5::has_attr(gid, "replications")) s.replications = h5::read_int_attr(gid, "replications");
  if (h5::has_attr(gid, "seed")) s.seed = h5::read_uint_attr(gid, "seed");
  if (h5::exists(gid, "design")) {
    h5::Handle d = h5::open_dataset(gid, "design");
    h5::Handle t = h5::datatype(H5Dget_type(d.get()), "cannot get /sensitivity/design type");
    const int n = H5Tget_nmembers(t.get());
    for (int i = 0; i < n; ++i) {
      char* name = H5Tget_member_name(t.get(), static_cast<unsigned>(i));
      const std::string field = name ? name : "";
      H5free_memory(name);
      if (field != "point" && field != "sample" && field != "block" && field != "group" && field != "direction")
        s.factors.push_back(field);
    }
  }
  if (h5::exists(gid, "outputs")) {
    h5::Handle o = h5::open_group(gid, "outputs");
    s.outputs = h5::list(o.get());
  }
  return s;
}

void ResultsReader::read_firms(std::string_view scenario,
                               const std::function<void(std::span<const FirmRecord>)>& sink,
                               std::size_t block_rows) const {
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  h5::Handle d = impl_->table(scenario, "firms");
  const std::uint64_t n = rows_of(d.get(), "firms");
  h5::CompoundTypes t = types::firm_types();
  // A field the file lacks keeps its value: birth_time is NaN before format 1.3.
  types::FirmRow blank{};
  blank.birth_time = std::numeric_limits<double>::quiet_NaN();
  read_in_blocks(d.get(), t.mem.get(), n, block_rows, blank, [](const types::FirmRow& r) { return types::from_row(r); },
                 kNothingToRelease, sink);
}

void ResultsReader::read_exits(std::string_view scenario,
                               const std::function<void(std::span<const ExitRecord>)>& sink,
                               std::size_t block_rows) const {
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  h5::Handle d = impl_->table(scenario, "exits");
  const std::uint64_t n = rows_of(d.get(), "exits");
  h5::CompoundTypes t = types::exit_types();
  read_in_blocks(d.get(), t.mem.get(), n, block_rows, types::ExitRow{},
                 [](const types::ExitRow& r) { return types::from_row(r); }, kNothingToRelease, sink);
}

std::vector<EventKind> ResultsReader::event_kinds(std::string_view scenario) const {
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  h5::Handle d = impl_->table(scenario, "events");
  h5::Handle type = h5::datatype(H5Dget_type(d.get()), "cannot get events type");
  const int idx = H5Tget_member_index(type.get(), "kind");
  if (idx < 0) h5::fail("events table has no 'kind' field");
  h5::Handle kind = h5::datatype(H5Tget_member_type(type.get(), static_cast<unsigned>(idx)), "cannot get kind type");
  const h5::EnumTypes e = h5::native_enum(kind.get(), H5T_NATIVE_INT16);
  std::vector<EventKind> out;
  for (const auto& [name, code] : e.members) out.push_back({name, static_cast<std::int16_t>(code)});
  return out;
}

void ResultsReader::read_events(std::string_view scenario,
                                const std::function<void(std::span<const EventRecord>)>& sink,
                                std::size_t block_rows) const {
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  h5::Handle d = impl_->table(scenario, "events");
  const std::uint64_t n = rows_of(d.get(), "events");
  h5::Handle type = h5::datatype(H5Dget_type(d.get()), "cannot get events type");
  const int idx = H5Tget_member_index(type.get(), "kind");
  if (idx < 0) h5::fail("events table has no 'kind' field");
  h5::Handle kind = h5::datatype(H5Tget_member_type(type.get(), static_cast<unsigned>(idx)), "cannot get kind type");
  // The memory enum mirrors the file's members, whatever its base type.
  const h5::EnumTypes e = h5::native_enum(kind.get(), H5T_NATIVE_INT16);
  h5::CompoundTypes t = types::event_types(e.mem.get(), e.mem.get());
  read_in_blocks(
      d.get(), t.mem.get(), n, block_rows, types::EventRow{},
      [](const types::EventRow& r) {
        return EventRecord{r.replication, r.time, r.firm_id, r.kind, r.amount, r.detail ? r.detail : ""};
      },
      [&t](types::EventRow* rows, std::size_t count) { reclaim(t.mem.get(), rows, count); }, sink);
}

}  // namespace innosim::output

// ---- generic access (format 1.1+) -------------------------------------------

namespace innosim::output {

namespace {

/// The components of an absolute path ("/a/b" -> {"a", "b"}); empty ones dropped.
std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i <= path.size()) {
    const std::size_t j = std::min(path.find('/', i), path.size());
    if (j > i) parts.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

/// What a path names: a group or a dataset (the last component), opened one
/// hard link at a time from the root.
struct Object {
  h5::Handle parent;  // the group holding the last component
  h5::Handle handle;  // the group or dataset itself
  bool is_group = false;
};

std::optional<Object> open_object(hid_t root, std::string_view path) {
  const std::vector<std::string> parts = split_path(path);
  Object o;
  o.handle = h5::open_group(root, "/");
  o.is_group = true;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!o.is_group || !h5::exists(o.handle.get(), parts[i])) return std::nullopt;
    H5O_info_t info;
    if (H5Oget_info_by_name(o.handle.get(), parts[i].c_str(), &info, H5P_DEFAULT) < 0) {
      H5Eclear2(H5E_DEFAULT);
      return std::nullopt;
    }
    h5::Handle next;
    if (info.type == H5O_TYPE_GROUP) {
      next = h5::open_group(o.handle.get(), parts[i]);
      o.is_group = true;
    } else if (info.type == H5O_TYPE_DATASET) {
      next = h5::open_dataset(o.handle.get(), parts[i]);
      o.is_group = false;
    } else {
      return std::nullopt;
    }
    o.parent = std::move(o.handle);
    o.handle = std::move(next);
  }
  return o;
}

Object require_object(hid_t root, std::string_view path, const std::string& where, bool group) {
  std::optional<Object> o = open_object(root, path);
  if (!o || o->is_group != group)
    throw ConfigError(where + " has no " + (group ? "group" : "dataset") + " '" + std::string(path) + "'");
  return std::move(*o);
}

herr_t collect_attr_name(hid_t, const char* name, const H5A_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->emplace_back(name);
  return 0;
}

/// Reads one field of a compound table as `mem_member` (a native type):
/// HDF5 converts the file's field of the same name into a one-field struct.
template <class T>
std::vector<T> read_field(hid_t dset, const char* field, hid_t mem_member, std::size_t rows) {
  std::vector<T> v(rows);
  if (rows == 0) return v;
  h5::Handle mem = h5::datatype(H5Tcreate(H5T_COMPOUND, sizeof(T)), "cannot create compound type");
  h5::check(H5Tinsert(mem.get(), field, 0, mem_member), std::string("cannot add field ") + field);
  h5::read_rows(dset, mem.get(), v.data(), 0, rows);
  return v;
}

}  // namespace

bool ResultsReader::exists(std::string_view path) const {
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  return open_object(impl_->file.get(), path).has_value();
}

std::vector<std::string> ResultsReader::children(std::string_view path) const {
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  const Object o = require_object(impl_->file.get(), path, impl_->where(), true);
  return h5::list(o.handle.get());
}

std::vector<Attribute> ResultsReader::attributes(std::string_view path) const {
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  std::optional<Object> o = open_object(impl_->file.get(), path);
  if (!o) throw ConfigError(impl_->where() + " has nothing at '" + std::string(path) + "'");
  const hid_t loc = o->handle.get();
  std::vector<std::string> names;
  hsize_t idx = 0;
  if (H5Aiterate2(loc, H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, collect_attr_name, &names) < 0) {
    // Objects written without creation-order tracking of attributes.
    H5Eclear2(H5E_DEFAULT);
    names.clear();
    idx = 0;
    h5::check(H5Aiterate2(loc, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_attr_name, &names),
              "cannot list the attributes of " + std::string(path));
  }
  std::vector<Attribute> out;
  for (const std::string& name : names) {
    h5::Handle a = h5::attribute(H5Aopen(loc, name.c_str(), H5P_DEFAULT), "cannot open attribute " + name);
    h5::Handle type = h5::datatype(H5Aget_type(a.get()), "cannot get the type of attribute " + name);
    h5::Handle space = h5::dataspace(H5Aget_space(a.get()), "cannot get the dataspace of attribute " + name);
    if (H5Sget_simple_extent_npoints(space.get()) != 1 || H5Sget_simple_extent_ndims(space.get()) > 0) continue;
    switch (H5Tget_class(type.get())) {
      case H5T_STRING: out.push_back({name, h5::read_string_attr(loc, name)}); break;
      case H5T_FLOAT: out.push_back({name, h5::read_double_attr(loc, name)}); break;
      case H5T_INTEGER:
        if (H5Tget_sign(type.get()) == H5T_SGN_NONE)
          out.push_back({name, h5::read_uint_attr(loc, name)});
        else
          out.push_back({name, h5::read_int_attr(loc, name)});
        break;
      default: break;
    }
  }
  return out;
}

std::vector<TableColumn> ResultsReader::table(std::string_view path) const {
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  const Object o = require_object(impl_->file.get(), path, impl_->where(), false);
  const hid_t d = o.handle.get();
  const std::size_t rows = static_cast<std::size_t>(rows_of(d, std::string(path)));
  check_declared_size(d, in_quotes(path), impl_->file_bytes);
  h5::Handle type = h5::datatype(H5Dget_type(d), "cannot get the type of " + std::string(path));
  if (H5Tget_class(type.get()) != H5T_COMPOUND) throw IoError(in_quotes(path) + " is not a table");
  std::vector<TableColumn> out;
  const int n = H5Tget_nmembers(type.get());
  for (int i = 0; i < n; ++i) {
    char* raw = H5Tget_member_name(type.get(), static_cast<unsigned>(i));
    const std::string field = raw ? raw : "";
    H5free_memory(raw);
    h5::Handle member = h5::datatype(H5Tget_member_type(type.get(), static_cast<unsigned>(i)),
                                     "cannot get the type of field " + field);
    switch (H5Tget_class(member.get())) {
      case H5T_FLOAT:
        out.push_back({field, read_field<double>(d, field.c_str(), H5T_NATIVE_DOUBLE, rows)});
        break;
      case H5T_INTEGER:
        if (H5Tget_sign(member.get()) == H5T_SGN_NONE) {
          const std::vector<std::uint64_t> u = read_field<std::uint64_t>(d, field.c_str(), H5T_NATIVE_UINT64, rows);
          const bool fits = std::all_of(u.begin(), u.end(), [](std::uint64_t x) { return x <= 0x7fffffffffffffffULL; });
          if (fits)
            out.push_back({field, std::vector<std::int64_t>(u.begin(), u.end())});
          else
            out.push_back({field, std::vector<double>(u.begin(), u.end())});
        } else {
          out.push_back({field, read_field<std::int64_t>(d, field.c_str(), H5T_NATIVE_INT64, rows)});
        }
        break;
      case H5T_STRING: {
        h5::Handle s = h5::datatype(H5Tcopy(H5T_C_S1), "cannot create string type");
        h5::check(H5Tset_size(s.get(), H5T_VARIABLE), "cannot create string type");
        h5::check(H5Tset_cset(s.get(), H5Tget_cset(member.get())), "cannot create string type");
        if (H5Tis_variable_str(member.get()) <= 0) break;  // fixed-length strings: innosim writes none
        std::vector<char*> p = read_field<char*>(d, field.c_str(), s.get(), rows);
        std::vector<std::string> v;
        v.reserve(rows);
        for (char* c : p) v.emplace_back(c ? c : "");
        h5::Handle mem = h5::datatype(H5Tcreate(H5T_COMPOUND, sizeof(char*)), "cannot create compound type");
        h5::check(H5Tinsert(mem.get(), field.c_str(), 0, s.get()), "cannot add field " + field);
        reclaim(mem.get(), p.data(), p.size());
        out.push_back({field, std::move(v)});
        break;
      }
      default: break;  // enums and nested types: not in the generic tables
    }
  }
  return out;
}

ArrayData ResultsReader::array(std::string_view path) const {
  const h5::Lock lock(h5::Activity::reading, impl_->where());
  const Object o = require_object(impl_->file.get(), path, impl_->where(), false);
  const hid_t d = o.handle.get();
  h5::Handle type = h5::datatype(H5Dget_type(d), "cannot get the type of " + std::string(path));
  const H5T_class_t c = H5Tget_class(type.get());
  if (c != H5T_FLOAT && c != H5T_INTEGER) throw IoError(in_quotes(path) + " is not a numeric array");
  check_declared_size(d, in_quotes(path), impl_->file_bytes);
  ArrayData a;
  std::size_t total = 1;
  for (const hsize_t x : h5::shape(d)) {
    a.dims.push_back(x);
    total *= static_cast<std::size_t>(x);
  }
  a.values.resize(total);
  if (total) h5::check(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.values.data()),
                       "cannot read " + std::string(path));
  return a;
}

}  // namespace innosim::output
