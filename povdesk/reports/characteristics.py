"""Characteristics of poor and near-poor households (R8, "phân tổ").

Per unit, for poor and for near-poor households: the total; ethnic-minority households; households
without working capacity; households with a person of merit; other households. Definitions
(poverty-review-spec §6.4, [P]):

* **ethnic-minority household** — the head (member ``stt`` 1) is not Kinh (``dan_toc`` ≠ "01");
* **household without working capacity** — no member able to work, where a member is able to
  work when ``kha_nang_lao_dong`` is "có", or is unanswered and the member is 15–59 years old
  at the survey date (the interchange format's default; age from the birth date, or from the
  birth year alone when that is all that is recorded);
* **household with a person of merit** — ``ho_co_cong`` = có;
* **other** — households in none of the three groups (so "other" = total − the three only when
  no household is in two groups at once).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from povdesk.reports.common import By, Unit, check_by, require_commune, total_unit, unit_sql, units_for
from povdesk.reports.model import Column, ReportTable

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

CLASSES = ("poor", "near_poor")
FIELDS = ("households", "minority", "no_work_capacity", "merit", "other")

# Completed years at the survey date: year difference, minus one if the birthday (as far as it
# is recorded: month, or month and day) falls after the survey date.
_AGE = (
    "CAST(substr(h.ngay_ra_soat, 1, 4) AS INTEGER) - CAST(substr(m.ngay_sinh, 1, 4) AS INTEGER)"
    " - (length(m.ngay_sinh) > 4 AND substr(m.ngay_sinh, 6) > substr(h.ngay_ra_soat, 6, length(m.ngay_sinh) - 5))"
)
_ABLE = f"(m.kha_nang_lao_dong = 1 OR (m.kha_nang_lao_dong IS NULL AND ({_AGE}) BETWEEN 15 AND 59))"


@dataclass(frozen=True)
class GroupCounts:
    households: int = 0
    minority: int = 0
    no_work_capacity: int = 0
    merit: int = 0
    other: int = 0

    def __add__(self, o: GroupCounts) -> GroupCounts:
        return GroupCounts(*(getattr(self, f) + getattr(o, f) for f in FIELDS))


@dataclass(frozen=True)
class CharacteristicsRow:
    unit: Unit
    poor: GroupCounts
    near_poor: GroupCounts


@dataclass(frozen=True)
class CharacteristicsReport:
    year: int
    by: By
    ma_xa: str | None
    rows: tuple[CharacteristicsRow, ...]
    total: CharacteristicsRow

    def to_json(self) -> dict[str, Any]:
        def row(r: CharacteristicsRow) -> dict[str, Any]:
            return {
                "code": r.unit.code,
                "name": r.unit.name,
                **{k: {f: getattr(getattr(r, k), f) for f in FIELDS} for k in CLASSES},
            }

        return {
            "year": self.year,
            "by": self.by,
            "units": [row(r) for r in self.rows],
            "total": row(self.total),
        }

    def tables(self) -> list[ReportTable]:
        unit_label = "Xã, phường" if self.by == "xa" else "Thôn, tổ dân phố"
        labels = (
            "Tổng số",
            "Hộ dân tộc thiểu số",
            "Hộ không có khả năng lao động",
            "Hộ có người có công",
            "Hộ khác",
        )
        cols = [
            Column("stt", "STT", "A", kind="text", width=5),
            Column("unit", unit_label, "B", kind="text", width=20),
        ]
        n = 1
        for k, group in (("poor", "Hộ nghèo"), ("near_poor", "Hộ cận nghèo")):
            for f, label in zip(FIELDS, labels, strict=True):
                cols.append(Column(f"{k}.{f}", label, str(n), group, width=10))
                n += 1

        def cells(r: CharacteristicsRow) -> dict[str, Any]:
            return {f"{k}.{f}": getattr(getattr(r, k), f) for k in CLASSES for f in FIELDS}

        rows = tuple({"stt": str(i), "unit": r.unit.name, **cells(r)} for i, r in enumerate(self.rows, 1))
        total = {"stt": "", "unit": self.total.unit.name, **cells(self.total)}
        notes = (
            "Hộ dân tộc thiểu số: chủ hộ là người dân tộc thiểu số. Hộ không có khả năng lao động: không có thành "
            "viên nào có khả năng lao động. Hộ khác: không thuộc nhóm nào trong ba nhóm trên.",
        )
        return [
            ReportTable(
                "R8",
                f"ĐẶC ĐIỂM HỘ NGHÈO, HỘ CẬN NGHÈO NĂM {self.year}",
                tuple(cols),
                rows,
                total,
                notes=notes,
                sheet="08 Phan to",
            )
        ]


def build_characteristics(
    ws: Workspace, year: int, *, by: str = "xa", ma_xa: str | None = None
) -> CharacteristicsReport:
    """R8 for ``year`` by commune or village (one grouped query over households and members)."""
    unit_by = check_by(by)
    require_commune(ws, ma_xa)
    xa = " AND h.ma_xa = :xa" if ma_xa else ""
    sql = f"""
WITH g AS (
    SELECT h.id, {unit_sql(unit_by, "h.ma_xa", "h.thon")} AS unit, c.klass,
        MAX(m.stt = 1 AND m.dan_toc <> '01') AS minority,
        NOT MAX({_ABLE}) AS no_work,
        COALESCE(h.ho_co_cong, 0) AS merit
    FROM households h
    JOIN classifications c ON c.household_id = h.id
    JOIN members m ON m.household_id = h.id
    WHERE h.nam_ra_soat = :y AND c.klass IN ('poor', 'near_poor'){xa}
    GROUP BY h.id
)
SELECT unit, klass, COUNT(*), SUM(minority), SUM(no_work), SUM(merit),
    SUM(NOT (minority OR no_work OR merit))
FROM g GROUP BY unit, klass
"""
    data: dict[str, dict[str, GroupCounts]] = {}
    for unit, klass, *nums in ws.conn.execute(sql, {"y": year, "xa": ma_xa}):
        data.setdefault(unit, {})[klass] = GroupCounts(*(int(x or 0) for x in nums))
    units = units_for(ws, data, unit_by)
    rows = tuple(
        CharacteristicsRow(
            u, data[u.code].get("poor", GroupCounts()), data[u.code].get("near_poor", GroupCounts())
        )
        for u in units
    )
    total = CharacteristicsRow(
        total_unit(units, ma_xa),
        sum((r.poor for r in rows), GroupCounts()),
        sum((r.near_poor for r in rows), GroupCounts()),
    )
    return CharacteristicsReport(year, unit_by, ma_xa, rows, total)
