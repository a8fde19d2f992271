#include "innosim/model/shocks.hpp"

#include "binder.hpp"
#include "innosim/model/world.hpp"

namespace innosim::model {

void Shocks::month(World& w) const { w.dynamics.set_outside_shock(1.0 + w.p.shocks.outside_demand.at(w.calendar_year())); }

void Shocks::review(World& w) const {
  const ShockParams& sh = w.p.shocks;
  const int year = w.calendar_year();
  if (sh.bank_capital_year == year && sh.bank_capital_loss > 0) w.banks.lose_capital(w, sh.bank_capital_loss);
  if (sh.productivity_year == year && sh.productivity_change != 0)
    for (Firm& f : w.firms)
      if (f.alive) FirmDynamics::improve_process(f, sh.productivity_change, 1.0);  // total factor productivity
}

void bind_keys(Binder& b, ShockParams& sh) {
  b.section("shocks", "Stress tests: outside demand, productivity, bank capital.",
            {"Shocks", "外部冲击", "压力测试：按年份设定的外部需求冲击、生产率冲击和银行资本冲击。"});
  b.schedule("shocks.outside_demand", sh.outside_demand, "share", -1, 10,
             "Proportional change of outside demand's level by calendar year (e.g. -0.1 from 2027, 0 again from 2029).",
             "按公历年份设定的市外需求水平的比例变化（例如自2027年起为-0.1，自2029年起恢复为0）。");
  b.integer("shocks.productivity_year", sh.productivity_year, "calendar year", 0, 3000,
            "On 1 January of this year every firm's total factor productivity changes (0: never).",
            "该年1月1日所有企业的全要素生产率发生变化（0：不发生）。");
  b.number("shocks.productivity_change", sh.productivity_change, "share", -0.99, 10,
           "Proportional change of productivity then (labour and materials per unit fall by 1 / (1 + change)).",
           "届时生产率的比例变化（单位产出的劳动和原材料投入降为原来的 `1 / (1 + change)`）。");
  b.integer("shocks.bank_capital_year", sh.bank_capital_year, "calendar year", 0, 3000,
            "On 1 January of this year banks lose a share of their capital (0: never).",
            "该年1月1日银行损失部分资本（0：不发生）。");
  b.number("shocks.bank_capital_loss", sh.bank_capital_loss, "share", 0, 1, "Share of each bank's capital lost then.",
           "届时每家银行损失的资本比例。");
}

namespace {
// Its keys' place in the schema (and docs/scenarios.md): rank 3900 (models/README.md, "Scenario keys").
const RegisterKeys shocks_keys_at{3900, [](Binder& b, Params& p) { bind_keys(b, p.shocks); }};
}  // namespace

}  // namespace innosim::model
