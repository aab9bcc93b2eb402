"""The povdesk version recorded in each database (``meta.app_version``) and what opening does with it.

Decision: ``app_version`` is the version that last *migrated* the file (created it or upgraded its
schema); it is written in the same transaction as the migrations. Opening a file whose schema is
already current writes nothing, so a file last migrated by a newer povdesk whose migrations we
all know (a release without schema changes) opens normally and keeps its newer stamp. Whether a
file is "too new" is decided by migration names (tests/core/test_storage.py), not by comparing
version strings; the stamp only makes the refusal say which version to install.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from povdesk import __version__
from povdesk.cli import main as cli_main
from povdesk.errors import DatabaseTooNew
from povdesk.validation import household_from_raw
from povdesk.workspace import Workspace, written_by

DATA = Path(__file__).resolve().parents[1] / "data"


def stamp(path: Path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        return written_by(conn)
    finally:
        conn.close()


def set_stamp(path: Path, version: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('app_version', ?)", (version,))
    conn.commit()
    conn.close()


def add_future_migration(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('povdesk', 'm999_future', 'x')"
    )
    conn.commit()
    conn.close()


def old_database(path: Path, version: str) -> None:
    """The frozen first-schema file (tests/data/schema-m001.sql), stamped with an old version."""
    conn = sqlite3.connect(path)
    conn.executescript((DATA / "schema-m001.sql").read_text("utf-8"))
    conn.close()
    set_stamp(path, version)


def test_new_database_records_current_version(db_path: Path) -> None:
    """A database created by this povdesk carries this version in meta.app_version."""
    with Workspace.open(db_path) as ws:
        assert ws.meta("app_version") == __version__
    assert stamp(db_path) == __version__


def test_upgrade_records_current_version_and_backup_keeps_old(tmp_path: Path) -> None:
    """Upgrading a file from an older povdesk stamps the current version; the backup keeps the old one."""
    path = tmp_path / "cu.sqlite"
    old_database(path, "0.0.1")
    with Workspace.open(path) as ws:
        assert ws.meta("app_version") == __version__
        assert ws.households.require("12345", "H001", 2025)  # the data came along
    [backup] = (tmp_path / "backups").glob("cu-*.sqlite")
    assert stamp(backup) == "0.0.1"


def test_current_schema_from_newer_release_opens_and_keeps_its_stamp(
    db_path: Path, raw_household: dict[str, Any]
) -> None:
    """A file last migrated by a newer povdesk with no unknown migration opens; its stamp is not downgraded."""
    Workspace.open(db_path).close()
    set_stamp(db_path, "99.0.0")
    h, problems = household_from_raw(raw_household, raw_household["thanh_vien"])
    assert h is not None, problems
    with Workspace.open(db_path) as ws:
        assert ws.households.save(h).status == "inserted"
        assert ws.meta("app_version") == "99.0.0"
    assert stamp(db_path) == "99.0.0"
    assert not (db_path.parent / "backups").exists()  # nothing to migrate, nothing copied


def test_newer_database_refusal_names_the_version(db_path: Path) -> None:
    """The refusal of a file from a newer povdesk says which version wrote it and which is running."""
    Workspace.open(db_path).close()
    add_future_migration(db_path)
    set_stamp(db_path, "0.9.0")
    with pytest.raises(DatabaseTooNew) as e:
        Workspace.open(db_path)
    assert "povdesk 0.9.0" in str(e.value)
    assert f"bản {__version__}" in str(e.value)
    assert stamp(db_path) == "0.9.0"


def test_cli_refuses_newer_database_with_exit_2(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The command line reports the same refusal in Vietnamese and exits 2 (nothing changed)."""
    Workspace.open(db_path).close()
    add_future_migration(db_path)
    set_stamp(db_path, "0.9.0")
    before = db_path.read_bytes()
    assert cli_main(["--db", str(db_path), "household", "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: ") and "mới hơn" in err and "0.9.0" in err
    assert db_path.read_bytes() == before


def test_package_version_matches_pyproject() -> None:
    """The version the app reports and stores equals the one the package (and bundle) is built as."""
    import tomllib

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    assert tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"] == __version__
