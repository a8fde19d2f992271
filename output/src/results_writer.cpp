#include "innosim/output/results_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <limits>
#include <optional>
#include <set>
#include <system_error>
#include <type_traits>
#include <variant>

#include "file_types.hpp"
#include "hdf5_util.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/output/atomic_file.hpp"
#include "innosim/engine/statistics.hpp"
#include "innosim/output/sha256.hpp"
#include "innosim/version.hpp"

namespace innosim::output {

namespace fs = std::filesystem;

namespace {

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// Group and dataset names become HDF5 link names, where '/' separates path
/// components and "." means the group itself.
void check_name(const std::string& name, const std::string& what) {
  if (name.empty()) throw ConfigError(what + " name is empty");
  if (name.find('/') != std::string::npos || name == "." || name == "..")
    throw ConfigError(what + " name '" + name + "' is not allowed in a results file (no '/', not '.' or '..')");
}

void check_table_options(const TableOptions& o, const std::string& what) {
  if (o.block_rows == 0) throw InternalError(what + ": block_rows must be at least 1");
  if (o.deflate_level < 0 || o.deflate_level > 9) throw InternalError(what + ": deflate_level must be 0..9");
}

/// A float64 dataset that reads NaN where nothing was written: NaN is its
/// fill value, and its chunks (at most 8,192 values, 64 KiB, filled from
/// the last dimension) are allocated, and filled, only when first written.
/// A dataset with an empty dimension stays contiguous (nothing to allocate).
void set_nan_chunks(hid_t dcpl, const std::vector<hsize_t>& dims) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  h5::check(H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &nan), "cannot set fill value");
  if (std::find(dims.begin(), dims.end(), hsize_t{0}) != dims.end()) return;
  std::vector<hsize_t> chunk(dims.size(), 1);
  hsize_t budget = 8192;
  for (std::size_t i = dims.size(); i-- > 0;) {
    chunk[i] = std::max<hsize_t>(1, std::min(dims[i], budget));
    budget = std::max<hsize_t>(1, budget / chunk[i]);
  }
  h5::check(H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data()), "cannot set chunk size");
  h5::check(H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_INCR), "cannot set allocation time");
  h5::check(H5Pset_fill_time(dcpl, H5D_FILL_TIME_ALLOC), "cannot set fill time");
}

}  // namespace

namespace detail {

struct WriterState;

/// State shared by the streamed tables: dataset, buffer bound, row count.
struct TableBase {
  WriterState* writer = nullptr;
  std::string label;  // "<scenario>/firms", for messages
  std::int64_t replications = 0;
  std::size_t block_rows = 0;
  std::uint64_t written = 0;
  h5::Handle dset;
  h5::CompoundTypes types;

  void check_replication(std::int32_t r) const {
    if (r < 0 || r >= replications)
      throw InternalError(label + ": replication " + std::to_string(r) + " out of range 0.." +
                          std::to_string(replications - 1));
  }
  void close() {
    types.mem.close("cannot close " + label + " type");
    types.file.close("cannot close " + label + " type");
    dset.close("cannot close " + label);
  }
};

struct FirmTable : TableBase {
  std::vector<types::FirmRow> buffer;

  void flush() {
    h5::append_rows(dset.get(), types.mem.get(), buffer.data(), buffer.size(), written);
    written += buffer.size();
    buffer.clear();
  }
};

struct ExitTable : TableBase {
  std::vector<types::ExitRow> buffer;

  void flush() {
    h5::append_rows(dset.get(), types.mem.get(), buffer.data(), buffer.size(), written);
    written += buffer.size();
    buffer.clear();
  }
};

struct EventTable : TableBase {
  std::vector<EventKind> kinds;
  std::set<std::int16_t> codes;
  h5::Handle kind_mem;
  h5::Handle kind_file;
  std::vector<EventRecord> buffer;

  void flush() {
    // The rows point into the buffered strings, which outlive the write.
    std::vector<types::EventRow> rows;
    rows.reserve(buffer.size());
    for (const EventRecord& e : buffer)
      rows.push_back({e.replication, e.time, e.firm_id, e.kind, e.amount, const_cast<char*>(e.detail.c_str())});
    h5::append_rows(dset.get(), types.mem.get(), rows.data(), rows.size(), written);
    written += buffer.size();
    buffer.clear();
  }
  void close_all() {
    close();
    kind_mem.close("cannot close " + label + " kind type");
    kind_file.close("cannot close " + label + " kind type");
  }
};

struct ArrayState {
  WriterState* writer = nullptr;
  std::string path;
  std::vector<std::uint64_t> dims;
  h5::Handle dset;
};

struct ScenarioState {
  WriterState* writer = nullptr;
  ScenarioSpec spec;
  h5::Handle group;
  h5::Handle metrics_group;
  h5::Handle summary_group;
  std::vector<h5::Handle> metrics;
  std::vector<std::optional<RunRecord>> runs;  // indexed by replication
  std::int64_t reported = 0;
  std::unique_ptr<FirmPanelWriter> firms;
  FirmTable* firm_table = nullptr;
  std::unique_ptr<ExitTableWriter> exits;
  ExitTable* exit_table = nullptr;
  std::unique_ptr<EventLogWriter> events;
  EventTable* event_table = nullptr;

  void claim(std::int64_t r) {
    if (r < 0 || r >= spec.replications)
      throw InternalError("scenario '" + spec.name + "': replication " + std::to_string(r) + " out of range 0.." +
                          std::to_string(spec.replications - 1));
    if (runs[static_cast<std::size_t>(r)])
      throw InternalError("scenario '" + spec.name + "': replication " + std::to_string(r) + " reported twice");
  }

