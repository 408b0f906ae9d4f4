from django.urls import path

from taut.office import views

app_name = "office"
urlpatterns = [
    path("settings/", views.settings, name="settings"),
    path("staff/", views.staff, name="staff"),
    path("staff/<uuid:public_id>/role/", views.staff_role, name="staff_role"),
    path("staff/<uuid:public_id>/deactivate/", views.staff_deactivate, name="staff_deactivate"),
    path("staff/<uuid:public_id>/reactivate/", views.staff_reactivate, name="staff_reactivate"),
    path("staff/<uuid:public_id>/resend/", views.staff_resend, name="staff_resend"),
    path("locations/", views.locations, name="locations"),
    path("locations/<uuid:public_id>/", views.location_edit, name="location_edit"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
