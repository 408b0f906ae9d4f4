#!/usr/bin/env bash
# System packages the tests need: Debian's Chromium for the browser tests and Pango for PDF output
# (WeasyPrint). Install what is missing when we are root (CI, fresh machines); otherwise say which
# tests will be skipped.
set -euo pipefail
missing=()
if ! command -v chromium >/dev/null 2>&1 && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  missing+=(chromium)
fi
if ! ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so"; then
  missing+=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} for the tests..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Not installed: ${missing[*]}. Browser or PDF tests will be skipped (apt-get install ${missing[*]})." >&2
fi
