#!/usr/bin/env bash
# Run the site locally with demo content: http://127.0.0.1:8000/ (PORT overrides).
set -euo pipefail
# shellcheck source=scripts/bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"

export DEBUG=1  # dev settings: no secret key needed, demo accounts are created
PORT="${PORT:-8000}"

"$PY" manage.py migrate --noinput
"$PY" manage.py load_demo  # idempotent; prints the demo accounts
# Large imports are checked and written by a background worker (small ones in the request).
"$PY" manage.py db_worker --backend imports --queue-name imports --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT

echo
echo "Site:  http://127.0.0.1:$PORT/"
echo "Admin: http://127.0.0.1:$PORT/admin/"
echo
"$PY" manage.py runserver "127.0.0.1:$PORT"
