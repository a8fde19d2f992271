#pragma once
// `innosim report`: a results file as one self-contained HTML page a survey
// team can put before a committee, in Chinese or English.
//
// The page holds, in this order: a summary in plain language (the question,
// the answer per outcome with its uncertainty, cost-effectiveness, failed
// runs, the caveats), fan charts of the headline metrics over calendar years,
// paired differences to the base over time, tables (contrasts, flow totals,
// cost-effectiveness), sweep and sensitivity charts when the file holds
// them, provenance (version, git revision, command line, seeds, each
// scenario's resolved YAML and SHA-256) and a method note and glossary.
// Under every chart and table: the HDF5 path it was drawn from.
//
// Self-contained: inline CSS and SVG, fonts by family name with CJK
// fallbacks, no script, no image, no request to any network (a
// Content-Security-Policy of default-src 'none' says so to the browser);
// print CSS for A4 (page breaks between sections, charts not split).
#include <string>
#include <vector>

#include "innosim/experiments/number_format.hpp"
#include "innosim/output/results_reader.hpp"

namespace innosim::experiments {

struct ReportOptions {
  Lang lang = Lang::en;
  std::string title;        ///< empty: "<question> — innosim report" from the file
  std::string source_name;  ///< the results file as the page names it (its path as given)
};

/// One chart of the report, also written alone by `innosim report --svg DIR`.
struct ReportChart {
  std::string id;     ///< file-name-safe and unique: "fan-high_tech_enterprises"
  std::string title;  ///< in the report's language
  std::string svg;    ///< a complete <svg> element
};

struct Report {
  std::string html;                 ///< the whole page, UTF-8
  std::vector<ReportChart> charts;  ///< in page order
  std::vector<std::string> notes;   ///< things the user should know (failed runs, what is not shown)
};

/// Builds the report of an open results file.
Report build_report(const output::ResultsReader& in, const ReportOptions& options);

}  // namespace innosim::experiments
