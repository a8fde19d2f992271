#include "innosim/model/finance/risk_pool.hpp"

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
const Flow FLOW_POOL_FUNDING = register_flow("pool_funding");  ///< government -> risk pool (risk_pool)
const Flow FLOW_POOL_PAYOUT = register_flow("pool_payout");  ///< risk pool -> bank (risk_pool)
}  // namespace

namespace {
// Its fiscal line: the rank is its place among the fiscal_<line> metrics (models/README.md, "Fiscal lines");
// the funding by level as in docs/model.md 2.6.
// 邑科贷's pool is funded by the province and the city (jiangmen-data.md 6); half each (Assumption).
const Fiscal FISCAL_RISK_POOL = register_fiscal_line(
    {.rank = 200, .name = "risk_pool", .kind = FiscalKind::capital, .share = {0, 0.5, 0.5}, .flow = FLOW_POOL_FUNDING,
     .label = "risk-compensation pool", .label_zh = "风险补偿资金池",
     .holds = [](const World& w, const Census&) { return w.ledger.balance(Account::risk_pool); }});
}  // namespace

namespace {
// The pool's lottery for room when the leverage cap binds (7.9).
constexpr std::uint64_t P_POOL_LOTTERY = engine::purpose_id("pool_lottery");
}  // namespace

RiskPool::RiskPool(World& w) {
  w.government.add_line(FISCAL_RISK_POOL, w.p.risk_pool.programme, Government::Budget::none);
  // The registrations filed in a month (settle): room for a busy month's
  // requests up front, and the capacity is kept, so the hot loop does not allocate.
  filed_.reserve(1024);
}

void RiskPool::open(World& w) {
  if (!w.p.risk_pool.programme.active(w.calendar_year())) return;
  if (funded_) {
    // The yearly top-up (7.9): real pools are budget-funded, and a city
    // that books the pool's payouts in its next budget restores the fund
    // (G市: a yearly special fund in the department budget, up to 2亿,
    // handmsg.com 2024-12-31). Without it the payouts drain the fund and
    // the room (cap x cash) shrinks every year at any cap, an artefact of a
    // fund paid in once. Restoring it to its initial size when the cash is
    // below a floor is an Assumption (no Jiangmen rule found); the money is
    // booked on the pool's capital line like the first payment.
    const RiskPoolParams& rp = w.p.risk_pool;
    const double floor = rp.topup_floor_share * rp.fund_yuan;
    if (cash_ < floor) {
      const double topup = rp.fund_yuan - cash_;
      cash_ += topup;
      topups_ += topup;
      w.ledger.transfer(Account::government, Account::risk_pool, topup, FLOW_POOL_FUNDING);
      w.government.pay_out_of_budget(FISCAL_RISK_POOL, topup);
      open_room_ = room(w);
    }
    return;
  }
  const double fund = w.p.risk_pool.fund_yuan;
  cash_ += fund;
  funded_ = true;
  w.ledger.transfer(Account::government, Account::risk_pool, fund, FLOW_POOL_FUNDING);
  w.government.pay_out_of_budget(FISCAL_RISK_POOL, fund);
  open_room_ = room(w);
}

