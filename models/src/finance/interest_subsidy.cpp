#include "innosim/model/finance/interest_subsidy.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"

namespace innosim::model {

namespace {
constexpr std::uint64_t P_APPLY = engine::purpose_id("apply");
}  // namespace

InterestSubsidy::InterestSubsidy(World& w) {
  w.government.add_line(Fiscal::interest_subsidy, w.p.interest_subsidy.programme);
}

void InterestSubsidy::applications(World& w) {
  // Delivery mode: automatic ("no application needed") approves every
  // eligible firm at once; application mode lets a take-up share apply, at
  // a cost, and pays only after the approval delay.
  const Programme& pr = w.p.interest_subsidy.programme;
  if (!pr.active(w.calendar_year())) return;
  const auto delay_months = static_cast<std::uint32_t>(std::lround(pr.approval_delay_days / 30.436875));
  for (Firm& f : w.firms) {
    if (!f.alive || f.subsidy_from_month != 0 || f.stage < pr.min_stage) continue;
    if (pr.automatic) {
      f.subsidy_from_month = static_cast<std::uint32_t>(w.month) + 1;
      continue;
    }
    // A firm's decision to apply is its own and lasting (one draw per firm),
    // so the approved share of eligible firms is the take-up share.
    const double u = draw(f, P_APPLY, 0);
    if (u >= w.liaison.take_up(w, f, pr)) continue;
    if (u >= pr.take_up_share) w.liaison.count_application();  // only a liaison officer made it apply (7.13)
    w.pay(f, Account::external, pr.application_cost_yuan, Flow::application_cost);
    f.subsidy_from_month = static_cast<std::uint32_t>(w.month) + 1 + delay_months;
  }
}

bool InterestSubsidy::registers(const World& w, const Firm& f) const {
  // Registration (备案) at origination: a member firm (approved, even while
  // its approval delay runs) at a qualifying stage, while the programme runs
  // and the firm has not used up its cap. The envelope does not close
  // registration: it scales the reimbursement (pro rata), so no month of the
  // year is better to borrow in than another.
  // A year without an envelope registers nothing (there is no scheme to register with).
  const InterestSubsidyParams& is = w.p.interest_subsidy;
  const int y = w.calendar_year();
  return is.programme.active(y) && is.programme.budget_yuan.at(y) > 0 && f.stage >= is.programme.min_stage &&
         f.subsidy_from_month != 0 && f.subsidy_claimed < is.per_firm_cap_yuan;
}

double InterestSubsidy::terms(const World& w, const Firm& f, double rate) const {
  // A first loan (首贷: the firm has never had a bank loan) gets the better terms.
  const InterestSubsidyParams& is = w.p.interest_subsidy;
  const int y = w.calendar_year();
  const bool first = !f.has_borrowed;
  if (is.form == SubsidyForm::share_of_interest) return (first ? is.first_loan_rate.at(y) : is.rate.at(y)) * rate;
  // Points of principal never exceed the interest itself.
  return std::min(rate, first ? is.first_loan_points.at(y) : is.points.at(y));
}

double InterestSubsidy::scale(const World& w, int year) const {
  const InterestSubsidyParams& is = w.p.interest_subsidy;
  return is.form == SubsidyForm::share_of_interest ? is.rate.at(year) : is.points.at(year);
}

void InterestSubsidy::register_loan(const World& w, Firm& f, double amount, double rate) {
  if (amount <= 0 || !registers(w, f)) return;
  // One registered balance per firm: its terms and the month its subsidy
  // ends are averaged over the registered draws by amount (a draw of this
  // month pays its first interest next month, and earns the subsidy for at
  // most duration_years of months from then).
  const double b = f.subsidised_debt;
  const double until = static_cast<double>(w.month) + 1.0 + std::round(12.0 * w.p.interest_subsidy.duration_years);
  const double old_until = b > 0 ? static_cast<double>(f.subsidy_until_month) : until;
  f.subsidy_terms = (f.subsidy_terms * b + terms(w, f, rate) * amount) / (b + amount);
  f.subsidy_until_month = static_cast<std::uint32_t>(std::lround((old_until * b + until * amount) / (b + amount)));
  f.subsidised_debt = b + amount;
  registered_ += amount;
}

void InterestSubsidy::accrue(World& w, Firm& f) {
  // The month's claim on the registered principal: its terms over twelve,
  // within the per-firm cap. A registration whose window has ended is
  // closed. Claims are paid after the year (reimburse), not now.
  if (f.subsidised_debt <= 0) return;
  if (w.month >= f.subsidy_until_month) {
    f.subsidised_debt = 0;
    f.subsidy_terms = 0;
    return;
  }
  const InterestSubsidyParams& is = w.p.interest_subsidy;
  const int y = w.calendar_year();
  if (!is.programme.active(y) || is.programme.budget_yuan.at(y) <= 0 || w.month < f.subsidy_from_month) return;
  const double claim = std::min(f.subsidy_terms * f.subsidised_debt / 12.0, is.per_firm_cap_yuan - f.subsidy_claimed);
  if (claim <= 0) return;
  f.subsidy_accrued += claim;
  f.subsidy_claimed += claim;
  claims_year_ += claim;
  claims_ += claim;
}

double InterestSubsidy::paid_share(double budget, double claims) {
  // The share of the claims a budget pays: none without a budget (the
  // inert check found firms expecting the full rate from a zero budget,
  // which pays no claims to learn from), all of them without claims.
  if (budget <= 0) return 0.0;
  return claims > 0 ? std::min(1.0, budget / claims) : 1.0;
}

void InterestSubsidy::reimburse(World& w, int year) {
  // After the fact (Shandong: after on-time repayment; Jiangmen 江科〔2026〕8号:
  // on interest already paid): the year's claims of firms still repaying
  // are paid from the year's envelope, each scaled by the same share when
  // the claims exceed it. A firm that exited (defaulted, closed) forfeits
  // its unpaid claims.
  const Programme& pr = w.p.interest_subsidy.programme;
  double claims = 0;
  for (const Firm& f : w.firms)
    if (f.alive) claims += f.subsidy_accrued;
  const double share = paid_share(w.government.budget_left(Fiscal::interest_subsidy), claims);
  for (Firm& f : w.firms) {
    if (!f.alive || f.subsidy_accrued <= 0) continue;
    const double paid = w.government.spend(Fiscal::interest_subsidy, pr, f.subsidy_accrued * share, year);
    f.subsidy_accrued = 0;
    if (paid <= 0) continue;
    w.receive(f, Account::government, paid, Flow::interest_subsidy);
    paid_ += paid;
  }
  if (claims > 0) last_paid_share_ = share;
}

double InterestSubsidy::expected_cut(const World& w, const Firm& f, double rate) const {
  // What a new loan is expected to earn per yuan a year over its term: the
  // terms, scaled by the share of claims the firm expects the envelope to
  // pay, for the part of the term the subsidy lasts.
  if (!registers(w, f)) return 0.0;
  const double term = w.p.bank.term_years;
  return terms(w, f, rate) * paid_share_ * std::min(1.0, w.p.interest_subsidy.duration_years / term);
}

double InterestSubsidy::expected_cut_on_book(const World& w, const Firm& f) const {
  if (!(f.subsidised_debt > 0 && f.debt > 0) || w.month >= f.subsidy_until_month ||
      !w.p.interest_subsidy.programme.active(w.calendar_year()))
    return 0.0;
  return f.subsidy_terms * paid_share_ * f.subsidised_debt / f.debt;
}

void InterestSubsidy::expect_from_opening_book(const World& w) {
  // No claims yet: the first year's forecast is what the approved firms'
  // opening debt would claim if it were registered (an upper bound, so firms
  // start cautious where the envelope is small; it scales with the terms, so
  // doubling the rate with a binding envelope leaves the expectation alone).
  double claims = 0;
  for (const Firm& f : w.firms)
    if (registers(w, f)) claims += terms(w, f, f.loan_rate) * f.debt;
  paid_share_ = paid_share(w.government.budget_left(Fiscal::interest_subsidy), claims);
}

void InterestSubsidy::close_year(World& w) {
  // Firms expect this year's envelope to pay the share of their claims that
  // it would have paid of last year's, restated at this year's terms (a
  // doubled rate doubles the claims it expects).
  const int y = w.calendar_year();
  const double before = scale(w, y - 1), now = scale(w, y);
  const double forecast = before > 0 ? claims_year_ * now / before : claims_year_;
  paid_share_ = paid_share(w.government.budget_left(Fiscal::interest_subsidy), forecast);
  claims_year_ = 0;
  // Schemes run for a policy period (Suizhou: 3 years, ≤ 1 m yuan per firm
  // over it) and are renewed: the per-firm cap restarts with each period.
  const InterestSubsidyParams& is = w.p.interest_subsidy;
  const int first = std::max(w.p.start_year, is.programme.start_year);
  if (is.cap_period_years > 0 && y > first && (y - first) % is.cap_period_years == 0)
    for (Firm& f : w.firms) f.subsidy_claimed = 0;
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& InterestSubsidy::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"subsidy_registered_loans", "yuan", "Registered principal still inside its interest-subsidy window", MetricKind::stock},
      {"subsidy_registrations", "yuan", "New loans registered for the interest subsidy since the previous sample", MetricKind::flow},
      {"subsidy_claims", "yuan", "Interest-subsidy claims firms earned since the previous sample (paid after the year)", MetricKind::flow},
      {"subsidy_paid_share", "share", "Share of the last reimbursed year's claims the envelope paid", MetricKind::stock},
  };
  return infos;
}

