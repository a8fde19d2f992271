#include "innosim/model/innovation/labs.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

namespace {
// Its own flows in the books (ledger.hpp).
const Flow FLOW_RESEARCHER_INCOME = register_flow("researcher_income");  ///< lab -> researchers (their share of transfer income) (labs)
const Flow FLOW_RESEARCH_FUNDING = register_flow("research_funding");  ///< government -> labs (joint basic-research fund) (labs)
}  // namespace

namespace {
// Its fiscal line: the rank is its place among the fiscal_<line> metrics (models/README.md, "Fiscal lines");
// the funding by level as in docs/model.md 2.6.
// Seed: "20 m yuan per year with the provincial science foundation"; half each (Assumption).
const Fiscal FISCAL_RESEARCH_FUND = register_fiscal_line(
    {.rank = 500, .name = "research_fund", .kind = FiscalKind::outlay, .share = {0, 0.5, 0.5}, .flow = FLOW_RESEARCH_FUNDING,
     .label = "basic-research fund", .label_zh = "基础研究联合基金"});
}  // namespace

namespace {
constexpr std::uint64_t P_LABS = engine::purpose_id("labs");
}  // namespace

Labs::Labs(World& w) { w.government.add_line(FISCAL_RESEARCH_FUND, w.p.research_fund.programme); }

void Labs::setup(World& w) { stream_ = engine::RandomStream(w.seed, w.replication, 0, P_LABS); }

void Labs::income(World& w, double amount) {
  cash_ += amount;
  const double to_researchers = w.p.labs.researcher_share * amount;
  w.ledger.transfer(Account::labs, Account::external, to_researchers, FLOW_RESEARCHER_INCOME);
  cash_ -= to_researchers;
}

void Labs::research_year(World& w) {
  // Joint basic-research fund: paid to the labs; it raises this year's results rate.
  const Programme& rf = w.p.research_fund.programme;
  const double fund = w.government.spend(FISCAL_RESEARCH_FUND, rf, w.government.budget_left(FISCAL_RESEARCH_FUND), w.calendar_year());
  if (fund > 0) {
    w.ledger.transfer(Account::government, Account::labs, fund, FLOW_RESEARCH_FUNDING);
    cash_ += fund;
  }
  const LabParams& lp = w.p.labs;
  const double per_year = lp.researchers * lp.results_per_researcher_year + w.p.research_fund.results_per_million_yuan * fund / 1e6;
  rate_per_day_ = per_year / engine::DAYS_PER_YEAR;
}

void Labs::arrival(World& w) {
  // Results arrive as a Poisson stream whose rate (per year) scales with the
  // researchers, their disclosure (raised by their revenue share) and the
  // joint basic-research fund paid this year; the rate is re-read at each arrival.
  const LabParams& lp = w.p.labs;
  if (rate_per_day_ > 0) {
    const double disclosure = std::min(1.0, lp.disclosure_base + lp.disclosure_per_share * lp.researcher_share);
    Result r;
    r.id = static_cast<std::int64_t>(++results_made_);
    // Each result draws from its own stream, so a policy that changes what
    // happens to one result (its mode, a spin-off) never shifts another's draws.
    engine::RandomStream d(w.seed, w.replication, static_cast<std::uint64_t>(r.id), P_LABS);
    r.quality = engine::gamma(d, 2.0, lp.quality_mean / 2.0);
    r.trl = std::clamp(std::round(engine::normal(d, lp.trl_mean, 1.0)), 1.0, 9.0);
    r.created = w.years();
    r.sector = static_cast<std::uint16_t>(engine::uniform_index(d, static_cast<std::uint64_t>(w.p.firm.sectors)));
    const double u_sale = d.uniform01(), u_ufpl = d.uniform01(), u_disclose = d.uniform01(), u_spinoff = d.uniform01();
    const bool ufpl = w.matching.offers_ufpl(w, u_ufpl);
    r.mode = u_sale < lp.sale_share ? 0 : (ufpl ? 2 : 1);  // use-first-pay-later applies to licensed results
    r.verifying = false;
    r.attempts = 0;
    if (u_disclose < disclosure) {
      results_period_ += 1;
      if (u_spinoff < lp.spinoff_share) {
        w.dynamics.spawn(w, true, r.quality, static_cast<std::uint64_t>(r.id));
        spinoffs_ += 1;
      } else {
        results_.push_back(r);
        if (r.trl < w.p.concept_centres.min_trl_for_matching) w.verification.verify(w, results_.size() - 1);
      }
    }
  }
  schedule_arrival(w);
}

void Labs::schedule_arrival(World& w) {
  // With no research (a zero rate) look again at the next annual review.
  World* wp = &w;
  if (rate_per_day_ > 0)
    w.sim.schedule_in(engine::exponential(stream_, rate_per_day_), [wp] { wp->labs.arrival(*wp); });
  else
    w.sim.schedule_at(w.sim.time_of(engine::Date{w.sim.date_at(w.sim.now()).year + 1, 1, 1}),
                      [wp] { wp->labs.schedule_arrival(*wp); }, 3);
}

