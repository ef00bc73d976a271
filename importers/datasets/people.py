"""The roster datasets: grid workers, community workers, volunteers and "双报到" party members."""

from django.db.models import Q

from snippets.models import CommunityWorker, GridWorker, PartyCheckin, Volunteer, VolunteerTeam
from snippets.privacy import mask_id_number, mask_mobile

from .. import cleaning
from ..names import name_key
from .base import Column, DatasetResource, render_cell
from .lookups import Lookups

POLITICAL_STATUS = ["中共党员", "中共预备党员", "共青团员", "民主党派成员", "无党派人士", "群众"]
STATUS = {"在岗": True, "离岗": False}
STATUS_ALIASES = {"在职": "在岗", "离职": "离岗", "是": "在岗", "否": "离岗", "正常": "在岗", "退出": "离岗"}


def status(value):
    word = cleaning.choice(value, list(STATUS), STATUS_ALIASES)
    return None if word is None else STATUS[word]


def render_status(value):
    return "在岗" if value in (True, None) else "离岗"


def gender(value):
    return cleaning.choice(value, ["男", "女"], {"男性": "男", "女性": "女", "M": "男", "F": "女"})


class PersonResource(DatasetResource):
    """People, keyed by ID number when the row has one, else by mobile number."""

    unique_fields = [("mobile",), ("id_number",)]
    foreign_names = {"community_id": "community_names"}

    def prepare(self, district):
        super().prepare(district)
        self.lookups = Lookups(district)

    def resolve(self, values):
        if "community" in values:
            values["community_id"] = self.lookups.community(values.pop("community")).pk
        if "name" in values:
            values["name"] = cleaning.compact(values["name"])
        if values.get("id_number") and not values.get("gender") and "gender" in self.fields_by_key:
            values["gender"] = cleaning.gender_from_id(values["id_number"])
        return values

    def keys(self, values, stored=False):
        ident, mobile = values.get("id_number"), values.get("mobile")
        if stored:
            return [("id", ident), ("mobile", mobile)] if ident else [("mobile", mobile), ("mobile-no-id", mobile)]
        return [("id", ident), ("mobile-no-id", mobile)] if ident else [("mobile", mobile)]

    def key_column(self, values):
        return "id_number" if values.get("id_number") else "mobile"

    def stored(self, rows):
        people = super().stored(rows)
        if rows is None:
            return people
        found = Q(mobile__in={r.values["mobile"] for r in rows if r.values.get("mobile")})
        if ids := {r.values["id_number"] for r in rows if r.values.get("id_number")}:
            found |= Q(id_number__in=ids)
        return people.filter(found)

    def display(self, name, value, mask=True):
        if value in (None, ""):
            return ""
        if name in self.foreign_names:
            names = getattr(self.lookups, self.foreign_names[name], None) or {}
            return names.get(value, value.name if hasattr(value, "name") else str(value))
        if mask and name == "mobile":
            return mask_mobile(value)
        if mask and name == "id_number":
            return mask_id_number(value)
        if name == "is_active":
            return render_status(value)
        return render_cell(value)

    def display_pair(self, name, old, new):
        return self.display(name, old), self.display(name, new)

    def describe(self, values):
        community = self.lookups.community_names.get(values.get("community_id"), "")
        return f"{values.get('name', '')}（{community}）" if community else values.get("name", "")


def name_column():
    return Column("name", "姓名", required=True, parse=cleaning.compact)


def mobile_column(*aliases):
    return Column("mobile", "手机号码", *aliases, required=True, parse=cleaning.mobile, personal="mobile")


def id_column(*aliases):
    return Column("id_number", "身份证号", *aliases, parse=cleaning.id_number, personal="id_number")


def community_column(header="所属社区", *aliases, required=True):
    return Column("community", header, *aliases, required=required, export_attribute="community__name")


def status_column():
    return Column("is_active", "状态", "在岗状态", parse=status, render=render_status)


class GridWorkerResource(PersonResource):
    dataset_name, label = "grid_workers", "网格员花名册"
    vocabularies = {
        "work_phone_public": ["是", "否"],
        "role": GridWorker.ROLES,
        "gender": ["男", "女"],
        "political_status": POLITICAL_STATUS,
        "is_active": list(STATUS),
    }
    foreign_names = {"community_id": "community_names", "grid_id": "grid_names"}

    name = name_column()
    gender = Column("gender", "性别", parse=gender)
    mobile = mobile_column("手机号", "联系电话", "电话")
    id_number = id_column("身份证号码", "公民身份号码")
    community = community_column("所属社区", "社区")
    grid = Column("grid", "所属网格", "网格", "网格名称", export_attribute="grid__name")
    role = Column(
        "role",
        "岗位",
        "职务",
        "人员类别",
        required=True,
        parse=lambda v: cleaning.choice(v, GridWorker.ROLES, {"专职": "专职网格员", "兼职": "兼职网格员"}),
    )
    political_status = Column("political_status", "政治面貌", parse=cleaning.compact)
    # Beyond the spec, optional: the contact residents see on 我的网格员.
    work_phone = Column("work_phone", "工作电话", "办公电话", parse=cleaning.phone)
    work_phone_public = Column("work_phone_public", "公开工作电话", "工作电话公开", parse=cleaning.yes_no)
    is_active = status_column()

    class Meta:
        model = GridWorker
        fields = export_order = (
            "name",
            "gender",
            "mobile",
            "id_number",
            "community",
            "grid",
            "role",
            "political_status",
            "work_phone",
            "work_phone_public",
            "is_active",
        )

    def resolve(self, values):
        values = super().resolve(values)
        if "grid" in values:
            values["grid_id"] = self.lookups.grid(values.pop("grid"), values["community_id"]).pk
        return values

    def matched(self, row):
        """Someone moved to another community with the 所属网格 cell blank: the stored grid, of the
        old community, cannot stay; it is cleared rather than left pointing across communities."""
        stored_grid = row.stored.get("grid_id")
        if "grid_id" not in row.values and stored_grid and row.values.get("community_id") != row.stored["community_id"]:
            row.values["grid_id"] = None

    @property
    def grid_names(self):
        return self.lookups.grids["names"]


