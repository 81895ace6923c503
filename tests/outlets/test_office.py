"""The office's page of the outlets (对外发布): keys created (shown once), listed and
revoked, their use logged; only the office opens it."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from outlets.models import ApiKey

from .conftest import key_client

pytestmark = pytest.mark.django_db


def created_key(html: str) -> str:
    return re.search(r'<code class="[^"]*">([^<]+)</code>', html).group(1)


def test_the_office_creates_a_key_that_is_shown_once(march, personas):
    response = personas.office.post(
        reverse("outlets:create_key"), {"name": "数字驾驶舱", "rate": "60/min"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    secret = created_key(html)
    assert "只显示这一次" in html
    key = ApiKey.objects.get(name="数字驾驶舱")
    assert secret.startswith(key.prefix + ".")
    listing = personas.office.get(reverse("outlets:office")).content.decode()
    assert key.prefix in listing and secret not in listing
    boards = key_client(secret).get(reverse("api:boards", args=["2022-03"]))
    assert boards.status_code == 200


def test_the_page_and_the_command_name_the_same_last_day_of_a_key(march, personas, capsys):
    last_day = timezone.localdate() + datetime.timedelta(days=30)
    personas.office.post(
        reverse("outlets:create_key"),
        {"name": "驾驶舱", "rate": "60/min", "expires": last_day.isoformat()},
    )
    call_command("create_api_key", "大屏", "--expires", last_day.isoformat())

    assert f"有效至 {last_day.isoformat()}" in capsys.readouterr().err
    listing = personas.office.get(reverse("outlets:office")).content.decode()
    table = listing[listing.index('id="api-keys"') :]
    assert "有效至" in table
    assert table.count(f"{last_day.isoformat()}</td>") == 2
    assert (last_day + datetime.timedelta(days=1)).isoformat() not in table


def test_the_office_revokes_a_key(march, personas):
    html = personas.office.post(reverse("outlets:create_key"), {"name": "临时", "rate": "60/min"})
    secret = created_key(html.content.decode())
    key = ApiKey.objects.get(name="临时")
    response = personas.office.post(reverse("outlets:revoke_key", args=[key.prefix]))
    assert response.status_code == 302
    assert "已吊销" in personas.office.get(reverse("outlets:office")).content.decode()
    assert key_client(secret).get(reverse("api:months")).status_code == 401


def test_the_usage_log_shows_key_path_status_and_time(march, personas, api):
    api.get(reverse("api:boards", args=["2022-03"]))
    api.get(reverse("api:boards", args=["2022-04"]))
    html = personas.office.get(reverse("outlets:key_uses")).content.decode()
    assert "数字驾驶舱" in html
    assert "/api/v1/months/2022-03/boards/" in html and "/api/v1/months/2022-04/boards/" in html
    assert ">200<" in html and ">404<" in html


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "rate": "60/min"}, "这个字段是必填项"),
        ({"name": "x", "rate": "很多"}, "限速格式"),
        ({"name": "x", "rate": "60/min", "expires": "2000-01-01"}, "到期日不能早于今天"),
    ],
)
def test_bad_key_input_gets_a_chinese_message_and_writes_nothing(personas, data, message):
    response = personas.office.post(reverse("outlets:create_key"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ApiKey.objects.exists()


def test_only_the_office_opens_the_page(personas):
    assert personas.office.get(reverse("outlets:office")).status_code == 200
    for persona in ("leader", "reporter_a", "head_a"):
        assert getattr(personas, persona).get(reverse("outlets:office")).status_code == 403


def test_the_office_downloads_the_api_description_the_page_links(personas):
    page = personas.office.get(reverse("outlets:office")).content.decode()
    assert reverse("outlets:openapi") in page and "docs/openapi.yaml" not in page
    response = personas.office.get(reverse("outlets:openapi"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    schema = yaml.safe_load(b"".join(response.streaming_content))
    committed = (Path(settings.BASE_DIR) / "docs" / "openapi.yaml").read_text(encoding="utf-8")
    assert schema == yaml.safe_load(committed)
    assert "/api/v1/months/{month}/boards/" in schema["paths"]


def test_the_forms_say_how_to_write_a_rate_limit(march, personas):
    page = personas.office.get(reverse("outlets:office")).content.decode()
    help_text = '<div class="form-text">如 120/min（每分钟 120 次）、5000/day</div>'
    assert help_text in page


def test_revoking_a_key_or_removing_a_webhook_asks_first(march, personas):
    """Both cannot be undone and cut a receiving system off at once: the page asks, naming
    which key or address."""
    personas.office.post(reverse("outlets:create_key"), {"name": "数字驾驶舱", "rate": "60/min"})
    personas.office.post(
        reverse("outlets:register_webhook"), {"url": "http://127.0.0.1:9/hook", "secret": ""}
    )
    page = personas.office.get(reverse("outlets:office")).content.decode()
    assert 'data-confirm="吊销接口密钥“数字驾驶舱”？' in page
    assert 'data-confirm="删除推送地址 http://127.0.0.1:9/hook？' in page
