"""Who may do what with the boards (榜单), declared with the predicates of
accounts/rules.py; django-rules imports this module when the apps are ready."""

from accounts.rules import admin_permissions, declare, is_office, sees_district

PERMISSIONS = {
    "scoring.read_preview": sees_district,
    "scoring.publish_month": is_office,
    "scoring.rescore_month": is_office,
    # The office reads score runs in the admin; no one edits them there.
    **admin_permissions(
        "scoring",
        is_office,
        ("scorerun", "itemresult", "unitresult", "actionresult"),
        verbs=("view",),
    ),
}
declare(PERMISSIONS)
