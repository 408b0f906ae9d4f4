"""Episode pages: open, revise, discharge, mark entered in error."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from taut.clinics.decorators import clinic_view
from taut.clinics.permissions import Permission
from taut.episodes import queries, services
from taut.episodes.forms import DischargeForm, EpisodeForm
from taut.patients import queries as patient_queries
from taut.patients.entered_in_error import entered_in_error_page
from taut.patients.forms import EnteredInErrorForm


def _apply_error(
    form: EpisodeForm | DischargeForm | EnteredInErrorForm, exc: services.EpisodeError
) -> None:
    field = exc.field if exc.field in form.fields else None
    if exc.field == "diagnosis_codes" and isinstance(form, EpisodeForm):
        field = form.diagnosis_field_at(exc.position)
    form.add_error(field, str(exc))


@clinic_view(Permission.EDIT_CLINICAL)
@require_http_methods(["GET", "POST"])
def episode_create(request: HttpRequest, patient_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    patient = patient_queries.get_patient(actor, patient_id)
    today = actor.today()
    form = EpisodeForm(request.POST or None, initial={"started_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.open_episode(
                actor,
                patient,
                onset_on=form.cleaned_data["onset_on"],
                started_on=form.cleaned_data["started_on"],
                presenting_complaint=form.cleaned_data["presenting_complaint"],
                diagnosis_codes=form.diagnosis_codes(),
            )
        except services.EpisodeError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Episode of care opened."))
            return redirect("chart:patient", patient.public_id)
    return render(
        request, "episodes/episode_form.html", {"form": form, "patient": patient, "creating": True}
    )


@clinic_view(Permission.EDIT_CLINICAL)
@require_http_methods(["GET", "POST"])
def episode_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    episode = queries.get_episode(actor, public_id)
    codes = [d.code for d in episode.current_diagnoses]  # type: ignore[attr-defined]
    initial = {
        "onset_on": episode.onset_on,
        "presenting_complaint": episode.presenting_complaint,
        **dict(
            zip(("primary_diagnosis", "second_diagnosis", "third_diagnosis"), codes, strict=False)
        ),
    }
    form = EpisodeForm(request.POST or None, initial=initial, creating=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.revise_episode(
                actor,
                episode,
                onset_on=form.cleaned_data["onset_on"],
                presenting_complaint=form.cleaned_data["presenting_complaint"],
                diagnosis_codes=form.diagnosis_codes(),
            )
        except services.EpisodeError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Episode updated."))
            return redirect("chart:patient", episode.patient.public_id)
    return render(
        request,
        "episodes/episode_form.html",
        {"form": form, "patient": episode.patient, "episode": episode, "creating": False},
    )


@clinic_view(Permission.MARK_ENTERED_IN_ERROR)
@require_http_methods(["GET", "POST"])
def episode_entered_in_error(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    episode = queries.get_episode(actor, public_id)
    return entered_in_error_page(
        request,
        patient=episode.patient,
        subject=_("episode of care"),
        mark=lambda reason: services.mark_episode_entered_in_error(actor, episode, reason=reason),
        refusals=(services.EpisodeError,),
        done=_("The episode is now marked entered in error."),
        context={"episode": episode},
    )
