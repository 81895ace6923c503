"""Plan years (年度): actions and items belong to the plan of a year; their codes are unique
within a year. Existing actions and items become the plan of the year of their reported
months (the earliest, if they span years; this year when there are none): no row is lost."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def existing_plan_year(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    Item = apps.get_model("actions", "Item")
    HistoricalItem = apps.get_model("actions", "HistoricalItem")
    PlanYear = apps.get_model("actions", "PlanYear")
    Month = apps.get_model("reporting", "Month")
    if not Action.objects.exists() and not Item.objects.exists():
        return
    years = Month.objects.filter(reports__isnull=False).values_list("year", flat=True)
    year = min(years, default=None) or min(
        Month.objects.values_list("year", flat=True), default=timezone.now().year
    )
    plan_year, _ = PlanYear.objects.get_or_create(year=year)
    Action.objects.update(plan_year=plan_year)
    Item.objects.update(plan_year=plan_year)
    HistoricalItem.objects.update(plan_year=plan_year)


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0006_reporting_models_moved'),
        # Reads the months that already hold reports.
        ('reporting', '0003_history_step'),
    ]

    operations = [
        migrations.CreateModel(
            name='PlanYear',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(unique=True, verbose_name='年度')),
            ],
            options={
                'verbose_name': '年度',
                'verbose_name_plural': '年度',
                'ordering': ['year'],
            },
        ),
        migrations.AlterModelOptions(
            name='action',
            options={'ordering': ['code', 'plan_year_id'], 'verbose_name': '行动', 'verbose_name_plural': '行动'},
        ),
        migrations.AlterModelOptions(
            name='item',
            options={'ordering': ['code', 'plan_year_id'], 'verbose_name': '事项', 'verbose_name_plural': '事项'},
        ),
        migrations.AddField(
            model_name='unit',
            name='inactive_from',
            field=models.PositiveSmallIntegerField(blank=True, help_text='自该年度起不再参加评比；留空表示一直参加。', null=True, verbose_name='停用年度'),
        ),
        migrations.AlterField(
            model_name='action',
            name='code',
            field=models.CharField(max_length=32, verbose_name='行动编码'),
        ),
        migrations.AlterField(
            model_name='historicalitem',
            name='code',
            field=models.CharField(max_length=32, verbose_name='事项编码'),
        ),
        migrations.AlterField(
            model_name='item',
            name='code',
            field=models.CharField(max_length=32, verbose_name='事项编码'),
        ),
        migrations.AddField(
            model_name='action',
            name='plan_year',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='actions', to='actions.planyear', verbose_name='年度'),
        ),
        migrations.AddField(
            model_name='historicalitem',
            name='plan_year',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actions.planyear', verbose_name='年度'),
        ),
        migrations.AddField(
            model_name='item',
            name='plan_year',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='items', to='actions.planyear', verbose_name='年度'),
        ),
        migrations.RunPython(existing_plan_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='action',
            name='plan_year',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='actions', to='actions.planyear', verbose_name='年度'),
        ),
        migrations.AlterField(
            model_name='item',
            name='plan_year',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='items', to='actions.planyear', verbose_name='年度'),
        ),
        migrations.AddConstraint(
            model_name='action',
            constraint=models.UniqueConstraint(fields=('plan_year', 'code'), name='action_unique_plan_year_code'),
        ),
        migrations.AddConstraint(
            model_name='item',
            constraint=models.UniqueConstraint(fields=('plan_year', 'code'), name='item_unique_plan_year_code'),
        ),
    ]
