"""Step 1 of the periodic review — the list to review — and "what changed since last year".

:func:`start_year` builds a commune's list for review year Y: every household classified poor or
near-poor in the previous year on file (the list the commune manages) plus every request
(Mẫu 01/04) of year Y not yet being handled. Each gets a periodic review record in ``listed``;
a household with no answers for Y starts as a copy of its latest earlier answers (survey date
set to the start date, ``phan_loai_truoc`` to last year's class), so the enumerator corrects
rather than re-types. All in one operation.

:func:`year_diff` compares a household's answers with its previous year's, field by field, and
flags implausible jumps for the reviewer (income ×3 or ÷3; at most half of the members left).
The same two flags are computed in SQL for the review queue (:data:`povdesk.reviews._FLAG_SQL`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from povdesk.changes import Changes
from povdesk.domain import Household, HouseholdClass
from povdesk.errors import InputRefused, Problem, ValidationError
from povdesk.progress import CancelToken, ProgressFn, Reporter
from povdesk.records import diff, household_row, member_row
from povdesk.reviews import INCOME_JUMP, MEMBERS_GONE, Key, Kind, ReviewId, key_text, today

if TYPE_CHECKING:
    from povdesk.workspace import Workspace


@dataclass(frozen=True)
class YearStartReport:
    year: int
    ma_xa: str
    listed: tuple[ReviewId, ...]  # new review records
    copied: int  # households whose answers were copied from an earlier year
    from_requests: int
    already: int  # already had a current, unfinished record for the year
    problems: tuple[Problem, ...] = ()  # copies that could not be made (surveyed from scratch)
    changes: Changes = field(default_factory=lambda: Changes(reviews=True, households=True, history=True))


@dataclass(frozen=True)
class FieldChange:
    member: int | None
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class YearDiff:
    previous_year: int | None
    changes: tuple[FieldChange, ...]
    flags: tuple[str, ...]  # "income_jump", "members_gone"
    messages: tuple[str, ...]  # the flags in Vietnamese, for the reviewer


def start_year(
    ws: Workspace,
    ma_xa: str,
    year: int,
    *,
    from_year: int | None = None,
    on: dt.date | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> YearStartReport:
    """Build the list to review for ``ma_xa`` in ``year`` (officer/administrator)."""
    ws.users.require("review.start_year")
    prev = from_year if from_year is not None else year - 1
    if prev >= year:
        raise InputRefused(f"Năm lấy danh sách ({prev}) phải trước năm rà soát ({year})")
    on = on or today()
    candidates = _candidates(ws, ma_xa, prev, year)
    rep = Reporter("Đang lập danh sách rà soát", len(candidates), progress, cancel)
    listed: list[ReviewId] = []
    copied = requests = already = 0
    problems: list[Problem] = []
    with ws.operation("Lập danh sách rà soát", f"xã {ma_xa} năm {year}") as op:
        for ma_ho, (source, thon, request_ids) in candidates.items():
            key = (ma_xa, ma_ho, year)
            rid, made = _ensure_review(
                ws, key, Kind.PERIODIC, source, thon, request_ids[0] if request_ids else None
            )
            for req in request_ids:
                ws.requests.link(req, rid)
            if not made:
                already += 1
            else:
                listed.append(rid)
                requests += source == "request"
                done, problem = copy_forward(ws, op, key, on)
                copied += done
                problems += [problem] if problem else []
            rep.step()
        rep.finish()
    return YearStartReport(year, ma_xa, tuple(listed), copied, requests, already, tuple(problems))


def _candidates(
    ws: Workspace, ma_xa: str, prev: int, year: int
) -> dict[str, tuple[str, str | None, list[int]]]:
    """ma_ho → (source, village, open request ids), last year's poor/near-poor first."""
    out: dict[str, tuple[str, str | None, list[int]]] = {}
    rows = ws.conn.execute(
        "SELECT h.ma_ho, h.thon, c.klass FROM households h JOIN classifications c ON c.household_id = h.id"
        " WHERE h.ma_xa=? AND h.nam_ra_soat=? AND c.klass IN ('poor', 'near_poor') ORDER BY h.thon, h.ma_ho",
        (ma_xa, prev),
    )
    for ma_ho, thon, klass in rows:
        out[ma_ho] = (klass, thon, [])
    for req in ws.requests.waiting(ma_xa=ma_xa, year=year):
        source, thon, ids = out.get(req["ma_ho"], ("request", req["thon"], []))
        out[req["ma_ho"]] = (source, thon, [*ids, req["id"]])
    return out


