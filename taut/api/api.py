"""The NinjaAPI instance: session authentication for every endpoint, JSON errors, offline docs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger

from taut.api import outcomes
from taut.api.auth import StaffSession
from taut.outcomes.services import OutcomeError


class OfflineSwagger(Swagger):
    """Swagger UI from the files django-ninja ships, never from a CDN.

    Offline clinics have no CDN and Taut's CSP allows scripts only from itself. Ninja serves its
    own files (no inline script) only when "ninja" is in INSTALLED_APPS; otherwise it falls back
    to a CDN page, which this class refuses to render.
    """

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        if "ninja" not in settings.INSTALLED_APPS:
            raise ImproperlyConfigured(
                'Add "ninja" to INSTALLED_APPS: /api/docs serves Swagger UI from its static '
                "files, not from a CDN."
            )
        return super().render_page(request, api, **kwargs)


api = NinjaAPI(
    title="Taut API",
    version="1",
    description=(
        "JSON API for Taut's own pages and for scripts run by a signed-in user. "
        "Authentication is the staff session cookie; send the CSRF token in X-CSRFToken "
        "for POST. See docs/api.md."
    ),
    auth=StaffSession(),
    urls_namespace="api",
    docs=OfflineSwagger(settings={"validatorUrl": None}),
)
api.add_router("/", outcomes.router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(OutcomeError)
def outcome_refused(request: HttpRequest, exc: OutcomeError) -> HttpResponse:
    """The kernel's refusal (the message names the item); nothing was saved."""
    entry = {"type": "refused", "loc": ["body", "payload"], "msg": str(exc)}
    return api.create_response(request, {"detail": [entry]}, status=422)