void InterestSubsidy::report(const Census& c, MetricRow& out) const {
  out.insert(out.end(), {c.subsidised, registered_, claims_, last_paid_share_});
}

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, InterestSubsidyParams& is) {
  const std::string base = "policies.loan_interest_subsidy";
  b.section(base,
            "Loan interest subsidy (贷款贴息): member firms' new loans are registered; the registered principal earns a share "
            "of its interest or points of principal for a limited time, reimbursed after the year within an envelope.");
  b.programme(base, is.programme, true,
              "The year's envelope: the year's claims are paid after the year, scaled pro rata when they exceed it.", true);
  static const std::vector<std::string> FORMS = {"share_of_interest", "points"};
  if (b.schema)
    b.schema->choice(base + ".form", is.form == SubsidyForm::points ? "points" : "share_of_interest", FORMS,
                     "share_of_interest: the rate keys are shares of the interest paid; points: the points keys are yuan per "
                     "yuan of principal a year.");
  if (b.scn) is.form = b.scn->text(base + ".form") == "points" ? SubsidyForm::points : SubsidyForm::share_of_interest;
  b.schedule(base + ".rate", is.rate, "share of interest", 0, 1, "Share of a registered loan's interest the subsidy pays (form share_of_interest).");
  b.schedule(base + ".first_loan_rate", is.first_loan_rate, "share of interest", 0, 1,
             "The same for a firm's first bank loan (首贷).");
  b.schedule(base + ".points", is.points, "per year", 0, 1,
             "Subsidy per yuan of registered principal a year (form points; 0.015 = 1.5 percentage points).");
  b.schedule(base + ".first_loan_points", is.first_loan_points, "per year", 0, 1, "The same for a firm's first bank loan (首贷).");
  b.number(base + ".duration_years", is.duration_years, "years", 0, 50, "A registered loan earns the subsidy for at most this long from its draw.");
  b.number(base + ".per_firm_cap_yuan", is.per_firm_cap_yuan, "yuan", 0, INF, "Most a firm can claim in one policy period.");
  b.integer(base + ".cap_period_years", is.cap_period_years, "years", 1, 100,
            "The policy period the per-firm cap runs over; the cap restarts with each period (the scheme is renewed).");
}

}  // namespace innosim::model
