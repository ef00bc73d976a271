"""`manage.py export_data DATASET OUTFILE --district CODE [--mask|--no-mask] [--all]`

The format follows OUTFILE's extension (.xlsx or .csv). Phone and ID numbers
are masked unless --no-mask is given; people not in post are left out unless --all.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers import exports
from importers.commands import dataset_resource, district_by_code


class Command(BaseCommand):
    help = "把一个数据集导出为 Excel 或 CSV（表头与导入格式相同，可直接再导入）"

    def add_arguments(self, parser):
        parser.add_argument("dataset")
        parser.add_argument("outfile")
        parser.add_argument("--district", required=True, help="行政区划代码，如 620981")
        mask = parser.add_mutually_exclusive_group()
        mask.add_argument(
            "--mask", dest="mask", action="store_true", default=True, help="手机号码、身份证号打码（默认）"
        )
        mask.add_argument("--no-mask", dest="mask", action="store_false", help="导出完整的手机号码和身份证号")
        parser.add_argument("--all", action="store_true", help="包括离岗人员")

    def handle(self, *args, dataset, outfile, district, mask, all, **options):
        resource = dataset_resource(dataset)()
        district = district_by_code(district)
        path = Path(outfile)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("xlsx", "csv"):
            raise CommandError("输出文件须以 .xlsx 或 .csv 结尾")
        queryset = resource.export_queryset(district)
        if resource.people and not all:
            queryset = queryset.filter(is_active=True)
        headers, rows = exports.export_rows(resource, queryset, mask=mask)
        data = exports.to_csv(headers, rows) if fmt == "csv" else exports.to_xlsx(headers, rows, title=resource.label)
        path.write_bytes(data)
        self.stderr.write(f"已导出 {len(rows)} 行到 {path}" + ("（手机号码和身份证号已打码）" if mask else ""))
