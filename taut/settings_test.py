"""Settings for the test suite: the production settings with fast, offline overrides."""

import os

os.environ.setdefault("TAUT_SECRET_KEY", "test-only-secret-key-not-for-production")

from taut.settings import *  # noqa: E402, F403
from taut.settings import DATABASES, STATIC_ROOT  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE"}

# Serve static files from the apps' folders (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Live-server threads must not keep connections open past a test, or PostgreSQL cannot drop the
# test database at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0
