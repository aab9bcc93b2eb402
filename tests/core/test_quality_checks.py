"""Consistency checks: each rule fires on its case (and only it), never on a clean household."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from povdesk.quality import CHECK_LABELS, CHECKS, QualityReport
from povdesk.quality.checks import DUPLICATE_CHECKS
from povdesk.quality.report import issue_key, parse_issue_key
from povdesk.workspace import Workspace
from tests.core.quality_builders import household, person, save

FAMILIES = [
    *("Trần", "Phạm", "Hoàng", "Đặng", "Dương", "Trương", "Huỳnh", "Quách", "Thái"),
    *("Triệu", "Khổng", "Đinh", "Kiều", "Châu", "Giáp", "Bạch", "Thạch", "Mạc"),
]


def _serial(family: str) -> str:
    return f"{FAMILIES.index(family) + 1 if family in FAMILIES else 0:04d}"


def _clean(family: str, **fields: Any) -> dict[str, Any]:
    """A consistent household: head, wife, grown son, schoolgirl; ID numbers that agree."""
    k = _serial(family)
    return household(
        "H000",
        [
            person(f"{family} Văn Chủ", "chủ hộ", "nam", "1970", pid=f"001070{k}01"),
            person(f"Nguyễn Thị {family}", "vợ", "nữ", "1972", pid=f"001172{k}02"),
            person(f"{family} Văn Lớn", "con", "nam", "1995", pid=f"001095{k}03"),
            person(f"{family} Thị Bé", "con", "nữ", "2012", pid=f"001312{k}04"),
        ],
        **fields,
    )


def _with(family: str, index: int, **changes: Any) -> dict[str, Any]:
    """The clean household of ``family`` with member ``index`` (0-based) changed; a changed
    birth date drops the member's ID number (it would no longer agree)."""
    raw = _clean(family)
    if "ngay_sinh" in changes:
        raw["thanh_vien"][index].pop("so_dinh_danh", None)
    raw["thanh_vien"][index].update(changes)
    return raw


def _add(family: str, *members: dict[str, Any], **fields: Any) -> dict[str, Any]:
    raw = _clean(family, **fields)
    for m in members:
        raw["thanh_vien"].append({**m, "stt": len(raw["thanh_vien"]) + 1})
    return raw


def _cases() -> dict[str, tuple[str, Any]]:
    """check code → (family name used, builder of the household that should raise it)."""
    f = iter(FAMILIES)
    cases: dict[str, tuple[str, Any]] = {}

    def case(code: str, build: Any) -> None:
        name = next(f)
        cases[code] = (name, lambda: build(name))

    case("head_under_15", lambda n: household("X", [person(f"{n} Văn Nhỏ", "chủ hộ", "nam", "2012")]))
    case("child_older_than_parent", lambda n: _with(n, 2, ngay_sinh="1965"))
    case("parent_child_gap", lambda n: _with(n, 2, ngay_sinh="1978"))
    case("spouse_age_gap", lambda n: _with(n, 1, ngay_sinh="1928"))
    case("several_spouses", lambda n: _add(n, person(f"Lại Thị {n}", "vợ", "nữ", "1975")))
    case("relation_sex", lambda n: _add(n, person(f"{n} Văn Mẹ", "mẹ", "nam", "1945")))
    case("id_mismatch", lambda n: _with(n, 0, so_dinh_danh=f"001170{_serial(n)}01"))
    case("id_format", lambda n: _with(n, 0, so_dinh_danh="123456789"))
    case(
        "id_repeated",
        lambda n: _add(n, person(f"{n} Văn Sinh", "anh chị em", "nam", "1970", pid=f"001070{_serial(n)}01")),
    )
    case("member_repeated", lambda n: _add(n, person(f"{n} Văn Lớn", "con", "nam", "1995")))
    case("school_age", lambda n: _with(n, 2, dang_di_hoc="có", ngay_sinh="1985"))
    case("floor_area", lambda n: _clean(n, dien_tich_nha=1500))
    case("income_zero_wage", lambda n: _with(n, 2, viec_lam="làm công có hợp đồng") | {"thu_nhap_bq": 0})
    case("age_over_110", lambda n: _add(n, person(f"{n} Thị Cụ", "bà", "nữ", "1910")))
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def checked(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Workspace, QualityReport, dict[str, int]]]:
    path = tmp_path_factory.mktemp("checks") / "checks.sqlite"
    with Workspace.open(path) as ws:
        ids = {"clean": save(ws, {**_clean("Nguyễn"), "ma_ho": "H000"})}
        for n, (code, (_, build)) in enumerate(CASES.items(), start=1):
            ids[code] = save(ws, {**build(), "ma_ho": f"H{n:03d}"})
        yield ws, ws.quality.run(year=2025), ids


