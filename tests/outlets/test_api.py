"""The API of DESIGN §9: the published snapshot as JSON, for a key and only a key."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outlets.models import ApiKey, ApiKeyUse
from outlets.services import create_api_key, revoke_api_key
from reporting.models import Report
from scoring.models import ScoreRun
from scoring.services import compute_month, publish_month

from .conftest import build_bulk_district, key_client

pytestmark = pytest.mark.django_db


def boards_url(label: str) -> str:
    return reverse("api:boards", args=[label])


def items_url(label: str) -> str:
    return reverse("api:items", args=[label])


def test_it_lists_published_months_newest_first_with_revision_and_fingerprint(march, api):
    months = api.get(reverse("api:months")).json()
    assert months == [
        {
            "month": "2022-03",
            "revision": 1,
            "fingerprint": march.run.input_fingerprint,
            "published_at": timezone.localtime(march.run.computed_at).isoformat(),
        }
    ]


def test_it_lists_only_months_updated_since(march, api):
    later = (march.run.computed_at + datetime.timedelta(seconds=1)).isoformat()
    earlier = (march.run.computed_at - datetime.timedelta(seconds=1)).isoformat()
    assert api.get(reverse("api:months"), {"updated_since": later}).json() == []
    assert len(api.get(reverse("api:months"), {"updated_since": earlier}).json()) == 1


def test_it_refuses_an_updated_since_that_is_no_time(march, api):
    response = api.get(reverse("api:months"), {"updated_since": "昨天"})
    assert response.status_code == 400
    assert "ISO-8601" in response.json()["detail"]


def test_it_gives_the_boards_as_published(march, api):
    body = api.get(boards_url("2022-03")).json()
    assert (body["month"], body["revision"]) == ("2022-03", 1)
    assert body["fingerprint"] == march.run.input_fingerprint
    district = next(b for b in body["boards"] if b["board"] == "district")
    assert district["title"] == "区级综合评价榜"
    departments = district["groups"][0]
    assert departments["group"] == "区直部门"
    first = departments["rows"][0]
    assert set(first) == {
        "unit_code",
        "unit",
        "rank",
        "score",
        "movement",
        "honour",
        "warning",
        "kept_off",
    }
    assert first["movement"] == "新"
    # Scores are strings with two decimals, as the board shows them.
    assert all(len(row["score"].split(".")[1]) == 2 for row in departments["rows"])
    assert [a["action_code"] for a in body["actions"]]


def test_it_names_the_revision_in_the_headers(march, api):
    response = api.get(boards_url("2022-03"))
    assert response["X-Showcase-Revision"] == "1"
    assert response["X-Showcase-Fingerprint"] == march.run.input_fingerprint


def test_it_gives_every_scored_item(march, api):
    body = api.get(items_url("2022-03")).json()
    assert body["count"] == march.run.item_results.count()
    by_code = {row["code"]: row for row in body["results"]}
    target = by_code["G-001"]
    assert target["kind"] == "指标" and target["level"] == "区级"
    assert Decimal(target["completion"]) == Decimal("0.9")
    assert (target["band"], target["lagging"]) == ("黄", False)
    assert by_code["S-001"]["status"] == "逾期" and by_code["S-001"]["lagging"] is True
    assert by_code["M-001"]["status"] == "未报送"
    assert "Y-001" not in by_code  # not due in March


def test_it_gives_the_warnings_as_the_workbook_sheet(march, api):
    body = api.get(reverse("api:warnings", args=["2022-03"])).json()
    assert body["revision"] == 1
    assert {row["warning"] for row in body["results"]} <= {"红", "黄", "绿"}
    assert set(body["results"][0]) == {
        "code", "name", "lead_unit_code", "lead_unit", "warning", "forecast", "completion", "basis"
    }  # fmt: skip


def test_it_gives_the_plan_years_items_with_their_five_fixes(march, api):
    body = api.get(reverse("api:plan_items", args=[2022])).json()
    assert (body["year"], body["month"], body["revision"]) == (2022, "2022-03", 1)
    item = next(row for row in body["results"] if row["code"] == "G-001")
    assert item["cadence"] == "月" and item["direction"] == "正向"
    assert api.get(reverse("api:plan_items", args=[1999])).status_code == 404


def test_it_answers_404_for_a_month_not_published(march, api):
    for label in ("2022-04", "2022-13", "0000-00"):
        for name in ("api:boards", "api:items", "api:warnings"):
            response = api.get(reverse(name, args=[label]))
            assert response.status_code == 404, (name, label)
            assert "detail" in response.json()


def test_it_never_shows_the_live_preview(march, api):
    """A report accepted after publication changes the preview, not the API."""
    before = api.get(items_url("2022-03")).json()
    report = Report.objects.get(item__code="G-001", month__number=3)
    Report.objects.filter(pk=report.pk).update(value=Decimal("99"))
    compute_month(report.month)
    preview = ScoreRun.objects.previews().get(month=report.month)
    assert preview.input_fingerprint != march.run.input_fingerprint
    assert api.get(items_url("2022-03")).json() == before


def test_it_shows_a_correction_as_the_next_revision(march, api):
    report = Report.objects.get(item__code="G-001", month__number=3)
    Report.objects.filter(pk=report.pk).update(value=Decimal("99"))
    publish_month("2022-03", reason="完成值更正")
    body = api.get(boards_url("2022-03")).json()
    assert body["revision"] == 2
    target = next(
        r for r in api.get(items_url("2022-03")).json()["results"] if r["code"] == "G-001"
    )
    assert target["value"] == "99.0000"


def test_it_answers_304_when_the_etag_matches(march, api):
    first = api.get(boards_url("2022-03"))
    etag = first["ETag"]
    again = api.get(boards_url("2022-03"), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert api.get(boards_url("2022-03"), HTTP_IF_NONE_MATCH='"other"').status_code == 200
    months = api.get(reverse("api:months"))
    assert api.get(reverse("api:months"), HTTP_IF_NONE_MATCH=months["ETag"]).status_code == 304


def test_a_correction_changes_the_etag(march, api):
    etag = api.get(boards_url("2022-03"))["ETag"]
    Report.objects.filter(item__code="G-001", month__number=3).update(value=Decimal("99"))
    publish_month("2022-03", reason="完成值更正")
    assert api.get(boards_url("2022-03"), HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize(
    "header",
    ["", "Api-Key nonsense", "Api-Key abc.def", "Bearer x", "Api-Key"],
)
def test_it_refuses_a_missing_or_bad_key_with_401(march, client, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get(boards_url("2022-03"), **extra)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]
    assert response["WWW-Authenticate"] == "Api-Key"


def test_a_wrong_api_address_answers_json_404_and_a_page_address_html(march, api, client):
    response = api.get("/api/v1/months/2022-03/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "接口地址不存在"}
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_it_says_in_chinese_that_the_key_is_missing(march, client):
    response = client.get(boards_url("2022-03"))
    assert response.status_code == 401
    assert response.json() == {"detail": "缺少接口密钥：请求头应为 Authorization: Api-Key <密钥>"}


def test_it_says_in_chinese_when_to_try_again_over_the_rate(march):
    client = key_client(create_api_key("限速", rate="1/min")[1])
    assert client.get(boards_url("2022-03")).status_code == 200
    response = client.get(boards_url("2022-03"))
    assert response.status_code == 429
    assert response.json() == {"detail": "请求过于频繁，请 60 秒后再试"}
    assert response["Retry-After"] == "60"


def test_it_refuses_a_revoked_key_and_logs_it(march, api):
    assert api.get(boards_url("2022-03")).status_code == 200
    revoke_api_key(api.key)
    response = api.get(boards_url("2022-03"))
    assert response.status_code == 401
    assert response.json()["detail"] == "接口密钥已吊销"
    uses = list(ApiKeyUse.objects.filter(key=api.key).order_by("at", "pk"))
    assert [(u.path, u.status) for u in uses] == [
        ("/api/v1/months/2022-03/boards/", 200),
        ("/api/v1/months/2022-03/boards/", 401),
    ]


def test_it_refuses_an_expired_key(march, time_machine):
    time_machine.move_to(datetime.datetime(2022, 4, 1, 12, tzinfo=datetime.UTC))
    _key, secret = create_api_key("临时", expires=datetime.date(2022, 4, 30))
    client = key_client(secret)
    assert client.get(boards_url("2022-03")).status_code == 200
    time_machine.move_to(datetime.datetime(2022, 4, 30, 15, tzinfo=datetime.UTC))  # 23:00 +8
    assert client.get(boards_url("2022-03")).status_code == 200
    time_machine.move_to(datetime.datetime(2022, 4, 30, 16, 1, tzinfo=datetime.UTC))
    response = client.get(boards_url("2022-03"))
    assert response.status_code == 401
    assert response.json()["detail"] == "接口密钥已过期"


def test_it_answers_429_over_the_keys_rate(march):
    _key, secret = create_api_key("限速", rate="2/min")
    client = key_client(secret)
    statuses = [client.get(boards_url("2022-03")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert "detail" in client.get(boards_url("2022-03")).json()
    # Another key has its own count.
    other = key_client(create_api_key("另一个")[1])
    assert other.get(boards_url("2022-03")).status_code == 200


def test_a_session_never_opens_the_api(march, personas):
    response = personas.office.get(boards_url("2022-03"))
    assert response.status_code == 401


def test_a_key_never_opens_a_page(march, api):
    for url in (reverse("home"), reverse("scoring:month_boards", args=["2022-03"])):
        response = api.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_is_read_only(march, api):
    response = api.post(boards_url("2022-03"), {}, content_type="application/json")
    assert response.status_code == 405


def test_it_stores_only_the_keys_hash(db):
    key, secret = create_api_key("数字驾驶舱")
    stored = ApiKey.objects.get(pk=key.pk)
    assert secret not in stored.hashed_key and secret not in stored.pk
    assert stored.hashed_key.startswith("sha512$$")


def test_create_api_key_prints_the_key_once(march, capsys):
    call_command("create_api_key", "数字驾驶舱", "--expires", "2099-12-31")
    out, err = capsys.readouterr()
    secret = out.strip()
    assert "只显示这一次" in err and "2099-12-31" in err
    key = ApiKey.objects.get(name="数字驾驶舱")
    assert timezone.localtime(key.expiry_date).date() == datetime.date(2100, 1, 1)
    assert key_client(secret).get(boards_url("2022-03")).status_code == 200


def test_create_api_key_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("create_api_key", "x", "--expires", "明年")
    assert not ApiKey.objects.exists()


# --- Size ---------------------------------------------------------------------------


def items_queries(label: str, client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(items_url(label))
    assert response.status_code == 200
    return len(queries), len(response.content)


def test_items_run_a_fixed_number_of_queries_at_1x_and_10x(api):
    small = build_bulk_district(161, year=2023)
    large = build_bulk_district(1610, year=2024)
    # The key, the publication, the item rows, the use logged.
    case = TestCase()
    with case.assertNumQueries(4):
        body = api.get(items_url(small.label)).json()
    assert body["count"] == 161
    with case.assertNumQueries(4):
        response = api.get(items_url(large.label))
    body = response.json()
    assert body["count"] == 1610 and len(body["results"]) == 1610 and body["next"] is None
    assert len(response.content) <= 1_000_000, len(response.content)


def test_boards_run_a_fixed_number_of_queries(march, api):
    # key, publication, units, the 未报送 and 逾期 items (why off 红榜), actions, use
    with TestCase().assertNumQueries(6):
        assert api.get(boards_url("2022-03")).status_code == 200
    etag = api.get(boards_url("2022-03"))["ETag"]
    with TestCase().assertNumQueries(3):  # a 304 reads no rows
        assert api.get(boards_url("2022-03"), HTTP_IF_NONE_MATCH=etag).status_code == 304
