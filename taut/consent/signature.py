"""Drawn signatures as SVG path data: validate, normalise, and render.

The signature pad (``taut/static/taut/signature.js``) writes path data such as
``M12 40 L13.5 41.2 L15 43`` into a hidden input. Only this grammar is accepted: the absolute
commands M, L, Q, C and Z, each followed by whole groups of plain numbers, every point inside the
pad. Anything else (markup, other commands, exponents, negative or out-of-range numbers, a path
with nothing drawn) is refused. What is stored is the normalised text that ``normalise`` returns,
and what is rendered is built again from the parsed numbers, so a stored value can never carry
markup into a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.html import format_html
from django.utils.safestring import SafeString

# The pad's coordinate system (its viewBox); the script scales pointer positions into it.
PAD_WIDTH = 600
PAD_HEIGHT = 200
MAX_LENGTH = 40_000  # characters of path data
MAX_SEGMENTS = 4_000

_ARITY = {"M": 2, "L": 2, "Q": 4, "C": 6, "Z": 0}
_TOKEN = re.compile(r"[MLQCZ]|\d{1,4}(?:\.\d{1,3})?")
_SEPARATOR = re.compile(r"[\s,]*")


class SignatureError(ValueError):
    """The path data is not a signature Taut accepts; the message says why, in plain words."""


@dataclass(frozen=True, slots=True)
class Segment:
    command: str
    numbers: tuple[Decimal, ...]


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    while True:
        position = _SEPARATOR.match(text, position).end()  # type: ignore[union-attr]
        if position == len(text):
            return tokens
        match = _TOKEN.match(text, position)
        if match is None:
            raise SignatureError(
                "The signature data contains something other than drawing commands and numbers."
            )
        tokens.append(match.group())
        position = match.end()


def parse(text: str) -> list[Segment]:
    """The segments of a drawn signature; raises SignatureError for anything Taut would not draw."""
    if not isinstance(text, str) or not text.strip():
        raise SignatureError("Nothing was drawn.")
    if len(text) > MAX_LENGTH:
        raise SignatureError("The signature is too long; clear the pad and sign again.")
    tokens = _tokens(text)
    segments: list[Segment] = []
    index = 0
    while index < len(tokens):
        command = tokens[index]
        if command not in _ARITY:
            raise SignatureError("The signature data must start each part with a command.")
        if not segments and command != "M":
            raise SignatureError("The signature data must start with a move (M).")
        index += 1
        arity = _ARITY[command]
        if arity == 0:
            segments.append(Segment(command, ()))
            continue
        groups = 0
        while index < len(tokens) and tokens[index] not in _ARITY:
            numbers = tokens[index : index + arity]
            if len(numbers) < arity or any(n in _ARITY for n in numbers):
                raise SignatureError(f"A {command} command needs {arity} numbers.")
            try:
                values = tuple(Decimal(n) for n in numbers)
            except InvalidOperation as exc:  # pragma: no cover - the token pattern prevents it
                raise SignatureError("The signature data contains a malformed number.") from exc
            for x, y in zip(values[::2], values[1::2], strict=True):
                if not (0 <= x <= PAD_WIDTH and 0 <= y <= PAD_HEIGHT):
                    raise SignatureError("The signature goes outside the signing pad.")
            # Repeated groups after M are lines, as in SVG.
            segments.append(Segment(command if groups == 0 or command != "M" else "L", values))
            groups += 1
            index += arity
        if groups == 0:
            raise SignatureError(f"A {command} command needs {arity} numbers.")
        if len(segments) > MAX_SEGMENTS:
            raise SignatureError("The signature is too long; clear the pad and sign again.")
    if not any(s.command in {"L", "Q", "C"} for s in segments):
        raise SignatureError("Nothing was drawn.")
    return segments


def _number(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_segments(segments: list[Segment]) -> str:
    return " ".join(
        segment.command + " ".join(_number(n) for n in segment.numbers) for segment in segments
    )


def normalise(text: str) -> str:
    """Validated, canonical path data for storage: ``M12 40 L13.5 41.2``."""
    return format_segments(parse(text))


def render(path_data: str, *, label: str) -> SafeString:
    """An inline SVG drawing of a stored signature, rebuilt from its parsed numbers.

    Stored data that does not parse (it never should) renders as nothing rather than as text.
    """
    try:
        d = format_segments(parse(path_data))
    except SignatureError:
        return SafeString("")
    return format_html(
        '<svg class="signature" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<rect x="0.5" y="0.5" width="{}" height="{}" fill="#ffffff" stroke="#d5dad4"/>'
        '<path d="{}" fill="none" stroke="#1d2733" stroke-width="2.5" '
        'stroke-linecap="round" stroke-linejoin="round"/></svg>',
        PAD_WIDTH,
        PAD_HEIGHT,
        label,
        PAD_WIDTH - 1,
        PAD_HEIGHT - 1,
        d,
    )
