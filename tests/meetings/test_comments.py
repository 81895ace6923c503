"""Leader comments (领导点评): the service, the htmx form, the include and the month list."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from actions.models import Unit
from meetings import services
from meetings.models import Comment
from meetings.queries import comments_for, comments_for_month
from meetings.services import MeetingError
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db


def test_it_records_a_leaders_comment_with_author_and_time(personas, district):
    comment = services.add_comment(
        month=district.month, author=personas.users.leader, text=" 抓紧推进 ", item=district.item_a
    )
    assert (comment.text, comment.author, comment.target) == (
        "抓紧推进",
        personas.users.leader,
        district.item_a,
    )
    assert comment.created_at is not None and comment.speaker == "leader"


def test_it_makes_the_office_name_the_leader_it_writes_for(personas, district, official):
    with pytest.raises(MeetingError, match="须选择点评领导"):
        services.add_comment(
            month=district.month, author=personas.users.office, text="x", unit=district.unit_a
        )
    comment = services.add_comment(
        month=district.month,
        author=personas.users.office,
        text="要补齐短板",
        unit=district.unit_a,
        on_behalf_of=official,
    )
    assert comment.speaker == "王副区长" and comment.author == personas.users.office


def test_it_marks_only_comments_written_for_someone_else_as_代录(personas, district, official):
    own = OfficialFactory(name="leader")  # the leader login's own Official record
    leader, office = personas.users.leader, personas.users.office
    for author, speaker in ((leader, own), (office, official)):
        services.add_comment(
            month=district.month,
            author=author,
            text=f"{speaker.name}的点评",
            unit=district.unit_a,
            on_behalf_of=speaker,
        )
    tag = "{% comments_for month_label unit=unit_code %}"
    html = _render(leader, tag, month_label="2022-03", unit_code="A01")
    assert "leader的点评" in html and "王副区长的点评" in html
    assert re.findall(r'class="comment-author">（([^）]*)）', html) == ["office 代录"]


@pytest.mark.parametrize("persona", ["reporter_a", "head_a", "reporter_b"])
def test_it_refuses_comments_from_units(personas, district, persona):
    with pytest.raises(MeetingError, match="只有领导和考核办"):
        services.add_comment(
            month=district.month,
            author=getattr(personas.users, persona),
            text="x",
            action=district.action,
        )
    assert not Comment.objects.exists()


def test_it_refuses_no_target_two_targets_and_empty_text(personas, district):
    leader = personas.users.leader
    with pytest.raises(MeetingError, match="一个事项、单位或行动"):
        services.add_comment(month=district.month, author=leader, text="x")
    with pytest.raises(MeetingError, match="一个事项、单位或行动"):
        services.add_comment(
            month=district.month,
            author=leader,
            text="x",
            item=district.item_a,
            unit=district.unit_a,
        )
    with pytest.raises(MeetingError, match="请填写点评内容"):
        services.add_comment(month=district.month, author=leader, text="  ", item=district.item_a)


def test_it_keeps_exactly_one_target_in_the_database(personas, district):
    for targets in ({}, {"item": district.item_a, "unit": district.unit_a}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Comment.objects.create(
                month=district.month, author=personas.users.leader, text="x", **targets
            )


def test_it_posts_a_comment_with_htmx_and_swaps_the_list(personas, district):
    url = reverse("meetings:comment_add", args=["2022-03"])
    data = {"target": "item", "target_id": district.item_a.pk, "text": "排位要前移"}
    response = personas.leader.post(url, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="comments-item-{district.item_a.pk}"' in html and "排位要前移" in html
    assert 'hx-post="/meetings/2022-03/comments/"' in html
    response = personas.leader.post(url, {**data, "text": ""}, HTTP_HX_REQUEST="true")
    assert "请填写点评内容" in response.content.decode()
    assert Comment.objects.count() == 1


def test_it_posts_a_comment_without_js_and_goes_back(personas, district, official):
    url = reverse("meetings:comment_add", args=["2022-03"])
    back = reverse("reporting:item_detail", args=[district.item_a.pk])
    data = {"target": "unit", "target_id": district.unit_a.pk, "text": "好", "next": back}
    response = personas.office.post(url, {**data, "on_behalf_of": official.pk})
    assert response.status_code == 302 and response.url == back
    response = personas.office.post(url, {**data, "next": "https://evil.example/"}, follow=True)
    assert "须选择点评领导" in response.content.decode()  # office without a leader
    assert Comment.objects.get().on_behalf_of == official


@pytest.mark.parametrize(
    ("persona", "status"),
    [("reporter_a", 403), ("head_a", 403), ("reporter_b", 403), ("anonymous", 302)],
)
def test_it_refuses_comment_posts_from_others(personas, district, persona, status):
    url = reverse("meetings:comment_add", args=["2022-03"])
    data = {"target": "item", "target_id": district.item_a.pk, "text": "x"}
    assert getattr(personas, persona).post(url, data).status_code == status
    assert not Comment.objects.exists()


def test_it_answers_404_for_an_unknown_month_or_target(personas, district):
    data = {"target": "item", "target_id": 99999, "text": "x"}
    url = reverse("meetings:comment_add", args=["2022-03"])
    assert personas.leader.post(url, data).status_code == 404
    assert personas.leader.post(url, {**data, "target": "report"}).status_code == 404
    other = reverse("meetings:comment_add", args=["2031-01"])
    assert personas.leader.post(other, {**data, "target_id": district.item_a.pk}).status_code == 404


def _render(user, text: str, **context) -> str:
    request = RequestFactory().get("/boards/2022-03/")
    request.user = user
    return Template("{% load meetings %}" + text).render(RequestContext(request, context))


def test_it_renders_the_include_with_the_form_for_leaders_only(personas, district):
    services.add_comment(
        month=district.month, author=personas.users.leader, text="加快进度", unit=district.unit_a
    )
    tag = "{% comments_for month_label unit=unit_code %}"
    html = _render(personas.users.leader, tag, month_label="2022-03", unit_code="A01")
    assert "加快进度" in html and 'name="text"' in html and "发表点评" in html
    html = _render(personas.users.reporter_a, tag, month_label="2022-03", unit_code="A01")
    assert "加快进度" in html and 'name="text"' not in html
    assert _render(personas.users.leader, tag, month_label="2031-01", unit_code="A01").strip() == ""


def test_it_accepts_instances_pks_and_codes_as_targets(personas, district):
    services.add_comment(
        month=district.month, author=personas.users.leader, text="行动点评", action=district.action
    )
    for target in (district.action, district.action.pk, "X1"):
        assert [c.text for c in comments_for("2022-03", action=target)] == ["行动点评"]
    html = Template("{% load meetings %}{% comments_for m item=i %}").render(
        Context({"m": district.month, "i": district.item_a, "user": personas.users.leader})
    )
    assert "暂无点评" in html


def test_it_lists_the_months_comments_for_the_workbook(personas, district, official):
    services.add_comment(
        month=district.month, author=personas.users.leader, text="一", item=district.item_a
    )
    services.add_comment(
        month=district.month,
        author=personas.users.office,
        text="二",
        action=district.action,
        on_behalf_of=official,
    )
    rows = comments_for_month("2022-03")
    assert [(r.target_kind, r.target_code, r.speaker, r.author, r.text) for r in rows] == [
        ("事项", "A-001", "leader", "leader", "一"),
        ("行动", "X1", "王副区长", "office", "二"),
    ]
    assert rows[0].created_at.tzinfo is not None


def test_it_shows_the_months_comments_on_the_meeting_view(personas, district):
    services.add_comment(
        month=district.month, author=personas.users.leader, text="点评甲", item=district.item_a
    )
    url = reverse("meetings:month", args=["2022-03"])
    assert "点评甲" in personas.office.get(url).content.decode()
    assert "点评甲" in personas.leader.get(url).content.decode()
    for persona in ("reporter_a", "head_a", "reporter_b"):
        assert getattr(personas, persona).get(url).status_code == 403
    assert personas.anonymous.get(url).status_code == 302


UNIT_PAGE_LINES = (
    "{% load meetings %}"
    '{% include "meetings/includes/assignment_button.html" with'
    " assign_unit=unit_result.unit_code assign_month=month.label %}"
    "{% comments_for month unit=unit_result.unit_code %}"
)
ITEM_PAGE_LINES = (
    "{% load meetings %}{% with latest=results|last %}"
    '{% include "meetings/includes/assignment_button.html" with'
    " assign_item=item.pk assign_month=latest.run.month.label %}"
    "{% comments_for latest.run.month item=item %}{% endwith %}"
)


def _render_in_page(client, url: str, lines: str) -> str:
    """The include lines rendered with the real scoring page's context and request."""
    response = client.get(url)
    assert response.status_code == 200
    context = {k: response.context[k] for k in response.context.keys()}
    return Template(lines).render(RequestContext(response.wsgi_request, context))


