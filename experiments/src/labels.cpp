#include "innosim/experiments/labels.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <regex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/args.h>

#include "innosim/experiments/number_format.hpp"
#include "innosim/model/ecosystem.hpp"
#include "innosim/experiments/schema_registry.hpp"
#include "innosim/scenario/schema.hpp"

namespace innosim::experiments {

namespace {

// ---------------------------------------------------------------- metrics
// English descriptions come from the model's catalogue (metric_catalogue()),
// so they cannot drift from it; the words below add the short labels and
// the Chinese. Keep one row per catalogue metric (the test checks).
struct MetricWords {
  std::string_view key, en, zh, zh_description;
};
constexpr MetricWords kMetricWords[] = {
    {"firms_active", "Active firms", "存续企业", "抽样时点存续的企业数"},
    {"startups", "Start-ups", "初创企业", "存续且尚未获得梯度认定的企业"},
    {"tech_smes", "Tech SMEs", "科技型中小企业", "存续的已入库科技型中小企业"},
    {"high_tech_enterprises", "High-tech enterprises", "高新技术企业", "存续的高新技术企业（不含瞪羚企业和独角兽企业）"},
    {"gazelles", "Gazelles", "瞪羚企业", "近三年营业收入年均增长超过20%的存续高新技术企业"},
    {"unicorns", "Unicorns", "独角兽企业", "估值不低于10亿美元、成立不超过10年的存续风投支持企业"},
    {"firm_entries", "Firm entries", "新设企业", "上次抽样以来新进入的企业（含新创企业和院所衍生企业）"},
    {"firm_exits", "Firm exits", "退出企业", "上次抽样以来退出的企业（资不抵债、贷款违约或背景退出风险）"},
    {"firm_exits_closure", "Closures", "关闭退出企业", "上次抽样以来因背景退出风险关闭的企业"},
    {"firm_exits_default", "Borrower defaults (exits)", "违约退出企业", "上次抽样以来放弃偿还贷款而退出的借款企业"},
    {"firm_exits_insolvency", "Insolvencies", "资不抵债退出企业", "上次抽样以来在应急贷款后现金仍为负而退出的企业"},
    {"employment", "Employment", "从业人员", "存续企业的从业人员数"},
    {"revenue", "Revenue", "营业收入", "上次抽样以来全部企业的营业收入"},
    {"rd_spending", "R&D spending", "研发投入", "上次抽样以来全部企业的研发支出"},
    {"innovations", "Innovations", "创新成果", "上次抽样以来成功的创新（被采用的技术）"},
    {"hte_certified", "Certified high-tech enterprises", "有效期内高新技术企业", "持有有效高新技术企业证书的存续企业（各梯度合计）"},
    {"hte_relabelled", "HTEs on relabelled R&D", "归集研发费用认定的高企", "证书依据将其他费用归集为研发费用而取得的高新技术企业"},
    {"hte_applications", "HTE applications", "高企认定申请", "上次抽样以来的高新技术企业认定申请（含首次和重新认定）"},
    {"hte_new_certifications", "New HTE certifications", "新认定高企", "上次抽样以来首次（或失效后）获认定的企业"},
    {"hte_renewals", "HTE renewals", "重新认定高企", "上次抽样以来证书到期后重新认定通过的企业"},
    {"hte_expiries", "HTE certificates expired", "到期高企证书", "上次抽样以来三年有效期届满的证书（含已重新认定）"},
    {"hte_revocations", "HTE revocations", "取消资格高企", "上次抽样以来经抽查不符合认定条件而被取消资格的企业"},
    {"hte_exits", "HTE exits", "退出的高企", "上次抽样以来退出的持证高新技术企业"},
    {"tech_loans_outstanding", "Tech loans outstanding", "科技贷款余额", "银行对企业贷款的未偿本金（科技贷款余额）"},
    {"new_tech_loans", "New tech loans", "新增科技贷款", "上次抽样以来发放的新增贷款"},
    {"loan_defaults", "Loan defaults", "贷款违约", "上次抽样以来违约的贷款笔数"},
    {"risk_pool_payouts", "Risk-pool payouts", "风险补偿金赔付", "上次抽样以来风险补偿资金池向银行的赔付"},
    {"insured_firms", "Insured firms", "投保科技保险企业", "持有有效科技保险保单的存续企业"},
    {"insurance_cover", "Insurance cover in force", "有效保额", "抽样时点有效科技保险保单的保险金额合计"},
    {"insurer_capital", "Insurer capital", "保险机构资本", "抽样时点保险机构用于科技保险的资本（保费流入、赔款流出）"},
    {"venture_investment", "Venture investment", "创业投资", "上次抽样以来创投基金和政府引导基金的股权投资"},
    {"venture_exit_proceeds", "Venture exit proceeds", "创投退出收益", "上次抽样以来通过上市或并购退出支付给创投基金和引导基金的收益"},
    {"venture_funds_open", "Venture funds open", "存续创投基金", "处于存续期内的创投基金（含天使资金池）"},
    {"interest_paid", "Interest paid", "支付利息", "上次抽样以来企业向银行支付的利息（贴息前）"},
    {"mean_interest_cost", "Mean interest cost", "平均融资成本", "扣除贴息后企业实付利息的年化值除以贷款余额"},
    {"pool_covered_loans", "Pool-covered loans", "风险补偿覆盖贷款", "风险补偿资金池覆盖的未偿贷款"},
    {"pool_covered_firms", "Pool-covered firms", "风险补偿覆盖企业", "有风险补偿资金池覆盖贷款的存续企业"},
    {"pool_registered_loans", "Pool-registered loans", "风险补偿备案贷款", "上次抽样以来在风险补偿资金池备案（覆盖）的新增贷款"},
    {"pool_inframarginal_loans", "Covered loans made anyway", "无补偿也会发放的备案贷款", "新增备案贷款中银行按普通条件本也会发放的部分"},
    {"subsidy_registered_loans", "Registered subsidised loans", "备案贴息贷款", "仍在贴息期内的备案贷款本金"},
    {"subsidy_registrations", "Loans registered for subsidy", "新增备案贴息贷款", "上次抽样以来备案享受贴息的新增贷款"},
    {"subsidy_claims", "Subsidy claims", "贴息申领额", "上次抽样以来企业应得的贴息（次年事后拨付）"},
    {"subsidy_paid_share", "Subsidy paid share", "贴息兑付比例", "上一贴息年度申领额中实际拨付的比例（超额时按比例拨付）"},
    {"insurance_claims", "Insurance claims", "保险赔付", "上次抽样以来保险机构支付的赔款"},
    {"insurance_premiums", "Insurance premiums", "科技保险保费", "上次抽样以来向保险机构缴纳的保费（企业自付部分和财政补贴）"},
    {"insurance_new_policies", "New insurance policies", "新承保保单", "上次抽样以来向此前未投保企业新签发的科技保险保单"},
    {"insurance_renewals", "Insurance renewals", "续保保单", "上次抽样以来期满续保的科技保险保单"},
    {"insurance_cover_written", "Insurance cover written", "新承保保额", "上次抽样以来签发（新保和续保）保单的保险金额"},
    {"borrowing_firms", "Borrowing firms", "有贷款企业", "有未偿贷款的存续企业"},
    {"incubated_firms", "Incubated firms", "在孵企业", "存续的孵化器在孵企业"},
    {"incubator_graduations", "Incubator graduations", "孵化毕业企业", "上次抽样以来毕业的在孵企业（获得认定或孵化期满）"},
    {"research_results", "Research results", "科研成果", "上次抽样以来高校院所披露的科研成果"},
    {"tech_transfer_recommendations", "Transfer recommendations", "成果推介", "对接平台向企业推介的成果"},
    {"tech_transfer_deals", "Technology-transfer deals", "成果转化交易", "上次抽样以来被企业采用（转让或许可）的成果"},
    {"sme_tech_transfer_deals", "SME transfer deals", "中小企业成果转化交易", "受让方为初创企业或科技型中小企业的成果转化交易"},
    {"spinoffs", "Spin-offs", "院所衍生企业", "上次抽样以来新设立的院所衍生企业"},
    {"pilot_bookings", "Pilot bookings", "中试预约", "上次抽样以来开始的中试"},
    {"pilot_mean_wait_days", "Pilot mean wait", "中试平均等待", "本期开始的中试在预约队列中的平均等待天数（本期无中试时为空）"},
    {"pilot_utilization", "Pilot utilisation", "中试设备利用率", "本期本地中试平台设备的平均占用比例"},
    {"voucher_spending", "Voucher spending", "机时券支出", "上次抽样以来兑付的机时券"},
    {"vouchers_used", "Vouchers used", "使用机时券的中试", "上次抽样以来使用机时券开展的中试"},
    {"vouchers_additional", "Additional voucher tests", "机时券带来的新增中试", "其中按全价不会开展的中试（同一随机数下的额外性）"},
    {"pilot_time_to_market_days", "Pilot time to market", "中试上市周期", "从样机就绪到完成中试的平均天数（本期无完成时为空）"},
    {"prototypes", "Prototypes", "样机", "上次抽样以来需要中试后才能产生效益的创新"},
    {"pilots_fast_to_market", "Pilots fast to market", "快速完成的中试", "样机就绪后120天内完成的中试"},
    {"pilots_abandoned", "Pilots abandoned", "放弃的中试", "上次抽样以来企业因价格放弃中试的样机"},
    {"pilot_tests_elsewhere", "Pilot tests elsewhere", "异地中试", "上次抽样以来企业在外市平台开展的中试（本市缺少的设备）"},
    {"pilot_missing_types", "Missing pilot test types", "本市缺少的中试类型", "本市开放的平台均无法开展的中试类型（须去外市）"},
    {"talent_stock", "Talent stock", "人才存量", "企业可招聘的研发人员和工程师"},
    {"talent_sufficiency", "Talent sufficiency", "人才充足度", "min(1, 人才存量 / 企业科技人员需求) 的弹性次方：研发效率系数"},
    {"points_supported_firms", "Points-supported firms", "创新积分支持企业", "本年获得定向支持的创新积分前列企业"},
    {"digitalised_firms", "Digitalised firms", "数字化转型企业", "已完成数字化转型的存续企业"},
    {"digital_adoptions", "Digital adoptions", "数字化转型（新增）", "上次抽样以来完成数字化转型的企业"},
    {"digital_supported_adoptions", "Supported digital adoptions", "获补助的数字化转型", "其中获得数字化转型补助（已支付或已批准）的企业"},
    {"digital_support_deadweight", "Deadweight digital support", "无补助也会转型的受补企业", "获补助企业中按全额成本也会转型的企业（无谓补贴）"},
    {"cooperation_projects", "Cooperation projects", "柔性引才合作项目", "上次抽样以来企业启动的柔性引才合作项目"},
    {"talent_subsidised_projects", "Subsidised cooperation projects", "获补助的合作项目", "其中获得柔性引才补助（已支付或已批准）的项目"},
    {"talent_subsidy_deadweight", "Deadweight cooperation projects", "无补助也会开展的受补项目", "获补助项目中按全额成本企业也会开展的项目（无谓补贴）"},
    {"talent_subsidy_deadweight_share", "Talent-subsidy deadweight share", "柔性引才补助无谓比例", "本期无谓补贴项目 / 获补助项目（本期无获补助项目时为空）；跨期请用合计"},
    {"grants_eligible", "Grants eligible", "符合条件的补助", "上次抽样以来企业符合申领条件的补助（申领率 = 已支付 / 符合条件）"},
    {"grants_paid", "Grants paid", "已支付补助", "上次抽样以来支付给企业的补助"},
    {"grant_payment_delay_days", "Grant payment delay", "补助兑付时长", "本期支付的补助从符合条件到到账的平均天数（本期无支付时为空）"},
    {"consortia_active", "Active consortia", "运行中的创新联合体", "抽样时点运行中的创新联合体"},
    {"consortium_breakthroughs", "Consortium breakthroughs", "创新联合体攻关突破", "上次抽样以来在关键技术上取得突破的创新联合体"},
    {"consortium_cofunding", "Consortium co-funding", "创新联合体配套资金", "上次抽样以来牵头企业投入创新联合体的配套资金"},
    {"talent_served", "Talent served", "享受人才服务的人才", "抽样时点享受人才服务（住房补贴、子女入学、医疗保障）的人才"},
    {"talent_retained", "Talent retained", "留住的人才", "上次抽样以来因人才服务而避免流失的人才"},
    {"talent_attracted", "Talent attracted", "吸引的人才", "上次抽样以来因人才服务而新增流入的人才"},
    {"liaison_firms", "Firms with a liaison officer", "有联络员服务的企业", "抽样时点有联络员服务的创新积分前列企业"},
    {"liaison_applications", "Liaison applications", "联络员促成的申报", "上次抽样以来仅因联络员而提出的项目申报"},
    {"equity_deals", "Equity deals", "技术入股交易", "上次抽样以来以股权方式（院所持股代替收费）完成的成果转化交易"},
    {"lab_equity_income", "Labs' equity income", "院所股权收益", "上次抽样以来院所技术入股的分红和创投退出时的股权出售收入"},
    {"lab_equity_value", "Labs' equity value", "院所股权价值", "抽样时点院所技术入股股权按企业估值计算的价值"},
    {"real_output", "Real output", "实际产出", "上次抽样以来全部企业按起始年价格计算的产出"},
    {"price_level", "Price level", "价格水平", "本期企业平均价格：营业收入 / 实际产出（起始时约为1）"},
    {"investment", "Investment", "设备投资", "上次抽样以来企业在设备上的支出（扩大产能和技改项目）"},
    {"investment_projects", "Investment projects", "技改项目", "上次抽样以来企业实施的降本设备投资项目"},
    {"investment_rationed", "Investment rationed", "因信贷配给未实施的投资", "上次抽样以来按资金成本值得实施、但因银行不愿足额放贷而未实施的项目投资额"},
    {"fixed_assets", "Fixed assets", "固定资产", "抽样时点企业设备的账面价值"},
    {"owner_payouts", "Owner payouts", "股东分配", "上次抽样以来向企业股东支付的红利和清算分配（不超过累计税后利润加实缴资本）"},
    {"corporate_tax", "Corporate income tax", "企业所得税", "上次抽样以来企业缴纳的企业所得税（各级政府合计）"},
    {"corporate_tax_city", "Corporate tax (city share)", "企业所得税（市级分成）", "上次抽样以来企业所得税中归属本市的部分（市级财政收入）"},
    {"bank_capital", "Bank capital", "银行资本", "抽样时点银行配置于科技贷款的资本"},
    {"bank_capital_ratio", "Bank capital ratio", "银行资本充足率", "抽样时点银行资本除以科技贷款的风险加权资产"},
    {"fiscal_spending", "Fiscal spending", "财政支出", "上次抽样以来政府在全部项目上的支出"},
    {"fiscal_outlay_central", "Outlays: central", "中央财政支出", "上次抽样以来中央财政在本市项目上的支出（不含注资）"},
    {"fiscal_outlay_provincial", "Outlays: provincial", "省级财政支出", "上次抽样以来省级财政在本市项目上的支出（不含注资）"},
    {"fiscal_outlay_city", "Outlays: city", "市级财政支出", "上次抽样以来市级财政在本市项目上的支出（不含注资）"},
    {"fiscal_capital_central", "Capital paid in: central", "中央财政注资", "上次抽样以来中央财政注入风险补偿资金池和引导基金的资本"},
    {"fiscal_capital_provincial", "Capital paid in: provincial", "省级财政注资", "上次抽样以来省级财政注入风险补偿资金池和引导基金的资本"},
    {"fiscal_capital_city", "Capital paid in: city", "市级财政注资", "上次抽样以来市级财政注入风险补偿资金池和引导基金的资本"},
    {"capital_residual_value", "Funds' residual value", "政府基金剩余价值",
     "抽样时点政府基金的剩余价值：风险补偿资金池的现金，引导基金的现金和股权（按成本与估值孰低）减去其未偿债券"},
    {"capital_net_cost", "Capital at net cost", "注资净成本", "上次抽样以来注入基金的资本减去基金剩余价值的变化（赔付和核销减去收益）"},
    {"government_liabilities", "Owed, not yet paid", "应付未付财政义务",
     "抽样时点政府已形成、尚未支付的义务（各级合计）：本财政年度已发生的贷款贴息申请（按年度额度可支付的金额）和已批准待拨付的补助"},
    {"tax_collected_central", "Tax collected: central", "企业所得税（中央分成）", "上次抽样以来企业所得税中归属中央的部分"},
    {"tax_collected_provincial", "Tax collected: provincial", "企业所得税（省级分成）", "上次抽样以来企业所得税中归属省级的部分"},
    {"tax_collected_city", "Tax collected: city", "企业所得税（市级分成）", "上次抽样以来企业所得税中归属本市的部分"},
    {"tax_forgone_central", "Tax forgone: central", "税收减免（中央）",
     "上次抽样以来因高新技术企业和小型微利企业优惠税率及研发费用加计扣除而少收的税款中中央的部分"},
    {"tax_forgone_provincial", "Tax forgone: provincial", "税收减免（省级）",
     "上次抽样以来因高新技术企业和小型微利企业优惠税率及研发费用加计扣除而少收的税款中省级的部分"},
    {"tax_forgone_city", "Tax forgone: city", "税收减免（市级）",
     "上次抽样以来因高新技术企业和小型微利企业优惠税率及研发费用加计扣除而少收的税款中本市的部分"},
    {"net_fiscal_cost_central", "Net fiscal cost: central", "财政净成本（中央）", "上次抽样以来中央财政的净成本（支出加注资净成本加应付未付义务的变化）"},
    {"net_fiscal_cost_provincial", "Net fiscal cost: provincial", "财政净成本（省级）", "上次抽样以来省级财政的净成本（支出加注资净成本加应付未付义务的变化）"},
    {"net_fiscal_cost_city", "Net fiscal cost: city", "财政净成本（市级）", "上次抽样以来市级财政的净成本（支出加注资净成本加应付未付义务的变化）"},
    {"net_fiscal_cost", "Net fiscal cost", "财政净成本",
     "上次抽样以来各级财政的净成本：支出，加上注入基金的资本减去基金剩余价值的变化，再加上应付未付义务的变化（权责发生制）"},
    {"net_fiscal_cost_pv", "Net fiscal cost (present value)", "财政净成本（现值）",
     "上次抽样以来的财政净成本按 fiscal.discount_rate 折现到起始年（其合计为现值）"},
    {"net_fiscal_cost_to_date", "Net fiscal cost to date", "累计财政净成本", "从起始到抽样时点的各级财政累计净成本"},
    {"net_fiscal_cost_after_tax", "Net fiscal cost after tax", "扣除税收后的财政净成本",
     "上次抽样以来的财政净成本减去各级财政征收的企业所得税：预算的净流出"},
};

/// The fiscal lines (metrics fiscal_<line>): English and Chinese names of the programme.
struct FiscalWords {
  std::string_view line, en, zh;
};
constexpr FiscalWords kFiscalWords[] = {
    {"interest_subsidy", "loan interest subsidy", "贷款贴息"},
    {"risk_pool", "risk-compensation pool", "风险补偿资金池"},
    {"insurance", "insurance premium subsidy", "科技保险保费补贴"},
    {"guidance_fund", "guidance fund", "政府引导基金"},
    {"research_fund", "basic-research fund", "基础研究联合基金"},
    {"concept_verification", "concept verification", "概念验证"},
    {"matching_platform", "matching platform", "成果对接平台"},
    {"points_support", "innovation-points support", "创新积分支持"},
    {"open_competition", "open competition (揭榜挂帅)", "揭榜挂帅"},
    {"tech_upgrade_provincial", "provincial tech-upgrade rewards", "省级技改奖励"},
    {"tech_upgrade_city", "city tech-upgrade rewards", "市级技改奖励"},
    {"digital_transformation", "digital-transformation grants", "数字化转型补助"},
    {"tech_centres", "technology-centre grants", "企业技术中心补助"},
    {"talent_subsidy", "talent subsidy", "柔性引才补贴"},
    {"engineer_training", "engineer training", "产业工程师培训"},
    {"vouchers", "machine-hour vouchers", "机时券"},
    {"pilot_zones", "24-hour pilot zones", "24小时中试专区"},
    {"pilot_platforms", "new pilot platforms", "新建中试平台"},
    {"innovation_consortia", "innovation consortia", "创新联合体"},
    {"talent_services", "talent services", "人才服务"},
    {"liaison_officers", "liaison officers", "创新积分联络员"},
};

struct MetricTable {
  std::vector<std::string> storage;  // labels built from the fiscal lines
  std::vector<Label> labels;
  std::unordered_map<std::string_view, std::size_t> index;
};

const MetricTable& metric_table() {
  static const MetricTable table = [] {
    MetricTable t;
    t.storage.reserve(4 * std::size(kFiscalWords));  // no reallocation: labels view into it
    for (const model::MetricInfo& m : model::metric_catalogue()) {
      const std::string_view name = m.name;
      Label l{name, name, name, m.description, m.description};
      for (const MetricWords& w : kMetricWords)
        if (w.key == name) l = {name, w.en, w.zh, m.description, w.zh_description};
      if (name.rfind("fiscal_", 0) == 0 && name != "fiscal_spending") {
        const std::string_view line = name.substr(7);
        for (const FiscalWords& f : kFiscalWords)
          if (f.line == line) {
            std::string en = std::string("Fiscal spending: ") + std::string(f.en);
            std::string zh = std::string("财政支出：") + std::string(f.zh);
            std::string zh_d = std::string("上次抽样以来政府在") + std::string(f.zh) + "上的支出";
            t.storage.push_back(std::move(en));
            const std::string_view en_v = t.storage.back();
            t.storage.push_back(std::move(zh));
            const std::string_view zh_v = t.storage.back();
            t.storage.push_back(std::move(zh_d));
            l = {name, en_v, zh_v, m.description, t.storage.back()};
          }
      }
      t.index.emplace(name, t.labels.size());
      t.labels.push_back(l);
    }
    return t;
  }();
  return table;
}

// ---------------------------------------------------------------- key groups
// One row per schema section (full_schema().sections()); "" is the top level.
constexpr Label kKeyGroups[] = {
    {"", "Run", "运行设置", "Name, time span, seed and replications of a run.", "情景名称、起止时间、随机种子和重复次数。"},
    {"population", "Population", "企业总体", "The number of firms at the start.", "起始时的企业数量。"},
    {"outputs", "Outputs", "输出", "What a run records: sampling period, firm panel, event log.",
     "一次运行记录的内容：抽样周期、企业面板和事件日志。"},
    {"firms", "Firms", "企业", "Firm behaviour: demand, production, R&D, entry and exit, credit demand.",
     "企业行为：市场需求、生产、研发、进入与退出、信贷需求。"},
    {"institutions", "Institutions", "机构", "Banks, private investors, labs, incubators and pilot platforms.",
     "银行、社会资本、高校院所、孵化器和中试平台。"},
    {"institutions.banks", "Banks", "银行", "Banks with technology-finance units: appraisal, rationing, pricing, defaults.",
     "设有科技金融专营机构的银行：授信评审、信贷配给、定价与违约。"},
    {"institutions.venture", "Venture capital", "创业投资", "Private venture and angel capital.", "社会创投资本和天使投资。"},
    {"institutions.labs", "Labs and universities", "高校院所",
     "Labs, universities and institutes: research results, disclosure, licensing, spin-offs.",
     "高校和科研院所：科研成果的产出、披露、许可和衍生企业。"},
    {"institutions.incubators", "Incubators", "孵化器", "Incubators and maker spaces: places, admission, tenancy.",
     "孵化器和众创空间：容量、入孵和孵化期限。"},
    {"institutions.incubators.count", "Incubators by tier", "各级孵化器数量", "Incubators of each tier: national, provincial, other.",
     "国家级、省级和其他孵化器的数量。"},
    {"institutions.incubators.capacity", "Incubator places by tier", "各级孵化器容量",
     "Tenant places per incubator of each tier.", "各级孵化器每家可容纳的在孵企业数。"},
    {"institutions.pilot_platforms", "Pilot platforms", "中试平台",
     "Shared pilot-test platforms: booking queue, machine hours, hourly billing.", "共享中试平台：预约排队、设备机时和按时计费。"},
    {"institutions.concept_verification", "Concept verification", "概念验证中心",
     "Concept-verification centres raise results' readiness before matching.", "概念验证中心在对接前提高科研成果的技术成熟度。"},
    {"policies", "Policies", "政策工具", "The city's instruments: each can be switched, scaled and scheduled.",
     "市级政策工具：每项都可开关、调整力度和设定实施年份。"},
    {"policies.tech_credit_product", "Tech-credit product", "科技信贷产品",
     "A tailored tech-credit product (IP-pledge loans) for certified firms with core IP.",
     "面向拥有核心知识产权的认定企业的专属科技信贷产品（知识产权质押贷款）。"},
    {"policies.loan_interest_subsidy", "Loan interest subsidy", "贷款贴息",
     "Registered loans earn part of their interest for up to two years, reimbursed after the year within an envelope.",
     "备案贷款在最长两年内享受部分利息补贴，次年在年度资金额度内事后拨付。"},
    {"policies.risk_compensation_pool", "Risk-compensation pool", "风险补偿资金池",
     "Covers a share of banks' principal losses on registered tech loans (邑科贷-type), within a leverage cap.",
     "按比例补偿银行备案科技贷款的本金损失（邑科贷类），备案规模以资金池放大倍数为限。"},
    {"policies.tech_insurance", "Technology insurance", "科技保险",
     "Policies written monthly for a term, premiums priced from expected claims, a premium subsidy, an insurer with capital.",
     "按月承保、有保险期限的保单，按预期赔付定价的保费，保费补贴，以及持有资本的保险机构。"},
    {"policies.guidance_fund", "Guidance fund", "政府引导基金",
     "A government guidance fund co-investing with private VC; sci-tech bonds replenish it.",
     "与社会创投共同投资的政府引导基金，由科创债券补充资金。"},
    {"policies.innovation_points", "Innovation points", "创新积分制", "Firms ranked by innovation points; the top N get targeted support.",
     "按创新积分对企业排名，前N名企业获得定向支持。"},
    {"policies.matching_platform", "Matching platform", "成果对接平台", "Matching events that recommend research results to firms.",
     "通过对接活动向企业推介科研成果。"},
    {"policies.use_first_pay_later", "Use first, pay later", "先使用后付费", "Licensees pay only after they earn from the result.",
     "被许可企业在从成果中获得收益后才付费。"},
    {"policies.equity_for_technology", "Equity for technology", "技术入股",
     "Labs take a stake in the adopter worth the price instead of a fee.", "院所以成果作价入股受让企业，代替收取转让或许可费。"},
    {"policies.research_fund", "Basic-research fund", "基础研究联合基金",
     "A joint basic-research fund with the provincial science foundation.", "与省自然科学基金共建的基础与应用基础研究联合基金。"},
    {"policies.pilot_24h_zones", "24-hour pilot zones", "24小时中试专区", "Some platforms open around the clock (youth pilot zones).",
     "部分中试平台全天候开放（青年中试专区）。"},
    {"policies.new_pilot_platforms", "New pilot platforms", "新建中试平台", "New pilot platforms built by the city.",
     "由市政府新建的中试平台。"},
    {"policies.machine_hour_vouchers", "Machine-hour vouchers", "机时券",
     "Vouchers pay part of pilot bills, also at platforms in other cities.", "机时券支付部分中试费用，在外市平台也可使用。"},
    {"policies.points_support", "Points support", "创新积分支持", "Targeted grants for the top innovation-points firms.",
     "对创新积分前列企业的定向补助。"},
    {"policies.open_competition", "Open competition", "揭榜挂帅",
     "Open-competition major projects: posted challenges, the best bidder, milestone payments.",
     "重大项目揭榜挂帅：张榜发布难题，择优确定揭榜方，按里程碑拨付。"},
    {"policies.tech_upgrade_provincial", "Provincial tech-upgrade rewards", "省级技改奖励",
     "Provincial rewards for technology-upgrade projects.", "省级技术改造项目奖励。"},
    {"policies.tech_upgrade_city", "City tech-upgrade rewards", "市级技改奖励", "City rewards for technology-upgrade projects.",
     "市级技术改造项目奖励。"},
    {"policies.digital_transformation", "Digital transformation", "数字化转型", "Support for firms that digitalise.",
     "对企业数字化转型的支持。"},
    {"policies.tech_centres", "Enterprise technology centres", "企业技术中心", "Grants for recognised enterprise technology centres.",
     "对认定的企业技术中心给予补助。"},
    {"policies.talent_subsidy", "Talent subsidy", "柔性引才补贴",
     "Pays a share of a flexible-talent cooperation project's cost, up to a cap.", "按比例补贴柔性引才合作项目的费用，设有上限。"},
    {"policies.engineer_training", "Engineer training", "产业工程师培训", "Industry-engineer training classes.", "产业工程师培训班。"},
    {"policies.innovation_consortia", "Innovation consortia", "创新联合体",
     "A chain-leader firm, member firms and a partner lab attack a key technology with a yearly grant.",
     "链主企业牵头、成员企业和合作院所参与，依靠年度资助攻关关键技术。"},
    {"policies.talent_services", "Talent services", "人才服务",
     "Housing subsidies, school places and medical cover that keep and draw talent.", "住房补贴、子女入学和医疗保障，用以留住和吸引人才。"},
    {"policies.liaison_officers", "Liaison officers", "创新积分联络员",
     "Officers who bring the top innovation-points firms to apply for the programmes they qualify for.",
     "联络员帮助创新积分前列企业申报其符合条件的项目。"},
    {"talent", "Talent pool", "人才池", "The researchers and engineers firms hire S&T staff from.",
     "企业从中招聘科技人员的研发人员和工程师总量。"},
    {"initial", "Initial conditions", "初始条件", "The seed's figures at the start of the run.", "运行起始时的基准数据。"},
    {"initial.stage_shares", "Initial stage shares", "初始梯度结构", "Share of the initial firms on each rung of the ladder.",
     "初始企业在各培育梯度上的占比。"},
    {"initial.median_employees", "Initial median employees", "初始从业人数中位数", "Median employees at the start on each rung.",
     "起始时各梯度企业从业人数的中位数。"},
    {"tax", "Corporate income tax", "企业所得税",
     "Corporate income tax: standard and high-tech rates, small low-profit relief, R&D super-deduction, revenue shares.",
     "企业所得税：标准税率和高新技术企业优惠税率、小型微利企业优惠、研发费用加计扣除及各级政府分成。"},
    {"fiscal", "Fiscal accounts", "财政核算", "How fiscal costs are reported: the discount rate of the net fiscal cost's present value.",
     "财政成本的核算方式：财政净成本现值的折现率。"},
    {"certification", "High-tech certification", "高新技术企业认定",
     "High-tech enterprise certification: applications against the published criteria, expert review, 3-year term, checks.",
     "高新技术企业认定：按公开认定条件申请、专家评审、三年有效期、抽查与取消资格。"},
    {"shocks", "Shocks", "外部冲击", "Stress tests: outside-demand, productivity and bank-capital shocks by year.",
     "压力测试：按年份设定的外部需求冲击、生产率冲击和银行资本冲击。"},
};

// ---------------------------------------------------------------- library scenarios
constexpr Label kScenarios[] = {
    {"jiangmen-2025", "Baseline: Jiangmen 2025", "基准情景：江门2025",
     "Baseline: Jiangmen's innovation ecosystem with the policy mix of October 2025, the reference every variant is "
     "compared with.",
     "2025年10月政策组合下的江门创新生态，是各情景比较的基准。"},
    {"automatic-disbursement", "Automatic disbursement", "免申即享",
     "How much does \"no application needed\" (免申即享, 直达快享) add?", "“免申即享、直达快享”能带来多少增量？"},
    {"combined-package", "Combined package", "政策组合包", "Do the measures reinforce or undercut each other?",
     "各项措施是相互强化还是相互抵消？"},
    {"equity-for-technology", "Equity for technology", "技术入股", "Does equity for technology (技术入股) bring more results into firms?",
     "技术入股能否让更多科研成果进入企业？"},
    {"innovation-consortia", "Innovation consortia", "创新联合体",
     "Do innovation consortia lift the chain leaders and their partners?", "创新联合体能否带动链主企业及其合作伙伴？"},
    {"loan-subsidy-high", "Higher loan-interest subsidy", "提高贷款贴息比例",
     "What if the city paid 60 % of eligible tech loans' interest instead of 30 %?",
     "如果对符合条件的科技贷款贴息比例从30%提高到60%，会怎样？"},
    {"machine-hour-vouchers", "Machine-hour vouchers", "发放机时券",
     "Do machine-hour vouchers get more innovations through pilot testing?", "机时券能否让更多创新通过中试？"},
    {"new-pilot-platforms", "Two new pilot platforms", "新建两个中试平台",
     "What do two new shared pilot-test platforms add to the 31 the city has?", "在现有31个中试平台之外新建两个共享平台，能带来什么？"},
    {"no-liaison-officers", "Without liaison officers", "取消创新积分联络员",
     "What do the liaison officers for the top innovation-points firms achieve?",
     "为创新积分前列企业配备的联络员起了什么作用？"},
    {"no-talent-subsidy", "Without the talent subsidy", "取消柔性引才补贴",
     "What does the flexible-talent subsidy in force achieve?", "现行柔性引才补贴起了什么作用？"},
    {"no-use-first-pay-later", "Without use first, pay later", "取消先使用后付费",
     "What does \"use first, pay later\" licensing of university results achieve?",
     "高校院所成果“先使用后付费”许可起了什么作用？"},
    {"no-policy", "No policy", "无政策情景", "What would the ecosystem look like without the city's instruments?",
     "如果没有市级政策工具，创新生态会是什么样？"},
    {"pilot-24h-zones", "24-hour pilot zones", "24小时中试专区", "Does round-the-clock opening shorten pilot-test queues?",
     "全天候开放能否缩短中试排队？"},
    {"risk-pool", "Risk-compensation pool", "设立风险补偿资金池",
     "What does a risk-compensation pool for early-stage tech lending add?", "设立早期科技贷款风险补偿资金池能带来什么？"},
    {"talent-services", "Talent services", "人才服务",
     "Do housing, schooling and medical services keep and draw researchers and engineers?",
     "住房、子女入学和医疗服务能否留住和吸引研发人员与工程师？"},
};

// ---------------------------------------------------------------- scenario keys
// Every key's Chinese description by its dotted path (the English is the
// schema's own), and the descriptions of the keys every instrument declares
// alike (models/src/binder.hpp: Binder::programme, delivery, grant).
constexpr KeyDescription kKeyDescriptions[] = {
#include "key_descriptions_zh.inc"
};
constexpr CommonKeyDescription kCommonKeyDescriptions[] = {
    {"enabled", "Switches the instrument on or off.", "开启或关闭该政策工具。"},
    {"start_year", "First calendar year the instrument is active (0: from the start).",
     "该政策工具生效的第一个公历年份（0：自运行起始年起）。"},
    {"end_year", "Last calendar year the instrument is active.", "该政策工具生效的最后一个公历年份。"},
    {"min_stage", "Eligibility: the lowest rung of the gradient ladder that qualifies.",
     "资格条件：符合条件的最低培育梯度（初创企业、科技型中小企业、高新技术企业、瞪羚企业、独角兽企业依次递进）。"},
    {"delivery", "application: firms apply (take-up, cost, delay); automatic: no application needed, paid at once.",
     "`application`：申报制，企业自行申报（部分企业申报，有申报成本和审批时滞）；`automatic`：免申即享，无需申报，立即兑付。"},
    {"take_up_share", "Application mode: share of eligible firms that apply.", "申报制下：符合条件的企业中提出申报的比例。"},
    {"approval_delay_days", "Application mode: days from application to payment.", "申报制下：从申报到资金到账的天数。"},
    {"application_cost_yuan", "Application mode: cost of applying, borne by the firm.", "申报制下：由企业承担的申报成本。"},
    {"budget_yuan", "Annual budget.", "年度预算。"},
};

// ---------------------------------------------------------------- phrases
// The words of tables and messages, keyed by their English. Placeholders
// ({}) keep their order in both languages.
constexpr Phrase kPhrases[] = {
#include "phrases_zh.inc"
#include "phrases_zh_sensitivity.inc"
#include "phrases_zh_summary.inc"
#include "phrases_zh_help.inc"
#include "phrases_zh_messages.inc"
};

// Messages built in English elsewhere (exceptions, scenario diagnostics,
// command-line errors): templates matched against the whole line, {} for
// any text. More specific templates come first: the first that matches wins.
constexpr Phrase kMessages[] = {
#include "messages_zh.inc"
};

template <class T, std::size_t N>
const Label* find_in(const T (&table)[N], std::string_view key) {
  for (const Label& l : table)
    if (l.key == key) return &l;
  return nullptr;
}

}  // namespace

std::span<const Label> metric_labels() { return metric_table().labels; }
std::span<const Label> key_group_labels() { return kKeyGroups; }
std::span<const Label> scenario_labels() { return kScenarios; }

const Label* find_metric_label(std::string_view metric) {
  const MetricTable& t = metric_table();
  const auto it = t.index.find(metric);
  return it == t.index.end() ? nullptr : &t.labels[it->second];
}
const Label* find_key_group_label(std::string_view section) { return find_in(kKeyGroups, section); }
const Label* find_scenario_label(std::string_view scenario) { return find_in(kScenarios, scenario); }

std::string metric_label(std::string_view metric, Lang lang) {
  const Label* l = find_metric_label(metric);
  return std::string(l ? l->label(lang) : metric);
}

std::string metric_description(std::string_view metric, Lang lang, std::string_view fallback) {
  const Label* l = find_metric_label(metric);
  return std::string(l ? l->description(lang) : fallback);
}

std::string scenario_label(std::string_view scenario, Lang lang) {
  const Label* l = find_scenario_label(scenario);
  return std::string(l && lang == Lang::zh ? l->zh : scenario);
}

std::string key_group_of(std::string_view key, Lang lang) {
  std::string_view section = key;
  for (;;) {
    const std::size_t dot = section.rfind('.');
    section = dot == std::string_view::npos ? std::string_view() : section.substr(0, dot);
    if (const Label* l = find_key_group_label(section); l && !section.empty()) return std::string(l->label(lang));
    if (section.empty()) break;
  }
  return std::string(key);
}

std::string key_short_label(std::string_view key, Lang lang) {
  const std::string where = key_group_of(key, lang);
  return where == key ? where : where + " · " + std::string(key.substr(key.rfind('.') + 1));
}

std::span<const KeyDescription> key_descriptions_zh() { return kKeyDescriptions; }
std::span<const CommonKeyDescription> common_key_descriptions_zh() { return kCommonKeyDescriptions; }

std::string_view key_description_zh(std::string_view key, std::string_view english) {
  static const std::unordered_map<std::string_view, const KeyDescription*> index = [] {
    std::unordered_map<std::string_view, const KeyDescription*> m;
    for (const KeyDescription& d : kKeyDescriptions) m.emplace(d.key, &d);
    return m;
  }();
  if (const auto it = index.find(key); it != index.end()) return it->second->en == english ? it->second->zh : "";
  const std::string_view name = key.substr(key.rfind('.') + 1);  // the whole key when it has no dot
  for (const CommonKeyDescription& c : kCommonKeyDescriptions)
    if (c.name == name && c.en == english) return c.zh;
  return {};
}

std::string key_description(std::string_view key, Lang lang, std::string_view english) {
  if (lang == Lang::en) return std::string(english);
  const std::string_view zh = key_description_zh(key, english);
  return std::string(zh.empty() ? english : zh);
}

std::vector<double> description_numbers(std::string_view s) {
  const auto digit = [&](std::size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
  const auto letter = [&](std::size_t i) {
    return i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_');
  };
  std::vector<double> out;
  for (std::size_t i = 0; i < s.size();) {
    if (letter(i)) {  // a word or a name with digits in it (zeta1, sigma0): no number
      while (letter(i) || digit(i)) ++i;
      continue;
    }
    if (!digit(i)) {
      ++i;
      continue;
    }
    std::string text;
    std::size_t j = i;
    while (digit(j) || (j < s.size() && s[j] == ',' && digit(j + 1) && digit(j + 2) && digit(j + 3) && !digit(j + 4)))
      if (s[j++] != ',') text += s[j - 1];
    if (j + 1 < s.size() && s[j] == '.' && digit(j + 1)) {
      text += s[j++];
      while (digit(j)) text += s[j++];
    }
    double v = std::stod(text);
    // A sign, not a dash between two numbers ("30-40") or a minus in a formula ("x-1").
    if (i > 0 && s[i - 1] == '-' && !(i > 1 && (digit(i - 2) || letter(i - 2) || s[i - 2] == ')'))) v = -v;
    std::size_t k = j;
    while (k < s.size() && s[k] == ' ') ++k;
    const auto word = [&](std::string_view w) { return s.substr(k, w.size()) == w && !letter(k + w.size()); };
    if (word("bn")) {
      v *= 1e9;
      j = k + 2;
    } else if (word("m")) {
      v *= 1e6;
      j = k + 1;
    } else if (s.substr(j, 3) == "亿") {
      v *= 1e8;
      j += 3;
    } else if (s.substr(j, 3) == "万") {
      v *= 1e4;
      j += 3;
    }
    out.push_back(v);
    i = j;
  }
  return out;
}

std::vector<std::string> key_description_problems(const scenario::Schema& schema,
                                                  std::span<const KeyDescription> rows) {
  if (rows.data() == nullptr) rows = kKeyDescriptions;
  const std::string where = " (experiments/src/key_descriptions_zh.inc)";
  std::vector<std::string> problems;
  const auto values = [](std::string_view text) {
    std::vector<double> v = description_numbers(text);
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end(), [](double a, double b) { return std::abs(a - b) <= 1e-9 * std::abs(a); }),
            v.end());
    return v;
  };
  const auto list = [](const std::vector<double>& v) {
    std::string out;
    for (double x : v) out += (out.empty() ? "" : ", ") + fmt::format("{}", x);
    return "{" + out + "}";
  };
  const auto has_chinese = [](std::string_view text) {
    return text.find("\xe4") != std::string_view::npos || text.find("\xe5") != std::string_view::npos ||
           text.find("\xe6") != std::string_view::npos || text.find("\xe7") != std::string_view::npos ||
           text.find("\xe8") != std::string_view::npos || text.find("\xe9") != std::string_view::npos;
  };
  std::set<std::string_view> common_used;
  for (const scenario::KeySpec& k : schema.keys()) {
    // key_description_zh's rule over `rows`: the key's own row while its English is the key's, else a common row.
    const auto row = std::find_if(rows.begin(), rows.end(), [&](const KeyDescription& d) { return d.key == k.path; });
    std::string_view zh = row != rows.end() && row->en == k.description ? row->zh : std::string_view();
    if (row == rows.end()) {
      const std::string_view name = std::string_view(k.path).substr(k.path.rfind('.') + 1);
      for (const CommonKeyDescription& c : kCommonKeyDescriptions)
        if (c.name == name && c.en == k.description) zh = c.zh;
    }
    if (zh.empty()) {
      if (row != rows.end())
        problems.push_back(k.path + ": the English changed since its Chinese was written; now \"" + k.description +
                           "\", the row translates \"" + std::string(row->en) + "\": update both" + where);
      else
        problems.push_back(k.path + ": no Chinese description; its English: \"" + k.description + "\"" + where);
      continue;
    }
    for (const CommonKeyDescription& c : kCommonKeyDescriptions)
      if (c.zh.data() == zh.data()) common_used.insert(c.name);
    if (!has_chinese(zh)) problems.push_back(k.path + ": its description has no Chinese: " + std::string(zh));
    if (const auto en = values(k.description), cn = values(zh); en != cn)
      problems.push_back(k.path + ": the Chinese states the numbers " + list(cn) + ", the English " + list(en) +
                         " (\"" + k.description + "\")" + where);
  }
  std::set<std::string_view> seen;
  for (const KeyDescription& d : rows) {
    if (!seen.insert(d.key).second) problems.push_back(std::string(d.key) + ": two rows" + where);
    if (!schema.find(d.key)) problems.push_back(std::string(d.key) + ": a row for a key the schema does not have" + where);
  }
  for (const CommonKeyDescription& c : kCommonKeyDescriptions)
    if (!common_used.count(c.name))
      problems.push_back(std::string("*.") + std::string(c.name) + ": a common description no key uses (its English, \"" +
                         std::string(c.en) + "\", is no key's)");
  return problems;
}

