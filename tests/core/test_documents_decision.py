"""The recognition decision (Mẫu 02) and the per-household escape decision, read from the PDF."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from doc_helpers import (
    A4,
    DATE,
    MM,
    fonts,
    is_nfc,
    pages,
    phrase,
    populate,
    raw,
    scan_qr,
    squash,
    text,
    words,
)

from povdesk.documents import jobs
from povdesk.documents.settings import CommuneSettings
from povdesk.documents.verify import verify_qr
from povdesk.validation import household_from_raw
from povdesk.workspace import Workspace


@pytest.fixture
def docs_ws(ws: Workspace, raw_household: dict[str, Any]) -> Workspace:
    populate(ws, raw_household)
    return ws


@pytest.fixture
def decision(docs_ws: Workspace, tmp_path: Path) -> Path:
    return jobs.print_decision(docs_ws, tmp_path / "qd.pdf", year=2025, commune="12345", date=DATE).files[0]


def test_decision_text(decision: Path) -> None:
    """Title, authority, legal basis for a 2026 issue date, the four counts, articles, signature."""
    page = text(decision)
    assert is_nfc(page)
    flat = squash(page)
    for expected in (
        "Số: 01/QĐ-UBND",
        "QUYẾT ĐỊNH Về việc công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát nghèo, hộ thoát "
        "cận nghèo năm 2025 trên địa bàn xã Minh Hòa",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MINH HÒA",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Quyết định số 24/2021/QĐ-TTg ngày 16 tháng 7 năm 2021",
        "Theo đề nghị của Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo xã.",
        "QUYẾT ĐỊNH:",
        "1. Hộ nghèo: 2 hộ, 18 nhân khẩu (chi tiết tại Phụ lục I);",
        "2. Hộ cận nghèo: 1 hộ, 2 nhân khẩu (chi tiết tại Phụ lục II);",
        "3. Hộ thoát nghèo: 1 hộ, 2 nhân khẩu (chi tiết tại Phụ lục III);",
        "4. Hộ thoát cận nghèo: 1 hộ, 2 nhân khẩu (chi tiết tại Phụ lục IV).",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "chịu trách nhiệm thi hành Quyết định này./.",
        "- Như Điều 3;",
        "- Lưu: VT.",
        "Vũ Quyết Định",
    ):
        assert expected in flat, expected
    assert "19 tháng 6 năm 2015" not in flat  # the 2015 law is not cited after 01/07/2025
    assert all(
        "LiberationSerif" in f["name"] and f["emb"] == "yes" and f["sub"] == "yes" for f in fonts(decision)
    )


def test_signature_and_recipients_typography(decision: Path) -> None:
    """ "Nơi nhận:" bold italic 12 on the baseline of the signer's title; the list in 11."""
    n = next(i for i in range(1, len(pages(decision)) + 1) if "Nơi nhận:" in text(decision, i))
    ws_ = words(decision, n)
    label, title = phrase(ws_, "Nơi nhận:"), phrase(ws_, "CHỦ TỊCH")
    assert label["fonts"] == {"LiberationSerif-BoldItalic"} and label["sizes"] == {12.0}
    assert abs(label["bottom"] - title["bottom"]) < 1.5
    assert title["fonts"] == {"LiberationSerif-Bold"} and title["sizes"] <= {13.0, 14.0}
    assert phrase(ws_, "- Lưu: VT.")["sizes"] == {11.0}
    name = phrase(ws_, "Vũ Quyết Định")
    assert name["fonts"] == {"LiberationSerif-Bold"} and name["top"] - title["bottom"] > 20 * MM


def test_annexes_each_start_a_page_with_caption(decision: Path) -> None:
    """Phụ lục I–IV: label bold 14, title, italic caption citing the decision; unnumbered first page."""
    n_pages = len(pages(decision))
    starts = [n for n in range(1, n_pages + 1) if squash(text(decision, n)).startswith("Phụ lục")]
    assert len(starts) == 4
    caption = ("(Kèm theo Quyết định số 01/QĐ-UBND ngày 05 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân "
               "xã Minh Hòa)")  # fmt: skip
    for n, (label, title) in zip(starts, [("I", "HỘ NGHÈO"), ("II", "HỘ CẬN NGHÈO"), ("III", "HỘ THOÁT NGHÈO"),
                                          ("IV", "HỘ THOÁT CẬN NGHÈO")], strict=True):  # fmt: skip
        page = squash(text(decision, n))
        assert page.startswith(f"Phụ lục {label} DANH SÁCH {title} NĂM 2025 {caption}")
        ws_ = words(decision, n)
        assert phrase(ws_, f"Phụ lục {label}")["fonts"] == {"LiberationSerif-Bold"}
        assert phrase(ws_, f"Phụ lục {label}")["sizes"] == {14.0}
        assert phrase(ws_, "(Kèm theo Quyết định số")["fonts"] == {"LiberationSerif-Italic"}
        assert not [w for w in ws_ if w["top"] < 20 * MM]  # no page number on an annex's first page
    annex1 = text(decision, starts[0], layout=True)
    assert row(annex1, "1", "Phạm Đức Thoát", "H005", "Bản Nậm Ngặt", "16", "Kinh", "Mới")
    assert row(annex1, "2", "Nguyễn Văn Hòa", "H001", "Thôn Đông", "2", "Kinh")
    assert row(text(decision, starts[2], layout=True), "1", "Trần Quyết Thắng", "H003", "Thôn Đông", "2", "Nghèo",
               "Không nghèo")  # fmt: skip
    annex4 = text(decision, starts[3], layout=True)
    assert row(annex4, "Hoàng Thị Ủy", "H004", "Thôn Đông", "2", "Cận nghèo") and "Mức sống trung" in squash(
        annex4
    )


