"""The reporting app takes over months, reports, 加减分, notices, reminders and ledger imports
from actions. The tables keep their names (db_table), so no row moves: the state is
created here and the content types are renamed so permissions and admin logs follow."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def rename_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label='actions', model__in=['month', 'report', 'bonuspenalty', 'ledgerimport', 'notification', 'remindersent', 'historicalmonth', 'historicalreport', 'historicalbonuspenalty']).update(app_label='reporting')


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label='reporting', model__in=['month', 'report', 'bonuspenalty', 'ledgerimport', 'notification', 'remindersent', 'historicalmonth', 'historicalreport', 'historicalbonuspenalty']).update(app_label='actions')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ('actions', '0005_reporting_models_leave'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalMonth',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='年')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='月')),
                        ('state', models.CharField(choices=[('open', '填报中'), ('closed', '已关闭'), ('published', '已发布')], default='open', max_length=16, verbose_name='状态')),
                        ('deadline', models.DateField(blank=True, null=True, verbose_name='报送截止日')),
                        ('opened_at', models.DateTimeField(blank=True, editable=False, verbose_name='开启时间')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical 月份',
                        'verbose_name_plural': 'historical 月份',
                        'db_table': 'actions_historicalmonth',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='LedgerImport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(upload_to='ledger_imports/%Y/%m/', verbose_name='文件')),
                        ('filename', models.CharField(max_length=255, verbose_name='文件名')),
                        ('status', models.CharField(choices=[('pending', '等待处理'), ('previewed', '已预览，待确认'), ('running', '导入中'), ('done', '已完成'), ('failed', '失败')], default='pending', max_length=16, verbose_name='状态')),
                        ('preview', models.JSONField(blank=True, default=dict, verbose_name='预览')),
                        ('errors', models.JSONField(blank=True, default=list, verbose_name='错误')),
                        ('summary', models.JSONField(blank=True, default=dict, verbose_name='结果')),
                        ('progress', models.PositiveIntegerField(default=0, verbose_name='已处理行数')),
                        ('total', models.PositiveIntegerField(default=0, verbose_name='总行数')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='上传时间')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='完成时间')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='上传人')),
                    ],
                    options={
                        'verbose_name': '台账导入',
                        'verbose_name_plural': '台账导入',
                        'db_table': 'actions_ledgerimport',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Month',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='年')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='月')),
                        ('state', models.CharField(choices=[('open', '填报中'), ('closed', '已关闭'), ('published', '已发布')], default='open', max_length=16, verbose_name='状态')),
                        ('deadline', models.DateField(blank=True, null=True, verbose_name='报送截止日')),
                        ('opened_at', models.DateTimeField(auto_now_add=True, verbose_name='开启时间')),
                    ],
                    options={
                        'verbose_name': '月份',
                        'verbose_name_plural': '月份',
                        'db_table': 'actions_month',
                        'ordering': ['year', 'number'],
                        'constraints': [models.UniqueConstraint(fields=('year', 'number'), name='month_unique_year_number'), models.CheckConstraint(condition=models.Q(('number__gte', 1), ('number__lte', 12)), name='month_number_1_12')],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalReport',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('value', models.DecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='完成值')),
                        ('rank', models.PositiveIntegerField(blank=True, null=True, verbose_name='位次')),
                        ('peer_count', models.PositiveIntegerField(blank=True, null=True, verbose_name='参评数')),
                        ('progress', models.CharField(blank=True, choices=[('done', '已完成'), ('on_track', '序时推进'), ('behind', '滞后')], max_length=16, verbose_name='进度状态')),
                        ('achievement', models.TextField(blank=True, verbose_name='实现情况')),
                        ('problems', models.TextField(blank=True, verbose_name='存在问题')),
                        ('measures', models.TextField(blank=True, verbose_name='具体措施')),
                        ('fix_unit', models.CharField(blank=True, max_length=200, verbose_name='责任单位')),
                        ('fix_deadline', models.DateField(blank=True, null=True, verbose_name='解决时限')),
                        ('state', models.CharField(choices=[('draft', '草稿'), ('submitted', '待审核'), ('approved', '单位已审核'), ('returned', '已退回'), ('accepted', '已通过')], default='draft', max_length=16, verbose_name='状态')),
                        ('return_reason', models.TextField(blank=True, verbose_name='退回理由')),
                        ('late', models.BooleanField(default=False, verbose_name='逾期报送')),
                        ('reopened', models.BooleanField(default=False, verbose_name='已重新打开')),
                        ('version', models.PositiveIntegerField(default=1, verbose_name='版本')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='报送时间')),
                        ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='审核通过时间')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='更新时间')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('accepted_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审核人')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('item', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actions.item', verbose_name='事项')),
                        ('submitted_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='报送人')),
                        ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='更新人')),
                        ('month', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reporting.month', verbose_name='月份')),
                    ],
                    options={
                        'verbose_name': 'historical 月报',
                        'verbose_name_plural': 'historical 月报',
                        'db_table': 'actions_historicalreport',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalBonusPenalty',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('points', models.DecimalField(decimal_places=2, max_digits=8, verbose_name='分值')),
                        ('reason', models.CharField(max_length=300, verbose_name='事由')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='创建时间')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='actions.unit', verbose_name='单位')),
                        ('month', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reporting.month', verbose_name='月份')),
                    ],
                    options={
                        'verbose_name': 'historical 加减分',
                        'verbose_name_plural': 'historical 加减分',
                        'db_table': 'actions_historicalbonuspenalty',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='BonusPenalty',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('points', models.DecimalField(decimal_places=2, max_digits=8, verbose_name='分值')),
                        ('reason', models.CharField(max_length=300, verbose_name='事由')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bonuses', to='actions.unit', verbose_name='单位')),
                        ('month', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bonuses', to='reporting.month', verbose_name='月份')),
                    ],
                    options={
                        'verbose_name': '加减分',
                        'verbose_name_plural': '加减分',
                        'db_table': 'actions_bonuspenalty',
                        'ordering': ['month__year', 'month__number', 'unit__code'],
                        'constraints': [models.UniqueConstraint(fields=('unit', 'month', 'reason'), name='bonus_unique_unit_month_reason')],
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.CharField(max_length=500, verbose_name='内容')),
                        ('url', models.CharField(blank=True, max_length=300, verbose_name='链接')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='已读时间')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='用户')),
                    ],
                    options={
                        'verbose_name': '通知',
                        'verbose_name_plural': '通知',
                        'db_table': 'actions_notification',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['user', 'read_at'], name='notification_user_unread')],
                    },
                ),
                migrations.CreateModel(
                    name='ReminderSent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('step', models.CharField(choices=[('before_3', '截止前3天'), ('before_1', '截止前1天'), ('after_1', '截止后1天')], max_length=16, verbose_name='提醒节点')),
                        ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='发送时间')),
                        ('recipients', models.PositiveIntegerField(default=0, verbose_name='邮件收件人数')),
                        ('month', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='reporting.month', verbose_name='月份')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='actions.unit', verbose_name='单位')),
                    ],
                    options={
                        'verbose_name': '报送提醒',
                        'verbose_name_plural': '报送提醒',
                        'db_table': 'actions_remindersent',
                        'ordering': ['-sent_at'],
                        'constraints': [models.UniqueConstraint(fields=('unit', 'month', 'step'), name='reminder_unique_unit_month_step')],
                    },
                ),
                migrations.CreateModel(
                    name='Report',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('value', models.DecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='完成值')),
                        ('rank', models.PositiveIntegerField(blank=True, null=True, verbose_name='位次')),
                        ('peer_count', models.PositiveIntegerField(blank=True, null=True, verbose_name='参评数')),
                        ('progress', models.CharField(blank=True, choices=[('done', '已完成'), ('on_track', '序时推进'), ('behind', '滞后')], max_length=16, verbose_name='进度状态')),
                        ('achievement', models.TextField(blank=True, verbose_name='实现情况')),
                        ('problems', models.TextField(blank=True, verbose_name='存在问题')),
                        ('measures', models.TextField(blank=True, verbose_name='具体措施')),
                        ('fix_unit', models.CharField(blank=True, max_length=200, verbose_name='责任单位')),
                        ('fix_deadline', models.DateField(blank=True, null=True, verbose_name='解决时限')),
                        ('state', models.CharField(choices=[('draft', '草稿'), ('submitted', '待审核'), ('approved', '单位已审核'), ('returned', '已退回'), ('accepted', '已通过')], default='draft', max_length=16, verbose_name='状态')),
                        ('return_reason', models.TextField(blank=True, verbose_name='退回理由')),
                        ('late', models.BooleanField(default=False, verbose_name='逾期报送')),
                        ('reopened', models.BooleanField(default=False, verbose_name='已重新打开')),
                        ('version', models.PositiveIntegerField(default=1, verbose_name='版本')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='报送时间')),
                        ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='审核通过时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审核人')),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='actions.item', verbose_name='事项')),
                        ('month', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='reporting.month', verbose_name='月份')),
                        ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='报送人')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='更新人')),
                    ],
                    options={
                        'verbose_name': '月报',
                        'verbose_name_plural': '月报',
                        'db_table': 'actions_report',
                        'ordering': ['month__year', 'month__number', 'item__code'],
                        'indexes': [models.Index(fields=['month', 'state'], name='report_month_state')],
                        'constraints': [models.UniqueConstraint(fields=('item', 'month'), name='report_unique_item_month'), models.CheckConstraint(condition=models.Q(('peer_count__isnull', True), ('peer_count__gte', 1), _connector='OR'), name='report_peer_count_positive'), models.CheckConstraint(condition=models.Q(('rank__isnull', True), models.Q(('rank__gte', 1), ('peer_count__isnull', False), ('rank__lte', models.F('peer_count'))), _connector='OR'), name='report_rank_within_peers')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
