"""Treatment-plan helpers: a proposed course of sessions, plan reviews, and Medicare limits.

Pure: standard library only; callers pass dates. The course shape (2 to 6 sessions, one to two
weeks apart, closer at first then tapering) is what clinic pages claim [``service_pages_sessions``],
consistent with trial dosing of 6 to 8 sessions [``dn_trial_dosing``]; every adjustment below is
Taut's own documented choice [``local_session_plan``]. Clinicians change any proposal freely.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from taut.clinical import diagnoses
from taut.clinical._citation import SourcedRule
from taut.clinical.change import RESPONDER_INSTRUMENTS, Change, Direction
from taut.clinical.episodes import Chronicity
from taut.clinical.errors import UnknownCode
from taut.clinical.instruments import PainCategory

__all__ = [
    "DISC_OR_JOINT_GROUPS",
    "disc_or_joint_disease",
    "MAX_SESSIONS",
    "MEDICARE_ADDITIONAL_VISITS",
    "MEDICARE_INITIAL_VISITS",
    "MEDICARE_INITIAL_WINDOW_DAYS",
    "MEDICARE_YEARLY_VISITS",
    "MIN_SESSIONS",
    "REVIEW_BY_SESSION",
    "RULES",
    "SOURCES_CITED",
    "Decision",
    "MedicareAllowance",
    "MissingMeasuresError",
    "PlanCondition",
    "Progress",
    "Recommendation",
    "SessionPlan",
    "medicare_acupuncture_visits",
    "propose_plan",
    "propose_sessions",
    "review",
]

MIN_SESSIONS = 2  # service_pages_sessions
MAX_SESSIONS = 6  # service_pages_sessions
CLOSE_GAP = timedelta(weeks=1)  # service_pages_sessions: one to two weeks apart
WIDE_GAP = timedelta(weeks=2)  # service_pages_sessions
PRECAUTION_MAX_SESSIONS = 4  # local_session_plan

BASE_SESSIONS = {  # local_session_plan
    PainCategory.NONE: 2,
    PainCategory.MILD: 3,
    PainCategory.MODERATE: 4,
    PainCategory.SEVERE: 5,
}
CHRONICITY_ADJUSTMENT = {  # local_session_plan, after service_pages_sessions
    Chronicity.ACUTE: -1,
    Chronicity.SUBACUTE: 0,
    Chronicity.CHRONIC: 1,
}


class PlanCondition(StrEnum):
    """Other conditions that change the proposed course [``local_session_plan``]."""

    DISC_OR_JOINT_DISEASE = "disc_or_joint_disease"  # e.g. disc herniation, arthritis: +1
    COMPLEX_HISTORY = "complex_history"  # several other health problems: +1
    NEEDLING_PRECAUTION = "needling_precaution"  # a relative contraindication: at most 4


@dataclass(frozen=True, slots=True)
class SessionPlan:
    dates: tuple[date, ...]
    reasons: tuple[str, ...]


def _enum[E: StrEnum](kind: str, cls: type[E], value: object) -> E:
    if not isinstance(value, str):
        raise UnknownCode(kind, value)
    try:
        return cls(value)
    except ValueError:
        raise UnknownCode(kind, value) from None


def propose_plan(
    start_on: date,
    *,
    severity: PainCategory | str,
    chronicity: Chronicity | str,
    conditions: Iterable[PlanCondition | str] = (),
) -> SessionPlan:
    """Propose session dates from ``start_on`` (the first session), with the reasons.

    Count: 2 (no pain), 3 (mild), 4 (moderate) or 5 (severe NPRS category); one fewer when
    acute, one more when chronic; one more for disc or joint disease and one more for a
    complex history; at most 4 with a needling precaution; always 2 to 6. Spacing: the first
    half of the gaps are one week, the rest two weeks.

    Raises UnknownCode (a ValueError) naming an unknown severity, chronicity or condition,
    and ValueError if ``start_on`` is not a date.
    """
    if not isinstance(start_on, date) or isinstance(start_on, datetime):
        raise ValueError(f"start_on must be a date, got {start_on!r}")
    if isinstance(conditions, str):
        raise UnknownCode("plan condition list", conditions)
    pain = _enum("severity", PainCategory, severity)
    duration = _enum("chronicity", Chronicity, chronicity)
    found = {_enum("plan condition", PlanCondition, c) for c in conditions}

    count = BASE_SESSIONS[pain] + CHRONICITY_ADJUSTMENT[duration]
    reasons = [
        f"{BASE_SESSIONS[pain]} sessions for {pain.value} pain",
        f"{CHRONICITY_ADJUSTMENT[duration]:+d} for {duration.value} pain",
    ]
    for condition in (PlanCondition.DISC_OR_JOINT_DISEASE, PlanCondition.COMPLEX_HISTORY):
        if condition in found:
            count += 1
            reasons.append(f"+1 for {condition.value.replace('_', ' ')}")
    count = max(MIN_SESSIONS, min(MAX_SESSIONS, count))
    if PlanCondition.NEEDLING_PRECAUTION in found and count > PRECAUTION_MAX_SESSIONS:
        count = PRECAUTION_MAX_SESSIONS
        reasons.append(f"at most {PRECAUTION_MAX_SESSIONS} with a needling precaution")
    reasons.append(f"{count} sessions, weekly at first then fortnightly")

    gaps = count - 1
    close = (gaps + 1) // 2
    dates = [start_on]
    for i in range(gaps):
        dates.append(dates[-1] + (CLOSE_GAP if i < close else WIDE_GAP))
    return SessionPlan(tuple(dates), tuple(reasons))


def propose_sessions(
    start_on: date,
    *,
    severity: PainCategory | str,
    chronicity: Chronicity | str,
    conditions: Iterable[PlanCondition | str] = (),
) -> list[date]:
    """Return proposed session dates, the first on ``start_on``; see propose_plan for rules.

    Raises UnknownCode naming an unknown severity, chronicity or condition, and ValueError if
    ``start_on`` is not a date.
    """
    plan = propose_plan(start_on, severity=severity, chronicity=chronicity, conditions=conditions)
    return list(plan.dates)


# --- Review -----------------------------------------------------------------------------------

REVIEW_BY_SESSION = 3  # local_review_rule (issue: "by the third session")
PAIN_AND_FUNCTION = frozenset(RESPONDER_INSTRUMENTS)  # local_responder_rule


class Decision(StrEnum):
    CONTINUE = "continue"
    MODIFY = "modify"
    DISCHARGE = "discharge"
    REFER = "refer"


class MissingMeasuresError(ValueError):
    """A review from the third session on needs a pain or function measure."""


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a plan stands at a review.

    ``changes`` are classify_change results from baseline to the latest score; only NPRS,
    ODI, RMDQ and PSFS (pain and function) drive the decision.
    """

    sessions_done: int
    changes: tuple[Change, ...] = ()
    goals_met: bool = False
    previously_modified: bool = False
    new_red_flags: bool = False


