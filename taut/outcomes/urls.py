from django.urls import path

from taut.outcomes import views, wording_views

app_name = "outcomes"
urlpatterns = [
    path("due/", views.due_list, name="due"),
    path("episode/<uuid:episode_id>/", views.episode_outcomes, name="episode"),
    path(
        "episode/<uuid:episode_id>/record/<str:instrument>/", views.record_response, name="record"
    ),
    path("response/<uuid:public_id>/", views.response_detail, name="response"),
    path(
        "response/<uuid:public_id>/entered-in-error/",
        views.response_entered_in_error,
        name="entered_in_error",
    ),
    path("wording/", wording_views.wording_page, name="wording"),
    path("wording/<str:instrument>/revert/", wording_views.wording_revert, name="wording_revert"),
]
