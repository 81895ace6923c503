"""Pure pieces of the on-site rating (现场测评): the trimmed mean, codes and QR images."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

import qrcode
import qrcode.image.svg

CENT = Decimal("0.01")
# No 0/O, 1/I/L: a guest types the seat code from paper.
SEAT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SEAT_CODE_LENGTH = 6


def trimmed_mean(scores: Iterable[Decimal]) -> Decimal | None:
    """The mean after dropping one highest and one lowest score (去掉一个最高分和一个最低分),
    the plain mean with fewer than 3 scores, None with none; rounded half up to 2 places."""
    values = sorted(Decimal(s) for s in scores)
    if not values:
        return None
    if len(values) >= 3:
        values = values[1:-1]
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def bonus_points(mean: Decimal, weight_percent: Decimal) -> Decimal:
    """测评均分 × weight%, rounded half up to 2 places like every other score."""
    return (mean * weight_percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def bonus_reason(mean: Decimal, weight_percent: Decimal) -> str:
    """The 加分 事由, e.g. "现场测评 86.50 分 × 5%"."""
    weight = format(weight_percent.normalize(), "f")
    return f"现场测评 {mean.quantize(CENT)} 分 × {weight}%"


def new_token() -> str:
    return secrets.token_urlsafe(16)


def new_seat_code() -> str:
    return "".join(secrets.choice(SEAT_ALPHABET) for _ in range(SEAT_CODE_LENGTH))


def normalize_seat_code(code: str) -> str:
    return (code or "").strip().upper().replace(" ", "")


def qr_svg(data: str) -> str:
    """An inline <svg> QR code of `data` (no file, no external request)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    # Drop the XML declaration so the markup can sit inside HTML.
    if svg.startswith("<?xml"):
        svg = svg[svg.index("?>") + 2 :]
    return svg.strip()
