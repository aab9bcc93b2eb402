"""Mẫu 03 — Giấy chứng nhận hộ nghèo, hộ cận nghèo: one per household, drawn fast.

Page 1 (A4, Decree 30 margins): header with ``Số: 05/GCN-HN.HCN`` and the date line; title
``GIẤY CHỨNG NHẬN / HỘ NGHÈO, HỘ CẬN NGHÈO`` with its rule; the chairman's authority line; the
legal basis in italics; "CHỨNG NHẬN:"; the household (head, ethnicity, ID number, code, size,
residence) and its class; the member table; the signature block with the QR code at its left.
A household whose members do not fit continues on page 2 (numbered at the top), and the
signature then follows the last row.

Everything but the household's own text is laid out once per batch and drawn as a form
XObject (:mod:`povdesk.documents.pages`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from povdesk.documents.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, string_width
from povdesk.documents.layout import (
    CENTRE,
    LEFT,
    MM,
    Block,
    Header,
    Op,
    PageGeometry,
    Rule,
    Slot,
    Text,
    draw_ops,
    header_block,
    leading,
    shift,
    signature_block,
    title_block,
    wrap,
)
from povdesk.documents.pages import PageSeries
from povdesk.documents.qr import qr_matrix, qr_path
from povdesk.documents.styles import stylesheet
from povdesk.documents.viewmodels import CertificateBatch, CertificateEntry, MemberLine
from povdesk.domain import HouseholdClass

SIZE = 13.0  # body size on certificates (13–14): keeps a household of 8 on one page
TABLE_SIZE = 11.5
ROW_H = 16.0
QR_SIZE = 24 * MM

MEMBER_COLUMNS: tuple[tuple[str, float, int], ...] = (
    ("TT", 0.07, CENTRE),
    ("Họ và tên", 0.33, LEFT),
    ("Quan hệ với chủ hộ", 0.16, CENTRE),
    ("Giới tính", 0.1, CENTRE),
    ("Ngày sinh", 0.14, CENTRE),
    ("Số định danh cá nhân", 0.2, CENTRE),
)


def fit_size(text: str, font: str, size: float, width: float, floor: float = 7.0) -> float:
    """The largest size ≤ ``size`` (in 0.5 pt steps, not below ``floor``) at which ``text`` fits."""
    s = size
    while s > floor and string_width(text, font, s) > width:
        s -= 0.5
    return s


@dataclass
class MemberTable:
    """Column geometry of the member table; draws its header once and its rows per page."""

    x: float
    width: float
    columns: Sequence[tuple[str, float, int]] = MEMBER_COLUMNS
    edges: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        x = self.x
        self.edges = [x]
        for _, frac, _ in self.columns:
            x += frac * self.width
            self.edges.append(x)

    def header_ops(self, top: float) -> tuple[list[Op], float]:
        """Boxed header row under page y ``top``; returns ops and the row's bottom y."""
        h = 2 * leading(TABLE_SIZE) + 4
        ops: list[Op] = [
            Rule(self.edges[0], top, self.edges[-1], top),
            Rule(self.edges[0], top - h, self.edges[-1], top - h),
        ]
        ops += [Rule(e, top, e, top - h) for e in self.edges]
        b = Block()
        for i, (title, _, _) in enumerate(self.columns):
            left, right = self.edges[i], self.edges[i + 1]
            lines = wrap(title, SERIF_BOLD, TABLE_SIZE, right - left - 4)
            y = top - h / 2 + (len(lines) - 1) * leading(TABLE_SIZE) / 2 - TABLE_SIZE / 3
            for line in lines:
                b.text((left + right) / 2, y, line, SERIF_BOLD, TABLE_SIZE, CENTRE)
                y -= leading(TABLE_SIZE)
        return ops + b.ops, top - h

    def rows_ops(self, top: float, rows: Sequence[Sequence[str]]) -> tuple[list[Op], float]:
        """Rows under page y ``top`` with their grid; text shrinks to fit its cell."""
        ops: list[Op] = []
        y = top
        for row in rows:
            base = y - ROW_H + (ROW_H - TABLE_SIZE) / 2 + 1.5
            for i, text in enumerate(row):
                if not text:
                    continue
                left, right = self.edges[i], self.edges[i + 1]
                size = fit_size(text, SERIF, TABLE_SIZE, right - left - 6)
                w = string_width(text, SERIF, size)
                align = self.columns[i][2]
                x = left + 3 if align == LEFT else (left + right - w) / 2
                ops.append(Text(x, base, text, SERIF, size))
            y -= ROW_H
            ops.append(Rule(self.edges[0], y, self.edges[-1], y))
        ops += [Rule(e, top, e, y) for e in self.edges]
        return ops, y


def member_row(m: MemberLine) -> tuple[str, ...]:
    return (str(m.stt), m.name, m.relation, m.sex, m.birth, m.person_id)


