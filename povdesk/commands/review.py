"""``povdesk review …``, ``povdesk request …``, ``povdesk setting …`` — the workflow from the CLI.

Same rules as the window: every command goes through the core managers, which check the
signed-in user's role (exit 3) and the record's stage and required fields (exit 2, nothing
changed). A batch action selects households with ``--ma`` (repeatable: all must be eligible),
``--thon`` or ``--all`` (those of the commune/village that are at a stage the step starts from).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from povdesk.errors import InputRefused, NotFound
from povdesk.meetings import Meeting, Outcome
from povdesk.ongoing import Form, Request
from povdesk.reviews import BY_ACTION, LOCKED, QUEUE_PRESETS, Kind, QueueFilter, ReviewId, Stage, sources
from povdesk.text import format_date, parse_date
from povdesk.users import Role
from povdesk.yearstart import start_year, year_diff

if TYPE_CHECKING:
    from povdesk.cli import Context
    from povdesk.workspace import Workspace

STAGES = [s.value for s in Stage]


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError as e:
        raise InputRefused(str(e)) from None


def _key_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--xa", required=True, help="mã xã")
    p.add_argument("--ma", required=True, help="mã hộ")
    p.add_argument("--year", type=int, required=True, help="năm rà soát")


def _select_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--xa", required=True, help="mã xã")
    p.add_argument("--year", type=int, required=True, help="năm rà soát")
    p.add_argument("--ma", action="append", default=[], help="mã hộ (lặp lại được); mọi hộ phải hợp lệ")
    p.add_argument("--thon", help="mọi hộ của thôn đang ở bước phù hợp")
    p.add_argument("--all", action="store_true", help="mọi hộ của xã đang ở bước phù hợp")
    p.add_argument("--json", action="store_true")


def register(sub: Any) -> None:
    _register_review(sub)
    _register_requests(sub)
    _register_settings(sub)


def _register_review(sub: Any) -> None:
    r = sub.add_parser(
        "review", help="quy trình rà soát: danh sách, nộp, duyệt, họp dân, niêm yết, công nhận"
    )
    rs = r.add_subparsers(dest="sub", metavar="SUB")
    p = rs.add_parser("start-year", help="lập danh sách hộ cần rà soát của năm (hộ nghèo, cận nghèo năm trước"
                      " và giấy đề nghị); sao chép phiếu năm trước")  # fmt: skip
    p.add_argument("--xa", required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--from-year", type=int, help="năm lấy danh sách (mặc định năm trước)")
    p.add_argument("--date", help="ngày bắt đầu rà soát (mặc định hôm nay)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_start_year)

    p = rs.add_parser("list", help="hàng đợi rà soát (lọc theo bước, thôn, người được giao, …)")
    p.add_argument("--year", type=int)
    p.add_argument("--xa")
    p.add_argument("--thon")
    p.add_argument("--stage", action="append", choices=STAGES, default=[])
    p.add_argument("--filter", choices=list(QUEUE_PRESETS), help="bộ lọc có sẵn")
    p.add_argument("--assigned", help="giao cho tài khoản")
    p.add_argument("--mine", action="store_true", help="hộ giao cho tôi (danh sách việc cần làm)")
    p.add_argument("--kind", choices=[k.value for k in Kind])
    p.add_argument("--search", help="mã hộ hoặc tên chủ hộ")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)

    for name, fn, text in (("show", cmd_show, "một hộ: bước hiện tại, nhận xét, thay đổi so với năm trước"),
                           ("timeline", cmd_timeline, "các bước đã qua của một hộ"),
                           ("diff", cmd_diff, "so sánh với năm trước, từng trường; cảnh báo bất thường")):  # fmt: skip
        p = rs.add_parser(name, help=text)
        _key_args(p)
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=fn)

    p = rs.add_parser("assign", help="phân công rà soát viên")
    _select_args(p)
    p.add_argument("--to", required=True, help="tài khoản rà soát viên ('-' để bỏ phân công)")
    p.set_defaults(handler=cmd_assign)

    for action, extra in (("submit", None), ("accept", None), ("return", "comment"), ("settle", "comment"),
                          ("consult", "ref"), ("recognise", "decision"), ("reject", "reason"),
                          ("drop", "reason"), ("reopen", "reason")):  # fmt: skip
        t = BY_ACTION[action]
        p = rs.add_parser(action, help=t.label, aliases=["recognize"] if action == "recognise" else [])
        _select_args(p)
        if extra == "comment":
            p.add_argument("--comment", required=True, help="nhận xét / lý do")
        elif extra == "reason":
            p.add_argument("--reason", required=True, help="lý do")
        elif extra == "ref":
            p.add_argument("--ref", required=True, help="số, ngày văn bản ý kiến của cấp trên")
        elif extra == "decision":
            p.add_argument("--so", required=True, help="số quyết định công nhận (ví dụ 125/QĐ-UBND)")
            p.add_argument("--ngay", required=True, help="ngày quyết định (dd/mm/yyyy)")
        if action == "reopen":
            p.add_argument("--kind", choices=[k.value for k in Kind], help="loại rà soát của lượt mới")
        p.set_defaults(handler=cmd_action, action=action)

    p = rs.add_parser("comment", help="nhận xét một hộ, hoặc một trường / thành viên của hộ")
    _key_args(p)
    p.add_argument("--text", required=True)
    p.add_argument("--field", help="mã trường (ví dụ thu_nhap_bq)")
    p.add_argument("--member", type=int, help="STT thành viên")
    p.set_defaults(handler=cmd_comment)

    p = rs.add_parser(
        "meeting", help="ghi biên bản họp dân của một thôn (mặc định: mọi hộ đã duyệt đều thống nhất)"
    )
    p.add_argument("--xa", required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--thon", required=True)
    p.add_argument("--date", required=True, help="ngày họp (dd/mm/yyyy)")
    p.add_argument("--place", required=True, help="địa điểm")
    p.add_argument("--chair", required=True, help="người chủ trì")
    p.add_argument("--attendees", type=int, required=True, help="số người dự")
    p.add_argument("--minutes", default="", help="nội dung biên bản")
    p.add_argument("--minutes-file", help="tệp văn bản chứa nội dung biên bản")
    p.add_argument("--disputed", action="append", default=[], metavar="MA=LÝ_DO", help="hộ chưa thống nhất")
    p.add_argument("--votes", action="append", default=[], metavar="MA=ĐỒNG_Ý/KHÔNG", help="số phiếu của hộ")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_meeting)

    p = rs.add_parser("post", help="niêm yết công khai các hộ đã thống nhất (mặc định 3 ngày làm việc)")
    p.add_argument("--xa", required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--start", required=True, help="ngày bắt đầu niêm yết (dd/mm/yyyy)")
    p.add_argument("--thon", help="chỉ một thôn")
    p.add_argument("--days", type=int, help="số ngày làm việc (mặc định theo thiết lập)")
    p.add_argument("--place", help="nơi niêm yết")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_post)

    p = rs.add_parser("complaint", help="ghi nhận khiếu nại về một hộ đang niêm yết")
    _key_args(p)
    p.add_argument("--date", required=True, help="ngày nhận khiếu nại")
    p.add_argument("--content", required=True, help="nội dung khiếu nại")
    p.add_argument("--complainant", help="người khiếu nại")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_complaint)

    p = rs.add_parser("recheck", help="ghi kết quả phúc tra một khiếu nại")
    p.add_argument("--complaint", type=int, required=True, help="số khiếu nại")
    p.add_argument("--date", required=True, help="ngày phúc tra")
    p.add_argument("--result", required=True, help="kết quả phúc tra")
    p.add_argument("--changed", action="store_true", help="kết quả phân loại đã thay đổi sau phúc tra")
    p.set_defaults(handler=cmd_recheck)

    p = rs.add_parser("complaints", help="danh sách khiếu nại")
    p.add_argument("--open", action="store_true", help="chỉ khiếu nại chưa có kết quả phúc tra")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_complaints)


def _register_requests(sub: Any) -> None:
    q = sub.add_parser("request", help="giấy đề nghị của hộ (Mẫu 01, Mẫu 04) và rà soát thường xuyên")
    qs = q.add_subparsers(dest="sub", metavar="SUB")
    p = qs.add_parser("add", help="tiếp nhận giấy đề nghị")
    p.add_argument(
        "--form", required=True, choices=[f.value for f in Form], help="01: rà soát; 04: thoát nghèo"
    )
    p.add_argument("--xa", required=True)
    p.add_argument("--ma", required=True, help="mã hộ (hộ mới: cấp mã mới)")
    p.add_argument("--thon", required=True)
    p.add_argument("--applicant", required=True, help="người đề nghị")
    p.add_argument("--date", required=True, help="ngày nhận đơn")
    p.add_argument("--reason")
    p.add_argument("--year", type=int, help="năm rà soát (mặc định năm nhận đơn)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_request_add)
    p = qs.add_parser("list", help="các giấy đề nghị, trạng thái và số ngày chờ")
    p.add_argument("--xa")
    p.add_argument("--year", type=int)
    p.add_argument("--open", action="store_true", help="chỉ những đơn chưa có kết quả")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_request_list)
    p = qs.add_parser("start", help="bắt đầu rà soát thường xuyên theo giấy đề nghị")
    p.add_argument("id", type=int)
    p.add_argument("--assign", help="giao cho rà soát viên")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_request_start)


def _register_settings(sub: Any) -> None:
    s = sub.add_parser(
        "setting", help="thiết lập quy trình (niêm yết, ngày nghỉ, khóa tài khoản, xin ý kiến)"
    )
    ss = s.add_subparsers(dest="sub", metavar="SUB")
    p = ss.add_parser("list")
    p.add_argument("--year", type=int, action="append", default=[], help="kèm consultation.NĂM")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_setting_list)
    p = ss.add_parser("get")
    p.add_argument("key")
    p.set_defaults(handler=cmd_setting_get)
    p = ss.add_parser("set")
    p.add_argument("key")
    p.add_argument("value")
    p.set_defaults(handler=cmd_setting_set)


# --- helpers --------------------------------------------------------------------------------


def _selected(ws: Workspace, args: argparse.Namespace, stages: frozenset[Stage]) -> list[ReviewId]:
    """Review ids chosen by --ma (each must exist) or by --thon/--all among ``stages``."""
    if args.ma:
        return [ws.reviews.require(args.xa, ma, args.year).id for ma in args.ma]
    if not (args.thon or args.all):
        raise InputRefused("Chọn hộ bằng --ma MÃ_HỘ (lặp lại được), --thon TÊN_THÔN hoặc --all")
    actor = ws.users.actor
    mine = actor.name if actor is not None and actor.role is Role.ENUMERATOR else None
    f = QueueFilter(
        year=args.year, ma_xa=args.xa, thon=args.thon, stages=tuple(sorted(stages)), assigned_to=mine
    )
    ids = ws.reviews.queue_ids(f)
    if not ids:
        raise InputRefused("Không có hộ nào ở bước phù hợp")
    return ids


def _done(ctx: Context, args: argparse.Namespace, label: str, ids: tuple[int, ...] | list[int]) -> int:
    ws = ctx.workspace()
    codes = [ws.reviews.get(i).ma_ho for i in ids]
    if getattr(args, "json", False):
        ctx.out({"ids": list(ids), "households": codes})
    else:
        ctx.err(f"Đã {label}: {len(ids)} hộ ({', '.join(codes)})")
    return 0


# --- handlers -------------------------------------------------------------------------------


def cmd_start_year(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    rep = start_year(
        ws, args.xa, args.year, from_year=args.from_year, on=_date(args.date) if args.date else None
    )
    if args.json:
        ctx.out({"year": rep.year, "ma_xa": rep.ma_xa, "listed": len(rep.listed), "copied": rep.copied,
                 "from_requests": rep.from_requests, "already": rep.already,
                 "problems": [str(p) for p in rep.problems]})  # fmt: skip
    else:
        ctx.err(f"Danh sách rà soát năm {rep.year}, xã {rep.ma_xa}: {len(rep.listed)} hộ mới"
                f" ({rep.copied} hộ sao chép phiếu năm trước, {rep.from_requests} hộ theo giấy đề nghị);"
                f" {rep.already} hộ đã có trong danh sách")  # fmt: skip
        ctx.problems(rep.problems)
    return 0


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    assigned = args.assigned
    if args.mine:
        assigned = ws.users.require_signed_in().name
    base = QUEUE_PRESETS[args.filter][1] if args.filter else QueueFilter()
    stages = tuple(Stage(s) for s in args.stage) or base.stages
    f = QueueFilter(year=args.year, ma_xa=args.xa, thon=args.thon, stages=stages,
                    kind=Kind(args.kind) if args.kind else base.kind, assigned_to=assigned,
                    commented=base.commented, flagged=base.flagged, search=args.search)  # fmt: skip
    rows = ws.reviews.queue(f)
    if args.json:
        ctx.out(rows)
        return 0
    for r in rows:
        flags = " ⚠" + ",".join(r["flags"]) if r["flags"] else ""
        note = f" ({r['open_comments']} nhận xét)" if r["open_comments"] else ""
        ctx.say(f"{r['ma_xa']}\t{r['ma_ho']}\t{r['nam_ra_soat']}\t{r['thon'] or ''}\t{r['stage_label']}"
                f"\t{r['assigned_to'] or '—'}{note}{flags}")  # fmt: skip
    return 0


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    rev = ws.reviews.require(args.xa, args.ma, args.year)
    comments = ws.reviews.comments(rev.id)
    diff = year_diff(ws, *rev.key) if ws.households.find(*rev.key) else None
    data = {
        "id": rev.id, "ma_xa": rev.ma_xa, "ma_ho": rev.ma_ho, "nam_ra_soat": rev.nam_ra_soat,
        "kind": rev.kind.value, "stage": rev.stage.value, "stage_label": rev.stage.label,
        "assigned_to": rev.assigned_to, "locked": rev.locked, "decision_no": rev.decision_no,
        "decision_date": rev.decision_date, "comments": comments,
        "allowed_actions": ws.reviews.allowed_actions(rev.id),
        "flags": list(diff.messages) if diff else [],
    }  # fmt: skip
    if args.json:
        ctx.out(data)
        return 0
    ctx.say(f"Hộ {rev.ma_ho}, xã {rev.ma_xa}, năm {rev.nam_ra_soat} — rà soát {rev.kind.label}")
    ctx.say(f"Bước: {rev.stage.label}" + (" (đã khóa)" if rev.locked else ""))
    ctx.say(f"Rà soát viên: {rev.assigned_to or '—'}")
    if rev.decision_no:
        ctx.say(
            f"Quyết định: {rev.decision_no} ngày {format_date(dt.date.fromisoformat(rev.decision_date or ''))}"
        )
    for c in comments:
        where = f" [{c['field'] or ''}{' tv ' + str(c['member_stt']) if c['member_stt'] else ''}]"
        ctx.say(f"Nhận xét ({c['status']}) {c['user']}{where}: {c['text']}")
    for m in data["flags"]:
        ctx.say(f"Cảnh báo: {m}")
    return 0


def cmd_timeline(ctx: Context, args: argparse.Namespace) -> int:
    rows = ctx.workspace().reviews.timeline(args.xa, args.ma, args.year)
    if not rows:
        raise NotFound(f"Hộ {args.ma} của xã {args.xa} chưa có trong quy trình rà soát năm {args.year}")
    if args.json:
        ctx.out(rows)
        return 0
    for r in rows:
        why = f" — {r['comment']}" if r["comment"] else ""
        ctx.say(f"{r['at']}  {r['user']}  {r['action_label']} → {r['to_label'] or ''}{why}")
    return 0


def cmd_diff(ctx: Context, args: argparse.Namespace) -> int:
    d = year_diff(ctx.workspace(), args.xa, args.ma, args.year)
    if args.json:
        ctx.out({"previous_year": d.previous_year, "flags": list(d.flags), "messages": list(d.messages),
                 "changes": [{"member": c.member, "field": c.field, "old": c.old, "new": c.new}
                             for c in d.changes]})  # fmt: skip
        return 0
    if d.previous_year is None:
        ctx.say("Không có phiếu năm trước để so sánh")
        return 0
    ctx.say(f"So với năm {d.previous_year}: {len(d.changes)} thay đổi")
    for c in d.changes:
        who = f"thành viên {c.member}: " if c.member is not None else ""
        ctx.say(f"  {who}{c.field}: {c.old} → {c.new}")
    for m in d.messages:
        ctx.say(f"Cảnh báo: {m}")
    return 0


def cmd_assign(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    ws.users.require("review.assign")
    ids = _selected(ws, args, frozenset(Stage) - LOCKED)
    user = None if args.to == "-" else args.to.lower()
    if user is not None and ws.users.any() and not ws.users.exists(user):
        raise InputRefused(f"Không có tài khoản {user}")
    res = ws.reviews.assign(ids, user)
    return _done(ctx, args, f"phân công cho {user or '—'}", res.ids)


def cmd_action(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    t = BY_ACTION[args.action]
    ws.reviews.require_step(args.action)
    if args.action == "submit":
        stages = frozenset({Stage.DRAFT, Stage.RETURNED})
    else:
        stages = sources(t, Kind.PERIODIC) | sources(t, Kind.ONGOING)
    ids = _selected(ws, args, stages)
    if args.action == "submit":
        res = ws.reviews.submit(ids)
    elif args.action == "reopen":
        res = ws.reviews.reopen(ids, args.reason, kind=Kind(args.kind) if args.kind else None)
    else:
        res = ws.reviews.apply(
            args.action, ids, comment=getattr(args, "comment", None) or getattr(args, "reason", None),
            decision_no=getattr(args, "so", None),
            decision_date=_date(args.ngay) if getattr(args, "ngay", None) else None,
            ref=getattr(args, "ref", None),
        )  # fmt: skip
    return _done(ctx, args, BY_ACTION[res.action].label, res.ids)


def cmd_comment(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    rev = ws.reviews.require(args.xa, args.ma, args.year)
    cid = ws.reviews.comment(rev.id, args.text, field=args.field, member=args.member)
    ctx.err(f"Đã ghi nhận xét số {cid} cho hộ {args.ma}")
    return 0


def _pairs(items: list[str], what: str) -> dict[str, str]:
    out = {}
    for item in items:
        ma, sep, value = item.partition("=")
        if not sep or not ma.strip():
            raise InputRefused(f"{what}: cần dạng MÃ_HỘ=GIÁ_TRỊ (nhận được '{item}')")
        out[ma.strip()] = value.strip()
    return out


def cmd_meeting(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    minutes = args.minutes
    if args.minutes_file:
        try:
            minutes = Path(args.minutes_file).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InputRefused(f"Không đọc được tệp biên bản: {e}") from None
    m = Meeting(
        args.xa, args.thon, args.year, _date(args.date), args.place, args.chair, args.attendees, minutes
    )
    disputed, votes = _pairs(args.disputed, "--disputed"), _pairs(args.votes, "--votes")
    outcomes = {}
    for ma in disputed.keys() | votes.keys():
        rid = ws.reviews.require(args.xa, ma, args.year).id
        vf, _, va = votes.get(ma, "").partition("/")
        try:
            outcomes[rid] = Outcome(ma not in disputed, int(vf) if vf else None, int(va) if va else None,
                                    disputed.get(ma))  # fmt: skip
        except ValueError:
            raise InputRefused(f"--votes {ma}: cần dạng ĐỒNG_Ý/KHÔNG_ĐỒNG_Ý, ví dụ 25/3") from None
    res = ws.meetings.record(m, outcomes=outcomes)
    if args.json:
        ctx.out({"meeting_id": res.meeting_id, "agreed": len(res.agreed), "disputed": len(res.disputed)})
    else:
        ctx.err(f"Đã ghi biên bản họp số {res.meeting_id}: {len(res.agreed)} hộ thống nhất,"
                f" {len(res.disputed)} hộ chưa thống nhất")  # fmt: skip
    return 0


def cmd_post(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    res = ws.meetings.start_posting(args.xa, args.year, _date(args.start), thon=args.thon, working_days=args.days,
                                    place=args.place)  # fmt: skip
    if args.json:
        ctx.out({"posting_id": res.posting_id, "start_on": res.start_on.isoformat(),
                 "end_on": res.end_on.isoformat(), "households": len(res.posted)})  # fmt: skip
    else:
        ctx.err(
            f"Đã niêm yết {len(res.posted)} hộ từ {format_date(res.start_on)} đến hết {format_date(res.end_on)}"
        )
    return 0


def cmd_complaint(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    rev = ws.reviews.require(args.xa, args.ma, args.year)
    cid = ws.meetings.complaint(rev.id, _date(args.date), args.content, complainant=args.complainant)
    if args.json:
        ctx.out({"complaint_id": cid})
    else:
        ctx.err(f"Đã ghi nhận khiếu nại số {cid} về hộ {args.ma}; hộ chuyển sang phúc tra")
    return 0


def cmd_recheck(ctx: Context, args: argparse.Namespace) -> int:
    ctx.workspace().meetings.recheck(args.complaint, args.result, _date(args.date), changed=args.changed)
    ctx.err(f"Đã ghi kết quả phúc tra khiếu nại số {args.complaint}")
    return 0


def cmd_complaints(ctx: Context, args: argparse.Namespace) -> int:
    rows = ctx.workspace().meetings.complaints(open_only=args.open)
    if args.json:
        ctx.out(rows)
        return 0
    for r in rows:
        state = r["result"] or "chưa phúc tra"
        ctx.say(
            f"#{r['id']}\t{r['ma_xa']}/{r['ma_ho']}/{r['nam_ra_soat']}\t{r['received_on']}\t{r['content']}\t{state}"
        )
    return 0


def cmd_request_add(ctx: Context, args: argparse.Namespace) -> int:
    req = Request(
        args.form, args.xa, args.ma, args.thon, args.applicant, _date(args.date), args.reason, args.year
    )
    rid = ctx.workspace().requests.add(req)
    if args.json:
        ctx.out({"id": rid})
    else:
        ctx.err(f"Đã tiếp nhận giấy đề nghị số {rid} (Mẫu {args.form})")
    return 0


def cmd_request_list(ctx: Context, args: argparse.Namespace) -> int:
    rows = ctx.workspace().requests.query(ma_xa=args.xa, year=args.year, open_only=args.open)
    if args.json:
        ctx.out(rows)
        return 0
    for r in rows:
        ctx.say(f"#{r['id']}\tMẫu {r['form']}\t{r['ma_xa']}/{r['ma_ho']}\t{r['thon']}\t"
                f"nhận {format_date(dt.date.fromisoformat(r['received_on']))}\t{r['status_label']}"
                f"\t{r['age_days']} ngày ({r['age_working_days']} ngày làm việc)")  # fmt: skip
    return 0


def cmd_request_start(ctx: Context, args: argparse.Namespace) -> int:
    rid = ctx.workspace().requests.start(args.id, assign_to=args.assign)
    if args.json:
        ctx.out({"review_id": rid})
    else:
        ctx.err(f"Đã bắt đầu rà soát theo giấy đề nghị số {args.id} (lượt rà soát {rid})")
    return 0


def cmd_setting_list(ctx: Context, args: argparse.Namespace) -> int:
    items = ctx.workspace().settings.items(tuple(args.year))
    if args.json:
        ctx.out([{"key": k, "value": v, "label": label} for k, v, label in items])
        return 0
    for k, v, label in items:
        ctx.say(f"{k}\t{v}\t{label}")
    return 0


def cmd_setting_get(ctx: Context, args: argparse.Namespace) -> int:
    ctx.say(ctx.workspace().settings.get(args.key))
    return 0


def cmd_setting_set(ctx: Context, args: argparse.Namespace) -> int:
    ws = ctx.workspace()
    ws.settings.set(args.key, args.value)
    ctx.err(f"Đã đặt {args.key} = {ws.settings.get(args.key)}")
    return 0
