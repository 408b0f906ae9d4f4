from django.urls import path

from taut.sessions import views

app_name = "sessions"
urlpatterns = [
    path("start/<uuid:episode_id>/", views.session_start, name="start"),
    path("start/<uuid:episode_id>/past/", views.session_start_past, name="start_past"),
    path("incidents/", views.incident_list, name="incidents"),
    path("incidents/<uuid:public_id>/", views.incident_detail, name="incident"),
    path("warnings/", views.muscle_warnings, name="warnings"),
    path(
        "from-appointment/<uuid:appointment_id>/",
        views.session_from_appointment,
        name="from_appointment",
    ),
    path("<uuid:public_id>/", views.session_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.session_edit, name="edit"),
    path("<uuid:public_id>/mismatch/", views.record_mismatch, name="mismatch"),
    path(
        "<uuid:public_id>/needle-events/<uuid:event_id>/resolve/",
        views.resolve_mismatch,
        name="resolve_mismatch",
    ),
    path(
        "<uuid:public_id>/needle-events/<uuid:event_id>/found/",
        views.needle_found,
        name="needle_found",
    ),
    path("<uuid:public_id>/amend/", views.session_amend, name="amend"),
    path(
        "<uuid:public_id>/entered-in-error/",
        views.session_entered_in_error,
        name="entered_in_error",
    ),
    path("<uuid:public_id>/aftercare/", views.aftercare_sheet, name="aftercare"),
    path("<uuid:public_id>/aftercare.pdf", views.aftercare_pdf, name="aftercare_pdf"),
]
