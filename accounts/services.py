"""Writes on logins: every way of creating one (command, demo, admin) goes through here."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from actions.models import Official, Unit

from .models import UNIT_ROLES, Role, User


class UserError(ValueError):
    """A login that cannot be created as asked; the message is for the person asking."""


@transaction.atomic
def create_user(
    username: str,
    *,
    role: str,
    password: str,
    unit_code: str | None = None,
    display_name: str = "",
    official_name: str = "",
    replace: bool = False,
) -> User:
    """Create (or with replace=True, update) a login with a role and, for unit roles, a
    unit; a leader's login may name the official (领导) it stands for."""
    if role not in Role.values:
        raise UserError(
            _("未知角色 %(role)s，应为：%(roles)s")
            % {"role": role, "roles": ", ".join(Role.values)}
        )
    unit = None
    if role in UNIT_ROLES:
        if not unit_code:
            raise UserError(_("角色 %(role)s 必须用 --unit 指定所属单位编码") % {"role": role})
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise UserError(_("未知单位编码 %(code)s") % {"code": unit_code})
    elif unit_code:
        raise UserError(_("角色 %(role)s 不属于任何单位，请去掉 --unit") % {"role": role})
    official = None
    if official_name:
        if role != Role.LEADER:
            raise UserError(_("只有领导账号可以指定对应领导（--official）"))
        official = Official.objects.filter(name=official_name).first()
        if official is None:
            raise UserError(
                _("未知领导 %(name)s（请先在台账“领导”表中导入）") % {"name": official_name}
            )
    if not password:
        raise UserError(_("密码不能为空"))
    user = User.objects.filter(username=username).first()
    if user is not None and not replace:
        raise UserError(_("用户名 %(name)s 已存在") % {"name": username})
    if user is None:
        user = User(username=username)
    user.give_role(role)
    user.unit = unit
    user.display_name = display_name or user.display_name
    if official is not None or role != Role.LEADER:
        user.official = official
    try:
        # The same validators as the admin's password form (AUTH_PASSWORD_VALIDATORS).
        validate_password(password, user)
    except ValidationError as exc:
        raise UserError(
            _("密码不符合要求：%(reasons)s") % {"reasons": " ".join(exc.messages)}
        ) from exc
    user.set_password(password)
    user.save()  # what the role may do, in the admin too, is accounts/rules.py's
    return user
