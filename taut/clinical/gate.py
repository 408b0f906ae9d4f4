"""The needling gate: may needles go in now, and may the record of a visit be signed?

One pure function, ``decide``, judges a ``Snapshot`` of facts, each with the time it was
recorded. The apps build the snapshot (red-flag findings and what clinicians did about them,
screens, safety profiles, consents, the needle sites, needle counts and needle events, the
visit's date and time and today) and translate the reason codes into words.

The rules, each with its source in ``docs/clinical-sources.md`` and in words in
``docs/safety.md``:

- **Red flags stay open until a clinician clears them.** A positive emergency or urgent finding
  blocks needling until a clinician records that the patient was seen and cleared, or that the
  finding was ruled out. A later screen, whoever completed it and however it was answered,
  clears nothing, and a referral is not a clearance (``local_red_flag_clearance``).
- **The facts in force at the visit decide** (``local_visit_time_facts``). Every fact is judged
  as it stood when the needles went in (``Visit.at``): consent must already have been given and
  not withdrawn, a red flag open then blocks even if it was cleared later, the safety profile
  must have been confirmed and not due. Whatever was on record at any moment from then until the
  needling was written (``Visit.known_at``, within the visit's day) or stimulation began counts
  too. Facts recorded later neither rescue an unsafe visit nor block the correction of a safe
  one, and amendments are judged the same way.
- **Dates** (``local_visit_dates``): a visit is never in the future; recording a visit more than
  the clinic's limit of days after it happened needs a reason, which the record shows.
- **Needles** (``local_needle_accounting``): every needle put in is counted out. A needle event
  (a mismatch) belongs to the visit, not to one draft of its record; while it is open the
  visit's record is not signed, and a needle unaccounted for from an earlier visit blocks
  needling the patient again; the signed count must agree with the count the event was resolved
  with.

A decision separates two kinds of refusal: *safety* reasons say needling should not have gone
ahead (the visit can then only be recorded as a safety incident) and *record* reasons say the
record itself must be completed or corrected first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from taut.clinical.contraindications import (
    CONSENT_RULE,
    NeedlingProfile,
    SafetyItem,
    Site,
    check_needling,
)
from taut.clinical.red_flags import BLOCKING_LEVELS, ActionLevel

__all__ = [
    "BLOCKING_LEVELS",
    "DEFAULT_BACKDATE_LIMIT_DAYS",
    "SOURCES_CITED",
    "Code",
    "ConsentFact",
    "ConsentKind",
    "FindingAction",
    "FindingActionFact",
    "FindingFact",
    "GateDecision",
    "Kind",
    "NeedleEventFact",
    "ProfileFact",
    "Reason",
    "ScreenFact",
    "Snapshot",
    "Stage",
    "Visit",
    "decide",
]

CLEARANCE_RULE = "local_red_flag_clearance"
VISIT_TIME_RULE = "local_visit_time_facts"
DATES_RULE = "local_visit_dates"
NEEDLE_RULE = "local_needle_accounting"
INCIDENT_RULE = "local_safety_incident"
PATHWAYS = ("cornwall_bass_2018", "glos_gcare_lbp")

# A clinic may set its own limit; past it, recording a visit late needs a reason.
DEFAULT_BACKDATE_LIMIT_DAYS = 7
# Why ``no_screen`` applies although a screen is on record (its ``subject``).
WITHDRAWN = "entered_in_error"  # the screen in force was entered in error
NOTHING_ANSWERED = "nothing_answered"  # every question of it was left "not asked"

SOURCES_CITED: frozenset[str] = frozenset(
    {CLEARANCE_RULE, VISIT_TIME_RULE, DATES_RULE, NEEDLE_RULE, INCIDENT_RULE, CONSENT_RULE}
    | set(PATHWAYS)
)


class Stage(StrEnum):
    """What is being decided."""

    BEFORE_NEEDLING = "before_needling"  # may needles go in now? (no counts yet)
    SIGNING = "signing"  # may the record of the visit be signed?


class Kind(StrEnum):
    """Why a reason refuses."""

    SAFETY = "safety"  # needling should not go (or have gone) ahead
    RECORD = "record"  # the record must be completed or corrected first


class Code(StrEnum):
    """Every reason the gate gives. Apps translate each into words."""

    NO_SCREEN = "no_screen"
    RED_FLAG_OPEN = "red_flag_open"
    NEW_RED_FLAGS_REPORTED = "new_red_flags_reported"
    NO_PROFILE = "no_profile"
    PROFILE_DUE = "profile_due"
    NO_CONSENT = "no_consent"
    NO_ESTIM_CONSENT = "no_estim_consent"
    CONTRAINDICATION = "contraindication"
    OVERRIDE_REASON_MISSING = "override_reason_missing"
    VISIT_IN_FUTURE = "visit_in_future"
    BACKDATED_WITHOUT_REASON = "backdated_without_reason"
    NEEDLE_EVENT_OPEN = "needle_event_open"
    NEEDLE_UNACCOUNTED = "needle_unaccounted"
    NEEDLES_NOT_COUNTED = "needles_not_counted"
    NEEDLE_COUNT_MISMATCH = "needle_count_mismatch"
    NEEDLE_COUNT_DISAGREES = "needle_count_disagrees"
    # Notes: never refuse, always shown.
    SCREEN_INCOMPLETE = "screen_incomplete"
    RED_FLAG_TO_WEIGH = "red_flag_to_weigh"
    BACKDATED = "backdated"
    NEEDLES_NOT_ACCOUNTED = "needles_not_accounted"


_KINDS: dict[Code, Kind] = {
    Code.NO_SCREEN: Kind.SAFETY,
    Code.RED_FLAG_OPEN: Kind.SAFETY,
    Code.NEW_RED_FLAGS_REPORTED: Kind.SAFETY,
    Code.NO_PROFILE: Kind.SAFETY,
    Code.PROFILE_DUE: Kind.SAFETY,
    Code.NO_CONSENT: Kind.SAFETY,
    Code.NO_ESTIM_CONSENT: Kind.SAFETY,
    Code.CONTRAINDICATION: Kind.SAFETY,
    Code.OVERRIDE_REASON_MISSING: Kind.RECORD,
    Code.VISIT_IN_FUTURE: Kind.RECORD,
    Code.BACKDATED_WITHOUT_REASON: Kind.RECORD,
    Code.NEEDLE_EVENT_OPEN: Kind.RECORD,
    Code.NEEDLE_UNACCOUNTED: Kind.SAFETY,
    Code.NEEDLES_NOT_COUNTED: Kind.RECORD,
    Code.NEEDLE_COUNT_MISMATCH: Kind.RECORD,
    Code.NEEDLE_COUNT_DISAGREES: Kind.RECORD,
}


class ConsentKind(StrEnum):
    DRY_NEEDLING = "dry_needling"
    ELECTRICAL_STIMULATION = "electrical_stimulation"


class FindingAction(StrEnum):
    """What a clinician recorded about a red-flag finding."""

    REFERRED = "referred"  # sent for medical assessment: the finding stays open
    SEEN_AND_CLEARED = "seen_and_cleared"  # seen by a doctor and cleared for treatment
    RULED_OUT = "ruled_out"  # ruled out by the clinician's own assessment

    @property
    def clears(self) -> bool:
        return self is not FindingAction.REFERRED


def _aware(name: str, value: datetime) -> None:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must carry its time zone, got {value!r}")


@dataclass(frozen=True, slots=True)
class FindingActionFact:
    action: FindingAction
    at: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "action", FindingAction(self.action))
        _aware("action time", self.at)


@dataclass(frozen=True, slots=True)
class FindingFact:
    """A positive red-flag finding (a flag or a fired combination rule) of one screen."""

    code: str
    level: ActionLevel
    recorded_at: datetime
    actions: tuple[FindingActionFact, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "level", ActionLevel(self.level))
        object.__setattr__(self, "actions", tuple(self.actions))
        _aware("finding time", self.recorded_at)

    def open_at(self, at: datetime) -> bool:
        """Recorded by ``at`` and not cleared by then."""
        return self.recorded_at <= at and not any(
            a.action.clears and a.at <= at for a in self.actions
        )

    def referred_at(self, at: datetime) -> datetime | None:
        times = [a.at for a in self.actions if a.action is FindingAction.REFERRED and a.at <= at]
        return max(times, default=None)


@dataclass(frozen=True, slots=True)
class ScreenFact:
    """A red-flag screen: when, how many questions it left open and answered, and whether it
    was entered in error (its findings are then left out; the apps pass them no longer). A
    screen in which no question was answered (every one "not asked") screens nothing."""

    recorded_at: datetime
    unanswered: int = 0
    withdrawn: bool = False
    answered: int = 1  # questions answered yes or no; none answered is no screen at all

    def __post_init__(self) -> None:
        _aware("screen time", self.recorded_at)


@dataclass(frozen=True, slots=True)
class ProfileFact:
    """A confirmed needling safety profile (consent fields are ignored: consents are facts)."""

    confirmed_at: datetime
    review_due_on: date
    needling: NeedlingProfile = field(default_factory=NeedlingProfile)

    def __post_init__(self) -> None:
        _aware("profile time", self.confirmed_at)


@dataclass(frozen=True, slots=True)
class ConsentFact:
    """A consent and when it stopped counting (withdrawn, or its document replaced)."""

    kind: ConsentKind
    signed_at: datetime
    ended_at: datetime | None = None
    version: int = 1
    withdrawn_at: datetime | None = None  # the patient's withdrawal, if that is what ended it

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ConsentKind(self.kind))
        _aware("consent time", self.signed_at)
        for name in ("ended_at", "withdrawn_at"):
            if getattr(self, name) is not None:
                _aware(f"consent {name}", getattr(self, name))

    def within_span(self, at: datetime) -> ConsentFact:
        """As judged after ``at``: a consent in force then does not end by its document being
        replaced or by being renewed (the patient's withdrawals are judged apart, as gaps)."""
        if self.ended_at is None or self.ended_at <= at:
            return self
        return replace(self, ended_at=None)

    def in_force_at(self, at: datetime) -> bool:
        return self.signed_at <= at and (self.ended_at is None or self.ended_at > at)


@dataclass(frozen=True, slots=True)
class NeedleEventFact:
    """A needle count mismatch recorded as a safety event.

    ``this_visit``: recorded for the visit being decided (any draft or version of its record).
    ``needles_accounted``: once resolved, how many of ``needles_in`` were accounted for, and
    ``resolved_at`` when.
    """

    recorded_at: datetime
    needles_in: int
    this_visit: bool
    resolved: bool = False
    needles_accounted: int | None = None
    resolved_at: datetime | None = None

    def __post_init__(self) -> None:
        _aware("needle event time", self.recorded_at)
        if self.resolved and self.needles_accounted is None:
            raise ValueError("a resolved needle event says how many needles were accounted for")
        if self.resolved_at is not None:
            _aware("needle event resolution time", self.resolved_at)

    def open_at(self, at: datetime) -> bool:
        """Recorded by ``at`` and not resolved by then (a resolution without a time: resolved)."""
        if self.recorded_at > at:
            return False
        if not self.resolved:
            return True
        return self.resolved_at is not None and self.resolved_at > at


@dataclass(frozen=True, slots=True)
class Visit:
    """The visit being decided, and the clock as the caller read it.

    ``at``: when the needles went in (before needling: now). ``stimulated_at``: when electrical
    stimulation began, if later (consent to it is judged then). ``day_start``: the start of the
    visit's day in the clinic's zone (a screen recorded that day before the needles went in
    answers new red flags reported that day). ``recorded_on``: the day the record was opened
    (how late a visit was recorded; today when not given). ``known_at``: when its needling was
    last written, or the end of the visit's day if written later: what was on record at any
    moment from ``at`` to then (or to ``stimulated_at``, if later) counts too, so a needling
    time stated earlier cannot step round a red flag or a withdrawal recorded meanwhile. ``amendment``: the record corrects an earlier signed version (its lateness was
    judged then).
    """

    on: date
    at: datetime
    today: date
    now: datetime
    stimulated_at: datetime | None = None
    day_start: datetime | None = None
    recorded_on: date | None = None
    known_at: datetime | None = None
    amendment: bool = False
    backdating_reason: str = ""
    backdate_limit_days: int = DEFAULT_BACKDATE_LIMIT_DAYS

    def __post_init__(self) -> None:
        for name in ("at", "now"):
            _aware(f"visit {name}", getattr(self, name))
        for name in ("day_start", "stimulated_at", "known_at"):
            if getattr(self, name) is not None:
                _aware(f"visit {name}", getattr(self, name))
        if self.backdate_limit_days < 0:
            raise ValueError(
                f"backdate_limit_days must be 0 or more, got {self.backdate_limit_days}"
            )


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything the gate judges. Lists hold the patient's whole history; the gate picks
    what was in force at the visit."""

    visit: Visit
    screens: tuple[ScreenFact, ...] = ()
    findings: tuple[FindingFact, ...] = ()
    profiles: tuple[ProfileFact, ...] = ()
    consents: tuple[ConsentFact, ...] = ()
    sites: tuple[Site, ...] = ()
    overridden: tuple[str, ...] = ()
    override_reason_given: bool = False
    new_red_flags_reported: bool | None = None
    needles_in: int = 0
    needles_out: int | None = None
    needle_events: tuple[NeedleEventFact, ...] = ()
    # The record corrects a version signed as a safety incident: it stays one.
    amends_incident: bool = False

    def __post_init__(self) -> None:
        for name in (
            "screens",
            "findings",
            "profiles",
            "consents",
            "sites",
            "overridden",
            "needle_events",
        ):
            value = getattr(self, name)
            if isinstance(value, str):
                raise TypeError(f"{name} must be a collection, not the string {value!r}")
            object.__setattr__(self, name, tuple(value))


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason, coded. ``subject`` names what it is about (a finding or contraindication
    code); ``detail`` is the kernel's own text where it has one (a contraindication's text);
    ``since`` a time and ``on`` a date the app may show (when a finding was referred, when a
    profile fell due); ``count`` and ``expected`` the numbers a count reason compares."""

    code: Code
    subject: str = ""
    detail: str = ""
    level: ActionLevel | None = None
    since: datetime | None = None
    on: date | None = None
    count: int | None = None
    expected: int | None = None

    @property
    def kind(self) -> Kind | None:
        """Safety or record for a refusal; None for a note."""
        return _KINDS.get(self.code)


@dataclass(frozen=True, slots=True)
class GateDecision:
    """The gate's answer.

    ``blocked``: refusals (safety and record kinds). ``needs_override``: relative
    contraindications with no documented override. ``warnings``: hazards of the chosen muscles
    that never refuse. ``notes``: things to show that never refuse. ``amends_incident``: the
    record corrects a safety incident, so it can be signed only as one, whatever else it says.
    """

    stage: Stage
    blocked: tuple[Reason, ...]
    needs_override: tuple[SafetyItem, ...]
    overridden: tuple[SafetyItem, ...]
    warnings: tuple[SafetyItem, ...]
    notes: tuple[Reason, ...]
    amends_incident: bool = False

    @property
    def allowed(self) -> bool:
        """The record may be signed as an ordinary session."""
        return not self.blocked and not self.needs_override and not self.amends_incident

    @property
    def safety_reasons(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.blocked if r.kind is Kind.SAFETY)

    @property
    def record_reasons(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.blocked if r.kind is Kind.RECORD)

    @property
    def needling_blocked(self) -> bool:
        """Needles must not go in (before needling), whatever the record says."""
        return bool(self.safety_reasons)

    @property
    def incident_only(self) -> bool:
        """The record is complete but what it records broke the gate: it can be signed only as a
        safety incident, with a reason (``local_safety_incident``)."""
        return (
            bool(self.safety_reasons or self.needs_override or self.amends_incident)
            and not self.record_reasons
        )


# What appears on record between the needles and the write-up and still counts for the visit.
SPAN_CODES = frozenset(
    {
        Code.RED_FLAG_OPEN,
        Code.NO_CONSENT,
        Code.NO_ESTIM_CONSENT,
        Code.CONTRAINDICATION,
        Code.NEEDLE_UNACCOUNTED,
    }
)


def _latest_before[T](facts: Iterable[T], at: datetime, when: str) -> T | None:
    dated = [f for f in facts if getattr(f, when) <= at]
    return max(dated, key=lambda f: getattr(f, when), default=None)


def _red_flags(snapshot: Snapshot) -> tuple[list[Reason], list[Reason]]:
    visit = snapshot.visit
    blocked: list[Reason] = []
    notes: list[Reason] = []
    screen = _latest_before(snapshot.screens, visit.at, "recorded_at")
    if screen is None:
        blocked.append(Reason(Code.NO_SCREEN))
    elif screen.withdrawn:
        # The latest screen was a mistake: the patient is screened again, not by an older one.
        blocked.append(Reason(Code.NO_SCREEN, subject=WITHDRAWN, since=screen.recorded_at))
    elif not screen.answered:
        blocked.append(Reason(Code.NO_SCREEN, subject=NOTHING_ANSWERED, since=screen.recorded_at))
    elif screen.unanswered:
        notes.append(Reason(Code.SCREEN_INCOMPLETE, count=screen.unanswered))
    for finding in sorted(snapshot.findings, key=lambda f: (-f.level.rank, f.recorded_at)):
        if not finding.open_at(visit.at):
            continue
        reason = Reason(
            Code.RED_FLAG_OPEN if finding.level in BLOCKING_LEVELS else Code.RED_FLAG_TO_WEIGH,
            subject=finding.code,
            level=finding.level,
            since=finding.referred_at(visit.at),
        )
        (blocked if finding.level in BLOCKING_LEVELS else notes).append(reason)
    if snapshot.new_red_flags_reported:
        since = visit.day_start or visit.at
        rescreened = any(
            since <= s.recorded_at <= visit.at and not s.withdrawn and s.answered
            for s in snapshot.screens
        )
        if not rescreened:
            blocked.append(Reason(Code.NEW_RED_FLAGS_REPORTED))
    return blocked, notes


def _consent(snapshot: Snapshot, kind: ConsentKind) -> bool:
    visit = snapshot.visit
    at = visit.at
    if kind is ConsentKind.ELECTRICAL_STIMULATION and visit.stimulated_at is not None:
        at = max(visit.at, visit.stimulated_at)
    return any(c.kind is kind and c.in_force_at(at) for c in snapshot.consents)


def _profile_and_contraindications(
    snapshot: Snapshot,
) -> tuple[list[Reason], list[SafetyItem], list[SafetyItem], list[SafetyItem]]:
    visit = snapshot.visit
    blocked: list[Reason] = []
    profile = _latest_before(snapshot.profiles, visit.at, "confirmed_at")
    if profile is None:
        blocked.append(Reason(Code.NO_PROFILE))
        needling = NeedlingProfile()
    else:
        if visit.on >= profile.review_due_on:
            blocked.append(Reason(Code.PROFILE_DUE, on=profile.review_due_on))
        needling = profile.needling
    needling = replace(
        needling,
        needling_consent=_consent(snapshot, ConsentKind.DRY_NEEDLING),
        estim_consent=_consent(snapshot, ConsentKind.ELECTRICAL_STIMULATION),
    )
    decision = check_needling(needling, sites=snapshot.sites, overridden=snapshot.overridden)
    for item in decision.blocked:
        if item.code == "no_consent":
            blocked.append(Reason(Code.NO_CONSENT))
        elif item.code == "no_estim_consent":
            blocked.append(Reason(Code.NO_ESTIM_CONSENT))
        else:
            blocked.append(Reason(Code.CONTRAINDICATION, subject=item.code, detail=item.text))
    if decision.overridden and not snapshot.override_reason_given:
        blocked.append(Reason(Code.OVERRIDE_REASON_MISSING))
    return (
        blocked,
        list(decision.needs_override),
        list(decision.overridden),
        list(decision.warnings),
    )


def _dates(visit: Visit) -> tuple[list[Reason], list[Reason]]:
    blocked: list[Reason] = []
    notes: list[Reason] = []
    if (
        visit.on > visit.today
        or visit.at > visit.now
        or (visit.stimulated_at is not None and visit.stimulated_at > visit.now)
    ):
        blocked.append(Reason(Code.VISIT_IN_FUTURE))
    late = ((visit.recorded_on or visit.today) - visit.on).days
    if late > visit.backdate_limit_days:
        if visit.backdating_reason.strip():
            notes.append(Reason(Code.BACKDATED, detail=visit.backdating_reason.strip(), count=late))
        elif not visit.amendment:
            blocked.append(
                Reason(
                    Code.BACKDATED_WITHOUT_REASON, count=late, expected=visit.backdate_limit_days
                )
            )
    return blocked, notes


def _open_needle_events(snapshot: Snapshot) -> list[Reason]:
    """Needles unaccounted for: this visit's open events (resolve them before signing), and
    another visit's event open when the needles went in (the patient was not to be needled)."""
    reasons = []
    own = [e for e in snapshot.needle_events if e.this_visit and not e.resolved]
    if own:
        since = min(e.recorded_at for e in own)
        reasons.append(Reason(Code.NEEDLE_EVENT_OPEN, count=len(own), since=since))
    earlier = [
        e for e in snapshot.needle_events if not e.this_visit and e.open_at(snapshot.visit.at)
    ]
    if earlier:
        since = min(e.recorded_at for e in earlier)
        reasons.append(Reason(Code.NEEDLE_UNACCOUNTED, count=len(earlier), since=since))
    return reasons


def _needles(snapshot: Snapshot) -> tuple[list[Reason], list[Reason]]:
    """This visit's count: out must equal in, or agree with the event that settled it."""
    blocked: list[Reason] = []
    notes: list[Reason] = []
    if snapshot.needles_in == 0:
        return blocked, notes  # nothing was needled (the app asks for an insertion)
    settled = [e for e in snapshot.needle_events if e.this_visit and e.resolved]
    # A needle closed as never found stays so: a later event of the visit cannot count it back.
    never_found = [e for e in settled if (e.needles_accounted or 0) < e.needles_in]
    latest = max(never_found or settled, key=lambda e: e.recorded_at, default=None)
    counted = snapshot.needles_out
    if counted is None:
        blocked.append(Reason(Code.NEEDLES_NOT_COUNTED, expected=snapshot.needles_in))
    elif latest is not None:
        if latest.needles_in != snapshot.needles_in or latest.needles_accounted != counted:
            blocked.append(
                Reason(
                    Code.NEEDLE_COUNT_DISAGREES,
                    count=counted,
                    expected=latest.needles_accounted,
                    detail=f"{latest.needles_accounted} of {latest.needles_in}",
                )
            )
        elif counted < snapshot.needles_in:
            notes.append(
                Reason(
                    Code.NEEDLES_NOT_ACCOUNTED,
                    count=snapshot.needles_in - counted,
                    expected=snapshot.needles_in,
                )
            )
    elif counted != snapshot.needles_in:
        blocked.append(
            Reason(Code.NEEDLE_COUNT_MISMATCH, count=counted, expected=snapshot.needles_in)
        )
    return blocked, notes


def decide(snapshot: Snapshot, stage: Stage = Stage.SIGNING) -> GateDecision:
    """Judge the snapshot at the visit's time.

    Before needling, the needle counts of this visit are not judged yet (open needle events of
    the patient are). Raises ``TypeError``/``ValueError`` for facts without a time zone, and
    what ``check_needling`` raises for unknown muscles, sides or override codes.
    """
    if not isinstance(snapshot, Snapshot):
        raise TypeError(f"snapshot must be a Snapshot, got {snapshot!r}")
    stage = Stage(stage)
    decision = _decide(snapshot, stage)
    # Between the needles going in and the needling being written (or stimulation beginning),
    # whatever appeared on record at any moment counts as well: a time stated earlier cannot
    # step round a flag, a withdrawal, a contraindication or a lost needle recorded meanwhile,
    # even one undone since. Whether the patient was screened is judged at the needles only.
    at = snapshot.visit.at
    consents = tuple(c.within_span(at) for c in snapshot.consents)
    moments = _moments_of_the_visit(snapshot)
    for moment in moments:
        later = _decide(
            replace(snapshot, visit=replace(snapshot.visit, at=moment), consents=consents), stage
        )
        seen = {(r.code, r.subject) for r in decision.blocked}
        extra = tuple(
            r for r in later.blocked if r.code in SPAN_CODES and (r.code, r.subject) not in seen
        )
        unresolved = tuple(i for i in later.needs_override if i not in decision.needs_override)
        decision = replace(
            decision,
            blocked=decision.blocked + extra,
            needs_override=decision.needs_override + unresolved,
        )
    refused = {r.code for r in decision.blocked}
    gaps = tuple(r for r in _withdrawn_in_span(snapshot, moments) if r.code not in refused)
    return replace(decision, blocked=decision.blocked + gaps) if gaps else decision


def _withdrawn_in_span(snapshot: Snapshot, moments: list[datetime]) -> list[Reason]:
    """A consent the patient withdrew between the needles (or the start of stimulation, for its
    consent) and the end of the visit's span (the last of ``moments``) is a gap, even if consent
    was given again since."""
    visit = snapshot.visit
    if not moments:
        return []
    end = moments[-1]
    stimulated = any(site.channel for site in snapshot.sites)
    kinds = [(ConsentKind.DRY_NEEDLING, Code.NO_CONSENT, visit.at)]
    if stimulated:
        began = max(visit.at, visit.stimulated_at or visit.at)
        kinds.append((ConsentKind.ELECTRICAL_STIMULATION, Code.NO_ESTIM_CONSENT, began))
    return [
        Reason(code)
        for kind, code, start in kinds
        if any(
            c.kind is kind and c.withdrawn_at is not None and start < c.withdrawn_at <= end
            for c in snapshot.consents
        )
    ]


def _moments_of_the_visit(snapshot: Snapshot) -> list[datetime]:
    """Every instant after ``visit.at`` up to the end of the visit's span (``known_at`` or
    ``stimulated_at``, whichever is later) at which a fact changed, and that end: the facts
    stand still between them, so judging these judges the whole span."""
    visit = snapshot.visit
    end = max((t for t in (visit.known_at, visit.stimulated_at) if t is not None), default=None)
    if end is None or end <= visit.at:
        return []
    times: set[datetime] = {end}
    times.update(s.recorded_at for s in snapshot.screens)
    times.update(p.confirmed_at for p in snapshot.profiles)
    for finding in snapshot.findings:
        times.add(finding.recorded_at)
        times.update(a.at for a in finding.actions)
    for consent in snapshot.consents:
        times.add(consent.signed_at)
        if consent.ended_at is not None:
            times.add(consent.ended_at)
    for event in snapshot.needle_events:
        times.add(event.recorded_at)
        if event.resolved_at is not None:
            times.add(event.resolved_at)
    return sorted(t for t in times if visit.at < t <= end)


def _decide(snapshot: Snapshot, stage: Stage) -> GateDecision:
    blocked, notes = _dates(snapshot.visit)
    flags_blocked, flags_notes = _red_flags(snapshot)
    profile_blocked, needs_override, overridden, warnings = _profile_and_contraindications(snapshot)
    blocked += flags_blocked + profile_blocked
    notes += flags_notes
    blocked += _open_needle_events(snapshot)
    needle_blocked, needle_notes = _needles(snapshot) if stage is Stage.SIGNING else ([], [])
    return GateDecision(
        stage=stage,
        blocked=tuple(blocked + needle_blocked),
        needs_override=tuple(needs_override),
        overridden=tuple(overridden),
        warnings=tuple(warnings),
        notes=tuple(notes + needle_notes),
        amends_incident=snapshot.amends_incident and stage is Stage.SIGNING,
    )
