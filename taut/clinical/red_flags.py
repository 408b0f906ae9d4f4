"""Red flags for serious spinal pathology in low back pain, and the screen that combines them.

Each flag is one yes/no question. Its action level, and the combination rules that raise it,
come from UK NHS referral pathways (Gloucestershire and Cornwall, the latter following BASS
2018) and NICE NG65, not from the IFOMPT 2020 framework: that framework's per-condition
weightings and action tiers were not extracted (source ``finucane_2020_ifompt``). Red flags
raise suspicion; none of them alone diagnoses anything, and a screen with no positive answer
is reported as "no flags reported", never as "safe".

Some questions are *follow-ups*: they are asked only when their parent flag is answered yes
(e.g. "is the weakness getting worse?" after NEURO-1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from taut.clinical.errors import UnknownCode

__all__ = [
    "BLOCKING_LEVELS",
    "FLAGS",
    "FOLLOW_UPS",
    "INFL_FEATURES",
    "MALIGNANCY_AGE_OVER",
    "MALIGNANCY_AGE_UNDER",
    "RETIRED_QUESTIONS",
    "RULES",
    "SOURCES_CITED",
    "ActionLevel",
    "Condition",
    "Finding",
    "FollowUp",
    "InvalidRedFlagAnswerError",
    "Outcome",
    "RedFlag",
    "Rule",
    "RuleFiring",
    "Triage",
    "highest",
    "question_text",
    "questions",
    "screen",
]

GLOS = "glos_gcare_lbp"
CORNWALL = "cornwall_bass_2018"
BRISTOL = "bristol_spine_clinic"
HEY = "heyneurosurgeon_red_flags"
LOCAL = "local_red_flag_levels"
FRAMEWORK_SOURCES = ("finucane_2020_ifompt", "nice_ng59")

# New back pain outside this age band counts towards malignancy (Gloucestershire pathway; some
# guidelines use 55 instead of 50, see local_red_flag_levels).
MALIGNANCY_AGE_OVER = 50
MALIGNANCY_AGE_UNDER = 20


class ActionLevel(StrEnum):
    """What to do about a positive finding, from most to least pressing."""

    EMERGENCY = "emergency"  # emergency department or same-day emergency assessment now
    URGENT = "urgent"  # same-day or next-day medical review or referral
    ROUTINE = "routine"  # refer, not urgently
    CONSIDER = "consider"  # weigh it in clinical reasoning and safety-net the patient

    @property
    def rank(self) -> int:
        """Higher is more pressing (consider 1 ... emergency 4)."""
        return _RANK[self]


_RANK: Mapping[ActionLevel, int] = MappingProxyType(
    {
        ActionLevel.CONSIDER: 1,
        ActionLevel.ROUTINE: 2,
        ActionLevel.URGENT: 3,
        ActionLevel.EMERGENCY: 4,
    }
)

# glos_gcare_lbp, cornwall_bass_2018: emergency and urgent are the pathways' same-day and
# next-day medical actions.
BLOCKING_LEVELS: frozenset[ActionLevel] = frozenset({ActionLevel.EMERGENCY, ActionLevel.URGENT})
"""The action levels that block needling until a clinician records the action taken.

An emergency (emergency assessment now) or urgent (same-day or next-day medical review) level
is the NHS pathways' call for medical action before anything else [``glos_gcare_lbp``,
``cornwall_bass_2018``]; needling waits for it. Routine and consider levels do not block.
"""


class Condition(StrEnum):
    """The serious pathology a flag points towards."""

    CAUDA_EQUINA = "cauda_equina"
    MALIGNANCY = "malignancy"
    INFECTION = "infection"
    FRACTURE = "fracture"
    INFLAMMATORY = "inflammatory"
    NEUROLOGICAL = "neurological"
    ANEURYSM = "abdominal_aortic_aneurysm"


class Outcome(StrEnum):
    """The headline of a screen. There is deliberately no "safe"."""

    FLAGS_REPORTED = "flags_reported"
    NO_FLAGS_REPORTED = "no_flags_reported"


class InvalidRedFlagAnswerError(ValueError):
    """An answer is not True, False or None, or an age is impossible."""


@dataclass(frozen=True, slots=True)
class RedFlag:
    """One red-flag question. ``level`` is None when the flag acts only through rules."""

    code: str
    condition: Condition
    question: str
    suggests: str
    level: ActionLevel | None
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A question asked only when one of its parent flags is answered yes."""

    code: str
    parents: tuple[str, ...]
    question: str


