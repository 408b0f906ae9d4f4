from django.urls import path

from taut.office import views

app_name = "office"
urlpatterns = [
    path("settings/", views.settings, name="settings"),
    path("staff/", views.staff, name="staff"),
    *(
        path(
            f"staff/<uuid:public_id>/{change}/",
            views.staff_change,
            {"change": change},
            name=f"staff_{change}",
        )
        for change in views.STAFF_CHANGES
    ),
    path("locations/", views.locations, name="locations"),
    path("locations/<uuid:public_id>/", views.location_edit, name="location_edit"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
