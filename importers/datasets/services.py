"""The `services` dataset (服务事项（办事指南）): each row a service guide page under the district's
办事服务目录.

A guide is a Wagtail page, not a plain row: a new guide is added under the catalogue page and
an updated one gets a new revision, so that history, previews and the review workflow work as
for a guide written in the admin. When the importing user may publish there, the guides are
published; otherwise they wait in the district's review workflow as drafts (the command line,
run by the server's administrator, publishes). Undo deletes the guides the batch created and
saves the earlier values of the ones it changed as a new revision.

The lists a guide carries are written one cell each, and exported the same way so an export
re-imports unchanged:
- 所需材料: one per line or separated by `；`, each `名称 原件/复印件 N份（电子）（视情况提供）：说明`;
- 办理流程: one step per line, `步骤：说明`;
- 办理地点: names separated by `、`; a name that is a centre of the district (optionally followed
  by one of its windows, e.g. `城中区党群服务中心民政窗口`) links to it, any other is kept as
  text and listed in the report.
"""

import re

from django.core.exceptions import ValidationError
from django.urls import reverse

from centres.models import ServiceCentrePage
from districts.models import DistrictHomePage
from districts.slugs import pinyin_slug
from services.models import (
    ServiceCatalogPage,
    ServiceCategory,
    ServiceGuidePage,
    ServiceMaterial,
    ServicePlace,
    ServiceStep,
)
from services.phones import normalize_phones, validate_web_link

from .. import cleaning
from ..errors import CellError, TableError
from ..names import name_key
from .base import Column, DatasetResource

ITEM_SEPARATOR = re.compile(r"[；;]")
NUMERAL = "[0-9一二三四五六七八九十]+"
STEP_NUMBER = re.compile(rf"^(?:第?{NUMERAL}[步.、．):：）]+\s*|[（(]{NUMERAL}[)）]\s*)")
FORMS = {"原件和复印件": "原件和复印件", "原件及复印件": "原件和复印件", "原件、复印件": "原件和复印件"}
FORMS |= {"原件": "原件", "复印件": "复印件"}
MATERIAL = re.compile(
    r"^(?P<name>.+?)(?P<form>原件和复印件|原件及复印件|原件、复印件|原件|复印件)?(?:(?P<copies>\d{1,2})份)?"
    r"(?P<marks>(?:[（(][^（）()]*[)）])*)$"
)
BRACKETED = re.compile(r"[（(][^（）()]*[)）]")
MEDIUMS = {"电子": "电子", "电子版": "电子", "纸质": "纸质", "纸质或电子": "纸质或电子", "纸质或电子版": "纸质或电子"}
OPTIONAL_MARKS = {"视情况提供", "如有", "非必须", "选填"}
FREE = {"否", "无", "不收费", "免费", "免收", "0", "0元"}
PROXY_WORDS = {"红色代办": "红色代办", "代办服务": "代办服务"}
# Longer is refused, not cut: a cell's text is never lost on the way in.
MATERIAL_NOTE_LENGTH = ServiceMaterial._meta.get_field("note").max_length
STEP_TEXT_LENGTH = ServiceStep._meta.get_field("text").max_length
MAX_ITEMS = 30


class NewCategory(str):
    """A category named in the file that the district does not have yet; created on write."""


# -- reading and writing the list cells ---------------------------------------------------------


def prose(value):
    """A cell of prose as written: trimmed, but its full-width punctuation kept (unlike names, whose
    cells are NFKC-normalised), so that text typed in the admin survives an export and re-import."""
    if value.__class__ is not str:
        return cleaning.text(value)
    return cleaning.FORMULA_ESCAPE.sub("", value.replace("\r\n", "\n").replace("\r", "\n").strip())


def prose_list(value):
    """Several names in one cell, separated by 、 (or ，,;； or line breaks)."""
    return [part.strip() for part in re.split(r"[、，,;；\n]+", prose(value)) if part.strip()] or None


def _head_and_rest(text):
    """`申请：到社区窗口递交材料` → ("申请", "到社区窗口递交材料"), at the first colon of either width."""
    head, _, rest = re.split("([:：])", text, maxsplit=1) if re.search("[:：]", text) else (text, "", "")
    return head.strip(), rest.strip()


