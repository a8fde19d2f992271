// Readable numbers (experiments/number_format.hpp) and the bilingual label
// catalogue (experiments/labels.hpp): golden values for the Chinese and
// English conventions (GB/T 8170 rounding, GB/T 15835 grouping and units),
// and the catalogue's coverage of every metric, key group and library scenario.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "innosim/engine/error.hpp"
#include "innosim/experiments/labels.hpp"
#include "innosim/experiments/number_format.hpp"
#include "innosim/experiments/schema_registry.hpp"
#include "innosim/experiments/tables.hpp"
#include "innosim/model/ecosystem.hpp"
#include "innosim/scenario/scenario.hpp"
#include "innosim/scenario/schema.hpp"

using namespace innosim::experiments;

namespace {

NumberStyle zh(Precision p) { return {Lang::zh, p, false, Grouping::standard}; }
NumberStyle en(Precision p) { return {Lang::en, p, false, Grouping::standard}; }

}  // namespace

// GB/T 8170: round once, half to even, from the exact decimal value.
TEST(NumberFormat, RoundsOnceHalfToEven) {
  // 1.2345亿元 at two decimals is 1.23亿元: 0.0045 < 0.005. Rounding in steps
  // (1.2345 -> 1.235 -> 1.24) is the error the standard forbids.
  EXPECT_EQ(round_decimal(1.2345e8, Precision::decimals(2), -8), "1.23");
  EXPECT_EQ(format_in(1.2345e8, display_unit("yuan", 1.2345e8, Lang::zh), zh(Precision::decimals(2))), "1.23");
  EXPECT_EQ(format_quantity(1.2345e8, "yuan", zh(Precision::decimals(2))), "1.23亿元");
  // Exactly half: to the even neighbour.
  EXPECT_EQ(round_decimal(0.125, Precision::decimals(2)), "0.12");
  EXPECT_EQ(round_decimal(0.135, Precision::decimals(2)), "0.14");
  EXPECT_EQ(round_decimal(2.5, Precision::decimals(0)), "2");
  EXPECT_EQ(round_decimal(3.5, Precision::decimals(0)), "4");
  EXPECT_EQ(round_decimal(-2.5, Precision::decimals(0)), "-2");
  // More than half, less than half.
  EXPECT_EQ(round_decimal(1.2351, Precision::decimals(2)), "1.24");
  EXPECT_EQ(round_decimal(1.2349, Precision::decimals(2)), "1.23");
  // The decimal value is the shortest text that reads back: 2.675 is "2.675",
  // a tie, so it goes to the even 2.68 (the binary value is a hair below).
  EXPECT_EQ(round_decimal(2.675, Precision::decimals(2)), "2.68");
  // Carries.
  EXPECT_EQ(round_decimal(9.995, Precision::decimals(2)), "10.00");
  EXPECT_EQ(round_decimal(999.95, Precision::significant(4)), "1000");
  EXPECT_EQ(round_decimal(0.0996, Precision::significant(2)), "0.10");
  // Tens and hundreds.
  EXPECT_EQ(round_decimal(1250, Precision::decimals(-2)), "1200");
  EXPECT_EQ(round_decimal(1350, Precision::decimals(-2)), "1400");
  // Zero carries no sign.
  EXPECT_EQ(round_decimal(-0.004, Precision::decimals(2)), "0.00");
  EXPECT_EQ(round_decimal(-0.0, Precision::decimals(1)), "0.0");
  EXPECT_EQ(round_decimal(0.0, Precision::significant(3)), "0");
  EXPECT_EQ(round_decimal(0.006, Precision::decimals(2)), "0.01");
  EXPECT_EQ(round_decimal(0.005, Precision::decimals(2)), "0.00");  // half, to the even 0
  EXPECT_EQ(round_decimal(0.0051, Precision::decimals(2)), "0.01");
  EXPECT_EQ(round_decimal(0.0004, Precision::decimals(2)), "0.00");
  // Significant digits.
  EXPECT_EQ(round_decimal(465672000000.0, Precision::significant(4)), "465700000000");
  EXPECT_EQ(round_decimal(0.000123456, Precision::significant(3)), "0.000123");
  EXPECT_EQ(round_decimal(1234.5, Precision::significant(4)), "1234");  // tie: 4 is even
  EXPECT_EQ(round_decimal(1235.5, Precision::significant(4)), "1236");
  EXPECT_EQ(round_decimal(std::nan(""), Precision::decimals(1)), "nan");
  EXPECT_EQ(round_decimal(-INFINITY, Precision::decimals(1)), "-inf");
}

