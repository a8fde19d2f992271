#include "innosim/model/finance/banks.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

namespace {
// The opening loan's remaining term draws from the firm's birth stream.
constexpr std::uint64_t P_BIRTH_TERM = engine::purpose_id("birth");
constexpr std::uint64_t P_OPENING_LOAN = engine::purpose_id("opening_loan");
// The lottery for a bank's lending room at its capital minimum (7.7b).
constexpr std::uint64_t P_ROOM_LOTTERY = engine::purpose_id("bank_room_lottery");
}  // namespace

Banks::Banks(const World& w) { banks_.assign(static_cast<std::size_t>(w.p.bank.banks), Bank{}); }

void Banks::opening_book(World& w) {
  // Opening tech-loan book: a share of incumbents borrow (the loan access
  // rate); each borrower's loan is proportional to the debt its cash flow
  // can service (7.7) times a leverage draw, scaled so the book equals the
  // seed's balance, capped by the ceiling and by what it can service.
  const BankParams& bp = w.p.bank;
  double target_sum = 0;
  std::vector<double> target(w.firms.size()), cap(w.firms.size());
  const double opening_rate = bp.base_rate + 0.5 * (bp.spread_low + bp.spread_high);
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    const Firm& f = w.firms[i];
    if (draw(f, P_OPENING_LOAN, 0) >= w.p.firm.initial_borrower_share) continue;
    cap[i] = std::min(serviceable_debt(w, f, opening_rate), credit_ceiling(w, f, 0.0));
    target[i] = cap[i] * (0.5 + draw(f, P_OPENING_LOAN, 1));
    target_sum += target[i];
  }
  // The scale at which the capped loans add up to the seed's balance
  // (bisection; if even the caps fall short, every borrower is at its cap).
  auto book_at = [&](double k) {
    double b = 0;
    for (std::size_t i = 0; i < w.firms.size(); ++i) b += std::min(target[i] * k, cap[i]);
    return b;
  };
  // The seed's balance is stated at 1 January of tech_loans_year; a run that
  // starts earlier (a warm-up) opens at it back-cast by the seed's growth
  // (5, step 7); a later start keeps the stated balance.
  const InitialParams& i0 = w.p.initial;
  const int years_before = std::max(0, i0.tech_loans_year - w.p.start_year);
  const double want = i0.tech_loans_yuan / std::pow(1.0 + i0.tech_loans_growth, years_before);
  double lo = 0, hi = target_sum > 0 ? want / target_sum : 0.0;
  while (hi > 0 && book_at(hi) < want && hi < 1e12) hi *= 2;
  for (int it = 0; it < 60 && hi > 0; ++it) {
    const double mid = 0.5 * (lo + hi);
    (book_at(mid) < want ? lo : hi) = mid;
  }
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    Firm& f = w.firms[i];
    const double d = std::min(target[i] * hi, cap[i]);
    if (d <= 0) continue;
    f.debt = d;
    f.loan_rate = bp.base_rate + bp.spread_high - (bp.spread_high - bp.spread_low) * appraisal_score(w, f);
    f.loan_months_left = static_cast<float>(1.0 + std::floor(draw(f, P_BIRTH_TERM, 7) * 12.0 * bp.term_years));
    f.has_borrowed = true;  // opening loans were drawn before the subsidy's registration (not registered)
    banks_[f.bank].loan_book += d;
    // The money was lent and spent before the start: bank -> (firm) -> suppliers.
    banks_[f.bank].cash -= d;
    w.ledger.transfer(Account::banks, Account::external, d, Flow::endowment);
  }
  // Banks' capital: their owners' money, at the target ratio on the opening
  // book (a floor of a tenth of the mean for a bank with a small book).
  double book = 0;
  for (const Bank& b : banks_) book += b.loan_book;
  const double mean = book / static_cast<double>(banks_.size());
  for (Bank& b : banks_) {
    const double capital = bp.capital_ratio_target * bp.risk_weight * std::max(b.loan_book, 0.1 * mean);
    b.cash += capital;
    w.ledger.transfer(Account::external, Account::banks, capital, Flow::endowment);
    b.equity_at_review = b.equity();
  }
}

double Banks::credit_ceiling(const World& w, const Firm& f, double coverage) const {
  // K+S: Debt_max = Lambda * max(NW, S - W): net worth counts the firm's
  // receivables and equipment; the surplus is annual revenue less wages and materials.
  const double nw = FirmFinance::equity(f);
  const double output = f.revenue > 0 ? f.revenue / w.dynamics.price(f) : 0.0;
  const double base = std::max(nw, 12.0 * (f.revenue - w.dynamics.input_cost(f) * output - f.wage_bill));
  double lambda = w.p.bank.lambda;
  if (f.insurance_cover > 0) lambda *= 1.0 + w.p.bank.insured_ceiling_bonus;
  if (w.tech_credit.applies(w, f)) lambda *= 1.0 + w.p.tech_credit.ceiling_bonus;
  // Cover of share c (the pool's, or the points line's guarantee): the bank
  // lends more against it, kappa per unit of cover (7.9).
  if (coverage > 0) lambda *= 1.0 + w.p.risk_pool.ceiling_bonus_per_coverage * coverage;
  return std::max(0.0, lambda * base);
}

double Banks::appraisal_score(const World& w, const Firm& f) const {
  return appraisal_score(w, f, f.revenue > 0 ? w.dynamics.monthly_costs(f) : 0.0);
}

double Banks::appraisal_score(const World& w, const Firm& f, double monthly_costs) const {
  // Bank appraisal in [0, 1]: operating margin, liquidity (cash and
  // receivables over three months of sales), stage, the innovation-points
  // line and insurance signals (assumption; docs/model.md 7.7).
  const double margin = f.revenue > 0 ? (f.revenue - monthly_costs) / f.revenue : -1.0;
  const double liquidity = f.revenue > 0 ? std::clamp((f.cash + f.receivables) / (3.0 * f.revenue), -1.0, 1.0) : -1.0;
  double s = 0.35 + 2.0 * margin + 0.15 * liquidity + 0.05 * static_cast<double>(f.stage);
  // The points list: a firm holding a points-linked credit line (7.13; off
  // in the baseline, where no Jiangmen source ties points to bank credit).
  if (f.points_line) s += w.p.programmes.points_support.appraisal_bonus;
  if (f.insurance_cover > 0) s += 0.05;
  return std::clamp(s, 0.0, 1.0);
}

