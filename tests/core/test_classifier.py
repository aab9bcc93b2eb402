"""Tests for povdesk.rules.classifier against shared/domain/reference-rules.md.

Every expected number below is copied from reference-rules.md, not read from the rule-set files,
so a wrong number in a file or a wrong comparison in the code fails a test. Each indicator test
starts from ``builders.hh()`` (deprived in nothing) and changes one raw answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from builders import NON_DURABLE, Person, deprived_in, hh, person

from povdesk.domain import RURAL, URBAN, Household, HouseholdClass
from povdesk.errors import ValidationError
from povdesk.rules import RuleBook, classify, deprivations
from povdesk.rules.classifier import age_years, is_working_age
from povdesk.text import PartialDate

BOOK = RuleBook.load()
RULE_SETS = ("VN-2022", "VN-2027")
YEAR = {"VN-2022": 2022, "VN-2027": 2027}  # a review year each rule set governs

POOR = HouseholdClass.POOR
NEAR = HouseholdClass.NEAR_POOR
AVERAGE = HouseholdClass.AVERAGE
NOT_POOR = HouseholdClass.NOT_POOR

Build = Callable[[int], Household]  # review year -> household


def P(y: int, m: int, d: int) -> PartialDate:
    """A full birth date."""
    return PartialDate(y, m, d)


# --- the twelve indicators at their thresholds ---------------------------------------------


def trio(x: Person) -> tuple[Person, ...]:
    """A 3-person roster (adult, child of 10, ``x``): 1.2 is deprived iff ``x`` is a dependant."""
    return (person(40), person(10), x)


COMMON_CASES: list[tuple[str, bool, Build]] = [
    # 1.1 employment: a working-age member unemployed or in wage work without contract
    ("1.1", True, lambda y: hh(person(30, viec_lam="thất nghiệp"), year=y)),
    ("1.1", True, lambda y: hh(person(30, viec_lam="làm công không hợp đồng"), year=y)),
    ("1.1", True, lambda y: hh(person(15, viec_lam="thất nghiệp"), year=y)),
    ("1.1", False, lambda y: hh(person(14, viec_lam="thất nghiệp"), year=y)),
    ("1.1", False, lambda y: hh(person(65, viec_lam="thất nghiệp"), year=y)),
    ("1.1", False, lambda y: hh(person(65, viec_lam="làm công không hợp đồng"), year=y)),
    ("1.1", False, lambda y: hh(person(30, viec_lam="làm công có hợp đồng"), year=y)),
    ("1.1", False, lambda y: hh(person(30, viec_lam="tự làm nông nghiệp"), year=y)),
    ("1.1", False, lambda y: hh(person(30, viec_lam="tự làm phi nông nghiệp"), year=y)),
    ("1.1", False, lambda y: hh(person(30, viec_lam="không tham gia lao động"), year=y)),
    # 1.2 dependants: share > 50 %
    ("1.2", False, lambda y: hh(person(10), person(8), roster=(person(40), person(38)), year=y)),
    (
        "1.2",
        True,
        lambda y: hh(person(10), person(8), person(70), roster=(person(40), person(38)), year=y),
    ),
    ("1.2", True, lambda y: hh(roster=trio(person(15)), year=y)),
    ("1.2", False, lambda y: hh(roster=trio(person(16)), year=y)),
    ("1.2", False, lambda y: hh(roster=trio(person(59)), year=y)),
    ("1.2", True, lambda y: hh(roster=trio(person(60)), year=y)),
    ("1.2", True, lambda y: hh(roster=trio(person(40, kha_nang_lao_dong=False)), year=y)),
    ("1.2", False, lambda y: hh(roster=trio(person(40, kha_nang_lao_dong=None)), year=y)),
    ("1.2", True, lambda y: hh(roster=trio(person(40, tro_cap_xa_hoi=True)), year=y)),
    (
        "1.2",  # two dependants who each qualify twice still count as two of four: 50 %
        False,
        lambda y: hh(
            roster=(
                person(40),
                person(38),
                person(10, tro_cap_xa_hoi=True),
                person(70, kha_nang_lao_dong=False, tro_cap_xa_hoi=True),
            ),
            year=y,
        ),
    ),
    # 2.1 nutrition: a member under 16 stunted or underweight
    ("2.1", True, lambda y: hh(person(15, dinh_duong="thấp còi"), year=y)),
    ("2.1", True, lambda y: hh(person(15, dinh_duong="nhẹ cân"), year=y)),
    ("2.1", True, lambda y: hh(person(0, dinh_duong="nhẹ cân"), year=y)),
    ("2.1", False, lambda y: hh(person(16, dinh_duong="thấp còi"), year=y)),
    ("2.1", False, lambda y: hh(person(5, dinh_duong="bình thường"), year=y)),
    # 2.2 health insurance: a member aged 6+ uninsured
    ("2.2", False, lambda y: hh(person(5, bhyt=False), year=y)),
    ("2.2", True, lambda y: hh(person(6, bhyt=False), year=y)),
    ("2.2", True, lambda y: hh(person(80, bhyt=False), year=y)),
    # 3.1 adult education
    ("3.1", True, lambda y: hh(person(16, trinh_do="tiểu học", dang_di_hoc=False), year=y)),
    ("3.1", True, lambda y: hh(person(17, trinh_do="chưa đi học", dang_di_hoc=False), year=y)),
    ("3.1", False, lambda y: hh(person(17, trinh_do="THCS", dang_di_hoc=False), year=y)),
    ("3.1", True, lambda y: hh(person(18, trinh_do="THCS", dang_di_hoc=False), year=y)),
    ("3.1", True, lambda y: hh(person(30, trinh_do="THCS", dang_di_hoc=False), year=y)),
    ("3.1", True, lambda y: hh(person(25, trinh_do="tiểu học", dang_di_hoc=False), year=y)),
    ("3.1", False, lambda y: hh(person(18, trinh_do="THPT", dang_di_hoc=False), year=y)),
    ("3.1", False, lambda y: hh(person(25, trinh_do="sơ cấp", dang_di_hoc=False), year=y)),
    ("3.1", False, lambda y: hh(person(25, trinh_do="trung cấp", dang_di_hoc=False), year=y)),
    ("3.1", False, lambda y: hh(person(25, trinh_do="cao đẳng", dang_di_hoc=False), year=y)),
    ("3.1", False, lambda y: hh(person(25, trinh_do="đại học trở lên", dang_di_hoc=False), year=y)),
    ("3.1", False, lambda y: hh(person(31, trinh_do="chưa đi học", dang_di_hoc=False), year=y)),
    ("3.1", False, lambda y: hh(person(17, trinh_do="tiểu học", dang_di_hoc=True), year=y)),
    ("3.1", False, lambda y: hh(person(20, trinh_do="THCS", dang_di_hoc=True), year=y)),
    # 3.2 children's school attendance: aged 3-15 not attending
    ("3.2", False, lambda y: hh(person(2, dang_di_hoc=False), year=y)),
    ("3.2", True, lambda y: hh(person(3, dang_di_hoc=False), year=y)),
    ("3.2", True, lambda y: hh(person(15, dang_di_hoc=False), year=y)),
    ("3.2", False, lambda y: hh(person(16, dang_di_hoc=False), year=y)),
    # 4.1 housing quality: at least two of walls, frame, roof non-durable
    ("4.1", False, lambda y: hh(tuong=NON_DURABLE, year=y)),
    ("4.1", False, lambda y: hh(khung=NON_DURABLE, year=y)),
    ("4.1", False, lambda y: hh(mai=NON_DURABLE, year=y)),
    ("4.1", True, lambda y: hh(tuong=NON_DURABLE, khung=NON_DURABLE, year=y)),
    ("4.1", True, lambda y: hh(tuong=NON_DURABLE, mai=NON_DURABLE, year=y)),
    ("4.1", True, lambda y: hh(khung=NON_DURABLE, mai=NON_DURABLE, year=y)),
    ("4.1", True, lambda y: hh(tuong=NON_DURABLE, khung=NON_DURABLE, mai=NON_DURABLE, year=y)),
    # 4.2 floor area per person < 8 m² (baseline: 4 members)
    ("4.2", False, lambda y: hh(dien_tich_nha=32.0, year=y)),
    ("4.2", True, lambda y: hh(dien_tich_nha=31.96, year=y)),
    ("4.2", False, lambda y: hh(person(40), dien_tich_nha=40.0, year=y)),
    ("4.2", True, lambda y: hh(person(40), dien_tich_nha=39.95, year=y)),
    ("4.2", False, lambda y: hh(roster=(person(40),), dien_tich_nha=8.0, year=y)),
    ("4.2", True, lambda y: hh(roster=(person(40),), dien_tich_nha=7.99, year=y)),
    # 6.1 nobody uses the internet
    ("6.1", True, lambda y: hh(dung_internet=False, year=y)),
    ("6.1", False, lambda y: hh(dung_internet=True, year=y)),
]

GOOD_WATER = [
    "nước máy",
    "giếng khoan",
    "giếng đào được bảo vệ",
    "khe mó được bảo vệ",
    "nước mưa",
    "nước đóng chai",
]
BAD_WATER = ["giếng đào không được bảo vệ", "khe mó không được bảo vệ", "nước sông suối ao hồ", "khác"]
GOOD_LATRINE = ["tự hoại", "bán tự hoại", "hai ngăn", "chìm có ống thông hơi", "thấm dội nước"]
BAD_LATRINE = ["không hợp vệ sinh", "không có"]


def _with(**fields: Any) -> Build:
    """A builder of the baseline household with ``fields`` changed, for any review year."""
    return lambda y: hh(year=y, **fields)


COMMON_CASES += [("5.1", s in BAD_WATER, _with(nguon_nuoc=s)) for s in GOOD_WATER + BAD_WATER]
COMMON_CASES += [("5.2", k in BAD_LATRINE, _with(nha_tieu=k)) for k in GOOD_LATRINE + BAD_LATRINE]


def _case_id(code: str, deprived: bool, n: int) -> str:
    return f"{code}-{'deprived' if deprived else 'not'}-{n}"


@pytest.mark.parametrize("rs_id", RULE_SETS)
@pytest.mark.parametrize(
    ("code", "deprived", "build"),
    [pytest.param(*c, id=_case_id(c[0], c[1], n)) for n, c in enumerate(COMMON_CASES)],
)
def test_indicator_threshold_in_both_rule_sets(rs_id: str, code: str, deprived: bool, build: Build) -> None:
    """One changed raw answer deprives exactly its indicator on the deprived side of the threshold."""
    rs = BOOK.get(rs_id)
    h = build(YEAR[rs_id])
    assert deprivations(h, rs) == ((code,) if deprived else ())


DEVICES = ["tivi", "radio", "máy tính", "điện thoại thông minh", "máy tính bảng"]

# (build, deprived under VN-2022, deprived under VN-2027): indicators only one set has.
SPECIFIC_CASES = [
    pytest.param(lambda y: hh(thiet_bi_thong_tin=(), year=y), ("6.2",), (), id="6.2-no-device"),
    *[
        pytest.param(lambda y, d=d: hh(thiet_bi_thong_tin=(d,), year=y), (), (), id=f"6.2-only-{d}")
        for d in DEVICES
    ],
    pytest.param(lambda y: hh(xu_ly_rac="không xử lý", year=y), (), ("5.3",), id="5.3-untreated"),
    pytest.param(lambda y: hh(xu_ly_rac="thu gom", year=y), (), (), id="5.3-collected"),
    pytest.param(lambda y: hh(xu_ly_rac="tự xử lý hợp vệ sinh", year=y), (), (), id="5.3-self-treated"),
    pytest.param(lambda y: hh(xu_ly_rac=None, year=y), (), (), id="5.3-unanswered"),
]


@pytest.mark.parametrize(("build", "in_2022", "in_2027"), SPECIFIC_CASES)
def test_indicator_only_one_rule_set_has(
    build: Build, in_2022: tuple[str, ...], in_2027: tuple[str, ...]
) -> None:
    """6.2 (no information device) counts only in VN-2022 and 5.3 (untreated waste) only in VN-2027."""
    assert deprivations(build(2022), BOOK.get("VN-2022")) == in_2022
    assert deprivations(build(2027), BOOK.get("VN-2027")) == in_2027


@pytest.mark.parametrize(
    ("rs_id", "survey", "born", "sex", "deprived"),
    [
        # men: 60y6m in 2022, 61y9m in 2027
        ("VN-2022", dt.date(2022, 6, 15), P(1961, 12, 16), "nam", True),
        ("VN-2022", dt.date(2022, 6, 15), P(1961, 12, 15), "nam", False),
        ("VN-2027", dt.date(2027, 6, 15), P(1965, 9, 16), "nam", True),
        ("VN-2027", dt.date(2027, 6, 15), P(1965, 9, 15), "nam", False),
        # women: 55y8m in 2022, 57y4m in 2027
        ("VN-2022", dt.date(2022, 6, 15), P(1966, 10, 16), "nữ", True),
        ("VN-2022", dt.date(2022, 6, 15), P(1966, 10, 15), "nữ", False),
        ("VN-2027", dt.date(2027, 6, 15), P(1970, 2, 16), "nữ", True),
        ("VN-2027", dt.date(2027, 6, 15), P(1970, 2, 15), "nữ", False),
    ],
)
def test_employment_counts_only_before_retirement_date(
    rs_id: str, survey: dt.date, born: PartialDate, sex: str, deprived: bool
) -> None:
    """An unemployed member counts for 1.1 until the day before the retirement date, not on it."""
    h = hh(person(born=born, sex=sex, viec_lam="thất nghiệp"), year=survey.year, survey=survey)
    assert deprivations(h, BOOK.get(rs_id)) == (("1.1",) if deprived else ())


def deprived_everywhere(year: int) -> Household:
    """A household deprived in every indicator of every rule set."""
    return hh(
        roster=(
            person(40, viec_lam="thất nghiệp", bhyt=False),  # 1.1, 2.2
            person(20, trinh_do="THCS", dang_di_hoc=False),  # 3.1
            person(10, dang_di_hoc=False, dinh_duong="thấp còi"),  # 3.2, 2.1
            person(8),
            person(70),  # dependants 10, 8, 70: 3 of 5 -> 1.2
        ),
        dien_tich_nha=10.0,  # 2 m² per person -> 4.2
        thiet_bi_thong_tin=(),  # 6.2
        xu_ly_rac="không xử lý",  # 5.3
        year=year,
        **deprived_in("4.1", "5.1", "5.2", "6.1"),
    )


@pytest.mark.parametrize(
    ("rs_id", "codes"),
    [
        ("VN-2022", ("1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2", "6.1", "6.2")),
        ("VN-2027", ("1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2", "5.3", "6.1")),
    ],
)
def test_deprivations_listed_in_rule_set_order(rs_id: str, codes: tuple[str, ...]) -> None:
    """A household deprived in everything lists all twelve codes in the rule set's code order."""
    rs = BOOK.get(rs_id)
    h = deprived_everywhere(YEAR[rs_id])
    assert rs.indicator_codes == codes
    assert deprivations(h, rs) == codes
    c = classify(h, rs)
    assert c.deprived == codes
    assert c.deprivation_count == 12


