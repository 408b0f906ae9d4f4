"""Needling session pages: the record, signing, reconciliation, amendment and the aftercare sheet."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taut.appointments import queries as appointment_queries
from taut.appointments.services import AppointmentError
from taut.clinical import muscles
from taut.clinical.contraindications import CONTRAINDICATIONS
from taut.clinics.decorators import clinic_view
from taut.clinics.permissions import Permission
from taut.episodes import queries as episode_queries
from taut.patients.entered_in_error import entered_in_error_page
from taut.sessions import aftercare, queries, services
from taut.sessions.forms import InsertionFormSet, MismatchForm, SessionForm
from taut.sessions.models import NeedlingSession, SessionStatus

RELATIVE_CHOICES = [
    (code, row.text) for code, row in CONTRAINDICATIONS.items() if str(row.strength) == "relative"
]
EMPTY_ROWS = 2


def _initial(session: NeedlingSession) -> dict[str, object]:
    def yn(value: bool | None) -> str:
        return "" if value is None else ("yes" if value else "no")

    return {
        **{name: getattr(session, name) for name in services.SIMPLE_FIELDS},
        "new_red_flags": yn(session.new_red_flags),
        "medication_changes": yn(session.medication_changes),
        "side_effects_since_last": yn(session.side_effects_since_last),
        "overridden": session.overridden,
        "side_effects": [e.code for e in session.side_effects.all()],
    }


def _rows(session: NeedlingSession) -> list[dict[str, object]]:
    fields = list(InsertionFormSet.form.base_fields)
    rows = [{name: getattr(i, name) for name in fields} for i in session.insertions.all()]
    return rows + [{} for _ in range(EMPTY_ROWS)]


def _page(
    request: HttpRequest,
    session: NeedlingSession,
    form: SessionForm,
    formset: object,
    problems: list[str],
    status: int = 200,
) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    blocked, overrides, warnings = services.gate_for(actor, session)
    coding = services.preview_codes(session) if session.insertions.exists() else None
    return render(
        request,
        "sessions/session_form.html",
        {
            "session": session,
            "patient": session.patient,
            "form": form,
            "formset": formset,
            "problems": problems,
            "blocked": blocked,
            "overrides": overrides,
            "warnings": warnings,
            "needles_in": services.needles_in(session),
            "coding": coding,
            "mismatch_form": MismatchForm(
                initial={"needles_out": session.needles_out}, prefix="mismatch"
            ),
        },
        status=status,
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
@require_POST
def session_from_appointment(request: HttpRequest, appointment_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    appointment = appointment_queries.get_appointment(actor, appointment_id)
    if appointment.episode is None:
        messages.error(request, _("Link the appointment to an episode of care first."))
        return redirect("appointments:detail", appointment.public_id)
    try:
        session = services.start_session(actor, appointment.episode, appointment=appointment)
    except (services.SessionError, AppointmentError) as exc:
        messages.error(request, str(exc))
        return redirect("appointments:detail", appointment.public_id)
    return redirect("sessions:edit", session.public_id)


@clinic_view(Permission.EDIT_CLINICAL)
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    session = queries.get_session(actor, public_id)
    if not session.is_draft:
        return redirect("sessions:detail", session.public_id)
    if request.method == "GET":
        form = SessionForm(initial=_initial(session), override_choices=RELATIVE_CHOICES)
        formset = InsertionFormSet(initial=_rows(session), prefix="ins")
        return _page(request, session, form, formset, [])
    form = SessionForm(request.POST, override_choices=RELATIVE_CHOICES)
    formset = InsertionFormSet(request.POST, prefix="ins")
    problems: list[str] = []
    if form.is_valid() and formset.is_valid():
        d = form.cleaned_data
        data = services.SessionInput(
            modality=d["modality"],
            new_red_flags=SessionForm.yes_no_value(d["new_red_flags"]),
            medication_changes=SessionForm.yes_no_value(d["medication_changes"]),
            medication_note=d["medication_note"],
            side_effects_since_last=SessionForm.yes_no_value(d["side_effects_since_last"]),
            side_effects_note=d["side_effects_note"],
            nprs_before=d["nprs_before"],
            rom_measure=d["rom_measure"],
            rom_before_cm=d["rom_before_cm"],
            position=d["position"],
            skin_cleaned=d["skin_cleaned"],
            insertions=[row for f in formset if (row := f.to_value()) is not None],
            overridden=d["overridden"],
            override_reason=d["override_reason"],
            needles_out=d["needles_out"],
            massage=d["massage"],
            heat=d["heat"],
            stretching_given=d["stretching_given"],
            nprs_after=d["nprs_after"],
            rom_after_cm=d["rom_after_cm"],
            side_effects=[(code, "") for code in d["side_effects"]],
            face_to_face_minutes=d["face_to_face_minutes"],
            reinsertions=d["reinsertions"] or 0,
            notes=d["notes"],
        )
        try:
            services.save_session(actor, session, data)
            if request.POST.get("action") == "sign":
                services.sign_session(actor, session)
                messages.success(request, _("Session signed."))
                return redirect("sessions:detail", session.public_id)
        except services.SessionBlocked as exc:
            problems.extend(exc.reasons)
        except (services.SessionError, services.SessionLocked) as exc:
            problems.append(str(exc))
        else:
            messages.success(request, _("Draft saved."))
            return redirect("sessions:edit", session.public_id)
    for number, errors in enumerate(formset.errors, start=1):
        for name, messages_ in errors.items():  # type: ignore[attr-defined]
            problems.extend(f"{_('Insertion')} {number} · {name}: {m}" for m in messages_)
    session.refresh_from_db()
    return _page(request, session, form, formset, problems, status=422)


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
        try:
            services.record_needle_mismatch(
                actor,
                session,
                needles_out=form.cleaned_data["needles_out"],
                action=form.cleaned_data["action"],
                resolved=form.cleaned_data["resolved"],
            )
        except services.SessionError as exc:
            messages.error(request, str(exc))
        else:
            messages.warning(request, _("Needle mismatch recorded as a safety event."))
    else:
        messages.error(request, _("Give the count and what was done."))
    return redirect("sessions:edit" if session.is_draft else "sessions:detail", session.public_id)


@clinic_view(Permission.VIEW_CLINICAL)
def session_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    session = queries.get_session(actor, public_id)
    if session.is_draft:
        return redirect("sessions:edit", session.public_id)
    return render(
        request,
        "sessions/session_detail.html",
        {"session": session, "patient": session.patient},
    )


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
    session = queries.get_session(actor, public_id)
    if session.status == SessionStatus.ENTERED_IN_ERROR:
        raise Http404("a session entered in error has no aftercare sheet")
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
