"""Decree 30/2020 (Phụ lục I) layout: page geometry, the header, signature block, "Nơi nhận",
page numbers — as lists of drawing operations that both renderers share.

Everything here is measured once and returned as *ops* (text runs and rules at positions), so
the fast per-page renderer (certificates) can put the static ops in a PDF form XObject and the
flowing renderer (decisions, lists) can wrap the same ops in a flowable. Op coordinates are
local to a block: x from the block's left edge, y negative downwards from the block's top.

Sizes (points) follow the decree's ranges; where a range is given the value chosen is noted:
national name 12 bold (12–13) · motto 13 bold (13–14) · issuing body 12 bold (12–13) ·
number 13 · place/date 13 italic (13–14) · document type and summary 14 bold · body 14 (13–14)
· signer 14 bold · "Nơi nhận:" 12 bold italic · recipients 11 · page number 13.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from povdesk.documents.fonts import SERIF, SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC, string_width
from povdesk.text import format_date_long, nfc

MM = 72.0 / 25.4
A4_PORTRAIT = (210 * MM, 297 * MM)

LEFT, CENTRE, RIGHT = 0, 1, 2

# Font sizes per element (see the module docstring).
NATIONAL_SIZE = 12.0
MOTTO_SIZE = 13.0
BODY_NAME_SIZE = 12.0
NUMBER_SIZE = 13.0
PLACE_DATE_SIZE = 13.0
TITLE_SIZE = 14.0
BODY_SIZE = 14.0
SIGN_SIZE = 14.0
RECIPIENT_LABEL_SIZE = 12.0
RECIPIENT_SIZE = 11.0
PAGE_NUMBER_SIZE = 13.0
RULE_WIDTH = 0.6
RULE_GAP = 7.0  # baseline to the rule under a header line: clear of descenders, not an underline
BODY_RULE_FRACTION = 0.4  # issuing body and summary rules: 1/3–1/2 of their text line
HEADER_LEFT_FRACTION = 0.4  # left header column ≈ 40 % of the text width (common practice)


@dataclass(frozen=True)
class PageGeometry:
    """A4 portrait with the decree's margins (top/bottom 20–25, left 30–35, right 15–20 mm)."""

    width: float = A4_PORTRAIT[0]
    height: float = A4_PORTRAIT[1]
    left: float = 30 * MM
    right: float = 15 * MM
    top: float = 20 * MM
    bottom: float = 20 * MM

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def text_top(self) -> float:
        """Page y of the top of the text area."""
        return self.height - self.top

    @property
    def left_col(self) -> float:
        """Width of the header's left column (issuing body, number)."""
        return self.text_width * HEADER_LEFT_FRACTION

    @property
    def right_centre(self) -> float:
        """x (relative to the text area) of the centre of the header's right column."""
        return self.left_col + (self.text_width - self.left_col) / 2


DECREE30 = PageGeometry()


# --- formatting ------------------------------------------------------------------------------


def number_text(number: int | None, symbol: str) -> str:
    """``Số: 05/QĐ-UBND`` — numbers below 10 get a leading zero; ``None`` leaves a gap to write in."""
    if number is None:
        return f"Số:        /{symbol}"
    return f"Số: {number:02d}/{symbol}"


def number_ref(number: int, symbol: str) -> str:
    """``05/QĐ-UBND`` as cited in running text."""
    return f"{number:02d}/{symbol}"


def place_date_text(place: str, date: dt.date | None) -> str:
    """``Minh Hòa, ngày 05 tháng 01 năm 2026``; ``None`` leaves gaps to write the date in."""
    if date is None:
        return f"{place}, ngày     tháng     năm {' ' * 8}"
    return f"{place}, {format_date_long(date)}"