  std::vector<std::int64_t> missing() const {
    std::vector<std::int64_t> out;
    for (std::size_t r = 0; r < runs.size(); ++r)
      if (!runs[r]) out.push_back(static_cast<std::int64_t>(r));
    return out;
  }

  void write_summaries();
  void close();
};

struct WriterState {
  fs::path target;
  fs::path temporary;
  WriterOptions options;
  bool created = false;    // the temporary exists and is ours to remove
  bool committed = false;  // renamed onto the target
  bool closed = false;     // commit() started: no more writes
  // Declared before the scenarios so that it is closed after them.
  h5::Handle file;
  h5::Handle scenarios_group;
  std::vector<std::unique_ptr<ScenarioWriter>> scenarios;
  std::vector<ScenarioState*> states;
  std::vector<std::unique_ptr<ArrayWriter>> arrays;
  std::vector<ArrayState*> array_states;
  std::vector<RunRecord> extra_runs;  // record_run(): rows of no scenario group

  void require_open() const {
    if (closed) throw InternalError("results file '" + target.string() + "' was already committed");
  }
  /// The file as messages name it: the target, not the temporary written first.
  std::string where() const {
    std::string out = "'";  // appended: `"'" + std::string&&` trips GCC 12's -Wrestrict
    out += target.string();
    out += '\'';
    return out;
  }

  ~WriterState() {
    h5::Lock lock;
    // Close children before the file (it is opened with H5F_CLOSE_SEMI).
    states.clear();
    scenarios.clear();
    array_states.clear();
    arrays.clear();
    scenarios_group.reset();
    file.reset();
    if (created && !committed) {
      std::error_code ec;
      fs::remove(temporary, ec);
    }
  }
};

/// Format 1.2: what a metric's values are (stock, flow or mean) and the
/// period a flow or mean covers; nothing when the spec does not say.
void write_kind(hid_t d, const MetricInfo& m) {
  if (m.kind.empty()) return;
  h5::write_attr(d, "kind", m.kind);
  h5::write_attr(d, "period_months", m.period_months);
}

void ScenarioState::write_summaries() {
  const std::size_t n_time = spec.time.size();
  // Only the rows of replications that ran and succeeded are read: a job
  // of `run --replication r` out of 100,000 read 100,000 rows of NaN for
  // every metric and month (21 CPU-s for one 300-firm replication; session
  // 20). The rows are selected as runs of consecutive replications, which
  // HDF5 returns in file order, so the moments are still accumulated in
  // replication order and the summary is bit-identical to reading them all.
  std::vector<std::pair<hsize_t, hsize_t>> blocks;  // (first replication, count)
  std::size_t n_ok = 0;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    if (!runs[r]->ok()) continue;
    const auto row = static_cast<hsize_t>(r);
    if (!blocks.empty() && blocks.back().first + blocks.back().second == row)
      ++blocks.back().second;
    else
      blocks.emplace_back(row, 1);
    ++n_ok;
  }
  // Read the [ok reps x T] rows back in blocks of whole columns of about
  // 1 MiB: memory stays bounded and every column's values are all at hand
  // for the percentiles.
  const std::size_t width = std::max<std::size_t>(1, (std::size_t{1} << 20) / (8 * std::max<std::size_t>(1, n_ok)));
  h5::CompoundTypes types = types::summary_types();
  std::vector<double> buf, column;
  for (std::size_t m = 0; m < spec.metrics.size(); ++m) {
    const MetricInfo& info = spec.metrics[m];
    std::vector<SummaryRow> out(n_time);
    for (std::size_t t0 = 0; t0 < n_time; t0 += width) {
      const std::size_t cols = std::min(width, n_time - t0);
      buf.resize(n_ok * cols);
      if (n_ok > 0) {
        h5::Handle fspace = h5::dataspace(H5Dget_space(metrics[m].get()), "cannot get metric dataspace");
        for (std::size_t b = 0; b < blocks.size(); ++b) {
          const hsize_t start[2] = {blocks[b].first, t0}, count[2] = {blocks[b].second, cols};
          h5::check(H5Sselect_hyperslab(fspace.get(), b == 0 ? H5S_SELECT_SET : H5S_SELECT_OR, start, nullptr, count,
                                        nullptr),
                    "cannot select metric columns");
        }
        const hsize_t mcount[2] = {n_ok, cols};
        h5::Handle mspace = h5::dataspace(H5Screate_simple(2, mcount, nullptr), "cannot create dataspace");
        h5::check(H5Dread(metrics[m].get(), H5T_NATIVE_DOUBLE, mspace.get(), fspace.get(), H5P_DEFAULT, buf.data()),
                  "cannot read back metric " + info.name);
      }
      for (std::size_t j = 0; j < cols; ++j) {
        engine::Welford acc;
        column.clear();
        for (std::size_t i = 0; i < n_ok; ++i) {
          const double x = buf[i * cols + j];
          if (std::isnan(x)) continue;  // NaN means "no value"; infinities propagate
          acc.add(x);
          column.push_back(x);
        }
        std::sort(column.begin(), column.end());
        const std::size_t t = t0 + j;
        const engine::ConfidenceInterval ci = engine::confidence_interval(acc, kSummaryLevel);
        SummaryRow& row = out[t];
        row = {spec.time[t], ci.mean, ci.sd, ci.low, ci.high, static_cast<std::int64_t>(ci.n)};
        double* const p[5] = {&row.p5, &row.p25, &row.p50, &row.p75, &row.p95};
        for (std::size_t k = 0; k < kSummaryPercentiles.size(); ++k)
          *p[k] = percentile_of_sorted(column.data(), column.size(), kSummaryPercentiles[k]);
      }
    }
    const hsize_t dims = n_time;
    h5::Handle space = h5::dataspace(H5Screate_simple(1, &dims, nullptr), "cannot create dataspace");
    // The metric name in quotes: an identifier, not prose (a name such as `prototypes` is an English word in zh messages).
    h5::Handle lcpl = h5::utf8_links();
    h5::Handle d = h5::dataset(H5Dcreate2(summary_group.get(), info.name.c_str(), types.file.get(), space.get(),
                                          lcpl.get(), H5P_DEFAULT, H5P_DEFAULT),
                               "cannot create summary of '" + info.name + "'");
    h5::check(H5Dwrite(d.get(), types.mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()),
              "cannot write summary of '" + info.name + "'");
    h5::write_attr(d.get(), "unit", info.unit);
    h5::write_attr(d.get(), "description", info.description);
    write_kind(d.get(), info);
    h5::write_attr(d.get(), "confidence_level", kSummaryLevel);
    d.close("cannot close summary of '" + info.name + "'");
  }
}

