#include "innosim/model/finance/insurer.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

namespace {
// Its fiscal line: the rank is its place among the fiscal_<line> metrics (models/README.md, "Fiscal lines");
// the funding by level as in docs/model.md 2.6.
const Fiscal FISCAL_INSURANCE = register_fiscal_line(
    {.rank = 300, .name = "insurance", .kind = FiscalKind::outlay, .share = CITY_MONEY, .flow = Flow::premium_subsidy,
     .label = "insurance premium subsidy", .label_zh = "科技保险保费补贴"});
}  // namespace

namespace {
constexpr std::uint64_t P_LOSS = engine::purpose_id("loss");
constexpr std::uint64_t P_LOSS_SIZE = engine::purpose_id("loss_size");
constexpr std::uint64_t P_INSURE = engine::purpose_id("insure");
constexpr std::uint64_t P_RENEW = engine::purpose_id("insurance_renewal");
constexpr std::uint64_t P_TERM = engine::purpose_id("insurance_term_left");
}  // namespace

Insurer::Insurer(World& w) {
  w.government.add_line(FISCAL_INSURANCE, w.p.insurance.programme);
  // The year's subsidy claims are paid after the year: owed from the month they are earned (2.6).
  w.government.add_obligation(FISCAL_INSURANCE, [](const World& wr) { return wr.insurer.owed(wr); });
}

double Insurer::paid_share(double budget, double claims) {
  // As the interest subsidy's envelope (7.8): a year without a budget pays
  // nothing, and a budget pays all of the claims it covers.
  if (budget <= 0) return 0.0;
  return claims > 0 ? std::min(1.0, budget / claims) : 1.0;
}

double Insurer::claim_of(const Firm& f) const {
  const auto id = static_cast<std::size_t>(f.id);
  return id < claim_.size() ? claim_[id] : 0.0;
}

double Insurer::expected_claims(const World& w, double monthly_revenue, double cover) const {
  // Losses a = phi 12 S U, U ~ U(0.5, 1.5), claims min(a, C): E[min(a, C)]
  // in closed form, times the expected number of events in a year.
  const InsuranceParams& ip = w.p.insurance;
  const double a = ip.loss_revenue_share * 12.0 * monthly_revenue;
  if (a <= 0 || cover <= 0) return 0.0;
  const double x = cover / a;  // the cover in units of the mean loss
  const double mean = x >= 1.5 ? a : x <= 0.5 ? cover : a * 0.5 * (x * x - 0.25) + cover * (1.5 - x);
  const double events = 12.0 * (1.0 - std::exp(-ip.loss_event_rate / 12.0));
  return events * mean;
}

void Insurer::write(World& w, Firm& f, bool renewal) {
  const InsuranceParams& ip = w.p.insurance;
  const double cover = std::min(ip.max_cover_yuan, ip.cover_revenue_multiple * 12.0 * f.revenue);
  if (cover <= 0) {
    f.insurance_cover = 0;
    f.insurance_premium = 0;
    return;
  }
  f.insurance_cover = cover;
  f.insurance_premium = static_cast<float>((1.0 + ip.loading) * expected_claims(w, f.revenue, cover));
  f.insurance_months_left = static_cast<std::uint8_t>(ip.term_months);
  const int ring = static_cast<int>(w.month % 12);
  written_ring_[ring] += f.insurance_premium;
  written_12m_ += f.insurance_premium;
  (renewal ? renewals_ : new_policies_) += 1;
  cover_written_ += cover;
}

