from django.urls import re_path

from . import views

app_name = "api"

urlpatterns = [
    re_path(r"^months/$", views.MonthList.as_view(), name="months"),
    re_path(r"^months/(?P<month>\d{4}-\d{2})/boards/$", views.MonthBoards.as_view(), name="boards"),
    re_path(r"^months/(?P<month>\d{4}-\d{2})/items/$", views.MonthItems.as_view(), name="items"),
    re_path(
        r"^months/(?P<month>\d{4}-\d{2})/warnings/$",
        views.MonthWarnings.as_view(),
        name="warnings",
    ),
    re_path(
        r"^plan-years/(?P<year>\d{4})/items/$", views.PlanYearItems.as_view(), name="plan_items"
    ),
]