void ScenarioState::close() {
  if (firm_table) firm_table->close();
  if (exit_table) exit_table->close();
  if (event_table) event_table->close_all();
  for (h5::Handle& d : metrics) d.close("cannot close a metric of " + spec.name);
  summary_group.close("cannot close " + spec.name + "/summary");
  metrics_group.close("cannot close " + spec.name + "/metrics");
  group.close("cannot close scenario " + spec.name);
}

}  // namespace detail

// ---------------------------------------------------------------- FirmPanelWriter

FirmPanelWriter::FirmPanelWriter(std::unique_ptr<detail::FirmTable> impl) : impl_(std::move(impl)) {}
FirmPanelWriter::~FirmPanelWriter() = default;

void FirmPanelWriter::append(const FirmRecord& row) { append(std::span<const FirmRecord>(&row, 1)); }

void FirmPanelWriter::append(std::span<const FirmRecord> rows) {
  const h5::Lock lock(h5::Activity::writing, impl_->writer->where());
  impl_->writer->require_open();
  for (const FirmRecord& r : rows) {
    impl_->check_replication(r.replication);
    // HDF5 would silently store an out-of-range enum value as -1.
    const auto stage = static_cast<int>(r.stage);
    if (stage < 0 || stage >= static_cast<int>(kFirmStages.size()))
      throw InternalError(impl_->label + ": invalid firm stage code " + std::to_string(stage));
    impl_->buffer.push_back(types::to_row(r));
    if (impl_->buffer.size() >= impl_->block_rows) impl_->flush();
  }
}

void FirmPanelWriter::flush() {
  const h5::Lock lock(h5::Activity::writing, impl_->writer->where());
  impl_->writer->require_open();
  impl_->flush();
}

std::uint64_t FirmPanelWriter::rows_written() const {
  h5::Lock lock;
  return impl_->written;
}

std::size_t FirmPanelWriter::rows_buffered() const {
  h5::Lock lock;
  return impl_->buffer.size();
}

// ----------------------------------------------------------------- ExitTableWriter

ExitTableWriter::ExitTableWriter(std::unique_ptr<detail::ExitTable> impl) : impl_(std::move(impl)) {}
ExitTableWriter::~ExitTableWriter() = default;

void ExitTableWriter::append(std::span<const ExitRecord> rows) {
  const h5::Lock lock(h5::Activity::writing, impl_->writer->where());
  impl_->writer->require_open();
  for (const ExitRecord& r : rows) {
    impl_->check_replication(r.replication);
    // HDF5 would silently store an out-of-range enum value as -1.
    const auto stage = static_cast<int>(r.stage);
    if (stage < 0 || stage >= static_cast<int>(kFirmStages.size()))
      throw InternalError(impl_->label + ": invalid firm stage code " + std::to_string(stage));
    if (std::find(kExitCauses.begin(), kExitCauses.end(), r.cause) == kExitCauses.end())
      throw InternalError(impl_->label + ": invalid exit cause code " + std::to_string(static_cast<int>(r.cause)));
    impl_->buffer.push_back(types::to_row(r));
    if (impl_->buffer.size() >= impl_->block_rows) impl_->flush();
  }
}

void ExitTableWriter::flush() {
  const h5::Lock lock(h5::Activity::writing, impl_->writer->where());
  impl_->writer->require_open();
  impl_->flush();
}

std::uint64_t ExitTableWriter::rows_written() const {
  h5::Lock lock;
  return impl_->written;
}

// ----------------------------------------------------------------- EventLogWriter

EventLogWriter::EventLogWriter(std::unique_ptr<detail::EventTable> impl) : impl_(std::move(impl)) {}
EventLogWriter::~EventLogWriter() = default;

void EventLogWriter::append(const EventRecord& row) {
  const h5::Lock lock(h5::Activity::writing, impl_->writer->where());
  impl_->writer->require_open();
  impl_->check_replication(row.replication);
  if (!impl_->codes.count(row.kind))
    throw InternalError(impl_->label + ": event kind code " + std::to_string(row.kind) + " was not declared");
  impl_->buffer.push_back(row);
  if (impl_->buffer.size() >= impl_->block_rows) impl_->flush();
}

void EventLogWriter::flush() {
  const h5::Lock lock(h5::Activity::writing, impl_->writer->where());
  impl_->writer->require_open();
  impl_->flush();
}

std::uint64_t EventLogWriter::rows_written() const {
  h5::Lock lock;
  return impl_->written;
}

std::size_t EventLogWriter::rows_buffered() const {
  h5::Lock lock;
  return impl_->buffer.size();
}

const std::vector<EventKind>& EventLogWriter::kinds() const { return impl_->kinds; }

// ----------------------------------------------------------------- ScenarioWriter

