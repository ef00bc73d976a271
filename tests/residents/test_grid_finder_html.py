"""Every variant of the 我的网格员 page is valid HTML (Nu HTML Checker), in both display modes."""

import pytest

from districts.models import DistrictHomePage
from residents.models import GridFinderPage
from snippets.models import Grid
from tests.test_html_valid import JAVA, VNU, check_html

pytestmark = pytest.mark.skipif(
    not (JAVA and VNU.exists()), reason="needs java and node_modules/vnu-jar (scripts/test.sh installs them)"
)


def variants():
    page = GridFinderPage.objects.child_of(DistrictHomePage.objects.get(district__code="620981")).get()
    leaf = Grid.objects.get(district__code="620981", name="兰新第一网格1号楼院")
    middle = leaf.parent
    return [
        page.url,
        f"{page.url}?street={leaf.community.street_id}",
        f"{page.url}?community={leaf.community_id}",
        f"{page.url}?grid={leaf.pk}",
        f"{page.url}?grid={middle.pk}",
        f"{page.url}?q=兰新小区5号楼",
        f"{page.url}?q=<script>",
        f"{page.url}?grid=abc&street=99999999",
    ]


@pytest.mark.django_db
def test_every_variant_is_valid_html(client, tmp_path):
    files = {}
    for mode in ("standard", "elder"):
        client.cookies["display_mode"] = mode
        for url in variants():
            response = client.get(url)
            assert response.status_code == 200, url
            path = tmp_path / f"{mode}-{len(files):02d}.html"
            path.write_bytes(response.content)
            files[path.name] = f"{mode} {url}"
    errors = [
        f"{files.get(m['url'].rsplit('/', 1)[-1], m['url'])}:{m.get('lastLine')}: {m['message']}"
        for m in check_html(sorted(tmp_path.glob("*.html")))
        if m["type"] == "error"
    ]
    assert not errors, "\n".join(errors)
