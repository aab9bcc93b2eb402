"""Export households as the interchange workbook (xlsxwriter, constant memory).

Sheets ``Ho`` and ``ThanhVien`` (field-code row, Vietnamese label row, frozen header, widths,
drop-down lists for choice and yes/no fields, IDs and codes as text, dates and money in
Vietnamese display formats) plus ``HuongDan`` (field guide and the choice lists the drop-downs
read). Sheet ``Ho`` ends with the computed columns ``phan_loai``, ``so_chi_so_thieu_hut`` and
``chi_so_thieu_hut``, which an import ignores. An exported workbook re-imports to identical data.

When two exported households share a code (different communes or years), ``ThanhVien`` also
gets ``ma_xa`` and ``nam_ra_soat`` columns so the importer can tell their members apart.

Rows are streamed from SQLite straight into xlsxwriter's constant-memory writer; the file is
written under a temporary name and renamed at the end, so a failed or cancelled export never
leaves half a workbook behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import xlsxwriter

from povdesk.db import connect
from povdesk.domain import HouseholdClass
from povdesk.errors import PovdeskError
from povdesk.excel.sniff import column_letter
from povdesk.fields import (
    COMPUTED_FIELDS,
    HOUSEHOLD_FIELDS,
    HOUSEHOLD_SHEET,
    MEMBER_FIELDS,
    MEMBER_SHEET,
    FieldSpec,
)
from povdesk.progress import CancelToken, ProgressFn, Reporter
from povdesk.records import birth_from_text
from povdesk.text import ethnicity_name

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

GUIDE_SHEET = "HuongDan"
COMPUTED_LABELS = {
    "phan_loai": "Phân loại (tự tính)",
    "so_chi_so_thieu_hut": "Số chỉ số thiếu hụt (tự tính)",
    "chi_so_thieu_hut": "Các chỉ số thiếu hụt (tự tính)",
}
EXTRA_ROWS = 1000  # drop-downs also cover this many empty rows below the data, for additions
_EPOCH = dt.date(1899, 12, 30)  # Excel's serial day 0 (dates after 1 March 1900)
_WIDTHS = {"code": 10, "text": 22, "int": 14, "number": 11, "date": 12, "birth": 12, "bool": 9,
           "list": 26, "person_id": 15, "ethnicity": 11}  # fmt: skip
_WIDE_TEXT = {"dia_chi": 30, "ghi_chu": 30, "chu_ho": 24, "ho_ten": 24, "nguyen_nhan_ngheo": 30}


@dataclass(frozen=True)
class ExportReport:
    path: Path
    households: int
    members: int


def export_workbook(
    ws: Workspace,
    path: Path | str,
    *,
    year: int | None = None,
    ma_xa: str | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> ExportReport:
    """Write every household of ``year``/``ma_xa`` (all if ``None``) to ``path``.

    Raises :class:`~povdesk.errors.Interrupted` when cancelled (no file is left behind).
    """
    path = Path(path)
    # Its own read-only connection, in one read transaction: a consistent snapshot (WAL) that
    # never holds up the workspace's writer during a long export.
    conn = connect(ws.path, readonly=True)
    try:
        conn.execute("BEGIN")
        return _export(conn, path, year, ma_xa, progress, cancel)
    finally:
        conn.close()


def _export(
    conn: sqlite3.Connection,
    path: Path,
    year: int | None,
    ma_xa: str | None,
    progress: ProgressFn | None,
    cancel: CancelToken | None,
) -> ExportReport:
    where, args = _where(year, ma_xa)
    n = conn.execute(f"SELECT count(*) FROM households h {where}", args).fetchone()[0]
    m = conn.execute(
        f"SELECT count(*) FROM members m JOIN households h ON h.id = m.household_id {where}", args
    ).fetchone()[0]
    dup = conn.execute(
        f"SELECT 1 FROM households h {where} GROUP BY ma_ho HAVING count(*) > 1 LIMIT 1", args
    ).fetchone()
    tmp = path.with_name(f".{path.stem}.tmp-{os.getpid()}.xlsx")
    rep = Reporter("Đang xuất sổ Excel", n + m, progress, cancel)
    book: _Book | None = None
    try:
        book = _Book(tmp)
        book.guide()
        book.households(conn.execute(_HOUSEHOLD_SQL.format(where=where), args), n, rep)
        book.members(conn.execute(_MEMBER_SQL.format(where=where), args), m, dup is not None, rep)
        book.close()
        rep.finish()
        _replace(tmp, path)
    except BaseException:
        discard(book.wb if book is not None else None, tmp)
        raise
    return ExportReport(path, n, m)


def discard(wb: Any, tmp: Path) -> None:
    """Throw away an unfinished workbook: closing it is what deletes xlsxwriter's temporary
    row files (constant-memory mode keeps them in the temp folder until then)."""
    if wb is not None and not wb.fileclosed:
        with contextlib.suppress(Exception):
            wb.close()
    with contextlib.suppress(OSError):
        tmp.unlink()


def _where(year: int | None, ma_xa: str | None) -> tuple[str, list[Any]]:
    conds: list[str] = []
    args: list[Any] = []
    if year is not None:
        conds.append("h.nam_ra_soat = ?")
        args.append(year)
    if ma_xa is not None:
        conds.append("h.ma_xa = ?")
        args.append(ma_xa)
    return ("WHERE " + " AND ".join(conds) if conds else ""), args


def _replace(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except PermissionError as e:
        raise PovdeskError(f"Không ghi được tệp '{path.name}' (tệp đang mở trong Excel?): {e}") from e


_H_CODES = [f.code for f in HOUSEHOLD_FIELDS]
_M_CODES = [f.code for f in MEMBER_FIELDS]
_HOUSEHOLD_SQL = (
    f"SELECT {', '.join('h.' + c for c in _H_CODES)}, c.klass, c.deprivation_count, c.deprived"
    " FROM households h LEFT JOIN classifications c ON c.household_id = h.id {where}"
    " ORDER BY h.ma_xa, h.nam_ra_soat, h.ma_ho"
)
_MEMBER_SQL = (
    f"SELECT h.ma_ho, h.ma_xa, h.nam_ra_soat, {', '.join('m.' + c for c in _M_CODES if c != 'ma_ho')}"
    " FROM members m JOIN households h ON h.id = m.household_id {where}"
    " ORDER BY h.ma_xa, h.nam_ra_soat, h.ma_ho, m.stt"
)

Writer = Callable[[int, Any], Any]


class _Book:
    def __init__(self, path: Path) -> None:
        self.wb = xlsxwriter.Workbook(
            str(path),
            {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
             "strings_to_urls": False},
        )  # fmt: skip
        add = self.wb.add_format
        self.f_code = add({"bold": True, "bg_color": "#D9E1F2", "border": 1, "font_size": 9})
        self.f_label = add({"italic": True, "text_wrap": True, "valign": "top", "bg_color": "#D9E1F2",
                            "border": 1})  # fmt: skip
        self.f_computed = add({"italic": True, "text_wrap": True, "valign": "top", "bg_color": "#E7E6E6",
                               "border": 1, "font_color": "#595959"})  # fmt: skip
        self.f_text = add({"num_format": "@"})
        self.f_date = add({"num_format": "dd/mm/yyyy"})
        self.f_money = add({"num_format": "#,##0"})
        self.f_int = add({"num_format": "0"})
        self.f_grey = add({"font_color": "#595959"})
        self.f_title = add({"bold": True, "font_size": 14})
        self.f_bold = add({"bold": True})
        self.f_wrap = add({"text_wrap": True, "valign": "top"})
        self.sheets = {
            HOUSEHOLD_SHEET: self.wb.add_worksheet(HOUSEHOLD_SHEET),
            MEMBER_SHEET: self.wb.add_worksheet(MEMBER_SHEET),
            GUIDE_SHEET: self.wb.add_worksheet(GUIDE_SHEET),
        }
        self.lists: dict[str, str] = {}  # field code -> "=HuongDan!$J$5:$J$14"
        self._dates: dict[str, int] = {}

    def close(self) -> None:
        if not self.wb.fileclosed:
            self.wb.close()

    # --- cell writers ------------------------------------------------------------------------

    def _writer(self, sheet: Any, col: int, spec: FieldSpec) -> Writer:
        """``write(row, stored_value)`` for one column (stored value → cell)."""
        s, n = sheet.write_string, sheet.write_number
        kind, code = spec.kind, spec.code
        text, money, i = self.f_text, self.f_money, self.f_int
        if kind in ("code", "person_id"):
            return lambda r, v: s(r, col, v, text)
        if kind == "date":
            date, serial = self.f_date, self._serial
            return lambda r, v: n(r, col, serial(v), date)
        if kind == "birth":
            births: dict[str, str] = {}

            def birth(r: int, v: str) -> Any:
                t = births.get(v)
                if t is None:
                    t = births[v] = str(birth_from_text(v))
                return s(r, col, t, text)

            return birth
        if kind == "bool":
            words = ("không", "có")
            return lambda r, v: s(r, col, words[v])
        if kind == "ethnicity":
            names: dict[str, str] = {}

            def ethnicity(r: int, v: str) -> Any:
                t = names.get(v)
                if t is None:
                    t = names[v] = ethnicity_name(v)
                return s(r, col, t)

            return ethnicity
        if kind == "int":
            fmt = money if code in ("thu_nhap_bq",) else i
            return lambda r, v: n(r, col, v, fmt)
        if kind == "number":
            return lambda r, v: n(r, col, v)
        return lambda r, v: s(r, col, v) if v != "" else None

    def _serial(self, iso: str) -> int:
        d = self._dates.get(iso)
        if d is None:
            d = self._dates[iso] = (dt.date.fromisoformat(iso) - _EPOCH).days
        return d

    # --- sheets ------------------------------------------------------------------------------

    def _header(self, sheet: Any, specs: Sequence[FieldSpec], extra: Sequence[tuple[str, str]] = ()) -> None:
        # constant-memory mode: every cell of a row before any cell of the next row
        cells = [(s.code, s.label, self.f_label) for s in specs] + [
            (c, lb, self.f_computed) for c, lb in extra
        ]
        for j, (code, _, _) in enumerate(cells):
            sheet.write_string(0, j, code, self.f_code)
        for j, (_, label, fmt) in enumerate(cells):
            sheet.write_string(1, j, label, fmt)
        for j, spec in enumerate(specs):
            width = _WIDE_TEXT.get(spec.code) or _choice_width(spec) or _WIDTHS.get(spec.kind, 12)
            sheet.set_column(
                j, j, width, self.f_text if spec.kind in ("code", "person_id", "birth") else None
            )
        for k, (code, _) in enumerate(extra, start=len(specs)):
            sheet.set_column(k, k, 18 if code != "so_chi_so_thieu_hut" else 10, self.f_grey)
        sheet.set_row(1, 45)
        sheet.freeze_panes(2, 1)

    def _validations(self, sheet: Any, specs: Sequence[FieldSpec], last_row: int) -> None:
        for j, spec in enumerate(specs):
            source = self.lists.get(spec.code) or self.lists.get(f"{spec.kind}:")
            if source is None or spec.kind == "list":
                continue
            sheet.data_validation(
                2, j, last_row, j,
                {"validate": "list", "source": source, "error_type": "warning",
                 "error_title": "Giá trị không có trong danh sách",
                 "error_message": f"Cột {spec.code}: hãy chọn trong danh sách (sheet {GUIDE_SHEET}).",
                 "ignore_blank": True},
            )  # fmt: skip

    def households(self, rows: Any, n: int, rep: Reporter) -> None:
        sheet = self.sheets[HOUSEHOLD_SHEET]
        specs = list(HOUSEHOLD_FIELDS)
        self._header(sheet, specs, [(c, COMPUTED_LABELS[c]) for c in COMPUTED_FIELDS])
        writers = [self._writer(sheet, j, spec) for j, spec in enumerate(specs)]
        base = len(specs)
        s, num, grey = sheet.write_string, sheet.write_number, self.f_grey
        labels = {k.value: k.label for k in HouseholdClass}
        step = rep.step
        for r, row in enumerate(rows, start=2):
            for w, v in zip(writers, row, strict=False):
                if v is not None:
                    w(r, v)
            klass, count, deprived = row[base:]
            if klass is not None:
                s(r, base, labels[klass], grey)
                num(r, base + 1, count, grey)
                if deprived:
                    s(r, base + 2, deprived, grey)
            step()
        self._validations(sheet, specs, n + 1 + EXTRA_ROWS)
        sheet.autofilter(0, 0, max(1, n + 1), base + len(COMPUTED_FIELDS) - 1)

    def members(self, rows: Any, n: int, with_keys: bool, rep: Reporter) -> None:
        sheet = self.sheets[MEMBER_SHEET]
        specs = list(MEMBER_FIELDS)
        h_specs = {f.code: f for f in HOUSEHOLD_FIELDS}
        if with_keys:  # ma_ho alone does not identify the household: add the rest of its key
            specs[1:1] = [h_specs["ma_xa"], h_specs["nam_ra_soat"]]
        self._header(sheet, specs)
        writers = [self._writer(sheet, j, spec) for j, spec in enumerate(specs)]
        step = rep.step
        for r, row in enumerate(rows, start=2):
            values = row if with_keys else (row[0], *row[3:])
            for w, v in zip(writers, values, strict=True):
                if v is not None:
                    w(r, v)
            step()
        self._validations(sheet, specs, n + 1 + EXTRA_ROWS)
        sheet.autofilter(0, 0, max(1, n + 1), len(specs) - 1)

    def guide(self) -> None:
        """Sheet HuongDan: how to fill the workbook, every field, and the choice lists.

        Built as a grid first: in constant-memory mode rows must be written in order.
        """
        grid: dict[tuple[int, int], tuple[str, Any]] = {}
        grid[(0, 0)] = ("Hướng dẫn điền sổ rà soát hộ nghèo, hộ cận nghèo (mẫu povdesk)", self.f_title)
        for i, line in enumerate(GUIDE_LINES, start=1):
            grid[(i, 0)] = (line, None)
        top = len(GUIDE_LINES) + 2
        heads = ("Sheet", "Mã cột", "Tên cột", "Kiểu", "Bắt buộc", "Giá trị hợp lệ")
        for j, h in enumerate(heads):
            grid[(top, j)] = (h, self.f_code)
        rows: list[tuple[str, ...]] = [
            (sheet_name, spec.code, spec.label, _KIND_TEXT[spec.kind], _required_text(spec),
             "; ".join(spec.choices) if spec.choices else _KIND_VALUES.get(spec.kind, ""))
            for sheet_name, specs in ((HOUSEHOLD_SHEET, HOUSEHOLD_FIELDS), (MEMBER_SHEET, MEMBER_FIELDS))
            for spec in specs
        ]  # fmt: skip
        rows += [
            (HOUSEHOLD_SHEET, c, COMPUTED_LABELS[c], "tự tính", "", _COMPUTED_TEXT[c])
            for c in COMPUTED_FIELDS
        ]
        for r, cells in enumerate(rows, start=top + 1):
            for j, v in enumerate(cells):
                grid[(r, j)] = (v, self.f_wrap if j == 5 else None)
        widths = {j: w for j, w in enumerate((10, 20, 34, 22, 18, 60))}
        self._lists(grid, widths, top)
        sheet = self.sheets[GUIDE_SHEET]
        for (r, c), (v, fmt) in sorted(grid.items()):
            sheet.write_string(r, c, v, fmt)
        for j, width in widths.items():
            sheet.set_column(j, j, width)

    def _lists(self, grid: dict[tuple[int, int], tuple[str, Any]], widths: dict[int, int], top: int) -> None:
        lists: dict[str, Sequence[str]] = {
            f.code: f.choices for f in (*HOUSEHOLD_FIELDS, *MEMBER_FIELDS) if f.choices and f.kind == "choice"
        }
        lists["bool:"] = ("có", "không")
        lists["ethnicity:"] = _ethnicity_names()
        col0 = 7
        grid[(top - 1, col0)] = ("Danh sách giá trị (dùng cho ô chọn)", self.f_bold)
        for col, (code, values) in enumerate(lists.items(), start=col0):
            grid[(top, col)] = (_LIST_TITLES.get(code, code), self.f_code)
            for i, v in enumerate(values, start=1):
                grid[(top + i, col)] = (v, None)
            widths[col] = max(12, max(len(v) for v in values) + 2)
            letter = column_letter(col)
            self.lists[code] = f"={GUIDE_SHEET}!${letter}${top + 2}:${letter}${top + 1 + len(values)}"


def _choice_width(spec: FieldSpec) -> int | None:
    return max(len(c) for c in spec.choices) + 3 if spec.kind == "choice" and spec.choices else None


def _ethnicity_names() -> list[str]:
    out = []
    for i in range(1, 56):
        with contextlib.suppress(ValueError):
            out.append(ethnicity_name(f"{i:02d}"))
    return out


def _required_text(spec: FieldSpec) -> str:
    if spec.code == "thu_nhap_bq":
        return "bắt buộc (trừ khi có điểm A)"
    if isinstance(spec.required, tuple):
        lo, hi = spec.required
        return f"bắt buộc từ {lo} tuổi" if hi >= 150 else f"bắt buộc từ {lo} đến {hi} tuổi"
    return "bắt buộc" if spec.required else ""


GUIDE_LINES = (
    "Sheet Ho: mỗi hộ một dòng. Sheet ThanhVien: mỗi thành viên một dòng, nối với hộ bằng cột ma_ho.",
    "Dòng 1 ghi mã cột (không sửa), dòng 2 ghi tên cột; dữ liệu bắt đầu từ dòng 3. Thứ tự cột có thể đổi.",
    "Có/không: ghi 'có' hoặc 'không' (cũng nhận x/để trống, 1/0). Nếu một cột có ô ghi x thì ô trống trong cột đó là 'không'.",
    "Ngày ghi dd/mm/yyyy (ví dụ 15/10/2025). Ngày sinh có thể chỉ ghi năm (1987) hoặc tháng/năm (01/1987).",
    "Số tiền ghi 1.500.000 hoặc 1500000. Mã hộ, mã xã, số định danh ghi dạng văn bản để giữ số 0 ở đầu.",
    "Mỗi hộ có đúng một thành viên là 'chủ hộ', có STT = 1 và trùng họ tên với cột chu_ho của sheet Ho.",
    "Các cột phan_loai, so_chi_so_thieu_hut, chi_so_thieu_hut do phần mềm tính; khi nhập lại sẽ được bỏ qua.",
    "Ô chọn có danh sách thả xuống; không dùng công thức và không gộp ô trong bảng dữ liệu.",
)
_KIND_TEXT = {
    "text": "văn bản", "code": "mã (văn bản)", "choice": "chọn một giá trị", "list": "danh sách, cách nhau bằng ;",
    "int": "số nguyên", "number": "số", "date": "ngày dd/mm/yyyy", "birth": "ngày sinh hoặc năm sinh",
    "bool": "có / không", "person_id": "12 chữ số (văn bản)", "ethnicity": "dân tộc",
}  # fmt: skip
_KIND_VALUES = {
    "bool": "có; không (x/trống, 1/0)",
    "ethnicity": "tên dân tộc (Kinh, Tày, Mông…) hoặc mã 2 chữ số 01–54; mặc định Kinh",
    "person_id": "12 chữ số (CMND cũ 9 số: được nhận, có cảnh báo)",
    "date": "dd/mm/yyyy",
    "birth": "dd/mm/yyyy, mm/yyyy hoặc yyyy",
}
_COMPUTED_TEXT = {
    "phan_loai": "nghèo; cận nghèo; mức sống trung bình; không nghèo",
    "so_chi_so_thieu_hut": "số chỉ số thiếu hụt",
    "chi_so_thieu_hut": "mã các chỉ số thiếu hụt, ví dụ 1.2; 2.2; 4.1",
}
_LIST_TITLES = {"bool:": "có/không", "ethnicity:": "dan_toc"}
