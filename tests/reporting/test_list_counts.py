"""The office's long lists say how many rows they hold, beyond the first page."""

import pytest
from django.urls import reverse

from tests.factories import ItemFactory, ReportFactory

pytestmark = pytest.mark.django_db


def test_the_change_log_counts_all_its_entries(personas, district):
    for n in range(3):
        ReportFactory(item=ItemFactory(code=f"C-{n}", lead_unit=district.unit_a))
    html = personas.office.get(reverse("reporting:history")).content.decode()
    assert '月报变更记录 <small class="text-muted" id="list-count">3</small>' in html


def test_the_delivery_log_counts_its_entries(personas, district):
    html = personas.office.get(reverse("reporting:delivery_log")).content.decode()
    assert '发送记录 <small class="text-muted" id="list-count">0</small>' in html
