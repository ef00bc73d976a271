"""A throwaway Redis server for a test (scripts/redis.sh on a free port), and a free port."""

import os
import shutil
import socket
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_sh(command, port):
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "redis.sh"), command],
        env={**os.environ, "REDIS_PORT": str(port)},
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()


@contextmanager
def redis_server():
    """Yields (url, port); the server is stopped on the way out, whatever happened."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is missing (scripts/redis.sh installs it as root)")
    port = free_port()
    redis_sh("start", port)
    try:
        yield redis_sh("url", port), port
    finally:
        redis_sh("stop", port)
