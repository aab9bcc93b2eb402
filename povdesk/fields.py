"""The interchange fields as data, and turning raw input (cells, JSON, typed text) into values.

This is the single place that knows each field of ``workbook-format.md``: its code, Vietnamese
label, type, choices and whether it is required. The Excel importer, the CLI's JSON input and the
desktop editor all parse through :func:`parse_value` and build households through
:func:`household_from_raw`, so the same input gives the same value and the same message
everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from povdesk.domain import RURAL, URBAN
from povdesk.text import (
    PartialDate,
    ethnicity_code,
    fold_choice,
    nfc,
    parse_birth,
    parse_date,
    parse_number,
    validate_person_id,
)

HOUSEHOLD_SHEET = "Ho"
MEMBER_SHEET = "ThanhVien"

# Choice lists (canonical spelling). Input is matched after fold_choice (NFC, tones, case).
AREAS = (RURAL, URBAN)
DURABILITY = ("bền chắc", "không bền chắc")
WATER = (
    "nước máy", "giếng khoan", "giếng đào được bảo vệ", "khe mó được bảo vệ", "nước mưa",
    "nước đóng chai", "giếng đào không được bảo vệ", "khe mó không được bảo vệ",
    "nước sông suối ao hồ", "khác",
)  # fmt: skip
LATRINE = (
    "tự hoại", "bán tự hoại", "hai ngăn", "chìm có ống thông hơi", "thấm dội nước",
    "không hợp vệ sinh", "không có",
)  # fmt: skip
DEVICES = ("tivi", "radio", "máy tính", "điện thoại thông minh", "máy tính bảng")
WASTE = ("thu gom", "tự xử lý hợp vệ sinh", "không xử lý")
PREVIOUS_CLASS = ("nghèo", "cận nghèo")
RELATION = (
    "chủ hộ", "vợ", "chồng", "con", "bố", "mẹ", "ông", "bà", "cháu", "anh chị em",
    "con dâu", "con rể", "khác",
)  # fmt: skip
SEX = ("nam", "nữ")
EMPLOYMENT = (
    "làm công có hợp đồng", "làm công không hợp đồng", "tự làm nông nghiệp",
    "tự làm phi nông nghiệp", "thất nghiệp", "không tham gia lao động",
)  # fmt: skip
EDUCATION = (
    "chưa đi học", "tiểu học", "THCS", "THPT", "sơ cấp", "trung cấp", "cao đẳng",
    "đại học trở lên",
)  # fmt: skip
NUTRITION = ("bình thường", "thấp còi", "nhẹ cân")
HEAD = "chủ hộ"

# Accepted spellings beyond the canonical ones (folded key -> canonical value).
ALIASES = {"đô thị": URBAN, "thanh thi": URBAN, "nong thon": RURAL}

YES = {"có", "co", "x", "1", "true", "yes", "c"}
NO = {"không", "khong", "0", "false", "no", "k"}


@dataclass(frozen=True)
class FieldSpec:
    """One column of the interchange format.

    ``kind`` is one of: text, code, choice, list, int, number, date, birth, bool, person_id,
    ethnicity. ``required`` is True, False, or an age range ``(min, max)`` for member fields
    required only at those ages (inclusive).
    """

    code: str
    label: str
    kind: str
    required: bool | tuple[int, int] = False
    choices: tuple[str, ...] = ()


def _f(code: str, label: str, kind: str, required: bool | tuple[int, int] = False,
       choices: tuple[str, ...] = ()) -> FieldSpec:  # fmt: skip
    return FieldSpec(code, label, kind, required, choices)


HOUSEHOLD_FIELDS: tuple[FieldSpec, ...] = (
    _f("ma_ho", "Mã hộ", "code", True),
    _f("ma_xa", "Mã xã", "code", True),
    _f("ten_xa", "Tên xã", "text"),
    _f("thon", "Thôn/Tổ dân phố", "text", True),
    _f("khu_vuc", "Khu vực", "choice", True, AREAS),
    _f("nam_ra_soat", "Năm rà soát", "int", True),
    _f("ngay_ra_soat", "Ngày rà soát", "date", True),
    _f("ra_soat_vien", "Rà soát viên", "text"),
    _f("chu_ho", "Họ tên chủ hộ", "text", True),
    _f("dia_chi", "Địa chỉ", "text"),
    _f("thu_nhap_bq", "Thu nhập bình quân (đồng/người/tháng)", "int"),
    _f("diem_a", "Điểm A", "int"),
    _f("phan_loai_truoc", "Phân loại năm trước", "choice", False, PREVIOUS_CLASS),
    _f("tuong", "Tường nhà", "choice", True, DURABILITY),
    _f("khung", "Khung, cột nhà", "choice", True, DURABILITY),
    _f("mai", "Mái nhà", "choice", True, DURABILITY),
    _f("dien_tich_nha", "Diện tích nhà ở (m²)", "number", True),
    _f("nguon_nuoc", "Nguồn nước sinh hoạt", "choice", True, WATER),
    _f("nha_tieu", "Nhà tiêu", "choice", True, LATRINE),
    _f("dung_internet", "Có thành viên dùng internet", "bool", True),
    _f("thiet_bi_thong_tin", "Thiết bị tiếp cận thông tin", "list", False, DEVICES),
    _f("xu_ly_rac", "Xử lý rác thải", "choice", False, WASTE),
    _f("ho_co_cong", "Hộ có người có công", "bool"),
    _f("nguyen_nhan_ngheo", "Nguyên nhân nghèo", "list"),
    _f("ghi_chu", "Ghi chú", "text"),
)

MEMBER_FIELDS: tuple[FieldSpec, ...] = (
    _f("ma_ho", "Mã hộ", "code", True),
    _f("stt", "STT", "int", True),
    _f("ho_ten", "Họ và tên", "text", True),
    _f("quan_he", "Quan hệ với chủ hộ", "choice", True, RELATION),
    _f("gioi_tinh", "Giới tính", "choice", True, SEX),
    _f("ngay_sinh", "Ngày sinh (hoặc năm sinh)", "birth", True),
    _f("dan_toc", "Dân tộc", "ethnicity"),
    _f("so_dinh_danh", "Số định danh cá nhân", "person_id"),
    _f("viec_lam", "Việc làm", "choice", (15, 10_000), EMPLOYMENT),
    _f("kha_nang_lao_dong", "Có khả năng lao động", "bool"),
    _f("tro_cap_xa_hoi", "Hưởng trợ cấp xã hội hằng tháng", "bool"),
    _f("bhyt", "Có bảo hiểm y tế", "bool", True),
    _f("trinh_do", "Trình độ cao nhất", "choice", (16, 10_000), EDUCATION),
    _f("dang_di_hoc", "Đang đi học", "bool", (3, 30)),
    _f("dinh_duong", "Dinh dưỡng (dưới 16 tuổi)", "choice", False, NUTRITION),
)

FIELDS_BY_CODE = {
    HOUSEHOLD_SHEET: {f.code: f for f in HOUSEHOLD_FIELDS},
    MEMBER_SHEET: {f.code: f for f in MEMBER_FIELDS},
}

# Computed columns an export adds; an importer ignores them silently.
COMPUTED_FIELDS = ("phan_loai", "so_chi_so_thieu_hut", "chi_so_thieu_hut")


def _choice_index(choices: Iterable[str]) -> dict[str, str]:
    return {fold_choice(c): c for c in choices}


_CHOICE_INDEX: dict[tuple[str, ...], dict[str, str]] = {}


def match_choice(raw: str, choices: tuple[str, ...]) -> str:
    """Canonical spelling of ``raw`` among ``choices`` (NFC, tones, case-insensitive)."""
    idx = _CHOICE_INDEX.get(choices)
    if idx is None:
        idx = _CHOICE_INDEX[choices] = _choice_index(choices)
    key = fold_choice(raw)
    if key in idx:
        return idx[key]
    alias = ALIASES.get(key)
    if alias is not None and alias in choices:
        return alias
    shown = ", ".join(f"'{c}'" for c in choices)
    raise ValueError(f"Giá trị '{raw}' không nằm trong danh sách: {shown}")


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not nfc(raw))


def parse_value(spec: FieldSpec, raw: Any) -> Any:
    """Turn one raw input (cell value, JSON value or typed text) into the stored value.

    Returns ``None`` for a blank input. Raises ``ValueError`` with a Vietnamese message.
    """
    if is_blank(raw):
        return None
    return _PARSERS[spec.kind](spec, raw)


def _text(spec: FieldSpec, raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return nfc(str(raw))


def _code(spec: FieldSpec, raw: Any) -> str:
    if isinstance(raw, float):
        raise ValueError("Mã phải là văn bản, không phải số (ô số có thể đã mất số 0 ở đầu)")
    s = _text(spec, raw)
    if spec.code == "ma_xa" and not (len(s) == 5 and s.isdigit()):
        raise ValueError(f"Mã xã phải gồm đúng 5 chữ số (nhận được '{s}')")
    return s


def _int(spec: FieldSpec, raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError("Cần một số nguyên")
    n = raw if isinstance(raw, int | float) else parse_number(str(raw))
    if isinstance(n, float) and not n.is_integer():
        raise ValueError(f"Cần một số nguyên (nhận được {raw})")
    if n < 0:
        raise ValueError(f"Không được là số âm (nhận được {raw})")
    return int(n)


def _number(spec: FieldSpec, raw: Any) -> float:
    if isinstance(raw, bool):
        raise ValueError("Cần một số")
    n = raw if isinstance(raw, int | float) else parse_number(str(raw))
    if n < 0:
        raise ValueError(f"Không được là số âm (nhận được {raw})")
    return float(n)


def _date(spec: FieldSpec, raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    return parse_date(str(raw))


def _birth(spec: FieldSpec, raw: Any) -> PartialDate:
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        return PartialDate.from_date(raw)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, PartialDate):
        return raw
    return parse_birth(str(raw))


def _bool(spec: FieldSpec, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    key = fold_choice(str(raw))
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(f"Cần 'có' hoặc 'không' (nhận được '{raw}')")


def _choice(spec: FieldSpec, raw: Any) -> str:
    return match_choice(_text(spec, raw), spec.choices)


def _list(spec: FieldSpec, raw: Any) -> tuple[str, ...]:
    items = raw if isinstance(raw, list | tuple) else str(raw).split(";")
    out = [nfc(str(i)) for i in items if nfc(str(i))]
    if spec.choices:
        out = [match_choice(i, spec.choices) for i in out]
        return tuple(c for c in spec.choices if c in out)  # canonical order, no duplicates
    return tuple(dict.fromkeys(out))


def _person_id(spec: FieldSpec, raw: Any) -> str:
    if isinstance(raw, int | float):
        raise ValueError(
            "Số định danh phải nhập dạng văn bản: ô kiểu số đã làm mất số 0 ở đầu "
            f"({raw!r}); định dạng cột là Text rồi nhập lại"
        )
    check = validate_person_id(_text(spec, raw))
    if check.errors:
        raise ValueError("; ".join(check.errors))
    return check.value


def _ethnicity(spec: FieldSpec, raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return ethnicity_code(str(raw))


_PARSERS = {
    "text": _text, "code": _code, "int": _int, "number": _number, "date": _date,
    "birth": _birth, "bool": _bool, "choice": _choice, "list": _list,
    "person_id": _person_id, "ethnicity": _ethnicity,
}  # fmt: skip