void RiskPool::month(World& w, double covered_outstanding) {
  covered_outstanding_ = covered_outstanding;
  // The window of defaults: covered principal defaulted in the last
  // npl_window_months months (this month's defaults join as they happen).
  const RiskPoolParams& rp = w.p.risk_pool;
  const std::uint64_t window = static_cast<std::uint64_t>(std::clamp(std::round(rp.npl_window_months), 1.0, 120.0));
  const std::size_t n = default_ring_.size();
  if (w.month >= window) {
    double& leaving = default_ring_[(w.month - window) % n];
    defaults_12m_ -= leaving;
    leaving = 0;
  }
  default_ring_[w.month % n] = 0;
  defaults_12m_ = std::max(0.0, defaults_12m_);  // rounding of the running sum
  if (funded_) {
    // The registered book's bad-loan ratio (不良率): a defaulted covered loan
    // stays on the book as non-performing for the window (until compensated
    // and written off), so the ratio is bad / (performing + bad). The book is
    // the covered stock, which registrations renewed with their loans keep
    // from collapsing (the old ratio divided by a stock that lapsed after a
    // year and so inflated it).
    const double book = covered_outstanding_ + defaults_12m_;
    npl_ = book > 0 ? defaults_12m_ / book : 0.0;
    // The ratio is judged once the pool has run a full window: on the first
    // months' small book one default would suspend it (Assumption: real
    // rules assess the ratio over a year's book). The pool opened at the
    // start or on 1 January of its first active year (open).
    const int first_year = std::max(w.p.start_year, rp.programme.start_year);
    const std::uint64_t opened = static_cast<std::uint64_t>(12 * (first_year - w.p.start_year));
    suspended_ = w.month >= opened + window && npl_ > rp.suspension_npl_ratio;
    if (suspended_) suspended_months_ += 1;
  }
  // The lottery for room (7.9): when last month's requests for cover exceeded
  // the room there is now, each request this month is admitted with the
  // probability that fits them to it, so freed room goes to firms at random
  // rather than to the first in the firms' order.
  const double r = room(w);
  admit_p_ = requested_ > r ? std::max(0.0, r) / requested_ : 1.0;
  requested_ = 0;
  open_room_ = r;
}

double RiskPool::wanted_cover(const World& w, const Firm& f, double amount, double secured) const {
  // 邑科贷 covers loans without physical collateral (unsecured, or pledged by
  // IP, equity or receivables): the part of a draw above what the firm's own
  // assets secure, up to 5 m of a loan and 10 m of a firm's loans.
  const RiskPoolParams& rp = w.p.risk_pool;
  return std::max(0.0, std::min({amount - std::max(0.0, secured), rp.max_loan_cover_yuan, rp.max_firm_cover_yuan - f.covered_debt}));
}

bool RiskPool::admits(const World& w, const Firm& f) const {
  return admit_p_ >= 1.0 || draw(f, P_POOL_LOTTERY, w.month) < admit_p_;
}

void RiskPool::request(const World& w, const Firm& f, double cover, double anyway, bool renewal) {
  const std::size_t index = static_cast<std::size_t>(&f - w.firms.data());
  if (index >= w.firms.size()) throw InternalError("a pool registration for a firm outside the firms' vector");
  filed_.push_back({.key = draw(f, P_POOL_LOTTERY, w.month), .id = f.id, .index = static_cast<std::uint32_t>(index),
                    .seq = static_cast<std::uint32_t>(filed_.size()), .cover = cover, .anyway = anyway,
                    .c = coverage(w, f), .month = w.month, .renewal = renewal});
}

RiskPool::Settled RiskPool::settle(World& w) {
  // The room is allotted after the month's requests are all in, so the
  // firms' order cannot decide who gets it (7.9). A hard room test inside
  // the firms' loop gave the room to the firms visited first whenever the
  // requests overran it: in the pool's first month (the admission
  // probability is 1 before any requests are seen) the first firms in the
  // vector took the whole room, and with registrations renewed with their
  // loans they kept it for the run. Requests are served in the order of
  // their lottery number (the firm's own draw, the one the admission
  // lottery used; ties only within one firm, in its own order); each is
  // registered if it fits in what is left of the room (leverage cap x cash,
  // the cash after this month's payouts, less the covered stock), else
  // refused: the loan was lent on covered terms and stays on the bank's
  // book uncovered (the bank registers after disbursement, 备案; Assumption).
  Settled s;
  // The month counts as one in which the cap binds when the lottery had to
  // ration (last month's requests exceeded the room) or a filing was refused.
  bool bound = admit_p_ < 1.0;
  if (filed_.empty()) {
    open_room_ = room(w);
    if (bound) cap_bound_months_ += 1;
    return s;
  }
  std::sort(filed_.begin(), filed_.end(), [](const Filed& a, const Filed& b) {
    if (a.key != b.key) return a.key < b.key;
    if (a.id != b.id) return a.id < b.id;
    return a.seq < b.seq;
  });
  const RiskPoolParams& rp = w.p.risk_pool;
  double left = room(w);
  for (const Filed& r : filed_) {
    if (r.index >= w.firms.size() || w.firms[r.index].id != r.id) throw InternalError("a filed pool registration lost its firm");
    Firm& f = w.firms[r.index];
    if (!f.alive) continue;  // exited since the draw: its loan is closed
    if (f.points_cover && f.covered_debt > 0) continue;  // guaranteed by the points line since the filing (one cover a loan, 7.13)
    // What is still outstanding and uncovered of the loan, within the
    // per-firm limit (a firm's second request this month sees its first).
    const double amount = std::min({r.cover, f.debt - f.covered_debt, rp.max_firm_cover_yuan - f.covered_debt});
    if (!(amount > 1e4)) continue;
    if (amount > left) {
      refused_ += amount;
      bound = true;
      continue;
    }
    if (!(f.covered_debt > 0)) s.firms += 1;
    cover(f, amount, std::min(r.anyway, amount), r.c, r.month, rp, r.renewal);
    left -= amount;
    s.covered += amount;
  }
  filed_.clear();
  open_room_ = room(w);
  if (bound) cap_bound_months_ += 1;
  return s;
}

