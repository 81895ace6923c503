"""Months, reports, 加减分, notices and ledger imports move to the reporting app: first their
foreign keys leave the actions state. State only: no table or column changes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0004_reminder_schedule'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='bonuspenalty',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='bonuspenalty',
                    name='month',
                ),
                migrations.RemoveField(
                    model_name='bonuspenalty',
                    name='unit',
                ),
                migrations.RemoveField(
                    model_name='historicalbonuspenalty',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='historicalbonuspenalty',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalbonuspenalty',
                    name='month',
                ),
                migrations.RemoveField(
                    model_name='historicalbonuspenalty',
                    name='unit',
                ),
                migrations.RemoveField(
                    model_name='historicalmonth',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalreport',
                    name='accepted_by',
                ),
                migrations.RemoveField(
                    model_name='historicalreport',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalreport',
                    name='item',
                ),
                migrations.RemoveField(
                    model_name='historicalreport',
                    name='month',
                ),
                migrations.RemoveField(
                    model_name='historicalreport',
                    name='submitted_by',
                ),
                migrations.RemoveField(
                    model_name='historicalreport',
                    name='updated_by',
                ),
                migrations.RemoveField(
                    model_name='ledgerimport',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='remindersent',
                    name='month',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='month',
                ),
                migrations.RemoveField(
                    model_name='notification',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='remindersent',
                    name='unit',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='accepted_by',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='item',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='submitted_by',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='updated_by',
                ),
            ],
            database_operations=[],
        ),
    ]
