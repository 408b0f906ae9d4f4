"""Recording, signing and amending needling sessions.

Signing is where safety is enforced, in the service and not only in the page: the needling gate
(red-flag triage, safety profile, contraindications for the muscles and sides needled, consent and
electrical-stimulation consent), documented overrides for relative contraindications, and needle
reconciliation. A refusal names every reason and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from taut.appointments import services as appointment_services
from taut.appointments.models import Appointment
from taut.audit.models import Action
from taut.audit.services import record
from taut.clinical import adverse_events, billing, muscles
from taut.clinical.contraindications import CONTRAINDICATIONS
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.consent.queries import has_valid_consent
from taut.episodes.models import Episode
from taut.lib.records import withdraw_versions
from taut.safety.queries import needling_gate
from taut.sessions.models import (
    Insertion,
    Modality,
    NeedleMismatch,
    NeedlingSession,
    Position,
    RomMeasure,
    SessionSideEffect,
    SessionStatus,
    Technique,
)

NEEDLE_LENGTHS_MM = (13, 15, 25, 30, 40, 50, 60, 75, 90, 100)


class SessionError(ValueError):
    """Input a session cannot take; ``field`` names it. Nothing is saved."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class SessionBlocked(Exception):
    """Signing refused; ``reasons`` lists every reason. Nothing changed."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class SessionLocked(ValueError):
    """The session is signed or withdrawn; corrections are amendments."""


@dataclass(frozen=True)
class InsertionInput:
    muscle: str
    side: str
    needle_gauge_mm: Decimal
    needle_length_mm: int
    needle_count: int
    depth_mm: Decimal
    technique: str
    trigger_point: str = ""
    twitch_responses: int = 0
    retention_minutes: int = 0
    estim: bool = False
    estim_frequency_hz: Decimal | None = None
    estim_pulse_width_us: int | None = None
    estim_intensity_ma: Decimal | None = None
    estim_minutes: int | None = None


@dataclass(frozen=True)
class SessionInput:
    """Everything the session page records, as plain values."""

    modality: str = Modality.DRY_NEEDLING
    new_red_flags: bool | None = None
    medication_changes: bool | None = None
    medication_note: str = ""
    side_effects_since_last: bool | None = None
    side_effects_note: str = ""
    nprs_before: int | None = None
    rom_measure: str = ""
    rom_before_cm: Decimal | None = None
    position: str = ""
    skin_cleaned: bool = False
    insertions: Sequence[InsertionInput] = ()
    overridden: Sequence[str] = ()
    override_reason: str = ""
    needles_out: int | None = None
    massage: bool = False
    heat: bool = False
    stretching_given: bool = False
    nprs_after: int | None = None
    rom_after_cm: Decimal | None = None
    side_effects: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (code, note)
    face_to_face_minutes: int | None = None
    reinsertions: int = 0
    notes: str = ""


def _check_insertion(index: int, row: InsertionInput) -> None:
    where = f"insertion {index}"
    try:
        muscle = muscles.get(row.muscle)
    except ValueError as exc:
        raise SessionError(f"{where}: {exc}", field="insertions") from exc
    if row.side not in ("left", "right"):
        raise SessionError(
            f"{where}: side must be left or right, not {row.side!r}", field="insertions"
        )
    if row.trigger_point and row.trigger_point not in {tp.code for tp in muscle.trigger_points}:
        raise SessionError(
            f"{where}: {row.trigger_point!r} is not a trigger point of {muscle.label}",
            field="insertions",
        )
    if row.needle_count < 1:
        raise SessionError(
            f"{where}: the number of needles must be at least 1, not {row.needle_count}",
            field="insertions",
        )
    if row.needle_length_mm not in NEEDLE_LENGTHS_MM:
        raise SessionError(
            f"{where}: unusual needle length {row.needle_length_mm} mm", field="insertions"
        )
    if not Decimal("0.12") <= row.needle_gauge_mm <= Decimal("0.40"):
        raise SessionError(
            f"{where}: needle diameter {row.needle_gauge_mm} mm is outside 0.12-0.40 mm",
            field="insertions",
        )
    if row.depth_mm <= 0:
        raise SessionError(f"{where}: depth must be more than 0 mm", field="insertions")
    if row.depth_mm > row.needle_length_mm:
        raise SessionError(
            f"{where}: depth {row.depth_mm} mm is beyond the needle's length of {row.needle_length_mm} mm",
            field="insertions",
        )
    if row.technique not in Technique.values:
        raise SessionError(f"{where}: unknown technique {row.technique!r}", field="insertions")
    if row.twitch_responses < 0 or row.retention_minutes < 0:
        raise SessionError(f"{where}: counts and minutes cannot be negative", field="insertions")
    estim_values = (
        row.estim_frequency_hz,
        row.estim_pulse_width_us,
        row.estim_intensity_ma,
        row.estim_minutes,
    )
    if row.estim:
        if any(v is None or v <= 0 for v in estim_values):
            raise SessionError(
                f"{where}: electrical stimulation needs frequency, pulse width, intensity and minutes",
                field="insertions",
            )
    elif any(v is not None for v in estim_values):
        raise SessionError(
            f"{where}: stimulation settings given but stimulation not ticked", field="insertions"
        )


def _check(data: SessionInput) -> None:
    if data.modality not in Modality.values:
        raise SessionError(f"unknown modality {data.modality!r}", field="modality")
    for name in ("nprs_before", "nprs_after"):
        value = getattr(data, name)
        if value is not None and not 0 <= value <= 10:
            raise SessionError(f"pain must be 0 to 10, not {value}", field=name)
    for name in ("rom_before_cm", "rom_after_cm"):
        value = getattr(data, name)
        if value is not None and value < 0:
            raise SessionError("a distance cannot be negative", field=name)
    if data.rom_measure not in RomMeasure.values:
        raise SessionError(f"unknown measure {data.rom_measure!r}", field="rom_measure")
    if data.position and data.position not in Position.values:
        raise SessionError(f"unknown position {data.position!r}", field="position")
    for index, row in enumerate(data.insertions, start=1):
        _check_insertion(index, row)
    if data.needles_out is not None and data.needles_out < 0:
        raise SessionError("needles out cannot be negative", field="needles_out")
    for code, _note in data.side_effects:
        if code not in adverse_events.ADVERSE_EVENTS:
            raise SessionError(f"unknown side effect {code!r}", field="side_effects")
    if data.face_to_face_minutes is not None and data.face_to_face_minutes < 0:
        raise SessionError("minutes cannot be negative", field="face_to_face_minutes")
    if data.reinsertions < 0:
        raise SessionError("re-insertions cannot be negative", field="reinsertions")
    for code in data.overridden:
        known = CONTRAINDICATIONS.get(code)
        if known is None or str(known.strength) != "relative":
            raise SessionError(
                f"{code!r} is not a relative contraindication that can be overridden",
                field="overridden",
            )


def _lock_draft(actor: Actor, session: NeedlingSession) -> NeedlingSession:
    locked = NeedlingSession.objects.select_for_update().get(pk=session.pk, clinic=actor.clinic)
    if not locked.is_draft:
        raise SessionLocked("This session is signed; record changes as an amendment.")
    return locked


@transaction.atomic
def start_session(
    actor: Actor,
    episode: Episode,
    *,
    appointment: Appointment | None = None,
    performed_on: date | None = None,
) -> NeedlingSession:
    """Open a draft session for an active episode (or return the draft already open).

    Opened from an appointment, the session is linked to it and the appointment marked attended
    once it has started.
    """
    require(actor, Permission.EDIT_CLINICAL)
    episode = Episode.objects.select_for_update().get(pk=episode.pk, clinic=actor.clinic)
    if not episode.is_active:
        raise SessionError("Only an active episode can have a needling session.")
    if performed_on is not None and performed_on > actor.today():
        raise SessionError("a session cannot be dated in the future", field="performed_on")
    draft = episode.needling_sessions.filter(status=SessionStatus.DRAFT).first()
    if draft is not None and draft.amends_id is not None:
        raise SessionError(
            f"An amendment of the session of {draft.performed_on.isoformat()} is open in this "
            "episode: sign it or mark it entered in error before recording another visit."
        )
    if draft is not None:
        return draft
    if performed_on is None and appointment is not None:
        performed_on = actor.clinic.local_date(appointment.starts_at)
    session = NeedlingSession.objects.create(
        clinic=actor.clinic,
        patient=episode.patient,
        episode=episode,
        appointment=appointment,
        performed_on=performed_on or actor.today(),
        created_by=actor.user,
    )
    if appointment is not None and appointment.starts_at <= timezone.now():
        appointment_services.mark_attended(actor, appointment)
    record(
        actor,
        Action.CREATE,
        object_type="needling_session",
        object_id=session.public_id,
        patient=episode.patient,
    )
    return session


SIMPLE_FIELDS = (
    "modality",
    "new_red_flags",
    "medication_changes",
    "medication_note",
    "side_effects_since_last",
    "side_effects_note",
    "nprs_before",
    "rom_measure",
    "rom_before_cm",
    "position",
    "skin_cleaned",
    "override_reason",
    "needles_out",
    "massage",
    "heat",
    "stretching_given",
    "nprs_after",
    "rom_after_cm",
    "face_to_face_minutes",
    "reinsertions",
    "notes",
)


@transaction.atomic
def save_session(actor: Actor, session: NeedlingSession, data: SessionInput) -> NeedlingSession:
    """Replace a draft's content after checking every part; bad input raises and saves nothing."""
    require(actor, Permission.EDIT_CLINICAL)
    session = _lock_draft(actor, session)
    _check(data)
    for name in SIMPLE_FIELDS:
        setattr(session, name, getattr(data, name))
    session.overridden = sorted(set(data.overridden))
    session.save()
    # A draft's rows are working notes until signing; they are replaced, not versioned.
    session.insertions.all().delete()
    Insertion.objects.bulk_create(
        Insertion(session=session, **row.__dict__) for row in data.insertions
    )
    session.side_effects.all().delete()
    SessionSideEffect.objects.bulk_create(
        SessionSideEffect(session=session, code=code, note=note[:300])
        for code, note in data.side_effects
    )
    record(
        actor,
        Action.UPDATE,
        object_type="needling_session",
        object_id=session.public_id,
        patient=session.patient,
        detail={"insertions": len(data.insertions)},
    )
    return session