@dataclass(frozen=True, slots=True)
class Rule:
    """A combination that sets a level: every ``all_of`` positive and enough of ``any_of``.

    ``min_any``/``max_any`` bound how many of ``any_of`` must be positive (``max_any`` None =
    no upper bound). With an empty ``any_of`` only ``all_of`` counts.
    """

    code: str
    description: str
    all_of: tuple[str, ...]
    any_of: tuple[str, ...]
    level: ActionLevel
    sources: tuple[str, ...]
    min_any: int = 1
    max_any: int | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """A positive flag, with the level it sets on its own and why."""

    code: str
    level: ActionLevel
    reason: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RuleFiring:
    """A combination rule that applied, with the answers that made it apply."""

    code: str
    level: ActionLevel
    reason: str
    because_of: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Triage:
    """The result of a red-flag screen.

    ``level`` is the most pressing level among findings and fired rules, or None when no flag
    was reported. ``unanswered`` lists every question that still needs an answer (including
    follow-ups of positive flags and ``age_years`` when a flag needs it); while it is not empty
    the screen is incomplete and a "no flags" outcome means only that none were reported so far.
    """

    level: ActionLevel | None
    findings: tuple[Finding, ...]
    rules_fired: tuple[RuleFiring, ...]
    unanswered: tuple[str, ...]

    @property
    def outcome(self) -> Outcome:
        """Whether any flag was reported."""
        return Outcome.NO_FLAGS_REPORTED if self.level is None else Outcome.FLAGS_REPORTED

    @property
    def complete(self) -> bool:
        """True only when every applicable question has an answer."""
        return not self.unanswered

    @property
    def summary(self) -> str:
        """One line for a screen or an audit entry."""
        if self.level is None:
            head = "No red flags reported"
        else:
            head = f"Red flags reported: highest action level {self.level}"
        if self.unanswered:
            return f"{head} (screen incomplete: {len(self.unanswered)} unanswered)"
        return head + " (screen complete)"


_CES = "Possible cauda equina syndrome: emergency assessment the same day."

