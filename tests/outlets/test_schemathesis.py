"""Schemathesis against the live API: a real server (pytest-django's live server on
127.0.0.1), a real key, every operation of docs/openapi.yaml with Schemathesis's
stateless checks (examples, coverage and fuzzing; positive and negative data), and no
failure allowed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from outlets.services import create_api_key
from scoring.services import publish_month
from tests.scoring.builders import build_march

SCHEMA = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_failure_in_the_live_api(live_server, tmp_path):
    build_march()
    publish_month("2022-03")
    _key, secret = create_api_key("schemathesis", rate="100000/min")
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            str(SCHEMA),
            "--url",
            live_server.url,
            "--header",
            f"Authorization: Api-Key {secret}",
            "--checks",
            "all",
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            "25",
            "--seed",
            "20220301",
            "--workers",
            "1",
            "--generation-database",
            "none",
            "--no-color",
            "--report-dir",
            str(tmp_path),
        ],
        cwd=tmp_path,  # it keeps its own files (.schemathesis/) in the working directory
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "5 operations" in output or "5 selected" in output, output
