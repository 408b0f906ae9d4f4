"""The needling gate as Taut asks it: the kernel's snapshot built from the records, its decision,
and each reason in words with the step that resolves it.

The kernel (``taut.clinical.gate``) decides; this module only gathers the facts with their
times (red-flag findings and screens, safety profiles, consents, the session's sites, needle
counts and every needle event of the patient) and translates the reason codes. Every route
that needles or signs asks here: the session page before the needle, saving and signing in the
service, the API, the chart and the plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from taut.appointments.rules import local_day_bounds
from taut.clinical import gate
from taut.clinical.contraindications import SafetyItem, Site
from taut.clinical.red_flags import FLAGS, RULES
from taut.clinics.actor import Actor
from taut.clinics.models import Clinic
from taut.consent.models import Consent
from taut.consent.queries import consent_facts, read_consents_of
from taut.patients.models import Patient
from taut.safety.labels import LEVEL_LABELS
from taut.safety.queries import SafetyRecords, gate_facts, read_safety_of
from taut.sessions.models import Insertion, NeedleMismatch, NeedlingSession, SafetyIncident
from taut.sessions.queries import (
    is_of_visit,
    needle_events_of,
    needle_events_of_many,
    visit_chain,
)


@dataclass(frozen=True)
class GateLine:
    """One reason in words; ``fix_url`` and ``fix_label`` name the step that resolves it."""

    code: str
    kind: str  # safety | record | override | warning | note
    text: str
    fix_url: str = ""
    fix_label: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class GateView:
    """The kernel's decision with its reasons in words."""

    decision: gate.GateDecision
    blocked: tuple[GateLine, ...]
    needs_override: tuple[GateLine, ...]
    warnings: tuple[GateLine, ...]
    notes: tuple[GateLine, ...] = field(default=())

    @property
    def allowed(self) -> bool:
        return self.decision.allowed

    @property
    def needling_blocked(self) -> bool:
        return self.decision.needling_blocked

    @property
    def incident_only(self) -> bool:
        return self.decision.incident_only

    @property
    def safety_lines(self) -> tuple[GateLine, ...]:
        return tuple(line for line in self.blocked if line.kind == gate.Kind.SAFETY)

    @property
    def record_lines(self) -> tuple[GateLine, ...]:
        return tuple(line for line in self.blocked if line.kind == gate.Kind.RECORD)

    @property
    def refusals(self) -> list[str]:
        """Every reason that refuses signing, in words (for the service's SessionBlocked)."""
        return [line.text for line in (*self.blocked, *self.needs_override)]

    @property
    def codes(self) -> list[str]:
        return [line.code for line in (*self.blocked, *self.needs_override)]


def amends_incident_line() -> GateLine:
    """Why an amendment of a safety incident is refused as an ordinary session."""
    return GateLine(
        "amends_incident",
        "record",
        _("This visit was signed as a safety incident: sign its amendment as one too."),
    )


def _finding_label(code: str) -> str:
    if code in FLAGS:
        return FLAGS[code].suggests
    rule = next((r for r in RULES if r.code == code), None)
    return rule.description if rule else code


def _when(instant: datetime | None, clinic: Clinic) -> str:
    return timezone.localtime(instant, clinic.zone).strftime("%Y-%m-%d %H:%M") if instant else ""


