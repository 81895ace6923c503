"""Cell coercion for the ledger workbook (台账): values as offices type them.

Each function takes one raw cell value (whatever openpyxl returns: str, int, float,
bool, datetime, None) and returns a clean Python value, or raises `CellError` with a
message saying what is wrong. Nothing here touches the database.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext, gettext_noop
from openpyxl.utils.datetime import from_excel

from reporting import numbers
from reporting.numbers import NotANumber, parse_number


class Message:
    """A ledger error text kept as its gettext msgid and %-placeholders until it is shown.

    `source` is the Chinese text: what the import_ledger command prints and what an
    upload stores. The web page translates the stored msgid when it shows the upload,
    so the text follows the reader's language, not the uploader's or the worker's."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, **params: object) -> None:
        self.msgid = msgid
        self.params = params

    @property
    def source(self) -> str:
        return self.msgid % self.params if self.params else self.msgid

    def __str__(self) -> str:
        return translate(self.msgid, self.params)

    def __repr__(self) -> str:
        return f"Message({self.source!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Message):
            return (self.msgid, self.params) == (other.msgid, other.params)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.msgid, tuple(sorted(self.params.items()))))


def translate(msgid: str, params: dict | None = None) -> str:
    """A stored message in the current language."""
    text = gettext(msgid)
    return text % params if params else text


class CellError(ValueError):
    """One cell's value cannot be used; `message` says why (str() is the Chinese text)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message.source


_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_MONTH_RE = re.compile(r"^(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*月?$")
_CODE_SPLIT_RE = re.compile(r"[、,，;；\s]+")
_TRUE = frozenset({"是", "y", "yes", "true", "1", "t", "√"})
_FALSE = frozenset({"否", "n", "no", "false", "0", "f", "×"})
NOT_A_NUMBER = Message(numbers.NOT_A_NUMBER)
NOT_A_DATE = Message(gettext_noop("不是有效的日期（例如 2022-06-30）"))
# Excel's serial day numbers for 1900-01-01 .. 9999-12-31.
_EXCEL_SERIAL_RANGE = (1, 2958465)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def normalize(value: str) -> str:
    """Full-width digits and punctuation to ASCII (８．５％ → 8.5%), outer spaces dropped."""
    return unicodedata.normalize("NFKC", value).strip()


def text(value: object, max_length: int | None = None) -> str:
    """A text cell; numbers typed into text columns (codes such as 101) keep their digits."""
    if type(value) is str:  # the common case first: this runs for most cells of a year
        result = value.strip()
    elif value is None:
        return ""
    elif isinstance(value, bool):
        result = "是" if value else "否"
    elif isinstance(value, float) and value.is_integer():
        result = str(int(value))
    elif isinstance(value, datetime.datetime):
        result = (
            value.date().isoformat()
            if value.time() == datetime.time(0)
            else value.isoformat(sep=" ")
        )
    elif isinstance(value, datetime.date):
        result = value.isoformat()
    else:
        result = str(value).strip()
    if max_length is not None and len(result) > max_length:
        raise CellError(
            Message(
                gettext_noop("超过最大长度 %(max)s 个字符（实际 %(actual)s 个）"),
                max=max_length,
                actual=len(result),
            )
        )
    return result


# Below any figure a person types, above the error of a double (0.1 + 0.2 − 0.3 ≈ 6e-17).
_FLOAT_NOISE = Decimal("1e-9")


def decimal(
    value: object, max_digits: int = 20, decimal_places: int = 4, *, exact: bool = False
) -> Decimal | None:
    """A number cell: 8.5, or text read by reporting.numbers ("8.5%", "８．５",
    "1,234.5"; never "1e3"). Rounded half up to the column's
    decimal places; more integer digits than the column holds is an error.

    With `exact` (points and weights, which enter a published score as they are), more
    decimals than the column holds is an error rather than a silent rounding; only a
    spreadsheet's binary noise (0.1 + 0.2) is rounded away."""
    if type(value) is float:
        number = Decimal(repr(value))
    elif is_blank(value):
        return None
    elif isinstance(value, bool) or isinstance(value, datetime.date | datetime.time):
        raise CellError(NOT_A_NUMBER)
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        # repr is the shortest decimal that reads back as this float: 0.1, not 0.1000…055.
        number = Decimal(repr(value))
    else:
        try:
            number = parse_number(str(value))
        except NotANumber:
            raise CellError(NOT_A_NUMBER) from None
    if not number.is_finite():
        raise CellError(NOT_A_NUMBER)
    rounded = number.quantize(Decimal(1).scaleb(-decimal_places), rounding=ROUND_HALF_UP)
    if exact and abs(rounded - number) > _FLOAT_NOISE:
        raise CellError(Message(gettext_noop("最多 %(places)s 位小数"), places=decimal_places))
    number = rounded
    integer_digits = max(number.adjusted() + 1, 0)
    if integer_digits > max_digits - decimal_places:
        raise CellError(
            Message(
                gettext_noop("数值过大：整数部分最多 %(digits)s 位"),
                digits=max_digits - decimal_places,
            )
        )
    return number


