"""Who may do what with the outlets (对外发布: API keys, the public page, webhooks),
declared with the predicates of accounts/rules.py; django-rules imports this module
when the apps are ready."""

from accounts.rules import declare, is_office

PERMISSIONS = {
    "outlets.manage": is_office,
}
declare(PERMISSIONS)
