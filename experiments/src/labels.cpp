#include "innosim/experiments/labels.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <deque>
#include <mutex>
#include <regex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/args.h>
#include <yaml-cpp/yaml.h>

#include "innosim/experiments/number_format.hpp"
#include "innosim/experiments/schema_registry.hpp"
#include "innosim/model/metrics.hpp"
#include "innosim/model/parameters.hpp"
#include "innosim/scenario/scenario.hpp"
#include "innosim/scenario/schema.hpp"

namespace innosim::experiments {

namespace {

// ---------------------------------------------------------------- metrics
// Each module gives its metrics' words beside their names (model::MetricInfo),
// so the catalogue below is the model's, in output order.
struct MetricTable {
  std::vector<Label> labels;
  std::unordered_map<std::string_view, std::size_t> index;
};

const MetricTable& metric_table() {
  static const MetricTable table = [] {
    MetricTable t;
    for (const model::MetricInfo& m : model::metric_catalogue()) {
      const std::string_view name = m.name;
      // A metric without words (a test's, say) shows its name and English description in both languages.
      const auto or_else = [](const char* words, std::string_view fallback) { return words ? std::string_view(words) : fallback; };
      t.index.emplace(name, t.labels.size());
      t.labels.push_back({name, or_else(m.label, name), or_else(m.label_zh, name), m.description,
                          or_else(m.description_zh, m.description)});
    }
    return t;
  }();
  return table;
}

// ---------------------------------------------------------------- key groups
// The run's key groups ("" is the top level); each model module gives its
// groups' words where it binds their keys (model::key_group_words()).
constexpr Label kRunKeyGroups[] = {
    {"", "Run", "运行设置", "Name, time span, seed and replications of a run.", "情景名称、起止时间、随机种子和重复次数。"},
    {"title", "Title", "情景名称", "The scenario's name for people, in English and Chinese.", "情景供人阅读的名称（英文和中文）。"},
    {"question", "Question", "要回答的问题", "The question the scenario answers, in English and Chinese.",
     "情景要回答的问题（英文和中文）。"},
    {"population", "Population", "企业总体", "The number of firms at the start.", "起始时的企业数量。"},
    {"outputs", "Outputs", "输出", "What a run records: sampling period, firm panel, event log.",
     "一次运行记录的内容：抽样周期、企业面板和事件日志。"},
};

/// Every key group: the run's, then the model's, in the schema's order.
const std::vector<Label>& key_group_table() {
  static const std::vector<Label> table = [] {
    std::vector<Label> t(std::begin(kRunKeyGroups), std::end(kRunKeyGroups));
    for (const model::KeyGroupWords& g : model::key_group_words())
      t.push_back({g.path, g.label, g.label_zh, g.description, g.description_zh});
    return t;
  }();
  return table;
}

// ---------------------------------------------------------------- library scenarios
// Each library scenario carries its own title and question in both languages
// (scenario keys title.en/zh and question.en/zh; see scenarios/library/). They
// are the file's own, never inherited through extends, so each file's top
// level is read as it is; Labels.CoverTheCatalogues checks that every library
// scenario has them.
struct ScenarioTable {
  std::deque<std::string> words;  // owns what the labels view; a deque keeps addresses stable
  std::vector<Label> labels;
};

// A scenario's own title and question (en, zh), in the order title en, title
// zh, question en, question zh; empty where the text gives none. One reader
// for the library's files and for the resolved text a results file stores, so
// a report names a scenario the way `innosim scenarios` does.
using ScenarioWords = std::array<std::string, 4>;
ScenarioWords read_scenario_words(const YAML::Node& root) {
  const auto word = [&root](const char* group, const char* lang) {
    const YAML::Node g = root.IsMap() ? root[group] : YAML::Node();
    return g && g.IsMap() && g[lang] && g[lang].IsScalar() ? g[lang].as<std::string>() : std::string();
  };
  return {word("title", "en"), word("title", "zh"), word("question", "en"), word("question", "zh")};
}

const ScenarioTable& scenario_table() {
  static const ScenarioTable table = [] {
    ScenarioTable t;
    const auto keep = [&t](std::string s) -> std::string_view { return t.words.emplace_back(std::move(s)); };
    for (const auto& [name, description] : scenario::embedded_scenarios()) {
      ScenarioWords w = read_scenario_words(YAML::Load(std::string(scenario::embedded_scenario_text(name))));
      const std::string_view key = keep(name);
      t.labels.push_back({key, keep(std::move(w[0])), keep(std::move(w[1])), keep(std::move(w[2])),
                          keep(std::move(w[3]))});
    }
    return t;
  }();
  return table;
}

// ---------------------------------------------------------------- scenario keys
// A key's Chinese description is declared beside its English where the key
// is: the model's in each module's bind_keys (models/src/binder.hpp: `what_zh`;
// model::key_words()), the run's here (scenarios/src/schema.cpp declares them).
// The keys every instrument declares alike (Binder::programme, delivery,
// grant) share the common descriptions below. Terms: docs/glossary-zh.md.
constexpr KeyDescription kRunKeyDescriptions[] = {
    {"name",
     "Short identifier of the scenario (letters of any script, digits, '.', '_', '-'; 江门-2025 is a name); it names output files and should match the file's name.",
     "情景的简短标识（可用任何文字的字母、数字以及“.”“_”“-”；“江门-2025”也是合法名称）；用于命名输出文件，应与文件名一致。"},
    {"description",
     "What the scenario is for: the question it answers. `innosim scenarios` shows its first line.",
     "情景的用途，即它要回答的问题。`innosim scenarios` 显示其第一行。"},
    {"title.en",
     "Short English name (\"Risk-compensation pool\"); the file's own, not inherited through extends.",
     "简短的英文名称（如“Risk-compensation pool”）；仅属于本文件，不经 extends 继承。"},
    {"title.zh",
     "Short Chinese name (\"设立风险补偿资金池\"), shown by --lang zh tables and reports; the file's own, not inherited through extends.",
     "简短的中文名称（如“设立风险补偿资金池”），用于 --lang zh 的表格和报告；仅属于本文件，不经 extends 继承。"},
    {"question.en",
     "The question in English, one sentence; the file's own, not inherited through extends.",
     "用一句英文写出的问题；仅属于本文件，不经 extends 继承。"},
    {"question.zh",
     "The question in Chinese, one sentence, shown by --lang zh listings and reports; the file's own, not inherited through extends.",
     "用一句中文写出的问题，用于 --lang zh 的情景列表和报告；仅属于本文件，不经 extends 继承。"},
    {"extends",
     "The scenario this one starts from: an embedded scenario's name or a path relative to this file. This file's keys are deep-merged over the parent's. Always \"\" in resolved output, where the chain is already merged in.",
     "本情景的出发点：内置情景的名称，或相对于本文件的路径。本文件的键逐层合并到父情景之上。解析后的输出中始终为空（\"\"），因为继承链已经合并。"},
    {"start_year",
     "Calendar year at simulation time 0 (1 January).",
     "模拟时间0点（1月1日）所在的公历年份。"},
    {"horizon_years",
     "Simulated time span per replication (at most 50 years: the span over which the books are proven to balance).",
     "每次重复运行的模拟时长（最长50年：已证明账目在此时长内平衡）。"},
    {"warmup_years",
     "Years simulated before the start date with the start year's policies and discarded from every output: the initial state comes out of the model's own dynamics. 0: none. horizon_years + warmup_years is at most 50.",
     "在起始日期之前按起始年政策模拟、并从全部输出中剔除的年数：初始状态由模型自身的动态生成。0表示不预热。horizon_years 与 warmup_years 之和不超过50。"},
    {"seed",
     "Base random seed; every replication's random streams derive from it and the replication's number, so a run is reproducible.",
     "基础随机种子；每次重复运行的随机数流由它和该次运行的编号导出，因此结果可以复现。"},
    {"replications",
     "Independent replications of the run.",
     "本次运行的独立重复次数。"},
    {"population.firms",
     "Initial number of firms.",
     "起始时的企业数量。"},
    {"outputs.sampling",
     "How often the aggregate time series are sampled.",
     "汇总时间序列的抽样频率。"},
    {"outputs.panel",
     "Write the firm-level panel (one row per firm per panel period); large.",
     "写出企业面板数据（每家企业每个面板周期一行）；数据量大。"},
    {"outputs.panel_period",
     "Period of the firm-level panel.",
     "企业面板数据的周期。"},
    {"outputs.events",
     "Write the log of every discrete event; very large, for debugging.",
     "写出每个离散事件的日志；数据量很大，供调试使用。"},
};

/// Every key's own row: the run's, then the model's, in the schema's order.
const std::vector<KeyDescription>& key_description_table() {
  static const std::vector<KeyDescription> table = [] {
    std::vector<KeyDescription> t(std::begin(kRunKeyDescriptions), std::end(kRunKeyDescriptions));
    for (const model::KeyWords& k : model::key_words()) t.push_back({k.path, k.description, k.description_zh});
    return t;
  }();
  return table;
}
constexpr CommonKeyDescription kCommonKeyDescriptions[] = {
    {"enabled", "Switches the instrument on or off.", "开启或关闭该政策工具。"},
    {"start_year", "First calendar year the instrument is active (0: from the start).",
     "该政策工具生效的第一个公历年份（0：自运行起始年起）。"},
    {"end_year", "Last calendar year the instrument is active.", "该政策工具生效的最后一个公历年份。"},
    {"min_stage", "Eligibility: the lowest rung of the gradient ladder that qualifies.",
     "资格条件：符合条件的最低培育梯度（初创企业、科技型中小企业、高新技术企业、瞪羚企业、独角兽企业依次递进）。"},
    {"delivery", "application: firms apply (take-up, cost, delay); automatic: no application needed, paid at once.",
     "`application`：申报制，企业自行申报（部分企业申报，有申报成本和审批时滞）；`automatic`：免申即享，无需申报，立即兑付。"},
    {"take_up_share", "Application mode: share of eligible firms that apply.", "申报制下：符合条件的企业中提出申报的比例。"},
    {"automatic_take_up_share", "Automatic mode: share of eligible firms reached (they confirm once; no cost, no delay).",
     "免申即享下：符合条件的企业中实际兑付到位的比例（企业只需确认一次，无申报成本和审批时滞）。"},
    {"approval_delay_days", "Application mode: days from application to payment.", "申报制下：从申报到资金到账的天数。"},
    {"application_cost_yuan", "Application mode: cost of applying, borne by the firm.", "申报制下：由企业承担的申报成本。"},
    {"budget_yuan", "Annual budget.", "年度预算。"},
};

// ---------------------------------------------------------------- phrases
// The words of tables and messages, keyed by their English. Placeholders
// ({}) keep their order in both languages.
constexpr Phrase kPhrases[] = {
#include "phrases_zh.inc"
#include "phrases_zh_sensitivity.inc"
#include "phrases_zh_summary.inc"
#include "phrases_zh_help.inc"
#include "phrases_zh_messages.inc"
};

// Messages built in English elsewhere (exceptions, scenario diagnostics,
// command-line errors): templates matched against the whole line, {} for
// any text. More specific templates come first: the first that matches wins.
constexpr Phrase kMessages[] = {
#include "messages_zh.inc"
};

}  // namespace

std::span<const Label> metric_labels() { return metric_table().labels; }
std::span<const Label> key_group_labels() { return key_group_table(); }
std::span<const Label> scenario_labels() { return scenario_table().labels; }

const Label* find_metric_label(std::string_view metric) {
  const MetricTable& t = metric_table();
  const auto it = t.index.find(metric);
  return it == t.index.end() ? nullptr : &t.labels[it->second];
}
const Label* find_key_group_label(std::string_view section) {
  for (const Label& l : key_group_table())
    if (l.key == section) return &l;
  return nullptr;
}
const Label* find_scenario_label(std::string_view scenario) {
  for (const Label& l : scenario_table().labels)
    if (l.key == scenario) return &l;
  return nullptr;
}

std::string scenario_words(const std::string& resolved_yaml, std::string_view group, Lang lang) {
  // A report asks for the same scenario's words once per table row: parse each text once.
  static std::mutex mutex;
  static std::unordered_map<std::string, ScenarioWords> cache;
  const std::lock_guard lock(mutex);
  auto it = cache.find(resolved_yaml);
  if (it == cache.end()) {
    ScenarioWords w;
    try {
      w = read_scenario_words(YAML::Load(resolved_yaml));
    } catch (const YAML::Exception&) {
      // A file from another tool or a damaged attribute: no words, the caller falls back.
    }
    it = cache.emplace(resolved_yaml, std::move(w)).first;
  }
  const std::size_t i = (group == "question" ? 2 : 0) + (lang == Lang::zh ? 1 : 0);
  return group == "title" || group == "question" ? it->second[i] : std::string();
}

std::string metric_label(std::string_view metric, Lang lang) {
  const Label* l = find_metric_label(metric);
  return std::string(l ? l->label(lang) : metric);
}

std::string metric_description(std::string_view metric, Lang lang, std::string_view fallback) {
  const Label* l = find_metric_label(metric);
  return std::string(l ? l->description(lang) : fallback);
}

std::string scenario_label(std::string_view scenario, Lang lang) {
  const Label* l = find_scenario_label(scenario);
  return std::string(l && lang == Lang::zh ? l->zh : scenario);
}

std::string key_group_of(std::string_view key, Lang lang) {
  std::string_view section = key;
  for (;;) {
    const std::size_t dot = section.rfind('.');
    section = dot == std::string_view::npos ? std::string_view() : section.substr(0, dot);
    if (const Label* l = find_key_group_label(section); l && !section.empty()) return std::string(l->label(lang));
    if (section.empty()) break;
  }
  return std::string(key);
}

std::string key_short_label(std::string_view key, Lang lang) {
  const std::string where = key_group_of(key, lang);
  return where == key ? where : where + " · " + std::string(key.substr(key.rfind('.') + 1));
}

std::span<const KeyDescription> key_descriptions_zh() { return key_description_table(); }
std::span<const CommonKeyDescription> common_key_descriptions_zh() { return kCommonKeyDescriptions; }

std::string_view key_description_zh(std::string_view key, std::string_view english) {
  static const std::unordered_map<std::string_view, const KeyDescription*> index = [] {
    std::unordered_map<std::string_view, const KeyDescription*> m;
    for (const KeyDescription& d : key_description_table()) m.emplace(d.key, &d);
    return m;
  }();
  if (const auto it = index.find(key); it != index.end()) return it->second->en == english ? it->second->zh : "";
  const std::string_view name = key.substr(key.rfind('.') + 1);  // the whole key when it has no dot
  for (const CommonKeyDescription& c : kCommonKeyDescriptions)
    if (c.name == name && c.en == english) return c.zh;
  return {};
}

std::string key_description(std::string_view key, Lang lang, std::string_view english) {
  if (lang == Lang::en) return std::string(english);
  const std::string_view zh = key_description_zh(key, english);
  return std::string(zh.empty() ? english : zh);
}

std::vector<double> description_numbers(std::string_view s) {
  const auto digit = [&](std::size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
  const auto letter = [&](std::size_t i) {
    return i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_');
  };
  std::vector<double> out;
  for (std::size_t i = 0; i < s.size();) {
    if (letter(i)) {  // a word or a name with digits in it (zeta1, sigma0): no number
      while (letter(i) || digit(i)) ++i;
      continue;
    }
    if (!digit(i)) {
      ++i;
      continue;
    }
    std::string text;
    std::size_t j = i;
    while (digit(j) || (j < s.size() && s[j] == ',' && digit(j + 1) && digit(j + 2) && digit(j + 3) && !digit(j + 4)))
      if (s[j++] != ',') text += s[j - 1];
    if (j + 1 < s.size() && s[j] == '.' && digit(j + 1)) {
      text += s[j++];
      while (digit(j)) text += s[j++];
    }
    double v = std::stod(text);
    // A sign, not a dash between two numbers ("30-40") or a minus in a formula ("x-1").
    if (i > 0 && s[i - 1] == '-' && !(i > 1 && (digit(i - 2) || letter(i - 2) || s[i - 2] == ')'))) v = -v;
    std::size_t k = j;
    while (k < s.size() && s[k] == ' ') ++k;
    const auto word = [&](std::string_view w) { return s.substr(k, w.size()) == w && !letter(k + w.size()); };
    if (word("bn")) {
      v *= 1e9;
      j = k + 2;
    } else if (word("m")) {
      v *= 1e6;
      j = k + 1;
    } else if (s.substr(j, 3) == "亿") {
      v *= 1e8;
      j += 3;
    } else if (s.substr(j, 3) == "万") {
      v *= 1e4;
      j += 3;
    }
    out.push_back(v);
    i = j;
  }
  return out;
}

std::vector<std::string> key_description_problems(const scenario::Schema& schema,
                                                  std::span<const KeyDescription> rows) {
  if (rows.data() == nullptr) rows = key_description_table();
  const std::string where = " (its what_zh beside its description in the module's bind_keys; a run key's: kRunKeyDescriptions, experiments/src/labels.cpp)";
  std::vector<std::string> problems;
  const auto values = [](std::string_view text) {
    std::vector<double> v = description_numbers(text);
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end(), [](double a, double b) { return std::abs(a - b) <= 1e-9 * std::abs(a); }),
            v.end());
    return v;
  };
  const auto list = [](const std::vector<double>& v) {
    std::string out;
    for (double x : v) out += (out.empty() ? "" : ", ") + fmt::format("{}", x);
    return "{" + out + "}";
  };
  const auto has_chinese = [](std::string_view text) {
    return text.find("\xe4") != std::string_view::npos || text.find("\xe5") != std::string_view::npos ||
           text.find("\xe6") != std::string_view::npos || text.find("\xe7") != std::string_view::npos ||
           text.find("\xe8") != std::string_view::npos || text.find("\xe9") != std::string_view::npos;
  };
  std::set<std::string_view> common_used;
  for (const scenario::KeySpec& k : schema.keys()) {
    // key_description_zh's rule over `rows`: the key's own row while its English is the key's, else a common row.
    const auto row = std::find_if(rows.begin(), rows.end(), [&](const KeyDescription& d) { return d.key == k.path; });
    std::string_view zh = row != rows.end() && row->en == k.description ? row->zh : std::string_view();
    if (row == rows.end()) {
      const std::string_view name = std::string_view(k.path).substr(k.path.rfind('.') + 1);
      for (const CommonKeyDescription& c : kCommonKeyDescriptions)
        if (c.name == name && c.en == k.description) zh = c.zh;
    }
    if (zh.empty()) {
      if (row != rows.end())
        problems.push_back(k.path + ": the English changed since its Chinese was written; now \"" + k.description +
                           "\", the row translates \"" + std::string(row->en) + "\": update both" + where);
      else
        problems.push_back(k.path + ": no Chinese description; its English: \"" + k.description + "\"" + where);
      continue;
    }
    for (const CommonKeyDescription& c : kCommonKeyDescriptions)
      if (c.zh.data() == zh.data()) common_used.insert(c.name);
    if (!has_chinese(zh)) problems.push_back(k.path + ": its description has no Chinese: " + std::string(zh));
    if (const auto en = values(k.description), cn = values(zh); en != cn)
      problems.push_back(k.path + ": the Chinese states the numbers " + list(cn) + ", the English " + list(en) +
                         " (\"" + k.description + "\")" + where);
  }
  std::set<std::string_view> seen;
  for (const KeyDescription& d : rows) {
    if (!seen.insert(d.key).second) problems.push_back(std::string(d.key) + ": two rows" + where);
    if (!schema.find(d.key)) problems.push_back(std::string(d.key) + ": a row for a key the schema does not have" + where);
  }
  for (const CommonKeyDescription& c : kCommonKeyDescriptions)
    if (!common_used.count(c.name))
      problems.push_back(std::string("*.") + std::string(c.name) + ": a common description no key uses (its English, \"" +
                         std::string(c.en) + "\", is no key's)");
  return problems;
}

