#include "innosim/model/finance/venture.hpp"

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
const Flow FLOW_GUIDANCE_FUNDING = register_flow("guidance_funding");  ///< government -> guidance fund (venture)
const Flow FLOW_GUIDANCE_RETURN = register_flow("guidance_return");  ///< guidance fund -> government: exit proceeds to the treasury (venture)
}  // namespace

namespace {
// Its fiscal line: the rank is its place among the fiscal_<line> metrics (models/README.md, "Fiscal lines");
// the funding by level as in docs/model.md 2.6.
const Fiscal FISCAL_GUIDANCE_FUND = register_fiscal_line(
    {.rank = 400, .name = "guidance_fund", .kind = FiscalKind::capital, .share = CITY_MONEY, .flow = FLOW_GUIDANCE_FUNDING,
     .label = "guidance fund", .label_zh = "政府引导基金",
     .holds = [](const World& w, const Census& c) { return w.ledger.balance(Account::guidance_fund) + c.guidance_stakes; },
     .returns = FLOW_GUIDANCE_RETURN});
}  // namespace

namespace {
constexpr std::uint64_t P_SCREEN = engine::purpose_id("screen");
constexpr std::uint64_t P_VC_EXIT = engine::purpose_id("vc_exit");
}  // namespace

double guidance_exit_share(const VentureParams& vp, double pro_rata, double cost, double years_held) {
  if (!vp.guidance_cede_excess) return pro_rata;
  // 财企〔2007〕128号 art 15: the other shareholders may buy the guidance
  // stake at cost within 3 years, at cost plus the 1-year loan rate after;
  // a loss is shared pro rata (the cap only binds on gains).
  const double cap = years_held < vp.guidance_cap_free_years ? cost : cost * (1.0 + vp.guidance_cap_rate * std::max(0.0, years_held));
  return std::min(pro_rata, cap);
}

Venture::Venture(World& w) { w.government.add_line(FISCAL_GUIDANCE_FUND, w.p.venture.guidance); }

void Venture::pay_tranche(World& w) {
  // The committed capital is paid in by equal yearly tranches (210号 art 24:
  // by the annual budget and investment progress), so the fund cannot put
  // its whole capital into the first round.
  const VentureParams& vp = w.p.venture;
  const int tranches = std::max(1, static_cast<int>(std::lround(vp.guidance_paid_in_years)));
  if (vp.guidance_fund_yuan <= 0 || tranches_paid_ >= tranches) return;
  const double tranche = vp.guidance_fund_yuan / tranches;
  ++tranches_paid_;
  guidance_cash_ += tranche;
  w.ledger.transfer(Account::government, Account::guidance_fund, tranche, FLOW_GUIDANCE_FUNDING);
  w.government.pay_out_of_budget(FISCAL_GUIDANCE_FUND, tranche);
}

void Venture::endow_guidance(World& w) {
  if (w.p.venture.guidance.active(w.p.start_year)) pay_tranche(w);
}

void Venture::guidance_year(World& w) {
  // Guidance fund: the next tranche of its capital and the yearly top-up (budget).
  const VentureParams& vp = w.p.venture;
  const int year = w.calendar_year();
  if (!vp.guidance.active(year)) return;
  pay_tranche(w);
  const double topup =
      w.government.spend(FISCAL_GUIDANCE_FUND, vp.guidance, w.government.budget_left(FISCAL_GUIDANCE_FUND), year);
  if (topup > 0) {
    w.ledger.transfer(Account::government, Account::guidance_fund, topup, FLOW_GUIDANCE_FUNDING);
    guidance_cash_ += topup;
  }
}

double Venture::stage_round(const World& w, Stage s) const {
  switch (s) {
    case Stage::startup: return w.p.venture.round_startup_yuan;
    case Stage::tech_sme: return w.p.venture.round_tech_sme_yuan;
    case Stage::high_tech: return w.p.venture.round_high_tech_yuan;
    default: return w.p.venture.round_gazelle_yuan;
  }
}

