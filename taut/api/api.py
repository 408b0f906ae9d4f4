"""The NinjaAPI instance: session authentication for every endpoint, JSON errors, offline docs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.parser import Parser
from ninja.types import DictStrAny

from taut.api import appointments, outcomes, plans, sessions
from taut.api.auth import StaffSession
from taut.api.schemas import AppointmentConflictOut
from taut.appointments.services import AppointmentConflict, AppointmentError
from taut.outcomes.services import OutcomeError
from taut.plans.services import PlanError, PlanLocked
from taut.sessions.services import SessionBlocked, SessionError, SessionLocked


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


class ObjectBody(Parser):
    """Request bodies are JSON objects. Anything else (a bare string, number or list) is refused
    with 400: a schema would otherwise read it as an object with every field at its default."""

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("the request body must be a JSON object")
        return data


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
    parser=ObjectBody(),
)
api.add_router("/", outcomes.router)
api.add_router("/", plans.router)
api.add_router("/", appointments.router)
api.add_router("/", sessions.router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(OutcomeError)
def outcome_refused(request: HttpRequest, exc: OutcomeError) -> HttpResponse:
    """The kernel's refusal (the message names the item); nothing was saved."""
    entry = {"type": "refused", "loc": ["body", "payload"], "msg": str(exc)}
    return api.create_response(request, {"detail": [entry]}, status=422)


def _refused(request: HttpRequest, message: str, loc: list[str | int]) -> HttpResponse:
    """422 in the shape of django-ninja's validation errors; ``loc`` names the field."""
    entry = {"type": "refused", "loc": loc, "msg": message}
    return api.create_response(request, {"detail": [entry]}, status=422)


def _in_body(field: str | None) -> list[str | int]:
    return ["body", "payload", field] if field else ["body", "payload"]


@api.exception_handler(PlanError)
def plan_refused(request: HttpRequest, exc: PlanError) -> HttpResponse:
    """A plan that is no longer a draft: 409. Any other refusal: 422 naming the field."""
    if isinstance(exc, PlanLocked):
        return api.create_response(request, {"detail": str(exc)}, status=409)
    return _refused(request, str(exc), _in_body(exc.field))


# The booking services name their inputs; the API's body names them with their ids.
APPOINTMENT_FIELDS = {
    "patient": "patient_id",
    "clinician": "clinician_id",
    "location": "location_id",
    "episode": "episode_id",
}


@api.exception_handler(AppointmentError)
def appointment_refused(request: HttpRequest, exc: AppointmentError) -> HttpResponse:
    """Double-booking: 409 with the clashing appointments. Any other refusal: 422 naming the
    field (and, in a series, the position of the start at fault). Nothing was booked."""
    if isinstance(exc, AppointmentConflict):
        body = AppointmentConflictOut.of(str(exc), exc.position, exc.conflicts)
        return api.create_response(request, body, status=409)
    loc = _in_body(APPOINTMENT_FIELDS.get(exc.field or "", exc.field))
    if exc.field == "starts_ats" and exc.position is not None:
        loc.append(exc.position)
    return _refused(request, str(exc), loc)


@api.exception_handler(SessionError)
def session_refused(request: HttpRequest, exc: SessionError) -> HttpResponse:
    """Impossible session content (the message names the insertion): 422; nothing saved."""
    return _refused(request, str(exc), _in_body(exc.field))


@api.exception_handler(SessionBlocked)
def session_blocked(request: HttpRequest, exc: SessionBlocked) -> HttpResponse:
    """Signing refused by the safety gate or the needle count: 409 with every reason."""
    detail = "Refused: " + "; ".join(exc.reasons)
    body = {
        "detail": detail,
        "blocked": exc.reasons,
        "codes": exc.codes,
        "incident_only": exc.incident_only,
    }
    return api.create_response(request, body, status=409)


@api.exception_handler(SessionLocked)
def session_locked(request: HttpRequest, exc: SessionLocked) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "blocked": []}, status=409)