std::string key_meaning(std::string_view key, Lang lang) {
  const scenario::KeySpec* k = full_schema().find(key);
  return k ? key_description(key, lang, k->description) : std::string();
}

std::string_view scenario_guide_zh() {
  static constexpr std::string_view kGuide =
#include "scenario_guide_zh.inc"
      ;
  return kGuide;
}

std::string_view tr(std::string_view english, Lang lang) {
  if (lang == Lang::en) return english;
  static const std::unordered_map<std::string_view, std::string_view> index = [] {
    std::unordered_map<std::string_view, std::string_view> m;
    for (const Phrase& p : kPhrases) m.emplace(p.en, p.zh);
    return m;
  }();
  const auto it = index.find(english);
  return it == index.end() ? english : it->second;
}

std::span<const Phrase> phrases_zh() { return kPhrases; }
std::span<const Phrase> messages_zh() { return kMessages; }

namespace {
// 0: not set yet (the locale's), else 1 + Lang.
std::atomic<int> g_message_lang{0};

struct MessageTemplate {
  std::regex pattern;
  std::string_view zh;
};

/// kMessages as anchored patterns: the literal text escaped, {} a lazy group.
const std::vector<MessageTemplate>& message_templates() {
  static const std::vector<MessageTemplate> templates = [] {
    std::vector<MessageTemplate> out;
    for (const Phrase& m : kMessages) {
      std::string re = "^";
      for (std::size_t i = 0; i < m.en.size(); ++i) {
        if (m.en.compare(i, 2, "{}") == 0) {
          re += "([\\s\\S]*?)";
          ++i;
          continue;
        }
        const char c = m.en[i];
        if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) re += '\\';
        re += c;
      }
      re += "$";
      out.push_back({std::regex(re, std::regex::ECMAScript | std::regex::optimize), m.zh});
    }
    return out;
  }();
  return templates;
}

