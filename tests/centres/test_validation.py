"""Bad input to calendars and centres is refused with a Chinese message naming the problem, and
nothing is saved: in code (model clean) and through the admin (inline rows checked together)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from centres.geo import coordinate_errors
from centres.models import (
    CalendarHoliday,
    CalendarHours,
    CalendarWorkday,
    DistrictCalendar,
    ServiceCentreIndexPage,
    ServiceCentrePage,
)
from centres.validation import date_text_error
from snippets.models import Community

T = dt.time
D = dt.date


def calendar(district, hours=(), holidays=(), workdays=(), year=2030):
    cal = DistrictCalendar(district=district, year=year)
    cal.hours = [CalendarHours(weekday=w, opens=o, closes=c, next_day=n, kind="regular") for w, o, c, n in hours]
    cal.holidays = [CalendarHoliday(name=name, start=s, end=e) for name, s, e in holidays]
    cal.workdays = [CalendarWorkday(date=d, weekday=w, name="调休") for d, w in workdays]
    return cal


def messages(error):
    return " ".join(error.messages)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"hours": [(0, T(12), T(8, 30), False)]}, "周一 12:00–08:30：结束时间早于开始时间"),
        ({"hours": [(2, T(9), T(9), False)]}, "开始和结束时间相同"),
        ({"hours": [(0, T(8, 30), T(12), False), (0, T(11), T(14), False)]}, "时间重叠"),
        ({"hours": [(4, T(20), T(2), True), (5, T(1), T(3), False)]}, "周五 20:00–次日2:00 与 周六 1:00–3:00 时间重叠"),
        ({"hours": [(6, T(22), T(2), True), (0, T(1), T(3), False)]}, "时间重叠"),  # Sunday night into Monday
        ({"hours": [(1, T(8), T(9), True)]}, "跨夜时段的结束时间须不晚于开始时间"),
        ({"holidays": [("春节", D(2030, 2, 10), D(2030, 2, 3))]}, "假期“春节”的结束日期（2030-02-03）早于开始日期"),
        ({"holidays": [("国庆节", D(2029, 10, 1), D(2029, 10, 7))]}, "不在2030年内"),
        (
            {"holidays": [("甲", D(2030, 5, 1), D(2030, 5, 5)), ("乙", D(2030, 5, 4), D(2030, 5, 6))]},
            "假期“甲”与“乙”的日期重叠",
        ),
        ({"holidays": [("暑假", D(2030, 7, 1), D(2030, 9, 30))]}, "超过60天"),
        ({"workdays": [(D(2030, 2, 11), 0)]}, "调休上班日 2030-02-11（周一）不是周末"),
        (
            {"holidays": [("春节", D(2030, 2, 2), D(2030, 2, 10))], "workdays": [(D(2030, 2, 9), 0)]},
            "落在假期“春节”之内",
        ),
        ({"workdays": [(D(2030, 2, 9), 0), (D(2030, 2, 9), 0)]}, "填写了两次"),
    ],
)
def test_calendar_clean_refuses_bad_rows(xining, kwargs, expected):
    cal = calendar(xining, **kwargs)
    with pytest.raises(ValidationError) as error:
        cal.full_clean()
    assert expected in messages(error.value)


@pytest.mark.django_db
def test_a_good_calendar_passes(xining):
    calendar(
        xining,
        hours=[(0, T(8, 30), T(12), False), (0, T(12), T(14), False), (4, T(20), T(2), True), (5, T(2), T(4), False)],
        holidays=[("劳动节", D(2030, 5, 1), D(2030, 5, 5))],
        workdays=[(D(2030, 5, 11), 0)],
    ).full_clean()


def test_impossible_dates_are_named():
    assert date_text_error("2026-02-30") == "“2026-02-30”不是有效日期：2026年2月没有30日。"
    assert date_text_error("2026-13-01") == "“2026-13-01”不是有效日期：没有13月。"
    assert date_text_error("2027-02-29") == "“2027-02-29”不是有效日期：2027年2月没有29日。"
    assert date_text_error("2028-02-29") is None
    assert "不是日期" in date_text_error("<script>alert(1)</script>")


@pytest.mark.parametrize(
    ("lat", "lng", "expected"),
    [
        ("51.5074", "-0.1278", "不在中国境内"),  # London
        ("101.778", "36.617", "纬度和经度填反了"),
        ("-36.6", "101.7", "都是正数"),
    ],
)
def test_coordinates_outside_china_are_refused(lat, lng, expected):
    from decimal import Decimal

    errors = coordinate_errors(Decimal(lat), Decimal(lng))
    assert expected in errors["latitude"]


def test_half_coordinates_are_refused():
    from decimal import Decimal

    assert coordinate_errors(Decimal("36.6"), None) == {"longitude": "纬度和经度须同时填写，或同时留空。"}
    assert coordinate_errors(None, None) == {}


# -- through the admin ----------------------------------------------------------------------------


def calendar_form(district, year="2031", hours=(), holidays=(), workdays=()):
    return nested_form_data(
        {
            "district": str(district.pk),
            "year": year,
            "note": "",
            "hours": inline_formset(
                [
                    {
                        "weekday": w,
                        "opens": o,
                        "closes": c,
                        "next_day": "on" if n else "",
                        "kind": "regular",
                        "note": "",
                    }
                    for w, o, c, n in hours
                ]
            ),
            "holidays": inline_formset([{"name": name, "start": s, "end": e} for name, s, e in holidays]),
            "workdays": inline_formset([{"date": d, "weekday": w, "name": ""} for d, w in workdays]),
        }
    )


ADD_URL = "wagtailsnippets_centres_districtcalendar:add"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({"hours": [("0", "12:00", "08:30", "")]}, "结束时间早于开始时间"),
        ({"hours": [("0", "08:30", "12:00", ""), ("0", "11:00", "14:00", "")]}, "时间重叠"),
        ({"holidays": [("春节", "2031-02-30", "2031-03-02")]}, "2031年2月没有30日"),
        ({"holidays": [("春节", "2031-02-10", "2031-02-01")]}, "早于开始日期"),
        ({"workdays": [("2031-02-12", "0")]}, "不是周末"),
        ({"holidays": [("<script>alert(1)</script>", "2031-01-05", "2031-01-01")]}, "&lt;script&gt;"),
    ],
)
def test_admin_refuses_bad_calendar_and_saves_nothing(client, make_user, xining, form, expected):
    client.force_login(make_user("630100", "data_admin"))
    before = DistrictCalendar.objects.count()
    response = client.post(reverse(ADD_URL), calendar_form(xining, **form))
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert "<script>alert(1)</script>" not in html
    assert DistrictCalendar.objects.count() == before


@pytest.mark.django_db
def test_admin_saves_a_good_calendar(client, make_user, xining):
    client.force_login(make_user("630100", "editor"))
    form = calendar_form(
        xining,
        hours=[("0", "08:30", "12:00", ""), ("4", "20:00", "02:00", "on")],
        holidays=[("元旦", "2031-01-01", "2031-01-01")],
        workdays=[("2031-01-04", "0")],
    )
    response = client.post(reverse(ADD_URL), form)
    assert response.status_code == 302
    saved = DistrictCalendar.objects.get(district=xining, year=2031)
    assert saved.hours.count() == 2 and saved.holidays.count() == 1 and saved.workdays.count() == 1


@pytest.mark.django_db
def test_second_calendar_for_the_same_year_is_refused(client, make_user, xining):
    client.force_login(make_user("630100", "data_admin"))
    response = client.post(reverse(ADD_URL), calendar_form(xining, year="2026"))
    assert "本行政区这一年的作息日历已经有了" in response.content.decode()


# -- calendars are district-owned ----------------------------------------------------------------


@pytest.mark.django_db
def test_calendar_of_another_district_is_not_found(client, make_user, yumen, xining):
    client.force_login(make_user("630100", "data_admin"))
    theirs = DistrictCalendar.objects.filter(district=yumen).first()
    for view in ("edit", "delete", "inspect", "history"):
        url = reverse(f"wagtailsnippets_centres_districtcalendar:{view}", args=[theirs.pk])
        assert client.get(url).status_code == 404
    listing = client.get(reverse("wagtailsnippets_centres_districtcalendar:list")).content.decode()
    assert "西宁市 2026年作息日历" in listing and "玉门市" not in listing
    # Posting a calendar for another district is refused: it is not among the choices.
    before = DistrictCalendar.objects.count()
    client.post(reverse(ADD_URL), calendar_form(yumen, year="2032"))
    assert DistrictCalendar.objects.count() == before


# -- the centre page in the admin ------------------------------------------------------------------


def centre_form(title="测试社区党群服务中心", community="", lat="36.62", lng="101.77", hours=(), closures=()):
    return nested_form_data(
        {
            "title": title,
            "slug": "test-centre",
            "level": "community",
            "community": community,
            "summary": "",
            "address": "城西区某路1号",
            "latitude": lat,
            "longitude": lng,
            "phone": "0971-0000000",
            "appointment": "",
            "open_on_holidays": "",
            "body": rich_text(""),
            "windows": inline_formset([{"name": "民政", "number": "1", "handles": "低保申请", "hours_note": ""}]),
            "facilities": inline_formset([]),
            "photos": inline_formset([]),
            "hours": inline_formset(
                [
                    {"weekday": w, "opens": o, "closes": c, "next_day": "", "kind": "regular", "note": ""}
                    for w, o, c in hours
                ]
            ),
            "closures": inline_formset([{"name": n, "start": s, "end": e} for n, s, e in closures]),
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "comments": inline_formset([]),
        }
    )


def add_centre_url(index):
    return reverse("wagtailadmin_pages:add", args=["centres", "servicecentrepage", index.pk])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({"lat": "51.5", "lng": "-0.12"}, "不在中国境内"),
        ({"hours": [("0", "09:00", "12:00"), ("0", "10:00", "11:00")]}, "时间重叠"),
        ({"closures": [("装修", "2026-12-10", "2026-12-01")]}, "闭馆“装修”的结束日期"),
    ],
)
def test_admin_refuses_bad_centre(client, superuser, xining, form, expected):
    client.force_login(superuser)
    index = ServiceCentreIndexPage.objects.descendant_of(xining.home_page).get()
    before = ServiceCentrePage.objects.count()
    response = client.post(add_centre_url(index), centre_form(**form))
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert ServiceCentrePage.objects.count() == before


@pytest.mark.django_db
def test_admin_refuses_community_of_another_district(client, superuser, xining, yumen):
    client.force_login(superuser)
    index = ServiceCentreIndexPage.objects.descendant_of(xining.home_page).get()
    theirs = Community.objects.filter(district=yumen).first()
    response = client.post(add_centre_url(index), centre_form(community=str(theirs.pk)))
    assert response.status_code == 200
    assert ServiceCentrePage.objects.filter(slug="test-centre").count() == 0


@pytest.mark.django_db
def test_admin_creates_a_centre_and_fills_in_its_district(client, superuser, xining):
    client.force_login(superuser)
    index = ServiceCentreIndexPage.objects.descendant_of(xining.home_page).get()
    ours = Community.objects.filter(district=xining).first()
    response = client.post(add_centre_url(index), centre_form(community=str(ours.pk), hours=[("0", "09:00", "12:00")]))
    assert response.status_code == 302, response.content.decode()[:2000]
    centre = ServiceCentrePage.objects.get(slug="test-centre")
    assert centre.district == xining and centre.community == ours and centre.windows.count() == 1
