"""Assessment pages: the draft form with the live pain drawing, signing, reading and amending."""

from __future__ import annotations

import json
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taut.assessment import neuro_words, queries, services
from taut.assessment.forms import AssessmentForm, PalpationFormSet, marks_from_post
from taut.assessment.models import Assessment
from taut.clinical import causes, diagnoses, muscles, neuro, regions
from taut.clinics.decorators import clinic_view
from taut.clinics.permissions import Permission
from taut.episodes import queries as episode_queries
from taut.patients.entered_in_error import entered_in_error_page
from taut.patients.forms import EnteredInErrorForm

EMPTY_PALPATION_ROWS = 3
SUGGESTED_ROWS = 4


def _candidates(refs: list[str]) -> list[dict[str, object]]:
    """The ranked muscles for a drawing, each with its referral map for highlighting."""
    rows = []
    for candidate in muscles.rank_muscles(refs):
        referral = muscles.referral_map(candidate.muscle)
        rows.append(
            {
                "c": candidate,
                "label": muscles.get(candidate.muscle).label,
                "percent": round(float(candidate.score) * 100),
                "highlight": json.dumps(
                    {
                        "primary": list(referral.primary),
                        "unsplit": list(referral.unsplit),
                        "spillover": list(referral.spillover),
                        "sides": [str(s) for s in candidate.sides],
                    }
                ),
                "warnings": [w.text for w in muscles.get(candidate.muscle).warnings],
                "essential": [services.region_label(r) for r in candidate.primary_regions],
                "unsplit": [services.region_label(r) for r in candidate.unsplit_regions],
                "spillover": [services.region_label(r) for r in candidate.spillover_regions],
                "explained": len(candidate.primary_regions)
                + len(candidate.unsplit_regions)
                + len(candidate.spillover_regions),
            }
        )
    return rows


def _initial_palpation(assessment: Assessment, refs: list[str]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {
            "muscle": f.muscle,
            "side": f.side,
            "finding": f.finding,
            "trigger_point": f.trigger_point,
            "taut_band": f.taut_band,
            "local_twitch": f.local_twitch,
            "referred_pain_reproduced": f.referred_pain_reproduced,
            "ppt": f.ppt_kpa,
            "ppt_unit": "kPa",
        }
        for f in assessment.palpation.all()
    ]
    if not rows:
        # Start the examination from the muscles the drawing suggests.
        for candidate in muscles.rank_muscles(refs)[:SUGGESTED_ROWS]:
            for side in candidate.sides or ("left",):
                rows.append({"muscle": candidate.muscle, "side": str(side), "finding": "none"})
    return rows + [{} for _ in range(EMPTY_PALPATION_ROWS)]


def _drawable(ref: str) -> bool:
    try:
        parsed = regions.parse(ref)
    except ValueError:
        return False
    return parsed.side is not None or not regions.get(parsed.code).sided


def _marks(assessment: Assessment) -> dict[str, dict[str, object]]:
    return {
        m.region: {"intensity": m.intensity, "quality": m.quality or None}
        for m in assessment.marks.all()
    }


def _page(
    request: HttpRequest, assessment: Assessment, *, status: int = 200, **context: object
) -> HttpResponse:
    marks = context.pop("marks", None)
    if marks is None:
        marks = _marks(assessment)
    refs = list(marks)  # type: ignore[call-overload]
    suggested = causes.suggested_codes(assessment.likely_causes)
    actor = request.actor  # type: ignore[attr-defined]
    row = next(
        r
        for r in episode_queries.episode_rows(actor, assessment.patient, actor.today())
        if r.obj.pk == assessment.episode_id
    )
    return render(
        request,
        "assessment/assessment_form.html",
        {
            "assessment": assessment,
            "patient": assessment.patient,
            "episode_row": row,
            "marks": marks,
            "candidates": _candidates(refs),
            "drawn": len(refs),
            "suggested_codes": [diagnoses.get(code) for code in suggested],
            "neuro_lines": neuro_words.summary(assessment.neuro),
            "slr_low": neuro.SLR_POSITIVE_MIN_DEG,
            "slr_high": neuro.SLR_POSITIVE_MAX_DEG,
            **context,
        },
        status=status,
    )


