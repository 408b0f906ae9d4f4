"""What every withdrawable clinical record shares: who marked it entered in error, when and why.

Records are never deleted (ADR 0002). A record made by mistake keeps its content and gains these
three fields and the status ``entered_in_error``; the service that marks it checks permission and
state, saves the fields this mixin names, and records the audit event.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

ENTERED_IN_ERROR = "entered_in_error"


class EnteredInError(models.Model):
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


def versions_to_withdraw[R: models.Model](record: R) -> list[R]:
    """The rows that marking ``record`` (locked) entered in error withdraws, locked.

    A draft goes alone: for a draft amendment that discards the amendment and the signed version
    stands. A signed version takes with it any amendment of it still open and every version it
    amends (through ``amends``), so no earlier version goes on counting as a visit or a finding.
    """
    if getattr(record, "status", None) == "draft":
        return [record]
    manager = type(record)._default_manager
    chain = [*manager.select_for_update().filter(amends=record, status="draft"), record]
    while (earlier := getattr(chain[-1], "amends_id", None)) is not None:
        chain.append(manager.select_for_update().get(pk=earlier))
    return chain


def withdraw_versions[R: EnteredInError](record: R, user: Any, reason: str) -> list[R]:
    """Mark ``record`` (locked) and what goes with it (``versions_to_withdraw``) entered in error.

    Returns the rows withdrawn; the calling service audits each one.
    """
    rows = versions_to_withdraw(record)
    for row in rows:
        row.save(update_fields=row.withdraw(user, reason))
    return rows
