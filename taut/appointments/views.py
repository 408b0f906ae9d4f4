"""Calendar, booking and appointment pages. Views translate HTTP; the rules live in services."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from taut.accounts.models import User
from taut.appointments import ics, queries, reminders, services
from taut.appointments.forms import (
    BookingForm,
    CancelForm,
    ClosureForm,
    Repeat,
    RescheduleForm,
    WeekHoursForm,
)
from taut.appointments.models import Appointment, Availability, ConfirmedHow, OpeningHours
from taut.audit.models import Action
from taut.audit.services import record
from taut.clinics.actor import Actor
from taut.clinics.decorators import clinic_view
from taut.clinics.models import Location, Membership
from taut.clinics.permissions import Permission, can
from taut.episodes import queries as episode_queries
from taut.patients import queries as patient_queries


def _day(request: HttpRequest, actor: Actor) -> date:
    try:
        return date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return actor.today()


def _filters(request: HttpRequest, actor: Actor) -> dict[str, Any]:
    """The calendar's location, clinician and cancelled filters from the query string."""
    places = list(queries.locations(actor))
    people = queries.clinicians(actor)
    chosen_location = request.GET.get("location")
    location: Location | None
    if chosen_location == "all" or not places:
        location = None
    else:
        location = next((p for p in places if str(p.public_id) == chosen_location), places[0])
    chosen_clinician = request.GET.get("clinician", "")
    clinician = next((p for p in people if str(p.public_id) == chosen_clinician), None)
    return {
        "location": location,
        "clinician": clinician,
        "include_cancelled": request.GET.get("cancelled") != "0",
        "places": places,
        "people": people,
    }


def _query(filters: dict[str, Any], day: date) -> str:
    params = {
        "date": day.isoformat(),
        "location": str(filters["location"].public_id) if filters["location"] else "all",
    }
    if filters["clinician"]:
        params["clinician"] = str(filters["clinician"].public_id)
    if not filters["include_cancelled"]:
        params["cancelled"] = "0"
    return urlencode(params)


def _calendar_page(request: HttpRequest, *, week: bool) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    day = _day(request, actor)
    filters = _filters(request, actor)
    view = queries.week_view if week else queries.day_view
    calendar = view(
        actor,
        day=day,
        location=filters["location"],
        clinician=filters["clinician"],
        include_cancelled=filters["include_cancelled"],
    )
    step = timedelta(weeks=1) if week else timedelta(days=1)
    context = {
        "calendar": calendar,
        "day": day,
        "week": week,
        "today": actor.today(),
        "previous_query": _query(filters, day - step),
        "next_query": _query(filters, day + step),
        "today_query": _query(filters, actor.today()),
        "day_query": _query(filters, day),
        "can_book": can(actor, Permission.EDIT_PATIENTS),
        **filters,
    }
    return render(request, "appointments/week.html" if week else "appointments/day.html", context)


@clinic_view(Permission.VIEW_PATIENTS)
def calendar_day(request: HttpRequest) -> HttpResponse:
    return _calendar_page(request, week=False)


@clinic_view(Permission.VIEW_PATIENTS)
def calendar_week(request: HttpRequest) -> HttpResponse:
    return _calendar_page(request, week=True)


def _initial(request: HttpRequest, actor: Actor, form_defaults: dict[str, Any]) -> dict[str, Any]:
    """Prefill from the address: ?dates=2026-11-24,2026-12-01 (a plan's proposed sessions),
    ?date=, ?time=, ?clinician=, ?location=, ?minutes=, ?kind=."""
    initial = dict(form_defaults)
    dates = [d for d in request.GET.get("dates", "").split(",") if d.strip()]
    if dates:
        initial["on"] = dates[0].strip()
        if len(dates) > 1:
            initial["repeat"] = Repeat.DATES
            initial["dates"] = ", ".join(d.strip() for d in dates[1:])
    for param, name in (
        ("date", "on"),
        ("time", "at"),
        ("clinician", "clinician"),
        ("location", "location"),
        ("minutes", "minutes"),
        ("kind", "kind"),
    ):
        if request.GET.get(param):
            initial[name] = request.GET[param][:64]
    return initial


