#include "innosim/model/government/points_support.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

namespace {
// Its own flow in the books (ledger.hpp).
const Flow FLOW_POINTS_GUARANTEE = register_flow("points_guarantee_payout");  ///< government -> bank (points_support)
// Its fiscal line: the rank is its place among the fiscal_<line> metrics (models/README.md, "Fiscal lines");
// the funding by level as in docs/model.md 2.6. The guarantors are the city's
// government financing guarantee agencies (Assumption: city money).
const Fiscal FISCAL_POINTS_SUPPORT = register_fiscal_line(
    {.rank = 800, .name = "points_support", .kind = FiscalKind::outlay, .share = CITY_MONEY, .flow = FLOW_POINTS_GUARANTEE,
     .label = "innovation-points credit guarantee", .label_zh = "创新积分贷担保"});
// The line's take-up draw: the grant rule's purpose 1, as when points support was a grant.
constexpr std::uint64_t POINTS_LINE_PURPOSE = 1;
}  // namespace

PointsSupport::PointsSupport(World& w) {
  // No yearly budget: the guarantor pays what defaults cost (its payouts are the line's spending).
  w.government.add_line(FISCAL_POINTS_SUPPORT, w.p.programmes.points_support.programme, Government::Budget::none);
}

void PointsSupport::year(World& w) {
  // The year's eligible firms (by score, or the top-N list, 7.13) are pushed
  // to the banks; an eligible firm opens the line by the delivery mode's take-up (the same draw a grant of
  // purpose 1 used, so a liaison officer raises it in application mode, 7.13).
  // A firm that leaves the list keeps its guaranteed balance but draws no
  // new guaranteed money.
  const Programme& pr = w.p.programmes.points_support.programme;
  const int year = w.calendar_year();
  const bool active = pr.active(year);
  lines_ = 0;
  const PointsSupportParams& ps = w.p.programmes.points_support;
  for (Firm& f : w.firms) {
    const bool held = f.points_line;
    // Refused or cut on ordinary terms in the year that just ended (the flag restarts with the year).
    const bool short_before = f.credit_short;
    f.credit_short = false;
    f.points_line = false;
    if (!active || !f.alive || f.stage < pr.min_stage) continue;
    // The score opens the line: a tech SME whose innovation points reach
    // the threshold, as banks lend on the score (淮安: 以“创新分”作为贷款的依据).
    // The top-N list (the rule before session 15) is a sensitivity: it
    // selects the banks' best borrowers (referee 14 §2).
    if (ps.eligibility == PointsEligibility::top_list ? !f.top_points : f.innovation_points < ps.min_points) continue;
    // Small and medium firms only (邑科贷's revenue cap, on the last full year).
    if (f.revenue_history[0] > ps.max_revenue_yuan) continue;
    if (!w.government.applies(w, f, pr, POINTS_LINE_PURPOSE)) continue;
    if (!pr.automatic && f.liaison && w.government.apply_draw(w, f, POINTS_LINE_PURPOSE) >= pr.take_up_share)
      w.liaison.count_application();  // only the officer made it apply
    f.points_line = true;
    if (!held) {
      // Would the line add credit? Was the firm refused or cut on ordinary terms in the year before?
      opened_ += 1;
      if (short_before) opened_short_ += 1;
    }
    // A participant, for the tests' comparisons with itself without the line
    // (Firm::matched_grants bit 64; matched_since is its first programme's year).
    f.matched_grants |= 64;
    if (f.matched_since == 0) f.matched_since = static_cast<std::uint16_t>(year);
    lines_ += 1;
  }
}

bool PointsSupport::eligible(const World& w, const Firm& f) const {
  // One cover per loan account (the firm's record has one covered balance):
  // a balance the pool covers is not guaranteed as well.
  return f.points_line && w.p.programmes.points_support.programme.active(w.calendar_year()) &&
         (!(f.covered_debt > 0) || f.points_cover);
}

double PointsSupport::line_left(const World& w, const Firm& f) const {
  // Huai'an: at most 10 m a firm and at most its mean annual revenue of the
  // last two years (不超过企业近两年年均营业收入).
  const PointsSupportParams& ps = w.p.programmes.points_support;
  const double revenue = 0.5 * (f.revenue_history[0] + f.revenue_history[1]);
  const double line = std::min(ps.line_yuan, ps.revenue_multiple * revenue);
  return std::max(0.0, line - (f.points_cover ? f.covered_debt : 0.0));
}

