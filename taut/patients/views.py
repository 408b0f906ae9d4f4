"""Patient pages. Views translate between HTTP and the services and queries; no rules here."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from taut.clinics.decorators import clinic_view
from taut.clinics.permissions import Permission
from taut.patients import queries, services
from taut.patients.entered_in_error import entered_in_error_page
from taut.patients.forms import PatientForm

PAGE_SIZE = 25


@clinic_view(Permission.VIEW_PATIENTS)
def patient_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    text = request.GET.get("q", "")[:100]
    show_withdrawn = request.GET.get("withdrawn") == "1"
    patients = queries.search_patients(actor, text, include_entered_in_error=show_withdrawn)
    page = Paginator(patients, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "q": text, "show_withdrawn": show_withdrawn, "today": actor.today()}
    template = "patients/patient_list.html"
    if request.headers.get("HX-Request") == "true":
        template += "#results"
    response = render(request, template, context)
    # The fragment and the full page share one address: never let a cache serve one for the other.
    patch_vary_headers(response, ["HX-Request"])
    add_never_cache_headers(response)
    return response


@clinic_view(Permission.EDIT_PATIENTS)
@require_http_methods(["GET", "POST"])
def patient_create(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    form = PatientForm(request.POST or None, creating=True)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        try:
            patient = services.register_patient(
                actor,
                data=form.demographics(),
                record_number=form.cleaned_data["record_number"].strip(),
                confirmed_not_duplicate=form.cleaned_data["confirmed_not_duplicate"],
            )
        except services.PossibleDuplicate as exc:
            duplicates = exc.matches
            form.add_error(
                "confirmed_not_duplicate",
                _(
                    "A patient with the same name and date of birth is already registered. "
                    "Open that record, or confirm that this is a different person."
                ),
            )
        except services.RecordNumberTaken as exc:
            form.add_error("record_number", str(exc))
        else:
            messages.success(request, _("Patient registered."))
            return redirect("chart:patient", patient.public_id)
    return render(
        request,
        "patients/patient_form.html",
        {"form": form, "duplicates": duplicates, "creating": True, "today": actor.today()},
    )


@clinic_view(Permission.EDIT_PATIENTS)
@require_http_methods(["GET", "POST"])
def patient_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    patient = queries.get_patient(actor, public_id)
    form = PatientForm(request.POST or None, instance=patient)
    if request.method == "POST" and form.is_valid():
        # The ModelForm has written the cleaned values onto the instance; the service re-reads
        # the row under lock and applies them, so discard the in-memory copy.
        data = form.demographics()
        try:
            changed = services.update_patient(actor, patient, data=data)
        except services.RecordLocked as exc:
            form.add_error(None, str(exc))
        else:
            if changed:
                messages.success(request, _("Patient details saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("chart:patient", patient.public_id)
    return render(
        request,
        "patients/patient_form.html",
        {"form": form, "patient": patient, "creating": False, "today": actor.today()},
    )


@clinic_view(Permission.MARK_ENTERED_IN_ERROR)
@require_http_methods(["GET", "POST"])
def patient_entered_in_error(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    patient = queries.get_patient(actor, public_id)
    return entered_in_error_page(
        request,
        patient=patient,
        subject=_("patient record"),
        mark=lambda reason: services.mark_patient_entered_in_error(actor, patient, reason=reason),
        refusals=(services.RecordLocked, ValueError),
        done=_("The record is now marked entered in error."),
    )