LoanTerms Banks::terms(const World& w, const Firm& f, double coverage) const {
  const BankParams& bp = w.p.bank;
  LoanTerms t;
  t.score = appraisal_score(w, f);
  t.coverage = coverage;
  t.rate = bp.base_rate + bp.spread_high - (bp.spread_high - bp.spread_low) * t.score;
  // The concessional rate on a new loan while the city's relending room lasts
  // (7.7): a draw beyond the room is charged the ordinary spread on the rest (borrow).
  if (w.tech_credit.discounts(w, f)) t.rate -= w.p.tech_credit.spread_discount;
  t.ceiling = credit_ceiling(w, f, coverage);
  return t;
}

double Banks::projected_ebitda(const World& w, const Firm& f) const {
  // Banks project EBITDA (revenue less wages, materials and R&D) on the
  // firm's orders (its demand at its price and unit cost), so a firm short of
  // capacity can borrow against the sales new equipment will make.
  const double price = w.dynamics.price(f);
  const double unit_margin = price - w.dynamics.wage() / f.productivity - w.dynamics.input_cost(f) - f.rd_share * price;
  return 12.0 * f.demand * unit_margin;
}

double Banks::serviceable_debt(const World& w, const Firm& f, double rate) const {
  // Debt-service coverage: annual EBITDA must cover dscr_min times the year's
  // debt service, counted as the interest plus the debt spread over amortisation_years.
  const BankParams& bp = w.p.bank;
  const double ebitda = projected_ebitda(w, f);
  if (ebitda <= 0) return 0.0;
  return ebitda / (bp.dscr_min * (rate + 1.0 / bp.amortisation_years));
}

double Banks::interest_covered_debt(const World& w, const Firm& f, double rate) const {
  // Interest cover (7.7d): a working-capital loan of a year or less is repaid
  // from the turnover it finances and rolled over while the firm passes, so a
  // bank tests that EBITDA covers the interest, not an amortisation the
  // rollover never asks for (流动资金贷款; 无还本续贷, 7.8).
  const double ebitda = projected_ebitda(w, f);
  const double icr = w.p.bank.working_capital_interest_cover;
  if (ebitda <= 0 || !(icr > 0)) return 0.0;
  return rate > 0 ? ebitda / (icr * rate) : std::numeric_limits<double>::infinity();
}

double Banks::collateral_room(const World& w, const Firm& f, double purchase) const {
  // The collateral test (7.7d): the part of the debt no cover or guarantee
  // backs must be secured by pledged assets at the loan-to-value ratio; the
  // firm's pledgeable assets are its receivables (应收账款质押) and its
  // equipment at book value, an equipment loan's purchase included (the
  // machine secures its own loan). Cash is not counted: it is spent.
  const double ltv = w.p.bank.collateral_ltv;
  if (!(ltv > 0)) return std::numeric_limits<double>::infinity();
  const double uncovered = f.debt - (f.covered_debt > 0 ? f.covered_debt : 0.0);
  return std::max(0.0, ltv * (std::max(0.0, f.receivables) + std::max(0.0, f.fixed_assets + purchase)) - uncovered);
}

double Banks::collateral_excess(const World& w, const Firm& f, double pending_cover) const {
  // The uncovered debt beyond what the pledged assets secure at the LTV
  // (7.7d); 0 with the test off. pending_cover: a balance filed again with
  // the pool this month, covered until the settlement says otherwise.
  const double ltv = w.p.bank.collateral_ltv;
  if (!(ltv > 0)) return 0.0;
  const double uncovered = f.debt - std::max(0.0, f.covered_debt) - pending_cover;
  return std::max(0.0, uncovered - ltv * (std::max(0.0, f.receivables) + std::max(0.0, f.fixed_assets)));
}

double Banks::capital_ratio(const World& w, const Bank& b) const {
  const double rwa = w.p.bank.risk_weight * b.loan_book;
  return rwa > 0 ? b.equity() / rwa : std::numeric_limits<double>::infinity();
}

double Banks::lending_room(const World& w, const Bank& b) const {
  const BankParams& bp = w.p.bank;
  return std::max(0.0, b.equity() / (bp.risk_weight * bp.capital_ratio_min) - b.loan_book);
}

double Banks::tightening(const World& w, const Bank& b) const {
  // Banks manage towards the target and raise capital at the review when
  // below it; they tighten lending only once half of the buffer above the
  // minimum is used, the cut-offs rising linearly from there to the minimum
  // (Assumption: a management buffer; the evidence on capital and lending,
  // e.g. Gambacorta and Shin 2018, is on the sign, not this shape).
  const BankParams& bp = w.p.bank;
  const double ratio = capital_ratio(w, b);
  const double start = 0.5 * (bp.capital_ratio_target + bp.capital_ratio_min);
  if (ratio >= start) return 0.0;
  const double span = std::max(1e-9, start - bp.capital_ratio_min);
  return bp.capital_cutoff_rise * std::clamp((start - ratio) / span, 0.0, 1.0);
}

double Banks::appraisal_rate(const World& w, const Firm& f, double rate) const {
  // The subsidy runs for D = duration_years (2) of a loan the bank expects
  // to be repaid over T_am = amortisation_years (10), renewals included, so
  // over the loan's life it lowers the debt service by about s D / T_am a
  // year: the bank weighs the subsidy by w (default D / T_am), for a subsidy
  // paid through the bank, which it can count on at origination (central
  // schemes, 预拨+结算). One reimbursed after the fact under a quota or audit
  // gives it nothing to lend against: w = 0, the baseline's (its provincial
  // scheme is claimed after each quarter; 7.7, "The payment route").
  const double weight = w.p.bank.appraisal_subsidy_weight;
  if (!(weight > 0)) return rate;
  return rate - weight * w.interest_subsidy.running_cut(w, f, rate);
}

