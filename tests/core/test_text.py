"""Tests for povdesk.text: Vietnamese text, numbers, dates, ID numbers and ethnic groups."""

from __future__ import annotations

import datetime as dt
import math
import random
import sys
import unicodedata
from pathlib import Path

import pytest

from povdesk import resources
from povdesk.text import (
    BIRTH_PROVINCE_CODES,
    IdCheck,
    PartialDate,
    canonical_tones,
    collation_key,
    ethnicity_code,
    ethnicity_name,
    fold_choice,
    format_date,
    format_date_long,
    format_number,
    given_name,
    name_sort_key,
    nfc,
    parse_birth,
    parse_date,
    parse_number,
    search_key,
    validate_person_id,
)


def nfd(s: str) -> str:
    """Decomposed form of ``s``, as files from macOS arrive."""
    return unicodedata.normalize("NFD", s)


# --- nfc --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (nfd("Nguyễn Thị Hường"), "Nguyễn Thị Hường"),
        ("  Hòa   Bình  ", "Hòa Bình"),
        ("Hòa\u00a0\tBình\n", "Hòa Bình"),
        ("\ufeffThôn\u200b 3", "Thôn 3"),
        ("\u202bXã\u202c Tân\u200e Lập\u2069", "Xã Tân Lập"),
        ("", ""),
    ],
)
def test_nfc_normalises_and_tidies(raw: str, expected: str) -> None:
    """nfc composes, drops invisible characters and collapses whitespace."""
    result = nfc(raw)
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize(
    "invisible",
    [
        0x200B,
        0x200C,
        0x200D,
        0xFEFF,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ],
)
def test_nfc_strips_every_listed_invisible_character(invisible: int) -> None:
    """Each zero-width or bidi character named in the contract is removed."""
    assert nfc(f"Hò{chr(invisible)}a") == "Hòa"


# --- canonical_tones -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("hoà", "hòa"),
        ("hoá", "hóa"),
        ("hoả", "hỏa"),
        ("hoã", "hõa"),
        ("hoạ", "họa"),
        ("khoẻ", "khỏe"),
        ("xoè", "xòe"),
        ("thuỷ", "thủy"),
        ("uỷ", "ủy"),
        ("nguỵ", "ngụy"),
        ("Hoá", "Hóa"),
        ("HOÀ", "HÒA"),
        ("CỘNG HOÀ XÃ HỘI", "CỘNG HÒA XÃ HỘI"),
        ("Thanh Hoá, Khánh Hoà", "Thanh Hóa, Khánh Hòa"),
        (nfd("Thuỷ khoẻ"), "Thủy khỏe"),
        ("hòa", "hòa"),
        ("hoàng", "hoàng"),
        ("toán", "toán"),
        ("hoại", "hoại"),
        ("khuyên", "khuyên"),
        ("thuyền", "thuyền"),
        ("khuỷu", "khuỷu"),
        ("quý", "quý"),
        ("quỳ", "quỳ"),
        ("Quỹ", "Quỹ"),
        ("hoa", "hoa"),
    ],
)
def test_canonical_tones(raw: str, expected: str) -> None:
    """Open oa/oe/uy syllables take the tone on the first vowel; other syllables are untouched."""
    assert canonical_tones(raw) == expected


# --- fold_choice --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Không Bền Chắc", "không bền chắc"),
        (nfd("không bền chắc"), "không bền chắc"),
        ("khoẻ", "khỏe"),
        ("  tự   hoại ", "tự hoại"),
        ("NỮ", "nữ"),
        ("THCS", "thcs"),
    ],
)
def test_fold_choice_equal(a: str, b: str) -> None:
    """Case, NFD, tone placement and spacing do not change the choice key."""
    assert fold_choice(a) == fold_choice(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("nữ", "nu"), ("bền chắc", "không bền chắc"), ("con", "cơn"), ("thấp còi", "thấp cói")],
)
def test_fold_choice_keeps_diacritics(a: str, b: str) -> None:
    """Different letters or tones stay different choices."""
    assert fold_choice(a) != fold_choice(b)


