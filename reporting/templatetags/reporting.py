"""Template tags of the reporting pages."""

from __future__ import annotations

import datetime
import functools
import html

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from markupsafe import escape as markup_escape

from actions.forms import escape_as_django, render_widget
from reporting.queries import reminded_units
from reporting.services import step_label
from reporting.steps import state_label

register = template.Library()


@register.simple_tag
def form_field(field: BoundField, css: str = "col-12", extra: str = "") -> SafeString:
    """A labelled field with its errors and help text, in a grid column.

    A tag, not an included template: the fill page shows up to nine fields per item,
    and an include per field was a fifth of the page's rendering time. For the same
    reason the widget is drawn by actions.forms.render_widget, and the escaping is
    conditional_escape's without its lazy-string wrapper (escape_as_django)."""
    # The form's own errors: field.errors makes an empty ErrorList for a field without.
    errors = field.form.errors.get(field.name, ())
    feedback = "".join(
        f'<div class="invalid-feedback d-block">{escape_as_django(error)}</div>' for error in errors
    )
    help_text = field.help_text
    if help_text:
        feedback += f'<div class="form-text">{escape_as_django(help_text)}</div>'
    return mark_safe(
        f'<div class="{escape_as_django(css)}">\n'
        f'  <label class="form-label small mb-0{" text-danger" if errors else ""}" '
        f'for="{escape_as_django(field.id_for_label)}">{escape_as_django(field.label)}</label>\n'
        f"  {render_widget(field)}\n  {feedback}{escape_as_django(extra)}</div>"
    )


@register.filter
def widget(field: BoundField) -> SafeString:
    """``{{ field|widget }}``: the field's widget as ``{{ field }}`` draws it, built by
    actions.forms.render_widget (a filter form's select of every unit: 3 ms through the
    widget templates)."""
    return render_widget(field)


@register.simple_tag
def fill_field(field: BoundField, css: str = "col-12") -> SafeString:
    """A fill-page field with last month's entry beside it as 上期 and a 沿用上期 button
    that copies it in (static/js/fill.js); the field itself starts empty."""
    hint = field.form.previous_hint(field.name)
    if hint is None:
        return form_field(field, css)
    shown, raw = hint
    previous_label, copy_label = _hint_labels(get_language())
    field_id = escape_as_django(field.id_for_label)
    previous = (
        '<div class="form-text previous-hint">'
        f'<span class="text-muted">{previous_label}：</span>'
        f'<span class="previous-value" id="{field_id}-previous" data-value="{html.escape(raw)}">'
        f"{html.escape(shown)}</span> "
        '<button type="button" class="btn btn-link btn-sm p-0 align-baseline" '
        f'data-copy-previous="{field_id}">{copy_label}</button></div>'
    )
    return form_field(field, css, mark_safe(previous))


@functools.lru_cache(maxsize=16)
def _hint_labels(language: str | None) -> tuple[str, str]:
    """上期 and 沿用上期, escaped, in the active language (`language`: the key only):
    every field of the fill page draws them."""
    return escape(_("上期")), escape(_("沿用上期"))


@receiver(setting_changed)
def _forget_labels(setting: str, **kwargs) -> None:
    if setting in ("LANGUAGE_CODE", "LANGUAGES", "LOCALE_PATHS"):
        _hint_labels.cache_clear()


@register.filter(name="step_label")
def history_step_label(record) -> str:
    """A report history row's step (操作) and its reason in the page's language."""
    return step_label(record.step, record.history_change_reason)


@register.filter(name="state_label")
def report_state_label(report, has_head: bool) -> str:
    """A report's state as every page names it (reporting.steps.state_label); `has_head`:
    whether its unit has a head."""
    return state_label(report.state, has_head=has_head)


@register.simple_tag
def wuding_card(item) -> SafeString:
    """An item's 五定 card (templates/jinja2/includes/wuding_card.html)."""
    return _jinja("includes/wuding_card.html", item=item)


@register.simple_tag
def report_figures(report, item, has_head: bool) -> SafeString:
    """A report's month, figures and state in one line, or 尚无月报; `has_head`: whether
    its unit has a head (the state's name depends on it)."""
    return _jinja("includes/report_figures.html", report=report, item=item, has_head=has_head)


