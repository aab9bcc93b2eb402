"""Read what documents show from the household and classification tables.

Household order is the order of :meth:`Households.ids` (commune, code); lists posted or annexed
are sorted by village (Vietnamese collation) then household code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from povdesk.documents.viewmodels import HouseholdLine, Issuer, MemberLine
from povdesk.domain import Household, HouseholdClass, HouseholdId, Member
from povdesk.text import collation_key, ethnicity_name, nfc

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

RECOGNISED = (HouseholdClass.POOR, HouseholdClass.NEAR_POOR)
_WORKING = {"làm công có hợp đồng", "làm công không hợp đồng", "tự làm nông nghiệp", "tự làm phi nông nghiệp"}


@dataclass(frozen=True)
class YearRow:
    """One reviewed household of a year with its class and last year's class."""

    id: HouseholdId
    ma_xa: str
    ma_ho: str
    village: str
    head: str
    address: str
    size: int
    klass: HouseholdClass
    previous: HouseholdClass | None
    deprivations: int
    head_ethnicity: str

    @property
    def escaped(self) -> HouseholdClass | None:
        """Last year's class when the household escaped it this year (reference-rules.md):
        poor → not poor (thoát nghèo); near-poor → neither poor nor near-poor (thoát cận nghèo)."""
        if self.previous is HouseholdClass.POOR and self.klass is not HouseholdClass.POOR:
            return HouseholdClass.POOR
        if self.previous is HouseholdClass.NEAR_POOR and self.klass not in RECOGNISED:
            return HouseholdClass.NEAR_POOR
        return None

    def line(self) -> HouseholdLine:
        return HouseholdLine(self.ma_ho, self.head, self.village, self.size, ethnicity(self.head_ethnicity),
                             self.klass, self.previous, self.deprivations, self.address)  # fmt: skip


_YEAR_SQL = """
SELECT h.id, h.ma_xa, h.ma_ho, h.thon, h.chu_ho, coalesce(h.dia_chi, ''),
       (SELECT count(*) FROM members m WHERE m.household_id = h.id),
       c.klass, c.deprivation_count, pc.klass, h.phan_loai_truoc,
       coalesce((SELECT m.dan_toc FROM members m WHERE m.household_id = h.id ORDER BY m.stt LIMIT 1), '01')
FROM households h
JOIN classifications c ON c.household_id = h.id
LEFT JOIN households p ON p.ma_xa = h.ma_xa AND p.ma_ho = h.ma_ho AND p.nam_ra_soat = h.nam_ra_soat - 1
LEFT JOIN classifications pc ON pc.household_id = p.id
WHERE h.nam_ra_soat = ?
"""


def year_rows(ws: Workspace, year: int, commune: str | None = None,
              codes: Sequence[str] | None = None) -> list[YearRow]:  # fmt: skip
    """Classified households of ``year`` (of ``commune``; only ``codes`` if given), in
    household order. Last year's class is the stored classification of the same commune and
    household code one year earlier, else the record's ``phan_loai_truoc``."""
    sql = _YEAR_SQL
    args: list[object] = [year]
    if commune:
        sql += " AND h.ma_xa = ?"
        args.append(commune)
    rows = ws.conn.execute(sql + " ORDER BY h.ma_xa, h.ma_ho", args).fetchall()
    wanted = set(codes) if codes else None
    out = []
    for hid, ma_xa, ma_ho, thon, head, addr, size, klass, dep, prev, prev_label, eth in rows:
        if wanted is not None and ma_ho not in wanted:
            continue
        previous = HouseholdClass(prev) if prev else _from_label(prev_label)
        out.append(YearRow(HouseholdId(hid), ma_xa, ma_ho, thon, head, addr, size, HouseholdClass(klass),
                           previous, dep, eth))  # fmt: skip
    return out


def _from_label(label: str | None) -> HouseholdClass | None:
    if not label:
        return None
    try:
        return HouseholdClass.from_label(label)
    except ValueError:
        return None


def by_village(rows: Sequence[YearRow]) -> list[YearRow]:
    """Rows sorted by village (Vietnamese order), then household code."""
    return sorted(rows, key=lambda r: (collation_key(r.village), r.ma_ho))


def ethnicity(code: str) -> str:
    try:
        return ethnicity_name(code)
    except ValueError:
        return code


def head_of(h: Household) -> Member | None:
    for m in h.members:
        if m.quan_he == "chủ hộ":
            return m
    return h.members[0] if h.members else None


def title_of(m: Member | None) -> str:
    """``Ông`` / ``Bà`` from the head's sex."""
    return "Bà" if m is not None and m.gioi_tinh == "nữ" else "Ông"


def member_status(m: Member) -> str:
    """Mẫu 01's status column: đang đi học / có việc làm / không có việc làm ("" if unknown)."""
    if m.dang_di_hoc:
        return "Đang đi học"
    if m.viec_lam in _WORKING:
        return "Có việc làm"
    if m.viec_lam:
        return "Không có việc làm"
    return ""


def member_lines(h: Household) -> tuple[MemberLine, ...]:
    return tuple(
        MemberLine(
            m.stt,
            nfc(m.ho_ten),
            m.quan_he.capitalize(),
            m.gioi_tinh.capitalize(),
            str(m.ngay_sinh),
            ethnicity(m.dan_toc),
            m.so_dinh_danh or "",
            member_status(m),
        )
        for m in h.members
    )


def residence(h: Household, issuer: Issuer) -> str:
    """``<address>, <village>, xã <commune>`` without repeating what the address already says."""
    parts = [p for p in (nfc(h.dia_chi or "").strip(), nfc(h.thon).strip()) if p]
    if len(parts) == 2 and parts[1].lower() in parts[0].lower():
        parts = parts[:1]
    unit = issuer.unit
    if unit.lower() not in ", ".join(parts).lower():
        parts.append(unit)
    return ", ".join(parts)
