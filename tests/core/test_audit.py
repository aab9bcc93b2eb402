"""The hash-chained audit log: append-only, and `verify` catches edited, deleted, reordered entries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from review_support import PW, XA, YEAR, act_as, at_stage, fast_kdf, home  # noqa: F401  (fixture)

from povdesk.audit import GENESIS, entry_hash
from povdesk.cli import main
from povdesk.errors import PermissionDenied
from povdesk.reviews import Stage
from povdesk.users import Role
from povdesk.workspace import Workspace

TRIGGERS = ("audit_log_no_update", "audit_log_no_delete", "history_no_update", "history_no_delete",
            "operations_no_update", "operations_no_delete")  # fmt: skip


@pytest.fixture
def busy(ws: Workspace) -> Workspace:
    """A workspace with some history: households saved and edited, a review moved along."""
    for code in ("H001", "H002", "H003"):
        ws.households.save(home(code))
    ws.households.save(home("H002", thu_nhap_bq=1_300_000))
    rid = at_stage(ws, "H004", Stage.DRAFT)
    ws.reviews.apply("submit", [rid])
    ws.reviews.apply("return", [rid], comment="kiểm tra lại diện tích nhà")
    assert ws.audit.verify().ok
    return ws


def _tamper(ws: Workspace, *sql: str) -> None:
    """What someone with the file and the sqlite3 shell could do: drop the triggers and edit."""
    for t in TRIGGERS:
        ws.conn.execute(f"DROP TRIGGER IF EXISTS {t}")
    for s in sql:
        ws.conn.execute(s)


def _problems(ws: Workspace) -> str:
    report = ws.audit.verify()
    assert not report.ok
    return "\n".join(report.problems)


def test_fresh_log_starts_with_genesis_and_verifies(ws: Workspace) -> None:
    first = ws.conn.execute("SELECT id, prev_hash, entity FROM audit_log ORDER BY id LIMIT 1").fetchone()
    assert first == (1, GENESIS, "genesis")
    assert ws.audit.verify().ok


def test_every_operation_is_sealed_and_chained(busy: Workspace) -> None:
    """Each operation has one seal entry; each entry's hash covers its content and the previous hash."""
    ops = busy.conn.execute("SELECT count(*) FROM operations").fetchone()[0]
    seals = busy.conn.execute("SELECT count(*) FROM audit_log WHERE entity='operation'").fetchone()[0]
    assert ops == seals > 0
    rows = busy.conn.execute(
        "SELECT id, at, user, operation_id, action, entity, entity_id, subject, field, old, new, reason,"
        " prev_hash, hash FROM audit_log ORDER BY id"
    ).fetchall()
    prev = GENESIS
    for r in rows:
        assert r[12] == prev and entry_hash(prev, list(r[:12])) == r[13]
        prev = r[13]


def test_stage_changes_logged_with_who_what_why(busy: Workspace) -> None:
    trail = busy.audit.household_trail(XA, "H004", YEAR)
    stages = [(e["action"], e["old"], e["new"], e["reason"]) for e in trail if e["field"] == "stage"]
    assert stages[-2:] == [("submit", "draft", "submitted", None),
                           ("return", "submitted", "returned", "kiểm tra lại diện tích nhà")]  # fmt: skip
    assert all(e["user"] and e["at"] for e in trail)


