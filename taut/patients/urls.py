from django.urls import path

from taut.patients import views

app_name = "patients"
urlpatterns = [
    path("", views.patient_list, name="list"),
    path("new/", views.patient_create, name="create"),
    path("<uuid:public_id>/edit/", views.patient_edit, name="edit"),
    path(
        "<uuid:public_id>/entered-in-error/",
        views.patient_entered_in_error,
        name="entered_in_error",
    ),
]
