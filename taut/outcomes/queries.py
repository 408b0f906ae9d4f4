"""Reads of outcome responses: what was collected, and whether the patient improved enough to matter."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from taut.assessment.models import Assessment
from taut.audit.reads import get_audited
from taut.clinical import change, instruments, schedule
from taut.clinical.change import RESPONDER_INSTRUMENTS, Change
from taut.clinics.actor import Actor
from taut.clinics.models import Clinic
from taut.clinics.permissions import Permission, require
from taut.episodes.models import Episode
from taut.lib.records import RecordStatus
from taut.outcomes import burden as burden_module
from taut.outcomes.models import InstrumentWording, NprsVariant, Response
from taut.sessions.models import NeedlingSession


def get_response(actor: Actor, public_id: uuid.UUID | str) -> Response:
    require(actor, Permission.VIEW_CLINICAL)
    return get_audited(
        actor,
        Response.objects.select_related("patient", "episode"),
        public_id,
        object_type="outcome_response",
    )


def current_responses(actor: Actor, episode: Episode) -> list[Response]:
    """The episode's current responses in date order (the caller audited the episode's view)."""
    require(actor, Permission.VIEW_CLINICAL)
    return list(
        Response.objects.filter(clinic=actor.clinic, episode=episode, status=RecordStatus.SIGNED)
        .select_related("entered_by")
        .order_by("collected_on", "created_at")
    )


@dataclass(frozen=True)
class Point:
    on: date
    value: Decimal | None  # None: kept but unscorable
    response: Response
    answered: int | None = None  # items answered (for the PSFS: activities rated)


@dataclass(frozen=True)
class Trend:
    """One instrument over an episode: every point, baseline, latest and the kernel's judgement."""

    instrument: str
    name: str
    variant: str
    points: list[Point]
    higher_is_better: bool
    minimum: int
    maximum: int
    change: Change | None = None
    no_threshold: bool = False

    @property
    def baseline(self) -> Point | None:
        return next((p for p in self.points if p.value is not None), None)

    @property
    def latest(self) -> Point | None:
        return next((p for p in reversed(self.points) if p.value is not None), None)

    @property
    def psfs_rating(self) -> str | None:
        """For the PSFS: "single_activity" or "mean" (the kernel's thresholds differ)."""
        first, last = self.baseline, self.latest
        if self.instrument != "psfs" or first is None or last is None:
            return None
        if first.answered is None or last.answered is None:
            return None  # not known: the kernel applies the stricter single-activity value
        return "mean" if min(first.answered, last.answered) > 1 else "single_activity"


@dataclass(frozen=True)
class OutcomeSummary:
    trends: list[Trend] = field(default_factory=list)

    @property
    def responder(self) -> bool | None:
        """True when a pain or function instrument improved importantly; None with nothing to compare."""
        judged = [t for t in self.trends if t.instrument in RESPONDER_INSTRUMENTS and t.change]
        if not judged:
            return None
        return any(t.change.important for t in judged if t.change)


def _trend(code: str, variant: str, points: list[Point]) -> Trend:
    definition = instruments.get(code)
    base = Trend(
        instrument=code,
        name=definition.name,
        variant=variant,
        points=points,
        higher_is_better=bool(definition.higher_is_better),
        minimum=int(definition.min_value),
        maximum=int(definition.max_value),
    )
    first, last = base.baseline, base.latest
    if first is None or last is None or first is last or first.value is None or last.value is None:
        return base
    try:
        judged = change.classify_change(code, first.value, last.value, psfs=base.psfs_rating)
    except ValueError:  # no important-change threshold for this instrument (STarT Back)
        return Trend(**{**base.__dict__, "no_threshold": True})
    return Trend(**{**base.__dict__, "change": judged})


def outcome_summary(
    actor: Actor, episode: Episode, responses: list[Response] | None = None
) -> OutcomeSummary:
    """Per instrument (NPRS per variant), the points, baseline, latest and important change
    (from the episode's ``current_responses`` when the page has read them already)."""
    grouped: dict[tuple[str, str], list[Point]] = {}
    if responses is None:
        responses = current_responses(actor, episode)
    for response in responses:
        key = (response.instrument, response.variant if response.instrument == "nprs" else "")
        grouped.setdefault(key, []).append(
            Point(response.collected_on, response.score_value, response, response.score_answered)
        )
    order = {str(code): i for i, code in enumerate(instruments.INSTRUMENTS)}
    variants = {v: i for i, v in enumerate(NprsVariant.values)}
    keys = sorted(grouped, key=lambda k: (order.get(k[0], 99), variants.get(k[1], 0)))
    return OutcomeSummary(
        trends=[_trend(code, variant, grouped[(code, variant)]) for code, variant in keys]
    )


def collected_from(responses: list[Response]) -> dict[str, list[date]]:
    """The days each instrument was collected, from the episode's current responses."""
    collected: dict[str, list[date]] = {}
    for response in responses:
        collected.setdefault(response.instrument, []).append(response.collected_on)
    return collected


