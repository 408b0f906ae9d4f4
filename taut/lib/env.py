"""Reading settings from environment variables with explicit, safe defaults."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    """Return the variable, or the contents of the file named by ``<name>_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str, *, pooling: str = "") -> dict[str, object]:
    """Translate ``postgres://user:password@host:port/name?options`` into a DATABASES entry.

    ``pooling``: ``""`` keeps each thread's connection open for a minute; ``"pool"`` shares a
    psycopg connection pool per process; ``"pgbouncer"`` opens a connection per request to a
    pgbouncer in transaction mode (no server-side cursors, which it cannot carry).
    """
    if pooling not in {"", "pool", "pgbouncer"}:
        raise ImproperlyConfigured(
            f"TAUT_DB_POOLING must be empty, pool or pgbouncer, not {pooling!r}"
        )
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// or postgresql://, not {parts.scheme!r}"
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL names no database")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": {**options, **({"pool": True} if pooling == "pool" else {})},
        # A pool or pgbouncer holds the connections; Django must then close its own each request.
        "CONN_MAX_AGE": 0 if pooling else 60,
        "CONN_HEALTH_CHECKS": not pooling,
        "DISABLE_SERVER_SIDE_CURSORS": pooling == "pgbouncer",
    }
