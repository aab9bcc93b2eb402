"""Households: save (validate → classify → write → history, one transaction), load, list.

Widgets and commands call these methods; nothing else writes the household tables.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from povdesk.changes import Changes
from povdesk.domain import Classification, Commune, Household, HouseholdClass, HouseholdId
from povdesk.errors import NoRuleSet, NotFound, Problem, ValidationError
from povdesk.progress import CancelToken, ProgressFn, Reporter
from povdesk.records import (
    HOUSEHOLD_COLUMNS,
    MEMBER_COLUMNS,
    content_hash,
    diff,
    household_from_rows,
    household_row,
    member_row,
)
from povdesk.rules import classify
from povdesk.rules.ruleset import RuleSet
from povdesk.validation import check_household

if TYPE_CHECKING:
    from povdesk.batch import BatchReport
    from povdesk.rules import RuleBook
    from povdesk.workspace import Workspace

INSERTED, UPDATED, UNCHANGED = "inserted", "updated", "unchanged"


@dataclass(frozen=True)
class SaveResult:
    id: HouseholdId
    status: str  # INSERTED, UPDATED or UNCHANGED
    classification: Classification
    warnings: tuple[Problem, ...] = ()
    changes: Changes = field(default_factory=Changes)


@dataclass(frozen=True)
class ReclassifyReport:
    households: int
    changed: int
    changes: Changes


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class Households:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # --- checking -------------------------------------------------------------------------

    def check(self, h: Household) -> tuple[Classification | None, list[Problem]]:
        """Validate ``h`` and classify it under its year's rule set, without writing.

        Returns the classification (``None`` if any error) and every problem found.
        """
        return check_against(h, self.ws.rules)

    # --- writing --------------------------------------------------------------------------

    def save(self, h: Household, *, kind: str = "Lưu hộ") -> SaveResult:
        """Insert or update one household (keyed by commune, code, year) in one transaction.

        Raises :class:`ValidationError` (nothing written) listing every problem if ``h`` is
        invalid or cannot be classified.
        """
        with self.ws.operation(kind, f"{h.ma_xa}/{h.ma_ho}/{h.nam_ra_soat}") as op:
            return self.save_in(h, op)

    def save_many(
        self,
        households: Sequence[Household],
        *,
        kind: str = "Lưu nhiều hộ",
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> list[SaveResult]:
        """Save all or none: the first invalid household raises and rolls everything back."""
        rep = Reporter("Đang lưu hộ", len(households), progress, cancel)
        out = []
        with self.ws.operation(kind, f"{len(households)} hộ") as op:
            for h in households:
                out.append(self.save_in(h, op))
                rep.step()
            rep.finish()
        return out

    def save_batch(
        self,
        households: Sequence[Household],
        op: int | None = None,
        *,
        kind: str = "Lưu nhiều hộ",
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> BatchReport:
        """Like :meth:`save_many` but checks every household first (raising one
        :class:`ValidationError` listing every problem) and writes with the fast path
        (:func:`povdesk.batch.write_batch`); inside ``op`` if given, else in its own operation."""
        from povdesk.batch import stored, write_batch

        items, problems = [], []
        for h in households:
            cls, found = self.check(h)
            problems += [replace(p, message=f"Hộ {h.ma_ho}: {p.message}") for p in found if p.is_error]
            if cls is not None:
                items.append(stored(h, cls))
        if problems:
            raise ValidationError(problems, "Dữ liệu hộ bị từ chối, không có gì được lưu")
        if op is not None:
            return write_batch(self.ws, items, op, progress=progress, cancel=cancel)
        with self.ws.operation(kind, f"{len(items)} hộ") as new_op:
            return write_batch(self.ws, items, new_op, progress=progress, cancel=cancel)

    def save_in(self, h: Household, op: int) -> SaveResult:
        """Save inside an open operation (see :meth:`Workspace.operation`)."""
        cls, problems = self.check(h)
        if cls is None:
            raise ValidationError(problems, f"Hộ {h.ma_ho} không lưu được")
        warnings = tuple(p for p in problems if not p.is_error)
        conn = self.ws.conn
        hrow, mrows = household_row(h), [member_row(m) for m in h.members]
        digest = content_hash(hrow, mrows)
        existing = conn.execute(
            "SELECT id, content_hash FROM households WHERE ma_xa=? AND ma_ho=? AND nam_ra_soat=?",
            (h.ma_xa, h.ma_ho, h.nam_ra_soat),
        ).fetchone()
        if existing and existing[1] == digest:
            hid = HouseholdId(existing[0])
            changed = self._store_classification(hid, cls)
            return SaveResult(hid, UNCHANGED, cls, warnings, Changes(classifications=changed))
        self.ws.reviews.guard_edit([h.key])  # locked records, who may edit (povdesk.reviews)
        communes_changed = self.ws.communes.ensure(Commune(h.ma_xa, h.ten_xa or f"Xã {h.ma_xa}", h.khu_vuc))
        village = self.ws.communes.village_id(h.ma_xa, h.thon)
        stamp = now_iso()
        if existing:
            hid = HouseholdId(existing[0])
            old_h, old_m = self._rows(hid)
            self._write_history(op, hid, h, diff(old_h, old_m, hrow, mrows))
            sets = ", ".join(f"{c}=?" for c in HOUSEHOLD_COLUMNS)
            conn.execute(
                f"UPDATE households SET {sets}, village_id=?, content_hash=?, version=version+1, "
                "updated_at=? WHERE id=?",
                [*hrow.values(), village, digest, stamp, hid],
            )
            conn.execute("DELETE FROM members WHERE household_id=?", (hid,))
            status = UPDATED
        else:
            cols = ", ".join(HOUSEHOLD_COLUMNS)
            cur = conn.execute(
                f"INSERT INTO households ({cols}, village_id, content_hash, created_at, updated_at) "
                f"VALUES ({', '.join('?' * (len(HOUSEHOLD_COLUMNS) + 4))})",
                [*hrow.values(), village, digest, stamp, stamp],
            )
            hid = HouseholdId(int(cur.lastrowid or 0))
            self._write_history(op, hid, h, [(None, "*", None, "tạo mới")])
            status = INSERTED
        conn.executemany(
            f"INSERT INTO members (household_id, {', '.join(MEMBER_COLUMNS)}) "
            f"VALUES (?, {', '.join('?' * len(MEMBER_COLUMNS))})",
            [[hid, *r.values()] for r in mrows],
        )
        self._store_classification(hid, cls)
        changes = Changes(communes=communes_changed, households=True, classifications=True, history=True)
        return SaveResult(hid, status, cls, warnings, changes)

    def _write_history(
        self,
        op: int,
        hid: HouseholdId,
        h: Household,
        changes: Iterable[tuple[int | None, str, Any, Any]],
    ) -> None:
        self.ws.conn.executemany(
            "INSERT INTO history (operation_id, household_id, ma_xa, ma_ho, nam_ra_soat, member_stt,"
            " field, old, new) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (op, hid, h.ma_xa, h.ma_ho, h.nam_ra_soat, stt, f, _txt(old), _txt(new))
                for stt, f, old, new in changes
            ],
        )

    def _store_classification(self, hid: HouseholdId, c: Classification) -> bool:
        """Upsert the classification; returns whether it differed from the stored one."""
        deprived = "; ".join(c.deprived)
        old = self.ws.conn.execute(
            "SELECT rule_set, klass, deprived, explanation FROM classifications WHERE household_id=?",
            (hid,),
        ).fetchone()
        if old == (c.rule_set, c.klass.value, deprived, c.explanation):
            return False
        self.ws.conn.execute(
            "INSERT OR REPLACE INTO classifications (household_id, rule_set, klass, deprived,"
            " deprivation_count, income, score_a, line, upper, explanation, inputs, classified_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (hid, c.rule_set, c.klass.value, deprived, c.deprivation_count, c.income, c.score_a,
             c.line, c.upper, c.explanation, json.dumps(c.inputs, ensure_ascii=False), now_iso()),
        )  # fmt: skip
        return True

    def delete(self, hid: HouseholdId) -> Changes:
        h = self.get(hid)
        self.ws.users.require("household.delete")
        with self.ws.operation("Xóa hộ", f"{h.ma_xa}/{h.ma_ho}/{h.nam_ra_soat}") as op:
            self.ws.reviews.guard_edit([h.key], survey=False)
            self._write_history(op, hid, h, [(None, "*", "có", "đã xóa")])
            self.ws.conn.execute("DELETE FROM households WHERE id=?", (hid,))
        return Changes(households=True, classifications=True, history=True)

    def reclassify(
        self,
        year: int | None = None,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> ReclassifyReport:
        """Re-classify every household (of ``year``) under its year's rule set; all or nothing."""
        ids = self.ids(year=year)
        rep = Reporter("Đang phân loại lại", len(ids), progress, cancel)
        changed = 0
        self.ws.users.require("household.reclassify")
        with self.ws.operation("Phân loại lại", f"năm {year or 'tất cả'}"):
            for hid in ids:
                h = self.get(hid)
                c = classify(h, self.ws.rules.for_year(h.nam_ra_soat))
                changed += self._store_classification(hid, c)
                rep.step()
            rep.finish()
        return ReclassifyReport(len(ids), changed, Changes(classifications=changed > 0))

    # --- reading --------------------------------------------------------------------------

    def _rows(self, hid: HouseholdId) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        conn = self.ws.conn
        cols = ", ".join(HOUSEHOLD_COLUMNS)
        row = conn.execute(f"SELECT {cols} FROM households WHERE id=?", (hid,)).fetchone()
        if row is None:
            raise NotFound(f"Không tìm thấy hộ có id {hid}")
        mcols = ", ".join(MEMBER_COLUMNS)
        members = conn.execute(
            f"SELECT {mcols} FROM members WHERE household_id=? ORDER BY stt", (hid,)
        ).fetchall()
        return dict(zip(HOUSEHOLD_COLUMNS, row, strict=True)), [
            dict(zip(MEMBER_COLUMNS, m, strict=True)) for m in members
        ]

    def get(self, hid: HouseholdId) -> Household:
        return household_from_rows(*self._rows(hid))

    def find(self, ma_xa: str, ma_ho: str, year: int) -> HouseholdId | None:
        row = self.ws.conn.execute(
            "SELECT id FROM households WHERE ma_xa=? AND ma_ho=? AND nam_ra_soat=?",
            (ma_xa, ma_ho, year),
        ).fetchone()
        return None if row is None else HouseholdId(row[0])

    def require(self, ma_xa: str, ma_ho: str, year: int) -> HouseholdId:
        hid = self.find(ma_xa, ma_ho, year)
        if hid is None:
            raise NotFound(f"Không có hộ {ma_ho} của xã {ma_xa} năm {year}")
        return hid

    def classification(self, hid: HouseholdId) -> Classification:
        row = self.ws.conn.execute(
            "SELECT rule_set, klass, deprived, income, score_a, line, upper, explanation, inputs"
            " FROM classifications WHERE household_id=?",
            (hid,),
        ).fetchone()
        if row is None:
            raise NotFound(f"Hộ id {hid} chưa được phân loại")
        rs, klass, dep, income, score, line, upper, expl, inputs = row
        return Classification(
            rs, HouseholdClass(klass), tuple(dep.split("; ")) if dep else (), income, score, line,
            upper, expl, json.loads(inputs),
        )  # fmt: skip

    def ids(self, *, year: int | None = None, ma_xa: str | None = None) -> list[HouseholdId]:
        where, args = _where(year, ma_xa)
        rows = self.ws.conn.execute(
            f"SELECT id FROM households {where} ORDER BY ma_xa, nam_ra_soat, ma_ho", args
        ).fetchall()
        return [HouseholdId(r[0]) for r in rows]

    def summaries(self, *, year: int | None = None, ma_xa: str | None = None) -> Iterator[dict[str, Any]]:
        """Light rows for lists: key, head, village, members, income, class, deprivations."""
        where, args = _where(year, ma_xa, prefix="h.")
        cur = self.ws.conn.execute(
            "SELECT h.id, h.ma_xa, h.ma_ho, h.nam_ra_soat, h.thon, h.chu_ho, h.thu_nhap_bq,"
            " (SELECT count(*) FROM members m WHERE m.household_id = h.id) AS members,"
            " c.klass, c.deprivation_count, c.deprived, c.rule_set"
            f" FROM households h LEFT JOIN classifications c ON c.household_id = h.id {where}"
            " ORDER BY h.ma_xa, h.nam_ra_soat, h.ma_ho",
            args,
        )
        names = [d[0] for d in cur.description]
        for row in cur:
            yield dict(zip(names, row, strict=True))

    def history(self, hid: HouseholdId) -> list[dict[str, Any]]:
        """Change history of one household (who, when, field, old → new), oldest first.

        Matched by the household's key (commune, code, year), not by row id: SQLite may reuse
        the id of a deleted household, whose history must not show up here.
        """
        key = self.ws.conn.execute(
            "SELECT ma_xa, ma_ho, nam_ra_soat FROM households WHERE id=?", (hid,)
        ).fetchone()
        if key is None:
            raise NotFound(f"Không tìm thấy hộ có id {hid}")
        cur = self.ws.conn.execute(
            "SELECT o.at, o.user, o.kind, h.member_stt, h.field, h.old, h.new FROM history h"
            " JOIN operations o ON o.id = h.operation_id"
            " WHERE h.ma_xa=? AND h.ma_ho=? AND h.nam_ra_soat=? ORDER BY h.id",
            key,
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur]


