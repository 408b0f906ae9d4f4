"""Plain builder functions for tests: explicit defaults, override what the test is about."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from taut.accounts.models import User
from taut.clinics.actor import Actor
from taut.clinics.models import Clinic, Membership, Role
from taut.episodes import services as episode_services
from taut.episodes.models import Episode
from taut.patients import services as patient_services
from taut.patients.models import Patient

PASSWORD = "correct-horse-battery-staple"


def make_clinic(name: str = "Clinic", **overrides: Any) -> Clinic:
    return Clinic.objects.create(
        name=name, time_zone=overrides.pop("time_zone", "Europe/Madrid"), **overrides
    )


def make_member(clinic: Clinic, email: str, role: Role, full_name: str = "") -> Membership:
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, PASSWORD, full_name=full_name or email.split("@")[0].title()
    )
    return Membership.objects.create(user=user, clinic=clinic, role=role, joined_at=timezone.now())


def actor_for(membership: Membership, address: str = "127.0.0.1") -> Actor:
    return Actor(user=membership.user, membership=membership, address=address)


def patient_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "family_name": "Núñez",
        "given_names": "José",
        "birth_date": date(1970, 5, 31),
        "gender": "male",
        "language": "es",
        "phone": "+34 600 123 456",
        "email": "jose@example.org",
        "preferred_contact_channel": "phone",
    }
    data.update(overrides)
    return data


def make_patient(actor: Actor, **overrides: Any) -> Patient:
    confirmed = overrides.pop("confirmed_not_duplicate", True)
    return patient_services.register_patient(
        actor, data=patient_data(**overrides), confirmed_not_duplicate=confirmed
    )


def make_episode(actor: Actor, patient: Patient, **overrides: Any) -> Episode:
    today = actor.today()
    overrides.setdefault("onset_on", today - timedelta(days=20))
    overrides.setdefault("started_on", today - timedelta(days=2))
    overrides.setdefault("diagnosis_codes", ["M54.50"])
    return episode_services.open_episode(actor, patient, **overrides)


def sent_mail():
    """The e-mail sent so far, once the outbox's due messages are delivered (by the worker's own
    sending code, as `taut worker` runs it; tests/outbox runs real worker processes)."""
    from django.core import mail

    from taut.outbox.services import deliver_due

    deliver_due()
    return mail.outbox
