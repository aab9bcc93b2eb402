"""Read the two sheets of a household review workbook into parsed columns (python-calamine).

Layout rules (shared/domain/workbook-format.md): sheets ``Ho`` and ``ThanhVien`` found by name
(case- and diacritic-insensitive); in each, one header row of field codes *or* Vietnamese labels
(an exported workbook has both: codes, then labels) within the first rows; titles above it are
skipped; columns in any order; unknown columns → a warning; empty rows skipped.

Speed: the ``ThanhVien`` sheet (the big one) is loaded by calamine on a second thread with its
own workbook handle while this thread loads and parses ``Ho`` — calamine releases the GIL while
it parses XML — and formula cells are looked for on a third. Rows are converted and parsed in
chunks, so only parsed values (mostly shared objects) outlive a chunk.
"""

from __future__ import annotations

import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any, TypeVar
from xml.etree import ElementTree

from python_calamine import CalamineError, CalamineWorkbook

from povdesk.errors import Problem
from povdesk.excel.columns import Column, ColumnParser, shown
from povdesk.excel.sniff import XLSX, column_letter, formula_cells, refuse
from povdesk.fields import COMPUTED_FIELDS, FIELDS_BY_CODE, HOUSEHOLD_SHEET, MEMBER_SHEET, FieldSpec
from povdesk.progress import CancelToken, Progress, ProgressFn, Reporter
from povdesk.text import fold_choice, search_key

HEADER_SEARCH_ROWS = 50
CHUNK_ROWS = 20_000
# ThanhVien may repeat the household key's other parts to tell apart equal codes (an extension).
MEMBER_KEY_EXTRAS = ("ma_xa", "nam_ra_soat")

T = TypeVar("T")


def sheet_specs(kind: str) -> dict[str, FieldSpec]:
    """Fields recognised on a sheet (the format's, plus the optional member key extras)."""
    specs = dict(FIELDS_BY_CODE[kind])
    if kind == MEMBER_SHEET:
        for code in MEMBER_KEY_EXTRAS:
            specs[code] = FIELDS_BY_CODE[HOUSEHOLD_SHEET][code]
    return specs


def required_columns(kind: str, present: Iterable[str]) -> list[str]:
    """Columns a sheet must have: every required field (age-ranged ones too); ``thu_nhap_bq``
    may be replaced by ``diem_a``."""
    present = set(present)
    out = [c for c, s in FIELDS_BY_CODE[kind].items() if s.required and c not in present]
    if kind == HOUSEHOLD_SHEET and "thu_nhap_bq" not in present and "diem_a" not in present:
        out.append("thu_nhap_bq")
    return out


@dataclass
class Layout:
    """Where a sheet's table is: header row, first data row and each known column."""

    title: str
    kind: str
    header_row: int  # 1-based Excel row of the header
    first_data_row: int  # 1-based Excel row where data starts (after a label row, if any)
    columns: dict[str, int]  # field code -> 0-based sheet column
    ignored: dict[str, int] = field(default_factory=dict)  # unknown header text -> column

    def letter(self, code: str) -> str:
        return column_letter(self.columns[code])


@dataclass
class SheetData:
    layout: Layout
    columns: dict[str, Column]
    rows: list[int]  # 1-based Excel row of each data row

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class Book:
    """What :func:`read_book` found: the two sheets (``None`` if unusable) and every problem."""

    households: SheetData | None
    members: SheetData | None
    problems: list[Problem]

    @property
    def usable(self) -> bool:
        """Both sheets found with a usable header (cell problems are checked further)."""
        return self.households is not None and self.members is not None


def sheet_key(name: str) -> str:
    return search_key(name).replace(" ", "")


def find_sheets(names: list[str]) -> tuple[dict[str, str], list[Problem]]:
    """``{kind: sheet name}`` for Ho and ThanhVien (first match wins), and problems."""
    found: dict[str, str] = {}
    problems: list[Problem] = []
    for kind in (HOUSEHOLD_SHEET, MEMBER_SHEET):
        matches = [n for n in names if sheet_key(n) == sheet_key(kind)]
        if not matches:
            listed = ", ".join(f"'{n}'" for n in names) or "không có"
            problems.append(Problem(f"Không có sheet '{kind}' (các sheet trong tệp: {listed})", sheet=kind))
            continue
        found[kind] = matches[0]
        if len(matches) > 1:
            problems.append(
                Problem(f"Có {len(matches)} sheet tên '{kind}'; chỉ đọc sheet '{matches[0]}'",
                        sheet=matches[0], severity="warning")
            )  # fmt: skip
    return found, problems


