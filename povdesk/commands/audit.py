"""``povdesk audit …`` — verify the hash-chained audit log, list entries, print the anchor."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from povdesk.audit import parse_anchor

if TYPE_CHECKING:
    from povdesk.cli import Context

#: Exit code of ``audit verify`` when the log was tampered with ("anything else" in cli.md).
TAMPERED = 1


def register(sub: Any) -> None:
    a = sub.add_parser("audit", help="nhật ký kiểm tra (ai làm gì, khi nào)").add_subparsers(
        dest="sub", metavar="SUB"
    )
    p = a.add_parser("verify", help="kiểm tra nhật ký có bị sửa, xóa hoặc đảo thứ tự không (lỗi: mã thoát 1)")
    p.add_argument("--anchor", help="mốc đã ghi lại từ 'audit head' (SỐ:MÃ_BĂM)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_verify)
    p = a.add_parser("head", help="mốc hiện tại của nhật ký (ghi lại để đối chiếu về sau)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_head)
    p = a.add_parser("list", help="liệt kê các mục nhật ký")
    p.add_argument(
        "--entity", help="loại: review, user, operation, meeting, posting, complaint, request, setting"
    )
    p.add_argument("--id", dest="entity_id", help="mã đối tượng (số lượt rà soát, tên tài khoản …)")
    p.add_argument("--xa", help="mã xã (cùng --ma, --year: nhật ký của một hộ)")
    p.add_argument("--ma", help="mã hộ")
    p.add_argument("--year", type=int, help="năm rà soát")
    p.add_argument("--by", dest="by_user", help="người thực hiện")
    p.add_argument("--since", help="từ thời điểm (ISO, ví dụ 2025-10-01)")
    p.add_argument("--limit", type=int, default=200, help="số mục mới nhất (mặc định 200)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)


def cmd_verify(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    report = ws.audit.verify(anchor=parse_anchor(args.anchor) if args.anchor else None)
    if args.json:
        ctx.out({"ok": report.ok, "entries": report.entries, "operations": report.operations,
                 "head": report.head, "problems": list(report.problems)})  # fmt: skip
    if report.ok:
        ctx.err(
            f"Nhật ký nguyên vẹn: {report.entries} mục, {report.operations} thao tác; mốc {report.entries}:{report.head}"
        )
        return 0
    ctx.err(f"Nhật ký KHÔNG nguyên vẹn ({len(report.problems)} vấn đề):")
    for p in report.problems:
        ctx.err(f"  - {p}")
    return TAMPERED


def cmd_head(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    ws.users.require("audit.read")
    n, h = ws.audit.head()
    if args.json:
        ctx.out({"id": n, "hash": h, "anchor": f"{n}:{h}"})
    else:
        ctx.say(f"{n}:{h}")
    return 0


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    ws.users.require("audit.read")
    subject = f"{args.xa}/{args.ma}/{args.year}" if args.xa and args.ma and args.year else None
    rows = ws.audit.entries(entity=args.entity, entity_id=args.entity_id, subject=subject, user=args.by_user,
                            since=args.since, limit=args.limit)  # fmt: skip
    if args.json:
        ctx.out(rows)
        return 0
    for r in rows:
        what = r["field"] + ": " if r["field"] else ""
        change = f"{r['old']} → {r['new']}" if r["old"] is not None else (r["new"] or "")
        why = f" ({r['reason']})" if r["reason"] else ""
        target = " ".join(str(x) for x in (r["entity"], r["entity_id"], r["subject"]) if x)
        ctx.say(f"#{r['id']}  {r['at']}  {r['user']}  {r['action']}  {target}  {what}{change}{why}")
    return 0
