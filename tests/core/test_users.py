"""Accounts: single-user mode, first administrator, scrypt hashes, lock-out, permissions, CLI sign-in."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from review_support import PW, fast_kdf, home  # noqa: F401  (fixture)

import povdesk.users
from povdesk.cli import main
from povdesk.errors import InputRefused, PermissionDenied
from povdesk.users import Role, check_password, hash_password
from povdesk.workspace import Workspace

SECRET = "Bí-mật-Rất-Riêng-42"


def test_single_user_mode_runs_as_local_admin(ws: Workspace) -> None:
    """A database without accounts acts as its local administrator and writes without a password."""
    assert not ws.users.any()
    actor = ws.users.actor
    assert actor is not None and actor.role is Role.ADMIN and actor.local
    ws.households.save(home("H001"))


@pytest.mark.usefixtures("fast_kdf")
def test_first_account_must_be_admin_and_signs_in(ws: Workspace) -> None:
    """The first account must be an administrator; creating it signs the workspace in as it."""
    with pytest.raises(InputRefused):
        ws.users.add("rsv1", Role.ENUMERATOR, PW)
    ws.users.add("quantri", "quản trị", PW, full_name="Nguyễn Văn Quản")
    actor = ws.users.actor
    assert actor is not None and (actor.name, actor.role, actor.local) == ("quantri", Role.ADMIN, False)
    ws.households.save(home("H001"))
    op_user = ws.conn.execute("SELECT user FROM operations ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert op_user == "quantri"


@pytest.mark.usefixtures("fast_kdf")
def test_once_accounts_exist_nothing_writes_before_login(db_path: Path) -> None:
    """A workspace opened on a file with accounts refuses every write until someone signs in."""
    with Workspace.open(db_path) as ws:
        ws.users.add("quantri", Role.ADMIN, PW)
    with Workspace.open(db_path) as ws:
        assert ws.users.actor is None
        with pytest.raises(PermissionDenied):
            ws.households.save(home("H001"))
        assert ws.households.find("00001", "H001", 2025) is None
        ws.users.login("quantri", PW)
        ws.households.save(home("H001"))


def test_password_hash_is_scrypt_with_salt(ws: Workspace) -> None:
    """Production hashes: scrypt N=2**15 r=8 p=1, a 16-byte salt per hash, verifiable, not the password."""
    a, b = hash_password(SECRET), hash_password(SECRET)
    assert a != b  # per-hash salt
    scheme, n, r, p, salt, _key = a.split("$")
    assert (scheme, n, r, p) == ("scrypt", "32768", "8", "1")
    assert len(povdesk.users.base64.b64decode(salt)) == 16
    assert check_password(SECRET, a) and not check_password(SECRET + "x", a)
    assert SECRET not in a


def _all_text(db: Path) -> str:
    """Every value in the database (a full SQL dump) plus the raw bytes of the file and its WAL."""
    conn = sqlite3.connect(db)
    dump = "\n".join(conn.iterdump())
    conn.close()
    raw = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
    return dump + raw.decode("utf-8", "replace")


@pytest.mark.usefixtures("fast_kdf")
def test_passwords_never_stored_or_logged_in_clear(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """After creating, using, mistyping and changing passwords, no password appears in the file or output."""
    other = "Mật-khẩu-Mới-Khác-77"
    monkeypatch.setenv("POVDESK_NEW_PASSWORD", SECRET)
    assert main(["--db", str(db_path), "user", "add", "quantri", "--role", "admin"]) == 0
    monkeypatch.setenv("POVDESK_PASSWORD", SECRET)
    assert (
        main(["--db", str(db_path), "--user", "quantri", "user", "add", "rsv1", "--role", "enumerator"]) == 0
    )
    monkeypatch.setenv("POVDESK_PASSWORD", other)  # a wrong password: failure is audited
    assert main(["--db", str(db_path), "--user", "quantri", "user", "list"]) == 3
    monkeypatch.setenv("POVDESK_PASSWORD", SECRET)
    monkeypatch.setenv("POVDESK_NEW_PASSWORD", other)
    assert main(["--db", str(db_path), "--user", "quantri", "user", "passwd"]) == 0
    out = capsys.readouterr()
    text = _all_text(db_path)
    for pw in (SECRET, other):
        assert pw not in text and pw not in out.out and pw not in out.err
    with Workspace.open(db_path) as ws:
        assert len(ws.audit.entries(entity="user", entity_id="quantri")) >= 4
        ws.users.login("quantri", other)


@pytest.mark.usefixtures("fast_kdf")
def test_lockout_after_repeated_failures(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Five wrong passwords lock the account for 15 minutes, even for the right password; then it works."""
    ws.users.add("quantri", Role.ADMIN, PW)
    ws.users.add("canbo", Role.OFFICER, PW)
    ws.users.logout()
    for _ in range(5):
        with pytest.raises(PermissionDenied, match="Sai tên đăng nhập hoặc mật khẩu"):
            ws.users.login("canbo", "sai-mat-khau")
    with pytest.raises(PermissionDenied, match="tạm khóa"):
        ws.users.login("canbo", PW)
    info = ws.users.get("canbo")
    assert info.locked_until is not None
    later = dt.datetime.fromisoformat(info.locked_until) + dt.timedelta(seconds=1)
    monkeypatch.setattr(povdesk.users, "_now", lambda: later)
    assert ws.users.login("canbo", PW).role is Role.OFFICER
    actions = [e["action"] for e in ws.audit.entries(entity="user", entity_id="canbo")]
    assert actions.count("login.failed") == 4 and actions.count("login.locked") == 1