double RiskPool::renew_or_lapse(const World& w, Firm& f) {
  // 邑科贷 registers loans of up to a year and encourages renewal without
  // repayment (无还本续贷), drawdowns revolving within the line. The model's
  // loan runs on as one balance (3-year amortisation, rolled over monthly,
  // 7.8). A registration covers the balance for max_cover_months from its
  // registration (default 12, the registered loan's longest term); within
  // that, at each anniversary (every cover_term_months) the registration is
  // renewed in place while the firm still qualifies and the pool is open
  // (no room taken: the balance is already in the covered stock).
  // At the cover's end the loan, renewed, is a new loan for the pool: the
  // bank files it as a new registration, settled with the month's other
  // filings in the order of their lottery numbers within the room (7.9), so
  // when the cap binds renewals compete with new loans and the covered set
  // turns over (referee13 7: with no end, max_cover_months 600, a binding
  // cap froze the covered set for the whole run). Until settled the balance
  // is uncovered; a refused renewal leaves the loan on ordinary terms and is
  // counted in pool_refused_registrations. A suspension stops new
  // registrations (暂停新增), not renewals, in place or at the cover's end
  // (Assumption).
  // (The anniversaries are counted back from the cover's last month, so one
  // 16-bit field holds both: the firm's record has no room for another.)
  // A balance whose cover ends leaves the pool's covered stock at once, so
  // the room it held is there for this month's settlement, where its own
  // renewal competes for it. (Counted until the next month's recount, the
  // ending balance took its own room: with the cap binding, the renewal of
  // a loan already in the book was refused for want of the room it held,
  // and the loan ran on uncovered: session 16's 3.5 yuan of loan stock per
  // covered yuan, 7.7d.)
  if (!(f.covered_debt > 0) || f.points_cover) return 0.0;  // the points line's guarantee runs with the loan (7.13)
  const RiskPoolParams& rp = w.p.risk_pool;
  const std::uint64_t end = f.cover_until_month;
  if (w.month >= end) {
    const double balance = f.covered_debt;
    f.covered_debt = 0;
    covered_outstanding_ = std::max(0.0, covered_outstanding_ - balance);
    if (funded_ && rp.programme.active(w.calendar_year()) && qualifies(w, f)) {
      // Not stopped by a suspension, which stops new business (暂停新增):
      // the loan is in the registered book already. (Stopped by it, the
      // covers ending while the pool was suspended shrank the book, which
      // raised the bad-loan ratio and kept it suspended: in the baseline
      // the covered stock fell from 0.44 to 0.06 bn in a year, suspended
      // 9-10 months a year; 10 replications.) On the same terms as a new
      // loan: counted for next month's admission probability, admitted by
      // the firm's own lottery draw, settled in the order of that draw. What the bank would renew without cover: all of
      // it (the renewal test of 7.8 does not read the cover).
      count_request(balance);
      if (admits(w, f)) {
        request(w, f, balance, balance, true);
        return balance;  // filed: the bank renews the loan on the strength of the filing (Banks::service)
      }
      refused_ += balance;  // not admitted: the renewed loan runs on uncovered
    }
    return 0.0;
  }
  const std::uint64_t term = static_cast<std::uint64_t>(std::max(1.0, std::round(rp.cover_term_months)));
  if ((end - w.month) % term != 0) return 0.0;  // not an anniversary
  if (funded_ && rp.programme.active(w.calendar_year()) && qualifies(w, f)) {
    renewed_ += f.covered_debt;
  } else {
    covered_outstanding_ = std::max(0.0, covered_outstanding_ - f.covered_debt);
    f.covered_debt = 0;
  }
  return 0.0;
}

