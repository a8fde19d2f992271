#include "innosim/model/finance/insurer.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"
#include "innosim/model/world.hpp"

namespace innosim::model {

namespace {
constexpr std::uint64_t P_LOSS = engine::purpose_id("loss");
constexpr std::uint64_t P_LOSS_SIZE = engine::purpose_id("loss_size");
constexpr std::uint64_t P_INSURE = engine::purpose_id("insure");
}  // namespace

Insurer::Insurer(World& w) { w.government.add_line(Fiscal::insurance, w.p.insurance.programme); }

void Insurer::insure_at_start(World& w) {
  // Insured firms at the start (seed: about 1,000): the most certified first.
  int to_insure = static_cast<int>(w.p.insurance.programme.enabled ? w.p.initial.insured_firms : 0);
  for (Firm& f : w.firms) {
    if (to_insure <= 0) break;
    if (f.stage < w.p.insurance.programme.min_stage) continue;
    f.insurance_cover = std::min(w.p.insurance.max_cover_yuan, w.p.insurance.cover_revenue_multiple * 12.0 * f.revenue);
    --to_insure;
  }
}

void Insurer::start_month(const World& w) { loss_p_ = 1.0 - std::exp(-w.p.insurance.loss_event_rate / 12.0); }

void Insurer::month(World& w, Firm& f) {
  const InsuranceParams& ip = w.p.insurance;
  if (f.insurance_cover > 0) {
    const double premium = ip.premium_rate * f.insurance_cover / 12.0;
    const double subsidy = w.government.spend(Fiscal::insurance, ip.programme, ip.premium_subsidy_share * premium, w.calendar_year());
    if (subsidy > 0) w.ledger.transfer(Account::government, Account::insurer, subsidy, Flow::premium_subsidy);
    w.pay(f, Account::insurer, premium - subsidy, Flow::premium);
    cash_ += premium;
  }
  // Product/R&D loss events hit every firm; the insured are compensated.
  if (draw(f, P_LOSS, w.month) < loss_p_) {
    const double loss = ip.loss_revenue_share * 12.0 * f.revenue * (0.5 + draw(f, P_LOSS_SIZE, w.month));
    w.pay(f, Account::external, loss, Flow::loss_event);
    if (f.insurance_cover > 0) {
      const double claim = std::min(loss, f.insurance_cover);
      cash_ -= claim;
      w.receive(f, Account::insurer, claim, Flow::claim);
      w.emit(EventKind::insurance_claim, f, claim);
    }
  }
}

void Insurer::take_up(World& w) {
  const InsuranceParams& ip = w.p.insurance;
  const int year = w.calendar_year();
  if (!ip.programme.active(year)) return;
  for (Firm& f : w.firms) {
    if (!f.alive || f.insurance_cover > 0 || f.stage < ip.programme.min_stage) continue;
    if (draw(f, P_INSURE, static_cast<std::uint64_t>(year)) < ip.take_up_per_year)
      f.insurance_cover = std::min(ip.max_cover_yuan, ip.cover_revenue_multiple * f.revenue_history[0]);
  }
}

void Insurer::report_claims(const World& w, MetricRow& out) const { out.push_back(w.ledger.period(Flow::claim)); }

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& Insurer::cover_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"insured_firms", "firms", "Alive firms holding technology insurance", MetricKind::stock},
  };
  return infos;
}

const std::vector<MetricInfo>& Insurer::claim_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"insurance_claims", "yuan", "Claims paid by the insurer since the previous sample", MetricKind::flow},
  };
  return infos;
}

// ---------------------------------------------------------------- scenario keys

void bind_keys(Binder& b, InsuranceParams& in) {
  b.section("policies.tech_insurance", "Technology insurance: R&D and product-risk cover with a premium subsidy.");
  b.programme("policies.tech_insurance", in.programme, true, "Annual budget of the premium subsidy.");
  b.number("policies.tech_insurance.take_up_per_year", in.take_up_per_year, "probability per year", 0, 1, "Yearly take-up by eligible uninsured firms.");
  b.number("policies.tech_insurance.premium_rate", in.premium_rate, "share of cover per year", 0, 1, "Premium.");
  b.number("policies.tech_insurance.premium_subsidy_share", in.premium_subsidy_share, "share", 0, 1, "Share of the premium the government pays.");
  b.number("policies.tech_insurance.cover_revenue_multiple", in.cover_revenue_multiple, "years of revenue", 0, 100, "Cover = multiple x annual revenue.");
  b.number("policies.tech_insurance.max_cover_yuan", in.max_cover_yuan, "yuan", 0, INF, "Largest cover per firm.");
  b.number("policies.tech_insurance.loss_event_rate", in.loss_event_rate, "per firm-year", 0, 12, "Product/R&D loss events (all firms).");
  b.number("policies.tech_insurance.loss_revenue_share", in.loss_revenue_share, "share of annual revenue", 0, 10, "Mean size of a loss event.");
}

}  // namespace innosim::model
