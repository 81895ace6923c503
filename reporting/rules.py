"""Who may do what in the monthly cycle (月报流程), declared with the predicates of
accounts/rules.py; django-rules imports this module when the apps are ready."""

from accounts.rules import (
    declare,
    head_of_item_unit,
    is_office,
    is_unit_head,
    is_unit_member,
    member_of_item_unit,
    no_object,
    sees_district,
)

PERMISSIONS = {
    "reporting.open_month": is_office,
    "reporting.close_month": is_office,
    "reporting.review_reports": is_office,  # accept, return, reopen; the 未报送 list
    "reporting.fill_report": is_unit_member & (no_object | member_of_item_unit),
    "reporting.approve_report": is_unit_head & (no_object | head_of_item_unit),
    "reporting.return_report": is_office | (is_unit_head & (no_object | head_of_item_unit)),
    "reporting.read_district": sees_district,  # every unit's reports and items
    "reporting.manage_bonuses": is_office,
    "reporting.import_ledger": is_office,
}
declare(PERMISSIONS)
