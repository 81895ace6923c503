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
    path("<month:month>/", views.month_boards, name="month_boards"),
    path("<month:month>/publish/", views.publish, name="publish"),
    path("<month:month>/rescore/", views.rescore, name="rescore"),
    path("<month:month>/lagging/", views.lagging, name="lagging"),
    path(
        "<month:month>/<str:board>/units/<str:unit_code>/",
        views.unit_detail,
        name="unit_detail",
    ),
]