double Banks::offer(const World& w, const Firm& f, double wanted, bool emergency, double coverage, double room,
                    double& rate, CreditBind* why, bool working_capital) const {
  const BankParams& bp = w.p.bank;
  const Bank& bank = banks_[f.bank];
  LoanTerms t = terms(w, f, coverage);
  // The concession reaches the part of the request within the city's
  // relending room (7.7): the bank appraises and quotes the request's blend,
  // so no firm is appraised at a discount the room cannot fund.
  t.rate += w.tech_credit.unfunded_premium(w, f, wanted);
  rate = t.rate;
  if (wanted <= 1e4) return 0.0;
  // Appraisal: existing borrowers are renewed at a lower cut-off
  // (relationship lending); the cut-off falls as pool coverage rises (banks
  // screen less) and rises when the bank's capital runs short.
  const double cutoff = (f.debt > 0 ? bp.renewal_cutoff : bp.score_cutoff) - w.p.risk_pool.screening_relief * t.coverage +
                        bank.cutoff_rise;
  if (t.score < cutoff) {
    // A score that clears the cut-off without the capital's rise is refused for want of capital (7.7c).
    if (why) *why = t.score >= cutoff - bank.cutoff_rise ? CreditBind::capital : CreditBind::cutoff;
    return 0.0;
  }
  // New money beyond a bridge of the month's costs must be serviceable at
  // the appraisal rate: the contractual rate less a weight of the subsidy,
  // which lasts a fifth of the horizon the bank amortises over (7.7; the
  // same standard as a project loan's, 7.7a).
  const double ceiling = t.ceiling - f.debt;
  // A working-capital request is tested on interest cover when that test is
  // on (7.7d); it is counted under dscr, the cash-flow test, all the same.
  const bool interest_cover = working_capital && bp.working_capital_interest_cover > 0;
  const double appraised = emergency ? 0.0 : appraisal_rate(w, f, t.rate);
  const double dscr = emergency        ? wanted
                      : interest_cover ? interest_covered_debt(w, f, appraised) - f.debt
                                       : serviceable_debt(w, f, appraised) - f.debt;
  const double amount = std::min({wanted, ceiling, bp.max_loan_yuan, room, dscr});
  if (why) {
    // The tightest of the limits (ties: the order of the tests a loan officer
    // reads, ceiling, then debt service, then the bank's room).
    *why = amount == ceiling ? CreditBind::ceiling
           : amount == dscr  ? CreditBind::dscr
           : amount == room  ? CreditBind::capital
                             : CreditBind::other;
  }
  return amount > 1e4 ? amount : 0.0;
}

Banks::Plan Banks::plan(const World& w, const Firm& f, double wanted, bool emergency, bool all_or_nothing,
                        double room) const {
  // Banks register eligible loans with the pool (邑科贷 covers the loans banks
  // register, not only those cover makes possible; 7.9): the unsecured part
  // of the draw (above what the firm's own assets secure, an equipment loan's
  // equipment included), within the per-loan and per-firm limits, while the
  // pool has room and its lottery admits the request; the bank files the
  // registration and the pool settles the month's filings together after
  // the firms' loop, within its room (RiskPool::settle). Cover raises the
  // ceiling and lowers the cut-off, so the covered offer is at least the
  // ordinary one; the bank lends beyond the ordinary offer only the secured
  // part plus the covered part. What the ordinary terms would have lent of
  // the covered part is the inframarginal share the pool reports.
  Plan p;
  const bool working_capital = !emergency && !all_or_nothing;
  double ordinary = offer(w, f, wanted, emergency, 0.0, room, p.rate, &p.bind, working_capital);
  // The collateral test (7.7d): on ordinary terms the bank lends only what
  // the firm's pledgeable assets secure; cover or a guarantee (below) lends
  // the rest up to its cover. Off (lambda_c = 0), the room is unlimited.
  const double purchase = all_or_nothing ? wanted : 0.0;
  const bool collateral_test = w.p.bank.collateral_ltv > 0;
  const double collateral = collateral_room(w, f, purchase);
  if (ordinary > collateral) {
    ordinary = collateral > 1e4 ? collateral : 0.0;
    p.bind = CreditBind::collateral;
  }
  // What cover and guarantees lend beyond: the part above what the firm's
  // own assets secure (its collateral room when the test is on).
  auto secured_part = [&] {
    return collateral_test ? collateral : std::max(0.0, w.finance.secured_room(w, f, all_or_nothing ? wanted : 0.0));
  };
  p.amount = ordinary;
  p.ordinary = ordinary;
  p.terms_offer = ordinary;
  p.largest_offer = ordinary;
  // The points line first (7.13): a listed firm holding a line draws its
  // unsecured part within the line on guaranteed terms, the pool's rule
  // below with the guarantee's share and no pool room or lottery (the
  // guarantor's book has no cap in the sources); the rate is capped at
  // base + max_spread (Huai'an: LPR + 80 bp). Only a working-capital draw is
  // guaranteed: Huai'an's product is 「不超过一年(含)的流动资金贷款」, so an
  // equipment or project loan (all or nothing, 7.7a) and an emergency bridge
  // go on ordinary terms (issue 14: guaranteed equipment loans the ordinary
  // terms refused let line holders over-expand and fail). A guaranteed draw
  // is not registered with the pool as well.
  if (working_capital && w.points_support.eligible(w, f)) {
    const double g = w.p.programmes.points_support.guarantee_share;
    double guaranteed_rate = 0;
    CreditBind bind = CreditBind::other;
    const double guaranteed_amount = offer(w, f, wanted, emergency, g, room, guaranteed_rate, &bind, working_capital);
    p.largest_offer = std::max(p.largest_offer, guaranteed_amount);
    const double secured = secured_part();
    const double wanted_guarantee = std::max(0.0, std::min(guaranteed_amount - secured, w.points_support.line_left(w, f)));
    if (guaranteed_amount > 1e4 && wanted_guarantee > 1e4) {
      const double with_guarantee = std::max(ordinary, std::min(guaranteed_amount, secured + wanted_guarantee));
      const double guaranteed = std::min(wanted_guarantee, std::max(0.0, with_guarantee - secured));
      if (guaranteed > 1e4) {
        p.amount = with_guarantee;
        p.rate = w.points_support.rate(w, guaranteed_rate);
        p.guaranteed = guaranteed;
        p.bind = bind;
        p.terms_offer = guaranteed_amount;
        if (collateral_test && secured + wanted_guarantee < guaranteed_amount) {
          // Collateral and the line together fall short of the guaranteed terms' offer.
          p.terms_offer = with_guarantee;
          p.bind = CreditBind::collateral;
        }
        const bool refused = all_or_nothing && ordinary < wanted - 1e4;
        p.anyway = refused ? 0.0 : std::clamp(ordinary - secured, 0.0, guaranteed);
      }
    }
  }
  // Distressed (emergency) borrowing is never covered: the pool backs new
  // lending to eligible firms, not rescues. A firm whose cover slot holds
  // the points line's guarantee is not registered with the pool.
  // With working_capital_only (7.9, issue 14; an option, off in the
  // baseline) an equipment or project loan (all or nothing, 7.7a) goes on
  // ordinary terms, as Huai'an's line guarantees only working capital (7.13);
  // 邑科贷's known rule is a term of at most a year, not a purpose.
  if (!(p.guaranteed > 0) && !emergency && !(f.points_cover && f.covered_debt > 0) &&
      (working_capital || !w.p.risk_pool.working_capital_only) && w.risk_pool.eligible(w, f) && w.risk_pool.has_room()) {
    double covered_rate = 0;
    CreditBind bind = CreditBind::other;
    const double covered_amount =
        offer(w, f, wanted, emergency, w.risk_pool.coverage(w, f), room, covered_rate, &bind, working_capital);
    p.largest_offer = std::max(p.largest_offer, covered_amount);
    const double secured = secured_part();
    const double wanted_cover = w.risk_pool.wanted_cover(w, f, covered_amount, secured);
    if (covered_amount > 1e4 && wanted_cover > 1e4) {
      p.pool_request = wanted_cover;
      p.pool_admitted = w.risk_pool.admits(w, f);
    }
    if (p.pool_admitted) {
      const double with_cover = std::max(ordinary, std::min(covered_amount, secured + wanted_cover));
      const double cover = std::min(wanted_cover, std::max(0.0, with_cover - secured));
      if (cover > 1e4) {
        p.amount = with_cover;
        p.rate = covered_rate;
        p.cover = cover;
        p.bind = bind;
        p.terms_offer = covered_amount;
        if (collateral_test && secured + wanted_cover < covered_amount) {
          // Collateral and the pool's cover together fall short of the covered terms' offer.
          p.terms_offer = with_cover;
          p.bind = CreditBind::collateral;
        }
        // Made anyway: the part of the covered slice [secured, secured +
        // cover] the ordinary offer reaches, unless it would have been
        // turned down (an equipment loan is all or nothing).
        const bool refused = all_or_nothing && ordinary < wanted - 1e4;
        p.anyway = refused ? 0.0 : std::clamp(ordinary - secured, 0.0, cover);
      }
    }
  }
  if (p.amount <= 0 || (all_or_nothing && p.amount < wanted - 1e4)) p.amount = 0;
  return p;
}

