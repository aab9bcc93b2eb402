"""Local accounts, roles and permission checks.

Two modes (shared/design/cli.md):

* **single-user** — no account exists (a fresh database). Every call runs as the local
  administrator named ``ws.user``; nothing asks for a password.
* **accounts** — once an account exists, nothing may write until someone signs in with
  :meth:`Users.login`: :meth:`Workspace.operation` calls :meth:`Users.require_signed_in`.

The first account must be an administrator, so a database can never be left without someone
who can manage accounts; creating it from single-user mode signs the workspace in as it (the
desktop's first-run dialog and ``povdesk user add`` both go through :meth:`Users.add`).

Passwords are hashed with ``hashlib.scrypt`` (N=2**15, r=8, p=1: 32 MiB and ≈0.1 s per hash on
the 2-core reference machine) and a 16-byte random salt per account, stored as
``scrypt$N$r$p$salt$key`` (base64). The parameters travel with each hash, so raising them later
re-hashes an account on its next successful login. A password is never stored, logged or
audited in clear: the audit log records only a fingerprint of the *hash* (so ``audit verify``
notices a hash swapped in behind the application's back).

Lock-out: after ``auth.max_failures`` consecutive failed logins (default 5) the account is
locked for ``auth.lockout_minutes`` (default 15); during the lock the password is not even
checked. An administrator may unlock earlier (:meth:`Users.unlock`).

Roles and what they may do are data: :data:`PERMISSIONS` for plain actions here, and the
transition table in :mod:`povdesk.reviews` for workflow steps.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from povdesk.changes import Changes
from povdesk.errors import InputRefused, NotFound, PermissionDenied
from povdesk.text import fold_choice, nfc

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_PASSWORD = 8
NAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
LOGIN_FAILED = "Sai tên đăng nhập hoặc mật khẩu"


class Role(StrEnum):
    """The four roles of the procedure; values are stable ASCII, ``label`` is Vietnamese."""

    ENUMERATOR = "enumerator"
    OFFICER = "officer"
    CHAIRMAN = "chairman"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Role:
        """A role from its value or its Vietnamese label (tones and case ignored)."""
        key = fold_choice(text)
        for r in cls:
            if key in (r.value, fold_choice(r.label), *map(fold_choice, _ROLE_ALIASES.get(r, ()))):
                return r
        names = ", ".join(f"{r.value} ({r.label})" for r in cls)
        raise InputRefused(f"Vai trò không hợp lệ: '{text}' (chọn một trong: {names})")


_ROLE_LABELS = {
    Role.ENUMERATOR: "rà soát viên",
    Role.OFFICER: "cán bộ xã",
    Role.CHAIRMAN: "chủ tịch UBND xã",
    Role.ADMIN: "quản trị",
}
_ROLE_ALIASES = {
    Role.ENUMERATOR: ("ra_soat_vien", "rsv"),
    Role.OFFICER: ("can_bo", "cán bộ"),
    Role.CHAIRMAN: ("chu_tich", "chủ tịch", "approver"),
    Role.ADMIN: ("quan_tri", "administrator"),
}

ALL_ROLES = frozenset(Role)
OFFICE = frozenset({Role.OFFICER, Role.ADMIN})

#: Plain (non-workflow) permissions: action → roles allowed. Workflow steps are in
#: ``povdesk.reviews.TRANSITIONS``. The administrator may do everything (single-user mode runs
#: as the administrator, so it must be able to run a whole review alone).
PERMISSIONS: dict[str, frozenset[Role]] = {
    "user.manage": frozenset({Role.ADMIN}),
    "setting.change": frozenset({Role.ADMIN}),
    "audit.read": frozenset({Role.OFFICER, Role.CHAIRMAN, Role.ADMIN}),
    "household.create": OFFICE,  # a household outside the review list (imports, corrections)
    "household.delete": OFFICE,
    "household.reclassify": OFFICE,
    "review.start_year": OFFICE,
    "review.assign": OFFICE,
    "review.comment": ALL_ROLES,  # enumerators only on reviews assigned to them
    "meeting.record": OFFICE,
    "posting.start": OFFICE,
    "complaint.record": OFFICE,
    "request.register": OFFICE,
    "request.start": OFFICE,
    "quality.decide": OFFICE,  # mark duplicate pairs, merge, accept data-quality warnings
}

_ACTION_LABELS = {
    "user.manage": "quản lý tài khoản",
    "setting.change": "thay đổi thiết lập",
    "audit.read": "xem nhật ký kiểm tra",
    "household.create": "thêm hộ ngoài danh sách rà soát",
    "household.delete": "xóa hộ",
    "household.reclassify": "phân loại lại",
    "review.start_year": "lập danh sách rà soát năm",
    "review.assign": "phân công rà soát viên",
    "review.comment": "ghi nhận xét",
    "meeting.record": "ghi biên bản họp dân",
    "posting.start": "niêm yết công khai",
    "complaint.record": "ghi nhận khiếu nại",
    "request.register": "tiếp nhận giấy đề nghị",
    "request.start": "bắt đầu rà soát theo giấy đề nghị",
    "quality.decide": "xác nhận trùng lặp, gộp hồ sơ, chấp nhận cảnh báo dữ liệu",
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: an account, or the local administrator of a single-user database."""

    name: str
    role: Role
    local: bool = False

    def can(self, permission: str) -> bool:
        return self.role in PERMISSIONS[permission]


