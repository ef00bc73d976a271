"""`load_demo` creates the seven districts of the spec, and running it again changes nothing."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page

from districts import demo_data
from districts.models import District, DistrictHomePage, DistrictRole
from snippets.models import Community, Grid, Street

SPEC_CODES = {"632800", "630100", "620700", "620981", "630202", "340803", "210104"}


def snapshot():
    out = io.StringIO()
    call_command(
        "dumpdata",
        exclude=["sessions", "contenttypes", "auth.permission"],
        stdout=out,
    )
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_demo_has_the_seven_districts_with_their_real_codes():
    assert set(District.objects.values_list("code", flat=True)) == SPEC_CODES
    for district in District.objects.all():
        home = DistrictHomePage.objects.get(district=district)
        assert home.live
        assert district.slogan
        assert district.emblem is not None
        assert home.figures[0].value["items"], district
        assert Community.objects.filter(district=district).exists()
        assert Grid.objects.filter(district=district).exists()
        assert DistrictRole.objects.filter(district=district).count() == len(DistrictRole.ROLE_CHOICES)


@pytest.mark.django_db
def test_demo_figures_come_from_the_articles():
    home = DistrictHomePage.objects.get(district__code="630100")
    figures = {item["label"]: item["value"] for item in home.figures[0].value["items"]}
    assert figures["组建小区党支部"] == 556
    yumen = DistrictHomePage.objects.get(district__code="620981")
    assert {int(item["value"]) for item in yumen.figures[0].value["items"]} >= {4, 24, 106, 137}


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_load_demo_twice_changes_nothing():
    call_command("load_demo", stdout=io.StringIO())  # adds the accounts (DEBUG)
    first = snapshot()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == first
    assert "xining-editor" in out.getvalue()


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_accounts_belong_to_one_group_each():
    call_command("load_demo", stdout=io.StringIO())
    users = get_user_model().objects
    for name, code, role in [("xining-editor", "630100", "editor"), ("yumen-data", "620981", "data_admin")]:
        user = users.get(username=name)
        assert [g.district_role.role for g in user.groups.all()] == [role]
        assert user.groups.get().district_role.district.code == code
        assert not user.is_superuser


@pytest.mark.django_db
def test_no_demo_accounts_without_debug():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert not get_user_model().objects.filter(username__in=["admin", "xining-editor"]).exists()
    assert "跳过演示账号" in out.getvalue()


@pytest.mark.django_db
def test_demo_counts_match_the_demo_data():
    specs = demo_data.DISTRICTS
    assert Page.objects.type(DistrictHomePage).count() == len(specs) == 7
    # The places of demo_data; the residents app's demo rosters add more through the importer (with a batch).
    places = {"import_batch__isnull": True}
    assert Street.objects.filter(**places).count() == sum(len(s["streets"]) for s in specs)
    communities = [c for s in specs for street in s["streets"].values() for c in street.values()]
    assert Community.objects.filter(**places).count() == len(communities)
    assert Grid.objects.filter(**places).count() == sum(len(grids) for grids in communities)


@pytest.mark.django_db
def test_demo_articles_tell_more_than_their_lead():
    from publishing.models import ArticlePage

    articles = ArticlePage.objects.all()
    assert articles.count() >= 15
    for article in articles:
        body = "".join(str(block.value) for block in article.body)
        assert article.summary not in body, article.title
        assert body.count("<p>") >= 2, article.title
