"""Choosing which clinic to work in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from taut.clinics.middleware import SESSION_KEY
from taut.clinics.queries import memberships_for


@login_required
@require_http_methods(["GET", "POST"])
def switch(request: HttpRequest) -> HttpResponse:
    memberships = memberships_for(request.user)  # type: ignore[arg-type]
    if request.method == "POST":
        chosen = memberships.filter(clinic__public_id=request.POST.get("clinic", "")).first()
        if chosen is None:
            raise Http404("Not a clinic you work in")
        request.session[SESSION_KEY] = str(chosen.clinic.public_id)
        return redirect("home")
    return render(request, "clinics/switch.html", {"memberships": memberships})
