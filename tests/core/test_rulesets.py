"""Tests for povdesk.rules.ruleset: the shipped rule sets, selection by year, override folders.

Expected numbers are copied from shared/domain/reference-rules.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from builders import deprived_in, hh

from povdesk.domain import RURAL, URBAN, HouseholdClass
from povdesk.errors import NoRuleSet
from povdesk.resources import resource_path
from povdesk.rules import RuleBook, RuleSetError, classify, deprivations

SHIPPED = resource_path("rulesets")


def shipped_text(rs_id: str) -> str:
    return (SHIPPED / f"{rs_id}.toml").read_text(encoding="utf-8")


def edited(rs_id: str, old: str, new: str) -> str:
    """The shipped file of ``rs_id`` with the single occurrence of ``old`` replaced by ``new``."""
    text = shipped_text(rs_id)
    assert text.count(old) == 1, old
    return text.replace(old, new)


# --- selection by review year ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "rs_id"),
    [(2022, "VN-2022"), (2024, "VN-2022"), (2026, "VN-2022"), (2027, "VN-2027"), (2030, "VN-2027")],
)
def test_rule_set_for_year(year: int, rs_id: str) -> None:
    """Each review year 2022-2030 is governed by the rule set the reference table names."""
    rs = RuleBook.load().for_year(year)
    assert rs.id == rs_id
    assert rs.governs(year)


@pytest.mark.parametrize("year", [2000, 2021, 2031, 2035])
def test_year_without_rule_set_is_refused(year: int) -> None:
    """A review year outside every rule set is refused with a message naming the year."""
    with pytest.raises(NoRuleSet) as err:
        RuleBook.load().for_year(year)
    assert str(year) in str(err.value)


def test_unknown_rule_set_id_is_refused() -> None:
    """Asking for a rule set by an unknown id raises NoRuleSet, not KeyError."""
    with pytest.raises(NoRuleSet):
        RuleBook.load().get("VN-2017")


# --- the shipped data matches the reference -------------------------------------------------


@pytest.mark.parametrize(
    ("rs_id", "years", "line", "upper", "cutoff"),
    [
        (
            "VN-2022",
            (2022, 2026),
            {RURAL: 1_500_000, URBAN: 2_000_000},
            {RURAL: 2_250_000, URBAN: 3_000_000},
            {RURAL: 140, URBAN: 175},
        ),
        (
            "VN-2027",
            (2027, 2030),
            {RURAL: 2_200_000, URBAN: 2_800_000},
            {RURAL: None, URBAN: None},
            {RURAL: None, URBAN: None},
        ),
    ],
)
def test_shipped_rule_set_numbers(
    rs_id: str,
    years: tuple[int, int],
    line: dict[str, int],
    upper: dict[str, int | None],
    cutoff: dict[str, int | None],
) -> None:
    """Years, income lines, average bounds, score cut-offs and D >= 3 are those of the reference."""
    rs = RuleBook.load().get(rs_id)
    assert (rs.first_year, rs.last_year) == years
    assert rs.poor_min_deprivations == 3
    for area in (RURAL, URBAN):
        assert rs.line(area) == line[area]
        assert rs.upper(area) == upper[area]
        assert rs.cutoff(area) == cutoff[area]


@pytest.mark.parametrize(
    ("rs_id", "codes"),
    [
        ("VN-2022", ("1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2", "6.1", "6.2")),
        ("VN-2027", ("1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2", "5.3", "6.1")),
    ],
)
def test_shipped_indicator_codes(rs_id: str, codes: tuple[str, ...]) -> None:
    """Both rule sets have twelve indicators; VN-2027 drops 6.2 and adds 5.3."""
    assert RuleBook.load().get(rs_id).indicator_codes == codes


@pytest.mark.parametrize("area", ["miền núi", "thanh thi", ""])
def test_unknown_area_is_refused(area: str) -> None:
    """Only the canonical areas nông thôn / thành thị select a line; anything else is an error."""
    rs = RuleBook.load().get("VN-2022")
    with pytest.raises(ValueError):
        rs.line(area)


@pytest.mark.parametrize("rs_id", ["VN-2022", "VN-2027"])
@pytest.mark.parametrize(
    ("year", "male", "female"),
    [
        (2022, 726, 668),  # 60y6m, 55y8m
        (2023, 729, 672),
        (2024, 732, 676),
        (2025, 735, 680),
        (2026, 738, 684),
        (2027, 741, 688),
        (2028, 744, 692),  # men reach the 62-year cap
        (2029, 744, 696),
        (2030, 744, 700),
        (2034, 744, 716),
        (2035, 744, 720),  # women reach the 60-year cap
        (2040, 744, 720),
    ],
)
def test_retirement_schedule(rs_id: str, year: int, male: int, female: int) -> None:
    """Retirement age in months: men 60.5 in 2022 +0.25/year capped at 62; women 55⅔ +⅓ to 60."""
    wa = RuleBook.load().get(rs_id).working_age
    assert wa.min_age == 15
    assert wa.retirement_months(year, "nam") == male
    assert wa.retirement_months(year, "nữ") == female


# --- rule sets are data: override folders ---------------------------------------------------


def test_override_income_line_changes_classification(tmp_path: Path) -> None:
    """A province's copy of VN-2022 with a higher rural line replaces the shipped one."""
    (tmp_path / "VN-2022.toml").write_text(
        edited("VN-2022", "rural = 1_500_000", "rural = 1_600_000"), encoding="utf-8"
    )
    h = hh(thu_nhap_bq=1_550_000, **deprived_in("4.1", "5.1", "5.2"))
    shipped = RuleBook.load().for_year(2022)
    province = RuleBook.load(tmp_path).for_year(2022)
    assert classify(h, shipped).klass is HouseholdClass.AVERAGE
    assert province.source == tmp_path / "VN-2022.toml"
    assert province.line(RURAL) == 1_600_000
    assert classify(h, province).klass is HouseholdClass.POOR
    assert classify(h, province).explanation.startswith("nghèo: thu nhập 1.550.000 ≤ 1.600.000")


