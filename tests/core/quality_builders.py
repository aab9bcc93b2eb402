"""Small valid households with chosen people, for the data-quality tests (povdesk.quality).

``person("Nguyễn Văn Hòa", "chủ hộ", born="1960")`` gives a raw member with the answers its age
requires; ``household("H001", [...])`` a raw household around them (survey date 15/10/2025);
``save(ws, raw)`` stores it through the validated path and returns its id.
"""

from __future__ import annotations

import copy
from typing import Any

from povdesk.domain import HouseholdId
from povdesk.validation import household_from_raw

SURVEY_YEAR = 2025

BASE: dict[str, Any] = {
    "ma_xa": "12345",
    "ten_xa": "Xã Minh Hòa",
    "thon": "Thôn Đông",
    "khu_vuc": "nông thôn",
    "nam_ra_soat": SURVEY_YEAR,
    "ngay_ra_soat": "15/10/2025",
    "thu_nhap_bq": "1.450.000",
    "tuong": "bền chắc",
    "khung": "bền chắc",
    "mai": "bền chắc",
    "dien_tich_nha": 60,
    "nguon_nuoc": "nước máy",
    "nha_tieu": "tự hoại",
    "dung_internet": "có",
    "thiet_bi_thong_tin": "tivi",
}


def _age(born: str) -> int:
    return SURVEY_YEAR - int(born[-4:])


def person(
    name: str,
    relation: str = "con",
    sex: str = "nam",
    born: str = "1990",
    pid: str | None = None,
    **answers: Any,
) -> dict[str, Any]:
    """A raw member; ``born`` is "yyyy", "mm/yyyy" or "dd/mm/yyyy"."""
    age = _age(born)
    m: dict[str, Any] = {
        "ho_ten": name,
        "quan_he": relation,
        "gioi_tinh": sex,
        "ngay_sinh": born,
        "bhyt": "có",
    }
    if age >= 15:
        m["viec_lam"] = "tự làm nông nghiệp"
    if age >= 16:
        m["trinh_do"] = "THPT"
    if 3 <= age <= 30:
        m["dang_di_hoc"] = "có" if age <= 17 else "không"
    if pid:
        m["so_dinh_danh"] = pid
    m.update(answers)
    return m


def household(ma_ho: str, members: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """A raw household; the first member is the head (``chu_ho`` follows its name)."""
    raw = {**copy.deepcopy(BASE), "ma_ho": ma_ho, **fields}
    raw["thanh_vien"] = [{**m, "stt": n} for n, m in enumerate(members, start=1)]
    raw.setdefault("chu_ho", members[0]["ho_ten"])
    return raw


def save(ws: Any, raw: dict[str, Any]) -> HouseholdId:
    h, problems = household_from_raw(raw, raw["thanh_vien"])
    assert h is not None, [str(p) for p in problems]
    return ws.households.save(h).id


def family(
    ma_ho: str, head: str, spouse: str, child: str, born: str = "1970", **fields: Any
) -> dict[str, Any]:
    """A plain, consistent household: head (man), wife and one son."""
    return household(
        ma_ho,
        [
            person(head, "chủ hộ", "nam", born),
            person(spouse, "vợ", "nữ", str(int(born) + 2)),
            person(child, "con", "nam", str(int(born) + 25)),
        ],
        **fields,
    )
