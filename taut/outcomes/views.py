"""Outcome pages: an episode's measures and progress, entering a questionnaire, correcting one."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from taut.clinical import instruments
from taut.clinics.decorators import clinic_view
from taut.clinics.permissions import Permission, can
from taut.episodes import queries as episode_queries
from taut.lib.records import RecordStatus
from taut.outcomes import queries, services
from taut.outcomes.forms import PsfsActivitiesForm, ResponseForm
from taut.outcomes.models import Response
from taut.patients.forms import EnteredInErrorForm


def _instrument(code: str) -> instruments.Instrument:
    try:
        return instruments.get(code)
    except ValueError:
        raise Http404("No such instrument") from None


@clinic_view(Permission.VIEW_CLINICAL)
def episode_outcomes(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    episode = episode_queries.get_episode(actor, episode_id)
    responses = queries.current_responses(actor, episode)
    visits = queries.visit_dates(actor, episode)
    return render(
        request,
        "outcomes/episode_outcomes.html",
        {
            "episode": episode,
            "patient": episode.patient,
            "outcomes": queries.outcome_summary(actor, episode, responses),
            "responses": list(reversed(responses)),
            "due": queries.due_instruments(
                actor, episode, collected=queries.collected_from(responses), visits=visits
            ),
            "instruments": list(instruments.INSTRUMENTS.values()),
            "session_dates": visits,
            "burden": queries.trigger_point_burden(actor, episode),
            "can_record": can(actor, Permission.EDIT_CLINICAL) and episode.is_active,
        },
    )


@clinic_view(Permission.EDIT_CLINICAL)
@require_http_methods(["GET", "POST"])
def record_response(request: HttpRequest, episode_id: UUID, instrument: str) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    episode = episode_queries.get_episode(actor, episode_id)
    definition = _instrument(instrument)
    activities = [a.description for a in episode.psfs_activities.all()]
    if instrument == "psfs" and not activities:
        setup = PsfsActivitiesForm(request.POST or None)
        if request.method == "POST" and setup.is_valid():
            services.add_psfs_activities(actor, episode, descriptions=setup.descriptions())
            return redirect("outcomes:record", episode.public_id, instrument)
        return render(
            request,
            "outcomes/psfs_activities.html",
            {
                "form": setup,
                "episode": episode,
                "patient": episode.patient,
                "instrument": definition,
            },
        )
    wording = queries.clinic_wording(actor, instrument)
    form = ResponseForm(
        request.POST or None,
        instrument=instrument,
        wording=wording,
        activities=activities,
        initial={"collected_on": actor.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_response(
                actor,
                episode,
                instrument=instrument,
                answers=form.answers(),
                collected_on=form.cleaned_data["collected_on"],
                variant=form.cleaned_data.get("variant", ""),
            )
        except services.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(name)s recorded.") % {"name": definition.name})
            return redirect("outcomes:episode", episode.public_id)
    return render(
        request,
        "outcomes/response_form.html",
        {
            "form": form,
            "episode": episode,
            "patient": episode.patient,
            "instrument": definition,
            "licensed_wording": bool(wording),
            "one_per_screen": request.GET.get("mode") == "patient",
        },
    )


@clinic_view(Permission.VIEW_CLINICAL)
@require_http_methods(["GET", "POST"])
def response_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    response: Response = queries.get_response(actor, public_id)
    activities = [a.description for a in response.episode.psfs_activities.all()]
    amend = ResponseForm(
        request.POST or None,
        instrument=response.instrument,
        activities=activities,
        wording=queries.clinic_wording(actor, response.instrument),
        initial={
            "collected_on": response.collected_on,
            **{
                f"item_{n}": "" if a is None else str(int(a))
                for n, a in enumerate(response.answers, start=1)
            },
        },
    )
    reason = request.POST.get("reason", "")
    if request.method == "POST" and amend.is_valid():
        try:
            amended = services.amend_response(
                actor, response, answers=amend.answers(), reason=reason
            )
        except services.OutcomeError as exc:
            amend.add_error(None, str(exc))
        else:
            messages.success(request, _("Response amended; the score was recalculated."))
            return redirect("outcomes:response", amended.public_id)
    return render(
        request,
        "outcomes/response_detail.html",
        {
            "response": response,
            "patient": response.patient,
            "instrument": instruments.get(response.instrument),
            "items": list(
                zip(instruments.get(response.instrument).items, response.answers, strict=False)
            ),
            "amend": amend,
            "can_amend": can(actor, Permission.EDIT_CLINICAL)
            and response.status == RecordStatus.SIGNED,
            "error_form": EnteredInErrorForm(),
        },
    )


@clinic_view(Permission.MARK_ENTERED_IN_ERROR)
@require_POST
def response_entered_in_error(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    response = queries.get_response(actor, public_id)
    try:
        services.mark_response_entered_in_error(
            actor, response, reason=request.POST.get("reason", "")
        )
    except services.OutcomeError as exc:
        messages.error(request, str(exc))
        return redirect("outcomes:response", response.public_id)
    messages.success(request, _("The response is marked entered in error."))
    return redirect("outcomes:episode", response.episode.public_id)


@clinic_view(Permission.VIEW_CLINICAL)
def due_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    return render(
        request,
        "outcomes/due_list.html",
        {"rows": queries.due_today(actor), "today": actor.today()},
    )
