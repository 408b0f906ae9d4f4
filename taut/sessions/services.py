"""Recording, signing and amending needling sessions.

The needling gate (``taut.clinical.gate``, asked through ``taut.sessions.gate``) is enforced here,
in the service, on every route: while it blocks, a draft takes no insertions (before the needle);
signing re-checks everything on the facts in force when the needles went in, amendments
included. A record of needling that broke the gate can be signed only as a safety incident. A
refusal names every reason and changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from taut.appointments import services as appointment_services
from taut.appointments.models import Appointment
from taut.appointments.models import Status as AppointmentStatus
from taut.audit.models import Action
from taut.audit.services import record
from taut.clinical import (
    adverse_events,
    billing,
    examination,
    gate,
    instruments,
    muscles,
    needles,
)
from taut.clinical.contraindications import CONTRAINDICATIONS, Strength
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.episodes.models import Episode
from taut.lib import records
from taut.lib.records import RecordLocked, RecordStatus
from taut.sessions import gate as needling_gate
from taut.sessions import queries
from taut.sessions.models import (
    Insertion,
    Modality,
    NeedleMismatch,
    NeedlingSession,
    Position,
    RomMeasure,
    SafetyIncident,
    SessionSideEffect,
    Technique,
)

ESTIM_CHANNELS = tuple("ABCDEFGH")
# The session page describes up to 8 acupuncture units (two hours of face-to-face time).
ACUPUNCTURE_UNITS = 8
# The largest count or number of minutes a record takes (typing slips, and the columns' range).
MAX_COUNT = 999
MAX_PULSE_WIDTH_US = 100_000


class SessionError(ValueError):
    """Input a session cannot take; ``field`` names it (and ``row``, from 1, the insertion).
    Nothing is saved."""

    def __init__(self, message: str, *, field: str | None = None, row: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.row = row


class SessionBlocked(Exception):
    """Refused by the needling gate or the record's completeness; ``reasons`` lists every reason
    in words and ``codes`` the gate's codes (plus ``incomplete`` for a missing part). Nothing
    changed. ``incident_only``: the record is complete and could be signed as a safety incident.
    """

    def __init__(
        self,
        reasons: list[str],
        *,
        codes: Sequence[str] = (),
        incident_only: bool = False,
        lines: Sequence[needling_gate.GateLine] = (),
    ) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons
        self.codes = list(codes)
        self.incident_only = incident_only
        self.lines = list(lines)  # the gate's reasons with the steps that resolve them


# The lifecycle's refusal: the session is signed or withdrawn; corrections are amendments.
SessionLocked = RecordLocked


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
    estim_channel: str = ""
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
    single_use_sterile_needles: bool = False
    needled_at: datetime | None = None
    stimulated_at: datetime | None = None  # when stimulation began, if stated
    insertions: Sequence[InsertionInput] = ()
    overridden: Sequence[str] = ()
    override_reason: str = ""
    needles_out: int | None = None
    massage: bool = False
    heat: bool = False
    cold: bool = False
    stretching_given: bool = False
    nprs_after: int | None = None
    rom_after_cm: Decimal | None = None
    side_effects: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (code, note)
    face_to_face_minutes: int | None = None
    # Per 15-minute acupuncture unit, in order: (stimulation used, new needles inserted).
    acupuncture_units: Sequence[tuple[bool, bool]] = ()
    notes: str = ""
    # Needling already happened although the gate refuses it: record the draft as an incident
    # (see ``begin_incident_record``) in the same save, so the insertions typed are taken.
    incident_explanation: str = ""


def _check_insertion(index: int, row: InsertionInput) -> None:
    def refuse(problem: str) -> SessionError:
        return SessionError(f"insertion {index}: {problem}", field="insertions", row=index)

    try:
        muscle = muscles.get(row.muscle)
    except ValueError as exc:
        raise refuse(str(exc)) from exc
    if row.side not in ("left", "right"):
        raise refuse(f"side must be left or right, not {row.side!r}")
    if row.trigger_point and row.trigger_point not in {tp.code for tp in muscle.trigger_points}:
        raise refuse(f"{row.trigger_point!r} is not a trigger point of {muscle.label}")
    if row.needle_count < 1:
        raise refuse(f"the number of needles must be at least 1, not {row.needle_count}")
    problems = needles.check_needle(
        length_mm=row.needle_length_mm, gauge_mm=row.needle_gauge_mm, depth_mm=row.depth_mm
    )
    if problems:
        raise refuse(_needle_problem(problems[0], row))
    if row.technique not in Technique.values:
        raise refuse(f"unknown technique {row.technique!r}")
    counts = (row.needle_count, row.twitch_responses, row.retention_minutes, row.estim_minutes or 0)
    if row.twitch_responses < 0 or row.retention_minutes < 0:
        raise refuse("counts and minutes cannot be negative")
    if max(counts) > MAX_COUNT or (row.estim_pulse_width_us or 0) > MAX_PULSE_WIDTH_US:
        raise refuse(
            f"counts and minutes go up to {MAX_COUNT}, pulse width to {MAX_PULSE_WIDTH_US} µs"
        )
    estim_values = (
        row.estim_frequency_hz,
        row.estim_pulse_width_us,
        row.estim_intensity_ma,
        row.estim_minutes,
    )
    if row.estim:
        if any(v is None or v <= 0 for v in estim_values):
            raise refuse(
                "electrical stimulation needs frequency, pulse width, intensity and minutes"
            )
        if row.estim_channel not in ESTIM_CHANNELS:
            raise refuse(
                f"say which electrode channel ({', '.join(ESTIM_CHANNELS)}) these needles "
                "are wired into; needles on one channel share a circuit"
            )
    elif any(v is not None for v in estim_values) or row.estim_channel:
        raise refuse("stimulation settings given but stimulation not ticked")


def _needle_problem(problem: needles.NeedleProblem, row: InsertionInput) -> str:
    match problem:
        case needles.NeedleProblem.UNUSUAL_LENGTH:
            return f"unusual needle length {row.needle_length_mm} mm"
        case needles.NeedleProblem.GAUGE_OUT_OF_RANGE:
            return (
                f"needle diameter {row.needle_gauge_mm} mm is outside "
                f"{needles.GAUGE_MIN_MM}-{needles.GAUGE_MAX_MM} mm"
            )
        case needles.NeedleProblem.NO_DEPTH:
            return "depth must be more than 0 mm"
        case needles.NeedleProblem.DEPTH_BEYOND_LENGTH:
            return (
                f"depth {row.depth_mm} mm is beyond the needle's length of "
                f"{row.needle_length_mm} mm"
            )


def _check(data: SessionInput) -> None:
    if data.modality not in Modality.values:
        raise SessionError(f"unknown modality {data.modality!r}", field="modality")
    nprs = instruments.get("nprs")
    for name in ("nprs_before", "nprs_after"):
        value = getattr(data, name)
        if value is not None and not nprs.min_value <= value <= nprs.max_value:
            raise SessionError(
                f"pain must be {nprs.min_value} to {nprs.max_value}, not {value}", field=name
            )
    if data.rom_measure not in RomMeasure.values:
        raise SessionError(f"unknown measure {data.rom_measure!r}", field="rom_measure")
    longest = (
        examination.SCHOBER_MAX_CM
        if data.rom_measure == RomMeasure.SCHOBER
        else examination.FINGERTIP_FLOOR_MAX_CM
    )
    for name in ("rom_before_cm", "rom_after_cm"):
        value = getattr(data, name)
        if value is not None and not 0 <= value <= longest:
            raise SessionError(f"the distance must be 0 to {longest} cm", field=name)
    if data.position and data.position not in Position.values:
        raise SessionError(f"unknown position {data.position!r}", field="position")
    for index, row in enumerate(data.insertions, start=1):
        _check_insertion(index, row)
    if data.needles_out is not None and not 0 <= data.needles_out <= MAX_COUNT:
        raise SessionError(f"needles out must be 0 to {MAX_COUNT}", field="needles_out")
    for code, _note in data.side_effects:
        if code not in adverse_events.ADVERSE_EVENTS:
            raise SessionError(f"unknown side effect {code!r}", field="side_effects")
    if data.face_to_face_minutes is not None and not 0 <= data.face_to_face_minutes <= (
        ACUPUNCTURE_UNITS * 15
    ):
        raise SessionError(
            f"face-to-face minutes must be 0 to {ACUPUNCTURE_UNITS * 15}",
            field="face_to_face_minutes",
        )
    if len(data.acupuncture_units) > ACUPUNCTURE_UNITS or any(
        len(unit) != 2 or not all(isinstance(v, bool) for v in unit)
        for unit in data.acupuncture_units
    ):
        raise SessionError(
            f"describe at most {ACUPUNCTURE_UNITS} units, each with stimulation and new needles "
            "as yes or no",
            field="acupuncture_units",
        )
    if data.acupuncture_units and data.modality != Modality.ACUPUNCTURE:
        raise SessionError("units are described for acupuncture only", field="acupuncture_units")
    unit_estim = any(estim for estim, _new in data.acupuncture_units)
    if data.acupuncture_units and unit_estim != any(row.estim for row in data.insertions):
        # The gate judges stimulation (its consent, devices, circuits) from the insertions.
        raise SessionError(
            "a unit with stimulation needs its stimulated needles in the insertions (channel and "
            "settings)"
            if unit_estim
            else "the insertions record stimulation: say which units used it",
            field="acupuncture_units",
        )
    for code in data.overridden:
        known = CONTRAINDICATIONS.get(code)
        if known is None or known.strength is not Strength.RELATIVE:
            raise SessionError(
                f"{code!r} is not a relative contraindication that can be overridden",
                field="overridden",
            )


def _visit_time(
    actor: Actor, on: date, at: datetime | None, *, field: str = "needled_at"
) -> datetime | None:
    """Check a stated time of the visit: on its day in the clinic's zone, not in the future."""
    if at is None:
        return None
    if timezone.is_naive(at):
        raise SessionError("the time needs its time zone", field=field)
    try:
        local_on = actor.clinic.local_date(at)
    except OverflowError:
        raise SessionError("that is not a time of the visit", field=field) from None
    if local_on != on:
        raise SessionError(
            f"the time must be on the day of the visit ({on.isoformat()})", field=field
        )
    if at > timezone.now():
        raise SessionError("the time cannot be in the future", field=field)
    return at


