"""Importing the licensed item wording a clinic holds (a FHIR Questionnaire), and reverting it.

The file is mapped item by item onto the kernel's instrument (rules in docs/wording.md). A file
that does not match is refused with every mismatch listed, and nothing is saved. Only the item
texts are stored; templates escape them, so nothing in the file is ever rendered as HTML.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from taut.audit.models import Action
from taut.audit.services import record
from taut.clinical import instruments
from taut.clinics.actor import Actor
from taut.clinics.permissions import Permission, require
from taut.interop.questionnaire import (
    MAX_TEXT_CHARS,
    AnswerableItem,
    QuestionnaireError,
    parse_questionnaire,
)
from taut.outcomes.models import InstrumentWording

MAX_SOURCE_CHARS = 200
# PSFS items are the patient's own activities: there is no wording to import.
NO_WORDING = frozenset({instruments.InstrumentCode.PSFS})


class WordingMismatch(ValueError):
    """The file cannot be used as this instrument's wording; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def importable_instruments() -> list[instruments.Instrument]:
    return [i for i in instruments.INSTRUMENTS.values() if i.code not in NO_WORDING]


def _definition(code: str) -> instruments.Instrument:
    try:
        definition = instruments.get(code)
    except ValueError:
        raise WordingMismatch([_("Unknown instrument %(code)r.") % {"code": code}]) from None
    if definition.code in NO_WORDING:
        raise WordingMismatch(
            [_("%(name)s has no fixed wording to import.") % {"name": definition.name}]
        )
    return definition


def _number_from_link_id(definition: instruments.Instrument, link_id: str) -> int | None:
    """ "3", "item-3", "item3" or "<instrument>-3" give 3; a kernel item's LOINC code too."""
    pattern = rf"(?:item-?|{re.escape(definition.code)}-)?(\d{{1,4}})"
    match = re.fullmatch(pattern, link_id, flags=re.IGNORECASE)
    if match:
        return int(match.group(1))
    by_loinc = {item.loinc: item.number for item in definition.items if item.loinc}
    return by_loinc.get(link_id.removeprefix("/"))


def _number_from_codes(definition: instruments.Instrument, entry: AnswerableItem) -> set[int]:
    codes = entry.loinc_codes()
    return {item.number for item in definition.items if item.loinc and item.loinc in codes}


def _map_items(
    definition: instruments.Instrument, entries: tuple[AnswerableItem, ...]
) -> tuple[dict[int, AnswerableItem], list[str]]:
    """Each kernel item number to its file entry, and every problem found on the way."""
    count = len(definition.items)
    problems: list[str] = []
    found: dict[int, list[AnswerableItem]] = {}
    for entry in entries:
        by_link = _number_from_link_id(definition, entry.link_id)
        by_code = _number_from_codes(definition, entry)
        if by_link is not None and by_code and by_code != {by_link}:
            problems.append(
                _("Item %(link)r: its linkId says item %(n)d but its LOINC code says item %(c)s.")
                % {
                    "link": entry.link_id,
                    "n": by_link,
                    "c": ", ".join(str(n) for n in sorted(by_code)),
                }
            )
            continue
        if by_link is None and len(by_code) > 1:
            problems.append(
                _("Item %(link)r carries the LOINC codes of several items.")
                % {"link": entry.link_id}
            )
            continue
        number = by_link if by_link is not None else next(iter(by_code), None)
        if number is None:
            problems.append(
                _("Unknown linkId %(link)r: it matches no item of the %(name)s.")
                % {"link": entry.link_id, "name": definition.name}
            )
        elif not 1 <= number <= count:
            problems.append(
                _("Extra item %(link)r: the %(name)s has items 1 to %(count)d.")
                % {"link": entry.link_id, "name": definition.name, "count": count}
            )
        else:
            found.setdefault(number, []).append(entry)
    for number, matched in sorted(found.items()):
        if len(matched) > 1:
            problems.append(
                _("Item %(n)d appears %(times)d times (linkIds %(links)s).")
                % {
                    "n": number,
                    "times": len(matched),
                    "links": ", ".join(repr(e.link_id) for e in matched),
                }
            )
    missing = [item.number for item in definition.items if item.number not in found]
    if missing:
        problems.append(
            _("Missing items: %(numbers)s.") % {"numbers": ", ".join(str(n) for n in missing)}
        )
    return {n: matched[0] for n, matched in found.items() if len(matched) == 1}, problems


