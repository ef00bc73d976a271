"""The events pages are valid HTML (the Nu HTML Checker, as tests/test_html_valid.py runs it)."""

import pytest
from django.core.cache import cache

from tests.test_html_valid import JAVA, VNU, check_html

pytestmark = pytest.mark.skipif(not (JAVA and VNU.exists()), reason="needs java and node_modules/vnu-jar")


@pytest.mark.django_db
def test_events_pages_are_valid_html(client, tmp_path, make_event, events_index, xining_team):
    cache.clear()
    event = make_event(title="校验用的活动", teams=[xining_team], repeat="weekly")
    day = event.next_occurrence().key
    done = client.post(
        event.url + "signup/", {"occurrence": day, "name": "孙八", "mobile": "13900000101", "consent": "on"}
    )
    token_url = done["Location"]
    bad = client.post(event.url + "signup/", {"occurrence": day, "name": "", "mobile": "12", "consent": ""})
    pages = {
        "index": client.get(events_index.url),
        "calendar": client.get(events_index.url, {"view": "calendar"}),
        "event": client.get(event.url),
        "event-errors": bad,
        "team": client.get(f"{events_index.url}teams/{xining_team.pk}/"),
        "done": client.get(token_url),
        "cancel": client.get(token_url.replace("/signup/", "/cancel/")),
    }
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    errors = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']} ({m.get('extract', '').strip()})"
        for m in check_html(sorted(tmp_path.glob("*.html")))
        if m["type"] == "error"
    ]
    assert not errors, "\n".join(errors)
