"""Calendar arithmetic that has nothing clinical about it."""

from __future__ import annotations

from datetime import date


def age_on(birth_date: date, today: date) -> int:
    """Whole years of age on ``today``."""
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - int(before_birthday)
