"""Safety pages: red-flag screening, triage and its resolution, the needling safety profile."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from taut.clinics.decorators import clinic_view
from taut.clinics.permissions import Permission, can
from taut.episodes import queries as episode_queries
from taut.patients import queries as patient_queries
from taut.patients.entered_in_error import entered_in_error_page
from taut.safety import queries, services
from taut.safety.forms import RedFlagScreenForm, SafetyProfileForm, TriageResolutionForm
from taut.safety.models import RedFlagScreen


def _apply_error(form: Form, exc: services.SafetyError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


@clinic_view(Permission.EDIT_CLINICAL)
@require_http_methods(["GET", "POST"])
def screen_create(request: HttpRequest, patient_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    patient = patient_queries.get_patient(actor, patient_id)
    current = queries.current_screen(actor, patient)
    initial = RedFlagScreenForm.initial_from(current.answers) if current else {}
    form = RedFlagScreenForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        episode = next(
            (e for e in episode_queries.episodes_of(actor, patient) if e.is_active), None
        )
        try:
            screen = services.record_red_flag_screen(
                actor, patient, answers=form.answers(), episode=episode
            )
        except services.SafetyError as exc:
            _apply_error(form, exc)
        else:
            if screen.needs_resolution_level:
                messages.warning(
                    request,
                    _(
                        "Red-flag screen saved. The triage is %(level)s: needling is blocked "
                        "until a clinician records the action taken."
                    )
                    % {"level": screen.get_level_display()},
                )
            else:
                messages.success(request, _("Red-flag screen saved."))
            return redirect("chart:patient", patient.public_id)
    return render(
        request,
        "safety/screen_form.html",
        {"form": form, "patient": patient, "current": current},
    )


def _screen_page(
    request: HttpRequest, screen: RedFlagScreen, form: TriageResolutionForm | None
) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    resolution = queries.resolution_of(screen)
    can_resolve = can(actor, Permission.EDIT_CLINICAL) and queries.triage_blocks(screen)
    context: dict[str, Any] = {
        "screen": screen,
        "patient": screen.patient,
        "description": queries.describe_screen(screen),
        "resolution": resolution,
        "blocks_needling": queries.triage_blocks(screen),
        "can_resolve": can_resolve,
        "can_mark_error": can(actor, Permission.MARK_ENTERED_IN_ERROR)
        and not screen.is_entered_in_error,
        "form": form if form is not None else (TriageResolutionForm() if can_resolve else None),
        "history": queries.screens_of(actor, screen.patient),
    }
    return render(request, "safety/screen_detail.html", context)


@clinic_view(Permission.VIEW_CLINICAL)
@require_http_methods(["GET"])
def screen_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    return _screen_page(request, queries.get_screen(actor, public_id), None)


@clinic_view(Permission.EDIT_CLINICAL)
@require_http_methods(["GET", "POST"])
def triage_resolve(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    screen = queries.get_screen(actor, public_id)
    form = TriageResolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_triage(
                actor, screen, action=form.cleaned_data["action"], note=form.cleaned_data["note"]
            )
        except services.SafetyError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Action recorded. The triage no longer blocks needling."))
            return redirect("chart:patient", screen.patient.public_id)
    return _screen_page(request, screen, form)


@clinic_view(Permission.MARK_ENTERED_IN_ERROR)
@require_http_methods(["GET", "POST"])
def screen_entered_in_error(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    screen = queries.get_screen(actor, public_id)
    return entered_in_error_page(
        request,
        patient=screen.patient,
        subject=_("red-flag screen"),
        mark=lambda reason: services.mark_screen_entered_in_error(actor, screen, reason=reason),
        refusals=(services.SafetyError,),
        done=_("The screen is now marked entered in error. Screen the patient again."),
    )


@clinic_view(Permission.EDIT_CLINICAL)
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, patient_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    patient = patient_queries.get_patient(actor, patient_id)
    current = queries.current_profile(actor, patient)
    # Start from the confirmed profile, or else from what the patient answered at intake.
    intake = None if current else patient.intakes.order_by("-submitted_at").first()
    answers = current.answers if current else (intake.health if intake else None)
    initial = SafetyProfileForm.initial_from(answers) if answers else {}
    form = SafetyProfileForm(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            if "confirm" in request.POST:
                profile = services.confirm_safety_profile(actor, patient, answers=form.answers())
            else:
                preview = services.preview_safety_profile(form.answers())
        except services.SafetyError as exc:
            _apply_error(form, exc)
        else:
            if preview is None:
                messages.success(request, _("Needling safety profile confirmed."))
                return redirect("safety:profile_detail", profile.public_id)
    return render(
        request,
        "safety/profile_form.html",
        {
            "form": form,
            "patient": patient,
            "current": current,
            "preview": preview,
            "intake": intake,
        },
    )


@clinic_view(Permission.VIEW_CLINICAL)
@require_http_methods(["GET"])
def profile_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    profile = queries.get_profile(actor, public_id)
    return render(
        request,
        "safety/profile_detail.html",
        {
            "profile": profile,
            "patient": profile.patient,
            "decision": profile.decision(),
            "answers": queries.describe_profile(profile),
            "due": queries.profile_is_due(profile, actor.today()),
            "can_edit": can(actor, Permission.EDIT_CLINICAL),
        },
    )