class CommunityWorkerResource(PersonResource):
    dataset_name, label = "community_workers", "社区工作者"
    vocabularies = {"gender": ["男", "女"]}

    name = name_column()
    gender = Column("gender", "性别", parse=gender)
    mobile = mobile_column("手机号", "联系电话")
    id_number = id_column("身份证号码")
    community = community_column("所属社区", "社区")
    position = Column("position", "职务", "岗位", required=True, parse=cleaning.compact)
    grade = Column("grade", "岗位等级", "等级", parse=cleaning.compact)
    hired_on = Column("hired_on", "入职日期", "任职时间", parse=cleaning.date)
    education = Column("education", "学历", parse=cleaning.compact)
    is_active = status_column()

    class Meta:
        model = CommunityWorker
        fields = export_order = (
            "name",
            "gender",
            "mobile",
            "id_number",
            "community",
            "position",
            "grade",
            "hired_on",
            "education",
            "is_active",
        )


def skills(value):
    return "、".join(cleaning.split_list(value)) or None


class NewTeam(str):
    """A team named in the file that does not exist yet; created when the import is written."""


class VolunteerResource(PersonResource):
    dataset_name, label = "volunteers", "志愿者"
    unique_fields = [("mobile",)]
    vocabularies = {"political_status": POLITICAL_STATUS, "is_active": list(STATUS)}
    foreign_names = {"community_id": "community_names", "team_id": "team_names"}

    name = name_column()
    mobile = mobile_column("手机号", "联系电话")
    team = Column("team", "所属队伍", "志愿服务队", "队伍", export_attribute="team__name", max_length=60)
    community = community_column("所属社区", "社区", required=False)
    skills = Column("skills", "服务特长", "特长", parse=skills)
    registered_on = Column("registered_on", "注册日期", "注册时间", parse=cleaning.date)
    hours = Column("hours", "累计服务时长", "服务时长(小时)", "服务时长", parse=lambda v: cleaning.decimal(v, places=1))
    political_status = Column("political_status", "政治面貌", parse=cleaning.compact)
    is_active = status_column()

    class Meta:
        model = Volunteer
        fields = export_order = (
            "name",
            "mobile",
            "team",
            "community",
            "skills",
            "registered_on",
            "hours",
            "political_status",
            "is_active",
        )

    def keys(self, values, stored=False):
        return [("mobile", values.get("mobile"))]

    def key_column(self, values):
        return "mobile"

    def resolve(self, values):
        values = super().resolve(values)
        if "team" in values:
            name = cleaning.compact(values.pop("team"))
            team = self.lookups.teams.get(name_key(name))
            # a new team written in traditional characters in one row is the same new team
            values["team_id"] = team.pk if team else self.new_teams.setdefault(name_key(name), NewTeam(name))
        return values

    def prepare(self, district):
        super().prepare(district)
        self.new_teams, self.created_teams = {}, {}

    @property
    def team_names(self):
        return {t.pk: t.name for t in self.lookups.teams.values()}

    def write(self, new, changed, batch):
        """Teams named in the file for the first time are created (and undone with the batch)."""
        wanted = {v for r in new + changed for v in [r.values.get("team_id")] if isinstance(v, NewTeam)}
        created = self.created_teams  # by an earlier chunk, or now
        for name in sorted(wanted - set(created)):
            created[name] = VolunteerTeam.objects.create(district=self.district, name=name, import_batch=batch).pk
        for row in new + changed:
            team = row.values.get("team_id")
            if isinstance(team, NewTeam):
                row.values["team_id"] = created[team]
                if "team_id" in row.changes:
                    row.changes["team_id"] = (row.changes["team_id"][0], created[team])
        super().write(new, changed, batch)


class PartyCheckinResource(PersonResource):
    dataset_name, label = "party_checkins", "在职党员“双报到”"
    unique_fields = [("mobile", "community_id")]

    name = name_column()
    mobile = mobile_column("手机号")
    employer = Column("employer", "工作单位", "单位", required=True, parse=cleaning.compact)
    party_org = Column("party_org", "所在党组织", "党组织", parse=cleaning.compact)
    community = community_column("报到社区", "社区")
    checked_in_on = Column("checked_in_on", "报到日期", "报到时间", parse=cleaning.date)
    post = Column("post", "认领岗位", "岗位", parse=cleaning.compact)
    points = Column("points", "积分", "服务积分", parse=cleaning.integer)
    is_active = status_column()

    class Meta:
        model = PartyCheckin
        fields = export_order = (
            "name",
            "mobile",
            "employer",
            "party_org",
            "community",
            "checked_in_on",
            "post",
            "points",
            "is_active",
        )

    def keys(self, values, stored=False):
        return [("mobile+community", values.get("mobile"), values.get("community_id"))]

    def key_column(self, values):
        return "mobile"
