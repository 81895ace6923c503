"""The moved models leave the actions state; their tables stay as they are and now belong to
reporting (see reporting/0001). State only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0005_reporting_models_leave'),
        ('meetings', '0002_meeting_export_and_months'),
        ('scoring', '0003_month_in_reporting'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='BonusPenalty',
                ),
                migrations.DeleteModel(
                    name='HistoricalBonusPenalty',
                ),
                migrations.DeleteModel(
                    name='HistoricalMonth',
                ),
                migrations.DeleteModel(
                    name='HistoricalReport',
                ),
                migrations.DeleteModel(
                    name='LedgerImport',
                ),
                migrations.DeleteModel(
                    name='Month',
                ),
                migrations.DeleteModel(
                    name='Notification',
                ),
                migrations.DeleteModel(
                    name='ReminderSent',
                ),
                migrations.DeleteModel(
                    name='Report',
                ),
            ],
            database_operations=[],
        ),
    ]