def _line(reason: gate.Reason, patient: Patient, clinic: Clinic) -> GateLine:
    """A refusal or note in words, with the step that resolves it."""
    code = gate.Code(reason.code)
    kind = str(reason.kind or "note")
    pid = patient.public_id
    red_flags = reverse("safety:red_flags", args=[pid])
    profile = reverse("safety:profile_edit", args=[pid])
    screen = reverse("safety:screen_create", args=[pid])
    match code:
        case gate.Code.NO_SCREEN:
            if reason.subject == gate.WITHDRAWN:
                text = _(
                    "The red-flag screen in force at the visit (%(when)s) was marked entered in "
                    "error: the patient was not screened."
                ) % {"when": _when(reason.since, clinic)}
            elif reason.subject == gate.NOTHING_ANSWERED:
                text = _(
                    "The red-flag screen in force at the visit (%(when)s) answered no question "
                    "(every one was left not asked): the patient was not screened."
                ) % {"when": _when(reason.since, clinic)}
            else:
                text = _("No red-flag screen was recorded before the visit.")
            return GateLine(code, kind, text, screen, _("Screen for red flags"))
        case gate.Code.RED_FLAG_OPEN:
            level = LEVEL_LABELS[reason.level] if reason.level else ""
            text = _("%(level)s red flag open: %(what)s") % {
                "level": level,
                "what": _finding_label(reason.subject),
            }
            if reason.since:
                text += " " + _(
                    "Referred on %(when)s; still open until the result is recorded."
                ) % {"when": _when(reason.since, clinic)}
            return GateLine(
                code, kind, text, red_flags, _("Record that the patient was seen and cleared")
            )
        case gate.Code.NEW_RED_FLAGS_REPORTED:
            return GateLine(
                code,
                kind,
                _("New red flags were reported today: screen the patient again before needling."),
                screen,
                _("Screen for red flags"),
            )
        case gate.Code.NO_PROFILE:
            return GateLine(
                code,
                kind,
                _("No needling safety profile was confirmed before the visit."),
                profile,
                _("Confirm the safety profile"),
            )
        case gate.Code.PROFILE_DUE:
            return GateLine(
                code,
                kind,
                _("The safety profile was due for its recheck on %(date)s.")
                % {"date": reason.on.isoformat() if reason.on else ""},
                profile,
                _("Recheck the safety profile"),
            )
        case gate.Code.NO_CONSENT:
            return GateLine(
                code,
                kind,
                _("No consent to dry needling was in force at the visit."),
                reverse("consent:take", args=[pid, "dry_needling"]),
                _("Take consent"),
            )
        case gate.Code.NO_ESTIM_CONSENT:
            return GateLine(
                code,
                kind,
                _("No consent to electrical stimulation was in force at the visit."),
                reverse("consent:take", args=[pid, "electrical_stimulation"]),
                _("Take electrical-stimulation consent"),
            )
        case gate.Code.CONTRAINDICATION:
            return GateLine(
                code,
                kind,
                _("Absolute contraindication: %(text)s") % {"text": reason.detail},
                profile,
                _("Review the safety profile"),
            )
        case gate.Code.OVERRIDE_REASON_MISSING:
            return GateLine(
                code, kind, _("Give the reason for overriding the relative contraindications.")
            )
        case gate.Code.VISIT_IN_FUTURE:
            return GateLine(code, kind, _("A visit cannot be dated or timed in the future."))
        case gate.Code.BACKDATED_WITHOUT_REASON:
            return GateLine(
                code,
                kind,
                _(
                    "This visit is recorded %(days)d days after it happened, more than the "
                    "clinic's %(limit)d: say why."
                )
                % {"days": reason.count or 0, "limit": reason.expected or 0},
            )
        case gate.Code.NEEDLE_EVENT_OPEN:
            return GateLine(
                code,
                kind,
                ngettext(
                    "A needle event of this visit is still open: find the needle and resolve "
                    "the event with the number of needles accounted for.",
                    "%(count)d needle events of this visit are still open: resolve each with "
                    "the number of needles accounted for.",
                    reason.count or 1,
                )
                % {"count": reason.count or 1},
            )
        case gate.Code.NEEDLE_UNACCOUNTED:
            return GateLine(
                code,
                kind,
                _(
                    "A needle from an earlier visit was still unaccounted for (recorded "
                    "%(when)s): resolve that needle event first."
                )
                % {"when": _when(reason.since, clinic)},
                reverse("chart:patient", args=[pid]),
                _("See the needle event on the chart"),
            )
        case gate.Code.NEEDLES_NOT_COUNTED:
            return GateLine(code, kind, _("Count the needles out."))
        case gate.Code.NEEDLE_COUNT_MISMATCH:
            return GateLine(
                code,
                kind,
                _(
                    "Needles out (%(out)d) do not match needles in (%(in)d): find every needle "
                    "and record the mismatch as a needle event."
                )
                % {"out": reason.count or 0, "in": reason.expected or 0},
            )
        case gate.Code.NEEDLE_COUNT_DISAGREES:
            return GateLine(
                code,
                kind,
                _(
                    "Needles out (%(out)d) disagree with the needle event, which was resolved "
                    "with %(event)s needles accounted for: the record must say what the event "
                    "says, or record a new event."
                )
                % {"out": reason.count or 0, "event": reason.detail},
            )
        case gate.Code.SCREEN_INCOMPLETE:
            return GateLine(
                code,
                kind,
                ngettext(
                    "The red-flag screen is incomplete: %(count)d question is not answered.",
                    "The red-flag screen is incomplete: %(count)d questions are not answered.",
                    reason.count or 0,
                )
                % {"count": reason.count or 0},
                screen,
                _("Complete the screen"),
            )
        case gate.Code.RED_FLAG_TO_WEIGH:
            level = LEVEL_LABELS[reason.level] if reason.level else ""
            return GateLine(
                code,
                kind,
                _("%(level)s: %(what)s") % {"level": level, "what": _finding_label(reason.subject)},
                red_flags,
                _("See the red flags"),
            )
        case gate.Code.BACKDATED:
            return GateLine(
                code,
                kind,
                _("Recorded %(days)d days after the visit: %(reason)s")
                % {"days": reason.count or 0, "reason": reason.detail},
            )
        case gate.Code.NEEDLES_NOT_ACCOUNTED:
            return GateLine(
                code,
                kind,
                ngettext(
                    "%(count)d needle was never found (see the needle event).",
                    "%(count)d needles were never found (see the needle event).",
                    reason.count or 0,
                )
                % {"count": reason.count or 0},
            )
    raise AssertionError(f"untranslated gate code {code}")  # pragma: no cover


