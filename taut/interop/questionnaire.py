"""Reading a FHIR Questionnaire (R4/R4B JSON) into plain answerable items.

Only structure is read here; which kernel item each entry is, is decided by the caller
(``taut.outcomes.wording``). Texts are kept as plain text: nothing from the file is ever
rendered as HTML (templates escape it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from fhir.resources.R4B.questionnaire import Questionnaire, QuestionnaireItem
from pydantic import ValidationError

MAX_BYTES = 1_000_000  # a questionnaire is a few kB; anything near a megabyte is not one
MAX_TEXT_CHARS = 1_000  # one item's wording
MAX_TITLE_CHARS = 200
MAX_VALIDATION_PROBLEMS = 10
LOINC_SYSTEM = "http://loinc.org"

# Item types that carry no answer: a group only holds other items, a display item only text.
NOT_ANSWERABLE = frozenset({"group", "display"})


def _too_large() -> str:
    return _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 1_000_000}


class QuestionnaireError(ValueError):
    """The document is not a readable FHIR Questionnaire; ``problems`` says why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Coding:
    system: str | None
    code: str


@dataclass(frozen=True, slots=True)
class AnswerableItem:
    """One item a patient answers, in document order."""

    link_id: str
    text: str  # whitespace collapsed; empty when the file gives none
    codes: tuple[Coding, ...]
    option_count: int | None  # None when the file lists no answerOption

    def loinc_codes(self) -> frozenset[str]:
        return _loinc(self.codes)


@dataclass(frozen=True, slots=True)
class ParsedQuestionnaire:
    title: str
    codes: tuple[Coding, ...]
    items: tuple[AnswerableItem, ...]

    def loinc_codes(self) -> frozenset[str]:
        return _loinc(self.codes)


def _loinc(codes: Iterable[Coding]) -> frozenset[str]:
    return frozenset(c.code for c in codes if c.system in (None, LOINC_SYSTEM))


def clean_text(value: str | None) -> str:
    """Plain text with runs of whitespace (newlines, tabs) made single spaces, stripped."""
    return re.sub(r"\s+", " ", value or "").strip()


def _decode(document: bytes | str) -> str:
    if isinstance(document, str):
        if len(document.encode("utf-8")) > MAX_BYTES:
            raise QuestionnaireError([_too_large()])
        return document
    if len(document) > MAX_BYTES:
        raise QuestionnaireError([_too_large()])
    try:
        return document.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise QuestionnaireError([_("The file is not UTF-8 text.")]) from None


def _validation_problems(exc: ValidationError) -> list[str]:
    problems = []
    for error in exc.errors()[:MAX_VALIDATION_PROBLEMS]:
        where = ".".join(str(part) for part in error["loc"]) or "document"
        message = clean_text(str(error["msg"]))
        problems.append(f"{where}: {message}")
    if exc.error_count() > MAX_VALIDATION_PROBLEMS:
        more = exc.error_count() - MAX_VALIDATION_PROBLEMS
        problems.append(_("… and %(n)d more") % {"n": more})
    return [_("The file is not a valid FHIR Questionnaire."), *problems]


def _codings(codings: Iterable[object] | None) -> tuple[Coding, ...]:
    found = []
    for coding in codings or ():
        code = getattr(coding, "code", None)
        if code:
            found.append(Coding(system=getattr(coding, "system", None), code=str(code).strip()))
    return tuple(found)


def _answerable(items: Iterable[QuestionnaireItem] | None) -> Iterator[AnswerableItem]:
    """Depth first, in document order: groups are flattened, display items skipped."""
    for item in items or ():
        if item.type not in NOT_ANSWERABLE:
            yield AnswerableItem(
                link_id=str(item.linkId).strip(),
                text=clean_text(item.text),
                codes=_codings(item.code),
                option_count=len(item.answerOption) if item.answerOption else None,
            )
        if item.type != "display":
            yield from _answerable(item.item)


def parse_questionnaire(document: bytes | str) -> ParsedQuestionnaire:
    """Read a FHIR Questionnaire; raise QuestionnaireError when it is not one."""
    text = _decode(document)
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise QuestionnaireError(
            [
                _("The file is not valid JSON (%(why)s, line %(line)d).")
                % {"why": exc.msg, "line": exc.lineno}
            ]
        ) from None
    if not isinstance(raw, dict) or raw.get("resourceType") != "Questionnaire":
        kind = raw.get("resourceType") if isinstance(raw, dict) else None
        if kind:
            why = _("The file is not a FHIR Questionnaire (its resourceType is %(kind)s).") % {
                "kind": repr(str(kind)[:40])
            }
        else:
            why = _("The file is not a FHIR Questionnaire (no resourceType).")
        raise QuestionnaireError([why])
    try:
        questionnaire = Questionnaire.model_validate_json(text)
    except ValidationError as exc:
        raise QuestionnaireError(_validation_problems(exc)) from None
    title = clean_text(questionnaire.title) or clean_text(questionnaire.name)
    return ParsedQuestionnaire(
        title=title[:MAX_TITLE_CHARS],
        codes=_codings(questionnaire.code),
        items=tuple(_answerable(questionnaire.item)),
    )
