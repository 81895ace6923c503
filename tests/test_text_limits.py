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
from typing import NamedTuple

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
from reporting.models import REASON_LIMIT, TEXT_LIMITS, BonusPenalty, Report
from reporting.queries import open_work
from scoring import services as scoring_services
from scoring.models import ScoreRun
from zzd.models import ZzdAccount

from .factories import BonusPenaltyFactory, OfficialFactory

pytestmark = pytest.mark.django_db


def _chars(n: int, char: str) -> str:
    return char * n


def _url(n: int, char: str) -> str:
    start = "https://push.example.cn/"
    return start + char.replace("超", "x").replace("满", "y") * (n - len(start))


def _mobile(n: int, char: str) -> str:
    return "1" + "3" * (n - 1)


def _email(n: int, char: str) -> str:
    letter = "x" if char == "超" else "y"
    # Domain labels of at most 61 letters, as an address allows.
    domain = "".join("." if i % 62 == 61 else letter for i in range(n - len("a@.cn")))
    return f"a@{domain.rstrip('.')}{letter if domain.endswith('.') else ''}.cn"


def _rate(n: int, char: str) -> str:
    return "1" * (n - 4) + "/min"


@dataclass(frozen=True)
class Form:
    """One form: who posts it where (a URL name, or the URL for the district), with a
    valid value in each of its fields."""

    persona: str
    url: str | Callable
    model: type[Model]
    valid: Callable = lambda d: {}
    setup: Callable = lambda d, p: None
    needs: tuple[str, ...] = ()
    prefix: Callable = lambda d: ""


class Typed(NamedTuple):
    """A field a person types into; its limit is its column's unless given."""

    label: str
    field: str
    limit: int | None = None
    column: str = ""
    text: Callable[[int, str], str] = _chars


@dataclass(frozen=True)
class Door:
    form: Form
    typed: Typed

    @property
    def label(self) -> str:
        return self.typed.label

    @property
    def column(self) -> str:
        return self.typed.column or self.typed.field

    @property
    def limit(self) -> int:
        return self.typed.limit or self.form.model._meta.get_field(self.column).max_length

    def post(self, d, client, n: int, char: str, **options):
        text = self.typed.text(n, char)
        data = self.form.valid(d) | {self.form.prefix(d) + self.typed.field: text}
        url = self.form.url
        return text, client.post(reverse(url) if isinstance(url, str) else url(d), data, **options)

    def stored(self) -> list:
        values = self.form.model.objects.values_list(self.column, flat=True)
        return sorted(map(str, values))


def _doors(form: Form, *typed: Typed) -> list[Door]:
    return [Door(form, one) for one in typed]


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


def _on_made(url_name: str) -> Callable:
    return lambda d: reverse(url_name, args=[d.made_pk])


def _published_then_changed(d, p):
    scoring_services.publish_month("2022-03", user=p.users.office, announce=False)
    BonusPenaltyFactory(unit=d.unit_a, month=d.month, reason="表彰")


FILL = Form(
    "reporter_a",
    "reporting:fill",
    Report,
    valid=lambda d: {
        f"i{d.item_a.pk}-{name}": value
        for name, value in {"version": 0, "value": "12", "achievement": "本月进展"}.items()
    },
    prefix=lambda d: f"i{d.item_a.pk}-",
)
CONTACTS = Form(
    "office",
    lambda d: reverse("actions:unit_contact_edit", args=[d.unit_a.code]),
    Unit,
    valid=lambda d: {"robot_webhook": "https://oapi.dingtalk.com/robot/send?access_token=t"},
)
NEW_BONUS = Form(
    "office",
    lambda d: reverse("reporting:bonus_list", args=["2022-03"]),
    BonusPenalty,
    valid=lambda d: {"unit": d.unit_a.pk, "points": "2", "reason": "表彰"},
)
BONUS_CHANGE = Form(
    "office",
    _on_made("reporting:bonus_change"),
    BonusPenalty,
    valid=lambda d: {"points": "3", "reason": "表彰", "why": "核实后更正"},
    setup=lambda d, p: BonusPenaltyFactory(unit=d.unit_a, month=d.month, reason="表彰"),
)
API_KEY = Form(
    "office",
    "outlets:create_key",
    ApiKey,
    valid=lambda d: {"name": "数字驾驶舱", "rate": "60/min"},
)
WEBHOOK = Form(
    "office",
    "outlets:register_webhook",
    Webhook,
    valid=lambda d: {"url": "https://push.example.cn/hook"},
)
ZZD_LINK = Form(
    "office",
    lambda d: reverse("zzd:account_edit", args=[d.leader_pk]),
    ZzdAccount,
    valid=lambda d: {"account_id": "zzd-1001"},
    needs=("zzd_gateway",),
)
LETTERHEAD = Form(
    "office",
    "meetings:letterhead",
    NoticeLetterhead,
    valid=lambda d: {"issuer": "区晒比会办公室", "prefix": "区晒比办"},
)
COMMENT = Form(
    "leader",
    lambda d: reverse("meetings:comment_add", args=["2022-03"]),
    Comment,
    valid=lambda d: {"target": "item", "target_id": d.item_a.pk},
)
ASSIGNMENT = Form(
    "leader",
    "meetings:assignment_create",
    Assignment,
    valid=lambda d: {
        "month": d.month.pk,
        "responsible_unit": d.unit_b.pk,
        "deadline": "2022-04-15",
        "assigned_by": OfficialFactory().pk,
    },
)
PROGRESS = Form(
    "reporter_a",
    _on_made("meetings:assignment_progress"),
    AssignmentProgress,
    valid=lambda d: {"kind": "in_progress", "text": "推进中"},
    setup=_assignment,
)
ASSIGNMENT_RETURN = Form(
    "office", _on_made("meetings:assignment_return"), Assignment, setup=_done_assignment
)
ASSIGNMENT_CLOSE = Form(
    "office", _on_made("meetings:assignment_close"), AssignmentProgress, setup=_done_assignment
)
RATING = Form(
    "office",
    lambda d: reverse("meetings:rating_create", args=["2022-03"]),
    RatingSession,
    valid=lambda d: (
        {"units": [d.unit_a.pk], "min_score": "0", "max_score": "100"} | {"seat_count": "0"}
    ),
)
CORRECTION = Form(
    "office",
    lambda d: reverse("scoring:publish", args=["2022-03"]),
    ScoreRun,
    valid=lambda d: {"confirm": open_work(d.month).token},
    setup=_published_then_changed,
)
NOTICE = Form(
    "office",
    lambda d: reverse("meetings:notice", args=["2022-03"]),
    Notice,
    valid=lambda d: {"save": "1"},
)

