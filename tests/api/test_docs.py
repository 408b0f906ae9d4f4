"""The OpenAPI schema and the docs page: offline, under the CSP (no CDN, no inline script)."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

# The docs page needs ninja's templates and static files, i.e. "ninja" in INSTALLED_APPS.
WITH_NINJA = override_settings(
    INSTALLED_APPS=[a for a in settings.INSTALLED_APPS if a != "ninja"] + ["ninja"]
)


def test_the_schema_is_openapi_31_and_lists_the_endpoints(client):
    schema = client.get("/api/openapi.json").json()

    assert schema["openapi"].startswith("3.1")
    assert set(schema["paths"]) == {
        "/api/episodes/{episode_id}/outcomes",
        "/api/episodes/{episode_id}/responses",
        "/api/responses/{response_id}",
        "/api/instruments",
        "/api/episodes/{episode_id}/plan",
        "/api/episodes/{episode_id}/plans",
        "/api/plans/{plan_id}/agree",
        "/api/patients/{patient_id}/appointments",
        "/api/appointments/{appointment_id}",
        "/api/appointments",
        "/api/appointments/series",
        "/api/episodes/{episode_id}/sessions",
        "/api/sessions/{session_id}",
        "/api/sessions/{session_id}/sign",
        "/api/sessions/{session_id}/amend",
        "/api/sessions/{session_id}/entered-in-error",
        "/api/sessions/{session_id}/incident",
        "/api/sessions/{session_id}/needle-events",
        "/api/needle-events/{event_id}/resolve",
        "/api/needle-events/{event_id}/found",
    }
    assert schema["components"]["securitySchemes"]["StaffSession"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": "taut_session",
    }


@WITH_NINJA
def test_the_docs_page_loads_its_files_from_taut_itself(client):
    page = client.get("/api/docs")

    html = page.content.decode()
    assert page.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    # Every <script> is either a file of our own or JSON data, which the CSP does not run.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


@WITH_NINJA
def test_the_docs_page_sends_the_csrf_token_for_try_it_out(client):
    html = client.get("/api/docs").content.decode()

    assert 'data-api-csrf="true"' in html


def test_without_ninja_installed_the_docs_refuse_rather_than_use_a_cdn():
    apps = [a for a in settings.INSTALLED_APPS if a != "ninja"]
    with override_settings(INSTALLED_APPS=apps), pytest.raises(ImproperlyConfigured):
        Client(raise_request_exception=True).get("/api/docs")
