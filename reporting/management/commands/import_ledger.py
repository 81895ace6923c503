"""python manage.py import_ledger FILE.xlsx [--year YYYY] — the ledger import into a plan
year."""

from django.core.management.base import BaseCommand, CommandError

from reporting.ledger.importer import import_ledger


class Command(BaseCommand):
    help = "导入台账工作簿（单位、领导、行动、事项、月报、加减分）；任何错误都不写入任何数据"

    def add_arguments(self, parser):
        parser.add_argument("file", help="台账 .xlsx 文件")
        parser.add_argument(
            "--year",
            type=int,
            help="年度计划，例如 2022；省略时取月报月份所在的唯一年度",
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查并预览，不写入")

    def handle(self, *args, file: str, dry_run: bool, year: int | None, **options):
        if year is not None and not 2000 <= year <= 2100:
            raise CommandError("年度无效，例如 --year 2022")
        try:
            result = import_ledger(file, user=None, dry_run=dry_run, year=year)
        except OSError as error:
            raise CommandError(f"无法读取文件 {file}：{error.strerror or error}") from None
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"导入失败：共 {len(result.errors)} 处错误，未写入任何数据")
        for line in result.summary_lines():
            self.stdout.write(line)
        if result.year is not None:
            self.stdout.write(f"年度：{result.year}")
        if dry_run:
            self.stdout.write("预览完成（--dry-run），未写入任何数据")
        elif result.changed:
            self.stdout.write(self.style.SUCCESS("导入完成"))
        else:
            self.stdout.write("全部未变化，没有写入任何数据")
