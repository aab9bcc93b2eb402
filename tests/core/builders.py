"""Test-data builders for households that are deprived in nothing unless a test says so.

``hh()`` returns a household of four working adults in good housing with safe water, a
hygienic latrine, internet, a television and collected waste: deprived in no indicator of any
rule set. A test adds people (``person(...)``) or overrides household fields to change exactly
one thing. People are given by age at the survey date (``person(15)``) or by an exact birth
date (``person(born=PartialDate(2007, 3, 1))``); their answers default to the non-deprived ones
for that age.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from povdesk.domain import RURAL, Household, Member
from povdesk.text import PartialDate

DURABLE = "bền chắc"
NON_DURABLE = "không bền chắc"


def survey_date(year: int) -> dt.date:
    """The default survey date of a review year: 15 June."""
    return dt.date(year, 6, 15)


@dataclass(frozen=True)
class Person:
    """A member to be built against the household's survey date."""

    age: int | None = None
    born: PartialDate | None = None
    sex: str = "nam"
    answers: dict[str, Any] = field(default_factory=dict)

    def birth(self, ref: dt.date) -> PartialDate:
        if self.born is not None:
            return self.born
        assert self.age is not None
        # Born on 1 January: completed age at a mid-year survey date is exactly ``age``.
        return PartialDate(ref.year - self.age, 1, 1)

    def build(self, stt: int, ref: dt.date) -> Member:
        birth = self.birth(ref)
        rough_age = ref.year - birth.year  # only to pick non-deprived default answers
        defaults: dict[str, Any] = {
            "kha_nang_lao_dong": True,
            "tro_cap_xa_hoi": False,
            "bhyt": True,
            "viec_lam": "làm công có hợp đồng" if rough_age >= 15 else None,
            "trinh_do": ("THPT" if rough_age >= 18 else "THCS" if rough_age >= 16 else "tiểu học"),
            "dang_di_hoc": 3 <= rough_age <= 17,
            "dinh_duong": "bình thường" if rough_age < 16 else None,
        }
        return Member(
            stt=stt,
            ho_ten=f"Thành viên {stt}",
            quan_he="chủ hộ" if stt == 1 else "khác",
            gioi_tinh=self.sex,
            ngay_sinh=birth,
            **{**defaults, **self.answers},
        )


def person(
    age: int | None = None, *, born: PartialDate | None = None, sex: str = "nam", **answers: Any
) -> Person:
    """A member aged ``age`` at the survey date (or born on ``born``) with the given answers."""
    if (age is None) == (born is None):
        raise TypeError("give exactly one of age and born")
    return Person(age=age, born=born, sex=sex, answers=answers)


BASELINE: tuple[Person, ...] = (
    person(45),
    person(42, sex="nữ"),
    person(38),
    person(36, sex="nữ"),
)
"""Four working adults (contract wage work, insured, THPT, able to work, no allowance)."""

# Household-level changes that deprive exactly one indicator each, in every rule set.
DEPRIVE: dict[str, dict[str, Any]] = {
    "4.1": {"tuong": NON_DURABLE, "khung": NON_DURABLE},
    "5.1": {"nguon_nuoc": "khác"},
    "5.2": {"nha_tieu": "không có"},
    "6.1": {"dung_internet": False},
}


def deprived_in(*codes: str) -> dict[str, Any]:
    """Household field overrides that deprive the household in ``codes`` (from ``DEPRIVE``)."""
    out: dict[str, Any] = {}
    for code in codes:
        out.update(DEPRIVE[code])
    return out


def hh(
    *extra: Person | Member,
    roster: tuple[Person | Member, ...] = BASELINE,
    year: int = 2022,
    survey: dt.date | None = None,
    **fields: Any,
) -> Household:
    """A household of ``roster`` + ``extra`` (re-numbered from stt 1) with ``fields`` overridden."""
    ref = survey or survey_date(year)
    members: list[Member] = []
    for stt, p in enumerate((*roster, *extra), start=1):
        if isinstance(p, Member):
            members.append(p)
        else:
            members.append(p.build(stt, ref))
    defaults: dict[str, Any] = {
        "ma_ho": "H001",
        "ma_xa": "00001",
        "thon": "Thôn 1",
        "khu_vuc": RURAL,
        "nam_ra_soat": year,
        "ngay_ra_soat": ref,
        "chu_ho": members[0].ho_ten if members else "",
        "tuong": DURABLE,
        "khung": DURABLE,
        "mai": DURABLE,
        "dien_tich_nha": 100.0,
        "nguon_nuoc": "nước máy",
        "nha_tieu": "tự hoại",
        "dung_internet": True,
        "thiet_bi_thong_tin": ("tivi",),
        "xu_ly_rac": "thu gom",
        "thu_nhap_bq": 1_000_000,
        "members": tuple(members),
    }
    return Household(**{**defaults, **fields})
