#!/usr/bin/env bash
# Create .venv with the locked dependencies, using only a Python 3.12+ interpreter found on the
# machine (PYTHON=/path/to/python3.12 picks one explicitly). uv is installed into .tools/ with pip.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  local candidate path
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3 \
      "$HOME/.pyenv/versions/3.12.1/bin/python" "$HOME/.pyenv/versions/3.13.0/bin/python"; do
    [ -n "$candidate" ] || continue
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if "$path" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      "$path" -c 'import sys; print(sys.executable)'
      return 0
    fi
  done
  # pyenv shims need a selected version; ask pyenv for any 3.12+ it has.
  if command -v pyenv >/dev/null 2>&1; then
    for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])' | sort -rV); do
      path="$(pyenv root)/versions/$version/bin/python"
      [ -x "$path" ] && { echo "$path"; return 0; }
    done
  fi
  echo "Taut needs Python 3.12 or newer. Install it, or set PYTHON=/path/to/python3.12." >&2
  return 1
}

PY=$(find_python)
if [ ! -x .tools/bin/uv ]; then
  "$PY" -m venv .tools
  .tools/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"
fi
UV_PYTHON_DOWNLOADS=never .tools/bin/uv sync --frozen --quiet --python "$PY" "$@"
