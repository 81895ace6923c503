"""`manage.py export_meeting YYYY-MM --output FILE.xlsx`: the meeting workbook."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meetings.exports import MEETING_SHEETS, ExportError, export_month
from reporting.models import Month
from scoring.models import ScoreRun
from scoring.services import compute_month


class Command(BaseCommand):
    help = "导出某月晒比会会议材料（Excel 工作簿，可直接打印）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("month", help="月份，格式 YYYY-MM，例如 2022-03")
        parser.add_argument("--output", "-o", required=True, help="输出文件，例如 2022-03.xlsx")
        parser.add_argument(
            "--revision", type=int, help="导出指定发布版本；默认最新发布版，未发布时导出预览"
        )

    def handle(self, *args, month: str, output: str, revision: int | None, **options) -> None:
        try:
            _score_if_never_scored(month)
            export_month(month, output, revision=revision)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"无法写入 {output}：{exc.strerror or exc}") from exc
        self.stdout.write(f"已导出 {output}（{len(MEETING_SHEETS)} 个工作表）")


def _score_if_never_scored(label: str) -> None:
    """A month whose preview was never computed (its rescoring still queued for a worker)
    is scored here, so the office's tool exports figures rather than an error."""
    try:
        month = Month.objects.get_by_label(label)
    except (ValueError, Month.DoesNotExist):
        return  # export_month names the problem
    if not ScoreRun.objects.filter(month=month).exists():
        compute_month(month)
