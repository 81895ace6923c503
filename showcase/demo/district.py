"""The demo district's people and places: units, officials, the eight actions, logins.

莲都区 (丽水市) as described in the source reports: 24 district departments (区直部门),
its 16 towns, townships and streets (乡镇街道), thirteen district officials and the
eight actions (八大行动) each led by one of them. The names of people are invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from accounts.models import Role
from actions.models import UnitGroup

DISTRICT_NAME = "莲都区"
DEMO_PASSWORD = "Shaibi-2022!"
# The units' contacts' addresses: a reserved domain (RFC 2606), so no demo mail is real.
DEMO_MAIL_DOMAIN = "liandu.example.com"
DEPT, TOWN = UnitGroup.DEPARTMENT, UnitGroup.TOWNSHIP


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    group: str
    head: str  # 责任人 text: "name（title）"
    overseer: str  # 分管/联系区领导: the official answering for the unit's items


UNITS: tuple[UnitSpec, ...] = (
    UnitSpec("D01", "区发改局", DEPT, "王海涛（区发改局局长）", "吴建国"),
    UnitSpec("D02", "区经信局", DEPT, "李志刚（区经信局局长）", "陈海峰"),
    UnitSpec("D03", "区财政局", DEPT, "郑丽君（区财政局局长）", "吴建国"),
    UnitSpec("D04", "区住建局", DEPT, "杨伟（区住建局局长）", "刘振华"),
    UnitSpec("D05", "区自然资源分局", DEPT, "叶建平（区自然资源分局局长）", "潘志强"),
    UnitSpec("D06", "区科技局", DEPT, "金晓东（区科技局局长）", "朱晓明"),
    UnitSpec("D07", "区商务局", DEPT, "周敏（区商务局局长）", "朱晓明"),
    UnitSpec("D08", "区农业农村局", DEPT, "吴永红（区农业农村局局长）", "蓝卫东"),
    UnitSpec("D09", "区文广旅体局", DEPT, "徐佳（区文广旅体局局长）", "季红霞"),
    UnitSpec("D10", "区卫健局", DEPT, "刘晓燕（区卫健局局长）", "徐丽萍"),
    UnitSpec("D11", "区教育局", DEPT, "梅建华（区教育局局长）", "徐丽萍"),
    UnitSpec("D12", "区人力社保局", DEPT, "潘俊（区人力社保局局长）", "叶俊"),
    UnitSpec("D13", "区民政局", DEPT, "钟芳（区民政局局长）", "徐丽萍"),
    UnitSpec("D14", "区市场监管局", DEPT, "应国强（区市场监管局局长）", "雷敏"),
    UnitSpec("D15", "区生态环境分局", DEPT, "毛旭东（区生态环境分局局长）", "蓝卫东"),
    UnitSpec("D16", "区水利局", DEPT, "项文斌（区水利局局长）", "蓝卫东"),
    UnitSpec("D17", "区交通运输局", DEPT, "施俊杰（区交通运输局局长）", "刘振华"),
    UnitSpec("D18", "区应急管理局", DEPT, "卢斌（区应急管理局局长）", "陈海峰"),
    UnitSpec("D19", "区统计局", DEPT, "张雅琴（区统计局局长）", "吴建国"),
    UnitSpec("D20", "区大数据发展中心", DEPT, "陈思远（区大数据发展中心主任）", "雷敏"),
    UnitSpec("D21", "区行政服务中心", DEPT, "赵卓（区行政服务中心主任）", "雷敏"),
    UnitSpec("D22", "区投资促进中心", DEPT, "邱志伟（区投资促进中心主任）", "朱晓明"),
    UnitSpec("D23", "区综合行政执法局", DEPT, "胡立新（区综合行政执法局局长）", "刘振华"),
    UnitSpec("D24", "区税务局", DEPT, "鲍文华（区税务局局长）", "吴建国"),
    UnitSpec("T01", "碧湖镇", TOWN, "林建军（碧湖镇党委书记）", "潘志强"),
    UnitSpec("T02", "大港头镇", TOWN, "何晓峰（大港头镇党委书记）", "季红霞"),
    UnitSpec("T03", "老竹畲族镇", TOWN, "雷红梅（老竹畲族镇党委书记）", "蓝卫东"),
    UnitSpec("T04", "雅溪镇", TOWN, "朱立群（雅溪镇党委书记）", "潘志强"),
    UnitSpec("T05", "双黄乡", TOWN, "蓝晓勇（双黄乡党委书记）", "蓝卫东"),
    UnitSpec("T06", "太平乡", TOWN, "季明辉（太平乡党委书记）", "潘志强"),
    UnitSpec("T07", "仙渡乡", TOWN, "吕文涛（仙渡乡党委书记）", "潘志强"),
    UnitSpec("T08", "峰源乡", TOWN, "柳志坚（峰源乡党委书记）", "蓝卫东"),
    UnitSpec("T09", "丽新畲族乡", TOWN, "钟春燕（丽新畲族乡党委书记）", "蓝卫东"),
    UnitSpec("T10", "黄村乡", TOWN, "王剑锋（黄村乡党委书记）", "蓝卫东"),
    UnitSpec("T11", "紫金街道", TOWN, "杜颖（紫金街道党工委书记）", "刘振华"),
    UnitSpec("T12", "岩泉街道", TOWN, "沈立军（岩泉街道党工委书记）", "雷敏"),
    UnitSpec("T13", "万象街道", TOWN, "吴晓丽（万象街道党工委书记）", "何卫平"),
    UnitSpec("T14", "白云街道", TOWN, "潘国华（白云街道党工委书记）", "何卫平"),
    UnitSpec("T15", "联城街道", TOWN, "叶海燕（联城街道党工委书记）", "刘振华"),
    UnitSpec("T16", "南明山街道", TOWN, "陈卫国（南明山街道党工委书记）", "刘振华"),
)

# name → title (职务)
OFFICIALS: dict[str, str] = {
    "周立群": "市委常委、区委书记",
    "林晓": "区委副书记、区长",
    "吴建国": "区委常委、常务副区长",
    "潘志强": "区委常委、碧湖新城党工委书记",
    "陈海峰": "区委常委、副区长",
    "叶俊": "区委常委、组织部部长",
    "季红霞": "区委常委、宣传部部长",
    "何卫平": "区委常委、政法委书记",
    "雷敏": "副区长",
    "朱晓明": "副区长",
    "蓝卫东": "副区长",
    "徐丽萍": "副区长",
    "刘振华": "副区长",
}


@dataclass(frozen=True)
class ActionSpec:
    code: str
    name: str
    leader: str
    lead_unit: str


# The code is the prefix of the action's item codes ("SZ-01"…).
ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("SZ", "数字赋能", "雷敏", "D20"),
    ActionSpec("KJ", "空间聚合", "潘志强", "D05"),
    ActionSpec("YS", "要素保障", "吴建国", "D03"),
    ActionSpec("GY", "工业跃迁", "陈海峰", "D02"),
    ActionSpec("CX", "创新引领", "朱晓明", "D06"),
    ActionSpec("QY", "全域美丽", "蓝卫东", "D15"),
    ActionSpec("FW", "服务优享", "徐丽萍", "D10"),
    ActionSpec("CS", "城市更新", "刘振华", "D04"),
)


@dataclass(frozen=True)
class LoginSpec:
    username: str
    role: str
    display_name: str
    unit_code: str | None = None
    official: str = ""


LOGINS: tuple[LoginSpec, ...] = (
    LoginSpec("kaohe", Role.OFFICE, "区考核办"),
    LoginSpec("lingdao", Role.LEADER, "周立群", official="周立群"),
    LoginSpec("tianbao", Role.REPORTER, "郑佳（区发改局填报员）", "D01"),
    LoginSpec("fuzeren", Role.UNIT_HEAD, "王海涛（区发改局局长）", "D01"),
    LoginSpec("bihu", Role.REPORTER, "徐晨（碧湖镇填报员）", "T01"),
    LoginSpec("admin", Role.ADMIN, "系统管理员"),
)


@dataclass(frozen=True)
class BonusSpec:
    unit: str
    month: str
    points: Decimal
    reason: str


BONUSES: tuple[BonusSpec, ...] = (
    BonusSpec(
        "T12",
        "2022-03",
        Decimal("2"),
        "“云上党建”基层治理应用获评省级数字化改革“最佳应用”（获省级表彰）",
    ),
    BonusSpec(
        "D04",
        "2022-03",
        Decimal("-1.5"),
        "碧湖新城建筑工地扬尘管控不力，被市级通报",
    ),
)
