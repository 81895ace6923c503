"""Reading a ledger workbook (台账) into clean rows, with bounded memory.

The file is checked before openpyxl sees it (size, empty, encrypted or old .xls,
not a zip), then every known sheet is streamed in read-only mode: each cell is
coerced by its column's parser and every problem is collected with its sheet, row
and column. Nothing here touches the database.
"""

from __future__ import annotations

import difflib
import os
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext_noop
from openpyxl import load_workbook

from .parsing import CellError, Message, is_blank, translate
from .schema import SHEETS, SHEETS_BY_NAME, Sheet, normalize_header

MAX_ROWS_PER_SHEET = 50_000
MAX_ERRORS = 500
PROGRESS_EVERY = 1_000
BLANK = Message(gettext_noop("不能为空"))
MISSING_COLUMN = Message(gettext_noop("缺少必填列"))
# How alike an unknown header and an absent column's name must be to be taken for a typo
# ("目标" for 目标值, "完成时间" for 完成时限); "备注" or "序号" are extra columns and ignored.
MISNAMED_CUTOFF = 0.6

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream name an Office-encrypted workbook's OLE directory holds, in UTF-16LE.
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")

Source = str | os.PathLike | IO[bytes]
Progress = Callable[[int], None]


@dataclass(frozen=True)
class LedgerError:
    """One problem: where it is (sheet, Excel row number, column, value) and what is wrong.

    Sheet and column are the workbook's Chinese names. str() is the Chinese line the
    import_ledger command prints, whatever the active language."""

    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    message: Message | None = None

    def __str__(self) -> str:
        where = " ".join(
            part
            for part in (self.sheet, f"第{self.row}行" if self.row else "", self.column)
            if part
        )
        if self.value:
            where += f"「{self.value}」"
        message = self.message.source if self.message else ""
        return f"{where}：{message}" if where else message

    def as_dict(self) -> dict:
        """The stored form: the Chinese text, plus the msgid and its values so the page
        can show the message in its reader's language (`message_text`)."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message.source if self.message else "",
            "msgid": self.message.msgid if self.message else "",
            "params": self.message.params if self.message else {},
            "text": str(self),
        }


def message_text(error: dict) -> str:
    """A stored error's message in the current language (uploads stored before messages
    kept their msgid show the Chinese text)."""
    if error.get("msgid"):
        return translate(error["msgid"], error.get("params"))
    return error.get("message", "")


class ErrorList(list):
    """Errors up to MAX_ERRORS; beyond that only counted, so a broken 50,000-row file
    cannot fill memory or the preview page."""

    def __init__(self) -> None:
        super().__init__()
        self.overflow = 0

    def add(
        self,
        message: Message,
        sheet: str = "",
        row: int | None = None,
        column: str = "",
        value: object = "",
    ) -> None:
        if len(self) >= MAX_ERRORS:
            self.overflow += 1
            return
        shown = "" if value is None else str(value).strip()
        if len(shown) > 50:
            shown = shown[:50] + "…"
        self.append(LedgerError(sheet, row, column, shown, message))

    def as_list(self) -> list[LedgerError]:
        errors = list(self)
        if self.overflow:
            message = Message(
                gettext_noop("另有 %(count)s 处错误未列出，请先修正以上错误"), count=self.overflow
            )
            errors.append(LedgerError(message=message))
        return errors


@dataclass
class SheetRows:
    """The clean rows of one sheet: (Excel row number, {field: value}) for the present columns."""

    sheet: Sheet
    fields: frozenset[str]
    rows: list[tuple[int, dict]] = field(default_factory=list)


@dataclass
class ParsedLedger:
    sheets: dict[str, SheetRows] = field(default_factory=dict)
    errors: ErrorList = field(default_factory=ErrorList)

    @property
    def row_count(self) -> int:
        return sum(len(sheet.rows) for sheet in self.sheets.values())


def read_ledger(source: Source, progress: Progress | None = None) -> ParsedLedger:
    """Parse and coerce every known sheet of a workbook; problems end up in `.errors`."""
    parsed = ParsedLedger()
    with _opened(source) as stream:
        problem = _check_file(stream)
        if problem:
            parsed.errors.add(problem)
            return parsed
        try:
            workbook = load_workbook(stream, read_only=True, data_only=True)
        except Exception:  # openpyxl raises a dozen kinds on a damaged archive
            parsed.errors.add(
                Message(
                    gettext_noop(
                        "文件已损坏，无法作为 Excel 工作簿打开，请在 Excel 中另存为 .xlsx 后重试"
                    )
                )
            )
            return parsed
        try:
            _read_sheets(workbook, parsed, progress)
        except Exception:  # damaged XML inside a valid zip only shows while streaming
            parsed.sheets.clear()
            parsed.errors.add(
                Message(gettext_noop("文件内容已损坏，无法读取，请在 Excel 中另存为 .xlsx 后重试"))
            )
        finally:
            workbook.close()
    return parsed


@contextmanager
def _opened(source: Source) -> Iterator[IO[bytes]]:
    if isinstance(source, str | os.PathLike):
        with Path(source).open("rb") as stream:
            yield stream
    else:
        source.seek(0)
        yield source


def _check_file(stream: IO[bytes]) -> Message | None:
    """Why openpyxl should not even try the file, or None."""
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    limit = settings.SHOWCASE_MAX_UPLOAD_BYTES
    if size == 0:
        return Message(gettext_noop("文件为空"))
    if size > limit:
        return Message(
            gettext_noop("文件过大（%(size)s MB），上限为 %(limit)s MB"),
            size=f"{size / 1024 / 1024:.1f}",
            limit=limit // 1024 // 1024,
        )
    head = stream.read(8)
    stream.seek(0)
    if head == _OLE_MAGIC:
        # Both password-protected .xlsx files and old .xls files are OLE containers.
        if _ENCRYPTION_STREAM in stream.read():
            stream.seek(0)
            return Message(
                gettext_noop(
                    "文件设有密码保护，无法读取：请在 Excel 中取消密码后另存为 .xlsx 再导入"
                )
            )
        stream.seek(0)
        return Message(gettext_noop("这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入"))
    if not head.startswith(b"PK"):
        return Message(gettext_noop("不是有效的 Excel 工作簿（.xlsx）文件"))
    if not zipfile.is_zipfile(stream):
        stream.seek(0)
        return Message(
            gettext_noop(
                "文件已损坏或不完整（可能未上传完），请在 Excel 中重新保存为 .xlsx 后再导入"
            )
        )
    stream.seek(0)
    return None


def _read_sheets(workbook, parsed: ParsedLedger, progress: Progress | None) -> None:
    by_name = {name.strip(): name for name in workbook.sheetnames}
    found = [sheet for sheet in SHEETS if sheet.name in by_name]
    if not found:
        # The sheet names are the workbook's own, Chinese in every language.
        parsed.errors.add(
            Message(
                gettext_noop("工作簿中没有可导入的工作表，工作表名称应为：%(names)s"),
                names="、".join(SHEETS_BY_NAME),
            )
        )
        return
    done = 0
    for sheet in found:
        worksheet = workbook[by_name[sheet.name]]
        # Some tools write a wrong <dimension>; trusting it would silently drop rows.
        worksheet.reset_dimensions()
        done = _read_sheet(sheet, worksheet, parsed, progress, done)


def _read_sheet(sheet: Sheet, worksheet, parsed: ParsedLedger, progress, done: int) -> int:
    errors = parsed.errors
    rows = worksheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        positions.setdefault(normalize_header(name), index)
    columns = [
        (column, positions[column.header], column.blank)
        for column in sheet.columns
        if column.header in positions
    ]
    missing = [name for name in sheet.required_headers if name not in positions]
    for name in missing:
        errors.add(MISSING_COLUMN, sheet.name, 1, name)
    misnamed = _misnamed_headers(sheet, positions)
    for name, meant in misnamed:
        message = Message(gettext_noop("未识别的列名，是否应为「%(column)s」？"), column=meant)
        errors.add(message, sheet.name, 1, name)
    if missing or misnamed:
        return done
    result = SheetRows(sheet, frozenset(column.field for column, _, _ in columns))
    parsed.sheets[sheet.name] = result
    count = 0
    for number, row in enumerate(rows, start=2):
        if all(is_blank(value) for value in row):
            continue
        count += 1
        if count > MAX_ROWS_PER_SHEET:
            message = Message(
                gettext_noop("超过每表 %(rows)s 行的上限，请拆分为多个文件分批导入"),
                rows=f"{MAX_ROWS_PER_SHEET:,}",
            )
            errors.add(message, sheet.name, number)
            break
        values = {}
        width = len(row)
        for column, index, blank in columns:
            raw = row[index] if index < width else None
            if raw is None:
                if column.required:
                    errors.add(BLANK, sheet.name, number, column.header)
                values[column.field] = blank
                continue
            try:
                value = column.parse(raw)
            except CellError as error:
                errors.add(error.message, sheet.name, number, column.header, raw)
                continue
            if value is None or value == "" or value == []:
                if column.required:
                    errors.add(BLANK, sheet.name, number, column.header)
                    continue
                value = blank
            values[column.field] = value
        result.rows.append((number, values))
        done += 1
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    return done


def _misnamed_headers(sheet: Sheet, positions: dict[str, int]) -> list[tuple[str, str]]:
    """(header, the absent column it looks like) for each unknown header that is a likely
    typo. Extra columns are ignored, but a misspelt one would silently leave its column
    out (a 目标值 typed 目标 imports every item without a target)."""
    absent = [name for name in sheet.headers if name not in positions]
    found = []
    for name in positions:
        if not name or name in sheet.headers:
            continue
        meant = difflib.get_close_matches(name, absent, n=1, cutoff=MISNAMED_CUTOFF)
        if meant:
            found.append((name, meant[0]))
    return found
