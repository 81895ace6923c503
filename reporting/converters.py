"""The month label in a URL (2022-03): the one converter every app's routes use."""

from __future__ import annotations


class MonthLabelConverter:
    """`<month:label>`: four digits, a dash, a month 01–12; the view gets the label."""

    regex = r"\d{4}-(?:0[1-9]|1[0-2])"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return getattr(value, "label", value)
