"""The API's request and response bodies. Scores are numbers (one decimal), dates ISO 8601."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime, StrictBool, StrictInt, WithJsonSchema

from taut.appointments.models import Appointment, Kind
from taut.clinical import instruments, muscles
from taut.clinical.change import Change
from taut.clinical.contraindications import CONTRAINDICATIONS, Strength
from taut.outcomes.models import NprsVariant, Response
from taut.outcomes.queries import OutcomeSummary, Point, Trend
from taut.plans import queries as plan_queries
from taut.plans.models import (
    MAX_PLANNED_SESSIONS,
    Condition,
    PlanReview,
    Severity,
    TreatmentPlan,
)
from taut.sessions.models import (
    Insertion,
    Modality,
    NeedleMismatch,
    NeedlingSession,
    Position,
    RomMeasure,
    Technique,
)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- Errors ---------------------------------------------------------------------------------


class Error(Schema):
    """400 (malformed JSON), 401, 403, 404: what went wrong, in words."""

    detail: str


class ErrorEntry(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrors(Schema):
    """422: one entry per problem; ``loc`` says where, ``msg`` names the item or value."""

    detail: list[ErrorEntry]


ERRORS: dict[int, Any] = {400: Error, 401: Error, 403: Error, 404: Error}
ERRORS_422: dict[int, Any] = {**ERRORS, 422: ValidationErrors}


# --- Responses (completed questionnaires) ----------------------------------------------------


class ResponseIn(Schema):
    instrument: instruments.InstrumentCode = Field(
        description="Instrument code, see GET /api/instruments"
    )
    answers: list[StrictInt | StrictBool | None] = Field(
        max_length=50,
        description="One answer per item in item order; null for an unanswered item.",
    )
    collected_on: date | None = Field(
        default=None, description="When the patient answered; today (clinic time) if left out."
    )
    variant: NprsVariant | Literal[""] = Field(
        default="", description="NPRS only: current (default), best or worst in 24 hours."
    )


class ResponseOut(Schema):
    id: uuid.UUID
    episode_id: uuid.UUID
    instrument: str
    version: str
    variant: str
    collected_on: date
    channel: str
    status: str
    answers: list[int | bool | None]
    score: float | None = Field(description="null when the response is unscorable")
    category: str
    answered: int
    subscales: dict[str, float]
    flags: list[str]
    unscorable_reason: str

    @classmethod
    def of(cls, response: Response) -> ResponseOut:
        return cls(
            id=response.public_id,
            episode_id=response.episode.public_id,
            instrument=response.instrument,
            version=response.instrument_version,
            variant=response.variant,
            collected_on=response.collected_on,
            channel=response.channel,
            status=response.status,
            answers=list(response.answers),
            score=_number(response.score_value),
            category=response.score_category,
            answered=response.score_answered,
            subscales={k: float(v) for k, v in response.score_subscales.items()},
            flags=list(response.score_flags),
            unscorable_reason=response.unscorable_reason,
        )


# --- An episode's outcomes --------------------------------------------------------------------


class PointOut(Schema):
    collected_on: date
    score: float | None
    category: str
    unscorable_reason: str
    response_id: uuid.UUID

    @classmethod
    def of(cls, point: Point | None) -> PointOut | None:
        if point is None:
            return None
        return cls(
            collected_on=point.on,
            score=_number(point.value),
            category=point.response.score_category,
            unscorable_reason=point.response.unscorable_reason,
            response_id=point.response.public_id,
        )


class ChangeOut(Schema):
    absolute: float = Field(description="latest minus baseline, in the instrument's own units")
    improvement: float = Field(description="the same amount, positive when better")
    relative: float | None = Field(description="improvement / baseline; null when baseline is 0")
    direction: Literal["improved", "worsened", "unchanged"]
    important: bool = Field(description="an important improvement (the kernel's classify_change)")
    threshold_used: str | None

    @classmethod
    def of(cls, change: Change | None) -> ChangeOut | None:
        if change is None:
            return None
        return cls(
            absolute=float(change.absolute),
            improvement=float(change.improvement),
            relative=_number(change.relative),
            direction=change.direction.value,
            important=change.important,
            threshold_used=change.threshold_used,
        )


class TrendOut(Schema):
    instrument: str
    name: str
    variant: str
    higher_is_better: bool
    minimum: int
    maximum: int
    points: list[PointOut]
    baseline: PointOut | None
    latest: PointOut | None
    change: ChangeOut | None = Field(description="null until two scored responses exist")
    no_threshold: bool = Field(description="true when the instrument has no important change")

    @classmethod
    def of(cls, trend: Trend) -> TrendOut:
        return cls(
            instrument=trend.instrument,
            name=trend.name,
            variant=trend.variant,
            higher_is_better=trend.higher_is_better,
            minimum=trend.minimum,
            maximum=trend.maximum,
            points=[p for p in map(PointOut.of, trend.points) if p is not None],
            baseline=PointOut.of(trend.baseline),
            latest=PointOut.of(trend.latest),
            change=ChangeOut.of(trend.change),
            no_threshold=trend.no_threshold,
        )


class OutcomesOut(Schema):
    episode_id: uuid.UUID
    responder: bool | None = Field(
        description="a pain or function instrument improved importantly; null: nothing to compare"
    )
    trends: list[TrendOut]

    @classmethod
    def of(cls, episode_id: uuid.UUID, summary: OutcomeSummary) -> OutcomesOut:
        return cls(
            episode_id=episode_id,
            responder=summary.responder,
            trends=[TrendOut.of(t) for t in summary.trends],
        )


# --- Instruments ----------------------------------------------------------------------------


class OptionOut(Schema):
    value: int
    label: str


class ItemOut(Schema):
    number: int
    label: str = Field(description="Taut's short label, not the licensed wording")
    options: list[OptionOut]
    reverse_scored: bool


class InstrumentOut(Schema):
    code: str
    name: str
    version: str
    items: list[ItemOut]
    min_items: int | None = Field(description="for a variable number of items (PSFS)")
    minimum: float
    maximum: float
    higher_is_better: bool
    licence: str

    @classmethod
    def of(cls, instrument: instruments.Instrument) -> InstrumentOut:
        return cls(
            code=instrument.code.value,
            name=instrument.name,
            version=instrument.version,
            items=[
                ItemOut(
                    number=item.number,
                    label=item.label,
                    options=[OptionOut(value=o.value, label=o.label) for o in item.options],
                    reverse_scored=item.reverse_scored,
                )
                for item in instrument.items
            ],
            min_items=instrument.min_items,
            minimum=float(instrument.min_value),
            maximum=float(instrument.max_value),
            higher_is_better=instrument.higher_is_better,
            licence=instrument.licence,
        )


# --- Shared input types -----------------------------------------------------------------------

NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL; the pages' forms refuse it too


def text(max_length: int, description: str = "") -> Any:
    """A free-text field: at most ``max_length`` characters, no NUL."""
    return Field(default="", max_length=max_length, pattern=NO_NUL, description=description)


def _real_instant(value: datetime) -> datetime:
    if not 1900 <= value.year <= 2199:
        raise ValueError("the date must be between 1900 and 2199")
    return value


# An ISO 8601 date and time with its offset (naive times are refused: which zone?).
Instant = Annotated[AwareDatetime, AfterValidator(_real_instant)]


def _real_date(value: date) -> date:
    if not 1900 <= value.year <= 2199:
        raise ValueError("the date must be between 1900 and 2199")
    return value


RealDate = Annotated[date, AfterValidator(_real_date)]


# --- Treatment plans --------------------------------------------------------------------------


class PlanIn(Schema):
    """What a new draft plan is proposed from; everything else comes from the episode."""

    severity: Severity | None = Field(
        default=None,
        description="Pain severity for the kernel's proposal; the latest NPRS if left out "
        "(422 naming `severity` when the episode has none).",
    )
    conditions: list[Condition] | None = Field(
        default=None,
        max_length=len(Condition.values),
        description="Conditions that change the proposed course; from the working diagnosis "
        "and the safety profile if left out.",
    )
    start_on: RealDate | None = Field(
        default=None, description="The first proposed session; today (clinic time) if left out."
    )


class AgreeIn(Schema):
    agreed_on: RealDate | None = Field(
        default=None,
        description="When the patient agreed (today if left out; earlier for a plan agreed on "
        "paper); never in the future, and no planned session before it.",
    )


class GoalOut(Schema):
    id: int
    description: str
    target_rating: int | None
    psfs_activity_id: int | None
    met: bool
    met_on: date | None


class PlanMuscleOut(Schema):
    muscle: str = Field(description="kernel muscle code")
    label: str
    side: str
    finding: str = Field(description="the assessment's finding (active, latent) or empty")


class ReviewOut(Schema):
    id: uuid.UUID
    reviewed_on: date
    sessions_done: int
    goals_met: bool
    new_red_flags: bool
    recommended: str = Field(description="the kernel's recommendation")
    recommendation_reasons: list[str]
    decision: str = Field(description="the clinician's decision")
    note: str

    @classmethod
    def of(cls, review: PlanReview) -> ReviewOut:
        return cls(
            id=review.public_id,
            reviewed_on=review.reviewed_on,
            sessions_done=review.sessions_done,
            goals_met=review.goals_met,
            new_red_flags=review.new_red_flags,
            recommended=review.recommended,
            recommendation_reasons=list(review.recommendation_reasons),
            decision=review.decision,
            note=review.note,
        )


class ReviewPointOut(Schema):
    after_session: int = Field(description="the review follows this planned session")
    on: date


class PlanOut(Schema):
    id: uuid.UUID
    episode_id: uuid.UUID
    patient_id: uuid.UUID
    version: int
    status: str = Field(description="draft, active, superseded or completed")
    revises_id: uuid.UUID | None
    severity: str
    chronicity: str
    conditions: list[str]
    proposed_dates: list[date] = Field(description="the kernel's proposal, kept as proposed")
    proposal_reasons: list[str]
    planned_dates: list[date] = Field(description="the sessions planned with the patient")
    therapies: list[str]
    review_after_sessions: int
    next_review: ReviewPointOut | None = Field(description="active plans only")
    notes: str
    medicare_acupuncture: bool
    agreed_on: date | None
    completed_on: date | None
    goals: list[GoalOut]
    muscles: list[PlanMuscleOut]
    reviews: list[ReviewOut] = Field(description="newest first")

    @classmethod
    def of(cls, plan: TreatmentPlan) -> PlanOut:
        reviews = list(plan.reviews.all())
        point = (
            plan_queries.next_review_point(plan, reviews[0].sessions_done if reviews else 0)
            if plan.is_active
            else None
        )
        return cls(
            id=plan.public_id,
            episode_id=plan.episode.public_id,
            patient_id=plan.patient.public_id,
            version=plan.version,
            status=plan.status,
            revises_id=plan.revises.public_id if plan.revises else None,
            severity=plan.severity,
            chronicity=plan.chronicity,
            conditions=list(plan.conditions),
            proposed_dates=plan.proposed,
            proposal_reasons=list(plan.proposal_reasons),
            planned_dates=plan.planned,
            therapies=list(plan.therapies),
            review_after_sessions=plan.review_after_sessions,
            next_review=ReviewPointOut(after_session=point.session_number, on=point.on)
            if point
            else None,
            notes=plan.notes,
            medicare_acupuncture=plan.medicare_acupuncture,
            agreed_on=plan.agreed_on,
            completed_on=plan.completed_on,
            goals=[
                GoalOut(
                    id=g.pk,
                    description=g.description,
                    target_rating=g.target_rating,
                    psfs_activity_id=g.activity_id,
                    met=g.met,
                    met_on=g.met_on,
                )
                for g in plan.goals.all()
            ],
            muscles=[
                PlanMuscleOut(
                    muscle=m.muscle,
                    label=muscles.muscle_label(m.muscle),
                    side=m.side,
                    finding=m.finding,
                )
                for m in plan.muscles.all()
            ],
            reviews=[ReviewOut.of(r) for r in reviews],
        )


# --- Appointments -----------------------------------------------------------------------------


class AppointmentFields(Schema):
    patient_id: uuid.UUID
    clinician_id: uuid.UUID = Field(description="the clinician's user id (public)")
    location_id: uuid.UUID
    minutes: int = Field(ge=1, le=24 * 60, description="length; the clinic's limits apply")
    kind: Kind
    episode_id: uuid.UUID | None = Field(
        default=None, description="the patient's active episode the visit belongs to"
    )


class AppointmentIn(AppointmentFields):
    starts_at: Instant = Field(description="ISO 8601 with its offset, e.g. 2026-11-23T10:00+01:00")


class SeriesIn(AppointmentFields):
    starts_ats: list[Instant] = Field(
        min_length=1, max_length=MAX_PLANNED_SESSIONS, description="one start per appointment"
    )


class AppointmentOut(Schema):
    id: uuid.UUID
    patient_id: uuid.UUID
    patient_record_number: str
    episode_id: uuid.UUID | None
    clinician_id: uuid.UUID
    clinician: str
    location_id: uuid.UUID
    location: str
    starts_at: datetime = Field(description="UTC")
    ends_at: datetime = Field(description="UTC")
    minutes: int
    kind: str
    status: str = Field(description="booked, cancelled, no_show or attended")
    series_id: uuid.UUID | None
    rescheduled_from_id: uuid.UUID | None
    cancelled_reason: str

    @classmethod
    def of(cls, appointment: Appointment) -> AppointmentOut:
        return cls(
            id=appointment.public_id,
            patient_id=appointment.patient.public_id,
            patient_record_number=appointment.patient.record_number,
            episode_id=appointment.episode.public_id if appointment.episode else None,
            clinician_id=appointment.clinician.public_id,
            clinician=str(appointment.clinician),
            location_id=appointment.location.public_id,
            location=appointment.location.name,
            starts_at=appointment.starts_at,
            ends_at=appointment.ends_at,
            minutes=appointment.minutes,
            kind=appointment.kind,
            status=appointment.status,
            series_id=appointment.series_id,
            rescheduled_from_id=appointment.rescheduled_from.public_id
            if appointment.rescheduled_from
            else None,
            cancelled_reason=appointment.cancelled_reason,
        )


class ConflictOut(Schema):
    id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    clinician: str
    patient_record_number: str
    location: str


class AppointmentConflictOut(Schema):
    """409: the requested time double-books the clinician or the patient; nothing was booked."""

    detail: str
    position: int | None = Field(description="for a series: the 0-based start that clashes")
    conflicts: list[ConflictOut]

    @classmethod
    def of(cls, message: str, position: int | None, conflicts: list[Appointment]) -> Any:
        return cls(
            detail=message,
            position=position,
            conflicts=[
                ConflictOut(
                    id=a.public_id,
                    starts_at=a.starts_at,
                    ends_at=a.ends_at,
                    clinician=str(a.clinician),
                    patient_record_number=a.patient.record_number,
                    location=a.location.name,
                )
                for a in conflicts
            ],
        )


# --- Needling sessions ------------------------------------------------------------------------

SmallCount = Annotated[int, Field(ge=0, le=999)]

# The relative contraindications a clinician may override (the session page's choices).
RELATIVE_CODES = sorted(
    code for code, row in CONTRAINDICATIONS.items() if row.strength is Strength.RELATIVE
)


def _relative(code: str) -> str:
    if code not in RELATIVE_CODES:
        raise ValueError(f"{code!r} is not a relative contraindication that can be overridden")
    return code


RelativeCode = Annotated[
    str, AfterValidator(_relative), WithJsonSchema({"type": "string", "enum": RELATIVE_CODES})
]


class InsertionIn(Schema):
    muscle: str = Field(max_length=40, pattern=NO_NUL, description="kernel muscle code")
    side: Literal["left", "right"]
    trigger_point: str = text(40, "kernel trigger-point code of the muscle, or empty")
    needle_gauge_mm: Decimal = Field(max_digits=3, decimal_places=2, description="0.12-0.40")
    needle_length_mm: int = Field(ge=1, le=999, description="a standard length, 13-100 mm")
    needle_count: int = Field(ge=0, le=999, description="at least 1")
    depth_mm: Decimal = Field(max_digits=4, decimal_places=1, description="not beyond the needle")
    technique: Technique
    twitch_responses: SmallCount = 0
    retention_minutes: SmallCount = 0
    estim: StrictBool = Field(default=False, description="electrical stimulation (needs consent)")
    estim_channel: str = Field(
        default="",
        max_length=2,
        pattern=NO_NUL,
        description="with stimulation: the electrode channel, A-H; sites on one channel share a "
        "circuit (a channel across the chest is refused, across the spine needs an override)",
    )
    estim_frequency_hz: Decimal | None = Field(default=None, max_digits=5, decimal_places=1)
    estim_pulse_width_us: int | None = Field(default=None, ge=0, le=100_000)
    estim_intensity_ma: Decimal | None = Field(default=None, max_digits=4, decimal_places=1)
    estim_minutes: int | None = Field(default=None, ge=0, le=999)


class SideEffectIn(Schema):
    code: str = Field(max_length=40, pattern=NO_NUL, description="kernel adverse-event code")
    note: str = text(300)


class AcupunctureUnitIn(Schema):
    estim: StrictBool = Field(default=False, description="stimulation used in this 15-minute unit")
    new_needles: StrictBool = Field(default=False, description="new needles inserted in it")


class SessionIn(Schema):
    """A session's content, as the session page records it (``SessionInput``).

    ``performed_on``, ``needled_at`` and ``backdating_reason`` apply when this opens a new draft
    for a past visit; ``needled_at`` also corrects when the needles went in on an open draft.
    """

    performed_on: date | None = Field(default=None, description="a past visit's date")
    needled_at: AwareDatetime | None = Field(
        default=None,
        description="when the needles went in, with its time zone (needed for a past visit); "
        "the safety gate judges the facts in force then",
    )
    stimulated_at: AwareDatetime | None = Field(
        default=None,
        description="when electrical stimulation began, if later than the needles (consent to "
        "it is judged then); stamped when stimulated insertions are first saved on the visit's "
        "day",
    )
    backdating_reason: str = text(2000, "why a visit older than the clinic's limit is recorded now")
    modality: Modality = Modality.DRY_NEEDLING
    new_red_flags: StrictBool | None = None
    medication_changes: StrictBool | None = None
    medication_note: str = text(300)
    side_effects_since_last: StrictBool | None = None
    side_effects_note: str = text(300)
    nprs_before: int | None = Field(default=None, ge=-99, le=99, description="0-10")
    rom_measure: RomMeasure = Field(default=RomMeasure.NONE, description="empty: none")
    rom_before_cm: Decimal | None = Field(default=None, max_digits=4, decimal_places=1)
    position: Position | Literal[""] = ""
    skin_cleaned: StrictBool = False
    single_use_sterile_needles: StrictBool = False
    insertions: list[InsertionIn] = Field(default=[], max_length=40)
    overridden: list[RelativeCode] = Field(
        default=[], max_length=20, description="relative contraindication codes overridden"
    )
    override_reason: str = text(2000)
    needles_out: int | None = Field(default=None, ge=-999, le=999)
    massage: StrictBool = False
    heat: StrictBool = False
    cold: StrictBool = False
    stretching_given: StrictBool = False
    nprs_after: int | None = Field(default=None, ge=-99, le=99, description="0-10")
    rom_after_cm: Decimal | None = Field(default=None, max_digits=4, decimal_places=1)
    side_effects: list[SideEffectIn] = Field(default=[], max_length=20)
    face_to_face_minutes: int | None = Field(default=None, ge=-999, le=999)
    acupuncture_units: list[AcupunctureUnitIn] = Field(
        default=[], max_length=8, description="acupuncture: each 15-minute unit in order"
    )
    notes: str = text(5000)


class InsertionOut(Schema):
    muscle: str
    side: str
    trigger_point: str
    needle_gauge_mm: float
    needle_length_mm: int
    needle_count: int
    depth_mm: float
    technique: str
    twitch_responses: int
    retention_minutes: int
    estim: bool
    estim_channel: str
    estim_frequency_hz: float | None
    estim_pulse_width_us: int | None
    estim_intensity_ma: float | None
    estim_minutes: int | None

    @classmethod
    def of(cls, row: Insertion) -> InsertionOut:
        return cls(
            muscle=row.muscle,
            side=row.side,
            trigger_point=row.trigger_point,
            needle_gauge_mm=float(row.needle_gauge_mm),
            needle_length_mm=row.needle_length_mm,
            needle_count=row.needle_count,
            depth_mm=float(row.depth_mm),
            technique=row.technique,
            twitch_responses=row.twitch_responses,
            retention_minutes=row.retention_minutes,
            estim=row.estim,
            estim_channel=row.estim_channel,
            estim_frequency_hz=_number(row.estim_frequency_hz),
            estim_pulse_width_us=row.estim_pulse_width_us,
            estim_intensity_ma=_number(row.estim_intensity_ma),
            estim_minutes=row.estim_minutes,
        )


class BillingCodeOut(Schema):
    code: str
    units: int


class SideEffectOut(Schema):
    code: str
    note: str


class MismatchOut(Schema):
    """A needle event of the visit (whichever draft or version recorded it)."""

    id: uuid.UUID
    needles_in: int
    needles_out: int = Field(description="counted out when the event was recorded")
    resolved: bool
    needles_accounted: int | None = Field(description="once resolved: needles accounted for")
    action: str
    resolution_note: str
    recorded_at: datetime
    resolved_at: datetime | None
    found_at: datetime | None = Field(description="closed with a needle missing, found then")
    found_note: str

    @classmethod
    def of(cls, m: NeedleMismatch) -> MismatchOut:
        return cls(
            id=m.public_id,
            needles_in=m.needles_in,
            needles_out=m.needles_out,
            resolved=m.resolved,
            needles_accounted=m.needles_accounted,
            action=m.action,
            resolution_note=m.resolution_note,
            recorded_at=m.recorded_at,
            resolved_at=m.resolved_at,
            found_at=m.found_at,
            found_note=m.found_note,
        )


class GateReasonOut(Schema):
    code: str = Field(description="the kernel's reason code (taut.clinical.gate.Code)")
    kind: str = Field(description="safety, record, override, warning or note")
    text: str


class GateOut(Schema):
    """For a draft: the needling gate now. ``needling_blocked``: needles must not go in (no
    insertions are accepted unless the draft records a safety incident). ``blocked`` and
    ``needs_override``: what stops signing, with ``incomplete``, what the record itself still
    lacks; ``incident_only``: the record is complete but can be signed only as a safety
    incident."""

    needling_blocked: bool
    incident_only: bool
    incomplete: list[str] = Field(description="what the record still lacks before signing")
    blocked: list[str]
    needs_override: list[str]
    warnings: list[str] = Field(description="depth and anatomy warnings for the muscles entered")
    reasons: list[GateReasonOut] = Field(description="every reason and note, with its code")


class SessionOut(Schema):
    id: uuid.UUID
    episode_id: uuid.UUID
    patient_id: uuid.UUID
    performed_on: date
    modality: str
    status: str = Field(description="draft, signed, amended or entered_in_error")
    version: int
    amends_id: uuid.UUID | None
    amendment_reason: str
    entered_in_error_reason: str
    new_red_flags: bool | None
    medication_changes: bool | None
    medication_note: str
    side_effects_since_last: bool | None
    side_effects_note: str
    nprs_before: int | None
    rom_measure: str
    rom_before_cm: float | None
    position: str
    skin_cleaned: bool
    single_use_sterile_needles: bool
    needled_at: datetime | None = Field(description="when the needles went in")
    stimulated_at: datetime | None = Field(description="when electrical stimulation began")
    backdating_reason: str
    incident_explanation: str = Field(description="set when the record is a safety incident")
    insertions: list[InsertionOut]
    needles_in: int
    needles_out: int | None
    overridden: list[str]
    override_reason: str
    massage: bool
    heat: bool
    cold: bool
    stretching_given: bool
    nprs_after: int | None
    rom_after_cm: float | None
    side_effects: list[SideEffectOut]
    face_to_face_minutes: int | None
    acupuncture_units: list[AcupunctureUnitIn]
    notes: str
    billing_codes: list[BillingCodeOut] = Field(description="stored at signing; empty for a draft")
    billing_notes: list[str]
    mismatches: list[MismatchOut] = Field(
        description="the visit's needle events (safety events), from any draft or version"
    )
    signed_at: datetime | None
    gate: GateOut | None = Field(description="drafts only")

    @classmethod
    def of(
        cls,
        session: NeedlingSession,
        gate: GateOut | None = None,
        events: Sequence[NeedleMismatch] = (),
    ) -> SessionOut:
        rows = list(session.insertions.all())
        return cls(
            id=session.public_id,
            episode_id=session.episode.public_id,
            patient_id=session.patient.public_id,
            performed_on=session.performed_on,
            modality=session.modality,
            status=session.status,
            version=session.version,
            amends_id=session.amends.public_id if session.amends else None,  # type: ignore[attr-defined]
            amendment_reason=session.amendment_reason,
            entered_in_error_reason=session.entered_in_error_reason,
            new_red_flags=session.new_red_flags,
            medication_changes=session.medication_changes,
            medication_note=session.medication_note,
            side_effects_since_last=session.side_effects_since_last,
            side_effects_note=session.side_effects_note,
            nprs_before=session.nprs_before,
            rom_measure=session.rom_measure,
            rom_before_cm=_number(session.rom_before_cm),
            position=session.position,
            skin_cleaned=session.skin_cleaned,
            single_use_sterile_needles=session.single_use_sterile_needles,
            needled_at=session.needled_at,
            stimulated_at=session.stimulated_at,
            backdating_reason=session.backdating_reason,
            incident_explanation=session.incident_explanation,
            insertions=[InsertionOut.of(r) for r in rows],
            needles_in=sum(r.needle_count for r in rows),
            needles_out=session.needles_out,
            overridden=list(session.overridden),
            override_reason=session.override_reason,
            massage=session.massage,
            heat=session.heat,
            cold=session.cold,
            stretching_given=session.stretching_given,
            nprs_after=session.nprs_after,
            rom_after_cm=_number(session.rom_after_cm),
            side_effects=[
                SideEffectOut(code=e.code, note=e.note) for e in session.side_effects.all()
            ],
            face_to_face_minutes=session.face_to_face_minutes,
            acupuncture_units=[AcupunctureUnitIn(**u) for u in session.acupuncture_units],
            notes=session.notes,
            billing_codes=[BillingCodeOut(code=c, units=u) for c, u in session.billing_codes],
            billing_notes=list(session.billing_notes),
            mismatches=[MismatchOut.of(m) for m in events],
            signed_at=session.signed_at,
            gate=gate,
        )


class ReasonIn(Schema):
    """Why a signed record is being amended or marked entered in error (kept with the record)."""

    reason: str = Field(min_length=1, max_length=1000, pattern=NO_NUL)


class SessionRefused(Schema):
    """409: refused. ``blocked`` lists every reason in words (the safety gate, consent,
    overrides, the needle count, a missing part of the record) and ``codes`` the gate's codes
    (``incomplete`` for a missing part); empty when the session is already signed.
    ``incident_only``: the record is complete, but what it records broke the gate; it can be
    signed only as a safety incident."""

    detail: str
    blocked: list[str]
    codes: list[str] = []
    incident_only: bool = False


class SignIn(Schema):
    as_incident: StrictBool = Field(
        default=False,
        description="sign a draft that records a safety incident (see /incident) as one",
    )


class IncidentIn(Schema):
    explanation: str = Field(min_length=1, max_length=5000, pattern=NO_NUL)


class NeedleEventIn(Schema):
    needles_out: int = Field(ge=-999, le=999, description="needles counted out")
    action: str = Field(min_length=1, max_length=2000, pattern=NO_NUL)
    outcome: Literal["open", "all_found", "search_ended"] = "open"


class NoteIn(Schema):
    note: str = Field(min_length=1, max_length=2000, pattern=NO_NUL)


class ResolveNeedleEventIn(Schema):
    needles_accounted: int = Field(ge=-999, le=999)
    note: str = Field(min_length=1, max_length=2000, pattern=NO_NUL)