def test_it_fits_the_include_lines_into_the_scoring_drilldowns(personas, scored):
    services.add_comment(
        month=scored.month, author=personas.users.leader, text="单位点评", unit=scored.unit_a
    )
    services.add_comment(
        month=scored.month, author=personas.users.leader, text="事项点评", item=scored.item_a
    )
    unit_url = reverse("scoring:unit_detail", args=["2022-03", "district", "A01"])
    html = _render_in_page(personas.leader, unit_url, UNIT_PAGE_LINES)
    assert "单位点评" in html and "?unit=A01&amp;month=2022-03" in html and "发表点评" in html
    item_url = reverse("scoring:item_trend", args=[scored.item_a.pk])
    html = _render_in_page(personas.office, item_url, ITEM_PAGE_LINES)
    assert "事项点评" in html and f"?item={scored.item_a.pk}&amp;month=2022-03" in html
    html = _render_in_page(personas.reporter_a, item_url, ITEM_PAGE_LINES)
    assert "事项点评" in html and "发表点评" not in html and "现场交办" not in html


def test_a_drill_down_shows_a_comment_as_soon_as_it_is_posted(
    personas, scored, django_assert_num_queries
):
    url = reverse("scoring:unit_detail", args=["2022-03", "district", "A01"])
    personas.leader.get(url)  # warm up: the session's save; the unit lines kept by run
    add = reverse("meetings:comment_add", args=["2022-03"])
    text = "'\"<>& 加快进度"
    personas.leader.post(add, {"target": "unit", "target_id": scored.unit_a.pk, "text": text})
    # session, user, the month with its runs; the unit's comments, the officials
    with django_assert_num_queries(5):
        html = personas.leader.get(url).content.decode()
    assert "&#x27;&quot;&lt;&gt;&amp; 加快进度" in html and "暂无点评" not in html


