"""Posting lists, meeting minutes and the request forms (Mẫu 01/04), and the commune settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from doc_helpers import DATE, MM, fonts, is_nfc, pages, populate, squash, text, words

from povdesk.documents import jobs
from povdesk.documents.register import Register
from povdesk.documents.settings import CommuneSettings, split_unit
from povdesk.documents.viewmodels import MeetingInfo
from povdesk.errors import InputRefused, ValidationError
from povdesk.workspace import Workspace


@pytest.fixture
def docs_ws(ws: Workspace, raw_household: dict[str, Any]) -> Workspace:
    populate(ws, raw_household)
    return ws


def test_posting_list_one_section_per_village(docs_ws: Workspace, tmp_path: Path) -> None:
    """Villages in Vietnamese order, each starting an unnumbered page; the four lists of each."""
    rep = jobs.print_posting_lists(docs_ws, tmp_path / "ny.pdf", year=2025, commune="12345", date=dt.date(2025, 11, 3),
                                   period=(dt.date(2025, 11, 3), dt.date(2025, 11, 7)))  # fmt: skip
    pdf = rep.files[0]
    assert rep.documents == 2 and rep.pages == len(pages(pdf)) == 2
    first, second = squash(text(pdf, 1)), squash(text(pdf, 2))
    assert is_nfc(first + second)
    assert "DANH SÁCH Niêm yết công khai kết quả rà soát hộ nghèo, hộ cận nghèo năm 2025" in first
    assert (
        "Bản Nậm Ngặt, xã Minh Hòa" in first and "Phạm Đức Thoát" in first and "Nguyễn Văn Hòa" not in first
    )
    assert "(Thời gian niêm yết: từ ngày 03/11/2025 đến ngày 07/11/2025)" in first
    assert "Thôn Đông, xã Minh Hòa" in second
    for heading, name in (("I. HỘ NGHÈO (1 hộ)", "Nguyễn Văn Hòa"), ("II. HỘ CẬN NGHÈO (1 hộ)", "Lê Thị Thủy"),
                          ("III. HỘ THOÁT NGHÈO (1 hộ)", "Trần Quyết Thắng"),
                          ("IV. HỘ THOÁT CẬN NGHÈO (1 hộ)", "Hoàng Thị Ủy")):  # fmt: skip
        assert heading in second and name in second.split(heading)[1]
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in second and "Vũ Quyết Định" in second
    assert not [w for w in words(pdf, 2) if w["top"] < 20 * MM]  # a new section: no page number
    log = Register(docs_ws).log("12345")
    assert (log[0]["document"], log[0]["number_text"], log[0]["copy"]) == ("posting-list", None, 0)


def test_posting_list_of_unknown_village_is_refused(docs_ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InputRefused, match="Không có thôn 'Thôn Bắc'"):
        jobs.print_posting_lists(docs_ws, tmp_path / "x.pdf", year=2025, commune="12345", village="Thôn Bắc")
    assert not (tmp_path / "x.pdf").exists()


def test_minutes_with_and_without_meeting_data(docs_ws: Workspace, tmp_path: Path) -> None:
    """Given meeting data is printed; what is unknown is a dotted blank to fill by hand."""
    meeting = MeetingInfo(date=dt.date(2025, 10, 28), time="08 giờ 00", place="Nhà văn hóa thôn Đông",
                          chair="Hà Văn Quyết", secretary="Lò Thị Ủy", attendees=57, households_present=41)  # fmt: skip
    pdf = jobs.print_minutes(docs_ws, tmp_path / "bb.pdf", year=2025, commune="12345", village="Thôn Đông",
                             meeting=meeting).files[0]  # fmt: skip
    flat = squash(text(pdf))
    for expected in ("ỦY BAN NHÂN DÂN XÃ MINH HÒA", "THÔN ĐÔNG", "BIÊN BẢN",
                     "Hôm nay, vào lúc 08 giờ 00, ngày 28 tháng 10 năm 2025, tại Nhà văn hóa thôn Đông",
                     "- Chủ trì: Hà Văn Quyết", "- Số người tham dự: 57 người, đại diện cho 41 hộ gia đình.",
                     "- Hộ nghèo: 1 hộ, 2 nhân khẩu;", "- Hộ thoát cận nghèo: 1 hộ, 2 nhân khẩu;",
                     "Hoàng Thị Ủy", "Thoát cận nghèo", "THƯ KÝ", "CHỦ TRÌ", "Lò Thị Ủy"):  # fmt: skip
        assert expected in flat, expected
    blank = squash(text(jobs.print_minutes(docs_ws, tmp_path / "b2.pdf", year=2025, commune="12345",
                                           village="Thôn Đông").files[0]))  # fmt: skip
    assert "vào lúc …… giờ ……, ngày …… tháng …… năm ……" in blank and "- Chủ trì: ……" in blank


def test_blank_form_01(docs_ws: Workspace, tmp_path: Path) -> None:
    """Mẫu 01 blank: motto header only, addressed to the commune chairman, dotted fields, an
    empty member table of numbered rows, on one page."""
    pdf = jobs.print_form(docs_ws, tmp_path / "m01.pdf", kind="01", commune="12345").files[0]
    assert len(pages(pdf)) == 1
    flat = squash(text(pdf))
    assert flat.startswith(
        "Mẫu số 01 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc GIẤY ĐỀ NGHỊ"
    )
    assert "Rà soát hộ nghèo, hộ cận nghèo hoặc xác định hộ có mức sống trung bình" in flat
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân xã Minh Hòa" in flat
    assert "Họ và tên: ……" in flat and "Giới tính: Nam □ Nữ □" in flat
    assert "Tình trạng (có việc" in flat and "đang đi học)" in flat
    assert "NGƯỜI ĐỀ NGHỊ (Ký, ghi rõ họ tên)" in flat and "ỦY BAN NHÂN DÂN" not in flat
    assert all("LiberationSerif" in f["name"] for f in fonts(pdf))


def test_prefilled_form_04(docs_ws: Workspace, tmp_path: Path) -> None:
    """Mẫu 04 filled from H002 (near-poor): the head, the ticked class, the members."""
    pdf = jobs.print_form(docs_ws, tmp_path / "m04.pdf", kind="04", commune="12345", household="H002",
                          year=2025).files[0]  # fmt: skip
    flat = squash(text(pdf))
    assert "Công nhận hộ thoát nghèo, hộ thoát cận nghèo" in flat
    assert "Họ và tên chủ hộ: Lê Thị Thủy" in flat and "Giới tính: Nam □ Nữ ■" in flat
    assert "Số CCCD/Căn cước/CMND: 001060001234" in flat
    assert "hiện là □ hộ nghèo ■ hộ cận nghèo" in flat and "■ hộ thoát cận nghèo" in flat
    assert "Lê Thị Bình" in flat and "Nơi thường trú: Thôn Đông, xã Minh Hòa" in flat
    log = Register(docs_ws).log("12345")[0]
    assert (log["document"], log["ma_ho"]) == ("form-04", "H002")
    with pytest.raises(InputRefused):
        jobs.print_form(docs_ws, tmp_path / "y.pdf", kind="04", commune="12345", household="H999", year=2025)


def test_commune_settings_defaults_validation_and_issuer(docs_ws: Workspace) -> None:
    cs = CommuneSettings(docs_ws)
    v = cs.values("12345")
    assert v["dia_danh"] == "Minh Hòa" and v["ky_hieu"] == "QĐ-UBND" and v["chu_tich"] == "Vũ Quyết Định"
    with pytest.raises(ValidationError) as err:
        cs.set("12345", {"ky_hieu": "ABC", "khong_co": "x", "chu_tich": "Người Khác"})
    assert {p.field for p in err.value.problems} == {"ky_hieu", "khong_co"}
    assert cs.values("12345")["chu_tich"] == "Vũ Quyết Định"  # nothing changed
    cs.set("12345", {"ten_co_quan": "ủy ban nhân dân | xã minh hòa", "noi_nhan": "UBND tỉnh|Lưu: VT, VHXH"})
    iss = cs.issuer("12345")
    assert iss.body == ("ỦY BAN NHÂN DÂN", "XÃ MINH HÒA") and iss.recipients == ("UBND tỉnh", "Lưu: VT, VHXH")
    assert split_unit("Phường 3") == ("phường", "3")


def test_recipients_put_luu_last(docs_ws: Workspace, tmp_path: Path) -> None:
    CommuneSettings(docs_ws).set("12345", {"noi_nhan": "Lưu: VT, VHXH|UBND tỉnh (để b/c)"})
    flat = squash(text(jobs.print_decision(docs_ws, tmp_path / "q.pdf", year=2025, commune="12345",
                                           date=DATE).files[0]))  # fmt: skip
    assert "- Như Điều 3; - UBND tỉnh (để b/c); - Lưu: VT, VHXH." in flat


def test_documents_take_what_the_workflow_recorded(docs_ws: Workspace, tmp_path: Path) -> None:
    """The meeting record fills the minutes, the posting the posting period, a Mẫu 04 request
    the escape decision's legal basis, and the recognised records' decision number the register."""
    c, now = docs_ws.conn, "2025-11-01T08:00:00+07:00"
    with docs_ws.atomic():
        c.execute("INSERT INTO meetings (ma_xa, thon, nam_ra_soat, held_on, place, chair, attendees, created_by,"
                  " created_at) VALUES ('12345', 'Thôn Đông', 2025, '2025-10-28', 'Nhà văn hóa thôn Đông',"
                  " 'Hà Văn Quyết', 57, 'admin', ?)", (now,))  # fmt: skip
        c.execute("INSERT INTO postings (ma_xa, thon, nam_ra_soat, start_on, end_on, working_days, created_by,"
                  " created_at) VALUES ('12345', NULL, 2025, '2025-11-03', '2025-11-05', 3, 'admin', ?)", (now,))  # fmt: skip
        c.execute("INSERT INTO review_requests (form, ma_xa, ma_ho, thon, nam_ra_soat, applicant, received_on,"
                  " created_by, created_at) VALUES ('04', '12345', 'H003', 'Thôn Đông', 2025, 'Trần Quyết Thắng',"
                  " '2025-09-20', 'admin', ?)", (now,))  # fmt: skip
        c.execute("INSERT INTO reviews (ma_xa, ma_ho, nam_ra_soat, kind, stage, decision_no, decision_date,"
                  " created_at, updated_at) VALUES ('12345', 'H001', 2025, 'periodic', 'recognised',"
                  " '12/QĐ-UBND', '2025-12-20', ?, ?)", (now, now))  # fmt: skip
    minutes = squash(text(jobs.print_minutes(docs_ws, tmp_path / "bb.pdf", year=2025, commune="12345",
                                             village="Thôn Đông").files[0]))  # fmt: skip
    assert (
        "ngày 28 tháng 10 năm 2025, tại Nhà văn hóa thôn Đông" in minutes
        and "Chủ trì: Hà Văn Quyết" in minutes
    )
    posting = squash(text(jobs.print_posting_lists(docs_ws, tmp_path / "ny.pdf", year=2025, commune="12345",
                                                   village="Thôn Đông").files[0]))  # fmt: skip
    assert "từ ngày 03/11/2025 đến ngày 05/11/2025" in posting
    esc = jobs.print_escapes(docs_ws, tmp_path / "e.pdf", year=2025, households=["H003"], date=DATE)
    assert ("Căn cứ Giấy đề nghị công nhận hộ thoát nghèo của hộ ông Trần Quyết Thắng ngày 20 tháng 9 năm 2025;"
            in squash(text(esc.files[0])))  # fmt: skip
    gcn = jobs.print_certificates(docs_ws, tmp_path / "g.pdf", year=2025, households=["H001"], date=DATE)
    assert "Căn cứ Quyết định số 12/QĐ-UBND ngày 20 tháng 12 năm 2025" in squash(text(gcn.files[0]))
    qd = jobs.print_decision(
        docs_ws, tmp_path / "qd.pdf", year=2025, commune="12345", date=dt.date(2025, 12, 20)
    )
    assert qd.numbers == ("12/QĐ-UBND",)
