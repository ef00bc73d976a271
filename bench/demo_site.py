"""A throwaway copy of the demo site for the benchmarks: its own SQLite database, media and static files.

Production settings (DEBUG off, WhiteNoise's hashed static files) with what a loopback benchmark
needs relaxed: no HTTPS redirect or HSTS, loopback hosts allowed. The settings module is
bench.settings, which is the site's own plus the /bench/floor/ URL.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def bench_env(workdir, **extra):
    env = dict(os.environ)
    for name in ("CACHE_URL", "DATABASE_URL", "SEARCH_URL"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "k" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": f"sqlite:///{Path(workdir) / 'bench.sqlite3'}",
            "STATIC_ROOT": str(Path(workdir) / "static"),
            "MEDIA_ROOT": str(Path(workdir) / "media"),
            "SEARCH_BACKEND": "database",
            "IMPORTS_IN_BACKGROUND": "0",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "site")]),
        }
    )
    env.update(extra)
    return env


def manage(env, *args):
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def prepare(workdir, log=print):
    """Migrate a fresh SQLite database, load the demo content and collect static files; return the env."""
    env = bench_env(workdir)
    log("  migrate …")
    manage(env, "migrate", "--noinput", "-v0")
    log("  load_demo …")
    manage(env, "load_demo")
    log("  collectstatic …")
    manage(env, "collectstatic", "--noinput", "-v0")
    return env


def setup_django(env):
    """Configure Django in this process from a bench env (for reading URLs and in-process timing)."""
    os.environ.update(env)
    for path in (str(ROOT), str(ROOT / "site")):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()
