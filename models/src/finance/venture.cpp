#include "innosim/model/finance/venture.hpp"

#include <algorithm>
#include <cmath>
#include <string>
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
const Flow FLOW_GUIDANCE_BUY_BACK = register_flow("guidance_buy_back");  ///< external -> guidance fund: the partners buy its stake (128号 art 15)
const Flow FLOW_GUIDANCE_FEE = register_flow("guidance_management_fee");  ///< guidance fund -> external: its manager's fee (国办发〔2025〕1号)
}  // namespace

namespace {
// Its fiscal line: the rank is its place among the fiscal_<line> metrics (models/README.md, "Fiscal lines");
// the funding by level as in docs/model.md 2.6.
const Fiscal FISCAL_GUIDANCE_FUND = register_fiscal_line(
    {.rank = 400, .name = "guidance_fund", .kind = FiscalKind::capital, .share = CITY_MONEY, .flow = FLOW_GUIDANCE_FUNDING,
     .label = "guidance fund", .label_zh = "政府引导基金",
     // What it holds, with the management fees it paid out of its gains added back: every fee is
     // its own outlay line (below), so that it counts once and counts even when the fund's value
     // is capped at its paid-in capital (fiscal.count_fund_gains false), where a fee paid out of
     // gains would otherwise cost nothing (referee 15 B6). A fee advanced from principal is moved
     // off this line instead (Government::move_capital_to_cost): the cap is then the capital
     // still held, and gross spending does not count that yuan twice (referee 16 B6).
     .holds =
         [](const World& w, const Census& c) {
           return w.ledger.balance(Account::guidance_fund) + c.guidance_stakes + w.venture.guidance_fees_paid_total() -
                  w.venture.guidance_fees_advanced();
         },
     .returns = FLOW_GUIDANCE_RETURN});
// The guidance fund's management fee: a running cost of the city's programme, paid by the fund
// out of its cash (粤财预〔2025〕55号, 7.11), so an outlay of the city whose money leaves the
// fund's account; fees charged and not yet paid are owed on it (accrual, 2.6).
const Fiscal FISCAL_GUIDANCE_FEE = register_fiscal_line(
    {.rank = 2300, .name = "guidance_fee", .kind = FiscalKind::outlay, .share = CITY_MONEY, .flow = FLOW_GUIDANCE_FEE,
     .label = "guidance fund management fee", .label_zh = "引导基金管理费", .payer = Account::guidance_fund});
}  // namespace

namespace {
constexpr std::uint64_t P_SCREEN = engine::purpose_id("screen");
constexpr std::uint64_t P_VC_EXIT = engine::purpose_id("vc_exit");
constexpr std::uint64_t P_VC_EXIT_ROUTE = engine::purpose_id("vc_exit_route");
}  // namespace

double guidance_strike(const VentureParams& vp, double cost, double years_held) {
  // 财企〔2007〕128号 art 15: the other shareholders may buy the guidance
  // stake at cost within 3 years, at cost plus the 1-year loan rate after.
  return years_held < vp.guidance_cap_free_years ? cost : cost * (1.0 + vp.guidance_cap_rate * std::max(0.0, years_held));
}

double guidance_exit_share(const VentureParams& vp, double pro_rata, double cost, double years_held) {
  if (!vp.guidance_cede_excess || vp.guidance_exit_rule == GuidanceExit::equal_shares) return pro_rata;
  // 跟进投资: the gain (never a loss) pays the lead fund's performance reward
  // "by venture practice"; the rest comes back to the guidance fund.
  if (vp.guidance_exit_rule == GuidanceExit::follow_on_carry)
    return pro_rata - vp.guidance_carry_share * std::max(0.0, pro_rata - cost);
  // Capped at the art 15 price; a loss is shared pro rata (the cap only
  // binds on gains). Under buy_back a stake worth more than the price was
  // bought at the review before its sale, so the cap never binds at the sale.
  return std::min(pro_rata, guidance_strike(vp, cost, years_held));
}

/// What a stake fetches when it is not listed or sold to a strategic buyer:
/// a buy-back or share transfer returns at most the money put in (7.11).
double unlisted_exit_value(double market, double invested) { return std::min(market, invested); }

