"""本月填报: the one-page form of a unit's due items, as every persona."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import Cadence, Item, ItemKind, Level
from reporting import services
from reporting.models import Report, ReportState
from tests.factories import ItemFactory, MonthFactory, ReportFactory

pytestmark = pytest.mark.django_db

URL = reverse("reporting:fill")


def page_data(report_or_item, version=0, **fields):
    """POST data of one item's form, as the page sends it."""
    item = getattr(report_or_item, "item", report_or_item)
    prefix = f"i{item.pk}"
    data = {
        f"{prefix}-version": version,
        f"{prefix}-achievement": fields.get("achievement", "本月进展"),
    }
    for name in ("value", "problems", "measures", "fix_unit", "fix_deadline"):
        data[f"{prefix}-{name}"] = fields.get(name, "")
    for name in ("rank", "peer_count", "progress"):
        if name in fields:
            data[f"{prefix}-{name}"] = fields[name]
    return data


def test_it_shows_a_reporter_exactly_the_due_items_of_their_unit(personas, district):
    ItemFactory(code="A-Q", name="季度指标", cadence=Cadence.QUARTERLY, lead_unit=district.unit_a)
    ItemFactory(code="A-Y", name="年度指标", cadence=Cadence.YEARLY, lead_unit=district.unit_a)
    page = personas.reporter_a.get(URL).content.decode()
    assert "A-001" in page
    assert "A-Q" in page  # March closes a quarter
    assert "A-Y" not in page  # yearly items are due in December only
    assert "B-001" not in page
    assert "2022-03" in page


def _field_html(page, item, name):
    tag = "textarea" if name in ("achievement", "problems", "measures") else "input"
    pattern = rf'<{tag}[^>]*name="i{item.pk}-{name}"[^>]*>' + (
        "[^<]*</textarea>" if tag == "textarea" else ""
    )
    return re.search(pattern, page).group(0)


def test_it_starts_a_new_month_empty_with_last_months_entry_beside_each_field(personas, district):
    february = MonthFactory(year=2022, number=2)
    ReportFactory(
        item=district.item_a, month=february, value=Decimal("18.5"), achievement="二月进展"
    )
    page = personas.reporter_a.get(URL).content.decode()
    assert "value=" not in _field_html(page, district.item_a, "value")
    assert "二月进展" not in _field_html(page, district.item_a, "achievement")
    value_id = f"id_i{district.item_a.pk}-value"
    assert f'id="{value_id}-previous" data-value="18.5">18.5</span>' in page
    assert f'data-copy-previous="{value_id}">沿用上期</button>' in page
    assert '">二月进展</span>' in page
    assert "序时进度" in page
    assert "<strong>30.00</strong>" in page  # E = 120 × 3/12 亿元: money keeps its cents
    assert "/static/js/fill" in page


def test_it_shows_last_years_december_as_上期_of_a_carried_over_item_in_january(personas, district):
    from tests.factories import ActionFactory

    # Last year's plan (2021) has A-001 too, with a December report; this year's (2022)
    # A-001 reported in February. March shows February, not last December.
    last = ItemFactory(
        code="A-001",
        action=ActionFactory(code="X", plan_year__year=2021, lead_unit=district.unit_a),
        lead_unit=district.unit_a,
    )
    ReportFactory(item=last, month=MonthFactory(year=2021, number=12), achievement="去年十二月")
    ReportFactory(
        item=district.item_a, month=MonthFactory(year=2022, number=2), achievement="今年二月"
    )
    page = personas.reporter_a.get(URL).content.decode()
    assert '">今年二月</span>' in page and "去年十二月" not in page
    # In January 2023 the item carried over into 2023 shows last December as 上期.
    this = ItemFactory(
        code="A-001",
        action=ActionFactory(code="X", plan_year__year=2023, lead_unit=district.unit_a),
        lead_unit=district.unit_a,
    )
    ReportFactory(
        item=district.item_a, month=MonthFactory(year=2022, number=12), achievement="十二月"
    )
    MonthFactory(year=2023, number=1)
    page = personas.reporter_a.get(f"{URL}?month=2023-01").content.decode()
    assert "value=" not in _field_html(page, this, "value")
    assert '">十二月</span>' in page and "去年十二月" not in page


