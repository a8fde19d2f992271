#pragma once
// Internal to innosim::output: the memory structs and HDF5 types of the
// tables (output/SCHEMA.md), shared by the writer and the reader so both
// sides agree on field names, order and file types.
#include <cstdint>
#include <vector>

#include "hdf5_util.hpp"
#include "innosim/output/schema.hpp"

namespace innosim::output::types {

/// A firm-panel row as HDF5 sees it in memory (flags as uint8, not bool,
/// so reading a file never produces an invalid bool).
struct FirmRow {
  std::int32_t replication;
  double time;
  std::int64_t firm_id;
  FirmStage stage;
  std::int16_t sector;
  double employees;
  double revenue;
  double rd_spending;
  double cash;
  double debt;
  double productivity;
  std::uint8_t incubated;
  std::uint8_t insured;
  std::uint8_t vc_backed;
  std::uint8_t alive;
  double birth_time;  // format 1.3
};

/// Converts between the public record and the HDF5 row.
FirmRow to_row(const FirmRecord& r);
FirmRecord from_row(const FirmRow& r);

/// An exits-table row (format 1.3) in memory.
struct ExitRow {
  std::int32_t replication;
  double time;
  std::int64_t firm_id;
  ExitCause cause;
  double birth_time;
  double age;
  std::int16_t sector;
  FirmStage stage;
  double employees;
  std::uint8_t loan_default;
};

ExitRow to_row(const ExitRecord& r);
ExitRecord from_row(const ExitRow& r);

/// An event-log row in memory; `detail` points into caller-owned storage on
/// write and into HDF5-allocated memory (reclaimed by the reader) on read.
struct EventRow {
  std::int32_t replication;
  double time;
  std::int64_t firm_id;
  std::int16_t kind;
  double amount;
  char* detail;
};

/// A /runs row in memory (string ownership as for EventRow).
struct RunRow {
  char* scenario;
  std::int64_t replication;
  std::uint64_t seed;
  char* status;
  double wall_seconds;
  std::int64_t point;  // format 1.1, only in files with sweep runs
};

/// The stage enum over int8: memory (native) or file (little-endian) base.
h5::Handle stage_enum(bool file);
/// The exit-cause enum over int8: memory (native) or file (little-endian) base.
h5::Handle exit_cause_enum(bool file);
/// An event-kind enum over int16 with the given members.
h5::Handle kind_enum(const std::vector<EventKind>& kinds, bool file);

/// Firm-panel row types.
h5::CompoundTypes firm_types();
/// Exits-table row types (format 1.3).
h5::CompoundTypes exit_types();
/// Event-log row types with the given kind enums (memory and file).
h5::CompoundTypes event_types(hid_t kind_mem, hid_t kind_file);
/// /runs row types, with the `point` field (format 1.1) or without.
h5::CompoundTypes run_types(bool with_point = false);
/// summary/<metric> row types (memory layout: SummaryRow).
h5::CompoundTypes summary_types();

}  // namespace innosim::output::types
