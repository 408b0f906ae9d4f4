from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.template import Context, Template

from taut.audit.models import Action, AuditEntry
from taut.clinical.muscles import MUSCLES
from taut.consent.services import ensure_default_documents
from taut.lib.records import RecordStatus
from taut.sessions import services
from taut.sessions.models import Insertion, NeedleMismatch, NeedlingSession
from taut.sessions.services import InsertionInput, SessionInput
from tests.builders import actor_for, make_episode
from tests.consent.builders import make_consent
from tests.safety.builders import EMERGENCY, make_profile, make_safe_to_needle, make_screen

QL = InsertionInput(
    "quadratus_lumborum",
    "right",
    Decimal("0.30"),
    50,
    2,
    Decimal("35"),
    "pistoning",
    "ql_superficial_caudal",
    3,
)
GMED = InsertionInput(
    "gluteus_medius", "left", Decimal("0.30"), 50, 1, Decimal("30"), "static", retention_minutes=10
)
ESTIM = InsertionInput(
    "gluteus_medius",
    "left",
    Decimal("0.30"),
    50,
    2,
    Decimal("30"),
    "static",
    estim=True,
    estim_channel="A",
    estim_frequency_hz=Decimal("2"),
    estim_pulse_width_us=250,
    estim_intensity_ma=Decimal("2"),
    estim_minutes=15,
)


def complete(**changes):
    base = {
        "new_red_flags": False,
        "medication_changes": False,
        "side_effects_since_last": False,
        "nprs_before": 6,
        "position": "prone",
        "skin_cleaned": True,
        "single_use_sterile_needles": True,
        "insertions": [QL, GMED],
        "needles_out": 3,
        "nprs_after": 4,
        "massage": True,
        "stretching_given": True,
        "side_effects": [("soreness", "")],
    }
    base.update(changes)
    return SessionInput(**base)


@pytest.fixture
def ready(actor_a, patient_a):
    ensure_default_documents(actor_a.clinic)
    make_safe_to_needle(actor_a, patient_a)
    make_consent(actor_a, patient_a)
    return services.start_session(actor_a, make_episode(actor_a, patient_a))


def test_a_complete_session_signs_with_its_billing_code(actor_a, ready):
    services.save_session(actor_a, ready, complete())

    signed = services.sign_session(actor_a, ready)

    assert signed.status == RecordStatus.SIGNED
    assert signed.billing_codes == [["20560", 1]]  # two muscles


def test_three_muscles_bill_20561(actor_a, ready):
    third = InsertionInput("piriformis", "left", Decimal("0.30"), 60, 1, Decimal("45"), "static")
    services.save_session(actor_a, ready, complete(insertions=[QL, GMED, third], needles_out=4))

    assert services.sign_session(actor_a, ready).billing_codes == [["20561", 1]]


def test_an_open_emergency_red_flag_refuses_insertions_before_the_needle(actor_a, patient_a, ready):
    make_screen(actor_a, patient_a, EMERGENCY)

    with pytest.raises(services.SessionBlocked) as caught:
        services.save_session(actor_a, ready, complete())

    assert caught.value.codes == ["red_flag_open"]
    assert "Emergency red flag open" in caught.value.reasons[0]
    ready.refresh_from_db()
    assert (ready.status, ready.needled_at, ready.insertions.count()) == (
        RecordStatus.DRAFT,
        None,
        0,
    )


def test_missing_consent_refuses_insertions_before_the_needle(actor_a, patient_a):
    ensure_default_documents(actor_a.clinic)
    make_safe_to_needle(actor_a, patient_a)
    session = services.start_session(actor_a, make_episode(actor_a, patient_a))

    with pytest.raises(services.SessionBlocked) as caught:
        services.save_session(actor_a, session, complete())

    assert caught.value.codes == ["no_consent"]
    assert not Insertion.objects.exists()


def test_a_draft_without_insertions_saves_while_the_gate_blocks(actor_a, patient_a, ready):
    make_screen(actor_a, patient_a, EMERGENCY)

    services.save_session(actor_a, ready, complete(insertions=[], needles_out=None))

    ready.refresh_from_db()
    assert ready.nprs_before == 6


def test_stimulation_without_its_consent_is_refused_until_given(actor_a, patient_a, ready):
    with pytest.raises(services.SessionBlocked) as caught:
        services.save_session(actor_a, ready, complete(insertions=[QL, ESTIM], needles_out=4))
    assert caught.value.codes == ["no_estim_consent"]

    make_consent(actor_a, patient_a, kind="electrical_stimulation")
    services.save_session(actor_a, ready, complete(insertions=[QL, ESTIM], needles_out=4))
    assert services.sign_session(actor_a, ready).status == RecordStatus.SIGNED


