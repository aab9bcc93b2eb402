"""Test support for the Excel workbook tests: a small workbook builder and the golden households.

:data:`GOLDEN_HO` / :data:`GOLDEN_TV` are three households written the way the format asks
(codes row, label row, clean values). :func:`messy_sheets` writes *the same households* the way
communes really type them (titles above a Vietnamese label header, shuffled columns, text
numbers and dates, old tone placement, NFD text, x/empty yes-no …): importing either must give
identical data. ``tests/data/make_workbooks.py`` writes both to ``tests/data/``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from povdesk.fields import HOUSEHOLD_FIELDS, MEMBER_FIELDS

DATA = Path(__file__).resolve().parent.parent / "data"
GOLDEN = DATA / "excel-golden.xlsx"
MESSY = DATA / "excel-messy.xlsx"

H_CODES = [f.code for f in HOUSEHOLD_FIELDS]
M_CODES = [f.code for f in MEMBER_FIELDS]
H_LABELS = [f.label for f in HOUSEHOLD_FIELDS]
M_LABELS = [f.label for f in MEMBER_FIELDS]


def _h(**v: Any) -> list[Any]:
    return [v.get(c) for c in H_CODES]


def _m(**v: Any) -> list[Any]:
    return [v.get(c) for c in M_CODES]


# H001: poor (income ≤ line, deprived 1.2, 2.2, 4.1, 5.2) · H002: score A only, urban ·
# H003: not poor, four members with a child at school.
GOLDEN_HO: list[list[Any]] = [
    _h(ma_ho="H001", ma_xa="12345", ten_xa="Xã Minh Hòa", thon="Thôn Đông", khu_vuc="nông thôn",
       nam_ra_soat=2025, ngay_ra_soat=dt.date(2025, 10, 15), ra_soat_vien="Trần Văn Cường",
       chu_ho="Nguyễn Văn Hoà", dia_chi="Xóm 3", thu_nhap_bq=1_450_000, tuong="không bền chắc",
       khung="không bền chắc", mai="bền chắc", dien_tich_nha=20.5, nguon_nuoc="nước máy",
       nha_tieu="không có", dung_internet="có", thiet_bi_thong_tin="tivi", ho_co_cong="không",
       nguyen_nhan_ngheo="thiếu vốn; ốm đau"),
    _h(ma_ho="H002", ma_xa="12345", ten_xa="Xã Minh Hòa", thon="Tổ 5", khu_vuc="thành thị",
       nam_ra_soat=2025, ngay_ra_soat=dt.date(2025, 10, 16), chu_ho="Lò Thị Mai", diem_a=150,
       phan_loai_truoc="cận nghèo", tuong="bền chắc", khung="bền chắc", mai="bền chắc",
       dien_tich_nha=30.0, nguon_nuoc="giếng khoan", nha_tieu="tự hoại", dung_internet="không",
       thiet_bi_thong_tin="tivi; điện thoại thông minh", ho_co_cong="có"),
    _h(ma_ho="H003", ma_xa="12345", ten_xa="Xã Minh Hòa", thon="Thôn Đông", khu_vuc="nông thôn",
       nam_ra_soat=2025, ngay_ra_soat=dt.date(2025, 10, 17), chu_ho="Phạm Đức Thuỷ",
       thu_nhap_bq=4_000_000, tuong="bền chắc", khung="bền chắc", mai="bền chắc",
       dien_tich_nha=80.0, nguon_nuoc="nước máy", nha_tieu="tự hoại", dung_internet="có",
       thiet_bi_thong_tin="tivi; máy tính", ho_co_cong="không", ghi_chu="Hộ khá"),
]  # fmt: skip
GOLDEN_TV: list[list[Any]] = [
    _m(ma_ho="H001", stt=1, ho_ten="Nguyễn Văn Hoà", quan_he="chủ hộ", gioi_tinh="nam", ngay_sinh="1960",
       dan_toc="Kinh", viec_lam="tự làm nông nghiệp", kha_nang_lao_dong="có", tro_cap_xa_hoi="không",
       bhyt="không", trinh_do="tiểu học"),
    _m(ma_ho="H001", stt=2, ho_ten="Lê Thị Bình", quan_he="vợ", gioi_tinh="nữ", ngay_sinh="05/1962",
       dan_toc="Kinh", so_dinh_danh="001162000123", viec_lam="không tham gia lao động",
       kha_nang_lao_dong="không", tro_cap_xa_hoi="không", bhyt="có", trinh_do="tiểu học"),
    _m(ma_ho="H002", stt=1, ho_ten="Lò Thị Mai", quan_he="chủ hộ", gioi_tinh="nữ", ngay_sinh="12/03/1980",
       dan_toc="Thái", so_dinh_danh="014180001234", viec_lam="làm công không hợp đồng",
       kha_nang_lao_dong="có", tro_cap_xa_hoi="không", bhyt="có", trinh_do="THCS"),
    _m(ma_ho="H003", stt=1, ho_ten="Phạm Đức Thuỷ", quan_he="chủ hộ", gioi_tinh="nam", ngay_sinh="20/07/1975",
       dan_toc="Kinh", so_dinh_danh="036075009876", viec_lam="làm công có hợp đồng",
       kha_nang_lao_dong="có", tro_cap_xa_hoi="không", bhyt="có", trinh_do="đại học trở lên"),
    _m(ma_ho="H003", stt=2, ho_ten="Vũ Thị Hằng", quan_he="vợ", gioi_tinh="nữ", ngay_sinh="1978",
       dan_toc="Kinh", viec_lam="tự làm phi nông nghiệp", kha_nang_lao_dong="có", tro_cap_xa_hoi="không",
       bhyt="có", trinh_do="THPT"),
    _m(ma_ho="H003", stt=3, ho_ten="Phạm Minh Khoa", quan_he="con", gioi_tinh="nam", ngay_sinh="02/09/2012",
       dan_toc="Kinh", tro_cap_xa_hoi="không", bhyt="có", dang_di_hoc="có", dinh_duong="bình thường"),
    _m(ma_ho="H003", stt=4, ho_ten="Phạm Thị Lan", quan_he="mẹ", gioi_tinh="nữ", ngay_sinh="1950",
       dan_toc="Kinh", viec_lam="không tham gia lao động", kha_nang_lao_dong="không",
       tro_cap_xa_hoi="có", bhyt="có", trinh_do="chưa đi học"),
]  # fmt: skip


def golden_sheets() -> dict[str, list[list[Any]]]:
    """The golden workbook: codes row, labels row, data."""
    return {
        "Ho": [list(H_CODES), list(H_LABELS), *[list(r) for r in GOLDEN_HO]],
        "ThanhVien": [list(M_CODES), list(M_LABELS), *[list(r) for r in GOLDEN_TV]],
    }


def _nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def messy_sheets() -> dict[str, list[list[Any]]]:
    """The golden households as communes type them (see the module docstring)."""
    ho_order = [8, 0, 3, 1, 2, 4, 5, 6, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 7, 9]
    ho = [
        ["DANH SÁCH HỘ GIA ĐÌNH RÀ SOÁT NĂM 2025", None, None],
        [None],
        [*[H_LABELS[i].upper() if i == 0 else H_LABELS[i] for i in ho_order], "Ghi chú thêm", "phan_loai"],
    ]
    messy_h = [
        {"ma_ho": " H001", "ten_xa": _nfd("Xã  Minh Hòa"), "khu_vuc": "Nông Thôn", "ngay_ra_soat": "15/10/2025",
         "chu_ho": "Nguyễn\u00a0Văn Hoà\u200b", "thu_nhap_bq": "1.450.000", "tuong": "KHÔNG BỀN CHẮC",
         "dien_tich_nha": "20,5", "dung_internet": True, "thiet_bi_thong_tin": "Tivi",
         "nguyen_nhan_ngheo": "thiếu vốn ; ốm đau", "ho_co_cong": None},
        {"khu_vuc": "đô thị", "ngay_ra_soat": "2025-10-16", "diem_a": "150", "phan_loai_truoc": "Cận Nghèo",
         "dung_internet": 0.0, "thiet_bi_thong_tin": "điện thoại thông minh;tivi", "ho_co_cong": "x"},
        {"ngay_ra_soat": dt.datetime(2025, 10, 17, 8, 30), "thu_nhap_bq": 4_000_000.0, "nha_tieu": "Tự hoại",
         "dung_internet": "1", "nguon_nuoc": "Nước máy", "ghi_chu": "  Hộ khá  ",
         "ho_co_cong": None},
    ]  # fmt: skip
    for row, tweaks in zip(GOLDEN_HO, messy_h, strict=True):
        values = dict(zip(H_CODES, row, strict=True))
        values.update(tweaks)
        ho.append([values[H_CODES[i]] for i in ho_order] + ["ghi thêm", "nghèo"])
        ho.append([None] * len(ho_order))  # an empty row between households
    tv_order = [2, 0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    tv = [[M_CODES[i] for i in tv_order], [M_LABELS[i] for i in tv_order]]
    messy_m: list[dict[str, Any]] = [
        {"stt": "1", "quan_he": "Chủ hộ", "gioi_tinh": "Nam", "ngay_sinh": 1960.0, "dan_toc": "kinh",
         "kha_nang_lao_dong": 1.0, "tro_cap_xa_hoi": 0.0, "bhyt": None},
        {"ho_ten": _nfd("Lê Thị Bình"), "gioi_tinh": "Nữ", "dan_toc": "01", "kha_nang_lao_dong": 0.0,
         "tro_cap_xa_hoi": False, "bhyt": "x"},
        {"ngay_sinh": dt.datetime(1980, 3, 12), "dan_toc": "Thai", "viec_lam": "Làm công không hợp đồng",
         "kha_nang_lao_dong": True, "tro_cap_xa_hoi": "Không", "bhyt": "X"},
        {"trinh_do": "Đại học trở lên", "bhyt": "x", "kha_nang_lao_dong": "Có"},
        {"trinh_do": "thpt", "bhyt": "x"},
        {"dang_di_hoc": "Có", "bhyt": "x", "dinh_duong": "Bình thường", "tro_cap_xa_hoi": "k"},
        {"ngay_sinh": "1950", "bhyt": "x", "tro_cap_xa_hoi": "co"},
    ]  # fmt: skip
    for row, tweaks in zip(GOLDEN_TV, messy_m, strict=True):
        values = dict(zip(M_CODES, row, strict=True))
        values.update(tweaks)
        tv.append([values[M_CODES[i]] for i in tv_order])
    return {"Hộ": ho, "Thành viên": tv}


def write_book(
    path: Path,
    sheets: dict[str, Sequence[Sequence[Any]]],
    *,
    merges: Sequence[tuple[str, str]] = (),
    formulas: Sequence[tuple[str, str, str, Any]] = (),
) -> Path:
    """A workbook with these rows (``None`` = no cell); ``merges`` = [(sheet, "A1:F1")],
    ``formulas`` = [(sheet, "K3", "=1000*1450", cached value)]."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, bool):
                    ws.write_boolean(i, j, v)
                elif isinstance(v, dt.datetime | dt.date):
                    ws.write_datetime(i, j, v, date)
                elif isinstance(v, int | float):
                    ws.write_number(i, j, v)
                else:
                    ws.write_string(i, j, str(v))
        for sheet, ref in merges:
            if sheet == name:
                ws.merge_range(ref, None)
        for sheet, ref, formula, value in formulas:
            if sheet == name:
                ws.write_formula(ref, formula, None, value)
    wb.close()
    return path


def db_dump(path: Path) -> list[str]:
    """Every table's content (SQL text), to prove a refused import changed nothing."""
    conn = sqlite3.connect(str(path))
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
