#include "innosim/model/innovation/pilot_platforms.hpp"

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
// Its own flows in the books (ledger.hpp).
const Flow FLOW_PILOT_FEE = register_flow("pilot_fee");  ///< firm -> pilot platform (the bill net of vouchers) (pilot_platforms)
}  // namespace

namespace {
// Its fiscal line: the rank is its place among the fiscal_<line> metrics (models/README.md, "Fiscal lines");
// the funding by level as in docs/model.md 2.6.
const Fiscal FISCAL_PILOT_ZONES = register_fiscal_line(
    {.rank = 1700, .name = "pilot_zones", .kind = FiscalKind::outlay, .share = CITY_MONEY, .flow = SHARED_FLOW,
     .label = "24-hour pilot zones", .label_zh = "24小时中试专区"});
const Fiscal FISCAL_PILOT_PLATFORMS = register_fiscal_line(
    {.rank = 1800, .name = "pilot_platforms", .kind = FiscalKind::outlay, .share = CITY_MONEY, .flow = SHARED_FLOW,
     .label = "new pilot platforms", .label_zh = "新建中试平台"});
}  // namespace

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

// Fixed-cost lines: the configuration sets the spending.
double zone_budget(const World& w, int year) {
  return w.p.pilot.twenty_four.active(year) ? w.p.pilot.twenty_four_hour_zones * w.p.pilot.zone_subsidy_yuan_per_year : 0.0;
}
double new_platform_budget(const World& w, int year) {
  return year == std::max(w.p.start_year, w.p.pilot.new_opening_year) ? w.p.pilot.new_platforms * w.p.pilot.new_platform_cost_yuan
                                                                       : 0.0;
}
}  // namespace

PilotPlatforms::PilotPlatforms(World& w) {
  w.government.add_line(FISCAL_PILOT_ZONES, w.p.pilot.twenty_four, Government::Budget::fixed, zone_budget);
  w.government.add_line(FISCAL_PILOT_PLATFORMS, w.p.pilot.twenty_four, Government::Budget::fixed, new_platform_budget);
}

void PilotPlatforms::setup(World& w) {
  const PilotParams& pp = w.p.pilot;
  const int local = pp.platforms + pp.new_platforms;
  if (local < 0 || pp.machines_per_platform < 0) throw ModelError("pilot platforms and machines must be >= 0");
  if (pp.test_types < 1 || pp.missing_types < 0 || pp.missing_types > pp.test_types)
    throw ModelError("pilot test types must be >= 1, and the missing ones between 0 and the test types");
  for (int k = 0; k < local; ++k)
    platforms_.push_back(std::make_unique<engine::Resource>(
        w.sim, k < pp.provincial ? pp.provincial_machines : k < pp.platforms ? pp.machines_per_platform : pp.new_machines));
  // Platforms in nearby cities, reached with vouchers or at full price.
  platforms_.push_back(std::make_unique<engine::Resource>(w.sim, std::max(1, 10 * pp.machines_per_platform)));
}

double PilotPlatforms::hours_per_day(const World& w, int platform) const {
  const PilotParams& pp = w.p.pilot;
  const bool remote = platform == static_cast<int>(platforms_.size()) - 1;
  if (!remote && platform < pp.twenty_four_hour_zones && pp.twenty_four.active(w.calendar_year())) return 24.0;
  return pp.hours_per_day;
}

bool PilotPlatforms::new_platforms_open(const World& w) const {
  return w.calendar_year() >= w.p.pilot.new_opening_year;
}

bool PilotPlatforms::type_missing(const World& w, int k) const {
  // The first `missing_types` types are those the city lacks; new platforms,
  // once open, bring them from the last one down, one each.
  const PilotParams& pp = w.p.pilot;
  if (k >= pp.missing_types) return false;
  if (!pp.new_adds_missing || !new_platforms_open(w)) return true;
  return k < pp.missing_types - pp.new_platforms;
}

int PilotPlatforms::missing_types(const World& w) const {
  const PilotParams& pp = w.p.pilot;
  if (pp.platforms + pp.new_platforms <= 0) return pp.test_types;
  if (!pp.new_adds_missing || !new_platforms_open(w)) return pp.missing_types;
  return std::max(0, pp.missing_types - pp.new_platforms);
}

