from django.urls import path

from . import rating_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_index, name="index"),
    path("assignments/", views.assignment_list, name="assignments"),
    path("assignments/new/", views.assignment_create, name="assignment_create"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/progress/", views.assignment_progress, name="assignment_progress"),
    path("assignments/<int:pk>/close/", views.assignment_close, name="assignment_close"),
    path("assignments/<int:pk>/return/", views.assignment_return, name="assignment_return"),
    path("ratings/<int:pk>/", rating_views.rating_detail, name="rating_detail"),
    path("ratings/<int:pk>/close/", rating_views.rating_close, name="rating_close"),
    path("ratings/<int:pk>/bonus/", rating_views.rating_bonus, name="rating_bonus"),
    path("ratings/<int:pk>/seats/", rating_views.rating_seats, name="rating_seats"),
    path("ratings/<int:pk>/screen/", rating_views.rating_screen, name="rating_screen"),
    path("ratings/<int:pk>/results/", rating_views.rating_results, name="rating_results"),
    path("rate/<str:token>/", rating_views.rate, name="rate"),
    path("<str:label>/", views.meeting_month, name="month"),
    path("<str:label>/screen/", views.screen_start, name="screen_start"),
    path("<str:label>/screen/<int:step>/", views.screen, name="screen"),
    path("<str:label>/comments/", views.comment_add, name="comment_add"),
    path("<str:label>/ratings/new/", rating_views.rating_create, name="rating_create"),
]
