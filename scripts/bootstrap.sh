#!/usr/bin/env bash
# Create the virtualenv and install the pinned runtime dependencies and Niaga itself.
set -euo pipefail
python=$1 venv=$2 lock=$3

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Niaga needs Python 3.11 or newer ($python is $("$python" --version 2>&1))." >&2
  exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
  if ! "$python" -m venv "$venv" 2>/dev/null; then
    # Debian/Ubuntu ship venv separately; virtualenv from PyPI works without root.
    rm -rf "$venv"
    echo "python3-venv is missing; using virtualenv from PyPI instead." >&2
    "$python" -m pip install --user --quiet virtualenv 2>/dev/null \
      || "$python" -m pip install --user --quiet --break-system-packages virtualenv
    "$python" -m virtualenv --quiet "$venv"
  fi
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/pip" install --quiet -r "$lock"
"$venv/bin/pip" install --quiet --no-deps -e .
