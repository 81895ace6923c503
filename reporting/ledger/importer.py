"""The ledger workbook (台账) import: validate everything, then upsert in bulk.

`import_ledger` reads the file (reader.py), resolves every code and name against
the same file and the database, and only if there is not a single problem writes
all six sheets in one transaction. The number of queries does not grow with the
rows (a statement holds up to the database's parameter limit): each model is loaded
once into a dict, new rows are inserted with a few statements per table (bulk.py) and
changed ones with bulk_update, both with simple-history's history rows (a report's
naming 台账导入 as its step); rows whose values did not change are not written at all,
so a second import of the same file changes nothing and leaves no history.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from actions.models import Action, Item, Official, PlanYear, Unit, UnitGroupInYear
from actions.services import set_unit_group
from reporting.models import (
    BonusPenalty,
    Month,
    Report,
    ReportState,
    default_deadline,
    parse_month_label,
)
from scoring.figures import rank_errors

from ..signals import month_inputs_changed
from .bulk import NewRow, insert_rows
from .parsing import Message
from .plan_year import plan_year_of_file
from .reader import ErrorList, LedgerError, ParsedLedger, Progress, SheetRows, Source, read_ledger
from .result import ImportResult, SheetCounts
from .schema import ACTIONS, BONUSES, ITEMS, OFFICIALS, REPORTS, SHEETS, SHEETS_BY_NAME, UNITS
from .writes import Writes as _Writes
from .writes import differs as _differs


def import_ledger(
    source: Source,
    user=None,
    dry_run: bool = False,
    progress: Progress | None = None,
    year: int | None = None,
) -> ImportResult:
    """Import a ledger workbook; nothing is written unless the whole file is valid.

    `user` is recorded as who accepted the reports (None from the command line);
    `dry_run` returns the counts the import would give without writing; `year` is the
    plan year (年度) its actions, items and reports belong to (else the one year all
    its 月报 months fall in)."""
    return import_parsed(read_ledger(source, progress), user=user, dry_run=dry_run, year=year)


def import_parsed(
    parsed: ParsedLedger, user=None, dry_run: bool = False, year: int | None = None
) -> ImportResult:
    if parsed.errors:
        return ImportResult(errors=parsed.errors.as_list(), dry_run=dry_run)
    try:
        with transaction.atomic():
            plan = _Plan(parsed, user, year)
            result = plan.result(dry_run)
            if result.ok and not dry_run:
                plan.apply()
                _queue_rescoring(result.months)
    except IntegrityError:
        # Another import or an edit created the same code between our read and our write.
        message = Message(
            gettext_noop("写入时与同时进行的其他修改冲突，未写入任何数据，请重新导入")
        )
        return ImportResult(errors=[LedgerError(message=message)], dry_run=dry_run)
    return result


def _queue_rescoring(labels: Iterable[str]) -> None:
    """Tell scoring which months' inputs the import changed (1 query)."""
    wanted = set(labels)
    for month in Month.objects.order_by("year", "number"):
        if month.label in wanted:
            month_inputs_changed.send(sender=Month, month=month)


