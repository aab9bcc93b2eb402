"""Importing the household review workbook: values, idempotence, updates, problems, cancel."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from excel_support import GOLDEN, MESSY, db_dump, golden_sheets, write_book

from povdesk.domain import Household
from povdesk.errors import Interrupted, Problem, ValidationError
from povdesk.excel import import_workbook
from povdesk.progress import CancelToken, Progress
from povdesk.text import PartialDate
from povdesk.workspace import Workspace

H_COL = {c: i for i, c in enumerate(golden_sheets()["Ho"][0])}
M_COL = {c: i for i, c in enumerate(golden_sheets()["ThanhVien"][0])}


def households(ws: Workspace) -> list[Household]:
    return [ws.households.get(hid) for hid in ws.households.ids()]


def book(tmp_path: Path, edit: Any = None, name: str = "book.xlsx", **kw: Any) -> Path:
    """The golden workbook, after ``edit(sheets)`` changed it."""
    sheets = golden_sheets()
    if edit is not None:
        edit(sheets)
    return write_book(tmp_path / name, sheets, **kw)


def refused(ws: Workspace, path: Path) -> list[Problem]:
    with pytest.raises(ValidationError) as e:
        import_workbook(ws, path)
    return e.value.errors


def test_golden_workbook_imports_every_household_classified(ws: Workspace) -> None:
    """The golden workbook: 3 households, 7 members, each classified under VN-2022."""
    r = import_workbook(ws, GOLDEN)
    assert r.to_json() == {"households": 3, "members": 7, "inserted": 3, "updated": 0, "unchanged": 0,
                           "warnings": []}  # fmt: skip
    assert r.classes == {"poor": 1, "near_poor": 1, "not_poor": 1}
    hid = ws.households.require("12345", "H001", 2025)
    h, c = ws.households.get(hid), ws.households.classification(hid)
    assert c.explanation == "nghèo: thu nhập 1.450.000 ≤ 1.500.000; thiếu hụt 4 chỉ số: 1.2, 2.2, 4.1, 5.2"
    assert h.dien_tich_nha == 20.5 and h.nguyen_nhan_ngheo == ("thiếu vốn", "ốm đau")
    assert h.members[1].so_dinh_danh == "001162000123" and h.members[1].ngay_sinh == PartialDate(1962, 5)
    h2 = ws.households.get(ws.households.require("12345", "H002", 2025))
    assert h2.diem_a == 150 and h2.thu_nhap_bq is None and h2.members[0].dan_toc == "03"  # Thái


def test_messy_workbook_imports_to_the_same_households(tmp_path: Path) -> None:
    """Titles, label header, shuffled columns, text numbers/dates, NFD, old tones, x/empty: same data."""
    with Workspace.open(tmp_path / "a.sqlite") as a, Workspace.open(tmp_path / "b.sqlite") as b:
        import_workbook(a, GOLDEN)
        r = import_workbook(b, MESSY)
        assert households(a) == households(b)
        assert [a.households.classification(i) for i in a.households.ids()] == [
            b.households.classification(i) for i in b.households.ids()
        ]
    assert [(w.sheet, w.row, w.field) for w in r.warnings] == [("Hộ", 3, "Ghi chú thêm")]


def test_reimport_reports_unchanged_and_changes_nothing(ws: Workspace, db_path: Path) -> None:
    """Importing the same workbook again: every household unchanged, not a byte of data changed."""
    import_workbook(ws, GOLDEN)
    before = db_dump(db_path)
    r = import_workbook(ws, GOLDEN)
    assert (r.inserted, r.updated, r.unchanged) == (0, 0, 3)
    assert db_dump(db_path) == before


def test_corrected_workbook_updates_only_the_changed_household_with_history(
    ws: Workspace, tmp_path: Path
) -> None:
    """A corrected income and a corrected member name: one household updated, history says what."""
    import_workbook(ws, GOLDEN)

    def fix(sheets: dict[str, list[list[Any]]]) -> None:
        sheets["Ho"][2 + 2][H_COL["thu_nhap_bq"]] = 3_900_000  # H003
        sheets["ThanhVien"][2 + 6][M_COL["ho_ten"]] = "Phạm Thị Lan Anh"  # H003 stt 4

    r = import_workbook(ws, book(tmp_path, fix))
    assert (r.inserted, r.updated, r.unchanged) == (0, 1, 2)
    hid = ws.households.require("12345", "H003", 2025)
    changes = {(e["member_stt"], e["field"], e["old"], e["new"]) for e in ws.households.history(hid)}
    assert (None, "thu_nhap_bq", "4000000", "3900000") in changes
    assert (4, "ho_ten", "Phạm Thị Lan", "Phạm Thị Lan Anh") in changes
    other = ws.households.require("12345", "H001", 2025)
    assert [e["field"] for e in ws.households.history(other)] == ["*"]  # only its creation


def test_dry_run_checks_and_classifies_without_writing(ws: Workspace, db_path: Path) -> None:
    """dry_run: the same report, nothing written."""
    before = db_dump(db_path)
    r = import_workbook(ws, GOLDEN, dry_run=True)
    assert r.dry_run and (r.households, r.inserted) == (3, 3) and r.classes["poor"] == 1
    assert db_dump(db_path) == before


def test_problems_name_sheet_row_column_and_value(ws: Workspace, tmp_path: Path) -> None:
    """Every problem is listed — not just the first — each at its sheet, Excel row and column."""

    def spoil(sheets: dict[str, list[list[Any]]]) -> None:
        sheets["Ho"][2][H_COL["thu_nhap_bq"]] = "nhiều tiền"  # row 3
        sheets["Ho"][3][H_COL["tuong"]] = "gạch"  # row 4
        sheets["ThanhVien"][2 + 3][M_COL["ngay_sinh"]] = "31/02/1975"  # row 6 (H003 head)
        sheets["ThanhVien"][2 + 1][M_COL["so_dinh_danh"]] = 1162000123.0  # row 4: a number cell

    found = {(p.sheet, p.row, p.field): p for p in refused(ws, book(tmp_path, spoil))}
    assert set(found) == {("Ho", 3, "thu_nhap_bq"), ("Ho", 4, "tuong"), ("ThanhVien", 6, "ngay_sinh"),
                          ("ThanhVien", 4, "so_dinh_danh")}  # fmt: skip
    assert found[("Ho", 3, "thu_nhap_bq")].value == "nhiều tiền"
    assert "Số không hợp lệ" in found[("Ho", 3, "thu_nhap_bq")].message
    assert "không nằm trong danh sách" in found[("Ho", 4, "tuong")].message
    assert "số 0 ở đầu" in found[("ThanhVien", 4, "so_dinh_danh")].message
    assert ws.households.ids() == []


def test_whole_household_problems_point_at_member_rows(ws: Workspace, tmp_path: Path) -> None:
    """Two heads → each head's row; a head not named as chu_ho → the Ho row; an ID of 11 digits
    → its cell (all three households refused, every problem listed)."""

    def spoil(sheets: dict[str, list[list[Any]]]) -> None:
        sheets["ThanhVien"][2 + 5][M_COL["quan_he"]] = "chủ hộ"  # H003 stt 3: second head (row 8)
        sheets["Ho"][3][H_COL["chu_ho"]] = "Lò Thị Mây"  # H002 (row 4)
        sheets["ThanhVien"][2 + 1][M_COL["so_dinh_danh"]] = "00116200012"  # H001 stt 2 (row 4)

    found = {(p.sheet, p.row, p.field): p for p in refused(ws, book(tmp_path, spoil))}
    assert found[("ThanhVien", 6, "quan_he")].message == "Hộ phải có đúng một chủ hộ (có 2)"
    assert ("ThanhVien", 8, "quan_he") in found
    assert "khác họ tên" in found[("Ho", 4, "chu_ho")].message
    assert found[("ThanhVien", 4, "so_dinh_danh")].value == "00116200012"
    assert "12 chữ số" in found[("ThanhVien", 4, "so_dinh_danh")].message


def test_required_answers_by_age_and_x_convention(ws: Workspace, tmp_path: Path) -> None:
    """A blank required yes/no is an error, unless the column uses x/empty (then blank = không)."""

    def blank(sheets: dict[str, list[list[Any]]]) -> None:
        sheets["ThanhVien"][2 + 1][M_COL["bhyt"]] = None  # row 4

    found = refused(ws, book(tmp_path, blank))
    assert [(p.row, p.field, p.message) for p in found] == [
        (4, "bhyt", "Thiếu giá trị bắt buộc (thành viên 63 tuổi)")
    ]

    def x_marks(sheets: dict[str, list[list[Any]]]) -> None:
        for row in sheets["ThanhVien"][2:]:
            row[M_COL["bhyt"]] = "x" if row[M_COL["bhyt"]] == "có" else None

    import_workbook(ws, book(tmp_path, x_marks, "x.xlsx"))
    h = ws.households.get(ws.households.require("12345", "H001", 2025))
    assert [m.bhyt for m in h.members] == [False, True]


def test_keys_duplicates_and_unknown_households(ws: Workspace, tmp_path: Path) -> None:
    """A household twice → an error on both rows; a member of an unknown household → its row."""

    def spoil(sheets: dict[str, list[list[Any]]]) -> None:
        sheets["Ho"].append(list(sheets["Ho"][2]))  # H001 again, row 6
        sheets["ThanhVien"].append(list(sheets["ThanhVien"][2]))
        sheets["ThanhVien"][-1][M_COL["ma_ho"]] = "H999"  # row 10

    found = {(p.sheet, p.row, p.field): p.message for p in refused(ws, book(tmp_path, spoil))}
    assert "trùng với hộ ở dòng 6" in found[("Ho", 3, "ma_ho")]
    assert "trùng với hộ ở dòng 3" in found[("Ho", 6, "ma_ho")]
    assert found[("ThanhVien", 10, "ma_ho")] == "Mã hộ 'H999' không có trong sheet Ho"


def test_same_code_in_two_communes_needs_member_keys(ws: Workspace, tmp_path: Path) -> None:
    """H001 in two communes: refused asking for unique codes, unless ThanhVien names ma_xa."""

    def twin(sheets: dict[str, list[list[Any]]], with_keys: bool) -> None:
        other = list(sheets["Ho"][2])
        other[H_COL["ma_xa"]] = "54321"
        sheets["Ho"].append(other)
        members = [list(r) for r in sheets["ThanhVien"][2:4]]
        if with_keys:
            for r in sheets["ThanhVien"][2:]:
                r.append("12345")
            for r in members:
                r.append("54321")
            sheets["ThanhVien"][0].append("ma_xa")
            sheets["ThanhVien"][1].append("Mã xã")
        sheets["ThanhVien"] += members

    found = refused(ws, book(tmp_path, lambda s: twin(s, False)))
    assert {(p.row, p.field) for p in found} == {(3, "ma_ho"), (6, "ma_ho")}
    assert "mã hộ riêng" in found[0].message
    r = import_workbook(ws, book(tmp_path, lambda s: twin(s, True), "keys.xlsx"))
    assert r.households == 4 and r.members == 9
    assert ws.households.get(ws.households.require("54321", "H001", 2025)).size == 2


def test_legacy_encoded_text_is_refused_with_a_hint(ws: Workspace, tmp_path: Path) -> None:
    """Text typed in TCVN3 ("NguyÔn V¨n") is not silently stored as garbage."""

    def tcvn3(sheets: dict[str, list[list[Any]]]) -> None:
        sheets["Ho"][2][H_COL["thon"]] = "Th«n §«ng"

    [p] = refused(ws, book(tmp_path, tcvn3))
    assert (p.row, p.field) == (3, "thon") and "TCVN3" in p.message


def test_cancel_leaves_the_database_as_it_was(ws: Workspace, db_path: Path) -> None:
    """Cancelling (from the progress callback) raises Interrupted; nothing is written."""
    before = db_dump(db_path)
    token = CancelToken()
    seen: list[str] = []

    def progress(p: Progress) -> None:
        seen.append(p.label)
        if p.label == "Đang ghi dữ liệu":
            token.cancel()

    with pytest.raises(Interrupted):
        import_workbook(ws, GOLDEN, progress=progress, cancel=token)
    assert "Đang kiểm tra và phân loại" in seen and "Đang ghi dữ liệu" in seen
    assert db_dump(db_path) == before


def test_worker_processes_give_the_same_result(tmp_path: Path) -> None:
    """Checking in a worker process (as for big workbooks) gives what checking here gives."""
    with Workspace.open(tmp_path / "a.sqlite") as a, Workspace.open(tmp_path / "b.sqlite") as b:
        ra = import_workbook(a, GOLDEN, workers=0)
        rb = import_workbook(b, GOLDEN, workers=1)
        assert dataclasses.replace(ra, changes=rb.changes) == rb
        assert households(a) == households(b)


def test_worker_processes_report_errors_and_roll_back(ws: Workspace, db_path: Path, tmp_path: Path) -> None:
    """With workers, rows are written while households are checked; an error still changes nothing."""

    def spoil(sheets: dict[str, list[list[Any]]]) -> None:
        sheets["Ho"][4][H_COL["nam_ra_soat"]] = 2019  # H003: no rule set governs 2019

    before = db_dump(db_path)
    with pytest.raises(ValidationError) as e:
        import_workbook(ws, book(tmp_path, spoil), workers=1)
    [p] = e.value.errors
    assert (p.sheet, p.row, p.field) == ("Ho", 5, "nam_ra_soat") and "2019" in p.message
    assert db_dump(db_path) == before


def test_label_row_above_the_code_row_and_data_lower_right(ws: Workspace, tmp_path: Path) -> None:
    """Labels above codes, the table starting at C5: read, and rows counted as Excel counts them."""

    def move(sheets: dict[str, list[list[Any]]]) -> None:
        for name in ("Ho", "ThanhVien"):
            rows = sheets[name]
            rows[0], rows[1] = rows[1], rows[0]
            sheets[name] = [[], [], [None, None, "Sổ rà soát"], [], *[[None, None, *r] for r in rows]]
        sheets["Ho"][6][2 + H_COL["thon"]] = "  "  # H001 (Excel row 7): blank village

    [p] = refused(ws, book(tmp_path, move))
    assert (p.sheet, p.row, p.field, p.message) == ("Ho", 7, "thon", "Thiếu giá trị bắt buộc")
