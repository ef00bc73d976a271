"""The site's own settings plus one URL, /bench/floor/: the server's floor for bench/serve.py.

Used only by the benchmark (DJANGO_SETTINGS_MODULE=bench.settings); the site never serves the floor.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
