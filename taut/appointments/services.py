"""Booking, rescheduling, cancelling and marking appointments; setting hours and availability.

Every write checks the permission, runs the scheduling rules (``rules.py``) against what is
already booked, saves in one transaction and appends an audit entry. A refusal raises
``AppointmentError`` (or ``AppointmentConflict``, naming the clashing appointments) and saves
nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from taut.accounts.models import User
from taut.appointments import reminders, rules
from taut.appointments.models import (
    OCCUPYING,
    Appointment,
    Availability,
    Closure,
    ConfirmedHow,
    Kind,
    OpeningHours,
    Status,
)
from taut.audit.models import Action
from taut.audit.services import record
from taut.clinics.actor import Actor
from taut.clinics.models import Clinic, Location, Membership, Role
from taut.clinics.permissions import Permission, require
from taut.episodes.models import Episode
from taut.patients.models import Patient

TREATING_ROLES = (Role.CLINICIAN, Role.OWNER)


class AppointmentError(ValueError):
    """A booking or change the schedule does not allow; the message says why. Nothing is saved.

    ``field`` names the input at fault; for a series ``position`` is the 0-based place of the
    offending start in the list.
    """

    def __init__(
        self, message: str, *, field: str | None = None, position: int | None = None
    ) -> None:
        super().__init__(message[:1].upper() + message[1:])
        self.field = field
        self.position = position


class AppointmentConflict(AppointmentError):
    """Double-booking: ``conflicts`` are the appointments the requested time clashes with."""

    def __init__(
        self,
        message: str,
        *,
        conflicts: Sequence[Appointment],
        field: str | None = "starts_at",
        position: int | None = None,
    ) -> None:
        super().__init__(message, field=field, position=position)
        self.conflicts = list(conflicts)


def _local(clinic: Clinic, instant: datetime) -> str:
    return f"{instant.astimezone(clinic.zone):%a %Y-%m-%d %H:%M}"


def describe_appointment(appointment: Appointment) -> str:
    """How a clashing appointment is named in a refusal: when, who with whom, where."""
    zone = appointment.clinic.zone
    return (
        f"{appointment.starts_at.astimezone(zone):%a %Y-%m-%d %H:%M}–"
        f"{appointment.ends_at.astimezone(zone):%H:%M} "
        f"{appointment.patient.display_name} ({appointment.patient.record_number}) "
        f"with {appointment.clinician.full_name or appointment.clinician.email} "
        f"at {appointment.location.name}"
    )


def _aware(instant: datetime, field: str) -> datetime:
    if timezone.is_naive(instant):
        raise AppointmentError("the start time has no time zone", field=field)
    return rules.utc(instant)


def _check_minutes(minutes: int) -> None:
    if problem := rules.check_minutes(minutes):
        raise AppointmentError(problem, field="minutes")


def _clinician_membership(actor: Actor, clinician: User) -> Membership:
    """The clinician's membership of the actor's clinic, locked so bookings for one clinician
    happen one at a time (no two requests can both find the same slot free)."""
    membership = (
        Membership.objects.select_for_update()
        .filter(clinic=actor.clinic, user=clinician, is_active=True)
        .first()
    )
    if membership is None or membership.role not in TREATING_ROLES:
        raise AppointmentError(
            f"{clinician.full_name or clinician.email} does not treat patients in this clinic",
            field="clinician",
        )
    return membership


def _location(actor: Actor, location: Location) -> Location:
    found = Location.objects.filter(pk=location.pk, clinic=actor.clinic).first()
    if found is None or not found.is_active:
        raise AppointmentError("this location is not open for booking", field="location")
    return found


def _patient(actor: Actor, patient: Patient) -> Patient:
    locked = Patient.objects.select_for_update().get(pk=patient.pk, clinic=actor.clinic)
    if locked.is_entered_in_error:
        raise AppointmentError("this patient record was marked entered in error", field="patient")
    return locked


def _episode(actor: Actor, patient: Patient, episode: Episode | None) -> Episode | None:
    if episode is None:
        return None
    found = Episode.objects.filter(pk=episode.pk, clinic=actor.clinic, patient=patient).first()
    if found is None:
        raise AppointmentError("this episode is not the patient's", field="episode")
    if not found.is_active:
        raise AppointmentError(
            "appointments are booked for an active episode only", field="episode"
        )
    return found


@dataclass(frozen=True)
class _Hours:
    opening: list[rules.Window]
    availability: list[rules.Window]
    closures: list[rules.Closed]


def _hours(location: Location, membership: Membership) -> _Hours:
    return _Hours(
        opening=[h.window for h in OpeningHours.objects.filter(location=location)],
        availability=[
            a.window for a in Availability.objects.filter(membership=membership, location=location)
        ],
        closures=Closure.objects.applying_to(location, membership.user),
    )


def _occupying(
    actor: Actor, start: datetime, end: datetime, exclude: Sequence[int] = ()
) -> list[Appointment]:
    return list(
        Appointment.objects.filter(
            clinic=actor.clinic, status__in=OCCUPYING, starts_at__lt=end, ends_at__gt=start
        )
        .exclude(pk__in=exclude)
        .select_related("patient", "clinician", "location", "clinic")
        .order_by("starts_at")
    )


def _check_slot(
    actor: Actor,
    *,
    patient: Patient,
    clinician: User,
    location: Location,
    hours: _Hours,
    start: datetime,
    end: datetime,
    position: int | None = None,
    exclude: Sequence[int] = (),
) -> None:
    """Refuse a time outside the hours, or one that double-books the clinician or the patient."""
    clinic = actor.clinic
    zone = clinic.zone
    weekday = start.astimezone(zone).weekday()
    when = f"{_local(clinic, start)}–{end.astimezone(zone):%H:%M}"
    closed = rules.closure_on(start.astimezone(zone).date(), hours.closures) or rules.closure_on(
        end.astimezone(zone).date(), hours.closures
    )
    if closed is not None:
        span = (
            f"{closed.starts_on:%a %d %b %Y}"
            if closed.starts_on == closed.ends_on
            else f"{closed.starts_on:%a %d %b} to {closed.ends_on:%a %d %b %Y}"
        )
        raise AppointmentError(
            f"{when} falls on a closure ({closed.reason}, {span})",
            field="starts_at",
            position=position,
        )
    if not rules.within_windows(start, end, hours.opening, zone):
        shown = rules.describe(hours.opening, weekday) or "closed that day"
        raise AppointmentError(
            f"{when} is outside the opening hours of {location.name} ({shown})",
            field="starts_at",
            position=position,
        )
    if not rules.within_windows(start, end, hours.availability, zone):
        shown = rules.describe(hours.availability, weekday) or "not working there that day"
        raise AppointmentError(
            f"{when} is outside {clinician.full_name}'s hours at {location.name} ({shown})",
            field="starts_at",
            position=position,
        )
    clashing = [
        a
        for a in _occupying(actor, start, end, exclude)
        if a.clinician_id == clinician.pk or a.patient_id == patient.pk
    ]
    if clashing:
        whom = (
            f"{clinician.full_name} is already booked"
            if any(a.clinician_id == clinician.pk for a in clashing)
            else f"{patient.display_name} already has an appointment"
        )
        raise AppointmentConflict(
            f"{when}: {whom}: " + "; ".join(describe_appointment(a) for a in clashing),
            conflicts=clashing,
            position=position,
        )


def _check_not_past(actor: Actor, start: datetime, allow_past: bool, position: int | None) -> None:
    if not allow_past and start < timezone.now():
        raise AppointmentError(
            f"{_local(actor.clinic, start)} has already passed",
            field="starts_at",
            position=position,
        )


def _created(actor: Actor, appointment: Appointment, **detail: object) -> None:
    reminders.schedule(appointment)
    record(
        actor,
        Action.CREATE,
        object_type="appointment",
        object_id=appointment.public_id,
        patient=appointment.patient,
        detail={
            "starts_at": appointment.starts_at.isoformat(),
            "ends_at": appointment.ends_at.isoformat(),
            "clinician": str(appointment.clinician.public_id),
            "location": str(appointment.location.public_id),
            "kind": appointment.kind,
            **detail,
        },
    )


@transaction.atomic
def book_series(
    actor: Actor,
    *,
    patient: Patient,
    clinician: User,
    location: Location,
    starts_ats: Sequence[datetime],
    minutes: int,
    kind: str,
    episode: Episode | None = None,
    allow_past: bool = False,
) -> list[Appointment]:
    """Book several appointments together, all or nothing; they share a ``series_id``.

    Each start must fit the location's opening hours and the clinician's availability, and clash
    with nothing the clinician or the patient already has, nor with another start of the series.
    Starts in the past are refused unless ``allow_past`` (recording visits already made).
    Raises AppointmentError / AppointmentConflict with ``position`` set to the offending start.
    """
    require(actor, Permission.EDIT_PATIENTS)
    if not starts_ats:
        raise AppointmentError("choose at least one date and time", field="starts_at")
    if kind not in Kind.values:
        raise AppointmentError(f"{kind!r} is not a kind of appointment", field="kind")
    _check_minutes(minutes)
    starts = [_aware(s, "starts_at") for s in starts_ats]
    length = timedelta(minutes=minutes)
    membership = _clinician_membership(actor, clinician)
    location = _location(actor, location)
    patient = _patient(actor, patient)
    episode = _episode(actor, patient, episode)
    hours = _hours(location, membership)
    ranges = [(s, s + length) for s in starts]
    for first, second in rules.series_clashes(ranges):
        raise AppointmentError(
            f"{_local(actor.clinic, starts[second])} overlaps "
            f"{_local(actor.clinic, starts[first])} in the same series",
            field="starts_at",
            position=second,
        )
    for position, (start, end) in enumerate(ranges):
        _check_not_past(actor, start, allow_past, position)
        _check_slot(
            actor,
            patient=patient,
            clinician=clinician,
            location=location,
            hours=hours,
            start=start,
            end=end,
            position=position,
        )
    series_id = uuid.uuid4() if len(starts) > 1 else None
    booked = []
    for start, end in ranges:
        appointment = Appointment.objects.create(
            clinic=actor.clinic,
            location=location,
            patient=patient,
            episode=episode,
            clinician=clinician,
            starts_at=start,
            ends_at=end,
            kind=kind,
            series_id=series_id,
            reminder_channel=patient.preferred_contact_channel,
            created_by=actor.user,
        )
        _created(actor, appointment, series_id=str(series_id) if series_id else None)
        booked.append(appointment)
    return booked


def book_appointment(
    actor: Actor,
    *,
    patient: Patient,
    clinician: User,
    location: Location,
    starts_at: datetime,
    minutes: int,
    kind: str,
    episode: Episode | None = None,
    allow_past: bool = False,
) -> Appointment:
    """Book one appointment. Raises AppointmentError / AppointmentConflict (nothing saved)."""
    (appointment,) = book_series(
        actor,
        patient=patient,
        clinician=clinician,
        location=location,
        starts_ats=[starts_at],
        minutes=minutes,
        kind=kind,
        episode=episode,
        allow_past=allow_past,
    )
    return appointment


def _lock(actor: Actor, appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("patient", "clinician", "location", "clinic")
        .get(pk=appointment.pk, clinic=actor.clinic)
    )


def _reason(reason: str) -> str:
    if not reason.strip():
        raise AppointmentError("a reason is required", field="reason")
    return reason.strip()


def _cancel(actor: Actor, appointment: Appointment, reason: str) -> None:
    reminders.cancel(appointment)
    now = timezone.now()
    appointment.status = Status.CANCELLED
    appointment.cancelled_reason = reason
    appointment.cancelled_at = now
    appointment.cancelled_by = actor.user
    appointment.status_changed_at = now
    appointment.status_changed_by = actor.user
    appointment.save(
        update_fields=[
            "status",
            "cancelled_reason",
            "cancelled_at",
            "cancelled_by",
            "status_changed_at",
            "status_changed_by",
            "updated_at",
        ]
    )


@transaction.atomic
def reschedule(
    actor: Actor,
    appointment: Appointment,
    *,
    starts_at: datetime,
    minutes: int | None = None,
    reason: str,
    clinician: User | None = None,
    location: Location | None = None,
) -> Appointment:
    """Move a booked appointment: a new appointment replaces it and the old one is cancelled
    with the reason, so the history is kept (``new.rescheduled_from`` is the old one).

    The new time is checked like a new booking, ignoring the appointment it replaces.
    """
    require(actor, Permission.EDIT_PATIENTS)
    reason = _reason(reason)
    old = _lock(actor, appointment)
    if not old.is_booked:
        raise AppointmentError(
            f"only a booked appointment can be rescheduled (this one is {old.get_status_display()})"
        )
    minutes = minutes if minutes is not None else old.minutes
    _check_minutes(minutes)
    start = _aware(starts_at, "starts_at")
    end = start + timedelta(minutes=minutes)
    clinician = clinician or old.clinician
    membership = _clinician_membership(actor, clinician)
    location = _location(actor, location or old.location)
    patient = _patient(actor, old.patient)
    _check_not_past(actor, start, False, None)
    _check_slot(
        actor,
        patient=patient,
        clinician=clinician,
        location=location,
        hours=_hours(location, membership),
        start=start,
        end=end,
        exclude=[old.pk],
    )
    _cancel(actor, old, f"Rescheduled: {reason}")
    new = Appointment.objects.create(
        clinic=actor.clinic,
        location=location,
        patient=patient,
        episode=old.episode,
        clinician=clinician,
        starts_at=start,
        ends_at=end,
        kind=old.kind,
        series_id=old.series_id,
        rescheduled_from=old,
        reminder_channel=patient.preferred_contact_channel,
        created_by=actor.user,
    )
    record(
        actor,
        Action.UPDATE,
        object_type="appointment",
        object_id=old.public_id,
        patient=patient,
        detail={"status": Status.CANCELLED, "reason": reason, "rescheduled_to": str(new.public_id)},
    )
    _created(actor, new, rescheduled_from=str(old.public_id), reason=reason)
    return new


@transaction.atomic
def cancel(actor: Actor, appointment: Appointment, *, reason: str) -> Appointment:
    """Cancel a booked appointment with a reason; its time is free again. Nothing is deleted."""
    require(actor, Permission.EDIT_PATIENTS)
    reason = _reason(reason)
    appointment = _lock(actor, appointment)
    if not appointment.is_booked:
        raise AppointmentError(
            "only a booked appointment can be cancelled "
            f"(this one is {appointment.get_status_display()})"
        )
    _cancel(actor, appointment, reason)
    record(
        actor,
        Action.UPDATE,
        object_type="appointment",
        object_id=appointment.public_id,
        patient=appointment.patient,
        detail={"status": Status.CANCELLED, "reason": reason},
    )
    return appointment


def _mark(actor: Actor, appointment: Appointment, status: Status) -> Appointment:
    require(actor, Permission.EDIT_PATIENTS)
    appointment = _lock(actor, appointment)
    if appointment.is_cancelled:
        raise AppointmentError("a cancelled appointment cannot be marked")
    if appointment.starts_at > timezone.now():
        raise AppointmentError(
            f"the appointment has not started yet ({_local(actor.clinic, appointment.starts_at)})"
        )
    before = appointment.status
    if before == status:
        return appointment
    appointment.status = status
    appointment.status_changed_at = timezone.now()
    appointment.status_changed_by = actor.user
    appointment.save(
        update_fields=["status", "status_changed_at", "status_changed_by", "updated_at"]
    )
    record(
        actor,
        Action.UPDATE,
        object_type="appointment",
        object_id=appointment.public_id,
        patient=appointment.patient,
        detail={"status": status, "before": before},
    )
    return appointment


@transaction.atomic
def mark_no_show(actor: Actor, appointment: Appointment) -> Appointment:
    """Record that the patient did not come (also corrects an appointment marked attended)."""
    return _mark(actor, appointment, Status.NO_SHOW)


@transaction.atomic
def mark_attended(actor: Actor, appointment: Appointment) -> Appointment:
    """Record that the patient came (also corrects an appointment marked as a no-show)."""
    return _mark(actor, appointment, Status.ATTENDED)


@transaction.atomic
def mark_confirmed(actor: Actor, appointment: Appointment, *, how: str) -> Appointment:
    """Record that the patient confirmed they will come (by phone, in person, by message)."""
    require(actor, Permission.EDIT_PATIENTS)
    if how not in ConfirmedHow.values:
        raise AppointmentError("say how the patient confirmed", field="how")
    appointment = _lock(actor, appointment)
    if not appointment.is_booked or appointment.starts_at <= timezone.now():
        raise AppointmentError("only a booked appointment still ahead can be confirmed")
    appointment.confirmed_at = timezone.now()
    appointment.confirmed_by = actor.user
    appointment.confirmed_how = how
    appointment.save(update_fields=["confirmed_at", "confirmed_by", "confirmed_how", "updated_at"])
    record(
        actor,
        Action.UPDATE,
        object_type="appointment",
        object_id=appointment.public_id,
        patient=appointment.patient,
        detail={"confirmed": how},
    )
    return appointment


class TooLateToCancel(AppointmentError):
    """Inside the notice period the patient calls the clinic instead."""


@transaction.atomic
def confirm_from_reminder(appointment: Appointment, *, address: str | None) -> Appointment:
    """The patient confirmed through their reminder's link (no staff user; audited as theirs)."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if not appointment.is_booked or appointment.starts_at <= timezone.now():
        raise AppointmentError(_("This appointment can no longer be confirmed."))
    if appointment.confirmed_at is None:
        appointment.confirmed_at = timezone.now()
        appointment.confirmed_how = ConfirmedHow.REMINDER_LINK
        appointment.save(update_fields=["confirmed_at", "confirmed_how", "updated_at"])
        reminders.audit_link(
            appointment, Action.UPDATE, address=address, confirmed=ConfirmedHow.REMINDER_LINK
        )
    return appointment


