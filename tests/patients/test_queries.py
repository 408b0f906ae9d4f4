from datetime import date

import pytest
from django.http import Http404

from taut.audit.models import Action, AuditEntry
from taut.patients import queries
from tests.builders import make_patient


@pytest.fixture
def people(actor_a):
    return {
        "jose": make_patient(actor_a),
        "ann": make_patient(
            actor_a,
            family_name="O'Brien",
            given_names="Ann",
            birth_date=date(1988, 2, 3),
            phone="(555) 010-7788",
        ),
    }


def names(actor, text):
    return [p.given_names for p in queries.search_patients(actor, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jose", ["José"]),
        ("NUÑEZ jo", ["José"]),
        ("nunez", ["José"]),
        ("o'brien", ["Ann"]),
        ("1988-02-03", ["Ann"]),
        ("03/02/1988", ["Ann"]),
        ("2/3/1988", ["Ann"]),
        ("0107788", ["Ann"]),
        ("555 010", ["Ann"]),
        ("T000002", ["Ann"]),
        ("t2", ["Ann"]),
        ("2", ["Ann"]),
        ("", ["José", "Ann"]),
        ("nobody", []),
    ],
)
def test_search_matches_name_birth_date_phone_and_record_number(people, actor_a, text, expected):
    assert sorted(names(actor_a, text)) == sorted(expected)


def test_search_never_reaches_another_clinic(people, actor_b):
    assert names(actor_b, "jose") == []


def test_search_is_audited_with_its_text(people, actor_a):
    queries.search_patients(actor_a, "jose")

    assert AuditEntry.objects.filter(action=Action.SEARCH, detail={"query": "jose"}).count() == 1


def test_another_clinics_patient_is_not_found(people, actor_b):
    with pytest.raises(Http404):
        queries.get_patient(actor_b, people["jose"].public_id)


def test_viewing_a_patient_is_audited(people, actor_a):
    queries.get_patient(actor_a, people["jose"].public_id)

    assert AuditEntry.objects.filter(action=Action.VIEW, patient=people["jose"]).count() == 1


def test_a_malformed_id_is_not_found(actor_a):
    with pytest.raises(Http404):
        queries.get_patient(actor_a, "not-a-uuid")