/// A holding's value to its fund before the exit: the exit routes' mix at
/// today's valuation (ipo_exit_share at the valuation, the rest at the lower
/// of cost and value), so that the interim multiple is what the exits pay.
double holding_mark(const VentureParams& vp, double market, double invested) {
  if (vp.ipo_exit_share >= 1.0) return market;
  return vp.ipo_exit_share * market + (1.0 - vp.ipo_exit_share) * unlisted_exit_value(market, invested);
}

bool guidance_buy_back_due(const VentureParams& vp, double value, double cost, double years_held, bool exits_now) {
  if (!vp.guidance_cede_excess || vp.guidance_exit_rule != GuidanceExit::buy_back) return false;
  if (value <= guidance_strike(vp, cost, years_held)) return false;
  // The price is flat at cost and steps up at cap_free_years: a partner
  // holding the option buys a winner at the last review before the step
  // (waiting costs the interest), at any review after it once the stake is
  // worth more than the price, and in any case before the stake is sold.
  return exits_now || years_held + 1.0 >= vp.guidance_cap_free_years;
}

double commitment_response(const VentureParams& vp, double trailing_multiple) {
  // Constant elasticity in the LPs' trailing multiple, clipped: better past
  // returns bring larger funds, less than proportionally (Kaplan & Schoar
  // 2005). No vintage old enough yet: the base.
  if (vp.commitment_elasticity == 0 || trailing_multiple <= 0) return 1.0;
  const double m = std::pow(trailing_multiple / vp.commitment_reference_multiple, vp.commitment_elasticity);
  return std::clamp(m, vp.commitment_floor, std::max(vp.commitment_floor, vp.commitment_ceiling));
}

Venture::Venture(World& w) {
  w.government.add_line(FISCAL_GUIDANCE_FUND, w.p.venture.guidance);
  // The fee has no yearly budget: it is charged on the stakes the fund holds, also after the programme ends.
  w.government.add_line(FISCAL_GUIDANCE_FEE, w.p.venture.guidance, Government::Budget::none);
  w.government.add_obligation(FISCAL_GUIDANCE_FEE, [](const World& wr) { return wr.venture.guidance_fee_owed(); });
}

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

void Venture::guidance_receives(World& w, double amount, double gain) {
  if (w.p.venture.guidance_to_treasury) {
    // 210号 art 18: proceeds go back to the treasury; they reduce the
    // fund's net fiscal cost and are not reinvested.
    w.ledger.transfer(Account::guidance_fund, Account::government, amount, FLOW_GUIDANCE_RETURN);
    w.government.recover(FISCAL_GUIDANCE_FUND, amount);
  } else {
    guidance_cash_ += amount;  // reinvested (recycled)
    // 55号's 收益: the gain over the stake's cost; a loss offsets earlier gains.
    gains_left_ += gain;
    pay_fee(w);  // fees still owed come first
    // Then the fees advanced from principal are made up from gains (补回):
    // the principal is whole again, and the fee counts as paid from gains.
    const double made_up = std::min(fee_advanced_, std::max(0.0, gains_left_));
    if (made_up > 0) {
      fee_advanced_ -= made_up;
      fee_made_up_ += made_up;
      gains_left_ -= made_up;
      w.government.move_capital_to_cost(FISCAL_GUIDANCE_FUND, -made_up);
    }
  }
}

void Venture::endow_guidance(World& w) {
  if (w.p.venture.guidance.active(w.p.start_year)) pay_tranche(w);
}

void Venture::guidance_year(World& w) {
  // Guidance fund: its manager's fee for the year past (owed while it holds
  // stakes, also after the programme ends), the next tranche of its capital
  // and the yearly top-up (budget).
  const VentureParams& vp = w.p.venture;
  const int year = w.calendar_year();
  charge_fee(w);
  if (vp.guidance.active(year)) {
    pay_tranche(w);
    const double topup =
        w.government.spend(FISCAL_GUIDANCE_FUND, vp.guidance, w.government.budget_left(FISCAL_GUIDANCE_FUND), year);
    if (topup > 0) {
      w.ledger.transfer(Account::government, Account::guidance_fund, topup, FLOW_GUIDANCE_FUNDING);
      guidance_cash_ += topup;
    }
  }
  pay_fee(w);
}

