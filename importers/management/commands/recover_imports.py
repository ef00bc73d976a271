"""`manage.py recover_imports`: mark failed the import batches whose process died mid-import.

Run it before starting the import worker and the app servers (the systemd units in README.md
do, as ExecStartPre); the worker also runs it before each task and the batch page before showing
a batch, so a batch is never left "正在导入" after its process was killed.
"""

from django.core.management.base import BaseCommand

from importers.liveness import recover_stale_batches


class Command(BaseCommand):
    help = "把处理进程已中止的导入批次标记为失败（这些批次没有写入任何数据）"

    def handle(self, *args, **options):
        failed = recover_stale_batches()
        if failed:
            self.stdout.write(f"已将 {len(failed)} 个中止的导入批次标记为失败：" + "、".join(f"#{pk}" for pk in failed))
        else:
            self.stdout.write("没有中止的导入批次。")