def test_its_reports_and_上期_are_those_of_the_querysets(district):
    from reporting.queries import fill_rows

    # Items with no report, one this month only, earlier reports only, and both, across
    # months of two years: the page's one SQL read gives what the querysets give.
    items = [ItemFactory(code=f"A-{n:03d}", lead_unit=district.unit_a) for n in range(10, 14)]
    for number in (1, 2):
        ReportFactory(item=items[2], month=MonthFactory(year=2022, number=number))
        ReportFactory(item=items[3], month=MonthFactory(year=2022, number=number))
    ReportFactory(item=items[3], month=MonthFactory(year=2021, number=12))
    ReportFactory(item=items[1], month=district.month, state="draft")
    ReportFactory(item=items[3], month=district.month, state="submitted")
    rows = {row.item.code: row for row in fill_rows(district.unit_a.pk, district.month)}
    codes = list(rows)
    previous = Report.objects.previous_to(codes, district.month).select_related("item")
    current = Report.objects.filter(month=district.month, item__code__in=codes)
    assert {code: row.previous for code, row in rows.items() if row.previous} == {
        report.item.code: report for report in previous
    }
    assert {row.report for row in rows.values() if row.report} == set(current)
    for row in rows.values():  # every value as the ORM reads it (Decimal, aware datetime)
        for report in (row.report, row.previous):
            if report is not None:
                assert _values(report) == _values(Report.objects.get(pk=report.pk))
    assert rows["A-013"].previous.month.label == "2022-02"
    assert rows["A-013"].report.evidence_count == 0


def _values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_its_items_are_those_of_the_querysets(district):
    from actions.models import Official, Unit
    from reporting.queries import fill_rows

    # Due and not due, another unit's, a retired unit's, with and without a responsible
    # official, a target and co-units: the page's SQL read gives what the querysets give.
    official = Official.objects.create(name="王五", title="副区长")
    co_units = [Unit.objects.create(code=code, name=code, group="district") for code in "ZY"]
    items = [
        ItemFactory(code="A-010", lead_unit=district.unit_a, responsible_official=official),
        ItemFactory(code="A-011", lead_unit=district.unit_a, cadence=Cadence.QUARTERLY),
        ItemFactory(code="A-012", lead_unit=district.unit_a, target=Decimal("12.5")),
        ItemFactory(code="A-013", lead_unit=district.unit_b),
    ]
    items[0].co_units.set(co_units)
    items[2].co_units.set(co_units[:1])
    for unit in (district.unit_a, district.unit_b):
        expected = list(
            Item.objects.led_by(unit)
            .for_month(district.month)
            .with_card()
            .prefetch_related("co_units")
            .order_by("action__order", "action__code", "code")
        )
        rows = fill_rows(unit.pk, district.month)
        assert [row.item for row in rows] == expected
        for row, item in zip(rows, expected, strict=True):
            assert _values(row.item) == _values(item)
            for name in ("plan_year", "action", "lead_unit", "responsible_official"):
                assert getattr(row.item, name) == getattr(item, name)
            assert list(row.item.co_units.all()) == list(item.co_units.all())
    rows = {row.item.code: row.item for row in fill_rows(district.unit_a.pk, district.month)}
    assert [unit.code for unit in rows["A-010"].co_units.all()] == ["Y", "Z"]
    assert rows["A-010"].responsible_official.title == "副区长"
    district.unit_a.inactive_from = district.month.year
    district.unit_a.save()
    assert fill_rows(district.unit_a.pk, district.month) == []


def test_it_shows_the_expected_value_to_two_places(personas, district):
    ItemFactory(code="A-E", target=Decimal("3.5"), cumulative=True, lead_unit=district.unit_a)
    page = personas.reporter_a.get(URL).content.decode()
    assert "<strong>0.88</strong>" in page  # 3.5 × 3/12 = 0.875, half up