ScenarioWriter::ScenarioWriter(std::unique_ptr<detail::ScenarioState> impl) : impl_(std::move(impl)) {}
ScenarioWriter::~ScenarioWriter() = default;

const ScenarioSpec& ScenarioWriter::spec() const { return impl_->spec; }

std::int64_t ScenarioWriter::replications_reported() const {
  h5::Lock lock;
  return impl_->reported;
}

void ScenarioWriter::write_replication(const ReplicationSeries& series) {
  const h5::Lock lock(h5::Activity::writing, impl_->writer->where());
  detail::ScenarioState& s = *impl_;
  s.writer->require_open();
  s.claim(series.replication);
  const std::size_t n_time = s.spec.time.size();
  if (series.values.size() != s.spec.metrics.size())
    throw InternalError("scenario '" + s.spec.name + "': replication " + std::to_string(series.replication) +
                        " has " + std::to_string(series.values.size()) + " metric series, expected " +
                        std::to_string(s.spec.metrics.size()));
  for (std::size_t m = 0; m < series.values.size(); ++m)
    if (series.values[m].size() != n_time)
      throw InternalError("scenario '" + s.spec.name + "': metric " + s.spec.metrics[m].name + " of replication " +
                          std::to_string(series.replication) + " has " + std::to_string(series.values[m].size()) +
                          " values, expected " + std::to_string(n_time));
  const hsize_t start[2] = {static_cast<hsize_t>(series.replication), 0}, count[2] = {1, n_time};
  h5::Handle mspace = h5::dataspace(H5Screate_simple(2, count, nullptr), "cannot create dataspace");
  for (std::size_t m = 0; m < series.values.size(); ++m) {
    h5::Handle fspace = h5::dataspace(H5Dget_space(s.metrics[m].get()), "cannot get metric dataspace");
    h5::check(H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, start, nullptr, count, nullptr),
              "cannot select metric row");
    h5::check(H5Dwrite(s.metrics[m].get(), H5T_NATIVE_DOUBLE, mspace.get(), fspace.get(), H5P_DEFAULT,
                       series.values[m].data()),
              "cannot write metric " + s.spec.metrics[m].name);
  }
  s.runs[static_cast<std::size_t>(series.replication)] =
      RunRecord{s.spec.name, series.replication, series.seed, "ok", series.wall_seconds, -1};
  ++s.reported;
}

void ScenarioWriter::record_failure(std::int64_t replication, std::uint64_t seed, const std::string& message,
                                    double wall_seconds) {
  const h5::Lock lock(h5::Activity::writing, impl_->writer->where());
  detail::ScenarioState& s = *impl_;
  s.writer->require_open();
  s.claim(replication);
  s.runs[static_cast<std::size_t>(replication)] =
      RunRecord{s.spec.name, replication, seed, "failed: " + message, wall_seconds, -1};
  ++s.reported;
}

void ScenarioWriter::record_not_run(std::int64_t replication, std::uint64_t seed, const std::string& why) {
  const h5::Lock lock(h5::Activity::writing, impl_->writer->where());
  detail::ScenarioState& s = *impl_;
  s.writer->require_open();
  s.claim(replication);
  s.runs[static_cast<std::size_t>(replication)] = RunRecord{s.spec.name, replication, seed, "not run: " + why, 0.0, -1};
  ++s.reported;
}

FirmPanelWriter& ScenarioWriter::firm_panel(const TableOptions& options) {
  const h5::Lock lock(h5::Activity::writing, impl_->writer->where());
  detail::ScenarioState& s = *impl_;
  s.writer->require_open();
  if (s.firms) throw InternalError("scenario '" + s.spec.name + "' already has a firm panel");
  check_table_options(options, "scenario '" + s.spec.name + "' firm panel");
  auto t = std::make_unique<detail::FirmTable>();
  t->writer = s.writer;
  t->label = s.spec.name + "/firms";
  t->replications = s.spec.replications;
  t->block_rows = options.block_rows;
  t->buffer.reserve(options.block_rows);
  t->types = types::firm_types();
  t->dset = h5::create_table(s.group.get(), "firms", t->types.file.get(), options.block_rows, options.deflate_level);
  h5::write_attr(t->dset.get(), "description",
                 std::string("firm panel: one row per firm and observation time; money in yuan"));
  s.firm_table = t.get();
  s.firms.reset(new FirmPanelWriter(std::move(t)));
  return *s.firms;
}

ExitTableWriter& ScenarioWriter::exit_table(const TableOptions& options) {
  const h5::Lock lock(h5::Activity::writing, impl_->writer->where());
  detail::ScenarioState& s = *impl_;
  s.writer->require_open();
  if (s.exits) throw InternalError("scenario '" + s.spec.name + "' already has an exits table");
  check_table_options(options, "scenario '" + s.spec.name + "' exits table");
  auto t = std::make_unique<detail::ExitTable>();
  t->writer = s.writer;
  t->label = s.spec.name + "/exits";
  t->replications = s.spec.replications;
  t->block_rows = options.block_rows;
  t->buffer.reserve(options.block_rows);
  t->types = types::exit_types();
  t->dset = h5::create_table(s.group.get(), "exits", t->types.file.get(), options.block_rows, options.deflate_level);
  h5::write_attr(t->dset.get(), "description",
                 std::string("exits: one row per firm exit, with its cause, age and stage; times in years since start"));
  s.exit_table = t.get();
  s.exits.reset(new ExitTableWriter(std::move(t)));
  return *s.exits;
}