Banks::Quote Banks::quote(const World& w, const Firm& f, double wanted, bool all_or_nothing) const {
  const Plan p = plan(w, f, wanted, false, all_or_nothing, lending_room(w, banks_[f.bank]));
  return {.amount = p.amount, .ordinary = p.ordinary, .cover = p.cover, .guaranteed = p.guaranteed};
}

bool Banks::borrow(World& w, Firm& f, double wanted, bool emergency, bool all_or_nothing) {
  // The request on every test but the bank's lending room first: what it
  // asks of the room (counted for next month's lottery, admitted or not).
  Bank& b = banks_[f.bank];
  constexpr double NO_LIMIT = std::numeric_limits<double>::infinity();
  Plan p = plan(w, f, wanted, emergency, all_or_nothing, NO_LIMIT);
  // Refused or cut (by the ceiling or the debt-service limit) on ordinary
  // terms: recorded for the points line's additionality report (7.13).
  if (!emergency && p.ordinary < wanted - 1e4) f.credit_short = true;
  if (p.amount > 0) {
    b.room_requested += p.amount;
    w.tech_credit.count_request(w, f, p.amount);  // what it asks of the relending room, for its lottery (7.7)
    // At the capital minimum the room goes by lottery (7.7b): when last
    // month's requests exceeded the room there is now, a firm is admitted
    // this month with the probability that fits them to it, from its own
    // stream (one draw a firm and month), so the room goes to firms at
    // random, not to the first in the firms' order.
    if (b.room_admit_p < 1.0 && !(draw(f, P_ROOM_LOTTERY, w.month) < b.room_admit_p)) {
      count_short(wanted, 0.0, CreditBind::capital);  // refused by the room's lottery: the bank's capital binds
      return false;
    }
  }
  // Within the room left (the hard limit at the minimum): only when an offer
  // exceeds it are the terms weighed again with it.
  const double room = lending_room(w, b);
  if (p.largest_offer > room) p = plan(w, f, wanted, emergency, all_or_nothing, room);
  if (p.pool_request > 0) w.risk_pool.count_request(p.pool_request);
  // Refused or cut: the test that set the offer on the terms lent on
  // (ordinary, covered or guaranteed; an equipment loan offered less than
  // its price is refused by the same test); other when that offer reached
  // the request and the pool's or the line's limits cut it (7.7c).
  count_short(wanted, p.amount, p.terms_offer < wanted - 1e4 ? p.bind : CreditBind::other);
  if (!(p.amount > 0)) return false;
  const double amount = p.amount;
  // The concession reaches only the part of the draw within the city's
  // relending room (7.7); the rest carries the ordinary spread. Booked before
  // the debt grows (the firm's concessional share is blended at the draw).
  // The quote carried the concession on min(wanted, room) / wanted of the
  // request (offer); the draw carries it on its own part within the room.
  const bool on_terms = w.tech_credit.discounts(w, f);
  const double quoted = on_terms ? std::min(1.0, w.tech_credit.room(w) / wanted) : 0.0;
  const double concessional = w.tech_credit.draw(w, f, amount, on_terms);
  const double rate = p.rate + w.p.tech_credit.spread_discount * (quoted - concessional / amount);
  const bool covered = p.cover > 0;
  w.interest_subsidy.register_loan(w, f, amount, rate);  // registration at origination (7.8), before the draw is booked
  if (covered) w.risk_pool.request(w, f, p.cover, p.anyway);  // settled after the firms' loop (7.9)
  if (p.guaranteed > 0) w.points_support.guarantee(w, f, p.guaranteed, p.anyway);  // the guarantee runs with the loan (7.13)
  f.loan_rate = (f.loan_rate * f.debt + rate * amount) / (f.debt + amount);
  f.debt += amount;
  f.loan_months_left = static_cast<float>(12.0 * w.p.bank.term_years);
  f.has_borrowed = true;
  b.loan_book += amount;
  b.cash -= amount;
  w.receive(f, Account::banks, amount, Flow::loan_disbursement);
  new_loans_ += amount;
  w.emit(EventKind::loan, f, amount);
  return amount >= wanted - 1e4;
}

void Banks::count_short(double wanted, double granted, CreditBind why) {
  if (!(granted < wanted - 1e4)) return;
  short_requests_ += 1;
  const auto i = static_cast<std::size_t>(why);
  short_count_[i] += 1;
  short_yuan_[i] += wanted - granted;
}