@transaction.atomic
def cancel_from_reminder(appointment: Appointment, *, address: str | None) -> Appointment:
    """The patient cancelled through their reminder's link, before the notice period."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    now = timezone.now()
    if not appointment.is_booked or appointment.starts_at <= now:
        raise AppointmentError(_("This appointment can no longer be cancelled here."))
    if appointment.starts_at - now < reminders.CANCEL_NOTICE:
        raise TooLateToCancel(_("It is too late to cancel here; please call the clinic."))
    reminders.cancel(appointment)
    appointment.status = Status.CANCELLED
    appointment.cancelled_reason = "Cancelled by the patient through the reminder's link"
    appointment.cancelled_at = appointment.status_changed_at = now
    appointment.save(
        update_fields=[
            "status",
            "cancelled_reason",
            "cancelled_at",
            "status_changed_at",
            "updated_at",
        ]
    )
    reminders.audit_link(appointment, Action.UPDATE, address=address, cancelled="reminder_link")
    return appointment


# Hours and availability: clinic settings, owners only.

Periods = Sequence[tuple[time, time]]
Week = Mapping[int, Periods]


def _check_week(week: Week) -> None:
    for weekday, periods in week.items():
        if weekday not in range(7):
            raise AppointmentError(f"{weekday} is not a weekday (0 is Monday, 6 Sunday)")
        for start, end in periods:
            if problem := rules.check_window(start, end):
                raise AppointmentError(
                    f"{rules.WEEKDAY_NAMES[weekday]}: {problem}", field=f"day_{weekday}"
                )
        ordered = sorted(periods)
        for (_start, first_end), (second_start, _end) in zip(ordered, ordered[1:], strict=False):
            if second_start < first_end:
                raise AppointmentError(
                    f"{rules.WEEKDAY_NAMES[weekday]}: the periods overlap", field=f"day_{weekday}"
                )


def _week_detail(location: Location, week: Week) -> dict[str, object]:
    return {
        "location": str(location.public_id),
        "week": {
            rules.WEEKDAY_NAMES[d]: [f"{s:%H:%M}-{e:%H:%M}" for s, e in sorted(p)]
            for d, p in sorted(week.items())
        },
    }


@transaction.atomic
def set_opening_hours(actor: Actor, *, location: Location, week: Week) -> list[OpeningHours]:
    """Replace a location's opening hours on the weekdays given (0 is Monday; an empty list
    means closed that day; weekdays not given are left as they are)."""
    require(actor, Permission.MANAGE_CLINIC)
    location = _location(actor, location)
    _check_week(week)
    OpeningHours.objects.filter(location=location, weekday__in=list(week)).delete()
    rows = OpeningHours.objects.bulk_create(
        OpeningHours(clinic=actor.clinic, location=location, weekday=d, opens=s, closes=e)
        for d, periods in week.items()
        for s, e in sorted(periods)
    )
    record(
        actor,
        Action.UPDATE,
        object_type="opening_hours",
        object_id=location.public_id,
        detail=_week_detail(location, week),
    )
    return rows


@transaction.atomic
def set_availability(
    actor: Actor, *, membership: Membership, location: Location, week: Week
) -> list[Availability]:
    """Replace the periods a clinician works at a location on the weekdays given."""
    require(actor, Permission.MANAGE_CLINIC)
    location = _location(actor, location)
    membership = Membership.objects.select_related("user").get(
        pk=membership.pk, clinic=actor.clinic
    )
    if membership.role not in TREATING_ROLES:
        raise AppointmentError("only clinicians and owners see patients", field="membership")
    _check_week(week)
    Availability.objects.filter(
        membership=membership, location=location, weekday__in=list(week)
    ).delete()
    rows = Availability.objects.bulk_create(
        Availability(membership=membership, location=location, weekday=d, start=s, end=e)
        for d, periods in week.items()
        for s, e in sorted(periods)
    )
    record(
        actor,
        Action.UPDATE,
        object_type="availability",
        object_id=membership.user.public_id,
        detail=_week_detail(location, week),
    )
    return rows


# Closures: holidays, a location closed, a clinician's time off. Owners only.

CLOSURE_MAX_DAYS = 366
CLOSURE_YEARS_AHEAD = 5


@transaction.atomic
def add_closure(
    actor: Actor,
    *,
    starts_on: date,
    ends_on: date,
    reason: str,
    location: Location | None = None,
    clinician: User | None = None,
) -> tuple[Closure, list[Appointment]]:
    """Close the clinic, one location, or one clinician's diary on some days: booking there is
    refused from now on. Returns the closure and the appointments already booked in it, which
    stay booked until someone moves or cancels them (they are shown, not touched)."""
    require(actor, Permission.MANAGE_CLINIC)
    reason = " ".join(reason.split())
    if not reason:
        raise AppointmentError("say why (for example: public holiday)", field="reason")
    if ends_on < starts_on:
        raise AppointmentError("the last day is before the first day", field="ends_on")
    if (ends_on - starts_on).days >= CLOSURE_MAX_DAYS:
        raise AppointmentError("a closure covers at most a year", field="ends_on")
    today = actor.today()
    if starts_on < today.replace(year=today.year - 1, day=min(today.day, 28)):
        raise AppointmentError("a closure starts at most a year back", field="starts_on")
    if ends_on.year > today.year + CLOSURE_YEARS_AHEAD:
        raise AppointmentError(
            f"a closure ends at most {CLOSURE_YEARS_AHEAD} years ahead", field="ends_on"
        )
    if location is not None:
        location = _location(actor, location)
    if clinician is not None:
        _clinician_membership(actor, clinician)
    closure = Closure.objects.create(
        clinic=actor.clinic,
        location=location,
        clinician=clinician,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        created_by=actor.user,
    )
    start, _ = rules.local_day_bounds(starts_on, actor.clinic.zone)
    _, end = rules.local_day_bounds(ends_on, actor.clinic.zone)
    inside = Appointment.objects.filter(
        clinic=actor.clinic, status=Status.BOOKED, starts_at__lt=end, ends_at__gt=start
    )
    if location is not None:
        inside = inside.filter(location=location)
    if clinician is not None:
        inside = inside.filter(clinician=clinician)
    booked = list(inside.select_related("patient", "clinician", "location", "clinic"))
    record(
        actor,
        Action.CREATE,
        object_type="closure",
        object_id=closure.public_id,
        detail={
            "from": starts_on.isoformat(),
            "to": ends_on.isoformat(),
            "reason": reason,
            "location": str(location.public_id) if location else None,
            "clinician": str(clinician.public_id) if clinician else None,
            "already_booked": len(booked),
        },
    )
    return closure, booked


@transaction.atomic
def withdraw_closure(actor: Actor, closure: Closure) -> Closure:
    """Open the days again (the closure stays on record as withdrawn)."""
    require(actor, Permission.MANAGE_CLINIC)
    closure = Closure.objects.select_for_update().get(pk=closure.pk, clinic=actor.clinic)
    if closure.withdrawn_at is None:
        closure.withdrawn_at = timezone.now()
        closure.withdrawn_by = actor.user
        closure.save(update_fields=["withdrawn_at", "withdrawn_by"])
        record(
            actor,
            Action.UPDATE,
            object_type="closure",
            object_id=closure.public_id,
            detail={"withdrawn": True},
        )
    return closure