std::string key_meaning(std::string_view key, Lang lang) {
  const scenario::KeySpec* k = full_schema().find(key);
  return k ? key_description(key, lang, k->description) : std::string();
}

std::string_view scenario_guide_zh() {
  static constexpr std::string_view kGuide =
#include "scenario_guide_zh.inc"
      ;
  return kGuide;
}

std::string_view tr(std::string_view english, Lang lang) {
  if (lang == Lang::en) return english;
  static const std::unordered_map<std::string_view, std::string_view> index = [] {
    std::unordered_map<std::string_view, std::string_view> m;
    for (const Phrase& p : kPhrases) m.emplace(p.en, p.zh);
    return m;
  }();
  const auto it = index.find(english);
  return it == index.end() ? english : it->second;
}

std::span<const Phrase> phrases_zh() { return kPhrases; }
std::span<const Phrase> messages_zh() { return kMessages; }

namespace {
// 0: not set yet (the locale's), else 1 + Lang.
std::atomic<int> g_message_lang{0};

struct MessageTemplate {
  std::regex pattern;
  std::string_view zh;
};

/// kMessages as anchored patterns: the literal text escaped, {} a lazy group.
const std::vector<MessageTemplate>& message_templates() {
  static const std::vector<MessageTemplate> templates = [] {
    std::vector<MessageTemplate> out;
    for (const Phrase& m : kMessages) {
      std::string re = "^";
      for (std::size_t i = 0; i < m.en.size(); ++i) {
        if (m.en.compare(i, 2, "{}") == 0) {
          re += "([\\s\\S]*?)";
          ++i;
          continue;
        }
        const char c = m.en[i];
        if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) re += '\\';
        re += c;
      }
      re += "$";
      out.push_back({std::regex(re, std::regex::ECMAScript | std::regex::optimize), m.zh});
    }
    return out;
  }();
  return templates;
}