void Banks::service(World& w, Firm& f) {
  if (f.debt <= 0) return;
  Bank& b = banks_[f.bank];
  const BankParams& bp = w.p.bank;
  // At a registration's end the pool's cover is renewed with the loan or lapses (7.9); a balance filed again counts as
  // covered for this month's rollover (the bank renews on the strength of the filing; settled after the firms' loop).
  const double refiled = w.risk_pool.renew_or_lapse(w, f);
  const double interest = f.debt * f.loan_rate / 12.0;
  const double principal_due = f.loan_months_left <= 1.0f ? f.debt : f.debt / f.loan_months_left;
  w.pay(f, Account::banks, interest, Flow::interest);
  b.cash += interest;
  w.interest_subsidy.accrue(w, f);  // the month's subsidy claim on the registered principal (paid after the year, 7.8)
  // Renewal (无还本续贷, 7.8): a borrower asks the bank to roll the month's
  // principal over when repaying it would take its cash below its target,
  // or when the loan costs it less after subsidy and tax than its owners'
  // required return (it keeps the cheaper money); the bank does
  // when the borrower passes the renewal cut-off and its cash flow covers the
  // debt service (coverage >= 1, below the dscr_min that new money needs).
  // Renewal keeps the book as it is, so capital does not bind.
  // The firm's monthly costs do not change within the service (it moves
  // cash, debt and the subsidy's claims only): computed once for the three
  // tests below, the same value each would compute (docs/performance.md, session 19).
  const double costs = w.dynamics.monthly_costs(f);
  const bool wants_renewal = f.cash - principal_due < w.p.firm.cash_target_months * costs ||
                             w.finance.prefers_credit(w, f, costs);
  // With the interest-cover test on (7.7d), the rollover of working capital
  // asks that EBITDA covers ICR times the interest (流动资金贷款 rolled over
  // under 无还本续贷): no amortisation, as the loan is not being repaid.
  const bool covers = bp.working_capital_interest_cover > 0 ? interest_covered_debt(w, f, f.loan_rate) >= f.debt
                                                            : bp.dscr_min * serviceable_debt(w, f, f.loan_rate) >= f.debt;
  if (wants_renewal && appraisal_score(w, f, costs) >= bp.renewal_cutoff + b.cutoff_rise && covers) {
    // With the collateral test on (7.7d), the renewal is a new loan contract
    // that must meet the lending standard, with a new guarantee contract
    // where one is needed (金规〔2024〕13号, 2024: 「在原贷款到期前与小微企业签订
    // 新的借款合同，需要担保的签订新的担保合同」, 「符合贷款发放标准」): the part of
    // the debt that neither pledged assets (the collateral room) nor cover or
    // a guarantee back is not rolled over but repaid, at most the month's
    // instalment. So a loan lent beyond collateral against the pool's cover
    // runs on only while covered; its cover lapsing, it amortises.
    const double excess = collateral_excess(w, f, refiled);
    if (excess > 0) repay_principal(w, f, b, std::min(principal_due, excess));
    if (f.debt > 0) f.loan_months_left = static_cast<float>(12.0 * bp.term_years);
  } else {
    repay_principal(w, f, b, principal_due);
  }
}

void Banks::prepay(World& w, Firm& f, double amount) {
  if (f.debt <= 0 || amount <= 0) return;
  repay_principal(w, f, banks_[f.bank], std::min(amount, f.debt));
}

void Banks::repay_principal(World& w, Firm& f, Bank& b, double principal) {
  const double debt_before = f.debt;
  const double repaid_share = principal / f.debt;
  w.pay(f, Account::banks, principal, Flow::principal);
  b.cash += principal;
  b.loan_book -= principal;
  f.debt -= principal;
  f.covered_debt *= 1.0 - repaid_share;
  f.subsidised_debt *= 1.0 - repaid_share;
  f.loan_months_left = std::max(0.0f, f.loan_months_left - 1.0f);
  if (f.debt <= 1e-6 * principal) {
    // What is left is at most a millionth of the payment: repaid with it, so
    // the firm's equity (and the owners' payout limit, 7.6) is not raised by
    // a written-off residue (a 1.18-yuan residue failed the payout check).
    if (f.debt > 0) {
      w.pay(f, Account::banks, f.debt, Flow::principal);
      b.cash += f.debt;
    }
    b.loan_book -= f.debt;
    f.debt = 0;
    f.covered_debt = f.subsidised_debt = 0;
  }
  w.tech_credit.repaid(f, debt_before);  // the concessional part pro rata (7.7)
}

void Banks::close_loan(World& w, Firm& f, bool default_event) {
  Bank& b = banks_[f.bank];
  const double debt = f.debt;
  // Creditors first: the bank takes the firm's cash up to the debt.
  const double from_firm = std::clamp(f.cash, 0.0, debt);
  if (from_firm > 0) w.pay(f, Account::banks, from_firm, Flow::principal);
  b.cash += from_firm;
  const double shortfall = debt - from_firm;
  if (shortfall > 1e-9 * debt) {
    // A default: the bank loses LGD of the exposure (Basel's loss rate on
    // exposure at default, which nets everything recovered), or the whole
    // shortfall when the firm's own assets recovered more than 1 - LGD; the
    // rest of the shortfall comes from collateral pledged outside the firm
    // (owners' property, guarantors). The pool pays its cover of the loss.
    const double loss = std::min(shortfall, w.p.bank.loss_given_default * debt);
    const double recovered = shortfall - loss;
    w.ledger.transfer(Account::external, Account::banks, recovered, Flow::recovery);
    b.cash += recovered;
    // The loss is shared by the cover on the firm's covered balance: the
    // points line's guarantor (7.13) or the pool (7.9).
    const double payout = f.points_cover ? w.points_support.on_default(w, f, loss) : w.risk_pool.on_default(w, f, loss);
    if (payout > 0) b.cash += payout;
    b.losses += loss;
    defaults_ += 1;
    w.emit(EventKind::loan_default, f, debt);
  }
  (void)default_event;  // a default with cash enough to repay is a repayment (the firm's cash was taken first)
  b.loan_book -= debt;
  f.debt = 0;
  w.tech_credit.repaid(f, debt);  // a closed loan frees its part of the relending room (7.7)
}

void Banks::month(World& w) {
  // Funding at the funding rate on the net position (negative cash is
  // borrowed from depositors and other banks), and operating costs.
  const BankParams& bp = w.p.bank;
  for (Bank& b : banks_) {
    if (b.capital_pending > 0 && w.month >= b.capital_due_month) pay_in_capital(w, b);
    decide_capital(w, b);
    const double funding = bp.funding_rate / 12.0 * b.cash;  // > 0: earned on surplus funds; < 0: paid
    if (funding > 0) w.ledger.transfer(Account::external, Account::banks, funding, Flow::bank_reserve_income);
    if (funding < 0) w.ledger.transfer(Account::banks, Account::external, -funding, Flow::bank_funding_cost);
    const double costs = bp.operating_cost_rate / 12.0 * b.loan_book;
    w.ledger.transfer(Account::banks, Account::external, costs, Flow::bank_operating_cost);
    b.cash += funding - costs;
    // The month's credit policy: cut-offs set from the ratio at the start of
    // the month, so which firms the loop reaches first does not move them.
    b.cutoff_rise = tightening(w, b);
    // The room's lottery (7.7b): when last month's requests exceeded the
    // room there is now, this month's requests are admitted with the
    // probability that fits them to it.
    const double room = lending_room(w, b);
    b.room_admit_p = b.room_requested > room ? room / b.room_requested : 1.0;
    b.room_requested = 0;
  }
}

