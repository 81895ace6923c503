"""The daily reminder task is registered as reporting.send_reminders now that the
reporting app owns it; the office's schedule row follows."""

from django.db import migrations

OLD, NEW = "actions.send_reminders", "reporting.send_reminders"


def rename(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=OLD).update(task=NEW)


def restore(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=NEW).update(task=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_moved_from_actions"),
        ("actions", "0004_reminder_schedule"),
    ]

    operations = [migrations.RunPython(rename, restore)]
