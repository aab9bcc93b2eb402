"""Per-database settings of the procedure (``ws.settings``), as data with defaults.

A setting absent from the ``settings`` table has its default; changing one is an audited
operation reserved to the administrator. Keys:

* ``posting.working_days`` — length of the public posting (niêm yết), default 3 working days
  (spec §3.3, commonly cited, not confirmed — hence a setting).
* ``holidays`` — extra non-working days (lunar holidays, bridge days), ``dd/mm/yyyy`` separated by
  commas or spaces; the fixed solar holidays are built in (:mod:`povdesk.workdays`).
* ``auth.max_failures`` / ``auth.lockout_minutes`` — login lock-out (default 5 failures → 15 min).
* ``consultation.YYYY`` — whether the periodic review of year YYYY has the higher-level
  consultation step (xin ý kiến Chủ tịch UBND cấp huyện). Default: on for review years up to
  2024, off from 2025 (the district level was abolished on 01/07/2025; spec §3.7).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from povdesk.changes import Changes
from povdesk.errors import InputRefused
from povdesk.text import format_date, parse_date

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

LAST_YEAR_WITH_CONSULTATION = 2024
_CONSULT_RE = re.compile(r"consultation\.(\d{4})")
_TRUE = {"1", "on", "true", "yes", "có", "co", "bật", "bat"}
_FALSE = {"0", "off", "false", "no", "không", "khong", "tắt", "tat"}


@dataclass(frozen=True)
class SettingSpec:
    default: str
    label: str
    check: Callable[[str], str]  # normalises a value or raises ValueError (Vietnamese)


def _int_between(lo: int, hi: int) -> Callable[[str], str]:
    def check(v: str) -> str:
        try:
            n = int(v.strip())
        except ValueError:
            raise ValueError(f"cần một số nguyên từ {lo} đến {hi}") from None
        if not lo <= n <= hi:
            raise ValueError(f"cần một số nguyên từ {lo} đến {hi}")
        return str(n)

    return check


def _bool(v: str) -> str:
    k = v.strip().lower()
    if k in _TRUE:
        return "1"
    if k in _FALSE:
        return "0"
    raise ValueError("cần 'có' hoặc 'không' (1/0)")


def _dates(v: str) -> str:
    parts = [p for p in re.split(r"[,;\s]+", v.strip()) if p]
    return ", ".join(format_date(parse_date(p)) for p in parts)


SETTINGS: dict[str, SettingSpec] = {
    "posting.working_days": SettingSpec("3", "Số ngày làm việc niêm yết công khai", _int_between(1, 30)),
    "holidays": SettingSpec("", "Ngày nghỉ lễ bổ sung (dd/mm/yyyy, cách nhau dấu phẩy)", _dates),
    "auth.max_failures": SettingSpec("5", "Số lần nhập sai mật khẩu trước khi khóa", _int_between(1, 100)),
    "auth.lockout_minutes": SettingSpec("15", "Số phút khóa tài khoản", _int_between(1, 10080)),
}


def consultation_default(year: int) -> bool:
    return year <= LAST_YEAR_WITH_CONSULTATION


class Settings:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def _spec(self, key: str) -> SettingSpec:
        if key in SETTINGS:
            return SETTINGS[key]
        m = _CONSULT_RE.fullmatch(key)
        if m:
            year = int(m.group(1))
            default = "1" if consultation_default(year) else "0"
            return SettingSpec(default, f"Xin ý kiến cấp trên trước khi công nhận (năm {year})", _bool)
        raise InputRefused(f"Không có thiết lập '{key}' (có: {', '.join([*SETTINGS, 'consultation.YYYY'])})")

    def get(self, key: str) -> str:
        spec = self._spec(key)
        row = self.ws.conn.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return spec.default if row is None else str(row[0])

    def get_int(self, key: str) -> int:
        return int(self.get(key))

    def consultation(self, year: int) -> bool:
        """Whether the periodic review of ``year`` has the higher-level consultation step."""
        return self.get(f"consultation.{year}") == "1"

    def holidays(self) -> frozenset[dt.date]:
        text = self.get("holidays")
        return frozenset(parse_date(p) for p in text.split(", ") if p)

    def set(self, key: str, value: str) -> Changes:
        spec = self._spec(key)
        try:
            norm = spec.check(value)
        except ValueError as e:
            raise InputRefused(f"Giá trị không hợp lệ cho '{key}': {e}") from None
        self.ws.users.require("setting.change")
        old = self.get(key)
        with self.ws.operation("Thay đổi thiết lập", key):
            self.ws.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?,?)"
                " ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, norm),
            )
            self.ws.audit.record("setting.set", "setting", key, field="value", old=old, new=norm)
        return Changes(settings=True)

    def items(self, years: tuple[int, ...] = ()) -> list[tuple[str, str, str]]:
        """(key, value, label) of every fixed setting and of ``consultation.Y`` for ``years``."""
        keys = [*SETTINGS, *(f"consultation.{y}" for y in years)]
        stored = [r[0] for r in self.ws.conn.execute("SELECT key FROM settings ORDER BY key")]
        keys += [k for k in stored if k not in keys]
        return [(k, self.get(k), self._spec(k).label) for k in keys]
