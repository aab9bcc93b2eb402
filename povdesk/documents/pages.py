"""The fast renderer for one-page-per-household documents (certificates, escape decisions).

reportlab's flowable layout of a one-page decision runs at ≈ 30 pages/s here; a batch of 1,000
certificates would take half a minute. This renderer lays out what every page of a batch shares
**once** (header, title, legal basis, labels, signature title, border) and draws it into a PDF
form XObject that each page reuses with one ``Do`` operator; per page it only draws the
household's own text runs and its QR code. Layout is cached per batch view-model, forms per
canvas (a form belongs to one PDF file).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from povdesk.documents.fonts import SERIF, binary_streams, register_fonts
from povdesk.documents.layout import DECREE30, MM, PageGeometry, copy_mark_ops, draw_ops, page_number_ops


class PageSeries:
    """One PDF being written page by page; subclasses add their documents' pages."""

    def __init__(self, out: Path | IO[bytes], *, geometry: PageGeometry = DECREE30, title: str = "",
                 compress: bool = True) -> None:  # fmt: skip
        register_fonts()
        from reportlab.pdfgen.canvas import Canvas

        self.g = geometry
        target = str(out) if isinstance(out, Path) else out
        self.c = Canvas(target, pagesize=(geometry.width, geometry.height), initialFontName=SERIF,
                        initialFontSize=13, pageCompression=1 if compress else 0)  # fmt: skip
        self.c.setTitle(title)
        self.c.setAuthor("povdesk")
        self.c.setCreator("povdesk")
        self._forms: set[str] = set()
        self.pages = 0
        # Where the page number and the copy mark sit (points from the page top); a page with a
        # drawn border moves them inside it.
        self.number_from_top: float | None = None
        self.mark_from_top: float = 11 * MM

    def use_form(self, name: str, draw: Callable[[Any], None]) -> None:
        """Draw the form ``name`` on the current page, creating it with ``draw(canvas)`` the
        first time it is used in this file."""
        if name not in self._forms:
            self.c.beginForm(name)
            self.c.setFont(SERIF, 13)
            draw(self.c)
            self.c.endForm()
            self._forms.add(name)
        self.c.doForm(name)

    def end_page(self, page_in_document: int, copy_text: str | None = None) -> None:
        """Finish a page: page number from a document's second page on, the copy mark."""
        if page_in_document > 1:
            draw_ops(self.c, page_number_ops(self.g, page_in_document, self.number_from_top))
        if copy_text:
            draw_ops(self.c, copy_mark_ops(self.g, copy_text, self.mark_from_top))
        self.c.showPage()
        self.pages += 1

    def save(self) -> None:
        with binary_streams():
            self.c.save()
