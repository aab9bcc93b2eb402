"""The per-household escape-from-poverty decision, laid out as a certificate worth keeping.

Legal content of a decision (Decree 30 header, number ``Số: 12/QĐ-UBND``, title, authority, the
legal basis, "QUYẾT ĐỊNH:", three articles naming the household and its members, "Nơi nhận",
signature) inside a drawn decorative border, with the household head's name large and the
commune and year prominent; one page per household, in batches.

The border, header, legal basis, articles 2–3 and signature title are laid out once per batch
(and per kind: thoát nghèo / thoát cận nghèo) and drawn as a form XObject; per page only the
number, date, the household block, the member list and the QR code are drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from povdesk.documents.build import escape_legal_basis
from povdesk.documents.certificate import fit_size, runs
from povdesk.documents.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC
from povdesk.documents.layout import (
    CENTRE,
    LEFT,
    MM,
    Block,
    Header,
    Op,
    PageGeometry,
    Slot,
    draw_ops,
    header_block,
    leading,
    shift,
    signature_block,
    summary_lines,
    title_block,
)
from povdesk.documents.pages import PageSeries
from povdesk.documents.qr import qr_matrix, qr_path
from povdesk.documents.styles import stylesheet
from povdesk.documents.viewmodels import EscapeBatch, EscapeEntry, Issuer, MemberLine
from povdesk.domain import HouseholdClass

# Inside the border: margins still within Decree 30's ranges (top/bottom 20–25, left 30–35,
# right 15–20 mm).
GEOMETRY = PageGeometry(left=30 * MM, right=20 * MM, top=22 * MM, bottom=20 * MM)
SIZE = 13.0
NAME_SIZE = 24.0
MEMBER_BOX = 84.0  # points reserved for the member list
QR_SIZE = 21 * MM
QR_X = 34 * MM  # from the text's left edge: right of the recipients, left of the signature
BORDER_COLOUR = (0.55, 0.1, 0.1)  # dark red; prints as dark grey in black and white


@dataclass
class _Layout:
    top: list[Op]  # header to "Các thành viên của hộ:" (page coordinates)
    top_paragraphs: list[tuple[Any, float, float]]
    bottom: list[Op]  # articles 2–3, "Nơi nhận", signature — laid out with its top at page y 0 + REF
    bottom_paragraphs: list[tuple[Any, float, float]]
    bottom_height: float
    slots: dict[str, Slot]
    members_top: float
    qr_at: tuple[float, float]  # in the bottom block's coordinates


REF = 400.0  # page y at which the bottom block is laid out (inside the form's page-sized box)


class EscapeRenderer(PageSeries):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("title", "Quyết định công nhận hộ thoát nghèo, hộ thoát cận nghèo")
        kwargs.setdefault("geometry", GEOMETRY)
        super().__init__(*args, **kwargs)
        self.number_from_top = self.mark_from_top = 20.5 * MM  # inside the border
        self._layouts: dict[tuple[EscapeBatch, bool, tuple[str, ...]], tuple[int, _Layout]] = {}

    def add(self, batch: EscapeBatch, entry: EscapeEntry) -> int:
        basis = escape_legal_basis(batch, entry)
        key = (batch, entry.escaped_poverty, basis)  # by value: view-models are frozen
        found = self._layouts.get(key)
        if found is None:
            found = self._layouts[key] = (
                len(self._layouts),
                build_layout(self.g, batch, entry.escaped_poverty, basis),
            )
        n, lay = found
        c = self.c

        def draw_top(canvas: Any) -> None:
            draw_ops(canvas, lay.top)
            for para, x, y in lay.top_paragraphs:
                para.drawOn(canvas, x, y)

        def draw_bottom(canvas: Any) -> None:
            draw_ops(canvas, lay.bottom)
            for para, x, y in lay.bottom_paragraphs:
                para.drawOn(canvas, x, y)

        g, copy = self.g, (entry.copy.text if entry.copy else None)
        self.use_form("escBorder", lambda canvas: draw_border(canvas, g))
        self.use_form(f"escTop{n}", draw_top)
        room = lay.members_top - g.bottom - lay.bottom_height - 6
        members, bottom, drawn = member_ops(g, lay.members_top, entry.members, room)
        page = 1
        if drawn < len(entry.members):  # a very large household: the list continues overleaf
            _, _, fits = member_ops(g, lay.members_top, entry.members, lay.members_top - g.bottom)
            first = entry.members[: min(fits, len(entry.members) - 4)]  # a few go with the signature
            members, _, _ = member_ops(g, lay.members_top, first, lay.members_top - g.bottom)
            draw_ops(c, self._values(lay, batch, entry) + members)
            self.end_page(1, copy)
            page = 2
            self.use_form("escBorder", lambda canvas: draw_border(canvas, g))
            top = g.text_top - 10
            b = Block()
            b.text(g.left + 10 * MM, top - SIZE, "Các thành viên của hộ (tiếp theo):", SERIF, SIZE)
            members, bottom, _ = member_ops(g, top - leading(SIZE) - 4, entry.members[len(first) :],
                                            top - g.bottom - lay.bottom_height - 30)  # fmt: skip
            draw_ops(c, b.ops + members)
        else:
            draw_ops(c, self._values(lay, batch, entry) + members)
        c.saveState()
        c.translate(0, bottom - 6 - REF)
        self.use_form(f"escBottom{n}", draw_bottom)
        if entry.qr:
            c.addLiteral(qr_path(qr_matrix(entry.qr), *lay.qr_at, QR_SIZE))
        c.restoreState()
        self.end_page(page, copy)
        return page

    def _values(self, lay: _Layout, batch: EscapeBatch, entry: EscapeEntry) -> list[Op]:
        s, g = lay.slots, self.g
        ops: list[Op] = [s["number"].op(entry.number.text()),
                         s["place_date"].op(entry.number.place_date(batch.issuer.place))]  # fmt: skip
        ops.append(s["title"].op(f"Hộ gia đình {entry.head_title.lower()}"))
        name = entry.head.upper()
        size = fit_size(name, SERIF_BOLD, NAME_SIZE, g.text_width - 10)
        ops.append(Slot(s["name"].x, s["name"].y, SERIF_BOLD, size).op(name))
        where = f"{entry.residence} - Mã hộ: {entry.ma_ho} - Số nhân khẩu: {len(entry.members)}"
        size = fit_size(where, SERIF, SIZE, g.text_width)
        ops.append(Slot(s["where"].x, s["where"].y, SERIF, size).op(where))
        ops += runs(s["result"], [("Kết quả rà soát năm " + str(batch.review_year) + ": ", SERIF),
                                  (_result(entry), SERIF_BOLD)])  # fmt: skip
        return ops


def _result(entry: EscapeEntry) -> str:
    """``thoát nghèo, là hộ cận nghèo.`` / ``thoát cận nghèo, là hộ có mức sống trung bình.`` /
    ``thoát nghèo.`` (now above every line)."""
    what = "thoát nghèo" if entry.escaped_poverty else "thoát cận nghèo"
    if entry.now is HouseholdClass.NEAR_POOR:
        return f"{what}, là hộ cận nghèo."
    if entry.now is HouseholdClass.AVERAGE:
        return f"{what}, là hộ có mức sống trung bình."
    return f"{what}."


MIN_LEAD = 8.4  # members at 7 pt before the list continues on a second page


def member_ops(g: PageGeometry, top: float, members: tuple[MemberLine, ...],
               room: float) -> tuple[list[Op], float, int]:  # fmt: skip
    """Members as ``1. Nguyễn Văn Hòa (1960) - chủ hộ`` in 1–4 columns, line spacing shrunk
    to fit ``room`` points (not below :data:`MIN_LEAD`); returns the ops, the list's bottom y
    and how many members fitted."""
    n = len(members)
    cols = 1 if n <= 3 else 2 if n <= 10 else 3 if n <= 24 else 4
    rows = max(1, math.ceil(n / cols))
    lead = max(MIN_LEAD, min(leading(12), room / rows))
    rows = min(rows, max(1, int(room // lead)))
    size = min(12.0, lead / 1.2)
    col_w = (g.text_width - 10 * MM) / cols
    b = Block()
    shown = members[: rows * cols]
    for i, m in enumerate(shown):
        col, row = divmod(i, rows)
        text = f"{m.stt}. {m.name} ({m.birth[-4:]}) - {m.relation.lower()}"
        x = g.left + 10 * MM + col * col_w
        b.text(x, top - size - row * lead, text, SERIF, fit_size(text, SERIF, size, col_w - 6), LEFT)
    used = min(rows, len(shown))
    return b.ops, top - used * lead, len(shown)


def draw_border(c: Any, g: PageGeometry) -> None:
    """Double frame with a band of small lozenges and corner rosettes (vector, drawn once)."""
    c.saveState()
    c.setStrokeColorRGB(*BORDER_COLOUR)
    c.setFillColorRGB(*BORDER_COLOUR)
    outer, band = 9 * MM, 4.5 * MM
    w, h = g.width, g.height
    c.setLineWidth(2.2)
    c.rect(outer, outer, w - 2 * outer, h - 2 * outer)
    c.setLineWidth(0.6)
    c.rect(outer + 1.6 * MM, outer + 1.6 * MM, w - 2 * outer - 3.2 * MM, h - 2 * outer - 3.2 * MM)
    inner = outer + band + 1.6 * MM
    c.setLineWidth(0.9)
    c.rect(inner, inner, w - 2 * inner, h - 2 * inner)
    mid = outer + 1.6 * MM + band / 2
    step, r = 5 * MM, 1.2 * MM
    p = c.beginPath()
    for x0, y0, x1, y1 in ((mid, mid, w - mid, mid), (mid, h - mid, w - mid, h - mid),
                           (mid, mid, mid, h - mid), (w - mid, mid, w - mid, h - mid)):  # fmt: skip
        length = math.hypot(x1 - x0, y1 - y0)
        count = int(length // step)
        for k in range(2, count - 1):
            t = (k * step + (length - count * step) / 2) / length
            x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
            p.moveTo(x - r, y)
            p.lineTo(x, y + r)
            p.lineTo(x + r, y)
            p.lineTo(x, y - r)
            p.close()
    c.drawPath(p, stroke=0, fill=1)
    for cx, cy in ((mid, mid), (w - mid, mid), (mid, h - mid), (w - mid, h - mid)):
        c.circle(cx, cy, 2.6 * MM, stroke=1, fill=0)
        c.circle(cx, cy, 1.3 * MM, stroke=0, fill=1)
    c.restoreState()


def build_layout(g: PageGeometry, batch: EscapeBatch, poverty: bool, basis: tuple[str, ...]) -> _Layout:
    iss = batch.issuer
    x0, tw = g.left, g.text_width
    mid = x0 + tw / 2
    top: list[Op] = []
    y = g.text_top
    head = header_block(g, Header(body=iss.body, parent=iss.parent), static=True)
    top += shift(head.ops, x0, y)
    slots = {k: Slot(v.x + x0, v.y + y, v.font, v.size, v.align) for k, v in head.slots.items()}
    y -= head.height
    what = "hộ thoát nghèo" if poverty else "hộ thoát cận nghèo"
    summary = summary_lines(f"Về việc công nhận {what} năm {batch.review_year} trên địa bàn {iss.unit}", tw)
    title = title_block(tw, "QUYẾT ĐỊNH", summary, iss.authority, size=14)
    top += shift(title.ops, x0, y)
    y -= title.height
    from reportlab.platypus import Paragraph

    style = stylesheet(SIZE)
    top_paragraphs = []
    for text in basis:
        p = Paragraph(text, style["can_cu"])
        _, h = p.wrap(tw, 1000)
        y -= h
        top_paragraphs.append((p, x0, y))
        y -= style["can_cu"].spaceAfter
    b = Block()
    line = -SIZE - 2
    b.text(tw / 2, line, "QUYẾT ĐỊNH:", SERIF_BOLD, 14, CENTRE)
    line -= leading(14) + 4
    w = b.text(10 * MM, line, "Điều 1. ", SERIF_BOLD, SIZE)
    b.text(10 * MM + w, line, f"Công nhận hộ gia đình có tên dưới đây đã {what[3:]} năm {batch.review_year}:",
           SERIF, SIZE)  # fmt: skip
    top += shift(b.ops, x0, y)
    y += line
    slots["title"] = Slot(mid, y - leading(SIZE) - 2, SERIF_ITALIC, SIZE)
    slots["name"] = Slot(mid, y - leading(SIZE) - NAME_SIZE - 4, SERIF_BOLD, NAME_SIZE)
    y -= leading(SIZE) + NAME_SIZE + 8
    slots["where"] = Slot(mid, y - SIZE, SERIF, SIZE)
    y -= SIZE + leading(SIZE) + 4
    slots["result"] = Slot(x0 + 10 * MM, y, SERIF, SIZE, LEFT)
    y -= leading(SIZE)
    m = Block()
    m.text(10 * MM, 0, "Các thành viên của hộ:", SERIF, SIZE)
    top += shift(m.ops, x0, y)
    members_top = y - 4
    bottom, bottom_paragraphs, height, qr_at = _bottom(g, iss, style)
    return _Layout(top, top_paragraphs, bottom, bottom_paragraphs, height, slots, members_top, qr_at)


def _bottom(
    g: PageGeometry, iss: Issuer, style: dict[str, Any]
) -> tuple[list[Op], list[Any], float, tuple[float, float]]:
    """Articles 2–3, "Nơi nhận" and the signature, laid out from page y :data:`REF` down; returns
    ops, paragraphs, height and where the QR code goes (under "Nơi nhận")."""
    from reportlab.platypus import Paragraph

    x0, tw = g.left, g.text_width
    y = REF
    paragraphs = []
    who = iss.executors.split(", Trưởng")[0]
    for art, text in (("Điều 2. ", "Quyết định này có hiệu lực kể từ ngày ký."),
                      ("Điều 3. ", f"{who}, Trưởng thôn, tổ dân phố nơi hộ cư trú và hộ gia đình có tên tại "
                                   "Điều 1 chịu trách nhiệm thi hành Quyết định này./.")):  # fmt: skip
        p = Paragraph(f"<b>{art}</b>{text}", style["body"])
        _, h = p.wrap(tw, 1000)
        y -= h
        paragraphs.append((p, x0, y))
        y -= 2
    sig = signature_block(g, iss.signature, ["Như Điều 3", "Lưu: VT"], size=SIZE, space=20 * MM)
    ops = shift(sig.ops, x0, y)
    # The QR code stands between "Nơi nhận" (short here) and the signature, its top level with
    # the signer's title, so the block is no taller than the signature.
    qr_x, qr_y = x0 + QR_X, y - QR_SIZE - 2
    cap = Block()
    cap.text(qr_x + QR_SIZE / 2, qr_y - 9, "Mã xác thực", SERIF_ITALIC, 9, CENTRE)
    ops += cap.ops
    bottom = min(y - sig.height, qr_y - 12)
    return ops, paragraphs, REF - bottom, (qr_x, qr_y)
