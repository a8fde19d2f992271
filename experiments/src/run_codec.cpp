#include "innosim/experiments/run_codec.hpp"

#include <cstring>
#include <type_traits>

#include "innosim/engine/error.hpp"

namespace innosim::experiments {

namespace {

// Bumped whenever the layout below changes: ranks of different builds are
// refused at the meeting anyway, this catches a corrupted message.
constexpr char kOutcomeMagic[8] = {'I', 'S', 'O', 'U', 'T', '0', '0', '1'};

class Writer {
 public:
  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put_string(const std::string& s) {
    put(static_cast<std::uint64_t>(s.size()));
    out_ += s;
  }
  void put_doubles(const std::vector<double>& v) {
    put(static_cast<std::uint64_t>(v.size()));
    out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
  }
  void raw(const char* p, std::size_t n) { out_.append(p, n); }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <class T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    T v;
    std::memcpy(&v, take(sizeof v), sizeof v);
    return v;
  }
  std::string get_string() {
    const std::size_t n = count(1);
    return std::string(take(n), n);
  }
  std::vector<double> get_doubles() {
    const std::size_t n = count(sizeof(double));
    std::vector<double> v(n);
    if (n) std::memcpy(v.data(), take(n * sizeof(double)), n * sizeof(double));
    return v;
  }
  /// An element count, checked against what is left (at least `min_bytes` each).
  std::size_t count(std::size_t min_bytes) {
    const auto n = get<std::uint64_t>();
    if (n > (in_.size() - pos_) / min_bytes) throw IoError("a malformed run message (count " + std::to_string(n) + ")");
    return static_cast<std::size_t>(n);
  }
  const char* take(std::size_t n) {
    if (in_.size() - pos_ < n) throw IoError("a malformed run message (truncated)");
    const char* p = in_.data() + pos_;
    pos_ += n;
    return p;
  }
  void expect_end() const {
    if (pos_ != in_.size()) throw IoError("a malformed run message (trailing bytes)");
  }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string encode_task(const WireTask& task) {
  Writer w;
  w.put(task.index);
  w.put(task.scenario);
  w.put(task.replication);
  w.put_doubles(task.point);
  return w.take();
}

WireTask decode_task(std::string_view bytes) {
  Reader r(bytes);
  WireTask t;
  t.index = r.get<std::uint64_t>();
  t.scenario = r.get<std::uint64_t>();
  t.replication = r.get<std::int64_t>();
  t.point = r.get_doubles();
  r.expect_end();
  return t;
}

std::string encode_outcome(std::uint64_t index, const RunOutcome& o) {
  Writer w;
  w.raw(kOutcomeMagic, sizeof kOutcomeMagic);
  w.put(index);
  w.put(o.wall_seconds);
  w.put_string(o.error);
  const model::RunResult& res = o.result;
  w.put_doubles(res.time_years);
  w.put(static_cast<std::uint64_t>(res.series.size()));
  for (const std::vector<double>& s : res.series) w.put_doubles(s);
  w.put(res.books.worst_gap);
  w.put_string(res.books.worst);
  w.put(static_cast<std::uint8_t>(res.books.budgets_ok));
  w.put(res.events);
  w.put(res.firm_months);
  // Records field by field: struct padding is not data.
  // Under MPI a run's panel travels in its message, whole.
  w.put(static_cast<std::uint64_t>(o.firms.size()));
  for (const output::FirmRecord& f : o.firms.to_vector()) {
    w.put(f.replication);
    w.put(f.time);
    w.put(f.firm_id);
    w.put(static_cast<std::int8_t>(f.stage));
    w.put(f.sector);
    w.put(f.employees);
    w.put(f.revenue);
    w.put(f.rd_spending);
    w.put(f.cash);
    w.put(f.debt);
    w.put(f.productivity);
    const std::uint8_t flags = static_cast<std::uint8_t>(f.incubated | f.insured << 1 | f.vc_backed << 2 | f.alive << 3);
    w.put(flags);
    w.put(f.birth_time);
  }
  w.put(static_cast<std::uint64_t>(o.exits.size()));
  for (const output::ExitRecord& e : o.exits.to_vector()) {
    w.put(e.replication);
    w.put(e.time);
    w.put(e.firm_id);
    w.put(static_cast<std::int8_t>(e.cause));
    w.put(e.birth_time);
    w.put(e.age);
    w.put(e.sector);
    w.put(static_cast<std::int8_t>(e.stage));
    w.put(e.employees);
    w.put(static_cast<std::uint8_t>(e.loan_default));
  }
  w.put(static_cast<std::uint64_t>(o.events.size()));
  for (const EventRow& e : o.events.to_vector()) {
    w.put(e.replication);
    w.put(e.time);
    w.put(e.firm_id);
    w.put(e.kind);
    w.put(e.amount);
  }
  return w.take();
}

std::pair<std::uint64_t, RunOutcome> decode_outcome(std::string_view bytes) {
  Reader r(bytes);
  if (std::memcmp(r.take(sizeof kOutcomeMagic), kOutcomeMagic, sizeof kOutcomeMagic) != 0)
    throw IoError("a malformed run message (not a run outcome)");
  RunOutcome o;
  const auto index = r.get<std::uint64_t>();
  o.wall_seconds = r.get<double>();
  o.error = r.get_string();
  model::RunResult& res = o.result;
  res.time_years = r.get_doubles();
  res.series.resize(r.count(sizeof(std::uint64_t)));
  for (std::vector<double>& s : res.series) s = r.get_doubles();
  res.books.worst_gap = r.get<double>();
  res.books.worst = r.get_string();
  res.books.budgets_ok = r.get<std::uint8_t>() != 0;
  res.events = r.get<std::uint64_t>();
  res.firm_months = r.get<std::uint64_t>();
  const std::size_t n_firms = r.count(1);
  for (std::size_t i = 0; i < n_firms; ++i) {
    output::FirmRecord f;
    f.replication = r.get<std::int32_t>();
    f.time = r.get<double>();
    f.firm_id = r.get<std::int64_t>();
    f.stage = static_cast<output::FirmStage>(r.get<std::int8_t>());
    f.sector = r.get<std::int16_t>();
    f.employees = r.get<double>();
    f.revenue = r.get<double>();
    f.rd_spending = r.get<double>();
    f.cash = r.get<double>();
    f.debt = r.get<double>();
    f.productivity = r.get<double>();
    const auto flags = r.get<std::uint8_t>();
    f.incubated = flags & 1;
    f.insured = flags & 2;
    f.vc_backed = flags & 4;
    f.alive = flags & 8;
    f.birth_time = r.get<double>();
    o.firms.push_back(f);
  }
  const std::size_t n_exits = r.count(1);
  for (std::size_t i = 0; i < n_exits; ++i) {
    output::ExitRecord e;
    e.replication = r.get<std::int32_t>();
    e.time = r.get<double>();
    e.firm_id = r.get<std::int64_t>();
    e.cause = static_cast<output::ExitCause>(r.get<std::int8_t>());
    e.birth_time = r.get<double>();
    e.age = r.get<double>();
    e.sector = r.get<std::int16_t>();
    e.stage = static_cast<output::FirmStage>(r.get<std::int8_t>());
    e.employees = r.get<double>();
    e.loan_default = r.get<std::uint8_t>() != 0;
    o.exits.push_back(e);
  }
  const std::size_t n_events = r.count(1);
  for (std::size_t i = 0; i < n_events; ++i) {
    EventRow e;
    e.replication = r.get<std::int32_t>();
    e.time = r.get<double>();
    e.firm_id = r.get<std::int64_t>();
    e.kind = r.get<std::int16_t>();
    e.amount = r.get<double>();
    o.events.push_back(e);
  }
  r.expect_end();
  return {index, std::move(o)};
}

}  // namespace innosim::experiments
