"""Settings come from the environment; production is the default whenever DEBUG is off."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECRET = "k3y-" + "a1b2c3d4e5f6g7h8" * 4


def run_manage(*args, **env):
    """Run manage.py in a clean environment holding only `env`."""
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def setting(name, **env):
    code = f"from django.conf import settings; print(repr(settings.{name}))"
    result = run_manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_check_deploy_is_clean_with_only_a_key_and_hosts():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=SECRET, ALLOWED_HOSTS="gov.example.org"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="gov.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_https_redirect_is_on_by_default_and_can_be_switched_off():
    env = {"DJANGO_SECRET_KEY": SECRET, "ALLOWED_HOSTS": "gov.example.org"}
    assert setting("SECURE_SSL_REDIRECT", **env) == "True"
    assert setting("SECURE_SSL_REDIRECT", SECURE_SSL_REDIRECT="0", **env) == "False"
    assert setting("DEBUG", **env) == "False"


def test_debug_mode_runs_without_any_variable():
    assert setting("DEBUG", DEBUG="1") == "True"
    assert setting("SECURE_SSL_REDIRECT", DEBUG="1") == "False"


def test_database_url_and_cache_url_are_honoured():
    env = {"DEBUG": "1"}
    assert "db.sqlite3" in setting("DATABASES['default']['NAME']", **env)
    engine = setting("DATABASES['default']['ENGINE']", DATABASE_URL="postgres://u:p@db.internal:5432/gov", **env)
    assert engine == "'django.db.backends.postgresql'"
    backend = setting("CACHES['default']['BACKEND']", CACHE_URL="redis://127.0.0.1:6379/1", **env)
    assert "RedisCache" in backend
    assert "LocMemCache" in setting("CACHES['default']['BACKEND']", **env)
    assert setting("MEDIA_ROOT", MEDIA_ROOT="/srv/media", **env) == "PosixPath('/srv/media')"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe'"),
        ({"DEBUG": "1", "SEARCH_BACKEND": "solr"}, "SEARCH_BACKEND='solr'"),
        ({"DEBUG": "1", "CACHE_URL": "memcached://x"}, "CACHE_URL must be a redis:// URL"),
    ],
)
def test_bad_environment_is_refused_clearly(env, message):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_chinese_language_and_shanghai_time():
    assert setting("LANGUAGE_CODE", DEBUG="1") == "'zh-hans'"
    assert setting("TIME_ZONE", DEBUG="1") == "'Asia/Shanghai'"


def test_static_files_are_compressed_and_hashed_in_production():
    backend = setting("STORAGES['staticfiles']['BACKEND']", DJANGO_SECRET_KEY=SECRET, ALLOWED_HOSTS="x.org")
    assert backend == "'whitenoise.storage.CompressedManifestStaticFilesStorage'"


def test_every_model_change_has_its_migration(tmp_path):
    """A block added to a StreamField changes the field: a deployment's `migrate` must know. Checked
    with other folders than this checkout's, as on any other machine: no migration may hold a path."""
    result = run_manage(
        "makemigrations",
        "--check",
        "--dry-run",
        DEBUG="1",
        IMPORT_ROOT=str(tmp_path / "imports"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
