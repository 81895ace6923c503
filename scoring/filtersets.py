"""Filters of the lagging-items page (排位靠后事项), which the 预警 page shares."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from actions.models import Action, Unit

from .models import ItemResult

SELECT = {"class": "form-select form-select-sm"}


class LaggingFilter(django_filters.FilterSet):
    """Narrow the month's red items by action and by lead unit."""

    action = django_filters.ModelChoiceFilter(
        label=_("行动"),
        queryset=Action.objects.order_by("order", "code"),
        widget=forms.Select(SELECT),
    )
    lead_unit = django_filters.ModelChoiceFilter(
        label=_("牵头单位"), queryset=Unit.objects.order_by("code"), widget=forms.Select(SELECT)
    )

    class Meta:
        model = ItemResult
        fields = ["action", "lead_unit"]

    def __init__(self, *args, year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if year is not None:
            # The month's plan year holds the actions its items belong to.
            self.filters["action"].queryset = Action.objects.of_year(year).order_by("order", "code")
