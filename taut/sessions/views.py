"""Needling session pages: the record, signing, reconciliation, amendment and the aftercare sheet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taut.appointments import queries as appointment_queries
from taut.appointments.services import AppointmentError
from taut.clinical import muscles
from taut.clinical.contraindications import CONTRAINDICATIONS, Strength
from taut.clinics.actor import Actor
from taut.clinics.decorators import clinic_view
from taut.clinics.permissions import Permission, can
from taut.episodes import queries as episode_queries
from taut.lib.records import RecordStatus
from taut.patients.entered_in_error import entered_in_error_page
from taut.sessions import aftercare, queries, services
from taut.sessions import gate as needling_gate
from taut.sessions.forms import (
    FoundLaterForm,
    InsertionFormSet,
    MismatchForm,
    PastVisitForm,
    ResolveMismatchForm,
    ReviewIncidentForm,
    SessionForm,
)
from taut.sessions.models import NeedleMismatch, NeedlingSession

RELATIVE_CHOICES = [
    (code, row.text) for code, row in CONTRAINDICATIONS.items() if row.strength is Strength.RELATIVE
]
EMPTY_ROWS = 2
# The page's field for a service error's field, where the names differ.
SERVICE_FIELDS = {"acupuncture_units": "estim_units"}


def _initial(session: NeedlingSession) -> dict[str, object]:
    def yn(value: bool | None) -> str:
        return "" if value is None else ("yes" if value else "no")

    units = session.acupuncture_units
    return {
        **{name: getattr(session, name) for name in services.SIMPLE_FIELDS},
        "new_red_flags": yn(session.new_red_flags),
        "medication_changes": yn(session.medication_changes),
        "side_effects_since_last": yn(session.side_effects_since_last),
        "overridden": session.overridden,
        "side_effects": [e.code for e in session.side_effects.all()],
        **{
            name: timezone.localtime(at, session.clinic.zone).time().replace(second=0)
            if (at := getattr(session, name))
            else None
            for name in ("needled_at", "stimulated_at")
        },
        "estim_units": [str(i) for i, u in enumerate(units, start=1) if u.get("estim")],
        "new_needle_units": [str(i) for i, u in enumerate(units, start=1) if u.get("new_needles")],
    }


def _rows(
    session: NeedlingSession, suggested: queries.Suggested | None = None
) -> list[dict[str, object]]:
    fields = list(InsertionFormSet.form.base_fields)
    rows = [{name: getattr(i, name) for name in fields} for i in session.insertions.all()]
    if suggested is not None and not rows:
        rows = [dict(row) for row in suggested.rows]
    return rows + [{} for _ in range(EMPTY_ROWS)]


def _page(
    request: HttpRequest,
    session: NeedlingSession,
    form: SessionForm,
    formset: object,
    problems: list[str],
    status: int = 200,
    *,
    incident_only: bool = False,
    refused: Sequence[needling_gate.GateLine] = (),
    saved: bool = False,
    suggested: queries.Suggested | None = None,
    **event_forms: Any,
) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    views = needling_gate.session_views(actor, session)
    patient_level, before, signing = views.patient_level, views.before, views.signing
    coding = services.preview_codes(session) if session.insertions.exists() else None
    # Before the needle: no insertion rows while the gate blocks (rows saved, or just typed and
    # refused, stay visible, so they can be removed or recorded as an incident).
    typed = formset.is_bound and any(row["muscle"].value() for row in formset)  # type: ignore[attr-defined]
    locked = (
        patient_level.needling_blocked
        and not session.incident_explanation
        and not session.insertions.exists()
        and not typed
    )
    if locked:
        formset = InsertionFormSet(prefix="ins")  # no rows: the page posts none
    return render(
        request,
        "sessions/session_form.html",
        {
            "session": session,
            "patient": session.patient,
            "form": form,
            "formset": formset,
            "problems": [p for p in problems if p not in {line.text for line in refused}],
            "refused": refused,
            "saved": saved,  # saved, but signing was refused
            "before": before,
            "signing": signing,
            "needling_locked": locked,
            "incident_only": incident_only,  # a refused signing: offer the incident record
            # Offer the incident record while needling is refused, on the page or for the
            # sites just typed (in the same form, so what was typed is sent with it).
            "offer_incident": not session.incident_explanation
            and (
                before.needling_blocked
                or incident_only
                or any(line.kind == "safety" for line in refused)
            ),
            "needles_in": services.needles_in(session),
            "coding": coding,
            "suggested": suggested
            if suggested is not None and suggested.rows and not locked
            else None,
            **_event_context(session, **event_forms),
        },
        status=status,
    )


@dataclass(frozen=True)
class EventRow:
    """A needle event of the visit with the form it takes: resolve while open, found later
    when closed with a needle never found (each with its own prefix, so ids are unique)."""

    event: NeedleMismatch
    form: forms.Form | None


def _event_context(
    session: NeedlingSession,
    *,
    mismatch_form: MismatchForm | None = None,
    posted: tuple[NeedleMismatch, forms.Form] | None = None,
) -> dict[str, object]:
    """The needle events panel's context; ``posted``: the event whose form was refused, bound
    with its errors and what was typed."""
    rows = []
    for event in queries.visit_needle_events(session):
        form: forms.Form | None = None
        if posted is not None and posted[0].pk == event.pk:
            form = posted[1]
        elif not event.resolved:
            form = ResolveMismatchForm(prefix=f"resolve-{event.public_id}")
        elif event.needles_missing and event.found_at is None:
            form = FoundLaterForm(prefix=f"found-{event.public_id}")
        rows.append(EventRow(event, form))
    return {
        "events": rows,
        "mismatch_form": mismatch_form
        or MismatchForm(initial={"needles_out": session.needles_out}, prefix="mismatch"),
        "here": _page_url(session),
    }


def _page_url(session: NeedlingSession) -> str:
    """The session's own page: the form while a draft, the record once signed."""
    return reverse(
        "sessions:edit" if session.is_draft else "sessions:detail", args=[session.public_id]
    )