def test_a_comment_reaches_the_unit_it_is_about_as_a_notice(personas, district, official):
    services.add_comment(
        month=district.month,
        author=personas.users.office,
        on_behalf_of=official,
        text="固定资产投资要再加力",
        item=district.item_a,
    )
    services.add_comment(
        month=district.month,
        author=personas.users.leader,
        text="经信排名需提升",
        unit=district.unit_b,
    )
    home_a = personas.reporter_a.get("/").content.decode()
    assert "王副区长点评固定资产投资（2022-03）：固定资产投资要再加力" in home_a
    assert "经信排名需提升" not in home_a
    home_b = personas.reporter_b.get("/").content.decode()
    assert "leader点评区经信局（2022-03）：经信排名需提升" in home_b
    assert "固定资产投资要再加力" not in home_b


def test_a_comment_reaches_the_units_own_work_group_robot(
    personas, district, official, robot_server, django_capture_on_commit_callbacks
):
    Unit.objects.filter(pk=district.unit_a.pk).update(
        robot_webhook=robot_server.robot("tok-a", "SEC-a"), robot_secret="SEC-a"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(
            month=district.month,
            author=personas.users.office,
            on_behalf_of=official,
            text="固定资产投资要再加力",
            item=district.item_a,
        )
        # 区经信局 has no robot of its own: its notice only, nothing to the district group.
        services.add_comment(
            month=district.month,
            author=personas.users.leader,
            text="经信排名需提升",
            unit=district.unit_b,
        )
    assert [(r.token, r.title) for r in robot_server.received] == [
        ("tok-a", "【晒比会】王副区长点评固定资产投资")
    ]
    assert "固定资产投资要再加力" in robot_server.received[0].text
    assert robot_server.refusals == []
