"""Logins and their roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REPORTER = "reporter", _("填报员")
    UNIT_HEAD = "unit_head", _("单位负责人")
    LEADER = "leader", _("领导")
    OFFICE = "office", _("考核办")
    ADMIN = "admin", _("系统管理员")


UNIT_ROLES = (Role.REPORTER, Role.UNIT_HEAD)


def role_flags(role: str) -> dict[str, bool]:
    """Django's flags that follow from a role: the office and the system administrator
    open the admin (is_staff); only the system administrator is a superuser."""
    return {"is_staff": role in (Role.OFFICE, Role.ADMIN), "is_superuser": role == Role.ADMIN}


class User(AbstractUser):
    """A login. Reporters and unit heads belong to exactly one unit (单位)."""

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.LEADER)
    unit = models.ForeignKey(
        "actions.Unit",
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    # The district official (领导) a leader's login stands for: comments and assignments
    # are made in that official's name, and "我领办的行动" follows the actions they lead.
    official = models.ForeignKey(
        "actions.Official",
        verbose_name=_("对应领导"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logins",
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role__in=UNIT_ROLES) & Q(unit__isnull=False))
                | (~Q(role__in=UNIT_ROLES) & Q(unit__isnull=True)),
                name="user_unit_iff_unit_role",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def give_role(self, role: str) -> None:
        """Take `role` with the flags it gives (role_flags); the caller saves."""
        self.role = role
        for flag, value in role_flags(role).items():
            setattr(self, flag, value)

    def has_perm(self, perm: str, obj=None) -> bool:
        """PermissionsMixin.has_perm, answered once per login object for a permission
        without an object: the menu and the page ask the same dozen on every request, and
        Django builds every authentication backend anew for each question. Such an answer
        depends only on the facts below (accounts/rules.py: the role predicates), so it is
        keyed by them and a changed role is asked afresh."""
        if obj is not None:
            return super().has_perm(perm, obj)
        key = (perm, self.role, self.unit_id, self.is_active, self.is_superuser)
        answers = self.__dict__.setdefault("_perm_answers", {})
        if key not in answers:
            answers[key] = super().has_perm(perm)
        return answers[key]

    @property
    def is_office(self) -> bool:
        return self.role in (Role.OFFICE, Role.ADMIN) or self.is_superuser

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def sees_district(self) -> bool:
        """Leaders and the office read the whole district, published or not."""
        return self.is_office or self.is_leader

    @property
    def is_unit_member(self) -> bool:
        return self.role in UNIT_ROLES and self.unit_id is not None
