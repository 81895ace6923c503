"""python manage.py publish_month YYYY-MM [--reason TEXT]

Prints the publish checklist (发布前检查: 未报送, 待审核, 已退回 by unit) the office sees on
the page, then publishes: the command is the office's own tool, so open reports do not
stop it."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reporting.queries import open_work
from scoring.models import ScoreRun
from scoring.services import PublishError, get_month, publish_month

DEFAULT_REASON = "命令行重新发布"


class Command(BaseCommand):
    help = "计算并发布某月榜单；数据无变化时不重复发布，有变化时生成更正版本"

    def add_arguments(self, parser):
        parser.add_argument("month", help="月份，例如 2022-03")
        parser.add_argument("--reason", default="", help="更正原因（已发布月份数据有变化时记录）")

    def handle(self, *args, month: str, reason: str, **options):
        try:
            month_obj = get_month(month)
            for line in open_work(month_obj).lines():
                self.stdout.write(line)
            # A correction from the command line needs a reason; give a default one.
            if not reason and ScoreRun.objects.publications().of_month(month_obj).exists():
                reason = DEFAULT_REASON
            run, created = publish_month(month_obj.label, reason=reason)
        except PublishError as exc:
            raise CommandError(str(exc)) from exc
        label = month_obj.label
        if not created:
            message = _("%(label)s 无变化，未重新发布（第%(n)s版）")
        elif run.revision == 1:
            message = _("%(label)s 已发布（第%(n)s版）")
        else:
            message = _("%(label)s 已更正发布（第%(n)s版）")
        self.stdout.write(message % {"label": label, "n": run.revision})
