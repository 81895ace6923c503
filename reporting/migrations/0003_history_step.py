"""Report history rows get their workflow step (操作) as a column of its own.

Until now the step was the start of history_change_reason: "保存", or "退回：理由" with
the typed reason after a full-width colon, or a bulk load's "台账导入" / "演示数据". The
data step reads every row the way the pages read it then, moves the step to `step` and
leaves only the typed reason (or nothing) in history_change_reason; any other text stays
a reason without a step. The values are spelled out here, as they were at this point."""

from django.db import migrations, models

STEPS = ("保存", "报送", "单位审核通过", "单位退回", "退回", "审核通过", "重新打开")
LOADS = ("台账导入", "演示数据")
BATCH = 2_000


def split_reason(reason):
    """(step, reason) of an old-style change reason; ("", reason) when it names no step."""
    if not reason:
        return "", reason
    step, colon, typed = reason.partition("：")
    if step in STEPS:
        return step, typed if colon else ""
    if reason in LOADS:
        return reason, ""
    return "", reason


def join_reason(step, reason):
    if step in STEPS and reason:
        return f"{step}：{reason}"
    return step or reason


def _rewrite(apps, convert):
    History = apps.get_model("reporting", "HistoricalReport")
    rows = History.objects.only("history_id", "step", "history_change_reason").order_by(
        "history_id"
    )
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        if convert(row):
            batch.append(row)
        if len(batch) >= BATCH:
            History.objects.bulk_update(batch, ["step", "history_change_reason"])
            batch = []
    if batch:
        History.objects.bulk_update(batch, ["step", "history_change_reason"])


def split_steps(apps, schema_editor):
    def convert(row):
        step, reason = split_reason(row.history_change_reason)
        if not step:
            return False
        row.step, row.history_change_reason = step, reason
        return True

    _rewrite(apps, convert)


def join_steps(apps, schema_editor):
    def convert(row):
        if not row.step:
            return False
        row.history_change_reason = join_reason(row.step, row.history_change_reason)
        row.step = ""
        return True

    _rewrite(apps, convert)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_reminder_task_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalreport",
            name="step",
            field=models.CharField(
                blank=True,
                choices=[
                    ("保存", "保存"),
                    ("报送", "报送"),
                    ("单位审核通过", "单位审核通过"),
                    ("单位退回", "单位退回"),
                    ("退回", "退回"),
                    ("审核通过", "审核通过"),
                    ("重新打开", "重新打开"),
                    ("台账导入", "台账导入"),
                    ("演示数据", "演示数据"),
                ],
                db_index=True,
                default="",
                max_length=20,
                verbose_name="操作",
            ),
        ),
        migrations.RunPython(split_steps, join_steps),
    ]
