"""English for browsers that ask for it: the catalogue is complete and compiled, and each
role's main pages render in English with Accept-Language: en, in Chinese otherwise."""

import gettext as stdlib_gettext
import html as html_entities
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from meetings.screen import screen_steps
from reporting import services as workflow
from reporting.ledger.jobs import create_ledger_import
from reporting.models import ReportState
from scoring import services
from scoring.queries import load_month_boards
from tests.factories import ReportFactory
from tests.reporting.ledger_workbooks import build_workbook, small_ledger

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"
ALL_PERSONAS = ["office", "leader", "reporter_a", "head_a", "reporter_b"]
UNIT_MEMBERS = ["reporter_a", "head_a", "reporter_b"]
ROLE_LABELS = {
    "office": "Assessment office",
    "leader": "Leader",
    "reporter_a": "Reporter",
    "head_a": "Unit head",
    "reporter_b": "Reporter",
}
# Navigation labels every persona sees, in both languages.
NAV_EN = ["Home", "Items", "Boards", "Assignments", "Log out"]
NAV_ZH = ["首页", "事项", "榜单", "交办事项", "退出"]
# The backslash escapes a .po string may hold.
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
# The --ignore list of `manage.py makemessages -l en` (static holds no gettext strings).
NOT_SCANNED = {".venv", "node_modules", "staticfiles", "tests", "bench", "locale", "static"}


# --- the catalogue ----------------------------------------------------------------------


def read_po(text: str) -> list[dict]:
    """A minimal .po reader (polib is not a dependency): one dict per entry with its
    flags and its msgid/msgid_plural/msgstr/msgstr[n] strings joined and unescaped."""
    entries = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid") for line in lines):
            continue  # obsolete entries only
        entry: dict = {"flags": set()}
        key = None
        for line in lines:
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := re.match(
                r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line
            ):
                key = match.group(1)
                entry[key] = match.group(2)
            elif line.startswith('"') and key:
                entry[key] += line[1:-1]
        for name, value in list(entry.items()):
            if name != "flags":
                entry[name] = re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), value)
        entries.append(entry)
    return entries


def translations_of(entry: dict) -> list[str]:
    return [value for name, value in entry.items() if name.startswith("msgstr")]


def messages_of(po_text: str) -> list[dict]:
    """The catalogue's entries without the header (the entry whose msgid is empty)."""
    return [entry for entry in read_po(po_text) if entry["msgid"]]


def test_it_has_a_translation_for_every_message():
    entries = messages_of(PO_FILE.read_text(encoding="utf-8"))
    assert len(entries) > 500
    untranslated = [e["msgid"] for e in entries if not all(translations_of(e))]
    assert untranslated == []


def test_it_has_no_fuzzy_entries():
    entries = read_po(PO_FILE.read_text(encoding="utf-8"))
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []


def test_it_fills_both_plural_forms():
    plurals = [e for e in messages_of(PO_FILE.read_text(encoding="utf-8")) if "msgid_plural" in e]
    assert plurals
    for entry in plurals:
        assert entry.get("msgstr[0]") and entry.get("msgstr[1]"), entry["msgid"]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) 未安装")
