#include "innosim/model/firms/certification.hpp"

#include <algorithm>
#include <cmath>

#include "binder.hpp"
#include "innosim/model/draws.hpp"
#include "innosim/model/world.hpp"
#include "metric_groups.hpp"

namespace innosim::model {

namespace {
constexpr double US_DOLLAR_YUAN = 7.1;  // exchange rate for the unicorn threshold
constexpr double UNICORN_USD = 1e9;
constexpr std::uint64_t P_HIGHTECH = engine::purpose_id("hightech_share");
constexpr std::uint64_t P_CERT_TERM = engine::purpose_id("hte_term");
constexpr std::uint64_t P_ACCEPT = engine::purpose_id("hte_accept");
constexpr std::uint64_t P_CHECK = engine::purpose_id("hte_check");
constexpr std::uint64_t P_FIRST_REVIEW = engine::purpose_id("hte_first_review");

double age_years(const World& w, const Firm& f) { return static_cast<double>(w.p.start_year) + w.years() - f.birth_year; }

/// The 3-year R&D intensity from the histories (a first year counts alone).
double rd_intensity(const Firm& f) {
  const double rd3 = f.rd_history[0] + f.rd_history[1] + f.rd_history[2];
  const double s3 = f.revenue_history[0] + f.revenue_history[1] + f.revenue_history[2];
  return s3 > 0 ? rd3 / s3 : 0.0;
}

/// The firm's figures as they are (a check finds these).
HteFigures true_figures(const World& w, const Firm& f) {
  return {age_years(w, f), f.ip_count, f.st_staff_share, static_cast<double>(f.hightech_share), rd_intensity(f),
          f.revenue_history[0]};
}
}  // namespace

void Certification::at_birth(const World& w, Firm& f, bool entrant) const {
  const CertificationParams& cp = w.p.certification;
  // Its own streams (keyed by the firm's origin), so the other birth draws stay put.
  const double u = draw(f, P_HIGHTECH, 0);
  if (!entrant && f.stage >= Stage::high_tech) {
    // Certified at the start: it met the criteria, and its certificate was
    // granted in one of the last `term` years (certificates are staggered).
    f.hightech_share = static_cast<float>(HTE_MIN_HIGHTECH_SHARE + (1.0 - HTE_MIN_HIGHTECH_SHARE) * u);
    const int left = 1 + std::min(cp.term_years - 1, static_cast<int>(draw(f, P_CERT_TERM, 0) * cp.term_years));
    f.hte_until = static_cast<std::int16_t>(w.p.start_year - 1 + left);
    f.hte_certified = true;
    return;
  }
  if (!entrant && cp.incumbent_application_years > 1) {
    // An incumbent without a certificate that meets the criteria would, in a
    // steady state, have applied in one of the last years, as the certified
    // ones were granted theirs (staggered above). Without this all of them
    // apply at the first review, and that one cohort expires together every
    // term: the HTE count's saw-tooth (7.12). Its first review is staggered
    // like the certificates; until then it cannot apply (as a barred firm).
    const int k = std::min(cp.incumbent_application_years - 1,
                           static_cast<int>(draw(f, P_FIRST_REVIEW, 0) * cp.incumbent_application_years));
    f.hte_barred_until = static_cast<std::int16_t>(w.p.start_year + k);
  }
  // Beta(m c, (1 - m) c), from a stream keyed like the firm's other draws.
  const double m = std::clamp(cp.hightech_share_mean, 1e-6, 1.0 - 1e-6), c = cp.hightech_share_concentration;
  engine::RandomStream r(w.seed, w.replication, f.stream, P_HIGHTECH);
  f.hightech_share = static_cast<float>(engine::beta(r, m * c, (1.0 - m) * c));
}

bool Certification::apply(World& w, Firm& f) {
  const CertificationParams& cp = w.p.certification;
  if (w.year <= f.hte_barred_until) return false;
  // The figures it would report: relabelling expenses as R&D when that
  // reaches the threshold (Chen et al. 2021).
  HteFigures x = true_figures(w, f);
  const double threshold = hte_rd_threshold(x.revenue_yuan);
  const double own = x.rd_intensity;
  x.rd_intensity = reported_rd_intensity(own, threshold, cp.relabel_share);
  if (!meets_hte_criteria(x)) return false;  // it knows it would fail: no application
  // The benefit it expects over a term: the tax it would save at last
  // year's taxable income, and what the status is worth otherwise, if the
  // experts accept; against the application's cost.
  const double saving = w.tax.hte_saving(w, f, static_cast<double>(f.last_taxable));
  const double benefit = cp.acceptance_rate * cp.term_years * (saving + cp.other_benefit_yuan_per_year);
  if (benefit <= cp.application_cost_yuan) return false;
  applications_ += 1;
  w.pay(f, Account::external, cp.application_cost_yuan, Flow::operating_costs);
  if (draw(f, P_ACCEPT, static_cast<std::uint64_t>(w.year)) >= cp.acceptance_rate) return false;
  f.hte_certified = true;
  f.hte_relabelled = x.rd_intensity > own;
  f.hte_until = static_cast<std::int16_t>(w.year + cp.term_years - 1);
  return true;
}

void Certification::certify(World& w, Firm& f) {
  const CertificationParams& cp = w.p.certification;
  // 1. The certificate: an expired one is renewed by a new application; a
  // valid one may be checked and revoked; a firm without one may apply.
  if (f.hte_certified && f.hte_until < w.year) {
    expiries_ += 1;
    f.hte_certified = false;
    if (apply(w, f)) renewals_ += 1;
  } else if (f.hte_certified) {
    if (draw(f, P_CHECK, static_cast<std::uint64_t>(w.year)) < cp.check_rate && !meets_hte_criteria(true_figures(w, f))) {
      // Revoked (a demotion); false figures bar the firm for ban_years, a
      // firm that no longer qualifies may apply again next year.
      revocations_ += 1;
      f.hte_certified = false;
      f.hte_barred_until = static_cast<std::int16_t>(w.year + (f.hte_relabelled ? cp.ban_years - 1 : 0));
    }
  } else if (apply(w, f)) {
    new_ += 1;
  }

  // 2. The rung.
  const double s_now = f.revenue_history[0];
  const double intensity = rd_intensity(f);
  const double age = age_years(w, f);
  const double growth3 = f.revenue_history[3] > 0 ? std::pow(s_now / f.revenue_history[3], 1.0 / 3.0) - 1.0 : 0.0;
  const bool gazelle_growth = growth3 > 0.20 && f.revenue_history[3] >= 10.0 * 12.0 * w.dynamics.wage();
  const Stage before = f.stage;
  // Unicorns are venture-backed private firms (valuation set by funding rounds and growth).
  if (f.venture_invested > 0 && f.valuation >= UNICORN_USD * US_DOLLAR_YUAN && age <= 10.0)
    f.stage = Stage::unicorn;
  else if (f.hte_certified && gazelle_growth)
    f.stage = Stage::gazelle;
  else if (f.hte_certified)
    f.stage = Stage::high_tech;
  else if (f.employees <= 500 && s_now <= 200e6 && f.st_staff_share >= 0.10 && tech_sme_score(f, intensity) >= 60.0)
    f.stage = Stage::tech_sme;
  else
    f.stage = Stage::startup;
  if (f.stage != before) w.emit(EventKind::certification, f, static_cast<double>(f.stage));
  // Notching: firms just below the HTE R&D threshold raise R&D to clear it
  // (bunching at the threshold, Chen, Liu, Suarez Serrato and Xu 2021): the
  // real part of their response, beside relabelling.
  const double threshold = hte_rd_threshold(s_now);
  if (f.stage >= Stage::tech_sme && intensity < threshold && intensity >= threshold - w.p.firm.notching_band)
    f.rd_share = std::max(f.rd_share, threshold + 0.002);
}

void Certification::report(const Census& c, MetricRow& out) const {
  out.insert(out.end(), {c.hte_certified, c.hte_relabelled, applications_, new_, renewals_, expiries_, revocations_, exits_});
}

const std::vector<MetricInfo>& Certification::metrics() {
  static const std::vector<MetricInfo> infos = {
      {"hte_certified", "firms", "Alive firms holding a valid high-tech enterprise certificate (the HTE count; any rung)", MetricKind::stock,
       "Certified high-tech enterprises", "有效期内高新技术企业", "持有有效高新技术企业证书的存续企业（各梯度合计）"},
      {"hte_relabelled", "firms", "Of hte_certified, firms whose certificate rests on expenses relabelled as R&D", MetricKind::stock,
       "HTEs on relabelled R&D", "归集研发费用认定的高企", "证书依据将其他费用归集为研发费用而取得的高新技术企业"},
      {"hte_applications", "applications", "HTE applications (first and renewal) since the previous sample", MetricKind::flow,
       "HTE applications", "高企认定申请", "上次抽样以来的高新技术企业认定申请（含首次和重新认定）"},
      {"hte_new_certifications", "firms", "Firms without a certificate newly certified since the previous sample", MetricKind::flow,
       "New HTE certifications", "新认定高企", "上次抽样以来首次（或失效后）获认定的企业"},
      {"hte_renewals", "firms", "Expiring certificates renewed (re-certified) since the previous sample", MetricKind::flow,
       "HTE renewals", "重新认定高企", "上次抽样以来证书到期后重新认定通过的企业"},
      {"hte_expiries", "firms", "Certificates that reached the end of their term (renewed or not) since the previous sample", MetricKind::flow,
       "HTE certificates expired", "到期高企证书", "上次抽样以来三年有效期届满的证书（含已重新认定）"},
      {"hte_revocations", "firms", "Certificates revoked after a check found the firm below the criteria since the previous sample", MetricKind::flow,
       "HTE revocations", "取消资格高企", "上次抽样以来经抽查不符合认定条件而被取消资格的企业"},
      {"hte_exits", "firms", "Certified firms that exited since the previous sample", MetricKind::flow,
       "HTE exits", "退出的高企", "上次抽样以来退出的持证高新技术企业"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 200 (models/README.md, "Metrics").
const RegisterMetrics certification_metrics{200, &Certification::metrics,
                                            [](const World& w, const Census& c, MetricRow& o) { w.certification.report(c, o); },
                                            [](World& w) { w.certification.restart_period(); }};
}  // namespace

void bind_keys(Binder& b, CertificationParams& c) {
  b.section("certification", "High-tech enterprise certification: applications, review, term, checks (7.12).",
            {"High-tech certification", "高新技术企业认定", "高新技术企业认定：按公开认定条件申请、专家评审、三年有效期、抽查与取消资格。"});
  b.integer("certification.term_years", c.term_years, "years", 1, 20, "A certificate's validity (2016 HTE measures, art. 13: 3 years).",
            "证书有效期（2016年《高新技术企业认定管理办法》第13条：3年）。");
  b.number("certification.acceptance_rate", c.acceptance_rate, "share", 0, 1,
           "Share of applications meeting the criteria that the expert review accepts.",
           "符合认定条件的申请中通过专家评审的比例。");
  b.number("certification.application_cost_yuan", c.application_cost_yuan, "yuan", 0, INF,
           "A firm's cost of an application (agency fees, the special audit of R&D expenses).",
           "企业申请一次认定的成本（中介费、研发费用专项审计）。");
  b.number("certification.other_benefit_yuan_per_year", c.other_benefit_yuan_per_year, "yuan per year", 0, INF,
           "What the status is worth to a firm each year besides the reduced tax rate (eligibility, rewards).",
           "除优惠税率外，资格每年给企业带来的其他价值（项目申报资格、奖励）。");
  b.number("certification.relabel_share", c.relabel_share, "share", 0, 1,
           "Relabelled expenses at most this share of the R&D a firm reports (Chen et al. 2021: 24.2 %).",
           "归集为研发费用的其他费用最多占企业申报研发费用的该比例（Chen 等 2021：24.2%）。");
  b.number("certification.check_rate", c.check_rate, "per year", 0, 1,
           "Share of certified firms checked each year; one below the criteria loses its certificate.",
           "每年抽查的持证企业比例；不符合认定条件的取消资格。");
  b.integer("certification.ban_years", c.ban_years, "years", 0, 50,
            "No application accepted for this long after a certificate resting on false figures was revoked (art. 19: 5).",
            "证书因弄虚作假被取消后，不受理其认定申请的年数（第19条：5年）。");
  b.number("certification.hightech_share_mean", c.hightech_share_mean, "share", 0, 1,
           "Mean share of revenue from high-tech products and services at birth.",
           "企业成立时高新技术产品（服务）收入占总收入比例的均值。");
  b.number("certification.hightech_share_concentration", c.hightech_share_concentration, "", 0.1, 1e4,
           "Concentration of that share across firms (its s.d. is sqrt(m (1 - m) / (c + 1))).",
           "该比例在企业间分布的集中度（其标准差为 `sqrt(m (1 - m) / (c + 1))`）。");
  b.number("certification.hightech_gain", c.hightech_gain, "share", 0, 1,
           "An adopted innovation moves the high-tech revenue share this part of the way to 1.",
           "每采用一项创新，高新技术产品（服务）收入比例向1靠近的幅度（占剩余差距的比例）。");
  b.integer("certification.incumbent_application_years", c.incumbent_application_years, "reviews", 1, 20,
            "An incumbent without a certificate at the start first applies at one of this many first annual reviews, drawn "
            "uniformly (1: all at the first review; the term staggers them as the initial certificates are).",
            "起始时未持证的存量企业首次申请认定的年度评审，在前若干次评审中均匀抽取（1：全部在首次评审申请；取有效期年数则与初始证书同样错开）。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 3800 (models/README.md, "Scenario keys").
const RegisterKeys certification_keys_at{3800, [](Binder& b, Params& p) { bind_keys(b, p.certification); }};
}  // namespace

}  // namespace innosim::model
