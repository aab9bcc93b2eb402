"""Connection policy: WAL, foreign keys, full sync, one writer; ``atomic()`` for every write.

One :class:`sqlite3.Connection` per open workspace, shared by the writer thread (the UI runs all
writes on a single worker) under a lock; readers in other threads open their own connection with
:func:`connect` (WAL lets them read while the writer writes).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from povdesk import search

BUSY_TIMEOUT_MS = 5000


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """Open ``path`` with povdesk's pragmas. ``readonly`` opens with ``mode=ro`` (no writes)."""
    if readonly:
        conn = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    search.register(conn)  # SQL functions the search-index triggers call (povdesk.search)
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed import survives a power cut (WAL + NORMAL may lose the last commits).
        conn.execute("PRAGMA synchronous = FULL")
    return conn


def snapshot(conn: sqlite3.Connection, dest: Path) -> Path:
    """Consistent copy of the open database to ``dest`` (SQLite online backup API).

    Written to a temporary name and renamed, so a crash never leaves a half-written backup.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    out = sqlite3.connect(str(tmp))
    try:
        conn.backup(out)
        out.execute("PRAGMA journal_mode = DELETE")
    finally:
        out.close()
    tmp.replace(dest)
    return dest
