#!/usr/bin/env bash
# Lint and test. Usage: scripts/test.sh [--postgres] [pytest args...]
# Default database: SQLite. --postgres: a throwaway PostgreSQL cluster
# (scripts/postgres.sh), stopped again on exit.
set -euo pipefail
# shellcheck source=scripts/bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"

postgres=0
if [ "${1:-}" = "--postgres" ]; then
  postgres=1
  shift
fi

# Browser tests drive Debian's chromium; without it they skip themselves.
if [ ! -x /usr/bin/chromium ]; then
  if can_be_root; then
    apt_install chromium fonts-noto-cjk
  else
    echo "test: WARNING: /usr/bin/chromium missing and no root/sudo: browser tests will be skipped" >&2
  fi
fi

# The HTML and accessibility checks (tests/test_html_valid.py, tests/browser/test_publishing.py)
# need Java for vnu-jar and node_modules from package-lock.json; without them they skip themselves.
if ! command -v java >/dev/null || ! command -v npm >/dev/null; then
  if can_be_root; then
    apt_install default-jre-headless npm
  else
    echo "test: WARNING: java or npm missing and no root/sudo: HTML and axe checks will be skipped" >&2
  fi
fi
if command -v npm >/dev/null && [ ! -f node_modules/.package-lock.json -o package-lock.json -nt node_modules/.package-lock.json ]; then
  # --ignore-scripts: vnu-jar's install script would fetch a Java runtime; Debian's is used instead.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
fi

if [ "$postgres" = 1 ]; then
  if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    apt_install postgresql
  fi
  trap 'bash "$ROOT/scripts/postgres.sh" stop || true' EXIT
  bash scripts/postgres.sh start
  DATABASE_URL="$(bash scripts/postgres.sh url)"
  export DATABASE_URL
  echo "test: DATABASE_URL=$DATABASE_URL" >&2
else
  unset DATABASE_URL  # plain runs are the SQLite runs, whatever the shell has set
fi

# Run pytest even when ruff fails, so one run shows both; either fails the script.
lint=0
"$VENV/bin/ruff" check . || lint=$?
status=0
"$PY" -m pytest "$@" || status=$?
if [ "$status" -eq 0 ] && [ "$lint" -ne 0 ]; then
  echo "test: ruff check failed" >&2
  status=1
fi
exit "$status"
