"""Settings for the test suite: the production settings with a test key and fast hashing."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1,.test")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="governance-test-media-"))  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Off, so that a test changing rows by hand sees its change; tests/pagecache turns it on.
PAGE_CACHE_SECONDS = 0
