"""A resident signs up on a phone: the event fills, the next person is waitlisted, someone
cancels through their link, and the waitlisted person is promoted. No JavaScript needed."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from districts.models import DistrictHomePage
from events.models import EventIndexPage, EventPage, SignUp

pytestmark = pytest.mark.django_db(transaction=True)


def small_event():
    home = DistrictHomePage.objects.get(district__code="630202")
    index = EventIndexPage.objects.child_of(home).get()
    start = (timezone.localtime() + dt.timedelta(days=4)).replace(hour=9, minute=0, second=0, microsecond=0)
    event = EventPage(
        title="爱心理发（浏览器测试）",
        slug="browser-haircut",
        category="理发",
        start=start,
        end=start + dt.timedelta(hours=2),
        location_name="文化街社区党群服务中心",
        capacity=2,
        summary="志愿者为老人免费理发。",
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    return event


def sign_up(page, url, name, mobile):
    page.goto(url)
    page.get_by_label("姓名").fill(name)
    page.get_by_label("手机号码").fill(mobile)
    page.get_by_label("我已阅读并同意上面的个人信息说明").check()
    page.locator("#signup button[type=submit]").click()
    return page.url


def test_sign_up_fill_waitlist_cancel_and_promote(site_url, mobile_page, screenshot):
    cache.clear()
    event = small_event()
    url = site_url + event.url
    page = mobile_page
    page.goto(url)
    assert "招募中" in page.locator("main").inner_text()
    screenshot(page, "events-page-390")

    first = sign_up(page, url, "王大妈", "13900001001")
    assert page.get_by_role("heading", level=1).inner_text() == "报名成功"
    assert "13900001001" not in page.content()
    sign_up(page, url, "李大爷", "13900001002")
    assert page.get_by_role("heading", level=1).inner_text() == "报名成功"

    page.goto(url)
    assert "已满员（可候补）" in page.locator("main").inner_text()
    third = sign_up(page, url, "赵奶奶", "13900001003")
    assert page.get_by_role("heading", level=1).inner_text() == "已进入候补"
    assert "候补第 1 位" in page.locator("main").inner_text()
    screenshot(page, "events-waitlisted-390")

    duplicate = sign_up(page, url, "王大妈", "13900001001")
    assert "已经报过名了" in page.locator("main").inner_text(), duplicate

    page.goto(first)
    page.get_by_role("link", name="取消报名").click()
    page.get_by_role("button", name="确定取消报名").click()
    assert page.get_by_role("heading", level=1).inner_text() == "报名已取消"

    page.goto(third)
    assert page.get_by_role("heading", level=1).inner_text() == "报名成功"
    assert "由候补递补为正式报名" in page.locator("main").inner_text()
    screenshot(page, "events-promoted-390")
    statuses = dict(SignUp.objects.filter(event=event).values_list("name", "status"))
    assert statuses == {"王大妈": "cancelled", "李大爷": "confirmed", "赵奶奶": "confirmed"}
