// Part 2 of the model: government programmes with budgets, eligibility and a
// delivery mode (application or automatic), and the talent pool.
#include <algorithm>
#include <array>
#include <cmath>

#include "innosim/engine/error.hpp"
#include "innosim/model/ecosystem.hpp"

namespace innosim::model {

namespace {
using engine::purpose_id;
constexpr std::uint64_t P_GRANT_APPLY = purpose_id("grant_apply");
constexpr std::uint64_t P_BID = purpose_id("challenge_bid");
constexpr std::uint64_t P_MILESTONE = purpose_id("milestone");
constexpr std::uint64_t P_DIGITAL = purpose_id("digital");
constexpr std::uint64_t P_COOPERATION = purpose_id("cooperation");
constexpr std::uint64_t P_CONSORTIUM = purpose_id("consortium");
// Innovation counter of a consortium breakthrough (see pilot draws, 4.9):
// apart from own innovations (months), adopted results (10^6 + id) and
// open-competition projects (2 10^6 + year).
constexpr std::uint64_t CONSORTIUM_COUNTER = 3000000;
}  // namespace

const Programme& Ecosystem::programme_of(Fiscal line) const {
  const ProgrammesParams& g = p_.programmes;
  switch (line) {
    case Fiscal::interest_subsidy: return p_.interest_subsidy.programme;
    case Fiscal::risk_pool: return p_.risk_pool.programme;
    case Fiscal::insurance: return p_.insurance.programme;
    case Fiscal::guidance_fund: return p_.venture.guidance;
    case Fiscal::research_fund: return p_.research_fund.programme;
    case Fiscal::concept_verification: return p_.concept_centres.programme;
    case Fiscal::matching_platform: return p_.matching.programme;
    case Fiscal::points_support: return g.points_support.programme;
    case Fiscal::open_competition: return g.open_competition.programme;
    case Fiscal::tech_upgrade_provincial: return g.upgrade_provincial.programme;
    case Fiscal::tech_upgrade_city: return g.upgrade_city.programme;
    case Fiscal::digital_transformation: return g.digital.programme;
    case Fiscal::tech_centres: return g.tech_centres.programme;
    case Fiscal::talent_subsidy: return g.talent_subsidy.programme;
    case Fiscal::engineer_training: return g.engineer_training.programme;
    case Fiscal::vouchers: return p_.vouchers.programme;
    case Fiscal::pilot_zones: return p_.pilot.twenty_four;
    case Fiscal::pilot_platforms: return p_.pilot.twenty_four;  // budget set in open_budgets()
    case Fiscal::innovation_consortia: return p_.consortia.programme;
    case Fiscal::talent_services: return p_.talent_services.programme;
    case Fiscal::liaison_officers: return p_.liaison.programme;
    case Fiscal::count: break;
  }
  throw InternalError("no programme for a fiscal line");
}

void Ecosystem::open_budgets() {
  const int year = calendar_year();
  for (int i = 0; i < FISCAL_COUNT; ++i) {
    const auto line = static_cast<Fiscal>(i);
    if (line == Fiscal::risk_pool) continue;  // a fund paid in once, not a yearly budget
    const Programme& pr = programme_of(line);
    double b = pr.active(year) ? pr.budget_yuan.at(static_cast<double>(year)) : 0.0;
    // Fixed-cost lines: the configuration sets the spending.
    if (line == Fiscal::pilot_zones)
      b = pr.active(year) ? p_.pilot.twenty_four_hour_zones * p_.pilot.zone_subsidy_yuan_per_year : 0.0;
    if (line == Fiscal::pilot_platforms)
      b = year == p_.start_year ? p_.pilot.new_platforms * p_.pilot.new_platform_cost_yuan : 0.0;
    budget_left_[i] = budget_year_[i] = b;
    spent_year_[i] = 0;
  }
}

double Ecosystem::reserve_budget(Fiscal line, const Programme& pr, double amount) {
  if (!pr.active(calendar_year())) return 0.0;
  const int i = static_cast<int>(line);
  const double r = std::min(amount, budget_left_[i]);
  if (r <= 0) return 0.0;
  budget_left_[i] -= r;
  spent_year_[i] += r;
  return r;
}

void Ecosystem::pay_reserved(Fiscal line, double amount, Account to) {
  const int i = static_cast<int>(line);
  government_cash_ -= amount;
  fiscal_period_[i] += amount;
  fiscal_total_[i] += amount;
  ledger_.transfer(Account::government, to, amount, to == Account::firms ? Flow::programme_grant : Flow::programme_cost);
}

double Ecosystem::take_up_of(const Firm& f, const Programme& pr) const {
  // A liaison officer brings a share beta of the firm's would-be
  // non-applicants to apply: t' = t + beta (1 - t). The same draw decides,
  // so a firm that applies without an officer still applies with one.
  if (!f.liaison) return pr.take_up_share;
  return pr.take_up_share + p_.liaison.take_up_boost * (1.0 - pr.take_up_share);
}

bool Ecosystem::applies(const Firm& f, const Programme& pr, std::uint64_t purpose) const {
  return pr.automatic || apply_draw(f, purpose) < take_up_of(f, pr);
}

double Ecosystem::apply_draw(const Firm& f, std::uint64_t purpose) const {
  return u(f, P_GRANT_APPLY ^ purpose, static_cast<std::uint64_t>(calendar_year()));
}

void Ecosystem::grant(Firm& f, Fiscal line, const Programme& pr, double amount, std::uint64_t purpose) {
  if (!pr.active(calendar_year()) || f.stage < pr.min_stage || amount <= 0) return;
  grant_eligible_ += 1;
  if (pr.automatic) {
    // "No application needed": big-data matching pays every eligible firm at once.
    const double paid = reserve_budget(line, pr, amount);
    if (paid <= 0) return;
    pay_reserved(line, paid, Account::firms);
    f.cash += paid;
    grant_received_ += 1;
    grant_delay_n_ += 1;
    if (line == Fiscal::points_support) points_supported_ += 1;
    return;
  }
  // Application mode: only a take-up share applies, at a cost, and money
  // flows after the approval delay.
  if (!applies(f, pr, purpose)) return;
  if (f.liaison && apply_draw(f, purpose) >= pr.take_up_share) liaison_applications_ += 1;  // only the officer made it apply
  pay(f, Account::external, pr.application_cost_yuan, Flow::application_cost);
  const double reserved = reserve_budget(line, pr, amount);
  if (reserved <= 0) return;
  const std::int64_t id = f.id;
  const int year = calendar_year();
  sim_.schedule_in(pr.approval_delay_days, [this, id, reserved, line, year] { grant_paid(id, reserved, line, year); });
}

void Ecosystem::grant_paid(std::int64_t id, double amount, Fiscal line, int year) {
  Firm* f = find_firm(id);
  const int i = static_cast<int>(line);
  if (!f || !f->alive) {
    // The firm is gone: the reservation lapses and, within the same fiscal
    // year, returns to the budget.
    if (year == calendar_year()) {
      spent_year_[i] = std::max(0.0, spent_year_[i] - amount);
      budget_left_[i] += amount;
    }
    return;
  }
  pay_reserved(line, amount, Account::firms);
  f->cash += amount;
  grant_received_ += 1;
  grant_delay_sum_ += programme_of(line).approval_delay_days;
  grant_delay_n_ += 1;
  if (line == Fiscal::points_support) points_supported_ += 1;
}

void Ecosystem::annual_programmes() {
  const int year = calendar_year();
  const auto y = static_cast<std::uint64_t>(year);
  const ProgrammesParams& g = p_.programmes;
  points_supported_ = 0;
  // First, so that this year's officers are in place before the year's applications.
  liaison_officers();

  // Joint basic-research fund: paid to the labs; it raises this year's results rate.
  const Programme& rf = p_.research_fund.programme;
  const double fund = spend_budget(Fiscal::research_fund, rf, budget_left_[static_cast<int>(Fiscal::research_fund)]);
  if (fund > 0) {
    ledger_.transfer(Account::government, Account::labs, fund, Flow::research_funding);
    labs_cash_ += fund;
  }
  const LabParams& lp = p_.labs;
  const double per_year = lp.researchers * lp.results_per_researcher_year + p_.research_fund.results_per_million_yuan * fund / 1e6;
  research_rate_per_day_ = per_year / engine::DAYS_PER_YEAR;

  // Innovation points: targeted support for the top-N firms.
  for (Firm& f : firms_)
    if (f.alive && f.top_points) grant(f, Fiscal::points_support, g.points_support.programme, g.points_support.grant_yuan, 1);

  // Open competition (揭榜挂帅): running projects reach milestones or stop.
  for (auto it = challenges_.begin(); it != challenges_.end();) {
    Firm* f = find_firm(it->firm);
    if (!f || !f->alive || u(*f, P_MILESTONE, y) >= g.open_competition.milestone_success) {
      it = challenges_.erase(it);
      continue;
    }
    const double paid = spend_budget(Fiscal::open_competition, g.open_competition.programme, it->payment);
    if (paid > 0) receive(*f, Account::government, paid, Flow::programme_grant);
    if (--it->milestones_left == 0) {
      innovation_to_market(*f, g.open_competition.gain, 2000000 + y);
      it = challenges_.erase(it);
    } else {
      ++it;
    }
  }
  // New challenges: the best expected success among the bidders wins.
  if (g.open_competition.programme.active(year)) {
    for (int c = 0; c < g.open_competition.challenges_per_year; ++c) {
      Firm* best = nullptr;
      double best_score = -1;
      for (Firm& f : firms_) {
        if (!f.alive || f.stage < g.open_competition.programme.min_stage) continue;
        if (u(f, P_BID ^ static_cast<std::uint64_t>(c), y) >= g.open_competition.bid_share) continue;
        const double score = f.productivity * std::pow(1.0 + f.ip_count, 0.3) * (1.0 + 10.0 * f.rd_share);
        if (score > best_score) best_score = score, best = &f;
      }
      if (!best) continue;
      const double payment = g.open_competition.grant_yuan / 3.0;
      const double paid = spend_budget(Fiscal::open_competition, g.open_competition.programme, payment);
      if (paid <= 0) break;
      receive(*best, Account::government, paid, Flow::programme_grant);
      challenges_.push_back(ChallengeProject{best->id, 2, payment});
    }
  }

  innovation_consortia();

  // Tech-upgrade rewards for last year's upgraders, largest first:
  // provincial rewards, then city rewards.
  std::vector<std::pair<double, std::size_t>> upgraders;
  for (std::size_t i = 0; i < firms_.size(); ++i) {
    Firm& f = firms_[i];
    if (f.alive && f.innovations > f.innovations_at_review) upgraders.emplace_back(-f.revenue_history[0], i);
    f.innovations_at_review = f.innovations;
  }
  std::sort(upgraders.begin(), upgraders.end());
  for (const auto& [neg_revenue, i] : upgraders) {
    Firm& f = firms_[i];
    if (f.stage >= g.upgrade_provincial.programme.min_stage &&
        budget_left_[static_cast<int>(Fiscal::tech_upgrade_provincial)] >= g.upgrade_provincial.grant_yuan)
      grant(f, Fiscal::tech_upgrade_provincial, g.upgrade_provincial.programme, g.upgrade_provincial.grant_yuan, 2);
    else if (budget_left_[static_cast<int>(Fiscal::tech_upgrade_city)] >= g.upgrade_city.grant_yuan)
      grant(f, Fiscal::tech_upgrade_city, g.upgrade_city.programme, g.upgrade_city.grant_yuan, 3);
  }

  // Digital transformation: support raises adoption.
  const bool digital_on = g.digital.programme.active(year) && budget_left_[static_cast<int>(Fiscal::digital_transformation)] > 0;
  for (Firm& f : firms_) {
    if (!f.alive || f.digitalised) continue;
    const bool eligible = digital_on && f.stage >= g.digital.programme.min_stage;
    const bool supported = eligible && applies(f, g.digital.programme, 4);
    if (u(f, P_DIGITAL, y) >= (supported ? g.digital.adoption_supported : g.digital.adoption_base)) continue;
    pay(f, Account::external, g.digital.cost_yuan, Flow::project_cost);
    f.productivity *= 1.0 + g.digital.gain;
    f.digitalised = true;
    if (supported)
      grant(f, Fiscal::digital_transformation, g.digital.programme, g.digital.grant_yuan, 4);
    else if (eligible)
      grant_eligible_ += 1;  // eligible, but did not apply
  }

  // Enterprise technology centres: the best certified firms by points.
  if (g.tech_centres.programme.active(year)) {
    std::vector<std::pair<double, std::size_t>> ranked;
    for (std::size_t i = 0; i < firms_.size(); ++i)
      if (firms_[i].alive && !firms_[i].tech_centre && firms_[i].stage >= g.tech_centres.programme.min_stage)
        ranked.emplace_back(-firms_[i].innovation_points, i);
    std::sort(ranked.begin(), ranked.end());
    int recognised = 0;
    for (std::size_t k = 0; k < ranked.size() && recognised < g.tech_centres.per_year; ++k) {
      Firm& f = firms_[ranked[k].second];
      if (!applies(f, g.tech_centres.programme, 5)) {  // recognition needs an application: the next candidate
        grant_eligible_ += 1;                            // eligible, but did not take it up
        continue;
      }
      ++recognised;
      f.tech_centre = true;
      grant(f, Fiscal::tech_centres, g.tech_centres.programme, g.tech_centres.grant_yuan, 5);
    }
  }

  // Flexible-talent cooperation projects; the subsidy pays 20 % (<= 300 k).
  const bool talent_on = g.talent_subsidy.programme.active(year);
  for (Firm& f : firms_) {
    if (!f.alive || f.stage < g.talent_subsidy.programme.min_stage) continue;
    const double rate = talent_on ? g.talent_subsidy.rate_with : g.talent_subsidy.rate_without;
    if (u(f, P_COOPERATION, y) >= rate) continue;
    pay(f, Account::external, g.talent_subsidy.project_cost_yuan, Flow::project_cost);
    talent_stock_ += g.talent_subsidy.talent_per_project;
    f.st_staff_share = std::min(0.9, f.st_staff_share + 0.005);
    if (talent_on)
      grant(f, Fiscal::talent_subsidy, g.talent_subsidy.programme,
            std::min(g.talent_subsidy.share * g.talent_subsidy.project_cost_yuan, g.talent_subsidy.grant_yuan), 6);
  }

  // Industry-engineer training classes.
  if (g.engineer_training.programme.active(year)) {
    for (int c = 0; c < g.engineer_training.classes_per_year; ++c) {
      const double cost = spend_budget(Fiscal::engineer_training, g.engineer_training.programme, g.engineer_training.grant_yuan);
      if (cost < g.engineer_training.grant_yuan) {
        if (cost > 0) ledger_.transfer(Account::government, Account::external, cost, Flow::programme_cost);
        break;
      }
      ledger_.transfer(Account::government, Account::external, cost, Flow::programme_cost);
      talent_stock_ += g.engineer_training.trainees_per_class;
    }
  }

  // After the year's cooperation projects and classes, so that the places
  // are sized on the stock they serve.
  talent_services();

  // 24-hour zones and new platforms: fixed costs set by the configuration.
  for (Fiscal line : {Fiscal::pilot_zones, Fiscal::pilot_platforms}) {
    const double cost = budget_left_[static_cast<int>(line)];
    if (cost <= 0) continue;
    budget_left_[static_cast<int>(line)] = 0;
    spent_year_[static_cast<int>(line)] += cost;
    pay_reserved(line, cost, Account::external);
  }
}

void Ecosystem::innovation_consortia() {
  const ConsortiumParams& cp = p_.consortia;
  // Running consortia first: they were promised their grant for D years, so
  // they come before new ones in the year's budget.
  for (std::size_t k = 0; k < consortia_.size(); ++k)
    if (consortia_[k].active) consortium_year(k);
  if (!cp.programme.active(calendar_year())) return;

  // Firms already in a running consortium, and sectors that have one: a
  // chain has one key-technology consortium at a time, and a firm sits in one.
  std::vector<std::int64_t> busy;
  std::array<bool, 64> sector_taken{};
  for (const Consortium& c : consortia_) {
    if (!c.active) continue;
    busy.push_back(c.leader);
    busy.insert(busy.end(), c.members.begin(), c.members.end());
    sector_taken[static_cast<std::size_t>(c.sector)] = true;
  }
  std::sort(busy.begin(), busy.end());
  auto is_busy = [&](std::int64_t id) { return std::binary_search(busy.begin(), busy.end(), id); };
  const double cofunding = cp.grant_yuan * cp.cofunding_share / (1.0 - cp.cofunding_share);

  for (int n = 0; n < cp.per_year; ++n) {
    // A consortium is formed only if the budget left pays its first year in full.
    if (budget_left_[static_cast<int>(Fiscal::innovation_consortia)] < cp.grant_yuan || cp.grant_yuan <= 0) break;
    // The chain leader: the highest-rung, then largest (last year's revenue)
    // eligible firm in a sector without a consortium that can co-fund a
    // year. No draw: the choice is deterministic, so it shifts no stream.
    Firm* leader = nullptr;
    for (Firm& f : firms_) {
      if (!f.alive || f.stage < cp.programme.min_stage || sector_taken[f.sector] || f.cash < cofunding || is_busy(f.id))
        continue;
      if (!leader || f.stage > leader->stage ||
          (f.stage == leader->stage && f.revenue_history[0] > leader->revenue_history[0]))
        leader = &f;
    }
    if (!leader) break;
    // Members: the sector's most innovative eligible firms by innovation
    // points (ties to the lower id, the firms' order).
    std::vector<std::pair<double, std::size_t>> ranked;
    for (std::size_t i = 0; i < firms_.size(); ++i) {
      const Firm& f = firms_[i];
      if (f.alive && f.sector == leader->sector && f.id != leader->id && f.stage >= cp.member_min_stage && !is_busy(f.id))
        ranked.emplace_back(-f.innovation_points, i);
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    Consortium c;
    c.leader = leader->id;
    c.sector = leader->sector;
    c.formed_year = calendar_year();
    for (std::size_t k = 0; k < ranked.size() && static_cast<int>(k) < cp.members; ++k)
      c.members.push_back(firms_[ranked[k].second].id);
    for (std::int64_t id : c.members) busy.push_back(id);
    busy.push_back(c.leader);
    std::sort(busy.begin(), busy.end());
    sector_taken[c.sector] = true;
    consortia_.push_back(std::move(c));
    consortium_year(consortia_.size() - 1);  // the first year starts at once
  }
}

void Ecosystem::consortium_year(std::size_t index) {
  const ConsortiumParams& cp = p_.consortia;
  Consortium& c = consortia_[index];
  const int year = calendar_year();
  Firm* leader = find_firm(c.leader);
  const double cofunding_per_grant = cp.cofunding_share / (1.0 - cp.cofunding_share);
  // The leader must co-fund the whole year before the grant flows; a leader
  // that is gone or cannot pay ends the consortium (nothing is paid). Once
  // the programme's window has closed no grant flows and nothing is owed.
  const bool owed = cp.programme.active(year);
  if (!leader || !leader->alive || (owed && leader->cash < cp.grant_yuan * cofunding_per_grant)) {
    c.active = false;
    return;
  }
  // The grant (the whole of it if the budget allows, else what is left;
  // none once the programme's window has closed), then the leader's
  // co-funding in proportion. The leader spends the yearly budget T: the lab's
  // share to the partner lab, the rest on the project's staff and equipment.
  const double grant = spend_budget(Fiscal::innovation_consortia, cp.programme, cp.grant_yuan);
  const double total = grant > 0 ? grant / (1.0 - cp.cofunding_share) : 0.0;
  if (grant > 0) {
    receive(*leader, Account::government, grant, Flow::programme_grant);
    const double to_lab = cp.lab_share * total;
    pay(*leader, Account::labs, to_lab, Flow::consortium_research);
    labs_cash_ += to_lab;
    pay(*leader, Account::external, total - to_lab, Flow::project_cost);
    c.grants += grant;
    c.cofunding += total - grant;
    consortium_cofunding_ += total - grant;
  }
  ++c.years_run;
  // Breakthrough on the key technology: yearly probability rising with the
  // year's funding and saturating below 1 (a key technology may resist any
  // budget). The draw is keyed by the leader's origin, the consortium's
  // index and the year, so it is new to this programme and shifts no other draw.
  const double p = cp.success_max * (1.0 - std::exp(-total / cp.reference_funding_yuan));
  const std::uint64_t counter = static_cast<std::uint64_t>(index) * 100000 + static_cast<std::uint64_t>(year);
  if (total > 0 && u(*leader, P_CONSORTIUM, counter) < p) {
    // The result is owned jointly by the firms and the lab: the members use
    // it at once (no licence fee between co-owners), each through its own
    // pilot-test decision, and each files a joint patent.
    const std::uint64_t market_counter = CONSORTIUM_COUNTER + static_cast<std::uint64_t>(year);
    innovation_to_market(*leader, cp.gain, market_counter);
    leader->ip_count += 1;
    for (std::int64_t id : c.members) {
      Firm* m = find_firm(id);
      if (!m || !m->alive) continue;
      innovation_to_market(*m, cp.member_gain_share * cp.gain, market_counter);
      m->ip_count += 1;
    }
    c.breakthrough = true;
    c.active = false;
    consortium_breakthroughs_ += 1;
    return;
  }
  if (c.years_run >= cp.duration_years) c.active = false;
}

void Ecosystem::talent_services() {
  const TalentServicesParams& sp = p_.talent_services;
  // Places are bought for one year at a time: last year's lapse here.
  talent_served_ = 0;
  if (!sp.programme.active(calendar_year())) return;
  // Whole places, as many as the year's budget buys, but no more than the
  // talent who need them (a place for someone who owns a flat and has no
  // school-age children buys nothing). No draw: who is served does not
  // matter to a pool without individuals, so the lever shifts no stream.
  const double c = sp.cost_per_person_yuan;
  const double wanted =
      std::floor(std::min(budget_left_[static_cast<int>(Fiscal::talent_services)] / c, sp.eligible_share * talent_stock_));
  const double cost = spend_budget(Fiscal::talent_services, sp.programme, wanted * c);
  if (cost <= 0) return;
  // Paid to the providers (landlords, schools, insurers and clinics), not
  // to firms: the services reach firms only through the talent pool.
  ledger_.transfer(Account::government, Account::external, cost, Flow::talent_services);
  talent_served_ = cost / c;
}

void Ecosystem::liaison_officers() {
  const LiaisonParams& lp = p_.liaison;
  // Officers are hired for one year at a time: last year's leave here.
  for (Firm& f : firms_) f.liaison = false;
  liaison_firms_ = 0;
  if (!lp.programme.active(calendar_year())) return;
  // The top-N list, best first (ties to the lower id, as in the ranking):
  // when the budget cannot staff the whole list, the best firms are served.
  std::vector<std::pair<double, std::size_t>> top;
  for (std::size_t i = 0; i < firms_.size(); ++i)
    if (firms_[i].alive && firms_[i].top_points) top.emplace_back(-firms_[i].innovation_points, i);
  if (top.empty()) return;
  std::sort(top.begin(), top.end(), [this](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : firms_[a.second].id < firms_[b.second].id;
  });
  // Whole officers, as many as the budget pays but no more than the list needs.
  const auto k = static_cast<double>(lp.firms_per_officer);
  const double needed = std::ceil(static_cast<double>(top.size()) / k);
  const double officers = std::floor(std::min(budget_left_[static_cast<int>(Fiscal::liaison_officers)] / lp.cost_per_officer_yuan, needed));
  const double cost = spend_budget(Fiscal::liaison_officers, lp.programme, officers * lp.cost_per_officer_yuan);
  if (cost <= 0) return;
  // Salaries leave the city's books: officers help firms apply, they pay them nothing.
  ledger_.transfer(Account::government, Account::external, cost, Flow::liaison_officers);
  const auto served = static_cast<std::size_t>(std::min(static_cast<double>(top.size()), cost / lp.cost_per_officer_yuan * k));
  for (std::size_t j = 0; j < served; ++j) firms_[top[j].second].liaison = true;
  liaison_firms_ = static_cast<double>(served);
}

void Ecosystem::talent_month() {
  // The pool of researchers and engineers: inflow and outflow; firms' S&T
  // demand beyond the pool makes R&D less effective (scarcity).
  const TalentParams& tp = p_.talent;
  if (talent_served_ <= 0) {
    // Without service places, the rates alone (the exact pre-lever arithmetic).
    talent_stock_ *= 1.0 + (tp.inflow_rate - tp.outflow_rate) / 12.0;
  } else {
    // Talent services: the served share sigma of the stock leaves at rho r_out
    // instead of r_out, and the offer raises inflow by eta sigma (the chance
    // that a newcomer gets a place). Both are booked apart from the base
    // flows so that the metrics report what the services added.
    const TalentServicesParams& sp = p_.talent_services;
    const double served = talent_stock_ > 0 ? std::min(1.0, talent_served_ / talent_stock_) : 0.0;
    const double retained = talent_stock_ * tp.outflow_rate * served * (1.0 - sp.retention_factor) / 12.0;
    const double attracted = talent_stock_ * tp.inflow_rate * sp.attraction * served / 12.0;
    talent_stock_ *= 1.0 + (tp.inflow_rate - tp.outflow_rate) / 12.0;
    talent_stock_ += retained + attracted;
    talent_retained_ += retained;
    talent_attracted_ += attracted;
  }
  talent_month_factor();
}

void Ecosystem::talent_month_factor() {
  talent_factor_ = st_demand_ > 0
                       ? std::pow(std::min(1.0, talent_stock_ / st_demand_), p_.talent.scarcity_elasticity)
                       : 1.0;
}

}  // namespace innosim::model