def _where(year: int | None, ma_xa: str | None, prefix: str = "") -> tuple[str, list[Any]]:
    conds: list[str] = []
    args: list[Any] = []
    if year is not None:
        conds.append(f"{prefix}nam_ra_soat = ?")
        args.append(year)
    if ma_xa is not None:
        conds.append(f"{prefix}ma_xa = ?")
        args.append(ma_xa)
    return ("WHERE " + " AND ".join(conds) if conds else ""), args


def _txt(v: Any) -> str | None:
    return None if v is None else str(v)


def check_against(h: Household, rules: RuleBook) -> tuple[Classification | None, list[Problem]]:
    """:meth:`Households.check` without a workspace (what the importer's worker processes run)."""
    problems = check_household(h)
    try:
        rs = rules.for_year(h.nam_ra_soat)
    except NoRuleSet as e:
        return None, [*problems, Problem(str(e), field="nam_ra_soat")]
    problems += unanswered_indicator_fields(h, rs)
    if any(p.is_error for p in problems):
        return None, problems
    try:
        return classify(h, rs), problems
    except ValidationError as e:
        return None, problems + e.problems


def unanswered_indicator_fields(h: Household, rs: RuleSet) -> list[Problem]:
    """Warn where a household-level answer an indicator of ``rs`` reads is missing."""
    out = []
    for ind in rs.indicators:
        f = ind.params.get("field")
        if isinstance(f, str) and hasattr(h, f) and getattr(h, f) is None:
            out.append(
                Problem(
                    f"Chưa trả lời '{f}': chỉ số {ind.code} ({ind.name}) tính là không thiếu hụt",
                    field=f,
                    severity="warning",
                )
            )
    return out