bool RiskPool::qualifies(const World& w, const Firm& f) {
  // 邑科贷 admits non-listed firms with revenue <= 500 m yuan holding one of
  // seven qualifications; the model has four of them: high-tech enterprise
  // and tech SME (the ladder at or above min_stage), incubator tenant, core IP.
  const RiskPoolParams& rp = w.p.risk_pool;
  if (!(12.0 * f.revenue <= rp.max_revenue_yuan)) return false;
  return f.stage >= rp.programme.min_stage || (rp.incubator_tenants && f.incubated) || (rp.core_ip && f.ip_count >= 1.0);
}

bool RiskPool::eligible(const World& w, const Firm& f) const {
  return funded_ && !suspended_ && w.p.risk_pool.programme.active(w.calendar_year()) && qualifies(w, f);
}

double RiskPool::coverage(const World& w, const Firm& f) const {
  const RiskPoolParams& rp = w.p.risk_pool;
  return (f.has_borrowed ? rp.coverage : rp.first_loan_coverage).at(w.calendar_year());
}

double RiskPool::room(const World& w) const { return w.p.risk_pool.leverage_cap * cash_ - covered_outstanding_; }

void RiskPool::cover(Firm& f, double amount, double anyway, double c, std::uint64_t month, const RiskPoolParams& rp,
                     bool renewal) {
  // The covered balance's share of the loss the pool pays is averaged over
  // its draws by amount (a first loan's cover is higher).
  f.pool_coverage = (f.pool_coverage * f.covered_debt + c * amount) / (f.covered_debt + amount);
  // The cover's last month (registration + max_cover_months), averaged over
  // the covered draws by amount (one covered balance per firm); renewals
  // fall on its anniversaries.
  const double until = static_cast<double>(month) + std::max(1.0, std::round(rp.max_cover_months));
  const double old_until = f.covered_debt > 0 ? static_cast<double>(f.cover_until_month) : until;
  f.cover_until_month = static_cast<std::uint16_t>(
      std::min(65535.0, std::round((old_until * f.covered_debt + until * amount) / (f.covered_debt + amount))));
  f.covered_debt += amount;
  f.points_cover = false;  // the slot is the pool's (settle skips a balance the points line guarantees)
  covered_outstanding_ += amount;
  if (renewal) {
    renewed_ += amount;  // a renewed loan registered again: not new credit
  } else {
    registered_ += amount;
    anyway_ += anyway;
  }
}

double RiskPool::risk_shift(const World& w, const Firm& f) const {
  return w.p.risk_pool.risk_shifting * f.pool_coverage * f.covered_debt / f.debt;
}

double RiskPool::on_default(World& w, const Firm& f, double loss) {
  if (!(f.covered_debt > 0 && funded_)) return 0.0;
  const double payout = std::min(cash_, f.pool_coverage * loss * f.covered_debt / f.debt);
  if (payout > 0) {
    cash_ -= payout;
    w.ledger.transfer(Account::risk_pool, Account::banks, payout, FLOW_POOL_PAYOUT);
    payouts_ += payout;
    w.emit(EventKind::pool_payout, f, payout);
  }
  defaults_12m_ += f.covered_debt;
  default_ring_[w.month % default_ring_.size()] += f.covered_debt;
  return payout;
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& RiskPool::payout_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"risk_pool_payouts", "yuan", "Risk-compensation pool payouts to banks since the previous sample", MetricKind::flow,
       "Risk-pool payouts", "风险补偿金赔付", "上次抽样以来风险补偿资金池向银行的赔付"},
      {"risk_pool_topups", "yuan",
       "Government top-ups of the risk-compensation pool's fund since the previous sample (on 1 January, when its cash is below the floor)",
       MetricKind::flow,
       "Risk-pool top-ups", "风险补偿资金池补充", "上次抽样以来政府对风险补偿资金池的补充（每年1月1日资金低于下限时补足）"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 400 (models/README.md, "Metrics").
const RegisterMetrics risk_pool_payout_metrics{400, &RiskPool::payout_metrics,
                                               [](const World& w, const Census&, MetricRow& o) { w.risk_pool.report_payouts(o); },
                                               [](World& w) { w.risk_pool.restart_period(); }};
}  // namespace