void PilotPlatforms::innovation_to_market(World& w, Firm& f, double gain, std::uint64_t counter) {
  if (gain <= 0) return;
  if (draw(f, P_PROTOTYPE, counter) >= w.p.pilot.prototype_share) {
    w.dynamics.improve_process(f, gain);  // no pilot test needed
    return;
  }
  if (f.in_pilot) {  // one test at a time: the new gain rides on the running one
    f.pending_gain = (1.0 + f.pending_gain) * (1.0 + gain) - 1.0;
    return;
  }
  f.in_pilot = true;
  f.pending_gain = gain;
  f.pilot_since = static_cast<float>(w.years());  // a float: it only times the pilot (Firm is at its size limit)
  prototypes_ += 1;
  decide(w, f, counter, 0);
}

void PilotPlatforms::decide(World& w, Firm& f, std::uint64_t counter, int attempt) {
  const PilotParams& pp = w.p.pilot;
  const std::uint64_t c = counter ^ (static_cast<std::uint64_t>(attempt) * 0x9e3779b97f4a7c15ull);
  const double hours = -pp.booking_hours_mean * std::log(draw(f, P_PILOT_HOURS, counter));
  const int local = static_cast<int>(platforms_.size()) - 1;
  // The test's type (equipment, capability); a type the city lacks goes to
  // the other cities' pool, a type a new platform brought to that platform,
  // any other to a local platform at random (new ones too, once open).
  const int type = std::min(pp.test_types - 1, static_cast<int>(draw(f, P_PILOT_REMOTE, counter) * pp.test_types));
  const bool remote = local == 0 || type_missing(w, type);
  const bool opened = new_platforms_open(w);
  int platform = local;
  if (!remote) {
    if (pp.new_adds_missing && opened && type < pp.missing_types)
      platform = pp.platforms + (pp.missing_types - 1 - type);  // the new platform that brought the type
    else
      platform = static_cast<int>(draw(f, P_PILOT_PLATFORM, counter) * (opened ? local : pp.platforms));
  }
  const double bill = hours * pp.hourly_price_yuan * (remote ? pp.remote_price_multiple : 1.0);
  double voucher = w.vouchers.offer(w, f, remote, bill);
  // Book now, or put it off: the net bill against the gain's value over a
  // few years. A firm that puts it off tries again later (saving up, looking
  // for money) and gives up after the last retry.
  const double value = f.pending_gain * 12.0 * f.revenue * pp.value_years;
  const double proceed = value > 0 ? std::exp(-(bill - voucher) / (pp.price_tolerance * value)) : 0.0;
  const double u = draw(f, P_PILOT_PROCEED, c);
  // A firm that wants the test raises the net bill from cash above its
  // buffer, the rest with a loan for it; one that cannot puts the test off
  // like one that balks at the price (the bill paid whatever the cash drove
  // adopters below zero and into insolvency: referee 13, finding 2; 7.20).
  bool borrowed = false;
  const bool book = u < proceed && w.finance.raise_for_payment(w, f, bill - voucher, borrowed);
  if (u < proceed && !book) unfinanced_ += 1;
  if (voucher > 0 && book) w.vouchers.count_use(u, bill, pp.price_tolerance * value);
  World* wp = &w;
  if (!book) {
    if (attempt < pp.max_retries) {
      const std::int64_t id = f.id;
      w.sim.schedule_in(pp.retry_days, [wp, id, counter, attempt] {
        Firm* g = wp->find_firm(id);
        if (g && g->alive) wp->pilot.decide(*wp, *g, counter, attempt + 1);
      });
      return;
    }
    abandoned_ += 1;
    f.in_pilot = false;
    f.pending_gain = 0;
    return;
  }
  if (voucher > 0) {
    voucher = w.vouchers.redeem(w, voucher);
    cash_ += voucher;
    if (voucher > 0) {
      f.matched_grants |= 4;
      if (f.matched_since == 0) f.matched_since = static_cast<std::uint16_t>(w.calendar_year());
    }
  }
  w.pay(f, Account::pilot_platforms, bill - voucher, FLOW_PILOT_FEE);
  cash_ += bill - voucher;
  if (remote) elsewhere_ += 1;
  // The prototype is ready some day in the coming month; other cities add travel.
  const double ready = 30.0 * draw(f, P_PILOT_DAY, c) + (remote ? pp.remote_travel_days : 0.0);
  const std::int64_t id = f.id;
  const auto h = static_cast<float>(hours);
  w.sim.schedule_in(ready, [wp, id, h, platform] { wp->pilot.request(*wp, id, h, platform); });
}

void PilotPlatforms::request(World& w, std::int64_t id, double hours, int platform) {
  const double requested = w.sim.now();
  const auto h = static_cast<float>(hours);
  World* wp = &w;
  platforms_[static_cast<std::size_t>(platform)]->request(
      [wp, id, h, platform, requested] { wp->pilot.start(*wp, id, h, platform, requested); });
}

