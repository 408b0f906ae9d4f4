"""The API's request and response bodies. Scores are numbers (one decimal), dates ISO 8601."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import StrictBool, StrictInt

from taut.clinical import instruments
from taut.clinical.change import Change
from taut.outcomes.models import NprsVariant, Response
from taut.outcomes.queries import OutcomeSummary, Point, Trend


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
