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


def _words(text: str) -> list[str]:
    return fold(re.sub(r"[^\w]+", " ", text)).split()


def names_match(
    typed: str, *, given_names: str, family_name: str, preferred_name: str = ""
) -> bool:
    """Whether a typed name is the person's: every family-name word and the first given (or the
    preferred) name, in any order, and no word that is not one of their names. Accents, case,
    hyphens and apostrophes aside: 'nunez jose' and 'José Núñez' both match José Núñez."""
    words = _words(typed)
    family = _words(family_name)
    given = _words(given_names)
    preferred = _words(preferred_name)
    known = set(family) | set(given) | set(preferred)
    firsts = set(given[:1] + preferred[:1])
    return (
        bool(words)
        and all(w in known for w in words)
        and all(w in words for w in family)
        and any(w in words for w in firsts)
    )
