"""The Jinja2 engine of the templates drawn many times per page (templates/jinja2/: every
django-tables2 table, an item's 五定 card and figures, a fill-page item). Jinja2 renders
them several times faster than the Django template language; the pages around them
keep the DTL. Strings go
through Django's gettext, links through reverse, numbers and dates through Django's
formats."""

from __future__ import annotations

import datetime
import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.db.models import Field, Model
from django.dispatch import receiver
from django.http import HttpRequest
from django.template.backends.jinja2 import Jinja2, Template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat
from django.utils.encoding import force_str
from django.utils.formats import localize
from django.utils.hashable import make_hashable
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext, pgettext
from django_tables2.templatetags.django_tables2 import render_attrs, table_page_range
from jinja2 import Environment
from markupsafe import Markup

from actions.forms import render_widget
from actions.templatetags.figures import bonus, estimate, figure
from reporting.steps import state_label
from reporting.templatetags.reporting import fill_field, form_field


def url(name: str, *args) -> str:
    return reverse(name, args=args)


# A number no route holds, standing for the object's id in a reversed link.
PK = 9087654321


def pk_url(name: str, pk: int) -> str:
    """url(name, pk) for a route whose one argument is `<int:pk>`: reversed once, then
    the id put in, for the links a page draws per row (about 20 µs a reverse)."""
    return _pk_link(get_script_prefix(), get_urlconf(), name).replace(str(PK), str(int(pk)))


@functools.cache
def _pk_link(prefix: str, urlconf: str | None, name: str) -> str:
    return reverse(name, urlconf=urlconf, args=[PK])  # reverse itself reads the prefix


def display(obj: Model, name: str) -> str:
    """obj.get_<name>_display(), without rebuilding the field's choices, which hashes (and
    so translates) every label each time."""
    field = obj._meta.get_field(name)
    value = getattr(obj, field.attname)
    return force_str(
        _choices(field, get_language()).get(make_hashable(value), value), strings_only=True
    )


@functools.lru_cache(maxsize=1024)
def _choices(field: Field, language: str | None) -> dict:
    """The field's choice labels in the active language (`language`: the key only)."""
    return {key: force_str(label) for key, label in make_hashable(field.flatchoices)}


def cached_gettext(message: str) -> str:
    """gettext(message), looked up once per language: a fill page asks for the same
    hundred labels again on every item (about 3 µs a lookup through Django's catalogs)."""
    return _translated(get_language(), message)


@functools.lru_cache(maxsize=4096)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)  # `language` is the active one: the key only


def label(message: str, **variables) -> Markup:
    """`_("…")` in a template: what the i18n extension's newstyle gettext gives under
    autoescape (the translation marked safe, then `% variables`), without its two context
    calls per label; a label without variables is built once per language."""
    if variables:
        return Markup(cached_gettext(message)) % variables
    return _label(get_language(), message)


@functools.lru_cache(maxsize=4096)
def _label(language: str | None, message: str) -> Markup:
    return Markup(cached_gettext(message)) % {}  # `language` is the active one: the key only


@receiver(setting_changed)
def _forget_links(setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _pk_link.cache_clear()
    if setting in ("LANGUAGE_CODE", "LANGUAGES", "LOCALE_PATHS"):
        _translated.cache_clear()
        _label.cache_clear()
        _choices.cache_clear()


def date(value: datetime.date | None, fmt: str = "Y-m-d") -> str:
    return dateformat.format(value, fmt) if value else ""


def querystring_replace(request: HttpRequest, updates: dict) -> str:
    """The page's query string with `updates` (django-tables2's querystring_replace)."""
    params = dict(request.GET)
    params.update({key: value for key, value in updates.items() if key not in ("", None)})
    return escape("?" + urlencode(params, doseq=True))


def printed(value):
    """A value as the Django template language prints it (localize): Decimal("3E+1") as
    30. A whole number without thousands separators is its digits, as localize itself
    answers it, without first looking up the language's number formats (a table of
    units prints hundreds of counts)."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return localize(value)


def environment(**options) -> Environment:
    # finalize: numbers and dates print as the Django template language prints them, so
    # both engines draw the same figures.
    env = Environment(**{**options, "extensions": ["jinja2.ext.i18n"], "finalize": printed})
    env.install_gettext_callables(cached_gettext, ngettext, newstyle=True, pgettext=pgettext)
    if env.autoescape is True:  # Django's backend turns it on unless told otherwise
        env.globals["_"] = label
    env.globals.update(
        url=url,
        pk_url=pk_url,
        display=display,
        state_label=state_label,
        form_field=form_field,
        fill_field=fill_field,
        widget=render_widget,
        render_attrs=render_attrs,
        querystring_replace=querystring_replace,
        table_page_range=table_page_range,
    )
    env.filters.update(
        date=date, localize=localize, unlocalize=str, figure=figure, estimate=estimate, bonus=bonus
    )
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
