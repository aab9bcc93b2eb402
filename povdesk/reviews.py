"""The review workflow (QĐ 24/2021, spec §3) per household and review year (``ws.reviews``).

A *review record* (table ``reviews``) carries one household-year (``ma_xa``, ``ma_ho``,
``nam_ra_soat`` — the key of its answers in ``households``) through the procedure. Its
``stage`` moves only through :data:`TRANSITIONS` — data saying which roles may take each step,
from which stages, for which kind of review (periodic ``định kỳ`` / ongoing ``thường xuyên``)
and with which required fields::

    listed ─survey→ draft ─submit→ submitted ─accept→ accepted ─agree (meeting)→ agreed ─post→ posted
                            ↑          │ ↑                │ └dispute→ disputed ─settle→ agreed
                            └─returned←┘ └──resubmit──────┘ (return also from accepted/disputed)
    posted ─complain→ complaint ─recheck→ posted ─[consult, when the year has it]→ consulted
    posted|consulted ─recognise (decision no. + date)→ recognised          (periodic)
    accepted ─recognise→ recognised | ─reject→ rejected                    (ongoing, Mẫu 01/04)
    listed|draft|returned ─drop→ dropped;  recognised|rejected|dropped ─reopen→ a NEW record

Locking: a record in a terminal stage (recognised, rejected, dropped) is locked; the household's
answers cannot change in place. ``reopen`` supersedes it with a new current record (the old one
keeps its decision and a snapshot of the recognised answers), after which the household can be
edited again and goes through the steps anew.

Editing answers (every household write path calls :meth:`Reviews.guard_edit`):

* terminal stage → refused for everyone (:class:`ValidationError`, exit 2);
* agreed, posted, consulted → refused: the village agreed on these answers; change them through
  a complaint/re-check (complaint stage) or, before posting, by returning the record;
* enumerator → only records assigned to them, in listed, draft or returned (else exit 3);
* officer, administrator → listed … accepted, disputed, complaint; also households that have
  no review record (imports, corrections); chairman → never.

Saving the answers of a ``listed`` record moves it to ``draft`` (the *survey* step).
Every step writes a ``review_events`` row (the timeline) and audit entries (old → new, why).
Batch calls (:meth:`Reviews.apply` on many ids) check everything first and run in one
transaction: all or nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from povdesk import review_queue
from povdesk.audit import stored_content_hash
from povdesk.changes import Changes
from povdesk.errors import InputRefused, NotFound, PermissionDenied, Problem, ValidationError
from povdesk.households import now_iso
from povdesk.records import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, household_to_json
from povdesk.review_queue import INCOME_JUMP, MEMBERS_GONE, QUEUE_PRESETS, QueueFilter
from povdesk.text import format_date, nfc
from povdesk.users import Actor, Role, denied
from povdesk.workflow import (
    BY_ACTION,
    EDITABLE,
    ENUMERATOR_EDITABLE,
    FIELD_LABELS,
    LOCKED,
    TRANSITIONS,
    Key,
    Kind,
    ReviewId,
    Stage,
    Transition,
    key_text,
    sources,
    today,
)

__all__ = [  # the workflow's public names, importable from here as well as from their modules
    "BY_ACTION", "INCOME_JUMP", "LOCKED", "MEMBERS_GONE", "QUEUE_PRESETS", "TRANSITIONS", "ActionResult",
    "Key", "Kind", "QueueFilter", "ReviewId", "ReviewInfo", "Reviews", "Stage", "Transition", "key_text",
    "sources", "today",
]  # fmt: skip

if TYPE_CHECKING:
    from povdesk.workspace import Workspace


@dataclass(frozen=True)
class ReviewInfo:
    id: ReviewId
    ma_xa: str
    ma_ho: str
    nam_ra_soat: int
    kind: Kind
    stage: Stage
    current: bool
    thon: str | None
    assigned_to: str | None
    source: str | None
    previous_id: int | None
    request_id: int | None
    meeting_id: int | None
    posting_id: int | None
    consult_ref: str | None
    decision_no: str | None
    decision_date: str | None
    created_at: str
    updated_at: str

    @property
    def key(self) -> Key:
        return (self.ma_xa, self.ma_ho, self.nam_ra_soat)

    @property
    def locked(self) -> bool:
        return self.stage in LOCKED


_FEW = 32  # up to this many keys, look each up by the unique index
_REVIEW_COLS = ", ".join(f.name for f in ReviewInfo.__dataclass_fields__.values())


def _info(row: Sequence[Any]) -> ReviewInfo:
    d = dict(zip(ReviewInfo.__dataclass_fields__, row, strict=True))
    d["kind"], d["stage"], d["current"] = Kind(d["kind"]), Stage(d["stage"]), bool(d["current"])
    return ReviewInfo(**d)


@dataclass(frozen=True)
class ActionResult:
    action: str
    ids: tuple[ReviewId, ...]
    changes: Changes = field(default_factory=lambda: Changes(reviews=True))


class Reviews:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._copying = False

    @contextlib.contextmanager
    def copying(self) -> Iterator[None]:
        """Saves inside this block are copies, not surveys: ``listed`` records stay listed."""
        outer, self._copying = self._copying, True
        try:
            yield
        finally:
            self._copying = outer

    # --- reading ----------------------------------------------------------------------------

    def get(self, rid: int) -> ReviewInfo:
        row = self.ws.conn.execute(f"SELECT {_REVIEW_COLS} FROM reviews WHERE id=?", (rid,)).fetchone()
        if row is None:
            raise NotFound(f"Không có lượt rà soát số {rid}")
        return _info(row)

    def current(self, ma_xa: str, ma_ho: str, year: int) -> ReviewInfo | None:
        row = self.ws.conn.execute(
            f"SELECT {_REVIEW_COLS} FROM reviews WHERE ma_xa=? AND ma_ho=? AND nam_ra_soat=? AND current=1",
            (ma_xa, ma_ho, year),
        ).fetchone()
        return None if row is None else _info(row)

    def require(self, ma_xa: str, ma_ho: str, year: int) -> ReviewInfo:
        rev = self.current(ma_xa, ma_ho, year)
        if rev is None:
            raise NotFound(f"Hộ {ma_ho} của xã {ma_xa} không có trong danh sách rà soát năm {year}")
        return rev

    def records(self, ma_xa: str, ma_ho: str, year: int) -> list[ReviewInfo]:
        """Every review record of a household-year, oldest first (superseded ones included)."""
        rows = self.ws.conn.execute(
            f"SELECT {_REVIEW_COLS} FROM reviews WHERE ma_xa=? AND ma_ho=? AND nam_ra_soat=? ORDER BY id",
            (ma_xa, ma_ho, year),
        ).fetchall()
        return [_info(r) for r in rows]

    def _current_many(self, keys: Sequence[Key]) -> dict[Key, ReviewInfo]:
        """Current records of ``keys``: by the unique index for a few, by commune-year for many."""
        if len(keys) <= _FEW:
            found = (self.current(*k) for k in keys)
            return {r.key: r for r in found if r is not None}
        groups: dict[tuple[str, int], set[str]] = {}
        for xa, ho, year in keys:
            groups.setdefault((xa, year), set()).add(ho)
        out: dict[Key, ReviewInfo] = {}
        for (xa, year), codes in groups.items():
            rows = self.ws.conn.execute(
                f"SELECT {_REVIEW_COLS} FROM reviews WHERE ma_xa=? AND nam_ra_soat=? AND current=1",
                (xa, year),
            )
            for row in rows:
                if row[2] in codes:  # ma_ho: build objects only for the keys asked about
                    rev = _info(row)
                    out[rev.key] = rev
        return out

    def queue_ids(self, f: QueueFilter) -> list[ReviewId]:
        """Ordered ids of the review records ``f`` selects (for a lazily fetching table model)."""
        return review_queue.queue_ids(self.ws.conn, f)

    def queue(self, f: QueueFilter) -> list[dict[str, Any]]:
        """Rows for the review queue (see :func:`povdesk.review_queue.queue_rows`)."""
        return review_queue.queue_rows(self.ws.conn, f)

    def rows(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        """Queue rows of ``ids`` in the given order (a page of :meth:`queue_ids`)."""
        return review_queue.rows_of(self.ws.conn, ids)

    def counts(self, *, year: int | None = None, ma_xa: str | None = None) -> dict[str, int]:
        """Number of current records per stage (for the queue's filter badges)."""
        return review_queue.stage_counts(self.ws.conn, year=year, ma_xa=ma_xa)

    def preset(self, name: str, **kw: Any) -> QueueFilter:
        """A :data:`QUEUE_PRESETS` filter combined with ``year``, ``ma_xa``, ``thon`` …"""
        try:
            return replace(QUEUE_PRESETS[name][1], **kw)
        except KeyError:
            raise InputRefused(f"Không có bộ lọc '{name}' (có: {', '.join(QUEUE_PRESETS)})") from None

    def timeline(self, ma_xa: str, ma_ho: str, year: int) -> list[dict[str, Any]]:
        """The stage timeline of a household-year across all its review records, oldest first."""
        cur = self.ws.conn.execute(
            "SELECT e.id, e.review_id, e.at, e.user, e.action, e.from_stage, e.to_stage, e.comment, e.data"
            " FROM review_events e JOIN reviews r ON r.id = e.review_id"
            " WHERE r.ma_xa=? AND r.ma_ho=? AND r.nam_ra_soat=? ORDER BY e.id",
            (ma_xa, ma_ho, year),
        )
        names = [d[0] for d in cur.description]
        out = []
        for r in cur:
            row = dict(zip(names, r, strict=True))
            t = BY_ACTION.get(row["action"])
            row["action_label"] = t.label if t else _EXTRA_ACTIONS.get(row["action"], row["action"])
            row["to_label"] = Stage(row["to_stage"]).label if row["to_stage"] else None
            row["from_label"] = Stage(row["from_stage"]).label if row["from_stage"] else None
            row["data"] = json.loads(row["data"]) if row["data"] else {}
            out.append(row)
        return out

    def comments(self, rid: int, *, open_only: bool = False) -> list[dict[str, Any]]:
        cond = " AND status='open'" if open_only else ""
        cur = self.ws.conn.execute(
            "SELECT id, review_id, at, user, field, member_stt, text, status, resolved_at, resolved_by"
            f" FROM review_comments WHERE review_id=?{cond} ORDER BY id",
            (rid,),
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur]

    def start_year(self, ma_xa: str, year: int, **kw: Any) -> Any:
        """:func:`povdesk.yearstart.start_year` (step 1: the list to review), as a manager call."""
        from povdesk.yearstart import start_year

        return start_year(self.ws, ma_xa, year, **kw)

    def year_diff(self, ma_xa: str, ma_ho: str, year: int) -> Any:
        """:func:`povdesk.yearstart.year_diff`: changes since last year and implausible-jump flags."""
        from povdesk.yearstart import year_diff

        return year_diff(self.ws, ma_xa, ma_ho, year)

    def require_step(self, action: str) -> Actor:
        """The actor, if their role may take step ``action`` at all (exit 3 otherwise)."""
        t = self._transition_for(action)
        actor = self.ws.users.actor
        if actor is None or actor.role not in t.roles:
            raise denied(actor, t.label)
        return actor

    def allowed_actions(self, rid: int) -> list[str]:
        """Plain actions the signed-in user may take on record ``rid`` now (for the UI's buttons)."""
        rev, actor = self.get(rid), self.ws.users.actor
        if actor is None or not rev.current:
            return []
        out = []
        for t in TRANSITIONS:
            if t.via or actor.role not in t.roles or rev.kind not in t.kinds:
                continue
            if rev.stage in sources(t, rev.kind) and not (t.own and not self._owns(actor, rev)):
                out.append(t.action)
        return out

    # --- the edit guard (called by Households) -------------------------------------------------

    def guard_edit(self, keys: Iterable[Key], *, survey: bool = True) -> None:
        """Refuse changing the answers of these household-years unless the signed-in user may.

        Called by every household write path, inside its transaction, before writing changed
        content. Raises :class:`ValidationError` (locked or frozen stage; nothing written) or
        :class:`PermissionDenied`. Moves ``listed`` records to ``draft`` (surveyed) unless
        ``survey`` is false (deletion) or inside :meth:`copying`.
        """
        keys = list(keys)
        actor = self.ws.users.require_signed_in()
        revs = self._current_many(keys)
        problems = []
        for key in keys:
            rev = revs.get(key)
            if rev is None:
                if not actor.can("household.create"):
                    raise denied(actor, f"sửa hộ {key_text(key)}: hộ không có trong danh sách rà soát")
                continue
            problem = self._edit_problem(rev, actor)
            if problem is not None:
                problems.append(problem)
        if problems:
            raise ValidationError(problems, "Không sửa được hộ: không có gì được lưu")
        listed = [r for r in revs.values() if r.stage is Stage.LISTED]
        if self._copying or not survey or not listed:
            return
        with self.ws.atomic():
            for rev in listed:
                self._transition(rev, BY_ACTION["survey"])

    def _edit_problem(self, rev: ReviewInfo, actor: Actor) -> Problem | None:
        where = f"Hộ {rev.ma_ho} (xã {rev.ma_xa}, năm {rev.nam_ra_soat})"
        if rev.stage is Stage.RECOGNISED:
            when = format_date(dt.date.fromisoformat(rev.decision_date)) if rev.decision_date else "?"
            return Problem(
                f"{where} đã được công nhận theo quyết định số {rev.decision_no} ngày {when}: hồ sơ đã khóa,"
                " không sửa trực tiếp được. Muốn thay đổi phải mở lượt rà soát mới (povdesk review reopen).",
                field="ma_ho", value=rev.ma_ho,
            )  # fmt: skip
        if rev.stage in LOCKED:
            return Problem(f"{where} đã kết thúc ({rev.stage.label}): hồ sơ đã khóa, cần mở lượt rà soát mới",
                           field="ma_ho", value=rev.ma_ho)  # fmt: skip
        if rev.stage not in EDITABLE:
            return Problem(
                f"{where} đang ở bước '{rev.stage.label}': kết quả đã được họp dân thống nhất; chỉ sửa"
                " được qua khiếu nại và phúc tra",
                field="ma_ho", value=rev.ma_ho,
            )  # fmt: skip
        if actor.role is Role.CHAIRMAN:
            raise denied(actor, "sửa phiếu rà soát")
        if actor.role is Role.ENUMERATOR:
            if rev.assigned_to != actor.name:
                raise denied(actor, f"sửa hộ {key_text(rev.key)}: hộ không được giao cho người này")
            if rev.stage not in ENUMERATOR_EDITABLE:
                raise PermissionDenied(
                    f"Hộ {key_text(rev.key)} đang ở bước '{rev.stage.label}': rà soát viên chỉ sửa được"
                    " khi cán bộ xã trả lại"
                )
        return None

    # --- taking steps -----------------------------------------------------------------------

    def apply(
        self,
        action: str,
        ids: Iterable[int],
        *,
        comment: str | None = None,
        decision_no: str | None = None,
        decision_date: dt.date | None = None,
        ref: str | None = None,
    ) -> ActionResult:
        """Take step ``action`` on every record in ``ids``: all in one transaction or none."""
        t = self._transition_for(action)
        if t.via:
            raise InputRefused(f"Bước '{t.label}' được thực hiện qua {_VIA_LABELS[t.via]}")
        if t.action == "reopen":
            return self.reopen(ids, comment or "")
        revs = [self.get(i) for i in dict.fromkeys(ids)]
        fields: dict[str, Any] = {"comment": comment, "decision_no": decision_no, "decision_date": decision_date,
                                  "ref": ref}  # fmt: skip
        with self.ws.operation(t.label.capitalize(), f"{len(revs)} hộ"):
            self.check(t, revs, fields)
            for rev in revs:
                self._take(t, rev, fields)
        return ActionResult(t.action, tuple(r.id for r in revs))

    def submit(self, ids: Iterable[int]) -> ActionResult:
        """Submit drafts and resubmit returned records (the enumerator's "send")."""
        revs = [self.get(i) for i in ids]
        returned = [r.id for r in revs if r.stage is Stage.RETURNED]
        if returned and len(returned) == len(revs):
            return self.apply("resubmit", returned)
        return self.apply("submit", [r.id for r in revs])

    def recognise(self, ids: Iterable[int], decision_no: str, decision_date: dt.date) -> ActionResult:
        """Recognise records with one decision (Mẫu 02) number and date; locks them."""
        return self.apply("recognise", ids, decision_no=decision_no, decision_date=decision_date)

    def _transition_for(self, action: str) -> Transition:
        try:
            return BY_ACTION[action]
        except KeyError:
            raise InputRefused(f"Không có bước '{action}' (có: {', '.join(BY_ACTION)})") from None

    def check(self, t: Transition, revs: Sequence[ReviewInfo], fields: Mapping[str, Any]) -> Actor:
        """Who may (exit 3) and whether each record can (exit 2) take step ``t``; writes nothing."""
        actor = self.ws.users.actor
        if actor is None or actor.role not in t.roles:
            raise denied(actor, t.label)
        if t.own and actor.role is Role.ENUMERATOR:
            others = [r for r in revs if not self._owns(actor, r)]
            if others:
                raise denied(actor, f"{t.label} hộ {key_text(others[0].key)} (không được giao cho người này)")
        problems = [
            Problem(f"Cần {FIELD_LABELS[f]} để {t.label}", field=f)
            for f in t.requires
            if not (str(fields.get(f) or "").strip())
        ]
        if not revs:
            problems.append(Problem(f"Không có hộ nào để {t.label}"))
        for rev in revs:
            problems += self._stage_problems(t, rev, fields)
        if problems:
            raise ValidationError(problems, f"Không thể {t.label}: không có gì được lưu")
        return actor

    def _owns(self, actor: Actor, rev: ReviewInfo) -> bool:
        return actor.role is not Role.ENUMERATOR or rev.assigned_to == actor.name

    def _stage_problems(self, t: Transition, rev: ReviewInfo, fields: Mapping[str, Any]) -> list[Problem]:
        where = f"Hộ {rev.ma_ho} (xã {rev.ma_xa}, năm {rev.nam_ra_soat})"
        if not rev.current:
            return [Problem(f"{where}: lượt rà soát số {rev.id} đã được thay bằng lượt mới", value=rev.ma_ho)]
        if rev.kind not in t.kinds:
            return [Problem(f"{where}: rà soát {rev.kind.label} không có bước '{t.label}'", value=rev.ma_ho)]
        if rev.stage not in sources(t, rev.kind):
            return [Problem(f"{where} đang ở bước '{rev.stage.label}': không thể {t.label}", value=rev.ma_ho)]
        if t.needs_household and self.ws.households.find(*rev.key) is None:
            return [Problem(f"{where} chưa có phiếu rà soát: không thể {t.label}", value=rev.ma_ho)]
        return self._condition_problems(t, rev, fields, where)

    def _condition_problems(
        self, t: Transition, rev: ReviewInfo, fields: Mapping[str, Any], where: str
    ) -> list[Problem]:
        settings = self.ws.settings
        consult = rev.kind is Kind.PERIODIC and settings.consultation(rev.nam_ra_soat)
        if t.action == "consult" and not consult:
            return [Problem(f"Năm {rev.nam_ra_soat} không có bước xin ý kiến cấp trên"
                            f" (thiết lập consultation.{rev.nam_ra_soat})")]  # fmt: skip
        if t.action == "recognise" and consult and rev.stage is Stage.POSTED:
            return [Problem(f"{where}: năm {rev.nam_ra_soat} phải xin ý kiến cấp trên trước khi công nhận")]
        if t.action in ("consult", "recognise") and rev.kind is Kind.PERIODIC:
            end = self._posting_end(rev)
            on = fields.get("decision_date") or today()
            if end is not None and on <= end:
                return [Problem(f"{where}: chưa hết thời gian niêm yết (đến hết ngày {format_date(end)})",
                                field="decision_date")]  # fmt: skip
        return []

    def _posting_end(self, rev: ReviewInfo) -> dt.date | None:
        if rev.posting_id is None:
            return None
        row = self.ws.conn.execute("SELECT end_on FROM postings WHERE id=?", (rev.posting_id,)).fetchone()
        return dt.date.fromisoformat(row[0])

    def _take(self, t: Transition, rev: ReviewInfo, fields: Mapping[str, Any]) -> None:
        comment = nfc(str(fields["comment"])) if fields.get("comment") else None
        cols: dict[str, Any] = {}
        data: dict[str, Any] = {}
        if t.action == "recognise":
            cols = self._recognition(rev, fields["decision_no"], fields["decision_date"])
            data = {"decision_no": cols["decision_no"], "decision_date": cols["decision_date"]}
        elif t.action == "consult":
            cols = {"consult_ref": nfc(str(fields["ref"]))}
            data = {"ref": cols["consult_ref"]}
        self._transition(rev, t, comment=comment, data=data, cols=cols)
        if t.action == "resubmit":
            self._address_comments(rev)

    def _recognition(self, rev: ReviewInfo, number: str, on: dt.date) -> dict[str, Any]:
        hid = self.ws.households.require(*rev.key)
        h, c = self.ws.households.get(hid), self.ws.households.classification(hid)
        snap = {"household": household_to_json(h), "classification": {"rule_set": c.rule_set,
                "class": c.klass.value, "phan_loai": c.klass.label, "chi_so_thieu_hut": list(c.deprived)}}  # fmt: skip
        return {
            "decision_no": nfc(number).strip(),
            "decision_date": on.isoformat(),
            "snapshot": json.dumps(snap, ensure_ascii=False),
            "snapshot_hash": stored_content_hash(self.ws.conn, *rev.key),
        }

    def _transition(
        self,
        rev: ReviewInfo,
        t: Transition,
        *,
        comment: str | None = None,
        data: Mapping[str, Any] | None = None,
        cols: Mapping[str, Any] | None = None,
    ) -> None:
        """Move ``rev`` along ``t`` (already checked): stage, extra columns, event, audit."""
        cols = dict(cols or {})
        sets = "".join(f", {c}=?" for c in cols)
        self.ws.conn.execute(
            f"UPDATE reviews SET stage=?, updated_at=?{sets} WHERE id=?",
            [t.target.value, now_iso(), *cols.values(), rev.id],
        )
        self._event(rev.id, t.action, rev.stage, t.target, comment, data)
        audit, subject = self.ws.audit, key_text(rev.key)
        audit.record(t.action, "review", rev.id, subject=subject, field="stage", old=rev.stage.value,
                     new=t.target.value, reason=comment)  # fmt: skip
        for c in ("decision_no", "decision_date", "consult_ref", "meeting_id", "posting_id"):
            if c in cols:
                audit.record(t.action, "review", rev.id, subject=subject, field=c, new=cols[c])
        if "snapshot_hash" in cols:
            audit.record(
                t.action, "review", rev.id, subject=subject, field="snapshot", new=cols["snapshot_hash"]
            )

    def _event(
        self,
        rid: int,
        action: str,
        old: Stage | None,
        new: Stage | None,
        comment: str | None,
        data: Mapping[str, Any] | None,
    ) -> None:
        self.ws.conn.execute(
            "INSERT INTO review_events (review_id, at, user, action, from_stage, to_stage, comment, data)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (rid, now_iso(), self.ws.user, action, old and old.value, new and new.value, comment,
             json.dumps(dict(data), ensure_ascii=False, default=str) if data else None),
        )  # fmt: skip

    def _address_comments(self, rev: ReviewInfo) -> None:
        self.ws.conn.execute(
            "UPDATE review_comments SET status='addressed', resolved_at=?, resolved_by=?"
            " WHERE review_id=? AND status='open'",
            (now_iso(), self.ws.user, rev.id),
        )

    # --- records, assignment, comments -------------------------------------------------------

    def create(
        self,
        key: Key,
        kind: Kind,
        *,
        source: str,
        thon: str | None = None,
        assigned_to: str | None = None,
        request_id: int | None = None,
        previous_id: int | None = None,
        reason: str | None = None,
    ) -> ReviewId:
        """Insert a ``listed`` record (inside the caller's operation; no permission check)."""
        stamp = now_iso()
        cur = self.ws.conn.execute(
            "INSERT INTO reviews (ma_xa, ma_ho, nam_ra_soat, kind, stage, current, thon, assigned_to, source,"
            " previous_id, request_id, created_at, updated_at) VALUES (?,?,?,?,?,1,?,?,?,?,?,?,?)",
            (*key, kind.value, Stage.LISTED.value, thon, assigned_to, source, previous_id, request_id, stamp,
             stamp),
        )  # fmt: skip
        rid = ReviewId(int(cur.lastrowid or 0))
        self._event(rid, "create", None, Stage.LISTED, reason, {"kind": kind.value, "source": source})
        audit, subject = self.ws.audit, key_text(key)
        audit.record("create", "review", rid, subject=subject, field="stage", new=Stage.LISTED.value,
                     reason=reason or _SOURCE_LABELS.get(source, source))  # fmt: skip
        audit.record("create", "review", rid, subject=subject, field="assigned_to", new=assigned_to)
        return rid

    def reopen(self, ids: Iterable[int], reason: str, *, kind: Kind | None = None) -> ActionResult:
        """Supersede locked records with new ``listed`` ones (the old keep decision and snapshot)."""
        t = BY_ACTION["reopen"]
        revs = [self.get(i) for i in dict.fromkeys(ids)]
        new_ids = []
        with self.ws.operation("Mở lượt rà soát mới", f"{len(revs)} hộ"):
            self.check(t, revs, {"comment": reason})
            for rev in revs:
                new_ids.append(self.supersede(rev, kind or rev.kind, "reopen", reason=nfc(reason)))
        return ActionResult("reopen", tuple(new_ids))

    def supersede(self, rev: ReviewInfo, kind: Kind, source: str, *, reason: str | None = None,
                  request_id: int | None = None) -> ReviewId:  # fmt: skip
        """Replace the current record ``rev`` by a new listed one (caller's operation, checked)."""
        self.ws.conn.execute("UPDATE reviews SET current=0, updated_at=? WHERE id=?", (now_iso(), rev.id))
        self.ws.audit.record("supersede", "review", rev.id, subject=key_text(rev.key), field="current",
                             old="1", new="0", reason=reason)  # fmt: skip
        return self.create(rev.key, kind, source=source, thon=rev.thon, assigned_to=rev.assigned_to,
                           request_id=request_id, previous_id=rev.id, reason=reason)  # fmt: skip

    def assign(self, ids: Iterable[int], user: str | None) -> ActionResult:
        """Assign records to an enumerator account (``None`` clears); one transaction."""
        self.ws.users.require("review.assign")
        if user is not None:
            info = self.ws.users.get(user) if self.ws.users.any() else None
            if info is not None and not info.active:
                raise InputRefused(f"Tài khoản {user} đã bị vô hiệu hóa")
        revs = [self.get(i) for i in dict.fromkeys(ids)]
        bad = [
            Problem(f"Hộ {key_text(r.key)} đã khóa ({r.stage.label})")
            for r in revs
            if r.locked or not r.current
        ]
        if bad:
            raise ValidationError(bad, "Không phân công được: không có gì được lưu")
        with self.ws.operation("Phân công rà soát", f"{len(revs)} hộ → {user or '—'}"):
            for rev in revs:
                self.ws.conn.execute("UPDATE reviews SET assigned_to=?, updated_at=? WHERE id=?",
                                     (user, now_iso(), rev.id))  # fmt: skip
                self._event(
                    rev.id, "assign", rev.stage, rev.stage, None, {"from": rev.assigned_to, "to": user}
                )
                self.ws.audit.record("assign", "review", rev.id, subject=key_text(rev.key), field="assigned_to",
                                     old=rev.assigned_to, new=user)  # fmt: skip
        return ActionResult("assign", tuple(r.id for r in revs))

    def comment(self, rid: int, text: str, *, field: str | None = None, member: int | None = None) -> int:
        """A comment on a record, or on one field (``thu_nhap_bq``) / member (``stt``) of it."""
        actor = self.ws.users.require("review.comment")
        rev = self.get(rid)
        if not self._owns(actor, rev):
            raise denied(actor, f"nhận xét hộ {key_text(rev.key)} (không được giao cho người này)")
        problems = []
        if not text.strip():
            problems.append(Problem("Nhận xét trống", field="text"))
        if field is not None and field not in HOUSEHOLD_COLUMNS and field not in MEMBER_COLUMNS:
            problems.append(Problem(f"Không có trường '{field}'", field="field", value=field))
        if rev.locked or not rev.current:
            problems.append(Problem(f"Hộ {key_text(rev.key)} đã khóa ({rev.stage.label})"))
        if problems:
            raise ValidationError(problems, "Không ghi được nhận xét")
        with self.ws.operation("Nhận xét", key_text(rev.key)):
            cur = self.ws.conn.execute(
                "INSERT INTO review_comments (review_id, at, user, field, member_stt, text, status)"
                " VALUES (?,?,?,?,?,?, 'open')",
                (rid, now_iso(), self.ws.user, field, member, nfc(text.strip())),
            )
            cid = int(cur.lastrowid or 0)
            self._event(
                rid, "comment", rev.stage, rev.stage, nfc(text.strip()), {"field": field, "member": member}
            )
            where = "/".join(str(p) for p in (field, member) if p is not None) or None
            self.ws.audit.record("comment", "review", rid, subject=key_text(rev.key), old=where,
                                 new=nfc(text.strip()))  # fmt: skip
        return cid


_VIA_LABELS = {
    "household.save": "việc lưu phiếu rà soát",
    "meeting": "biên bản họp dân (povdesk review meeting)",
    "posting": "niêm yết (povdesk review post)",
    "complaint": "khiếu nại / phúc tra (povdesk review complaint|recheck)",
}
_SOURCE_LABELS = {
    "poor": "hộ nghèo năm trước",
    "near_poor": "hộ cận nghèo năm trước",
    "request": "giấy đề nghị",
    "reopen": "mở lượt rà soát mới",
    "manual": "thêm vào danh sách",
}
_EXTRA_ACTIONS = {"create": "đưa vào danh sách", "assign": "phân công", "comment": "nhận xét"}
