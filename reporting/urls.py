from django.urls import path

from .ledger import views as ledger_views
from .views import bonuses, evidence, items, remind
from .views import cycle as views

app_name = "reporting"

urlpatterns = [
    path("items/", items.item_list, name="item_list"),
    path("items/<int:pk>/", items.item_detail, name="item_detail"),
    # The monthly reporting cycle.
    path("fill/", views.fill, name="fill"),
    path("fill/approve/", views.fill_approve_all, name="fill_approve_all"),
    path("review/", views.review, name="review"),
    path("review/<month:label>/units/<int:unit_pk>/", views.review_unit, name="review_unit"),
    path(
        "review/<month:label>/units/<int:unit_pk>/accept/",
        views.review_accept_unit,
        name="review_accept_unit",
    ),
    path(
        "review/<month:label>/units/<int:unit_pk>/return/",
        views.review_return_unit,
        name="review_return_unit",
    ),
    path("review/<month:label>/remind/", remind.remind, name="remind"),
    path("deliveries/", remind.delivery_log, name="delivery_log"),
    path("months/open/", views.month_open, name="month_open"),
    path("months/close/", views.month_close, name="month_close"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/approve/", views.report_approve, name="report_approve"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("reports/<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("reports/<int:pk>/reopen/", views.report_reopen, name="report_reopen"),
    path("reports/<int:pk>/evidence/", evidence.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", evidence.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/thumbnail/", evidence.evidence_thumbnail, name="evidence_thumbnail"),
    path("evidence/<int:pk>/delete/", evidence.evidence_delete, name="evidence_delete"),
    path("history/", views.history, name="history"),
    path("notices/<int:pk>/read/", items.notice_read, name="notice_read"),
    path("notices/read/", items.notices_read_all, name="notices_read_all"),
    # 加减分, for the office (docs/rulebook.md).
    path("bonuses/", bonuses.bonus_index, name="bonus_index"),
    path("bonuses/<month:label>/", bonuses.bonus_list, name="bonus_list"),
    path("bonuses/<int:pk>/edit/", bonuses.bonus_change, name="bonus_change"),
    path("bonuses/<int:pk>/delete/", bonuses.bonus_delete, name="bonus_delete"),
    # The ledger workbook (台账).
    path("ledger/", ledger_views.ledger_import, name="ledger_import"),
    path("ledger/<int:pk>/", ledger_views.ledger_preview, name="ledger_preview"),
    path("ledger/<int:pk>/progress/", ledger_views.ledger_progress, name="ledger_progress"),
    path("ledger/template/", ledger_views.ledger_template, name="ledger_template"),
    path("ledger/export/", ledger_views.ledger_export, name="ledger_export"),
]