def test_a_relative_contraindication_needs_an_override_reason(actor_a, patient_a, ready):
    make_profile(actor_a, patient_a, anticoagulant_or_antiplatelet=True)
    services.save_session(actor_a, ready, complete())
    with pytest.raises(services.SessionBlocked):
        services.sign_session(actor_a, ready)

    services.save_session(
        actor_a, ready, complete(overridden=["anticoagulant_or_antiplatelet"], override_reason="")
    )
    with pytest.raises(services.SessionBlocked) as caught:
        services.sign_session(actor_a, ready)
    assert any("reason for overriding" in r for r in caught.value.reasons)

    services.save_session(
        actor_a,
        ready,
        complete(
            overridden=["anticoagulant_or_antiplatelet"],
            override_reason="INR 2.1 today; pressure held",
        ),
    )
    assert services.sign_session(actor_a, ready).overridden == ["anticoagulant_or_antiplatelet"]


def test_needles_out_must_match_needles_in(actor_a, ready):
    services.save_session(actor_a, ready, complete(needles_out=2))

    with pytest.raises(services.SessionBlocked) as caught:
        services.sign_session(actor_a, ready)

    assert any("do not match" in r for r in caught.value.reasons)
    ready.refresh_from_db()
    assert ready.status == RecordStatus.DRAFT


def test_a_mismatch_is_its_own_safety_event(actor_a, ready):
    services.save_session(actor_a, ready, complete(needles_out=2))

    services.record_needle_mismatch(
        actor_a, ready, needles_out=2, action="Found in the sharps bin", all_found=True
    )

    event = NeedleMismatch.objects.get()
    assert (event.needles_in, event.needles_out, event.resolved, event.needles_accounted) == (
        3,
        2,
        True,
        3,
    )


@pytest.mark.parametrize(
    ("insertion", "message"),
    [
        (
            InsertionInput(
                "quadratus_lumborum", "right", Decimal("0.30"), 30, 1, Decimal("45"), "static"
            ),
            "beyond the needle's length",
        ),
        (
            InsertionInput("deltoid", "right", Decimal("0.30"), 30, 1, Decimal("20"), "static"),
            "deltoid",
        ),
        (
            InsertionInput("piriformis", "right", Decimal("0.30"), 30, 0, Decimal("20"), "static"),
            "at least 1",
        ),
        (
            InsertionInput(
                "piriformis", "right", Decimal("0.30"), 30, 1, Decimal("20"), "static", estim=True
            ),
            "stimulation needs",
        ),
        (
            InsertionInput(
                "piriformis",
                "right",
                Decimal("0.30"),
                30,
                1,
                Decimal("20"),
                "static",
                estim=True,
                estim_frequency_hz=Decimal("2"),
                estim_pulse_width_us=250,
                estim_intensity_ma=Decimal("2"),
                estim_minutes=10,
            ),
            "electrode channel",
        ),
        (
            InsertionInput("multifidi", "right", Decimal("0.30"), 30, 1, Decimal("20"), "static"),
            "multifidi",
        ),
    ],
)
def test_impossible_insertions_are_refused_and_nothing_saved(actor_a, ready, insertion, message):
    services.save_session(actor_a, ready, complete())

    with pytest.raises(services.SessionError, match=message):
        services.save_session(actor_a, ready, complete(insertions=[insertion]))

    assert Insertion.objects.filter(session=ready).count() == 2


def test_a_signed_session_is_locked_and_amended_with_a_reason(actor_a, ready):
    services.save_session(actor_a, ready, complete())
    services.sign_session(actor_a, ready)

    with pytest.raises(services.SessionLocked):
        services.save_session(actor_a, ready, complete())
    amendment = services.amend_session(actor_a, ready, reason="Depth recorded in cm")
    services.sign_session(actor_a, amendment)

    ready.refresh_from_db()
    assert (ready.status, amendment.version, amendment.insertions.count()) == (
        RecordStatus.AMENDED,
        2,
        2,
    )


def test_front_desk_cannot_sign(desk_a, actor_a, ready):
    services.save_session(actor_a, ready, complete())

    with pytest.raises(PermissionDenied):
        services.sign_session(actor_for(desk_a), ready)

    assert NeedlingSession.objects.get().status == RecordStatus.DRAFT


def test_acupuncture_sessions_bill_by_time(actor_a, ready):
    units = [(False, False), (False, True)]
    services.save_session(
        actor_a,
        ready,
        complete(modality="acupuncture", face_to_face_minutes=25, acupuncture_units=units),
    )

    assert services.sign_session(actor_a, ready).billing_codes == [["97810", 1], ["97811", 1]]


def test_each_acupuncture_unit_is_coded_by_its_own_stimulation(actor_a, patient_a, ready):
    make_consent(actor_a, patient_a, kind="electrical_stimulation")
    units = [(False, False), (True, True)]
    services.save_session(
        actor_a,
        ready,
        complete(
            modality="acupuncture",
            face_to_face_minutes=30,
            acupuncture_units=units,
            insertions=[QL, ESTIM],
            needles_out=4,
        ),
    )

    assert services.sign_session(actor_a, ready).billing_codes == [["97810", 1], ["97814", 1]]