def _items(value):
    """One item per line, or several on a line separated by ；."""
    return [part.strip() for line in prose(value).split("\n") for part in ITEM_SEPARATOR.split(line) if part.strip()]


def parse_materials(value):
    """所需材料 → a tuple of (name, form, copies, medium, required, note)."""
    materials = []
    for item in _items(value):
        item, note = _head_and_rest(item)
        match = MATERIAL.match(item.strip())
        if match is None or not BRACKETED.sub("", match.group("name")).strip():
            raise CellError(f"看不懂材料“{item[:30]}”：应写材料名称，如“居民身份证原件1份”")
        medium, required = ServiceMaterial.PAPER, True
        for mark in (m[1:-1] for m in BRACKETED.findall(match.group("marks"))):
            if mark in MEDIUMS:
                medium = MEDIUMS[mark]
            elif mark in OPTIONAL_MARKS:
                required = False
            else:
                note = "，".join(n for n in (mark, note) if n)
        name = match.group("name").strip()
        if len(name) > 120:
            raise CellError(f"材料名称“{name[:20]}…”太长（最多120个字）")
        copies = int(match.group("copies") or 1)
        if not 1 <= copies <= 20:
            raise CellError(f"材料“{name}”的份数应在1到20之间")
        form = FORMS.get(match.group("form") or "", ServiceMaterial.ORIGINAL)
        note = note.strip()
        if len(note) > MATERIAL_NOTE_LENGTH:
            raise CellError(f"材料“{name}”的说明太长（最多{MATERIAL_NOTE_LENGTH}个字，现在{len(note)}个字）")
        materials.append((name, form, copies, medium, required, note))
    if len(materials) > MAX_ITEMS:
        raise CellError(f"材料最多{MAX_ITEMS}项")
    return tuple(materials) or None


def render_materials(materials):
    lines = []
    for name, form, copies, medium, required, note in materials or ():
        text = f"{name}{form}{copies}份"
        text += "" if medium == ServiceMaterial.PAPER else f"（{medium}）"
        text += "" if required else "（视情况提供）"
        lines.append(text + (f"：{note}" if note else ""))
    return "\n".join(lines)


def parse_steps(value):
    """办理流程 → a tuple of (title, text): one step per line, numbering removed."""
    steps = []
    for line in prose(value).splitlines():
        line = STEP_NUMBER.sub("", line.strip()).strip()
        if not line:
            continue
        title, text = _head_and_rest(line)
        if len(title) > 60:
            title, text = title[:60].rstrip("，,。"), line  # a step written as one long sentence
        text = text.strip()
        if len(text) > STEP_TEXT_LENGTH:
            raise CellError(f"第{len(steps) + 1}步的说明太长（最多{STEP_TEXT_LENGTH}个字，现在{len(text)}个字）")
        steps.append((title.strip(), text))
    if len(steps) > MAX_ITEMS:
        raise CellError(f"办理流程最多{MAX_ITEMS}步")
    return tuple(steps) or None


def render_steps(steps):
    return "\n".join(f"{n}. {title}" + (f"：{text}" if text else "") for n, (title, text) in enumerate(steps or (), 1))


def parse_fees(value):
    words = cleaning.compact(value)
    if not words:
        return None
    return "不收费" if words in FREE else prose(value)


def parse_proxy(value):
    words = cleaning.compact(value)
    if words in PROXY_WORDS:
        return True
    return cleaning.yes_no(value)


def parse_phones(value):
    try:
        return normalize_phones(cleaning.text(value)) or None
    except ValidationError as error:
        raise CellError(error.messages[0]) from None


def parse_url(value):
    url = cleaning.text(value)
    if not url:
        return None
    try:
        validate_web_link(url)
    except ValidationError as error:
        raise CellError(error.messages[0]) from None
    if len(url) > 500:
        raise CellError("网址太长（最多500个字符）")
    return url


def render_places(places):
    """(centre title, window label or "") pairs as the cell shows them."""
    return "、".join(f"{centre}{window}" for centre, window in places or ())


