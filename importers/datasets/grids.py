"""The `grids` dataset: streets, communities and grids of a district (社区与网格)."""

from snippets.models import Community, Grid, Street

from .. import cleaning
from ..errors import CellError
from ..names import name_key
from .base import Column, DatasetResource, render_cell
from .lookups import Lookups

LEVELS = {"一级": 1, "二级": 2, "三级": 3, "1": 1, "2": 2, "3": 3, "一级网格": 1, "二级网格": 2, "三级网格": 3}
LEVEL_WORDS = {1: "一级", 2: "二级", 3: "三级"}


def level(value):
    word = cleaning.compact(value)
    if not word:
        return None
    if word not in LEVELS:
        raise CellError("网格层级应为 一级、二级 或 三级")
    return LEVELS[word]


class Pending(str):
    """A street or community named in the file that does not exist yet."""


class GridResource(DatasetResource):
    dataset_name, label = "grids", "社区与网格"
    people = False
    vocabularies = {"level": ["一级", "二级", "三级"]}
    unique_fields = [("code",), ("community_id", "name")]
    chunk_rows = None  # parents may come after their children: the file is checked as one

    # New streets and communities are created from these names.
    street = Column(
        "street", "所属街道", "街道", required=True, export_attribute="community__street__name", max_length=50
    )
    community = Column(
        "community", "所属社区", "社区", required=True, export_attribute="community__name", max_length=50
    )
    name = Column("name", "网格名称", "网格", required=True, parse=cleaning.compact)
    code = Column("code", "网格编号", "网格编码", parse=cleaning.compact)
    level = Column("level", "网格层级", "层级", parse=level, render=lambda v: LEVEL_WORDS.get(v, ""))
    parent = Column("parent", "上级网格编号", "上级网格", parse=cleaning.compact, export_attribute="parent__code")
    households = Column("households", "覆盖户数", "户数", parse=lambda v: cleaning.integer(v, maximum=100_000))
    party_branch = Column("party_branch", "网格党支部", "党支部", parse=cleaning.compact)
    area = Column("area", "覆盖小区楼栋", "覆盖范围", "覆盖小区", parse=cleaning.text)

    class Meta:
        model = Grid
        fields = export_order = (
            "street",
            "community",
            "name",
            "code",
            "level",
            "parent",
            "households",
            "party_branch",
            "area",
        )

    def prepare(self, district):
        super().prepare(district)
        self.lookups = Lookups(district)
        self.file_codes = {}

    def resolve(self, values):
        street_name = cleaning.compact(values.pop("street"))
        community_name = cleaning.compact(values.pop("community"))
        street = self.lookups.streets.get(name_key(street_name))
        community = self.lookups.communities.get(name_key(community_name))
        if community is not None:
            if street is None or community.street_id != street.pk:
                current = community.street.name if community.street_id else ""
                raise CellError(f"社区“{community.name}”属于街道“{current}”，与表中的街道不一致", "street")
            values["community_id"] = community.pk
        else:
            values["community_id"] = Pending(community_name)
            values["street_id"] = street.pk if street else Pending(street_name)
        parent_code = values.pop("parent", None)
        if parent_code:
            values["parent_code"] = parent_code
        elif values.get("level") == 1:
            values["parent_id"] = None  # a first-level grid has no parent
        # A blank 网格层级 or 上级网格编号 (or no such column) leaves the stored level and parent.
        return values

    def level_of(self, row):
        """The row's level: as written, else the stored grid's (by code, then by name), else 3."""
        if row.values.get("level"):
            return row.values["level"]
        grids = self.lookups.grids
        stored = grids["by_code"].get(row.values.get("code") or "") or grids["by_name"].get(
            (row.values["community_id"], name_key(row.values["name"]))
        )
        return stored.level if stored is not None else 3

    def matched(self, row):
        """A grid found by its name in traditional characters or with spaces keeps its stored name."""
        if name_key(row.values.get("name", "")) == name_key(row.stored["name"]):
            row.values["name"] = row.stored["name"]

    def keys(self, values, stored=False):
        code = values.get("code")
        by_name = ("name", values.get("community_id"), name_key(values.get("name", "")))
        if stored:
            return [("code", code), by_name] if code else [by_name, ("name-no-code",) + by_name[1:]]
        return [("code", code), ("name-no-code",) + by_name[1:]] if code else [by_name]

    def key_column(self, values):
        return "code" if values.get("code") else "name"

    def describe(self, values):
        community = values.get("community_id")
        name = community if isinstance(community, str) else self.lookups.community_names.get(community, "")
        return f"{name} · {values.get('name', '')}"

    def display_pair(self, name, old, new):
        if name == "level":
            return LEVEL_WORDS.get(old, ""), LEVEL_WORDS.get(new, "")
        if name == "parent_id":
            codes = {g.pk: g.code or g.name for g in self.lookups.grids["by_code"].values()}
            return codes.get(old, ""), codes.get(new, "")
        return render_cell(old), render_cell(new)

    def check_rows(self, rows, error):
        """Parents by code, among stored grids and the file's own rows: same community, one level up."""
        stored = self.lookups.grids["by_code"]
        in_file = {r.values["code"]: r for r in rows if r.values.get("code")}
        good = []
        for row in rows:
            row.level = self.level_of(row)
        for row in rows:
            code = row.values.pop("parent_code", None)
            if code is None:
                good.append(row)
                continue
            parent_row = in_file.get(code)
            parent = stored.get(code)
            parent_level = parent_row.level if parent_row else parent.level if parent else None
            parent_community = (
                parent_row.values["community_id"] if parent_row else parent.community_id if parent else None
            )
            if parent_level is None:
                error(row, "parent", f"上级网格编号“{code}”在本行政区和本表中都不存在")
            elif parent_community != row.values["community_id"]:
                error(row, "parent", f"上级网格“{code}”属于另一个社区")
            elif parent_level != row.level - 1:
                error(
                    row,
                    "parent",
                    f"{LEVEL_WORDS[row.level]}网格的上级应是{LEVEL_WORDS.get(row.level - 1, '（无）')}网格",
                )
            elif code == row.values.get("code"):
                error(row, "parent", "上级网格不能是它自己")
            else:
                if parent is not None:
                    row.values["parent_id"] = parent.pk
                else:
                    row.parent_code = code  # a grid new in this file: its id is known once written
                good.append(row)
        return good

    def write(self, new, changed, batch):
        """Streets and communities first, then grids level by level so parents exist before children."""
        streets, communities = {}, {}
        for row in new + changed:
            street, community = row.values.get("street_id"), row.values.get("community_id")
            if isinstance(street, Pending) and street not in streets:
                existing = self.lookups.streets.get(name_key(street))
                streets[street] = existing or Street.objects.create(
                    district=self.district, name=street, import_batch=batch
                )
            if isinstance(community, Pending) and community not in communities:
                street_obj = streets.get(street) or Street.objects.get(pk=street)
                communities[community] = Community.objects.create(
                    district=self.district, street=street_obj, name=community, import_batch=batch
                )
        codes = dict(Grid.objects.filter(district=self.district).exclude(code="").values_list("code", "pk"))
        for level in (1, 2, 3):
            for row in new + changed:
                values = row.values
                values.pop("street_id", None)  # the street is the community's, not the grid's
                row.changes.pop("street_id", None)
                if isinstance(values.get("community_id"), Pending):
                    values["community_id"] = communities[values["community_id"]].pk
                    if "community_id" in row.changes:  # a stored grid moved to a new community
                        row.changes["community_id"] = (row.changes["community_id"][0], values["community_id"])
                if getattr(row, "parent_code", None) and row.level == level:
                    values["parent_id"] = codes[row.parent_code]
                    if row.stored is not None and row.stored.get("parent_id") != values["parent_id"]:
                        row.changes["parent_id"] = (row.stored.get("parent_id"), values["parent_id"])
            level_new = [r for r in new if r.level == level]
            super().write(level_new, [r for r in changed if r.level == level], batch)
            codes.update(
                Grid.objects.filter(district=self.district, level=level).exclude(code="").values_list("code", "pk")
            )
