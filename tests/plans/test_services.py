from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from taut.audit.models import AuditEntry
from taut.episodes.models import EpisodeStatus
from taut.outcomes import services as outcome_services
from taut.plans import queries, services
from taut.plans.models import PlanReview, PlanStatus, TreatmentPlan
from tests.builders import actor_for, make_episode
from tests.plans.helpers import agreed_plan, nprs, signed_assessment
from tests.safety.builders import EMERGENCY, make_screen


@pytest.fixture
def episode(actor_a, patient_a):
    return make_episode(actor_a, patient_a)  # acute: pain began 20 days ago


def days(actor, *offsets):
    return [actor.today() + timedelta(days=n) for n in offsets]


# --- Drafting ---------------------------------------------------------------------------------


def test_a_draft_fills_from_the_nprs_episode_assessment_and_psfs(actor_a, episode):
    nprs(actor_a, episode, 7)
    signed_assessment(actor_a, episode)
    outcome_services.add_psfs_activities(
        actor_a, episode, descriptions=["Sitting through a film", "Lifting my child"]
    )

    plan = services.draft_plan(actor_a, episode)

    assert (plan.severity, plan.chronicity, plan.status) == ("severe", "acute", PlanStatus.DRAFT)
    # Severe (5) and acute (-1): 4 sessions, weekly then fortnightly, from today.
    assert plan.planned == plan.proposed == days(actor_a, 0, 7, 14, 28)
    assert "4 sessions, weekly at first then fortnightly" in plan.proposal_reasons
    assert sorted(plan.muscles.values_list("muscle", "side", "finding")) == [
        ("gluteus_medius", "left", "latent"),
        ("quadratus_lumborum", "right", "active"),
    ]
    assert [g.description for g in plan.goals.all()] == [
        "Sitting through a film",
        "Lifting my child",
    ]
    assert AuditEntry.objects.filter(object_type="treatment_plan", action="create").exists()


def test_without_an_nprs_the_draft_asks_for_the_severity(actor_a, episode):
    with pytest.raises(services.PlanError, match="choose the pain severity") as caught:
        services.draft_plan(actor_a, episode)

    assert caught.value.field == "severity"
    assert not TreatmentPlan.objects.exists()


def test_a_disc_diagnosis_adds_a_session(actor_a, patient_a):
    episode = make_episode(actor_a, patient_a, diagnosis_codes=["M51.26"])

    plan = services.draft_plan(actor_a, episode, severity="moderate")

    assert plan.conditions == ["disc_or_joint_disease"]
    assert len(plan.planned) == 4  # moderate 4, acute -1, disc +1


def test_drafting_twice_returns_the_open_draft(actor_a, episode):
    first = services.draft_plan(actor_a, episode, severity="mild")

    assert services.draft_plan(actor_a, episode, severity="severe") == first
    assert TreatmentPlan.objects.count() == 1


def test_front_desk_cannot_draft_a_plan(desk_a, episode):
    with pytest.raises(PermissionDenied):
        services.draft_plan(actor_for(desk_a), episode, severity="mild")

    assert not TreatmentPlan.objects.exists()


# --- Updating ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offsets", "named"),
    [
        ((0, 14, 7), 7),  # out of order: names the date that comes too early
        ((0, 7, 7), 7),  # twice
    ],
)
def test_impossible_planned_dates_are_refused_naming_the_date(actor_a, episode, offsets, named):
    plan = services.draft_plan(actor_a, episode, severity="moderate")
    before = list(plan.planned_dates)

    with pytest.raises(services.PlanError, match=days(actor_a, named)[0].isoformat()):
        services.update_plan(actor_a, plan, planned_dates=days(actor_a, *offsets), notes="x")

    plan.refresh_from_db()
    assert (plan.planned_dates, plan.notes) == (before, "")


@pytest.mark.parametrize("count", [0, 13])
def test_a_plan_holds_one_to_twelve_sessions(actor_a, episode, count):
    plan = services.draft_plan(actor_a, episode, severity="moderate")
    before = list(plan.planned_dates)

    with pytest.raises(services.PlanError, match="session"):
        services.update_plan(actor_a, plan, planned_dates=days(actor_a, *range(0, 7 * count, 7)))

    plan.refresh_from_db()
    assert plan.planned_dates == before