def needles_in(session: NeedlingSession) -> int:
    return sum(i.needle_count for i in session.insertions.all())


def uses_estim(session: NeedlingSession) -> bool:
    return any(i.estim for i in session.insertions.all())


def gate_for(actor: Actor, session: NeedlingSession) -> tuple[list[str], list[str], list[str]]:
    """(blocking reasons, relative contraindications still needing an override, warnings)."""
    rows = list(session.insertions.all())
    estim = any(r.estim for r in rows)
    decision = needling_gate(
        actor,
        session.patient,
        actor.today(),
        muscles=sorted({r.muscle for r in rows}),
        sides=sorted({r.side for r in rows}),
        estim=estim,
        overridden=session.overridden,
        needling_consent=has_valid_consent(actor.clinic, session.patient, kind="dry_needling"),
        estim_consent=has_valid_consent(
            actor.clinic, session.patient, kind="electrical_stimulation"
        )
        if estim
        else None,
    )
    return (
        list(decision.blocked_reasons),
        [
            f"{item.text} (needs a documented override: {item.code})"
            for item in decision.needs_override
        ],
        [item.text for item in decision.warnings],
    )


def _sign_problems(actor: Actor, session: NeedlingSession) -> list[str]:
    problems: list[str] = []
    if (
        session.new_red_flags is None
        or session.medication_changes is None
        or session.side_effects_since_last is None
    ):
        problems.append(
            "answer the pre-treatment questions (new red flags, medicines, side effects since last time)"
        )
    if session.new_red_flags:
        problems.append("new red flags were reported today: screen them again before needling")
    if session.nprs_before is None:
        problems.append("record today's pain (NPRS) before needling")
    if not session.position or not session.skin_cleaned:
        problems.append("record the position and that the skin was cleaned")
    if not session.insertions.exists():
        problems.append("record at least one insertion")
    if session.amends_id is None or _needling_changed(session):
        blocked, overrides, _warnings = gate_for(actor, session)
        problems.extend(blocked)
        problems.extend(overrides)
    if session.overridden and not session.override_reason.strip():
        problems.append("give the reason for overriding the relative contraindications")
    total_in = needles_in(session)
    if session.needles_out is None:
        problems.append("count the needles out")
    elif session.needles_out != total_in:
        problems.append(
            f"needles out ({session.needles_out}) do not match needles in ({total_in}): "
            "find every needle and record the mismatch as a safety event"
        )
    latest = session.mismatches.order_by("-recorded_at", "-id").first()
    if latest is not None and not latest.resolved:
        problems.append(
            "a needle mismatch is still unresolved: record what was done and mark it resolved"
        )
    return problems


