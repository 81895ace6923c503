"""Who may do what at the meeting (晒比会), declared with the predicates of
accounts/rules.py; django-rules imports this module when the apps are ready."""

from accounts.rules import (
    admin_permissions,
    declare,
    is_office,
    is_unit_member,
    may_comment,
    member_of_item_unit,
    no_object,
    sees_district,
)

PERMISSIONS = {
    "meetings.read_meeting": sees_district,  # the meeting page, rating screens
    "meetings.comment": may_comment,
    "meetings.assign": may_comment,
    "meetings.read_assignments": sees_district | is_unit_member,
    "meetings.report_progress": is_unit_member & (no_object | member_of_item_unit),
    "meetings.close_assignment": is_office,  # close (销号) or return
    "meetings.run_rating": is_office,
    "meetings.export_district": sees_district,
    "meetings.export_unit": is_unit_member,
    "meetings.edit_notice": is_office,  # the month's 通报
    # The office reads comments and ratings in the admin; no one edits them there.
    **admin_permissions(
        "meetings",
        is_office,
        ("comment", "assignment", "ratingsession", "vote"),
        verbs=("view",),
    ),
}
declare(PERMISSIONS)
