from django.urls import path

from taut.clinics import views

app_name = "clinics"
urlpatterns = [path("switch/", views.switch, name="switch")]
