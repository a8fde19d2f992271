#include "innosim/model/finance/interest_subsidy.hpp"

#include <algorithm>
#include <cmath>
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

bool InterestSubsidy::eligible(const World& w, const Firm& f) const {
  const Programme& pr = w.p.interest_subsidy.programme;
  return pr.active(w.calendar_year()) && f.stage >= pr.min_stage && f.subsidy_from_month != 0 &&
         w.government.budget_left(Fiscal::interest_subsidy) > 0;
}

void InterestSubsidy::on_interest(World& w, Firm& f, double interest, double subsidised_share) {
  if (subsidised_share > 0 && f.subsidy_from_month != 0 && w.month >= f.subsidy_from_month) {
    const double want = w.p.interest_subsidy.rate.at(w.calendar_year()) * interest * subsidised_share;
    claims_year_ += want;
    const double paid = w.government.spend(Fiscal::interest_subsidy, w.p.interest_subsidy.programme, want, w.calendar_year());
    if (paid > 0) w.receive(f, Account::government, paid, Flow::interest_subsidy);
  }
}

double InterestSubsidy::paid_share(double budget, double claims) {
  // The share of the claims a budget pays: none without a budget (the
  // inert check found firms expecting the full rate from a zero budget,
  // which pays no claims to learn from), all of them without claims.
  if (budget <= 0) return 0.0;
  return claims > 0 ? std::min(1.0, budget / claims) : 1.0;
}

double InterestSubsidy::expected(const World& w, const Firm& f) const {
  const Programme& pr = w.p.interest_subsidy.programme;
  if (f.subsidy_from_month == 0 || !pr.active(w.calendar_year()) || f.stage < pr.min_stage) return 0.0;
  return w.p.interest_subsidy.rate.at(w.calendar_year()) * paid_share_;
}

void InterestSubsidy::expect_from_opening_book(const World& w) {
  double claims = 0;
  for (const Firm& f : w.firms) claims += f.subsidised_debt * f.loan_rate;
  claims *= w.p.interest_subsidy.rate.at(w.calendar_year());
  paid_share_ = paid_share(w.government.budget_left(Fiscal::interest_subsidy), claims);
}

void InterestSubsidy::close_year(const World& w) {
  // Firms expect this year's budget to pay the share of their claims that it
  // would have paid of last year's (1 when it did not bind).
  paid_share_ = paid_share(w.government.budget_left(Fiscal::interest_subsidy), claims_year_);
  claims_year_ = 0;
}

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, InterestSubsidyParams& is) {
  b.section("policies.loan_interest_subsidy", "Loan interest subsidy (贷款贴息): pays part of eligible loans' interest while the budget lasts.");
  b.programme("policies.loan_interest_subsidy", is.programme, true, "Annual budget; payments stop when it runs out.", true);
  b.schedule("policies.loan_interest_subsidy.rate", is.rate, "share of interest", 0, 1, "Share of the interest the government pays.");
}

}  // namespace innosim::model