@dataclass(frozen=True, slots=True)
class Recommendation:
    decision: Decision
    reasons: tuple[str, ...]
    source: str = "local_review_rule"


def _worsened_by_mic(change: Change) -> bool:
    return change.direction is Direction.WORSENED and -change.improvement >= change.minimal_change


def review(progress: Progress) -> Recommendation:
    """Recommend continue, modify, discharge or refer, with the reasons [``local_review_rule``].

    In order: new red flags → refer. A pain or function score worse than baseline by at least
    its MIC → refer. An important improvement with goals met → discharge. From the third
    session, no important improvement in pain or function → modify, or refer if the plan was
    already modified. Goals met without a measured important change → continue and
    re-measure. Otherwise continue.

    Raises ValueError naming the value for a negative or non-integer ``sessions_done``, and
    MissingMeasuresError (a ValueError) from the third session when no pain or function change is
    given.
    """
    done = progress.sessions_done
    if isinstance(done, bool) or not isinstance(done, int) or done < 0:
        raise ValueError(f"sessions_done must be a whole number of zero or more, got {done!r}")
    measured = [c for c in progress.changes if c.instrument in PAIN_AND_FUNCTION]
    if progress.new_red_flags:
        return Recommendation(Decision.REFER, ("new red flags: screen and refer",))
    worse = [c.instrument.value for c in measured if _worsened_by_mic(c)]
    if worse:
        return Recommendation(
            Decision.REFER,
            (f"worse than baseline by at least the MIC on {', '.join(worse)}",),
        )
    improved = [c for c in measured if c.important]
    improved_names = ", ".join(c.instrument.value for c in improved)
    if improved and progress.goals_met:
        return Recommendation(
            Decision.DISCHARGE, (f"important improvement on {improved_names} and goals met",)
        )
    if done >= REVIEW_BY_SESSION and not measured:
        raise MissingMeasuresError(
            f"review after session {done} needs a pain or function change (nprs, odi, rmdq or psfs)"
        )
    if done >= REVIEW_BY_SESSION and not improved:
        reason = f"no important change in pain or function after {done} sessions"
        if progress.previously_modified:
            return Recommendation(Decision.REFER, (reason, "the plan was already modified"))
        return Recommendation(Decision.MODIFY, (reason,))
    if progress.goals_met:
        return Recommendation(
            Decision.CONTINUE,
            ("goals reported met but no important change measured: re-measure before discharge",),
        )
    if improved:
        return Recommendation(
            Decision.CONTINUE, (f"important improvement on {improved_names}; goals not yet met",)
        )
    return Recommendation(
        Decision.CONTINUE, (f"session {done} of the review window ({REVIEW_BY_SESSION})",)
    )