void PilotPlatforms::start(World& w, std::int64_t id, double hours, int platform, double requested) {
  bookings_ += 1;
  wait_sum_ += w.sim.now() - requested;
  wait_n_ += 1;
  const double days = hours / hours_per_day(w, platform);
  World* wp = &w;
  w.sim.schedule_in(days, [wp, id, platform] { wp->pilot.done(*wp, id, platform); });
}

void PilotPlatforms::done(World& w, std::int64_t id, int platform) {
  platforms_[static_cast<std::size_t>(platform)]->release();
  Firm* f = w.find_firm(id);
  if (!f || !f->alive) return;
  w.dynamics.improve_process(*f, f->pending_gain);
  const double ttm = (w.years() - f->pilot_since) * engine::DAYS_PER_YEAR;
  ttm_sum_ += ttm;
  ttm_n_ += 1;
  if (ttm <= FAST_TO_MARKET_DAYS) fast_to_market_ += 1;
  f->pending_gain = 0;
  f->in_pilot = false;
}

void PilotPlatforms::pay_fixed_costs(World& w) {
  // 24-hour zones and new platforms: fixed costs set by the configuration.
  for (Fiscal line : {FISCAL_PILOT_ZONES, FISCAL_PILOT_PLATFORMS}) {
    const double cost = w.government.budget_left(line);
    if (cost <= 0) continue;
    w.government.take_budget(line);
    w.government.pay_reserved(w, line, cost, Account::external);
  }
}

void PilotPlatforms::report_bookings(MetricRow& out) const {
  // Utilisation of the local platforms over the period.
  double utilization = 0;
  const std::size_t local = platforms_.empty() ? 0 : platforms_.size() - 1;
  for (std::size_t k = 0; k < local; ++k) utilization += platforms_[k]->utilization();
  if (local > 0) utilization /= static_cast<double>(local);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.insert(out.end(), {bookings_, wait_n_ > 0 ? wait_sum_ / wait_n_ : nan, utilization});
}

void PilotPlatforms::report_capability(const World& w, MetricRow& out) const {
  out.insert(out.end(), {elsewhere_, static_cast<double>(missing_types(w))});
}

void PilotPlatforms::report_market(MetricRow& out) const {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.insert(out.end(), {ttm_n_ > 0 ? ttm_sum_ / ttm_n_ : nan, prototypes_, fast_to_market_, abandoned_, unfinanced_});
}

void PilotPlatforms::restart_period() {
  bookings_ = wait_sum_ = wait_n_ = ttm_sum_ = ttm_n_ = prototypes_ = fast_to_market_ = abandoned_ = elsewhere_ = unfinanced_ = 0;
  for (auto& platform : platforms_) platform->reset_statistics();
}

// ---------------------------------------------------------------- metrics

const std::vector<MetricInfo>& PilotPlatforms::booking_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"pilot_bookings", "bookings", "Pilot tests that started since the previous sample", MetricKind::flow,
       "Pilot bookings", "中试预约", "上次抽样以来开始的中试"},
      {"pilot_mean_wait_days", "days", "Mean wait in the booking queue of tests started in the period (NaN: none)", MetricKind::mean,
       "Pilot mean wait", "中试平均等待", "本期开始的中试在预约队列中的平均等待天数（本期无中试时为空）"},
      {"pilot_utilization", "share", "Time-average share of local pilot machines busy during the period", MetricKind::mean,
       "Pilot utilisation", "中试设备利用率", "本期本地中试平台设备的平均占用比例"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 1500 (models/README.md, "Metrics").
const RegisterMetrics pilot_platforms_booking_metrics{1500, &PilotPlatforms::booking_metrics,
                                                      [](const World& w, const Census&, MetricRow& o) { w.pilot.report_bookings(o); },
                                                      [](World& w) { w.pilot.restart_period(); }};
}  // namespace

const std::vector<MetricInfo>& PilotPlatforms::capability_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"pilot_tests_elsewhere", "tests", "Pilot tests firms went ahead with at platforms in other cities (equipment the city lacks) since the previous sample", MetricKind::flow,
       "Pilot tests elsewhere", "异地中试", "上次抽样以来企业在外市平台开展的中试（本市缺少的设备）"},
      {"pilot_missing_types", "test types", "Kinds of pilot test no open local platform can run (they go to other cities)", MetricKind::stock,
       "Missing pilot test types", "本市缺少的中试类型", "本市开放的平台均无法开展的中试类型（须去外市）"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 1800 (models/README.md, "Metrics").
const RegisterMetrics pilot_platforms_capability_metrics{1800, &PilotPlatforms::capability_metrics,
                                                         [](const World& w, const Census&, MetricRow& o) { w.pilot.report_capability(w, o); }};
}  // namespace