@clinic_view(Permission.EDIT_CLINICAL)
@require_POST
def assessment_start(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    episode = episode_queries.get_episode(actor, episode_id)
    try:
        assessment = services.start_assessment(actor, episode)
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
        return redirect("chart:patient", episode.patient.public_id)
    return redirect("assessment:edit", assessment.public_id)


@clinic_view(Permission.EDIT_CLINICAL)
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    assessment = queries.get_assessment(actor, public_id)
    if not assessment.is_draft:
        return redirect("assessment:detail", assessment.public_id)
    if request.method == "GET":
        form = AssessmentForm(
            initial={
                "likely_causes": assessment.likely_causes,
                "schober_cm": assessment.schober_cm,
                "fingertip_floor_cm": assessment.fingertip_floor_cm,
                "notes": assessment.notes,
                **{
                    f"{m}_{k}": v
                    for m, flags in assessment.movements.items()
                    for k, v in flags.items()
                },
                **AssessmentForm.neuro_initial(assessment.neuro),
            }
        )
        formset = PalpationFormSet(
            initial=_initial_palpation(assessment, list(_marks(assessment))), prefix="palp"
        )
        return _page(request, assessment, form=form, formset=formset)

    form = AssessmentForm(request.POST)
    formset = PalpationFormSet(request.POST, prefix="palp")
    problems: list[str] = []
    marks: list[services.Mark] = []
    try:
        marks = marks_from_post(request.POST)
    except services.AssessmentError as exc:
        problems.append(str(exc))
    # Redisplay what was posted; an impossible intensity shows as blank beside its error.
    posted_marks = {
        m.region: {
            "intensity": m.intensity
            if m.intensity is not None and 0 <= m.intensity <= 10
            else None,
            "quality": m.quality or None,
        }
        for m in marks
        if _drawable(m.region)
    }
    if form.is_valid() and formset.is_valid() and not problems:
        data = services.AssessmentInput(
            likely_causes=form.cleaned_data["likely_causes"],
            marks=marks,
            palpation=[row for f in formset if (row := f.to_value()) is not None],
            schober_cm=form.cleaned_data["schober_cm"],
            fingertip_floor_cm=form.cleaned_data["fingertip_floor_cm"],
            movements=form.movements(),
            neuro=form.neuro(),
            notes=form.cleaned_data["notes"],
        )
        try:
            services.save_draft(actor, assessment, data)
            if request.POST.get("action") == "sign":
                services.sign_assessment(actor, assessment)
                messages.success(request, _("Assessment signed."))
                return redirect("assessment:detail", assessment.public_id)
        except services.AssessmentIncomplete as exc:
            problems.extend(_("Missing: %(part)s") % {"part": part} for part in exc.missing)
        except (services.AssessmentError, services.AssessmentLocked) as exc:
            problems.append(str(exc))
        else:
            messages.success(request, _("Draft saved."))
            return redirect("assessment:edit", assessment.public_id)
    for number, field_errors in enumerate(formset.errors, start=1):
        for field, errors in field_errors.items():  # type: ignore[attr-defined]
            problems.extend(f"{_('Palpation')} {number} · {field}: {e}" for e in errors)
    return _page(
        request,
        assessment,
        form=form,
        formset=formset,
        problems=problems,
        marks=posted_marks,
        status=422,
    )


@clinic_view(Permission.VIEW_CLINICAL)
@require_GET
def rank(request: HttpRequest) -> HttpResponse:
    """The candidate-muscle panel for the regions ticked so far (htmx)."""
    refs = request.GET.getlist("pain-region")[:80]
    try:
        candidates = _candidates(refs)
    except ValueError as exc:
        return render(request, "assessment/_candidates.html", {"error": str(exc)}, status=400)
    return render(
        request, "assessment/_candidates.html", {"candidates": candidates, "drawn": len(refs)}
    )


@clinic_view(Permission.VIEW_CLINICAL)
def assessment_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    assessment = queries.get_assessment(actor, public_id)
    if assessment.is_draft:
        return redirect("assessment:edit", assessment.public_id)
    return render(
        request,
        "assessment/assessment_detail.html",
        {
            "assessment": assessment,
            "patient": assessment.patient,
            "marks": _marks(assessment),
            "causes": [causes.get(c) for c in assessment.likely_causes],
            "palpation": [(muscles.muscle_label(f.muscle), f) for f in assessment.palpation.all()],
            "movements": [
                (label, assessment.movements.get(key, {}))
                for key, label in (
                    ("flexion", _("Flexion")),
                    ("extension", _("Extension")),
                    ("side_bending_left", _("Side bending to the left")),
                    ("side_bending_right", _("Side bending to the right")),
                )
            ],
            "amend_form": EnteredInErrorForm(),
            "neuro_lines": (lines := neuro_words.summary(assessment.neuro)),
            "neuro_sources": neuro_words.citations(lines),
        },
    )


@clinic_view(Permission.EDIT_CLINICAL)
@require_POST
def assessment_amend(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    assessment = queries.get_assessment(actor, public_id)
    try:
        amendment = services.amend_assessment(
            actor, assessment, reason=request.POST.get("reason", "")
        )
    except (services.AssessmentError, services.AssessmentLocked) as exc:
        messages.error(request, str(exc))
        return redirect("assessment:detail", assessment.public_id)
    messages.info(request, _("Amendment started: change what needs correcting, then sign it."))
    return redirect("assessment:edit", amendment.public_id)


@clinic_view(Permission.MARK_ENTERED_IN_ERROR)
@require_http_methods(["GET", "POST"])
def assessment_entered_in_error(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    assessment = queries.get_assessment(actor, public_id)
    return entered_in_error_page(
        request,
        patient=assessment.patient,
        subject=_("assessment"),
        mark=lambda reason: services.mark_assessment_entered_in_error(
            actor, assessment, reason=reason
        ),
        refusals=(services.AssessmentError, services.AssessmentLocked),
        done=_("The assessment is now marked entered in error."),
        context={"record_on": assessment.signed_at or assessment.created_at},
    )
