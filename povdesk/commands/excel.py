"""Commands ``import`` and ``export``: the household review workbook (shared/design/cli.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from povdesk.errors import ValidationError
from povdesk.progress import Progress, ProgressFn

if TYPE_CHECKING:
    import argparse

    from povdesk.cli import Context


def register(sub: Any) -> None:
    p = sub.add_parser("import", help="nhập sổ rà soát Excel (.xlsx): tất cả hoặc không")
    p.add_argument("workbook", help="tệp sổ rà soát (.xlsx)")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.add_argument("--errors", metavar="OUT.xlsx", help="nếu bị từ chối: ghi sổ Excel đánh dấu các ô lỗi")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và phân loại, không ghi gì")
    p.add_argument("--workers", type=int, default=None, help="số tiến trình kiểm tra song song (0: không)")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", help="xuất sổ rà soát Excel (.xlsx)")
    p.add_argument("out", help="tệp sẽ ghi (.xlsx)")
    p.add_argument("--year", type=int, help="năm rà soát")
    p.add_argument("--xa", help="mã xã")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(handler=cmd_export)


def _progress() -> ProgressFn | None:
    """A one-line progress display on an interactive terminal (nothing otherwise)."""
    if not sys.stderr.isatty():
        return None

    def show(p: Progress) -> None:
        total = f"/{p.total}" if p.total else ""
        sys.stderr.write(f"\r{p.label}: {p.done}{total}\033[K")
        sys.stderr.flush()

    return show


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.excel import import_workbook, write_error_workbook

    path = Path(args.workbook)
    ws = ctx.workspace()
    progress = _progress()
    try:
        report = import_workbook(ws, path, progress=progress, dry_run=args.dry_run, workers=args.workers)
    except ValidationError as e:
        if progress is not None:
            sys.stderr.write("\n")
        ctx.err(f"{e.summary} ({len(e.errors)} lỗi):")
        for p in e.problems:
            tag = (
                ("Lỗi" if p.is_error else "Cảnh báo")
                if ctx.lang == "vi"
                else ("Error" if p.is_error else "Warning")
            )
            value = f" [giá trị: {p.value}]" if p.value else ""
            ctx.err(f"{tag}: {p}{value}")
        if args.errors:
            out = write_error_workbook(e.problems, path, args.errors)
            ctx.err(f"Đã ghi sổ đánh dấu lỗi: {out}")
        return e.exit_code
    if progress is not None:
        sys.stderr.write("\n")
    if args.json:
        ctx.out(report.to_json())
    else:
        verb = "Kiểm tra xong (không ghi)" if report.dry_run else "Đã nhập"
        ctx.say(
            f"{verb} {report.households} hộ, {report.members} thành viên: thêm mới {report.inserted}, "
            f"cập nhật {report.updated}, không đổi {report.unchanged}"
        )
        ctx.problems(report.warnings)
    return 0


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.excel import export_workbook

    progress = _progress()
    report = export_workbook(ctx.workspace(), args.out, year=args.year, ma_xa=args.xa, progress=progress)
    if progress is not None:
        sys.stderr.write("\n")
    if args.json:
        ctx.out({"households": report.households, "members": report.members, "path": str(report.path)})
    else:
        ctx.say(f"Đã xuất {report.households} hộ, {report.members} thành viên vào {report.path}")
    return 0
