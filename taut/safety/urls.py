from django.urls import path

from taut.safety import views

app_name = "safety"
urlpatterns = [
    path("screens/new/for/<uuid:patient_id>/", views.screen_create, name="screen_create"),
    path("screens/<uuid:public_id>/", views.screen_detail, name="screen_detail"),
    path("red-flags/for/<uuid:patient_id>/", views.red_flags, name="red_flags"),
    path(
        "screens/<uuid:public_id>/entered-in-error/",
        views.screen_entered_in_error,
        name="screen_entered_in_error",
    ),
    path("profile/for/<uuid:patient_id>/", views.profile_edit, name="profile_edit"),
    path("profiles/<uuid:public_id>/", views.profile_detail, name="profile_detail"),
]