FLAGS: Mapping[str, RedFlag] = MappingProxyType(
    {
        f.code: f
        for f in (
            RedFlag(
                "CES-1",
                Condition.CAUDA_EQUINA,
                "Since this back pain began, have you had new trouble starting to pass urine, "
                "a weaker sense of it flowing, been unable to empty your bladder, or leaked urine?",
                _CES,
                ActionLevel.EMERGENCY,
                (CORNWALL, GLOS),
            ),
            RedFlag(
                "CES-2",
                Condition.CAUDA_EQUINA,
                "Have you lost control of your bowels or wind, or stopped feeling when your "
                "bowel is full?",
                _CES,
                ActionLevel.EMERGENCY,
                (CORNWALL, GLOS),
            ),
            RedFlag(
                "CES-3",
                Condition.CAUDA_EQUINA,
                "Is there numbness or pins and needles between your legs, around your back "
                "passage or genitals, or where you would sit on a saddle?",
                _CES,
                ActionLevel.EMERGENCY,
                (CORNWALL, GLOS),
            ),
            RedFlag(
                "CES-4",
                Condition.CAUDA_EQUINA,
                "Have you noticed a new change in sexual function, such as erection, "
                "ejaculation or feeling in the vagina?",
                _CES,
                ActionLevel.EMERGENCY,
                (CORNWALL,),
            ),
            RedFlag(
                "CES-5",
                Condition.CAUDA_EQUINA,
                "Do you have pain running down both legs, or did pain down one leg spread to "
                "the other?",
                _CES,
                ActionLevel.EMERGENCY,
                (CORNWALL, HEY),
            ),
            RedFlag(
                "CES-6",
                Condition.CAUDA_EQUINA,
                "Are both legs getting weaker or number, or has your walking become unsteady?",
                "Possible cauda equina, conus or cord compression: emergency assessment.",
                ActionLevel.EMERGENCY,
                (GLOS, CORNWALL, HEY),
            ),
            RedFlag(
                "MAL-1",
                Condition.MALIGNANCY,
                "Have you ever had cancer?",
                "Possible spinal malignancy or metastasis: urgent medical review.",
                ActionLevel.URGENT,
                (GLOS, BRISTOL),
            ),
            RedFlag(
                "MAL-2",
                Condition.MALIGNANCY,
                "Is this a new back pain, unlike back pain you have had before?",
                "New back pain after 50 or before 20 raises suspicion of malignancy and other "
                "serious causes.",
                ActionLevel.CONSIDER,
                (GLOS, HEY, LOCAL),
            ),
            RedFlag(
                "MAL-3",
                Condition.MALIGNANCY,
                "Have you lost weight without trying, or lost your appetite?",
                "Possible malignancy: urgent medical review.",
                ActionLevel.URGENT,
                (BRISTOL, GLOS),
            ),
            RedFlag(
                "MAL-4",
                Condition.MALIGNANCY,
                "Is the pain constant and getting worse, not changed by moving, bad at night "
                "whatever position you lie in, or no better after a month?",
                "Possible malignancy or infection: urgent medical review.",
                ActionLevel.URGENT,
                (GLOS, BRISTOL),
            ),
            RedFlag(
                "MAL-5",
                Condition.MALIGNANCY,
                "Do you have ongoing pain in the upper or middle back, a change in the shape of "
                "your spine, or pain in several places at once?",
                "Possible malignancy or fracture: urgent medical review.",
                ActionLevel.URGENT,
                (BRISTOL, GLOS, HEY),
            ),
            RedFlag(
                "INF-1",
                Condition.INFECTION,
                "Have you had a fever, chills or shivering fits, or felt generally unwell?",
                "Possible spinal infection (discitis, osteomyelitis, epidural abscess): medical "
                "review the same day.",
                ActionLevel.URGENT,
                (GLOS, BRISTOL, HEY),
            ),
            RedFlag(
                "INF-2",
                Condition.INFECTION,
                "Is your immune system weakened (for example HIV, steroid tablets or other "
                "immune-suppressing medicine), or do you inject drugs, have diabetes or depend "
                "on alcohol?",
                "Risk factor for spinal infection; urgent when the pain is severe or constant.",
                ActionLevel.CONSIDER,
                (BRISTOL, "yusuf_2019_spinal_infection", LOCAL),
            ),
            RedFlag(
                "INF-3",
                Condition.INFECTION,
                "Have you recently had a bacterial infection (such as a urine infection), an "
                "infection in the blood, a procedure on your spine or bladder, or a wound that "
                "went deep?",
                "Possible spinal infection: urgent medical review.",
                ActionLevel.URGENT,
                (BRISTOL, GLOS, "ajem_2019_pyogenic_infection"),
            ),
            RedFlag(
                "FX-1",
                Condition.FRACTURE,
                "Did the pain start after an injury, such as a fall, or a minor knock if you "
                "have thin bones (osteoporosis)?",
                "Possible vertebral fracture: urgent medical review.",
                ActionLevel.URGENT,
                (GLOS, BRISTOL, HEY),
            ),
            RedFlag(
                "FX-2",
                Condition.FRACTURE,
                "Have you taken steroid tablets for a long time, or been told you have or are "
                "at risk of osteoporosis?",
                "Possible osteoporotic compression fracture: urgent medical review.",
                ActionLevel.URGENT,
                (GLOS, BRISTOL),
            ),
            RedFlag(
                "FX-3",
                Condition.FRACTURE,
                "Did severe pain in the middle of your back come on suddenly, easing when you "
                "lie down, or has the shape of your spine changed?",
                "Possible fracture: urgent medical review.",
                ActionLevel.URGENT,
                (GLOS,),
            ),
            RedFlag(
                "INFL-1",
                Condition.INFLAMMATORY,
                "Did your back pain begin before you were 45, and has it lasted more than "
                "3 months?",
                "Gate for axial spondyloarthritis; the features that follow set the action.",
                None,
                ("nice_ng65",),
            ),
            RedFlag(
                "INFL-2",
                Condition.INFLAMMATORY,
                "Is bending forward always severely limited, or do you have a known "
                "inflammatory disease?",
                "Possible inflammatory or other serious pathology: weigh it in clinical reasoning.",
                ActionLevel.CONSIDER,
                (HEY,),
            ),
            RedFlag(
                "NEURO-1",
                Condition.NEUROLOGICAL,
                "Do you have new weakness in a leg, or numbness in more than one area of your "
                "legs?",
                "Widespread or motor neurological deficit: medical review; emergency when it "
                "is progressing.",
                ActionLevel.URGENT,
                ("practicenurse_back_pain", HEY, LOCAL),
            ),
            RedFlag(
                "AAA-1",
                Condition.ANEURYSM,
                "Do you have pain in the back, side or belly that began without an injury, "
                "together with a pulsing lump in your belly or a known swelling of the main "
                "artery there (aortic aneurysm)?",
                "Possible abdominal aortic aneurysm: urgent vascular assessment. Risk is higher "
                "in older men, smokers, people with high blood pressure or hardened arteries, "
                "and with a family history.",
                ActionLevel.URGENT,
                ("clinicaladvisor_aaa", "medscape_aaa"),
            ),
        )
    }
)

