"""The 通报 as a Word file in the national 公文 layout (GB/T 9704-2012), by python-docx.

A4 portrait, margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; the title in
方正小标宋简体 二号 (22 pt), the body in 仿宋_GB2312 三号 (16 pt), 一级 headings in 黑体
and 二级 headings in 楷体_GB2312, exact 29 pt lines (22 lines a page), and the page
number "— 1 —" in 宋体 四号 at the foot, odd pages on the right and even on the left.

Around the text: the 版头 (发文机关标志 in red 小标宋, the 发文字号, a red line under it),
the 落款's date (the meeting date), each 附件 on a page of its own, and the 版记 closing
the last page (抄送, 印发机关 and 印发日期 between rules).

The text comes one paragraph a line (see `meetings.notice.draft`); each line's role is
told from its shape, so a line the office adds or rewrites is laid out the same way. An
item code ("KJ-09") is written with a word joiner (U+2060) between its characters, so it
never breaks across lines: LibreOffice breaks a justified Chinese line after "KJ-" and
even between "0" and "9", Word's non-breaking hyphen notwithstanding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .letterhead import Letterhead

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"  # 一级标题
SUBHEADING_FONT = "楷体_GB2312"  # 二级标题
PAGE_NUMBER_FONT = "宋体"
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
SMALL_SIZE = Pt(14)  # 四号: 版记 and the 附件 tables
RED = RGBColor(0xE6, 0x00, 0x12)
ISSUER_MAX_SIZE = 42  # pt; a long 发文机关 is set smaller to stay on one line
TEXT_WIDTH_MM = 210 - 28 - 26  # 版心 width
TEXT_WIDTH_PT = TEXT_WIDTH_MM / 25.4 * 72
LINE_SPACING = Pt(29)
INDENT = Pt(32)  # two characters of 三号

HEADING = re.compile(r"^[一二三四五六七八九十]+、")
SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）")
DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
ANNEX = re.compile(r"^附件\d+$")
ANNEX_NOTE = re.compile(r"^(附件：)?\d+．")
# A hyphen inside a code (KJ-09, A-001) or a number range, never a dash between words.
# An item code: letters, a hyphen, digits (KJ-09, A-001, GY-15).
CODE = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]{1,8}-[0-9]{1,6}(?![0-9A-Za-z])")
WORD_JOINER = "\u2060"
CELL = "\t"


@dataclass(frozen=True)
class Paragraph:
    """One line of the 通报 and its role: title, address, heading, subheading, body,
    annex_note, signature, date; then annex, annex_title and row (an 附件's table)."""

    role: str
    text: str


def paragraphs_of(text: str) -> list[Paragraph]:
    """The non-blank lines of `text` with their roles: the first line is the title, a
    second line ending in "：" the address (主送机关), "一、" lines 一级 and "（一）" lines
    二级 headings, "附件：1．" notes, the unpunctuated line closing the body the 落款 (a
    date after it is the 落款's date); from the first "附件1" line on, each 附件: its
    number, its title and its table rows (cells split by tabs)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    end = next((i for i, line in enumerate(lines) if i > 1 and ANNEX.match(line)), len(lines))
    body, annexes = lines[:end], lines[end:]
    roles = ["body"] * len(body)
    for index, line in enumerate(body):
        if index == 0:
            roles[index] = "title"
        elif index == 1 and line.endswith("："):
            roles[index] = "address"
        elif HEADING.match(line) and "。" not in line:
            roles[index] = "heading"
        elif SUBHEADING.match(line) and "。" not in line:
            roles[index] = "subheading"
        elif ANNEX_NOTE.match(line) and "。" not in line:
            roles[index] = "annex_note"
    last = len(body) - 1
    if last > 1 and DATE.match(body[last]):
        roles[last] = "date"
        last -= 1
    if last > 1 and roles[last] == "body" and body[last][-1] not in "。：；！？":
        roles[last] = "signature"
    paragraphs = [Paragraph(role, line) for role, line in zip(roles, body, strict=True)]
    for index, line in enumerate(annexes):
        if ANNEX.match(line):
            role = "annex"
        elif index and ANNEX.match(annexes[index - 1]) and CELL not in line:
            role = "annex_title"
        else:
            role = "row"
        paragraphs.append(Paragraph(role, line))
    return paragraphs


def write_notice_docx(text: str, output: str | IO[bytes], letterhead: Letterhead) -> None:
    """Lay out the 通报 `text` (one paragraph a line, the title first) in the 版头 and 版记
    of `letterhead`, and save it."""
    document = Document()
    _set_page(document)
    _set_default_font(document)
    _add_masthead(document, letterhead)
    dated = False
    rows: list[str] = []
    paragraphs = paragraphs_of(text)
    for index, paragraph in enumerate(paragraphs):
        if paragraph.role == "row":
            rows.append(paragraph.text)
            continue
        if rows:
            _add_table(document, rows)
            rows = []
        if paragraph.role == "date":
            continue  # the 落款's date is the meeting date, whatever the text says
        if paragraph.role == "annex" and not dated:
            _add(document, Paragraph("date", signing_date(letterhead)))
            dated = True
        block = _add(document, paragraph)
        if _leads_to_signature(paragraphs, index):
            # GB/T 9704 leaves no page with the 落款 alone: the body's last lines (and the
            # 附件 note) go over to the next page with it.
            block.paragraph_format.keep_with_next = True
        if paragraph.role == "signature":
            _add(document, Paragraph("date", signing_date(letterhead)))
            dated = True
    if rows:
        _add_table(document, rows)
    if not dated:
        _add(document, Paragraph("date", signing_date(letterhead)))
    _add_imprint(document, letterhead)
    _add_page_numbers(document)
    document.save(output)


def _leads_to_signature(paragraphs: list[Paragraph], index: int) -> bool:
    """Whether paragraph `index` is the body's last paragraph or a line of the 附件 note,
    the lines that stand right above the 落款."""
    following = [p.role for p in paragraphs[index + 1 :] if p.role != "date"]
    if not following or paragraphs[index].role not in ("body", "annex_note"):
        return False
    return following[0] == "signature" or (
        following[0] == "annex_note" and "signature" in following
    )


def signing_date(letterhead: Letterhead) -> str:
    """The 落款's date: the meeting date, or blanks to write it by hand while it is unset."""
    day = letterhead.meeting_date
    if day is None:
        return "\u3000\u3000年\u3000\u3000月\u3000\u3000日"
    return f"{day.year}年{day.month}月{day.day}日"


def _set_page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(25)
    # A blank header, so no word processor invents a rule line above the text.
    section.header.is_linked_to_previous = False


def set_fonts(run_or_style, name: str, size) -> None:
    """Name `name` for Latin and East-Asian text alike (w:rFonts w:eastAsia), or Word
    would set the Chinese characters in its own default."""
    font = run_or_style.font
    font.name = name
    font.size = size
    properties = run_or_style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _set_default_font(document) -> None:
    normal = document.styles["Normal"]
    set_fonts(normal, BODY_FONT, BODY_SIZE)
    layout = normal.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = LINE_SPACING
    layout.space_before = layout.space_after = Pt(0)


def _add(document, paragraph: Paragraph):
    fonts = {
        "title": (TITLE_FONT, TITLE_SIZE),
        "heading": (HEADING_FONT, BODY_SIZE),
        "subheading": (SUBHEADING_FONT, BODY_SIZE),
        "annex": (HEADING_FONT, BODY_SIZE),
        "annex_title": (TITLE_FONT, TITLE_SIZE),
    }
    name, size = fonts.get(paragraph.role, (BODY_FONT, BODY_SIZE))
    block = _paragraph(document)
    layout = block.paragraph_format
    if paragraph.role in ("title", "annex_title"):
        # The title sits centred with one empty line under it, its line tall enough for 二号.
        block.alignment = WD_ALIGN_PARAGRAPH.CENTER
        layout.line_spacing = Pt(35)
        layout.space_after = LINE_SPACING
        if paragraph.role == "title":
            layout.space_before = LINE_SPACING  # two lines under the red line
    elif paragraph.role == "address":
        block.alignment = WD_ALIGN_PARAGRAPH.LEFT
    elif paragraph.role == "annex":
        # Each 附件 starts a page, its number at the top left in 黑体.
        block.alignment = WD_ALIGN_PARAGRAPH.LEFT
        layout.page_break_before = True
        layout.space_after = LINE_SPACING
    elif paragraph.role == "annex_note":
        # "附件：1．…" one line under the body, the next ones aligned under "1．".
        block.alignment = WD_ALIGN_PARAGRAPH.LEFT
        layout.left_indent = INDENT if paragraph.text.startswith("附件：") else Pt(80)
        if paragraph.text.startswith("附件："):
            layout.space_before = LINE_SPACING
    elif paragraph.role in ("signature", "date"):
        block.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        layout.right_indent = INDENT * 2
        layout.keep_with_next = paragraph.role == "signature"
        if paragraph.role == "signature":
            layout.space_before = LINE_SPACING * 2
    else:
        block.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        layout.first_line_indent = INDENT
        if paragraph.role in ("heading", "subheading"):
            layout.keep_with_next = True
    _add_text(block, paragraph.text, name, size)
    return block


def _paragraph(document, line: Pt = LINE_SPACING):
    block = document.add_paragraph()
    layout = block.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = line
    layout.space_before = layout.space_after = Pt(0)
    layout.widow_control = True
    return block


def _add_text(block, text: str, name: str, size, color: RGBColor | None = None) -> None:
    """`text` as a run, each item code's characters joined by word joiners."""
    text = CODE.sub(lambda code: WORD_JOINER.join(code.group()), text)
    run = block.add_run(text)
    set_fonts(run, name, size)
    if color is not None:
        run.font.color.rgb = color


# --- 版头, 附件 tables and 版记 ------------------------------------------------------------


def _add_masthead(document, letterhead: Letterhead) -> None:
    """发文机关标志 in red 小标宋, centred; two lines under it the 发文字号; a red rule the
    width of the 版心 4 mm under that."""
    size = min(ISSUER_MAX_SIZE, int(TEXT_WIDTH_PT / max(len(letterhead.issuer), 1)))
    mark = _paragraph(document, Pt(size * 1.25))
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.space_after = LINE_SPACING * 2
    _add_text(mark, letterhead.issuer, TITLE_FONT, Pt(size), RED)
    number = _paragraph(document)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_text(number, letterhead.document_number, BODY_FONT, BODY_SIZE)
    _border(number, "bottom", size=12, color=str(RED), space=11)


def _border(block, *sides: str, size: int, color: str = "000000", space: int = 1) -> None:
    """A rule along `sides` of a paragraph: `size` in eighths of a point, `space` in points."""
    properties = block._p.get_or_add_pPr()
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        properties.append(borders)
    for side in sides:
        rule = OxmlElement(f"w:{side}")
        rule.set(qn("w:val"), "single")
        rule.set(qn("w:sz"), str(size))
        rule.set(qn("w:space"), str(space))
        rule.set(qn("w:color"), color)
        borders.append(rule)


def _add_table(document, rows: list[str]) -> None:
    """An 附件's table: the first row its header in 黑体, every cell in 四号, ruled."""
    cells = [row.split(CELL) for row in rows]
    width = max(len(row) for row in cells)
    table = document.add_table(rows=len(cells), cols=width)
    table.style = "Table Grid"
    table.autofit = False
    widths = _column_widths(cells, width)
    for column, cell_width in zip(table.columns, widths, strict=True):
        column.width = cell_width  # w:gridCol, which LibreOffice lays the table out by
    for index, row in enumerate(cells):
        for column, text in enumerate(row + [""] * (width - len(row))):
            cell = table.cell(index, column)
            cell.width = widths[column]
            block = cell.paragraphs[0]
            layout = block.paragraph_format
            layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            layout.line_spacing = Pt(20)
            layout.space_before = layout.space_after = Pt(0)
            font = HEADING_FONT if index == 0 else BODY_FONT
            _add_text(block, text, font, SMALL_SIZE)
        if index == 0:
            header = table.rows[0]._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")
            header.append(repeat)
        # A row stays on one page; a long table breaks between rows.
        keep = OxmlElement("w:cantSplit")
        table.rows[index]._tr.get_or_add_trPr().append(keep)


def _column_widths(cells: list[list[str]], width: int) -> list[Mm]:
    """Each column's width in the 版心: a column of short text (序号, codes, scores, the
    band) exactly as wide as its longest cell or header, the narrative columns sharing
    the rest by their longest text."""
    em = SMALL_SIZE.mm
    padding = 5.0  # mm: the cell's left and right margins, and a little room
    needs = []
    for column in range(width):
        texts = [row[column] if column < len(row) else "" for row in cells]
        needs.append(max(_ems(text) for text in texts) * em + padding)
    header_needs = [_ems(text) * em + padding for text in cells[0]] + [padding] * width
    widths = {
        i: need for i, need in enumerate(needs) if need <= max(header_needs[i], 6 * em + padding)
    }
    # The narrative columns fill the rest: each gets what it needs up to an equal share of
    # what is left, the longest share the remainder.
    rest = sorted((i for i in range(width) if i not in widths), key=lambda i: needs[i])
    free = TEXT_WIDTH_MM - sum(widths.values())
    for placed, column in enumerate(rest):
        widths[column] = min(needs[column], free / (len(rest) - placed))
        free -= widths[column]
    return [Mm(widths[column]) for column in range(width)]


def _ems(text: str) -> float:
    """Printed width of `text` in ems: a CJK character one, Latin and digits about half."""
    return sum(1.0 if ord(char) >= 0x2E80 else 0.55 for char in text)


def _add_imprint(document, letterhead: Letterhead) -> None:
    """版记: the 抄送 line and "印发机关 … 印发日期印发", a rule above, a thin one between
    and a rule below, closing the last page (after the last 附件). It follows the text
    rather than floating to the page's foot: LibreOffice ignores a floating table's
    position, and a full last page must not be overprinted."""
    lines = []
    if letterhead.copy_to:
        lines.append(f"抄送：{letterhead.copy_to.rstrip('。')}。")
    lines.append(f"{letterhead.issuer}\t{signing_date(letterhead)}印发")
    _paragraph(document)  # so no word processor joins it to an 附件's table
    table = document.add_table(rows=len(lines), cols=1)
    table.autofit = False
    table.columns[0].width = Mm(TEXT_WIDTH_MM)
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side, size in (("top", 8), ("bottom", 8), ("insideH", 4)):
        rule = OxmlElement(f"w:{side}")
        for name, value in (("val", "single"), ("sz", str(size)), ("space", "0")):
            rule.set(qn(f"w:{name}"), value)
        rule.set(qn("w:color"), "000000")
        borders.append(rule)
    properties.insert(properties.index(properties.find(qn("w:tblLayout"))), borders)
    for row, text in zip(table.rows, lines, strict=True):
        cell = row.cells[0]
        cell.width = Mm(TEXT_WIDTH_MM)
        block = cell.paragraphs[0]
        layout = block.paragraph_format
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = LINE_SPACING
        layout.left_indent = layout.right_indent = Pt(14)
        layout.keep_with_next = True  # the 版记 stays one block
        layout.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM) - Pt(32), WD_TAB_ALIGNMENT.RIGHT)
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        _add_text(block, text, BODY_FONT, SMALL_SIZE)
    # A document ends with a paragraph, never a table.
    _paragraph(document, Pt(1))


def _add_page_numbers(document) -> None:
    """'— n —' with a PAGE field: odd pages at the right, even pages at the left, each one
    character in from the edge, as GB/T 9704 places them."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        block = footer.paragraphs[0]
        block.alignment = alignment
        layout = block.paragraph_format
        layout.left_indent = layout.right_indent = Pt(14)
        set_fonts(block.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        _add_page_field(block)
        set_fonts(block.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _add_page_field(block) -> None:
    """A PAGE field (begin, instruction, separate, a shown '1', end)."""
    parts = [("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)]
    for kind, text in parts:
        run = block.add_run()
        set_fonts(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text
