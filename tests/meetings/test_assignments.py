"""Assignments (交办事项): handing out, progress, 销号/退回, overdue, pages by persona."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from meetings import services
from meetings.models import Assignment, AssignmentProgress, AssignmentStatus, ProgressKind
from meetings.queries import assignments_for_export, home_assignments
from meetings.services import MeetingError
from scoring.services import compute_month
from tests.factories import MonthFactory, UnitFactory

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 9):
    return time_machine.travel(
        datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI), tick=False
    )


def assign(district, personas, official, *, unit=None, deadline="2022-04-30", month=None, **kw):
    return services.create_assignment(
        month=month or district.month,
        content=kw.pop("content", "一周内拿出整改方案"),
        responsible_unit=unit or district.unit_a,
        deadline=datetime.date.fromisoformat(deadline),
        assigned_by=official,
        created_by=kw.pop("created_by", personas.users.leader),
        **kw,
    )


def test_it_hands_out_an_assignment_from_a_leader_or_the_office(personas, district, official):
    a = assign(district, personas, official, co_units=[district.unit_b, district.unit_a])
    assert a.status == AssignmentStatus.OPEN and a.number == f"JB-{a.pk:04d}"
    assert list(a.co_units.all()) == [district.unit_b]  # the responsible unit is not its co-unit
    b = assign(district, personas, official, created_by=personas.users.office)
    assert b.created_by == personas.users.office
    for persona in ("reporter_a", "head_a"):
        with pytest.raises(MeetingError, match="只有领导和考核办"):
            assign(district, personas, official, created_by=getattr(personas.users, persona))
    with pytest.raises(MeetingError, match="交办内容"):
        assign(district, personas, official, content="  ")
    with pytest.raises(MeetingError, match="办理时限不能早于会议月份 2022-03"):
        assign(district, personas, official, deadline="2022-01-01")
    assert Assignment.objects.count() == 2


def test_it_walks_progress_done_return_and_closure(personas, district, official):
    a = assign(district, personas, official)
    rep, office = personas.users.reporter_a, personas.users.office
    services.report_assignment_progress(a, rep, kind=ProgressKind.IN_PROGRESS, text="已召开专题会")
    a.refresh_from_db()
    assert a.status == AssignmentStatus.IN_PROGRESS
    with pytest.raises(MeetingError, match="佐证材料"):
        services.report_assignment_progress(a, rep, kind=ProgressKind.DONE, text="完成")
    with pytest.raises(MeetingError, match="只有责任单位报已办结"):
        services.close_assignment(a, office)
    services.report_assignment_progress(
        a, rep, kind=ProgressKind.DONE, text="方案已印发", evidence="区发改〔2022〕12号"
    )
    with pytest.raises(MeetingError, match="只有考核办"):
        services.close_assignment(a, personas.users.leader)
    with pytest.raises(MeetingError, match="退回须填写理由"):
        services.return_assignment(a, office, " ")
    services.return_assignment(a, office, "缺少资金安排")
    a.refresh_from_db()
    assert (a.status, a.return_reason) == (AssignmentStatus.IN_PROGRESS, "缺少资金安排")
    services.report_assignment_progress(
        a, rep, kind=ProgressKind.DONE, text="已补充", evidence="资金文件"
    )
    services.close_assignment(a, office)
    a.refresh_from_db()
    assert a.status == AssignmentStatus.CLOSED and a.closed_by == office and a.closed_at
    with pytest.raises(MeetingError, match="已销号"):
        services.report_assignment_progress(a, rep, kind=ProgressKind.IN_PROGRESS, text="x")
    trail = list(AssignmentProgress.objects.filter(assignment=a).values_list("kind", flat=True))
    assert trail == ["in_progress", "done", "returned", "done", "closed"]


@pytest.mark.parametrize("persona", ["reporter_b", "leader", "office"])
def test_it_takes_progress_only_from_the_responsible_unit(personas, district, official, persona):
    a = assign(district, personas, official)
    with pytest.raises(MeetingError, match="只有责任单位"):
        services.report_assignment_progress(
            a, getattr(personas.users, persona), kind=ProgressKind.IN_PROGRESS, text="x"
        )
    assert not AssignmentProgress.objects.exists()


def test_it_turns_an_assignment_overdue_after_its_deadline_until_closed(
    personas, district, official
):
    a = assign(district, personas, official, deadline="2022-04-30")
    with at("2022-04-30", hour=23):
        assert not Assignment.objects.overdue().exists() and not a.overdue_on()
    with at("2022-05-01", hour=0):
        assert list(Assignment.objects.overdue()) == [a] and a.overdue_on()
        services.report_assignment_progress(
            a, personas.users.reporter_a, kind=ProgressKind.DONE, text="完成", evidence="照片"
        )
        assert list(Assignment.objects.overdue()) == [a]  # reported done is not closed
        services.close_assignment(a, personas.users.office)
        assert not Assignment.objects.overdue().exists()


def test_it_lists_overdue_assignments_at_the_top_of_later_meetings(personas, district, official):
    april = MonthFactory(year=2022, number=4)
    compute_month(april)
    late = assign(district, personas, official, deadline="2022-03-31", content="逾期甲")
    assign(district, personas, official, deadline="2022-06-30", content="未到期乙")
    assign(district, personas, official, month=april, deadline="2022-04-01", content="本月丙")
    with at("2022-04-20"):
        html = personas.leader.get(reverse("meetings:month", args=["2022-04"])).content.decode()
        top = html[html.index('id="carried-over"') : html.index("本次交办事项")]
        assert "逾期甲" in top and "未到期乙" not in top and "本月丙" not in top
        march = personas.leader.get(reverse("meetings:month", args=["2022-03"])).content.decode()
        assert 'id="carried-over"' not in march
        # The big screen's slide of earlier meetings' open assignments, after the boards.
        slides = []
        for step in range(100):
            response = personas.leader.get(reverse("meetings:screen", args=["2022-04", step]))
            if response.status_code == 404:
                break
            slides.append(response.content.decode())
        carried = [s for s in slides if 'data-kind="carried"' in s]
        assert len(carried) == 1 and "逾期甲" in carried[0] and "本月丙" not in carried[0]
        assert slides.index(carried[0]) > max(
            n for n, s in enumerate(slides) if 'data-kind="board"' in s
        )
    services.report_assignment_progress(
        late, personas.users.reporter_a, kind=ProgressKind.DONE, text="完成", evidence="文件"
    )
    services.close_assignment(late, personas.users.office)
    with at("2022-04-20"):
        html = personas.leader.get(reverse("meetings:month", args=["2022-04"])).content.decode()
        assert 'id="carried-over"' not in html


def test_a_units_home_counts_its_open_assignments_and_the_overdue_ones(
    personas, district, official
):
    assign(district, personas, official, deadline="2022-03-31", content="已逾期的事项")
    assign(district, personas, official, deadline="2022-04-30", content="未到期的事项")
    with at("2022-04-02"):
        html = personas.reporter_a.get(reverse("home")).content.decode()
    assert re.search(r'待办交办事项 <a[^>]*id="home-assignments-count"[^>]*>2</a>', html)
    assert re.search(r'id="home-assignments-overdue"[^>]*>逾期 1</a>', html)
    assert 'href="/meetings/assignments/"' in html


def test_a_units_home_counts_link_to_lists_of_exactly_those_assignments(
    personas, district, official
):
    """The unit home's 待办 and 逾期 counts open lists of as many assignments, never the
    closed (已销号) ones."""
    assign(district, personas, official, deadline="2022-03-31", content="已逾期的事项")
    assign(district, personas, official, deadline="2022-04-30", content="未到期的事项")
    _close(assign(district, personas, official, deadline="2022-03-15", content="已销号的事项"))
    with at("2022-04-02"):
        html = personas.reporter_a.get(reverse("home")).content.decode()
        for anchor, n in (("home-assignments-count", "2"), ("home-assignments-overdue", "逾期 1")):
            link = re.search(rf'id="{anchor}" href="([^"]+)">{n}</a>', html)
            assert link, anchor
            page = personas.reporter_a.get(link.group(1).replace("&amp;", "&")).content.decode()
            assert "已销号的事项" not in page
            assert re.search(rf'id="assignment-count">{n[-1]}</small>', page)


def test_the_leaders_home_links_its_overdue_count_to_those_assignments(
    personas, district, official
):
    assign(district, personas, official, deadline="2022-03-31", content="已逾期的事项")
    assign(district, personas, official, deadline="2022-04-30", content="未到期的事项")
    with at("2022-04-02"):
        html = personas.leader.get(reverse("home")).content.decode()
        link = re.search(r'id="leader-overdue-assignments" href="([^"]+)">1</a>', html)
        assert link
        listed = personas.leader.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "已逾期的事项" in listed and "未到期的事项" not in listed


def test_the_leaders_home_links_its_open_count_to_a_list_of_exactly_those(
    personas, district, official
):
    """交办事项未办结 N opens a list counting N: the closed (已销号) ones are left out."""
    assign(district, personas, official, deadline="2022-03-31", content="已逾期的事项")
    assign(district, personas, official, deadline="2022-04-30", content="未到期的事项")
    _close(assign(district, personas, official, deadline="2022-03-15", content="已销号的事项"))
    with at("2022-04-02"):
        html = personas.leader.get(reverse("home")).content.decode()
        link = re.search(r'id="leader-open-assignments" href="([^"]+)">2</a>', html)
        assert link
        listed = personas.leader.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "已逾期的事项" in listed and "未到期的事项" in listed
    assert "已销号的事项" not in listed
    assert 'id="assignment-count">2</small>' in listed
    assert '<option value="false" selected>否</option>' in listed


def _close(assignment):
    Assignment.objects.filter(pk=assignment.pk).update(status=AssignmentStatus.CLOSED)
    return assignment


def test_it_shows_the_units_open_assignments_on_its_home_page(personas, district, official):
    mine = assign(district, personas, official, deadline="2022-03-31", content="本单位事项")
    assign(district, personas, official, unit=district.unit_b, content="别人的事项")
    with at("2022-04-02"):
        html = personas.reporter_a.get(reverse("home")).content.decode()
        assert "本单位事项" in html and "别人的事项" not in html
        assert f'data-assignment="{mine.pk}"' in html and "assignment-overdue" in html
        assert "别人的事项" in personas.reporter_b.get(reverse("home")).content.decode()
    assert home_assignments(personas.users.leader) == []


def test_it_lists_assignments_by_persona(personas, district, official):
    assign(district, personas, official, content="甲单位事项")
    assign(district, personas, official, unit=district.unit_b, content="乙单位事项")
    url = reverse("meetings:assignments")
    for persona in ("leader", "office"):
        html = getattr(personas, persona).get(url).content.decode()
        assert "甲单位事项" in html and "乙单位事项" in html and "现场交办" in html
    for persona in ("reporter_a", "head_a"):
        html = getattr(personas, persona).get(url).content.decode()
        assert "甲单位事项" in html and "乙单位事项" not in html and "现场交办" not in html
    assert personas.anonymous.get(url).status_code == 302


def test_it_filters_the_list_by_status_unit_month_and_overdue(personas, district, official):
    april = MonthFactory(year=2022, number=4)
    a = assign(district, personas, official, deadline="2022-03-31", content="过期事项")
    assign(district, personas, official, unit=district.unit_b, content="乙单位事项")
    assign(district, personas, official, month=april, content="四月事项")
    services.report_assignment_progress(
        a, personas.users.reporter_a, kind=ProgressKind.IN_PROGRESS, text="推进中"
    )
    url = reverse("meetings:assignments")

    def listed(**params):
        with at("2022-04-15"):
            response = personas.office.get(url, params)
        return sorted(r.record.content for r in response.context["table"].page.object_list)

    assert listed(status="in_progress") == ["过期事项"]
    assert listed(unit=district.unit_b.pk) == ["乙单位事项"]
    assert listed(month=april.pk) == ["四月事项"]
    assert listed(overdue="true") == ["过期事项"]
    assert listed(overdue="false") == ["乙单位事项", "四月事项"]
    Assignment.objects.filter(content="四月事项").update(status=AssignmentStatus.CLOSED)
    assert listed(closed="true") == ["四月事项"]
    assert listed(closed="false") == ["乙单位事项", "过期事项"]
    with at("2022-04-15"):
        html = personas.office.get(url).content.decode()
    assert "table-danger assignment-overdue" in html and "推进中" in html


def test_the_list_filter_is_drawn_as_the_other_filters_with_全部_for_no_choice(
    personas, district, official
):
    """Every select is styled as the lagging and 预警 filters; no choice reads 全部 (not
    "---------"), and 是否逾期 offers 全部 / 是 / 否 (not 未知), keeping the chosen one."""
    import re

    url = reverse("meetings:assignments")
    for client in (personas.office, personas.leader):
        html = client.get(url, {"overdue": "false"}).content.decode()
        start = html.index('id="assignment-filter"')
        form = html[start : html.index("</form>", start)]
        selects = re.findall(r"<select[^>]*>", form)
        assert len(selects) == 5
        assert all('class="form-select form-select-sm"' in tag for tag in selects)
        assert form.count('<option value="" selected>全部</option>') == 4
        assert "---------" not in form and "未知" not in form
        overdue = form[form.index('name="overdue"') :]
        options = re.findall(
            r"<option[^>]*>([^<]*)</option>", overdue[: overdue.index("</select>")]
        )
        assert options == ["全部", "是", "否"]
        closed = form[form.index('name="closed"') :]
        assert re.findall(r"<option[^>]*>([^<]*)</option>", closed) == ["全部", "是", "否"]
        assert '<option value="false" selected>否</option>' in overdue


def test_it_reads_the_list_in_a_fixed_number_of_queries(
    personas, district, official, django_assert_num_queries
):
    assign(district, personas, official, co_units=[district.unit_b])
    url = reverse("meetings:assignments")
    personas.office.get(url)  # warm up: the session's once-a-minute save happens here
    # session, user, filter's units, months, count, rows, co-units
    with django_assert_num_queries(7):
        personas.office.get(url)
    for i in range(15):
        unit = UnitFactory(code=f"Z{i:02d}")
        a = assign(district, personas, official, unit=unit, co_units=[district.unit_b, unit])
        services.report_assignment_progress(
            a,
            personas.users.reporter_a if unit == district.unit_a else _member(unit),
            kind=ProgressKind.IN_PROGRESS,
            text=f"进展{i}",
        )
    with django_assert_num_queries(7):
        personas.office.get(url)


def _member(unit):
    from accounts.models import Role
    from tests.factories import UserFactory

    return UserFactory(username=f"rep_{unit.code}", role=Role.REPORTER, unit=unit)


def test_it_opens_the_detail_only_for_the_responsible_unit(personas, district, official):
    a = assign(district, personas, official, content="详情事项")
    url = reverse("meetings:assignment_detail", args=[a.pk])
    for persona in ("leader", "office", "reporter_a", "head_a"):
        assert "详情事项" in getattr(personas, persona).get(url).content.decode()
    assert personas.reporter_b.get(url).status_code == 404
    assert personas.anonymous.get(url).status_code == 302
    assert 'id="progress-form"' in personas.reporter_a.get(url).content.decode()
    assert 'id="progress-form"' not in personas.leader.get(url).content.decode()


def test_it_takes_progress_and_verdicts_through_the_pages(personas, district, official):
    a = assign(district, personas, official)
    progress = reverse("meetings:assignment_progress", args=[a.pk])
    close = reverse("meetings:assignment_close", args=[a.pk])
    back = reverse("meetings:assignment_return", args=[a.pk])
    assert (
        personas.reporter_b.post(progress, {"kind": "in_progress", "text": "x"}).status_code == 404
    )
    assert personas.leader.post(progress, {"kind": "in_progress", "text": "x"}).status_code == 403
    response = personas.reporter_a.post(progress, {"kind": "done", "text": "完成"}, follow=True)
    assert "佐证材料" in response.content.decode()
    personas.reporter_a.post(progress, {"kind": "done", "text": "完成", "evidence": "文件"})
    assert personas.leader.post(close).status_code == 403
    assert personas.reporter_a.post(close).status_code == 403
    html = personas.office.get(a.get_absolute_url()).content.decode()
    assert "确认销号" in html and "退回" in html
    response = personas.office.post(back, {"reason": ""}, follow=True)
    assert "退回须填写理由" in response.content.decode()
    personas.office.post(back, {"reason": "佐证不足"})
    a.refresh_from_db()
    assert a.status == AssignmentStatus.IN_PROGRESS
    assert "佐证不足" in personas.reporter_a.get(a.get_absolute_url()).content.decode()
    personas.head_a.post(progress, {"kind": "done", "text": "补充", "evidence": "新文件"})
    personas.office.post(close)
    a.refresh_from_db()
    assert a.status == AssignmentStatus.CLOSED


def test_it_creates_from_an_item_or_unit_page_with_prefill(personas, district, official):
    url = reverse("meetings:assignment_create")
    response = personas.leader.get(url, {"item": district.item_b.pk, "month": "2022-03"})
    form = response.context["form"]
    assert form.initial["responsible_unit"] == district.unit_b.pk
    assert form.initial["month"] == district.month and "B-001" in form.initial["content"]
    form = personas.office.get(url, {"unit": "T01"}).context["form"]
    assert form.initial["responsible_unit"] == district.town.pk
    for persona in ("reporter_a", "head_a", "reporter_b"):
        assert getattr(personas, persona).get(url).status_code == 403
    data = {
        "month": district.month.pk,
        "content": "尽快追赶",
        "responsible_unit": district.unit_b.pk,
        "co_units": [district.town.pk],
        "deadline": "2022-04-15",
        "assigned_by": official.pk,
        "item": district.item_b.pk,
    }
    response = personas.leader.post(url, data)
    a = Assignment.objects.get()
    assert response.url == a.get_absolute_url()
    assert (a.item, a.assigned_by, list(a.co_units.all())) == (
        district.item_b,
        official,
        [district.town],
    )
    response = personas.leader.post(url, {**data, "deadline": "", "assigned_by": ""})
    html = response.content.decode()
    assert "请填写办理时限" in html and "请选择交办领导" in html
    assert Assignment.objects.count() == 1


def test_it_offers_the_button_partial_to_leaders_and_office_only(personas, district):
    from django.template.loader import render_to_string

    context = {"assign_item": district.item_a.pk, "assign_month": "2022-03"}
    html = render_to_string(
        "meetings/includes/assignment_button.html", {**context, "user": personas.users.leader}
    )
    assert f"?item={district.item_a.pk}&amp;month=2022-03" in html and "现场交办" in html
    html = render_to_string(
        "meetings/includes/assignment_button.html", {**context, "user": personas.users.reporter_a}
    )
    assert "现场交办" not in html


def test_it_exports_this_and_earlier_open_assignments(personas, district, official):
    april = MonthFactory(year=2022, number=4)
    old_open = assign(district, personas, official, deadline="2022-03-31", content="上期未结")
    old_done = assign(district, personas, official, content="上期已结")
    services.report_assignment_progress(
        old_done, personas.users.reporter_a, kind=ProgressKind.DONE, text="完成", evidence="文件"
    )
    services.close_assignment(old_done, personas.users.office)
    assign(
        district,
        personas,
        official,
        month=april,
        unit=district.unit_b,
        co_units=[district.town, district.unit_a],
        content="本期新交办",
    )
    with translation.override("en"):  # the workbook is Chinese whatever the page's language
        rows = assignments_for_export("2022-04", today=datetime.date(2022, 4, 20))
    assert [(r.content, r.carried_over, r.overdue) for r in rows] == [
        ("上期未结", True, True),
        ("本期新交办", False, False),
    ]
    assert rows[0].number == old_open.number and rows[0].status == "待办理"
    assert rows[1].co_units == "区发改局、碧湖镇" and rows[1].assigned_by == "王副区长"


def test_an_empty_list_says_why_and_a_filtered_one_says_no_match(personas, district):
    """With nothing chosen, an empty list explains where assignments come from (not 没有
    符合条件, which reads as if a filter hid them); with a filter chosen it says no match."""
    url = reverse("meetings:assignments")
    for persona in ("leader", "office"):
        html = getattr(personas, persona).get(url).content.decode()
        assert "还没有交办事项。在晒比会现场或本页点「现场交办」交办后" in html
        assert "没有符合条件的交办事项" not in html
    html = personas.reporter_a.get(url).content.decode()
    assert "本单位还没有交办事项。领导交办给本单位的事项会列在这里。" in html
    assert "没有符合条件的交办事项" not in html
    html = personas.office.get(url, {"status": "open", "unit": ""}).content.decode()
    assert "没有符合条件的交办事项" in html and "还没有交办事项" not in html
