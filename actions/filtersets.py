import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Action, Item, PlanYear, Unit


class ItemFilter(django_filters.FilterSet):
    """The item list's filters; the same FilterSet feeds the page and its exports. The list
    shows one plan year (年度): `default_year` (the year of the month being reported,
    reporting.months.working_year) unless another is chosen."""

    plan_year = django_filters.ModelChoiceFilter(
        label=_("年度"),
        queryset=PlanYear.objects.order_by("-year"),
        to_field_name="year",
        empty_label=None,
    )
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    action = django_filters.ModelChoiceFilter(label=_("行动"), queryset=Action.objects.none())
    lead_unit = django_filters.ModelChoiceFilter(label=_("牵头单位"), queryset=Unit.objects.all())

    class Meta:
        model = Item
        fields = ["plan_year", "q", "action", "kind", "level", "lead_unit", "cadence"]

    def __init__(self, data=None, *args, default_year: int | None = None, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("plan_year") and default_year is not None:
            data["plan_year"] = str(default_year)
        super().__init__(data, *args, **kwargs)
        year = data.get("plan_year")
        self.filters["action"].queryset = (
            Action.objects.filter(plan_year__year=year).order_by("order", "code")
            if str(year).isdigit()
            else Action.objects.none()
        )
        for form_field in self.form.fields.values():
            css = "form-select" if hasattr(form_field, "choices") else "form-control"
            form_field.widget.attrs.setdefault("class", css)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))
