"""Filters of the office's change log (变更记录)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from actions.models import Unit

from .models import Month, Report
from .services import Step


class ReportHistoryFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("单位"), queryset=Unit.objects.all(), field_name="item__lead_unit"
    )
    month = django_filters.ModelChoiceFilter(label=_("月份"), queryset=Month.objects.newest_first())
    step = django_filters.ChoiceFilter(label=_("操作"), choices=Step.choices)

    class Meta:
        model = Report.history.model
        fields = ["unit", "month", "step"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.form.fields.values():
            form_field.widget.attrs.setdefault("class", "form-select")