@pytest.mark.parametrize("rs_id", RULE_SETS)
def test_deprivations_come_from_raw_answers_only(rs_id: str) -> None:
    """Last year's class, causes and notes do not change the derived deprivations or class."""
    rs = BOOK.get(rs_id)
    y = YEAR[rs_id]
    plain = hh(thu_nhap_bq=rs.line(RURAL), year=y)
    noisy = hh(
        thu_nhap_bq=rs.line(RURAL),
        phan_loai_truoc="nghèo",
        nguyen_nhan_ngheo=("thiếu vốn", "ốm đau"),
        ghi_chu="thiếu hụt 1.1; 2.2; 4.1",
        year=y,
    )
    assert deprivations(noisy, rs) == deprivations(plain, rs) == ()
    assert classify(noisy, rs).klass is classify(plain, rs).klass is NEAR


# --- ages at birthday boundaries -----------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "ref", "age"),
    [
        (P(2007, 6, 16), dt.date(2022, 6, 15), 14),
        (P(2007, 6, 15), dt.date(2022, 6, 15), 15),
        (P(2006, 6, 16), dt.date(2022, 6, 15), 15),
        (P(2006, 6, 15), dt.date(2022, 6, 15), 16),
        (P(2006, 12, 31), dt.date(2022, 1, 1), 15),
        (PartialDate(2007), dt.date(2022, 1, 1), 15),
        (PartialDate(2007), dt.date(2022, 12, 31), 15),
        (PartialDate(2007, 6), dt.date(2022, 5, 31), 14),  # month known: counts from the 1st
        (PartialDate(2007, 6), dt.date(2022, 6, 1), 15),
        (P(2008, 2, 29), dt.date(2023, 2, 28), 14),  # Feb 29 birthday: 1 March in common years
        (P(2008, 2, 29), dt.date(2023, 3, 1), 15),
        (P(2008, 2, 29), dt.date(2024, 2, 28), 15),
        (P(2008, 2, 29), dt.date(2024, 2, 29), 16),
    ],
)
def test_age_in_completed_years(birth: PartialDate, ref: dt.date, age: int) -> None:
    """Age is completed years at the survey date; with a birth year only, the year difference."""
    assert age_years(birth, ref) == age