def _free_slot_links(
    actor: Actor, request: HttpRequest, form: BookingForm, after: datetime
) -> list[dict[str, Any]]:
    """Suggested free times after a conflict, each a link that prefills the form."""
    slots = queries.next_free_slots(
        actor,
        clinician=form.chosen_clinician,
        location=form.chosen_location,
        after=max(after, timezone.now()),
        minutes=form.cleaned_data["minutes"],
        count=5,
    )
    zone = actor.clinic.zone
    links = []
    for slot in slots:
        local = slot.astimezone(zone)
        params = {
            "patient": request.GET.get("patient", ""),
            "clinician": form.cleaned_data["clinician"],
            "location": form.cleaned_data["location"],
            "date": local.date().isoformat(),
            "time": f"{local:%H:%M}",
            "minutes": form.cleaned_data["minutes"],
            "kind": form.cleaned_data["kind"],
        }
        links.append({"at": slot, "query": urlencode(params)})
    return links


@clinic_view(Permission.EDIT_PATIENTS)
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    patient_id = request.GET.get("patient", "")
    if not patient_id:
        text = request.GET.get("q", "")[:100]
        found = patient_queries.search_patients(actor, text)[:20] if text.strip() else []
        carry = {k: request.GET[k] for k in ("dates", "date", "time") if request.GET.get(k)}
        return render(
            request,
            "appointments/choose_patient.html",
            {"q": text, "patients": found, "carry": urlencode(carry), "today": actor.today()},
        )
    patient = patient_queries.get_patient(actor, patient_id)
    episode = episode_queries.episodes_of(actor, patient).filter(status="active").first()
    people = queries.clinicians(actor)
    places = list(queries.locations(actor))
    defaults: dict[str, Any] = {
        "on": actor.today() + timedelta(days=1),
        "episode": str(episode.public_id) if episode else "",
    }
    if actor.user in people:
        defaults["clinician"] = str(actor.user.public_id)
    form = BookingForm(
        request.POST or None,
        initial=_initial(request, actor, defaults),
        clinicians=people,
        locations=places,
        episode=episode,
    )
    conflicts: list[Appointment] = []
    free: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        starts = form.starts(actor.clinic)
        try:
            booked = services.book_series(
                actor,
                patient=patient,
                clinician=form.chosen_clinician,
                location=form.chosen_location,
                starts_ats=starts,
                minutes=form.cleaned_data["minutes"],
                kind=form.cleaned_data["kind"],
                episode=form.chosen_episode,
            )
        except services.AppointmentConflict as exc:
            conflicts = exc.conflicts
            form.add_error(None, str(exc))
            free = _free_slot_links(actor, request, form, starts[exc.position or 0])
        except services.AppointmentError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, str(exc))
            if exc.field == "starts_at":
                free = _free_slot_links(actor, request, form, starts[exc.position or 0])
        else:
            if len(booked) == 1:
                messages.success(request, _("Appointment booked."))
                return redirect("appointments:detail", booked[0].public_id)
            messages.success(
                request, _("%(n)s appointments booked as one series.") % {"n": len(booked)}
            )
            return redirect("appointments:detail", booked[0].public_id)
    return render(
        request,
        "appointments/book.html",
        {
            "form": form,
            "patient": patient,
            "conflicts": conflicts,
            "free": free,
            "upcoming": [
                a
                for a in queries.appointments_of(actor, patient).filter(status="booked")
                if a.ends_at > timezone.now()
            ][:10],
        },
    )


@clinic_view(Permission.VIEW_PATIENTS)
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    appointment = queries.get_appointment(actor, public_id)
    series = (
        list(
            queries.appointments_of(actor, appointment.patient).filter(
                series_id=appointment.series_id
            )
        )
        if appointment.series_id
        else []
    )
    replaced_by = Appointment.objects.filter(rescheduled_from=appointment).first()
    return render(
        request,
        "appointments/detail.html",
        {
            "appointment": appointment,
            "patient": appointment.patient,
            "series": series,
            "replaced_by": replaced_by,
            "can_change": can(actor, Permission.EDIT_PATIENTS),
            "has_started": appointment.starts_at <= timezone.now(),
            "cancel_form": CancelForm(),
            "confirmed_choices": ConfirmedHow.choices,
        },
    )


