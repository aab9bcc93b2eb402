"""Official documents: ``print …``, ``verify-qr``, ``commune-settings``, ``register``.

``povdesk print certificates|escape|decision|posting-list|minutes|form … --out FILE.pdf``
(shared/design/cli.md). reportlab and the renderers are imported only when a command runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from povdesk.errors import InputRefused
from povdesk.text import parse_date

if TYPE_CHECKING:
    from povdesk.cli import Context
    from povdesk.progress import Progress


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _common(p: argparse.ArgumentParser, *, xa_required: bool = False, year: bool = True) -> None:
    if year:
        p.add_argument("--year", type=int, required=True, help="năm rà soát")
    p.add_argument("--xa", required=xa_required, help="mã xã")
    p.add_argument("--out", type=Path, required=True, help="tệp PDF (hoặc thư mục với --split)")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def register(sub: Any) -> None:
    pr = sub.add_parser("print", help="in văn bản: quyết định, giấy chứng nhận, danh sách, biên bản, mẫu đơn")
    ps = pr.add_subparsers(dest="doc", metavar="DOC")
    for name, helptext in (("certificates", "giấy chứng nhận hộ nghèo, hộ cận nghèo (Mẫu 03), mỗi hộ một giấy"),
                           ("escape", "quyết định công nhận thoát nghèo, thoát cận nghèo, mỗi hộ một bản")):  # fmt: skip
        p = ps.add_parser(name, help=helptext)
        _common(p)
        p.add_argument("--ma", action="append", help="chỉ in hộ có mã này (có thể lặp lại)")
        p.add_argument("--ngay", type=_date, help="ngày ký (dd/mm/yyyy; mặc định hôm nay)")
        p.add_argument("--split", action="store_true", help="mỗi hộ một tệp trong thư mục --out")
        p.add_argument("--preview", action="store_true", help="xem trước: không cấp số, không ghi sổ")
        p.set_defaults(handler=cmd_per_household)
    p = ps.add_parser("decision", help="quyết định công nhận danh sách (Mẫu 02) kèm các phụ lục")
    _common(p, xa_required=True)
    p.add_argument("--ngay", type=_date, help="ngày ký (dd/mm/yyyy; mặc định hôm nay)")
    p.add_argument("--so", type=int, help="số quyết định đã có (mặc định: số tiếp theo trong sổ)")
    p.add_argument("--preview", action="store_true", help="xem trước: không cấp số, không ghi sổ")
    p.set_defaults(handler=cmd_decision)
    p = ps.add_parser("posting-list", help="danh sách niêm yết công khai, mỗi thôn một phần")
    _common(p, xa_required=True)
    p.add_argument("--thon", help="chỉ thôn này")
    p.add_argument("--ngay", type=_date, help="ngày lập danh sách")
    p.add_argument("--tu", type=_date, help="niêm yết từ ngày")
    p.add_argument("--den", type=_date, help="niêm yết đến ngày")
    p.set_defaults(handler=cmd_posting)
    p = ps.add_parser("minutes", help="biên bản họp dân của một thôn")
    _common(p, xa_required=True)
    p.add_argument("--thon", required=True, help="tên thôn")
    p.add_argument("--ngay-hop", type=_date, help="ngày họp")
    p.add_argument("--gio", help="giờ họp, ví dụ '08 giờ 00'")
    p.add_argument("--dia-diem", help="địa điểm họp")
    p.add_argument("--chu-tri", help="người chủ trì")
    p.add_argument("--thu-ky", help="thư ký")
    p.add_argument("--so-nguoi", type=int, help="số người dự họp")
    p.add_argument("--so-ho", type=int, help="số hộ có đại diện dự họp")
    p.set_defaults(handler=cmd_minutes)
    p = ps.add_parser("form", help="mẫu đơn 01 hoặc 04: trống, hoặc điền sẵn theo hộ (--ma)")
    p.add_argument("kind", choices=["01", "04"])
    p.add_argument("--year", type=int, help="năm rà soát (khi điền sẵn)")
    p.add_argument("--xa", help="mã xã")
    p.add_argument("--ma", help="mã hộ để điền sẵn")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_form)

    p = sub.add_parser("verify-qr", help="kiểm tra mã QR trên giấy chứng nhận (nội dung mã, '-' là stdin)")
    p.add_argument("text")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_verify)

    cs = sub.add_parser(
        "commune-settings", help="thông tin xã dùng trên văn bản (chủ tịch, ký hiệu, nơi nhận…)"
    )
    css = cs.add_subparsers(dest="sub", metavar="SUB")
    p = css.add_parser("show", help="xem thiết lập")
    p.add_argument("--xa", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_settings_show)
    p = css.add_parser("set", help="đặt thiết lập: KEY=VALUE … (danh sách cách nhau |)")
    p.add_argument("--xa", required=True)
    p.add_argument("pairs", nargs="+", metavar="KEY=VALUE")
    p.set_defaults(handler=cmd_settings_set)

    rg = sub.add_parser("register", help="sổ đăng ký số văn bản và nhật ký in")
    rgs = rg.add_subparsers(dest="sub", metavar="SUB")
    p = rgs.add_parser("list", help="các số đã cấp")
    p.add_argument("--xa")
    p.add_argument("--year", type=int, help="năm cấp")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_register_list)
    p = rgs.add_parser("log", help="nhật ký in (mới nhất trước)")
    p.add_argument("--xa")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_register_log)
    p = rgs.add_parser("set-next", help="số tiếp theo của một loại văn bản (chỉ tăng)")
    p.add_argument("--xa", required=True)
    p.add_argument("--year", type=int, required=True, help="năm cấp")
    p.add_argument("--ky-hieu", required=True, help="QĐ-UBND, QĐ-CT hoặc GCN-HN.HCN")
    p.add_argument("--next", type=int, required=True)
    p.set_defaults(handler=cmd_register_next)
    p = rgs.add_parser("void", help="hủy một văn bản đã cấp (giữ số; lần in sau cấp số mới)")
    p.add_argument("id", type=int)
    p.add_argument("--ly-do", required=True)
    p.set_defaults(handler=cmd_register_void)


# --- handlers -------------------------------------------------------------------------------


def _progress(ctx: Context) -> Any:
    if ctx.json or not sys.stderr.isatty():
        return None

    def show(p: Progress) -> None:
        sys.stderr.write(f"\r{p.label}: {p.done}/{p.total or '?'}")
        if p.total and p.done >= p.total:
            sys.stderr.write("\n")

    return show


def _report(ctx: Context, rep: Any) -> int:
    if ctx.json:
        ctx.out(rep.as_json())
        return 0
    where = rep.files[0] if len(rep.files) == 1 else f"{len(rep.files)} tệp trong {rep.files[0].parent}"
    copies = f", {rep.copies} bản sao (in lại)" if rep.copies else ""
    ctx.err(f"Đã in {rep.documents} văn bản, {rep.pages} trang{copies}: {where}")
    return 0


def cmd_per_household(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.documents import jobs

    fn = jobs.print_certificates if args.doc == "certificates" else jobs.print_escapes
    rep = fn(ctx.workspace(), args.out, year=args.year, commune=args.xa, households=args.ma, date=args.ngay,
             split=args.split, preview=args.preview, progress=_progress(ctx))  # fmt: skip
    return _report(ctx, rep)


def cmd_decision(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.documents import jobs

    rep = jobs.print_decision(ctx.workspace(), args.out, year=args.year, commune=args.xa, date=args.ngay,
                              number=args.so, preview=args.preview)  # fmt: skip
    return _report(ctx, rep)


def cmd_posting(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.documents import jobs

    rep = jobs.print_posting_lists(ctx.workspace(), args.out, year=args.year, commune=args.xa, village=args.thon,
                                   date=args.ngay, period=(args.tu, args.den))  # fmt: skip
    return _report(ctx, rep)


def cmd_minutes(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.documents import jobs
    from povdesk.documents.viewmodels import MeetingInfo

    meeting = MeetingInfo(args.ngay_hop, args.gio, args.dia_diem, args.chu_tri, args.thu_ky, args.so_nguoi,
                          args.so_ho)  # fmt: skip
    rep = jobs.print_minutes(ctx.workspace(), args.out, year=args.year, commune=args.xa, village=args.thon,
                             meeting=meeting)  # fmt: skip
    return _report(ctx, rep)


def cmd_form(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.documents import jobs

    rep = jobs.print_form(ctx.workspace(), args.out, kind=args.kind, commune=args.xa, household=args.ma,
                          year=args.year)  # fmt: skip
    return _report(ctx, rep)


def cmd_verify(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.documents.verify import verify_qr

    text = sys.stdin.read() if args.text == "-" else args.text
    check = verify_qr(ctx.workspace(), text)
    if ctx.json:
        ctx.out(check.as_json())
    else:
        ctx.say(("HỢP LỆ" if check.valid else "KHÔNG HỢP LỆ") + f": {check.reason}")
    return 0 if check.valid else 2


def cmd_settings_show(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.documents.settings import KEYS, CommuneSettings

    values = CommuneSettings(ctx.workspace()).values(args.xa)
    if ctx.json:
        ctx.out(values)
        return 0
    for key, spec in KEYS.items():
        ctx.say(f"{key}\t{values[key].replace(chr(10), ' | ')}\t({spec.label})")
    return 0


def cmd_settings_set(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.documents.settings import CommuneSettings

    changes = {}
    for pair in args.pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise InputRefused(f"Cần dạng KEY=VALUE, nhận được '{pair}'")
        changes[key.strip()] = value
    CommuneSettings(ctx.workspace()).set(args.xa, changes)
    ctx.err(f"Đã lưu {len(changes)} thiết lập của xã {args.xa}")
    return 0


def cmd_register_list(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.documents.register import Register

    entries = Register(ctx.workspace()).entries(args.xa, args.year)
    rows = [{"id": e.id, "commune": e.commune, "year": e.year, "number": e.number_text, "kind": e.kind,
             "household": e.ma_ho, "review_year": e.review_year, "class": e.klass,
             "issued_on": e.issued_on.isoformat(), "created_by": e.created_by, "status": e.status}
            for e in entries]  # fmt: skip
    if ctx.json:
        ctx.out(rows)
        return 0
    for r in rows:
        ctx.say(f"{r['id']}\t{r['commune']}\t{r['number']}\t{r['issued_on']}\t{r['kind']}\t{r['household'] or ''}\t"
                f"{r['status']}")  # fmt: skip
    return 0


def cmd_register_log(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.documents.register import Register

    rows = Register(ctx.workspace()).log(args.xa, args.limit)
    if ctx.json:
        ctx.out(rows)
        return 0
    for r in rows:
        copy = f"bản sao lần {r['copy']}" if r["copy"] else "bản gốc"
        ctx.say(
            f"{r['at']}\t{r['user']}\t{r['document']}\t{r['number_text'] or ''}\t{copy}\t{r['output'] or ''}"
        )
    return 0


def cmd_register_next(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.documents.register import Register

    Register(ctx.workspace()).set_next(args.xa, args.year, args.ky_hieu, args.next)
    ctx.err(f"Số tiếp theo của {args.ky_hieu} năm {args.year}: {args.next:02d}")
    return 0


def cmd_register_void(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.documents.register import Register

    Register(ctx.workspace()).void(args.id, args.ly_do)
    ctx.err(f"Đã hủy văn bản #{args.id}")
    return 0
