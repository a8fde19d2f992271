#include "innosim/model/firms/firm_dynamics.hpp"

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

using engine::purpose_id;

// Stream purposes (see engine/random.hpp: keyed by seed, replication, firm origin, purpose).
constexpr std::uint64_t P_BIRTH = purpose_id("birth");
constexpr std::uint64_t P_DEMAND_A = purpose_id("demand_a");
constexpr std::uint64_t P_DEMAND_B = purpose_id("demand_b");
constexpr std::uint64_t P_INNOVATE = purpose_id("innovate");
constexpr std::uint64_t P_IMITATE = purpose_id("imitate");
constexpr std::uint64_t P_JUMP = purpose_id("jump");
constexpr std::uint64_t P_HAZARD = purpose_id("hazard");
constexpr std::uint64_t P_PATENT = purpose_id("patent");
constexpr std::uint64_t P_ENTRY = purpose_id("entry");
constexpr std::uint64_t P_OPPORTUNITY = purpose_id("opportunity");
constexpr std::uint64_t P_OPPORTUNITY_A = purpose_id("opportunity_a");
constexpr std::uint64_t P_OPPORTUNITY_B = purpose_id("opportunity_b");
constexpr std::uint64_t P_HURDLE = purpose_id("credit_hurdle");

// An upper bound on 1 - exp(-x) as the step computes it (libm's exp is
// within an ulp, about 1.1e-16 below 1): 1 - e^-x <= min(x, 1) for x >= 0,
// and the computed value is <= 0 for x <= 0. A uniform draw at or above
// the bound cannot fall below the probability, so the step skips the exp
// for it: the same decisions, bit for bit, and no exp in most firm-months
// (docs/performance.md, session 18). The margin (1e-12) dwarfs the rounding.
inline double one_minus_exp_bound(double x) { return std::min(x, 1.0) * (1.0 + 1e-12) + 1e-12; }

}  // namespace

FirmDynamics::FirmDynamics(const World& w)
    : entry_stream_(w.seed, w.replication, 0, P_ENTRY),
      wage_(w.p.firm.wage_yuan_per_month),
      price_factor_(1.0 + w.p.firm.markup),
      pass_through_(w.p.firm.cost_pass_through),
      pass_through_gap_(w.p.firm.cost_pass_through - w.p.firm.cost_pass_through_large),
      input_cost_(w.p.firm.other_cost_share),
      capital_per_unit_(12.0 * w.p.firm.capital_output_ratio),
      slack_(w.p.firm.capacity_slack),
      phi_(w.p.firm.materials_saving) {
  half_share_demand_.fill(1.0);  // finite until the initial population sets it (a share needs a positive denominator)
}

// ---------------------------------------------------------------- set-up

Firm FirmDynamics::make_firm(World& w, std::int64_t id, std::uint64_t origin, Stage stage, bool entrant) {
  const FirmParams& fp = w.p.firm;
  engine::RandomStream r(w.seed, w.replication, origin, P_BIRTH);
  Firm f;
  f.id = id;
  f.stream = engine::stream_base(w.seed, w.replication, origin);
  f.stage = stage;
  f.sector = static_cast<std::uint16_t>(engine::uniform_index(r, static_cast<std::uint64_t>(fp.sectors)));
  f.bank = static_cast<std::uint16_t>(engine::uniform_index(r, static_cast<std::uint64_t>(w.p.bank.banks)));
  const int s = static_cast<int>(stage);
  const double sigma = fp.productivity_dispersion;
  // Incumbents at the start are survivors: redraw productivity until the
  // firm covers its wages and other costs (at most 50 tries). Entrants are not selected.
  for (int tries = 0; tries < 50; ++tries) {
    f.productivity = fp.productivity_mean_yuan * std::exp(sigma * engine::normal(r) - 0.5 * sigma * sigma) *
                     (1.0 + 0.08 * s);  // certified firms are selected on productivity
    if (entrant || f.productivity * (1.0 - fp.other_cost_share - fp.rd_share_mean) > 1.2 * wage_) break;
  }
  const double conc = fp.rd_share_concentration;
  f.rd_share = engine::beta(r, fp.rd_share_mean * conc, (1.0 - fp.rd_share_mean) * conc);
  f.st_staff_share = engine::beta(r, fp.st_staff_share_mean * 25.0, (1.0 - fp.st_staff_share_mean) * 25.0);
  (void)engine::beta(r, 0.7 * 4.0, 0.3 * 4.0);  // once a leverage appetite: drawn still, so later birth draws stay put
  const double now_year = static_cast<double>(w.p.start_year) + w.years();
  double age = 0.0, growth = 0.0;
  if (entrant) {
    f.employees = std::max(1.0, fp.entry_employees_mean * std::exp(0.6 * engine::normal(r) - 0.18));
    f.ip_count = static_cast<double>(engine::poisson(r, 0.3));
    // Founders' capital is set below, once the firm's costs are known.
  } else {
    f.employees = std::max(1.0, w.p.initial.median_employees[static_cast<std::size_t>(s)] *
                                    std::exp(w.p.initial.employees_dispersion * engine::normal(r)));
    static constexpr double MAX_AGE[STAGE_COUNT] = {3, 12, 20, 8, 10};
    static constexpr double MIN_AGE[STAGE_COUNT] = {0, 1, 3, 3, 3};
    age = engine::uniform(r, MIN_AGE[s], MAX_AGE[s]);
    static constexpr double IP_MEAN[STAGE_COUNT] = {0.3, 2.0, 5.0, 8.0, 20.0};
    f.ip_count = static_cast<double>(engine::poisson(r, IP_MEAN[s]));
    growth = stage == Stage::gazelle ? engine::uniform(r, 0.22, 0.45) : engine::normal(r, 0.06, 0.10);
  }
  f.birth_year = now_year - age;
  f.birth_factor = static_cast<float>(std::exp((f.birth_year - static_cast<double>(w.p.start_year)) / fp.hazard_decay_years));
  f.demand = f.employees * f.productivity;  // units: the firm starts at full staffing
  f.revenue = price(f) * f.demand;
  f.wage_bill = f.employees * wage_;
  const double annual = 12.0 * f.revenue;
  if (stage >= Stage::high_tech) {
    // Certified firms satisfy the rules they were certified under.
    f.rd_share = std::max(f.rd_share, hte_rd_threshold(annual) + 0.004);
    f.st_staff_share = std::max(f.st_staff_share, 0.105);
    f.ip_count = std::max(f.ip_count, 1.0);
  } else if (stage == Stage::tech_sme) {
    f.st_staff_share = std::max(f.st_staff_share, 0.105);
    f.rd_share = std::max(f.rd_share, 0.035);
    f.ip_count = std::max(f.ip_count, std::ceil((60.0 - tech_sme_score(f, f.rd_share) + 6.0 * f.ip_count) / 6.0));
  }
  if (!entrant) {
    // Opening cash between the buffer and one month above the target, so the
    // start agrees with the finance rules (7.6, 7.7) rather than sending two
    // firms in five to the bank in the first month.
    const double u = (engine::uniform(r, 0.3, 1.0) - 0.3) / 0.7;
    f.cash = f.revenue * (fp.cash_buffer_months + (fp.cash_target_months + 1.0 - fp.cash_buffer_months) * u);
    // Incumbents' customers owe d months of sales, and they owe their
    // suppliers d_p months of materials.
    f.receivables = std::max(0.0, fp.receivable_months) * f.revenue;
    f.payables = std::max(0.0, fp.payable_months) * input_cost(f) * f.demand;
    for (int k = 0; k < 4; ++k) f.revenue_history[k] = annual / std::pow(1.0 + std::max(-0.5, growth), k + 1);
    for (int k = 0; k < 3; ++k) f.rd_history[k] = f.revenue_history[k] * f.rd_share;
  }
  f.rd_spending = f.rd_share * f.revenue;
  if (entrant) {
    // Founders' capital: months of the firm's costs (wages, materials, R&D),
    // plus the working capital its trade credit needs: customers pay after d
    // months, suppliers are paid after d_p.
    const double materials = input_cost(f) * f.demand;
    f.cash = fp.entry_cash_months * monthly_costs(f) + std::max(0.0, fp.receivable_months) * f.revenue -
             std::max(0.0, fp.payable_months) * materials;
  }
  // Its own stream, so the birth draws stay where they were.
  f.credit_hurdle = static_cast<float>(fp.credit_hurdle_low + (fp.credit_hurdle_high - fp.credit_hurdle_low) * draw(f, P_HURDLE, 0));
  equip(f);
  update_volatility(w, f, 12.0 * f.revenue);
  w.certification.at_birth(w, f, entrant);  // high-tech revenue share; a certificate held at the start
  return f;
}