void Insurer::insure_at_start(World& w) {
  const InsuranceParams& ip = w.p.insurance;
  // The insurer's capital for the line: its owners' money (external), when it sells the line.
  if (ip.programme.enabled && ip.capital_yuan > 0) {
    cash_ += ip.capital_yuan;
    w.ledger.transfer(Account::external, Account::insurer, ip.capital_yuan, Flow::endowment);
  }
  // Policies in force at the start (the flow written in the year before the
  // start, 5): the first eligible firms, each with a uniform month left of its term.
  int to_insure = static_cast<int>(ip.programme.enabled ? w.p.initial.insured_firms : 0);
  for (Firm& f : w.firms) {
    if (to_insure <= 0) break;
    if (f.stage < ip.programme.min_stage || f.revenue <= 0) continue;
    write(w, f, false);
    f.insurance_months_left = static_cast<std::uint8_t>(
        1 + std::min(ip.term_months - 1, static_cast<int>(ip.term_months * draw(f, P_TERM, 0))));
    --to_insure;
  }
  // Written before the start: not this run's flow.
  written_ring_.fill(0.0);
  new_policies_ = renewals_ = cover_written_ = 0;
  for (const Firm& f : w.firms) written_ring_[0] += f.insurance_premium;
  written_12m_ = written_ring_[0];
}

void Insurer::start_month(const World& w) {
  const InsuranceParams& ip = w.p.insurance;
  loss_p_ = 1.0 - std::exp(-ip.loss_event_rate / 12.0);
  // The premium subsidy takes claims this year only with a budget and a
  // share: a year without either has no scheme to claim from.
  const int year = w.calendar_year();
  subsidy_open_ = ip.programme.active(year) && ip.programme.budget_yuan.at(year) > 0 && ip.premium_subsidy_share > 0;
  // The subsidy share firms expect, once a year: the share times the part of
  // the claims they expect the year's budget to pay, forecast from the
  // claims of the year before (in the first year, from the annual premiums
  // of the policies in force). A budget far below the claims subsidises
  // little, whatever the share.
  if (expected_share_ < 0 || year != year_) {
    const double forecast = last_year_claims_ >= 0 ? last_year_claims_ : ip.premium_subsidy_share * written_12m_;
    expected_share_ = subsidy_open_ ? ip.premium_subsidy_share * paid_share(w.government.budget_left(FISCAL_INSURANCE), forecast) : 0.0;
    year_ = year;
  }
  // Take-up falls with the firm's net price per yuan of expected claims:
  // (1 + theta)(1 - s), the loading less the subsidy.
  const double net_price = (1.0 + ip.loading) * (1.0 - expected_share_);
  take_up_p_ = net_price > 0 ? std::min(1.0, ip.take_up_per_month * std::pow(net_price, -ip.price_elasticity)) : 1.0;
  // The premiums written 12 months ago leave the window.
  const int ring = static_cast<int>(w.month % 12);
  written_12m_ -= written_ring_[ring];
  written_ring_[ring] = 0;
  writing_ = ip.programme.active(w.calendar_year()) && cash_ >= ip.solvency_capital_per_premium * written_12m_;
  // Room for every firm's claim (ids are dense and rise with entry; the
  // firms stepped this month end with the last entrant).
  if (!w.firms.empty()) {
    const auto need = static_cast<std::size_t>(w.firms.back().id) + 1;
    if (claim_.size() < need) claim_.resize(need + need / 8, 0.0);
  }
}