@transaction.atomic
def start_session(
    actor: Actor,
    episode: Episode,
    *,
    appointment: Appointment | None = None,
    performed_on: date | None = None,
    needled_at: datetime | None = None,
    backdating_reason: str = "",
) -> NeedlingSession:
    """Open a draft session for an active episode (or return today's draft already open).

    A visit is dated today, or on the day of its appointment, or on ``performed_on``; never in
    the future, before the episode began, or (past the clinic's limit of days) without a
    ``backdating_reason``. A past visit says when the needles went in (``needled_at``; by
    default its appointment's start): the gate judges the facts in force then. Its appointment
    is marked attended when the session is signed.
    """
    require(actor, Permission.EDIT_CLINICAL)
    episode = Episode.objects.select_for_update().get(pk=episode.pk, clinic=actor.clinic)
    if not episode.is_active:
        raise SessionError("Only an active episode can have a needling session.")
    today = actor.today()
    if appointment is not None:
        appointment = Appointment.objects.filter(pk=appointment.pk, clinic=actor.clinic).first()
        if appointment is None or appointment.episode_id != episode.pk:
            raise SessionError("the appointment is not one of this episode's", field="appointment")
        if appointment.is_cancelled:
            raise SessionError(
                "the appointment was cancelled: record the visit from the chart instead",
                field="appointment",
            )
        booked_on = actor.clinic.local_date(appointment.starts_at)
        if performed_on is not None and performed_on != booked_on:
            raise SessionError(
                f"the appointment was on {booked_on.isoformat()}: a session opened from it is "
                "dated that day",
                field="performed_on",
            )
        performed_on = booked_on
    on = performed_on or today
    if needled_at is None and appointment is not None and appointment.ends_at <= timezone.now():
        # Written up after the appointment: its needles went in at the booked time, unless said.
        needled_at = appointment.starts_at
    if on > today:
        raise SessionError(
            f"this visit is on {on.isoformat()}: open its session on the day, not before",
            field="performed_on",
        )
    if on < episode.started_on:
        raise SessionError(
            f"the episode began on {episode.started_on.isoformat()}; a visit cannot come before it",
            field="performed_on",
        )
    needled_at = _visit_time(actor, on, needled_at)
    late = (today - on).days
    if on < today and needled_at is None:
        raise SessionError("a past visit needs the time the needles went in", field="needled_at")
    if late > actor.clinic.backdate_limit_days and not backdating_reason.strip():
        raise SessionError(
            f"this visit was {late} days ago, more than the clinic's "
            f"{actor.clinic.backdate_limit_days}: say why it is recorded now",
            field="backdating_reason",
        )
    draft = episode.needling_sessions.filter(status=RecordStatus.DRAFT).first()
    if draft is not None and draft.amends_id is not None:
        raise SessionError(
            f"An amendment of the session of {draft.performed_on.isoformat()} is open in this "
            "episode: sign it or mark it entered in error before recording another visit."
        )
    if draft is not None:
        if draft.performed_on != on:
            raise SessionError(
                f"A draft for the visit of {draft.performed_on.isoformat()} is open in this "
                "episode: sign it or mark it entered in error first."
            )
        return draft
    session = NeedlingSession.objects.create(
        clinic=actor.clinic,
        patient=episode.patient,
        episode=episode,
        appointment=appointment,
        performed_on=on,
        needled_at=needled_at,
        needling_time_stated=needled_at is not None,
        backdating_reason=backdating_reason.strip() if late > 0 else "",
        created_by=actor.user,
    )
    record(
        actor,
        Action.CREATE,
        object_type="needling_session",
        object_id=session.public_id,
        patient=episode.patient,
        detail={"performed_on": on.isoformat(), "backdated_days": late} if late else None,
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
    "single_use_sterile_needles",
    "override_reason",
    "needles_out",
    "massage",
    "heat",
    "cold",
    "stretching_given",
    "nprs_after",
    "rom_after_cm",
    "face_to_face_minutes",
    "notes",
)


