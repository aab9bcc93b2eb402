"""``povdesk report …``: summary (R1–R3), deprivations (R4–R7), characteristics (R8), household
lists (R14/R15), plan targets, trends, and the full year-end report.

Every report prints a readable Vietnamese table by default, JSON with ``--json`` (the summary's
JSON is the contract of shared/design/cli.md) and writes a printable file with
``--out FILE.xlsx`` or ``--out FILE.pdf``. Heavy writers (xlsxwriter, reportlab) are imported
only when a file is written.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from povdesk.errors import InputRefused, PovdeskError

if TYPE_CHECKING:
    from povdesk.cli import Context
    from povdesk.reports.model import ReportDocument, ReportTable

OUT_SUFFIXES = (".xlsx", ".pdf")


def register(sub: Any) -> None:
    r = sub.add_parser("report", help="báo cáo tổng hợp, kế hoạch, xu hướng").add_subparsers(
        dest="sub", metavar="SUB"
    )
    p = r.add_parser("summary", help="kết quả rà soát (biểu 01) và diễn biến so với năm trước (biểu 02, 03)")
    _year_unit(p, compare=True)
    p.set_defaults(handler=cmd_summary)

    p = r.add_parser("deprivations", help="thiếu hụt các chỉ số của hộ nghèo, hộ cận nghèo (biểu 04–07)")
    _year_unit(p)
    p.set_defaults(handler=cmd_deprivations)

    p = r.add_parser("characteristics", help="đặc điểm hộ nghèo, hộ cận nghèo (biểu 08)")
    _year_unit(p)
    p.set_defaults(handler=cmd_characteristics)

    p = r.add_parser("list", help="danh sách hộ nghèo / hộ cận nghèo (biểu 14, 15)")
    p.add_argument("--year", type=int, required=True, help="năm rà soát")
    p.add_argument("--xa", help="mã xã")
    p.add_argument("--kind", choices=["poor", "near-poor"], default="poor", help="hộ nghèo hay hộ cận nghèo")
    p.add_argument("--compare", type=int, help="năm so sánh để xác định loại hộ (mặc định: năm trước)")
    _outputs(p)
    p.set_defaults(handler=cmd_list)

    p = r.add_parser("plan-set", help="đặt kế hoạch giảm hộ nghèo, hộ cận nghèo của xã (hoặc thôn) trong năm")
    _unit_key(p)
    p.add_argument("--poor", type=int, help="số hộ nghèo giảm theo kế hoạch")
    p.add_argument("--near-poor", type=int, help="số hộ cận nghèo giảm theo kế hoạch")
    p.add_argument("--note", help="ghi chú (ví dụ: số nghị quyết)")
    p.set_defaults(handler=cmd_plan_set)
    p = r.add_parser("plan-unset", help="xóa kế hoạch của xã (hoặc thôn) trong năm")
    _unit_key(p)
    p.set_defaults(handler=cmd_plan_unset)
    p = r.add_parser("plan", help="kết quả thực hiện kế hoạch giảm nghèo")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--compare", type=int, help="năm đầu kỳ (mặc định: năm trước)")
    p.add_argument("--xa", help="mã xã")
    _outputs(p)
    p.set_defaults(handler=cmd_plan)

    p = r.add_parser("trend-set", help="nhập số liệu tổng hợp của một năm chưa có dữ liệu từng hộ")
    _unit_key(p)
    p.add_argument("--households", type=int, required=True, help="tổng số hộ")
    p.add_argument("--poor", type=int, required=True, help="số hộ nghèo")
    p.add_argument("--near-poor", type=int, required=True, help="số hộ cận nghèo")
    p.add_argument("--note", help="nguồn số liệu (ví dụ: báo cáo số …)")
    p.set_defaults(handler=cmd_trend_set)
    p = r.add_parser("trend-unset", help="xóa số liệu tổng hợp đã nhập")
    _unit_key(p)
    p.set_defaults(handler=cmd_trend_unset)
    p = r.add_parser("trend", help="diễn biến hộ nghèo, hộ cận nghèo qua các năm")
    p.add_argument("--xa", help="mã xã")
    p.add_argument("--by", choices=["xa", "thon"], default="xa", help="theo xã hay theo thôn")
    p.add_argument("--from", dest="first", type=int, help="từ năm")
    p.add_argument("--to", dest="last", type=int, help="đến năm")
    _outputs(p)
    p.set_defaults(handler=cmd_trend)

    p = r.add_parser("all", help="toàn bộ báo cáo cuối năm của xã (các biểu, kế hoạch, xu hướng, biểu đồ)")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--compare", type=int, help="năm so sánh (mặc định: năm trước)")
    p.add_argument("--xa", help="mã xã")
    p.add_argument("--by", choices=["xa", "thon"], default="thon")
    p.add_argument("--out", required=True, help="tệp .xlsx hoặc .pdf")
    p.set_defaults(handler=cmd_all)


def _year_unit(p: argparse.ArgumentParser, *, compare: bool = False) -> None:
    p.add_argument("--year", type=int, required=True, help="năm rà soát")
    if compare:
        p.add_argument("--compare", type=int, help="năm so sánh (trước năm báo cáo)")
    p.add_argument("--by", choices=["xa", "thon"], default="xa", help="theo xã hay theo thôn")
    p.add_argument("--xa", help="chỉ một xã (mã xã)")
    _outputs(p)


def _outputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.add_argument("--out", help="ghi báo cáo in được: tệp .xlsx hoặc .pdf")


def _unit_key(p: argparse.ArgumentParser) -> None:
    p.add_argument("--xa", required=True, help="mã xã")
    p.add_argument("--thon", help="tên thôn (bỏ trống: cả xã)")
    p.add_argument("--year", type=int, required=True, help="năm")


# --- helpers --------------------------------------------------------------------------------


def _check_out(path: str | None) -> None:
    if path is not None and not path.lower().endswith(OUT_SUFFIXES):
        raise InputRefused(f"Tệp báo cáo phải có đuôi .xlsx hoặc .pdf (nhận được '{path}')")


def _write(ctx: Context, path: str, doc: ReportDocument) -> None:
    from povdesk.reports.document import write

    try:
        write(path, doc)
    except OSError as e:
        raise PovdeskError(f"Không ghi được tệp báo cáo '{path}': {e.strerror or e}") from e
    ctx.err(f"Đã ghi báo cáo: {path}")


def _print_tables(ctx: Context, tables: Sequence[ReportTable], lines: Sequence[str] = ()) -> None:
    from povdesk.reports.document import render_text

    for line in lines:
        ctx.say(line)
    for t in tables:
        ctx.say("")
        ctx.say(render_text(t))


# --- handlers -------------------------------------------------------------------------------


def cmd_summary(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.reports.document import headline, summary_document
    from povdesk.reports.plans import build_plan_report
    from povdesk.reports.summary import build_summary

    _check_out(args.out)
    ws = ctx.workspace()
    wants_tables = args.out is not None or not args.json  # persons and plans only for tables
    report = build_summary(
        ws, args.year, compare=args.compare, by=args.by, ma_xa=args.xa, persons=wants_tables
    )
    if args.json:
        ctx.out(report.to_json())
    if not wants_tables:
        return 0
    plan = build_plan_report(ws, args.year, compare=args.compare, ma_xa=args.xa) if args.compare else None
    if args.out:
        _write(ctx, args.out, summary_document(ws, report, plan))
    if not args.json and not args.out:
        tables = report.tables() + (plan.tables() if plan else [])
        _print_tables(ctx, tables, headline(report))
        for p in plan.paragraphs() if plan else []:
            ctx.say(p.text)
    return 0


def _simple(ctx: Context, args: argparse.Namespace, report: Any, title: str, charts: bool = True) -> int:
    from povdesk.reports.document import make_document

    if args.json:
        ctx.out(report.to_json())
    if args.out:
        sections = [*report.tables(), *(report.charts() if charts and hasattr(report, "charts") else [])]
        _write(ctx, args.out, make_document(ctx.workspace(), getattr(report, "ma_xa", None), title, sections))
    if not args.json and not args.out:
        _print_tables(ctx, report.tables())
    return 0


def cmd_deprivations(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.reports.deprivations import build_deprivations

    _check_out(args.out)
    report = build_deprivations(ctx.workspace(), args.year, by=args.by, ma_xa=args.xa)
    title = f"BÁO CÁO THIẾU HỤT CÁC CHỈ SỐ DỊCH VỤ XÃ HỘI CƠ BẢN NĂM {args.year}"
    return _simple(ctx, args, report, title)


def cmd_characteristics(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.reports.characteristics import build_characteristics

    _check_out(args.out)
    report = build_characteristics(ctx.workspace(), args.year, by=args.by, ma_xa=args.xa)
    return _simple(ctx, args, report, f"BÁO CÁO ĐẶC ĐIỂM HỘ NGHÈO, HỘ CẬN NGHÈO NĂM {args.year}")


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.reports.lists import build_household_list

    _check_out(args.out)
    klass = "poor" if args.kind == "poor" else "near_poor"
    report = build_household_list(ctx.workspace(), args.year, klass, ma_xa=args.xa, compare=args.compare)
    word = "HỘ NGHÈO" if klass == "poor" else "HỘ CẬN NGHÈO"
    return _simple(ctx, args, report, f"DANH SÁCH {word} NĂM {args.year}", charts=False)


def cmd_plan_set(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.reports.plans import Plan, set_plan

    plan = Plan(args.xa, args.year, args.poor, args.near_poor, args.thon, args.note)
    set_plan(ctx.workspace(), plan)
    ctx.err(f"Đã lưu kế hoạch năm {args.year} của {plan.unit_code}")
    return 0


def cmd_plan_unset(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.errors import NotFound
    from povdesk.reports.plans import delete_plan

    if not delete_plan(ctx.workspace(), args.xa, args.year, args.thon):
        raise NotFound(
            f"Không có kế hoạch năm {args.year} của {args.xa}{'/' + args.thon if args.thon else ''}"
        )
    ctx.err("Đã xóa kế hoạch")
    return 0


def cmd_plan(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.reports.document import make_document
    from povdesk.reports.plans import build_plan_report

    _check_out(args.out)
    ws = ctx.workspace()
    report = build_plan_report(ws, args.year, compare=args.compare, ma_xa=args.xa)
    if args.json:
        ctx.out(report.to_json())
    if args.out:
        title = f"BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH GIẢM NGHÈO NĂM {args.year}"
        _write(ctx, args.out, make_document(ws, args.xa, title, [*report.tables(), *report.paragraphs()]))
    if not args.json and not args.out:
        if not report.results:
            ctx.say(f"Chưa có kế hoạch nào cho năm {args.year}")
        _print_tables(ctx, report.tables(), [p.text for p in report.paragraphs()])
    return 0


def cmd_trend_set(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.reports.trends import TypedTotal, set_total

    t = TypedTotal(args.xa, args.year, args.households, args.poor, args.near_poor, args.thon, args.note)
    ws = ctx.workspace()
    set_total(ws, t)
    ctx.err(f"Đã lưu số liệu năm {args.year} của {t.unit_code}")
    has_data = ws.conn.execute(
        "SELECT 1 FROM households WHERE ma_xa=? AND nam_ra_soat=? AND (? IS NULL OR thon=?) LIMIT 1",
        (args.xa, args.year, args.thon, args.thon),
    ).fetchone()
    if has_data:
        ctx.err(
            f"Cảnh báo: năm {args.year} đã có dữ liệu từng hộ; báo cáo xu hướng dùng dữ liệu hộ, không dùng số nhập"
        )
    return 0


def cmd_trend_unset(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.errors import NotFound
    from povdesk.reports.trends import delete_total

    if not delete_total(ctx.workspace(), args.xa, args.year, args.thon):
        raise NotFound(
            f"Không có số liệu nhập năm {args.year} của {args.xa}{'/' + args.thon if args.thon else ''}"
        )
    ctx.err("Đã xóa số liệu tổng hợp")
    return 0


def cmd_trend(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.reports.trends import build_trend

    _check_out(args.out)
    report = build_trend(ctx.workspace(), by=args.by, ma_xa=args.xa, first=args.first, last=args.last)
    return _simple(ctx, args, report, "BÁO CÁO DIỄN BIẾN HỘ NGHÈO, HỘ CẬN NGHÈO QUA CÁC NĂM")


def cmd_all(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.reports.document import full_document

    _check_out(args.out)
    doc = full_document(ctx.workspace(), args.year, compare=args.compare, ma_xa=args.xa, by=args.by)
    _write(ctx, args.out, doc)
    return 0