# The nine axial-spondyloarthritis criteria NICE NG65 counts, each on its own.
INFL_FEATURES: tuple[str, ...] = (
    "INFL-1-ONSET-UNDER-35",
    "INFL-1-NIGHT-WAKING",
    "INFL-1-BUTTOCK-PAIN",
    "INFL-1-BETTER-MOVING",
    "INFL-1-NSAID-RESPONSE",
    "INFL-1-FAMILY-HISTORY",
    "INFL-1-ARTHRITIS",
    "INFL-1-ENTHESITIS",
    "INFL-1-PSORIASIS",
)

FOLLOW_UPS: Mapping[str, FollowUp] = MappingProxyType(
    {
        f.code: f
        for f in (
            FollowUp(
                "NEURO-1-PROGRESSING",
                ("NEURO-1",),
                "Is the weakness or numbness getting worse, or spreading?",
            ),
            FollowUp(
                "INF-2-SEVERE-OR-CONSTANT",
                ("INF-2",),
                "Is your back pain severe, or there all the time?",
            ),
            FollowUp(
                "FX-1-MAJOR-TRAUMA",
                ("FX-1",),
                "Was it a major injury, such as a fall from a height or a road accident?",
            ),
            FollowUp(
                "AAA-1-ACUTE",
                ("AAA-1",),
                "Did the pain come on suddenly and severely, or have you fainted or nearly "
                "fainted?",
            ),
            FollowUp(
                "INFL-1-ONSET-UNDER-35",
                ("INFL-1",),
                "Did the back pain start before you were 35?",
            ),
            FollowUp(
                "INFL-1-NIGHT-WAKING",
                ("INFL-1",),
                "Does the pain wake you in the second half of the night?",
            ),
            FollowUp("INFL-1-BUTTOCK-PAIN", ("INFL-1",), "Do you have pain in the buttocks?"),
            FollowUp("INFL-1-BETTER-MOVING", ("INFL-1",), "Does moving about ease the pain?"),
            FollowUp(
                "INFL-1-NSAID-RESPONSE",
                ("INFL-1",),
                "Does the pain ease within two days of taking an anti-inflammatory medicine "
                "(such as ibuprofen)?",
            ),
            FollowUp(
                "INFL-1-FAMILY-HISTORY",
                ("INFL-1",),
                "Does a parent, brother, sister or child have spondyloarthritis (for example "
                "ankylosing spondylitis)?",
            ),
            FollowUp(
                "INFL-1-ARTHRITIS",
                ("INFL-1",),
                "Do you have, or have you had, arthritis (painful, swollen joints)?",
            ),
            FollowUp(
                "INFL-1-ENTHESITIS",
                ("INFL-1",),
                "Do you have, or have you had, painful swelling where a tendon meets bone (for "
                "example at the back of the heel)?",
            ),
            FollowUp(
                "INFL-1-PSORIASIS",
                ("INFL-1",),
                "Do you have, or have you had, psoriasis?",
            ),
        )
    }
)