# --- Medicare NCD 30.3.3 ----------------------------------------------------------------------

MEDICARE_INITIAL_VISITS = 12  # cms_ncd_30_3_3
MEDICARE_INITIAL_WINDOW_DAYS = 90  # cms_ncd_30_3_3
MEDICARE_ADDITIONAL_VISITS = 8  # cms_ncd_30_3_3: only after the first 12, only if improving
MEDICARE_YEARLY_VISITS = 20  # cms_ncd_30_3_3: 12 + 8 more only if improving
MEDICARE_YEAR_DAYS = 365  # local_medicare_year: rolling, not calendar


@dataclass(frozen=True, slots=True)
class MedicareAllowance:
    """How many more acupuncture visits NCD 30.3.3 allows from ``today``, and why.

    ``initial_used`` counts the visits of the first course (at most 12, within its 90 days);
    ``additional_used`` the visits after it (the 8 further visits).
    """

    remaining: int
    used_in_year: int
    initial_window_ends_on: date | None
    reasons: tuple[str, ...]
    initial_used: int = 0
    additional_used: int = 0
    sources: tuple[str, ...] = ("cms_ncd_30_3_3", "local_medicare_year")


def medicare_acupuncture_visits(
    visits: Sequence[date],
    today: date,
    *,
    improving: bool | None = None,
    chronicity: Chronicity | str | None = None,
) -> MedicareAllowance:
    """Return the visits Medicare's NCD 30.3.3 still allows for chronic low back pain.

    ``visits`` are the dates of acupuncture visits already given (one entry per visit).
    Counting is over the 365 days ending ``today`` [``local_medicare_year``]. The first course
    is up to 12 visits within 90 days of the first visit in that year. The 8 further visits
    follow the first course only: once 12 visits are used or the 90 days are over, and only
    with ``improving=True``; never more than 20 in the year [``cms_ncd_30_3_3``]. So while the
    first course is open, improvement allows no more than its 12. ``improving=False`` (not
    improving or regressing) stops treatment. ``improving=None`` means not yet assessed. A
    ``chronicity`` other than chronic means the NCD does not cover the episode.

    Raises ValueError naming the value for a visit after ``today``, a non-date entry or a
    non-boolean ``improving``, and UnknownCode for an unknown chronicity.
    """
    if improving is not None and not isinstance(improving, bool):
        raise ValueError(f"improving must be True, False or None, got {improving!r}")
    for visit in visits:
        if not isinstance(visit, date):
            raise ValueError(f"visit dates must be dates, got {visit!r}")
        if visit > today:
            raise ValueError(f"visit on {visit.isoformat()} is after today {today.isoformat()}")
    year_start = today - timedelta(days=MEDICARE_YEAR_DAYS - 1)
    in_year = sorted(v for v in visits if v >= year_start)
    used = len(in_year)
    window_end = in_year[0] + timedelta(days=MEDICARE_INITIAL_WINDOW_DAYS - 1) if in_year else None
    initial_used = (
        min(MEDICARE_INITIAL_VISITS, sum(1 for v in in_year if v <= window_end))
        if window_end is not None
        else 0
    )
    additional_used = used - initial_used

    def allowance(remaining: int, *reasons: str) -> MedicareAllowance:
        return MedicareAllowance(
            max(0, remaining), used, window_end, reasons, initial_used, additional_used
        )

    if chronicity is not None and _enum("chronicity", Chronicity, chronicity) != Chronicity.CHRONIC:
        return allowance(
            0, f"NCD 30.3.3 covers chronic low back pain only (episode is {chronicity})"
        )
    if improving is False:
        return allowance(0, "not improving or regressing: NCD 30.3.3 says to stop")
    if used >= MEDICARE_YEARLY_VISITS:
        return allowance(0, f"{used} visits in the last 365 days: the yearly limit of 20 is used")
    initial_open = window_end is None or today <= window_end
    if initial_open and initial_used < MEDICARE_INITIAL_VISITS:
        return allowance(
            MEDICARE_INITIAL_VISITS - initial_used,
            f"{initial_used} of the first 12 visits used within the 90-day window",
            "the 8 further visits follow the first 12 and need documented improvement",
        )
    if improving is True:
        further = min(MEDICARE_ADDITIONAL_VISITS - additional_used, MEDICARE_YEARLY_VISITS - used)
        return allowance(
            further,
            f"improving: {additional_used} of the 8 further visits used "
            f"({used} in the last 365 days, at most 20)",
        )
    if not initial_open:
        return allowance(
            0, "the first 90 days are over: further visits need documented improvement"
        )
    return allowance(0, "12 visits used: the 8 further visits need documented improvement")