// The golden pair of issue 15: 39038.1亿元 is 3.90381 trillion yuan.
TEST(NumberFormat, ChineseAndEnglishMoney) {
  const double yuan = 39038.1e8;
  EXPECT_EQ(yuan, 3.90381e12);
  EXPECT_EQ(format_quantity(yuan, "yuan", en(Precision::significant(6))), "3.90381 trillion yuan");
  EXPECT_EQ(format_quantity(yuan, "yuan", zh(Precision::significant(6))), "3.90381万亿元");
  // In a column shown in 亿元 (tables keep one unit per column).
  const DisplayUnit yi{8, "亿元", Lang::zh};
  EXPECT_EQ(yi.attach(format_in(yuan, yi, zh(Precision::significant(6)))), "39,038.1亿元");
  NumberStyle plain = zh(Precision::significant(6));
  plain.grouping = Grouping::none;  // as newspapers write it
  EXPECT_EQ(yi.attach(format_in(yuan, yi, plain)), "39038.1亿元");
  // Scales by magnitude.
  EXPECT_EQ(format_quantity(4.65672e11, "yuan", en(Precision::significant(4))), "465.7 bn yuan");
  EXPECT_EQ(format_quantity(4.65672e11, "yuan", zh(Precision::significant(4))), "4657亿元");
  EXPECT_EQ(format_quantity(-6.9e5, "yuan", en(Precision::significant(2))), "-690,000 yuan");
  EXPECT_EQ(format_quantity(-6.9e6, "yuan", en(Precision::significant(2))), "-6.9 m yuan");
  EXPECT_EQ(format_quantity(-6.9e5, "yuan", zh(Precision::significant(2))), "-69万元");
  EXPECT_EQ(format_quantity(98.24e6, "yuan", zh(Precision::significant(4))), "9824万元");  // the seed's figure
  EXPECT_EQ(format_quantity(1500e8, "yuan", zh(Precision::significant(4))), "1500亿元");
  EXPECT_EQ(format_quantity(150000, "yuan", en(Precision::significant(3))), "150,000 yuan");
  EXPECT_EQ(format_quantity(150000, "yuan", zh(Precision::significant(3))), "15.0万元");
  EXPECT_EQ(format_quantity(999, "yuan", zh(Precision::significant(3))), "999元");
  // The scale follows the rounded value: 999,960 yuan at 3 digits is 1.00 m.
  EXPECT_EQ(format_quantity(999960, "yuan", en(Precision::significant(3))), "1.00 m yuan");
  EXPECT_EQ(format_quantity(99996000, "yuan", zh(Precision::significant(3))), "1.00亿元");
  // A per-period unit keeps its period.
  EXPECT_EQ(format_quantity(2.5e9, "yuan per month", en(Precision::significant(2))), "2.5 bn yuan per month");
  EXPECT_EQ(format_quantity(2.5e9, "yuan per year", zh(Precision::significant(2))), "25亿元/年");
  const DisplayUnit d = display_unit("yuan per month", 3e9, Lang::zh);
  EXPECT_EQ(d.exponent, 8);
  EXPECT_EQ(d.text, "亿元/月");
}

// GB/T 15835: integers of up to four digits ungrouped in Chinese; English from four.
TEST(NumberFormat, GroupsDigits) {
  EXPECT_EQ(format_quantity(2193, "firms", zh(Precision::decimals(0))), "2193家");
  EXPECT_EQ(format_quantity(2193, "firms", en(Precision::decimals(0))), "2,193 firms");
  EXPECT_EQ(format_quantity(12345, "firms", zh(Precision::decimals(0))), "12,345家");
  EXPECT_EQ(format_quantity(1234567.891, "persons", en(Precision::decimals(2))), "1,234,567.89 persons");
  EXPECT_EQ(format_number(-1234567, en(Precision::decimals(0))), "-1,234,567");
  NumberStyle s = en(Precision::decimals(0));
  s.sign = true;
  EXPECT_EQ(format_number(36, s), "+36");
  EXPECT_EQ(format_number(-36, s), "-36");
  EXPECT_EQ(format_number(0.2, s), "0");  // rounds to zero: no sign
  s.grouping = Grouping::thin_space;
  s.precision = Precision::decimals(5);
  EXPECT_EQ(format_number(12345.678912, s), "+12\u2009345.678\u200991");
  EXPECT_EQ(format_number(std::nan(""), s), "\u2014");
  EXPECT_EQ(format_number(INFINITY, en(Precision::decimals(0))), "\u221e");
}

