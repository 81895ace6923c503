"""A walk through every kind of page of the demo district, as each role.

The demo (`manage.py load_demo`) has every kind of page filled: published and preview
boards, reports in every state, assignments, comments. Steps are either a path or a
pattern that the first matching link of the page before must match (so the walk
follows what a user would click, whatever the ids are).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.core.management import call_command

from outlets.services import switch_public_page

from .conftest import login

DEMO_PASSWORD = "Shaibi-2022!"


@dataclass(frozen=True)
class Step:
    name: str
    path: str = ""  # a path, or
    follow: str = ""  # a regular expression a link on the page before must match
    axe: bool = True  # False: Django's own admin, whose markup is not ours


TOUR: dict[str | None, list[Step]] = {
    None: [Step("登录", "/accounts/login/"), Step("政务公开", "/public/")],
    "tianbao": [
        Step("填报员首页", "/"),
        Step("本月填报", "/fill/"),
        Step("事项", "/items/"),
        Step("事项详情", follow=r"^/items/\d+/$"),
        Step("榜单", "/boards/"),
        Step("下钻", follow=r"^/boards/\d{4}-\d{2}/\w+/units/\w+/$"),
        Step("事项走势", follow=r"^/boards/items/\d+/$"),
        Step("排位靠后", "/boards/lagging/"),
        Step("评分办法", "/boards/rules/"),
        Step("交办事项", "/meetings/assignments/"),
    ],
    "fuzeren": [Step("单位负责人首页", "/")],
    "bihu": [Step("乡镇填报员首页", "/")],
    "lingdao": [
        Step("领导首页", "/"),
        Step("榜单", "/boards/"),
        Step("下钻", follow=r"^/boards/\d{4}-\d{2}/district/units/\w+/$"),
        Step("事项走势", follow=r"^/boards/items/\d+/$"),
        Step("预警", "/boards/warnings/"),
        Step("晒比会现场", "/meetings/"),
        Step("大屏", follow=r"^/meetings/\d{4}-\d{2}/screen/0/$"),
        Step("大屏第二页", follow=r"^/meetings/\d{4}-\d{2}/screen/1/$"),
        Step("现场交办", "/meetings/assignments/new/"),
    ],
    "kaohe": [
        Step("考核办首页", "/"),
        Step("审核", "/review/"),
        Step("单位审核", follow=r"^/review/\d{4}-\d{2}/units/\d+/$"),
        Step("发送记录", "/deliveries/"),
        Step("发布前检查", "/boards/2022-03/publish/check/"),
        Step("台账导入", "/ledger/"),
        Step("年度计划", "/plan/"),
        Step("结转", "/plan/2021/carry-over/"),
        Step("年度目标值", "/plan/2022/targets/"),
        Step("变更记录", "/history/"),
        Step("加减分", "/bonuses/2022-03/"),
        Step("加减分修改", follow=r"^/bonuses/\d+/edit/$"),
        Step("通报", "/meetings/2022-03/notice/"),
        Step("对外发布", "/outlets/"),
        Step("调用记录", "/outlets/keys/uses/"),
        Step("推送记录", "/outlets/webhooks/log/"),
        Step("管理后台", "/admin/", axe=False),
        Step("事项列表", "/admin/actions/item/", axe=False),
        Step("事项修改", follow=r"^/admin/actions/item/\d+/change/$", axe=False),
        Step("事项历史", follow=r"^/admin/actions/item/\d+/history/$", axe=False),
    ],
    "admin": [Step("系统管理员首页", "/")],
}


def load_demo() -> None:
    call_command("load_demo", stdout=io.StringIO())
    switch_public_page(True)


def walk(page, on_page) -> list[str]:
    """Log in as each role and open its pages; `on_page(page, step)` runs on each.
    Returns the names of the pages opened."""
    opened = []
    for username, steps in TOUR.items():
        page.context.clear_cookies()
        if username:
            login(page, username, DEMO_PASSWORD)
        for step in steps:
            if step.follow:
                href = first_link(page, step.follow)
                assert href, f"{step.name}: 上一页没有符合 {step.follow} 的链接"
                page.goto(page.base_url + href)
            else:
                page.goto(page.base_url + step.path)
            page.wait_for_load_state("networkidle")
            on_page(page, step)
            opened.append(step.name)
    return opened


def first_link(page, pattern: str) -> str | None:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.pathname)")
    return next((h for h in hrefs if re.search(pattern, h)), None)
