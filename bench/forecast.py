"""Backtest of the 预警 forecast: how close each month's forecast year-end value P comes
to the actual December value, by the pace method (A·12/k) and by last year's curve
(A·A′₁₂/A′ₖ), side by side.

Replays a full year with the previous year behind it. Two sources:

- a generated pair of years (always): cumulative items whose monthly shares follow one
  of a few seasonal profiles seen in district plans (steady, year-end rush, quarter-end
  spikes, front-loaded), the same profile both years with noise and a growth factor;
- the database's demo (with --demo): every monthly cumulative target item with accepted
  values in all twelve months of a year and in the year before, matched by item code.

For each month k = 1..12 it prints the median absolute percentage error
|P − A₁₂| / |A₁₂| over the items. Asserts nothing.

    .venv/bin/python bench/forecast.py
    .venv/bin/python bench/forecast.py --items 500 --seed 7
    .venv/bin/python bench/forecast.py --demo      # after load_demo with two years
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring.forecast import curve_forecast, pace_forecast

# Monthly shares of the year's total, before noise (each sums to 12 "average months").
PROFILES = {
    "steady": [1] * 12,
    "year-end rush": [0.5, 0.5, 0.7, 0.8, 0.9, 1.0, 0.9, 1.0, 1.1, 1.2, 1.5, 1.9],
    "quarter-end": [0.6, 0.6, 1.8, 0.6, 0.6, 1.8, 0.6, 0.6, 1.8, 0.6, 0.6, 1.8],
    "front-loaded": [1.5, 1.4, 1.3, 1.2, 1.1, 1.0, 0.9, 0.8, 0.7, 0.7, 0.7, 0.7],
    "spring festival": [0.3, 0.4, 1.1, 1.1, 1.1, 1.2, 1.1, 1.1, 1.2, 1.1, 1.1, 1.2],
}

Year = Mapping[int, Fraction]  # month → cumulative value (year to date)


def cumulative(shares: list[float], total: float) -> dict[int, Fraction]:
    scale = total / sum(shares)
    running, out = 0.0, {}
    for month, share in enumerate(shares, start=1):
        running += share * scale
        out[month] = Fraction(round(running, 2)).limit_denominator(100)
    return out


def generated_pairs(items: int, seed: int) -> list[tuple[Year, Year]]:
    """(last year, this year) cumulative values of `items` made-up items."""
    rng = random.Random(seed)
    names = sorted(PROFILES)
    pairs = []
    for _ in range(items):
        profile = PROFILES[rng.choice(names)]
        size = rng.uniform(50, 5000)
        growth = rng.uniform(0.85, 1.25)
        # Month-to-month noise: the same shape, never the same months.
        last = [max(0.05, s * rng.lognormvariate(0, 0.25)) for s in profile]
        this = [max(0.05, s * rng.lognormvariate(0, 0.25)) for s in profile]
        pairs.append((cumulative(last, size), cumulative(this, size * growth)))
    return pairs


def demo_pairs() -> list[tuple[Year, Year]]:
    """(last year, this year) accepted values of the database's cumulative target items."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showcase.settings")
    import django

    django.setup()
    from reporting.models import Report, ReportState

    rows = Report.objects.filter(
        state=ReportState.ACCEPTED,
        value__isnull=False,
        item__cumulative=True,
        item__target__isnull=False,
        item__kind="indicator",
        item__level="district",
        item__cadence="monthly",
    ).values_list("item__code", "month__year", "month__number", "value")
    by_code: dict[str, dict[int, dict[int, Fraction]]] = {}
    for code, year, number, value in rows:
        by_code.setdefault(code, {}).setdefault(year, {})[number] = Fraction(value)
    # Every item-year with all twelve months and the same code the year before.
    return [
        (per_year[year - 1], values)
        for per_year in by_code.values()
        for year, values in sorted(per_year.items())
        if len(values) == 12 and per_year.get(year - 1)
    ]


def errors(pairs: list[tuple[Year, Year]]) -> list[tuple[int, float, float, int]]:
    """Per month k: (k, median APE of pace, median APE of last year's curve, items)."""
    table = []
    for k in range(1, 13):
        pace, curve = [], []
        for last, this in pairs:
            actual = this[12]
            if actual == 0 or k not in this:
                continue
            a = this[k]
            pace.append(abs(float((pace_forecast(a, k) - actual) / actual)))
            # Where last year cannot give a curve the method falls back to pace, as 预警 does.
            if last.get(k, 0) > 0 and last.get(12, 0) > 0:
                p = curve_forecast(a, last[k], last[12])
            else:
                p = pace_forecast(a, k)
            curve.append(abs(float((p - actual) / actual)))
        if pace:
            table.append((k, statistics.median(pace), statistics.median(curve), len(pace)))
    return table


def show(title: str, pairs: list[tuple[Year, Year]]) -> None:
    print(f"\n{title}: {len(pairs)} items")
    print(f"{'month':>5}  {'pace MdAPE':>11}  {'last-year curve MdAPE':>22}")
    for k, pace, curve, _n in errors(pairs):
        print(f"{k:>5}  {pace:>10.1%}  {curve:>22.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--demo", action="store_true", help="also the database's demo years")
    args = parser.parse_args()
    show(f"generated pair of years (seed {args.seed})", generated_pairs(args.items, args.seed))
    if args.demo:
        pairs = demo_pairs()
        if pairs:
            show("demo district, each full year against the one before", pairs)
        else:
            print(
                "\ndemo district: no item with a full year and values the year before,"
                " nothing to replay"
            )


if __name__ == "__main__":
    main()