void Labs::expire_results(World& w) {
  const double now = w.years();
  const double life = w.p.labs.result_life_years;
  results_.erase(std::remove_if(results_.begin(), results_.end(),
                                [&](const Result& r) { return !r.verifying && now - r.created > life; }),
                 results_.end());
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& Labs::result_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"research_results", "results", "Research results disclosed by labs since the previous sample", MetricKind::flow,
       "Research results", "科研成果", "上次抽样以来高校院所披露的科研成果"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 1200 (models/README.md, "Metrics").
const RegisterMetrics labs_result_metrics{1200, &Labs::result_metrics,
                                          [](const World& w, const Census&, MetricRow& o) { w.labs.report_results(o); },
                                          [](World& w) { w.labs.restart_period(); }};
}  // namespace

const std::vector<MetricInfo>& Labs::spinoff_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"spinoffs", "firms", "Lab spin-offs entering since the previous sample", MetricKind::flow,
       "Spin-offs", "院所衍生企业", "上次抽样以来新设立的院所衍生企业"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 1400 (models/README.md, "Metrics").
const RegisterMetrics labs_spinoff_metrics{1400, &Labs::spinoff_metrics,
                                           [](const World& w, const Census&, MetricRow& o) { w.labs.report_spinoffs(o); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, LabParams& lb) {
  b.section("institutions.labs", "Labs, universities and institutes: research results, disclosure, licensing, spin-offs.",
            {"Labs and universities", "高校院所", "高校和科研院所：科研成果的产出、披露、许可和衍生企业。"});
  b.number("institutions.labs.researchers", lb.researchers, "persons", 0, 1e7, "Researchers in labs, universities and institutes.",
           "高校、科研院所中的研究人员数量。");
  b.number("institutions.labs.results_per_researcher_year", lb.results_per_researcher_year, "results per researcher-year", 0, 100,
           "Transferable results per researcher-year before disclosure.",
           "披露前每名研究人员每年产生的可转化成果数。");
  b.number("institutions.labs.disclosure_base", lb.disclosure_base, "share", 0, 1, "Share of results disclosed for transfer at a zero researcher share.",
           "研究人员分成比例为零时，披露用于转化的成果比例。");
  b.number("institutions.labs.disclosure_per_share", lb.disclosure_per_share, "", 0, 10, "Extra disclosure per unit of researcher revenue share.",
           "研究人员收入分成比例每提高一个单位，披露比例的增加量。");
  b.number("institutions.labs.researcher_share", lb.researcher_share, "share", 0, 1, "Researchers' share of transfer income (seed: 70 %).",
           "研究人员在成果转化收入中的分成比例（《江门日报》：70%，即“三七开”）。");
  b.number("institutions.labs.trl_mean", lb.trl_mean, "TRL", 1, 9, "Mean technology-readiness level of a new result.",
           "新成果的平均技术成熟度等级。");
  b.number("institutions.labs.quality_mean", lb.quality_mean, "share", 0, 10, "Mean productivity gain a result brings its adopter.",
           "一项成果给采用企业带来的平均生产率提升。");
  b.number("institutions.labs.licence_fee_yuan", lb.licence_fee_yuan, "yuan", 0, 1e12, "Price of a result (a licence pays half up front).",
           "一项成果的价格（以许可方式转化的，预付一半）。");
  b.number("institutions.labs.sale_share", lb.sale_share, "share", 0, 1, "Share of results sold outright (the rest licensed).",
           "直接转让的成果比例（其余以许可方式转化）。");
  b.number("institutions.labs.spinoff_share", lb.spinoff_share, "share", 0, 1, "Share of disclosed results that become spin-off firms.",
           "已披露成果中成为衍生企业的比例。");
  b.number("institutions.labs.result_life_years", lb.result_life_years, "years", 0.1, 100, "Unadopted results leave the pool after this.",
           "未被采用的成果经过该年数后退出成果库。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 1200 (models/README.md, "Scenario keys").
const RegisterKeys labs_keys_at{1200, [](Binder& b, Params& p) { bind_keys(b, p.labs); }};
}  // namespace

void bind_keys(Binder& b, ResearchFundParams& rf) {
  b.section("policies.research_fund", "Joint basic-research fund with the provincial science foundation (seed: 20 m yuan a year).",
            {"Basic-research fund", "基础研究联合基金", "与省自然科学基金共建的基础与应用基础研究联合基金。"});
  b.programme("policies.research_fund", rf.programme, true, "Annual fund paid to the labs.",
              "每年拨付给高校院所的基金。", false, false);
  b.number("policies.research_fund.results_per_million_yuan", rf.results_per_million_yuan, "results per million yuan", 0, 1e4,
           "Extra results a year per million yuan of funding.",
           "每百万元资助每年新增的成果数。");
  b.zero_gate("policies.research_fund.budget_yuan");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 1900 (models/README.md, "Scenario keys").
const RegisterKeys research_fund_keys_at{1900, [](Binder& b, Params& p) { bind_keys(b, p.research_fund); }};
}  // namespace

}  // namespace innosim::model
