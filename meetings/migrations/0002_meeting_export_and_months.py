"""Months are reporting.Month now (the same table), and MeetingExport arrives from scoring
with its table scoring_meetingexport. State only, plus the content type rename."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def rename_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label='scoring', model__in=['meetingexport']).update(app_label='meetings')


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label='meetings', model__in=['meetingexport']).update(app_label='scoring')


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ('meetings', '0001_initial'),
        ('reporting', '0001_moved_from_actions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='assignment',
                    name='month',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to='reporting.month', verbose_name='会议月份'),
                ),
                migrations.AlterField(
                    model_name='comment',
                    name='month',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='comments', to='reporting.month', verbose_name='月份'),
                ),
                migrations.AlterField(
                    model_name='ratingresult',
                    name='bonus',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='reporting.bonuspenalty', verbose_name='计入加分'),
                ),
                migrations.AlterField(
                    model_name='ratingsession',
                    name='month',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rating_sessions', to='reporting.month', verbose_name='会议月份'),
                ),
                migrations.CreateModel(
                    name='MeetingExport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('revision', models.PositiveIntegerField(blank=True, null=True, verbose_name='版本')),
                        ('status', models.CharField(choices=[('pending', '排队中'), ('running', '生成中'), ('done', '已完成'), ('failed', '失败')], default='pending', max_length=16, verbose_name='状态')),
                        ('file', models.FileField(blank=True, upload_to='exports/meetings/%Y/%m/', verbose_name='文件')),
                        ('error', models.TextField(blank=True, verbose_name='错误')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='申请时间')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='完成时间')),
                        ('month', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='meeting_exports', to='reporting.month', verbose_name='月份')),
                        ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='申请人')),
                    ],
                    options={
                        'verbose_name': '会议材料导出',
                        'verbose_name_plural': '会议材料导出',
                        'db_table': 'scoring_meetingexport',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['month', '-created_at'], name='meetingexport_month_recent')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
