"""Fixtures of the service catalogue tests: centres whose status does not depend on the clock
(one open around the clock, one closed for the days around today), and guides offered there."""

import datetime as dt

import pytest
from django.utils import timezone

from centres.models import CentreClosure, CentreHours, ServiceCentreIndexPage, ServiceCentrePage, ServiceWindow
from districts.models import DistrictHomePage
from services.models import (
    LifeSituation,
    ServiceCatalogPage,
    ServiceCategory,
    ServiceGuidePage,
    ServiceMaterial,
    ServicePlace,
)


def centre_index(home):
    index = ServiceCentreIndexPage.objects.child_of(home).first()
    if index is None:
        index = ServiceCentreIndexPage(title="党群服务中心", slug="centres")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def make_centre(home, title, *, closed=False, opens=dt.time(0), closes=dt.time(0), **fields):
    """A centre open every day (and on holidays), around the clock unless `opens` and `closes`
    say otherwise, or one closed from two days ago to two days on."""
    slug = f"test-centre-{ServiceCentrePage.objects.count() + 1}"
    centre = ServiceCentrePage(title=title, slug=slug, address="测试路1号", phone="0971-8000001", **fields)
    centre.open_on_holidays = True
    centre.hours = [CentreHours(weekday=d, opens=opens, closes=closes, next_day=False) for d in range(7)]
    if closed:
        today = timezone.localdate()
        centre.closures = [
            CentreClosure(name="设备检修", start=today - dt.timedelta(days=2), end=today + dt.timedelta(days=2))
        ]
    centre.windows = [ServiceWindow(name="民政", number="3", handles="高龄津贴申领")]
    centre_index(home).add_child(instance=centre)
    centre.save_revision().publish()
    return ServiceCentrePage.objects.get(pk=centre.pk)


@pytest.fixture
def xining_home(xining):
    return DistrictHomePage.objects.get(district=xining)


@pytest.fixture
def yumen_home(yumen):
    return DistrictHomePage.objects.get(district=yumen)


@pytest.fixture
def catalogue(xining_home):
    return ServiceCatalogPage.objects.child_of(xining_home).get()


@pytest.fixture
def open_centre(xining_home):
    return make_centre(xining_home, "全天党群服务站")


@pytest.fixture
def closed_centre(xining_home):
    return make_centre(xining_home, "检修中的服务中心", closed=True)


@pytest.fixture
def yumen_centre(yumen_home):
    return make_centre(yumen_home, "玉门测试服务中心")


@pytest.fixture
def category(xining):
    return ServiceCategory.objects.get(district=xining, name="养老服务")


def add_guide(catalogue, title, *, category, centres=(), situations=(), materials=("居民身份证",), **fields):
    fields.setdefault("audience", "本市居民")
    page = ServiceGuidePage(title=title, category=category, **fields)
    page.life_situations = list(situations)
    page.materials = [ServiceMaterial(name=name) for name in materials]
    page.places = [ServicePlace(centre=c, window=c.windows.first()) for c in centres]
    catalogue.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def situation(xining):
    return LifeSituation.objects.get(district=xining, name="养老")
