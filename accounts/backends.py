"""Logging in, with no permission of its own."""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections

from actions.models import Unit
from actions.sql import columns, instance


class LoginBackend(ModelBackend):
    """Django's username-and-password login, answering no permission.

    Who may do what is accounts/rules.py alone (the ObjectPermissionBackend before this
    one). ModelBackend would also grant rows of its permission tables, edited in the
    admin: a second, invisible place for the same rule, read with two queries on every
    request where a rule says no.
    """

    def get_user(self, user_id):
        """The logged-in user of a request, with the unit every page's header names (one
        query, not two): what `select_related("unit").get(pk=user_id)` gives, read by
        SQL written once (actions.sql), since every page asks."""
        model = get_user_model()
        connection = connections[model._default_manager.db]
        with connection.cursor() as cursor:
            cursor.execute(_user_sql(model), [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        user = instance(model, row, connection)
        unit_field = model._meta.get_field("unit")
        unit = None
        if user.unit_id is not None:
            unit = instance(Unit, row, connection, start=len(model._meta.concrete_fields))
        unit_field.set_cached_value(user, unit)  # as select_related leaves it, None too
        return user if self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()


@functools.cache
def _user_sql(model) -> str:
    user, unit = model._meta.db_table, Unit._meta.db_table
    unit_id, pk = model._meta.get_field("unit").column, model._meta.pk.column
    return (
        f"SELECT {columns(model, 'u')}, {columns(Unit, 'n')} "
        f'FROM "{user}" u LEFT OUTER JOIN "{unit}" n ON u."{unit_id}" = n."{Unit._meta.pk.column}" '
        f'WHERE u."{pk}" = %s'
    )