def test_every_consistency_check_has_a_case() -> None:
    """The table of cases covers every consistency check (duplicates are tested elsewhere)."""
    assert set(CASES) == {c.code for c in CHECKS} - set(DUPLICATE_CHECKS)


def test_clean_household_raises_nothing(checked: tuple[Workspace, QualityReport, dict[str, int]]) -> None:
    """A consistent household has no issue, and no case household pairs with another."""
    ws, report, ids = checked
    assert ws.quality.issues(ids["clean"]) == []
    assert report.pairs == ()


@pytest.mark.parametrize("code", list(CASES))
def test_rule_fires_on_its_case_only(
    checked: tuple[Workspace, QualityReport, dict[str, int]], code: str
) -> None:
    """Each rule raises exactly its own warning, in Vietnamese, on its case household."""
    ws, report, ids = checked
    issues = ws.quality.issues(ids[code])
    assert {i.check for i in issues} == {code}, [i.message for i in issues]
    assert all(i.message and not i.accepted for i in issues)
    assert report.counts[code] == 1


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("head_under_15", "mới 13 tuổi (dưới 15)"),
        ("child_older_than_parent", "không nhỏ tuổi hơn chủ hộ"),
        ("spouse_age_gap", "chênh nhau 42 tuổi"),
        ("id_mismatch", "Giới tính theo số định danh là nữ"),
        ("id_format", "CMND 9 số"),
        ("floor_area", "1.500 m²"),
        ("school_age", "40 tuổi, ghi 'đang đi học'"),
        ("age_over_110", "115 tuổi"),
    ],
)
def test_messages_say_what_is_wrong(
    checked: tuple[Workspace, QualityReport, dict[str, int]], code: str, expected: str
) -> None:
    """Messages name the member and the values that are implausible."""
    ws, _, ids = checked
    assert any(expected in i.message for i in ws.quality.issues(ids[code]))


def test_child_older_than_each_parent_is_reported_per_parent(
    checked: tuple[Workspace, QualityReport, dict[str, int]],
) -> None:
    """A son older than both the head and the head's wife gives one warning per parent."""
    ws, _, ids = checked
    issues = ws.quality.issues(ids["child_older_than_parent"])
    assert sorted(i.members for i in issues) == [(1, 3), (2, 3)]


def test_has_issues_filter_lists_the_case_households(
    checked: tuple[Workspace, QualityReport, dict[str, int]],
) -> None:
    """The "has issues" filter (SQL over the cache) returns exactly the households with issues."""
    ws, report, ids = checked
    flagged = set(ws.quality.household_ids_with_issues(year=2025))
    assert flagged == {ids[c] for c in CASES}
    assert report.with_issues == len(CASES) and report.total == len(CASES) + 1


def test_labels_cover_every_check() -> None:
    """Every check has a Vietnamese label for the report."""
    assert all(CHECK_LABELS[c.code] for c in CHECKS)


@pytest.mark.parametrize("members", [(), (2,), (1, 3)])
def test_issue_keys_round_trip(members: tuple[int, ...]) -> None:
    """The key printed for an issue parses back to its household, check and members."""
    key = issue_key("12345", "H/07", 2025, "spouse_age_gap", members)
    assert parse_issue_key(key) == ("12345", "H/07", 2025, "spouse_age_gap", members)


@pytest.mark.parametrize("bad", ["", "12345/H1:x", "12345/H1/20x5:x", "12345/H1/2025:", "12345/H1/2025:c:a"])
def test_bad_issue_keys_are_refused(bad: str) -> None:
    """A malformed key is refused with a message, never guessed."""
    with pytest.raises(ValueError):
        parse_issue_key(bad)
