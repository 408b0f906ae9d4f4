"""The needling gate, table by table: one row per reason, and one per route that once let an
unsafe visit be signed."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from taut.clinical import gate
from taut.clinical.contraindications import NeedlingProfile, Site
from taut.clinical.gate import (
    BLOCKING_LEVELS,
    Code,
    ConsentFact,
    ConsentKind,
    FindingAction,
    FindingActionFact,
    FindingFact,
    Kind,
    NeedleEventFact,
    ProfileFact,
    ScreenFact,
    Snapshot,
    Stage,
    Visit,
    decide,
)
from taut.clinical.red_flags import ActionLevel

VISIT_ON = date(2026, 3, 10)
AT = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
BEFORE = AT - timedelta(days=9)  # screen, profile and consent were all taken then
LATER = AT + timedelta(days=2)  # recorded after the visit
GLUTEAL = Site("gluteus_maximus", "left")


def visit(**changes):
    return replace(
        Visit(on=VISIT_ON, at=AT, today=VISIT_ON, now=AT + timedelta(hours=1)), **changes
    )


def consent(kind=ConsentKind.DRY_NEEDLING, signed_at=BEFORE, ended_at=None, withdrawn=False):
    return ConsentFact(kind, signed_at, ended_at, withdrawn_at=ended_at if withdrawn else None)


def finding(level=ActionLevel.EMERGENCY, recorded_at=BEFORE, *actions, code="CES-1"):
    return FindingFact(code, level, recorded_at, tuple(FindingActionFact(a, t) for a, t in actions))


def safe(**changes):
    """A visit that passes: screened, profiled and consented beforehand; one needle in and out."""
    base = Snapshot(
        visit=visit(),
        screens=(ScreenFact(BEFORE),),
        profiles=(ProfileFact(BEFORE, date(2026, 6, 1)),),
        consents=(consent(),),
        sites=(GLUTEAL,),
        needles_in=1,
        needles_out=1,
    )
    return replace(base, **changes)


def codes(decision, *, notes=False):
    return [r.code for r in (decision.notes if notes else decision.blocked)]


def test_a_safe_visit_signs():
    decision = decide(safe())
    assert decision.allowed
    assert (decision.blocked, decision.notes, decision.needs_override) == ((), (), ())


# One row per refusal: the change to the safe visit, the code, and its kind.
REFUSALS = [
    ({"screens": ()}, Code.NO_SCREEN, Kind.SAFETY),
    ({"findings": (finding(),)}, Code.RED_FLAG_OPEN, Kind.SAFETY),
    ({"new_red_flags_reported": True}, Code.NEW_RED_FLAGS_REPORTED, Kind.SAFETY),
    ({"profiles": ()}, Code.NO_PROFILE, Kind.SAFETY),
    ({"profiles": (ProfileFact(BEFORE, VISIT_ON),)}, Code.PROFILE_DUE, Kind.SAFETY),
    ({"consents": ()}, Code.NO_CONSENT, Kind.SAFETY),
    (
        {"sites": (Site("gluteus_maximus", "left", "A"),)},
        Code.NO_ESTIM_CONSENT,
        Kind.SAFETY,
    ),
    (
        {"profiles": (ProfileFact(BEFORE, date(2026, 6, 1), NeedlingProfile(needle_phobia=True)),)},
        Code.CONTRAINDICATION,
        Kind.SAFETY,
    ),
    (
        {
            "profiles": (ProfileFact(BEFORE, date(2026, 6, 1), NeedlingProfile(pregnant=True)),),
            "overridden": ("pregnancy",),
        },
        Code.OVERRIDE_REASON_MISSING,
        Kind.RECORD,
    ),
    ({"visit": visit(on=VISIT_ON + timedelta(days=1))}, Code.VISIT_IN_FUTURE, Kind.RECORD),
    (
        {"visit": visit(today=VISIT_ON + timedelta(days=8))},
        Code.BACKDATED_WITHOUT_REASON,
        Kind.RECORD,
    ),
    (
        {"needle_events": (NeedleEventFact(AT, 1, this_visit=True),)},
        Code.NEEDLE_EVENT_OPEN,
        Kind.RECORD,
    ),
    (
        {"needle_events": (NeedleEventFact(BEFORE, 3, this_visit=False),)},
        Code.NEEDLE_UNACCOUNTED,
        Kind.SAFETY,
    ),
    ({"needles_out": None}, Code.NEEDLES_NOT_COUNTED, Kind.RECORD),
    ({"needles_out": 0}, Code.NEEDLE_COUNT_MISMATCH, Kind.RECORD),
    (
        {
            "needles_out": 1,
            "needle_events": (NeedleEventFact(AT, 1, True, resolved=True, needles_accounted=0),),
        },
        Code.NEEDLE_COUNT_DISAGREES,
        Kind.RECORD,
    ),
]


def test_the_table_has_a_row_for_every_refusal():
    refusals = {row[1] for row in REFUSALS}
    notes = {
        Code.SCREEN_INCOMPLETE,
        Code.RED_FLAG_TO_WEIGH,
        Code.BACKDATED,
        Code.NEEDLES_NOT_ACCOUNTED,
    }
    assert refusals | notes == set(Code)


@pytest.mark.parametrize(("change", "code", "kind"), REFUSALS)
def test_each_refusal(change, code, kind):
    decision = decide(safe(**change))

    assert codes(decision) == [code]
    assert decision.blocked[0].kind is kind
    assert not decision.allowed


NOTES = [
    ({"screens": (ScreenFact(BEFORE, unanswered=2),)}, Code.SCREEN_INCOMPLETE),
    ({"findings": (finding(ActionLevel.CONSIDER, code="MAL-2"),)}, Code.RED_FLAG_TO_WEIGH),
    (
        {"visit": visit(today=VISIT_ON + timedelta(days=8), backdating_reason="Paper notes")},
        Code.BACKDATED,
    ),
    (
        {
            "needles_in": 3,
            "needles_out": 2,
            "needle_events": (NeedleEventFact(AT, 3, True, resolved=True, needles_accounted=2),),
        },
        Code.NEEDLES_NOT_ACCOUNTED,
    ),
]


@pytest.mark.parametrize(("change", "code"), NOTES)
def test_each_note_is_shown_and_refuses_nothing(change, code):
    decision = decide(safe(**change))

    assert codes(decision, notes=True) == [code]
    assert decision.allowed


# Red flags: every route that once cleared an emergency without a clinician.
def test_a_later_screen_with_nothing_answered_does_not_clear_a_finding():
    later_screen = ScreenFact(AT - timedelta(days=1), unanswered=21)
    decision = decide(safe(findings=(finding(),), screens=(ScreenFact(BEFORE), later_screen)))
    assert Code.RED_FLAG_OPEN in codes(decision)


def test_the_patients_own_answers_do_not_clear_a_clinicians_finding():
    intake_all_no = ScreenFact(AT - timedelta(hours=2))
    decision = decide(safe(findings=(finding(),), screens=(ScreenFact(BEFORE), intake_all_no)))
    assert Code.RED_FLAG_OPEN in codes(decision)


def test_referral_is_not_a_clearance():
    referred = finding(ActionLevel.EMERGENCY, BEFORE, (FindingAction.REFERRED, BEFORE))
    decision = decide(safe(findings=(referred,)))

    assert codes(decision) == [Code.RED_FLAG_OPEN]
    assert decision.blocked[0].since == BEFORE


@pytest.mark.parametrize("action", [FindingAction.SEEN_AND_CLEARED, FindingAction.RULED_OUT])
def test_a_clinicians_clearance_before_the_visit_clears(action):
    cleared = finding(
        ActionLevel.URGENT, BEFORE, (FindingAction.REFERRED, BEFORE), (action, BEFORE)
    )
    assert decide(safe(findings=(cleared,))).allowed


def test_a_finding_cleared_after_the_visit_still_blocks_that_visit():
    cleared_later = finding(ActionLevel.EMERGENCY, BEFORE, (FindingAction.RULED_OUT, LATER))
    decision = decide(safe(findings=(cleared_later,), visit=visit(today=LATER.date(), now=LATER)))
    assert codes(decision) == [Code.RED_FLAG_OPEN]


def test_a_finding_recorded_after_the_visit_does_not_block_it():
    assert decide(safe(findings=(finding(recorded_at=LATER),))).allowed


@pytest.mark.parametrize("level", sorted(BLOCKING_LEVELS))
def test_emergency_and_urgent_block(level):
    assert codes(decide(safe(findings=(finding(level),)))) == [Code.RED_FLAG_OPEN]


@pytest.mark.parametrize("level", [ActionLevel.ROUTINE, ActionLevel.CONSIDER])
def test_routine_and_consider_are_notes(level):
    decision = decide(safe(findings=(finding(level),)))
    assert decision.allowed
    assert codes(decision, notes=True) == [Code.RED_FLAG_TO_WEIGH]


DAY_START = datetime(2026, 3, 10, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("rescreened_at", "allowed"),
    [
        (AT - timedelta(minutes=10), True),  # that morning, before the needles
        (DAY_START - timedelta(hours=2), False),  # the evening before
        (AT + timedelta(minutes=10), False),  # after the needles went in
    ],
)
def test_new_red_flags_are_answered_by_a_screen_that_day_before_the_needles(rescreened_at, allowed):
    decision = decide(
        safe(
            visit=visit(day_start=DAY_START),
            new_red_flags_reported=True,
            screens=(ScreenFact(BEFORE), ScreenFact(rescreened_at)),
        )
    )
    assert decision.allowed is allowed


def test_an_amendment_keeps_the_rescreen_of_its_visit():
    decision = decide(
        safe(
            visit=visit(day_start=DAY_START, today=VISIT_ON + timedelta(days=20), amendment=True),
            new_red_flags_reported=True,
            screens=(ScreenFact(BEFORE), ScreenFact(AT - timedelta(minutes=10))),
        )
    )
    assert decision.allowed


def test_a_latest_screen_entered_in_error_leaves_the_patient_unscreened():
    withdrawn = ScreenFact(AT - timedelta(hours=1), withdrawn=True)
    decision = decide(safe(screens=(ScreenFact(BEFORE), withdrawn)))
    assert codes(decision) == [Code.NO_SCREEN]


def test_a_screen_after_the_withdrawn_one_screens_the_patient_again():
    screens = (
        ScreenFact(BEFORE),
        ScreenFact(AT - timedelta(hours=2), withdrawn=True),
        ScreenFact(AT - timedelta(hours=1)),
    )
    assert decide(safe(screens=screens)).allowed


def test_lateness_is_counted_to_the_day_the_record_was_opened():
    opened_in_time = visit(today=VISIT_ON + timedelta(days=9), recorded_on=VISIT_ON)
    opened_late = visit(today=VISIT_ON + timedelta(days=9), recorded_on=VISIT_ON + timedelta(8))

    assert decide(safe(visit=opened_in_time)).allowed
    assert codes(decide(safe(visit=opened_late))) == [Code.BACKDATED_WITHOUT_REASON]


# Consent and the profile at the visit.
def test_consent_signed_after_the_visit_does_not_rescue_it():
    decision = decide(safe(consents=(consent(signed_at=LATER),)))
    assert codes(decision) == [Code.NO_CONSENT]


def test_consent_withdrawn_after_the_visit_does_not_block_its_record():
    assert decide(safe(consents=(consent(ended_at=LATER),))).allowed


def test_consent_withdrawn_before_the_visit_blocks():
    decision = decide(safe(consents=(consent(ended_at=AT - timedelta(minutes=1)),)))
    assert codes(decision) == [Code.NO_CONSENT]


def test_a_profile_confirmed_after_the_visit_does_not_count():
    decision = decide(safe(profiles=(ProfileFact(LATER, date(2026, 9, 1)),)))
    assert codes(decision) == [Code.NO_PROFILE]


def test_the_profile_in_force_is_the_latest_before_the_visit():
    blocked_later = ProfileFact(LATER, date(2026, 9, 1), NeedlingProfile(needle_phobia=True))
    decision = decide(safe(profiles=(ProfileFact(BEFORE, date(2026, 6, 1)), blocked_later)))
    assert decision.allowed


def test_a_screen_recorded_after_the_visit_does_not_count():
    assert codes(decide(safe(screens=(ScreenFact(LATER),)))) == [Code.NO_SCREEN]


def test_stimulation_needs_its_own_consent_in_force():
    stimulated = (Site("gluteus_maximus", "left", "A"),)
    estim = consent(ConsentKind.ELECTRICAL_STIMULATION)
    assert decide(safe(sites=stimulated, consents=(consent(), estim))).allowed


def test_lymphoedema_of_the_left_leg_blocks_left_gluteal_needling():
    profile = ProfileFact(
        BEFORE, date(2026, 6, 1), NeedlingProfile(lymphoedema_regions={"calf:left"})
    )
    decision = decide(safe(profiles=(profile,)))

    assert codes(decision) == [Code.CONTRAINDICATION]
    assert decision.blocked[0].subject == "lymphoedema"


def test_a_relative_contraindication_needs_an_override():
    profile = ProfileFact(
        BEFORE, date(2026, 6, 1), NeedlingProfile(anticoagulant_or_antiplatelet=True)
    )
    waiting = decide(safe(profiles=(profile,)))
    overridden = decide(
        safe(
            profiles=(profile,),
            overridden=("anticoagulant_or_antiplatelet",),
            override_reason_given=True,
        )
    )

    assert [i.code for i in waiting.needs_override] == ["anticoagulant_or_antiplatelet"]
    assert not waiting.allowed
    assert overridden.allowed


# Dates.
def test_a_visit_later_today_than_now_is_in_the_future():
    decision = decide(safe(visit=visit(now=AT - timedelta(minutes=5))))
    assert codes(decision) == [Code.VISIT_IN_FUTURE]


def test_the_backdating_limit_is_the_clinics():
    late = visit(today=VISIT_ON + timedelta(days=3), backdate_limit_days=2)
    assert codes(decide(safe(visit=late))) == [Code.BACKDATED_WITHOUT_REASON]


def test_an_amendment_of_an_old_visit_needs_no_backdating_reason():
    old = visit(today=VISIT_ON + timedelta(days=900), amendment=True)
    assert decide(safe(visit=old)).allowed


def test_an_amendment_is_still_gated_on_the_visits_facts():
    old = visit(today=VISIT_ON + timedelta(days=30), amendment=True)
    decision = decide(safe(visit=old, consents=(consent(signed_at=LATER),)))
    assert codes(decision) == [Code.NO_CONSENT]


# Needles.
def test_an_open_needle_event_of_this_visit_blocks_even_with_the_count_typed_in():
    event = NeedleEventFact(AT, 3, this_visit=True)
    decision = decide(safe(needles_in=3, needles_out=3, needle_events=(event,)))
    assert codes(decision) == [Code.NEEDLE_EVENT_OPEN]


def test_a_resolved_event_with_two_of_three_refuses_three_out():
    event = NeedleEventFact(AT, 3, True, resolved=True, needles_accounted=2)
    decision = decide(safe(needles_in=3, needles_out=3, needle_events=(event,)))

    assert codes(decision) == [Code.NEEDLE_COUNT_DISAGREES]
    assert (decision.blocked[0].count, decision.blocked[0].expected) == (3, 2)


def test_a_resolved_event_with_every_needle_found_signs_the_full_count():
    event = NeedleEventFact(AT, 3, True, resolved=True, needles_accounted=3)
    assert decide(safe(needles_in=3, needles_out=3, needle_events=(event,))).allowed


def test_an_event_resolved_for_another_visit_does_not_settle_this_count():
    event = NeedleEventFact(BEFORE, 3, this_visit=False, resolved=True, needles_accounted=3)
    decision = decide(safe(needles_in=3, needles_out=2, needle_events=(event,)))
    assert codes(decision) == [Code.NEEDLE_COUNT_MISMATCH]


def test_before_needling_an_earlier_visits_lost_needle_blocks():
    events = (NeedleEventFact(BEFORE, 2, this_visit=False),)
    decision = decide(
        safe(needles_in=0, needles_out=None, needle_events=events), Stage.BEFORE_NEEDLING
    )

    assert codes(decision) == [Code.NEEDLE_UNACCOUNTED]
    assert decision.needling_blocked


def test_a_lost_needle_found_before_the_visit_no_longer_blocks_it():
    found = NeedleEventFact(
        BEFORE,
        2,
        this_visit=False,
        resolved=True,
        needles_accounted=2,
        resolved_at=AT - timedelta(hours=1),
    )
    assert decide(safe(needle_events=(found,))).allowed


def test_a_lost_needle_found_after_the_visit_does_not_rescue_it():
    found_later = NeedleEventFact(
        BEFORE, 2, this_visit=False, resolved=True, needles_accounted=2, resolved_at=LATER
    )
    assert codes(decide(safe(needle_events=(found_later,)))) == [Code.NEEDLE_UNACCOUNTED]


def test_a_needle_event_recorded_after_the_visit_does_not_block_its_record():
    later = NeedleEventFact(LATER, 2, this_visit=False)
    assert decide(safe(needle_events=(later,))).allowed


def test_this_visits_open_event_is_resolved_before_signing_not_an_incident():
    decision = decide(safe(needle_events=(NeedleEventFact(AT, 1, this_visit=True),)))

    assert not decision.needling_blocked
    assert not decision.incident_only


def test_before_needling_the_count_is_not_asked():
    decision = decide(safe(sites=(), needles_in=0, needles_out=None), Stage.BEFORE_NEEDLING)
    assert decision.allowed


# Incidents: what broke the gate can be recorded only as an incident, and only when complete.
def test_a_complete_record_that_broke_the_gate_is_incident_only():
    decision = decide(safe(findings=(finding(),)))

    assert decision.needling_blocked
    assert decision.incident_only


def test_an_incomplete_record_cannot_be_an_incident_yet():
    decision = decide(safe(findings=(finding(),), needles_out=None))
    assert not decision.incident_only


def test_a_record_problem_alone_is_not_an_incident():
    decision = decide(safe(needles_out=None))

    assert not decision.needling_blocked
    assert not decision.incident_only


@pytest.mark.parametrize(
    ("changes", "incident_only"),
    [
        ({}, True),  # the facts now pass: still an incident
        ({"findings": (finding(),)}, True),
        ({"needles_out": None}, False),  # complete the record first
    ],
)
def test_an_amendment_of_an_incident_is_signed_only_as_one(changes, incident_only):
    decision = decide(safe(amends_incident=True, **changes))

    assert not decision.allowed
    assert decision.incident_only is incident_only


def test_an_amendment_of_an_incident_does_not_block_the_needle():
    decision = decide(safe(amends_incident=True, sites=(), needles_in=0), Stage.BEFORE_NEEDLING)
    assert decision.allowed
    assert not decision.needling_blocked


def test_every_reason_is_listed_at_once():
    decision = decide(safe(screens=(), profiles=(), consents=(), needles_out=None))
    assert set(codes(decision)) == {
        Code.NO_SCREEN,
        Code.NO_PROFILE,
        Code.NO_CONSENT,
        Code.NEEDLES_NOT_COUNTED,
    }


# Input checks.
def test_times_must_carry_their_zone():
    with pytest.raises(ValueError, match="time zone"):
        ScreenFact(datetime(2026, 3, 1, 9, 0))


def test_a_resolved_event_says_how_many_were_accounted_for():
    with pytest.raises(ValueError, match="accounted"):
        NeedleEventFact(AT, 3, True, resolved=True)


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError, match="'cured'"):
        FindingActionFact("cured", AT)


def test_a_bare_string_is_not_a_collection():
    with pytest.raises(TypeError, match="overridden"):
        Snapshot(visit=visit(), overridden="pregnancy")


def test_only_a_snapshot_is_decided():
    with pytest.raises(TypeError, match="Snapshot"):
        decide({"visit": visit()})


def test_referral_alone_never_clears():
    assert not FindingAction.REFERRED.clears
    assert FindingAction.SEEN_AND_CLEARED.clears
    assert FindingAction.RULED_OUT.clears


def test_stimulation_consent_is_judged_when_stimulation_began():
    stimulated = (Site("gluteus_maximus", "left", "A"),)
    estim_at_visit = consent(
        ConsentKind.ELECTRICAL_STIMULATION, signed_at=AT + timedelta(minutes=5)
    )
    consents = (consent(), estim_at_visit)

    before_it = decide(safe(sites=stimulated, consents=consents))
    after_it = decide(
        safe(
            sites=stimulated,
            consents=consents,
            visit=visit(stimulated_at=AT + timedelta(minutes=10)),
        )
    )

    assert codes(before_it) == [Code.NO_ESTIM_CONSENT]
    assert after_it.allowed


def test_a_needling_time_stated_earlier_cannot_step_round_a_flag_already_recorded():
    flagged = finding(ActionLevel.EMERGENCY, AT + timedelta(minutes=20))
    stated_earlier = visit(known_at=AT + timedelta(minutes=40))

    honest = decide(safe(findings=(flagged,)))
    dodging = decide(safe(findings=(flagged,), visit=stated_earlier))

    assert honest.allowed  # recorded after the needling, and the record was written before it
    assert codes(dodging) == [Code.RED_FLAG_OPEN]
    assert dodging.incident_only


def test_a_consent_withdrawn_before_the_needling_was_written_also_counts():
    withdrawn = consent(ended_at=AT + timedelta(minutes=5), withdrawn=True)
    decision = decide(safe(consents=(withdrawn,), visit=visit(known_at=AT + timedelta(minutes=30))))
    assert codes(decision) == [Code.NO_CONSENT]


MINUTES = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("facts", "span", "expected"),
    [
        # A flag recorded at 10:20 and ruled out at 10:30, needling written at 10:40.
        (
            {
                "findings": (
                    finding(
                        ActionLevel.EMERGENCY,
                        AT + 20 * MINUTES,
                        ("ruled_out", AT + 30 * MINUTES),
                    ),
                )
            },
            {"known_at": AT + 40 * MINUTES},
            [Code.RED_FLAG_OPEN],
        ),
        # Consent withdrawn at 10:10 and given again at 10:20.
        (
            {
                "consents": (
                    consent(ended_at=AT + 10 * MINUTES, withdrawn=True),
                    consent(signed_at=AT + 20 * MINUTES),
                )
            },
            {"known_at": AT + 30 * MINUTES},
            [Code.NO_CONSENT],
        ),
        # Renewed at 10:05, and the renewal withdrawn at 10:15: a gap.
        (
            {
                "consents": (
                    consent(ended_at=AT + 5 * MINUTES),
                    consent(signed_at=AT + 5 * MINUTES, ended_at=AT + 15 * MINUTES, withdrawn=True),
                )
            },
            {"known_at": AT + 30 * MINUTES},
            [Code.NO_CONSENT],
        ),
        # Its form replaced at 10:05, withdrawn at 10:15, signed again at 10:20: a gap.
        (
            {
                "consents": (
                    ConsentFact(
                        ConsentKind.DRY_NEEDLING,
                        BEFORE,
                        AT + 5 * MINUTES,
                        withdrawn_at=AT + 15 * MINUTES,
                    ),
                    consent(signed_at=AT + 20 * MINUTES),
                )
            },
            {"known_at": AT + 30 * MINUTES},
            [Code.NO_CONSENT],
        ),
        # Stimulation consent renewed and the renewal withdrawn after stimulation began.
        (
            {
                "sites": (Site("gluteus_maximus", "left", "A"),),
                "consents": (
                    consent(),
                    consent(ConsentKind.ELECTRICAL_STIMULATION, ended_at=AT + 5 * MINUTES),
                    consent(
                        ConsentKind.ELECTRICAL_STIMULATION,
                        signed_at=AT + 5 * MINUTES,
                        ended_at=AT + 15 * MINUTES,
                        withdrawn=True,
                    ),
                ),
            },
            {"stimulated_at": AT + 2 * MINUTES, "known_at": AT + 30 * MINUTES},
            [Code.NO_ESTIM_CONSENT],
        ),
        # Its document replaced by a new version at 10:10: no gap for this visit.
        ({"consents": (consent(ended_at=AT + 10 * MINUTES),)}, {"known_at": AT + 30 * MINUTES}, []),
        # A later screen entered in error, or with nothing answered: screened at the needles.
        (
            {"screens": (ScreenFact(BEFORE), ScreenFact(AT + 10 * MINUTES, withdrawn=True))},
            {"known_at": AT + 30 * MINUTES},
            [],
        ),
        (
            {"screens": (ScreenFact(BEFORE), ScreenFact(AT + 10 * MINUTES, answered=0))},
            {"known_at": AT + 30 * MINUTES},
            [],
        ),
        # Another visit's needle event recorded meanwhile counts, even resolved since.
        (
            {
                "needle_events": (
                    NeedleEventFact(
                        AT + 10 * MINUTES,
                        needles_in=4,
                        this_visit=False,
                        resolved=True,
                        needles_accounted=4,
                        resolved_at=AT + 20 * MINUTES,
                    ),
                )
            },
            {"known_at": AT + 30 * MINUTES},
            [Code.NEEDLE_UNACCOUNTED],
        ),
        # Stimulation began at 10:20 with a flag recorded at 10:10: judged at both.
        (
            {"findings": (finding(ActionLevel.URGENT, AT + 10 * MINUTES),)},
            {"stimulated_at": AT + 20 * MINUTES},
            [Code.RED_FLAG_OPEN],
        ),
        # The same flag after stimulation began and the needling was written: not judged.
        (
            {"findings": (finding(ActionLevel.URGENT, AT + 30 * MINUTES),)},
            {"stimulated_at": AT + 20 * MINUTES, "known_at": AT + 25 * MINUTES},
            [],
        ),
    ],
)
def test_whatever_was_on_record_between_the_needles_and_the_write_up_counts(facts, span, expected):
    assert codes(decide(safe(visit=visit(**span), **facts))) == expected


def test_known_at_before_the_needling_changes_nothing():
    decision = decide(safe(visit=visit(known_at=AT - timedelta(minutes=30))))
    assert decision.allowed


def test_a_needling_time_stated_earlier_does_not_skip_an_override_already_due():
    thinners = ProfileFact(
        AT + timedelta(minutes=20),
        date(2026, 6, 1),
        NeedlingProfile(anticoagulant_or_antiplatelet=True),
    )
    profiles = (ProfileFact(BEFORE, date(2026, 6, 1)), thinners)
    decision = decide(safe(profiles=profiles, visit=visit(known_at=AT + timedelta(minutes=40))))

    assert [item.code for item in decision.needs_override] == ["anticoagulant_or_antiplatelet"]
    assert decision.incident_only


@pytest.mark.parametrize(
    ("screen", "subject"),
    [
        (ScreenFact(AT - timedelta(hours=1), withdrawn=True), gate.WITHDRAWN),
        (ScreenFact(AT - timedelta(hours=1), unanswered=12, answered=0), gate.NOTHING_ANSWERED),
    ],
)
def test_a_screen_that_screens_nothing_leaves_the_patient_unscreened(screen, subject):
    decision = decide(safe(screens=(ScreenFact(BEFORE), screen)))

    assert codes(decision) == [Code.NO_SCREEN]
    assert decision.blocked[0].subject == subject


def test_a_screen_with_nothing_answered_does_not_answer_new_red_flags():
    unanswered = ScreenFact(AT - timedelta(minutes=10), unanswered=12, answered=0)
    decision = decide(
        safe(
            visit=visit(day_start=DAY_START),
            new_red_flags_reported=True,
            screens=(ScreenFact(BEFORE), unanswered),
        )
    )
    assert Code.NEW_RED_FLAGS_REPORTED in codes(decision)


def test_a_needle_closed_as_never_found_is_not_counted_back_by_a_later_event():
    never_found = NeedleEventFact(AT, 3, this_visit=True, resolved=True, needles_accounted=2)
    all_found = NeedleEventFact(
        AT + timedelta(minutes=5), 3, this_visit=True, resolved=True, needles_accounted=3
    )
    events = (never_found, all_found)

    counted_back = decide(safe(needles_in=3, needles_out=3, needle_events=events))
    as_closed = decide(safe(needles_in=3, needles_out=2, needle_events=events))

    assert codes(counted_back) == [Code.NEEDLE_COUNT_DISAGREES]
    assert as_closed.allowed
    assert codes(as_closed, notes=True) == [Code.NEEDLES_NOT_ACCOUNTED]
