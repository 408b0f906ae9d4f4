"""Builders for plan tests: outcomes, a signed assessment, and plans in each state."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from taut.assessment import services as assessment_services
from taut.assessment.services import AssessmentInput, Mark, Palpation
from taut.outcomes import services as outcome_services
from taut.plans import services


def nprs(actor, episode, rating, days_ago=0):
    return outcome_services.submit_response(
        actor,
        episode,
        instrument="nprs",
        answers=[rating],
        collected_on=actor.today() - timedelta(days=days_ago),
    )


def signed_assessment(actor, episode):
    draft = assessment_services.start_assessment(actor, episode)
    assessment_services.save_draft(
        actor,
        draft,
        AssessmentInput(
            likely_causes=["trigger_points"],
            marks=[Mark("iliac_crest:right", 7, "ache")],
            palpation=[
                Palpation("quadratus_lumborum", "right", "active"),
                Palpation("gluteus_medius", "left", "latent"),
                Palpation("piriformis", "left", "none"),
            ],
            schober_cm=Decimal("19.5"),
        ),
    )
    return assessment_services.sign_assessment(actor, draft)


def agreed_plan(actor, episode, **draft_kwargs):
    draft_kwargs.setdefault("severity", "moderate")
    plan = services.draft_plan(actor, episode, **draft_kwargs)
    return services.agree_plan(actor, plan)