def _born_before(years: int, ref: dt.date, days: int) -> PartialDate:
    """Birth date ``days`` days after the date exactly ``years`` years before ``ref``."""
    return PartialDate.from_date(ref.replace(year=ref.year - years) + dt.timedelta(days=days))


BIRTHDAY_CASES = [
    # (code, answers, age at the boundary, deprived the day before it, deprived on it)
    ("2.1", {"dinh_duong": "thấp còi"}, 16, True, False),
    ("3.2", {"dang_di_hoc": False}, 16, True, False),
    ("3.2", {"dang_di_hoc": False}, 3, False, True),
    ("2.2", {"bhyt": False}, 6, False, True),
    ("1.1", {"viec_lam": "thất nghiệp"}, 15, False, True),
]


@pytest.mark.parametrize("rs_id", RULE_SETS)
@pytest.mark.parametrize(
    ("code", "answers", "age", "before", "on"),
    [pytest.param(*c, id=f"{c[0]}-age{c[2]}") for c in BIRTHDAY_CASES],
)
def test_indicator_age_switches_on_the_birthday(
    rs_id: str, code: str, answers: dict[str, Any], age: int, before: bool, on: bool
) -> None:
    """An age threshold is crossed on the birthday itself, not the day before."""
    rs = BOOK.get(rs_id)
    survey = dt.date(YEAR[rs_id], 6, 15)
    for days, deprived in ((1, before), (0, on)):
        born = _born_before(age, survey, days)
        h = hh(person(born=born, **answers), year=survey.year, survey=survey)
        assert deprivations(h, rs) == ((code,) if deprived else ()), born