@dataclass
class _Layout:
    """Page-1 geometry of one batch: static ops, the legal-basis paragraphs, where values go."""

    static: list[Op]
    signature: list[Op]  # signature block in page coordinates (static on single-page documents)
    signature_height: float
    paragraphs: list[tuple[Any, float, float]]  # (Paragraph, x, y) drawn into the form
    slots: dict[str, Slot]
    table: MemberTable
    table_top: float  # page y of the first member row (under the header row)
    rows_page1: int  # rows that fit above the signature on page 1
    rows_alone: int  # rows that fit on page 1 when the signature moves to a later page
    sig_top: float  # page y of the signature block's top on page 1
    qr_at: tuple[float, float]


class CertificateRenderer(PageSeries):
    """Writes certificates into one PDF: ``add(batch, entry)`` per household, then ``save()``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("title", "Giấy chứng nhận hộ nghèo, hộ cận nghèo")
        super().__init__(*args, **kwargs)
        self._layouts: dict[CertificateBatch, tuple[int, _Layout]] = {}

    # --- layout, once per batch -------------------------------------------------------------

    def layout(self, batch: CertificateBatch) -> _Layout:
        found = self._layouts.get(batch)
        if found is None:  # keyed by value: view-models are frozen and hashable
            found = self._layouts[batch] = (len(self._layouts), build_layout(self.g, batch))
        return found[1]

    # --- pages ----------------------------------------------------------------------------------

    def add(self, batch: CertificateBatch, entry: CertificateEntry) -> int:
        """Draw one certificate; returns its number of pages."""
        lay = self.layout(batch)
        rows = [member_row(m) for m in entry.members]
        fits = len(rows) <= lay.rows_page1
        name = f"cert{self._layouts[batch][0]}{'' if fits else 'top'}"
        c = self.c

        def draw_static(canvas: Any) -> None:
            draw_ops(canvas, lay.static)
            for para, x, y in lay.paragraphs:
                para.drawOn(canvas, x, y)
            if fits:
                draw_ops(canvas, lay.signature)

        self.use_form(name, draw_static)
        ops = self._values(lay, batch, entry)
        # Keep two rows for the signature's page, so it never stands alone.
        first = rows if fits else rows[: min(lay.rows_alone, len(rows) - 2)]
        row_ops, _ = lay.table.rows_ops(lay.table_top, first)
        draw_ops(c, ops + row_ops)
        if fits:
            self._qr(entry, *lay.qr_at)
            self.end_page(1, entry.copy.text if entry.copy else None)
            return 1
        return self._continue(lay, batch, entry, rows[len(first) :])

    def _values(self, lay: _Layout, batch: CertificateBatch, entry: CertificateEntry) -> list[Op]:
        s = lay.slots
        ops: list[Op] = [
            s["number"].op(entry.number.text()),
            s["place_date"].op(entry.number.place_date(batch.issuer.place)),
        ]
        ops += runs(
            s["head"],
            [(f"Hộ gia đình {entry.head_title.lower()}: ", SERIF), (entry.head.upper(), SERIF_BOLD)],
        )
        ops.append(s["ethnicity"].op(entry.ethnicity))
        ops.append(s["person_id"].op(entry.person_id or "……………………"))
        ops.append(s["ma_ho"].op(entry.ma_ho))
        ops.append(s["size"].op(str(len(entry.members))))
        res = s["residence"]
        width = lay.table.edges[-1] - res.x
        for i, line in enumerate(wrap(entry.residence, SERIF, SIZE, width)[:2]):
            ops.append(
                Text(res.x, res.y - i * leading(SIZE), line, SERIF, fit_size(line, SERIF, SIZE, width))
            )
        label = "HỘ NGHÈO" if entry.klass is HouseholdClass.POOR else "HỘ CẬN NGHÈO"
        ops += runs(s["class"], [("Là ", SERIF), (label, SERIF_BOLD),
                                 (f" theo kết quả rà soát hộ nghèo, hộ cận nghèo năm {batch.review_year}.", SERIF)])  # fmt: skip
        return ops

    def _qr(self, entry: CertificateEntry, x: float, y: float) -> None:
        if entry.qr:
            self.c.addLiteral(qr_path(qr_matrix(entry.qr), x, y, QR_SIZE))

    def _continue(self, lay: _Layout, batch: CertificateBatch, entry: CertificateEntry,
                  rest: list[tuple[str, ...]]) -> int:  # fmt: skip
        """Pages 2…: the remaining members, then the signature and the QR code."""
        copy = entry.copy.text if entry.copy else None
        self.end_page(1, copy)
        g, page = self.g, 1
        while True:
            page += 1
            y = g.text_top - 4
            if rest:
                b = Block()
                mid = g.left + g.text_width / 2
                b.text(mid, y - SIZE, "Danh sách thành viên của hộ (tiếp theo)", SERIF_BOLD, SIZE, CENTRE)
                ref = f"Kèm theo Giấy chứng nhận số {entry.number.text()[4:].strip()} - hộ {entry.head}"
                b.text(mid, y - SIZE - leading(SIZE), ref, SERIF_ITALIC, SIZE - 1, CENTRE)
                head, y = lay.table.header_ops(y - SIZE - 2 * leading(SIZE))
                with_sig = len(rest) <= int((y - g.bottom - lay.signature_height) // ROW_H)
                chunk = rest if with_sig else rest[: int((y - g.bottom) // ROW_H)]
                rows, y = lay.table.rows_ops(y, chunk)
                draw_ops(self.c, b.ops + head + rows)
                rest = rest[len(chunk) :]
                if not with_sig:
                    self.end_page(page, copy)
                    continue
                y -= 10
            dy = y - lay.sig_top
            draw_ops(self.c, shift(lay.signature, 0, dy))
            self._qr(entry, lay.qr_at[0], lay.qr_at[1] + dy)
            self.end_page(page, copy)
            return page


def runs(slot: Slot, parts: Sequence[tuple[str, str]]) -> list[Op]:
    """Consecutive text runs in different fonts starting at the slot's left."""
    x = slot.x
    out: list[Op] = []
    for text, font in parts:
        out.append(Text(x, slot.y, text, font, slot.size))
        x += string_width(text, font, slot.size)
    return out


