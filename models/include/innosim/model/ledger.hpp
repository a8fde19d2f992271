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

/// What a transfer is for (aggregated per reporting period), and the
/// module that books it: the flows of the firms, banks, the insurer, venture
/// funds and taxes, and the kinds the government's programmes share (grants,
/// programme and project costs, application costs). An instrument with money
/// of its own registers its flows in its source file (register_flow).
enum class Flow : std::uint8_t {
  endowment,          ///< initial balances (from external): firm_dynamics, banks (opening book)
  revenue,            ///< customers -> firm (firm_dynamics)
  wages,              ///< firm -> households (firm_dynamics)
  operating_costs,    ///< firm -> suppliers (firm_dynamics)
  rd,                 ///< firm -> R&D suppliers and staff (firm_dynamics)
  loan_disbursement,  ///< bank -> firm (banks)
  interest,           ///< firm -> bank (banks)
  principal,          ///< firm -> bank (banks)
  recovery,           ///< collateral sale on default: external -> bank (banks)
  interest_subsidy,   ///< government -> firm (interest_subsidy)
  premium,            ///< firm -> insurer (insurer)
  premium_subsidy,    ///< government -> firm, reimbursed after the year (insurer)
  claim,              ///< insurer -> firm (insurer)
  loss_event,         ///< firm -> external (the insured or uninsured loss) (insurer)
  investment,         ///< venture/guidance fund -> firm (venture)
  exit_proceeds,      ///< external (IPO/M&A buyers) -> fund (venture)
  fund_commitment,    ///< external LPs -> venture funds (venture)
  fund_distribution,  ///< a VC fund at the end of its life -> its LPs (venture)
  owner_payout,       ///< dividends and an exiting firm's remaining cash -> owners (firm_finance)
  insolvency_absorb,  ///< unpaid creditors absorb an insolvent firm's negative cash (firm_finance)
  asset_sale,         ///< a closing firm sells assets to repay its loan: external -> firm (firm_finance)
  application_cost,   ///< firm -> external (cost of applying to a programme) (government, interest_subsidy)
  programme_grant,    ///< government -> firm (part-2 programmes) (government and the grant programmes)
  platform_costs,     ///< pilot platform -> staff and suppliers (unused)
  programme_cost,     ///< government -> external (running a programme: events, classes, zones, construction, verification)
  project_cost,       ///< firm -> external (digitalisation, cooperation projects, consortium R&D)
  capital_expenditure,  ///< firm -> external (equipment suppliers: capacity and investment projects, 7.7a) (firm_finance)
  corporate_tax,      ///< firm -> government (the city's share) and -> external (central and provincial shares), 7.26 (corporate_tax)
  bank_funding_cost,  ///< bank -> external (interest to depositors and other lenders on borrowed funds) (banks)
  bank_reserve_income,  ///< external -> bank (interest on surplus funds) (banks)
  bank_operating_cost,  ///< bank -> external (staff and other costs of running the loan book) (banks)
  bank_dividend,      ///< bank -> external (dividends to the banks' owners) (banks)
  bank_capital_raised,  ///< external -> bank (new capital: capital bonds, share issues) (banks)
  bank_capital_loss,  ///< bank -> external (a bank-capital shock: losses on the banks' other assets, 7.27) (shocks)
  count
};
inline constexpr int FLOW_COUNT = static_cast<int>(Flow::count);  ///< the flows above
/// Room in the ledger for the flows above and those the modules register.
inline constexpr int MAX_FLOWS = 64;
/// Registers a module's own kind of flow at static initialisation, in its
/// source file: `const Flow FLOW_X = register_flow("x");` (flows are the
/// books' own detail, not an output: the name is for a reader of the code).
Flow register_flow(const char* name);

class Ledger {
 public:
  /// Moves `amount` yuan (>= 0) from one account to another.
  void transfer(Account from, Account to, double amount, Flow kind) {
    balance_[idx(from)] -= amount;
    balance_[idx(to)] += amount;
    period_[static_cast<int>(kind)] += amount;
    out_total_[idx(from)][static_cast<int>(kind)] += amount;
    ++transfers_;
  }
  double balance(Account a) const { return balance_[idx(a)]; }
  /// Amount moved for `kind` since the last reset_period().
  double period(Flow kind) const { return period_[static_cast<int>(kind)]; }
  void reset_period() { period_.fill(0.0); }
  /// Amount `from` has paid out for `kind` since the start (the fiscal
  /// lines are checked against the government's, 2.14).
  double paid_out(Account from, Flow kind) const { return out_total_[idx(from)][static_cast<int>(kind)]; }
  /// Sum over all accounts (zero up to rounding) and the gross scale used
  /// to judge it relatively.
  double sum() const;
  double gross() const;
  std::uint64_t transfers() const { return transfers_; }

 private:
  static constexpr int idx(Account a) { return static_cast<int>(a); }
  std::array<double, ACCOUNT_COUNT> balance_{};
  std::array<double, MAX_FLOWS> period_{};
  std::array<std::array<double, MAX_FLOWS>, ACCOUNT_COUNT> out_total_{};
  std::uint64_t transfers_ = 0;
};

/// Relative difference |a - b| / max(1, |a|, |b|, scale).
double relative_gap(double a, double b, double scale = 0.0);

}  // namespace innosim::model