@pytest.mark.parametrize("rs_id", RULE_SETS)
@pytest.mark.parametrize(("born_days_after", "deprived"), [(1, False), (0, True)])
def test_dependant_at_sixty_switches_on_the_birthday(
    rs_id: str, born_days_after: int, deprived: bool
) -> None:
    """A member becomes a 1.2 dependant on the 60th birthday (the day before, aged 59, is not)."""
    survey = dt.date(YEAR[rs_id], 6, 15)
    x = person(born=_born_before(60, survey, born_days_after), viec_lam="không tham gia lao động")
    h = hh(roster=trio(x), year=survey.year, survey=survey)
    assert deprivations(h, BOOK.get(rs_id)) == (("1.2",) if deprived else ())


@pytest.mark.parametrize("rs_id", RULE_SETS)
@pytest.mark.parametrize(("born_days_after", "deprived"), [(1, True), (0, False)])
def test_under_sixteen_dependant_switches_on_the_birthday(
    rs_id: str, born_days_after: int, deprived: bool
) -> None:
    """A member stops being a 1.2 dependant (under 16) on the 16th birthday."""
    survey = dt.date(YEAR[rs_id], 6, 15)
    h = hh(
        roster=trio(person(born=_born_before(16, survey, born_days_after))), year=survey.year, survey=survey
    )
    assert deprivations(h, BOOK.get(rs_id)) == (("1.2",) if deprived else ())


