from django.urls import path

from taut.assessment import views

app_name = "assessment"
urlpatterns = [
    path("start/<uuid:episode_id>/", views.assessment_start, name="start"),
    path("rank/", views.rank, name="rank"),
    path("<uuid:public_id>/", views.assessment_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.assessment_edit, name="edit"),
    path("<uuid:public_id>/amend/", views.assessment_amend, name="amend"),
    path(
        "<uuid:public_id>/entered-in-error/",
        views.assessment_entered_in_error,
        name="entered_in_error",
    ),
]