def test_the_clinician_adjusts_dates_therapies_goals_and_muscles(actor_a, episode):
    plan = services.draft_plan(actor_a, episode, severity="moderate")

    services.update_plan(
        actor_a,
        plan,
        planned_dates=days(actor_a, 1, 8, 22),
        therapies=["massage", "stretching"],
        goals=[services.Goal("Walk the dog for 30 minutes", 8)],
        muscles=[services.MuscleToTreat("piriformis", "right")],
        review_after_sessions=2,
        medicare_acupuncture=True,
    )

    plan.refresh_from_db()
    assert plan.planned == days(actor_a, 1, 8, 22)
    assert plan.proposed != plan.planned  # the kernel's proposal is kept as proposed
    assert plan.therapies == ["stretching", "massage"]
    assert list(plan.goals.values_list("description", "target_rating")) == [
        ("Walk the dog for 30 minutes", 8)
    ]
    assert list(plan.muscles.values_list("muscle", "side")) == [("piriformis", "right")]
    assert (plan.review_after_sessions, plan.medicare_acupuncture) == (2, True)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"muscles": [services.MuscleToTreat("deltoid", "left")]}, "muscles"),
        ({"muscles": [services.MuscleToTreat("piriformis", "middle")]}, "muscles"),
        ({"goals": [services.Goal("Run", 11)]}, "goals"),
        ({"therapies": ["cupping"]}, "therapies"),
        ({"review_after_sessions": 0}, "review_after_sessions"),
    ],
)
def test_impossible_input_is_refused_with_the_field_named(actor_a, episode, change, field):
    plan = services.draft_plan(actor_a, episode, severity="moderate")

    with pytest.raises(services.PlanError) as caught:
        services.update_plan(actor_a, plan, notes="changed", **change)

    assert caught.value.field == field
    plan.refresh_from_db()
    assert plan.notes == ""


def test_proposing_again_replaces_the_planned_dates(actor_a, episode):
    plan = services.draft_plan(actor_a, episode, severity="mild")

    services.propose_again(
        actor_a, plan, severity="severe", conditions=["complex_history", "disc_or_joint_disease"]
    )

    plan.refresh_from_db()
    assert len(plan.planned) == 6  # severe 5, acute -1, +1, +1
    assert plan.planned == plan.proposed


# --- Agreeing ---------------------------------------------------------------------------------


def test_agreeing_makes_the_plan_active_and_locks_it(actor_a, episode):
    plan = agreed_plan(actor_a, episode)

    assert (plan.status, plan.agreed_on, plan.agreed_by) == (
        PlanStatus.ACTIVE,
        actor_a.today(),
        actor_a.user,
    )
    with pytest.raises(services.PlanLocked):
        services.update_plan(actor_a, plan, notes="later")


def test_a_plan_with_a_past_date_cannot_be_agreed(actor_a, episode):
    plan = services.draft_plan(actor_a, episode, severity="moderate")
    services.update_plan(actor_a, plan, planned_dates=days(actor_a, -1, 6))

    with pytest.raises(services.PlanError, match=days(actor_a, -1)[0].isoformat()):
        services.agree_plan(actor_a, plan)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_agreeing_a_revision_supersedes_the_active_plan(actor_a, episode):
    first = agreed_plan(actor_a, episode, severity="moderate")
    first.goals.create(description="Garden for an hour", target_rating=7)

    revision = services.draft_plan(actor_a, episode, severity="mild")
    assert (revision.version, revision.revises) == (2, first)
    assert list(revision.goals.values_list("description", flat=True)) == ["Garden for an hour"]
    services.agree_plan(actor_a, revision)

    first.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED
    assert queries.current_plan(actor_a, episode) == revision


# --- Reviewing --------------------------------------------------------------------------------


def test_no_important_change_by_session_three_recommends_modify(actor_a, episode):
    nprs(actor_a, episode, 6, days_ago=2)
    plan = agreed_plan(actor_a, episode)
    nprs(actor_a, episode, 5)

    result = services.review_plan(actor_a, plan, sessions_done=3, goals_met=False)

    assert result.decision == "modify"
    assert result.reasons == ("no important change in pain or function after 3 sessions",)
    assert [t.instrument for t in result.trends] == ["nprs"]
    assert not PlanReview.objects.exists()  # a review is shown, not saved


def test_a_review_without_measures_says_what_is_missing(actor_a, episode):
    plan = agreed_plan(actor_a, episode)

    with pytest.raises(services.PlanError, match="NPRS, ODI, RMDQ or PSFS"):
        services.review_plan(actor_a, plan, sessions_done=3, goals_met=False)


def test_new_red_flags_since_agreement_recommend_referral(actor_a, episode):
    make_screen(actor_a, episode.patient)
    plan = agreed_plan(actor_a, episode)
    make_screen(actor_a, episode.patient, EMERGENCY)

    result = services.review_plan(actor_a, plan, sessions_done=1, goals_met=False)

    assert (result.decision, result.new_red_flags) == ("refer", True)


