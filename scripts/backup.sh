#!/usr/bin/env bash
# Back up the database, MEDIA_ROOT and IMPORT_ROOT into one new folder, with a manifest and checksums.
#
#   scripts/backup.sh [OUT_DIR]          # default: backups/<UTC time>/ in the project folder
#
# Reads the same environment as the site (README "Production"): DATABASE_URL (default: the SQLite file
# db.sqlite3 in the project folder), MEDIA_ROOT (default media/), IMPORT_ROOT (default var/imports/).
# Safe while the site runs: PostgreSQL through pg_dump (one consistent snapshot, custom format);
# SQLite through its online backup API (a consistent copy even while it is written to).
#
# The folder holds database.dump (PostgreSQL) or database.sqlite3, media.tar.gz, imports.tar.gz,
# manifest.json and SHA256SUMS (check it with `sha256sum -c SHA256SUMS`). The uploaded import files
# hold residents' personal data: keep backups where only the site's administrators can read them.
# Restore with scripts/restore.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
DATABASE_URL="${DATABASE_URL:-sqlite:///$ROOT/db.sqlite3}"
MEDIA_ROOT="${MEDIA_ROOT:-$ROOT/media}"
IMPORT_ROOT="${IMPORT_ROOT:-$ROOT/var/imports}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="${1:-$ROOT/backups/$STAMP}"

if [ -e "$OUT" ] && [ -n "$(ls -A "$OUT" 2>/dev/null)" ]; then
  echo "backup.sh: $OUT exists and is not empty: choose a new folder" >&2
  exit 2
fi
umask 077  # personal data inside: readable by this user only
mkdir -p "$OUT"
PARTIAL="$OUT/.incomplete"
touch "$PARTIAL"  # removed at the very end: a backup with this file was interrupted

case "$DATABASE_URL" in
  postgres://* | postgresql://*)
    ENGINE=postgresql
    DB_FILE=database.dump
    pg_dump --format=custom --no-owner --no-privileges --file "$OUT/$DB_FILE" "$DATABASE_URL"
    ;;
  sqlite://*)
    ENGINE=sqlite
    DB_FILE=database.sqlite3
    SQLITE_PATH="${DATABASE_URL#sqlite://}"
    SQLITE_PATH="${SQLITE_PATH#/}"
    [ -f "$SQLITE_PATH" ] || { echo "backup.sh: no SQLite database at $SQLITE_PATH" >&2; exit 1; }
    "$PYTHON" - "$SQLITE_PATH" "$OUT/$DB_FILE" <<'PY'
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)  # the online backup API: consistent while the site writes
ok = target.execute("PRAGMA integrity_check").fetchone()[0]
target.close(); source.close()
sys.exit(0 if ok == "ok" else f"backup.sh: the copy fails SQLite's integrity check: {ok}")
PY
    ;;
  *)
    echo "backup.sh: DATABASE_URL must be postgres://… or sqlite:///…" >&2
    exit 2
    ;;
esac

archive() {  # archive NAME FOLDER: the folder's contents (not the folder itself), empty if it is missing
  if [ -d "$2" ]; then
    tar -czf "$OUT/$1" -C "$2" .
  else
    tar -czf "$OUT/$1" --files-from /dev/null
  fi
}
archive media.tar.gz "$MEDIA_ROOT"
archive imports.tar.gz "$IMPORT_ROOT"

COMMIT="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
"$PYTHON" - "$OUT" "$ENGINE" "$DB_FILE" "$STAMP" "$COMMIT" "$MEDIA_ROOT" "$IMPORT_ROOT" <<'PY'
import json, os, socket, sys, tarfile
out, engine, db_file, stamp, commit, media_root, import_root = sys.argv[1:]
def members(name):
    with tarfile.open(os.path.join(out, name)) as tar:
        return sum(1 for m in tar.getmembers() if m.isfile())
manifest = {
    "format": 1,
    "created_at": stamp,
    "host": socket.gethostname(),
    "code_commit": commit,
    "database": {"engine": engine, "file": db_file, "bytes": os.path.getsize(os.path.join(out, db_file))},
    "media": {"file": "media.tar.gz", "from": media_root, "files": members("media.tar.gz")},
    "imports": {"file": "imports.tar.gz", "from": import_root, "files": members("imports.tar.gz")},
}
with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as handle:
    json.dump(manifest, handle, ensure_ascii=False, indent=2)
PY
(cd "$OUT" && sha256sum "$DB_FILE" media.tar.gz imports.tar.gz manifest.json >SHA256SUMS)
rm -f "$PARTIAL"
echo "backup.sh: $ENGINE database, media and import files backed up to $OUT" >&2
echo "$OUT"