class _Plan:
    """Resolves every row against the file and the database; collects errors and writes."""

    def __init__(self, parsed: ParsedLedger, user, year: int | None = None) -> None:
        self.parsed = parsed
        self.user = user
        self.now = timezone.now()
        self.errors = ErrorList()
        self.counts: dict[str, SheetCounts] = {}
        self.writes: list[_Writes] = []
        self.co_unit_links: list[tuple[Item, list[Unit]]] = []
        self.co_unit_resets: list[int] = []
        self.group_moves: list[tuple[Unit, str]] = []
        self.months_touched: set[str] = set()
        self.new_months = _Writes(Month, ("year", "number"))
        self.new_plan_years = _Writes(PlanYear, ("year",))
        for sheet in SHEETS:
            if sheet.name in parsed.sheets:
                self.counts[sheet.name] = SheetCounts()
        self.year = plan_year_of_file(parsed, self.errors, year)
        self.plan_year = self._plan_year(self.year)
        self._plan_units()
        self._plan_officials()
        self._plan_actions()
        self._plan_items()
        self._plan_reports()
        self._plan_bonuses()

    # -- lookups, each one query, loaded only when a sheet needs them ----------------

    @cached_property
    def units(self) -> dict[str, Unit]:
        return {unit.code: unit for unit in Unit.objects.all()}

    @cached_property
    def officials(self) -> dict[str, Official]:
        return {official.name: official for official in Official.objects.all()}

    @cached_property
    def actions(self) -> dict[str, Action]:
        if self.year is None:
            return {}
        return {action.code: action for action in Action.objects.of_year(self.year)}

    @cached_property
    def items(self) -> dict[str, Item]:
        if self.year is None:
            return {}
        return {item.code: item for item in Item.objects.of_year(self.year)}

    # -- the plan year ----------------------------------------------------------------

    def _plan_year(self, year: int | None) -> PlanYear | NewRow | None:
        if year is None:
            return None
        stored = PlanYear.objects.filter(year=year).first()
        if stored is not None:
            return stored
        new = NewRow(year=year)
        self.new_plan_years.creates.append(new)
        return new

    @cached_property
    def months(self) -> dict[str, Month]:
        return {month.label: month for month in Month.objects.all()}

    def _sheet(self, name: str) -> SheetRows | None:
        return self.parsed.sheets.get(name)

    def _unique_rows(self, rows: SheetRows) -> Iterable[tuple[int, dict, tuple]]:
        """Rows with their key; a key seen before in the file is an error on the later row."""
        seen: dict[tuple, int] = {}
        key_fields = rows.sheet.key
        for number, values in rows.rows:
            key = tuple(values.get(name) for name in key_fields)
            if None in key:
                continue  # a blank or invalid key cell is already reported
            if key in seen:
                message = Message(
                    gettext_noop("与第%(row)s行重复（%(columns)s相同）"),
                    row=seen[key],
                    columns="+".join(rows.sheet.header(n) for n in key_fields),
                )
                self.errors.add(
                    message,
                    rows.sheet.name,
                    number,
                    rows.sheet.header(key_fields[0]),
                    " / ".join(str(part) for part in key),
                )
                continue
            seen[key] = number
            yield number, values, key

    def _resolve(
        self, lookup: dict, value: str, sheet: str, number: int, column: str, what: Message
    ) -> object:
        """The row an optional reference names; '' is None; an unknown one is an error."""
        if not value:
            return None
        found = lookup.get(value)
        if found is None:
            self.errors.add(what, sheet, number, column, value)
        return found

    def _upsert(self, writes: _Writes, sheet: str, existing, values: dict, **create) -> object:
        """Compare a row with its stored object: count it, and queue the write if needed.
        Returns what other rows will point at: the stored object or the NewRow."""
        counts = self.counts[sheet]
        if existing is None:
            row = NewRow(values)
            row.update(create)
            writes.creates.append(row)
            counts.created += 1
            return row
        changed = {name: value for name, value in values.items() if _differs(existing, name, value)}
        if changed:
            writes.updates.append((existing, changed))
            counts.updated += 1
        else:
            counts.unchanged += 1
        return existing

    def _plan_units(self) -> None:
        rows = self._sheet(UNITS)
        if rows is None:
            return
        writes = _Writes(Unit, ("code",))
        units = self.units
        kept = {}  # a stored unit's group in this plan year, where it differs from its group
        if self.year is not None:
            kept = dict(
                UnitGroupInYear.objects.filter(year=self.year).values_list("unit_id", "group")
            )
        counts = self.counts[UNITS]
        for _number, values, (code,) in self._unique_rows(rows):
            existing = units.get(code)
            moved = False
            if existing is not None and values.get("group") and self.year is not None:
                # A unit moves to the other group for this plan year only (set_unit_group).
                group = values["group"]
                values = {name: value for name, value in values.items() if name != "group"}
                moved = kept.get(existing.pk, existing.group) != group
                if moved:
                    self.group_moves.append((existing, group))
            unchanged = counts.unchanged
            units[code] = self._upsert(writes, UNITS, existing, values)
            if moved and counts.unchanged > unchanged:  # the group was all that changed
                counts.unchanged, counts.updated = counts.unchanged - 1, counts.updated + 1
        self.writes.append(writes)

    def _plan_officials(self) -> None:
        rows = self._sheet(OFFICIALS)
        if rows is None:
            return
        writes = _Writes(Official, ("name",))
        officials = self.officials
        for _number, values, (name,) in self._unique_rows(rows):
            officials[name] = self._upsert(writes, OFFICIALS, officials.get(name), values)
        self.writes.append(writes)

    def _plan_actions(self) -> None:
        rows = self._sheet(ACTIONS)
        if rows is None:
            return
        writes = _Writes(Action, ("plan_year", "code"))
        actions = self.actions
        # The sheet lists the actions in the plan's own order: a new action takes its row's
        # place; an existing one keeps the order the office may have set since.
        for position, (number, values, (code,)) in enumerate(self._unique_rows(rows), start=1):
            values = {**values, "plan_year": self.plan_year}
            if "leader" in values:
                values["leader"] = self._official(values["leader"], ACTIONS, number, "领办领导")
            if "lead_unit" in values:
                values["lead_unit"] = self._unit(values["lead_unit"], ACTIONS, number)
            existing = actions.get(code)
            actions[code] = self._upsert(writes, ACTIONS, existing, values, order=position)
        self.writes.append(writes)

    def _official(self, name: str, sheet: str, number: int, column: str) -> Official | None:
        return self._resolve(
            self.officials,
            name,
            sheet,
            number,
            column,
            Message(gettext_noop("未知领导（「领导」表和系统中都没有此姓名）")),
        )

    def _unit(
        self, code: str, sheet: str, number: int, column: str = "牵头单位编码"
    ) -> Unit | None:
        return self._resolve(
            self.units, code, sheet, number, column, Message(gettext_noop("未知单位编码"))
        )

    def _plan_items(self) -> None:
        rows = self._sheet(ITEMS)
        if rows is None:
            return
        writes = _Writes(Item, ("plan_year", "code"))
        items = self.items
        with_co_units = "co_units" in rows.fields
        linked = self._co_unit_codes() if with_co_units else {}
        for number, values, (code,) in self._unique_rows(rows):
            values = {**values, "plan_year": self.plan_year}
            values["action"] = self._resolve(
                self.actions,
                values["action"],
                ITEMS,
                number,
                "行动编码",
                Message(gettext_noop("未知行动编码")),
            )
            values["lead_unit"] = self._unit(values["lead_unit"], ITEMS, number)
            if "responsible_official" in values:
                values["responsible_official"] = self._official(
                    values["responsible_official"], ITEMS, number, "责任领导"
                )
            co_codes = values.pop("co_units", [])
            co_units = [self._unit(c, ITEMS, number, "配合单位编码") for c in co_codes]
            existing = items.get(code)
            counts = self.counts[ITEMS]
            before = (counts.created, counts.updated)
            item = self._upsert(writes, ITEMS, existing, values)
            items[code] = item
            if not with_co_units:
                continue
            if existing is None:
                if co_units:
                    self.co_unit_links.append((item, co_units))
            elif linked.get(existing.pk, set()) != set(co_codes):
                self.co_unit_resets.append(existing.pk)
                self.co_unit_links.append((item, co_units))
                if (counts.created, counts.updated) == before:
                    counts.unchanged -= 1
                    counts.updated += 1
        self.writes.append(writes)

    def _co_unit_codes(self) -> dict[int, set[str]]:
        code_by_id = {unit.pk: code for code, unit in self.units.items() if unit.pk}
        linked: dict[int, set[str]] = {}
        through = Item.co_units.through
        links = through.objects.filter(item__plan_year__year=self.year)
        for item_id, unit_id in links.values_list("item_id", "unit_id"):
            linked.setdefault(item_id, set()).add(code_by_id.get(unit_id, ""))
        return linked

    def _month(self, label: str) -> Month | NewRow:
        month = self.months.get(label)
        if month is None:
            year, number = parse_month_label(label)
            month = NewRow(year=year, number=number, deadline=default_deadline(year, number))
            self.months[label] = month
            self.new_months.creates.append(month)
        return month

    def _stored_in_months(self, model: type[models.Model], labels: set[str]) -> list:
        month_ids = [self.months[label].pk for label in labels if label in self.months]
        if not month_ids:
            return []
        return list(model.objects.filter(month_id__in=month_ids))

    def _plan_reports(self) -> None:
        rows = self._sheet(REPORTS)
        if rows is None:
            return
        labels = {values["month"] for _, values in rows.rows if values.get("month")}
        items = self.items
        code_by_item = {item.pk: code for code, item in items.items() if item.pk}
        label_by_month = {month.pk: label for label, month in self.months.items()}
        stored = {
            (code_by_item.get(r.item_id), label_by_month[r.month_id]): r
            for r in self._stored_in_months(Report, labels)
        }
        writes = _Writes(Report, ("item", "month"))
        accepted = {
            "state": ReportState.ACCEPTED,
            "accepted_at": self.now,
            "accepted_by": self.user,
            "updated_by": self.user,
            "updated_at": self.now,
        }
        counts = self.counts[REPORTS]
        for number, values, (code, label) in self._unique_rows(rows):
            existing = stored.get((code, label))
            if not self._rank_is_valid(values, existing, number):
                continue
            item = self._resolve(
                items, code, REPORTS, number, "事项编码", Message(gettext_noop("未知事项编码"))
            )
            values = {**values, "item": item, "month": self._month(label)}
            if existing is None:
                self._upsert(writes, REPORTS, None, values, **accepted)
                self.months_touched.add(label)
                continue
            if existing.state != ReportState.ACCEPTED:
                values["state"] = ReportState.ACCEPTED
            updated_before = counts.updated
            self._upsert(writes, REPORTS, existing, values)
            if counts.updated != updated_before:
                changes = writes.updates[-1][1]
                changes.update(accepted)
                changes["version"] = existing.version + 1
                changes["return_reason"] = ""
                self.months_touched.add(label)
        self.writes.append(writes)

    def _rank_is_valid(self, values: dict, existing: Report | None, number: int) -> bool:
        rank = values.get("rank", existing.rank if existing else None)
        peers = values.get("peer_count", existing.peer_count if existing else None)
        faults = rank_errors(rank, peers)
        for name, message in faults.items():
            value = {"rank": rank, "peer_count": peers}[name]
            self.errors.add(
                Message(message), REPORTS, number, SHEETS_BY_NAME[REPORTS].header(name), value
            )
        return not faults

    def _plan_bonuses(self) -> None:
        rows = self._sheet(BONUSES)
        if rows is None:
            return
        labels = {values["month"] for _, values in rows.rows if values.get("month")}
        code_by_unit = {unit.pk: code for code, unit in self.units.items() if unit.pk}
        label_by_month = {month.pk: label for label, month in self.months.items()}
        stored = {
            (code_by_unit.get(b.unit_id), label_by_month[b.month_id], b.reason): b
            for b in self._stored_in_months(BonusPenalty, labels)
        }
        writes = _Writes(BonusPenalty, ("unit", "month", "reason"))
        counts = self.counts[BONUSES]
        for number, values, key in self._unique_rows(rows):
            code, label, _reason = key
            unit = self._unit(code, BONUSES, number, "单位编码")
            before = counts.unchanged
            values = {**values, "unit": unit, "month": self._month(label)}
            self._upsert(writes, BONUSES, stored.get(key), values, created_by=self.user)
            if counts.unchanged == before:
                self.months_touched.add(label)
        self.writes.append(writes)

    # -- outcome ----------------------------------------------------------------------

    def result(self, dry_run: bool) -> ImportResult:
        return ImportResult(
            sheets=self.counts,
            errors=self.errors.as_list(),
            months=sorted(self.months_touched),
            dry_run=dry_run,
            year=self.year,
        )

    def apply(self) -> None:
        """Write everything planned, in dependency order; called inside the transaction."""
        self.new_plan_years.apply(self.user, self.now)
        self.new_months.apply(self.user, self.now)
        for writes in self.writes:
            writes.apply(self.user, self.now)
            if writes.model is Item:
                self._apply_co_units()
        for unit, group in self.group_moves:
            set_unit_group(unit, self.year, group)

    def _apply_co_units(self) -> None:
        through = Item.co_units.through
        if self.co_unit_resets:
            through.objects.filter(item_id__in=self.co_unit_resets).delete()
        links = [
            NewRow(item=item, unit=unit) for item, units in self.co_unit_links for unit in units
        ]
        insert_rows(through, links, None, now=self.now)
