from django.db import migrations, models


def number_by_code(apps, schema_editor):
    """Existing actions keep the order they were shown in (by code) until the office or
    the next ledger import sets the plan's own order."""
    Action = apps.get_model("actions", "Action")
    for position, action in enumerate(Action.objects.order_by("plan_year__year", "code"), start=1):
        Action.objects.filter(pk=action.pk).update(order=position)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0007_plan_years"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="action",
            options={
                "ordering": ["plan_year_id", "order", "code"],
                "verbose_name": "行动",
                "verbose_name_plural": "行动",
            },
        ),
        migrations.AddField(
            model_name="action",
            name="order",
            field=models.PositiveIntegerField(
                default=0,
                help_text="在行动计划中的次序，各页面、榜单、大屏和材料按此排列",
                verbose_name="顺序",
            ),
        ),
        migrations.RunPython(number_by_code, migrations.RunPython.noop),
    ]
