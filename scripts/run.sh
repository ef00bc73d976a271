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
echo
echo "Site:  http://127.0.0.1:$PORT/"
echo "Admin: http://127.0.0.1:$PORT/admin/"
echo
exec "$PY" manage.py runserver "127.0.0.1:$PORT"