void Insurer::month(World& w, Firm& f) {
  const InsuranceParams& ip = w.p.insurance;
  const bool insured = f.insurance_cover > 0;
  if (insured) {
    // The firm pays the whole instalment and claims the subsidy on it; the
    // claim is reimbursed after the year (reimburse), as the schemes do.
    const double premium = f.insurance_premium / 12.0;  // the monthly instalment
    w.pay(f, Account::insurer, premium, Flow::premium);
    cash_ += premium;
    premiums_ += premium;
    if (subsidy_open_) {
      const auto id = static_cast<std::size_t>(f.id);
      if (id >= claim_.size()) throw InternalError("insurer: a firm id beyond the claims table");
      // Within the per-firm cap on a calendar year's subsidy (the pilot
      // design: 「每个企业每年最高补贴额度不超过20万元」): the year's claims
      // so far are claim_[id], reset when the year's claims are reimbursed.
      const double claim = std::min(ip.premium_subsidy_share * premium, std::max(0.0, ip.premium_subsidy_cap_yuan - claim_[id]));
      claim_[id] += claim;
      claims_year_ += claim;
      subsidy_claims_ += claim;
    }
  }
  // Product/R&D loss events hit every firm; the insured are compensated.
  if (loss_p_ > 0 && draw(f, P_LOSS, w.month) < loss_p_) {
    const double loss = ip.loss_revenue_share * 12.0 * f.revenue * (0.5 + draw(f, P_LOSS_SIZE, w.month));
    w.pay(f, Account::external, loss, Flow::loss_event);
    if (insured) {
      const double claim = std::min(loss, f.insurance_cover);
      cash_ -= claim;
      w.receive(f, Account::insurer, claim, Flow::claim);
      w.emit(EventKind::insurance_claim, f, claim);
    }
  }
  if (insured) {
    // The end of the term: renewed (while the insurer writes) or lapsed.
    if (--f.insurance_months_left > 0) return;
    if (writing_ && f.stage >= ip.programme.min_stage && draw(f, P_RENEW, w.month) < ip.renewal_share) {
      write(w, f, true);
    } else {
      f.insurance_cover = 0;
      f.insurance_premium = 0;
    }
  } else if (writing_ && f.stage >= ip.programme.min_stage && draw(f, P_INSURE, w.month) < take_up_p_) {
    write(w, f, false);
  }
}

double Insurer::owed(const World& w) const {
  // What the reimbursement would pay if the year closed now: the claims of
  // firms alive, within the year's budget (nothing is spent from it before).
  // At the last sample of a year it is what the annual review pays.
  // The claims table is indexed by firm id (firms are kept in id order) and
  // an exit clears its firm's entry (on_exit), so summing the compact table
  // adds the same claims in the same order as a pass over the firms alive,
  // bit for bit, without touching every firm's record at every sample.
  double claims = 0;
  for (double c : claim_) claims += c;
  return claims * paid_share(w.government.budget_left(FISCAL_INSURANCE), claims);
}

void Insurer::on_exit(const Firm& f) {
  // A firm that exits forfeits its unpaid claim (reimburse pays the firms still in business).
  const auto id = static_cast<std::size_t>(f.id);
  if (id < claim_.size()) claim_[id] = 0.0;
}

void Insurer::reimburse(World& w, int year) {
  // After the fact, as premium-subsidy schemes pay (docs/model.md 7.10): the
  // year's claims of the firms still in business are paid from the year's
  // budget, every claim scaled by the same share when together they exceed
  // it (pro rata), so no month of the year is better to insure in than
  // another. A firm that exited forfeits its claim.
  const Programme& pr = w.p.insurance.programme;
  double claims = 0;
  for (const Firm& f : w.firms)
    if (f.alive) claims += claim_of(f);
  const double share = pr.active(year) ? paid_share(w.government.budget_left(FISCAL_INSURANCE), claims) : 0.0;
  last_ = Reimbursement{.least = INF, .largest = 0, .claims = claims, .paid = 0, .firms = 0};
  for (Firm& f : w.firms) {
    if (!f.alive) continue;
    const double c = claim_of(f);
    if (c <= 0) continue;
    const double paid = w.government.spend(FISCAL_INSURANCE, pr, share * c, year);
    if (paid <= 0) continue;
    w.receive(f, Account::government, paid, Flow::premium_subsidy);
    last_.least = std::min(last_.least, paid / c);
    last_.largest = std::max(last_.largest, paid / c);
    last_.paid += paid;
    ++last_.firms;
  }
  if (last_.firms == 0) last_.least = 0;
  std::fill(claim_.begin(), claim_.end(), 0.0);
  if (claims > 0) last_paid_share_ = share;
  last_year_claims_ = claims;
  claims_year_ = 0;
}