@pytest.mark.parametrize("rs_id", RULE_SETS)
@pytest.mark.parametrize(
    ("code", "answers", "age_by_year", "deprived"),
    [
        ("2.1", {"dinh_duong": "thấp còi"}, 15, True),
        ("2.1", {"dinh_duong": "thấp còi"}, 16, False),
        ("2.2", {"bhyt": False}, 5, False),
        ("2.2", {"bhyt": False}, 6, True),
        ("3.2", {"dang_di_hoc": False}, 15, True),
        ("3.2", {"dang_di_hoc": False}, 16, False),
    ],
)
@pytest.mark.parametrize("survey_day", [(1, 2), (12, 31)])
def test_birth_year_only_uses_year_difference(
    rs_id: str,
    code: str,
    answers: dict[str, Any],
    age_by_year: int,
    deprived: bool,
    survey_day: tuple[int, int],
) -> None:
    """With only a birth year, age is survey year minus birth year on any day of the year."""
    survey = dt.date(YEAR[rs_id], *survey_day)
    born = PartialDate(survey.year - age_by_year)
    h = hh(person(born=born, **answers), year=survey.year, survey=survey)
    assert deprivations(h, BOOK.get(rs_id)) == ((code,) if deprived else ())


@pytest.mark.parametrize(
    ("rs_id", "born", "answers", "survey", "expected"),
    [
        # 6th birthday of a 29 Feb 2016 child in common year 2022 falls on 1 March
        ("VN-2022", P(2016, 2, 29), {"bhyt": False}, dt.date(2022, 2, 28), ()),
        ("VN-2022", P(2016, 2, 29), {"bhyt": False}, dt.date(2022, 3, 1), ("2.2",)),
        # 16th birthday in leap year 2024 falls on 29 February itself
        ("VN-2022", P(2008, 2, 29), {"dinh_duong": "thấp còi"}, dt.date(2024, 2, 28), ("2.1",)),
        ("VN-2022", P(2008, 2, 29), {"dinh_duong": "thấp còi"}, dt.date(2024, 2, 29), ()),
        # 3rd birthday in common year 2027
        ("VN-2027", P(2024, 2, 29), {"dang_di_hoc": False}, dt.date(2027, 2, 28), ()),
        ("VN-2027", P(2024, 2, 29), {"dang_di_hoc": False}, dt.date(2027, 3, 1), ("3.2",)),
        # 15th birthday (start of working age) in common year 2027
        ("VN-2027", P(2012, 2, 29), {"viec_lam": "thất nghiệp"}, dt.date(2027, 2, 28), ()),
        ("VN-2027", P(2012, 2, 29), {"viec_lam": "thất nghiệp"}, dt.date(2027, 3, 1), ("1.1",)),
    ],
)
def test_feb_29_birthdays(
    rs_id: str,
    born: PartialDate,
    answers: dict[str, Any],
    survey: dt.date,
    expected: tuple[str, ...],
) -> None:
    """A 29 February birthday is reached on 1 March in common years and on 29 February in leap years."""
    h = hh(person(born=born, **answers), year=survey.year, survey=survey)
    assert deprivations(h, BOOK.get(rs_id)) == expected


# --- working age and the retirement schedule -----------------------------------------------

# (sex, birth date, retirement date = birth + statutory age of that year), from the Labour Code
# schedule in reference-rules.md: men 60y6m in 2022 +3 months a year to 62; women 55y8m +4 to 60.
RETIREMENTS = [
    ("nam", P(1961, 9, 15), dt.date(2022, 3, 15)),  # 60y6m
    ("nam", P(1962, 5, 10), dt.date(2023, 2, 10)),  # 60y9m
    ("nam", P(1963, 1, 20), dt.date(2024, 1, 20)),  # 61y
    ("nam", P(1964, 3, 20), dt.date(2025, 6, 20)),  # 61y3m
    ("nam", P(1965, 1, 5), dt.date(2026, 7, 5)),  # 61y6m
    ("nam", P(1965, 8, 1), dt.date(2027, 5, 1)),  # 61y9m
    ("nam", P(1966, 7, 4), dt.date(2028, 7, 4)),  # 62y
    ("nam", P(1968, 11, 30), dt.date(2030, 11, 30)),  # 62y (cap)
    ("nữ", P(1966, 6, 10), dt.date(2022, 2, 10)),  # 55y8m
    ("nữ", P(1967, 4, 5), dt.date(2023, 4, 5)),  # 56y
    ("nữ", P(1967, 10, 12), dt.date(2024, 2, 12)),  # 56y4m
    ("nữ", P(1969, 9, 9), dt.date(2026, 9, 9)),  # 57y
    ("nữ", P(1970, 2, 15), dt.date(2027, 6, 15)),  # 57y4m
    ("nữ", P(1972, 3, 15), dt.date(2030, 7, 15)),  # 58y4m
    ("nữ", P(1975, 5, 5), dt.date(2035, 5, 5)),  # 60y
    ("nữ", P(1980, 1, 20), dt.date(2040, 1, 20)),  # 60y (cap)
]


