"""Fictional rosters for the demo districts, written as the spreadsheets administrators keep.

`roster_files(district, existing_grids)` returns the files of one district — grids,
grid workers, community workers, volunteers and 双报到 check-ins — as xlsx and csv
bytes, ready for the importer (residents.demo loads them through it). The same
district and stored grids always give the same rows: everything comes from a
random generator seeded with the district's code.

Every person is fictional, and it shows:

- names are drawn at random from common surnames and given-name characters;
- **mobile numbers all have 0000 in the middle**: `1xx 0000 nnnn` (e.g. 139 0000 1024),
  a block that stands out in any listing; work phones use the same block from 8000 up;
- ID numbers are valid under GB 11643 (real region codes of the district, a plausible
  birth date, the correct check digit) but **their sequence code is always 99x**
  (positions 15–17; the last digit odd for men, even for women), so that
  `630104198507129931` reads as a demo number to anyone who knows the format.

One file per district is messy on purpose, the way rosters arrive from the
streets: a merged title row, `*` and `（必填）` in the headers, a 序号 column and
columns the dataset does not read, names padded to line up (`王　伟`), mobiles
written with +86, spaces or dashes or in full-width digits, a community merged
down its rows and once written in traditional characters, a blank row, an `x` at
the end of an ID number, and a closing 填表人 row.
"""

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from importers.cleaning import ID_CHECK, ID_WEIGHTS
from importers.names import name_key

from . import demo_data

MOBILE_PREFIXES = ("139", "138", "177", "136", "158", "187", "151", "133", "180", "199")
FICTIONAL_BLOCK = "0000"  # digits 4–7 of every demo mobile number
WORK_PHONE_START = 8000  # work phones: 1xx 0000 8nnn
LEVEL_WORDS = {1: "一级", 2: "二级", 3: "三级"}
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
TRADITIONAL = {"兰新社区": "蘭新社區", "建设社区": "建設社區", "文亭巷社区": "文亭巷社區", "八一路社区": "八一路社區"}


