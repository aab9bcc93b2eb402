"""Household lists of poor (R14) and near-poor (R15) households, one row per person.

Columns (poverty-review-spec §7): household number (on the head's row), member number, household
code, full name, village, birth year in the male or the female column, ethnicity, relationship to
the head, household type, person-of-merit household, ethnic-minority household, household without
working capacity (definitions as in :mod:`povdesk.reports.characteristics`), deprived indicators.
The support columns of the template (health, education, credit, …) are not recorded by povdesk
and are left out.

Household type says how the household came to be in the class, against the compare year
(default: the year before; definitions in :mod:`povdesk.reports.movement`): "cũ" (already in
the class), "mới" (new), "tái nghèo" / "tái cận nghèo" (relapsed), "cận nghèo → nghèo",
"nghèo → cận nghèo", "tăng khác". Households are listed by village (Vietnamese alphabetical
order), then household code; members in their order (head first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from povdesk.errors import InputRefused
from povdesk.reports import movement
from povdesk.reports.characteristics import _ABLE
from povdesk.reports.common import require_commune
from povdesk.reports.model import Column, ReportTable
from povdesk.text import collation_key, ethnicity_name

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

KINDS = {"poor": ("R14", "HỘ NGHÈO"), "near_poor": ("R15", "HỘ CẬN NGHÈO")}


@dataclass(frozen=True)
class ListedMember:
    stt: int
    name: str
    sex: str
    birth_year: int
    ethnicity: str
    relation: str


@dataclass(frozen=True)
class ListedHousehold:
    ma_xa: str
    ma_ho: str
    thon: str
    kind: str  # household type label
    merit: bool
    minority: bool
    no_work_capacity: bool
    deprived: str
    members: tuple[ListedMember, ...]


@dataclass(frozen=True)
class HouseholdList:
    year: int
    compare_year: int
    klass: str  # "poor" or "near_poor"
    ma_xa: str | None
    households: tuple[ListedHousehold, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "compare_year": self.compare_year,
            "class": self.klass,
            "households": [
                {"ma_xa": h.ma_xa, "ma_ho": h.ma_ho, "thon": h.thon, "kind": h.kind, "merit": h.merit,
                 "minority": h.minority, "no_work_capacity": h.no_work_capacity, "deprived": h.deprived,
                 "members": [m.__dict__ for m in h.members]}
                for h in self.households
            ],
        }  # fmt: skip

    def tables(self) -> list[ReportTable]:
        key, word = KINDS[self.klass]
        cols = (
            Column("hh", "STT hộ", "A", kind="text", width=5),
            Column("no", "STT người", "B", kind="text", width=5),
            Column("ma_ho", "Mã hộ", "C", kind="text", width=9),
            Column("name", "Họ và tên chủ hộ và thành viên", "D", kind="text", width=24),
            Column("thon", "Thôn, tổ dân phố", "E", kind="text", width=14),
            Column("male", "Nam", "1", "Năm sinh", "text", 6),
            Column("female", "Nữ", "2", "Năm sinh", "text", 6),
            Column("ethnicity", "Dân tộc", "3", kind="text", width=9),
            Column("relation", "Quan hệ với chủ hộ", "4", kind="text", width=9),
            Column("kind", "Loại hộ", "5", kind="text", width=11),
            Column("merit", "Hộ có người có công", "6", kind="text", width=7),
            Column("minority", "Hộ dân tộc thiểu số", "7", kind="text", width=7),
            Column("no_work", "Hộ không có khả năng lao động", "8", kind="text", width=8),
            Column("deprived", "Chỉ số thiếu hụt", "9", kind="text", width=14),
        )
        rows: list[dict[str, Any]] = []
        for n, h in enumerate(self.households, 1):
            for i, m in enumerate(h.members):
                row: dict[str, Any] = {
                    "hh": str(n) if i == 0 else "", "no": str(m.stt), "ma_ho": h.ma_ho if i == 0 else "",
                    "name": m.name, "thon": h.thon if i == 0 else "",
                    "male": str(m.birth_year) if m.sex == "nam" else "",
                    "female": str(m.birth_year) if m.sex != "nam" else "",
                    "ethnicity": m.ethnicity, "relation": m.relation,
                }  # fmt: skip
                if i == 0:
                    row |= {"kind": h.kind, "merit": _x(h.merit), "minority": _x(h.minority),
                            "no_work": _x(h.no_work_capacity), "deprived": h.deprived}  # fmt: skip
                rows.append(row)
        persons = sum(len(h.members) for h in self.households)
        total = {"hh": "", "name": f"Cộng: {len(self.households)} hộ, {persons} người"}
        return [
            ReportTable(
                key,
                f"DANH SÁCH {word} NĂM {self.year}",
                cols,
                tuple(rows),
                total,
                subtitle=f"(Loại hộ so với năm {self.compare_year})",
                sheet=f"{key[1:]} DS {'ho ngheo' if self.klass == 'poor' else 'ho can ngheo'}",
            )
        ]


def _x(flag: bool) -> str:
    return "x" if flag else ""


def build_household_list(
    ws: Workspace, year: int, klass: str = "poor", *, ma_xa: str | None = None, compare: int | None = None
) -> HouseholdList:
    """The list of poor (``klass="poor"``) or near-poor households of ``year``."""
    if klass not in KINDS:
        raise InputRefused(f"Loại danh sách '{klass}' không hợp lệ: chọn 'poor' (hộ nghèo) hoặc 'near_poor'")
    require_commune(ws, ma_xa)
    ws.rules.for_year(year)
    y0 = year - 1 if compare is None else compare
    if y0 >= year:
        raise InputRefused(f"Năm so sánh ({y0}) phải trước năm báo cáo ({year})")
    conn, p = ws.conn, movement.params(year, y0, ma_xa)
    kinds = {
        (x, h): movement.kind_label(cur, kind)
        for x, h, cur, kind in conn.execute(movement.household_kind_sql(commune_filter=ma_xa is not None), p)
        if cur == klass
    }
    xa = " AND h.ma_xa = :xa" if ma_xa else ""
    heads = conn.execute(
        f"SELECT h.id, h.ma_xa, h.ma_ho, h.thon, COALESCE(h.ho_co_cong, 0), c.deprived,"
        f" (SELECT MAX(m.stt = 1 AND m.dan_toc <> '01') FROM members m WHERE m.household_id = h.id),"
        f" (SELECT NOT MAX({_ABLE}) FROM members m WHERE m.household_id = h.id)"
        f" FROM households h JOIN classifications c ON c.household_id = h.id"
        f" WHERE h.nam_ra_soat = :y AND c.klass = :k{xa}",
        {**p, "k": klass},
    ).fetchall()
    members: dict[int, list[ListedMember]] = {}
    for hid, stt, name, sex, birth, eth, rel in conn.execute(
        "SELECT m.household_id, m.stt, m.ho_ten, m.gioi_tinh, m.ngay_sinh, m.dan_toc, m.quan_he"
        " FROM members m JOIN households h ON h.id = m.household_id JOIN classifications c ON c.household_id = h.id"
        f" WHERE h.nam_ra_soat = :y AND c.klass = :k{xa} ORDER BY m.household_id, m.stt",
        {**p, "k": klass},
    ):
        members.setdefault(hid, []).append(ListedMember(stt, name, sex, int(birth[:4]), _ethnicity(eth), rel))
    listed = [
        ListedHousehold(x, h, thon, kinds.get((x, h), ""), bool(merit), bool(minority), bool(no_work),
                        deprived or "", tuple(members.get(hid, ())))
        for hid, x, h, thon, merit, deprived, minority, no_work in heads
    ]  # fmt: skip
    listed.sort(key=lambda h: (h.ma_xa, collation_key(h.thon), _code_key(h.ma_ho)))
    return HouseholdList(year, y0, klass, ma_xa, tuple(listed))


def _ethnicity(code: str) -> str:
    try:
        return ethnicity_name(code)
    except (KeyError, ValueError):
        return code


def _code_key(code: str) -> tuple[str, int, str]:
    """Household codes in natural order: H2 before H10."""
    head = code.rstrip("0123456789")
    tail = code[len(head) :]
    return (head, int(tail) if tail else -1, code)