def test_it_asks_a_project_with_a_target_for_its_value_too(personas, district):
    ItemFactory(code="P-T", kind="project", target=Decimal("2.8"), lead_unit=district.unit_a)
    no_target = ItemFactory(code="P-N", kind="project", target=None, lead_unit=district.unit_a)
    page = personas.reporter_a.get(URL).content.decode()
    values = re.findall(r'name="i(\d+)-value"', page)
    assert str(district.item_a.pk) in values and str(no_target.pk) not in values
    assert len(values) == 2


def _february(district, **fields):
    february = MonthFactory(year=2022, number=2)
    text = {"achievement": "二月进展", "problems": "进度偏慢", "measures": "加快推进"}
    return ReportFactory(item=district.item_a, month=february, value=Decimal("18.5"), **text)


def test_it_submits_all_only_what_was_filled_this_month_and_says_what_it_skipped(
    personas, district
):
    _february(district)
    second = ItemFactory(code="A-002", name="招商引资", lead_unit=district.unit_a)
    untouched = page_data(district.item_a, achievement="")
    data = untouched | page_data(second, value="45", achievement="三月进展")

    response = personas.reporter_a.post(URL, data | {"action": "submit_all"}, follow=True)

    assert Report.objects.filter(month__number=3).get().item == second
    assert Report.objects.get(item=second, month__number=3).state == ReportState.SUBMITTED
    page = response.content.decode()
    assert "已保存 1 项，报送 1 项" in page
    assert "1 项本月尚未填写，没有报送：A-001 固定资产投资" in page
    personas.reporter_a.post(URL, untouched | {"action": "save"})
    assert not Report.objects.filter(item=district.item_a, month__number=3).exists()


def test_it_refuses_to_submit_one_untouched_item(personas, district):
    _february(district)
    data = page_data(district.item_a, achievement="")
    page = personas.reporter_a.post(URL, data | {"action": f"submit:{district.item_a.pk}"})
    assert "请先填写本项内容再报送" in page.content.decode()
    assert not Report.objects.filter(month__number=3).exists()


def test_it_asks_before_submitting_text_identical_to_last_months(personas, district):
    _february(district)
    same = page_data(district.item_a, value="30", achievement="二月进展")
    action = {"action": f"submit:{district.item_a.pk}"}

    page = personas.reporter_a.post(URL, same | action).content.decode()

    assert "与上期相同，确认报送？" in page
    assert not Report.objects.filter(month__number=3).exists()
    assert "二月进展" in _field_html(page, district.item_a, "achievement")  # kept as typed
    confirmed = {f"i{district.item_a.pk}-confirm_same_as_last": "1"}
    personas.reporter_a.post(URL, same | action | confirmed)
    report = Report.objects.get(item=district.item_a, month__number=3)
    assert (report.achievement, report.state) == ("二月进展", ReportState.SUBMITTED)


def test_it_asks_to_confirm_or_clear_the_problems_of_a_completed_item(personas, district):
    project = ItemFactory(code="A-P", kind="project", target=None, lead_unit=district.unit_a)
    data = page_data(project, achievement="已竣工", problems="资金未到位") | {
        f"i{project.pk}-progress": "done",
        "action": f"submit:{project.pk}",
    }
    page = personas.reporter_a.post(URL, data).content.decode()
    assert "已完成的事项仍填有存在问题" in page
    assert not Report.objects.exists()
    personas.reporter_a.post(URL, data | {f"i{project.pk}-problems": ""})
    assert Report.objects.get().state == ReportState.SUBMITTED


def test_it_refuses_text_over_its_limit_naming_it_and_keeps_it_whole(personas, district):
    long_text = "进" * 2001
    data = page_data(district.item_a, value="30", achievement=long_text, problems="问" * 1000)
    page = personas.reporter_a.post(URL, data | {"action": "save"}).content.decode()
    assert "实现情况最多 2,000 字，现有 2,001 字" in page
    assert long_text in page
    assert "maxlength" not in _field_html(page, district.item_a, "achievement")
    assert not Report.objects.exists()
    personas.reporter_a.post(URL, data | {f"i{district.item_a.pk}-achievement": "进" * 2000})
    assert len(Report.objects.get().achievement) == 2000