void FirmDynamics::update_volatility(const World& w, Firm& f, double annual_revenue) const {
  // sigma(S) = sigma0 (S / S_ref)^-beta: smaller firms are more volatile.
  const FirmParams& fp = w.p.firm;
  f.volatility = fp.demand_volatility *
                 std::pow(std::max(annual_revenue, 1e5) / fp.reference_revenue_yuan, -fp.volatility_size_elasticity);
}

void FirmDynamics::create_initial_population(World& w) {
  const int n = w.p.initial_firms;
  if (n < 0) throw ModelError("population.firms must be >= 0");
  w.firms.reserve(static_cast<std::size_t>(n) + static_cast<std::size_t>(w.p.firm.entry_rate_per_year * w.p.horizon_years * 1.2) + 16);
  // Stage counts by largest remainder, so the ladder matches the shares exactly.
  std::array<int, STAGE_COUNT> counts{};
  double total_share = 0;
  for (double s : w.p.initial.stage_shares) total_share += s;
  if (!(total_share > 0)) throw ModelError("initial.stage_shares must not all be zero");
  int assigned = 0;
  for (int s = 0; s < STAGE_COUNT; ++s) {
    counts[s] = static_cast<int>(std::floor(n * w.p.initial.stage_shares[s] / total_share));
    assigned += counts[s];
  }
  for (int s = 0; assigned < n; s = (s + 1) % STAGE_COUNT)
    if (w.p.initial.stage_shares[s] > 0) ++counts[s], ++assigned;
  // Prices need the sectors' mean unit cost c_s and (pass-through by size)
  // their demand, which need the firms. A firm's unit cost and its demand in
  // units do not depend on its price, so the population is drawn once at
  // full pass-through, c_s and Q_s are taken from it, and (phi_i < 1 for any
  // firm) drawn again from the same streams (keyed by the firm): the same
  // firms, in the same units, with their money at the start's prices.
  const std::int64_t first_id = next_id_;
  const double phi = pass_through_, gap = pass_through_gap_;
  pass_through_ = 1.0;
  pass_through_gap_ = 0.0;
  for (int pass = 0; pass < (phi == 1.0 && gap == 0.0 ? 1 : 2); ++pass) {
    w.firms.clear();
    next_id_ = first_id;
    for (int s = STAGE_COUNT - 1; s >= 0; --s)
      for (int k = 0; k < counts[s]; ++k) {
        const std::int64_t id = next_id_++;
        w.firms.push_back(make_firm(w, id, static_cast<std::uint64_t>(id), static_cast<Stage>(s), false));
      }
    std::array<double, 64> cost{}, weight{};
    for (const Firm& f : w.firms) {
      cost[f.sector] += f.demand * unit_cost(f);
      weight[f.sector] += f.demand;
    }
    set_sector_costs(w, cost, weight);
    // The shares at the start are the firms' demand over the initial
    // sector demand; the first month uses the same (Q_s before month 1).
    sector_demand_ = weight;
    set_half_share_demand(w, sector_demand_);
    pass_through_ = phi;
    pass_through_gap_ = gap;
  }
  // Sector demand at the start (7.1): the initial firms' demand, split into
  // the local and the outside market, at the bases that reproduce it at the
  // initial prices.
  {
    std::array<double, 64> q{}, pq{};
    for (const Firm& f : w.firms) {
      q[f.sector] += f.demand;
      pq[f.sector] += f.demand * price(f);
    }
    const FirmParams& fp = w.p.firm;
    for (int s = 0; s < fp.sectors; ++s) {
      const double rel = q[s] > 0 ? pq[s] / q[s] : 1.0;  // the sector's price over the reference price level (1)
      local_base_[s] = (1.0 - fp.outside_share) * q[s] * std::pow(rel, fp.demand_price_elasticity);
      outside_base_[s] = fp.outside_share * q[s] * std::pow(rel, fp.outside_price_elasticity);
    }
  }
  // Founders' and past capital: the firms' opening cash comes from outside.
  for (Firm& f : w.firms) w.ledger.transfer(Account::external, Account::firms, f.cash, Flow::endowment);
}

void FirmDynamics::set_sector_costs(const World& w, const std::array<double, 64>& sum, const std::array<double, 64>& weight) {
  const double fallback = wage_ / w.p.firm.productivity_mean_yuan + input_cost_;
  for (int s = 0; s < w.p.firm.sectors; ++s) sector_cost_[s] = weight[s] > 0 ? sum[s] / weight[s] : fallback;
}

void FirmDynamics::set_half_share_demand(const World& w, const std::array<double, 64>& sector_demand) {
  // A sector without demand: the smallest positive H, so an entrant there
  // has a share of 1 (g = 1) and a firm without demand g = 0, never 0 / 0.
  const double s_h = w.p.firm.pass_through_half_share;
  for (int s = 0; s < w.p.firm.sectors; ++s)
    half_share_demand_[s] = std::max(s_h * sector_demand[s], std::numeric_limits<double>::min());
}

