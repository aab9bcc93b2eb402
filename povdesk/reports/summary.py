"""Summary of a review year (R1) and movement since a compare year (R2 poor, R3 near-poor).

``build_summary(ws, 2023, compare=2022, by="thon", ma_xa="12345")`` returns a
:class:`SummaryReport`: one :class:`Figures` per unit (commune or village) and a total, computed
with SQL aggregates (grouped queries; no Python loop over households). Rates: see
:mod:`povdesk.reports.common` (half-up, two decimals, 0.00 for a unit without households).
Movement definitions, the ``phan_loai_truoc`` fallback and what happens to households reviewed
in only one of the two years: :mod:`povdesk.reports.movement`.

Units are those with at least one household record in the report year (or, with a compare
year, in either year); a commune asked for with ``ma_xa`` always appears, with zeros if it has
no household. The JSON form (``to_json``) is the contract of ``povdesk report summary --json``
(shared/design/cli.md): rates are JSON numbers, ``*_prev`` and movement keys only with a
compare year, ``total`` has the same keys as a unit (``code`` = the commune code when all units
are in one commune, else ``""``; ``name`` = "Tổng cộng").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from povdesk.errors import InputRefused
from povdesk.reports import movement
from povdesk.reports.common import (
    By,
    Unit,
    as_json_number,
    check_by,
    commune_unit,
    rate,
    require_commune,
    total_unit,
    unit_sql,
    units_for,
)
from povdesk.reports.model import Chart, Column, ReportTable, Series

if TYPE_CHECKING:
    from povdesk.workspace import Workspace


@dataclass(frozen=True)
class Figures:
    """Counts of one unit (or the total). Movement fields are 0 without a compare year."""

    unit: Unit
    households: int = 0
    poor: int = 0
    near_poor: int = 0
    average: int = 0
    not_poor: int = 0
    persons: int = 0
    poor_persons: int = 0
    near_poor_persons: int = 0
    households_prev: int = 0  # households with a start state (reviewed in Y0, or by phan_loai_truoc)
    reviewed_prev: int = 0  # of which reviewed in Y0
    poor_prev: int = 0
    near_poor_prev: int = 0
    escaped_poor_to_near_poor: int = 0
    escaped_poor_above: int = 0
    poor_other_decrease: int = 0
    near_poor_to_poor: int = 0
    relapsed_poor: int = 0
    new_poor: int = 0
    poor_other_increase: int = 0
    escaped_near_poor: int = 0
    near_poor_other_decrease: int = 0
    relapsed_near_poor: int = 0
    new_near_poor: int = 0
    near_poor_other_increase: int = 0

    # --- derived --------------------------------------------------------------------------
    @property
    def escaped_poor(self) -> int:
        return self.escaped_poor_to_near_poor + self.escaped_poor_above

    @property
    def poor_and_near_poor(self) -> int:
        return self.poor + self.near_poor

    @property
    def poor_rate(self) -> Decimal:
        return rate(self.poor, self.households)

    @property
    def near_poor_rate(self) -> Decimal:
        return rate(self.near_poor, self.households)

    @property
    def poor_and_near_poor_rate(self) -> Decimal:
        return rate(self.poor_and_near_poor, self.households)

    @property
    def average_rate(self) -> Decimal:
        return rate(self.average, self.households)

    @property
    def poor_rate_prev(self) -> Decimal:
        return rate(self.poor_prev, self.households_prev)

    @property
    def near_poor_rate_prev(self) -> Decimal:
        return rate(self.near_poor_prev, self.households_prev)

    @property
    def poor_change(self) -> int:
        """Poor households now minus at the start (negative = fewer)."""
        return self.poor - self.poor_prev

    @property
    def near_poor_change(self) -> int:
        return self.near_poor - self.near_poor_prev

    @property
    def poor_rate_change(self) -> Decimal:
        """Change of the poor rate in percentage points, from the two printed (rounded) rates."""
        return self.poor_rate - self.poor_rate_prev

    @property
    def near_poor_rate_change(self) -> Decimal:
        return self.near_poor_rate - self.near_poor_rate_prev

    def value(self, key: str) -> Any:
        return getattr(self, key)


_COUNT_FIELDS = tuple(f.name for f in dataclasses.fields(Figures) if f.name != "unit")


def _sum(unit: Unit, items: list[Figures]) -> Figures:
    return Figures(unit, **{k: sum(getattr(f, k) for f in items) for k in _COUNT_FIELDS})


@dataclass(frozen=True)
class SummaryReport:
    year: int
    compare_year: int | None
    rule_set: str
    by: By
    ma_xa: str | None
    units: tuple[Figures, ...]
    total: Figures
    has_persons: bool = False

    @property
    def has_compare(self) -> bool:
        return self.compare_year is not None

    # --- JSON (the CLI contract) ----------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "compare_year": self.compare_year,
            "rule_set": self.rule_set,
            "by": self.by,
            "units": [self._unit_json(f) for f in self.units],
            "total": self._unit_json(self.total),
        }

    def _unit_json(self, f: Figures) -> dict[str, Any]:
        d: dict[str, Any] = {
            "code": f.unit.code,
            "name": f.unit.name,
            "households": f.households,
            "poor": f.poor,
            "poor_rate": as_json_number(f.poor_rate),
            "near_poor": f.near_poor,
            "near_poor_rate": as_json_number(f.near_poor_rate),
            "average": f.average,
        }
        if self.has_compare:
            d |= {
                "households_prev": f.households_prev,
                "poor_prev": f.poor_prev,
                "poor_rate_prev": as_json_number(f.poor_rate_prev),
                "near_poor_prev": f.near_poor_prev,
                "escaped_poor": f.escaped_poor,
                "escaped_poor_to_near_poor": f.escaped_poor_to_near_poor,
                "escaped_near_poor": f.escaped_near_poor,
                "near_poor_to_poor": f.near_poor_to_poor,
                "new_poor": f.new_poor,
                "relapsed_poor": f.relapsed_poor,
            }
        return d

    # --- tables and charts ----------------------------------------------------------------
    @property
    def unit_label(self) -> str:
        return "Xã, phường" if self.by == "xa" else "Thôn, tổ dân phố"

    def tables(self) -> list[ReportTable]:
        out = [r1_table(self)]
        if self.has_persons:
            out.append(r1_persons_table(self))
        if self.has_compare:
            out += [r2_table(self), r3_table(self)]
        return out

    def charts(self) -> list[Chart]:
        """Rates by unit (bars): poor and near-poor now, and poor at the start with a compare year."""
        cats = tuple(f.unit.name for f in self.units)
        series = [
            Series(f"Tỷ lệ hộ nghèo {self.year}", tuple(float(f.poor_rate) for f in self.units)),
            Series(f"Tỷ lệ hộ cận nghèo {self.year}", tuple(float(f.near_poor_rate) for f in self.units)),
        ]
        if self.has_compare:
            series.insert(
                0,
                Series(
                    f"Tỷ lệ hộ nghèo {self.compare_year}", tuple(float(f.poor_rate_prev) for f in self.units)
                ),
            )
        title = f"Tỷ lệ hộ nghèo, hộ cận nghèo theo {'xã' if self.by == 'xa' else 'thôn'} năm {self.year} (%)"
        return [Chart("rates_by_unit", "bar", title, cats, tuple(series), "%")]


# --- building -------------------------------------------------------------------------------


def build_summary(
    ws: Workspace,
    year: int,
    *,
    compare: int | None = None,
    by: str = "xa",
    ma_xa: str | None = None,
    persons: bool = False,
) -> SummaryReport:
    """R1 (and R2/R3 with ``compare``) for ``year``, by commune (``"xa"``) or village (``"thon"``).

    Refuses (:class:`InputRefused`) a compare year not earlier than ``year``, an unknown
    grouping or commune, and a year without a rule set. ``persons`` adds person counts (R1).
    """
    unit_by = check_by(by)
    require_commune(ws, ma_xa)
    rule_set = ws.rules.for_year(year).id
    if compare is not None and compare >= year:
        raise InputRefused(f"Năm so sánh ({compare}) phải trước năm báo cáo ({year})")
    rows = (
        _movement_rows(ws, year, compare, unit_by, ma_xa)
        if compare is not None
        else _year_rows(ws, year, unit_by, ma_xa)
    )
    if persons:
        _add_persons(ws, year, unit_by, ma_xa, rows)
    units = {u.code: u for u in units_for(ws, rows, unit_by)}
    if ma_xa is not None and unit_by == "xa" and ma_xa not in units:
        units[ma_xa] = commune_unit(ws, ma_xa)
    figures = tuple(Figures(u, **rows.get(code, {})) for code, u in units.items())
    total = _sum(total_unit([f.unit for f in figures], ma_xa), list(figures))
    return SummaryReport(year, compare, rule_set, unit_by, ma_xa, figures, total, persons)


def _year_rows(ws: Workspace, year: int, by: By, ma_xa: str | None) -> dict[str, dict[str, int]]:
    where = "h.nam_ra_soat = :y" + (" AND h.ma_xa = :xa" if ma_xa else "")
    cur = ws.conn.execute(
        f"SELECT {unit_sql(by, 'h.ma_xa', 'h.thon')} AS unit, COUNT(*) AS households,"
        " SUM(c.klass = 'poor') AS poor, SUM(c.klass = 'near_poor') AS near_poor,"
        " SUM(c.klass = 'average') AS average, SUM(c.klass = 'not_poor') AS not_poor"
        f" FROM households h JOIN classifications c ON c.household_id = h.id WHERE {where} GROUP BY 1",
        {"y": year, "xa": ma_xa},
    )
    return _by_unit(cur)


def _movement_rows(
    ws: Workspace, year: int, compare: int, by: By, ma_xa: str | None
) -> dict[str, dict[str, int]]:
    p, filt = movement.params(year, compare, ma_xa), ma_xa is not None
    present = ws.conn.execute(movement.movement_sql(by, commune_filter=filt), p).fetchall()
    departed = ws.conn.execute(movement.departed_sql(by, commune_filter=filt), p).fetchall()
    return {unit: dict(counts) for unit, counts in movement.fold(present, departed).items()}


def _by_unit(cur: Any) -> dict[str, dict[str, int]]:
    names = [d[0] for d in cur.description][1:]
    return {row[0]: {n: int(v or 0) for n, v in zip(names, row[1:], strict=True)} for row in cur}


def _add_persons(
    ws: Workspace, year: int, by: By, ma_xa: str | None, rows: dict[str, dict[str, int]]
) -> None:
    where = "h.nam_ra_soat = :y" + (" AND h.ma_xa = :xa" if ma_xa else "")
    cur = ws.conn.execute(
        f"SELECT {unit_sql(by, 'h.ma_xa', 'h.thon')} AS unit, COUNT(*) AS persons,"
        " SUM(c.klass = 'poor') AS poor_persons, SUM(c.klass = 'near_poor') AS near_poor_persons"
        " FROM members m JOIN households h ON h.id = m.household_id"
        f" JOIN classifications c ON c.household_id = h.id WHERE {where} GROUP BY 1",
        {"y": year, "xa": ma_xa},
    )
    for unit, counts in _by_unit(cur).items():
        rows.setdefault(unit, {}).update(counts)


# --- tables ---------------------------------------------------------------------------------


def _stt_unit(report: SummaryReport) -> tuple[Column, Column]:
    return (
        Column("stt", "STT", "A", kind="text", width=5),
        Column("unit", report.unit_label, "B", kind="text", width=22),
    )


def _rows(report: SummaryReport, cells: Any) -> tuple[tuple[dict[str, Any], ...], dict[str, Any]]:
    rows = tuple({"stt": str(i), "unit": f.unit.name, **cells(f)} for i, f in enumerate(report.units, 1))
    return rows, {"stt": "", "unit": report.total.unit.name, **cells(report.total)}


def r1_table(report: SummaryReport) -> ReportTable:
    """R1: households; poor, near-poor, both, average — count and % of all households."""
    cols = [
        *_stt_unit(report),
        Column("households", "Tổng số hộ", "1", width=10),
        Column("poor", "Số hộ", "2", "Hộ nghèo"),
        Column("poor_rate", "Tỷ lệ (%)", "3=2/1*100", "Hộ nghèo", "rate"),
        Column("near_poor", "Số hộ", "4", "Hộ cận nghèo"),
        Column("near_poor_rate", "Tỷ lệ (%)", "5=4/1*100", "Hộ cận nghèo", "rate"),
        Column("pn", "Số hộ", "6=2+4", "Hộ nghèo và cận nghèo"),
        Column("pn_rate", "Tỷ lệ (%)", "7=6/1*100", "Hộ nghèo và cận nghèo", "rate"),
        Column("average", "Số hộ", "8", "Hộ có mức sống trung bình"),
        Column("average_rate", "Tỷ lệ (%)", "9=8/1*100", "Hộ có mức sống trung bình", "rate"),
    ]

    def cells(f: Figures) -> dict[str, Any]:
        d = {"households": f.households, "poor": f.poor, "poor_rate": f.poor_rate,
             "near_poor": f.near_poor, "near_poor_rate": f.near_poor_rate,
             "pn": f.poor_and_near_poor, "pn_rate": f.poor_and_near_poor_rate,
             "average": f.average, "average_rate": f.average_rate}  # fmt: skip
        if report.has_compare:
            d |= {"poor_change": f.poor_change, "poor_rate_change": f.poor_rate_change,
                  "near_poor_change": f.near_poor_change, "near_poor_rate_change": f.near_poor_rate_change}  # fmt: skip
        return d

    notes = ["Tỷ lệ (%) = số hộ / tổng số hộ được rà soát của đơn vị × 100, làm tròn hai chữ số thập phân."]
    if report.has_compare:
        y0 = report.compare_year
        grp = f"Tăng (+), giảm (−) so với năm {y0}"
        cols += [
            Column("poor_change", "Hộ nghèo (hộ)", "10", grp),
            Column("poor_rate_change", "Tỷ lệ hộ nghèo (điểm %)", "11", grp, "rate", 11),
            Column("near_poor_change", "Hộ cận nghèo (hộ)", "12", grp),
            Column("near_poor_rate_change", "Tỷ lệ hộ cận nghèo (điểm %)", "13", grp, "rate", 11),
        ]
        notes.append(
            f"Cột 10–13: so với số đầu kỳ (năm {y0}) ở biểu 02, 03; điểm % tính từ các tỷ lệ đã làm tròn."
        )
    rows, total = _rows(report, cells)
    return ReportTable(
        "R1",
        f"KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM {report.year}",
        tuple(cols),
        rows,
        total,
        subtitle=f"(Theo chuẩn {report.rule_set})",
        notes=tuple(notes),
        sheet="01 Tong hop",
    )


def r1_persons_table(report: SummaryReport) -> ReportTable:
    """R1 for persons: members of poor / near-poor households as % of all persons reviewed."""
    cols = (
        *_stt_unit(report),
        Column("persons", "Tổng số nhân khẩu", "1", width=11),
        Column("poor_persons", "Số khẩu", "2", "Nhân khẩu hộ nghèo"),
        Column("poor_persons_rate", "Tỷ lệ (%)", "3=2/1*100", "Nhân khẩu hộ nghèo", "rate"),
        Column("near_poor_persons", "Số khẩu", "4", "Nhân khẩu hộ cận nghèo"),
        Column("near_poor_persons_rate", "Tỷ lệ (%)", "5=4/1*100", "Nhân khẩu hộ cận nghèo", "rate"),
    )

    def cells(f: Figures) -> dict[str, Any]:
        return {
            "persons": f.persons,
            "poor_persons": f.poor_persons,
            "poor_persons_rate": rate(f.poor_persons, f.persons),
            "near_poor_persons": f.near_poor_persons,
            "near_poor_persons_rate": rate(f.near_poor_persons, f.persons),
        }

    rows, total = _rows(report, cells)
    return ReportTable(
        "R1b", f"KẾT QUẢ RÀ SOÁT VỀ NHÂN KHẨU NĂM {report.year}", cols, rows, total, sheet="01b Nhan khau"
    )


def r2_table(report: SummaryReport) -> ReportTable:
    """R2: poor households at the start, decreases, increases, at the end."""
    y0, y = report.compare_year, report.year
    dec, inc = "Giảm trong kỳ", "Tăng trong kỳ"
    cols = (
        *_stt_unit(report),
        Column("start", f"Hộ nghèo đầu kỳ (năm {y0})", "1", width=11),
        Column("escaped_poor_to_near_poor", "Thoát nghèo, thành hộ cận nghèo", "2", dec, width=11),
        Column("escaped_poor_above", "Thoát nghèo, trên chuẩn cận nghèo", "3", dec, width=11),
        Column(
            "poor_other_decrease", "Giảm khác (chết, chuyển đi, nhập hộ, không rà soát)", "4", dec, width=12
        ),
        Column("near_poor_to_poor", "Từ hộ cận nghèo", "5", inc),
        Column("relapsed_poor", "Tái nghèo", "6", inc),
        Column("new_poor", "Phát sinh mới", "7", inc),
        Column("poor_other_increase", "Tăng khác", "8", inc),
        Column("end", f"Hộ nghèo cuối kỳ (năm {y})", "9=1-2-3-4+5+6+7+8", width=12),
    )

    def cells(f: Figures) -> dict[str, Any]:
        return {"start": f.poor_prev, **{c.key: f.value(c.key) for c in cols[3:10]}, "end": f.poor}

    rows, total = _rows(report, cells)
    return ReportTable(
        "R2",
        f"DIỄN BIẾN HỘ NGHÈO NĂM {y} SO VỚI NĂM {y0}",
        cols,
        rows,
        total,
        notes=MOVEMENT_NOTES,
        sheet="02 Dien bien ngheo",
    )


def r3_table(report: SummaryReport) -> ReportTable:
    """R3: near-poor households at the start, decreases, increases, at the end."""
    y0, y = report.compare_year, report.year
    dec, inc = "Giảm trong kỳ", "Tăng trong kỳ"
    cols = (
        *_stt_unit(report),
        Column("start", f"Hộ cận nghèo đầu kỳ (năm {y0})", "1", width=11),
        Column("near_poor_to_poor", "Chuyển thành hộ nghèo", "2", dec, width=10),
        Column("escaped_near_poor", "Thoát cận nghèo", "3", dec, width=10),
        Column(
            "near_poor_other_decrease",
            "Giảm khác (chết, chuyển đi, nhập hộ, không rà soát)",
            "4",
            dec,
            width=12,
        ),
        Column("escaped_poor_to_near_poor", "Từ hộ nghèo", "5", inc),
        Column("relapsed_near_poor", "Tái cận nghèo", "6", inc),
        Column("new_near_poor", "Phát sinh mới", "7", inc),
        Column("near_poor_other_increase", "Tăng khác", "8", inc),
        Column("end", f"Hộ cận nghèo cuối kỳ (năm {y})", "9=1-2-3-4+5+6+7+8", width=12),
    )

    def cells(f: Figures) -> dict[str, Any]:
        return {"start": f.near_poor_prev, **{c.key: f.value(c.key) for c in cols[3:10]}, "end": f.near_poor}

    rows, total = _rows(report, cells)
    return ReportTable(
        "R3",
        f"DIỄN BIẾN HỘ CẬN NGHÈO NĂM {y} SO VỚI NĂM {y0}",
        cols,
        rows,
        total,
        notes=MOVEMENT_NOTES,
        sheet="03 Dien bien can ngheo",
    )


MOVEMENT_NOTES = (
    "Một hộ là cùng một hộ qua các năm khi trùng mã xã và mã hộ.",
    "Hộ có ở năm đầu kỳ nhưng không được rà soát năm cuối kỳ được tính vào “giảm khác”, không tính là thoát nghèo.",
    "Hộ chưa có dữ liệu năm trước: lấy theo “phân loại năm trước” ghi trên phiếu của hộ.",
    "Phát sinh mới: chưa từng là hộ nghèo, cận nghèo trong các năm có dữ liệu; "
    "tái nghèo: đã từng thoát nghèo trong các năm có dữ liệu.",
)