@clinic_view(Permission.EDIT_PATIENTS)
@require_http_methods(["GET", "POST"])
def reschedule(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    appointment = queries.get_appointment(actor, public_id)
    local = appointment.starts_at.astimezone(actor.clinic.zone)
    people = queries.clinicians(actor)
    if appointment.clinician not in people:
        people = [appointment.clinician, *people]
    places = list(queries.locations(actor))
    if appointment.location not in places:
        places = [appointment.location, *places]
    form = RescheduleForm(
        request.POST or None,
        people=people,
        places=places,
        initial={
            "on": local.date(),
            "at": local.time(),
            "minutes": appointment.minutes,
            "clinician": str(appointment.clinician.public_id),
            "location": str(appointment.location.public_id),
        },
    )
    conflicts: list[Appointment] = []
    if request.method == "POST" and form.is_valid():
        try:
            new = services.reschedule(
                actor,
                appointment,
                starts_at=form.starts_at(actor.clinic),
                minutes=form.cleaned_data["minutes"],
                reason=form.cleaned_data["reason"],
                clinician=form.people[form.cleaned_data["clinician"]],
                location=form.places[form.cleaned_data["location"]],
            )
        except services.AppointmentConflict as exc:
            conflicts = exc.conflicts
            form.add_error(None, str(exc))
        except services.AppointmentError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Appointment moved; the old time is kept as cancelled."))
            return redirect("appointments:detail", new.public_id)
    return render(
        request,
        "appointments/reschedule.html",
        {"form": form, "appointment": appointment, "conflicts": conflicts},
    )


@clinic_view(Permission.EDIT_PATIENTS)
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    appointment = queries.get_appointment(actor, public_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel(actor, appointment, reason=form.cleaned_data["reason"])
        except services.AppointmentError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Appointment cancelled; the time is free again."))
            return redirect("appointments:detail", appointment.public_id)
    return render(request, "appointments/cancel.html", {"form": form, "appointment": appointment})


def _mark(request: HttpRequest, public_id: UUID, *, attended: bool) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    appointment = queries.get_appointment(actor, public_id)
    mark = services.mark_attended if attended else services.mark_no_show
    try:
        mark(actor, appointment)
    except services.AppointmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Marked as attended.") if attended else _("Marked as did not attend.")
        )
    return redirect("appointments:detail", appointment.public_id)


@clinic_view(Permission.EDIT_PATIENTS)
@require_POST
def mark_attended(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _mark(request, public_id, attended=True)


@clinic_view(Permission.EDIT_PATIENTS)
@require_POST
def mark_no_show(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _mark(request, public_id, attended=False)


@clinic_view(Permission.VIEW_PATIENTS)
def ics_file(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    appointment = queries.get_appointment(actor, public_id)
    location = appointment.location
    place = ", ".join(
        filter(
            None,
            [
                location.name,
                location.address_line,
                " ".join(filter(None, [location.postal_code, location.city])),
            ],
        )
    )
    text = ics.calendar(
        ics.Event(
            uid=appointment.public_id,
            starts_at=appointment.starts_at,
            ends_at=appointment.ends_at,
            summary=_("Appointment at %(clinic)s") % {"clinic": actor.clinic.name},
            location=place,
            stamp=timezone.now(),
            cancelled=appointment.is_cancelled,
            sequence=1 if appointment.is_cancelled else 0,
        )
    )
    record(
        actor,
        Action.EXPORT,
        object_type="appointment",
        object_id=appointment.public_id,
        patient=appointment.patient,
        detail={"format": "ics"},
    )
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    local = appointment.starts_at.astimezone(actor.clinic.zone)
    response["Content-Disposition"] = (
        f'attachment; filename="appointment-{local:%Y-%m-%d-%H%M}.ics"'
    )
    return response


@clinic_view(Permission.MANAGE_CLINIC)
@require_http_methods(["GET", "POST"])
def hours(request: HttpRequest) -> HttpResponse:
    """Opening hours of a location, or one clinician's availability there (owners only)."""
    actor = request.actor  # type: ignore[attr-defined]
    places = list(queries.locations(actor))
    people = queries.clinicians(actor) + [
        m.user
        for m in Membership.objects.filter(clinic=actor.clinic, is_active=True, role="owner")
        .select_related("user")
        .order_by("user__full_name")
    ]
    people = list({u.pk: u for u in people}.values())
    source = request.POST if request.method == "POST" else request.GET
    location = next(
        (p for p in places if str(p.public_id) == source.get("location")),
        places[0] if places else None,
    )
    person: User | None = next(
        (p for p in people if str(p.public_id) == source.get("clinician")), None
    )
    if location is None:
        return render(request, "appointments/hours.html", {"places": places})
    if person is None:
        current = OpeningHours.objects.filter(location=location)
        rows = [(h.weekday, h.opens, h.closes) for h in current]
    else:
        current_av = Availability.objects.filter(
            membership__clinic=actor.clinic, membership__user=person, location=location
        )
        rows = [(a.weekday, a.start, a.end) for a in current_av]
    week: dict[int, list[tuple[time, time]]] = {}
    for d, start, end in rows:
        week.setdefault(d, []).append((start, end))
    form = WeekHoursForm(request.POST or None, initial_periods=week)
    if request.method == "POST" and form.is_valid():
        try:
            if person is None:
                services.set_opening_hours(actor, location=location, week=form.periods())
            else:
                services.set_availability(
                    actor,
                    membership=Membership.objects.get(clinic=actor.clinic, user=person),
                    location=location,
                    week=form.periods(),
                )
        except services.AppointmentError as exc:
            at = f"{exc.field}_0_from"  # the service names the day; its first picker shows it
            form.add_error(at if at in form.fields else None, str(exc))
        else:
            messages.success(request, _("Hours saved."))
            params = {"location": str(location.public_id)}
            if person is not None:
                params["clinician"] = str(person.public_id)
            return redirect(f"{request.path}?{urlencode(params)}")
    return render(
        request,
        "appointments/hours.html",
        {
            "form": form,
            "places": places,
            "people": people,
            "location": location,
            "person": person,
        },
    )


@clinic_view(Permission.MANAGE_CLINIC)
@require_http_methods(["GET", "POST"])
def closures(request: HttpRequest) -> HttpResponse:
    """Holidays, closures and clinicians' time off: booking refuses those days (owners)."""
    actor = request.actor  # type: ignore[attr-defined]
    form = ClosureForm(
        request.POST or None,
        locations=list(queries.locations(actor)),
        people=queries.clinicians(actor),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            _closure, booked = services.add_closure(
                actor,
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                reason=d["reason"],
                location=d["location"],
                clinician=d["clinician"],
            )
        except services.AppointmentError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Closure saved: those days can no longer be booked."))
            if booked:
                messages.warning(
                    request,
                    ngettext(
                        "%(n)s appointment is already booked in it and stays booked: move or "
                        "cancel it.",
                        "%(n)s appointments are already booked in it and stay booked: move or "
                        "cancel them.",
                        len(booked),
                    )
                    % {"n": len(booked)},
                )
                request.session["closure_booked"] = [str(a.public_id) for a in booked]
            return redirect("appointments:closures")
    booked_ids = request.session.pop("closure_booked", [])
    return render(
        request,
        "appointments/closures.html",
        {
            "form": form,
            "closures": queries.closures(actor, since=actor.today()),
            "booked": queries.booked_in_closure(actor, booked_ids),
        },
    )


@clinic_view(Permission.MANAGE_CLINIC)
@require_POST
def closure_withdraw(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    services.withdraw_closure(actor, queries.get_closure(actor, public_id))
    messages.success(request, _("Closure withdrawn: those days can be booked again."))
    return redirect("appointments:closures")


@clinic_view(Permission.EDIT_PATIENTS)
@require_POST
def confirm(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    appointment = queries.get_appointment(actor, public_id)
    try:
        services.mark_confirmed(actor, appointment, how=request.POST.get("how", ""))
    except services.AppointmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Marked as confirmed."))
    return redirect("appointments:detail", appointment.public_id)


@never_cache
@require_http_methods(["GET", "POST"])
def reminder(request: HttpRequest, token: str) -> HttpResponse:
    """The patient's page behind a reminder: the time and place, confirm, or cancel in time."""
    address = request.META.get("REMOTE_ADDR")
    appointment = reminders.open_reminder(token, address=address)
    if appointment is None:
        return render(request, "appointments/reminder.html", {"unusable": True}, status=404)
    done = error = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                services.cancel_from_reminder(appointment, address=address)
                done = "cancelled"
            else:
                services.confirm_from_reminder(appointment, address=address)
                done = "confirmed"
        except services.AppointmentError as exc:
            error = str(exc)
        appointment.refresh_from_db()
    return render(
        request,
        "appointments/reminder.html",
        {
            "appointment": appointment,
            "done": done,
            "error": error,
            "can_cancel": appointment.is_booked
            and appointment.starts_at - timezone.now() >= reminders.CANCEL_NOTICE,
            "is_ahead": appointment.is_booked and appointment.starts_at > timezone.now(),
        },
    )
