from django.urls import path, register_converter

from . import views


class MonthLabelConverter:
    """A month label in a URL: 2022-03."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MonthLabelConverter, "month")

app_name = "scoring"

urlpatterns = [
    path("", views.boards, name="boards"),
    path("lagging/", views.lagging_latest, name="lagging"),
    path("items/<int:pk>/", views.item_trend, name="item_trend"),
    path("my-unit.xlsx", views.unit_items_export_latest, name="unit_items_export_latest"),
    path("exports/<int:pk>/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("<month:month>/", views.month_boards, name="month_boards"),
    path("<month:month>/export.xlsx", views.month_export, name="month_export"),
    path("<month:month>/my-unit.xlsx", views.unit_items_export, name="unit_items_export"),
    path("<month:month>/exports/", views.month_exports, name="month_exports"),
    path("<month:month>/exports/new/", views.export_request, name="export_request"),
    path("<month:month>/publish/", views.publish, name="publish"),
    path("<month:month>/rescore/", views.rescore, name="rescore"),
    path("<month:month>/lagging/", views.lagging, name="lagging"),
    path(
        "<month:month>/<str:board>/units/<str:unit_code>/",
        views.unit_detail,
        name="unit_detail",
    ),
]