void Venture::raise_funds(World& w, int year) {
  // Each year LPs commit new money: an early-stage and a growth fund of this
  // vintage, and the year's angel money (start-ups only). From the first
  // review on, state firms' sci-tech bonds add to the vintage's LP money (the
  // seed: 发行科创债, 充实私募基金的资本来源; "还将": not yet at the start).
  const VentureParams& vp = w.p.venture;
  const double bonds = year > w.p.start_year ? vp.sci_tech_bonds_yuan_per_year : 0.0;
  const double vintage = vp.private_vc_yuan_per_year + bonds;
  const double y = static_cast<double>(year);
  auto raise = [&](double size, Stage lo, Stage hi, double invest_years, double life) {
    if (size <= 0) return;
    VentureFund fund;
    fund.vintage = year;
    fund.cash = fund.committed = size;
    fund.invest_until = y + invest_years;
    fund.end = y + life;
    fund.min_stage = lo;
    fund.max_stage = hi;
    funds_.push_back(fund);
    w.ledger.transfer(Account::external, Account::venture_funds, size, Flow::fund_commitment);
  };
  raise(vintage * vp.early_stage_share, Stage::startup, Stage::tech_sme, vp.investment_period_years, vp.fund_life_years);
  raise(vintage * (1.0 - vp.early_stage_share), Stage::high_tech, Stage::unicorn,
        vp.investment_period_years, vp.fund_life_years);
  raise(vp.angel_yuan_per_year, Stage::startup, Stage::startup, 1.0, vp.angel_life_years);
}

void Venture::close_funds(World& w, double now_year) {
  // At the end of its life a fund sells what it still holds (the exits run
  // next) and returns its cash to its LPs.
  for (std::size_t k = 0; k < funds_.size(); ++k) {
    if (!funds_[k].open || funds_[k].end > now_year) continue;
    for (Firm& f : w.firms)
      if (f.alive && f.venture_fund == static_cast<std::int32_t>(k) && f.venture_stake > 0) f.venture_exit_year = now_year;
  }
}

void Venture::round(World& w) {
  const VentureParams& vp = w.p.venture;
  const int year = w.calendar_year();
  const auto now_year = static_cast<double>(year);  // the review runs on 1 January
  raise_funds(w, year);
  // Screening on noisy signals: relative productivity, growth, IP.
  std::vector<std::pair<double, std::size_t>> candidates;
  std::size_t alive = 0;
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    const Firm& f = w.firms[i];
    if (!f.alive) continue;
    ++alive;
    const double age = now_year - f.birth_year;
    if (f.venture_stake > 0 || age > vp.max_age_years) continue;
    const double growth = f.revenue_history[1] > 0 ? f.revenue_history[0] / f.revenue_history[1] - 1.0 : 0.0;
    const double z = normal_from(draw(f, P_SCREEN, static_cast<std::uint64_t>(2 * year)),
                                 draw(f, P_SCREEN, static_cast<std::uint64_t>(2 * year + 1)));
    const double signal = std::log(f.productivity / w.p.firm.productivity_mean_yuan) + 2.0 * growth +
                          0.1 * std::log1p(f.ip_count) + vp.screening_noise * z;
    candidates.emplace_back(-signal, i);
  }
  std::sort(candidates.begin(), candidates.end());
  const auto max_deals = static_cast<std::size_t>(vp.deal_share_of_firms * static_cast<double>(alive));
  const bool guidance_on = vp.guidance.active(year);
  const double leverage = vp.co_investment_leverage.at(static_cast<double>(year));
  std::size_t deals = 0;
  for (const auto& [neg_signal, i] : candidates) {
    if (deals >= max_deals) break;
    Firm& f = w.firms[i];
    const double round = stage_round(w, f.stage);
    auto focus = [&](const VentureFund& fund) { return fund.open && f.stage >= fund.min_stage && f.stage <= fund.max_stage; };
    // The oldest fund still investing, with this stage in focus and the money, leads.
    int lead = -1;
    for (std::size_t k = 0; k < funds_.size() && lead < 0; ++k)
      if (focus(funds_[k]) && funds_[k].invest_until > now_year && funds_[k].cash >= round) lead = static_cast<int>(k);
    double from_private = round, from_guidance = 0;
    if (lead < 0) {
      // Guidance co-investment: the guidance fund puts in 1/(1+L) of the
      // round and requires L times as much from private co-investors, who
      // commit new money to the newest fund with this stage in focus.
      if (!guidance_on || guidance_cash_ <= 0) continue;
      for (std::size_t k = funds_.size(); k-- > 0 && lead < 0;)
        if (focus(funds_[k])) lead = static_cast<int>(k);
      if (lead < 0) continue;
      from_guidance = std::min(guidance_cash_, round / (1.0 + leverage));
      from_private = from_guidance * leverage;
      w.ledger.transfer(Account::external, Account::venture_funds, from_private, Flow::fund_commitment);
      funds_[static_cast<std::size_t>(lead)].cash += from_private;
      funds_[static_cast<std::size_t>(lead)].committed += from_private;
    }
    VentureFund& fund = funds_[static_cast<std::size_t>(lead)];
    const double amount = from_private + from_guidance;
    if (amount <= 0) continue;
    fund.cash -= from_private;
    guidance_cash_ -= from_guidance;
    w.receive(f, Account::venture_funds, from_private, Flow::investment);
    if (from_guidance > 0) w.receive(f, Account::guidance_fund, from_guidance, Flow::investment);
    f.venture_fund = lead;
    f.venture_round_year = static_cast<std::int16_t>(year);
    // Venture money is paid-in equity, not profit.
    f.paid_in += from_private + from_guidance;
    f.equity_at_review += from_private + from_guidance;
    f.venture_invested += amount;
    f.guidance_invested += from_guidance;
    f.venture_stake = vp.equity_share;
    f.valuation = std::max(f.valuation, amount / vp.equity_share);
    f.round_valuation = f.valuation;
    f.round_revenue = std::max(f.revenue_history[0], 12.0 * f.revenue);
    const double hold = -vp.exit_years_mean * std::log(draw(f, P_VC_EXIT, static_cast<std::uint64_t>(year)));
    f.venture_exit_year = std::min(now_year + std::max(1.0, hold), fund.end);
    invested_ += amount;
    guidance_invested_ += from_guidance;
    ++deals;
    w.emit(EventKind::investment, f, amount);
  }
}

