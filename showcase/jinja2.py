"""The Jinja2 environment of the templates drawn many times per page (templates/jinja2/:
an item's 五定 card and figures, a fill-page item). Jinja2 renders them several times
faster than the Django template language; Django's own pages keep the DTL. Strings go
through Django's gettext, links through reverse, numbers and dates through Django's
formats."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import localize
from django.utils.translation import gettext, ngettext, pgettext
from jinja2 import Environment

from reporting.templatetags.reporting import form_field


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def date(value: datetime.date | None, fmt: str = "Y-m-d") -> str:
    return dateformat.format(value, fmt) if value else ""


def environment(**options) -> Environment:
    # finalize: numbers and dates print as the Django template language prints them
    # (Decimal("3E+1") as 30), so both engines draw the same figures.
    env = Environment(**{**options, "extensions": ["jinja2.ext.i18n"], "finalize": localize})
    env.install_gettext_callables(gettext, ngettext, newstyle=True, pgettext=pgettext)
    env.globals.update(url=url, form_field=form_field)
    env.filters["date"] = date
    return env
