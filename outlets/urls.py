from django.urls import path

from . import views

app_name = "outlets"

urlpatterns = [
    path("", views.office, name="office"),
    path("public/", views.switch_public, name="switch_public"),
    path("keys/", views.create_key, name="create_key"),
    path("keys/<str:prefix>/revoke/", views.revoke_key, name="revoke_key"),
    path("keys/uses/", views.key_uses, name="key_uses"),
    path("openapi.yaml", views.openapi, name="openapi"),
    path("webhooks/", views.register_webhook, name="register_webhook"),
    path("webhooks/<int:pk>/remove/", views.remove_webhook, name="remove_webhook"),
    path("webhooks/log/", views.webhook_log, name="webhook_log"),
]