def _same_minute(a: datetime, b: datetime | None, zone: tzinfo) -> bool:
    """The page states times to the minute, on the clinic's clock: the same minute on it is the
    same time (so an hour that repeats when the clocks go back reads back as itself)."""

    def wall(t: datetime) -> datetime:
        return t.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)

    return b is not None and wall(a) == wall(b)


def _needling(rows: Iterable[InsertionInput] | Iterable[Insertion]) -> Counter[tuple[object, ...]]:
    """What was needled, as a count of needles per muscle, side and stimulation: a record whose
    needling grows has needling newly written (for the gate: what was on record then counts)."""
    needled: Counter[tuple[object, ...]] = Counter()
    for row in rows:
        key = (row.muscle, row.side, row.estim)  # a trigger point or channel corrected: not new
        needled[key] += row.needle_count
    return needled


def _blocked(
    view: needling_gate.GateView, *, lines: Sequence[needling_gate.GateLine]
) -> SessionBlocked:
    return SessionBlocked(
        [line.text for line in lines],
        codes=[line.code for line in lines],
        incident_only=view.incident_only,
        lines=lines,
    )


def _needling_times(actor: Actor, session: NeedlingSession, data: SessionInput) -> dict[str, str]:
    """Set when the needles went in and when stimulation began, and when the needling was
    written, from the input; return what moved (for the audit entry). Raises SessionError, with
    nothing set, for a time the record may not take:

    - a stated time off the visit's day or in the future;
    - any move on an amendment (its visit's times were judged when it was signed);
    - a move later on a draft that records a safety incident (the gate judged it earlier);
    - stimulation before the needles, or with no stimulated insertion;
    - no time at all for needling saved on a later day than the visit's.

    Today's visit stamps the first insertions (and the first stimulated ones) with now; clearing
    every insertion clears a stamped time, so the next ones take their own.
    """
    on, now = session.performed_on, timezone.now()
    visit_day = actor.clinic.local_date(now) == on
    needled = _visit_time(actor, on, data.needled_at)
    stimulated = _visit_time(actor, on, data.stimulated_at, field="stimulated_at")
    zone = actor.clinic.zone
    moves = {
        "needled_at": needled is not None and not _same_minute(needled, session.needled_at, zone),
        "stimulated_at": stimulated is not None
        and not _same_minute(stimulated, session.stimulated_at, zone),
    }
    for name, stated in (("needled_at", needled), ("stimulated_at", stimulated)):
        current = getattr(session, name)
        if not moves[name] or stated is None:
            continue
        if session.amends_id is not None:
            raise SessionError(
                "an amendment keeps the visit's times; if one was wrong, mark the session entered "
                "in error and record the visit again",
                field=name,
            )
        if current is not None and session.incident_explanation and stated > current:
            raise SessionError(
                "this draft records a safety incident: its time can be corrected earlier, not "
                f"later than {timezone.localtime(current, actor.clinic.zone):%H:%M}",
                field=name,
            )
    grown = _needling(data.insertions) - _needling(session.insertions.all())
    if moves["needled_at"]:
        session.needled_at = needled
        session.needling_time_stated = True
    elif data.insertions and session.needled_at is None:
        if not visit_day:
            raise SessionError(
                f"say when the needles went in on {on.isoformat()}", field="needled_at"
            )
        session.needled_at = now
    elif (
        not data.insertions
        and visit_day
        and session.amends_id is None
        and not session.needling_time_stated
        and not session.incident_explanation
    ):
        session.needled_at = None  # nothing needled yet: the first insertions stamp their time
    # The times of an amendment, of an incident and those stated are the visit's: unticking
    # stimulation keeps its time, so ticking it again cannot stamp a later one.
    fixed = (
        session.amends_id is not None
        or bool(session.incident_explanation)
        or session.stimulation_time_stated
    )
    if not any(row.estim for row in data.insertions):
        if moves["stimulated_at"]:
            raise SessionError(
                "no insertion is stimulated: tick stimulation on its row, or clear this time",
                field="stimulated_at",
            )
        if not fixed:
            session.stimulated_at = None
    elif moves["stimulated_at"]:
        session.stimulated_at = stimulated
        session.stimulation_time_stated = True
    elif session.stimulated_at is None and session.amends_id is None:
        # Stimulation written as it starts takes now; written up afterwards (a needling time
        # stated, or a past visit), it takes the needling time unless its own is stated.
        live = visit_day and not session.needling_time_stated
        session.stimulated_at = now if live else session.needled_at
    if session.stimulated_at is not None and session.needled_at is not None:
        if moves["stimulated_at"] and session.stimulated_at < session.needled_at:
            raise SessionError(
                "stimulation cannot begin before the needles went in", field="stimulated_at"
            )
        session.stimulated_at = max(session.stimulated_at, session.needled_at)
    if data.insertions and (grown or any(moves.values())):
        session.needling_recorded_at = now
    return {
        name: getattr(session, name).isoformat()
        for name, moved in moves.items()
        if moved and getattr(session, name) is not None
    }