void FirmDynamics::schedule_entry(World& w) {
  const double rate_per_day = w.p.firm.entry_rate_per_year / engine::DAYS_PER_YEAR;
  World* wp = &w;
  if (rate_per_day > 0) w.sim.schedule_in(engine::exponential(entry_stream_, rate_per_day), [wp] { wp->dynamics.entry_arrival(*wp); });
}

void FirmDynamics::spawn(World& w, bool spinoff, double quality, std::uint64_t result_id) {
  constexpr std::uint64_t ENTRANT_KEYS = std::uint64_t{1} << 40, SPINOFF_KEYS = std::uint64_t{2} << 40;
  const std::uint64_t origin = spinoff ? SPINOFF_KEYS + result_id : ENTRANT_KEYS + ++entrants_made_;
  Firm f = make_firm(w, next_id_++, origin, Stage::startup, true);
  if (spinoff) {
    // A spin-off starts from its lab result: better technology and core IP.
    improve_process(f, quality);
    f.ip_count = std::max(f.ip_count, 1.0);
    f.demand = f.employees * f.productivity;
    f.revenue = price(f) * f.demand;
    equip(f);
  }
  // The founders' capital, in cash and equipment, is paid-in equity (7.6).
  f.paid_in = f.equity_at_review = f.cash + f.fixed_assets;
  w.ledger.transfer(Account::external, Account::firms, f.cash, Flow::endowment);
  w.firms.push_back(f);
  // An entrant takes its demand from the sector's incumbents (the sector's
  // demand does not grow with the number of firms, 7.1).
  entries_ += 1;
  w.incubators.admit(w, w.firms.back());
  w.emit(EventKind::entry, w.firms.back(), f.cash);
}

void FirmDynamics::entry_arrival(World& w) {
  spawn(w, false, 0.0);
  World* wp = &w;
  w.sim.schedule_in(engine::exponential(entry_stream_, w.p.firm.entry_rate_per_year / engine::DAYS_PER_YEAR),
                    [wp] { wp->dynamics.entry_arrival(*wp); });
}

// ---------------------------------------------------------------- monthly step

MonthStart FirmDynamics::start_month(World& w) {
  const FirmParams& fp = w.p.firm;
  const double t = static_cast<double>(w.month) / 12.0;
  wage_ = fp.wage_yuan_per_month * std::pow(1.0 + fp.wage_growth, t);
  age_decay_ = std::exp(-t / fp.hazard_decay_years);
  opportunity_p_ = 1.0 - std::exp(-fp.opportunity_rate / 12.0);
  opportunity_drift_ = opportunity_p_ * 0.5 * fp.opportunity_size * fp.opportunity_size;
  price_level_ = std::pow(1.0 + fp.inflation, t);
  competitor_price_ = price_level_ * std::exp(-fp.outside_productivity_growth * t);
  input_cost_ = fp.other_cost_share * price_level_;
  selection_per_month_ = fp.selection_strength / 12.0;
  wear_ = fp.depreciation_rate / 12.0;
  collect_share_ = std::min(1.0, 1.0 / std::max(fp.receivable_months, 1e-9));
  pays_later_ = fp.payable_months > 0;
  pay_share_ = pays_later_ ? std::min(1.0, 1.0 / fp.payable_months) : 0.0;
  k_in_ = fp.zeta_innovation * fp.innovation_share;
  k_im_ = fp.zeta_imitation * (1.0 - fp.innovation_share);

  // Sector statistics (7.1): the local and outside markets grow; the
  // sector's demand in units responds to its price level relative to the
  // reference (local) and outside price levels; firms' demands are scaled to
  // it (entrants take their demand from incumbents, exits free theirs for
  // the survivors); the replicator compares each firm's price with the
  // share-weighted mean.
  MonthStart m;
  SectorView& sv = m.sectors;
  // A firm's share, for its pass-through, is its demand over its sector's
  // demand last month (Q_s, held for the month like c_s): known before this
  // pass, so the pass prices every firm as it will be priced this month.
  set_half_share_demand(w, sector_demand_);
  std::array<double, 64> demand_sum{}, cost_sum{}, follow_sum{};
  for (const Firm& f : w.firms) {
    if (!f.alive) continue;
    m.st_demand += f.st_staff_share * f.employees;
    demand_sum[f.sector] += f.demand;
    sv.mean_productivity[f.sector] += f.demand * f.productivity;
    const double phi_i = pass_through(f);
    sv.mean_price[f.sector] += f.demand * price_at(f, phi_i);
    follow_sum[f.sector] += f.demand * (1.0 - phi_i);
    cost_sum[f.sector] += f.demand * unit_cost(f);
    if (!f.points_cover) m.covered_debt += f.covered_debt;  // the pool's book (the points line's guarantee shares the slot, 7.13)
  }
  // The sector's mean unit cost at this month's wage and input prices (no
  // circularity: costs do not depend on prices). The prices summed above
  // used last month's c_s; their share-weighted mean is corrected to this
  // month's, (1 + mu)(c_s' - c_s) times the demand-weighted mean of
  // 1 - phi_i (exactly + 0 when every phi_i = 1).
  std::array<double, 64> previous_cost = sector_cost_;
  set_sector_costs(w, cost_sum, demand_sum);
  const double local_growth = std::exp(fp.market_growth / 12.0), outside_growth = std::exp(fp.outside_growth / 12.0);
  for (int s = 0; s < fp.sectors; ++s) {
    local_base_[s] *= local_growth;
    outside_base_[s] *= outside_growth;
    if (demand_sum[s] <= 0) {
      sv.demand_scale[s] = sv.mean_productivity[s] = sv.mean_price[s] = 1.0;
      sector_demand_[s] = 0.0;
      continue;
    }
    sv.mean_productivity[s] /= demand_sum[s];
    sv.mean_price[s] /= demand_sum[s];
    sv.mean_price[s] += price_factor_ * (follow_sum[s] / demand_sum[s]) * (sector_cost_[s] - previous_cost[s]);
    const double rel = sv.mean_price[s] / competitor_price_;
    const double demand = local_base_[s] * std::pow(rel, -fp.demand_price_elasticity) +
                          outside_shock_ * outside_base_[s] * std::pow(rel, -fp.outside_price_elasticity);
    sv.demand_scale[s] = demand / demand_sum[s];
    sector_demand_[s] = demand;  // next month's Q_s for the shares
  }
  return m;
}