// Shares in per cent; their changes in percentage points (百分点).
TEST(NumberFormat, SharesAndPercentagePoints) {
  EXPECT_EQ(format_quantity(0.653, "share", en(Precision::decimals(1))), "65.3%");
  EXPECT_EQ(format_quantity(0.653, "share", zh(Precision::decimals(1))), "65.3%");
  NumberStyle s = zh(Precision::decimals(2));
  s.sign = true;
  EXPECT_EQ(format_share_change(-0.0005, s), "-0.05百分点");
  EXPECT_EQ(format_share_change(0.012, {Lang::en, Precision::decimals(1), true, Grouping::standard}), "+1.2 pp");
  EXPECT_EQ(format_quantity(0.0425, "share per year", en(Precision::decimals(2))), "4.25% a year");
  EXPECT_EQ(format_quantity(0.0425, "share per year", zh(Precision::decimals(2))), "4.25%/年");
  EXPECT_EQ(display_unit("share", 0.5, Lang::zh, true).text, "百分点");
}

TEST(NumberFormat, UnitsAndLanguages) {
  EXPECT_EQ(unit_text("firms", Lang::zh), "家");
  EXPECT_EQ(unit_text("persons", Lang::zh), "人");
  EXPECT_EQ(unit_text("loans per month", Lang::zh), "笔/月");
  EXPECT_EQ(unit_text("firms per year", Lang::en), "firms per year");
  EXPECT_EQ(unit_text("gizmos", Lang::zh), "gizmos");  // unknown: as given
  EXPECT_EQ(parse_lang("zh_CN.UTF-8"), Lang::zh);
  EXPECT_EQ(parse_lang("zh-TW"), Lang::zh);
  EXPECT_EQ(parse_lang("en_GB.UTF-8"), Lang::en);
  EXPECT_EQ(parse_lang("C.UTF-8"), Lang::en);
  EXPECT_EQ(parse_lang("POSIX"), Lang::en);
  EXPECT_FALSE(parse_lang("de_DE").has_value());
  EXPECT_FALSE(parse_lang("zhx").has_value());
  EXPECT_EQ(choose_lang("zh"), Lang::zh);
  EXPECT_EQ(choose_lang("en"), Lang::en);
  EXPECT_THROW(choose_lang("fr"), innosim::UsageError);
  ::setenv("LC_ALL", "", 1);
  ::setenv("LC_MESSAGES", "zh_CN.UTF-8", 1);
  EXPECT_EQ(lang_from_environment(), Lang::zh);
  EXPECT_EQ(choose_lang(""), Lang::zh);
  ::setenv("LC_ALL", "en_US.UTF-8", 1);
  EXPECT_EQ(lang_from_environment(), Lang::en);
  ::unsetenv("LC_ALL");
  ::unsetenv("LC_MESSAGES");
  EXPECT_EQ(display_width("高新技术企业"), 12u);
  EXPECT_EQ(display_width("HTE 高新"), 8u);
  EXPECT_EQ(pad("万元", 6), "万元  ");
  EXPECT_EQ(pad("ab", 4, true), "  ab");
}

// The VRF column: a factor, read as one ("35.2×"); past 1,000 only "> 1,000×" (a ratio of a
// run-to-run variance to a near-zero paired one: 7,867,614 would read as a measured quantity, or as yuan).
TEST(NumberFormat, VarianceReductionFactors) {
  EXPECT_EQ(vrf_cell(7867614.0), "> 1,000\u00d7");
  EXPECT_EQ(vrf_cell(1234.5), "> 1,000\u00d7");
  EXPECT_EQ(vrf_cell(1000.2), "1,000\u00d7");  // rounds to the cap: not "more than" it
  EXPECT_EQ(vrf_cell(912.4), "912\u00d7");
  EXPECT_EQ(vrf_cell(35.24), "35.2\u00d7");
  EXPECT_EQ(vrf_cell(0.8437), "0.844\u00d7");
  EXPECT_EQ(vrf_cell(std::numeric_limits<double>::infinity()), "\u221e");
  EXPECT_EQ(vrf_cell(std::numeric_limits<double>::quiet_NaN()), "\u2014");
}

