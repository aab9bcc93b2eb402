"""The domain nouns as plain immutable values: households, members, classifications.

Values are stored the way the interchange workbook writes them (canonical Vietnamese choice
strings in NFC, e.g. ``"không bền chắc"``) so that storage, export and display agree without a
translation table. Parsing and normalisation of user input live in :mod:`povdesk.fields`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NewType

from povdesk.text import PartialDate

HouseholdId = NewType("HouseholdId", int)
MemberId = NewType("MemberId", int)

RURAL = "nông thôn"
URBAN = "thành thị"
AREAS_ALL = (RURAL, URBAN)


class HouseholdClass(StrEnum):
    """Result of classification; the value is stable ASCII, ``label`` is what people read."""

    POOR = "poor"
    NEAR_POOR = "near_poor"
    AVERAGE = "average"
    NOT_POOR = "not_poor"

    @property
    def label(self) -> str:
        return _CLASS_LABELS[self]

    @classmethod
    def from_label(cls, label: str) -> HouseholdClass:
        for k, v in _CLASS_LABELS.items():
            if v == label:
                return k
        raise ValueError(label)


_CLASS_LABELS = {
    HouseholdClass.POOR: "nghèo",
    HouseholdClass.NEAR_POOR: "cận nghèo",
    HouseholdClass.AVERAGE: "mức sống trung bình",
    HouseholdClass.NOT_POOR: "không nghèo",
}


@dataclass(frozen=True, slots=True)
class Commune:
    code: str
    name: str
    area: str = RURAL  # RURAL or URBAN; the default for households of this commune


@dataclass(frozen=True, slots=True)
class Member:
    """One row of the roster (sheet ``ThanhVien``). ``None`` means "not answered"."""

    stt: int
    ho_ten: str
    quan_he: str
    gioi_tinh: str
    ngay_sinh: PartialDate
    dan_toc: str = "01"
    so_dinh_danh: str | None = None
    viec_lam: str | None = None
    kha_nang_lao_dong: bool | None = None
    tro_cap_xa_hoi: bool | None = None
    bhyt: bool | None = None
    trinh_do: str | None = None
    dang_di_hoc: bool | None = None
    dinh_duong: str | None = None


@dataclass(frozen=True, slots=True)
class Household:
    """One household in one review year (sheet ``Ho``), with its members in ``stt`` order.

    The key is (``ma_xa``, ``ma_ho``, ``nam_ra_soat``).
    """

    ma_ho: str
    ma_xa: str
    thon: str
    khu_vuc: str
    nam_ra_soat: int
    ngay_ra_soat: dt.date
    chu_ho: str
    tuong: str
    khung: str
    mai: str
    dien_tich_nha: float
    nguon_nuoc: str
    nha_tieu: str
    dung_internet: bool
    ten_xa: str | None = None
    ra_soat_vien: str | None = None
    dia_chi: str | None = None
    thu_nhap_bq: int | None = None
    diem_a: int | None = None
    phan_loai_truoc: str | None = None
    thiet_bi_thong_tin: tuple[str, ...] = ()
    xu_ly_rac: str | None = None
    ho_co_cong: bool | None = None
    nguyen_nhan_ngheo: tuple[str, ...] = ()
    ghi_chu: str | None = None
    members: tuple[Member, ...] = field(default=())

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.ma_xa, self.ma_ho, self.nam_ra_soat)

    @property
    def size(self) -> int:
        """Household size = number of member rows (reference-rules.md)."""
        return len(self.members)


@dataclass(frozen=True, slots=True)
class Classification:
    """What the classifier decided and why; stored with the household so it can be explained."""

    rule_set: str
    klass: HouseholdClass
    deprived: tuple[str, ...]
    income: int | None
    score_a: int | None
    line: int
    upper: int | None
    explanation: str
    inputs: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def deprivation_count(self) -> int:
        return len(self.deprived)
