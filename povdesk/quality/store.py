"""Where quality results live (migration ``m007_quality``).

* ``quality_pairs`` / ``quality_issues`` — a **cache** of the last check, rewritten for the
  households checked (:func:`replace_cache`). Rows cascade away with their household. The
  household list's "has issues" filter is :data:`HAS_ISSUES_SQL`, answered from the index on
  ``quality_issues (household_id, accepted)``.
* ``quality_decisions`` / ``quality_accepted`` — the reviewer's **judgements**, keyed by natural
  references (``ma_xa|ma_ho|year`` + birth year and name key for people), so they survive
  re-saves, renumbered rows and sync between machines. They are written only inside a
  :meth:`Workspace.operation`, with history rows and audit entries (see ``manager``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

HAS_ISSUES_SQL = "EXISTS (SELECT 1 FROM quality_issues qi WHERE qi.household_id = h.id AND qi.accepted = 0)"
"""SQL over alias ``h`` (households): true when the household has an open quality issue."""

PAIR_COLUMNS = (
    "id", "kind", "nam_ra_soat", "household_a", "household_b", "stt_a", "stt_b", "ref_a", "ref_b",
    "score", "reasons", "members", "checked_at",
)  # fmt: skip
ISSUE_COLUMNS = (
    "household_id", "nam_ra_soat", "ma_xa", "check_code", "members", "subject", "message", "pair_id",
    "other_household_id", "score", "accepted", "checked_at",
)  # fmt: skip


def has_issues_sql(alias: str = "h") -> str:
    """:data:`HAS_ISSUES_SQL` over another alias of the households table."""
    return HAS_ISSUES_SQL.replace("h.id", f"{alias}.id")


def decisions(conn: sqlite3.Connection) -> dict[tuple[str, str, str], str]:
    """(kind, ref_a, ref_b) → "same" / "different" for every remembered pair decision."""
    rows = conn.execute("SELECT kind, ref_a, ref_b, decision FROM quality_decisions")
    return {(k, a, b): d for k, a, b, d in rows}


def decision(conn: sqlite3.Connection, pair_id: str) -> dict[str, Any] | None:
    cur = conn.execute(
        "SELECT d.pair_id, d.kind, d.ref_a, d.ref_b, d.decision, d.reason, d.merged, o.at, o.user"
        " FROM quality_decisions d JOIN operations o ON o.id = d.operation_id WHERE d.pair_id = ?",
        (pair_id,),
    )
    row = cur.fetchone()
    return None if row is None else dict(zip([c[0] for c in cur.description], row, strict=True))


def accepted(conn: sqlite3.Connection, refs: Iterable[tuple[str, str, int]]) -> dict[tuple[Any, ...], str]:
    """(ma_xa, ma_ho, year, check, subject) → reason, for the given household keys."""
    wanted = set(refs)
    out: dict[tuple[Any, ...], str] = {}
    if not wanted:
        return out
    for ma_xa, ma_ho, year, check, subject, reason in conn.execute(
        "SELECT ma_xa, ma_ho, nam_ra_soat, check_code, subject, reason FROM quality_accepted"
    ):
        if (ma_xa, ma_ho, year) in wanted:
            out[(ma_xa, ma_ho, year, check, subject)] = reason
    return out


def _focus_table(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS quality_focus (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.quality_focus")
    conn.executemany("INSERT INTO temp.quality_focus (id) VALUES (?)", ((i,) for i in ids))


def replace_cache(
    conn: sqlite3.Connection,
    focus: Iterable[int],
    pairs: Sequence[Sequence[Any]],
    issues: Sequence[Sequence[Any]],
) -> None:
    """Replace the cached pairs and issues of the focus households (caller's transaction).

    Pairs touching a focus household are dropped (with their issues on both sides) and the
    new ones written; ``pairs`` rows follow :data:`PAIR_COLUMNS`, ``issues`` rows
    :data:`ISSUE_COLUMNS`.
    """
    _focus_table(conn, focus)
    conn.execute(
        "DELETE FROM quality_pairs WHERE household_a IN (SELECT id FROM temp.quality_focus)"
        " OR household_b IN (SELECT id FROM temp.quality_focus)"
    )
    conn.execute("DELETE FROM quality_issues WHERE household_id IN (SELECT id FROM temp.quality_focus)")
    conn.execute("DELETE FROM temp.quality_focus")
    conn.executemany(
        f"INSERT OR REPLACE INTO quality_pairs ({', '.join(PAIR_COLUMNS)})"
        f" VALUES ({', '.join('?' * len(PAIR_COLUMNS))})",
        pairs,
    )
    conn.executemany(
        f"INSERT INTO quality_issues ({', '.join(ISSUE_COLUMNS)}) VALUES ({', '.join('?' * len(ISSUE_COLUMNS))})",
        issues,
    )


def replace_consistency(
    conn: sqlite3.Connection, household_ids: Iterable[int], issues: Sequence[Sequence[Any]]
) -> None:
    """Replace only the consistency issues (not duplicates) of some households."""
    for hid in household_ids:
        conn.execute("DELETE FROM quality_issues WHERE household_id = ? AND pair_id IS NULL", (hid,))
    conn.executemany(
        f"INSERT INTO quality_issues ({', '.join(ISSUE_COLUMNS)}) VALUES ({', '.join('?' * len(ISSUE_COLUMNS))})",
        issues,
    )


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
