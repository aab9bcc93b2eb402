"""Certificates (Mẫu 03), read as a person reads them: text, fonts, pages, header layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from doc_helpers import (
    A4,
    DATE,
    MM,
    fonts,
    is_nfc,
    lines_of,
    pages,
    phrase,
    populate,
    squash,
    text,
    words,
)

from povdesk.documents import jobs
from povdesk.documents.register import Register
from povdesk.errors import InputRefused, Interrupted
from povdesk.progress import CancelToken, Progress
from povdesk.workspace import Workspace


@pytest.fixture
def docs_ws(ws: Workspace, raw_household: dict[str, Any]) -> Workspace:
    populate(ws, raw_household)
    return ws


@pytest.fixture
def certs(docs_ws: Workspace, tmp_path: Path) -> tuple[Path, jobs.PrintReport]:
    out = tmp_path / "gcn.pdf"
    return out, jobs.print_certificates(docs_ws, out, year=2025, commune="12345", date=DATE)


def test_one_certificate_per_poor_or_near_poor_household_in_order(
    certs: tuple[Path, jobs.PrintReport],
) -> None:
    """H001 (poor), H002 (near-poor), H005 (poor, 16 members → 2 pages); not H003/H004."""
    pdf, rep = certs
    assert rep.documents == 3 and rep.numbers == ("01/GCN-HN.HCN", "02/GCN-HN.HCN", "03/GCN-HN.HCN")
    assert rep.pages == 4 == len(pages(pdf))
    page_heads = [squash(text(pdf, n)) for n in (1, 2, 3)]
    assert "NGUYỄN VĂN HÒA" in page_heads[0] and "Số: 01/GCN-HN.HCN" in page_heads[0]
    assert "LÊ THỊ THỦY" in page_heads[1] and "Là HỘ CẬN NGHÈO" in page_heads[1]
    assert "PHẠM ĐỨC THOÁT" in page_heads[2] and "Là HỘ NGHÈO" in page_heads[2]
    everything = text(pdf)
    assert "TRẦN QUYẾT THẮNG" not in everything and "HOÀNG THỊ ỦY" not in everything


def test_text_is_vietnamese_nfc_with_every_diacritic(certs: tuple[Path, jobs.PrintReport]) -> None:
    """pdftotext returns the exact Vietnamese strings, in NFC, with stacked diacritics intact."""
    pdf, _ = certs
    page = text(pdf, 1)
    assert is_nfc(page)
    flat = squash(page)
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "XÃ MINH HÒA",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Minh Hòa, ngày 05 tháng 01 năm 2026",
        "GIẤY CHỨNG NHẬN",
        "HỘ NGHÈO, HỘ CẬN NGHÈO",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ MINH HÒA",
        "Căn cứ Nghị định số 07/2021/NĐ-CP ngày 27 tháng 01 năm 2021",
        "Căn cứ kết quả rà soát hộ nghèo, hộ cận nghèo năm 2025 trên địa bàn xã Minh Hòa.",
        "Hộ gia đình ông: NGUYỄN VĂN HÒA",
        "Số định danh cá nhân: 001060001234",
        "Nơi thường trú: Thôn Đông, xã Minh Hòa",
        "Lê Thị Bình",
        "Vũ Quyết Định",
    ):
        assert expected in flat, expected


def test_fonts_embedded_subset_and_no_helvetica(certs: tuple[Path, jobs.PrintReport]) -> None:
    """pdffonts: only the bundled Liberation Serif faces, all embedded and subset, with ToUnicode."""
    pdf, _ = certs
    rows = fonts(pdf)
    assert rows, "no fonts listed"
    for r in rows:
        assert "LiberationSerif" in r["name"], r
        assert (r["emb"], r["sub"], r["uni"]) == ("yes", "yes", "yes"), r
    assert not any("Helvetica" in r["name"] for r in rows)


def test_pages_are_a4_portrait(certs: tuple[Path, jobs.PrintReport]) -> None:
    pdf, _ = certs
    for p in pages(pdf):
        assert (float(p.mediabox.width), float(p.mediabox.height)) == pytest.approx(A4, abs=0.1)


def test_header_follows_decree_30(certs: tuple[Path, jobs.PrintReport]) -> None:
    """Sizes, styles and rules of the header (ô 1–4) measured from the page."""
    pdf, _ = certs
    ws_ = words(pdf)
    national = phrase(ws_, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = phrase(ws_, "Độc lập - Tự do - Hạnh phúc")
    body = phrase(ws_, "ỦY BAN NHÂN DÂN")
    body2 = phrase(ws_, "XÃ MINH HÒA")
    number = phrase(ws_, "Số: 01/GCN-HN.HCN")
    date = phrase(ws_, "Minh Hòa, ngày 05 tháng 01 năm 2026")
    assert national["fonts"] == {"LiberationSerif-Bold"} and national["sizes"] <= {12.0, 13.0}
    assert motto["fonts"] == {"LiberationSerif-Bold"} and motto["sizes"] <= {13.0, 14.0}
    assert body["fonts"] == {"LiberationSerif-Bold"} and body["sizes"] <= {12.0, 13.0}
    assert number["fonts"] == {"LiberationSerif"} and number["sizes"] == {13.0}
    assert date["fonts"] == {"LiberationSerif-Italic"} and date["sizes"] <= {13.0, 14.0}
    # National name top right, issuing body top left; number and date share a baseline.
    assert national["x0"] > body["x1"] and abs(national["top"] - body["top"]) < 2
    assert abs(number["bottom"] - date["bottom"]) < 0.5

    def centre(w: dict[str, Any]) -> float:
        return (w["x0"] + w["x1"]) / 2

    assert abs(centre(motto) - centre(national)) < 1.5  # motto centred under the national name
    assert abs(centre(date) - centre(motto)) < 1.5  # place/date centred under the motto
    assert abs(centre(number) - centre(body)) < 1.5  # number centred under the issuing body
    rules = lines_of(pdf)
    motto_rule = min(
        (r for r in rules if r["top"] > motto["bottom"] and r["x0"] > body["x1"]), key=lambda r: r["top"]
    )
    assert motto_rule["top"] - motto["bottom"] < 8
    assert motto_rule["x1"] - motto_rule["x0"] == pytest.approx(motto["x1"] - motto["x0"], abs=1.0)
    assert (motto_rule["x0"] + motto_rule["x1"]) / 2 == pytest.approx(centre(motto), abs=1.0)
    body_rule = min((r for r in rules if r["top"] > body2["bottom"] and r["x1"] < national["x0"]),
                    key=lambda r: r["top"])  # fmt: skip
    widest = max(body["x1"] - body["x0"], body2["x1"] - body2["x0"])
    assert widest / 3 <= body_rule["x1"] - body_rule["x0"] <= widest / 2
    assert (body_rule["x0"] + body_rule["x1"]) / 2 == pytest.approx(centre(body), abs=1.0)


def test_text_stays_inside_the_decree_margins(certs: tuple[Path, jobs.PrintReport]) -> None:
    """Left ≥ 30 mm, right ≤ 210−15 mm, top ≥ 20 mm, bottom ≤ 297−20 mm on every page."""
    pdf, rep = certs
    for n in range(1, rep.pages + 1):
        for w in words(pdf, n):
            if w["text"].isdigit() and w["top"] < 20 * MM:  # the page number lives in the top margin
                continue
            assert w["x0"] >= 30 * MM - 0.5 and w["x1"] <= A4[0] - 15 * MM + 0.5, w
            assert w["top"] >= 20 * MM - 0.5 and w["bottom"] <= A4[1] - 20 * MM + 0.5, w


def test_long_member_list_continues_on_a_numbered_page(certs: tuple[Path, jobs.PrintReport]) -> None:
    """H005's 16 members: page 1 unnumbered, page 2 numbered "2" at the top centre, the list
    continues there and the signature follows the last member."""
    pdf, _ = certs
    first, second = squash(text(pdf, 3)), squash(text(pdf, 4))
    assert "Đặng Thị Quyết 1" in first
    assert "Danh sách thành viên của hộ (tiếp theo)" in second and "Đặng Thị Quyết 14" in second
    assert "CHỦ TỊCH" in second and "CHỦ TỊCH" not in first.split("CHỦ TỊCH ỦY BAN")[1]
    top = [w for w in words(pdf, 4) if w["top"] < 20 * MM]
    assert [w["text"] for w in top] == ["2"]
    assert (top[0]["x0"] + top[0]["x1"]) / 2 == pytest.approx(30 * MM + (A4[0] - 45 * MM) / 2, abs=2)
    assert not [w for w in words(pdf, 3) if w["top"] < 20 * MM]


def test_selection_and_split_one_file_per_household(docs_ws: Workspace, tmp_path: Path) -> None:
    """--ma selects households; --split writes one file each, named by commune and code."""
    rep = jobs.print_certificates(docs_ws, tmp_path / "out", year=2025, households=["H002", "H005"], split=True,
                                  date=DATE)  # fmt: skip
    assert sorted(f.name for f in rep.files) == ["GCN-12345-H002.pdf", "GCN-12345-H005.pdf"]
    assert [len(pages(f)) for f in rep.files] == [1, 2]
    assert "LÊ THỊ THỦY" in text(rep.files[0])
    assert not list((tmp_path / "out").glob("*.part"))
    logged = [r["output"] for r in Register(docs_ws).log("12345")]
    assert logged == ["GCN-12345-H005.pdf", "GCN-12345-H002.pdf"]  # the print log names each file


def test_no_household_refused(docs_ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InputRefused, match="Không có hộ nghèo"):
        jobs.print_certificates(docs_ws, tmp_path / "x.pdf", year=2019)
    assert not (tmp_path / "x.pdf").exists()


def test_progress_and_cancel_leave_nothing(docs_ws: Workspace, tmp_path: Path) -> None:
    """Cancelling mid-run raises Interrupted: no file, no number, no log row."""
    token = CancelToken()
    seen: list[Progress] = []

    def progress(p: Progress) -> None:
        seen.append(p)
        token.cancel()

    out = tmp_path / "c.pdf"
    with pytest.raises(Interrupted):
        jobs.print_certificates(docs_ws, out, year=2025, progress=progress, cancel=token)
    assert seen and seen[0].total == 3
    assert not out.exists() and not list(tmp_path.glob("*.part"))
    assert docs_ws.conn.execute("SELECT count(*) FROM doc_register").fetchone()[0] == 0
    assert docs_ws.conn.execute("SELECT count(*) FROM print_log").fetchone()[0] == 0
    rep = jobs.print_certificates(docs_ws, out, year=2025, date=DATE)
    assert rep.numbers[0] == "01/GCN-HN.HCN"  # the cancelled run consumed no number


def test_preview_takes_no_number(docs_ws: Workspace, tmp_path: Path) -> None:
    """Preview renders with a blank number and no QR, and writes nothing to the register."""
    rep = jobs.print_certificates(docs_ws, tmp_path / "p.pdf", year=2025, preview=True)
    assert rep.numbers == () and rep.documents == 3
    assert "Số: /GCN-HN.HCN" in squash(text(rep.files[0], 1))
    assert docs_ws.conn.execute("SELECT count(*) FROM doc_register").fetchone()[0] == 0
