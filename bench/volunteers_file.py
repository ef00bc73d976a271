"""Writes a volunteer roster the size of 张掖's volunteer database (241,000 rows) as xlsx and csv.

Usage: python bench/volunteers_file.py OUT_DIR [--rows N] [--changed-percent P]
Fictional people, deterministic (seeded): the same arguments give the same files.
The communities are those `bench/import_bench.py` creates for the benchmark district.
"""

import argparse
import csv
import random
from pathlib import Path

from openpyxl import Workbook

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
    "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建国志强海燕文斌丹"
TEAMS = ["红心服务队", "爱心理发队", "红色义诊队", "敲门行动队", "巾帼志愿服务队", "青年志愿服务队", "职工志愿服务队"]
SKILLS = ["理发", "义诊", "助老", "普法", "心理疏导", "家电维修", "文艺", "应急救护"]
COMMUNITIES = [f"第{i}社区" for i in range(1, 61)]  # 张掖 has 60 communities with 大党委
HEADERS = ["姓名*", "手机号码*", "所属队伍", "所属社区", "服务特长", "注册日期", "累计服务时长", "政治面貌"]


def rows(count, seed=2026):
    rng = random.Random(seed)
    for i in range(count):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        mobile = f"1{rng.choice('3578')}{i:09d}"  # unique by construction
        yield [
            name,
            mobile,
            rng.choice(TEAMS),
            rng.choice(COMMUNITIES),
            "、".join(rng.sample(SKILLS, rng.randint(1, 3))),
            f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            f"{rng.randint(0, 4000) / 10:.1f}",
            rng.choice(["中共党员", "群众", "共青团员"]),
        ]


def changed(data, percent, seed=7):
    rng = random.Random(seed)
    for row in data:
        if rng.random() < percent / 100:
            row = [*row]
            row[6] = f"{float(row[6]) + 2.5:.1f}"
        yield row


def write(out_dir, count, percent=0.0):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    suffix = f"-changed{percent:g}" if percent else ""
    data = list(changed(rows(count), percent) if percent else rows(count))
    title = ["张掖市志愿者花名册（示例，虚构人员）"]
    with open(out_dir / f"volunteers-{count}{suffix}.csv", "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(data)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("志愿者")
    sheet.append(title)
    sheet.append(HEADERS)
    for row in data:
        sheet.append(row)
    workbook.save(out_dir / f"volunteers-{count}{suffix}.xlsx")
    return out_dir / f"volunteers-{count}{suffix}"


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("--rows", type=int, default=241_000)
    parser.add_argument("--changed-percent", type=float, default=0.0)
    args = parser.parse_args()
    print(write(args.out_dir, args.rows, args.changed_percent))
