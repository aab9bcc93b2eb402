"""The error workbook: the refused workbook back, with every problem shown where it is.

``write_error_workbook(problems, source, out)`` writes a sheet ``Loi`` listing every problem
(sheet, row, column, value, message, with a link to the cell), then a copy of each sheet of the
source workbook (cell values; formulas become their values, merges are undone) in which each
bad cell is filled red and carries the messages as a comment. The user fixes the cells in this
copy and imports it again: the copy keeps the header rows, and the ``Loi`` sheet is ignored by
the importer like any other sheet.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Sequence
from itertools import islice
from pathlib import Path
from typing import Any

import xlsxwriter
from python_calamine import CalamineError, CalamineWorkbook

from povdesk.errors import Problem
from povdesk.excel.exporter import discard
from povdesk.excel.reader import HEADER_SEARCH_ROWS, find_header, sheet_key
from povdesk.excel.sniff import column_letter
from povdesk.fields import HOUSEHOLD_SHEET, MEMBER_SHEET

LIST_SHEET = "Loi"
_KINDS = {sheet_key(HOUSEHOLD_SHEET): HOUSEHOLD_SHEET, sheet_key(MEMBER_SHEET): MEMBER_SHEET}


def write_error_workbook(problems: Sequence[Problem], source_path: Path | str, out_path: Path | str) -> Path:
    """Write the error workbook for ``problems`` found in ``source_path`` to ``out_path``."""
    source, out = Path(source_path), Path(out_path)
    tmp = out.with_name(f".{out.stem}.tmp-{os.getpid()}.xlsx")
    book: _ErrorBook | None = None
    try:
        book = _ErrorBook(tmp)
        sheets = _source_sheets(source)
        names = [name for name, _ in sheets]
        book.columns = {(n, k): c for n, sheet in sheets for k, c in _layout_columns(n, sheet).items()}
        book.list_sheet(problems, names)
        for name, sheet in sheets:
            book.copy(name, sheet, [p for p in problems if p.sheet == name])
        book.wb.close()
        os.replace(tmp, out)
    except BaseException:
        discard(book.wb if book is not None else None, tmp)
        raise
    return out


def _source_sheets(source: Path) -> list[tuple[str, Any]]:
    try:
        wb = CalamineWorkbook.from_path(str(source))
        return [(name, wb.get_sheet_by_name(name)) for name in wb.sheet_names]
    except (CalamineError, OSError, ValueError):
        return []  # unreadable: the list of problems is all there is to show


class _ErrorBook:
    def __init__(self, path: Path) -> None:
        self.wb = xlsxwriter.Workbook(
            str(path),
            {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
             "strings_to_urls": False},
        )  # fmt: skip
        add = self.wb.add_format
        self.f_head = add({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        self.f_bad = add(
            {"bg_color": "#FFC7CE", "font_color": "#9C0006", "border": 1, "border_color": "#C00000"}
        )
        self.f_row = add({"bg_color": "#FFEB9C"})
        self.f_date = add({"num_format": "dd/mm/yyyy"})
        self.f_bad_date = add({"num_format": "dd/mm/yyyy", "bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.f_datetime = add({"num_format": "dd/mm/yyyy hh:mm"})
        self.f_wrap = add({"text_wrap": True, "valign": "top"})
        self.columns: dict[tuple[str, str], int] = {}  # (sheet, field or header text) -> column

    def list_sheet(self, problems: Sequence[Problem], names: list[str]) -> None:
        title = LIST_SHEET if LIST_SHEET not in names else f"{LIST_SHEET}_povdesk"
        sheet = self.wb.add_worksheet(title)
        heads = ("STT", "Sheet", "Dòng", "Cột", "Ô", "Giá trị", "Mức độ", "Nội dung")
        for j, h in enumerate(heads):
            sheet.write_string(0, j, h, self.f_head)
        for i, p in enumerate(problems, start=1):
            col = self._column(p)
            ref = f"{column_letter(col)}{p.row}" if col is not None and p.row else ""
            sheet.write_number(i, 0, i)
            sheet.write_string(i, 1, p.sheet or "")
            if p.row is not None:
                sheet.write_number(i, 2, p.row)
            sheet.write_string(i, 3, p.field or "")
            if ref and p.sheet in names:
                sheet.write_url(i, 4, f"internal:'{p.sheet}'!{ref}", string=ref)
            sheet.write_string(i, 5, p.value or "")
            sheet.write_string(i, 6, "Lỗi" if p.is_error else "Cảnh báo")
            sheet.write_string(i, 7, p.message, self.f_wrap)
        for j, width in enumerate((6, 12, 7, 18, 7, 20, 9, 90)):
            sheet.set_column(j, j, width)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(1, len(problems)), len(heads) - 1)
        sheet.activate()

    def _column(self, p: Problem) -> int | None:
        if p.sheet is None or p.field is None:
            return None
        return self.columns.get((p.sheet, p.field))

    def copy(self, name: str, sheet: Any, problems: list[Problem]) -> None:
        """Copy one sheet's values, marking problem cells (red + comment) and rows (yellow)."""
        out = self.wb.add_worksheet(name[:31])
        cells: dict[tuple[int, int], list[str]] = defaultdict(list)
        rows: dict[int, list[str]] = defaultdict(list)
        for p in problems:
            if p.row is None:
                continue
            col = self._column(p)
            text = ("Lỗi: " if p.is_error else "Cảnh báo: ") + p.message
            if col is None:
                rows[p.row - 1].append(text)
            else:
                cells[(p.row - 1, col)].append(text)
        start = sheet.start
        col0 = start[1] if start else 0
        width = 0
        size = {"x_scale": 2.5, "y_scale": 1.5}
        for r, row in enumerate(sheet.iter_rows() if start else ()):
            width = max(width, col0 + len(row))
            marked = r in rows
            for j, v in enumerate(row):
                c = col0 + j
                bad = (r, c) in cells
                if v == "" and not bad and not (marked and c == col0):
                    continue
                self._write(out, r, c, v, self.f_bad if bad else self.f_row if marked and c == col0 else None)
                if bad:  # constant memory: a row's comments go with the row
                    out.write_comment(r, c, "\n".join(cells[(r, c)]), size)
            if marked:
                if not row:
                    out.write_blank(r, col0, None, self.f_row)
                out.write_comment(r, col0, "\n".join(rows[r]), size)
        if width:
            out.set_column(0, width - 1, 14)

    def _write(self, out: Any, r: int, c: int, v: Any, fmt: Any) -> None:
        if isinstance(v, bool):
            out.write_boolean(r, c, v, fmt)
        elif isinstance(v, int | float):
            out.write_number(r, c, v, fmt)
        elif isinstance(v, dt.datetime):
            out.write_datetime(r, c, v, self.f_bad_date if fmt is self.f_bad else self.f_datetime)
        elif isinstance(v, dt.date):
            out.write_datetime(
                r, c, dt.datetime.combine(v, dt.time()), self.f_bad_date if fmt is self.f_bad else self.f_date
            )
        elif v == "":
            out.write_blank(r, c, None, fmt)
        else:
            out.write_string(r, c, str(v), fmt)


def _layout_columns(name: str, sheet: Any) -> dict[str, int]:
    """Field code / ignored header text → column of a Ho or ThanhVien sheet (empty if none)."""
    kind = _KINDS.get(sheet_key(name))
    start = sheet.start
    if kind is None or start is None:
        return {}
    rows = list(islice(sheet.iter_rows(), start[0], start[0] + HEADER_SEARCH_ROWS))
    layout = find_header(rows, start[0], start[1], name, kind, [])
    return {} if layout is None else {**layout.ignored, **layout.columns}