@pytest.mark.parametrize(
    ("modality", "units", "insertions"),
    [
        pytest.param(
            "acupuncture", [(True, False)], [QL], id="stimulated-unit-no-stimulated-needle"
        ),
        pytest.param(
            "acupuncture", [(False, False)], [ESTIM], id="stimulated-needle-no-unit-says-so"
        ),
        pytest.param("dry_needling", [(False, False)], [QL], id="units-on-dry-needling"),
    ],
)
def test_acupuncture_units_must_agree_with_the_insertions(
    actor_a, ready, modality, units, insertions
):
    data = complete(
        modality=modality, face_to_face_minutes=15, acupuncture_units=units, insertions=insertions
    )

    with pytest.raises(services.SessionError) as caught:
        services.save_session(actor_a, ready, data)

    assert caught.value.field == "acupuncture_units"
    assert not Insertion.objects.filter(session=ready).exists()


def test_a_stimulated_unit_meets_the_stimulation_consent_check(actor_a, ready):
    data = complete(
        modality="acupuncture",
        face_to_face_minutes=15,
        acupuncture_units=[(True, False)],
        insertions=[ESTIM],
        needles_out=2,
    )

    with pytest.raises(services.SessionBlocked) as caught:
        services.save_session(actor_a, ready, data)

    assert caught.value.codes == ["no_estim_consent"]


@pytest.mark.parametrize("code", ["nonsense", "needle_phobia"])
def test_only_relative_contraindications_can_be_overridden(actor_a, ready, code):
    with pytest.raises(services.SessionError, match=repr(code)):
        services.save_session(actor_a, ready, complete(overridden=[code], override_reason="x"))

    assert not Insertion.objects.filter(session=ready).exists()


def test_a_session_entered_in_error_keeps_its_content_and_withdraws_every_version(actor_a, ready):
    services.save_session(actor_a, ready, complete())
    services.sign_session(actor_a, ready)
    amendment = services.amend_session(actor_a, ready, reason="Depth recorded in cm")
    services.sign_session(actor_a, amendment)

    services.mark_session_entered_in_error(actor_a, amendment, reason="Wrong patient")

    versions = NeedlingSession.objects.order_by("version")
    assert [(s.status, s.entered_in_error_reason) for s in versions] == [
        (RecordStatus.ENTERED_IN_ERROR, "Wrong patient"),
        (RecordStatus.ENTERED_IN_ERROR, "Wrong patient"),
    ]
    assert Insertion.objects.filter(session=amendment).count() == 2
    assert AuditEntry.objects.filter(action=Action.ENTERED_IN_ERROR).count() == 2


def test_a_draft_opened_by_mistake_is_withdrawn_and_a_new_one_can_open(actor_a, ready):
    services.mark_session_entered_in_error(actor_a, ready, reason="Opened for the wrong visit")

    fresh = services.start_session(actor_a, ready.episode)

    assert fresh.pk != ready.pk
    assert fresh.is_draft


@pytest.mark.parametrize("reason", ["", "   "])
def test_entered_in_error_needs_a_reason_and_changes_nothing(actor_a, ready, reason):
    with pytest.raises(services.SessionError, match="reason"):
        services.mark_session_entered_in_error(actor_a, ready, reason=reason)

    ready.refresh_from_db()
    assert (ready.status, ready.entered_in_error_at) == (RecordStatus.DRAFT, None)


def test_a_superseded_version_cannot_be_withdrawn_alone(actor_a, ready):
    services.save_session(actor_a, ready, complete())
    services.sign_session(actor_a, ready)
    services.sign_session(actor_a, services.amend_session(actor_a, ready, reason="Typo"))

    with pytest.raises(services.SessionLocked):
        services.mark_session_entered_in_error(actor_a, ready, reason="Wrong patient")

    ready.refresh_from_db()
    assert ready.status == RecordStatus.AMENDED


def test_front_desk_cannot_mark_a_session_entered_in_error(desk_a, ready):
    with pytest.raises(PermissionDenied):
        services.mark_session_entered_in_error(actor_for(desk_a), ready, reason="Mistake")

    ready.refresh_from_db()
    assert ready.status == RecordStatus.DRAFT


def test_overridden_contraindications_read_as_words_and_unknown_codes_as_themselves():
    session = NeedlingSession(overridden=["anticoagulant_or_antiplatelet", "retired_code"])

    assert session.overridden_labels == [
        "Takes an anticoagulant or antiplatelet medicine",
        "retired_code",
    ]


TREATMENT_CHART = Template(
    '{% load bodychart %}{% body_chart name="n" kind="treatment" highlight=highlight %}'
)


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("muscle", sorted(MUSCLES))
def test_every_muscle_needled_on_either_side_draws_on_the_treatment_chart(
    actor_a, ready, muscle, side
):
    Insertion.objects.create(
        session=ready,
        muscle=muscle,
        side=side,
        needle_gauge_mm=Decimal("0.30"),
        needle_length_mm=50,
        needle_count=1,
        depth_mm=Decimal("20"),
        technique="static",
    )

    highlight = ready.needled_regions
    html = TREATMENT_CHART.render(Context({"highlight": highlight}))

    assert highlight
    assert html.count("bc-hl--needled") >= len(highlight)