# Question codes no longer asked, with the wording they were asked in, so that screens stored
# before the change still read in words. ``screen`` refuses them like any unknown code.
RETIRED_QUESTIONS: Mapping[str, str] = MappingProxyType(
    {
        # Split into INFL-1-ARTHRITIS, -ENTHESITIS and -PSORIASIS: NG65 counts them apart.
        "INFL-1-ARTHRITIS-ENTHESITIS-PSORIASIS": (
            "Do you have, or have you had, arthritis, painful swelling where a tendon meets "
            "bone, or psoriasis?"
        ),
    }
)

_MALIGNANCY_OTHERS = ("MAL-1", "MAL-3", "MAL-4", "MAL-5")
_NEURO_DEFICIT = ("NEURO-1", "CES-6")

RULES: tuple[Rule, ...] = (
    Rule(
        "MAL-1+NEURO",
        "A history of cancer with a neurological deficit: possible metastatic cord compression.",
        ("MAL-1",),
        _NEURO_DEFICIT,
        ActionLevel.EMERGENCY,
        (GLOS, BRISTOL),
    ),
    Rule(
        "MAL-2+MALIGNANCY",
        "New back pain at an age outside 20-50 together with another malignancy flag.",
        ("MAL-2",),
        _MALIGNANCY_OTHERS,
        ActionLevel.URGENT,
        (GLOS,),
    ),
    Rule(
        "INF-2+SEVERE",
        "An infection risk factor with severe or constant pain, or with fever.",
        ("INF-2",),
        ("INF-2-SEVERE-OR-CONSTANT", "INF-1", "MAL-4"),
        ActionLevel.URGENT,
        (BRISTOL,),
    ),
    Rule(
        "FX-1+NEURO",
        "Injury with a neurological deficit: possible unstable fracture.",
        ("FX-1",),
        _NEURO_DEFICIT,
        ActionLevel.EMERGENCY,
        (GLOS, BRISTOL, HEY),
    ),
    Rule(
        "FX-1+MAJOR-TRAUMA",
        "Major trauma: emergency assessment for fracture.",
        ("FX-1", "FX-1-MAJOR-TRAUMA"),
        (),
        ActionLevel.EMERGENCY,
        (GLOS, BRISTOL, HEY),
    ),
    Rule(
        "NEURO-1+PROGRESSING",
        "A neurological deficit that is getting worse.",
        ("NEURO-1", "NEURO-1-PROGRESSING"),
        (),
        ActionLevel.EMERGENCY,
        ("practicenurse_back_pain", HEY),
    ),
    Rule(
        "AAA-1+ACUTE",
        "Suspected aneurysm with sudden severe pain or fainting: possible rupture.",
        ("AAA-1", "AAA-1-ACUTE"),
        (),
        ActionLevel.EMERGENCY,
        ("clinicaladvisor_aaa", "medscape_aaa"),
    ),
    Rule(
        "INFL-1-FOUR-FEATURES",
        "Back pain from before 45, lasting over 3 months, with 4 or more of the 9 "
        "spondyloarthritis criteria: refer to rheumatology.",
        ("INFL-1",),
        INFL_FEATURES,
        ActionLevel.ROUTINE,
        ("nice_ng65",),
        min_any=4,
    ),
    Rule(
        "INFL-1-THREE-FEATURES",
        "Back pain from before 45, lasting over 3 months, with exactly 3 of the 9 "
        "spondyloarthritis criteria: test HLA-B27 and refer if positive.",
        ("INFL-1",),
        INFL_FEATURES,
        ActionLevel.CONSIDER,
        ("nice_ng65",),
        min_any=3,
        max_any=3,
    ),
)

SOURCES_CITED: frozenset[str] = frozenset(
    {key for f in FLAGS.values() for key in f.sources}
    | {key for r in RULES for key in r.sources}
    | set(FRAMEWORK_SOURCES)
    | {GLOS, CORNWALL}
)


def questions() -> tuple[str, ...]:
    """Every answer code ``screen`` accepts: the flags, then the follow-ups, in a fixed order."""
    return (*FLAGS, *FOLLOW_UPS)


