"""create_api_key NAME [--expires YYYY-MM-DD]: a read key for the API, printed once."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from outlets.models import DEFAULT_RATE
from outlets.services import OutletError, create_api_key


class Command(BaseCommand):
    help = "创建一个只读接口密钥并打印一次（系统只保存其摘要）"

    def add_arguments(self, parser):
        parser.add_argument("name", help="密钥名称，如 数字驾驶舱")
        parser.add_argument("--expires", help="到期日 YYYY-MM-DD（当天仍有效）；不填为长期有效")
        parser.add_argument("--rate", default=DEFAULT_RATE, help="限速，如 120/min")

    def handle(self, *args, name: str, expires: str | None, rate: str, **options):
        day = None
        if expires:
            try:
                day = datetime.date.fromisoformat(expires)
            except ValueError:
                raise CommandError("到期日应为 YYYY-MM-DD 格式，例如 2026-12-31") from None
        try:
            key, secret = create_api_key(name, expires=day, rate=rate)
        except OutletError as exc:
            raise CommandError(str(exc)) from None
        until = key.last_day
        self.stderr.write(
            f"已创建接口密钥“{key.name}”（前缀 {key.prefix}，"
            f"{'有效至 ' + until.isoformat() if until else '长期有效'}）。密钥只显示这一次："
        )
        self.stdout.write(secret)
