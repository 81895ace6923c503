"""Site-wide form pieces."""

from django import forms
from django.forms.renderers import Jinja2
from django.utils.translation import gettext_lazy as _

# Django ships its widget templates for Jinja2 too, which renders them several times
# faster than the Django template language. The forms drawn many times per page (the
# fill page's report forms, the comment form on every drill-down) set it as their
# default_renderer; one shared instance, so its Jinja2 environment is built once. The
# admin's and other packages' widgets have DTL templates only and keep the default.
FAST_WIDGETS = Jinja2()


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
