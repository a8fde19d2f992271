#include "innosim/model/finance/interest_subsidy.hpp"

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
// Its fiscal line: the rank is its place among the fiscal_<line> metrics (models/README.md, "Fiscal lines");
// the funding by level as in docs/model.md 2.6.
// Seed: "用好上级贷款贴息政策" (higher-level money): the scheme in force is Guangdong's 粤金管〔2025〕15号,
// paid by the province ("省财政按不超过银行贷款利率的35%进行贴息"; docs/model.md 2.6, 6).
const Fiscal FISCAL_INTEREST_SUBSIDY = register_fiscal_line(
    {.rank = 100, .name = "interest_subsidy", .kind = FiscalKind::outlay, .share = PROVINCIAL_MONEY, .flow = Flow::interest_subsidy,
     .label = "loan interest subsidy (provincial)", .label_zh = "贷款贴息（省级）"});
// A city scheme (the variant city-loan-subsidy: `city_money`) is the city's
// money: its own line and ledger flow, so the books check each on its own and
// the city's net cost carries it (referee 14 finding 9).
const Flow FLOW_CITY_INTEREST_SUBSIDY = register_flow("city_interest_subsidy");
const Fiscal FISCAL_INTEREST_SUBSIDY_CITY = register_fiscal_line(
    {.rank = 150, .name = "interest_subsidy_city", .kind = FiscalKind::outlay, .share = CITY_MONEY, .flow = FLOW_CITY_INTEREST_SUBSIDY,
     .label = "loan interest subsidy (city)", .label_zh = "贷款贴息（市级）"});
}  // namespace

namespace {
constexpr std::uint64_t P_APPLY = engine::purpose_id("apply");
}  // namespace

InterestSubsidy::InterestSubsidy(World& w)
    : line_(w.p.interest_subsidy.city_money ? FISCAL_INTEREST_SUBSIDY_CITY : FISCAL_INTEREST_SUBSIDY),
      flow_(w.p.interest_subsidy.city_money ? FLOW_CITY_INTEREST_SUBSIDY : Flow::interest_subsidy) {
  // Both lines exist in every run (the outputs have the same columns); the
  // one the scheme's payer does not use keeps a budget it never spends.
  w.government.add_line(FISCAL_INTEREST_SUBSIDY, w.p.interest_subsidy.programme);
  w.government.add_line(FISCAL_INTEREST_SUBSIDY_CITY, w.p.interest_subsidy.programme);
  // The claims are paid after the year (or the quarter): owed from the month they are earned (2.6).
  w.government.add_obligation(line_, [](const World& wr) { return wr.interest_subsidy.owed(wr); });
}

void InterestSubsidy::applications(World& w) {
  // Delivery mode: automatic ("no application needed") approves every
  // eligible firm at once; application mode lets a take-up share apply and
  // pays only after the approval delay. The cost of applying is borne when
  // a claim is filed (reimburse), by the firms whose claim is worth it.
  const Programme& pr = w.p.interest_subsidy.programme;
  if (!pr.active(w.calendar_year())) return;
  const auto delay_months = static_cast<std::uint32_t>(std::lround(pr.approval_delay_days / 30.436875));
  for (Firm& f : w.firms) {
    if (!f.alive || f.subsidy_from_month != 0 || f.stage < pr.min_stage) continue;
    // A firm's decision to apply is its own and lasting (one draw per firm),
    // so the approved share of eligible firms is the take-up share; the same
    // draw says whether automatic delivery reaches it (it confirms once, 7.21).
    const double u = draw(f, P_APPLY, 0);
    if (pr.automatic) {
      if (u < pr.automatic_take_up_share) f.subsidy_from_month = static_cast<std::uint32_t>(w.month) + 1;
      continue;
    }
    if (u >= w.liaison.take_up(w, f, pr)) continue;
    if (u >= pr.take_up_share) w.liaison.count_application();  // only a liaison officer made it apply (7.13)
    f.subsidy_from_month = static_cast<std::uint32_t>(w.month) + 1 + delay_months;
  }
}

