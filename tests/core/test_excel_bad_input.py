"""Bad workbooks: each is refused with exit code 2, a clear message, and the database unchanged.

The database already holds the golden households; after each refused ``povdesk import`` its
table contents (every row of every table) must be exactly as before.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msoffcrypto.format.ooxml
import pytest
from excel_support import GOLDEN, db_dump, golden_sheets, write_book

from povdesk.cli import main

H_COL = {c: i for i, c in enumerate(golden_sheets()["Ho"][0])}
M_COL = {c: i for i, c in enumerate(golden_sheets()["ThanhVien"][0])}
Sheets = dict[str, list[list[Any]]]


@pytest.fixture
def db(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["--db", str(db_path), "import", str(GOLDEN)]) == 0
    capsys.readouterr()
    return db_path


def edited(tmp_path: Path, edit: Callable[[Sheets], None], **kw: Any) -> Path:
    sheets = golden_sheets()
    edit(sheets)
    return write_book(tmp_path / "bad.xlsx", sheets, **kw)


def refuse(db: Path, book: Path, capsys: pytest.CaptureFixture[str], *expected: str) -> str:
    """Run ``povdesk import``; assert exit 2, each expected text on stderr, data unchanged."""
    before = db_dump(db)
    code = main(["--db", str(db), "import", str(book)])
    err = capsys.readouterr().err
    assert code == 2, err
    for text in expected:
        assert text in err, err
    assert db_dump(db) == before
    return err


def _drop_column(sheets: Sheets, code: str) -> None:
    j = H_COL[code]
    for row in sheets["Ho"]:
        del row[j]


def _set(sheet: str, row: int, code: str, value: Any) -> Callable[[Sheets], None]:
    col = (H_COL if sheet == "Ho" else M_COL)[code]

    def edit(sheets: Sheets) -> None:
        sheets[sheet][row - 1][col] = value

    return edit


CELL_CASES = {
    "missing sheet": (lambda s: s.pop("ThanhVien"), ["Không có sheet 'ThanhVien'"]),
    "missing required column": (lambda s: _drop_column(s, "thon"), ["Thiếu cột bắt buộc 'thon'"]),
    "header not found": (
        lambda s: s["Ho"].__setitem__(0, ["cột 1", "cột 2"]) or s["Ho"].__setitem__(1, ["a", "b"]),
        ["Không tìm thấy dòng tiêu đề trong sheet 'Ho'"],
    ),
    "wrong type": (_set("Ho", 3, "thu_nhap_bq", "một triệu"), ["dòng 3, cột thu_nhap_bq", "Số không hợp lệ"]),
    "unknown choice": (_set("Ho", 4, "nguon_nuoc", "nước giếng"), ["dòng 4, cột nguon_nuoc", "không nằm trong danh sách"]),
    "two heads": (_set("ThanhVien", 4, "quan_he", "chủ hộ"), ["Hộ phải có đúng một chủ hộ (có 2)"]),
    "member of unknown household": (_set("ThanhVien", 5, "ma_ho", "H404"), ["Mã hộ 'H404' không có trong sheet Ho"]),
    "duplicate household": (lambda s: s["Ho"].append(list(s["Ho"][2])), ["Hộ trùng với hộ ở dòng"]),
    "year with no rule set": (_set("Ho", 3, "nam_ra_soat", 2019), ["dòng 3, cột nam_ra_soat", "2019"]),
    "no household at all": (lambda s: s.__setitem__("Ho", s["Ho"][:2]), ["Sheet không có hộ nào"]),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CELL_CASES))
def test_bad_content_is_refused(
    case: str, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each kind of bad content: exit 2, a message naming the place, nothing changed."""
    edit, expected = CELL_CASES[case]
    refuse(db, edited(tmp_path, edit), capsys, *expected)


def test_formula_cells_are_refused(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A formula in the data (even with a cached value) is refused, naming the cell."""
    book = edited(
        tmp_path, _set("Ho", 3, "thu_nhap_bq", None), formulas=[("Ho", "K3", "=1000*1450", 1_450_000)]
    )
    refuse(db, book, capsys, "dòng 3, cột thu_nhap_bq", "Ô chứa công thức", "=1000*1450")


def test_merged_cells_are_refused(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Merged cells in the table (a village merged over two households) are refused."""
    book = edited(tmp_path, lambda s: None, merges=[("Ho", "D3:D4")])
    refuse(db, book, capsys, "Ô gộp (merge) D3:D4", "bỏ gộp ô")


def test_empty_file(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 0-byte file."""
    (tmp_path / "empty.xlsx").write_bytes(b"")
    refuse(db, tmp_path / "empty.xlsx", capsys, "rỗng (0 byte)")


def test_renamed_csv(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A CSV file renamed to .xlsx."""
    (tmp_path / "ho.xlsx").write_text("ma_ho,ma_xa,thon\nH001,12345,Thôn Đông\n", "utf-8")
    refuse(db, tmp_path / "ho.xlsx", capsys, "tệp văn bản (CSV", "lưu dưới dạng")


def test_zip_of_junk(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A zip archive that is not a workbook."""
    with zipfile.ZipFile(tmp_path / "junk.xlsx", "w") as z:
        z.writestr("readme.txt", "không phải Excel")
        z.writestr("data/random.bin", bytes(range(256)) * 40)
    refuse(db, tmp_path / "junk.xlsx", capsys, "tệp nén (.zip) nhưng không phải sổ Excel")


def test_password_protected(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A workbook encrypted with an opening password (as Excel does it)."""
    out = io.BytesIO()
    with GOLDEN.open("rb") as f:
        msoffcrypto.format.ooxml.OOXMLFile(f).encrypt("matkhau", out)
    (tmp_path / "locked.xlsx").write_bytes(out.getvalue())
    refuse(db, tmp_path / "locked.xlsx", capsys, "đặt mật khẩu mở")


def test_truncated_file(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A download that stopped half way."""
    data = GOLDEN.read_bytes()
    (tmp_path / "half.xlsx").write_bytes(data[: len(data) // 2])
    refuse(db, tmp_path / "half.xlsx", capsys, "bị hỏng hoặc không đầy đủ")


def test_corrupted_sheet_inside_a_valid_zip(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The zip is fine but the sheet's XML is cut short."""
    with zipfile.ZipFile(GOLDEN) as src, zipfile.ZipFile(tmp_path / "cut.xlsx", "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 2] if item.filename.endswith("sheet1.xml") else data)
    refuse(db, tmp_path / "cut.xlsx", capsys, "không có gì được nhập")


def test_fifty_megabytes_of_blank_cells(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A sheet Ho of 50 MB of formatted blank cells (a whole column range formatted): refused fast."""
    book = _blank_sheet_book(tmp_path / "blank.xlsx", megabytes=50)
    refuse(db, book, capsys, "Sheet 'Ho' trống")


def _blank_sheet_book(path: Path, megabytes: int) -> Path:
    """The golden workbook with sheet1 (Ho) replaced by ``megabytes`` of styled empty cells."""
    cols = [chr(65 + i) for i in range(20)]
    rows = []
    size, r = 0, 0
    while size < megabytes << 20:
        r += 1
        row = f'<row r="{r}">' + "".join(f'<c r="{c}{r}" s="0"/>' for c in cols) + "</row>"
        rows.append(row)
        size += len(row)
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(rows)
        + "</sheetData></worksheet>"
    )
    with (
        zipfile.ZipFile(GOLDEN) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst,
    ):
        for item in src.infolist():
            dst.writestr(item.filename, xml if item.filename.endswith("sheet1.xml") else src.read(item))
    return path
