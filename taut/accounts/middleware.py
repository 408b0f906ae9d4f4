"""Log staff off after a period without activity (the clinic's setting, 15 minutes by default)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "taut_last_seen"
# Background requests that must not count as activity.
PASSIVE_PATHS = ("/static/", "/health/")
# The last-seen time is written again only once it is this old, so that a busy clinician's every
# page does not rewrite the session row; an idle logout can come at most this much early.
LAST_SEEN_REFRESH_SECONDS = 30


def idle_timeout_seconds(request: HttpRequest) -> int:
    actor = getattr(request, "actor", None)
    minutes = actor.clinic.idle_timeout_minutes if actor else settings.TAUT_IDLE_TIMEOUT_MINUTES
    return int(minutes) * 60


class IdleLogoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not request.path.startswith(PASSIVE_PATHS):
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - float(last_seen) > idle_timeout_seconds(request):
                logout(request)
                messages.info(request, _("You were logged off after a period without activity."))
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - float(last_seen) >= LAST_SEEN_REFRESH_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
