"""Village meetings, public posting, complaints and re-checks (``ws.meetings``; spec §3.3 steps 2–3).

* :meth:`Meetings.record` — the minutes of a village meeting (họp dân): date, place, chair,
  attendees, minutes text, and the outcome per household (agreed / disputed, votes if counted).
  By default it covers every accepted periodic record of the village; agreed records move to
  ``agreed``, disputed ones to ``disputed`` (re-checked and settled, or returned).
* :meth:`Meetings.start_posting` — public posting (niêm yết) of a commune's (or a village's)
  agreed records, from a start date for ``posting.working_days`` working days (default 3).
* :meth:`Meetings.complaint` / :meth:`Meetings.recheck` — a complaint during posting sends the
  record to ``complaint``; the re-check (phúc tra) result, recorded with its date, sends it back
  to ``posted``. While in ``complaint`` an officer may correct the answers.

Each call is one transaction: the record, the stage changes (checked like any step of
:mod:`povdesk.reviews`), events and audit entries — all or nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from povdesk.changes import Changes
from povdesk.errors import NotFound, Problem, ValidationError
from povdesk.households import now_iso
from povdesk.reviews import BY_ACTION, Kind, QueueFilter, ReviewId, ReviewInfo, Stage, key_text, today
from povdesk.text import format_date, nfc
from povdesk.workdays import period_end

if TYPE_CHECKING:
    from povdesk.workspace import Workspace


@dataclass(frozen=True)
class Meeting:
    ma_xa: str
    thon: str
    nam_ra_soat: int
    held_on: dt.date
    place: str
    chair: str
    attendees: int
    minutes: str = ""


@dataclass(frozen=True)
class Outcome:
    """A household's outcome at the meeting; a dispute needs a ``note``."""

    agreed: bool = True
    votes_for: int | None = None
    votes_against: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class MeetingResult:
    meeting_id: int
    agreed: tuple[ReviewId, ...]
    disputed: tuple[ReviewId, ...]
    changes: Changes = field(default_factory=lambda: Changes(reviews=True))


@dataclass(frozen=True)
class PostingResult:
    posting_id: int
    start_on: dt.date
    end_on: dt.date
    posted: tuple[ReviewId, ...]
    changes: Changes = field(default_factory=lambda: Changes(reviews=True))


def _meeting_problems(m: Meeting) -> list[Problem]:
    out = []
    if m.held_on > today():
        out.append(Problem("Ngày họp ở tương lai", field="held_on"))
    if not nfc(m.place).strip():
        out.append(Problem("Thiếu địa điểm họp", field="place"))
    if not nfc(m.chair).strip():
        out.append(Problem("Thiếu người chủ trì", field="chair"))
    if m.attendees < 1:
        out.append(Problem("Số người dự họp phải lớn hơn 0", field="attendees"))
    return out


