from django.urls import path

from . import ledger_views, reporting_views, views

app_name = "actions"

urlpatterns = [
    path("items/", views.item_list, name="item_list"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    # The monthly reporting cycle (DESIGN §3).
    path("fill/", reporting_views.fill, name="fill"),
    path("fill/approve/", reporting_views.fill_approve_all, name="fill_approve_all"),
    path("review/", reporting_views.review, name="review"),
    path(
        "review/<str:label>/units/<int:unit_pk>/", reporting_views.review_unit, name="review_unit"
    ),
    path(
        "review/<str:label>/units/<int:unit_pk>/accept/",
        reporting_views.review_accept_unit,
        name="review_accept_unit",
    ),
    path(
        "review/<str:label>/units/<int:unit_pk>/return/",
        reporting_views.review_return_unit,
        name="review_return_unit",
    ),
    path("months/open/", reporting_views.month_open, name="month_open"),
    path("months/close/", reporting_views.month_close, name="month_close"),
    path("reports/<int:pk>/", reporting_views.report_detail, name="report_detail"),
    path("reports/<int:pk>/approve/", reporting_views.report_approve, name="report_approve"),
    path("reports/<int:pk>/return/", reporting_views.report_return, name="report_return"),
    path("reports/<int:pk>/accept/", reporting_views.report_accept, name="report_accept"),
    path("reports/<int:pk>/reopen/", reporting_views.report_reopen, name="report_reopen"),
    path("history/", reporting_views.history, name="history"),
    path("notices/<int:pk>/read/", reporting_views.notice_read, name="notice_read"),
    path("notices/read/", reporting_views.notices_read_all, name="notices_read_all"),
    # The ledger workbook (台账, DESIGN §5).
    path("ledger/", ledger_views.ledger_import, name="ledger_import"),
    path("ledger/<int:pk>/", ledger_views.ledger_preview, name="ledger_preview"),
    path("ledger/<int:pk>/progress/", ledger_views.ledger_progress, name="ledger_progress"),
    path("ledger/template/", ledger_views.ledger_template, name="ledger_template"),
    path("ledger/export/", ledger_views.ledger_export, name="ledger_export"),
]
