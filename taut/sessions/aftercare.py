"""The aftercare sheet for a signed session, built from what was done.

The advice follows the clinics' service pages (hydration, gentle stretching of the muscles needled,
heat, no strenuous activity or heavy lifting for 24 hours) in Taut's own words; expected courses
and warning signs come from the kernel's adverse-event catalogue with its sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from taut.clinical import adverse_events, muscles
from taut.sessions.models import NeedlingSession

# Muscles over the chest wall or the upper lumbar spine: needling near the pleura.
NEAR_THORAX = {
    "quadratus_lumborum",
    "iliocostalis",
    "longissimus_thoracis",
    "multifidi",
    "rectus_abdominis",
}


@dataclass(frozen=True)
class Aftercare:
    patient_name: str
    performed_on: str
    clinic_name: str
    clinic_phone: str
    muscles: list[str]
    estim: bool
    advice: list[str]
    expected: list[str]
    call_us: list[str]
    emergency: list[str]


def build(session: NeedlingSession) -> Aftercare:
    rows = list(session.insertions.all())
    needled = sorted({muscles.get(r.muscle).label for r in rows})
    near_thorax = any(r.muscle in NEAR_THORAX for r in rows)
    soreness = adverse_events.ADVERSE_EVENTS["soreness"]
    # Bruising (2-week review) and infection signs paraphrase the catalogue's warning features.
    advice = [
        _("Drink plenty of water today."),
        _(
            "Stretch the needled muscles gently, a few times today and tomorrow, without forcing: %(muscles)s."
        )
        % {"muscles": ", ".join(needled) or _("the area treated")},
        _(
            "Warmth (a warm shower or a heat pack wrapped in a towel, 15 to 20 minutes) can ease soreness."
        ),
        _(
            "For 24 hours avoid strenuous exercise and heavy lifting; ordinary walking and daily activities are fine."
        ),
        _(
            "Keep doing the exercises your clinician gave you unless they make the pain clearly worse."
        ),
    ]
    # Numbers come from the kernel's catalogue (with its sources); the words are for patients.
    sore_hours = soreness.course.usual_resolution_h if soreness.course else 72
    sore_days = round((sore_hours or 72) / 24)
    expected = [
        _(
            "Soreness where the needles went in is expected. It is usually worst straight after "
            "the session and gone within about %(days)s days."
        )
        % {"days": sore_days},
        _("Small bruises can appear where a needle went in; they usually fade within days."),
        _("You may feel tired or a little light-headed for the rest of the day."),
    ]
    call_us = [
        _("Soreness that is still there after about %(days)s days, or is getting worse.")
        % {"days": sore_days},
        _("A bruise that is getting bigger, or has not faded after 2 weeks."),
        _("Red, hot or sore needle sites, pus, or a fever: call the same day."),
    ]
    emergency = [
        _(
            "New trouble passing urine or controlling your bowels, numbness between the legs, or weakness in both legs."
        ),
    ]
    if near_thorax:
        emergency.insert(
            0,
            _(
                "Chest pain or shortness of breath in the hours or the day after this session: call the emergency number now and say you had needling near the chest or upper back."
            ),
        )
    return Aftercare(
        patient_name=session.patient.display_name,
        performed_on=session.performed_on.isoformat(),
        clinic_name=session.clinic.name,
        clinic_phone=session.clinic.phone,
        muscles=needled,
        estim=any(r.estim for r in rows),
        advice=advice,
        expected=expected,
        call_us=call_us,
        emergency=emergency,
    )
