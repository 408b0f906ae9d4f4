"""Intake pages: staff create a link; the patient answers one step per screen, then submits."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from taut.clinics.decorators import clinic_view
from taut.clinics.middleware import client_address
from taut.clinics.permissions import Permission
from taut.consent.links import consent_link_token
from taut.consent.queries import has_valid_consent
from taut.episodes import queries as episode_queries
from taut.intake import services
from taut.intake.forms import STEPS, RedFlagsForm, StartBackForm
from taut.intake.models import Channel, IntakeLink
from taut.outcomes.forms import PsfsActivitiesForm, ResponseForm
from taut.outcomes.queries import wording_for
from taut.outcomes.services import OutcomeError
from taut.patients import queries as patient_queries

GONE = {
    "expired": _("This link has expired."),
    "submitted": _("These answers have already been sent. Thank you."),
    "revoked": _("This link is no longer in use."),
}


def _unusable(request: HttpRequest, exc: services.LinkUnusable) -> HttpResponse:
    status = 404 if exc.reason == "invalid" else 410
    message = GONE.get(exc.reason, _("This link is not valid."))
    return render(request, "intake/unusable.html", {"message": message}, status=status)


def _bound(link: IntakeLink, step: int) -> forms.Form:
    saved = link.draft.get(str(step))
    return STEPS[step - 1](MultiValueDict(saved)) if saved else STEPS[step - 1]()


def _answers(link: IntakeLink) -> services.IntakeAnswers | int:
    """The answers of every step, or the number of the first step that is missing or invalid."""
    cleaned: list[dict[str, Any]] = []
    bound: list[forms.Form] = []
    for step in range(1, len(STEPS) + 1):
        form = _bound(link, step)
        if not form.is_bound or not form.is_valid():
            return step
        cleaned.append(form.cleaned_data)
        bound.append(form)
    about, symptoms, health, flags, startback = cleaned
    flag_form, startback_form = bound[3], bound[4]
    assert isinstance(flag_form, RedFlagsForm)  # noqa: S101 - narrows the type
    assert isinstance(startback_form, StartBackForm)  # noqa: S101 - narrows the type
    profile: dict[str, Any] = {
        name: health[name] == "yes"
        for name in (
            "needle_phobia",
            "anticoagulant_or_antiplatelet",
            "bleeding_disorder",
            "immunosuppressed",
            "pregnant",
            "implanted_cardiac_device",
            "cardiac_condition",
            "metal_allergy",
            "latex_allergy",
        )
    }
    profile["diabetes"] = health["diabetes"]
    profile["epilepsy"] = health["epilepsy"]
    profile["lymphoedema_regions"] = [
        ref for side in health["lymphoedema_legs"] for ref in services.leg_regions(side)
    ]
    return services.IntakeAnswers(
        onset_on=about["onset_on"],
        how_started=about["how_started"],
        had_before=about["had_before"] == "yes",
        pain_now=about["pain_now"],
        symptoms=symptoms["symptoms"],
        aggravating=symptoms["aggravating"],
        health=profile,
        health_notes=health["health_notes"],
        red_flags=flag_form.answers(),
        startback=startback_form.answers(),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def intake_step(request: HttpRequest, token: str, step: int) -> HttpResponse:
    try:
        link = services.open_link(token)
    except services.LinkUnusable as exc:
        return _unusable(request, exc)
    if not 1 <= step <= len(STEPS):
        return redirect("intake:step", token, 1)
    form_class = STEPS[step - 1]
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            data = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
            services.save_step(link, step=step, data=data, address=client_address(request))
            if step == len(STEPS):
                return redirect("intake:review", token)
            return redirect("intake:step", token, step + 1)
    else:
        form = _bound(link, step)
    return render(
        request,
        "intake/step.html",
        {
            "link": link,
            "token": token,
            "form": form,
            "step": step,
            "steps": len(STEPS),
            "previous": step - 1 if step > 1 else None,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def intake_review(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = services.open_link(token)
    except services.LinkUnusable as exc:
        return _unusable(request, exc)
    answers = _answers(link)
    if isinstance(answers, int):
        messages.info(request, _("Please answer this page first."))
        return redirect("intake:step", token, answers)
    if request.method == "POST":
        try:
            services.submit_intake(link, answers, address=client_address(request))
        except services.LinkUnusable as exc:
            return _unusable(request, exc)
        done = reverse("intake:done")
        if not has_valid_consent(link.clinic, link.patient, kind="dry_needling"):
            done += "?" + urlencode({"c": consent_link_token(link.patient, "dry_needling")})
        return redirect(done)
    return render(
        request,
        "intake/review.html",
        {"link": link, "token": token, "answers": answers, "steps": len(STEPS)},
    )


def intake_done(request: HttpRequest) -> HttpResponse:
    token = request.GET.get("c", "")
    return render(request, "intake/done.html", {"consent_token": token[:400]})


def _questionnaire_form(link: IntakeLink, number: int, data: Any = None) -> ResponseForm:
    code = link.instruments[number - 1]
    activities = [a.description for a in link.episode.psfs_activities.all()] if link.episode else []
    saved = link.draft.get(str(number))
    if data is None and saved:
        data = MultiValueDict(saved)
    wording = wording_for(link.clinic, code)
    return ResponseForm(
        data, instrument=code, activities=activities, wording=wording, for_patient=True
    )


def _psfs_activities_step(
    request: HttpRequest, link: IntakeLink, token: str, number: int
) -> HttpResponse:
    """Before the PSFS ratings, the patient names the activities they will rate (when the
    clinician has not): up to three things their back makes hard."""
    form = PsfsActivitiesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.name_psfs_activities(
                link, descriptions=form.descriptions(), address=client_address(request)
            )
        except services.LinkUnusable as exc:
            return _unusable(request, exc)
        except OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("intake:questionnaire", token, number)
    return render(
        request,
        "intake/psfs_activities.html",
        {"form": form, "number": number, "count": len(link.instruments)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def questionnaire_step(request: HttpRequest, token: str, number: int) -> HttpResponse:
    """One questionnaire of a questionnaire link; the last one sends them all."""
    try:
        link = services.open_link(token)
    except services.LinkUnusable as exc:
        return _unusable(request, exc)
    if not link.instruments or not 1 <= number <= len(link.instruments):
        return _unusable(request, services.LinkUnusable("invalid"))
    if (
        link.instruments[number - 1] == "psfs"
        and link.episode is not None
        and not link.episode.psfs_activities.exists()
    ):
        return _psfs_activities_step(request, link, token, number)
    form = _questionnaire_form(link, number, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
        services.save_step(link, step=number, data=data, address=client_address(request))
        link.refresh_from_db()
        if number < len(link.instruments):
            return redirect("intake:questionnaire", token, number + 1)
        answers: dict[str, list[int | None]] = {}
        for n, code in enumerate(link.instruments, start=1):
            answered = _questionnaire_form(link, n, MultiValueDict(link.draft[str(n)]))
            if not answered.is_valid():
                return redirect("intake:questionnaire", token, n)
            answers[code] = answered.answers()
        try:
            services.submit_questionnaires(link, answers, address=client_address(request))
        except services.LinkUnusable as exc:
            return _unusable(request, exc)
        except OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "intake/questionnaires_done.html")
    return render(
        request,
        "intake/questionnaire.html",
        {
            "form": form,
            "token": token,
            "number": number,
            "count": len(link.instruments),
            "instrument": form.instrument,
        },
    )


@clinic_view(Permission.EDIT_PATIENTS)
@require_POST
def questionnaire_link_start(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    episode = episode_queries.get_episode(actor, episode_id)
    try:
        link = services.create_questionnaire_link(
            actor, episode, instruments=request.POST.getlist("instrument")
        )
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("outcomes:episode", episode.public_id)
    url = request.build_absolute_uri(
        reverse("intake:questionnaire", args=[services.token_for(link), 1])
    )
    patient = episode.patient
    if request.POST.get("send") and services.email_questionnaire_link(
        link, base_url=request.build_absolute_uri("/")
    ):
        messages.success(request, _("The link was e-mailed to the patient."))
    return render(
        request, "intake/link_created.html", {"patient": patient, "url": url, "link": link}
    )


@clinic_view(Permission.EDIT_PATIENTS)
@require_POST
def intake_start(request: HttpRequest, patient_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    patient = patient_queries.get_patient(actor, patient_id)
    channel = request.POST.get("channel", Channel.REMOTE)
    if channel not in Channel.values:
        channel = Channel.REMOTE
    link = services.create_link(actor, patient, channel=channel)
    url = request.build_absolute_uri(reverse("intake:step", args=[services.token_for(link), 1]))
    if channel == Channel.TABLET:
        # The tablet goes to the patient: end the staff session so only the questionnaire is open.
        logout(request)
        return redirect(url)
    if request.POST.get("send") and services.email_intake_link(link, url=url):
        messages.success(request, _("The link was e-mailed to the patient."))
    return render(
        request, "intake/link_created.html", {"patient": patient, "url": url, "link": link}
    )


@clinic_view(Permission.EDIT_CLINICAL)
@require_POST
def adopt_intake(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    """Take the patient's intake (pain now, STarT Back) as the episode's baseline."""
    actor = request.actor  # type: ignore[attr-defined]
    episode = episode_queries.get_episode(actor, episode_id)
    try:
        services.adopt_intake(actor, episode)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("The intake's pain and STarT Back are now this episode's baseline.")
        )
    return redirect("chart:patient", episode.patient.public_id)
