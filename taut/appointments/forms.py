"""Forms for booking and changing appointments and for weekly hours."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from taut.accounts.models import User
from taut.appointments import rules
from taut.appointments.models import Kind, Weekday
from taut.clinics.models import Clinic, Location
from taut.episodes.models import Episode
from taut.lib.forms import DateInput

MAX_SERIES = 12


class TimeInput(forms.TimeInput):
    """A native time picker that submits HH:MM."""

    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def parse_dates(text: str) -> list[date]:
    """ISO dates separated by commas, spaces or new lines; raises ValueError naming a bad one."""
    found: list[date] = []
    for token in re.split(r"[\s,;]+", text.strip()):
        if not token:
            continue
        try:
            found.append(date.fromisoformat(token))
        except ValueError:
            raise ValueError(token) from None
    return found


class Repeat:
    ONCE = "once"
    WEEKLY = "weekly"
    DATES = "dates"


class BookingForm(forms.Form):
    clinician = forms.ChoiceField(label=_("Clinician"))
    location = forms.ChoiceField(label=_("Location"))
    on = forms.DateField(label=_("Date"), widget=DateInput())
    at = forms.TimeField(label=_("Time"), widget=TimeInput(attrs={"step": 300}))
    minutes = forms.IntegerField(
        label=_("Minutes"), min_value=rules.MIN_MINUTES, max_value=rules.MAX_MINUTES, initial=45
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.NEEDLING_SESSION)
    episode = forms.ChoiceField(label=_("Episode of care"), required=False)
    repeat = forms.ChoiceField(
        label=_("Repeat"),
        choices=[
            (Repeat.ONCE, _("Just this date")),
            (Repeat.WEEKLY, _("Every week, at the same time")),
            (Repeat.DATES, _("On these further dates, at the same time")),
        ],
        initial=Repeat.ONCE,
        widget=forms.RadioSelect,
    )
    weeks = forms.IntegerField(
        label=_("How many appointments in all"),
        min_value=2,
        max_value=MAX_SERIES,
        required=False,
        help_text=_("For weekly appointments: 2 to 12, the first date included."),
    )
    dates = forms.CharField(
        label=_("Further dates"),
        required=False,
        help_text=_("For a series on chosen dates: for example 2026-12-01, 2026-12-09."),
    )

    def __init__(
        self,
        *args: Any,
        clinicians: list[User],
        locations: list[Location],
        episode: Episode | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._clinicians = {str(u.public_id): u for u in clinicians}
        self._locations = {str(loc.public_id): loc for loc in locations}
        self._episode = episode
        self._choices("clinician", [(k, u.full_name) for k, u in self._clinicians.items()])
        self._choices("location", [(k, loc.name) for k, loc in self._locations.items()])
        episode_choices: list[tuple[str, str]] = [("", str(_("— not linked to an episode —")))]
        if episode is not None:
            episode_choices.insert(
                0,
                (
                    str(episode.public_id),
                    str(_("Current episode of care (opened %(on)s)"))
                    % {"on": f"{episode.started_on:%Y-%m-%d}"},
                ),
            )
        self._choices("episode", episode_choices)

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type
        field.choices = choices

    def clean_dates(self) -> list[date]:
        try:
            return parse_dates(self.cleaned_data.get("dates") or "")
        except ValueError as exc:
            raise forms.ValidationError(
                _("%(value)s is not a date (write it as YYYY-MM-DD)."), params={"value": exc}
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        repeat = data.get("repeat")
        if repeat == Repeat.WEEKLY and not data.get("weeks"):
            self.add_error("weeks", _("Say how many weekly appointments to book."))
        if repeat == Repeat.DATES and not data.get("dates") and "dates" not in self.errors:
            self.add_error("dates", _("Give the further dates, or choose “Just this date”."))
        if repeat == Repeat.DATES and len(data.get("dates") or []) + 1 > MAX_SERIES:
            self.add_error(
                "dates", _("At most %(n)s appointments can be booked at once.") % {"n": MAX_SERIES}
            )
        return data

    @property
    def chosen_clinician(self) -> User:
        return self._clinicians[self.cleaned_data["clinician"]]

    @property
    def chosen_location(self) -> Location:
        return self._locations[self.cleaned_data["location"]]

    @property
    def chosen_episode(self) -> Episode | None:
        return self._episode if self.cleaned_data.get("episode") else None

    def days(self) -> list[date]:
        first: date = self.cleaned_data["on"]
        repeat = self.cleaned_data["repeat"]
        if repeat == Repeat.WEEKLY:
            return [first + timedelta(weeks=n) for n in range(self.cleaned_data["weeks"])]
        if repeat == Repeat.DATES:
            return [first, *self.cleaned_data["dates"]]
        return [first]

    def starts(self, clinic: Clinic) -> list[datetime]:
        """Each chosen day at the chosen wall-clock time in the clinic's zone (DST-safe)."""
        at: time = self.cleaned_data["at"]
        return [rules.local_instant(day, at, clinic.zone) for day in self.days()]