def test_override_keeps_other_rule_sets(tmp_path: Path) -> None:
    """Overriding one rule set leaves the other shipped rule sets in the book."""
    (tmp_path / "VN-2022.toml").write_text(
        edited("VN-2022", "rural = 1_500_000", "rural = 1_600_000"), encoding="utf-8"
    )
    book = RuleBook.load(tmp_path)
    assert [rs.id for rs in book] == ["VN-2022", "VN-2027"]
    assert book.for_year(2027).source == SHIPPED / "VN-2027.toml"


def test_override_by_id_not_file_name(tmp_path: Path) -> None:
    """A file with any name whose id is VN-2027 replaces the shipped VN-2027."""
    (tmp_path / "phu-luc-tinh.toml").write_text(
        edited("VN-2027", "urban = 2_800_000", "urban = 2_900_000"), encoding="utf-8"
    )
    rs = RuleBook.load(tmp_path).for_year(2027)
    assert rs.line(URBAN) == 2_900_000
    assert rs.source.name == "phu-luc-tinh.toml"


@pytest.mark.parametrize("rs_id", ["VN-2022", "VN-2027"])
def test_override_indicator_parameter_changes_deprivation(tmp_path: Path, rs_id: str) -> None:
    """Indicator thresholds are data too: raising the 4.2 limit to 10 m² deprives 9 m²/person."""
    (tmp_path / f"{rs_id}.toml").write_text(edited(rs_id, "limit = 8 ", "limit = 10 "), encoding="utf-8")
    year = RuleBook.load().get(rs_id).first_year
    h = hh(dien_tich_nha=36.0, year=year)  # 4 members, 9 m² each
    assert deprivations(h, RuleBook.load().for_year(year)) == ()
    assert deprivations(h, RuleBook.load(tmp_path).for_year(year)) == ("4.2",)


def test_missing_override_folder_is_ignored(tmp_path: Path) -> None:
    """An override folder that does not exist leaves the shipped rule sets."""
    book = RuleBook.load(tmp_path / "khong-co")
    assert [rs.id for rs in book] == ["VN-2022", "VN-2027"]


Edit = Callable[[], str]