void Venture::exits(World& w) {
  // Runs in the annual review on 1 January: the calendar year is exact.
  const VentureParams& vp = w.p.venture;
  const auto now_year = static_cast<double>(w.calendar_year());
  close_funds(w, now_year);
  for (Firm& f : w.firms) {
    if (!f.alive || f.venture_stake <= 0 || f.venture_exit_year > now_year) continue;
    // IPO/M&A: buyers pay the stake's share of the firm's valuation; the
    // heavy tail of exit multiples comes from the valuations themselves.
    const double proceeds = f.venture_stake * f.valuation;
    const double guidance_share = f.venture_invested > 0 ? f.guidance_invested / f.venture_invested : 0.0;
    const double pro_rata = proceeds * guidance_share;
    // The guidance fund's return is capped; the excess is ceded to the
    // private co-investors (让利, 128号 art 15), i.e. the holding fund.
    const double to_guidance =
        pro_rata > 0 ? guidance_exit_share(vp, pro_rata, f.guidance_invested, now_year - f.venture_round_year) : 0.0;
    ceded_ += pro_rata - to_guidance;
    // A private fund distributes exit proceeds to its LPs at once (it does
    // not recycle them).
    w.ledger.transfer(Account::external, Account::venture_funds, proceeds - to_guidance, Flow::exit_proceeds);
    w.ledger.transfer(Account::venture_funds, Account::external, proceeds - to_guidance, Flow::fund_distribution);
    if (to_guidance > 0) {
      w.ledger.transfer(Account::external, Account::guidance_fund, to_guidance, Flow::exit_proceeds);
      guidance_proceeds_ += to_guidance;
      if (vp.guidance_to_treasury) {
        // 210号 art 18: proceeds go back to the treasury; they reduce the
        // fund's net fiscal cost and are not reinvested.
        w.ledger.transfer(Account::guidance_fund, Account::government, to_guidance, FLOW_GUIDANCE_RETURN);
        w.government.recover(FISCAL_GUIDANCE_FUND, to_guidance);
      } else {
        guidance_cash_ += to_guidance;  // reinvested (recycled)
      }
    }
    exit_proceeds_ += proceeds;
    if (f.lab_stake > 0) w.equity.sell_stake(w, f);  // the labs sell their stake for technology to the same buyers
    w.emit(EventKind::venture_exit, f, proceeds);
    f.venture_stake = 0;
    f.venture_invested = f.guidance_invested = 0;
    f.venture_fund = -1;
  }
  // Funds at the end of their life return their cash to their LPs.
  for (VentureFund& fund : funds_) {
    if (!fund.open || fund.end > now_year) continue;
    if (fund.cash > 0) w.ledger.transfer(Account::venture_funds, Account::external, fund.cash, Flow::fund_distribution);
    fund.cash = 0;
    fund.open = false;
  }
}