@register.simple_tag
def unit_item_cards(groups: list[dict], has_head: bool) -> SafeString:
    """A unit's items by action, each a card with its 五定 and latest report
    (templates/jinja2/includes/unit_item_cards.html): one template for the whole list,
    not a tag per card, since a unit's home shows every item it leads."""
    return _jinja("includes/unit_item_cards.html", groups=groups, has_head=has_head)


@register.simple_tag(takes_context=True)
def remind_form(context, late_units: list[dict], month) -> SafeString:
    """催报 of the units behind in `month`, with the page's CSRF token and its own address
    to come back to (templates/reporting/_remind_form.html)."""
    request = context.get("request")
    return remind_form_html(
        late_units,
        month,
        csrf_token=context.get("csrf_token"),
        next_path=request.get_full_path() if request else "",
        zzd_on=context.get("zzd_on", False),
    )


def remind_form_html(
    late_units: list[dict], month, *, csrf_token: str | None, next_path: str, zzd_on: bool
) -> SafeString:
    """催报: a checkbox per late unit and its buttons
    (templates/jinja2/reporting/remind_form.html), drawn by Jinja2: the office's home and
    review board list every unit behind. `csrf_token` is written as {% csrf_token %} writes
    it, and the page's address escaped as the Django template language escapes it."""
    csrf_input = (
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)
        if csrf_token and csrf_token != "NOTPROVIDED"
        else ""
    )
    reminded = reminded_units(month) if late_units else {}
    return _jinja(
        "reporting/remind_form.html",
        late_units=late_units,
        checkboxes=_remind_checkboxes(late_units, reminded),
        remind_month=month,
        csrf_input=csrf_input,
        next_path=conditional_escape(next_path),
        zzd_on=zzd_on,
    )


def _remind_checkboxes(
    late_units: list[dict], reminded: dict[int, datetime.datetime]
) -> SafeString:
    """A checkbox per late unit with its count 待报送 and its contact, written here rather
    than by a template (the office's home lists every unit behind, 40 in the demo), with
    Jinja2's escaping, which drew them before. A unit the 催报 already went to for this
    deadline says when (a second 催报 passes it over and says so)."""
    title = _("待报送")
    parts = []
    for row in late_units:
        unit_id, contact = int(row["unit_id"]), row["contact_name"]
        contact = (
            f' <span class="small text-muted">{markup_escape(contact)}</span>' if contact else ""
        )
        sent_at = reminded.get(unit_id)
        if sent_at is not None:
            when = timezone.localtime(sent_at).strftime("%m-%d %H:%M")
            contact += (
                ' <span class="badge text-bg-secondary">'
                f"{markup_escape(_('已催报 %(when)s') % {'when': when})}</span>"
            )
        parts.append(
            '\n      <div class="form-check">\n'
            f'        <input class="form-check-input" type="checkbox" name="unit" value="{unit_id}"'
            f' id="remind-unit-{unit_id}">\n'
            f'        <label class="form-check-label" for="remind-unit-{unit_id}">'
            f'{markup_escape(row["name"])} <span class="badge text-bg-danger" title="{title}">'
            f"{int(row['unsubmitted'])}</span>{contact}</label>\n      </div>\n      "
        )
    return mark_safe("".join(parts))


def _jinja(name: str, **context) -> SafeString:
    return render_to_string(name, context, using="jinja2")  # safe HTML (showcase.jinja2)


@register.simple_tag
def month_picker(months, month, select_id: str, action: str = "") -> SafeString:
    """The month picker (templates/jinja2/includes/month_picker.html): the plan years and
    the months of the selected one, drawn by Jinja2, since nearly every page shows it."""
    switch = year_switch(months, month)
    return _jinja(
        "includes/month_picker.html",
        select_id=conditional_escape(select_id),
        action=conditional_escape(action),
        month_pk=month.pk if month else None,
        **switch,
    )


def year_switch(months, month) -> dict:
    """For a month picker: the plan years of `months` (newest first), each with the month
    a switch to it opens (the same month number if that year has it, else its latest),
    and the months of the selected month's year, in the order given."""
    by_year: dict[int, list] = {}
    for m in months:
        by_year.setdefault(m.year, []).append(m)
    selected = month.year if month is not None else max(by_year, default=None)
    years = []
    for year in sorted(by_year, reverse=True):
        same = [m for m in by_year[year] if month is not None and m.number == month.number]
        latest = max(by_year[year], key=lambda m: m.number)
        years.append({"year": year, "month": same[0] if same else latest})
    return {"years": years, "selected": selected, "months": by_year.get(selected, [])}
