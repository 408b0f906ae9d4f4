import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from taut.lib.env import database_from_url


def import_settings(tmp_path, **env):
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("TAUT_") and k != "DATABASE_URL"
    }
    return subprocess.run(
        [sys.executable, "-c", "import taut.settings"],
        env={**clean, "TAUT_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_missing_secret_key_with_debug_off_refuses_to_start(tmp_path):
    result = import_settings(tmp_path)

    assert result.returncode != 0
    assert "TAUT_SECRET_KEY is not set" in result.stderr


def test_with_a_secret_key_and_defaults_debug_stays_off(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import taut.settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE)",
        ],
        env={
            **os.environ,
            "TAUT_DATA_DIR": str(tmp_path),
            "TAUT_SECRET_KEY": "x" * 50,
            "TAUT_DEBUG": "",
            "TAUT_SECURE_COOKIES": "",
        },
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split() == ["False", "True"]


def test_a_database_url_selects_postgresql():
    config = database_from_url("postgres://taut:s%40cret@db.internal:5433/taut?sslmode=require")

    assert (config["ENGINE"], config["NAME"], config["USER"], config["PASSWORD"]) == (
        "django.db.backends.postgresql",
        "taut",
        "taut",
        "s@cret",
    )
    assert (config["HOST"], config["PORT"], config["OPTIONS"]) == (
        "db.internal",
        "5433",
        {"sslmode": "require"},
    )


@pytest.mark.parametrize(
    ("pooling", "pool", "max_age", "server_cursors"),
    [("", False, 60, True), ("pool", True, 0, True), ("pgbouncer", False, 0, False)],
)
def test_connections_are_kept_pooled_or_left_to_pgbouncer(pooling, pool, max_age, server_cursors):
    config = database_from_url("postgres://taut@db/taut", pooling=pooling)

    assert config["OPTIONS"].get("pool", False) is pool
    assert config["CONN_MAX_AGE"] == max_age
    assert config["DISABLE_SERVER_SIDE_CURSORS"] is not server_cursors


def test_an_unknown_pooling_is_refused_clearly():
    with pytest.raises(ImproperlyConfigured, match="TAUT_DB_POOLING"):
        database_from_url("postgres://taut@db/taut", pooling="yes")


@pytest.mark.parametrize("url", ["mysql://x@y/z", "postgres://x@y/"])
def test_an_unusable_database_url_is_refused_clearly(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url)
