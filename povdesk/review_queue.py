"""The review queue (SuSo-like filters) as SQL: ids for lazy table models, rows per page, counts.

Every filter runs in SQL, including the implausible-jump flags (income ×3 or ÷3 vs the latest
earlier year; at most half of last year's members left), so the queue stays fast on large communes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from povdesk.text import nfc
from povdesk.workflow import Kind, ReviewId, Stage

S = Stage


@dataclass(frozen=True)
class QueueFilter:
    """What the review queue shows; every filter is applied in SQL."""

    year: int | None = None
    ma_xa: str | None = None
    thon: str | None = None
    stages: tuple[Stage, ...] = ()
    kind: Kind | None = None
    assigned_to: str | None = None
    commented: bool = False  # has open comments ("cần sửa")
    flagged: bool = False  # implausible jump vs last year (income ×3 or ÷3, half the members gone)
    search: str | None = None  # household code or head's name (substring)
    include_superseded: bool = False


#: The queue's filter buttons (SuSo-like): name → (label, filter to combine with year/commune).
QUEUE_PRESETS: dict[str, tuple[str, QueueFilter]] = {
    "all": ("Tất cả", QueueFilter()),
    "to_survey": ("Chưa rà soát xong", QueueFilter(stages=(S.LISTED, S.DRAFT))),
    "submitted": ("Chờ duyệt", QueueFilter(stages=(S.SUBMITTED,))),
    "returned": ("Trả lại, cần sửa", QueueFilter(stages=(S.RETURNED,))),
    "commented": ("Có nhận xét chưa xử lý", QueueFilter(commented=True)),
    "invalid": ("Bất thường so với năm trước", QueueFilter(flagged=True)),
    "awaiting_meeting": ("Chờ họp dân", QueueFilter(stages=(S.ACCEPTED,), kind=Kind.PERIODIC)),
    "disputed": ("Họp dân chưa thống nhất", QueueFilter(stages=(S.DISPUTED,))),
    "awaiting_posting": ("Chờ niêm yết", QueueFilter(stages=(S.AGREED,))),
    "posted": ("Đang niêm yết", QueueFilter(stages=(S.POSTED,))),
    "complaints": ("Có khiếu nại", QueueFilter(stages=(S.COMPLAINT,))),
    "awaiting_decision": ("Chờ công nhận", QueueFilter(stages=(S.POSTED, S.CONSULTED))),
    "recognised": ("Đã công nhận", QueueFilter(stages=(S.RECOGNISED,))),
}

_QUEUE_SQL = """
SELECT * FROM (
  SELECT r.id, r.ma_xa, r.ma_ho, r.nam_ra_soat, r.kind, r.stage, r.current, r.assigned_to, r.source,
    r.request_id, r.posting_id, r.decision_no, r.decision_date, r.updated_at,
    h.id AS household_id, coalesce(h.thon, r.thon) AS thon, h.chu_ho, h.thu_nhap_bq,
    c.klass, p.nam_ra_soat AS prev_year, p.thu_nhap_bq AS prev_thu_nhap_bq, pc.klass AS prev_klass,
    (SELECT count(*) FROM members m WHERE m.household_id = h.id) AS members,
    (SELECT count(*) FROM members m WHERE m.household_id = p.id) AS prev_members,
    (SELECT count(*) FROM review_comments k WHERE k.review_id = r.id AND k.status = 'open')
      AS open_comments
  FROM reviews r
  LEFT JOIN households h ON h.ma_xa = r.ma_xa AND h.ma_ho = r.ma_ho AND h.nam_ra_soat = r.nam_ra_soat
  LEFT JOIN classifications c ON c.household_id = h.id
  LEFT JOIN households p ON p.ma_xa = r.ma_xa AND p.ma_ho = r.ma_ho AND p.nam_ra_soat = (
    SELECT max(x.nam_ra_soat) FROM households x
    WHERE x.ma_xa = r.ma_xa AND x.ma_ho = r.ma_ho AND x.nam_ra_soat < r.nam_ra_soat)
  LEFT JOIN classifications pc ON pc.household_id = p.id
  {inner}
) q {outer}
ORDER BY q.ma_xa, q.nam_ra_soat, q.thon, q.ma_ho, q.id
"""
INCOME_JUMP = 3  # income at least ×3 or at most ÷3 vs last year
MEMBERS_GONE = 0.5  # at most half of last year's members left (of at least 2)
FLAG_SQL = {
    "income_jump": f"(q.prev_thu_nhap_bq > 0 AND q.thu_nhap_bq IS NOT NULL AND"
    f" (q.thu_nhap_bq >= {INCOME_JUMP} * q.prev_thu_nhap_bq OR {INCOME_JUMP} * q.thu_nhap_bq"
    f" <= q.prev_thu_nhap_bq))",
    "members_gone": f"(q.household_id IS NOT NULL AND q.prev_members >= 2 AND"
    f" q.members <= {MEMBERS_GONE} * q.prev_members)",
}


def queue_ids(conn: sqlite3.Connection, f: QueueFilter) -> list[ReviewId]:
    """Ordered ids of the review records ``f`` selects (for a lazily fetching table model)."""
    sql, args = _queue_sql(f, "q.id")
    return [ReviewId(r[0]) for r in conn.execute(sql, args)]


def queue_rows(conn: sqlite3.Connection, f: QueueFilter) -> list[dict[str, Any]]:
    """Rows for the review queue: stage (+ label), household, class now and last year, flags,
    open comments; ordered by commune, year, village, household code."""
    sql, args = _queue_sql(f, "q.*")
    return _rows(conn, sql, args)


def rows_of(conn: sqlite3.Connection, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Queue rows of ``ids`` in the given order (a page of :func:`queue_ids`)."""
    if not ids:
        return []
    sql = _QUEUE_SQL.format(inner=f"WHERE r.id IN ({', '.join('?' * len(ids))})", outer="")
    by_id = {r["id"]: r for r in _rows(conn, sql, list(ids))}
    return [by_id[i] for i in ids if i in by_id]