const std::vector<MetricInfo>& PilotPlatforms::market_metrics() {
  static const std::vector<MetricInfo> infos = {
      {"pilot_time_to_market_days", "days", "Mean days from prototype to completed pilot test (NaN: none completed)", MetricKind::mean,
       "Pilot time to market", "中试上市周期", "从样机就绪到完成中试的平均天数（本期无完成时为空）"},
      {"prototypes", "prototypes", "Innovations that need a pilot test before they pay, since the previous sample", MetricKind::flow,
       "Prototypes", "样机", "上次抽样以来需要中试后才能产生效益的创新"},
      {"pilots_fast_to_market", "prototypes", "Pilot tests completed within 120 days of the prototype being ready", MetricKind::flow,
       "Pilots fast to market", "快速完成的中试", "样机就绪后120天内完成的中试"},
      {"pilots_abandoned", "prototypes", "Prototypes whose firm gave up on pilot testing (price) since the previous sample", MetricKind::flow,
       "Pilots abandoned", "放弃的中试", "上次抽样以来企业因价格放弃中试的样机"},
      {"pilots_unfinanced", "decisions", "Pilot-test bookings put off because the firm could raise the net bill neither from cash above its buffer nor with a loan, since the previous sample", MetricKind::flow,
       "Pilots put off for money", "因缺资金推迟的中试", "上次抽样以来企业缓冲以上现金不足且未获贷款、无法支付中试费用而推迟的预约"},
  };
  return infos;
}

namespace {
// The group's place in the output: rank 1700 (models/README.md, "Metrics").
const RegisterMetrics pilot_platforms_market_metrics{1700, &PilotPlatforms::market_metrics,
                                                     [](const World& w, const Census&, MetricRow& o) { w.pilot.report_market(o); }};
}  // namespace

// ---------------------------------------------------------------- scenario keys