def open_book(path: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as e:
        raise refuse(f"Không mở được tệp '{path.name}' như sổ Excel ({type(e).__name__}): {e}") from None


def read_book(
    path: Path,
    kind: str,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> Book:
    """Read and parse both sheets; never writes. Raises ``ValidationError`` for unreadable files."""
    if progress is not None:
        progress(Progress("Đang mở sổ Excel", 0, None))  # calamine's parse cannot report progress
    wb = open_book(path)
    names, problems = find_sheets(list(wb.sheet_names))
    if len(names) < 2:
        wb.close()
        return Book(None, None, problems)
    members = _Background(lambda: _load(path, names[MEMBER_SHEET]))
    formulas = _Background(lambda: _formulas(path, list(names.values()))) if kind == XLSX else None
    try:
        ho = _read(_load_from(wb, names[HOUSEHOLD_SHEET]), names[HOUSEHOLD_SHEET], HOUSEHOLD_SHEET,
                   problems, progress, cancel)  # fmt: skip
        wb.close()
        tv = _read(members.result(), names[MEMBER_SHEET], MEMBER_SHEET, problems, progress, cancel)
        if formulas is not None:
            problems += _formula_problems(formulas.result(), [s for s in (ho, tv) if s is not None])
    finally:
        members.join()
        if formulas is not None:
            formulas.join()
    return Book(ho, tv, problems)


def _formulas(path: Path, sheets: list[str]) -> dict[str, list[tuple[int, int, str]]]:
    """Formula cells, best effort: calamine has read the file, so an odd package layout here
    only means formulas cannot be pointed out (their cached values are then taken)."""
    try:
        return formula_cells(path, sheets)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}


def _load(path: Path, name: str) -> Any:
    wb = open_book(path)
    try:
        return _load_from(wb, name)
    finally:
        wb.close()


def _load_from(wb: CalamineWorkbook, name: str) -> Any:
    try:
        return wb.get_sheet_by_name(name)
    except (CalamineError, ValueError, OSError) as e:
        raise refuse(f"Sheet '{name}' bị hỏng, không đọc được ({type(e).__name__}): {e}") from None


class _Background:
    """Run ``fn`` on a daemon thread; :meth:`result` joins and re-raises its exception."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self._value: Any = None
        self._error: BaseException | None = None

        def run() -> None:
            try:
                self._value = fn()
            except BaseException as e:  # handed to the caller by result()
                self._error = e

        self._thread = threading.Thread(target=run, daemon=True, name="povdesk-excel-read")
        self._thread.start()

    def join(self) -> None:
        self._thread.join()

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def _read(
    sheet: Any,
    title: str,
    kind: str,
    problems: list[Problem],
    progress: ProgressFn | None,
    cancel: CancelToken | None,
) -> SheetData | None:
    start = sheet.start
    if start is None:
        problems.append(Problem(f"Sheet '{title}' trống", sheet=title))
        return None
    col0 = start[1]
    rows: Iterator[list[Any]] = iter(sheet.iter_rows())  # rows from sheet row 0, columns from col0
    skipped = list(islice(rows, start[0]))
    head = list(islice(rows, HEADER_SEARCH_ROWS))
    before = len(problems)
    layout = find_header(head, start[0], col0, title, kind, problems)
    if layout is None or any(p.is_error for p in problems[before:]):
        return None  # no header, a missing or doubled column: nothing below can be read right
    _check_merged(sheet, layout, problems)
    total = len(skipped) + len(head) + max(0, sheet.height - len(head))
    rest = chain(head[layout.first_data_row - 1 - start[0] :], rows)
    data = _parse_rows(rest, layout, col0, Reporter(f"Đang đọc sheet {title}", total, progress, cancel))
    for code, col in data.columns.items():
        problems += [
            Problem(msg, field=code, sheet=title, row=data.rows[i], value=shown(raw))
            for i, msg, raw in col.errors
        ]
    return data


def find_header(
    head: list[list[Any]], row0: int, col0: int, title: str, kind: str, problems: list[Problem]
) -> Layout | None:
    """Locate the header row among ``head`` (sheet rows from ``row0``) and map its columns."""
    specs = sheet_specs(kind)
    by_name = _header_names(specs)
    best, best_i = 0, -1
    for i, row in enumerate(head):
        n = len({by_name.get(_header_key(c)) for c in row} - {None, ""})
        if n > best:
            best, best_i = n, i
    if best < 2:
        codes = ", ".join(list(FIELDS_BY_CODE[kind])[:4])
        problems.append(
            Problem(f"Không tìm thấy dòng tiêu đề trong sheet '{title}': cần một dòng ghi mã cột "
                    f"({codes}…) hoặc tên cột tiếng Việt", sheet=title)
        )  # fmt: skip
        return None
    header = head[best_i]
    header_row = row0 + best_i + 1
    columns: dict[str, int] = {}
    ignored: dict[str, int] = {}
    for j, cell in enumerate(header):
        text = str(cell).strip() if cell is not None else ""
        if not text:
            continue
        code = by_name.get(_header_key(cell))
        if code == "":  # a computed column of an exported workbook: read-only, ignored
            continue
        if code is None:
            ignored[text] = col0 + j
            problems.append(
                Problem(f"Cột '{text}' (cột {column_letter(col0 + j)}) không có trong mẫu, bị bỏ qua",
                        field=text, sheet=title, row=header_row, value=text, severity="warning")
            )  # fmt: skip
            continue
        if code in columns:
            problems.append(
                Problem(f"Cột '{code}' có hai lần (cột {column_letter(columns[code])} và "
                        f"{column_letter(col0 + j)})", field=code, sheet=title, row=header_row)
            )  # fmt: skip
            continue
        columns[code] = col0 + j
    for code in required_columns(kind, columns):
        label = FIELDS_BY_CODE[kind][code].label
        problems.append(
            Problem(f"Thiếu cột bắt buộc '{code}' ({label})", field=code, sheet=title, row=header_row)
        )
    first = header_row + 1
    if best_i + 1 < len(head) and _is_label_row(head[best_i + 1], columns, col0, specs):
        first += 1
    return Layout(title, kind, header_row, first, columns, ignored)


def _header_names(specs: dict[str, FieldSpec]) -> dict[str, str]:
    """Header text key → field code ("" for the computed columns, which are ignored)."""
    out: dict[str, str] = {}
    for code in COMPUTED_FIELDS:
        out[code] = ""
    for code, spec in specs.items():
        out[fold_choice(spec.label)] = code
    for code in specs:
        out[code] = code
        out.setdefault(fold_choice(_lenient_unescape(code)), code)
    return out


def _lenient_unescape(code: str) -> str:
    """``code`` as LibreOffice reads it: it decodes ``_xa_`` in "tro_cap_xa_hoi" as the OOXML
    escape of a line break (the standard escape has four hex digits), so a workbook it saved
    carries "tro_cap⏎hoi"; accept that spelling too."""
    return re.sub(r"_x([0-9A-Fa-f]{1,4})_", lambda m: chr(int(m.group(1), 16)), code)


def _header_key(cell: Any) -> str:
    if not isinstance(cell, str):
        return ""
    return fold_choice(cell)


def _is_label_row(row: list[Any], columns: dict[str, int], col0: int, specs: dict[str, FieldSpec]) -> bool:
    """The row under the header names the same columns (labels under codes, or codes under labels)."""
    hits = sum(
        1
        for code, j in columns.items()
        if _header_key(row[j - col0]) in (fold_choice(specs[code].label), code)
    )
    return hits * 2 >= max(1, len(columns))


def _check_merged(sheet: Any, layout: Layout, problems: list[Problem]) -> None:
    """Merged cells in the table: only the first cell holds the value, so refuse them."""
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        if r1 + 1 < layout.header_row:
            continue  # titles above the header may be merged
        code = next((k for k, j in layout.columns.items() if c0 <= j <= c1), None)
        ref = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
        problems.append(
            Problem(f"Ô gộp (merge) {ref} trong bảng dữ liệu: hãy bỏ gộp ô và ghi giá trị vào từng dòng",
                    field=code, sheet=layout.title, row=r0 + 1, value=ref)
        )  # fmt: skip


def _parse_rows(rows: Iterator[list[Any]], layout: Layout, col0: int, rep: Reporter) -> SheetData:
    specs = sheet_specs(layout.kind)
    parsers = {code: ColumnParser(specs[code]) for code in layout.columns}
    index = {code: j - col0 for code, j in layout.columns.items()}
    data = SheetData(layout, {}, [])
    row_no = layout.first_data_row
    for chunk in _batched(rows, CHUNK_ROWS):
        if all(map(any, chunk)):
            keep, numbers = chunk, list(range(row_no, row_no + len(chunk)))
        else:  # drop empty rows (a row of 0 or FALSE cells is not empty)
            kept = [(n, row) for n, row in enumerate(chunk, start=row_no)
                    if any(row) or any(c != "" and c is not None for c in row)]  # fmt: skip
            keep, numbers = [row for _, row in kept], [n for n, _ in kept]
        row_no += len(chunk)
        rep.step(len(chunk))
        if not keep:
            continue
        cells = list(zip(*keep, strict=True))
        for code, parser in parsers.items():
            parser.feed(cells[index[code]])
        data.rows += numbers
    data.columns = {code: p.column for code, p in parsers.items()}
    return data


def _batched(it: Iterator[T], n: int) -> Iterator[list[T]]:
    while chunk := list(islice(it, n)):
        yield chunk


def _formula_problems(found: dict[str, list[tuple[int, int, str]]], sheets: list[SheetData]) -> list[Problem]:
    out: list[Problem] = []
    for data in sheets:
        lay = data.layout
        by_col = {j: code for code, j in lay.columns.items()}
        for r0, c0, formula in found.get(lay.title, ()):
            if r0 >= 0 and (r0 + 1 < lay.first_data_row or c0 not in by_col):
                continue  # titles, headers and ignored columns may compute what they like
            out.append(
                Problem("Ô chứa công thức: hãy sao chép rồi dán giá trị (Dán đặc biệt → Giá trị) thay cho "
                        "công thức, rồi nhập lại", field=by_col.get(c0), sheet=lay.title,
                        row=r0 + 1 if r0 >= 0 else None, value="=" + formula if formula else "=…")
            )  # fmt: skip
    return out
