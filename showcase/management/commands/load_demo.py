"""python manage.py load_demo — the demo district and its logins."""

import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role
from actions.models import Unit
from showcase.demo import DEMO_PASSWORD, DISTRICT_NAME, LOGINS, load_demo_district


def _width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "载入演示区县（莲都区：2021 年全年及 2022 年 1-3 月的计划和月报）并打印演示账号"

    def handle(self, *args, **options):
        # SECURE_COOKIES=true is the production environment (docs/production.md): its
        # logins must never get the published demo password.
        if settings.SESSION_COOKIE_SECURE:
            raise CommandError(
                "这是生产环境（SECURE_COOKIES=true），不载入演示数据：演示账号（含系统管理员 "
                f"admin）的密码 {DEMO_PASSWORD} 是公开的，同名账号（如 kaohe）的密码也会被改成它。"
                "请在另一台不对外的机器上试用演示数据。"
            )
        counts = load_demo_district()
        self.stdout.write(
            f"演示数据已载入：{DISTRICT_NAME}，单位 {counts['units']} 个，"
            f"领导 {counts['officials']} 名，八大行动 {counts['actions']} 项，"
            f"事项 {counts['items']} 项，月份 {counts['months']} 个，"
            f"月报 {counts['reports']} 份，加减分 {counts['bonuses']} 条。"
        )
        units = dict(
            Unit.objects.filter(
                code__in=[lg.unit_code for lg in LOGINS if lg.unit_code]
            ).values_list("code", "name")
        )
        rows = [("用户名", "角色", "单位", "密码")] + [
            (
                login.username,
                str(Role(login.role).label),
                units.get(login.unit_code, "—") if login.unit_code else "—",
                DEMO_PASSWORD,
            )
            for login in LOGINS
        ]
        widths = [max(_width(row[i]) for row in rows) + 2 for i in range(4)]
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）:")
        for row in rows:
            self.stdout.write(
                "  " + "".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
