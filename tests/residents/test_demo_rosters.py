"""The demo rosters of 西宁市 and 玉门市: fictional, valid, deterministic, and loaded through the importer."""

import io
import re

import pytest
from django.core.management import call_command

from districts.models import District
from importers import cleaning
from importers.datasets import DATASETS
from importers.engine import Importer
from importers.models import ImportBatch
from importers.reading import read_table
from residents import demo
from residents.demo_rosters import build_roster, fictional_id, is_fictional_mobile
from snippets.models import Community, CommunityWorker, Grid, GridWorker, PartyCheckin, Street, Volunteer, VolunteerTeam

DEMO = ("630100", "620981")
PEOPLE = (GridWorker, CommunityWorker, Volunteer, PartyCheckin)
MOBILE = re.compile(r"^1[3-9]\d0000\d{4}$")


@pytest.mark.django_db
@pytest.mark.parametrize("code", DEMO)
def test_both_districts_have_full_rosters(code):
    district = District.objects.get(code=code)
    grids = Grid.objects.filter(district=district)
    assert {1, 2, 3} == set(grids.values_list("level", flat=True))
    assert grids.count() >= 30
    for grid in grids.filter(level=3):
        assert 300 <= grid.households <= 500, grid
        assert grid.area and grid.party_branch.endswith("党支部") and grid.code
        if grid.parent_id:
            assert grid.parent.level == 2 and grid.parent.community_id == grid.community_id
    assert Street.objects.filter(district=district).count() >= 3
    assert Community.objects.filter(district=district).count() >= 6
    workers = GridWorker.objects.filter(district=district)
    assert workers.count() >= 80
    assert set(workers.values_list("role", flat=True)) == set(GridWorker.ROLES)
    assert workers.filter(is_active=False).exists()
    assert workers.filter(work_phone_public=True).exclude(work_phone="").count() >= 20
    assert workers.filter(work_phone_public=False).exclude(work_phone="").exists()
    assert workers.exclude(photo=None).exists()
    assert not workers.filter(grid=None).exists()
    assert CommunityWorker.objects.filter(district=district).count() >= 40
    assert VolunteerTeam.objects.filter(district=district, name="红色义诊志愿服务队").exists()
    assert Volunteer.objects.filter(district=district, team__name="爱心理发志愿服务队").count() >= 7
    assert PartyCheckin.objects.filter(district=district).count() == 30
    assert PartyCheckin.objects.filter(district=district, employer__startswith=district.name).count() == 30


@pytest.mark.django_db
def test_every_demo_person_is_visibly_fictional_and_valid():
    for model in PEOPLE:
        rows = model.objects.filter(district__code__in=DEMO)
        assert rows.exists(), model
        for mobile in rows.values_list("mobile", flat=True):
            assert MOBILE.match(mobile) and is_fictional_mobile(mobile), (model, mobile)
            assert cleaning.mobile(mobile) == mobile
    for model in (GridWorker, CommunityWorker):
        for number, gender in model.objects.filter(district__code__in=DEMO).values_list("id_number", "gender"):
            assert cleaning.id_number(number) == number  # the check digit is right (GB 11643)
            assert number[14:16] == "99"  # the demo sequence code
            assert cleaning.gender_from_id(number) == gender
    phones = GridWorker.objects.filter(district__code__in=DEMO).exclude(work_phone="")
    assert all(is_fictional_mobile(p) for p in phones.values_list("work_phone", flat=True))


def test_fictional_id_numbers_have_the_right_check_digit():
    import datetime as dt

    for variant in range(5):
        for gender in "男女":
            number = fictional_id("620981", dt.date(1985, 7, 12), gender, variant)
            assert cleaning.id_number(number) == number
            assert cleaning.gender_from_id(number) == gender
    assert fictional_id("110105", dt.date(1949, 12, 31), "女", 1)[-1] in "0123456789X"


@pytest.mark.django_db
@pytest.mark.parametrize("code", DEMO)
def test_the_generator_is_deterministic(code):
    district = District.objects.get(code=code)
    first = build_roster(district, {})
    second = build_roster(district, {})
    assert first == second
    files, _ = demo.demo_files(district)
    again, _ = demo.demo_files(district)
    assert [(f.filename, f.dataset) for f in files] == [(f.filename, f.dataset) for f in again]


@pytest.mark.django_db
@pytest.mark.parametrize("code", DEMO)
def test_every_file_reimports_unchanged(code):
    """The loaded demo is exactly what its files say: a dry run of each finds nothing to do."""
    district = District.objects.get(code=code)
    files, _ = demo.demo_files(district)
    assert {f.dataset for f in files} == {"grids", "grid_workers", "community_workers", "volunteers", "party_checkins"}
    for file in files:
        table = read_table(file.data, file.filename, max_bytes=10 * 1048576)
        report = Importer(DATASETS[file.dataset], district, dry_run=True).run(table)
        assert report.errors == [], file.filename
        assert (report.created, report.updated) == (0, 0), file.filename
        assert report.unchanged == report.rows > 0


@pytest.mark.django_db
def test_yumen_grid_worker_roster_is_messy_like_a_real_one():
    district = District.objects.get(code="620981")
    files, _ = demo.demo_files(district)
    file = next(f for f in files if f.dataset == "grid_workers")
    assert file.filename.endswith(".xlsx")
    table = read_table(file.data, file.filename, max_bytes=10 * 1048576)
    title, header = table.rows[0], table.rows[1]
    assert title[0] == "玉门市网格员花名册（2024年）" and title[1] == title[0]  # merged across the columns
    assert "*姓 名" in header and "*手机号码（必填）" in header and "序号" in header
    cells = [str(c) for row in table.rows[2:] for c in row]
    assert any("\u3000" in c for c in cells)  # 王　伟
    assert any(c.startswith("+86") for c in cells)
    assert any(re.search("[０-９]", c) for c in cells)
    assert any(c in ("蘭新社區", "建設社區") for c in cells)
    assert any(all(c in ("", None) for c in row) for row in table.rows[2:])  # a blank row
    assert str(table.rows[-1][0]).startswith("填表人")
    batch = ImportBatch.objects.get(district=district, original_name=file.filename)
    assert batch.report["ignored_columns"] == ["序号", "备注"]
    assert batch.rows == GridWorker.objects.filter(district=district).count()
    assert "虚构" in batch.message


@pytest.mark.django_db
def test_demo_rosters_came_through_the_importer():
    for code in DEMO:
        batches = ImportBatch.objects.filter(district__code=code, status=ImportBatch.DONE)
        datasets = set(batches.values_list("dataset", flat=True))
        assert datasets >= {"grids", "grid_workers", "community_workers", "volunteers", "party_checkins"}
        for model in PEOPLE:
            assert not model.objects.filter(district__code=code, import_batch=None).exists(), model


@pytest.mark.django_db
def test_second_load_adds_no_batch_and_no_row():
    counts = {model: model.objects.count() for model in (*PEOPLE, Grid, Street, Community, ImportBatch)}
    call_command("load_demo", stdout=io.StringIO())
    assert counts == {model: model.objects.count() for model in counts}


@pytest.mark.django_db
def test_an_undone_demo_file_is_loaded_again():
    district = District.objects.get(code="630100")
    batch = ImportBatch.objects.get(district=district, dataset="party_checkins")
    PartyCheckin.objects.filter(import_batch=batch).delete()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.UNDONE)
    call_command("load_demo", stdout=io.StringIO())
    assert PartyCheckin.objects.filter(district=district).count() == 30
    assert ImportBatch.objects.filter(district=district, dataset="party_checkins", status=ImportBatch.DONE).count() == 1