def integer(value: object) -> int | None:
    """A whole number such as a rank (位次): 3, 3.0, "3", "３"; not 3.5."""
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    if is_blank(value):
        return None
    try:
        number = decimal(value, max_digits=20, decimal_places=4)
    except CellError:
        raise CellError(Message(gettext_noop("应为整数"))) from None
    if number is None or number != number.to_integral_value():
        raise CellError(Message(gettext_noop("应为整数")))
    return int(number)


def date(value: object) -> datetime.date | None:
    """A date: an Excel date cell, 2022-06-30, 2022/6/30, 2022年6月30日 or a serial number."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _EXCEL_SERIAL_RANGE[0] <= value <= _EXCEL_SERIAL_RANGE[1]:
            return from_excel(value).date()
        raise CellError(NOT_A_DATE)
    match = _DATE_RE.match(normalize(str(value)))
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(NOT_A_DATE)


def month(value: object) -> str | None:
    """A month label "YYYY-MM" from 2022-03, 2022-3, 2022年3月 or an Excel date cell."""
    if type(value) is str and len(value) == 7 and value[4] == "-" and value.isascii():
        if value[:4].isdigit() and value[5:].isdigit() and "1900" <= value[:4]:
            if "01" <= value[5:] <= "12":
                return value
    if is_blank(value):
        return None
    if isinstance(value, datetime.date):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, str):
        match = _MONTH_RE.match(normalize(value))
        if match and 1 <= int(match.group(2)) <= 12 and int(match.group(1)) >= 1900:
            return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"
    raise CellError(Message(gettext_noop("月份应为 YYYY-MM 格式，例如 2022-03")))


def boolean(value: object) -> bool | None:
    """是/否, also Y/N, TRUE/FALSE, 1/0 and Excel's own boolean cells."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = normalize(str(value)).lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CellError(Message(gettext_noop("应为 是 或 否")))


def choice(value: object, choices: dict[str, str]) -> str | None:
    """One of a TextChoices' Chinese labels (or its stored value), e.g. 指标 → indicator."""
    if value in choices:
        return choices[value]
    if is_blank(value):
        return None
    word = normalize(str(value))
    if word in choices:
        return choices[word]
    # The accepted words are the ledger's own (指标 / 项目 / 工作) in every language.
    accepted = " / ".join(label for label in choices if not label.isascii())
    raise CellError(Message(gettext_noop("应为 %(choices)s"), choices=accepted))


def code_list(value: object) -> list[str]:
    """Codes separated by 、 or , or ，(配合单位编码), in order, without repeats."""
    if is_blank(value):
        return []
    codes = [code for code in _CODE_SPLIT_RE.split(text(value)) if code]
    return list(dict.fromkeys(codes))
