"""python manage.py export_ledger YEAR --output FILE.xlsx — the year ledger (台账) in the
import's format."""

from django.core.management.base import BaseCommand, CommandError

from reporting.ledger.exporter import export_ledger


class Command(BaseCommand):
    help = "导出年度台账工作簿，格式与 import_ledger 相同"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="年度，例如 2022")
        parser.add_argument("--output", "-o", help="输出文件，默认 台账-YEAR.xlsx")

    def handle(self, *args, year: int, output: str | None, **options):
        if not 2000 <= year <= 2100:
            raise CommandError("年度无效，例如 2022")
        path = output or f"台账-{year}.xlsx"
        try:
            export_ledger(year, path)
        except OSError as error:
            raise CommandError(f"无法写入 {path}：{error.strerror or error}") from None
        self.stdout.write(self.style.SUCCESS(f"已导出 {year} 年台账到 {path}"))