std::string translate_line(const std::string& line, int depth) {
  // Only the message templates, never the phrase catalogue: a key named "file" in a message is not a phrase.
  if (line.empty() || depth > 6) return line;
  if (depth == 0) {
    // "file:line:column: message", "<--set>:2:5: message": the place stays, the message is translated.
    static const std::regex place(R"(^([^\n]*?:\d+:\d+: )([\s\S]+)$)");
    std::smatch m;
    if (std::regex_match(line, m, place)) return m[1].str() + translate_line(m[2].str(), depth + 1);
  }
  // Several reasons joined by "; " ("it starts in 2026, the base in 2025; it runs 3 years, the base 2"), each
  // a known message: each on its own. Tried first, or a template's last {} would swallow the later reasons
  // ("the base in {}" taking "2025; it runs 3 years, the base 2"); a template with a "; " of its own is used
  // when its parts are not both known ("unknown key '{}'; a sweep file has {}").
  const std::size_t semi = line.find("; ");
  std::string head, tail, a, b;  // the parts and their translations (computed once)
  if (semi != std::string::npos) {
    head = line.substr(0, semi);
    tail = line.substr(semi + 2);
    a = translate_line(head, depth + 1);
    b = translate_line(tail, depth + 1);
    if (a != head && b != tail) return a + "；" + b;
  }
  for (const MessageTemplate& t : message_templates()) {
    std::smatch m;
    if (!std::regex_match(line, m, t.pattern)) continue;
    fmt::dynamic_format_arg_store<fmt::format_context> args;
    for (std::size_t i = 1; i < m.size(); ++i) args.push_back(translate_line(m[i].str(), depth + 1));
    try {
      return fmt::vformat(t.zh, args);
    } catch (const fmt::format_error&) {
      return line;  // a catalogue mistake must not hide the message
    }
  }
  if (depth == 0) {
    // "file: message" (a problem with a whole file): the file stays.
    static const std::regex file(R"(^([^:\n ]+: )([\s\S]+)$)");
    std::smatch m;
    if (std::regex_match(line, m, file)) {
      const std::string rest = translate_line(m[2].str(), depth + 1);
      if (rest != m[2].str()) return m[1].str() + rest;
    }
  }
  // Parts joined by "; " that no template matches whole: each on its own, when one of them is known.
  if (semi != std::string::npos && (a != head || b != tail)) return a + "；" + b;
  return line;
}
}  // namespace