@pytest.mark.usefixtures("fast_kdf")
def test_admin_unlocks_and_settings_change_the_limit(ws: Workspace) -> None:
    """The failure limit is a setting; an administrator can unlock before the time is up."""
    ws.users.add("quantri", Role.ADMIN, PW)
    ws.users.add("canbo", Role.OFFICER, PW)
    ws.settings.set("auth.max_failures", "2")
    ws.users.logout()
    for _ in range(2):
        with pytest.raises(PermissionDenied):
            ws.users.login("canbo", "sai")
    with pytest.raises(PermissionDenied, match="tạm khóa"):
        ws.users.login("canbo", PW)
    ws.users.login("quantri", PW)
    ws.users.unlock("canbo")
    assert ws.users.login("canbo", PW).name == "canbo"


@pytest.mark.usefixtures("fast_kdf")
def test_unknown_name_is_audited_without_the_name(ws: Workspace) -> None:
    """A failed login for an unknown name is logged without what was typed (it may be a password)."""
    ws.users.add("quantri", Role.ADMIN, PW)
    with pytest.raises(PermissionDenied, match="Sai tên đăng nhập"):
        ws.users.login("Typed-A-Password-Here", "x")
    last = ws.audit.entries(limit=1)[0]
    assert last["action"] == "login.failed" and last["entity_id"] is None
    assert "typed-a-password-here" not in str(last).lower()


@pytest.mark.usefixtures("fast_kdf")
def test_disabled_account_cannot_sign_in(ws: Workspace) -> None:
    ws.users.add("quantri", Role.ADMIN, PW)
    ws.users.add("canbo", Role.OFFICER, PW)
    ws.users.set_active("canbo", False)
    with pytest.raises(PermissionDenied, match="vô hiệu"):
        ws.users.login("canbo", PW)


@pytest.mark.usefixtures("fast_kdf")
def test_only_admin_manages_accounts_and_settings(ws: Workspace) -> None:
    """Officers cannot create accounts, change roles or settings (exit 3)."""
    ws.users.add("quantri", Role.ADMIN, PW)
    ws.users.add("canbo", Role.OFFICER, PW)
    ws.users.login("canbo", PW)
    for call in (lambda: ws.users.add("x1", Role.ADMIN, PW), lambda: ws.users.set_role("canbo", Role.ADMIN),
                 lambda: ws.settings.set("posting.working_days", "5")):  # fmt: skip
        with pytest.raises(PermissionDenied):
            call()
    assert ws.users.get("canbo").role is Role.OFFICER
    assert ws.settings.get("posting.working_days") == "3"


