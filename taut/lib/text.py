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


# Letters that carry no accent to strip but that people type plainly.
_PLAIN = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "þ": "th"}
)


def _words(text: str, *, join_marks: bool = False) -> list[str]:
    """Folded words; hyphens and apostrophes split words, or join them (O'Brien: obrien)."""
    if join_marks:
        text = re.sub(r"[-'’‐]", "", text)
    return fold(re.sub(r"[^\w]+", " ", text)).translate(_PLAIN).split()


def names_match(
    typed: str, *, given_names: str, family_name: str, preferred_name: str = ""
) -> bool:
    """Whether a typed name is the person's: their (first) family name and their first given or
    preferred name, in any order, and no word that is not one of their names. Accents, case,
    hyphens and apostrophes aside: 'nunez jose', 'José Núñez García' and 'Sean OBrien' match."""
    return any(
        _match(
            _words(typed, join_marks=joined),
            given=_words(given_names, join_marks=joined),
            family=_words(family_name, join_marks=joined),
            preferred=_words(preferred_name, join_marks=joined),
        )
        for joined in (False, True)
    )


def _match(words: list[str], *, given: list[str], family: list[str], preferred: list[str]) -> bool:
    known = set(family) | set(given) | set(preferred)
    return (
        bool(words)
        and bool(family)
        and all(w in known for w in words)
        and family[0] in words
        and any(w in words for w in given[:1] + preferred[:1])
    )
