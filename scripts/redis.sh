#!/usr/bin/env bash
# A throwaway Redis server for the tests and benchmarks. Usage: scripts/redis.sh start|stop|url
# Port: REDIS_PORT (default 56379). Data: /tmp/governance-redis-$REDIS_PORT. Listens on 127.0.0.1 only,
# no persistence (a cache and nothing else). Installs Debian's redis-server when it is missing.
set -euo pipefail

PORT="${REDIS_PORT:-56379}"
DIR="/tmp/governance-redis-$PORT"
URL="redis://127.0.0.1:$PORT/0"

running() { [ -f "$DIR/redis.pid" ] && kill -0 "$(cat "$DIR/redis.pid")" 2>/dev/null; }

case "${1:-}" in
  start)
    if ! command -v redis-server >/dev/null; then
      # shellcheck source=scripts/bootstrap.sh
      source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh" >/dev/null
      apt_install redis-server
    fi
    if running; then
      echo "redis.sh: already running on 127.0.0.1:$PORT" >&2
      exit 0
    fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    redis-server --bind 127.0.0.1 --port "$PORT" --dir "$DIR" --save "" --appendonly no \
      --daemonize yes --pidfile "$DIR/redis.pid" --logfile "$DIR/server.log"
    for _ in $(seq 50); do
      redis-cli -p "$PORT" ping >/dev/null 2>&1 && break
      sleep 0.1
    done
    redis-cli -p "$PORT" ping >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
    echo "redis.sh: started $URL" >&2
    ;;
  stop)
    if running; then
      kill "$(cat "$DIR/redis.pid")"
      for _ in $(seq 50); do running || break; sleep 0.1; done
    fi
    rm -rf "$DIR"
    ;;
  url)
    echo "$URL"
    ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
