"""Appointments: a patient's appointments, one appointment, booking one or a series.

The same queries and services as the calendar pages: viewing and booking need the patient
permissions (front desk may), another clinic's patient or appointment is 404, reads are audited.
The scheduling rules are the service's: opening hours, the clinician's availability, no
double-booking (409 naming the clashing appointments), nothing booked on any refusal.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Router, Status

from taut.accounts.models import User
from taut.api.auth import actor_of
from taut.api.schemas import (
    ERRORS_422,
    AppointmentConflictOut,
    AppointmentFields,
    AppointmentIn,
    AppointmentOut,
    SeriesIn,
)
from taut.appointments import queries, services
from taut.appointments.services import AppointmentError
from taut.clinics.actor import Actor
from taut.clinics.models import Location
from taut.episodes.models import Episode
from taut.episodes.queries import episodes_of
from taut.patients.models import Patient
from taut.patients.queries import get_patient

router = Router(tags=["appointments"])

BOOKING_ANSWERS = {201: list[AppointmentOut], 409: AppointmentConflictOut, **ERRORS_422}


@router.get(
    "/patients/{patient_id}/appointments",
    response={200: list[AppointmentOut], **ERRORS_422},
    summary="A patient's appointments, earliest first, cancelled ones included",
)
def patient_appointments(request: HttpRequest, patient_id: uuid.UUID) -> list[AppointmentOut]:
    actor = actor_of(request)
    patient = get_patient(actor, patient_id)
    return [AppointmentOut.of(a) for a in queries.appointments_of(actor, patient)]


def _booking(
    actor: Actor, payload: AppointmentFields
) -> tuple[Patient, User, Location, Episode | None]:
    """The patient (404 outside the clinic), and the clinician, location and episode the
    booking page offers; an id it would not offer is refused naming the field."""
    patient = get_patient(actor, payload.patient_id)
    clinician = next(
        (u for u in queries.clinicians(actor) if u.public_id == payload.clinician_id), None
    )
    if clinician is None:
        raise AppointmentError("no clinician of this clinic has that id", field="clinician")
    location = queries.locations(actor).filter(public_id=payload.location_id).first()
    if location is None:
        raise AppointmentError("no open location of this clinic has that id", field="location")
    episode = None
    if payload.episode_id is not None:
        episode = episodes_of(actor, patient).filter(public_id=payload.episode_id).first()
        if episode is None:
            raise AppointmentError("this episode is not the patient's", field="episode")
    return patient, clinician, location, episode


@router.post(
    "/appointments",
    response={201: AppointmentOut, 409: AppointmentConflictOut, **ERRORS_422},
    summary="Book one appointment",
)
def book_appointment(request: HttpRequest, payload: AppointmentIn) -> Status[AppointmentOut]:
    """409 with the clashing appointments when the clinician or the patient is already booked;
    422 naming the field for any other refusal (outside opening hours or the clinician's
    availability, in the past, unknown clinician or location, inactive episode)."""
    actor = actor_of(request)
    patient, clinician, location, episode = _booking(actor, payload)
    appointment = services.book_appointment(
        actor,
        patient=patient,
        clinician=clinician,
        location=location,
        starts_at=payload.starts_at,
        minutes=payload.minutes,
        kind=payload.kind.value,
        episode=episode,
    )
    return Status(201, AppointmentOut.of(appointment))


@router.post(
    "/appointments/series",
    response=BOOKING_ANSWERS,
    summary="Book a series (e.g. the plan's sessions) in one step: all or nothing",
)
def book_series(request: HttpRequest, payload: SeriesIn) -> Status[list[AppointmentOut]]:
    """The appointments share a `series_id`. A refusal names the start at fault
    (`position`, 0-based; `loc` ends with it) and books none of them."""
    actor = actor_of(request)
    patient, clinician, location, episode = _booking(actor, payload)
    try:
        booked = services.book_series(
            actor,
            patient=patient,
            clinician=clinician,
            location=location,
            starts_ats=payload.starts_ats,
            minutes=payload.minutes,
            kind=payload.kind.value,
            episode=episode,
        )
    except AppointmentError as exc:
        if exc.field == "starts_at":
            exc.field = "starts_ats"
        raise
    return Status(201, [AppointmentOut.of(a) for a in booked])


# After /appointments/series: a path parameter would take "series" for an id.
@router.get(
    "/appointments/{appointment_id}",
    response={200: AppointmentOut, **ERRORS_422},
    summary="One appointment",
)
def get_appointment(request: HttpRequest, appointment_id: uuid.UUID) -> AppointmentOut:
    return AppointmentOut.of(queries.get_appointment(actor_of(request), appointment_id))
