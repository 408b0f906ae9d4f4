"""The one lifecycle of a signed clinical record: draft, signed, amended, entered in error.

Assessments, needling sessions and outcome responses share it (ADR 0002: records are never
deleted). A draft changes freely; signing locks it. A correction of a signed record is an
amendment: a new version, with a reason, that supersedes the signed one when it is signed in
turn. A record made by mistake is marked entered in error with a reason, person and time; it
keeps its content. Neither a row nor a queryset can be deleted.

The functions here do the state changes on rows the calling service has locked; the service
checks permission, applies its own rules, copies its own child rows and records the audit entry,
all in its one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Self, TypeVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ENTERED_IN_ERROR = "entered_in_error"
NEVER_DELETED = "clinical records are never deleted: amend them or mark them entered in error"


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    AMENDED = "amended", _("Superseded by an amendment")
    ENTERED_IN_ERROR = ENTERED_IN_ERROR, _("Entered in error")


class RecordLocked(ValueError):
    """The record is not in a state that allows this (signed, superseded or withdrawn)."""


class RecordError(ValueError):
    """Input the lifecycle refuses (a missing reason); ``field`` names it. Nothing changed."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


_M = TypeVar("_M", bound=models.Model)


class UndeletableQuerySet(models.QuerySet[_M]):
    """A queryset whose ``delete`` refuses: records are amended or withdrawn, never deleted."""

    def delete(self) -> tuple[int, dict[str, int]]:
        raise RuntimeError(NEVER_DELETED)


class EnteredInError(models.Model):
    """Who marked a record entered in error, when and why (also for records without versions:
    patients, episodes, red-flag screens)."""

    entered_in_error_reason = models.TextField(blank=True)
    entered_in_error_at = models.DateTimeField(null=True, blank=True)
    entered_in_error_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    status: Any

    class Meta:
        abstract = True

    def withdraw(self, user: Any, reason: str) -> list[str]:
        """Mark this (locked) row entered in error; return the fields to save."""
        self.status = ENTERED_IN_ERROR
        self.entered_in_error_reason = reason
        self.entered_in_error_at = timezone.now()
        self.entered_in_error_by = user
        return ["status", "entered_in_error_reason", "entered_in_error_at", "entered_in_error_by"]


class SignedRecord(EnteredInError):
    """A versioned clinical record that is signed, amended or withdrawn, never edited once signed."""

    status = models.CharField(
        _("status"), max_length=20, choices=RecordStatus.choices, default=RecordStatus.DRAFT
    )
    version = models.PositiveSmallIntegerField(default=1)
    amends = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments"
    )
    amendment_reason = models.TextField(blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_draft(self) -> bool:
        return self.status == RecordStatus.DRAFT

    @property
    def is_signed(self) -> bool:
        """The current signed version (not superseded, not withdrawn)."""
        return self.status == RecordStatus.SIGNED

    @property
    def is_entered_in_error(self) -> bool:
        return self.status == RecordStatus.ENTERED_IN_ERROR

    amends_id: Any

    @property
    def is_amendment(self) -> bool:
        return self.amends_id is not None

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError(NEVER_DELETED)

    def locked(self, **scope: Any) -> Self:
        """This row again, locked for update, within ``scope`` (e.g. ``clinic=``)."""
        found: Self = _rows(self).select_for_update().get(pk=self.pk, **scope)
        return found


def _rows(record: SignedRecord) -> Any:
    """The record's own table (its model's default manager), for the lifecycle's writes."""
    return type(record)._default_manager


def lock_draft[R: SignedRecord](record: R, **scope: Any) -> R:
    """The record locked, if it is still a draft; RecordLocked otherwise."""
    locked = record.locked(**scope)
    if not locked.is_draft:
        raise RecordLocked(_("This record is signed: record changes as an amendment."))
    return locked


def sign[R: SignedRecord](draft: R, user: Any) -> list[str]:
    """Sign a locked draft; an amendment supersedes the version it amends.

    Returns the fields changed (the caller saves them, with any of its own). Raises
    RecordLocked when the draft is not a draft or the version it amends is no longer the signed
    record (withdrawn or superseded meanwhile).
    """
    if not draft.is_draft:
        raise RecordLocked(_("This record is already signed."))
    if draft.is_amendment:
        original = _rows(draft).select_for_update().get(pk=draft.amends_id)
        if not original.is_signed:
            raise RecordLocked(
                _(
                    "The version this amends is no longer the signed record; this amendment "
                    "cannot be signed."
                )
            )
        _rows(draft).filter(pk=original.pk).update(status=RecordStatus.AMENDED)
    draft.status = RecordStatus.SIGNED
    draft.signed_at = timezone.now()
    draft.signed_by = user
    return ["status", "signed_at", "signed_by"]


def amendment_of[R: SignedRecord](
    original: R, *, reason: str, copy: Iterable[str], **fields: Any
) -> R:
    """Create the draft amendment of a locked, signed record: the next version with the reason.

    ``copy`` names the content fields to carry over from the original; ``fields`` sets others.
    The caller copies child rows. Raises RecordError without a reason and RecordLocked when the
    original is not the current signed version.
    """
    if not reason.strip():
        raise RecordError(str(_("A reason for the amendment is required.")), field="reason")
    if not original.is_signed:
        raise RecordLocked(_("Only the current signed version can be amended."))
    created: R = _rows(original).create(
        **{name: getattr(original, name) for name in copy},
        **fields,
        version=original.version + 1,
        amends=original,
        amendment_reason=reason.strip(),
        status=RecordStatus.DRAFT,
    )
    return created


def versions_to_withdraw[R: SignedRecord](record: R) -> list[R]:
    """The rows that marking ``record`` (locked) entered in error withdraws, locked.

    A draft goes alone: for a draft amendment that discards the amendment and the signed version
    stands. A signed version takes with it any amendment of it still open and every version it
    amends (through ``amends``), so no earlier version goes on counting as a visit or a finding.
    """
    if record.is_draft:
        return [record]
    manager = _rows(record)
    chain: list[R] = [
        *manager.select_for_update().filter(amends=record, status=RecordStatus.DRAFT),
        record,
    ]
    earlier: Any = chain[-1].amends_id
    while earlier is not None:
        chain.append(manager.select_for_update().get(pk=earlier))
        earlier = chain[-1].amends_id
    return chain


def withdraw_versions[R: SignedRecord](record: R, user: Any, reason: str) -> list[R]:
    """Mark a locked draft, or the current signed version with its chain, entered in error.

    Returns the rows withdrawn; the calling service audits each one. Raises RecordError without
    a reason and RecordLocked for a superseded or already withdrawn version.
    """
    if not reason.strip():
        raise RecordError(str(_("A reason is required.")), field="reason")
    if record.status not in (RecordStatus.DRAFT, RecordStatus.SIGNED):
        raise RecordLocked(
            _("Only a draft or the current signed version can be marked entered in error.")
        )
    rows = versions_to_withdraw(record)
    for row in rows:
        row.save(update_fields=row.withdraw(user, reason.strip()))
    return rows
