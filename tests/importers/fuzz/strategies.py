"""Hypothesis strategies for what an administrator (or an attacker) might upload: tables of hostile
cells under a dataset's headers, the same tables saved as each file type the spec accepts, and
those files cut short or damaged."""

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

from importers.datasets import DATASETS
from importers.datasets.attendance import AttendanceResource
from importers.reading import Table
from snippets.models import Community, Grid, Street, VolunteerTeam

from .. import files

FORMULAS = [
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    '\'=HYPERLINK("http://example.invalid")',
    "=1/0",
    "=A1",
]
NASTY = [
    *FORMULAS,
    "\u202e伟王",  # right-to-left override
    "\u200f兰新社区\u200e",  # RTL and LTR marks
    "\u200b\ufeff",  # zero-width space, BOM inside a cell
    "１３９０９７１２３４５",  # full-width digits
    "①②③",
    "²",
    "𐩀𐩁",  # digits of another script (Kharosthi), isdigit() but not int()
    "٣٤٥",  # Arabic-Indic digits
    "\u3000\u3000",
    "\x00",
    "\x1b[31m",
    "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
    "\r\n\r\n",
    '"',
    '""",""',
    "合计",
    "备注：以上数据截至3月",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "1e309",
    "1e-999999999",
    "9" * 400,
    "9" * 5000,  # more digits than int() takes from text
    "-0",
    "0x1F",
    "1_000",
    "6.30102199001011E+17",
    "2023-02-30",
    "2023-13-01",
    "0000-00-00",
    "9999-12-31 23:59:59",
    "10000-01-01",
    "2023年1月5日25:61",
    "20230231",
    "202413",
    "99999",
    "2958466",
    "99999999999个工作日",
    "999999999小时",
    "4000天",
    "𠀀𠀁",  # astral CJK
    "<script>alert(1)</script>",
    "&lt;&amp;&#0;&#xD800;",
    "\\N",
    "NULL",
    "None",
    "是否",
    "√×",
]
WORDS = [
    "王伟",
    "李娜",
    "网格长",
    "专职网格员",
    "兼职网格员",
    "楼栋长",
    "中共党员",
    "群众",
    "在岗",
    "离岗",
    "男",
    "女",
    "已办结",
    "待派单",
    "满意",
    "不满意",
    "12345热线",
    "物业服务",
    "环境卫生",
    "一级",
    "二级",
    "三级",
    "是",
    "否",
    "社区党组织书记",
    "居委会主任",
    "本科",
    "新市区街道",
    "3个工作日",
    "即办",
    "2024-03",
    "2024年3月",
    "202403",
]


def mobiles():
    return st.from_regex(r"1[3-9]\d{9}", fullmatch=True)


def id_numbers():
    return st.builds(
        lambda d, s: files.make_id(birth=d.strftime("%Y%m%d"), sequence=f"{s:03d}"),
        st.dates(dt.date(1930, 1, 1), dt.date(2010, 12, 31)),
        st.integers(0, 999),
    )


def shaped_text():
    """Text in the shape the parsers look for, with any digits in it: dates, months, times,
    numbers, time limits, phone and ID numbers. Random text rarely takes those shapes."""
    return st.one_of(
        st.from_regex(
            r"[0-9]{4}\s?[-/.年]\s?[0-9]{1,2}\s?([-/.月]\s?[0-9]{1,2}日?)?( [0-9]{1,2}[:：][0-9]{2}([:：][0-9]{2})?)?",
            fullmatch=True,
        ),
        st.from_regex(r"[0-9]{6}|[0-9]{8}|[0-9]{5}(\.[0-9]{1,6})?", fullmatch=True),
        st.from_regex(r"[+-]?[0-9]{1,30}(\.[0-9]{0,10})?([eE][+-]?[0-9]{1,5})?", fullmatch=True),
        st.from_regex(r"[0-9]{1,12}\s?个?\s?(工作日|自然日|天|日|小时)", fullmatch=True),
        st.from_regex(
            r"(\+?86)?[ -]?1[0-9]{2}[ -]?[0-9]{4}[ -]?[0-9]{1,5}|\(?0[0-9]{2,3}\)?-?[0-9]{6,9}(-[0-9]{1,6})?",
            fullmatch=True,
        ),
        st.from_regex(r"[0-9]{17}[0-9Xx]|[0-9]\.[0-9]{1,14}[eE]\+?[0-9]{1,2}", fullmatch=True),
    )


def long_strings():
    return st.builds(
        lambda c, n: c * n, st.sampled_from(["王", "9", "a ", "\u3000", "𠀀", "=", "\n"]), st.integers(100, 40_000)
    )


