"""Queries the ORM builds once (actions.prepared): the same rows and objects as the
queryset gives, read afresh on every call."""

from decimal import Decimal

import pytest
from django.db.models import Count

from actions.models import Item
from actions.prepared import prepared_objects, prepared_rows
from reporting.models import Report
from tests.factories import ItemFactory, OfficialFactory, ReportFactory

pytestmark = pytest.mark.django_db


def _items(unit):
    return Item.objects.led_by(unit).order_by("code")


def test_it_gives_the_rows_the_queryset_gives_converted_as_django_converts_them(district):
    ItemFactory(lead_unit=district.unit_a, target=Decimal("12.50"), cumulative=False)
    columns = ("code", "target", "cumulative", "deadline", "action__name", "lead_unit__code")

    def build():
        return _items(district.unit_a).values_list(*columns)

    rows = prepared_rows(("test-rows", district.unit_a.pk), build)

    assert rows == list(build())
    assert rows[-1][1] == Decimal("12.50") and rows[-1][2] is False


def test_it_gives_grouped_rows(district):
    def build():
        return Item.objects.values_list("lead_unit__code").annotate(n=Count("pk")).order_by("n")

    assert prepared_rows(("test-groups",), build) == list(build())


def test_it_reads_the_rows_afresh_on_every_call(district, django_assert_num_queries):
    def codes():
        key = ("test-fresh", district.unit_a.pk)
        return prepared_rows(key, lambda: _items(district.unit_a).values_list("code"))

    assert codes() == [("A-001",)]
    ItemFactory(code="A-002", lead_unit=district.unit_a, action=district.action)
    with django_assert_num_queries(1):
        assert codes() == [("A-001",), ("A-002",)]


def test_it_gives_the_objects_with_the_relations_select_related_names(
    district, django_assert_num_queries
):
    ItemFactory(code="A-002", lead_unit=district.unit_a, responsible_official=None)
    led = ItemFactory(
        code="A-003", lead_unit=district.unit_a, responsible_official=OfficialFactory()
    )
    led.action.leader = OfficialFactory(name="王副区长")
    led.action.save()

    def build():
        return _items(district.unit_a).select_related("action__leader", "responsible_official")

    with django_assert_num_queries(1):
        items = prepared_objects(("test-objects", district.unit_a.pk), build)
        assert [item.code for item in items] == ["A-001", "A-002", "A-003"]
        assert items[1].responsible_official is None
        assert items[2].action.leader.name == "王副区长"
        assert items[2].responsible_official == led.responsible_official
    for item, expected in zip(items, build(), strict=True):
        assert item.__dict__.keys() == expected.__dict__.keys()
        for name, value in expected.__dict__.items():
            if name != "_state":
                assert getattr(item, name) == value


def test_it_slices_as_the_queryset_does(district):
    for month in (1, 2, 3):
        ReportFactory(item=district.item_a, month__number=month)

    def build():
        return Report.objects.filter(item=district.item_a).order_by("-month__number")[:2]

    reports = prepared_objects(("test-slice", district.item_a.pk), build)
    assert reports == list(build()) and len(reports) == 2


def test_an_empty_in_gives_no_rows_without_a_query(district, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert (
            prepared_rows(("test-empty",), lambda: Item.objects.filter(pk__in=[]).values_list("pk"))
            == []
        )


def test_it_refuses_what_it_would_not_give_back_alike(district):
    with pytest.raises(TypeError):
        prepared_rows(("test-not-values",), lambda: Item.objects.all())
    with pytest.raises(TypeError):
        prepared_objects(("test-annotated",), lambda: Item.objects.annotate(n=Count("reports")))
    with pytest.raises(TypeError):
        prepared_objects(("test-all-related",), lambda: Item.objects.select_related())
    with pytest.raises(TypeError):
        prepared_objects(("test-prefetch",), lambda: Item.objects.prefetch_related("co_units"))