# --- search_key ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguyễn Văn Hoà", "nguyen van hoa"),
        ("Đặng Thị Thuỷ", "dang thi thuy"),
        (nfd("ĐINH  Thị   Ưng"), "dinh thi ung"),
        ("Thôn Đồng-Tâm, xã Ea H'leo!", "thon dong tam xa ea hleo"),
        ("Tổ dân phố số 5.", "to dan pho so 5"),
        ("“Bản” Nà Lừa (cũ)", "ban na lua cu"),
        ("", ""),
    ],
)
def test_search_key(raw: str, expected: str) -> None:
    """The loose key is lower-case ASCII-ish words without diacritics or punctuation."""
    assert search_key(raw) == expected


# --- collation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ordered",
    [
        ["An", "Ăn", "Ân", "Bình", "Dung", "Đào", "Êm"],
        ["Da", "Dà", "Dả", "Dã", "Dá", "Dạ", "Dai"],
        ["1 Hòa", "9", "a", "B", "c"],
        ["Ô", "Ơ", "Ph", "U", "Ư", "V"],
        ["An", "an Bình", "Anh"],
        ["Hòa", "Hóa", "Hoàn", "Hoán"],
        list("aăâbcdđeêghiklmnoôơpqrstuưvxy"),
    ],
)
def test_collation_order(ordered: list[str]) -> None:
    """sorted(..., key=collation_key) puts shuffled words back in Vietnamese order."""
    shuffled = ordered[::-1]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=collation_key) == ordered


@pytest.mark.parametrize(
    ("a", "b"),
    [("Hoà", "Hòa"), (nfd("Đặng"), "Đặng"), ("  Thủy ", "Thủy"), ("Thuỷ", "Thủy")],
)
def test_collation_key_ignores_form_and_tone_style(a: str, b: str) -> None:
    """NFD, spacing and old-style tone placement collate equal to the canonical text."""
    assert collation_key(a) == collation_key(b)


@pytest.mark.parametrize(("lower", "upper"), [("an", "An"), ("đào", "ĐÀO"), ("ư", "Ư")])
def test_collation_is_case_insensitive_before_tones(lower: str, upper: str) -> None:
    """Case only breaks ties: it never outranks a letter or tone difference."""
    assert collation_key(lower)[:2] == collation_key(upper)[:2]
    assert sorted([upper + "b", lower + "a"], key=collation_key) == [lower + "a", upper + "b"]


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [("Nguyễn Văn An", "An"), ("  Lê   Thị Hồng  Nhung ", "Nhung"), ("Bình", "Bình"), ("", "")],
)
def test_given_name(full_name: str, expected: str) -> None:
    """The given name is the last token of the tidied full name."""
    assert given_name(full_name) == expected


def test_name_sort_key_sorts_by_given_name_then_full_name() -> None:
    """People sort by given name in Vietnamese order, ties broken by the full name."""
    people = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An", "Phạm Đức", "Vũ Thị Ánh"]
    expected = ["Lê Văn An", "Nguyễn Thị An", "Vũ Thị Ánh", "Trần Văn Bình", "Phạm Đức"]
    assert sorted(people, key=name_sort_key) == expected


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "decimals", "expected"),
    [
        (1500000, 0, "1.500.000"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (0, 0, "0"),
        (-1500, 0, "-1.500"),
        (4.03, 2, "4,03"),
        (4.025, 2, "4,03"),
        (2.5, 0, "3"),
        (-2.5, 0, "-3"),
        (-0.4, 0, "0"),
        (1234.5, 1, "1.234,5"),
        (1234567.891, 2, "1.234.567,89"),
        (12, 2, "12,00"),
        (10**21, 0, "1.000.000.000.000.000.000.000"),
    ],
)
def test_format_number(n: int | float, decimals: int, expected: str) -> None:
    """Dots group thousands, a comma marks decimals, rounding is half-up on the written value."""
    assert format_number(n, decimals) == expected


