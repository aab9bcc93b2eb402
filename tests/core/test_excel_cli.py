"""``povdesk import`` / ``povdesk export`` and the error workbook a refused import can write."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from excel_support import GOLDEN, golden_sheets, write_book

from povdesk.cli import main
from povdesk.excel import write_error_workbook

H_COL = {c: i for i, c in enumerate(golden_sheets()["Ho"][0])}
M_COL = {c: i for i, c in enumerate(golden_sheets()["ThanhVien"][0])}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def bad_book(tmp_path: Path) -> Path:
    sheets = golden_sheets()
    sheets["Ho"][2][H_COL["thu_nhap_bq"]] = "1,5 triệu"  # K3
    sheets["ThanhVien"][3][M_COL["gioi_tinh"]] = "gái"  # E4
    for row, text in zip(sheets["Ho"], ["ghi_chu_2", "Ghi chú 2"], strict=False):
        row.append(text)  # an unknown column: a warning
    return write_book(tmp_path / "bad.xlsx", sheets)


def test_import_json_has_exactly_the_contract_keys(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    """`import --json`: {households, members, inserted, updated, unchanged, warnings}; again: unchanged."""
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(GOLDEN), "--json")
    assert code == 0
    assert json.loads(out) == {"households": 3, "members": 7, "inserted": 3, "updated": 0, "unchanged": 0,
                               "warnings": []}  # fmt: skip
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(GOLDEN), "--json")
    assert json.loads(out)["unchanged"] == 3
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(GOLDEN))
    assert "không đổi 3" in out


def test_refused_import_lists_every_problem_with_values(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    """Exit 2; stderr lists each problem with sheet, row, column and the value found."""
    code, out, err = run(capsys, "--db", str(db_path), "import", str(bad_book(tmp_path)), "--json")
    assert code == 2 and out == ""
    assert "(2 lỗi)" in err
    assert "Lỗi: sheet Ho, dòng 3, cột thu_nhap_bq: Số không hợp lệ" in err and "[giá trị: 1,5 triệu]" in err
    assert "Lỗi: sheet ThanhVien, dòng 4, cột gioi_tinh: Giá trị 'gái' không nằm trong danh sách" in err
    assert "Cảnh báo: sheet Ho, dòng 1, cột ghi_chu_2" in err


def test_error_workbook_marks_cells_and_can_be_fixed_and_reimported(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    """--errors: sheet Loi lists the problems (linked to cells); bad cells are red with a comment;
    fixing those cells in that very file makes it import."""
    out = tmp_path / "loi.xlsx"
    code, _, err = run(capsys, "--db", str(db_path), "import", str(bad_book(tmp_path)), "--errors", str(out))
    assert code == 2 and "Đã ghi sổ đánh dấu lỗi" in err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Loi", "Ho", "ThanhVien"]
    listed = [[c.value for c in row] for row in wb["Loi"].iter_rows(min_row=2)]
    assert [(r[1], r[2], r[3], r[4], r[5], r[6]) for r in listed] == [
        ("Ho", 1, "ghi_chu_2", "Z1", "ghi_chu_2", "Cảnh báo"),
        ("Ho", 3, "thu_nhap_bq", "K3", "1,5 triệu", "Lỗi"),
        ("ThanhVien", 4, "gioi_tinh", "E4", "gái", "Lỗi"),
    ]
    assert wb["Loi"]["E3"].hyperlink.location == "'Ho'!K3"
    bad = wb["Ho"]["K3"]
    assert bad.fill.fgColor.rgb.endswith("FFC7CE") and "Số không hợp lệ" in bad.comment.text
    assert wb["Ho"]["G3"].value.date().isoformat() == "2025-10-15"  # dates stay dates
    assert wb["ThanhVien"]["H4"].value == "001162000123"  # IDs stay text
    wb["Ho"]["K3"] = 1_450_000
    wb["ThanhVien"]["E4"] = "nữ"
    wb.save(out)
    code, stdout, _ = run(capsys, "--db", str(db_path), "import", str(out), "--json")
    assert code == 0 and json.loads(stdout)["inserted"] == 3


def test_error_workbook_for_an_unreadable_file_lists_the_problem(tmp_path: Path) -> None:
    """A file that is no workbook at all: the error workbook is just the list."""
    from povdesk.errors import Problem

    src = tmp_path / "x.xlsx"
    src.write_text("không phải Excel", "utf-8")
    out = write_error_workbook([Problem("Tệp 'x.xlsx' là tệp văn bản")], src, tmp_path / "loi.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Loi"] and wb["Loi"]["H2"].value == "Tệp 'x.xlsx' là tệp văn bản"


def test_export_command(capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path) -> None:
    """`export OUT.xlsx [--year] [--xa] [--json]` writes the workbook and says how much."""
    run(capsys, "--db", str(db_path), "import", str(GOLDEN))
    code, out, _ = run(capsys, "--db", str(db_path), "export", str(tmp_path / "x.xlsx"), "--year", "2025",
                       "--xa", "12345", "--json")  # fmt: skip
    assert code == 0
    assert json.loads(out) == {"households": 3, "members": 7, "path": str(tmp_path / "x.xlsx")}
    code, out, _ = run(capsys, "--db", str(db_path), "export", str(tmp_path / "y.xlsx"))
    assert code == 0 and "Đã xuất 3 hộ, 7 thành viên" in out


def test_dry_run_command(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    """--dry-run checks and reports without writing."""
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(GOLDEN), "--dry-run")
    assert code == 0 and "Kiểm tra xong (không ghi) 3 hộ" in out
    code, out, _ = run(capsys, "--db", str(db_path), "household", "list", "--json")
    assert json.loads(out) == []
