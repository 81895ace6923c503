"""Unit contacts (联系人, 手机, 邮箱) and the work group robot: validated, edited by the
office in the admin, shown on the 待报送 list."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import Unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"contact_mobile": "13812345678", "contact_email": "li@lishui.gov.cn"}, set()),
        ({"contact_mobile": "1381234567"}, {"contact_mobile"}),
        ({"contact_mobile": "23812345678"}, {"contact_mobile"}),
        ({"contact_mobile": "138-1234-5678"}, {"contact_mobile"}),
        ({"contact_email": "li@"}, {"contact_email"}),
        ({"robot_webhook": "oapi.dingtalk.com/robot/send"}, {"robot_webhook"}),
        ({"robot_webhook": "https://oapi.dingtalk.com/robot/send?access_token=abc"}, set()),
    ],
)
def test_it_validates_contacts_and_the_robot(district, fields, errors):
    unit = district.unit_a
    for name, value in fields.items():
        setattr(unit, name, value)
    try:
        unit.full_clean()
    except ValidationError as exc:
        assert set(exc.message_dict) == errors
        assert "11位手机号码" in str(exc) or "contact_mobile" not in errors
    else:
        assert not errors


def test_the_office_edits_contacts_in_the_admin(personas, district):
    url = reverse("admin:actions_unit_change", args=[district.unit_a.pk])
    page = personas.office.get(url).content.decode()
    assert "联系人" in page and "钉钉机器人 Webhook" in page
    response = personas.office.post(
        url,
        {
            "code": "A01",
            "name": "区发改局",
            "group": "department",
            "contact_name": "李明",
            "contact_mobile": "139",
            "contact_email": "liming@example.cn",
            "robot_webhook": "",
            "robot_secret": "",
        },
    )
    assert "请填写11位手机号码" in response.content.decode()
    assert Unit.objects.get(pk=district.unit_a.pk).contact_name == ""


def test_the_unreported_list_shows_each_units_contact(personas, district):
    Unit.objects.filter(pk=district.unit_a.pk).update(
        contact_name="李明", contact_mobile="13912345678", contact_email="liming@example.cn"
    )
    page = personas.office.get(reverse("reporting:review") + "?month=2022-03").content.decode()
    unreported = page[page.index("待报送单位") : page.index("全部单位")]
    assert "李明" in unreported
    assert 'href="tel:13912345678"' in unreported
    assert 'href="mailto:liming@example.cn"' in unreported


def test_the_unreported_list_on_a_phone_keeps_the_unit_what_is_open_and_whom_to_call(
    personas, district
):
    """At 390px wide the ten columns broke every name a character a line: 分组, 应报, 草稿
    and 已通过 are left to wider screens (hide-phone); a unit's name and a mobile number
    stay whole."""
    import re

    Unit.objects.filter(pk=district.unit_a.pk).update(contact_mobile="13912345678")
    page = personas.office.get(reverse("reporting:review") + "?month=2022-03").content.decode()
    unreported = page[page.index("待报送单位") : page.index("全部单位")]
    head = unreported[unreported.index("<thead") : unreported.index("</thead>")]
    cells = re.findall(r'<th class="([^"]*)"[^>]*>\s*(?:<[^>]+>\s*)*([^<\s]+)', head)
    hidden = [label for classes, label in cells if "hide-phone" in classes.split()]
    assert hidden == ["分组", "应报", "草稿", "已通过"]
    assert '<a class="text-nowrap" href="tel:13912345678">' in unreported
    assert '<td class="text-nowrap"><a href="/review/2022-03/' in unreported  # the unit's name
