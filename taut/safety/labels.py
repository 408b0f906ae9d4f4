"""Translatable display text for the kernel's safety vocabulary (the kernel holds no UI text)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from taut.clinical.contraindications import DiabetesStatus, EpilepsyStatus
from taut.clinical.red_flags import ActionLevel
from taut.clinical.regions import REGIONS, Side

LEVEL_LABELS: dict[ActionLevel, Promise] = {
    ActionLevel.EMERGENCY: gettext_lazy("Emergency"),
    ActionLevel.URGENT: gettext_lazy("Urgent"),
    ActionLevel.ROUTINE: gettext_lazy("Routine"),
    ActionLevel.CONSIDER: gettext_lazy("Consider"),
}

# What to do at each level (the kernel's ActionLevel definitions, in words for the clinician).
LEVEL_ACTIONS: dict[ActionLevel, Promise] = {
    ActionLevel.EMERGENCY: gettext_lazy(
        "Do not needle. Arrange emergency assessment now: the emergency department or a "
        "same-day emergency assessment."
    ),
    ActionLevel.URGENT: gettext_lazy(
        "Do not needle. Arrange medical review or referral today or tomorrow."
    ),
    ActionLevel.ROUTINE: gettext_lazy("Refer, not urgently."),
    ActionLevel.CONSIDER: gettext_lazy(
        "Weigh it in your clinical reasoning and safety-net the patient."
    ),
}

# The needling safety profile's questions, in the order of the form (NeedlingProfile fields
# without consent, which the consent app records).
PROFILE_LABELS: dict[str, Promise] = {
    "cannot_consent": gettext_lazy("Cannot give consent (communication, cognition or age)"),
    "unwilling": gettext_lazy("Unwilling to be needled (fear or beliefs)"),
    "needle_phobia": gettext_lazy("Needle phobia"),
    "acute_medical_emergency": gettext_lazy("A medical emergency or acute medical condition now"),
    "unstable_cardiac_condition": gettext_lazy("Unstable heart condition"),
    "implanted_cardiac_device": gettext_lazy(
        "Pacemaker, ICD, CRT or other implanted cardiac device"
    ),
    "epilepsy": gettext_lazy("Epilepsy"),
    "anticoagulant_or_antiplatelet": gettext_lazy(
        "Takes an anticoagulant or antiplatelet medicine"
    ),
    "bleeding_disorder": gettext_lazy("Bleeding disorder (for example haemophilia)"),
    "immunosuppressed": gettext_lazy(
        "Weakened immune system (HIV, immunosuppressants, chemotherapy)"
    ),
    "vascular_disease": gettext_lazy("Vascular disease, including varicose veins"),
    "diabetes": gettext_lazy("Diabetes"),
    "pregnant": gettext_lazy("Pregnant"),
    "child": gettext_lazy("Is a child"),
    "frail": gettext_lazy("Frail"),
    "psychological_concern": gettext_lazy("Psychological state calls for care"),
    "metal_allergy": gettext_lazy("Allergy to metal (nickel, chromium)"),
    "latex_allergy": gettext_lazy("Allergy to latex"),
    "long_term_steroids": gettext_lazy("Takes steroids or other relevant medicines"),
    "cardiac_condition": gettext_lazy(
        "Irregular heartbeat, angina, valve disease, recent heart surgery or heart failure"
    ),
    "recent_radiotherapy": gettext_lazy("Recent radiotherapy"),
    "peripheral_neuropathy": gettext_lazy("Peripheral neuropathy"),
    "recurrent_infections": gettext_lazy("Recurrent infections"),
    "chronic_oedema": gettext_lazy("Chronic oedema"),
    "hepatitis_b_or_c": gettext_lazy("Hepatitis B or C"),
    "lymphoedema_regions": gettext_lazy("Lymphoedema"),
    "local_infection_regions": gettext_lazy("Local infection, open wound or markedly swollen area"),
    "skin_condition_regions": gettext_lazy("Eczema or psoriasis"),
    "implant_regions": gettext_lazy("Cosmetic or surgical implant (breast, buttock, pectoral)"),
    "metal_implant_regions": gettext_lazy("Metal implant"),
    "other_reason_not_to_needle": gettext_lazy("Another reason not to needle"),
}

EPILEPSY_LABELS: dict[EpilepsyStatus, Promise] = {
    EpilepsyStatus.NONE: gettext_lazy("No"),
    EpilepsyStatus.CONTROLLED: gettext_lazy("Yes, controlled"),
    EpilepsyStatus.UNCONTROLLED: gettext_lazy("Yes, uncontrolled"),
}

DIABETES_LABELS: dict[DiabetesStatus, Promise] = {
    DiabetesStatus.NONE: gettext_lazy("No"),
    DiabetesStatus.STABLE: gettext_lazy("Yes, stable"),
    DiabetesStatus.UNSTABLE: gettext_lazy("Yes, unstable"),
}


def _side_word(side: Side) -> str:
    if side is Side.LEFT:
        return pgettext("patient's side", "left")
    return pgettext("patient's side", "right")


def region_ref_label(ref: str) -> str:
    """A region reference (``calf:left``) in words: the kernel's label, then the side."""
    code, _sep, side = ref.partition(":")
    region = REGIONS[code]
    if not side:
        return region.label
    return _("%(region)s, %(side)s") % {"region": region.label, "side": _side_word(Side(side))}


def region_ref_choices() -> list[tuple[str, str]]:
    """Every region reference a profile can name: each sided region on the left and right."""
    choices: list[tuple[str, str]] = []
    for region in REGIONS.values():
        refs = [f"{region.code}:{side}" for side in Side] if region.sided else [region.code]
        choices += [(ref, region_ref_label(ref)) for ref in refs]
    return choices