@pytest.mark.parametrize("table", ["audit_log", "history", "operations"])
def test_triggers_refuse_update_and_delete(busy: Workspace, table: str) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        busy.conn.execute(f"UPDATE {table} SET id = id WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        busy.conn.execute(f"DELETE FROM {table} WHERE id = 1")


def test_edited_entry_detected(busy: Workspace) -> None:
    _tamper(
        busy, "UPDATE audit_log SET reason = 'không có gì' WHERE id = (SELECT max(id) - 3 FROM audit_log)"
    )
    n = busy.conn.execute("SELECT max(id) - 3 FROM audit_log").fetchone()[0]
    assert f"Mục #{n} đã bị sửa" in _problems(busy)


def test_edited_entry_with_recomputed_hash_breaks_the_chain(busy: Workspace) -> None:
    prev = busy.conn.execute("SELECT prev_hash FROM audit_log WHERE id = 5").fetchone()[0]
    row = list(busy.conn.execute(
        "SELECT id, at, user, operation_id, action, entity, entity_id, subject, field, old, new, reason"
        " FROM audit_log WHERE id = 5").fetchone())  # fmt: skip
    row[2] = "nguoi-khac"
    _tamper(busy, f"UPDATE audit_log SET user = 'nguoi-khac', hash = '{entry_hash(prev, row)}' WHERE id = 5")
    assert "Chuỗi bị đứt giữa mục #5 và #6" in _problems(busy)


def test_deleted_entry_detected(busy: Workspace) -> None:
    _tamper(busy, "DELETE FROM audit_log WHERE id = 7")
    assert "Nhật ký thiếu mục #7: đã bị xóa" in _problems(busy)


def test_deleted_last_entries_detected(busy: Workspace) -> None:
    last = busy.conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    _tamper(busy, f"DELETE FROM audit_log WHERE id >= {last - 1}")
    assert "Các mục cuối của nhật ký" in _problems(busy)


def test_reordered_entries_detected(busy: Workspace) -> None:
    _tamper(busy, "UPDATE audit_log SET id = -1 WHERE id = 8", "UPDATE audit_log SET id = 8 WHERE id = 9",
            "UPDATE audit_log SET id = 9 WHERE id = -1")  # fmt: skip
    problems = _problems(busy)
    assert "Mục #8 bị đổi chỗ" in problems and "Mục #9 bị đổi chỗ" in problems


def test_edited_household_history_detected(busy: Workspace) -> None:
    """The field-by-field history is sealed per operation: editing an old value is caught."""
    op = busy.conn.execute("SELECT operation_id FROM history WHERE field = 'thu_nhap_bq'").fetchone()[0]
    _tamper(busy, "UPDATE history SET old = '9000000' WHERE field = 'thu_nhap_bq'")
    assert f"Thao tác #{op} hoặc lịch sử thay đổi của nó đã bị sửa/xóa" in _problems(busy)


def test_deleted_history_and_operation_detected(busy: Workspace) -> None:
    op = busy.conn.execute("SELECT operation_id FROM history WHERE field = 'thu_nhap_bq'").fetchone()[0]
    _tamper(busy, f"DELETE FROM history WHERE operation_id = {op}", f"DELETE FROM operations WHERE id = {op}")
    assert f"Thao tác #{op} (mục" in _problems(busy)


def test_write_around_the_application_detected(busy: Workspace) -> None:
    """An operation inserted with SQL (no seal) and a stage set by hand are both reported."""
    rid = busy.reviews.require(XA, "H004", YEAR).id
    _tamper(busy, "INSERT INTO operations (at, user, kind, summary) VALUES ('2025-01-01', 'x', 'Lưu hộ', 'x')",
            f"UPDATE reviews SET stage = 'accepted' WHERE id = {rid}")  # fmt: skip
    problems = _problems(busy)
    assert "không có trong nhật ký (ghi ngoài ứng dụng)" in problems
    assert f"Lượt rà soát {rid}: 'stage' bị sửa ngoài ứng dụng" in problems


@pytest.mark.usefixtures("fast_kdf")
def test_role_escalation_and_password_swap_detected(db_path: Path) -> None:
    with Workspace.open(db_path) as ws:
        ws.users.add("quantri", Role.ADMIN, PW)
        ws.users.add("rsv1", Role.ENUMERATOR, PW)
        admin_hash = ws.conn.execute("SELECT pw_hash FROM users WHERE name='quantri'").fetchone()[0]
        _tamper(ws, "UPDATE users SET role = 'admin' WHERE name = 'rsv1'",
                f"UPDATE users SET pw_hash = '{admin_hash}' WHERE name = 'rsv1'")  # fmt: skip
        problems = _problems(ws)
        assert "Tài khoản rsv1: 'role' bị sửa ngoài ứng dụng" in problems
        assert "Tài khoản rsv1: mật khẩu bị thay ngoài ứng dụng" in problems


def test_recognised_household_edited_behind_the_app_detected(ws: Workspace) -> None:
    """A recognised household's answers are hashed at recognition; an SQL edit afterwards is caught."""
    rid = at_stage(ws, "H001", Stage.POSTED)
    ws.reviews.recognise([rid], "5/QĐ-UBND", __import__("datetime").date.today())
    assert ws.audit.verify().ok
    _tamper(ws, "UPDATE households SET thu_nhap_bq = 2500000 WHERE ma_ho = 'H001'")
    assert f"Hộ {XA}/H001/{YEAR} đã công nhận nhưng nội dung bị sửa ngoài ứng dụng" in _problems(ws)


def test_rewritten_chain_caught_by_anchor(busy: Workspace) -> None:
    """Recomputing every hash after an edit fools the chain, but not an anchor written down earlier."""
    n, h = busy.audit.head()
    assert busy.audit.verify(anchor=(n, h)).ok
    rows = busy.conn.execute(
        "SELECT id, at, user, operation_id, action, entity, entity_id, subject, field, old, new, reason"
        " FROM audit_log ORDER BY id"
    ).fetchall()
    _tamper(busy, "DELETE FROM audit_log")
    prev = GENESIS
    for r in rows:
        vals = list(r)
        if vals[0] == 6:
            vals[2] = "nguoi-khac"
        new = entry_hash(prev, vals)
        busy.conn.execute(
            "INSERT INTO audit_log (id, at, user, operation_id, action, entity, entity_id, subject, field, old,"
            " new, reason, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [*vals, prev, new],
        )
        prev = new
    busy.conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (f"{rows[-1][0]}:{prev}",))
    assert busy.audit.verify().ok  # the limitation the anchor exists for
    report = busy.audit.verify(anchor=(n, h))
    assert not report.ok and "đã bị viết lại" in report.problems[0]