void FirmDynamics::step(World& w, Firm& f, const SectorView& sv) {
  const FirmParams& fp = w.p.firm;
  const std::uint64_t m = w.month;

  // 1. Demand share: replicator on relative productivity (K+S:
  // f' = f (1 + chi (E - mean E) / mean E)), a shock whose size falls with
  // firm size, then renormalised to the sector's market.
  const double sigma = f.volatility;
  const double z = normal_from(draw(f, P_DEMAND_A, m), draw(f, P_DEMAND_B, m));
  // K+S replicator on price competitiveness: f' = f (1 + chi (E - mean E) / mean E), E = 1 / p.
  const double p = price(f);
  const double replicator = std::max(0.5, 1.0 + selection_per_month_ * (sv.mean_price[f.sector] / p - 1.0));
  const double incubator_bonus = w.incubators.growth_bonus(w, f);  // faster growth while incubated
  // Lumpy opportunities (Bottazzi and Secchi 2006): now and then a firm wins
  // or loses a large contract, a log-normal jump in demand; with the small
  // Gaussian shocks this gives the tent-shaped, fat-tailed growth rates.
  // The drift term keeps expected demand unchanged by the jumps.
  double jump = 0;
  if (draw(f, P_OPPORTUNITY, m) < opportunity_p_)
    jump = fp.opportunity_size * normal_from(draw(f, P_OPPORTUNITY_A, m), draw(f, P_OPPORTUNITY_B, m));
  f.demand *= sv.demand_scale[f.sector] * replicator *
              std::exp(incubator_bonus + jump - opportunity_drift_ + sigma * z / std::sqrt(12.0) - 0.5 * sigma * sigma / 12.0);

  // 2. Employment moves toward what demand needs, within capacity; firms
  // without cash do not hire. Equipment depreciates month by month, in
  // real terms (capacity) and at book value.
  const double wear = wear_;
  f.capital -= wear * f.capital;
  f.fixed_assets -= wear * f.fixed_assets;
  const double cap = capacity(f);
  double desired = std::min(f.demand, cap) / f.productivity;
  if (f.cash <= 0 && desired > f.employees) desired = f.employees;
  f.employees = std::max(1.0, f.employees + fp.employment_adjustment * (desired - f.employees));

  // 3. Production and the month's cash flows; the loan and insurance.
  // Customers pay after d months on average: a share 1/d of what they owe
  // is collected each month.
  const double output = std::min({f.demand, f.employees * f.productivity, cap});
  f.revenue = p * output;
  f.wage_bill = f.employees * wage_;
  f.rd_spending = f.cash > 0 ? f.rd_share * f.revenue : 0.0;
  const double collected = f.receivables * collect_share_;
  f.receivables += f.revenue - collected;
  // Trade credit the other way: suppliers are paid after d_p months, so the
  // working capital a firm needs is receivables less payables (7.3).
  const double materials = input_cost(f) * output;
  double paid = materials;
  if (pays_later_) {
    paid = f.payables * pay_share_;
    f.payables += materials - paid;
  }
  w.receive(f, Account::external, collected, Flow::revenue);
  w.pay(f, Account::external, f.wage_bill, Flow::wages);
  w.pay(f, Account::external, paid, Flow::operating_costs);
  w.pay(f, Account::external, f.rd_spending, Flow::rd);
  revenue_ += f.revenue;
  real_output_ += output;
  // Orders a firm cannot fill go elsewhere: customers take a share of the
  // unmet demand to its competitors (K+S competitiveness with unfilled
  // orders); the sector's renormalisation hands it to them next month.
  if (output < f.demand) f.demand -= fp.unfilled_demand_loss * (f.demand - output);
  f.year_revenue += f.revenue;
  f.year_rd += f.rd_spending;
  ++f.months_in_year;
  w.banks.service(w, f);
  w.insurer.month(w, f);  // premium, loss and claim, renewal or take-up (7.10)

  // 4. R&D: innovation and imitation succeed with theta = 1 - exp(-zeta RD/RD_ref)
  // per year on the firm's annualised R&D (K+S), drawn as a monthly hazard
  // theta/12, so a firm innovates at most about once a year whatever its size.
  // Talent scarcity makes R&D less effective; a recognised technology centre more.
  const double rd_norm = 12.0 * f.rd_spending / fp.rd_reference_yuan_per_year * w.talent.factor() *
                         w.tech_centres.rd_factor(w, f);
  const double k_in = k_in_, k_im = k_im_;
  const double u_in = draw(f, P_INNOVATE, m), u_im = draw(f, P_IMITATE, m);
  // Both draws above their odds' bound: neither succeeds, whatever the exp gives.
  if (rd_norm > 0 && (u_in < one_minus_exp_bound(k_in * rd_norm) / 12.0 || u_im < one_minus_exp_bound(k_im * rd_norm) / 12.0)) {
    const double e_in = std::exp(-k_in * rd_norm);
    const double e_im = k_im == k_in ? e_in : std::exp(-k_im * rd_norm);  // one exp when the odds are equal (the default)
    const double p_in = (1.0 - e_in) / 12.0;
    if (u_in < p_in) {
      engine::RandomStream jr(w.seed, w.replication, f.stream, P_JUMP ^ (m * 0x9e3779b97f4a7c15ull));  // keyed by origin, like all firm draws
      const double x = fp.jump_low + engine::beta(jr, fp.jump_beta_a, fp.jump_beta_b) * (fp.jump_high - fp.jump_low);
      // 1 + Bernoulli(patents - 1) IP items; the new technology is adopted
      // only if it is better (K+S: A' = max(A, A_in)).
      f.ip_count += 1.0 + (draw(f, P_PATENT, m) < fp.patents_per_innovation - 1.0 ? 1.0 : 0.0);
      if (x > 0) {
        w.pilot.innovation_to_market(w, f, x, m);  // at once, or after a pilot test
        ++f.innovations;
        innovations_ += 1;
        // A new product: the high-tech share of revenue grows (7.12).
        f.hightech_share += static_cast<float>(w.p.certification.hightech_gain) * (1.0f - f.hightech_share);
        w.emit(EventKind::innovation, f, 0.0);
      }
    }
    const double p_im = (1.0 - e_im) / 12.0;
    if (u_im < p_im) {
      // The imitated technology's gain applies to materials too (a TFP gain, 7.3).
      const double target = f.productivity + fp.imitation_catch_up * (sv.mean_productivity[f.sector] - f.productivity);
      if (target > f.productivity) improve_process(f, target / f.productivity - 1.0);
    }
  }

  // 5. Exit: background hazard falling with age, its old-age floor falling with
  // size (7.5); a borrower's default (firm_finance).
  // exp(-age / tau) = exp(-t / tau) exp(birth / tau): one product per firm.
  const double hazard = closure_hazard(fp, age_decay_ * f.birth_factor, f.employees) * w.incubators.hazard_factor(w, f);
  const double u_hazard = draw(f, P_HAZARD, m);
  if (u_hazard < one_minus_exp_bound(hazard / 12.0) && u_hazard < 1.0 - std::exp(-hazard / 12.0)) {
    exit(w, f, ExitCause::closure);  // repays from cash, then assets; a shortfall is a default
    return;
  }
  if (w.finance.defaults(w, f)) {
    exit(w, f, ExitCause::borrower_default);
    return;
  }

  // 6. The month's finance decisions: investment, capacity, credit,
  // insolvency (firm_finance).
  w.finance.month(w, f, cap);
}

