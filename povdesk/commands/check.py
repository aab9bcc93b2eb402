"""``povdesk check``: data quality — duplicates and consistency warnings (povdesk.quality).

    povdesk check [--year Y] [--xa CODE] [--json]          run the checks, print the report
    povdesk check pairs [--year Y] [--xa CODE] [--json]    duplicate pairs of the last check
    povdesk check show PAIR [--json]                       both sides of a pair in full
    povdesk check mark PAIR same|different [--reason T] [--keep a|b]
    povdesk check unmark PAIR
    povdesk check issues [--year Y] [--xa CODE] [--open] [--json]
    povdesk check accept KEY --reason T                    KEY = ma_xa/ma_ho/năm:loại[:stt,…]
    povdesk check unaccept KEY

Options of a subcommand go after its name. Issues are warnings: ``povdesk check`` exits 0
whatever it finds.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from povdesk.errors import InputRefused
from povdesk.progress import Progress
from povdesk.quality import CHECK_LABELS, DIFFERENT, SAME, PairSummary, QualityReport, Side
from povdesk.quality.facts import Scope
from povdesk.quality.report import issue_list, parse_issue_key
from povdesk.text import format_number

if TYPE_CHECKING:
    from povdesk.cli import Context


def register(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="kiểm tra chất lượng dữ liệu: trùng lặp và cảnh báo không hợp lý",
        description="Tìm người/hộ trùng lặp và các điểm không hợp lý; xem, xác nhận, gộp, chấp nhận cảnh báo.",
    )
    _scope_args(p)
    p.add_argument("--min-score", type=int, default=None, help="điểm tối thiểu của cặp trùng (mặc định 50)")
    p.add_argument("--quiet", action="store_true", help="không in tiến độ")
    p.set_defaults(handler=cmd_check)
    s = p.add_subparsers(dest="check_sub", metavar="SUB", required=False)

    q = s.add_parser("pairs", help="các cặp có thể trùng của lần kiểm tra gần nhất")
    _scope_args(q)
    q.add_argument("--kind", choices=["person", "household"])
    q.set_defaults(handler=cmd_pairs)

    q = s.add_parser("show", help="xem hai bên của một cặp")
    q.add_argument("pair")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_show)

    q = s.add_parser("mark", help="xác nhận một cặp là cùng một (same) hoặc khác nhau (different)")
    q.add_argument("pair")
    q.add_argument("decision", choices=[SAME, DIFFERENT])
    q.add_argument("--reason", help="lý do")
    q.add_argument("--keep", choices=["a", "b"], help="với same: gộp, giữ bên a hoặc b")
    q.set_defaults(handler=cmd_mark)

    q = s.add_parser("unmark", help="hủy quyết định về một cặp")
    q.add_argument("pair")
    q.set_defaults(handler=cmd_unmark)

    q = s.add_parser("issues", help="các cảnh báo của lần kiểm tra gần nhất")
    _scope_args(q)
    q.add_argument("--open", action="store_true", help="chỉ cảnh báo chưa được chấp nhận")
    q.set_defaults(handler=cmd_issues)

    q = s.add_parser("accept", help="chấp nhận một cảnh báo, kèm lý do")
    q.add_argument("key", help="mã cảnh báo: ma_xa/ma_ho/năm:loại[:stt,…] (xem 'povdesk check issues')")
    q.add_argument("--reason", required=True, help="lý do chấp nhận")
    q.set_defaults(handler=cmd_accept)

    q = s.add_parser("unaccept", help="bỏ chấp nhận một cảnh báo")
    q.add_argument("key")
    q.set_defaults(handler=cmd_unaccept)


def _scope_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="năm rà soát")
    p.add_argument("--xa", help="mã xã")
    p.add_argument("--json", action="store_true")


def _progress(ctx: Context, quiet: bool) -> Any:
    if quiet or ctx.json or not sys.stderr.isatty():
        return None

    def show(p: Progress) -> None:
        total = f"/{format_number(p.total)}" if p.total else ""
        sys.stderr.write(f"\r{p.label}: {format_number(p.done)}{total}   ")
        sys.stderr.flush()

    return show


# --- handlers -----------------------------------------------------------------------------------


def cmd_check(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    kw: dict[str, Any] = {"year": args.year, "ma_xa": args.xa, "progress": _progress(ctx, args.quiet)}
    if args.min_score is not None:
        kw["min_score"] = args.min_score
    report = ws.quality.run(**kw)
    if kw["progress"] is not None:
        sys.stderr.write("\n")
    issues = issue_list(ws.conn, Scope(args.year, args.xa))
    if args.json:
        ctx.out({**report.to_json(), "issues": [_issue_json(i) for i in issues]})
        return 0
    _print_report(ctx, report)
    _print_pairs(ctx, report.pairs)
    _print_issues(ctx, issues)
    return 0


def _scope_text(year: int | None, ma_xa: str | None) -> str:
    parts = [f"năm {year}" if year else "mọi năm", f"xã {ma_xa}" if ma_xa else "mọi xã"]
    return ", ".join(parts)


def _print_report(ctx: Context, r: QualityReport) -> None:
    n = format_number
    ctx.say(f"Kiểm tra dữ liệu — {_scope_text(r.year, r.ma_xa)}: {n(r.total)} hộ, "
            f"{n(r.with_issues)} hộ có vấn đề cần xem ({n(r.accepted)} hộ có cảnh báo đã chấp nhận)")  # fmt: skip
    for code, count in r.counts.items():
        ctx.say(f"  {r.labels[code]}: {n(count)} hộ")
    if r.stats is not None:
        s = r.stats
        ctx.say(f"  (quét trùng lặp: {n(s.people)} người, {n(s.candidates)} cặp được so sánh, "
                f"{n(s.seconds, 1)} giây)")  # fmt: skip
    ctx.say("")
    ctx.say("Theo xã, thôn:")
    for u in r.units:
        name = f"  {u.ten_xa} ({u.ma_xa})" if u.thon is None else f"    {u.thon}"
        detail = ", ".join(f"{code} {n(c)}" for code, c in u.counts.items())
        ctx.say(f"{name}: {n(u.total)} hộ, {n(u.with_issues)} có vấn đề" + (f" — {detail}" if detail else ""))


def _side_text(s: Side) -> str:
    base = f"{s.ma_xa}/{s.ma_ho}/{s.nam_ra_soat}"
    if s.stt is None:
        return f"{base} {s.chu_ho} ({s.thon})"
    pid = f", số ĐD {s.so_dinh_danh}" if s.so_dinh_danh else ""
    return f"{base} #{s.stt} {s.ho_ten} ({s.gioi_tinh}, {s.ngay_sinh}{pid})"


def _print_pairs(ctx: Context, pairs: tuple[PairSummary, ...] | list[PairSummary]) -> None:
    ctx.say("")
    ctx.say(f"Cặp có thể trùng: {format_number(len(pairs))}")
    for p in pairs:
        kind = "hộ" if p.kind == "household" else "người"
        status = " [đã xác nhận trùng, chưa gộp]" if p.decision == SAME else ""
        ctx.say(f"  {p.id}  {p.score:3d}  {kind:5s} a: {_side_text(p.a)}  ↔  b: {_side_text(p.b)}{status}")
        ctx.say(f"        {'; '.join(p.reasons)}")


def _print_issues(ctx: Context, issues: list[Any]) -> None:
    shown = [i for i in issues if i.issue.pair_id is None]
    ctx.say("")
    ctx.say(f"Cảnh báo từng hộ: {format_number(len(shown))}")
    for i in shown:
        accepted = f" [đã chấp nhận: {i.issue.reason}]" if i.issue.accepted else ""
        ctx.say(f"  {i.key}  {i.issue.message}{accepted}")


def _issue_json(i: Any) -> dict[str, Any]:
    return {"key": i.key, "ma_xa": i.ma_xa, "ma_ho": i.ma_ho, "nam_ra_soat": i.nam_ra_soat, "thon": i.thon,
            "label": CHECK_LABELS.get(i.issue.check, i.issue.check), **asdict(i.issue)}  # fmt: skip


def cmd_pairs(ctx: Context, args: argparse.Namespace) -> int:
    pairs = ctx.workspace().quality.pairs(year=args.year, ma_xa=args.xa, kind=args.kind)
    if args.json:
        ctx.out([p.to_json() for p in pairs])
    else:
        _print_pairs(ctx, pairs)
    return 0


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    q = ctx.workspace().quality
    p = q.pair(args.pair)
    a, b = q.pair_households(args.pair)
    if args.json:
        ctx.out({**p.to_json(), "household_a": a, "household_b": b})
        return 0
    ctx.say(
        f"Cặp {p.id} ({'hộ' if p.kind == 'household' else 'người'}), điểm {p.score}: {'; '.join(p.reasons)}"
    )
    for label, side, h in (("a", p.a, a), ("b", p.b, b)):
        ctx.say(f"--- {label}: {_side_text(side)}")
        ctx.say(f"    {h['chu_ho']} — {h['thon']}, {h.get('dia_chi') or ''}")
        for m in h["thanh_vien"]:
            mark = "*" if side.stt == m["stt"] else " "
            ctx.say(f"   {mark}{m['stt']:>3} {m['ho_ten']} ({m['quan_he']}, {m['gioi_tinh']}, {m['ngay_sinh']})"
                    + (f" số ĐD {m['so_dinh_danh']}" if m.get("so_dinh_danh") else ""))  # fmt: skip
    for mm in p.members:
        ctx.say(f"    trùng: a#{mm.stt_a} ↔ b#{mm.stt_b} ({mm.score}): {'; '.join(mm.reasons)}")
    return 0


def cmd_mark(ctx: Context, args: argparse.Namespace) -> int:
    ctx.workspace().quality.mark(args.pair, args.decision, reason=args.reason, keep=args.keep)
    what = "khác nhau" if args.decision == DIFFERENT else "cùng một"
    merged = f"; đã gộp, giữ bên {args.keep}" if args.keep else ""
    ctx.err(f"Đã ghi nhận cặp {args.pair}: {what}{merged}")
    return 0


def cmd_unmark(ctx: Context, args: argparse.Namespace) -> int:
    ctx.workspace().quality.unmark(args.pair)
    ctx.err(f"Đã hủy quyết định về cặp {args.pair}; lần kiểm tra sau sẽ xét lại")
    return 0


def cmd_issues(ctx: Context, args: argparse.Namespace) -> int:
    issues = issue_list(ctx.workspace().conn, Scope(args.year, args.xa), include_accepted=not args.open)
    if args.json:
        ctx.out([_issue_json(i) for i in issues])
    else:
        for i in issues:
            accepted = f" [đã chấp nhận: {i.issue.reason}]" if i.issue.accepted else ""
            ctx.say(f"{i.key}  {i.issue.message}{accepted}")
    return 0


def _household_id(ctx: Context, key: str) -> tuple[int, str, tuple[int, ...]]:
    try:
        ma_xa, ma_ho, year, check, members = parse_issue_key(key)
    except ValueError as e:
        raise InputRefused(str(e)) from e
    hid = ctx.workspace().households.require(ma_xa, ma_ho, year)
    return int(hid), check, members


def cmd_accept(ctx: Context, args: argparse.Namespace) -> int:
    hid, check, members = _household_id(ctx, args.key)
    ctx.workspace().quality.accept(hid, check, members, reason=args.reason)
    ctx.err(f"Đã chấp nhận cảnh báo {args.key}")
    return 0


def cmd_unaccept(ctx: Context, args: argparse.Namespace) -> int:
    hid, check, members = _household_id(ctx, args.key)
    ctx.workspace().quality.unaccept(hid, check, members)
    ctx.err(f"Đã bỏ chấp nhận cảnh báo {args.key}")
    return 0
