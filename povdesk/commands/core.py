"""Core commands: init, commune, household, classify, rules."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from povdesk.domain import AREAS_ALL, RURAL, Classification, Commune, Household
from povdesk.errors import InputRefused, Problem, ValidationError
from povdesk.records import household_to_json
from povdesk.validation import household_from_raw

if TYPE_CHECKING:
    from povdesk.cli import Context


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="tạo (hoặc nâng cấp) tệp dữ liệu, có thể kèm một xã")
    p.add_argument("--xa", help="mã xã (5 chữ số)")
    p.add_argument("--ten", help="tên xã")
    p.add_argument("--khu-vuc", choices=AREAS_ALL, default=RURAL)
    p.set_defaults(handler=cmd_init)

    c = sub.add_parser("commune", help="quản lý xã").add_subparsers(dest="sub", metavar="SUB")
    p = c.add_parser("add", help="thêm hoặc sửa một xã")
    p.add_argument("code")
    p.add_argument("name")
    p.add_argument("--khu-vuc", choices=AREAS_ALL, default=RURAL)
    p.set_defaults(handler=cmd_commune_add)
    p = c.add_parser("list", help="liệt kê các xã")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_commune_list)

    h = sub.add_parser("household", help="hộ gia đình").add_subparsers(dest="sub", metavar="SUB")
    p = h.add_parser("add", help="thêm/cập nhật hộ từ tệp JSON (một hộ hoặc danh sách; - là stdin)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_household_add)
    for name, fn, helptext in (
        ("show", cmd_household_show, "xem một hộ và kết quả phân loại"),
        ("history", cmd_household_history, "lịch sử thay đổi của một hộ"),
    ):
        p = h.add_parser(name, help=helptext)
        _key_args(p)
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=fn)
    p = h.add_parser("list", help="liệt kê hộ")
    p.add_argument("--year", type=int)
    p.add_argument("--xa")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_household_list)

    p = sub.add_parser(
        "classify",
        help="phân loại lại các hộ theo chuẩn của năm rà soát; với --input: phân loại hộ trong "
        "tệp JSON mà không lưu",
    )
    p.add_argument("--year", type=int)
    p.add_argument("--input", help="tệp JSON (một hộ hoặc danh sách): chỉ phân loại, không lưu")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_classify)

    r = sub.add_parser("rules", help="các bộ chuẩn nghèo").add_subparsers(dest="sub", metavar="SUB")
    p = r.add_parser("list", help="liệt kê bộ chuẩn và năm áp dụng")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_rules_list)


def _key_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--xa", required=True, help="mã xã")
    p.add_argument("--ma", required=True, help="mã hộ")
    p.add_argument("--year", type=int, required=True, help="năm rà soát")


# --- handlers -------------------------------------------------------------------------------


def cmd_init(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    if args.xa:
        ws.communes.add(Commune(args.xa, args.ten or f"Xã {args.xa}", args.khu_vuc))
    ctx.err(f"Đã sẵn sàng: {ws.path}")
    return 0


def cmd_commune_add(ctx: Context, args: argparse.Namespace) -> int:
    ctx.workspace().communes.add(Commune(args.code, args.name, args.khu_vuc))
    ctx.err(f"Đã lưu xã {args.code}")
    return 0


def cmd_commune_list(ctx: Context, args: argparse.Namespace) -> int:
    communes = ctx.workspace().communes.all()
    if args.json:
        ctx.out([{"code": c.code, "name": c.name, "area": c.area} for c in communes])
    else:
        for c in communes:
            ctx.say(f"{c.code}\t{c.name}\t{c.area}")
    return 0


def read_households(path: str) -> list[Household]:
    """Parse a JSON file of one household or a list; refuse (listing every problem) if any is bad."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputRefused(f"Không đọc được tệp JSON '{path}': {e}") from e
    items = data if isinstance(data, list) else [data]
    out, problems = [], []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(f"Phần tử thứ {n} không phải một hộ (đối tượng JSON)"))
            continue
        members = item.get("thanh_vien", item.get("members", []))
        h, probs = household_from_raw(item, members if isinstance(members, list) else [])
        label = f"hộ {item.get('ma_ho') or n}"
        problems += [Problem(f"{label}: {p}", severity=p.severity) for p in probs]
        if h is not None:
            out.append(h)
    if any(p.is_error for p in problems):
        raise ValidationError(problems, "Dữ liệu hộ bị từ chối, không có gì được lưu")
    return out