@pytest.mark.parametrize(("n", "decimals"), [(math.nan, 0), (math.inf, 0), (1, -1)])
def test_format_number_rejects(n: float, decimals: int) -> None:
    """Non-finite values and negative decimals raise ValueError."""
    with pytest.raises(ValueError):
        format_number(n, decimals)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.500.000", 1500000),
        ("1500000", 1500000),
        ("1 500 000", 1500000),
        ("1\u00a0500\u00a0000", 1500000),
        ("1.500", 1500),
        ("12.345.678", 12345678),
        ("007", 7),
        ("-1.500", -1500),
        ("2,25", 2.25),
        ("1.500.000,5", 1500000.5),
        ("1 500,75", 1500.75),
        ("3,0", 3.0),
        ("2.5", 2.5),
        ("8.75", 8.75),
        ("1.5000", 1.5),
        ("1.500.000 đ", 1500000),
        ("1.500.000đ", 1500000),
        ("1.500.000 đồng", 1500000),
        ("2.000.000 VNĐ", 2000000),
        ("45 m2", 45),
        ("45,5m²", 45.5),
        ("  12  ", 12),
    ],
)
def test_parse_number(text: str, expected: int | float) -> None:
    """Vietnamese, plain and space-grouped numbers parse; int only when no decimals are written."""
    result = parse_number(text)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    "text",
    ["", "đ", "abc", "1,500,000", "1.50.000", "1234.500", "0.500", "2,5.1", ",5", "5,", "1.2.3"],
)
def test_parse_number_rejects_ambiguous_or_invalid(text: str) -> None:
    """Text that is not unambiguously a number raises ValueError with a Vietnamese message."""
    with pytest.raises(ValueError, match=r"Số|số"):
        parse_number(text)


@pytest.mark.parametrize("n", [0, 7, 1500, 1500000, -2500000, 123456789012])
def test_format_then_parse_round_trips(n: int) -> None:
    """An integer written by format_number reads back unchanged."""
    assert parse_number(format_number(n)) == n


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "short", "long"),
    [
        (dt.date(2026, 1, 5), "05/01/2026", "ngày 05 tháng 01 năm 2026"),
        (dt.date(2026, 2, 5), "05/02/2026", "ngày 05 tháng 02 năm 2026"),
        (dt.date(2026, 3, 15), "15/03/2026", "ngày 15 tháng 3 năm 2026"),
        (dt.date(2026, 11, 20), "20/11/2026", "ngày 20 tháng 11 năm 2026"),
        (dt.date(2026, 12, 9), "09/12/2026", "ngày 09 tháng 12 năm 2026"),
    ],
)
def test_format_dates(d: dt.date, short: str, long: str) -> None:
    """Table dates are dd/mm/yyyy; formal dates pad the day below 10 and months 1–2 only."""
    assert format_date(d) == short
    assert format_date_long(d) == long


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/01/2026", dt.date(2026, 1, 5)),
        ("5/1/2026", dt.date(2026, 1, 5)),
        ("05-01-2026", dt.date(2026, 1, 5)),
        ("05.01.2026", dt.date(2026, 1, 5)),
        ("2026-01-05", dt.date(2026, 1, 5)),
        (" 29/02/2024 ", dt.date(2024, 2, 29)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    """Day-first dates with /, - or . and ISO dates parse."""
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["31/02/2026", "29/02/2025", "05/13/2026", "5/1/26", "05/01-2026", "2026/01/05", ""]
)
def test_parse_date_rejects(text: str) -> None:
    """Impossible or malformed dates raise ValueError naming the value and the expected form."""
    with pytest.raises(ValueError, match=r"Ngày không hợp lệ: .*\(cần dạng dd/mm/yyyy\)"):
        parse_date(text)


@pytest.mark.parametrize(
    ("partial", "text", "full", "as_date"),
    [
        (PartialDate(1987, 1, 5), "05/01/1987", True, dt.date(1987, 1, 5)),
        (PartialDate(1987, 3), "03/1987", False, None),
        (PartialDate(1987), "1987", False, None),
    ],
)
def test_partial_date(partial: PartialDate, text: str, full: bool, as_date: dt.date | None) -> None:
    """A partial date prints what is known and converts to a date only when complete."""
    assert str(partial) == text
    assert partial.is_full is full
    assert partial.to_date() == as_date


def test_partial_date_from_date() -> None:
    """from_date builds a full partial date from a datetime.date."""
    assert PartialDate.from_date(dt.date(2000, 2, 29)) == PartialDate(2000, 2, 29)


