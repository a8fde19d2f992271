// innosim::output: the results file is written as SCHEMA.md says (checked
// through the raw HDF5 C API, independently of the library's reader), reads
// back through the reader, does not depend on replication finishing order,
// and is written atomically.
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "innosim/engine/error.hpp"
#include "innosim/engine/statistics.hpp"
#include "innosim/output/results_reader.hpp"
#include "innosim/output/results_writer.hpp"
#include "innosim/output/sha256.hpp"
#include "innosim/version.hpp"
#include "synthetic.hpp"

namespace fs = std::filesystem;
namespace syn = innosim::output::synthetic;
using namespace innosim::output;

namespace {

/// A raw HDF5 identifier released with H5Idec_ref, which closes any kind.
class Id {
 public:
  explicit Id(hid_t id) : id_(id) { EXPECT_GE(id, 0) << "HDF5 call failed"; }
  ~Id() {
    if (id_ >= 0) H5Idec_ref(id_);
  }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  operator hid_t() const { return id_; }

 private:
  hid_t id_;
};

std::string raw_string_attr(hid_t loc, const char* name) {
  Id a(H5Aopen(loc, name, H5P_DEFAULT));
  Id t(H5Aget_type(a));
  EXPECT_EQ(H5Tget_class(t), H5T_STRING);
  EXPECT_GT(H5Tis_variable_str(t), 0) << name << " must be a variable-length string";
  EXPECT_EQ(H5Tget_cset(t), H5T_CSET_UTF8) << name << " must be UTF-8";
  char* p = nullptr;
  EXPECT_GE(H5Aread(a, t, &p), 0);
  std::string s = p ? p : "";
  H5free_memory(p);
  return s;
}

template <class T>
T raw_scalar_attr(hid_t loc, const char* name, hid_t native, hid_t expected_file_type) {
  Id a(H5Aopen(loc, name, H5P_DEFAULT));
  Id t(H5Aget_type(a));
  EXPECT_GT(H5Tequal(t, expected_file_type), 0) << name << " has an unexpected type";
  T v{};
  EXPECT_GE(H5Aread(a, native, &v), 0);
  return v;
}

/// A fresh directory per test (ctest runs tests in parallel processes).
class OutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("innosim_output_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  fs::path dir_;
};

ScenarioSpec small_spec(const std::string& name = "s", std::int64_t reps = 2) {
  ScenarioSpec s;
  s.name = name;
  s.yaml = "name: " + name + "\n";
  s.seed = 1;
  s.replications = reps;
  s.horizon_years = 1.0;
  s.time = {0.0, 1.0};
  s.metrics = {{"m", "count", "a metric", "stock", 0}};
  return s;
}

ReplicationSeries small_series(std::int64_t r) {
  return {.replication = r, .seed = 10 + static_cast<std::uint64_t>(r), .wall_seconds = 0.0,
          .values = {{1.0 * static_cast<double>(r), 2.0}}};
}

}  // namespace