def row(layout_text: str, *cells: str) -> bool:
    """Whether one line of ``pdftotext -layout`` output holds ``cells`` in order (a table row)."""
    pattern = r"\s+".join(re.escape(c) for c in cells)
    return any(re.search(rf"(^|\s){pattern}(\s|$)", line) for line in layout_text.splitlines())


def test_long_annex_repeats_its_header_and_numbers_its_pages(docs_ws: Workspace, tmp_path: Path,
                                                              raw_household: dict[str, Any]) -> None:  # fmt: skip
    """70 poor households: the annex spans pages, each repeats the header row, rows stay whole,
    pages after the annex's first are numbered 2, 3… at the top centre."""
    extra = []
    for i in range(70):
        r = raw(
            raw_household, f"P{i:03d}", 2025, f"Nguyễn Thị Quyết {i:03d}", income=1_000_000, village="Xóm Mới"
        )
        h, _ = household_from_raw(r, r["thanh_vien"])
        assert h is not None
        extra.append(h)
    docs_ws.households.save_many(extra)
    pdf = jobs.print_decision(docs_ws, tmp_path / "qd.pdf", year=2025, commune="12345", date=DATE).files[0]
    n_pages = len(pages(pdf))
    start = next(n for n in range(1, n_pages + 1) if squash(text(pdf, n)).startswith("Phụ lục I "))
    follow = start + 1
    ws_ = words(pdf, follow)
    first_row = min(w["top"] for w in ws_ if w["text"].startswith("P0"))
    assert phrase(ws_, "Họ và tên chủ hộ")["top"] < first_row  # the header row repeats above the rows
    assert phrase(ws_, "Họ và tên chủ hộ")["fonts"] == {"LiberationSerif-Bold"}
    numbers = [w for w in ws_ if w["top"] < 20 * MM]
    assert [w["text"] for w in numbers] == ["2"]
    assert (numbers[0]["x0"] + numbers[0]["x1"]) / 2 == pytest.approx(30 * MM + (A4[0] - 45 * MM) / 2, abs=2)
    annex = "\n".join(text(pdf, n, layout=True) for n in range(start, n_pages + 1))
    for i in range(70):  # every row whole on one line of one page
        assert row(annex, f"Nguyễn Thị Quyết {i:03d}", f"P{i:03d}", "Xóm Mới", "2", "Kinh", "Mới"), i
    assert "1. Hộ nghèo: 72 hộ, 158 nhân khẩu" in squash(text(pdf, 1))


def test_deputy_signs_with_qd_ct_symbol_and_2015_law_before_july_2025(
    docs_ws: Workspace, tmp_path: Path
) -> None:
    """Commune settings change the symbol and the signer; an issue date before 01/07/2025 cites
    the 2015 law."""
    CommuneSettings(docs_ws).set("12345", {"ky_hieu": "QĐ-CT", "nguoi_ky": "pho_chu_tich"})
    pdf = jobs.print_decision(docs_ws, tmp_path / "qd.pdf", year=2025, commune="12345",
                              date=dt.date(2025, 6, 20)).files[0]  # fmt: skip
    flat = squash(text(pdf))
    assert "Số: 01/QĐ-CT" in flat and "Minh Hòa, ngày 20 tháng 6 năm 2025" in flat
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in flat and "Đỗ Thị Ủy Nhiệm" in flat
    assert "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015" in flat


