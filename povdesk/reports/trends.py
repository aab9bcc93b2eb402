"""Trends: households, poor and near-poor counts and rates per unit across review years.

Each point comes from the household records of that year when the unit has any (source
"households"); otherwise from totals typed in for that unit and year (source "typed"), which is
how earlier years' published figures — e.g. a ward's 2016–2021 series — enter povdesk without
household data. Typed totals are stored per commune (``thon`` None) or per village; where both a
typed total and household data exist for the same unit and year, the household data wins (the
typed figure stays stored and is shown again if the household data is removed).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from povdesk.changes import Changes
from povdesk.errors import Problem, ValidationError
from povdesk.households import now_iso
from povdesk.reports.common import (
    UNIT_SEP,
    By,
    Unit,
    as_json_number,
    check_by,
    commune_unit,
    rate,
    require_commune,
    unit_sql,
    units_for,
)
from povdesk.reports.model import Cell, Chart, Column, ReportTable, Series
from povdesk.text import nfc

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

Source = Literal["households", "typed"]
SOURCE_LABEL = {"households": "dữ liệu hộ", "typed": "số liệu nhập"}
FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_CHART_LINES = 8


@dataclass(frozen=True)
class TypedTotal:
    ma_xa: str
    year: int
    households: int
    poor: int
    near_poor: int
    thon: str | None = None
    note: str | None = None

    @property
    def unit_code(self) -> str:
        return self.ma_xa if self.thon is None else f"{self.ma_xa}{UNIT_SEP}{self.thon}"


def check_total(t: TypedTotal) -> list[Problem]:
    out = []
    if not FIRST_YEAR <= t.year <= LAST_YEAR:
        out.append(Problem(f"Năm {t.year} nằm ngoài khoảng {FIRST_YEAR}–{LAST_YEAR}", field="year"))
    for field, label, v in (("households", "tổng số hộ", t.households), ("poor", "số hộ nghèo", t.poor),
                            ("near_poor", "số hộ cận nghèo", t.near_poor)):  # fmt: skip
        if v < 0:
            out.append(Problem(f"{label.capitalize()} không được âm ({v})", field=field))
    if t.poor + t.near_poor > t.households:
        out.append(
            Problem(
                f"Số hộ nghèo ({t.poor}) cộng số hộ cận nghèo ({t.near_poor}) lớn hơn tổng số hộ ({t.households})",
                field="households",
            )
        )
    return out


def set_total(ws: Workspace, t: TypedTotal) -> Changes:
    """Store (or replace) a typed-in total for a commune or village and year; one transaction."""
    problems = check_total(t)
    if problems:
        raise ValidationError(problems, "Số liệu tổng hợp không hợp lệ, không có gì được lưu")
    require_commune(ws, t.ma_xa)
    with ws.operation("Nhập số liệu tổng hợp", f"{t.unit_code} năm {t.year}"):
        ws.conn.execute(
            "INSERT OR REPLACE INTO report_totals (ma_xa, thon, year, households, poor, near_poor, note,"
            " updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                t.ma_xa,
                nfc(t.thon or ""),
                t.year,
                t.households,
                t.poor,
                t.near_poor,
                t.note,
                now_iso(),
                ws.user,
            ),
        )
    return Changes()


def delete_total(ws: Workspace, ma_xa: str, year: int, thon: str | None = None) -> bool:
    with ws.operation("Xóa số liệu tổng hợp", f"{ma_xa} năm {year}"):
        cur = ws.conn.execute(
            "DELETE FROM report_totals WHERE ma_xa=? AND thon=? AND year=?", (ma_xa, nfc(thon or ""), year)
        )
    return cur.rowcount > 0


def typed_totals(ws: Workspace, ma_xa: str | None = None) -> list[TypedTotal]:
    rows = ws.conn.execute(
        "SELECT ma_xa, year, households, poor, near_poor, thon, note FROM report_totals"
        " WHERE (? IS NULL OR ma_xa = ?) ORDER BY ma_xa, thon, year",
        (ma_xa, ma_xa),
    ).fetchall()
    return [TypedTotal(x, y, h, p, n, t or None, note) for x, y, h, p, n, t, note in rows]


@dataclass(frozen=True)
class TrendPoint:
    year: int
    households: int
    poor: int
    near_poor: int
    source: Source

    @property
    def poor_rate(self) -> Decimal:
        return rate(self.poor, self.households)

    @property
    def near_poor_rate(self) -> Decimal:
        return rate(self.near_poor, self.households)


@dataclass(frozen=True)
class TrendSeries:
    unit: Unit
    points: tuple[TrendPoint, ...]  # by year

    def point(self, year: int) -> TrendPoint | None:
        return next((p for p in self.points if p.year == year), None)


@dataclass(frozen=True)
class TrendReport:
    by: By
    ma_xa: str | None
    series: tuple[TrendSeries, ...]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({p.year for s in self.series for p in s.points}))

    def to_json(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "years": list(self.years),
            "units": [
                {"code": s.unit.code, "name": s.unit.name,
                 "points": [{"year": p.year, "households": p.households, "poor": p.poor,
                             "poor_rate": as_json_number(p.poor_rate), "near_poor": p.near_poor,
                             "near_poor_rate": as_json_number(p.near_poor_rate), "source": p.source}
                            for p in s.points]}
                for s in self.series
            ],
        }  # fmt: skip

    def tables(self) -> list[ReportTable]:
        cols = (
            Column("unit", "Đơn vị", "A", kind="text", width=20),
            Column("year", "Năm", "B", kind="text", width=6),
            Column("households", "Tổng số hộ", "1", width=10),
            Column("poor", "Số hộ", "2", "Hộ nghèo"),
            Column("poor_rate", "Tỷ lệ (%)", "3=2/1*100", "Hộ nghèo", "rate"),
            Column("poor_change", "Tăng (+), giảm (−) so với năm trước đó", "4", "Hộ nghèo", width=11),
            Column("near_poor", "Số hộ", "5", "Hộ cận nghèo"),
            Column("near_poor_rate", "Tỷ lệ (%)", "6=5/1*100", "Hộ cận nghèo", "rate"),
            Column("source", "Nguồn số liệu", "C", kind="text", width=12),
        )
        rows: list[dict[str, Cell]] = []
        for s in self.series:
            prev: TrendPoint | None = None
            for i, p in enumerate(s.points):
                rows.append({
                    "unit": s.unit.name if i == 0 else "", "year": str(p.year), "households": p.households,
                    "poor": p.poor, "poor_rate": p.poor_rate, "poor_change": None if prev is None else p.poor - prev.poor,
                    "near_poor": p.near_poor, "near_poor_rate": p.near_poor_rate, "source": SOURCE_LABEL[p.source],
                })  # fmt: skip
                prev = p
        span = f" {self.years[0]}–{self.years[-1]}" if self.years else ""
        return [
            ReportTable(
                "XH",
                f"DIỄN BIẾN HỘ NGHÈO, HỘ CẬN NGHÈO QUA CÁC NĂM{span}",
                cols,
                tuple(rows),
                notes=("Số liệu nhập: tổng hợp được nhập tay cho năm chưa có dữ liệu từng hộ.",),
                sheet="Xu huong",
            )
        ]

    def charts(self) -> list[Chart]:
        years = self.years
        if not years:
            return []
        shown = self.series[-MAX_CHART_LINES:]

        def values(s: TrendSeries, attr: str) -> tuple[float | None, ...]:
            return tuple(None if (p := s.point(y)) is None else float(getattr(p, attr)) for y in years)

        cats = tuple(str(y) for y in years)
        out = [
            Chart("trend_poor_rate", "line", "Tỷ lệ hộ nghèo qua các năm (%)", cats,
                  tuple(Series(s.unit.name, values(s, "poor_rate")) for s in shown)),
        ]  # fmt: skip
        if len(self.series) == 1 or self.ma_xa is not None:
            main = self.series[-1]
            out.append(
                Chart("trend_counts", "bar", f"Số hộ nghèo, hộ cận nghèo qua các năm — {main.unit.name}", cats,
                      (Series("Hộ nghèo", values(main, "poor")), Series("Hộ cận nghèo", values(main, "near_poor"))),
                      "hộ")
            )  # fmt: skip
        return out


def build_trend(
    ws: Workspace,
    *,
    by: str = "xa",
    ma_xa: str | None = None,
    first: int | None = None,
    last: int | None = None,
) -> TrendReport:
    """Series per unit (communes, or the villages of ``ma_xa`` followed by the whole commune)."""
    unit_by = check_by(by)
    require_commune(ws, ma_xa)
    series = _series(ws, unit_by, ma_xa, first, last)
    if unit_by == "thon" and ma_xa is not None:
        series += _series(ws, "xa", ma_xa, first, last) or [TrendSeries(commune_unit(ws, ma_xa), ())]
    return TrendReport(unit_by, ma_xa, tuple(series))


def _series(
    ws: Workspace, by: By, ma_xa: str | None, first: int | None, last: int | None
) -> list[TrendSeries]:
    lo, hi = first or FIRST_YEAR, last or LAST_YEAR
    xa = " AND h.ma_xa = :xa" if ma_xa else ""
    points: dict[str, dict[int, TrendPoint]] = {}
    for unit, year, n, poor, near in ws.conn.execute(
        f"SELECT {unit_sql(by, 'h.ma_xa', 'h.thon')}, h.nam_ra_soat, COUNT(*), SUM(c.klass = 'poor'),"
        " SUM(c.klass = 'near_poor') FROM households h JOIN classifications c ON c.household_id = h.id"
        f" WHERE h.nam_ra_soat BETWEEN :lo AND :hi{xa} GROUP BY 1, 2",
        {"lo": lo, "hi": hi, "xa": ma_xa},
    ):
        points.setdefault(unit, {})[year] = TrendPoint(year, n, poor or 0, near or 0, "households")
    for t in typed_totals(ws, ma_xa):
        if (t.thon is None) != (by == "xa") or not lo <= t.year <= hi:
            continue
        points.setdefault(t.unit_code, {}).setdefault(
            t.year, TrendPoint(t.year, t.households, t.poor, t.near_poor, "typed")
        )
    units = units_for(ws, points, by)
    return [TrendSeries(u, tuple(points[u.code][y] for y in sorted(points[u.code]))) for u in units]