// Every metric, key group and library scenario has both languages.
TEST(Labels, CoverTheCatalogues) {
  std::set<std::string> metrics;
  for (const innosim::model::MetricInfo& m : innosim::model::metric_catalogue()) {
    metrics.insert(m.name);
    const Label* l = find_metric_label(m.name);
    ASSERT_NE(l, nullptr) << m.name;
    EXPECT_NE(l->en, m.name) << m.name << " has no English label";
    EXPECT_NE(l->zh, m.name) << m.name << " has no Chinese label";
    EXPECT_FALSE(l->zh_description.empty()) << m.name;
    EXPECT_EQ(l->en_description, m.description) << m.name;
  }
  EXPECT_EQ(metric_labels().size(), innosim::model::metric_catalogue().size());
  for (const innosim::scenario::SectionSpec& s : full_schema().sections()) {
    const Label* l = find_key_group_label(s.path);
    ASSERT_NE(l, nullptr) << "key group " << s.path;
    EXPECT_FALSE(l->en.empty() || l->zh.empty() || l->en_description.empty() || l->zh_description.empty()) << s.path;
  }
  for (const Label& l : key_group_labels())
    EXPECT_TRUE(l.key.empty() || full_schema().find_section(l.key)) << "stale key group " << l.key;
  std::set<std::string> library;
  for (const auto& [name, description] : innosim::scenario::embedded_scenarios()) {
    library.insert(name);
    const Label* l = find_scenario_label(name);
    ASSERT_NE(l, nullptr) << "library scenario " << name;
    // Its own title and question in both languages (scenario keys title.*, question.*).
    EXPECT_FALSE(l->en.empty() || l->zh.empty() || l->zh_description.empty()) << name;
    // The English question is the first sentence of the scenario's own description.
    EXPECT_EQ(description.rfind(std::string(l->en_description).substr(0, 20), 0), 0u) << name << ": " << description;
  }
  EXPECT_EQ(scenario_labels().size(), library.size());
}

// Every scenario key has a Chinese description (its module's what_zh, or a common row for the keys every
// instrument declares alike), no row names a key the schema lacks, and the Chinese states the English's numbers.
TEST(Labels, EveryScenarioKeyHasAChineseDescription) {
  const std::vector<std::string> problems = key_description_problems(full_schema());
  std::string all;
  for (const std::string& p : problems) all += p + "\n";
  EXPECT_TRUE(problems.empty()) << problems.size() << " problems:\n" << all;
  EXPECT_GE(full_schema().keys().size(), 400u);
  const std::string pool_en = full_schema().find("policies.risk_compensation_pool.coverage_share")->description;
  EXPECT_EQ(key_description("policies.risk_compensation_pool.coverage_share", Lang::zh, pool_en),
            "资金池对纳入补偿的贷款本金损失的补偿比例（江门邑科贷：30%–40%）。");
  EXPECT_EQ(key_description("policies.risk_compensation_pool.coverage_share", Lang::en, pool_en), pool_en);
  // A row whose English is no longer the key's does not apply (the check above names it).
  EXPECT_EQ(key_description("policies.risk_compensation_pool.coverage_share", Lang::zh, "Reworded."), "Reworded.");
  // A common row applies only where the binder's English is the key's.
  EXPECT_EQ(key_description("policies.new_instrument.enabled", Lang::zh, "Switches the instrument on or off."),
            "开启或关闭该政策工具。");
  EXPECT_EQ(key_description("policies.new_instrument.enabled", Lang::zh, "Something else."), "Something else.");
  EXPECT_EQ(key_description("tax.enabled", Lang::zh, "Collect corporate income tax at the annual review."),
            "在年度评估时征收企业所得税。");
}

