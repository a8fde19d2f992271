// Part 2 of the model: the innovation chain from labs to market — research
// results, concept verification, the matching platform and licensing,
// incubators, and pilot-test platforms with machine-hour vouchers.
#include <algorithm>
#include <cmath>

#include "innosim/engine/error.hpp"
#include "innosim/model/ecosystem.hpp"

namespace innosim::model {

namespace {
using engine::purpose_id;
// A prototype "reaches the market fast" when its pilot test is done within
// this many days of its being ready (a time-to-market measure that counts
// abandoned prototypes as not fast, unlike a mean over completed tests).
constexpr double FAST_TO_MARKET_DAYS = 120;
constexpr std::uint64_t P_PROTOTYPE = purpose_id("prototype");
constexpr std::uint64_t P_PILOT_HOURS = purpose_id("pilot_hours");
constexpr std::uint64_t P_PILOT_REMOTE = purpose_id("pilot_remote");
constexpr std::uint64_t P_PILOT_PLATFORM = purpose_id("pilot_platform");
constexpr std::uint64_t P_PILOT_PROCEED = purpose_id("pilot_proceed");
constexpr std::uint64_t P_PILOT_DAY = purpose_id("pilot_day");
constexpr std::uint64_t P_INCUBATE = purpose_id("incubate");
constexpr std::uint64_t P_LABS = purpose_id("labs");
constexpr std::uint64_t P_MATCHING = purpose_id("matching");
constexpr std::uint64_t P_VERIFY = purpose_id("verify");
constexpr std::uint64_t P_EQUITY = purpose_id("equity");
}  // namespace

void Ecosystem::labs_income(double amount) {
  labs_cash_ += amount;
  const double to_researchers = p_.labs.researcher_share * amount;
  ledger_.transfer(Account::labs, Account::external, to_researchers, Flow::researcher_income);
  labs_cash_ -= to_researchers;
}

double Ecosystem::lab_equity_value() const {
  if (equity_deals_total_ == 0) return 0.0;  // no stake anywhere: spare the pass over the firms
  double v = 0;
  for (const Firm& f : firms_)
    if (f.alive && f.lab_stake > 0) v += f.lab_stake * f.valuation;
  return v;
}

double Ecosystem::equity_stake(const Result& r, const Firm& f, double price) const {
  // Technology for equity (技术入股): the labs offer a share e of the results
  // they sell or license for a stake worth the price at the firm's value.
  // The offer is the result's own hashed draw (the same at every
  // recommendation), so switching it on shifts no other draw. A firm not yet
  // valued at a review is priced by the valuation rule's revenue multiple.
  const EquityParams& ep = p_.equity;
  if (r.mode == 2 || !ep.programme.active(calendar_year())) return 0.0;
  const std::uint64_t base = engine::stream_base(seed_, replication_, static_cast<std::uint64_t>(r.id));
  if (engine::hashed_uniform(base, P_EQUITY, 0) >= ep.share_of_results) return 0.0;
  const double value = f.valuation > 0 ? f.valuation : p_.firm.valuation_revenue_multiple * 12.0 * f.revenue;
  if (value <= 0) return 0.0;
  const double stake = price / value;
  // Labs hold at most s_max of a firm; a larger stake would make them an owner
  // of a firm too small for the price: the deal is on cash terms.
  return f.lab_stake + stake <= ep.max_stake ? stake : 0.0;
}

Firm* Ecosystem::find_firm(std::int64_t id) {
  // firms_ is sorted by id: ids grow with creation and removal is stable.
  auto it = std::lower_bound(firms_.begin(), firms_.end(), id, [](const Firm& f, std::int64_t v) { return f.id < v; });
  return it != firms_.end() && it->id == id ? &*it : nullptr;
}

void Ecosystem::setup_part2() {
  lab_stream_ = engine::RandomStream(seed_, replication_, 0, P_LABS);
  match_stream_ = engine::RandomStream(seed_, replication_, 0, P_MATCHING);
  const PilotParams& pp = p_.pilot;
  const int local = pp.platforms + pp.new_platforms;
  if (local < 0 || pp.machines_per_platform < 0) throw ModelError("pilot platforms and machines must be >= 0");
  for (int k = 0; k < local; ++k)
    platforms_.push_back(
        std::make_unique<engine::Resource>(sim_, k < pp.provincial ? pp.provincial_machines : pp.machines_per_platform));
  // Platforms in nearby cities, reached with vouchers or at full price.
  platforms_.push_back(std::make_unique<engine::Resource>(sim_, std::max(1, 10 * pp.machines_per_platform)));
  const ConceptCentreParams& cc = p_.concept_centres;
  verification_ = std::make_unique<engine::Resource>(sim_, std::max(0, cc.centres * cc.projects_per_centre));
  for (int tier = 0; tier < 3; ++tier)
    for (int k = 0; k < static_cast<int>(p_.incubators.count[static_cast<std::size_t>(tier)]); ++k)
      incubators_.push_back(Incubator{tier, p_.incubators.capacity[static_cast<std::size_t>(tier)], 0.0});
  // Tenants at the start: start-ups, then tech SMEs (they sit at the end).
  double to_admit = p_.initial.incubated_firms;
  for (auto it = firms_.rbegin(); it != firms_.rend() && to_admit > 0; ++it) {
    if (it->stage > Stage::tech_sme) break;
    for (std::size_t k = 0; k < incubators_.size(); ++k) {
      if (incubators_[k].tenants < incubators_[k].capacity) {
        incubators_[k].tenants += 1;
        it->incubator = static_cast<std::int16_t>(k);
        it->incubated = true;
        it->incubated_since = -engine::uniform(lab_stream_, 0.0, p_.incubators.tenancy_years);
        to_admit -= 1;
        break;
      }
    }
  }
  for (Firm& f : firms_) {
    f.digitalised = u(f, purpose_id("digital_init"), 0) < p_.initial.digitalised_share;
    f.innovations_at_review = f.innovations;
    st_demand_ += f.st_staff_share * f.employees;
  }
  talent_stock_ = p_.talent.stock_per_st_job * st_demand_;
  talent_month_factor();
}

void Ecosystem::schedule_part2() {
  schedule_lab_arrival();
  const int events = p_.matching.events_per_year;
  if (events > 0) {
    const double interval = engine::DAYS_PER_YEAR / events;
    sim_.schedule_every(interval / 2.0, interval, [this] { matching_event(); }, 2);
  }
}

// ---------------------------------------------------------------- labs

void Ecosystem::lab_result_arrival() {
  // Results arrive as a Poisson stream whose rate (per year) scales with the
  // researchers, their disclosure (raised by their revenue share) and the
  // joint basic-research fund paid this year; the rate is re-read at each arrival.
  const LabParams& lp = p_.labs;
  if (research_rate_per_day_ > 0) {
    const double disclosure = std::min(1.0, lp.disclosure_base + lp.disclosure_per_share * lp.researcher_share);
    Result r;
    r.id = static_cast<std::int64_t>(++results_made_);
    // Each result draws from its own stream, so a policy that changes what
    // happens to one result (its mode, a spin-off) never shifts another's draws.
    engine::RandomStream d(seed_, replication_, static_cast<std::uint64_t>(r.id), P_LABS);
    r.quality = engine::gamma(d, 2.0, lp.quality_mean / 2.0);
    r.trl = std::clamp(std::round(engine::normal(d, lp.trl_mean, 1.0)), 1.0, 9.0);
    r.created = years();
    r.sector = static_cast<std::uint16_t>(engine::uniform_index(d, static_cast<std::uint64_t>(p_.firm.sectors)));
    const double u_sale = d.uniform01(), u_ufpl = d.uniform01(), u_disclose = d.uniform01(), u_spinoff = d.uniform01();
    const bool ufpl = p_.ufpl.programme.active(calendar_year()) && u_ufpl < p_.ufpl.share_of_results;
    r.mode = u_sale < lp.sale_share ? 0 : (ufpl ? 2 : 1);  // use-first-pay-later applies to licensed results
    r.verifying = false;
    r.attempts = 0;
    if (u_disclose < disclosure) {
      results_period_ += 1;
      if (u_spinoff < lp.spinoff_share) {
        spawn_firm(true, r.quality, static_cast<std::uint64_t>(r.id));
        spinoffs_ += 1;
      } else {
        results_.push_back(r);
        if (r.trl < p_.concept_centres.min_trl_for_matching) verify_result(results_.size() - 1);
      }
    }
  }
  schedule_lab_arrival();
}

void Ecosystem::schedule_lab_arrival() {
  // With no research (a zero rate) look again at the next annual review.
  if (research_rate_per_day_ > 0)
    sim_.schedule_in(engine::exponential(lab_stream_, research_rate_per_day_), [this] { lab_result_arrival(); });
  else
    sim_.schedule_at(sim_.time_of(engine::Date{sim_.date_at(sim_.now()).year + 1, 1, 1}), [this] { schedule_lab_arrival(); }, 3);
}

void Ecosystem::verify_result(std::size_t index) {
  const ConceptCentreParams& cc = p_.concept_centres;
  if (!cc.programme.active(calendar_year()) || verification_->capacity() == 0) return;
  // Only whole projects are funded; without budget the result waits unverified.
  if (budget_left_[static_cast<int>(Fiscal::concept_verification)] < cc.cost_per_project_yuan) return;
  const double paid = spend_budget(Fiscal::concept_verification, cc.programme, cc.cost_per_project_yuan);
  ledger_.transfer(Account::government, Account::external, paid, Flow::programme_cost);
  Result& r = results_[index];
  r.verifying = true;
  const std::int64_t id = r.id;
  // One stream per result and attempt, so a retry gets fresh draws and
  // other results' draws never shift.
  const std::uint64_t key = P_VERIFY ^ (static_cast<std::uint64_t>(++r.attempts) * 0x9e3779b97f4a7c15ull);
  verification_->request([this, id, key] {
    engine::RandomStream draw(seed_, replication_, static_cast<std::uint64_t>(id), key);
    const double days = engine::exponential(draw, 1.0 / p_.concept_centres.days_mean);
    const bool success = draw.uniform01() < p_.concept_centres.success;
    sim_.schedule_in(days, [this, id, success] {
      verification_->release();
      for (Result& res : results_) {
        if (res.id != id) continue;
        res.verifying = false;
        if (success) res.trl = std::min(9.0, res.trl + p_.concept_centres.trl_gain);
        break;
      }
    });
  });
}

void Ecosystem::expire_results() {
  const double now = years();
  results_.erase(std::remove_if(results_.begin(), results_.end(),
                                [&](const Result& r) { return !r.verifying && now - r.created > p_.labs.result_life_years; }),
                 results_.end());
}

// ---------------------------------------------------------------- matching and licensing

void Ecosystem::matching_event() {
  const MatchingParams& mp = p_.matching;
  if (!mp.programme.active(calendar_year())) return;
  // An event runs only if its cost is in the year's budget.
  if (budget_left_[static_cast<int>(Fiscal::matching_platform)] < mp.cost_per_event_yuan) return;
  const double cost = spend_budget(Fiscal::matching_platform, mp.programme, mp.cost_per_event_yuan);
  ledger_.transfer(Account::government, Account::external, cost, Flow::programme_cost);
  // Results still below the readiness threshold (no budget when they
  // arrived, or a failed verification) get another verification attempt.
  for (std::size_t i = 0; i < results_.size(); ++i)
    if (!results_[i].verifying && results_[i].trl < p_.concept_centres.min_trl_for_matching) verify_result(i);
  std::vector<std::size_t> ready;
  for (std::size_t i = 0; i < results_.size(); ++i)
    if (!results_[i].verifying && results_[i].trl >= p_.concept_centres.min_trl_for_matching) ready.push_back(i);
  std::vector<std::size_t> alive;
  for (std::size_t i = 0; i < firms_.size(); ++i)
    if (firms_[i].alive) alive.push_back(i);
  if (ready.empty() || alive.empty()) return;
  const auto n = std::min<std::size_t>(ready.size(), static_cast<std::size_t>(std::lround(mp.recommendations_per_event)));
  std::vector<std::size_t> adopted;
  for (std::size_t k = 0; k < n; ++k) {
    // Recommend a random ready result (without replacement) to a random firm.
    const std::size_t j = k + engine::uniform_index(match_stream_, ready.size() - k);
    std::swap(ready[k], ready[j]);
    const Result& r = results_[ready[k]];
    Firm& f = firms_[alive[engine::uniform_index(match_stream_, alive.size())]];
    recommendations_ += 1;
    const double fit = (f.sector == r.sector ? 1.0 : 0.35) * std::min(1.0, 0.4 + f.st_staff_share / 0.25);
    const double fee = p_.labs.licence_fee_yuan;
    // On equity terms the firm pays no fee at all, so nothing up front deters it.
    const double stake = equity_stake(r, f, fee);
    const double upfront = stake > 0 ? 0.0 : (r.mode == 0 ? fee : (r.mode == 1 ? 0.5 * fee : 0.0));
    const double cash_factor = upfront > 0 ? std::exp(-mp.sme_cash_sensitivity * upfront / std::max(f.cash, 1e3)) : 1.0;
    const double p = mp.adoption_base * fit * std::min(1.0, r.trl / 7.0) * cash_factor;
    if (match_stream_.uniform01() >= p) continue;
    deals_ += 1;
    if (f.stage <= Stage::tech_sme) sme_deals_ += 1;
    if (upfront > 0) {
      pay(f, Account::labs, upfront, Flow::licence_fee);
      labs_income(upfront);
    }
    if (stake > 0) {
      // The stake is the whole price (no second half, no later fee); the
      // labs are paid as owners: dividends and a sale at a venture exit.
      f.lab_stake += stake;
      equity_deals_ += 1;
      equity_deals_total_ += 1;
    } else if (r.mode == 1) {
      // A licence pays the other half of the fee a year later, while the licensee lives.
      const std::int64_t id = f.id;
      const double rest = fee - upfront;
      sim_.schedule_in(engine::DAYS_PER_YEAR, [this, id, rest] {
        Firm* g = find_firm(id);
        if (!g || !g->alive) return;
        const double due = std::min(rest, std::max(0.0, g->cash));
        if (due <= 0) return;
        pay(*g, Account::labs, due, Flow::licence_fee);
        labs_income(due);
      });
    }
    if (r.mode == 2) {
      // Use first, pay later: the fee falls due after the grace period, and
      // only if the licensee earns (its revenue grew); otherwise it lapses.
      const std::int64_t id = f.id;
      const double revenue0 = f.revenue;
      sim_.schedule_in(p_.ufpl.grace_years * engine::DAYS_PER_YEAR, [this, id, fee, revenue0] {
        Firm* g = find_firm(id);
        if (!g || !g->alive || g->revenue <= revenue0) return;
        const double due = std::min(fee, std::max(0.0, g->cash));
        if (due <= 0) return;
        pay(*g, Account::labs, due, Flow::licence_fee);
        labs_income(due);
      });
    }
    innovation_to_market(f, r.quality, 1000000 + static_cast<std::uint64_t>(r.id));
    adopted.push_back(ready[k]);
  }
  std::sort(adopted.begin(), adopted.end(), std::greater<>());
  for (std::size_t i : adopted) results_.erase(results_.begin() + static_cast<std::ptrdiff_t>(i));
}

// ---------------------------------------------------------------- incubators

void Ecosystem::admit_to_incubator(Firm& f) {
  if (u(f, P_INCUBATE, 0) >= p_.incubators.admission_share) return;
  for (std::size_t k = 0; k < incubators_.size(); ++k) {
    if (incubators_[k].tenants < incubators_[k].capacity) {
      incubators_[k].tenants += 1;
      f.incubator = static_cast<std::int16_t>(k);
      f.incubated = true;
      f.incubated_since = years();
      return;
    }
  }
}

void Ecosystem::leave_incubator(Firm& f, bool graduation) {
  if (f.incubator < 0) return;
  incubators_[static_cast<std::size_t>(f.incubator)].tenants -= 1;
  f.incubator = -1;
  f.incubated = false;
  if (graduation) graduations_ += 1;
}

// ---------------------------------------------------------------- pilot platforms

double Ecosystem::platform_hours_per_day(int platform) const {
  const PilotParams& pp = p_.pilot;
  const bool remote = platform == static_cast<int>(platforms_.size()) - 1;
  if (!remote && platform < pp.twenty_four_hour_zones && pp.twenty_four.active(calendar_year())) return 24.0;
  return pp.hours_per_day;
}

void Ecosystem::innovation_to_market(Firm& f, double gain, std::uint64_t counter) {
  if (gain <= 0) return;
  if (u(f, P_PROTOTYPE, counter) >= p_.pilot.prototype_share) {
    f.productivity *= 1.0 + gain;  // no pilot test needed
    return;
  }
  if (f.in_pilot) {  // one test at a time: the new gain rides on the running one
    f.pending_gain = (1.0 + f.pending_gain) * (1.0 + gain) - 1.0;
    return;
  }
  f.in_pilot = true;
  f.pending_gain = gain;
  f.pilot_since = years();
  prototypes_ += 1;
  pilot_decide(f, counter, 0);
}

void Ecosystem::pilot_decide(Firm& f, std::uint64_t counter, int attempt) {
  const PilotParams& pp = p_.pilot;
  const std::uint64_t c = counter ^ (static_cast<std::uint64_t>(attempt) * 0x9e3779b97f4a7c15ull);
  const double hours = -pp.booking_hours_mean * std::log(u(f, P_PILOT_HOURS, counter));
  const int local = static_cast<int>(platforms_.size()) - 1;
  const bool remote = local == 0 || u(f, P_PILOT_REMOTE, counter) < pp.missing_equipment_share;
  const int platform = remote ? local : static_cast<int>(u(f, P_PILOT_PLATFORM, counter) * local);
  const double bill = hours * pp.hourly_price_yuan * (remote ? pp.remote_price_multiple : 1.0);
  const VoucherParams& vp = p_.vouchers;
  double voucher = 0;
  if (vp.programme.active(calendar_year()) && (!remote || vp.other_cities) && f.stage >= vp.programme.min_stage &&
      12.0 * f.revenue <= vp.max_revenue_yuan)
    voucher = std::min(vp.bill_share * bill, budget_left_[static_cast<int>(Fiscal::vouchers)]);
  // Book now, or put it off: the net bill against the gain's value over a
  // few years. A firm that puts it off tries again later (saving up, looking
  // for money) and gives up after the last retry.
  const double value = f.pending_gain * 12.0 * f.revenue * pp.value_years;
  const double proceed = value > 0 ? std::exp(-(bill - voucher) / (pp.price_tolerance * value)) : 0.0;
  const double draw = u(f, P_PILOT_PROCEED, c);
  if (voucher > 0 && draw < proceed) {
    // Additionality, as a voucher lottery measures it: with the same draw,
    // would this test have gone ahead at the full price?
    vouchers_used_ += 1;
    const double without = std::exp(-bill / (pp.price_tolerance * value));
    if (draw >= without) vouchers_additional_ += 1;
  }
  if (draw >= proceed) {
    if (attempt < pp.max_retries) {
      const std::int64_t id = f.id;
      sim_.schedule_in(pp.retry_days, [this, id, counter, attempt] {
        Firm* g = find_firm(id);
        if (g && g->alive) pilot_decide(*g, counter, attempt + 1);
      });
      return;
    }
    pilots_abandoned_ += 1;
    f.in_pilot = false;
    f.pending_gain = 0;
    return;
  }
  if (voucher > 0) {
    voucher = spend_budget(Fiscal::vouchers, vp.programme, voucher);
    ledger_.transfer(Account::government, Account::pilot_platforms, voucher, Flow::voucher);
    platforms_cash_ += voucher;
  }
  pay(f, Account::pilot_platforms, bill - voucher, Flow::pilot_fee);
  platforms_cash_ += bill - voucher;
  // The prototype is ready some day in the coming month; other cities add travel.
  const double ready = 30.0 * u(f, P_PILOT_DAY, c) + (remote ? pp.remote_travel_days : 0.0);
  const std::int64_t id = f.id;
  const auto h = static_cast<float>(hours);
  sim_.schedule_in(ready, [this, id, h, platform] { pilot_request(id, h, platform); });
}

void Ecosystem::pilot_request(std::int64_t id, double hours, int platform) {
  const double requested = sim_.now();
  const auto h = static_cast<float>(hours);
  platforms_[static_cast<std::size_t>(platform)]->request(
      [this, id, h, platform, requested] { pilot_start(id, h, platform, requested); });
}

void Ecosystem::pilot_start(std::int64_t id, double hours, int platform, double requested) {
  bookings_ += 1;
  wait_sum_ += sim_.now() - requested;
  wait_n_ += 1;
  const double days = hours / platform_hours_per_day(platform);
  sim_.schedule_in(days, [this, id, platform] { pilot_done(id, platform); });
}

void Ecosystem::pilot_done(std::int64_t id, int platform) {
  platforms_[static_cast<std::size_t>(platform)]->release();
  Firm* f = find_firm(id);
  if (!f || !f->alive) return;
  f->productivity *= 1.0 + f->pending_gain;
  const double ttm = (years() - f->pilot_since) * engine::DAYS_PER_YEAR;
  ttm_sum_ += ttm;
  ttm_n_ += 1;
  if (ttm <= FAST_TO_MARKET_DAYS) fast_to_market_ += 1;
  f->pending_gain = 0;
  f->in_pilot = false;
}

}  // namespace innosim::model