void Insurer::report_claims(const World& w, MetricRow& out) const {
  out.insert(out.end(), {w.ledger.period(Flow::claim), premiums_, new_policies_, renewals_, cover_written_, subsidy_claims_});
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& Insurer::cover_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"insured_firms", "firms", "Alive firms holding a technology-insurance policy", MetricKind::stock,
       "Insured firms", "投保科技保险企业", "持有有效科技保险保单的存续企业"},
      {"insurance_cover", "yuan", "Cover of the technology-insurance policies in force", MetricKind::stock,
       "Insurance cover in force", "有效保额", "抽样时点有效科技保险保单的保险金额合计"},
      {"insurer_capital", "yuan", "The insurer's capital for technology insurance (premiums in, claims out)", MetricKind::stock,
       "Insurer capital", "保险机构资本", "抽样时点保险机构用于科技保险的资本（保费流入、赔款流出）"},
      {"insurance_subsidy_paid_share", "share", "Share of the last reimbursed year's premium-subsidy claims the budget paid", MetricKind::stock,
       "Premium subsidy paid share", "保费补贴兑付比例", "上一补贴年度保费补贴申领额中实际拨付的比例（超出预算时按比例拨付）"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 500 (models/README.md, "Metrics").
const RegisterMetrics insurer_cover_metrics{500, &Insurer::cover_metrics,
                                            [](const World& w, const Census& c, MetricRow& o) { w.insurer.report_cover(c, o); }};
}  // namespace

