"""Attach the signed-in user's active clinic to each request as ``request.actor``."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from taut.clinics.actor import Actor
from taut.clinics.models import Membership

SESSION_KEY = "taut_active_clinic"


def client_address(request: HttpRequest) -> str | None:
    """The client's address; behind a trusted TLS proxy, the first X-Forwarded-For entry."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def active_membership(request: HttpRequest) -> Membership | None:
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = Membership.objects.filter(user=user, is_active=True).select_related(
        "clinic", "user"
    )
    chosen = request.session.get(SESSION_KEY)
    if chosen:
        found = memberships.filter(clinic__public_id=chosen).first()
        if found is not None:
            return found
        del request.session[SESSION_KEY]
    only = list(memberships[:2])
    if len(only) == 1:
        request.session[SESSION_KEY] = str(only[0].clinic.public_id)
        return only[0]
    return None


class ActiveClinicMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = active_membership(request)
        request.actor = (  # type: ignore[attr-defined]
            Actor(user=membership.user, membership=membership, address=client_address(request))
            if membership is not None
            else None
        )
        if membership is not None:
            timezone.activate(membership.clinic.zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
