"""The demo district's 161 items (重点指标/项目/工作) under the eight actions.

Names, targets and measurement units follow what 莲都区 tracks in its 2022 晒比会
tables. Each row also says how the item fares in the demo months (``outlook``) so
the boards show leaders, laggards, overdue projects and a few missing reports.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from actions.models import Cadence, Direction, ItemKind, Level

S, C, Q = Level.PROVINCE, Level.CITY, Level.DISTRICT
MON, QTR, YEAR = Cadence.MONTHLY, Cadence.QUARTERLY, Cadence.YEARLY

# Due items of 2022-03 left without a report: the 未报送 list of the demo.
MISSING_IN_MARCH = frozenset({"SZ-16", "KJ-09", "FW-14", "CS-11"})


@dataclass(frozen=True)
class ItemSpec:
    code: str
    name: str
    kind: str
    level: str
    lead: str  # unit code
    cadence: str
    target: Decimal | None = None
    measure: str = ""
    direction: str = Direction.POSITIVE
    cumulative: bool = True
    deadline: datetime.date | None = None
    co: tuple[str, ...] = ()
    weight: Decimal = Decimal("1")
    official: str | None = None  # overrides the lead unit's 分管区领导
    standard: str = ""
    topic: str = "econ"  # which problems/measures the narratives draw from
    # Demo performance: lead/mid/lag (ranked), good/slight/behind (target),
    # on_track/behind (status); "" lets the code's hash decide.
    outlook: str = ""
    done_in: int | None = None  # month number from which a project/task is 已完成
    stages: tuple[str, ...] = ()  # 实现情况 for months 1..3 of a project/task
    issue: tuple[str, ...] = ()  # (存在问题, 具体措施) when it is behind

    @property
    def action_code(self) -> str:
        return self.code.split("-")[0]


def ind(
    code: str,
    name: str,
    lead: str,
    target: str,
    measure: str,
    level: str = Q,
    cadence: str = MON,
    *,
    rate: bool = False,
    lower: bool = False,
    **extra,
) -> ItemSpec:
    """An indicator; ``rate`` marks a level (时点/比率) value, ``lower`` a 逆向 one."""
    return ItemSpec(
        code,
        name,
        ItemKind.INDICATOR,
        level,
        lead,
        cadence,
        target=Decimal(target),
        measure=measure,
        direction=Direction.NEGATIVE if lower else Direction.POSITIVE,
        cumulative=not rate,
        **extra,
    )


def _dated(kind: str):
    def make(
        code: str,
        name: str,
        lead: str,
        deadline: str,
        level: str = Q,
        cadence: str = MON,
        *,
        target: str | None = None,
        measure: str = "",
        **extra,
    ) -> ItemSpec:
        extra.setdefault("topic", "project")
        return ItemSpec(
            code,
            name,
            kind,
            level,
            lead,
            cadence,
            target=Decimal(target) if target else None,
            measure=measure,
            deadline=datetime.date.fromisoformat(deadline),
            **extra,
        )

    return make


proj = _dated(ItemKind.PROJECT)
task = _dated(ItemKind.TASK)

# The table reads one item per call; the formatter would spread each over many lines.
# fmt: off
ITEMS: tuple[ItemSpec, ...] = (
    # 数字赋能 (21)
    ind("SZ-01", "数字经济核心产业增加值增速", "D02", "12", "%", S, QTR, rate=True,
        topic="digital", outlook="lag"),
    ind("SZ-02", "数字经济核心产业营业收入", "D02", "45", "亿元", C, topic="digital",
        outlook="mid"),
    ind("SZ-03", "数字经济核心产业制造业增加值增速", "D02", "15", "%", S, rate=True,
        topic="digital", outlook="mid"),
    ind("SZ-04", "软件业务收入", "D02", "6.5", "亿元", topic="digital"),
    ind("SZ-05", "政务服务事项“一网通办”率", "D21", "90", "%", C, rate=True, outlook="lead",
        topic="service"),
    ind("SZ-06", "数字化改革重大应用上线数", "D20", "6", "个", Q, QTR, topic="digital"),
    task("SZ-07", "岩泉街道“云上党建”基层治理平台组网升级", "T12", "2022-06-30",
         co=("D20",), outlook="on_track",
         stages=("完成基层治理大数据平台需求梳理，明确“党组织-自治组织-网格”架构",
                 "平台完成组网升级测试，社区智慧服务平台上线试运行",
                 "初步实现群众“点单”、系统“派单”、志愿者“接单”、用户“评单”闭环管理")),
    ind("SZ-08", "公共数据开放数据集", "D20", "300", "个", topic="digital"),
    ind("SZ-09", "新建5G基站", "D02", "300", "个", co=("D04",), topic="digital"),
    ind("SZ-10", "工业企业数字化改造项目", "D02", "40", "个", Q, QTR, topic="industry"),
    ind("SZ-11", "省级数字化车间（智能工厂）认定", "D02", "3", "家", Q, YEAR, topic="industry"),
    ind("SZ-12", "新增上云企业", "D02", "200", "家", topic="digital", outlook="behind"),
    proj("SZ-13", "老竹畲族镇数字乡村试点建设", "T03", "2022-09-30", co=("D08",)),
    proj("SZ-14", "“城市大脑”莲都分平台建设", "D20", "2022-12-31", target="0.35",
         measure="亿元"),
    ind("SZ-15", "网络零售额", "D07", "95", "亿元", C, topic="consumption", outlook="lead"),
    ind("SZ-16", "跨境电商出口额", "D07", "3.2", "亿元", topic="consumption"),
    ind("SZ-17", "“互联网+监管”掌上执法率", "D14", "95", "%", rate=True, topic="digital"),
    ind("SZ-18", "政务服务事项“掌上办”覆盖率", "D21", "95", "%", rate=True, topic="service"),
    ind("SZ-19", "数字经济领域招商签约项目", "D22", "10", "个", topic="invest", outlook="good"),
    proj("SZ-20", "紫金街道智慧社区建设", "T11", "2022-10-31", co=("D20",)),
    proj("SZ-21", "黄村乡茶叶数字农业工厂创建", "T10", "2022-07-31", co=("D08",)),
    # 空间聚合 (20)
    proj("KJ-01", "碧湖新城控制性详细规划编制（控规全覆盖）", "D05", "2022-06-30",
         co=("T01",), weight=Decimal("2"), outlook="on_track",
         standard="2022年6月底前实现碧湖新城控规全覆盖，成果经区政府批复",
         stages=("完成碧湖新城控规编制单元划分和现状调查",
                 "控规初步方案完成，征求相关部门和碧湖镇意见",
                 "控规成果完成专家评审，正在按意见修改完善")),
    proj("KJ-02", "碧湖新城城市设计编制", "T01", "2022-06-30", co=("D05",)),
    proj("KJ-03", "碧湖—大港头片区国土空间总体规划编制", "D05", "2022-06-30", C,
         co=("T01", "T02")),
    task("KJ-04", "碧湖新城专项规划编制", "D05", "2022-12-31", Q, QTR,
         standard="2022年12月底前同步完成交通、市政、公服等专项规划编制"),
    ind("KJ-05", "碧湖新城建成区面积", "T01", "11.2", "平方公里", Q, YEAR, rate=True,
        topic="land"),
    ind("KJ-06", "“大搬快聚富民安居”搬迁人口", "D08", "6000", "人", topic="land",
        outlook="good"),
    ind("KJ-07", "太平乡“大搬快聚”搬迁农户", "T06", "320", "户", S, topic="land",
        outlook="lead"),
    ind("KJ-08", "仙渡乡“大搬快聚”搬迁农户", "T07", "260", "户", C, topic="land",
        outlook="mid"),
    ind("KJ-09", "峰源乡“大搬快聚”搬迁农户", "T08", "210", "户", topic="land"),
    proj("KJ-10", "碧湖镇全域土地综合整治与生态修复工程", "T01", "2022-11-30", S,
         co=("D05", "D08")),
    ind("KJ-11", "工业低效用地整治面积", "D05", "800", "亩", C, co=("D02",), topic="land"),
    ind("KJ-12", "批而未供土地消化率", "D05", "30", "%", S, rate=True, topic="land",
        outlook="lag"),
    ind("KJ-13", "闲置土地处置率", "D05", "60", "%", rate=True, topic="land"),
    task("KJ-14", "雅溪镇“一户多宅”清理整治", "T04", "2022-05-31", topic="land"),
    ind("KJ-15", "碧湖新城房屋征收签约", "T01", "1200", "户", C, topic="land",
        outlook="lag"),
    ind("KJ-16", "常住人口城镇化率", "D19", "72", "%", S, YEAR, rate=True),
    proj("KJ-17", "碧湖未来社区安置房建设", "D04", "2022-12-31", target="3.5",
         measure="亿元", co=("T01",)),
    ind("KJ-18", "仙渡乡搬迁后宅基地复垦", "T07", "120", "亩", topic="land"),
    task("KJ-19", "大港头镇村庄规划编制", "T02", "2022-09-30", Q, QTR),
    task("KJ-20", "雅溪镇耕地“非农化”“非粮化”整治", "T04", "2022-03-31", C, done_in=3,
         topic="land"),
    # 要素保障 (20)
    ind("YS-01", "一般公共预算收入", "D03", "21.5", "亿元", S, weight=Decimal("2"),
        topic="finance", outlook="mid"),
    ind("YS-02", "一般公共预算收入增速", "D03", "8", "%", C, rate=True, topic="finance",
        outlook="lag"),
    ind("YS-03", "税收收入占一般公共预算收入比重", "D24", "85", "%", rate=True,
        topic="finance"),
    ind("YS-04", "争取地方政府专项债券额度", "D03", "25", "亿元", S, QTR, topic="finance",
        outlook="lead"),
    ind("YS-05", "争取上级转移支付资金", "D03", "30", "亿元", topic="finance"),
    ind("YS-06", "固定资产投资增速", "D01", "12", "%", S, rate=True, official="林晓",
        topic="invest", outlook="lag"),
    ind("YS-07", "固定资产投资", "D01", "260", "亿元", weight=Decimal("2"), official="林晓",
        topic="invest", outlook="slight"),
    ind("YS-08", "省市县长项目完成投资", "D01", "85", "亿元", C, topic="invest"),
    ind("YS-09", "民间项目投资增速", "D01", "10", "%", C, rate=True, topic="invest"),
    ind("YS-10", "本外币各项贷款余额增速", "D03", "14", "%", rate=True, topic="finance"),
    ind("YS-11", "单位GDP能耗", "D01", "0.38", "吨标准煤/万元", S, QTR, rate=True, lower=True,
        topic="industry", outlook="mid"),
    ind("YS-12", "建设用地报批面积", "D05", "4500", "亩", topic="land"),
    ind("YS-13", "工业用地“标准地”出让率", "D05", "100", "%", rate=True, topic="land"),
    ind("YS-14", "新引进大学生", "D12", "8000", "人", topic="jobs"),
    ind("YS-15", "城镇新增就业", "D12", "9500", "人", topic="jobs"),
    ind("YS-16", "引进高层次人才", "D12", "60", "人", Q, QTR, topic="jobs"),
    ind("YS-17", "水利投资完成额", "D16", "12", "亿元", C, topic="invest"),
    task("YS-18", "政府隐性债务化解", "D03", "2022-12-31", Q, QTR, topic="finance"),
    ind("YS-19", "区属国有企业融资到位", "D03", "40", "亿元", topic="finance"),
    task("YS-20", "增值税留抵退税政策落实", "D24", "2022-06-30", co=("D03",),
         topic="finance"),
    # 工业跃迁 (22)
    ind("GY-01", "规上工业增加值增速", "D02", "9", "%", S, rate=True, weight=Decimal("2"),
        topic="industry", outlook="mid"),
    ind("GY-02", "规上工业增加值", "D02", "68", "亿元", topic="industry"),
    ind("GY-03", "规上工业总产值", "D02", "280", "亿元", C, topic="industry", outlook="mid"),
    ind("GY-04", "制造业投资增速", "D02", "15", "%", S, rate=True, topic="invest",
        outlook="lag"),
    ind("GY-05", "工业投资", "D02", "55", "亿元", C, topic="invest"),
    ind("GY-06", "高新技术产业增加值增速", "D06", "12", "%", S, rate=True, topic="industry",
        outlook="lead"),
    ind("GY-07", "战略性新兴产业增加值增速", "D02", "11", "%", C, rate=True,
        topic="industry"),
    ind("GY-08", "新增规上工业企业", "D02", "40", "家", Q, QTR, topic="industry"),
    ind("GY-09", "亿元以上工业项目开工", "D02", "12", "个", topic="invest"),
    ind("GY-10", "规上工业亩均税收", "D02", "28", "万元/亩", Q, YEAR, rate=True,
        topic="industry"),
    ind("GY-11", "规上工业单位增加值能耗下降率", "D02", "3.5", "%", Q, QTR, rate=True,
        topic="industry"),
    ind("GY-12", "工业技改投资增速", "D02", "10", "%", rate=True, topic="invest",
        outlook="behind"),
    ind("GY-13", "新增省级“专精特新”中小企业", "D02", "15", "家", Q, QTR, topic="industry"),
    proj("GY-14", "纳爱斯丽水生产基地项目", "D22", "2022-04-30", target="5", measure="亿元",
         co=("T01", "D05"), topic="industry"),
    proj("GY-15", "上海格派锂电池正极材料项目供地", "T01", "2022-03-15", C,
         co=("D22", "D05"), topic="land", outlook="behind",
         standard="2022年3月15日前完成项目用地摘牌",
         issue=("用地报批尚未获批，仍有2户政策处理未完成",
                "区领导牵头专题协调，碧湖镇包干2户政策处理，区自然资源分局每周对接报批进度"),
         stages=("完成项目用地红线划定，启动土地征收报批",
                 "用地报批材料已报市自然资源和规划局审查，政策处理尚有2户未签约",
                 "用地报批未获批复，土地摘牌未能按期完成")),
    proj("GY-16", "碧湖产业平台基础设施配套工程", "T01", "2022-12-31", target="2.8",
         measure="亿元", topic="industry"),
    ind("GY-17", "亩均效益D类企业整治", "D02", "30", "家", topic="industry"),
    proj("GY-18", "小微企业园建设", "D02", "2022-10-31", topic="industry"),
    ind("GY-19", "企业股改上市培育", "D03", "3", "家", Q, QTR, topic="finance"),
    ind("GY-20", "安全生产事故起数", "D18", "6", "起", lower=True, topic="safety"),
    ind("GY-21", "工业用电量增速", "D02", "8", "%", rate=True, topic="industry"),
    ind("GY-22", "淘汰落后产能企业", "D02", "20", "家", Q, QTR, topic="industry"),
    # 创新引领 (19)
    ind("CX-01", "R&D经费支出占GDP比重", "D06", "2.2", "%", S, YEAR, rate=True,
        topic="innovation"),
    ind("CX-02", "规上工业企业研发费用增速", "D06", "15", "%", S, QTR, rate=True,
        topic="innovation", outlook="lead"),
    ind("CX-03", "新认定高新技术企业", "D06", "30", "家", C, YEAR, topic="innovation"),
    ind("CX-04", "新增科技型中小企业", "D06", "120", "家", topic="innovation"),
    ind("CX-05", "技术交易额", "D06", "4", "亿元", topic="innovation"),
    ind("CX-06", "招商引资签约项目", "D22", "40", "个", topic="invest", outlook="good"),
    ind("CX-07", "实际利用外资", "D07", "3500", "万美元", S, topic="invest", outlook="lag"),
    ind("CX-08", "浙商回归到位资金", "D22", "60", "亿元", C, topic="invest", outlook="lead"),
    ind("CX-09", "亿元以上招商项目落地", "D22", "25", "个", topic="invest"),
    proj("CX-10", "丽水蚂蚁链产业创新中心项目", "D22", "2022-06-30", co=("D20",),
         topic="invest", outlook="on_track",
         stages=("与蚂蚁智科、瑞谷传祺完成多轮对接，达成合作意向",
                 "项目正式签约落地，成为莲都首个落地的数字经济头部型企业",
                 "完成运营主体注册，办公场地装修进场")),
    proj("CX-11", "数字经济头部企业项目落地（京东、华为、百度）", "D22", "2022-09-30",
         co=("D20", "D02"), topic="invest"),
    task("CX-12", "科技新政和人才新政政策兑现", "D06", "2022-03-31", Q, QTR,
         co=("D12", "D03"), done_in=3, topic="innovation"),
    ind("CX-13", "“绿谷英才”计划引进人才", "D12", "80", "人", Q, QTR, topic="jobs"),
    ind("CX-14", "新增省级以上研发机构", "D06", "6", "家", Q, QTR, topic="innovation"),
    task("CX-15", "丽水学院—莲都产学研合作平台建设", "D06", "2022-05-31"),
    ind("CX-16", "每万人发明专利拥有量", "D14", "12", "件", Q, QTR, rate=True,
        topic="innovation"),
    proj("CX-17", "莲都科技企业孵化器建设", "D06", "2022-08-31"),
    ind("CX-18", "外贸出口额", "D07", "42", "亿元", C, topic="consumption"),
    ind("CX-19", "规上工业企业研发活动覆盖率", "D06", "75", "%", Q, QTR, rate=True,
        topic="innovation"),
    # 全域美丽 (20)
    ind("QY-01", "PM2.5浓度", "D15", "25", "微克/立方米", S, rate=True, lower=True,
        topic="air", outlook="mid"),
    ind("QY-02", "空气质量优良天数比例", "D15", "95", "%", C, rate=True, topic="air"),
    ind("QY-03", "地表水市控以上断面水质达标率", "D15", "100", "%", S, rate=True,
        topic="water", outlook="lead"),
    proj("QY-04", "双黄乡农村生活污水治理设施提升改造", "T05", "2022-08-31", co=("D04",)),
    ind("QY-05", "农村居民人均可支配收入增速", "D08", "10", "%", S, QTR, rate=True,
        topic="rural", outlook="lead"),
    ind("QY-06", "年经营性收入15万元以上行政村占比", "D08", "100", "%", Q, YEAR, rate=True,
        topic="rural"),
    ind("QY-07", "粮食播种面积", "D08", "9.2", "万亩", Q, YEAR, rate=True, topic="rural"),
    ind("QY-08", "新时代美丽乡村达标村创建", "D08", "20", "个", Q, QTR, topic="rural"),
    proj("QY-09", "古堰画乡5A级景区创建", "T02", "2022-12-31", S, co=("D09",)),
    ind("QY-10", "旅游总收入", "D09", "150", "亿元", C, topic="consumption", outlook="lag"),
    proj("QY-11", "太平乡康养综合体项目", "T06", "2022-03-25", co=("D10",),
         outlook="behind", standard="2022年3月25日前完成项目开工",
         issue=("项目用地报批和施工许可未办结，开工时间推迟",
                "区政府召开协调会，太平乡负责政策处理，区卫健局牵头对接审批，确保4月底前开工"),
         stages=("完成项目选址和概念方案，启动用地报批",
                 "区政府召开项目推进协调会，明确太平乡和区卫健局分工",
                 "用地报批和施工许可尚未办结，项目未能按期开工")),
    proj("QY-12", "瓯江（大溪）生态廊道建设", "D16", "2022-11-30", target="1.6",
         measure="亿元", topic="env"),
    ind("QY-13", "紫金街道生活垃圾回收利用率", "T11", "60", "%", C, rate=True, topic="env"),
    ind("QY-14", "峰源乡森林火灾受害率", "T08", "0.8", "‰", C, rate=True, lower=True,
        topic="safety", outlook="lead"),
    ind("QY-15", "重点建设用地安全利用率", "D15", "100", "%", S, QTR, rate=True, topic="env",
        issue=("部分疑似污染地块调查评估进度慢，安全利用方案未落实到位",
               "建立污染地块名录动态管理，督促业主单位限时完成调查评估")),
    proj("QY-16", "城镇“污水零直排区”建设", "D04", "2022-06-30", C, topic="env"),
    proj("QY-17", "老竹畲族镇未来乡村创建", "T03", "2022-09-30", S),
    proj("QY-18", "丽新畲族乡民族乡村振兴示范带建设", "T09", "2022-08-31"),
    proj("QY-19", "黄村乡小流域综合治理", "T10", "2022-02-28", C, done_in=2, topic="env"),
    ind("QY-20", "双黄乡高标准农田建设", "T05", "2000", "亩", S, topic="rural",
        outlook="mid"),
    # 服务优享 (20)
    ind("FW-01", "城镇居民人均可支配收入增速", "D19", "8.5", "%", S, QTR, rate=True,
        topic="jobs", outlook="mid"),
    ind("FW-02", "社会消费品零售总额", "D07", "310", "亿元", S, weight=Decimal("2"),
        topic="consumption", outlook="mid"),
    ind("FW-03", "社会消费品零售总额增速", "D07", "9", "%", C, rate=True, topic="consumption",
        outlook="lag"),
    ind("FW-04", "城镇登记失业率", "D12", "2.5", "%", C, QTR, rate=True, lower=True,
        topic="jobs", outlook="lead"),
    ind("FW-05", "每千人口拥有3岁以下婴幼儿托位数", "D10", "3", "个", S, QTR, rate=True,
        topic="social", outlook="lag"),
    ind("FW-06", "县域就诊率", "D10", "90", "%", C, rate=True, topic="health"),
    ind("FW-07", "60岁以上人群新冠疫苗加强针接种率", "D10", "90", "%", rate=True,
        topic="health"),
    proj("FW-08", "区人民医院迁建工程", "D10", "2022-12-31", target="4", measure="亿元"),
    proj("FW-09", "碧湖新城中小学、幼儿园新（改扩）建", "D11", "2022-08-31", co=("T01",)),
    ind("FW-10", "学前教育普惠率", "D11", "92", "%", S, YEAR, rate=True, topic="social"),
    ind("FW-11", "乡镇（街道）居家养老服务中心建成", "D13", "16", "个", Q, QTR,
        topic="social"),
    ind("FW-12", "政务服务“好差评”差评率", "D21", "0.5", "%", rate=True, lower=True,
        topic="service"),
    ind("FW-13", "万象街道“三级干部大走访”问题办结率", "T13", "95", "%", rate=True,
        topic="service"),
    ind("FW-14", "农村文化礼堂建设", "D09", "25", "个", Q, QTR, topic="social"),
    proj("FW-15", "百姓健身房建设", "D09", "2022-09-30"),
    ind("FW-16", "丽新畲族乡低收入农户人均可支配收入增速", "T09", "14", "%", S, QTR,
        rate=True, topic="rural", outlook="mid"),
    task("FW-17", "社会救助“一件事”集成改革", "D13", "2022-06-30"),
    ind("FW-18", "白云街道信访积案化解率", "T14", "90", "%", C, rate=True, topic="social",
        official="何卫平"),
    ind("FW-19", "食品安全抽检合格率", "D14", "98", "%", C, rate=True, topic="social"),
    proj("FW-20", "联城街道“15分钟便民生活圈”建设", "T15", "2022-07-31"),
    # 城市更新 (19)
    ind("CS-01", "城镇老旧小区改造开工", "D04", "22", "个", S, topic="city", outlook="lead"),
    ind("CS-02", "城中村改造", "D04", "1500", "户", C, topic="land"),
    proj("CS-03", "岩泉街道未来社区创建", "T12", "2022-12-31", S, topic="city"),
    ind("CS-04", "保障性租赁住房筹建", "D04", "1200", "套", Q, QTR, topic="city"),
    ind("CS-05", "房地产开发投资", "D04", "95", "亿元", topic="housing", outlook="behind"),
    ind("CS-06", "商品房销售面积", "D04", "110", "万平方米", topic="housing"),
    proj("CS-07", "应星楼—大水门历史街区有机更新", "T11", "2022-10-31", topic="city"),
    proj("CS-08", "城区“断头路”打通工程", "D17", "2022-02-28", topic="city",
         outlook="behind", standard="2022年2月底前完成3条“断头路”贯通",
         issue=("剩余1条道路涉及2户房屋征迁未签约",
                "组建征迁攻坚专班逐户攻坚，依法依规推进，4月底前实现贯通"),
         stages=("完成3条“断头路”施工图设计",
                 "受征迁遗留问题影响，1条道路未能贯通",
                 "剩余1条道路涉及2户房屋征迁尚未签约，仍未贯通")),
    ind("CS-09", "综合交通投资", "D17", "18", "亿元", C, topic="invest", outlook="mid"),
    ind("CS-10", "南明山街道新增公共停车泊位", "T16", "600", "个", topic="city"),
    ind("CS-11", "拆除违法建筑", "D23", "30", "万平方米", topic="city"),
    proj("CS-12", "城市燃气老旧管网更新改造", "D04", "2022-11-30", topic="city"),
    task("CS-13", "南明山片区城中村改造签约清零", "T16", "2022-03-20", done_in=3,
         topic="city"),
    ind("CS-14", "建筑业总产值", "D04", "160", "亿元", C, topic="econ"),
    proj("CS-15", "城区口袋公园建设", "D23", "2022-06-30", topic="city"),
    proj("CS-16", "白云街道老旧小区改造", "T14", "2022-09-30", topic="city"),
    ind("CS-17", "万象街道城中村改造征迁", "T13", "300", "户", C, topic="land",
        outlook="lag"),
    ind("CS-18", "联城街道城中村改造签约", "T15", "450", "户", C, topic="land",
        outlook="lead"),
    task("CS-19", "城镇燃气安全隐患专项整治", "D18", "2022-04-30", co=("D04",),
         topic="safety"),
)
# fmt: on
