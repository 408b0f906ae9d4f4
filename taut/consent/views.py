"""Consent pages: take consent, read a consent and withdraw it, and the clinic's documents."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from taut.clinical.adverse_events import ADVERSE_EVENTS
from taut.clinical.sources import SOURCES
from taut.clinics.decorators import clinic_view
from taut.clinics.middleware import client_address
from taut.clinics.permissions import Permission, can
from taut.consent import queries, services
from taut.consent.forms import ConsentForm, PublishForm, WithdrawForm
from taut.consent.labels import BRADY, REFERENCE_RATE_LABELS
from taut.consent.links import ConsentLinkUnusable, open_consent_link
from taut.consent.models import ConsentKind
from taut.consent.signature import PAD_HEIGHT, PAD_WIDTH
from taut.lib.urls import next_path
from taut.patients import queries as patient_queries


def _kind(value: str) -> ConsentKind:
    try:
        return ConsentKind(value)
    except ValueError:
        raise Http404("No such kind of consent") from None


def _apply_error(
    form: ConsentForm | WithdrawForm | PublishForm, exc: services.ConsentError
) -> None:
    for field, message in exc.errors.items():
        form.add_error(field if field in form.fields else None, message)


def _reference_rates() -> list[tuple[str, Decimal]]:
    """Brady 2014's rates for the side effects the dry-needling document names, with labels."""
    rows = []
    for code, label in REFERENCE_RATE_LABELS.items():
        rate = next(r for r in ADVERSE_EVENTS[code].rates if r.source == BRADY)
        rows.append((str(label), rate.percent))
    return rows


@clinic_view(Permission.EDIT_CLINICAL)
@require_http_methods(["GET", "POST"])
def consent_take(request: HttpRequest, patient_id: UUID, kind: str) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    patient = patient_queries.get_patient(actor, patient_id)
    consent_kind = _kind(kind)
    document = queries.current_document(actor.clinic, kind=consent_kind, language=patient.language)
    status = queries.consent_status(actor, patient).for_kind(consent_kind)
    form = ConsentForm(request.POST or None, initial={"document": document and document.public_id})
    if request.method == "POST" and form.is_valid():
        signed = queries.get_document(actor, form.cleaned_data["document"])
        try:
            consent = services.record_consent(
                actor,
                patient,
                document=signed,
                method=form.cleaned_data["method"],
                signature_path=form.cleaned_data["signature_path"],
                typed_name=form.cleaned_data["typed_name"],
                confirmed=form.cleaned_data["confirmed"],
                witness_name=form.cleaned_data["witness_name"],
            )
        except services.ConsentError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect(
                next_path(request) or reverse("consent:detail", args=[consent.public_id])
            )
    show_rates = consent_kind == ConsentKind.DRY_NEEDLING
    return render(
        request,
        "consent/consent_take.html",
        {
            "patient": patient,
            "kind": consent_kind,
            "document": document,
            "status": status,
            "form": form,
            "pad_width": PAD_WIDTH,
            "pad_height": PAD_HEIGHT,
            "rates": _reference_rates() if show_rates else [],
            "rates_citation": SOURCES[BRADY].citation if show_rates else "",
            "can_manage": can(actor, Permission.MANAGE_CLINIC),
            "next": next_path(request),
        },
    )


@clinic_view(Permission.VIEW_PATIENTS)
def consent_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    consent = queries.get_consent(actor, public_id)
    can_withdraw = can(actor, Permission.EDIT_CLINICAL) and consent.is_active
    return render(
        request,
        "consent/consent_detail.html",
        {
            "consent": consent,
            "patient": consent.patient,
            "form": WithdrawForm() if can_withdraw else None,
            "can_withdraw": can_withdraw,
        },
    )


@clinic_view(Permission.EDIT_CLINICAL)
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    consent = queries.get_consent(actor, public_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_consent(actor, consent, reason=form.cleaned_data["reason"])
        except services.ConsentError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("The withdrawal of consent is recorded."))
            return redirect("consent:detail", consent.public_id)
    return render(
        request,
        "consent/consent_withdraw.html",
        {"consent": consent, "patient": consent.patient, "form": form},
    )


@clinic_view(Permission.MANAGE_CLINIC)
def document_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    return render(
        request, "consent/document_list.html", {"groups": queries.documents_of_clinic(actor)}
    )


@clinic_view(Permission.MANAGE_CLINIC)
@require_http_methods(["GET", "POST"])
def document_publish(request: HttpRequest, kind: str) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    consent_kind = _kind(kind)
    current = queries.current_document(actor.clinic, kind=consent_kind)
    initial = (
        {"title": current.title, "body": current.body, "language": current.language}
        if current
        else {}
    )
    form = PublishForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.publish_document(
                actor,
                kind=consent_kind,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                language=form.cleaned_data["language"],
            )
        except services.ConsentError as exc:
            _apply_error(form, exc)
        else:
            messages.success(
                request,
                _("Version %(version)s is published.") % {"version": document.version},
            )
            return redirect("consent:documents")
    return render(
        request,
        "consent/document_publish.html",
        {"form": form, "kind": consent_kind, "current": current},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def consent_link(request: HttpRequest, token: str) -> HttpResponse:
    """A patient reads and signs a consent through a signed link (no account, no staff)."""
    try:
        patient, consent_kind = open_consent_link(token)
    except ConsentLinkUnusable as exc:
        message = (
            _("This link has expired.") if exc.reason == "expired" else _("This link is not valid.")
        )
        status = 410 if exc.reason == "expired" else 404
        return render(request, "consent/link_unusable.html", {"message": message}, status=status)
    document = queries.current_document(
        patient.clinic, kind=consent_kind, language=patient.language
    )
    if document is not None and queries.has_valid_consent(
        patient.clinic, patient, kind=consent_kind
    ):
        message = _("You have already given this consent. Thank you.")
        return render(request, "consent/link_unusable.html", {"message": message}, status=410)
    form = ConsentForm(
        request.POST or None,
        initial={"document": document and document.public_id},
        for_patient=True,
    )
    if request.method == "POST" and form.is_valid() and document is not None:
        if form.cleaned_data["document"] != document.public_id:
            form.add_error(
                None, _("The document changed while you were reading it; please read this version.")
            )
        else:
            try:
                services.record_consent_by_patient_link(
                    clinic=patient.clinic,
                    patient=patient,
                    document=document,
                    method=form.cleaned_data["method"],
                    signature_path=form.cleaned_data["signature_path"],
                    typed_name=form.cleaned_data["typed_name"],
                    confirmed=form.cleaned_data["confirmed"],
                    address=client_address(request),
                )
            except services.ConsentError as exc:
                _apply_error(form, exc)
            else:
                return render(request, "consent/link_done.html")
    return render(
        request,
        "consent/consent_take.html",
        {
            "patient": patient,
            "kind": consent_kind,
            "document": document,
            "status": None,
            "form": form,
            "pad_width": PAD_WIDTH,
            "pad_height": PAD_HEIGHT,
            "rates": _reference_rates() if consent_kind == ConsentKind.DRY_NEEDLING else [],
            "rates_citation": SOURCES[BRADY].citation,
            "link_mode": True,
        },
    )