def _needled(session: NeedlingSession) -> set[tuple[str, str, bool]]:
    return {(i.muscle, i.side, i.estim) for i in session.insertions.all()}


def _needling_changed(amendment: NeedlingSession) -> bool:
    """Whether an amendment changes what was needled (muscle, side, stimulation).

    An amendment that only corrects the documentation of a visit already gated is not checked
    against today's safety state (a profile due for recheck since, a consent withdrawn since);
    one that records different needling is.
    """
    original = amendment.amends
    return original is not None and _needled(amendment) != _needled(original)


def _codes(session: NeedlingSession) -> billing.SessionCoding:
    rows = session.insertions.all()
    if session.modality == Modality.ACUPUNCTURE:
        return billing.session_codes(
            acupuncture_minutes=session.face_to_face_minutes or 0,
            estim=any(r.estim for r in rows),
            reinsertions=session.reinsertions,
        )
    return billing.session_codes(muscles=[(r.muscle, r.side) for r in rows])


def preview_codes(session: NeedlingSession) -> billing.SessionCoding:
    """The billing codes the session would carry if signed now (for display)."""
    return _codes(session)


@transaction.atomic
def sign_session(actor: Actor, session: NeedlingSession) -> NeedlingSession:
    """Sign and lock a session after the safety gate, overrides and reconciliation.

    Raises SessionBlocked listing every reason (nothing changes), SessionLocked for a signed one,
    PermissionDenied for roles that may not sign.
    """
    require(actor, Permission.EDIT_CLINICAL)
    session = _lock_draft(actor, session)
    if session.amends_id is not None:
        original = NeedlingSession.objects.select_for_update().get(pk=session.amends_id)
        if original.status != SessionStatus.SIGNED:
            raise SessionLocked(
                "The version this amends is no longer the signed record; this amendment cannot "
                "be signed."
            )
    problems = _sign_problems(actor, session)
    if problems:
        raise SessionBlocked(problems)
    coding = _codes(session)
    session.billing_codes = [list(pair) for pair in coding.codes]
    session.billing_notes = list(coding.reasons)
    session.status = SessionStatus.SIGNED
    session.signed_at = timezone.now()
    session.signed_by = actor.user
    session.save(
        update_fields=["billing_codes", "billing_notes", "status", "signed_at", "signed_by"]
    )
    if session.amends_id is not None:
        NeedlingSession.objects.filter(pk=session.amends_id).update(status=SessionStatus.AMENDED)
    record(
        actor,
        Action.SIGN,
        object_type="needling_session",
        object_id=session.public_id,
        patient=session.patient,
        detail={"codes": session.billing_codes, "overridden": session.overridden},
    )
    return session