def test_important_change_and_goals_met_discharge_the_episode_with_the_summary(actor_a, episode):
    nprs(actor_a, episode, 8, days_ago=2)
    plan = agreed_plan(actor_a, episode)
    goal = plan.goals.create(description="Sit through a film", target_rating=8)
    nprs(actor_a, episode, 3)

    review = services.record_review_decision(
        actor_a,
        plan,
        sessions_done=3,
        goals_met=True,
        decision="discharge",
        met_goals=[goal.pk],
    )

    plan.refresh_from_db()
    goal.refresh_from_db()
    episode.refresh_from_db()
    assert (review.recommended, review.decision) == ("discharge", "discharge")
    assert (plan.status, plan.completed_on) == (PlanStatus.COMPLETED, actor_a.today())
    assert (episode.status, episode.discharged_on) == (EpisodeStatus.DISCHARGED, actor_a.today())
    assert "8 → 3 (important improvement)" in episode.discharge_summary
    assert "Goals met: Sit through a film." in episode.discharge_summary
    assert goal.met


def test_the_clinician_can_edit_the_discharge_summary(actor_a, episode):
    nprs(actor_a, episode, 8, days_ago=2)
    plan = agreed_plan(actor_a, episode)
    nprs(actor_a, episode, 2)

    services.record_review_decision(
        actor_a,
        plan,
        sessions_done=2,
        goals_met=True,
        decision="discharge",
        discharge_summary="Pain settled; home exercises.",
    )

    episode.refresh_from_db()
    assert episode.discharge_summary == "Pain settled; home exercises."


def test_disagreeing_with_the_recommendation_needs_a_note(actor_a, episode):
    nprs(actor_a, episode, 6, days_ago=2)
    plan = agreed_plan(actor_a, episode)
    nprs(actor_a, episode, 6)

    with pytest.raises(services.PlanError, match="add a note") as caught:
        services.record_review_decision(
            actor_a, plan, sessions_done=3, goals_met=False, decision="continue"
        )

    assert caught.value.field == "note"
    assert not PlanReview.objects.exists()

    review = services.record_review_decision(
        actor_a,
        plan,
        sessions_done=3,
        goals_met=False,
        decision="continue",
        note="Flare-up after a move; give it two more sessions.",
    )
    assert (review.recommended, review.decision, review.differs) == ("modify", "continue", True)


def test_a_second_review_without_change_after_a_modification_recommends_referral(actor_a, episode):
    nprs(actor_a, episode, 6, days_ago=2)
    plan = agreed_plan(actor_a, episode)
    nprs(actor_a, episode, 6)
    services.record_review_decision(
        actor_a, plan, sessions_done=3, goals_met=False, decision="modify"
    )
    revision = agreed_plan(actor_a, episode)

    result = services.review_plan(actor_a, revision, sessions_done=6, goals_met=False)

    assert result.decision == "refer"


# --- Summary and Medicare ---------------------------------------------------------------------


def test_the_summary_splits_sessions_and_finds_the_next_review(actor_a, episode):
    plan = services.draft_plan(actor_a, episode, severity="severe")
    services.update_plan(actor_a, plan, planned_dates=days(actor_a, -1, 6, 13, 27))
    # Agreed on paper yesterday: a session from the agreement day on is allowed.
    services.agree_plan(actor_a, plan, agreed_on=actor_a.today() - timedelta(days=1))

    summary = queries.plan_summary(actor_a, episode, actor_a.today())

    assert (summary.past_dates, summary.future_dates) == (
        days(actor_a, -1),
        days(actor_a, 6, 13, 27),
    )
    assert (summary.next_review.session_number, summary.next_review.on) == (
        3,
        days(actor_a, 13)[0],
    )
    assert summary.medicare is None


def test_medicare_counts_the_visits_left_under_ncd_30_3_3(actor_a, patient_a):
    chronic = make_episode(actor_a, patient_a, onset_on=actor_a.today() - timedelta(days=200))
    plan = services.draft_plan(actor_a, chronic, severity="moderate")
    plan = services.update_plan(actor_a, plan, medicare_acupuncture=True)
    today = actor_a.today()

    allowance = services.medicare_status(
        actor_a, plan, today, visit_dates=[today - timedelta(days=n) for n in (30, 20, 10)]
    )

    assert (allowance.remaining, allowance.used_in_year) == (9, 3)
    summary = queries.plan_summary(actor_a, chronic, today, visit_dates=[today])
    assert summary.medicare.remaining == 11
