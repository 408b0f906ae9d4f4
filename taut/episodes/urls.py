from django.urls import path

from taut.episodes import views

app_name = "episodes"
urlpatterns = [
    path("new/for/<uuid:patient_id>/", views.episode_create, name="create"),
    path("<uuid:public_id>/edit/", views.episode_edit, name="edit"),
    path(
        "<uuid:public_id>/entered-in-error/",
        views.episode_entered_in_error,
        name="entered_in_error",
    ),
]
