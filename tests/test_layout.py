"""The code's shape: apps small enough to read, in the layers pyproject.toml declares."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("actions", "accounts", "reporting", "scoring", "meetings", "outlets", "showcase")
LIMIT = 500


def app_modules() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    )


def test_it_finds_the_apps_modules():
    names = {path.relative_to(ROOT).as_posix() for path in app_modules()}
    assert {"reporting/services.py", "scoring/rulebook.py", "meetings/exports/meeting.py"} <= names


@pytest.mark.parametrize("path", app_modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_it_keeps_every_app_module_under_500_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= LIMIT, f"{path.relative_to(ROOT)} has {lines} lines: split it by topic"