void Banks::decide_capital(World& w, Bank& b) {
  // A bank whose ratio is below the target decides to raise new capital
  // (capital bonds, share issues, its parent's allocation) in that month,
  // as far as it needs to reach the target, within a limit on what it
  // decides in any 12 months (capital_raising x its equity); one decision
  // is in flight at a time. The money comes capital_raising_delay_months
  // later (the regulator's approval and the issue). Decided only at the
  // annual review (before), a shock just after 1 January brought capital
  // 18 months later.
  const BankParams& bp = w.p.bank;
  double& slot = b.capital_decided[w.month % b.capital_decided.size()];
  slot = 0;  // the decision of 12 months ago leaves the window
  if (b.capital_pending > 0 || !(b.equity() > 0)) return;
  const double shortfall = bp.capital_ratio_target * bp.risk_weight * b.loan_book - b.equity();
  if (!(shortfall > 0)) return;
  double decided = 0;
  for (double d : b.capital_decided) decided += d;
  const double amount = std::min(shortfall, bp.capital_raising * b.equity() - decided);
  if (!(amount > 0)) return;
  slot = amount;
  b.capital_pending = amount;
  b.capital_due_month = w.month + static_cast<std::uint64_t>(std::max(0, bp.capital_raising_delay_months));
  if (bp.capital_raising_delay_months <= 0) pay_in_capital(w, b);
}

void Banks::review(World& w) {
  // A bank pays its owners a share of the year's profit while its capital
  // ratio is above the target; below it, it retains everything to rebuild
  // capital (new capital is decided in the month the ratio is below the
  // target, decide_capital).
  const BankParams& bp = w.p.bank;
  for (Bank& b : banks_) {
    const double profit = b.equity() - b.equity_at_review;
    if (profit > 0 && capital_ratio(w, b) > bp.capital_ratio_target) {
      const double dividend = std::min(bp.dividend_share * profit,
                                       std::max(0.0, b.equity() - bp.capital_ratio_target * bp.risk_weight * b.loan_book));
      if (dividend > 0) {
        b.cash -= dividend;
        w.ledger.transfer(Account::banks, Account::external, dividend, Flow::bank_dividend);
      }
    }
    b.equity_at_review = b.equity();
  }
}

void Banks::pay_in_capital(World& w, Bank& b) {
  // Owners (outside the city's books) pay in; not part of the year's lending profit.
  const double raised = b.capital_pending;
  b.capital_pending = 0;
  if (raised <= 0) return;
  b.cash += raised;
  b.equity_at_review += raised;
  w.ledger.transfer(Account::external, Account::banks, raised, Flow::bank_capital_raised);
}

void Banks::lose_capital(World& w, double share) {
  for (Bank& b : banks_) {
    const double loss = share * std::max(0.0, b.equity());
    b.cash -= loss;
    b.equity_at_review -= loss;  // a loss on other assets, not the year's lending profit
    w.ledger.transfer(Account::banks, Account::external, loss, Flow::bank_capital_loss);
  }
}

void Banks::report_capital(const World& w, MetricRow& out) const {
  double equity = 0, rwa = 0;
  for (const Bank& b : banks_) {
    equity += b.equity();
    rwa += w.p.bank.risk_weight * b.loan_book;
  }
  out.insert(out.end(), {equity, rwa > 0 ? equity / rwa : std::numeric_limits<double>::quiet_NaN()});
}

const std::vector<MetricInfo>& Banks::capital_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"bank_capital", "yuan", "Banks' equity allocated to technology lending at the sample time", MetricKind::stock,
       "Bank capital", "银行资本", "抽样时点银行配置于科技贷款的资本"},
      {"bank_capital_ratio", "share", "Banks' capital over risk-weighted technology loans at the sample time", MetricKind::stock,
       "Bank capital ratio", "银行资本充足率", "抽样时点银行资本除以科技贷款的风险加权资产"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 3100 (models/README.md, "Metrics").
const RegisterMetrics banks_capital_metrics{3100, &Banks::capital_metrics,
                                            [](const World& w, const Census&, MetricRow& o) { w.banks.report_capital(w, o); }};
}  // namespace

void Banks::report_loans(const Census& c, MetricRow& out) const { out.insert(out.end(), {c.debt, new_loans_, defaults_}); }

void Banks::report_interest(const World& w, const Census& c, MetricRow& out) const {
  // Interest actually paid net of the subsidy actually received, annualised.
  const double interest_cost = (w.ledger.period(Flow::interest) - w.ledger.period(w.interest_subsidy.flow())) * 12.0 /
                               static_cast<double>(w.p.sampling_months);
  out.insert(out.end(), {w.ledger.period(Flow::interest), c.debt > 0 ? interest_cost / c.debt : 0.0});
}

void Banks::report_borrowers(const Census& c, MetricRow& out) const { out.push_back(c.borrowers); }

void Banks::report_constraints(MetricRow& out) const {
  out.push_back(short_requests_);
  for (std::size_t i = 0; i < CREDIT_BIND_COUNT; ++i) out.push_back(short_count_[i]);
  for (std::size_t i = 0; i < CREDIT_BIND_COUNT; ++i) out.push_back(short_yuan_[i]);
}

