"""Every text a person types has one limit, the one its column can hold, and every form
that takes it says so: one character more is refused with a Chinese message naming the
limit (never a server error), nothing is written or cut; exactly the limit is kept whole.

Runs on SQLite and on PostgreSQL: on SQLite the column does not enforce its length, so
there the form's own check is what is proved; on PostgreSQL a form allowing more than
its column holds would be a server error."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db.models import Model
from django.urls import reverse

from actions.models import Unit
from meetings import services as meeting_services
from meetings.models import (
    NOTICE_MAX_CHARS,
    Assignment,
    AssignmentProgress,
    Comment,
    Notice,
    NoticeLetterhead,
    RatingSession,
)
from outlets.models import ApiKey, Webhook
from reporting.models import TEXT_LIMITS, BonusPenalty, Report
from zzd.models import ZzdAccount

from .factories import BonusPenaltyFactory, OfficialFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Door:
    """One text field of one form: who posts it where, with which other fields."""

    name: str
    persona: str
    url: Callable
    field: str
    limit: int
    model: type[Model]
    column: str = ""
    data: Callable = lambda d: {}
    setup: Callable = lambda d, p: None
    text: Callable[[int, str], str] = lambda n, char: char * n
    needs: tuple[str, ...] = ()
    key: Callable = None

    def posted(self, d) -> str:
        return self.key(d) if self.key else self.field

    def stored(self) -> list:
        values = self.model.objects.values_list(self.column or self.field, flat=True)
        return sorted(map(str, values))


def _contact(d):
    return {
        "contact_name": "",
        "contact_mobile": "",
        "contact_email": "",
        "robot_webhook": "",
        "robot_secret": "",
    }


def _robot(d):
    return _contact(d) | {"robot_webhook": "https://oapi.dingtalk.com/robot/send?access_token=t"}


def _url(n: int, char: str) -> str:
    start = "https://push.example.cn/"
    return start + char.replace("超", "x").replace("满", "y") * (n - len(start))


def _fill(d):
    prefix = f"i{d.item_a.pk}"
    fields = {
        "version": 0,
        "value": "12",
        "achievement": "本月进展",
        "problems": "",
        "measures": "",
    }
    return {f"{prefix}-{name}": value for name, value in fields.items()} | {
        f"{prefix}-fix_unit": "",
        f"{prefix}-fix_deadline": "",
    }


def _fill_door(label: str, name: str) -> Door:
    limit = Report._meta.get_field(name).max_length or TEXT_LIMITS[name]
    return Door(
        label,
        "reporter_a",
        lambda d: reverse("reporting:fill"),
        name,
        limit,
        Report,
        data=_fill,
        key=lambda d: f"i{d.item_a.pk}-{name}",
    )


def _assignment(d, p):
    return meeting_services.create_assignment(
        month=d.month,
        content="一周内拿出整改方案",
        responsible_unit=d.unit_a,
        deadline=datetime.date(2022, 4, 30),
        assigned_by=OfficialFactory(),
        created_by=p.users.leader,
    )


def _done_assignment(d, p):
    assignment = _assignment(d, p)
    p.reporter_a.post(
        reverse("meetings:assignment_progress", args=[assignment.pk]),
        {"kind": "done", "text": "完成", "evidence": "文件"},
    )
    return assignment


def _office_step(label, url_name, name, limit, model, column) -> Door:
    """A text the office types on an assignment its unit has reported done."""
    return Door(
        label,
        "office",
        lambda d: reverse(f"meetings:{url_name}", args=[d.assignment_pk]),
        name,
        limit,
        model,
        column=column,
        setup=_done_assignment,
    )


DOORS = [
    _fill_door("实现情况", "achievement"),
    _fill_door("存在问题", "problems"),
    _fill_door("具体措施", "measures"),
    _fill_door("责任单位", "fix_unit"),
    Door(
        "联系人",
        "office",
        lambda d: reverse("actions:unit_contact_edit", args=[d.unit_a.code]),
        "contact_name",
        50,
        Unit,
        data=_contact,
    ),
    Door(
        "机器人加签密钥",
        "office",
        lambda d: reverse("actions:unit_contact_edit", args=[d.unit_a.code]),
        "robot_secret",
        200,
        Unit,
        data=_robot,
    ),
    Door(
        "机器人 Webhook",
        "office",
        lambda d: reverse("actions:unit_contact_edit", args=[d.unit_a.code]),
        "robot_webhook",
        500,
        Unit,
        data=_contact,
        text=_url,
    ),
    Door(
        "加减分事由",
        "office",
        lambda d: reverse("reporting:bonus_list", args=["2022-03"]),
        "reason",
        BonusPenalty._meta.get_field("reason").max_length,
        BonusPenalty,
        data=lambda d: {"unit": d.unit_a.pk, "points": "2"},
    ),
    Door(
        "加减分修改后的事由",
        "office",
        lambda d: reverse("reporting:bonus_change", args=[d.bonus_pk]),
        "reason",
        BonusPenalty._meta.get_field("reason").max_length,
        BonusPenalty,
        data=lambda d: {"points": "3", "why": "核实后更正"},
        setup=lambda d, p: BonusPenaltyFactory(unit=d.unit_a, month=d.month, reason="表彰"),
    ),
    Door(
        "接口限速",
        "office",
        lambda d: reverse("outlets:create_key"),
        "rate",
        ApiKey._meta.get_field("rate").max_length,
        ApiKey,
        data=lambda d: {"name": "数字驾驶舱"},
        text=lambda n, char: "1" * (n - 4) + "/min",
    ),
    Door(
        "接口密钥名称",
        "office",
        lambda d: reverse("outlets:create_key"),
        "name",
        ApiKey._meta.get_field("name").max_length,
        ApiKey,
        data=lambda d: {"rate": "60/min"},
    ),
    Door(
        "推送签名密钥",
        "office",
        lambda d: reverse("outlets:register_webhook"),
        "secret",
        200,
        Webhook,
        data=lambda d: {"url": "https://push.example.cn/hook"},
    ),
    Door(
        "推送地址",
        "office",
        lambda d: reverse("outlets:register_webhook"),
        "url",
        500,
        Webhook,
        text=_url,
    ),
    Door(
        "浙政钉账号 ID",
        "office",
        lambda d: reverse("zzd:account_edit", args=[d.leader_pk]),
        "account_id",
        64,
        ZzdAccount,
        data=lambda d: {"employee_code": ""},
        needs=("zzd_gateway",),
    ),
    Door(
        "浙政钉员工编号",
        "office",
        lambda d: reverse("zzd:account_edit", args=[d.leader_pk]),
        "employee_code",
        64,
        ZzdAccount,
        data=lambda d: {"account_id": "zzd-1001"},
        needs=("zzd_gateway",),
    ),
    Door(
        "发文机关",
        "office",
        lambda d: reverse("meetings:letterhead"),
        "issuer",
        60,
        NoticeLetterhead,
        data=lambda d: {"prefix": "区晒比办", "copy_to": ""},
    ),
    Door(
        "发文字号前缀",
        "office",
        lambda d: reverse("meetings:letterhead"),
        "prefix",
        20,
        NoticeLetterhead,
        data=lambda d: {"issuer": "区晒比会办公室", "copy_to": ""},
    ),
    Door(
        "抄送",
        "office",
        lambda d: reverse("meetings:letterhead"),
        "copy_to",
        300,
        NoticeLetterhead,
        data=lambda d: {"issuer": "区晒比会办公室", "prefix": "区晒比办"},
    ),
    Door(
        "点评内容",
        "leader",
        lambda d: reverse("meetings:comment_add", args=["2022-03"]),
        "text",
        2000,
        Comment,
        data=lambda d: {"target": "item", "target_id": d.item_a.pk},
    ),
    Door(
        "交办内容",
        "leader",
        lambda d: reverse("meetings:assignment_create"),
        "content",
        2000,
        Assignment,
        data=lambda d: {
            "month": d.month.pk,
            "responsible_unit": d.unit_b.pk,
            "deadline": "2022-04-15",
            "assigned_by": OfficialFactory().pk,
        },
    ),
    Door(
        "办理情况",
        "reporter_a",
        lambda d: reverse("meetings:assignment_progress", args=[d.assignment_pk]),
        "text",
        4000,
        AssignmentProgress,
        data=lambda d: {"kind": "in_progress"},
        setup=_assignment,
    ),
    Door(
        "佐证材料",
        "reporter_a",
        lambda d: reverse("meetings:assignment_progress", args=[d.assignment_pk]),
        "evidence",
        4000,
        AssignmentProgress,
        data=lambda d: {"kind": "in_progress", "text": "推进中"},
        setup=_assignment,
    ),
    _office_step("交办退回理由", "assignment_return", "reason", 2000, Assignment, "return_reason"),
    _office_step("核验意见", "assignment_close", "note", 4000, AssignmentProgress, "text"),
    Door(
        "测评名称",
        "office",
        lambda d: reverse("meetings:rating_create", args=["2022-03"]),
        "title",
        100,
        RatingSession,
        data=lambda d: {
            "units": [d.unit_a.pk],
            "min_score": "0",
            "max_score": "100",
            "seat_count": "0",
        },
    ),
    Door(
        "通报正文",
        "office",
        lambda d: reverse("meetings:notice", args=["2022-03"]),
        "text",
        NOTICE_MAX_CHARS,
        Notice,
        data=lambda d: {"save": "1"},
    ),
]


def _refusal(limit: int) -> re.Pattern:
    number = f"({limit}|{limit:,})"
    return re.compile(rf"(最多|不超过|不能超过|不得超过)\s*{number}\s*(个)?(字|个字符)")


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.name)
def test_it_refuses_one_character_over_the_limit_and_keeps_the_limit_whole(
    personas, district, door, request
):
    for name in door.needs:
        request.getfixturevalue(name)
    district.leader_pk = personas.users.leader.pk
    made = door.setup(district, personas)
    district.assignment_pk = district.bonus_pk = made.pk if made else None
    client = getattr(personas, door.persona)
    url = door.url(district)
    before = door.stored()

    too_long = door.data(district) | {door.posted(district): door.text(door.limit + 1, "超")}
    response = client.post(url, too_long, follow=True)
    assert response.status_code in (200, 400), response.status_code
    told = [str(message) for message in response.context["messages"]]
    page = " ".join(told) + response.content.decode()
    assert _refusal(door.limit).search(page), page[-3000:]
    assert door.stored() == before

    whole = door.text(door.limit, "满")
    response = client.post(url, door.data(district) | {door.posted(district): whole})
    assert response.status_code in (200, 302), response.content.decode()[-3000:]
    assert whole in door.stored()
