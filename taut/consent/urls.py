from django.urls import path

from taut.consent import views

app_name = "consent"
urlpatterns = [
    path("l/<str:token>/", views.consent_link, name="link"),
    path("patient/<uuid:patient_id>/<str:kind>/", views.consent_take, name="take"),
    path("<uuid:public_id>/", views.consent_detail, name="detail"),
    path("<uuid:public_id>/withdraw/", views.consent_withdraw, name="withdraw"),
    path("documents/", views.document_list, name="documents"),
    path("documents/<str:kind>/publish/", views.document_publish, name="publish"),
]
