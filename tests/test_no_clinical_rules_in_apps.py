"""Clinical rules and numbers live in the kernel (taut/clinical), never in the apps.

Every module-level constant of an app whose value is a number or a collection of literals (a
threshold, a code list) must either move to the kernel, where it cites its source, or be listed
here with the reason it is not clinical. A new one fails this test until it is one or the other.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "taut"

# (module path under taut/, constant name): why it is not a clinical rule.
NOT_CLINICAL: dict[tuple[str, str], str] = {
    ("accounts/middleware.py", "PASSIVE_PATHS"): "URL prefixes that do not count as activity",
    ("api/api.py", "APPOINTMENT_FIELDS"): "maps service field names to API field names",
    ("appointments/demo.py", "SATURDAY"): "a weekday number for the demo's opening hours",
    ("appointments/forms.py", "MAX_SERIES"): "how many appointments one booking form takes",
    ("appointments/ics.py", "LINE_OCTETS"): "the iCalendar line length (RFC 5545)",
    ("appointments/rules.py", "MIN_MINUTES"): "shortest bookable appointment",
    ("appointments/rules.py", "MAX_MINUTES"): "longest bookable appointment",
    ("appointments/rules.py", "SLOT_STEP_MINUTES"): "the calendar's grid",
    ("appointments/rules.py", "WEEKDAY_NAMES"): "labels",
    ("assessment/services.py", "AMENDED_FIELDS"): "the model fields an amendment copies",
    ("assessment/views.py", "EMPTY_PALPATION_ROWS"): "blank rows on the form",
    ("assessment/views.py", "SUGGESTED_ROWS"): "how many suggested muscles get a row",
    ("bodychart/geometry.py", "VIEWBOX_WIDTH"): "drawing coordinates",
    ("bodychart/geometry.py", "VIEWBOX_HEIGHT"): "drawing coordinates",
    ("bodychart/geometry.py", "CROTCH_Y"): "drawing coordinates",
    ("bodychart/geometry.py", "ANKLE_Y"): "drawing coordinates",
    ("bodychart/geometry.py", "_SACRUM"): "drawing coordinates",
    ("bodychart/geometry.py", "_NECK_TOP"): "drawing coordinates",
    ("bodychart/templatetags/bodychart.py", "KINDS"): "the chart's two modes",
    ("cli.py", "VERBS"): "command names",
    ("office/services.py", "CLINIC_SETTINGS_FIELDS"): "the settings form's fields",
    ("office/services.py", "LOCATION_FIELDS"): "the location form's fields",
    ("office/views.py", "STAFF_CHANGES"): "the staff actions a URL names",
    (
        "office/services.py",
        "INVITATION_DAYS",
    ): "how long an invitation link works (security, not clinical)",
    ("appointments/services.py", "CLOSURE_MAX_DAYS"): "longest closure one entry may cover",
    ("appointments/services.py", "CLOSURE_YEARS_AHEAD"): "how far ahead a closure may be set",
    ("chart/views.py", "MY_DAY_REACH_DAYS"): "how far the day picker reaches (bad-input guard)",
    ("outbox/services.py", "MAX_ATTEMPTS"): "delivery retries before a visible failure",
    ("outbox/services.py", "BATCH"): "messages claimed at once (throughput)",
    ("outbox/views.py", "PAGE_SIZE"): "rows per page",
    ("chart/views.py", "CHART_SESSIONS"): "how many sessions the chart lists before 'show all'",
    ("bodychart/templatetags/bodychart.py", "RENDERED_KEPT"): "drawings kept per process (memory)",
    ("accounts/middleware.py", "LAST_SEEN_REFRESH_SECONDS"): "how often activity is stamped",
    ("sessions/queries.py", "CARRIED"): "fields a new draft copies from the last session",
    ("sessions/queries.py", "ESTIM_FIELDS"): "stimulation fields left out without consent",
    ("appointments/forms.py", "PERIODS_PER_DAY"): "time-picker pairs per weekday row",
    ("consent/services.py", "MAX_TITLE"): "text length limit",
    ("consent/services.py", "MAX_BODY"): "text length limit",
    ("consent/services.py", "MAX_NAME"): "text length limit",
    ("consent/signature.py", "PAD_WIDTH"): "signature pad size",
    ("consent/signature.py", "PAD_HEIGHT"): "signature pad size",
    ("consent/signature.py", "MAX_LENGTH"): "signature data limit",
    ("consent/signature.py", "MAX_SEGMENTS"): "signature data limit",
    ("consent/signature.py", "_ARITY"): "SVG path command arity",
    ("episodes/forms.py", "DIAGNOSIS_FIELDS"): "form field names",
    ("interop/questionnaire.py", "MAX_BYTES"): "upload size limit",
    ("interop/questionnaire.py", "MAX_TEXT_CHARS"): "text length limit",
    ("interop/questionnaire.py", "MAX_TITLE_CHARS"): "text length limit",
    ("interop/questionnaire.py", "MAX_VALIDATION_PROBLEMS"): "how many problems a refusal lists",
    ("interop/questionnaire.py", "NOT_ANSWERABLE"): "FHIR item types that take no answer",
    ("lib/env.py", "_TRUE"): "words for yes in environment variables",
    ("lib/env.py", "_FALSE"): "words for no in environment variables",
    ("outcomes/burden.py", "ACTIVE_WEIGHT"): "a display shading of the heat map, not a score",
    ("outcomes/burden.py", "LATENT_WEIGHT"): "a display shading of the heat map, not a score",
    ("outcomes/burden.py", "SHADE_CAP"): "a display shading of the heat map, not a score",
    ("outcomes/charts.py", "WIDTH"): "chart size",
    ("outcomes/charts.py", "HEIGHT"): "chart size",
    ("outcomes/charts.py", "FONT_SIZE"): "chart text",
    ("outcomes/charts.py", "MIN_TICK_GAP"): "chart layout",
    ("outcomes/charts.py", "INSET"): "chart layout",
    ("outcomes/charts.py", "DATE_LABEL_WIDTH"): "chart layout",
    ("outcomes/wording.py", "MAX_SOURCE_CHARS"): "text length limit",
    ("patients/forms.py", "OLDEST_AGE_YEARS"): "a plausible date of birth, not a clinical age",
    ("patients/services.py", "DEMOGRAPHIC_FIELDS"): "model fields",
    ("patients/views.py", "PAGE_SIZE"): "list paging",
    (
        "plans/models.py",
        "MAX_PLANNED_SESSIONS",
    ): "how many dates one plan can hold (the kernel proposes 2-6)",
    ("safety/services.py", "CONSENT_FIELDS"): "profile fields the consent app records instead",
    ("sessions/services.py", "ESTIM_CHANNELS"): "labels for electrode channels",
    ("sessions/services.py", "ACUPUNCTURE_UNITS"): "how many units the session form describes",
    ("sessions/services.py", "SIMPLE_FIELDS"): "model fields a save and an amendment copy",
    ("sessions/services.py", "MAX_COUNT"): "the largest count a record takes (typing slips)",
    ("sessions/services.py", "MAX_PULSE_WIDTH_US"): "the largest pulse width a record takes",
    ("sessions/views.py", "SERVICE_FIELDS"): "maps service field names to the page's fields",
    ("sessions/views.py", "EMPTY_ROWS"): "blank rows on the form",
}
# Whole modules that are configuration or demo data, not rules.
NOT_CLINICAL_MODULES = {"settings.py", "settings_test.py", "demo"}


def _literal(node: ast.expr) -> bool:
    """A number, or a collection made only of literals (strings count inside collections)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int | float | str) and not isinstance(node.value, bool)
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return bool(node.elts) and all(_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return bool(node.keys) and all(
            k is not None and _literal(k) and _literal(v)
            for k, v in zip(node.keys, node.values, strict=True)
        )
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return (
            node.func.id in {"frozenset", "set", "tuple"}
            and len(node.args) == 1
            and (_literal(node.args[0]))
        )
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _literal(node.operand)
    return False


def _constants(path: Path) -> list[tuple[str, str]]:
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            if not isinstance(target, ast.Name) or not target.id.lstrip("_").isupper():
                continue
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                continue  # a single string: a name, a label or a source key
            if _literal(value):
                found.append((str(path.relative_to(ROOT)), target.id))
    return found


def _app_modules() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if "clinical" not in path.relative_to(ROOT).parts
        and "migrations" not in path.parts
        and path.relative_to(ROOT).parts[0] not in NOT_CLINICAL_MODULES
    ]


def test_no_app_module_defines_an_unexplained_threshold_or_code_list():
    unexplained = [
        f"{module}: {name}"
        for path in _app_modules()
        for module, name in _constants(path)
        if (module, name) not in NOT_CLINICAL
    ]

    assert unexplained == [], (
        "Move these to taut/clinical with their sources, or explain here why they are not "
        f"clinical: {unexplained}"
    )


def test_every_exemption_still_exists():
    present = {pair for path in _app_modules() for pair in _constants(path)}

    assert sorted(set(NOT_CLINICAL) - present) == []


def test_the_check_finds_a_threshold(tmp_path):
    module = tmp_path / "rules.py"
    module.write_text('MAX_SESSIONS = 6\nCODES = ("a", "b")\nNAME = "x"\n', encoding="utf-8")

    names = [
        name
        for node in ast.parse(module.read_text()).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and _literal(node.value)
        for name in [target.id]
        if not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str))
    ]
    assert names == ["MAX_SESSIONS", "CODES"]
