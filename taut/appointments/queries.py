"""Reads of the calendar, scoped to the actor's clinic and audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.http import Http404

from taut.accounts.models import User
from taut.appointments import rules
from taut.appointments.models import (
    OCCUPYING,
    Appointment,
    Availability,
    Closure,
    OpeningHours,
)
from taut.appointments.services import TREATING_ROLES
from taut.audit.models import Action
from taut.audit.reads import get_audited
from taut.audit.services import record
from taut.clinics.actor import Actor
from taut.clinics.models import Location, Membership
from taut.clinics.permissions import Permission, require
from taut.patients.models import Patient


def locations(actor: Actor) -> QuerySet[Location]:
    """The clinic's active locations, for pickers and the calendar's location switch."""
    return Location.objects.filter(clinic=actor.clinic, is_active=True).order_by("name")


def clinicians(actor: Actor) -> list[User]:
    """Staff who see patients: clinicians, and owners who have availability set."""
    memberships = (
        Membership.objects.filter(clinic=actor.clinic, is_active=True, role__in=TREATING_ROLES)
        .filter(Q(role="clinician") | Q(availability__isnull=False))
        .select_related("user")
        .distinct()
    )
    return sorted((m.user for m in memberships), key=lambda u: u.full_name.casefold())


def get_appointment(actor: Actor, public_id: uuid.UUID | str) -> Appointment:
    """One appointment of the actor's clinic (404 otherwise), recording the view."""
    require(actor, Permission.VIEW_PATIENTS)
    appointments = Appointment.objects.select_related(
        "patient", "clinician", "location", "clinic", "episode", "rescheduled_from"
    )
    return get_audited(actor, appointments, public_id, object_type="appointment")


def appointments_of(actor: Actor, patient: Patient) -> QuerySet[Appointment]:
    """A patient's appointments, earliest first (the patient was already fetched, and audited)."""
    require(actor, Permission.VIEW_PATIENTS)
    return (
        Appointment.objects.filter(clinic=actor.clinic, patient=patient)
        .select_related("clinician", "location")
        .order_by("starts_at", "id")
    )


@dataclass(frozen=True)
class PatientAppointments:
    """What the chart lists of a patient's appointments however long the history: the next
    ones from today, earliest first, and the latest before today, newest first."""

    upcoming: list[Appointment]
    earlier: list[Appointment]


def chart_appointments(
    actor: Actor, patient: Patient, today: date, *, upcoming: int = 8, earlier: int = 3
) -> PatientAppointments:
    """A patient's next ``upcoming`` and last ``earlier`` appointments (the caller audited the
    patient read)."""
    start = rules.local_day_bounds(today, actor.clinic.zone)[0]
    every = appointments_of(actor, patient)
    return PatientAppointments(
        upcoming=list(every.filter(starts_at__gte=start)[:upcoming]),
        earlier=list(every.filter(starts_at__lt=start).order_by("-starts_at", "-id")[:earlier]),
    )


@dataclass
class ClinicianRow:
    """One clinician's appointments on a calendar, by local date."""

    clinician: User
    by_day: dict[date, list[Appointment]] = field(default_factory=dict)

    def on(self, day: date) -> list[Appointment]:
        return self.by_day.get(day, [])


@dataclass
class Calendar:
    """A day or a week of appointments, grouped by clinician and local date."""

    days: list[date]
    location: Location | None
    clinician: User | None
    include_cancelled: bool
    rows: list[ClinicianRow]
    opening: list[rules.Window]
    zone: ZoneInfo

    @property
    def count(self) -> int:
        return sum(len(a) for row in self.rows for a in row.by_day.values())

    @property
    def unconfirmed(self) -> list[Appointment]:
        """Booked appointments still ahead whose patient has not confirmed, by time (for the
        desk to call)."""
        found = [
            a
            for row in self.rows
            for day in row.by_day.values()
            for a in day
            if a.awaits_confirmation
        ]
        return sorted(found, key=lambda a: a.starts_at)

    @property
    def grid(self) -> list[tuple[ClinicianRow, list[tuple[date, list[Appointment]]]]]:
        """Each clinician with one cell per day: the week view's table."""
        return [(row, [(day, row.on(day)) for day in self.days]) for row in self.rows]

    def hour_rows(self) -> list[HourRow]:
        """For a one-day calendar: one row per local hour, from opening (or the first
        appointment) to closing (or the last), each with one cell per clinician."""
        day = self.days[0]
        hours: set[int] = set()
        for w in self.opening:
            if w.weekday == day.weekday():
                last = w.end.hour if w.end.minute == 0 else w.end.hour + 1
                hours.update(range(w.start.hour, last))
        for row in self.rows:
            hours.update(a.starts_at.astimezone(self.zone).hour for a in row.on(day))
        first, last = (min(hours), max(hours)) if hours else (8, 18)
        return [
            HourRow(
                hour=time(hour),
                cells=[
                    [a for a in row.on(day) if a.starts_at.astimezone(self.zone).hour == hour]
                    for row in self.rows
                ],
            )
            for hour in range(first, last + 1)
        ]


@dataclass(frozen=True)
class HourRow:
    hour: time
    cells: list[list[Appointment]]


