#include "innosim/model/finance/banks.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"

namespace innosim::model {

namespace {
// The opening loan's remaining term draws from the firm's birth stream.
constexpr std::uint64_t P_BIRTH_TERM = engine::purpose_id("birth");
}  // namespace

Banks::Banks(const World& w) { banks_.assign(static_cast<std::size_t>(w.p.bank.banks), Bank{}); }

void Banks::opening_book(World& w) {
  // Opening tech-loan book: each firm's desired debt (appetite x Lambda x
  // operating surplus, as in seek_credit), scaled so the book equals the
  // seed's balance, capped by the ceiling.
  double target_sum = 0;
  std::vector<double> target(w.firms.size());
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    const Firm& f = w.firms[i];
    const double surplus = 12.0 * (f.revenue * (1.0 - w.p.firm.other_cost_share) - f.wage_bill);
    target[i] = f.leverage_appetite * w.p.bank.lambda * std::max(0.0, surplus);
    target_sum += target[i];
  }
  const double scale = target_sum > 0 ? w.p.initial.tech_loans_yuan / target_sum : 0.0;
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    Firm& f = w.firms[i];
    const double d = std::min(target[i] * scale, credit_ceiling(w, f, false));
    if (d <= 0) continue;
    f.debt = d;
    f.loan_rate = w.p.bank.base_rate + w.p.bank.spread_high -
                  (w.p.bank.spread_high - w.p.bank.spread_low) * appraisal_score(w, f);
    f.loan_months_left = 1.0 + std::floor(draw(f, P_BIRTH_TERM, 7) * 12.0 * w.p.bank.term_years);
    if (w.interest_subsidy.eligible(w, f)) f.subsidised_debt = d;
    banks_[f.bank].loan_book += d;
    // The money was lent and spent before the start: bank -> (firm) -> suppliers.
    banks_[f.bank].cash -= d;
    w.ledger.transfer(Account::banks, Account::external, d, Flow::endowment);
  }
}

double Banks::credit_ceiling(const World& w, const Firm& f, bool covered) const {
  // K+S: Debt_max = Lambda * max(NW, S - W), with annual sales net of
  // wages and of the other operating costs (K+S firms have no other costs).
  const double nw = f.cash - f.debt;
  const double base = std::max(nw, 12.0 * (f.revenue * (1.0 - w.p.firm.other_cost_share) - f.wage_bill));
  double lambda = w.p.bank.lambda;
  if (f.insurance_cover > 0) lambda *= 1.0 + w.p.bank.insured_ceiling_bonus;
  if (w.tech_credit.applies(w, f)) lambda *= 1.0 + w.p.tech_credit.ceiling_bonus;
  if (covered) lambda *= 1.0 + w.p.risk_pool.ceiling_bonus_per_coverage * w.risk_pool.coverage(w);
  return std::max(0.0, lambda * base);
}

double Banks::appraisal_score(const World& w, const Firm& f) const {
  // Bank appraisal in [0, 1]: operating margin, liquidity, stage and
  // innovation-points signals (assumption; docs/model.md).
  const double margin =
      f.revenue > 0 ? (f.revenue * (1.0 - w.p.firm.other_cost_share - f.rd_share) - f.wage_bill) / f.revenue : -1.0;
  const double liquidity = f.revenue > 0 ? std::clamp(f.cash / (3.0 * f.revenue), -1.0, 1.0) : -1.0;
  double s = 0.35 + 2.0 * margin + 0.15 * liquidity + 0.05 * static_cast<double>(f.stage);
  if (f.top_points) s += 0.1;
  if (f.insurance_cover > 0) s += 0.05;
  return std::clamp(s, 0.0, 1.0);
}

LoanTerms Banks::terms(const World& w, const Firm& f, bool covered) const {
  const BankParams& bp = w.p.bank;
  const bool subsidised = w.interest_subsidy.eligible(w, f);
  LoanTerms t;
  t.score = appraisal_score(w, f);
  t.coverage = covered ? w.risk_pool.coverage(w) : 0.0;
  t.rate = bp.base_rate + bp.spread_high - (bp.spread_high - bp.spread_low) * t.score;
  const bool tech_product = w.tech_credit.applies(w, f);
  if (tech_product) t.rate -= w.p.tech_credit.spread_discount;
  t.effective = subsidised ? t.rate * (1.0 - w.p.interest_subsidy.rate.at(w.calendar_year())) : t.rate;
  t.reference = tech_product ? t.rate + w.p.tech_credit.spread_discount : t.rate;  // the ordinary product's rate
  t.ceiling = credit_ceiling(w, f, covered);
  return t;
}