std::string translate_line(const std::string& line, int depth) {
  // Only the message templates, never the phrase catalogue: a key named "file" in a message is not a phrase.
  if (line.empty() || depth > 6) return line;
  if (depth == 0) {
    // "file:line:column: message", "<--set>:2:5: message": the place stays, the message is translated.
    static const std::regex place(R"(^([^\n]*?:\d+:\d+: )([\s\S]+)$)");
    std::smatch m;
    if (std::regex_match(line, m, place)) return m[1].str() + translate_line(m[2].str(), depth + 1);
  }
  // Several reasons joined by "; " ("it starts in 2026, the base in 2025; it runs 3 years, the base 2"), each
  // a known message: each on its own. Tried first, or a template's last {} would swallow the later reasons
  // ("the base in {}" taking "2025; it runs 3 years, the base 2"); a template with a "; " of its own is used
  // when its parts are not both known ("unknown key '{}'; a sweep file has {}").
  const std::size_t semi = line.find("; ");
  std::string head, tail, a, b;  // the parts and their translations (computed once)
  if (semi != std::string::npos) {
    head = line.substr(0, semi);
    tail = line.substr(semi + 2);
    a = translate_line(head, depth + 1);
    b = translate_line(tail, depth + 1);
    if (a != head && b != tail) return a + "；" + b;
  }
  for (const MessageTemplate& t : message_templates()) {
    std::smatch m;
    if (!std::regex_match(line, m, t.pattern)) continue;
    fmt::dynamic_format_arg_store<fmt::format_context> args;
    for (std::size_t i = 1; i < m.size(); ++i) args.push_back(translate_line(m[i].str(), depth + 1));
    try {
      return fmt::vformat(t.zh, args);
    } catch (const fmt::format_error&) {
      return line;  // a catalogue mistake must not hide the message
    }
  }
  if (depth == 0) {
    // "file: message" (a problem with a whole file): the file stays.
    static const std::regex file(R"(^([^:\n ]+: )([\s\S]+)$)");
    std::smatch m;
    if (std::regex_match(line, m, file)) {
      const std::string rest = translate_line(m[2].str(), depth + 1);
      if (rest != m[2].str()) return m[1].str() + rest;
    }
  }
  // Parts joined by "; " that no template matches whole: each on its own, when one of them is known.
  if (semi != std::string::npos && (a != head || b != tail)) return a + "；" + b;
  return line;
}
}  // namespace

