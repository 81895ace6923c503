from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from accounts.forms import LoginForm
from meetings.urls import export_urlpatterns
from outlets import public

from . import views

# A wrong address under /api/ answers the API's JSON; every other one the site's page.
handler404 = "outlets.api.views.not_found"

admin.site.site_header = _("晒比会 管理后台")
admin.site.site_title = _("晒比会")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("actions.urls")),
    path("", include("reporting.urls")),
    path("boards/", include("scoring.urls")),
    path("boards/", include(export_urlpatterns)),
    path("meetings/", include("meetings.urls")),
    path("outlets/", include("outlets.urls")),
    path("api/v1/", include("outlets.api.urls")),
    path("public/", public.public_index, name="public_index"),
    re_path(r"^public/(?P<month>\d{4}-\d{2})/$", public.public_month, name="public_month"),
    path("zzd/", include("zzd.urls")),
    path("admin/", admin.site.urls),
]
