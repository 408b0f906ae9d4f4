"""The owner's pages for running the clinic, and the invited person's one-time link."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from taut.clinics.decorators import clinic_view
from taut.clinics.middleware import SESSION_KEY, client_address
from taut.clinics.models import Clinic, Location
from taut.clinics.permissions import Permission
from taut.office import queries, services
from taut.office.forms import ClinicSettingsForm, InviteStaffForm, LocationForm, RoleForm


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
        return redirect("office:settings")
    return render(
        request,
        "office/settings.html",
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
                _("An invitation went to %(email)s; they have access once they accept it.")
                % {"email": membership.user.email},
            )
            return redirect("office:staff")
    return render(
        request,
        "office/staff.html",
        {"form": form, "members": queries.staff(actor), "role_form": RoleForm()},
    )


STAFF_CHANGES = ("role", "deactivate", "reactivate", "resend")


@clinic_view(Permission.MANAGE_CLINIC)
@require_POST
def staff_change(request: HttpRequest, public_id: UUID, change: str) -> HttpResponse:
    """One staff member's role change, deactivation, reactivation or new invitation link."""
    actor = request.actor  # type: ignore[attr-defined]
    membership = queries.get_membership(actor, public_id)
    name = membership.user.email if membership.is_invited else membership.user.full_name
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
            invited = membership.is_invited
            changed = services.set_staff_active(actor, membership, active=active)
            if active:
                done = _("%(name)s can sign in to this clinic again.")
            elif invited:
                done = _("The invitation to %(name)s was withdrawn.")
            else:
                done = _("%(name)s no longer has access to this clinic; their records stay.")
    except services.StaffError as exc:
        messages.error(request, f"{name}: {exc}")
    else:
        if changed:
            messages.success(request, done % {"name": name})
    return redirect("office:staff")


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
            return redirect("office:locations")
    return render(
        request,
        "office/locations.html",
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


def _invitation_page(
    request: HttpRequest, context: dict[str, object], status: int = 200
) -> HttpResponse:
    return render(request, "office/invitation.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """An invited person's one-time link: a newcomer sets a password and is signed in; someone
    who already uses Taut accepts while signed in as themselves."""
    try:
        invited = services.open_invitation(token)
    except services.InvitationUnusable as exc:
        return _invitation_page(request, {"unusable": exc.reason}, status=410)
    membership = invited.membership
    person = membership.user
    signed_in = request.user if request.user.is_authenticated else None
    if signed_in is not None and signed_in.pk != person.pk:
        return _invitation_page(
            request, {"membership": membership, "someone_else": signed_in}, status=403
        )
    existing_account = person.has_usable_password()
    if existing_account and signed_in is None:
        return redirect_to_login(request.get_full_path())
    form = None if existing_account else SetPasswordForm(person, request.POST or None)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            membership = services.accept_invitation(
                token,
                user=signed_in,
                password=form.cleaned_data["new_password1"] if form is not None else None,
                address=client_address(request),
            )
        except services.InvitationUnusable as exc:
            return _invitation_page(request, {"unusable": exc.reason}, status=410)
        except ValidationError as exc:
            if form is None:
                raise
            form.add_error("new_password1", exc)
        else:
            if signed_in is None:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[SESSION_KEY] = str(membership.clinic.public_id)
            messages.success(
                request,
                _("Welcome to %(clinic)s.") % {"clinic": membership.clinic.name},
            )
            return redirect("home")
    return _invitation_page(
        request, {"form": form, "membership": membership, "existing_account": existing_account}
    )