def _calendar(
    actor: Actor,
    *,
    days: list[date],
    location: Location | None,
    clinician: User | None,
    include_cancelled: bool,
) -> Calendar:
    require(actor, Permission.VIEW_PATIENTS)
    zone = actor.clinic.zone
    start, _ = rules.local_day_bounds(days[0], zone)
    _, end = rules.local_day_bounds(days[-1], zone)
    appointments = Appointment.objects.filter(
        clinic=actor.clinic, starts_at__gte=start, starts_at__lt=end
    ).select_related("patient", "clinician", "location")
    if location is not None:
        appointments = appointments.filter(location=location)
    if clinician is not None:
        appointments = appointments.filter(clinician=clinician)
    if not include_cancelled:
        appointments = appointments.filter(status__in=OCCUPYING)
    people = [clinician] if clinician is not None else clinicians(actor)
    rows = {person.pk: ClinicianRow(person) for person in people}
    for appointment in appointments.order_by("starts_at", "id"):
        row = rows.setdefault(appointment.clinician_id, ClinicianRow(appointment.clinician))
        day = appointment.starts_at.astimezone(zone).date()
        row.by_day.setdefault(day, []).append(appointment)
    opening = [h.window for h in OpeningHours.objects.filter(location=location)] if location else []
    record(
        actor,
        Action.LIST,
        object_type="appointment",
        detail={
            "from": days[0].isoformat(),
            "to": days[-1].isoformat(),
            "location": str(location.public_id) if location else None,
            "clinician": str(clinician.public_id) if clinician else None,
        },
    )
    return Calendar(
        days=days,
        location=location,
        clinician=clinician,
        include_cancelled=include_cancelled,
        rows=sorted(rows.values(), key=lambda r: r.clinician.full_name.casefold()),
        opening=opening,
        zone=zone,
    )


def day_view(
    actor: Actor,
    *,
    day: date,
    location: Location | None = None,
    clinician: User | None = None,
    include_cancelled: bool = True,
) -> Calendar:
    """One local day of appointments, grouped by clinician (audited as one listing)."""
    return _calendar(
        actor,
        days=[day],
        location=location,
        clinician=clinician,
        include_cancelled=include_cancelled,
    )


def week_view(
    actor: Actor,
    *,
    day: date,
    location: Location | None = None,
    clinician: User | None = None,
    include_cancelled: bool = True,
) -> Calendar:
    """The Monday-to-Sunday week containing ``day``, grouped by clinician and day."""
    monday = day - timedelta(days=day.weekday())
    return _calendar(
        actor,
        days=[monday + timedelta(days=n) for n in range(7)],
        location=location,
        clinician=clinician,
        include_cancelled=include_cancelled,
    )


def hours_of(actor: Actor, *, clinician: User, location: Location) -> dict[str, str]:
    """The opening hours and the clinician's availability at a location, as people read them."""
    opening = [h.window for h in OpeningHours.objects.filter(location=location)]
    availability = [
        a.window
        for a in Availability.objects.filter(
            membership__clinic=actor.clinic, membership__user=clinician, location=location
        )
    ]
    return {"opening": rules.describe(opening), "availability": rules.describe(availability)}


def closures(actor: Actor, *, since: date) -> list[Closure]:
    """The clinic's closures in force that end on or after a day, soonest first."""
    require(actor, Permission.VIEW_PATIENTS)
    return list(
        Closure.objects.filter(clinic=actor.clinic, withdrawn_at__isnull=True, ends_on__gte=since)
        .select_related("location", "clinician")
        .order_by("starts_on", "id")
    )


def booked_in_closure(actor: Actor, public_ids: list[str]) -> QuerySet[Appointment]:
    """The appointments a new closure found already booked (ids kept for the next page)."""
    require(actor, Permission.MANAGE_CLINIC)
    return Appointment.objects.filter(clinic=actor.clinic, public_id__in=public_ids).select_related(
        "patient", "clinician", "location"
    )


def get_closure(actor: Actor, public_id: uuid.UUID) -> Closure:
    require(actor, Permission.MANAGE_CLINIC)
    found = Closure.objects.filter(clinic=actor.clinic, public_id=public_id).first()
    if found is None:
        raise Http404("No such closure")
    return found


def next_free_slots(
    actor: Actor,
    *,
    clinician: User,
    location: Location,
    after: datetime,
    minutes: int,
    count: int,
    patient: Patient | None = None,
) -> list[datetime]:
    """The next ``count`` starts (UTC) where the clinician is free for ``minutes`` at the location,
    inside its opening hours and the clinician's availability (and, given a patient, when the
    patient has nothing else booked)."""
    require(actor, Permission.VIEW_PATIENTS)
    if location.clinic_id != actor.clinic.pk:
        return []
    opening = [h.window for h in OpeningHours.objects.filter(location=location)]
    availability = [
        a.window
        for a in Availability.objects.filter(
            membership__clinic=actor.clinic, membership__user=clinician, location=location
        )
    ]
    taken = Q(clinician=clinician)
    if patient is not None:
        taken |= Q(patient=patient)
    busy = [
        rules.Busy(a.starts_at, a.ends_at)
        for a in Appointment.objects.filter(
            taken,
            clinic=actor.clinic,
            status__in=OCCUPYING,
            ends_at__gt=after,
            starts_at__lt=after + timedelta(days=90),
        )
    ]
    return rules.free_slots(
        after=after,
        minutes=minutes,
        opening=opening,
        availability=availability,
        busy=busy,
        zone=actor.clinic.zone,
        count=count,
        closures=Closure.objects.applying_to(location, clinician),
    )


__all__ = [
    "Calendar",
    "ClinicianRow",
    "HourRow",
    "appointments_of",
    "clinicians",
    "day_view",
    "get_appointment",
    "hours_of",
    "locations",
    "next_free_slots",
    "week_view",
]