const std::vector<MetricInfo>& RiskPool::registration_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"pool_registered_loans", "yuan", "New loans registered with (covered by) the risk-compensation pool since the previous sample", MetricKind::flow,
       "Pool-registered loans", "风险补偿备案贷款", "上次抽样以来在风险补偿资金池备案（覆盖）的新增贷款"},
      {"pool_inframarginal_loans", "yuan",
       "Of the new covered loans, the amount banks would have lent on ordinary terms without cover, since the previous sample",
       MetricKind::flow,
       "Covered loans made anyway", "无补偿也会发放的备案贷款", "新增备案贷款中银行按普通条件本也会发放的部分"},
      {"pool_additional_loans", "yuan",
       "Of the new covered loans, the amount banks lent only because of the cover (registered less made anyway), since the previous sample",
       MetricKind::flow,
       "Covered loans added by cover", "因补偿而增加的备案贷款", "新增备案贷款中仅因风险补偿而发放的部分（备案额减去本也会发放的部分）"},
      {"pool_renewed_loans", "yuan",
       "Covered balances whose registration was renewed with the loan (at an anniversary, or registered again at the end of the cover), since the previous sample",
       MetricKind::flow,
       "Pool registrations renewed", "续期备案贷款", "上次抽样以来随贷款续期而续展备案（周年续展或覆盖期满后重新备案）的覆盖贷款余额"},
      {"pool_cap_bound_months", "months",
       "Months in which the pool's leverage cap bound (the lottery rationed requests or a filing was refused for want of room), since the previous sample",
       MetricKind::flow,
       "Pool cap binding (months)", "资金池额度受限月数", "上次抽样以来资金池放大倍数上限起约束作用（按抽签分配额度或有备案因额度不足被拒）的月数"},
      {"pool_refused_registrations", "yuan",
       "Cover filed by banks on loans lent on covered terms, or on loans renewed at the end of their cover, that the pool refused for want of room (the loans stay uncovered), since the previous sample",
       MetricKind::flow,
       "Pool registrations refused", "未获备案的贷款", "上次抽样以来银行按补偿条件发放或在覆盖期满时续贷、但因资金池额度不足未获备案的贷款（不再覆盖）"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 3300 (models/README.md, "Metrics").
const RegisterMetrics risk_pool_registration_metrics{3300, &RiskPool::registration_metrics,
                                                     [](const World& w, const Census&, MetricRow& o) { w.risk_pool.report_registrations(o); },
                                                     [](World& w) { w.risk_pool.restart_registrations(); }};
}  // namespace

const std::vector<MetricInfo>& RiskPool::cover_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"pool_covered_loans", "yuan", "Outstanding loans covered by the risk-compensation pool", MetricKind::stock,
       "Pool-covered loans", "风险补偿覆盖贷款", "风险补偿资金池覆盖的未偿贷款"},
      {"pool_covered_firms", "firms", "Alive firms with loans covered by the risk-compensation pool", MetricKind::stock,
       "Pool-covered firms", "风险补偿覆盖企业", "有风险补偿资金池覆盖贷款的存续企业"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 800 (models/README.md, "Metrics").
const RegisterMetrics risk_pool_cover_metrics{800, &RiskPool::cover_metrics,
                                              [](const World& w, const Census& c, MetricRow& o) { w.risk_pool.report_cover(c, o); }};
}  // namespace

