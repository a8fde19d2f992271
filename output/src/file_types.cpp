#include "file_types.hpp"

#include <cmath>
#include <cstddef>
#include <limits>

namespace innosim::output {

const char* stage_name(FirmStage s) {
  switch (s) {
    case FirmStage::startup: return "startup";
    case FirmStage::tech_sme: return "tech_sme";
    case FirmStage::high_tech: return "high_tech";
    case FirmStage::gazelle: return "gazelle";
    case FirmStage::unicorn: return "unicorn";
  }
  return "unknown";
}

const char* exit_cause_name(ExitCause c) {
  switch (c) {
    case ExitCause::closure: return "closure";
    case ExitCause::borrower_default: return "borrower_default";
    case ExitCause::insolvency: return "insolvency";
  }
  return "unknown";
}

double percentile_of_sorted(const double* sorted, std::size_t n, double p) {
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  const double h = static_cast<double>(n - 1) * p / 100.0;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= n) return sorted[n - 1];
  const double frac = h - static_cast<double>(lo);
  // Equal neighbours (infinities included) need no interpolation.
  if (frac == 0.0 || sorted[lo] == sorted[lo + 1]) return sorted[lo];
  return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

}  // namespace innosim::output

namespace innosim::output::types {

FirmRow to_row(const FirmRecord& r) {
  return {r.replication, r.time,        r.firm_id, r.stage, r.sector,
          r.employees,   r.revenue,     r.rd_spending, r.cash, r.debt,
          r.productivity, static_cast<std::uint8_t>(r.incubated), static_cast<std::uint8_t>(r.insured),
          static_cast<std::uint8_t>(r.vc_backed), static_cast<std::uint8_t>(r.alive), r.birth_time};
}

FirmRecord from_row(const FirmRow& r) {
  FirmRecord f;
  f.replication = r.replication;
  f.time = r.time;
  f.firm_id = r.firm_id;
  f.stage = r.stage;
  f.sector = r.sector;
  f.employees = r.employees;
  f.revenue = r.revenue;
  f.rd_spending = r.rd_spending;
  f.cash = r.cash;
  f.debt = r.debt;
  f.productivity = r.productivity;
  f.incubated = r.incubated != 0;
  f.insured = r.insured != 0;
  f.vc_backed = r.vc_backed != 0;
  f.alive = r.alive != 0;
  f.birth_time = r.birth_time;
  return f;
}

ExitRow to_row(const ExitRecord& r) {
  return {r.replication, r.time,   r.firm_id, r.cause,     r.birth_time,
          r.age,         r.sector, r.stage,   r.employees, static_cast<std::uint8_t>(r.loan_default)};
}

ExitRecord from_row(const ExitRow& r) {
  ExitRecord e;
  e.replication = r.replication;
  e.time = r.time;
  e.firm_id = r.firm_id;
  e.cause = r.cause;
  e.birth_time = r.birth_time;
  e.age = r.age;
  e.sector = r.sector;
  e.stage = r.stage;
  e.employees = r.employees;
  e.loan_default = r.loan_default != 0;
  return e;
}

h5::Handle exit_cause_enum(bool file) {
  h5::Handle t = h5::datatype(H5Tenum_create(file ? H5T_STD_I8LE : H5T_NATIVE_INT8), "cannot create exit-cause enum");
  for (ExitCause c : kExitCauses) {
    const auto code = static_cast<std::int8_t>(c);
    h5::check(H5Tenum_insert(t.get(), exit_cause_name(c), &code), "cannot add exit-cause enum member");
  }
  return t;
}

h5::CompoundTypes exit_types() {
  static_assert(sizeof(ExitCause) == 1 && sizeof(FirmStage) == 1);
  h5::Handle stage_mem = stage_enum(false), stage_file = stage_enum(true);
  h5::Handle cause_mem = exit_cause_enum(false), cause_file = exit_cause_enum(true);
  const h5::Field fields[] = {
      {"replication", offsetof(ExitRow, replication), H5T_NATIVE_INT32, H5T_STD_I32LE},
      {"time", offsetof(ExitRow, time), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"firm_id", offsetof(ExitRow, firm_id), H5T_NATIVE_INT64, H5T_STD_I64LE},
      {"cause", offsetof(ExitRow, cause), cause_mem.get(), cause_file.get()},
      {"birth_time", offsetof(ExitRow, birth_time), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"age", offsetof(ExitRow, age), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"sector", offsetof(ExitRow, sector), H5T_NATIVE_INT16, H5T_STD_I16LE},
      {"stage", offsetof(ExitRow, stage), stage_mem.get(), stage_file.get()},
      {"employees", offsetof(ExitRow, employees), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"loan_default", offsetof(ExitRow, loan_default), H5T_NATIVE_UINT8, H5T_STD_U8LE},
  };
  return h5::make_compound(sizeof(ExitRow), fields);
}

h5::Handle stage_enum(bool file) {
  h5::Handle t = h5::datatype(H5Tenum_create(file ? H5T_STD_I8LE : H5T_NATIVE_INT8), "cannot create stage enum");
  for (FirmStage s : kFirmStages) {
    const auto code = static_cast<std::int8_t>(s);
    h5::check(H5Tenum_insert(t.get(), stage_name(s), &code), "cannot add stage enum member");
  }
  return t;
}

h5::Handle kind_enum(const std::vector<EventKind>& kinds, bool file) {
  h5::Handle t = h5::datatype(H5Tenum_create(file ? H5T_STD_I16LE : H5T_NATIVE_INT16), "cannot create kind enum");
  for (const EventKind& k : kinds)
    h5::check(H5Tenum_insert(t.get(), k.name.c_str(), &k.code), "cannot add event kind " + k.name);
  return t;
}

h5::CompoundTypes firm_types() {
  static_assert(sizeof(FirmStage) == 1);
  h5::Handle stage_mem = stage_enum(false), stage_file = stage_enum(true);
  const h5::Field fields[] = {
      {"replication", offsetof(FirmRow, replication), H5T_NATIVE_INT32, H5T_STD_I32LE},
      {"time", offsetof(FirmRow, time), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"firm_id", offsetof(FirmRow, firm_id), H5T_NATIVE_INT64, H5T_STD_I64LE},
      {"stage", offsetof(FirmRow, stage), stage_mem.get(), stage_file.get()},
      {"sector", offsetof(FirmRow, sector), H5T_NATIVE_INT16, H5T_STD_I16LE},
      {"employees", offsetof(FirmRow, employees), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"revenue", offsetof(FirmRow, revenue), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"rd_spending", offsetof(FirmRow, rd_spending), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"cash", offsetof(FirmRow, cash), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"debt", offsetof(FirmRow, debt), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"productivity", offsetof(FirmRow, productivity), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"incubated", offsetof(FirmRow, incubated), H5T_NATIVE_UINT8, H5T_STD_U8LE},
      {"insured", offsetof(FirmRow, insured), H5T_NATIVE_UINT8, H5T_STD_U8LE},
      {"vc_backed", offsetof(FirmRow, vc_backed), H5T_NATIVE_UINT8, H5T_STD_U8LE},
      {"alive", offsetof(FirmRow, alive), H5T_NATIVE_UINT8, H5T_STD_U8LE},
      {"birth_time", offsetof(FirmRow, birth_time), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},  // format 1.3
  };
  return h5::make_compound(sizeof(FirmRow), fields);  // H5Tinsert copies the member types
}

h5::CompoundTypes event_types(hid_t kind_mem, hid_t kind_file) {
  h5::Handle str = h5::utf8_string();
  const h5::Field fields[] = {
      {"replication", offsetof(EventRow, replication), H5T_NATIVE_INT32, H5T_STD_I32LE},
      {"time", offsetof(EventRow, time), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"firm_id", offsetof(EventRow, firm_id), H5T_NATIVE_INT64, H5T_STD_I64LE},
      {"kind", offsetof(EventRow, kind), kind_mem, kind_file},
      {"amount", offsetof(EventRow, amount), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"detail", offsetof(EventRow, detail), str.get(), str.get()},
  };
  return h5::make_compound(sizeof(EventRow), fields);
}

h5::CompoundTypes run_types(bool with_point) {
  h5::Handle str = h5::utf8_string();
  const h5::Field fields[] = {
      {"scenario", offsetof(RunRow, scenario), str.get(), str.get()},
      {"replication", offsetof(RunRow, replication), H5T_NATIVE_INT64, H5T_STD_I64LE},
      {"seed", offsetof(RunRow, seed), H5T_NATIVE_UINT64, H5T_STD_U64LE},
      {"status", offsetof(RunRow, status), str.get(), str.get()},
      {"wall_seconds", offsetof(RunRow, wall_seconds), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"point", offsetof(RunRow, point), H5T_NATIVE_INT64, H5T_STD_I64LE},
  };
  return h5::make_compound(sizeof(RunRow), std::span<const h5::Field>(fields, with_point ? 6 : 5));
}

h5::CompoundTypes summary_types() {
  const h5::Field fields[] = {
      {"time", offsetof(SummaryRow, time), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"mean", offsetof(SummaryRow, mean), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"sd", offsetof(SummaryRow, sd), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"ci_low", offsetof(SummaryRow, ci_low), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"ci_high", offsetof(SummaryRow, ci_high), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"n", offsetof(SummaryRow, n), H5T_NATIVE_INT64, H5T_STD_I64LE},
      // format 1.2
      {"p5", offsetof(SummaryRow, p5), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"p25", offsetof(SummaryRow, p25), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"p50", offsetof(SummaryRow, p50), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"p75", offsetof(SummaryRow, p75), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
      {"p95", offsetof(SummaryRow, p95), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE},
  };
  return h5::make_compound(sizeof(SummaryRow), fields);
}

}  // namespace innosim::output::types
