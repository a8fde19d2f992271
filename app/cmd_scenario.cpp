// The scenario commands: `innosim validate`, `scenarios`, `show-scenario`
// and `schema`. A scenario with problems prints every diagnostic, one per
// line as file:line:column: message, and exits 2 without running anything.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "cli.hpp"
#include "innosim/experiments/experiment.hpp"
#include "innosim/model/parameters.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/experiments/inert.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/scenario/scenario.hpp"
#include "innosim/scenario/warmup.hpp"

namespace po = boost::program_options;

namespace innosim::app {

namespace {

void print_diagnostics(const scenario::ScenarioError& e) {
  for (const auto& d : e.diagnostics())
    std::fprintf(stderr, "%s\n", translate_message(d.to_string(), message_lang()).c_str());
}

const char* kSetHelp = "override one key after loading, e.g. --set horizon_years=20 (repeatable)";

}  // namespace

int cmd_validate(const Args& args) {
  std::vector<std::string> files, overrides;
  std::string lang_option;
  po::options_description opts(
      "innosim validate FILE... [--set path=value]...\n\n"
      "Checks each scenario (a file, or an embedded scenario's name) and its extends chain\n"
      "against the schema. Prints \"FILE: ok\" for each valid one; otherwise every problem as\n"
      "file:line:column: message on stderr, and exits 2. A key the file sets or a --set path\n"
      "that has no effect (its instrument switched off, without budget, or active only outside\n"
      "the run) gets a warning");
  opts.add_options()("help,h", "show this help")("set", po::value(&overrides)->composing(), kSetHelp)(
      "lang", po::value(&lang_option), "zh or en: language of the warnings (default: the locale's)");
  po::options_description hidden;
  hidden.add_options()("file", po::value(&files));
  po::variables_map vm;
  if (!parse_command(args, opts, hidden, "file", -1, vm)) return 0;  // --help
  const Lang lang = choose_lang(lang_option);
  if (files.empty()) throw UsageError("no scenario given (usage: innosim validate FILE... [--set path=value]...)");
  int status = 0;
  for (const auto& f : files) {
    try {
      const scenario::Scenario s = scenario::load(full_schema(), f, overrides);
      // What the model would reject when a run starts is checked too.
      // (the run a warm-up makes: warmup_run_scenario checks its length too).
      if (auto problems = run_time_problems(model::params_from(scenario::warmup_run_scenario(s)), f); !problems.empty())
        throw scenario::ScenarioError(std::move(problems));
      std::printf("%s\n", say("{}: ok", f).c_str());
      // Valid, but a key the file sets or a --set path that changes nothing is worth a word.
      for (const std::string& w : inert_file_warnings(s, f, lang)) std::fprintf(stderr, "%s\n", w.c_str());
      const scenario::Scenario* const one[] = {&s};
      for (const std::string& w : inert_set_warnings(one, overrides, lang))
        std::fprintf(stderr, "%s: %s: %s\n", f.c_str(), std::string(tr("warning", lang)).c_str(), w.c_str());
    } catch (const scenario::ScenarioError& e) {
      print_diagnostics(e);
      status = 2;
    }
  }
  std::fflush(stdout);
  return status;
}

int cmd_scenarios(const Args& args) {
  po::options_description opts("innosim scenarios\n\nLists the scenarios embedded in the binary with the first line "
                               "of their descriptions.\n`innosim show-scenario NAME` prints one in full");
  opts.add_options()("help,h", "show this help");
  po::variables_map vm;
  if (!parse_command(args, opts, {}, nullptr, 0, vm)) return 0;  // --help
  const auto list = scenario::embedded_scenarios();
  std::size_t width = 0;
  for (const auto& [name, description] : list) width = std::max(width, name.size());
  for (const auto& [name, description] : list) {
    // In Chinese, the catalogue's question (labels.hpp covers every library scenario).
    const Label* l = message_lang() == Lang::zh ? find_scenario_label(name) : nullptr;
    std::printf("%-*s  %s\n", static_cast<int>(width), name.c_str(),
                l ? std::string(l->zh_description).c_str() : description.c_str());
  }
  return 0;
}

int cmd_show_scenario(const Args& args) {
  std::vector<std::string> names, overrides;
  bool sha = false;
  po::options_description opts(
      "innosim show-scenario NAME|FILE [--set path=value]...\n\n"
      "Prints the fully resolved scenario: its extends chain merged, overrides applied, and\n"
      "every key of the schema with its value, defaults included. The output is itself a\n"
      "scenario that loads to the same values");
  opts.add_options()("help,h", "show this help")("set", po::value(&overrides)->composing(), kSetHelp)(
      "sha256", po::bool_switch(&sha), "print only the SHA-256 of the resolved text (identifies a run's inputs)");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&names));
  po::variables_map vm;
  if (!parse_command(args, opts, hidden, "scenario", -1, vm)) return 0;  // --help
  if (names.size() != 1)
    throw UsageError("expected one scenario (usage: innosim show-scenario NAME|FILE [--set path=value]...)");
  try {
    const auto s = scenario::load(full_schema(), names[0], overrides);
    if (sha)
      std::printf("%s\n", s.sha256().c_str());
    else
      std::fputs(s.resolved_yaml().c_str(), stdout);
  } catch (const scenario::ScenarioError& e) {
    print_diagnostics(e);
    return 2;
  }
  return 0;
}

