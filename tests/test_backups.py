"""scripts/backup.sh and scripts/restore.sh: back up the demo database and media, wipe, restore, compare.

The comparison is Django's own: `dumpdata` of every app before the backup and after the restore
must be equal, and every file of MEDIA_ROOT and IMPORT_ROOT must come back byte for byte. SQLite by
default; with DATABASE_URL=postgres://… (scripts/test.sh --postgres) the PostgreSQL path as well.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
pytestmark = pytest.mark.django_db


def script_env(database_url, media, imports):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "IMPORT_ROOT": str(imports),
        "PYTHON": sys.executable,
    }
    env.pop("CACHE_URL", None)
    return env


def run(env, *command):
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)


def dumpdata(env):
    out = run(env, sys.executable, "manage.py", "dumpdata", "--indent", "0", "--exclude", "contenttypes")
    assert out.returncode == 0, out.stderr
    return out.stdout


def files(folder):
    folder = Path(folder)
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def site_copy(tmp_path):
    """The demo media and an uploaded import file, in folders of their own."""
    media, imports = tmp_path / "media", tmp_path / "imports"
    shutil.copytree(settings.MEDIA_ROOT, media)
    (imports / "2026" / "11").mkdir(parents=True)
    (imports / "2026" / "11" / "花名册.csv").write_text("姓名,手机号码\n王伟,13909712345\n", encoding="utf-8")
    assert any(media.rglob("*.*")), "the demo has images"
    return media, imports


def backup_wipe_restore(env, media, imports, out, wipe_database, restore_env=None):
    """Back up from `env`, wipe, restore into `restore_env` (default: the same database), compare."""
    restore_env = restore_env or env
    before, media_before, imports_before = dumpdata(env), files(media), files(imports)
    backed_up = run(env, "bash", "scripts/backup.sh", str(out))
    assert backed_up.returncode == 0, backed_up.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["SHA256SUMS", "manifest.json", "media.tar.gz", "imports.tar.gz", env["_DB_FILE"]]
    )
    assert subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=out).returncode == 0

    wipe_database()
    shutil.rmtree(media)
    shutil.rmtree(imports)

    refused = run(restore_env, "bash", "scripts/restore.sh", str(out))  # no --yes: nothing happens
    assert refused.returncode == 2 and not media.exists()
    restored = run(restore_env, "bash", "scripts/restore.sh", str(out), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert dumpdata(restore_env) == before
    assert files(media) == media_before and files(imports) == imports_before
    return before


# Transactional: SQLite refuses to back up a connection in the middle of a write transaction
# (sqlite3_backup_step returns SQLITE_LOCKED, and Python's backup() retries for ever).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sqlite_backup_wipe_restore(tmp_path, site_copy):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path; the PostgreSQL one is the next test")
    media, imports = site_copy
    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as target:
        connection.ensure_connection()
        connection.connection.backup(target)  # the test database, demo content and all
    env = script_env(f"sqlite:///{database}", media, imports) | {"_DB_FILE": "database.sqlite3"}
    out = tmp_path / "backup"

    before = backup_wipe_restore(env, media, imports, out, wipe_database=database.unlink)
    assert '"model": "wagtailcore.page"' in before and '"model": "districts.district"' in before

    # A damaged backup is refused before anything is touched.
    (out / "media.tar.gz").write_bytes(b"not the archive")
    database.write_bytes(b"")
    damaged = run(env, "bash", "scripts/restore.sh", str(out), "--yes")
    assert damaged.returncode == 1 and "checksums do not match" in damaged.stderr
    assert database.read_bytes() == b"" and files(media)


@pytest.mark.postgres
def test_postgres_backup_wipe_restore(tmp_path, site_copy):
    """Backed up from the test database (the demo, committed); restored into a new, empty database."""
    import psycopg

    media, imports = site_copy
    source = connection.settings_dict
    base = f"postgres://{source['USER']}@{source['HOST']}:{source['PORT']}"
    admin = psycopg.connect(f"{base}/postgres", autocommit=True)
    admin.execute("DROP DATABASE IF EXISTS governance_restore_test")
    try:
        env = script_env(f"{base}/{source['NAME']}", media, imports) | {"_DB_FILE": "database.dump"}
        target = script_env(f"{base}/governance_restore_test", media, imports)

        def wipe():
            admin.execute("CREATE DATABASE governance_restore_test")

        before = backup_wipe_restore(env, media, imports, tmp_path / "backup", wipe, restore_env=target)
        assert '"model": "wagtailcore.page"' in before
    finally:
        admin.execute("DROP DATABASE IF EXISTS governance_restore_test WITH (FORCE)")
        admin.close()