@transaction.atomic
def save_session(actor: Actor, session: NeedlingSession, data: SessionInput) -> NeedlingSession:
    """Replace a draft's content after checking every part; bad input raises and saves nothing.

    The gate runs before the needle: while it blocks needling for these insertions (a red flag
    open, no confirmed or a due safety profile, no consent, a contraindication at a site,
    stimulation without its own consent, a circuit across the chest, a needle unaccounted for),
    they are refused (SessionBlocked with every reason; nothing saved) unless the draft records
    an incident that already happened (``begin_incident_record``, or ``incident_explanation`` in
    this save). The first insertions saved
    on today's visit stamp the time the needles went in, unless one is given; the first
    stimulated ones, the time stimulation began. Each save that adds needling (or moves its time)
    stamps when it was written: on the visit's day, the gate also judges what was on record then,
    so a time stated earlier cannot step round a red flag or a withdrawal recorded before it was
    written. An amendment keeps the visit's needling time.
    """
    require(actor, Permission.EDIT_CLINICAL)
    session = records.lock_draft(session, clinic=actor.clinic)
    _check(data)
    explained = not session.incident_explanation and bool(data.incident_explanation.strip())
    if explained:
        session.incident_explanation = data.incident_explanation.strip()
    times = _needling_times(actor, session, data)
    for name in SIMPLE_FIELDS:
        setattr(session, name, getattr(data, name))
    session.overridden = sorted(set(data.overridden))
    session.acupuncture_units = [
        {"estim": estim, "new_needles": new} for estim, new in data.acupuncture_units
    ]
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
    if data.insertions and not session.incident_explanation:
        view = needling_gate.session_gate(actor, session, gate.Stage.BEFORE_NEEDLING)
        if view.needling_blocked:
            # Rolls the whole save back: nothing of this input is kept.
            raise _blocked(view, lines=view.safety_lines)
    record(
        actor,
        Action.UPDATE,
        object_type="needling_session",
        object_id=session.public_id,
        patient=session.patient,
        detail={
            "insertions": len(data.insertions),
            **({"incident": True} if explained else {}),
            **times,
        },
    )
    return session


