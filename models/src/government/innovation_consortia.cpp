#include "innosim/model/government/innovation_consortia.hpp"

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
const Flow FLOW_CONSORTIUM_RESEARCH = register_flow("consortium_research");  ///< consortium leader -> lab (the lab's part of a consortium's yearly budget) (innovation_consortia)
}  // namespace

namespace {
// Its fiscal line: the rank is its place among the fiscal_<line> metrics (models/README.md, "Fiscal lines");
// the funding by level as in docs/model.md 2.6.
const Fiscal FISCAL_INNOVATION_CONSORTIA = register_fiscal_line(
    {.rank = 1900, .name = "innovation_consortia", .kind = FiscalKind::outlay, .share = CITY_MONEY, .flow = SHARED_FLOW,
     .label = "innovation consortia", .label_zh = "创新联合体"});
}  // namespace

namespace {
constexpr std::uint64_t P_CONSORTIUM = engine::purpose_id("consortium");
// Innovation counter of a consortium breakthrough (see pilot draws, 4.9):
// apart from own innovations (months), adopted results (10^6 + id) and
// open-competition projects (2 10^6 + year).
constexpr std::uint64_t CONSORTIUM_COUNTER = 3000000;
}  // namespace

InnovationConsortia::InnovationConsortia(World& w) {
  w.government.add_line(FISCAL_INNOVATION_CONSORTIA, w.p.consortia.programme);
}

