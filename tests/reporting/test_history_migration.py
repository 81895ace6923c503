"""Upgrading the change log: report history rows written while the step was the start of
the change reason ("退回：理由") read the same once the step has a column of its own."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from reporting.models import Report

BEFORE = ("reporting", "0002_reminder_task_name")
OLD_REASONS = [
    "保存",
    "报送",
    "单位审核通过",
    "审核通过",
    "退回：请补充实现情况",
    "重新打开：完成值录入有误",
    "台账导入",
    "演示数据",
    "手工更正",
    None,
]
NEW_ROWS = [
    ("保存", ""),
    ("报送", ""),
    ("单位审核通过", ""),
    ("审核通过", ""),
    ("退回", "请补充实现情况"),
    ("重新打开", "完成值录入有误"),
    ("台账导入", ""),
    ("演示数据", ""),
    ("", "手工更正"),
    ("", None),
]


def migrate(*targets):
    """Migrate to `targets` and return the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))
    executor.loader.build_graph()
    return executor.loader.project_state(list(targets)).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_it_moves_the_step_out_of_old_change_reasons_and_back(personas, district):
    leaves = latest()
    try:
        old = migrate(BEFORE).get_model("reporting", "HistoricalReport")
        now = timezone.now()
        for n, reason in enumerate(OLD_REASONS):
            old.objects.create(
                id=1,
                item_id=district.item_a.pk,
                month_id=district.month.pk,
                value=n,
                updated_at=now,
                history_date=now - timezone.timedelta(minutes=len(OLD_REASONS) - n),
                history_type="~",
                history_change_reason=reason,
            )

        migrate(*leaves)
        rows = Report.history.order_by("history_date")
        assert list(rows.values_list("step", "history_change_reason")) == NEW_ROWS

        page = personas.office.get(reverse("reporting:history")).content.decode()
        for shown in ("退回：请补充实现情况", "重新打开：完成值录入有误", "台账导入", "手工更正"):
            assert shown in page
        by_step = personas.office.get(reverse("reporting:history"), {"step": "审核通过"})
        assert [row.record.step for row in by_step.context["table"].rows] == ["审核通过"]

        old = migrate(BEFORE).get_model("reporting", "HistoricalReport")
        reasons = old.objects.order_by("history_date").values_list("history_change_reason")
        assert [reason for (reason,) in reasons] == OLD_REASONS
    finally:
        migrate(*leaves)
