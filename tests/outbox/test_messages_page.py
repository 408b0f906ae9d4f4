"""The owner's messages page: this clinic's messages only, failed ones flagged, the listing
audited; no one else may open it."""

import pytest
from django.urls import reverse

from taut.audit.models import Action, AuditEntry
from taut.outbox import services
from taut.outbox.models import Message, State


def message(clinic, key, **overrides):
    return services.schedule(
        clinic=clinic,
        key=key,
        purpose="test",
        channel="email",
        to=f"{key}@example.org",
        subject=f"Subject {key}",
        body="Body",
        **overrides,
    )


def test_the_owner_sees_the_clinics_messages_and_the_failed_ones_flagged(
    as_owner_a, clinic_a, clinic_b
):
    message(clinic_a, "mine")
    Message.objects.filter(key="mine").update(state=State.FAILED, last_error="Refused")
    message(clinic_b, "theirs")

    response = as_owner_a.get(reverse("outbox:list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "mine@example.org" in page
    assert "Refused" in page
    assert "theirs@example.org" not in page
    assert "1 message could not be delivered." in page
    assert AuditEntry.objects.filter(action=Action.LIST, object_type="message").exists()


def test_a_filter_by_state_and_a_nonsense_state(as_owner_a, clinic_a):
    message(clinic_a, "waiting")

    assert (
        "waiting@example.org"
        not in as_owner_a.get(reverse("outbox:list"), {"state": "sent"}).content.decode()
    )
    assert as_owner_a.get(reverse("outbox:list"), {"state": "<x>", "page": "zz"}).status_code == 200


@pytest.mark.parametrize("who", ["as_clinician_a", "as_desk_a"])
def test_no_one_but_the_owner_opens_it(request, who):
    client = request.getfixturevalue(who)

    assert client.get(reverse("outbox:list")).status_code in (403, 404)