@lru_cache(maxsize=16)
def place_names(district_pk):
    """Names the district's rows refer to, by what they name, so that random rows get past the
    lookups and are written now and then."""
    from districts.models import District

    grids = Grid.objects.filter(district_id=district_pk).values_list("name", "code")
    events = AttendanceResource._events(District.objects.get(pk=district_pk))
    return {
        "community": tuple(Community.objects.filter(district_id=district_pk).values_list("name", flat=True)),
        "street": tuple(Street.objects.filter(district_id=district_pk).values_list("name", flat=True)),
        "grid": tuple(n for g in grids for n in g if n),
        "team": (*VolunteerTeam.objects.filter(district_id=district_pk).values_list("name", flat=True), "新的服务队"),
        "event": (*(e.title for e in events), *(e.pk for e in events), *(str(e.pk) for e in events)),
    }


# What a column's cells look like when they are right (and nearly right), by column key.
DATES = st.one_of(
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    st.dates().map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
    st.dates().map(lambda d: d.strftime("%Y%m%d")),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(lambda d: f"{d.year}/{d.month}/{d.day}"),
)
TIMES = st.one_of(
    st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2030, 12, 31)),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%d %H:%M")),
    DATES,
)
NUMBERS = st.one_of(st.integers(0, 100), st.integers(0, 10**12), st.floats(0, 1000), st.just("12.5"))
BY_KEY = {
    "name": st.sampled_from(["王伟", "李娜", "王　伟", "張偉", "赵 强"]),
    "mobile": st.one_of(
        mobiles(), mobiles().map(lambda m: f"+86 {m[:3]}-{m[3:7]}-{m[7:]}"), mobiles().map(int), mobiles().map(float)
    ),
    "id_number": st.one_of(id_numbers(), id_numbers().map(str.lower)),
    "work_phone": st.sampled_from(["0937-3322110", "(0937)3322110", "13909712345"]),
    "level": st.sampled_from(["一级", "二级", "三级", 1, 2, 3, "1"]),
    "due_at": st.sampled_from(["3个工作日", "5天", "24小时", "即办"]),
    "month": st.one_of(DATES, st.sampled_from(["2024-03", "2024年3月", "202403", 202403])),
}
for key in ("parent", "code"):
    BY_KEY[key] = "grid"
for key in ("hired_on", "registered_on", "checked_in_on"):
    BY_KEY[key] = DATES
for key in ("received_at", "dispatched_at", "accepted_at", "resolved_at", "checked_in_at"):
    BY_KEY[key] = TIMES
for key in ("hours", "points", "households", "received", "resolved", "resolved_on_time", "rated", "satisfied"):
    BY_KEY[key] = NUMBERS


def column_cells(resource, column, names):
    """Mostly what the column should hold; now and then any hostile cell."""
    key = column.key
    right = BY_KEY.get(key, key)
    if isinstance(right, str):  # a kind of name, or the column's key
        if names.get(right):
            right = st.sampled_from(names[right])
        elif key in resource.vocabularies:
            right = st.sampled_from(list(resource.vocabularies[key]))
        else:
            right = st.sampled_from(WORDS)
    return st.integers(0, 9).flatmap(lambda i: right if i < 7 else cells(names))


def cells(names=None):
    """One cell as a reader hands it over: text, numbers, dates and times of any size, or nothing."""
    plausible = [st.sampled_from(WORDS), mobiles(), id_numbers()]
    if names:
        plausible.append(st.sampled_from(sorted({str(n) for values in names.values() for n in values})))
    return st.one_of(
        st.none(),
        st.just(""),
        st.text(max_size=20),
        st.sampled_from(NASTY),
        shaped_text(),
        *plausible,
        *plausible,  # twice: rows that look right reach the lookups and the write
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.integers(0, 100),
        st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(allow_nan=False, places=2, min_value=Decimal("-1e6"), max_value=Decimal("1e6")).map(float),
        st.booleans(),
        st.dates(),
        st.datetimes(),
        st.times(),
        st.timedeltas(),
        long_strings(),
    )


def header_names(column):
    """How people write a column's header: any alias, with marks, spaces and line breaks."""
    return st.builds(
        lambda name, mark, gap: mark[0] + (gap.join(name) if gap else name) + mark[1],
        st.sampled_from([column.header, *column.aliases]),
        st.sampled_from([("", ""), ("*", ""), ("", "（必填）"), ("", "(必填)"), (" ", " \u3000"), ("", "\n")]),
        st.sampled_from(["", "", "", " ", "\u3000"]),
    )


