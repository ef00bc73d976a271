"""The settings branches a multi-server deployment takes: Redis as the shared cache, media in an
S3-compatible bucket (checked as settings: no bucket is reached)."""

import ast
import os
import subprocess
import sys

from tests.test_settings import ROOT, SECRET, run_manage, setting

BASE = {"DJANGO_SECRET_KEY": SECRET, "ALLOWED_HOSTS": "gov.example.org"}


def settings_module(name, **env):
    """A value of config.settings as the environment makes it, without starting Django (the S3
    client library, boto3, is only installed where media live in a bucket)."""
    code = f"import config.settings as s; print(repr(s.{name}))"
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "PYTHONPATH": str(ROOT / "site")}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


def test_media_is_a_local_folder_by_default():
    storages = ast.literal_eval(setting("STORAGES", **BASE))
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_media_storage_s3_takes_the_bucket_from_the_environment():
    env = {
        **BASE,
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "governance-media",
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "secret-example",
        "AWS_S3_ENDPOINT_URL": "https://cos.ap-chengdu.myqcloud.com",
        "AWS_S3_REGION_NAME": "ap-chengdu",
        "AWS_S3_CUSTOM_DOMAIN": "media.gov.example.org",
    }
    storages = settings_module("STORAGES", **env)
    default = storages["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert options["bucket_name"] == "governance-media"
    assert options["access_key"] == "AKIDEXAMPLE" and options["secret_key"] == "secret-example"
    assert options["endpoint_url"] == "https://cos.ap-chengdu.myqcloud.com"
    assert options["region_name"] == "ap-chengdu"
    assert options["custom_domain"] == "media.gov.example.org"
    assert options["querystring_auth"] is False and options["file_overwrite"] is False
    # Static files stay with WhiteNoise on every server.
    assert "whitenoise" in storages["staticfiles"]["BACKEND"]


def test_media_storage_s3_without_a_bucket_or_an_unknown_storage_refuse_to_start():
    result = run_manage("check", **BASE, MEDIA_STORAGE="s3")
    assert result.returncode != 0 and "AWS_STORAGE_BUCKET_NAME" in result.stderr
    result = run_manage("check", **BASE, MEDIA_STORAGE="ftp")
    assert result.returncode != 0 and "MEDIA_STORAGE" in result.stderr


def test_cache_url_selects_redis_that_fails_open_with_short_timeouts():
    caches = ast.literal_eval(setting("CACHES", **BASE, CACHE_URL="redis://10.0.0.5:6379/1"))
    assert caches["default"]["BACKEND"] == "pagecache.backends.FailOpenRedisCache"
    assert caches["default"]["LOCATION"] == "redis://10.0.0.5:6379/1"
    assert caches["default"]["OPTIONS"]["socket_connect_timeout"] <= 1
    assert ast.literal_eval(setting("PAGE_CACHE_SECONDS", **BASE)) == 600
