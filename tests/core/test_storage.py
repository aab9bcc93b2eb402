"""Storage: households saved in one transaction, with classification, history and migrations."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from povdesk import migrations as mig
from povdesk.domain import Household, HouseholdClass
from povdesk.errors import DatabaseTooNew, MigrationFailed, ValidationError
from povdesk.rules import RuleBook
from povdesk.validation import household_from_raw
from povdesk.workspace import Workspace

DATA = Path(__file__).resolve().parents[1] / "data"


def build(raw: dict[str, Any]) -> Household:
    h, problems = household_from_raw(raw, raw["thanh_vien"])
    assert h is not None, problems
    return h


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def schema(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [(n, " ".join(s.split())) for n, s in rows]


def test_save_inserts_and_classifies(ws: Workspace, raw_household: dict[str, Any]) -> None:
    """A saved household is stored with its members, commune, village and explained class."""
    r = ws.households.save(build(raw_household))
    assert r.status == "inserted"
    c = ws.households.classification(r.id)
    assert c.klass is HouseholdClass.POOR
    assert c.deprived == ("1.2", "2.2", "4.1", "5.2")
    assert c.explanation == "nghèo: thu nhập 1.450.000 ≤ 1.500.000; thiếu hụt 4 chỉ số: 1.2, 2.2, 4.1, 5.2"
    assert ws.communes.get("12345").name == "Xã Minh Hòa"
    assert ws.communes.villages("12345") == ["Thôn Đông"]
    assert ws.households.get(r.id) == build(raw_household)


def test_resave_is_unchanged(ws: Workspace, raw_household: dict[str, Any]) -> None:
    """Saving the same household again changes nothing and writes no history."""
    first = ws.households.save(build(raw_household))
    again = ws.households.save(build(raw_household))
    assert again.status == "unchanged" and again.id == first.id
    assert [h["field"] for h in ws.households.history(first.id)] == ["*"]


def test_update_records_history(db_path: Path, raw_household: dict[str, Any]) -> None:
    """An update records who changed which field (household and member) from what to what."""
    with Workspace.open(db_path, user="can_bo_xa") as ws:
        hid = ws.households.save(build(raw_household)).id
        raw_household["thu_nhap_bq"] = "2.100.000"
        raw_household["thanh_vien"][1]["bhyt"] = "không"
        r = ws.households.save(build(raw_household))
        assert r.status == "updated"
        assert ws.households.classification(hid).klass is HouseholdClass.AVERAGE
        hist = ws.households.history(hid)
    changes = {(h["member_stt"], h["field"], h["old"], h["new"]) for h in hist}
    assert (None, "thu_nhap_bq", "1450000", "2100000") in changes
    assert (2, "bhyt", "1", "0") in changes
    assert {h["user"] for h in hist} == {"can_bo_xa"}


def test_member_removed_is_in_history(ws: Workspace, raw_household: dict[str, Any]) -> None:
    """Removing a member is recorded as a member-level change."""
    hid = ws.households.save(build(raw_household)).id
    raw_household["thanh_vien"].pop()
    ws.households.save(build(raw_household))
    assert any(h["member_stt"] == 2 and h["field"] == "*" for h in ws.households.history(hid))
    assert ws.households.get(hid).size == 1


def test_history_not_inherited_through_reused_id(ws: Workspace, raw_household: dict[str, Any]) -> None:
    """A household created after the highest-id one was deleted does not show that one's history."""
    old = ws.households.save(build(raw_household)).id
    ws.households.delete(old)
    raw_household["ma_ho"] = "H777"
    new = ws.households.save(build(raw_household)).id
    hist = ws.households.history(new)
    assert [(h["field"], h["new"]) for h in hist] == [("*", "tạo mới")]


def test_refused_household_changes_nothing(
    ws: Workspace, db_path: Path, raw_household: dict[str, Any]
) -> None:
    """A household without a head is refused with a field-level message, and the file is unchanged."""
    ws.households.save(build(raw_household))
    before = dump(db_path)
    good = build(raw_household)
    head, wife = good.members
    bad = dataclasses.replace(good, ma_ho="H002", members=(dataclasses.replace(head, quan_he="con"), wife))
    with pytest.raises(ValidationError) as e:
        ws.households.save(bad)
    assert any(p.field == "quan_he" and "chủ hộ" in p.message for p in e.value.problems)
    assert dump(db_path) == before