@pytest.mark.parametrize(
    ("persona", "status"),
    [("office", 403), ("leader", 403), ("anonymous", 302), ("reporter_b", 200), ("head_a", 200)],
)
def test_it_opens_the_fill_page_to_unit_members_only(personas, district, persona, status):
    assert getattr(personas, persona).get(URL).status_code == status


def test_it_saves_drafts_and_submits_all_items_on_one_page(personas, district):
    second = ItemFactory(code="A-002", lead_unit=district.unit_a)
    data = page_data(district.item_a, value="30", achievement="按序时推进")
    data |= page_data(second, value="45")
    response = personas.reporter_a.post(URL, data | {"action": "save"})
    assert response.status_code == 302
    assert Report.objects.filter(state=ReportState.DRAFT).count() == 2
    versions = dict(Report.objects.values_list("item_id", "version"))
    data = page_data(district.item_a, versions[district.item_a.pk], value="30")
    data |= page_data(second, versions[second.pk], value="45")
    personas.reporter_a.post(URL, data | {"action": "submit_all"})
    assert set(Report.objects.values_list("state", flat=True)) == {ReportState.SUBMITTED}


def test_a_page_saves_into_its_own_month_when_the_office_opens_the_next_meanwhile(
    personas, district
):
    """The reporter opens 本月填报 on March; before the save, the office opens April (or
    closes March): what was typed goes into March's report, never into April's."""
    from reporting.models import MonthState

    page = personas.reporter_a.get(URL).content.decode()
    form = re.search(r'<form method="post"( action="([^"]*)")?[^>]*class="fill-form"', page)
    action = (form.group(2) or URL).replace("&amp;", "&")
    MonthFactory(year=2022, number=4, state=MonthState.OPEN)
    data = page_data(district.item_a, value="31.5", achievement="3月进展")
    assert personas.reporter_a.post(action, data | {"action": "save"}).status_code == 302
    report = Report.objects.get()
    assert (report.month.label, report.value) == ("2022-03", Decimal("31.5"))

    services.close_month(district.month, personas.users.office)
    data = page_data(report, report.version, value="32", achievement="3月进展")
    page = personas.reporter_a.post(action, data | {"action": "save"}).content.decode()
    assert "本页内容均未保存" in page and "2022-03" in page
    assert Report.objects.get().value == Decimal("31.5")
    assert not Report.objects.filter(month__number=4).exists()


def test_it_submits_one_item_and_keeps_the_others_as_drafts(personas, district):
    second = ItemFactory(code="A-002", lead_unit=district.unit_a)
    data = page_data(district.item_a, value="30") | page_data(second, value="45")
    personas.reporter_a.post(URL, data | {"action": f"submit:{second.pk}"})
    states = dict(Report.objects.values_list("item__code", "state"))
    assert states == {"A-001": ReportState.DRAFT, "A-002": ReportState.SUBMITTED}


