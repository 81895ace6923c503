import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Action, Item, Unit


class ItemFilter(django_filters.FilterSet):
    """The item list's filters; the same FilterSet feeds the page and its exports."""

    q = django_filters.CharFilter(label=_("搜索"), method="search")
    action = django_filters.ModelChoiceFilter(label=_("行动"), queryset=Action.objects.all())
    lead_unit = django_filters.ModelChoiceFilter(label=_("牵头单位"), queryset=Unit.objects.all())

    class Meta:
        model = Item
        fields = ["q", "action", "kind", "level", "lead_unit", "cadence"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))