// The check itself fails where it must: a key without Chinese, a row for no key, a reworded English, other numbers.
TEST(Labels, KeyDescriptionCheckFindsGapsAndStaleRows) {
  innosim::scenario::Schema s;
  s.integer("start_year", 2025, "year", 1900, 2200, "Calendar year at simulation time 7 (1 January).");
  const KeyDescription rows[] = {{"start_year", "Calendar year at simulation time 7 (1 January).", "模拟时间0点（1月1日）所在的公历年份。"},
                                 {"replications", "Independent replications of the run.", "本次运行的独立重复次数。"},
                                 {"no.such_key", "Gone.", "已删除。"}};
  s.number("policies.brand_new.rate", 0.1, "share", 0, 1, "A key nobody translated.");
  s.boolean("policies.brand_new.enabled", false, "Switches the instrument on or off.");
  s.integer("replications", 20, "", 1, 100000, "Replications, reworded.");
  const std::vector<std::string> problems = key_description_problems(s, rows);
  const auto has = [&](std::string_view what) {
    return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) { return p.find(what) == 0; });
  };
  EXPECT_TRUE(has("policies.brand_new.rate: no Chinese description")) << problems.front();
  EXPECT_FALSE(has("policies.brand_new.enabled"));  // the common row serves it
  EXPECT_TRUE(has("start_year: the Chinese states the numbers {0, 1}, the English {1, 7}"));
  EXPECT_TRUE(has("no.such_key: a row for a key the schema does not have"));
  EXPECT_FALSE(has("policies.loan_interest_subsidy.rate"));  // not in these rows, not in this schema
  EXPECT_GT(key_description_problems(full_schema(), rows).size(), 300u);  // the real keys lack rows here
  EXPECT_TRUE(has("*.delivery: a common description no key uses"));
  EXPECT_TRUE(has("replications: the English changed since its Chinese was written"));
}

TEST(Labels, DescriptionNumbers) {
  using V = std::vector<double>;
  EXPECT_EQ(description_numbers("calibrated to the 150 bn book"), V{1.5e11});
  EXPECT_EQ(description_numbers("按1500亿元的贷款余额校准"), V{1.5e11});
  EXPECT_EQ(description_numbers("(seed: > 2,000); 30-40 %; -0.1 from 2027"), (V{2000, 30, 40, -0.1, 2027}));
  EXPECT_EQ(description_numbers("zeta1: 1 - exp(-zeta1 xi RD/RD_ref); p_max (1-xi); 12-month; 5 months"),
            (V{1, 1, 12, 5}));
  EXPECT_EQ(description_numbers("约3万元，（见模型文档5.9节）"), (V{3e4, 5.9}));
}

TEST(Labels, ScenarioGuideMatchesTheEnglish) {
  // The Chinese guide has the English's sections and the same examples (the YAML blocks are scenario text).
  const std::string en = full_schema().reference_markdown(), zh(scenario_guide_zh());
  const auto blocks = [](const std::string& text, const std::string& fence) {
    std::vector<std::string> out;
    for (std::size_t at = text.find(fence); at != std::string::npos; at = text.find(fence, at)) {
      const std::size_t end = text.find("```", at + fence.size());
      if (end == std::string::npos) break;
      out.push_back(text.substr(at, end - at));
      at = end + 3;
    }
    return out;
  };
  const auto headings = [](const std::string& text) {
    std::size_t n = 0;
    for (std::size_t at = text.find("\n## "); at != std::string::npos; at = text.find("\n## ", at + 1)) ++n;
    return n;
  };
  const std::string en_guide = en.substr(0, en.find("\n### "));
  EXPECT_EQ(blocks(zh, "```yaml"), blocks(en_guide, "```yaml"));
  EXPECT_EQ(headings(zh), headings(en_guide));
  EXPECT_EQ(blocks(zh, "```yaml").size(), 2u);
  EXPECT_NE(zh.find("情景文件"), std::string::npos);
}

