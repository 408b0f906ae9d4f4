from django.urls import path

from taut.chart import views

app_name = "chart"
urlpatterns = [
    path("today/", views.my_day_page, name="my_day"),
    path("episode/<uuid:episode_id>/discharge/", views.discharge, name="discharge"),
    path("<uuid:public_id>/", views.patient_chart, name="patient"),
    path("<uuid:public_id>/drawing/<str:which>/", views.drawing, name="drawing"),
]
