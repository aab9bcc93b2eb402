"""The tamper-evident audit trail (``ws.audit``): an append-only, hash-chained log.

Every entry has a sequential ``id`` (1, 2, 3 … with no gap) and
``hash = sha256(json([prev_hash, id, at, user, operation_id, action, entity, entity_id,
subject, field, old, new, reason]))`` where ``prev_hash`` is the previous entry's hash
(:data:`GENESIS` for the first), and a UNIQUE index on ``prev_hash`` forbids forks. SQLite
triggers refuse UPDATE and DELETE on ``audit_log``, ``operations`` and ``history``.

What is logged:

* workflow steps, accounts, settings, meetings … — an entry per changed field (who, when, what,
  old → new, why) written by the manager that made the change (:meth:`Audit.record`);
* every :meth:`Workspace.operation` — one *seal* entry on commit whose ``new`` is the digest of the
  ``operations`` row and all its ``history`` rows (the field-by-field household changes), so a
  household's history is chained without being copied. A migration's *genesis* entry seals the
  operations that existed before the log did.

:meth:`Audit.verify` walks the chain and reports, in Vietnamese, every edited, deleted or
reordered entry, tampered or deleted history/operation rows, operations written around the
application (no seal), and current state that disagrees with its last logged value (a review's
stage or assignee, an account's role, activity or password hash, a recognised household's
content). Anyone who can write the file can recompute the whole chain, so the head
(:meth:`Audit.head`, also kept in ``meta``) is the anchor an inspector writes down or prints:
``verify(anchor=…)`` proves the log still passes through it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from povdesk.errors import InputRefused
from povdesk.households import now_iso
from povdesk.progress import CancelToken, ProgressFn, Reporter
from povdesk.records import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, content_hash

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

GENESIS = "0" * 64
ENTRY_COLUMNS = (
    "id", "at", "user", "operation_id", "action", "entity", "entity_id", "subject", "field", "old", "new",
    "reason",
)  # fmt: skip
_OP_COLUMNS = "id, at, user, kind, summary"
_HISTORY_COLUMNS = "id, operation_id, household_id, ma_xa, ma_ho, nam_ra_soat, member_stt, field, old, new"

#: (entity, table, key column, {audited field: column}) whose current values must equal the last
#: logged value. A change made with SQL behind the application's back shows up here.
STATE_CHECKS: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    ("review", "reviews", "id", {"stage": "stage", "assigned_to": "assigned_to"}),
    ("user", "users", "name", {"role": "role", "active": "active"}),
)


# One encoder for all (json.dumps with options builds a new one per call: it dominated sealing).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _canon(values: Sequence[Any]) -> bytes:
    return _ENCODER.encode(list(values)).encode("utf-8")


def entry_hash(prev_hash: str, values: Sequence[Any]) -> str:
    """The chain hash of one entry (``values`` in :data:`ENTRY_COLUMNS` order)."""
    return hashlib.sha256(_canon([prev_hash, *values])).hexdigest()


def _txt(v: Any) -> str | None:
    return None if v is None else str(v)


@dataclass(frozen=True)
class VerifyReport:
    entries: int
    operations: int
    head: str
    problems: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems


class _OpDigest:
    """Digest of one operation row and its history rows, fed in id order."""

    def __init__(self, op_row: Sequence[Any]) -> None:
        self._h = hashlib.sha256(_canon(op_row))

    def add(self, history_row: Sequence[Any]) -> None:
        self._h.update(b"\n" + _canon(history_row))

    def hexdigest(self) -> str:
        return self._h.hexdigest()


def genesis_digest(conn: sqlite3.Connection, max_op: int) -> str:
    """Digest of every operation with id <= ``max_op`` (and its history), for the genesis entry."""
    h = hashlib.sha256()
    for op_id, digest in _op_digests(conn, max_op=max_op):
        h.update(f"{op_id}:{digest}\n".encode("ascii"))
    return h.hexdigest()


def _op_digests(
    conn: sqlite3.Connection, *, min_op: int = 0, max_op: int | None = None
) -> Iterator[tuple[int, str]]:
    """(operation id, digest) of every operation in the range, merging history in one pass."""
    hi = max_op if max_op is not None else 2**62
    ops = conn.execute(f"SELECT {_OP_COLUMNS} FROM operations WHERE id>? AND id<=? ORDER BY id", (min_op, hi))
    hist = conn.execute(
        f"SELECT {_HISTORY_COLUMNS} FROM history WHERE operation_id>? AND operation_id<=?"
        " ORDER BY operation_id, id",
        (min_op, hi),
    )
    pending = hist.fetchone()
    for op in ops:
        d = _OpDigest(op)
        while pending is not None and pending[1] < op[0]:
            pending = hist.fetchone()  # orphans: reported separately by verify
        while pending is not None and pending[1] == op[0]:
            d.add(pending)
            pending = hist.fetchone()
        yield int(op[0]), d.hexdigest()


def write_genesis(conn: sqlite3.Connection, at: str) -> None:
    """First entry of a new log, sealing the operations already in the file (used by the migration)."""
    max_op = int(conn.execute("SELECT coalesce(max(id), 0) FROM operations").fetchone()[0])
    values = [1, at, "povdesk", None, "audit.start", "genesis", str(max_op), None, None, None,
              genesis_digest(conn, max_op), "bắt đầu nhật ký kiểm tra"]  # fmt: skip
    h = entry_hash(GENESIS, values)
    conn.execute(
        f"INSERT INTO audit_log ({', '.join(ENTRY_COLUMNS)}, prev_hash, hash)"
        f" VALUES ({', '.join('?' * len(ENTRY_COLUMNS))}, ?, ?)",
        [*values, GENESIS, h],
    )
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head', ?)", (f"1:{h}",))


class Audit:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # --- writing ----------------------------------------------------------------------------

    def record(
        self,
        action: str,
        entity: str,
        entity_id: str | int | None = None,
        *,
        subject: str | None = None,
        field: str | None = None,
        old: Any = None,
        new: Any = None,
        reason: str | None = None,
        user: str | None = None,
    ) -> int:
        """Append one entry inside the caller's transaction; returns its id.

        ``subject`` is the household key ``ma_xa/ma_ho/năm`` an entry concerns (codes, never
        names), so a household's trail can be listed.
        """
        conn = self.ws.conn
        with self.ws.atomic():
            head = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
            last_id, prev = (int(head[0]), str(head[1])) if head else (0, GENESIS)
            values = [
                last_id + 1, now_iso(), user or self.ws.user, self.ws.current_operation, action, entity,
                _txt(entity_id), subject, field, _txt(old), _txt(new), reason,
            ]  # fmt: skip
            h = entry_hash(prev, values)
            conn.execute(
                f"INSERT INTO audit_log ({', '.join(ENTRY_COLUMNS)}, prev_hash, hash)"
                f" VALUES ({', '.join('?' * len(ENTRY_COLUMNS))}, ?, ?)",
                [*values, prev, h],
            )
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head', ?)", (f"{last_id + 1}:{h}",)
            )
        return last_id + 1

    def seal(self, op_id: int) -> None:
        """Seal operation ``op_id`` (called by :meth:`Workspace.operation` just before commit)."""
        conn = self.ws.conn
        row = conn.execute(f"SELECT {_OP_COLUMNS} FROM operations WHERE id=?", (op_id,)).fetchone()
        d = _OpDigest(row)
        for h in conn.execute(
            f"SELECT {_HISTORY_COLUMNS} FROM history WHERE operation_id=? ORDER BY id", (op_id,)
        ):
            d.add(h)
        self.record(str(row[3]), "operation", op_id, new=d.hexdigest(), reason=str(row[4]), user=str(row[2]))

    # --- reading ----------------------------------------------------------------------------

    def head(self) -> tuple[int, str]:
        """(id, hash) of the last entry: the anchor to write down or print."""
        row = self.ws.conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))

    def entries(
        self,
        *,
        entity: str | None = None,
        entity_id: str | None = None,
        subject: str | None = None,
        user: str | None = None,
        operation_id: int | None = None,
        since: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Entries, oldest first, filtered; ``limit`` keeps the newest ``limit``."""
        conds, args = [], []
        for col, val in (("entity", entity), ("entity_id", entity_id), ("subject", subject),
                         ("user", user), ("operation_id", operation_id)):  # fmt: skip
            if val is not None:
                conds.append(f"{col} = ?")
                args.append(val)
        if since:
            conds.append("at >= ?")
            args.append(since)
        where = "WHERE " + " AND ".join(conds) if conds else ""
        sql = f"SELECT {', '.join(ENTRY_COLUMNS)}, hash FROM audit_log {where} ORDER BY id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        cur = self.ws.conn.execute(sql, args)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in reversed(cur.fetchall())]

    def household_trail(self, ma_xa: str, ma_ho: str, year: int) -> list[dict[str, Any]]:
        """Every logged workflow entry of one household-year, oldest first."""
        return self.entries(subject=f"{ma_xa}/{ma_ho}/{year}")

    # --- verifying --------------------------------------------------------------------------

    def verify(
        self,
        *,
        anchor: tuple[int, str] | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
    ) -> VerifyReport:
        """Check the chain, the sealed operations and the logged state; never writes."""
        self.ws.users.require("audit.read")
        conn = self.ws.conn
        total = int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
        rep = Reporter("Đang kiểm tra nhật ký", total, progress, cancel)
        problems, seals, last = self._check_chain(rep)
        problems += self._check_head(last)
        if anchor is not None:
            problems += self._check_anchor(anchor)
        ops, more = self._check_operations(seals)
        problems += more
        problems += self._check_state()
        problems += self._check_locked()
        rep.finish()
        return VerifyReport(total, ops, last[1], tuple(problems))

    def _check_chain(self, rep: Reporter) -> tuple[list[str], dict[str, tuple[int, str]], tuple[int, str]]:
        conn = self.ws.conn
        stored = {str(h): int(i) for i, h in conn.execute("SELECT id, hash FROM audit_log")}
        problems: list[str] = []
        seals: dict[str, tuple[int, str]] = {}
        expected, prev, prev_id = 1, GENESIS, 0
        cur = conn.execute(f"SELECT {', '.join(ENTRY_COLUMNS)}, prev_hash, hash FROM audit_log ORDER BY id")
        for row in cur:
            values, row_prev, row_hash = list(row[:-2]), str(row[-2]), str(row[-1])
            eid = int(values[0])
            if eid > expected:
                span = f"#{expected}" if eid == expected + 1 else f"#{expected}–#{eid - 1}"
                problems.append(f"Nhật ký thiếu mục {span}: đã bị xóa")
            content_ok = entry_hash(row_prev, values) == row_hash
            moved_from = stored.get(row_prev)
            if not content_ok and moved_from is not None and moved_from != eid - 1:
                problems.append(f"Mục #{eid} bị đổi chỗ (vốn đứng ngay sau mục #{moved_from})")
            elif not content_ok:
                problems.append(f"Mục #{eid} đã bị sửa (nội dung không khớp mã băm)")
            elif row_prev != prev and eid == expected:
                problems.append(
                    f"Chuỗi bị đứt giữa mục #{prev_id} và #{eid} (mục #{prev_id} bị sửa hoặc thay)"
                )
            if values[5] in ("operation", "genesis"):
                seals[f"{values[5]}:{values[6]}"] = (eid, str(values[10]))
            expected, prev, prev_id = eid + 1, row_hash, eid
            rep.step()
        return problems, seals, (prev_id, prev)

    def _check_head(self, last: tuple[int, str]) -> list[str]:
        head = self.ws.meta("audit_head")
        if head is None:
            return ["Thiếu dấu đầu nhật ký (meta audit_head)"]
        hid, _, hhash = head.partition(":")
        if int(hid) > last[0]:
            return [f"Các mục cuối của nhật ký (#{last[0] + 1}–#{hid}) đã bị xóa"]
        if (int(hid), hhash) != last:
            return [f"Dấu đầu nhật ký ({hid}) không khớp mục cuối (#{last[0]})"]
        return []

    def _check_anchor(self, anchor: tuple[int, str]) -> list[str]:
        row = self.ws.conn.execute("SELECT hash FROM audit_log WHERE id=?", (anchor[0],)).fetchone()
        if row is None or str(row[0]) != anchor[1]:
            return [f"Nhật ký không còn đi qua mốc #{anchor[0]} đã ghi lại: nhật ký đã bị viết lại"]
        return []

    def _check_operations(self, seals: dict[str, tuple[int, str]]) -> tuple[int, list[str]]:
        conn = self.ws.conn
        problems: list[str] = []
        genesis = next(
            ((int(k.split(":")[1]), v) for k, v in seals.items() if k.startswith("genesis:")), None
        )
        max_genesis = 0
        if genesis is not None:
            max_genesis = genesis[0]
            if genesis_digest(conn, max_genesis) != genesis[1][1]:
                problems.append("Các thao tác có trước khi bắt đầu nhật ký đã bị sửa hoặc xóa")
        seen = set()
        n = 0
        for op_id, digest in _op_digests(conn, min_op=max_genesis):
            n += 1
            seen.add(op_id)
            seal = seals.get(f"operation:{op_id}")
            if seal is None:
                problems.append(f"Thao tác #{op_id} không có trong nhật ký (ghi ngoài ứng dụng)")
            elif seal[1] != digest:
                problems.append(
                    f"Thao tác #{op_id} hoặc lịch sử thay đổi của nó đã bị sửa/xóa (mục #{seal[0]})"
                )
        for key, (eid, _) in seals.items():
            kind, _, sid = key.partition(":")
            if kind == "operation" and int(sid) not in seen:
                problems.append(f"Thao tác #{sid} (mục #{eid}) đã bị xóa khỏi bảng thao tác")
        orphans = conn.execute(
            "SELECT count(*) FROM history WHERE operation_id NOT IN (SELECT id FROM operations)"
        ).fetchone()[0]
        if orphans:
            problems.append(f"{orphans} dòng lịch sử không thuộc thao tác nào")
        return n + (max_genesis and 0), problems

    def _last_logged(self, entity: str) -> dict[tuple[str, str], str | None]:
        rows = self.ws.conn.execute(
            "SELECT entity_id, field, new FROM audit_log WHERE entity=? AND field IS NOT NULL ORDER BY id",
            (entity,),
        )
        return {(str(e), str(f)): n for e, f, n in rows}

    def _check_state(self) -> list[str]:
        problems: list[str] = []
        for entity, table, key, fields in STATE_CHECKS:
            logged = self._last_logged(entity)
            cols = ", ".join(fields.values())
            for row in self.ws.conn.execute(f"SELECT {key}, {cols} FROM {table}"):
                k = str(row[0])
                for (fname, _), value in zip(fields.items(), row[1:], strict=True):
                    if (k, fname) not in logged or logged[(k, fname)] != _txt(value):
                        problems.append(f"{_ENTITY_LABELS[entity]} {k}: '{fname}' bị sửa ngoài ứng dụng")
        problems += self._check_passwords()
        return problems

    def _check_passwords(self) -> list[str]:
        from povdesk.users import fingerprint

        logged = self._last_logged("user")
        return [
            f"Tài khoản {name}: mật khẩu bị thay ngoài ứng dụng"
            for name, pw_hash in self.ws.conn.execute("SELECT name, pw_hash FROM users")
            if logged.get((str(name), "password")) != fingerprint(str(pw_hash))
        ]

    def _check_locked(self) -> list[str]:
        """A recognised household must still hash to what was recognised."""
        logged = self._last_logged("review")
        problems = []
        for rid, xa, ho, year in self.ws.conn.execute(
            "SELECT id, ma_xa, ma_ho, nam_ra_soat FROM reviews WHERE current=1 AND stage='recognised'"
        ):
            want = logged.get((str(rid), "snapshot"))
            if want is not None and want != stored_content_hash(self.ws.conn, xa, ho, year):
                problems.append(f"Hộ {xa}/{ho}/{year} đã công nhận nhưng nội dung bị sửa ngoài ứng dụng")
        return problems


