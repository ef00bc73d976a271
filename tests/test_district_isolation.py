"""A user of 西宁市 can neither see nor touch 玉门市's rows or pages, by any URL."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from districts.models import District, DistrictHomePage
from snippets.models import Community, Grid, Street

MODELS = [Street, Community, Grid]
DENIED = {403, 404}


def snippet_url(model, view, *args):
    return reverse(f"wagtailsnippets_snippets_{model._meta.model_name}:{view}", args=args)


def chooser_url(model, view, *args):
    return reverse(f"wagtailsnippetchoosers_snippets_{model._meta.model_name}:{view}", args=args)


@pytest.fixture
def xining_admin(client, make_user):
    user = make_user("630100", "data_admin")
    client.force_login(user)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("view", ["edit", "delete", "inspect", "usage", "history", "copy"])
def test_object_views_of_another_district_are_not_found(client, xining_admin, yumen, model, view):
    row = model.objects.filter(district=yumen).first()
    response = client.get(snippet_url(model, view, row.pk))
    assert response.status_code in DENIED


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_own_district_rows_are_editable(client, xining_admin, xining, model):
    row = model.objects.filter(district=xining).first()
    assert client.get(snippet_url(model, "edit", row.pk)).status_code == 200
    assert client.get(snippet_url(model, "inspect", row.pk)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_posting_to_another_districts_row_changes_nothing(client, xining_admin, yumen, model):
    row = model.objects.filter(district=yumen).first()
    before = model.objects.filter(pk=row.pk).values().get()
    assert client.post(snippet_url(model, "edit", row.pk), {"name": "被篡改"}).status_code in DENIED
    assert client.post(snippet_url(model, "delete", row.pk)).status_code in DENIED
    assert model.objects.filter(pk=row.pk).values().get() == before


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_listing_and_search_show_only_own_district(client, xining_admin, xining, yumen, model):
    own = model.objects.filter(district=xining).first()
    other = model.objects.filter(district=yumen).first()
    html = client.get(snippet_url(model, "list")).content.decode()
    assert own.name in html
    assert other.name not in html
    for query in (other.name, own.name):
        response = client.get(snippet_url(model, "list"), {"q": query})
        assert response.status_code == 200
        found = list(response.context["object_list"])
        assert all(row.district_id == xining.pk for row in found)
    assert own in found


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_holds_only_own_district(client, xining_admin, xining, yumen, model, fmt):
    response = client.get(snippet_url(model, "list") + f"?export={fmt}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        text = body.decode("utf-8-sig")
        assert yumen.name not in text
        assert model.objects.filter(district=xining).first().name in text
        for other in model.objects.filter(district=yumen):
            assert other.name not in text
    else:
        assert body[:2] == b"PK"  # a real xlsx; its rows are checked through the csv export


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_choosers_offer_only_own_district(client, xining_admin, xining, yumen, model):
    other = model.objects.filter(district=yumen).first()
    own = model.objects.filter(district=xining).first()
    for view in ("choose", "choose_results"):
        response = client.get(chooser_url(model, view))
        html = response.json()["html"] if view == "choose" else response.content.decode()
        assert other.name not in html
        assert own.name in html
    assert client.get(chooser_url(model, "chosen", other.pk)).status_code == 404
    assert client.get(chooser_url(model, "chosen", own.pk)).status_code == 200
    chosen = client.get(chooser_url(model, "chosen_multiple") + f"?id={other.pk}&id={own.pk}").json()
    assert [item["id"] for item in chosen["result"]] == [str(own.pk)]


@pytest.mark.django_db
def test_filters_offer_only_own_district_choices(client, xining_admin, yumen):
    html = client.get(snippet_url(Grid, "list")).content.decode()
    for community in Community.objects.filter(district=yumen):
        assert community.name not in html
    assert yumen.name not in html


@pytest.mark.django_db
def test_bulk_delete_of_another_districts_rows_is_refused(client, xining_admin, yumen):
    grid = Grid.objects.filter(district=yumen, children__isnull=True).first()
    url = reverse("wagtail_bulk_action", args=("snippets", "grid", "delete")) + f"?id={grid.pk}"
    client.post(url)
    assert Grid.objects.filter(pk=grid.pk).exists()


@pytest.mark.django_db
def test_cannot_create_rows_in_another_district(client, xining_admin, xining, yumen):
    yumen_community = Community.objects.filter(district=yumen).first()
    response = client.post(
        snippet_url(Grid, "add"),
        {"district": yumen.pk, "community": yumen_community.pk, "name": "越权网格", "level": 3},
    )
    assert response.status_code == 200  # the form comes back with errors
    assert not Grid.objects.filter(name="越权网格").exists()
    response = client.post(
        snippet_url(Grid, "add"),
        {"district": xining.pk, "community": yumen_community.pk, "name": "越权网格", "level": 3},
    )
    assert not Grid.objects.filter(name="越权网格").exists()


@pytest.mark.django_db
def test_district_records_are_superuser_only(client, xining_admin, yumen):
    # Wagtail answers a missing model permission by redirecting to the dashboard with a message.
    response = client.get(reverse("wagtailsnippets_districts_district:list"))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert client.get(reverse("wagtailsnippets_districts_district:edit", args=(yumen.pk,))).status_code in DENIED


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_cannot_edit_another_districts_pages(client, make_user, xining, yumen, role):
    client.force_login(make_user("630100", role))
    yumen_home = DistrictHomePage.objects.get(district=yumen)
    xining_home = DistrictHomePage.objects.get(district=xining)
    assert client.get(reverse("wagtailadmin_pages:edit", args=(yumen_home.pk,))).status_code in {302, 403}
    title = yumen_home.title
    client.post(reverse("wagtailadmin_pages:edit", args=(yumen_home.pk,)), {"title": "被篡改"})
    assert Page.objects.get(pk=yumen_home.pk).title == title
    assert client.get(reverse("wagtailadmin_pages:add_subpage", args=(yumen_home.pk,))).status_code in {302, 403}
    assert client.get(reverse("wagtailadmin_pages:edit", args=(xining_home.pk,))).status_code == 200


@pytest.mark.django_db
def test_superuser_sees_every_district(client, superuser):
    client.force_login(superuser)
    html = client.get(snippet_url(Community, "list")).content.decode()
    for district in District.objects.all():
        community = Community.objects.filter(district=district).first()
        assert community.name in html
