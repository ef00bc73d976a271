"""Every demo page is valid HTML: the Nu HTML Checker (npm vnu-jar, run with Java) reports no errors.

Skipped when Java or node_modules/vnu-jar is missing (scripts/test.sh installs both).
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.demo_pages import demo_urls

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")

pytestmark = pytest.mark.skipif(
    not (JAVA and VNU.exists()), reason="needs java and node_modules/vnu-jar (scripts/test.sh installs them)"
)


def check_html(files):
    result = subprocess.run(
        [JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]


def test_the_checker_finds_errors(tmp_path):
    """So that a silent checker cannot pass the real test."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=zh><title>x</title><p><div></p>", encoding="utf-8")
    assert check_html([bad])


@pytest.mark.django_db
def test_every_demo_page_is_valid_html_in_both_display_modes(client, tmp_path):
    files = {}
    for mode in ("standard", "elder"):
        client.cookies["display_mode"] = mode
        for url in demo_urls():
            response = client.get(url)
            assert response.status_code in (200, 400, 404), url
            path = tmp_path / f"{mode}-{len(files):02d}.html"
            path.write_bytes(response.content)
            files[path.name] = f"{mode} {url}"
    errors = []
    for m in check_html(sorted(tmp_path.glob("*.html"))):
        if m["type"] == "error":
            where = files.get(m["url"].rsplit("/", 1)[-1], m["url"])
            errors.append(f"{where}:{m.get('lastLine')}: {m['message']} ({m.get('extract', '').strip()})")
    assert not errors, "\n".join(errors)
