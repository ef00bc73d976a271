"""Demo content of the demands app: a dashboard page per district, a year of records for 西宁市 and
玉门市, and monthly summaries for the other districts at the scale the articles give.

The records and summaries are CSV files made in memory (with a fixed random seed) and loaded
through the importer, as an administrator's files would be; a file is loaded once (its import
batch, named after the file, says it has been), so a second `load_demo` changes nothing.
Every demand is fictional and its content names no one.
"""

import csv
import datetime as dt
import io
import random

from django.conf import settings
from django.core.management.base import CommandError

from districts.models import District, DistrictHomePage
from importers.datasets import DATASETS
from importers.engine import Importer
from importers.models import ImportBatch
from importers.reading import read_table
from snippets.models import Community

from .pages import DemandDashboardPage

PAGE_SLUG = "suqiu"
FIRST_MONTH = dt.date(2025, 11, 1)
MONTHS = 12
RECORD_DISTRICTS = {"630100": 2400, "620981": 2000}  # records a year
# Demands a year and the share resolved on time, after the articles: 海西州 3,000+ a year with 95 %
# quick resolution; 大观区 36,000 resolved (over several years); 张掖 250,000 pieces of feedback in all.
SUMMARY_DISTRICTS = {
    "632800": (3200, 0.95),
    "620700": (12000, 0.93),
    "340803": (9000, 0.94),
    "630202": (2400, 0.92),
    "210104": (6000, 0.93),
}
CATEGORIES = [
    ("物业服务", 22, ["小区电梯停运", "楼道灯不亮", "物业费收支不公开", "单元门禁损坏"]),
    ("环境卫生", 18, ["垃圾清运不及时", "绿化带杂物堆放", "公厕无人保洁"]),
    ("停车管理", 14, ["小区内乱停车", "充电桩不足", "消防通道被占"]),
    ("市政设施", 14, ["路面坑洼", "下水道堵塞", "路灯不亮", "井盖缺失"]),
    ("养老服务", 10, ["老年餐桌开放时间", "高龄补贴办理", "居家养老上门服务"]),
    ("医疗卫生", 8, ["家庭医生签约", "慢病送药上门", "疫苗接种时间"]),
    ("矛盾纠纷", 8, ["邻里噪音纠纷", "楼上漏水纠纷", "租赁合同纠纷"]),
    ("就业社保", 6, ["灵活就业参保", "公益性岗位咨询", "失业登记"]),
]
CHANNELS = [("12345热线", 40), ("网格员上报", 30), ("小程序", 15), ("随手拍", 10), ("来访", 5)]
UNITS = ["住建局", "城管局", "街道办事处", "社区居委会", "供热公司", "卫健局", "民政局", "物业公司"]
DEMO_NOTE = "演示数据：诉求均为虚构，由 load_demo 生成并经导入程序载入。"
CASES = [
    {
        "title": "老旧小区路灯不亮，三天修好",
        "community": "",
        "call": "居民通过12345热线反映，小区主干道三盏路灯不亮，老人晚上出门不方便。",
        "response": "网格员当天核实后派单给城管部门，维修人员第二天更换灯具，第三天回访居民，满意。",
        "resolved_in": "3天",
    },
    {
        "title": "楼道堆物清走了，消防通道畅通了",
        "community": "",
        "call": "网格员巡查时发现楼道内长期堆放杂物，存在消防隐患。",
        "response": "社区“大党委”召集物业和楼栋长协商，三天内清理完毕，并在楼栋微信群公布清理结果。",
        "resolved_in": "3天",
    },
]


def load(log):
    for district in District.objects.filter(home_page__isnull=False).order_by("code"):
        _page(district, log)
        if district.code in RECORD_DISTRICTS:
            _import(district, "demand_records", f"演示诉求明细-{district.code}.csv", _records(district), log)
        elif district.code in SUMMARY_DISTRICTS:
            _import(district, "demand_summaries", f"演示诉求汇总-{district.code}.csv", _summaries(district), log)