def lists_of(guides):
    """{guide id: its materials, steps and places as the cells hold them} for a queryset of guides,
    in three queries."""
    lists = {}
    for page_id, *material in (
        ServiceMaterial.objects.filter(page__in=guides)
        .order_by("page_id", "sort_order", "pk")
        .values_list("page_id", "name", "form", "copies", "medium", "required", "note")
    ):
        lists.setdefault(page_id, {}).setdefault("materials", []).append(tuple(material))
    for page_id, title, text in (
        ServiceStep.objects.filter(page__in=guides).order_by("page_id", "sort_order", "pk").values_list(
            "page_id", "title", "text"
        )
    ):
        lists.setdefault(page_id, {}).setdefault("steps", []).append((title, text))
    places = ServicePlace.objects.filter(page__in=guides).select_related("centre", "window")
    for place in places.order_by("page_id", "sort_order", "pk"):
        entry = lists.setdefault(place.page_id, {})
        centre = place.centre_id if place.centre is not None else None
        window = place.window_id if centre and place.window is not None else None
        entry.setdefault("places", []).append((centre, window, "" if centre else place.name))
        entry.setdefault("place_names", []).append(
            (place.centre.title, place.window.label if window else "") if centre else (place.name, "")
        )
    return {
        page_id: {name: tuple(value) if name != "place_names" else value for name, value in entry.items()}
        for page_id, entry in lists.items()
    }


# -- the Resource ----------------------------------------------------------------------------------


