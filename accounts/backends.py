"""Logging in, with no permission of its own."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class LoginBackend(ModelBackend):
    """Django's username-and-password login, answering no permission.

    Who may do what is accounts/rules.py alone (the ObjectPermissionBackend before this
    one). ModelBackend would also grant rows of its permission tables, edited in the
    admin: a second, invisible place for the same rule, read with two queries on every
    request where a rule says no.
    """

    def get_user(self, user_id):
        """The logged-in user of a request, with the unit every page's header names (one
        query, not two)."""
        try:
            user = get_user_model()._default_manager.select_related("unit").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()
