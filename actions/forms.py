"""Site-wide form pieces."""

import html
from collections.abc import Callable

from django import forms
from django.forms import BoundField
from django.forms.renderers import DjangoTemplates, Jinja2
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from markupsafe import escape

from .models import Unit
from .services import CONTACT_FIELDS

# Django ships its widget templates for Jinja2 too, which renders them several times
# faster than the Django template language. The forms drawn many times per page (the
# fill page's report forms, the comment form on every drill-down) set it as their
# default_renderer; one shared instance, so its Jinja2 environment is built once. The
# admin's and other packages' widgets have DTL templates only and keep the default.
FAST_WIDGETS = Jinja2()


def render_widget(field: BoundField) -> SafeString:
    """A field's widget as `str(field)` draws it with FAST_WIDGETS or Django's default
    renderer, built in Python.

    Even Jinja2 costs about 50 µs a widget (a template, its included attributes, one
    more per option), and the fill page draws dozens; the Django template language
    several times that (a filter form's select of every unit took 3 ms). This writes
    the same markup as Django's widget templates (django/forms/jinja2/ and
    django/forms/templates/django/forms/widgets/), with their escaping, for the plain
    widgets: the two differ only in how they escape a quote and in the line break
    after each option, which the Django template language keeps. Anything else, or a
    form drawn by another renderer, goes through Django as before."""
    widget = field.field.widget
    kind = type(widget)
    escape = _ESCAPE.get(type(field.form.renderer))
    # A model's choices are a query (and list() would count them first): read once.
    choices = [choice for choice in widget.choices] if kind is forms.Select else ()
    if (
        kind not in _PLAIN_WIDGETS
        or field.field.localize
        or escape is None
        or field.field.show_hidden_initial
        or any(isinstance(c[1], (list, tuple)) for c in choices)
    ):
        return mark_safe(str(field))
    # As BoundField.as_widget and Widget.get_context gather them.
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    attrs = _attrs(widget.build_attrs(widget.attrs, attrs), escape)
    value = widget.format_value(field.value())
    name = escape(field.html_name)
    if kind is forms.Textarea:
        return mark_safe(
            f'<textarea name="{name}"{attrs}>\n{escape(value) if value else ""}</textarea>'
        )
    if kind is forms.Select:
        after = "\n" if escape is escape_as_django else ""
        options, chosen = [], False
        for option, label in choices:
            option = "" if option is None else option
            selected = not chosen and str(option) in value
            chosen |= selected
            options.append(
                f'\n  <option value="{escape(option)}"{" selected" if selected else ""}>'
                f"{escape(label)}</option>{after}"
            )
        return mark_safe(f'<select name="{name}"{attrs}>{"".join(options)}\n</select>')
    shown = "" if value is None else f' value="{escape(value)}"'
    return mark_safe(f'<input type="{escape(widget.input_type)}" name="{name}"{shown}{attrs}>')


def _attrs(attrs: dict, escape: Callable[[object], str]) -> str:
    """django/forms/widgets/attrs.html: False leaves an attribute out, True names it."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def escape_as_django(value: object) -> str:
    """django.utils.html.conditional_escape without the lazy-string wrapper around it,
    which took a third of the time of a select of every unit."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


# How each renderer's templates escape what they print: Jinja2 as markupsafe does
# (&#39;), the Django template language as django.utils.html does (&#x27;).
_ESCAPE = {Jinja2: escape, DjangoTemplates: escape_as_django}


# The widgets render_widget draws: their exact classes, not subclasses, which may have
# templates or contexts of their own. A Select with option groups is left to Django.
_PLAIN_WIDGETS = {
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.Textarea,
    forms.Select,
}


class TargetForm(forms.Form):
    """One item's target (目标值) on the new year's targets page."""

    target = forms.DecimalField(
        label=_("目标值"),
        max_digits=20,
        decimal_places=4,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-sm", "inputmode": "decimal"}
        ),
    )


def _plain(value):
    """22.0000 → "22", 0.3500 → "0.35": the target as the office wrote it."""
    if value is None:
        return None
    return format(value.normalize(), "f")


def target_forms(rows, data=None) -> dict[int, TargetForm]:
    """A TargetForm per item of the plan rows, prefixed by the item's id."""
    return {
        row.item.pk: TargetForm(
            data,
            prefix=f"t{row.item.pk}",
            initial={"target": _plain(row.item.target)},
        )
        for row in rows
    }


class UnitContactForm(forms.ModelForm):
    """A unit's contact (联系人) and its work group robot (工作群机器人), as the office keeps
    them. The robot's secret is never shown again: left empty, the saved one stays."""

    class Meta:
        model = Unit
        fields = CONTACT_FIELDS
        widgets = {
            "contact_name": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "contact_mobile": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "contact_email": forms.EmailInput(attrs={"class": "form-control form-control-sm"}),
            "robot_webhook": forms.URLInput(attrs={"class": "form-control form-control-sm"}),
            "robot_secret": forms.PasswordInput(
                attrs={"class": "form-control form-control-sm", "autocomplete": "off"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.robot_secret:
            self.fields["robot_secret"].help_text = _("已设置；留空则保留原密钥")
