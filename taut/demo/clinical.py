"""Demo steps for screening, safety profiles and assessments (added to ``seed.STEPS``).

Most patients with an active episode are screened with no flags, have a confirmed safety
profile and a signed assessment drawn from a few typical referral pictures. Three are set apart
so the safety features show: one with an unresolved emergency red flag, one with a relative
contraindication, and (once consent is recorded for the others) one without consent.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from taut.assessment import services as assessment_services
from taut.assessment.services import AssessmentInput, Mark, Palpation
from taut.clinical.red_flags import FLAGS
from taut.consent import queries as consent_queries
from taut.consent import services as consent_services
from taut.episodes.models import EpisodeStatus
from taut.safety import services as safety_services

if TYPE_CHECKING:
    from taut.clinics.actor import Actor
    from taut.demo.seed import DemoContext
    from taut.patients.models import Patient

NO_FLAGS = dict.fromkeys(FLAGS, False)

# Typical pictures: where it hurts, what palpation found, why it probably started.
PICTURES = (
    AssessmentInput(
        likely_causes=["trigger_points", "prolonged_sitting"],
        marks=[
            Mark("iliac_crest:right", 6, "ache"),
            Mark("greater_trochanter:right", 5, "ache"),
            Mark("si_joint:right", 4, "ache"),
        ],
        palpation=[
            Palpation(
                "quadratus_lumborum",
                "right",
                "active",
                "ql_superficial_caudal",
                True,
                True,
                True,
                Decimal("3.1"),
                "kg/cm2",
            ),
            Palpation("gluteus_medius", "right", "latent", "gluteus_medius_1", True, False, False),
        ],
        fingertip_floor_cm=Decimal("24"),
        schober_cm=Decimal("19"),
        movements={"side_bending_left": {"limited": True, "painful": True}},
        neuro={
            "left": {"slr_tested": True, "slr_leg_pain_at_deg": None},
            "right": {"slr_tested": True, "slr_leg_pain_at_deg": None},
        },
        notes="QL pattern on the right; examine gluteus medius again next visit.",
    ),
    AssessmentInput(
        likely_causes=["myofascial_pain_syndrome", "sport"],
        marks=[
            Mark("buttock_lower:left", 6, "sharp"),
            Mark("posterior_thigh:left", 5, "ache"),
            Mark("calf:left", 3, "numbness_tingling"),
        ],
        palpation=[
            Palpation(
                "gluteus_minimus",
                "left",
                "active",
                "gluteus_minimus_posterior",
                True,
                True,
                True,
                Decimal("280"),
                "kPa",
            ),
            Palpation("piriformis", "left", "latent", "piriformis_lateral", True, False, False),
        ],
        fingertip_floor_cm=Decimal("31"),
        movements={"flexion": {"limited": True, "painful": True}},
        neuro={
            "left": {
                "slr_tested": True,
                "slr_leg_pain_at_deg": None,
                "slump": "negative",
                "strength": {"L4": "normal", "L5": "normal", "S1": "normal"},
                "sensation": {"L4": "normal", "L5": "normal", "S1": "normal"},
                "reflexes": {"patellar": "normal", "achilles": "normal"},
            },
            "right": {"slr_tested": True, "slr_leg_pain_at_deg": None},
        },
        notes="Leg symptoms reproduced from gluteus minimus; neurological screen normal.",
    ),
    AssessmentInput(
        likely_causes=["muscle_strain", "lifting_technique"],
        marks=[
            Mark("lumbar_paraspinal:left", 5, "ache"),
            Mark("lumbar_paraspinal:right", 5, "ache"),
            Mark("sacrum", 3, "ache"),
        ],
        palpation=[
            Palpation(
                "multifidus",
                "left",
                "active",
                "multifidus_lumbar",
                True,
                True,
                False,
                Decimal("310"),
                "kPa",
            ),
            Palpation(
                "multifidus",
                "right",
                "active",
                "multifidus_lumbar",
                True,
                False,
                False,
                Decimal("330"),
                "kPa",
            ),
            Palpation(
                "iliocostalis_lumborum",
                "left",
                "latent",
                "iliocostalis_lumborum",
                True,
                False,
                False,
            ),
        ],
        schober_cm=Decimal("18.5"),
        movements={
            "flexion": {"limited": True, "painful": True},
            "extension": {"limited": False, "painful": True},
        },
    ),
    AssessmentInput(
        likely_causes=["muscle_imbalance", "trigger_points"],
        marks=[
            Mark("buttock_upper:left", 5, "ache"),
            Mark("iliac_crest:left", 4, "ache"),
            Mark("sacrum", 3, "ache"),
        ],
        palpation=[
            Palpation(
                "gluteus_medius",
                "left",
                "active",
                "gluteus_medius_1",
                True,
                True,
                True,
                Decimal("2.6"),
                "kg/cm2",
            ),
            Palpation("quadratus_lumborum", "left", "none"),
        ],
        fingertip_floor_cm=Decimal("15"),
        movements={"side_bending_right": {"limited": True, "painful": False}},
    ),
)


def _consent(actor: Actor, patient: Patient, index: int) -> None:
    """Consent to dry needling, alternately drawn and typed."""
    document = consent_queries.current_document(
        actor.clinic, kind="dry_needling", language=patient.language
    )
    if document is None:
        raise RuntimeError("the demo clinic has no published consent document")
    drawn = index % 2 == 0
    consent_services.record_consent(
        actor,
        patient,
        document=document,
        method="drawn_signature" if drawn else "typed_name",
        typed_name="" if drawn else patient.formal_name,
        signature_path="M20 60 C40 20 60 90 80 50 Q110 20 140 60 L170 55" if drawn else None,
        confirmed=True,
    )


def screening_and_assessments(ctx: DemoContext) -> None:
    for clinic in ctx.clinics.values():
        consent_services.ensure_default_documents(clinic)
    for clinic_name, patients in ctx.patients.items():
        actor = ctx.actors[clinic_name]
        active = [p for p in patients if p.episodes.filter(status=EpisodeStatus.ACTIVE).exists()]
        for index, patient in enumerate(active):
            if clinic_name == next(iter(ctx.patients)) and index == 0:
                # Possible cauda equina reported at screening; nobody has acted on it yet.
                safety_services.record_red_flag_screen(
                    actor, patient, answers={**NO_FLAGS, "CES-1": True, "CES-3": True}
                )
                safety_services.confirm_safety_profile(actor, patient, answers={})
                ctx.notes["emergency_red_flag"] = patient
                continue
            safety_services.record_red_flag_screen(actor, patient, answers=NO_FLAGS)
            if index == 1:
                safety_services.confirm_safety_profile(
                    actor, patient, answers={"anticoagulant_or_antiplatelet": True}
                )
                ctx.notes.setdefault("relative_contraindication", patient)
            else:
                safety_services.confirm_safety_profile(actor, patient, answers={})
            if index == 2:
                ctx.notes.setdefault("no_consent", patient)  # screened and assessed, not consented
            else:
                _consent(actor, patient, index)
            if index % 4 == 3:
                continue  # screened, not yet assessed
            episode = patient.episodes.get(status=EpisodeStatus.ACTIVE)
            assessment = assessment_services.start_assessment(actor, episode)
            assessment_services.save_draft(actor, assessment, PICTURES[index % len(PICTURES)])
            assessment_services.sign_assessment(actor, assessment)