def stage_counts(
    conn: sqlite3.Connection, *, year: int | None = None, ma_xa: str | None = None
) -> dict[str, int]:
    """Number of current records per stage (for the queue's filter badges)."""
    sql, args = _queue_sql(QueueFilter(year=year, ma_xa=ma_xa), "q.stage")
    counts: dict[str, int] = {}
    for (stage,) in conn.execute(sql, args):
        counts[stage] = counts.get(stage, 0) + 1
    return counts


def _rows(conn: sqlite3.Connection, sql: str, args: Sequence[Any]) -> list[dict[str, Any]]:
    cur = conn.execute(sql.replace("SELECT * FROM (", f"SELECT *, {_flag_cols()} FROM (", 1), args)
    names = [d[0] for d in cur.description]
    out = []
    for r in cur:
        row = dict(zip(names, r, strict=True))
        row["stage_label"] = Stage(row["stage"]).label
        row["kind_label"] = Kind(row["kind"]).label
        row["flags"] = [k for k in FLAG_SQL if row.pop(k)]
        out.append(row)
    return out


def _flag_cols() -> str:
    return ", ".join(f"{sql} AS {name}" for name, sql in FLAG_SQL.items())


def _queue_sql(f: QueueFilter, select: str) -> tuple[str, list[Any]]:
    inner, outer = [], []
    args_in: list[Any] = []
    args_out: list[Any] = []
    if not f.include_superseded:
        inner.append("r.current = 1")
    for col, val in (("r.nam_ra_soat", f.year), ("r.ma_xa", f.ma_xa), ("r.assigned_to", f.assigned_to),
                     ("r.kind", f.kind.value if f.kind else None)):  # fmt: skip
        if val is not None:
            inner.append(f"{col} = ?")
            args_in.append(val)
    if f.stages:
        inner.append(f"r.stage IN ({', '.join('?' * len(f.stages))})")
        args_in += [s.value for s in f.stages]
    if f.thon is not None:
        outer.append("q.thon = ?")
        args_out.append(nfc(f.thon))
    if f.commented:
        outer.append("q.open_comments > 0")
    if f.flagged:
        outer.append("(" + " OR ".join(FLAG_SQL.values()) + ")")
    if f.search:
        outer.append("(q.ma_ho LIKE ? OR q.chu_ho LIKE ?)")
        args_out += [f"%{nfc(f.search)}%"] * 2
    sql = _QUEUE_SQL.format(
        inner=("WHERE " + " AND ".join(inner)) if inner else "",
        outer=("WHERE " + " AND ".join(outer)) if outer else "",
    )
    if select != "q.*":
        sql = sql.replace("SELECT * FROM (", f"SELECT {select} FROM (", 1)
    return sql, args_in + args_out