const std::vector<MetricInfo>& RiskPool::suspension_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"pool_bad_loan_ratio", "share",
       "Bad-loan ratio of the pool's registered book: covered principal defaulted in the window over the covered stock plus it",
       MetricKind::stock,
       "Pool bad-loan ratio", "资金池不良率", "资金池备案贷款的不良率：窗口期内违约的覆盖本金 /（覆盖贷款余额 + 该违约本金）"},
      {"pool_suspended_months", "months", "Months the pool's new registrations were suspended (bad-loan ratio above the threshold), since the previous sample",
       MetricKind::flow,
       "Pool suspended (months)", "资金池暂停月数", "上次抽样以来资金池因不良率超限而暂停新增备案的月数"},
      {"pool_suspended", "flag", "1 while the pool's new registrations are suspended (bad-loan ratio above the threshold), else 0",
       MetricKind::stock,
       "Pool suspended", "资金池暂停", "资金池因不良率超限暂停新增备案时为1，否则为0"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 3310, after the registrations (models/README.md, "Metrics").
const RegisterMetrics risk_pool_suspension_metrics{3310, &RiskPool::suspension_metrics,
                                                   [](const World& w, const Census&, MetricRow& o) { w.risk_pool.report_suspension(o); },
                                                   [](World& w) { w.risk_pool.restart_suspension(); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, RiskPoolParams& rp) {
  b.section("policies.risk_compensation_pool", "Risk-compensation pool for early-stage tech lending (邑科贷-type): covers part of banks' losses.",
            {"Risk-compensation pool", "风险补偿资金池", "按比例补偿银行备案科技贷款的本金损失（邑科贷类），备案规模以资金池放大倍数为限。"});
  b.programme("policies.risk_compensation_pool", rp.programme, false, "", "");
  b.number("policies.risk_compensation_pool.fund_yuan", rp.fund_yuan, "yuan", 0, INF, "Government capital paid into the pool when it opens.",
           "资金池设立时政府注入的资本金。");
  b.schedule("policies.risk_compensation_pool.coverage_share", rp.coverage, "share of loss", 0, 1,
             "Share of a covered loan's principal loss the pool pays (Jiangmen 邑科贷: 30-40 %).",
             "资金池对纳入补偿的贷款本金损失的补偿比例（江门邑科贷：30%–40%）。");
  b.schedule("policies.risk_compensation_pool.first_loan_coverage_share", rp.first_loan_coverage, "share of loss", 0, 1,
             "The same for a firm's first bank loan (首贷).",
             "企业首笔银行贷款（首贷）的补偿比例，含义同上。");
  b.number("policies.risk_compensation_pool.leverage_cap", rp.leverage_cap, "multiple of fund", 0, 1e6, "Covered loans outstanding <= cap x pool cash.",
           "纳入补偿的贷款余额 <= 放大倍数 × 资金池现金。");
  b.number("policies.risk_compensation_pool.topup_floor_share", rp.topup_floor_share, "share", 0, 1,
           "Yearly top-up: on each 1 January, when the pool's cash is below this share of fund_yuan, the government pays it back "
           "up to fund_yuan (0: never; 1: every year's payouts are replenished).",
           "年度补充：每年1月1日资金池现金低于 fund_yuan 的该比例时，政府将其补足至 fund_yuan（0：不补充；1：每年补足上年赔付）。");
  b.number("policies.risk_compensation_pool.suspension_npl_ratio", rp.suspension_npl_ratio, "share", 0, 1,
           "New registrations stop while the registered book's bad-loan ratio exceeds this (renewals go on).",
           "资金池备案贷款的不良率超过该值时，暂停新增补偿备案（续期备案不受影响）。");
  b.number("policies.risk_compensation_pool.ceiling_bonus_per_coverage", rp.ceiling_bonus_per_coverage, "", 0, 100,
           "kappa: covered Lambda = Lambda (1 + kappa c).",
           "`kappa`：纳入补偿的贷款适用的授信上限为 `Lambda (1 + kappa c)`。");
  b.number("policies.risk_compensation_pool.screening_relief", rp.screening_relief, "score per coverage", 0, 10,
           "Banks' cut-off falls by relief x c on covered loans (less screening).",
           "对纳入补偿的贷款，银行的授信门槛降低 `relief x c`（审查放松）。");
  b.number("policies.risk_compensation_pool.risk_shifting", rp.risk_shifting, "per year per unit of coverage", 0, 10,
           "m_g: extra default hazard of a covered borrower whose cash flow no longer services its debt, m_g x c x covered share "
           "of its debt a year (risk shifting). 0: Cowan, Drexler and Yanez (2015) find guaranteed loans no more likely to "
           "default causally; the covered borrowers' higher default rate is selection (screening_relief).",
           "`m_g`：经营现金流已不足以偿债的纳入补偿借款企业每年额外的违约风险率，为 `m_g x c` × 其债务中纳入补偿的比例（风险转移）。取0：Cowan、Drexler 和 Yanez（2015）发现担保贷款并不因担保本身而更易违约；纳入补偿的借款企业违约率较高，来自选择效应（见 screening_relief）。");
  b.number("policies.risk_compensation_pool.max_loan_cover_yuan", rp.max_loan_cover_yuan, "yuan", 0, INF,
           "Most of one loan the pool covers (邑科贷: up to 5 m a loan); only the part not secured by the firm's assets is covered.",
           "资金池对单笔贷款的最高补偿覆盖额（邑科贷：每笔最高500万元）；只覆盖未以企业资产担保的部分。");
  b.number("policies.risk_compensation_pool.max_firm_cover_yuan", rp.max_firm_cover_yuan, "yuan", 0, INF,
           "Most of one firm's loans the pool covers at a time (邑科贷: up to 10 m a firm).",
           "资金池同一时间对一家企业贷款的最高补偿覆盖额（邑科贷：每户最高1000万元）。");
  b.number("policies.risk_compensation_pool.cover_term_months", rp.cover_term_months, "months", 1, 600,
           "A registration's term (邑科贷: loans of up to 1 year); at its end the registration is renewed with the loan while "
           "the firm still qualifies, else the cover lapses.",
           "一次备案的期限（邑科贷：贷款期限不超过1年）；期满时若企业仍符合条件，随贷款续期重新备案，否则补偿覆盖失效。");
  b.number("policies.risk_compensation_pool.max_cover_months", rp.max_cover_months, "months", 1, 600,
           "A registration covers the loan for at most this long (renewed in place at each cover_term_months anniversary); "
           "then the bank files the renewed loan again as a new registration, which takes room like any other (600: no end within a run).",
           "一次备案自备案起提供补偿覆盖的最长期限（期间每满 cover_term_months 随贷款就地续展）；期满后银行将续贷作为新备案重新报送，与其他新增备案一样占用额度（600：运行期内不设期限）。");
  b.number("policies.risk_compensation_pool.npl_window_months", rp.npl_window_months, "months", 1, 120,
           "A defaulted covered loan counts as non-performing in the registered book's bad-loan ratio for this long.",
           "违约的覆盖贷款计入备案贷款不良率的期限（月）。");
  b.number("policies.risk_compensation_pool.max_revenue_yuan", rp.max_revenue_yuan, "yuan per year", 0, INF, "Eligibility: borrower revenue cap.",
           "资格条件：借款企业的营业收入上限。");
  b.boolean("policies.risk_compensation_pool.incubator_tenants", rp.incubator_tenants,
            "Qualification: incubator tenants are eligible (besides firms at or above min_stage).",
            "资格条件：在孵企业符合条件（达到 min_stage 梯度的企业之外）。");
  b.boolean("policies.risk_compensation_pool.core_ip", rp.core_ip, "Qualification: firms holding core IP are eligible.",
            "资格条件：拥有核心知识产权的企业符合条件。");
  b.boolean("policies.risk_compensation_pool.working_capital_only", rp.working_capital_only,
            "Register working-capital draws only (邑科贷 covers loans of at most 1 year), not equipment or project loans, "
            "which are lent all or nothing and repaid over years (false: every eligible draw).",
            "仅对流动资金贷款备案补偿（邑科贷覆盖期限不超过1年的贷款），设备或项目贷款（整笔发放、多年还款）不予备案（false：所有符合条件的贷款均可备案）。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 800 (models/README.md, "Scenario keys").
const RegisterKeys risk_pool_keys_at{800, [](Binder& b, Params& p) { bind_keys(b, p.risk_pool); }};
}  // namespace

}  // namespace innosim::model