void set_message_lang(Lang lang) { g_message_lang = 1 + static_cast<int>(lang); }

Lang message_lang() {
  const int v = g_message_lang.load();
  if (v) return static_cast<Lang>(v - 1);
  static const Lang from_locale = lang_from_environment();
  return from_locale;
}

namespace {

/// Amounts of money an English message gives in bn/m/trillion yuan ("24.18 bn
/// yuan", as quantity() writes them) in 亿元/万元/万亿元 (GB/T 15835): the
/// decimal point moved, as many significant digits as the English had.
std::string chinese_amounts(const std::string& text) {
  static const std::regex amount(R"(([+-]?)(\d[\d,]*(?:\.\d+)?) (trillion |bn |m )?yuan\b)");
  std::string out;
  auto from = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), amount), end; it != end; ++it) {
    const std::smatch& m = *it;
    out.append(from, m[0].first);
    from = m[0].second;
    std::string digits = m[2].str();
    digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
    int significant = 0;
    bool leading = true;
    for (char c : digits) {
      if (c == '.') continue;
      if (c != '0') leading = false;
      if (!leading) ++significant;
    }
    const std::string scale = m[3].str();
    const int shift = scale == "bn " ? 1 : scale == "m " ? 2 : 0;
    const char* unit = scale == "trillion " ? "万亿元" : scale == "bn " ? "亿元" : scale == "m " ? "万元" : "元";
    const double v = std::stod(digits) * (m[1].str() == "-" ? -1.0 : 1.0);
    out += format_number(v, {Lang::zh, Precision::significant(std::max(significant, 1)), m[1].str() == "+",
                             Grouping::standard},
                         shift) +
           unit;
  }
  out.append(from, text.cend());
  return out;
}

}  // namespace

std::string translate_message(std::string_view message, Lang lang) {
  if (lang == Lang::en) return std::string(message);
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t nl = message.find('\n', start);
    const std::string line(message.substr(start, nl == std::string_view::npos ? nl : nl - start));
    // HDF5's own words (h5::fail) stay as HDF5 gave them, for a bug report; the line before says it in Chinese.
    constexpr std::string_view kDetail = "  HDF5's detail: ";
    if (line.rfind(kDetail, 0) == 0)
      out += "  HDF5 的原始信息（英文）：" + line.substr(kDetail.size());
    else
      out += translate_line(line, 0);
    if (nl == std::string_view::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return chinese_amounts(out);
}

}  // namespace innosim::experiments
