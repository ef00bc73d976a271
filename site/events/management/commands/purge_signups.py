"""`manage.py purge_signups`: delete sign-ups a year after their date, as the privacy notice promises.

Run it daily (cron or a scheduler). --days changes the year; --dry-run only counts.
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from events.forms import KEEP_SIGNUPS_DAYS
from events.models import SignUp


class Command(BaseCommand):
    help = "删除活动日期已过一年的报名记录（姓名和手机号码）"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=KEEP_SIGNUPS_DAYS, help="保留天数，默认365天")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *args, days, dry_run, **options):
        cutoff = timezone.localdate() - dt.timedelta(days=days)
        old = SignUp.objects.filter(occurrence__lt=cutoff)
        count = old.count()
        if not dry_run:
            old.delete()
        verb = "将删除" if dry_run else "已删除"
        self.stdout.write(f"{verb} {count} 条 {cutoff:%Y-%m-%d} 以前的报名记录。")
