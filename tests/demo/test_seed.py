from datetime import date

import pytest
from django.db import transaction

from taut.clinical.episodes import Chronicity
from taut.clinics.models import Clinic, Membership, Role
from taut.demo.seed import CLINIC_A, seed
from taut.episodes.models import Episode, EpisodeStatus
from taut.patients.models import Patient

TODAY = date(2026, 11, 21)


def test_the_demo_has_two_clinics_and_every_role(db):
    seed(TODAY)

    assert Clinic.objects.count() == 2
    roles = set(Membership.objects.filter(clinic__name=CLINIC_A).values_list("role", flat=True))
    assert roles == {Role.OWNER, Role.CLINICIAN, Role.FRONT_DESK}


def test_the_demo_clinic_has_about_sixty_patients_across_chronicity(db):
    seed(TODAY)

    assert Patient.objects.filter(clinic__name=CLINIC_A).count() == 60
    active = Episode.objects.filter(status=EpisodeStatus.ACTIVE)
    assert {e.chronicity_on(TODAY) for e in active} == set(Chronicity)


def test_the_demo_is_the_same_every_time(db):
    def names():
        with transaction.atomic():
            seed(TODAY)
            found = list(
                Patient.objects.order_by("record_number", "clinic__name").values_list(
                    "family_name", "given_names", "birth_date"
                )
            )
            transaction.set_rollback(True)
        return found

    assert names() == names()


def test_the_demo_shows_the_safety_features(db):
    from taut.assessment.models import Assessment
    from taut.clinics.models import Clinic
    from taut.lib.records import RecordStatus
    from taut.safety.models import RedFlagFinding, RedFlagScreen
    from taut.sessions.models import NeedleMismatch, NeedlingSession, SafetyIncident

    ctx = seed(TODAY)

    flagged = ctx.notes["emergency_red_flag"]
    emergency = RedFlagScreen.objects.get(patient=flagged, status="current")
    assert emergency.level == "emergency"
    assert RedFlagFinding.objects.filter(patient=flagged, actions__isnull=True).exists()
    blocked = NeedlingSession.objects.get(patient=flagged, status=RecordStatus.DRAFT)
    assert not blocked.insertions.exists()
    assert ctx.notes["relative_contraindication"].pk
    lost = NeedleMismatch.objects.get(resolved=False)
    assert lost.session.patient == ctx.notes["needle_unaccounted"]
    incident = SafetyIncident.objects.get()
    assert incident.patient == ctx.notes["safety_incident"]
    assert incident.reasons[0]["code"] == "no_consent"
    assert set(Clinic.objects.values_list("backdate_limit_days", flat=True)) == {7}
    from taut.consent.queries import has_valid_consent

    assert not has_valid_consent(
        ctx.notes["no_consent"].clinic, ctx.notes["no_consent"], kind="dry_needling"
    )
    assert Assessment.objects.filter(status=RecordStatus.SIGNED).count() >= 20


def test_demo_trajectories_mostly_improve_some_plateau_a_few_worsen(db):
    from taut.episodes.models import Episode
    from taut.outcomes.queries import outcome_summary

    ctx = seed(TODAY)
    actor = ctx.actors[CLINIC_A]
    verdicts = [
        outcome_summary(actor, e).responder
        for e in Episode.objects.filter(clinic=actor.clinic, status=EpisodeStatus.ACTIVE)
    ]

    assert verdicts.count(True) > verdicts.count(False) > 0


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        ("2026-12-08T00:30:00+00:00", "2026-12-07"),  # past midnight in Madrid, not in New York
        ("2026-12-08T12:00:00+00:00", "2026-12-08"),
        ("2026-12-07T23:30:00+00:00", "2026-12-07"),
    ],
)
def test_the_demos_today_is_never_tomorrow_in_either_clinic(utc, expected):
    from datetime import date, datetime

    from taut.demo.seed import demo_today

    assert demo_today(datetime.fromisoformat(utc)) == date.fromisoformat(expected)
