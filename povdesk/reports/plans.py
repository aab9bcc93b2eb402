"""Plan targets: the planned reduction of poor / near-poor households, and how much was achieved.

A commune (``thon=None``) or one of its villages sets, for a year, how many poor and near-poor
households it plans to reduce. Achievement is the **net** reduction over the year: households
of the class at the start (the compare year, default the year before) minus at the end. The
start figure is, in order of preference: the start of the movement tables R2/R3 when the unit
has households reviewed in the compare year (:mod:`povdesk.reports.summary`); the total typed
in for that unit and year (:mod:`povdesk.reports.trends` — the official figure when povdesk
holds no household data for that year); the start R2/R3 derive from the households'
``phan_loai_truoc``; otherwise there is none and no percentage is given. The percentage is achieved / planned × 100, half-up, two
decimals: "Giảm 12/19 hộ nghèo, đạt 63,16 % kế hoạch".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from povdesk.changes import Changes
from povdesk.errors import InputRefused, Problem, ValidationError
from povdesk.households import now_iso
from povdesk.reports.common import UNIT_SEP, Unit, achievement, as_json_number, require_commune
from povdesk.reports.model import Column, Paragraph, ReportTable
from povdesk.text import format_number, nfc

if TYPE_CHECKING:
    from povdesk.reports.summary import Figures
    from povdesk.reports.trends import TypedTotal
    from povdesk.workspace import Workspace

CLASS_WORDS = {"poor": "hộ nghèo", "near_poor": "hộ cận nghèo"}


@dataclass(frozen=True)
class Plan:
    ma_xa: str
    year: int
    poor_reduction: int | None = None
    near_poor_reduction: int | None = None
    thon: str | None = None  # None = the whole commune
    note: str | None = None

    @property
    def unit_code(self) -> str:
        return self.ma_xa if self.thon is None else f"{self.ma_xa}{UNIT_SEP}{self.thon}"


def set_plan(ws: Workspace, plan: Plan) -> Changes:
    """Create or replace the plan of a commune or village for a year (one transaction)."""
    problems = []
    for field, v in (
        ("poor_reduction", plan.poor_reduction),
        ("near_poor_reduction", plan.near_poor_reduction),
    ):
        if v is not None and v < 0:
            problems.append(Problem(f"Số hộ giảm theo kế hoạch không được âm ({v})", field=field))
    if plan.poor_reduction is None and plan.near_poor_reduction is None:
        problems.append(Problem("Cần ít nhất một chỉ tiêu: số hộ nghèo hoặc số hộ cận nghèo giảm"))
    if problems:
        raise ValidationError(problems, "Kế hoạch không hợp lệ, không có gì được lưu")
    require_commune(ws, plan.ma_xa)
    thon = nfc(plan.thon or "")
    with ws.operation("Đặt kế hoạch giảm nghèo", f"{plan.unit_code} năm {plan.year}"):
        ws.conn.execute(
            "INSERT OR REPLACE INTO report_plans (ma_xa, thon, year, poor_reduction, near_poor_reduction, note,"
            " updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?)",
            (plan.ma_xa, thon, plan.year, plan.poor_reduction, plan.near_poor_reduction, plan.note, now_iso(),
             ws.user),
        )  # fmt: skip
    return Changes()


def delete_plan(ws: Workspace, ma_xa: str, year: int, thon: str | None = None) -> bool:
    with ws.operation("Xóa kế hoạch giảm nghèo", f"{ma_xa} năm {year}"):
        cur = ws.conn.execute(
            "DELETE FROM report_plans WHERE ma_xa=? AND thon=? AND year=?", (ma_xa, nfc(thon or ""), year)
        )
    return cur.rowcount > 0


def plans(ws: Workspace, year: int, ma_xa: str | None = None) -> list[Plan]:
    rows = ws.conn.execute(
        "SELECT ma_xa, year, poor_reduction, near_poor_reduction, thon, note FROM report_plans"
        " WHERE year = ? AND (? IS NULL OR ma_xa = ?) ORDER BY ma_xa, thon",
        (year, ma_xa, ma_xa),
    ).fetchall()
    return [Plan(x, y, p, n, t or None, note) for x, y, p, n, t, note in rows]


@dataclass(frozen=True)
class Achievement:
    klass: str  # "poor" / "near_poor"
    planned: int | None
    start: int | None  # None: no start figure
    end: int | None  # None: no household reviewed in the report year

    @property
    def achieved(self) -> int | None:
        return None if self.start is None or self.end is None else self.start - self.end

    @property
    def percent(self) -> Decimal | None:
        a = self.achieved
        return None if a is None else achievement(a, self.planned)

    def sentence(self) -> str:
        """ "Giảm 12/19 hộ nghèo, đạt 63,16 % kế hoạch" (or why there is no percentage)."""
        word = CLASS_WORDS[self.klass]
        a, pct = self.achieved, self.percent
        if self.planned is None:
            return f"Chưa đặt kế hoạch giảm {word}"
        if a is None:
            missing = "đầu kỳ" if self.start is None else "cuối kỳ"
            return f"Kế hoạch giảm {self.planned} {word}; chưa có số liệu {missing} để tính kết quả"
        if a < 0:
            return f"Số {word} tăng {-a} hộ, kế hoạch giảm {self.planned} hộ: không đạt kế hoạch"
        text = f"Giảm {a}/{self.planned} {word}"
        if pct is not None:
            text += f", đạt {format_number(float(pct), 2)} % kế hoạch"
            if a > self.planned:
                text += " (vượt kế hoạch)"
        return text

    def to_json(self) -> dict[str, Any]:
        pct = self.percent
        return {
            "planned": self.planned,
            "start": self.start,
            "end": self.end,
            "achieved": self.achieved,
            "percent": None if pct is None else as_json_number(pct),
            "text": self.sentence(),
        }


@dataclass(frozen=True)
class PlanResult:
    unit: Unit
    plan: Plan
    poor: Achievement
    near_poor: Achievement
    start_source: str  # "dữ liệu hộ", "số liệu nhập", "phân loại năm trước" or "không có"


@dataclass(frozen=True)
class PlanReport:
    year: int
    compare_year: int
    results: tuple[PlanResult, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "compare_year": self.compare_year,
            "units": [
                {"code": r.unit.code, "name": r.unit.name, "start_source": r.start_source,
                 "poor": r.poor.to_json(), "near_poor": r.near_poor.to_json(), "note": r.plan.note}
                for r in self.results
            ],
        }  # fmt: skip

    def paragraphs(self) -> list[Paragraph]:
        def lower_first(s: str) -> str:
            return s[:1].lower() + s[1:]

        return [
            Paragraph(f"{r.unit.name}: {r.poor.sentence()}; {lower_first(r.near_poor.sentence())}.")
            for r in self.results
        ]

    def tables(self) -> list[ReportTable]:
        if not self.results:
            return []
        cols: list[Column] = [
            Column("stt", "STT", "A", kind="text", width=5),
            Column("unit", "Đơn vị", "B", kind="text", width=22),
        ]
        n = 1
        for k, group in (("poor", "Hộ nghèo"), ("near_poor", "Hộ cận nghèo")):
            y0, y = self.compare_year, self.year
            a, b, c, d = n, n + 1, n + 2, n + 3
            cols += [
                Column(f"{k}.start", f"Đầu kỳ (năm {y0})", str(a), group),
                Column(f"{k}.end", f"Cuối kỳ (năm {y})", str(b), group),
                Column(f"{k}.planned", "Kế hoạch giảm", str(c), group),
                Column(f"{k}.achieved", "Thực hiện giảm", f"{d}={a}-{b}", group),
                Column(f"{k}.percent", "Đạt (%)", f"{d + 1}={d}/{c}*100", group, "rate"),
            ]
            n += 5

        def cells(r: PlanResult) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for k in ("poor", "near_poor"):
                ach: Achievement = getattr(r, k)
                out |= {f"{k}.start": ach.start, f"{k}.end": ach.end, f"{k}.planned": ach.planned,
                        f"{k}.achieved": ach.achieved, f"{k}.percent": ach.percent}  # fmt: skip
            return out

        rows = tuple({"stt": str(i), "unit": r.unit.name, **cells(r)} for i, r in enumerate(self.results, 1))
        return [
            ReportTable(
                "KH",
                f"KẾT QUẢ THỰC HIỆN KẾ HOẠCH GIẢM NGHÈO NĂM {self.year}",
                tuple(cols),
                rows,
                notes=("Thực hiện giảm = số hộ đầu kỳ − số hộ cuối kỳ (giảm ròng).",),
                sheet="Ke hoach",
            )
        ]


def build_plan_report(
    ws: Workspace, year: int, *, compare: int | None = None, ma_xa: str | None = None
) -> PlanReport:
    """Achieved vs planned for every plan of ``year`` (of one commune, or all)."""
    from povdesk.reports.summary import build_summary
    from povdesk.reports.trends import typed_totals

    require_commune(ws, ma_xa)
    y0 = year - 1 if compare is None else compare
    if y0 >= year:
        raise InputRefused(f"Năm so sánh ({y0}) phải trước năm báo cáo ({year})")
    todo = plans(ws, year, ma_xa)
    if not todo:
        return PlanReport(year, y0, ())
    figures: dict[str, Figures] = {}
    for by in {"xa" if p.thon is None else "thon" for p in todo}:
        figures |= {f.unit.code: f for f in build_summary(ws, year, compare=y0, by=by, ma_xa=ma_xa).units}
    typed = {(t.unit_code, t.year): t for t in typed_totals(ws, ma_xa)}
    results = tuple(_result(ws, p, figures.get(p.unit_code), typed.get((p.unit_code, y0))) for p in todo)
    return PlanReport(year, y0, results)


def _result(ws: Workspace, p: Plan, f: Figures | None, t: TypedTotal | None) -> PlanResult:
    unit = f.unit if f else Unit(p.unit_code, p.thon or ws.communes.get(p.ma_xa).name, p.ma_xa, p.thon)
    if f is not None and f.reviewed_prev > 0:
        source, sp, sn = "dữ liệu hộ", f.poor_prev, f.near_poor_prev
    elif t is not None:
        source, sp, sn = "số liệu nhập", t.poor, t.near_poor
    elif f is not None and f.households_prev > 0:
        source, sp, sn = "phân loại năm trước", f.poor_prev, f.near_poor_prev
    else:
        source, sp, sn = "không có", None, None
    ep, en = (f.poor, f.near_poor) if f and f.households else (None, None)
    return PlanResult(
        unit,
        p,
        Achievement("poor", p.poor_reduction, sp, ep),
        Achievement("near_poor", p.near_poor_reduction, sn, en),
        source,
    )