def test_existing_history_sealed_by_migration(tmp_path: Path) -> None:
    """A file that had operations before the log existed is sealed by the genesis entry."""
    db = tmp_path / "old.sqlite"
    conn = sqlite3.connect(db)
    conn.executescript((Path(__file__).parent.parent / "data" / "schema-m001.sql").read_text("utf-8"))
    conn.execute(
        "INSERT INTO operations (at, user, kind, summary) VALUES ('2024-10-01T08:00:00', 'a', 'Lưu hộ', 'x')"
    )
    conn.execute("INSERT INTO history (operation_id, household_id, ma_xa, ma_ho, nam_ra_soat, field, old, new)"
                 " VALUES (1, 1, '12345', 'H001', 2025, 'thu_nhap_bq', '1', '2')")  # fmt: skip
    conn.commit()
    conn.close()
    with Workspace.open(db) as ws:
        assert ws.audit.verify().ok
        _tamper(ws, "UPDATE history SET new = '3' WHERE operation_id = 1")
        assert "Các thao tác có trước khi bắt đầu nhật ký đã bị sửa hoặc xóa" in _problems(ws)


def test_verify_needs_audit_permission(ws: Workspace) -> None:
    act_as(ws, Role.ENUMERATOR)
    with pytest.raises(PermissionDenied):
        ws.audit.verify()


def test_cli_verify_head_list(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    """`audit verify` exits 0 on an intact log and 1 after tampering; `head` prints the anchor."""
    with Workspace.open(db_path) as ws:
        ws.households.save(home("H001"))
        ws.households.save(home("H001", thu_nhap_bq=1_100_000))
    db = str(db_path)
    assert main(["--db", db, "audit", "verify"]) == 0
    assert main(["--db", db, "audit", "head"]) == 0
    anchor = capsys.readouterr().out.strip()
    assert main(["--db", db, "audit", "verify", "--anchor", anchor]) == 0
    assert main(["--db", db, "audit", "list", "--json"]) == 0
    assert '"entity": "operation"' in capsys.readouterr().out
    with Workspace.open(db_path) as ws:
        _tamper(ws, "UPDATE history SET new = '1' WHERE field = 'thu_nhap_bq'")
    capsys.readouterr()
    assert main(["--db", db, "audit", "verify"]) == 1
    assert "KHÔNG nguyên vẹn" in capsys.readouterr().err