void Venture::report(MetricRow& out) const {
  double open_funds = 0;
  for (const VentureFund& fund : funds_) open_funds += fund.open;
  out.insert(out.end(), {invested_, exit_proceeds_, open_funds, guidance_invested_, guidance_proceeds_, ceded_});
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& Venture::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"venture_investment", "yuan", "Equity invested by venture and guidance funds since the previous sample", MetricKind::flow,
       "Venture investment", "创业投资", "上次抽样以来创投基金和政府引导基金的股权投资"},
      {"venture_exit_proceeds", "yuan", "Proceeds of IPO/M&A exits paid to venture and guidance funds since the previous sample", MetricKind::flow,
       "Venture exit proceeds", "创投退出收益", "上次抽样以来通过上市或并购退出支付给创投基金和引导基金的收益"},
      {"venture_funds_open", "funds", "Venture funds (and angel pools) within their life", MetricKind::stock,
       "Venture funds open", "存续创投基金", "处于存续期内的创投基金（含天使资金池）"},
      {"guidance_investment", "yuan", "Equity invested by the guidance fund since the previous sample (part of venture_investment)",
       MetricKind::flow, "Guidance fund investment", "引导基金投资", "上次抽样以来政府引导基金的股权投资（含在创业投资中）"},
      {"guidance_exit_proceeds", "yuan",
       "Exit proceeds the guidance fund received since the previous sample, after the cap on its return (part of venture_exit_proceeds)",
       MetricKind::flow, "Guidance fund exit proceeds", "引导基金退出收益", "上次抽样以来政府引导基金在收益封顶后获得的退出收益（含在创投退出收益中）"},
      {"guidance_proceeds_ceded", "yuan",
       "The guidance fund's pro-rata exit proceeds above its cap (cost plus the loan rate), ceded to the private co-investors since "
       "the previous sample",
       MetricKind::flow, "Guidance returns ceded", "引导基金让利", "上次抽样以来引导基金按出资比例应得退出收益中超过封顶（本金加贷款利率收益）、让渡给社会出资人的部分"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 600 (models/README.md, "Metrics").
const RegisterMetrics venture_metrics{600, &Venture::metrics,
                                      [](const World& w, const Census&, MetricRow& o) { w.venture.report(o); },
                                      [](World& w) { w.venture.restart_period(); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_private_capital_keys(Binder& b, VentureParams& v) {
  b.section("institutions.venture", "Private venture and angel capital.",
            {"Venture capital", "创业投资", "社会创投资本和天使投资。"});
  b.number("institutions.venture.private_capital_yuan_per_year", v.private_vc_yuan_per_year, "yuan per year", 0, INF, "Private VC committed per year.",
           "每年承诺投入的社会创投资本。");
  b.number("institutions.venture.angel_capital_yuan_per_year", v.angel_yuan_per_year, "yuan per year", 0, INF, "Angel capital per year.",
           "每年的天使投资资金。");
  b.number("institutions.venture.exit_years_mean", v.exit_years_mean, "years", 0.1, 100, "Mean holding period before an IPO/M&A exit.",
           "通过上市或并购退出前的平均持有期。");
  b.number("institutions.venture.fund_life_years", v.fund_life_years, "years", 1, 100,
           "A fund's life: at its end it sells its holdings and returns its cash to LPs.",
           "基金存续期：期满时出售所持股权，并将现金返还给有限合伙人。");
  b.number("institutions.venture.investment_period_years", v.investment_period_years, "years", 0.1, 100,
           "A fund makes new investments only in its first years.",
           "基金仅在存续期的前若干年进行新投资（投资期）。");
  b.number("institutions.venture.early_stage_share", v.early_stage_share, "share", 0, 1,
           "Share of each year's private VC raised by early-stage funds (start-ups, tech SMEs); the rest by growth funds.",
           "每年募集的社会创投资本中由早期基金（投向初创企业和科技型中小企业）募集的比例；其余由成长期基金募集。");
  b.number("institutions.venture.angel_life_years", v.angel_life_years, "years", 1, 100, "Life of a year's angel money (start-ups only).",
           "每年天使资金的存续期（仅投初创企业）。");
  b.number("institutions.venture.equity_share", v.equity_share, "share", 0.0001, 1, "Equity taken per round.",
           "每轮融资出让的股权比例。");
  b.number("institutions.venture.deal_share_of_firms", v.deal_share_of_firms, "share per year", 0, 1, "Most deals per year as a share of firms.",
           "每年投资笔数的上限占企业数的比例。");
  b.number("institutions.venture.round_startup_yuan", v.round_startup_yuan, "yuan", 0, INF, "Round size for start-ups.",
           "初创企业的单轮融资额。");
  b.number("institutions.venture.round_tech_sme_yuan", v.round_tech_sme_yuan, "yuan", 0, INF, "Round size for tech SMEs.",
           "科技型中小企业的单轮融资额。");
  b.number("institutions.venture.round_high_tech_yuan", v.round_high_tech_yuan, "yuan", 0, INF, "Round size for HTEs.",
           "高新技术企业的单轮融资额。");
  b.number("institutions.venture.round_gazelle_yuan", v.round_gazelle_yuan, "yuan", 0, INF, "Round size for gazelles and unicorns.",
           "瞪羚企业和独角兽企业的单轮融资额。");
  b.number("institutions.venture.screening_noise", v.screening_noise, "", 0, 100, "s.d. of the noise in funds' reading of firm signals.",
           "基金判读企业信号时噪声的标准差。");
  b.number("institutions.venture.max_age_years", v.max_age_years, "years", 0, 200, "Funds back firms up to this age.",
           "基金只投资成立年限不超过该值的企业。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 400 (models/README.md, "Scenario keys").
const RegisterKeys private_capital_keys_at{400, [](Binder& b, Params& p) { bind_private_capital_keys(b, p.venture); }};
}  // namespace

void bind_guidance_keys(Binder& b, VentureParams& v) {
  b.section("policies.guidance_fund", "Government guidance fund co-investing with private VC.",
            {"Guidance fund", "政府引导基金", "与社会创投共同投资的政府引导基金。"});
  b.programme("policies.guidance_fund", v.guidance, true, "Yearly government top-up of the fund.",
              "政府每年对引导基金的追加出资。");
  b.number("policies.guidance_fund.capital_yuan", v.guidance_fund_yuan, "yuan", 0, INF,
           "Government capital committed to the fund, paid in by tranches (paid_in_years).",
           "政府对引导基金的认缴出资，按年分期实缴（见 paid_in_years）。");
  b.number("policies.guidance_fund.paid_in_years", v.guidance_paid_in_years, "years", 1, 100,
           "The capital is paid in by this many equal yearly tranches, the first at the start (MOF 2015 No. 210 art 24; 1: all at the start).",
           "出资分若干年等额实缴，首期在起始时缴付（财预〔2015〕210号第24条；为 1 时起始时一次缴足）。");
  b.schedule("policies.guidance_fund.co_investment_leverage", v.co_investment_leverage, "private yuan per guidance yuan", 0, 100,
             "Private co-investment required per guidance yuan.",
             "引导基金每出资一元所要求的社会资本跟投额。");
  b.boolean("policies.guidance_fund.cede_excess_returns", v.guidance_cede_excess,
            "Cap the fund's share of exit proceeds at cost (held < cap_free_years) or cost plus simple interest at cap_rate; the "
            "excess goes to the private co-investors (MOF 2007 No. 128 art 15).",
            "引导基金按出资比例应得的退出收益封顶：持有不足 cap_free_years 年按原始出资，否则按原始出资加按 cap_rate 计的单利收益；"
            "超出部分让渡给社会出资人（财企〔2007〕128号第15条）。");
  b.number("policies.guidance_fund.cap_rate", v.guidance_cap_rate, "per year", 0, 1,
           "Loan rate of the cap on the fund's return (1-year loan prime rate).",
           "引导基金收益封顶所用的贷款利率（1年期贷款市场报价利率）。");
  b.number("policies.guidance_fund.cap_free_years", v.guidance_cap_free_years, "years", 0, 100,
           "A stake held shorter than this is capped at cost.",
           "持有期短于该值的股权按原始出资封顶。");
  b.boolean("policies.guidance_fund.proceeds_to_treasury", v.guidance_to_treasury,
            "The fund's exit proceeds go back to the treasury and reduce its net fiscal cost instead of being reinvested (MOF 2015 "
            "No. 210 art 18).",
            "引导基金的退出收益上缴国库、冲减其财政净成本，不再用于再投资（财预〔2015〕210号第18条）。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 1000 (models/README.md, "Scenario keys").
const RegisterKeys guidance_keys_at{1000, [](Binder& b, Params& p) { bind_guidance_keys(b, p.venture); }};
}  // namespace

void bind_bond_keys(Binder& b, VentureParams& v) {
  b.section("policies.sci_tech_bonds", "Sci-tech bonds of state firms whose proceeds are committed to private venture funds.",
            {"Sci-tech bonds", "科创债", "国有企业发行科创债，募集资金充实私募创投基金的资本来源。"});
  b.number("policies.sci_tech_bonds.yuan_per_year", v.sci_tech_bonds_yuan_per_year, "yuan per year", 0, INF,
           "Bonds issued per year from the first review on, committed to the year's private vintage (0: none).",
           "自第一次年度评审起每年发行的科创债，作为当年社会创投基金的出资（0：不发行）。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 1000 (models/README.md, "Scenario keys").
const RegisterKeys bond_keys_at{1010, [](Binder& b, Params& p) { bind_bond_keys(b, p.venture); }};
}  // namespace

}  // namespace innosim::model
