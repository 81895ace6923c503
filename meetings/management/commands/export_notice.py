"""`manage.py export_notice YYYY-MM --output FILE.docx`: the month's 通报 in Word."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meetings.notice import NoticeError, export_notice
from reporting.models import Month
from scoring.models import ScoreRun
from scoring.services import compute_month


class Command(BaseCommand):
    help = "导出某月晒比会通报（Word 文档，公文格式）：考核办修改过的以修改稿为准，否则按数据起草"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("month", help="月份，格式 YYYY-MM，例如 2022-03")
        parser.add_argument("--output", "-o", required=True, help="输出文件，例如 2022-03.docx")

    def handle(self, *args, month: str, output: str, **options) -> None:
        try:
            found = Month.objects.get_by_label(month.strip())
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        except Month.DoesNotExist:
            raise CommandError(f"月份 {month} 不存在") from None
        # A month whose preview was never computed is scored first, as export_meeting does.
        if not ScoreRun.objects.filter(month=found).exists():
            compute_month(found)
        try:
            export_notice(found, output)
        except NoticeError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"无法写入 {output}：{exc.strerror or exc}") from exc
        self.stdout.write(f"已导出 {output}")
