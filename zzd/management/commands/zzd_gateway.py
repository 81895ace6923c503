"""Run the local 浙政钉 gateway on 127.0.0.1 (zzd.local_gateway) for trying 免登,
工作通知 and 待办 without 浙政钉."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zzd.local_gateway import LocalGateway
from zzd.models import ZzdAccount


class Command(BaseCommand):
    help = "在 127.0.0.1 上运行本地浙政钉网关（免登、工作通知、待办），供试用和测试"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8700)

    def handle(self, *args, port: int, **options):
        if not settings.ZZD_APP_KEY or not settings.ZZD_APP_SECRET:
            raise CommandError("请先设置 ZZD_APP_KEY 和 ZZD_APP_SECRET（与本站使用的相同）")
        local = LocalGateway(settings.ZZD_APP_KEY, settings.ZZD_APP_SECRET, port=port)
        self.stdout.write(f"本地浙政钉网关：http://127.0.0.1:{port}（ZZD_DOMAIN 设为此地址）")
        self.stdout.write("已关联浙政钉账号的登录及其免登授权码（每个码只能用一次，重启后换新）：")
        for link in ZzdAccount.objects.select_related("user").order_by("account_id"):
            code = local.person(link.account_id, str(link.user), link.employee_code)
            self.stdout.write(f"  {link.user.username:<12} {link.account_id:<16} {code}")
        self.stdout.write(
            f"再要一个授权码：http://127.0.0.1:{port}/local/code?account=<浙政钉账号 ID>"
        )
        self.stdout.write("按 Ctrl+C 停止。")
        try:
            local.serve_forever()
        except KeyboardInterrupt:
            pass
