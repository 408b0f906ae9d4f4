"""Who may call the API: signed-in staff with an active clinic, through their session cookie.

Anonymous: 401. Signed in but no active clinic (none, or several and none chosen): 403.
Unsafe methods need Django's CSRF token (the X-CSRFToken header), as forms do on the pages.
Token authentication for external systems is future work (docs/api.md).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja.errors import AuthorizationError
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf

from taut.clinics.actor import Actor


class StaffSession(APIKeyCookie):
    """Django's session, as set by signing in to Taut; returns the request's Actor."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # CSRF is checked in authenticate(), once the user is known: anonymous callers get 401.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        if not request.user.is_authenticated:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request) is not None:
            raise AuthorizationError(message=_("CSRF check failed: send the X-CSRFToken header."))
        actor: Actor | None = getattr(request, "actor", None)
        if actor is None:
            raise AuthorizationError(
                message=_(
                    "No active clinic: choose the clinic you are working in at %(url)s "
                    "and try again."
                )
                % {"url": reverse("clinics:switch")}
            )
        return actor


def actor_of(request: HttpRequest) -> Actor:
    """The Actor that StaffSession authenticated for this request."""
    actor: Actor = request.auth  # type: ignore[attr-defined]
    return actor
