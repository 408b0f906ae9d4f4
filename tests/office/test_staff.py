"""Owners run their staff from the pages: invite by e-mail, change roles, deactivate."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from taut.accounts.models import User
from taut.audit.models import AuditEntry
from taut.clinics.models import Invitation, Membership, Role
from taut.office import services
from tests.builders import PASSWORD, actor_for, sent_mail

NEW_PASSWORD = "lumbar-multifidus-2026"


def invite(client, captured, **overrides):
    data = {"full_name": "Nia New", "email": "nia@a.example", "role": "clinician", **overrides}
    with captured(execute=True):
        return client.post(reverse("office:staff"), data)


def link_in(message):
    return re.search(r"https?://\S+/office/invitation/\S+/", message.body).group(0)


def test_an_owner_invites_a_clinician_who_sets_a_password_and_signs_in(
    as_owner_a, clinic_a, django_capture_on_commit_callbacks
):
    response = invite(as_owner_a, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    user = User.objects.get(email="nia@a.example")
    assert not user.has_usable_password()
    invited = Membership.objects.get(user=user, clinic=clinic_a)
    assert invited.role == Role.CLINICIAN
    assert not invited.is_active  # no access until they accept
    assert sent_mail()[-1].to == ["nia@a.example"]
    url = link_in(sent_mail()[-1])

    newcomer = Client()
    page = newcomer.get(url)
    assert "Join Clinic A" in page.content.decode()
    signed_in = newcomer.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert signed_in.status_code == 302
    assert newcomer.get(reverse("patients:list")).status_code == 200
    user.refresh_from_db()
    invited.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert invited.is_active
    assert invited.joined_at is not None
    assert AuditEntry.objects.filter(object_type="membership", action="create").count() == 1


def test_an_invitation_link_works_once(as_owner_a, django_capture_on_commit_callbacks):
    invite(as_owner_a, django_capture_on_commit_callbacks)
    url = link_in(sent_mail()[-1])
    Client().post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = Client().post(
        url, {"new_password1": "another-pass-2026", "new_password2": "another-pass-2026"}
    )

    assert again.status_code == 410
    assert User.objects.get(email="nia@a.example").check_password(NEW_PASSWORD)


def test_a_weak_password_is_refused_next_to_its_field_and_the_link_still_works(
    as_owner_a, django_capture_on_commit_callbacks
):
    invite(as_owner_a, django_capture_on_commit_callbacks)
    url = link_in(sent_mail()[-1])

    response = Client().post(url, {"new_password1": "123", "new_password2": "123"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.get(email="nia@a.example").has_usable_password()
    assert Client().get(url).status_code == 200


def test_an_expired_or_replaced_link_no_longer_works(
    as_owner_a, owner_a, django_capture_on_commit_callbacks
):
    invite(as_owner_a, django_capture_on_commit_callbacks)
    first = link_in(sent_mail()[-1])
    membership = Membership.objects.get(user__email="nia@a.example")
    with django_capture_on_commit_callbacks(execute=True):
        as_owner_a.post(reverse("office:staff_resend", args=[membership.public_id]))
    second = link_in(sent_mail()[-1])

    assert Client().get(first).status_code == 410
    assert Client().get(second).status_code == 200
    Invitation.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert Client().get(second).status_code == 410


@pytest.mark.parametrize("token", ["not-a-token", "x" * 300])
def test_a_garbled_link_says_so(db, token):
    response = Client().get(reverse("office:invitation", args=[token]))

    assert response.status_code == 410
    assert "not complete" in response.content.decode()


def test_someone_who_already_uses_taut_accepts_while_signed_in_and_keeps_their_password(
    as_owner_a, clinic_a, clinician_b, as_clinician_b, django_capture_on_commit_callbacks
):
    invite(as_owner_a, django_capture_on_commit_callbacks, email="BEN@b.example", full_name="B")
    url = link_in(sent_mail()[-1])
    pending = Membership.objects.get(user=clinician_b.user, clinic=clinic_a)
    assert not pending.is_active

    assert Client().get(url).status_code == 302  # to sign in first
    assert Client().post(url).status_code == 302
    pending.refresh_from_db()
    assert not pending.is_active
    joined = as_clinician_b.post(url)

    assert joined.status_code == 302
    pending.refresh_from_db()
    assert pending.is_active
    clinician_b.user.refresh_from_db()
    assert clinician_b.user.check_password(PASSWORD)


def test_a_second_clinics_link_cannot_reset_a_password_already_set(
    as_owner_a, clinician_b, django_capture_on_commit_callbacks
):
    from tests.builders import make_member

    owner_b = make_member(clinician_b.clinic, "obi@b.example", Role.OWNER)
    invite(as_owner_a, django_capture_on_commit_callbacks)
    first = link_in(sent_mail()[-1])
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_staff(
            actor_for(owner_b),
            email="nia@a.example",
            full_name="Nia",
            role="clinician",
            base_url="http://testserver/",
        )
    second = link_in(sent_mail()[-1])
    Client().post(first, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    stranger = Client().post(
        second, {"new_password1": "hijack-pass-2026", "new_password2": "hijack-pass-2026"}
    )

    assert stranger.status_code == 302  # asked to sign in, nothing set
    assert User.objects.get(email="nia@a.example").check_password(NEW_PASSWORD)
    assert not Membership.objects.get(
        user__email="nia@a.example", clinic=clinician_b.clinic
    ).is_active


def test_a_link_opened_while_someone_else_is_signed_in_is_refused(
    as_owner_a, as_desk_a, django_capture_on_commit_callbacks
):
    invite(as_owner_a, django_capture_on_commit_callbacks, role="owner")
    url = link_in(sent_mail()[-1])

    response = as_desk_a.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 403
    assert not User.objects.get(email="nia@a.example").has_usable_password()
    assert as_desk_a.get(reverse("office:staff")).status_code == 403


def test_an_invited_owner_does_not_count_as_the_clinics_owner(
    as_owner_a, owner_a, django_capture_on_commit_callbacks
):
    invite(as_owner_a, django_capture_on_commit_callbacks, role="owner")

    as_owner_a.post(reverse("office:staff_role", args=[owner_a.public_id]), {"role": "clinician"})

    owner_a.refresh_from_db()
    assert owner_a.role == Role.OWNER


def test_an_owner_cannot_switch_on_an_invitation_for_them(
    as_owner_a, django_capture_on_commit_callbacks
):
    invite(as_owner_a, django_capture_on_commit_callbacks)
    pending = Membership.objects.get(user__email="nia@a.example")

    as_owner_a.post(reverse("office:staff_reactivate", args=[pending.public_id]))

    pending.refresh_from_db()
    assert not pending.is_active


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "cleo@a.example"}, "email"),
        ({"email": "not an address"}, "email"),
        ({"full_name": "   "}, "full_name"),
        ({"role": "superuser"}, "role"),
    ],
)
def test_an_unusable_invitation_is_refused_next_to_its_field_and_changes_nothing(
    as_owner_a, clinician_a, overrides, field, django_capture_on_commit_callbacks
):
    before = (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count())

    response = invite(as_owner_a, django_capture_on_commit_callbacks, **overrides)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["form"].data["email"] == overrides.get("email", "nia@a.example")
    assert (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count()) == before
    assert sent_mail() == []


@pytest.mark.parametrize("client_name", ["as_clinician_a", "as_desk_a"])
def test_only_owners_invite(request, client_name, django_capture_on_commit_callbacks):
    response = invite(request.getfixturevalue(client_name), django_capture_on_commit_callbacks)

    assert response.status_code == 403
    assert not User.objects.filter(email="nia@a.example").exists()


def test_an_owner_changes_a_role_and_it_is_audited(as_owner_a, desk_a):
    as_owner_a.post(reverse("office:staff_role", args=[desk_a.public_id]), {"role": "clinician"})

    desk_a.refresh_from_db()
    assert desk_a.role == Role.CLINICIAN
    entry = AuditEntry.objects.get(object_id=desk_a.public_id)
    assert entry.detail["role"] == {"from": "front_desk", "to": "clinician"}


def test_the_last_owner_cannot_step_down(as_owner_a, owner_a):
    response = as_owner_a.post(
        reverse("office:staff_role", args=[owner_a.public_id]), {"role": "clinician"}, follow=True
    )

    owner_a.refresh_from_db()
    assert owner_a.role == Role.OWNER
    assert "at least one active owner" in response.content.decode()


def test_a_deactivated_clinician_loses_access_at_once_and_their_records_stay(
    as_owner_a, clinician_a, as_clinician_a, patient_a
):
    assert as_clinician_a.get(reverse("patients:list")).status_code == 200

    as_owner_a.post(reverse("office:staff_deactivate", args=[clinician_a.public_id]))

    assert as_clinician_a.get(reverse("patients:list")).status_code == 302
    api = f"/api/patients/{patient_a.public_id}/appointments"
    assert as_clinician_a.get(api).status_code == 403
    clinician_a.refresh_from_db()
    assert not clinician_a.is_active
    assert Membership.objects.filter(pk=clinician_a.pk).exists()
    assert AuditEntry.objects.filter(user=clinician_a.user).exists()

    as_owner_a.post(reverse("office:staff_reactivate", args=[clinician_a.public_id]))
    assert as_clinician_a.get(reverse("patients:list")).status_code == 200


def test_an_owner_cannot_deactivate_themselves(as_owner_a, owner_a):
    as_owner_a.post(reverse("office:staff_deactivate", args=[owner_a.public_id]))

    owner_a.refresh_from_db()
    assert owner_a.is_active


def test_deactivating_an_invited_person_withdraws_their_link(
    as_owner_a, django_capture_on_commit_callbacks
):
    invite(as_owner_a, django_capture_on_commit_callbacks)
    url = link_in(sent_mail()[-1])
    membership = Membership.objects.get(user__email="nia@a.example")

    as_owner_a.post(reverse("office:staff_deactivate", args=[membership.public_id]))

    assert Client().get(url).status_code == 410


@pytest.mark.parametrize("action", ["staff_role", "staff_deactivate", "staff_resend"])
def test_another_clinics_staff_are_not_found(as_owner_a, clinician_b, action):
    response = as_owner_a.post(
        reverse(f"office:{action}", args=[clinician_b.public_id]), {"role": "owner"}
    )

    clinician_b.refresh_from_db()
    assert response.status_code == 404
    assert clinician_b.is_active
    assert clinician_b.role == Role.CLINICIAN


def test_the_staff_page_lists_the_clinic_and_no_one_else(as_owner_a, clinician_a, clinician_b):
    body = as_owner_a.get(reverse("office:staff")).content.decode()

    assert clinician_a.user.email in body
    assert clinician_b.user.email not in body


def test_the_service_refuses_a_clinician(actor_a, desk_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.change_role(actor_a, desk_a, role="owner")
    desk_a.refresh_from_db()
    assert desk_a.role == Role.FRONT_DESK


def test_a_second_owner_lets_the_first_step_down(owner_a, clinic_a):
    from tests.builders import make_member

    make_member(clinic_a, "otto@a.example", Role.OWNER)

    assert services.change_role(actor_for(owner_a), owner_a, role="clinician")