class Meetings:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # --- meeting ----------------------------------------------------------------------------

    def record(
        self,
        m: Meeting,
        *,
        review_ids: Sequence[int] | None = None,
        outcomes: Mapping[int, Outcome] | None = None,
    ) -> MeetingResult:
        """Record a village meeting and its outcome per household (default: every accepted
        periodic record of the village, agreed unless ``outcomes`` says otherwise)."""
        self.ws.users.require("meeting.record")
        outcomes = dict(outcomes or {})
        ids = list(review_ids) if review_ids is not None else self._village_ids(m, Stage.ACCEPTED)
        ids += [i for i in outcomes if i not in ids]
        revs = [self.ws.reviews.get(i) for i in ids]
        problems = _meeting_problems(m) + self._place_problems(revs, m.ma_xa, m.nam_ra_soat, m.thon)
        problems += [Problem(f"Hộ {key_text(self.ws.reviews.get(i).key)}: ghi 'chưa thống nhất' cần ghi rõ lý do",
                             field="note") for i, o in outcomes.items() if not o.agreed and not (o.note or "").strip()]  # fmt: skip
        if problems:
            raise ValidationError(problems, "Biên bản họp dân không hợp lệ, chưa được ghi")
        agreed: list[ReviewId] = []
        disputed: list[ReviewId] = []
        with self.ws.operation("Ghi biên bản họp dân", f"{m.thon}, xã {m.ma_xa}, năm {m.nam_ra_soat}"):
            for action in ("agree", "dispute"):
                group = [r for r in revs if outcomes.get(r.id, Outcome()).agreed == (action == "agree")]
                if group:
                    notes = {"comment": "x"} if action == "dispute" else {}
                    self.ws.reviews.check(BY_ACTION[action], group, notes)
            mid = self._insert_meeting(m)
            for rev in revs:
                o = outcomes.get(rev.id, Outcome())
                self._outcome(mid, rev, o)
                (agreed if o.agreed else disputed).append(rev.id)
        return MeetingResult(mid, tuple(agreed), tuple(disputed))

    def _village_ids(self, m: Meeting, stage: Stage) -> list[int]:
        f = QueueFilter(year=m.nam_ra_soat, ma_xa=m.ma_xa, thon=m.thon, stages=(stage,), kind=Kind.PERIODIC)
        return list(self.ws.reviews.queue_ids(f))

    def _place_problems(
        self, revs: Sequence[ReviewInfo], ma_xa: str, year: int, thon: str | None
    ) -> list[Problem]:
        out = []
        if not revs:
            where = f"thôn {thon}" if thon else f"xã {ma_xa}"
            out.append(Problem(f"Không có hộ nào ở bước phù hợp tại {where} năm {year}"))
        for rev in revs:
            rev_thon = self._thon(rev)
            if rev.ma_xa != ma_xa or rev.nam_ra_soat != year or (thon is not None and rev_thon != nfc(thon)):
                out.append(
                    Problem(f"Hộ {key_text(rev.key)} không thuộc {thon or ma_xa} năm {year}", value=rev.ma_ho)
                )
        return out

    def _thon(self, rev: ReviewInfo) -> str | None:
        row = self.ws.conn.execute(
            "SELECT thon FROM households WHERE ma_xa=? AND ma_ho=? AND nam_ra_soat=?", rev.key
        ).fetchone()
        return str(row[0]) if row else rev.thon

    def _insert_meeting(self, m: Meeting) -> int:
        cur = self.ws.conn.execute(
            "INSERT INTO meetings (ma_xa, thon, nam_ra_soat, held_on, place, chair, attendees, minutes,"
            " created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (m.ma_xa, nfc(m.thon), m.nam_ra_soat, m.held_on.isoformat(), nfc(m.place).strip(),
             nfc(m.chair).strip(), m.attendees, nfc(m.minutes), self.ws.user, now_iso()),
        )  # fmt: skip
        mid = int(cur.lastrowid or 0)
        details = {**asdict(m), "held_on": m.held_on.isoformat()}
        self.ws.audit.record("meeting.record", "meeting", mid, field="minutes",
                             new=json.dumps(details, ensure_ascii=False))  # fmt: skip
        return mid

    def _outcome(self, mid: int, rev: ReviewInfo, o: Outcome) -> None:
        outcome = "agreed" if o.agreed else "disputed"
        self.ws.conn.execute(
            "INSERT INTO meeting_outcomes (meeting_id, review_id, outcome, votes_for, votes_against, note)"
            " VALUES (?,?,?,?,?,?)",
            (mid, rev.id, outcome, o.votes_for, o.votes_against, nfc(o.note) if o.note else None),
        )
        t = BY_ACTION["agree" if o.agreed else "dispute"]
        data = {"meeting_id": mid, "votes_for": o.votes_for, "votes_against": o.votes_against}
        self.ws.reviews._transition(rev, t, comment=o.note, data=data, cols={"meeting_id": mid})

    def get(self, mid: int) -> dict[str, Any]:
        cur = self.ws.conn.execute("SELECT * FROM meetings WHERE id=?", (mid,))
        row = cur.fetchone()
        if row is None:
            raise NotFound(f"Không có biên bản họp số {mid}")
        out = dict(zip([d[0] for d in cur.description], row, strict=True))
        cur = self.ws.conn.execute(
            "SELECT o.review_id, r.ma_ho, o.outcome, o.votes_for, o.votes_against, o.note FROM meeting_outcomes o"
            " JOIN reviews r ON r.id = o.review_id WHERE o.meeting_id=? ORDER BY r.ma_ho",
            (mid,),
        )
        out["outcomes"] = [dict(zip([d[0] for d in cur.description], r, strict=True)) for r in cur]
        return out

    def meetings(self, ma_xa: str, year: int) -> list[dict[str, Any]]:
        rows = self.ws.conn.execute(
            "SELECT id FROM meetings WHERE ma_xa=? AND nam_ra_soat=? ORDER BY held_on, id", (ma_xa, year)
        ).fetchall()
        return [self.get(r[0]) for r in rows]

    # --- posting ----------------------------------------------------------------------------

    def start_posting(
        self,
        ma_xa: str,
        year: int,
        start_on: dt.date,
        *,
        thon: str | None = None,
        working_days: int | None = None,
        place: str | None = None,
        review_ids: Sequence[int] | None = None,
    ) -> PostingResult:
        """Post the agreed records of a commune (or one village) from ``start_on``."""
        self.ws.users.require("posting.start")
        days = working_days or self.ws.settings.get_int("posting.working_days")
        end_on = period_end(start_on, days, self.ws.settings.holidays())
        if review_ids is None:
            f = QueueFilter(year=year, ma_xa=ma_xa, thon=thon, stages=(Stage.AGREED,), kind=Kind.PERIODIC)
            review_ids = self.ws.reviews.queue_ids(f)
        revs = [self.ws.reviews.get(i) for i in review_ids]
        problems = self._place_problems(revs, ma_xa, year, thon)
        if problems:
            raise ValidationError(problems, "Không niêm yết được: không có gì được lưu")
        t = BY_ACTION["post"]
        with self.ws.operation("Niêm yết công khai", f"xã {ma_xa} năm {year}"):
            self.ws.reviews.check(t, revs, {})
            cur = self.ws.conn.execute(
                "INSERT INTO postings (ma_xa, thon, nam_ra_soat, start_on, end_on, working_days, place,"
                " created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (ma_xa, nfc(thon) if thon else None, year, start_on.isoformat(), end_on.isoformat(), days,
                 nfc(place) if place else None, self.ws.user, now_iso()),
            )  # fmt: skip
            pid = int(cur.lastrowid or 0)
            self.ws.audit.record("posting.start", "posting", pid, field="period",
                                 new=f"{start_on.isoformat()}..{end_on.isoformat()}", reason=place)  # fmt: skip
            data = {"posting_id": pid, "start_on": start_on.isoformat(), "end_on": end_on.isoformat()}
            for rev in revs:
                self.ws.reviews._transition(rev, t, data=data, cols={"posting_id": pid})
        return PostingResult(pid, start_on, end_on, tuple(r.id for r in revs))

    def postings(self, ma_xa: str, year: int) -> list[dict[str, Any]]:
        cur = self.ws.conn.execute(
            "SELECT p.*, (SELECT count(*) FROM reviews r WHERE r.posting_id = p.id) AS households"
            " FROM postings p WHERE ma_xa=? AND nam_ra_soat=? ORDER BY start_on, id",
            (ma_xa, year),
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur]

    # --- complaints -------------------------------------------------------------------------

    def complaint(
        self, review_id: int, received_on: dt.date, content: str, *, complainant: str | None = None
    ) -> int:
        """A complaint about a posted record; the record goes to ``complaint`` for re-check."""
        self.ws.users.require("complaint.record")
        rev = self.ws.reviews.get(review_id)
        problems = []
        if received_on > today():
            problems.append(Problem("Ngày nhận khiếu nại ở tương lai", field="received_on"))
        start = self._posting_start(rev)
        if start is not None and received_on < start:
            problems.append(Problem(f"Ngày nhận khiếu nại trước ngày niêm yết ({format_date(start)})",
                                    field="received_on"))  # fmt: skip
        if problems:
            raise ValidationError(problems, "Khiếu nại không hợp lệ, chưa được ghi")
        t = BY_ACTION["complain"]
        with self.ws.operation("Ghi nhận khiếu nại", key_text(rev.key)):
            self.ws.reviews.check(t, [rev], {"comment": content})
            cur = self.ws.conn.execute(
                "INSERT INTO complaints (review_id, received_on, complainant, content, created_by, created_at)"
                " VALUES (?,?,?,?,?,?)",
                (rev.id, received_on.isoformat(), nfc(complainant) if complainant else None, nfc(content),
                 self.ws.user, now_iso()),
            )  # fmt: skip
            cid = int(cur.lastrowid or 0)
            self.ws.reviews._transition(rev, t, comment=nfc(content), data={"complaint_id": cid})
            self.ws.audit.record("complaint.add", "complaint", cid, subject=key_text(rev.key), field="content",
                                 new=nfc(content), reason=f"nhận ngày {received_on.isoformat()}")  # fmt: skip
        return cid

    def recheck(self, complaint_id: int, result: str, checked_on: dt.date, *, changed: bool = False) -> None:
        """The re-check (phúc tra) result of a complaint; the record is posted again."""
        self.ws.users.require("complaint.record")
        row = self.ws.conn.execute(
            "SELECT review_id, received_on, result FROM complaints WHERE id=?", (complaint_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"Không có khiếu nại số {complaint_id}")
        rev = self.ws.reviews.get(row[0])
        problems = []
        if row[2] is not None:
            problems.append(Problem(f"Khiếu nại số {complaint_id} đã có kết quả phúc tra"))
        if checked_on < dt.date.fromisoformat(row[1]) or checked_on > today():
            problems.append(
                Problem("Ngày phúc tra phải từ ngày nhận khiếu nại đến hôm nay", field="checked_on")
            )
        if problems:
            raise ValidationError(problems, "Không ghi được kết quả phúc tra")
        t = BY_ACTION["recheck"]
        outcome = "changed" if changed else "kept"
        with self.ws.operation("Ghi kết quả phúc tra", key_text(rev.key)):
            self.ws.reviews.check(t, [rev], {"comment": result})
            self.ws.conn.execute(
                "UPDATE complaints SET result=?, outcome=?, recheck_on=?, recheck_by=? WHERE id=?",
                (nfc(result), outcome, checked_on.isoformat(), self.ws.user, complaint_id),
            )
            self.ws.reviews._transition(rev, t, comment=nfc(result),
                                        data={"complaint_id": complaint_id, "outcome": outcome})  # fmt: skip
            self.ws.audit.record("complaint.recheck", "complaint", complaint_id, subject=key_text(rev.key),
                                 field="result", new=nfc(result), reason=outcome)  # fmt: skip

    def _posting_start(self, rev: ReviewInfo) -> dt.date | None:
        if rev.posting_id is None:
            return None
        row = self.ws.conn.execute("SELECT start_on FROM postings WHERE id=?", (rev.posting_id,)).fetchone()
        return dt.date.fromisoformat(row[0])

    def complaints(self, *, review_id: int | None = None, open_only: bool = False) -> list[dict[str, Any]]:
        conds, args = [], []
        if review_id is not None:
            conds.append("c.review_id = ?")
            args.append(review_id)
        if open_only:
            conds.append("c.result IS NULL")
        where = "WHERE " + " AND ".join(conds) if conds else ""
        cur = self.ws.conn.execute(
            "SELECT c.*, r.ma_xa, r.ma_ho, r.nam_ra_soat FROM complaints c JOIN reviews r ON r.id = c.review_id"
            f" {where} ORDER BY c.id",
            args,
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur]