def recipient_lines(items: Sequence[str]) -> list[str]:
    """``- item;`` lines, the last ending with ``.`` (Decree 30 ô 9b)."""
    clean = [nfc(i).strip().rstrip(";.").strip() for i in items if nfc(i).strip()]
    clean = [c[2:] if c.startswith("- ") else c for c in clean]
    return [f"- {c}{'.' if n == len(clean) - 1 else ';'}" for n, c in enumerate(clean)]


# --- ops -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    y: float
    text: str
    font: str
    size: float


@dataclass(frozen=True, slots=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = RULE_WIDTH


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    width: float = RULE_WIDTH


Op = Text | Rule | Box


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a per-page value goes in a block whose static ops are drawn once: centre or left
    ``x`` per ``align``, baseline ``y``, font and size."""

    x: float
    y: float
    font: str
    size: float
    align: int = CENTRE

    def op(self, text: str, dx: float = 0.0, dy: float = 0.0) -> Text:
        w = string_width(text, self.font, self.size)
        left = self.x if self.align == LEFT else self.x - w / 2 if self.align == CENTRE else self.x - w
        return Text(left + dx, self.y + dy, text, self.font, self.size)


@dataclass
class Block:
    """Ops plus the height they occupy below the block top (y = 0 at the top, negative down)."""

    ops: list[Op] = field(default_factory=list)
    height: float = 0.0
    slots: dict[str, Slot] = field(default_factory=dict)

    def text(self, x: float, y: float, s: str, font: str, size: float, align: int = LEFT) -> float:
        """Add a run at baseline ``y``; ``x`` is its left, centre or right per ``align``.

        Returns the run's width."""
        w = string_width(s, font, size)
        left = x if align == LEFT else x - w / 2 if align == CENTRE else x - w
        self.ops.append(Text(left, y, s, font, size))
        return w

    def rule(self, x1: float, y: float, x2: float, width: float = RULE_WIDTH) -> None:
        self.ops.append(Rule(x1, y, x2, y, width))

    def extend(self, other: Block, dx: float = 0.0, dy: float = 0.0) -> None:
        self.ops.extend(shift(other.ops, dx, dy))


def shift(ops: Iterable[Op], dx: float, dy: float) -> list[Op]:
    out: list[Op] = []
    for op in ops:
        if isinstance(op, Text):
            out.append(Text(op.x + dx, op.y + dy, op.text, op.font, op.size))
        elif isinstance(op, Rule):
            out.append(Rule(op.x1 + dx, op.y1 + dy, op.x2 + dx, op.y2 + dy, op.width))
        else:
            out.append(Box(op.x + dx, op.y + dy, op.w, op.h, op.width))
    return out


def draw_ops(c: Any, ops: Iterable[Op], dx: float = 0.0, dy: float = 0.0) -> None:
    """Draw ``ops`` on a reportlab canvas with the block origin at page point (dx, dy).

    Sets the font only when it changes; rules and boxes are stroked in black.
    """
    font: tuple[str, float] | None = None
    lw: float | None = None
    for op in ops:
        if isinstance(op, Text):
            if font != (op.font, op.size):
                font = (op.font, op.size)
                c.setFont(op.font, op.size)
            c.drawString(op.x + dx, op.y + dy, op.text)
        else:
            if lw != op.width:
                lw = op.width
                c.setLineWidth(op.width)
            if isinstance(op, Rule):
                c.line(op.x1 + dx, op.y1 + dy, op.x2 + dx, op.y2 + dy)
            elif isinstance(op, Box):
                c.rect(op.x + dx, op.y + dy, op.w, op.h, stroke=1, fill=0)


def dots(width: float, size: float, font: str = SERIF) -> str:
    """A row of "…" as wide as fits in ``width`` points (a line to write on by hand)."""
    return "…" * max(1, int(width // string_width("…", font, size)))


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of ``text`` to ``width`` points (a word longer than the width stays whole)."""
    words = text.split()
    lines: list[str] = []
    cur = ""
    space = string_width(" ", font, size)
    cur_w = 0.0
    for w in words:
        ww = string_width(w, font, size)
        if cur and cur_w + space + ww > width:
            lines.append(cur)
            cur, cur_w = w, ww
        else:
            cur, cur_w = (f"{cur} {w}", cur_w + space + ww) if cur else (w, ww)
    if cur:
        lines.append(cur)
    return lines or [""]


def leading(size: float) -> float:
    """Single line spacing used throughout (1.2 × size; the decree allows single to 1.5)."""
    return size * 1.2


# --- the header (ô 1–4) ----------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    """What the two-column header shows. An empty ``body`` gives the motto-only header used on
    forms a citizen files (Mẫu 01/04), centred across the text width."""

    body: tuple[str, ...] = ()
    parent: tuple[str, ...] = ()
    number: str | None = None
    place_date: str | None = None


NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def header_block(g: PageGeometry, h: Header, *, static: bool = False) -> Block:
    """The header of page 1, ``g.text_width`` wide. Rules: under the issuing body 0.4 × its
    widest line, centred; under the motto exactly the motto's width. Number and place/date
    share one baseline under the two columns.

    ``static`` leaves the number and the place/date out of the ops and only records where they
    go (``slots["number"]``, ``slots["place_date"]``) — for pages that draw them per document."""
    b = Block()
    right_c = g.right_centre if h.body else g.text_width / 2
    y = -NATIONAL_SIZE
    b.text(right_c, y, NATIONAL_NAME, SERIF_BOLD, NATIONAL_SIZE, CENTRE)
    y -= leading(MOTTO_SIZE)
    mw = b.text(right_c, y, MOTTO, SERIF_BOLD, MOTTO_SIZE, CENTRE)
    right_rule = y - RULE_GAP
    b.rule(right_c - mw / 2, right_rule, right_c + mw / 2)
    bottom = right_rule
    if h.body:
        left_c = g.left_col / 2
        ly = 0.0
        for line in h.parent:
            ly -= leading(BODY_NAME_SIZE) if ly else BODY_NAME_SIZE
            b.text(left_c, ly, line, SERIF, BODY_NAME_SIZE, CENTRE)
        widest = 0.0
        for line in h.body:
            ly -= leading(BODY_NAME_SIZE) if ly else BODY_NAME_SIZE
            widest = max(widest, b.text(left_c, ly, line, SERIF_BOLD, BODY_NAME_SIZE, CENTRE))
        left_rule = ly - RULE_GAP
        half = widest * BODY_RULE_FRACTION / 2
        b.rule(left_c - half, left_rule, left_c + half)
        bottom = min(bottom, left_rule)
    if static or h.number is not None or h.place_date is not None:
        y = bottom - 8 - NUMBER_SIZE
        b.slots["number"] = Slot(g.left_col / 2, y, SERIF, NUMBER_SIZE)
        b.slots["place_date"] = Slot(right_c, y, SERIF_ITALIC, PLACE_DATE_SIZE)
        if not static:
            if h.number is not None and h.body:
                b.ops.append(b.slots["number"].op(h.number))
            if h.place_date is not None:
                b.ops.append(b.slots["place_date"].op(h.place_date))
        bottom = y
    b.height = -bottom + 6
    return b


# --- title (ô 5a) and authority ------------------------------------------------------------------


def title_block(width: float, doc_type: str, summary: Sequence[str] = (), authority: str | None = None,
                *, size: float = TITLE_SIZE, top: float = 8.0) -> Block:  # fmt: skip
    """``QUYẾT ĐỊNH`` / summary lines (rule under them, 0.4 × the widest) / authority line,
    ``top`` points below the block's top."""
    b = Block()
    c = width / 2
    y = -size - top
    b.text(c, y, doc_type, SERIF_BOLD, size, CENTRE)
    widest = 0.0
    for line in summary:
        y -= leading(size)
        widest = max(widest, b.text(c, y, line, SERIF_BOLD, size, CENTRE))
    if summary:
        y -= RULE_GAP
        half = widest * BODY_RULE_FRACTION / 2
        b.rule(c - half, y, c + half)
    if authority:
        y -= 6 + leading(size)
        for line in wrap(authority, SERIF_BOLD, size, width):
            b.text(c, y, line, SERIF_BOLD, size, CENTRE)
            y -= leading(size)
        y += leading(size)
    b.height = -y + 8
    return b


def summary_lines(text: str, width: float, size: float = TITLE_SIZE) -> list[str]:
    """The summary (trích yếu) wrapped for a centred title: as few lines as fit 0.9 × the text
    width, balanced in length (no last line holding one word)."""
    lines = wrap(text, SERIF_BOLD, size, width * 0.9)
    if len(lines) < 2:
        return lines
    lo, hi = 0.0, width * 0.9
    for _ in range(20):  # the narrowest width that still gives the same number of lines
        mid = (lo + hi) / 2
        if len(wrap(text, SERIF_BOLD, size, mid)) <= len(lines):
            hi = mid
        else:
            lo = mid
    return wrap(text, SERIF_BOLD, size, hi)


# --- signature (ô 7) and recipients (ô 9b) ---------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    """Signing capacity lines (``("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")``), the signer's name and an
    optional italic note under the capacity (``(Ký, ghi rõ họ tên)`` on forms)."""

    capacity: tuple[str, ...]
    name: str = ""
    note: str | None = None


SIGNATURE_SPACE = 24 * MM  # room for the signature and the seal


def signature_block(g: PageGeometry, sig: Signature, recipients: Sequence[str] = (),
                    *, size: float = SIGN_SIZE, space: float = SIGNATURE_SPACE) -> Block:  # fmt: skip
    """Signature at the right (centred under the header's right column), "Nơi nhận:" at the left
    on the same baseline as the first capacity line."""
    b = Block()
    c = g.right_centre
    y = -size
    first = y
    for line in sig.capacity:
        b.text(c, y, line, SERIF_BOLD, size, CENTRE)
        y -= leading(size)
    if sig.note:
        b.text(c, y, sig.note, SERIF_ITALIC, size - 1, CENTRE)
        y -= leading(size)
    y -= space
    if sig.name:
        b.text(c, y, sig.name, SERIF_BOLD, size, CENTRE)
    bottom = y
    lines = recipient_lines(recipients)
    if lines:
        b.text(0, first, "Nơi nhận:", SERIF_BOLD_ITALIC, RECIPIENT_LABEL_SIZE)
        ry = first - leading(RECIPIENT_LABEL_SIZE)
        col = g.left_col + 10
        for line in lines:
            for part in wrap(line, SERIF, RECIPIENT_SIZE, col):
                b.text(0 if part.startswith("- ") else 6, ry, part, SERIF, RECIPIENT_SIZE)
                ry -= leading(RECIPIENT_SIZE) - 1
        bottom = min(bottom, ry)
    b.height = -bottom + 6
    return b


def page_number_ops(g: PageGeometry, n: int, from_top: float | None = None) -> list[Op]:
    """Page number ``n`` centred in the top margin (the caller skips page 1); its baseline
    ``from_top`` points below the page top (default: the middle of the margin)."""
    b = Block()
    y = g.height - (from_top if from_top is not None else g.top / 2 + PAGE_NUMBER_SIZE / 3)
    b.text(g.left + g.text_width / 2, y, str(n), SERIF, PAGE_NUMBER_SIZE, CENTRE)
    return b.ops


def copy_mark_ops(g: PageGeometry, text: str, from_top: float = 11 * MM) -> list[Op]:
    """The reprint mark ("BẢN SAO …") boxed in the top margin at the right."""
    b = Block()
    size = 10.0
    w = string_width(text, SERIF_BOLD, size)
    x = g.width - g.right - w
    y = g.height - from_top
    b.ops.append(Text(x, y, text, SERIF_BOLD, size))
    b.ops.append(Box(x - 3, y - 3.5, w + 6, size + 4, 0.8))
    return b.ops
