"""Report documents to PDF (reportlab platypus): Decree-30 header, tables, charts.

Landscape A4. Page 1 opens with the header block of Decree 30/2020 (issuing body top left,
national name and motto with its rule top right, place and date in italics), then the title;
pages after the first carry their number centred in the top margin. Tables repeat their header
and caption rows on every page; the totals row is bold. Charts
(:class:`~povdesk.reports.model.Chart`) are drawn with ``reportlab.graphics`` as vector
graphics. Every text element names the embedded report font (:mod:`povdesk.reports.fonts`):
``initialFontName`` on the document and the drawings, a FONT entry in every table style.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from povdesk.reports.fonts import FontNames, register_fonts
from povdesk.reports.model import Chart, ReportDocument, ReportTable, cell_text, place_date_line
from povdesk.reports.model import Paragraph as TextParagraph

MM = 72.0 / 25.4
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TABLE_SIZE = 8.5
PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#bf9000", "#843c0c")


def write_pdf(path: Path | str, doc: ReportDocument) -> Path:
    """Render ``doc`` to ``path``; returns the path."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate

    fonts = register_fonts()
    out = Path(path)
    page = landscape(A4)
    template = SimpleDocTemplate(
        str(out), pagesize=page, leftMargin=20 * MM, rightMargin=15 * MM, topMargin=18 * MM,
        bottomMargin=15 * MM, title=doc.title, author="povdesk", initialFontName=fonts.regular,
        initialFontSize=11,
    )  # fmt: skip
    story = _Story(fonts, template.width).build(doc)

    def later(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(fonts.regular, 13)
        canvas.drawCentredString(page[0] / 2, page[1] - 10 * MM, str(canvas.getPageNumber()))
        canvas.restoreState()

    template.build(story, onLaterPages=later)
    return out


class _Story:
    def __init__(self, fonts: FontNames, width: float) -> None:
        from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
        from reportlab.lib.styles import ParagraphStyle

        self.fonts, self.width = fonts, width

        def st(name: str, font: str, size: float, align: int = TA_CENTER, **kw: Any) -> ParagraphStyle:
            return ParagraphStyle(
                name, fontName=font, fontSize=size, leading=size * 1.2, alignment=align, **kw
            )

        f = fonts
        self.issuer = st("issuer", f.regular, 12)
        self.issuer_bold = st("issuer_bold", f.bold, 12)
        self.national = st("national", f.bold, 12)
        self.motto = st("motto", f.bold, 13)
        self.date = st("date", f.italic, 13)
        self.title = st("title", f.bold, 14, spaceBefore=6, spaceAfter=2)
        self.subtitle = st("subtitle", f.italic, 12, spaceAfter=4)
        self.table_title = st("table_title", f.bold, 12, spaceBefore=10, spaceAfter=2, keepWithNext=1)
        self.table_sub = st("table_sub", f.italic, 10.5, spaceAfter=4, keepWithNext=1)
        self.head = st("head", f.bold, TABLE_SIZE)
        self.cell = st("cell", f.regular, TABLE_SIZE, TA_LEFT)
        self.cell_bold = st("cell_bold", f.bold, TABLE_SIZE, TA_LEFT)
        self.note = st("note", f.italic, 10, TA_LEFT, spaceBefore=2)
        self.body = st("body", f.regular, 13, TA_JUSTIFY, firstLineIndent=10 * MM, spaceBefore=6)
        self.heading = st("heading", f.bold, 13, TA_LEFT, spaceBefore=10, spaceAfter=4)

    def p(self, text: str, style: Any) -> Any:
        from reportlab.platypus import Paragraph

        return Paragraph(escape(text), style)

    def build(self, doc: ReportDocument) -> list[Any]:
        from reportlab.platypus import Spacer

        story: list[Any] = [self.header(doc), Spacer(1, 6 * MM), self.p(doc.title, self.title)]
        if doc.subtitle:
            story.append(self.p(doc.subtitle, self.subtitle))
        for s in doc.sections:
            if isinstance(s, ReportTable):
                story += self.table(s)
            elif isinstance(s, Chart):
                story += self.chart(s)
            elif isinstance(s, TextParagraph):
                style = {"body": self.body, "heading": self.heading, "note": self.note}[s.style]
                story.append(self.p(s.text, style))
        return story

    # --- header block -----------------------------------------------------------------------
    def header(self, doc: ReportDocument) -> Any:
        from reportlab.lib.units import mm
        from reportlab.pdfbase.pdfmetrics import stringWidth
        from reportlab.platypus import HRFlowable, Table, TableStyle

        left_w = self.width * 0.4
        left: list[Any] = []
        for i, line in enumerate(doc.issuer):
            left.append(self.p(line, self.issuer_bold if i == len(doc.issuer) - 1 and i > 0 else self.issuer))
        if doc.issuer:
            last = doc.issuer[-1]
            rule = stringWidth(last, self.fonts.bold, 12) * 0.45
            left.append(HRFlowable(width=rule, thickness=0.6, color="black", spaceBefore=3, hAlign="CENTER"))
        motto_w = stringWidth(MOTTO, self.fonts.bold, 13)
        right = [
            self.p(NATIONAL, self.national),
            self.p(MOTTO, self.motto),
            HRFlowable(
                width=motto_w, thickness=0.6, color="black", spaceBefore=3, spaceAfter=3 * mm, hAlign="CENTER"
            ),
            self.p(place_date_line(doc.place, doc.date or dt.date.today()), self.date),
        ]
        t = Table([[left, right]], colWidths=[left_w, self.width - left_w])
        t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), self.fonts.regular, 12), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
        return t

    # --- tables ----------------------------------------------------------------------------
    def table(self, t: ReportTable) -> list[Any]:
        from reportlab.platypus import Table, TableStyle

        cols = t.columns
        total_w = sum(c.width for c in cols)
        widths = [self.width * c.width / total_w for c in cols]
        rows, spans = self._head_rows(t)
        nhead = len(rows)
        rows.append([self.p(c.caption, self.head) if c.caption else "" for c in cols])
        body = [*t.rows, *([t.total] if t.total is not None else [])]
        for r in body:
            bold = t.total is not None and r is t.total
            rows.append([self._cell(r.get(c.key), c.kind, bold) for c in cols])
        f = self.fonts
        style: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), f.regular, TABLE_SIZE),
            ("FONT", (0, 0), (-1, nhead - 1), f.bold, TABLE_SIZE),
            ("FONT", (0, nhead), (-1, nhead), f.italic, TABLE_SIZE - 0.5),
            ("GRID", (0, 0), (-1, -1), 0.5, "black"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, nhead), "CENTER"),
            ("BACKGROUND", (0, 0), (-1, nhead - 1), "#E7E6E6"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            *spans,
        ]
        for i, c in enumerate(cols):
            if c.kind != "text":
                style.append(("ALIGN", (i, nhead + 1), (i, -1), "RIGHT"))
            elif c.key in ("stt", "hh", "no", "year", "male", "female", "merit", "minority", "no_work"):
                style.append(("ALIGN", (i, nhead + 1), (i, -1), "CENTER"))
        if t.total is not None:
            style.append(("FONT", (0, -1), (-1, -1), f.bold, TABLE_SIZE))
        table = Table(rows, colWidths=widths, repeatRows=nhead + 1)
        table.setStyle(TableStyle(style))
        out: list[Any] = [self.p(t.title, self.table_title)]
        if t.subtitle:
            out.append(self.p(t.subtitle, self.table_sub))
        out.append(table)
        out += [self.p(n, self.note) for n in t.notes]
        return out

    def _head_rows(self, t: ReportTable) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
        cols = t.columns
        if not t.has_groups:
            return [[self.p(c.label, self.head) for c in cols]], []
        top: list[Any] = []
        bottom: list[Any] = []
        spans: list[tuple[Any, ...]] = []
        i = 0
        while i < len(cols):
            c = cols[i]
            if not c.group:
                top.append(self.p(c.label, self.head))
                bottom.append("")
                spans.append(("SPAN", (i, 0), (i, 1)))
                i += 1
                continue
            j = i
            while j + 1 < len(cols) and cols[j + 1].group == c.group:
                j += 1
            top += [self.p(c.group, self.head)] + [""] * (j - i)
            bottom += [self.p(cols[k].label, self.head) for k in range(i, j + 1)]
            if j > i:
                spans.append(("SPAN", (i, 0), (j, 0)))
            i = j + 1
        return [top, bottom], spans

    def _cell(self, value: Any, kind: Any, bold: bool) -> Any:
        text = cell_text(value, kind)
        if kind == "text" and len(text) > 12:
            return self.p(text, self.cell_bold if bold else self.cell)
        return text

    # --- charts ----------------------------------------------------------------------------
    def chart(self, ch: Chart) -> list[Any]:
        from reportlab.platypus import KeepTogether

        drawing = _drawing(ch, self.fonts, min(self.width, 250 * MM), 85 * MM)
        return [KeepTogether([self.p(ch.title, self.table_title), drawing])]