double PointsSupport::rate(const World& w, double offered) const {
  return std::min(offered, w.p.bank.base_rate + w.p.programmes.points_support.max_spread);
}

void PointsSupport::guarantee(const World& w, Firm& f, double amount, double anyway) {
  // The guaranteed balance takes the firm's cover slot (covered_debt, its
  // loss share pool_coverage): repayments shrink it pro rata and it ends
  // with the loan, as the pool's cover does (7.9); it is not renewed or
  // lapsed (the guarantee runs with the loan, Assumption).
  if (!(f.covered_debt > 0)) f.pool_coverage = 0;
  const double g = w.p.programmes.points_support.guarantee_share;
  f.pool_coverage = (f.pool_coverage * f.covered_debt + g * amount) / (f.covered_debt + amount);
  f.covered_debt += amount;
  f.points_cover = true;
  guaranteed_ += amount;
  anyway_ += anyway;
}

double PointsSupport::on_default(World& w, const Firm& f, double loss) {
  if (!(f.points_cover && f.covered_debt > 0 && f.debt > 0)) return 0.0;
  // The guarantor pays its share of the loss on the guaranteed principal,
  // the pool's rule (7.9) with the guarantee's share.
  const double payout = f.pool_coverage * loss * std::min(1.0, f.covered_debt / f.debt);
  if (payout > 0) {
    w.government.pay_out_of_budget(FISCAL_POINTS_SUPPORT, payout);
    w.ledger.transfer(Account::government, Account::banks, payout, FLOW_POINTS_GUARANTEE);
  }
  return payout;
}

