"""The one way a typed number is read (数值), at every door: the fill page, the ledger
import and the services.

Offices type figures as they see them: full-width (１２．５), with thousands separators
(1,318 or 1，318), with a trailing percent sign (8.5%) and with stray spaces. All of
those are read; exponent notation (1e3), NaN, infinity and words are refused with one
message, so a figure never changes its meaning between the page and the workbook."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_noop

# The message everywhere a number is refused (translated where it is shown).
NOT_A_NUMBER = gettext_noop("不是有效的数值")

_PLAIN_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_GROUPED_RE = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


class NotANumber(ValueError):
    """The text is not a number this system reads; str() is the Chinese message."""

    def __init__(self) -> None:
        super().__init__(NOT_A_NUMBER)


def parse_number(raw: str) -> Decimal | None:
    """'１２．５' → 12.5, '1,318' / '1，318' → 1318, '8.5%' → 8.5, ' 3 ' → 3, blank → None.
    Raises NotANumber for '1e3', 'NaN', 'inf', '1,23', '约30' and anything else."""
    text = unicodedata.normalize("NFKC", raw).strip().replace(" ", "")
    if not text:
        return None
    if text.endswith("%"):
        text = text[:-1]
    if "," in text:
        if not _GROUPED_RE.match(text):
            raise NotANumber
        text = text.replace(",", "")
    if not _PLAIN_RE.match(text):
        raise NotANumber
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise NotANumber from None
