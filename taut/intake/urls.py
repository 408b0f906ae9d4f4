from django.urls import path

from taut.intake import views

app_name = "intake"
urlpatterns = [
    path("start/<uuid:patient_id>/", views.intake_start, name="start"),
    path("done/", views.intake_done, name="done"),
    path("adopt/<uuid:episode_id>/", views.adopt_intake, name="adopt"),
    path("l/<str:token>/review/", views.intake_review, name="review"),
    path("l/<str:token>/<int:step>/", views.intake_step, name="step"),
    path("q/<str:token>/<int:number>/", views.questionnaire_step, name="questionnaire"),
    path(
        "questionnaires/<uuid:episode_id>/",
        views.questionnaire_link_start,
        name="questionnaire_start",
    ),
]
