"""Remove a user's authenticator (a lost phone): they sign in with the password and enrol again."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "删除用户的两步验证设备，让其重新设置。"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户“{username}”。")
        deleted, _ = TOTPDevice.objects.filter(user=user).delete()
        self.stdout.write(f"已删除 {user.get_username()} 的 {deleted} 个两步验证设备。")