void Venture::charge_fee(World& w) {
  // The year's management fee on the fund's actual investment: its stakes
  // at cost at the review (国办发〔2025〕1号: 一般应以实缴出资或实际投资金额为计费
  // 基础). A year, because the review is yearly.
  const double rate = w.p.venture.guidance_fee_rate;
  if (!(rate > 0)) return;
  double at_cost = 0;
  for (const Firm& f : w.firms)
    if (f.alive && f.venture_stake > 0) at_cost += f.guidance_invested;
  fee_owed_ += rate * at_cost;
}

void Venture::pay_fee(World& w) {
  // Paid from the fund's cash, returns and principal alike: 粤财预〔2025〕55号
  // pays fees from returns but lets the fund advance them from principal
  // until it has returns, and the fund's cash does not tell the two apart.
  // What the cash cannot pay now is owed and paid first at later reviews
  // and exits, so the fee is never lost and never paid twice.
  const double paid = std::min(fee_owed_, guidance_cash_);
  if (!(paid > 0)) return;
  w.ledger.transfer(Account::guidance_fund, Account::external, paid, FLOW_GUIDANCE_FEE);
  w.government.book_paid_by_fund(FISCAL_GUIDANCE_FEE, paid);
  // From gains first; the rest is advanced from principal, i.e. from capital
  // the guidance line already counted as paid in: moved off that line, so
  // that gross spending counts the yuan once, on this one (referee 16 B6).
  const double from_gains = std::min(paid, std::max(0.0, gains_left_));
  gains_left_ -= from_gains;
  if (paid > from_gains) {
    fee_advanced_ += paid - from_gains;
    w.government.move_capital_to_cost(FISCAL_GUIDANCE_FUND, paid - from_gains);
  }
  guidance_cash_ -= paid;
  fee_owed_ -= paid;
  fee_paid_ += paid;
  fee_paid_total_ += paid;
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
  // Private LPs commit more after good returns and less after bad ones
  // (7.11): the multiple they have seen on the recent vintages, counting what
  // the guidance fund ceded to them, against the reference. The bonds and
  // angel money are decided by policy and do not respond.
  trailing_multiple_ = private_lp_multiple(w, year);
  commitment_multiplier_ = commitment_response(vp, trailing_multiple_);
  const double private_vc = vp.private_vc_yuan_per_year * commitment_multiplier_;
  private_commitments_ += private_vc;
  const double vintage = private_vc + bonds;
  const double y = static_cast<double>(year);
  auto raise = [&](double size, Stage lo, Stage hi, double invest_years, double life, bool responds) {
    if (size <= 0) return;
    VentureFund fund;
    fund.vintage = year;
    fund.cash = fund.committed = size;
    fund.invest_until = y + invest_years;
    fund.end = y + life;
    fund.min_stage = lo;
    fund.max_stage = hi;
    fund.responds = responds;
    funds_.push_back(fund);
    w.ledger.transfer(Account::external, Account::venture_funds, size, Flow::fund_commitment);
  };
  raise(vintage * vp.early_stage_share, Stage::startup, Stage::tech_sme, vp.investment_period_years, vp.fund_life_years, true);
  raise(vintage * (1.0 - vp.early_stage_share), Stage::high_tech, Stage::unicorn,
        vp.investment_period_years, vp.fund_life_years, true);
  raise(vp.angel_yuan_per_year, Stage::startup, Stage::startup, 1.0, vp.angel_life_years, false);
}

