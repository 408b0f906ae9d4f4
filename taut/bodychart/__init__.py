"""The pain-drawing body chart: a reusable, accessible template component (docs/bodychart.md)."""
