"""Settings for every deployment, read from the environment.

Production is the default: DEBUG is off unless DEBUG=1, and then a secret key
and allowed hosts must be given. See README.md, "Production".
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent  # the project folder
SITE_DIR = BASE_DIR / "site"

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The project's own apps (site/ and the top-level folders).
    "districts",
    "snippets",
    "search",
    "publishing",
    "importers",
    "residents",
    "events",
    "demands",
    "pagecache",
    "services",
    "centres",
    "security",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.typed_table_block",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    # Security: CSP header, admin login lockout, two-factor login
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pagecache.middleware.PageCacheMiddleware",  # before sessions and CSRF: a hit skips them
    "pagecache.shared.SharedPartsMiddleware",  # a miss renders from the remembered site and district
    # Inside the page cache: a cached page keeps the policy (with its style hashes) it was made with.
    "security.headers.ContentSecurityPolicyMiddleware",
    "security.headers.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "security.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "publishing.display.DisplayPreferenceMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the 429 page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: a SQLite file in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an import writes; IMMEDIATE avoids
    # "database is locked" when two transactions upgrade to writers at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory unless CACHE_URL names a Redis server (redis://host:6379/0). Redis down →
# an empty cache (pagecache.backends), with short timeouts so a dead server costs little.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("CACHE_URL must be a redis:// URL.")
    CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.FailOpenRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Public pages are kept in that cache for up to PAGE_CACHE_SECONDS (0: off) and never served
# after what they show changed (site/pagecache).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# A page rendered afresh starts from its site and district home remembered in process memory
# for as long as the same generation numbers stand (site/pagecache/shared.py).
SHARED_PARTS_IN_MEMORY = env_bool("SHARED_PARTS_IN_MEMORY", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static files: compressed and hashed by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Media on several app servers: MEDIA_ROOT on a shared volume, or MEDIA_STORAGE=s3 for an
# S3-compatible bucket through django-storages (install boto3 for it; see README, "Production").
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "s3":
    if not env_str("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,  # else boto3's own chain (roles, ~/.aws)
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,  # MinIO, 阿里云 OSS, 腾讯云 COS…
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,  # a CDN in front of the bucket
            "location": env_str("AWS_LOCATION", "media"),
            "default_acl": None,  # the bucket's policy decides (public read for media)
            "querystring_auth": False,  # public images: plain, cacheable URLs
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured(f"MEDIA_STORAGE={MEDIA_STORAGE!r}: use local or s3.")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Imports: uploaded spreadsheets are kept (for the import history) outside MEDIA_ROOT.
IMPORT_ROOT = Path(env_str("IMPORT_ROOT") or BASE_DIR / "var" / "imports")
IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 40)  # through the admin
IMPORT_MAX_FILE_MB = env_int("IMPORT_MAX_FILE_MB", 1024)  # through the import_data command
IMPORT_BACKGROUND_BYTES = env_int("IMPORT_BACKGROUND_KB", 256) * 1024  # larger uploads run in the worker
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background work: Wagtail's own tasks run at once; imports go to a database queue
# served by `manage.py db_worker --backend imports` (IMPORTS_IN_BACKGROUND=0 runs them inline).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "imports": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if env_bool("IMPORTS_IN_BACKGROUND", True)
        else "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["imports"],
    },
}

# Wagtail
WAGTAIL_SITE_NAME = env_str("SITE_NAME", "党建引领基层治理")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xls", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024

# Search: Wagtail's database backend by default, taught Chinese by search.backend (word
# segmentation, traditional → simplified, pinyin initials; after switching run
# `manage.py update_index`); Elasticsearch or OpenSearch by
# SEARCH_BACKEND=elasticsearch8|elasticsearch9|opensearch2|opensearch3 and SEARCH_URL.
SEARCH_BACKEND = env_str("SEARCH_BACKEND", "database")
if SEARCH_BACKEND == "database":
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend"}}
elif SEARCH_BACKEND in {"elasticsearch7", "elasticsearch8", "elasticsearch9", "opensearch2", "opensearch3"}:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"wagtail.search.backends.{SEARCH_BACKEND}",
            "URLS": env_list("SEARCH_URL", ["http://127.0.0.1:9200"]),
            "INDEX": env_str("SEARCH_INDEX", "governance"),
        }
    }
else:
    raise ImproperlyConfigured(f"SEARCH_BACKEND={SEARCH_BACKEND!r} is not a known search backend.")

# Security: on by default, relaxed only by DEBUG or an explicit variable.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views override this with SAMEORIGIN themselves

# Content-Security-Policy (django-csp; security.headers picks the policy by path). Public pages run
# no inline script; the only inline styles are the brand colours, allowed by their hash per response.
# When the media storage's URLs are on another host (S3, a CDN), that host is added to img-src.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "worker-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin still has inline scripts and styles (widgets, panels) and frames its own previews.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "frame-ancestors": ["'self'"],
    }
}
ADMIN_URL_PREFIX = "/admin/"
# Permissions-Policy: location for the near-me lookup, nothing else.
OFF_FEATURES = [
    *("accelerometer", "autoplay", "bluetooth", "camera", "display-capture", "encrypted-media", "fullscreen"),
    *("gyroscope", "hid", "idle-detection", "magnetometer", "microphone", "midi", "payment"),
    *("picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking"),
]
PERMISSIONS_POLICY = {"geolocation": ["self"]} | {feature: [] for feature in OFF_FEATURES}

# The client's address: REMOTE_ADDR, or, behind N trusted proxies (TRUSTED_PROXY_COUNT=N), the
# address the outermost of them saw in X-Forwarded-For. Used by the login lockout and rate limits.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Admin login: locked for AXES_COOLOFF_MINUTES after AXES_FAILURE_LIMIT failures of one username
# from one address; `manage.py axes_reset_username NAME` (or the admin's 解除锁定) unlocks early.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "security.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "security.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
AXES_ENABLE_ADMIN = False  # no Django admin here: security.wagtail_hooks lists lockouts in Wagtail's

# Two-factor login (TOTP): a user who has enrolled an authenticator app must give its code after the
# password; TWO_FACTOR_REQUIRED=1 makes every staff user enrol before reaching the admin.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
OTP_TOTP_ISSUER = env_str("SITE_NAME", "党建引领基层治理")

# Uploads: documents are downloaded as attachments with their own CSP, except PDF, which browsers
# show in their own viewer; served through Django so the headers always apply.
WAGTAILDOCS_SERVE_METHOD = env_str("WAGTAILDOCS_SERVE_METHOD", "serve_view")
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)  # /media/ from Django (security.media) when no proxy serves it

LOGIN_URL = "wagtailadmin_login"

# Every handler masks mobile and ID numbers (security.personal_data.MaskPersonalData).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_personal_data": {"()": "security.personal_data.MaskPersonalData"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]},
        "mail_admins": {
            "class": "security.personal_data.MaskingAdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "mask_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's default handlers for these, which would not mask.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # Wagtail logs every page action and django-tasks every task at INFO.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
