"""Every change a public page shows makes its cached copy obsolete at once, and only the scope it
touches: pages through the admin, scheduled publishing, moves and deletes; snippets and rosters;
district brand colours; images; imports and their undo; demand figures; event sign-ups."""

import datetime as dt
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from districts.models import District, DistrictHomePage
from events import signups
from importers.models import ImportBatch
from importers.undo import undo
from publishing.models import BrandPage
from residents.models import GridFinderPage
from snippets.models import Grid, GridWorker
from tests.admin_forms import brand_page_form

pytestmark = pytest.mark.usefixtures("page_cache")


def cached(client, url):
    """Load `url` until it is served from the cache; return the cached HTML."""
    client.get(url)
    response = client.get(url)
    assert response["X-Cache"] == "HIT", url
    return response.content.decode()


def fresh(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["X-Cache"] == "MISS", url
    return response.content.decode()


def still_cached(client, url):
    assert client.get(url)["X-Cache"] == "HIT", url


@pytest.fixture
def brand(db):
    return BrandPage.objects.live().filter(url_path__startswith="/home/xining/").first()


# -- pages ----------------------------------------------------------------------------------


def test_publishing_through_the_admin_shows_at_once(client, superuser, brand, committed):
    anonymous = client.__class__()
    cached(anonymous, brand.url)
    cached(anonymous, "/xining/")
    cached(anonymous, "/")
    cached(anonymous, "/yumen/")
    client.force_login(superuser)
    edit = reverse("wagtailadmin_pages:edit", args=(brand.pk,))
    with committed():
        response = client.post(edit, brand_page_form("改过的品牌标题", brand.slug, publish=True))
    assert response.status_code == 302, response.content[:2000]
    assert "改过的品牌标题" in fresh(anonymous, brand.url)
    fresh(anonymous, "/xining/")
    fresh(anonymous, "/")  # the portal lists every district
    still_cached(anonymous, "/yumen/")  # another district's pages are untouched


def test_a_draft_changes_nothing_public(client, superuser, brand, committed):
    anonymous = client.__class__()
    cached(anonymous, brand.url)
    client.force_login(superuser)
    with committed():
        client.post(reverse("wagtailadmin_pages:edit", args=(brand.pk,)), brand_page_form("草稿标题", brand.slug))
    still_cached(anonymous, brand.url)


def test_unpublish_and_delete_are_not_served_from_the_cache(client, brand, committed):
    url = brand.url
    cached(client, url)
    cached(client, "/xining/")
    with committed():
        brand.unpublish()
    assert client.get(url).status_code == 404
    fresh(client, "/xining/")
    with committed():
        brand.save_revision().publish()
    cached(client, url)
    with committed():
        Page.objects.get(pk=brand.pk).delete()
    assert client.get(url).status_code == 404


def test_a_page_made_private_in_the_admin_is_never_served_from_the_cache(client, superuser, brand, committed):
    anonymous = client.__class__()
    assert brand.title in cached(anonymous, brand.url)
    cached(anonymous, "/xining/")
    client.force_login(superuser)
    with committed():
        response = client.post(
            reverse("wagtailadmin_pages:set_privacy", args=(brand.pk,)),
            {"restriction_type": "password", "password": "only-for-members"},
        )
    assert response.status_code == 200
    assert PageViewRestriction.objects.filter(page=brand).exists()
    served = anonymous.get(brand.url)
    assert served.get("X-Cache") != "HIT" and "password" in served.content.decode().lower()
    assert brand.title not in fresh(anonymous, "/xining/").split("<main", 1)[-1]  # listings drop it
    with committed():
        PageViewRestriction.objects.filter(page=brand).delete()
    assert brand.title in fresh(anonymous, brand.url)


def test_moving_a_page_serves_it_at_its_new_place_only(client, brand, committed):
    old_url = brand.url
    cached(client, old_url)
    cached(client, "/yumen/")
    with committed():
        brand.move(DistrictHomePage.objects.get(district__code="620981"), pos="last-child")
    new_url = BrandPage.objects.get(pk=brand.pk).url
    assert client.get(old_url).status_code == 301  # Wagtail's redirect, not the cached page
    fresh(client, new_url)
    fresh(client, "/yumen/")


def test_scheduled_publishing_shows_when_the_command_runs(client, brand, committed):
    cached(client, brand.url)
    revision = BrandPage.objects.get(pk=brand.pk)
    revision.title = "定时发布的新标题"
    go_live = timezone.now() + dt.timedelta(hours=1)
    revision.save_revision(approved_go_live_at=go_live)
    still_cached(client, brand.url)
    with committed(), mock.patch("django.utils.timezone.now", return_value=go_live + dt.timedelta(minutes=1)):
        call_command("publish_scheduled")
    assert "定时发布的新标题" in fresh(client, brand.url)


# -- snippets, districts, images ---------------------------------------------------------------


def finder_url(code, grid):
    page = GridFinderPage.objects.live().get(
        url_path__startswith=DistrictHomePage.objects.get(district__code=code).url_path
    )
    return f"{page.url}?grid={grid.pk}"


def a_grid(code):
    return Grid.objects.filter(district__code=code, level=3, workers__is_active=True).order_by("pk").distinct().first()


def test_a_roster_edit_shows_on_the_grid_workers_page(client, committed):
    grid = a_grid("620981")
    url = finder_url("620981", grid)
    cached(client, url)
    other = finder_url("630100", a_grid("630100"))
    cached(client, other)
    worker = GridWorker.objects.filter(grid=grid, is_active=True).first()
    with committed():
        worker.name = "改名网格员"
        worker.save()
    assert "改名网格员" in fresh(client, url)
    still_cached(client, other)
    with committed():
        worker.delete()
    assert "改名网格员" not in fresh(client, url)


def test_a_district_brand_colour_shows_everywhere(client, committed):
    cached(client, "/xining/")
    cached(client, "/yumen/")
    district = District.objects.get(code="630100")
    with committed():
        district.colour_primary = "#123456"
        district.save()
    assert "#123456" in fresh(client, "/xining/").lower()
    fresh(client, "/yumen/")


def test_an_image_change_renews_every_page(client, committed):
    cached(client, "/xining/")
    image = get_image_model().objects.first()
    with committed():
        image.title = "新的图片说明"
        image.save()
    fresh(client, "/xining/")


# -- bulk writes: imports, undo, demand figures --------------------------------------------------


def test_an_import_and_its_undo_show_at_once(client, tmp_path, superuser, committed):
    grid = a_grid("620981")
    url = finder_url("620981", grid)
    cached(client, url)
    path = tmp_path / "网格员.csv"
    path.write_text(
        f"姓名,手机号码,所属社区,所属网格,岗位\n缓存测试员,13911112222,{grid.community.name},{grid.name},专职网格员\n",
        encoding="utf-8",
    )
    with committed():
        call_command("import_data", "grid_workers", str(path), "--district", "620981", stdout=mock.Mock())
    assert "缓存测试员" in fresh(client, url)
    cached(client, url)
    with committed():
        undo(ImportBatch.objects.latest("pk"), superuser)
    assert "缓存测试员" not in fresh(client, url)


def test_recomputed_demand_figures_renew_the_dashboard(client, committed):
    from demands.figures import recompute
    from demands.pages import DemandDashboardPage

    dashboard = DemandDashboardPage.objects.live().filter(url_path__startswith="/home/xining/").first()
    cached(client, dashboard.url)
    with committed():
        recompute(District.objects.get(code="630100"))
    fresh(client, dashboard.url)


# -- events: sign-ups and the clock --------------------------------------------------------------


def test_a_sign_up_renews_the_places_left(client, make_event, events_index, committed):
    event = make_event(days=4, capacity=3, signup_deadline=None)
    cached(client, events_index.url)
    occurrence = event.next_occurrence()
    with committed():
        signups.sign_up(event, occurrence, "李四", "13900000002")
    fresh(client, events_index.url)


@pytest.fixture
def stored_ttls(monkeypatch):
    """The lifetimes (seconds) the page cache gives the entries it stores."""
    from pagecache.middleware import PageCacheMiddleware

    stored = []
    real = PageCacheMiddleware.cache_call

    def spy(method, *args):
        if method == "set":
            stored.append(args[2])
        return real(method, *args)

    monkeypatch.setattr(PageCacheMiddleware, "cache_call", staticmethod(spy))
    return stored


def test_the_events_list_expires_when_a_status_changes(client, make_event, events_index, stored_ttls):
    event = make_event(days=0, hours=1)  # started on the hour, ends within the hour
    assert client.get(events_index.url)["X-Cache"] == "MISS"
    now = timezone.now()
    change = min(t for t in (event.start, event.end) if t > now)
    assert stored_ttls[0] <= (change - now).total_seconds() + 1


def test_centre_pages_expire_when_a_centre_opens_or_closes(client, stored_ttls):
    from centres import hours
    from centres.models import ServiceCentrePage

    centres = list(ServiceCentrePage.objects.live().filter(url_path__startswith="/home/xining/"))
    assert centres
    for centre in centres[:2]:
        assert client.get(centre.url)["X-Cache"] == "MISS"
    now = timezone.now()
    for ttl, centre in zip(stored_ttls, centres[:2], strict=True):
        change = hours.next_change(centre)
        assert change is not None
        assert ttl <= (change - now).total_seconds() + 1
    listing = centres[0].get_parent()
    stored_ttls.clear()
    assert client.get(listing.url)["X-Cache"] == "MISS"
    first = min(change for change in map(hours.next_change, centres) if change)
    assert stored_ttls[0] <= (first - now).total_seconds() + 1
