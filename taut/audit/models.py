"""The audit trail: who looked at or changed which patient data, in which clinic, when, from where.

Entries are append-only. The application offers no way to change or delete them; on PostgreSQL a
trigger refuses UPDATE and DELETE as well.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or delete an audit entry."""


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries cannot be deleted")


class Action(models.TextChoices):
    VIEW = "view", _("Viewed")
    LIST = "list", _("Listed")
    SEARCH = "search", _("Searched")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    ENTERED_IN_ERROR = "entered_in_error", _("Marked entered in error")
    DISCHARGE = "discharge", _("Discharged")
    SIGN = "sign", _("Signed")
    EXPORT = "export", _("Exported")
    RESOLVE = "resolve", _("Resolved")
    SEND = "send", _("Sent")


class AuditEntry(models.Model):
    """One access to, or change of, patient data."""

    occurred_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("who"),
    )
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    object_type = models.CharField(_("record type"), max_length=64)
    object_id = models.UUIDField(_("record id"), null=True)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, null=True, related_name="+"
    )
    address = models.GenericIPAddressField(_("address"), null=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects: ClassVar[AuditQuerySet] = AuditQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = _("audit entries")
        indexes = [
            # The owner's audit page filters by clinic, then by patient or user, newest first.
            models.Index(fields=["clinic", "-occurred_at"], name="audit_clinic_recent"),
            models.Index(fields=["patient", "-occurred_at"], name="audit_patient_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries cannot be deleted")
