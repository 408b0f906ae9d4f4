"""Turning an HTML page into a PDF with WeasyPrint (no network: only inline content is used)."""

from __future__ import annotations


def render_pdf(html: str) -> bytes:
    """Raises OSError when the system's Pango library is missing."""
    from weasyprint import HTML  # noqa: PLC0415 - imports system libraries on first use

    return bytes(HTML(string=html, base_url=None).write_pdf())
