"""ScoreRun.month points at reporting.Month (the same table); MeetingExport moves to meetings
with its table. State only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0001_moved_from_actions'),
        ('scoring', '0002_meeting_export'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='scorerun',
                    name='month',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='score_runs', to='reporting.month', verbose_name='月份'),
                ),
                migrations.DeleteModel(
                    name='MeetingExport',
                ),
            ],
            database_operations=[],
        ),
    ]