void bind_platform_keys(Binder& b, PilotParams& pp) {
  b.section("institutions.pilot_platforms", "Shared pilot-test (中试) platforms: booking queue, machine hours, hourly billing.",
            {"Pilot platforms", "中试平台", "共享中试平台：预约排队、设备机时和按时计费。"});
  b.integer("institutions.pilot_platforms.count", pp.platforms, "platforms", 0, 100000, "Local platforms (seed: 31 surveyed).",
            "本地中试平台数量（《江门日报》：摸底收集31项）。");
  b.integer("institutions.pilot_platforms.provincial", pp.provincial, "platforms", 0, 100000, "Of which provincial-level (seed: 6).",
            "其中省级中试平台数量（《江门日报》：6家申报省级）。");
  b.integer("institutions.pilot_platforms.provincial_machines", pp.provincial_machines, "machine sets", 0, 10000,
            "Machine sets of a provincial-level platform.",
            "省级中试平台的设备套数。");
  b.integer("institutions.pilot_platforms.machines_per_platform", pp.machines_per_platform, "machine sets", 0, 10000, "Parallel machine sets per platform.",
            "每个平台可并行使用的设备套数。");
  b.number("institutions.pilot_platforms.hours_per_day", pp.hours_per_day, "hours per day", 0.5, 24, "Opening hours of an ordinary platform.",
           "普通平台每天的开放时长。");
  b.number("institutions.pilot_platforms.hourly_price_yuan", pp.hourly_price_yuan, "yuan per machine-hour", 0, 1e8, "Price of a machine-hour.",
           "每机时的价格（按时计费）。");
  b.number("institutions.pilot_platforms.booking_hours_mean", pp.booking_hours_mean, "machine-hours", 0.1, 1e6, "Mean machine hours of a pilot test (exponential).",
           "一次中试平均所需的机时（服从指数分布）。");
  b.number("institutions.pilot_platforms.prototype_share", pp.prototype_share, "share", 0, 1, "Share of innovations that need pilot testing before they pay.",
           "需要中试后才能产生效益的创新比例。");
  b.integer("institutions.pilot_platforms.test_types", pp.test_types, "test types", 1, 100000,
            "Kinds of pilot test (equipment and capability), equally likely.",
            "中试类型（设备和能力）的种类数，各类出现的概率相同。");
  b.integer("institutions.pilot_platforms.missing_types", pp.missing_types, "test types", 0, 100000,
            "Of which no local platform can run (equipment missing in the city): such tests go to other cities. At most test_types.",
            "其中本地平台均无法开展的种类数（本市缺少相应设备）：此类中试须到外市进行。不超过 test_types。");
  b.number("institutions.pilot_platforms.remote_travel_days", pp.remote_travel_days, "days", 0, 365, "Extra delay of a test in another city.",
           "到外市开展一次中试的额外耗时。");
  b.number("institutions.pilot_platforms.remote_price_multiple", pp.remote_price_multiple, "", 0, 100, "Price in other cities relative to local.",
           "外市价格相对本地价格的倍数。");
  b.number("institutions.pilot_platforms.value_years", pp.value_years, "years", 0, 100, "Years of the gain a firm weighs against the bill.",
           "企业权衡中试费用时计入的收益年数。");
  b.number("institutions.pilot_platforms.retry_days", pp.retry_days, "days", 0, 3650, "A firm that puts a test off tries again after this.",
           "推迟中试的企业在该天数后再次尝试。");
  b.integer("institutions.pilot_platforms.max_retries", pp.max_retries, "retries", 0, 1000, "Retries before the firm gives up on the test.",
            "企业放弃中试前的最多重试次数。");
  b.number("institutions.pilot_platforms.price_tolerance", pp.price_tolerance, "", 1e-6, 100,
           "P(proceed) = exp(-net bill / (tolerance x value)); calibrated so vouchers are ~80 % additional.",
           "企业继续中试的概率 = exp(−净费用 / (该值 × 中试收益))；按机时券约80%具有额外性校准。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 1400 (models/README.md, "Scenario keys").
const RegisterKeys platform_keys_at{1400, [](Binder& b, Params& p) { bind_platform_keys(b, p.pilot); }};
}  // namespace

void bind_zone_keys(Binder& b, PilotParams& pp) {
  b.section("policies.pilot_24h_zones", "24-hour open pilot workshops (youth pilot zones): some platforms open around the clock.",
            {"24-hour pilot zones", "24小时中试专区", "部分中试平台全天候开放（青年中试专区）。"});
  b.programme("policies.pilot_24h_zones", pp.twenty_four, false, "", "", false, false);
  b.integer("policies.pilot_24h_zones.zones", pp.twenty_four_hour_zones, "platforms", 0, 100000, "Platforms open 24 hours.",
            "24小时开放的平台数量。");
  b.number("policies.pilot_24h_zones.subsidy_yuan_per_zone", pp.zone_subsidy_yuan_per_year, "yuan per year", 0, 1e10, "Government cost of a zone's extra opening.",
           "政府为一个专区延长开放时间支付的费用。");
  b.zero_gate("policies.pilot_24h_zones.zones");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 2000 (models/README.md, "Scenario keys").
const RegisterKeys zone_keys_at{2000, [](Binder& b, Params& p) { bind_zone_keys(b, p.pilot); }};
}  // namespace

void bind_new_platform_keys(Binder& b, PilotParams& pp) {
  b.section("policies.new_pilot_platforms", "New pilot platforms built by the city.",
            {"New pilot platforms", "新建中试平台", "由市政府新建的中试平台。"});
  b.integer("policies.new_pilot_platforms.count", pp.new_platforms, "platforms", 0, 100000, "Platforms added (at the opening year).",
            "新增的平台数量（在开放年份投用）。");
  b.number("policies.new_pilot_platforms.cost_yuan", pp.new_platform_cost_yuan, "yuan", 0, 1e12, "Government cost of building one.",
           "政府新建一个平台的费用。");
  b.integer("policies.new_pilot_platforms.machines", pp.new_machines, "machine sets", 1, 10000,
            "Machine sets of a new platform (default: the provincial standard).",
            "新平台的设备套数（默认：省级平台标准）。");
  b.boolean("policies.new_pilot_platforms.adds_missing", pp.new_adds_missing,
            "Each new platform brings one test type the city lacks (then vouchers no longer pay for it elsewhere).",
            "每个新平台补上一种本市缺少的中试类型（此后机时券不再为该类型的外市中试付费）。");
  b.integer("policies.new_pilot_platforms.opening_year", pp.new_opening_year, "calendar year", 0, 9999,
            "Year the new platforms open and are paid for (0: at the start).",
            "新平台开放并付款的年份（0：起始时）。");
  b.zero_gate("policies.new_pilot_platforms.count");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 2100 (models/README.md, "Scenario keys").
const RegisterKeys new_platform_keys_at{2100, [](Binder& b, Params& p) { bind_new_platform_keys(b, p.pilot); }};
}  // namespace

}  // namespace innosim::model
