"""Choosing which clinic to work in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from taut.clinics import services
from taut.clinics.decorators import clinic_view
from taut.clinics.forms import ClinicSettingsForm
from taut.clinics.middleware import SESSION_KEY
from taut.clinics.models import Clinic
from taut.clinics.permissions import Permission
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


@clinic_view(Permission.MANAGE_CLINIC)
@require_http_methods(["GET", "POST"])
def settings(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    clinic = actor.clinic
    form = ClinicSettingsForm(request.POST or None, instance=Clinic.objects.get(pk=clinic.pk))
    if request.method == "POST" and form.is_valid():
        changed = services.update_clinic_settings(
            actor, data={f: form.cleaned_data[f] for f in services.CLINIC_SETTINGS_FIELDS}
        )
        messages.success(
            request, _("Clinic settings saved.") if changed else _("Nothing was changed.")
        )
        return redirect("clinics:settings")
    return render(
        request,
        "clinics/settings.html",
        {
            "form": form,
            "locations": clinic.locations.all(),
            "memberships": clinic.memberships.select_related("user").order_by(
                "role", "user__full_name"
            ),
        },
    )