@pytest.mark.parametrize("rs_id", RULE_SETS)
@pytest.mark.parametrize(
    ("sex", "born", "retires"), [pytest.param(*r, id=f"{r[0]}-{r[2]}") for r in RETIREMENTS]
)
def test_working_age_ends_on_retirement_date(
    rs_id: str, sex: str, born: PartialDate, retires: dt.date
) -> None:
    """With a full birth date a member is of working age the day before the retirement date, not on it."""
    wa = BOOK.get(rs_id).working_age
    assert is_working_age(born, sex, retires - dt.timedelta(days=1), wa) is True
    assert is_working_age(born, sex, retires, wa) is False
    assert is_working_age(born, sex, retires + dt.timedelta(days=1), wa) is False


@pytest.mark.parametrize("rs_id", RULE_SETS)
@pytest.mark.parametrize(
    ("sex", "year", "age", "working"),
    [
        ("nam", 2022, 60, True),  # 60 < 60.5
        ("nam", 2022, 61, False),
        ("nam", 2024, 60, True),  # retirement 61.0
        ("nam", 2024, 61, False),
        ("nam", 2025, 61, True),  # 61.25
        ("nam", 2025, 62, False),
        ("nam", 2028, 61, True),  # 62.0 (cap)
        ("nam", 2028, 62, False),
        ("nam", 2030, 62, False),
        ("nữ", 2022, 55, True),  # 55.67
        ("nữ", 2022, 56, False),
        ("nữ", 2023, 55, True),  # 56.0
        ("nữ", 2023, 56, False),
        ("nữ", 2024, 56, True),  # 56.33
        ("nữ", 2024, 57, False),
        ("nữ", 2035, 59, True),  # 60.0 (cap)
        ("nữ", 2035, 60, False),
        ("nữ", 2040, 60, False),
        ("nam", 2022, 14, False),
        ("nam", 2022, 15, True),
        ("nữ", 2027, 14, False),
        ("nữ", 2027, 15, True),
    ],
)
def test_working_age_with_birth_year_only_uses_integer_age(
    rs_id: str, sex: str, year: int, age: int, working: bool
) -> None:
    """With only a birth year, the integer age is compared with the (fractional) retirement age."""
    wa = BOOK.get(rs_id).working_age
    for ref in (dt.date(year, 1, 2), dt.date(year, 12, 31)):
        assert is_working_age(PartialDate(year - age), sex, ref, wa) is working


@pytest.mark.parametrize("rs_id", RULE_SETS)
@pytest.mark.parametrize("sex", ["nam", "nữ"])
@pytest.mark.parametrize(
    ("born", "turns_15"),
    [
        (P(2007, 5, 20), dt.date(2022, 5, 20)),
        (P(2012, 2, 29), dt.date(2027, 3, 1)),  # 29 Feb birthday: 1 March in a common year
    ],
)
def test_working_age_starts_on_15th_birthday(
    rs_id: str, sex: str, born: PartialDate, turns_15: dt.date
) -> None:
    """Working age starts on the 15th birthday, not the day before."""
    wa = BOOK.get(rs_id).working_age
    assert is_working_age(born, sex, turns_15 - dt.timedelta(days=1), wa) is False
    assert is_working_age(born, sex, turns_15, wa) is True


# --- classification ------------------------------------------------------------------------

# Copied from reference-rules.md: (rule set, area) -> (income line, average upper bound).
LINES = {
    ("VN-2022", RURAL): (1_500_000, 2_250_000),
    ("VN-2022", URBAN): (2_000_000, 3_000_000),
    ("VN-2027", RURAL): (2_200_000, None),
    ("VN-2027", URBAN): (2_800_000, None),
}
CUTOFFS = {RURAL: 140, URBAN: 175}  # VN-2022 only
HOUSEHOLD_CODES = ("4.1", "5.1", "5.2", "6.1")


def with_d(d: int, rs_id: str, area: str, **fields: Any) -> Household:
    """A household in ``area`` deprived in exactly ``d`` household-level indicators."""
    return hh(year=YEAR[rs_id], khu_vuc=area, **deprived_in(*HOUSEHOLD_CODES[:d]), **fields)