namespace {

/// A scenario key's unit in Chinese. A share is written 0.3 in a scenario, not 30: its unit is "比例", not
/// the tables' "%". Units no entry knows stay as declared (cli.lang_zh_messages names them: a key with a new
/// unit needs its words here).
std::string schema_unit_zh(std::string_view unit) {
  static const std::map<std::string_view, std::string_view> kUnits = {
      {"IP items", "项知识产权"}, {"TRL", "技术成熟度等级"}, {"banks", "家银行"}, {"calendar month", "公历月份"}, {"calendar year", "公历年份"},
      {"centres", "个中心"}, {"centres per year", "个中心/年"}, {"challenges", "项挑战"}, {"classes", "个班"}, {"consortia per year", "个联合体/年"},
      {"days", "天"}, {"events", "场"}, {"firms", "家"}, {"firms per year", "家/年"}, {"hours per day", "小时/天"},
      {"incubators", "家孵化器"}, {"machine sets", "台（套）设备"}, {"machine-hours", "机时"}, {"months", "个月"},
      {"months of costs", "个月的成本"}, {"months of wages", "个月的工资"}, {"multiple of fund", "资金的倍数"}, {"multiple of paid-in", "实缴出资的倍数"},
      {"opportunities per firm-year", "次机会/企业·年"}, {"per firm-year", "每企业每年"}, {"per sqrt(year)", "每√年"}, {"per year", "每年"},
      {"per year per unit of coverage", "每年每单位覆盖"}, {"persons", "人"}, {"platforms", "个平台"},
      {"private yuan per guidance yuan", "每元引导资金撬动的社会资金（元）"}, {"probability", "概率"},
      {"probability per month", "概率/月"}, {"probability per year", "概率/年"}, {"projects", "个项目"}, {"projects per firm-year", "个项目/企业·年"},
      {"recommendations", "项推荐"}, {"results per million yuan", "项成果/百万元"},
      {"results per researcher-year", "项成果/研究人员·年"}, {"retries", "次重试"}, {"reviews", "次评审"}, {"score", "分"},
      {"s.d. of log", "对数标准差"}, {"score per coverage", "分/覆盖率"}, {"sectors", "个行业"}, {"share", "比例"},
      {"share of annual revenue", "占年营业收入的比例"}, {"share of cover per year", "覆盖比例/年"},
      {"share of equity", "占股权的比例"}, {"share of expected claims", "占预期赔付的比例"}, {"share of the gain", "占收益的比例"}, {"share of interest", "占利息的比例"}, {"share of loss", "占损失的比例"},
      {"share per month", "比例/月"}, {"share per year", "比例/年"}, {"tenants", "家在孵企业"},
      {"test types", "类检测项目"},
      {"units per employee-month", "单位/员工·月"}, {"x annual premiums", "倍年保费"}, {"x base", "倍基准"}, {"x hazard_old", "倍老龄企业基准退出率"}, {"x the lead's amount", "倍领投基金自有出资"}, {"year", "年份"}, {"years", "年"}, {"years of revenue", "年的营业收入"},
      {"yuan", "元"}, {"yuan per machine-hour", "元/机时"}, {"yuan per month", "元/月"},
      {"yuan per officer-year", "元/专员·年"}, {"yuan per person-year", "元/人·年"}, {"yuan per unit", "元/单位"},
      {"yuan per year", "元/年"}};
  const auto it = kUnits.find(unit);
  return it == kUnits.end() ? std::string(unit) : std::string(it->second);
}

}  // namespace

