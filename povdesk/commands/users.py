"""``povdesk user …`` — accounts and roles; and how every command signs in.

Passwords never appear on the command line (they would show in the process list and the shell
history): the signing-in password comes from ``POVDESK_PASSWORD`` or a no-echo prompt, a new
password from ``POVDESK_NEW_PASSWORD`` or a prompt asked twice.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING, Any

from povdesk.errors import InputRefused, PermissionDenied
from povdesk.users import Role

if TYPE_CHECKING:
    from povdesk.cli import Context
    from povdesk.workspace import Workspace

PASSWORD_ENV = "POVDESK_PASSWORD"
NEW_PASSWORD_ENV = "POVDESK_NEW_PASSWORD"
ROLE_CHOICES = [r.value for r in Role]


def sign_in(ws: Workspace, name: str) -> None:
    """Sign the CLI's workspace in as ``name`` once the file has accounts (exit 3 if refused)."""
    if not ws.users.any():
        return
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise PermissionDenied(
                f"Tệp dữ liệu có tài khoản: cần --user TÊN và mật khẩu (biến môi trường {PASSWORD_ENV}"
                " hoặc nhập khi được hỏi)"
            )
        password = getpass.getpass(f"Mật khẩu của {name}: ")
    ws.users.login(name, password)


def _new_password(prompt_name: str) -> str:
    env = os.environ.get(NEW_PASSWORD_ENV)
    if env is not None:
        return env
    if not sys.stdin.isatty():
        raise InputRefused(
            f"Cần mật khẩu mới: đặt biến môi trường {NEW_PASSWORD_ENV} hoặc chạy trong cửa sổ lệnh"
        )
    first = getpass.getpass(f"Mật khẩu mới cho {prompt_name}: ")
    if getpass.getpass("Nhập lại mật khẩu mới: ") != first:
        raise InputRefused("Hai lần nhập mật khẩu không khớp")
    return first


def register(sub: Any) -> None:
    u = sub.add_parser("user", help="tài khoản người dùng và vai trò").add_subparsers(
        dest="sub", metavar="SUB"
    )
    p = u.add_parser("add", help="thêm tài khoản (tài khoản đầu tiên phải là quản trị); mật khẩu mới lấy từ "
                     f"{NEW_PASSWORD_ENV} hoặc nhập khi được hỏi")  # fmt: skip
    p.add_argument("name", help="tên đăng nhập (a-z, 0-9, . _ -)")
    p.add_argument(
        "--role", required=True, help=f"vai trò: {', '.join(f'{r.value} ({r.label})' for r in Role)}"
    )
    p.add_argument("--full-name", help="họ tên")
    p.set_defaults(handler=cmd_add)
    p = u.add_parser("list", help="liệt kê tài khoản")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    p = u.add_parser("passwd", help="đổi mật khẩu của mình (hoặc của NAME, nếu là quản trị)")
    p.add_argument("name", nargs="?")
    p.set_defaults(handler=cmd_passwd)
    p = u.add_parser("role", help="đổi vai trò của một tài khoản")
    p.add_argument("name")
    p.add_argument("role")
    p.set_defaults(handler=cmd_role)
    for name, fn, text in (("disable", cmd_disable, "vô hiệu hóa tài khoản"),
                           ("enable", cmd_enable, "kích hoạt lại tài khoản"),
                           ("unlock", cmd_unlock, "mở khóa tài khoản bị khóa do nhập sai mật khẩu")):  # fmt: skip
        p = u.add_parser(name, help=text)
        p.add_argument("name")
        p.set_defaults(handler=fn)
    p = u.add_parser("whoami", help="người dùng hiện tại và vai trò")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_whoami)


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    role = Role.parse(args.role)
    first = not ws.users.any()
    ws.users.add(args.name, role, _new_password(args.name), full_name=args.full_name)
    ctx.err(f"Đã tạo tài khoản {args.name.lower()} ({role.label})")
    if first:
        ctx.err("Từ nay mọi lệnh cần --user TÊN và mật khẩu (POVDESK_PASSWORD hoặc nhập khi được hỏi)")
    return 0


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    ws.users.require("user.manage")
    users = ws.users.all()
    if args.json:
        ctx.out([{"name": u.name, "full_name": u.full_name, "role": u.role.value, "active": u.active,
                  "locked_until": u.locked_until, "created_at": u.created_at} for u in users])  # fmt: skip
        return 0
    for u in users:
        state = "hoạt động" if u.active else "vô hiệu"
        if u.locked_until:
            state += f", khóa đến {u.locked_until}"
        ctx.say(f"{u.name}\t{u.role.label}\t{u.full_name or ''}\t{state}")
    return 0


def cmd_passwd(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    actor = ws.users.require_signed_in()
    name = (args.name or actor.name).lower()
    own = name == actor.name and not actor.local
    old = os.environ.get(PASSWORD_ENV) if own else None
    ws.users.set_password(name, _new_password(name), old_password=old)
    ctx.err(f"Đã đổi mật khẩu của {name}")
    return 0


def cmd_role(ctx: Context, args: argparse.Namespace) -> int:
    role = Role.parse(args.role)
    ctx.workspace().users.set_role(args.name, role)
    ctx.err(f"Đã đổi vai trò của {args.name} thành {role.label}")
    return 0


def cmd_disable(ctx: Context, args: argparse.Namespace) -> int:
    ctx.workspace().users.set_active(args.name, False)
    ctx.err(f"Đã vô hiệu hóa tài khoản {args.name}")
    return 0


def cmd_enable(ctx: Context, args: argparse.Namespace) -> int:
    ctx.workspace().users.set_active(args.name, True)
    ctx.err(f"Đã kích hoạt tài khoản {args.name}")
    return 0


def cmd_unlock(ctx: Context, args: argparse.Namespace) -> int:
    ctx.workspace().users.unlock(args.name)
    ctx.err(f"Đã mở khóa tài khoản {args.name}")
    return 0


def cmd_whoami(ctx: Context, args: argparse.Namespace) -> int:
    actor = ctx.workspace().users.require_signed_in()
    if args.json:
        ctx.out({"name": actor.name, "role": actor.role.value, "single_user": actor.local})
    else:
        mode = " — chế độ một người dùng" if actor.local else ""
        ctx.say(f"{actor.name} ({actor.role.label}){mode}")
    return 0