TEST(Sha256, Fips180Vectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // 55, 56 and 64 bytes: the padding boundary cases.
  EXPECT_EQ(sha256_hex(std::string(55, 'a')), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(sha256_hex(std::string(56, 'a')), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(sha256_hex(std::string(64, 'a')), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST_F(OutputTest, WritesTheSchemaAsSpecified) {
  const fs::path path = dir_ / "out.h5";
  syn::write(path, false, {2, 0, 1}, "innosim run 江门.yaml");
  EXPECT_EQ(files(), std::vector<std::string>{"out.h5"});  // no temporary left beside it

  Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  // Root attributes.
  EXPECT_EQ(raw_string_attr(file, "filetype"), "innosim-results");
  {
    Id a(H5Aopen(file, "format_version", H5P_DEFAULT));
    Id space(H5Aget_space(a));
    ASSERT_EQ(H5Sget_simple_extent_npoints(space), 2);
    Id t(H5Aget_type(a));
    EXPECT_EQ(H5Tget_class(t), H5T_INTEGER);
    int v[2] = {-1, -1};
    ASSERT_GE(H5Aread(a, H5T_NATIVE_INT, v), 0);
    EXPECT_EQ(v[0], 1);
    EXPECT_EQ(v[1], innosim::output::kFormatMinor);
  }
  EXPECT_EQ(raw_string_attr(file, "innosim_version"), innosim::VERSION);
  EXPECT_EQ(raw_string_attr(file, "git_sha1"), innosim::GIT_SHA1);
  EXPECT_TRUE(std::regex_match(raw_string_attr(file, "created_utc"),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  EXPECT_EQ(raw_string_attr(file, "command_line"), "innosim run 江门.yaml");
  EXPECT_EQ(raw_scalar_attr<int>(file, "n_ranks", H5T_NATIVE_INT, H5T_STD_I32LE), 1);

  // Scenario group attributes; the Chinese group name round-trips.
  const std::string group = "/scenarios/" + syn::kScenarioA;
  ASSERT_GT(H5Lexists(file, "/scenarios", H5P_DEFAULT), 0);
  ASSERT_GT(H5Lexists(file, group.c_str(), H5P_DEFAULT), 0);
  Id g(H5Gopen2(file, group.c_str(), H5P_DEFAULT));
  EXPECT_EQ(raw_string_attr(g, "scenario_yaml"), syn::yaml_a());
  EXPECT_EQ(raw_string_attr(g, "scenario_sha256"), sha256_hex(syn::yaml_a()));
  EXPECT_EQ(raw_scalar_attr<std::uint64_t>(g, "seed", H5T_NATIVE_UINT64, H5T_STD_U64LE), syn::kSeedA);
  EXPECT_EQ(raw_scalar_attr<std::int64_t>(g, "replications", H5T_NATIVE_INT64, H5T_STD_I64LE), syn::kRepsA);
  EXPECT_EQ(raw_scalar_attr<double>(g, "horizon_years", H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE), 2.0);

  // Time grid.
  {
    Id d(H5Dopen2(g, "time", H5P_DEFAULT));
    Id t(H5Dget_type(d));
    EXPECT_GT(H5Tequal(t, H5T_IEEE_F64LE), 0);
    std::vector<double> time(syn::kTimesA);
    Id space(H5Dget_space(d));
    ASSERT_EQ(H5Sget_simple_extent_npoints(space), syn::kTimesA);
    ASSERT_GE(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, time.data()), 0);
    for (int i = 0; i < syn::kTimesA; ++i) EXPECT_EQ(time[i], syn::time_a(i));
    EXPECT_EQ(raw_string_attr(d, "unit"), "years");
  }
  // Format 1.2: calendar years and dates (the grid is every six months from 1 January 2025).
  {
    EXPECT_EQ(raw_scalar_attr<std::int64_t>(g, "start_year", H5T_NATIVE_INT64, H5T_STD_I64LE), 2025);
    Id d(H5Dopen2(g, "calendar_year", H5P_DEFAULT));
    std::vector<double> years(syn::kTimesA);
    ASSERT_GE(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, years.data()), 0);
    for (int i = 0; i < syn::kTimesA; ++i) EXPECT_EQ(years[i], 2025.0 + syn::time_a(i));
    Id dd(H5Dopen2(g, "date", H5P_DEFAULT));
    Id str(H5Tcopy(H5T_C_S1));
    H5Tset_size(str, H5T_VARIABLE);
    H5Tset_cset(str, H5T_CSET_UTF8);
    std::vector<char*> dates(syn::kTimesA);
    ASSERT_GE(H5Dread(dd, str, H5S_ALL, H5S_ALL, H5P_DEFAULT, dates.data()), 0);
    const char* want[] = {"2025-01-01", "2025-07-01", "2026-01-01", "2026-07-01", "2027-01-01"};
    for (int i = 0; i < syn::kTimesA; ++i) EXPECT_STREQ(dates[i], want[i]);
    Id space(H5Dget_space(dd));
    H5Dvlen_reclaim(str, space, H5P_DEFAULT, dates.data());
  }

  // Metric matrices [reps x T], rows indexed by replication whatever the arrival order.
  const auto metrics = syn::metrics_a();
  for (int m = 0; m < 2; ++m) {
    Id d(H5Dopen2(g, ("metrics/" + metrics[m].name).c_str(), H5P_DEFAULT));
    Id space(H5Dget_space(d));
    hsize_t dims[2] = {0, 0};
    ASSERT_EQ(H5Sget_simple_extent_ndims(space), 2);
    H5Sget_simple_extent_dims(space, dims, nullptr);
    EXPECT_EQ(dims[0], static_cast<hsize_t>(syn::kRepsA));
    EXPECT_EQ(dims[1], static_cast<hsize_t>(syn::kTimesA));
    std::vector<double> v(syn::kRepsA * syn::kTimesA);
    ASSERT_GE(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), 0);
    for (int r = 0; r < syn::kRepsA; ++r)
      for (int t = 0; t < syn::kTimesA; ++t) EXPECT_EQ(v[r * syn::kTimesA + t], syn::value_a(m, r, t));
    EXPECT_EQ(raw_string_attr(d, "unit"), metrics[m].unit);
    EXPECT_EQ(raw_string_attr(d, "description"), metrics[m].description);
    EXPECT_EQ(raw_string_attr(d, "kind"), metrics[m].kind);  // format 1.2
    std::int64_t period = -1;
    Id pa(H5Aopen(d, "period_months", H5P_DEFAULT));
    ASSERT_GE(H5Aread(pa, H5T_NATIVE_INT64, &period), 0);
    EXPECT_EQ(period, metrics[m].period_months);
  }

  // Summary: independent Welford + Student t, and a two-pass check.
  struct Row {
    double time, mean, sd, ci_low, ci_high;
    std::int64_t n;
    double p5, p25, p50, p75, p95;  // format 1.2
  };
  Id row_type(H5Tcreate(H5T_COMPOUND, sizeof(Row)));
  H5Tinsert(row_type, "time", HOFFSET(Row, time), H5T_NATIVE_DOUBLE);
  H5Tinsert(row_type, "mean", HOFFSET(Row, mean), H5T_NATIVE_DOUBLE);
  H5Tinsert(row_type, "sd", HOFFSET(Row, sd), H5T_NATIVE_DOUBLE);
  H5Tinsert(row_type, "ci_low", HOFFSET(Row, ci_low), H5T_NATIVE_DOUBLE);
  H5Tinsert(row_type, "ci_high", HOFFSET(Row, ci_high), H5T_NATIVE_DOUBLE);
  H5Tinsert(row_type, "n", HOFFSET(Row, n), H5T_NATIVE_INT64);
  H5Tinsert(row_type, "p5", HOFFSET(Row, p5), H5T_NATIVE_DOUBLE);
  H5Tinsert(row_type, "p25", HOFFSET(Row, p25), H5T_NATIVE_DOUBLE);
  H5Tinsert(row_type, "p50", HOFFSET(Row, p50), H5T_NATIVE_DOUBLE);
  H5Tinsert(row_type, "p75", HOFFSET(Row, p75), H5T_NATIVE_DOUBLE);
  H5Tinsert(row_type, "p95", HOFFSET(Row, p95), H5T_NATIVE_DOUBLE);
  const double t975_df2 = 4.302652729749464;  // Student t quantile 0.975, 2 degrees of freedom
  for (int m = 0; m < 2; ++m) {
    Id d(H5Dopen2(g, ("summary/" + metrics[m].name).c_str(), H5P_DEFAULT));
    std::vector<Row> rows(syn::kTimesA);
    ASSERT_GE(H5Dread(d, row_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), 0);
    EXPECT_EQ(raw_string_attr(d, "unit"), metrics[m].unit);
    for (int t = 0; t < syn::kTimesA; ++t) {
      innosim::engine::Welford w;
      double sum = 0.0;
      for (int r = 0; r < syn::kRepsA; ++r) {
        w.add(syn::value_a(m, r, t));
        sum += syn::value_a(m, r, t);
      }
      const auto ci = innosim::engine::confidence_interval(w, 0.95);
      EXPECT_EQ(rows[t].time, syn::time_a(t));
      EXPECT_EQ(rows[t].mean, ci.mean);
      EXPECT_EQ(rows[t].sd, ci.sd);
      EXPECT_EQ(rows[t].ci_low, ci.low);
      EXPECT_EQ(rows[t].ci_high, ci.high);
      EXPECT_EQ(rows[t].n, syn::kRepsA);
      const double mean = sum / syn::kRepsA;
      double ss = 0.0;
      for (int r = 0; r < syn::kRepsA; ++r) ss += (syn::value_a(m, r, t) - mean) * (syn::value_a(m, r, t) - mean);
      const double sd = std::sqrt(ss / (syn::kRepsA - 1));
      const double half = t975_df2 * sd / std::sqrt(3.0);
      EXPECT_NEAR(rows[t].mean, mean, 1e-12 * std::abs(mean));
      EXPECT_NEAR(rows[t].sd, sd, 1e-9 + 1e-12 * sd);
      EXPECT_NEAR(rows[t].ci_low, mean - half, 1e-9 * (1 + std::abs(mean)));
      EXPECT_NEAR(rows[t].ci_high, mean + half, 1e-9 * (1 + std::abs(mean)));
      // Percentiles of the three replications (increasing in r): type-7 interpolation.
      const double v0 = syn::value_a(m, 0, t), v1 = syn::value_a(m, 1, t), v2 = syn::value_a(m, 2, t);
      EXPECT_DOUBLE_EQ(rows[t].p5, v0 + 0.1 * (v1 - v0));
      EXPECT_DOUBLE_EQ(rows[t].p25, v0 + 0.5 * (v1 - v0));
      EXPECT_DOUBLE_EQ(rows[t].p50, v1);
      EXPECT_DOUBLE_EQ(rows[t].p75, v1 + 0.5 * (v2 - v1));
      EXPECT_DOUBLE_EQ(rows[t].p95, v1 + 0.9 * (v2 - v1));
    }
  }

  // Firm panel: chunked, shuffled + deflated, unlimited, more than one chunk; stage enum codes.
  {
    Id d(H5Dopen2(g, "firms", H5P_DEFAULT));
    Id space(H5Dget_space(d));
    hsize_t dims = 0, maxdims = 0;
    H5Sget_simple_extent_dims(space, &dims, &maxdims);
    EXPECT_EQ(dims, static_cast<hsize_t>(syn::kRepsA * syn::kTimesA * syn::kFirmsPerSnapshot));
    EXPECT_EQ(maxdims, H5S_UNLIMITED);
    Id dcpl(H5Dget_create_plist(d));
    EXPECT_EQ(H5Pget_layout(dcpl), H5D_CHUNKED);
    hsize_t chunk = 0;
    H5Pget_chunk(dcpl, 1, &chunk);
    EXPECT_EQ(chunk, syn::kPanelBlock);
    EXPECT_GT(dims, 4 * chunk);
    hsize_t n_chunks = 0;
    ASSERT_GE(H5Dget_num_chunks(d, space, &n_chunks), 0);
    EXPECT_EQ(n_chunks, (dims + chunk - 1) / chunk);
    bool deflate = false;
    for (int i = 0; i < H5Pget_nfilters(dcpl); ++i) {
      unsigned flags = 0;
      size_t nelmts = 0;
      unsigned cd[4];
      if (H5Pget_filter2(dcpl, static_cast<unsigned>(i), &flags, &nelmts, cd, 0, nullptr, nullptr) ==
          H5Z_FILTER_DEFLATE)
        deflate = true;
    }
    EXPECT_TRUE(deflate);
    Id type(H5Dget_type(d));
    EXPECT_EQ(H5Tget_nmembers(type), 16);  // 1.3: birth_time
    const int idx = H5Tget_member_index(type, "stage");
    ASSERT_GE(idx, 0);
    Id stage(H5Tget_member_type(type, static_cast<unsigned>(idx)));
    ASSERT_EQ(H5Tget_class(stage), H5T_ENUM);
    const char* names[] = {"startup", "tech_sme", "high_tech", "gazelle", "unicorn"};
    for (std::int8_t code = 0; code < 5; ++code) {
      std::int8_t v = -1;
      ASSERT_GE(H5Tenum_valueof(stage, names[code], &v), 0);
      EXPECT_EQ(v, code) << names[code];
    }
    const std::pair<const char*, hid_t> fields[] = {
        {"replication", H5T_STD_I32LE}, {"time", H5T_IEEE_F64LE},     {"firm_id", H5T_STD_I64LE},
        {"sector", H5T_STD_I16LE},      {"employees", H5T_IEEE_F64LE}, {"incubated", H5T_STD_U8LE},
        {"alive", H5T_STD_U8LE},        {"birth_time", H5T_IEEE_F64LE}};
    for (const auto& [name, expected] : fields) {
      const int i = H5Tget_member_index(type, name);
      ASSERT_GE(i, 0) << name;
      Id mt(H5Tget_member_type(type, static_cast<unsigned>(i)));
      EXPECT_GT(H5Tequal(mt, expected), 0) << name;
    }
  }
  // Event log: kind enum with the declared codes, UTF-8 detail.
  {
    Id d(H5Dopen2(g, "events", H5P_DEFAULT));
    Id type(H5Dget_type(d));
    Id kind(H5Tget_member_type(type, static_cast<unsigned>(H5Tget_member_index(type, "kind"))));
    ASSERT_EQ(H5Tget_class(kind), H5T_ENUM);
    for (const EventKind& k : syn::event_kinds()) {
      std::int16_t v = -1;
      ASSERT_GE(H5Tenum_valueof(kind, k.name.c_str(), &v), 0);
      EXPECT_EQ(v, k.code) << k.name;
    }
    Id detail(H5Tget_member_type(type, static_cast<unsigned>(H5Tget_member_index(type, "detail"))));
    EXPECT_GT(H5Tis_variable_str(detail), 0);
    EXPECT_EQ(H5Tget_cset(detail), H5T_CSET_UTF8);
  }
  // /runs: scenario then replication order, seeds and statuses.
  {
    struct Run {
      char* scenario;
      std::int64_t replication;
      std::uint64_t seed;
      char* status;
      double wall_seconds;
    };
    Id str(H5Tcopy(H5T_C_S1));
    H5Tset_size(str, H5T_VARIABLE);
    H5Tset_cset(str, H5T_CSET_UTF8);
    Id rt(H5Tcreate(H5T_COMPOUND, sizeof(Run)));
    H5Tinsert(rt, "scenario", HOFFSET(Run, scenario), str);
    H5Tinsert(rt, "replication", HOFFSET(Run, replication), H5T_NATIVE_INT64);
    H5Tinsert(rt, "seed", HOFFSET(Run, seed), H5T_NATIVE_UINT64);
    H5Tinsert(rt, "status", HOFFSET(Run, status), str);
    H5Tinsert(rt, "wall_seconds", HOFFSET(Run, wall_seconds), H5T_NATIVE_DOUBLE);
    Id d(H5Dopen2(file, "runs", H5P_DEFAULT));
    Id space(H5Dget_space(d));
    ASSERT_EQ(H5Sget_simple_extent_npoints(space), 5);
    std::vector<Run> runs(5);
    ASSERT_GE(H5Dread(d, rt, H5S_ALL, H5S_ALL, H5P_DEFAULT, runs.data()), 0);
    for (int r = 0; r < 3; ++r) {
      EXPECT_EQ(std::string(runs[r].scenario), syn::kScenarioA);
      EXPECT_EQ(runs[r].replication, r);
      EXPECT_EQ(runs[r].seed, syn::rep_seed(syn::kSeedA, r));
      EXPECT_EQ(std::string(runs[r].status), "ok");
      EXPECT_EQ(runs[r].wall_seconds, 0.5 + r);
    }
    EXPECT_EQ(std::string(runs[3].scenario), "baseline");
    EXPECT_EQ(std::string(runs[3].status), "ok");
    EXPECT_EQ(std::string(runs[4].status), "failed: 模型错误 negative cash");
    H5Dvlen_reclaim(rt, space, H5P_DEFAULT, runs.data());
  }
}

TEST_F(OutputTest, ReadsBackThroughTheReader) {
  const fs::path path = dir_ / "out.h5";
  syn::write(path, false);
  ResultsReader in(path);
  EXPECT_EQ(in.header().format_version[0], 1);
  EXPECT_EQ(in.header().format_version[1], innosim::output::kFormatMinor);
  EXPECT_EQ(in.header().innosim_version, innosim::VERSION);
  EXPECT_EQ(in.header().n_ranks, 1);
  ASSERT_EQ(in.scenarios().size(), 2u);
  EXPECT_EQ(in.scenarios()[0].name, syn::kScenarioA);  // creation order, not name order
  EXPECT_EQ(in.scenarios()[1].name, "baseline");
  const ScenarioHeader& a = in.scenario(syn::kScenarioA);
  EXPECT_EQ(a.seed, syn::kSeedA);
  EXPECT_EQ(a.replications, syn::kRepsA);
  EXPECT_EQ(a.horizon_years, 2.0);
  EXPECT_EQ(a.n_time, static_cast<std::size_t>(syn::kTimesA));
  EXPECT_EQ(a.yaml, syn::yaml_a());
  ASSERT_EQ(a.metrics.size(), 2u);
  EXPECT_EQ(a.metrics[0].name, "firms_alive");
  EXPECT_EQ(a.metrics[0].description, "存活企业数 (live firms)");
  EXPECT_EQ(a.metrics[1].unit, "yuan");
  EXPECT_EQ(a.start_year, std::optional<std::int64_t>(2025));  // format 1.2
  EXPECT_FALSE(in.scenario("baseline").start_year.has_value());
  EXPECT_EQ(a.metrics[0].kind, "stock");
  EXPECT_EQ(a.metrics[1].kind, "flow");
  EXPECT_EQ(a.metrics[1].period_months, 3);
  EXPECT_EQ(a.firm_rows, std::optional<std::uint64_t>(300));
  EXPECT_EQ(a.event_rows, std::optional<std::uint64_t>(30));
  EXPECT_FALSE(in.scenario("baseline").firm_rows.has_value());
  EXPECT_THROW(in.scenario("nope"), innosim::ConfigError);
  EXPECT_THROW(in.metric(syn::kScenarioA, "nope"), innosim::ConfigError);

  const MetricMatrix m = in.metric(syn::kScenarioA, "vc_invested");
  ASSERT_EQ(m.rows, 3u);
  ASSERT_EQ(m.cols, 5u);
  for (int r = 0; r < 3; ++r)
    for (int t = 0; t < 5; ++t) EXPECT_EQ(m.at(r, t), syn::value_a(1, r, t));
  EXPECT_EQ(in.time(syn::kScenarioA)[4], syn::time_a(4));

  // Scenario B: replication 1 failed, so its row is NaN and n = 1 (sd and CI NaN).
  const MetricMatrix b = in.metric("baseline", "firms_alive");
  EXPECT_EQ(b.at(0, 2), syn::value_b(0, 2));
  EXPECT_TRUE(std::isnan(b.at(1, 0)));
  const auto sb = in.summary("baseline", "firms_alive");
  ASSERT_EQ(sb.size(), 3u);
  EXPECT_EQ(sb[1].n, 1);
  EXPECT_EQ(sb[1].mean, syn::value_b(0, 1));
  EXPECT_TRUE(std::isnan(sb[1].sd));
  EXPECT_TRUE(std::isnan(sb[1].ci_low));

  const auto runs = in.runs();
  ASSERT_EQ(runs.size(), 5u);
  EXPECT_EQ(std::count_if(runs.begin(), runs.end(), [](const RunRecord& r) { return !r.ok(); }), 1);

  // Firm panel rows: arrival order (replications 2, 0, 1), values by formula.
  std::vector<FirmRecord> firms;
  std::size_t blocks = 0;
  in.read_firms(
      syn::kScenarioA,
      [&](std::span<const FirmRecord> rows) {
        ++blocks;
        firms.insert(firms.end(), rows.begin(), rows.end());
      },
      100);
  EXPECT_EQ(blocks, 3u);
  ASSERT_EQ(firms.size(), 300u);
  std::size_t k = 0;
  for (int r : {2, 0, 1})
    for (int t = 0; t < syn::kTimesA; ++t)
      for (int i = 0; i < syn::kFirmsPerSnapshot; ++i, ++k) {
        const FirmRecord e = syn::firm(r, t, i);
        const FirmRecord& g = firms[k];
        ASSERT_EQ(g.replication, e.replication);
        EXPECT_EQ(g.time, e.time);
        EXPECT_EQ(g.firm_id, e.firm_id);
        EXPECT_EQ(g.stage, e.stage);
        EXPECT_EQ(g.sector, e.sector);
        EXPECT_EQ(g.employees, e.employees);
        EXPECT_EQ(g.revenue, e.revenue);
        EXPECT_EQ(g.rd_spending, e.rd_spending);
        EXPECT_EQ(g.cash, e.cash);
        EXPECT_EQ(g.debt, e.debt);
        EXPECT_EQ(g.productivity, e.productivity);
        EXPECT_EQ(g.incubated, e.incubated);
        EXPECT_EQ(g.insured, e.insured);
        EXPECT_EQ(g.vc_backed, e.vc_backed);
        EXPECT_EQ(g.alive, e.alive);
      }

  const auto kinds = in.event_kinds(syn::kScenarioA);
  ASSERT_EQ(kinds.size(), 4u);
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    EXPECT_EQ(kinds[i].name, syn::event_kinds()[i].name);
    EXPECT_EQ(kinds[i].code, syn::event_kinds()[i].code);
  }
  std::vector<EventRecord> events;
  in.read_events(syn::kScenarioA, [&](std::span<const EventRecord> rows) {
    events.insert(events.end(), rows.begin(), rows.end());
  });
  ASSERT_EQ(events.size(), 30u);
  k = 0;
  for (int r : {2, 0, 1})
    for (int j = 0; j < syn::kEventsPerRep; ++j, ++k) {
      const EventRecord e = syn::event(r, j);
      EXPECT_EQ(events[k].replication, e.replication);
      EXPECT_EQ(events[k].time, e.time);
      EXPECT_EQ(events[k].firm_id, e.firm_id);
      EXPECT_EQ(events[k].kind, e.kind);
      EXPECT_EQ(events[k].amount, e.amount);
      EXPECT_EQ(events[k].detail, e.detail);
    }
  EXPECT_THROW(in.read_events("baseline", [](std::span<const EventRecord>) {}), innosim::ConfigError);
}

TEST_F(OutputTest, ContentIndependentOfReplicationOrder) {
  const std::vector<std::vector<int>> orders = {{0, 1, 2}, {2, 0, 1}, {1, 2, 0}};
  std::vector<std::vector<double>> matrices;
  std::vector<std::vector<SummaryRow>> summaries;
  std::vector<std::vector<RunRecord>> runs;
  for (std::size_t o = 0; o < orders.size(); ++o) {
    const fs::path path = dir_ / ("order" + std::to_string(o) + ".h5");
    syn::write(path, false, orders[o]);
    ResultsReader in(path);
    std::vector<double> all;
    std::vector<SummaryRow> sums;
    for (const char* m : {"firms_alive", "vc_invested"}) {
      const auto mm = in.metric(syn::kScenarioA, m);
      all.insert(all.end(), mm.values.begin(), mm.values.end());
      const auto s = in.summary(syn::kScenarioA, m);
      sums.insert(sums.end(), s.begin(), s.end());
    }
    matrices.push_back(all);
    summaries.push_back(sums);
    runs.push_back(in.runs());
  }
  for (std::size_t o = 1; o < orders.size(); ++o) {
    ASSERT_EQ(matrices[o].size(), matrices[0].size());
    EXPECT_EQ(std::memcmp(matrices[o].data(), matrices[0].data(), matrices[0].size() * sizeof(double)), 0);
    ASSERT_EQ(summaries[o].size(), summaries[0].size());
    EXPECT_EQ(std::memcmp(summaries[o].data(), summaries[0].data(), summaries[0].size() * sizeof(SummaryRow)), 0)
        << "summary must be bit-identical whatever the finishing order";
    ASSERT_EQ(runs[o].size(), runs[0].size());
    for (std::size_t i = 0; i < runs[0].size(); ++i) {
      EXPECT_EQ(runs[o][i].scenario, runs[0][i].scenario);
      EXPECT_EQ(runs[o][i].replication, runs[0][i].replication);
      EXPECT_EQ(runs[o][i].seed, runs[0][i].seed);
      EXPECT_EQ(runs[o][i].status, runs[0][i].status);
    }
  }
}

TEST_F(OutputTest, ConcurrentReplicationsFromThreads) {
  const fs::path path = dir_ / "threads.h5";
  {
    ResultsWriter out(path, {});
    ScenarioWriter& s = out.add_scenario(syn::spec_a());
    FirmPanelWriter& firms = s.firm_panel({.block_rows = 16, .deflate_level = 1});
    std::vector<std::thread> workers;
    for (int r = 0; r < syn::kRepsA; ++r)
      workers.emplace_back([&, r] {
        for (int t = 0; t < syn::kTimesA; ++t)
          for (int i = 0; i < syn::kFirmsPerSnapshot; ++i) firms.append(syn::firm(r, t, i));
        s.write_replication(syn::series_a(r));
      });
    for (std::thread& w : workers) w.join();
    out.commit();
  }
  ResultsReader in(path);
  const auto m = in.metric(syn::kScenarioA, "firms_alive");
  for (int r = 0; r < syn::kRepsA; ++r)
    for (int t = 0; t < syn::kTimesA; ++t) EXPECT_EQ(m.at(r, t), syn::value_a(0, r, t));
  std::size_t n = 0;
  std::vector<int> per_rep(syn::kRepsA, 0);
  in.read_firms(syn::kScenarioA, [&](std::span<const FirmRecord> rows) {
    n += rows.size();
    for (const FirmRecord& f : rows) ++per_rep[f.replication];
  });
  EXPECT_EQ(n, 300u);
  for (int c : per_rep) EXPECT_EQ(c, syn::kTimesA * syn::kFirmsPerSnapshot);
}

TEST_F(OutputTest, PanelMemoryIsBoundedByOneBlock) {
  ResultsWriter out(dir_ / "panel.h5", {});
  ScenarioWriter& s = out.add_scenario(small_spec("s", 1));
  FirmPanelWriter& firms = s.firm_panel({.block_rows = 50, .deflate_level = 1});
  EventLogWriter& events = s.event_log({{"loan", 0}}, {.block_rows = 7, .deflate_level = 1});
  for (int i = 0; i < 1234; ++i) {
    FirmRecord f;
    f.firm_id = i;
    firms.append(f);
    EXPECT_LT(firms.rows_buffered(), 50u);
    EXPECT_EQ(firms.rows_written() + firms.rows_buffered(), static_cast<std::uint64_t>(i + 1));
    events.append({.replication = 0, .time = 0.0, .firm_id = i, .kind = 0, .amount = 1.0, .detail = "x"});
    EXPECT_LT(events.rows_buffered(), 7u);
  }
  EXPECT_EQ(firms.rows_written(), 1200u);
  firms.flush();
  EXPECT_EQ(firms.rows_written(), 1234u);
  EXPECT_EQ(firms.rows_buffered(), 0u);
  s.write_replication(small_series(0));
  out.commit();
  ResultsReader in(dir_ / "panel.h5");
  EXPECT_EQ(in.scenario("s").firm_rows, std::optional<std::uint64_t>(1234));
  EXPECT_EQ(in.scenario("s").event_rows, std::optional<std::uint64_t>(1234));
}

TEST_F(OutputTest, ExitsTableRoundTrip) {
  // Format 1.3: the exits table's types (cause and stage enums) and every
  // field read back; an invalid cause is refused, as HDF5 would store -1.
  const fs::path path = dir_ / "exits.h5";
  {
    ResultsWriter out(path, {});
    ScenarioWriter& s = out.add_scenario(small_spec("s", 2));
    ExitTableWriter& exits = s.exit_table({.block_rows = 3, .deflate_level = 1});
    std::vector<ExitRecord> rows;
    for (int i = 0; i < 10; ++i) {
      ExitRecord e;
      e.replication = i % 2;
      e.time = 0.25 * i;
      e.firm_id = 100 + i;
      e.cause = kExitCauses[static_cast<std::size_t>(i % 3)];
      e.birth_time = -1.5 + 0.1 * i;
      e.age = e.time - e.birth_time;
      e.sector = static_cast<std::int16_t>(i);
      e.stage = kFirmStages[static_cast<std::size_t>(i % 5)];
      e.employees = 3.0 + i;
      e.loan_default = i % 4 == 0;
      rows.push_back(e);
    }
    exits.append(rows);
    EXPECT_EQ(exits.rows_written(), 9u);  // three full blocks of 3, one row buffered
    ExitRecord bad;
    bad.cause = static_cast<ExitCause>(0);
    EXPECT_THROW(exits.append(std::span<const ExitRecord>(&bad, 1)), innosim::InternalError);
    EXPECT_THROW(s.exit_table(), innosim::InternalError);
    s.write_replication(small_series(0));
    s.write_replication(small_series(1));
    out.commit();
  }
  {
    Id f(H5Fopen(path.string().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    Id d(H5Dopen2(f, "/scenarios/s/exits", H5P_DEFAULT));
    Id type(H5Dget_type(d));
    EXPECT_EQ(H5Tget_nmembers(type), 10);
    Id cause(H5Tget_member_type(type, static_cast<unsigned>(H5Tget_member_index(type, "cause"))));
    ASSERT_EQ(H5Tget_class(cause), H5T_ENUM);
    const std::pair<const char*, std::int8_t> codes[] = {{"closure", 1}, {"borrower_default", 2}, {"insolvency", 3}};
    for (const auto& [name, code] : codes) {
      std::int8_t v = -1;
      ASSERT_GE(H5Tenum_valueof(cause, name, &v), 0) << name;
      EXPECT_EQ(v, code) << name;
    }
  }
  ResultsReader in(path);
  EXPECT_EQ(in.scenario("s").exit_rows, std::optional<std::uint64_t>(10));
  std::vector<ExitRecord> back;
  in.read_exits("s", [&](std::span<const ExitRecord> b) { back.insert(back.end(), b.begin(), b.end()); }, 4);
  ASSERT_EQ(back.size(), 10u);
  for (int i = 0; i < 10; ++i) {
    const ExitRecord& e = back[static_cast<std::size_t>(i)];
    EXPECT_EQ(e.replication, i % 2);
    EXPECT_EQ(e.time, 0.25 * i);
    EXPECT_EQ(e.firm_id, 100 + i);
    EXPECT_EQ(e.cause, kExitCauses[static_cast<std::size_t>(i % 3)]);
    EXPECT_EQ(e.birth_time, -1.5 + 0.1 * i);
    EXPECT_EQ(e.age, e.time - e.birth_time);
    EXPECT_EQ(e.sector, i);
    EXPECT_EQ(e.stage, kFirmStages[static_cast<std::size_t>(i % 5)]);
    EXPECT_EQ(e.employees, 3.0 + i);
    EXPECT_EQ(e.loan_default, i % 4 == 0);
  }
  EXPECT_FALSE(in.scenario("s").firm_rows.has_value());
}

TEST_F(OutputTest, RefusesExistingTargetUnlessForced) {
  const fs::path path = dir_ / "existing.h5";
  { std::ofstream(path) << "precious"; }
  try {
    ResultsWriter out(path, {});
    FAIL() << "expected ConfigError";
  } catch (const innosim::ConfigError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path.string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("--force"), std::string::npos) << msg;
  }
  EXPECT_EQ(files(), std::vector<std::string>{"existing.h5"});
  {
    std::ifstream in(path);
    std::string content;
    in >> content;
    EXPECT_EQ(content, "precious");
  }
  syn::write(path, true);  // force: overwritten on commit
  EXPECT_EQ(files(), std::vector<std::string>{"existing.h5"});
  ResultsReader in(path);
  EXPECT_EQ(in.scenarios().size(), 2u);
}

TEST_F(OutputTest, TargetCreatedDuringTheRunIsNotClobbered) {
  const fs::path path = dir_ / "late.h5";
  {
    ResultsWriter out(path, {});
    ScenarioWriter& s = out.add_scenario(small_spec("s", 1));
    s.write_replication(small_series(0));
    { std::ofstream(path) << "someone else's"; }
    EXPECT_THROW(out.commit(), innosim::ConfigError);
  }
  EXPECT_EQ(files(), std::vector<std::string>{"late.h5"});  // theirs kept, our temporary removed
  std::ifstream in(path);
  std::string word;
  in >> word;
  EXPECT_EQ(word, "someone");
}

TEST_F(OutputTest, DestroyedWithoutCommitLeavesNothing) {
  const fs::path path = dir_ / "abandoned.h5";
  {
    ResultsWriter out(path, {});
    ScenarioWriter& s = out.add_scenario(syn::spec_a());
    FirmPanelWriter& firms = s.firm_panel({.block_rows = 8, .deflate_level = 1});
    for (int i = 0; i < 100; ++i) firms.append(syn::firm(0, 0, i % 20));
    s.write_replication(syn::series_a(0));
    EXPECT_TRUE(fs::exists(out.temporary()));
    EXPECT_EQ(out.temporary().parent_path(), path.parent_path());  // beside the target: rename stays atomic
    EXPECT_EQ(out.temporary().filename().string(), "abandoned.h5.tmp-" + std::to_string(::getpid()));
    EXPECT_FALSE(fs::exists(path));
  }
  EXPECT_TRUE(files().empty());

  // The same when an exception unwinds through the writer.
  EXPECT_THROW(
      {
        ResultsWriter out(path, {});
        out.add_scenario(small_spec()).write_replication(small_series(0));
        throw std::runtime_error("model failed");
      },
      std::runtime_error);
  EXPECT_TRUE(files().empty());
}

TEST_F(OutputTest, CommitNeedsEveryReplication) {
  const fs::path path = dir_ / "partial.h5";
  {
    ResultsWriter out(path, {});
    ScenarioWriter& s = out.add_scenario(small_spec("s", 3));
    s.write_replication(small_series(1));
    try {
      out.commit();
      FAIL() << "expected InternalError";
    } catch (const innosim::InternalError& e) {
      EXPECT_NE(std::string(e.what()).find("2 replication(s) never reported (0, 2)"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(out.committed());
  }
  EXPECT_TRUE(files().empty());
}

TEST_F(OutputTest, RejectsMisuse) {
  ResultsWriter out(dir_ / "misuse.h5", {});
  EXPECT_THROW(out.add_scenario(small_spec("a/b")), innosim::ConfigError);
  EXPECT_THROW(out.add_scenario(small_spec("")), innosim::ConfigError);
  EXPECT_THROW(out.add_scenario(small_spec("..")), innosim::ConfigError);
  ScenarioSpec bad = small_spec("bad");
  bad.time = {0.0, 0.0};
  EXPECT_THROW(out.add_scenario(bad), innosim::ConfigError);
  bad = small_spec("bad");
  bad.metrics.push_back(bad.metrics[0]);
  EXPECT_THROW(out.add_scenario(bad), innosim::ConfigError);
  bad = small_spec("bad", 0);
  EXPECT_THROW(out.add_scenario(bad), innosim::ConfigError);

  ScenarioWriter& s = out.add_scenario(small_spec("s", 2));
  EXPECT_THROW(out.add_scenario(small_spec("s")), innosim::ConfigError);
  EXPECT_THROW(s.write_replication(small_series(2)), innosim::InternalError);  // out of range
  ReplicationSeries wrong = small_series(0);
  wrong.values[0].pop_back();
  EXPECT_THROW(s.write_replication(wrong), innosim::InternalError);  // wrong length
  wrong = small_series(0);
  wrong.values.push_back({1.0, 2.0});
  EXPECT_THROW(s.write_replication(wrong), innosim::InternalError);  // too many metrics
  s.write_replication(small_series(0));
  EXPECT_THROW(s.write_replication(small_series(0)), innosim::InternalError);  // twice
  EXPECT_THROW(s.record_failure(0, 1, "x", 0.0), innosim::InternalError);
  EXPECT_EQ(s.replications_reported(), 1);

  EXPECT_THROW(s.event_log({}), innosim::InternalError);
  EXPECT_THROW(s.event_log({{"a", 1}, {"b", 1}}), innosim::InternalError);
  EXPECT_THROW(s.event_log({{"a", 1}, {"a", 2}}), innosim::InternalError);
  EventLogWriter& log = s.event_log({{"a", 1}});
  EXPECT_THROW(s.event_log({{"a", 1}}), innosim::InternalError);
  EXPECT_THROW(log.append({.replication = 0, .time = 0, .firm_id = 0, .kind = 2, .amount = 0, .detail = ""}),
               innosim::InternalError);
  EXPECT_THROW(log.append({.replication = 5, .time = 0, .firm_id = 0, .kind = 1, .amount = 0, .detail = ""}),
               innosim::InternalError);
  FirmPanelWriter& firms = s.firm_panel();
  EXPECT_THROW(s.firm_panel(), innosim::InternalError);
  FirmRecord f;
  f.replication = -1;
  EXPECT_THROW(firms.append(f), innosim::InternalError);
  f.replication = 0;
  f.stage = static_cast<FirmStage>(5);
  EXPECT_THROW(firms.append(f), innosim::InternalError);
  EXPECT_EQ(firms.rows_buffered(), 0u);

  s.record_failure(1, 11, "boom", 0.5);
  out.commit();
  EXPECT_TRUE(out.committed());
  EXPECT_THROW(s.write_replication(small_series(0)), innosim::InternalError);  // after commit
  EXPECT_THROW(out.commit(), innosim::InternalError);
  EXPECT_THROW(firms.append(FirmRecord{}), innosim::InternalError);
}

// The summaries read only the rows of replications that ran and succeeded
// (session 20: `run --replication r` of 100,000 read every NaN row). With
// failures between successes the rows read are several runs of
// replications, and the summary is that of the successful ones, in order.
TEST_F(OutputTest, SummariesSkipFailedReplicationsBetweenSuccessfulOnes) {
  const fs::path path = dir_ / "gaps.h5";
  {
    ResultsWriter out(path, {});
    ScenarioWriter& s = out.add_scenario(small_spec("s", 6));
    for (std::int64_t r : {0, 2, 3, 5}) s.write_replication(small_series(r));
    s.record_failure(1, 11, "boom", 0.5);
    s.record_failure(4, 14, "boom", 0.5);
    out.commit();
  }
  ResultsReader in(path);
  const auto sum = in.summary("s", "m");
  ASSERT_EQ(sum.size(), 2u);
  // Column 0 holds the replication number: 0, 2, 3 and 5 succeeded.
  EXPECT_EQ(sum[0].n, 4);
  EXPECT_DOUBLE_EQ(sum[0].mean, (0.0 + 2.0 + 3.0 + 5.0) / 4.0);
  EXPECT_DOUBLE_EQ(sum[0].p50, 2.5);
  EXPECT_EQ(sum[1].n, 4);
  EXPECT_EQ(sum[1].mean, 2.0);
  EXPECT_EQ(sum[1].sd, 0.0);
}

// A failure inside the HDF5 library that no system call caused (here: a table written twice under one
// name) says what failed and what to do; HDF5's own words follow on a line of their own (issue 15).
TEST_F(OutputTest, AnHdf5FailureSaysWhatFailedAndWhatToDo) {
  const fs::path path = dir_ / "twice.h5";
  ResultsWriter out(path, {});
  out.write_table("/extra/t", {{"x", std::vector<double>{1}}});
  try {
    out.write_table("/extra/t", {{"x", std::vector<double>{2}}});
    ADD_FAILURE() << "a second table under the same name was written";
  } catch (const innosim::IoError& e) {
    const std::string what = e.what();
    const std::size_t nl = what.find('\n');
    ASSERT_NE(nl, std::string::npos) << what;
    EXPECT_EQ(what.substr(0, nl), "cannot write '" + path.string() +
                                      "': the HDF5 library failed while writing it (the system reported no error: "
                                      "not a full disk or a missing permission); the results file is not written. "
                                      "Run the command again; if it fails the same way, report it with HDF5's detail");
    EXPECT_EQ(what.compare(nl, 18, "\n  HDF5's detail: "), 0) << what;
    EXPECT_EQ(what.find('\n', nl + 1), std::string::npos) << what;  // the detail is one line
  }
}

TEST_F(OutputTest, ReaderRefusesForeignFiles) {
  auto expect_refused = [](const fs::path& p, const std::string& fragment) {
    try {
      ResultsReader in(p);
      ADD_FAILURE() << p << " was accepted";
    } catch (const innosim::ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  expect_refused(dir_ / "missing.h5", "no such file");
  { std::ofstream(dir_ / "text.h5") << "not hdf5 at all"; }
  expect_refused(dir_ / "text.h5", "not an HDF5 file");

  auto make = [&](const char* name, const char* filetype, std::vector<int> version) {
    const fs::path p = dir_ / name;
    Id f(H5Fcreate(p.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    if (filetype) {
      Id t(H5Tcopy(H5T_C_S1));
      H5Tset_size(t, H5T_VARIABLE);
      Id space(H5Screate(H5S_SCALAR));
      Id a(H5Acreate2(f, "filetype", t, space, H5P_DEFAULT, H5P_DEFAULT));
      H5Awrite(a, t, &filetype);
    }
    if (!version.empty()) {
      const hsize_t n = version.size();
      Id space(H5Screate_simple(1, &n, nullptr));
      Id a(H5Acreate2(f, "format_version", H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT));
      H5Awrite(a, H5T_NATIVE_INT, version.data());
    }
    return p;
  };
  expect_refused(make("plain.h5", nullptr, {}), "not an innosim results file");
  expect_refused(make("other.h5", "something-else", {1, 0}), "filetype is 'something-else'");
  expect_refused(make("future.h5", "innosim-results", {2, 0}), "format version 2.0");
  expect_refused(make("noversion.h5", "innosim-results", {}), "format_version");
  // A newer minor version of the same major is readable (additions only).
  ResultsReader minor(make("minor.h5", "innosim-results", {1, 9}));
  EXPECT_EQ(minor.header().format_version[1], 9);
  EXPECT_TRUE(minor.scenarios().empty());
  EXPECT_TRUE(minor.runs().empty());
}

// Format 1.1: the generic pieces the experiment commands write (comparison
// tables, sweep design and result arrays, sweep runs with a `point` field).
TEST_F(OutputTest, TablesArraysAndSweepRuns) {
  const fs::path path = dir_ / "out.h5";
  {
    ResultsWriter out(path, {});
    ScenarioWriter& s = out.add_scenario(small_spec("base", 1));
    s.write_replication(small_series(0));
    out.write_group("/comparisons/alt_vs_base", {{"base", std::string("base")}, {"replications", std::int64_t{5}}});
    out.write_table("/comparisons/alt_vs_base/metrics",
                    {{"metric", std::vector<std::string>{"m", "江门"}},
                     {"difference", std::vector<double>{1.5, -2.25}},
                     {"n", std::vector<std::int64_t>{5, 4}}},
                    {{"confidence_level", 0.95}});
    ArrayWriter& a = out.create_array("/sweep/results/m", {3, 2}, {{"unit", std::string("count")}});
    const std::uint64_t start[2] = {1, 0}, count[2] = {1, 2};
    const double row[2] = {7.0, 8.0};
    a.write(start, count, row);
    const std::uint64_t bad[2] = {3, 0};
    EXPECT_THROW(a.write(bad, count, row), innosim::InternalError);
    out.record_run({"base", 0, 1, "ok", 0.5, 0});
    out.record_run({"base", 1, 1, "failed: boom", 0.25, 2});
    EXPECT_THROW(out.write_table("relative/path", {{"x", std::vector<double>{1}}}), innosim::InternalError);
    out.commit();
  }
  Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  {
    Id g(H5Gopen2(file, "/comparisons/alt_vs_base", H5P_DEFAULT));
    EXPECT_EQ(raw_string_attr(g, "base"), "base");
    EXPECT_EQ(raw_scalar_attr<std::int64_t>(g, "replications", H5T_NATIVE_INT64, H5T_STD_I64LE), 5);
    Id d(H5Dopen2(file, "/comparisons/alt_vs_base/metrics", H5P_DEFAULT));
    Id t(H5Dget_type(d));
    ASSERT_EQ(H5Tget_nmembers(t), 3);
    Id m1(H5Tget_member_type(t, 1));
    EXPECT_GT(H5Tequal(m1, H5T_IEEE_F64LE), 0);
    Id m2(H5Tget_member_type(t, 2));
    EXPECT_GT(H5Tequal(m2, H5T_STD_I64LE), 0);
    struct Row {
      char* metric;
      double difference;
    };
    Id str(H5Tcopy(H5T_C_S1));
    H5Tset_size(str, H5T_VARIABLE);
    H5Tset_cset(str, H5T_CSET_UTF8);
    Id mem(H5Tcreate(H5T_COMPOUND, sizeof(Row)));
    H5Tinsert(mem, "metric", offsetof(Row, metric), str);
    H5Tinsert(mem, "difference", offsetof(Row, difference), H5T_NATIVE_DOUBLE);
    Row rows[2] = {};
    ASSERT_GE(H5Dread(d, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows), 0);
    EXPECT_STREQ(rows[1].metric, "江门");
    EXPECT_EQ(rows[0].difference, 1.5);
    EXPECT_EQ(rows[1].difference, -2.25);
    Id space(H5Dget_space(d));
    H5Dvlen_reclaim(mem, space, H5P_DEFAULT, rows);
  }
  {
    Id d(H5Dopen2(file, "/sweep/results/m", H5P_DEFAULT));
    double v[6];
    ASSERT_GE(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v), 0);
    EXPECT_TRUE(std::isnan(v[0]) && std::isnan(v[1]) && std::isnan(v[4]));
    EXPECT_EQ(v[2], 7.0);
    EXPECT_EQ(v[3], 8.0);
  }
  ResultsReader in(path);
  const std::vector<RunRecord> runs = in.runs();
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].point, -1);  // the scenario's own run
  EXPECT_EQ(runs[1].point, 0);
  EXPECT_EQ(runs[2].point, 2);
  EXPECT_EQ(runs[2].status, "failed: boom");
  EXPECT_EQ(in.comparisons(), std::vector<std::string>{"alt_vs_base"});
  const auto sweep = in.sweep();
  ASSERT_TRUE(sweep.has_value());
  EXPECT_EQ(sweep->metrics, std::vector<std::string>{"m"});
  EXPECT_TRUE(sweep->factors.empty());
  EXPECT_FALSE(sweep->series);

  // Generic access reads back what the generic calls wrote (the report and the export use it).
  EXPECT_TRUE(in.exists("/comparisons/alt_vs_base/metrics"));
  EXPECT_TRUE(in.exists("comparisons/alt_vs_base"));
  EXPECT_FALSE(in.exists("/comparisons/nope"));
  EXPECT_FALSE(in.exists("/comparisons/alt_vs_base/metrics/below_a_dataset"));
  EXPECT_EQ(in.children("/comparisons"), std::vector<std::string>{"alt_vs_base"});
  EXPECT_THROW(in.children("/comparisons/alt_vs_base/metrics"), innosim::ConfigError);  // a dataset, not a group
  const std::vector<Attribute> ga = in.attributes("/comparisons/alt_vs_base");
  ASSERT_EQ(ga.size(), 2u);
  EXPECT_EQ(ga[0].name, "base");
  EXPECT_EQ(std::get<std::string>(ga[0].value), "base");
  EXPECT_EQ(std::get<std::int64_t>(ga[1].value), 5);
  const std::vector<Attribute> ta = in.attributes("/comparisons/alt_vs_base/metrics");
  ASSERT_EQ(ta.size(), 1u);
  EXPECT_EQ(std::get<double>(ta[0].value), 0.95);
  const std::vector<TableColumn> t = in.table("/comparisons/alt_vs_base/metrics");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].name, "metric");
  EXPECT_EQ(std::get<std::vector<std::string>>(t[0].values), (std::vector<std::string>{"m", "江门"}));
  EXPECT_EQ(std::get<std::vector<double>>(t[1].values), (std::vector<double>{1.5, -2.25}));
  EXPECT_EQ(std::get<std::vector<std::int64_t>>(t[2].values), (std::vector<std::int64_t>{5, 4}));
  EXPECT_THROW(in.table("/sweep/results/m"), innosim::IoError);  // an array, not a table
  EXPECT_THROW(in.table("/no/such/table"), innosim::ConfigError);
  const ArrayData arr = in.array("/sweep/results/m");
  EXPECT_EQ(arr.dims, (std::vector<std::uint64_t>{3, 2}));
  ASSERT_EQ(arr.values.size(), 6u);
  EXPECT_EQ(arr.values[2], 7.0);
  EXPECT_TRUE(std::isnan(arr.values[5]));
  EXPECT_EQ(std::get<std::string>(in.attributes("/sweep/results/m")[0].value), "count");
  // /runs has a uint64 seed: read as int64 when it fits.
  const std::vector<TableColumn> runs_t = in.table("/runs");
  const auto seed = std::find_if(runs_t.begin(), runs_t.end(), [](const TableColumn& c) { return c.name == "seed"; });
  ASSERT_NE(seed, runs_t.end());
  EXPECT_EQ(std::get<std::vector<std::int64_t>>(seed->values), (std::vector<std::int64_t>{10, 1, 1}));
}

TEST(Percentiles, LinearBetweenOrderStatistics) {
  using innosim::output::percentile_of_sorted;
  const double x[] = {1.0, 2.0, 4.0, 8.0, 16.0};
  EXPECT_DOUBLE_EQ(percentile_of_sorted(x, 5, 0), 1.0);
  EXPECT_DOUBLE_EQ(percentile_of_sorted(x, 5, 50), 4.0);
  EXPECT_DOUBLE_EQ(percentile_of_sorted(x, 5, 100), 16.0);
  EXPECT_DOUBLE_EQ(percentile_of_sorted(x, 5, 25), 2.0);
  EXPECT_DOUBLE_EQ(percentile_of_sorted(x, 5, 95), 8.0 + 0.8 * 8.0);  // rank 3.8
  EXPECT_DOUBLE_EQ(percentile_of_sorted(x, 1, 5), 1.0);
  EXPECT_TRUE(std::isnan(percentile_of_sorted(x, 0, 50)));
  const double inf[] = {1.0, INFINITY, INFINITY};
  EXPECT_EQ(percentile_of_sorted(inf, 3, 95), INFINITY);
}

// A summary written before format 1.2 has no percentiles: the reader gives NaN.
TEST_F(OutputTest, ReadsSummariesWithoutPercentiles) {
  const std::string path = (dir_ / "old.h5").string();
  syn::write(path, false);
  {
    Id f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    const std::string name = "/scenarios/" + syn::kScenarioA + "/summary/firms_alive";
    ASSERT_GE(H5Ldelete(f, name.c_str(), H5P_DEFAULT), 0);
    struct Old {
      double time, mean, sd, ci_low, ci_high;
      std::int64_t n;
    };
    Id type(H5Tcreate(H5T_COMPOUND, sizeof(Old)));
    H5Tinsert(type, "time", HOFFSET(Old, time), H5T_NATIVE_DOUBLE);
    H5Tinsert(type, "mean", HOFFSET(Old, mean), H5T_NATIVE_DOUBLE);
    H5Tinsert(type, "sd", HOFFSET(Old, sd), H5T_NATIVE_DOUBLE);
    H5Tinsert(type, "ci_low", HOFFSET(Old, ci_low), H5T_NATIVE_DOUBLE);
    H5Tinsert(type, "ci_high", HOFFSET(Old, ci_high), H5T_NATIVE_DOUBLE);
    H5Tinsert(type, "n", HOFFSET(Old, n), H5T_NATIVE_INT64);
    const Old rows[2] = {{0.0, 1.5, 0.5, 1.0, 2.0, 3}, {0.5, 2.5, 0.5, 2.0, 3.0, 3}};
    const hsize_t dims = 2;
    Id space(H5Screate_simple(1, &dims, nullptr));
    Id lcpl(H5Pcreate(H5P_LINK_CREATE));
    H5Pset_char_encoding(lcpl, H5T_CSET_UTF8);
    Id d(H5Dcreate2(f, name.c_str(), type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT));
    ASSERT_GE(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows), 0);
  }
  ResultsReader in(path);
  const auto rows = in.summary(syn::kScenarioA, "firms_alive");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].mean, 2.5);
  EXPECT_EQ(rows[1].n, 3);
  EXPECT_TRUE(std::isnan(rows[0].p5) && std::isnan(rows[1].p50) && std::isnan(rows[1].p95));
  // A 1.2 summary has them.
  EXPECT_FALSE(std::isnan(in.summary(syn::kScenarioA, "vc_invested")[1].p50));
}
