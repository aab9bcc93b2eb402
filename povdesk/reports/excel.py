"""Report tables to a styled .xlsx (xlsxwriter), laid out like the official report tables.

One sheet per :class:`~povdesk.reports.model.ReportTable`: the header block (issuing body on the
left, national name and motto on the right, place and date), the title, merged group headers over
column labels, the caption row in italics ("A", "B", "1", "2", "3=2/1*100" …), the data rows,
a bold totals row and the notes. Numbers are numeric cells with a display format (counts
``#,##0``, rates ``0.00``) so Excel shows them in the reader's locale and they stay summable.
Print setup: A4 landscape, fit to one page wide, header and caption rows repeated on every
page, page number in the footer. Charts (:class:`~povdesk.reports.model.Chart`) go to a last
sheet "Bieu do" as native Excel charts over their data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from povdesk.reports.model import Chart, ReportDocument, ReportTable, place_date_line

FONT = "Times New Roman"
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
A4 = 9


class _Formats:
    def __init__(self, wb: Any) -> None:
        def f(**kw: Any) -> Any:
            return wb.add_format({"font_name": FONT, "font_size": 11, "valign": "vcenter", **kw})

        cell = {"border": 1}
        self.issuer = f(align="center")
        self.issuer_bold = f(align="center", bold=True)
        self.national = f(align="center", bold=True)
        self.motto = f(align="center", bold=True, font_size=12)
        self.date = f(align="center", italic=True, font_size=12)
        self.title = f(align="center", bold=True, font_size=13, text_wrap=True)
        self.subtitle = f(align="center", italic=True)
        self.head = f(align="center", bold=True, text_wrap=True, bg_color="#E7E6E6", **cell)
        self.caption = f(align="center", italic=True, font_size=10, **cell)
        self.text = f(text_wrap=True, **cell)
        self.center = f(align="center", **cell)
        self.int = f(num_format="#,##0", **cell)
        self.rate = f(num_format="0.00", **cell)
        self.total_text = f(bold=True, text_wrap=True, **cell)
        self.total_int = f(bold=True, num_format="#,##0", **cell)
        self.total_rate = f(bold=True, num_format="0.00", **cell)
        self.note = f(italic=True, font_size=10)
        self.paragraph = f(text_wrap=True)


def write_xlsx(path: Path | str, doc: ReportDocument) -> Path:
    """Write every table of ``doc`` (one sheet each) and its charts; returns the path."""
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    out = Path(path)
    wb = xlsxwriter.Workbook(str(out))
    try:
        fm = _Formats(wb)
        used: set[str] = set()
        for table in doc.tables:
            ws = wb.add_worksheet(_unique(table.sheet_name, used))
            _write_table(ws, fm, doc, table)
        paragraphs = [s for s in doc.sections if not isinstance(s, ReportTable | Chart)]
        if paragraphs:
            ws = wb.add_worksheet(_unique("Ghi chu", used))
            ws.set_column(0, 0, 120)
            for r, p in enumerate(paragraphs):
                ws.write(r, 0, p.text, fm.paragraph)
        if doc.charts:
            _write_charts(wb, wb.add_worksheet(_unique("Bieu do", used)), fm, doc.charts)
    finally:
        try:
            wb.close()
        except FileCreateError as e:  # the file is only created on close
            raise OSError(*e.args[0].args) if isinstance(e.args[0], OSError) else OSError(str(e)) from e
    return out


def _unique(name: str, used: set[str]) -> str:
    base, n = name[:31], 2
    while name.lower() in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name.lower())
    return name


def _write_table(ws: Any, fm: _Formats, doc: ReportDocument, t: ReportTable) -> None:
    ncol = len(t.columns)
    last = ncol - 1
    for i, c in enumerate(t.columns):
        ws.set_column(i, i, c.width)
    left = max(1, min(3, ncol // 3))  # header block columns: left ≈ 1/3, right the rest
    right0 = left if ncol > left else 0
    _merge(ws, 0, 0, 0, left - 1, doc.issuer[0] if doc.issuer else "", fm.issuer)
    _merge(ws, 1, 0, 1, left - 1, doc.issuer[1] if len(doc.issuer) > 1 else "", fm.issuer_bold)
    _merge(ws, 0, right0, 0, last, NATIONAL, fm.national)
    _merge(ws, 1, right0, 1, last, MOTTO, fm.motto)
    when = doc.date or dt.date.today()
    _merge(ws, 2, right0, 2, last, place_date_line(doc.place, when), fm.date)
    _merge(ws, 4, 0, 4, last, t.title, fm.title)
    ws.set_row(4, 33)
    row = 5
    if t.subtitle:
        _merge(ws, row, 0, row, last, t.subtitle, fm.subtitle)
        row += 1
    row += 1
    head0 = row
    row = _write_headers(ws, fm, t, row)
    for i, c in enumerate(t.columns):
        ws.write(row, i, c.caption, fm.caption)
    caption_row = row
    row += 1
    first_data = row
    for r in t.rows:
        _write_row(ws, fm, t, row, r, total=False)
        row += 1
    if t.total is not None:
        _write_row(ws, fm, t, row, t.total, total=True)
        row += 1
    row += 1
    for note in t.notes:
        ws.write(row, 0, note, fm.note)
        row += 1
    ws.freeze_panes(first_data, 0)
    ws.set_landscape()
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(head0, caption_row)
    ws.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    ws.center_horizontally()
    ws.set_footer("&C&P/&N")


def _merge(ws: Any, r0: int, c0: int, r1: int, c1: int, value: Any, fmt: Any) -> None:
    if (r0, c0) == (r1, c1):
        ws.write(r0, c0, value, fmt)
    else:
        ws.merge_range(r0, c0, r1, c1, value, fmt)


def _write_headers(ws: Any, fm: _Formats, t: ReportTable, row: int) -> int:
    """Group headers (merged across their columns) over labels; ungrouped labels span both rows."""
    if not t.has_groups:
        for i, c in enumerate(t.columns):
            ws.write(row, i, c.label, fm.head)
        ws.set_row(row, 45)
        return row + 1
    i = 0
    while i < len(t.columns):
        c = t.columns[i]
        if not c.group:
            _merge(ws, row, i, row + 1, i, c.label, fm.head)
            i += 1
            continue
        j = i
        while j + 1 < len(t.columns) and t.columns[j + 1].group == c.group:
            j += 1
        _merge(ws, row, i, row, j, c.group, fm.head)
        for k in range(i, j + 1):
            ws.write(row + 1, k, t.columns[k].label, fm.head)
        i = j + 1
    ws.set_row(row, 30)
    ws.set_row(row + 1, 45)
    return row + 2


def _write_row(ws: Any, fm: _Formats, t: ReportTable, row: int, values: Any, *, total: bool) -> None:
    for i, c in enumerate(t.columns):
        v = values.get(c.key)
        if c.kind == "text" or v is None or isinstance(v, str):
            fmt = fm.total_text if total else (fm.center if c.key in ("stt", "year") else fm.text)
            ws.write_string(row, i, "" if v is None else str(v), fmt)
        elif c.kind == "rate":
            ws.write_number(row, i, float(v), fm.total_rate if total else fm.rate)
        else:
            ws.write_number(row, i, int(v), fm.total_int if total else fm.int)


def _write_charts(wb: Any, ws: Any, fm: _Formats, charts: tuple[Chart, ...]) -> None:
    """Each chart's data as a small table (categories down, one column per series) and the chart."""
    row = 0
    ws.set_column(0, 0, 24)
    for ch in charts:
        ws.write(row, 0, ch.title, fm.title)
        top = row + 1
        ws.write(top, 0, "", fm.head)
        for j, s in enumerate(ch.series, 1):
            ws.write(top, j, s.name, fm.head)
        for i, cat in enumerate(ch.categories, 1):
            ws.write(top + i, 0, cat, fm.text)
            for j, s in enumerate(ch.series, 1):
                v = s.values[i - 1]
                if v is None:
                    ws.write_blank(top + i, j, None, fm.rate)
                else:
                    ws.write_number(top + i, j, v, fm.rate if ch.unit == "%" else fm.int)
        chart = wb.add_chart({"type": "column" if ch.kind == "bar" else "line"})
        n = len(ch.categories)
        for j in range(1, len(ch.series) + 1):
            chart.add_series({
                "name": [ws.name, top, j],
                "categories": [ws.name, top + 1, 0, top + n, 0],
                "values": [ws.name, top + 1, j, top + n, j],
                **({"marker": {"type": "circle"}} if ch.kind == "line" else {}),
            })  # fmt: skip
        chart.set_title({"name": ch.title, "name_font": {"name": FONT, "size": 12}})
        chart.set_y_axis({"name": ch.unit, "num_font": {"name": FONT}})
        chart.set_x_axis({"num_font": {"name": FONT}})
        chart.set_legend({"position": "bottom", "font": {"name": FONT}})
        chart.set_size({"width": 760, "height": 340})
        ws.insert_chart(top, len(ch.series) + 2, chart)
        row = top + max(n + 2, 19)
    ws.set_landscape()
    ws.set_paper(A4)
