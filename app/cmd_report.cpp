// `innosim report RESULTS.h5 [-o report.html] [--lang zh|en] [--title ...] [--svg DIR]`:
// the results file as one self-contained HTML page (experiments/report.hpp),
// and each chart as its own SVG file for slides.
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
#include "innosim/experiments/report.hpp"
#include "innosim/experiments/text_format.hpp"
#include "innosim/output/results_reader.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace innosim::app {

int cmd_report(const Args& args) {
  std::string file, out, lang_option, title, svg_dir;
  bool force = false, quiet = false;
  po::options_description opts(
      "innosim report RESULTS.h5 [-o report.html] [--lang zh|en] [--title TEXT] [--svg DIR]\n\n"
      "Writes the results file (run, compare, sweep or sensitivity) as one self-contained HTML page:\n"
      "a summary in plain language, fan charts over calendar years, paired differences, tables,\n"
      "provenance, a method note and a glossary. No script and no network request: it opens from a\n"
      "USB stick and prints to A4. --svg DIR writes each chart as its own SVG file (for slides)");
  opts.add_options()("help,h", "show this help")(
      "output,o", po::value<std::string>(&out),
      "the HTML file (default: RESULTS with .html, or .zh.html in Chinese; not written with --svg alone)")(
      "lang", po::value<std::string>(&lang_option), "zh or en (default: from the locale: LC_ALL, LC_MESSAGES, LANG)")(
      "title", po::value<std::string>(&title), "the page title (default: from the file's scenarios)")(
      "svg", po::value<std::string>(&svg_dir), "also write each chart to DIR/<chart>.svg (the directory is created)")(
      "force", po::bool_switch(&force), "overwrite existing output files")("quiet,q", po::bool_switch(&quiet),
                                                                           "print only the paths written");
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>(&file), "results file");
  po::variables_map vm;
  if (!parse_command(args, opts, hidden, "file", 1, vm)) return 0;  // --help
  if (file.empty()) throw UsageError("no results file given (usage: innosim report RESULTS.h5 [-o report.html])");
  const Lang lang = choose_lang(lang_option);
  const bool write_html = !out.empty() || svg_dir.empty();
  if (out.empty() && write_html) {
    fs::path p(file);
    p.replace_extension(lang == Lang::zh ? ".zh.html" : ".html");
    out = p.string();
  }
  if (write_html) output::check_output_target(out, force);  // before the work, not after
  if (!svg_dir.empty()) {
    std::error_code ec;
    if (fs::exists(svg_dir, ec) && !fs::is_directory(svg_dir, ec))
      throw ConfigError("'" + svg_dir + "' exists and is not a directory");
  }

  // The page is built in a child process (results_input.hpp): a damaged file
  // that crashes HDF5 or makes it loop is reported (exit 1) before anything
  // is written. The child hands back the page, the charts and the notes.
  const std::string bytes = read_results_file(file, ResultsWork::whole, [&](const output::ResultsReader& in) {
    const Report r = build_report(in, {.lang = lang, .title = title, .source_name = file});
    Packer p;
    p.str(r.html).strs(r.notes).u64(r.charts.size());
    for (const ReportChart& c : r.charts) p.str(c.id).str(c.title).str(c.svg);
    return std::move(p.bytes);
  });
  Unpacker answer(bytes);
  Report report;
  report.html = answer.str();
  report.notes = answer.strs();
  report.charts.resize(answer.count(3 * sizeof(std::uint64_t)));
  for (ReportChart& c : report.charts) {
    c.id = answer.str();
    c.title = answer.str();
    c.svg = answer.str();
  }
  answer.done();

  if (!svg_dir.empty()) {
    std::error_code ec;
    fs::create_directories(svg_dir, ec);
    if (ec) throw ConfigError("cannot create directory '" + svg_dir + "': " + ec.message());
    for (const ReportChart& c : report.charts) output::check_output_target(fs::path(svg_dir) / (c.id + ".svg"), force);
    for (const ReportChart& c : report.charts)
      output::write_file_atomically(fs::path(svg_dir) / (c.id + ".svg"),
                            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + c.svg + "\n", force);
    std::printf("%s\n", fmt::format(fmt::runtime(tr("charts: {} SVG files in {}", lang)), report.charts.size(), svg_dir)
                             .c_str());
  }
  if (write_html) {
    output::write_file_atomically(out, report.html, force);
    if (!quiet)
      for (const std::string& n : report.notes) std::fprintf(stderr, "innosim report: %s\n", say("note: {}", terminal_text(n)).c_str());
    std::printf("%s\n", fmt::format(fmt::runtime(tr("report: {}", lang)), out).c_str());
  }
  return 0;
}

}  // namespace innosim::app
