"""The one page every record kind uses to be marked entered in error (ADR 0002).

Each app keeps its own service (permission, state checks, audit); this page asks for the reason,
calls that service, and shows its refusal on the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from taut.patients.forms import EnteredInErrorForm
from taut.patients.models import Patient


def entered_in_error_page(
    request: HttpRequest,
    *,
    patient: Patient,
    subject: str,
    mark: Callable[[str], object],
    refusals: tuple[type[Exception], ...],
    done: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET shows the form; a valid POST calls ``mark(reason)`` and returns to the chart."""
    form = EnteredInErrorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mark(form.cleaned_data["reason"])
        except refusals as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done)
            return redirect("chart:patient", patient.public_id)
    page = {"form": form, "patient": patient, "subject": subject, **(context or {})}
    return render(
        request, "patients/entered_in_error.html", page, status=422 if form.errors else 200
    )
