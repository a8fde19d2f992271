#pragma once
// The risk-compensation pool for early-stage tech lending (docs/model.md
// 2.3, 7.9): the government's fund, eligibility, cover within a leverage
// cap, the unsecured part of a loan only, within per-loan and per-firm
// limits; a registration covers the loan for max_cover_months (renewed in
// place at each cover_term_months anniversary while the firm qualifies), and
// at its end the renewed loan is filed again and competes for room; room allotted by
// lottery when the cap binds; payouts to banks on covered defaults,
// suspension of new registrations on a high bad-loan ratio of the registered book.
#include <array>
#include <cstdint>
#include <vector>

#include "innosim/model/metrics.hpp"
#include "innosim/model/programme.hpp"

namespace innosim::model {

struct Binder;
struct World;
struct Firm;

struct RiskPoolParams {
  Programme programme{.enabled = false, .min_stage = Stage::tech_sme};
  double fund_yuan = 1e9;           ///< initial fund
  Scheduled coverage{0.3};          ///< share of a covered loan's principal loss the pool pays (Jiangmen: 30-40 %)
  Scheduled first_loan_coverage{0.4};  ///< the same for a firm's first bank loan (首贷)
  double leverage_cap = 10;         ///< covered loans outstanding <= cap x fund
  double suspension_npl_ratio = 0.06;  ///< pool suspends new cover when its bad-loan ratio passes this
  double ceiling_bonus_per_coverage = 1.0;  ///< kappa: Lambda_eff = Lambda (1 + kappa c)
  double screening_relief = 0.5;    ///< cut-off falls by relief x c (banks screen less)
  double risk_shifting = 0;         ///< m_g: extra default hazard a year of a covered borrower that cannot service its debt, m_g c B_cov / B (7.9; 0: Cowan et al. 2015)
  double max_loan_cover_yuan = 5e6;   ///< most of one loan the pool covers (邑科贷: loans up to 5 m)
  double max_firm_cover_yuan = 10e6;  ///< most of one firm's loans the pool covers (邑科贷: up to 10 m a firm)
  double cover_term_months = 12;      ///< a registration's term; renewed with the loan at its end (邑科贷: loans of up to 1 year, renewable)
  double max_cover_months = 12;       ///< a registration covers the balance this long; then the renewed loan is filed again and takes room (邑科贷: loans of up to 1 year; 600: no end within a run)
  double npl_window_months = 12;      ///< a defaulted covered loan counts as non-performing in the book for this long (Assumption)
  double max_revenue_yuan = 500e6;  ///< eligibility: borrower revenue cap (Jiangmen rules)
  bool incubator_tenants = true;    ///< qualification: a tenant of an incubation carrier
  bool core_ip = true;              ///< qualification: holds core IP
  /// Registers working-capital draws only (邑科贷: loans of at most a year), not
  /// all-or-nothing equipment and project loans (7.9; issue 14). Off: every eligible draw.
  bool working_capital_only = false;
  /// Yearly top-up (7.9): on each 1 January after the pool opens, when its
  /// cash is below topup_floor_share x fund_yuan, the government pays it
  /// back up to fund_yuan (0: never topped up).
  double topup_floor_share = 0;
};

/// The `policies.risk_compensation_pool.*` keys.
void bind_keys(Binder& b, RiskPoolParams& p);

class RiskPool {
 public:
  explicit RiskPool(World& w);  ///< registers its fiscal line (a fund paid in once, topped up on 1 January when the rule is on; no yearly budget)
  /// Pays in the government's fund once the programme is active (at the set-up or a later review), and at each
  /// later review tops it up to fund_yuan when its cash is below topup_floor_share x fund_yuan (7.9).
  void open(World& w);
  /// The month's bookkeeping: covered loans outstanding, the 12-month
  /// defaults and the suspension trigger.
  void month(World& w, double covered_outstanding);
  /// Whether a borrower may get covered credit now: the pool is funded, open
  /// and active, the firm's revenue is within the cap and it holds one of
  /// the qualifications (7.9).
  bool eligible(const World& w, const Firm& f) const;
  /// The cover a bank may register on a draw of `amount` whose first
  /// `secured` yuan are secured by the firm's own assets: the unsecured part,
  /// within the per-loan limit and what the per-firm limit leaves (before the
  /// pool's room and lottery).
  double wanted_cover(const World& w, const Firm& f, double amount, double secured) const;
  /// Whether the pool's lottery admits this firm's request this month: when
  /// last month's requests exceeded the room, each request is admitted with
  /// probability room / requests, drawn from the firm's own stream (so who
  /// gets room does not depend on the firms' order).
  bool admits(const World& w, const Firm& f) const;
  /// Counts a request for `cover` that reached the lottery (admitted or not):
  /// next month's admission probability is the room over this month's requests.
  void count_request(double cover) { requested_ += cover; }
  /// Whether the pool had room for new cover when the month's registrations
  /// opened (its start or the last settlement): fixed while the firms' loop
  /// runs, so a payout to one firm's bank does not close the pool to the
  /// firms visited after it.
  bool has_room() const { return open_room_ > 1e4; }
  /// The bank files the registration of `cover` of a draw it has just lent
  /// on covered terms to `f` (`anyway` of it it would have lent without
  /// cover). Registrations are settled together after the firms' loop
  /// (settle), so who gets the month's room does not depend on the order in
  /// which the firms are visited. The buffer keeps its capacity: no allocation per event.
  void request(const World& w, const Firm& f, double cover, double anyway, bool renewal = false);
  /// The covered principal and the firms newly covered by a settlement (for the month's census).
  struct Settled {
    double covered = 0, firms = 0;
  };
  /// Settles the filed registrations within the room there is now (leverage
  /// cap x cash, less the covered stock): in the order of each request's
  /// lottery number (the firm's own draw), each is registered if it fits in
  /// what is left, else refused (the loan stays on the bank's book
  /// uncovered). Called after the monthly firms' loop and before the annual
  /// review drops exited firms (the buffer holds positions in w.firms).
  Settled settle(World& w);
  /// At each anniversary of a registration (every cover_term_months) the
  /// bank renews it with the loan (the loan runs on, rolled over or
  /// amortising) while the firm still qualifies and the pool is open and
  /// within its cap; the cover ends max_cover_months after registration, or
  /// earlier when a renewal fails. A balance whose cover ends leaves the
  /// covered stock at once (its room is there for its own renewal). Returns
  /// the balance filed again at the cover's end (settled with the month's
  /// filings; 0 when none), which the bank's rollover counts as covered.
  double renew_or_lapse(const World& w, Firm& f);
  /// Whether the firm holds a qualification and is within the revenue cap (the borrower's side of `eligible`).
  static bool qualifies(const World& w, const Firm& f);
  /// c: the share of a covered draw's principal loss the pool pays this year (more on a first loan).
  double coverage(const World& w, const Firm& f) const;
  /// Room for new cover under the leverage cap (yuan).
  double room(const World& w) const;
  /// A draw of `amount` is covered (registered, with loss share `c`, in
  /// month `month`); `anyway` of it the bank would have lent without cover
  /// (the inframarginal part).
  void cover(Firm& f, double amount, double anyway, double c, std::uint64_t month, const RiskPoolParams& rp,
             bool renewal = false);
  /// m_g c (covered share of the debt): the extra default hazard a year of a
  /// covered borrower whose cash flow no longer services its debt (0 by default).
  double risk_shift(const World& w, const Firm& f) const;
  /// A covered borrower defaulted: the pool's payout to the bank (0: none), booked here.
  double on_default(World& w, const Firm& f, double loss);