void InnovationConsortia::year(World& w) {
  const ConsortiumParams& cp = w.p.consortia;
  // Running consortia first: they were promised their grant for D years, so
  // they come before new ones in the year's budget.
  for (std::size_t k = 0; k < consortia_.size(); ++k)
    if (consortia_[k].active) consortium_year(w, k);
  if (!cp.programme.active(w.calendar_year())) return;

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
    if (w.government.budget_left(FISCAL_INNOVATION_CONSORTIA) < cp.grant_yuan || cp.grant_yuan <= 0) break;
    // The chain leader: the highest-rung, then largest (last year's revenue)
    // eligible firm in a sector without a consortium that can co-fund a
    // year. No draw: the choice is deterministic, so it shifts no stream.
    Firm* leader = nullptr;
    for (Firm& f : w.firms) {
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
    for (std::size_t i = 0; i < w.firms.size(); ++i) {
      const Firm& f = w.firms[i];
      if (f.alive && f.sector == leader->sector && f.id != leader->id && f.stage >= cp.member_min_stage && !is_busy(f.id))
        ranked.emplace_back(-f.innovation_points, i);
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    Consortium c;
    c.leader = leader->id;
    c.sector = leader->sector;
    c.formed_year = w.calendar_year();
    for (std::size_t k = 0; k < ranked.size() && static_cast<int>(k) < cp.members; ++k)
      c.members.push_back(w.firms[ranked[k].second].id);
    for (std::int64_t id : c.members) busy.push_back(id);
    busy.push_back(c.leader);
    std::sort(busy.begin(), busy.end());
    sector_taken[c.sector] = true;
    consortia_.push_back(std::move(c));
    consortium_year(w, consortia_.size() - 1);  // the first year starts at once
  }
}

void InnovationConsortia::consortium_year(World& w, std::size_t index) {
  const ConsortiumParams& cp = w.p.consortia;
  Consortium& c = consortia_[index];
  const int year = w.calendar_year();
  Firm* leader = w.find_firm(c.leader);
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
  const double grant = w.government.spend(FISCAL_INNOVATION_CONSORTIA, cp.programme, cp.grant_yuan, year);
  const double total = grant > 0 ? grant / (1.0 - cp.cofunding_share) : 0.0;
  if (grant > 0) {
    w.receive(*leader, Account::government, grant, Flow::programme_grant);
    const double to_lab = cp.lab_share * total;
    w.pay(*leader, Account::labs, to_lab, FLOW_CONSORTIUM_RESEARCH);
    w.labs.receive(to_lab);
    w.pay(*leader, Account::external, total - to_lab, Flow::project_cost);
    c.grants += grant;
    c.cofunding += total - grant;
    cofunding_ += total - grant;
  }
  ++c.years_run;
  // Breakthrough on the key technology: yearly probability rising with the
  // year's funding and saturating below 1 (a key technology may resist any
  // budget). The draw is keyed by the leader's origin, the consortium's
  // index and the year, so it is new to this programme and shifts no other draw.
  const double p = cp.success_max * (1.0 - std::exp(-total / cp.reference_funding_yuan));
  const std::uint64_t counter = static_cast<std::uint64_t>(index) * 100000 + static_cast<std::uint64_t>(year);
  if (total > 0 && draw(*leader, P_CONSORTIUM, counter) < p) {
    // The result is owned jointly by the firms and the lab: the members use
    // it at once (no licence fee between co-owners), each through its own
    // pilot-test decision, and each files a joint patent.
    // The result is worth V = r T / p a year: at this year's funding T a
    // breakthrough comes with yearly chance p, so it costs T / p in
    // expectation, and V pays the yearly return r on that cost. Over many
    // consortia, failures included, the budget thus earns r a year in
    // expectation (7.25). V goes to the firms as a productivity gain on their
    // sales, the leader's g_L and each member's m g_L:
    // g_L (R_L + m sum R_M) = V, at most max_gain.
    const std::uint64_t market_counter = CONSORTIUM_COUNTER + static_cast<std::uint64_t>(year);
    double sales = 12.0 * leader->revenue;
    for (std::int64_t id : c.members) {
      const Firm* m = w.find_firm(id);
      if (m && m->alive) sales += cp.member_gain_share * 12.0 * m->revenue;
    }
    const double value = cp.return_on_rd * total / p;
    const double gain = sales > 0 ? std::min(cp.max_gain, value / sales) : cp.max_gain;
    c.value = value;
    c.leader_gain = gain;
    w.pilot.innovation_to_market(w, *leader, gain, market_counter);
    leader->ip_count += 1;
    for (std::int64_t id : c.members) {
      Firm* m = w.find_firm(id);
      if (!m || !m->alive) continue;
      w.pilot.innovation_to_market(w, *m, cp.member_gain_share * gain, market_counter);
      m->ip_count += 1;
    }
    c.breakthrough = true;
    c.active = false;
    breakthroughs_ += 1;
    return;
  }
  if (c.years_run >= cp.duration_years) c.active = false;
}

void InnovationConsortia::report(MetricRow& out) const {
  double active = 0;
  for (const Consortium& k : consortia_) active += k.active;
  out.insert(out.end(), {active, breakthroughs_, cofunding_});
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& InnovationConsortia::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"consortia_active", "consortia", "Innovation consortia running at the sample time", MetricKind::stock,
       "Active consortia", "运行中的创新联合体", "抽样时点运行中的创新联合体"},
      {"consortium_breakthroughs", "breakthroughs", "Innovation consortia that broke through on their key technology since the previous sample", MetricKind::flow,
       "Consortium breakthroughs", "创新联合体攻关突破", "上次抽样以来在关键技术上取得突破的创新联合体"},
      {"consortium_cofunding", "yuan", "Consortium leaders' co-funding of their consortia since the previous sample", MetricKind::flow,
       "Consortium co-funding", "创新联合体配套资金", "上次抽样以来牵头企业投入创新联合体的配套资金"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 2400 (models/README.md, "Metrics").
const RegisterMetrics innovation_consortia_metrics{2400, &InnovationConsortia::metrics,
                                                   [](const World& w, const Census&, MetricRow& o) { w.consortia.report(o); },
                                                   [](World& w) { w.consortia.restart_period(); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, ConsortiumParams& ic) {
  b.section("policies.innovation_consortia",
            "Innovation consortia (创新联合体): a chain-leader firm, member firms of its sector and a partner lab attack a key "
            "technology for a few years, funded by a yearly grant and the leader's co-funding. Off by default (no seed figures).",
            {"Innovation consortia", "创新联合体", "链主企业牵头、成员企业和合作院所参与，依靠年度资助攻关关键技术。"});
  b.programme("policies.innovation_consortia", ic.programme, true, "Annual budget for consortium grants (running consortia are paid first).",
              "创新联合体资助的年度预算（优先拨付运行中的联合体）。");
  b.integer("policies.innovation_consortia.per_year", ic.per_year, "consortia per year", 0, 64,
            "Most consortia formed per year (at most one running per sector).",
            "每年最多组建的创新联合体数（每个行业同时最多运行一个）。");
  b.number("policies.innovation_consortia.grant_yuan", ic.grant_yuan, "yuan per year", 0, 1e12, "G: government grant per consortium per year.",
           "`G`：政府每年对每个创新联合体的资助。");
  b.integer("policies.innovation_consortia.duration_years", ic.duration_years, "years", 1, 50,
            "D: years a consortium runs unless it breaks through earlier.",
            "`D`：创新联合体的运行年数（提前突破则提前结束）。");
  b.number("policies.innovation_consortia.cofunding_share", ic.cofunding_share, "share", 0, 0.95,
           "s: the leader's share of the consortium's yearly budget T = G / (1 - s).",
           "`s`：牵头企业承担的联合体年度预算比例，年度预算 `T = G / (1 - s)`。");
  b.integer("policies.innovation_consortia.members", ic.members, "firms", 0, 50, "Member firms besides the leader (the sector's top by innovation points).",
            "牵头企业以外的成员企业数（本行业创新积分排名靠前者）。");
  b.stage("policies.innovation_consortia.member_min_stage", ic.member_min_stage, "Members' eligibility: the lowest rung that qualifies.",
          "成员企业资格：符合条件的最低培育梯度。");
  b.number("policies.innovation_consortia.lab_share", ic.lab_share, "share", 0, 1, "Share of the yearly budget T paid to the partner lab.",
           "年度预算 `T` 中拨付给合作院所的比例。");
  b.number("policies.innovation_consortia.success_max", ic.success_max, "probability per year", 0, 1,
           "p_max: yearly breakthrough probability p = p_max (1 - exp(-T / T_ref)) as funding grows without bound.",
           "`p_max`：资金无限增加时年度突破概率的上限，`p = p_max (1 - exp(-T / T_ref))`。");
  b.number("policies.innovation_consortia.reference_funding_yuan", ic.reference_funding_yuan, "yuan per year", 1, INF,
           "T_ref: the yearly budget at which p reaches 63 % of p_max.",
           "`T_ref`：使突破概率 p 达到 p_max 的63%的年度预算。");
  b.number("policies.innovation_consortia.return_on_rd", ic.return_on_rd, "per year", 0, 10,
           "r: a breakthrough is worth r T / p a year to the participants (T the year's budget, p its yearly breakthrough "
           "chance), a productivity gain on their sales, so that, failures included, the budget earns r a year in expectation.",
           "`r`：突破每年给参与企业带来 `r T / p` 的价值（`T` 为当年预算，`p` 为年度突破概率），体现为其销售额上的生产率提升；计入失败在内，预算每年的期望回报为 `r`。");
  b.number("policies.innovation_consortia.max_gain", ic.max_gain, "share", 0, 10,
           "The largest productivity gain a breakthrough gives the leader.",
           "一次突破给牵头企业带来的最大生产率提升。");
  b.number("policies.innovation_consortia.member_gain_share", ic.member_gain_share, "share", 0, 1,
           "Each member's gain as a share of the leader's.",
           "每家成员企业的生产率提升占牵头企业提升的比例。");
  b.zero_gate("policies.innovation_consortia.budget_yuan");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 3100 (models/README.md, "Scenario keys").
const RegisterKeys consortia_keys_at{3100, [](Binder& b, Params& p) { bind_keys(b, p.consortia); }};
}  // namespace

}  // namespace innosim::model
