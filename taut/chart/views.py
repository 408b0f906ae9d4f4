"""The patient chart: the hub a clinician reads in seconds. It gathers what the other apps know."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from taut.appointments import queries as appointment_queries
from taut.assessment import queries as assessment_queries
from taut.chart.queries import my_day
from taut.clinics.decorators import clinic_view
from taut.clinics.permissions import Permission, can
from taut.consent import queries as consent_queries
from taut.episodes import queries as episode_queries
from taut.outcomes import queries as outcome_queries
from taut.patients import queries
from taut.plans import queries as plan_queries
from taut.safety import queries as safety_queries
from taut.sessions import queries as session_queries
from taut.sessions.gate import patient_gate


@clinic_view(Permission.VIEW_PATIENTS)
def patient_chart(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    patient = queries.get_patient(actor, public_id)
    today = actor.today()
    rows = episode_queries.episode_rows(actor, patient, today)
    active = next((row for row in rows if row.obj.is_active), None)
    clinical = can(actor, Permission.VIEW_CLINICAL)
    sessions = session_queries.sessions_of(actor, active.obj) if active and clinical else []
    return render(
        request,
        "chart/patient_chart.html",
        {
            "patient": patient,
            "episode_rows": rows,
            "active_episode": active.obj if active else None,
            "chronicity": active.chronicity if active else None,
            "chronicity_label": active.chronicity_label if active else None,
            "today": today,
            "age": patient.age_on(today),
            "address": patient.postal_address,
            "can_view_clinical": clinical,
            "latest_intake": patient.intakes.first(),
            "needling_sessions": sessions,
            "last_signed_session": next((s for s in sessions if s.status == "signed"), None),
            "plan_summary": plan_queries.plan_summary(
                actor, active.obj, today, visit_dates=session_queries.signed_dates(sessions)
            )
            if active and clinical
            else None,
            "appointments": appointment_queries.appointments_of(actor, patient),
            "outcomes": outcome_queries.outcome_summary(actor, active.obj)
            if active and clinical
            else None,
            "due": outcome_queries.due_instruments(actor, active.obj)
            if active and clinical
            else [],
            "consent_status": consent_queries.consent_status(actor, patient),
            "safety": safety_queries.safety_summary(actor, patient),
            "gate": patient_gate(actor, patient),
            "needle_events": session_queries.open_needle_events(actor, patient),
            "assessments": assessment_queries.assessment_summary(actor, patient)
            if clinical
            else None,
            "can_edit_clinical": can(actor, Permission.EDIT_CLINICAL),
            "can_edit": can(actor, Permission.EDIT_PATIENTS) and not patient.is_entered_in_error,
            "can_mark_error": can(actor, Permission.MARK_ENTERED_IN_ERROR),
        },
    )


def home(request: HttpRequest) -> HttpResponse:
    """Clinicians and owners start on their day; front desk on the patient list."""
    actor = getattr(request, "actor", None)
    if actor is not None and can(actor, Permission.VIEW_CLINICAL):
        return redirect("chart:my_day")
    return redirect("patients:list")


@clinic_view(Permission.VIEW_CLINICAL)
def my_day_page(request: HttpRequest) -> HttpResponse:
    """Today's patients of one clinician (the signed-in one unless another is chosen)."""
    actor = request.actor  # type: ignore[attr-defined]
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = actor.today()
    people = appointment_queries.clinicians(actor)
    if actor.user not in people:
        people = [actor.user, *people]
    chosen = request.GET.get("clinician", "")
    clinician = next((p for p in people if str(p.public_id) == chosen), actor.user)
    return render(
        request,
        "chart/my_day.html",
        {
            "view": my_day(actor, clinician=clinician, day=day),
            "people": people,
            "is_today": day == actor.today(),
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
            "today": actor.today(),
        },
    )
