from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("items/", views.item_list, name="item_list"),
]