@transaction.atomic
def begin_incident_record(
    actor: Actor, session: NeedlingSession, *, explanation: str
) -> NeedlingSession:
    """Let a draft record needling that already happened although the gate refused it.

    Truthful documentation is never refused: with an explanation, the draft takes insertions
    that the gate would refuse, and it can then be signed only as a safety incident (listed for
    the owner), never as an ordinary session. If the record turns out not to break the gate, it
    signs as an ordinary session and the explanation is dropped. Raises SessionError without an
    explanation.
    """
    require(actor, Permission.EDIT_CLINICAL)
    session = records.lock_draft(session, clinic=actor.clinic)
    if not explanation.strip():
        raise SessionError(
            "say what happened and why the needling went ahead", field="incident_explanation"
        )
    view = needling_gate.session_gate(actor, session, gate.Stage.BEFORE_NEEDLING)
    session.incident_explanation = explanation.strip()
    session.save(update_fields=["incident_explanation"])
    record(
        actor,
        Action.UPDATE,
        object_type="needling_session",
        object_id=session.public_id,
        patient=session.patient,
        detail={"incident": True, "reasons": view.codes},
    )
    return session


def needles_in(session: NeedlingSession) -> int:
    return sum(i.needle_count for i in session.insertions.all())


def uses_estim(session: NeedlingSession) -> bool:
    return any(i.estim for i in session.insertions.all())


def record_gap_fields(session: NeedlingSession) -> list[tuple[str, str]]:
    """What the record itself still lacks, each with the field that supplies it ("" when no
    single field does). The gate judges safety and the needle count."""
    problems: list[tuple[str, str]] = []
    for name in ("new_red_flags", "medication_changes", "side_effects_since_last"):
        if getattr(session, name) is None:
            problems.append((name, "answer this pre-treatment question"))
    if session.nprs_before is None:
        problems.append(("nprs_before", "record today's pain (NPRS) before needling"))
    if not session.position:
        problems.append(("position", "record the position"))
    if not session.skin_cleaned:
        problems.append(("skin_cleaned", "record that the skin was cleaned"))
    if not session.single_use_sterile_needles:
        problems.append(
            ("single_use_sterile_needles", "confirm that single-use sterile needles were used")
        )
    rows = list(session.insertions.all())
    if not rows:
        problems.append(("", "record at least one insertion"))
    for number, row in enumerate(rows, start=1):
        if needling_gate.site_of(row) is None:
            problems.append(
                (
                    "",
                    f"insertion {number}: {muscles.muscle_label(row.muscle)} is no longer a "
                    "muscle of the catalogue; choose the muscle needled",
                )
            )
        elif row.estim and not row.estim_channel:
            problems.append(
                ("", f"insertion {number}: say which electrode channel it is wired into")
            )
    appointment = session.appointment
    if session.amends_id is None and appointment is not None and appointment.is_cancelled:
        problems.append(
            (
                "",
                "the appointment this session was opened from has been cancelled since: mark "
                "this draft entered in error and, if the visit did happen, open it again from "
                "the chart",
            )
        )
    return problems