  double cash() const { return cash_; }
  bool suspended() const { return suspended_; }
  /// The registered book's bad-loan ratio the suspension rule reads (7.9).
  double bad_loan_ratio() const { return npl_; }

  // ---- metrics: payouts; covered loans
  static const std::vector<MetricInfo>& payout_metrics();
  void report_payouts(MetricRow& out) const { out.insert(out.end(), {payouts_, topups_}); }
  static const std::vector<MetricInfo>& cover_metrics();
  void report_cover(const Census& c, MetricRow& out) const { out.insert(out.end(), {c.covered, c.covered_firms}); }
  void restart_period() { payouts_ = topups_ = 0; }
  // ---- metrics: registrations (new covered loans, and the part banks would have lent anyway)
  static const std::vector<MetricInfo>& registration_metrics();
  void report_registrations(MetricRow& out) const {
    out.insert(out.end(), {registered_, anyway_, registered_ - anyway_, renewed_, cap_bound_months_, refused_});
  }
  void restart_registrations() { registered_ = anyway_ = renewed_ = refused_ = cap_bound_months_ = 0; }
  // ---- metrics: the suspension rule (bad-loan ratio of the registered book, months suspended)
  static const std::vector<MetricInfo>& suspension_metrics();
  void report_suspension(MetricRow& out) const { out.insert(out.end(), {npl_, suspended_months_, suspended_ ? 1.0 : 0.0}); }
  void restart_suspension() { suspended_months_ = 0; }

 private:
  double cash_ = 0, covered_outstanding_ = 0, defaults_12m_ = 0, npl_ = 0;
  double requested_ = 0;      ///< cover requested this month by eligible firms (admitted or not)
  double admit_p_ = 1;        ///< this month's lottery admission probability: min(1, room / last month's requests)
  double open_room_ = 0;      ///< room when the month's registrations opened (has_room)
  std::array<double, 120> default_ring_{};  ///< covered principal defaulted, by month mod 120 (windows up to 10 years)
  /// A registration filed by a bank, waiting for the settlement.
  struct Filed {
    double key;               ///< the request's lottery number: the firm's own draw for the month
    std::int64_t id;          ///< the firm's id (ties: a firm's requests keep their own order, seq)
    std::uint32_t index;      ///< the firm's position in w.firms (stable until the annual review drops exits)
    std::uint32_t seq;        ///< position in the buffer (orders only one firm's own requests)
    double cover, anyway, c;  ///< cover asked, the part lent anyway, the loss share at the draw
    std::uint64_t month;      ///< the month of the draw (the cover's term runs from it)
    bool renewal;             ///< a covered loan renewed at the end of its cover, filed again (not new credit)
  };
  std::vector<Filed> filed_;  ///< this month's filed registrations (capacity kept)
  double refused_ = 0;        ///< period: registrations refused at settlement for want of room
  double cap_bound_months_ = 0;  ///< period: months the cap bound (rationed by the lottery or a filing refused)
  bool suspended_ = false, funded_ = false;
  double payouts_ = 0;                 ///< period
  double topups_ = 0;                  ///< period: the government's top-ups of the fund (7.9)
  double registered_ = 0, anyway_ = 0;  ///< period: covered draws; of them, what banks would have lent without cover
  double renewed_ = 0;                  ///< period: covered balances renewed at the end of a registration's term
  double suspended_months_ = 0;         ///< period: months the pool was suspended
};

}  // namespace innosim::model