void PointsSupport::report(const Census& c, MetricRow& out) const {
  // The outstanding guaranteed balance comes from the sample's census: one pass over the firms serves every group.
  out.insert(out.end(), {lines_, guaranteed_, anyway_, c.points_covered, opened_, opened_short_});
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& PointsSupport::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"points_supported_firms", "firms", "Firms holding a points-linked credit line this year", MetricKind::stock,
       "Points credit lines", "创新积分贷授信企业", "本年持有创新积分贷授信的企业"},
      {"points_guaranteed_loans", "yuan", "New loans guaranteed under the points credit line since the previous sample", MetricKind::flow,
       "Points-guaranteed loans", "创新积分贷担保贷款", "上次抽样以来在创新积分贷下获担保的新增贷款"},
      {"points_guaranteed_anyway", "yuan",
       "Of the new points-guaranteed loans, the amount banks would have lent on ordinary terms, since the previous sample",
       MetricKind::flow,
       "Points-guaranteed loans made anyway", "无担保也会发放的积分贷", "新增积分贷担保贷款中银行按普通条件本也会发放的部分"},
      {"points_guaranteed_outstanding", "yuan", "Outstanding loans guaranteed under the points credit line", MetricKind::stock,
       "Points-guaranteed loans outstanding", "创新积分贷担保余额", "创新积分贷下获担保的未偿贷款"},
      {"points_new_lines", "firms", "Firms opening a points-linked credit line they did not hold the year before, since the previous sample",
       MetricKind::flow, "New points credit lines", "新开创新积分贷授信", "上次抽样以来新开创新积分贷授信（上一年未持有）的企业"},
      {"points_new_lines_constrained", "firms",
       "Of the firms opening a points line, those a bank refused or lent less than they asked on ordinary terms in the year before",
       MetricKind::flow, "New points lines, credit-constrained before", "新开积分贷中此前受信贷约束的企业",
       "新开积分贷授信的企业中，上一年按普通条件被银行拒贷或贷款少于申请额的企业"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 2000 (models/README.md, "Metrics").
const RegisterMetrics points_support_metrics{2000, &PointsSupport::metrics,
                                             [](const World& w, const Census& c, MetricRow& o) { w.points_support.report(c, o); },
                                             [](World& w) { w.points_support.restart_period(); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_points_support_keys(Binder& b, PointsSupportParams& ps) {
  const std::string base = "policies.points_support";
  b.section(base,
            "Points-linked credit (创新积分贷) for tech SMEs with high innovation points: an unsecured credit line with a government "
            "guarantee on a share of the loss.",
            {"Points-linked credit", "创新积分贷", "对创新积分较高的科技型中小企业的纯信用授信，由政府性融资担保机构按比例分担贷款本金损失。"});
  b.programme(base, ps.programme, false, nullptr, nullptr, false, true);
  // Delivery: whether a listed firm opens the line (no cost and no delay:
  // the bank's appraisal is the application).
  static const std::vector<std::string> MODES = {"application", "automatic"};
  if (b.schema)
    b.schema->choice(base + ".delivery", ps.programme.automatic ? "automatic" : "application", MODES,
                     "application: firms apply (take-up, cost, delay); automatic: no application needed, paid at once.");
  if (b.scn) ps.programme.automatic = b.scn->text(base + ".delivery") == "automatic";
  b.number(base + ".take_up_share", ps.programme.take_up_share, "share", 0, 1, "Application mode: share of eligible firms that apply.",
           nullptr);
  b.number(base + ".automatic_take_up_share", ps.programme.automatic_take_up_share, "share", 0, 1,
           "Automatic mode: share of eligible firms reached (they confirm once; no cost, no delay).", nullptr);
  b.number(base + ".max_revenue_yuan", ps.max_revenue_yuan, "yuan", 0, 1e13,
           "Only firms whose last full year's revenue is at most this open a line (邑科贷's small and medium firms: at most 500 m yuan).",
           "仅上一完整年度营业收入不超过该值的企业可开立授信（邑科贷面向中小企业：不超过5亿元）。");
  {
    static const std::vector<std::string> RULES = {"threshold", "top_list"};
    const char* what =
        "Who may open a line among tech SMEs under the revenue cap. threshold: an innovation-points score of at least min_points "
        "(banks lend on the score); top_list: the year's top-N list (the former rule; it selects the banks' best borrowers).";
    const char* const name = RULES[static_cast<std::size_t>(ps.eligibility)].c_str();
    if (b.schema) b.schema->choice(base + ".eligibility", name, RULES, what);
    b.describe(base + ".eligibility", what,
               "营业收入上限以内的科技型中小企业中谁可开立授信：“threshold”为创新积分不低于 `min_points` 的企业（银行按积分放贷）；"
               "“top_list”为当年积分前N名企业（原规则，选中的是银行本就青睐的借款人）。");
    if (b.scn) {
      const std::string& t = b.scn->text(base + ".eligibility");
      for (std::size_t i = 0; i < RULES.size(); ++i)
        if (t == RULES[i]) ps.eligibility = static_cast<PointsEligibility>(i);
    }
  }
  b.number(base + ".min_points", ps.min_points, "score", 0, 1000,
           "threshold: least innovation-points score that opens a line (the model's stage-weighted score; a tech SME scores at most "
           "125; Assumption).",
           "“threshold”时，可开立授信的最低创新积分（模型按发展阶段加权的积分，科技型中小企业最高125分；假设）。");
  b.number(base + ".line_yuan", ps.line_yuan, "yuan", 0, 1e12,
           "Most of a firm's loans the line guarantees (Huai'an, Dongguan, Chengdu: up to 10 m yuan).",
           "授信额度内获担保贷款的上限（淮安、东莞、成都：每户最高1000万元）。");
  b.number(base + ".revenue_multiple", ps.revenue_multiple, "years of revenue", 0, 100,
           "The line is at most this times the firm's mean annual revenue of the last two full years (Huai'an: 1).",
           "授信额度不超过企业近两个完整年度年均营业收入的该倍数（淮安：1倍）。");
  b.number(base + ".guarantee_share", ps.guarantee_share, "share of loss", 0, 1,
           "Share of the loss on a defaulted guaranteed loan's principal the government guarantor pays (Huai'an: 60 %).",
           "获担保贷款违约时，政府性融资担保机构承担的本金损失比例（淮安：60%）。");
  b.number(base + ".max_spread", ps.max_spread, "per year", 0, 1,
           "A guaranteed draw's rate is at most the base rate plus this (Huai'an: LPR + 80 basis points).",
           "获担保贷款的利率不高于基准利率加该值（淮安：不高于`LPR` + 80个基点）。");
  b.number(base + ".appraisal_bonus", ps.appraisal_bonus, "score", 0, 1,
           "Added to the bank appraisal score of a firm holding a line (no source for its size: 0; 0.1, the former value, is a "
           "sensitivity; Longyan feeds points into bank approval).",
           "持有授信的企业在银行授信评分上的加分（其大小无来源：0；原值0.1为敏感性分析；龙岩将积分纳入银行审批）。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 2300 (models/README.md, "Scenario keys").
const RegisterKeys points_support_keys_at{2300, [](Binder& b, Params& p) { bind_points_support_keys(b, p.programmes.points_support); }};
}  // namespace

}  // namespace innosim::model