@pytest.mark.usefixtures("fast_kdf")
def test_passwords_own_change_needs_old_admin_resets(ws: Workspace) -> None:
    ws.users.add("quantri", Role.ADMIN, PW)
    ws.users.add("canbo", Role.OFFICER, PW)
    ws.users.login("canbo", PW)
    with pytest.raises(PermissionDenied):
        ws.users.set_password("canbo", "mat-khau-moi-1", old_password="sai")
    with pytest.raises(PermissionDenied):
        ws.users.set_password("quantri", "mat-khau-moi-1")
    ws.users.set_password("canbo", "mat-khau-moi-1", old_password=PW)
    ws.users.login("quantri", PW)
    with pytest.raises(InputRefused):
        ws.users.set_password("canbo", "ngan")  # too short
    ws.users.set_password("canbo", "mat-khau-moi-2")
    assert ws.users.login("canbo", "mat-khau-moi-2").name == "canbo"


@pytest.mark.usefixtures("fast_kdf")
def test_weak_hash_upgraded_on_login(ws: Workspace) -> None:
    """A hash made with older (weaker) parameters is replaced at the next successful login."""
    ws.users.add("quantri", Role.ADMIN, PW)
    old = ws.conn.execute("SELECT pw_hash FROM users").fetchone()[0]
    povdesk.users.SCRYPT_N = 2**9  # fast_kdf restores it
    ws.users.login("quantri", PW)
    new = ws.conn.execute("SELECT pw_hash FROM users").fetchone()[0]
    assert new != old and new.split("$")[1] == str(2**9) and check_password(PW, new)
    assert ws.audit.verify().ok


@pytest.mark.usefixtures("fast_kdf")
def test_last_admin_cannot_be_removed(ws: Workspace) -> None:
    ws.users.add("quantri", Role.ADMIN, PW)
    with pytest.raises(InputRefused):
        ws.users.set_role("quantri", Role.OFFICER)
    with pytest.raises(InputRefused):
        ws.users.set_active("quantri", False)


@pytest.mark.usefixtures("fast_kdf")
def test_cli_sign_in(db_path: Path, monkeypatch: pytest.MonkeyPatch,
                     capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """With accounts, a command needs --user and POVDESK_PASSWORD; wrong or missing → exit 3."""
    db = str(db_path)
    monkeypatch.setenv("POVDESK_NEW_PASSWORD", PW)
    assert main(["--db", db, "user", "add", "quantri", "--role", "admin"]) == 0
    monkeypatch.delenv("POVDESK_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["--db", db, "--user", "quantri", "user", "whoami"]) == 3
    monkeypatch.setenv("POVDESK_PASSWORD", "sai-roi-nhe")
    assert main(["--db", db, "--user", "quantri", "user", "whoami"]) == 3
    assert main(["--db", db, "--user", "nobody", "user", "whoami"]) == 3
    monkeypatch.setenv("POVDESK_PASSWORD", PW)
    capsys.readouterr()
    assert main(["--db", db, "--user", "quantri", "user", "whoami", "--json"]) == 0
    assert '"role": "admin"' in capsys.readouterr().out
    assert main(["--db", db, "--user", "quantri", "user", "add", "rsv1", "--role", "rà soát viên"]) == 0
    monkeypatch.setenv("POVDESK_PASSWORD", PW)
    assert main(["--db", db, "--user", "rsv1", "user", "add", "x2", "--role", "admin"]) == 3
    assert main(["--db", db, "--user", "rsv1", "setting", "set", "posting.working_days", "5"]) == 3


def test_every_permission_has_a_vietnamese_label() -> None:
    """Refusal messages name the action in Vietnamese for every permission in the table."""
    assert set(povdesk.users.PERMISSIONS) == set(povdesk.users._ACTION_LABELS)
