"""`manage.py export_district CODE OUTFILE.zip [--no-mask]`: a district's whole content in one archive.

What the archive holds: districts/content_export.py. Phone and ID numbers are masked unless
--no-mask is given (only for someone entitled to them, e.g. to move the district to another server).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from districts.content_export import export_district
from importers.commands import district_by_code


class Command(BaseCommand):
    help = "把一个行政区的全部内容（页面及其全部修订、名册、其他数据、图片和文档）导出为一个 zip 压缩包"

    def add_arguments(self, parser):
        parser.add_argument("district", help="行政区划代码，如 620981")
        parser.add_argument("outfile", help="输出文件，以 .zip 结尾")
        parser.add_argument(
            "--no-mask", dest="mask", action="store_false", help="导出完整的手机号码和身份证号（默认打码）"
        )

    def handle(self, *args, district, outfile, mask, **options):
        district = district_by_code(district)
        path = Path(outfile)
        if path.suffix.lower() != ".zip":
            raise CommandError("输出文件须以 .zip 结尾")
        if not path.parent.is_dir():
            raise CommandError(f"目录不存在：{path.parent}")
        partial = path.with_name(path.name + ".part")  # a half-written archive never carries the real name
        try:
            manifest = export_district(district, partial, mask=mask, log=lambda m: self.stderr.write(f"  {m}"))
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
        counts = manifest["counts"]
        self.stderr.write(
            f"已导出{district.name}：页面 {counts['pages']} 个（修订 {counts['revisions']} 个），"
            f"图片 {counts['images']} 个，文档 {counts['documents']} 个 → {path}"
            + ("（手机号码和身份证号已打码）" if mask else "（含完整的手机号码和身份证号，请妥善保管）")
        )
