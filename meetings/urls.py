from django.urls import path

from .views import exports, meeting, notice, rating

app_name = "meetings"

urlpatterns = [
    path("", meeting.meeting_index, name="index"),
    path("assignments/", meeting.assignment_list, name="assignments"),
    path("assignments/new/", meeting.assignment_create, name="assignment_create"),
    path("assignments/<int:pk>/", meeting.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/progress/", meeting.assignment_progress, name="assignment_progress"),
    path("assignments/<int:pk>/close/", meeting.assignment_close, name="assignment_close"),
    path("progress-files/<int:pk>/", meeting.progress_file, name="progress_file"),
    path(
        "progress-files/<int:pk>/thumbnail/",
        meeting.progress_file,
        {"thumbnail": True},
        name="progress_file_thumbnail",
    ),
    path("assignments/<int:pk>/return/", meeting.assignment_return, name="assignment_return"),
    path("ratings/<int:pk>/", rating.rating_detail, name="rating_detail"),
    path("ratings/<int:pk>/close/", rating.rating_close, name="rating_close"),
    path("ratings/<int:pk>/bonus/", rating.rating_bonus, name="rating_bonus"),
    path("ratings/<int:pk>/seats/", rating.rating_seats, name="rating_seats"),
    path("ratings/<int:pk>/screen/", rating.rating_screen, name="rating_screen"),
    path("ratings/<int:pk>/results/", rating.rating_results, name="rating_results"),
    path("rate/<str:token>/", rating.rate, name="rate"),
    path("letterhead/", notice.letterhead_edit, name="letterhead"),
    path("<month:label>/", meeting.meeting_month, name="month"),
    path("<month:label>/screen/", meeting.screen_start, name="screen_start"),
    path("<month:label>/screen/<int:step>/", meeting.screen, name="screen"),
    path("<month:label>/comments/", meeting.comment_add, name="comment_add"),
    path("<month:label>/ratings/new/", rating.rating_create, name="rating_create"),
    path("<month:label>/notice/", notice.notice_edit, name="notice"),
    path("<month:label>/notice.docx", notice.notice_download, name="notice_download"),
    path("<month:label>/notice/preview/", notice.notice_preview, name="notice_preview"),
    path("notice-previews/<int:pk>.pdf", notice.notice_preview_file, name="notice_preview_file"),
]

# The month's Excel downloads sit beside its boards (/boards/2022-03/export.xlsx).
export_urlpatterns = (
    [
        path("my-unit.xlsx", exports.unit_items_export_latest, name="unit_items_export_latest"),
        path("exports/<int:pk>/", exports.export_status, name="export_status"),
        path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
        path("<month:month>/export.xlsx", exports.month_export, name="month_export"),
        path("<month:month>/my-unit.xlsx", exports.unit_items_export, name="unit_items_export"),
        path("<month:month>/exports/", exports.month_exports, name="month_exports"),
        path("<month:month>/exports/new/", exports.export_request, name="export_request"),
    ],
    "exports",
)