def _cls_json(c: Classification) -> dict[str, Any]:
    return {
        "rule_set": c.rule_set,
        "class": c.klass.value,
        "phan_loai": c.klass.label,
        "so_chi_so_thieu_hut": c.deprivation_count,
        "chi_so_thieu_hut": list(c.deprived),
        "explanation": c.explanation,
    }


def cmd_household_add(ctx: Context, args: argparse.Namespace) -> int:
    households = read_households(args.file)
    ws = ctx.workspace()
    results = ws.households.save_many(households, kind="Thêm hộ từ dòng lệnh")
    rows = [
        {"ma_xa": h.ma_xa, "ma_ho": h.ma_ho, "nam_ra_soat": h.nam_ra_soat, "status": r.status,
         **_cls_json(r.classification), "warnings": [str(w) for w in r.warnings]}
        for h, r in zip(households, results, strict=True)
    ]  # fmt: skip
    if args.json:
        ctx.out(rows)
    else:
        for row in rows:
            ctx.say(
                f"{row['ma_xa']}/{row['ma_ho']}/{row['nam_ra_soat']}: {row['status']} — {row['explanation']}"
            )
        ctx.problems([w for r in results for w in r.warnings])
    return 0


def cmd_household_show(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    hid = ws.households.require(args.xa, args.ma, args.year)
    h, c = ws.households.get(hid), ws.households.classification(hid)
    if args.json:
        ctx.out({**household_to_json(h), "classification": _cls_json(c)})
        return 0
    ctx.say(f"Hộ {h.ma_ho} — {h.chu_ho} — {h.thon}, xã {h.ma_xa}, năm {h.nam_ra_soat}")
    ctx.say(f"Số thành viên: {h.size}")
    ctx.say(f"Phân loại ({c.rule_set}): {c.explanation}")
    return 0


def cmd_household_history(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    rows = ws.households.history(ws.households.require(args.xa, args.ma, args.year))
    if args.json:
        ctx.out(rows)
        return 0
    for r in rows:
        who = f"thành viên {r['member_stt']} " if r["member_stt"] is not None else ""
        ctx.say(f"{r['at']}  {r['user']}  {r['kind']}: {who}{r['field']}: {r['old']} → {r['new']}")
    return 0


def cmd_household_list(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.domain import HouseholdClass

    rows = list(ctx.workspace().households.summaries(year=args.year, ma_xa=args.xa))
    if args.json:
        ctx.out(rows)
        return 0
    for r in rows:
        label = HouseholdClass(r["klass"]).label if r["klass"] else "—"
        ctx.say(f"{r['ma_xa']}\t{r['ma_ho']}\t{r['nam_ra_soat']}\t{r['chu_ho']}\t{r['thon']}\t{label}")
    return 0


def cmd_classify(ctx: Context, args: argparse.Namespace) -> int:
    if args.input:
        return _classify_file(ctx, args)
    report = ctx.workspace().households.reclassify(args.year)
    if args.json:
        ctx.out({"households": report.households, "changed": report.changed})
    else:
        ctx.err(f"Đã phân loại lại {report.households} hộ; {report.changed} hộ thay đổi kết quả")
    return 0


def _classify_file(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.rules import RuleBook
    from povdesk.workspace import Workspace

    households = read_households(args.input)
    rules = RuleBook.load()
    checker = Workspace.__new__(Workspace)  # only .rules is read by Households.check
    checker.rules = rules
    from povdesk.households import Households

    hs = Households(checker)
    rows, failed = [], []
    for h in households:
        c, problems = hs.check(h)
        if c is None:
            failed += [Problem(f"hộ {h.ma_ho}: {p}", severity=p.severity) for p in problems]
            continue
        rows.append({"ma_xa": h.ma_xa, "ma_ho": h.ma_ho, "nam_ra_soat": h.nam_ra_soat, **_cls_json(c)})
    if failed:
        raise ValidationError(failed, "Có hộ không phân loại được")
    if args.json:
        ctx.out(rows)
    else:
        for r in rows:
            ctx.say(f"{r['ma_ho']}: {r['explanation']}")
    return 0


def cmd_rules_list(ctx: Context, args: argparse.Namespace) -> int:
    from povdesk.rules import RuleBook

    book = RuleBook.load()
    rows = [
        {"id": r.id, "name": r.name, "first_year": r.first_year, "last_year": r.last_year,
         "indicators": list(r.indicator_codes)}
        for r in book
    ]  # fmt: skip
    if args.json:
        ctx.out(rows)
    else:
        for r in rows:
            ctx.say(f"{r['id']}\t{r['first_year']}–{r['last_year']}\t{r['name']}")
    return 0
