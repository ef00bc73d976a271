#!/usr/bin/env bash
# Make .venv (Python 3.11+) with requirements-dev.txt installed. Idempotent:
# the install is skipped while the requirements files are unchanged.
# Run it, or source it: it then leaves ROOT, VENV and PY set, and as_root and
# apt_install defined, for scripts/run.sh and scripts/test.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
# Inside .venv, so a new venv never inherits an old stamp.
STAMP="$VENV/.bootstrap-stamp"

can_be_root() { [ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; }

# as_root CMD...: run CMD as root (sudo -n when we are not root: no stdin in CI).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif can_be_root; then
    sudo -n "$@"
  else
    echo "bootstrap: needs root or passwordless sudo: $*" >&2
    return 1
  fi
}

# apt_install PKG...: Debian packages, with one `apt-get update` per run. apt's
# chatter goes to a temporary log, shown only when the install fails.
apt_install() {
  local log
  log="$(mktemp)"
  echo "bootstrap: apt-get install $*" >&2
  if ! {
    { [ -n "${_APT_UPDATED:-}" ] || as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q; } &&
      _APT_UPDATED=1 &&
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
  } >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    rm -f "$log"
    echo "bootstrap: apt-get install $* failed" >&2
    return 1
  fi
  rm -f "$log"
}

python_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }

# A venv whose interpreter no longer runs (moved folder, removed Python) is rebuilt.
if [ -e "$VENV" ] && ! python_ok "$PY"; then
  echo "bootstrap: $VENV is unusable or older than Python 3.11; recreating it" >&2
  rm -rf "$VENV"
fi

if [ ! -e "$VENV" ]; then
  if ! command -v python3 >/dev/null || ! python_ok python3; then
    echo "bootstrap: installing python3 (3.11+ needed)" >&2
    apt_install python3 python3-venv
  fi
  python_ok python3 || { echo "bootstrap: python3 is older than 3.11" >&2; exit 1; }
  # Debian's python3 lacks ensurepip until python3-venv is installed: the first
  # try then fails and leaves a half-made folder.
  if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    echo "bootstrap: python3 -m venv failed; installing python3-venv" >&2
    apt_install python3-venv
    python3 -m venv "$VENV"
  fi
fi

want="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  echo "bootstrap: installing requirements-dev.txt into .venv" >&2
  # -qq: errors only (this machine's pip config warns about missing local indexes)
  "$PY" -m pip install -qq --disable-pip-version-check -r "$ROOT/requirements-dev.txt"
  echo "$want" >"$STAMP"
fi
