"""Taut's settings plus one hello-world view (``/bench/hello/``), the yardstick every page of
``bench/pages.py`` is measured against in the same run."""

from taut.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls_bench"