@st.composite
def tables(draw, dataset, names=None):
    """Rows of a sheet for `dataset`: title rows, a header of its columns (in any order, some left
    out, some twice, strangers among them), data rows of mostly fitting, partly hostile cells, and
    perhaps a closing row."""
    resource = DATASETS[dataset]()
    names = names or {}
    chosen = [c for c in resource.columns() if c.required or draw(st.booleans())]
    if draw(st.integers(0, 9)) == 0:  # now and then a required column is missing
        chosen = chosen[1:]
    chosen = draw(st.permutations(chosen))
    header = [draw(header_names(c)) for c in chosen]
    fitting = [column_cells(resource, c, names) for c in chosen]
    rows = draw(st.lists(st.tuples(*fitting).map(list) if fitting else st.just([]), max_size=8))
    anything = cells(names)
    strangers = draw(st.integers(0, 3))  # unknown columns and duplicate headers, on the right
    if strangers:
        header += draw(
            st.lists(
                st.one_of(st.sampled_from(["序号", "备注", "", "姓名", "手机号码"]), st.text(max_size=8)),
                min_size=strangers,
                max_size=strangers,
            )
        )
        rows = [r + draw(st.lists(anything, max_size=strangers)) for r in rows]
    rows += draw(st.lists(st.lists(anything, max_size=len(header) + 2), max_size=2))  # rows of anything at all
    rows = draw(st.permutations(rows))
    titles = draw(st.lists(st.lists(anything, max_size=3), max_size=3))
    table = [*titles, header, *rows]
    if draw(st.integers(0, 4)) == 0:
        table.append(["合计", f"{len(rows)}人"])
    if draw(st.integers(0, 4)) == 0:  # an empty column inserted everywhere
        at = draw(st.integers(0, len(header)))
        table = [[*r[:at], None, *r[at:]] for r in table]
    return table


# -- saving a table as a file ---------------------------------------------------------------------

KINDS = files.KINDS  # xlsx, xls, ods, csv-utf8, csv-bom, csv-gbk, html
SUFFIX = {"xlsx": ".xlsx", "xls": ".xls", "ods": ".ods", "html": ".xls"}


def _for_xml(value):
    """openpyxl refuses the control characters XML cannot hold: a spreadsheet program would too."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
        return float(value)
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value)
    return value


def encode(rows, kind):
    """(bytes, filename) of `rows` saved as `kind`; a value a file type cannot hold is saved as text,
    and a table a writer refuses altogether is saved as CSV."""
    width = max((len(r) for r in rows), default=0)
    rows = [list(r) + [None] * (width - len(r)) for r in rows]
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        path = Path(folder) / "roster"
        try:
            if kind in ("xlsx", "xls", "ods"):
                rows = [[_for_xml(v) for v in r] for r in rows]
            written = files.roster(path, kind, rows)
            return written.read_bytes(), "roster" + SUFFIX.get(kind, ".csv")
        except Exception:  # the writer refused the table (xlwt's limits, GBK's characters)
            data = files.csv_text(rows).encode("utf-8-sig")
            return data, "roster.csv"


# -- damaging a file ------------------------------------------------------------------------------


@st.composite
def damaged(draw, data):
    """`data` cut short, with bytes flipped, ranges deleted, copied or overwritten."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        what = draw(st.sampled_from(["truncate", "flip", "delete", "duplicate", "overwrite", "insert"]))
        span = draw(st.integers(1, 64))
        if what == "truncate":
            del data[at:]
        elif what == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif what == "delete":
            del data[at : at + span]
        elif what == "duplicate":
            data[at:at] = data[at : at + span]
        elif what == "overwrite":
            data[at : at + span] = draw(st.binary(min_size=span, max_size=span))
        else:
            data[at:at] = draw(st.binary(max_size=span))
    return bytes(data)


# -- a whole case: what is uploaded, for which dataset, with which options --------------------------

PREFIXES = [
    b"",
    b"",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"<html><table><tr><td>",
    b"<?xml version='1.0'?>",
    "姓名,手机号码,所属社区\r\n".encode("gb18030"),
]
NAMES = ["roster.xlsx", "roster.xls", "roster.csv", "roster.ods", "roster", "名单.XLSX"]


@dataclass
class Case:
    """One thing to import. `source` is a file's bytes, or a Table of cells (as a reader hands them)."""

    dataset: str
    how: str  # bytes, file, damaged or table
    source: object
    filename: str = ""
    options: dict = field(default_factory=dict)


@st.composite
def cases(draw, district_pk, datasets=None):
    dataset = draw(st.sampled_from(sorted(datasets or DATASETS)))
    how = draw(st.sampled_from(["bytes", "file", "damaged", "table"]))
    options = {
        "dry_run": draw(st.integers(0, 3)) == 0,
        "skip_errors": draw(st.integers(0, 2)) == 0,
        "sync": draw(st.integers(0, 5)) == 0,
    }
    if how == "bytes":
        data = draw(st.sampled_from(PREFIXES)) + draw(st.binary(max_size=2048))
        return Case(dataset, how, data, draw(st.sampled_from(NAMES)), options)
    rows = draw(tables(dataset, place_names(district_pk)))
    if how == "table":
        return Case(dataset, how, Table(rows=rows, first_row=1, kind="xlsx"), "", options)
    data, filename = encode(rows, draw(st.sampled_from(KINDS)))
    if how == "damaged":
        data = draw(damaged(data))
    return Case(dataset, how, data, filename, options)