@pytest.mark.parametrize(("year", "month", "day"), [(1987, None, 5), (1987, 13, None), (1987, 2, 30)])
def test_partial_date_rejects_impossible(year: int, month: int | None, day: int | None) -> None:
    """A day without a month, a month outside 1–12 or an impossible day raises ValueError."""
    with pytest.raises(ValueError):
        PartialDate(year, month, day)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1987", PartialDate(1987)),
        ("03/1987", PartialDate(1987, 3)),
        ("3/1987", PartialDate(1987, 3)),
        ("05/01/1987", PartialDate(1987, 1, 5)),
        ("1987-01-05", PartialDate(1987, 1, 5)),
        ("1880", PartialDate(1880)),
        ("2100", PartialDate(2100)),
    ],
)
def test_parse_birth(text: str, expected: PartialDate) -> None:
    """Birth dates may be a year, a month and year, or a full date."""
    assert parse_birth(text) == expected


@pytest.mark.parametrize("text", ["1879", "2101", "01/1879", "13/1987", "87", "31/02/1987", "x"])
def test_parse_birth_rejects(text: str) -> None:
    """Years outside 1880–2100 and malformed text raise ValueError with a Vietnamese message."""
    with pytest.raises(ValueError, match=r"sinh không hợp lệ"):
        parse_birth(text)


# --- personal ID --------------------------------------------------------------------------------


def test_birth_province_codes_are_the_63_old_provinces() -> None:
    """The prefix list holds 63 three-digit codes from 001 (Hà Nội) to 096 (Cà Mau)."""
    assert len(BIRTH_PROVINCE_CODES) == 63
    assert {"001", "031", "048", "079", "096"} <= BIRTH_PROVINCE_CODES
    assert not {"000", "003", "097", "099"} & BIRTH_PROVINCE_CODES


@pytest.mark.parametrize(
    ("text", "birth_year", "sex", "value"),
    [
        ("001087012345", None, None, "001087012345"),
        (" 001 087 012 345 ", None, None, "001087012345"),
        ("079187000001", 1987, "nữ", "079187000001"),
        ("096205000001", 2005, "Nam", "096205000001"),
        ("001305000001", 2005, nfd("NỮ"), "001305000001"),
        ("001087012345", None, "khác", "001087012345"),
    ],
)
def test_person_id_valid(text: str, birth_year: int | None, sex: str | None, value: str) -> None:
    """A consistent 12-digit ID passes without messages and keeps its leading zeros as text."""
    check = validate_person_id(text, birth_year=birth_year, sex=sex)
    assert check == IdCheck(value=value, ok=True, errors=(), warnings=())


def test_person_id_nine_digits_warns() -> None:
    """A legacy 9-digit CMND is accepted with a warning."""
    check = validate_person_id("012345678")
    assert check.ok and check.value == "012345678" and not check.errors
    assert len(check.warnings) == 1 and check.warnings[0].startswith("Số CMND 9 số cũ")


@pytest.mark.parametrize(
    ("text", "birth_year", "sex", "needle"),
    [
        ("099087012345", None, None, "'099'"),
        ("003087012345", None, None, "'003'"),
        ("001087012345", 1988, None, "1987"),
        ("001287012345", 1987, None, "2087"),
        ("001087012345", None, "nữ", "Giới tính"),
        ("001187012345", None, "nam", "Giới tính"),
    ],
)
def test_person_id_mismatch_warns(text: str, birth_year: int | None, sex: str | None, needle: str) -> None:
    """Unknown province prefixes and century/sex/year disagreements warn but never block."""
    check = validate_person_id(text, birth_year=birth_year, sex=sex)
    assert check.ok and not check.errors
    assert len(check.warnings) == 1 and needle in check.warnings[0]