double Venture::private_lp_multiple(const World& w, int year) {
  // TVPI of the early-stage and growth funds of the vintages in the window:
  // (distributions + cash + the private LPs' part of the holdings at the
  // model's valuations) / paid in. Interim value, not only distributions:
  // a vintage of 3-7 years has distributed little, and LPs decide on what
  // they can see at fund-raising time. The guidance fund's claim on a
  // holding is what it would receive if the stake were sold now.
  const VentureParams& vp = w.p.venture;
  const int newest = year - static_cast<int>(std::lround(vp.commitment_min_age_years));
  const int oldest = newest - std::max(1, static_cast<int>(std::lround(vp.commitment_window_years))) + 1;
  auto in_window = [&](const VentureFund& fund) { return fund.responds && fund.vintage >= oldest && fund.vintage <= newest; };
  trailing_dpi_ = 0;
  if (std::none_of(funds_.begin(), funds_.end(), in_window)) return 0.0;
  nav_.assign(funds_.size(), 0.0);
  for (const Firm& f : w.firms) {
    if (!f.alive || f.venture_stake <= 0 || f.venture_fund < 0) continue;
    const double value = holding_mark(vp, f.venture_stake * f.valuation, f.venture_invested);
    const double pro_rata = f.venture_invested > 0 ? value * f.guidance_invested / f.venture_invested : 0.0;
    const double to_guidance =
        pro_rata > 0 ? guidance_exit_share(vp, pro_rata, f.guidance_invested, static_cast<double>(year - f.venture_round_year)) : 0.0;
    nav_[static_cast<std::size_t>(f.venture_fund)] += value - to_guidance;
  }
  double value = 0, paid = 0, distributed = 0;
  for (std::size_t k = 0; k < funds_.size(); ++k) {
    if (!in_window(funds_[k])) continue;
    value += funds_[k].distributed + funds_[k].cash + nav_[k];
    distributed += funds_[k].distributed;
    paid += funds_[k].committed + funds_[k].bought_back;
  }
  // Distributions alone (DPI): what the LPs have in hand, the figure a
  // benchmark of young Chinese funds reports (7.11).
  trailing_dpi_ = paid > 0 ? distributed / paid : 0.0;
  return paid > 0 ? value / paid : 0.0;
}

