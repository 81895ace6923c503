"""Logging in, with no permission of its own."""

from django.contrib.auth.backends import ModelBackend


class LoginBackend(ModelBackend):
    """Django's username-and-password login, answering no permission.

    Who may do what is accounts/rules.py alone (the ObjectPermissionBackend before this
    one). ModelBackend would also grant rows of its permission tables, edited in the
    admin: a second, invisible place for the same rule, read with two queries on every
    request where a rule says no.
    """

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()
