from django.urls import path

from taut.plans import views

app_name = "plans"
urlpatterns = [
    path("episode/<uuid:episode_id>/", views.episode_plan, name="episode"),
    path("episode/<uuid:episode_id>/start/", views.plan_start, name="start"),
    path("<uuid:public_id>/", views.plan_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.plan_edit, name="edit"),
    path("<uuid:public_id>/agree/", views.plan_agree, name="agree"),
    path("<uuid:public_id>/review/", views.plan_review, name="review"),
]