void FirmDynamics::exit(World& w, Firm& f, ExitCause cause) {
  f.alive = false;
  w.incubators.leave(w, f, false);
  exits_ += 1;
  exits_by_cause_[static_cast<std::size_t>(cause)] += 1;
  f.exit_cause = cause;
  w.certification.on_exit(f);
  w.insurer.on_exit(f);
  // The loan (a borrower's default, or an insolvent borrower, walks away from
  // it; a closing firm repays what it can), then what is left to the owners.
  const bool with_debt = cause != ExitCause::closure && f.debt > 0;
  f.exit_loan_default = w.finance.settle_exit(w, f, with_debt);
  f.covered_debt = f.subsidised_debt = 0;
  f.exit_time = static_cast<double>(w.month) / 12.0;
  // The exits table (with the panel): the firm as it left, before its
  // employment and flows are cleared.
  if (w.want_panel) w.observer->on_exit(f.exit_time, f);
  f.insurance_cover = 0;
  f.employees = 0;
  f.revenue = f.wage_bill = f.rd_spending = 0;
  w.emit(EventKind::exit, f, 0.0);
}

// ---------------------------------------------------------------- annual review

void FirmDynamics::close_year(World& w, Firm& f) {
  for (int k = 3; k > 0; --k) f.revenue_history[k] = f.revenue_history[k - 1];
  for (int k = 2; k > 0; --k) f.rd_history[k] = f.rd_history[k - 1];
  // An entrant's first year is partial: annualise it, so its growth is not overstated.
  const double scale = f.months_in_year > 0 ? 12.0 / f.months_in_year : 1.0;
  f.revenue_history[0] = f.year_revenue * scale;
  update_volatility(w, f, f.revenue_history[0]);
  f.rd_history[0] = f.year_rd * scale;
  f.year_revenue = f.year_rd = 0;
  f.months_in_year = 0;
}

// ---------------------------------------------------------------- metrics

void FirmDynamics::report(const World& w, const Census& c, MetricRow& out) const {
  using enum ExitCause;
  const auto by = [this](ExitCause k) { return exits_by_cause_[static_cast<std::size_t>(k)]; };
  out.insert(out.end(), {c.alive, c.stages[0], c.stages[1], c.stages[2], c.stages[3], c.stages[4], entries_, exits_,
                         by(closure), by(borrower_default), by(insolvency), c.employment, revenue_,
                         w.ledger.period(Flow::rd), innovations_});
}

void FirmDynamics::report_market(MetricRow& out) const {
  out.insert(out.end(), {real_output_, real_output_ > 0 ? revenue_ / real_output_ : std::numeric_limits<double>::quiet_NaN()});
}

void FirmDynamics::equip(Firm& f) const {
  // Equipment for capacity (1 + s) times the starting demand: bought before
  // the start by incumbents, with the founders' capital by entrants.
  f.capital = capital_per_unit_ * (1.0 + slack_) * f.demand;
  f.fixed_assets = f.capital * price_level_;
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& FirmDynamics::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"firms_active", "firms", "Firms alive at the sample time", MetricKind::stock,
       "Active firms", "存续企业", "抽样时点存续的企业数"},
      {"startups", "firms", "Alive firms not (yet) certified on the ladder", MetricKind::stock,
       "Start-ups", "初创企业", "存续且尚未获得梯度认定的企业"},
      {"tech_smes", "firms", "Alive firms certified as technology-based SMEs", MetricKind::stock,
       "Tech SMEs", "科技型中小企业", "存续的已入库科技型中小企业"},
      {"high_tech_enterprises", "firms", "Alive certified high-tech enterprises (not gazelle or unicorn)", MetricKind::stock,
       "High-tech enterprises", "高新技术企业", "存续的高新技术企业（不含瞪羚企业和独角兽企业）"},
      {"gazelles", "firms", "Alive high-tech enterprises growing > 20 %/yr over 3 years", MetricKind::stock,
       "Gazelles", "瞪羚企业", "近三年营业收入年均增长超过20%的存续高新技术企业"},
      {"unicorns", "firms", "Alive venture-backed firms valued >= US$1 bn and aged <= 10 years", MetricKind::stock,
       "Unicorns", "独角兽企业", "估值不低于10亿美元、成立不超过10年的存续风投支持企业"},
      {"firm_entries", "firms", "New firms (entrants and spin-offs) since the previous sample", MetricKind::flow,
       "Firm entries", "新设企业", "上次抽样以来新进入的企业（含新创企业和院所衍生企业）"},
      {"firm_exits", "firms", "Firms exiting (insolvency, default or background hazard) since the previous sample", MetricKind::flow,
       "Firm exits", "退出企业", "上次抽样以来退出的企业（资不抵债、贷款违约或背景退出风险）"},
      {"firm_exits_closure", "firms", "Firms closing (the background exit hazard) since the previous sample", MetricKind::flow,
       "Closures", "关闭退出企业", "上次抽样以来因背景退出风险关闭的企业"},
      {"firm_exits_default", "firms", "Borrowers walking away from their loans (the default hazard) since the previous sample", MetricKind::flow,
       "Borrower defaults (exits)", "违约退出企业", "上次抽样以来放弃偿还贷款而退出的借款企业"},
      {"firm_exits_insolvency", "firms", "Firms exiting insolvent (cash negative after emergency credit) since the previous sample", MetricKind::flow,
       "Insolvencies", "资不抵债退出企业", "上次抽样以来在应急贷款后现金仍为负而退出的企业"},
      {"employment", "persons", "Employees of alive firms", MetricKind::stock,
       "Employment", "从业人员", "存续企业的从业人员数"},
      {"revenue", "yuan", "Revenue of all firms (price x output, as sold; collected after the payment delay) since the previous sample", MetricKind::flow,
       "Revenue", "营业收入", "上次抽样以来全部企业的营业收入"},
      {"rd_spending", "yuan", "R&D spending of all firms since the previous sample", MetricKind::flow,
       "R&D spending", "研发投入", "上次抽样以来全部企业的研发支出"},
      {"innovations", "innovations", "Successful (adopted-technology) innovations since the previous sample", MetricKind::flow,
       "Innovations", "创新成果", "上次抽样以来成功的创新（被采用的技术）"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 100 (models/README.md, "Metrics").
const RegisterMetrics firm_dynamics_metrics{100, &FirmDynamics::metrics,
                                            [](const World& w, const Census& c, MetricRow& o) { w.dynamics.report(w, c, o); },
                                            [](World& w) { w.dynamics.restart_period(); }};
}  // namespace