def _ensure_review(
    ws: Workspace, key: Key, kind: Kind, source: str, thon: str | None, request_id: int | None
) -> tuple[ReviewId, bool]:
    """The current unfinished record of ``key``, or a new one (superseding a finished one)."""
    rev = ws.reviews.current(*key)
    if rev is not None and not rev.locked:
        return rev.id, False
    if rev is not None:
        return ws.reviews.supersede(rev, kind, source, reason="lượt rà soát mới", request_id=request_id), True
    return ws.reviews.create(key, kind, source=source, thon=thon, request_id=request_id), True


def copy_forward(ws: Workspace, op: int, key: Key, on: dt.date) -> tuple[bool, Problem | None]:
    """Copy the latest earlier answers of ``key``'s household into ``key``'s year if it has none.

    Returns (copied?, problem if the copy could not be saved — it is then surveyed from scratch).
    """
    ma_xa, ma_ho, year = key
    if ws.households.find(*key) is not None:
        return False, None
    row = ws.conn.execute(
        "SELECT h.id, c.klass FROM households h LEFT JOIN classifications c ON c.household_id = h.id"
        " WHERE h.ma_xa=? AND h.ma_ho=? AND h.nam_ra_soat<? ORDER BY h.nam_ra_soat DESC LIMIT 1",
        (ma_xa, ma_ho, year),
    ).fetchone()
    if row is None:
        return False, None
    old = ws.households.get(row[0])
    survey_on = on if on.year in (year, year + 1) else dt.date(year, 9, 1)
    prev_class = HouseholdClass(row[1]).label if row[1] else old.phan_loai_truoc
    new = replace(old, nam_ra_soat=year, ngay_ra_soat=survey_on, phan_loai_truoc=prev_class)
    try:
        with ws.atomic(), ws.reviews.copying():
            ws.households.save_in(new, op)
    except ValidationError as e:
        msg = "; ".join(str(p) for p in e.errors) or e.summary
        return False, Problem(f"Hộ {key_text(key)}: không sao chép được phiếu năm {old.nam_ra_soat} ({msg})",
                              value=ma_ho)  # fmt: skip
    return True, None


def year_diff(ws: Workspace, ma_xa: str, ma_ho: str, year: int) -> YearDiff:
    """Field-by-field changes of a household since its latest earlier year, and jump flags."""
    hid = ws.households.require(ma_xa, ma_ho, year)
    row = ws.conn.execute(
        "SELECT id FROM households WHERE ma_xa=? AND ma_ho=? AND nam_ra_soat<? ORDER BY nam_ra_soat DESC LIMIT 1",
        (ma_xa, ma_ho, year),
    ).fetchone()
    if row is None:
        return YearDiff(None, (), (), ())
    return compare(ws.households.get(row[0]), ws.households.get(hid))


#: Fields that always differ between years and say nothing about the household.
_YEARLY = {"nam_ra_soat", "ngay_ra_soat", "phan_loai_truoc"}


def compare(old: Household, new: Household) -> YearDiff:
    changes = tuple(
        FieldChange(stt, f, a, b)
        for stt, f, a, b in diff(
            household_row(old),
            [member_row(m) for m in old.members],
            household_row(new),
            [member_row(m) for m in new.members],
        )
        if f not in _YEARLY
    )
    flags, messages = [], []
    a, b = old.thu_nhap_bq, new.thu_nhap_bq
    if a and b is not None and (b >= INCOME_JUMP * a or INCOME_JUMP * b <= a):
        flags.append("income_jump")
        messages.append(f"Thu nhập bình quân thay đổi bất thường: {a:,} → {b:,} đồng".replace(",", "."))
    if old.size >= 2 and new.size <= MEMBERS_GONE * old.size:
        flags.append("members_gone")
        messages.append(f"Số thành viên giảm từ {old.size} còn {new.size}")
    return YearDiff(old.nam_ra_soat, changes, tuple(flags), tuple(messages))