double Banks::offer(const World& w, const Firm& f, bool emergency, bool covered, double& rate) const {
  const BankParams& bp = w.p.bank;
  const LoanTerms t = terms(w, f, covered);
  rate = t.rate;
  double amount = w.finance.loan_demand(w, f, t, emergency);
  if (amount <= 1e4) return 0.0;
  // Appraisal: existing borrowers are renewed at a lower cut-off
  // (relationship lending); the cut-off falls as pool coverage rises (banks
  // screen less).
  const double cutoff = (f.debt > 0 ? bp.renewal_cutoff : bp.score_cutoff) - w.p.risk_pool.screening_relief * t.coverage;
  if (t.score < cutoff) return 0.0;
  amount = std::min({amount, t.ceiling - f.debt, bp.max_loan_yuan});
  return amount > 1e4 ? amount : 0.0;
}

void Banks::lend(World& w, Firm& f, bool emergency) {
  // Banks first appraise on ordinary terms and use pool cover only where it
  // adds credit the ordinary terms refuse (a refused or smaller loan), for
  // an eligible borrower, with room under the pool's leverage cap for the
  // whole loan. So covered loans go to the marginal borrowers.
  double rate = 0;
  double amount = offer(w, f, emergency, false, rate);
  bool covered = false;
  const double pool_room = w.risk_pool.room(w);
  // Distressed (emergency) borrowing is never covered: the pool backs new
  // lending to eligible firms, not rescues.
  if (!emergency && w.risk_pool.eligible(w, f) && pool_room > 1e4) {
    double covered_rate = 0;
    const double covered_amount = offer(w, f, emergency, true, covered_rate);
    if (covered_amount > amount + 1e4 && covered_amount <= pool_room) {
      amount = covered_amount;
      rate = covered_rate;
      covered = true;
    }
  }
  if (amount <= 0) return;
  const bool subsidised = w.interest_subsidy.eligible(w, f);
  if (covered) w.risk_pool.cover(amount);
  Bank& b = banks_[f.bank];
  f.loan_rate = (f.loan_rate * f.debt + rate * amount) / (f.debt + amount);
  f.debt += amount;
  f.loan_months_left = 12.0 * w.p.bank.term_years;
  if (subsidised) f.subsidised_debt += amount;
  if (covered) f.covered_debt += amount;
  b.loan_book += amount;
  b.cash -= amount;
  w.receive(f, Account::banks, amount, Flow::loan_disbursement);
  new_loans_ += amount;
  w.emit(EventKind::loan, f, amount);
}

void Banks::service(World& w, Firm& f) {
  if (f.debt <= 0) return;
  Bank& b = banks_[f.bank];
  const double interest = f.debt * f.loan_rate / 12.0;
  const double subsidised_share = f.subsidised_debt / f.debt;
  const double principal = f.loan_months_left <= 1.0 ? f.debt : f.debt / f.loan_months_left;
  const double repaid_share = principal / f.debt;
  w.pay(f, Account::banks, interest, Flow::interest);
  b.cash += interest;
  w.pay(f, Account::banks, principal, Flow::principal);
  b.cash += principal;
  b.loan_book -= principal;
  f.debt -= principal;
  f.covered_debt *= 1.0 - repaid_share;
  f.subsidised_debt *= 1.0 - repaid_share;
  f.loan_months_left = std::max(0.0, f.loan_months_left - 1.0);
  if (f.debt <= 1e-6 * principal) {
    b.loan_book -= f.debt;  // rounding residue
    f.debt = 0;
    f.covered_debt = f.subsidised_debt = 0;
  }
  w.interest_subsidy.on_interest(w, f, interest, subsidised_share);
}

