"""docs/openapi.yaml is the API as the code describes it: regenerate it with
`make openapi` whenever the API changes, or this test fails."""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import call_command

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


def generated() -> str:
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return out.getvalue()


def test_the_committed_schema_is_the_generated_one():
    assert COMMITTED.read_text(encoding="utf-8") == generated(), (
        "docs/openapi.yaml 与代码不一致：请运行 make openapi 重新生成"
    )


def test_it_describes_every_endpoint_of_the_api():
    paths = set(yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))["paths"])
    assert paths == {
        "/api/v1/months/",
        "/api/v1/months/{month}/boards/",
        "/api/v1/months/{month}/items/",
        "/api/v1/months/{month}/warnings/",
        "/api/v1/plan-years/{year}/items/",
    }
