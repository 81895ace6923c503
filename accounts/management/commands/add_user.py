import sys

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role
from accounts.services import UserError, create_user


class Command(BaseCommand):
    help = "创建登录账号：add_user NAME --role ROLE [--unit CODE] --password-stdin"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help=", ".join(Role.values))
        parser.add_argument("--unit", dest="unit_code", help="单位编码（填报员、单位负责人必填）")
        parser.add_argument("--name", dest="display_name", default="", help="显示姓名")
        parser.add_argument(
            "--official", dest="official_name", default="", help="领导账号对应的领导姓名"
        )
        parser.add_argument(
            "--password-stdin", action="store_true", help="从标准输入读取密码（第一行）"
        )
        parser.add_argument("--replace", action="store_true", help="用户已存在时更新其角色和密码")

    def handle(
        self,
        *args,
        username,
        role,
        unit_code,
        display_name,
        official_name,
        password_stdin,
        replace,
        **kw,
    ):
        if not password_stdin:
            raise CommandError("请用 --password-stdin 从标准输入提供密码")
        password = sys.stdin.readline().rstrip("\r\n")
        try:
            user = create_user(
                username,
                role=role,
                password=password,
                unit_code=unit_code,
                display_name=display_name,
                official_name=official_name,
                replace=replace,
            )
        except UserError as exc:
            raise CommandError(str(exc)) from exc
        unit = f"，单位 {user.unit.name}" if user.unit else ""
        self.stdout.write(f"已创建用户 {user.username}（{user.get_role_display()}{unit}）")
