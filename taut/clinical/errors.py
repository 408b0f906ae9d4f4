"""Exceptions raised by the clinical kernel. Every message names the offending value."""


class UnknownCode(ValueError):
    """A code (region, muscle, red flag, instrument, diagnosis...) is not in the catalogue."""

    def __init__(self, kind: str, code: object) -> None:
        super().__init__(f"unknown {kind} code: {code!r}")
        self.kind = kind
        self.code = code
