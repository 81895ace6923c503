"""Site-wide template context: the district's name, and the login's navigation for the
navigation bar that draws it."""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_noop as _

from zzd.gateway import enabled as zzd_enabled

from .jinja2 import cached_gettext

# (url name, label, permission or None for every login); each label is translated when
# the menu is drawn, once per language. Entries whose URL is not
# installed are skipped, so each app's pages appear in the menu as soon as its urls are
# wired. The permissions are those the pages themselves ask (accounts/rules.py).
NAVIGATION = [
    ("home", _("首页"), None),
    ("reporting:fill", _("本月填报"), "reporting.fill_report"),
    ("reporting:review", _("审核"), "reporting.review_reports"),
    ("reporting:item_list", _("事项"), None),
    ("scoring:boards", _("榜单"), None),
    ("scoring:lagging", _("排位靠后"), None),
    ("scoring:rulebook", _("评分办法"), None),
    ("meetings:index", _("晒比会现场"), "meetings.read_meeting"),
    ("meetings:assignments", _("交办事项"), "meetings.read_assignments"),
    ("meetings:letterhead", _("通报版头"), "meetings.edit_notice"),
    ("reporting:bonus_index", _("加减分"), "reporting.manage_bonuses"),
    ("reporting:ledger_import", _("台账导入"), "reporting.import_ledger"),
    ("actions:plan_years", _("年度计划"), "actions.change_item"),
    ("actions:unit_contacts", _("联系人与工作群"), "actions.change_unit"),
    ("zzd:accounts", _("浙政钉账号"), "zzd.link_accounts"),
    ("reporting:history", _("变更记录"), "reporting.review_reports"),
    ("outlets:office", _("对外发布"), "outlets.manage"),
    ("admin:index", _("管理后台"), "actions"),
]


def nav_url(name: str) -> str | None:
    """The URL of the page named `name`, reversed once per process (the routes do not
    change while it runs); None when the page is not installed."""
    return _nav_url(get_script_prefix(), get_urlconf(), name)


@functools.cache
def _nav_url(prefix: str, urlconf: str | None, name: str) -> str | None:
    try:
        return reverse(name, urlconf=urlconf)  # reverse itself reads the prefix
    except NoReverseMatch:
        return None


@receiver(setting_changed)
def _forget_urls(setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _nav_url.cache_clear()


def showcase(request):
    context = {"district_name": settings.SHOWCASE_DISTRICT_NAME}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    # Pages that list the channels a message goes out on name 浙政钉 only when it is on.
    context["zzd_on"] = zzd_enabled()
    return context


def nav_entries(request) -> list[dict]:
    """The menu of the request's login (templates/base.html's navigation bar draws it,
    showcase.templatetags.layout): the pages its permissions open, the current one
    active."""
    user = request.user
    entries = []
    prefix, urlconf = get_script_prefix(), get_urlconf()
    for name, label, perm in NAVIGATION:
        if perm is not None and not user.has_perm(perm):
            continue
        if name.startswith("zzd:") and not zzd_enabled():
            continue  # 浙政钉 off: no page mentions it
        url = _nav_url(prefix, urlconf, name)
        if url is None:
            continue
        active = (url != "/" and request.path.startswith(url)) or request.path == url
        entries.append({"url": url, "label": cached_gettext(label), "active": active})
    return entries
