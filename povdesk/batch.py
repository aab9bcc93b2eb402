"""The fast write path: many validated, classified households in one transaction.

:meth:`Households.save_in <povdesk.households.Households.save_in>` writes one household with a
handful of statements; an import of 80,000 households cannot afford that. :func:`write_batch`
takes households already in *storage form* (the row tuples of :mod:`povdesk.records`, their
content hash and their classification row) and writes them with ``executemany``: inserts get
ids assigned up front, updates record their field changes in ``history`` exactly as ``save_in``
does, and unchanged households (same content hash) only have their classification refreshed
when it differs. The caller owns the transaction (:meth:`Workspace.operation`) and has validated
and classified everything; nothing here checks content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from povdesk.changes import Changes
from povdesk.domain import Classification, Household, HouseholdId
from povdesk.progress import CancelToken, ProgressFn, Reporter
from povdesk.records import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, diff, household_row, member_row

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

INSERTED, UPDATED, UNCHANGED = "inserted", "updated", "unchanged"

CLASSIFICATION_COLUMNS = (
    "rule_set", "klass", "deprived", "deprivation_count", "income", "score_a", "line", "upper",
    "explanation", "inputs",
)  # fmt: skip
_COMPARED = (0, 1, 2, 8)  # rule_set, klass, deprived, explanation: what save_in compares
_CHUNK = 5000

Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class StoredHousehold:
    """One validated, classified household in storage form.

    ``hrow`` follows :data:`~povdesk.records.HOUSEHOLD_COLUMNS`, each of ``mrows`` follows
    :data:`~povdesk.records.MEMBER_COLUMNS` (members in ``stt`` order), ``cls_row`` follows
    :data:`CLASSIFICATION_COLUMNS`, ``digest`` is :func:`row_digest` of the rows.
    """

    hrow: Row
    mrows: tuple[Row, ...]
    cls_row: Row
    digest: str

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.hrow[0], self.hrow[1], self.hrow[2])  # ma_xa, ma_ho, nam_ra_soat


@dataclass(frozen=True)
class BatchReport:
    """What :func:`write_batch` did, per household (in input order) and in total."""

    ids: list[HouseholdId]
    statuses: list[str]
    inserted: int
    updated: int
    unchanged: int
    reclassified: int
    changes: Changes = field(default_factory=Changes)


# json.dumps builds a new encoder on every call with non-default options; reuse one instead
_HASH_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_INPUTS_JSON = json.JSONEncoder(ensure_ascii=False)


def row_digest(hrow: Sequence[Any], mrows: Sequence[Sequence[Any]]) -> str:
    """:func:`povdesk.records.content_hash` computed from row tuples (same payload, same hash)."""
    payload = _HASH_JSON.encode([hrow, mrows])  # tuples encode as JSON arrays, like lists
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


def classification_row(c: Classification) -> Row:
    """The ``classifications`` columns of ``c`` (without household id and timestamp)."""
    return (
        c.rule_set, c.klass.value, "; ".join(c.deprived), c.deprivation_count, c.income, c.score_a,
        c.line, c.upper, c.explanation, _INPUTS_JSON.encode(c.inputs),
    )  # fmt: skip


def stored(h: Household, c: Classification) -> StoredHousehold:
    """``h`` (already checked) and its classification in storage form."""
    hrow = tuple(household_row(h).values())
    mrows = tuple(tuple(member_row(m).values()) for m in h.members)
    return StoredHousehold(hrow, mrows, classification_row(c), row_digest(hrow, mrows))


class Rows(Protocol):
    """A household in storage form: what :class:`BatchWriter` writes in its first phase."""

    @property
    def hrow(self) -> Row: ...
    @property
    def mrows(self) -> Sequence[Row]: ...
    @property
    def digest(self) -> str: ...
    @property
    def key(self) -> tuple[str, str, int]: ...


def write_batch(
    ws: Workspace,
    items: Sequence[StoredHousehold],
    op: int,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> BatchReport:
    """Insert, update or leave each household of ``items`` inside the caller's operation ``op``.

    Keys must be unique within ``items``. Raises :class:`~povdesk.errors.Interrupted` when
    cancelled (the caller's transaction then rolls back).
    """
    with BatchWriter(ws, op, progress=progress, cancel=cancel) as w:
        w.write_rows(items)
        w.write_classifications([it.cls_row for it in items])
        return w.report()


class BatchWriter:
    """The fast write in two phases, so households can be written while they are classified:

    1. :meth:`write_rows`: households, members and history (inserted, updated or unchanged by
       content hash, exactly as ``save_in`` decides);
    2. :meth:`write_classifications`: the classification rows, in the same order.

    Use inside the caller's operation (one transaction) and as a context manager: it enlarges
    SQLite's page cache while it writes (index pages stay cached instead of being re-read, about
    twice as fast for 300,000 members) and restores it after.
    """

    def __init__(
        self,
        ws: Workspace,
        op: int,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> None:
        from povdesk.households import now_iso

        self.ws, self.conn = ws, ws.conn
        self._w = _Writer(ws, op, now_iso(), Reporter("Đang ghi dữ liệu", None, progress, cancel))
        self.ids: list[HouseholdId] = []
        self.statuses: list[str] = []
        self._communes = False
        self._reclassified = 0
        self._old_cache: int | None = None

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._old_cache is not None:
            self.conn.execute(f"PRAGMA cache_size = {self._old_cache}")

    def _big_cache(self, n: int) -> None:
        if n >= 2000 and self._old_cache is None:
            self._old_cache = int(self.conn.execute("PRAGMA cache_size").fetchone()[0])
            self.conn.execute(f"PRAGMA cache_size = {-min(65536, 64 + n // 2)}")  # KiB; 64 MB at most

    def write_rows(self, items: Sequence[Rows], between: Callable[[float], None] | None = None) -> None:
        """Phase 1. ``between(fraction done)`` is called between chunks (the importer checks
        households there while workers are behind)."""
        self._w.between = between
        keys = [it.key for it in items]
        if len(set(keys)) != len(keys):
            raise ValueError("BatchWriter: duplicate household keys")
        self._big_cache(len(items))
        w = self._w
        w.reporter.total = len(items)
        existing = w.existing(keys)
        new: list[Rows] = []
        changed: list[tuple[HouseholdId, Rows]] = []
        for it in items:
            found = existing.get(it.key)
            if found is None:
                new.append(it)
                self.statuses.append(INSERTED)
                self.ids.append(HouseholdId(0))
            else:
                if found[1] == it.digest:
                    self.statuses.append(UNCHANGED)
                else:
                    changed.append((HouseholdId(found[0]), it))
                    self.statuses.append(UPDATED)
                self.ids.append(HouseholdId(found[0]))
        writes = [*new, *(it for _, it in changed)]
        if writes:
            self.ws.reviews.guard_edit([it.key for it in writes])  # locked records, who may edit
        self._communes = w.ensure_communes(writes)
        villages = w.villages(writes)
        new_ids = iter(w.insert(new, villages))
        w.update(changed, villages)
        self.ids = [
            next(new_ids) if s == INSERTED else i for s, i in zip(self.statuses, self.ids, strict=True)
        ]

    def set_digests(self, digests: Sequence[str]) -> None:
        """Content hashes of the households :meth:`write_rows` inserted (same order as its items),
        for callers that inserted before the hashes were computed (``digest=""`` then)."""
        rows = [(d, hid) for hid, s, d in zip(self.ids, self.statuses, digests, strict=True) if s == INSERTED]
        for lo in range(0, len(rows), _CHUNK):
            self.conn.executemany("UPDATE households SET content_hash=? WHERE id=?", rows[lo : lo + _CHUNK])

    def write_classifications(self, cls_rows: Sequence[Row]) -> None:
        """Store the classification of each household of :meth:`write_rows` (same order)."""
        written = [
            (hid, c) for hid, s, c in zip(self.ids, self.statuses, cls_rows, strict=True) if s != UNCHANGED
        ]
        same = [
            (hid, c) for hid, s, c in zip(self.ids, self.statuses, cls_rows, strict=True) if s == UNCHANGED
        ]
        for lo in range(0, len(written), _CHUNK):
            self._w.classifications(written[lo : lo + _CHUNK])
        self._reclassified = self._w.refresh_classifications(same)
        self._w.reporter.finish()

    def report(self) -> BatchReport:
        counts = {s: self.statuses.count(s) for s in (INSERTED, UPDATED, UNCHANGED)}
        wrote = counts[INSERTED] + counts[UPDATED] > 0
        changes = Changes(
            communes=self._communes, households=wrote, classifications=wrote or self._reclassified > 0,
            history=wrote,
        )  # fmt: skip
        return BatchReport(
            self.ids, self.statuses, counts[INSERTED], counts[UPDATED], counts[UNCHANGED], self._reclassified,
            changes,
        )  # fmt: skip


class _Writer:
    def __init__(self, ws: Workspace, op: int, stamp: str, reporter: Reporter) -> None:
        self.ws, self.conn, self.op, self.stamp, self.reporter = ws, ws.conn, op, stamp, reporter
        self.between: Callable[[float], None] | None = None

    def _step(self, n: int) -> None:
        self.reporter.step(n)
        if self.between is not None and self.reporter.total:
            self.between(self.reporter.done / self.reporter.total)

    def existing(self, keys: Sequence[tuple[str, str, int]]) -> dict[tuple[str, str, int], tuple[int, str]]:
        """``key -> (id, content_hash)`` of stored households with one of ``keys``."""
        out: dict[tuple[str, str, int], tuple[int, str]] = {}
        wanted = set(keys)
        for ma_xa, year in sorted({(k[0], k[2]) for k in keys}):
            cur = self.conn.execute(
                "SELECT ma_ho, id, content_hash FROM households WHERE nam_ra_soat=? AND ma_xa=?",
                (year, ma_xa),
            )
            for ma_ho, hid, digest in cur:
                key = (ma_xa, ma_ho, year)
                if key in wanted:
                    out[key] = (hid, digest)
        return out

    def ensure_communes(self, items: Sequence[Rows]) -> bool:
        """Create unknown communes (named by the first household's ``ten_xa``), like ``save_in``."""
        first: dict[str, Row] = {}
        for it in items:
            first.setdefault(it.hrow[0], it.hrow)
        rows = [(code, h[_H["ten_xa"]] or f"Xã {code}", h[_H["khu_vuc"]]) for code, h in first.items()]
        if not rows:
            return False
        cur = self.conn.executemany("INSERT OR IGNORE INTO communes (code, name, area) VALUES (?,?,?)", rows)
        return cur.rowcount > 0

    def villages(self, items: Sequence[Rows]) -> dict[tuple[str, str], int]:
        """``(commune, village name) -> id`` for every village of ``items``, creating new ones."""
        wanted = {(it.hrow[0], it.hrow[_H["thon"]]) for it in items}
        communes = sorted({c for c, _ in wanted})
        known = self._village_ids(communes)
        missing = sorted(wanted - known.keys())
        if missing:
            self.conn.executemany("INSERT INTO villages (commune_code, name) VALUES (?,?)", missing)
            known = self._village_ids(communes)
        return known

    def _village_ids(self, communes: Sequence[str]) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = {}
        for code in communes:
            for name, vid in self.conn.execute("SELECT name, id FROM villages WHERE commune_code=?", (code,)):
                out[(code, name)] = vid
        return out

    def insert(self, items: Sequence[Rows], villages: dict[tuple[str, str], int]) -> list[HouseholdId]:
        if not items:
            return []
        start = int(self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM households").fetchone()[0]) + 1
        ids = [HouseholdId(start + i) for i in range(len(items))]
        cols = ", ".join(HOUSEHOLD_COLUMNS)
        marks = ", ".join("?" * (len(HOUSEHOLD_COLUMNS) + 5))
        sql = f"INSERT INTO households (id, {cols}, village_id, content_hash, created_at, updated_at) VALUES ({marks})"
        for lo in range(0, len(items), _CHUNK):
            chunk = list(zip(ids[lo : lo + _CHUNK], items[lo : lo + _CHUNK], strict=True))
            stamp = self.stamp
            self.conn.executemany(
                sql,
                [(hid, *it.hrow, villages[(it.hrow[0], it.hrow[_H["thon"]])], it.digest, stamp, stamp)
                 for hid, it in chunk],
            )  # fmt: skip
            self._members(chunk)
            self._history((hid, it.hrow, None, "*", None, "tạo mới") for hid, it in chunk)
            self._step(len(chunk))
        return ids

    def update(self, items: Sequence[tuple[HouseholdId, Rows]], villages: dict[tuple[str, str], int]) -> None:
        sets = ", ".join(f"{c}=?" for c in HOUSEHOLD_COLUMNS)
        sql = (
            f"UPDATE households SET {sets}, village_id=?, content_hash=?, version=version+1, "
            "updated_at=? WHERE id=?"
        )
        for lo in range(0, len(items), _CHUNK):
            chunk = items[lo : lo + _CHUNK]
            self._history(self._diffs(chunk))
            self.conn.executemany(
                sql,
                [(*it.hrow, villages[(it.hrow[0], it.hrow[_H["thon"]])], it.digest, self.stamp, hid)
                 for hid, it in chunk],
            )  # fmt: skip
            self.conn.executemany("DELETE FROM members WHERE household_id=?", [(hid,) for hid, _ in chunk])
            self._members(chunk)
            self._step(len(chunk))

    def _diffs(self, chunk: Sequence[tuple[HouseholdId, Rows]]) -> Iterator[tuple[Any, ...]]:
        rows = self.ws.households._rows
        for hid, it in chunk:
            old_h, old_m = rows(hid)
            new_h = dict(zip(HOUSEHOLD_COLUMNS, it.hrow, strict=True))
            new_m = [dict(zip(MEMBER_COLUMNS, m, strict=True)) for m in it.mrows]
            for stt, f, old, new in diff(old_h, old_m, new_h, new_m):
                yield (hid, it.hrow, stt, f, old, new)

    def _members(self, chunk: Sequence[tuple[HouseholdId, Rows]]) -> None:
        self.conn.executemany(
            f"INSERT INTO members (household_id, {', '.join(MEMBER_COLUMNS)}) "
            f"VALUES (?, {', '.join('?' * len(MEMBER_COLUMNS))})",
            [(hid, *m) for hid, it in chunk for m in it.mrows],
        )

    def _history(self, changes: Iterable[tuple[Any, ...]]) -> None:
        op = self.op
        self.conn.executemany(
            "INSERT INTO history (operation_id, household_id, ma_xa, ma_ho, nam_ra_soat, member_stt,"
            " field, old, new) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (op, hid, h[0], h[1], h[2], stt, f, _txt(old), _txt(new))
                for hid, h, stt, f, old, new in changes
            ],
        )

    def classifications(self, chunk: Sequence[tuple[HouseholdId, Row]]) -> None:
        stamp = self.stamp
        self.conn.executemany(
            "INSERT OR REPLACE INTO classifications (household_id, rule_set, klass, deprived,"
            " deprivation_count, income, score_a, line, upper, explanation, inputs, classified_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(hid, *cls_row, stamp) for hid, cls_row in chunk],
        )

    def refresh_classifications(self, items: Sequence[tuple[HouseholdId, Row]]) -> int:
        """Store the classification of unchanged households where it differs (as ``save_in``)."""
        stale = self.stale(items)
        for lo in range(0, len(stale), _CHUNK):
            self.classifications(stale[lo : lo + _CHUNK])
        return len(stale)

    def stale(self, items: Sequence[tuple[HouseholdId, Row]]) -> list[tuple[HouseholdId, Row]]:
        """Those of ``items`` whose stored classification differs (read only)."""
        out: list[tuple[HouseholdId, Row]] = []
        for lo in range(0, len(items), 500):
            chunk = items[lo : lo + 500]
            marks = ", ".join("?" * len(chunk))
            old = {
                r[0]: r[1:]
                for r in self.conn.execute(
                    "SELECT household_id, rule_set, klass, deprived, explanation FROM classifications"
                    f" WHERE household_id IN ({marks})",
                    [hid for hid, _ in chunk],
                )
            }
            out += [(hid, c) for hid, c in chunk if old.get(hid) != tuple(c[i] for i in _COMPARED)]
        return out


_H = {c: i for i, c in enumerate(HOUSEHOLD_COLUMNS)}


def _txt(v: Any) -> str | None:
    return None if v is None else str(v)


def stored_keys(
    ws: Workspace, keys: Sequence[tuple[str, str, int]]
) -> dict[tuple[str, str, int], tuple[int, str]]:
    """``key -> (id, content_hash)`` of the stored households among ``keys`` (read only)."""
    return _Writer(ws, 0, "", Reporter("", None, None, None)).existing(keys)


def plan(ws: Workspace, items: Sequence[Rows]) -> tuple[list[str], list[HouseholdId | None]]:
    """What :class:`BatchWriter` would do with each of ``items`` and the stored ids (read only)."""
    existing = _Writer(ws, 0, "", Reporter("", None, None, None)).existing([it.key for it in items])
    statuses: list[str] = []
    ids: list[HouseholdId | None] = []
    for it in items:
        found = existing.get(it.key)
        statuses.append(INSERTED if found is None else UNCHANGED if found[1] == it.digest else UPDATED)
        ids.append(None if found is None else HouseholdId(found[0]))
    return statuses, ids


def stale_classifications(ws: Workspace, items: Sequence[tuple[HouseholdId, Row]]) -> int:
    """How many stored classifications differ from these rows (read only)."""
    return len(_Writer(ws, 0, "", Reporter("", None, None, None)).stale(items))