def test_it_keeps_every_placeholder_msgfmt_checks():
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(PO_FILE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_it_ships_a_compiled_catalogue_matching_the_po_file():
    """A stale django.mo would serve old or missing English: compare every message."""
    with MO_FILE.open("rb") as mo:
        compiled = stdlib_gettext.GNUTranslations(mo)
    for entry in messages_of(PO_FILE.read_text(encoding="utf-8")):
        context = f"{entry['msgctxt']}\x04" if "msgctxt" in entry else ""
        if "msgid_plural" in entry:
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr[0]"]
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr[1]"]
        else:
            assert compiled.gettext(context + entry["msgid"]) == entry["msgstr"], entry["msgid"]


def extracted_catalogue(tmp_path: Path) -> list[dict]:
    """Re-run makemessages on a copy of the source (never the real catalogue) and read
    what it wrote: the real catalogue merged with every string marked in the source."""

    def ignore(directory, names):
        skipped = []
        for name in names:
            path = Path(directory, name)
            if path.is_dir():
                if name in NOT_SCANNED or name.startswith(".") or name == "__pycache__":
                    skipped.append(name)
            elif path.suffix not in {".py", ".html", ".txt"}:
                skipped.append(name)
        return skipped

    copy = tmp_path / "src"
    shutil.copytree(settings.BASE_DIR, copy, ignore=ignore)
    (copy / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(PO_FILE, copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    # Without settings, makemessages writes only to ./locale of the copy.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return messages_of((copy / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text())


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) 未安装")
def test_it_covers_every_string_marked_in_the_source(tmp_path):
    """Any string marked since the last translation pass shows up here as untranslated."""
    merged = extracted_catalogue(tmp_path)
    missing = [e["msgid"] for e in merged if "fuzzy" in e["flags"] or not all(translations_of(e))]
    assert missing == [], "运行 makemessages -l en 并翻译这些新字符串"


# A gettext call in a Jinja2 template: _("…"), gettext("…"), ngettext("…", …).
JINJA_MESSAGE = re.compile(
    r"""\b(?:_|gettext|ngettext)\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) 未安装")
def test_it_extracts_every_string_of_the_jinja2_templates(tmp_path):
    """makemessages reads templates/jinja2/ as Django templates and sees only a
    {{ _("text") }} without arguments: a string with variables or a plural must reach
    it another way (the template's opening comment), or the next catalogue drops it and
    English shows Chinese."""
    extracted = {entry["msgid"] for entry in extracted_catalogue(tmp_path)}
    used = {
        (path.relative_to(settings.BASE_DIR).as_posix(), match.group(1)[1:-1])
        for path in (Path(settings.BASE_DIR) / "templates" / "jinja2").rglob("*.html")
        for match in JINJA_MESSAGE.finditer(path.read_text(encoding="utf-8"))
    }
    assert sorted((path, msgid) for path, msgid in used if msgid not in extracted) == []


def test_the_jinja2_templates_write_no_chinese_punctuation_outside_translated_strings():
    """Full-width brackets, colons and separators belong to the Chinese text: written
    around a {{ _("…") }} they stay full-width on the English page. Each sits inside a
    translated string (or a comment listing one for makemessages)."""
    comment = re.compile(r"\{#.*?#\}", re.S)
    stray = []
    for path in sorted((Path(settings.BASE_DIR) / "templates" / "jinja2").rglob("*.html")):
        text = JINJA_MESSAGE.sub("", comment.sub("", path.read_text(encoding="utf-8")))
        stray += [
            f"{path.name}: {line.strip()[:80]}"
            for line in text.splitlines()
            if re.search("[（）：；、]", line)
        ]
    assert stray == []


def test_the_chinese_pages_keep_their_brackets_inside_the_translated_strings(personas, published):
    """The 五定 card's official title and the meeting page's 代录 read as before in
    Chinese, their brackets now part of the translated strings."""
    from actions.models import Official
    from meetings import services as meeting_services

    official = Official.objects.create(name="王五", title="副区长")
    published.item_a.responsible_official = official
    published.item_a.save()
    html = page(personas.reporter_a, reverse("home"), language="zh-hans")
    assert "责任领导：王五（副区长）；责任人：" in html
    meeting_services.add_comment(
        month=published.month,
        item=published.item_a,
        text="抓紧推进",
        author=personas.users.office,
        on_behalf_of=official,
    )
    html = page(personas.office, reverse("meetings:month", args=["2022-03"]), "zh-hans")
    assert '<small class="text-muted">（office 代录）</small>' in html


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) 未安装")
def test_it_counts_in_the_readers_grammar(tmp_path):
    """The 催报 confirmation (and every other that counts what a post did) says "1 unit"
    or "2 units" (plural entries) and joins the channels with the reader's punctuation,
    not a Chinese semicolon in English."""
    extracted = {entry["msgid"]: entry for entry in extracted_catalogue(tmp_path)}
    for msgid in (
        "已向 %(n)s 个单位催报：%(channels)s。详见发送记录",
        "%(n)s 个单位本截止日已催报过，未重复发送",
        # and the other confirmations that count what a post did
        "%(n)s 项本月尚未填写，没有报送：%(items)s",
        "%(n)s 项已报送，无需重复提交",
        "已通过 %(n)s 份月报",
        "%(n)s 份月报带有异常提示，须逐份查看后单独通过，未包含在全部通过中",
        "已审核通过 %(n)s 份月报，报考核办",
        "%(n)s 份月报带有异常提示，须逐份查看后单独审核通过，未包含在全部审核通过中",
        "已为 %(n)s 个单位计入区级加分，榜单将重新计分",
    ):
        assert "msgid_plural" in extracted[msgid], msgid
    assert "；" in extracted and "、" in extracted


def test_it_translates_formatted_and_plural_messages():
    with translation.override("en"):
        assert translation.gettext("%(label)s 已关闭") % {"label": "2022-03"} == (
            "2022-03 is closed"
        )
        one = translation.ngettext(
            "往期逾期未办结交办事项 %(n)s 项", "往期逾期未办结交办事项 %(n)s 项", 1
        )
        many = translation.ngettext(
            "往期逾期未办结交办事项 %(n)s 项", "往期逾期未办结交办事项 %(n)s 项", 3
        )
        assert one % {"n": 1} == "1 overdue assignment from earlier months still open"
        assert many % {"n": 3} == "3 overdue assignments from earlier months still open"
    with translation.override("zh-hans"):
        assert translation.gettext("%(label)s 已关闭") % {"label": "2022-03"} == "2022-03 已关闭"


# --- the pages --------------------------------------------------------------------------


@pytest.fixture
def published(district):
    """March published, so every persona has a board page to read."""
    ReportFactory(item=district.item_a, month=district.month, value=Decimal("33.5"))
    ReportFactory(item=district.item_b, month=district.month, value=Decimal("20"))
    services.publish_month("2022-03")
    return district


def page(client, url: str, language: str | None = "en") -> str:
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = client.get(url, follow=True, **headers)
    assert response.status_code == 200
    # Unescaped, so labels with an apostrophe (This month's reports) match as written.
    return html_entities.unescape(response.content.decode())


def assert_english_chrome(html: str, persona: str) -> None:
    assert '<html lang="en">' in html
    for label in NAV_EN:
        assert f">{label}<" in html
    for label in NAV_ZH:
        assert f">{label}<" not in html
    assert ROLE_LABELS[persona] in html


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_it_renders_each_roles_home_page_in_english(personas, published, persona):
    html = page(getattr(personas, persona), reverse("home"))
    assert_english_chrome(html, persona)
    if persona in UNIT_MEMBERS:
        assert "Items led by your unit" in html and "本单位牵头事项" not in html
        assert "This month's reports" in html and "本月填报" not in html
    else:
        assert "Eight actions · District overview" in html and "全区概览" not in html


def test_the_leaders_home_says_new_in_english_for_a_unit_new_on_a_board(personas, published):
    # March is the year's first published month: every unit and action is 新 there.
    html = page(personas.leader, reverse("home"))
    board_ends = re.search(r'id="leader-boards".*?</section>', html, re.S) or re.search(
        r"First and last places of each board.*?</section>", html, re.S
    )
    assert board_ends and "· New<" in board_ends.group(0)
    assert "· 新<" not in html


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_it_renders_the_item_list_in_english(personas, published, persona):
    html = page(getattr(personas, persona), reverse("reporting:item_list"))
    assert_english_chrome(html, persona)
    for label in ["Key items", "Item name", "Lead unit", "Filter", "Reset"]:
        assert label in html
    for label in ["重点事项", "事项名称", "牵头单位", "筛选", "重置"]:
        assert label not in html


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_it_renders_the_board_page_in_english(personas, published, persona):
    html = page(getattr(personas, persona), reverse("scoring:boards"))
    assert_english_chrome(html, persona)
    for label in [
        "2022-03 showcase boards",
        "Eight actions",
        "Provincial assessment board",
        "City assessment board",
        "District comprehensive evaluation board",
        "vs last month",
        "Published · version 1",
    ]:
        assert label in html
    for label in ["晒比榜单", "八大行动", "省考排行榜", "市考排行榜", "区级综合评价榜", "较上月"]:
        assert label not in html


def test_the_five_fixes_card_separates_its_parts_in_english_punctuation(personas, published):
    """The 五定 card joins its parts with the language's separators: "; " in English, not
    the full-width "；" of the Chinese page."""
    html = page(personas.reporter_a, reverse("home"))
    cards = re.findall(r'<dd class="col-8 col-md-9">(.*?)</dd>', html, re.S)
    assert cards
    assert not [card for card in cards if "；" in card]
    assert any("; Person in charge: " in card for card in cards)


@pytest.mark.parametrize("persona", UNIT_MEMBERS)
def test_it_renders_the_fill_page_in_english(personas, persona):
    html = page(getattr(personas, persona), reverse("reporting:fill"))
    assert_english_chrome(html, persona)
    assert "This month's reports" in html and "Reporting deadline" in html
    assert "Five fixes" in html and "Person in charge" in html
    for label in ["本月填报", "报送截止日", "五定", "责任人", "保存草稿", "全部报送"]:
        assert label not in html


def test_it_offers_reporters_the_fill_buttons_in_english(personas, district):
    html = page(personas.reporter_a, reverse("reporting:fill"))
    assert "Save draft" in html and "Submit all" in html and "Actual value" in html


def test_it_follows_a_browsers_usual_accept_language_header(personas, published):
    html = page(personas.reporter_a, reverse("home"), language="en-US,en;q=0.9,zh;q=0.5")
    assert '<html lang="en">' in html and ">Home<" in html


@pytest.mark.parametrize("language", [None, "zh-CN,zh;q=0.9", "fr"])
@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_it_stays_in_chinese_otherwise(personas, published, persona, language):
    client = getattr(personas, persona)
    html = page(client, reverse("home"), language=language)
    assert '<html lang="zh-hans">' in html
    for label in NAV_ZH:
        assert f">{label}<" in html
    assert ">Home<" not in html and ">Log out<" not in html
    boards = page(client, reverse("scoring:boards"), language=language)
    assert "省考排行榜" in boards and "Provincial assessment board" not in boards
    items = page(client, reverse("reporting:item_list"), language=language)
    assert "重点事项" in items and "Key items" not in items


@pytest.fixture
def change_log(personas, district):
    """Two reports through the office's review: one returned with a reason, one accepted."""
    returned = ReportFactory(
        item=district.item_a, month=district.month, state=ReportState.SUBMITTED
    )
    accepted = ReportFactory(
        item=district.item_b, month=district.month, state=ReportState.SUBMITTED
    )
    workflow.return_report(returned, personas.users.office, "请补充存在问题")
    workflow.accept_report(accepted, personas.users.office)
    return returned


def test_it_names_the_workflow_steps_of_the_change_log_in_english(personas, change_log):
    html = page(personas.office, reverse("reporting:history"))
    assert_english_chrome(html, "office")
    # The step in English, the reason as the office typed it.
    assert ">Returned: 请补充存在问题</td>" in html and ">Accepted</td>" in html
    assert "Returned by unit" in html  # the step filter's choices
    # (The filter's option values stay Chinese: they are what the history rows store.)
    for label in ["退回：", ">审核通过<", ">单位退回<", "月报变更记录"]:
        assert label not in html
    detail = page(personas.office, reverse("reporting:report_detail", args=[change_log.pk]))
    assert "Returned: 请补充存在问题" in detail and "退回：" not in detail


def test_it_keeps_the_change_log_in_chinese_otherwise(personas, change_log):
    html = page(personas.office, reverse("reporting:history"), language=None)
    assert ">退回：请补充存在问题</td>" in html and ">审核通过</td>" in html
    assert "Returned" not in html and "Accepted" not in html


def test_it_labels_the_big_screen_in_english(personas, published):
    # Slides by kind: the opening, the one action's items, 八大行动, then the province,
    # city and district boards.
    slides: dict[str, list[str]] = {}
    for step in range(len(screen_steps(load_month_boards("2022-03")))):
        html = page(personas.leader, reverse("meetings:screen", args=["2022-03", step]))
        kind = re.search(r'data-kind="(\w+)"', html).group(1)
        slides.setdefault(kind, []).append(html)
    actions = slides["actions"][0]
    assert '<html lang="en">' in actions
    assert ">Eight actions<" in actions and "八大行动" not in actions
    assert "Leading official" in slides["action"][0] and "Lead unit" in slides["action"][0]
    assert "Next page" in actions and "Exit big screen" in actions
    assert ">Agenda<" in slides["opening"][0]
    assert ">Provincial assessment board<" in slides["board"][0]
    district_board = slides["board"][2]
    assert ">District comprehensive evaluation board<" in district_board
    assert ">District departments<" in district_board and ">New<" in district_board
    for label in ["区级综合评价榜", "区直部门", ">新<", "下一页"]:
        assert label not in district_board


def test_it_keeps_the_big_screen_in_chinese_otherwise(personas, published):
    steps = screen_steps(load_month_boards("2022-03"))
    district = [n for n, s in enumerate(steps) if s.kind == "board"][2]  # 区级综合评价榜
    url = reverse("meetings:screen", args=["2022-03", district])
    html = page(personas.leader, url, language=None)
    assert ">区级综合评价榜<" in html and ">区直部门<" in html and ">新<" in html


def test_it_shows_ledger_import_errors_in_the_readers_language(personas, tmp_path):
    ledger = small_ledger()
    ledger["事项"][0]["牵头单位编码"] = "X99"
    path = build_workbook(tmp_path / "bad.xlsx", ledger)
    upload = create_ledger_import(
        SimpleUploadedFile("台账.xlsx", path.read_bytes()), personas.users.office
    )
    assert upload.errors[0]["message"] == "未知单位编码"  # stored as the command prints it
    url = reverse("reporting:ledger_preview", args=[upload.pk])

    english = page(personas.office, url)
    assert "Unknown unit code" in english and "未知单位编码" not in english
    assert "牵头单位编码" in english  # the workbook's own column name stays Chinese
    assert "未知单位编码" in page(personas.office, url, language=None)


def test_it_writes_a_labels_colon_in_the_readers_language(personas, published):
    """上期：… in Chinese, "Previous period: …" in English, never a full-width colon."""
    url = reverse("reporting:review_unit", args=["2022-03", published.unit_a.pk])
    assert "Previous period: " in page(personas.office, url)
    assert "Previous period：" not in page(personas.office, url)
    assert "上期：" in page(personas.office, url, language="zh-hans")