const std::vector<MetricInfo>& Insurer::claim_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"insurance_claims", "yuan", "Claims paid by the insurer since the previous sample", MetricKind::flow,
       "Insurance claims", "保险赔付", "上次抽样以来保险机构支付的赔款"},
      {"insurance_premiums", "yuan", "Premiums paid to the insurer (firms' part and subsidy) since the previous sample", MetricKind::flow,
       "Insurance premiums", "科技保险保费", "上次抽样以来向保险机构缴纳的保费（企业自付部分和财政补贴）"},
      {"insurance_new_policies", "policies", "Technology-insurance policies written to firms not insured before, since the previous sample", MetricKind::flow,
       "New insurance policies", "新承保保单", "上次抽样以来向此前未投保企业新签发的科技保险保单"},
      {"insurance_renewals", "policies", "Technology-insurance policies renewed at the end of their term since the previous sample", MetricKind::flow,
       "Insurance renewals", "续保保单", "上次抽样以来期满续保的科技保险保单"},
      {"insurance_cover_written", "yuan", "Cover of the policies written (new and renewed) since the previous sample", MetricKind::flow,
       "Insurance cover written", "新承保保额", "上次抽样以来签发（新保和续保）保单的保险金额"},
      {"insurance_subsidy_claims", "yuan", "Premium-subsidy claims firms earned on the premiums they paid since the previous sample (paid after the year)", MetricKind::flow,
       "Premium subsidy claims", "保费补贴申领额", "上次抽样以来企业按已缴保费应得的保费补贴（次年事后拨付）"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 900 (models/README.md, "Metrics").
const RegisterMetrics insurer_claim_metrics{900, &Insurer::claim_metrics,
                                            [](const World& w, const Census&, MetricRow& o) { w.insurer.report_claims(w, o); },
                                            [](World& w) { w.insurer.restart_period(); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, InsuranceParams& in) {
  b.section("policies.tech_insurance",
            "Technology insurance: policies written monthly for a term, premiums priced from expected claims, a premium subsidy "
            "reimbursed after the year (pro rata when oversubscribed). `enabled: false` removes the insurer's line of business "
            "(the market); `premium_subsidy_share: 0` or `budget_yuan: 0` removes only the government's subsidy.",
            {"Technology insurance", "科技保险",
             "按月承保、有保险期限的保单，按预期赔付定价的保费，次年事后拨付（超出预算时按比例）的保费补贴，以及持有资本的保险机构。"
             "`enabled: false` 关闭保险机构的整项业务（市场）；`premium_subsidy_share: 0` 或 `budget_yuan: 0` 只取消政府的保费补贴。"});
  b.programme("policies.tech_insurance", in.programme, true,
              "Annual budget of the premium subsidy: the year's claims are paid after the year, scaled pro rata when they exceed it.",
              "保费补贴的年度预算：当年申领的补贴于次年拨付，超出预算时按比例核减。");
  b.number("policies.tech_insurance.take_up_per_month", in.take_up_per_month, "probability per month", 0, 1,
           "h0: monthly take-up by an eligible uninsured firm at a net price of 1 yuan per yuan of expected claims.",
           "`h0`：净价格为每1元预期赔付1元时，符合条件的未投保企业每月投保的概率。");
  b.number("policies.tech_insurance.price_elasticity", in.price_elasticity, "", 0, 10,
           "epsilon: take-up x ((1 + loading)(1 - subsidy share))^-epsilon.",
           "`epsilon`：投保概率乘以 `((1 + 附加费率)(1 - 补贴比例))^-epsilon`。");
  b.integer("policies.tech_insurance.term_months", in.term_months, "months", 1, 120, "A policy's term.",
            "一份保单的保险期限。");
  b.number("policies.tech_insurance.renewal_share", in.renewal_share, "probability", 0, 1, "Probability a policy is renewed at the end of its term.",
           "保单到期时续保的概率。");
  b.number("policies.tech_insurance.loading", in.loading, "share of expected claims", 0, 10,
           "theta: premium = (1 + theta) x expected claims (the insurer's costs and margin).",
           "`theta`：保费 = `(1 + theta)` × 预期赔付（保险公司的费用和利润）。");
  b.number("policies.tech_insurance.premium_subsidy_share", in.premium_subsidy_share, "share", 0, 1,
           "Share of the premium the government reimburses (claimed on premiums paid; 0: no subsidy, the market stays).",
           "政府事后补贴的保费比例（按已缴保费申领；0表示不补贴，保险市场照常运行）。");
  b.number("policies.tech_insurance.premium_subsidy_cap_yuan", in.premium_subsidy_cap_yuan, "yuan", 0, INF,
           "Most premium subsidy a firm can claim in a calendar year (1e300: no cap).",
           "一家企业每个公历年可申领的保费补贴上限（1e300为不设上限）。");
  b.number("policies.tech_insurance.cover_revenue_multiple", in.cover_revenue_multiple, "years of revenue", 0, 100, "Cover = multiple x annual revenue.",
           "保额 = 倍数 × 年营业收入。");
  b.number("policies.tech_insurance.max_cover_yuan", in.max_cover_yuan, "yuan", 0, INF, "Largest cover per firm.",
           "每家企业的最高保额。");
  b.number("policies.tech_insurance.loss_event_rate", in.loss_event_rate, "per firm-year", 0, 12, "Product/R&D loss events (all firms).",
           "产品或研发损失事件的发生率（所有企业）。");
  b.number("policies.tech_insurance.loss_revenue_share", in.loss_revenue_share, "share of annual revenue", 0, 10, "Mean size of a loss event.",
           "一次损失事件的平均规模。");
  b.number("policies.tech_insurance.insurer_capital_yuan", in.capital_yuan, "yuan", 0, INF,
           "The insurer's capital for technology insurance at the start (scales with the city's size).",
           "起始时保险公司用于科技保险的资本（随城市规模缩放）。");
  b.number("policies.tech_insurance.solvency_capital_per_premium", in.solvency_capital_per_premium, "x annual premiums", 0, 100,
           "New policies and renewals only while capital >= this x the premiums written in the last 12 months.",
           "仅当资本不低于该倍数 × 过去12个月签发的保费时，才承保新保单和续保。");
  // Losses strike uninsured firms too; insurance written at the start outlives the window.
  b.switch_gates("policies.tech_insurance", {"loss_event_rate", "loss_revenue_share"}, false);
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 900 (models/README.md, "Scenario keys").
const RegisterKeys insurance_keys_at{900, [](Binder& b, Params& p) { bind_keys(b, p.insurance); }};
}  // namespace

}  // namespace innosim::model
