"""What a ledger import did, or with dry_run would do: counts per sheet and the errors."""

from __future__ import annotations

from dataclasses import dataclass, field

from .reader import LedgerError


@dataclass
class SheetCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ImportResult:
    """What an import did (or, with dry_run, would do): counts per sheet and the errors."""

    sheets: dict[str, SheetCounts] = field(default_factory=dict)
    errors: list[LedgerError] = field(default_factory=list)
    months: list[str] = field(default_factory=list)
    dry_run: bool = False
    year: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.sheets.values())

    @property
    def rows(self) -> int:
        return sum(c.rows for c in self.sheets.values())

    def summary_lines(self) -> list[str]:
        return [
            f"{name}：新增 {c.created}，更新 {c.updated}，未变化 {c.unchanged}"
            for name, c in self.sheets.items()
        ]

    def as_dict(self) -> dict:
        return {
            "sheets": [
                {
                    "sheet": name,
                    "created": c.created,
                    "updated": c.updated,
                    "unchanged": c.unchanged,
                }
                for name, c in self.sheets.items()
            ],
            "months": self.months,
            "year": self.year,
            "rows": self.rows,
            "dry_run": self.dry_run,
        }
