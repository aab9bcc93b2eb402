"""The Workspace: one open database file, its migrations, its managers and its rule book.

    with Workspace.open("xa.sqlite") as ws:
        ws.communes.add(Commune("12345", "Xã Minh Hòa"))
        result = ws.households.save(household)

Every mutating manager call runs inside :meth:`Workspace.operation`, one transaction that also
records who did what (the ``operations`` table, referenced by ``history``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from povdesk import __version__
from povdesk.audit import Audit
from povdesk.communes import Communes
from povdesk.db import connect, snapshot
from povdesk.errors import DatabaseTooNew, MigrationFailed, PovdeskError
from povdesk.households import Households, now_iso
from povdesk.meetings import Meetings
from povdesk.migrations import known_names, migrations
from povdesk.ongoing import Requests
from povdesk.quality import Quality
from povdesk.reviews import Reviews
from povdesk.rules import RuleBook
from povdesk.settings import Settings
from povdesk.undo import Undo
from povdesk.users import Users

DEFAULT_USER = "admin"


def default_db_path() -> Path:
    """``$POVDESK_DB`` if set, else ``povdesk.sqlite`` in the user's data directory."""
    env = os.environ.get("POVDESK_DB")
    if env:
        return Path(env)
    import platformdirs

    return platformdirs.user_data_path("povdesk", appauthor=False) / "povdesk.sqlite"


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


class Workspace:
    def __init__(self, path: Path, conn: sqlite3.Connection, rules: RuleBook, user: str) -> None:
        self.path = path
        self.conn = conn
        self.db = Database(conn)
        self.rules = rules
        self.user = user
        self._lock = threading.RLock()
        self.communes = Communes(self)
        self.households = Households(self)
        self.current_operation: int | None = None  # the open operation (audit entries refer to it)
        self.users, self.settings, self.audit = Users(self), Settings(self), Audit(self)
        self.reviews, self.requests, self.meetings = Reviews(self), Requests(self), Meetings(self)
        self.undo = Undo(self)  # session undo/redo of household saves (povdesk.undo)
        self.quality = Quality(self)  # duplicates and consistency checks (povdesk.quality)

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        user: str = DEFAULT_USER,
        rules: RuleBook | None = None,
    ) -> Workspace:
        """Open (creating if missing) and migrate the database at ``path``.

        Refuses (:class:`DatabaseTooNew`) a file written by a newer povdesk. Copies the file
        aside before pending migrations; a failing migration leaves it unchanged
        (:class:`MigrationFailed`).
        """
        p = Path(path) if path is not None else default_db_path()
        p.parent.mkdir(parents=True, exist_ok=True)
        conn = connect(p)
        conn.isolation_level = None  # transactions only where we say BEGIN (atomic())
        try:
            migrate(conn, p)
        except BaseException:
            conn.close()
            raise
        return cls(p, conn, rules or RuleBook.load(), user)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA optimize")
        self.conn.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction (a savepoint when nested), serialised across threads."""
        with self._lock, self.db.atomic():
            yield

    @contextlib.contextmanager
    def operation(self, kind: str, summary: str) -> Iterator[int]:
        """A transaction recorded as one user operation; yields its id for history rows.

        Refused unless someone is signed in (or the file has no accounts: povdesk.users);
        sealed into the hash-chained audit log on commit (povdesk.audit).
        """
        with self.atomic():
            self.users.require_signed_in()
            cur = self.conn.execute(
                "INSERT INTO operations (at, user, kind, summary) VALUES (?,?,?,?)",
                (now_iso(), self.user, kind, summary),
            )
            op = int(cur.lastrowid or 0)
            outer, self.current_operation = self.current_operation, op
            try:
                yield op
            finally:
                self.current_operation = outer
            self.audit.seal(op)

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])


def written_by(conn: sqlite3.Connection) -> str | None:
    """``meta.app_version``: the povdesk version that last migrated (created or upgraded) the file."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'app_version'").fetchone()
    except sqlite3.Error:  # not (yet) a povdesk file
        return None
    return str(row[0]) if row and row[0] else None


def migrate(conn: sqlite3.Connection, path: Path) -> list[str]:
    """Apply pending migrations all-or-nothing; returns their names."""
    db = Database(conn)
    applied = [m.name for m in migrations.applied(db)]
    unknown = [n for n in applied if n not in known_names()]
    if unknown:
        newer = written_by(conn)
        by = f"povdesk {newer}, " if newer else ""
        raise DatabaseTooNew(
            f"Tệp dữ liệu {path.name} được tạo bởi phiên bản povdesk mới hơn "
            f"({by}có bước nâng cấp {', '.join(unknown)} mà bản {__version__} không biết). "
            "Hãy cài phiên bản povdesk mới hơn để mở tệp này; tệp không bị thay đổi."
        )
    pending = [m.name for m in migrations.pending(db)]
    if not pending:
        return []
    if applied:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        snapshot(conn, backups_dir(path) / f"{path.stem}-{stamp}-truoc-nang-cap-{pending[0]}.sqlite")
    try:
        with db.atomic():
            migrations.apply(db)
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('app_version', ?)", (__version__,))
    except PovdeskError:
        raise
    except Exception as e:
        raise MigrationFailed(
            f"Nâng cấp cấu trúc dữ liệu thất bại ({type(e).__name__}: {e}); tệp được giữ nguyên."
        ) from e
    return pending