def _item_line(item: SafetyItem, kind: str) -> GateLine:
    if kind == "override":
        return GateLine(
            item.code,
            kind,
            _("%(text)s This needs a documented override.") % {"text": item.text},
        )
    return GateLine(item.code, kind, item.text)


def _once(lines: Iterable[GateLine]) -> tuple[GateLine, ...]:
    """Each reason once (several findings can suggest the same thing, e.g. cauda equina)."""
    return tuple({(line.code, line.text): line for line in lines}.values())


def view_of(decision: gate.GateDecision, patient: Patient, clinic: Clinic) -> GateView:
    return GateView(
        decision=decision,
        blocked=_once(_line(r, patient, clinic) for r in decision.blocked),
        needs_override=_once(_item_line(i, "override") for i in decision.needs_override),
        warnings=_once(_item_line(i, "warning") for i in decision.warnings),
        notes=_once(_line(r, patient, clinic) for r in decision.notes),
    )


def site_of(row: Insertion) -> Site | None:
    """The kernel's site for an insertion row; None when its muscle or side is no longer valid
    (a retired muscle code in a copied old record: signing asks for it to be chosen again)."""
    channel = (row.estim_channel or f"#{row.pk}") if row.estim else ""
    try:
        return Site(row.muscle, row.side, channel)
    except ValueError:
        return None


def _needle_events(
    clinic: Clinic,
    patient: Patient,
    session: NeedlingSession | None,
    events: list[NeedleMismatch] | None = None,
) -> tuple[gate.NeedleEventFact, ...]:
    """Every needle event of the patient, the visit's own marked (``queries.is_of_visit``)."""
    if events is None:
        events = needle_events_of(clinic, patient)
    chain = visit_chain(session) if session is not None else set()
    return tuple(
        e.fact(this_visit=session is not None and is_of_visit(e, session, chain)) for e in events
    )


def _written_by(session: NeedlingSession) -> datetime | None:
    """When the needling was last written, or the end of the visit's day if that was later
    (see ``gate.Visit.known_at``): facts of later days do not judge the visit."""
    written = session.needling_recorded_at
    if written is None:
        return None
    _, next_day = local_day_bounds(session.performed_on, session.clinic.zone)
    return min(written, next_day - timedelta(microseconds=1))