class RescheduleForm(forms.Form):
    clinician = forms.ChoiceField(label=_("Clinician"))
    location = forms.ChoiceField(label=_("Location"))
    on = forms.DateField(label=_("New date"), widget=DateInput())
    at = forms.TimeField(label=_("New time"), widget=TimeInput(attrs={"step": 300}))
    minutes = forms.IntegerField(
        label=_("Minutes"), min_value=rules.MIN_MINUTES, max_value=rules.MAX_MINUTES
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=500, help_text=_("Kept with the appointment it replaces.")
    )

    def __init__(
        self, *args: Any, people: list[User], places: list[Location], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(p.public_id): p for p in people}
        self.places = {str(p.public_id): p for p in places}
        for name, choices in (
            ("clinician", [(k, p.full_name) for k, p in self.people.items()]),
            ("location", [(k, p.name) for k, p in self.places.items()]),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type
            field.choices = choices

    def starts_at(self, clinic: Clinic) -> datetime:
        return rules.local_instant(self.cleaned_data["on"], self.cleaned_data["at"], clinic.zone)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


PERIODS_PER_DAY = 3


class WeekHoursForm(forms.Form):
    """Up to three periods per weekday, each a pair of time pickers (from, until); a day with
    none is closed (or, for a clinician, not working)."""

    def __init__(
        self,
        *args: Any,
        initial_periods: dict[int, list[tuple[time, time]]] | None = None,
        **kwargs: Any,
    ) -> None:
        initial: dict[str, Any] = dict(kwargs.pop("initial", None) or {})
        # Room for every period already recorded (a day is never cut short on saving).
        self.per_day = max([PERIODS_PER_DAY, *(len(p) for p in (initial_periods or {}).values())])
        for day, periods in (initial_periods or {}).items():
            for n, (opens, closes) in enumerate(periods):
                initial[f"day_{day}_{n}_from"] = opens
                initial[f"day_{day}_{n}_until"] = closes
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for day in Weekday:
            for n in range(self.per_day):
                for part, word in (("from", _("from")), ("until", _("until"))):
                    self.fields[f"day_{day.value}_{n}_{part}"] = forms.TimeField(
                        label=_("%(day)s, period %(n)s, %(end)s")
                        % {"day": day.label, "n": n + 1, "end": word},
                        required=False,
                        widget=TimeInput(attrs={"step": 300}),
                    )

    @property
    def period_numbers(self) -> list[int]:
        return list(range(1, self.per_day + 1))

    def rows(self) -> list[tuple[str, list[tuple[forms.BoundField, forms.BoundField]]]]:
        """The week as rows for the page: the weekday and its (from, until) pickers."""
        return [
            (
                str(day.label),
                [
                    (self[f"day_{day.value}_{n}_from"], self[f"day_{day.value}_{n}_until"])
                    for n in range(self.per_day)
                ],
            )
            for day in Weekday
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for day in Weekday:
            for n in range(self.per_day):
                start = data.get(f"day_{day.value}_{n}_from")
                end = data.get(f"day_{day.value}_{n}_until")
                if (start is None) != (end is None):
                    missing = f"day_{day.value}_{n}_{'until' if end is None else 'from'}"
                    if missing not in self.errors:
                        self.add_error(missing, _("Give both times of the period, or neither."))
                elif start is not None and end is not None and end <= start:
                    self.add_error(
                        f"day_{day.value}_{n}_until", _("A period ends after it starts.")
                    )
        return data

    def periods(self) -> dict[int, list[tuple[time, time]]]:
        week: dict[int, list[tuple[time, time]]] = {}
        for day in Weekday:
            week[day.value] = [
                (start, end)
                for n in range(self.per_day)
                if (start := self.cleaned_data.get(f"day_{day.value}_{n}_from")) is not None
                and (end := self.cleaned_data.get(f"day_{day.value}_{n}_until")) is not None
            ]
        return week


class ClosureForm(forms.Form):
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for a single day."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)
    location = forms.ChoiceField(label=_("Where"), required=False)
    clinician = forms.ChoiceField(
        label=_("Whose diary"),
        required=False,
        help_text=_("Choose a clinician for their time off; leave as is to close for everyone."),
    )

    def __init__(
        self, *args: Any, locations: list[Location], people: list[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.locations = {str(p.public_id): p for p in locations}
        self.people = {str(p.public_id): p for p in people}
        for name, choices in (
            (
                "location",
                [("", _("Every location"))] + [(k, p.name) for k, p in self.locations.items()],
            ),
            (
                "clinician",
                [("", _("Everyone"))] + [(k, p.full_name) for k, p in self.people.items()],
            ),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type
            field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and not data.get("ends_on"):
            data["ends_on"] = data["starts_on"]
        data["location"] = self.locations.get(data.get("location") or "")
        data["clinician"] = self.people.get(data.get("clinician") or "")
        return data