DOORS = [
    *_doors(
        FILL,
        Typed("实现情况", "achievement", TEXT_LIMITS["achievement"]),
        Typed("存在问题", "problems", TEXT_LIMITS["problems"]),
        Typed("具体措施", "measures", TEXT_LIMITS["measures"]),
        Typed("责任单位", "fix_unit"),
    ),
    *_doors(
        CONTACTS,
        Typed("联系人", "contact_name"),
        Typed("手机", "contact_mobile", text=_mobile),
        Typed("邮箱", "contact_email", text=_email),
        Typed("机器人加签密钥", "robot_secret"),
        Typed("机器人 Webhook", "robot_webhook", text=_url),
    ),
    *_doors(NEW_BONUS, Typed("加减分事由", "reason")),
    *_doors(BONUS_CHANGE, Typed("加减分修改后的事由", "reason")),
    *_doors(API_KEY, Typed("接口密钥名称", "name"), Typed("接口限速", "rate", text=_rate)),
    *_doors(WEBHOOK, Typed("推送签名密钥", "secret"), Typed("推送地址", "url", text=_url)),
    *_doors(
        ZZD_LINK, Typed("浙政钉账号 ID", "account_id"), Typed("浙政钉员工编号", "employee_code")
    ),
    *_doors(
        LETTERHEAD,
        Typed("发文机关", "issuer"),
        Typed("发文字号前缀", "prefix"),
        Typed("抄送", "copy_to"),
    ),
    *_doors(COMMENT, Typed("点评内容", "text", 2000)),
    *_doors(ASSIGNMENT, Typed("交办内容", "content", 2000)),
    *_doors(PROGRESS, Typed("办理情况", "text", 4000), Typed("佐证材料", "evidence", 4000)),
    *_doors(ASSIGNMENT_RETURN, Typed("交办退回理由", "reason", 2000, column="return_reason")),
    *_doors(ASSIGNMENT_CLOSE, Typed("核验意见", "note", 4000, column="text")),
    *_doors(RATING, Typed("测评名称", "title")),
    *_doors(CORRECTION, Typed("更正原因", "reason", REASON_LIMIT)),
    *_doors(NOTICE, Typed("通报正文", "text", NOTICE_MAX_CHARS)),
]


def _refusal(limit: int) -> re.Pattern:
    number = f"({limit}|{limit:,})"
    return re.compile(rf"(最多|不超过|不能超过|不得超过)\s*{number}\s*(个)?(字|个字符)")


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.label)
def test_it_refuses_one_character_over_the_limit_and_keeps_the_limit_whole(
    personas, district, door, request
):
    for name in door.form.needs:
        request.getfixturevalue(name)
    district.leader_pk = personas.users.leader.pk
    made = door.form.setup(district, personas)
    district.made_pk = getattr(made, "pk", None)
    client = getattr(personas, door.form.persona)
    before = door.stored()

    _, response = door.post(district, client, door.limit + 1, "超", follow=True)
    assert response.status_code in (200, 400), response.status_code
    told = [str(message) for message in response.context["messages"]]
    page = " ".join(told) + response.content.decode()
    assert _refusal(door.limit).search(page), page[-3000:]
    assert door.stored() == before

    whole, response = door.post(district, client, door.limit, "满")
    assert response.status_code in (200, 302), response.content.decode()[-3000:]
    assert whole in door.stored()