EventLogWriter& ScenarioWriter::event_log(std::vector<EventKind> kinds, const TableOptions& options) {
  const h5::Lock lock(h5::Activity::writing, impl_->writer->where());
  detail::ScenarioState& s = *impl_;
  s.writer->require_open();
  const std::string label = "scenario '" + s.spec.name + "' event log";
  if (s.events) throw InternalError(label + " already exists");
  check_table_options(options, label);
  if (kinds.empty()) throw InternalError(label + ": no event kinds declared");
  auto t = std::make_unique<detail::EventTable>();
  std::set<std::string> names;
  for (const EventKind& k : kinds) {
    if (k.name.empty()) throw InternalError(label + ": an event kind has an empty name");
    if (!names.insert(k.name).second) throw InternalError(label + ": event kind '" + k.name + "' declared twice");
    if (!t->codes.insert(k.code).second)
      throw InternalError(label + ": event kind code " + std::to_string(k.code) + " declared twice");
  }
  t->writer = s.writer;
  t->label = s.spec.name + "/events";
  t->replications = s.spec.replications;
  t->block_rows = options.block_rows;
  t->buffer.reserve(options.block_rows);
  t->kinds = std::move(kinds);
  t->kind_mem = types::kind_enum(t->kinds, false);
  t->kind_file = types::kind_enum(t->kinds, true);
  t->types = types::event_types(t->kind_mem.get(), t->kind_file.get());
  t->dset = h5::create_table(s.group.get(), "events", t->types.file.get(), options.block_rows, options.deflate_level);
  h5::write_attr(t->dset.get(), "description", std::string("event log: one row per event; amount in yuan"));
  s.event_table = t.get();
  s.events.reset(new EventLogWriter(std::move(t)));
  return *s.events;
}

// -------------------------------------------------------------------- ArrayWriter

ArrayWriter::ArrayWriter(std::unique_ptr<detail::ArrayState> impl) : impl_(std::move(impl)) {}
ArrayWriter::~ArrayWriter() = default;

const std::vector<std::uint64_t>& ArrayWriter::dims() const { return impl_->dims; }

void ArrayWriter::write(std::span<const std::uint64_t> start, std::span<const std::uint64_t> count,
                        std::span<const double> values) {
  const h5::Lock lock(h5::Activity::writing, impl_->writer->where());
  detail::ArrayState& a = *impl_;
  a.writer->require_open();
  const std::size_t rank = a.dims.size();
  if (start.size() != rank || count.size() != rank)
    throw InternalError(a.path + ": a block of rank " + std::to_string(start.size()) + " written to a rank " +
                        std::to_string(rank) + " array");
  std::size_t n = 1;
  for (std::size_t i = 0; i < rank; ++i) {
    if (start[i] + count[i] > a.dims[i] || start[i] + count[i] < start[i])
      throw InternalError(a.path + ": block outside the array in dimension " + std::to_string(i));
    n *= static_cast<std::size_t>(count[i]);
  }
  if (values.size() != n)
    throw InternalError(a.path + ": block of " + std::to_string(n) + " values given " +
                        std::to_string(values.size()));
  if (n == 0) return;
  const std::vector<hsize_t> hstart(start.begin(), start.end()), hcount(count.begin(), count.end());
  h5::Handle fspace = h5::dataspace(H5Dget_space(a.dset.get()), "cannot get dataspace of " + a.path);
  h5::check(H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, hstart.data(), nullptr, hcount.data(), nullptr),
            "cannot select a block of " + a.path);
  h5::Handle mspace = h5::dataspace(H5Screate_simple(static_cast<int>(rank), hcount.data(), nullptr),
                                    "cannot create dataspace");
  h5::check(H5Dwrite(a.dset.get(), H5T_NATIVE_DOUBLE, mspace.get(), fspace.get(), H5P_DEFAULT, values.data()),
            "cannot write " + a.path);
}

namespace {

/// Splits "/a/b/c" into {"a", "b", "c"}; every component must be a valid name.
std::vector<std::string> split_path(const std::string& path) {
  if (path.empty() || path[0] != '/') throw InternalError("results path '" + path + "' is not absolute");
  std::vector<std::string> parts;
  std::size_t i = 1;
  while (i <= path.size()) {
    const std::size_t j = std::min(path.find('/', i), path.size());
    parts.push_back(path.substr(i, j - i));
    check_name(parts.back(), "results path '" + path + "':");
    i = j + 1;
  }
  return parts;
}

/// Opens the group of `parts[0 .. n)`, creating what is missing.
h5::Handle open_or_create(hid_t root, const std::vector<std::string>& parts, std::size_t n) {
  h5::Handle g = h5::open_group(root, "/");
  for (std::size_t i = 0; i < n; ++i) {
    h5::Handle next = h5::exists(g.get(), parts[i]) ? h5::open_group(g.get(), parts[i])
                                                      : h5::create_group(g.get(), parts[i]);
    g = std::move(next);
  }
  return g;
}

void write_attributes(hid_t loc, const std::vector<Attribute>& attributes) {
  for (const Attribute& a : attributes)
    std::visit([&](const auto& v) { h5::write_attr(loc, a.name, v); }, a.value);
}

}  // namespace

// ------------------------------------------------------------------ ResultsWriter


