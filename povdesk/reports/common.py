"""Helpers every report shares: exact rates, report units (commune or village), header info.

Rates are ``count / total × 100`` computed in :class:`decimal.Decimal` and rounded **half-up**
to two decimals (1 of 32 households is 3.13 %, where ``round(3.125, 2)`` would give 3.12). A
unit with no household has every rate 0.00 (a rate of nothing is shown as 0, not as an error).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import TYPE_CHECKING, Literal

from povdesk.errors import InputRefused
from povdesk.text import collation_key

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

By = Literal["xa", "thon"]
BY_CHOICES: tuple[By, ...] = ("xa", "thon")
CENT = Decimal("0.01")
ZERO_RATE = Decimal("0.00")
_CTX = Context(prec=50)  # exact for every quotient that terminates within 50 digits
UNIT_SEP = "/"
TOTAL_NAME = "Tổng cộng"


def rate(count: int, total: int) -> Decimal:
    """``count / total × 100`` rounded half-up to two decimals; 0.00 when ``total`` is 0."""
    if total <= 0:
        return ZERO_RATE
    q = _CTX.divide(Decimal(count) * 100, Decimal(total))
    return q.quantize(CENT, rounding=ROUND_HALF_UP, context=_CTX)


def achievement(achieved: int, planned: int | None) -> Decimal | None:
    """Percentage of a plan reached (half-up, two decimals); ``None`` without a positive plan."""
    if not planned or planned <= 0:
        return None
    return rate(achieved, planned)


def as_json_number(d: Decimal) -> float:
    """A rounded rate as a JSON number (``Decimal("3.47")`` → ``3.47``; two decimals round-trip)."""
    return float(d)


def check_by(by: str) -> By:
    if by not in BY_CHOICES:
        raise InputRefused(f"Cách nhóm '{by}' không hợp lệ: chọn 'xa' (theo xã) hoặc 'thon' (theo thôn)")
    return "xa" if by == "xa" else "thon"


def unit_sql(by: By, ma_xa: str = "ma_xa", thon: str = "thon") -> str:
    """SQL expression of a row's unit code: the commune code, or commune code + "/" + village."""
    return ma_xa if by == "xa" else f"{ma_xa} || '{UNIT_SEP}' || {thon}"


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    ma_xa: str
    thon: str | None = None  # None for a commune unit


def units_for(ws: Workspace, codes: Iterable[str], by: By) -> list[Unit]:
    """Units for ``codes``, named (commune names from the register) and in report order:
    communes by code; villages by commune, then Vietnamese alphabetical order."""
    names = dict(ws.conn.execute("SELECT code, name FROM communes").fetchall())
    out = []
    for code in set(codes):
        if by == "xa":
            out.append(Unit(code, names.get(code, f"Xã {code}"), code))
        else:
            xa, _, thon = code.partition(UNIT_SEP)
            out.append(Unit(code, thon, xa, thon))
    out.sort(key=lambda u: (u.ma_xa, collation_key(u.thon or "")))
    return out


def total_unit(units: Iterable[Unit], ma_xa: str | None = None) -> Unit:
    """The total row's unit: coded with the commune when every unit is in one commune, else ""."""
    communes = {u.ma_xa for u in units} | ({ma_xa} if ma_xa else set())
    code = next(iter(communes)) if len(communes) == 1 else ""
    return Unit(code, TOTAL_NAME, code)


def commune_unit(ws: Workspace, ma_xa: str) -> Unit:
    return Unit(ma_xa, ws.communes.get(ma_xa).name, ma_xa)


def require_commune(ws: Workspace, ma_xa: str | None) -> None:
    """Refuse (exit 2) a commune code that is not in the register."""
    if ma_xa is None:
        return
    row = ws.conn.execute("SELECT 1 FROM communes WHERE code=?", (ma_xa,)).fetchone()
    if row is None:
        raise InputRefused(f"Không có xã mã {ma_xa} trong dữ liệu")


_PREFIXES = ("xã ", "phường ", "thị trấn ", "đặc khu ")


def place_name(commune_name: str) -> str:
    """ "Xã Minh Hòa" → "Minh Hòa" (the place in the date line)."""
    low = commune_name.lower()
    for p in _PREFIXES:
        if low.startswith(p):
            return commune_name[len(p) :].strip()
    return commune_name


def header_for(ws: Workspace, ma_xa: str | None) -> tuple[tuple[str, ...], str]:
    """The issuing-body lines and the date-line place of a report of one commune (or of several)."""
    if ma_xa is None:
        return ("ỦY BAN NHÂN DÂN",), ""
    name = ws.communes.get(ma_xa).name
    return ("ỦY BAN NHÂN DÂN", name.upper()), place_name(name)


def today() -> dt.date:
    return dt.date.today()