bool InterestSubsidy::registers(const World& w, const Firm& f) const {
  // Registration (备案) at origination: a member firm (approved, even while
  // its approval delay runs) at a qualifying stage, while the programme runs
  // and the firm has cap left in its window. The envelope does not close
  // registration: it scales the reimbursement (pro rata), so no month of the
  // year is better to borrow in than another.
  // A year without an envelope registers nothing (there is no scheme to register with).
  // Under the quota rule (粤金管〔2025〕15号) a loan registers only within the
  // registration window and while the year's quota has room (first come
  // first served, 「额度先到先得,用完即止」).
  const InterestSubsidyParams& is = w.p.interest_subsidy;
  const int y = w.calendar_year();
  return is.programme.active(y) && is.programme.budget_yuan.at(y) > 0 && f.stage >= is.programme.min_stage &&
         f.subsidy_from_month != 0 && in_window(w) && cap_left(w, f) > 0 &&
         (is.allocation != SubsidyAllocation::quota || quota_left(w) > 0);
}

bool InterestSubsidy::in_window(const World& w) const {
  const double now = w.sim.now();
  if (now != window_time_ || w.month != window_month_ || w.calendar_year() != window_year_) {
    window_answer_ = in_window_now(w);
    window_time_ = now;
    window_month_ = w.month;
    window_year_ = w.calendar_year();
  }
  return window_answer_;
}

bool InterestSubsidy::in_window_now(const World& w) {
  // The calendar month of the draw: a month's step is dated the first of the
  // next month (the set-up, at month 0, is dated the start itself).
  const InterestSubsidyParams& is = w.p.interest_subsidy;
  const engine::Date d = w.sim.date_at(w.sim.now());
  const int month = w.month == 0 ? d.month : (d.month == 1 ? 12 : d.month - 1);
  const int at = w.calendar_year() * 100 + month;
  const int from = is.registration_from_year == 0 ? 0 : is.registration_from_year * 100 + is.registration_from_month;
  return at >= from && at <= is.registration_until_year * 100 + 12;
}

double InterestSubsidy::quota_left(const World& w) const {
  const int y = w.calendar_year();
  const double used = quota_year_ == y ? quota_used_ : 0.0;
  return std::max(0.0, w.p.interest_subsidy.quota_loans_yuan.at(y) - used);
}

bool InterestSubsidy::window_open(const World& w, const Firm& f) {
  return f.subsidy_window_from != 0 &&
         w.month + 1 < static_cast<std::uint64_t>(f.subsidy_window_from) + static_cast<std::uint64_t>(w.p.interest_subsidy.cap_window_months);
}

double InterestSubsidy::cap_left(const World& w, const Firm& f) {
  // The per-firm cap runs over a rolling window from the firm's first claim
  // (a new window opens at its first claim after the last one ended).
  const double cap = w.p.interest_subsidy.per_firm_cap_yuan;
  return window_open(w, f) ? std::max(0.0, cap - f.subsidy_cap_used) : cap;
}