int cmd_schema(const Args& args) {
  bool markdown = false;
  std::string pattern;
  po::options_description opts(
      "innosim schema [PATTERN] [--markdown]\n\n"
      "Prints every scenario key: path, type, default, unit, range and meaning\n"
      "(in Chinese with --lang zh, the Markdown too).\n"
      "PATTERN keeps the keys whose path contains it (case ignored), or matches it\n"
      "as a shell glob when it holds * ? or [ (e.g. 'policies.*.rate'); exit 2 when none does.\n"
      "docs/scenarios.md is the --markdown output (regenerate it with `make docs`)");
  opts.add_options()("help,h", "show this help")("markdown", po::bool_switch(&markdown),
                                                 "print the Markdown reference (docs/scenarios.md)");
  po::options_description hidden;
  hidden.add_options()("pattern", po::value<std::string>(&pattern), "keys to show");
  po::variables_map vm;
  if (!parse_command(args, opts, hidden, "pattern", 1, vm)) return 0;
  if (markdown && !pattern.empty())
    throw UsageError("--markdown prints the whole reference; give a PATTERN without --markdown");
  // In Chinese: the frame, the types, units, every key group's label and description and every key's
  // description as its module declares it (labels.hpp: key_description_zh), the Markdown guide too.
  const bool zh = message_lang() == Lang::zh;
  std::unique_ptr<scenario::Schema::ReferenceWords> words;
  if (zh) {
    words = std::make_unique<scenario::Schema::ReferenceWords>();
    words->phrase = [](std::string_view english) { return std::string(tr(english, Lang::zh)); };
    words->section = [](std::string_view section) {
      const Label* l = find_key_group_label(section);
      return l ? std::pair<std::string, std::string>(l->zh, l->zh_description) : std::pair<std::string, std::string>();
    };
    words->unit = [](std::string_view unit) { return schema_unit_zh(unit); };
    words->key = [](const scenario::KeySpec& k) { return std::string(key_description_zh(k.path, k.description)); };
    if (markdown) words->guide = std::string(scenario_guide_zh());
  }
  if (!pattern.empty()) {
    const auto& schema = full_schema();
    if (schema.count_matching(pattern) == 0) {
      // The section names are what people half-remember: offer them.
      std::string sections;
      for (const auto& s : schema.sections())
        if (s.path.find('.') == std::string::npos) sections += (sections.empty() ? "" : ", ") + s.path;
      throw UsageError("no scenario key matches '" + pattern + "' (a substring of the key's path, or a glob with * ? [; "
                       "top-level sections: " + sections + ")");
    }
    std::fputs(schema.reference_text(pattern, words.get()).c_str(), stdout);
    return 0;
  }
  const auto& schema = full_schema();
  std::string out = markdown ? schema.reference_markdown(words.get()) : schema.reference_text({}, words.get());
  if (markdown) {
    // The library belongs in the same generated page: the docs check then
    // also catches a scenario added without regenerating the docs.
    out += zh ? "\n## 情景库\n\n内置于程序（`innosim scenarios`），来自 `scenarios/library/`。"
                "各变体情景继承 `jiangmen-2025`；下表列出每个情景要回答的问题（其 `description` 键写明改变了什么、为什么）。\n\n| 情景 | 名称 | 要回答的问题 |\n|---|---|---|\n"
              : "\n## Scenario library\n\nEmbedded in the binary (`innosim scenarios`), from `scenarios/library/`. "
                "The variants extend `jiangmen-2025`; each one's description says what it changes and why.\n\n| scenario | question |\n|---|---|\n";
    for (const auto& [name, description] : scenario::embedded_scenarios()) {
      if (zh) {
        // The catalogue covers the library (Labels.CoverTheCatalogues).
        const Label* l = find_scenario_label(name);
        out += "| `" + name + "` | " + std::string(l ? l->zh : std::string_view(name)) + " | " +
               std::string(l ? l->zh_description : std::string_view(description)) + " |\n";
        continue;
      }
      std::string cell;
      for (char c : description) {
        if (c == '|') cell += '\\';
        cell += c;
      }
      out += "| `" + name + "` | " + cell + " |\n";
    }
  }
  std::fputs(out.c_str(), stdout);
  return 0;
}

}  // namespace innosim::app
