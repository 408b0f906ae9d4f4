from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.views.decorators.cache import never_cache

from taut.api.api import api
from taut.chart.views import home


@never_cache
def health(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path("api/", api.urls),
    path("accounts/", include("taut.accounts.urls")),
    path("clinics/", include("taut.clinics.urls")),
    path("office/", include("taut.office.urls")),
    path("patients/", include("taut.patients.urls")),
    path("chart/", include("taut.chart.urls")),
    path("safety/", include("taut.safety.urls")),
    path("consent/", include("taut.consent.urls")),
    path("assessments/", include("taut.assessment.urls")),
    path("intake/", include("taut.intake.urls")),
    path("outcomes/", include("taut.outcomes.urls")),
    path("sessions/", include("taut.sessions.urls")),
    path("plans/", include("taut.plans.urls")),
    path("episodes/", include("taut.episodes.urls")),
    path("appointments/", include("taut.appointments.urls")),
    path("audit/", include("taut.audit.urls")),
    path("messages/", include("taut.outbox.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