def collected_dates_of(actor: Actor, episode_ids: list[int]) -> dict[int, dict[str, list[date]]]:
    """``collected_from`` for several episodes in one query of dates only (a day's list)."""
    require(actor, Permission.VIEW_CLINICAL)
    found: dict[int, dict[str, list[date]]] = {pk: {} for pk in episode_ids}
    for pk, instrument, on in (
        Response.objects.filter(
            clinic=actor.clinic, episode_id__in=episode_ids, status=RecordStatus.SIGNED
        )
        .order_by("collected_on", "created_at")
        .values_list("episode_id", "instrument", "collected_on")
    ):
        found[pk].setdefault(instrument, []).append(on)
    return found


def visit_dates(actor: Actor, episode: Episode) -> list[date]:
    """The days the patient was seen in this episode: signed assessments and needling sessions.

    An amended record still marks a visit (its amendment describes the same day); a draft or a
    record entered in error does not.
    """
    return visit_dates_of(actor, [episode.pk])[episode.pk]


def visit_dates_of(actor: Actor, episode_ids: list[int]) -> dict[int, list[date]]:
    """``visit_dates`` for several episodes in two queries (a day's list), by episode id."""
    kept = [RecordStatus.SIGNED, RecordStatus.AMENDED]
    assessed = Assessment.objects.filter(
        clinic=actor.clinic, episode_id__in=episode_ids, status__in=kept
    ).values_list("episode_id", "signed_at")
    needled = NeedlingSession.objects.filter(
        clinic=actor.clinic, episode_id__in=episode_ids, status__in=kept
    ).values_list("episode_id", "performed_on")
    days: dict[int, set[date]] = {pk: set() for pk in episode_ids}
    for pk, at in assessed:
        if at is not None:
            days[pk].add(actor.clinic.local_date(at))
    for pk, on in needled:
        days[pk].add(on)
    return {pk: sorted(found) for pk, found in days.items()}


def due_instruments(
    actor: Actor,
    episode: Episode,
    *,
    discharging: bool = False,
    collected: dict[str, list[date]] | None = None,
    visits: list[date] | None = None,
) -> list[schedule.Due]:
    """What the clinic's schedule says to collect today for this episode (``discharging``: the
    final questionnaires, for an episode being or just discharged; ``collected`` and
    ``visits``: the episode's ``collected_dates`` and ``visit_dates`` when the page has read
    them already)."""
    if episode.is_entered_in_error or not (episode.is_active or discharging):
        return []
    if collected is None:
        collected = collected_from(current_responses(actor, episode))
    return schedule.due(
        schedule.DEFAULT_RULES,
        visits=visit_dates(actor, episode) if visits is None else visits,
        collected=collected,
        today=actor.today(),
        discharging=discharging,
    )


def clinic_wording(actor: Actor, instrument: str) -> dict[str, str] | None:
    """The clinic's licensed item wording for an instrument, if it imported one."""
    return wording_for(actor.clinic, instrument)


def wording_for(clinic: Clinic, instrument: str) -> dict[str, str] | None:
    """As ``clinic_wording``, for a patient link (no staff actor)."""
    wording = InstrumentWording.objects.filter(
        clinic=clinic, instrument=instrument, is_current=True
    ).first()
    return dict(wording.items) if wording else None


def due_today(actor: Actor) -> list[tuple[Episode, list[schedule.Due]]]:
    """Active episodes of the clinic with questionnaires due today, by patient name."""
    require(actor, Permission.VIEW_CLINICAL)
    episodes = list(
        Episode.objects.filter(clinic=actor.clinic, status="active")
        .select_related("patient")
        .order_by("patient__family_name", "patient__given_names")
    )
    ids = [e.pk for e in episodes]
    collected, visits = collected_dates_of(actor, ids), visit_dates_of(actor, ids)
    found = []
    for episode in episodes:
        due = due_instruments(
            actor, episode, collected=collected[episode.pk], visits=visits[episode.pk]
        )
        if due:
            found.append((episode, due))
    return found


def trigger_point_burden(actor: Actor, episode: Episode) -> burden_module.Burden:
    """Palpation findings of the episode's signed assessments, by muscle and side over time."""
    require(actor, Permission.VIEW_CLINICAL)
    assessments = Assessment.objects.filter(
        clinic=actor.clinic,
        episode=episode,
        status__in=[RecordStatus.SIGNED, RecordStatus.AMENDED],
    ).prefetch_related("palpation")
    # An amended version and its amendment describe the same visit: keep the latest per day.
    latest: dict[date, Assessment] = {}
    for a in sorted(assessments, key=lambda a: (a.signed_at, a.version)):
        if a.signed_at is not None:
            latest[actor.clinic.local_date(a.signed_at)] = a
    result = burden_module.burden(
        burden_module.Finding(on, f.muscle, f.side, f.finding, f.ppt_kpa)
        for on, a in latest.items()
        for f in a.palpation.all()
    )
    measures = [(on, a.schober_cm, a.fingertip_floor_cm) for on, a in sorted(latest.items())]
    return burden_module.Burden(
        dates=result.dates,
        rows=result.rows,
        counts=result.counts,
        heat=result.heat,
        measures=measures,
    )