void Venture::buy_backs(World& w, double now_year) {
  // 128号 art 15 as the partners' option (exit rule buy_back): at the
  // review, the holding fund's LPs buy the guidance stakes worth more than
  // the price, paying the price to the guidance fund, and own the whole
  // stake from then on. The value above the price is ceded to them.
  const VentureParams& vp = w.p.venture;
  if (!vp.guidance_cede_excess || vp.guidance_exit_rule != GuidanceExit::buy_back) return;
  for (Firm& f : w.firms) {
    if (!f.alive || f.venture_stake <= 0 || f.guidance_invested <= 0 || f.venture_invested <= 0 || f.venture_fund < 0) continue;
    const double held = now_year - f.venture_round_year;
    const double value = f.venture_stake * f.valuation * f.guidance_invested / f.venture_invested;
    if (!guidance_buy_back_due(vp, value, f.guidance_invested, held, f.venture_exit_year <= now_year)) continue;
    const double price = guidance_strike(vp, f.guidance_invested, held);
    w.ledger.transfer(Account::external, Account::guidance_fund, price, FLOW_GUIDANCE_BUY_BACK);
    funds_[static_cast<std::size_t>(f.venture_fund)].bought_back += price;
    bought_back_ += price;
    ceded_at_buy_back_ += value - price;
    guidance_receives(w, price, price - f.guidance_invested);
    f.guidance_invested = 0;  // the stake is the fund's alone; venture_invested keeps the round's cost
  }
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
    if (lead >= 0) {
      // Follow-on (跟进投资): a private fund has chosen the firm and can pay
      // the whole round; only then does guidance money come in, taking part
      // of the round at the same price, at most φ times the lead's own part
      // and at most g_max a deal. The lead keeps the rest of its cash for
      // other deals.
      if (guidance_on && vp.guidance_entry == GuidanceEntry::follow_on && guidance_cash_ > 0) {
        const double phi = vp.guidance_follow_share;
        from_guidance = std::min({guidance_cash_, round * phi / (1.0 + phi), vp.guidance_project_cap_yuan});
        from_private = round - from_guidance;
      }
    } else {
      // Last resort (the entry before session 15): no private fund can pay,
      // so the guidance fund puts in 1/(1+L) of the round and requires L
      // times as much from private co-investors, who commit new money to the
      // newest fund with this stage in focus. Under follow-on entry a deal
      // no private fund leads gets no guidance money.
      if (!guidance_on || vp.guidance_entry != GuidanceEntry::last_resort || guidance_cash_ <= 0) continue;
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
  buy_backs(w, now_year);
  for (Firm& f : w.firms) {
    if (!f.alive || f.venture_stake <= 0 || f.venture_exit_year > now_year) continue;
    // IPO/M&A: buyers pay the stake's share of the firm's valuation; the
    // heavy tail of exit multiples comes from the valuations themselves.
    // Only a share of exits goes that way; the others are buy-backs (回购)
    // and share transfers, which return at most the money put in (7.11).
    const double market = f.venture_stake * f.valuation;
    const bool listed = vp.ipo_exit_share >= 1.0 ||
                        draw(f, P_VC_EXIT_ROUTE, static_cast<std::uint64_t>(w.calendar_year())) < vp.ipo_exit_share;
    const double proceeds = listed ? market : unlisted_exit_value(market, f.venture_invested);
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
    if (f.venture_fund >= 0) funds_[static_cast<std::size_t>(f.venture_fund)].distributed += proceeds - to_guidance;
    if (to_guidance > 0) {
      w.ledger.transfer(Account::external, Account::guidance_fund, to_guidance, Flow::exit_proceeds);
      guidance_proceeds_ += to_guidance;
      guidance_receives(w, to_guidance, to_guidance - f.guidance_invested);
    } else if (!vp.guidance_to_treasury) {
      gains_left_ -= f.guidance_invested;  // sold for nothing: a realised loss offsets earlier gains
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
    fund.distributed += fund.cash;
    fund.cash = 0;
    fund.open = false;
  }
}

void Venture::report(MetricRow& out) const {
  double open_funds = 0;
  for (const VentureFund& fund : funds_) open_funds += fund.open;
  out.insert(out.end(), {invested_, exit_proceeds_, open_funds, guidance_invested_, guidance_proceeds_, ceded_, private_commitments_,
                         trailing_multiple_, trailing_dpi_, commitment_multiplier_, bought_back_, ceded_ + ceded_at_buy_back_, fee_paid_});
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
      {"venture_private_commitments", "yuan",
       "Private LPs' commitments to the early-stage and growth funds of the vintages raised since the previous sample (without the "
       "bonds, angel money and co-investment); they respond to the private LPs' trailing multiple",
       MetricKind::flow, "Private VC commitments", "社会创投出资承诺",
       "上次抽样以来新设早期基金和成长期基金获得的社会有限合伙人出资承诺（不含科创债、天使资金和跟投资金），随社会有限合伙人近期回报倍数而变"},
      {"private_lp_multiple", "multiple",
       "Private LPs' trailing multiple on the vintages in the window: (distributions, with what the guidance fund ceded, + cash + "
       "holdings at model valuations) / paid-in; 0 before a vintage is old enough",
       MetricKind::stock, "Private LP multiple", "社会出资人回报倍数",
       "窗口内各期基金社会有限合伙人的回报倍数：（已分配收益，含引导基金让利，加现金及按模型估值计的持股）除以实缴出资；尚无足龄基金时为0"},
      {"private_lp_dpi", "multiple",
       "Private LPs' distributions over paid-in (DPI) on the same vintages as private_lp_multiple: money returned, without cash or "
       "holdings; 0 before a vintage is old enough",
       MetricKind::stock, "Private LP DPI", "社会出资人现金回报倍数",
       "与社会出资人回报倍数同一窗口各期基金的已分配收益除以实缴出资（不含现金和持股）；尚无足龄基金时为0"},
      {"private_commitment_multiplier", "× base", "The latest vintage's private commitments over the base (the response to returns)",
       MetricKind::stock, "Private commitment multiplier", "社会出资承诺系数", "最近一期基金的社会出资承诺与基准之比（对回报的响应）"},
      {"guidance_buy_back", "yuan",
       "Prices the private partners paid for the guidance fund's stakes (exit rule buy_back) since the previous sample",
       MetricKind::flow, "Guidance stakes bought back", "引导基金股权回购", "上次抽样以来社会出资人回购引导基金所持股权支付的价款（退出规则为“buy_back”时）"},
      {"guidance_ceded_out_of_city", "yuan",
       "Value the guidance fund ceded to private LPs, who are outside the city's accounts, since the previous sample: the excess above "
       "the cap at exits plus a bought-back stake's value above its price (a leakage)",
       MetricKind::flow, "Guidance value ceded out of the city", "引导基金让利外流",
       "上次抽样以来引导基金让渡给市外社会有限合伙人的价值：退出时超过封顶的收益，加回购时股权价值超过回购价款的部分（资金外流）"},
      {"guidance_management_fee", "yuan",
       "Management fees the guidance fund paid its manager since the previous sample (a yearly rate on its stakes at cost; the "
       "city's outlay on the fiscal line guidance_fee)",
       MetricKind::flow, "Guidance fund management fee", "引导基金管理费",
       "上次抽样以来引导基金向其管理机构支付的管理费（按所持股权原始出资的年费率计提；计入市级财政支出项“引导基金管理费”）"},
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
  b.number("institutions.venture.private_capital_yuan_per_year", v.private_vc_yuan_per_year, "yuan per year", 0, INF,
           "Private VC committed per year at the reference multiple (the base of the response to returns).",
           "回报倍数等于参考倍数时每年承诺投入的社会创投资本（对回报响应的基准）。");
  b.number("institutions.venture.commitment_elasticity", v.commitment_elasticity, "", 0, 5,
           "Elasticity of the year's private commitments to the private LPs' trailing multiple over the reference (0: fixed "
           "commitments).",
           "当年社会出资承诺对社会有限合伙人近期回报倍数与参考倍数之比的弹性（0：出资承诺固定）。");
  b.number("institutions.venture.commitment_reference_multiple", v.commitment_reference_multiple, "multiple of paid-in", 0.01, 100,
           "Trailing multiple at which private LPs commit the base (the no-guidance baseline's own mean).",
           "社会有限合伙人按基准出资时的近期回报倍数（无引导基金基准情景自身的均值）。");
  b.number("institutions.venture.commitment_window_years", v.commitment_window_years, "years", 1, 50,
           "Vintages in the trailing multiple.", "计算近期回报倍数所用的基金期数。");
  b.number("institutions.venture.commitment_min_age_years", v.commitment_min_age_years, "years", 0, 50,
           "A vintage counts in the trailing multiple from this age on.", "基金达到该年限后才计入近期回报倍数。");
  b.number("institutions.venture.commitment_floor", v.commitment_floor, "x base", 0, 1, "Least private commitments, over the base.",
           "社会出资承诺与基准之比的下限。");
  b.number("institutions.venture.commitment_ceiling", v.commitment_ceiling, "x base", 1, 100,
           "Most private commitments, over the base.", "社会出资承诺与基准之比的上限。");
  b.number("institutions.venture.angel_capital_yuan_per_year", v.angel_yuan_per_year, "yuan per year", 0, INF, "Angel capital per year.",
           "每年的天使投资资金。");
  b.number("institutions.venture.exit_years_mean", v.exit_years_mean, "years", 0.1, 100, "Mean holding period before an IPO/M&A exit.",
           "通过上市或并购退出前的平均持有期。");
  // 1 keeps every exit at the valuation (an upper bound); the evidence (中基协:
  // listings under 20 % of the principal exited; 清科 2020: 18.6 % of early-stage
  // and 59.4 % of VC exit cases) is the calibration's range (7.11).
  b.number("institutions.venture.ipo_exit_share", v.ipo_exit_share, "share", 0, 1,
           "Share of exits sold at the firm's valuation (IPO, M&A); the others are buy-backs and share transfers at the lower "
           "of cost and value. 1: every exit at the valuation.",
           "按企业估值退出（上市、并购）的比例；其余为回购和股权转让，按成本与估值中较低者退出。取1时全部按估值退出。");
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
  {
    static const std::vector<std::string> ENTRIES = {"follow_on", "last_resort"};
    const char* what =
        "When guidance money enters a deal. follow_on (follow-on investment): only in a round a private fund leads with its own "
        "cash, taking part of it (follow_share, project_cap_yuan); last_resort (the former rule): only where no "
        "private fund can pay, with co_investment_leverage private yuan crowded in per guidance yuan.";
    const char* const name = ENTRIES[static_cast<std::size_t>(v.guidance_entry)].c_str();
    if (b.schema) b.schema->choice("policies.guidance_fund.entry", name, ENTRIES, what);
    b.describe("policies.guidance_fund.entry", what,
               "引导基金资金何时进入项目：“follow_on”为跟进投资，仅在社会创投基金以自有资金领投的轮次中出资，承担该轮的一部分（见 "
               "`follow_share`、`project_cap_yuan`）；“last_resort”为原规则，仅在没有社会基金能够出资时投资，并按 "
               "`co_investment_leverage` 要求社会资本跟投。");
    if (b.scn) {
      const std::string& t = b.scn->text("policies.guidance_fund.entry");
      for (std::size_t i = 0; i < ENTRIES.size(); ++i)
        if (t == ENTRIES[i]) v.guidance_entry = static_cast<GuidanceEntry>(i);
    }
  }
  b.number("policies.guidance_fund.follow_share", v.guidance_follow_share, "x the lead's amount", 0, 10,
           "follow_on: the guidance part of a round is at most this times the lead fund's own part (Shanghai's rule: at most 50 % "
           "of the venture fund's cash investment).",
           "“follow_on”时，引导基金在一轮中的出资不超过领投基金自有出资的该倍数（上海市规定：不超过创业投资企业实际现金出资额的50%）。");
  b.number("policies.guidance_fund.project_cap_yuan", v.guidance_project_cap_yuan, "yuan", 0, INF,
           "follow_on: most guidance money in one deal (Shanghai Hongkou: at most 5 m yuan a firm).",
           "“follow_on”时，引导基金对单个项目的最高出资（上海虹口：对单个创业企业不得高于500万元）。");
  b.number("policies.guidance_fund.management_fee_rate", v.guidance_fee_rate, "per year", 0, 1,
           "Management fee the fund pays its manager each year on its stakes at cost (a published sub-fund call: at most 1.5 % a "
           "year).",
           "引导基金每年按所持股权原始出资向其管理机构支付的管理费率（已公布的子基金遴选方案：每年不超过1.5%）。");
  b.schedule("policies.guidance_fund.co_investment_leverage", v.co_investment_leverage, "private yuan per guidance yuan", 0, 100,
             "last_resort: private co-investment required per guidance yuan.",
             "“last_resort”时，引导基金每出资一元所要求的社会资本跟投额。");
  b.boolean("policies.guidance_fund.cede_excess_returns", v.guidance_cede_excess,
            "Cede gains to the private co-investors by exit_rule; false: nothing is ceded whatever exit_rule says (as equal_shares). The "
            "price is cost (held < cap_free_years) or cost plus simple interest at cap_rate (MOF 2007 No. 128 art 15).",
            "按 `exit_rule` 向社会出资人让利；为否时不论 `exit_rule` 均不让利（同“equal_shares”）。价格：持有不足 `cap_free_years` 年按原始出资，"
            "否则按原始出资加按 `cap_rate` 计的单利收益（财企〔2007〕128号第15条）。");
  {
    static const std::vector<std::string> RULES = {"cap_at_exit", "buy_back", "equal_shares", "follow_on_carry"};
    const char* what =
        "How the fund cedes gains. follow_on_carry (follow-on investment, MOF 2007 No. 128 ch. 4): pro rata less carry_share of "
        "its gain over cost, paid to the lead fund; cap_at_exit (art 15's price applied at the sale): its share is capped at each "
        "exit and the excess ceded; buy_back (art 15 as the partners' option): the partners buy a stake worth more than its price "
        "at cost at the last review before cap_free_years, at cost plus interest after, or before a sale; equal_shares: pro rata, "
        "nothing ceded.";
    const char* const name = RULES[static_cast<std::size_t>(v.guidance_exit_rule)].c_str();
    if (b.schema) b.schema->choice("policies.guidance_fund.exit_rule", name, RULES, what);
    b.describe("policies.guidance_fund.exit_rule", what,
               "引导基金的让利方式：“follow_on_carry”为跟进投资（财企〔2007〕128号第4章）按比例分配，收益中超出原始出资部分的 "
               "`carry_share` 作为效益奖励付给领投基金；“cap_at_exit”为每次退出时按第15条价格封顶、超出部分让渡；“buy_back”为其他"
               "出资人在股权价值高于回购价时回购（第15条）：`cap_free_years` 前最后一次年度评估时按原始出资，其后按原始出资加利息，"
               "或在出售前；“equal_shares”为同股同权、不让利。");
    if (b.scn) {
      const std::string& t = b.scn->text("policies.guidance_fund.exit_rule");
      for (std::size_t i = 0; i < RULES.size(); ++i)
        if (t == RULES[i]) v.guidance_exit_rule = static_cast<GuidanceExit>(i);
    }
  }
  b.number("policies.guidance_fund.carry_share", v.guidance_carry_share, "share of the gain", 0, 1,
           "follow_on_carry: share of the fund's gain over cost paid to the lead fund as its performance reward (industry carry "
           "practice, 20 %).",
           "“follow_on_carry”时，引导基金收益中超出原始出资部分付给领投基金作为效益奖励的比例（按创业投资运作惯例，20 %）。");
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