@pytest.mark.parametrize(("rs_id", "area"), list(LINES))
@pytest.mark.parametrize(
    ("offset", "d", "klass"),
    [
        (0, 0, NEAR),
        (0, 1, NEAR),
        (0, 2, NEAR),
        (0, 3, POOR),
        (0, 4, POOR),
        (-1, 2, NEAR),
        (-1, 3, POOR),
    ],
)
def test_income_at_or_below_line(rs_id: str, area: str, offset: int, d: int, klass: HouseholdClass) -> None:
    """Income on or below the line is poor with 3+ deprivations and near-poor with 0-2."""
    rs = BOOK.get(rs_id)
    line, upper = LINES[rs_id, area]
    c = classify(with_d(d, rs_id, area, thu_nhap_bq=line + offset), rs)
    assert c.klass is klass
    assert c.deprived == HOUSEHOLD_CODES[:d]
    assert (c.rule_set, c.line, c.upper, c.income, c.score_a) == (
        rs_id,
        line,
        upper,
        line + offset,
        None,
    )


@pytest.mark.parametrize(("rs_id", "area"), list(LINES))
@pytest.mark.parametrize("d", [0, 3, 4])
def test_income_zero_is_on_the_poor_side(rs_id: str, area: str, d: int) -> None:
    """An income of zero is at or below the line."""
    c = classify(with_d(d, rs_id, area, thu_nhap_bq=0), BOOK.get(rs_id))
    assert c.klass is (POOR if d >= 3 else NEAR)


@pytest.mark.parametrize(("rs_id", "area"), list(LINES))
@pytest.mark.parametrize("d", [0, 3, 12])
def test_one_dong_above_line(rs_id: str, area: str, d: int) -> None:
    """One đồng above the line is average under VN-2022 and not poor under VN-2027, whatever D is."""
    line, upper = LINES[rs_id, area]
    rs = BOOK.get(rs_id)
    if d == 12:
        h = replace(deprived_everywhere(YEAR[rs_id]), khu_vuc=area, thu_nhap_bq=line + 1)
    else:
        h = with_d(d, rs_id, area, thu_nhap_bq=line + 1)
    c = classify(h, rs)
    assert c.klass is (AVERAGE if upper is not None else NOT_POOR)
    assert len(c.deprived) == d


@pytest.mark.parametrize(("rs_id", "area"), [k for k, v in LINES.items() if v[1] is not None])
@pytest.mark.parametrize(("offset", "klass"), [(0, AVERAGE), (1, NOT_POOR)])
def test_average_upper_bound(rs_id: str, area: str, offset: int, klass: HouseholdClass) -> None:
    """Income exactly on the average upper bound is average; one đồng above is not poor."""
    _, upper = LINES[rs_id, area]
    assert upper is not None
    c = classify(with_d(3, rs_id, area, thu_nhap_bq=upper + offset), BOOK.get(rs_id))
    assert c.klass is klass


