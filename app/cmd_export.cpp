// `innosim export RESULTS.h5 --format csv|xlsx [-o PATH] [--lang zh|en]`: the
// results file as tidy tables for spreadsheets and statistics programs
// (experiments/export.hpp).
#include <cstdio>
#include <filesystem>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "cli.hpp"
#include "results_input.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/output/atomic_file.hpp"
#include "innosim/experiments/export.hpp"
#include "innosim/experiments/text_format.hpp"
#include "innosim/output/results_reader.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace innosim::app {

int cmd_export(const Args& args) {
  std::string file, out, format, lang_option;
  bool force = false;
  po::options_description opts(
      "innosim export RESULTS.h5 --format csv|xlsx [-o PATH] [--lang zh|en]\n\n"
      "Writes the results file as tidy tables that WPS, Excel, R and pandas open: every stored value\n"
      "(scenario, replication, date, metric, value, unit), the stored statistics, each scenario's\n"
      "outcomes at the horizon (stocks on the date, flows totalled), paired contrasts, cost-effectiveness,\n"
      "sweep and sensitivity results, a calibration's estimates and fit to each target, runs and\n"
      "provenance. csv: one UTF-8 file per table in a directory; xlsx: one workbook, one sheet per\n"
      "table, numbers as numbers");
  opts.add_options()("help,h", "show this help")("format", po::value<std::string>(&format), "csv or xlsx (required)")(
      "output,o", po::value<std::string>(&out),
      "the workbook (xlsx) or directory (csv); default: RESULTS with .xlsx, or RESULTS-csv/")(
      "lang", po::value<std::string>(&lang_option),
      "zh or en: headers and labels (default: from the locale: LC_ALL, LC_MESSAGES, LANG)")(
      "force", po::bool_switch(&force), "overwrite an existing workbook, or write into an existing directory");
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>(&file), "results file");
  po::variables_map vm;
  if (!parse_command(args, opts, hidden, "file", 1, vm)) return 0;  // --help
  if (file.empty()) throw UsageError("no results file given (usage: innosim export RESULTS.h5 --format csv|xlsx)");
  if (format != "csv" && format != "xlsx")
    throw UsageError(format.empty() ? "--format csv or --format xlsx is required"
                                    : "--format must be csv or xlsx, not '" + format + "'");
  const Lang lang = choose_lang(lang_option);
  if (out.empty()) {
    fs::path p(file);
    if (format == "xlsx") {
      p.replace_extension(lang == Lang::zh ? ".zh.xlsx" : ".xlsx");
    } else {
      p.replace_extension();
      p += lang == Lang::zh ? "-csv-zh" : "-csv";
    }
    out = p.string();
  }
  // Before the work, not after.
  if (format == "xlsx")
    output::check_output_target(out, force);
  else
    check_csv_target(out, force);

  // The tables are built and written in a child process (results_input.hpp),
  // into a temporary this process chose: a damaged file that crashes HDF5 or
  // makes it loop is reported (exit 1), the temporary removed, and nothing
  // appears under the output's name. Only what the child finished is
  // published, here. The child hands back the tables' names.
  const fs::path staging = format == "xlsx" ? output::temporary_beside(out) : csv_staging_path(out);
  std::vector<std::string> names;
  try {
    const std::string bytes = read_results_file(file, ResultsWork::whole, [&](const output::ResultsReader& in) {
      const std::vector<ExportTable> tables = export_tables(in, lang, file);
      if (format == "xlsx")
        write_xlsx_file(tables, staging);
      else
        stage_csv(tables, staging);
      std::vector<std::string> table_names;
      for (const ExportTable& t : tables) table_names.push_back(t.name);
      return std::move(Packer().strs(table_names).bytes);
    });
    Unpacker answer(bytes);
    names = answer.strs();
    answer.done();
    for (const std::string& n : names)
      if (n.empty() || n.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos)
        throw IoError("the process reading the results file named a table '" + terminal_text(n) + "'");
  } catch (...) {
    std::error_code ec;
    fs::remove_all(staging, ec);  // a file (xlsx) or a directory (csv), however far the child got
    throw;
  }
  if (format == "xlsx") {
    output::publish_file(staging, out, force);
    std::printf("%s\n", fmt::format(fmt::runtime(tr("workbook: {} ({} sheets)", lang)), out, names.size()).c_str());
  } else {
    const auto files = publish_csv(names, staging, out, force);
    std::printf("%s\n", fmt::format(fmt::runtime(tr("tables: {} CSV files in {}", lang)), files.size(), out).c_str());
  }
  return 0;
}

}  // namespace innosim::app
