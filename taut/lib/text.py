"""Normalising names and phone numbers so that searches match the way people type them."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse spaces: 'José  Núñez' → 'jose nunez'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)
