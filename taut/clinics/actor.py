"""Who is acting, in which clinic, from where: passed to every query and service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from taut.accounts.models import User
    from taut.clinics.models import Clinic, Membership


@dataclass(frozen=True)
class Actor:
    user: User
    membership: Membership
    address: str | None = None

    @property
    def clinic(self) -> Clinic:
        return self.membership.clinic

    def today(self) -> date:
        """Today's date in the clinic's time zone."""
        return self.clinic.local_date(timezone.now())