def test_certificates_cite_the_issued_decision(docs_ws: Workspace, tmp_path: Path) -> None:
    jobs.print_decision(docs_ws, tmp_path / "qd.pdf", year=2025, commune="12345", date=DATE)
    rep = jobs.print_certificates(docs_ws, tmp_path / "gcn.pdf", year=2025, households=["H001"], date=DATE)
    assert ("Căn cứ Quyết định số 01/QĐ-UBND ngày 05 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân xã Minh "
            "Hòa về việc công nhận danh sách hộ nghèo") in squash(text(rep.files[0]))  # fmt: skip


def test_escape_decision_per_household(docs_ws: Workspace, tmp_path: Path) -> None:
    """One bordered page per escaped household: decision content, the head's name large, QR."""
    rep = jobs.print_escapes(docs_ws, tmp_path / "e.pdf", year=2025, date=DATE)
    assert rep.documents == rep.pages == 2 and rep.numbers == ("01/QĐ-UBND", "02/QĐ-UBND")
    first, second = squash(text(rep.files[0], 1)), squash(text(rep.files[0], 2))
    assert "Về việc công nhận hộ thoát nghèo năm 2025 trên địa bàn xã Minh Hòa" in first
    assert "Điều 1. Công nhận hộ gia đình có tên dưới đây đã thoát nghèo năm 2025:" in first
    assert "TRẦN QUYẾT THẮNG" in first and "Kết quả rà soát năm 2025: thoát nghèo." in first
    assert "1. Trần Quyết Thắng (1960) - chủ hộ" in first and "2. Lê Thị Bình (1962) - vợ" in first
    assert "Căn cứ Quyết định số 24/2021/QĐ-TTg" in first and "Theo đề nghị của Ban Chỉ đạo" in first
    assert "Điều 3." in first and "- Như Điều 3;" in first and "KT." not in first
    assert "hộ thoát cận nghèo năm 2025" in second and "HOÀNG THỊ ỦY" in second
    assert "thoát cận nghèo, là hộ có mức sống trung bình." in second
    ws_ = words(rep.files[0], 1)
    name = phrase(ws_, "TRẦN QUYẾT THẮNG")
    assert name["fonts"] == {"LiberationSerif-Bold"} and min(name["sizes"]) >= 20
    for w in ws_:  # all text inside the decree margins (and so inside the border)
        assert w["x0"] >= 30 * MM - 0.5 and w["x1"] <= A4[0] - 15 * MM and w["bottom"] <= A4[1] - 20 * MM, w
    assert verify_qr(docs_ws, scan_qr(rep.files[0], tmp_path, 1)).valid


def test_escape_decision_of_a_large_household_fits_its_page(docs_ws: Workspace, tmp_path: Path,
                                                             raw_household: dict[str, Any]) -> None:  # fmt: skip
    """2026 cites one more decree and this household has 16 members: still one page, every
    line inside the margins, the member list shrunk rather than cut."""
    r = raw(
        raw_household, "H100", 2026, "Nguyễn Thị Quyết Thoát", income=2_600_000, children=14, prev="nghèo"
    )
    h, problems = household_from_raw(r, r["thanh_vien"])
    assert h is not None, problems
    docs_ws.households.save(h)
    rep = jobs.print_escapes(docs_ws, tmp_path / "e.pdf", year=2026, date=dt.date(2027, 1, 4))
    assert rep.pages == 1
    flat = squash(text(rep.files[0]))
    assert "Căn cứ Nghị định số 351/2025/NĐ-CP" in flat and "16. Đặng Thị Quyết 14 (2015) - con" in flat
    for w in words(rep.files[0], 1):
        assert w["top"] >= 20 * MM and w["bottom"] <= A4[1] - 20 * MM, w


def test_escape_decision_member_list_continues_rather_than_drops(docs_ws: Workspace, tmp_path: Path,
                                                                 raw_household: dict[str, Any]) -> None:  # fmt: skip
    """60 members do not fit one page at a readable size: the list goes on overleaf (numbered
    page 2, signature and QR there) and every member is printed."""
    r = raw(raw_household, "H101", 2026, "Lò Văn Đông", income=2_600_000, children=58, prev="cận nghèo")
    h, problems = household_from_raw(r, r["thanh_vien"])
    assert h is not None, problems
    docs_ws.households.save(h)
    rep = jobs.print_escapes(docs_ws, tmp_path / "e.pdf", year=2026, date=dt.date(2027, 1, 4))
    assert rep.pages == 2
    flat = squash(text(rep.files[0]))
    for k in range(1, 59):
        assert f"Đặng Thị Quyết {k} (" in flat, k
    second = squash(text(rep.files[0], 2))
    assert second.startswith("2 Các thành viên của hộ (tiếp theo):") and "Vũ Quyết Định" in second
    assert verify_qr(docs_ws, scan_qr(rep.files[0], tmp_path, 2)).valid
