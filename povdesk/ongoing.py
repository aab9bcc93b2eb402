"""Requests from households (``ws.requests``) and the ongoing review (rà soát thường xuyên, spec §3.4).

A household files **Mẫu 01** (review request: newly poor / near-poor, or average living
standard) or **Mẫu 04** (recognise an exit from poverty / near-poverty). The officer registers it
with its date (:meth:`Requests.add`); it then waits until either

* :meth:`Requests.start` opens an *ongoing* review record for it (listed → survey → submit →
  accept → the chairman recognises or rejects — no village meeting or posting), or
* :func:`povdesk.yearstart.start_year` takes it into the periodic review of its year.

:meth:`Requests.query` shows each request with its status and age (calendar and working days
since it was received), so those awaiting action stand out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NewType

from povdesk.errors import NotFound, Problem, ValidationError
from povdesk.households import now_iso
from povdesk.reviews import Kind, ReviewId, Stage, key_text, today
from povdesk.text import nfc
from povdesk.workdays import working_days_between

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

RequestId = NewType("RequestId", int)


class Form(StrEnum):
    REVIEW = "01"
    EXIT = "04"

    @property
    def label(self) -> str:
        if self is Form.REVIEW:
            return "Mẫu 01 — giấy đề nghị rà soát hộ nghèo, hộ cận nghèo"
        return "Mẫu 04 — giấy đề nghị công nhận hộ thoát nghèo, thoát cận nghèo"


STATUS_LABELS = {
    "waiting": "chờ xử lý",
    "in_review": "đang rà soát",
    "recognised": "đã công nhận",
    "rejected": "không công nhận",
}


@dataclass(frozen=True)
class Request:
    form: str  # "01" or "04"
    ma_xa: str
    ma_ho: str
    thon: str
    applicant: str  # the person who signed the form (personal data: stored, never logged)
    received_on: dt.date
    reason: str | None = None
    year: int | None = None  # review year; default: the year it was received


def _check(req: Request, on: dt.date) -> list[Problem]:
    out = []
    if req.form not in {f.value for f in Form}:
        out.append(Problem("Mẫu đơn phải là 01 hoặc 04", field="form", value=req.form))
    if not (len(req.ma_xa) == 5 and req.ma_xa.isdigit()):
        out.append(Problem("Mã xã phải gồm đúng 5 chữ số", field="ma_xa", value=req.ma_xa))
    for name, label in (("ma_ho", "mã hộ"), ("thon", "thôn"), ("applicant", "người đề nghị")):
        if not nfc(getattr(req, name) or "").strip():
            out.append(Problem(f"Thiếu {label}", field=name))
    if req.received_on > on:
        out.append(Problem("Ngày nhận đơn ở tương lai", field="received_on"))
    return out


class Requests:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def add(self, req: Request) -> RequestId:
        """Register a request (officer/administrator); nothing else happens until it is started."""
        self.ws.users.require("request.register")
        problems = _check(req, today())
        if problems:
            raise ValidationError(problems, "Giấy đề nghị không hợp lệ, chưa được ghi nhận")
        year = req.year or req.received_on.year
        key = (req.ma_xa, nfc(req.ma_ho).strip(), year)
        with self.ws.operation("Tiếp nhận giấy đề nghị", f"Mẫu {req.form} {key_text(key)}"):
            cur = self.ws.conn.execute(
                "INSERT INTO review_requests (form, ma_xa, ma_ho, thon, nam_ra_soat, applicant, received_on,"
                " reason, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (req.form, key[0], key[1], nfc(req.thon).strip(), year, nfc(req.applicant).strip(),
                 req.received_on.isoformat(), nfc(req.reason) if req.reason else None, self.ws.user, now_iso()),
            )  # fmt: skip
            rid = RequestId(int(cur.lastrowid or 0))
            self.ws.audit.record("request.add", "request", rid, subject=key_text(key), field="form", new=req.form,
                                 reason=f"nhận ngày {req.received_on.isoformat()}")  # fmt: skip
        return rid

    def start(self, rid: int, *, assign_to: str | None = None, on: dt.date | None = None) -> ReviewId:
        """Open an ongoing review for a waiting request (copying the latest answers on file)."""
        from povdesk.yearstart import copy_forward

        self.ws.users.require("request.start")
        req = self.get(rid)
        if req["review_id"] is not None:
            raise ValidationError([Problem(f"Giấy đề nghị số {rid} đã được xử lý (lượt rà soát {req['review_id']})")],
                                  "Không bắt đầu được")  # fmt: skip
        key = (req["ma_xa"], req["ma_ho"], req["nam_ra_soat"])
        with self.ws.operation("Rà soát thường xuyên", f"Mẫu {req['form']} {key_text(key)}") as op:
            rev = self.ws.reviews.current(*key)
            if rev is not None and not rev.locked:
                review_id = rev.id  # already under review (e.g. the periodic one): handled there
            elif rev is not None:
                review_id = self.ws.reviews.supersede(rev, Kind.ONGOING, "request", reason=f"giấy đề nghị số {rid}",
                                                      request_id=rid)  # fmt: skip
            else:
                review_id = self.ws.reviews.create(key, Kind.ONGOING, source="request", thon=req["thon"],
                                                   request_id=rid, reason=f"giấy đề nghị số {rid}")  # fmt: skip
            self.link(rid, review_id)
            copy_forward(self.ws, op, key, on or today())
        if assign_to:
            self.ws.reviews.assign([review_id], assign_to)
        return review_id

    def link(self, rid: int, review_id: int) -> None:
        """Record that request ``rid`` is handled by review ``review_id`` (caller's operation)."""
        self.ws.conn.execute("UPDATE review_requests SET review_id=? WHERE id=?", (review_id, rid))
        self.ws.audit.record("request.link", "request", rid, field="review_id", new=review_id)

    def get(self, rid: int) -> dict[str, Any]:
        rows = self._select("WHERE q.id = ?", [rid], today())
        if not rows:
            raise NotFound(f"Không có giấy đề nghị số {rid}")
        return rows[0]

    def waiting(self, *, ma_xa: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
        """Requests not yet taken into any review, oldest first."""
        return self.query(ma_xa=ma_xa, year=year, status="waiting")

    def query(
        self,
        *,
        ma_xa: str | None = None,
        year: int | None = None,
        status: str | None = None,
        open_only: bool = False,
        on: dt.date | None = None,
    ) -> list[dict[str, Any]]:
        """Requests with status, review stage and age; ``open_only``: waiting or in review."""
        conds, args = [], []
        for col, val in (("q.ma_xa", ma_xa), ("q.nam_ra_soat", year)):
            if val is not None:
                conds.append(f"{col} = ?")
                args.append(val)
        rows = self._select("WHERE " + " AND ".join(conds) if conds else "", args, on or today())
        if status is not None:
            rows = [r for r in rows if r["status"] == status]
        if open_only:
            rows = [r for r in rows if r["status"] in ("waiting", "in_review")]
        return rows

    def _select(self, where: str, args: list[Any], on: dt.date) -> list[dict[str, Any]]:
        cur = self.ws.conn.execute(
            "SELECT q.id, q.form, q.ma_xa, q.ma_ho, q.thon, q.nam_ra_soat, q.applicant, q.received_on, q.reason,"
            " q.review_id, r.kind, r.stage, r.decision_no, r.decision_date, r.updated_at"
            f" FROM review_requests q LEFT JOIN reviews r ON r.id = q.review_id {where}"
            " ORDER BY q.received_on, q.id",
            args,
        )
        names = [d[0] for d in cur.description]
        holidays = self.ws.settings.holidays()
        out = []
        for r in cur:
            row = dict(zip(names, r, strict=True))
            row["status"] = _status(row["stage"])
            row["status_label"] = STATUS_LABELS[row["status"]]
            received = dt.date.fromisoformat(row["received_on"])
            end = on
            if row["status"] == "recognised" and row["decision_date"]:
                end = dt.date.fromisoformat(row["decision_date"])
            elif row["status"] == "rejected":
                end = dt.date.fromisoformat(row["updated_at"][:10])
            row["age_days"] = (end - received).days
            row["age_working_days"] = working_days_between(received, end, holidays)
            out.append(row)
        return out


def _status(stage: str | None) -> str:
    if stage is None:
        return "waiting"
    if stage == Stage.RECOGNISED:
        return "recognised"
    if stage in (Stage.REJECTED, Stage.DROPPED):
        return "rejected"
    return "in_review"