def record_gaps(session: NeedlingSession) -> list[str]:
    """What the record itself still lacks, in words (see ``record_gap_fields``)."""
    return [message for _field, message in record_gap_fields(session)]


def sign_problems(
    actor: Actor, session: NeedlingSession
) -> tuple[list[str], needling_gate.GateView]:
    """Everything that stops the draft being signed now, and the gate's view of it."""
    view = needling_gate.session_gate(actor, session, gate.Stage.SIGNING)
    return record_gaps(session), view


def _codes(session: NeedlingSession) -> billing.SessionCoding:
    rows = session.insertions.all()
    if session.modality == Modality.ACUPUNCTURE:
        described = [
            billing.AcupunctureUnit(estim=bool(u["estim"]), new_needles=bool(u["new_needles"]))
            for u in session.acupuncture_units
        ]
        padding = [billing.AcupunctureUnit()] * (ACUPUNCTURE_UNITS - len(described))
        return billing.session_codes(
            acupuncture_minutes=session.face_to_face_minutes or 0,
            acupuncture_units=described + padding,
        )
    return billing.session_codes(muscles=[(r.muscle, r.side) for r in rows])


def preview_codes(session: NeedlingSession) -> billing.SessionCoding | None:
    """The billing codes the session would carry if signed now (for display); None while an
    insertion still names a muscle the catalogue no longer has."""
    try:
        return _codes(session)
    except ValueError:
        return None


@transaction.atomic
def sign_session(
    actor: Actor, session: NeedlingSession, *, as_incident: bool = False
) -> NeedlingSession:
    """Sign and lock a session after the gate, the overrides and the needle count.

    The gate judges the facts in force when the needles went in, for amendments too. A record
    that is complete but whose needling broke the gate is refused, unless the draft records an
    incident (``begin_incident_record``) and ``as_incident`` is given: it is then signed as a
    safety incident, with the gate's reasons kept. Raises SessionBlocked listing every reason
    (nothing changes), SessionLocked for a signed one, PermissionDenied for roles that may not
    sign.
    """
    require(actor, Permission.EDIT_CLINICAL)
    session = records.lock_draft(session, clinic=actor.clinic)
    incomplete, view = sign_problems(actor, session)
    lines = [*view.blocked, *view.needs_override]
    incident = as_incident and bool(session.incident_explanation) and view.incident_only
    if incomplete or (not view.allowed and not incident):
        if as_incident and not session.incident_explanation:
            incomplete.append("say what happened before signing this as a safety incident")
        if view.decision.amends_incident:
            lines.append(needling_gate.amends_incident_line())
        raise SessionBlocked(
            incomplete + [line.text for line in lines],
            codes=["incomplete"] * len(incomplete) + [line.code for line in lines],
            incident_only=view.incident_only and not incomplete,
            lines=lines,
        )
    coding = _codes(session)
    session.billing_codes = [list(pair) for pair in coding.codes]
    session.billing_notes = list(coding.reasons)
    dropped = session.incident_explanation if not incident else ""
    if not incident:
        session.incident_explanation = ""  # the record did not break the gate after all
    session.save(
        update_fields=[
            "billing_codes",
            "billing_notes",
            "incident_explanation",
            *records.sign(session, actor.user),
        ]
    )
    detail: dict[str, object] = {"codes": session.billing_codes, "overridden": session.overridden}
    if dropped:
        detail["incident_explanation_dropped"] = dropped
    if incident:
        # An amendment's incident follows the one it corrects, keeping its reasons if the facts
        # pass now (what happened at the visit does not change).
        earlier = SafetyIncident.objects.filter(session_id=session.amends_id).first()
        reasons = [{"code": line.code, "text": line.text} for line in lines]
        SafetyIncident.objects.create(
            clinic=session.clinic,
            patient=session.patient,
            session=session,
            previous=earlier,
            reasons=reasons or (earlier.reasons if earlier else []),
            explanation=session.incident_explanation,
            recorded_by=actor.user,
        )
        detail["incident"] = [line.code for line in lines]
    record(
        actor,
        Action.SIGN,
        object_type="needling_session",
        object_id=session.public_id,
        patient=session.patient,
        detail=detail,
    )
    appointment = session.appointment
    if (
        appointment is not None
        and appointment.status in (AppointmentStatus.BOOKED, AppointmentStatus.NO_SHOW)
        and appointment.starts_at <= timezone.now()
    ):
        # Signed: the patient came (this also corrects a "did not attend").
        appointment_services.mark_attended(actor, appointment)
    return session


