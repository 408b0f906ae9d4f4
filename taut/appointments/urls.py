from django.urls import path

from taut.appointments import views

app_name = "appointments"
urlpatterns = [
    path("reminder/<str:token>/", views.reminder, name="reminder"),
    path("", views.calendar_day, name="day"),
    path("week/", views.calendar_week, name="week"),
    path("book/", views.book, name="book"),
    path("hours/", views.hours, name="hours"),
    path("closures/", views.closures, name="closures"),
    path("closures/<uuid:public_id>/withdraw/", views.closure_withdraw, name="closure_withdraw"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/reschedule/", views.reschedule, name="reschedule"),
    path("<uuid:public_id>/cancel/", views.cancel, name="cancel"),
    path("<uuid:public_id>/attended/", views.mark_attended, name="attended"),
    path("<uuid:public_id>/no-show/", views.mark_no_show, name="no_show"),
    path("<uuid:public_id>/confirm/", views.confirm, name="confirm"),
    path("<uuid:public_id>/ics", views.ics_file, name="ics"),
]
