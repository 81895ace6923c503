import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import Unit
from reporting.models import Month

from .models import Assignment, AssignmentStatus

# Drawn as the lagging and 预警 filters are (scoring.filtersets).
SELECT = {"class": "form-select form-select-sm"}


class AssignmentFilter(django_filters.FilterSet):
    """The assignment list's filters: status, responsible unit, meeting month, overdue and
    closed (销号): 否 lists the open ones (未办结) the homes count."""

    status = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=AssignmentStatus.choices,
        widget=forms.Select(SELECT),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("责任单位"),
        field_name="responsible_unit",
        queryset=Unit.objects.all(),
        widget=forms.Select(SELECT),
    )
    month = django_filters.ModelChoiceFilter(
        label=_("会议月份"),
        queryset=Month.objects.newest_first(),
        widget=forms.Select(SELECT),
    )
    overdue = django_filters.BooleanFilter(
        label=_("是否逾期"),
        method="filter_overdue",
        widget=forms.Select(
            SELECT, choices=[("", _("全部")), ("true", _("是")), ("false", _("否"))]
        ),
    )

    closed = django_filters.BooleanFilter(
        label=_("是否销号"),
        method="filter_closed",
        widget=forms.Select(
            SELECT, choices=[("", _("全部")), ("true", _("是")), ("false", _("否"))]
        ),
    )

    class Meta:
        model = Assignment
        fields = ["status", "unit", "month", "overdue", "closed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["month"].field.label_from_instance = lambda m: m.label

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Assignment.objects.overdue(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)

    def filter_closed(self, queryset, name, value):
        if value is None:
            return queryset
        closed = Q(status=AssignmentStatus.CLOSED)
        return queryset.filter(closed) if value else queryset.exclude(closed)
