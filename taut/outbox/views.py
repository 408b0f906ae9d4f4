from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from taut.clinics.decorators import clinic_view
from taut.clinics.permissions import Permission
from taut.outbox import queries
from taut.outbox.models import State

PAGE_SIZE = 50


@clinic_view(Permission.MANAGE_CLINIC)
def message_list(request: HttpRequest) -> HttpResponse:
    """What Taut sent for the clinic, what waits and what failed (with the error)."""
    actor = request.actor  # type: ignore[attr-defined]
    state = request.GET.get("state", "")
    state = state if state in State.values else ""
    page = Paginator(queries.messages_of(actor, state=state), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "outbox/messages.html",
        {
            "page": page,
            "state": state,
            "states": State.choices,
            "failed": queries.failed_count(actor),
        },
    )
