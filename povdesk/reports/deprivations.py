"""Deprivations of poor (R4 counts, R5 rates) and near-poor (R6, R7) households.

For each unit and each indicator of the year's rule set: how many poor (near-poor) households
are deprived in it, and that as a percentage of the unit's poor (near-poor) households (half-up,
two decimals; 0.00 where the unit has none). "Total deprivations" is the sum of the households'
deprivation counts. Indicators come from the stored classification (the codes it found
deprived), so the table always agrees with what each household's explanation says.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from povdesk.reports.common import (
    TOTAL_NAME,
    By,
    Unit,
    as_json_number,
    check_by,
    rate,
    require_commune,
    total_unit,
    unit_sql,
    units_for,
)
from povdesk.reports.model import Chart, Column, ReportTable, Series

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

CLASSES = ("poor", "near_poor")
CLASS_WORD = {"poor": "HỘ NGHÈO", "near_poor": "HỘ CẬN NGHÈO"}


@dataclass(frozen=True)
class DeprivationRow:
    unit: Unit
    households: int
    total_deprivations: int
    counts: tuple[int, ...]  # per indicator, in rule-set order

    @property
    def rates(self) -> tuple[Decimal, ...]:
        return tuple(rate(n, self.households) for n in self.counts)


@dataclass(frozen=True)
class DeprivationReport:
    year: int
    rule_set: str
    by: By
    ma_xa: str | None
    indicators: tuple[tuple[str, str], ...]  # (code, name)
    rows: dict[str, tuple[DeprivationRow, ...]]  # class -> one row per unit
    totals: dict[str, DeprivationRow]

    def to_json(self) -> dict[str, Any]:
        def row(r: DeprivationRow) -> dict[str, Any]:
            return {
                "code": r.unit.code,
                "name": r.unit.name,
                "households": r.households,
                "deprivations": r.total_deprivations,
                "indicators": {
                    code: {"households": n, "rate": as_json_number(x)}
                    for (code, _), n, x in zip(self.indicators, r.counts, r.rates, strict=True)
                },
            }

        return {
            "year": self.year,
            "rule_set": self.rule_set,
            "by": self.by,
            "indicators": [{"code": c, "name": n} for c, n in self.indicators],
            **{k: {"units": [row(r) for r in self.rows[k]], "total": row(self.totals[k])} for k in CLASSES},
        }

    def tables(self) -> list[ReportTable]:
        out = []
        for n, klass in enumerate(CLASSES):
            out.append(self._table(klass, f"R{4 + 2 * n}", rates=False))
            out.append(self._table(klass, f"R{5 + 2 * n}", rates=True))
        return out

    def _table(self, klass: str, key: str, *, rates: bool) -> ReportTable:
        unit_label = "Xã, phường" if self.by == "xa" else "Thôn, tổ dân phố"
        word = CLASS_WORD[klass]
        cols = [
            Column("stt", "STT", "A", kind="text", width=5),
            Column("unit", unit_label, "B", kind="text", width=20),
            Column("households", f"Tổng số {word.lower()}", "1", width=9),
        ]
        if not rates:
            cols.append(Column("deprivations", "Tổng số lượt thiếu hụt", "2", width=10))
        first = 2 if rates else 3
        group = "Tỷ lệ hộ thiếu hụt theo chỉ số (%)" if rates else "Số hộ thiếu hụt theo chỉ số"
        for i, (code, name) in enumerate(self.indicators):
            cols.append(
                Column(f"i{i}", f"{code} {name}", str(first + i), group, "rate" if rates else "int", 8)
            )

        def cells(r: DeprivationRow) -> dict[str, Any]:
            vals = r.rates if rates else r.counts
            d: dict[str, Any] = {"households": r.households, **{f"i{i}": v for i, v in enumerate(vals)}}
            if not rates:
                d["deprivations"] = r.total_deprivations
            return d

        rows = tuple(
            {"stt": str(i), "unit": r.unit.name, **cells(r)} for i, r in enumerate(self.rows[klass], 1)
        )
        total = {"stt": "", "unit": TOTAL_NAME, **cells(self.totals[klass])}
        kind = "TỶ LỆ THIẾU HỤT" if rates else "SỐ HỘ THIẾU HỤT"
        notes = (
            (f"Tỷ lệ (%) = số {word.lower()} thiếu hụt chỉ số / tổng số {word.lower()} (cột 1) × 100.",)
            if rates
            else ()
        )
        sheet = (
            f"{key[1:]:0>2} {'Ty le' if rates else 'Thieu hut'} {'ngheo' if klass == 'poor' else 'can ngheo'}"
        )
        return ReportTable(
            key,
            f"{kind} CÁC CHỈ SỐ DỊCH VỤ XÃ HỘI CƠ BẢN CỦA {word} NĂM {self.year}",
            tuple(cols),
            rows,
            total,
            subtitle=f"(Theo chuẩn {self.rule_set})",
            notes=notes,
            sheet=sheet,
        )

    def charts(self) -> list[Chart]:
        """Deprivation rates per indicator among poor and near-poor households (all units)."""
        cats = tuple(code for code, _ in self.indicators)
        series = tuple(
            Series(
                f"{'Hộ nghèo' if k == 'poor' else 'Hộ cận nghèo'}",
                tuple(float(x) for x in self.totals[k].rates),
            )
            for k in CLASSES
        )
        return [
            Chart("deprivations", "bar", f"Tỷ lệ hộ thiếu hụt theo chỉ số năm {self.year} (%)", cats, series)
        ]


def build_deprivations(
    ws: Workspace, year: int, *, by: str = "xa", ma_xa: str | None = None
) -> DeprivationReport:
    """R4–R7 for ``year`` by commune or village (one grouped query)."""
    unit_by = check_by(by)
    require_commune(ws, ma_xa)
    rs = ws.rules.for_year(year)
    codes = rs.indicator_codes
    indicators = tuple((i.code, i.name) for i in rs.indicators)
    hits = ", ".join(f"SUM(instr('; ' || c.deprived || '; ', '; {code}; ') > 0)" for code in codes)
    where = "h.nam_ra_soat = :y AND c.klass IN ('poor', 'near_poor')" + (
        " AND h.ma_xa = :xa" if ma_xa else ""
    )
    sql = (
        f"SELECT {unit_sql(unit_by, 'h.ma_xa', 'h.thon')} AS unit, c.klass, COUNT(*), SUM(c.deprivation_count)"
        f"{', ' + hits if hits else ''}"
        f" FROM households h JOIN classifications c ON c.household_id = h.id WHERE {where} GROUP BY 1, 2"
    )
    data: dict[tuple[str, str], tuple[int, ...]] = {}
    for unit, klass, *nums in ws.conn.execute(sql, {"y": year, "xa": ma_xa}):
        data[unit, klass] = tuple(int(n or 0) for n in nums)
    units = units_for(ws, {u for u, _ in data}, unit_by)
    zero = (0,) * (2 + len(codes))
    rows = {k: tuple(DeprivationRow(u, *_split(data.get((u.code, k), zero))) for u in units) for k in CLASSES}
    tunit = total_unit(units, ma_xa)
    totals = {k: _total(tunit, rows[k], len(codes)) for k in CLASSES}
    return DeprivationReport(year, rs.id, unit_by, ma_xa, indicators, rows, totals)


def _split(nums: tuple[int, ...]) -> tuple[int, int, tuple[int, ...]]:
    return nums[0], nums[1], tuple(nums[2:])


def _total(unit: Unit, rows: tuple[DeprivationRow, ...], n: int) -> DeprivationRow:
    return DeprivationRow(
        unit,
        sum(r.households for r in rows),
        sum(r.total_deprivations for r in rows),
        tuple(sum(r.counts[i] for r in rows) for i in range(n)),
    )
