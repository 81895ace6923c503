from django.urls import path

from . import views

app_name = "zzd"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/<int:pk>/", views.account_edit, name="account_edit"),
]
