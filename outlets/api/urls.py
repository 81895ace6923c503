from django.urls import re_path

from . import views

# Path parameters take any segment, so a malformed month or year is the API's own JSON
# 404 and not the site's HTML page.

app_name = "api"

urlpatterns = [
    re_path(r"^months/$", views.MonthList.as_view(), name="months"),
    re_path(r"^months/(?P<month>[^/]+)/boards/$", views.MonthBoards.as_view(), name="boards"),
    re_path(r"^months/(?P<month>[^/]+)/items/$", views.MonthItems.as_view(), name="items"),
    re_path(
        r"^months/(?P<month>[^/]+)/warnings/$",
        views.MonthWarnings.as_view(),
        name="warnings",
    ),
    re_path(
        r"^plan-years/(?P<year>[^/]+)/items/$", views.PlanYearItems.as_view(), name="plan_items"
    ),
]
