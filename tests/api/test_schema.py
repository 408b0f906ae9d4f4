"""Schemathesis generates requests from the OpenAPI schema and checks every answer against it:
statuses declared, bodies as documented, no server errors.

Valid requests are sent as clinic A's clinician (session and CSRF cookies added here) to a real
episode, so submissions are scored or refused by the kernel; invalid ones go as generated
(mostly refused with 401/422). That auth is enforced is tested in test_outcomes_api.py, so
schemathesis's ignored-auth check, which cannot see cookies added here, is left out.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.middleware.csrf import get_token
from django.test import RequestFactory
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def signed_in(as_clinician_a):
    """Cookies and CSRF header of a signed-in clinician of clinic A."""
    request = RequestFactory().get("/")
    token = get_token(request)
    cookies = {
        "taut_session": as_clinician_a.cookies["taut_session"].value,
        "taut_csrftoken": request.META["CSRF_COOKIE"],
    }
    return cookies, {"X-CSRFToken": token}


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_its_schema_says(case, signed_in, episode_a):
    cookies, headers = signed_in
    if case.meta is None or case.meta.generation.mode.is_positive:
        case.cookies = {**(case.cookies or {}), **cookies}
        if "episode_id" in (case.path_parameters or {}):
            case.path_parameters = {**case.path_parameters, "episode_id": str(episode_a.public_id)}
    case.call_and_validate(headers=headers, excluded_checks=[ignored_auth])