# Working-diagnosis groups that count as disc or joint disease when a course is sized.
DISC_OR_JOINT_GROUPS: frozenset[diagnoses.DiagnosisGroup] = frozenset(
    {diagnoses.DiagnosisGroup.DISC, diagnoses.DiagnosisGroup.SPINAL_STRUCTURE}
)


def disc_or_joint_disease(codes: Iterable[str]) -> bool:
    """Whether a working diagnosis (ICD-10-CM codes) names disc or joint disease.

    Raises what ``diagnoses.get`` raises for an unknown or non-billable code.
    """
    if isinstance(codes, str):
        raise TypeError(f"codes must be a collection, not the string {codes!r}")
    return any(diagnoses.get(code).group in DISC_OR_JOINT_GROUPS for code in codes)


RULES: Mapping[str, SourcedRule] = MappingProxyType(
    {
        r.code: r
        for r in (
            SourcedRule(
                "course_shape",
                f"{MIN_SESSIONS} to {MAX_SESSIONS} sessions, one to two weeks apart, closer at "
                "first and then tapering.",
                ("service_pages_sessions", "dn_trial_dosing"),
            ),
            SourcedRule(
                "course_size",
                "Sessions by NPRS category, one fewer when acute and one more when chronic, "
                "one more each for disc or joint disease (a disc or spinal-structure diagnosis) "
                "and a complex history, at most "
                f"{PRECAUTION_MAX_SESSIONS} with a needling precaution.",
                ("local_session_plan",),
            ),
            SourcedRule(
                "review",
                "New red flags or a worsening by the MIC: refer. Important improvement and "
                f"goals met: discharge. No important improvement by session {REVIEW_BY_SESSION}: "
                "modify, or refer if already modified.",
                ("local_review_rule", "ostelo_2008", "local_responder_rule"),
            ),
            SourcedRule(
                "medicare_visits",
                f"Medicare: up to {MEDICARE_INITIAL_VISITS} visits in "
                f"{MEDICARE_INITIAL_WINDOW_DAYS} days; {MEDICARE_ADDITIONAL_VISITS} more only "
                "after those and only if improving; at most "
                f"{MEDICARE_YEARLY_VISITS} a year; stop if not improving or regressing.",
                ("cms_ncd_30_3_3",),
            ),
            SourcedRule(
                "medicare_year",
                f"The Medicare year is the {MEDICARE_YEAR_DAYS} days ending today, and its 90 "
                "days run from the first visit in that year.",
                ("local_medicare_year",),
            ),
        )
    }
)
"""The planning rules this module applies, with their sources."""

SOURCES_CITED: frozenset[str] = frozenset(key for r in RULES.values() for key in r.sources)
