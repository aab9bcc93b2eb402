"""Paragraph and table styles of the documents (Decree 30 sizes; see :mod:`layout`).

Body text: 14 pt, justified, first-line indent 1 cm, 6 pt after each paragraph, single spacing
(1.2). Every table style starts with a FONT entry for all cells — without it reportlab puts
Helvetica (not embedded) on every page that has a table.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from povdesk.documents.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from povdesk.documents.layout import BODY_SIZE, MM

INDENT = 10 * MM  # first-line indent: 1 cm
PARA_SPACE = 6.0


@lru_cache(maxsize=4)
def stylesheet(body_size: float = BODY_SIZE) -> dict[str, Any]:
    """Named paragraph styles at the given body size (14 for decisions, 13 on certificates)."""
    register_fonts()
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    lead = body_size * 1.2
    body = ParagraphStyle("body", fontName=SERIF, fontSize=body_size, leading=lead, alignment=TA_JUSTIFY,
                          firstLineIndent=INDENT, spaceAfter=PARA_SPACE)  # fmt: skip
    s: dict[str, Any] = {"body": body}
    s["body_tight"] = ParagraphStyle("body_tight", parent=body, spaceAfter=1)  # items of one list
    s["can_cu"] = ParagraphStyle("can_cu", parent=body, fontName=SERIF_ITALIC, spaceAfter=3)
    s["plain"] = ParagraphStyle("plain", parent=body, firstLineIndent=0, alignment=TA_LEFT)
    s["hanging"] = ParagraphStyle("hanging", parent=body, firstLineIndent=0, leftIndent=INDENT)
    s["right"] = ParagraphStyle("right", parent=body, firstLineIndent=0, alignment=TA_RIGHT)
    s["centre"] = ParagraphStyle("centre", parent=body, firstLineIndent=0, alignment=TA_CENTER)
    s["centre_bold"] = ParagraphStyle("centre_bold", parent=s["centre"], fontName=SERIF_BOLD)
    s["centre_italic"] = ParagraphStyle("centre_italic", parent=s["centre"], fontName=SERIF_ITALIC)
    s["section"] = ParagraphStyle("section", parent=s["plain"], fontName=SERIF_BOLD, spaceBefore=4)
    s["annex_label"] = ParagraphStyle("annex_label", parent=s["centre_bold"], fontSize=14, leading=16.8,
                                      spaceAfter=2)  # fmt: skip
    s["annex_title"] = ParagraphStyle("annex_title", parent=s["centre_bold"], fontSize=14, leading=16.8,
                                      spaceAfter=2)  # fmt: skip
    s["annex_caption"] = ParagraphStyle("annex_caption", parent=s["centre_italic"], fontSize=14, leading=16.8,
                                        spaceAfter=10)  # fmt: skip
    s["small_italic"] = ParagraphStyle("small_italic", parent=s["plain"], fontName=SERIF_ITALIC, fontSize=11,
                                       leading=13.2, spaceAfter=0)  # fmt: skip
    for name, font, align in (("cell", SERIF, TA_LEFT), ("cell_centre", SERIF, TA_CENTER),
                              ("cell_head", SERIF_BOLD, TA_CENTER)):  # fmt: skip
        s[name] = ParagraphStyle(name, fontName=font, fontSize=12, leading=14, alignment=align)
    return s


def table_style(header_rows: int = 1, size: float = 12, extra: list[tuple[Any, ...]] | None = None) -> Any:
    """Grid table: FONT for every cell first, bold header rows, vertically centred cells."""
    from reportlab.platypus import TableStyle

    cmds: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), SERIF, size, size * 1.17),
        ("FONT", (0, 0), (-1, header_rows - 1), SERIF_BOLD, size, size * 1.17),
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    return TableStyle(cmds + (extra or []))
