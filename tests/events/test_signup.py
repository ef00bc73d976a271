"""Signing up: capacity, waitlist, promotion on cancel, duplicates, honeypot and rate limit."""

import pytest
from django.core.cache import cache

from events.models import SignUp


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def post_signup(client, event, name, mobile, **extra):
    occurrence = event.next_occurrence()
    data = {"occurrence": occurrence.key, "name": name, "mobile": mobile, "consent": "on", "website": ""}
    data.update(extra)
    return client.post(event.url + "signup/", data)


@pytest.mark.django_db
def test_capacity_waitlist_and_promotion_on_cancel(client, make_event):
    event = make_event(capacity=2)
    links = []
    for n, mobile in enumerate(["13900000011", "13900000012", "13900000013", "13900000014"]):
        response = post_signup(client, event, f"居民{n}", mobile)
        assert response.status_code == 302, response.content.decode()[:500]
        links.append(response["Location"])
    rows = list(SignUp.objects.filter(event=event).order_by("position"))
    assert [r.status for r in rows] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [r.position for r in rows] == [1, 2, 3, 4]
    assert len({r.token for r in rows}) == 4 and all(len(r.token) >= 30 for r in rows)

    page = client.get(links[2]).content.decode()
    assert "已进入候补" in page and "候补第 <strong>1</strong> 位" in page
    assert "139****0013" in page and "13900000013" not in page

    assert "已满员（可候补）" in client.get(event.url).content.decode()

    cancel_url = links[0].replace("/signup/", "/cancel/")
    assert "确定取消报名" in client.get(cancel_url).content.decode()
    response = client.post(cancel_url)
    assert "已为您取消" in response.content.decode()
    statuses = dict(SignUp.objects.filter(event=event).values_list("mobile", "status"))
    assert statuses == {
        "13900000011": "cancelled",
        "13900000012": "confirmed",
        "13900000013": "confirmed",
        "13900000014": "waitlisted",
    }
    assert "您已由候补递补为正式报名" in client.get(links[2]).content.decode()
    # Cancelling a waitlisted place promotes no one; cancelling twice changes nothing.
    client.post(links[3].replace("/signup/", "/cancel/"))
    client.post(cancel_url)
    assert SignUp.objects.filter(event=event, status="confirmed").count() == 2


