"""Shared fixtures: a fresh workspace on a temporary file, and raw household records."""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from povdesk.workspace import Workspace

RAW_HOUSEHOLD: dict[str, Any] = {
    "ma_ho": "H001",
    "ma_xa": "12345",
    "ten_xa": "Xã Minh Hòa",
    "thon": "Thôn Đông",
    "khu_vuc": "nông thôn",
    "nam_ra_soat": 2025,
    "ngay_ra_soat": "15/10/2025",
    "ra_soat_vien": "Trần Văn C",
    "chu_ho": "Nguyễn Văn Hoà",
    "thu_nhap_bq": "1.450.000",
    "tuong": "không bền chắc",
    "khung": "không bền chắc",
    "mai": "bền chắc",
    "dien_tich_nha": 20,
    "nguon_nuoc": "nước máy",
    "nha_tieu": "không có",
    "dung_internet": "có",
    "thiet_bi_thong_tin": "tivi",
    "thanh_vien": [
        {"stt": 1, "ho_ten": "Nguyễn Văn Hòa", "quan_he": "chủ hộ", "gioi_tinh": "nam",
         "ngay_sinh": "1960", "bhyt": "không", "viec_lam": "tự làm nông nghiệp", "trinh_do": "tiểu học"},
        {"stt": 2, "ho_ten": "Lê Thị Bình", "quan_he": "vợ", "gioi_tinh": "nữ", "ngay_sinh": "1962",
         "bhyt": "có", "viec_lam": "không tham gia lao động", "trinh_do": "tiểu học",
         "kha_nang_lao_dong": "không", "so_dinh_danh": "001162000123"},
    ],
}  # fmt: skip


@pytest.fixture
def raw_household() -> dict[str, Any]:
    """A valid raw household (poor: income 1.450.000, deprived in 1.2, 2.2, 4.1, 5.2)."""
    return copy.deepcopy(RAW_HOUSEHOLD)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "xa.sqlite"


@pytest.fixture
def ws(db_path: Path) -> Iterator[Workspace]:
    with Workspace.open(db_path) as w:
        yield w