def id_check_digit(body17):
    return ID_CHECK[sum(int(d) * w for d, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def fictional_id(region, birth, gender, variant):
    """An 18-digit ID number with the demo sequence code 99x and a correct check digit."""
    last = (2 * variant + (1 if gender == "男" else 0)) % 10  # odd for men, even for women
    body = f"{region}{birth:%Y%m%d}99{last}"
    return body + id_check_digit(body)


def is_fictional_mobile(number):
    return len(number) == 11 and number[3:7] == FICTIONAL_BLOCK


@dataclass
class Person:
    name: str
    gender: str
    mobile: str
    id_number: str
    born: dt.date


class People:
    """Fictional people of one district: distinct names, mobiles and ID numbers."""

    def __init__(self, rng, regions):
        self.rng, self.regions = rng, regions
        self.serial = 1000
        self.work_serial = WORK_PHONE_START
        self.names, self.ids = set(), set()

    def mobile(self):
        self.serial += 1
        return f"{self.rng.choice(MOBILE_PREFIXES)}{FICTIONAL_BLOCK}{self.serial:04d}"

    def work_phone(self):
        self.work_serial += 1
        return f"{self.rng.choice(MOBILE_PREFIXES)}{FICTIONAL_BLOCK}{self.work_serial:04d}"

    def name(self, gender):
        given = demo_data.GIVEN_MALE if gender == "男" else demo_data.GIVEN_FEMALE
        for _attempt in range(50):
            length = 1 if self.rng.random() < 0.3 else 2
            name = self.rng.choice(demo_data.SURNAMES) + "".join(self.rng.choice(given) for _ in range(length))
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("演示姓名用尽")

    def person(self, born=(1966, 2000), gender=None):
        gender = gender or self.rng.choice("男女")
        birth = dt.date(self.rng.randint(*born), self.rng.randint(1, 12), self.rng.randint(1, 28))
        region = self.rng.choice(self.regions)
        for variant in range(5):
            number = fictional_id(region, birth, gender, variant)
            if number not in self.ids:
                break
        else:  # five people of one sex born the same day in one region: take the next day
            return self.person(born, gender)
        self.ids.add(number)
        return Person(self.name(gender), gender, self.mobile(), number, birth)


# Grids ------------------------------------------------------------------------------------


@dataclass
class GridSpec:
    street: str
    community: str
    name: str
    level: int
    parent: str = ""  # parent's name
    code: str = ""
    households: int = None
    area: str = ""
    party_branch: str = ""
    children: list = field(default_factory=list)


def format_places(buildings):
    """[(estate, number), ...] → 兰新小区1—6号楼、石油小区1—2号楼"""
    parts, runs = [], []
    for estate, number in buildings:
        if runs and runs[-1][0] == estate and runs[-1][2] == number - 1:
            runs[-1][2] = number
        else:
            runs.append([estate, number, number])
    for estate, first, last in runs:
        numbers = f"{first}—{last}" if last > first else f"{first}"
        parts.append(f"{estate}{numbers}号楼")
    return "、".join(parts)


def split_evenly(items, parts):
    size, extra = divmod(len(items), parts)
    chunks, start = [], 0
    for index in range(parts):
        end = start + size + (1 if index < extra else 0)
        chunks.append(items[start:end])
        start = end
    return chunks


def plan_grids(rng, district, spec, existing):
    """Every grid of the demo, parents before children, with codes, households and areas.

    `existing` maps (community key, grid key) to the code of a grid already stored, so
    that grids the districts app created are updated (gaining their area) instead of doubled.
    """
    grids = []
    for s, (street, communities) in enumerate(spec["streets"].items(), start=1):
        for c, (community, data) in enumerate(communities.items(), start=1):
            counter = iter(range(1, 100))

            def code_for(name, s=s, c=c, community=community, counter=counter):
                known = existing.get((name_key(community), name_key(name)))
                return known or f"WG{district.code}{s:02d}{c:02d}{next(counter):02d}"

            buildings = [(estate, n) for estate, count in data["estates"] for n in range(1, count + 1)]
            for top, seconds in data["grids"].items():
                first = GridSpec(street, community, top, 1, code=code_for(top), party_branch=f"{community}党委")
                first.area = "、".join(estate for estate, _count in data["estates"])
                grids.append(first)
                leaves = [leaf for leaves in seconds.values() for leaf in leaves]
                chunks = dict(zip(leaves, split_evenly(buildings, len(leaves)), strict=True))
                for second, thirds in seconds.items():
                    middle = GridSpec(
                        street,
                        community,
                        second,
                        2,
                        parent=top,
                        code=code_for(second),
                        party_branch=f"{second}联合党支部",
                    )
                    grids.append(middle)
                    first.children.append(middle)
                    covered = []
                    for third in thirds:
                        leaf = GridSpec(
                            street,
                            community,
                            third,
                            3,
                            parent=second,
                            code=code_for(third),
                            households=rng.randint(300, 500),
                            area=format_places(chunks[third]),
                            party_branch=f"{third}党支部",
                        )
                        covered.extend(chunks[third])
                        grids.append(leaf)
                        middle.children.append(leaf)
                    middle.area = format_places(covered)
                    middle.households = sum(g.households for g in middle.children)
                first.households = sum(g.households for g in first.children)
    return grids


# Rows -------------------------------------------------------------------------------------


@dataclass
class Roster:
    """The rows of every dataset for one district, and what the importer does not read yet."""

    grids: list
    grid_workers: list = field(default_factory=list)  # dicts
    community_workers: list = field(default_factory=list)
    volunteers: list = field(default_factory=list)
    checkins: list = field(default_factory=list)
    # id_number → (work phone, public?, draw a demo photo?): grid workers' public contact,
    # columns the spec's grid_workers dataset does not have.
    contacts: dict = field(default_factory=dict)


def build_roster(district, existing_grids):
    spec = demo_data.DISTRICTS[district.code]
    rng = random.Random(f"residents-demo-rosters/{district.code}/v1")
    people = People(rng, spec["id_regions"])
    roster = Roster(grids=plan_grids(rng, district, spec, existing_grids))
    communities = []
    for street, items in spec["streets"].items():
        communities.extend((street, community) for community in items)

    secretaries = {}
    for _street, community in communities:
        secretary = people.person(born=(1968, 1985))
        secretaries[community] = secretary
        staff = [
            (secretary, "社区党组织书记、居委会主任", 0),
            (people.person(born=(1975, 1990)), "社区党组织副书记", 1),
            (people.person(born=(1975, 1992)), "居委会副主任", 2),
            (people.person(born=(1980, 1995)), "社区“两委”委员", 3),
            (people.person(born=(1980, 1995)), "社区“两委”委员", 3),
            *((people.person(born=(1988, 2000)), "社区工作者", 4) for _ in range(rng.randint(3, 5))),
        ]
        for person, position, rank in staff:
            grades = spec["grade_scale"]
            roster.community_workers.append(
                {
                    "person": person,
                    "community": community,
                    "position": position,
                    "grade": grades[min(rank + rng.randint(0, 1), len(grades) - 1)],
                    "hired_on": dt.date(rng.randint(2008, 2023), rng.randint(1, 12), rng.randint(1, 28)),
                    "education": rng.choice(demo_data.EDUCATION),
                }
            )

    photos = 0
    for grid in roster.grids:
        if grid.level == 1:
            crew = [(secretaries[grid.community], "网格长")]
        elif grid.level == 2:
            crew = [(people.person(born=(1970, 1990)), "网格长"), (people.person(born=(1985, 1998)), "专职网格员")]
        else:
            crew = [(people.person(born=(1980, 1999)), "专职网格员")]
            crew += [(people.person(born=(1970, 1995)), "兼职网格员") for _ in range(rng.randint(1, 2))]
            crew += [(people.person(born=(1955, 1975)), "楼栋长") for _ in range(rng.randint(1, 2))]
            if rng.random() < 0.5:
                crew.append((people.person(born=(1955, 1980)), "单元长"))
            if rng.random() < 0.3:
                crew.append((people.person(born=(1975, 1995)), "网格协管员"))
        for person, role in crew:
            party = role in ("网格长", "专职网格员") or rng.random() < 0.4
            status = "群众" if not party else rng.choice(["中共党员", "中共党员", "中共党员", "中共预备党员"])
            if not party and person.born.year >= 1994 and rng.random() < 0.5:
                status = "共青团员"
            active = not (role in ("兼职网格员", "楼栋长") and rng.random() < 0.08)
            roster.grid_workers.append(
                {
                    "person": person,
                    "community": grid.community,
                    "grid": grid.name,
                    "role": role,
                    "political_status": status,
                    "active": active,
                }
            )
            if role in ("网格长", "专职网格员"):
                photo = photos < 8 and role == "专职网格员" and grid.level == 3
                photos += photo
                roster.contacts[person.id_number] = (people.work_phone(), rng.random() < 0.85, photo)
            elif role == "兼职网格员" and rng.random() < 0.3:
                roster.contacts[person.id_number] = (people.work_phone(), False, False)

    community_names = [community for _street, community in communities]
    for team, skills in spec["teams"]:
        for _ in range(rng.randint(7, 10)):
            roster.volunteers.append(_volunteer(rng, people, team, skills, community_names))
    for _ in range(8):  # volunteers who have not joined a team yet
        roster.volunteers.append(_volunteer(rng, people, "", ["入户走访", "环境整治", "文艺表演"], community_names))

    for _ in range(30):
        employer = rng.choice(spec["employers"])
        roster.checkins.append(
            {
                "person": people.person(born=(1968, 1996)),
                "employer": employer,
                "party_org": f"{employer}机关第{rng.choice('一二三四')}党支部",
                "community": rng.choice(community_names),
                "checked_in_on": dt.date(rng.randint(2021, 2024), rng.randint(1, 12), rng.randint(1, 28)),
                "post": rng.choice(demo_data.POSTS),
                "points": rng.randint(2, 30) * 5,
            }
        )
    return roster


def _volunteer(rng, people, team, skills, communities):
    picked = rng.sample(skills, k=rng.randint(1, min(2, len(skills))))
    return {
        "person": people.person(born=(1952, 2004)),
        "team": team,
        "community": rng.choice(communities),
        "skills": "、".join(picked),
        "registered_on": dt.date(rng.randint(2019, 2024), rng.randint(1, 12), rng.randint(1, 28)),
        "hours": Decimal(rng.randint(0, 3200)) / 10,
        "political_status": rng.choice(["中共党员", "群众", "群众", "共青团员"]),
    }


# Files ------------------------------------------------------------------------------------


@dataclass
class DemoFile:
    dataset: str
    filename: str
    data: bytes


def xlsx(title, headers, rows, *, merge_column=None, closing=None, widths=None):
    """An .xlsx as a street office would make it: a merged title row, then the table."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    first = 1
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        sheet.cell(1, 1).font = Font(bold=True, size=14)
        sheet.cell(1, 1).alignment = Alignment(horizontal="center")
        first = 2
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    if merge_column is not None:  # a value repeated down consecutive rows, merged as people do
        column, row, last = merge_column + 1, first + 1, first + len(rows)
        while row <= last:
            value, end = sheet.cell(row, column).value, row
            while value not in (None, "") and end < last and sheet.cell(end + 1, column).value == value:
                end += 1
            if end > row:
                for below in range(row + 1, end + 1):
                    sheet.cell(below, column).value = None
                sheet.merge_cells(start_row=row, start_column=column, end_row=end, end_column=column)
            row = end + 1
    if closing:
        sheet.append([])
        sheet.append(closing)
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[sheet.cell(first, index).column_letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers, rows, *, encoding="utf-8-sig", title=None):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if title:
        writer.writerow([title] + [""] * (len(headers) - 1))
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def _yes(value):
    return "是" if value else "否"


def grid_file(district, roster, *, kind):
    headers = [
        "所属街道",
        "所属社区",
        "网格名称",
        "网格编号",
        "网格层级",
        "上级网格编号",
        "覆盖户数",
        "网格党支部",
        "覆盖小区楼栋",
    ]
    codes = {(g.community, g.name): g.code for g in roster.grids}
    rows = [
        [
            g.street,
            g.community,
            g.name,
            g.code,
            LEVEL_WORDS[g.level],
            codes[(g.community, g.parent)] if g.parent else "",
            g.households if g.households is not None else "",
            g.party_branch,
            g.area,
        ]
        for g in roster.grids
    ]
    title = f"{district.name}社区网格划分情况表"
    if kind == "xlsx":
        data = xlsx(title, headers, rows, widths=[14, 14, 24, 20, 10, 20, 10, 26, 48])
        return DemoFile("grids", f"{district.name}网格划分表.xlsx", data)
    return DemoFile("grids", f"{district.name}网格划分表.csv", csv_bytes(headers, rows))


def messy_mobile(rng, number, index):
    """A mobile as people type it: with +86, spaces, dashes, or in full-width digits."""
    style = index % 6
    if style == 1:
        return f"+86 {number}"
    if style == 2:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    if style == 3:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if style == 4 and rng.random() < 0.5:
        return number.translate(FULL_WIDTH)
    return number


def padded(name):
    """王伟 → 王　伟, as a printed roster lines up two-character names with three-character ones."""
    return f"{name[0]}\u3000{name[1]}" if len(name) == 2 else name


def grid_worker_file(district, roster, rng, *, messy):
    if messy:
        headers = [
            "序号",
            "*姓 名",
            "性别",
            "*手机号码（必填）",
            "身份证号码",
            "*所属社区",
            "所属网格",
            "*岗位",
            "政治面貌",
            "工作电话",
            "公开工作电话",
            "在岗状态",
            "备注",
        ]
    else:
        headers = [
            "姓名",
            "性别",
            "手机号码",
            "身份证号",
            "所属社区",
            "所属网格",
            "岗位",
            "政治面貌",
            "工作电话",
            "公开工作电话",
            "状态",
        ]
    rows = []
    for index, item in enumerate(roster.grid_workers, start=1):
        person = item["person"]
        phone, public, _photo = roster.contacts.get(person.id_number, ("", False, False))
        community = item["community"]
        status = "在岗" if item["active"] else "离岗"
        if messy:
            gender = "" if index % 5 == 0 else person.gender  # blank: the importer reads it from the ID
            id_number = person.id_number.lower() if person.id_number.endswith("X") and index % 2 else person.id_number
            if index == 3 and community in TRADITIONAL:
                community = TRADITIONAL[community]
            rows.append(
                [
                    index,
                    padded(person.name),
                    gender,
                    messy_mobile(rng, person.mobile, index),
                    id_number,
                    community,
                    item["grid"],
                    item["role"],
                    item["political_status"],
                    phone,
                    _yes(public) if phone else "",
                    "" if item["active"] and index % 4 == 0 else status,  # blank: stays 在岗
                    "退休返聘" if item["role"] == "楼栋长" and index % 7 == 0 else "",
                ]
            )
        else:
            rows.append(
                [
                    person.name,
                    person.gender,
                    person.mobile,
                    person.id_number,
                    community,
                    item["grid"],
                    item["role"],
                    item["political_status"],
                    phone,
                    _yes(public) if phone else "",
                    status,
                ]
            )
    title = f"{district.name}网格员花名册（2024年）"
    if messy:
        middle = len(rows) // 2
        rows.insert(middle, [None] * len(headers))  # a blank row, as left by a deleted line
        data = xlsx(
            title,
            headers,
            rows,
            merge_column=5,
            closing=["填表人：社区办　　审核人：街道党工委　　填报日期：2024年6月30日"],
            widths=[6, 10, 6, 18, 22, 12, 24, 12, 12, 16, 12, 10, 12],
        )
        return DemoFile("grid_workers", f"{district.name}网格员花名册（2024年）.xlsx", data)
    return DemoFile(
        "grid_workers", f"{district.name}网格员花名册.csv", csv_bytes(headers, rows, encoding="gb18030", title=title)
    )


def community_worker_file(district, roster):
    headers = ["姓名", "性别", "手机号码", "身份证号", "所属社区", "职务", "岗位等级", "入职日期", "学历"]
    rows = [
        [
            w["person"].name,
            w["person"].gender,
            w["person"].mobile,
            w["person"].id_number,
            w["community"],
            w["position"],
            w["grade"],
            w["hired_on"],  # an Excel date cell
            w["education"],
        ]
        for w in roster.community_workers
    ]
    data = xlsx(f"{district.name}社区工作者名册", headers, rows, widths=[10, 6, 14, 22, 12, 28, 12, 12, 12])
    return DemoFile("community_workers", f"{district.name}社区工作者名册.xlsx", data)


def volunteer_file(district, roster, *, kind):
    headers = ["姓名", "手机号码", "所属队伍", "所属社区", "服务特长", "注册日期", "累计服务时长", "政治面貌"]
    rows = [
        [
            v["person"].name,
            v["person"].mobile,
            v["team"],
            v["community"],
            v["skills"],
            f"{v['registered_on'].year}年{v['registered_on'].month}月{v['registered_on'].day}日",
            format(v["hours"], "f"),
            v["political_status"],
        ]
        for v in roster.volunteers
    ]
    if kind == "xlsx":
        data = xlsx("", headers, rows, widths=[10, 14, 28, 12, 20, 16, 12, 10])
        return DemoFile("volunteers", f"{district.name}志愿者名册.xlsx", data)
    return DemoFile("volunteers", f"{district.name}志愿者名册.csv", csv_bytes(headers, rows))


def checkin_file(district, roster):
    headers = ["姓名", "手机号码", "工作单位", "所在党组织", "报到社区", "报到日期", "认领岗位", "积分"]
    rows = [
        [
            c["person"].name,
            c["person"].mobile,
            c["employer"],
            c["party_org"],
            c["community"],
            c["checked_in_on"].strftime("%Y/%m/%d"),
            c["post"],
            c["points"],
        ]
        for c in roster.checkins
    ]
    title = f"{district.name}在职党员“双报到”登记表"
    return DemoFile(
        "party_checkins",
        f"{district.name}在职党员双报到登记表.csv",
        csv_bytes(headers, rows, encoding="gb18030", title=title),
    )


def roster_files(district, existing_grids):
    """(files in loading order, roster) for one demo district."""
    roster = build_roster(district, existing_grids)
    rng = random.Random(f"residents-demo-files/{district.code}/v1")
    messy = district.code == "620981"  # 玉门's grid-worker roster is the messy one
    files = [
        grid_file(district, roster, kind="xlsx" if messy else "csv"),
        grid_worker_file(district, roster, rng, messy=messy),
        community_worker_file(district, roster),
        volunteer_file(district, roster, kind="csv" if messy else "xlsx"),
        checkin_file(district, roster),
    ]
    return files, roster