@transaction.atomic
def record_needle_mismatch(
    actor: Actor, session: NeedlingSession, *, needles_out: int, action: str, resolved: bool
) -> NeedleMismatch:
    """Record a needle count mismatch as its own safety event (what was done about it)."""
    require(actor, Permission.EDIT_CLINICAL)
    session = NeedlingSession.objects.get(pk=session.pk, clinic=actor.clinic)
    if not action.strip():
        raise SessionError("say what was done to find the needle", field="action")
    event = NeedleMismatch.objects.create(
        session=session,
        needles_in=needles_in(session),
        needles_out=needles_out,
        resolved=resolved,
        action=action.strip(),
        recorded_by=actor.user,
    )
    record(
        actor,
        Action.CREATE,
        object_type="needle_mismatch",
        object_id=event.public_id,
        patient=session.patient,
        detail={"needles_in": event.needles_in, "needles_out": needles_out, "resolved": resolved},
    )
    return event


@transaction.atomic
def amend_session(actor: Actor, session: NeedlingSession, *, reason: str) -> NeedlingSession:
    """Start a new version of a signed session, copying its content, with a reason."""
    require(actor, Permission.EDIT_CLINICAL)
    if not reason.strip():
        raise SessionError("A reason for the amendment is required.", field="reason")
    original = NeedlingSession.objects.select_for_update().get(pk=session.pk, clinic=actor.clinic)
    if original.status != SessionStatus.SIGNED:
        raise SessionLocked("Only the current signed version can be amended.")
    if original.episode.needling_sessions.filter(status=SessionStatus.DRAFT).exists():
        raise SessionError("A draft is already open for this episode; finish it first.")
    copy = NeedlingSession.objects.create(
        clinic=original.clinic,
        patient=original.patient,
        episode=original.episode,
        appointment=original.appointment,
        performed_on=original.performed_on,
        version=original.version + 1,
        amends=original,
        amendment_reason=reason.strip(),
        created_by=actor.user,
        **{name: getattr(original, name) for name in SIMPLE_FIELDS},
        overridden=original.overridden,
    )
    Insertion.objects.bulk_create(
        Insertion(
            session=copy,
            **{
                f.name: getattr(i, f.name)
                for f in Insertion._meta.fields
                if f.name not in ("id", "session")
            },
        )
        for i in original.insertions.all()
    )
    SessionSideEffect.objects.bulk_create(
        SessionSideEffect(session=copy, code=e.code, note=e.note)
        for e in original.side_effects.all()
    )
    record(
        actor,
        Action.CREATE,
        object_type="needling_session",
        object_id=copy.public_id,
        patient=copy.patient,
        detail={"amends_version": original.version, "reason": reason.strip()},
    )
    return copy


