"""Staff see and export sign-ups of their own districts only, mobiles masked unless permitted."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from events.models import SignUp


@pytest.fixture
def signed_up(client, make_event):
    cache.clear()
    event = make_event(title="员工查看的活动")
    day = event.next_occurrence().key
    for n in range(3):
        data = {"occurrence": day, "name": f"报名人{n}", "mobile": f"1390000009{n}", "consent": "on"}
        assert client.post(event.url + "signup/", data).status_code == 302
    client.logout()
    return event


def listing(client, **params):
    return client.get(reverse("wagtailsnippets_events_signup:list"), params)


@pytest.mark.django_db
def test_an_editor_sees_masked_mobiles_and_exports_them_masked(client, make_user, signed_up):
    client.force_login(make_user("630100", "editor"))
    html = listing(client).content.decode()
    assert "报名人0" in html and "139****0090" in html and "13900000090" not in html
    csv = listing(client, export="csv")
    body = b"".join(csv.streaming_content).decode("utf-8-sig") if csv.streaming else csv.content.decode("utf-8-sig")
    assert "报名人1" in body and "139****0091" in body and "13900000091" not in body


@pytest.mark.django_db
def test_a_data_admin_sees_whole_mobiles(client, make_user, signed_up):
    client.force_login(make_user("630100", "data_admin"))
    assert "13900000092" in listing(client).content.decode()


@pytest.mark.django_db
def test_another_district_sees_none_of_them(client, make_user, signed_up):
    client.force_login(make_user("620981", "data_admin"))
    response = listing(client)
    assert response.status_code == 200
    assert "报名人0" not in response.content.decode()
    assert SignUp.objects.filter(event=signed_up).count() == 3
