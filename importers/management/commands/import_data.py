"""`manage.py import_data DATASET FILE --district CODE [--dry-run] [--sync] [--skip-errors] [--format json]`

Exit status: 0 written (or, on a dry run, could be); 1 row errors and nothing
written; 2 the file could not be read as a table.
"""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from importers.commands import dataset_resource, district_by_code, read_upload
from importers.engine import Importer
from importers.errors import TableError


class Command(BaseCommand):
    help = "从 Excel/CSV 文件导入一个数据集（规格见 shared/spec/import-formats.md）"

    def add_arguments(self, parser):
        parser.add_argument("dataset")
        parser.add_argument("file")
        parser.add_argument("--district", required=True, help="行政区划代码，如 620981")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
        parser.add_argument("--sync", action="store_true", help="文件即所涉社区的完整名册：缺少的人员设为离岗")
        parser.add_argument("--skip-errors", action="store_true", help="有错误的行跳过，只导入无误的行")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, dataset, file, district, dry_run, sync, skip_errors, format, **options):
        resource = dataset_resource(dataset)
        district = district_by_code(district)
        if sync and not resource.people:
            raise CommandError(f"数据集 {dataset} 不是人员名册，不能使用 --sync")
        path = Path(file)
        try:
            size = path.stat().st_size
            if size > settings.IMPORT_MAX_FILE_MB * 1048576:  # refused before a byte is read into memory
                return self.fail_table(
                    f"文件太大（{size / 1048576:.1f} MB），上限为 {settings.IMPORT_MAX_FILE_MB} MB，请拆分后分批导入。"
                )
            data = path.read_bytes()
        except OSError as error:
            return self.fail_table(f"无法读取文件 {file}：{error.strerror}")
        importer = Importer(resource, district, dry_run=dry_run, sync=sync, skip_errors=skip_errors)
        try:
            table = read_upload(data, path.name, command=True)
            report = importer.run(table)
        except TableError as error:
            return self.fail_table(str(error))
        if report.batch:
            from importers.models import ImportBatch

            ImportBatch.objects.filter(pk=report.batch).update(original_name=path.name)
        if format == "json":
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
        else:
            self.write_text(report)
        if report.error_count and not skip_errors:
            sys.exit(1)

    def fail_table(self, message):
        self.stderr.write(message)
        sys.exit(2)

    def write_text(self, report):
        verb = "可导入" if report.dry_run else "已导入"
        self.stdout.write(
            f"{report.dataset} · {report.district}：数据 {report.rows} 行；"
            f"新增 {report.created}，更新 {report.updated}，"
            f"未变 {report.unchanged}，设为离岗 {report.deactivated}，跳过 {report.skipped}（{verb}）"
        )
        for error in report.errors:
            self.stdout.write(f"  第{error['row']}行 {error['column']}“{error['value']}”：{error['message']}")
        if report.error_count and not report.skipped:
            self.stdout.write("文件有错误，没有写入任何数据。改正后重新导入，或用 --skip-errors 只导入无误的行。")
        if report.ignored_columns:
            self.stdout.write("未使用的列：" + "、".join(report.ignored_columns))
        if report.batch:
            self.stdout.write(f"导入批次 #{report.batch}")
