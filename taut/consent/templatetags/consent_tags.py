"""Rendering consent documents and drawn signatures.

``{{ document.body|consent_body }}``: the plain-text document as escaped HTML (headings,
paragraphs, lists). ``{% consent_signature consent %}``: the patient's drawn signature as an
inline SVG rebuilt from validated path data (taut.consent.signature).
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from taut.consent import signature
from taut.consent.models import Consent

register = template.Library()


def _block(block: str) -> SafeString:
    """One blank-line-separated block: headings, list items and paragraph lines, in order."""
    parts: list[SafeString] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            parts.append(format_html("<p>{}</p>", " ".join(paragraph)))
            paragraph.clear()
        if items:
            joined = format_html_join("", "<li>{}</li>", ((item,) for item in items))
            parts.append(format_html("<ul>{}</ul>", joined))
            items.clear()

    for line in (line.strip() for line in block.splitlines()):
        if not line:
            continue
        if line.startswith("## "):
            flush()
            parts.append(format_html("<h3>{}</h3>", line[3:].strip()))
        elif line.startswith("- "):
            if paragraph:
                flush()
            items.append(line[2:].strip())
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return mark_safe("".join(parts))  # noqa: S308 - every part was escaped by format_html


@register.filter
def consent_body(text: str) -> SafeString:
    """A document's text as HTML: "## " headings, "- " list items, paragraphs; all escaped."""
    blocks = [b for b in (text or "").replace("\r\n", "\n").split("\n\n") if b.strip()]
    return mark_safe("".join(_block(b) for b in blocks))  # noqa: S308 - built from escaped parts


@register.simple_tag
def consent_signature(consent: Consent) -> SafeString:
    """The drawn signature of a consent, or nothing for a typed-name consent."""
    if not consent.is_drawn:
        return SafeString("")
    return signature.render(
        consent.signature_svg,
        label=_("Signature of %(name)s") % {"name": consent.patient.display_name},
    )