ResultsWriter::ResultsWriter(fs::path target, WriterOptions options) : impl_(std::make_unique<detail::WriterState>()) {
  detail::WriterState& w = *impl_;
  if (target.empty()) throw ConfigError("no output file name given");
  w.target = std::move(target);
  w.options = std::move(options);
  std::error_code ec;
  const fs::file_status st = fs::status(w.target, ec);
  if (fs::exists(st)) {
    if (fs::is_directory(st)) throw ConfigError("output file '" + w.target.string() + "' is a directory");
    // Checked now, not only at commit, so a long run does not end in this error.
    if (!w.options.force) throw ConfigError(already_exists_message(w.target));
  }
  const fs::path dir = w.target.has_parent_path() ? w.target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec))
    throw ConfigError("cannot write '" + w.target.string() + "': directory '" + dir.string() + "' does not exist");
  // Checked now, not only at commit, so a long run does not end in this error.
  check_output_target(w.target, w.options.force);
  w.temporary = w.target;
  w.temporary += ".tmp-" + std::to_string(::getpid());

  const h5::Lock lock(h5::Activity::writing, w.where());
  h5::Handle fapl = h5::plist(H5Pcreate(H5P_FILE_ACCESS), "cannot create file access property list");
  // SEMI: closing the file fails while any object in it is still open, so a
  // handle leaked by a bug cannot leave a half-flushed file to be renamed.
  h5::check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_SEMI), "cannot set file close degree");
  // TRUNC: a leftover temporary with our pid belongs to a dead process
  // (pids are reused, often in containers); one open in this process makes
  // HDF5 refuse, which is right.
  w.file = h5::file(H5Fcreate(w.temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()),
                    "cannot create '" + w.temporary.string() + "'");
  w.created = true;  // from here on ~WriterState removes the temporary
  const hid_t root = w.file.get();
  h5::write_attr(root, "filetype", std::string(kFiletype));
  const int version[2] = {kFormatMajor, kFormatMinor};
  h5::write_attr(root, "format_version", std::span<const int>(version));
  h5::write_attr(root, "innosim_version", std::string(innosim::VERSION));
  h5::write_attr(root, "git_sha1", std::string(innosim::GIT_SHA1));
  h5::write_attr(root, "created_utc", utc_now());
  h5::write_attr(root, "command_line", w.options.command_line);
  h5::write_attr(root, "n_ranks", w.options.n_ranks);
  w.scenarios_group = h5::create_group(root, "scenarios");
}

ResultsWriter::~ResultsWriter() {
  try {
    impl_.reset();
  } catch (...) {
    // Destructors must not throw; ~WriterState only ignores errors anyway.
  }
}

const fs::path& ResultsWriter::target() const { return impl_->target; }
const fs::path& ResultsWriter::temporary() const { return impl_->temporary; }

bool ResultsWriter::committed() const {
  h5::Lock lock;
  return impl_->committed;
}

