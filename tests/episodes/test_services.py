from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from taut.clinical.episodes import Chronicity
from taut.episodes import services
from taut.episodes.models import Episode, EpisodeDiagnosis, EpisodeStatus
from tests.builders import actor_for, make_episode


def days_ago(actor, n):
    return actor.today() - timedelta(days=n)


def test_an_episode_records_its_working_diagnoses_in_order(actor_a, patient_a):
    episode = make_episode(actor_a, patient_a, diagnosis_codes=["M51.26", "M54.16"])

    assert list(episode.diagnoses.values_list("code", "rank")) == [("M51.26", 1), ("M54.16", 2)]


@pytest.mark.parametrize(
    ("onset_days_ago", "expected"),
    [(10, Chronicity.ACUTE), (50, Chronicity.SUBACUTE), (200, Chronicity.CHRONIC)],
)
def test_chronicity_comes_from_the_onset_date(actor_a, patient_a, onset_days_ago, expected):
    episode = make_episode(
        actor_a, patient_a, onset_on=days_ago(actor_a, onset_days_ago), started_on=actor_a.today()
    )

    assert episode.chronicity_on(actor_a.today()) == expected


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"onset_on_days_ago": -1}, "onset_on"),
        ({"diagnosis_codes": ["M54.5"]}, "diagnosis_codes"),
        ({"diagnosis_codes": ["Z99.99"]}, "diagnosis_codes"),
        ({"diagnosis_codes": ["M54.50", "M51.360"]}, "diagnosis_codes"),
    ],
)
def test_impossible_episodes_are_refused_and_nothing_is_saved(actor_a, patient_a, overrides, field):
    if "onset_on_days_ago" in overrides:
        overrides = {
            "onset_on": days_ago(actor_a, overrides.pop("onset_on_days_ago")),
            "started_on": actor_a.today(),
        }

    with pytest.raises(services.EpisodeError) as caught:
        make_episode(actor_a, patient_a, **overrides)

    assert caught.value.field == field
    assert not Episode.objects.exists()


def test_a_second_active_episode_is_refused(actor_a, patient_a):
    make_episode(actor_a, patient_a)

    with pytest.raises(services.EpisodeError, match="already has an active episode"):
        make_episode(actor_a, patient_a)

    assert Episode.objects.count() == 1


def test_revising_the_diagnosis_withdraws_the_old_one_without_deleting_it(actor_a, patient_a):
    episode = make_episode(actor_a, patient_a, diagnosis_codes=["M54.50"])

    services.revise_episode(
        actor_a,
        episode,
        onset_on=episode.onset_on,
        presenting_complaint="",
        diagnosis_codes=["M79.18"],
    )

    rows = EpisodeDiagnosis.objects.order_by("id")
    assert [(d.code, d.withdrawn_at is not None) for d in rows] == [
        ("M54.50", True),
        ("M79.18", False),
    ]


def test_discharge_closes_the_episode_with_a_summary(actor_a, patient_a):
    episode = make_episode(actor_a, patient_a)

    services.discharge_episode(
        actor_a, episode, discharged_on=actor_a.today(), summary="Goals met.", reason="goals_met"
    )

    episode.refresh_from_db()
    assert (episode.status, episode.discharge_summary) == (EpisodeStatus.DISCHARGED, "Goals met.")


def test_discharge_before_the_episode_opened_is_refused(actor_a, patient_a):
    episode = make_episode(actor_a, patient_a)

    with pytest.raises(services.EpisodeError, match="cannot come before"):
        services.discharge_episode(
            actor_a, episode, discharged_on=days_ago(actor_a, 30), summary="x", reason="goals_met"
        )

    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.ACTIVE


def test_front_desk_cannot_open_an_episode(desk_a, patient_a):
    with pytest.raises(PermissionDenied):
        make_episode(actor_for(desk_a), patient_a)

    assert not Episode.objects.exists()


def test_an_episode_entered_in_error_is_kept_and_locked(actor_a, patient_a):
    episode = make_episode(actor_a, patient_a)
    services.mark_episode_entered_in_error(actor_a, episode, reason="wrong patient")

    with pytest.raises(services.EpisodeError):
        services.discharge_episode(
            actor_a, episode, discharged_on=actor_a.today(), summary="x", reason="goals_met"
        )

    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.ENTERED_IN_ERROR


def test_episodes_are_never_deleted(actor_a, patient_a):
    with pytest.raises(RuntimeError):
        make_episode(actor_a, patient_a).delete()
