from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("plan/", views.plan_years, name="plan_years"),
    path("plan/<int:year>/carry-over/", views.carry_over, name="carry_over"),
    path("plan/<int:year>/targets/", views.plan_targets, name="plan_targets"),
    path("units/contacts/", views.unit_contacts, name="unit_contacts"),
    path("units/<str:code>/contact/", views.unit_contact_edit, name="unit_contact_edit"),
]