void Banks::default_on(World& w, Firm& f) {
  Bank& b = banks_[f.bank];
  const double loss = w.p.bank.loss_given_default * f.debt;
  const double recovered = f.debt - loss;
  w.ledger.transfer(Account::external, Account::banks, recovered, Flow::recovery);
  b.cash += recovered;
  const double payout = w.risk_pool.on_default(w, f, loss);  // the pool's cover of a covered loan
  if (payout > 0) b.cash += payout;
  b.losses += loss;
  b.loan_book -= f.debt;
  defaults_ += 1;
  w.emit(EventKind::loan_default, f, f.debt);
  f.debt = 0;
}

void Banks::repaid_in_full(World& w, Firm& f) {
  Bank& b = banks_[f.bank];
  const double repay = f.debt;
  w.pay(f, Account::banks, repay, Flow::principal);
  b.cash += repay;
  b.loan_book -= repay;
  f.debt = 0;
}

void Banks::report_loans(const Census& c, MetricRow& out) const { out.insert(out.end(), {c.debt, new_loans_, defaults_}); }

void Banks::report_interest(const World& w, const Census& c, MetricRow& out) const {
  // Interest actually paid net of the subsidy actually received, annualised.
  const double interest_cost = (w.ledger.period(Flow::interest) - w.ledger.period(Flow::interest_subsidy)) * 12.0 /
                               static_cast<double>(w.p.sampling_months);
  out.insert(out.end(), {w.ledger.period(Flow::interest), c.debt > 0 ? interest_cost / c.debt : 0.0});
}

void Banks::report_borrowers(const Census& c, MetricRow& out) const { out.push_back(c.borrowers); }

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& Banks::loan_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"tech_loans_outstanding", "yuan", "Outstanding principal of bank loans to the firms (the tech-loan book)", MetricKind::stock},
      {"new_tech_loans", "yuan", "New loans disbursed since the previous sample", MetricKind::flow},
      {"loan_defaults", "loans", "Loans defaulted since the previous sample", MetricKind::flow},
  };
  return infos;
}

const std::vector<MetricInfo>& Banks::interest_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"interest_paid", "yuan", "Interest paid by firms to banks (before subsidy) since the previous sample", MetricKind::flow},
      {"mean_interest_cost", "share per year", "Interest paid net of the subsidy received, annualised, over outstanding loans", MetricKind::mean},
  };
  return infos;
}

const std::vector<MetricInfo>& Banks::borrower_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"borrowing_firms", "firms", "Alive firms with an outstanding loan", MetricKind::stock},
  };
  return infos;
}

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, BankParams& bk) {
  b.section("institutions.banks", "Banks with technology-finance units: appraisal, rationing, pricing, defaults.");
  b.integer("institutions.banks.count", bk.banks, "banks", 1, 1000, "Banks; each firm has a house bank.");
  b.number("institutions.banks.lambda", bk.lambda, "", 0, 100, "Lambda: credit ceiling = Lambda max(NW, S - W) (K+S), calibrated to the 150 bn book.");
  b.number("institutions.banks.base_rate", bk.base_rate, "per year", 0, 1, "Base lending rate (one-year LPR).");
  b.number("institutions.banks.spread_low", bk.spread_low, "per year", 0, 1, "Spread over base for the best risk class.");
  b.number("institutions.banks.spread_high", bk.spread_high, "per year", 0, 1, "Spread for the worst accepted class.");
  b.number("institutions.banks.score_cutoff", bk.score_cutoff, "score", 0, 1, "Minimum appraisal score for a new borrower.");
  b.number("institutions.banks.renewal_cutoff", bk.renewal_cutoff, "score", 0, 1,
           "Minimum score to renew or top up an existing borrower's loan (relationship lending).");
  b.number("institutions.banks.term_years", bk.term_years, "years", 0.1, 50, "Loan term (amortising monthly).");
  b.number("institutions.banks.loss_given_default", bk.loss_given_default, "share", 0, 1, "Share of principal lost on default.");
  b.number("institutions.banks.max_loan_yuan", bk.max_loan_yuan, "yuan", 0, INF, "Largest single loan.");
  b.number("institutions.banks.insured_ceiling_bonus", bk.insured_ceiling_bonus, "share", 0, 10, "Extra Lambda share for insured borrowers.");
}

}  // namespace innosim::model
