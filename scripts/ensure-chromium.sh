#!/usr/bin/env bash
# Browser tests drive Debian's Chromium. Install it when missing and we are root (CI, fresh
# machines); otherwise say that the browser tests will be skipped.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "Chromium is not installed: the browser tests will be skipped (apt-get install chromium)." >&2
fi
