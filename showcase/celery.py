"""The Celery app. With no CELERY_BROKER_URL, settings make every task run eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showcase.settings")

app = Celery("showcase")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