void set_message_lang(Lang lang) { g_message_lang = 1 + static_cast<int>(lang); }

Lang message_lang() {
  const int v = g_message_lang.load();
  if (v) return static_cast<Lang>(v - 1);
  static const Lang from_locale = lang_from_environment();
  return from_locale;
}

namespace {

/// Amounts of money an English message gives in bn/m/trillion yuan ("24.18 bn
/// yuan", as quantity() writes them) in 亿元/万元/万亿元 (GB/T 15835): the
/// decimal point moved, as many significant digits as the English had.
std::string chinese_amounts(const std::string& text) {
  static const std::regex amount(R"(([+-]?)(\d[\d,]*(?:\.\d+)?) (trillion |bn |m )?yuan\b)");
  std::string out;
  auto from = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), amount), end; it != end; ++it) {
    const std::smatch& m = *it;
    out.append(from, m[0].first);
    from = m[0].second;
    std::string digits = m[2].str();
    digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
    int significant = 0;
    bool leading = true;
    for (char c : digits) {
      if (c == '.') continue;
      if (c != '0') leading = false;
      if (!leading) ++significant;
    }
    const std::string scale = m[3].str();
    const int shift = scale == "bn " ? 1 : scale == "m " ? 2 : 0;
    const char* unit = scale == "trillion " ? "万亿元" : scale == "bn " ? "亿元" : scale == "m " ? "万元" : "元";
    const double v = std::stod(digits) * (m[1].str() == "-" ? -1.0 : 1.0);
    out += format_number(v, {Lang::zh, Precision::significant(std::max(significant, 1)), m[1].str() == "+",
                             Grouping::standard},
                         shift) +
           unit;
  }
  out.append(from, text.cend());
  return out;
}

}  // namespace

std::string translate_message(std::string_view message, Lang lang) {
  if (lang == Lang::en) return std::string(message);
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t nl = message.find('\n', start);
    const std::string line(message.substr(start, nl == std::string_view::npos ? nl : nl - start));
    // HDF5's own words (h5::fail) stay as HDF5 gave them, for a bug report; the line before says it in Chinese.
    constexpr std::string_view kDetail = "  HDF5's detail: ";
    if (line.rfind(kDetail, 0) == 0)
      out += "  HDF5 的原始信息（英文）：" + line.substr(kDetail.size());
    else
      out += translate_line(line, 0);
    if (nl == std::string_view::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return chinese_amounts(out);
}

}  // namespace innosim::experiments
