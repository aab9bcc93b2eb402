"""Exporting the household review workbook: layout, formats, computed columns, round trips,
and a real spreadsheet program (LibreOffice) opening the file."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from excel_support import GOLDEN
from python_calamine import CalamineWorkbook

from povdesk.errors import Interrupted
from povdesk.excel import export_workbook, import_workbook
from povdesk.fields import HOUSEHOLD_FIELDS, MEMBER_FIELDS
from povdesk.progress import CancelToken
from povdesk.workspace import Workspace


@pytest.fixture
def filled(ws: Workspace) -> Workspace:
    import_workbook(ws, GOLDEN)
    return ws


def rows(path: Path, sheet: str) -> list[list[object]]:
    return [list(r) for r in CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).iter_rows()]


def sheet_xml(path: Path, n: int) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{n}.xml").decode()


def test_layout_codes_labels_computed_columns(filled: Workspace, tmp_path: Path) -> None:
    """Ho/ThanhVien/HuongDan; code row, label row; computed columns after the data columns."""
    r = export_workbook(filled, tmp_path / "out.xlsx")
    assert (r.households, r.members) == (3, 7)
    assert CalamineWorkbook.from_path(str(r.path)).sheet_names == ["Ho", "ThanhVien", "HuongDan"]
    ho = rows(r.path, "Ho")
    assert ho[0] == [f.code for f in HOUSEHOLD_FIELDS] + [
        "phan_loai",
        "so_chi_so_thieu_hut",
        "chi_so_thieu_hut",
    ]
    assert ho[1][: len(HOUSEHOLD_FIELDS)] == [f.label for f in HOUSEHOLD_FIELDS]
    h001 = dict(zip(ho[0], ho[2], strict=True))
    assert h001["phan_loai"] == "nghèo" and h001["so_chi_so_thieu_hut"] == 4.0
    assert h001["chi_so_thieu_hut"] == "1.2; 2.2; 4.1; 5.2"
    assert h001["thu_nhap_bq"] == 1_450_000 and h001["ngay_ra_soat"].isoformat() == "2025-10-15"  # type: ignore[attr-defined]
    tv = rows(r.path, "ThanhVien")
    assert tv[0] == [f.code for f in MEMBER_FIELDS]
    wife = dict(zip(tv[0], tv[3], strict=True))
    assert wife["so_dinh_danh"] == "001162000123" and wife["ngay_sinh"] == "05/1962"  # IDs and births as text
    assert wife["dan_toc"] == "Kinh" and wife["bhyt"] == "có"
    assert str(rows(r.path, "HuongDan")[0][0]).startswith("Hướng dẫn điền sổ rà soát")


def test_formats_frozen_header_widths_and_drop_downs(filled: Workspace, tmp_path: Path) -> None:
    """Frozen header, column widths, text format for IDs, VN number/date formats, drop-down lists."""
    path = export_workbook(filled, tmp_path / "out.xlsx").path
    ho = sheet_xml(path, 1)
    assert 'ySplit="2"' in ho and 'state="frozen"' in ho
    assert "<cols>" in ho and 'customWidth="1"' in ho
    assert re.search(r'<dataValidation type="list"[^>]*sqref="N3:N\d+"><formula1>HuongDan!\$', ho)  # tuong
    assert 'sqref="T3:T' in ho  # dung_internet (yes/no)
    with zipfile.ZipFile(path) as z:
        styles = z.read("xl/styles.xml").decode()
    assert (
        'formatCode="dd/mm/yyyy"' in styles and 'formatCode="#,##0"' in styles and 'formatCode="@"' in styles
    )
    guide = rows(path, "HuongDan")
    lists = {row[7 + j]: [r[7 + j] for r in guide[guide.index(row) + 1 :] if r[7 + j]]
             for row in guide if "tuong" in row for j in range(len(row) - 7) if row[7 + j]}  # fmt: skip
    assert lists["tuong"] == ["bền chắc", "không bền chắc"] and "Kinh" in lists["dan_toc"]


def test_export_reimports_to_identical_data(filled: Workspace, tmp_path: Path) -> None:
    """Export → import into an empty database: the same households and classifications."""
    path = export_workbook(filled, tmp_path / "out.xlsx").path
    with Workspace.open(tmp_path / "copy.sqlite") as copy:
        r = import_workbook(copy, path)
        assert (r.inserted, r.warnings) == (3, ())
        for hid in filled.households.ids():
            h = filled.households.get(hid)
            other = copy.households.require(*h.key)
            assert copy.households.get(other) == h
            assert copy.households.classification(other) == filled.households.classification(hid)
    assert import_workbook(filled, path).unchanged == 3  # and into the same database: unchanged


def test_filters_and_same_code_in_two_communes(filled: Workspace, tmp_path: Path) -> None:
    """--year/--xa select households; equal codes in two communes add ma_xa/nam_ra_soat to ThanhVien."""
    h = filled.households.get(filled.households.require("12345", "H001", 2025))
    filled.households.save(type(h)(**{**{f: getattr(h, f) for f in h.__slots__}, "ma_xa": "54321"}))
    assert export_workbook(filled, tmp_path / "one.xlsx", ma_xa="54321").households == 1
    assert export_workbook(filled, tmp_path / "none.xlsx", year=2024).households == 0
    path = export_workbook(filled, tmp_path / "all.xlsx").path
    assert rows(path, "ThanhVien")[0][:4] == ["ma_ho", "ma_xa", "nam_ra_soat", "stt"]
    with Workspace.open(tmp_path / "copy.sqlite") as copy:
        assert import_workbook(copy, path).households == 4


def test_cancelled_export_leaves_no_file(filled: Workspace, tmp_path: Path) -> None:
    """Cancel: Interrupted, and neither the target nor a temporary file is left."""
    token = CancelToken()
    token.cancel()
    with pytest.raises(Interrupted):
        export_workbook(filled, tmp_path / "out.xlsx", cancel=token)
    assert list(tmp_path.glob("*.xlsx")) == []


soffice = shutil.which("soffice") or shutil.which("libreoffice")
# CI installs libreoffice-calc-nogui (Makefile → scripts/system-deps.sh): there, a missing one fails.
needs_office = pytest.mark.skipif(
    soffice is None and not os.environ.get("CI"), reason="LibreOffice (libreoffice-calc-nogui) not installed"
)


def _convert(src: Path, target: str, out: Path) -> None:
    subprocess.run(
        [str(soffice), "--headless", "--norestore", f"-env:UserInstallation=file://{out}/profile",
         "--convert-to", target, "--outdir", str(out), str(src)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip


@needs_office
def test_libreoffice_opens_the_export_and_shows_the_values(filled: Workspace, tmp_path: Path) -> None:
    """LibreOffice converts every sheet to CSV (values as shown): the same values we exported."""
    path = export_workbook(filled, tmp_path / "out.xlsx").path
    # CSV options: comma, quote, UTF-8, from line 1, ..., save as shown, all sheets (-1)
    _convert(path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", tmp_path)
    ho = list(csv.reader(io.StringIO((tmp_path / "out-Ho.csv").read_text("utf-8"))))
    tv = list(csv.reader(io.StringIO((tmp_path / "out-ThanhVien.csv").read_text("utf-8"))))
    ours = rows(path, "Ho")
    assert ho[0] == [str(c) for c in ours[0]] and ho[1][:25] == [f.label for f in HOUSEHOLD_FIELDS]
    h001 = dict(zip(ours[0], ho[2], strict=True))
    assert h001["ma_xa"] == "12345" and h001["ngay_ra_soat"] == "15/10/2025"
    assert re.fullmatch(r"1[.,]450[.,]000", h001["thu_nhap_bq"])  # grouped by the locale
    assert (h001["phan_loai"], h001["chi_so_thieu_hut"]) == ("nghèo", "1.2; 2.2; 4.1; 5.2")
    assert h001["chu_ho"] == "Nguyễn Văn Hoà" and h001["thiet_bi_thong_tin"] == "tivi"
    assert [r[7] for r in tv[2:]] == ["", "001162000123", "014180001234", "036075009876", "", "", ""]
    assert [r[5] for r in tv[2:4]] == ["1960", "05/1962"]
    assert len(tv) == 2 + 7 and {r[0] for r in tv[2:]} == {"H001", "H002", "H003"}


@needs_office
def test_workbook_saved_by_libreoffice_reimports_identically(filled: Workspace, tmp_path: Path) -> None:
    """Open in LibreOffice, save as xlsx, import: the same households (its own xlsx writer)."""
    (tmp_path / "src").mkdir()
    path = export_workbook(filled, tmp_path / "src" / "out.xlsx").path
    _convert(path, "xlsx:Calc MS Excel 2007 XML", tmp_path)
    with Workspace.open(tmp_path / "copy.sqlite") as copy:
        r = import_workbook(copy, tmp_path / "out.xlsx")
        assert (r.inserted, r.warnings) == (3, ())  # incl. LibreOffice's reading of "tro_cap_xa_hoi"
        for hid in filled.households.ids():
            h = filled.households.get(hid)
            assert copy.households.get(copy.households.require(*h.key)) == h