def _check_items(
    definition: instruments.Instrument, mapped: dict[int, AnswerableItem]
) -> list[str]:
    problems: list[str] = []
    for item in definition.items:
        entry = mapped.get(item.number)
        if entry is None:
            continue
        if not entry.text:
            problems.append(_("Item %(n)d has no text.") % {"n": item.number})
        elif len(entry.text) > MAX_TEXT_CHARS:
            problems.append(
                _("Item %(n)d's text is longer than %(max)d characters.")
                % {"n": item.number, "max": MAX_TEXT_CHARS}
            )
        if entry.option_count is not None and entry.option_count != len(item.options):
            problems.append(
                _("Item %(n)d has %(file)d answer options; the %(name)s item has %(kernel)d.")
                % {
                    "n": item.number,
                    "file": entry.option_count,
                    "name": definition.name,
                    "kernel": len(item.options),
                }
            )
    return problems


def _check_panel(definition: instruments.Instrument, codes: frozenset[str]) -> list[str]:
    """A file coded as another instrument's LOINC panel is for that instrument."""
    for other in instruments.INSTRUMENTS.values():
        if other.code != definition.code and other.loinc_panel and other.loinc_panel in codes:
            return [
                _("The file is coded as the %(other)s (LOINC %(panel)s), not the %(name)s.")
                % {"other": other.name, "panel": other.loinc_panel, "name": definition.name}
            ]
    return []


def map_wording(code: str, document: bytes | str) -> tuple[str, dict[str, str]]:
    """The title and {"1": text, ...} for the instrument; raise WordingMismatch when it does not fit."""
    definition = _definition(code)
    try:
        parsed = parse_questionnaire(document)
    except QuestionnaireError as exc:
        raise WordingMismatch(exc.problems) from None
    if not parsed.items:
        raise WordingMismatch([_("The questionnaire has no items to answer.")])
    mapped, problems = _map_items(definition, parsed.items)
    problems = _check_panel(definition, parsed.loinc_codes()) + problems
    problems += _check_items(definition, mapped)
    if problems:
        raise WordingMismatch(problems)
    items = {str(n): mapped[n].text for n in sorted(mapped)}
    return parsed.title or definition.name, items


def import_wording(
    actor: Actor, *, instrument: str, document: bytes | str, source_name: str = ""
) -> InstrumentWording:
    """Store the file's wording as the clinic's current wording for the instrument."""
    require(actor, Permission.MANAGE_CLINIC)
    title, items = map_wording(instrument, document)
    with transaction.atomic():
        InstrumentWording.objects.select_for_update().filter(
            clinic=actor.clinic, instrument=instrument, is_current=True
        ).update(is_current=False)
        wording = InstrumentWording.objects.create(
            clinic=actor.clinic,
            instrument=instrument,
            title=title,
            items=items,
            source_name=source_name.strip()[:MAX_SOURCE_CHARS],
            imported_by=actor.user,
            is_current=True,
        )
        record(
            actor,
            Action.CREATE,
            object_type="instrument_wording",
            detail={
                "wording_id": wording.pk,
                "instrument": instrument,
                "title": title,
                "source_name": wording.source_name,
                "items": len(items),
            },
        )
    return wording


def revert_wording(actor: Actor, *, instrument: str) -> bool:
    """Go back to Taut's short labels for the instrument; False when none was imported."""
    require(actor, Permission.MANAGE_CLINIC)
    with transaction.atomic():
        current = (
            InstrumentWording.objects.select_for_update()
            .filter(clinic=actor.clinic, instrument=instrument, is_current=True)
            .first()
        )
        if current is None:
            return False
        current.is_current = False
        current.save(update_fields=["is_current"])
        record(
            actor,
            Action.UPDATE,
            object_type="instrument_wording",
            detail={"wording_id": current.pk, "instrument": instrument, "reverted": True},
        )
    return True


def current_wordings(actor: Actor) -> dict[str, InstrumentWording]:
    """The clinic's current imported wording per instrument code."""
    require(actor, Permission.MANAGE_CLINIC)
    return {
        w.instrument: w
        for w in InstrumentWording.objects.filter(
            clinic=actor.clinic, is_current=True
        ).select_related("imported_by")
    }
