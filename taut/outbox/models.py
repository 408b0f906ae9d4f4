"""Messages Taut owes someone: the source of truth for what to send, when, and what happened.

The task queue only wakes the sender; a message exists as a row from the moment what caused it
commits (in the same transaction), unique on what it is for (``key``), so a lost or repeated
task neither loses nor doubles it (docs/follow-up.md).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class State(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")  # waiting for its time (or its next attempt)
    SENDING = "sending", _("Sending")  # claimed by a worker
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")  # gave up after the last attempt; shown to staff
    CANCELLED = "cancelled", _("Cancelled")  # no longer wanted (appointment moved, step stopped)


PURPOSES = {
    "appointment_reminder": _("Appointment reminder"),
    "questionnaire_link": _("Questionnaire link"),
    "intake_link": _("Intake link"),
    "staff_invitation": _("Staff invitation"),
}


class Message(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the message is for, e.g. "questionnaire_link:<link id>": one message per purpose.
    key = models.CharField(max_length=200, unique=True)
    purpose = models.CharField(max_length=40)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    due_at = models.DateTimeField()  # the next time to try: first its time, then each retry's
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["state", "due_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.purpose} to {self.channel} ({self.state})"

    @property
    def purpose_label(self) -> str:
        return str(PURPOSES.get(self.purpose, self.purpose))
