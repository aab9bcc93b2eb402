"""Assembling printable reports (:class:`ReportDocument`) from the builders, plus plain text.

* :func:`summary_document` — headline, R1 (households and persons), R2/R3 with a compare year,
  plan achievement when plans exist, the rates-by-unit chart;
* :func:`full_document` — a commune's year-end report: the summary document, deprivations
  (R4–R7) with their chart, characteristics (R8), trends with their charts;
* :func:`headline` — the sentences officials read first ("30 hộ nghèo, tỷ lệ 2,50 %, giảm
  11 hộ (−0,97 điểm %) so với năm 2022 …");
* :func:`render_text` — a report table as aligned plain text for the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from povdesk.reports.common import header_for, today
from povdesk.reports.model import Paragraph, ReportDocument, ReportTable, Section, cell_text
from povdesk.text import format_number

if TYPE_CHECKING:
    from povdesk.reports.plans import PlanReport
    from povdesk.reports.summary import Figures, SummaryReport
    from povdesk.workspace import Workspace


def make_document(
    ws: Workspace, ma_xa: str | None, title: str, sections: Sequence[Section], subtitle: str = ""
) -> ReportDocument:
    issuer, place = header_for(ws, ma_xa)
    return ReportDocument(title, issuer, place, today(), subtitle, tuple(sections))


def points(d: Decimal) -> str:
    """A change in percentage points with its sign: "−0,29", "+1,05", "0,00"."""
    text = format_number(float(abs(d)), 2)
    return f"−{text}" if d < 0 else f"+{text}" if d > 0 else text


def _change(n: int, d: Decimal) -> str:
    word = "giảm" if n < 0 else "tăng" if n > 0 else "không đổi"
    count = f" {format_number(abs(n))} hộ" if n else ""
    return f"{word}{count} ({points(d)} điểm %)"


def _pct(d: Decimal) -> str:
    return format_number(float(d), 2)


def headline(report: SummaryReport, f: Figures | None = None) -> list[str]:
    """Sentences summarising one unit (default: the total) of a summary report."""
    f = f or report.total
    out = [
        f"Năm {report.year} (chuẩn {report.rule_set}): {format_number(f.households)} hộ được rà soát; "
        f"{format_number(f.poor)} hộ nghèo, tỷ lệ {_pct(f.poor_rate)} %; "
        f"{format_number(f.near_poor)} hộ cận nghèo, tỷ lệ {_pct(f.near_poor_rate)} %."
    ]
    if report.has_compare:
        y0 = report.compare_year
        out.append(
            f"So với năm {y0} ({format_number(f.poor_prev)} hộ nghèo, {_pct(f.poor_rate_prev)} %): hộ nghèo "
            f"{_change(f.poor_change, f.poor_rate_change)}; hộ cận nghèo "
            f"{_change(f.near_poor_change, f.near_poor_rate_change)}."
        )
        out.append(
            f"Thoát nghèo {f.escaped_poor} hộ ({f.escaped_poor_to_near_poor} hộ thành hộ cận nghèo), "
            f"thoát cận nghèo {f.escaped_near_poor} hộ; hộ cận nghèo thành hộ nghèo {f.near_poor_to_poor}; "
            f"nghèo phát sinh mới {f.new_poor} hộ; tái nghèo {f.relapsed_poor} hộ."
        )
    return out


def summary_sections(report: SummaryReport, plan: PlanReport | None = None) -> list[Section]:
    sections: list[Section] = [Paragraph(s) for s in headline(report)]
    sections += report.tables()
    if plan is not None and plan.results:
        sections += plan.tables()
        sections += plan.paragraphs()
    sections += report.charts()
    return sections


def summary_document(ws: Workspace, report: SummaryReport, plan: PlanReport | None = None) -> ReportDocument:
    title = f"BÁO CÁO KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM {report.year}"
    return make_document(ws, report.ma_xa, title, summary_sections(report, plan))


def full_document(
    ws: Workspace, year: int, *, compare: int | None = None, ma_xa: str | None = None, by: str = "thon"
) -> ReportDocument:
    """Everything a commune reports for a year (default compare year: the year before)."""
    from povdesk.reports.characteristics import build_characteristics
    from povdesk.reports.deprivations import build_deprivations
    from povdesk.reports.plans import build_plan_report
    from povdesk.reports.summary import build_summary
    from povdesk.reports.trends import build_trend

    y0 = year - 1 if compare is None else compare
    summary = build_summary(ws, year, compare=y0, by=by, ma_xa=ma_xa, persons=True)
    plan = build_plan_report(ws, year, compare=y0, ma_xa=ma_xa)
    dep = build_deprivations(ws, year, by=by, ma_xa=ma_xa)
    chars = build_characteristics(ws, year, by=by, ma_xa=ma_xa)
    trend = build_trend(ws, by="xa", ma_xa=ma_xa, last=year)
    sections = summary_sections(summary, plan)
    sections += [*dep.tables(), *dep.charts(), *chars.tables(), *trend.tables(), *trend.charts()]
    title = f"BÁO CÁO KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM {year}"
    return make_document(ws, ma_xa, title, sections)


def write(path: str, doc: ReportDocument) -> None:
    """Write ``doc`` as .xlsx or .pdf by the file's extension (caller checked it)."""
    if path.lower().endswith(".xlsx"):
        from povdesk.reports.excel import write_xlsx

        write_xlsx(path, doc)
    else:
        from povdesk.reports.pdf import write_pdf

        write_pdf(path, doc)


# --- plain text -----------------------------------------------------------------------------


def render_text(t: ReportTable) -> str:
    """The table as aligned text: title, a caption header ("A  B  1  2 …"), rows, total, legend."""
    cols = t.columns
    grid = [[c.caption or c.key for c in cols]]
    for r in [*t.rows, *([t.total] if t.total is not None else [])]:
        grid.append([cell_text(r.get(c.key), c.kind) for c in cols])
    widths = [max(len(row[i]) for row in grid) for i in range(len(cols))]
    lines = [t.title]
    if t.subtitle:
        lines.append(t.subtitle)
    for n, row in enumerate(grid):
        cells = [
            v.ljust(w) if c.kind == "text" else v.rjust(w) for v, w, c in zip(row, widths, cols, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0 or (t.total is not None and n == len(grid) - 2):
            lines.append("  ".join("-" * w for w in widths))
    legend = [f"{c.caption}: {c.group + ' – ' if c.group else ''}{c.label}" for c in cols if c.caption]
    lines.append("Cột: " + "; ".join(legend))
    lines += t.notes
    return "\n".join(lines)