@clinic_view(Permission.EDIT_CLINICAL)
@require_POST
def session_start(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    episode = episode_queries.get_episode(actor, episode_id)
    try:
        session = services.start_session(actor, episode)
    except services.SessionError as exc:
        messages.error(request, str(exc))
        return redirect("chart:patient", episode.patient.public_id)
    return redirect("sessions:edit", session.public_id)


@clinic_view(Permission.EDIT_CLINICAL)
@require_http_methods(["GET", "POST"])
def session_start_past(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    """Record a visit that happened on an earlier day: its date, when the needles went in and,
    past the clinic's limit, why it is recorded only now."""
    actor = request.actor  # type: ignore[attr-defined]
    episode = episode_queries.get_episode(actor, episode_id)
    appointment = None
    if appointment_id := request.GET.get("appointment") or request.POST.get("appointment"):
        appointment = appointment_queries.get_appointment(actor, appointment_id)
        if appointment.episode_id != episode.pk:
            raise Http404("the appointment belongs to another episode")
    initial: dict[str, object] = {}
    if appointment is not None:
        local = timezone.localtime(appointment.starts_at, actor.clinic.zone)
        initial = {"performed_on": local.date(), "needled_at": local.time().replace(second=0)}
    form = PastVisitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        at = datetime.combine(d["performed_on"], d["needled_at"], tzinfo=actor.clinic.zone)
        try:
            session = services.start_session(
                actor,
                episode,
                appointment=appointment,
                performed_on=d["performed_on"],
                needled_at=at,
                backdating_reason=d["backdating_reason"],
            )
        except (services.SessionError, AppointmentError) as exc:
            field = getattr(exc, "field", None)
            form.add_error(field if field in form.fields else None, str(exc))
        else:
            return redirect("sessions:edit", session.public_id)
    return render(
        request,
        "sessions/start_past.html",
        {
            "episode": episode,
            "patient": episode.patient,
            "form": form,
            "appointment": appointment,
            "limit": actor.clinic.backdate_limit_days,
        },
        status=422 if form.errors else 200,
    )


@clinic_view(Permission.EDIT_CLINICAL)
@require_POST
def session_from_appointment(request: HttpRequest, appointment_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    appointment = appointment_queries.get_appointment(actor, appointment_id)
    if appointment.episode is None:
        messages.error(request, _("Link the appointment to an episode of care first."))
        return redirect("appointments:detail", appointment.public_id)
    try:
        session = services.start_session(actor, appointment.episode, appointment=appointment)
    except services.SessionError as exc:
        if exc.field in ("needled_at", "backdating_reason"):
            messages.info(request, str(exc))
            target = reverse("sessions:start_past", args=[appointment.episode.public_id])
            return redirect(f"{target}?appointment={appointment.public_id}")
        messages.error(request, str(exc))
        return redirect("appointments:detail", appointment.public_id)
    except AppointmentError as exc:
        messages.error(request, str(exc))
        return redirect("appointments:detail", appointment.public_id)
    return redirect("sessions:edit", session.public_id)


def _session_input(
    d: dict[str, object], rows: list[services.InsertionInput], session: NeedlingSession
) -> services.SessionInput:
    def at(name: str) -> datetime | None:
        stated = d[name]
        if not isinstance(stated, time):
            return None
        return datetime.combine(session.performed_on, stated, tzinfo=session.clinic.zone)

    estim_units = set(d["estim_units"] or [])  # type: ignore[call-overload]
    new_units = set(d["new_needle_units"] or [])  # type: ignore[call-overload]
    return services.SessionInput(
        modality=str(d["modality"]),
        new_red_flags=SessionForm.yes_no_value(str(d["new_red_flags"])),
        medication_changes=SessionForm.yes_no_value(str(d["medication_changes"])),
        medication_note=str(d["medication_note"]),
        side_effects_since_last=SessionForm.yes_no_value(str(d["side_effects_since_last"])),
        side_effects_note=str(d["side_effects_note"]),
        nprs_before=d["nprs_before"],  # type: ignore[arg-type]
        rom_measure=str(d["rom_measure"]),
        rom_before_cm=d["rom_before_cm"],  # type: ignore[arg-type]
        position=str(d["position"]),
        skin_cleaned=bool(d["skin_cleaned"]),
        single_use_sterile_needles=bool(d["single_use_sterile_needles"]),
        needled_at=at("needled_at"),
        stimulated_at=at("stimulated_at"),
        insertions=rows,
        overridden=list(d["overridden"]),  # type: ignore[call-overload]
        override_reason=str(d["override_reason"]),
        needles_out=d["needles_out"],  # type: ignore[arg-type]
        massage=bool(d["massage"]),
        heat=bool(d["heat"]),
        cold=bool(d["cold"]),
        stretching_given=bool(d["stretching_given"]),
        nprs_after=d["nprs_after"],  # type: ignore[arg-type]
        rom_after_cm=d["rom_after_cm"],  # type: ignore[arg-type]
        side_effects=[(code, "") for code in d["side_effects"]],  # type: ignore[attr-defined]
        face_to_face_minutes=d["face_to_face_minutes"],  # type: ignore[arg-type]
        acupuncture_units=[
            (n in estim_units, n in new_units) for n in range(1, services.ACUPUNCTURE_UNITS + 1)
        ]
        if d["modality"] == "acupuncture"
        else [],
        notes=str(d["notes"]),
        incident_explanation=str(d["incident_explanation"]),
    )


@clinic_view(Permission.EDIT_CLINICAL)
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    session = queries.get_session(actor, public_id)
    if not session.is_draft:
        return redirect("sessions:detail", session.public_id)
    if request.method == "GET":
        suggested = queries.suggested_rows(session)
        form = SessionForm(initial=_initial(session), override_choices=RELATIVE_CHOICES)
        formset = InsertionFormSet(initial=_rows(session, suggested), prefix="ins")
        return _page(request, session, form, formset, [], suggested=suggested)
    form = SessionForm(request.POST, override_choices=RELATIVE_CHOICES)
    formset = InsertionFormSet(request.POST, prefix="ins")
    problems: list[str] = []
    refused: list[needling_gate.GateLine] = []
    incident_only = False
    saved = False  # the draft was saved but signing was refused
    action = request.POST.get("action")
    data: services.SessionInput | None = None
    if form.is_valid() and formset.is_valid():
        rows = [row for f in formset if (row := f.to_value()) is not None]
        data = _session_input(form.cleaned_data, rows, session)
        if action != "record_incident":
            data = replace(data, incident_explanation="")
        elif not data.incident_explanation.strip():
            form.add_error(
                "incident_explanation", _("Say what happened and why the needling went ahead.")
            )
    if data is not None and not form.errors:
        try:
            services.save_session(actor, session, data)
            saved = True
            if action in ("sign", "sign_incident"):
                signed = services.sign_session(
                    actor, session, as_incident=action == "sign_incident"
                )
                if signed.incident_explanation:  # kept only on a record signed as an incident
                    messages.warning(request, _("Signed as a safety incident."))
                elif action == "sign_incident":
                    messages.success(
                        request,
                        _("Nothing on this record breaks the safety gate: signed as a session."),
                    )
                else:
                    messages.success(request, _("Session signed."))
                return redirect("sessions:detail", session.public_id)
        except services.SessionBlocked as exc:
            # What the record lacks goes beside its field (and into the summary with the
            # field's name); the rest is listed as it comes.
            placed = set()
            for field, message in services.record_gap_fields(session):
                if field in form.fields:
                    form.add_error(field, message[:1].upper() + message[1:])
                    placed.add(message)
            if "needles_not_counted" in exc.codes:
                form.add_error("needles_out", _("Count the needles out before signing."))
            problems.extend(r for r in exc.reasons if r not in placed)
            refused = exc.lines
            incident_only = exc.incident_only
        except services.SessionError as exc:
            where = SERVICE_FIELDS.get(exc.field or "", exc.field)
            typed = [row for row in formset if row.to_value() is not None]
            if where in form.fields:
                form.add_error(where, str(exc))  # beside its field, and in the summary below
            elif exc.row is not None and exc.row <= len(typed):
                typed[exc.row - 1].add_error(None, str(exc))  # beside its insertion
            else:
                problems.append(str(exc))
        except services.SessionLocked as exc:
            problems.append(str(exc))
        else:
            if action == "record_incident":
                messages.warning(
                    request,
                    _(
                        "This draft now records a safety incident: enter what was done; it can "
                        "be signed only as a safety incident, which the clinic's owner reviews."
                    ),
                )
            else:
                messages.success(request, _("Draft saved."))
            return redirect("sessions:edit", session.public_id)
    problems.extend(str(e) for e in form.non_field_errors())
    for name, errors in form.errors.items():
        if name != "__all__":
            label = form.fields[name].label if name in form.fields else name
            problems.extend(f"{label}: {m}" for m in errors)
    problems.extend(str(e) for e in formset.non_form_errors())  # the rows' own bookkeeping
    for number, row_form in enumerate(formset, start=1):
        for name, messages_ in row_form.errors.items():
            if name == "__all__":
                problems.extend(str(m) for m in messages_)  # a service refusal
                continue
            label = row_form.fields[name].label if name in row_form.fields else name
            problems.extend(f"{_('Insertion')} {number} · {label}: {m}" for m in messages_)
    session.refresh_from_db()
    return _page(
        request,
        session,
        form,
        formset,
        problems,
        status=422,
        incident_only=incident_only,
        refused=refused,
        saved=saved,
    )


@clinic_view(Permission.VIEW_CLINICAL)
@require_GET
def muscle_warnings(request: HttpRequest) -> HttpResponse:
    """Depth and anatomy warnings for a muscle, shown where the insertion is entered (htmx)."""
    try:
        # The select posts under its formset name (ins-0-muscle); take its value whatever the name.
        muscle = muscles.get(str(next(iter(request.GET.values()), "")))
    except ValueError:
        return HttpResponse("")
    return render(request, "sessions/_warnings.html", {"warnings": muscle.warnings})


@clinic_view(Permission.EDIT_CLINICAL)
@require_POST
def record_mismatch(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    session = queries.get_session(actor, public_id)
    form = MismatchForm(request.POST, prefix="mismatch")
    if form.is_valid():
        outcome = form.cleaned_data["outcome"]
        try:
            services.record_needle_mismatch(
                actor,
                session,
                needles_out=form.cleaned_data["needles_out"],
                action=form.cleaned_data["action"],
                all_found=outcome == "all_found",
                search_ended=outcome == "search_ended",
            )
        except services.SessionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.warning(request, _("Needle mismatch recorded as a safety event of the visit."))
            return redirect(
                "sessions:edit" if session.is_draft else "sessions:detail", session.public_id
            )
    return _refused_event_form(request, session, mismatch_form=form)


@clinic_view(Permission.EDIT_CLINICAL)
@require_POST
def resolve_mismatch(request: HttpRequest, public_id: UUID, event_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    session = queries.get_session(actor, public_id)
    event = _visit_event(actor, session, event_id)
    form = ResolveMismatchForm(request.POST, prefix=f"resolve-{event.public_id}")
    if form.is_valid():
        try:
            services.resolve_needle_event(
                actor,
                event,
                needles_accounted=form.cleaned_data["needles_accounted"],
                note=form.cleaned_data["resolution_note"],
            )
        except services.SessionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Needle event resolved."))
            return redirect(_page_url(session))
    return _refused_event_form(request, session, posted=(event, form))


@clinic_view(Permission.EDIT_CLINICAL)
@require_POST
def needle_found(request: HttpRequest, public_id: UUID, event_id: UUID) -> HttpResponse:
    """A needle closed as never found, found later."""
    actor = request.actor  # type: ignore[attr-defined]
    session = queries.get_session(actor, public_id)
    event = _visit_event(actor, session, event_id)
    form = FoundLaterForm(request.POST, prefix=f"found-{event.public_id}")
    if form.is_valid():
        try:
            services.record_needle_found(actor, event, note=form.cleaned_data["found_note"])
        except services.SessionError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Recorded: the needle was found."))
            return redirect(_page_url(session))
    return _refused_event_form(request, session, posted=(event, form))


@clinic_view(Permission.REVIEW_INCIDENTS)
@require_GET
def incident_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    found = queries.incidents(actor)
    return render(
        request,
        "sessions/incidents.html",
        {"incidents": found, "open_count": sum(not i.is_reviewed for i in found)},
    )


@clinic_view(Permission.REVIEW_INCIDENTS)
@require_http_methods(["GET", "POST"])
def incident_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    incident = queries.get_incident(actor, public_id)
    form = ReviewIncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_incident(actor, incident, note=form.cleaned_data["review_note"])
        except services.SessionError as exc:
            form.add_error("review_note", str(exc))
        else:
            messages.success(request, _("Review recorded."))
            return redirect("sessions:incidents")
    return render(
        request,
        "sessions/incident_detail.html",
        {"incident": incident, "patient": incident.patient, "form": form},
        status=422 if form.errors else 200,
    )


@clinic_view(Permission.VIEW_CLINICAL)
def session_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    session = queries.get_session(actor, public_id)
    if session.is_draft:
        return redirect("sessions:edit", session.public_id)
    return _detail(request, session)


def _detail(
    request: HttpRequest, session: NeedlingSession, status: int = 200, **event_forms: Any
) -> HttpResponse:
    return render(
        request,
        "sessions/session_detail.html",
        {"session": session, "patient": session.patient, **_event_context(session, **event_forms)},
        status=status,
    )


def _refused_event_form(
    request: HttpRequest, session: NeedlingSession, **event_forms: Any
) -> HttpResponse:
    """The session's page again, with the needle event form just refused (errors beside its
    fields, what was typed kept)."""
    if not session.is_draft:
        return _detail(request, session, status=422, **event_forms)
    form = SessionForm(initial=_initial(session), override_choices=RELATIVE_CHOICES)
    formset = InsertionFormSet(initial=_rows(session), prefix="ins")
    return _page(request, session, form, formset, [], status=422, **event_forms)


def _visit_event(actor: Actor, session: NeedlingSession, event_id: UUID) -> NeedleMismatch:
    """A needle event of the session's visit (404 for any other)."""
    event = queries.get_needle_event(actor, event_id)
    if event.pk not in {e.pk for e in queries.visit_needle_events(session)}:
        raise Http404
    return event


@clinic_view(Permission.EDIT_CLINICAL)
@require_POST
def session_amend(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    session = queries.get_session(actor, public_id)
    try:
        copy = services.amend_session(actor, session, reason=request.POST.get("reason", ""))
    except (services.SessionError, services.SessionLocked) as exc:
        messages.error(request, str(exc))
        return redirect("sessions:detail", session.public_id)
    return redirect("sessions:edit", copy.public_id)


@clinic_view(Permission.MARK_ENTERED_IN_ERROR)
@require_http_methods(["GET", "POST"])
def session_entered_in_error(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    session = queries.get_session(actor, public_id)
    return entered_in_error_page(
        request,
        patient=session.patient,
        subject=_("needling session"),
        mark=lambda reason: services.mark_session_entered_in_error(actor, session, reason=reason),
        refusals=(services.SessionError, services.SessionLocked),
        done=_("The session is now marked entered in error; it no longer counts as a visit."),
        context={"record_on": session.performed_on},
    )


def _aftercare(
    request: HttpRequest, public_id: UUID
) -> tuple[NeedlingSession, aftercare.Aftercare]:
    actor = request.actor  # type: ignore[attr-defined]
    if can(actor, Permission.VIEW_CLINICAL):
        session = queries.get_session(actor, public_id)
        if session.status == RecordStatus.ENTERED_IN_ERROR:
            raise Http404("a session entered in error has no aftercare sheet")
    else:  # front desk: signed sessions only, for printing
        session = queries.get_session_for_aftercare(actor, public_id)
    return session, aftercare.build(session)


@clinic_view(Permission.VIEW_PATIENTS)
def aftercare_sheet(request: HttpRequest, public_id: UUID) -> HttpResponse:
    session, sheet = _aftercare(request, public_id)
    return render(
        request,
        "sessions/aftercare.html",
        {"sheet": sheet, "session": session, "standalone": False},
    )


@clinic_view(Permission.VIEW_PATIENTS)
def aftercare_pdf(request: HttpRequest, public_id: UUID) -> HttpResponse:
    session, sheet = _aftercare(request, public_id)
    from taut.sessions.pdf import render_pdf  # noqa: PLC0415 - WeasyPrint loads system libraries

    html = render(
        request, "sessions/aftercare_print.html", {"sheet": sheet, "session": session}
    ).content.decode()
    try:
        pdf = render_pdf(html)
    except OSError:
        return HttpResponse(
            _("PDF output needs the Pango library on the server (apt-get install libpango-1.0-0)."),
            status=503,
            content_type="text/plain",
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="aftercare-{session.performed_on}.pdf"'
    return response