@pytest.mark.django_db
def test_the_same_mobile_twice_is_refused_politely(client, make_event):
    event = make_event()
    assert post_signup(client, event, "张三", "13900000021").status_code == 302
    response = post_signup(client, event, "张三", "139 0000 0021")
    assert response.status_code == 400
    assert "这个手机号码已经报过名了" in response.content.decode()
    assert SignUp.objects.filter(event=event).count() == 1
    # after cancelling, the same mobile may sign up again
    SignUp.objects.filter(event=event).update(status="cancelled")
    assert post_signup(client, event, "张三", "13900000021").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mobile": "1234"}, "手机号码应为11位数字"),
        ({"name": " "}, "请填写姓名"),
        ({"consent": ""}, "请先阅读个人信息说明并勾选同意"),
    ],
)
def test_bad_sign_ups_are_refused_in_chinese(client, make_event, changes, message):
    event = make_event()
    response = post_signup(client, event, **{"name": "李四", "mobile": "13900000031", **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SignUp.objects.filter(event=event).exists()


@pytest.mark.django_db
def test_honeypot_and_rate_limit(client, make_event):
    event = make_event(capacity=100)
    response = post_signup(client, event, "机器人", "13900000041", website="http://spam.example")
    assert response.status_code == 400
    assert not SignUp.objects.filter(event=event).exists()
    for n in range(9):
        assert post_signup(client, event, f"居民{n}", f"139000001{n:02d}").status_code == 302
    response = post_signup(client, event, "又一个", "13900000199")
    assert response.status_code == 429
    assert "提交太频繁" in response.content.decode()
    assert SignUp.objects.filter(event=event).count() == 9
    # another address is not limited
    other = client.post(
        event.url + "signup/",
        {"occurrence": event.next_occurrence().key, "name": "邻居", "mobile": "13900000198", "consent": "on"},
        REMOTE_ADDR="10.9.9.9",
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_behind_the_load_balancer_each_resident_has_their_own_limit(client, make_event, settings):
    """Every request comes from the proxy's address; the resident is the address it forwards."""
    settings.TRUSTED_PROXY_COUNT = 1
    event = make_event(capacity=100)

    def through_proxy(resident, n):
        data = {"occurrence": event.next_occurrence().key, "name": f"居民{n}", "mobile": f"1390000{n:04d}"}
        data |= {"consent": "on", "website": ""}
        return client.post(event.url + "signup/", data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=resident)

    for n in range(10):
        assert through_proxy("198.51.100.7", n).status_code == 302
    assert through_proxy("198.51.100.7", 10).status_code == 429
    assert through_proxy("198.51.100.8", 11).status_code == 302  # a neighbour behind the same proxy
    # An address the client writes itself, left of the one the proxy appended, changes nothing.
    assert through_proxy("203.0.113.1, 198.51.100.7", 12).status_code == 429


@pytest.mark.django_db
def test_no_sign_up_after_the_deadline_or_when_cancelled(client, make_event):
    import datetime as dt

    from django.utils import timezone

    closed = make_event(days=1, signup_deadline=timezone.now() - dt.timedelta(hours=1))
    page = client.get(closed.url).content.decode()
    assert "报名已截止" in page and "提交报名" not in page
    assert post_signup(client, closed, "王五", "13900000051").status_code == 400
    cancelled = make_event(cancelled=True)
    assert "已取消" in client.get(cancelled.url).content.decode()
    assert post_signup(client, cancelled, "王五", "13900000051").status_code == 400
    assert not SignUp.objects.exists()


@pytest.mark.django_db
def test_mobiles_never_reach_public_pages_feeds_or_api(client, make_event, events_index):
    event = make_event()
    post_signup(client, event, "赵六", "13900000061")
    for url in [
        event.url,
        event.url + "event.ics",
        events_index.url,
        events_index.url + "?view=calendar",
        events_index.url + "feed.ics",
        f"/api/v2/pages/{event.pk}/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "13900000061" not in body and "0061" not in body, url


@pytest.mark.django_db
def test_an_unknown_token_is_not_found(client, make_event):
    event = make_event()
    assert client.get(event.url + "signup/not-a-token/").status_code == 404
    assert client.post(event.url + "cancel/not-a-token/").status_code == 404


@pytest.mark.django_db
def test_raising_the_capacity_promotes_the_waitlist_in_order(client, make_event):
    event = make_event(capacity=1)
    for n in range(4):
        assert post_signup(client, event, f"居民{n}", f"1390000020{n}").status_code == 302
    event.capacity = 3
    event.save_revision().publish()
    statuses = list(SignUp.objects.filter(event=event).order_by("position").values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "confirmed", "waitlisted"]


@pytest.mark.django_db
def test_sign_ups_are_deleted_a_year_after_their_date(make_event):
    import datetime as dt
    import io

    from django.core.management import call_command
    from django.utils import timezone

    event = make_event(days=-400)
    today = timezone.localdate()
    for n, days in enumerate((400, 366, 300)):
        SignUp.objects.create(
            district=event.district,
            event=event,
            occurrence=today - dt.timedelta(days=days),
            name=f"旧报名{n}",
            mobile=f"1390000030{n}",
            status=SignUp.CONFIRMED,
            position=n + 1,
        )
    out = io.StringIO()
    call_command("purge_signups", "--dry-run", stdout=out)
    assert "将删除 2 条" in out.getvalue() and SignUp.objects.count() == 3
    call_command("purge_signups", stdout=io.StringIO())
    assert list(SignUp.objects.values_list("name", flat=True)) == ["旧报名2"]