def test_person_id_reports_both_year_and_sex_mismatch() -> None:
    """A female-1900s digit against a man born in 2001 gives one warning for each field."""
    check = validate_person_id("001101012345", birth_year=2001, sex="nam")
    assert check.ok
    assert [w.split(" ")[0] for w in check.warnings] == ["Năm", "Giới"]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("00108701234", "11"),
        ("0010870123456", "13"),
        ("12345", "5"),
        ("00108701234a", "chữ số"),
        ("001-087-012-345", "chữ số"),
        ("", "trống"),
    ],
)
def test_person_id_wrong_length_or_characters_is_an_error(text: str, needle: str) -> None:
    """Wrong lengths (the message says the length found) and non-digits are errors."""
    check = validate_person_id(text)
    assert not check.ok and not check.warnings
    assert len(check.errors) == 1 and needle in check.errors[0]


# --- ethnic groups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kinh", "01"),
        ("kinh", "01"),
        ("Việt", "01"),
        ("1", "01"),
        ("01", "01"),
        (" 8 ", "08"),
        ("Khơ-me", "05"),
        ("Khơ me", "05"),
        ("Khmer", "05"),
        ("HMông", "08"),
        ("H'Mông", "08"),
        ("H’Mông", "08"),
        ("Mông", "08"),
        ("Hmong", "08"),
        ("Ê-đê", "12"),
        ("Ê Đê", "12"),
        ("Ede", "12"),
        ("Ba Na", "13"),
        ("Bana", "13"),
        ("Gia Rai", "10"),
        ("Jrai", "10"),
        ("Xơ Đăng", "14"),
        ("Cơ Ho", "16"),
        ("Mnông", "20"),
        ("M'Nông", "20"),
        ("X'Tiêng", "22"),
        ("Xtiêng", "22"),
        ("Co Lao", "47"),
        ("Cờ Lao", "47"),
        ("Rơ Măm", "54"),
        ("Bru Vân Kiều", "23"),
        ("Vân Kiều", "23"),
        ("Khơ Mú", "29"),
        ("Tà Ôi", "31"),
        ("Pà Thẻn", "46"),
        ("Ơ Đu", "53"),
        ("Co", "30"),
        ("HàNhì", "35"),
        ("Xơđăng", "14"),
        ("Sán-Chay", "15"),
        ("Ba - na", "13"),
        ("Cơ-tu", "26"),
        (nfd("Mường"), "06"),
        ("dân tộc Tày", "02"),
        ("Người nước ngoài", "55"),
        ("55", "55"),
    ],
)
def test_ethnicity_code_accepts_aliases(text: str, code: str) -> None:
    """Names match whatever the case, diacritics, spacing, hyphens or apostrophes; codes pad."""
    assert ethnicity_code(text) == code


@pytest.mark.parametrize("text", ["", "Xyz", "0", "00", "56", "99", "123", "Kinhh"])
def test_ethnicity_code_rejects(text: str) -> None:
    """Unknown names and codes raise ValueError with a short Vietnamese message."""
    with pytest.raises(ValueError, match="dân tộc") as info:
        ethnicity_code(text)
    assert len(str(info.value)) < 200


@pytest.mark.parametrize(
    ("code", "name"),
    [("01", "Kinh"), ("1", "Kinh"), ("05", "Khơ-me"), ("08", "Mông"), ("54", "Rơ-măm")],
)
def test_ethnicity_name(code: str, name: str) -> None:
    """A code (padded or not) gives the official name."""
    assert ethnicity_name(code) == name


@pytest.mark.parametrize("code", ["", "Kinh", "56", "001"])
def test_ethnicity_name_rejects(code: str) -> None:
    """Anything but a known 1–2 digit code raises ValueError."""
    with pytest.raises(ValueError, match="Mã dân tộc"):
        ethnicity_name(code)


def test_ethnicity_table_has_54_groups_and_foreigners() -> None:
    """Codes 01–55 all exist and every official name maps back to its own code."""
    for number in range(1, 56):
        code = f"{number:02d}"
        assert ethnicity_code(ethnicity_name(code)) == code


# --- resources ----------------------------------------------------------------------------------


def test_resource_path_finds_shipped_files() -> None:
    """From a checkout, resource_path points into the project's resources folder."""
    path = resources.resource_path("ethnicities.toml")
    assert path.is_file()
    assert path.parent.name == "resources"


def test_resource_path_honours_pyinstaller(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """When frozen, resources are looked up under sys._MEIPASS."""
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_path("a", "b.toml") == tmp_path / "resources" / "a" / "b.toml"
