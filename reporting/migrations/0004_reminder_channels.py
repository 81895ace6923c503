import datetime

import django.db.models.deletion
from django.db import migrations, models


def reminders_keep_their_deadline(apps, schema_editor):
    """A reminder already sent was sent for its month's current deadline (the 25th when
    none was set): it is not sent again."""
    ReminderSent = apps.get_model("reporting", "ReminderSent")
    for reminder in ReminderSent.objects.select_related("month").filter(deadline__isnull=True):
        month = reminder.month
        reminder.deadline = month.deadline or datetime.date(month.year, month.number, 25)
        reminder.save(update_fields=["deadline"])


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0006_reporting_models_moved'),
        ('reporting', '0003_history_step'),
    ]

    operations = [
        migrations.CreateModel(
            name='Delivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=200, unique=True, verbose_name='消息标识')),
                ('purpose', models.CharField(max_length=32, verbose_name='事由')),
                ('channel', models.CharField(choices=[('notice', '站内通知'), ('email', '邮件'), ('robot', '工作群机器人')], max_length=16, verbose_name='渠道')),
                ('recipient', models.CharField(blank=True, max_length=500, verbose_name='接收方')),
                ('subject', models.CharField(blank=True, max_length=200, verbose_name='标题')),
                ('text', models.TextField(verbose_name='内容')),
                ('status', models.CharField(choices=[('pending', '发送中'), ('sent', '已发送'), ('failed', '发送失败')], default='pending', max_length=16, verbose_name='状态')),
                ('error', models.TextField(blank=True, verbose_name='失败原因')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='尝试次数')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='发送时间')),
            ],
            options={
                'verbose_name': '发送记录',
                'verbose_name_plural': '发送记录',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='remindersent',
            name='reminder_unique_unit_month_step',
        ),
        migrations.AddField(
            model_name='remindersent',
            name='deadline',
            field=models.DateField(null=True, verbose_name='报送截止日'),
        ),
        migrations.RunPython(reminders_keep_their_deadline, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='remindersent',
            name='deadline',
            field=models.DateField(verbose_name='报送截止日'),
        ),
        migrations.AlterField(
            model_name='remindersent',
            name='step',
            field=models.CharField(choices=[('before_3', '截止前3天'), ('before_1', '截止前1天'), ('after_1', '截止后1天'), ('manual', '考核办催报')], max_length=16, verbose_name='提醒节点'),
        ),
        migrations.AddConstraint(
            model_name='remindersent',
            constraint=models.UniqueConstraint(fields=('unit', 'month', 'deadline', 'step'), name='reminder_unique_unit_deadline_step'),
        ),
        migrations.AddField(
            model_name='delivery',
            name='month',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='reporting.month', verbose_name='月份'),
        ),
        migrations.AddField(
            model_name='delivery',
            name='unit',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='actions.unit', verbose_name='单位'),
        ),
        migrations.AddIndex(
            model_name='delivery',
            index=models.Index(fields=['month', '-created_at'], name='delivery_month_recent'),
        ),
    ]
