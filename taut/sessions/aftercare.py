"""The aftercare sheet for a signed session, built from what was done.

The numbers and which warnings apply come from the kernel (``taut.clinical.aftercare``: the
clinics' advice, the adverse-event catalogue's courses, ``muscles.near_thorax`` for the chest
warning); this module only puts them in the patient's words.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from taut.clinical import aftercare, muscles
from taut.sessions.models import NeedlingSession


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
    needled = sorted({muscles.muscle_label(r.muscle) for r in rows})
    known = (muscles.MUSCLES.keys() | muscles.RETIRED_MUSCLES.keys()) & {r.muscle for r in rows}
    sheet = aftercare.plan(sorted(known))
    advice = [
        _("Drink plenty of water today."),
        _(
            "Stretch the needled muscles gently, a few times today and tomorrow, without forcing: %(muscles)s."
        )
        % {"muscles": ", ".join(needled) or _("the area treated")},
        _("Warmth (a warm shower or a heat pack wrapped in a towel) can ease soreness."),
        _(
            "For %(hours)s hours avoid strenuous exercise and heavy lifting; ordinary walking and daily activities are fine."
        )
        % {"hours": sheet.no_strenuous_activity_h},
        _(
            "Keep doing the exercises your clinician gave you unless they make the pain clearly worse."
        ),
    ]
    sore_days = sheet.soreness_gone_within_days
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
        ngettext(
            "A bruise that is getting bigger, or has not faded after %(days)s day.",
            "A bruise that is getting bigger, or has not faded after %(days)s days.",
            sheet.bruise_review_after_days,
        )
        % {"days": sheet.bruise_review_after_days},
        _("Red, hot or sore needle sites, pus, or a fever: call the same day."),
    ]
    emergency = [
        _(
            "New trouble passing urine or controlling your bowels, numbness between the legs, or weakness in both legs."
        ),
    ]
    if sheet.chest_warning:
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