def _drawing(ch: Chart, fonts: FontNames, width: float, height: float) -> Any:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    d = Drawing(width, height)
    d.initialFontName = fonts.regular
    legend_h = 14 * ((len(ch.series) + 2) // 3)
    plot: Any = VerticalBarChart() if ch.kind == "bar" else HorizontalLineChart()
    plot.x, plot.y = 40, 28 + legend_h
    plot.width, plot.height = width - 60, height - plot.y - 10
    plot.data = [tuple(v for v in s.values) for s in ch.series] or [(0,)]
    plot.categoryAxis.categoryNames = list(ch.categories)
    many = len(ch.categories) > 8
    for axis in (plot.categoryAxis.labels, plot.valueAxis.labels):
        axis.fontName, axis.fontSize = fonts.regular, 7.5 if many else 8.5
    if many:
        plot.categoryAxis.labels.angle, plot.categoryAxis.labels.boxAnchor = 30, "ne"
    plot.valueAxis.valueMin = 0
    values = [v for s in ch.series for v in s.values if v is not None]
    top = max(values, default=0)
    plot.valueAxis.valueMax = _nice_top(top)
    plot.valueAxis.valueStep = plot.valueAxis.valueMax / 5
    for i, _s in enumerate(ch.series):
        color = colors.HexColor(PALETTE[i % len(PALETTE)])
        if ch.kind == "bar":
            plot.bars[i].fillColor = color
            plot.bars[i].strokeColor = None
        else:
            plot.lines[i].strokeColor = color
            plot.lines[i].strokeWidth = 1.6
            from reportlab.graphics.widgets.markers import makeMarker

            plot.lines[i].symbol = makeMarker("FilledCircle", size=3.5, fillColor=color, strokeColor=color)
    if ch.kind == "bar":
        plot.groupSpacing = 6
        plot.barLabels.fontName = fonts.regular
    d.add(plot)
    legend = Legend()
    legend.fontName, legend.fontSize = fonts.regular, 8.5
    legend.x, legend.y = 40, legend_h + 4
    legend.alignment = "right"
    legend.columnMaximum = 1 if len(ch.series) <= 3 else 2
    legend.deltax = 170
    legend.boxAnchor = "nw"
    legend.colorNamePairs = [
        (colors.HexColor(PALETTE[i % len(PALETTE)]), s.name) for i, s in enumerate(ch.series)
    ]
    d.add(legend)
    return d


def _nice_top(x: float) -> float:
    """A round axis maximum at or above ``x`` (1, 2, 2.5 or 5 × a power of ten), at least 1."""
    if x <= 0:
        return 1.0
    import math

    mag = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if x <= m * mag:
            return float(m * mag)
    return float(10 * mag)