double InterestSubsidy::cap_factor(const World& w, const Firm& f, double years) const {
  // The share of the next `years` in which a yuan of registered principal
  // still earns the subsidy: until the firm's registered balance, claiming
  // at its terms and the expected paid share, has used up the cap it has
  // left, or until its window ends (a new window brings a new cap).
  if (years <= 0) return 0.0;
  const double rate = f.subsidy_terms * paid_share_ * f.subsidised_debt;  // expected payment a year on the registered balance
  const double window_left = window_open(w, f)
                                 ? (static_cast<double>(f.subsidy_window_from) + w.p.interest_subsidy.cap_window_months -
                                    1.0 - static_cast<double>(w.month)) / 12.0
                                 : w.p.interest_subsidy.cap_window_months / 12.0;
  const double exhausted = rate > 0 ? cap_left(w, f) / rate : years;
  return std::clamp((std::min(exhausted, window_left) + std::max(0.0, years - window_left)) / years, 0.0, 1.0);
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
  if (amount <= 0) return;
  if (w.p.interest_subsidy.allocation == SubsidyAllocation::quota) {
    // First come first served on the year's quota, whole loans: a loan the
    // room left cannot take is not registered (the bank files a contract,
    // not a part of one), and a smaller later one still may be.
    const int y = w.calendar_year();
    if (quota_year_ != y) {
      quota_year_ = y;
      quota_used_ = 0;
    }
    if (!registers(w, f)) {
      if (f.subsidy_from_month != 0 && f.stage >= w.p.interest_subsidy.programme.min_stage && in_window(w) &&
          w.p.interest_subsidy.programme.active(y) && quota_left(w) <= 0)
        refused_ += amount;  // eligible, but the quota was used up
      return;
    }
    if (amount > quota_left(w)) {
      refused_ += amount;
      return;
    }
    quota_used_ += amount;
  } else if (!registers(w, f)) {
    return;
  }
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
  if (f.subsidy_since == 0) f.subsidy_since = static_cast<std::uint16_t>(std::min<std::uint64_t>(w.month, 65535));  // for tests of the subsidised firms (7.8)
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
  // The cap is on money paid (Shandong: ≤ 500 k of subsidy a firm): a claim
  // uses the cap by what it is expected to be paid (the claim times the paid
  // share firms expect this year), within the firm's rolling window.
  if (!window_open(w, f)) {
    f.subsidy_window_from = static_cast<std::uint16_t>(std::min<std::uint64_t>(w.month + 1, 65535));
    f.subsidy_cap_used = 0;
  }
  const double left = std::max(0.0, is.per_firm_cap_yuan - f.subsidy_cap_used);
  const double claim = std::min(f.subsidy_terms * f.subsidised_debt / 12.0, paid_share_ > 0 ? left / paid_share_ : 0.0);
  if (claim <= 0) return;
  f.subsidy_accrued += claim;
  f.subsidy_cap_used += claim * paid_share_;
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

double InterestSubsidy::cap_room(const World& w, double accrued, double cap_used) const {
  // The cap counted the claims at the paid share expected (paid_share_,
  // still the ended year's at the review); a payment counts what is paid,
  // and no payment takes the money paid in the window above the cap.
  const double expected = accrued * paid_share_;
  const double used = std::max(0.0, cap_used - expected);
  return std::max(0.0, w.p.interest_subsidy.per_firm_cap_yuan - used);
}

double InterestSubsidy::gather_claims(const World& w) const {
  // Summed in the firms' order, as the loops it replaced did: the share and
  // every payment are bit-identical.
  // A claim whose room is not above what filing costs (files) is filed at
  // no share, so the bisection need not look at it.
  const Programme& pr = w.p.interest_subsidy.programme;
  const double worth = pr.automatic ? 0.0 : pr.application_cost_yuan;
  claims_scratch_.clear();
  double claims = 0;
  // A firm without claims (most) adds 0 to a sum that is never -0 (it starts
  // at +0) and files nothing, so it is skipped before `alive` is read: the
  // pass reads one cache line of such a firm (line 3), not two (`alive` is
  // in line 0 with the sector pass's fields; docs/performance.md, session 20).
  for (const Firm& f : w.firms) {
    const double accrued = f.subsidy_accrued;
    if (accrued == 0 || !f.alive) continue;
    claims += accrued;
    if (accrued <= 0) continue;
    const double room = cap_room(w, accrued, f.subsidy_cap_used);
    if (room > worth) claims_scratch_.push_back({accrued, room});
  }
  return claims;
}

bool InterestSubsidy::files(const World& w, double due) {
  // A claim is filed (application mode: loan contracts, interest receipts,
  // the bank's statement, at application_cost_yuan) only when its payment is
  // worth the cost; automatic delivery files nothing.
  const Programme& pr = w.p.interest_subsidy.programme;
  return due > 0 && (pr.automatic || due > pr.application_cost_yuan);
}

double InterestSubsidy::reimbursable_share(const World& w) const {
  // The envelope left is shared pro rata among the claims filed; a claim is
  // filed when its payment at that share is worth its cost (files), so the
  // share is the largest s with the payments due at s (each within the
  // firm's cap) on the claims filed at s within the envelope. Both rise with
  // s, so bisection finds it; with every claim filed and no cap binding
  // (automatic, or all worth it) it is min(1, B / claims). What a capped
  // firm cannot take goes to the other claims, so a binding envelope is
  // spent (to the claim of the marginal filer).
  if (!w.p.interest_subsidy.programme.active(w.calendar_year())) return 0.0;
  const double budget = w.government.budget_left(line_);
  const double claims = gather_claims(w);
  const double all = paid_share(budget, claims);
  if (all <= 0 || all >= 1 || w.p.interest_subsidy.programme.automatic) return all;
  const auto paid_at = [&](double share) {
    double c = 0;
    for (const Claim& k : claims_scratch_) {
      const double d = std::min(k.accrued * share, k.room);
      if (files(w, d)) c += d;
    }
    return c;
  };
  double lo = all, hi = 1.0;
  if (paid_at(hi) <= budget) return hi;
  for (int it = 0; it < 40; ++it) {
    const double mid = 0.5 * (lo + hi);
    (paid_at(mid) <= budget ? lo : hi) = mid;
  }
  return lo;
}

double InterestSubsidy::owed(const World& w) const {
  // What the reimbursement would pay if the year closed now: the claims of
  // firms alive, pro rata within what is left of the year's envelope,
  // within the per-firm cap. At the last sample of a year it is exactly
  // what the annual review pays (nothing happens between them).
  const double share = reimbursable_share(w);
  if (share <= 0) return 0.0;
  // reimbursable_share gathered the claims whenever the programme is active,
  // and it is (share > 0).
  double owed = 0;
  for (const Claim& k : claims_scratch_) {
    const double d = std::min(k.accrued * share, k.room);
    if (files(w, d)) owed += d;
  }
  return owed;
}

void InterestSubsidy::reimburse(World& w, int year) {
  // After the fact (Shandong: after on-time repayment; Jiangmen 江科〔2026〕8号:
  // on interest already paid): the year's claims of firms still repaying
  // are paid from the year's envelope, each scaled by the same share when
  // the claims exceed it. A firm that exited (defaulted, closed) forfeits
  // its unpaid claims; in application mode a firm files its claim, at the
  // application cost, only when the payment is worth more than the cost
  // (participation by choice: a firm that never borrows never pays it).
  pay_claims(w, year, reimbursable_share(w));
}

void InterestSubsidy::end_month(World& w) {
  // Quota rule: the bank files the quarter's claims after the quarter
  // (「贴息申报按季度进行」) and the province pays within weeks (80 % at once,
  // the rest after its audit: paid whole here, at the quarter's end).
  if (w.p.interest_subsidy.allocation != SubsidyAllocation::quota) return;
  const engine::Date d = w.sim.date_at(w.sim.now());  // the first of the month after the one just ended
  if (d.month % 3 != 1) return;
  pay_claims(w, w.calendar_year(), reimbursable_share(w));
}

void InterestSubsidy::pay_claims(World& w, int year, double share) {
  const Programme& pr = w.p.interest_subsidy.programme;
  double claims = 0;
  for (const Firm& f : w.firms)
    if (f.alive) claims += f.subsidy_accrued;
  for (Firm& f : w.firms) {
    if (!f.alive || f.subsidy_accrued <= 0) continue;
    const double expected = f.subsidy_accrued * paid_share_;
    const double used = std::max(0.0, f.subsidy_cap_used - expected);
    const double d = due(w, f, share);
    const double paid = files(w, d) ? w.government.spend(line_, pr, d, year) : 0.0;
    f.subsidy_cap_used = used + paid;
    f.subsidy_accrued = 0;
    if (paid <= 0) continue;
    w.receive(f, Account::government, paid, flow_);
    if (!pr.automatic) {
      w.pay(f, Account::external, pr.application_cost_yuan, Flow::application_cost);
      filing_costs_ += pr.application_cost_yuan;
    }
    paid_ += paid;
  }
  if (claims > 0) last_paid_share_ = share;
}

double InterestSubsidy::expected_cut(const World& w, const Firm& f, double rate) const {
  // What a new loan is expected to earn per yuan a year over its term: the
  // terms, scaled by the share of claims the firm expects the envelope to
  // pay, for the part of the term the subsidy lasts.
  if (!registers(w, f)) return 0.0;
  // The cap the firm has left in its window limits what the loan can earn.
  const double term = w.p.bank.term_years, duration = std::min(term, w.p.interest_subsidy.duration_years);
  return terms(w, f, rate) * paid_share_ * duration / term * cap_factor(w, f, duration);
}

double InterestSubsidy::running_cut(const World& w, const Firm& f, double rate) const {
  // Per yuan a year while the subsidy runs (its first duration_years, or
  // the loan's term if shorter): the terms, the share of claims the firm
  // expects the envelope to pay, and the part of that time its cap leaves it.
  if (!registers(w, f)) return 0.0;
  const double duration = std::min(w.p.bank.term_years, w.p.interest_subsidy.duration_years);
  return terms(w, f, rate) * paid_share_ * cap_factor(w, f, duration);
}

double InterestSubsidy::expected_cut_on_book(const World& w, const Firm& f) const {
  if (!(f.subsidised_debt > 0 && f.debt > 0) || w.month >= f.subsidy_until_month ||
      !w.p.interest_subsidy.programme.active(w.calendar_year()))
    return 0.0;
  const double left = (static_cast<double>(f.subsidy_until_month) - static_cast<double>(w.month)) / 12.0;
  return f.subsidy_terms * paid_share_ * f.subsidised_debt / f.debt * cap_factor(w, f, left);
}

void InterestSubsidy::expect_from_opening_book(const World& w) {
  // No claims yet: the first year's forecast is what the approved firms'
  // opening debt would claim if it were registered (an upper bound, so firms
  // start cautious where the envelope is small; it scales with the terms, so
  // doubling the rate with a binding envelope leaves the expectation alone).
  double claims = 0;
  for (const Firm& f : w.firms)
    if (registers(w, f)) claims += terms(w, f, f.loan_rate) * f.debt;
  paid_share_ = paid_share(w.government.budget_left(line_), claims);
}

void InterestSubsidy::close_year(World& w) {
  // Firms expect this year's envelope to pay the share of their claims that
  // it would have paid of last year's, restated at this year's terms (a
  // doubled rate doubles the claims it expects).
  const int y = w.calendar_year();
  const double before = scale(w, y - 1), now = scale(w, y);
  const double forecast = before > 0 ? claims_year_ * now / before : claims_year_;
  paid_share_ = paid_share(w.government.budget_left(line_), forecast);
  claims_year_ = 0;
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& InterestSubsidy::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"subsidy_registered_loans", "yuan", "Registered principal still inside its interest-subsidy window", MetricKind::stock,
       "Registered subsidised loans", "备案贴息贷款", "仍在贴息期内的备案贷款本金"},
      {"subsidy_registrations", "yuan", "New loans registered for the interest subsidy since the previous sample", MetricKind::flow,
       "Loans registered for subsidy", "新增备案贴息贷款", "上次抽样以来备案享受贴息的新增贷款"},
      {"subsidy_claims", "yuan", "Interest-subsidy claims firms earned since the previous sample (paid after the year)", MetricKind::flow,
       "Subsidy claims", "贴息申领额", "上次抽样以来企业应得的贴息（次年事后拨付）"},
      {"subsidy_paid_share", "share", "Share of the last reimbursed year's claims the envelope paid", MetricKind::stock,
       "Subsidy paid share", "贴息兑付比例", "上一贴息年度申领额中实际拨付的比例（超额时按比例拨付）"},
      {"subsidy_filing_costs", "yuan", "What firms paid to file their interest-subsidy claims since the previous sample (application mode)",
       MetricKind::flow, "Subsidy filing costs", "贴息申报成本", "上次抽样以来企业为申报贴息支付的成本（申请制）"},
      {"subsidy_quota_refused", "yuan", "New loans of member firms not registered because the year's quota was used up, since the previous sample (quota rule)",
       MetricKind::flow, "Loans refused by the subsidy quota", "因额度用完未获备案的贷款", "上次抽样以来因当年额度用完而未获备案的会员企业新增贷款（额度规则）"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 3200 (models/README.md, "Metrics").
const RegisterMetrics interest_subsidy_metrics{3200, &InterestSubsidy::metrics,
                                               [](const World& w, const Census& c, MetricRow& o) { w.interest_subsidy.report(c, o); },
                                               [](World& w) { w.interest_subsidy.restart_period(); }};
}  // namespace

void InterestSubsidy::report(const Census& c, MetricRow& out) const {
  out.insert(out.end(), {c.subsidised, registered_, claims_, last_paid_share_, filing_costs_, refused_});
}

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, InterestSubsidyParams& is) {
  const std::string base = "policies.loan_interest_subsidy";
  b.section(base,
            "Loan interest subsidy (贷款贴息): member firms' new loans are registered; the registered principal earns a share "
            "of its interest or points of principal for a limited time, reimbursed after the year within an envelope.",
            {"Loan interest subsidy", "贷款贴息", "备案贷款在最长两年内享受部分利息补贴，次年在年度资金额度内事后拨付。"});
  b.programme(base, is.programme, true,
              "The year's envelope: the year's claims are paid after the year, scaled pro rata when they exceed it.",
              "年度资金额度：当年申领的贴息于次年拨付，超出额度时按比例核减。", true);
  static const std::vector<std::string> FORMS = {"share_of_interest", "points"};
  const char* form_what =
      "share_of_interest: the rate keys are shares of the interest paid; points: the points keys are yuan per yuan of principal a year.";
  if (b.schema)
    b.schema->choice(base + ".form", is.form == SubsidyForm::points ? "points" : "share_of_interest", FORMS, form_what);
  b.describe(base + ".form", form_what,
             "`share_of_interest`：`rate` 类键为贴息占所付利息的比例；`points`：`points` 类键为每年每元本金的贴息金额（元）。");
  if (b.scn) is.form = b.scn->text(base + ".form") == "points" ? SubsidyForm::points : SubsidyForm::share_of_interest;
  b.schedule(base + ".rate", is.rate, "share of interest", 0, 1, "Share of a registered loan's interest the subsidy pays (form share_of_interest).",
             "贴息占备案贷款利息的比例（`form` 为 `share_of_interest` 时）。");
  b.schedule(base + ".first_loan_rate", is.first_loan_rate, "share of interest", 0, 1,
             "The same for a firm's first bank loan (首贷).",
             "企业首笔银行贷款（首贷）的贴息比例，含义同上。");
  b.schedule(base + ".points", is.points, "per year", 0, 1,
             "Subsidy per yuan of registered principal a year (form points; 0.015 = 1.5 percentage points).",
             "每年每元备案本金的贴息额（`form` 为 `points` 时；0.015即1.5个百分点）。");
  b.schedule(base + ".first_loan_points", is.first_loan_points, "per year", 0, 1, "The same for a firm's first bank loan (首贷).",
             "企业首笔银行贷款（首贷）每年每元本金的贴息额，含义同上。");
  b.number(base + ".duration_years", is.duration_years, "years", 0, 50, "A registered loan earns the subsidy for at most this long from its draw.",
           "备案贷款自提款起享受贴息的最长年限。");
  b.number(base + ".per_firm_cap_yuan", is.per_firm_cap_yuan, "yuan", 0, INF,
           "Most subsidy paid to a firm within its cap window (money paid, not claims).",
           "在单户上限窗口内向一家企业拨付的贴息上限（按实际拨付额计，而非申领额）。");
  b.integer(base + ".cap_window_months", is.cap_window_months, "months", 1, 1200,
            "The per-firm cap's rolling window: it opens at the firm's first claim and, once ended, again at its next claim.",
            "单户上限的滚动计算窗口：自企业首次申领时开启，窗口结束后，于企业下一次申领时重新开启。");
  static const std::vector<std::string> ALLOCATIONS = {"pro_rata", "quota"};
  const char* allocation_what =
      "pro_rata: the year's envelope (budget_yuan) pays every claim the same share, after the year (a city scheme); "
      "quota: loans register first come first served until the year's quota_loans_yuan of principal is used, each at the "
      "full terms, and the claims are paid after each quarter (Guangdong's 粤金管〔2025〕15号); budget_yuan is then the "
      "province's ceiling on a year's payments.";
  if (b.schema)
    b.schema->choice(base + ".allocation", is.allocation == SubsidyAllocation::quota ? "quota" : "pro_rata", ALLOCATIONS,
                     allocation_what);
  b.describe(base + ".allocation", allocation_what,
             "`pro_rata`：年度资金额度（`budget_yuan`）于次年按同一比例兑付全部申领额（市级政策）；`quota`：贷款按先到先得备案，"
             "直至当年 `quota_loans_yuan` 的本金额度用完，每笔均按全额贴息，申领额按季度拨付（广东省粤金管〔2025〕15号）；"
             "此时 `budget_yuan` 为省级财政每年拨付的上限。");
  if (b.scn) is.allocation = b.scn->text(base + ".allocation") == "quota" ? SubsidyAllocation::quota : SubsidyAllocation::pro_rata;
  b.schedule(base + ".quota_loans_yuan", is.quota_loans_yuan, "yuan", 0, INF,
             "Allocation quota: the principal of new loans that may be registered in a calendar year, first come first served "
             "(the city's draw on the province's 2000亿 yuan a year).",
             "`quota` 规则下每个公历年可备案的新增贷款本金额度，先到先得（本市在全省每年2000亿元贴息贷款规模中的份额）。");
  b.integer(base + ".registration_from_year", is.registration_from_year, "calendar year", 0, 9999,
            "First calendar year in which new loans register (0: from the start).",
            "新增贷款可备案的第一个公历年份（0为自模拟开始）。");
  b.integer(base + ".registration_from_month", is.registration_from_month, "calendar month", 1, 12,
            "First calendar month of registration_from_year in which new loans register (ignored when that year is 0).",
            "在 `registration_from_year` 中新增贷款可备案的第一个公历月份（该年份为0时不适用）。");
  b.integer(base + ".registration_until_year", is.registration_until_year, "calendar year", 0, 9999,
            "Last calendar year in which new loans register (to the year's end); loans registered earlier keep their subsidy "
            "period after it.",
            "新增贷款可备案的最后一个公历年份（至该年年末）；此前备案的贷款在其后仍享受剩余贴息期。");
  b.boolean(base + ".city_money", is.city_money,
            "true: the city pays (fiscal line interest_subsidy_city, city money); false: the province pays (interest_subsidy).",
            "`true`：由市级财政支付（财政科目 `interest_subsidy_city`，市级资金）；`false`：由省级财政支付（`interest_subsidy`）。");
  b.zero_gate(base + ".budget_yuan", {}, true);
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 700 (models/README.md, "Scenario keys").
const RegisterKeys interest_subsidy_keys_at{700, [](Binder& b, Params& p) { bind_keys(b, p.interest_subsidy); }};
}  // namespace

}  // namespace innosim::model
