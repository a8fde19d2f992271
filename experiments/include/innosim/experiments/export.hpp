#pragma once
// `innosim export`: a results file as tidy tables that WPS, Excel, R and
// pandas read without HDF5: CSV files (one per table, UTF-8 with a byte
// order mark so spreadsheet programs recognise it) or one xlsx workbook
// (libxlsxwriter, one sheet per table, numbers stored as numbers, dates as
// dates, the header row frozen).
//
// Tables (those the file has): series (scenario, replication, date,
// metric, value, unit: every stored value), summary (the stored statistics
// per date, one row per statistic), headline (each scenario's outcomes at
// the horizon: stocks at the date, flows totalled), contrasts (paired
// differences to the base at the horizon), cost_effectiveness, runs,
// sweep_design, sweep_results, sensitivity, calibration_estimates,
// calibration_targets, calibration_checks, about (provenance). Headers in
// Chinese or English, with the unit where a column has one.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "innosim/experiments/number_format.hpp"
#include "innosim/output/results_reader.hpp"

namespace innosim::experiments {

/// A calendar date (stored values are dated: a stock at that instant, a flow
/// over the sampling period that ends there).
struct Date {
  int year = 0, month = 1, day = 1;
};

/// One cell: empty (a missing value), a number, a date or text.
using ExportCell = std::variant<std::monostate, double, Date, std::string>;

struct ExportColumn {
  std::string key;     ///< stable English name ("value", "ci_low")
  std::string header;  ///< in the chosen language, with the unit when the column has one
};

/// A table produced row by row (a series table can hold millions of rows;
/// nothing holds them all in memory).
struct ExportTable {
  std::string name;    ///< file stem and English sheet name: "series"
  std::string title;   ///< sheet name in the chosen language (at most 31 characters)
  std::string source;  ///< the HDF5 paths it comes from
  std::vector<ExportColumn> columns;
  std::size_t rows = 0;
  /// Fills `out` (one cell per column) with row `row`.
  std::function<void(std::size_t row, std::vector<ExportCell>& out)> row;
};

/// The tables of an open results file (`path`: its name as the user gave it,
/// for the about table). The reader must outlive the tables.
std::vector<ExportTable> export_tables(const output::ResultsReader& in, Lang lang, const std::string& path = {});

/// Writes one CSV file per table into `dir` (created; with !force an
/// existing directory is refused): RFC 4180 quoting, UTF-8 with a BOM,
/// numbers in their shortest exact form, empty for a missing value; text
/// from the file as document_text() makes it (valid UTF-8, no control
/// characters but tab and line ends). Every table is written to a staging
/// directory first (stage_csv), then published (publish_csv): nothing is
/// left half-written. Returns the files written.
std::vector<std::filesystem::path> write_csv(const std::vector<ExportTable>& tables, const std::filesystem::path& dir,
                                             bool force);
/// ConfigError unless `dir` may receive the tables: missing, or (with force)
/// an existing directory.
void check_csv_target(const std::filesystem::path& dir, bool force);
/// Where write_csv stages the tables for `dir`: beside it when it is
/// missing ("<dir>.tmp-<pid>", renamed to `dir` at the end), inside it when
/// it exists (".innosim-export.tmp-<pid>", its files moved up at the end).
std::filesystem::path csv_staging_path(const std::filesystem::path& dir);
/// write_csv's first step: creates `staging` (it must not exist) and writes
/// and syncs every table's file in it. On failure the caller removes it.
void stage_csv(const std::vector<ExportTable>& tables, const std::filesystem::path& staging);
/// write_csv's second step: renames `staging` to `dir` when `dir` is missing,
/// else (force) moves each table's file (`names`: the tables' names) into it,
/// replacing the old one. The staging directory is gone afterwards, on
/// failure too.
std::vector<std::filesystem::path> publish_csv(const std::vector<std::string>& names,
                                               const std::filesystem::path& staging, const std::filesystem::path& dir,
                                               bool force);

/// Writes one xlsx workbook, one sheet per table (a table longer than a
/// sheet's 1,048,575 data rows continues on sheets "<title> (2)", ...),
/// atomically (write_xlsx_file to a temporary, then output::publish_file).
/// Throws IoError on a write failure.
void write_xlsx(const std::vector<ExportTable>& tables, const std::filesystem::path& file, bool force);
/// The workbook written to `path` as it is (no check, no publication); the
/// file is removed when writing it throws.
void write_xlsx_file(const std::vector<ExportTable>& tables, const std::filesystem::path& path);

}  // namespace innosim::experiments