def test_it_keeps_all_input_and_saves_nothing_when_one_item_is_invalid(personas, district):
    second = ItemFactory(code="A-002", lead_unit=district.unit_a)
    data = page_data(district.item_a, value="三十", achievement="好文字")
    data |= page_data(second, value="45", fix_deadline="2022-02-30")
    response = personas.reporter_a.post(URL, data | {"action": "save"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "完成值：不是有效的数值" in page
    assert "解决时限：日期格式应为 YYYY-MM-DD" in page
    assert 'value="三十"' in page and "好文字" in page and 'value="45"' in page
    assert not Report.objects.exists()


def test_it_names_the_rank_and_peer_count_errors_in_chinese(personas, district):
    ranked = ItemFactory(code="A-003", level=Level.PROVINCE, lead_unit=district.unit_a)
    data = page_data(ranked, rank="9", peer_count="8")
    page = personas.reporter_a.post(URL, data | {"action": "save"}).content.decode()
    assert "位次不能大于参评数" in page
    data = page_data(ranked, rank="1", peer_count="0")
    page = personas.reporter_a.post(URL, data | {"action": "save"}).content.decode()
    assert "参评数至少为 1" in page
    assert not Report.objects.exists()


def test_it_refuses_a_red_submission_with_the_message_next_to_the_fields(personas, district):
    second = ItemFactory(code="A-002", lead_unit=district.unit_a)
    data = page_data(district.item_a, value="10") | page_data(second, value="45")
    response = personas.reporter_a.post(URL, data | {"action": "submit_all"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "该事项评分为红色或进度滞后，报送前须填写存在问题" in page
    assert "该事项评分为红色或进度滞后，报送前须填写具体措施" in page
    assert 'value="10"' in page
    # One transaction for the page: the valid item was not saved either.
    assert not Report.objects.exists()


def test_it_refuses_a_stale_save_and_shows_the_newer_values(personas, district):
    report = services.save_report(
        district.item_a, district.month, {"value": Decimal("30")}, personas.users.reporter_a, 0
    )
    # The head saves first, from the same version the reporter has open.
    services.save_report(
        district.item_a,
        district.month,
        {"value": Decimal("31"), "achievement": "负责人的修改"},
        personas.users.head_a,
        report.version,
    )
    data = page_data(report, report.version, value="29", achievement="填报员的修改")
    response = personas.reporter_a.post(URL, data | {"action": "save"})
    page = response.content.decode()
    assert "您的修改未保存" in page
    assert "负责人的修改" in page  # the newer values
    assert "填报员的修改" in page  # the user's input, kept
    assert Report.objects.get().achievement == "负责人的修改"
    # Saving again on purpose now replaces the newer values.
    data = page_data(report, report.version + 1, value="29", achievement="填报员的修改")
    personas.reporter_a.post(URL, data | {"action": "save"})
    assert Report.objects.get().achievement == "填报员的修改"


def test_it_submits_once_on_a_double_click(personas, district):
    data = page_data(district.item_a, value="30") | {"action": f"submit:{district.item_a.pk}"}
    first = personas.reporter_a.post(URL, data)
    second = personas.reporter_a.post(URL, data, follow=True)
    assert first.status_code == 302
    assert second.status_code == 200
    assert "已报送" in second.content.decode()
    report = Report.objects.get()
    assert report.state == ReportState.SUBMITTED
    assert report.history.filter(step="报送").count() == 1


def test_it_shows_the_return_reason_to_the_reporter(personas, district):
    report = ReportFactory(item=district.item_b, month=district.month, state="submitted")
    services.return_report(report, personas.users.office, "请补充佐证材料")
    page = personas.reporter_b.get(URL).content.decode()
    assert "退回理由：请补充佐证材料" in page


def test_it_shows_a_closed_month_read_only(personas, district):
    ReportFactory(item=district.item_a, month=district.month, state="draft", value=Decimal("7"))
    services.close_month(district.month, personas.users.office)
    page = personas.reporter_a.get(URL + "?month=2022-03").content.decode()
    assert "本月已关闭" in page
    assert 'name="i' not in page
    data = page_data(district.item_a, 1, value="8") | {"action": "save"}
    page = personas.reporter_a.post(URL + "?month=2022-03", data).content.decode()
    assert "已关闭" in page
    assert Report.objects.get().value == Decimal("7")


def test_it_lets_the_head_approve_from_the_fill_page(personas, district):
    report = ReportFactory(item=district.item_a, month=district.month, state="submitted")
    page = personas.head_a.get(URL).content.decode()
    assert reverse("reporting:report_approve", args=[report.pk]) in page
    assert reverse("reporting:report_approve", args=[report.pk]) not in (
        personas.reporter_a.get(URL).content.decode()
    )


def test_it_lets_the_head_approve_all_submitted_reports_at_once(personas, district):
    second = ItemFactory(code="A-002", lead_unit=district.unit_a)
    for item in (district.item_a, second):
        ReportFactory(item=item, month=district.month, state="submitted")
    draft = ItemFactory(code="A-003", lead_unit=district.unit_a)
    ReportFactory(item=draft, month=district.month, state="draft")
    ReportFactory(item=district.item_b, month=district.month, state="submitted")
    page = personas.head_a.get(URL).content.decode()
    assert "2 份月报待负责人审核" in page and "全部审核通过" in page
    assert "全部审核通过" not in personas.reporter_a.get(URL).content.decode()

    url = reverse("reporting:fill_approve_all")
    response = personas.head_a.post(url, {"month": "2022-03"}, follow=True)

    states = dict(Report.objects.values_list("item__code", "state"))
    assert states == {
        "A-001": "approved",
        "A-002": "approved",
        "A-003": "draft",
        "B-001": "submitted",
    }
    assert "已审核通过 2 份月报，报考核办" in response.content.decode()
    again = personas.head_a.post(url, {"month": "2022-03"}, follow=True)
    assert "没有待审核的月报" in again.content.decode()
    assert personas.reporter_a.post(url, {"month": "2022-03"}).status_code == 403


def _unit_with_items(district, count):
    for n in range(count):
        item = ItemFactory(code=f"A-{n + 10:03d}", lead_unit=district.unit_a)
        ReportFactory(item=item, month=MonthFactory(year=2022, number=2))
        if n % 2:
            ReportFactory(item=item, month=district.month, state="draft")


@pytest.mark.parametrize("count", [1, 12])
def test_it_renders_the_fill_page_in_a_fixed_number_of_queries(
    personas, district, django_assert_num_queries, count
):
    _unit_with_items(district, count)
    # session, the user with its unit, the months menu (which holds the month), items
    # with their co-units, this month's and the latest earlier reports together, whether
    # the unit has a head (a report's state is named by it); then the session is saved
    # (savepoint, update, release).
    with django_assert_num_queries(9):
        assert personas.reporter_a.get(URL).status_code == 200


@pytest.mark.parametrize("count", [1, 12])
def test_it_shows_the_unit_head_submitted_reports_in_a_fixed_number_of_queries(
    personas, district, django_assert_num_queries, count
):
    for n in range(count):
        item = ItemFactory(code=f"A-{n + 10:03d}", lead_unit=district.unit_a)
        ReportFactory(item=item, month=MonthFactory(year=2022, number=2), value=Decimal(n))
        ReportFactory(item=item, month=district.month, state="submitted", value=Decimal(n + 1))
    with django_assert_num_queries(8):
        page = personas.head_a.get(URL).content.decode()
    assert page.count("审核通过") == count + 1  # each report's button and 全部审核通过
    assert f"{count} 份月报待负责人审核" in page


def test_it_opens_any_years_month_and_refuses_an_unknown_one(personas, district):
    for number in range(1, 13):
        MonthFactory(year=2020, number=number)
    for number in range(1, 13):
        MonthFactory(year=2021, number=number)
    old = MonthFactory(year=2019, number=12)
    # The month menu lists the shown year's months; the year switch leads to the others.
    assert '<option value="2019-12">2019</option>' in personas.reporter_a.get(URL).content.decode()
    page = personas.reporter_a.get(URL, {"month": old.label}).content.decode()
    assert "2019-12" in page and "A-001" not in page  # 2019's plan has no items
    assert personas.reporter_a.get(URL, {"month": "2018-05"}).status_code == 404
    assert personas.reporter_a.get(URL, {"month": "2018-13"}).status_code == 404


def test_it_writes_each_items_line_for_the_readers_language(personas, district):
    import datetime

    project = ItemFactory(
        code="A-P",
        name="碧湖新区建设",
        kind=ItemKind.PROJECT,
        target=None,
        deadline=datetime.date(2022, 12, 31),
        lead_unit=district.unit_a,
    )
    page = personas.reporter_a.get(URL).content.decode()
    card = page[page.index(f'id="item-{project.pk}"') :]
    line = card[card.index('<div class="small mb-2">') :][:400]
    assert "完成时限 2022-12-31" in line and "· 完成时限" not in line  # no target before it
    english = personas.reporter_a.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Previous period: " in english and "Previous period：" not in english