class ServiceResource(DatasetResource):
    dataset_name, label = "services", "办事指南"
    people = False
    chunk_rows = None  # a few thousand guides at most: one chunk, so every name resolves at once

    title = Column("title", "事项名称", "服务事项", required=True, parse=prose)
    category = Column("category", "服务类别", "类别", required=True, parse=cleaning.compact, max_length=30)
    audience = Column("audience", "服务对象", parse=prose)
    conditions = Column("conditions", "办理条件", "受理条件", parse=prose)
    materials = Column("materials", "所需材料", "申请材料", parse=parse_materials, render=render_materials)
    steps = Column("steps", "办理流程", parse=parse_steps, render=render_steps)
    promised_time_limit = Column("promised_time_limit", "承诺时限", "办理时限", parse=prose)
    fees = Column("fees", "收费标准", "是否收费", parse=parse_fees)
    places = Column("places", "办理地点", "服务中心", parse=prose_list, render=render_places)
    hours = Column("hours", "办理时间", parse=prose)
    consult_phone = Column("consult_phone", "咨询电话", parse=parse_phones)
    can_proxy = Column("can_proxy", "可代办", "是否可代办", parse=parse_proxy)
    online_url = Column("online_url", "在线办理", "网办地址", parse=parse_url)

    LISTS = ("materials", "steps", "places")

    class Meta:
        model = ServiceGuidePage
        fields = export_order = (
            "title",
            "category",
            "audience",
            "conditions",
            "materials",
            "steps",
            "promised_time_limit",
            "fees",
            "places",
            "hours",
            "consult_phone",
            "can_proxy",
            "online_url",
        )

    @classmethod
    def open_data_links(cls, district):
        """[(label, URL)] of the district's catalogue downloads (HSDS open data), for the admin page."""
        home = DistrictHomePage.objects.filter(district=district).first()
        catalogue = ServiceCatalogPage.objects.child_of(home).first() if home else None
        if catalogue is None or not catalogue.live:
            return []
        url = catalogue.url
        return [("HSDS JSON", f"{url}opendata/hsds/json/"), ("HSDS CSV 数据包", f"{url}opendata/hsds/zip/")]

    @staticmethod
    def list_url():
        """Where the imported rows are listed: guides are pages, found in the page tree."""
        return reverse("wagtailadmin_explore_root")

    # -- checking --------------------------------------------------------------------------------

    def prepare(self, district):
        super().prepare(district)
        home = DistrictHomePage.objects.filter(district=district).first()
        self.catalogue = ServiceCatalogPage.objects.child_of(home).first() if home else None
        if self.catalogue is None:
            raise TableError(
                f"{district.name}还没有“办事服务目录”页面：请先在页面树的行政区首页下建立，再导入办事指南。"
            )
        self.categories = {name_key(c.name): c for c in ServiceCategory.objects.filter(district=district)}
        self.new_categories, self.created_categories = {}, {}
        centres = ServiceCentrePage.objects.filter(district=district).prefetch_related("windows").order_by("path")
        # Longest titles first, so that "城中区党群服务中心民政窗口" finds its centre, not a shorter prefix.
        self.centres = sorted(centres, key=lambda c: -len(c.title))
        self.centre_titles = {c.pk: c.title for c in self.centres}
        self.window_labels = {w.pk: w.label for c in self.centres for w in c.windows.all()}
        self.unmatched_places = {}  # name -> the rows naming it

    def resolve(self, values):
        name = values.pop("category")
        found = self.categories.get(name_key(name))
        values["category_id"] = found.pk if found else self.new_categories.setdefault(name_key(name), NewCategory(name))
        if len(values["title"]) > 255:
            raise CellError("事项名称太长（最多255个字）", "title")
        if "places" in values:
            values["places"] = tuple(self.place(name) for name in values["places"])
        return values

    def place(self, name):
        """(centre id, window id, name) for one 办理地点: a centre (and window) of the district, else text."""
        key = name_key(name)
        for centre in self.centres:
            title = name_key(centre.title)
            if not key.startswith(title):
                continue
            rest = key[len(title) :]
            if not rest:
                return (centre.pk, None, "")
            for window in centre.windows.all():
                if rest in {name_key(window.label), name_key(window.name), name_key(f"{window.name}窗口")}:
                    return (centre.pk, window.pk, "")
        if len(name) > 80:
            raise CellError(f"办理地点“{name[:20]}…”太长（最多80个字）", "places")
        self.unmatched_places.setdefault(name, 0)
        self.unmatched_places[name] += 1
        return (None, None, name)

    def keys(self, values, stored=False):
        return [("guide", name_key(values.get("title") or ""), values.get("category_id"))]

    def key_column(self, values):
        return "title"

    def describe(self, values):
        return values.get("title", "")

    def display_pair(self, name, old, new):
        render = {
            "category_id": lambda v: getattr(self.categories.get(name_key(str(v))), "name", None)
            or self.category_names.get(v, v or ""),
            "materials": render_materials,
            "steps": render_steps,
            "places": lambda v: render_places(self.place_names(v)),
        }.get(name)
        if render is None:
            return ("" if old is None else str(old)), ("" if new is None else str(new))
        return render(old), render(new)

    @property
    def category_names(self):
        return {c.pk: c.name for c in self.categories.values()}

    def place_names(self, places):
        return [
            (self.centre_titles.get(centre, name), self.window_labels.get(window, "") if window else "")
            for centre, window, name in places or ()
        ]

    def notes(self):
        """What the report tells besides errors: 办理地点 kept as text."""
        return [
            f"办理地点“{name}”不是本行政区的服务中心，已按文字保存（{count}行）"
            for name, count in sorted(self.unmatched_places.items())
        ]

    # -- stored guides -------------------------------------------------------------------------------

    def stored(self, rows):
        guides = ServiceGuidePage.objects.descendant_of(self.catalogue)
        self.stored_lists = lists_of(guides)
        return guides

    def unmatched(self, row):
        """A new guide needs what its page requires; an updated one keeps its stored 服务对象."""
        if not row.values.get("audience"):
            raise CellError("新的办事指南必须填写服务对象（谁可以办）", "audience")

    def matched(self, row):
        """Complete the stored values with the guide's lists, so that they compare with the file's."""
        row.stored.update(self.stored_lists.get(row.stored["id"], {}))
        for name in self.LISTS:
            if name not in row.values:
                continue  # a column the file leaves out, or a blank cell: the list stays as it is
            row.stored.setdefault(name, None)

    # -- writing ---------------------------------------------------------------------------------------

    def may_publish(self, user):
        return user is None or self.catalogue.permissions_for_user(user).can_publish_subpage()

    def create_categories(self, rows, batch):
        wanted = {v for r in rows for v in [r.values.get("category_id")] if isinstance(v, NewCategory)}
        for name in sorted(wanted - set(self.created_categories)):
            category = ServiceCategory.objects.create(district=self.district, name=name, import_batch=batch)
            self.created_categories[name] = category.pk
        for row in rows:
            category = row.values.get("category_id")
            if isinstance(category, NewCategory):
                row.values["category_id"] = self.created_categories[category]
                if "category_id" in row.changes:
                    row.changes["category_id"] = (row.changes["category_id"][0], self.created_categories[category])

    def write(self, new, changed, batch):
        user = batch.user
        if user is not None and not self.catalogue.permissions_for_user(user).can_add_subpage():
            raise TableError(f"您没有在{self.district.name}的办事服务目录下添加页面的权限。")
        self.create_categories(new + changed, batch)
        publish = self.may_publish(user)
        taken = set(ServiceGuidePage.objects.child_of(self.catalogue).values_list("slug", flat=True))
        for row in new:
            guide = ServiceGuidePage(slug=pinyin_slug(row.values["title"], taken, fallback="fuwu"), import_batch=batch)
            guide.live = False  # a draft until save() publishes it (a new Page is live by default)
            self.fill(guide, row.values)
            self.catalogue.add_child(instance=guide)
            self.save(guide, user, publish)
        pages = ServiceGuidePage.objects.in_bulk([row.stored["id"] for row in changed])
        for row in changed:
            guide = pages[row.stored["id"]]
            guide = guide.get_latest_revision_as_object() if guide.has_unpublished_changes else guide
            self.fill(guide, {name: new_value for name, (_old, new_value) in row.changes.items()})
            self.save(guide, user, publish and guide.live)

    def fill(self, guide, values):
        for name, value in values.items():
            if name == "materials":
                guide.materials = [
                    ServiceMaterial(name=n, form=f, copies=c, medium=m, required=r, note=note)
                    for n, f, c, m, r, note in value or ()
                ]
            elif name == "steps":
                guide.steps = [ServiceStep(title=title, text=text) for title, text in value or ()]
            elif name == "places":
                kept = {(p.centre_id, p.window_id, p.name if not p.centre_id else ""): p for p in guide.places.all()}
                guide.places = [
                    ServicePlace(
                        centre_id=centre,
                        window_id=window,
                        name=name,
                        address=getattr(kept.get((centre, window, name)), "address", ""),
                        hours=getattr(kept.get((centre, window, name)), "hours", ""),
                    )
                    for centre, window, name in value or ()
                ]
            elif name == "can_proxy":
                guide.can_proxy = bool(value)
                if guide.can_proxy and not guide.proxy_kind:
                    guide.proxy_kind = "代办服务"
                if not guide.can_proxy:
                    guide.proxy_kind, guide.proxy_how = "", ""
            else:
                setattr(guide, name, "" if value is None and name != "category_id" else value)

    def save(self, guide, user, publish):
        revision = guide.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
            return
        workflow = guide.get_workflow()
        if workflow is not None and not guide.workflow_in_progress:
            workflow.start(guide, user)

    def restore(self, changes, user):
        """Undo of the guides a batch changed: their earlier values saved as a new revision (published
        where the guide is live), so the change and its undo both stay in the page's history."""
        for change in changes.iterator():
            guide = ServiceGuidePage.objects.filter(pk=change.object_id).first()
            if guide is None:
                continue  # deleted since
            guide = guide.get_latest_revision_as_object() if guide.has_unpublished_changes else guide
            before = {
                name: tuple(tuple(item) for item in value) if name in self.LISTS and value else value
                for name, value in change.before.items()
            }
            self.fill(guide, before)
            revision = guide.save_revision(user=user, log_action=True)
            if guide.live:
                revision.publish(user=user)

    def export_queryset(self, district):
        home = DistrictHomePage.objects.filter(district=district).first()
        if home is None:
            return ServiceGuidePage.objects.none()
        return ServiceGuidePage.objects.descendant_of(home).select_related("category").order_by("path")

    def export(self, queryset=None, mask=True, **kwargs):
        self.export_lists = lists_of(queryset)
        return super().export(queryset=queryset, mask=mask, **kwargs)

    def _cell(self, name, value):
        return self.fields[name].widget.render(value)  # a dehydrate method bypasses the widget

    def dehydrate_category(self, guide):
        return self._cell("category", guide.category.name)

    def dehydrate_materials(self, guide):
        return self._cell("materials", self.export_lists.get(guide.pk, {}).get("materials"))

    def dehydrate_steps(self, guide):
        return self._cell("steps", self.export_lists.get(guide.pk, {}).get("steps"))

    def dehydrate_places(self, guide):
        return self._cell("places", self.export_lists.get(guide.pk, {}).get("place_names"))