def build_layout(g: PageGeometry, batch: CertificateBatch) -> _Layout:
    """Measure page 1 of this batch's certificates (static ops in page coordinates)."""
    iss = batch.issuer
    x0, tw = g.left, g.text_width
    static: list[Op] = []
    y = g.text_top
    head = header_block(g, Header(body=iss.body, parent=iss.parent), static=True)
    static += shift(head.ops, x0, y)
    slots = {k: Slot(v.x + x0, v.y + y, v.font, v.size, v.align) for k, v in head.slots.items()}
    y -= head.height + 4
    title = title_block(tw, "GIẤY CHỨNG NHẬN", ["HỘ NGHÈO, HỘ CẬN NGHÈO"], iss.authority, size=14)
    static += shift(title.ops, x0, y)
    y -= title.height
    style = stylesheet(SIZE)["can_cu"]
    from reportlab.platypus import Paragraph

    paragraphs = []
    for text in batch.legal_basis:
        p = Paragraph(text, style)
        _, h = p.wrap(tw, 1000)
        y -= h
        paragraphs.append((p, x0, y))
        y -= style.spaceAfter
    y -= 2
    b = Block()
    b.text(tw / 2, -SIZE, "CHỨNG NHẬN:", SERIF_BOLD, 14, CENTRE)
    lead = leading(SIZE) + 2
    col2 = tw * 0.5
    line = -SIZE - leading(14) - 4
    slots["head"] = Slot(x0 + 10 * MM, y + line, SERIF, SIZE, LEFT)
    line -= lead
    for x, label, key in ((10 * MM, "Dân tộc: ", "ethnicity"), (col2, "Số định danh cá nhân: ", "person_id"),
                          (10 * MM, "Mã hộ: ", "ma_ho"), (col2, "Số nhân khẩu: ", "size"),
                          (10 * MM, "Nơi thường trú: ", "residence")):  # fmt: skip
        w = b.text(x, line, label, SERIF, SIZE)
        slots[key] = Slot(x0 + x + w, y + line, SERIF_BOLD if key != "residence" else SERIF, SIZE, LEFT)
        if key in ("person_id", "size", "residence"):
            line -= lead
    line -= leading(SIZE)  # the residence may take a second line
    slots["class"] = Slot(x0 + 10 * MM, y + line, SERIF, SIZE, LEFT)
    line -= lead
    b.text(10 * MM, line, "Danh sách thành viên của hộ:", SERIF, SIZE)
    static += shift(b.ops, x0, y)
    table = MemberTable(x0, tw)
    head_ops, table_top = table.header_ops(y + line - 6)
    static += head_ops
    sig = signature_block(g, iss.signature, ())
    sig_top = g.bottom + sig.height
    signature = shift(sig.ops, x0, sig_top)
    qr_y = sig_top - sig.height + 14
    cap = Block()
    cap.text(x0 + QR_SIZE / 2, qr_y - 10, "Mã xác thực", SERIF_ITALIC, 9, CENTRE)
    signature += cap.ops
    rows_page1 = int((table_top - sig_top - 4) // ROW_H)
    rows_alone = int((table_top - g.bottom) // ROW_H)
    return _Layout(static, signature, sig.height + 4, paragraphs, slots, table, table_top, rows_page1,
                   rows_alone, sig_top, (x0, qr_y))  # fmt: skip
