"""Site-wide template context: the district's name and the role's navigation."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

ALL = frozenset(Role.values)
DISTRICT = frozenset({Role.LEADER, Role.OFFICE, Role.ADMIN})
UNIT = frozenset({Role.REPORTER, Role.UNIT_HEAD})
OFFICE = frozenset({Role.OFFICE, Role.ADMIN})

# (url name, label, roles). Entries whose URL is not installed are skipped, so each
# app's pages appear in the menu as soon as its urls are wired.
NAVIGATION = [
    ("home", _("首页"), ALL),
    ("reporting:fill", _("本月填报"), UNIT),
    ("reporting:review", _("审核"), OFFICE),
    ("actions:item_list", _("事项"), ALL),
    ("scoring:boards", _("榜单"), ALL),
    ("scoring:lagging", _("排位靠后"), DISTRICT | UNIT),
    ("scoring:rulebook", _("评分办法"), ALL),
    ("meetings:index", _("晒比会现场"), DISTRICT),
    ("meetings:assignments", _("交办事项"), ALL),
    ("reporting:bonus_index", _("加减分"), OFFICE),
    ("reporting:ledger_import", _("台账导入"), OFFICE),
    ("reporting:history", _("变更记录"), OFFICE),
    ("admin:index", _("管理后台"), OFFICE),
]


def showcase(request):
    context = {"district_name": settings.SHOWCASE_DISTRICT_NAME}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    role = Role.ADMIN if user.is_superuser else user.role
    entries = []
    for name, label, roles in NAVIGATION:
        if role not in roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = (url != "/" and request.path.startswith(url)) or request.path == url
        entries.append({"url": url, "label": label, "active": active})
    context["nav_entries"] = entries
    return context
