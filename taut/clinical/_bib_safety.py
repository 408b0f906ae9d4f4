"""Bibliography entries (see taut.clinical.sources)."""

from taut.clinical._citation import Evidence, Source

ENTRIES: tuple[Source, ...] = ()