@dataclass(frozen=True)
class UserInfo:
    name: str
    full_name: str | None
    role: Role
    active: bool
    locked_until: str | None
    failed_attempts: int
    created_at: str


def denied(actor: Actor | None, what: str) -> PermissionDenied:
    if actor is None:
        return PermissionDenied(f"Cần đăng nhập để {what}")
    return PermissionDenied(f"Người dùng {actor.name} ({actor.role.label}) không có quyền {what}")


# --- password hashing -----------------------------------------------------------------------


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_password(password: str, *, n: int | None = None, r: int | None = None, p: int | None = None) -> str:
    """``scrypt$N$r$p$salt$key`` for ``password`` with a fresh random salt."""
    n, r, p = n or SCRYPT_N, r or SCRYPT_R, p or SCRYPT_P
    salt = os.urandom(SALT_BYTES)
    key = _scrypt(password, salt, n, r, p)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(key)}"


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    data = nfc(password).encode("utf-8")
    return hashlib.scrypt(data, salt=salt, n=n, r=r, p=p, maxmem=2 * 128 * r * n * p + 2**20, dklen=KEY_BYTES)


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (constant-time compare; False for a bad format)."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        got = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(key))


def needs_rehash(stored: str) -> bool:
    parts = stored.split("$")
    return len(parts) != 6 or (int(parts[1]), int(parts[2]), int(parts[3])) < (SCRYPT_N, SCRYPT_R, SCRYPT_P)


def fingerprint(pw_hash: str) -> str:
    """What the audit log records for a password change: a digest of the salted hash."""
    return "fp:" + hashlib.sha256(pw_hash.encode("ascii")).hexdigest()[:24]


_DUMMY_HASH: str | None = None


