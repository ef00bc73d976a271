#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: the database, MEDIA_ROOT and IMPORT_ROOT.
#
#   scripts/restore.sh BACKUP_DIR --yes
#
# Stop the app servers and the import worker first. Same environment as the site (DATABASE_URL,
# MEDIA_ROOT, IMPORT_ROOT; see scripts/backup.sh). Steps: the checksums are verified (nothing is
# touched if one fails); the database is replaced by the backup's (PostgreSQL: pg_restore --clean
# in one transaction into the existing, possibly empty, database; SQLite: the file replaced);
# MEDIA_ROOT and IMPORT_ROOT are replaced by the backup's, the old folders kept beside them as
# <folder>.before-restore-<time> until you delete them. Then run `manage.py migrate` if the code
# is newer than the backup, and start the site again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
DATABASE_URL="${DATABASE_URL:-sqlite:///$ROOT/db.sqlite3}"
MEDIA_ROOT="${MEDIA_ROOT:-$ROOT/media}"
IMPORT_ROOT="${IMPORT_ROOT:-$ROOT/var/imports}"
BACKUP="${1:-}"

if [ -z "$BACKUP" ] || [ "${2:-}" != "--yes" ]; then
  echo "usage: $0 BACKUP_DIR --yes   (replaces the database, MEDIA_ROOT and IMPORT_ROOT)" >&2
  exit 2
fi
[ -f "$BACKUP/SHA256SUMS" ] && [ -f "$BACKUP/manifest.json" ] || {
  echo "restore.sh: $BACKUP is not a backup folder (no SHA256SUMS / manifest.json)" >&2
  exit 2
}
[ ! -e "$BACKUP/.incomplete" ] || { echo "restore.sh: $BACKUP is an interrupted backup" >&2; exit 2; }
(cd "$BACKUP" && sha256sum --quiet -c SHA256SUMS) || {
  echo "restore.sh: checksums do not match: the backup is damaged, nothing was restored" >&2
  exit 1
}
ENGINE="$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["database"]["engine"])' "$BACKUP/manifest.json")"

case "$DATABASE_URL" in
  postgres://* | postgresql://*)
    [ "$ENGINE" = postgresql ] || { echo "restore.sh: the backup holds a $ENGINE database, DATABASE_URL is PostgreSQL" >&2; exit 2; }
    pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
      --dbname "$DATABASE_URL" "$BACKUP/database.dump"
    ;;
  sqlite://*)
    [ "$ENGINE" = sqlite ] || { echo "restore.sh: the backup holds a $ENGINE database, DATABASE_URL is SQLite" >&2; exit 2; }
    SQLITE_PATH="${DATABASE_URL#sqlite://}"
    SQLITE_PATH="${SQLITE_PATH#/}"
    mkdir -p "$(dirname "$SQLITE_PATH")"
    cp "$BACKUP/database.sqlite3" "$SQLITE_PATH.restoring"
    rm -f "$SQLITE_PATH-wal" "$SQLITE_PATH-shm"  # the old database's journal must not be replayed onto the new one
    mv -f "$SQLITE_PATH.restoring" "$SQLITE_PATH"
    ;;
  *)
    echo "restore.sh: DATABASE_URL must be postgres://… or sqlite:///…" >&2
    exit 2
    ;;
esac

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
replace() {  # replace FOLDER ARCHIVE
  local folder="${1%/}" fresh="${1%/}.restoring-$STAMP"
  mkdir -p "$fresh"
  tar -xzf "$BACKUP/$2" -C "$fresh"
  if [ -e "$folder" ]; then mv "$folder" "$folder.before-restore-$STAMP"; fi
  mv "$fresh" "$folder"
}
replace "$MEDIA_ROOT" media.tar.gz
replace "$IMPORT_ROOT" imports.tar.gz
echo "restore.sh: restored the $ENGINE database, $MEDIA_ROOT and $IMPORT_ROOT from $BACKUP" >&2
echo "restore.sh: the previous media and import folders are kept as *.before-restore-$STAMP" >&2
