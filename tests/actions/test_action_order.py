"""The plan's order of actions (行动顺序): from the 行动 sheet's rows, editable, and used
instead of code order on the pages, boards, big screen and workbook."""

import pytest

from actions.models import Action
from meetings.screen import screen_steps
from reporting.ledger.importer import import_ledger
from scoring import services
from scoring.queries import load_month_boards
from tests.factories import ActionFactory, ItemFactory, MonthFactory, UnitFactory
from tests.reporting.ledger_workbooks import build_workbook, small_ledger

pytestmark = pytest.mark.django_db


def test_the_ledger_import_numbers_new_actions_by_their_rows(tmp_path):
    ledger = small_ledger()
    ledger["行动"] = [
        {"行动编码": "X9", "行动名称": "数字赋能", "领办领导": "王五", "牵头单位编码": "A01"},
        {"行动编码": "X1", "行动名称": "城市更新", "领办领导": "王五", "牵头单位编码": "A01"},
    ]
    assert import_ledger(build_workbook(tmp_path / "l.xlsx", ledger)).ok
    assert list(Action.objects.values_list("code", "order")) == [("X9", 1), ("X1", 2)]

    # The office reorders; importing the same ledger again keeps the office's order.
    Action.objects.filter(code="X1").update(order=0)
    result = import_ledger(build_workbook(tmp_path / "l.xlsx", ledger))
    assert result.ok and not result.changed
    assert list(Action.objects.values_list("code", flat=True)) == ["X1", "X9"]


def test_boards_and_the_big_screen_list_actions_in_the_plans_order():
    unit = UnitFactory(code="A01")
    last = ActionFactory(code="A", name="城市更新", order=2, lead_unit=unit)
    first = ActionFactory(code="Z", name="数字赋能", order=1, lead_unit=unit)
    ItemFactory(code="A-001", action=last, lead_unit=unit)
    ItemFactory(code="Z-001", action=first, lead_unit=unit)
    month = MonthFactory(year=2022, number=3)
    services.compute_month(month)

    boards = load_month_boards("2022-03", preview=True)
    assert [row.item_code for row in boards.items] == ["Z-001", "A-001"]
    # Both score 0 and tie: the tie is listed in the plan's order, not by code.
    assert [row.action_name for row in boards.actions] == ["数字赋能", "城市更新"]
    slides = [step.title for step in screen_steps(boards) if step.kind == "action"]
    assert slides == ["数字赋能", "城市更新"]