def _page(district, log):
    home = DistrictHomePage.objects.filter(district=district).first()
    if home is None or DemandDashboardPage.objects.child_of(home).exists():
        return
    page = DemandDashboardPage(
        title="诉求办理公开",
        slug=PAGE_SLUG,
        intro="<p>群众点单、社区派单、单位接单、群众评单。这里按月公开居民诉求的受理、办结和满意情况。</p>",
        cases=[("case", case) for case in CASES],
        search_description=f"{district.name}居民诉求受理、办结、按时办结率和满意率，按月公开。",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    log(f"  诉求办理公开：{page.url_path}")


def _import(district, dataset, filename, make_rows, log):
    if ImportBatch.objects.filter(district=district, original_name=filename).exclude(status="undone").exists():
        return
    header, rows = make_rows()
    if not rows:
        return
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    table = read_table(out.getvalue().encode("utf-8-sig"), filename, max_bytes=settings.IMPORT_MAX_FILE_MB * 1048576)
    report = Importer(DATASETS[dataset], district).run(table)
    if report.error_count or report.batch is None:
        errors = "；".join(f"第{e['row']}行 {e['column']}：{e['message']}" for e in report.errors[:5])
        raise CommandError(f"演示数据“{filename}”导入失败：{errors}")
    ImportBatch.objects.filter(pk=report.batch).update(original_name=filename, message=DEMO_NOTE)
    log(f"  {filename}：新增 {report.created}")


def _month(index):
    month = FIRST_MONTH.month - 1 + index
    return dt.date(FIRST_MONTH.year + month // 12, month % 12 + 1, 1)


def _records(district):
    """A year of fictional demands, about 95 % resolved on time, the last weeks still partly open."""

    def make():
        rng = random.Random(int(district.code))
        communities = list(Community.objects.filter(district=district).order_by("name").values_list("name", flat=True))
        weights = [3 if i % 3 == 0 else 1 for i in range(len(communities))]  # a few busy communities
        per_year = RECORD_DISTRICTS[district.code]
        header = [
            "诉求编号",
            "受理时间",
            "来源渠道",
            "诉求类别",
            "诉求类型",
            "所属社区",
            "诉求内容",
            "承办单位",
            "派单时间",
            "接单时间",
            "办理状态",
            "办结时间",
            "满意度",
        ]
        end = _month(MONTHS)
        rows = []
        for number in range(per_year):
            month = _month(rng.randrange(MONTHS))
            day = rng.randrange(28)
            received = dt.datetime(month.year, month.month, 1, 8) + dt.timedelta(days=day, minutes=rng.randrange(600))
            category, _w, topics = rng.choices(CATEGORIES, weights=[c[1] for c in CATEGORIES])[0]
            answered = rng.random() < 0.35
            age = (dt.datetime.combine(end, dt.time()) - received).days
            hours = rng.uniform(0.5, 6) if answered else rng.choice([rng.uniform(4, 48), rng.uniform(24, 96)])
            if not answered and rng.random() < 0.04:
                hours = rng.uniform(100, 300)  # a few late ones
            resolved = received + dt.timedelta(hours=hours)
            open_chance = 0.6 if age < 7 else 0.02
            row = {
                "ticket": f"SQ{district.code}{received:%Y%m}{number:05d}",
                "dispatched": "",
                "accepted": "",
                "resolved": "",
                "satisfaction": "",
            }
            if not answered:
                dispatched = received + dt.timedelta(minutes=rng.randrange(10, 240))
                accepted = dispatched + dt.timedelta(
                    minutes=rng.choice([rng.randrange(5, 110), rng.randrange(120, 600)])
                )
                row["dispatched"] = f"{dispatched:%Y-%m-%d %H:%M}"
                row["accepted"] = f"{accepted:%Y-%m-%d %H:%M}"
                resolved = max(resolved, accepted + dt.timedelta(minutes=30))
            if rng.random() < open_chance:
                stage = "待派单" if answered else rng.choice(["已派单", "已接单"])
                if stage == "已派单":
                    row["accepted"] = ""
                if stage == "待派单":
                    row["dispatched"] = row["accepted"] = ""
            else:
                row["resolved"] = f"{resolved:%Y-%m-%d %H:%M}"
                rated = rng.random() < 0.85
                stage = "已评价" if rated else "已办结"
                if rated:
                    row["satisfaction"] = rng.choices(["满意", "基本满意", "不满意"], weights=[80, 16, 4])[0]
            rows.append(
                [
                    row["ticket"],
                    f"{received:%Y-%m-%d %H:%M}",
                    rng.choices([c for c, _w in CHANNELS], weights=[w for _c, w in CHANNELS])[0],
                    category,
                    "回复解释类" if answered else "转交办理类",
                    rng.choices(communities, weights=weights)[0],
                    f"{rng.choice(topics)}，请尽快处理。（演示内容）",
                    "" if answered else rng.choice(UNITS),
                    row["dispatched"],
                    row["accepted"],
                    stage,
                    row["resolved"],
                    row["satisfaction"],
                ]
            )
        return header, rows

    return make


def _summaries(district):
    def make():
        per_year, quick = SUMMARY_DISTRICTS[district.code]
        rng = random.Random(int(district.code))
        communities = list(Community.objects.filter(district=district).order_by("name").values_list("name", flat=True))
        header = ["统计月份", "所属社区", "诉求类别", "受理数", "办结数", "按期办结数", "参评数", "满意数"]
        rows = []
        total_weight = sum(c[1] for c in CATEGORIES)
        for index in range(MONTHS):
            month = _month(index)
            for community in communities:
                for category, weight, _topics in CATEGORIES:
                    mean = per_year / MONTHS / len(communities) * weight / total_weight
                    received = max(0, round(rng.gauss(mean, mean * 0.15)))
                    resolved = round(received * rng.uniform(0.96, 1.0))
                    on_time = min(resolved, round(resolved * rng.uniform(quick - 0.02, min(quick + 0.03, 1))))
                    rated = round(resolved * rng.uniform(0.7, 0.9))
                    satisfied = min(rated, round(rated * rng.uniform(0.93, 0.99)))
                    rows.append([f"{month:%Y-%m}", community, category, received, resolved, on_time, rated, satisfied])
        return header, rows

    return make