# (defect, file text, a fragment the message must also contain: the key or value at fault)
MALFORMED: list[tuple[str, Edit, str]] = [
    ("not-toml", lambda: shipped_text("VN-2022") + "\nđây không phải TOML ===\n", ""),
    ("no-id", lambda: edited("VN-2022", 'id = "VN-2022"\n', ""), "id"),
    ("no-urban-line", lambda: edited("VN-2022", "urban = 2_000_000", ""), "income_line"),
    (
        "extra-area",
        lambda: edited("VN-2022", "urban = 2_000_000", "urban = 2\nmountain = 3"),
        "income_line",
    ),
    ("text-line", lambda: edited("VN-2022", "rural = 1_500_000", 'rural = "nhiều"'), "nhiều"),
    ("no-indicators", lambda: shipped_text("VN-2022").split("[[indicators]]")[0], "indicators"),
    (
        "unknown-test",
        lambda: edited("VN-2022", '"per_person_below"', '"per_person_under"'),
        "per_person_under",
    ),
    ("indicator-no-code", lambda: edited("VN-2022", 'code = "6.2"\n', ""), "code"),
    (
        "indicator-no-test",
        lambda: edited("VN-2022", 'test = "household_list_none_of"\n', ""),
        "test",
    ),
    ("duplicate-code", lambda: edited("VN-2022", 'code = "6.2"', 'code = "6.1"'), ""),
    ("working-age-typo", lambda: edited("VN-2022", "min_age = 15", "min_age_x = 15"), "min_age_x"),
    ("no-retirement", lambda: edited("VN-2022", "male_cap_months = 744", ""), "male_cap_months"),
    ("indicator-no-share", lambda: edited("VN-2022", "share = 0.5", ""), "share"),
    ("indicator-no-limit", lambda: edited("VN-2027", "limit = 8", ""), "limit"),
    ("indicator-no-values", lambda: edited("VN-2027", 'values = ["không xử lý"]', ""), "values"),
    (
        "indicator-no-studying",
        lambda: edited("VN-2022", 'studying_field = "dang_di_hoc"', ""),
        "studying_field",
    ),
    (
        "band-no-levels",
        lambda: edited("VN-2027", 'deprived_levels = ["chưa đi học", "tiểu học"]  ', "# (levels removed)"),
        "deprived_levels",
    ),
    (
        "field-typo",
        lambda: edited("VN-2022", 'field = "nguon_nuoc"', 'field = "nguon_nuoc_chinh"'),
        "nguon_nuoc_chinh",
    ),
    ("member-field-typo", lambda: edited("VN-2027", 'field = "bhyt"', 'field = "bao_hiem"'), "bao_hiem"),
    (
        "household-field-for-member",
        lambda: edited("VN-2022", 'field = "bhyt"', 'field = "mai"'),
        "mai",
    ),
]


@pytest.mark.parametrize(("defect", "text", "fragment"), [pytest.param(*m, id=m[0]) for m in MALFORMED])
def test_malformed_file_is_refused_naming_it(tmp_path: Path, defect: str, text: Edit, fragment: str) -> None:
    """A malformed rule-set file is refused on loading with a RuleSetError naming the file."""
    (tmp_path / "tinh-sua.toml").write_text(text(), encoding="utf-8")
    with pytest.raises(RuleSetError) as err:
        RuleBook.load(tmp_path)
    assert "tinh-sua.toml" in str(err.value), defect
    assert fragment in str(err.value), defect


def test_overlapping_years_are_refused(tmp_path: Path) -> None:
    """Two rule sets that govern the same year are refused (no silent choice of standard)."""
    text = edited("VN-2027", 'id = "VN-2027"', 'id = "VN-2026-tinh"')
    text = text.replace("first_year = 2027", "first_year = 2026")
    (tmp_path / "tinh.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleSetError) as err:
        RuleBook.load(tmp_path)
    assert "VN-2022" in str(err.value)
    assert "VN-2026-tinh" in str(err.value)


def test_extending_years_with_new_rule_set(tmp_path: Path) -> None:
    """A new rule-set file for 2031 makes 2031 classifiable without code changes."""
    text = edited("VN-2027", 'id = "VN-2027"', 'id = "VN-2031"')
    text = text.replace("first_year = 2027", "first_year = 2031")
    text = text.replace("last_year = 2030", "last_year = 2035")
    (tmp_path / "VN-2031.toml").write_text(text, encoding="utf-8")
    assert RuleBook.load(tmp_path).for_year(2031).id == "VN-2031"
