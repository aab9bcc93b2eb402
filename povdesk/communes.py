"""Communes (xã/phường) and their villages (thôn, tổ dân phố…)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from povdesk.changes import Changes
from povdesk.domain import AREAS_ALL, Commune
from povdesk.errors import NotFound, Problem, ValidationError
from povdesk.text import nfc

if TYPE_CHECKING:
    from povdesk.workspace import Workspace


class Communes:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def add(self, c: Commune) -> Changes:
        """Create or rename a commune (code is 5 digits; area nông thôn / thành thị)."""
        problems = validate_commune(c)
        if problems:
            raise ValidationError(problems, "Xã không hợp lệ")
        with self.ws.operation("Thêm xã", c.code):
            self.ws.conn.execute(
                "INSERT INTO communes (code, name, area) VALUES (?,?,?)"
                " ON CONFLICT(code) DO UPDATE SET name=excluded.name, area=excluded.area",
                (c.code, nfc(c.name), c.area),
            )
        return Changes(communes=True)

    def ensure(self, c: Commune) -> bool:
        """Create ``c`` if its code is unknown (inside the caller's transaction)."""
        cur = self.ws.conn.execute(
            "INSERT OR IGNORE INTO communes (code, name, area) VALUES (?,?,?)",
            (c.code, c.name, c.area),
        )
        return cur.rowcount > 0

    def get(self, code: str) -> Commune:
        row = self.ws.conn.execute("SELECT code, name, area FROM communes WHERE code=?", (code,)).fetchone()
        if row is None:
            raise NotFound(f"Không có xã mã {code}")
        return Commune(*row)

    def all(self) -> list[Commune]:
        rows = self.ws.conn.execute("SELECT code, name, area FROM communes ORDER BY code").fetchall()
        return [Commune(*r) for r in rows]

    def village_id(self, commune_code: str, name: str) -> int:
        """Id of the village ``name`` in the commune, created if new (caller's transaction)."""
        conn = self.ws.conn
        row = conn.execute(
            "SELECT id FROM villages WHERE commune_code=? AND name=?", (commune_code, name)
        ).fetchone()
        if row:
            return int(row[0])
        cur = conn.execute("INSERT INTO villages (commune_code, name) VALUES (?,?)", (commune_code, name))
        return int(cur.lastrowid or 0)

    def villages(self, commune_code: str) -> list[str]:
        rows = self.ws.conn.execute(
            "SELECT name FROM villages WHERE commune_code=? ORDER BY name", (commune_code,)
        ).fetchall()
        return [r[0] for r in rows]


def validate_commune(c: Commune) -> list[Problem]:
    out = []
    if not (len(c.code) == 5 and c.code.isdigit()):
        out.append(Problem(f"Mã xã phải gồm đúng 5 chữ số (nhận được '{c.code}')", field="ma_xa"))
    if not nfc(c.name):
        out.append(Problem("Thiếu tên xã", field="ten_xa"))
    if c.area not in AREAS_ALL:
        out.append(Problem("Khu vực phải là 'nông thôn' hoặc 'thành thị'", field="khu_vuc"))
    return out