const std::vector<MetricInfo>& Banks::constraint_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"credit_requests_short", "requests", "Loan requests refused or cut by more than 10,000 yuan since the previous sample",
       MetricKind::flow, "Requests refused or cut", "被拒或被削减的贷款申请", "上次抽样以来被拒或被削减超过1万元的贷款申请笔数"},
      {"credit_short_cutoff", "requests", "Of them, set by the bank's appraisal-score cut-off (refused)", MetricKind::flow,
       "Short: score cut-off", "受限：评分门槛", "其中由银行评分门槛决定（拒贷）的笔数"},
      {"credit_short_ceiling", "requests", "Of them, set by the credit ceiling (a multiple of net worth or sales less wages)",
       MetricKind::flow, "Short: credit ceiling", "受限：授信上限", "其中由授信上限（净资产或销售减工资的倍数）决定的笔数"},
      {"credit_short_dscr", "requests", "Of them, set by the debt-service coverage limit", MetricKind::flow,
       "Short: debt service", "受限：偿债覆盖", "其中由偿债覆盖率限制决定的笔数"},
      {"credit_short_capital", "requests",
       "Of them, set by the bank's capital (its lending room, the room's lottery, or the cut-off's rise when capital is short)",
       MetricKind::flow, "Short: bank capital", "受限：银行资本",
       "其中由银行资本决定（放贷额度、额度抽签或资本不足时门槛上调）的笔数"},
      {"credit_short_other", "requests", "Of them, set by another limit (the single-loan cap, or a remainder under 10,000 yuan)",
       MetricKind::flow, "Short: other", "受限：其他", "其中由其他限制（单笔贷款上限或不足1万元的余额）决定的笔数"},
      {"credit_short_collateral", "requests",
       "Of them, set by the collateral test (the part no cover or guarantee backs beyond pledgeable assets times the loan-to-value ratio)",
       MetricKind::flow, "Short: collateral", "受限：抵押品", "其中由抵押品约束（无风险补偿或担保覆盖的部分超过可抵押资产乘以抵押率）决定的笔数"},
      {"credit_shortfall_cutoff", "yuan", "Amount asked and not lent in requests set by the score cut-off, since the previous sample",
       MetricKind::flow, "Shortfall: score cut-off", "缺口：评分门槛", "上次抽样以来由评分门槛决定的申请中未获发放的金额"},
      {"credit_shortfall_ceiling", "yuan", "Amount asked and not lent in requests set by the credit ceiling, since the previous sample",
       MetricKind::flow, "Shortfall: credit ceiling", "缺口：授信上限", "上次抽样以来由授信上限决定的申请中未获发放的金额"},
      {"credit_shortfall_dscr", "yuan", "Amount asked and not lent in requests set by the debt-service limit, since the previous sample",
       MetricKind::flow, "Shortfall: debt service", "缺口：偿债覆盖", "上次抽样以来由偿债覆盖率限制决定的申请中未获发放的金额"},
      {"credit_shortfall_capital", "yuan", "Amount asked and not lent in requests set by the bank's capital, since the previous sample",
       MetricKind::flow, "Shortfall: bank capital", "缺口：银行资本", "上次抽样以来由银行资本决定的申请中未获发放的金额"},
      {"credit_shortfall_other", "yuan", "Amount asked and not lent in requests set by another limit, since the previous sample",
       MetricKind::flow, "Shortfall: other", "缺口：其他", "上次抽样以来由其他限制决定的申请中未获发放的金额"},
      {"credit_shortfall_collateral", "yuan", "Amount asked and not lent in requests set by the collateral test, since the previous sample",
       MetricKind::flow, "Shortfall: collateral", "缺口：抵押品", "上次抽样以来由抵押品约束决定的申请中未获发放的金额"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 3420 (models/README.md, "Metrics").
const RegisterMetrics banks_constraint_metrics{3420, &Banks::constraint_metrics,
                                               [](const World& w, const Census&, MetricRow& o) { w.banks.report_constraints(o); },
                                               [](World& w) { w.banks.restart_constraints(); }};
}  // namespace

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& Banks::loan_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"tech_loans_outstanding", "yuan", "Outstanding principal of bank loans to the firms (the tech-loan book)", MetricKind::stock,
       "Tech loans outstanding", "科技贷款余额", "银行对企业贷款的未偿本金（科技贷款余额）"},
      {"new_tech_loans", "yuan", "New loans disbursed since the previous sample", MetricKind::flow,
       "New tech loans", "新增科技贷款", "上次抽样以来发放的新增贷款"},
      {"loan_defaults", "loans", "Loans defaulted since the previous sample", MetricKind::flow,
       "Loan defaults", "贷款违约", "上次抽样以来违约的贷款笔数"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 300 (models/README.md, "Metrics").
const RegisterMetrics banks_loan_metrics{300, &Banks::loan_metrics,
                                         [](const World& w, const Census& c, MetricRow& o) { w.banks.report_loans(c, o); },
                                         [](World& w) { w.banks.restart_period(); }};
}  // namespace

const std::vector<MetricInfo>& Banks::interest_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"interest_paid", "yuan", "Interest paid by firms to banks (before subsidy) since the previous sample", MetricKind::flow,
       "Interest paid", "支付利息", "上次抽样以来企业向银行支付的利息（贴息前）"},
      {"mean_interest_cost", "share per year", "Interest paid net of the subsidy received, annualised, over outstanding loans", MetricKind::mean,
       "Mean interest cost", "平均融资成本", "扣除贴息后企业实付利息的年化值除以贷款余额"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 700 (models/README.md, "Metrics").
const RegisterMetrics banks_interest_metrics{700, &Banks::interest_metrics,
                                             [](const World& w, const Census& c, MetricRow& o) { w.banks.report_interest(w, c, o); }};
}  // namespace

const std::vector<MetricInfo>& Banks::borrower_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"borrowing_firms", "firms", "Alive firms with an outstanding loan", MetricKind::stock,
       "Borrowing firms", "有贷款企业", "有未偿贷款的存续企业"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 1000 (models/README.md, "Metrics").