def question_text(code: str) -> str:
    """The wording of a question, current or retired (``RETIRED_QUESTIONS``), for display.

    Raises ``UnknownCode`` (a ``ValueError``) naming a code that was never a question.
    """
    if code in FLAGS:
        return FLAGS[code].question
    if code in FOLLOW_UPS:
        return FOLLOW_UPS[code].question
    if code in RETIRED_QUESTIONS:
        return RETIRED_QUESTIONS[code]
    raise UnknownCode("red flag", code)


def _check_answers(answers: Mapping[str, bool | None]) -> dict[str, bool | None]:
    checked: dict[str, bool | None] = {}
    for code, value in answers.items():
        if code not in FLAGS and code not in FOLLOW_UPS:
            raise UnknownCode("red flag", code)
        if value is not None and not isinstance(value, bool):
            raise InvalidRedFlagAnswerError(
                f"answer to {code!r} must be True, False or None, got {value!r}"
            )
        checked[code] = value
    return checked


def _check_age(age_years: int | None) -> None:
    if age_years is None:
        return
    if isinstance(age_years, bool) or not isinstance(age_years, int) or not 0 <= age_years <= 130:
        raise InvalidRedFlagAnswerError(
            f"age_years must be a whole number from 0 to 130, got {age_years!r}"
        )


def _positive(answers: Mapping[str, bool | None], age_years: int | None) -> set[str]:
    positive = {code for code, value in answers.items() if value is True}
    if "MAL-2" in positive and (
        age_years is None or MALIGNANCY_AGE_UNDER <= age_years <= MALIGNANCY_AGE_OVER
    ):
        positive.discard("MAL-2")  # new pain counts only outside the age band
    for code in FOLLOW_UPS:
        if code in positive and not any(p in positive for p in FOLLOW_UPS[code].parents):
            positive.discard(code)  # a follow-up means nothing without its parent
    return positive


def _unanswered(answers: Mapping[str, bool | None], age_years: int | None) -> list[str]:
    missing = [code for code in FLAGS if answers.get(code) is None]
    for code, follow_up in FOLLOW_UPS.items():
        parent_yes = any(answers.get(p) is True for p in follow_up.parents)
        if parent_yes and answers.get(code) is None:
            missing.append(code)
    if answers.get("MAL-2") is True and age_years is None:
        missing.append("age_years")
    return missing


def _fires(rule: Rule, positive: set[str]) -> tuple[str, ...] | None:
    if not all(code in positive for code in rule.all_of):
        return None
    hits = tuple(code for code in rule.any_of if code in positive)
    if rule.any_of and (
        len(hits) < rule.min_any or (rule.max_any is not None and len(hits) > rule.max_any)
    ):
        return None
    return (*rule.all_of, *hits)


def screen(answers: Mapping[str, bool | None], *, age_years: int | None = None) -> Triage:
    """Screen a set of red-flag answers and return the triage.

    ``answers`` maps flag and follow-up codes (see ``questions()``) to True (yes), False (no)
    or None (not answered); a missing code counts as not answered. ``age_years`` (the patient's
    age, worked out by the caller) is needed to judge MAL-2. The result lists every positive
    flag that sets a level of its own, every combination rule that fired, the most pressing
    level, and every question still unanswered.

    Raises ``UnknownCode`` (a ``ValueError``) naming an unknown answer code and
    ``InvalidRedFlagAnswerError`` naming an answer that is not a bool or None, or an impossible age.
    """
    checked = _check_answers(answers)
    _check_age(age_years)
    positive = _positive(checked, age_years)

    findings = tuple(
        Finding(code, flag.level, flag.suggests, flag.sources)
        for code, flag in FLAGS.items()
        if code in positive and flag.level is not None
    )
    fired = tuple(
        RuleFiring(rule.code, rule.level, rule.description, because, rule.sources)
        for rule in RULES
        if (because := _fires(rule, positive)) is not None
    )
    level = highest([f.level for f in findings] + [r.level for r in fired])
    return Triage(level, findings, fired, tuple(_unanswered(checked, age_years)))


def highest(levels: Iterable[ActionLevel]) -> ActionLevel | None:
    """The most pressing of some action levels, or None when there are none."""
    return max(levels, key=lambda lv: lv.rank, default=None)
