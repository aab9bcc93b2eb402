"""Printable reports: the Excel workbook (openpyxl reads it back) and the PDF (pypdf reads it)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pypdf
import pytest
from conftest import RAW_HOUSEHOLD
from report_data import contract_commune, save

from povdesk.cli import main
from povdesk.reports.document import render_text, summary_document
from povdesk.reports.fonts import find_fonts
from povdesk.reports.plans import Plan, set_plan
from povdesk.reports.summary import build_summary
from povdesk.reports.trends import TypedTotal, set_total
from povdesk.workspace import Workspace


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("output") / "xa.sqlite"
    with Workspace.open(path) as ws:
        save(ws, contract_commune(RAW_HOUSEHOLD))
        set_plan(ws, Plan("12345", 2023, poor_reduction=4, near_poor_reduction=1))
        set_total(ws, TypedTotal("12345", 2021, 40, 7, 5))
    return path


def _rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[tuple[object, ...]]:
    return list(ws.iter_rows(values_only=True))


def test_summary_workbook_has_official_layout(db: Path, tmp_path: Path) -> None:
    """R1 sheet: header block, title, merged group headers, caption row, numeric cells, totals,
    landscape A4 with repeated header rows; R2/R3 and the plan on their own sheets."""
    out = tmp_path / "tong-hop.xlsx"
    assert main(["--db", str(db), "report", "summary", "--year", "2023", "--compare", "2022", "--by", "thon",
                 "--xa", "12345", "--out", str(out)]) == 0  # fmt: skip
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["01 Tong hop", "01b Nhan khau", "02 Dien bien ngheo", "03 Dien bien can ngheo",
                             "Ke hoach", "Ghi chu", "Bieu do"]  # fmt: skip
    ws = wb["01 Tong hop"]
    rows = _rows(ws)
    assert rows[0][0] == "ỦY BAN NHÂN DÂN" and rows[1][0] == "XÃ MINH HÒA"
    assert rows[0][3] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and rows[1][3] == "Độc lập - Tự do - Hạnh phúc"
    assert str(rows[2][3]).startswith("Minh Hòa, ngày ")
    assert rows[4][0] == "KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2023"
    captions = next(r for r in rows if r[0] == "A")
    assert captions[:9] == ("A", "B", "1", "2", "3=2/1*100", "4", "5=4/1*100", "6=2+4", "7=6/1*100")
    i = rows.index(captions)
    assert rows[i - 2][3] == "Hộ nghèo" and rows[i - 1][3:5] == ("Số hộ", "Tỷ lệ (%)")
    assert "D8:E8" in {str(m) for m in ws.merged_cells.ranges}
    north, east, _west, total = rows[i + 1 : i + 5]
    assert east[:7] == ("2", "Thôn Đông", 32, 1, 3.13, 5, 15.63)
    assert north[1:5] == ("Thôn Bắc", 0, 0, 0)
    assert total[1:7] == ("Tổng cộng", 35, 2, 5.71, 7, 20)
    east_rate, total_households = ws.cell(i + 3, 5), ws.cell(i + 5, 3)  # 1-based rows
    assert (east_rate.value, east_rate.number_format, east_rate.font.b) == (3.13, "0.00", False)
    assert (total_households.value, total_households.number_format, total_households.font.b) == (
        35,
        "#,##0",
        True,
    )
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == f"${i - 1}:${i + 1}"
    r2 = _rows(wb["02 Dien bien ngheo"])
    cap = next(r for r in r2 if r[0] == "A")
    assert cap[-1] == "9=1-2-3-4+5+6+7+8"
    assert r2[r2.index(cap) + 4][2:] == (5, 2, 1, 2, 1, 0, 1, 0, 2)  # total row
    plan = _rows(wb["Ke hoach"])
    assert next(r for r in plan if r[0] == "1")[2:7] == (5, 2, 4, 3, 75)


def test_summary_pdf_text_and_fonts(db: Path, tmp_path: Path) -> None:
    """The PDF carries the header, tables with Vietnamese numbers, the plan sentence and charts,
    in the embedded report font only (no Helvetica)."""
    out = tmp_path / "tong-hop.pdf"
    assert main(["--db", str(db), "report", "summary", "--year", "2023", "--compare", "2022", "--by", "thon",
                 "--xa", "12345", "--out", str(out)]) == 0  # fmt: skip
    reader = pypdf.PdfReader(out)
    text = "\n".join(p.extract_text() for p in reader.pages)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "XÃ MINH HÒA",
                     "KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2023", "Thôn Đông", "3,13", "15,63",
                     "9=1-2-3-4+5+6+7+", "Giảm 3/4 hộ nghèo, đạt 75,00 % kế hoạch",
                     "Tỷ lệ hộ nghèo, hộ cận nghèo theo thôn năm 2023 (%)"):  # fmt: skip
        assert expected in text, expected
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and not any("Helvetica" in f for f in fonts)
    assert all(f.split("+")[-1].startswith(find_fonts().regular.stem.split("-")[0]) for f in fonts)


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf"])
def test_full_year_end_report(db: Path, tmp_path: Path, suffix: str) -> None:
    """`report all` writes every table (R1–R8, plan, trend) and the charts."""
    out = tmp_path / f"bao-cao{suffix}"
    assert main(["--db", str(db), "report", "all", "--year", "2023", "--xa", "12345", "--out", str(out)]) == 0
    if suffix == ".xlsx":
        names = openpyxl.load_workbook(out).sheetnames
        for sheet in ("04 Thieu hut ngheo", "05 Ty le ngheo", "06 Thieu hut can ngheo", "07 Ty le can ngheo",
                      "08 Phan to", "Xu huong", "Bieu do"):  # fmt: skip
            assert sheet in names
    else:
        text = "\n".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
        assert "TỶ LỆ THIẾU HỤT CÁC CHỈ SỐ DỊCH VỤ XÃ HỘI CƠ BẢN CỦA HỘ NGHÈO NĂM 2023" in text
        assert "ĐẶC ĐIỂM HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2023" in text
        assert "DIỄN BIẾN HỘ NGHÈO, HỘ CẬN NGHÈO QUA CÁC NĂM 2021–2023" in text
        assert "Tỷ lệ hộ nghèo qua các năm (%)" in text


def test_household_list_pdf(db: Path, tmp_path: Path) -> None:
    """The R15 list renders with names and household types."""
    out = tmp_path / "ds.pdf"
    assert (
        main(["--db", str(db), "report", "list", "--year", "2023", "--kind", "near-poor", "--out", str(out)])
        == 0
    )
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    assert "DANH SÁCH HỘ CẬN NGHÈO NĂM 2023" in text and "Lê Thị Bình" in text
    assert "nghèo → cận\nnghèo" in text and "Cộng: 7 hộ, 14 người" in text


def test_unwritable_output_is_an_error_not_a_crash(capsys: pytest.CaptureFixture[str], db: Path,
                                                   tmp_path: Path) -> None:  # fmt: skip
    """A folder that does not exist: exit 1 with a Vietnamese message."""
    out = tmp_path / "khong-co" / "bc.xlsx"
    assert main(["--db", str(db), "report", "summary", "--year", "2023", "--out", str(out)]) == 1
    assert "Không ghi được tệp báo cáo" in capsys.readouterr().err


def test_document_sections_and_text_rendering(db: Path) -> None:
    """The summary document leads with the headline; text tables align numbers right."""
    with Workspace.open(db) as w:
        report = build_summary(w, 2023, compare=2022, ma_xa="12345")
        doc = summary_document(w, report)
    assert doc.issuer == ("ỦY BAN NHÂN DÂN", "XÃ MINH HÒA") and doc.place == "Minh Hòa"
    first = doc.sections[0]
    assert getattr(first, "text", "").startswith(
        "Năm 2023 (chuẩn VN-2022): 35 hộ được rà soát; 2 hộ nghèo, tỷ lệ 5,71 %"
    )
    text = render_text(report.tables()[0])
    lines = text.splitlines()
    assert lines[0] == "KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2023"
    assert any(line.startswith("1  Xã Minh Hòa  35  2       5,71") for line in lines)
