"""The flowing renderer (reportlab platypus) for documents whose length depends on the data:
the recognition decision with its annexes, posting lists, meeting minutes, request forms.

pretix-style shape: a renderer has :meth:`stylesheet`, :meth:`page_templates`, :meth:`on_page`
and :meth:`story` (view-model → flowables); :meth:`render` builds the PDF and returns its page
count. Page numbers (Decree 30): Arabic, centred in the top margin, none on the first page of a
*section*; each annex or village list is a section numbered on its own (:class:`SectionStart`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

from reportlab.platypus import Flowable

from povdesk.documents.fonts import SERIF, binary_streams, register_fonts
from povdesk.documents.layout import (
    DECREE30,
    Block,
    PageGeometry,
    copy_mark_ops,
    draw_ops,
    page_number_ops,
)
from povdesk.documents.styles import stylesheet, table_style
from povdesk.documents.viewmodels import CopyMark, TableSpec

VM = TypeVar("VM")


class OpsFlowable(Flowable):  # type: ignore[misc]
    """A :class:`~povdesk.documents.layout.Block` as a flowable of fixed height."""

    def __init__(self, block: Block) -> None:
        super().__init__()
        self.block = block

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, self.block.height

    def draw(self) -> None:
        draw_ops(self.canv, self.block.ops, 0, self.block.height)


class SectionStart(Flowable):  # type: ignore[misc]
    """Marks the first page of a section: page numbers restart, page 1 of it unnumbered."""

    def __init__(self, renderer: FlowRenderer[Any]) -> None:
        super().__init__()
        self.renderer = renderer

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.renderer.section_first = self.canv.getPageNumber()


class FlowRenderer(Generic[VM]):
    """Base of the flowing documents. Subclasses implement :meth:`story`."""

    geometry: PageGeometry = DECREE30
    title = ""
    body_size = 14.0

    def __init__(self) -> None:
        register_fonts()
        self.section_first = 1
        self.copy_text: str | None = None

    def stylesheet(self) -> dict[str, Any]:
        return stylesheet(self.body_size)

    def page_templates(self, doc: Any) -> list[Any]:
        from reportlab.platypus import Frame, PageTemplate

        g = self.geometry
        frame = Frame(g.left, g.bottom, g.text_width, g.height - g.top - g.bottom, id="text",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
        return [PageTemplate(id="main", frames=[frame], onPageEnd=self.on_page)]

    def on_page(self, canvas: Any, doc: Any) -> None:
        """After each page: its number within the section (from 2 on), the copy mark."""
        n = canvas.getPageNumber() - self.section_first + 1
        if n > 1:
            draw_ops(canvas, page_number_ops(self.geometry, n))
        if self.copy_text:
            draw_ops(canvas, copy_mark_ops(self.geometry, self.copy_text))

    def story(self, vm: VM) -> list[Any]:
        raise NotImplementedError

    def render(self, vm: VM, out: Path | IO[bytes]) -> int:
        """Write the PDF; returns the number of pages."""
        from reportlab.platypus import BaseDocTemplate

        g = self.geometry
        self.section_first = 1
        copy = getattr(vm, "copy", None)
        self.copy_text = copy.text if isinstance(copy, CopyMark) else None
        target = str(out) if isinstance(out, Path) else out
        doc = BaseDocTemplate(target, pagesize=(g.width, g.height), leftMargin=g.left, rightMargin=g.right,
                              topMargin=g.top, bottomMargin=g.bottom, title=self.title, author="povdesk",
                              creator="povdesk", initialFontName=SERIF, initialFontSize=self.body_size)  # fmt: skip
        doc.addPageTemplates(self.page_templates(doc))
        with binary_streams():
            doc.build(self.story(vm))
        return int(doc.page)

    # --- helpers for stories ------------------------------------------------------------------

    def paragraphs(self, lines: Sequence[str], style: str) -> list[Any]:
        from reportlab.platypus import Paragraph

        s = self.stylesheet()[style]
        return [Paragraph(escape(line), s) for line in lines]

    def table(self, spec: TableSpec, *, size: float = 12, empty: str = "Không có hộ nào.",
              row_height: float | None = None) -> Any:  # fmt: skip
        """A grid table with a repeated header row; rows are never split across pages."""
        from reportlab.platypus import Paragraph, Table

        styles = self.stylesheet()
        width = self.geometry.text_width
        head = [Paragraph(escape(c.title), styles["cell_head"]) for c in spec.columns]
        body: list[list[Any]] = []
        for row in spec.rows:
            cells: list[Any] = []
            for col, text in zip(spec.columns, row, strict=True):
                cell_style = styles["cell_centre"] if col.align == "CENTER" else styles["cell"]
                cells.append(Paragraph(escape(text), cell_style) if col.wrap else text)
            body.append(cells)
        if not body:
            from reportlab.platypus import Paragraph as P

            return P(escape(empty), styles["hanging"])
        extra = [("ALIGN", (i, 1), (i, -1), c.align) for i, c in enumerate(spec.columns)]
        heights = [None, *([row_height] * len(body))] if row_height else None
        return Table([head, *body], colWidths=[c.width * width for c in spec.columns], rowHeights=heights,
                     repeatRows=1, style=table_style(1, size, extra))  # fmt: skip


def escape(text: str) -> str:
    """Text for a reportlab Paragraph (its markup is XML-like)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