namespace {

/// Format 1.2: `start_year`, `calendar_year` [T] and, on a whole-month grid, `date` [T].
void write_calendar(hid_t g, const ScenarioSpec& spec) {
  const std::int64_t y0 = *spec.start_year;
  h5::write_attr(g, "start_year", y0);
  const hsize_t n = spec.time.size();
  std::vector<double> years(spec.time.size());
  bool whole_months = true;
  std::vector<std::string> dates;
  for (std::size_t t = 0; t < spec.time.size(); ++t) {
    years[t] = static_cast<double>(y0) + spec.time[t];
    const double months = spec.time[t] * 12.0;
    const double m = std::round(months);
    if (std::fabs(months - m) > 1e-6 || m < 0) whole_months = false;
    if (whole_months) {
      const auto mm = static_cast<std::int64_t>(m);
      char buf[32];
      std::snprintf(buf, sizeof buf, "%04lld-%02lld-01", static_cast<long long>(y0 + mm / 12),
                    static_cast<long long>(mm % 12 + 1));
      dates.emplace_back(buf);
    }
  }
  h5::Handle space = h5::dataspace(H5Screate_simple(1, &n, nullptr), "cannot create dataspace");
  {
    h5::Handle d = h5::dataset(H5Dcreate2(g, "calendar_year", H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                                          H5P_DEFAULT),
                               "cannot create " + spec.name + "/calendar_year");
    h5::check(H5Dwrite(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, years.data()),
              "cannot write " + spec.name + "/calendar_year");
    h5::write_attr(d.get(), "unit", std::string("calendar year"));
  }
  if (!whole_months) return;
  std::vector<const char*> ptrs;
  for (const std::string& s : dates) ptrs.push_back(s.c_str());
  h5::Handle str = h5::utf8_string();
  h5::Handle d = h5::dataset(H5Dcreate2(g, "date", str.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                             "cannot create " + spec.name + "/date");
  h5::check(H5Dwrite(d.get(), str.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), "cannot write " + spec.name + "/date");
  h5::write_attr(d.get(), "description",
                 std::string("the calendar date of each time point (ISO 8601): the state on that day, and for flows "
                             "the period that ends on it"));
}

}  // namespace

ScenarioWriter& ResultsWriter::add_scenario(const ScenarioSpec& spec) {
  const h5::Lock lock(h5::Activity::writing, impl_->where());
  detail::WriterState& w = *impl_;
  w.require_open();
  check_name(spec.name, "scenario");
  for (const detail::ScenarioState* s : w.states)
    if (s->spec.name == spec.name) throw ConfigError("scenario '" + spec.name + "' is written twice");
  const std::string label = "scenario '" + spec.name + "'";
  if (spec.replications < 1) throw ConfigError(label + ": replications must be at least 1");
  if (!(spec.horizon_years >= 0.0) || !std::isfinite(spec.horizon_years))
    throw ConfigError(label + ": horizon_years must be a finite number >= 0");
  if (spec.time.empty()) throw ConfigError(label + ": the time grid is empty");
  for (std::size_t t = 0; t < spec.time.size(); ++t)
    if (!std::isfinite(spec.time[t]) || (t > 0 && !(spec.time[t] > spec.time[t - 1])))
      throw ConfigError(label + ": the time grid must be finite and strictly increasing");
  std::set<std::string> names;
  for (const MetricInfo& m : spec.metrics) {
    check_name(m.name, label + ": metric");
    if (!names.insert(m.name).second) throw ConfigError(label + ": metric '" + m.name + "' declared twice");
  }

  auto s = std::make_unique<detail::ScenarioState>();
  s->writer = &w;
  s->spec = spec;
  s->runs.resize(static_cast<std::size_t>(spec.replications));
  s->group = h5::create_group(w.scenarios_group.get(), spec.name);
  const hid_t g = s->group.get();
  h5::write_attr(g, "scenario_yaml", spec.yaml);
  h5::write_attr(g, "scenario_sha256", sha256_hex(spec.yaml));
  h5::write_attr(g, "seed", spec.seed);
  h5::write_attr(g, "replications", spec.replications);
  h5::write_attr(g, "horizon_years", spec.horizon_years);

  const hsize_t n_time = spec.time.size();
  {
    h5::Handle space = h5::dataspace(H5Screate_simple(1, &n_time, nullptr), "cannot create dataspace");
    h5::Handle d = h5::dataset(
        H5Dcreate2(g, "time", H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        "cannot create " + spec.name + "/time");
    h5::check(H5Dwrite(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, spec.time.data()),
              "cannot write " + spec.name + "/time");
    h5::write_attr(d.get(), "unit", std::string("years"));
  }
  if (spec.start_year) write_calendar(g, spec);
  s->metrics_group = h5::create_group(g, "metrics");
  s->summary_group = h5::create_group(g, "summary");

  const hsize_t dims[2] = {static_cast<hsize_t>(spec.replications), n_time};
  h5::Handle space = h5::dataspace(H5Screate_simple(2, dims, nullptr), "cannot create dataspace");
  h5::Handle dcpl = h5::plist(H5Pcreate(H5P_DATASET_CREATE), "cannot create dataset property list");
  // NaN marks rows of replications that failed (or were not run): the fill
  // value, which chunks never written read as. Chunks are allocated as rows
  // arrive, not up front: 100,000 replications used to write gigabytes of
  // NaN before the first run, deaf to Ctrl-C meanwhile. Rows arrive in
  // replication order whatever --jobs is (run_pool delivers in order), so
  // the file's layout does not depend on which run finished first.
  set_nan_chunks(dcpl.get(), {dims[0], dims[1]});
  h5::Handle lcpl = h5::utf8_links();
  for (const MetricInfo& m : spec.metrics) {
    h5::Handle d = h5::dataset(
        H5Dcreate2(s->metrics_group.get(), m.name.c_str(), H5T_IEEE_F64LE, space.get(), lcpl.get(), dcpl.get(),
                   H5P_DEFAULT),
        "cannot create metric " + m.name);
    h5::write_attr(d.get(), "unit", m.unit);
    h5::write_attr(d.get(), "description", m.description);
    detail::write_kind(d.get(), m);
    s->metrics.push_back(std::move(d));
  }

  detail::ScenarioState* raw = s.get();
  w.scenarios.emplace_back(new ScenarioWriter(std::move(s)));
  w.states.push_back(raw);
  return *w.scenarios.back();
}

void ResultsWriter::write_group(const std::string& path, const std::vector<Attribute>& attributes) {
  const h5::Lock lock(h5::Activity::writing, impl_->where());
  detail::WriterState& w = *impl_;
  w.require_open();
  const std::vector<std::string> parts = split_path(path);
  h5::Handle g = open_or_create(w.file.get(), parts, parts.size());
  write_attributes(g.get(), attributes);
  g.close("cannot close group " + path);
}

void ResultsWriter::write_table(const std::string& path, const std::vector<TableColumn>& columns,
                                const std::vector<Attribute>& attributes) {
  const h5::Lock lock(h5::Activity::writing, impl_->where());
  detail::WriterState& w = *impl_;
  w.require_open();
  const std::vector<std::string> parts = split_path(path);
  if (columns.empty()) throw InternalError(path + ": a table needs at least one column");
  // Rows are packed into one buffer: 8 bytes per number, a char* per string.
  const auto length = [](const TableColumn& c) { return std::visit([](const auto& v) { return v.size(); }, c.values); };
  const std::size_t rows = length(columns[0]);
  std::set<std::string> names;
  std::vector<h5::Field> fields;
  h5::Handle str = h5::utf8_string();
  std::size_t offset = 0;
  for (const TableColumn& c : columns) {
    if (c.name.empty() || !names.insert(c.name).second)
      throw InternalError(path + ": empty or repeated column name '" + c.name + "'");
    if (length(c) != rows) throw InternalError(path + ": column " + c.name + " has another length");
    if (std::holds_alternative<std::vector<double>>(c.values))
      fields.push_back({c.name.c_str(), offset, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE});
    else if (std::holds_alternative<std::vector<std::int64_t>>(c.values))
      fields.push_back({c.name.c_str(), offset, H5T_NATIVE_INT64, H5T_STD_I64LE});
    else
      fields.push_back({c.name.c_str(), offset, str.get(), str.get()});
    offset += 8;
  }
  static_assert(sizeof(char*) == 8 && sizeof(double) == 8 && sizeof(std::int64_t) == 8);
  const std::size_t row_size = offset;
  h5::CompoundTypes types = h5::make_compound(row_size, fields);
  std::vector<unsigned char> buf(rows * row_size);
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const std::size_t off = k * 8;
    std::visit(
        [&](const auto& v) {
          for (std::size_t r = 0; r < rows; ++r) {
            using T = std::decay_t<decltype(v[r])>;
            if constexpr (std::is_same_v<T, std::string>) {
              const char* p = v[r].c_str();  // the strings outlive the write
              std::memcpy(&buf[r * row_size + off], &p, sizeof p);
            } else {
              std::memcpy(&buf[r * row_size + off], &v[r], sizeof(T));
            }
          }
        },
        columns[k].values);
  }
  h5::Handle parent = open_or_create(w.file.get(), parts, parts.size() - 1);
  const hsize_t n = rows;
  h5::Handle space = h5::dataspace(H5Screate_simple(1, &n, nullptr), "cannot create dataspace");
  h5::Handle lcpl = h5::utf8_links();
  h5::Handle d = h5::dataset(H5Dcreate2(parent.get(), parts.back().c_str(), types.file.get(), space.get(),
                                        lcpl.get(), H5P_DEFAULT, H5P_DEFAULT),
                             "cannot create " + path);
  if (rows > 0)
    h5::check(H5Dwrite(d.get(), types.mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), "cannot write " + path);
  write_attributes(d.get(), attributes);
  d.close("cannot close " + path);
  parent.close("cannot close the group of " + path);
}

ArrayWriter& ResultsWriter::create_array(const std::string& path, const std::vector<std::uint64_t>& dims,
                                         const std::vector<Attribute>& attributes) {
  const h5::Lock lock(h5::Activity::writing, impl_->where());
  detail::WriterState& w = *impl_;
  w.require_open();
  const std::vector<std::string> parts = split_path(path);
  if (dims.empty() || dims.size() > 8) throw InternalError(path + ": arrays have rank 1 to 8");
  h5::Handle parent = open_or_create(w.file.get(), parts, parts.size() - 1);
  const std::vector<hsize_t> hdims(dims.begin(), dims.end());
  h5::Handle space = h5::dataspace(H5Screate_simple(static_cast<int>(hdims.size()), hdims.data(), nullptr),
                                   "cannot create dataspace");
  h5::Handle dcpl = h5::plist(H5Pcreate(H5P_DATASET_CREATE), "cannot create dataset property list");
  // As for metric matrices: NaN until written, chunks allocated as written.
  set_nan_chunks(dcpl.get(), hdims);
  h5::Handle lcpl = h5::utf8_links();
  auto a = std::make_unique<detail::ArrayState>();
  a->writer = &w;
  a->path = path;
  a->dims = dims;
  a->dset = h5::dataset(H5Dcreate2(parent.get(), parts.back().c_str(), H5T_IEEE_F64LE, space.get(), lcpl.get(),
                                   dcpl.get(), H5P_DEFAULT),
                        "cannot create " + path);
  write_attributes(a->dset.get(), attributes);
  parent.close("cannot close the group of " + path);
  detail::ArrayState* raw = a.get();
  w.arrays.emplace_back(new ArrayWriter(std::move(a)));
  w.array_states.push_back(raw);
  return *w.arrays.back();
}

void ResultsWriter::record_run(const RunRecord& run) {
  const h5::Lock lock(h5::Activity::writing, impl_->where());
  detail::WriterState& w = *impl_;
  w.require_open();
  w.extra_runs.push_back(run);
}

void ResultsWriter::commit() {
  const h5::Lock lock(h5::Activity::writing, impl_->where());
  detail::WriterState& w = *impl_;
  w.require_open();
  for (const detail::ScenarioState* s : w.states) {
    const std::vector<std::int64_t> missing = s->missing();
    if (missing.empty()) continue;
    std::string list;
    for (std::size_t i = 0; i < missing.size() && i < 10; ++i) list += (i ? ", " : "") + std::to_string(missing[i]);
    if (missing.size() > 10) list += ", ...";
    throw InternalError("scenario '" + s->spec.name + "': " + std::to_string(missing.size()) +
                        " replication(s) never reported (" + list + ")");
  }
  // From here on the writer is finished whatever happens: on an exception the
  // destructor removes the temporary.
  w.closed = true;
  for (detail::ScenarioState* s : w.states) {
    if (s->firm_table) s->firm_table->flush();
    if (s->exit_table) s->exit_table->flush();
    if (s->event_table) s->event_table->flush();
    s->write_summaries();
  }

  // /runs, in scenario then replication order: independent of finishing order.
  std::vector<types::RunRow> rows;
  const auto add_row = [&](const RunRecord& r) {
    rows.push_back({const_cast<char*>(r.scenario.c_str()), r.replication, r.seed, const_cast<char*>(r.status.c_str()),
                    r.wall_seconds, r.point});
  };
  for (const detail::ScenarioState* s : w.states)
    for (const std::optional<RunRecord>& r : s->runs) add_row(*r);
  bool with_point = false;
  for (const RunRecord& r : w.extra_runs) {
    add_row(r);
    with_point = with_point || r.point >= 0;
  }
  {
    // The `point` field (format 1.1) only appears when the file holds sweep runs.
    h5::CompoundTypes types = types::run_types(with_point);
    const hsize_t n = rows.size();
    h5::Handle space = h5::dataspace(H5Screate_simple(1, &n, nullptr), "cannot create dataspace");
    h5::Handle d = h5::dataset(
        H5Dcreate2(w.file.get(), "runs", types.file.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        "cannot create /runs");
    if (n > 0)
      h5::check(H5Dwrite(d.get(), types.mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()),
                "cannot write /runs");
    d.close("cannot close /runs");
  }

  for (detail::ScenarioState* s : w.states) s->close();
  for (detail::ArrayState* a : w.array_states) a->dset.close("cannot close " + a->path);
  w.scenarios_group.close("cannot close /scenarios");
  w.file.close("cannot close '" + w.temporary.string() + "'");
  sync_path(w.temporary, false);
  move_into_place(w.temporary, w.target, w.options.force);
  w.committed = true;
  sync_path(w.target.has_parent_path() ? w.target.parent_path() : fs::path("."), true);
}

}  // namespace innosim::output
