"""Safety pages: red-flag screening, the findings and what was done about them, the safety profile."""

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
from taut.safety.forms import FindingActionForm, RedFlagScreenForm, SafetyProfileForm


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
            services.record_red_flag_screen(actor, patient, answers=form.answers(), episode=episode)
        except services.SafetyError as exc:
            _apply_error(form, exc)
        else:
            still_open = [f for f in queries.open_findings(actor, patient) if f.blocks]
            if still_open:
                messages.warning(
                    request,
                    _(
                        "Red-flag screen saved. Needling stays blocked: %(count)d emergency or "
                        "urgent finding is open until a clinician records that the patient was "
                        "seen and cleared, or that it was ruled out."
                    )
                    % {"count": len(still_open)},
                )
                return redirect("safety:red_flags", patient.public_id)
            messages.success(request, _("Red-flag screen saved."))
            return redirect("chart:patient", patient.public_id)
    return render(
        request,
        "safety/screen_form.html",
        {"form": form, "patient": patient, "current": current},
    )


@clinic_view(Permission.VIEW_CLINICAL)
@require_http_methods(["GET"])
def screen_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    screen = queries.get_screen(actor, public_id)
    findings = [f for f in queries.findings_of(actor, screen.patient) if f.screen_id == screen.pk]
    context: dict[str, Any] = {
        "screen": screen,
        "patient": screen.patient,
        "description": queries.describe_screen(screen),
        "findings": findings,
        "open_blocking": any(f.blocks and queries.is_open(f) for f in findings),
        "can_mark_error": can(actor, Permission.MARK_ENTERED_IN_ERROR)
        and not screen.is_entered_in_error,
        "history": queries.screens_of(actor, screen.patient),
    }
    return render(request, "safety/screen_detail.html", context)


@clinic_view(Permission.VIEW_CLINICAL)
@require_http_methods(["GET", "POST"])
def red_flags(request: HttpRequest, patient_id: UUID) -> HttpResponse:
    """The patient's red-flag findings: open ones first, with the form to record what was done."""
    actor = request.actor  # type: ignore[attr-defined]
    patient = patient_queries.get_patient(actor, patient_id)
    everything = queries.findings_of(actor, patient)
    still_open = queries.open_findings(actor, patient)
    can_act = can(actor, Permission.EDIT_CLINICAL) and not patient.is_entered_in_error
    form = None
    if can_act and still_open:
        form = FindingActionForm(
            request.POST if request.method == "POST" else None, open_findings=still_open
        )
    if request.method == "POST":
        if form is None:
            messages.error(request, _("There is no open red-flag finding to act on."))
            return redirect("safety:red_flags", patient.public_id)
        if form.is_valid():
            try:
                services.record_finding_action(
                    actor,
                    patient,
                    findings=form.chosen(),
                    action=form.cleaned_data["action"],
                    note=form.cleaned_data["note"],
                )
            except services.SafetyError as exc:
                _apply_error(form, exc)
            else:
                if form.cleaned_data["action"] == "referred":
                    messages.warning(
                        request,
                        _(
                            "Referral recorded. Needling stays blocked until you record that "
                            "the patient was seen and cleared, or the finding ruled out."
                        ),
                    )
                else:
                    messages.success(request, _("Action recorded."))
                return redirect("safety:red_flags", patient.public_id)
    return render(
        request,
        "safety/red_flags.html",
        {
            "patient": patient,
            "open_findings": still_open,
            "closed_findings": [f for f in everything if not queries.is_open(f)],
            "form": form,
        },
        status=422 if form is not None and form.errors else 200,
    )


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
