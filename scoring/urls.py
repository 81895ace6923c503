from django.urls import path

from . import views, warning_views

app_name = "scoring"

urlpatterns = [
    path("", views.boards, name="boards"),
    path("rules/", views.rulebook, name="rulebook"),
    path("lagging/", views.lagging_latest, name="lagging"),
    path("warnings/", warning_views.warnings_latest, name="warnings_latest"),
    path("items/<int:pk>/", views.item_trend, name="item_trend"),
    path("<month:month>/", views.month_boards, name="month_boards"),
    path("<month:month>/publish/", views.publish, name="publish"),
    path("<month:month>/publish/check/", views.publish_check, name="publish_check"),
    path("<month:month>/rescore/", views.rescore, name="rescore"),
    path("<month:month>/lagging/", views.lagging, name="lagging"),
    path("<month:month>/warnings/", warning_views.warnings_page, name="warnings"),
    path("<month:month>/warnings.json", warning_views.warnings_json, name="warnings_json"),
    path(
        "<month:month>/<str:board>/units/<str:unit_code>/",
        views.unit_detail,
        name="unit_detail",
    ),
]
