#pragma once
// Stock-flow consistent books. Every yuan that moves goes through
// Ledger::transfer, which debits one account and credits another, so the
// sum over all accounts stays exactly what it was (zero). The model also
// keeps each agent's own balance; check() compares the two at every
// reporting step (in tests and debug builds), class by class.
#include <array>
#include <cstdint>
#include <string>

namespace innosim::model {

/// Money accounts, one per agent class. `external` is the rest of the
/// economy: customers, suppliers, households, buyers at exits, taxpayers.
enum class Account : std::uint8_t {
  firms, banks, risk_pool, insurer, venture_funds, guidance_fund, government, labs, pilot_platforms, external, count
};
inline constexpr int ACCOUNT_COUNT = static_cast<int>(Account::count);
inline constexpr const char* ACCOUNT_NAMES[ACCOUNT_COUNT] = {
    "firms", "banks", "risk_pool", "insurer", "venture_funds", "guidance_fund", "government", "labs", "pilot_platforms",
    "external"};

/// What a transfer is for (aggregated per reporting period).
enum class Flow : std::uint8_t {
  endowment,          ///< initial balances (from external)
  revenue,            ///< customers -> firm
  wages,              ///< firm -> households
  operating_costs,    ///< firm -> suppliers
  rd,                 ///< firm -> R&D suppliers and staff
  loan_disbursement,  ///< bank -> firm
  interest,           ///< firm -> bank
  principal,          ///< firm -> bank
  recovery,           ///< collateral sale on default: external -> bank
  interest_subsidy,   ///< government -> firm
  pool_funding,       ///< government -> risk pool
  pool_payout,        ///< risk pool -> bank
  premium,            ///< firm -> insurer
  premium_subsidy,    ///< government -> insurer
  claim,              ///< insurer -> firm
  loss_event,         ///< firm -> external (the insured or uninsured loss)
  investment,         ///< venture/guidance fund -> firm
  exit_proceeds,      ///< external (IPO/M&A buyers) -> fund
  fund_commitment,    ///< external LPs -> venture funds
  guidance_funding,   ///< government -> guidance fund
  bond_issue,         ///< external -> guidance fund (sci-tech bonds)
  bond_coupon,        ///< guidance fund -> external
  fund_distribution,  ///< a VC fund at the end of its life -> its LPs
  owner_payout,       ///< exiting firm's remaining cash -> owners
  insolvency_absorb,  ///< unpaid creditors absorb an insolvent firm's negative cash
  asset_sale,         ///< a closing firm sells assets to repay its loan: external -> firm
  application_cost,   ///< firm -> external (cost of applying to a programme)
  programme_grant,    ///< government -> firm (part-2 programmes)
  licence_fee,        ///< firm -> lab
  researcher_income,  ///< lab -> researchers (their share of transfer income)
  research_funding,   ///< government -> labs (joint basic-research fund)
  pilot_fee,          ///< firm -> pilot platform (the bill net of vouchers)
  voucher,            ///< government -> pilot platform (machine-hour vouchers)
  platform_costs,     ///< pilot platform -> staff and suppliers
  programme_cost,     ///< government -> external (running a programme: events, classes, zones, construction, verification)
  project_cost,       ///< firm -> external (digitalisation, cooperation projects, consortium R&D)
  consortium_research,  ///< consortium leader -> lab (the lab's part of a consortium's yearly budget)
  talent_services,    ///< government -> external (housing subsidies, school places, medical cover for talent)
  liaison_officers,   ///< government -> external (salaries of the innovation-points liaison officers)
  equity_dividend,    ///< firm -> labs (the labs' share of owner payouts, for a stake taken for technology)
  equity_sale,        ///< external -> labs (buyers pay for the labs' stake at a venture exit)
  count
};
inline constexpr int FLOW_COUNT = static_cast<int>(Flow::count);

class Ledger {
 public:
  /// Moves `amount` yuan (>= 0) from one account to another.
  void transfer(Account from, Account to, double amount, Flow kind) {
    balance_[idx(from)] -= amount;
    balance_[idx(to)] += amount;
    period_[static_cast<int>(kind)] += amount;
    ++transfers_;
  }
  double balance(Account a) const { return balance_[idx(a)]; }
  /// Amount moved for `kind` since the last reset_period().
  double period(Flow kind) const { return period_[static_cast<int>(kind)]; }
  void reset_period() { period_.fill(0.0); }
  /// Sum over all accounts (zero up to rounding) and the gross scale used
  /// to judge it relatively.
  double sum() const;
  double gross() const;
  std::uint64_t transfers() const { return transfers_; }

 private:
  static constexpr int idx(Account a) { return static_cast<int>(a); }
  std::array<double, ACCOUNT_COUNT> balance_{};
  std::array<double, FLOW_COUNT> period_{};
  std::uint64_t transfers_ = 0;
};

/// Relative difference |a - b| / max(1, |a|, |b|, scale).
double relative_gap(double a, double b, double scale = 0.0);

}  // namespace innosim::model