const RegisterMetrics banks_borrower_metrics{1000, &Banks::borrower_metrics,
                                             [](const World& w, const Census& c, MetricRow& o) { w.banks.report_borrowers(c, o); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, BankParams& bk) {
  b.section("institutions.banks", "Banks with technology-finance units: appraisal, rationing, pricing, defaults.",
            {"Banks", "银行", "设有科技金融专营机构的银行：授信评审、信贷配给、定价与违约。"});
  b.integer("institutions.banks.count", bk.banks, "banks", 1, 1000, "Banks; each firm has a house bank.",
            "银行数量；每家企业有一家主办银行。");
  b.number("institutions.banks.lambda", bk.lambda, "", 0, 100, "Lambda: credit ceiling = Lambda max(NW, S - W) (K+S), calibrated to the 150 bn book.",
           "`Lambda`：授信上限 = `Lambda max(NW, S - W)`（K+S 模型），按1500亿元的贷款余额校准。");
  b.number("institutions.banks.base_rate", bk.base_rate, "per year", 0, 1, "Base lending rate (one-year LPR).",
           "基准贷款利率（一年期贷款市场报价利率LPR）。");
  b.number("institutions.banks.spread_low", bk.spread_low, "per year", 0, 1, "Spread over base for the best risk class.",
           "最优风险等级在基准利率之上的利差。");
  b.number("institutions.banks.spread_high", bk.spread_high, "per year", 0, 1, "Spread for the worst accepted class.",
           "可接受的最差风险等级在基准利率之上的利差。");
  b.number("institutions.banks.score_cutoff", bk.score_cutoff, "score", 0, 1, "Minimum appraisal score for a new borrower.",
           "新借款企业的最低授信评分。");
  b.number("institutions.banks.renewal_cutoff", bk.renewal_cutoff, "score", 0, 1,
           "Minimum score to renew or top up an existing borrower's loan (relationship lending).",
           "存量借款企业续贷或增贷的最低授信评分（关系型贷款）。");
  b.number("institutions.banks.term_years", bk.term_years, "years", 0.1, 50, "Loan term (amortising monthly).",
           "贷款期限（按月分期偿还）。");
  b.number("institutions.banks.loss_given_default", bk.loss_given_default, "share", 0, 1,
           "Share of the unpaid principal lost on default (after the firm's cash is taken).",
           "违约时未偿本金的损失比例（扣划企业现金之后）。");
  b.number("institutions.banks.max_loan_yuan", bk.max_loan_yuan, "yuan", 0, INF, "Largest single loan.",
           "单笔贷款上限。");
  b.number("institutions.banks.insured_ceiling_bonus", bk.insured_ceiling_bonus, "share", 0, 10, "Extra Lambda share for insured borrowers.",
           "投保企业授信上限（`Lambda`）的额外提高比例。");
  b.number("institutions.banks.capital_ratio_min", bk.capital_ratio_min, "share", 0, 1,
           "Minimum capital ratio with the conservation buffer (8 % + 2.5 %, NFRA Capital Rules 2023); no lending beyond it.",
           "含储备资本的最低资本充足率（8% + 2.5%，国家金融监督管理总局《商业银行资本管理办法》2023年）；低于此值不再放贷。");
  b.number("institutions.banks.capital_ratio_target", bk.capital_ratio_target, "share", 0, 1,
           "Capital ratio at the start and the one banks manage towards (capital raising below it, dividends above it).",
           "起始时的资本充足率，也是银行的管理目标（低于目标时补充资本，高于目标时分红）。");
  b.number("institutions.banks.risk_weight", bk.risk_weight, "share", 0, 10, "Risk weight of loans to SMEs (NFRA Capital Rules 2023).",
           "中小企业贷款的风险权重（《商业银行资本管理办法》2023年）。");
  b.number("institutions.banks.funding_rate", bk.funding_rate, "per year", 0, 1, "Banks' cost of funds (deposits, interbank).",
           "银行的资金成本（存款、同业拆借）。");
  b.number("institutions.banks.operating_cost_rate", bk.operating_cost_rate, "per year", 0, 1, "Banks' operating costs per yuan of loans.",
           "银行每元贷款的运营成本。");
  b.number("institutions.banks.capital_raising", bk.capital_raising, "share per year", 0, 10,
           "Below the target ratio, the technology-lending unit decides new capital (its parent's allocation, capital bonds, share issues) of up to this share of its equity in any 12 months (Assumption; 0.05, about Chinese banks' capital-bond issuance against their capital, is the stress setting).",
           "资本充足率低于目标时，科技贷款业务单元在任意12个月内决定补充的新资本（总行配置、资本债券、发行股份）最多为其权益的该比例（假设；0.05约为我国银行资本债发行额相对其资本的比例，作为压力情形）。");
  b.integer("institutions.banks.capital_raising_delay_months", bk.capital_raising_delay_months, "months", 0, 60,
            "Months from a bank's decision to raise capital (in the month its ratio is below the target) to the money being paid in (approval and issue; Assumption).",
            "银行决定补充资本（资本充足率低于目标的当月）至资金到位所需的月数（监管审批和发行；假设）。");
  b.number("institutions.banks.dividend_share", bk.dividend_share, "share", 0, 1,
           "Share of a year's profit banks pay their owners while the capital ratio is above target.",
           "资本充足率高于目标时，银行向股东分配的当年利润比例。");
  b.number("institutions.banks.capital_cutoff_rise", bk.capital_cutoff_rise, "score", 0, 1,
           "Appraisal cut-offs rise by up to this as the capital ratio falls from halfway between target and minimum to the minimum.",
           "资本充足率从目标与最低要求的中点降至最低要求的过程中，授信门槛最多提高该值。");
  b.number("institutions.banks.dscr_min", bk.dscr_min, "", 0, 100,
           "Debt-service coverage: annual EBITDA >= this x (interest + debt / amortisation_years) for new money.",
           "偿债覆盖率：发放新增贷款须满足年度息税折旧摊销前利润（EBITDA）>= 该值 × (利息 + 债务 / amortisation_years)。");
  b.number("institutions.banks.amortisation_years", bk.amortisation_years, "years", 0.1, 100,
           "Years over which banks expect debt to be repaid from cash flow (renewals included).",
           "银行预期以经营现金流偿还债务的年数（含续贷）。");
  b.number("institutions.banks.appraisal_subsidy_weight", bk.appraisal_subsidy_weight, "share", 0, 1,
           "Weight of the interest subsidy in the rate new money is appraised at: rate - weight x the subsidy a new loan earns a year while it runs (0: the contractual rate; 1: the subsidised rate for the whole amortisation; default: the subsidy's duration over the amortisation horizon, 2 / 10).",
           "评估新增贷款偿债能力所用利率中贴息的权重：利率 - 权重 × 新增贷款在贴息期内每年可得的贴息（0：按合同利率；1：整个摊还期按贴息后利率；默认值为贴息期限与摊还年限之比，2 / 10）。");
  b.number("institutions.banks.collateral_ltv", bk.collateral_ltv, "share", 0, 1,
           "Collateral test: the part of a firm's debt no pool cover or guarantee backs may not exceed this loan-to-value ratio x (receivables + equipment at book value); 0: no collateral test (default; 0.6, the median loan-to-collateral value in the World Bank Enterprise Surveys, Nguyen and Qian 2012, is the sensitivity). When on, a rollover renews only the part pledged assets, cover or a guarantee back.",
           "抵押品约束：企业债务中无风险补偿或担保覆盖的部分不得超过该抵押率 × (应收账款 + 设备账面价值)；0：不设抵押品约束（默认值；0.6为世界银行企业调查中贷款与抵押品价值之比的中位数，见阮与钱2012年，作为敏感性情形）。开启时，续贷只续作抵押资产、风险补偿或担保所覆盖的部分。");
  b.number("institutions.banks.working_capital_interest_cover", bk.working_capital_interest_cover, "", 0, 100,
           "Interest cover for working-capital requests and rollovers: annual EBITDA >= this x the interest on the whole debt, instead of the debt-service test; 0: the debt-service test for all (default; Assumption).",
           "流动资金贷款申请及续贷的利息保障倍数：年度息税折旧摊销前利润 >= 该值 × 全部债务的利息，取代偿债覆盖率测试；0：全部按偿债覆盖率测试（默认值；假设）。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 300 (models/README.md, "Scenario keys").
const RegisterKeys bank_keys_at{300, [](Binder& b, Params& p) { bind_keys(b, p.bank); }};
}  // namespace

}  // namespace innosim::model
