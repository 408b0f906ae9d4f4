from django.urls import path

from taut.outbox import views

app_name = "outbox"
urlpatterns = [path("", views.message_list, name="list")]
