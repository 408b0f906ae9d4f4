"""Taut's clinical kernel: sourced clinical knowledge as data, plus the rules that use it.

Standard library only. No Django, no clock (callers pass dates), no I/O. Every constant and
catalogue entry names a key of ``taut.clinical.sources.SOURCES``.
"""