def _burn_time(password: str) -> None:
    """Spend a hash's worth of time for an unknown name (no timing hint that it is unknown)."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password("povdesk-dummy")
    check_password(password, _DUMMY_HASH)


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def check_new_password(password: str, name: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputRefused(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự")
    if fold_choice(password) == fold_choice(name):
        raise InputRefused("Mật khẩu không được trùng tên đăng nhập")


class Users:
    """Accounts of one workspace and the signed-in actor (``ws.users``)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._current: Actor | None = None

    # --- who is acting ----------------------------------------------------------------------

    def any(self) -> bool:
        """Whether any account exists (else the database is in single-user mode)."""
        return self.ws.conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    @property
    def actor(self) -> Actor | None:
        """The signed-in account; the local administrator in single-user mode; else ``None``."""
        if self._current is not None:
            return self._current
        if not self.any():
            return Actor(self.ws.user, Role.ADMIN, local=True)
        return None

    def require_signed_in(self) -> Actor:
        actor = self.actor
        if actor is None:
            raise PermissionDenied(
                "Cơ sở dữ liệu có tài khoản người dùng: cần đăng nhập trước khi thay đổi dữ liệu"
            )
        return actor

    def require(self, permission: str) -> Actor:
        """The actor, if it holds ``permission``; else :class:`PermissionDenied` (exit 3)."""
        actor = self.actor
        if actor is None or not actor.can(permission):
            raise denied(actor, _ACTION_LABELS.get(permission, permission))
        return actor

    # --- signing in -------------------------------------------------------------------------

    def login(self, name: str, password: str) -> Actor:
        """Check ``password`` for ``name`` and sign the workspace in; PermissionDenied if wrong.

        Failures are counted and audited (the attempted name only when it is an account, so a
        password typed into the name box is never recorded); the count and any lock-out are
        committed even though the call raises.
        """
        name = name.strip().lower()
        row = self.ws.conn.execute(
            "SELECT role, pw_hash, active, failed_attempts, locked_until FROM users WHERE name=?", (name,)
        ).fetchone()
        if row is None:
            _burn_time(password)
            with self.ws.atomic():
                self.ws.audit.record(
                    "login.failed", "user", None, reason="tên đăng nhập không tồn tại", user="?"
                )
            raise PermissionDenied(LOGIN_FAILED)
        role, pw_hash, active, failures, locked_until = row
        now = _now()
        if locked_until and now < dt.datetime.fromisoformat(locked_until):
            until = dt.datetime.fromisoformat(locked_until).strftime("%H:%M %d/%m/%Y")
            raise PermissionDenied(
                f"Tài khoản {name} đang bị tạm khóa đến {until} do nhập sai mật khẩu nhiều lần"
            )
        if not check_password(password, pw_hash):
            self._record_failure(name, failures + 1, now)
            raise PermissionDenied(LOGIN_FAILED)
        if not active:
            raise PermissionDenied(f"Tài khoản {name} đã bị vô hiệu hóa; hãy liên hệ quản trị")
        self._record_success(name, password, pw_hash, failures)
        self._current = Actor(name, Role(role))
        self.ws.user = name
        return self._current

    def _record_failure(self, name: str, failures: int, now: dt.datetime) -> None:
        limit = self.ws.settings.get_int("auth.max_failures")
        with self.ws.atomic():
            if failures >= limit:
                minutes = self.ws.settings.get_int("auth.lockout_minutes")
                until = (now + dt.timedelta(minutes=minutes)).isoformat()
                self.ws.conn.execute(
                    "UPDATE users SET failed_attempts=0, locked_until=? WHERE name=?", (until, name)
                )
                self.ws.audit.record(
                    "login.locked", "user", name, field="locked_until", new=until,
                    reason=f"sai mật khẩu {failures} lần liên tiếp", user=name,
                )  # fmt: skip
            else:
                self.ws.conn.execute("UPDATE users SET failed_attempts=? WHERE name=?", (failures, name))
                self.ws.audit.record(
                    "login.failed", "user", name, reason=f"sai mật khẩu (lần {failures})", user=name
                )

    def _record_success(self, name: str, password: str, pw_hash: str, failures: int) -> None:
        rehash = needs_rehash(pw_hash)
        if not failures and not rehash:
            return
        with self.ws.atomic():
            self.ws.conn.execute(
                "UPDATE users SET failed_attempts=0, locked_until=NULL WHERE name=?", (name,)
            )
            if rehash:
                new_hash = hash_password(password)
                self.ws.conn.execute("UPDATE users SET pw_hash=? WHERE name=?", (new_hash, name))
                self.ws.audit.record(
                    "user.rehash", "user", name, field="password", old=fingerprint(pw_hash),
                    new=fingerprint(new_hash), reason="nâng tham số băm mật khẩu", user=name,
                )  # fmt: skip

    def logout(self) -> None:
        self._current = None

    # --- managing accounts ------------------------------------------------------------------

    def add(self, name: str, role: Role | str, password: str, *, full_name: str | None = None) -> Changes:
        """Create an account. The first account must be an administrator; creating it from
        single-user mode signs the workspace in as it."""
        role = role if isinstance(role, Role) else Role.parse(role)
        name = name.strip().lower()
        first = not self.any()
        if first and role is not Role.ADMIN:
            raise InputRefused("Tài khoản đầu tiên phải là quản trị (admin) để còn người quản lý tài khoản")
        self.require("user.manage")
        if not NAME_RE.fullmatch(name):
            raise InputRefused(
                f"Tên đăng nhập '{name}' không hợp lệ: 2–32 ký tự a–z, 0–9, dấu chấm, gạch ngang, gạch dưới"
            )
        check_new_password(password, name)
        if self._row(name) is not None:
            raise InputRefused(f"Đã có tài khoản {name}")
        pw_hash = hash_password(password)
        stamp = _now().isoformat()
        with self.ws.operation("Thêm tài khoản", name):
            self.ws.conn.execute(
                "INSERT INTO users (name, full_name, role, pw_hash, active, failed_attempts, created_at,"
                " updated_at) VALUES (?,?,?,?,1,0,?,?)",
                (name, nfc(full_name) if full_name else None, role.value, pw_hash, stamp, stamp),
            )
            audit = self.ws.audit
            audit.record("user.add", "user", name, field="role", new=role.value)
            audit.record("user.add", "user", name, field="active", new="1")
            audit.record("user.add", "user", name, field="password", new=fingerprint(pw_hash))
        if first:
            self._current = Actor(name, role)
            self.ws.user = name
        return Changes(users=True)

    def set_password(self, name: str, new_password: str, *, old_password: str | None = None) -> Changes:
        """Change a password: one's own (``old_password`` required) or anyone's as administrator."""
        name = name.strip().lower()
        actor = self.require_signed_in()
        own = actor.name == name and not actor.local
        if not own:
            self.require("user.manage")
        row = self._require_row(name)
        if own and (old_password is None or not check_password(old_password, row["pw_hash"])):
            raise PermissionDenied("Mật khẩu hiện tại không đúng")
        check_new_password(new_password, name)
        new_hash = hash_password(new_password)
        with self.ws.operation("Đổi mật khẩu", name):
            self.ws.conn.execute(
                "UPDATE users SET pw_hash=?, failed_attempts=0, locked_until=NULL, updated_at=? WHERE name=?",
                (new_hash, _now().isoformat(), name),
            )
            self.ws.audit.record(
                "user.password", "user", name, field="password", old=fingerprint(row["pw_hash"]),
                new=fingerprint(new_hash), reason="tự đổi" if own else "quản trị đặt lại",
            )  # fmt: skip
        return Changes(users=True)

    def set_role(self, name: str, role: Role | str) -> Changes:
        role = role if isinstance(role, Role) else Role.parse(role)
        self.require("user.manage")
        row = self._require_row(name)
        if row["role"] == Role.ADMIN and role is not Role.ADMIN:
            self._keep_an_admin(name)
        return self._update(name, "role", row["role"], role.value, "Đổi vai trò")

    def set_active(self, name: str, active: bool) -> Changes:
        self.require("user.manage")
        row = self._require_row(name)
        if not active and row["role"] == Role.ADMIN:
            self._keep_an_admin(name)
        return self._update(name, "active", str(row["active"]), str(int(active)),
                            "Kích hoạt tài khoản" if active else "Vô hiệu hóa tài khoản")  # fmt: skip

    def unlock(self, name: str) -> Changes:
        self.require("user.manage")
        row = self._require_row(name)
        with self.ws.operation("Mở khóa tài khoản", name):
            self.ws.conn.execute(
                "UPDATE users SET failed_attempts=0, locked_until=NULL WHERE name=?", (name,)
            )
            self.ws.audit.record("user.unlock", "user", name, field="locked_until", old=row["locked_until"])
        return Changes(users=True)

    def _update(self, name: str, column: str, old: str, new: str, kind: str) -> Changes:
        with self.ws.operation(kind, name):
            self.ws.conn.execute(
                f"UPDATE users SET {column}=?, updated_at=? WHERE name=?", (new, _now().isoformat(), name)
            )
            self.ws.audit.record(f"user.{column}", "user", name, field=column, old=old, new=new)
        return Changes(users=True)

    def _keep_an_admin(self, name: str) -> None:
        n = self.ws.conn.execute(
            "SELECT count(*) FROM users WHERE role='admin' AND active=1 AND name<>?", (name,)
        ).fetchone()[0]
        if n == 0:
            raise InputRefused("Phải còn ít nhất một tài khoản quản trị đang hoạt động")

    # --- reading ----------------------------------------------------------------------------

    def _row(self, name: str) -> dict[str, Any] | None:
        cur = self.ws.conn.execute("SELECT * FROM users WHERE name=?", (name.strip().lower(),))
        row = cur.fetchone()
        return None if row is None else dict(zip([d[0] for d in cur.description], row, strict=True))

    def _require_row(self, name: str) -> dict[str, Any]:
        row = self._row(name)
        if row is None:
            raise NotFound(f"Không có tài khoản {name}")
        return row

    def get(self, name: str) -> UserInfo:
        return _info(self._require_row(name))

    def all(self) -> list[UserInfo]:
        cur = self.ws.conn.execute("SELECT * FROM users ORDER BY name")
        names = [d[0] for d in cur.description]
        return [_info(dict(zip(names, r, strict=True))) for r in cur.fetchall()]

    def exists(self, name: str) -> bool:
        return self._row(name) is not None


def _info(row: dict[str, Any]) -> UserInfo:
    return UserInfo(
        row["name"], row["full_name"], Role(row["role"]), bool(row["active"]), row["locked_until"],
        row["failed_attempts"], row["created_at"],
    )  # fmt: skip