TEST(Labels, Lookups) {
  EXPECT_EQ(metric_label("high_tech_enterprises", Lang::zh), "高新技术企业");
  EXPECT_EQ(metric_label("high_tech_enterprises", Lang::en), "High-tech enterprises");
  // Since session 15 the line names its payer (the city's scheme has its own line, interest_subsidy_city).
  EXPECT_EQ(metric_label("fiscal_interest_subsidy", Lang::zh), "财政支出：贷款贴息（省级）");
  EXPECT_EQ(metric_label("fiscal_interest_subsidy_city", Lang::zh), "财政支出：贷款贴息（市级）");
  EXPECT_EQ(metric_label("not_a_metric", Lang::zh), "not_a_metric");
  EXPECT_EQ(metric_description("not_a_metric", Lang::zh, "fallback"), "fallback");
  EXPECT_EQ(scenario_label("loan-subsidy-high", Lang::zh), "提高贷款贴息比例");
  EXPECT_EQ(scenario_label("loan-subsidy-high", Lang::en), "loan-subsidy-high");
  EXPECT_EQ(scenario_label("我的情景", Lang::zh), "我的情景");
  EXPECT_EQ(key_group_of("policies.risk_compensation_pool.coverage_share", Lang::zh), "风险补偿资金池");
  EXPECT_EQ(key_group_of("institutions.incubators.count.national", Lang::en), "Incubators by tier");
  EXPECT_EQ(key_group_of("horizon_years", Lang::zh), "horizon_years");
  EXPECT_EQ(tr("mean", Lang::zh), "均值");
  EXPECT_EQ(tr("mean", Lang::en), "mean");
  EXPECT_EQ(tr("no such phrase", Lang::zh), "no such phrase");
  std::set<std::string_view> seen;
  for (const Phrase& p : phrases_zh()) {
    EXPECT_TRUE(seen.insert(p.en).second) << "phrase twice: " << p.en;
    // Placeholders in the same number in both languages.
    const auto count = [](std::string_view s) { return std::count(s.begin(), s.end(), '{'); };
    EXPECT_EQ(count(p.en), count(p.zh)) << p.en;
    EXPECT_NO_THROW((void)fmt::format(fmt::runtime(p.zh), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)) << p.zh;
  }
}