@transaction.atomic
def record_needle_mismatch(
    actor: Actor,
    session: NeedlingSession,
    *,
    needles_out: int,
    action: str,
    all_found: bool = False,
    search_ended: bool = False,
) -> NeedleMismatch:
    """Record a needle count mismatch as a safety event of the visit (what was done about it).

    The event stays open, keeping the visit's record from being signed and new needling
    from starting, until it is resolved: at once with ``all_found`` (every needle found) or
    ``search_ended`` (the search is over with ``needles_out`` accounted for), or later with
    ``resolve_needle_event``. Raises SessionError for a count that matches, a negative count
    or no description; nothing is saved then.
    """
    require(actor, Permission.EDIT_CLINICAL)
    session = NeedlingSession.objects.select_for_update().get(pk=session.pk, clinic=actor.clinic)
    if session.is_entered_in_error:
        raise SessionError("this session was marked entered in error", field="needles_out")
    if not action.strip():
        raise SessionError("say what was done to find the needle", field="action")
    total = needles_in(session)
    if total == 0:
        raise SessionError(
            "no needles are saved on this record yet: save the insertions first",
            field="needles_out",
        )
    if needles_out < 0 or needles_out > MAX_COUNT:
        raise SessionError("needles out must be a count of needles", field="needles_out")
    if needles_out == total:
        raise SessionError(
            f"{needles_out} out matches the {total} needles in: there is no mismatch to record"
            + (
                " (give the count before the search; the outcome says the rest were found)"
                if all_found
                else ""
            ),
            field="needles_out",
        )
    if needles_out > total:
        raise SessionError(
            f"{needles_out} counted out is more than the {total} needles the insertions record: "
            "correct the insertions' needle counts",
            field="needles_out",
        )
    if all_found and search_ended:
        raise SessionError("choose one outcome", field="outcome")
    closed = next(
        (e for e in queries.visit_needle_events(session) if e.resolved and e.needles_missing), None
    )
    if closed is not None:
        raise SessionError(
            f"a needle of this visit was closed as never found "
            f"({timezone.localtime(closed.resolved_at, session.clinic.zone):%Y-%m-%d %H:%M}); "
            "the count it was closed with stands: if the needle turned up, record it found later "
            "on that event",
            field="needles_out",
        )
    event = NeedleMismatch.objects.create(
        session=session,
        needles_in=total,
        needles_out=needles_out,
        action=action.strip(),
        recorded_by=actor.user,
    )
    record(
        actor,
        Action.CREATE,
        object_type="needle_mismatch",
        object_id=event.public_id,
        patient=session.patient,
        detail={"needles_in": total, "needles_out": needles_out},
    )
    if all_found or search_ended:
        return _resolve(
            actor,
            event,
            needles_accounted=total if all_found else needles_out,
            note=action.strip(),
        )
    return event


def _resolve(
    actor: Actor, event: NeedleMismatch, *, needles_accounted: int, note: str
) -> NeedleMismatch:
    event.resolved = True
    event.needles_accounted = needles_accounted
    event.resolution_note = note
    event.resolved_at = timezone.now()
    event.resolved_by = actor.user
    event.save(
        update_fields=[
            "resolved",
            "needles_accounted",
            "resolution_note",
            "resolved_at",
            "resolved_by",
        ]
    )
    record(
        actor,
        Action.RESOLVE,
        object_type="needle_mismatch",
        object_id=event.public_id,
        patient=event.session.patient,
        detail={"needles_in": event.needles_in, "needles_accounted": needles_accounted},
    )
    return event


@transaction.atomic
def resolve_needle_event(
    actor: Actor, event: NeedleMismatch, *, needles_accounted: int, note: str
) -> NeedleMismatch:
    """Close an open needle event with the number of needles finally accounted for.

    Fewer than were put in means a needle was never found: the note must say what was done
    (the search, what the patient was told and checked); the signed record then shows it for
    good. Raises SessionError for an event already resolved, an impossible count or no note.
    """
    require(actor, Permission.EDIT_CLINICAL)
    event = (
        NeedleMismatch.objects.select_for_update(of=("self",))
        .select_related("session__patient")
        .get(pk=event.pk, session__clinic=actor.clinic)
    )
    if event.resolved:
        raise SessionError("this needle event is already resolved", field="needles_accounted")
    if not 0 <= needles_accounted <= event.needles_in:
        raise SessionError(
            f"between 0 and the {event.needles_in} needles put in can be accounted for",
            field="needles_accounted",
        )
    if not note.strip():
        raise SessionError(
            "say what was done: where the needle was found, or the search and what the "
            "patient was told",
            field="resolution_note",
        )
    return _resolve(actor, event, needles_accounted=needles_accounted, note=note.strip())


