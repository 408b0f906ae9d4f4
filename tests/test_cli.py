from io import StringIO

from django.core.management import call_command

from taut.clinics.models import Clinic, Membership, Role
from taut.demo.seed import DEMO_PASSWORD


def test_seed_demo_prints_the_logins_and_is_idempotent(db):
    first, second = StringIO(), StringIO()

    call_command("seed_demo", today="2026-11-21", stdout=first)
    call_command("seed_demo", stdout=second)

    assert DEMO_PASSWORD in first.getvalue()
    assert "already loaded" in second.getvalue()
    assert Clinic.objects.count() == 2


def test_createclinic_creates_the_clinic_and_its_owner(db, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "a-long-enough-passphrase-42")

    call_command(
        "createclinic",
        name="Sunrise Physio",
        time_zone="Europe/Madrid",
        owner_email="boss@sunrise.example",
        owner_name="Pat Boss",
    )

    membership = Membership.objects.get(clinic__name="Sunrise Physio")
    assert (membership.user.email, membership.role) == ("boss@sunrise.example", Role.OWNER)
    assert membership.clinic.locations.count() == 1
