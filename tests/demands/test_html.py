"""The dashboard and its guide are valid HTML in both display modes (Nu HTML Checker, as tests/test_html_valid.py)."""

import pytest

from demands.pages import DemandDashboardPage
from tests.test_html_valid import JAVA, VNU, check_html

pytestmark = pytest.mark.skipif(not (JAVA and VNU.exists()), reason="needs java and node_modules/vnu-jar")


@pytest.mark.django_db
def test_dashboard_is_valid_html(client, tmp_path, xining):
    page = DemandDashboardPage.objects.get(path__startswith=xining.home_page.path)
    for mode in ("standard", "elder"):
        client.cookies["display_mode"] = mode
        for name, url in [("dash", page.url), ("guide", f"{page.url}guide/"), ("period", f"{page.url}?period=2026")]:
            response = client.get(url)
            assert response.status_code == 200
            (tmp_path / f"{mode}-{name}.html").write_bytes(response.content)
    errors = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in check_html(sorted(tmp_path.glob("*.html")))
        if m["type"] == "error"
    ]
    assert not errors, "\n".join(errors)