def snapshot_for(
    actor: Actor, session: NeedlingSession, *, with_sites: bool = True
) -> gate.Snapshot:
    """The gate's snapshot for one session's visit, judged at its needling time (before the
    first insertions: now). Without ``with_sites``, the patient's own facts only."""
    clinic, patient = session.clinic, session.patient
    now = timezone.now()
    history = gate_facts(clinic, patient)
    rows = list(session.insertions.all())
    sites = tuple(site for row in rows if (site := site_of(row)) is not None) if with_sites else ()
    when = session.needled_at or now
    return gate.Snapshot(
        visit=gate.Visit(
            on=session.performed_on,
            at=when,
            today=actor.today(),
            now=now,
            stimulated_at=session.stimulated_at,
            day_start=local_day_bounds(session.performed_on, clinic.zone)[0],
            recorded_on=clinic.local_date(session.created_at),
            known_at=_written_by(session),
            amendment=session.amends_id is not None,
            backdating_reason=session.backdating_reason,
            backdate_limit_days=clinic.backdate_limit_days,
        ),
        screens=history.screens,
        findings=history.findings,
        profiles=history.profiles,
        consents=consent_facts(clinic, patient),
        sites=sites,
        overridden=tuple(session.overridden),
        override_reason_given=bool(session.override_reason.strip()),
        new_red_flags_reported=session.new_red_flags,
        needles_in=sum(r.needle_count for r in rows),
        needles_out=session.needles_out,
        needle_events=_needle_events(clinic, patient, session),
        amends_incident=session.amends_id is not None
        and SafetyIncident.objects.filter(session_id=session.amends_id).exists(),
    )


def session_gate(
    actor: Actor,
    session: NeedlingSession,
    stage: gate.Stage = gate.Stage.SIGNING,
    *,
    with_sites: bool = True,
) -> GateView:
    """The gate for a session's visit: before the needle (``BEFORE_NEEDLING``: no counts yet)
    or at signing. Without ``with_sites``, the patient's own facts only (red flags, the safety
    profile, consent to needling, open needle events): what blocks needling anywhere."""
    decision = gate.decide(snapshot_for(actor, session, with_sites=with_sites), stage)
    return view_of(decision, session.patient, session.clinic)


@dataclass(frozen=True)
class SessionViews:
    """The three questions a session page asks, from one reading of the records."""

    patient_level: GateView  # may needles go in at all (no sites yet)
    before: GateView  # may these needles go in
    signing: GateView  # may the record be signed


def session_views(actor: Actor, session: NeedlingSession) -> SessionViews:
    snapshot = snapshot_for(actor, session)
    patient, clinic = session.patient, session.clinic
    return SessionViews(
        patient_level=view_of(
            gate.decide(replace(snapshot, sites=()), gate.Stage.BEFORE_NEEDLING), patient, clinic
        ),
        before=view_of(gate.decide(snapshot, gate.Stage.BEFORE_NEEDLING), patient, clinic),
        signing=view_of(gate.decide(snapshot, gate.Stage.SIGNING), patient, clinic),
    )


@dataclass(frozen=True)
class PatientRecords:
    """What the needling gate reads of a patient, read once so that a page which also shows
    these records (the chart: safety, consent, needle events) asks the database only once."""

    safety: SafetyRecords
    consents: list[Consent]
    needle_events: list[NeedleMismatch]


def read_patient_records(clinic: Clinic, patient: Patient) -> PatientRecords:
    return read_patient_records_of(clinic, [patient.pk])[patient.pk]


def read_patient_records_of(clinic: Clinic, patient_ids: list[int]) -> dict[int, PatientRecords]:
    """``read_patient_records`` for several patients in the same few queries (a day's list)."""
    safety = read_safety_of(clinic, patient_ids)
    consents = read_consents_of(clinic, patient_ids)
    events = needle_events_of_many(clinic, patient_ids)
    return {
        pk: PatientRecords(safety=safety[pk], consents=consents[pk], needle_events=events[pk])
        for pk in patient_ids
    }


def patient_gate(actor: Actor, patient: Patient, records: PatientRecords | None = None) -> GateView:
    """May needling start now, for this patient, before any site is chosen (chart, plans)."""
    clinic = actor.clinic
    now = timezone.now()
    records = records or read_patient_records(clinic, patient)
    history = gate_facts(clinic, patient, records.safety)
    snapshot = gate.Snapshot(
        visit=gate.Visit(
            on=actor.today(),
            at=now,
            today=actor.today(),
            now=now,
            backdate_limit_days=clinic.backdate_limit_days,
        ),
        screens=history.screens,
        findings=history.findings,
        profiles=history.profiles,
        consents=consent_facts(clinic, patient, records.consents),
        needle_events=_needle_events(clinic, patient, None, records.needle_events),
    )
    return view_of(gate.decide(snapshot, gate.Stage.BEFORE_NEEDLING), patient, clinic)
