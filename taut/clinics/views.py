"""Choosing which clinic to work in."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from taut.clinics import queries, services
from taut.clinics.decorators import clinic_view
from taut.clinics.forms import ClinicSettingsForm, InviteStaffForm, LocationForm, RoleForm
from taut.clinics.middleware import SESSION_KEY
from taut.clinics.models import Clinic, Location
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
            "staff_count": clinic.memberships.filter(is_active=True).count(),
            "location_count": clinic.locations.filter(is_active=True).count(),
        },
    )


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _refused(form: BaseForm, exc: services.StaffError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


@clinic_view(Permission.MANAGE_CLINIC)
@require_http_methods(["GET", "POST"])
def staff(request: HttpRequest) -> HttpResponse:
    """The clinic's staff: invite someone, change roles, deactivate and reactivate (owners)."""
    actor = request.actor  # type: ignore[attr-defined]
    form = InviteStaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invite_staff(
                actor,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
                base_url=_base_url(request),
            )
        except services.StaffError as exc:
            _refused(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s was added; an e-mail went to %(email)s.")
                % {"name": membership.user.full_name, "email": membership.user.email},
            )
            return redirect("clinics:staff")
    return render(
        request,
        "clinics/staff.html",
        {"form": form, "members": queries.staff(actor), "role_form": RoleForm()},
    )


def _staff_change(request: HttpRequest, public_id: UUID, change: str) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    membership = queries.get_membership(actor, public_id)
    name = membership.user.full_name
    try:
        if change == "role":
            form = RoleForm(request.POST)
            if not form.is_valid():
                raise services.StaffError(_("Choose a role."))
            changed = services.change_role(actor, membership, role=form.cleaned_data["role"])
            done = _("%(name)s's role was changed.")
        elif change == "resend":
            services.resend_invitation(actor, membership, base_url=_base_url(request))
            changed, done = True, _("A new invitation was sent to %(name)s.")
        else:
            active = change == "reactivate"
            changed = services.set_staff_active(actor, membership, active=active)
            done = (
                _("%(name)s can sign in to this clinic again.")
                if active
                else _("%(name)s no longer has access to this clinic; their records stay.")
            )
    except services.StaffError as exc:
        messages.error(request, f"{name}: {exc}")
    else:
        if changed:
            messages.success(request, done % {"name": name})
    return redirect("clinics:staff")


@clinic_view(Permission.MANAGE_CLINIC)
@require_POST
def staff_role(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _staff_change(request, public_id, "role")


@clinic_view(Permission.MANAGE_CLINIC)
@require_POST
def staff_deactivate(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _staff_change(request, public_id, "deactivate")


@clinic_view(Permission.MANAGE_CLINIC)
@require_POST
def staff_reactivate(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _staff_change(request, public_id, "reactivate")


@clinic_view(Permission.MANAGE_CLINIC)
@require_POST
def staff_resend(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _staff_change(request, public_id, "resend")


def _location_form(request: HttpRequest, location: Location | None) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    form = LocationForm(request.POST or None, instance=location, prefix="location")
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.LOCATION_FIELDS}
        try:
            if location is None:
                services.add_location(actor, data=data)
            else:
                services.update_location(actor, location, data=data)
        except services.StaffError as exc:
            _refused(form, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Location saved."))
            return redirect("clinics:locations")
    return render(
        request,
        "clinics/locations.html",
        {"form": form, "location": location, "locations": queries.locations(actor)},
    )


@clinic_view(Permission.MANAGE_CLINIC)
@require_http_methods(["GET", "POST"])
def locations(request: HttpRequest) -> HttpResponse:
    """The clinic's locations, and a form to add one (owners)."""
    return _location_form(request, None)


@clinic_view(Permission.MANAGE_CLINIC)
@require_http_methods(["GET", "POST"])
def location_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    return _location_form(request, queries.get_location(actor, public_id))