@transaction.atomic
def record_needle_found(actor: Actor, event: NeedleMismatch, *, note: str) -> NeedleMismatch:
    """A needle closed as never found was found later: record when, where and what was
    checked. The count the event was closed with stands (the signed record agrees with it).
    Raises SessionError for an event not closed with a needle missing, one already found, or
    no note."""
    require(actor, Permission.EDIT_CLINICAL)
    event = (
        NeedleMismatch.objects.select_for_update(of=("self",))
        .select_related("session__patient")
        .get(pk=event.pk, session__clinic=actor.clinic)
    )
    if not event.resolved or not event.needles_missing:
        raise SessionError(
            "only a needle event closed with a needle never found can record it found later",
            field="found_note",
        )
    if event.found_at is not None:
        raise SessionError("this needle was already recorded as found", field="found_note")
    if not note.strip():
        raise SessionError(
            "say where and when the needle was found, and what was checked", field="found_note"
        )
    event.found_at = timezone.now()
    event.found_note = note.strip()
    event.found_by = actor.user
    event.save(update_fields=["found_at", "found_note", "found_by"])
    record(
        actor,
        Action.UPDATE,
        object_type="needle_mismatch",
        object_id=event.public_id,
        patient=event.session.patient,
        detail={"found_later": True},
    )
    return event


@transaction.atomic
def review_incident(actor: Actor, incident: SafetyIncident, *, note: str) -> SafetyIncident:
    """The owner's review of a safety incident, with a note. Raises SessionError without a note
    or for one already reviewed."""
    require(actor, Permission.REVIEW_INCIDENTS)
    incident = SafetyIncident.objects.select_for_update().get(pk=incident.pk, clinic=actor.clinic)
    if incident.is_reviewed:
        raise SessionError("this incident was already reviewed", field="review_note")
    if not note.strip():
        raise SessionError("write what was reviewed and decided", field="review_note")
    incident.reviewed_at = timezone.now()
    incident.reviewed_by = actor.user
    incident.review_note = note.strip()
    incident.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    record(
        actor,
        Action.RESOLVE,
        object_type="safety_incident",
        object_id=incident.public_id,
        patient=incident.patient,
    )
    return incident


@transaction.atomic
def amend_session(actor: Actor, session: NeedlingSession, *, reason: str) -> NeedlingSession:
    """Start a new version of a signed session, copying its content, with a reason."""
    require(actor, Permission.EDIT_CLINICAL)
    if not reason.strip():
        raise SessionError("A reason for the amendment is required.", field="reason")
    original = session.locked(clinic=actor.clinic)
    if (
        original.is_signed
        and original.episode.needling_sessions.filter(status=RecordStatus.DRAFT).exists()
    ):
        raise SessionError("A draft is already open for this episode; finish it first.")
    copy = records.amendment_of(
        original,
        reason=reason,
        copy=(
            "clinic",
            "patient",
            "episode",
            "appointment",
            "performed_on",
            *SIMPLE_FIELDS,
            "overridden",
            "acupuncture_units",
            "needled_at",
            "stimulated_at",
            "needling_recorded_at",
            "needling_time_stated",
            "stimulation_time_stated",
            "backdating_reason",
            "incident_explanation",
        ),
        created_by=actor.user,
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
    visit, for billing or for the plan. A superseded version cannot be withdrawn on its own. A
    draft that records a safety incident is listed for the owner as one (withdrawn).
    """
    require(actor, Permission.MARK_ENTERED_IN_ERROR)
    if not reason.strip():
        raise SessionError("A reason is required.", field="reason")
    locked = session.locked(clinic=actor.clinic)
    withdrawn_incident = None
    amends_an_incident = (
        locked.amends_id is not None
        and SafetyIncident.objects.filter(session_id=locked.amends_id).exists()
    )
    if locked.is_draft and locked.incident_explanation and not amends_an_incident:
        # A draft that recorded a safety incident does not leave the owner's sight by being
        # withdrawn (and the visit recorded again): it is listed as an incident, withdrawn. (A
        # discarded amendment of an incident leaves that incident listed already.)
        view = needling_gate.session_gate(actor, locked, gate.Stage.SIGNING)
        withdrawn_incident = [
            {"code": line.code, "text": line.text} for line in [*view.blocked, *view.needs_override]
        ]
    for version in records.withdraw_versions(locked, actor.user, reason):
        record(
            actor,
            Action.ENTERED_IN_ERROR,
            object_type="needling_session",
            object_id=version.public_id,
            patient=version.patient,
            detail={"version": version.version, "reason": reason.strip()},
        )
    if withdrawn_incident is not None:
        SafetyIncident.objects.create(
            clinic=locked.clinic,
            patient=locked.patient,
            session=locked,
            reasons=withdrawn_incident,
            explanation=locked.incident_explanation,
            recorded_by=actor.user,
        )
    return locked
