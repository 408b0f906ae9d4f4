"""The patient chart: the hub a clinician reads in seconds. It gathers what the other apps know."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from taut.appointments import queries as appointment_queries
from taut.appointments.services import AppointmentError
from taut.assessment import neuro_words
from taut.assessment import queries as assessment_queries
from taut.chart import queries as chart_queries
from taut.chart import services as chart_services
from taut.chart.queries import my_day
from taut.clinics.decorators import clinic_view
from taut.clinics.permissions import Permission, can
from taut.consent import queries as consent_queries
from taut.episodes import queries as episode_queries
from taut.episodes import services as episode_services
from taut.episodes.forms import DischargeForm
from taut.intake import queries as intake_queries
from taut.outcomes import queries as outcome_queries
from taut.patients import queries
from taut.plans import queries as plan_queries
from taut.safety import queries as safety_queries
from taut.sessions import queries as session_queries
from taut.sessions.gate import patient_gate, read_patient_records

# How many of the episode's sessions the chart lists before offering them all (a long course
# of care stays one screen and one bounded read).
CHART_SESSIONS = 10


@clinic_view(Permission.VIEW_PATIENTS)
def patient_chart(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    patient = queries.get_patient(actor, public_id)
    today = actor.today()
    rows = episode_queries.episode_rows(actor, patient, today)
    active = next((row for row in rows if row.obj.is_active), None)
    clinical = can(actor, Permission.VIEW_CLINICAL)
    episode = active.obj if active else None
    every = request.GET.get("sessions") == "all"
    sessions = (
        session_queries.sessions_of(actor, episode, latest=None if every else CHART_SESSIONS + 1)
        if episode and clinical
        else []
    )
    more_sessions = len(sessions) > CHART_SESSIONS and not every
    if more_sessions:
        sessions = sessions[:CHART_SESSIONS]
    assessments = assessment_queries.assessment_summary(actor, patient) if clinical else None
    # Each record the chart shows and the needling gate also judges is read once.
    records = read_patient_records(actor.clinic, patient)
    responses = outcome_queries.current_responses(actor, episode) if episode and clinical else []
    plan = (
        plan_queries.plan_summary(
            actor,
            episode,
            today,
            visit_dates=session_queries.signed_dates_of(actor, episode)
            if more_sessions
            else session_queries.signed_dates(sessions),
        )
        if episode and clinical
        else None
    )
    latest_intake = intake_queries.latest_intake(actor, patient)
    return render(
        request,
        "chart/patient_chart.html",
        {
            "patient": patient,
            "episode_rows": rows,
            "active_episode": episode,
            "chronicity": active.chronicity if active else None,
            "chronicity_label": active.chronicity_label if active else None,
            "today": today,
            "age": patient.age_on(today),
            "address": patient.postal_address,
            "can_view_clinical": clinical,
            "latest_intake": latest_intake,
            "adoptable_intake": intake_queries.adoptable(actor, episode, latest_intake)
            if episode and clinical
            else None,
            "needling_sessions": sessions,
            "more_sessions": more_sessions,
            "last_signed_session": next((s for s in sessions if s.status == "signed"), None)
            or (
                session_queries.latest_signed(actor, episode) if episode and more_sessions else None
            ),
            "plan_summary": plan,
            "appointments": appointment_queries.chart_appointments(actor, patient, today),
            "unbooked_dates": plan_queries.unbooked_planned_dates(actor, episode, today, plan)
            if episode
            else [],
            "aftercare_sessions": session_queries.aftercare_sessions(actor, patient),
            "outcomes": outcome_queries.outcome_summary(actor, episode, responses)
            if episode and clinical
            else None,
            "due": outcome_queries.due_instruments(
                actor, episode, collected=outcome_queries.collected_from(responses)
            )
            if episode and clinical
            else [],
            "consent_status": consent_queries.consent_status(actor, patient, records.consents),
            "safety": safety_queries.safety_summary(actor, patient, records.safety),
            "gate": patient_gate(actor, patient, records),
            "needle_events": session_queries.open_needle_events(
                actor, patient, records.needle_events
            ),
            "assessments": assessments,
            "neuro_lines": neuro_words.summary(assessments.latest_neuro.neuro)
            if assessments is not None and assessments.latest_neuro is not None
            else [],
            "can_edit_clinical": can(actor, Permission.EDIT_CLINICAL),
            "can_edit": can(actor, Permission.EDIT_PATIENTS) and not patient.is_entered_in_error,
            "can_mark_error": can(actor, Permission.MARK_ENTERED_IN_ERROR),
        },
    )


MY_DAY_REACH_DAYS = 3660


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
    if abs((day - actor.today()).days) > MY_DAY_REACH_DAYS:
        day = actor.today()  # far-off dates (year 1, year 9999) are typing slips
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


class WrapUpForm(forms.Form):
    cancel = forms.MultipleChoiceField(
        label=gettext_lazy("Cancel these appointments"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    send_questionnaires = forms.BooleanField(
        label=gettext_lazy("Send the patient a link to the final questionnaires"),
        required=False,
    )


@clinic_view(Permission.EDIT_CLINICAL)
@require_http_methods(["GET", "POST"])
def discharge(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    """Discharge an episode in one step, or finish one discharged at a plan review: cancel what
    is still booked and send the final questionnaires."""
    actor = request.actor  # type: ignore[attr-defined]
    episode = episode_queries.get_episode(actor, episode_id)
    if episode.is_entered_in_error:
        return redirect("chart:patient", episode.patient.public_id)
    remaining = chart_queries.remaining_appointments(actor, episode)
    finals = chart_queries.final_questionnaires(actor, episode)
    data = request.POST if request.method == "POST" else None
    form = (
        DischargeForm(data, initial={"discharged_on": actor.today()}) if episode.is_active else None
    )
    wrap = WrapUpForm(
        data,
        initial={
            "cancel": [str(a.public_id) for a in remaining if a.episode_id in (None, episode.pk)],
            "send_questionnaires": bool(finals and episode.patient.email),
        },
    )
    choice = wrap.fields["cancel"]
    assert isinstance(choice, forms.MultipleChoiceField)  # noqa: S101 - narrows the type
    choice.choices = [(str(a.public_id), str(a.public_id)) for a in remaining]
    if request.method == "POST" and wrap.is_valid() and (form is None or form.is_valid()):
        chosen = set(wrap.cleaned_data["cancel"])
        options = {
            "cancel": [a for a in remaining if str(a.public_id) in chosen],
            "send_questionnaires": wrap.cleaned_data["send_questionnaires"],
            "base_url": request.build_absolute_uri("/"),
        }
        try:
            if form is not None:
                done = chart_services.discharge(
                    actor,
                    episode,
                    discharged_on=form.cleaned_data["discharged_on"],
                    summary=form.cleaned_data["summary"],
                    reason=form.cleaned_data["reason"],
                    **options,
                )
            else:
                done = chart_services.finish_discharge(actor, episode, **options)
        except (episode_services.EpisodeError, AppointmentError) as exc:
            target = form if form is not None else wrap
            target.add_error(exc.field if exc.field in target.fields else None, str(exc))
        else:
            if form is not None:
                messages.success(request, _("Episode discharged."))
            if done.cancelled:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s appointment was cancelled.",
                        "%(n)s appointments were cancelled.",
                        len(done.cancelled),
                    )
                    % {"n": len(done.cancelled)},
                )
            if done.link is not None:
                messages.success(
                    request,
                    _("The final questionnaires were e-mailed to the patient.")
                    if done.emailed
                    else _(
                        "The patient has no e-mail address: give them the questionnaire link "
                        "from the outcomes page."
                    ),
                )
            return redirect("chart:patient", episode.patient.public_id)
    return render(
        request,
        "chart/discharge.html",
        {
            "form": form,
            "wrap": wrap,
            "episode": episode,
            "patient": episode.patient,
            "remaining": remaining,
            "finals": finals,
            "chosen": set(wrap["cancel"].value() or []),
        },
    )


@clinic_view(Permission.VIEW_CLINICAL)
def drawing(request: HttpRequest, public_id: UUID, which: str) -> HttpResponse:
    """A body chart of the chart page, loaded when its section is opened (the page stays light):
    the latest signed assessment's pain drawing, or where the last signed session's needles went."""
    actor = request.actor  # type: ignore[attr-defined]
    patient = queries.get_patient(actor, public_id)
    context: dict[str, object] = {"patient": patient, "which": which}
    if which == "pain":
        context["marks"] = assessment_queries.assessment_summary(actor, patient).marks
    elif which == "needled":
        episode = next(
            (
                r.obj
                for r in episode_queries.episode_rows(actor, patient, actor.today())
                if r.obj.is_active
            ),
            None,
        )
        sessions = session_queries.sessions_of(actor, episode) if episode else []
        last = next((s for s in sessions if s.status == "signed"), None)
        if last is None:
            raise Http404("no signed session")
        context["highlight"] = last.needled_regions
        context["on"] = last.performed_on
    else:
        raise Http404("no such drawing")
    template = "chart/_drawing.html" if request.headers.get("HX-Request") else "chart/drawing.html"
    return render(request, template, context)