const std::vector<MetricInfo>& FirmDynamics::market_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"real_output", "units", "Output of all firms at start-year prices (a unit is a yuan of output at the start's prices) since the previous sample", MetricKind::flow,
       "Real output", "实际产出", "上次抽样以来全部企业按起始年价格计算的产出"},
      {"price_level", "yuan per unit", "Firms' mean price over the period: revenue / real output (about 1 at the start)", MetricKind::mean,
       "Price level", "价格水平", "本期企业平均价格：营业收入 / 实际产出（起始时约为1）"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 2800 (models/README.md, "Metrics").
const RegisterMetrics firm_dynamics_market_metrics{2800, &FirmDynamics::market_metrics,
                                                   [](const World& w, const Census&, MetricRow& o) { w.dynamics.report_market(o); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, FirmParams& f) {
  b.section("firms", "Firm behaviour: demand, production, R&D, demography, credit demand.",
            {"Firms", "企业", "企业行为：市场需求、生产、研发、进入与退出、信贷需求。"});
  b.number("firms.market_growth", f.market_growth, "per year", -0.5, 1.0, "g_m: real growth of the local part of each sector's demand.",
           "`g_m`：各行业本地需求的实际增长率。");
  b.number("firms.selection_strength", f.selection_strength, "per year", 0, 100,
           "chi: demand-share growth per unit of relative price advantage, mean price / price - 1 (K+S replicator).",
           "`chi`：相对价格优势（平均价格 / 本企业价格 − 1）每增加一个单位，需求份额的增长率（K+S 模型的复制动态）。");
  b.number("firms.markup", f.markup, "share", 0, 10,
           "mu: price = (1 + mu) x unit cost (wages and materials per unit of output; with cost_pass_through < 1 a blend of the firm's and its sector's).",
           "`mu`：价格 = (1 + mu) × 单位成本（单位产出的工资和原材料；cost_pass_through < 1 时为本企业与行业平均单位成本的加权）。");
  b.number("firms.cost_pass_through", f.cost_pass_through, "share", 0, 1,
           "phi_0: own-cost pass-through of a firm with a negligible share of its sector; price = (1 + mu) x (phi_i x own unit cost "
           "+ (1 - phi_i) x the sector's mean unit cost), phi_i = phi_0 - (phi_0 - phi_L) x s / (s + s_h), s the firm's share of its "
           "sector's demand, so a firm whose unit cost falls keeps 1 - phi_i of the saving as margin (1: full pass-through). "
           "Amiti, Itskhoki and Konings (2019): complete for small firms.",
           "`phi_0`：行业份额可忽略的企业的自身成本传导率；价格 = (1 + mu) × (phi_i × 本企业单位成本 + (1 − phi_i) × 行业平均单位成本)，"
           "phi_i = phi_0 − (phi_0 − phi_L) × s / (s + s_h)，s 为企业在本行业需求中的份额；企业单位成本下降时，其中 1 − phi_i 留作利润"
           "（1 表示完全传导）。实证文献（2019）：小企业完全传导。");
  b.number("firms.cost_pass_through_large", f.cost_pass_through_large, "share", 0, 1,
           "phi_L: own-cost pass-through approached by a firm with a large share of its sector's demand (phi_0 - phi_L is "
           "the most of a cost change a firm keeps in its margin). Amiti, Itskhoki and Konings (2019): about 0.5 for the largest "
           "firms; equal to cost_pass_through: the same pass-through for every firm (1 with it: full pass-through, the rule off).",
           "`phi_L`：在本行业需求中份额很大的企业趋近的自身成本传导率（phi_0 − phi_L 为企业最多可留作利润的成本变动比例）。"
           "实证文献（2019）：最大企业约为 0.5；等于 cost_pass_through 时所有企业传导率相同（二者均为 1 时即完全传导，不启用该规则）。");
  b.number("firms.pass_through_half_share", f.pass_through_half_share, "share", 1e-6, 1,
           "s_h: the share of its sector's demand at which a firm's pass-through is half-way from phi_0 to phi_L "
           "(g(s) = s / (s + s_h), the first-order form of the nested-CES pass-through of Atkeson and Burstein 2008).",
           "`s_h`：企业在本行业需求中的份额达到该值时，其成本传导率处于 phi_0 与 phi_L 的中点"
           "（g(s) = s / (s + s_h)，嵌套 CES 寡头模型（2008）中传导率随份额变化的一阶形式）。");
  b.number("firms.demand_price_elasticity", f.demand_price_elasticity, "", 0, 20,
           "eta_d: local demand of a sector x (sector price / reference price)^-eta_d.",
           "`eta_d`：行业本地需求按 (行业价格 / 参考价格)^-eta_d 变化。");
  b.number("firms.outside_share", f.outside_share, "share", 0, 1,
           "x: share of each sector's initial demand sold outside the city (exports and other regions).",
           "`x`：各行业初始需求中销往市外（出口和国内其他地区）的比例。");
  b.number("firms.outside_price_elasticity", f.outside_price_elasticity, "", 0, 20,
           "eta_x: outside demand of a sector x (sector price / outside price)^-eta_x.",
           "`eta_x`：行业市外需求按 (行业价格 / 市外价格)^-eta_x 变化。");
  b.number("firms.outside_growth", f.outside_growth, "per year", -0.5, 1.0, "g_x: real growth of outside demand.",
           "`g_x`：市外需求的实际增长率。");
  b.number("firms.inflation", f.inflation, "per year", -0.5, 1.0, "pi: growth of the reference, outside and input price levels.",
           "`pi`：参考价格、市外价格和投入品价格水平的增长率。");
  b.number("firms.outside_productivity_growth", f.outside_productivity_growth, "per year", -0.5, 1.0,
           "g_o: productivity growth of the competing goods (elsewhere); their price is P_t exp(-g_o t).",
           "`g_o`：外地竞争产品的生产率增长率；其价格为 `P_t exp(-g_o t)`。");
  b.number("firms.unfilled_demand_loss", f.unfilled_demand_loss, "share per month", 0, 1,
           "Share of the orders a firm cannot fill (short of capacity or staff) that its customers take to competitors each month.",
           "企业未能满足的订单（产能或人手不足）中，客户每月转向竞争对手的比例。");
  b.number("firms.receivable_months", f.receivable_months, "months", 0, 12,
           "d: customers pay a share 1/d of what they owe each month (d <= 1: the next month; 0: at once).",
           "`d`：客户每月支付所欠货款的 1/d（d <= 1：次月付清；0：即时付清）。");
  b.number("firms.payable_months", f.payable_months, "months", 0, 12,
           "d_p: the firm pays its suppliers a share 1/d_p of what it owes them each month (d_p <= 1: the next month; "
           "0: on delivery).",
           "`d_p`：企业每月向供应商支付所欠货款的 1/d_p（d_p <= 1：次月付清；0：货到即付）。");
  b.number("firms.demand_volatility", f.demand_volatility, "per sqrt(year)", 0, 5,
           "sigma0: s.d. of yearly log-demand shocks at the reference revenue.",
           "`sigma0`：营业收入为参考值时，年度对数需求冲击的标准差。");
  b.number("firms.volatility_size_elasticity", f.volatility_size_elasticity, "", 0, 1,
           "beta: shock s.d. scales as (revenue / reference)^-beta.",
           "`beta`：冲击的标准差按 (营业收入 / 参考营业收入)^-beta 缩放。");
  b.number("firms.opportunity_rate", f.opportunity_rate, "per firm-year", 0, 100,
           "Lumpy opportunities (large contracts won or lost) per firm-year (Bottazzi and Secchi).",
           "每家企业每年遇到的大额机会（赢得或失去大合同）次数（Bottazzi 和 Secchi）。");
  b.number("firms.opportunity_size", f.opportunity_size, "", 0, 5, "s.d. of the log-demand jump of an opportunity.",
           "一次大额机会引起的对数需求跳变的标准差。");
  b.number("firms.reference_revenue_yuan", f.reference_revenue_yuan, "yuan per year", 1, INF, "Reference revenue for the volatility scaling.",
           "按企业规模缩放波动率时的参考营业收入。");
  b.number("firms.employment_adjustment", f.employment_adjustment, "share per month", 0, 1,
           "Share of the gap to desired employment closed each month.",
           "实际用工与期望用工之间的差距每月缩小的比例。");
  b.number("firms.wage_yuan_per_month", f.wage_yuan_per_month, "yuan per month", 0, 1e7, "Average wage per employee at the start.",
           "起始时每名员工的平均月工资。");
  b.number("firms.wage_growth", f.wage_growth, "per year", -0.5, 1, "Nominal wage growth.",
           "名义工资增长率。");
  b.number("firms.other_cost_share", f.other_cost_share, "yuan per unit", 0, 1,
           "c_o: materials and other inputs per unit of output at start-year prices (a unit is a yuan of output then).",
           "`c_o`：按起始年价格计算的每单位产出的原材料及其他投入（当时一个单位即一元产出）。");
  b.number("firms.materials_saving", f.materials_saving, "", 0, 2,
           "phi: a process innovation that divides labour per unit by 1 + g divides materials per unit by (1 + g)^phi.",
           "`phi`：工艺创新使单位产出的劳动投入除以 1 + g 时，单位产出的原材料投入除以 (1 + g)^phi。");
  b.number("firms.productivity_mean_yuan", f.productivity_mean_yuan, "units per employee-month", 1, INF,
           "Mean labour productivity at entry: output per employee-month in yuan at start-year prices.",
           "新进入企业的平均劳动生产率：按起始年价格计算的每名员工每月产出（元）。");
  b.number("firms.productivity_dispersion", f.productivity_dispersion, "", 0, 5, "s.d. of log productivity at entry.",
           "新进入企业对数生产率的标准差。");
  b.number("firms.rd_share_mean", f.rd_share_mean, "share", 0.0001, 0.9999, "Mean R&D / sales at entry (Beta-distributed, persistent).",
           "新进入企业研发投入占销售收入比例的均值（服从Beta分布，长期保持）。");
  b.number("firms.rd_share_concentration", f.rd_share_concentration, "", 0.1, 1e4, "Beta concentration of R&D / sales across firms.",
           "各企业研发投入占销售收入比例所服从的Beta分布的集中度。");
  b.number("firms.st_staff_share_mean", f.st_staff_share_mean, "share", 0.0001, 0.9999, "Mean S&T staff share of employees.",
           "科技人员占从业人员比例的均值。");
  b.number("firms.zeta_innovation", f.zeta_innovation, "", 0, 100, "zeta1: innovation success 1 - exp(-zeta1 xi RD/RD_ref) per year (K+S).",
           "`zeta1`：每年创新成功的概率为 `1 - exp(-zeta1 xi RD/RD_ref)`（K+S 模型）。");
  b.number("firms.zeta_imitation", f.zeta_imitation, "", 0, 100, "zeta2: imitation success 1 - exp(-zeta2 (1-xi) RD/RD_ref) per year.",
           "`zeta2`：每年模仿成功的概率为 `1 - exp(-zeta2 (1-xi) RD/RD_ref)`。");
  b.number("firms.innovation_share", f.innovation_share, "share", 0, 1, "xi: share of R&D spent on innovation (the rest on imitation).",
           "`xi`：研发投入中用于创新的比例（其余用于模仿）。");
  b.number("firms.rd_reference_yuan_per_year", f.rd_reference_yuan_per_year, "yuan per year", 1, INF, "RD_ref: R&D normalisation.",
           "`RD_ref`：研发投入的归一化基准。");
  b.number("firms.jump_low", f.jump_low, "share", -0.99, 10, "x_inf: lowest productivity change of a successful innovation.",
           "`x_inf`：一次成功创新带来的生产率变化的下限。");
  b.number("firms.jump_high", f.jump_high, "share", -0.99, 10, "x_sup: highest productivity change of a successful innovation.",
           "`x_sup`：一次成功创新带来的生产率变化的上限。");
  b.number("firms.jump_beta_a", f.jump_beta_a, "", 0.01, 1000, "alpha1 of the Beta-distributed jump.",
           "生产率跳变所服从的Beta分布的参数 `alpha1`。");
  b.number("firms.jump_beta_b", f.jump_beta_b, "", 0.01, 1000, "beta1 of the Beta-distributed jump.",
           "生产率跳变所服从的Beta分布的参数 `beta1`。");
  b.number("firms.imitation_catch_up", f.imitation_catch_up, "share", 0, 1, "Share of the gap to the sector's mean productivity an imitation closes.",
           "一次模仿缩小的与行业平均生产率之间差距的比例。");
  b.number("firms.patents_per_innovation", f.patents_per_innovation, "IP items", 1, 2, "Mean IP items per successful innovation.",
           "每项成功创新平均产生的知识产权数量。");
  b.number("firms.entry_rate_per_year", f.entry_rate_per_year, "firms per year", 0, 1e7, "Poisson rate of new firms.",
           "新设企业的泊松到达率。");
  b.number("firms.entry_employees_mean", f.entry_employees_mean, "persons", 1, 1e6, "Mean employees of an entrant.",
           "新设企业的平均从业人数。");
  b.number("firms.entry_cash_months", f.entry_cash_months, "months of costs", 0, 1200,
           "Entrants' founders' capital in months of their costs (wages, materials, R&D), plus the working capital "
           "their trade credit needs.",
           "新设企业的创始人出资，以月成本（工资、原材料、研发）计，另加其商业信用所需的营运资金。");
  b.number("firms.hazard_young", f.hazard_young, "per year", 0, 10, "Background exit hazard at age 0.",
           "企业成立时（0岁）的背景退出风险率。");
  b.number("firms.hazard_old", f.hazard_old, "per year", 0, 10, "Background exit hazard of old firms.",
           "成熟企业的背景退出风险率。");
  b.number("firms.hazard_decay_years", f.hazard_decay_years, "years", 0.01, 1000, "Age scale of the hazard's decline.",
           "退出风险率随企业年龄下降的时间尺度。");
  // g(n), the size gradient of the old firms' hazard: one key per BDS size class (7.5).
  const struct {
    const char* path;
    double& v;
    const char* what;
    const char* what_zh;
  } size_classes[] = {
      {"firms.hazard_size_10_19", f.hazard_size_10_19,
       "`g(n)`: the old firms' hazard of a firm of 10-19 employees, as a multiple of that of a firm of fewer than 10 "
       "(U.S. BDS firm deaths per firm, 2015-2019, relative to 5-9 employees).",
       "`g(n)`：从业人员10-19人的企业的成熟期退出风险率，为不足10人企业的倍数（美国BDS 2015-2019年企业死亡率，相对于5-9人企业）。"},
      {"firms.hazard_size_20_99", f.hazard_size_20_99, "`g(n)` at 20-99 employees (same source).",
       "`g(n)`：从业人员20-99人（来源同上）。"},
      {"firms.hazard_size_100_499", f.hazard_size_100_499, "`g(n)` at 100-499 employees (same source).",
       "`g(n)`：从业人员100-499人（来源同上）。"},
      {"firms.hazard_size_500", f.hazard_size_500, "`g(n)` at 500 employees or more (same source).",
       "`g(n)`：从业人员500人及以上（来源同上）。"},
  };
  for (const auto& c : size_classes) b.number(c.path, c.v, "x hazard_old", 0, 10, c.what, c.what_zh);
  b.number("firms.cash_buffer_months", f.cash_buffer_months, "months of costs", 0, 120, "Firms seek credit when cash falls below this.",
           "现金低于该水平（以月成本计）时，企业寻求信贷。");
  b.number("firms.cash_target_months", f.cash_target_months, "months of costs", 0, 1200,
           "Owners are paid only out of cash above this at the year-end accounts...",
           "年终结账时，只从超过该水平（以月成本计）的现金中向股东分配……");
  b.number("firms.payout_share", f.payout_share, "share", 0, 1,
           "...this share of the year's after-tax profit (the dividend payout ratio), never more than the retained "
           "earnings.",
           "……分配当年税后利润的该比例（股利支付率），且不超过留存收益。");
  b.number("firms.credit_hurdle_low", f.credit_hurdle_low, "per year", 0, 1,
           "h: a firm borrows for equipment first (and keeps its loans) when their cost after the interest subsidy and the "
           "tax shield is below its hurdle rate, drawn uniformly in [low, high] at birth...",
           "`h`：设备贷款扣除贴息和税盾后的成本低于企业的门槛收益率时，企业优先借款购置设备（并保留贷款）；门槛收益率在企业成立时从 `[low, high]` 上的均匀分布中抽取……");
  b.number("firms.credit_hurdle_high", f.credit_hurdle_high, "per year", 0, 1, "...the highest hurdle rate.",
           "……门槛收益率的上限。");
  b.number("firms.investment_rate", f.investment_rate, "per firm-year", 0, 100, "lambda_I: investment opportunities per firm-year.",
           "`lambda_I`：每家企业每年的投资机会数。");
  b.number("firms.investment_size", f.investment_size, "share of annual revenue", 0, 100,
           "kappa: mean cost of a project as a share of annual revenue (lognormal, s.d. of log 0.5).",
           "`kappa`：项目平均成本占年营业收入的比例（服从对数正态分布，对数标准差0.5）。");
  b.number("firms.investment_return_mean", f.investment_return_mean, "per year", 0, 10,
           "rho: mean yearly cost saving per yuan invested (lognormal across projects).",
           "`rho`：每投资一元每年平均节约的成本（各项目间服从对数正态分布）。");
  b.number("firms.investment_return_dispersion", f.investment_return_dispersion, "", 0, 5, "s.d. of log rho across projects.",
           "各项目间 `rho` 的对数标准差。");
  b.number("firms.investment_horizon_years", f.investment_horizon_years, "years", 0.1, 100,
           "T: years of savings a firm counts when it values a project.",
           "`T`：企业评估项目时计入的成本节约年数。");
  b.number("firms.investment_build_months", f.investment_build_months, "months", 0, 120,
           "Months from the decision until the equipment lowers unit costs.",
           "从投资决策到设备降低单位成本所需的月数。");
  b.number("firms.depreciation_rate", f.depreciation_rate, "per year", 0, 1, "delta: depreciation of equipment (10-year life).",
           "`delta`：设备折旧率（使用寿命10年）。");
  b.number("firms.capital_output_ratio", f.capital_output_ratio, "years", 0.001, 100,
           "kappa_K: equipment (yuan at start-year prices) per yuan of annual output at capacity.",
           "`kappa_K`：满负荷时每元年产出所需的设备（按起始年价格计，元）。");
  b.number("firms.capacity_slack", f.capacity_slack, "share", 0, 10,
           "s: firms keep capacity at (1 + s) x demand and consider expanding when it falls below (1 + s/2) x demand.",
           "`s`：企业将产能保持在 (1 + s) × 需求，产能低于 (1 + s/2) × 需求时考虑扩产。");
  b.number("firms.initial_borrower_share", f.initial_borrower_share, "share", 0, 1,
           "Share of incumbents with a loan at the start (loan access rate).",
           "起始时有贷款的存量企业比例（贷款获得率）。");
  b.number("firms.strategic_default_rate", f.strategic_default_rate, "per year", 0, 1,
           "Yearly default hazard of a borrower whose debt exceeds its cash and receivables (scaled by risk shifting).",
           "债务超过现金与应收账款之和的借款企业每年的违约风险率（按风险转移程度放大）。");
  b.number("firms.notching_band", f.notching_band, "share", 0, 0.05, "Firms this close below the HTE R&D threshold raise R&D to clear it.",
           "研发投入比例低于高新技术企业认定门槛、且差距不超过该值的企业，会增加研发投入以达到门槛。");
  b.number("firms.valuation_revenue_multiple", f.valuation_revenue_multiple, "", 0, 1000, "Valuation = multiple x revenue x growth premium.",
           "估值 = 倍数 × 营业收入 × 成长溢价。");
  b.number("firms.valuation_growth_years", f.valuation_growth_years, "years", 0, 20,
           "Growth premium: valuation x (1 + 3-year revenue CAGR)^this (years of growth priced in).",
           "成长溢价：估值 × (1 + 近3年营业收入年均复合增长率)^该值（估值中计入的成长年数）。");
  b.integer("firms.sectors", f.sectors, "sectors", 1, 64, "Number of sectors (markets).",
            "行业（市场）数量。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 100 (models/README.md, "Scenario keys").
const RegisterKeys firm_keys_at{100, [](Binder& b, Params& p) { bind_keys(b, p.firm); }};
}  // namespace

}  // namespace innosim::model
