#include "innosim/model/parameters.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "binder.hpp"
#include "innosim/engine/error.hpp"

namespace innosim::model {

namespace {

/// The initial conditions: they set up several modules at once.
void bind_initial_keys(Binder& b, InitialParams& i0) {
  b.section("initial", "Initial conditions (the seed's figures).",
            {"Initial conditions", "初始条件", "运行起始时的基准数据。"});
  b.group("initial.stage_shares", "Share of the initial firms on each rung of the ladder.",
          {"Initial stage shares", "初始梯度结构", "初始企业在各培育梯度上的占比。"});
  b.group("initial.median_employees", "Median employees at the start on each rung.",
          {"Initial median employees", "初始从业人数中位数", "起始时各梯度企业从业人数的中位数。"});
  static const char* STAGE_KEYS[STAGE_COUNT] = {"startup", "tech_sme", "high_tech", "gazelle", "unicorn"};
  static const char* SHARE_ZH[STAGE_COUNT] = {"初始企业中初创企业的比例。", "初始企业中科技型中小企业的比例。",
                                              "初始企业中高新技术企业的比例。", "初始企业中瞪羚企业的比例。",
                                              "初始企业中独角兽企业的比例。"};
  static const char* EMPLOYEES_ZH[STAGE_COUNT] = {"起始时初创企业从业人数的中位数。", "起始时科技型中小企业从业人数的中位数。",
                                                  "起始时高新技术企业从业人数的中位数。", "起始时瞪羚企业从业人数的中位数。",
                                                  "起始时独角兽企业从业人数的中位数。"};
  for (int s = 0; s < STAGE_COUNT; ++s) {
    b.number(std::string("initial.stage_shares.") + STAGE_KEYS[s], i0.stage_shares[static_cast<std::size_t>(s)], "share", 0, 1,
             "Share of the initial population on this rung.", SHARE_ZH[s]);
    b.number(std::string("initial.median_employees.") + STAGE_KEYS[s], i0.median_employees[static_cast<std::size_t>(s)], "persons",
             1, 1e6, "Median employees at the start on this rung.", EMPLOYEES_ZH[s]);
  }
  b.number("initial.employees_dispersion", i0.employees_dispersion, "", 0, 5, "s.d. of log employees at the start.",
           "起始时对数从业人数的标准差。");
  b.number("initial.tech_loans_yuan", i0.tech_loans_yuan, "yuan", 0, INF, "Tech-loan balance at the start (seed: > 150 bn).",
           "起始时的科技贷款余额（《江门日报》：超过1500亿元）。");
  // The seed's balance is dated; a run that starts earlier (a warm-up, 5)
  // opens at it back-cast by the seed's growth, so the warm-up's own credit
  // dynamics, not a 2025-sized book five years early, carry it to 2025.
  b.integer("initial.tech_loans_year", i0.tech_loans_year, "calendar year", 1900, 2200,
            "The year at whose 1 January initial.tech_loans_yuan is stated; a run that starts in an earlier year "
            "(a warm-up) opens at that balance back-cast by initial.tech_loans_growth.",
            "initial.tech_loans_yuan 所对应的年份（该年1月1日）；早于该年开始的运行（如预热期）以按 initial.tech_loans_growth 回推的余额开始。");
  b.number("initial.tech_loans_growth", i0.tech_loans_growth, "per year", 0, 1,
           "Yearly growth of the tech-loan balance used to back-cast it to an earlier start: "
           "tech_loans_yuan / (1 + g)^(tech_loans_year - start_year) (seed: +13 % y/y).",
           "将科技贷款余额回推到更早起始年份所用的年增长率：tech_loans_yuan / (1 + g)^(tech_loans_year - start_year)（《江门日报》：同比增长约13%）。");
  b.number("initial.insured_firms", i0.insured_firms, "firms", 0, 1e7, "Tech-insurance policies in force at the start (the seed's flow a year earlier: ~1,000 / 3.4 in 8 months, x 12/8).",
           "起始时有效的科技保险保单数（按《江门日报》一年前的投保流量推算：8个月约1000 / 3.4家，乘以 12/8）。");
  b.number("initial.incubated_firms", i0.incubated_firms, "firms", 0, 1e7, "Incubator tenants at the start (seed: > 2,000).",
           "起始时的在孵企业数（《江门日报》：超过2000家）。");
  b.number("initial.digitalised_share", i0.digitalised_share, "share", 0, 1, "Share of firms already digitalised.",
           "起始时已完成数字化转型的企业比例。");
}

// The keys' registry: every module registers its binder with the rank of
// its place in the schema (and docs/scenarios.md); the sections that
// gather several modules, the initial conditions and the population's
// reference size are registered here.
struct KeyBinder {
  int rank;
  void (*bind)(Binder& b, Params& p);
};

std::vector<KeyBinder>& registered_binders() {
  static std::vector<KeyBinder> binders;
  return binders;
}

const RegisterKeys institutions_section_at{200, [](Binder& b, Params&) {
  b.section("institutions", "Banks and private investors.",
            {"Institutions", "机构", "银行、社会资本、高校院所、孵化器和中试平台。"});
}};
const RegisterKeys policies_section_at{500, [](Binder& b, Params&) {
  b.section("policies", "The city's instruments: each can be switched, scaled and scheduled.",
            {"Policies", "政策工具", "市级政策工具：每项都可开关、调整力度和设定实施年份。"});
}};
const RegisterKeys initial_keys_at{3500, [](Binder& b, Params& p) { bind_initial_keys(b, p.initial); }};
const RegisterKeys reference_firms_at{4000, [](Binder& b, Params& p) {
  b.integer("population.reference_firms", p.reference_firms, "firms", 1, 10'000'000,
            "The population the city-size figures (entry, the opening loan book, insured and incubated firms, incubator "
            "capacity, pilot platforms, researchers, private venture money) are stated for; they scale with "
            "population.firms / reference_firms, so a smaller city is the same city in miniature (5.9).",
            "城市规模类数据（新设企业、期初贷款余额、投保企业和在孵企业、孵化器容量、中试平台、研究人员、社会创投资金）所对应的企业数量；这些数据按 population.firms / reference_firms 等比例缩放，因此较小的城市就是同一城市的缩小版（见模型文档5.9节）。");
}};

/// Every module's keys, in the order of their ranks (the schema's).
void bind_parameters(Binder& b, Params& p) {
  static const std::vector<KeyBinder> binders = [] {
    std::vector<KeyBinder> v = registered_binders();
    std::sort(v.begin(), v.end(), [](const KeyBinder& x, const KeyBinder& y) { return x.rank < y.rank; });
    for (std::size_t i = 1; i < v.size(); ++i)
      if (v[i].rank == v[i - 1].rank)
        throw InternalError("two modules' keys share the rank " + std::to_string(v[i].rank) +
                            " (models/README.md, \"Scenario keys\")");
    return v;
  }();
  for (const KeyBinder& k : binders) k.bind(b, p);
}

/// The gates of the inert-parameter check (scenario::inert_reason), as the
/// modules declared them: every instrument section with an `enabled` switch
/// is silenced by it and (unless its module says otherwise) by a [start_year,
/// end_year] window outside the run, except the keys its module names; then
/// the budgets and counts without which an instrument pays nothing.
void declare_gates(scenario::Schema& s, const std::vector<GateDecl>& gates) {
  using Kind = scenario::Gate::Kind;
  for (const scenario::SectionSpec& sec : s.sections()) {
    const std::string on = sec.path + ".enabled";
    const scenario::KeySpec* k = s.find(on);
    if (!k || k->type != scenario::KeyType::Boolean) continue;
    const auto it = std::find_if(gates.begin(), gates.end(), [&](const GateDecl& g) { return g.key.empty() && g.section == sec.path; });
    const std::vector<std::string> except = it == gates.end() ? std::vector<std::string>{} : it->except;
    s.gate(sec.path, on, Kind::off, except);
    if ((it == gates.end() || it->window) && s.find(sec.path + ".start_year") && s.find(sec.path + ".end_year"))
      s.gate(sec.path, sec.path + ".start_year", Kind::window, except);
  }
  for (const GateDecl& g : gates)
    if (!g.key.empty()) s.gate(g.section, g.key, Kind::zero, g.except);
}

}  // namespace

RegisterKeys::RegisterKeys(int rank, void (*bind)(Binder& b, Params& p)) { registered_binders().push_back({rank, bind}); }

void declare_parameters(scenario::Schema& schema) {
  Params p;
  std::vector<GateDecl> gates;
  Binder b{&schema, nullptr, nullptr, &gates};
  bind_parameters(b, p);
  declare_gates(schema, gates);
}

const std::vector<KeyGroupWords>& key_group_words() {
  static const std::vector<KeyGroupWords> words = [] {
    std::vector<KeyGroupWords> w;
    Params p;
    Binder b{nullptr, nullptr, &w, nullptr};
    bind_parameters(b, p);
    return w;
  }();
  return words;
}

const std::vector<KeyWords>& key_words() {
  static const std::vector<KeyWords> words = [] {
    std::vector<KeyWords> w;
    Params p;
    Binder b{nullptr, nullptr, nullptr, nullptr, &w};
    bind_parameters(b, p);
    return w;
  }();
  return words;
}

Params params_from(const scenario::Scenario& s) {
  Params p;
  Binder b{nullptr, &s, nullptr, nullptr};
  bind_parameters(b, p);
  p.start_year = s.start_year();
  p.horizon_years = s.horizon_years();
  p.initial_firms = static_cast<int>(s.integer("population.firms"));
  const std::string& sampling = s.text("outputs.sampling");
  p.sampling_months = sampling == "monthly" ? 1 : sampling == "quarterly" ? 3 : 12;
  const std::string& panel = s.text("outputs.panel_period");
  p.panel_months = panel == "monthly" ? 1 : panel == "quarterly" ? 3 : 12;
  return p;
}

}  // namespace innosim::model
