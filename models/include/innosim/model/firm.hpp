#pragma once
// The firm: compact per-firm state (the monthly loop walks a vector of these).
#include <cstddef>
#include <cstdint>

#include "innosim/model/types.hpp"

namespace innosim::model {

// Field order matters for speed: the monthly step reads and writes the
// first four cache lines (the "hot" fields); the rest is touched at the
// annual review or by rare events. Keep hot fields in the first block.
// Aligned to a cache line (sizeof is 512 either way): unaligned, the
// vector's records start 16 bytes into a line (malloc's header), so the hot
// 256 bytes spanned five lines and every pass over the firms read one more
// line per firm than it needed (docs/performance.md, session 19).
struct alignas(64) Firm {
  // ---- hot, line 0 (bytes 0-63): everything the sector pass (FirmDynamics::start_month) reads, so that
  // pass streams one cache line a firm, not two (docs/performance.md, session 20); the step reads it too.
  double demand = 0;            ///< q: units per month the market would buy from the firm (a unit is a yuan of output at start-year prices)
  double employees = 0;         ///< persons
  double productivity = 0;      ///< A: units of output per employee-month (labour productivity)
  double input_efficiency = 1;  ///< e: materials per unit are c_o / e (process innovation raises A and e together, 7.3)
  double st_staff_share = 0;    ///< S&T staff / employees
  double covered_debt = 0;      ///< part of `debt` covered by the risk-compensation pool, or by the points line's guarantee when `points_cover` (7.9, 7.13)
  float loan_months_left = 0;   ///< months until `debt` is repaid (amortising; a whole number)
  float birth_factor = 0;       ///< exp((birth_year - start_year) / hazard_decay_years): age hazard without a per-month exp
  std::uint32_t subsidy_from_month = 0;  ///< month from which an approved subsidy application pays (0: none)
  std::uint16_t sector = 0;
  bool alive = true;
  // One-bit flags sharing a byte (the sector pass reads `points_cover`).
  bool has_borrowed : 1 = false;    ///< has had a bank loan: a later loan is not a first loan (首贷, 7.8, 7.9)
  bool in_pilot : 1 = false;        ///< waiting for or in a pilot test
  bool hte_certified : 1 = false;   ///< holds a valid HTE certificate
  bool hte_relabelled : 1 = false;  ///< its certificate rests on expenses relabelled as R&D
  bool exit_loan_default : 1 = false;  ///< its exit left its bank a shortfall (a loan default, 7.5)
  bool points_line : 1 = false;     ///< holds a points-linked credit line this year (积分贷, 7.13)
  bool points_cover : 1 = false;    ///< `covered_debt` is guaranteed under the points credit line, not by the pool (read only while covered_debt > 0; 7.13)
  bool credit_short : 1 = false;    ///< since the last review a bank's ordinary terms refused it or lent less than it asked (ceiling or debt service): the points line's additionality report, read and cleared at each review (PointsSupport::year, 7.13)
  // ---- hot, lines 1-3: read or written by every monthly step
  std::int64_t id = 0;
  std::uint64_t stream = 0;     ///< engine::stream_base(seed, replication, id): keys this firm's draws
  double revenue = 0;           ///< last month's revenue (yuan): price x output, collected after d months
  double receivables = 0;       ///< yuan customers owe (revenue not yet collected)
  double payables = 0;          ///< yuan the firm owes its suppliers (materials not yet paid)
  double wage_bill = 0;         ///< last month's wages (yuan)
  double rd_spending = 0;       ///< last month's R&D (yuan)
  double cash = 0;              ///< yuan
  double debt = 0;              ///< outstanding loan principal (yuan)
  double loan_rate = 0;         ///< contractual interest rate per year on `debt`
  double rd_share = 0;          ///< R&D / sales target (persistent, heterogeneous)
  double guidance_invested = 0; ///< of which by the guidance fund (read by the census, in the step loop)
  double subsidised_debt = 0;   ///< part of `debt` originated under the interest subsidy
  double capital = 0;           ///< K: equipment in units of monthly capacity x 12 kappa_K (real, at start-year prices; sets capacity, 7.2)
  double fixed_assets = 0;      ///< the same equipment at book value (yuan, historical cost less depreciation)
  double insurance_cover = 0;   ///< yuan; > 0 while a technology-insurance policy is in force
  double year_revenue = 0;      ///< running sums for the annual review
  double year_rd = 0;
  double volatility = 0;        ///< s.d. of yearly demand shocks at the firm's size (updated at each annual review)
  float insurance_premium = 0;  ///< the policy's premium per year (yuan, fixed for the term, 7.10)
  std::uint16_t bank = 0;
  Stage stage = Stage::startup;
  bool incubated = false;       ///< a tenant of an incubator
  bool tech_centre = false;     ///< a recognised enterprise technology centre
  bool top_points = false;      ///< among the top-N innovation-points firms
  bool liaison = false;         ///< has an innovation-points liaison officer this year
  std::uint8_t months_in_year = 0;  ///< months alive in the current year (entrants' first year is partial)
  std::uint8_t insurance_months_left = 0;  ///< months left of the policy's term (7.10)
  bool digitalised = false;     ///< digitally transformed
  std::uint8_t matched_grants = 0;  ///< matching grants received for optional activities (7.21a), bits: 1 talent subsidy, 2 digital support, 4 a machine-hour voucher, 8 a talent project run only because of the grant, 16 a tech-upgrade reward (7.21b), 32 a claim to one (registered with the project, paid or not), 64 a points-linked credit line held (7.13), 128 a deal through the matching platform (7.18)
  ExitCause exit_cause = ExitCause::none;  ///< why it exited (7.5); none while alive
  // Warm: read by the monthly loop for every firm (the subsidy's claims at each sample, InterestSubsidy::gather_claims,
  // which reads only `subsidy_accrued` of a firm without claims) or every borrower (the hurdle, the concessional share):
  // in the cold lines they would cost a cache line each per firm-month (docs/performance.md, session 18).
  double subsidy_accrued = 0;   ///< this year's subsidy claims, not yet reimbursed (yuan, 7.8)
  double subsidy_cap_used = 0;  ///< subsidy paid, or expected to be paid on pending claims, in the firm's current cap window (yuan, 7.8)
  float credit_hurdle = 0;      ///< h: the firm prefers credit whose cost after subsidy and tax is below this (per year, 7.7a; a float: a threshold in [0, 0.07])
  float tech_share = 0;         ///< share of `debt` drawn on the tech-credit product's concessional rate within the city's relending room (7.7); repaid pro rata, so constant until the next draw
  // ---- cold: annual review and rare events
  double birth_year = 0;        ///< fractional calendar year of entry
  double ip_count = 0;          ///< knowledge stock: patents and other core IP
  double innovation_points = 0; ///< annual innovation-points score
  double valuation = 0;         ///< yuan (set by venture rounds, revalued yearly)
  double revenue_history[4] = {0, 0, 0, 0};  ///< last 4 full years' revenue, [0] most recent
  double rd_history[3] = {0, 0, 0};           ///< last 3 full years' R&D
  double venture_stake = 0;     ///< share of equity held by funds
  double venture_invested = 0;  ///< yuan invested by funds (at cost)
  double venture_exit_year = 0; ///< planned exit time of the funds' stake (calendar year)
  double lab_stake = 0;         ///< share of equity held by labs for technology (技术入股)
  double round_valuation = 0;   ///< post-money valuation at the last round (yuan)
  double round_revenue = 0;     ///< annual revenue at the last round (yuan)
  // Balance sheet and profit (7.6): equity = cash + receivables + fixed_assets - debt - payables
  double paid_in = 0;           ///< owners' paid-in equity: founders' capital and venture money (yuan)
  double cum_profit = 0;        ///< after-tax profit since birth (yuan)
  double cum_payouts = 0;       ///< paid to owners since birth (yuan)
  double equity_at_review = 0;  ///< equity after the last annual review (a year's profit = change in equity)
  double loss_pool = 0;         ///< tax losses carried forward (yuan)
  double exit_time = 0;         ///< years since start at exit (when !alive)
  double incubated_since = 0;   ///< years since start
  // The last cache line (bytes 448-511) holds the cold fields a subsidised or covered borrower's
  // monthly service reads (the terms, the coverage, the subsidy's and the cover's months), so they
  // cost one line, not two (docs/performance.md, session 19).
  double subsidy_terms = 0;     ///< interest subsidy per yuan of registered principal a year (amount-weighted over registered draws, 7.8)
  double pool_coverage = 0;     ///< c: share of the loss on the covered principal the pool (or the points guarantee) pays (amount-weighted, 7.9)
  double pending_gain = 0;      ///< productivity gain waiting for the pilot test
  std::uint32_t innovations = 0;
  std::uint32_t subsidy_until_month = 0;    ///< month from which the registered principal earns no subsidy (amount-weighted, 7.8)
  // Small fields last, by size, so the struct has no holes (sizeof <= 512).
  std::int32_t venture_fund = -1;  ///< index of the VC fund holding the stake, -1 when none
  // High-tech certification (7.12): a certificate valid through the end of
  // calendar year `hte_until`, granted on an application.
  float hightech_share = 0;     ///< share of revenue from high-tech products and services (criterion: >= 60 %)
  float last_taxable = 0;       ///< last year's taxable income before losses carried forward (yuan; 7.26)
  float pilot_since = 0;        ///< years since start when the prototype was ready (a float: it only times the pilot, in days)
  std::int16_t hte_until = 0;   ///< the last calendar year the HTE certificate covers (0: never certified)
  std::int16_t hte_barred_until = 0;  ///< no application is accepted before the year after this (a revocation)
  std::int16_t incubator = -1;  ///< index of the firm's incubator, -1 when not a tenant
  std::uint16_t matched_since = 0;  ///< calendar year of the first matching grant, tech-upgrade claim or points line (`matched_grants`; 0: none)
  std::uint16_t subsidy_window_from = 0;  ///< month + 1 the firm's current per-firm-cap window opened (0: none yet; 7.8)
  std::uint16_t cover_until_month = 0;    ///< month the pool's cover on the covered balance ends at the latest: registration + max_cover_months, amount-weighted; renewals fall on its anniversaries (7.9)
  std::int16_t venture_round_year = 0;  ///< calendar year of the round behind the current stake (the guidance fund's holding period, 7.11)
  std::uint16_t subsidy_since = 0;  ///< the month (w.month) of the firm's first loan registered for the interest subsidy (0: none; 7.8)
};


static_assert(sizeof(Firm) <= 512, "keep per-firm state compact");
// Four cache lines since prices, receivables and equipment joined the monthly step (7.2, 7.3).
static_assert(offsetof(Firm, birth_year) <= 256, "hot fields must fit the first four cache lines");  // birth_year: the first cold field
// The sector pass (FirmDynamics::start_month) reads line 0 only (session 20): demand, employees,
// productivity, input efficiency, S&T share, covered debt, sector, alive and the flags' byte.
static_assert(offsetof(Firm, st_staff_share) < 64 && offsetof(Firm, covered_debt) < 64 && offsetof(Firm, sector) < 64 &&
                  offsetof(Firm, alive) < 64 && offsetof(Firm, id) == 64,
              "the sector pass's fields: the first cache line");
static_assert(offsetof(Firm, subsidy_terms) >= 448 && offsetof(Firm, pool_coverage) >= 448 && offsetof(Firm, subsidy_until_month) >= 448 &&
                  offsetof(Firm, subsidy_window_from) >= 448 && offsetof(Firm, cover_until_month) >= 448,
              "a borrower's cold fields: the last cache line");

}  // namespace innosim::model
