"""The 通报 as a Word file in the national 公文 layout (GB/T 9704-2012), by python-docx.

A4 portrait, margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; the title in
方正小标宋简体 二号 (22 pt), the body in 仿宋_GB2312 三号 (16 pt), 一级 headings in 黑体
and 二级 headings in 楷体_GB2312, exact 29 pt lines (22 lines a page), and the page
number "— 1 —" in 宋体 四号 at the foot, odd pages on the right and even on the left.

The text comes one paragraph a line (see `meetings.notice.draft`); each line's role is
told from its shape, so a line the office adds or rewrites is laid out the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"  # 一级标题
SUBHEADING_FONT = "楷体_GB2312"  # 二级标题
PAGE_NUMBER_FONT = "宋体"
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE_SPACING = Pt(29)
INDENT = Pt(32)  # two characters of 三号

HEADING = re.compile(r"^[一二三四五六七八九十]+、")
SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）")
DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


@dataclass(frozen=True)
class Paragraph:
    """One line of the 通报 and its role: title, address, heading, subheading, body,
    signature or date."""

    role: str
    text: str


def paragraphs_of(text: str) -> list[Paragraph]:
    """The non-blank lines of `text` with their roles: the first line is the title, a
    second line ending in "：" the address (主送机关), "一、" lines 一级 and "（一）" lines
    二级 headings, a closing date and the unpunctuated line before it the 落款."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    roles = ["body"] * len(lines)
    for index, line in enumerate(lines):
        if index == 0:
            roles[index] = "title"
        elif index == 1 and line.endswith("："):
            roles[index] = "address"
        elif HEADING.match(line) and "。" not in line:
            roles[index] = "heading"
        elif SUBHEADING.match(line) and "。" not in line:
            roles[index] = "subheading"
    if len(lines) > 2 and DATE.match(lines[-1]):
        roles[-1] = "date"
        if roles[-2] == "body" and lines[-2][-1] not in "。：；！？":
            roles[-2] = "signature"
    return [Paragraph(role, line) for role, line in zip(roles, lines, strict=True)]


def write_notice_docx(text: str, output: str | IO[bytes]) -> None:
    """Lay out the 通报 `text` (one paragraph a line, the title first) and save it."""
    document = Document()
    _set_page(document)
    _set_default_font(document)
    for paragraph in paragraphs_of(text):
        _add(document, paragraph)
    _add_page_numbers(document)
    document.save(output)


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


def _add(document, paragraph: Paragraph) -> None:
    fonts = {
        "title": (TITLE_FONT, TITLE_SIZE),
        "heading": (HEADING_FONT, BODY_SIZE),
        "subheading": (SUBHEADING_FONT, BODY_SIZE),
    }
    name, size = fonts.get(paragraph.role, (BODY_FONT, BODY_SIZE))
    block = document.add_paragraph()
    layout = block.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = LINE_SPACING
    layout.space_before = layout.space_after = Pt(0)
    layout.widow_control = True
    if paragraph.role == "title":
        # The title sits centred with one empty line under it, its line tall enough for 二号.
        block.alignment = WD_ALIGN_PARAGRAPH.CENTER
        layout.line_spacing = Pt(35)
        layout.space_after = LINE_SPACING
    elif paragraph.role == "address":
        block.alignment = WD_ALIGN_PARAGRAPH.LEFT
    elif paragraph.role in ("signature", "date"):
        block.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        layout.right_indent = INDENT * 2
        if paragraph.role == "signature":
            layout.space_before = LINE_SPACING * 2
    else:
        block.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        layout.first_line_indent = INDENT
        if paragraph.role in ("heading", "subheading"):
            layout.keep_with_next = True
    set_fonts(block.add_run(paragraph.text), name, size)


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
