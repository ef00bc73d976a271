"""Demo content of the residents app: a 我的网格员 page and fictional rosters for 西宁市 and 玉门市.

The rosters (residents.demo_rosters) are spreadsheets made in memory and loaded
through the importer, exactly as an administrator's files would be: grids first,
then grid workers, community workers, volunteers and 双报到 check-ins. A file is
loaded once: its import batch (named after the file) is what says it has been, so
a second `load_demo` neither imports again nor creates another batch.

The generated grid-worker file carries work phones as the dataset's optional
工作电话 / 公开工作电话 columns; demo photos are set after that file's import, as an
administrator would upload them in the admin.
"""

import io

from django.conf import settings
from django.core.management.base import CommandError
from PIL import Image as PILImage
from PIL import ImageDraw

from districts.demo import demo_image
from districts.models import District, DistrictHomePage
from importers.datasets import DATASETS
from importers.engine import Importer
from importers.models import ImportBatch
from importers.names import name_key
from importers.reading import read_table
from snippets.models import Grid, GridWorker

from .demo_rosters import roster_files
from .models import GridFinderPage

DEMO_DISTRICTS = ("630100", "620981")
PAGE_SLUG = "wangge"
DEMO_NOTE = "演示数据：人员均为虚构（手机号码中间四位为0000），由 load_demo 生成并经导入程序载入。"


def load(log):
    for code in DEMO_DISTRICTS:
        district = District.objects.filter(code=code).first()
        if district is None:
            continue
        _page(district, log)
        _rosters(district, log)


def _page(district, log):
    home = DistrictHomePage.objects.filter(district=district).first()
    if home is None or GridFinderPage.objects.child_of(home).exists():
        return
    page = GridFinderPage(
        title="我的网格员",
        slug=PAGE_SLUG,
        intro="<p>选择您所在的街道、社区和网格，或者输入小区、楼栋名称，就能找到为您服务的网格员和网格党支部。</p>",
        search_description=f"{district.name}居民查找自己所在网格的网格员、网格党支部和工作电话。",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    log(f"  我的网格员：{page.url_path}")


def loaded_files(district):
    """Names of the demo files already imported into the district (and not undone)."""
    return set(
        ImportBatch.objects.filter(district=district)
        .exclude(status=ImportBatch.UNDONE)
        .values_list("original_name", flat=True)
    )


def demo_files(district):
    """(files, roster) of the district's demo rosters, grids already stored keeping their codes."""
    existing = {
        (name_key(community), name_key(name)): code
        for community, name, code in Grid.objects.filter(district=district)
        .exclude(code="")
        .values_list("community__name", "name", "code")
    }
    return roster_files(district, existing)


def _rosters(district, log):
    files, roster = demo_files(district)
    done = loaded_files(district)
    if all(f.filename in done for f in files):
        return
    max_bytes = settings.IMPORT_MAX_FILE_MB * 1048576
    for file in files:
        if file.filename in done:
            continue
        report = Importer(DATASETS[file.dataset], district).run(
            read_table(file.data, file.filename, max_bytes=max_bytes)
        )
        if report.error_count or report.batch is None:
            errors = "；".join(f"第{e['row']}行 {e['column']}：{e['message']}" for e in report.errors[:5])
            raise CommandError(f"演示名册“{file.filename}”导入失败：{errors}")
        ImportBatch.objects.filter(pk=report.batch).update(original_name=file.filename, message=DEMO_NOTE)
        log(
            f"  {file.filename}：新增 {report.created}，更新 {report.updated}，未变 {report.unchanged}"
            + (f"（未使用的列：{'、'.join(report.ignored_columns)}）" if report.ignored_columns else "")
        )
        if file.dataset == "grid_workers":
            _contacts(district, roster)


def _contacts(district, roster):
    """Work phones (public or not) where the file had none, and a few demo photos, for the grid
    workers just imported."""
    workers = list(
        GridWorker.objects.filter(district=district, id_number__in=list(roster.contacts)).only(
            "id", "name", "id_number", "work_phone", "work_phone_public", "photo"
        )
    )
    for worker in workers:
        phone, public, photo = roster.contacts[worker.id_number]
        if not worker.work_phone:
            worker.work_phone, worker.work_phone_public = phone, public
        if photo and worker.photo_id is None:
            worker.photo = _photo(district, worker)
    GridWorker.objects.bulk_update(workers, ["work_phone", "work_phone_public", "photo"])


def _photo(district, worker):
    """A drawn stand-in portrait (a silhouette, no real face), titled as a demo image."""
    png = _silhouette_png(worker.id_number)
    return demo_image(district, f"演示头像（虚构人物）：{worker.name}", png, f"demo-worker-{worker.pk}.png")


def _silhouette_png(seed, size=240):
    backgrounds = ["#dbe7f3", "#f3e3d3", "#e2efdc", "#efe0ef", "#f1ecd2"]
    background = backgrounds[sum(map(ord, seed)) % len(backgrounds)]
    img = PILImage.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(img)
    centre = size / 2
    draw.ellipse((centre - 48, 42, centre + 48, 138), fill="#6b7a8f")  # head
    draw.pieslice((centre - 100, 140, centre + 100, 340), 180, 360, fill="#6b7a8f")  # shoulders
    draw.rectangle((centre - 16, 128, centre + 16, 150), fill="#6b7a8f")  # neck
    draw.ellipse((centre + 28, 183, centre + 42, 197), fill="#c8102e")  # a party pin
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=True)
    buffer.seek(0)
    return buffer
