#include "results_input.hpp"

#include <signal.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "innosim/engine/error.hpp"
#include "innosim/experiments/text_format.hpp"
#include "innosim/output/isolated.hpp"

namespace innosim::app {

namespace {

using output::IsolatedResult;

/// The check's CPU-time limit: a sound file's headers and /runs table read in
/// milliseconds; 2 s plus 1 s per 4 MiB (reader_cpu_limit) is far beyond that.
constexpr unsigned kCheckCpuBase = 2;

/// What the check reads: what `innosim inspect` shows. Its vlen strings (the
/// attributes, the /runs statuses) are where HDF5 1.10 crashed or looped on
/// the damaged files found so far, so most damaged files stop here, in
/// seconds, whatever limit the work has.
void read_headers(const output::ResultsReader& in) {
  (void)in.header();
  (void)in.scenarios();
  (void)in.runs();
  (void)in.comparisons();
  (void)in.sweep();
  (void)in.sensitivity();
}

/// The child's end as this process's exception.
std::string outcome(const IsolatedResult& r, const std::string& file, unsigned cpu_limit) {
  std::string damaged = "'";  // built by appends: GCC 12 warns (-Wrestrict) falsely on "'" + std::string
  damaged += experiments::terminal_text(file);
  damaged += "' is a damaged results file: ";
  switch (r.end) {
    case IsolatedResult::End::ok:
      return r.text;
    case IsolatedResult::End::failed:
      // Messages may quote the file's own text (an attribute's value, a name).
      if (r.usage) throw UsageError(experiments::terminal_text(r.text));
      if (r.bad_input) throw ConfigError(experiments::terminal_text(r.text));
      if (r.out_of_memory) throw IoError(damaged + experiments::terminal_text(r.text));
      throw IoError(experiments::terminal_message(r.text));  // HDF5's detail keeps its own line
    case IsolatedResult::End::crashed:
      break;
  }
  // The file-size limit (ulimit -f) stops a child that writes (export): not the file's fault.
  if (r.signal == SIGXFSZ)
    throw IoError("writing the output went beyond the file-size limit (SIGXFSZ: ulimit -f)");
  throw IoError(damaged + output::isolated_failure(r, cpu_limit));
}

}  // namespace

unsigned results_work_cpu_limit(const std::string& file) {
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(file, ec);
  return 120 + static_cast<unsigned>(std::min<std::uint64_t>(ec ? 0 : size >> 20, 1u << 20));
}

std::string read_results_file(const std::string& file, ResultsWork kind,
                              const std::function<std::string(const output::ResultsReader&)>& work) {
  const unsigned check_cpu = output::reader_cpu_limit(file, kCheckCpuBase);
  if (kind == ResultsWork::headers)
    return outcome(output::run_isolated(
                       [&] {
                         const output::ResultsReader in(file);  // ConfigError (exit 2): missing, not innosim's
                         read_headers(in);
                         return work(in);
                       },
                       output::reader_memory_limit(file), 0, check_cpu),
                   file, check_cpu);
  outcome(output::run_isolated(
              [&] {
                const output::ResultsReader in(file);
                read_headers(in);
                return std::string();
              },
              output::reader_memory_limit(file), 0, check_cpu),
          file, check_cpu);
  const unsigned work_cpu = results_work_cpu_limit(file);
  return outcome(output::run_isolated(
                     [&] {
                       const output::ResultsReader in(file);
                       return work(in);
                     },
                     output::work_memory_limit(file), 0, work_cpu),
                 file, work_cpu);
}

// ------------------------------------------------------------------ Packer

Packer& Packer::u64(std::uint64_t v) {
  bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
  return *this;
}

Packer& Packer::f64(double v) {
  bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
  return *this;
}

Packer& Packer::str(std::string_view s) {
  u64(s.size());
  bytes.append(s);
  return *this;
}

Packer& Packer::f64s(const std::vector<double>& v) {
  u64(v.size());
  if (!v.empty()) bytes.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
  return *this;
}

Packer& Packer::strs(const std::vector<std::string>& v) {
  u64(v.size());
  for (const std::string& s : v) str(s);
  return *this;
}

std::string_view Unpacker::take(std::size_t n) {
  if (bytes_.size() - pos_ < n) throw IoError("the answer of the process reading the results file ends early");
  const std::string_view out = bytes_.substr(pos_, n);
  pos_ += n;
  return out;
}

std::uint64_t Unpacker::u64() {
  std::uint64_t v = 0;
  std::memcpy(&v, take(sizeof v).data(), sizeof v);
  return v;
}

double Unpacker::f64() {
  double v = 0;
  std::memcpy(&v, take(sizeof v).data(), sizeof v);
  return v;
}

std::string Unpacker::str() {
  const std::uint64_t n = u64();
  return std::string(take(static_cast<std::size_t>(std::min<std::uint64_t>(n, bytes_.size()))));
}

std::size_t Unpacker::count(std::size_t min_bytes) {
  const std::uint64_t n = u64();
  if (n > (bytes_.size() - pos_) / std::max<std::size_t>(min_bytes, 1)) take(bytes_.size() + 1);  // throws: ends early
  return static_cast<std::size_t>(n);
}

std::vector<double> Unpacker::f64s() {
  std::vector<double> v(count(sizeof(double)));
  if (!v.empty()) std::memcpy(v.data(), take(v.size() * sizeof(double)).data(), v.size() * sizeof(double));
  return v;
}

std::vector<std::string> Unpacker::strs() {
  const std::size_t n = count(sizeof(std::uint64_t));
  std::vector<std::string> v;
  v.reserve(n);
  for (std::size_t i = 0; i < n; ++i) v.push_back(str());
  return v;
}

void Unpacker::done() const {
  if (pos_ != bytes_.size()) throw IoError("the answer of the process reading the results file is too long");
}

}  // namespace innosim::app