_ENTITY_LABELS = {"review": "Lượt rà soát", "user": "Tài khoản"}


def stored_content_hash(conn: sqlite3.Connection, ma_xa: str, ma_ho: str, year: int) -> str | None:
    """Content hash recomputed from the stored rows (not the ``content_hash`` column)."""
    row = conn.execute(
        f"SELECT id, {', '.join(HOUSEHOLD_COLUMNS)} FROM households WHERE ma_xa=? AND ma_ho=? AND nam_ra_soat=?",
        (ma_xa, ma_ho, year),
    ).fetchone()
    if row is None:
        return None
    members = conn.execute(
        f"SELECT {', '.join(MEMBER_COLUMNS)} FROM members WHERE household_id=? ORDER BY stt", (row[0],)
    ).fetchall()
    return content_hash(
        dict(zip(HOUSEHOLD_COLUMNS, row[1:], strict=True)),
        [dict(zip(MEMBER_COLUMNS, m, strict=True)) for m in members],
    )


def parse_anchor(text: str) -> tuple[int, str]:
    """``"ID:HASH"`` as printed by ``povdesk audit head``."""
    n, _, h = text.strip().partition(":")
    if not n.isdigit() or len(h) != 64:
        raise InputRefused(f"Mốc nhật ký không hợp lệ: '{text}' (cần dạng SỐ:MÃ_BĂM như 'audit head' in ra)")
    return int(n), h.lower()
