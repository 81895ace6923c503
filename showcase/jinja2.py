"""The Jinja2 engine of the templates drawn many times per page (templates/jinja2/: every
django-tables2 table, an item's 五定 card and figures, a fill-page item). Jinja2 renders
them several times faster than the Django template language; the pages around them
keep the DTL. Strings go
through Django's gettext, links through reverse, numbers and dates through Django's
formats."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.template.backends.jinja2 import Jinja2, Template
from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext
from django_tables2.templatetags.django_tables2 import render_attrs, table_page_range
from jinja2 import Environment

from actions.forms import render_widget
from reporting.templatetags.reporting import fill_field, form_field


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def date(value: datetime.date | None, fmt: str = "Y-m-d") -> str:
    return dateformat.format(value, fmt) if value else ""


def querystring_replace(request: HttpRequest, updates: dict) -> str:
    """The page's query string with `updates` (django-tables2's querystring_replace)."""
    params = dict(request.GET)
    params.update({key: value for key, value in updates.items() if key not in ("", None)})
    return escape("?" + urlencode(params, doseq=True))


def environment(**options) -> Environment:
    # finalize: numbers and dates print as the Django template language prints them
    # (Decimal("3E+1") as 30), so both engines draw the same figures.
    env = Environment(**{**options, "extensions": ["jinja2.ext.i18n"], "finalize": localize})
    env.install_gettext_callables(gettext, ngettext, newstyle=True, pgettext=pgettext)
    env.globals.update(
        url=url,
        form_field=form_field,
        fill_field=fill_field,
        widget=render_widget,
        render_attrs=render_attrs,
        querystring_replace=querystring_replace,
        table_page_range=table_page_range,
    )
    env.filters.update(date=date, localize=localize, unlocalize=str)
    return env


class SafeTemplate(Template):
    def render(self, context=None, request=None) -> SafeString:
        # Jinja2 escaped what it printed: the page is safe HTML, as a DTL page is, so
        # a Django template that includes it (a table, an item card) does not escape it.
        return mark_safe(super().render(context, request))


class Engine(Jinja2):
    """Django's Jinja2 backend, rendering safe strings like the Django template language."""

    def from_string(self, template_code) -> SafeTemplate:
        return SafeTemplate(self.env.from_string(template_code), self)

    def get_template(self, template_name) -> SafeTemplate:
        return SafeTemplate(super().get_template(template_name).template, self)