@pytest.mark.parametrize("area", [RURAL, URBAN])
def test_vn2027_has_no_average_band(area: str) -> None:
    """VN-2027 sets no average band: far above the line is still plain not poor, never average."""
    line, _ = LINES["VN-2027", area]
    rs = BOOK.get("VN-2027")
    assert rs.upper(area) is None
    for income in (line + 1, line * 3 // 2, 10 * line):
        assert classify(with_d(3, "VN-2027", area, thu_nhap_bq=income), rs).klass is NOT_POOR


@pytest.mark.parametrize("area", [RURAL, URBAN])
@pytest.mark.parametrize(
    ("offset", "d", "klass"),
    [
        (0, 3, POOR),
        (0, 4, POOR),
        (0, 2, NEAR),
        (0, 0, NEAR),
        (-1, 3, POOR),
        (1, 3, NOT_POOR),
        (1, 0, NOT_POOR),
    ],
)
def test_score_a_path(area: str, offset: int, d: int, klass: HouseholdClass) -> None:
    """Without income, score A at or below the cut-off plays the line; above it is not poor."""
    cutoff = CUTOFFS[area]
    rs = BOOK.get("VN-2022")
    c = classify(with_d(d, "VN-2022", area, thu_nhap_bq=None, diem_a=cutoff + offset), rs)
    assert c.klass is klass
    assert (c.income, c.score_a, c.rule_set) == (None, cutoff + offset, "VN-2022")
    assert c.inputs["diem_a"] == cutoff + offset


def test_income_takes_precedence_over_score_a() -> None:
    """When both are given, income decides and score A is not used."""
    rs = BOOK.get("VN-2022")
    h = with_d(3, "VN-2022", RURAL, thu_nhap_bq=1_500_001, diem_a=100)
    c = classify(h, rs)
    assert c.klass is AVERAGE
    assert (c.income, c.score_a) == (1_500_001, None)


@pytest.mark.parametrize("area", [RURAL, URBAN])
def test_vn2027_refuses_score_a_without_income(area: str) -> None:
    """VN-2027 has no score cut-off, so a household without an income figure is refused."""
    h = with_d(3, "VN-2027", area, thu_nhap_bq=None, diem_a=50)
    with pytest.raises(ValidationError) as err:
        classify(h, BOOK.get("VN-2027"))
    assert [p.field for p in err.value.errors] == ["thu_nhap_bq"]
    assert "VN-2027" in str(err.value)


@pytest.mark.parametrize("rs_id", RULE_SETS)
def test_refuses_household_without_income_or_score(rs_id: str) -> None:
    """A household with neither income nor score A is refused, not classified."""
    h = with_d(3, rs_id, RURAL, thu_nhap_bq=None, diem_a=None)
    with pytest.raises(ValidationError) as err:
        classify(h, BOOK.get(rs_id))
    assert [p.field for p in err.value.errors] == ["thu_nhap_bq"]


@pytest.mark.parametrize("rs_id", RULE_SETS)
def test_refuses_household_without_members(rs_id: str) -> None:
    """A household with no member rows cannot be classified (household size would be 0)."""
    with pytest.raises(ValidationError):
        classify(hh(roster=(), year=YEAR[rs_id]), BOOK.get(rs_id))


def reference_example(**fields: Any) -> Household:
    """The example of reference-rules.md: deprived in 1.2, 2.2, 4.1 and 5.2."""
    return hh(
        roster=(
            person(40, bhyt=False),  # 2.2
            person(38),
            person(10),
            person(8),
            person(70),  # 3 dependants of 5 -> 1.2
        ),
        **deprived_in("4.1", "5.2"),
        **fields,
    )


@pytest.mark.parametrize(
    ("rs_id", "h", "text"),
    [
        (
            "VN-2022",
            reference_example(thu_nhap_bq=1_450_000),
            "nghèo: thu nhập 1.450.000 ≤ 1.500.000; thiếu hụt 4 chỉ số: 1.2, 2.2, 4.1, 5.2",
        ),
        (
            "VN-2027",
            reference_example(thu_nhap_bq=2_200_000, year=2027),
            "nghèo: thu nhập 2.200.000 ≤ 2.200.000; thiếu hụt 4 chỉ số: 1.2, 2.2, 4.1, 5.2",
        ),
        (
            "VN-2022",
            with_d(0, "VN-2022", RURAL, thu_nhap_bq=1_500_000),
            "cận nghèo: thu nhập 1.500.000 ≤ 1.500.000; không thiếu hụt chỉ số nào",
        ),
        (
            "VN-2022",
            with_d(2, "VN-2022", URBAN, thu_nhap_bq=2_000_000),
            "cận nghèo: thu nhập 2.000.000 ≤ 2.000.000; thiếu hụt 2 chỉ số: 4.1, 5.1",
        ),
        (
            "VN-2022",
            with_d(3, "VN-2022", RURAL, thu_nhap_bq=1_500_001),
            "mức sống trung bình: 1.500.000 < thu nhập 1.500.001 ≤ 2.250.000",
        ),
        (
            "VN-2022",
            with_d(3, "VN-2022", URBAN, thu_nhap_bq=3_000_001),
            "không nghèo: thu nhập 3.000.001 > 3.000.000",
        ),
        (
            "VN-2027",
            with_d(3, "VN-2027", URBAN, thu_nhap_bq=2_800_001),
            "không nghèo: thu nhập 2.800.001 > 2.800.000",
        ),
        (
            "VN-2022",
            with_d(3, "VN-2022", RURAL, thu_nhap_bq=None, diem_a=140),
            "nghèo: điểm A 140 ≤ 140; điểm B 30 ≥ 30 (thiếu hụt 3 chỉ số: 4.1, 5.1, 5.2)",
        ),
        (
            "VN-2022",
            with_d(2, "VN-2022", URBAN, thu_nhap_bq=None, diem_a=175),
            "cận nghèo: điểm A 175 ≤ 175; điểm B 20 < 30 (thiếu hụt 2 chỉ số: 4.1, 5.1)",
        ),
        (
            "VN-2022",
            with_d(3, "VN-2022", RURAL, thu_nhap_bq=None, diem_a=141),
            "không nghèo: điểm A 141 > 140",
        ),
    ],
)
def test_explanation_text(rs_id: str, h: Household, text: str) -> None:
    """The stored explanation names the class, the comparison and the deprived codes exactly."""
    c = classify(h, BOOK.get(rs_id))
    assert c.explanation == text
    assert c.rule_set == rs_id


def test_classification_records_its_inputs() -> None:
    """A classification stores the rule set, area, size, survey date and income it used."""
    h = reference_example(thu_nhap_bq=1_450_000, khu_vuc=RURAL)
    c = classify(h, BOOK.get("VN-2022"))
    assert c.rule_set == "VN-2022"
    assert c.klass is POOR
    assert c.deprived == ("1.2", "2.2", "4.1", "5.2")
    assert c.inputs == {
        "khu_vuc": RURAL,
        "size": 5,
        "ngay_ra_soat": "2022-06-15",
        "thu_nhap_bq": 1_450_000,
    }
