#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests. Usage: scripts/postgres.sh start|stop|restart|url
# Port: PG_PORT (default 55432). Data: /tmp/governance-pg-$PG_PORT. Listens on
# 127.0.0.1 only, trust auth, superuser `postgres` (Django's test runner needs
# CREATEDB for test_governance), database `governance`.
set -euo pipefail

PORT="${PG_PORT:-55432}"
DIR="/tmp/governance-pg-$PORT"
URL="postgres://postgres@127.0.0.1:$PORT/governance"

# Debian keeps the server binaries off PATH: take the newest installed version.
bindir() {
  local d
  d="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$d" ] && command -v pg_config >/dev/null; then d="$(pg_config --bindir)"; fi
  [ -x "$d/initdb" ] || { echo "postgres.sh: no PostgreSQL server found (apt-get install postgresql)" >&2; exit 1; }
  echo "$d"
}

# PostgreSQL refuses to run as root: as root, run its programs as `postgres`.
pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() { [ -f "$DIR/data/postmaster.pid" ] && pg "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; }

cd /tmp  # the postgres user may not be able to read the caller's folder

case "${1:-}" in
  start)
    BIN="$(bindir)"
    if running; then
      echo "postgres.sh: already running on 127.0.0.1:$PORT" >&2
      exit 0
    fi
    rm -rf "$DIR"
    mkdir -m 700 "$DIR"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$DIR"
    pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 ||
      { cat "$DIR/initdb.log" >&2; exit 1; }
    # Durability is pointless for a throwaway cluster: fsync off makes tests faster.
    if ! pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start -o \
      "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2; then
      cat "$DIR/server.log" >&2
      exit 1
    fi
    pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres governance
    echo "postgres.sh: started $URL (data in $DIR)" >&2
    ;;
  stop)
    if [ -d "$DIR" ]; then
      BIN="$(bindir)"
      if running; then pg "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null; fi
      rm -rf "$DIR"
      echo "postgres.sh: stopped and removed $DIR" >&2
    fi
    ;;
  restart)
    # A fast restart keeping the data (every connection is dropped): bench/faults.py's "PostgreSQL restarted".
    BIN="$(bindir)"
    running || { echo "postgres.sh: not running on 127.0.0.1:$PORT" >&2; exit 1; }
    pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -m fast -w -t 60 restart >/dev/null
    echo "postgres.sh: restarted on 127.0.0.1:$PORT" >&2
    ;;
  url)
    echo "$URL"
    ;;
  *)
    echo "usage: $0 start|stop|restart|url" >&2
    exit 2
    ;;
esac