// Messages built in English elsewhere (scenario diagnostics, Boost's option
// errors) in Chinese by template: the place stays, nested parts translate,
// an unknown message stays English, and English is never touched.
TEST(Labels, TranslatedMessages) {
  EXPECT_EQ(translate_message("bad.yaml:4:1: unknown key 'polices' (did you mean 'policies'?)", Lang::zh),
            "bad.yaml:4:1: 未知的键“polices”（是否应为“policies”？）");
  EXPECT_EQ(translate_message("a.yaml:3:16: horizon_years: expected a number, got a list", Lang::zh),
            "a.yaml:3:16: horizon_years：应为数字，实际为列表");
  EXPECT_EQ(translate_message("<--set>:1:15: horizon_years: 100000 is out of range: must be in (0, 50] years", Lang::zh),
            "<--set>:1:15: horizon_years：100000超出范围：应在(0, 50]年之内");
  EXPECT_EQ(translate_message("unrecognised option '--bogus'", Lang::zh), "无法识别的选项“--bogus”");
  // Several lines (a ScenarioError's what()), each on its own.
  EXPECT_EQ(translate_message("f:1:1: missing required key 'name'\nf:2:1: duplicate key 'seed' (first given at line 1, "
                              "column 1)",
                              Lang::zh),
            "f:1:1: 缺少必需的键“name”\nf:2:1: 重复的键“seed”（首次出现在第1行第1列）");
  // A key named like a phrase of the tables is not translated as one.
  EXPECT_EQ(translate_message("f:1:1: unknown key 'file'", Lang::zh), "f:1:1: 未知的键“file”");
  EXPECT_EQ(translate_message("something no template knows", Lang::zh), "something no template knows");
  EXPECT_EQ(translate_message("f:1:1: unknown key 'x'", Lang::en), "f:1:1: unknown key 'x'");
  // The messages of the resource check, the file writers, compare's refusal and calibration (issue 15):
  // the operating system's reason inside them, several reasons joined by "; ", a verdict with a number.
  EXPECT_EQ(translate_message("cannot write '/tmp/x.h5.tmp-1' (No space left on device)", Lang::zh),
            "无法写入“/tmp/x.h5.tmp-1”（设备上没有剩余空间）");
  EXPECT_EQ(translate_message("cannot close summary of real_output (Disk quota exceeded)", Lang::zh),
            "无法关闭real_output的汇总（超出磁盘配额）");
  EXPECT_EQ(translate_message("cannot create '/r/x.csv.tmp-9': No space left on device", Lang::zh),
            "无法创建“/r/x.csv.tmp-9”：设备上没有剩余空间");
  EXPECT_EQ(translate_message("output file 'a.h5' is a FIFO, not a regular file: innosim writes results files only to "
                              "a new name or over a regular file (with --force), never over anything else",
                              Lang::zh),
            "输出文件“a.h5”是命名管道（FIFO），不是普通文件：innosim 只把结果文件写到新文件名，或（加 --force 时）覆盖普通文件，"
            "不覆盖其他任何东西");
  EXPECT_EQ(translate_message("cannot pair 'three' with the base 'jiangmen-2025': it starts in 2026, the base in 2025; "
                              "it runs 3 years, the base 10. Its runs would be compared at other dates or over other "
                              "periods. Give it the base's start_year, horizon_years and outputs.sampling (--set "
                              "applies to every scenario), or --align to compare them on the dates they share",
                              Lang::zh),
            "无法把“three”与基准情景“jiangmen-2025”配对：它始于2026年，基准情景始于2025年；它运行3年，基准情景运行10年。"
            "其运行将在不同日期或不同期间上比较。请让它与基准情景的 start_year、horizon_years 和 outputs.sampling 相同"
            "（--set 作用于每个情景），或加 --align 在共同日期上比较");
  EXPECT_EQ(translate_message("this run needs about 12.0 GiB of memory (6.0 GiB per replication: up to 1e+07 firms with "
                              "entry over the horizon, and the firm panel if written; 2 at once with --jobs), more "
                              "than 90% of this machine's 7.6 GiB: lower population.firms, "
                              "firms.entry_rate_per_year, horizon_years or --jobs, drop --panel, or pass "
                              "--skip-resource-check if you know better",
                              Lang::zh),
            "本次 run 约需12.0 GiB内存（每次重复运行6.0 GiB：考虑期内新进入企业后最多1e+07家企业，另加企业面板数据（若写出）；"
            "--jobs 下同时运行2次），超过本机7.6 GiB的90%：请减小 population.firms、firms.entry_rate_per_year、"
            "horizon_years 或 --jobs，去掉 --panel；如确知无妨，可加 --skip-resource-check");
  EXPECT_EQ(translate_message("local-1: converged (parameter tolerance) after 12 evaluations; local-2: stopped by "
                              "--max-runs after 3 evaluations",
                              Lang::zh),
            "局部搜索1：已收敛（参数容差）（求值12次后）；局部搜索2：因 --max-runs 而停止（求值3次后）");
  // Amounts of money in an English message (quantity(): bn/m yuan) in 亿元/万元, the digits kept: a
  // calibration warning that once printed 2.4183e+10.
  EXPECT_NE(translate_message("target 'loans' drifts with the horizon: moving its dates 12 months later changes it by "
                              "24.18 bn yuan (16.561 %), more than its uncertainty 7.635 bn yuan: the moment is not "
                              "stationary there, so the estimate leans on the dates being exact and on the run's "
                              "start-up (consider warmup_years or a later date)",
                              Lang::zh)
                .find("241.8亿元（16.561%），超过其不确定性76.35亿元"),
            std::string::npos)
      << translate_message("target 'loans' drifts with the horizon: moving its dates 12 months later changes it by "
                           "24.18 bn yuan (16.561 %), more than its uncertainty 7.635 bn yuan: the moment is not "
                           "stationary there, so the estimate leans on the dates being exact and on the run's "
                           "start-up (consider warmup_years or a later date)",
                           Lang::zh);
  EXPECT_EQ(translate_message("-1.250 m yuan", Lang::zh), "-125.0万元");
  EXPECT_EQ(translate_message("3,904 trillion yuan", Lang::zh), "3904万亿元");
  EXPECT_EQ(translate_message("150.0 bn yuan", Lang::en), "150.0 bn yuan");
  // The same messages in English stay as they were.
  EXPECT_EQ(translate_message("cannot create '/r/x.csv': No space left on device", Lang::en),
            "cannot create '/r/x.csv': No space left on device");
  std::set<std::string_view> seen;
  for (const Phrase& m : messages_zh()) {
    EXPECT_TRUE(seen.insert(m.en).second) << "template twice: " << m.en;
    // {} placeholders in the same number; literal braces of the Chinese doubled for fmt.
    const auto count = [](std::string_view s) {
      std::size_t n = 0;
      for (std::size_t i = 0; (i = s.find("{}", i)) != std::string_view::npos; i += 2) ++n;
      return n;
    };
    EXPECT_EQ(count(m.en), count(m.zh)) << m.en;
    EXPECT_NO_THROW((void)fmt::format(fmt::runtime(m.zh), "a", "b", "c", "d", "e", "f", "g", "h", "i", "j")) << m.zh;
  }
}