@transaction.atomic
def mark_session_entered_in_error(
    actor: Actor, session: NeedlingSession, *, reason: str
) -> NeedlingSession:
    """Withdraw a session recorded by mistake (wrong patient, wrong day, a duplicate).

    A draft is withdrawn alone (for a draft amendment this discards the amendment; the signed
    version stands). The current signed version is withdrawn with the versions it amends and any
    amendment of it still open: all kept, marked, with the reason, and no longer counted as a
    visit, for billing or for the plan. A superseded version cannot be withdrawn on its own.
    """
    require(actor, Permission.MARK_ENTERED_IN_ERROR)
    if not reason.strip():
        raise SessionError("A reason is required.", field="reason")
    locked = NeedlingSession.objects.select_for_update().get(pk=session.pk, clinic=actor.clinic)
    if locked.status not in (SessionStatus.DRAFT, SessionStatus.SIGNED):
        raise SessionLocked(
            "Only a draft or the current signed version can be marked entered in error."
        )
    for version in withdraw_versions(locked, actor.user, reason.strip()):
        record(
            actor,
            Action.ENTERED_IN_ERROR,
            object_type="needling_session",
            object_id=version.public_id,
            patient=version.patient,
            detail={"version": version.version, "reason": reason.strip()},
        )
    return locked
