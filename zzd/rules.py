"""Who may do what with 浙政钉 (linking logins to 浙政钉 accounts), declared with the
predicates of accounts/rules.py; django-rules imports this module when the apps are
ready."""

from accounts.rules import declare, is_office

PERMISSIONS = {
    "zzd.link_accounts": is_office,
}
declare(PERMISSIONS)