def test_save_many_is_all_or_nothing(ws: Workspace, raw_household: dict[str, Any]) -> None:
    """When the second of two households is invalid, neither is written."""
    good = build(raw_household)
    bad_raw = copy.deepcopy(raw_household)
    bad_raw["ma_ho"], bad_raw["nam_ra_soat"], bad_raw["ngay_ra_soat"] = "H002", 2021, "01/10/2021"
    with pytest.raises(ValidationError) as e:
        ws.households.save_many([good, build(bad_raw)])
    assert any(p.field == "nam_ra_soat" and "2021" in p.message for p in e.value.problems)
    assert ws.households.ids() == []


def test_reclassify_after_rule_change(db_path: Path, tmp_path: Path, raw_household: dict[str, Any]) -> None:
    """After a province edits its rule-set file (line 1.400.000), reclassify changes the stored class."""
    with Workspace.open(db_path) as ws:
        hid = ws.households.save(build(raw_household)).id
    override = tmp_path / "rules"
    override.mkdir()
    src = (Path(__file__).resolve().parents[2] / "resources/rulesets/VN-2022.toml").read_text("utf-8")
    (override / "VN-2022.toml").write_text(src.replace("rural = 1_500_000", "rural = 1_400_000"), "utf-8")
    with Workspace.open(db_path, rules=RuleBook.load(override)) as ws:
        report = ws.households.reclassify(2025)
        assert (report.households, report.changed) == (1, 1)
        assert ws.households.classification(hid).klass is HouseholdClass.AVERAGE


def test_database_uses_wal_and_foreign_keys(ws: Workspace) -> None:
    """The connection policy is WAL journal with foreign keys enforced."""
    assert ws.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert ws.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


# --- migrations ---------------------------------------------------------------------------------


def make_old(path: Path, stop_before: str) -> None:
    conn = sqlite3.connect(path)
    conn.isolation_level = None
    mig.migrations.apply(Database(conn), stop_before=stop_before)
    conn.close()


def test_fresh_equals_upgraded(tmp_path: Path) -> None:
    """A database upgraded from the first schema has exactly the schema of a fresh one."""
    old = tmp_path / "old.sqlite"
    make_old(old, stop_before=mig.known_names()[1])
    with Workspace.open(old) as upgraded, Workspace.open(tmp_path / "fresh.sqlite") as fresh:
        assert schema(upgraded.conn) == schema(fresh.conn)
        applied = [r[0] for r in upgraded.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert applied == mig.known_names()


def test_old_file_upgrades_without_losing_rows_and_is_backed_up(tmp_path: Path) -> None:
    """The frozen m001 database (tests/data) upgrades keeping its household, after a backup copy."""
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript((DATA / "schema-m001.sql").read_text("utf-8"))
    conn.close()
    with Workspace.open(path) as ws:
        hid = ws.households.require("12345", "H001", 2025)
        h = ws.households.get(hid)
        assert (h.chu_ho, h.size, h.thu_nhap_bq) == ("Nguyễn Văn Hoà", 2, 1_450_000)
        assert ws.households.classification(hid).klass is HouseholdClass.POOR
        applied = [r[0] for r in ws.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert applied == mig.known_names()
    backups = list((tmp_path / "backups").glob(f"old-*-{mig.known_names()[1]}.sqlite"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as b:
        assert b.execute("SELECT count(*) FROM members").fetchone()[0] == 2
    b.close()


def test_failing_migration_leaves_file_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw_household: dict[str, Any]
) -> None:
    """If a pending migration fails midway, every pending migration is rolled back."""
    path = tmp_path / "x.sqlite"
    with Workspace.open(path) as ws:
        ws.households.save(build(raw_household))
    before = dump(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    extra = copy.copy(mig.migrations)
    extra._migrations = list(mig.migrations._migrations)
    monkeypatch.setattr(mig, "migrations", extra)
    import povdesk.workspace as wsmod

    monkeypatch.setattr(wsmod, "migrations", extra)

    @extra()
    def m900_adds_column(db: Database) -> None:
        db.execute("ALTER TABLE households ADD COLUMN extra TEXT")

    @extra()
    def m901_breaks(db: Database) -> None:
        db.execute("UPDATE households SET extra = 'x'")
        raise RuntimeError("boom")

    with pytest.raises(MigrationFailed):
        Workspace.open(path)
    assert dump(path) == before
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_newer_database_is_refused(tmp_path: Path) -> None:
    """A file that applied a migration this version does not know is refused, untouched."""
    path = tmp_path / "new.sqlite"
    Workspace.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('povdesk', 'm999_future', 'x')"
    )
    conn.commit()
    conn.close()
    copy_ = tmp_path / "copy.sqlite"
    shutil.copy(path, copy_)
    with pytest.raises(DatabaseTooNew) as e:
        Workspace.open(path)
    assert "mới hơn" in str(e.value)
    assert path.read_bytes() == copy_.read_bytes()
